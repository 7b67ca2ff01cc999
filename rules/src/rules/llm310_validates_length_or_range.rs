//! LLM310 `llm-validates-length-or-range`: the prompt asks the model whether a value is within a length or numeric range.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM310`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM310",
    name: "llm-validates-length-or-range",
    summary: "the prompt asks the model whether a value is within a length or numeric range",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-range"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string's length, or a number, lies within stated bounds.

## Why is this bad?
Comparing a length or a number with bounds is one expression; a model miscounts characters and misreads numbers. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is {rating} a whole number between 1 and 5? Answer yes or no."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
ok = rating.strip().isdigit() and 1 <= int(rating) <= 5
```

```rust
let ok = rating.trim().parse::<i64>().is_ok_and(|n| (1..=5).contains(&n));
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:is|are|whether|if|check\s+(?:that|if|whether)|verify\s+(?:that|if|whether)|does|do|has|have|tiene|es|est|contient|hat|ist|enthält)\s+(?:(?:the|this|that|these|el|la|le|les|ce|cette|der|die|das|ein|eine)\s+)?(?:(?:following|given|siguiente|suivante?|folgenden?|gegebenen?)\s+)?(?:[\w-]+\s+){0,3}?(?:number|value|length|string|text|input|username|user\s+name|password|title|name|score|rating|amount|quantity|age|count|nombre|usuario|contraseña|mot\s+de\s+passe|titre|benutzername|passwort|titel|wert|zahl)\b|\b(?:is|are|whether|if|does|tiene|est|hat|ist)\s+(?:it|\{input\})|-(?:il|elle)\b|¿|\?\s*$)",
    )
});
static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:characters?|chars?|letters|length|long|caracteres|caract[eè]res|zeichen)\b|字符|文字")
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:number|integer|whole\s+number|value|numeric|int|float|decimal|score|rating|amount|quantity|age|between)\b",
    )
});

/// The subtype detector: a yes/no question about the input itself with stated bounds.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    f.bool_answer()?;
    for s in f.sentences() {
        if !SUBJECT.is_match(s) {
            continue;
        }
        let Some((min, max)) = params::bounds(s) else {
            continue;
        };
        let validator = if LENGTH.is_match(s) {
            Validator::Length {
                min: min.map(|v| v.max(0.0) as u64),
                max: max.map(|v| v.max(0.0) as u64),
            }
        } else if NUMBER.is_match(s) {
            Validator::NumberRange {
                min,
                max,
                integer: s.contains("whole number") || s.contains("integer") || s.contains(" int "),
            }
        } else {
            continue;
        };
        let what = if matches!(validator, Validator::Length { .. }) {
            "a length"
        } else {
            "a number"
        };
        return Some(
            Candidate::new(&RULE, ReplacementSpec::Validate { validator })
                .with(format!("asks whether {what} is within stated bounds"), 0.68),
        );
    }
    None
}
