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
    // Extraction needs a text to extract from: a short question with no input and no
    // inline text asks the model what it knows ("what's the date of the next full moon").
    if c.rule.task == Some(Task::Regex)
        && f.holes.is_empty()
        && f.text.chars().count() < 200
        && !f.text.contains(':')
        && !f.text.contains('\n')
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
