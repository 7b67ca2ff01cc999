//! `llmlint check` end to end, through the binary, on the small project in
//! `fixtures/check/project`: every output format (snapshots), the SARIF schema, ruff's JSON
//! shape, exit codes, rule selection from the command line and the configuration,
//! suppression comments, `--min-confidence`, `llmlint rule`, and colour.
//!
//! The project (config in its `pyproject.toml`: `select = ["LLM1", "LLM3", "LLM4", "LLM9"]`,
//! `per-file-ignores` for `scripts/*.py`, a fixed `price-date`) reports, by default:
//!
//! ```text
//! app/intake.py:9:12        LLM301  validate JSON (answer compared to "yes")
//! app/intake.py:19:12       LLM101  extract an email
//! app/quiet.py:50:35        LLM901  unused `# llmlint: ignore[LLM403]`
//! app/quiet.py:56:12        LLM305  `# noqa: LLM305` is inside a string: not a suppression
//! scripts/backfill.py:17:12 LLM304  (its LLM101 is silenced by per-file-ignores)
//! src/lib.rs:11:15          LLM102
//! src/lib.rs:32:15          LLM401  (the `// llmlint: ignore[LLM102]` beside it is wrong...)
//! src/lib.rs:32:66          LLM901  (... and reported unused)
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn project() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/lint"))
        .join("../fixtures/check/project")
        .canonicalize()
        .expect("fixture project")
}

fn llmlint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("llmlint").unwrap();
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = llmlint(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn check(args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    run_in(&project(), &all)
}

/// `path:line:col: CODE` of each finding of a `concise` run in `dir`.
fn findings_in(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--output-format", "concise"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    let lines = locations(&r.stdout);
    assert_eq!(
        r.code == 1,
        !lines.is_empty(),
        "exit code disagrees with the findings: {}",
        r.stdout
    );
    lines
}

fn findings(args: &[&str]) -> Vec<String> {
    findings_in(&project(), args)
}

fn locations(concise: &str) -> Vec<String> {
    concise
        .lines()
        .filter_map(|l| {
            // `path:line:col: LLM301 message`
            let (loc, rest) = l.split_once(": ")?;
            let code = rest.split_whitespace().next()?;
            (code.starts_with("LLM") && loc.matches(':').count() == 2)
                .then(|| format!("{loc}: {code}"))
        })
        .collect()
}

const DEFAULT: &[&str] = &[
    "app/intake.py:9:12: LLM301",
    "app/intake.py:19:12: LLM101",
    "app/quiet.py:50:35: LLM901",
    "app/quiet.py:56:12: LLM305",
    "scripts/backfill.py:17:12: LLM304",
    "src/lib.rs:11:15: LLM102",
    "src/lib.rs:32:15: LLM401",
    "src/lib.rs:32:66: LLM901",
];

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Absolute paths and the tool version vary by machine and release.
fn redact(text: &str) -> String {
    let root = project();
    let root = root.to_string_lossy();
    text.replace(&format!("file://{root}/"), "file://[PROJECT]/")
        .replace(root.as_ref(), "[PROJECT]")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A scratch copy of the project, to edit.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("project");
    copy_dir(&project(), &root);
    (d, root)
}

/// Replace `from` (which must occur exactly once) by `to` in `root/path`.
fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let p = root.join(path);
    let text = std::fs::read_to_string(&p).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {path}");
    std::fs::write(&p, text.replace(from, to)).unwrap();
}

// ---------------------------------------------------------------------------------------
// Output formats

#[test]
fn default_findings() {
    assert_eq!(findings(&[]), strs(DEFAULT));
}

#[test]
fn full_output() {
    let r = check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    assert!(!r.stdout.contains('\u{1b}'));
    insta::assert_snapshot!("full", redact(&r.stdout));
}

