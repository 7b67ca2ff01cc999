//! LLM311 `llm-validates-required-fields`: the prompt asks the model whether a JSON payload has the required fields.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM311`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{FieldCheck, FieldRule, ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM311",
    name: "llm-validates-required-fields",
    summary: "the prompt asks the model whether a JSON payload has the required fields",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-required-fields"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a JSON object holds a list of required fields.

## Why is this bad?
Parsing the JSON and checking the keys is exact; a model can overlook a missing key in a long payload. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Does this JSON payload contain all of the required fields `id`, `email` and `created_at`? Answer yes or no.\n{payload}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import json
try:
    obj = json.loads(payload)
    ok = isinstance(obj, dict) and all(k in obj for k in ("id", "email", "created_at"))
except ValueError:
    ok = False
```

```rust
let ok = serde_json::from_str::<serde_json::Value>(&payload).is_ok_and(|v| ["id", "email", "created_at"].iter().all(|k| v.get(k).is_some()));
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:contains?|has|have|includes?|present|missing|required|exists?|all\s+of|contient|contiene|enthält|obligatoires?|obligatorios?|pflichtfeld\w*)\b|包含|必填|必須|含まれ)",
    )
});
static OBJECT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:json|payload|object|record|document|body|dict|dictionary)\b"));

/// One rule line: a field name, then a constraint ("- phone: must start with + and have
/// 10-15 digits", "2. Age must be a positive number", "country - 2-letter ISO code").
static RULE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"^\s*(?:[-*•]|\d+[.)])?\s*\**["'`]?([a-z][a-z0-9_ ]{0,30}?)["'`]?\**\s*(?::|-|–|—|\bmust\b|\bshould\b|\bis\b|\bare\b|\bhas\b|\bneeds\b|\bcannot\b|\bcan't\b)\s*(.+)$"#,
    )
});
static CONSTRAINT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:required|mandatory|must|should|valid|format|formatted|digits?|characters?|letters?|iso|positive|greater|less|between|at\s+least|at\s+most|non-?empty|empty|start\s+with|numeric|integer|alpha-?2|obligatori[oa]|requerid[oa]|debe|obrigat[oó]ri[oa]|deve|obligatoire|doit|pflicht\w*|muss|erforderlich|d[ií]gitos|chiffres|ziffern|v[aá]lid[oa]|valide|g[uü]ltig\w*|positiv[oae]?)\b|必填|必须|必須|필수|有效|유효",
    )
});
static REQUIRED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:required|mandatory|must\s+be\s+(?:present|provided|filled)|must\s+not\s+be\s+(?:empty|blank|missing)|cannot\s+be\s+(?:empty|blank|missing)|non-?empty|not\s+(?:be\s+)?empty|obligatori[oa]|requerid[oa]|obrigat[oó]ri[oa]|obligatoire|pflicht\w*|erforderlich)\b|必填|必须|必須|필수",
    )
});
/// The prompt asks for a verdict on the record: valid or not, and the errors ("return valid
/// JSON" or "a valid email" inside a rule is not a verdict).
static VERDICT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:is_valid|isvalid|invalid|validat\w*|errors?|violations?|violat\w*|check|checks|verify|whether\s+(?:the|this|it|each)|es_valido|errores|erros|erreurs|fehler|valida|verifica|verifique|v[eé]rifie|pr[uü]fe)\b|错误|校验|エラー|検証|오류|검증",
    )
});
static DIGITS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(\d{1,2})\s*(?:-|–|to|and|a|y|e|à|bis)\s*(\d{1,2})\s*(?:digits?|numbers?|characters?|d[ií]gitos|chiffres|ziffern|位|桁|자리)",
    )
});

fn check_of(field: &str, rule: &str) -> FieldCheck {
    let both = format!("{field} {rule}");
    if both.contains("email") || both.contains("e-mail") {
        FieldCheck::Email
    } else if ["phone", "mobile", "tel", "cell"]
        .iter()
        .any(|w| field.contains(w))
    {
        let (min, max) = DIGITS
            .captures(rule)
            .and_then(|c| {
                Some((
                    c.get(1)?.as_str().parse().ok()?,
                    c.get(2)?.as_str().parse().ok()?,
                ))
            })
            .unwrap_or((7, 15));
        FieldCheck::Phone {
            plus: rule.contains('+'),
            min_digits: min,
            max_digits: max,
        }
    } else if ["country", "pais", "país", "pays", "land"]
        .iter()
        .any(|w| field.contains(w))
        && (rule.contains("iso")
            || rule.contains("2-letter")
            || rule.contains("two-letter")
            || rule.contains("alpha-2")
            || rule.contains("2 letter"))
    {
        FieldCheck::CountryAlpha2
    } else if rule.contains("positive")
        || rule.contains("greater than 0")
        || rule.contains("> 0")
        || rule.contains("greater than zero")
    {
        FieldCheck::Positive
    } else if (field.contains("date") || field.contains("birth") || field == "dob")
        && (rule.contains("yyyy-mm-dd") || rule.contains("iso"))
    {
        FieldCheck::Date
    } else if field.contains("url") || field.contains("website") || field.contains("link") {
        FieldCheck::Url
    } else {
        FieldCheck::Any
    }
}

/// The per-field rules a prompt lists, one a line.
pub fn field_rules(f: &PromptFacts) -> Vec<FieldRule> {
    let mut out: Vec<FieldRule> = Vec::new();
    for line in f.text.lines() {
        let Some(c) = RULE_LINE.captures(line) else {
            continue;
        };
        let (Some(name), Some(rule)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let name = name.as_str().trim();
        let rule = rule.as_str();
        if name.split_whitespace().count() > 3 || !CONSTRAINT.is_match(rule) {
            continue;
        }
        if matches!(
            name,
            "note"
                | "output"
                | "return"
                | "task"
                | "role"
                | "format"
                | "example"
                | "input"
                | "rules"
                | "you"
                | "it"
                | "the"
                | "each"
                | "all"
                | "if"
                | "this"
        ) {
            continue;
        }
        if out.iter().any(|r| r.name == name) {
            continue;
        }
        out.push(FieldRule {
            name: name.replace(' ', "_"),
            required: REQUIRED.is_match(rule),
            check: check_of(name, rule),
        });
    }
    out
}

/// A record checked against per-field rules, answered as a verdict: one validation
/// finding whose replacement is a schema.
fn record_rules(f: &PromptFacts) -> Option<Candidate> {
    let rules = field_rules(f);
    let shaped = rules
        .iter()
        .filter(|r| r.check != FieldCheck::Any || r.required)
        .count();
    if rules.len() < 3 || shaped < 3 || !f.has(&VERDICT) {
        return None;
    }
    let names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    let mut c = Candidate::new(
        &RULE,
        ReplacementSpec::Validate {
            validator: Validator::Record {
                fields: rules.clone(),
            },
        },
    )
    .with(
        format!(
            "checks a record against {} per-field rules ({})",
            rules.len(),
            names.join(", ")
        ),
        0.74,
    );
    let keys = crate::classify::detect::json_keys(&f.text);
    if keys
        .iter()
        .any(|k| k == "is valid" || k == "valid" || k == "errors")
    {
        c.add("answers with a validity verdict and its errors", 0.04);
    }
    Some(c)
}

/// The subtype detector: a record checked against per-field rules, or a JSON object, a
/// list of fields, and a yes/no question about them.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    if let Some(c) = record_rules(f) {
        return Some(c);
    }
    if !f.has(&OBJECT) || !f.has(&ASKS) {
        return None;
    }
    if f.bool_answer().is_none()
        && !f.text.contains("whether")
        && !f.text.contains("check if")
        && !f.text.contains("vérifie si")
        && !f.text.contains("prüfe, ob")
    {
        return None;
    }
    let fields = params::field_list(&f.raw);
    if fields.is_empty() {
        return None;
    }
    let list = fields.join(", ");
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Validate {
                validator: Validator::JsonFields { fields },
            },
        )
        .with(
            format!("asks whether a JSON object has the fields {list}"),
            0.72,
        ),
    )
}
