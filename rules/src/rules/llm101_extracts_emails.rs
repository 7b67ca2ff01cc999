//! LLM101 `llm-extracts-emails`: the prompt asks the model to extract email addresses from text.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM101`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM101",
    name: "llm-extracts-emails",
    summary: "the prompt asks the model to extract email addresses from text",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-emails"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull email addresses out of a piece of text.

## Why is this bad?
Email addresses have a fixed shape: a regular expression finds them exactly, in microseconds, for free, and never invents one that is not in the text. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Extract every email address from this message. One per line.\n\n{body}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
emails = EMAIL.findall(body)
```

```rust
let emails: Vec<&str> = EMAIL_RE.find_iter(body).map(|m| m.as_str()).collect();
```

## Fix safety
The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
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
    let hit = detect::extraction(f, &NOUN, "email addresses")?;
    let spec = hit.find_spec(Pattern::Email);
    Some(hit.candidate(&RULE, spec))
}
