//! LLM210 `llm-looks-up-weekday`: the prompt asks the model for the name of a weekday number.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM210`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Dataset, Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM210",
    name: "llm-looks-up-weekday",
    summary: "the prompt asks the model for the name of a weekday number",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("weekday-name"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to map an ISO weekday number (1 = Monday) to the weekday's name.

## Why is this bad?
Seven fixed names: `calendar.day_name` or a seven-element array answers exactly. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Day {n} of the ISO week (1 = Monday) is which weekday? Reply with the English name only."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import calendar
name = calendar.day_name[int(n) - 1]
```

```rust
let name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][n - 1];
```

## Fix safety
The table holds exactly the entries shown (or the shipped reference data); a key the model would have guessed at now yields the default or `None`. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

/// Builds the reference lookup candidate.
fn reference(dataset: Dataset, from: &str, to: &str) -> ReplacementSpec {
    ReplacementSpec::Lookup {
        lookup: Lookup::Reference {
            dataset,
            from: from.to_string(),
            to: to.to_string(),
        },
    }
}
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:weekday|day\s+of\s+the\s+week|day\s+name|name\s+of\s+the\s+day|d[ií]a\s+de\s+la\s+semana|jour\s+de\s+la\s+semaine|wochentag)\b|星期|曜日",
    )
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:number|numbers|index|iso\s+week(?:day)?|day\s+\{input\}|1\s*=\s*monday|monday\s*=\s*[01]|0\s*=\s*sunday|sunday\s*=\s*[01]|\d\s*\(monday\)|numeric)\b",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = WEEKDAY.find(&f.text)?;
    if f.holes.is_empty() || !f.has(&NUMBER) || f.text.contains("today") {
        return None;
    }
    Some(
        Candidate::new(&RULE, reference(Dataset::Weekdays, "number", "name")).with(
            format!("asks for the \"{}\" of a number", m.as_str().trim()),
            0.72,
        ),
    )
}
