//! LLM202 `llm-looks-up-country-code`: the prompt asks the model for a country's ISO 3166 code (or the country of a code).
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM202`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Dataset, Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM202",
    name: "llm-looks-up-country-code",
    summary: "the prompt asks the model for a country's ISO 3166 code (or the country of a code)",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("country-code"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to map a country name to its ISO 3166-1 alpha-2 or alpha-3 code, or a code back to the name.

## Why is this bad?
ISO 3166 is a closed, published table; `pycountry` or a small map answers exactly, where a model may answer `UK` for `GB` or a code that does not exist. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"What is the ISO 3166-1 alpha-2 code for {country}? Reply with the two letters only."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import pycountry
code = pycountry.countries.lookup(country).alpha_2
```

```rust
let code = isocountry::CountryCode::for_alpha2_caseless(&country).map(|c| c.alpha2());
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
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "(?:{}|{})",
        r"(?:\biso(?:[\s-]*3166)?(?:-1)?(?:\s+alpha-?[23])?\s+(?:country\s+)?code|\balpha-?[23](?:\s+country)?\s+code|\b(?:two|three|2|3)[- ]letter\s+(?:iso\s+)?(?:country\s+)?code|\bcountry\s+code|\bc[oó]digo\s+(?:iso\s+)?(?:de\s+|del\s+)?pa[ií]s|\bcode\s+(?:iso\s+)?(?:du\s+|de\s+)?pays|\bländercode|国家代码|国コード)",
        crate::classify::concepts::COUNTRY_CODE.regex().as_str()
    ))
});
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:dial\w*|calling|phone|telephone|tel|prefix)\b"));
static REVERSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:country|full\s+name|name\s+of\s+the\s+country)\s+(?:name\s+)?(?:for|of|from)\s+(?:the\s+)?(?:iso\s+)?(?:country\s+)?code\b|\bwhich\s+country\s+(?:has|is|uses)\b",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = CODE.find(&f.text)?;
    if PHONE.is_match(&f.text) || f.holes.is_empty() {
        return None;
    }
    if f.text.contains("currency") && !f.text.contains("country") {
        return None; // "the currency with ISO code X" is LLM206
    }
    let alpha3 = f.text.contains("alpha-3")
        || f.text.contains("alpha3")
        || f.text.contains("three-letter")
        || f.text.contains("3-letter");
    let code_col = if alpha3 { "alpha3" } else { "alpha2" };
    let (from, to) = if REVERSE.is_match(&f.text) {
        (code_col, "name")
    } else {
        ("name", code_col)
    };
    Some(
        Candidate::new(&RULE, reference(Dataset::Countries, from, to)).with(
            format!("asks for a country's \"{}\"", m.as_str().trim()),
            0.72,
        ),
    )
}
