//! LLM301 `llm-validates-json`: the prompt asks the model whether a string is valid JSON.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM301`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM301",
    name: "llm-validates-json",
    summary: "the prompt asks the model whether a string is valid JSON",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-json"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is valid JSON.

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is the following string valid JSON? Answer true or false only.\n{payload}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import json
try:
    json.loads(payload)
    ok = True
except ValueError:
    ok = False
```

```rust
let ok = serde_json::from_str::<serde_json::Value>(&payload).is_ok();
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bjson(?:\b|[\p{Hangul}\p{Han}\p{Hiragana}\p{Katakana}])"));

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "valid JSON")?;
    // Required fields are LLM311.
    const FIELD_WORDS: &[&str] = &[
        "field",
        "feld",
        "champ",
        "campo",
        "required key",
        "字段",
        "フィールド",
        "項目",
    ];
    if !params::field_list(&f.raw).is_empty() && FIELD_WORDS.iter().any(|w| f.text.contains(w)) {
        return None;
    }
    let spec = ReplacementSpec::Validate {
        validator: Validator::Json,
    };
    Some(hit.candidate(&RULE, spec))
}
