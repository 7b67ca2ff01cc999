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

/// One block of the big file: ordinary code around two LLM calls, one flagged direct call
/// (LLM301) and one flagged wrapper call (LLM101), and one genuine (generative) wrapper call.
fn block(i: usize) -> String {
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


def payload_is_json_{i}(payload: str) -> bool:
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


def summarise_batch_{i}(orders):
    lines = []
    for o in orders:
        lines.append(f"{{o.customer}}: {{o.subtotal():.2f}}")
    return "\n".join(lines)
"#
    );
    s
}

fn big_file(lines: usize) -> (String, usize) {
    let mut s = String::from(
        "\"\"\"Order processing: a long module.\"\"\"\n\nfrom openai import OpenAI\n\nfrom app import llm\n\nclient = OpenAI()\n",
    );
    let mut blocks = 0;
    while s.lines().count() < lines {
        s.push_str(&block(blocks));
        blocks += 1;
    }
    (s, blocks)
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("app")).unwrap();
    std::fs::write(root.join("llmlint.toml"), "calls-per-day = 1000\n").unwrap();
    std::fs::write(root.join("app/__init__.py"), "").unwrap();
    std::fs::write(root.join("app/llm.py"), WRAPPER).unwrap();
    let (text, blocks) = big_file(3000);
    let path = root.join("app/orders.py");
    std::fs::write(&path, &text).unwrap();
    let lines = text.lines().count();

    let mut c = Client::start(&root, &[]);
    c.initialize(&root);
    let indexed = c.wait_indexed();
    let uri = c.open(&path, "python", 1);
    let first = c.diagnostics(&uri, Some(1));
    let count =
        |d: &[serde_json::Value], code: &str| d.iter().filter(|x| x["code"] == code).count();
    // Every block: one LLM301 (direct call) and one LLM101 (wrapper from app/llm.py).
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
    let (_, status) = c.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));

    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "lsp_latency: {lines}-line Python file, {expected} diagnostics ({blocks} LLM301 + {blocks} LLM101 through a wrapper in app/llm.py; {indexed})"
    );
    println!(
        "didChange -> publishDiagnostics over {runs} edits (debounce 15 ms included): median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(times[runs / 2]),
        ms(times[runs * 9 / 10]),
        ms(times[0]),
        ms(times[runs - 1]),
    );
}
