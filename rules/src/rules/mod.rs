//! One rule per file. Each file holds the rule's doc, its metadata (`RULE`) and its check.

use crate::registry::RuleInfo;

pub mod llm901_unused_suppression;
pub mod llm902_unparsable_file;

/// Every rule; kept in code order.
pub static ALL: &[&RuleInfo] = &[
    &llm901_unused_suppression::RULE,
    &llm902_unparsable_file::RULE,
];
