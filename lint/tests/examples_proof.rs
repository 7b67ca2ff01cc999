//! Examples as proof and evidence from the code, end to end over `fixtures/examples/` and
//! `fixtures/evidence/` (Python and Rust). Each call carries a hand-written marker on a line
//! inside it:
//!
//! - `proof: CODE K/N`: flagged by CODE, and the evidence says the replacement reproduces
//!   K/N of the prompt's own examples;
//! - `refuted: CODE`: not flagged, and the evidence says the replacement contradicts the
//!   prompt's own examples (CODE names the reading that was refuted);
//! - `open-table: CODE`: not flagged: the table CODE read is made of examples of an open key set;
//! - `evidence: CODE "text"`: flagged by CODE, with an evidence line containing `text`;
//! - `unflagged-evidence: "text"`: not flagged, with an evidence line containing `text`.

use std::path::{Path, PathBuf};

use llmlint::cli::{CommonArgs, scan};
use llmlint::pipeline::{Finding, evaluate};

#[derive(Debug, Clone)]
enum Expect {
    Proof { code: String, ratio: String },
    Refuted { code: String },
    OpenTable { code: String },
    Evidence { code: String, text: String },
    Unflagged { text: String },
}

fn root(dir: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/lint"))
        .join("../fixtures")
        .join(dir)
        .canonicalize()
        .unwrap()
}

fn quoted(s: &str) -> String {
    let a = s.find('"').expect("quoted text");
    let b = s[a + 1..].find('"').expect("closing quote") + a + 1;
    s[a + 1..b].to_string()
}

fn markers(dir: &Path) -> Vec<(PathBuf, u32, Expect)> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find("# ").or_else(|| line.find("// ")) else {
                continue;
            };
            let m = line[pos..].trim_start_matches(['#', '/', ' ']);
            let word = |w: &str| m.strip_prefix(w).map(str::trim);
            let e = if let Some(rest) = word("proof:") {
                let mut it = rest.split_whitespace();
                Expect::Proof {
                    code: it.next().unwrap().to_string(),
                    ratio: it.next().unwrap().to_string(),
                }
            } else if let Some(rest) = word("refuted:") {
                Expect::Refuted {
                    code: rest.to_string(),
                }
            } else if let Some(rest) = word("open-table:") {
                Expect::OpenTable {
                    code: rest.to_string(),
                }
            } else if let Some(rest) = word("unflagged-evidence:") {
                Expect::Unflagged { text: quoted(rest) }
            } else if let Some(rest) = word("evidence:") {
                Expect::Evidence {
                    code: rest.split_whitespace().next().unwrap().to_string(),
                    text: quoted(rest),
                }
            } else {
                continue;
            };
            out.push((f.clone(), i as u32 + 1, e));
        }
    }
    out
}

fn check(dir: &str) -> Vec<(PathBuf, u32, Expect)> {
    let root = root(dir);
    let expected = markers(&root);
    let common = CommonArgs {
        paths: vec![root.clone()],
        quiet: true,
        ..CommonArgs::default()
    };
    let scan = scan(&common).unwrap();
    let findings: Vec<Finding> = scan
        .output
        .calls()
        .map(|(f, c)| evaluate(f, c, &scan.pipeline))
        .collect();
    let mut failures = Vec::new();
    for (path, line, e) in &expected {
        let Some(f) = findings.iter().find(|f| {
            &f.file.path == path && f.call.span.line <= *line && *line <= f.call.span.end_line
        }) else {
            failures.push(format!("{}:{line}: no call found", path.display()));
            continue;
        };
        let ev = f.class.evidence_texts();
        let has = |t: &str| ev.iter().any(|x| x.contains(t));
        let rule = f.class.rule.as_deref().unwrap_or("-");
        let ok = match e {
            Expect::Proof { code, ratio } => {
                f.flagged
                    && rule == code
                    && has(&format!("reproduces {ratio} of the prompt's own examples"))
            }
            Expect::Refuted { code } => {
                !f.flagged
                    && has("contradicts the prompt's own examples")
                    && has(&format!("({code})"))
            }
            Expect::OpenTable { code } => {
                !f.flagged
                    && has("not a closed table")
                    && (rule == code || has(&format!("({code})")))
            }
            Expect::Evidence { code, text } => f.flagged && rule == code && has(text),
            Expect::Unflagged { text } => !f.flagged && has(text),
        };
        if !ok {
            failures.push(format!(
                "{}:{line}: expected {e:?}, got flagged={} {rule} conf {:.2}: {ev:#?}",
                path.file_name().unwrap().to_string_lossy(),
                f.flagged,
                f.class.confidence
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} markers failed:\n{}",
        failures.len(),
        expected.len(),
        failures.join("\n")
    );
    expected
}

#[test]
fn prompts_own_examples_confirm_or_refute_the_replacement() {
    let expected = check("examples");
    let count = |lang: &str, proof: bool| {
        expected
            .iter()
            .filter(|(p, _, e)| {
                p.extension().is_some_and(|x| x == lang)
                    && match e {
                        Expect::Proof { .. } => proof,
                        Expect::Refuted { .. } => !proof,
                        _ => false,
                    }
            })
            .count()
    };
    let (py_proof, rs_proof) = (count("py", true), count("rs", true));
    let (py_ref, rs_ref) = (count("py", false), count("rs", false));
    assert!(
        py_proof + rs_proof >= 10,
        "{py_proof} + {rs_proof} confirmations"
    );
    assert!(py_ref + rs_ref >= 5, "{py_ref} + {rs_ref} refutations");
    assert!(py_proof > 0 && rs_proof > 0 && py_ref > 0 && rs_ref > 0);
}

#[test]
fn code_around_the_call_weighs_in() {
    let expected = check("evidence");
    assert!(expected.len() >= 6, "too few markers: {}", expected.len());
}
