//! LLM313 `llm-validates-hex-color`: the prompt asks the model whether a string is a valid hex colour.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM313`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM313",
    name: "llm-validates-hex-color",
    summary: "the prompt asks the model whether a string is a valid hex colour",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-hex-color"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a valid hex colour.

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is {color} a valid CSS hex color code like #1a2b3c? Answer yes or no."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
ok = re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", color) is not None
```

```rust
let ok = HEX_COLOR_RE.is_match(&color);
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bhex(?:adecimal)?\s+colou?r(?:\s+codes?)?\b|\bcolou?r\s+(?:hex\s+)?codes?\b|\bcss\s+colou?rs?\b|\bhex\s+codes?\b|\bc[oó]digos?\s+(?:de\s+)?colou?r\s+hexadecimal(?:es)?\b|\bcodes?\s+couleurs?\s+hexad[ée]cimal\w*|\bcouleurs?\s+hexad[ée]cimal\w*|\bhexadezimal\w*\s+farb\w*|\bhex-?farb\w*|十六进制颜色|16進(?:数)?(?:の)?カラーコード|カラーコード)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a valid hex colour")?;
    let spec = ReplacementSpec::Validate {
        validator: Validator::HexColor,
    };
    Some(hit.candidate(&RULE, spec))
}
