//! LLM308 `llm-validates-card-number`: the prompt asks the model whether a string is a valid card number (Luhn).
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM308`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM308",
    name: "llm-validates-card-number",
    summary: "the prompt asks the model whether a string is a valid card number (Luhn)",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-card-number"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a valid card number (Luhn).

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Does the card number {card} pass the Luhn check? Reply with VALID or INVALID."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
def luhn_ok(s: str) -> bool:
    digits = [int(c) for c in s if c.isdigit()]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(reversed(digits)))
    return len(digits) >= 12 and total % 10 == 0

ok = luhn_ok(card)
```

```rust
let ok = luhn::valid(&card);
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:(?:credit|debit|payment|bank)\s+)?card\s+numbers?\b|\bcredit\s+cards?\b|\bdebit\s+cards?\b|\bluhn\b|\bpan\b|\btarjetas?(?:\s+de\s+cr[eé]dito)?\b|\bcartes?\s+(?:bancaires?|de\s+cr[eé]dit)\b|\bkreditkart\w*|信用卡|银行卡|クレジットカード)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a valid card number (Luhn)")?;
    let spec = ReplacementSpec::Validate {
        validator: Validator::CardLuhn,
    };
    Some(hit.candidate(&RULE, spec))
}
