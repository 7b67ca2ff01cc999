//! Evidence from the code around the call, weighed with the prompt's words: the
//! structured-output schema the call asks for or parses the answer into, how the answer is
//! read (one JSON field, a date), and what the prompt's holes are called.
//!
//! It only adjusts a candidate a detector found in the prompt's words: the code never flags
//! a call alone. Support is capped and only counts when the prompt already reads as the
//! task; contrary evidence (a many-field record of which the candidate's noun is one field)
//! always counts.

use super::{Candidate, PromptFacts};
use crate::model::{OutputSchema, ResponseUse, SchemaField, Task};

/// The most the code's support adds to a candidate.
const MAX_SUPPORT: f64 = 0.15;
/// A candidate needs at least this score from the prompt's words before the code's support
/// counts.
const SUPPORT_FROM: f64 = 0.4;

/// The kind of value a subtype is about, as a field or hole name shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Email,
    Phone,
    Url,
    Date,
    Amount,
    Ip,
    Uuid,
    Postal,
    Country,
    Bool,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Email => "an email address",
            Kind::Phone => "a phone number",
            Kind::Url => "a URL",
            Kind::Date => "a date",
            Kind::Amount => "an amount",
            Kind::Ip => "an IP address",
            Kind::Uuid => "a UUID",
            Kind::Postal => "a postal code",
            Kind::Country => "a country code",
            Kind::Bool => "a yes/no flag",
        }
    }
}

/// The value kind a subtype extracts, validates or transforms, when it has one.
pub fn subtype_kind(subtype: &str) -> Option<Kind> {
    Some(match subtype {
        "extract-emails" | "validate-email" => Kind::Email,
        "extract-phone-numbers" | "validate-phone" | "format-phone" => Kind::Phone,
        "extract-urls" | "validate-url" => Kind::Url,
        "extract-dates" | "validate-date" | "reformat-date" | "current-date" => Kind::Date,
        "extract-amounts" | "arithmetic" => Kind::Amount,
        "extract-ip-addresses" | "validate-ip" => Kind::Ip,
        "validate-uuid" => Kind::Uuid,
        "extract-postal-codes" | "validate-postal-code" => Kind::Postal,
        "country-code" => Kind::Country,
        _ => return None,
    })
}

/// The kind of value a field or hole holds, from its name and type.
pub fn name_kind(name: &str, ty: &str) -> Option<Kind> {
    let ty_l = ty.to_lowercase();
    let core = ty_l
        .rsplit(['[', '<', ':', '.'])
        .find(|s| !s.is_empty() && *s != "]" && *s != ">")
        .unwrap_or("")
        .trim_end_matches([']', '>']);
    let by_type = match core {
        "emailstr" | "emailaddress" => Some(Kind::Email),
        "httpurl" | "anyurl" | "anyhttpurl" | "url" => Some(Kind::Url),
        "date" | "datetime" | "naivedate" | "naivedatetime" => Some(Kind::Date),
        "ipv4address" | "ipv6address" | "ipaddr" | "ipvanyaddress" => Some(Kind::Ip),
        "uuid" | "uuid4" => Some(Kind::Uuid),
        "phonenumber" => Some(Kind::Phone),
        "bool" => Some(Kind::Bool),
        _ => None,
    };
    if by_type.is_some() {
        return by_type;
    }
    let n = name.to_lowercase();
    let words: Vec<&str> = n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |ws: &[&str]| words.iter().any(|w| ws.contains(w));
    Some(if has(&["email", "emails", "mail", "e_mail"]) {
        Kind::Email
    } else if has(&[
        "phone",
        "phones",
        "mobile",
        "tel",
        "telephone",
        "cell",
        "msisdn",
    ]) {
        Kind::Phone
    } else if has(&["url", "urls", "link", "links", "website", "href", "uri"]) {
        Kind::Url
    } else if has(&["date", "dates", "dob", "birthday", "day"]) || n.ends_with("date") {
        Kind::Date
    } else if has(&["amount", "total", "price", "cost", "sum", "subtotal"]) {
        Kind::Amount
    } else if has(&["ip", "ipv4", "ipv6"]) {
        Kind::Ip
    } else if has(&["uuid", "guid"]) {
        Kind::Uuid
    } else if has(&["zip", "zipcode", "postcode", "postal"]) {
        Kind::Postal
    } else {
        return None;
    })
}

