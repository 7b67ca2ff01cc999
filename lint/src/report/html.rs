//! The HTML report of `llmlint calls --output-format html`: one self-contained page (inline
//! CSS and SVG, no external fetch) with totals, a bar chart of estimated monthly cost per
//! call site (flagged vs genuine), the inventory table and the price snapshot.
//!
//! The page is written XHTML-compatible (every element closed, no named entities) so an
//! XML parser reads it; tests rely on that.

use crate::cost::latency::human_ms;
use crate::cost::table::{sorted, totals};
use crate::cost::{CostRow, format_usd};

/// One row of the report: the cost reports' row type.
pub type HtmlRow = CostRow;

/// What the page says besides the rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HtmlSummary {
    /// The price snapshot (`PriceBook::snapshot`).
    pub snapshot: String,
    pub calls_per_day: f64,
    pub files_scanned: usize,
    /// Tokens assumed per prompt hole.
    pub hole_tokens: u64,
    /// What was scanned, for the title ("./src").
    pub scanned: Option<String>,
}

/// Bars drawn in the chart; the table lists every call.
const MAX_BARS: usize = 40;
const PROMPT_EXCERPT: usize = 140;

/// Escapes text for element content and attribute values; drops characters XML forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn excerpt(s: &str, n: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        flat
    } else {
        let mut t: String = flat.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        s.to_string()
    } else {
        let t: String = s.chars().skip(count - (n - 1)).collect();
        format!("…{t}")
    }
}

/// The directory every path shares (`/work/repo/src/`), so the page can show the rest
/// only; empty when they share none.
fn common_dir<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut it = paths.into_iter();
    let Some(first) = it.next() else {
        return String::new();
    };
    // Directory part of the first path, including its trailing slash.
    let mut prefix = match first.rfind('/') {
        Some(i) => &first[..=i],
        None => return String::new(),
    };
    for p in it {
        while !p.starts_with(prefix) {
            match prefix[..prefix.len() - 1].rfind('/') {
                Some(i) => prefix = &prefix[..=i],
                None => return String::new(),
            }
        }
    }
    prefix.to_string()
}

const CSS: &str = r#"
:root { --flag: #d9480f; --flag-soft: #fff0e6; --gen: #1c7ed6; --gen-soft: #e7f5ff;
        --ink: #212529; --muted: #6c757d; --line: #dee2e6; --bg: #f8f9fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--bg); }
main { max-width: 1280px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 32px 0 12px; }
.sub { color: var(--muted); margin: 0 0 20px; }
.cards { display: flex; gap: 16px; flex-wrap: wrap; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px;
        min-width: 200px; flex: 1; }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .v { font-size: 24px; font-weight: 600; margin-top: 2px; }
.card.save .v { color: var(--flag); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; }
.legend { display: flex; gap: 18px; color: var(--muted); font-size: 12px; margin-bottom: 8px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px;
            vertical-align: -1px; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: var(--ink); }
svg text.val { fill: var(--muted); }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line);
        border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f1f3f5; font-size: 12px; color: #495057; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nw { white-space: nowrap; }
