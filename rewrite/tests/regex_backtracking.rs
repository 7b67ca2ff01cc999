//! Every regex any regex or validation generator can emit passes the structural
//! catastrophic-backtracking gate, and (smoke test) runs on 50k-character adversarial strings
//! in Python's `re` without blowing up.

use std::process::Command;

use llmlint_rewrite::r#gen::{check_backtracking, example_patterns, example_validators};
use llmlint_rewrite::{GenContext, ReplacementSpec, TargetLanguage, generate};

fn every_regex() -> Vec<String> {
    let mut specs = Vec::new();
    for pattern in example_patterns() {
        specs.push(ReplacementSpec::FindAll {
            pattern: pattern.clone(),
        });
        specs.push(ReplacementSpec::FindFirst {
            pattern: pattern.clone(),
        });
        specs.push(ReplacementSpec::Contains { pattern });
    }
    for validator in example_validators() {
        specs.push(ReplacementSpec::Validate { validator });
    }
    let mut out = Vec::new();
    for spec in &specs {
        for lang in [TargetLanguage::Python, TargetLanguage::Rust] {
            let g = generate(spec, lang, &GenContext::new("text"))
                .unwrap_or_else(|e| panic!("{spec:?} {lang:?}: {e}"));
            out.extend(g.regexes);
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_emitted_regex_passes_the_structural_gate() {
    let regexes = every_regex();
    assert!(
        regexes.len() >= 40,
        "only {} regexes enumerated",
        regexes.len()
    );
    for r in &regexes {
        assert_eq!(check_backtracking(r), Ok(()), "{r}");
    }
    println!(
        "structural gate: {} distinct regexes checked",
        regexes.len()
    );
}

#[test]
fn every_emitted_regex_survives_adversarial_input_in_python() {
    let regexes = every_regex();
    let json = serde_json::to_string(&regexes).expect("json");
    let program = r##"
import json, re, sys, time
patterns = json.loads(sys.stdin.read())
n = 50000
pumps = ["a", "1", ".", "-", "@", ":", " ", "/", "#", "+", "(", "_", "A", "0"]
strings = [c * n for c in pumps]
strings += [(a + b) * (n // 2) + "!" for a in "a1.-@: (" for b in "a1.-@: )" if a != b]
strings += [
    "http://" + "a" * n,
    "http://x.com/" + "a." * (n // 2),
    "http://x.com/" + "(a" * (n // 2),
    "a@" + "a." * (n // 2) + "!",
    "a" * n + "@",
    "+1" + " 1" * (n // 2),
    "#" + "1" * n,
    "2024-01-01T" + "1" * n,
    "1," * (n // 2),
    "1.2." * (n // 4),
    "::" + "a:" * (n // 2),
    "$" + "1,000" * (n // 5),
]
worst = 0.0
slow = []
for p in patterns:
    rx = re.compile(p)
    for s in strings:
        start = time.perf_counter()
        for _ in rx.finditer(s):
            pass
        rx.fullmatch(s)
        took = time.perf_counter() - start
        worst = max(worst, took)
        if took > 2.0:
            slow.append((p, s[:20], took))
print(json.dumps({"patterns": len(patterns), "strings": len(strings), "worst": worst, "slow": slow}))
"##;
    let mut child = Command::new("timeout")
        .args(["600", "python3", "-c", program])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run python3");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(json.as_bytes()).expect("write patterns");
    }
    let out = child.wait_with_output().expect("python finished");
    assert!(out.status.success(), "python timed out or failed");
    let result: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("python printed json");
    println!("adversarial smoke test: {result}");
    assert_eq!(result["patterns"].as_u64(), Some(regexes.len() as u64));
    assert_eq!(
        result["slow"],
        serde_json::json!([]),
        "slow patterns: {result}"
    );
}
