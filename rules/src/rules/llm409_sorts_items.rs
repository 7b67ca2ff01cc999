//! LLM409 `llm-sorts-items`: the prompt asks the model to sort a list alphabetically or numerically.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM409`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM409",
    name: "llm-sorts-items",
    summary: "the prompt asks the model to sort a list alphabetically or numerically",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("sort-items"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to sort a list of items alphabetically or numerically.

## Why is this bad?
`sorted()` is exact, stable and instant; a model drops or duplicates items in long lists. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Sort these tags alphabetically and return them comma-separated:\n{tags}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
result = ", ".join(sorted((t.strip() for t in tags.split(",")), key=str.casefold))
```

```rust
let mut items: Vec<&str> = tags.split(',').map(str::trim).collect();
items.sort_by_key(|s| s.to_lowercase());
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static SORT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:sort|sorted|order|arrange|alphabeti[sz]e|ordena|ordenar|trie|trier|sortiere|sortieren)\b|排序|並べ替え|ソート)",
    )
});
static HOW: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:alphabetical(?:ly)?|ascending|descending|a\s*-\s*z|z\s*-\s*a|numerical(?:ly)?|from\s+(?:smallest|largest|lowest|highest|a\s+to\s+z|oldest|newest)|by\s+(?:length|price|name|number|value|size|date)|alfab[eé]ticamente|ordre\s+alphab[eé]tique|alphabetisch|aufsteigend|absteigend)\b|字母顺序|升序|降序|昇順|降順|五十音)",
    )
});
static ITEMS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:list|items|lines|names|words|tags|values|numbers|entries|elements|strings|keywords|skus|ids|emails|urls)\b",
    )
});

/// The subtype detector: a sort verb with an explicit order (alphabetical, ascending...)
/// over a list; "rank by relevance" or "order by priority" are judgements.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    for s in f.sentences() {
        let Some(m) = SORT.find(s) else { continue };
        let Some(how) = HOW.find(s) else { continue };
        if !ITEMS.is_match(s)
            && !s.contains("{input}")
            && !s.contains("these")
            && !s.contains("following")
        {
            continue;
        }
        if s.contains("key") && f.text.contains("json") {
            continue; // sorting JSON keys is LLM412
        }
        let dedupe = s.contains("duplicate") || s.contains("unique");
        if dedupe {
            return None; // LLM410 handles sort + dedupe
        }
        let h = how.as_str();
        let descending = h.contains("desc")
            || h.contains("z-a")
            || h.contains("z - a")
            || h.contains("largest")
            || h.contains("highest")
            || h.contains("newest")
            || h.contains("降")
            || h.contains("absteigend");
        let numeric = h.contains("numer")
            || h.contains("smallest")
            || h.contains("largest")
            || h.contains("lowest")
            || h.contains("highest")
            || h.contains("number")
            || h.contains("price")
            || h.contains("value")
            || s.contains("numbers");
        return Some(
            Candidate::new(
                &RULE,
                ReplacementSpec::Transform {
                    transform: Transform::SortItems {
                        separator: params::separator(&f.text),
                        descending,
                        numeric,
                    },
                },
            )
            .with(
                format!("asks to \"{}\" items {}", m.as_str(), h.trim()),
                0.72,
            ),
        );
    }
    None
}
