//! LLM108 `llm-extracts-mentions`: the prompt asks the model to extract @mentions from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM108`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM108",
    name: "llm-extracts-mentions",
    summary: "the prompt asks the model to extract @mentions from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-mentions"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull @mentions out of a piece of text.

## Why is this bad?
@mentions have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"List the @mentions (usernames) in this message: {msg}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
mentions = re.findall(r"(?<!\w)@\w{1,30}", msg)
```

```rust
let mentions: Vec<&str> = MENTION_RE.find_iter(msg).map(|m| m.as_str()).collect();
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:@-?mentions?\b|@\s*handles?\b|@usernames?\b|\b(?:user\s+)?mentions?\b(?:\s+of\b)?|\b(?:twitter|x|instagram|github|slack|social)\s+(?:handles?|usernames?)\b|\bhandles?\b|\bmenciones\b|\berwähnungen\b)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::extraction(f, &NOUN, "@mentions")?;
    // "mentions of the product" is about meaning; handles only with an `@` in sight.
    if !f.raw.contains('@')
        || hit.sentence.contains("mentions of")
        || hit.sentence.contains("mention of")
    {
        return None;
    }
    let spec = hit.find_spec(Pattern::Mention);
    Some(hit.candidate(&RULE, spec))
}
