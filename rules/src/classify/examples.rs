//! Examples as proof: when a prompt carries input → output examples, run the proposed
//! replacement on those inputs inside llmlint and compare with the outputs the prompt says.
//!
//! A replacement that reproduces every example gains confidence, and the finding says so
//! ("the replacement reproduces 4/4 of the prompt's own examples"). One that contradicts an
//! example is not a drop-in: the candidate falls below the report floor and the call is not
//! flagged. Examples used to build the replacement (the entries of a table made of the
//! few-shot pairs) prove nothing and are not counted; a table made only of few-shot pairs
//! is not a closed table unless the prompt says the key set is closed.
//!
//! The interpreter covers the spec kinds that can be run without the outside world:
//! pattern search and validation (the generators' own regexes), case changes, trimming,
//! slugs, arithmetic, counts, sorting and dedupe, date reformatting, unit conversion,
//! JSON fields and the built-in reference tables. Anything else is "cannot run" and is
//! neither proof nor contradiction.

use std::sync::LazyLock;

use llmlint_rewrite::r#gen::lookup::reference::table;
use llmlint_rewrite::r#gen::lookup::{column_for, normalise_key};
use llmlint_rewrite::{Lookup, Pattern, ReplacementSpec, Transform, Validator};
use regex::Regex;

use super::lexicon::re;
use super::params::{self, Example};
use super::{Candidate, PromptFacts, REPORT_FLOOR};

/// How the evidence of a contradicted replacement starts (the classifier keeps it when it
/// reports the call as not deterministic).
pub const CONTRADICTS: &str = "the replacement contradicts the prompt's own examples";

/// What running a spec on one input gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Text(String),
    List(Vec<String>),
    Bool(bool),
    Number(f64),
    /// Nothing found (`None` / empty).
    Nothing,
}

/// The verdict of a spec over a prompt's examples.
#[derive(Debug, Clone, PartialEq)]
pub struct Proof {
    /// Examples the spec could be run on (built-from examples excluded).
    pub run: usize,
    pub reproduced: usize,
    /// The first example it contradicts: input, expected, got.
    pub contradiction: Option<(String, String, String)>,
    /// Examples left out because the replacement was built from them.
    pub used_to_build: usize,
}

/// Checks `spec` against the prompt's examples.
pub fn prove(spec: &ReplacementSpec, examples: &[Example]) -> Proof {
    let mut p = Proof {
        run: 0,
        reproduced: 0,
        contradiction: None,
        used_to_build: 0,
    };
    let built_from: Vec<String> = match spec {
        ReplacementSpec::Lookup {
            lookup: Lookup::Inline { entries, .. },
        } => entries.iter().map(|(k, _)| normalise_key(k)).collect(),
        _ => Vec::new(),
    };
    // An ID shape read off a sample token (`like ORD-123456`) matches that token by
    // construction: an example showing it proves nothing.
    let sample: Option<&str> = match spec {
        ReplacementSpec::FindAll {
            pattern: Pattern::Id { description, .. },
        }
        | ReplacementSpec::FindFirst {
            pattern: Pattern::Id { description, .. },
        }
        | ReplacementSpec::Contains {
            pattern: Pattern::Id { description, .. },
        } => description.strip_prefix("like "),
        _ => None,
    };
    for e in examples {
        if built_from.contains(&normalise_key(&e.input))
            || sample.is_some_and(|t| e.output.contains(t) || e.input.contains(t))
        {
            p.used_to_build += 1;
            continue;
        }
        let Some(got) = run(spec, &e.input) else {
            continue;
        };
        p.run += 1;
        if agrees(&got, &e.output) {
            p.reproduced += 1;
        } else if p.contradiction.is_none() {
            p.contradiction = Some((e.input.clone(), e.output.clone(), show(&got)));
        }
    }
    p
}

static CLOSED_SET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:only\s+(?:these|the\s+following|the\s+keys|the\s+values)|one\s+of\s+(?:these|the\s+following)|must\s+be\s+one\s+of|exactly\s+(?:these|the\s+following)|the\s+following\s+(?:mapping|table|codes)|(?:use|using)\s+(?:this|the\s+following)\s+(?:mapping|table)|no\s+other\s+(?:values|keys|codes)|one\s+of\s+[\w-]+(?:\s*,\s*[\w-]+)*,?\s+or\s+[\w-]+)\b",
    )
});

