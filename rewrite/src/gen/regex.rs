//! Generators for the regex family: every match, the first match, or whether text contains a
//! match. One regex per pattern serves both languages: it uses only syntax Python's `re` and
//! Rust's `regex` read the same way (no look-around, no backreferences, scoped flags only).
//!
//! Boundaries without look-around: a pattern may name characters that must not come right
//! before a match (`lead`: the match then starts with `(?:^|[^lead])`, and the value is the
//! named group `value`) and text that must not come right after it (`reject`: matched greedily
//! as the optional named group `reject`; a match with it is dropped by the generated code).

use proc_macro2::TokenStream;
use quote::quote;
use regex_syntax::hir::{Class, Hir, HirKind};

use super::python_util::{const_name, py_regex, py_str};
use super::rust_util::{ident, render, static_name, str_lit};
use super::{GenContext, GenError, Generated, finish};
use crate::spec::{Pattern, ReplacementSpec, TargetLanguage};

/// A checked, language-neutral regex for one [`Pattern`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PatternDef {
    /// The pattern itself, without anchors or boundaries (validators full-match it).
    pub core: String,
    /// Body of a negated class: characters that must not come right before a match.
    pub lead: Option<String>,
    /// Regex for text that must not come right after a match.
    pub reject: Option<String>,
    /// Extra check of each candidate in code.
    pub check: Check,
    /// Name stems: singular and plural (`email`, `emails`).
    pub singular: String,
    pub plural: String,
    pub assumptions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    None,
    /// The candidate must parse as an IPv6 address.
    Ipv6,
}

impl PatternDef {
    fn new(core: impl Into<String>, singular: &str, plural: &str) -> Self {
        PatternDef {
            core: core.into(),
            lead: None,
            reject: None,
            check: Check::None,
            singular: singular.to_string(),
            plural: plural.to_string(),
            assumptions: Vec::new(),
        }
    }
    fn lead(mut self, lead: &str) -> Self {
        self.lead = Some(lead.to_string());
        self
    }
    fn reject(mut self, reject: &str) -> Self {
        self.reject = Some(reject.to_string());
        self
    }
    fn assume(mut self, text: impl Into<String>) -> Self {
        self.assumptions.push(text.into());
        self
    }

    /// Whether the generated code needs the capture loop (boundaries or a check).
    fn needs_loop(&self) -> bool {
        self.lead.is_some() || self.reject.is_some() || self.check != Check::None
    }

