//! didChange → publishDiagnostics latency of `llmlint server`, debounce included, on a
//! 3,000-line Python file with LLM calls (direct SDK calls, and calls of a wrapper defined in
//! another file). Drives the real server over stdio, checks that every publish carries the
//! expected diagnostics, and prints the median. Run on a release build:
//!
//! ```sh
//! cargo bench -p llmlint --bench lsp_latency
//! ```

#[path = "../tests/lsp_support/mod.rs"]
mod lsp_support;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use lsp_support::Client;
use serde_json::json;

/// The wrapper `ask`, defined in another file than the calls.
const WRAPPER: &str = include_str!("../../fixtures/lsp/project/app/llm.py");

/// One block of the big file: ordinary code, and (when `calls`) three LLM calls: a flagged
/// direct call (LLM301), a flagged wrapper call (LLM101) and a genuine (generative) wrapper
/// call.
fn block(i: usize, calls: bool) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"

class Order{i}:
    """An order of batch {i}."""

    def __init__(self, items, customer):
        self.items = list(items)
        self.customer = customer
        self.total = 0

    def subtotal(self):
        total = 0
        for item in self.items:
            total += item.price * item.quantity
        return total

    def apply_discount(self, percent):
        if percent < 0 or percent > 100:
            raise ValueError("percent out of range")
        self.total = self.subtotal() * (100 - percent) / 100
        return self.total


{calls}def summarise_batch_{i}(orders):
    lines = []
    for o in orders:
        lines.append(f"{{o.customer}}: {{o.subtotal():.2f}}")
    return "\n".join(lines)
"#,
        calls = if calls { call_block(i) } else { String::new() },
    );
    s
}

fn call_block(i: usize) -> String {
    format!(
        r#"def payload_is_json_{i}(payload: str) -> bool:
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{{"role": "user", "content": f"Is the following string valid JSON? Answer yes or no.\n\n{{payload}}"}}],
        max_tokens=3,
    )
    return r.choices[0].message.content.strip().lower() == "yes"


def contact_emails_{i}(note: str) -> str:
    return llm.ask(f"Extract every email address from this note, one per line:\n\n{{note}}")


def thank_you_{i}(name: str) -> str:
    return llm.ask(f"Write a warm two-sentence thank-you note to {{name}} for order {i}.")


"#
    )
}

/// A module of about `lines` lines whose every `every`-th block holds calls; the number of
/// blocks with calls.
fn big_file(lines: usize, every: usize) -> (String, usize) {
    let mut s = String::from(
        "\"\"\"Order processing: a long module.\"\"\"\n\nfrom openai import OpenAI\n\nfrom app import llm\n\nclient = OpenAI()\n",
    );
    let (mut blocks, mut with_calls) = (0, 0);
    while s.lines().count() < lines {
        let calls = blocks % every == 0;
        s.push_str(&block(blocks, calls));
        with_calls += usize::from(calls);
        blocks += 1;
    }
    (s, with_calls)
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    // LLMLINT_BENCH_KEEP=DIR: write the project there and keep it (to profile by hand)
    let root = match std::env::var_os("LLMLINT_BENCH_KEEP") {
        Some(dir) => {
            std::fs::create_dir_all(&dir).unwrap();
            std::path::PathBuf::from(dir).canonicalize().unwrap()
        }
        None => tmp.path().canonicalize().unwrap(),
    };
    std::fs::create_dir_all(root.join("app")).unwrap();
    std::fs::write(root.join("llmlint.toml"), "calls-per-day = 1000\n").unwrap();
    std::fs::write(root.join("app/__init__.py"), "").unwrap();
    std::fs::write(root.join("app/llm.py"), WRAPPER).unwrap();
    // Calls in every block (134 findings), and in every eighth block (18): the second is
    // closer to real code, the first shows the cost per call.
    let scenarios = [("dense", 1), ("sparse", 8)];
    for (name, every) in scenarios {
        let (text, _) = big_file(3000, every);
        std::fs::write(root.join(format!("app/orders_{name}.py")), text).unwrap();
    }
    // LLMLINT_BENCH_LOG=1: the server's debug log (time per stage) on stderr
    let log = std::env::var_os("LLMLINT_BENCH_LOG").is_some();
    let mut c = Client::start(&root, if log { &["--log-level", "debug"] } else { &[] });
    c.initialize(&root);
    let indexed = c.wait_indexed();
    for (name, every) in scenarios {
        measure(&mut c, &root, name, every, &indexed);
    }
    let (_, status) = c.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
}

fn measure(c: &mut Client, root: &std::path::Path, name: &str, every: usize, indexed: &str) {
    let (text, blocks) = big_file(3000, every);
    let path = root.join(format!("app/orders_{name}.py"));
    let lines = text.lines().count();

    let uri = c.open(&path, "python", 1);
    let first = c.diagnostics(&uri, Some(1));
    let count =
        |d: &[serde_json::Value], code: &str| d.iter().filter(|x| x["code"] == code).count();
    // Every block with calls: one LLM301 (direct call) and one LLM101 (the wrapper of
    // app/llm.py); the generative wrapper call is not flagged.
    assert_eq!(count(&first, "LLM301"), blocks, "direct calls");
    assert_eq!(count(&first, "LLM101"), blocks, "wrapper calls");
    let expected = first.len();

    // Edit a comment-free spot: the docstring's first line, back and forth.
    let runs = 60;
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for v in 0..runs {
        let version = 2 + v as i64;
        let word = if v % 2 == 0 { "Order" } else { "Ordre" };
        let sent = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{
                "range": {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 8}},
                "text": word,
            }]}),
        );
        let d = c.diagnostics(&uri, Some(version));
        times.push(sent.elapsed());
        assert_eq!(d.len(), expected, "version {version}");
        assert_eq!(count(&d, "LLM301"), blocks);
        assert_eq!(count(&d, "LLM101"), blocks);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "lsp_latency ({name}): {lines}-line Python file, {expected} diagnostics ({blocks} LLM301 + {blocks} LLM101 through a wrapper in app/llm.py; {indexed})"
    );
    println!(
        "didChange -> publishDiagnostics over {runs} edits (debounce 15 ms included): median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(times[runs / 2]),
        ms(times[runs * 9 / 10]),
        ms(times[0]),
        ms(times[runs - 1]),
    );
}
