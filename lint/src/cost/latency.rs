//! Latency: the shipped table of time to first token and output speed per model family
//! and host (`lint/data/latency.toml`), and the deterministic replacements' per-call
//! times (`lint/data/deterministic.toml`, Rust figures measured by
//! `lint/benches/replacements.rs`).

use std::sync::OnceLock;

use serde::Deserialize;

const LATENCY_TOML: &str = include_str!("../../data/latency.toml");
const DETERMINISTIC_TOML: &str = include_str!("../../data/deterministic.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    pub rtt_ms: f64,
    pub local_rtt_ms: f64,
    pub source: String,
    pub date: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyRow {
    #[serde(rename = "match")]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub host: Option<String>,
    pub ttft_ms: f64,
    pub tps: f64,
    #[serde(default)]
    pub reasoning: bool,
    pub source: String,
    pub date: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyTable {
    pub network: Network,
    #[serde(rename = "row")]
    pub rows: Vec<LatencyRow>,
}

/// The shipped table, parsed once. The file is checked by a unit test, so a parse error
/// here only yields an empty table (every latency then `null`), never a panic.
pub fn table() -> &'static Option<LatencyTable> {
    static T: OnceLock<Option<LatencyTable>> = OnceLock::new();
    T.get_or_init(|| toml::from_str(LATENCY_TOML).ok())
}

/// True when `pattern` occurs in `model` at the start of a name part (after `/ . - : _`
/// or at the start); a pattern beginning with punctuation may occur anywhere.
fn part_contains(model: &str, pattern: &str) -> bool {
    if pattern.is_empty() {
        return true;
    }
    let anywhere = !pattern.starts_with(|c: char| c.is_ascii_alphanumeric());
    model.match_indices(pattern).any(|(i, _)| {
        anywhere
            || i == 0
            || model[..i]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_ascii_alphanumeric())
    })
}

/// The row for a model on a host (`local`, a provider id, or none).
pub fn row_for(model: &str, host: Option<&str>) -> Option<&'static LatencyRow> {
    let t = table().as_ref()?;
    let m = model.to_ascii_lowercase();
    let is_local = host == Some("local");
    t.rows.iter().find(|r| {
        let host_ok = match r.host.as_deref() {
            None => !is_local,
            Some(h) => Some(h) == host,
        };
        host_ok && r.patterns.iter().any(|p| part_contains(&m, p))
    })
}

/// A latency estimate for one call.
#[derive(Debug, Clone, PartialEq)]
pub struct Latency {
    pub ms: u64,
    pub reasoning: bool,
    pub source: String,
}

/// `rtt + ttft + output_tokens / tps`.
pub fn estimate(model: &str, host: Option<&str>, output_tokens: u64) -> Option<Latency> {
    let t = table().as_ref()?;
    let row = row_for(model, host)?;
    let rtt = if host == Some("local") {
        t.network.local_rtt_ms
    } else {
        t.network.rtt_ms
    };
    let gen_ms = if row.tps > 0.0 {
        output_tokens as f64 / row.tps * 1000.0
    } else {
        0.0
    };
    let ms = (rtt + row.ttft_ms + gen_ms).round().max(0.0) as u64;
    Some(Latency {
        ms,
        reasoning: row.reasoning,
        source: format!(
            "{} ms round trip + {} ms to first token + {output_tokens} tokens at {}/s ({}, {}){}",
            rtt,
            row.ttft_ms,
            row.tps,
            row.source,
            row.date,
            if row.reasoning {
                "; reasoning model: hidden thinking makes it much slower and variable"
            } else {
                ""
            }
        ),
    })
}

/// Per-call time of one kind of deterministic replacement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeterministicKind {
    /// `regex-find-all`, `json-validate`, ...
    pub kind: String,
    /// How messages name it: "a regex".
    pub label: String,
    /// Subtypes (of the shared subtype table) this kind replaces.
    pub subtypes: Vec<String>,
    /// Measured by `cargo bench -p llmlint --bench replacements`, nanoseconds per call.
    pub rust_ns: f64,
    /// Stated for CPython 3.12 on the same kind of input, nanoseconds per call.
    pub python_ns: f64,
    /// The bench function that measures `rust_ns`.
    pub bench: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeterministicTable {
    pub measured: String,
    pub python_source: String,
    #[serde(rename = "kind")]
    pub kinds: Vec<DeterministicKind>,
}

pub fn deterministic_table() -> &'static Option<DeterministicTable> {
    static T: OnceLock<Option<DeterministicTable>> = OnceLock::new();
    T.get_or_init(|| toml::from_str(DETERMINISTIC_TOML).ok())
}

