//! LLM207 `llm-looks-up-language-code`: the prompt asks the model for a language's ISO 639-1 code (or the language of a code).
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM207`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Dataset, Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM207",
    name: "llm-looks-up-language-code",
    summary: "the prompt asks the model for a language's ISO 639-1 code (or the language of a code)",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("language-code"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to map a language name to its ISO 639-1 code, or a code to the language name.

## Why is this bad?
ISO 639-1 is a closed table of 184 codes (`langcodes`, a small map); the model may answer a country code (`jp`) where the language code (`ja`) was asked for. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Give the ISO 639-1 code for the language {language}. Two lowercase letters only."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import langcodes
code = langcodes.find(language).language
```

```rust
let code = isolang::Language::from_name(&language).and_then(|l| l.to_639_1());
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
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\biso[\s-]*639(?:-1)?\b|\blanguage\s+codes?\b|\b(?:two|2)[- ]letter\s+language\b|\bc[oó]digo\s+(?:de\s+)?idioma|\bcode\s+(?:de\s+)?langue|\bsprachcode|语言代码|言語コード)",
    )
});
static DETECT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:written\s+in|language\s+of\s+(?:this|the\s+following|the)\s+(?:text|message|document|review|input|email|comment)|detect|identify|determine|guess)\b",
    )
});
static REVERSE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:language\s+name|name\s+of\s+the\s+language|which\s+language)\s+(?:for|of|is|does)?")
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = CODE.find(&f.text)?;
    if f.holes.is_empty() || f.has(&DETECT) {
        return None; // "the language this text is written in" is language identification
    }
    let (from, to) = if f.has(&REVERSE) {
        ("code", "name")
    } else {
        ("name", "code")
    };
    Some(
        Candidate::new(&RULE, reference(Dataset::Languages, from, to)).with(
            format!("asks for a language's {to} (\"{}\")", m.as_str().trim()),
            0.72,
        ),
    )
}
