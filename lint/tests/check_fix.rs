//! Applying fixes: one round (order, overlaps), the loop (convergence, idempotence, dropped
//! fixes that break parsing, the iteration cap), diffs, `--show-fixes`, and writing to disk.

use std::fs;
use std::path::Path;

use llmlint::check::Diagnostic;
use llmlint::check::fix::{
    FileFixes, FixRecord, FixSettings, WriteError, apply_fixes, fix_until_stable, read_with_stamp,
    render_show_fixes, unified_diff, write_atomic,
};
use llmlint::text::LineIndex;
use llmlint_rewrite::{Applicability, Edit, Fix};

fn fix(edits: Vec<Edit>) -> Fix {
    Fix {
        message: "Fix it".to_string(),
        applicability: Applicability::Safe,
        edits,
    }
}

#[test]
fn one_round_sorts_and_applies() {
    let text = "abcdef";
    let f1 = fix(vec![Edit::replace(4, 5, "E")]);
    let f2 = fix(vec![Edit::replace(0, 1, "A"), Edit::insert(6, "!")]);
    let f3 = fix(vec![Edit::delete(2, 3)]);
    let r = apply_fixes(text, &[&f1, &f2, &f3]);
    assert_eq!(r.text, "AbdEf!");
    assert_eq!(r.applied, [0, 1, 2]);
    assert!(r.skipped.is_empty());
}

#[test]
fn one_round_skips_overlaps_and_bad_edits() {
    let text = "abcdef";
    let first = fix(vec![Edit::replace(1, 4, "X")]);
    let overlapping = fix(vec![Edit::replace(3, 5, "Y")]);
    let inside = fix(vec![Edit::insert(2, "Z")]);
    let touching = fix(vec![Edit::insert(4, "T")]);
    let out_of_range = fix(vec![Edit::replace(5, 99, "Q")]);
    let r = apply_fixes(
        text,
        &[&first, &overlapping, &inside, &touching, &out_of_range],
    );
    assert_eq!(r.text, "aXTef");
    assert_eq!(r.applied, [0, 3]);
    assert_eq!(r.skipped, [1, 2, 4]);
}

#[test]
fn same_point_insertions_conflict_and_self_overlap_is_skipped() {
    let text = "ab";
    let a = fix(vec![Edit::insert(1, "1")]);
    let b = fix(vec![Edit::insert(1, "2")]);
    let r = apply_fixes(text, &[&a, &b]);
    assert_eq!(r.text, "a1b");
    assert_eq!(r.skipped, [1]);
    let self_overlap = fix(vec![Edit::replace(0, 2, "x"), Edit::replace(1, 2, "y")]);
    let r = apply_fixes(text, &[&self_overlap]);
    assert_eq!(r.text, "ab");
    assert_eq!(r.skipped, [0]);
}

#[test]
fn edits_inside_a_character_are_refused() {
    let text = "é";
    let f = fix(vec![Edit::replace(1, 2, "e")]);
    let r = apply_fixes(text, &[&f]);
    assert_eq!(r.text, "é");
    assert_eq!(r.skipped, [0]);
}

/// A synthetic rule: every `aa` should be `a` (overlapping matches in `aaaa`).
fn squash_aa(text: &str) -> Vec<Diagnostic> {
    let idx = LineIndex::new(text);
    let mut out = Vec::new();
    let b = text.as_bytes();
    for i in 0..b.len().saturating_sub(1) {
        if b[i] == b'a' && b[i + 1] == b'a' {
            out.push(
                Diagnostic::with_code("LLM401", "t.txt", idx.span(text, i, i + 2), "double a")
                    .with_fix(fix(vec![Edit::replace(i, i + 2, "a")])),
            );
        }
    }
    out
}

