//! LLM201 `llm-applies-inline-mapping`: the prompt spells out a table and asks the model to look a key up in it.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM201`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM201",
    name: "llm-applies-inline-mapping",
    summary: "the prompt spells out a table and asks the model to look a key up in it",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("inline-mapping"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to map a key from a closed set to a value using a table written in the prompt itself (`Electronics -> D10` lines, a JSON object, few-shot `Input:` / `Output:` pairs).

## Why is this bad?
The whole table is already in the prompt: a dictionary gives the same answer for every listed key, instantly, and a clear default for the rest, where a model can pick a neighbouring row or invent a code. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Map the product category to its department code.\nElectronics -> D10\nGarden -> D20\nToys -> D30\nAnything else -> D99\n\nCategory: {category}\nCode:"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
DEPARTMENTS = {"electronics": "D10", "garden": "D20", "toys": "D30"}
code = DEPARTMENTS.get(category.strip().lower(), "D99")
```

```rust
let code = DEPARTMENTS.get(category.trim().to_lowercase().as_str()).copied().unwrap_or("D99");
```

## Fix safety
Keys are matched after trimming and case folding; a key the model would have matched loosely (a typo, a synonym) now gets the default. The table holds exactly the entries shown (or the shipped reference data); a key the model would have guessed at now yields the default or `None`. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

/// Words that say the prompt maps keys to values. "map" counts as a verb ("map each code to
/// its region"), not as the noun of a game or a chart ("generate the next map").
static MAPPING_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:maps?\s+(?:\w+\s+){0,4}?(?:to|onto|into)|mapp(?:ed|ing)|convert|look\s*up|lookup|corresponding|according\s+to\s+(?:this|the\s+following|the)\s+(?:table|mapping|list)|table|code\s+for|the\s+code|billing\s+code|return\s+the\s+(?:matching\s+)?(?:code|id|value|label|region|department|tier|sku)|translate\s+(?:the|each)\s+\w+\s+(?:code|name)|use\s+(?:this|the\s+following)\s+(?:table|mapping)|(?:turn|change)\s+(?:the\s+|this\s+|each\s+)?\w+(?:\s+\w+)?\s+into\s+(?:a|an|its|the)\s+(?:number|code|id|value|label|name|region)|translate\s+(?:the|each)\s+\w+(?:\s+\w+)?\s+(?:into|to)\s+(?:a|an|its|the)\s+\w+)\b|->|→|=>|对应|映射|対応)",
    )
});
static TYPE_VALUES: &[&str] = &[
    "string", "str", "number", "int", "integer", "float", "boolean", "bool", "array", "list",
    "object", "null", "date", "text", "yes", "no", "true", "false",
];

/// The prompt says its keys are a closed set.
static CLOSED_SET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:one\s+of|only\s+(?:these|the\s+following|those)|(?:allowed|valid|possible|accepted)\s+(?:values|keys|codes|inputs|options)|from\s+(?:this|the\s+following|the)\s+(?:list|table|set)|no\s+other\s+(?:values|keys|codes|inputs)|not\s+in\s+(?:the|this)\s+(?:list|table)|any\s+other\s+(?:value|key|code|input))\b",
    )
});

/// The lines are introduced as examples ("Examples:", "for example", "e.g.").
static EXAMPLES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:examples?\s*:|for\s+example|for\s+instance|e\.g\.|ejemplos?\s*:|exemples?\s*:|beispiele?\s*:)|例[:：]|예시",
    )
});

/// Length of a table value in words, CJK characters counting a third of a word each.
fn value_len(v: &str) -> f64 {
    let cjk = v
        .chars()
        .filter(|c| crate::classify::concepts::is_cjk_or_hangul(*c))
        .count();
    v.split_whitespace().count() as f64 + cjk as f64 / 3.0
}

/// The subtype detector: a table of at least two short key/value entries, and either
/// mapping words or a short-field input; never over free text (that is classification).
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let t = params::inline_table(f)?;
    if f.only_long_inputs() {
        return None;
    }
    if t.entries
        .iter()
        .filter(|(_, v)| TYPE_VALUES.contains(&v.to_lowercase().as_str()))
        .count()
        * 2
        >= t.entries.len()
    {
        return None; // a schema ("name: string"), not a table
    }
    let avg_key_words = t
        .entries
        .iter()
        .map(|(k, _)| params::words(k))
        .sum::<usize>() as f64
        / t.entries.len() as f64;
    if avg_key_words > 3.0 {
        return None;
    }
    // The keys of a JSON output example (`{"hospital_name": "Example", "domain": ...}`) show
    // the answer's shape, not a table.
    let template_keys = crate::classify::detect::json_keys(&f.text);
    let mapping_words = f.has(&MAPPING_WORDS);
    if !mapping_words
        && t.entries.iter().all(|(k, _)| {
            let k = k.to_lowercase().replace('_', " ");
            template_keys.contains(&k)
        })
    {
        return None;
    }
    // Values that are sentences ("Task: search for the official site and return...") make
    // a list of instructions or rules, not a table.
    let avg_value_len =
        t.entries.iter().map(|(_, v)| value_len(v)).sum::<f64>() / t.entries.len() as f64;
    if avg_value_len > 6.0 {
        return None;
    }
    if !(mapping_words || f.has_short_input() && f.terse_output()) {
        return None;
    }
    let n = t.entries.len();
    let source = if t.few_shot {
        "few-shot examples"
    } else {
        "lines"
    };
    let mut c = Candidate::new(
        &RULE,
        ReplacementSpec::Lookup {
            lookup: Lookup::Inline {
                entries: t.entries,
                default: t.default.clone(),
            },
        },
    )
    .with(
        format!("the prompt spells out a table of {n} entries in its {source}"),
        0.62,
    );
    if mapping_words {
        c.add("asks to map a key through it", 0.08);
    }
    // Few-shot pairs show how to answer; they are the whole table only when the prompt
    // says the key set is closed ("one of", "only these").
    if (t.few_shot || f.has(&EXAMPLES)) && !f.has(&CLOSED_SET) {
        c.add(
            "the examples are few-shot pairs and the prompt does not say the key set is closed",
            -0.25,
        );
    }
    if let Some(d) = &t.default {
        c.add(format!("states a default (\"{d}\")"), 0.05);
    }
    if f.has_short_input() {
        c.add("the input is one short key", 0.05);
    }
    Some(c)
}
