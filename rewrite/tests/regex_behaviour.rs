//! Behaviour tables for the regex family (LLM101-LLM112): the generated Python runs under
//! `python3`, the generated Rust is compiled once and run, both on the same hand-written rows.

mod harness;

use harness::{Table, check_python, check_rust, report};
use llmlint_rewrite::{Pattern, ReplacementSpec};

fn all(pattern: Pattern) -> ReplacementSpec {
    ReplacementSpec::FindAll { pattern }
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn tables() -> Vec<Table> {
    let lit = |text: &str, ci: bool, ww: bool| Pattern::Literal {
        text: text.to_string(),
        case_insensitive: ci,
        whole_word: ww,
    };
    vec![
        Table::load("regex/emails", all(Pattern::Email)),
        Table::load(
            "regex/email-first",
            ReplacementSpec::FindFirst {
                pattern: Pattern::Email,
            },
        ),
        Table::load("regex/urls", all(Pattern::Url)),
        Table::load("regex/phone-us", all(Pattern::Phone { region: some("US") })),
        Table::load("regex/phone-gb", all(Pattern::Phone { region: some("UK") })),
        Table::load("regex/phone-fr", all(Pattern::Phone { region: some("FR") })),
        Table::load("regex/phone-de", all(Pattern::Phone { region: some("DE") })),
        Table::load("regex/phone-intl", all(Pattern::Phone { region: None })),
        Table::load("regex/dates-common", all(Pattern::Date { format: None })),
        Table::load(
            "regex/dates-dmy",
            all(Pattern::Date {
                format: some("DD/MM/YYYY"),
            }),
        ),
        Table::load(
            "regex/dates-mdy",
            all(Pattern::Date {
                format: some("MM/DD/YYYY"),
            }),
        ),
        Table::load(
            "regex/dates-long",
            all(Pattern::Date {
                format: some("Month D, YYYY"),
            }),
        ),
        Table::load("regex/times", all(Pattern::Time)),
        Table::load("regex/amounts", all(Pattern::Amount { currency: None })),
        Table::load(
            "regex/amounts-eur",
            all(Pattern::Amount {
                currency: some("EUR"),
            }),
        ),
        Table::load("regex/numbers", all(Pattern::Number)),
        Table::load("regex/uuids", all(Pattern::Uuid)),
        Table::load(
            "regex/order-ids",
            all(Pattern::Id {
                description: "order number".into(),
                regex: "ORD-[0-9]{6}".into(),
            }),
        ),
        Table::load("regex/hashtags", all(Pattern::Hashtag)),
        Table::load("regex/mentions", all(Pattern::Mention)),
        Table::load("regex/ipv4", all(Pattern::Ipv4)),
        Table::load("regex/ipv6", all(Pattern::Ipv6)),
        Table::load(
            "regex/postal-us",
            all(Pattern::PostalCode {
                country: some("US"),
            }),
        ),
        Table::load(
            "regex/postal-gb",
            all(Pattern::PostalCode {
                country: some("GB"),
            }),
        ),
        Table::load(
            "regex/postal-ca",
            all(Pattern::PostalCode {
                country: some("CA"),
            }),
        ),
        Table::load(
            "regex/postal-de",
            all(Pattern::PostalCode {
                country: some("DE"),
            }),
        ),
        Table::load(
            "regex/postal-fr",
            all(Pattern::PostalCode {
                country: some("FR"),
            }),
        ),
        Table::load("regex/versions", all(Pattern::Version)),
        Table::load(
            "regex/contains-literal",
            ReplacementSpec::Contains {
                pattern: lit("urgent", true, true),
            },
        ),
        Table::load(
            "regex/contains-substring",
            ReplacementSpec::Contains {
                pattern: lit("ERROR", false, false),
            },
        ),
        Table::load(
            "regex/contains-email",
            ReplacementSpec::Contains {
                pattern: Pattern::Email,
            },
        ),
    ]
}

#[test]
fn regex_tables_pass_in_python_and_rust() {
    let tables = tables();
    let python = check_python(&tables);
    let rust = check_rust("behaviour_regex", &tables);
    report("regex family", &tables, &python, &rust);
    let mut all = python;
    all.failures.extend(rust.failures);
    all.assert_ok();
}

#[test]
fn every_regex_subtype_has_a_table() {
    let tables = tables();
    for n in 101..=112 {
        let code = format!("LLM{n}");
        assert!(
            tables.iter().any(|t| t.code == code),
            "no behaviour table for {code}"
        );
    }
}
