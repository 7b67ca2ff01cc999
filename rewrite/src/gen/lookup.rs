//! Generators for the lookup family: a key from a closed set mapped to a fixed value (a table
//! spelled out in the prompt, reference data shipped in `rewrite/data/`), unit conversion and
//! today's date.

pub mod reference;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::python_util::{const_name, py_float, py_str};
use super::rust_util::{ident, render};
use super::{GenContext, GenError, Generated, finish};
use crate::spec::{Dataset, Lookup, TargetLanguage};

pub(crate) fn generate(
    lookup: &Lookup,
    lang: TargetLanguage,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    match lookup {
        Lookup::Inline { entries, default } => inline(entries, default.as_deref(), lang, ctx),
        Lookup::Reference { dataset, from, to } => reference_lookup(*dataset, from, to, lang, ctx),
        Lookup::UnitConversion { from, to } => unit_conversion(from, to, lang, ctx),
        Lookup::CurrentDate { what } => current_date(what, lang, ctx),
    }
}

/// One lookup of every shape the generators know, for tests and audits.
pub fn example_lookups() -> Vec<Lookup> {
    let reference = |dataset, from: &str, to: &str| Lookup::Reference {
        dataset,
        from: from.into(),
        to: to.into(),
    };
    vec![
        Lookup::Inline {
            entries: vec![
                ("positive".into(), "1".into()),
                ("negative".into(), "-1".into()),
            ],
            default: Some("0".into()),
        },
        reference(Dataset::Countries, "name", "alpha2"),
        reference(Dataset::Countries, "alpha2", "name"),
        reference(Dataset::Countries, "name", "capital"),
        reference(Dataset::Countries, "name", "currency"),
        reference(Dataset::Countries, "name", "calling-code"),
        reference(Dataset::Countries, "name", "tld"),
        reference(Dataset::HttpStatuses, "code", "reason"),
        reference(Dataset::HttpStatuses, "reason", "code"),
        reference(Dataset::Currencies, "code", "symbol"),
        reference(Dataset::Languages, "name", "code"),
        reference(Dataset::UsStates, "name", "abbreviation"),
        reference(Dataset::MimeTypes, "extension", "mime"),
        reference(Dataset::Weekdays, "number", "name"),
        Lookup::UnitConversion {
            from: "km".into(),
            to: "mi".into(),
        },
        Lookup::CurrentDate {
            what: "date".into(),
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Key normalisation, shared by every table: trimmed, inner whitespace collapsed, lower case,
// typographic apostrophes made plain. Tables are keyed by the normalised form.

/// The normalised form of a table key, as the generated code computes it.
pub fn normalise_key(key: &str) -> String {
    key.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('\u{2019}', "'")
}

/// The file extension a lookup key names (`Report.PDF`, `.pdf`, `*.pdf`, `pdf` → `pdf`).
pub fn extension_key(key: &str) -> String {
    let lower = key.trim().to_lowercase();
    lower.rsplit('.').next().unwrap_or("").to_string()
}

const PY_NORMALISE: &str = "\" \".join(str({arg}).split()).lower().replace(\"\\u2019\", \"'\")";
const PY_EXTENSION: &str = "str({arg}).strip().lower().rsplit(\".\", 1)[-1]";

fn py_key_expr(template: &str, arg: &str) -> String {
    template.replace("{arg}", arg)
}

fn rs_key_expr(arg: &proc_macro2::Ident, extension: bool) -> TokenStream {
    if extension {
        quote! {
            let lower = #arg.trim().to_lowercase();
            let key = lower.rsplit('.').next().unwrap_or("");
        }
    } else {
        quote! {
            let key = #arg
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
                .replace('\u{2019}', "'");
            let key = key.as_str();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tables as data: (normalised key, value), sorted, first entry per key kept.

/// A value in a generated table: text, or a whole number (HTTP codes, weekday numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Text(String),
    Int(i64),
}

impl Value {
    fn py(&self) -> String {
        match self {
            Value::Text(s) => py_str(s),
            Value::Int(n) => n.to_string(),
        }
    }
    fn rs(&self) -> TokenStream {
        match self {
            Value::Text(s) => {
                let lit = Literal::string(s);
                quote!(#lit)
            }
            Value::Int(n) => {
                let lit = Literal::i64_unsuffixed(*n);
                quote!(#lit)
            }
        }
    }
}

struct KeyTable {
    /// Sorted by key (byte order), keys unique.
    entries: Vec<(String, Value)>,
    int_values: bool,
    extension_keys: bool,
}

impl KeyTable {
    fn new(pairs: Vec<(String, Value)>, extension_keys: bool) -> KeyTable {
        let int_values = pairs.iter().any(|(_, v)| matches!(v, Value::Int(_)));
        let mut entries: Vec<(String, Value)> = Vec::with_capacity(pairs.len());
        let mut seen = std::collections::HashSet::new();
        for (k, v) in pairs {
            if !k.is_empty() && seen.insert(k.clone()) {
                entries.push((k, v));
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        KeyTable {
            entries,
            int_values,
            extension_keys,
        }
    }

    fn python(&self, helper: &str, param: &str, default: Option<&str>) -> String {
        let table = const_name(helper, "TABLE");
        let mut out = format!("{table} = {{\n");
        for (k, v) in &self.entries {
            out.push_str(&format!("    {}: {},\n", py_str(k), v.py()));
        }
        out.push_str("}\n\n\n");
        let key = if self.extension_keys {
            py_key_expr(PY_EXTENSION, param)
        } else {
            py_key_expr(PY_NORMALISE, param)
        };
        let default = default
            .map(|d| format!(", {}", py_str(d)))
            .unwrap_or_default();
        out.push_str(&format!(
            "def {helper}({param}):\n    return {table}.get({key}{default})\n"
        ));
        out
    }

    fn rust(&self, helper: &str, param: &str, default: Option<&str>) -> Result<String, GenError> {
        let name = ident(helper);
        let arg = ident(param);
        let keys = self.entries.iter().map(|(k, _)| Literal::string(k));
        let values = self.entries.iter().map(|(_, v)| v.rs());
        let (value_ty, static_ty) = if self.int_values {
            (quote!(u16), quote!(u16))
        } else {
            (quote!(&'static str), quote!(&str))
        };
        let key_expr = rs_key_expr(&arg, self.extension_keys);
        let (ret_ty, tail) = match default {
            Some(d) => {
                let d = Literal::string(d);
                (quote!(#value_ty), quote!(.unwrap_or(#d)))
            }
            None => (quote!(Option<#value_ty>), quote!()),
        };
        render(quote! {
            pub fn #name(#arg: &str) -> #ret_ty {
                static TABLE: &[(&str, #static_ty)] = &[#((#keys, #values)),*];
                #key_expr
                TABLE
                    .binary_search_by(|(k, _)| (*k).cmp(key))
                    .ok()
                    .map(|i| TABLE[i].1)
                    #tail
            }
        })
    }

    fn generate(
        &self,
        helper: &str,
        param: &str,
        default: Option<&str>,
        lang: TargetLanguage,
        ctx: &GenContext,
    ) -> Result<Generated, GenError> {
        let helper = ctx.unique_name(helper);
        let value_py = if self.int_values { "int" } else { "str" };
        let value_rs = if self.int_values {
            "u16"
        } else {
            "&'static str"
        };
        let generated = match lang {
            TargetLanguage::Python => Generated {
                helper_code: self.python(&helper, param, default),
                returns: if default.is_some() {
                    value_py.to_string()
                } else {
                    format!("{value_py} | None")
                },
                ..Generated::default()
            },
            TargetLanguage::Rust => Generated {
                helper_code: self.rust(&helper, param, default)?,
                returns: if default.is_some() {
                    value_rs.to_string()
                } else {
                    format!("Option<{value_rs}>")
                },
                ..Generated::default()
            },
        };
        Ok(finish(
            Generated {
                helper_name: helper,
                ..generated
            },
            lang,
            ctx,
            &[],
            &[],
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Inline mappings.

fn inline(
    entries: &[(String, String)],
    default: Option<&str>,
    lang: TargetLanguage,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    if entries.is_empty() {
        return Err(GenError::Invalid("an inline mapping needs entries".into()));
    }
    let pairs = entries
        .iter()
        .map(|(k, v)| (normalise_key(k), Value::Text(v.clone())))
        .collect();
    let table = KeyTable::new(pairs, false);
    let mut generated = table.generate("apply_mapping", "value", default, lang, ctx)?;
    generated.assumptions.push(match default {
        Some(d) => {
            format!("keys match ignoring case and extra spaces; anything else maps to {d:?}")
        }
        None => {
            "keys match ignoring case and extra spaces; anything else gives no value".to_string()
        }
    });
    Ok(generated)
}

// ---------------------------------------------------------------------------------------------
// Reference data.

/// The header name of a dataset column named in a spec (`iso2`, `alpha-2`, `calling_code`...).
pub fn column_for(dataset: Dataset, name: &str) -> Option<&'static str> {
    let n = name.trim().to_lowercase().replace(['_', ' '], "-");
    let n = n.as_str();
    Some(match dataset {
        Dataset::Countries => match n {
            "name" | "country" | "country-name" | "english-name" | "short-name" => "name",
            "alpha2" | "alpha-2" | "iso2" | "iso-2" | "iso-alpha2" | "iso-alpha-2" | "code"
            | "iso" | "iso-code" | "country-code" | "iso-3166" | "iso-3166-1" => "alpha2",
            "alpha3" | "alpha-3" | "iso3" | "iso-3" | "iso-alpha3" | "iso-alpha-3" => "alpha3",
            "capital" | "capital-city" => "capital",
            "currency" | "currency-code" | "iso-4217" => "currency",
            "calling-code"
            | "dial-code"
            | "dialing-code"
            | "phone-code"
            | "country-calling-code"
            | "international-code"
            | "phone-prefix" => "calling_code",
            "tld" | "cctld" | "domain" | "top-level-domain" | "internet-domain" => "tld",
            _ => return None,
        },
        Dataset::HttpStatuses => match n {
            "code" | "status" | "status-code" | "number" => "code",
            "reason" | "phrase" | "reason-phrase" | "name" | "message" | "description" | "text" => {
                "reason"
            }
            _ => return None,
        },
        Dataset::Currencies => match n {
            "code" | "iso" | "currency-code" | "alpha3" | "iso-4217" => "code",
            "name" | "currency" | "currency-name" => "name",
            "symbol" | "sign" | "currency-symbol" => "symbol",
            _ => return None,
        },
        Dataset::Languages => match n {
            "code" | "iso" | "iso-639-1" | "alpha2" | "iso2" | "language-code" => "code",
            "alpha3" | "iso3" | "iso-639-2" => "alpha3",
            "name" | "language" | "language-name" | "english-name" => "name",
            _ => return None,
        },
        Dataset::UsStates => match n {
            "abbreviation" | "code" | "usps" | "postal-code" | "abbr" | "state-code" => "code",
            "name" | "state" | "state-name" => "name",
            _ => return None,
        },
        Dataset::MimeTypes => match n {
            "extension" | "ext" | "file-extension" | "suffix" => "extension",
            "mime" | "mime-type" | "media-type" | "content-type" | "type" => "mime",
            _ => return None,
        },
        Dataset::Weekdays => match n {
            "number" | "day-number" | "index" | "iso" | "weekday-number" => "number",
            "name" | "day" | "weekday" | "day-name" => "name",
            "abbreviation" | "abbr" | "short" | "short-name" => "abbreviation",
            _ => return None,
        },
    })
}

/// Helper name and parameter for a reference lookup.
fn reference_names(dataset: Dataset, from: &str, to: &str) -> (String, &'static str) {
    let named = |name: &str, param: &'static str| (name.to_string(), param);
    match (dataset, from, to) {
        (Dataset::Countries, "name", "alpha2") => named("to_iso_alpha2", "country"),
        (Dataset::Countries, "name", "alpha3") => named("to_iso_alpha3", "country"),
        (Dataset::Countries, _, "name") => named("country_name", "code"),
        (Dataset::Countries, "name", "capital") => named("capital_of", "country"),
        (Dataset::Countries, "name", "currency") => named("currency_of", "country"),
        (Dataset::Countries, "name", "calling_code") => named("calling_code_of", "country"),
        (Dataset::Countries, "name", "tld") => named("tld_of", "country"),
        (Dataset::Countries, f, t) => (format!("{f}_to_{t}"), "code"),
        (Dataset::HttpStatuses, "code", _) => named("http_reason", "status"),
        (Dataset::HttpStatuses, _, _) => named("http_status_code", "reason"),
        (Dataset::Currencies, _, "symbol") => named("currency_symbol", "currency"),
        (Dataset::Currencies, _, "name") => named("currency_name", "code"),
        (Dataset::Currencies, _, _) => named("currency_code", "currency"),
        (Dataset::Languages, _, "name") => named("language_name", "code"),
        (Dataset::Languages, _, "code") => named("language_code", "language"),
        (Dataset::Languages, _, _) => named("language_alpha3", "language"),
        (Dataset::UsStates, _, "code") => named("state_abbreviation", "state"),
        (Dataset::UsStates, _, _) => named("state_name", "code"),
        (Dataset::MimeTypes, _, "mime") => named("mime_type", "filename"),
        (Dataset::MimeTypes, _, _) => named("extension_for", "mime"),
        (Dataset::Weekdays, _, "name") => named("weekday_name", "number"),
        (Dataset::Weekdays, _, "number") => named("weekday_number", "day"),
        (Dataset::Weekdays, _, _) => named("weekday_abbreviation", "day"),
    }
}

/// The columns whose values are looked up when keying by `from` (a name also matches its
/// aliases).
fn key_columns(dataset: Dataset, from: &str) -> Vec<&'static str> {
    match (dataset, from) {
        (Dataset::Countries, "name") => vec!["name", "aliases", "alpha3", "alpha2"],
        (Dataset::Countries, "alpha2" | "alpha3") => vec!["alpha2", "alpha3"],
        (Dataset::Languages, "name") => vec!["name", "aliases"],
        (Dataset::Languages, "code") => vec!["code", "alpha3"],
        (Dataset::Currencies, "name") => vec!["name", "code"],
        (Dataset::Weekdays, "name") => vec!["name", "abbreviation"],
        (Dataset::Weekdays, "abbreviation") => vec!["abbreviation", "name"],
        (Dataset::UsStates, "name") => vec!["name", "code"],
        _ => {
            let col = match column_for(dataset, from) {
                Some(c) => c,
                None => return Vec::new(),
            };
            vec![col]
        }
    }
}

/// The key → value pairs of a reference lookup, in data order (first entry per key wins).
pub fn reference_pairs(
    dataset: Dataset,
    from: &str,
    to: &str,
) -> Result<Vec<(String, String)>, GenError> {
    let from_col = column_for(dataset, from)
        .ok_or_else(|| GenError::Unsupported(format!("no column {from:?} in {dataset:?}")))?;
    let to_col = column_for(dataset, to)
        .ok_or_else(|| GenError::Unsupported(format!("no column {to:?} in {dataset:?}")))?;
    if from_col == to_col {
        return Err(GenError::Invalid(format!(
            "a lookup from {from:?} to {to:?} maps a column to itself"
        )));
    }
    let table = reference::table(dataset);
    let to_index = table
        .column(to_col)
        .ok_or_else(|| GenError::Invalid(format!("data file lacks column {to_col}")))?;
    let extension = dataset == Dataset::MimeTypes && from_col == "extension";
    let mut pairs = Vec::new();
    // Whole columns first, so a name never loses to an alias or a code of another row.
    for col in key_columns(dataset, from_col) {
        let Some(from_index) = table.column(col) else {
            continue;
        };
        for row in &table.rows {
            let mut value = row[to_index].clone();
            if value.is_empty() {
                continue;
            }
            if to_col == "calling_code" {
                value = format!("+{value}");
            }
            for key in row[from_index].split(';') {
                let key = if extension {
                    extension_key(key)
                } else {
                    normalise_key(key)
                };
                if !key.is_empty() {
                    pairs.push((key, value.clone()));
                }
            }
        }
    }
    Ok(pairs)
}

fn reference_lookup(
    dataset: Dataset,
    from: &str,
    to: &str,
    lang: TargetLanguage,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    let from_col = column_for(dataset, from)
        .ok_or_else(|| GenError::Unsupported(format!("no column {from:?} in {dataset:?}")))?;
    let to_col = column_for(dataset, to)
        .ok_or_else(|| GenError::Unsupported(format!("no column {to:?} in {dataset:?}")))?;
    let (helper, param) = reference_names(dataset, from_col, to_col);

    if lang == TargetLanguage::Python {
        if dataset == Dataset::HttpStatuses {
            return python_http_status(&helper, param, to_col, ctx);
        }
        if dataset == Dataset::Countries
            && ctx.has_module("pycountry")
            && ["name", "alpha2", "alpha3"].contains(&to_col)
            && ["name", "alpha2", "alpha3"].contains(&from_col)
        {
            return python_pycountry(&helper, param, to_col, ctx);
        }
    }

    let int_values = matches!(
        (dataset, to_col),
        (Dataset::HttpStatuses, "code") | (Dataset::Weekdays, "number")
    );
    let pairs = reference_pairs(dataset, from_col, to_col)?
        .into_iter()
        .map(|(k, v)| {
            let value = match v.parse::<i64>() {
                Ok(n) if int_values => Value::Int(n),
                _ => Value::Text(v),
            };
            (k, value)
        })
        .collect();
    let extension = dataset == Dataset::MimeTypes && from_col == "extension";
    let table = KeyTable::new(pairs, extension);
    let mut generated = table.generate(&helper, param, None, lang, ctx)?;
    generated.assumptions.push(format!(
        "looks the {from} up in a table of {} entries shipped with llmlint; unknown keys give no value",
        table.entries.len()
    ));
    if dataset == Dataset::Countries && from_col == "name" {
        generated
            .assumptions
            .push("country names match ignoring case, and common aliases (USA, UK) too".into());
    }
    Ok(generated)
}

fn python_http_status(
    helper: &str,
    param: &str,
    to_col: &str,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    let helper = ctx.unique_name(helper);
    let (code, returns) = if to_col == "reason" {
        (
            format!(
                "def {helper}({param}):\n    try:\n        return http.HTTPStatus(int(str({param}).strip())).phrase\n    except ValueError:\n        return None\n"
            ),
            "str | None",
        )
    } else {
        let table = const_name(&helper, "TABLE");
        let key = py_key_expr(PY_NORMALISE, param);
        (
            format!(
                "{table} = {{status.phrase.lower(): status.value for status in http.HTTPStatus}}\n\n\ndef {helper}({param}):\n    return {table}.get({key})\n"
            ),
            "int | None",
        )
    };
    let generated = Generated {
        helper_name: helper,
        helper_code: code,
        returns: returns.into(),
        assumptions: vec![
            "uses the reason phrases of python's http.HTTPStatus; unknown statuses give None"
                .into(),
        ],
        ..Generated::default()
    };
    Ok(finish(
        generated,
        TargetLanguage::Python,
        ctx,
        &["http"],
        &[],
    ))
}

fn python_pycountry(
    helper: &str,
    param: &str,
    to_col: &str,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    let helper = ctx.unique_name(helper);
    let attr = match to_col {
        "alpha2" => "alpha_2",
        "alpha3" => "alpha_3",
        _ => "name",
    };
    let code = format!(
        "def {helper}({param}):\n    try:\n        return pycountry.countries.lookup(\" \".join(str({param}).split())).{attr}\n    except LookupError:\n        return None\n"
    );
    let generated = Generated {
        helper_name: helper,
        helper_code: code,
        returns: "str | None".into(),
        assumptions: vec![
            "uses pycountry, which matches ISO names and codes but not informal names like UK"
                .into(),
        ],
        ..Generated::default()
    };
    Ok(finish(
        generated,
        TargetLanguage::Python,
        ctx,
        &["pycountry"],
        &[],
    ))
}

// ---------------------------------------------------------------------------------------------
// Unit conversion with exact factors.

/// A unit: its dimension, the factor to the dimension's base unit, and the name used in
/// helper names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    pub dimension: &'static str,
    /// Base units: metre, kilogram, litre, second, metre per second, byte; temperatures are
    /// handled by formula.
    pub factor: f64,
    pub name: &'static str,
}

/// The unit a spec names (`km`, `miles`, `°F`, `lbs`, `gallons`...).
pub fn unit(name: &str) -> Option<Unit> {
    let n = name
        .trim()
        .to_lowercase()
        .replace(['°', '.'], "")
        .replace("degrees ", "")
        .replace("degree ", "");
    let u = |dimension, factor, name| Unit {
        dimension,
        factor,
        name,
    };
    Some(match n.trim() {
        "km" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => u("length", 1000.0, "km"),
        "m" | "meter" | "meters" | "metre" | "metres" => u("length", 1.0, "meters"),
        "cm" | "centimeter" | "centimeters" | "centimetre" | "centimetres" => {
            u("length", 0.01, "cm")
        }
        "mm" | "millimeter" | "millimeters" | "millimetre" | "millimetres" => {
            u("length", 0.001, "mm")
        }
        "mi" | "mile" | "miles" => u("length", 1609.344, "miles"),
        "yd" | "yard" | "yards" => u("length", 0.9144, "yards"),
        "ft" | "foot" | "feet" => u("length", 0.3048, "feet"),
        "in" | "inch" | "inches" => u("length", 0.0254, "inches"),
        "nmi" | "nautical mile" | "nautical miles" => u("length", 1852.0, "nautical_miles"),
        "kg" | "kilogram" | "kilograms" | "kilo" | "kilos" => u("mass", 1.0, "kg"),
        "g" | "gram" | "grams" => u("mass", 0.001, "grams"),
        "mg" | "milligram" | "milligrams" => u("mass", 0.000001, "mg"),
        "t" | "tonne" | "tonnes" | "metric ton" | "metric tons" => u("mass", 1000.0, "tonnes"),
        "lb" | "lbs" | "pound" | "pounds" => u("mass", 0.45359237, "pounds"),
        "oz" | "ounce" | "ounces" => u("mass", 0.028349523125, "ounces"),
        "st" | "stone" | "stones" => u("mass", 6.35029318, "stone"),
        "l" | "liter" | "liters" | "litre" | "litres" => u("volume", 1.0, "liters"),
        "ml" | "milliliter" | "milliliters" | "millilitre" | "millilitres" => {
            u("volume", 0.001, "ml")
        }
        "gal" | "gallon" | "gallons" | "us gallon" | "us gallons" => {
            u("volume", 3.785411784, "gallons")
        }
        "imperial gallon" | "imperial gallons" | "uk gallon" | "uk gallons" => {
            u("volume", 4.54609, "imperial_gallons")
        }
        "qt" | "quart" | "quarts" => u("volume", 0.946352946, "quarts"),
        "pt" | "pint" | "pints" => u("volume", 0.473176473, "pints"),
        "cup" | "cups" => u("volume", 0.2365882365, "cups"),
        "fl oz" | "floz" | "fluid ounce" | "fluid ounces" => {
            u("volume", 0.0295735295625, "fluid_ounces")
        }
        "c" | "celsius" | "centigrade" => u("temperature", 0.0, "celsius"),
        "f" | "fahrenheit" => u("temperature", 0.0, "fahrenheit"),
        "k" | "kelvin" | "kelvins" => u("temperature", 0.0, "kelvin"),
        "s" | "sec" | "second" | "seconds" => u("time", 1.0, "seconds"),
        "ms" | "millisecond" | "milliseconds" => u("time", 0.001, "milliseconds"),
        "min" | "minute" | "minutes" => u("time", 60.0, "minutes"),
        "h" | "hr" | "hour" | "hours" => u("time", 3600.0, "hours"),
        "d" | "day" | "days" => u("time", 86400.0, "days"),
        "wk" | "week" | "weeks" => u("time", 604800.0, "weeks"),
        "km/h" | "kph" | "kmh" | "kilometers per hour" | "kilometres per hour" => {
            u("speed", 1000.0 / 3600.0, "kmh")
        }
        "mph" | "miles per hour" => u("speed", 1609.344 / 3600.0, "mph"),
        "m/s" | "meters per second" | "metres per second" => u("speed", 1.0, "mps"),
        "kn" | "kt" | "knot" | "knots" => u("speed", 1852.0 / 3600.0, "knots"),
        "b" | "byte" | "bytes" => u("data", 1.0, "bytes"),
        "kb" | "kilobyte" | "kilobytes" => u("data", 1e3, "kb"),
        "mb" | "megabyte" | "megabytes" => u("data", 1e6, "mb"),
        "gb" | "gigabyte" | "gigabytes" => u("data", 1e9, "gb"),
        "tb" | "terabyte" | "terabytes" => u("data", 1e12, "tb"),
        "kib" | "kibibyte" | "kibibytes" => u("data", 1024.0, "kib"),
        "mib" | "mebibyte" | "mebibytes" => u("data", 1048576.0, "mib"),
        "gib" | "gibibyte" | "gibibytes" => u("data", 1073741824.0, "gib"),
        _ => return None,
    })
}

/// The arithmetic of a conversion, on a variable named `v`, in a syntax both Python and Rust
/// read (float literals with a dot, `+ - * /`, parentheses).
fn conversion_formula(from: Unit, to: Unit) -> String {
    let f = |x: f64| py_float(x);
    if from.dimension == "temperature" {
        return match (from.name, to.name) {
            ("celsius", "fahrenheit") => "v * 9.0 / 5.0 + 32.0".into(),
            ("fahrenheit", "celsius") => "(v - 32.0) * 5.0 / 9.0".into(),
            ("celsius", "kelvin") => "v + 273.15".into(),
            ("kelvin", "celsius") => "v - 273.15".into(),
            ("fahrenheit", "kelvin") => "(v - 32.0) * 5.0 / 9.0 + 273.15".into(),
            ("kelvin", "fahrenheit") => "(v - 273.15) * 9.0 / 5.0 + 32.0".into(),
            _ => "v".into(),
        };
    }
    // Exact products of the stated factors; speeds carry their own ratio.
    let (a, b) = (from.factor, to.factor);
    if b == 1.0 {
        format!("v * {}", f(a))
    } else if a == 1.0 {
        format!("v / {}", f(b))
    } else {
        format!("v * {} / {}", f(a), f(b))
    }
}

/// The number regex the generated code uses to read a quantity (`10`, `-40`, `1,000.5 km`).
pub const QUANTITY_RE: &str = r"[-+]?[0-9]+(?:\.[0-9]+)?";

fn unit_conversion(
    from: &str,
    to: &str,
    lang: TargetLanguage,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    let from_unit =
        unit(from).ok_or_else(|| GenError::Unsupported(format!("unknown unit {from:?}")))?;
    let to_unit = unit(to).ok_or_else(|| GenError::Unsupported(format!("unknown unit {to:?}")))?;
    if from_unit.dimension != to_unit.dimension {
        return Err(GenError::Invalid(format!(
            "cannot convert {from:?} ({}) to {to:?} ({})",
            from_unit.dimension, to_unit.dimension
        )));
    }
    let helper = ctx.unique_name(&format!("{}_to_{}", from_unit.name, to_unit.name));
    let param = from_unit.name;
    let formula = conversion_formula(from_unit, to_unit);
    let assumption = "reads the first number in the input (commas as thousands separators) and returns an unrounded float, or none when there is no number".to_string();
    match lang {
        TargetLanguage::Python => {
            let re_name = const_name(&helper, "NUMBER_RE");
            let code = format!(
                "{re_name} = re.compile(r\"{QUANTITY_RE}\")\n\n\ndef {helper}({param}):\n    if isinstance({param}, (int, float)):\n        v = float({param})\n    else:\n        match = {re_name}.search(str({param}).replace(\",\", \"\"))\n        if match is None:\n            return None\n        v = float(match.group())\n    return {formula}\n"
            );
            let generated = Generated {
                helper_name: helper,
                helper_code: code,
                returns: "float | None".into(),
                assumptions: vec![assumption],
                regexes: vec![QUANTITY_RE.to_string()],
                ..Generated::default()
            };
            Ok(finish(generated, lang, ctx, &["re"], &[]))
        }
        TargetLanguage::Rust => {
            let name = ident(&helper);
            let arg = ident(param);
            let formula: TokenStream = formula
                .parse()
                .map_err(|_| GenError::Invalid("conversion formula does not parse".into()))?;
            let code = render(quote! {
                pub fn #name(#arg: &str) -> Option<f64> {
                    // The first number in the text: optional sign, digits, optional decimals.
                    let text = #arg.replace(',', "");
                    let bytes = text.as_bytes();
                    let start = (0..bytes.len()).find(|&i| {
                        bytes[i].is_ascii_digit()
                            || (matches!(bytes[i], b'-' | b'+')
                                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
                    })?;
                    let mut end = start + 1;
                    while end < bytes.len() && bytes[end].is_ascii_digit() {
                        end += 1;
                    }
                    if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
                        end += 1;
                        while end < bytes.len() && bytes[end].is_ascii_digit() {
                            end += 1;
                        }
                    }
                    let v: f64 = text[start..end].parse().ok()?;
                    Some(#formula)
                }
            })?;
            let generated = Generated {
                helper_name: helper,
                helper_code: code,
                returns: "Option<f64>".into(),
                assumptions: vec![assumption],
                ..Generated::default()
            };
            Ok(finish(generated, lang, ctx, &[], &[]))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Today's date.

/// What a current-date lookup returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DatePart {
    IsoDate,
    Weekday,
    Year,
    Month,
    Time,
    DateTime,
}

fn date_part(what: &str) -> Option<DatePart> {
    let w = what.trim().to_lowercase().replace(['_', ' '], "-");
    Some(match w.as_str() {
        "" | "date" | "today" | "iso-date" | "current-date" | "todays-date" => DatePart::IsoDate,
        "weekday" | "day" | "day-of-week" | "day-of-the-week" | "weekday-name" => DatePart::Weekday,
        "year" | "current-year" => DatePart::Year,
        "month" | "month-name" | "current-month" => DatePart::Month,
        "time" | "current-time" | "clock" => DatePart::Time,
        "datetime" | "date-time" | "now" | "timestamp" => DatePart::DateTime,
        _ => return None,
    })
}

fn current_date(what: &str, lang: TargetLanguage, ctx: &GenContext) -> Result<Generated, GenError> {
    let part = date_part(what)
        .ok_or_else(|| GenError::Unsupported(format!("unknown date part {what:?}")))?;
    let base = match part {
        DatePart::IsoDate => "today_iso",
        DatePart::Weekday => "current_weekday",
        DatePart::Year => "current_year",
        DatePart::Month => "current_month",
        DatePart::Time => "current_time",
        DatePart::DateTime => "current_datetime",
    };
    let helper = ctx.unique_name(base);
    let mut generated = match lang {
        TargetLanguage::Python => {
            let (body, returns) = match part {
                DatePart::IsoDate => ("return datetime.date.today().isoformat()".to_string(), "str"),
                DatePart::Weekday => (
                    "return (\"Monday\", \"Tuesday\", \"Wednesday\", \"Thursday\", \"Friday\", \"Saturday\", \"Sunday\")[datetime.date.today().weekday()]".to_string(),
                    "str",
                ),
                DatePart::Year => ("return datetime.date.today().year".to_string(), "int"),
                DatePart::Month => (
                    "return (\"January\", \"February\", \"March\", \"April\", \"May\", \"June\", \"July\", \"August\", \"September\", \"October\", \"November\", \"December\")[datetime.date.today().month - 1]".to_string(),
                    "str",
                ),
                DatePart::Time => (
                    "return datetime.datetime.now().strftime(\"%H:%M\")".to_string(),
                    "str",
                ),
                DatePart::DateTime => (
                    "return datetime.datetime.now().isoformat(timespec=\"seconds\")".to_string(),
                    "str",
                ),
            };
            let generated = Generated {
                helper_name: helper.clone(),
                helper_code: format!("def {helper}():\n    {body}\n"),
                returns: returns.into(),
                assumptions: vec!["uses the local clock of the machine running the code".into()],
                ..Generated::default()
            };
            finish(generated, lang, ctx, &["datetime"], &[])
        }
        TargetLanguage::Rust => {
            let name = ident(&helper);
            let (ret, tail) = match part {
                DatePart::IsoDate => (
                    quote!(String),
                    quote!(format!("{year:04}-{month:02}-{day:02}")),
                ),
                DatePart::Weekday => (
                    quote!(&'static str),
                    quote! {
                        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
                            [(days + 3).rem_euclid(7) as usize]
                    },
                ),
                DatePart::Year => (quote!(i64), quote!(year)),
                DatePart::Month => (
                    quote!(&'static str),
                    quote! {
                        ["January", "February", "March", "April", "May", "June", "July",
                         "August", "September", "October", "November", "December"]
                            [(month - 1) as usize]
                    },
                ),
                DatePart::Time => (
                    quote!(String),
                    quote!(format!(
                        "{:02}:{:02}",
                        secs_of_day / 3600,
                        secs_of_day % 3600 / 60
                    )),
                ),
                DatePart::DateTime => (
                    quote!(String),
                    quote!(format!(
                        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
                        secs_of_day / 3600,
                        secs_of_day % 3600 / 60,
                        secs_of_day % 60
                    )),
                ),
            };
            let code = render(quote! {
                pub fn #name() -> #ret {
                    let secs = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_secs() as i64)
                        .unwrap_or(0);
                    let days = secs.div_euclid(86_400);
                    let secs_of_day = secs.rem_euclid(86_400);
                    // Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
                    let z = days + 719_468;
                    let era = z.div_euclid(146_097);
                    let doe = z.rem_euclid(146_097);
                    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
                    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
                    let mp = (5 * doy + 2) / 153;
                    let day = doy - (153 * mp + 2) / 5 + 1;
                    let month = if mp < 10 { mp + 3 } else { mp - 9 };
                    let year = yoe + era * 400 + i64::from(month <= 2);
                    let _ = (year, month, day, secs_of_day);
                    #tail
                }
            })?;
            let generated = Generated {
                helper_name: helper.clone(),
                helper_code: code,
                returns: match part {
                    DatePart::Weekday | DatePart::Month => "&'static str",
                    DatePart::Year => "i64",
                    _ => "String",
                }
                .into(),
                assumptions: vec!["uses the system clock in UTC (std has no time zones)".into()],
                ..Generated::default()
            };
            finish(generated, lang, ctx, &[], &[])
        }
    };
    generated.call_expr = format!("{helper}()");
    Ok(generated)
}
