//! Behaviour-table harness: runs generated helpers on hand-written tables.
//!
//! A table is a TOML file under `fixtures/behaviour/<family>/<name>.toml`:
//!
//! ```toml
//! code = "LLM101"            # the subtype's rule code
//! [[case]]
//! input = "write to bob+tag@mail.example.com."
//! expect = ["bob+tag@mail.example.com"]   # omit `expect` for None / null
//! ```
//!
//! The test binds each file to a [`ReplacementSpec`] ([`Table::load`]); [`check_python`] runs
//! every table in one `python3` process per table, [`check_rust`] writes one cargo project with
//! every helper in its own module and a `main` that runs all rows, builds it once (offline, in a
//! stable target dir under `target/tmp`) and runs it. Both print one JSON line per row; the
//! comparison happens here, in Rust, the same for both languages.
//!
//! Inputs are any TOML value. The helper receives `arg`: in Python the input value itself; in
//! Rust `&str` of a string input (`input_json: &serde_json::Value` is also in scope for other
//! shapes, via a table's `rust_arg`).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use llmlint_rewrite::{GenContext, Generated, ReplacementSpec, TargetLanguage, generate};
use serde_json::Value;

/// One row: an input and the value the helper must return.
#[derive(Debug, Clone)]
pub struct Case {
    pub input: Value,
    pub expect: Value,
}

/// A table file bound to a spec.
#[derive(Debug, Clone)]
pub struct Table {
    /// Rule code of the subtype (`LLM101`).
    pub code: String,
    /// File name relative to `fixtures/behaviour` (`regex/email-find-all`).
    pub name: String,
    pub spec: ReplacementSpec,
    pub cases: Vec<Case>,
    /// Rust argument expression (default `arg`, a `&str`).
    pub rust_arg: String,
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/behaviour")
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

impl Table {
    /// Load `fixtures/behaviour/<name>.toml` and bind it to `spec`.
    pub fn load(name: &str, spec: ReplacementSpec) -> Table {
        let path = fixtures_dir().join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let doc: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()));
        let code = doc
            .get("code")
            .and_then(|c| c.as_str())
            .unwrap_or_else(|| panic!("{name}: no code"))
            .to_string();
        let rows = doc
            .get("case")
            .and_then(|c| c.as_array())
            .unwrap_or_else(|| panic!("{name}: no [[case]]"));
        let cases = rows
            .iter()
            .map(|row| {
                let t = row
                    .as_table()
                    .unwrap_or_else(|| panic!("{name}: case is not a table"));
                Case {
                    input: toml_to_json(
                        t.get("input")
                            .cloned()
                            .unwrap_or_else(|| panic!("{name}: case without input")),
                    ),
                    expect: t.get("expect").cloned().map_or(Value::Null, toml_to_json),
                }
            })
            .collect();
        Table {
            code,
            name: name.to_string(),
            spec,
            cases,
            rust_arg: "arg".to_string(),
        }
    }

    fn generated(&self, lang: TargetLanguage, arg: &str) -> Generated {
        generate(&self.spec, lang, &GenContext::new(arg))
            .unwrap_or_else(|e| panic!("{}: {lang:?}: {e}", self.name))
    }
}

/// A row whose result differs from the table.
#[derive(Debug)]
pub struct Failure {
    pub table: String,
    pub lang: &'static str,
    pub input: Value,
    pub expect: Value,
    pub got: String,
}

/// Results of a run: how many rows passed, which failed.
#[derive(Debug, Default)]
pub struct Outcome {
    pub passed: usize,
    pub failures: Vec<Failure>,
}

impl Outcome {
    /// Panic with every failure listed.
    pub fn assert_ok(&self) {
        if self.failures.is_empty() {
            return;
        }
        let mut msg = format!("{} behaviour rows failed:\n", self.failures.len());
        for f in &self.failures {
            let _ = writeln!(
                msg,
                "  [{} {}] input {} expected {} got {}",
                f.lang, f.table, f.input, f.expect, f.got
            );
        }
        panic!("{msg}");
    }
}

