//! The server and the CLI find the same things: every Python and Rust fixture under
//! `fixtures/` goes through `llmlint check --output-format json` (run in `fixtures/`) and
//! through `llmlint server` (workspace `fixtures/`, every file opened), and the two lists must
//! be equal: code, range (the CLI's character columns converted to UTF-16 here,
//! independently of the server), message, and the fix with its edits.

mod lsp_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use lsp_support::{Client, utf16_of};
use serde_json::Value;

/// An edit: start and end as (line, UTF-16 unit), and the new text.
type Edit = ((u64, u64), (u64, u64), String);

/// One finding in a form both sides can be put into.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    code: String,
    start: (u64, u64),
    end: (u64, u64),
    message: String,
    /// (title, applicability, edits as ((line, unit), (line, unit), new text)).
    fix: Option<(String, String, Vec<Edit>)>,
}

fn fixtures() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
        .canonicalize()
        .unwrap()
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "py" || x == "rs" || x == "pyi")
        {
            out.push(p);
        }
    }
}

fn cli_findings(root: &Path) -> BTreeMap<PathBuf, Vec<Finding>> {
    let out = Command::new(env!("CARGO_BIN_EXE_llmlint"))
        .args([
            "check",
            "--output-format",
            "json",
            "--exit-zero",
            "--quiet",
            ".",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut by_file: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    for d in diags {
        let path = PathBuf::from(d["filename"].as_str().unwrap());
        let text = texts
            .entry(path.clone())
            .or_insert_with(|| std::fs::read_to_string(&path).unwrap())
            .clone();
        let pos = |loc: &Value| {
            utf16_of(
                &text,
                loc["row"].as_u64().unwrap(),
                loc["column"].as_u64().unwrap(),
            )
        };
        let fix = d.get("fix").filter(|f| !f.is_null()).map(|f| {
            let edits = f["edits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        pos(&e["location"]),
                        pos(&e["end_location"]),
                        e["content"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (
                f["message"].as_str().unwrap().to_string(),
                f["applicability"].as_str().unwrap().to_string(),
                edits,
            )
        });
        by_file.entry(path).or_default().push(Finding {
            code: d["code"].as_str().unwrap().to_string(),
            start: pos(&d["location"]),
            end: pos(&d["end_location"]),
            message: d["message"].as_str().unwrap().to_string(),
            fix,
        });
    }
    by_file
}

fn lsp_finding(d: &Value) -> Finding {
    let pos = |p: &Value| {
        (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    let fix = d["data"]["fix"].as_object().map(|f| {
        let mut edits: Vec<_> = f["edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    pos(&e["range"]["start"]),
                    pos(&e["range"]["end"]),
                    e["newText"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        edits.sort();
        (
            f["title"].as_str().unwrap().to_string(),
            f["applicability"].as_str().unwrap().to_string(),
            edits,
        )
    });
    let message = d["message"].as_str().unwrap();
    Finding {
        code: d["code"].as_str().unwrap().to_string(),
        start: pos(&d["range"]["start"]),
        end: pos(&d["range"]["end"]),
        // The server adds the help line under the message.
        message: message.split("\nhelp: ").next().unwrap().to_string(),
        fix,
    }
}

#[test]
fn every_fixture_gives_the_same_findings_in_the_server_and_the_cli() {
    let root = fixtures();
    let mut cli = cli_findings(&root);
    for v in cli.values_mut() {
        for f in v.iter_mut() {
            if let Some(fix) = &mut f.fix {
                fix.2.sort();
            }
        }
        v.sort();
    }

    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    assert!(files.len() > 150, "{} fixture files", files.len());

    let mut c = Client::start(&root, &[]);
    c.initialize(&root);
    c.wait_indexed();
    let mut server: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    for path in &files {
        let lang = if path.extension().is_some_and(|x| x == "rs") {
            "rust"
        } else {
            "python"
        };
        let uri = c.open(path, lang, 1);
        let mut found: Vec<Finding> = c
            .diagnostics(&uri, Some(1))
            .iter()
            .map(lsp_finding)
            .collect();
        found.sort();
        if !found.is_empty() {
            server.insert(path.clone(), found);
        }
        c.notify(
            "textDocument/didClose",
            serde_json::json!({"textDocument": {"uri": uri}}),
        );
    }
    let (_, status) = c.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));

    let total: usize = cli.values().map(Vec::len).sum();
    assert!(total > 150, "the CLI found only {total} diagnostics");
    let with_fix = cli.values().flatten().filter(|f| f.fix.is_some()).count();
    assert!(with_fix > 50, "only {with_fix} fixes");
    let paths: Vec<&PathBuf> = cli.keys().chain(server.keys()).collect();
    let mut differences = Vec::new();
    for p in paths {
        let a = cli.get(p).cloned().unwrap_or_default();
        let b = server.get(p).cloned().unwrap_or_default();
        if a != b {
            differences.push(format!(
                "{}:\n  cli:    {a:?}\n  server: {b:?}",
                p.display()
            ));
        }
    }
    differences.dedup();
    assert!(
        differences.is_empty(),
        "{} file(s) differ:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