    /// The regex used to search text.
    pub fn search_regex(&self) -> String {
        if !self.needs_loop() {
            return self.core.clone();
        }
        let mut out = String::new();
        if let Some(lead) = &self.lead {
            out.push_str(&format!("(?:^|[^{lead}])"));
        }
        out.push_str(&format!("(?P<value>{})", self.core));
        if let Some(reject) = &self.reject {
            out.push_str(&format!("(?P<reject>{reject})?"));
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Pattern library

const LABEL: &str = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const OCTET: &str = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
pub(crate) const MONTH_NAME: &str = "(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY: &str = "(?:3[01]|[12][0-9]|0?[1-9])";
const ISO_DATE: &str = "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])";
const ISO_TIME: &str = "(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]{1,9})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?";

/// Phone regions with a national pattern (ISO 3166 alpha-2; `UK` is read as `GB`).
pub const PHONE_REGIONS: &[&str] = &["US", "CA", "GB", "FR", "DE"];
/// Countries with a postal-code pattern.
pub const POSTAL_COUNTRIES: &[&str] = &[
    "US", "GB", "CA", "DE", "FR", "NL", "ES", "IT", "AU", "IN", "JP",
];
/// Currencies with known symbols.
pub const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "JPY", "INR", "CHF", "CAD", "AUD"];

const CURRENCY_CODES: &str = "USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|CNY|INR|SEK|NOK|DKK|PLN|CZK|HUF|BRL|MXN|ZAR|SGD|HKD|KRW|TRY|RUB";
const AMOUNT_NUMBER: &str =
    "(?:[0-9]{1,3}(?:[,. ][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]{1,15}(?:[.,][0-9]{1,2})?)";

/// Upper-case region code, with the usual aliases.
pub(crate) fn norm_region(region: &str) -> String {
    let r = region.trim().to_ascii_uppercase();
    match r.as_str() {
        "UK" | "GBR" | "ENGLAND" | "UNITED KINGDOM" => "GB".to_string(),
        "USA" | "UNITED STATES" => "US".to_string(),
        "FRA" | "FRANCE" => "FR".to_string(),
        "DEU" | "GER" | "GERMANY" => "DE".to_string(),
        "CAN" | "CANADA" => "CA".to_string(),
        _ => r,
    }
}

/// The phone pattern for a region (None: international E.164-style numbers).
pub(crate) fn phone_core(region: Option<&str>) -> (String, Vec<String>) {
    const INTL: &str = r"\+[1-9](?:[ .-]?\(?[0-9]\)?){6,14}";
    let region = region.map(norm_region);
    match region.as_deref() {
        Some("US") | Some("CA") => (
            r"(?:\+1[ .-]?|1[ .-])?(?:\([2-9][0-9]{2}\)[ .-]?|[2-9][0-9]{2}[ .-]?)[2-9][0-9]{2}[ .-]?[0-9]{4}".to_string(),
            vec!["recognises North American (NANP) numbers, with or without +1".to_string()],
        ),
        Some("GB") => (
            r"(?:\+44 ?(?:\(0\) ?)?|\(?0)[1-9](?:[ -]?\)?[ -]?[0-9]){8,9}".to_string(),
            vec!["recognises UK numbers in national (0...) or +44 form".to_string()],
        ),
        Some("FR") => (
            r"(?:\+33[ .]?(?:\(0\)[ .]?)?|0)[1-9](?:[ .-]?[0-9]{2}){4}".to_string(),
            vec!["recognises French numbers in national (0...) or +33 form".to_string()],
        ),
        Some("DE") => (
            r"(?:\+49 ?(?:\(0\) ?)?|\(?0)[1-9][0-9]{1,4}\)?(?:[ /-]?[0-9]){4,10}".to_string(),
            vec!["recognises German numbers in national (0...) or +49 form".to_string()],
        ),
        Some(other) => (
            INTL.to_string(),
            vec![format!(
                "recognises international numbers written with + and a country code; national {other} formats are not recognised"
            )],
        ),
        None => (
            INTL.to_string(),
            vec!["recognises international numbers written with + and a country code (E.164 style)".to_string()],
        ),
    }
}

/// The postal-code pattern for a country (None: US ZIP codes).
pub(crate) fn postal_core(country: Option<&str>) -> Result<(String, Vec<String>), GenError> {
    let c = country.map(norm_region);
    let (core, what) = match c.as_deref().unwrap_or("US") {
        "US" => ("[0-9]{5}(?:-[0-9]{4})?", "US ZIP / ZIP+4"),
        "GB" => (
            "(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?) ?[0-9][ABD-HJLNP-UW-Z]{2})",
            "UK postcodes",
        ),
        "CA" => (
            "[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]",
            "Canadian postal codes",
        ),
        "DE" => ("(?:0[1-9]|[1-9][0-9])[0-9]{3}", "German postcodes"),
        "FR" => ("(?:0[1-9]|[1-8][0-9]|9[0-8])[0-9]{3}", "French postcodes"),
        "NL" => ("[1-9][0-9]{3} ?[A-Z]{2}", "Dutch postcodes"),
        "ES" => ("(?:0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}", "Spanish postcodes"),
        "IT" => ("[0-9]{5}", "Italian postcodes"),
        "AU" => ("[0-9]{4}", "Australian postcodes"),
        "IN" => ("[1-9][0-9]{2} ?[0-9]{3}", "Indian PIN codes"),
        "JP" => ("[0-9]{3}-[0-9]{4}", "Japanese postcodes"),
        other => {
            return Err(GenError::Unsupported(format!(
                "no postal-code pattern for country {other}"
            )));
        }
    };
    let mut notes = vec![format!("recognises {what}")];
    if country.is_none() {
        notes.push("assumes US ZIP codes because the prompt names no country".to_string());
    }
    Ok((core.to_string(), notes))
}

/// Date regex for a stated format (see [`compile_date_format`]) or the common forms.
fn date_def(format: Option<&str>) -> Result<PatternDef, GenError> {
    let def = match format {
        None => {
            let core = format!(
                "(?:{ISO_DATE}(?:[T ]{ISO_TIME})?|{DAY}/{DAY}/[0-9]{{4}}|{DAY}\\.{DAY}\\.[0-9]{{4}}|{MONTH_NAME}\\.? {DAY}(?:st|nd|rd|th)?,? [0-9]{{4}}|{DAY}(?:st|nd|rd|th)? {MONTH_NAME}\\.?,? [0-9]{{4}})"
            );
            PatternDef::new(core, "date", "dates").assume(
                "recognises YYYY-MM-DD (with an optional time), D/M/YYYY or M/D/YYYY, D.M.YYYY, \"March 3, 2024\" and \"3 March 2024\"",
            )
        }
        Some(f) => {
            let compiled = compile_date_format(f)?;
            PatternDef::new(strip_group_names(&compiled.regex), "date", "dates")
                .assume(format!("recognises dates written as {f}"))
        }
    };
    Ok(def.lead("0-9A-Za-z_").reject("[0-9A-Za-z_]").assume(
        "returns the dates as written; calendar validity (e.g. February 30) is not checked",
    ))
}

/// A date format compiled to a regex with named groups `y`, `m`, `mon`, `d`, `H`, `M`, `S`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateFormat {
    pub regex: String,
}

impl DateFormat {
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn has(&self, group: &str) -> bool {
        self.regex.contains(&format!("(?P<{group}>"))
    }
}

/// Compile a stated date format (`YYYY-MM-DD`, `DD/MM/YYYY`, `Month D, YYYY`, `%d.%m.%Y`,
/// `ISO 8601`) into a regex.
pub(crate) fn compile_date_format(format: &str) -> Result<DateFormat, GenError> {
    let trimmed = format.trim();
    let lower = trimmed.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "iso" | "iso 8601" | "iso-8601" | "iso8601" | "iso 8601 datetime" | "rfc 3339" | "rfc3339"
    ) {
        let regex = format!(
            "(?P<y>[0-9]{{4}})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])(?:[T ]{ISO_TIME})?"
        );
        return Ok(DateFormat { regex });
    }
    if lower == "iso 8601 date" || lower == "iso date" {
        return compile_date_format("YYYY-MM-DD");
    }
    const TOKENS: &[(&str, &str)] = &[
        ("YYYY", "(?P<y>[0-9]{4})"),
        ("yyyy", "(?P<y>[0-9]{4})"),
        ("%Y", "(?P<y>[0-9]{4})"),
        ("MMMM", "(?P<mon>MONTH)"),
        ("Month", "(?P<mon>MONTH)"),
        ("%B", "(?P<mon>MONTH)"),
        ("MMM", "(?P<mon>MONTH)"),
        ("Mon", "(?P<mon>MONTH)"),
        ("%b", "(?P<mon>MONTH)"),
        ("MM", "(?P<m>0[1-9]|1[0-2])"),
        ("%m", "(?P<m>0[1-9]|1[0-2])"),
        ("M", "(?P<m>1[0-2]|0?[1-9])"),
        ("DD", "(?P<d>0[1-9]|[12][0-9]|3[01])"),
        ("dd", "(?P<d>0[1-9]|[12][0-9]|3[01])"),
        ("%d", "(?P<d>0[1-9]|[12][0-9]|3[01])"),
        ("D", "(?P<d>3[01]|[12][0-9]|0?[1-9])"),
        ("d", "(?P<d>3[01]|[12][0-9]|0?[1-9])"),
        ("HH", "(?P<H>[01][0-9]|2[0-3])"),
        ("hh", "(?P<H>[01][0-9]|2[0-3])"),
        ("%H", "(?P<H>[01][0-9]|2[0-3])"),
        ("mm", "(?P<M>[0-5][0-9])"),
        ("%M", "(?P<M>[0-5][0-9])"),
        ("ss", "(?P<S>[0-5][0-9])"),
        ("%S", "(?P<S>[0-5][0-9])"),
    ];
    let mut regex = String::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut rest = trimmed;
    'outer: while let Some(c) = rest.chars().next() {
        for (tok, re) in TOKENS {
            if let Some(after) = rest.strip_prefix(tok) {
                let group = &re[4..re.find('>').unwrap_or(4)];
                if seen.contains(&group) {
                    return Err(GenError::Unsupported(format!(
                        "date format {format:?} repeats a field"
                    )));
                }
                seen.push(group);
                regex.push_str(&re.replace("MONTH", MONTH_NAME));
                rest = after;
                continue 'outer;
            }
        }
        if c.is_ascii_alphanumeric() && c != 'T' && c != 'Z' || c == '%' {
            return Err(GenError::Unsupported(format!(
                "date format {format:?} is not understood"
            )));
        }
        regex.push_str(&regex_syntax::escape(c.encode_utf8(&mut [0u8; 4])));
        rest = &rest[c.len_utf8()..];
    }
    if !seen.iter().any(|g| matches!(*g, "y" | "m" | "mon" | "d")) {
        return Err(GenError::Unsupported(format!(
            "date format {format:?} has no date field"
        )));
    }
    Ok(DateFormat { regex })
}

