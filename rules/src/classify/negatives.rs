//! Weighing against a deterministic reading for shapes that real prompts share with
//! deterministic ones but that need a model: one field of a many-field record extraction
//! (an invoice's total, a résumé's email next to the candidate's name and employer).

use super::{Candidate, PromptFacts, detect};
use crate::model::Task;

/// Subtypes that read a single shaped value, and so are wrong when that value is one
/// field of a record whose other fields take reading.
fn single_field(c: &Candidate) -> bool {
    match c.rule.task {
        Some(Task::Regex) => true,
        Some(Task::Transform) => matches!(
            c.rule.subtype,
            Some("arithmetic" | "reformat-date" | "count" | "format-phone")
        ),
        Some(Task::Validation) => !matches!(
            c.rule.subtype,
            Some("validate-required-fields" | "validate-json")
        ),
        _ => false,
    }
}

/// The current date or time handed to the model as an input ("It is now {now}.", "Heute
/// ist {heute}", "现在是{now}"), in the concept tables' languages.
static NOW_GIVEN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::classify::lexicon::re(
        r"(?:\b(?:it\s+is\s+now|it's\s+now|now\s+is|the\s+current\s+(?:date|time|date\s+and\s+time|datetime|timestamp)\s+is|current\s+(?:date|time|datetime|timestamp)\s*:|today\s+is|today's\s+date\s+is|es\s+ist\s+jetzt|jetzt\s+ist|heute\s+ist|hoy\s+es|ahora\s+es|la\s+fecha\s+actual\s+es|nous\s+sommes\s+le|aujourd'hui(?:\s+nous\s+sommes|\s+on\s+est|\s+c'est)?|hoje\s+[eé]|agora\s+[eé]|a\s+data\s+atual\s+[eé])|现在是|今天是|当前时间|今日は|現在は|現在時刻|오늘은|현재\s*시간)[^\n.{]{0,16}\{input\}",
    )
});

/// Subtypes that are output-formatting rules when they sit inside a larger task.
fn formatting_rule(c: &Candidate) -> bool {
    matches!(
        c.rule.subtype,
        Some("trim-whitespace" | "change-case" | "slugify" | "dedupe-items" | "sort-items")
    )
}

pub(super) fn weigh(f: &PromptFacts, c: &mut Candidate) {
    let reference = c.rule.task == Some(Task::Lookup) && c.rule.subtype != Some("current-date");
    if (formatting_rule(c) || reference)
        && let Some(what) = detect::extracts_freeform(f)
    {
        c.add(
            format!("a side rule of a free-form extraction (\"{what}\")"),
            -0.4,
        );
    }
    // "Extract the email and the mobile number ... normalise the number to digits": a
    // reformatting of values pulled out of a whole document is a rule of that extraction.
    if matches!(
        c.rule.subtype,
        Some("format-phone" | "reformat-date" | "change-case" | "trim-whitespace")
    ) && f.only_long_inputs()
        && !detect::record_fields(f).is_empty()
        && f.sentences()
            .iter()
            .any(|s| crate::classify::concepts::EXTRACT.is_match(s))
    {
        c.add(
            "a formatting rule for values extracted from a whole document",
            -0.3,
        );
    }
    // "It is now {now}. Which date does the user mean by {when}?": the prompt hands the
    // model the current time to resolve a relative expression ("next Friday evening"),
    // which takes reading, not a date format.
    if matches!(
        c.rule.subtype,
        Some("reformat-date" | "extract-dates" | "validate-date")
    ) && f.has(&NOW_GIVEN)
    {
        c.add(
            "the prompt gives the current time to resolve a relative date expression",
            -0.4,
        );
    }
    // Extraction needs a text to extract from: a short question with no input and no
    // inline text asks the model what it knows ("what's the date of the next full moon").
    // (A system message and a user message are two lines of the joined text, not an inline
    // text: each message is looked at on its own.)
    let inline = f.call.prompt.messages.iter().any(|m| {
        let t = m.text();
        let t = t.trim();
        t.contains(':') || t.contains('\n')
    });
    if c.rule.task == Some(Task::Regex)
        && f.holes.is_empty()
        && f.text.chars().count() < 200
        && !inline
    {
        c.add("nothing to extract from: no input and no inline text", -0.3);
    }
    if !single_field(c) {
        return;
    }
    let fields = detect::record_fields(f);
    let free: Vec<&String> = fields
        .iter()
        .filter(|k| detect::is_freeform_field(k))
        .collect();
    if fields.len() >= 3 && !free.is_empty() {
        c.add(
            format!(
                "one field of a {}-field record extraction that also asks for \"{}\"",
                fields.len(),
                free[0]
            ),
            -0.4,
        );
    }
}
