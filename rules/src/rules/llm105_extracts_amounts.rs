//! LLM105 `llm-extracts-amounts`: the prompt asks the model to extract money amounts from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM105`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM105",
    name: "llm-extracts-amounts",
    summary: "the prompt asks the model to extract money amounts from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-amounts"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull money amounts out of a piece of text.

## Why is this bad?
Money amounts have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Pull out every price mentioned in this listing, as numbers in USD.\n{listing}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
AMOUNT = re.compile(r"\$\s?\d{1,3}(?:,\d{3})*(?:\.\d{2})?")
prices = AMOUNT.findall(listing)
```

```rust
let prices: Vec<&str> = AMOUNT_RE.find_iter(listing).map(|m| m.as_str()).collect();
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:amounts?|prices?|costs?|totals?|money|monetary\s+values?|dollar\s+(?:amounts?|values?|figures?)|currency\s+(?:amounts?|values?)|sums?\s+of\s+money|fees?|payments?|montos?|importes?|precios?|montants?|prix|beträge?|betrag|preise?)\b|金额|价格|金額|価格)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::extraction(f, &NOUN, "money amounts")?;
    static ROLE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:total|subtotal|due|balance|tax|vat|tip|net|gross|final|deposit|refund(?:ed)?|outstanding|owed)\b",
        )
    });
    // Adding up or averaging the amounts is arithmetic (LLM408), not extraction.
    static ARITHMETIC: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:sum|add\s+up|adds\s+up|add\s+together|total\s+of|average|mean|calculate|compute|subtract|multiply|suma|somme|summe|addiere)\b",
        )
    });
    if f.has(&ARITHMETIC) {
        return None;
    }
    let mut hit = hit;
    if !hit.plural && ROLE.is_match(&hit.sentence) {
        hit.add(
            "asks for one particular amount among those in the text",
            -0.05,
        );
    }
    let spec = hit.find_spec(Pattern::Amount {
        currency: params::currency(&f.text),
    });
    Some(hit.candidate(&RULE, spec))
}
