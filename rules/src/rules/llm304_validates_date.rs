//! LLM304 `llm-validates-date`: the prompt asks the model whether a string is a valid date in a stated format.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM304`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM304",
    name: "llm-validates-date",
    summary: "the prompt asks the model whether a string is a valid date in a stated format",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-date"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a valid date in a stated format.

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is {value} a valid calendar date in YYYY-MM-DD format? Answer yes or no."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from datetime import datetime
try:
    datetime.strptime(value, "%Y-%m-%d")
    ok = True
except ValueError:
    ok = False
```

```rust
let ok = chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_ok();
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:\b(?:dates?|deadlines?|timestamps?|fechas?|datum|daten|datums)\b|日期|日付)")
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a valid date in a stated format")?;
    let spec = ReplacementSpec::Validate {
        validator: Validator::Date {
            format: params::date_formats(&f.raw).into_iter().next(),
        },
    };
    Some(hit.candidate(&RULE, spec))
}
