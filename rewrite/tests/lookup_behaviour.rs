//! Behaviour tables for the lookup family (LLM201-LLM212): the generated Python runs under
//! `python3`, the generated Rust is compiled once and run, both on the same hand-written rows.

mod harness;

use std::process::Command;

use harness::{Case, Table, check_python, check_rust, report};
use llmlint_rewrite::{Dataset, Lookup, ReplacementSpec};
use serde_json::Value;

fn lookup(lookup: Lookup) -> ReplacementSpec {
    ReplacementSpec::Lookup { lookup }
}

fn reference(dataset: Dataset, from: &str, to: &str) -> ReplacementSpec {
    lookup(Lookup::Reference {
        dataset,
        from: from.into(),
        to: to.into(),
    })
}

fn units(from: &str, to: &str) -> ReplacementSpec {
    lookup(Lookup::UnitConversion {
        from: from.into(),
        to: to.into(),
    })
}

fn pairs(entries: &[(&str, &str)]) -> Vec<(String, String)> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn tables() -> Vec<Table> {
    use Dataset::*;
    vec![
        Table::load(
            "lookup/inline-sentiment",
            lookup(Lookup::Inline {
                entries: pairs(&[
                    ("Positive", "1"),
                    ("Negative", "-1"),
                    ("Neutral", "0"),
                    ("Very Negative", "-2"),
                ]),
                default: Some("unknown".into()),
            }),
        ),
        Table::load(
            "lookup/inline-priority",
            lookup(Lookup::Inline {
                entries: pairs(&[("high", "P1"), ("medium", "P2"), ("low", "P3")]),
                default: None,
            }),
        ),
        Table::load(
            "lookup/country-alpha2",
            reference(Countries, "name", "alpha2"),
        ),
        Table::load(
            "lookup/country-alpha3",
            reference(Countries, "country", "iso3"),
        ),
        Table::load(
            "lookup/country-name",
            reference(Countries, "alpha2", "name"),
        ),
        Table::load(
            "lookup/country-capital",
            reference(Countries, "name", "capital"),
        ),
        Table::load(
            "lookup/country-currency",
            reference(Countries, "name", "currency"),
        ),
        Table::load(
            "lookup/country-calling-code",
            reference(Countries, "name", "calling_code"),
        ),
        Table::load("lookup/country-tld", reference(Countries, "name", "tld")),
        Table::load(
            "lookup/http-reason",
            reference(HttpStatuses, "code", "reason"),
        ),
        Table::load(
            "lookup/http-code",
            reference(HttpStatuses, "reason", "status code"),
        ),
        Table::load(
            "lookup/currency-symbol",
            reference(Currencies, "code", "symbol"),
        ),
        Table::load(
            "lookup/currency-name",
            reference(Currencies, "code", "name"),
        ),
        Table::load("lookup/language-code", reference(Languages, "name", "code")),
        Table::load("lookup/language-name", reference(Languages, "code", "name")),
        Table::load(
            "lookup/us-state-code",
            reference(UsStates, "name", "abbreviation"),
        ),
        Table::load(
            "lookup/us-state-name",
            reference(UsStates, "abbreviation", "name"),
        ),
        Table::load(
            "lookup/mime-type",
            reference(MimeTypes, "extension", "mime"),
        ),
        Table::load(
            "lookup/mime-extension",
            reference(MimeTypes, "mime", "extension"),
        ),
        Table::load("lookup/weekday-name", reference(Weekdays, "number", "name")),
        Table::load(
            "lookup/weekday-number",
            reference(Weekdays, "name", "number"),
        ),
        Table::load("lookup/units-km-mi", units("km", "mi")),
        Table::load("lookup/units-mi-km", units("miles", "kilometers")),
        Table::load("lookup/units-f-c", units("°F", "°C")),
        Table::load("lookup/units-c-f", units("celsius", "fahrenheit")),
        Table::load("lookup/units-c-k", units("C", "K")),
        Table::load("lookup/units-kg-lb", units("kg", "lbs")),
        Table::load("lookup/units-ft-m", units("ft", "m")),
        Table::load("lookup/units-l-gal", units("liters", "gallons")),
        Table::load("lookup/units-in-cm", units("in", "cm")),
        Table::load("lookup/units-kmh-mph", units("km/h", "mph")),
        Table::load("lookup/units-gb-mib", units("GB", "MiB")),
        Table::load("lookup/units-hours-minutes", units("hours", "min")),
        Table::load(
            "lookup/currency-code",
            reference(Currencies, "name", "code"),
        ),
    ]
}

/// `date` run with `args`, trimmed: an independent clock reading for today's-date rows.
fn date_cmd(args: &[&str]) -> String {
    let out = Command::new("date").args(args).output().expect("run date");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Current-date tables; expected values from `date` (local time for Python, UTC for Rust, as
/// each generated helper documents).
fn current_date_tables(utc: bool) -> Vec<Table> {
    let date = |fmt: &str| {
        if utc {
            date_cmd(&["-u", fmt])
        } else {
            date_cmd(&[fmt])
        }
    };
    let table = |what: &str, expect: Value| Table {
        code: "LLM212".into(),
        name: format!("lookup/current-{what}"),
        spec: lookup(Lookup::CurrentDate { what: what.into() }),
        cases: vec![Case {
            input: Value::String(String::new()),
            expect,
        }],
        rust_arg: "arg".into(),
    };
    let year: i64 = date("+%Y").parse().expect("year");
    vec![
        table("date", Value::String(date("+%F"))),
        table("weekday", Value::String(date("+%A"))),
        table("year", Value::from(year)),
        table("month", Value::String(date("+%B"))),
    ]
}

#[test]
fn lookup_tables_pass_in_python_and_rust() {
    let mut python_tables = tables();
    python_tables.extend(current_date_tables(false));
    let mut rust_tables = tables();
    rust_tables.extend(current_date_tables(true));
    let python = check_python(&python_tables);
    let rust = check_rust("behaviour_lookup", &rust_tables);
    report("lookup family", &python_tables, &python, &rust);
    python.assert_ok();
    rust.assert_ok();
}

#[test]
fn every_lookup_subtype_has_a_table() {
    let mut tables = tables();
    tables.extend(current_date_tables(true));
    for n in 201..=212 {
        let code = format!("LLM{n}");
        assert!(
            tables.iter().any(|t| t.code == code),
            "no behaviour table for {code}"
        );
    }
}
