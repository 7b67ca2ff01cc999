//! LLM306 `llm-validates-ip-address`: the prompt asks the model whether a string is a valid IP address.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM306`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM306",
    name: "llm-validates-ip-address",
    summary: "the prompt asks the model whether a string is a valid IP address",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-ip"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a valid IP address.

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is {addr} a valid IPv4 address? Answer yes or no."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import ipaddress
try:
    ipaddress.IPv4Address(addr)
    ok = True
except ValueError:
    ok = False
```

```rust
let ok = addr.parse::<std::net::Ipv4Addr>().is_ok();
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:ip(?:v4|v6)?\s+addresses|ip(?:v4|v6)?\s+address|ip(?:v4|v6)?s|ipv4|ipv6|ip)\b|\badresses?\s+ip\b|\bdirecci(?:ón|on|ones)\s+ip\b|\bip-adressen?\b|ip地址|IPアドレス|ipアドレス)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a valid IP address")?;
    let spec = ReplacementSpec::Validate {
        validator: if f.text.contains("ipv6") && !f.text.contains("ipv4") {
            Validator::Ipv6
        } else if f.text.contains("ipv4") && !f.text.contains("ipv6") {
            Validator::Ipv4
        } else {
            Validator::Ip
        },
    };
    Some(hit.candidate(&RULE, spec))
}
