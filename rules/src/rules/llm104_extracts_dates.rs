//! LLM104 `llm-extracts-dates`: the prompt asks the model to extract dates from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM104`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM104",
    name: "llm-extracts-dates",
    summary: "the prompt asks the model to extract dates from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-dates"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull dates out of a piece of text.

## Why is this bad?
Dates have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Extract all dates from the text below and return them as YYYY-MM-DD, one per line.\n{text}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from dateutil import parser
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b")
dates = [parser.parse(d).date().isoformat() for d in DATE.findall(text)]
```

```rust
let dates: Vec<&str> = DATE_RE.find_iter(text).map(|m| m.as_str()).collect();
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "(?:{}|{})",
        r"(?:\b(?:dates?|deadlines?|timestamps?|fechas?|datum|daten|datums)\b|日期|日付)",
        crate::classify::concepts::DATE_NOUN.regex().as_str()
    ))
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::extraction(f, &NOUN, "dates")?;
    static ROLE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:due|delivery|shipping|start|end|expiry|expiration|birth|meeting|event|appointment|deadline|effective|signing|publication)\s+dates?\b|\bdate\s+of\s+(?:birth|the\s+\w+)",
        )
    });
    let mut hit = hit;
    if ROLE.is_match(&hit.sentence) {
        hit.add(
            "asks for one particular date among those in the text",
            -0.12,
        );
    }
    let time_only = false;
    let spec = hit.find_spec(if time_only {
        Pattern::Time
    } else {
        Pattern::Date {
            format: params::date_formats(&f.raw).into_iter().next(),
        }
    });
    Some(hit.candidate(&RULE, spec))
}
