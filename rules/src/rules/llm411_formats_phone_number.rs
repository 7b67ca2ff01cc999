//! LLM411 `llm-formats-phone-number`: the prompt asks the model to reformat a phone number (E.164).
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM411`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM411",
    name: "llm-formats-phone-number",
    summary: "the prompt asks the model to reformat a phone number (E.164)",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("format-phone"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to rewrite a phone number in E.164 / international form.

## Why is this bad?
`phonenumbers.format_number(.., E164)` knows every numbering plan; a model drops or invents digits. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Normalize this phone number to E.164 format (assume US if no country code). Return only the number.\n{phone}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import phonenumbers
e164 = phonenumbers.format_number(phonenumbers.parse(phone, "US"), phonenumbers.PhoneNumberFormat.E164)
```

```rust
let e164 = phonenumber::parse(Some(phonenumber::country::Id::US), &phone)?.format().mode(phonenumber::Mode::E164).to_string();
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:phone(?:\s+numbers?)?|telephone(?:\s+numbers?)?|mobile\s+numbers?|cell\s+numbers?|tel[eé]fonos?|t[eé]l[eé]phones?|telefonnummern?)\b|电话|電話番号)",
    )
});
static FORMAT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:e\.?164|international\s+(?:format|form)|\+\d{1,3}\s*[x#]+|canonical\s+form|standard\s+format)\b",
    )
});

/// The subtype detector: a phone number, a conversion verb and E.164 / international format.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let m = FORMAT.find(&f.text)?;
    if !f.has(&PHONE) {
        return None;
    }
    let verb = f.sentences().into_iter().find_map(detect::transform_verb)?;
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::PhoneE164 {
                    region: params::region(&f.text),
                },
            },
        )
        .with(
            format!(
                "asks to \"{}\" a phone number to \"{}\"",
                verb.trim(),
                m.as_str().trim()
            ),
            0.76,
        ),
    )
}
