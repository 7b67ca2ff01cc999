//! LLM413 `llm-converts-markdown`: the prompt asks the model to convert Markdown to HTML.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM413`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM413",
    name: "llm-converts-markdown",
    summary: "the prompt asks the model to convert Markdown to HTML",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("markdown-to-html"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to render Markdown as HTML.

## Why is this bad?
A Markdown renderer (`markdown`, `pulldown-cmark`) follows CommonMark exactly; a model adds or drops content. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Convert this Markdown to HTML. Output only the HTML.\n\n{md}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
import markdown
html = markdown.markdown(md)
```

```rust
let mut html = String::new();
pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static MD_HTML: LazyLock<Regex> = LazyLock::new(|| re(r"\bmarkdown\b.{0,60}\bhtml\b"));

/// The subtype detector: a conversion verb with Markdown then HTML in one sentence.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    for s in f.sentences() {
        if let (Some(m), Some(verb)) = (MD_HTML.find(s), detect::transform_verb(s)) {
            let _ = m;
            return Some(
                Candidate::new(
                    &RULE,
                    ReplacementSpec::Transform {
                        transform: Transform::MarkdownToHtml,
                    },
                )
                .with(
                    format!("asks to \"{}\" Markdown to HTML", verb.trim()),
                    0.74,
                ),
            );
        }
    }
    // The system message carries the task ("You are a Markdown renderer. Reply with HTML
    // only.") and the user message is only the input.
    if let (Some(m), Some(_)) = (MD_ROLE.find(&f.text), HTML_OUT.find(&f.text)) {
        return Some(
            Candidate::new(
                &RULE,
                ReplacementSpec::Transform {
                    transform: Transform::MarkdownToHtml,
                },
            )
            .with(
                format!(
                    "the instructions render Markdown (\"{}\") and ask for HTML only",
                    m.as_str().trim()
                ),
                0.7,
            ),
        );
    }
    None
}

static MD_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bmarkdown(?:[- ]to[- ]html)?\s+(?:renderer|converter|formatter|parser)\b|\b(?:render|convert)\s+(?:the\s+)?(?:user's\s+|given\s+|following\s+)?markdown\b",
    )
});
static HTML_OUT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:reply|respond|answer|output|return)\s+(?:with\s+)?(?:only\s+)?(?:the\s+)?html(?:\s+only)?\b",
    )
});
