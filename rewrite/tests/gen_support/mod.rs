//! Helpers shared by the generator tests (`lookup_generate`, `transform_generate`).

use std::io::Write as _;
use std::process::{Command, Stdio};

use llmlint_rewrite::{GenContext, Generated, ReplacementSpec, TargetLanguage, generate};

/// Generate or fail the test with the spec and the error.
pub fn gen_ok(s: &ReplacementSpec, lang: TargetLanguage, ctx: &GenContext) -> Generated {
    generate(s, lang, ctx).unwrap_or_else(|e| panic!("{s:?} {lang:?}: {e}"))
}

/// Every Python snippet must be accepted by python3's parser (one process for all).
pub fn assert_python_parses(snippets: &[(String, String)]) {
    let mut prog = String::from(
        "import ast, json, sys\nsrc = json.load(sys.stdin)\nbad = []\nfor name, code in src:\n    try:\n        ast.parse(code)\n    except SyntaxError as e:\n        bad.append(f'{name}: {e}')\nprint('\\n'.join(bad))\nsys.exit(1 if bad else 0)\n",
    );
    prog.push('\n');
    let mut child = Command::new("python3")
        .args(["-c", &prog])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run python3");
    let input = serde_json::to_string(snippets).expect("json");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3 output");
    assert!(
        out.status.success(),
        "python3 rejects generated code:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
