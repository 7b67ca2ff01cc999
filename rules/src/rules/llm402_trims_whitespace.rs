//! LLM402 `llm-trims-whitespace`: the prompt asks the model to trim or collapse whitespace.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM402`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM402",
    name: "llm-trims-whitespace",
    summary: "the prompt asks the model to trim or collapse whitespace",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("trim-whitespace"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to strip leading and trailing whitespace, or collapse runs of spaces.

## Why is this bad?
`str.strip()` and one regex substitution do it exactly; a model also rewrites the text it was meant to leave alone. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Remove leading and trailing whitespace and collapse repeated spaces in this string. Output the cleaned string only:\n{raw}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
cleaned = " ".join(raw.split())
```

```rust
let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static TRIM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:trim|strip|remove|delete|collapse|normali[sz]e|squeeze|get\s+rid\s+of)\s+(?:\w+\s+){0,4}?(?:white\s*space|whitespaces|spaces|blank\s+lines|line\s+breaks|newlines|tabs)\b|\b(?:leading|trailing)\s+(?:and\s+(?:leading|trailing)\s+)?(?:white\s*space|spaces)\b|\bextra\s+(?:white\s*space|spaces)\b|\btrim\s+(?:both\s+ends|the\s+ends|(?:it|the\s+\w+)\s+at\s+both\s+ends)\b|\b(?:replace|collapse)\s+(?:\w+\s+){0,5}?(?:white\s*space|spaces|tabs)\s+(?:\w+\s+){0,6}?(?:with|into|to)\s+(?:a\s+|one\s+)?single\s+spaces?\b|\bespacios\s+(?:en\s+blanco|sobrantes|extra)|\bespaces\s+(?:superflus|en\s+trop|inutiles)|\bleerzeichen\s+entfernen|\bentferne\s+(?:\w+\s+){0,3}leerzeichen|去除空格|去掉空格|空白を削除|空白を取り除)",
    )
});
static COLLAPSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:collapse|multiple|repeated|consecutive|extra|double|runs\s+of|internal|squeeze|single\s+space)\b",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = TRIM.find(&f.text)?;
    let transform = if f.has(&COLLAPSE) {
        Transform::CollapseWhitespace
    } else {
        Transform::Trim
    };
    Some(
        Candidate::new(&RULE, ReplacementSpec::Transform { transform })
            .with(format!("asks to \"{}\"", m.as_str().trim()), 0.7),
    )
}