/// A plain name (`email`, `row.date_str`) naming one value, not a document about it
/// (`email_body`, `email_content`) nor an expression.
fn is_field_name(h: &str) -> bool {
    h.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
        && !h.split(['_', '.']).any(|w| {
            matches!(
                w,
                "content"
                    | "text"
                    | "body"
                    | "message"
                    | "thread"
                    | "html"
                    | "page"
                    | "doc"
                    | "document"
                    | "contents"
                    | "raw"
                    | "list"
                    | "data"
            )
        })
}

/// Field names that carry no value of their own (a reasoning trace, a confidence).
fn is_meta_field(name: &str) -> bool {
    let n = name.to_lowercase();
    matches!(
        n.as_str(),
        "reason"
            | "reasoning"
            | "explanation"
            | "confidence"
            | "notes"
            | "note"
            | "errors"
            | "error"
            | "message"
            | "found"
    )
}

/// Every record type the code ties to the answer: the one asked for, the ones parsed into.
pub fn schemas<'a>(f: &'a PromptFacts) -> Vec<&'a OutputSchema> {
    let ctx = &f.call.context;
    let mut out: Vec<&OutputSchema> = ctx.output_schema.iter().collect();
    for u in &ctx.response_uses {
        if let ResponseUse::ParsedInto { schema } = u
            && !out.iter().any(|s| s.name == schema.name)
        {
            out.push(schema);
        }
    }
    out
}

/// A bool, or a closed set of two yes/no words.
fn is_yes_no(f: &SchemaField) -> bool {
    name_kind("", &f.ty) == Some(Kind::Bool)
        || f.choices.len() == 2
            && f.choices.iter().all(|v| {
                matches!(
                    v.to_lowercase().as_str(),
                    "yes" | "no" | "true" | "false" | "valid" | "invalid"
                )
            })
}

/// The JSON object the prompt asks the answer to be (`{"vendor": "...", "total": 0}`), read
/// as a schema of its keys, when the prompt asks for JSON.
pub fn prompt_schema(f: &PromptFacts) -> Option<OutputSchema> {
    static KEY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        super::lexicon::re(r#"[{,]\s*"([A-Za-z_][A-Za-z0-9_]{0,40})"\s*:"#)
    });
    if !f.text.contains("json") {
        return None;
    }
    let mut fields: Vec<SchemaField> = Vec::new();
    for c in KEY.captures_iter(&f.raw) {
        let name = c.get(1)?.as_str();
        if !fields.iter().any(|x| x.name == name) {
            fields.push(SchemaField {
                name: name.to_string(),
                ty: String::new(),
                choices: Vec::new(),
            });
        }
        if fields.len() >= 32 {
            break;
        }
    }
    (!fields.is_empty()).then(|| OutputSchema {
        name: "the JSON the prompt spells out".into(),
        fields,
    })
}

/// How evidence names a schema: `Verdict`, or the JSON the prompt spells out.
fn label(s: &OutputSchema) -> String {
    if s.name.contains(' ') {
        format!("({})", s.name)
    } else {
        format!("`{}`", s.name)
    }
}

fn describe(f: &SchemaField) -> String {
    if f.ty.is_empty() && f.choices.is_empty() {
        format!("`{}`", f.name)
    } else if f.choices.is_empty() {
        format!("`{}: {}`", f.name, f.ty)
    } else {
        format!("`{}` one of {}", f.name, f.choices.join("/"))
    }
}

/// Whether a piece of a rejected candidate's evidence says why it was rejected (the code or
/// the prompt's examples speak against it): the classifier keeps it in the evidence of the
/// call it reports as not deterministic.
pub fn explains_rejection(e: &super::Evidence) -> bool {
    e.weight < 0.0
        && (e.text.starts_with(super::examples::CONTRADICTS)
            || e.text.starts_with("the structured output")
            || e.text.starts_with("the table")
            || e.text.starts_with("the code reads")
            || e.text.starts_with("the call gives the model tools")
            || e.text.starts_with("the model `")
            || e.text.starts_with("the prompt's instructions sit in")
            || e.text.starts_with("one field of a")
            || e.text.starts_with("the input looks like a whole document"))
}

/// Weighs the code's evidence, then the prompt's own examples, into one candidate (called
/// last in the generic weighing).
pub fn weigh(f: &PromptFacts, c: &mut Candidate) {
    weigh_code(f, c);
    super::examples::weigh_examples(f, c);
}

/// Model names whose answers come from a live web search.
fn searches_the_web(model: &str) -> bool {
    let m = model.to_lowercase();
    m.contains("search") || m.starts_with("sonar") || m.contains("/sonar") || m.contains("online")
}

