//! `--statistics`: how many findings each rule produced, most frequent first.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::diagnostic::Diagnostic;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleStatistic {
    pub code: String,
    pub name: String,
    pub count: usize,
    /// Findings whose fix `--fix` would apply (with `--unsafe-fixes`: unsafe ones too).
    pub fixable: usize,
}

/// Count per rule; ordered by count (descending), then code.
pub fn statistics(diags: &[Diagnostic], unsafe_fixes: bool) -> Vec<RuleStatistic> {
    let mut by_code: BTreeMap<&str, RuleStatistic> = BTreeMap::new();
    for d in diags {
        let e = by_code
            .entry(d.code.as_str())
            .or_insert_with(|| RuleStatistic {
                code: d.code.clone(),
                name: d.name.clone(),
                count: 0,
                fixable: 0,
            });
        e.count += 1;
        if d.applicable_fix(unsafe_fixes).is_some() {
            e.fixable += 1;
        }
    }
    let mut out: Vec<RuleStatistic> = by_code.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    out
}

/// Text table: `  12  LLM301  llm-validates-json  (4 fixable)`.
pub fn render_text(stats: &[RuleStatistic]) -> String {
    let count_w = stats
        .iter()
        .map(|s| s.count.to_string().len())
        .max()
        .unwrap_or(1)
        .max(4);
    let code_w = stats.iter().map(|s| s.code.len()).max().unwrap_or(6);
    let mut out = String::new();
    for s in stats {
        let _ = write!(
            out,
            "{:>count_w$}  {:<code_w$}  {}",
            s.count, s.code, s.name
        );
        if s.fixable > 0 {
            let _ = write!(out, "  ({} fixable)", s.fixable);
        }
        out.push('\n');
    }
    out
}

/// JSON array of `{code, name, count, fixable}`.
pub fn render_json(stats: &[RuleStatistic]) -> String {
    let mut out = serde_json::to_string_pretty(stats).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}
