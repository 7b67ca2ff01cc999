//! The central code table: every rule's code, name, summary and doc.
//!
//! Each rule lives in its own file under `rules/src/rules/` and exposes a `RULE: RuleInfo`
//! constant; this table lists them all. A code is never reused.

use crate::model::Task;

/// Static metadata of one rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleInfo {
    /// `LLM301`.
    pub code: &'static str,
    /// Kebab-case, says what is found: `llm-validates-json`.
    pub name: &'static str,
    /// One line, lower-case start, no trailing period.
    pub summary: &'static str,
    /// Markdown with the fixed headings: What it does, Why is this bad?, Example,
    /// Use instead, Fix safety.
    pub doc: &'static str,
    /// The task a flagged call has (None for cost-hygiene and meta rules).
    pub task: Option<Task>,
    /// The subtype this rule reports (None for cost-hygiene and meta rules).
    pub subtype: Option<&'static str>,
    pub default_enabled: bool,
}

/// Every rule, ordered by code.
pub fn all_rules() -> Vec<&'static RuleInfo> {
    let mut v: Vec<&'static RuleInfo> = crate::rules::ALL.to_vec();
    v.sort_by_key(|r| r.code);
    v
}

pub fn rule_by_code(code: &str) -> Option<&'static RuleInfo> {
    crate::rules::ALL
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

pub fn rule_by_subtype(subtype: &str) -> Option<&'static RuleInfo> {
    crate::rules::ALL
        .iter()
        .copied()
        .find(|r| r.subtype == Some(subtype))
}