/// `(?P<name>` → `(?:` (for search patterns that only need the whole match).
fn strip_group_names(regex: &str) -> String {
    let mut out = String::with_capacity(regex.len());
    let mut rest = regex;
    while let Some(i) = rest.find("(?P<") {
        out.push_str(&rest[..i]);
        out.push_str("(?:");
        let after = &rest[i + 4..];
        rest = after.find('>').map_or("", |j| &after[j + 1..]);
    }
    out.push_str(rest);
    out
}

fn amount_def(currency: Option<&str>) -> Result<PatternDef, GenError> {
    let n = AMOUNT_NUMBER;
    let (symbols, codes, note) = match currency.map(|c| c.trim().to_ascii_lowercase()) {
        None => (
            r"(?:US|CA|AU|NZ|HK|S|A|C|R)?\$|[€£¥₹]".to_string(),
            CURRENCY_CODES.to_string(),
            "recognises amounts with a currency symbol ($, €, £, ¥, ₹) or ISO code".to_string(),
        ),
        Some(c) => {
            let (sym, code) = match c.as_str() {
                "usd" | "$" | "us$" | "dollar" | "dollars" | "us dollar" | "us dollars" => {
                    (r"(?:US)?\$", "USD")
                }
                "eur" | "€" | "euro" | "euros" => ("€", "EUR"),
                "gbp" | "£" | "pound" | "pounds" | "sterling" => ("£", "GBP"),
                "jpy" | "¥" | "yen" => ("¥", "JPY"),
                "inr" | "₹" | "rupee" | "rupees" => ("₹", "INR"),
                "chf" | "franc" | "swiss franc" | "swiss francs" => ("CHF", "CHF"),
                "cad" | "c$" | "ca$" => (r"C(?:A)?\$", "CAD"),
                "aud" | "a$" | "au$" => (r"A(?:U)?\$", "AUD"),
                _ => {
                    let code = c.to_ascii_uppercase();
                    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
                        // Only the ISO code is known.
                        let core = format!("(?:{code} ?-?{n}|-?{n} ?{code})");
                        return Ok(PatternDef::new(core, "amount", "amounts")
                            .lead("0-9A-Za-z_")
                            .reject("[0-9A-Za-z_]")
                            .assume(format!("recognises amounts written with the code {code}"))
                            .assume("returns the amounts as written, with their currency"));
                    }
                    return Err(GenError::Unsupported(format!("unknown currency {c:?}")));
                }
            };
            (
                sym.to_string(),
                code.to_string(),
                format!(
                    "recognises {code} amounts ({} or {code})",
                    sym.replace('\\', "")
                ),
            )
        }
    };
    let core =
        format!("(?:-?(?:{symbols}) ?-?{n}|(?:{codes}) ?-?{n}|-?{n} ?(?:{symbols}|{codes}))");
    Ok(PatternDef::new(core, "amount", "amounts")
        .lead("0-9A-Za-z_")
        .reject("[0-9A-Za-z_]")
        .assume(note)
        .assume("returns the amounts as written, with their currency"))
}

/// Name stem from free text (`order number` → `order_number`).
pub(crate) fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        if out.len() >= 32 {
            break;
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() {
        fallback.to_string()
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}_{out}")
    } else {
        out
    }
}

/// Syntax that Rust's `regex` accepts but Python's `re` reads differently or rejects.
fn python_incompatible(regex: &str) -> Option<&'static str> {
    const BAD: &[(&str, &str)] = &[
        ("\\p", "unicode classes (\\p{..})"),
        ("\\P", "unicode classes (\\P{..})"),
        ("[:", "POSIX classes ([[:alpha:]])"),
        ("(?<", "(?<name>) groups"),
        ("\\z", "\\z"),
        ("&&", "class intersections"),
        ("~~", "class differences"),
        ("(?U", "the U flag"),
        ("(?R", "the R flag"),
        ("\\x{", "\\x{..} escapes"),
        ("\\<", "\\< word starts"),
        ("\\>", "\\> word ends"),
        ("\\b{", "\\b{..} word boundaries"),
    ];
    BAD.iter().find(|(s, _)| regex.contains(s)).map(|(_, w)| *w)
}

