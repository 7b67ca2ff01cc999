//! LLM404 `llm-reformats-date`: the prompt asks the model to rewrite a date in another format.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM404`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM404",
    name: "llm-reformats-date",
    summary: "the prompt asks the model to rewrite a date in another format",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("reformat-date"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to rewrite a date from one format into another (`MM/DD/YYYY` to `YYYY-MM-DD`, a written date to ISO 8601).

## Why is this bad?
Parsing and formatting a date is two library calls (`datetime.strptime` / `strftime`, `chrono`); a model can swap day and month or invent a date. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Convert the date {d} from MM/DD/YYYY to YYYY-MM-DD. Output only the date."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from datetime import datetime
iso = datetime.strptime(d, "%m/%d/%Y").strftime("%Y-%m-%d")
```

```rust
let iso = chrono::NaiveDate::parse_from_str(&d, "%m/%d/%Y")?.format("%Y-%m-%d").to_string();
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "(?:{}|{})",
        r"(?:\b(?:dates?|datetime|timestamp|fecha|datum)\b|日期|日付)",
        crate::classify::concepts::DATE_NOUN.regex().as_str()
    ))
});
static INTO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:to|into|as|in|using|en|au|nach|zu|para|no|em|ao)\b|成|为|に|へ|으로|로")
});

/// The subtype detector: a date, a conversion verb and a target format, in one sentence.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    // The date must be the input (a hole), not one to find in a document.
    if f.holes.is_empty() {
        return None;
    }
    // Year and day letters in Spanish, Portuguese and French formats (AAAA, JJ/MM).
    let raw = localised_format_letters(&f.raw);
    let formats = params::date_formats(&raw);
    // "What day of the week was {date}?": the date's weekday name is a date format too.
    if let Some(m) = WEEKDAY_OF.find(&f.text) {
        let from = formats.first().cloned();
        return Some(
            Candidate::new(
                &RULE,
                ReplacementSpec::Transform {
                    transform: Transform::ReformatDate {
                        from,
                        to: "dddd".into(),
                    },
                },
            )
            .with(
                format!(
                    "asks for the weekday of a given date (\"{}\")",
                    m.as_str().trim()
                ),
                0.74,
            ),
        );
    }
    let sentences = f.sentences();
    if let Some(c) = duration_to_iso(&sentences) {
        return Some(c);
    }
    let to = formats.last()?.clone();
    for (i, s) in sentences.iter().enumerate() {
        let s = *s;
        let Some(verb) = detect::transform_verb(s) else {
            continue;
        };
        // "'{text}' is a date and time in Korean time. Convert it to ISO 8601": the date
        // named in the sentence before, referred to by a pronoun.
        let date_here =
            DATE.is_match(s) || i > 0 && REFERS_BACK.is_match(s) && DATE.is_match(sentences[i - 1]);
        if !date_here
            || !INTO.is_match(s)
            || params::date_formats(&localised_format_letters(s)).is_empty() && !s.contains("iso")
        {
            continue;
        }
        // "Extract all dates ... as YYYY-MM-DD" is an extraction; this rule wants one date in.
        if s.contains("all dates") || s.contains("every date") || s.contains("extract") {
            continue;
        }
        if f.only_long_inputs() && !s.contains("{input}") {
            continue;
        }
        let from =
            (formats.len() >= 2 && !same_format(&formats[0], &to)).then(|| formats[0].clone());
        let c = Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::ReformatDate {
                    from: from.clone(),
                    to: to.clone(),
                },
            },
        )
        .with(
            match &from {
                Some(from) => format!("asks to \"{}\" a date from {from} to {to}", verb.trim()),
                None => format!("asks to \"{}\" a date to {to}", verb.trim()),
            },
            0.76,
        );
        return Some(c);
    }
    None
}

/// A sentence that opens by pointing back at what the sentence before named ("Convert it
/// ...", "이를 ...", "これを ...", "Mets-la ..."), in the concept tables' languages.
static REFERS_BACK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:(?:please\s+)?(?:convert|turn|format|reformat|rewrite|put|change|express)\s+(?:it|this|that|them)\b|(?:convi[eé]rtela|convi[eé]rtelo|p[aá]sala|converta-?a|mets[-\s]?la|convertis-?la|formate-?la|wandle\s+(?:es|sie|das))\b|이를|이것을|그것을|これを|それを|把它|将其|把这个)",
    )
});

