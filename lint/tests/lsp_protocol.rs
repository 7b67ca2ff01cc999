//! `llmlint server` driven over stdio with real JSON-RPC, on a copy of
//! `fixtures/lsp/project`: initialize and the workspace scan, diagnostics on open (a wrapper
//! defined in another file included), a quick fix applied giving the `.fixed` text, the
//! suppression action, hover, didChange, UTF-16 positions, garbage input, a file deleted while
//! open, a configuration change, `source.fixAll.llmlint`, and shutdown / exit.

mod lsp_support;

use std::fs;
use std::path::{Path, PathBuf};

use lsp_support::{Client, apply_edits, offset, uri_of_path};
use serde_json::{Value, json};

fn project() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lsp/project")).to_path_buf()
}

/// A copy of the fixture project in a temporary folder (tests edit and delete files).
fn copy_project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap().join("project");
    for entry in walk(&project()) {
        let rel = entry.strip_prefix(project()).unwrap();
        let to = root.join(rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&entry, &to).unwrap();
    }
    (dir, root)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn codes(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn code_actions(c: &mut Client, uri: &str, diags: &[Value], only: Option<&[&str]>) -> Vec<Value> {
    let mut context = json!({"diagnostics": diags});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let range = diags.first().map_or(
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
        |d| d["range"].clone(),
    );
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

fn edits_for(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn the_server_speaks_lsp_from_initialize_to_exit() {
    let (_tmp, root) = copy_project();
    let mut c = Client::start(&root, &[]);

    // 1. initialize: capabilities, then the background scan reported with $/progress.
    let init = c.initialize(&root);
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    let kinds = caps["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .unwrap();
    assert!(kinds.contains(&json!("quickfix")) && kinds.contains(&json!("source.fixAll.llmlint")));
    assert_eq!(init["result"]["serverInfo"]["name"], "llmlint");
    let begin = c.wait_for("progress begin", |v| {
        v["method"] == "$/progress" && v["params"]["value"]["kind"] == "begin"
    });
    assert_eq!(begin["params"]["token"], "llmlint/index");
    let indexed = c.wait_indexed();
    assert!(
        indexed.starts_with("indexed 3 files (1 wrapper)"),
        "{indexed}"
    );

    // 2. didOpen: diagnostics arrive, the wrapper call of another file's `ask` included.
    let orders = root.join("app/orders.py");
    let text = fs::read_to_string(&orders).unwrap();
    let uri = c.open(&orders, "python", 1);
    let diags = c.diagnostics(&uri, Some(1));
    assert_eq!(
        codes(&diags),
        vec![("LLM301".to_string(), 10), ("LLM101".to_string(), 19)],
        "{diags:#?}"
    );
    let d301 = &diags[0];
    assert_eq!(d301["severity"], 2);
    assert_eq!(d301["source"], "llmlint");
    assert_eq!(
        d301["codeDescription"]["href"],
        "https://llmlint.dev/rules/LLM301"
    );
    assert!(
        d301["message"]
            .as_str()
            .unwrap()
            .starts_with("this call asks gpt-4o-mini to check that a string is valid JSON"),
        "{d301}"
    );
    assert_eq!(d301["data"]["version"], 1);
    assert_eq!(d301["data"]["fix"]["applicability"], "unsafe");
    let underlined =
        &text[offset(&text, &d301["range"]["start"])..offset(&text, &d301["range"]["end"])];
    assert!(underlined.starts_with("client.chat.completions.create(") && underlined.ends_with(')'));
    let wrapper_call =
        &text[offset(&text, &diags[1]["range"]["start"])..offset(&text, &diags[1]["range"]["end"])];
    assert!(
        wrapper_call.starts_with("llm.ask(f\"Extract every email"),
        "{wrapper_call}"
    );

    // 3. The quick fix, applied from the edits carried in `data`, gives the `.fixed` text.
    let actions = code_actions(&mut c, &uri, std::slice::from_ref(d301), None);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Suppress LLM301 on this line"),
        "{titles:?}"
    );
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("no quick fix in {titles:?}"));
    assert_eq!(fix["title"], d301["data"]["fix"]["title"]);
    let fixed = apply_edits(&text, &edits_for(fix, &uri));
    let expected = fs::read_to_string(project().join("app/orders.py.fixed")).unwrap();
    assert_eq!(fixed, expected);
    // The fixAll action does not carry the unsafe replacement: nothing safe to fix here.
    assert!(
        code_actions(&mut c, &uri, &[], Some(&["source.fixAll.llmlint"])).is_empty(),
        "no safe fix, so no fixAll action"
    );

    // 4. Hover on the call: SDK, model, task, evidence, cost, latency, replacement.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 11, "character": 10}}),
    );
    let md = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{hover}"));
    for needle in [
        "LLM301",
        "SDK: openai `chat.completions.create`",
        "Model: `gpt-4o-mini`",
        "Task: validation / validate-json",
        "Evidence:",
        "Tokens:",
        "/call,",
        "/month",
        "Latency:",
        "a JSON parser",
        "def is_valid_json(value: str) -> bool:",
    ] {
        assert!(md.contains(needle), "hover lacks {needle:?}:\n{md}");
    }
    assert_eq!(hover["result"]["range"], d301["range"]);
    let none = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
    );
    assert_eq!(none["result"], Value::Null);

    // 5. didChange (ranged): the email prompt becomes a summary, and LLM101 goes away.
    let line19 = text.lines().nth(19).unwrap();
    let from = line19.find("Extract").unwrap() as u64;
    let to = line19.find(":\\n").unwrap() as u64;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": 19, "character": from}, "end": {"line": 19, "character": to}},
            "text": "Summarize this customer note in one friendly sentence",
        }]}),
    );
    let diags2 = c.diagnostics(&uri, Some(2));
    assert_eq!(
        codes(&diags2),
        vec![("LLM301".to_string(), 10)],
        "{diags2:#?}"
    );
    // The suppression action's edit, sent as a change, silences LLM301.
    let actions = code_actions(&mut c, &uri, &diags2, Some(&["quickfix"]));
    let suppress = actions
        .iter()
        .find(|a| a["title"] == "Suppress LLM301 on this line")
        .unwrap();
    let edit = &edits_for(suppress, &uri)[0];
    assert_eq!(edit["newText"], "    # llmlint: ignore[LLM301]\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"range": edit["range"], "text": edit["newText"]}]}),
    );
    assert!(c.diagnostics(&uri, Some(3)).is_empty());

    // 6. Garbage of every kind: the server answers what it can and stays up.
    c.send_raw(b"this is not a header\r\n\r\n");
    c.send_raw(b"Content-Length: 6\r\n\r\n{oops}");
    let parse_err = c.response(&Value::Null);
    assert_eq!(parse_err["error"]["code"], -32700);
    c.send(&json!([1, 2, 3]));
    assert_eq!(c.response(&Value::Null)["error"]["code"], -32600);
    let unknown = c.request("llmlint/nonsense", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad = c.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(bad["error"]["code"], -32602);
    c.notify("textDocument/didChange", json!({"garbage": true}));
    c.notify("workspace/somethingElse", json!(null));
    assert!(c.alive());

    // A file that does not parse (Rust; tree-sitter recovers from Python errors): LLM902,
    // an error, as the CLI reports it.
    let broken = root.join("src/broken.rs");
    fs::create_dir_all(broken.parent().unwrap()).unwrap();
    fs::write(
        &broken,
        "use async_openai::Client;\nfn main( {\n    let c = Client::new();\n",
    )
    .unwrap();
    let buri = c.open(&broken, "rust", 1);
    let bd = c.diagnostics(&buri, Some(1));
    assert_eq!(codes(&bd), vec![("LLM902".to_string(), 0)]);
    assert_eq!(bd[0]["severity"], 1);

    // A file deleted while open is still analysed from its text.
    let uni = root.join("app/unicode.py");
    let uuri = c.open(&uni, "python", 1);
    assert_eq!(c.diagnostics(&uuri, Some(1)).len(), 2);
    fs::remove_file(&uni).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uuri, "type": 3}]}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uuri, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "text": "# deleted on disk\n",
        }]}),
    );
    let ud = c.diagnostics(&uuri, Some(2));
    assert_eq!(
        codes(&ud),
        vec![("LLM101".to_string(), 9), ("LLM101".to_string(), 13)]
    );

    // 7. shutdown / exit: null result, then requests are refused, then exit 0.
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    assert!(r.get("error").is_none());
    let after = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 11, "character": 10}}),
    );
    assert_eq!(after["error"]["code"], -32600);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0));
}

