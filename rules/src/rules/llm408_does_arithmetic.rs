//! LLM408 `llm-does-arithmetic`: the prompt asks the model to sum, average or compare numbers.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM408`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM408",
    name: "llm-does-arithmetic",
    summary: "the prompt asks the model to sum, average or compare numbers",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("arithmetic"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to add up, average, or find the largest or smallest of the numbers given.

## Why is this bad?
Arithmetic is exact in code; a model adds long columns of numbers wrongly and silently. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Add up the following line-item amounts and return the total as a number only:\n{amounts}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
total = sum(float(x) for x in amounts.split())
```

```rust
let total: f64 = amounts.split_whitespace().filter_map(|x| x.parse::<f64>().ok()).sum();
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static OP: LazyLock<Vec<(Regex, Transform, &'static str)>> = LazyLock::new(|| {
    vec![
        (
            re(r"\b(?:average|mean|promedio|moyenne|durchschnitt)\b|平均"),
            Transform::Average,
            "average",
        ),
        (
            re(
                r"\b(?:sum|add\s+up|adds\s+up|total\s+of|totals?|suma|sumar|somme|summe|addiere)\b|求和|合計|总和",
            ),
            Transform::Sum,
            "sum",
        ),
        (
            re(r"\b(?:largest|highest|biggest|maximum|max)\b"),
            Transform::Max,
            "maximum",
        ),
        (
            re(r"\b(?:smallest|lowest|minimum|min)\b"),
            Transform::Min,
            "minimum",
        ),
    ]
});
static NUMBERS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:numbers|values|amounts|prices|figures|scores|quantities|costs|line[- ]items?|integers|digits|hours|minutes|seconds|durations|readings|measurements|latencies|weights|n[uú]meros|nombres|zahlen|betr[aä]ge|montants|cantidades|importes|horas|heures|stunden)\b|数字|金额|数値)",
    )
});
static FUZZY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:estimate|estimated|forecast|predict|projected|roughly|approximately|guess|infer|based\s+on|policy|should|would)\b",
    )
});
/// One number picked out of a list: "the largest value in this list".
static ONE_OF_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:number|value|figure|score|price|amount|reading)\s+(?:in|from|of|among)\s+(?:this|the|these|that|my)\s+(?:following\s+)?(?:list|array|set|values|numbers|series)\b",
    )
});
/// Sorting words: "from highest to lowest" is an order, not a maximum (LLM409).
static SORTING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:sort|sorted|order|arrange|rank|ordena|trie|sortiere)\b.{0,80}\b(?:to|a)\s+(?:lowest|highest|smallest|largest|biggest|menor|mayor)\b|\b(?:sort|sorted|arrange|ordena|trie|sortiere)\b",
    )
});
static PLUS: LazyLock<Regex> = LazyLock::new(|| re(r"\{input\}\s*\+\s*\{input\}"));

/// The subtype detector: an arithmetic operation over numbers given in the input.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    if f.has(&FUZZY) {
        return None;
    }
    if f.has(&PLUS) {
        return Some(
            Candidate::new(
                &RULE,
                ReplacementSpec::Transform {
                    transform: Transform::Sum,
                },
            )
            .with("asks for the sum of two inputs", 0.7),
        );
    }
    for s in f.sentences() {
        if !NUMBERS.is_match(s) && !ONE_OF_LIST.is_match(s) {
            continue;
        }
        if SORTING.is_match(s) {
            continue;
        }
        for (r, t, what) in OP.iter() {
            if let Some(m) = r.find(s) {
                return Some(
                    Candidate::new(
                        &RULE,
                        ReplacementSpec::Transform {
                            transform: t.clone(),
                        },
                    )
                    .with(
                        format!("asks for the {what} of numbers (\"{}\")", m.as_str().trim()),
                        0.76,
                    ),
                );
            }
        }
    }
    None
}