/// A duration written for reading, in the concept tables' languages ("durée", "기간").
static DURATION_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:durations?|dur[eé]es?|duraci[oó]n(?:es)?|dura[cç][aã]o|dura[cç][oõ]es|dauer|zeitdauer|length\s+of\s+time)\b|时长|持续时间|期間|所要時間|기간|지속\s*시간|소요\s*시간)",
    )
});

/// "The text holds a duration: '{content}'; put it in ISO 8601 format": a duration to an
/// ISO 8601 duration (`PT1H30M`). llmlint generates no parser for written durations, so
/// the finding carries no code and says what to write.
fn duration_to_iso(sentences: &[&str]) -> Option<Candidate> {
    let at = sentences.iter().position(|s| DURATION_NOUN.is_match(s))?;
    let ask = sentences[at..]
        .iter()
        .take(2)
        .find(|s| s.contains("iso") && s.contains("8601") && detect::transform_verb(s).is_some())?;
    if ask.contains("extract") || ask.contains("all ") {
        return None;
    }
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::ReformatDate {
                    from: None,
                    to: "ISO 8601 duration".into(),
                },
            },
        )
        .with("asks to rewrite a given duration as an ISO 8601 duration", 0.74)
        .without_fix(
            "a duration to ISO 8601 (`PT1H30M`) is a fixed rule: read the hours, minutes and seconds with a small parser (or `isodate` in Python) and write `PT{h}H{m}M{s}S`; llmlint does not generate this parser",
        ),
    )
}

/// The weekday of a date given as the input, in the concept tables' languages.
static WEEKDAY_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:what|which)\s+(?:day\s+of\s+the\s+week|weekday)\s+(?:is|was|will\s+be|falls\s+on|fell\s+on|does)\s+(?:the\s+(?:date\s+)?)?\{input\}|\bweekday\s+(?:of|for)\s+(?:the\s+(?:date\s+)?)?\{input\}|\bqu[eé]\s+d[ií]a\s+de\s+la\s+semana\s+(?:es|fue|cae|cay[oó]|ser[aá])\s+(?:el\s+)?\{input\}|\bque\s+dia\s+da\s+semana\s+(?:[eé]|foi|cai|caiu|ser[aá])\s+(?:o\s+|a\s+)?\{input\}|\bquel\s+jour\s+de\s+la\s+semaine\s+(?:est|[eé]tait|tombe|sera)\s+(?:le\s+)?\{input\}|\bwelcher\s+wochentag\s+(?:ist|war|f[aä]llt\s+auf)\s+(?:der\s+)?\{input\}|\{input\}\s*(?:是|为)\s*(?:星期几|周几|礼拜几)|\{input\}\s*(?:は|が)\s*何曜日|\{input\}\s*(?:은|는|이|가)?\s*무슨\s*요일)",
    )
});

/// `DD/MM/AAAA` (Spanish, Portuguese), `JJ/MM/AAAA` (French): the same letters as `DD/MM/YYYY`.
fn localised_format_letters(s: &str) -> String {
    static LETTERS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:aaaa|jj)\b|\baa\b"));
    LETTERS
        .replace_all(s, |c: &regex::Captures| {
            match c[0].to_ascii_lowercase().as_str() {
                "aaaa" => {
                    if c[0].starts_with('A') {
                        "YYYY"
                    } else {
                        "yyyy"
                    }
                }
                "jj" => {
                    if c[0].starts_with('J') {
                        "DD"
                    } else {
                        "dd"
                    }
                }
                _ => {
                    if c[0].starts_with('A') {
                        "YY"
                    } else {
                        "yy"
                    }
                }
            }
        })
        .into_owned()
}

/// `ISO 8601 (YYYY-MM-DD)` states one format twice.
fn same_format(a: &str, b: &str) -> bool {
    let iso = |x: &str| matches!(x, "ISO 8601" | "YYYY-MM-DD" | "RFC 3339");
    a == b || iso(a) && iso(b)
}
