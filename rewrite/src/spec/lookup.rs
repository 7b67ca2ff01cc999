//! Lookups (owned by the lookup/transform generators).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "lookup", rename_all = "kebab-case")]
pub enum Lookup {
    /// A table spelled out in the prompt (its lines or few-shot examples).
    Inline {
        entries: Vec<(String, String)>,
        default: Option<String>,
    },
    /// Well-known reference data shipped with llmlint (`rewrite/data/*.tsv`). `from` / `to`
    /// name columns; common spellings are accepted (`iso2`, `alpha-2`, `calling_code`,
    /// `usps`...), see `gen::lookup::column_for`.
    Reference {
        dataset: Dataset,
        from: String,
        to: String,
    },
    /// `from`/`to` units as the prompt names them (`km`, `mi`, `°F`, `°C`, `kg`, `lb`).
    UnitConversion { from: String, to: String },
    /// Today's date / weekday / time.
    CurrentDate { what: String },
}

/// Reference data sets; `from` / `to` name their columns (`name`, `alpha2`, `alpha3`,
/// `capital`, `currency`, `calling-code`, `tld`, `code`, `reason`, `symbol`, `abbreviation`,
/// `mime`, `extension`, `number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dataset {
    Countries,
    HttpStatuses,
    Currencies,
    Languages,
    UsStates,
    MimeTypes,
    Weekdays,
}
