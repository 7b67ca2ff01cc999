//! LLM406 `llm-reads-json-field`: the prompt asks the model to read one field out of a JSON payload.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM406`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM406",
    name: "llm-reads-json-field",
    summary: "the prompt asks the model to read one field out of a JSON payload",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("extract-json-field"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to read the value at a given key path out of a JSON document.

## Why is this bad?
`json.loads(payload)["a"]["b"]` or `serde_json::Value::pointer` reads the field exactly; a model can return a neighbouring field or reformat the value. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"From this JSON webhook payload, return the value of `data.object.customer_email` and nothing else:\n{payload}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import json
value = json.loads(payload)["data"]["object"]["customer_email"]
```

```rust
let value = serde_json::from_str::<serde_json::Value>(&payload)?.pointer("/data/object/customer_email").cloned();
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static JSON: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:json|payload|webhook\s+body|api\s+response)\b"));
static READ: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:return|extract|get|read|output|give\s+me|what\s+is|what's|pull|find|print|fetch|devuelve|extrae|renvoie|extrais|gib)\b|提取|取り出",
    )
});

static OUTPUT_JSON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:return|returns|output|respond|reply|answer|format|formatted|produce|give|emit|write|provide)\w*\s+(?:(?:only|just|strictly|valid|raw|a|an|the|your|answer|response|result|results|with|in|as|back|me)\s+){0,4}json\b|\bjson\s+(?:only|schema|format|output|response|object\s+(?:only|with|containing))\b|\b(?:valid|strict|raw|in|as|only)\s+json\b|\(json",
    )
});

/// The subtype detector: a JSON input, a read verb and a stated key path.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    // "Return only valid JSON", "JSON schema", "(JSON only)" say how to answer: the input
    // is JSON only when JSON is named apart from the output format.
    let input_side = OUTPUT_JSON.replace_all(&f.text, " ");
    if !JSON.is_match(&input_side) || !f.has(&READ) {
        return None;
    }
    let mut path = params::json_path(&f.raw)?;
    // A key given at run time (`the "{field}" field`) names its hole.
    for part in &mut path {
        if part == "{input}" {
            let hole = f
                .holes
                .iter()
                .find(|h| !f.is_long_hole(h))
                .or(f.holes.first())?;
            *part = format!("{{{hole}}}");
        }
    }
    if path.is_empty() || path.len() > 8 {
        return None;
    }
    let shown = path.join(".");
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::JsonField { path },
            },
        )
        .with(format!("asks to read the field `{shown}` from JSON"), 0.76),
    )
}