/// Weighs the code's evidence into one candidate.
pub fn weigh_code(f: &PromptFacts, c: &mut Candidate) {
    let task = c.rule.task.unwrap_or(Task::Generative);
    // A call that hands the model tools (or a web-searching model) asks it to act: fetch
    // live data, route between functions. No fixed code replaces that.
    let ctx = &f.call.context;
    if !ctx.tools.is_empty() && task == Task::Transform {
        // A computation over the prompt's own data returns the same whatever tool computes
        // it (a calculator, a code runner): the tools are no evidence against it.
        c.add(
            format!(
                "the call gives the model tools ({}), but a computation over the prompt's data does not depend on them",
                ctx.tools.join(", ")
            ),
            0.0,
        );
    } else if !ctx.tools.is_empty() && c.rule.subtype == Some("current-date") {
        // Today's date or time is the machine's clock, whichever tool reads it.
        c.add(
            format!(
                "the call gives the model tools ({}), but today's date comes from the clock whichever tool reads it",
                ctx.tools.join(", ")
            ),
            0.0,
        );
    } else if !ctx.tools.is_empty() {
        c.add(
            format!(
                "the call gives the model tools ({}): it can fetch live data or route between them",
                ctx.tools.join(", ")
            ),
            -0.4,
        );
    } else if let Some(m) = f.call.model_name().filter(|m| searches_the_web(m)) {
        c.add(
            format!("the model `{m}` answers from a live web search"),
            -0.4,
        );
    }
    let kind = c.rule.subtype.and_then(subtype_kind);
    let from_prompt = c.score;
    let mut support: Vec<(String, f64)> = Vec::new();
    let code_schemas = schemas(f);
    for s in &code_schemas {
        schema_evidence(s, task, kind, c, &mut support);
    }
    if code_schemas.is_empty()
        && (kind.is_some() || task == Task::Regex)
        && !matches!(
            c.spec,
            llmlint_rewrite::ReplacementSpec::Lookup {
                lookup: llmlint_rewrite::Lookup::Inline { .. }
            }
        )
        && let Some(s) = prompt_schema(f)
    {
        schema_evidence(&s, task, kind, c, &mut support);
    }
    // A "table" whose keys are the fields of the JSON the answer must be is a list of field
    // rules for a record (`- total: the largest amount`), not a mapping.
    if let llmlint_rewrite::ReplacementSpec::Lookup {
        lookup: llmlint_rewrite::Lookup::Inline { entries, .. },
    } = &c.spec
    {
        let fields: Vec<String> = code_schemas
            .iter()
            .flat_map(|s| s.fields.iter().map(|f| f.name.to_lowercase()))
            .chain(
                prompt_schema(f)
                    .into_iter()
                    .flat_map(|s| s.fields.into_iter().map(|f| f.name.to_lowercase())),
            )
            .collect();
        let hits = entries
            .iter()
            .filter(|(k, _)| fields.contains(&k.trim().to_lowercase()))
            .count();
        if hits >= 2 && hits * 2 >= entries.len() {
            c.add(
                format!(
                    "the table's keys are {hits} fields of the structured output: rules for the fields of a record, not a mapping"
                ),
                -0.35,
            );
        }
    }
    // The answer parsed as JSON and then one field read.
    for u in &f.call.context.response_uses {
        match u {
            ResponseUse::JsonField { key } => match (kind, name_kind(key, "")) {
                (Some(k), Some(fk)) if k == fk => support.push((
                    format!(
                        "the code reads one field of the answer, `{key}`, {}",
                        k.noun()
                    ),
                    0.06,
                )),
                (Some(k), Some(fk)) if fk != Kind::Bool => c.add(
                    format!(
                        "the code reads the answer's `{key}` field ({}), not {}",
                        fk.noun(),
                        k.noun()
                    ),
                    -0.1,
                ),
                (_, Some(Kind::Bool)) | (_, None) if task == Task::Validation => support.push((
                    format!("the code reads one field of the answer, `{key}`"),
                    0.03,
                )),
                _ => {}
            },
            ResponseUse::ParsedDate if kind == Some(Kind::Date) => {
                support.push(("the code parses the answer as a date".into(), 0.05));
            }
            ResponseUse::ParsedFloat | ResponseUse::ParsedInt
                if c.rule.subtype == Some("unit-conversion") =>
            {
                support.push(("the code parses the answer as a number".into(), 0.05));
            }
            _ => {}
        }
    }
    // The holes' names: `{email}` for an email check, `{date_str}` for a date reformat.
    // Only for a task on one field (a check, a reformat, a lookup): extracting emails from
    // `{email}` says the input is an email message, not one address.
    if let Some(k) = kind
        && matches!(task, Task::Validation | Task::Transform | Task::Lookup)
        && let Some(h) = f.holes.iter().find(|h| {
            is_field_name(h) && !f.is_long_hole(h) && name_kind(h, "").is_some_and(|hk| hk == k)
        })
    {
        support.push((
            format!("the prompt's input is named `{h}`, {}", k.noun()),
            0.05,
        ));
    }
    if from_prompt < SUPPORT_FROM || support.is_empty() {
        return;
    }
    let mut left = MAX_SUPPORT;
    for (text, w) in support {
        let w = w.min(left);
        if w <= 0.0 {
            break;
        }
        c.add(text, w);
        left -= w;
    }
}

