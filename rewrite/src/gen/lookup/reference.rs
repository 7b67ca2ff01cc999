//! Reference tables shipped with llmlint (`rewrite/data/*.tsv`), parsed at generation time.
//!
//! Each file is tab-separated text: `#` comment lines naming the standard and its date, one
//! header line naming the columns, then one row per entry. A cell may hold several values
//! separated by `;` (aliases).

use std::sync::LazyLock;

use crate::spec::Dataset;

/// One parsed data file: its column names and rows (cells trimmed, missing cells empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Parse the tab-separated text of a data file.
    pub fn parse(text: &str) -> Table {
        let mut lines = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        let columns: Vec<String> = lines
            .next()
            .map(|h| h.split('\t').map(|c| c.trim().to_string()).collect())
            .unwrap_or_default();
        let rows = lines
            .map(|line| {
                let mut cells: Vec<String> =
                    line.split('\t').map(|c| c.trim().to_string()).collect();
                cells.resize(columns.len(), String::new());
                cells
            })
            .collect();
        Table { columns, rows }
    }

    /// Index of a column by its header name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The values of one column, row by row (empty string where a row has none).
    pub fn values(&self, column: &str) -> Vec<&str> {
        match self.column(column) {
            Some(i) => self.rows.iter().map(|r| r[i].as_str()).collect(),
            None => Vec::new(),
        }
    }
}

pub const COUNTRIES_TSV: &str = include_str!("../../../data/countries.tsv");
pub const HTTP_STATUSES_TSV: &str = include_str!("../../../data/http_statuses.tsv");
pub const CURRENCIES_TSV: &str = include_str!("../../../data/currencies.tsv");
pub const LANGUAGES_TSV: &str = include_str!("../../../data/languages.tsv");
pub const US_STATES_TSV: &str = include_str!("../../../data/us_states.tsv");
pub const MIME_TYPES_TSV: &str = include_str!("../../../data/mime_types.tsv");
pub const WEEKDAYS_TSV: &str = include_str!("../../../data/weekdays.tsv");
pub const LATIN_FOLD_TSV: &str = include_str!("../../../data/latin_fold.tsv");

static COUNTRIES: LazyLock<Table> = LazyLock::new(|| Table::parse(COUNTRIES_TSV));
static HTTP_STATUSES: LazyLock<Table> = LazyLock::new(|| Table::parse(HTTP_STATUSES_TSV));
static CURRENCIES: LazyLock<Table> = LazyLock::new(|| Table::parse(CURRENCIES_TSV));
static LANGUAGES: LazyLock<Table> = LazyLock::new(|| Table::parse(LANGUAGES_TSV));
static US_STATES: LazyLock<Table> = LazyLock::new(|| Table::parse(US_STATES_TSV));
static MIME_TYPES: LazyLock<Table> = LazyLock::new(|| Table::parse(MIME_TYPES_TSV));
static WEEKDAYS: LazyLock<Table> = LazyLock::new(|| Table::parse(WEEKDAYS_TSV));
static LATIN_FOLD: LazyLock<Table> = LazyLock::new(|| Table::parse(LATIN_FOLD_TSV));

/// The parsed table of a dataset.
pub fn table(dataset: Dataset) -> &'static Table {
    match dataset {
        Dataset::Countries => &COUNTRIES,
        Dataset::HttpStatuses => &HTTP_STATUSES,
        Dataset::Currencies => &CURRENCIES,
        Dataset::Languages => &LANGUAGES,
        Dataset::UsStates => &US_STATES,
        Dataset::MimeTypes => &MIME_TYPES,
        Dataset::Weekdays => &WEEKDAYS,
    }
}

/// Latin letters and the ASCII text they fold to for slugs (`é` → `e`, `ß` → `ss`).
pub fn latin_fold() -> Vec<(char, &'static str)> {
    LATIN_FOLD
        .rows
        .iter()
        .filter_map(|r| {
            let mut chars = r[0].chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some((c, r[1].as_str())),
                _ => None,
            }
        })
        .collect()
}

/// Every dataset, for tests and audits.
pub const ALL_DATASETS: [Dataset; 7] = [
    Dataset::Countries,
    Dataset::HttpStatuses,
    Dataset::Currencies,
    Dataset::Languages,
    Dataset::UsStates,
    Dataset::MimeTypes,
    Dataset::Weekdays,
];
