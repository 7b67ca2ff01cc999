//! LLM403 `llm-slugifies`: the prompt asks the model to turn a title into a URL slug.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM403`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM403",
    name: "llm-slugifies",
    summary: "the prompt asks the model to turn a title into a URL slug",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("slugify"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to turn a title or name into a lower-case, hyphen-separated URL slug.

## Why is this bad?
Slugifying is a fixed rule (normalise, lower-case, replace runs of other characters by `-`); `python-slugify` or the `slug` crate do it the same way every time. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Convert this article title into a URL slug (lowercase, words separated by hyphens, no punctuation): {title}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from slugify import slugify
slug = slugify(title)
```

```rust
let slug = slug::slugify(&title);
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static SLUG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:slug|slugs|slugify|slugified|slugified|url[- ]friendly\s+(?:slug|identifier|string|version|name)|url[- ]safe\s+(?:slug|identifier|string|version|name))\b",
    )
});

/// The subtype detector: a slug made from a short field (a title), not from a whole
/// article (that needs the model to choose the words).
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = SLUG.find(&f.text)?;
    if f.only_long_inputs() {
        return None;
    }
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::Slugify,
            },
        )
        .with(format!("asks for a \"{}\"", m.as_str().trim()), 0.72),
    )
}
