//! `llmlint calls` through the binary on the repository's fixtures: the JSON contract of the
//! design (fields, types, spans, order, stable across thread counts), the text table (a row
//! per call, totals that add up) and the HTML report (well-formed, a row per call, a chart,
//! nothing fetched, prompts escaped).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use llmlint::cost::format_usd;
use serde_json::Value;

/// Fixture directories the tests scan (the whole inventory of both languages, the rule and
/// cost fixtures).
const PATHS: &[&str] = &[
    "fixtures/python/calls",
    "fixtures/rust/calls",
    "fixtures/rules",
    "fixtures/cost",
];

fn repo_root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/lint"))
        .parent()
        .expect("the crate sits in the workspace")
        .to_path_buf()
}

fn run(args: &[&str], threads: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_llmlint"));
    cmd.current_dir(repo_root()).args(args);
    match threads {
        Some(n) => cmd.env("RAYON_NUM_THREADS", n),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let out = cmd.output().expect("llmlint runs");
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 1),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn run_calls(format: &str, paths: &[&str], threads: Option<&str>) -> Output {
    let mut args = vec!["calls", "--output-format", format];
    args.extend_from_slice(paths);
    run(&args, threads)
}

fn json(paths: &[&str], threads: Option<&str>) -> Value {
    let out = run_calls("json", paths, threads);
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

fn is_uint(v: &Value) -> bool {
    v.as_u64().is_some()
}

fn is_str_or_null(v: &Value) -> bool {
    v.is_string() || v.is_null()
}

fn is_num_or_null(v: &Value) -> bool {
    v.is_number() || v.is_null()
}

/// The source text a call's span covers (1-based lines and columns, end column exclusive,
/// columns counted in characters).
fn spanned_text(src: &str, call: &Value) -> Option<String> {
    let line = call["line"].as_u64()? as usize;
    let col = call["column"].as_u64()? as usize;
    let end_line = call["end_line"].as_u64()? as usize;
    let end_col = call["end_column"].as_u64()? as usize;
    let lines: Vec<&str> = src.split('\n').collect();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate().take(end_line).skip(line - 1) {
        let chars: Vec<char> = l.chars().collect();
        let from = if i + 1 == line { col - 1 } else { 0 };
        let to = if i + 1 == end_line {
            end_col - 1
        } else {
            chars.len()
        };
        out.extend(chars.get(from..to)?);
        if i + 1 != end_line {
            out.push('\n');
        }
    }
    Some(out)
}

#[test]
fn json_contract_on_fixtures() {
    let root = repo_root();
    let doc = json(PATHS, None);
    let obj = doc.as_object().expect("an object");
    assert_eq!(doc["version"], 1);
    for k in ["version", "calls", "summary"] {
        assert!(obj.contains_key(k), "missing {k}");
    }
    let calls = doc["calls"].as_array().expect("calls is an array");
    assert!(calls.len() > 300, "{} calls", calls.len());

    // Summary.
    let s = &doc["summary"];
    for k in ["files_scanned", "files_parsed", "calls", "flagged"] {
        assert!(is_uint(&s[k]), "summary.{k} = {}", s[k]);
    }
    assert!(s["seconds"].as_f64().is_some_and(|x| x >= 0.0));
    assert_eq!(s["calls"].as_u64(), Some(calls.len() as u64));
    let flagged = calls.iter().filter(|c| c["flagged"] == true).count();
    assert_eq!(s["flagged"].as_u64(), Some(flagged as u64));
    assert!(flagged > 100 && flagged < calls.len());
    let files_with_calls: std::collections::BTreeSet<&str> =
        calls.iter().filter_map(|c| c["path"].as_str()).collect();
    let parsed = s["files_parsed"].as_u64().unwrap();
    let scanned = s["files_scanned"].as_u64().unwrap();
    assert!(files_with_calls.len() as u64 <= parsed && parsed <= scanned);

    let tasks = [
        "regex",
        "lookup",
        "validation",
        "transform",
        "generative",
        "unknown",
    ];
    let rule_code = regex::Regex::new(r"^LLM\d{3}$").unwrap();
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    for c in calls {
        let at = format!("{}:{}", c["path"], c["line"]);
        // Location: relative to the current directory, 1-based, spanning the call.
        let path = c["path"].as_str().expect("path is a string");
        assert!(
            path.starts_with("fixtures/") && !Path::new(path).is_absolute(),
            "{at}"
        );
        for k in ["line", "column", "end_line", "end_column"] {
            assert!(
                c[k].as_u64().is_some_and(|x| x >= 1),
                "{at}: {k} = {}",
                c[k]
            );
        }
        let start = (c["line"].as_u64(), c["column"].as_u64());
        let end = (c["end_line"].as_u64(), c["end_column"].as_u64());
        assert!(start < end, "{at}: span {start:?}..{end:?}");
        let src = sources
            .entry(path.to_string())
            .or_insert_with(|| std::fs::read_to_string(root.join(path)).expect("path exists"));
        let text = spanned_text(src, c).unwrap_or_else(|| panic!("{at}: span off the file"));
        assert!(text.ends_with(')'), "{at}: span ends {text:?}");
        assert!(
            text.starts_with(|ch: char| ch.is_alphanumeric() || ch == '_'),
            "{at}: span starts {text:?}"
        );
        // A call: a name, then through to its closing parenthesis.
        assert!(text.contains('('), "{at}: {text:?}");

        let lang = c["language"].as_str().expect("language");
        let expect_lang = if path.ends_with(".rs") {
            "rust"
        } else {
            "python"
        };
        assert_eq!(lang, expect_lang, "{at}");
        assert!(c["sdk"].as_str().is_some_and(|x| !x.is_empty()), "{at}");
        assert!(
            c["model"].is_null() || c["model"].as_str().is_some_and(|m| !m.is_empty()),
            "{at}: model {}",
            c["model"]
        );
        assert!(is_str_or_null(&c["prompt"]), "{at}");
        assert!(c["prompt_complete"].is_boolean(), "{at}");
        assert!(
            c["task"].as_str().is_some_and(|t| tasks.contains(&t)),
            "{at}: task {}",
            c["task"]
        );
        assert!(is_str_or_null(&c["subtype"]), "{at}");
        assert!(
            c["rule"].is_null() || c["rule"].as_str().is_some_and(|r| rule_code.is_match(r)),
            "{at}: rule {}",
            c["rule"]
        );
        if c["flagged"] == true {
            assert!(c["rule"].is_string() && c["subtype"].is_string(), "{at}");
        }
        assert!(
            c["confidence"]
                .as_f64()
                .is_some_and(|x| (0.0..=1.0).contains(&x)),
            "{at}"
        );
        let ev = c["evidence"].as_array().expect("evidence is an array");
        assert!(ev.iter().all(Value::is_string), "{at}");

        // Cost: the design's fields, then the sources of each number.
        let cost = c["cost"].as_object().expect("cost is an object");
        for k in ["input_tokens", "output_tokens", "latency_ms"] {
            assert!(
                cost[k].is_null() || is_uint(&cost[k]),
                "{at}: cost.{k} = {}",
                cost[k]
            );
        }
        assert!(is_uint(&cost["input_tokens"]) && is_uint(&cost["output_tokens"]));
        for k in ["usd_per_call", "usd_per_million_calls", "usd_per_month"] {
            assert!(is_num_or_null(&cost[k]), "{at}: cost.{k}");
        }
        assert!(is_str_or_null(&cost["multiplier"]), "{at}");
        assert!(
            cost["tokenizer"] == "o200k_base" || cost["tokenizer"] == "cl100k_base",
            "{at}"
        );
        for k in [
            "price_source",
            "input_tokens_source",
            "output_tokens_source",
            "model",
        ] {
            assert!(cost[k].as_str().is_some_and(|x| !x.is_empty()), "{at}: {k}");
        }
        assert!(cost["model_assumed"] == c["model"].is_null(), "{at}");
        match &cost["range"] {
            Value::Null => {}
            Value::Object(r) => {
                let lo = r["input_tokens_min"].as_u64().unwrap();
                let hi = r["input_tokens_max"].as_u64().unwrap();
                assert!(lo < hi && cost["input_tokens"].as_u64() == Some(hi), "{at}");
            }
            other => panic!("{at}: range {other}"),
        }

        // Replacement: null or {language, code, applicability}.
        match &c["replacement"] {
            Value::Null => {}
            Value::Object(r) => {
                assert_eq!(r["language"].as_str(), Some(lang), "{at}");
                assert!(r["code"].as_str().is_some_and(|x| !x.is_empty()), "{at}");
                assert!(
                    ["safe", "unsafe", "display-only"]
                        .contains(&r["applicability"].as_str().unwrap_or("")),
                    "{at}: applicability {}",
                    r["applicability"]
                );
            }
            other => panic!("{at}: replacement {other}"),
        }
    }

    // Order: by path, then line, then column.
    let keys: Vec<(&str, u64, u64)> = calls
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap(),
                c["line"].as_u64().unwrap(),
                c["column"].as_u64().unwrap(),
            )
        })
        .collect();
    for w in keys.windows(2) {
        assert!(w[0] <= w[1], "out of order: {:?} then {:?}", w[0], w[1]);
    }
}

