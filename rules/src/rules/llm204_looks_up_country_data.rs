//! LLM204 `llm-looks-up-country-data`: the prompt asks the model for a country's currency, calling code or top-level domain.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM204`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Dataset, Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM204",
    name: "llm-looks-up-country-data",
    summary: "the prompt asks the model for a country's currency, calling code or top-level domain",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("country-reference"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to map a country to its currency, its international calling code or its country-code top-level domain.

## Why is this bad?
These are closed, published tables (ISO 4217, ITU E.164 country codes, IANA ccTLDs); a lookup answers exactly, a model can mix up neighbours. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"What is the international dialing code for {country}? Reply like +33."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import phonenumbers
calling_code = f"+{phonenumbers.country_code_for_region(alpha2)}"
```

```rust
let calling_code = CALLING_CODES.get(alpha2.as_str()).copied();
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
        r"(?:\b(?:currency|currencies|moneda|monnaie|devise|währung)\b.{0,40}\b(?:of|for|in|used|does|de|du|von)\b|\bwhat\s+currency\b|货币|通貨)",
    )
});
static CALLING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?:international\s+)?(?:dial(?:l?ing)?|calling|phone|telephone|country\s+calling)\s+(?:country\s+)?(?:code|prefix)|country\s+(?:dial(?:l?ing)?|calling|phone)\s+code|indicatif|vorwahl|prefijo)\b",
    )
});
static TLD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:top-level\s+domain|top\s+level\s+domain|cctld|tld|country\s+domain|domain\s+(?:suffix|extension))\b",
    )
});
static COUNTRY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\b(?:country|countries|nation|pa[ií]s|pays|land|landes)\b|国家|国)"));

/// A country of the reference table named by its name or an alias ("Thailand", "USA").
static COUNTRY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let table = llmlint_rewrite::r#gen::lookup::reference::table(Dataset::Countries);
    let mut names: Vec<String> = table
        .values("name")
        .into_iter()
        .chain(
            table
                .values("aliases")
                .into_iter()
                .flat_map(|a| a.split(';')),
        )
        .map(str::trim)
        .filter(|n| n.chars().count() >= 4)
        .map(regex::escape)
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    re(&format!(r"(?i)\b(?:{})\b", names.join("|")))
});

/// A fixed question about one named country ("What's the currency of Thailand?"): one short
/// sentence naming the datum and a country of the table, and nothing else but answer rules.
fn fixed_question(f: &PromptFacts) -> Option<Candidate> {
    let datum = |s: &str| -> Option<(&'static str, String, String)> {
        if s.chars().count() > 80 || s.contains(" and ") || s.contains(',') {
            return None;
        }
        let (to, m) = if let Some(m) = CALLING.find(s) {
            ("calling-code", m)
        } else if let Some(m) = TLD.find(s) {
            ("tld", m)
        } else if let Some(m) = CURRENCY.find(s).filter(|_| !s.contains("symbol")) {
            ("currency", m)
        } else {
            return None;
        };
        let country = COUNTRY_NAME.find(s)?;
        Some((
            to,
            m.as_str().trim().to_string(),
            country.as_str().to_string(),
        ))
    };
    let (to, what, country) = f.sentences().into_iter().find_map(datum)?;
    if !f.only_asks(|s| datum(s).is_some()) {
        return None;
    }
    Some(
        Candidate::new(&RULE, reference(Dataset::Countries, "name", to))
            .with(
                format!("asks for the {to} of a country named in the prompt (\"{what}\")"),
                0.7,
            )
            .with_input(super::llm203_looks_up_capital::title_case(&country)),
    )
}

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    if f.holes.is_empty() {
        return fixed_question(f);
    }
    let country_named = f.has(&COUNTRY) || f.holes.iter().any(|h| h.contains("country"));
    let (to, m) = if let Some(m) = CALLING.find(&f.text) {
        ("calling-code", m)
    } else if let Some(m) = TLD.find(&f.text) {
        ("tld", m)
    } else if let Some(m) = CURRENCY.find(&f.text).filter(|_| country_named) {
        if f.text.contains("symbol") {
            return None; // currency-code → symbol is LLM206
        }
        ("currency", m)
    } else {
        return None;
    };
    Some(
        Candidate::new(&RULE, reference(Dataset::Countries, "name", to)).with(
            format!("asks for a country's {to} (\"{}\")", m.as_str().trim()),
            0.72,
        ),
    )
}
