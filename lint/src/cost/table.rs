//! One row per call site for the cost reports (`llmlint calls` text table and the HTML
//! page), and the text table.

use super::{CostEstimate, format_usd, latency};

/// What the cost reports show about one call site.
#[derive(Debug, Clone, PartialEq)]
pub struct CostRow {
    /// Path as shown to the user (relative when under the current directory).
    pub path: String,
    pub line: u32,
    pub sdk: String,
    /// Model as written, `None` when not recovered.
    pub model: Option<String>,
    /// Task name (`regex`, `generative`, ...).
    pub task: String,
    pub subtype: Option<String>,
    /// Rule code when flagged (`LLM101`).
    pub rule: Option<String>,
    /// True when a rule flags the call (a deterministic task llmlint would replace).
    pub flagged: bool,
    /// The rendered prompt (`{name}` for holes), `None` when nothing was recovered.
    pub prompt: Option<String>,
    pub cost: CostEstimate,
}

impl CostRow {
    pub fn usd_per_month(&self) -> Option<f64> {
        self.cost.usd_per_month
    }
    /// "path:line".
    pub fn location(&self) -> String {
        format!("{}:{}", self.path, self.line)
    }
}

/// Totals over the rows.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    /// Sum of `usd_per_month` over rows with a price.
    pub usd_per_month: f64,
    /// Sum over flagged rows: what replacing every flagged call saves.
    pub saving_per_month: f64,
    pub calls: usize,
    pub flagged: usize,
    /// Rows without a price (unknown model with no override).
    pub unpriced: usize,
}

pub fn totals(rows: &[CostRow]) -> Totals {
    let mut t = Totals {
        calls: rows.len(),
        ..Totals::default()
    };
    for r in rows {
        if r.flagged {
            t.flagged += 1;
        }
        match r.usd_per_month() {
            Some(u) => {
                t.usd_per_month += u;
                if r.flagged {
                    t.saving_per_month += u;
                }
            }
            None => t.unpriced += 1,
        }
    }
    t
}

/// Row order of the reports: dearest first, unpriced last, then by location.
pub fn sorted(rows: &[CostRow]) -> Vec<&CostRow> {
    let mut v: Vec<&CostRow> = rows.iter().collect();
    v.sort_by(|a, b| {
        let ka = a.usd_per_month().unwrap_or(-1.0);
        let kb = b.usd_per_month().unwrap_or(-1.0);
        kb.total_cmp(&ka)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.line.cmp(&b.line))
    });
    v
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Keeps the end of `s` (a location keeps its file name and line number).
fn truncate_start(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        s.to_string()
    } else {
        let tail: String = s.chars().skip(count - n.saturating_sub(1)).collect();
        format!("…{tail}")
    }
}

/// The text table of `llmlint calls`: rows sorted by monthly cost, totals, and the saving
/// if every flagged call were replaced.
pub fn render_cost_table(rows: &[CostRow], snapshot: &str, calls_per_day: f64) -> String {
    let header = [
        "location",
        "sdk",
        "model",
        "task",
        "$/1M calls",
        "$/month",
        "latency",
        "",
        "prompt",
    ];
    let mut table: Vec<[String; 9]> = Vec::new();
    for r in sorted(rows) {
        let c = &r.cost;
        let model = match (&r.model, c.model_assumed) {
            (Some(m), _) => m.clone(),
            (None, _) => format!("{}?", c.model),
        };
        let task = match &r.subtype {
            Some(s) => s.clone(),
            None => r.task.clone(),
        };
        let mut note = Vec::new();
        if r.flagged {
            note.push(r.rule.clone().unwrap_or_else(|| "flagged".to_string()));
        }
        if let Some(m) = c.multiplier {
            note.push(m.to_string());
        }
        if c.reasoning_model {
            note.push("reasoning".to_string());
        }
        let prompt = match &r.prompt {
            Some(p) => p.split_whitespace().collect::<Vec<_>>().join(" "),
            None => "(prompt not recovered)".to_string(),
        };
        table.push([
            truncate_start(&r.location(), 48),
            truncate(&r.sdk, 16),
            truncate(&model, 28),
            truncate(&task, 22),
            c.usd_per_million_calls.map_or("-".to_string(), format_usd),
            c.usd_per_month.map_or("-".to_string(), format_usd),
            c.latency_ms.map_or("-".to_string(), latency::human_ms),
            note.join(" "),
            truncate(&prompt, 50),
        ]);
    }
    let mut widths = header.map(|h| h.chars().count());
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let right = [false, false, false, false, true, true, true, false, false];
    let fmt_row = |cells: &[String]| -> String {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i > 0 {
                line.push_str("  ");
            }
            if right[i] {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if i + 1 < cells.len() {
                    line.push_str(&" ".repeat(pad));
                }
            }
        }
        line.trim_end().to_string()
    };
    let mut out = String::new();
    out.push_str(&fmt_row(&header.map(String::from)));
    out.push('\n');
    for row in &table {
        out.push_str(&fmt_row(row));
        out.push('\n');
    }
    let t = totals(rows);
    out.push('\n');
    out.push_str(&format!(
        "{} call{}, {} flagged: ~{}/month at {} runs/day",
        t.calls,
        if t.calls == 1 { "" } else { "s" },
        t.flagged,
        format_usd(t.usd_per_month),
        calls_per_day
    ));
    if t.unpriced > 0 {
        out.push_str(&format!(" ({} without a price)", t.unpriced));
    }
    out.push('\n');
    out.push_str(&format!(
        "replacing every flagged call saves ~{}/month\n",
        format_usd(t.saving_per_month)
    ));
    out.push_str(&format!("prices: {snapshot}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_locations_keep_file_and_line() {
        let loc = "fixtures/rules/LLM111/extracts_version_numbers.py:123";
        let t = truncate_start(loc, 48);
        assert_eq!(t.chars().count(), 48);
        assert!(t.starts_with('…') && t.ends_with("extracts_version_numbers.py:123"));
        assert_eq!(truncate_start("a.py:1", 48), "a.py:1");
        assert_eq!(truncate("claude-3-5-sonnet", 8), "claude-…");
    }
}
