//! LLM314 `llm-validates-check-digits`: the prompt asks the model whether a string is a valid IBAN or EAN-13 (check digits).
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM314`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM314",
    name: "llm-validates-check-digits",
    summary: "the prompt asks the model whether a string is a valid IBAN or EAN-13 (check digits)",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-check-digits"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a valid IBAN or EAN-13 (check digits).

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Check whether this IBAN is valid (mod-97 check digits): {iban}. Reply true or false."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from schwifty import IBAN
try:
    IBAN(iban)
    ok = True
except ValueError:
    ok = False
```

```rust
let ok = iban.parse::<iban::Iban>().is_ok();
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\biban\b|\bean[- ]?13\b|\bean\b|\bgtin(?:-13)?\b|\bbarcode\b)"));

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a valid IBAN or EAN-13 (check digits)")?;
    let spec = ReplacementSpec::Validate {
        validator: if f.text.contains("iban") {
            Validator::Iban
        } else {
            Validator::Ean13
        },
    };
    Some(hit.candidate(&RULE, spec))
}