/// Weighs the prompt's own examples into one candidate (called from the generic weighing).
pub fn weigh_examples(f: &PromptFacts, c: &mut Candidate) {
    let examples = params::examples(f);
    if examples.is_empty() {
        return;
    }
    let p = prove(&c.spec, &examples);
    if p.used_to_build > 0
        && p.run == 0
        && p.used_to_build == examples.len()
        && matches!(
            c.spec,
            ReplacementSpec::Lookup {
                lookup: Lookup::Inline { .. }
            }
        )
        && is_few_shot_table(f)
        && !f.has(&CLOSED_SET)
    {
        c.add(
            format!(
                "the table is made of the prompt's {} examples and nothing says the key set is closed",
                p.used_to_build
            ),
            -0.3,
        );
        return;
    }
    // Rows of a well-known reference table (Germany -> DEU, 404 -> Not Found) are examples
    // of that reference, whose key set is open, unless the prompt closes it.
    if let ReplacementSpec::Lookup {
        lookup: Lookup::Inline { entries, default },
    } = &c.spec
        && default.is_none()
        && !f.has(&CLOSED_SET)
        && let Some((dataset, column)) = reference_rows(entries)
    {
        c.add(
            format!(
                "the table's {} entries are rows of the built-in {dataset:?} table (its `{column}` column): examples of an open key set, not a closed table",
                entries.len()
            ),
            -0.35,
        );
        return;
    }
    // A "table" of numbers mapped to numbers is worked examples of a computation (a sum, a
    // conversion), not a closed set of keys.
    if let ReplacementSpec::Lookup {
        lookup: Lookup::Inline { entries, .. },
    } = &c.spec
        && entries
            .iter()
            .all(|(k, v)| parse_num(k).is_some() && parse_num(v).is_some())
    {
        c.add(
            "the table maps numbers to numbers: examples of a computation, not a closed key set",
            -0.3,
        );
        return;
    }
    if p.run == 0 {
        return;
    }
    match &p.contradiction {
        None => {
            let w = (0.04 * p.run as f64).min(0.12);
            let mut text = format!(
                "the replacement reproduces {}/{} of the prompt's own examples",
                p.reproduced, p.run
            );
            if p.used_to_build > 0 {
                text.push_str(&format!(
                    " ({} more were used to build it and are not counted)",
                    p.used_to_build
                ));
            }
            c.add(text, w);
        }
        Some((input, expected, got)) => {
            // Not a drop-in: below the report floor whatever the words said.
            let drop = (c.score - (REPORT_FLOOR - 0.05)).max(0.3);
            c.add(
                format!(
                    "{CONTRADICTS} ({}/{} reproduced): \"{}\" should give \"{}\", it gives \"{}\"",
                    p.reproduced,
                    p.run,
                    short(input),
                    short(expected),
                    short(got)
                ),
                -drop,
            );
        }
    }
}

/// When every entry is a row of one built-in reference table (the key a cell of the row, the
/// value the row's cell in one fixed column), that dataset and column.
fn reference_rows(entries: &[(String, String)]) -> Option<(llmlint_rewrite::Dataset, String)> {
    if entries.len() < 2 {
        return None;
    }
    let cells = |cell: &str| -> Vec<String> {
        cell.split(';')
            .map(|x| normalise_key(x).trim_start_matches('.').to_string())
            .filter(|x| !x.is_empty())
            .collect()
    };
    for ds in llmlint_rewrite::r#gen::lookup::reference::ALL_DATASETS {
        let t = table(ds);
        let mut cols: Option<Vec<usize>> = None;
        for (k, v) in entries {
            let (k, v) = (normalise_key(k), normalise_key(v));
            let k = k.trim_start_matches('.');
            let v = v.trim_start_matches('.');
            let mut here: Vec<usize> = Vec::new();
            for row in &t.rows {
                if !row.iter().any(|cell| cells(cell).iter().any(|x| x == k)) {
                    continue;
                }
                for (j, cell) in row.iter().enumerate() {
                    if cells(cell).first().is_some_and(|x| x == v) && !here.contains(&j) {
                        here.push(j);
                    }
                }
            }
            cols = Some(match cols {
                None => here,
                Some(prev) => prev.into_iter().filter(|j| here.contains(j)).collect(),
            });
            if cols.as_ref().is_some_and(|c| c.is_empty()) {
                break;
            }
        }
        if let Some(j) = cols.and_then(|c| c.first().copied()) {
            return Some((ds, t.columns[j].clone()));
        }
    }
    None
}

/// The table was read from few-shot examples (Input/Output pairs or messages), not from
/// mapping lines.
fn is_few_shot_table(f: &PromptFacts) -> bool {
    params::inline_table(f).is_some_and(|t| t.few_shot)
}

fn short(s: &str) -> String {
    let s: String = s.chars().take(40).collect();
    s.replace('\n', " ")
}

fn show(o: &Outcome) -> String {
    match o {
        Outcome::Text(s) => s.clone(),
        Outcome::List(v) => v.join(", "),
        Outcome::Bool(b) => b.to_string(),
        Outcome::Number(n) => fmt_num(*n),
        Outcome::Nothing => "nothing".into(),
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

// ------------------------------------------------------------------------------ comparing

fn strip(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_suffix('.')
        .filter(|x| !x.ends_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(s);
    s.trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '`' | '“' | '”'))
        .trim()
        .to_string()
}

fn parse_num(s: &str) -> Option<f64> {
    let t: String = strip(s)
        .chars()
        .filter(|c| !matches!(c, ',' | '$' | '€' | '£' | ' ' | '_'))
        .collect();
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The numbers written in a sentence, in order (thousands commas and a decimal point read).
fn sentence_numbers(s: &str) -> Vec<f64> {
    static NUM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?").expect("valid regex")
    });
    NUM.find_iter(s)
        .filter_map(|m| m.as_str().replace(',', "").parse::<f64>().ok())
        .collect()
}