fn same(expect: &Value, got: &Value) -> bool {
    match (expect, got) {
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
            _ => a == b,
        },
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => expect == got,
    }
}

/// Compare the JSON result lines (`RESULT {"t": table, "i": row, "got": ..}` or with
/// `"error"`) of table number `t` with its rows.
fn compare(t: usize, table: &Table, lang: &'static str, stdout: &str) -> Outcome {
    let mut results: Vec<Option<Result<Value, String>>> = vec![None; table.cases.len()];
    for line in stdout.lines() {
        let Some(json) = line.strip_prefix("RESULT ") else {
            continue;
        };
        let v: Value =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("bad result line {line}: {e}"));
        if v["t"].as_u64() != Some(t as u64) {
            continue;
        }
        let i = v["i"]
            .as_u64()
            .unwrap_or_else(|| panic!("bad result line {line}")) as usize;
        let slot = results
            .get_mut(i)
            .unwrap_or_else(|| panic!("result out of range: {line}"));
        *slot = Some(match v.get("error") {
            Some(e) => Err(e.to_string()),
            None => Ok(v["got"].clone()),
        });
    }
    let mut out = Outcome::default();
    for (case, got) in table.cases.iter().zip(results) {
        if matches!(&got, Some(Ok(v)) if same(&case.expect, v)) {
            out.passed += 1;
            continue;
        }
        out.failures.push(Failure {
            table: table.name.clone(),
            lang,
            input: case.input.clone(),
            expect: case.expect.clone(),
            got: match got {
                Some(Ok(v)) => v.to_string(),
                Some(Err(e)) => format!("error {e}"),
                None => "no result".to_string(),
            },
        });
    }
    out
}

impl Outcome {
    fn absorb(&mut self, other: Outcome) {
        self.passed += other.passed;
        self.failures.extend(other.failures);
    }
}

fn py_json_literal(v: &Value) -> String {
    // A JSON text inside a Python string literal, read back with json.loads.
    let text = v.to_string();
    let mut lit = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => lit.push_str("\\\\"),
            '"' => lit.push_str("\\\""),
            '\n' => lit.push_str("\\n"),
            c => lit.push(c),
        }
    }
    lit.push('"');
    lit
}

/// Run every table's generated Python helper with `python3`, one process per table.
pub fn check_python(tables: &[Table]) -> Outcome {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("behaviour-python");
    std::fs::create_dir_all(&dir).expect("create python dir");
    let mut total = Outcome::default();
    for (t, table) in tables.iter().enumerate() {
        let g = table.generated(TargetLanguage::Python, "arg");
        let cases: Vec<Value> = table.cases.iter().map(|c| c.input.clone()).collect();
        let mut prog = String::from("import json\nimport sys\n");
        for imp in &g.imports {
            prog.push_str(imp);
            prog.push('\n');
        }
        prog.push_str("\n\n");
        prog.push_str(&g.helper_code);
        let _ = write!(
            prog,
            "\n\nINPUTS = json.loads({})\nfor i, arg in enumerate(INPUTS):\n    try:\n        got = {}\n        line = json.dumps({{\"t\": {t}, \"i\": i, \"got\": got}})\n    except Exception as exc:  # noqa: BLE001\n        line = json.dumps({{\"t\": {t}, \"i\": i, \"error\": repr(exc)}})\n    print(\"RESULT \" + line)\n",
            py_json_literal(&Value::Array(cases)),
            g.call_expr
        );
        let file = dir.join(format!("{}.py", table.name.replace('/', "__")));
        std::fs::write(&file, &prog).expect("write python program");
        let out = Command::new("python3")
            .arg(&file)
            .output()
            .expect("run python3");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "python failed on {}: {}\n--- program ---\n{prog}",
            table.name,
            String::from_utf8_lossy(&out.stderr)
        );
        total.absorb(compare(t, table, "python", &stdout));
    }
    total
}

fn rust_str_lit(s: &str) -> String {
    format!("{s:?}")
}

