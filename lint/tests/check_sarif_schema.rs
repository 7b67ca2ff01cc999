//! `--output-format sarif` validates against the official SARIF 2.1.0 JSON schema (vendored
//! under `tests/data/sarif/`, see its README), and the validator does reject broken logs.

mod check_support;

use check_support::*;
use llmlint::check::render::{OutputFormat, render};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let path = concat!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/lint"),
        "/tests/data/sarif/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("vendored SARIF schema");
    // The published schema's `language` pattern has a lone `]`, which is a literal in
    // JavaScript's legacy regex syntax but rejected by the ECMA-262 `regex` format check that
    // meta-validation runs. Escape it (same meaning) so the schema compiles with format
    // validation on; llmlint never emits `language`.
    const BAD: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    const GOOD: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#;
    assert_eq!(
        text.matches(BAD).count(),
        2,
        "schema changed: revisit the patch"
    );
    let text = text.replace(BAD, GOOD);
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn errors(v: &Value) -> Vec<String> {
    validator()
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_output_is_valid() {
    let v = sarif_value();
    let errs = errors(&v);
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn sarif_rendered_text_with_registry_rules_is_valid() {
    let text = render(OutputFormat::Sarif, &all(), &sources(), &opts());
    let v: Value = serde_json::from_str(&text).unwrap();
    let errs = errors(&v);
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn empty_sarif_is_valid() {
    let text = render(OutputFormat::Sarif, &[], &sources(), &opts());
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["runs"][0]["results"], serde_json::json!([]));
    let errs = errors(&v);
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn validator_rejects_broken_sarif() {
    let good = sarif_value();
    // A region's startLine must be at least 1.
    let mut bad = good.clone();
    bad["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!errors(&bad).is_empty());
    // The version is an enum.
    let mut bad = good.clone();
    bad["version"] = Value::from("2.0.0");
    assert!(!errors(&bad).is_empty());
    // Unknown properties are not allowed on a result.
    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["severity"] = Value::from("high");
    assert!(!errors(&bad).is_empty());
    // Formats are checked: a URI reference cannot hold a raw space.
    let mut bad = good.clone();
    bad["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("app/my orders.py");
    assert!(!errors(&bad).is_empty());
    // A message needs text (or an id).
    let mut bad = good;
    bad["runs"][0]["results"][1]["message"] = serde_json::json!({});
    assert!(!errors(&bad).is_empty());
}
