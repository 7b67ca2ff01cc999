//! LLM212 `llm-asks-current-date`: the prompt asks the model for today's date, day or time.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM212`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{Lookup, ReplacementSpec};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM212",
    name: "llm-asks-current-date",
    summary: "the prompt asks the model for today's date, day or time",
    doc: DOC,
    task: Some(Task::Lookup),
    subtype: Some("current-date"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to ask the model what today's date, weekday or time is.

## Why is this bad?
A model does not know the current date (it answers from its training cut-off or guesses); the system clock does. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "What is today's date? Answer in YYYY-MM-DD format."}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
from datetime import date
today = date.today().isoformat()
```

```rust
let today = chrono::Local::now().date_naive().to_string();
```

## Fix safety
The clock gives the machine's local date, where the model gave a guess: the value changes, which is the point. The table holds exactly the entries shown (or the shipped reference data); a key the model would have guessed at now yields the default or `None`. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static TODAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bwhat(?:'s|\s+is)\s+(?:today's\s+(?:date|day)|the\s+(?:current\s+)?date(?:\s+today)?|the\s+current\s+(?:date|time|day|year|month|weekday)|the\s+date\s+today|the\s+time(?:\s+now)?)|\bwhat\s+(?:day|date|year|month)\s+(?:is\s+(?:it\s+)?today|is\s+it|of\s+the\s+week\s+is\s+(?:it\s+)?today)|\b(?:tell\s+me|give\s+me|return|output)\s+(?:today's|the\s+current)\s+(?:date|day|time|weekday|year)|\bqu[eé]\s+(?:d[ií]a|fecha)\s+es\s+hoy|\bquelle\s+est\s+la\s+date\s+(?:d'aujourd'hui|du\s+jour)|\bwelches\s+datum\s+(?:ist|haben\s+wir)\s+heute|今天(?:是)?(?:几号|什么日子|星期几|的日期)|今日は何日|今日の日付|\bwhat\s+(?:day|date|time|year|month)\s+(?:it\s+is|is\s+it)\b|\bquelle\s+heure\s+est-il|\bquel\s+jour\s+sommes-nous|\bwie\s+sp[aä]t\s+ist\s+es|\bqu[eé]\s+hora\s+es\b|\bque\s+horas\s+s[aã]o)",
    )
});

/// Words that may surround a current-date question without changing it (greetings,
/// articles, copulas, "please", "reply with"...), in the concept tables' languages.
static FILLER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:hello|hi|hey|please|pls|is|it|it's|are|we|the|a|an|of|and|week|in|right|exactly|currently|reply|answer|respond|with|only|just|format|name|number|es|el|la|de|del|hoy|estamos|en|o|é|a|da|do|hoje|estamos|est|le|nous|sommes|on|ist|der|die|das|haben|wir|heute|den|und|of\s+today|along|together|com|con|avec|mit|e|y|et|hor[aá]rio)\b",
    )
});

/// Words that make a date some other date than today's: a deadline, a cut-off, a birthday.
static OTHER_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:cut-?off|due|release|birth|expiry|expiration|delivery|launch|deadline|start|end|training|knowledge|publication|closing|renewal|payment|shipping|arrival|departure|fecha\s+l[ií]mite|vencimiento|nacimiento|corte|stichtag|geburt\w*|f[aä]llig\w*|[ée]ch[ée]ance|naissance)\b",
    )
});

/// A short question whose subject is today's date, day, time or year, in any language of
/// the concept tables ("whats the data and time today", "¿qué día es hoy?", "今天几号",
/// "오늘 날짜가 며칠인가요"): the sentence holds "today/now/current", a date part and a
/// question word, and little else.
fn concept_question(f: &PromptFacts) -> Option<(String, String)> {
    use crate::classify::concepts::{ASK, DATE_PART, TODAY, is_cjk_or_hangul};
    // "Say 'this is a test' with the day and time of now": a fixed sentence to repeat
    // around the clock's reading; the quoted words are the sentence, not the question.
    static SAY: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:say|print|write|fale|diga|escreva|imprima|di|escribe|imprime|dis|[eé]cris|sag|schreib)\b",
        )
    });
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| re(r#"'[^'\n]{1,80}'|"[^"\n]{1,80}"|«[^»\n]{1,80}»"#));
    for s in f.sentences() {
        if s.contains("{input}") || s.chars().count() > 90 {
            continue;
        }
        let said = SAY.is_match(s) && QUOTED.is_match(s);
        let unquoted;
        let s: &str = if said {
            unquoted = SAY
                .replace_all(&QUOTED.replace_all(s, " "), " ")
                .into_owned();
            &unquoted
        } else {
            s
        };
        let (Some(_), Some(part)) = (TODAY.find(s), DATE_PART.find(s)) else {
            continue;
        };
        if !said && !ASK.is_match(s) && !s.ends_with('?') && !s.ends_with('？') {
            continue;
        }
        let rest = TODAY.regex().replace_all(s, " ");
        let rest = DATE_PART.regex().replace_all(&rest, " ");
        let rest = ASK.regex().replace_all(&rest, " ");
        let rest = FILLER.replace_all(&rest, " ");
        let latin_words = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !w.chars().any(is_cjk_or_hangul))
            .count();
        let cjk_chars = rest.chars().filter(|c| is_cjk_or_hangul(*c)).count();
        // the one word left names another date ("the cutoff date", "the due date"): not
        // today's
        if OTHER_DATE.is_match(&rest) {
            continue;
        }
        if latin_words <= 1 && cjk_chars <= 8 {
            return Some((part.as_str().trim().to_string(), s.to_string()));
        }
    }
    None
}

fn what_of(s: &str) -> &'static str {
    static TIME: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(?:time|hora|hor[aá]rio|heure|uhrzeit)\b|时间|几点|何時|몇\s*시"));
    static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
        re(r"\b(?:weekday|day\s+of\s+the\s+week|wochentag)\b|星期|周几|曜日|요일")
    });
    static DAY: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:day|d[ií]a|jour|tag)\b"));
    static DATE: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(?:date|data|fecha|datum)\b|日期|几号|日付|何日|날짜|며칠"));
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(?:year|año|ano|ann[eé]e|jahr)\b|哪年|何年|몇\s*년"));
    if TIME.is_match(s) && (DAY.is_match(s) || DATE.is_match(s)) {
        "datetime"
    } else if TIME.is_match(s) {
        "time"
    } else if WEEKDAY.is_match(s) || (DAY.is_match(s) && !DATE.is_match(s)) {
        "weekday"
    } else if YEAR.is_match(s) && !DATE.is_match(s) {
        "year"
    } else {
        "date"
    }
}

/// The subtype detector.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    // "what's the date of the next full moon" asks about another date, "the current time
    // complexity" about something else: the question must end where the date part ends
    // (or go on with "now", "in Tokyo", "in YYYY-MM-DD format"...).
    static ENDS_HERE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^\s*(?:$|[?？.!,;:)\n]|(?:now|today|please|and|in|right|exactly|here|there|as|using|with|formatted|only|is|was|hoy|heute|aujourd'hui|hoje)\b)",
        )
    });
    let today = TODAY
        .find(&f.text)
        .filter(|m| ENDS_HERE.is_match(&f.text[m.end()..]));
    let (s, why) = if let Some(m) = today {
        (m.as_str().to_string(), 0.75)
    } else {
        let (_, sentence) = concept_question(f)?;
        (sentence, 0.72)
    };
    let what = what_of(&s);
    Some(
        Candidate::new(
            &RULE,
            ReplacementSpec::Lookup {
                lookup: Lookup::CurrentDate {
                    what: what.to_string(),
                },
            },
        )
        .with(
            format!("asks the model for the current {what} (\"{}\")", s.trim()),
            why,
        ),
    )
}
