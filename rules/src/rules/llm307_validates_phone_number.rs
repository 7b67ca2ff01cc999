//! LLM307 `llm-validates-phone-number`: the prompt asks the model whether a string is a valid phone number.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM307`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM307",
    name: "llm-validates-phone-number",
    summary: "the prompt asks the model whether a string is a valid phone number",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-phone"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a valid phone number.

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is {phone} a valid US phone number? Answer yes or no."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import phonenumbers
try:
    ok = phonenumbers.is_valid_number(phonenumbers.parse(phone, "US"))
except phonenumbers.NumberParseException:
    ok = False
```

```rust
let ok = phonenumber::parse(Some(phonenumber::country::Id::US), &phone).is_ok_and(|n| n.is_valid());
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "(?:{}|{})",
        r"(?:\b(?:phone(?:\s+numbers?)?|telephone(?:\s+numbers?)?|mobile(?:\s+phone)?\s+numbers?|cell(?:\s+phone)?\s+numbers?|contact\s+numbers?|fax\s+numbers?|tel[eé]fonos?|n[uú]meros?\s+de\s+tel[eé]fono|t[ée]l[ée]phones?|num[ée]ros?\s+de\s+t[ée]l[ée]phone|telefonnummern?|handynummern?|rufnummern?)\b|电话(?:号码)?|手机号(?:码)?|電話番号|携帯番号)",
        crate::classify::concepts::PHONE.regex().as_str()
    ))
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a valid phone number")?;
    let spec = ReplacementSpec::Validate {
        validator: Validator::Phone {
            region: params::region(&f.text),
        },
    };
    Some(hit.candidate(&RULE, spec))
}
