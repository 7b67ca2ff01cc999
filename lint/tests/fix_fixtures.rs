//! Fix fixtures: every `fixtures/fix/{python,rust}/NAME` is copied to a temporary folder,
//! fixed with `llmlint check --fix --unsafe-fixes`, and compared with the hand-written
//! `NAME.fixed` beside it. A second run must change nothing, and every fixed file must parse.
//! Fixtures whose `.fixed` equals the input are display-only cases: the findings carry a
//! fix that is shown and never applied.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use llmlint::checkrun::parses;
use llmlint_rules::Language;

fn fixture_dir(lang: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/lint"))
        .join("../fixtures/fix")
        .join(lang)
}

/// (input, expected) pairs of one language.
fn fixtures(lang: &str, ext: &str) -> Vec<(PathBuf, PathBuf)> {
    let mut out: Vec<(PathBuf, PathBuf)> = fs::read_dir(fixture_dir(lang))
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| {
            let fixed = PathBuf::from(format!("{}.fixed", p.display()));
            (p, fixed)
        })
        .collect();
    out.sort();
    out
}

fn llmlint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("llmlint")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs")
}

fn python3_compiles(path: &Path) -> Option<bool> {
    let out = StdCommand::new("python3")
        .args(["-m", "py_compile"])
        .arg(path)
        .output()
        .ok()?;
    Some(out.status.success())
}

struct Counts {
    changed: usize,
    unchanged: usize,
}

fn run_language(lang: &str, ext: &str, language: Language) -> Counts {
    let cases = fixtures(lang, ext);
    assert!(!cases.is_empty(), "no {lang} fix fixtures");
    let mut counts = Counts {
        changed: 0,
        unchanged: 0,
    };
    let mut failures = Vec::new();
    for (input, expected_path) in &cases {
        let name = input.file_name().expect("file name");
        let original = fs::read_to_string(input).expect("fixture");
        let expected = fs::read_to_string(expected_path)
            .unwrap_or_else(|_| panic!("{} has no .fixed file", input.display()));
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join(name);
        fs::write(&file, &original).expect("copy");
        let name_s = name.to_string_lossy().to_string();

        let out = llmlint(dir.path(), &["check", "--fix", "--unsafe-fixes", &name_s]);
        assert!(
            out.status.code().is_some_and(|c| c == 0 || c == 1),
            "{name_s}: exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("dropped"),
            "{name_s}: a fix was dropped for not parsing: {stderr}"
        );
        let fixed = fs::read_to_string(&file).expect("fixed file");
        if fixed != expected {
            failures.push(format!(
                "{name_s}: fixed text differs from {}\n{}",
                expected_path.display(),
                similar::TextDiff::from_lines(&expected, &fixed)
                    .unified_diff()
                    .header("expected", "actual")
            ));
            continue;
        }
        assert!(
            parses(language, &fixed),
            "{name_s}: fixed file does not parse"
        );
        if language == Language::Python
            && let Some(ok) = python3_compiles(&file)
        {
            assert!(
                ok,
                "{name_s}: python3 -m py_compile fails on the fixed file"
            );
        }

        // Converged: a second run applies nothing.
        let again = llmlint(
            dir.path(),
            &["check", "--fix", "--unsafe-fixes", "--show-fixes", &name_s],
        );
        let after = fs::read_to_string(&file).expect("fixed file");
        assert_eq!(
            after, fixed,
            "{name_s}: a second --fix run changed the file"
        );
        assert!(
            !String::from_utf8_lossy(&again.stdout).contains("Fixed "),
            "{name_s}: a second run reports applied fixes"
        );

        if fixed == original {
            counts.unchanged += 1;
            // Display-only: findings with fixes, none applicable.
            let json = llmlint(
                dir.path(),
                &[
                    "check",
                    "--output-format",
                    "json",
                    "--unsafe-fixes",
                    &name_s,
                ],
            );
            let diags: serde_json::Value =
                serde_json::from_slice(&json.stdout).expect("json output");
            let fixes: Vec<&serde_json::Value> = diags
                .as_array()
                .expect("array")
                .iter()
                .filter_map(|d| d.get("fix").filter(|f| !f.is_null()))
                .collect();
            assert!(!fixes.is_empty(), "{name_s}: no finding carries a fix");
            for f in fixes {
                assert_eq!(
                    f["applicability"], "display-only",
                    "{name_s}: an unchanged fixture has an applicable fix: {f}"
                );
                assert!(f["edits"].as_array().is_some_and(|e| e.is_empty()));
            }
        } else {
            counts.changed += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    counts
}

#[test]
fn python_fix_fixtures() {
    let c = run_language("python", "py", Language::Python);
    assert!(c.changed >= 8, "python fixtures fixed: {}", c.changed);
    assert!(
        c.unchanged >= 1,
        "python display-only fixtures: {}",
        c.unchanged
    );
}

#[test]
fn rust_fix_fixtures() {
    let c = run_language("rust", "rs", Language::Rust);
    assert!(c.changed >= 4, "rust fixtures fixed: {}", c.changed);
    assert!(
        c.unchanged >= 1,
        "rust display-only fixtures: {}",
        c.unchanged
    );
}

#[test]
fn every_fixture_has_its_expected_file_and_nothing_else() {
    for lang in ["python", "rust"] {
        for e in fs::read_dir(fixture_dir(lang)).expect("folder") {
            let p = e.expect("entry").path();
            let s = p.to_string_lossy().to_string();
            if let Some(input) = s.strip_suffix(".fixed") {
                assert!(Path::new(input).is_file(), "{s} has no input file");
            } else {
                assert!(
                    Path::new(&format!("{s}.fixed")).is_file(),
                    "{s} has no .fixed file"
                );
            }
        }
    }
}
