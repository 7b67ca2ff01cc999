//! End-to-end tests of the `llmlint` binary: exit codes, bad input, configuration errors.

use std::path::Path;

use assert_cmd::Command;

fn llmlint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("llmlint").unwrap();
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

#[test]
fn version_and_help() {
    let d = tempfile::tempdir().unwrap();
    let out = llmlint(d.path()).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("llmlint "));
    let out = llmlint(d.path()).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout).to_string();
    for cmd in ["calls", "check", "rule"] {
        assert!(help.contains(cmd), "{help}");
    }
}

#[test]
fn missing_path_exits_2_with_one_line() {
    let d = tempfile::tempdir().unwrap();
    let out = llmlint(d.path())
        .args(["calls", "does/not/exist"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("does/not/exist"), "{err}");
}

#[test]
fn unknown_flag_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let out = llmlint(d.path())
        .args(["calls", "--frobnicate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_config_names_file_and_key_and_exits_2() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "pyproject.toml",
        b"[tool.llmlint]\nexclude = [\"x\"]\ncalls-per-dya = 3\n",
    );
    write(d.path(), "app.py", b"x = 1\n");
    let out = llmlint(d.path()).args(["calls", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pyproject.toml") && err.contains("calls-per-dya"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn bad_files_warn_once_each_and_the_run_goes_on() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "latin1.py", b"import openai\nx = '\xe9t\xe9'\n");
    let deep = format!(
        "import openai\nx = {}1{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    write(d.path(), "deep.py", deep.as_bytes());
    let deep_rs = format!(
        "use async_openai::Client;\nfn f() {{ let x = {}1{}; }}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    write(d.path(), "deep.rs", deep_rs.as_bytes());
    write(
        d.path(),
        "broken.py",
        b"import openai\ndef f(:\n    openai.chat.completions.create(\n",
    );
    write(
        d.path(),
        "broken.rs",
        b"use async_openai::Client;\nfn f( {\n",
    );
    write(d.path(), "fine.py", b"print('hello')\n");
    let out = llmlint(d.path())
        .args(["calls", "--output-format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!err.contains("panicked"), "{err}");
    for name in ["latin1.py", "deep.py", "deep.rs"] {
        assert_eq!(
            err.lines().filter(|l| l.contains(name)).count(),
            1,
            "{name}: {err}"
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["files_scanned"], 6);
}

#[test]
fn calls_json_is_empty_and_well_formed_on_a_clean_tree() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.py", b"def f(x):\n    return x + 1\n");
    write(d.path(), "src/lib.rs", b"pub fn f() {}\n");
    let out = llmlint(d.path())
        .args(["calls", "--output-format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["calls"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["files_scanned"], 2);
    assert_eq!(v["summary"]["files_parsed"], 0);
}

#[test]
fn check_on_a_clean_tree_exits_0() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.py", b"x = 1\n");
    let out = llmlint(d.path()).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_a_warning_not_a_hang() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "pkg/a.py", b"x = 1\n");
    std::os::unix::fs::symlink(d.path().join("pkg"), d.path().join("pkg/loop")).unwrap();
    let out = llmlint(d.path()).args(["calls", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("loop"), "{err}");
}

#[test]
fn min_confidence_comes_from_each_files_closest_config() {
    let d = tempfile::tempdir().unwrap();
    let code = b"from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ok(payload: str) -> bool:\n    resp = client.chat.completions.create(\n        model=\"gpt-4o-mini\",\n        messages=[{\"role\": \"user\", \"content\": f\"Is the following string valid JSON? Answer yes or no.\\n\\n{payload}\"}],\n    )\n    return resp.choices[0].message.content.strip().lower() == \"yes\"\n";
    write(d.path(), "strict/app.py", code);
    write(d.path(), "strict/llmlint.toml", b"min-confidence = 1.0\n");
    write(d.path(), "loose/app.py", code);
    let out = llmlint(d.path())
        .args(["check", "--output-format", "concise", "."])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("loose/app.py:7:12: LLM301"), "{text}");
    assert!(!text.contains("strict/app.py"), "{text}");
    // The command line overrides both configurations.
    let out = llmlint(d.path())
        .args([
            "check",
            "--output-format",
            "concise",
            "--min-confidence",
            "0.5",
            ".",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("strict/app.py:7:12: LLM301"), "{text}");
}