#[test]
fn order_is_the_same_on_one_thread_and_many() {
    let one = json(PATHS, Some("1"));
    let many = json(PATHS, None);
    let four = json(PATHS, Some("4"));
    assert_eq!(one["calls"], many["calls"]);
    assert_eq!(one["calls"], four["calls"]);
    for k in ["files_scanned", "files_parsed", "calls", "flagged"] {
        assert_eq!(one["summary"][k], many["summary"][k], "{k}");
    }
}

#[test]
fn threads_option_gives_the_default_output() {
    let mut args = vec!["calls", "--output-format", "json", "--threads", "1"];
    args.extend(PATHS);
    let out = run(&args, None);
    let one: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let many = json(PATHS, None);
    assert_eq!(one["calls"], many["calls"]);
    assert!(one["calls"].as_array().is_some_and(|c| !c.is_empty()));
    for k in ["files_scanned", "files_parsed", "calls", "flagged"] {
        assert_eq!(one["summary"][k], many["summary"][k], "{k}");
    }
    // zero threads is a usage error
    let bad = Command::new(env!("CARGO_BIN_EXE_llmlint"))
        .current_dir(repo_root())
        .args(["calls", "--threads", "0", "fixtures/python/calls"])
        .output()
        .expect("llmlint runs");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn text_table_has_a_row_per_call_and_totals() {
    let paths = ["fixtures/cost", "fixtures/python/calls"];
    let doc = json(&paths, None);
    let calls = doc["calls"].as_array().unwrap();
    let out = calls_text(&paths);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("location"), "{}", lines[0]);
    let body: Vec<&str> = lines[1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    assert_eq!(body.len(), calls.len(), "one row per call:\n{out}");

    // Rows in monthly-cost order, dearest first, unpriced last; each row starts with the
    // call's location, or its end after "…" when it is too long for the column.
    let mut expect: Vec<(f64, String, u64)> = calls
        .iter()
        .map(|c| {
            (
                c["cost"]["usd_per_month"].as_f64().unwrap_or(-1.0),
                c["path"].as_str().unwrap().to_string(),
                c["line"].as_u64().unwrap(),
            )
        })
        .collect();
    expect.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    for (row, (_, path, line)) in body.iter().zip(&expect) {
        let loc = format!("{path}:{line}");
        let shown = row.split("  ").next().unwrap();
        let ok = match shown.strip_prefix('…') {
            Some(end) => loc.ends_with(end) && end.len() > 20,
            None => shown == loc,
        };
        assert!(ok, "{row:?} should start with {loc:?}");
    }

    // Totals: the sum of every monthly cost and of the flagged ones.
    let month: f64 = calls
        .iter()
        .filter_map(|c| c["cost"]["usd_per_month"].as_f64())
        .sum();
    let saving: f64 = calls
        .iter()
        .filter(|c| c["flagged"] == true)
        .filter_map(|c| c["cost"]["usd_per_month"].as_f64())
        .sum();
    let flagged = calls.iter().filter(|c| c["flagged"] == true).count();
    let total_line = format!(
        "{} calls, {flagged} flagged: ~{}/month at 1000 runs/day",
        calls.len(),
        format_usd(month)
    );
    assert!(
        out.lines().any(|l| l.starts_with(&total_line)),
        "no {total_line:?} in\n{out}"
    );
    let saving_line = format!(
        "replacing every flagged call saves ~{}/month",
        format_usd(saving)
    );
    assert!(out.contains(&saving_line), "no {saving_line:?}");
    assert!(out.contains("prices: genai-prices "));
    assert!(saving > 0.0 && saving < month);
}

fn calls_text(paths: &[&str]) -> String {
    String::from_utf8(run_calls("text", paths, None).stdout).expect("utf-8")
}

#[test]
fn text_table_keeps_line_numbers_of_long_paths() {
    // Locations longer than the column keep their end: file name and line.
    let out = calls_text(&["fixtures/rules/LLM111"]);
    let doc = json(&["fixtures/rules/LLM111"], None);
    for c in doc["calls"].as_array().unwrap() {
        let path = c["path"].as_str().unwrap();
        let file = path.rsplit('/').next().unwrap();
        let want = format!("{file}:{} ", c["line"]);
        assert!(out.contains(&want), "{want:?} missing from\n{out}");
    }
}

#[test]
fn summary_line_counts_files() {
    let out = calls_text(&["fixtures/cost/calls/pricing_shapes.py"]);
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("7 LLM calls in 1 file (0 flagged); 1 file scanned in "),
        "{last}"
    );
}

