//! LLM309 `llm-validates-postal-code`: the prompt asks the model whether a string is a valid postal code.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM309`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM309",
    name: "llm-validates-postal-code",
    summary: "the prompt asks the model whether a string is a valid postal code",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-postal-code"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a valid postal code.

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is {zip_code} a valid US ZIP code (5 digits or ZIP+4)? Answer yes or no."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
ok = re.fullmatch(r"\d{5}(?:-\d{4})?", zip_code) is not None
```

```rust
let ok = ZIP_RE.is_match(&zip_code);
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:zip(?:\s*codes?)?|zipcodes?|postal\s+codes?|post\s*codes?|c[oó]digos?\s+postal(?:es)?|codes?\s+postaux|code\s+postal|postleitzahl(?:en)?|plz|pin\s*codes?)\b|邮编|邮政编码|郵便番号)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a valid postal code")?;
    let spec = ReplacementSpec::Validate {
        validator: Validator::PostalCode {
            country: params::region(&f.text),
        },
    };
    Some(hit.candidate(&RULE, spec))
}
