//! One rule per file. Each file holds the rule's doc, its metadata (`RULE`) and its check.

use crate::registry::RuleInfo;

/// Every rule; kept in code order.
pub static ALL: &[&RuleInfo] = &[];
