//! LLM312 `llm-validates-semver`: the prompt asks the model whether a string is a valid semantic version.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM312`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Validator};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM312",
    name: "llm-validates-semver",
    summary: "the prompt asks the model whether a string is a valid semantic version",
    doc: DOC,
    task: Some(Task::Validation),
    subtype: Some("validate-semver"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a string is a valid semantic version.

## Why is this bad?
Whether a string has this form is decided by a parser or a checksum, exactly and for free; a model answers "yes" to near misses and its answer can change from one call to the next. A model call also costs money and latency on every input.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is '{tag}' a valid semantic version (semver 2.0)? Answer true or false."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import re
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[\w.-]+)?(?:\+[\w.-]+)?$")
ok = SEMVER.match(tag) is not None
```

```rust
let ok = semver::Version::parse(&tag).is_ok();
```

## Fix safety
The check is stricter and exact where the model was lenient or inconsistent, and it returns a bool where the code compared the answer text; the fix replaces that comparison too. Unsafe fix when the call-and-read shape (and the comparison) is recognised, display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bsemver\b|\bsemantic\s+version(?:ing)?\b|\bversion\s+(?:string|number)s?\b|\bversion\b|\bsemantische\s+version\w*|\bversi[oó]n\s+sem[aá]ntica\b|\bversion\s+s[ée]mantique\b|语义化版本|セマンティックバージョ\w*)",
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let hit = detect::validity(f, &NOUN, "a valid semantic version")?;
    let spec = ReplacementSpec::Validate {
        validator: Validator::Semver,
    };
    Some(hit.candidate(&RULE, spec))
}
