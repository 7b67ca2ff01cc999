//! Behaviour tables for the validation family (LLM301-LLM314): the generated Python runs
//! under `python3`, the generated Rust is compiled once and run, both on the same rows.

mod harness;

use harness::{Table, check_python, check_rust, report};
use llmlint_rewrite::{FieldCheck, FieldRule, ReplacementSpec, Validator};

fn field(name: &str, required: bool, check: FieldCheck) -> FieldRule {
    FieldRule {
        name: name.into(),
        required,
        check,
    }
}

fn v(validator: Validator) -> ReplacementSpec {
    ReplacementSpec::Validate { validator }
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn tables() -> Vec<Table> {
    vec![
        Table::load("validate/json", v(Validator::Json)),
        Table::load(
            "validate/json-fields",
            v(Validator::JsonFields {
                fields: vec!["id".into(), "name".into()],
            }),
        ),
        Table::load("validate/email", v(Validator::Email)),
        Table::load(
            "validate/record",
            v(Validator::Record {
                fields: vec![
                    field("name", true, FieldCheck::Any),
                    field(
                        "phone",
                        true,
                        FieldCheck::Phone {
                            plus: true,
                            min_digits: 10,
                            max_digits: 15,
                        },
                    ),
                    field("country", false, FieldCheck::CountryAlpha2),
                    field("age", false, FieldCheck::Positive),
                    field("email", false, FieldCheck::Email),
                    field("birth_date", false, FieldCheck::Date),
                    field("website", false, FieldCheck::Url),
                ],
            }),
        ),
        Table::load("validate/url", v(Validator::Url)),
        Table::load("validate/date-iso", v(Validator::Date { format: None })),
        Table::load(
            "validate/date-dmy",
            v(Validator::Date {
                format: some("DD/MM/YYYY"),
            }),
        ),
        Table::load(
            "validate/date-long",
            v(Validator::Date {
                format: some("Month D, YYYY"),
            }),
        ),
        Table::load(
            "validate/date-iso8601",
            v(Validator::Date {
                format: some("ISO 8601"),
            }),
        ),
        Table::load("validate/uuid", v(Validator::Uuid)),
        Table::load("validate/ipv4", v(Validator::Ipv4)),
        Table::load("validate/ipv6", v(Validator::Ipv6)),
        Table::load("validate/ip", v(Validator::Ip)),
        Table::load(
            "validate/phone-us",
            v(Validator::Phone { region: some("US") }),
        ),
        Table::load("validate/phone-e164", v(Validator::Phone { region: None })),
        Table::load(
            "validate/phone-fr",
            v(Validator::Phone { region: some("FR") }),
        ),
        Table::load("validate/card", v(Validator::CardLuhn)),
        Table::load(
            "validate/postal-us",
            v(Validator::PostalCode { country: None }),
        ),
        Table::load(
            "validate/postal-gb",
            v(Validator::PostalCode {
                country: some("UK"),
            }),
        ),
        Table::load(
            "validate/postal-ca",
            v(Validator::PostalCode {
                country: some("CA"),
            }),
        ),
        Table::load(
            "validate/length",
            v(Validator::Length {
                min: Some(2),
                max: Some(10),
            }),
        ),
        Table::load(
            "validate/range",
            v(Validator::NumberRange {
                min: Some(0.0),
                max: Some(100.0),
                integer: false,
            }),
        ),
        Table::load(
            "validate/range-int",
            v(Validator::NumberRange {
                min: Some(1.0),
                max: Some(10.0),
                integer: true,
            }),
        ),
        Table::load("validate/semver", v(Validator::Semver)),
        Table::load("validate/hex-color", v(Validator::HexColor)),
        Table::load("validate/iban", v(Validator::Iban)),
        Table::load("validate/ean13", v(Validator::Ean13)),
    ]
}

#[test]
fn validate_tables_pass_in_python_and_rust() {
    let tables = tables();
    let python = check_python(&tables);
    let rust = check_rust("behaviour_validate", &tables);
    report("validation family", &tables, &python, &rust);
    let mut all = python;
    all.failures.extend(rust.failures);
    all.assert_ok();
}

#[test]
fn every_validation_subtype_has_a_table() {
    let tables = tables();
    for n in 301..=314 {
        let code = format!("LLM{n}");
        assert!(
            tables.iter().any(|t| t.code == code),
            "no behaviour table for {code}"
        );
    }
}
