//! LLM401 `llm-changes-case`: the prompt asks the model to change a string's case (upper, lower, title, snake, camel).
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM401`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM401",
    name: "llm-changes-case",
    summary: "the prompt asks the model to change a string's case (upper, lower, title, snake, camel)",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("change-case"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to convert a string to upper, lower, title, snake or camel case.

## Why is this bad?
Case conversion is a string method; the model may also "fix" words, drop characters or add quotes. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Convert the following product name to UPPERCASE. Return only the converted text.\n{name}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
upper = name.upper()
```

```rust
let upper = name.to_uppercase();
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static CASES: LazyLock<Vec<(Regex, Transform, &'static str)>> = LazyLock::new(|| {
    vec![
        (
            re(r"\bsnake[_\s-]?case\b|\bsnake_case\b"),
            Transform::SnakeCase,
            "snake_case",
        ),
        (
            re(r"\bcamel[_\s-]?case\b|\bpascal[_\s-]?case\b|\blower\s+camel\b"),
            Transform::CamelCase,
            "camelCase",
        ),
        (
            re(
                r"\btitle[_\s-]?case\b|\bcapitali[sz]e\s+(?:the\s+first\s+letter\s+of\s+)?(?:each|every)\s+word\b|\bcapitali[sz]ed?\s+words\b",
            ),
            Transform::Title,
            "title case",
        ),
        (
            re(&format!(
                "(?:{}|{})",
                r"(?:\bupper[_\s-]?case\b|\buppercase\b|\ball[\s-]+caps\b|\ball\s+capital\s+letters\b|\bmay[uú]sculas\b|\bmajuscules?\b|\bgroßbuchstaben\b|大写|大文字)",
                crate::classify::concepts::UPPER.regex().as_str()
            )),
            Transform::Upper,
            "upper case",
        ),
        (
            re(&format!(
                "(?:{}|{})",
                r"(?:\blower[_\s-]?case\b|\blowercase\b|\bmin[uú]sculas\b|\bminuscules?\b|\bkleinbuchstaben\b|小写|小文字)",
                crate::classify::concepts::LOWER.regex().as_str()
            )),
            Transform::Lower,
            "lower case",
        ),
    ]
});

/// The subtype detector: a conversion verb and a case name in the same sentence, with
/// nothing else asked of the text.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    for s in f.sentences() {
        let Some(verb) = detect::transform_verb(s).or_else(|| {
            s.split_whitespace()
                .next()
                .filter(|w| {
                    matches!(
                        *w,
                        "uppercase"
                            | "lowercase"
                            | "capitalize"
                            | "capitalise"
                            | "lower-case"
                            | "upper-case"
                    )
                })
                .map(str::to_string)
        }) else {
            continue;
        };
        for (r, t, what) in CASES.iter() {
            if r.is_match(s) {
                return Some(
                    Candidate::new(
                        &RULE,
                        ReplacementSpec::Transform {
                            transform: t.clone(),
                        },
                    )
                    .with(
                        format!("asks to \"{}\" the text to {what}", verb.trim()),
                        0.7,
                    ),
                );
            }
        }
    }
    None
}