/// The replacement kind for a subtype, or for its task when the table does not name the
/// subtype.
pub fn deterministic_for(
    subtype: Option<&str>,
    task: llmlint_rules::Task,
) -> Option<&'static DeterministicKind> {
    let t = deterministic_table().as_ref()?;
    if let Some(s) = subtype
        && let Some(k) = t.kinds.iter().find(|k| k.subtypes.iter().any(|x| x == s))
    {
        return Some(k);
    }
    let fallback = match task {
        llmlint_rules::Task::Regex => "regex-find-all",
        llmlint_rules::Task::Lookup => "hashmap-lookup",
        llmlint_rules::Task::Validation => "regex-match",
        llmlint_rules::Task::Transform => "case-change",
        _ => return None,
    };
    t.kinds.iter().find(|k| k.kind == fallback)
}

/// "~1 µs", "~150 ns", "~2 ms": one significant figure, the unit people read.
pub fn human_duration_ns(ns: f64) -> String {
    let (v, unit) = if ns < 1_000.0 {
        (ns, "ns")
    } else if ns < 1_000_000.0 {
        (ns / 1_000.0, "µs")
    } else if ns < 1_000_000_000.0 {
        (ns / 1_000_000.0, "ms")
    } else {
        (ns / 1_000_000_000.0, "s")
    };
    let rounded = if v >= 100.0 {
        (v / 10.0).round() * 10.0
    } else if v >= 10.0 {
        v.round()
    } else if v >= 1.0 {
        (v * 10.0).round() / 10.0
    } else {
        (v * 100.0).round() / 100.0
    };
    let s = if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    };
    format!("~{s} {unit}")
}

/// "~700 ms", "~1.2 s".
pub fn human_ms(ms: u64) -> String {
    human_duration_ns(ms as f64 * 1_000_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse() {
        let t = table().as_ref().expect("latency.toml parses");
        assert!(t.rows.len() > 20);
        for r in &t.rows {
            assert!(r.tps > 0.0 && r.ttft_ms > 0.0, "{:?}", r.patterns);
            assert!(
                !r.source.is_empty() && r.date.len() == 7,
                "{:?}",
                r.patterns
            );
        }
        let d = deterministic_table()
            .as_ref()
            .expect("deterministic.toml parses");
        assert!(d.kinds.iter().all(|k| k.rust_ns > 0.0 && k.python_ns > 0.0));
        // Every figure names the bench function that measures it, in both languages.
        let rs = include_str!("../../benches/replacements.rs");
        let py = include_str!("../../benches/replacements.py");
        for k in &d.kinds {
            assert!(
                rs.contains(&format!("bench_function(\"{}\"", k.bench)),
                "{}",
                k.bench
            );
            assert!(py.contains(&format!("\"{}\":", k.bench)), "{}", k.bench);
        }
        // A subtype has one replacement kind.
        let mut all: Vec<&str> = d
            .kinds
            .iter()
            .flat_map(|k| k.subtypes.iter().map(String::as_str))
            .collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
    }

    #[test]
    fn rows_by_family() {
        assert_eq!(row_for("gpt-4o-mini", Some("openai")).unwrap().tps, 75.0);
        assert_eq!(
            row_for("gpt-4o-2024-08-06", Some("openai")).unwrap().tps,
            110.0
        );
        assert!(row_for("o3-mini", Some("openai")).unwrap().reasoning);
        assert!(row_for("o1", Some("openai")).unwrap().reasoning);
        assert!(row_for("gpt-5", None).unwrap().reasoning);
        assert!(row_for("deepseek-reasoner", None).unwrap().reasoning);
        assert!(
            row_for("claude-3-7-sonnet-20250219-thinking", None)
                .unwrap()
                .reasoning
        );
        assert!(!row_for("gpt-4o", None).unwrap().reasoning);
        // "o1" must not match inside other names.
        assert!(
            !row_for("llama-3.1-8b-pro1", Some("groq"))
                .unwrap()
                .reasoning
        );
        assert_eq!(
            row_for("claude-3-5-haiku-latest", Some("anthropic"))
                .unwrap()
                .tps,
            65.0
        );
        assert_eq!(
            row_for("llama-3.1-8b-instant", Some("groq")).unwrap().tps,
            750.0
        );
        assert_eq!(row_for("llama3", Some("local")).unwrap().tps, 35.0);
        assert_eq!(row_for("totally-new-model", None).unwrap().tps, 60.0);
    }

    #[test]
    fn latency_formula() {
        // gpt-4o-mini: 100 ms rtt + 450 ms ttft + 30 tokens / 75 per s = 400 ms.
        let l = estimate("gpt-4o-mini", Some("openai"), 30).unwrap();
        assert_eq!(l.ms, 950);
        assert!(!l.reasoning);
        // local: 2 ms + 250 ms + 35 tokens at 35/s = 1000 ms.
        assert_eq!(estimate("llama3", Some("local"), 35).unwrap().ms, 1252);
    }

    #[test]
    fn durations() {
        assert_eq!(human_duration_ns(1_234.0), "~1.2 µs");
        assert_eq!(human_duration_ns(85.0), "~85 ns");
        assert_eq!(human_duration_ns(456.0), "~460 ns");
        assert_eq!(human_ms(650), "~650 ms");
        assert_eq!(human_ms(18_600), "~19 s");
        assert_eq!(human_duration_ns(3_000.0), "~3 µs");
    }
}