fn parse_bool(s: &str) -> Option<bool> {
    match strip(s).to_lowercase().as_str() {
        "yes" | "true" | "valid" | "1" | "y" | "correct" | "si" | "sí" | "oui" | "ja" => {
            Some(true)
        }
        "no" | "false" | "invalid" | "0" | "n" | "incorrect" | "non" | "nein" => Some(false),
        _ => None,
    }
}

fn expected_list(s: &str) -> Vec<String> {
    let t = s.trim();
    if t.starts_with('[')
        && let Ok(serde_json::Value::Array(a)) = serde_json::from_str::<serde_json::Value>(t)
    {
        return a
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
    }
    let sep: &[char] = if t.contains('\n') {
        &['\n']
    } else if t.contains(';') {
        &[';']
    } else {
        &[',']
    };
    t.split(sep)
        .map(|x| strip(x.trim_start_matches(['-', '*', '•']).trim()))
        .filter(|x| !x.is_empty())
        .collect()
}

fn is_none_word(s: &str) -> bool {
    matches!(
        strip(s).to_lowercase().as_str(),
        "" | "none" | "null" | "n/a" | "[]" | "nothing" | "not found" | "none found" | "no"
    )
}

/// Whether the spec's result agrees with the output the example states.
pub fn agrees(got: &Outcome, expected: &str) -> bool {
    match got {
        Outcome::Nothing => is_none_word(expected),
        Outcome::Bool(b) => parse_bool(expected) == Some(*b),
        Outcome::Number(n) => {
            let close = |e: f64| (e - n).abs() <= 1e-9_f64.max(n.abs() * 0.005).max(0.011);
            match parse_num(expected) {
                Some(e) => close(e),
                // a short sentence stating the result: "7 times 6 is 42", "42, since ..."
                // (or its first sentence: "2 + 2 equals 4. This is a basic operation ...")
                None => {
                    let states = |text: &str| {
                        let nums = sentence_numbers(text);
                        text.split_whitespace().count() <= 16
                            && (nums.last().is_some_and(|e| close(*e))
                                || nums.first().is_some_and(|e| close(*e))
                                    && strip(text).starts_with(|c: char| c.is_ascii_digit()))
                    };
                    let first = expected
                        .split_inclusive(". ")
                        .next()
                        .unwrap_or(expected)
                        .lines()
                        .next()
                        .unwrap_or(expected);
                    states(expected) || first.len() < expected.len() && states(first)
                }
            }
        }
        Outcome::Text(t) => {
            let (a, b) = (strip(t), strip(expected));
            if a == b {
                return true;
            }
            match (parse_num(&a), parse_num(&b)) {
                (Some(x), Some(y)) => (x - y).abs() <= 1e-9_f64.max(x.abs() * 0.005),
                _ => false,
            }
        }
        Outcome::List(v) => {
            if v.is_empty() {
                return is_none_word(expected);
            }
            let e = expected_list(expected);
            let mut a: Vec<String> = v.iter().map(|x| strip(x)).collect();
            let mut b = e;
            a.sort();
            b.sort();
            a == b
        }
    }
}

// ------------------------------------------------------------------------------ running

/// Runs a spec on one input; `None` when it cannot be run inside llmlint.
pub fn run(spec: &ReplacementSpec, input: &str) -> Option<Outcome> {
    match spec {
        ReplacementSpec::FindAll { pattern } => {
            let v = find(pattern, input)?;
            Some(Outcome::List(v))
        }
        ReplacementSpec::FindFirst { pattern } => {
            let v = find(pattern, input)?;
            Some(match v.into_iter().next() {
                Some(s) => Outcome::Text(s),
                None => Outcome::Nothing,
            })
        }
        ReplacementSpec::Contains { pattern } => {
            let v = find(pattern, input)?;
            Some(Outcome::Bool(!v.is_empty()))
        }
        ReplacementSpec::Validate { validator } => validate(validator, input).map(Outcome::Bool),
        ReplacementSpec::Lookup { lookup } => self::lookup(lookup, input),
        ReplacementSpec::Transform { transform } => self::transform(transform, input),
    }
}

fn find(pattern: &Pattern, input: &str) -> Option<Vec<String>> {
    let (search, _) = llmlint_rewrite::r#gen::search_regex_for(pattern)?;
    let rx = Regex::new(&search).ok()?;
    let mut out = Vec::new();
    for c in rx.captures_iter(input) {
        if c.name("reject").is_some() {
            continue;
        }
        let m = c.name("value").or_else(|| c.get(0))?;
        let s = m.as_str().to_string();
        if matches!(pattern, Pattern::Ipv6) && s.parse::<std::net::Ipv6Addr>().is_err() {
            continue;
        }
        out.push(s);
        if out.len() > 200 {
            break;
        }
    }
    Some(out)
}

