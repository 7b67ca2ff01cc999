//! LLM205 `llm-looks-up-http-status`: the prompt asks the model for an HTTP status code's reason phrase (or the code of a phrase).
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM205`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Dataset, Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM205",
    name: "llm-looks-up-http-status",
    summary: "the prompt asks the model for an HTTP status code's reason phrase (or the code of a phrase)",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("http-status"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to map an HTTP status code to its reason phrase, or a reason phrase to its code.

## Why is this bad?
The status registry is fixed (`http.HTTPStatus`, the `http` crate); a lookup is exact and costs nothing. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"What is the standard reason phrase for HTTP status code {code}? Answer with the phrase only."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from http import HTTPStatus
phrase = HTTPStatus(int(code)).phrase
```

```rust
let phrase = http::StatusCode::from_u16(code)?.canonical_reason();
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
static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:http\s+(?:status\s+)?(?:code|status|response\s+code)s?|status\s+codes?|reason\s+phrases?|c[oó]digo\s+(?:de\s+)?estado\s+http|code\s+(?:de\s+)?statut\s+http|http-statuscode)\b",
    )
});
static TO_CODE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:which|what)\s+(?:http\s+)?status\s+code\s+(?:corresponds|matches|is|goes|means|for)\b|\bstatus\s+code\s+for\s+(?:the\s+)?(?:reason|phrase|\{input\}|\x22)|\bnumeric\s+(?:status\s+)?code\b",
    )
});
static REASON: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:reason\s+phrase|name|phrase|meaning|means|mean|text|description|stand\s+for|label)\b")
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = STATUS.find(&f.text)?;
    if !f.text.contains("http") && !f.text.contains("reason phrase") {
        return None;
    }
    if f.holes.is_empty() || !f.has(&REASON) && !f.has(&TO_CODE) {
        return None;
    }
    let (from, to) = if f.has(&TO_CODE) {
        ("reason", "code")
    } else {
        ("code", "reason")
    };
    Some(
        Candidate::new(&RULE, reference(Dataset::HttpStatuses, from, to)).with(
            format!(
                "asks for the {to} of an HTTP {from} (\"{}\")",
                m.as_str().trim()
            ),
            0.7,
        ),
    )
}
