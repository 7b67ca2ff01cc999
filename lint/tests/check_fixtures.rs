//! Fixtures under `fixtures/check/`: the comment lexers against marked files, and the LLM901
//! fixes against `.fixed` files (converging, idempotent).

use std::path::PathBuf;

use llmlint::check::fix::{FixSettings, fix_until_stable};
use llmlint::check::suppress::{apply_suppressions, python_comments, rust_comments};

fn fixture(name: &str) -> String {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/lint"))
        .join("../fixtures/check")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Lines (1-based) of the comments found, vs the lines holding the marker word.
fn check_marked(text: &str, comments: Vec<llmlint::check::suppress::Comment>) {
    let found: Vec<usize> = comments
        .iter()
        .filter(|c| text[c.start..c.end].contains("COMMENT"))
        .map(|c| text[..c.start].matches('\n').count() + 1)
        .collect();
    let expected: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("COMMENT"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(found, expected);
    // Nothing else was taken for a comment.
    let others: Vec<&str> = comments
        .iter()
        .map(|c| &text[c.start..c.end])
        .filter(|c| !c.contains("COMMENT"))
        .collect();
    assert_eq!(others.len(), 0, "{others:?}");
}

#[test]
fn python_comment_fixture() {
    let text = fixture("suppress/comments.py");
    check_marked(&text, python_comments(&text));
}

#[test]
fn rust_comment_fixture() {
    let text = fixture("suppress/comments.rs");
    check_marked(&text, rust_comments(&text));
}

fn unused_fixes_converge(name: &str) {
    let text = fixture(name);
    let expected = fixture(&format!("{name}.fixed"));
    // The file has no findings: every LLM-code suppression in it is unused.
    let analyse = |t: &str| apply_suppressions(name, t, Vec::new(), &|_| true).diagnostics;
    let out = fix_until_stable(&text, FixSettings::default(), analyse, |_| true);
    assert!(out.converged);
    assert_eq!(out.text, expected);
    assert!(out.applied.iter().all(|r| r.code == "LLM901"));
    // Idempotent: the fixed file has nothing left to fix or report.
    assert!(
        apply_suppressions(name, &expected, Vec::new(), &|_| true)
            .diagnostics
            .is_empty()
    );
}

#[test]
fn unused_python_suppressions_fixed() {
    unused_fixes_converge("suppress/unused.py");
}

#[test]
fn unused_rust_suppressions_fixed() {
    unused_fixes_converge("suppress/unused.rs");
}