/// The regex definition for a pattern.
pub(crate) fn pattern_def(pattern: &Pattern) -> Result<PatternDef, GenError> {
    let def = match pattern {
        Pattern::Email => PatternDef::new(
            format!(r"[A-Za-z0-9_%+-](?:[A-Za-z0-9._%+-]{{0,62}}[A-Za-z0-9_%+-])?@(?:{LABEL}\.){{1,8}}[A-Za-z]{{2,24}}\b"),
            "email",
            "emails",
        )
        .assume("uses a pragmatic email pattern (no quoted local parts or IP-literal domains)"),
        Pattern::Url => {
            let host = format!(r"(?:(?:{LABEL}\.){{0,10}}{LABEL}|\[[0-9A-Fa-f:.]{{2,45}}\])");
            let paren = r#"\([^\s<>"'()]{0,200}\)"#;
            let core = format!(
                r#"(?i:https?)://{host}(?::[0-9]{{1,5}})?(?:[/?#](?:(?:[^\s<>"'()\[\]{{}}]|{paren})*(?:[^\s<>"'()\[\]{{}}.,;:!?*]|{paren}))?)?"#
            );
            PatternDef::new(core, "url", "urls")
                .assume("recognises http and https URLs; trailing punctuation and unbalanced closing parentheses are left out")
        }
        Pattern::Phone { region } => {
            let (core, notes) = phone_core(region.as_deref());
            let mut d = PatternDef::new(core, "phone_number", "phone_numbers")
                .lead("0-9A-Za-z_+")
                .reject("[0-9]")
                .assume("returns the numbers as written (not normalised)");
            d.assumptions.extend(notes);
            d
        }
        Pattern::Date { format } => date_def(format.as_deref())?,
        Pattern::Time => PatternDef::new(
            r"(?:(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?: ?(?i:[ap]\.?m\.?))?|(?:1[0-2]|0?[1-9]) ?(?i:[ap]\.?m\.?))",
            "time",
            "times",
        )
        .lead("0-9A-Za-z_:")
        .reject("[0-9A-Za-z_]|:[0-9]")
        .assume("recognises 24-hour times (14:30, 09:15:00) and 12-hour times (2:30 PM, 3pm)"),
        Pattern::Amount { currency } => amount_def(currency.as_deref())?,
        Pattern::Number => PatternDef::new(
            r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?",
            "number",
            "numbers",
        )
        .lead("0-9A-Za-z_.")
        .reject(r"[0-9A-Za-z_]|\.[0-9]")
        .assume("returns the numbers as written (strings, thousands separators kept); parts of versions and identifiers are skipped"),
        Pattern::Uuid => PatternDef::new(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}",
            "uuid",
            "uuids",
        )
        .lead("0-9A-Za-z_-")
        .reject("[0-9A-Za-z_-]"),
        Pattern::Hashtag => PatternDef::new(r"#[0-9_]{0,20}[^\W\d_]\w{0,138}", "hashtag", "hashtags")
            .lead(r"\w&#/")
            .reject(r"\w")
            .assume("returns hashtags with their #; tags made only of digits are skipped"),
        Pattern::Mention => PatternDef::new(
            format!(r"@[A-Za-z0-9_](?:[A-Za-z0-9_-]{{0,38}}[A-Za-z0-9_])?(?:@(?:{LABEL}\.){{1,8}}[A-Za-z]{{2,24}}\b)?"),
            "mention",
            "mentions",
        )
        .lead(r"\w@.+-")
        .reject(r"[A-Za-z0-9_-]")
        .assume("returns mentions with their @ (fediverse handles keep their domain); email addresses are skipped"),
        Pattern::Ipv4 => PatternDef::new(format!(r"{OCTET}(?:\.{OCTET}){{3}}"), "ipv4_address", "ipv4_addresses")
            .lead("0-9A-Za-z_.")
            .reject(r"[0-9A-Za-z_]|\.[0-9]")
            .assume("octets must be 0-255 without leading zeros"),
        Pattern::Ipv6 => {
            let mut d = PatternDef::new(
                r"[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:]{1,38}(?:\.[0-9]{1,3}){0,3}",
                "ipv6_address",
                "ipv6_addresses",
            )
            .lead("0-9A-Za-z_:.")
            .reject("[0-9A-Za-z_]")
            .assume("candidates are checked with the standard IPv6 parser; zone ids (%eth0) are left out");
            d.check = Check::Ipv6;
            d
        }
        Pattern::PostalCode { country } => {
            let (core, notes) = postal_core(country.as_deref())?;
            let mut d = PatternDef::new(core, "postal_code", "postal_codes")
                .lead("0-9A-Za-z_")
                .reject("[0-9A-Za-z_]|-[0-9]");
            d.assumptions.extend(notes);
            d
        }
        Pattern::Version => {
            let num = "(?:0|[1-9][0-9]{0,8})";
            let ident = "[0-9A-Za-z-]{1,32}";
            PatternDef::new(
                format!(r"[vV]?{num}\.{num}(?:\.{num}){{0,2}}(?:-{ident}(?:\.{ident}){{0,8}})?(?:\+{ident}(?:\.{ident}){{0,8}})?"),
                "version",
                "versions",
            )
            .lead("0-9A-Za-z_.")
            .reject(r"[0-9A-Za-z_]|\.[0-9]")
            .assume("recognises versions with two to four numeric parts (semver-style pre-release and build suffixes included, a leading v kept)")
        }
        Pattern::Id { description, regex } => {
            if regex.trim().is_empty() {
                return Err(GenError::Invalid("empty id pattern".to_string()));
            }
            if let Some(what) = python_incompatible(regex) {
                return Err(GenError::Unsupported(format!(
                    "id pattern uses {what}, which python's re does not read the same way"
                )));
            }
            let stem = slug(description, "id");
            let singular = stem.strip_suffix('s').filter(|s| s.len() > 2 && !s.ends_with('s')).unwrap_or(&stem).to_string();
            let plural = if stem.ends_with('s') { stem.clone() } else { format!("{stem}s") };
            PatternDef::new(format!("(?:{regex})"), &singular, &plural)
                .lead("0-9A-Za-z_")
                .reject("[0-9A-Za-z_]")
                .assume(format!("recognises {description} matching the stated shape"))
        }
        Pattern::Literal {
            text,
            case_insensitive,
            whole_word,
        } => {
            if text.is_empty() {
                return Err(GenError::Invalid("empty literal".to_string()));
            }
            let escaped = regex_syntax::escape(text);
            let core = if *case_insensitive {
                format!("(?i:{escaped})")
            } else {
                escaped
            };
            let stem = slug(text, "text");
            let mut d = PatternDef::new(core, &stem, &stem);
            if *whole_word {
                if text.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                    d = d.lead(r"\w");
                }
                if text.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    d = d.reject(r"\w");
                }
                d = d.assume("matches whole words only");
            }
            if *case_insensitive {
                d = d.assume("ignores case");
            }
            d
        }
    };
    // Every regex must parse (Rust syntax, which the library keeps Python-compatible) and be
    // free of catastrophic backtracking.
    check_backtracking(&def.search_regex()).map_err(GenError::Invalid)?;
    Ok(def)
}

