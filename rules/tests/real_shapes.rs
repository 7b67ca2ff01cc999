//! Shapes of real prompts (paraphrased in `tests/data/real_shapes.toml`): arithmetic given as
//! data, current-date and capital questions, field-rule validators, non-English prompts,
//! and the false alarms seen on real code (live data, tools, open questions, judgement,
//! many-field extraction, output-format instructions, few-shot examples). Every case is
//! asserted on its own: task, subtype and whether `llmlint check` flags it.

mod common;

use llmlint_rewrite::{FieldCheck, ReplacementSpec, Transform, Validator};
use llmlint_rules::CallSite;
use llmlint_rules::classify::{DEFAULT_MIN_CONFIDENCE, classify};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Set {
    p: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    why: String,
    task: String,
    sub: Option<String>,
    flag: bool,
    sys: Option<String>,
    user: Option<String>,
    msgs: Option<Vec<(String, String)>>,
}

impl Case {
    fn call(&self) -> CallSite {
        common::conversation(
            self.sys.as_deref(),
            self.msgs.as_deref().unwrap_or_default(),
            self.user.as_deref(),
        )
    }
}

fn cases() -> Vec<Case> {
    match toml::from_str::<Set>(include_str!("data/real_shapes.toml")) {
        Ok(s) => s.p,
        Err(e) => panic!("real_shapes.toml does not parse: {e}"),
    }
}

