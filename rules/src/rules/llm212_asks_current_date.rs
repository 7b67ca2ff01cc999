//! LLM212 `llm-asks-current-date`: the prompt asks the model for today's date, day or time.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM212`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM212",
    name: "llm-asks-current-date",
    summary: "the prompt asks the model for today's date, day or time",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("current-date"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to ask the model what today's date, weekday or time is.

## Why is this bad?
A model does not know the current date (it answers from its training cut-off or guesses); the system clock does. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "What is today's date? Answer in YYYY-MM-DD format."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from datetime import date
today = date.today().isoformat()
```

```rust
let today = chrono::Local::now().date_naive().to_string();
```

## Fix safety
The clock gives the machine's local date, where the model gave a guess: the value changes, which is the point. The table holds exactly the entries shown (or the shipped reference data); a key the model would have guessed at now yields the default or `None`. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static TODAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bwhat(?:'s|\s+is)\s+(?:today's\s+(?:date|day)|the\s+(?:current\s+)?date(?:\s+today)?|the\s+current\s+(?:date|time|day|year|month|weekday)|the\s+date\s+today|the\s+time\s+now)|\bwhat\s+(?:day|date|year|month)\s+(?:is\s+(?:it\s+)?today|is\s+it|of\s+the\s+week\s+is\s+(?:it\s+)?today)|\b(?:tell\s+me|give\s+me|return|output)\s+(?:today's|the\s+current)\s+(?:date|day|time|weekday|year)|\bqu[eé]\s+(?:d[ií]a|fecha)\s+es\s+hoy|\bquelle\s+est\s+la\s+date\s+(?:d'aujourd'hui|du\s+jour)|\bwelches\s+datum\s+(?:ist|haben\s+wir)\s+heute|今天(?:是)?(?:几号|什么日子|星期几|的日期)|今日は何日|今日の日付)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = TODAY.find(&f.text)?;
    let s = m.as_str();
    let what = if s.contains("time") {
        "time"
    } else if s.contains("day") && !s.contains("date") || s.contains("星期") {
        "weekday"
    } else if s.contains("year") {
        "year"
    } else {
        "date"
    };
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Lookup {
                lookup: Lookup::CurrentDate {
                    what: what.to_string(),
                },
            },
        )
        .with(
            format!("asks the model for the current {what} (\"{}\")", s.trim()),
            0.75,
        ),
    )
}
