//! LLM206 `llm-looks-up-currency`: the prompt asks the model for a currency code's symbol or name.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM206`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Dataset, Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM206",
    name: "llm-looks-up-currency",
    summary: "the prompt asks the model for a currency code's symbol or name",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("currency-reference"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to map an ISO 4217 currency code to its symbol or its name.

## Why is this bad?
ISO 4217 is a closed table (`babel.numbers`, a small map); the model may answer `$` for every dollar currency. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"What is the currency symbol for the ISO 4217 code {code}? Answer with the symbol only."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from babel.numbers import get_currency_symbol
symbol = get_currency_symbol(code, locale="en_US")
```

```rust
let symbol = CURRENCY_SYMBOLS.get(code.as_str()).copied();
```

## Fix safety
The table holds exactly the entries shown (or the shipped reference data); a key the model would have guessed at now yields the default or `None`. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

/// Builds the reference lookup candidate.
fn reference(dataset: Dataset, from: &str, to: &str) -> ReplacementSpec {
    ReplacementSpec::Lookup {
        lookup: Lookup::Reference {
            dataset,
            from: from.to_string(),
            to: to.to_string(),
        },
    }
}
static CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bcurrency\s+(?:symbol|sign|name)s?\b|\b(?:symbol|sign|name)\s+(?:for|of)\s+(?:the\s+)?(?:currency|iso\s*4217)|\biso\s*4217\b|\bcurrency\s+codes?\b|\bcurrency\s+(?:with|whose|for|that\s+has)\s+(?:the\s+)?(?:iso\s*(?:4217\s+)?)?code\b|\bwhich\s+currency\b|\bname\s+of\s+the\s+currency\b|\bcurrency\W?s\s+(?:\w+\s+)?name\b|\bs[ií]mbolo\s+de\s+(?:la\s+)?moneda|\bsymbole\s+(?:de\s+la\s+)?(?:devise|monnaie)|\bwährungssymbol|货币符号|通貨記号)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = CURRENCY.find(&f.text)?;
    if f.holes.is_empty() {
        return None;
    }
    let to = if f.text.contains("symbol")
        || f.text.contains("símbolo")
        || f.text.contains("symbole")
        || f.text.contains("符号")
        || f.text.contains("記号")
        || f.text.contains("sign")
    {
        "symbol"
    } else if f.text.contains("name") {
        "name"
    } else {
        return None;
    };
    if f.text.contains("country") && to != "symbol" {
        return None; // a country's currency is LLM204
    }
    Some(
        Candidate::new(&RULE, reference(Dataset::Currencies, "code", to)).with(
            format!("asks for a currency's {to} (\"{}\")", m.as_str().trim()),
            0.72,
        ),
    )
}