#[test]
fn real_prompt_shapes_are_read_right() {
    let mut wrong = Vec::new();
    let cases = cases();
    for case in &cases {
        let c = classify(&case.call());
        let flagged = c.is_flagged(DEFAULT_MIN_CONFIDENCE);
        let ok = c.task.as_str() == case.task
            && (case.sub.is_none() || c.subtype == case.sub)
            && flagged == case.flag;
        if !ok {
            wrong.push(format!(
                "{}: want {}/{} flag={} got {}/{} {:.2} flag={}\n    {}",
                case.why,
                case.task,
                case.sub.as_deref().unwrap_or("-"),
                case.flag,
                c.task.as_str(),
                c.subtype.as_deref().unwrap_or("-"),
                c.confidence,
                flagged,
                c.evidence_texts().join(" | ")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} shapes read wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// The classification of the shape whose `why` starts with `prefix`.
fn classified(prefix: &str) -> llmlint_rules::classify::Classification {
    let case = cases()
        .into_iter()
        .find(|c| c.why.starts_with(prefix))
        .unwrap_or_else(|| panic!("no shape starts with {prefix:?}"));
    classify(&case.call())
}

#[test]
fn field_rule_validator_proposes_a_schema() {
    let c = classified("per-field rules");
    let Some(ReplacementSpec::Validate {
        validator: Validator::Record { fields },
    }) = &c.replacement
    else {
        panic!("not a record validator: {:?}", c.replacement);
    };
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["full_name", "email", "mobile", "country", "age"]);
    assert!(fields[0].required);
    assert_eq!(fields[1].check, FieldCheck::Email);
    assert_eq!(
        fields[2].check,
        FieldCheck::Phone {
            plus: true,
            min_digits: 10,
            max_digits: 15
        }
    );
    assert_eq!(fields[3].check, FieldCheck::CountryAlpha2);
    assert_eq!(fields[4].check, FieldCheck::Positive);
}

#[test]
fn arithmetic_given_as_data_is_evaluated_not_summed() {
    let c = classified("expression as the user message");
    assert_eq!(
        c.replacement,
        Some(ReplacementSpec::Transform {
            transform: Transform::Evaluate
        })
    );
}

#[test]
fn counting_a_letter_counts_its_occurrences() {
    let c = classified("counting one letter");
    assert_eq!(
        c.replacement,
        Some(ReplacementSpec::Transform {
            transform: Transform::CountOccurrences { needle: "r".into() }
        })
    );
}

#[test]
fn spanish_field_rules_give_the_same_schema() {
    let c = classified("field rules in Spanish");
    let Some(ReplacementSpec::Validate {
        validator: Validator::Record { fields },
    }) = &c.replacement
    else {
        panic!("not a record validator: {:?}", c.replacement);
    };
    let by_name = |n: &str| fields.iter().find(|f| f.name == n).expect(n);
    assert!(by_name("nombre").required);
    assert_eq!(by_name("email").check, FieldCheck::Email);
    assert_eq!(
        by_name("telefono").check,
        FieldCheck::Phone {
            plus: true,
            min_digits: 10,
            max_digits: 15
        }
    );
    assert_eq!(by_name("pais").check, FieldCheck::CountryAlpha2);
}

#[test]
fn several_statistics_in_one_sentence_are_one_summary_in_the_order_asked() {
    let c = classified("statistics of a literal list");
    assert_eq!(
        c.replacement,
        Some(ReplacementSpec::Transform {
            transform: Transform::Stats {
                stats: vec!["mean".into(), "std_dev".into()],
            },
        })
    );
    assert_eq!(
        classified("median of numbers listed inline").replacement,
        Some(ReplacementSpec::Transform {
            transform: Transform::Median,
        })
    );
    // "max 2 decimals" bounds the answer; the statistic is the mean alone.
    assert_eq!(
        classified("control: a max bound").replacement,
        Some(ReplacementSpec::Transform {
            transform: Transform::Average,
        })
    );
}

#[test]
fn arithmetic_in_words_is_evaluated_and_says_the_expression() {
    for (prefix, expr) in [
        ("a sum written in words", "4821 + 1377"),
        ("an imperative multiplication", "46 * 23"),
        ("a power written in words", "3 ^ 7"),
        ("a square root in Spanish", "sqrt(225)"),
    ] {
        let c = classified(prefix);
        assert_eq!(
            c.replacement,
            Some(ReplacementSpec::Transform {
                transform: Transform::Evaluate,
            }),
            "{prefix}"
        );
        assert!(
            c.evidence.iter().any(|e| e.text.contains(expr)),
            "{prefix}: {:?}",
            c.evidence
        );
    }
}

#[test]
fn one_input_number_and_constants_is_a_formula_over_x() {
    for (prefix, expr) in [
        ("a constant added to a previous answer", "x + 3"),
        ("a percentage of an input amount", "8 / 100 * x"),
    ] {
        assert_eq!(
            classified(prefix).replacement,
            Some(ReplacementSpec::Transform {
                transform: Transform::Formula { expr: expr.into() },
            }),
            "{prefix}"
        );
    }
}

#[test]
fn an_unquoted_letter_counts_its_occurrences() {
    assert_eq!(
        classified("a letter named without quotes").replacement,
        Some(ReplacementSpec::Transform {
            transform: Transform::CountOccurrences { needle: "e".into() },
        })
    );
}

/// Code-level tools (an agent built with a clock or a calculator) do not make a question
/// about the clock or a computation over the prompt's numbers live data; they still make an
/// open question tool routing.
#[test]
fn code_level_tools_do_not_turn_the_clock_or_a_sum_into_routing() {
    let with_tools = |sys: &str, user: &str| {
        let mut call = common::conversation(Some(sys), &[], Some(user));
        call.context.tools = vec!["tools".to_string()];
        classify(&call)
    };
    let date = with_tools(
        "You are a helpful assistant with access to tools.",
        "What is today's date?",
    );
    assert_eq!(date.subtype.as_deref(), Some("current-date"));
    assert!(
        date.is_flagged(DEFAULT_MIN_CONFIDENCE),
        "{:?}",
        date.evidence_texts()
    );
    assert!(
        date.evidence_texts()
            .iter()
            .any(|e| e.contains("from the clock")),
        "{:?}",
        date.evidence_texts()
    );
    let sum = with_tools("You are a helpful assistant.", "What is 100 + 50?");
    assert_eq!(sum.subtype.as_deref(), Some("arithmetic"));
    assert!(sum.is_flagged(DEFAULT_MIN_CONFIDENCE));
    let open = with_tools(
        "You are a helpful assistant.",
        "Find the cheapest flight from Lisbon to Oslo next week.",
    );
    assert!(!open.is_flagged(DEFAULT_MIN_CONFIDENCE));
}

/// Operator words of Chinese, Japanese and Korean become the expression the replacement
/// evaluates, not text it cannot read.
#[test]
fn cjk_operator_words_become_the_evaluated_expression() {
    for (prefix, expr) in [
        ("a division asked in Chinese", "144 / 12"),
        ("a product asked in Japanese", "6 * 9"),
        ("a subtraction asked in Korean", "25 - 7"),
        ("a percentage of a square", "30% of 10 ^ 2"),
    ] {
        let c = classified(prefix);
        assert_eq!(c.literal_input.as_deref(), Some(expr), "{prefix}");
    }
}

/// A date difference is a days-between transform whose input is the prompt's two dates.
#[test]
fn days_between_two_dates_is_computed_from_the_dates() {
    let c = classified("days between two dates written");
    assert_eq!(
        c.replacement,
        Some(ReplacementSpec::Transform {
            transform: Transform::DaysBetween
        })
    );
    assert_eq!(
        c.literal_input.as_deref(),
        Some("2019-07-04 and 2021-11-30")
    );
}

/// In a conversation, the last turn is the question; the answered turns before it are
/// history (and, agreeing with the replacement, proof).
#[test]
fn the_last_turn_of_a_conversation_is_its_question() {
    let c = classified("a chat history with an answered sum");
    assert_eq!(c.literal_input.as_deref(), Some("81 divided by 9"));
    assert!(
        c.evidence_texts()
            .iter()
            .any(|e| e.contains("reproduces 1/1 of the prompt's own examples")),
        "{:?}",
        c.evidence_texts()
    );
}
