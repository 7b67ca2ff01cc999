//! Generators for the transform family: one input turned into one output by a fixed rule
//! (case, whitespace, slugs, dates, CSV / JSON, counting, arithmetic, sorting, phone numbers,
//! Markdown).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::lookup::reference;
use super::python_util::{const_name, py_str};
use super::rust_util::{ident, render, str_lit};
use super::{GenContext, GenError, Generated, finish};
use crate::spec::formula::Expr;
use crate::spec::{Dataset, TargetLanguage, Transform};

/// Everything one transform needs besides its name: code, modules, crates, what it returns.
struct Parts {
    code: String,
    returns: &'static str,
    modules: &'static [&'static str],
    crates: &'static [(&'static str, &'static str)],
    assumptions: Vec<String>,
    regexes: Vec<String>,
}

impl Parts {
    fn new(code: String, returns: &'static str) -> Parts {
        Parts {
            code,
            returns,
            modules: &[],
            crates: &[],
            assumptions: Vec::new(),
            regexes: Vec::new(),
        }
    }
    fn modules(mut self, m: &'static [&'static str]) -> Parts {
        self.modules = m;
        self
    }
    fn crates(mut self, c: &'static [(&'static str, &'static str)]) -> Parts {
        self.crates = c;
        self
    }
    fn assume(mut self, a: impl Into<String>) -> Parts {
        self.assumptions.push(a.into());
        self
    }
    fn regex(mut self, r: &str) -> Parts {
        self.regexes.push(r.to_string());
        self
    }
}

pub(crate) fn generate(
    transform: &Transform,
    lang: TargetLanguage,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    let helper = ctx.unique_name(&helper_base(transform));
    let parts = match lang {
        TargetLanguage::Python => python(transform, &helper, ctx)?,
        TargetLanguage::Rust => rust(transform, &helper)?,
    };
    let generated = Generated {
        helper_name: helper,
        helper_code: parts.code,
        returns: parts.returns.to_string(),
        assumptions: parts.assumptions,
        regexes: parts.regexes,
        ..Generated::default()
    };
    Ok(finish(generated, lang, ctx, parts.modules, parts.crates))
}

/// One transform of every shape the generators know, for tests and audits.
pub fn example_transforms() -> Vec<Transform> {
    vec![
        Transform::Upper,
        Transform::Lower,
        Transform::Title,
        Transform::SnakeCase,
        Transform::CamelCase,
        Transform::Trim,
        Transform::CollapseWhitespace,
        Transform::Slugify,
        Transform::ReformatDate {
            from: Some("MM/DD/YYYY".into()),
            to: "YYYY-MM-DD".into(),
        },
        Transform::ReformatDate {
            from: None,
            to: "D MMMM YYYY".into(),
        },
        Transform::CsvToJson,
        Transform::JsonToCsv,
        Transform::JsonField {
            path: vec!["user".into(), "name".into()],
        },
        Transform::SortJsonKeys,
        Transform::CountWords,
        Transform::CountChars,
        Transform::CountOccurrences { needle: "r".into() },
        Transform::CountItems { separator: None },
        Transform::Sum,
        Transform::Evaluate,
        Transform::Average,
        Transform::Max,
        Transform::Min,
        Transform::Median,
        Transform::StdDev,
        Transform::Stats {
            stats: vec!["mean".into(), "std_dev".into()],
        },
        Transform::Formula {
            expr: "x + 1".into(),
        },
        Transform::DaysBetween,
        Transform::SortItems {
            separator: Some(",".into()),
            descending: false,
            numeric: false,
        },
        Transform::Dedupe {
            separator: None,
            sort: false,
        },
        Transform::PhoneE164 {
            region: Some("US".into()),
        },
        Transform::MarkdownToHtml,
    ]
}

