//! Replacement specs: what deterministic code replaces an LLM call. The rules crate picks a
//! spec for each flagged call; the generators turn a spec into Python or Rust code.

use serde::Serialize;

pub mod formula;
mod lookup;
mod pattern;
mod transform;
mod validate;

pub use lookup::*;
pub use pattern::*;
pub use transform::*;
pub use validate::*;

/// The language code is generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetLanguage {
    Python,
    Rust,
}

/// What replaces the call.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReplacementSpec {
    /// Every match of a pattern, in order (a list of strings).
    FindAll { pattern: Pattern },
    /// The first match, or none.
    FindFirst { pattern: Pattern },
    /// Whether the text contains a match (a bool).
    Contains { pattern: Pattern },
    /// Whether the whole input is valid (a bool).
    Validate { validator: Validator },
    /// Map a key to a value from a closed table.
    Lookup { lookup: Lookup },
    /// Turn one input into one output by a fixed rule.
    Transform { transform: Transform },
}
