//! llmlint-rewrite: what deterministic code replaces an LLM call, the code generators for
//! Python and Rust, and the fix model (`Edit`, `Fix`, `Applicability`).

pub mod fix;

pub use fix::{Applicability, Edit, Fix};
pub mod spec;

pub use spec::*;