#[test]
fn loop_converges_and_is_idempotent() {
    let text = "xaaaaaaaay aa";
    let out = fix_until_stable(text, FixSettings::default(), squash_aa, |_| true);
    assert_eq!(out.text, "xay a");
    assert!(out.converged);
    assert!(out.iterations > 1, "overlaps need more than one round");
    assert_eq!(out.applied.len(), 8);
    assert!(out.applied.iter().all(|r| r.code == "LLM401"));
    // A second run changes nothing.
    let again = fix_until_stable(&out.text, FixSettings::default(), squash_aa, |_| true);
    assert_eq!(again.text, out.text);
    assert_eq!(again.iterations, 0);
    assert!(again.applied.is_empty());
    assert!(again.converged);
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

#[test]
fn a_fix_that_breaks_parsing_is_dropped() {
    // Two fixes: `old` -> `new` (fine) and `(x)` -> `(x` (breaks the parens).
    let analyse = |text: &str| {
        let idx = LineIndex::new(text);
        let mut v = Vec::new();
        if let Some(p) = text.find("old") {
            v.push(
                Diagnostic::with_code("LLM401", "t.py", idx.span(text, p, p + 3), "old")
                    .with_fix(fix(vec![Edit::replace(p, p + 3, "new")])),
            );
        }
        if let Some(p) = text.find("(x)") {
            v.push(
                Diagnostic::with_code("LLM402", "t.py", idx.span(text, p, p + 3), "x").with_fix(
                    Fix {
                        message: "Unbalance".to_string(),
                        applicability: Applicability::Safe,
                        edits: vec![Edit::delete(p + 2, p + 3)],
                    },
                ),
            );
        }
        v
    };
    let out = fix_until_stable("old (x)", FixSettings::default(), analyse, balanced);
    assert_eq!(out.text, "new (x)");
    assert!(out.converged);
    assert_eq!(
        out.dropped,
        [FixRecord {
            code: "LLM402".to_string(),
            name: "llm-trims-whitespace".to_string(),
            message: "Unbalance".to_string()
        }]
    );
    assert_eq!(out.applied.len(), 1);
}

#[test]
fn fixes_valid_alone_but_not_together_go_one_at_a_time() {
    // Valid means: no "AB" in the text.
    let valid = |s: &str| !s.contains("AB");
    let analyse = |text: &str| {
        let idx = LineIndex::new(text);
        let mut v = Vec::new();
        for (from, to) in [("x", "A"), ("y", "B")] {
            if let Some(p) = text.find(from) {
                v.push(
                    Diagnostic::with_code("LLM401", "t", idx.span(text, p, p + 1), "m")
                        .with_fix(fix(vec![Edit::replace(p, p + 1, to)])),
                );
            }
        }
        v
    };
    let out = fix_until_stable("xy", FixSettings::default(), analyse, valid);
    assert_eq!(out.text, "Ay");
    assert_eq!(out.applied.len(), 1);
    assert_eq!(out.dropped.len(), 1);
    assert!(out.converged);
}

#[test]
fn iteration_cap() {
    let grow = |text: &str| {
        let idx = LineIndex::new(text);
        vec![
            Diagnostic::with_code("LLM401", "t", idx.span(text, 0, 0), "grow")
                .with_fix(fix(vec![Edit::insert(0, "x")])),
        ]
    };
    let settings = FixSettings {
        unsafe_fixes: false,
        max_iterations: 5,
    };
    let out = fix_until_stable("", settings, grow, |_| true);
    assert_eq!(out.text, "xxxxx");
    assert_eq!(out.iterations, 5);
    assert!(!out.converged);
}

#[test]
fn applicability_decides_what_is_applied() {
    let analyse = |text: &str| {
        let idx = LineIndex::new(text);
        let mut v = Vec::new();
        for (i, (from, app)) in [
            ("s", Applicability::Safe),
            ("u", Applicability::Unsafe),
            ("d", Applicability::DisplayOnly),
        ]
        .into_iter()
        .enumerate()
        {
            if text.as_bytes().get(i) == Some(&from.as_bytes()[0]) {
                v.push(
                    Diagnostic::with_code("LLM401", "t", idx.span(text, i, i + 1), "m").with_fix(
                        Fix {
                            message: "Upper".to_string(),
                            applicability: app,
                            edits: vec![Edit::replace(i, i + 1, from.to_uppercase())],
                        },
                    ),
                );
            }
        }
        v
    };
    let safe_only = fix_until_stable("sud", FixSettings::default(), analyse, |_| true);
    assert_eq!(safe_only.text, "Sud");
    let with_unsafe = fix_until_stable(
        "sud",
        FixSettings {
            unsafe_fixes: true,
            ..FixSettings::default()
        },
        analyse,
        |_| true,
    );
    assert_eq!(with_unsafe.text, "SUd");
}

#[test]
fn unified_diff_output() {
    let old = "a\nb\nc\n";
    let new = "a\nB\nc\n";
    assert_eq!(
        unified_diff("app/x.py", old, new),
        "--- app/x.py\n+++ app/x.py\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
    );
    assert_eq!(unified_diff("app/x.py", old, old), "");
}

#[test]
fn show_fixes_listing() {
    let rec = |code: &str, name: &str| FixRecord {
        code: code.to_string(),
        name: name.to_string(),
        message: "m".to_string(),
    };
    let files = vec![
        FileFixes {
            path: "/work/proj/b.py".to_string(),
            fixes: vec![rec("LLM901", "unused-suppression")],
        },
        FileFixes {
            path: "/work/proj/a.py".to_string(),
            fixes: vec![
                rec("LLM301", "llm-validates-json"),
                rec("LLM901", "unused-suppression"),
                rec("LLM301", "llm-validates-json"),
            ],
        },
    ];
    assert_eq!(
        render_show_fixes(&files, Path::new("/work/proj")),
        "Fixed 4 findings:\n- a.py:\n    2 × LLM301 (llm-validates-json)\n    1 × LLM901 (unused-suppression)\n- b.py:\n    1 × LLM901 (unused-suppression)\n"
    );
    assert_eq!(render_show_fixes(&[], Path::new("/")), "");
}

fn dir_entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn atomic_write_replaces_content_and_keeps_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    fs::write(&path, "x = ask(1)\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o751)).unwrap();
    }
    let (bytes, stamp) = read_with_stamp(&path).unwrap();
    assert_eq!(bytes, b"x = ask(1)\n");
    write_atomic(&path, b"x = is_valid(1)\n", &stamp).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "x = is_valid(1)\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o751);
    }
    // No temporary file left behind.
    assert_eq!(dir_entries(dir.path()), ["app.py"]);
}

#[test]
fn refuses_to_write_a_file_changed_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    fs::write(&path, "x = ask(1)\n").unwrap();
    let (_, stamp) = read_with_stamp(&path).unwrap();
    // Someone edits the file (same length, so only the content differs).
    fs::write(&path, "y = ask(2)\n").unwrap();
    let err = write_atomic(&path, b"x = is_valid(1)\n", &stamp).unwrap_err();
    assert!(matches!(err, WriteError::Changed), "{err}");
    assert_eq!(
        err.to_string(),
        "file changed on disk since it was read; not written"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "y = ask(2)\n");
    assert_eq!(dir_entries(dir.path()), ["app.py"]);
    // Deleted since it was read: an error, nothing written.
    fs::remove_file(&path).unwrap();
    assert!(write_atomic(&path, b"z", &stamp).is_err());
    assert!(dir_entries(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn writing_through_a_symlink_replaces_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.py");
    let link = dir.path().join("link.py");
    fs::write(&target, "a\n").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (_, stamp) = read_with_stamp(&link).unwrap();
    write_atomic(&link, b"b\n", &stamp).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "b\n");
}
