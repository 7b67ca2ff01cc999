//! LLM303 `llm-validates-url`: the prompt asks the model whether a string is a well-formed URL.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM303`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM303",
    name: "llm-validates-url",
    summary: "the prompt asks the model whether a string is a well-formed URL",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-url"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a well-formed URL.

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Check whether {link} is a valid URL. Reply YES or NO."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from urllib.parse import urlparse
u = urlparse(link)
ok = u.scheme in ("http", "https") and bool(u.netloc)
```

```rust
let ok = url::Url::parse(&link).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "(?:{}|{})",
        r"(?:\b(?:urls?|uris?|links?|hyperlinks?|web\s*addresses|website\s+addresses|websites?|web\s+links?|enlaces?|liens?|adresses?\s+web|verweise)\b|(?:^|[^a-z])urls?(?:[^a-z]|$)|链接|网址|リンク)",
        crate::classify::concepts::URL.regex().as_str()
    ))
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a well-formed URL")?;
    let spec = ReplacementSpec::Validate {
        validator: Validator::Url,
    };
    Some(hit.candidate(&RULE, spec))
}
