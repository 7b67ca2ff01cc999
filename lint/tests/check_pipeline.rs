//! `finalize_file`: selection, per-file-ignores and suppression together; format names.

use clap::ValueEnum;
use llmlint::check::render::OutputFormat;
use llmlint::check::select::{PerFileIgnores, RuleSelection, SelectionLayer};
use llmlint::check::{Diagnostic, exit_code, finalize_file};
use llmlint::text::LineIndex;

fn diag(code: &str, path: &str, text: &str, needle: &str) -> Diagnostic {
    let s = text.find(needle).unwrap();
    let span = LineIndex::new(text).span(text, s, s + needle.len());
    Diagnostic::with_code(code, path, span, "m")
}

#[test]
fn disabled_rules_are_dropped_and_their_suppressions_not_reported() {
    let text = "a = ask(1)\nb = 2  # llmlint: ignore[LLM902]\nc = 3  # llmlint: ignore[LLM901]\n";
    // Only LLM901 is on: the LLM902 finding goes, and its unused suppression is not reported
    // because LLM902 is off.
    let sel = RuleSelection::resolve(&[SelectionLayer {
        select: Some(vec!["LLM901".to_string()]),
        ..SelectionLayer::default()
    }])
    .unwrap();
    let diags = vec![diag("LLM902", "m.py", text, "a = ask(1)")];
    let out = finalize_file("m.py", text, diags, &sel, None);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn per_file_ignores_apply_before_suppression() {
    let text = "a = ask(1)  # llmlint: ignore[LLM902]\n";
    let sel = RuleSelection::default_set();
    let pfi = PerFileIgnores::new(
        "/repo",
        &[("gen/*.py".to_string(), vec!["LLM902".to_string()])],
    )
    .unwrap();
    // In gen/: the rule is off for the file, so the suppression is not "unused".
    let out = finalize_file("/repo/gen/m.py", text, vec![], &sel, Some(&pfi));
    assert!(out.diagnostics.is_empty());
    // Elsewhere: the suppression is unused and reported.
    let out = finalize_file("/repo/src/m.py", text, vec![], &sel, Some(&pfi));
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].code, "LLM901");
    assert_eq!(exit_code(&out.diagnostics), 1);
    // Used: suppressed, nothing reported.
    let d = diag("LLM902", "/repo/src/m.py", text, "a = ask(1)");
    let out = finalize_file("/repo/src/m.py", text, vec![d], &sel, Some(&pfi));
    assert!(out.diagnostics.is_empty());
    assert_eq!(out.suppressed, 1);
    assert_eq!(exit_code(&out.diagnostics), 0);
}

#[test]
fn output_format_names() {
    let names: Vec<String> = OutputFormat::value_variants()
        .iter()
        .map(|v| v.to_possible_value().unwrap().get_name().to_string())
        .collect();
    assert_eq!(
        names,
        ["full", "concise", "json", "json-lines", "sarif", "github"]
    );
    for v in OutputFormat::value_variants() {
        assert_eq!(OutputFormat::from_str(v.as_str(), false).unwrap(), *v);
    }
}
