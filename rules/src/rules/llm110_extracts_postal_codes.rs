//! LLM110 `llm-extracts-postal-codes`: the prompt asks the model to extract postal codes from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM110`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM110",
    name: "llm-extracts-postal-codes",
    summary: "the prompt asks the model to extract postal codes from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-postal-codes"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull postal codes out of a piece of text.

## Why is this bad?
Postal codes have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"What is the ZIP code in this shipping address? Answer with the 5-digit ZIP only.\n{address}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
m = re.search(r"\b\d{5}(?:-\d{4})?\b", address)
zip_code = m.group(0) if m else None
```

```rust
let zip = ZIP_RE.find(address).map(|m| m.as_str());
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:zip(?:\s*codes?)?|zipcodes?|postal\s+codes?|post\s*codes?|c[oó]digos?\s+postal(?:es)?|codes?\s+postaux|code\s+postal|postleitzahl(?:en)?|plz|pin\s*codes?)\b|邮编|邮政编码|郵便番号)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::extraction(f, &NOUN, "postal codes")?;
    let spec = hit.find_spec(Pattern::PostalCode {
        country: params::region(&f.text),
    });
    Some(hit.candidate(&RULE, spec))
}
