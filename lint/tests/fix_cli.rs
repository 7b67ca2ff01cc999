//! The fix options of `llmlint check` end to end: `--diff` writes nothing, `--fix` alone
//! applies no unsafe fix, `--show-fixes` lists what was applied, permissions survive, and
//! exit codes say whether findings remain.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const VALIDATOR: &str = "validator_yes_decorated.py";
const DISPLAY_ONLY: &str = "display_only.py";

fn fixture(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/lint"))
        .join("../fixtures/fix/python")
        .join(name)
}

/// A temporary folder holding a copy of the named fixtures.
fn workspace(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in names {
        fs::copy(fixture(n), dir.path().join(n)).expect("copy fixture");
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("llmlint")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = workspace(&[VALIDATOR]);
    let path = dir.path().join(VALIDATOR);
    let before = fs::read(&path).expect("read");
    let mtime = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let (_, out, err) = run(
        dir.path(),
        &["check", "--diff", "--unsafe-fixes", VALIDATOR],
    );
    assert!(err.is_empty(), "{err}");
    assert!(
        out.starts_with(&format!("--- {VALIDATOR}\n+++ {VALIDATOR}\n@@ ")),
        "{out}"
    );
    assert!(out.contains("\n+import ipaddress\n"), "{out}");
    assert!(
        out.contains("\n+def is_valid_ipv4(value: str) -> bool:\n"),
        "{out}"
    );
    assert!(
        out.contains("\n-    reply = client.chat.completions.create(\n"),
        "{out}"
    );
    assert!(
        out.contains("\n-    if reply.choices[0].message.content.strip().lower() == \"yes\":\n+    if is_valid_ipv4(address):\n"),
        "{out}"
    );
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(
        fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime"),
        mtime
    );
    // Without --unsafe-fixes there is nothing to show.
    let (_, out, _) = run(dir.path(), &["check", "--diff", VALIDATOR]);
    assert!(!out.contains("+++"), "{out}");
}

#[test]
fn fix_without_unsafe_fixes_applies_no_unsafe_fix() {
    let dir = workspace(&[VALIDATOR]);
    let path = dir.path().join(VALIDATOR);
    let before = fs::read(&path).expect("read");
    let (code, out, _) = run(dir.path(), &["check", "--fix", VALIDATOR]);
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("available with `--fix --unsafe-fixes`"),
        "the summary points at --unsafe-fixes: {out}"
    );
}

#[test]
fn show_fixes_lists_the_applied_fixes_and_exit_codes_follow_what_remains() {
    let dir = workspace(&[VALIDATOR, DISPLAY_ONLY]);
    // Before: findings, exit 1.
    let (code, _, _) = run(dir.path(), &["check", VALIDATOR]);
    assert_eq!(code, Some(1));
    let (code, out, _) = run(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "--show-fixes", "."],
    );
    assert!(
        out.contains(&format!(
            "Fixed 1 finding:\n- {VALIDATOR}:\n    1 × LLM306 (llm-validates-ip-address)\n"
        )),
        "{out}"
    );
    assert!(!out.contains(&format!("- {DISPLAY_ONLY}:")), "{out}");
    // The display-only findings remain: exit 1.
    assert_eq!(code, Some(1), "{out}");
    // The fixed file alone has nothing left: exit 0.
    let (code, out, _) = run(dir.path(), &["check", VALIDATOR]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("All checks passed!"), "{out}");
    // A bad option is a usage error.
    let (code, _, _) = run(dir.path(), &["check", "--no-such-option", VALIDATOR]);
    assert_eq!(code, Some(2));
}

#[cfg(unix)]
#[test]
fn fixing_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace(&[VALIDATOR]);
    let path = dir.path().join(VALIDATOR);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    let before = fs::read_to_string(&path).expect("read");
    run(dir.path(), &["check", "--fix", "--unsafe-fixes", VALIDATOR]);
    let after = fs::read_to_string(&path).expect("read");
    assert_ne!(after, before, "the fix was applied");
    let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // No temporary file is left beside it.
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, [VALIDATOR]);
}

#[test]
fn one_helper_for_several_calls_and_a_second_run_is_a_no_op() {
    let dir = workspace(&["method_shared_helper.py"]);
    let path = dir.path().join("method_shared_helper.py");
    let (_, out, _) = run(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "--show-fixes", "."],
    );
    assert!(out.contains("2 × LLM302 (llm-validates-email)"), "{out}");
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches("def is_valid_email(").count(), 1, "{text}");
    assert_eq!(text.matches("import re\n").count(), 1, "{text}");
    assert_eq!(text.matches("is_valid_email(").count(), 3, "{text}");
    let (_, out, _) = run(dir.path(), &["check", "--diff", "--unsafe-fixes", "."]);
    assert!(out.is_empty(), "{out}");
}
