//! LLM109 `llm-extracts-ip-addresses`: the prompt asks the model to extract IP addresses from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM109`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM109",
    name: "llm-extracts-ip-addresses",
    summary: "the prompt asks the model to extract IP addresses from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-ip-addresses"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull IP addresses out of a piece of text.

## Why is this bad?
Ip addresses have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Extract all IPv4 addresses from these log lines:\n{log_chunk}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
IPV4 = re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")
ips = IPV4.findall(log_chunk)
```

```rust
let ips: Vec<&str> = IPV4_RE.find_iter(log_chunk).map(|m| m.as_str()).collect();
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:ip(?:v4|v6)?\s+addresses|ip(?:v4|v6)?\s+address|ip(?:v4|v6)?s|ipv4|ipv6|ip)\b|\badresses?\s+ip\b|\bdirecci(?:ón|on|ones)\s+ip\b|\bip-adressen?\b|ip地址|IPアドレス|ipアドレス)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::extraction(f, &NOUN, "IP addresses")?;
    let spec = hit.find_spec(if f.text.contains("ipv6") {
        Pattern::Ipv6
    } else {
        Pattern::Ipv4
    });
    Some(hit.candidate(&RULE, spec))
}
