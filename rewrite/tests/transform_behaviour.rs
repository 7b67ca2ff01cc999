//! Behaviour tables for the transform family (LLM401-LLM413): the generated Python runs under
//! `python3`, the generated Rust is compiled once and run, both on the same hand-written rows.

mod harness;

use std::process::Command;

use harness::{Table, check_python, check_rust, report};
use llmlint_rewrite::{ReplacementSpec, Transform};

fn tr(transform: Transform) -> ReplacementSpec {
    ReplacementSpec::Transform { transform }
}

fn date(from: Option<&str>, to: &str) -> ReplacementSpec {
    tr(Transform::ReformatDate {
        from: from.map(str::to_string),
        to: to.to_string(),
    })
}

fn sep(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn path(keys: &[&str]) -> ReplacementSpec {
    tr(Transform::JsonField {
        path: keys.iter().map(|k| k.to_string()).collect(),
    })
}

fn phone(region: Option<&str>) -> ReplacementSpec {
    tr(Transform::PhoneE164 {
        region: region.map(str::to_string),
    })
}

fn tables() -> Vec<Table> {
    use Transform::*;
    vec![
        Table::load("transform/upper", tr(Upper)),
        Table::load("transform/lower", tr(Lower)),
        Table::load("transform/title", tr(Title)),
        Table::load("transform/snake", tr(SnakeCase)),
        Table::load("transform/camel", tr(CamelCase)),
        Table::load("transform/trim", tr(Trim)),
        Table::load("transform/collapse", tr(CollapseWhitespace)),
        Table::load("transform/slugify", tr(Slugify)),
        Table::load(
            "transform/date-mdy-iso",
            date(Some("MM/DD/YYYY"), "YYYY-MM-DD"),
        ),
        Table::load(
            "transform/date-dmy-long",
            date(Some("dd/mm/yyyy"), "D MMMM YYYY"),
        ),
        Table::load("transform/date-common-iso", date(None, "ISO 8601")),
        Table::load("transform/date-weekday", date(None, "dddd")),
        Table::load(
            "transform/date-iso-weekday",
            date(Some("%Y-%m-%d"), "dddd, MMMM D, YYYY"),
        ),
        Table::load(
            "transform/date-two-digit-year",
            date(Some("DD.MM.YY"), "YYYY-MM-DD"),
        ),
        Table::load(
            "transform/date-time-reorder",
            date(Some("YYYY-MM-DD HH:mm"), "DD/MM/YYYY HH:mm"),
        ),
        Table::load(
            "transform/date-from-unix",
            date(Some("Unix timestamp"), "ISO 8601"),
        ),
        Table::load(
            "transform/date-to-unix",
            date(Some("YYYY-MM-DD HH:MM:SS"), "unix epoch"),
        ),
        Table::load(
            "transform/date-words",
            date(Some("Month Day, Year"), "DD-MON-YYYY"),
        ),
        Table::load("transform/date-rfc2822", date(Some("ISO 8601"), "RFC 2822")),
        Table::load("transform/csv-to-json", tr(CsvToJson)),
        Table::load("transform/json-to-csv", tr(JsonToCsv)),
        Table::load(
            "transform/json-field-nested",
            path(&["user", "address", "city"]),
        ),
        Table::load("transform/json-field-index", path(&["items", "1", "sku"])),
        Table::load("transform/sort-json-keys", tr(SortJsonKeys)),
        Table::load("transform/count-words", tr(CountWords)),
        Table::load(
            "transform/count-occurrences",
            tr(CountOccurrences { needle: "r".into() }),
        ),
        Table::load("transform/count-chars", tr(CountChars)),
        Table::load("transform/count-lines", tr(CountItems { separator: None })),
        Table::load(
            "transform/count-commas",
            tr(CountItems {
                separator: sep(","),
            }),
        ),
        Table::load("transform/sum", tr(Sum)),
        Table::load("transform/evaluate", tr(Evaluate)),
        Table::load("transform/average", tr(Average)),
        Table::load("transform/max", tr(Max)),
        Table::load("transform/min", tr(Min)),
        Table::load("transform/median", tr(Median)),
        Table::load(
            "transform/formula-add",
            tr(Formula {
                expr: "x + 1".into(),
            }),
        ),
        Table::load(
            "transform/formula-percent",
            tr(Formula {
                expr: "15 / 100 * x".into(),
            }),
        ),
        Table::load(
            "transform/formula-root",
            tr(Formula {
                expr: "sqrt(x) + 2 ^ 3".into(),
            }),
        ),
        Table::load("transform/days-between", tr(DaysBetween)),
        Table::load("transform/std-dev", tr(StdDev)),
        Table::load(
            "transform/stats-mean-std",
            tr(Stats {
                stats: vec!["mean".into(), "std_dev".into()],
            }),
        ),
        Table::load(
            "transform/stats-sum-median-max",
            tr(Stats {
                stats: vec!["sum".into(), "median".into(), "max".into()],
            }),
        ),
        Table::load(
            "transform/sort-alpha-comma",
            tr(SortItems {
                separator: sep(","),
                descending: false,
                numeric: false,
            }),
        ),
        Table::load(
            "transform/sort-alpha-desc-lines",
            tr(SortItems {
                separator: None,
                descending: true,
                numeric: false,
            }),
        ),
        Table::load(
            "transform/sort-numeric-lines",
            tr(SortItems {
                separator: None,
                descending: false,
                numeric: true,
            }),
        ),
        Table::load(
            "transform/sort-numeric-desc",
            tr(SortItems {
                separator: sep(";"),
                descending: true,
                numeric: true,
            }),
        ),
        Table::load(
            "transform/dedupe-lines",
            tr(Dedupe {
                separator: None,
                sort: false,
            }),
        ),
        Table::load(
            "transform/dedupe-commas",
            tr(Dedupe {
                separator: sep(","),
                sort: false,
            }),
        ),
        Table::load(
            "transform/dedupe-sorted",
            tr(Dedupe {
                separator: sep(","),
                sort: true,
            }),
        ),
        Table::load("transform/phone-us", phone(Some("US"))),
        Table::load("transform/phone-uk", phone(Some("UK"))),
        Table::load("transform/phone-fr", phone(Some("France"))),
        Table::load("transform/phone-de", phone(Some("DE"))),
        Table::load("transform/phone-it", phone(Some("IT"))),
        Table::load("transform/phone-any", phone(None)),
        Table::load("transform/markdown", tr(MarkdownToHtml)),
    ]
}

/// Whether python3 can import `module` (the markdown package is the user's dependency, not
/// the standard library's).
fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn transform_tables_pass_in_python_and_rust() {
    let tables = tables();
    let mut python_tables = tables.clone();
    if !python_has("markdown") {
        eprintln!(
            "python3 lacks the markdown package (pip install markdown): the markdown table runs in rust only"
        );
        python_tables.retain(|t| t.spec != tr(Transform::MarkdownToHtml));
    }
    let python = check_python(&python_tables);
    let rust = check_rust("behaviour_transform", &tables);
    report("transform family", &tables, &python, &rust);
    python.assert_ok();
    rust.assert_ok();
}

#[test]
fn every_transform_subtype_has_a_table() {
    let tables = tables();
    for n in 401..=413 {
        let code = format!("LLM{n}");
        assert!(
            tables.iter().any(|t| t.code == code),
            "no behaviour table for {code}"
        );
    }
}
