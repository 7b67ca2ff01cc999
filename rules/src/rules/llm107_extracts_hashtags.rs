//! LLM107 `llm-extracts-hashtags`: the prompt asks the model to extract hashtags from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM107`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM107",
    name: "llm-extracts-hashtags",
    summary: "the prompt asks the model to extract hashtags from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-hashtags"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull hashtags out of a piece of text.

## Why is this bad?
Hashtags have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Return the hashtags used in this tweet as a JSON array: {tweet}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
hashtags = re.findall(r"#\w+", tweet)
```

```rust
let tags: Vec<&str> = HASHTAG_RE.find_iter(tweet).map(|m| m.as_str()).collect();
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:\b(?:hashtags?|hash\s+tags?|mots-dièses?|mots-clics?)\b|话题标签|ハッシュタグ)")
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::extraction(f, &NOUN, "hashtags")?;
    let spec = hit.find_spec(Pattern::Hashtag);
    Some(hit.candidate(&RULE, spec))
}
