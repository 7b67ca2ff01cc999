//! Hand-built diagnostics over small source texts, shared by the `check_*` tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use llmlint::check::{Diagnostic, RenderOptions, Severity};
use llmlint::text::LineIndex;
use llmlint_rewrite::{Applicability, Edit, Fix};
use llmlint_rules::Span;
use llmlint_rules::registry::RuleInfo;
use serde_json::Value;

pub const CWD: &str = "/work/proj";

pub const PY_PATH: &str = "app/orders.py";
pub const PY: &str = r#"import json
from openai import OpenAI

client = OpenAI()


def is_json(payload):
    resp = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": f"Is this valid JSON? Answer yes or no: {payload}"}],
    )
    return resp.choices[0].message.content.strip().lower() == "yes"
"#;

pub const RS_PATH: &str = "/work/proj/src/café.rs";
pub const RS: &str = r#"fn check(addr: &str) -> bool {
    let é = ask("gpt-4o-mini", &format!("Is {addr} a valid email? yes/no"));
    é.trim() == "yes"
}
"#;

/// Outside the working folder, and with no source text available.
pub const BROKEN_PATH: &str = "/elsewhere/broken.py";

pub fn span(text: &str, start: usize, end: usize) -> Span {
    LineIndex::new(text).span(text, start, end)
}

/// Byte range of `needle` in `text` (first occurrence).
pub fn find(text: &str, needle: &str) -> (usize, usize) {
    let s = text.find(needle).expect("needle in text");
    (s, s + needle.len())
}

pub fn opts() -> RenderOptions {
    RenderOptions {
        color: false,
        cwd: PathBuf::from(CWD),
        width: 100,
        tool_version: "0.1.0".to_string(),
    }
}

pub fn sources() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert(PY_PATH.to_string(), PY.to_string());
    m.insert(RS_PATH.to_string(), RS.to_string());
    m
}

/// A diagnostic with a fixed rule name (independent of the registry's contents).
pub fn named(code: &str, name: &str, path: &str, span: Span, message: &str) -> Diagnostic {
    let mut d = Diagnostic::with_code(code, path, span, message);
    d.name = name.to_string();
    d
}

/// LLM301 on the Python call, with the prompt labelled, evidence, help and an unsafe fix.
pub fn py_validate_json() -> Diagnostic {
    let call_start = PY.find("client.chat").unwrap();
    let call_end = PY.find("    )\n").unwrap() + 5;
    let (ps, pe) = find(
        PY,
        r#"[{"role": "user", "content": f"Is this valid JSON? Answer yes or no: {payload}"}]"#,
    );
    // Replace the binding and the read with one helper call; insert the helper above.
    let bind_start = PY.find("    resp = ").unwrap();
    let read_end = PY.find(r#"== "yes""#).unwrap() + r#"== "yes""#.len();
    let def_start = PY.find("def is_json").unwrap();
    named(
        "LLM301",
        "llm-validates-json",
        PY_PATH,
        span(PY, call_start, call_end),
        "this call asks gpt-4o to check that a string is valid JSON",
    )
    .with_label(span(PY, ps, pe), "prompt asks for JSON validation")
    .with_evidence([
        "prompt says \"valid JSON\"",
        "answer compared to \"yes\"",
    ])
    .with_help("use `json.loads` in a `try` block: exact, free, microseconds (the call costs about $2.60 per million calls)")
    .with_fix(Fix {
        message: "Replace the call with `is_valid_json(payload)`".to_string(),
        applicability: Applicability::Unsafe,
        edits: vec![
            Edit::insert(
                def_start,
                "def is_valid_json(s):\n    try:\n        json.loads(s)\n    except ValueError:\n        return False\n    return True\n\n\n",
            ),
            Edit::replace(bind_start, read_end, "    return is_valid_json(payload)"),
        ],
    })
}

/// LLM302 on the Rust call (non-ASCII path and text), no fix.
pub fn rs_validate_email() -> Diagnostic {
    let (s, e) = find(
        RS,
        r#"ask("gpt-4o-mini", &format!("Is {addr} a valid email? yes/no"))"#,
    );
    let (ps, pe) = find(RS, r#""Is {addr} a valid email? yes/no""#);
    named(
        "LLM302",
        "llm-validates-email",
        RS_PATH,
        span(RS, s, e),
        "this call asks gpt-4o-mini to check that a string is an email address",
    )
    .with_label(span(RS, ps, pe), "prompt asks for email validation")
    .with_help("parse the address with a validator instead")
}

/// LLM902 for a file with no source text.
pub fn broken() -> Diagnostic {
    Diagnostic::unparsable_file(BROKEN_PATH, "invalid UTF-8 at byte 17")
}

pub fn all() -> Vec<Diagnostic> {
    // Deliberately out of order: the renderers sort.
    vec![broken(), rs_validate_email(), py_validate_json()]
}

pub fn with_severity(d: Diagnostic, s: Severity) -> Diagnostic {
    d.with_severity(s)
}

static TEST_RULES: &[RuleInfo] = &[
    RuleInfo {
        code: "LLM301",
        name: "llm-validates-json",
        summary: "an LLM call checks that a string is valid JSON",
        doc: "## What it does\nFinds calls that ask a model whether a string is JSON.",
        task: None,
        subtype: Some("validate-json"),
        default_enabled: true,
    },
    RuleInfo {
        code: "LLM302",
        name: "llm-validates-email",
        summary: "an LLM call checks that a string is an email address",
        doc: "## What it does\nFinds calls that ask a model whether a string is an email address.",
        task: None,
        subtype: Some("validate-email"),
        default_enabled: true,
    },
];

fn test_lookup(code: &str) -> Option<&'static RuleInfo> {
    TEST_RULES
        .iter()
        .find(|r| r.code == code)
        .or_else(|| llmlint_rules::registry::rule_by_code(code))
}

pub fn sarif_value() -> Value {
    llmlint::check::render::sarif::to_sarif_with(&all(), &sources(), &opts(), &test_lookup)
}
