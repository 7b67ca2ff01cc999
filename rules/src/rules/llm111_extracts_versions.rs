//! LLM111 `llm-extracts-version-numbers`: the prompt asks the model to extract version numbers from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM111`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM111",
    name: "llm-extracts-version-numbers",
    summary: "the prompt asks the model to extract version numbers from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-versions"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull version numbers out of a piece of text.

## Why is this bad?
Version numbers have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Which version number does this changelog entry refer to? Return only the version, e.g. 2.4.1.\n{entry}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
m = re.search(r"\bv?(\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)\b", entry)
version = m.group(1) if m else None
```

```rust
let version = VERSION_RE.captures(entry).map(|c| c[1].to_string());
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:version\s+numbers?|versions?|semver(?:\s+strings?)?|semantic\s+versions?|release\s+numbers?|versi[oó]n(?:es)?|n[uú]m[ée]ros?\s+de\s+versi[oó]n|versionsnummern?)\b|版本号|バージョン)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::extraction(f, &NOUN, "version numbers")?;
    let spec = hit.find_spec(Pattern::Version);
    Some(hit.candidate(&RULE, spec))
}
