//! Fixed arithmetic posed in prose (`tests/data/word_problems.toml`, written fresh): word
//! problems and number comparisons with no run-time input are the arithmetic transform;
//! where llmlint derives the answer, the replacement computes the hand-computed value, and
//! otherwise the finding carries no code and says the answer is a constant. Open questions
//! with numbers, stories, live data, tool routing and judgement over text are not flagged.

mod common;

use llmlint_rules::classify::{DEFAULT_MIN_CONFIDENCE, classify, examples};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Set {
    p: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    why: String,
    task: String,
    flag: bool,
    sys: Option<String>,
    user: String,
    /// The answer the replacement must compute.
    value: Option<f64>,
    /// `false`: flagged without a code fix.
    fix: Option<bool>,
}

fn cases() -> Vec<Case> {
    match toml::from_str::<Set>(include_str!("data/word_problems.toml")) {
        Ok(s) => s.p,
        Err(e) => panic!("word_problems.toml does not parse: {e}"),
    }
}

#[test]
fn word_problems_and_look_alikes() {
    let cases = cases();
    let mut wrong = Vec::new();
    for case in &cases {
        let call = common::conversation(case.sys.as_deref(), &[], Some(&case.user));
        let c = classify(&call);
        let flagged = c.is_flagged(DEFAULT_MIN_CONFIDENCE);
        let mut problems = Vec::new();
        if c.task.as_str() != case.task || flagged != case.flag {
            problems.push(format!(
                "want {} flag={} got {} {:.2} flag={}",
                case.task,
                case.flag,
                c.task.as_str(),
                c.confidence,
                flagged
            ));
        }
        if case.flag && c.subtype.as_deref() != Some("arithmetic") {
            problems.push(format!("subtype {:?}", c.subtype));
        }
        if let Some(want) = case.value {
            let got = match (&c.replacement, &c.literal_input, &c.no_fix) {
                (Some(spec), Some(input), None) => match examples::run(spec, input) {
                    Some(examples::Outcome::Number(v)) => Some(v),
                    _ => None,
                },
                _ => None,
            };
            if got.is_none_or(|v| (v - want).abs() > 1e-9) {
                problems.push(format!(
                    "replacement computes {got:?}, want {want} (input {:?})",
                    c.literal_input
                ));
            }
        }
        if case.fix == Some(false) && c.no_fix.is_none() {
            problems.push(format!(
                "should carry no fix, has input {:?}",
                c.literal_input
            ));
        }
        if !problems.is_empty() {
            wrong.push(format!(
                "{}: {}\n    {}",
                case.why,
                problems.join("; "),
                c.evidence_texts().join(" | ")
            ));
        }
    }
    let fixed = cases.iter().filter(|c| c.value.is_some()).count();
    let negatives = cases.iter().filter(|c| !c.flag).count();
    assert!(
        fixed >= 15 && negatives >= 10,
        "{fixed} solved, {negatives} look-alikes"
    );
    assert!(
        wrong.is_empty(),
        "{} of {} read wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// A harness whose parameter is only the system prompt, around a fixed question: the call
/// inside it is read on its fixed messages; a parameter anywhere else keeps it `unknown`.
#[test]
fn fixed_question_under_a_system_prompt_parameter() {
    use llmlint_rules::CallKind;
    let inner = |sys: &str, user: &str| {
        let mut call = common::sys_user(sys, user);
        call.kind = CallKind::Inner;
        classify(&call)
    };
    let fixed = inner(
        "{system_prompt}",
        "Solve this problem, then give the final answer on the last line as \"Answer: <number>\".\n\nA runner jogs 24 km in the morning and 9 km fewer in the evening. How many km does she run in all?",
    );
    assert!(
        fixed.is_flagged(DEFAULT_MIN_CONFIDENCE) && fixed.subtype.as_deref() == Some("arithmetic"),
        "{:?}",
        fixed.evidence_texts()
    );
    assert!(fixed.no_fix.is_some());
    let power = inner(
        "{system_prompt}",
        "Give the final answer as Answer: <number>.\nWhat is 7^{2024} (mod 10)?",
    );
    assert!(
        power.is_flagged(DEFAULT_MIN_CONFIDENCE) && power.no_fix.is_some(),
        "{:?}",
        power.evidence_texts()
    );
    // the user message is the parameter: nothing fixed to read
    let open = inner("You are a math tutor.", "{question}");
    assert_eq!(open.task.as_str(), "unknown");
    // a fixed user message that is not a deterministic question stays unknown
    let chat = inner(
        "{system_prompt}",
        "Hello! Tell me a fun fact about 3 famous bridges.",
    );
    assert_eq!(chat.task.as_str(), "unknown");
}

/// A fixed chat whose last turn builds on the model's earlier answer ("add 3 onto the last
/// answer"): still arithmetic, but code over the first turn's expression would compute the
/// first answer, not the one asked now, so the finding carries no code.
#[test]
fn a_follow_up_on_an_earlier_answer_gets_no_code_over_the_first_turn() {
    let turns = vec![
        ("user".to_string(), "What is 6+1?".to_string()),
        (
            "assistant".to_string(),
            "6 + 1 equals 7. Adding one to six gives the next whole number, which is seven, as you can count on a number line."
                .to_string(),
        ),
    ];
    let call = common::conversation(
        None,
        &turns,
        Some("Put 5 onto the last answer. What is it now?"),
    );
    let c = classify(&call);
    assert!(
        c.is_flagged(DEFAULT_MIN_CONFIDENCE) && c.subtype.as_deref() == Some("arithmetic"),
        "{:?}",
        c.evidence_texts()
    );
    assert!(
        c.literal_input.is_none() && c.no_fix.is_some(),
        "input {:?}, {:?}",
        c.literal_input,
        c.evidence_texts()
    );
}
