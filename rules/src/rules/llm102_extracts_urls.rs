//! LLM102 `llm-extracts-urls`: the prompt asks the model to extract URLs from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM102`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM102",
    name: "llm-extracts-urls",
    summary: "the prompt asks the model to extract URLs from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-urls"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull URLs out of a piece of text.

## Why is this bad?
Urls have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"List all URLs mentioned in the following post:\n{post}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
URL = re.compile(r"https?://[^\s<>\"')]+")
urls = URL.findall(post)
```

```rust
let urls: Vec<&str> = URL_RE.find_iter(post).map(|m| m.as_str()).collect();
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
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
    let hit = detect::extraction(f, &NOUN, "URLs")?;
    let spec = hit.find_spec(Pattern::Url);
    Some(hit.candidate(&RULE, spec))
}
