//! LLM407 `llm-counts`: the prompt asks the model to count words, characters or list items.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM407`).

use crate::classify::concepts::LENGTH_LIMIT;
use crate::classify::facts::split_sentences;
use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM407",
    name: "llm-counts",
    summary: "the prompt asks the model to count words, characters or list items",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("count"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to count the words, characters, lines or items of a text.

## Why is this bad?
Models tokenise text and cannot count reliably; `len(text.split())` is exact. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"How many words are in the following text? Reply with a number only.\n{text}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
word_count = len(text.split())
```

```rust
let word_count = text.split_whitespace().count();
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:how\s+many|count(?:\s+the)?(?:\s+number\s+of)?|number\s+of|total\s+number\s+of|cu[aá]nt[oa]s|combien\s+de|wie\s+viele|z[aä]hle)\s+(?:the\s+)?(?:\w+\s+)?(words?|characters?|chars|letters|lines|items|entries|elements|palabras|mots|w[oö]rter|zeichen|caracteres|caract[eè]res)\b|\b(word|character|char|line|item)\s+count\b|多少(?:个)?(字|单词|字符)|(単語|文字)数)",
    )
});

/// What follows a counted unit when the count is of those that meet a condition.
static QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s+(?:(?:with|without|whose|where)\b|(?:(?:that|which|who)\s+)?(?:(?:arrived|were|was|have|has|had|look\w*|seem\w*|need\w*|contain\w*|mention\w*|refer\w*|match\w*)\b|(?:are|is)\s+(?:not\s+)?(?:misspelled|wrong|broken|damaged|missing|late|negative|positive|duplicated|relevant|invalid|valid|correct|incorrect|urgent|spam)\b))",
    )
});

static OCCURRENCES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\b(?:how\s+many(?:\s+times(?:\s+(?:does|do|is|are))?)?|count(?:\s+the)?(?:\s+number\s+of)?)\s+(?:the\s+)?(?:letters?|characters?|chars?)?\s*["'`‘“]([^\s"'`’”])["'`’”](?:s|'s)?\s+(?:are\s+|is\s+|appear\w*\s+|occur\w*\s+|show\s+up\s+)?(?:there\s+)?(?:in|within)\b"#,
    )
});

/// A letter named without quotes: "how many r's are in strawberry", "how many times does A
/// appear in PINEAPPLE", "how many times the letter e shows up in ...". Captures the letter
/// and, when the prompt writes it out, the word.
static LETTER_IN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\bhow\s+many(?:\s+times)?\s+(?:(?:does|do|is|are)\s+)?(?:the\s+)?(?:letter\s+)?([a-z])(?:'s|s)?\s+(?:are\s+|is\s+)?(?:there\s+)?(?:appear\w*\s+|occur\w*\s+|show\w*\s+up\s+)?(?:in|within)\s+(?:the\s+word\s+)?["'`‘“]?([\p{L}]+)?"#,
    )
});

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    if let Some(c) = LETTER_IN.captures(&f.raw)
        && let Some(letter) = c.get(1)
    {
        let needle = letter.as_str().to_string();
        let cand = Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::CountOccurrences {
                    needle: needle.clone(),
                },
            },
        )
        .with(format!("asks how many times \"{needle}\" occurs"), 0.72);
        return Some(match c.get(2).filter(|_| f.holes.is_empty()) {
            Some(word) => cand.with_input(word.as_str()),
            None => cand,
        });
    }
    // "How many letter 'r' are in the word 'strawberry'?", "count the 'x' characters".
    if let Some(c) = OCCURRENCES.captures(&f.raw.to_lowercase()) {
        let needle = (1..c.len()).find_map(|i| c.get(i))?.as_str().to_string();
        return Some(
            Candidate::new(
                &RULE,
                ReplacementSpec::Transform {
                    transform: Transform::CountOccurrences {
                        needle: needle.clone(),
                    },
                },
            )
            .with(format!("asks how many times \"{needle}\" occurs"), 0.72),
        );
    }
    // A limit on the answer's length ("within the 280 character limit", "40字以内") is
    // an output constraint of some other task, not a request to count.
    let text = LENGTH_LIMIT.regex().replace_all(&f.text, " ");
    let Some(c) = COUNT.captures(&text) else {
        return concept_count(&text);
    };
    // the units that meet a condition the model has to judge ("how many items arrived
    // damaged", "how many words are misspelled", "lines that mention a refund"): a count
    // over a reading of the text, not of its parts
    if let Some(m) = c.get(0)
        && QUALIFIED.is_match(&text[m.end()..])
    {
        return None;
    }
    let unit = (1..c.len()).find_map(|i| c.get(i)).map(|m| m.as_str())?;
    let transform = match unit {
        u if u.starts_with("word")
            || u.starts_with("palabra")
            || u.starts_with("mot")
            || u.starts_with("wör")
            || u.starts_with("wor")
            || u == "单词"
            || u == "単語" =>
        {
            Transform::CountWords
        }
        u if u.starts_with("char")
            || u.starts_with("letter")
            || u.starts_with("zeichen")
            || u.starts_with("caract")
            || u == "字"
            || u == "字符"
            || u == "文字" =>
        {
            Transform::CountChars
        }
        _ => Transform::CountItems {
            separator: params::separator(&f.text),
        },
    };
    Some(
        Candidate::new(&RULE, ReplacementSpec::Transform { transform })
            .with(format!("asks to count {unit}"), 0.72),
    )
}

/// "count the words", "conte quantas palavras", "단어 수를 세어": the concept tables' count
/// word and a word / character unit in one sentence.
fn concept_count(text: &str) -> Option<Candidate> {
    use crate::classify::concepts::{CHAR_UNIT, COUNT as COUNT_WORD, WORD_UNIT};
    for s in split_sentences(text) {
        if !COUNT_WORD.is_match(s) {
            continue;
        }
        let (transform, unit) = if let Some(m) = WORD_UNIT.find(s) {
            (Transform::CountWords, m.as_str().to_string())
        } else if let Some(m) = CHAR_UNIT.find(s) {
            (Transform::CountChars, m.as_str().to_string())
        } else {
            continue;
        };
        return Some(
            Candidate::new(&RULE, ReplacementSpec::Transform { transform })
                .with(format!("asks to count {unit}"), 0.7),
        );
    }
    None
}
