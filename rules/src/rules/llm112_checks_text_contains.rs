//! LLM112 `llm-checks-text-contains`: the prompt asks the model whether text contains a literal word, phrase or pattern.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM112`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Pattern, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM112",
    name: "llm-checks-text-contains",
    summary: "the prompt asks the model whether text contains a literal word, phrase or pattern",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("contains-text"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to check whether a text contains a given word or phrase (quoted or named in the prompt), or a pattern-shaped thing such as an email address or a URL.

## Why is this bad?
Substring and pattern search is exact and instant; a model can miss the word in a long text, or say yes to a synonym the code did not ask for. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Does the following message contain the word \"refund\"? Answer yes or no.\n{message}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
mentions_refund = re.search(r"\brefund\b", message, re.IGNORECASE) is not None
```

```rust
let mentions_refund = REFUND_RE.is_match(message);
```

## Fix safety
Matching is literal (case-insensitive, whole word when the prompt says "word"): inflections or synonyms the model would have accepted are no longer matched. The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
"##;

static LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)(?:\b(?:contains?|containing|includes?|including|mentions?|has|have|uses?|appears?|contiene|contienen|incluye|contient|contiennent|enthält|enthalten|beinhaltet)(?:-(?:il|elle|ils|elles))?\s+(?:(?:[\w']+\s+){0,4}?(word|words|phrase|string|substring|term|keyword|token|literal|palabra|frase|término|mot|terme|expression|wort|begriff|ausdruck)\s+|(?:the\s+|a\s+|any\s+)?(?:exact\s+)?))["'`«“„]\s*([^"'`»”“\n]{1,40}?)\s*["'`»”“]"#,
    )
});
static UNQUOTED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:contains?|includes?|mentions?)\s+the\s+(?:exact\s+)?(word|phrase|string|substring|term|keyword)\s+([\w-]{2,30})\b",
    )
});
static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:does|do|did|whether|if|check|is\s+there|are\s+there)\b|\?|\bsi\b|\bob\b|-il\b|-elle\b|\benthält\b|\bcontiene\b|是否|かどうか)",
    )
});
static PATTERN_OBJ: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:contains?|includes?|has)\s+(?:an?|any)\s+(email\s+address|e-mail\s+address|url|link|phone\s+number|ip\s+address|credit\s+card\s+number)\b",
    )
});

/// What follows a quoted name of a tool, a function or a command.
static NAMES_A_TOOL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:tools?|functions?|commands?|methods?|apis?|endpoints?|buttons?|options?|flags?|actions?|herramientas?|outils?|werkzeugs?)\b",
    )
});

/// The subtype detector: a yes/no question about a literal (quoted, or after "the word").
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    for s in f.sentences() {
        if !ASKS.is_match(s) {
            continue;
        }
        let raw_sentence = find_raw(f, s);
        if let Some(c) = LITERAL
            .captures(&raw_sentence)
            .or_else(|| UNQUOTED.captures(&raw_sentence))
        {
            let text = c.get(c.len() - 1)?.as_str().trim().to_string();
            if text.is_empty() || text.contains("{input}") {
                continue;
            }
            // "use the `search` tool": a quoted name of a tool or a command, not a literal
            // looked for in the text.
            let after = c.get(0).map_or("", |m| &raw_sentence[m.end()..]);
            if NAMES_A_TOOL.is_match(after) {
                continue;
            }
            let word = (1..c.len() - 1).any(|i| c.get(i).is_some());
            let c = Candidate::new(
                &RULE,
                ReplacementSpec::Contains {
                    pattern: Pattern::Literal {
                        text: text.clone(),
                        case_insensitive: true,
                        whole_word: word && !text.contains(' '),
                    },
                },
            )
            .with(
                format!("asks whether the text contains the literal \"{text}\""),
                0.72,
            );
            return Some(c);
        }
        if let Some(c) = PATTERN_OBJ.captures(s) {
            let what = c.get(1)?.as_str();
            let pattern = match what {
                w if w.contains("mail") => Pattern::Email,
                "url" | "link" => Pattern::Url,
                "phone number" => Pattern::Phone {
                    region: params::region(&f.text),
                },
                "ip address" => Pattern::Ipv4,
                _ => continue,
            };
            return Some(
                Candidate::new(&RULE, ReplacementSpec::Contains { pattern })
                    .with(format!("asks whether the text contains {what}"), 0.66),
            );
        }
    }
    None
}

/// The sentence in the original case (quoted literals keep their case).
fn find_raw(f: &PromptFacts, lower: &str) -> String {
    // `lower` is a slice of `f.text` (from `sentences()`): its offset is pointer arithmetic.
    let start = (lower.as_ptr() as usize)
        .checked_sub(f.text.as_ptr() as usize)
        .filter(|&o| o + lower.len() <= f.text.len())
        .unwrap_or(0);
    let end = start + lower.len();
    if f.raw.is_char_boundary(start) && f.raw.is_char_boundary(end) && f.raw.len() == f.text.len() {
        f.raw[start..end].to_string()
    } else {
        lower.to_string()
    }
}
