//! One rule per file. Each file holds the rule's doc, its metadata (`RULE`) and its check.

use crate::registry::RuleInfo;

pub mod llm501_call_in_loop;
pub mod llm502_unbounded_short_answer;
pub mod llm503_premium_model_for_deterministic_task;

/// Every rule; kept in code order.
pub static ALL: &[&RuleInfo] = &[
    &llm501_call_in_loop::RULE,
    &llm502_unbounded_short_answer::RULE,
    &llm503_premium_model_for_deterministic_task::RULE,
];
