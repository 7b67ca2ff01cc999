//! LLM103 `llm-extracts-phone-numbers`: the prompt asks the model to extract phone numbers from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM103`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM103",
    name: "llm-extracts-phone-numbers",
    summary: "the prompt asks the model to extract phone numbers from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-phone-numbers"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull phone numbers out of a piece of text.

## Why is this bad?
Phone numbers have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Find the customer's phone number in this note (US format). Reply with the number only.\n{note}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import phonenumbers
numbers = [m.raw_string for m in phonenumbers.PhoneNumberMatcher(note, "US")]
```

```rust
let phones: Vec<&str> = PHONE_RE.find_iter(note).map(|m| m.as_str()).collect();
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
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
    let hit = detect::extraction(f, &NOUN, "phone numbers")?;
    let spec = hit.find_spec(Pattern::Phone {
        region: params::region(&f.text),
    });
    Some(hit.candidate(&RULE, spec))
}
