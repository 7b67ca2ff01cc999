//! LLM412 `llm-sorts-json-keys`: the prompt asks the model to sort the keys of a JSON object.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM412`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM412",
    name: "llm-sorts-json-keys",
    summary: "the prompt asks the model to sort the keys of a JSON object",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("sort-json-keys"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to re-emit a JSON object with its keys sorted.

## Why is this bad?
`json.dumps(obj, sort_keys=True)` does it exactly; a model may also change values or drop keys. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Sort the keys of this JSON object alphabetically and return the JSON only:\n{doc}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import json
result = json.dumps(json.loads(doc), sort_keys=True, indent=2)
```

```rust
let result = serde_json::to_string_pretty(&serde_json::from_str::<BTreeMap<String, serde_json::Value>>(&doc)?)?;
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static SORT_KEYS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:sort|order|alphabeti[sz]e|reorder)\s+(?:all\s+)?(?:the\s+|its\s+)?(?:\w+\s+)?(?:keys|fields|properties)\b|\bkeys\s+(?:sorted|in\s+alphabetical\s+order)\b",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = SORT_KEYS.find(&f.text)?;
    if !f.text.contains("json") {
        return None;
    }
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::SortJsonKeys,
            },
        )
        .with(
            format!("asks to \"{}\" of a JSON object", m.as_str().trim()),
            0.76,
        ),
    )
}
