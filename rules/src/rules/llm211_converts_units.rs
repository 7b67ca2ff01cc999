//! LLM211 `llm-converts-units`: the prompt asks the model to convert a value between units.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM211`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM211",
    name: "llm-converts-units",
    summary: "the prompt asks the model to convert a value between units",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("unit-conversion"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to convert a quantity between units of measure (km to miles, °F to °C, kg to pounds).

## Why is this bad?
A unit conversion is one multiplication (and an offset for temperatures); a model does arithmetic approximately and formats the result unpredictably. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Convert {distance} kilometers to miles. Return just the number, rounded to 2 decimals."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
miles = round(float(distance) * 0.621371, 2)
```

```rust
let miles = (distance * 0.621_371 * 100.0).round() / 100.0;
```

## Fix safety
The conversion factor is exact; rounding follows what the prompt states, else the full float is returned, which the calling code may print differently than the model did. The table holds exactly the entries shown (or the shipped reference data); a key the model would have guessed at now yields the default or `None`. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static CONVERT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:convert|converts|converting|conversion|how\s+many|in|into|to|express|equivalent|convierte|convertir|convertis|umrechnen|rechne)\b|换算|转换|変換",
    )
});

/// "Convert {value} {from_unit} to {to_unit}": a value and both units are run-time inputs
/// (a converter form). Still a fixed rule, a factor per pair of units of one dimension, but
/// llmlint generates no table for units it does not know in advance: flagged with no code.
fn units_at_run_time(f: &PromptFacts) -> Option<Candidate> {
    static TEMPLATE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:convert|converts|convierte|convertir|converta|converter|convertis|convertissez|konvertiere|rechne)\s+(?:the\s+value\s+|el\s+valor\s+|o\s+valor\s+)?\{input\}\s*\{input\}\s+(?:(?:from\s+)?to|into|in|a|para|en|in)\s+\{input\}",
        )
    });
    static UNIT_HOLE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:^|[._])(?:from|to|source|target|src|dst|input|output)?_?units?(?:_(?:from|to|in|out))?$",
        )
    });
    static VALUE_HOLE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?:^|[._])(?:value|val|amount|number|num|quantity|qty|x|n|measure|measurement)$")
    });
    let m = TEMPLATE.find(&f.text)?;
    if f.holes.len() != 3 {
        return None;
    }
    let units = f.holes.iter().filter(|h| UNIT_HOLE.is_match(h)).count();
    let values = f.holes.iter().filter(|h| VALUE_HOLE.is_match(h)).count();
    if units != 2 || values != 1 {
        return None;
    }
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Lookup {
                lookup: Lookup::UnitConversion {
                    from: "{unit}".into(),
                    to: "{unit}".into(),
                },
            },
        )
        .with(
            format!(
                "asks to convert a value between units given at run time (\"{}\")",
                m.as_str().trim()
            ),
            0.72,
        )
        .without_fix(
            "the units come at run time: a table of factors per dimension (or a units library such as `pint`) converts them exactly; llmlint does not generate a table for units it does not know in advance",
        ),
    )
}

static NUMBER_THEN_UNIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b\d+(?:[.,]\d+)?\s*°?\s*[a-z]{1,12}\b"));

/// The subtype detector: two distinct units and a conversion word, over a value (not a
/// whole document such as a recipe).
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    if let Some(c) = units_at_run_time(f) {
        return Some(c);
    }
    let (from, to) = params::units(&f.text)?;
    // The value is the input, or a number written in a short question ("how many meters
    // are in 3 miles?", "5 miles in km?").
    let literal_value = f.holes.is_empty()
        && f.text.chars().count() <= 120
        && f.sentences().iter().any(|s| NUMBER_THEN_UNIT.is_match(s));
    if !f.has(&CONVERT) || (f.holes.is_empty() && !literal_value) || f.only_long_inputs() {
        return None;
    }
    let mut c = Candidate::new(
        &RULE,
        ReplacementSpec::Lookup {
            lookup: Lookup::UnitConversion {
                from: from.clone(),
                to: to.clone(),
            },
        },
    )
    .with(format!("asks to convert {from} to {to}"), 0.7);
    if f.terse_output() {
        c.add("asks for the number only", 0.05);
    }
    Some(c)
}