#[test]
fn prompts_in_cjk_and_with_emoji_underline_the_call_in_utf16() {
    let (_tmp, root) = copy_project();
    let mut c = Client::start(&root, &[]);
    c.initialize(&root);
    c.wait_indexed();
    let path = root.join("app/unicode.py");
    let text = fs::read_to_string(&path).unwrap();
    let uri = c.open(&path, "python", 1);
    let diags = c.diagnostics(&uri, Some(1));
    assert_eq!(
        codes(&diags),
        vec![("LLM101".to_string(), 8), ("LLM101".to_string(), 12)]
    );
    for d in &diags {
        let s = offset(&text, &d["range"]["start"]);
        let e = offset(&text, &d["range"]["end"]);
        let call = &text[s..e];
        assert!(
            call.starts_with("client.chat.completions.create(") && call.ends_with("}])"),
            "underlined {call:?}"
        );
    }
    // After "🏷️" (two characters, three UTF-16 units) the call starts at unit 21, which is
    // character 20: the CLI's column 21 is 1-based characters.
    assert_eq!(
        diags[1]["range"]["start"],
        json!({"line": 12, "character": 21})
    );
    // Hover inside the emoji line finds the call.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 12, "character": 30}}),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("extract-emails")
    );
    let (_, status) = c.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn configuration_changes_and_safe_fixes() {
    let (_tmp, root) = copy_project();
    let mut c = Client::start(&root, &[]);
    c.initialize(&root);
    c.wait_indexed();
    let orders = root.join("app/orders.py");
    let uri = c.open(&orders, "python", 1);
    assert_eq!(c.diagnostics(&uri, Some(1)).len(), 2);

    // The configuration is read again when it changes: LLM301 is ignored from now on.
    let config = root.join("llmlint.toml");
    fs::write(&config, "ignore = [\"LLM301\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of_path(&config), "type": 1}]}),
    );
    assert_eq!(
        codes(&c.diagnostics(&uri, Some(1))),
        vec![("LLM101".to_string(), 19)]
    );

    // An unused suppression is LLM901 with a safe fix: fixAll removes it and nothing else.
    let text = fs::read_to_string(&orders).unwrap();
    let with_unused = text.replace(
        "def thank_you(name: str) -> str:\n",
        "def thank_you(name: str) -> str:  # llmlint: ignore[LLM302]\n",
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": with_unused}]}),
    );
    let diags = c.diagnostics(&uri, Some(2));
    assert_eq!(
        codes(&diags),
        vec![("LLM101".to_string(), 19), ("LLM901".to_string(), 22)]
    );
    assert_eq!(diags[1]["tags"], json!([1]));
    let actions = code_actions(&mut c, &uri, &[], Some(&["source.fixAll"]));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.llmlint");
    let fixed = apply_edits(&with_unused, &edits_for(&actions[0], &uri));
    assert_eq!(fixed, text);

    // A client that watches no files (Neovim on Linux): the change is seen on save.
    fs::write(&config, "ignore = [\"LLM101\"]\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    let diags = c.diagnostics(&uri, Some(2));
    assert_eq!(
        codes(&diags),
        vec![("LLM301".to_string(), 10), ("LLM901".to_string(), 22)]
    );

    // A broken configuration is reported to the user, and the server goes on.
    fs::write(&config, "select = [\"LLM777\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of_path(&config), "type": 2}]}),
    );
    let msg = c.wait_for("an error message", |v| v["method"] == "window/showMessage");
    assert!(
        msg["params"]["message"]
            .as_str()
            .unwrap()
            .contains("LLM777"),
        "{msg}"
    );
    let (_, status) = c.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn lifecycle_rules_of_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start(dir.path(), &[]);
    // Before initialize, requests are refused with ServerNotInitialized.
    let early = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.py"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(early["error"]["code"], -32002);
    c.initialize(dir.path());
    let again = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(again["error"]["code"], -32600);
    // exit without shutdown: exit code 1.
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1));

    // The client going away ends the server too.
    let mut c = Client::start(dir.path(), &[]);
    c.initialize(dir.path());
    c.close_stdin();
    assert_eq!(c.wait_exit().code(), Some(1));
}

