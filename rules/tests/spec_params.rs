//! Per-subtype checks of the replacement parameters read from the prompt.

mod common;

use common::{sys_user, user};
use llmlint_rewrite::{Lookup, Pattern, ReplacementSpec, Transform, Validator};
use llmlint_rules::Task;
use llmlint_rules::classify::{Classification, classify};
use regex::Regex;

fn spec(c: &Classification) -> &ReplacementSpec {
    c.replacement
        .as_ref()
        .unwrap_or_else(|| panic!("no replacement for {c:?}"))
}

fn inline(c: &Classification) -> (Vec<(String, String)>, Option<String>) {
    match spec(c) {
        ReplacementSpec::Lookup {
            lookup: Lookup::Inline { entries, default },
        } => (entries.clone(), default.clone()),
        other => panic!("not an inline lookup: {other:?}"),
    }
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn inline_mapping_from_arrow_lines_with_default() {
    let c = classify(&user(
        "Map the product category to its department code.\nElectronics -> D10\nGarden -> D20\nToys -> D30\nAnything else -> D99\n\nCategory: {category}\nCode:",
    ));
    assert_eq!(c.rule.as_deref(), Some("LLM201"));
    let (entries, default) = inline(&c);
    assert_eq!(
        entries,
        pairs(&[("Electronics", "D10"), ("Garden", "D20"), ("Toys", "D30")])
    );
    assert_eq!(default.as_deref(), Some("D99"));
}

#[test]
fn inline_mapping_from_a_json_object_with_stated_default() {
    let c = sys_user(
        "You convert plan names to billing codes using this table:\n{\"free\": \"PLN-F\", \"gold\": \"PLN-G\", \"platinum\": \"PLN-P\"}\nIf the plan is not in the table, answer UNKNOWN. Reply with the code only.",
        "{plan_name}",
    );
    let c = classify(&c);
    let (entries, default) = inline(&c);
    assert_eq!(
        entries,
        pairs(&[("free", "PLN-F"), ("gold", "PLN-G"), ("platinum", "PLN-P")])
    );
    assert_eq!(default.as_deref(), Some("UNKNOWN"));
}

#[test]
fn inline_mapping_from_few_shot_pairs() {
    let c = classify(&user(
        "Convert the shipping speed (one of standard or express) to a carrier service code.\nInput: standard\nOutput: GND\nInput: express\nOutput: 2DA\nInput: {speed}\nOutput:",
    ));
    let (entries, default) = inline(&c);
    assert_eq!(entries, pairs(&[("standard", "GND"), ("express", "2DA")]));
    assert_eq!(default, None);
}

#[test]
fn label_definitions_over_free_text_are_not_a_table() {
    let c = classify(&user(
        "Categorise the ticket.\nbilling: payment problems\nshipping: late parcels\nother: anything else\n\nTicket: {ticket_text}",
    ));
    assert_eq!(c.task, Task::Generative, "{c:?}");
}

fn id_regex(c: &Classification) -> Regex {
    let rx = match spec(c) {
        ReplacementSpec::FindAll {
            pattern: Pattern::Id { regex, .. },
        }
        | ReplacementSpec::FindFirst {
            pattern: Pattern::Id { regex, .. },
        } => regex.clone(),
        other => panic!("not an ID pattern: {other:?}"),
    };
    Regex::new(&rx).unwrap_or_else(|e| panic!("bad regex {rx}: {e}"))
}

#[test]
fn order_id_regex_from_the_stated_example() {
    let c = classify(&sys_user(
        "You extract order references. Order numbers look like ORD-123456. Reply with the order number only, or NONE.",
        "{message}",
    ));
    assert_eq!(c.rule.as_deref(), Some("LLM106"));
    let rx = id_regex(&c);
    assert!(rx.is_match("my order ORD-004512 never came"));
    assert!(!rx.is_match("my order ORD-04512 never came"));
    assert!(!rx.is_match("ORD_004512"));
}

#[test]
fn invoice_regex_from_a_placeholder_shape() {
    let c = classify(&user(
        "Find the invoice number in this email. Invoice numbers have the form INV-YYYY-NNNN. Return it only.\n{email_body}",
    ));
    let rx = id_regex(&c);
    assert!(rx.is_match("Invoice INV-2024-0193 is attached"));
    assert!(!rx.is_match("Invoice INV-24-0193 is attached"));
}

#[test]
fn tracking_regex_from_words() {
    let c = classify(&user(
        "Extract the USPS tracking number (22 digits starting with 9) from this label. Digits only.\n{label}",
    ));
    let rx = id_regex(&c);
    assert!(rx.is_match("TRK 9400111899562537866307 sent"));
    assert!(!rx.is_match("TRK 8400111899562537866307 sent"));
    assert!(!rx.is_match("TRK 940011189956253786630 sent"));
}

#[test]
fn id_without_a_stated_shape_is_not_flagged() {
    let c = classify(&user("Extract the ticket ID from this message.\n{message}"));
    assert_ne!(c.rule.as_deref(), Some("LLM106"), "{c:?}");
}

#[test]
fn date_formats_for_validation_and_reformatting() {
    let c = classify(&user(
        "Is {value} a valid calendar date in DD/MM/YYYY format? Answer yes or no.",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Validate {
            validator: Validator::Date {
                format: Some("DD/MM/YYYY".into())
            }
        }
    );
    let c = classify(&user(
        "Convert the date {d} from MM/DD/YYYY to YYYY-MM-DD. Output only the date.",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Transform {
            transform: Transform::ReformatDate {
                from: Some("MM/DD/YYYY".into()),
                to: "YYYY-MM-DD".into()
            }
        }
    );
    let c = classify(&user("Reformat this date as ISO 8601: {date_text}"));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Transform {
            transform: Transform::ReformatDate {
                from: None,
                to: "ISO 8601".into()
            }
        }
    );
}

#[test]
fn phone_region_named_in_the_prompt() {
    let c = classify(&user(
        "Find the customer's phone number in this note (UK format). Reply with the number only.\n{note}",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::FindFirst {
            pattern: Pattern::Phone {
                region: Some("GB".into())
            }
        }
    );
    let c = classify(&user(
        "Ist {nummer} eine gültige deutsche Telefonnummer? Antworte mit ja oder nein.",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Validate {
            validator: Validator::Phone {
                region: Some("DE".into())
            }
        }
    );
}

#[test]
fn units_of_a_conversion() {
    let c = classify(&user(
        "How many pounds is {weight} kg? Answer with a number.",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Lookup {
            lookup: Lookup::UnitConversion {
                from: "kg".into(),
                to: "lb".into()
            }
        }
    );
}

#[test]
fn json_field_path_and_required_fields() {
    let c = classify(&user(
        "From this JSON webhook payload, return the value of `data.object.customer_email` and nothing else:\n{payload}",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Transform {
            transform: Transform::JsonField {
                path: vec!["data".into(), "object".into(), "customer_email".into()]
            }
        }
    );
    let c = classify(&user(
        "Does this JSON payload contain all of the required fields `id`, `email` and `created_at`? Answer yes or no.\n{payload}",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Validate {
            validator: Validator::JsonFields {
                fields: vec!["id".into(), "email".into(), "created_at".into()]
            }
        }
    );
}

#[test]
fn contains_keeps_the_literal() {
    let c = classify(&user(
        "Does this commit message contain the string \"BREAKING CHANGE\"? Answer YES or NO.\n{msg}",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Contains {
            pattern: Pattern::Literal {
                text: "BREAKING CHANGE".into(),
                case_insensitive: true,
                whole_word: false
            }
        }
    );
    let c = classify(&user(
        "Does the following message contain the word \"refund\"? Answer yes or no.\n{message}",
    ));
    assert!(matches!(
        spec(&c),
        ReplacementSpec::Contains {
            pattern: Pattern::Literal {
                whole_word: true,
                ..
            }
        }
    ));
}

#[test]
fn range_bounds() {
    let c = classify(&user(
        "Is {rating} a whole number between 1 and 5? Answer yes or no.",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Validate {
            validator: Validator::NumberRange {
                min: Some(1.0),
                max: Some(5.0),
                integer: true
            }
        }
    );
    let c = classify(&user(
        "Is the username '{username}' between 3 and 20 characters long? Reply yes or no.",
    ));
    assert_eq!(
        spec(&c),
        &ReplacementSpec::Validate {
            validator: Validator::Length {
                min: Some(3),
                max: Some(20)
            }
        }
    );
}

#[test]
fn find_all_versus_find_first() {
    let all = classify(&user("Extract every email address from this text:\n{text}"));
    assert!(matches!(spec(&all), ReplacementSpec::FindAll { .. }));
    let one = classify(&user(
        "What is the sender's email address? Reply with the address only.\n{signature}",
    ));
    assert!(matches!(spec(&one), ReplacementSpec::FindFirst { .. }));
}

#[test]
fn evidence_explains_the_decision() {
    let mut call = user("Is '{email}' a valid email address? Answer yes or no.");
    call.max_tokens = Some(llmlint_rules::Valued {
        value: 3,
        span: None,
    });
    call.context.response_uses = vec![llmlint_rules::ResponseUse::ComparedTo {
        value: "yes".into(),
    }];
    let c = classify(&call);
    let texts = c.evidence_texts().join(" | ");
    assert!(texts.contains("answer constrained to yes/no"), "{texts}");
    assert!(texts.contains("response compared to \"yes\""), "{texts}");
    assert!(texts.contains("max_tokens = 3"), "{texts}");
    assert!(
        c.confidence > 0.8 && c.confidence <= 0.99,
        "{}",
        c.confidence
    );
}

#[test]
fn unknown_when_not_recovered_or_inner() {
    assert_eq!(classify(&user("{prompt}")).task, Task::Unknown);
    let mut inner = user("Extract every email address from this text:\n{text}");
    inner.kind = llmlint_rules::CallKind::Inner;
    assert_eq!(classify(&inner).task, Task::Unknown);
    let mut partial = user("{messages}");
    partial.prompt.complete = false;
    assert_eq!(classify(&partial).task, Task::Unknown);
}

#[test]
fn never_panics_on_odd_text() {
    let long = "extract the email ".repeat(20_000);
    for t in [
        "",
        "{",
        "}",
        "{{}}",
        "é.é.é. ??? !!! 。。。",
        "\u{0}\u{1}",
        long.as_str(),
        "“smart” ‘quotes’ «guillemets» 「括弧」",
        "INV-YYYY-NNNN 22 digits starting with 99999999999999999999999",
        "Convert {x} kilometers to miles to feet",
    ] {
        let _ = classify(&user(t));
    }
}