fn full_match(pattern: Pattern, input: &str) -> Option<bool> {
    let (_, core) = llmlint_rewrite::r#gen::search_regex_for(&pattern)?;
    let rx = Regex::new(&format!("^(?:{core})$")).ok()?;
    Some(rx.is_match(input.trim()))
}

fn validate(v: &Validator, input: &str) -> Option<bool> {
    let t = input.trim();
    Some(match v {
        Validator::Json => serde_json::from_str::<serde_json::Value>(t).is_ok(),
        Validator::JsonFields { fields } => match serde_json::from_str::<serde_json::Value>(t) {
            Ok(serde_json::Value::Object(m)) => fields.iter().all(|f| m.contains_key(f)),
            _ => false,
        },
        Validator::Email => full_match(Pattern::Email, t)?,
        Validator::Url => full_match(Pattern::Url, t)?,
        Validator::Uuid => full_match(Pattern::Uuid, t)?,
        Validator::Ipv4 => t.parse::<std::net::Ipv4Addr>().is_ok(),
        Validator::Ipv6 => t.parse::<std::net::Ipv6Addr>().is_ok(),
        Validator::Ip => t.parse::<std::net::IpAddr>().is_ok(),
        Validator::Date { format } => parse_date(t, format.as_deref()).is_some(),
        Validator::CardLuhn => luhn(t),
        Validator::Length { min, max } => {
            let n = t.chars().count() as u64;
            min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)
        }
        Validator::NumberRange { min, max, integer } => match parse_num(t) {
            Some(x) => {
                min.is_none_or(|m| x >= m)
                    && max.is_none_or(|m| x <= m)
                    && (!integer || x.fract() == 0.0)
            }
            None => false,
        },
        Validator::Semver => full_match(Pattern::Version, t)? && !t.starts_with(['v', 'V']),
        Validator::HexColor => {
            let h = t.strip_prefix('#')?;
            matches!(h.len(), 3 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit())
        }
        _ => return None,
    })
}