/// The helper's name before it is made unique.
fn helper_base(t: &Transform) -> String {
    match t {
        Transform::Upper => "to_upper".into(),
        Transform::Lower => "to_lower".into(),
        Transform::Title => "to_title_case".into(),
        Transform::SnakeCase => "to_snake_case".into(),
        Transform::CamelCase => "to_camel_case".into(),
        Transform::Trim => "trim_text".into(),
        Transform::CollapseWhitespace => "collapse_whitespace".into(),
        Transform::Slugify => "slugify".into(),
        Transform::ReformatDate { .. } => "reformat_date".into(),
        Transform::CsvToJson => "csv_to_json".into(),
        Transform::JsonToCsv => "json_to_csv".into(),
        Transform::JsonField { path } => {
            let last: String = path
                .last()
                .map(|p| {
                    p.chars()
                        .map(|c| {
                            if c.is_ascii_alphanumeric() {
                                c.to_ascii_lowercase()
                            } else {
                                '_'
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let last = last.trim_matches('_');
            if last.is_empty() || last.starts_with(|c: char| c.is_ascii_digit()) {
                "get_json_field".into()
            } else {
                format!("get_{last}")
            }
        }
        Transform::SortJsonKeys => "sort_json_keys".into(),
        Transform::CountWords => "count_words".into(),
        Transform::CountChars => "count_chars".into(),
        Transform::CountOccurrences { .. } => "count_occurrences".into(),
        Transform::CountItems { .. } => "count_items".into(),
        Transform::Sum => "sum_numbers".into(),
        Transform::Evaluate => "evaluate_expression".into(),
        Transform::Average => "average_numbers".into(),
        Transform::Max => "max_number".into(),
        Transform::Min => "min_number".into(),
        Transform::Median => "median_number".into(),
        Transform::StdDev => "std_dev_numbers".into(),
        Transform::Stats { .. } => "number_stats".into(),
        Transform::Formula { .. } => "apply_formula".into(),
        Transform::DaysBetween => "days_between".into(),
        Transform::SortItems { .. } => "sort_items".into(),
        Transform::Dedupe { .. } => "dedupe_items".into(),
        Transform::PhoneE164 { .. } => "to_e164".into(),
        Transform::MarkdownToHtml => "markdown_to_html".into(),
    }
}

/// The number regex of the arithmetic transforms: optional minus, digits with optional
/// thousands separators, optional decimals. A minus right after a letter or digit is a hyphen.
pub const NUMBER_RE: &str = r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?";

/// A date written year-month-day (`2024-03-18`, `2024/3/18`, `2024.03.18`) of
/// [`Transform::DaysBetween`].
pub const DATE_RE: &str = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})";

/// How a list of items is split and joined back.
fn separators(separator: &Option<String>) -> (String, String) {
    match separator.as_deref() {
        None | Some("\n") | Some("") => ("\n".into(), "\n".into()),
        Some(s) if s == "," || s == ";" => (s.to_string(), format!("{s} ")),
        Some(s) => (s.to_string(), s.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// Dates: the formats prompts state (`MM/DD/YYYY`, `D MMMM YYYY`, `%Y-%m-%d`, `ISO 8601`).

/// One piece of a date format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateToken {
    Year4,
    Year2,
    MonthName,
    MonthAbbr,
    /// Zero-padded month on output; one or two digits on input.
    Month2,
    Month1,
    Day2,
    Day1,
    WeekdayName,
    WeekdayAbbr,
    Hour,
    Minute,
    Second,
    /// Seconds since 1970-01-01 UTC (a whole format of its own).
    Unix,
    Literal(String),
}

/// Split a stated date format into tokens; None when it names no date part at all.
pub fn date_tokens(format: &str) -> Option<Vec<DateToken>> {
    let f = format.trim();
    let upper = f.to_ascii_uppercase();
    let words = upper
        .replace(',', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let f = match words.as_str() {
        "ISO" | "ISO 8601" | "ISO-8601" | "ISO8601" | "RFC 3339" | "RFC3339" | "ISO DATE" => {
            "YYYY-MM-DD"
        }
        "RFC 2822" | "RFC2822" | "RFC 5322" => "ddd, DD MMM YYYY HH:mm:ss +0000",
        "UNIX" | "UNIX TIMESTAMP" | "UNIX TIME" | "UNIX EPOCH" | "EPOCH" | "EPOCH SECONDS"
        | "POSIX TIME" => return Some(vec![DateToken::Unix]),
        _ => f,
    };
    let chars: Vec<char> = f.chars().collect();
    let starts = |i: usize, pat: &str| {
        let p: Vec<char> = pat.chars().collect();
        chars.len() >= i + p.len() && chars[i..i + p.len()] == p[..]
    };
    let mut tokens: Vec<DateToken> = Vec::new();
    let mut seen_hour = false;
    let mut i = 0;
    while i < chars.len() {
        let table: &[(&str, DateToken)] = &[
            ("%Y", DateToken::Year4),
            ("%y", DateToken::Year2),
            ("%B", DateToken::MonthName),
            ("%b", DateToken::MonthAbbr),
            ("%m", DateToken::Month2),
            ("%-m", DateToken::Month1),
            ("%d", DateToken::Day2),
            ("%-d", DateToken::Day1),
            ("%A", DateToken::WeekdayName),
            ("%a", DateToken::WeekdayAbbr),
            ("%H", DateToken::Hour),
            ("%M", DateToken::Minute),
            ("%S", DateToken::Second),
            ("YYYY", DateToken::Year4),
            ("yyyy", DateToken::Year4),
            ("YY", DateToken::Year2),
            ("yy", DateToken::Year2),
            ("MMMM", DateToken::MonthName),
            ("MMM", DateToken::MonthAbbr),
            ("MM", DateToken::Month2),
            ("M", DateToken::Month1),
            ("dddd", DateToken::WeekdayName),
            ("ddd", DateToken::WeekdayAbbr),
            ("DD", DateToken::Day2),
            ("dd", DateToken::Day2),
            ("D", DateToken::Day1),
            ("d", DateToken::Day1),
            ("HH", DateToken::Hour),
            ("hh", DateToken::Hour),
            ("ss", DateToken::Second),
            ("SS", DateToken::Second),
        ];
        // Whole words: `Month D, Year`, `day month year`, `DD-MON-YYYY`.
        let word_start = i == 0 || !chars[i - 1].is_alphabetic();
        let word_at = |w: &str| {
            let n = w.chars().count();
            word_start
                && chars.len() >= i + n
                && chars[i..i + n]
                    .iter()
                    .collect::<String>()
                    .eq_ignore_ascii_case(w)
                && chars.get(i + n).is_none_or(|c| !c.is_alphabetic())
        };
        let word = [
            ("weekday", DateToken::WeekdayName),
            ("month", DateToken::MonthName),
            ("year", DateToken::Year4),
            ("day", DateToken::Day1),
            ("mon", DateToken::MonthAbbr),
        ]
        .into_iter()
        .find(|(w, _)| word_at(w));
        if let Some((w, tok)) = word {
            tokens.push(tok);
            i += w.len();
            continue;
        }
        if starts(i, "mm") || (seen_hour && starts(i, "MM") && !starts(i, "MMM")) {
            tokens.push(if seen_hour {
                DateToken::Minute
            } else {
                DateToken::Month2
            });
            i += 2;
            continue;
        }
        if let Some((pat, tok)) = table.iter().find(|(p, _)| starts(i, p)) {
            if *tok == DateToken::Hour {
                seen_hour = true;
            }
            tokens.push(tok.clone());
            i += pat.chars().count();
            continue;
        }
        match tokens.last_mut() {
            Some(DateToken::Literal(s)) => s.push(chars[i]),
            _ => tokens.push(DateToken::Literal(chars[i].to_string())),
        }
        i += 1;
    }
    let has_date = tokens.iter().any(|t| !matches!(t, DateToken::Literal(_)));
    has_date.then_some(tokens)
}

/// The formats tried when the prompt names none (slashes read month first).
pub const COMMON_DATE_FORMATS: &[&str] = &[
    "YYYY-MM-DD",
    "YYYY/MM/DD",
    "MM/DD/YYYY",
    "DD.MM.YYYY",
    "MMMM D, YYYY",
    "MMM D, YYYY",
    "D MMMM YYYY",
    "D MMM YYYY",
    "YYYY-MM-DDTHH:mm:ss",
];

fn strptime_format(tokens: &[DateToken]) -> String {
    tokens
        .iter()
        .map(|t| match t {
            DateToken::Unix => "unix".to_string(),
            DateToken::Year4 => "%Y".to_string(),
            DateToken::Year2 => "%y".into(),
            DateToken::MonthName => "%B".into(),
            DateToken::MonthAbbr => "%b".into(),
            DateToken::Month2 | DateToken::Month1 => "%m".into(),
            DateToken::Day2 | DateToken::Day1 => "%d".into(),
            DateToken::WeekdayName => "%A".into(),
            DateToken::WeekdayAbbr => "%a".into(),
            DateToken::Hour => "%H".into(),
            DateToken::Minute => "%M".into(),
            DateToken::Second => "%S".into(),
            DateToken::Literal(s) => s.replace('%', "%%"),
        })
        .collect()
}

/// A Python f-string body writing `d` (a datetime) in the format.
fn python_fstring(tokens: &[DateToken], months: &str, weekdays: &str) -> String {
    let mut out = String::from("f\"");
    for t in tokens {
        match t {
            DateToken::Year4 => out.push_str("{d.year:04d}"),
            DateToken::Year2 => out.push_str("{d.year % 100:02d}"),
            DateToken::MonthName => out.push_str(&format!("{{{months}[d.month - 1]}}")),
            DateToken::MonthAbbr => out.push_str(&format!("{{{months}[d.month - 1][:3]}}")),
            DateToken::Month2 => out.push_str("{d.month:02d}"),
            DateToken::Month1 => out.push_str("{d.month}"),
            DateToken::Day2 => out.push_str("{d.day:02d}"),
            DateToken::Day1 => out.push_str("{d.day}"),
            DateToken::WeekdayName => out.push_str(&format!("{{{weekdays}[d.weekday()]}}")),
            DateToken::WeekdayAbbr => out.push_str(&format!("{{{weekdays}[d.weekday()][:3]}}")),
            DateToken::Hour => out.push_str("{d.hour:02d}"),
            DateToken::Minute => out.push_str("{d.minute:02d}"),
            DateToken::Second => out.push_str("{d.second:02d}"),
            DateToken::Unix => {
                out.push_str("{int(d.replace(tzinfo=datetime.timezone.utc).timestamp())}")
            }
            DateToken::Literal(s) => {
                let lit = py_str(s);
                let inner = &lit[1..lit.len() - 1];
                out.push_str(&inner.replace('{', "{{").replace('}', "}}"));
            }
        }
    }
    out.push('"');
    out
}

/// A Rust closure parsing `text` per the format into `(y, mo, d, h, mi, s)`, or None.
fn rust_date_parser(tokens: &[DateToken]) -> TokenStream {
    if tokens.contains(&DateToken::Unix) {
        return quote! {
            |text: &str| -> Option<Parsed> {
                let secs: i64 = text.parse().ok()?;
                let (days, t) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
                // Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
                let z = days + 719_468;
                let era = z.div_euclid(146_097);
                let doe = z.rem_euclid(146_097);
                let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
                let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
                let mp = (5 * doy + 2) / 153;
                let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
                let mo = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
                let y = u32::try_from(yoe + era * 400 + i64::from(mo <= 2)).ok()?;
                Some((y, mo, d, (t / 3600) as u32, (t % 3600 / 60) as u32, (t % 60) as u32))
            }
        };
    }
    let parses = |field: &str| {
        tokens.iter().any(|t| match field {
            "y" => matches!(t, DateToken::Year4 | DateToken::Year2),
            "mo" => matches!(
                t,
                DateToken::MonthName | DateToken::MonthAbbr | DateToken::Month2 | DateToken::Month1
            ),
            "d" => matches!(t, DateToken::Day2 | DateToken::Day1),
            "h" => matches!(t, DateToken::Hour),
            "mi" => matches!(t, DateToken::Minute),
            _ => matches!(t, DateToken::Second),
        })
    };
    let defaults = [
        ("y", 1970u32),
        ("mo", 1),
        ("d", 1),
        ("h", 0),
        ("mi", 0),
        ("s", 0),
    ]
    .into_iter()
    .filter(|(f, _)| !parses(f))
    .map(|(f, v)| {
        let f = ident(f);
        let v = Literal::u32_unsuffixed(v);
        quote! { let #f: u32 = #v; }
    });
    let steps = tokens.iter().map(|t| match t {
        DateToken::Year4 => quote! { let y = number(&mut rest, 4, 4)?; },
        DateToken::Year2 => quote! {
            let yy = number(&mut rest, 2, 2)?;
            let y = if yy < 69 { 2000 + yy } else { 1900 + yy };
        },
        DateToken::MonthName => quote! { let mo = name(&mut rest, false, &MONTHS)?; },
        DateToken::MonthAbbr => quote! { let mo = name(&mut rest, true, &MONTHS)?; },
        DateToken::Month2 | DateToken::Month1 => quote! { let mo = number(&mut rest, 1, 2)?; },
        DateToken::Day2 | DateToken::Day1 => quote! { let d = number(&mut rest, 1, 2)?; },
        DateToken::WeekdayName => quote! { name(&mut rest, false, &WEEKDAYS)?; },
        DateToken::WeekdayAbbr => quote! { name(&mut rest, true, &WEEKDAYS)?; },
        DateToken::Hour => quote! { let h = number(&mut rest, 1, 2)?; },
        DateToken::Minute => quote! { let mi = number(&mut rest, 1, 2)?; },
        DateToken::Second => quote! { let s = number(&mut rest, 1, 2)?; },
        DateToken::Unix => quote! {},
        DateToken::Literal(lit) => {
            let lit = Literal::string(lit);
            quote! { literal(&mut rest, #lit)?; }
        }
    });
    quote! {
        |text: &str| -> Option<Parsed> {
            let mut rest = text;
            #(#defaults)*
            #(#steps)*
            rest.is_empty().then_some((y, mo, d, h, mi, s))
        }
    }
}

/// The constants and inner functions the date parsers and the writer use (only those).
fn rust_date_support(formats: &[(String, Vec<DateToken>)], out: &[DateToken]) -> TokenStream {
    let inputs = || formats.iter().flat_map(|(_, t)| t.iter());
    let uses = |pred: &dyn Fn(&DateToken) -> bool| inputs().any(pred);
    let month_names = uses(&|t| matches!(t, DateToken::MonthName | DateToken::MonthAbbr))
        || out
            .iter()
            .any(|t| matches!(t, DateToken::MonthName | DateToken::MonthAbbr));
    let weekday_in = uses(&|t| matches!(t, DateToken::WeekdayName | DateToken::WeekdayAbbr));
    let weekday_out = out
        .iter()
        .any(|t| matches!(t, DateToken::WeekdayName | DateToken::WeekdayAbbr));
    let names_in = uses(&|t| {
        matches!(
            t,
            DateToken::MonthName
                | DateToken::MonthAbbr
                | DateToken::WeekdayName
                | DateToken::WeekdayAbbr
        )
    });
    let literals = uses(&|t| matches!(t, DateToken::Literal(_)));
    let mut out_ts = TokenStream::new();
    if month_names {
        let months = MONTH_NAMES.iter().map(|m| Literal::string(m));
        out_ts.extend(quote! { const MONTHS: [&str; 12] = [#(#months),*]; });
    }
    if weekday_in || weekday_out {
        let weekdays = WEEKDAY_NAMES.iter().map(|m| Literal::string(m));
        out_ts.extend(quote! { const WEEKDAYS: [&str; 7] = [#(#weekdays),*]; });
    }
    out_ts.extend(quote! {
        // Between `min` and `max` ASCII digits.
        fn number(rest: &mut &str, min: usize, max: usize) -> Option<u32> {
            let len = rest.bytes().take(max).take_while(u8::is_ascii_digit).count();
            if len < min {
                return None;
            }
            let value = rest[..len].parse().ok()?;
            *rest = &rest[len..];
            Some(value)
        }
    });
    if names_in {
        out_ts.extend(quote! {
            // A month or weekday name (its first three letters when `abbr`), any case.
            fn name(rest: &mut &str, abbr: bool, names: &[&str]) -> Option<u32> {
                for (i, full) in names.iter().enumerate() {
                    let n = if abbr { &full[..3] } else { full };
                    if rest.is_char_boundary(n.len()) && rest[..n.len()].eq_ignore_ascii_case(n) {
                        *rest = &rest[n.len()..];
                        return Some(i as u32 + 1);
                    }
                }
                None
            }
        });
    }
    if literals {
        out_ts.extend(quote! {
            // Literal text, any case; a space matches any run of whitespace.
            fn literal(rest: &mut &str, lit: &str) -> Option<()> {
                for c in lit.chars() {
                    if c.is_whitespace() {
                        let trimmed = rest.trim_start();
                        if trimmed.len() == rest.len() {
                            return None;
                        }
                        *rest = trimmed;
                    } else {
                        let mut chars = rest.chars();
                        let next = chars.next()?;
                        if !next.to_lowercase().eq(c.to_lowercase()) {
                            return None;
                        }
                        *rest = chars.as_str();
                    }
                }
                Some(())
            }
        });
    }
    out_ts.extend(quote! {
        fn days_in_month(y: u32, mo: u32) -> u32 {
            match mo {
                2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            }
        }
    });
    let unix_out = out.contains(&DateToken::Unix);
    if weekday_out || unix_out {
        out_ts.extend(quote! {
            // Days since 1970-01-01 (proleptic Gregorian calendar).
            fn days(y: u32, mo: u32, d: u32) -> i64 {
                let (y, mo, d) = (i64::from(y), i64::from(mo), i64::from(d));
                let y = if mo <= 2 { y - 1 } else { y };
                let era = y.div_euclid(400);
                let yoe = y.rem_euclid(400);
                let mp = (mo + 9) % 12;
                let doy = (153 * mp + 2) / 5 + d - 1;
                let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
                era * 146_097 + doe - 719_468
            }
        });
    }
    if weekday_out {
        out_ts.extend(quote! {
            // 0 = Monday.
            fn weekday(y: u32, mo: u32, d: u32) -> usize {
                (days(y, mo, d) + 3).rem_euclid(7) as usize
            }
        });
    }
    out_ts
}

/// Rust statements ending in `Some(format!(..))` writing `(y, mo, d, h, mi, s)` in the format.
fn rust_date_writer(tokens: &[DateToken]) -> TokenStream {
    let mut fmt = String::new();
    let mut lets = TokenStream::new();
    let mut bound: Vec<&str> = Vec::new();
    let mut bind = |name: &'static str, value: TokenStream, lets: &mut TokenStream| {
        if !bound.contains(&name) {
            bound.push(name);
            let id = ident(name);
            lets.extend(quote! { let #id = #value; });
        }
    };
    for t in tokens {
        match t {
            DateToken::Year4 => fmt.push_str("{y:04}"),
            DateToken::Year2 => {
                bind("yy", quote!(y % 100), &mut lets);
                fmt.push_str("{yy:02}");
            }
            DateToken::MonthName => {
                bind("month", quote!(MONTHS[(mo - 1) as usize]), &mut lets);
                fmt.push_str("{month}");
            }
            DateToken::MonthAbbr => {
                bind(
                    "month_abbr",
                    quote!(&MONTHS[(mo - 1) as usize][..3]),
                    &mut lets,
                );
                fmt.push_str("{month_abbr}");
            }
            DateToken::Month2 => fmt.push_str("{mo:02}"),
            DateToken::Month1 => fmt.push_str("{mo}"),
            DateToken::Day2 => fmt.push_str("{d:02}"),
            DateToken::Day1 => fmt.push_str("{d}"),
            DateToken::Unix => {
                bind(
                    "unix",
                    quote!(days(y, mo, d) * 86_400 + i64::from(h * 3600 + mi * 60 + s)),
                    &mut lets,
                );
                fmt.push_str("{unix}");
            }
            DateToken::WeekdayName => {
                bind(
                    "weekday_name",
                    quote!(WEEKDAYS[weekday(y, mo, d)]),
                    &mut lets,
                );
                fmt.push_str("{weekday_name}");
            }
            DateToken::WeekdayAbbr => {
                bind(
                    "weekday_abbr",
                    quote!(&WEEKDAYS[weekday(y, mo, d)][..3]),
                    &mut lets,
                );
                fmt.push_str("{weekday_abbr}");
            }
            DateToken::Hour => fmt.push_str("{h:02}"),
            DateToken::Minute => fmt.push_str("{mi:02}"),
            DateToken::Second => fmt.push_str("{s:02}"),
            DateToken::Literal(lit) => fmt.push_str(&lit.replace('{', "{{").replace('}', "}}")),
        }
    }
    let fmt = Literal::string(&fmt);
    quote! {
        #lets
        Some(format!(#fmt))
    }
}

fn date_formats(from: &Option<String>) -> Result<Vec<(String, Vec<DateToken>)>, GenError> {
    let names: Vec<String> = match from {
        Some(f) => vec![f.clone()],
        None => COMMON_DATE_FORMATS.iter().map(|s| s.to_string()).collect(),
    };
    names
        .into_iter()
        .map(|n| {
            let tokens = date_tokens(&n)
                .ok_or_else(|| GenError::Unsupported(format!("unknown date format {n:?}")))?;
            Ok((n, tokens))
        })
        .collect()
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// English weekday names, Monday first (ISO 8601 order).
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A tuple literal of strings, one item per line when it would not fit on one.
fn py_tuple(items: &[&str]) -> String {
    let parts: Vec<String> = items.iter().map(|s| py_str(s)).collect();
    let one_line = format!("({})", parts.join(", "));
    if one_line.len() <= 72 {
        return one_line;
    }
    let mut out = String::from("(\n");
    for p in parts {
        out.push_str(&format!("    {p},\n"));
    }
    out.push(')');
    out
}

// ---------------------------------------------------------------------------------------------
// Phone numbers.

/// Calling code (digits) of a region named by ISO alpha-2, alpha-3 or name.
pub fn region_calling_code(region: &str) -> Option<String> {
    let pairs = super::lookup::reference_pairs(Dataset::Countries, "name", "calling-code").ok()?;
    let key = super::lookup::normalise_key(region);
    pairs
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.trim_start_matches('+').to_string())
}

/// ISO alpha-2 code of a region named by alpha-2, alpha-3 or name.
pub fn region_alpha2(region: &str) -> Option<String> {
    let pairs = super::lookup::reference_pairs(Dataset::Countries, "name", "alpha2").ok()?;
    let key = super::lookup::normalise_key(region);
    pairs.into_iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// Whether a region's numbers keep their leading 0 after the country code (Italy, San Marino,
/// Vatican City).
fn keeps_trunk_zero(calling_code: &str) -> bool {
    matches!(calling_code, "39" | "378")
}

// ---------------------------------------------------------------------------------------------
// Python.

fn python(t: &Transform, helper: &str, ctx: &GenContext) -> Result<Parts, GenError> {
    let h = helper;
    Ok(match t {
        Transform::Upper => Parts::new(format!("def {h}(text):\n    return str(text).upper()\n"), "str"),
        Transform::Lower => Parts::new(format!("def {h}(text):\n    return str(text).lower()\n"), "str"),
        Transform::Title => Parts::new(
            format!(
                "def {h}(text):\n    text = str(text)\n    out = []\n    in_word = False\n    for i, c in enumerate(text):\n        if c.isalnum():\n            out.append(c.lower() if in_word else c.upper())\n            in_word = True\n        elif c in \"'\\u2019\" and in_word and i + 1 < len(text) and text[i + 1].isalnum():\n            out.append(c)\n        else:\n            out.append(c)\n            in_word = False\n    return \"\".join(out)\n"
            ),
            "str",
        )
        .assume("capitalises the first letter of each word and lowers the rest (McDonald becomes Mcdonald)"),
        Transform::SnakeCase | Transform::CamelCase => {
            let words = format!("_{}_words", h);
            let words_fn = format!(
                "def {words}(text):\n    text = str(text)\n    words = []\n    current = \"\"\n    for i, c in enumerate(text):\n        if not c.isalnum():\n            if current:\n                words.append(current)\n                current = \"\"\n            continue\n        if current:\n            prev = current[-1]\n            next_lower = i + 1 < len(text) and text[i + 1].islower()\n            if c.isupper() and (prev.islower() or (prev.isupper() and next_lower)):\n                words.append(current)\n                current = \"\"\n        current += c\n    if current:\n        words.append(current)\n    return words\n"
            );
            let body = if matches!(t, Transform::SnakeCase) {
                format!("    return \"_\".join(word.lower() for word in {words}(text))\n")
            } else {
                format!(
                    "    words = {words}(text)\n    return \"\".join(\n        word.lower() if i == 0 else word[:1].upper() + word[1:].lower()\n        for i, word in enumerate(words)\n    )\n"
                )
            };
            Parts::new(format!("{words_fn}\n\ndef {h}(text):\n{body}"), "str")
                .assume("splits words at spaces, punctuation and lower-to-upper case changes")
        }
        Transform::Trim => Parts::new(format!("def {h}(text):\n    return str(text).strip()\n"), "str"),
        Transform::CollapseWhitespace => Parts::new(
            format!("def {h}(text):\n    return \" \".join(str(text).split())\n"),
            "str",
        )
        .assume("also trims the ends"),
        Transform::Slugify => {
            let fold = const_name(h, "FOLD");
            let re = const_name(h, "RE");
            let specials: Vec<String> = reference::latin_fold()
                .into_iter()
                .filter(|(c, _)| "ßÆæØøŒœĐđÐðŁłÞþĦħıĿŀĸŊŋŦŧſ".contains(*c))
                .map(|(c, a)| format!("{}: {}", py_str(&c.to_string()), py_str(a)))
                .collect();
            Parts::new(
                format!(
                    "{fold} = str.maketrans({{{}}})\n{re} = re.compile(r\"[^a-z0-9]+\")\n\n\ndef {h}(text):\n    text = unicodedata.normalize(\"NFKD\", str(text).translate({fold}))\n    text = text.encode(\"ascii\", \"ignore\").decode(\"ascii\").lower()\n    return {re}.sub(\"-\", text).strip(\"-\")\n",
                    specials.join(", ")
                ),
                "str",
            )
            .modules(&["re", "unicodedata"])
            .regex("[^a-z0-9]+")
            .assume("accented letters lose their accents; other non-ASCII characters are dropped")
        }
        Transform::ReformatDate { from, to } => {
            let formats = date_formats(from)?;
            let out_tokens = date_tokens(to)
                .ok_or_else(|| GenError::Unsupported(format!("unknown date format {to:?}")))?;
            let fmts = const_name(h, "FORMATS");
            let months = const_name(h, "MONTHS");
            let weekdays = const_name(h, "WEEKDAYS");
            let strp: Vec<String> = formats.iter().map(|(_, t)| strptime_format(t)).collect();
            let strptime = "datetime.datetime.strptime(str(text).strip(), fmt)";
            let (parse, errors) = if strp.iter().any(|f| f == "unix") {
                (
                    format!(
                        "            if fmt == \"unix\":\n                d = datetime.datetime.fromtimestamp(int(str(text).strip()), datetime.timezone.utc).replace(tzinfo=None)\n            else:\n                d = {strptime}\n"
                    ),
                    "(ValueError, OverflowError, OSError)",
                )
            } else {
                (format!("            d = {strptime}\n"), "ValueError")
            };
            let fstring = python_fstring(&out_tokens, &months, &weekdays);
            let strp_tuple = {
                let parts: Vec<String> = strp.iter().map(|s| py_str(s)).collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            };
            let mut p = Parts::new(
                format!(
                    "{fmts} = {strp_tuple}\n{months} = {}\n{weekdays} = {}\n\n\ndef {h}(text):\n    for fmt in {fmts}:\n        try:\n{parse}        except {errors}:\n            continue\n        return {fstring}\n    return None\n",
                    py_tuple(&MONTH_NAMES),
                    py_tuple(&WEEKDAY_NAMES)
                ),
                "str | None",
            )
            .modules(&["datetime"])
            .assume("returns None when the input is not a date in the stated format");
            if from.is_none() {
                p = p.assume("reads slashed dates month first (MM/DD/YYYY)");
            }
            p
        }
        Transform::CsvToJson => Parts::new(
            format!(
                "def {h}(text):\n    try:\n        rows = list(csv.DictReader(io.StringIO(str(text).strip())))\n    except csv.Error:\n        return None\n    return json.dumps(rows, ensure_ascii=False, separators=(\",\", \":\"))\n"
            ),
            "str | None",
        )
        .modules(&["csv", "io", "json"])
        .assume("the first line is the header; every value stays a string"),
        Transform::JsonToCsv => Parts::new(
            format!(
                "def {h}(text):\n    try:\n        rows = json.loads(text)\n    except ValueError:\n        return None\n    if isinstance(rows, dict):\n        rows = [rows]\n    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):\n        return None\n    fields = sorted({{key for row in rows for key in row}})\n    out = io.StringIO()\n    writer = csv.writer(out, lineterminator=\"\\n\")\n    writer.writerow(fields)\n    for row in rows:\n        writer.writerow([_{h}_cell(row.get(key)) for key in fields])\n    return out.getvalue()\n\n\ndef _{h}_cell(value):\n    if value is None:\n        return \"\"\n    if isinstance(value, str):\n        return value\n    return json.dumps(value, ensure_ascii=False, separators=(\",\", \":\"))\n"
            ),
            "str | None",
        )
        .modules(&["csv", "io", "json"])
        .assume("columns are sorted by name; nested values are written as JSON"),
        Transform::JsonField { path } => {
            let path_c = const_name(h, "PATH");
            let items: Vec<String> = path.iter().map(|p| py_str(p)).collect();
            let tuple = if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            };
            Parts::new(
                format!(
                    "{path_c} = {tuple}\n\n\ndef {h}(text):\n    try:\n        value = json.loads(text)\n    except ValueError:\n        return None\n    for key in {path_c}:\n        if isinstance(value, dict) and key in value:\n            value = value[key]\n        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):\n            value = value[int(key)]\n        else:\n            return None\n    return value\n"
                ),
                "object | None",
            )
            .modules(&["json"])
            .assume("returns the JSON value itself (not its text), None when the path is missing")
        }
        Transform::SortJsonKeys => Parts::new(
            format!(
                "def {h}(text):\n    try:\n        value = json.loads(text)\n    except ValueError:\n        return None\n    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(\",\", \":\"))\n"
            ),
            "str | None",
        )
        .modules(&["json"])
        .assume("writes compact JSON with keys sorted at every level"),
        Transform::CountWords => Parts::new(format!("def {h}(text):\n    return len(str(text).split())\n"), "int")
            .assume("words are runs of non-space characters"),
        Transform::CountChars => Parts::new(format!("def {h}(text):\n    return len(str(text))\n"), "int")
            .assume("counts every character, spaces included"),
        Transform::CountOccurrences { needle } => Parts::new(
            format!(
                "def {h}(text):\n    return str(text).count({})\n",
                py_str(needle)
            ),
            "int",
        )
        .assume("counts non-overlapping, case-sensitive occurrences"),
        Transform::CountItems { separator } => {
            let (split, _) = separators(separator);
            Parts::new(
                format!(
                    "def {h}(text):\n    return sum(1 for item in str(text).split({}) if item.strip())\n",
                    py_str(&split)
                ),
                "int",
            )
            .assume("blank items are not counted")
        }
        Transform::Evaluate => {
            let ops = const_name(h, "OPS");
            let funcs = const_name(h, "FUNCS");
            let words = const_name(h, "WORDS");
            Parts::new(
                format!(
                    "{ops} = {{\n    ast.Add: operator.add,\n    ast.Sub: operator.sub,\n    ast.Mult: operator.mul,\n    ast.Div: operator.truediv,\n    ast.FloorDiv: operator.floordiv,\n    ast.Mod: operator.mod,\n    ast.Pow: operator.pow,\n    ast.USub: operator.neg,\n    ast.UAdd: operator.pos,\n}}\n{funcs} = {{\"sqrt\": math.sqrt, \"log\": math.log, \"ln\": math.log, \"exp\": math.exp, \"abs\": abs}}\n{words} = [(\"% of\", \"/100*\"), (\"multiplied by\", \"*\"), (\"divided by\", \"/\"), (\"times\", \"*\"), (\"plus\", \"+\"), (\"minus\", \"-\"), (\"\\u00d7\", \"*\"), (\"\\u00f7\", \"/\"), (\"^\", \"**\")]\n\n\ndef {h}(text):\n    expr = str(text).lower().strip().rstrip(\"=?\").strip()\n    for word, op in {words}:\n        expr = expr.replace(word, op)\n    expr = re.sub(r\"(?<=[0-9)])\\s*x\\s*(?=[0-9(])\", \"*\", expr)\n\n    def value(node):\n        if isinstance(node, ast.Constant) and type(node.value) in (int, float):\n            return node.value\n        if isinstance(node, ast.BinOp) and type(node.op) in {ops}:\n            left, right = value(node.left), value(node.right)\n            if isinstance(node.op, ast.Pow) and abs(right) > 1000:\n                raise ValueError(\"exponent too large\")\n            return {ops}[type(node.op)](left, right)\n        if isinstance(node, ast.UnaryOp) and type(node.op) in {ops}:\n            return {ops}[type(node.op)](value(node.operand))\n        if (\n            isinstance(node, ast.Call)\n            and isinstance(node.func, ast.Name)\n            and node.func.id in {funcs}\n            and len(node.args) == 1\n            and not node.keywords\n        ):\n            return {funcs}[node.func.id](value(node.args[0]))\n        raise ValueError(f\"not an arithmetic expression: {{text!r}}\")\n\n    try:\n        return value(ast.parse(expr, mode=\"eval\").body)\n    except (ValueError, SyntaxError, ZeroDivisionError, OverflowError):\n        return None\n"
                ),
                "int | float | None",
            )
            .modules(&["ast", "math", "operator", "re"])
            .assume("evaluates + - * / // % ** (and x between numbers) and sqrt/log/exp/abs with the usual precedence; anything else is None")
        }
        Transform::Formula { expr } => {
            let e = Expr::parse(expr)
                .ok_or_else(|| GenError::Invalid(format!("not a formula over x: {expr}")))?;
            Parts::new(
                format!(
                    "def {h}(text):\n    # {expr}\n    try:\n        x = float(str(text).strip().replace(\",\", \"\"))\n        return {}\n    except (ValueError, ZeroDivisionError, OverflowError):\n        return None\n",
                    e.python()
                ),
                "float | None",
            )
            .modules(if e.uses_sqrt() { &["math"] } else { &[] })
            .assume("the input is one number (commas as thousands separators); anything else is None")
        }
        Transform::Sum
        | Transform::Average
        | Transform::Max
        | Transform::Min
        | Transform::Median
        | Transform::StdDev
        | Transform::Stats { .. } => {
            let re = const_name(h, "NUMBER_RE");
            let numbers = format!(
                "{re} = re.compile(r\"{NUMBER_RE}\")\n\n\ndef _{h}_numbers(text):\n    text = str(text)\n    numbers = []\n    for match in {re}.finditer(text):\n        number = match.group()\n        start = match.start()\n        if number.startswith(\"-\") and start > 0 and text[start - 1].isalnum():\n            number = number[1:]\n        numbers.append(float(number.replace(\",\", \"\")))\n    return numbers\n\n\n"
            );
            let (body, returns) = match t {
                Transform::Sum => (format!("    return sum(_{h}_numbers(text))\n"), "float"),
                Transform::Average => (
                    format!(
                        "    numbers = _{h}_numbers(text)\n    return sum(numbers) / len(numbers) if numbers else None\n"
                    ),
                    "float | None",
                ),
                Transform::Max => (
                    format!("    return max(_{h}_numbers(text), default=None)\n"),
                    "float | None",
                ),
                Transform::Median => (
                    format!(
                        "    numbers = _{h}_numbers(text)\n    return statistics.median(numbers) if numbers else None\n"
                    ),
                    "float | None",
                ),
                Transform::StdDev => (
                    format!(
                        "    numbers = _{h}_numbers(text)\n    return statistics.pstdev(numbers) if numbers else None\n"
                    ),
                    "float | None",
                ),
                Transform::Stats { stats } => {
                    let values: Vec<&str> = stats.iter().map(|name| py_stat(name)).collect();
                    (
                        format!(
                            "    numbers = _{h}_numbers(text)\n    if not numbers:\n        return None\n    # ({})\n    return ({},)\n",
                            stats.join(", "),
                            values.join(", ")
                        ),
                        "tuple[float, ...] | None",
                    )
                }
                _ => (
                    format!("    return min(_{h}_numbers(text), default=None)\n"),
                    "float | None",
                ),
            };
            let modules: &'static [&'static str] = match t {
                Transform::Median | Transform::StdDev | Transform::Stats { .. } => {
                    &["re", "statistics"]
                }
                _ => &["re"],
            };
            let assume = match t {
                Transform::StdDev | Transform::Stats { .. } => {
                    "reads every number in the text (commas as thousands separators); the standard deviation is the population one (divides by n, as numpy.std)"
                }
                _ => {
                    "reads every number in the text (commas as thousands separators) and returns a float"
                }
            };
            Parts::new(format!("{numbers}def {h}(text):\n{body}"), returns)
                .modules(modules)
                .regex(NUMBER_RE)
                .assume(assume)
        }
        Transform::DaysBetween => {
            let date_re = const_name(h, "DATE");
            Parts::new(
                format!(
                    "{date_re} = re.compile(r\"{DATE_RE}\")\n\n\ndef {h}(text):\n    found = []\n    for year, month, day in {date_re}.findall(str(text)):\n        try:\n            found.append(datetime.date(int(year), int(month), int(day)))\n        except ValueError:\n            return None\n    if len(found) == 1:\n        found.append(datetime.date.today())\n    if len(found) < 2:\n        return None\n    return abs((found[1] - found[0]).days)\n"
                ),
                "int",
            )
            .modules(&["datetime", "re"])
            .regex(DATE_RE)
            .assume("reads dates written year-month-day; with one date, counts from today")
        }
        Transform::SortItems {
            separator,
            descending,
            numeric,
        } => {
            let (split, join) = separators(separator);
            let rev = if *descending { ", reverse=True" } else { "" };
            let sort = if *numeric {
                format!(
                    "    numbers, others = [], []\n    for item in items:\n        try:\n            value = float(item.replace(\",\", \"\"))\n        except ValueError:\n            value = None\n        if value is None or value != value or value in (float(\"inf\"), float(\"-inf\")):\n            others.append(item)\n        else:\n            numbers.append((value, item))\n    numbers.sort(key=lambda pair: pair[0]{rev})\n    items = [item for _, item in numbers] + others\n"
                )
            } else {
                format!("    items.sort(key=lambda item: (item.lower(), item){rev})\n")
            };
            Parts::new(
                format!(
                    "def {h}(text):\n    items = [item.strip() for item in str(text).split({}) if item.strip()]\n{sort}    return {}.join(items)\n",
                    py_str(&split),
                    py_str(&join)
                ),
                "str",
            )
            .assume(if *numeric {
                "sorts by numeric value; items that are not numbers go last in their original order"
            } else {
                "sorts ignoring case"
            })
        }
        Transform::Dedupe { separator, sort } => {
            let (split, join) = separators(separator);
            let sort_line = if *sort {
                "    items.sort(key=lambda item: (item.lower(), item))\n"
            } else {
                ""
            };
            Parts::new(
                format!(
                    "def {h}(text):\n    first = {{}}\n    for item in str(text).split({}):\n        item = item.strip()\n        if item:\n            first.setdefault(item.lower(), item)\n    items = list(first.values())\n{sort_line}    return {}.join(items)\n",
                    py_str(&split),
                    py_str(&join)
                ),
                "str",
            )
            .assume("items that differ only in case or surrounding spaces are duplicates; the first spelling is kept")
        }
        Transform::PhoneE164 { region } if ctx.has_module("phonenumbers") => {
            let alpha2 = match region {
                Some(r) => py_str(&region_alpha2(r).ok_or_else(|| {
                    GenError::Unsupported(format!("unknown region {r:?}"))
                })?),
                None => "None".to_string(),
            };
            Parts::new(
                format!(
                    "def {h}(phone):\n    try:\n        number = phonenumbers.parse(str(phone), {alpha2})\n    except phonenumbers.NumberParseException:\n        return None\n    if not phonenumbers.is_valid_number(number):\n        return None\n    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)\n"
                ),
                "str | None",
            )
            .modules(&["phonenumbers"])
            .assume("uses the project's phonenumbers package, which also rejects numbers invalid in their region")
        }
        Transform::PhoneE164 { region } => {
            let cc = match region {
                Some(r) => Some(region_calling_code(r).ok_or_else(|| {
                    GenError::Unsupported(format!("unknown region {r:?}"))
                })?),
                None => None,
            };
            let national = match cc.as_deref() {
                None => "        return None\n".to_string(),
                Some(c) if c.starts_with('1') => "        if len(digits) == 10:\n            digits = \"1\" + digits\n        elif not (len(digits) == 11 and digits.startswith(\"1\")):\n            return None\n".to_string(),
                Some(c) if keeps_trunk_zero(c) => format!("        digits = {} + digits\n", py_str(c)),
                Some(c) => format!(
                    "        if digits.startswith(\"0\"):\n            digits = digits[1:]\n        digits = {} + digits\n",
                    py_str(c)
                ),
            };
            let mut p = Parts::new(
                format!(
                    "def {h}(phone):\n    text = str(phone).strip().replace(\"(0)\", \"\")\n    digits = \"\".join(c for c in text if c in \"0123456789\")\n    if text.startswith(\"+\"):\n        pass\n    elif digits.startswith(\"00\"):\n        digits = digits[2:]\n    else:\n{national}    if not 8 <= len(digits) <= 15:\n        return None\n    return \"+\" + digits\n"
                ),
                "str | None",
            )
            .assume("checks only the length of the number; the phonenumbers package validates numbers per region if the project has it");
            if region.is_none() {
                p = p.assume("numbers without a + or 00 country prefix give None");
            }
            p
        }
        Transform::MarkdownToHtml => Parts::new(
            format!("def {h}(text):\n    return markdown.markdown(str(text))\n"),
            "str",
        )
        .modules(&["markdown"])
        .assume("needs the markdown package (pip install markdown)"),
    })
}

/// The Python expression of one statistic over `numbers` (see [`Transform::Stats`]).
fn py_stat(name: &str) -> &'static str {
    match name {
        "sum" => "sum(numbers)",
        "median" => "statistics.median(numbers)",
        "std_dev" => "statistics.pstdev(numbers)",
        "min" => "min(numbers)",
        "max" => "max(numbers)",
        _ => "statistics.fmean(numbers)",
    }
}

/// The Rust expression of one statistic over `numbers: Vec<f64>` sorted ascending, with `n`
/// and `mean` in scope (see [`Transform::Stats`]).
fn rust_stat(name: &str) -> TokenStream {
    match name {
        "sum" => quote! { numbers.iter().sum::<f64>() },
        "median" => quote! {
            if numbers.len() % 2 == 0 {
                (numbers[numbers.len() / 2 - 1] + numbers[numbers.len() / 2]) / 2.0
            } else {
                numbers[numbers.len() / 2]
            }
        },
        "std_dev" => {
            quote! { (numbers.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt() }
        }
        "min" => quote! { numbers[0] },
        "max" => quote! { numbers[numbers.len() - 1] },
        _ => quote! { mean },
    }
}

// ---------------------------------------------------------------------------------------------
// Rust.

fn rust(t: &Transform, helper: &str) -> Result<Parts, GenError> {
    let name = ident(helper);
    let words_fn = quote! {
        fn words(text: &str) -> Vec<String> {
            let chars: Vec<char> = text.chars().collect();
            let mut words = Vec::new();
            let mut current = String::new();
            for (i, &c) in chars.iter().enumerate() {
                if !c.is_alphanumeric() {
                    if !current.is_empty() {
                        words.push(std::mem::take(&mut current));
                    }
                    continue;
                }
                if let Some(prev) = current.chars().last() {
                    let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
                    if c.is_uppercase() && (prev.is_lowercase() || (prev.is_uppercase() && next_lower)) {
                        words.push(std::mem::take(&mut current));
                    }
                }
                current.push(c);
            }
            if !current.is_empty() {
                words.push(current);
            }
            words
        }
    };
    let numbers_fn = {
        let re = Literal::string(NUMBER_RE);
        quote! {
            fn numbers(text: &str) -> Vec<f64> {
                static NUMBER_RE: std::sync::LazyLock<regex::Regex> =
                    std::sync::LazyLock::new(|| regex::Regex::new(#re).expect("valid regex"));
                NUMBER_RE
                    .find_iter(text)
                    .filter_map(|m| {
                        let mut number = m.as_str();
                        let after_word = text[..m.start()]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphanumeric);
                        if after_word {
                            number = number.trim_start_matches('-');
                        }
                        number.replace(',', "").parse::<f64>().ok()
                    })
                    .collect()
            }
        }
    };
    let items_expr = |separator: &Option<String>| {
        let (split, _) = separators(separator);
        let split = Literal::string(&split);
        quote! {
            text.split(#split).map(str::trim).filter(|item| !item.is_empty())
        }
    };

    let p = |tokens: TokenStream, returns: &'static str| -> Result<Parts, GenError> {
        Ok(Parts::new(render(tokens)?, returns))
    };
    Ok(match t {
        Transform::Upper => p(quote! { pub fn #name(text: &str) -> String { text.to_uppercase() } }, "String")?,
        Transform::Lower => p(quote! { pub fn #name(text: &str) -> String { text.to_lowercase() } }, "String")?,
        Transform::Title => p(
            quote! {
                pub fn #name(text: &str) -> String {
                    let chars: Vec<char> = text.chars().collect();
                    let mut out = String::with_capacity(text.len());
                    let mut in_word = false;
                    for (i, &c) in chars.iter().enumerate() {
                        if c.is_alphanumeric() {
                            if in_word {
                                out.extend(c.to_lowercase());
                            } else {
                                out.extend(c.to_uppercase());
                            }
                            in_word = true;
                        } else if (c == '\'' || c == '\u{2019}')
                            && in_word
                            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
                        {
                            out.push(c);
                        } else {
                            out.push(c);
                            in_word = false;
                        }
                    }
                    out
                }
            },
            "String",
        )?
        .assume("capitalises the first letter of each word and lowers the rest (McDonald becomes Mcdonald)"),
        Transform::SnakeCase => p(
            quote! {
                pub fn #name(text: &str) -> String {
                    #words_fn
                    words(text)
                        .iter()
                        .map(|w| w.to_lowercase())
                        .collect::<Vec<_>>()
                        .join("_")
                }
            },
            "String",
        )?
        .assume("splits words at spaces, punctuation and lower-to-upper case changes"),
        Transform::CamelCase => p(
            quote! {
                pub fn #name(text: &str) -> String {
                    #words_fn
                    let mut out = String::new();
                    for (i, word) in words(text).iter().enumerate() {
                        if i == 0 {
                            out.push_str(&word.to_lowercase());
                        } else {
                            let mut chars = word.chars();
                            if let Some(first) = chars.next() {
                                out.extend(first.to_uppercase());
                                out.push_str(&chars.as_str().to_lowercase());
                            }
                        }
                    }
                    out
                }
            },
            "String",
        )?
        .assume("splits words at spaces, punctuation and lower-to-upper case changes"),
        Transform::Trim => p(quote! { pub fn #name(text: &str) -> String { text.trim().to_string() } }, "String")?,
        Transform::CollapseWhitespace => p(
            quote! {
                pub fn #name(text: &str) -> String {
                    text.split_whitespace().collect::<Vec<_>>().join(" ")
                }
            },
            "String",
        )?
        .assume("also trims the ends"),
        Transform::Slugify => {
            let mut groups: Vec<(&'static str, Vec<char>)> = Vec::new();
            for (c, ascii) in reference::latin_fold() {
                match groups.iter_mut().find(|(a, _)| *a == ascii) {
                    Some((_, cs)) => cs.push(c),
                    None => groups.push((ascii, vec![c])),
                }
            }
            let arms = groups.iter().map(|(ascii, cs)| {
                let pats = cs.iter().map(|c| Literal::character(*c));
                let ascii = Literal::string(ascii);
                quote! { #(#pats)|* => #ascii, }
            });
            p(
                quote! {
                    pub fn #name(text: &str) -> String {
                        let mut out = String::with_capacity(text.len());
                        let mut dash = false;
                        let mut buf = [0u8; 4];
                        for c in text.chars() {
                            let folded: &str = if c.is_ascii() {
                                c.encode_utf8(&mut buf)
                            } else {
                                match c {
                                    #(#arms)*
                                    _ => "",
                                }
                            };
                            for b in folded.chars() {
                                if b.is_ascii_alphanumeric() {
                                    if dash && !out.is_empty() {
                                        out.push('-');
                                    }
                                    dash = false;
                                    out.push(b.to_ascii_lowercase());
                                } else {
                                    dash = true;
                                }
                            }
                        }
                        out
                    }
                },
                "String",
            )?
            .assume("accented letters lose their accents; other non-ASCII characters are dropped")
        }
        Transform::ReformatDate { from, to } => {
            let formats = date_formats(from)?;
            let out_tokens = date_tokens(to)
                .ok_or_else(|| GenError::Unsupported(format!("unknown date format {to:?}")))?;
            let parsers = formats.iter().map(|(_, tokens)| rust_date_parser(tokens));
            let writer = rust_date_writer(&out_tokens);
            let support = rust_date_support(&formats, &out_tokens);
            let mut parts = p(
                quote! {
                    pub fn #name(text: &str) -> Option<String> {
                        #support
                        // Year, month, day, hour, minute, second.
                        type Parsed = (u32, u32, u32, u32, u32, u32);
                        let parsers: &[fn(&str) -> Option<Parsed>] = &[#(#parsers),*];
                        let text = text.trim();
                        let (y, mo, d, h, mi, s) = parsers.iter().find_map(|parse| parse(text))?;
                        if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 61 {
                            return None;
                        }
                        #writer
                    }
                },
                "Option<String>",
            )?
            .assume("returns None when the input is not a date in the stated format");
            if from.is_none() {
                parts = parts.assume("reads slashed dates month first (MM/DD/YYYY)");
            }
            parts
        }
        Transform::CsvToJson => p(
            quote! {
                pub fn #name(text: &str) -> Option<String> {
                    let mut reader = csv::ReaderBuilder::new()
                        .flexible(true)
                        .from_reader(text.trim().as_bytes());
                    let headers = reader.headers().ok()?.clone();
                    let mut rows = Vec::new();
                    for record in reader.records() {
                        let record = record.ok()?;
                        let row: serde_json::Map<String, serde_json::Value> = headers
                            .iter()
                            .enumerate()
                            .map(|(i, h)| {
                                let value = record
                                    .get(i)
                                    .map_or(serde_json::Value::Null, |v| serde_json::Value::String(v.to_string()));
                                (h.to_string(), value)
                            })
                            .collect();
                        rows.push(serde_json::Value::Object(row));
                    }
                    serde_json::to_string(&rows).ok()
                }
            },
            "Option<String>",
        )?
        .crates(&[("csv", "1"), ("serde_json", "1")])
        .assume("the first line is the header; every value stays a string"),
        Transform::JsonToCsv => p(
            quote! {
                pub fn #name(text: &str) -> Option<String> {
                    let value: serde_json::Value = serde_json::from_str(text).ok()?;
                    let rows = match value {
                        serde_json::Value::Array(rows) => rows,
                        object @ serde_json::Value::Object(_) => vec![object],
                        _ => return None,
                    };
                    let mut fields = std::collections::BTreeSet::new();
                    for row in &rows {
                        fields.extend(row.as_object()?.keys().cloned());
                    }
                    let mut writer = csv::WriterBuilder::new()
                        .terminator(csv::Terminator::Any(b'\n'))
                        .from_writer(Vec::new());
                    writer.write_record(&fields).ok()?;
                    for row in &rows {
                        let object = row.as_object()?;
                        let cells = fields.iter().map(|key| match object.get(key) {
                            None | Some(serde_json::Value::Null) => String::new(),
                            Some(serde_json::Value::String(s)) => s.clone(),
                            Some(other) => other.to_string(),
                        });
                        writer.write_record(cells).ok()?;
                    }
                    String::from_utf8(writer.into_inner().ok()?).ok()
                }
            },
            "Option<String>",
        )?
        .crates(&[("csv", "1"), ("serde_json", "1")])
        .assume("columns are sorted by name; nested values are written as JSON"),
        Transform::JsonField { path } => {
            let keys = path.iter().map(|k| Literal::string(k));
            let len = Literal::usize_unsuffixed(path.len());
            p(
                quote! {
                    pub fn #name(text: &str) -> Option<serde_json::Value> {
                        let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
                        let path: [&str; #len] = [#(#keys),*];
                        for key in path {
                            value = match value {
                                serde_json::Value::Object(mut map) => map.remove(key)?,
                                serde_json::Value::Array(mut items) => {
                                    let index: usize = key.parse().ok()?;
                                    if index >= items.len() {
                                        return None;
                                    }
                                    items.swap_remove(index)
                                }
                                _ => return None,
                            };
                        }
                        Some(value)
                    }
                },
                "Option<serde_json::Value>",
            )?
            .crates(&[("serde_json", "1")])
            .assume("returns the JSON value itself (not its text), None when the path is missing")
        }
        Transform::SortJsonKeys => p(
            quote! {
                pub fn #name(text: &str) -> Option<String> {
                    fn sorted(value: serde_json::Value) -> serde_json::Value {
                        match value {
                            serde_json::Value::Object(map) => {
                                let mut entries: Vec<_> = map.into_iter().collect();
                                entries.sort_by(|a, b| a.0.cmp(&b.0));
                                serde_json::Value::Object(
                                    entries.into_iter().map(|(k, v)| (k, sorted(v))).collect(),
                                )
                            }
                            serde_json::Value::Array(items) => {
                                serde_json::Value::Array(items.into_iter().map(sorted).collect())
                            }
                            other => other,
                        }
                    }
                    let value: serde_json::Value = serde_json::from_str(text).ok()?;
                    serde_json::to_string(&sorted(value)).ok()
                }
            },
            "Option<String>",
        )?
        .crates(&[("serde_json", "1")])
        .assume("writes compact JSON with keys sorted at every level"),
        Transform::CountWords => p(quote! { pub fn #name(text: &str) -> usize { text.split_whitespace().count() } }, "usize")?
            .assume("words are runs of non-space characters"),
        Transform::CountChars => p(quote! { pub fn #name(text: &str) -> usize { text.chars().count() } }, "usize")?
            .assume("counts every character, spaces included"),
        Transform::CountOccurrences { needle } => {
            let lit = str_lit(needle);
            p(quote! { pub fn #name(text: &str) -> usize { text.matches(#lit).count() } }, "usize")?
                .assume("counts non-overlapping, case-sensitive occurrences")
        }
        Transform::CountItems { separator } => {
            let items = items_expr(separator);
            p(quote! { pub fn #name(text: &str) -> usize { #items.count() } }, "usize")?
                .assume("blank items are not counted")
        }
        Transform::DaysBetween => {
            let re = Literal::string(DATE_RE);
            let mut parts = p(
                quote! {
                    pub fn #name(text: &str) -> Option<i64> {
                        static DATE_RE: std::sync::LazyLock<regex::Regex> =
                            std::sync::LazyLock::new(|| regex::Regex::new(#re).expect("valid regex"));
                        // Days since 1970-01-01 of a proleptic Gregorian date; None when it
                        // is not a date.
                        fn day_number(y: i64, m: i64, d: i64) -> Option<i64> {
                            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
                            let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
                            if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
                                return None;
                            }
                            let y = if m <= 2 { y - 1 } else { y };
                            let era = y.div_euclid(400);
                            let yoe = y - era * 400;
                            let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
                            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
                            Some(era * 146_097 + doe - 719_468)
                        }
                        let mut found = Vec::new();
                        for c in DATE_RE.captures_iter(text) {
                            found.push(day_number(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?);
                        }
                        if found.len() == 1 {
                            let now = std::time::SystemTime::now()
                                .duration_since(std::time::UNIX_EPOCH)
                                .ok()?
                                .as_secs();
                            found.push((now / 86_400) as i64);
                        }
                        if found.len() < 2 {
                            return None;
                        }
                        Some((found[1] - found[0]).abs())
                    }
                },
                "Option<i64>",
            )?
            .crates(&[("regex", "1")])
            .assume("reads dates written year-month-day; with one date, counts from today (UTC)");
            parts.regexes.push(DATE_RE.to_string());
            parts
        }
        Transform::Evaluate => p(
            quote! {
                pub fn #name(text: &str) -> Option<f64> {
                    struct Parser {
                        chars: Vec<char>,
                        pos: usize,
                    }
                    impl Parser {
                        fn peek(&mut self) -> Option<char> {
                            while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
                                self.pos += 1;
                            }
                            self.chars.get(self.pos).copied()
                        }
                        fn eat(&mut self, c: char) -> bool {
                            if self.peek() == Some(c) {
                                self.pos += 1;
                                true
                            } else {
                                false
                            }
                        }
                        fn expr(&mut self) -> Result<f64, String> {
                            let mut v = self.term()?;
                            loop {
                                if self.eat('+') {
                                    v += self.term()?;
                                } else if self.eat('-') {
                                    v -= self.term()?;
                                } else {
                                    return Ok(v);
                                }
                            }
                        }
                        fn term(&mut self) -> Result<f64, String> {
                            let mut v = self.power()?;
                            loop {
                                if self.eat('*') {
                                    v *= self.power()?;
                                } else if self.eat('/') {
                                    v /= self.power()?;
                                } else if self.eat('%') {
                                    v %= self.power()?;
                                } else {
                                    return Ok(v);
                                }
                            }
                        }
                        fn power(&mut self) -> Result<f64, String> {
                            let base = self.unary()?;
                            if self.eat('^') {
                                let exp = self.power()?;
                                if exp.abs() > 1000.0 {
                                    return Err("exponent too large".into());
                                }
                                return Ok(base.powf(exp));
                            }
                            Ok(base)
                        }
                        fn unary(&mut self) -> Result<f64, String> {
                            if self.eat('-') {
                                return Ok(-self.unary()?);
                            }
                            if self.eat('+') {
                                return self.unary();
                            }
                            self.atom()
                        }
                        fn atom(&mut self) -> Result<f64, String> {
                            if self.eat('(') {
                                let v = self.expr()?;
                                return if self.eat(')') { Ok(v) } else { Err("missing )".into()) };
                            }
                            let start = self.pos;
                            while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_alphabetic()) {
                                self.pos += 1;
                            }
                            if self.pos > start {
                                let f: String = self.chars[start..self.pos].iter().collect();
                                if !self.eat('(') {
                                    return Err(format!("unknown name {f}"));
                                }
                                let x = self.expr()?;
                                if !self.eat(')') {
                                    return Err("missing )".into());
                                }
                                return match f.as_str() {
                                    "sqrt" => Ok(x.sqrt()),
                                    "log" | "ln" => Ok(x.ln()),
                                    "exp" => Ok(x.exp()),
                                    "abs" => Ok(x.abs()),
                                    _ => Err(format!("unknown function {f}")),
                                };
                            }
                            while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                                self.pos += 1;
                            }
                            let number: String = self.chars[start..self.pos].iter().collect();
                            number.parse::<f64>().map_err(|_| format!("not a number at {start}"))
                        }
                    }
                    let mut expr = text.trim().trim_end_matches(['=', '?']).to_lowercase();
                    for (word, op) in [("% of", "/100*"), ("multiplied by", "*"), ("divided by", "/"), ("times", "*"), ("plus", "+"), ("minus", "-"), ("\u{d7}", "*"), ("\u{f7}", "/"), ("**", "^")] {
                        expr = expr.replace(word, op);
                    }
                    // "4x4": an x between numbers multiplies
                    let chars: Vec<char> = expr.chars().collect();
                    let expr: String = chars
                        .iter()
                        .enumerate()
                        .map(|(i, &c)| {
                            let prev = chars[..i].iter().rev().find(|c| !c.is_whitespace());
                            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                            let between = prev.is_some_and(|p| p.is_ascii_digit() || *p == ')')
                                && next.is_some_and(|n| n.is_ascii_digit() || *n == '(');
                            if c == 'x' && between { '*' } else { c }
                        })
                        .collect();
                    let mut parser = Parser { chars: expr.chars().collect(), pos: 0 };
                    let value = parser.expr().ok()?;
                    if parser.peek().is_some() || !value.is_finite() {
                        return None;
                    }
                    Some(value)
                }
            },
            "Option<f64>",
        )?
        .assume("evaluates + - * / % ^ and sqrt/ln/exp/abs with the usual precedence, as f64; anything else is None"),
        Transform::Formula { expr } => {
            let e = Expr::parse(expr)
                .ok_or_else(|| GenError::Invalid(format!("not a formula over x: {expr}")))?;
            let body: TokenStream = e
                .rust()
                .parse()
                .map_err(|_| GenError::Invalid(format!("not a formula over x: {expr}")))?;
            let doc = Literal::string(&format!(" {expr}, for the number in the text; None when it is not one number."));
            p(
                quote! {
                    #[doc = #doc]
                    pub fn #name(text: &str) -> Option<f64> {
                        let x: f64 = text.trim().replace(',', "").parse().ok()?;
                        let value = #body;
                        value.is_finite().then_some(value)
                    }
                },
                "Option<f64>",
            )?
            .assume("the input is one number (commas as thousands separators); anything else is None")
        }
        Transform::Median | Transform::StdDev | Transform::Stats { .. } => {
            let names: Vec<String> = match t {
                Transform::Median => vec!["median".into()],
                Transform::StdDev => vec!["std_dev".into()],
                Transform::Stats { stats } => stats.clone(),
                _ => Vec::new(),
            };
            let exprs: Vec<TokenStream> = names.iter().map(|n| rust_stat(n)).collect();
            const TUPLES: [&str; 7] = [
                "Option<f64>",
                "Option<(f64, f64)>",
                "Option<(f64, f64, f64)>",
                "Option<(f64, f64, f64, f64)>",
                "Option<(f64, f64, f64, f64, f64)>",
                "Option<(f64, f64, f64, f64, f64, f64)>",
                "Option<(f64, f64, f64, f64, f64, f64, f64)>",
            ];
            let Some(returns) = TUPLES.get(names.len().saturating_sub(1)).copied() else {
                return Err(GenError::Unsupported(format!("{} statistics at once", names.len())));
            };
            let (ret, value) = if names.len() == 1 {
                (quote!(Option<f64>), quote! { #(#exprs)* })
            } else {
                let fs = names.iter().map(|_| quote!(f64));
                (quote!(Option<(#(#fs),*)>), quote! { (#(#exprs),*) })
            };
            let doc = Literal::string(&format!(" Returns ({}) of the numbers in the text; None when it has none.", names.join(", ")));
            let mut parts = p(
                quote! {
                    #[doc = #doc]
                    #[allow(unused_variables)]
                    pub fn #name(text: &str) -> #ret {
                        #numbers_fn
                        let mut numbers = numbers(text);
                        if numbers.is_empty() {
                            return None;
                        }
                        numbers.sort_by(f64::total_cmp);
                        let n = numbers.len() as f64;
                        let mean = numbers.iter().sum::<f64>() / n;
                        Some(#value)
                    }
                },
                returns,
            )?
            .crates(&[("regex", "1")])
            .assume("reads every number in the text (commas as thousands separators); the standard deviation is the population one (divides by n)");
            parts.regexes.push(NUMBER_RE.to_string());
            parts
        }
        Transform::Sum | Transform::Average | Transform::Max | Transform::Min => {
            let (ret, body, returns) = match t {
                Transform::Sum => (quote!(f64), quote! { numbers(text).iter().sum() }, "f64"),
                Transform::Average => (
                    quote!(Option<f64>),
                    quote! {
                        let numbers = numbers(text);
                        if numbers.is_empty() {
                            None
                        } else {
                            Some(numbers.iter().sum::<f64>() / numbers.len() as f64)
                        }
                    },
                    "Option<f64>",
                ),
                Transform::Max => (quote!(Option<f64>), quote! { numbers(text).into_iter().reduce(f64::max) }, "Option<f64>"),
                _ => (quote!(Option<f64>), quote! { numbers(text).into_iter().reduce(f64::min) }, "Option<f64>"),
            };
            let mut parts = p(
                quote! {
                    pub fn #name(text: &str) -> #ret {
                        #numbers_fn
                        #body
                    }
                },
                returns,
            )?
            .crates(&[("regex", "1")])
            .assume("reads every number in the text (commas as thousands separators) and returns a float");
            parts.regexes.push(NUMBER_RE.to_string());
            parts
        }
        Transform::SortItems {
            separator,
            descending,
            numeric,
        } => {
            let items = items_expr(separator);
            let (_, join) = separators(separator);
            let join = Literal::string(&join);
            let reverse = if *descending {
                quote! { numbers.reverse(); }
            } else {
                quote! {}
            };
            let sort = if *numeric {
                let order = if *descending {
                    quote! { b.0.total_cmp(&a.0) }
                } else {
                    quote! { a.0.total_cmp(&b.0) }
                };
                quote! {
                    let mut numbers = Vec::new();
                    let mut others = Vec::new();
                    for item in items {
                        match item.replace(',', "").parse::<f64>() {
                            Ok(value) if value.is_finite() => numbers.push((value, item)),
                            _ => others.push(item),
                        }
                    }
                    numbers.sort_by(|a, b| #order);
                    let items: Vec<&str> = numbers.into_iter().map(|(_, item)| item).chain(others).collect();
                }
            } else {
                quote! {
                    let mut numbers: Vec<(String, &str)> = items.map(|item| (item.to_lowercase(), item)).collect();
                    numbers.sort();
                    #reverse
                    let items: Vec<&str> = numbers.into_iter().map(|(_, item)| item).collect();
                }
            };
            p(
                quote! {
                    pub fn #name(text: &str) -> String {
                        let items = #items;
                        #sort
                        items.join(#join)
                    }
                },
                "String",
            )?
            .assume(if *numeric {
                "sorts by numeric value; items that are not numbers go last in their original order"
            } else {
                "sorts ignoring case"
            })
        }
        Transform::Dedupe { separator, sort } => {
            let items = items_expr(separator);
            let (_, join) = separators(separator);
            let join = Literal::string(&join);
            let (binding, sort) = if *sort {
                (
                    quote!(mut kept),
                    quote! { kept.sort_by(|a, b| (a.to_lowercase(), *a).cmp(&(b.to_lowercase(), *b))); },
                )
            } else {
                (quote!(kept), quote! {})
            };
            p(
                quote! {
                    pub fn #name(text: &str) -> String {
                        let mut seen = std::collections::HashSet::new();
                        let #binding: Vec<&str> = #items.filter(|item| seen.insert(item.to_lowercase())).collect();
                        #sort
                        kept.join(#join)
                    }
                },
                "String",
            )?
            .assume("items that differ only in case or surrounding spaces are duplicates; the first spelling is kept")
        }
        Transform::PhoneE164 { region } => {
            let cc = match region {
                Some(r) => Some(region_calling_code(r).ok_or_else(|| {
                    GenError::Unsupported(format!("unknown region {r:?}"))
                })?),
                None => None,
            };
            let national = match cc.as_deref() {
                None => quote! { return None; },
                Some(c) if c.starts_with('1') => quote! {
                    if digits.len() == 10 {
                        digits.insert(0, '1');
                    } else if !(digits.len() == 11 && digits.starts_with('1')) {
                        return None;
                    }
                },
                Some(c) if keeps_trunk_zero(c) => {
                    let c = Literal::string(c);
                    quote! { digits.insert_str(0, #c); }
                }
                Some(c) => {
                    let c = Literal::string(c);
                    quote! {
                        if digits.starts_with('0') {
                            digits.remove(0);
                        }
                        digits.insert_str(0, #c);
                    }
                }
            };
            let mut parts = p(
                quote! {
                    pub fn #name(phone: &str) -> Option<String> {
                        let text = phone.trim().replace("(0)", "");
                        let mut digits: String = text.chars().filter(char::is_ascii_digit).collect();
                        if !text.starts_with('+') {
                            if digits.starts_with("00") {
                                digits.drain(..2);
                            } else {
                                #national
                            }
                        }
                        if !(8..=15).contains(&digits.len()) {
                            return None;
                        }
                        Some(format!("+{digits}"))
                    }
                },
                "Option<String>",
            )?
            .assume("checks only the length of the number; the phonenumber crate validates numbers per region");
            if region.is_none() {
                parts = parts.assume("numbers without a + or 00 country prefix give None");
            }
            parts
        }
        Transform::MarkdownToHtml => p(
            quote! {
                pub fn #name(text: &str) -> String {
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
                    html.truncate(html.trim_end().len());
                    html
                }
            },
            "String",
        )?
        .crates(&[("pulldown-cmark", "0.13")])
        .assume("follows CommonMark as pulldown-cmark renders it"),
    })
}