#[test]
fn an_edited_wrapper_updates_the_index_and_the_files_that_call_it() {
    let (_tmp, root) = copy_project();
    let mut c = Client::start(&root, &[]);
    c.initialize(&root);
    c.wait_indexed();
    let orders = root.join("app/orders.py");
    let ouri = c.open(&orders, "python", 1);
    assert_eq!(
        codes(&c.diagnostics(&ouri, Some(1))),
        vec![("LLM301".to_string(), 10), ("LLM101".to_string(), 19)]
    );
    // Rename the wrapper in app/llm.py (open, not saved): `llm.ask` no longer resolves, so
    // orders.py is analysed again without the wrapper call.
    let llm = root.join("app/llm.py");
    let luri = c.open(&llm, "python", 1);
    assert!(c.diagnostics(&luri, Some(1)).is_empty());
    let text = fs::read_to_string(&llm).unwrap();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": luri, "version": 2}, "contentChanges": [{
            "text": text.replace("def ask(", "def query(")
        }]}),
    );
    assert_eq!(
        codes(&c.diagnostics(&ouri, Some(1))),
        vec![("LLM301".to_string(), 10)]
    );
    // And back: the call resolves again.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": luri, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    assert_eq!(
        codes(&c.diagnostics(&ouri, Some(1))),
        vec![("LLM301".to_string(), 10), ("LLM101".to_string(), 19)]
    );
    // A new file on disk that defines a wrapper, announced by the client's watcher.
    fs::write(
        root.join("app/helpers.py"),
        text.replace("def ask(", "def summon("),
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of_path(&root.join("app/helpers.py")), "type": 1}]}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": ouri, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}},
            "text": "from app import helpers\n",
        }, {
            "range": {"start": {"line": 25, "character": 0}, "end": {"line": 25, "character": 0}},
            "text": "\n\ndef country(name):\n    return helpers.summon(f\"Give the ISO 3166-1 alpha-2 code of the country {name}. Reply with the code only.\")\n",
        }]}),
    );
    let d = c.diagnostics(&ouri, Some(2));
    let got = codes(&d);
    assert!(
        got.iter()
            .any(|(code, line)| code.starts_with("LLM2") && *line == 28),
        "{got:?}"
    );
    let (_, status) = c.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
}
