//! A small LSP client for the tests: it starts `llmlint server`, speaks JSON-RPC to it over
//! its stdin / stdout, answers the server's own requests, and keeps every notification.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub use llmlint::server::uri_of_path;

/// How long any single wait may take before the test fails instead of hanging. Nothing is
/// asserted about the time itself.
pub const PATIENCE: Duration = Duration::from_secs(120);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet consumed, in order.
    pub pending: VecDeque<Value>,
}

impl Client {
    /// Start the server built by this package, in `cwd`.
    pub fn start(cwd: &Path, extra_args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_llmlint"))
            .arg("server")
            .args(extra_args)
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("LLMLINT_BENCH_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("llmlint server starts");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Ok(Some(body)) = llmlint::server::transport::read_frame(&mut r) {
                let v: Value = serde_json::from_slice(&body).expect("the server sends JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 0,
            pending: VecDeque::new(),
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, v: &Value) {
        let text = v.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{text}", text.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message from the server, answering its requests on the way.
    fn next(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = match self.rx.recv_timeout(left) {
                Ok(v) => v,
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => return None,
            };
            if v.get("method").is_some() && v.get("id").is_some() {
                // A request from the server (progress token, watcher registration).
                let id = v["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            return Some(v);
        }
    }

    /// Send a request and return its whole response (`result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(&json!(id))
    }

    /// Wait for the response with this id.
    pub fn response(&mut self, id: &Value) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let v = self
                .next(deadline)
                .unwrap_or_else(|| panic!("no response to request {id}"));
            if v.get("method").is_none() && v.get("id") == Some(id) {
                return v;
            }
            if v.get("method").is_some() {
                self.pending.push_back(v);
            }
        }
    }

    /// Wait for a notification satisfying `pred`, consuming it (and keeping others).
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&pred) {
            return self.pending.remove(i).expect("present");
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let v = self
                .next(deadline)
                .unwrap_or_else(|| panic!("no {what} from the server"));
            if pred(&v) {
                return v;
            }
            if v.get("method").is_some() {
                self.pending.push_back(v);
            }
        }
    }

    /// `initialize` with `root` as the workspace folder, then `initialized`.
    pub fn initialize(&mut self, root: &Path) -> Value {
        let uri = uri_of_path(root);
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "fixture"}],
                "capabilities": {
                    "window": {"workDoneProgress": true},
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
                    "general": {"positionEncodings": ["utf-16"]},
                },
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// Wait until the workspace scan reports its end; returns the `end` message.
    pub fn wait_indexed(&mut self) -> String {
        let v = self.wait_for("end of the workspace scan", |v| {
            v["method"] == "$/progress" && v["params"]["value"]["kind"] == "end"
        });
        v["params"]["value"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn open(&mut self, path: &Path, language: &str, version: i64) -> String {
        let uri = uri_of_path(path);
        let text = std::fs::read_to_string(path).expect("fixture");
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
        uri
    }

    /// The diagnostics published for `uri` (for `version`, when given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let v = self.wait_for(&format!("diagnostics for {uri}"), |v| {
            v["method"] == "textDocument/publishDiagnostics"
                && v["params"]["uri"] == uri
                && version.is_none_or(|n| v["params"]["version"] == n)
        });
        v["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// `shutdown`, then `exit`; the exit status of the server.
    pub fn shutdown_and_exit(mut self) -> (Value, ExitStatus) {
        let r = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let status = self.wait_exit();
        (r, status)
    }

    pub fn close_stdin(&mut self) {
        drop(self.stdin.take());
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return s;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().expect("wait").is_none()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if self.alive() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Apply LSP text edits (UTF-16 positions) to a text.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let start = offset(text, &e["range"]["start"]);
            let end = offset(text, &e["range"]["end"]);
            (
                start,
                end,
                e["newText"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// Byte offset of an LSP position (line, UTF-16 character) in `text`, computed independently
/// of the server's own conversion.
pub fn offset(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().expect("line") as usize;
    let character = pos["character"].as_u64().expect("character") as usize;
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').expect("line exists") + 1;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units == character {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The (line, UTF-16 character) of a 1-based (row, character column) as the CLI reports it.
pub fn utf16_of(text: &str, row: u64, column: u64) -> (u64, u64) {
    let line = text.split('\n').nth(row as usize - 1).unwrap_or("");
    let units: usize = line
        .chars()
        .take(column as usize - 1)
        .map(char::len_utf16)
        .sum();
    (row - 1, units as u64)
}
