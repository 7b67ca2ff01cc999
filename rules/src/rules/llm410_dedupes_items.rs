//! LLM410 `llm-dedupes-items`: the prompt asks the model to remove duplicate items from a list.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM410`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM410",
    name: "llm-dedupes-items",
    summary: "the prompt asks the model to remove duplicate items from a list",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("dedupe-items"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to remove exact duplicates from a list (optionally sorting it).

## Why is this bad?
Removing exact duplicates is a set operation (`dict.fromkeys`); a model can drop items that only look alike. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Remove duplicate entries from this list of email addresses, keep the original order, one per line:\n{emails}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
unique = list(dict.fromkeys(line.strip() for line in emails.splitlines() if line.strip()))
```

```rust
let mut seen = HashSet::new();
let unique: Vec<&str> = emails.lines().map(str::trim).filter(|l| !l.is_empty() && seen.insert(*l)).collect();
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static DEDUPE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:remove|drop|eliminate|delete|strip|filter\s+out)\s+(?:any\s+|all\s+|the\s+)?(?:exact\s+)?duplicat\w*|\bde-?dup(?:e|licate|licated)?\b|\bdeduplicat\w*|\bunique\s+(?:values|items|entries|lines|elements|tags|names|emails)\b|\bonly\s+unique\b|\belimina\s+(?:los\s+)?duplicados|\bsupprime[rz]?\s+les\s+doublons|\bduplikate\s+entfernen|\bentferne\s+(?:alle\s+)?duplikate|去重|重複を(?:削除|除)|重複なし)",
    )
});
static FUZZY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:similar|near|fuzzy|same\s+(?:meaning|person|company|thing)|semantic\w*|paraphrase\w*|refer\s+to|essentially|likely)\b",
    )
});
static SORT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:sort|sorted|alphabetical(?:ly)?|ascending|order\s+them)\b"));

/// The subtype detector: exact duplicates only.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = DEDUPE.find(&f.text)?;
    if f.has(&FUZZY) {
        return None;
    }
    let sort =
        f.has(&SORT) && !f.text.contains("original order") && !f.text.contains("keep the order");
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::Dedupe {
                    separator: params::separator(&f.text),
                    sort,
                },
            },
        )
        .with(format!("asks to \"{}\"", m.as_str().trim()), 0.72),
    )
}