#[test]
fn html_report_is_one_well_formed_page_with_every_call() {
    let doc = json(PATHS, None);
    let calls = doc["calls"].as_array().unwrap();
    let out = run_calls("html", PATHS, None);
    let page = String::from_utf8(out.stdout).expect("utf-8");
    let html = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("the page parses as XML");
    assert_eq!(html.root_element().tag_name().name(), "html");

    // One body row per call, each with the call's location in its title.
    let rows: Vec<_> = html
        .descendants()
        .filter(|n| n.has_tag_name("tr") && n.parent().is_some_and(|p| p.has_tag_name("tbody")))
        .collect();
    assert_eq!(rows.len(), calls.len());
    let mut titles: Vec<String> = rows
        .iter()
        .filter_map(|r| r.children().find(|n| n.has_tag_name("td")))
        .filter_map(|td| td.attribute("title").map(str::to_string))
        .collect();
    let mut locs: Vec<String> = calls
        .iter()
        .map(|c| format!("{}:{}", c["path"].as_str().unwrap(), c["line"]))
        .collect();
    titles.sort();
    locs.sort();
    assert_eq!(titles, locs);

    // A chart: an svg with bars.
    let svg = html
        .descendants()
        .find(|n| n.has_tag_name("svg"))
        .expect("an svg chart");
    assert!(svg.descendants().filter(|n| n.has_tag_name("rect")).count() >= 10);

    // Nothing to fetch.
    for n in html.descendants() {
        for a in ["src", "href"] {
            assert!(n.attribute(a).is_none(), "{a} on <{}>", n.tag_name().name());
        }
    }
    let lower = page.to_ascii_lowercase();
    for needle in ["src=", "href=", "@import", "url(", "https://"] {
        assert!(!lower.contains(needle), "page contains {needle:?}");
    }
    assert!(!lower.replace("http://www.w3.org/", "").contains("http://"));

    // The fixture prompt "You are {persona}. Keep <b>bold</b> tags as they are." is text.
    let text: String = html
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert!(text.contains("Keep <b>bold</b> tags"));
    assert!(page.contains("Keep &lt;b&gt;bold&lt;/b&gt; tags"));
    assert!(!html.descendants().any(|n| n.has_tag_name("b")));
}