#[test]
fn concise_output() {
    let r = check(&["--output-format", "concise"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("concise", redact(&r.stdout));
}

#[test]
fn github_output() {
    let r = check(&["--output-format", "github"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for line in r.stdout.lines() {
        assert!(line.starts_with("::warning title=llmlint (LLM"), "{line}");
    }
    insta::assert_snapshot!("github", redact(&r.stdout));
}

#[test]
fn statistics_output() {
    let r = check(&["--statistics"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("statistics", r.stdout);
    // The counts add up to the findings.
    let total: usize = r
        .stdout
        .lines()
        .map(|l| {
            l.split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(total, DEFAULT.len());
}

fn json_output() -> Vec<Value> {
    let r = check(&["--output-format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    match serde_json::from_str(&r.stdout).expect("json output parses") {
        Value::Array(a) => a,
        other => panic!("not an array: {other}"),
    }
}

#[test]
fn json_output_snapshot() {
    let v = Value::Array(json_output());
    insta::assert_snapshot!("json", redact(&serde_json::to_string_pretty(&v).unwrap()));
}

#[test]
fn json_lines_is_the_json_array_one_per_line() {
    let r = check(&["--output-format", "json-lines"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines, json_output());
    insta::assert_snapshot!("json_lines", redact(&r.stdout));
}

fn location(v: &Value) -> (u64, u64) {
    (
        v["row"].as_u64().expect("row is an integer"),
        v["column"].as_u64().expect("column is an integer"),
    )
}

#[test]
fn json_has_ruff_shape() {
    let diags = json_output();
    assert_eq!(diags.len(), DEFAULT.len());
    let keys: BTreeSet<&str> = [
        "cell",
        "code",
        "end_location",
        "filename",
        "fix",
        "location",
        "message",
        "noqa_row",
        "url",
    ]
    .into();
    let mut with_fix = 0;
    for d in &diags {
        let obj = d.as_object().expect("a diagnostic is an object");
        let got: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(got, keys, "{d}");
        assert!(d["cell"].is_null());
        let code = d["code"].as_str().unwrap();
        assert!(
            code.len() == 6 && code.starts_with("LLM") && code[3..].parse::<u16>().is_ok(),
            "{code}"
        );
        assert_eq!(
            d["url"].as_str().unwrap(),
            format!("https://llmlint.dev/rules/{code}")
        );
        let message = d["message"].as_str().unwrap();
        assert!(!message.ends_with('.'), "{message}");
        assert!(message.starts_with(char::is_lowercase), "{message}");
        // ruff's `filename` is absolute.
        let filename = Path::new(d["filename"].as_str().unwrap());
        assert!(filename.is_absolute() && filename.is_file(), "{filename:?}");
        assert!(filename.starts_with(project()));
        let start = location(&d["location"]);
        let end = location(&d["end_location"]);
        assert!(start.0 >= 1 && start.1 >= 1 && end >= start, "{d}");
        assert_eq!(d["noqa_row"].as_u64(), Some(start.0));
        match &d["fix"] {
            Value::Null => {}
            fix => {
                with_fix += 1;
                let fkeys: BTreeSet<&str> = fix
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(String::as_str)
                    .collect();
                assert_eq!(fkeys, ["applicability", "edits", "message"].into());
                assert!(matches!(
                    fix["applicability"].as_str(),
                    Some("safe" | "unsafe" | "display-only")
                ));
                assert!(fix["message"].is_string());
                for e in fix["edits"].as_array().unwrap() {
                    let ekeys: BTreeSet<&str> =
                        e.as_object().unwrap().keys().map(String::as_str).collect();
                    assert_eq!(ekeys, ["content", "end_location", "location"].into());
                    assert!(e["content"].is_string());
                    assert!(location(&e["end_location"]) >= location(&e["location"]));
                }
            }
        }
    }
    assert!(with_fix >= 2, "the LLM901 findings carry a fix");
}

/// The text of `path` from (row, column) on, columns counting characters.
fn text_at(path: &Path, (row, col): (u64, u64)) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text.lines().nth(row as usize - 1).unwrap();
    line.chars().skip(col as usize - 1).collect()
}

#[test]
fn json_locations_point_at_the_source() {
    for d in json_output() {
        let path = PathBuf::from(d["filename"].as_str().unwrap());
        let at = text_at(&path, location(&d["location"]));
        let code = d["code"].as_str().unwrap();
        if code == "LLM901" {
            assert!(
                at.starts_with("# llmlint: ignore[") || at.starts_with("// llmlint: ignore["),
                "{code} at {at:?}"
            );
            // The end is the end of the line: the comment runs to it.
            let (row, col) = location(&d["end_location"]);
            let text = std::fs::read_to_string(&path).unwrap();
            let line = text.lines().nth(row as usize - 1).unwrap();
            assert_eq!(col as usize, line.chars().count() + 1);
        } else {
            assert!(at.starts_with("client."), "{code} at {at:?}");
            // The span ends just after the call's closing parenthesis.
            let (row, col) = location(&d["end_location"]);
            let before_end = text_at(&path, (row, col - 1));
            assert!(before_end.starts_with(')'), "{code} ends at {before_end:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// SARIF

fn sarif_validator() -> jsonschema::Validator {
    let path = concat!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/lint"),
        "/tests/data/sarif/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("vendored SARIF schema");
    // As in `check_sarif_schema.rs`: the published `language` pattern has a lone `]` that the
    // ECMA-262 format check rejects; escaped, it means the same.
    const BAD: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    const GOOD: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#;
    assert_eq!(text.matches(BAD).count(), 2, "schema changed");
    let schema: Value = serde_json::from_str(&text.replace(BAD, GOOD)).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn sarif_output(args: &[&str]) -> Value {
    let mut all = vec!["--output-format", "sarif"];
    all.extend_from_slice(args);
    let r = check(&all);
    assert_eq!(r.code, 1, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("sarif output parses")
}

#[test]
fn sarif_validates_against_the_schema() {
    let validator = sarif_validator();
    for args in [
        &[][..],
        &["--select", "ALL"][..],
        &["--select", "LLM4,LLM9"][..],
    ] {
        let v = sarif_output(args);
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
    // The validator is not vacuous: a broken region is rejected.
    let mut bad = sarif_output(&[]);
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        Value::from(0);
    assert!(!validator.is_valid(&bad));
}

#[test]
fn sarif_output_snapshot() {
    let mut v = sarif_output(&[]);
    let run = &mut v["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["version"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    run["tool"]["driver"]["version"] = Value::from("[VERSION]");
    // The rule docs are long: check them against the registry here, and keep the snapshot
    // to what this run adds.
    let rules = run["tool"]["driver"]["rules"].as_array_mut().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "LLM101", "LLM102", "LLM301", "LLM304", "LLM305", "LLM401", "LLM901"
        ]
    );
    for r in rules.iter_mut() {
        let info = llmlint_rules::registry::rule_by_code(r["id"].as_str().unwrap()).unwrap();
        assert_eq!(r["name"].as_str(), Some(info.name));
        assert_eq!(r["shortDescription"]["text"].as_str(), Some(info.summary));
        for k in ["text", "markdown"] {
            let doc = r["fullDescription"][k].as_str().unwrap();
            assert_eq!(doc.trim(), info.doc.trim(), "{}", info.code);
        }
        r["fullDescription"] = Value::from(format!("[doc of {}]", info.code));
    }
    insta::assert_snapshot!("sarif", redact(&serde_json::to_string_pretty(&v).unwrap()));
}

// ---------------------------------------------------------------------------------------
// Exit codes

#[test]
fn exit_codes() {
    // Findings: 1; with --exit-zero: 0, and the findings are still printed.
    assert_eq!(check(&[]).code, 1);
    let r = check(&["--exit-zero", "--output-format", "concise"]);
    assert_eq!(r.code, 0);
    assert_eq!(locations(&r.stdout), strs(DEFAULT));

    // Clean: the Rust file with only validation selected (its LLM301 is suppressed).
    let r = check(&["--select", "LLM3", "src/lib.rs"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "All checks passed!\n"));

    // A folder with a genuine call only.
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("notes.py"),
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef summary(text: str) -> str:\n    \
         resp = client.chat.completions.create(\n        model=\"gpt-4o\",\n        \
         messages=[{\"role\": \"user\", \"content\": f\"Summarise these meeting notes in \
         three bullet points:\\n{text}\"}],\n    )\n    return resp.choices[0].message.content\n",
    )
    .unwrap();
    let r = run_in(d.path(), &["check", "--output-format", "json"]);
    assert_eq!((r.code, r.stdout.trim()), (0, "[]"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--select", "LLM777"][..],
        &["--select", "FOO"][..],
        &["--ignore", "LLM7"][..],
        &["--extend-select", "LLM3,XYZ"][..],
    ] {
        let r = check(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stdout, "", "{args:?}");
        let bad = args[1].split(',').next_back().unwrap();
        assert_eq!(
            r.stderr.trim(),
            format!("llmlint: error: command line: unknown rule selector `{bad}`"),
            "{args:?}"
        );
    }
    // Also when no file holds an LLM call.
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("plain.py"), "x = 1\n").unwrap();
    let r = run_in(d.path(), &["check", "--select", "LLM777"]);
    assert_eq!(r.code, 2, "{}", r.stdout);

    // A missing path.
    let r = check(&["app/missing.py"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("app/missing.py"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);

    // --min-confidence out of range.
    assert_eq!(check(&["--min-confidence", "1.5"]).code, 2);
}

#[test]
fn bad_config_exits_2_naming_the_file() {
    // An unknown selector in `select`.
    let (_d, root) = scratch();
    edit(
        &root,
        "pyproject.toml",
        r#"select = ["LLM1", "LLM3", "LLM4", "LLM9"]"#,
        r#"select = ["LLM1", "LLM3", "LLM7"]"#,
    );
    let r = run_in(&root, &["check"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("pyproject.toml") && r.stderr.contains("`LLM7`"),
        "{}",
        r.stderr
    );

    // An unknown code in per-file-ignores.
    let (_d, root) = scratch();
    edit(&root, "pyproject.toml", r#"["LLM101"]"#, r#"["LLM1O1"]"#);
    let r = run_in(&root, &["check"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("pyproject.toml") && r.stderr.contains("LLM1O1"),
        "{}",
        r.stderr
    );

    // An unknown key.
    let (_d, root) = scratch();
    edit(
        &root,
        "pyproject.toml",
        "price-date = ",
        "extend-ignore = [\"LLM1\"]\nprice-date = ",
    );
    let r = run_in(&root, &["check"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("extend-ignore"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// Selection

fn without(drop: &[&str]) -> Vec<String> {
    DEFAULT
        .iter()
        .filter(|l| !drop.contains(l))
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn select_a_prefix_keeps_only_that_group() {
    assert_eq!(
        findings(&["--select", "LLM3"]),
        strs(&[
            "app/intake.py:9:12: LLM301",
            "app/quiet.py:56:12: LLM305",
            "scripts/backfill.py:17:12: LLM304",
        ])
    );
    // With LLM9 on too, a suppression of a rule that is off is not "unused": the
    // `ignore[LLM403]`, `ignore[LLM401]` and `ignore[LLM102]` comments stay quiet.
    assert_eq!(
        findings(&["--select", "LLM3,LLM9"]),
        findings(&["--select", "LLM3"])
    );
    // Several --select flags add up, like a comma list.
    assert_eq!(
        findings(&["--select", "LLM301", "--select", "LLM304"]),
        strs(&[
            "app/intake.py:9:12: LLM301",
            "scripts/backfill.py:17:12: LLM304"
        ])
    );
}

#[test]
fn ignore_drops_exactly_one_rule() {
    assert_eq!(
        findings(&["--ignore", "LLM301"]),
        without(&["app/intake.py:9:12: LLM301"])
    );
    // The Rust `// llmlint: ignore[LLM301]` now suppresses a rule that is off: not unused.
    assert_eq!(
        findings(&["--ignore", "LLM9"]),
        without(&["app/quiet.py:50:35: LLM901", "src/lib.rs:32:66: LLM901"])
    );
}

#[test]
fn extend_select_adds_to_the_configured_set() {
    // The config leaves lookup (LLM2) off; the legacy file's country-code call comes back.
    let mut want = strs(DEFAULT);
    want.insert(2, "app/legacy.py:18:12: LLM202".into());
    assert_eq!(findings(&["--extend-select", "LLM2"]), want);
}

#[test]
fn cli_select_overrides_the_config() {
    assert_eq!(
        findings(&["--select", "LLM2"]),
        strs(&["app/legacy.py:18:12: LLM202"])
    );
    // Cost hygiene is off in the config; the gpt-4o email extraction is a premium model on a
    // deterministic task.
    assert_eq!(
        findings(&["--select", "LLM503"]),
        strs(&["app/intake.py:19:12: LLM503"])
    );
    // ALL turns everything on, but per-file-ignores still hold: no LLM101 in scripts/.
    let all = findings(&["--select", "ALL"]);
    for l in DEFAULT {
        assert!(all.contains(&l.to_string()), "{l} in {all:?}");
    }
    assert!(all.contains(&"app/legacy.py:18:12: LLM202".to_string()));
    assert!(
        !all.iter()
            .any(|l| l.starts_with("scripts/") && l.ends_with("LLM101"))
    );
}

#[test]
fn per_file_ignores_apply_to_the_glob_only() {
    let (_d, root) = scratch();
    // Without the per-file-ignores entry, the backfill script's email extraction shows up.
    edit(
        &root,
        "pyproject.toml",
        "\"scripts/*.py\" = [\"LLM101\"]",
        "\"tests/*.py\" = [\"LLM101\"]",
    );
    let mut want = strs(DEFAULT);
    want.insert(4, "scripts/backfill.py:9:12: LLM101".into());
    assert_eq!(findings_in(&root, &[]), want);
    // The glob is relative to the config's folder, also when checking from a subfolder.
    let (_d, root) = scratch();
    assert_eq!(
        findings_in(&root.join("scripts"), &[]),
        strs(&["backfill.py:17:12: LLM304"])
    );
}

#[test]
fn an_llmlint_toml_beside_wins_over_pyproject() {
    let (_d, root) = scratch();
    std::fs::write(
        root.join("scripts/llmlint.toml"),
        "select = [\"LLM1\"]\nprice-date = \"2025-06-01\"\n",
    )
    .unwrap();
    let got = findings_in(&root, &[]);
    // scripts/ now has its own config: its LLM101 is on, its LLM304 off.
    let mut want = without(&["scripts/backfill.py:17:12: LLM304"]);
    want.insert(4, "scripts/backfill.py:9:12: LLM101".into());
    assert_eq!(got, want);
}

// ---------------------------------------------------------------------------------------
// Suppression comments

/// Disable one suppression comment (same line count) and return what appears.
fn unsuppressed(path: &str, comment: &str, replacement: &str) -> Vec<String> {
    let (_d, root) = scratch();
    edit(&root, path, comment, replacement);
    let got = findings_in(&root, &[]);
    let base: BTreeSet<String> = strs(DEFAULT).into_iter().collect();
    let now: BTreeSet<String> = got.into_iter().collect();
    assert!(
        now.is_superset(&base),
        "lost findings: {:?}",
        base.difference(&now)
    );
    now.difference(&base).cloned().collect()
}

#[test]
fn each_suppression_comment_silences_exactly_its_finding() {
    // `# llmlint: ignore[CODE]` on the line of the call.
    assert_eq!(
        unsuppressed("app/quiet.py", "  # llmlint: ignore[LLM302]", ""),
        ["app/quiet.py:14:12: LLM302"]
    );
    // `# noqa: CODE` alone on the line above.
    assert_eq!(
        unsuppressed("app/quiet.py", "# noqa: LLM303\n", "# reviewed\n"),
        ["app/quiet.py:24:12: LLM303"]
    );
    // `# llmlint: ignore[CODE]` on an Anthropic call.
    assert_eq!(
        unsuppressed("app/quiet.py", "  # llmlint: ignore[LLM401]", ""),
        ["app/quiet.py:33:11: LLM401"]
    );
    // A bare `# noqa` on the line.
    assert_eq!(
        unsuppressed("app/quiet.py", "(  # noqa\n", "(\n"),
        ["app/quiet.py:42:12: LLM306"]
    );
    // `// llmlint: ignore[CODE]` alone on the line above, in Rust.
    assert_eq!(
        unsuppressed("src/lib.rs", "// llmlint: ignore[LLM301]", "// reviewed"),
        ["src/lib.rs:25:20: LLM301"]
    );
    // The file-level form.
    assert_eq!(
        unsuppressed(
            "app/legacy.py",
            "# llmlint: ignore-file[LLM101]",
            "# legacy"
        ),
        ["app/legacy.py:10:12: LLM101"]
    );
}

#[test]
fn a_suppression_for_another_code_silences_nothing() {
    // `// llmlint: ignore[LLM102]` sits on the LLM401 call: the LLM401 stays and the comment
    // is reported unused; naming the right code silences both.
    let (_d, root) = scratch();
    edit(
        &root,
        "src/lib.rs",
        "// llmlint: ignore[LLM102]",
        "// llmlint: ignore[LLM401]",
    );
    assert_eq!(
        findings_in(&root, &[]),
        without(&["src/lib.rs:32:15: LLM401", "src/lib.rs:32:66: LLM901"])
    );
}

#[test]
fn a_suppression_inside_a_string_is_not_a_comment() {
    // `user="ops # noqa: LLM305"` is on the call's own line: the finding stays, and the text
    // is not an unused suppression either (nor is the one in CHECKLIST on line 10).
    let got = findings(&[]);
    assert!(got.contains(&"app/quiet.py:56:12: LLM305".to_string()));
    assert!(!got.iter().any(|l| l.starts_with("app/quiet.py:10:")));
    assert!(
        !got.iter()
            .any(|l| l.starts_with("app/quiet.py:56:") && l.ends_with("LLM901"))
    );
    // The same text as a real comment does silence it.
    let (_d, root) = scratch();
    edit(
        &root,
        "app/quiet.py",
        "messages=[{\"role\": \"user\", \"content\": prompt}])\n",
        "messages=[{\"role\": \"user\", \"content\": prompt}])  # noqa: LLM305\n",
    );
    assert_eq!(
        findings_in(&root, &[]),
        without(&["app/quiet.py:56:12: LLM305"])
    );
}

#[test]
fn unused_suppressions_are_reported_with_a_fix() {
    let r = check(&["--output-format", "concise"]);
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.contains("LLM901")).collect();
    assert_eq!(
        lines,
        [
            "app/quiet.py:50:35: LLM901 unused suppression for LLM403",
            "src/lib.rs:32:66: LLM901 unused suppression for LLM102",
        ]
    );
    // Removing the comment removes the finding, and nothing else changes.
    let (_d, root) = scratch();
    edit(&root, "app/quiet.py", "  # llmlint: ignore[LLM403]", "");
    assert_eq!(
        findings_in(&root, &[]),
        without(&["app/quiet.py:50:35: LLM901"])
    );
    // `--fix` applies the safe removals on disk (the replacements of LLM calls are unsafe:
    // they stay); what remains is reported.
    let (_d, root) = scratch();
    let r = run_in(&root, &["check", "--fix", "--output-format", "concise"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        locations(&r.stdout),
        without(&["app/quiet.py:50:35: LLM901", "src/lib.rs:32:66: LLM901"])
    );
    assert!(
        r.stdout
            .contains("Found 8 findings (2 fixed, 6 remaining)."),
        "{}",
        r.stdout
    );
    let quiet = std::fs::read_to_string(root.join("app/quiet.py")).unwrap();
    assert!(
        quiet.contains("\ndef slug_for(title: str) -> str:\n    return"),
        "{quiet}"
    );
    let rs = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    assert!(
        rs.contains("    let res = client.exec_chat(\"gpt-4o-mini\", req, None).await?;\n    Ok(res.first_text().unwrap_or_default().to_string())\n}\n\npub async fn release_notes"),
        "{rs}"
    );
    // The used suppressions and the LLM calls stay.
    assert!(rs.contains("    // llmlint: ignore[LLM301]\n"));
    assert!(quiet.contains("create(  # llmlint: ignore[LLM302]\n"));
    assert_eq!(quiet.matches(".create(").count(), 5);
    // Nothing else in the project changed.
    for f in [
        "app/intake.py",
        "app/legacy.py",
        "scripts/backfill.py",
        "pyproject.toml",
    ] {
        assert_eq!(
            std::fs::read(root.join(f)).unwrap(),
            std::fs::read(project().join(f)).unwrap(),
            "{f}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Confidence, rules, colour

#[test]
fn min_confidence_flags_fewer() {
    let tasks = |v: Vec<String>| -> Vec<String> {
        v.into_iter().filter(|l| !l.ends_with("LLM901")).collect()
    };
    let default = tasks(findings(&[]));
    let strict = tasks(findings(&["--min-confidence", "0.99"]));
    assert!(strict.len() < default.len(), "{strict:?}");
    assert!(strict.iter().all(|l| default.contains(l)), "{strict:?}");
    // The JSON check compared to "yes" under max_tokens=2 and temperature 0 is as sure as
    // it gets.
    assert_eq!(strict, ["app/intake.py:9:12: LLM301"]);
    // And 0 flags at least as much as the default.
    let lax = tasks(findings(&["--min-confidence", "0"]));
    assert!(default.iter().all(|l| lax.contains(l)), "{lax:?}");
}

#[test]
fn rule_prints_the_doc_with_the_five_headings() {
    let r = run_in(&project(), &["rule", "LLM301"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with("# llm-validates-json (LLM301)\n"),
        "{}",
        r.stdout
    );
    let headings: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Fix safety"
        ]
    );
    // Lower case works too.
    assert_eq!(run_in(&project(), &["rule", "llm301"]).stdout, r.stdout);
}

#[test]
fn rule_all_lists_every_rule() {
    let r = run_in(&project(), &["rule", "--all"]);
    assert_eq!(r.code, 0);
    let rules = llmlint_rules::registry::all_rules();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), rules.len());
    assert!(rules.len() >= 56);
    for (line, info) in lines.iter().zip(&rules) {
        let mut parts = line.splitn(2, char::is_whitespace);
        assert_eq!(parts.next(), Some(info.code), "{line}");
        let rest = parts.next().unwrap().trim_start();
        let (name, summary) = rest.split_once(char::is_whitespace).unwrap();
        assert_eq!(name, info.name, "{line}");
        assert_eq!(summary.trim_start(), info.summary, "{line}");
        assert!(!summary.trim().is_empty());
    }
    for code in [
        "LLM101", "LLM212", "LLM314", "LLM413", "LLM503", "LLM901", "LLM902",
    ] {
        assert!(lines.iter().any(|l| l.starts_with(code)), "{code}");
    }
}

#[test]
fn unknown_rule_exits_2() {
    let r = run_in(&project(), &["rule", "LLM999"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr.trim(),
        "llmlint: error: unknown rule `LLM999` (see `llmlint rule --all`)"
    );
}

#[test]
fn no_colour_when_stdout_is_not_a_terminal() {
    for format in ["full", "concise"] {
        let out = Command::cargo_bin("llmlint")
            .unwrap()
            .current_dir(project())
            .env_remove("NO_COLOR")
            .args(["check", "--output-format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains('\u{1b}'), "{format}: {stdout}");
        assert!(stdout.contains("LLM301"), "{format}");
    }
    // And the same bytes as with NO_COLOR set.
    let plain = check(&[]).stdout;
    let out = Command::cargo_bin("llmlint")
        .unwrap()
        .current_dir(project())
        .env_remove("NO_COLOR")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), plain);
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    // `llmlint check | head -0`: the reader is gone before the report is written.
    for format in ["full", "json", "sarif"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("llmlint"))
            .current_dir(project())
            .env("NO_COLOR", "1")
            .args(["check", "--output-format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
    }
}

/// A call to a local endpoint (Ollama) whose model is not known is priced as free: the
/// message says so instead of "~$0/1M calls if it is <default model>".
#[test]
fn local_endpoint_message_says_no_per_call_price() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("extract.py"),
        "import requests\n\n\ndef first_email(text, model):\n    r = requests.post(\n        \"http://localhost:11434/api/generate\",\n        json={\"model\": model, \"prompt\": f\"Extract every email address from the text below, one per line.\\n{text}\", \"stream\": False},\n    )\n    return r.json()[\"response\"]\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["check", "--output-format", "concise", "."]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.contains("LLM101"), "{}", run.stdout);
    assert!(
        run.stdout.contains("a local model: no per-call price"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("$0/1M"), "{}", run.stdout);
}

/// `llmlint check --output-format full` over files written to a fresh folder: the exit code
/// must be 1 (findings); returns stdout with its whitespace collapsed (help lines wrap).
fn help_text_of(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let run = run_in(dir.path(), &["check", "--output-format", "full", "."]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    run.stdout.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A prompt that writes its input out (a fixed question, an expression, a list of numbers)
/// gets a help that passes that input to the helper, not an undefined `text`.
#[test]
fn help_passes_the_input_a_fixed_prompt_writes_out() {
    let help = help_text_of(&[(
        "fixed.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef demo():\n    a = client.chat.completions.create(model=\"gpt-4o-mini\", messages=[{\"role\": \"user\", \"content\": \"Which city is the capital of Portugal?\"}])\n    b = client.chat.completions.create(model=\"gpt-4o-mini\", messages=[{\"role\": \"user\", \"content\": \"How much is 17 x 23?\"}])\n    c = client.chat.completions.create(model=\"gpt-4o-mini\", messages=[{\"role\": \"user\", \"content\": \"What is the median of [7, 2, 9, 4]?\"}])\n    return a, b, c\n",
    )]);
    for want in [
        "capital_of(\"Portugal\")",
        "evaluate_expression(\"17 x 23\")",
        "median_number(\"[7, 2, 9, 4]\")",
    ] {
        assert!(help.contains(want), "{want} missing in: {help}");
    }
    assert!(!help.contains("(text)"), "{help}");
}

/// Arithmetic over two inputs: the helper evaluates the expression with the values put in.
#[test]
fn help_evaluates_an_expression_over_the_prompts_inputs() {
    let help = help_text_of(&[
        (
            "cart.py",
            "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef line_total(price, qty):\n    return client.chat.completions.create(model=\"gpt-4o-mini\", messages=[{\"role\": \"user\", \"content\": f\"Multiply {price} by {qty}. Reply with the number only.\"}])\n",
        ),
        (
            "cart.rs",
            "use async_openai::types::{ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs};\nuse async_openai::Client;\n\npub async fn line_total(client: &Client<async_openai::config::OpenAIConfig>, price: &str, qty: &str) -> anyhow::Result<()> {\n    let req = CreateChatCompletionRequestArgs::default()\n        .model(\"gpt-4o-mini\")\n        .messages([ChatCompletionRequestUserMessageArgs::default().content(format!(\"What is {price} * {qty}? Reply with the number only.\")).build()?.into()])\n        .build()?;\n    client.chat().create(req).await?;\n    Ok(())\n}\n",
        ),
    ]);
    for want in [
        "evaluate_expression(\"{} * {}\".format(price, qty))",
        "evaluate_expression(&format!(\"{} * {}\", price, qty))",
        "\"{price} * {qty}\" over its inputs",
    ] {
        assert!(help.contains(want), "{want} missing in: {help}");
    }
}

/// A fixed word problem is flagged without code: the help says its answer is a constant to
/// compute once. A number comparison llmlint solves gets the helper that computes it.
#[test]
fn fixed_questions_explain_the_missing_fix() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("quiz.py"),
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ages() -> str:\n    \
         resp = client.chat.completions.create(\n        model=\"gpt-4o-mini\",\n        \
         messages=[{\"role\": \"user\", \"content\": \"When I was 6, my brother was twice my \
         age. I am 30 now. How old is my brother?\"}],\n    )\n    return \
         resp.choices[0].message.content\n\n\ndef bigger() -> str:\n    \
         resp = client.chat.completions.create(\n        model=\"gpt-4o-mini\",\n        \
         messages=[{\"role\": \"user\", \"content\": \"Which is bigger, 9.11 or 9.8?\"}],\n    \
         )\n    return resp.choices[0].message.content\n",
    )
    .unwrap();
    let r = run_in(d.path(), &["calls", "--output-format", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    let calls = v["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), 2, "{}", r.stdout);
    let ages = &calls[0];
    assert_eq!(ages["flagged"], true);
    assert_eq!(ages["subtype"], "arithmetic");
    assert!(ages["replacement"].is_null());
    assert!(
        ages["help"]
            .as_str()
            .is_some_and(|h| h.contains("its answer is a constant")),
        "{}",
        ages["help"]
    );
    let bigger = &calls[1];
    assert_eq!(bigger["flagged"], true);
    let call = bigger["replacement"]["call"].as_str().unwrap_or_default();
    assert!(call.contains("9.11, 9.8"), "{call}");
    let r = run_in(d.path(), &["check"]);
    assert!(
        r.stdout
            .contains("the question is fixed: its answer is a constant"),
        "{}",
        r.stdout
    );
}