/// The regex the generated code searches text with for `pattern`, and the pattern's core
/// (what a validator full-matches). When the search regex has a `value` group, a match's
/// value is that group, and a match whose `reject` group took part is skipped. For running
/// a spec inside llmlint (checking it against a prompt's own examples).
pub fn search_regex_for(pattern: &Pattern) -> Option<(String, String)> {
    pattern_def(pattern)
        .ok()
        .map(|d| (d.search_regex(), d.core.clone()))
}

// ---------------------------------------------------------------------------------------------
// Code generation

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    All,
    First,
    Contains,
}

pub(crate) fn generate(
    spec: &ReplacementSpec,
    lang: TargetLanguage,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    let (pattern, mode) = match spec {
        ReplacementSpec::FindAll { pattern } => (pattern, Mode::All),
        ReplacementSpec::FindFirst { pattern } => (pattern, Mode::First),
        ReplacementSpec::Contains { pattern } => (pattern, Mode::Contains),
        _ => return Err(GenError::Unsupported("not a regex spec".to_string())),
    };
    let def = pattern_def(pattern)?;
    let is_literal = matches!(pattern, Pattern::Literal { .. });
    let base = match (mode, is_literal) {
        (Mode::All, false) => format!("extract_{}", def.plural),
        (Mode::First, false) => format!("extract_{}", def.singular),
        (Mode::Contains, false) => format!("contains_{}", def.singular),
        (Mode::All, true) => format!("find_all_{}", def.singular),
        (Mode::First, true) => format!("find_first_{}", def.singular),
        (Mode::Contains, true) => format!("contains_{}", def.singular),
    };
    let name = ctx.unique_name(&base);
    // A case-sensitive substring test needs no regex.
    let plain_literal = match (pattern, mode) {
        (
            Pattern::Literal {
                text,
                case_insensitive: false,
                whole_word: false,
            },
            Mode::Contains,
        ) => Some(text.clone()),
        _ => None,
    };

    let mut assumptions = match mode {
        Mode::All => vec![
            "returns a list of matches in order instead of the model's text answer".to_string(),
        ],
        Mode::First => {
            vec!["returns the first match, or None / no value when there is none".to_string()]
        }
        Mode::Contains => {
            vec!["returns a boolean instead of the model's yes/no answer".to_string()]
        }
    };
    assumptions.extend(def.assumptions.iter().cloned());

    let regex = def.search_regex();
    let mut generated = Generated {
        helper_name: name.clone(),
        assumptions,
        regexes: if plain_literal.is_some() {
            Vec::new()
        } else {
            vec![regex.clone()]
        },
        ..Generated::default()
    };
    match lang {
        TargetLanguage::Python => {
            generated.helper_code =
                python_code(&name, &def, &regex, mode, plain_literal.as_deref());
            generated.returns = match mode {
                Mode::All => "list[str]",
                Mode::First => "str | None",
                Mode::Contains => "bool",
            }
            .to_string();
            let mut modules = Vec::new();
            if plain_literal.is_none() {
                modules.push("re");
            }
            if def.check == Check::Ipv6 {
                modules.push("ipaddress");
            }
            Ok(finish(generated, lang, ctx, &modules, &[]))
        }
        TargetLanguage::Rust => {
            generated.helper_code = render(rust_tokens(
                &name,
                &def,
                &regex,
                mode,
                plain_literal.as_deref(),
            ))?;
            generated.returns = match mode {
                Mode::All => "Vec<String>",
                Mode::First => "Option<String>",
                Mode::Contains => "bool",
            }
            .to_string();
            let crates: &[(&str, &str)] = if plain_literal.is_some() {
                &[]
            } else {
                &[("regex", "1")]
            };
            Ok(finish(generated, lang, ctx, &[], crates))
        }
    }
}