.scroll { overflow-x: auto; }
td.loc { white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
tr.flagged td:first-child { box-shadow: inset 3px 0 0 var(--flag); }
tr.genuine td:first-child { box-shadow: inset 3px 0 0 var(--gen); }
td.model { overflow-wrap: anywhere; min-width: 9em; max-width: 16em; }
td.model .sdk { color: var(--muted); font-size: 12px; }
td.prompt { min-width: 20em; }
code.prompt { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: #495057;
              white-space: pre-wrap; word-break: break-word; }
.badge { display: inline-block; font-size: 11px; padding: 1px 6px; border-radius: 10px; margin-left: 4px;
         white-space: nowrap; }
.badge.flag { background: var(--flag-soft); color: var(--flag); }
.badge.gen { background: var(--gen-soft); color: var(--gen); }
.badge.note { background: #f1f3f5; color: #495057; }
.muted { color: var(--muted); }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
"#;

/// Renders the page.
pub fn render_html(rows: &[HtmlRow], summary: &HtmlSummary) -> String {
    let t = totals(rows);
    let order = sorted(rows);
    // Paths are shown below the directory they all share, named in the header.
    let root = common_dir(rows.iter().map(|r| r.path.as_str()));
    let shown = |r: &CostRow| format!("{}:{}", &r.path[root.len()..], r.line);
    let mut h = String::with_capacity(8_192 + rows.len() * 600);

    h.push_str(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n",
    );
    h.push_str("<meta charset=\"utf-8\"/>\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    h.push_str("<title>llmlint: LLM call cost report</title>\n<style>");
    h.push_str(CSS);
    h.push_str("</style>\n</head>\n<body>\n<main>\n");

    // Header.
    h.push_str("<h1>LLM calls: estimated cost</h1>\n<p class=\"sub\">");
    h.push_str(&escape(&format!(
        "{} call site{}{}{} · {} flagged as deterministic · estimates at {} runs per day of the code around each call, 30-day month",
        t.calls,
        if t.calls == 1 { "" } else { "s" },
        if summary.files_scanned > 0 {
            format!(" in {} files scanned", summary.files_scanned)
        } else {
            String::new()
        },
        summary
            .scanned
            .as_deref()
            .map(|s| format!(" under {s}"))
            .unwrap_or_default(),
        t.flagged,
        summary.calls_per_day
    )));
    // Name the directory the paths are shown below, unless the header just did.
    let named = summary
        .scanned
        .as_deref()
        .is_some_and(|s| s.trim_end_matches('/') == root.trim_end_matches('/'));
    if !root.is_empty() && !named {
        h.push_str(&escape(&format!(" · paths below {root}")));
    }
    h.push_str("</p>\n");

    // Cards.
    h.push_str("<div class=\"cards\">\n");
    let card = |h: &mut String, class: &str, k: &str, v: &str| {
        h.push_str(&format!(
            "<div class=\"card {class}\"><div class=\"k\">{}</div><div class=\"v\">{}</div></div>\n",
            escape(k),
            escape(v)
        ));
    };
    card(
        &mut h,
        "",
        "estimated cost per month",
        &format_usd(t.usd_per_month),
    );
    card(
        &mut h,
        "save",
        "saving if flagged calls are replaced",
        &format_usd(t.saving_per_month),
    );
    card(
        &mut h,
        "",
        "flagged / all calls",
        &format!("{} / {}", t.flagged, t.calls),
    );
    card(&mut h, "", "calls without a price", &t.unpriced.to_string());
    h.push_str("</div>\n");

    // Chart.
    h.push_str("<h2>Estimated monthly cost per call site</h2>\n<div class=\"panel\">\n");
    h.push_str("<div class=\"legend\"><span><i style=\"background:var(--flag)\"></i>flagged (deterministic task)</span><span><i style=\"background:var(--gen)\"></i>genuine LLM work</span></div>\n");
    let bars: Vec<&&CostRow> = order
        .iter()
        .filter(|r| r.usd_per_month().is_some())
        .take(MAX_BARS)
        .collect();
    if bars.is_empty() {
        h.push_str("<p class=\"muted\">no call has a price</p>\n");
    } else {
        let max = bars
            .iter()
            .filter_map(|r| r.usd_per_month())
            .fold(0.0_f64, f64::max);
        let label_w = 330.0;
        let bar_w = 700.0;
        let row_h = 22.0;
        let width = label_w + bar_w + 110.0;
        let height = row_h * bars.len() as f64 + 8.0;
        h.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"estimated monthly cost per call site\">\n"
        ));
        for (i, r) in bars.iter().enumerate() {
            let y = 4.0 + i as f64 * row_h;
            let v = r.usd_per_month().unwrap_or(0.0);
            let w = if max > 0.0 {
                (v / max * bar_w).max(if v > 0.0 { 2.0 } else { 0.0 })
            } else {
                0.0
            };
            let colour = if r.flagged { "#d9480f" } else { "#1c7ed6" };
            let title = format!(
                "{} · {} · {} · {}/month",
                r.location(),
                r.cost.model,
                r.subtype.as_deref().unwrap_or(&r.task),
                format_usd(v)
            );
            h.push_str(&format!(
                "<g><title>{}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" rx=\"2\" fill=\"{colour}\"/><text class=\"val\" x=\"{:.1}\" y=\"{}\">{}</text></g>\n",
                escape(&title),
                label_w - 8.0,
                y + 15.0,
                escape(&tail(&shown(r), 44)),
                y + 3.0,
                row_h - 6.0,
                label_w + w + 6.0,
                y + 15.0,
                escape(&format_usd(v))
            ));
        }
        h.push_str("</svg>\n");
        let priced = order.iter().filter(|r| r.usd_per_month().is_some()).count();
        if priced > bars.len() {
            h.push_str(&format!(
                "<p class=\"muted\">the {} most expensive of {priced} priced call sites; the table lists all</p>\n",
                bars.len()
            ));
        }
    }
    h.push_str("</div>\n");

    // Table.
    h.push_str("<h2>Inventory</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th>location</th><th>model · sdk</th><th>task</th><th>prompt</th><th class=\"num\">$/1M calls</th><th class=\"num\">$/month</th><th class=\"num\">latency</th><th>replacement</th></tr></thead>\n<tbody>\n");
    for r in &order {
        let c = &r.cost;
        h.push_str(&format!(
            "<tr class=\"{}\">",
            if r.flagged { "flagged" } else { "genuine" }
        ));
        h.push_str(&format!(
            "<td class=\"loc\" title=\"{}\">{}</td>",
            escape(&r.location()),
            escape(&shown(r))
        ));
        let model = match &r.model {
            Some(m) => escape(m),
            None => format!(
                "<span class=\"muted\">{} (assumed)</span>",
                escape(&c.model)
            ),
        };
        h.push_str(&format!(
            "<td class=\"model\">{model}<div class=\"sdk\">{}</div></td>",
            escape(&r.sdk)
        ));
        let mut task = escape(r.subtype.as_deref().unwrap_or(&r.task));
        if r.flagged {
            task.push_str(&format!(
                "<span class=\"badge flag\">{}</span>",
                escape(r.rule.as_deref().unwrap_or("flagged"))
            ));
        }
        for m in &c.multipliers {
            task.push_str(&format!("<span class=\"badge note\">{}</span>", escape(m)));
        }
        if c.reasoning_model {
            task.push_str("<span class=\"badge note\">reasoning</span>");
        }
        h.push_str(&format!("<td>{task}</td>"));
        let prompt = match &r.prompt {
            Some(p) => format!(
                "<code class=\"prompt\">{}</code>",
                escape(&excerpt(p, PROMPT_EXCERPT))
            ),
            None => "<span class=\"muted\">not recovered</span>".to_string(),
        };
        h.push_str(&format!("<td class=\"prompt\">{prompt}</td>"));
        let num = |v: Option<String>| match v {
            Some(s) => format!("<td class=\"num\">{}</td>", escape(&s)),
            None => "<td class=\"num muted\">-</td>".to_string(),
        };
        h.push_str(&num(c.usd_per_million_calls.map(format_usd)));
        h.push_str(&num(c.usd_per_month.map(format_usd)));
        h.push_str(&num(c.latency_ms.map(human_ms)));
        let det = match (&c.deterministic_kind, &c.deterministic) {
            (Some(k), Some(t)) => escape(&format!("{k}: {t}")),
            _ => String::new(),
        };
        h.push_str(&format!("<td>{det}</td></tr>\n"));
    }
    h.push_str("</tbody>\n</table>\n</div>\n");

    // Footer.
    h.push_str("<footer>\n<p>");
    h.push_str(&escape(&format!("prices: {}", summary.snapshot)));
    h.push_str("</p>\n<p>");
    h.push_str(&escape(&format!(
        "tokens: prompt text counted with tiktoken (o200k_base / cl100k_base; other providers approximated with cl100k_base), chat framing as OpenAI documents it, each prompt hole counted as {} tokens; output tokens from a literal max_tokens or a default per task. Latency: round trip + time to first token + output at the model's median speed (lint/data/latency.toml). Multipliers (loop, comprehension, ...) are labels; their factors come from config.",
        summary.hole_tokens
    )));
    h.push_str("</p>\n</footer>\n</main>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;\u{FFFD}"
        );
        assert_eq!(excerpt("a\n\n b   c", 10), "a b c");
        assert_eq!(excerpt("abcdefghijkl", 5), "abcd…");
        assert_eq!(tail("src/deep/path.py:10", 8), "…h.py:10");
    }

    #[test]
    fn common_directory_of_paths() {
        assert_eq!(common_dir(["/w/c/python/a.py", "/w/c/rust/b.rs"]), "/w/c/");
        assert_eq!(common_dir(["/w/c/python/a.py"]), "/w/c/python/");
        // A shared name start is not a shared directory.
        assert_eq!(common_dir(["src/ab/x.py", "src/abc/y.py"]), "src/");
        assert_eq!(common_dir(["a.py", "src/b.py"]), "");
        assert_eq!(common_dir([]), "");
    }
}
