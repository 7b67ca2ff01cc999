//! LLM302 `llm-validates-email`: the prompt asks the model whether a string is a syntactically valid email address.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM302`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM302",
    name: "llm-validates-email",
    summary: "the prompt asks the model whether a string is a syntactically valid email address",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-email"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a syntactically valid email address.

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is '{email}' a valid email address (RFC 5322 syntax)? Answer yes or no."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from email_validator import validate_email, EmailNotValidError
try:
    validate_email(email, check_deliverability=False)
    ok = True
except EmailNotValidError:
    ok = False
```

```rust
let ok = email_address::EmailAddress::is_valid(&email);
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "(?:{}|{})",
        r"(?:\be-?mail(?:\s+address(?:es)?|s)?\b|\bemail\s+ids?\b|\bcorreos?(?:\s+electr[oó]nicos?)?\b|\bdirecci(?:ón|on|ones)\s+de\s+correo|\bcourriels?\b|\badresses?\s+(?:e-?mail|mail|électroniques?)|\be-mail-adressen?\b|\bmailadressen?\b|邮箱|电子邮件|邮件地址|电子邮箱|メールアドレス|メール)",
        crate::classify::concepts::EMAIL.regex().as_str()
    ))
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a syntactically valid email address")?;
    let spec = ReplacementSpec::Validate {
        validator: Validator::Email,
    };
    Some(hit.candidate(&RULE, spec))
}