fn python_code(
    name: &str,
    def: &PatternDef,
    regex: &str,
    mode: Mode,
    plain: Option<&str>,
) -> String {
    let (ret, doc) = match mode {
        Mode::All => (
            "list[str]",
            format!(
                "Return every {} in `text`, in order.",
                def.singular.replace('_', " ")
            ),
        ),
        Mode::First => (
            "str | None",
            format!(
                "Return the first {} in `text`, or None.",
                def.singular.replace('_', " ")
            ),
        ),
        Mode::Contains => (
            "bool",
            format!(
                "Return whether `text` contains a {}.",
                def.singular.replace('_', " ")
            ),
        ),
    };
    if let Some(text) = plain {
        return format!(
            "def {name}(text: str) -> bool:\n    \"\"\"Return whether `text` contains {}.\"\"\"\n    return {} in text\n",
            py_str(text).replace('`', "'"),
            py_str(text)
        );
    }
    let re_name = const_name(name, "RE");
    let mut code = format!(
        "{re_name} = re.compile({})\n\n\ndef {name}(text: str) -> {ret}:\n    \"\"\"{doc}\"\"\"\n",
        py_regex(regex)
    );
    if !def.needs_loop() {
        code.push_str(&match mode {
            Mode::All => {
                format!("    return [match.group(0) for match in {re_name}.finditer(text)]\n")
            }
            Mode::First => format!(
                "    match = {re_name}.search(text)\n    return match.group(0) if match else None\n"
            ),
            Mode::Contains => format!("    return {re_name}.search(text) is not None\n"),
        });
        return code;
    }
    if mode == Mode::All {
        code.push_str("    found = []\n");
    }
    code.push_str(&format!("    for match in {re_name}.finditer(text):\n"));
    if def.reject.is_some() {
        code.push_str("        if match.group(\"reject\") is not None:\n            continue\n");
    }
    code.push_str("        value = match.group(\"value\")\n");
    if def.check == Check::Ipv6 {
        code.push_str("        try:\n            ipaddress.IPv6Address(value)\n        except ValueError:\n            continue\n");
    }
    code.push_str(match mode {
        Mode::All => "        found.append(value)\n    return found\n",
        Mode::First => "        return value\n    return None\n",
        Mode::Contains => "        return True\n    return False\n",
    });
    code
}

fn rust_tokens(
    name: &str,
    def: &PatternDef,
    regex: &str,
    mode: Mode,
    plain: Option<&str>,
) -> TokenStream {
    let fn_name = ident(name);
    if let Some(text) = plain {
        let lit = str_lit(text);
        return quote! {
            fn #fn_name(text: &str) -> bool {
                text.contains(#lit)
            }
        };
    }
    let re_name = static_name(name, "RE");
    let lit = str_lit(regex);
    let stat = quote! {
        static #re_name: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(#lit).expect("the pattern is valid"));
    };
    if !def.needs_loop() {
        let body = match mode {
            Mode::All => quote! {
                fn #fn_name(text: &str) -> Vec<String> {
                    #re_name.find_iter(text).map(|m| m.as_str().to_string()).collect()
                }
            },
            Mode::First => quote! {
                fn #fn_name(text: &str) -> Option<String> {
                    #re_name.find(text).map(|m| m.as_str().to_string())
                }
            },
            Mode::Contains => quote! {
                fn #fn_name(text: &str) -> bool {
                    #re_name.is_match(text)
                }
            },
        };
        return quote!(#stat #body);
    }
    let reject = if def.reject.is_some() {
        quote! { if caps.name("reject").is_some() { continue; } }
    } else {
        quote!()
    };
    let check = match def.check {
        Check::Ipv6 => quote! { if value.parse::<std::net::Ipv6Addr>().is_err() { continue; } },
        Check::None => quote!(),
    };
    let scan = |on_value: TokenStream| {
        quote! {
            for caps in #re_name.captures_iter(text) {
                #reject
                let Some(value) = caps.name("value") else { continue; };
                let value = value.as_str();
                #check
                #on_value
            }
        }
    };
    let body = match mode {
        Mode::All => {
            let scan = scan(quote! { found.push(value.to_string()); });
            quote! {
                fn #fn_name(text: &str) -> Vec<String> {
                    let mut found = Vec::new();
                    #scan
                    found
                }
            }
        }
        Mode::First => {
            let scan = scan(quote! { return Some(value.to_string()); });
            quote! {
                fn #fn_name(text: &str) -> Option<String> {
                    #scan
                    None
                }
            }
        }
        Mode::Contains => {
            let scan = scan(quote! { let _ = value; return true; });
            quote! {
                fn #fn_name(text: &str) -> bool {
                    #scan
                    false
                }
            }
        }
    };
    quote!(#stat #body)
}

// ---------------------------------------------------------------------------------------------
// Backtracking check

/// Structural gate against catastrophic backtracking in Python's `re` (and any backtracking
/// engine). Rejects a regex when:
/// 1. an unbounded quantifier (`*`, `+`, `{n,}`) sits inside another quantifier that repeats
///    more than once (nested unbounded quantifiers);
/// 2. an unbounded quantifier repeats a variable-width body whose iterations can be split in
///    more than one way: each alternative of the body must be one character wide, or start or
///    end with a mandatory character that appears nowhere else in it, and the alternatives must
///    start with disjoint characters;
/// 3. two unbounded quantifiers over overlapping characters follow each other with only
///    optional items between them (`\w*\w*`, `a+b?a+`).
///
/// Also rejects regexes that do not parse.
pub fn check_backtracking(pattern: &str) -> Result<(), String> {
    // The same patterns come back for every call of a kind (and on every edit in the
    // editor): the verdict is remembered per thread.
    thread_local! {
        static VERDICTS: std::cell::RefCell<std::collections::HashMap<String, Result<(), String>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(v) = VERDICTS.with(|m| m.borrow().get(pattern).cloned()) {
        return v;
    }
    let v = check_backtracking_now(pattern);
    VERDICTS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(pattern.to_string(), v.clone());
    });
    v
}

fn check_backtracking_now(pattern: &str) -> Result<(), String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| format!("regex does not parse: {e}"))?;
    walk(&hir, false, 0)
}

