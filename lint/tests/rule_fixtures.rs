//! Every task rule has Python and Rust fixtures under `fixtures/rules/<CODE>/`. Calls to be
//! flagged carry a hand-written `expect: CODE` marker on a line inside the call; every other
//! call in the fixtures must not be flagged by any rule.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use llmlint::cli::{CommonArgs, scan};
use llmlint::pipeline::evaluate;

fn fixtures() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/lint")).join("../fixtures/rules")
}

/// (file, line, code) of every `expect:` marker.
fn markers(root: &Path) -> BTreeSet<(PathBuf, u32, String)> {
    let mut out = BTreeSet::new();
    for dir in std::fs::read_dir(root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            let text = std::fs::read_to_string(&f).unwrap();
            for (i, line) in text.lines().enumerate() {
                for marker in ["# expect: ", "// expect: "] {
                    if let Some(pos) = line.find(marker) {
                        for code in line[pos + marker.len()..]
                            .split([',', ' '])
                            .filter(|c| c.starts_with("LLM"))
                        {
                            out.insert((f.canonicalize().unwrap(), i as u32 + 1, code.to_string()));
                        }
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_task_rule_has_python_and_rust_fixtures() {
    let root = fixtures();
    for rule in llmlint_rules::registry::all_rules() {
        if rule.task.is_none() {
            continue;
        }
        let dir = root.join(rule.code);
        let files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("no fixtures for {}", rule.code))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            files.iter().any(|f| f.ends_with(".py")),
            "{}: no Python fixture",
            rule.code
        );
        assert!(
            files.iter().any(|f| f.ends_with(".rs")),
            "{}: no Rust fixture",
            rule.code
        );
    }
}

#[test]
fn flagged_calls_are_exactly_the_marked_ones() {
    let root = fixtures().canonicalize().unwrap();
    let expected = markers(&root);
    assert!(expected.len() > 50, "too few markers: {}", expected.len());
    let common = CommonArgs {
        paths: vec![root.clone()],
        quiet: true,
        ..CommonArgs::default()
    };
    let scan = scan(&common).unwrap();
    let findings: Vec<_> = scan
        .output
        .calls()
        .map(|(f, c)| evaluate(f, c, &scan.pipeline))
        .collect();

    let mut missing = Vec::new();
    let mut matched = BTreeSet::new();
    for (path, line, code) in &expected {
        let hit = findings.iter().position(|f| {
            f.flagged
                && &f.file.path == path
                && f.call.span.line <= *line
                && *line <= f.call.span.end_line
                && f.class.rule.as_deref() == Some(code.as_str())
        });
        match hit {
            Some(i) => {
                matched.insert(i);
            }
            None => {
                let got = findings
                    .iter()
                    .find(|f| {
                        &f.file.path == path
                            && f.call.span.line <= *line
                            && *line <= f.call.span.end_line
                    })
                    .map(|f| {
                        format!(
                            "{:?} {:?} conf {:.2}",
                            f.class.task, f.class.rule, f.class.confidence
                        )
                    })
                    .unwrap_or_else(|| "no call found".to_string());
                missing.push(format!(
                    "{}:{line} expected {code}, got {got}",
                    path.strip_prefix(&root).unwrap().display()
                ));
            }
        }
    }
    let unexpected: Vec<String> = findings
        .iter()
        .enumerate()
        .filter(|(i, f)| f.flagged && !matched.contains(i))
        .map(|(_, f)| {
            format!(
                "{}:{} flagged {:?} ({:?}) but not marked: {}",
                f.file.path.strip_prefix(&root).unwrap().display(),
                f.call.span.line,
                f.class.rule,
                f.class.subtype,
                f.call
                    .prompt
                    .render()
                    .unwrap_or_default()
                    .chars()
                    .take(80)
                    .collect::<String>()
            )
        })
        .collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "{} missing:\n{}\n\n{} unexpected:\n{}",
        missing.len(),
        missing.join("\n"),
        unexpected.len(),
        unexpected.join("\n")
    );
}
