//! LLM405 `llm-converts-csv-json`: the prompt asks the model to convert CSV to JSON or JSON to CSV.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM405`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM405",
    name: "llm-converts-csv-json",
    summary: "the prompt asks the model to convert CSV to JSON or JSON to CSV",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("convert-csv-json"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to convert CSV rows into JSON objects, or JSON records into CSV.

## Why is this bad?
The `csv` and `json` modules (or the `csv` and `serde_json` crates) do it exactly, for any size; a model truncates long inputs and mangles quoting. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Convert the following CSV into a JSON array of objects, using the header row as keys:\n{csv_text}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import csv, io, json
rows = list(csv.DictReader(io.StringIO(csv_text)))
result = json.dumps(rows)
```

```rust
let rows: Vec<HashMap<String, String>> = csv::Reader::from_reader(csv_text.as_bytes()).deserialize().collect::<Result<_, _>>()?;
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static CSV_JSON: LazyLock<Regex> = LazyLock::new(|| re(r"\bcsv\b.{0,80}\bjson\b"));
static JSON_CSV: LazyLock<Regex> = LazyLock::new(|| re(r"\bjson\b.{0,80}\bcsv\b"));

/// The subtype detector: a conversion verb with CSV and JSON in one sentence; the
/// direction is the order they appear in.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    for s in f.sentences() {
        let Some(verb) = detect::transform_verb(s) else {
            continue;
        };
        let csv_first = CSV_JSON.find(s).map(|m| m.start());
        let json_first = JSON_CSV.find(s).map(|m| m.start());
        let transform = match (csv_first, json_first) {
            (Some(a), Some(b)) if b < a => Transform::JsonToCsv,
            (Some(_), _) => Transform::CsvToJson,
            (None, Some(_)) => Transform::JsonToCsv,
            (None, None) => continue,
        };
        let what = if transform == Transform::CsvToJson {
            "CSV to JSON"
        } else {
            "JSON to CSV"
        };
        return Some(
            Candidate::new(&RULE, ReplacementSpec::Transform { transform })
                .with(format!("asks to \"{}\" {what}", verb.trim()), 0.74),
        );
    }
    None
}