fn is_unbounded(h: &Hir) -> bool {
    matches!(h.kind(), HirKind::Repetition(r) if r.max.is_none())
}

fn contains_unbounded(h: &Hir, depth: usize) -> bool {
    if depth > 200 {
        return true;
    }
    match h.kind() {
        HirKind::Repetition(r) => r.max.is_none() || contains_unbounded(&r.sub, depth + 1),
        HirKind::Capture(c) => contains_unbounded(&c.sub, depth + 1),
        HirKind::Concat(v) | HirKind::Alternation(v) => {
            v.iter().any(|x| contains_unbounded(x, depth + 1))
        }
        _ => false,
    }
}

fn walk(h: &Hir, inside_repeat: bool, depth: usize) -> Result<(), String> {
    if depth > 200 {
        return Err("regex nests too deeply".to_string());
    }
    match h.kind() {
        HirKind::Repetition(r) => {
            let repeats = r.max.is_none_or(|m| m > 1);
            if r.max.is_none() {
                if inside_repeat {
                    return Err("nested unbounded quantifier".to_string());
                }
                check_iterations(&r.sub)?;
            }
            if repeats && contains_unbounded(&r.sub, depth) {
                return Err("unbounded quantifier inside a repeated group".to_string());
            }
            walk(&r.sub, inside_repeat || repeats, depth + 1)
        }
        HirKind::Capture(c) => walk(&c.sub, inside_repeat, depth + 1),
        HirKind::Alternation(v) => v.iter().try_for_each(|x| walk(x, inside_repeat, depth + 1)),
        HirKind::Concat(v) => {
            check_adjacent(v)?;
            v.iter().try_for_each(|x| walk(x, inside_repeat, depth + 1))
        }
        _ => Ok(()),
    }
}

/// A set of characters as sorted ranges.
type CharSet = Vec<(char, char)>;

fn set_union(a: &mut CharSet, b: &CharSet) {
    a.extend(b.iter().copied());
}

fn overlaps(a: &CharSet, b: &CharSet) -> bool {
    a.iter()
        .any(|(s1, e1)| b.iter().any(|(s2, e2)| s1 <= e2 && s2 <= e1))
}

