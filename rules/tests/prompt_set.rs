//! The labelled prompt set (`tests/data/prompts.toml`, written for this project): flag
//! precision / recall and task accuracy over realistic prompts, hard negatives and
//! prompts in Spanish, French, German, Chinese and Japanese.

mod common;

use llmlint_rules::classify::{DEFAULT_MIN_CONFIDENCE, classify};
use llmlint_rules::{CallKind, CallSite, Valued};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Set {
    p: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    task: String,
    sub: Option<String>,
    sys: Option<String>,
    user: Option<String>,
    /// Extra messages after `sys` / before `user`: `[role, text]`.
    msgs: Option<Vec<(String, String)>>,
    max_tokens: Option<u64>,
    temperature: Option<f64>,
    uses: Option<Vec<String>>,
    kind: Option<String>,
    complete: Option<bool>,
}

impl Case {
    fn call(&self) -> CallSite {
        let mut c = common::conversation(
            self.sys.as_deref(),
            self.msgs.as_deref().unwrap_or_default(),
            self.user.as_deref(),
        );
        c.max_tokens = self.max_tokens.map(|v| Valued {
            value: v,
            span: None,
        });
        c.temperature = self.temperature.map(|v| Valued {
            value: v,
            span: None,
        });
        c.context.response_uses = self
            .uses
            .iter()
            .flatten()
            .filter_map(|u| common::response_use(u))
            .collect();
        if self.kind.as_deref() == Some("inner") {
            c.kind = CallKind::Inner;
        }
        if let Some(complete) = self.complete {
            c.prompt.complete = complete;
        }
        c
    }
    fn label(&self) -> String {
        let text = self
            .user
            .as_deref()
            .or(self.sys.as_deref())
            .unwrap_or("")
            .replace('\n', " ");
        text.chars().take(90).collect()
    }
}

fn load() -> Vec<Case> {
    let text = include_str!("data/prompts.toml");
    let set: Set = match toml::from_str(text) {
        Ok(s) => s,
        Err(e) => panic!("prompts.toml does not parse: {e}"),
    };
    set.p
}

fn deterministic(task: &str) -> bool {
    matches!(task, "regex" | "lookup" | "validation" | "transform")
}

#[test]
fn prompt_set_meets_the_bars() {
    let cases = load();
    let (mut tp, mut flagged, mut expected_det) = (0usize, 0usize, 0usize);
    let (mut task_ok, mut sub_checked, mut sub_ok) = (0usize, 0usize, 0usize);
    let mut report = Vec::new();
    for case in &cases {
        let c = classify(&case.call());
        let is_flag = c.is_flagged(DEFAULT_MIN_CONFIDENCE);
        let want_det = deterministic(&case.task);
        expected_det += usize::from(want_det);
        flagged += usize::from(is_flag);
        if is_flag && want_det {
            tp += 1;
        }
        if c.task.as_str() == case.task {
            task_ok += 1;
        } else {
            report.push(format!(
                "want {:<10} got {:<10} {:<24} {:.2}  {}\n      evidence: {}",
                case.task,
                c.task.as_str(),
                c.subtype.as_deref().unwrap_or("-"),
                c.confidence,
                case.label(),
                c.evidence_texts().join(" | ")
            ));
        }
        if let Some(sub) = &case.sub
            && c.task.as_str() == case.task
        {
            sub_checked += 1;
            if c.subtype.as_deref() == Some(sub.as_str()) {
                sub_ok += 1;
            } else {
                report.push(format!(
                    "subtype want {sub} got {:?}  {}",
                    c.subtype,
                    case.label()
                ));
            }
        }
    }
    let precision = tp as f64 / flagged.max(1) as f64;
    let recall = tp as f64 / expected_det.max(1) as f64;
    let accuracy = task_ok as f64 / cases.len() as f64;
    let sub_accuracy = sub_ok as f64 / sub_checked.max(1) as f64;
    eprintln!("{}", report.join("\n"));
    eprintln!(
        "prompts {}  deterministic {}  flagged {}  precision {:.3}  recall {:.3}  task accuracy {:.3}  subtype accuracy {:.3} ({} checked)",
        cases.len(),
        expected_det,
        flagged,
        precision,
        recall,
        accuracy,
        sub_accuracy,
        sub_checked
    );
    assert!(cases.len() >= 250, "only {} prompts", cases.len());
    assert!(precision >= 0.95, "flag precision {precision:.3} < 0.95");
    assert!(recall >= 0.85, "flag recall {recall:.3} < 0.85");
    assert!(accuracy >= 0.9, "task accuracy {accuracy:.3} < 0.9");
    assert!(
        sub_accuracy >= 0.9,
        "subtype accuracy {sub_accuracy:.3} < 0.9"
    );
}

#[test]
fn every_deterministic_subtype_has_a_positive_case() {
    let cases = load();
    for rule in llmlint_rules::registry::all_rules() {
        let (Some(sub), Some(task)) = (rule.subtype, rule.task) else {
            continue;
        };
        if !task.is_deterministic() {
            continue;
        }
        assert!(
            cases.iter().any(|c| c.sub.as_deref() == Some(sub)),
            "no positive prompt for {} ({sub})",
            rule.code
        );
    }
}

#[test]
fn every_language_is_covered() {
    // Non-ASCII scripts and accented words must appear among positive and negative cases.
    let cases = load();
    let text = |c: &Case| {
        format!(
            "{} {}",
            c.sys.as_deref().unwrap_or(""),
            c.user.as_deref().unwrap_or("")
        )
    };
    for marker in [
        "提取",
        "抽出",
        "extrae",
        "extrais",
        "extrahiere",
        "válid",
        "gültig",
        "有效",
        "有効",
    ] {
        assert!(
            cases
                .iter()
                .any(|c| text(c).to_lowercase().contains(marker)),
            "no prompt uses {marker}"
        );
    }
}
