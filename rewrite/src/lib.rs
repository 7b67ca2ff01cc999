//! llmlint-rewrite: what deterministic code replaces an LLM call, the code generators for
//! Python and Rust, and the fix model (`Edit`, `Fix`, `Applicability`).

pub mod fix;
// `gen` is a reserved keyword in edition 2024, hence the raw identifier.
pub mod r#gen;

pub use fix::{Applicability, Edit, Fix};
pub mod spec;

pub use r#gen::{GenContext, GenError, Generated, generate};
pub use spec::*;