/// Every character the expression can consume.
fn chars_of(h: &Hir, depth: usize) -> CharSet {
    if depth > 200 {
        return vec![('\0', char::MAX)];
    }
    match h.kind() {
        HirKind::Literal(lit) => String::from_utf8_lossy(&lit.0)
            .chars()
            .map(|c| (c, c))
            .collect(),
        HirKind::Class(Class::Unicode(c)) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .map(|r| (r.start() as char, r.end() as char))
            .collect(),
        HirKind::Repetition(r) => chars_of(&r.sub, depth + 1),
        HirKind::Capture(c) => chars_of(&c.sub, depth + 1),
        HirKind::Concat(v) | HirKind::Alternation(v) => {
            let mut out = Vec::new();
            for x in v.iter() {
                set_union(&mut out, &chars_of(x, depth + 1));
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Characters the expression can start with.
fn first_chars(h: &Hir, depth: usize) -> CharSet {
    if depth > 200 {
        return vec![('\0', char::MAX)];
    }
    match h.kind() {
        HirKind::Literal(lit) => String::from_utf8_lossy(&lit.0)
            .chars()
            .take(1)
            .map(|c| (c, c))
            .collect(),
        HirKind::Class(_) => chars_of(h, depth),
        HirKind::Repetition(r) => first_chars(&r.sub, depth + 1),
        HirKind::Capture(c) => first_chars(&c.sub, depth + 1),
        HirKind::Alternation(v) => {
            let mut out = Vec::new();
            for x in v.iter() {
                set_union(&mut out, &first_chars(x, depth + 1));
            }
            out
        }
        HirKind::Concat(v) => {
            let mut out = Vec::new();
            for x in v.iter() {
                set_union(&mut out, &first_chars(x, depth + 1));
                if x.properties().minimum_len().unwrap_or(0) > 0 {
                    break;
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

fn strip_captures(h: &Hir) -> &Hir {
    let mut h = h;
    for _ in 0..64 {
        match h.kind() {
            HirKind::Capture(c) => h = &c.sub,
            _ => break,
        }
    }
    h
}

/// A mandatory single character (a literal of one char or a class).
fn single_char(h: &Hir) -> Option<CharSet> {
    match strip_captures(h).kind() {
        HirKind::Literal(lit) => {
            let s = String::from_utf8_lossy(&lit.0);
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Some(vec![(c, c)]),
                _ => None,
            }
        }
        HirKind::Class(_) => Some(chars_of(h, 0)),
        _ => None,
    }
}

fn fixed_width(h: &Hir) -> bool {
    let p = h.properties();
    p.minimum_len().is_some() && p.minimum_len() == p.maximum_len()
}

/// Rule 2: the iterations of an unbounded repetition split one way only.
fn check_iterations(body: &Hir) -> Result<(), String> {
    let body = strip_captures(body);
    if fixed_width(body) && !matches!(body.kind(), HirKind::Alternation(_)) {
        return Ok(());
    }
    let alts: Vec<&Hir> = match body.kind() {
        HirKind::Alternation(v) => v.iter().collect(),
        _ => vec![body],
    };
    let mut firsts: Vec<CharSet> = Vec::new();
    for alt in &alts {
        let alt = strip_captures(alt);
        let first = first_chars(alt, 0);
        if firsts.iter().any(|f| overlaps(f, &first)) {
            return Err(
                "alternatives of a repeated group start with the same characters".to_string(),
            );
        }
        firsts.push(first);
        if single_char(alt).is_some() {
            continue;
        }
        let HirKind::Concat(items) = alt.kind() else {
            return Err("repeated group of variable width without a delimiter".to_string());
        };
        let delimited_by = |idx: usize| -> bool {
            let Some(d) = single_char(&items[idx]) else {
                return false;
            };
            let mut rest = Vec::new();
            for (i, x) in items.iter().enumerate() {
                if i != idx {
                    set_union(&mut rest, &chars_of(x, 0));
                }
            }
            !overlaps(&d, &rest)
        };
        if !(delimited_by(0) || delimited_by(items.len() - 1)) {
            return Err("repeated group of variable width without a delimiter".to_string());
        }
    }
    Ok(())
}

/// Rule 3: no two overlapping unbounded repetitions with only optional items between them.
fn check_adjacent(items: &[Hir]) -> Result<(), String> {
    for (i, a) in items.iter().enumerate() {
        if !is_unbounded(a) {
            continue;
        }
        let a_chars = chars_of(a, 0);
        for b in &items[i + 1..] {
            if is_unbounded(b) && overlaps(&a_chars, &chars_of(b, 0)) {
                return Err(
                    "two unbounded quantifiers over the same characters in a row".to_string(),
                );
            }
            if b.properties().minimum_len().unwrap_or(0) > 0 {
                break;
            }
        }
    }
    Ok(())
}

/// One pattern of every shape the generators know (every region, country, currency and date
/// format with its own regex), for tests and audits.
pub fn example_patterns() -> Vec<Pattern> {
    let mut out = vec![
        Pattern::Email,
        Pattern::Url,
        Pattern::Phone { region: None },
        Pattern::Phone {
            region: Some("BR".into()),
        },
        Pattern::Date { format: None },
        Pattern::Time,
        Pattern::Amount { currency: None },
        Pattern::Amount {
            currency: Some("SEK".into()),
        },
        Pattern::Number,
        Pattern::Uuid,
        Pattern::Hashtag,
        Pattern::Mention,
        Pattern::Ipv4,
        Pattern::Ipv6,
        Pattern::PostalCode { country: None },
        Pattern::Version,
        Pattern::Id {
            description: "order number".into(),
            regex: "ORD-[0-9]{6}".into(),
        },
        Pattern::Literal {
            text: "urgent".into(),
            case_insensitive: true,
            whole_word: true,
        },
        Pattern::Literal {
            text: "a.b (c)".into(),
            case_insensitive: false,
            whole_word: false,
        },
    ];
    out.extend(PHONE_REGIONS.iter().map(|r| Pattern::Phone {
        region: Some(r.to_string()),
    }));
    out.extend(POSTAL_COUNTRIES.iter().map(|c| Pattern::PostalCode {
        country: Some(c.to_string()),
    }));
    out.extend(CURRENCIES.iter().map(|c| Pattern::Amount {
        currency: Some(c.to_string()),
    }));
    out.extend(DATE_FORMATS.iter().map(|f| Pattern::Date {
        format: Some(f.to_string()),
    }));
    out
}

/// Date formats the tests and audits exercise.
pub const DATE_FORMATS: &[&str] = &[
    "YYYY-MM-DD",
    "DD/MM/YYYY",
    "MM/DD/YYYY",
    "D.M.YYYY",
    "Month D, YYYY",
    "D Month YYYY",
    "%Y/%m/%d",
    "YYYY-MM-DD HH:mm:ss",
    "ISO 8601",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structural_check_rejects_known_bad_shapes() {
        for bad in [
            "(a+)+",
            "(?:a*)*b",
            "(?:a|aa)+",
            "(?:a{1,2})+",
            "(?:[0-9][0-9]{0,2})+",
            r"\w*\w*x",
            "a+b?a+",
            "(?:x+y){2,5}",
        ] {
            assert!(check_backtracking(bad).is_err(), "{bad} should be rejected");
        }
        for good in [
            "a+b+",
            r"(?:,[0-9]{3})+",
            r"(?:[a-z]{1,5}\.)+com",
            r"(?:[^()]|\([^()]{0,9}\))*x",
            "[0-9]+(?:\\.[0-9]+)?",
        ] {
            assert_eq!(check_backtracking(good), Ok(()), "{good} should pass");
        }
    }

    #[test]
    fn every_example_pattern_passes_the_structural_check() {
        for p in example_patterns() {
            let def = pattern_def(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
            assert_eq!(check_backtracking(&def.search_regex()), Ok(()), "{p:?}");
        }
    }

    #[test]
    fn date_formats_compile() {
        let f = compile_date_format("DD/MM/YYYY").expect("compiles");
        assert_eq!(
            f.regex,
            "(?P<d>0[1-9]|[12][0-9]|3[01])/(?P<m>0[1-9]|1[0-2])/(?P<y>[0-9]{4})"
        );
        assert!(f.has("d") && f.has("m") && f.has("y") && !f.has("mon"));
        assert!(
            compile_date_format("Month D, YYYY")
                .expect("compiles")
                .has("mon")
        );
        assert!(compile_date_format("QQ/YYYY").is_err());
        assert!(compile_date_format("HH:mm").is_err());
        assert_eq!(
            strip_group_names("(?P<y>[0-9])-(?P<m>1)"),
            "(?:[0-9])-(?:1)"
        );
    }

    #[test]
    fn unsafe_or_foreign_id_patterns_are_refused() {
        let id = |r: &str| Pattern::Id {
            description: "ticket".into(),
            regex: r.into(),
        };
        assert!(pattern_def(&id("(?:[A-Z]+)+")).is_err());
        assert!(pattern_def(&id(r"\p{L}{3}")).is_err());
        assert!(pattern_def(&id("[")).is_err());
        let def = pattern_def(&id("TCK-[0-9]{5}")).expect("fine");
        assert_eq!(
            (def.singular.as_str(), def.plural.as_str()),
            ("ticket", "tickets")
        );
    }
}
