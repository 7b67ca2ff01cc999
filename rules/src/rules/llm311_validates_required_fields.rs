//! LLM311 `llm-validates-required-fields`: the prompt asks the model whether a JSON payload has the required fields.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM311`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM311",
    name: "llm-validates-required-fields",
    summary: "the prompt asks the model whether a JSON payload has the required fields",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-required-fields"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a JSON object holds a list of required fields.

## Why is this bad?
Parsing the JSON and checking the keys is exact; a model can overlook a missing key in a long payload. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Does this JSON payload contain all of the required fields `id`, `email` and `created_at`? Answer yes or no.\n{payload}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import json
try:
    obj = json.loads(payload)
    ok = isinstance(obj, dict) and all(k in obj for k in ("id", "email", "created_at"))
except ValueError:
    ok = False
```

```rust
let ok = serde_json::from_str::<serde_json::Value>(&payload).is_ok_and(|v| ["id", "email", "created_at"].iter().all(|k| v.get(k).is_some()));
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:contains?|has|have|includes?|present|missing|required|exists?|all\s+of|contient|contiene|enthält|obligatoires?|obligatorios?|pflichtfeld\w*)\b|包含|必填|必須|含まれ)",
    )
});
static OBJECT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:json|payload|object|record|document|body|dict|dictionary)\b"));

/// The subtype detector: a JSON object, a list of fields, and a yes/no question about them.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    if !f.has(&OBJECT) || !f.has(&ASKS) {
        return None;
    }
    if f.bool_answer().is_none()
        && !f.text.contains("whether")
        && !f.text.contains("check if")
        && !f.text.contains("vérifie si")
        && !f.text.contains("prüfe, ob")
    {
        return None;
    }
    let fields = params::field_list(&f.raw);
    if fields.is_empty() {
        return None;
    }
    let list = fields.join(", ");
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Validate {
                validator: Validator::JsonFields { fields },
            },
        )
        .with(
            format!("asks whether a JSON object has the fields {list}"),
            0.72,
        ),
    )
}
