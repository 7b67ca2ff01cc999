//! LLM209 `llm-looks-up-mime-type`: the prompt asks the model for the MIME type of a file extension.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM209`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Dataset, Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM209",
    name: "llm-looks-up-mime-type",
    summary: "the prompt asks the model for the MIME type of a file extension",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("mime-type"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to map a file extension (or file name) to its MIME type.

## Why is this bad?
`mimetypes.guess_type` and the `mime_guess` crate carry the IANA table; a model call adds latency and sometimes an invented type. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"What MIME type should be used for files with the extension {ext}? Answer with the MIME type only."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import mimetypes
mime = mimetypes.guess_type(f"x{ext}")[0] or "application/octet-stream"
```

```rust
let mime = mime_guess::from_ext(ext.trim_start_matches('.')).first_or_octet_stream();
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
static MIME: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:mime[- ]?types?|content[- ]types?|media\s+types?|tipo\s+mime|type\s+mime|mime-typ)\b")
});
static FILE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:extension|extensions|file|filename|file\s+name|suffix|extensi[oó]n|fichier|datei|endung)\b",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = MIME.find(&f.text)?;
    if f.holes.is_empty() || !f.has(&FILE) {
        return None;
    }
    Some(
        Candidate::new(&RULE, reference(Dataset::MimeTypes, "extension", "mime")).with(
            format!("asks for the \"{}\" of a file extension", m.as_str().trim()),
            0.72,
        ),
    )
}
