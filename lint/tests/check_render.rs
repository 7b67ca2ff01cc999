//! Every output format over the same hand-built diagnostics. Snapshots were reviewed by hand;
//! the key positions are also asserted directly.

mod check_support;

use check_support::*;
use llmlint::check::render::{OutputFormat, github, render};
use llmlint::check::statistics;
use serde_json::Value;

fn out(format: OutputFormat) -> String {
    render(format, &all(), &sources(), &opts())
}

#[test]
fn concise_is_one_line_per_finding_sorted_by_path() {
    let text = out(OutputFormat::Concise);
    // Sorted by path: "/elsewhere/..." < "/work/proj/src/café.rs" < "app/orders.py".
    assert_eq!(
        text,
        "/elsewhere/broken.py:1:1: LLM902 file could not be parsed: invalid UTF-8 at byte 17\n\
         src/café.rs:2:13: LLM302 this call asks gpt-4o-mini to check that a string is an email address\n\
         app/orders.py:8:12: LLM301 this call asks gpt-4o to check that a string is valid JSON\n"
    );
}

#[test]
fn json_has_ruffs_shape_and_positions() {
    let text = out(OutputFormat::Json);
    let v: Value = serde_json::from_str(&text).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 3);
    let py = &arr[2];
    let keys: Vec<&str> = py.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "cell",
            "code",
            "end_location",
            "filename",
            "fix",
            "location",
            "message",
            "noqa_row",
            "url"
        ]
    );
    assert_eq!(py["filename"], "/work/proj/app/orders.py");
    assert_eq!(py["location"], serde_json::json!({"column": 12, "row": 8}));
    assert_eq!(
        py["end_location"],
        serde_json::json!({"column": 6, "row": 11})
    );
    assert_eq!(py["noqa_row"], 8);
    assert_eq!(py["cell"], Value::Null);
    assert_eq!(py["url"], "https://llmlint.dev/rules/LLM301");
    let fix = &py["fix"];
    assert_eq!(fix["applicability"], "unsafe");
    assert_eq!(
        fix["message"],
        "Replace the call with `is_valid_json(payload)`"
    );
    let edits = fix["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 2);
    // The helper goes in at `def is_json` (7:1), an insertion.
    assert_eq!(
        edits[0]["location"],
        serde_json::json!({"column": 1, "row": 7})
    );
    assert_eq!(
        edits[0]["end_location"],
        serde_json::json!({"column": 1, "row": 7})
    );
    // The binding and the read, 8:1 to the end of line 12 (67 characters).
    assert_eq!(
        edits[1]["location"],
        serde_json::json!({"column": 1, "row": 8})
    );
    assert_eq!(
        edits[1]["end_location"],
        serde_json::json!({"column": 68, "row": 12})
    );
    assert_eq!(edits[1]["content"], "    return is_valid_json(payload)");
    // Columns count characters: `ask` after `let é = ` is column 13, not byte 14.
    let rs = &arr[1];
    assert_eq!(rs["location"], serde_json::json!({"column": 13, "row": 2}));
    assert_eq!(
        rs["end_location"],
        serde_json::json!({"column": 76, "row": 2})
    );
    assert_eq!(rs["fix"], Value::Null);
    // No source: the unparsable file still reports, fix null.
    assert_eq!(arr[0]["filename"], "/elsewhere/broken.py");
    insta::assert_snapshot!("json", text);
}

#[test]
fn json_lines_is_the_json_array_one_per_line() {
    let lines = out(OutputFormat::JsonLines);
    let array: Value = serde_json::from_str(&out(OutputFormat::Json)).unwrap();
    let parsed: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(Value::Array(parsed), array);
    insta::assert_snapshot!("json_lines", lines);
}

#[test]
fn empty_json_is_an_empty_array() {
    let text = render(OutputFormat::Json, &[], &sources(), &opts());
    assert_eq!(text, "[]\n");
    assert_eq!(render(OutputFormat::Concise, &[], &sources(), &opts()), "");
}

#[test]
fn github_annotations() {
    let text = out(OutputFormat::Github);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[2],
        "::warning title=llmlint (LLM301),file=app/orders.py,line=8,col=12,endLine=11,endColumn=6::LLM301 this call asks gpt-4o to check that a string is valid JSON"
    );
    assert!(
        lines[0]
            .starts_with("::error title=llmlint (LLM902),file=/elsewhere/broken.py,line=1,col=1,")
    );
    insta::assert_snapshot!("github", text);
}