fn schema_evidence(
    s: &OutputSchema,
    task: Task,
    kind: Option<Kind>,
    c: &mut Candidate,
    support: &mut Vec<(String, f64)>,
) {
    let fields: Vec<&SchemaField> = s
        .fields
        .iter()
        .filter(|f| !is_meta_field(&f.name))
        .collect();
    if fields.is_empty() {
        return;
    }
    let kinds: Vec<Option<Kind>> = fields.iter().map(|f| name_kind(&f.name, &f.ty)).collect();
    match task {
        Task::Validation => {
            if let Some(b) = fields
                .iter()
                .find(|f| name_kind(&f.name, &f.ty) == Some(Kind::Bool))
            {
                support.push((
                    format!(
                        "the structured output {} holds a bool, {}",
                        label(s),
                        describe(b)
                    ),
                    0.08,
                ));
            } else if let Some(e) = fields.iter().find(|f| is_yes_no(f)) {
                support.push((
                    format!(
                        "the structured output {} is a yes/no, {}",
                        label(s),
                        describe(e)
                    ),
                    0.08,
                ));
            }
        }
        Task::Regex | Task::Transform | Task::Lookup => {
            // A record that is only a yes/no says the call checks something.
            if fields.len() == 1 && is_yes_no(fields[0]) {
                c.add(
                    format!(
                        "the structured output {} is only a yes/no ({}): a check, not {}",
                        label(s),
                        describe(fields[0]),
                        match task {
                            Task::Regex => "an extraction",
                            Task::Lookup => "a lookup",
                            _ => "a transform",
                        }
                    ),
                    -0.3,
                );
                return;
            }
            let Some(k) = kind else {
                if fields.len() >= 4 && matches!(task, Task::Regex) {
                    c.add(
                        format!(
                            "the structured output {} has {} fields: a record read out of a document",
                            label(s),
                            fields.len()
                        ),
                        -0.3,
                    );
                }
                return;
            };
            let same = kinds.iter().filter(|x| **x == Some(k)).count();
            if same == fields.len() {
                let names: Vec<String> = fields.iter().map(|f| describe(f)).collect();
                support.push((
                    format!(
                        "the structured output {} holds only {} ({})",
                        label(s),
                        k.noun(),
                        names.join(", ")
                    ),
                    0.12,
                ));
            } else if fields.len() >= 3 {
                let others: Vec<&str> = fields
                    .iter()
                    .zip(&kinds)
                    .filter(|(_, x)| **x != Some(k))
                    .map(|(f, _)| f.name.as_str())
                    .take(4)
                    .collect();
                c.add(
                    format!(
                        "the structured output {} has {} fields ({}...): {} is one field of a record read out of a document",
                        label(s),
                        fields.len(),
                        others.join(", "),
                        k.noun()
                    ),
                    -0.35,
                );
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names_and_types() {
        assert_eq!(name_kind("phone_number", "str"), Some(Kind::Phone));
        assert_eq!(name_kind("contact", "EmailStr"), Some(Kind::Email));
        assert_eq!(name_kind("homepage", "Optional[HttpUrl]"), Some(Kind::Url));
        assert_eq!(name_kind("due", "Option<NaiveDate>"), Some(Kind::Date));
        assert_eq!(name_kind("is_valid", "bool"), Some(Kind::Bool));
        assert_eq!(name_kind("date_str", ""), Some(Kind::Date));
        assert_eq!(name_kind("vendor", "str"), None);
        assert_eq!(name_kind("text", ""), None);
    }
}