/// Build one cargo project holding every table's generated Rust helper and run all rows.
/// `crate_name` must be unique per test (the build dir is shared and stable).
pub fn check_rust(crate_name: &str, tables: &[Table]) -> Outcome {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("behaviour-rust");
    let dir = root.join(crate_name);
    std::fs::create_dir_all(dir.join("src")).expect("create crate dir");
    let mut deps: Vec<(String, String)> = vec![("serde_json".into(), "1".into())];
    let mut main = String::from("#![allow(dead_code, unused)]\n\n");
    let mut runs = String::new();
    for (t, table) in tables.iter().enumerate() {
        let g = table.generated(TargetLanguage::Rust, &table.rust_arg);
        for (c, v) in &g.needs_crates {
            assert!(
                matches!(
                    c.as_str(),
                    "regex" | "serde" | "serde_json" | "csv" | "pulldown-cmark"
                ),
                "{}: harness has no crate {c} in the offline registry",
                table.name
            );
            if !deps.iter().any(|(d, _)| d == c) {
                deps.push((c.clone(), v.clone()));
            }
        }
        let inputs: Vec<Value> = table.cases.iter().map(|c| c.input.clone()).collect();
        let _ = write!(
            main,
            "mod t{t} {{\n{}\n\npub fn run(input_json: &serde_json::Value) -> serde_json::Value {{\n    let arg: &str = input_json.as_str().unwrap_or_default();\n    serde_json::to_value({}).expect(\"serialisable\")\n}}\n}}\n\n",
            g.helper_code, g.call_expr
        );
        let _ = writeln!(
            runs,
            "    run_table({t}, {}, t{t}::run);",
            rust_str_lit(&Value::Array(inputs).to_string())
        );
    }
    let _ = write!(
        main,
        "fn run_table(t: usize, inputs: &str, f: fn(&serde_json::Value) -> serde_json::Value) {{\n    let inputs: Vec<serde_json::Value> = serde_json::from_str(inputs).expect(\"inputs\");\n    for (i, input) in inputs.iter().enumerate() {{\n        let got = std::panic::catch_unwind(|| f(input));\n        let line = match got {{\n            Ok(v) => serde_json::json!({{\"t\": t, \"i\": i, \"got\": v}}),\n            Err(_) => serde_json::json!({{\"t\": t, \"i\": i, \"error\": \"panic\"}}),\n        }};\n        println!(\"RESULT {{line}}\");\n    }}\n}}\n\nfn main() {{\n    std::panic::set_hook(Box::new(|_| {{}}));\n{runs}}}\n"
    );
    let mut manifest = format!(
        "[package]\nname = \"{crate_name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n"
    );
    for (c, v) in &deps {
        if c == "serde" {
            let _ = writeln!(
                manifest,
                "serde = {{ version = \"{v}\", features = [\"derive\"] }}"
            );
        } else {
            let _ = writeln!(manifest, "{c} = \"{v}\"");
        }
    }
    write_if_changed(&dir.join("Cargo.toml"), &manifest);
    write_if_changed(&dir.join("src/main.rs"), &main);
    let target = root.join("target");
    let build = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("run cargo build");
    assert!(
        build.status.success(),
        "generated rust does not build:\n{}\n--- main.rs ---\n{main}",
        String::from_utf8_lossy(&build.stderr)
    );
    let exe = target.join("debug").join(crate_name);
    let run = Command::new(&exe).output().expect("run generated rust");
    assert!(
        run.status.success(),
        "generated rust crashed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    let mut total = Outcome::default();
    for (t, table) in tables.iter().enumerate() {
        total.absorb(compare(t, table, "rust", &stdout));
    }
    total
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}

/// Print `subtypes × languages × cases` for a set of tables checked in both languages.
pub fn report(label: &str, tables: &[Table], python: &Outcome, rust: &Outcome) {
    let mut codes: Vec<&str> = tables.iter().map(|t| t.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let cases: usize = tables.iter().map(|t| t.cases.len()).sum();
    println!(
        "{label}: {} subtypes x 2 languages, {} tables, {cases} cases per language; passed python {} rust {}",
        codes.len(),
        tables.len(),
        python.passed,
        rust.passed
    );
}