#[test]
fn github_escapes_data_and_properties() {
    assert_eq!(
        github::escape_data("50% off\r\nnext: a,b"),
        "50%25 off%0D%0Anext: a,b"
    );
    assert_eq!(github::escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    let d = named(
        "LLM301",
        "llm-validates-json",
        "dir,with:odd/100%.py",
        span("x\n", 0, 1),
        "costs 100% more\nthan json.loads",
    );
    let text = render(OutputFormat::Github, &[d], &sources(), &opts());
    assert_eq!(
        text,
        "::warning title=llmlint (LLM301),file=dir%2Cwith%3Aodd/100%25.py,line=1,col=1,endLine=1,endColumn=2::LLM301 costs 100%25 more%0Athan json.loads\n"
    );
}

#[test]
fn full_report_labels_call_and_prompt() {
    let text = out(OutputFormat::Full);
    assert!(text.contains("LLM301"), "{text}");
    assert!(text.contains("prompt asks for JSON validation"), "{text}");
    assert!(text.contains("help: use `json.loads`"), "{text}");
    assert!(text.contains("note: prompt says \"valid JSON\""), "{text}");
    assert!(text.contains("[app/orders.py:8:12]"), "{text}");
    // Columns count characters here too (miette alone would say 14).
    assert!(text.contains("[src/café.rs:2:13]"), "{text}");
    // No colour codes unless asked.
    assert!(!text.contains('\u{1b}'), "{text}");
    // No source: the location goes into the message.
    assert!(
        text.contains("/elsewhere/broken.py:1:1: file could not be parsed"),
        "{text}"
    );
    insta::assert_snapshot!("full", text);
}

#[test]
fn full_report_colours_only_when_asked() {
    let mut o = opts();
    o.color = true;
    let text = render(OutputFormat::Full, &[py_validate_json()], &sources(), &o);
    assert!(text.contains('\u{1b}'), "{text}");
}

#[test]
fn sarif_describes_rules_results_and_fixes() {
    let v = sarif_value();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "llmlint");
    assert_eq!(driver["version"], "0.1.0");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["LLM301", "LLM302", "LLM902"]);
    assert_eq!(rules[0]["name"], "llm-validates-json");
    assert_eq!(rules[0]["helpUri"], "https://llmlint.dev/rules/LLM301");
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "error");
    let results = run["results"].as_array().unwrap();
    let py = &results[2];
    assert_eq!(py["ruleId"], "LLM301");
    assert_eq!(py["ruleIndex"], 0);
    let loc = &py["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "app/orders.py");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(
        loc["region"],
        serde_json::json!({"startLine": 8, "startColumn": 12, "endLine": 11, "endColumn": 6})
    );
    assert_eq!(
        py["relatedLocations"][0]["message"]["text"],
        "prompt asks for JSON validation"
    );
    let repl = &py["fixes"][0]["artifactChanges"][0]["replacements"];
    assert_eq!(repl.as_array().unwrap().len(), 2);
    assert_eq!(repl[1]["deletedRegion"]["endColumn"], 68);
    // Non-ASCII path is percent-encoded; path outside the working folder is a file URI.
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/caf%C3%A9.rs"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "file:///elsewhere/broken.py"
    );
    assert_eq!(results[0]["level"], "error");
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn statistics_count_per_rule() {
    let mut diags = all();
    diags.push(py_validate_json());
    let s = statistics::statistics(&diags, true);
    assert_eq!(s[0].code, "LLM301");
    assert_eq!((s[0].count, s[0].fixable), (2, 2));
    // The fix is unsafe: without --unsafe-fixes it is not counted as fixable.
    let s_safe = statistics::statistics(&diags, false);
    assert_eq!(s_safe[0].fixable, 0);
    let text = statistics::render_text(&s);
    assert_eq!(
        text,
        "   2  LLM301  llm-validates-json  (2 fixable)\n   1  LLM302  llm-validates-email\n   1  LLM902  unparsable-file\n"
    );
    let json: Value = serde_json::from_str(&statistics::render_json(&s)).unwrap();
    assert_eq!(
        json[0],
        serde_json::json!({"code": "LLM301", "name": "llm-validates-json", "count": 2, "fixable": 2})
    );
}

#[test]
fn spans_and_edits_outside_the_text_do_not_panic() {
    let mut d = py_validate_json();
    d.span.start = 10_000;
    d.span.end = 20_000;
    d.secondary[0].span.start = 3; // inside nothing in particular
    d.secondary[0].span.end = 1; // reversed
    if let Some(f) = d.fix.as_mut() {
        f.edits.push(llmlint_rewrite::Edit::replace(5, 99_999, "x"));
    }
    for format in [
        OutputFormat::Full,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::JsonLines,
        OutputFormat::Sarif,
        OutputFormat::Github,
    ] {
        let text = render(format, std::slice::from_ref(&d), &sources(), &opts());
        assert!(!text.is_empty());
    }
    // The fix cannot be located: JSON says null rather than inventing positions.
    let v: Value =
        serde_json::from_str(&render(OutputFormat::Json, &[d], &sources(), &opts())).unwrap();
    assert_eq!(v[0]["fix"], Value::Null);
}