fn luhn(s: &str) -> bool {
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
    {
        return false;
    }
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if !(12..=19).contains(&digits.len()) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                *d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn lookup(l: &Lookup, input: &str) -> Option<Outcome> {
    match l {
        Lookup::Inline { entries, default } => {
            let k = normalise_key(input);
            let hit = entries.iter().find(|(e, _)| normalise_key(e) == k);
            match (hit, default) {
                (Some((_, v)), _) => Some(Outcome::Text(v.clone())),
                (None, Some(d)) => Some(Outcome::Text(d.clone())),
                (None, None) => Some(Outcome::Nothing),
            }
        }
        Lookup::Reference { dataset, from, to } => {
            let t = table(*dataset);
            let from_c = column_for(*dataset, from)?;
            let to_c = column_for(*dataset, to)?;
            let (fi, ti) = (t.column(from_c)?, t.column(to_c)?);
            let ai = if from_c == "name" {
                t.column("aliases")
            } else {
                None
            };
            let k = normalise_key(input.trim().trim_end_matches(['?', '.']));
            let k = k.trim_start_matches('.');
            for row in &t.rows {
                let mut keys: Vec<&str> = row[fi].split(';').collect();
                if let Some(ai) = ai {
                    keys.extend(row[ai].split(';'));
                }
                if keys
                    .iter()
                    .any(|x| !x.trim().is_empty() && normalise_key(x).trim_start_matches('.') == k)
                {
                    let v = row[ti].split(';').next().unwrap_or("").trim().to_string();
                    return Some(Outcome::Text(v));
                }
            }
            // An unknown key: the generated code returns None; the input may just not be a
            // bare key ("What is the capital of France?"), so it proves nothing.
            None
        }
        Lookup::UnitConversion { from, to } => {
            let x = first_number(input)?;
            convert(x, from, to).map(Outcome::Number)
        }
        Lookup::CurrentDate { .. } => None,
    }
}

fn first_number(s: &str) -> Option<f64> {
    static NUM: LazyLock<Regex> = LazyLock::new(|| re(r"-?\d+(?:[.,]\d+)?"));
    NUM.find(s)?.as_str().replace(',', ".").parse().ok()
}

/// `x` in unit `from`, in unit `to`.
pub fn convert(x: f64, from: &str, to: &str) -> Option<f64> {
    let temp = |u: &str| matches!(u, "°C" | "°F" | "K");
    if temp(from) || temp(to) {
        let c = match from {
            "°C" => x,
            "°F" => (x - 32.0) * 5.0 / 9.0,
            "K" => x - 273.15,
            _ => return None,
        };
        return Some(match to {
            "°C" => c,
            "°F" => c * 9.0 / 5.0 + 32.0,
            "K" => c + 273.15,
            _ => return None,
        });
    }
    // (dimension, factor to the base unit)
    let f = |u: &str| -> Option<(u8, f64)> {
        Some(match u {
            "km" => (0, 1000.0),
            "m" => (0, 1.0),
            "cm" => (0, 0.01),
            "mm" => (0, 0.001),
            "mi" => (0, 1609.344),
            "ft" => (0, 0.3048),
            "in" => (0, 0.0254),
            "yd" => (0, 0.9144),
            "kg" => (1, 1.0),
            "g" => (1, 0.001),
            "lb" => (1, 0.453_592_37),
            "oz" => (1, 0.028_349_523_125),
            "l" => (2, 1.0),
            "ml" => (2, 0.001),
            "gal" => (2, 3.785_411_784),
            "mph" => (3, 1.609_344),
            "km/h" => (3, 1.0),
            _ => return None,
        })
    };
    let (a, b) = (f(from)?, f(to)?);
    (a.0 == b.0).then(|| x * a.1 / b.1)
}

fn numbers(s: &str) -> Vec<f64> {
    static NUM: LazyLock<Regex> = LazyLock::new(|| re(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"));
    NUM.find_iter(s)
        .filter_map(|m| m.as_str().replace(',', "").parse().ok())
        .collect()
}

fn items(s: &str, sep: Option<&str>) -> Vec<String> {
    let parts: Vec<&str> = match sep {
        Some(sep) => s.split(sep).collect(),
        None => s.lines().collect(),
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn transform(t: &Transform, input: &str) -> Option<Outcome> {
    let text = |s: String| Some(Outcome::Text(s));
    match t {
        Transform::Upper => text(input.to_uppercase()),
        Transform::Lower => text(input.to_lowercase()),
        Transform::Title => text(
            input
                .split(' ')
                .map(|w| {
                    let mut cs = w.chars();
                    match cs.next() {
                        Some(f) => {
                            f.to_uppercase().collect::<String>() + &cs.as_str().to_lowercase()
                        }
                        None => String::new(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Transform::SnakeCase => text(words_of(input).join("_").to_lowercase()),
        Transform::CamelCase => {
            let w = words_of(input);
            let mut out = String::new();
            for (i, x) in w.iter().enumerate() {
                let x = x.to_lowercase();
                if i == 0 {
                    out.push_str(&x);
                } else {
                    let mut cs = x.chars();
                    if let Some(f) = cs.next() {
                        out.extend(f.to_uppercase());
                        out.push_str(cs.as_str());
                    }
                }
            }
            text(out)
        }
        Transform::Trim => text(input.trim().to_string()),
        Transform::CollapseWhitespace => {
            text(input.split_whitespace().collect::<Vec<_>>().join(" "))
        }
        Transform::Slugify => text(slugify(input)),
        Transform::ReformatDate { from, to } => {
            let (y, m, d) = parse_date(input.trim(), from.as_deref())?;
            text(format_date(y, m, d, to)?)
        }
        Transform::JsonField { path } => {
            let mut v: serde_json::Value = serde_json::from_str(input.trim()).ok()?;
            for k in path {
                v = match k.parse::<usize>() {
                    Ok(i) if v.is_array() => v.get(i)?.clone(),
                    _ => v.get(k)?.clone(),
                };
            }
            text(match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
        }
        Transform::CountWords => Some(Outcome::Number(input.split_whitespace().count() as f64)),
        Transform::CountChars => Some(Outcome::Number(input.chars().count() as f64)),
        Transform::CountItems { separator } => Some(Outcome::Number(
            items(input, separator.as_deref()).len() as f64,
        )),
        Transform::Sum | Transform::Average | Transform::Max | Transform::Min => {
            let ns = numbers(input);
            if ns.is_empty() {
                return None;
            }
            Some(Outcome::Number(match t {
                Transform::Sum => ns.iter().sum(),
                Transform::Average => ns.iter().sum::<f64>() / ns.len() as f64,
                Transform::Max => ns.iter().cloned().fold(f64::MIN, f64::max),
                _ => ns.iter().cloned().fold(f64::MAX, f64::min),
            }))
        }
        Transform::Median | Transform::StdDev => {
            let mut ns = numbers(input);
            if ns.is_empty() {
                return None;
            }
            ns.sort_by(f64::total_cmp);
            let n = ns.len() as f64;
            let mean = ns.iter().sum::<f64>() / n;
            Some(Outcome::Number(match t {
                Transform::Median if ns.len().is_multiple_of(2) => {
                    (ns[ns.len() / 2 - 1] + ns[ns.len() / 2]) / 2.0
                }
                Transform::Median => ns[ns.len() / 2],
                _ => (ns.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt(),
            }))
        }
        // Several numbers in one answer: the examples' answers are not read apart.
        Transform::Stats { .. } => None,
        Transform::Formula { expr } => llmlint_rewrite::spec::formula::Expr::parse(expr)?
            .eval(parse_num(input.trim())?)
            .map(Outcome::Number),
        Transform::SortItems {
            separator,
            descending,
            numeric,
        } => {
            let mut v = items(input, separator.as_deref());
            if *numeric {
                let mut ns: Vec<(f64, String)> = v
                    .iter()
                    .map(|s| Some((parse_num(s)?, s.clone())))
                    .collect::<Option<_>>()?;
                ns.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
                v = ns.into_iter().map(|x| x.1).collect();
            } else {
                v.sort();
            }
            if *descending {
                v.reverse();
            }
            Some(Outcome::List(v))
        }
        Transform::Dedupe { separator, sort } => {
            let mut seen = std::collections::HashSet::new();
            let mut v: Vec<String> = items(input, separator.as_deref())
                .into_iter()
                .filter(|x| seen.insert(x.clone()))
                .collect();
            if *sort {
                v.sort();
            }
            Some(Outcome::List(v))
        }
        Transform::SortJsonKeys => {
            let v: serde_json::Value = serde_json::from_str(input.trim()).ok()?;
            text(v.to_string())
        }
        // an arithmetic expression given as data
        Transform::Evaluate => eval_words(input).map(Outcome::Number),
        _ => None,
    }
}

/// Evaluates an expression written with symbols or words ("what is 12 plus 3?").
pub fn eval_words(s: &str) -> Option<f64> {
    let (spelled, _) = crate::classify::lexicon::words_to_expression(s);
    let mut t = spelled.trim().to_lowercase();
    for p in ["what is", "what's", "calculate", "compute", "result of"] {
        if let Some(rest) = t.strip_prefix(p) {
            t = rest.trim().to_string();
        }
    }
    eval_expr(&crate::classify::lexicon::operator_symbols(
        t.trim_end_matches(['?', '=', '.', ' ']),
    ))
}

fn words_of(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn slugify(s: &str) -> String {
    let fold = llmlint_rewrite::r#gen::lookup::reference::latin_fold();
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        let folded: String = match fold.iter().find(|(k, _)| *k == c) {
            Some((_, v)) => v.to_string(),
            None => c.to_string(),
        };
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
                dash = false;
            } else if !dash && !out.is_empty() {
                out.push('-');
                dash = true;
            }
        }
    }
    out.trim_end_matches('-').to_string()
}

// ------------------------------------------------------------------------------ dates

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(s: &str) -> Option<u32> {
    let l = s.to_lowercase();
    if l.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&l) || l.starts_with(&m[..3]) && m.starts_with(&l[..3]))
        .map(|i| i as u32 + 1)
}

/// Date-format tokens in order: `YYYY`, `YY`, `MM`, `M`, `DD`, `D`, `MMM`/`MONTH` (a month
/// name), from a stated format (`DD/MM/YYYY`, `%d.%m.%Y`, `ISO 8601`).
fn format_tokens(format: &str) -> Option<Vec<String>> {
    let f = format.trim();
    let f = match f.to_uppercase().as_str() {
        "ISO 8601" | "RFC 3339" => "YYYY-MM-DD".to_string(),
        _ => f
            .replace("%Y", "YYYY")
            .replace("%y", "YY")
            .replace("%m", "MM")
            .replace("%d", "DD")
            .replace("%B", "MONTH")
            .replace("%b", "MMM")
            .replace("%A", "DDDD")
            .replace("%a", "DDD"),
    };
    if f.to_lowercase().contains("month day") || f.to_lowercase().contains("day month") {
        return None;
    }
    let mut out = Vec::new();
    let u = f.to_uppercase();
    let cs: Vec<char> = u.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_ascii_alphabetic() {
            let mut j = i;
            while j < cs.len() && cs[j] == c {
                j += 1;
            }
            let run: String = cs[i..j].iter().collect();
            if u[i..].starts_with("MONTH") {
                out.push("MONTH".to_string());
                i += 5;
                continue;
            }
            match run.as_str() {
                "YYYY" | "YY" | "MM" | "M" | "DD" | "D" | "MMM" | "MMMM" | "DDD" | "DDDD" => {
                    out.push(run)
                }
                _ => return None,
            }
            i = j;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    Some(out)
}

/// Parses a date in a stated format, or (no format) in ISO or month-name forms.
pub fn parse_date(s: &str, format: Option<&str>) -> Option<(i32, u32, u32)> {
    static ISO: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"));
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?(?:([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4}))$",
        )
    });
    let s = s.trim();
    let ymd = |y: i32, m: u32, d: u32| -> Option<(i32, u32, u32)> {
        let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        ((1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]).then_some((y, m, d))
    };
    match format {
        None => {
            if let Some(c) = ISO.captures(s) {
                return ymd(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
            }
            let l = s.to_lowercase();
            let c = NAMED.captures(&l)?;
            if let Some(mn) = c.get(1) {
                ymd(
                    c[3].parse().ok()?,
                    month_of(mn.as_str())?,
                    c[2].parse().ok()?,
                )
            } else {
                ymd(c[6].parse().ok()?, month_of(&c[5])?, c[4].parse().ok()?)
            }
        }
        Some(f) => {
            let toks = format_tokens(f)?;
            let mut rx = String::from("^");
            let mut order = Vec::new();
            for t in &toks {
                match t.as_str() {
                    "YYYY" => rx.push_str(r"(\d{4})"),
                    "YY" => rx.push_str(r"(\d{2})"),
                    "MM" | "DD" => rx.push_str(r"(\d{2})"),
                    "M" | "D" => rx.push_str(r"(\d{1,2})"),
                    "MMM" | "MMMM" | "MONTH" => rx.push_str(r"([A-Za-z]{3,9})\.?"),
                    other => rx.push_str(&regex::escape(other)),
                }
                if t.chars().all(|c| c.is_ascii_alphabetic()) {
                    order.push(t.clone());
                }
            }
            rx.push('$');
            let c = Regex::new(&rx).ok()?.captures(s)?;
            let (mut y, mut m, mut d) = (None, None, None);
            for (i, t) in order.iter().enumerate() {
                let v = c.get(i + 1)?.as_str();
                match t.as_str() {
                    "YYYY" => y = v.parse().ok(),
                    "YY" => y = v.parse::<i32>().ok().map(|x| 2000 + x),
                    "MM" | "M" => m = v.parse().ok(),
                    "DD" | "D" => d = v.parse().ok(),
                    _ => m = month_of(v),
                }
            }
            ymd(y?, m?, d?)
        }
    }
}

/// The English name of the weekday of a Gregorian date (Sakamoto's method, which counts
/// from Sunday; the generators' names start on Monday).
fn weekday_name(y: i32, m: u32, d: u32) -> &'static str {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    let from_sunday = y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d as i32;
    llmlint_rewrite::r#gen::transform::WEEKDAY_NAMES[(from_sunday + 6).rem_euclid(7) as usize]
}

fn format_date(y: i32, m: u32, d: u32, to: &str) -> Option<String> {
    if to.eq_ignore_ascii_case("unix timestamp") {
        return None;
    }
    let toks = format_tokens(to)?;
    let mut out = String::new();
    for t in toks {
        match t.as_str() {
            "YYYY" => out.push_str(&format!("{y:04}")),
            "YY" => out.push_str(&format!("{:02}", y % 100)),
            "MM" => out.push_str(&format!("{m:02}")),
            "M" => out.push_str(&m.to_string()),
            "DD" => out.push_str(&format!("{d:02}")),
            "D" => out.push_str(&d.to_string()),
            "MMM" => {
                let n = MONTHS[(m - 1) as usize];
                out.push_str(&(n[..1].to_uppercase() + &n[1..3]));
            }
            "MMMM" | "MONTH" => {
                let n = MONTHS[(m - 1) as usize];
                out.push_str(&(n[..1].to_uppercase() + &n[1..]));
            }
            "DDDD" => out.push_str(weekday_name(y, m, d)),
            "DDD" => out.push_str(&weekday_name(y, m, d)[..3]),
            other => out.push_str(other),
        }
    }
    Some(out)
}

// ------------------------------------------------------------------------------ arithmetic

/// Evaluates an arithmetic expression (`+ - * / ^ **`, `x` / `×` / `÷`, parentheses,
/// unary minus); `None` when it is not one.
pub fn eval_expr(s: &str) -> Option<f64> {
    let norm = s
        .replace("**", "^")
        .replace(['×', 'x', 'X'], "*")
        .replace('÷', "/");
    let toks: Vec<char> = norm.chars().filter(|c| !c.is_whitespace()).collect();
    let mut p = ExprParser { t: &toks, i: 0 };
    let v = p.sum()?;
    (p.i == toks.len() && v.is_finite()).then_some(v)
}

struct ExprParser<'a> {
    t: &'a [char],
    i: usize,
}

impl ExprParser<'_> {
    fn peek(&self) -> Option<char> {
        self.t.get(self.i).copied()
    }
    fn sum(&mut self) -> Option<f64> {
        let mut v = self.product()?;
        while let Some(c) = self.peek() {
            match c {
                '+' => {
                    self.i += 1;
                    v += self.product()?;
                }
                '-' => {
                    self.i += 1;
                    v -= self.product()?;
                }
                _ => break,
            }
        }
        Some(v)
    }
    fn product(&mut self) -> Option<f64> {
        let mut v = self.power()?;
        while let Some(c) = self.peek() {
            match c {
                '*' => {
                    self.i += 1;
                    v *= self.power()?;
                }
                '/' => {
                    self.i += 1;
                    let d = self.power()?;
                    if d == 0.0 {
                        return None;
                    }
                    v /= d;
                }
                _ => break,
            }
        }
        Some(v)
    }
    fn power(&mut self) -> Option<f64> {
        let b = self.unary()?;
        if self.peek() == Some('^') {
            self.i += 1;
            let e = self.power()?;
            return Some(b.powf(e));
        }
        Some(b)
    }
    fn unary(&mut self) -> Option<f64> {
        if self.peek() == Some('-') {
            self.i += 1;
            return Some(-self.unary()?);
        }
        if self.peek() == Some('(') {
            self.i += 1;
            let v = self.sum()?;
            if self.peek() != Some(')') {
                return None;
            }
            self.i += 1;
            return Some(v);
        }
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
            self.i += 1;
        }
        if start == self.i {
            return None;
        }
        self.t[start..self.i]
            .iter()
            .collect::<String>()
            .parse()
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(i: &str, o: &str) -> Example {
        Example {
            input: i.into(),
            output: o.into(),
            source: "test",
        }
    }

    #[test]
    fn expressions() {
        assert_eq!(eval_expr("3 + 4 * 5 - 2 * 6"), Some(11.0));
        assert_eq!(eval_expr("30*20"), Some(600.0));
        assert_eq!(eval_expr("(1+2)^2"), Some(9.0));
        assert_eq!(eval_expr("2 ** 10"), Some(1024.0));
        assert_eq!(eval_expr("hello"), None);
        assert_eq!(eval_words("What is 12 plus 3?"), Some(15.0));
        assert_eq!(eval_words("9 + 9 ="), Some(18.0));
    }

    #[test]
    fn sum_reproduces_and_contradicts() {
        let spec = ReplacementSpec::Transform {
            transform: Transform::Sum,
        };
        let p = prove(&spec, &[ex("3, 4, 5", "12"), ex("10 20", "30")]);
        assert_eq!((p.run, p.reproduced), (2, 2));
        let p = prove(&spec, &[ex("30*20", "600")]);
        assert_eq!((p.run, p.reproduced), (1, 0));
        assert!(p.contradiction.is_some());
    }

    #[test]
    fn dates_reformat() {
        let spec = ReplacementSpec::Transform {
            transform: Transform::ReformatDate {
                from: Some("DD/MM/YYYY".into()),
                to: "YYYY-MM-DD".into(),
            },
        };
        assert_eq!(
            run(&spec, "05/03/2024"),
            Some(Outcome::Text("2024-03-05".into()))
        );
        assert_eq!(parse_date("March 5, 2024", None), Some((2024, 3, 5)));
    }

    #[test]
    fn weekday_names_follow_the_calendar() {
        let spec = ReplacementSpec::Transform {
            transform: Transform::ReformatDate {
                from: None,
                to: "dddd".into(),
            },
        };
        // Checked against a printed calendar.
        for (date, day) in [
            ("2024-03-07", "Thursday"),
            ("2000-01-01", "Saturday"),
            ("2024-02-29", "Thursday"),
            ("1999-12-31", "Friday"),
        ] {
            assert_eq!(run(&spec, date), Some(Outcome::Text(day.into())), "{date}");
        }
    }

    #[test]
    fn reference_tables_run() {
        let spec = ReplacementSpec::Lookup {
            lookup: Lookup::Reference {
                dataset: llmlint_rewrite::Dataset::Countries,
                from: "name".into(),
                to: "alpha2".into(),
            },
        };
        assert!(agrees(&run(&spec, "Germany").unwrap(), "DE"));
        assert!(!agrees(&run(&spec, "Germany").unwrap(), "FR"));
    }

    #[test]
    fn patterns_run_with_the_generators_regex() {
        let spec = ReplacementSpec::FindAll {
            pattern: Pattern::Email,
        };
        let got = run(&spec, "write to a@b.io or c.d@e.org today").unwrap();
        assert!(agrees(&got, "[\"a@b.io\", \"c.d@e.org\"]"));
        assert!(agrees(&got, "a@b.io, c.d@e.org"));
        assert!(agrees(&run(&spec, "no address here").unwrap(), "none"));
    }

    #[test]
    fn inline_table_entries_prove_nothing() {
        let spec = ReplacementSpec::Lookup {
            lookup: Lookup::Inline {
                entries: vec![("JFK".into(), "New York".into())],
                default: None,
            },
        };
        let p = prove(&spec, &[ex("JFK", "New York")]);
        assert_eq!((p.run, p.used_to_build), (0, 1));
    }

    #[test]
    fn an_id_sample_proves_nothing() {
        let spec = ReplacementSpec::FindAll {
            pattern: Pattern::Id {
                description: "like ORD-123456".into(),
                regex: r"\bORD\-\d{6}\b".into(),
            },
        };
        let p = prove(
            &spec,
            &[
                ex("order ORD-123456 shipped", "ORD-123456"),
                ex("refund ORD-000042 please", "ORD-000042"),
            ],
        );
        assert_eq!((p.run, p.reproduced, p.used_to_build), (1, 1, 1));
    }

    #[test]
    fn units_convert() {
        let c = convert(10.0, "km", "mi").unwrap();
        assert!((c - 6.2137).abs() < 0.001);
        assert!((convert(212.0, "°F", "°C").unwrap() - 100.0).abs() < 1e-9);
    }
}
