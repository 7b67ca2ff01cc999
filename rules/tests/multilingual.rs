//! Held-out multilingual prompt sets (`fixtures/classify/multilingual/<lang>.toml`), written
//! before the concept tables and never tuned on: per-language task accuracy, flags on
//! genuine prompts, and flags missed on deterministic ones. Tuning uses the separate dev
//! list `tests/data/multilingual_dev.toml` (scored by `dev_list_is_read_right`).

mod common;

use llmlint_rules::CallSite;
use llmlint_rules::classify::{DEFAULT_MIN_CONFIDENCE, classify};
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
}

impl Case {
    fn call(&self) -> CallSite {
        common::conversation(self.sys.as_deref(), &[], self.user.as_deref())
    }
    fn label(&self) -> String {
        let text = format!(
            "{} {}",
            self.sys.as_deref().unwrap_or(""),
            self.user.as_deref().unwrap_or("")
        );
        text.trim().replace('\n', " ").chars().take(70).collect()
    }
}

const SETS: &[(&str, &str)] = &[
    (
        "en",
        include_str!("../../fixtures/classify/multilingual/en.toml"),
    ),
    (
        "es",
        include_str!("../../fixtures/classify/multilingual/es.toml"),
    ),
    (
        "pt",
        include_str!("../../fixtures/classify/multilingual/pt.toml"),
    ),
    (
        "fr",
        include_str!("../../fixtures/classify/multilingual/fr.toml"),
    ),
    (
        "de",
        include_str!("../../fixtures/classify/multilingual/de.toml"),
    ),
    (
        "zh",
        include_str!("../../fixtures/classify/multilingual/zh.toml"),
    ),
    (
        "ja",
        include_str!("../../fixtures/classify/multilingual/ja.toml"),
    ),
    (
        "ko",
        include_str!("../../fixtures/classify/multilingual/ko.toml"),
    ),
];

fn parse(name: &str, text: &str) -> Vec<Case> {
    match toml::from_str::<Set>(text) {
        Ok(s) => s.p,
        Err(e) => panic!("{name} does not parse: {e}"),
    }
}

#[derive(Default)]
struct Score {
    cases: usize,
    task_ok: usize,
    sub_ok: usize,
    det: usize,
    det_flagged: usize,
    genuine: usize,
    gen_flagged: usize,
    misses: Vec<String>,
}

impl Score {
    fn accuracy(&self) -> f64 {
        self.task_ok as f64 / self.cases.max(1) as f64
    }
}

fn score(cases: &[Case]) -> Score {
    let mut s = Score::default();
    for case in cases {
        let c = classify(&case.call());
        let flagged = c.is_flagged(DEFAULT_MIN_CONFIDENCE);
        let det = case.task != "generative";
        s.cases += 1;
        if det {
            s.det += 1;
            s.det_flagged += usize::from(flagged);
        } else {
            s.genuine += 1;
            s.gen_flagged += usize::from(flagged);
        }
        let task_ok = c.task.as_str() == case.task;
        s.task_ok += usize::from(task_ok);
        let sub_ok = task_ok && (case.sub.is_none() || c.subtype == case.sub);
        s.sub_ok += usize::from(sub_ok);
        if !sub_ok || flagged != det {
            s.misses.push(format!(
                "want {}/{} got {}/{} {:.2}{}  {}",
                case.task,
                case.sub.as_deref().unwrap_or("-"),
                c.task.as_str(),
                c.subtype.as_deref().unwrap_or("-"),
                c.confidence,
                if flagged { " FLAGGED" } else { "" },
                case.label()
            ));
        }
    }
    s
}

/// The held-out bar, set before the tables were built: every language reads at least 10 of
/// its 13 prompts to the right task, no genuine prompt is flagged in any language, and at
/// least 5 of each language's 8 deterministic prompts are flagged.
#[test]
fn held_out_sets_per_language() {
    let mut table = Vec::new();
    let mut failures = Vec::new();
    let (mut all, mut all_ok) = (0, 0);
    for (lang, text) in SETS {
        let cases = parse(lang, text);
        let det = cases.iter().filter(|c| c.task != "generative").count();
        assert!(det >= 6, "{lang}: only {det} deterministic prompts");
        assert!(
            cases.len() - det >= 4,
            "{lang}: only {} genuine prompts",
            cases.len() - det
        );
        let s = score(&cases);
        all += s.cases;
        all_ok += s.task_ok;
        table.push(format!(
            "{lang}: task accuracy {:.2} ({}/{})  subtype ok {}/{}  flagged det {}/{}  flagged genuine {}/{}",
            s.accuracy(),
            s.task_ok,
            s.cases,
            s.sub_ok,
            s.cases,
            s.det_flagged,
            s.det,
            s.gen_flagged,
            s.genuine
        ));
        for m in &s.misses {
            table.push(format!("    {m}"));
        }
        if s.accuracy() < 10.0 / 13.0 - 1e-9 {
            failures.push(format!("{lang}: task accuracy {:.2}", s.accuracy()));
        }
        if s.gen_flagged > 0 {
            failures.push(format!("{lang}: {} genuine prompts flagged", s.gen_flagged));
        }
        if s.det_flagged * 8 < 5 * s.det {
            failures.push(format!(
                "{lang}: only {}/{} deterministic flagged",
                s.det_flagged, s.det
            ));
        }
    }
    eprintln!("{}", table.join("\n"));
    eprintln!(
        "all languages: task accuracy {:.3} ({all_ok}/{all})",
        all_ok as f64 / all.max(1) as f64
    );
    assert!(failures.is_empty(), "{}", failures.join("; "));
}

const SECOND: &[(&str, &str)] = &[
    (
        "en",
        include_str!("../../fixtures/classify/multilingual/second/en.toml"),
    ),
    (
        "es",
        include_str!("../../fixtures/classify/multilingual/second/es.toml"),
    ),
    (
        "pt",
        include_str!("../../fixtures/classify/multilingual/second/pt.toml"),
    ),
    (
        "fr",
        include_str!("../../fixtures/classify/multilingual/second/fr.toml"),
    ),
    (
        "de",
        include_str!("../../fixtures/classify/multilingual/second/de.toml"),
    ),
    (
        "zh",
        include_str!("../../fixtures/classify/multilingual/second/zh.toml"),
    ),
    (
        "ja",
        include_str!("../../fixtures/classify/multilingual/second/ja.toml"),
    ),
    (
        "ko",
        include_str!("../../fixtures/classify/multilingual/second/ko.toml"),
    ),
];

/// A second held-out set, written after the tables were built and scored once without
/// tuning (the first set's failures were seen while building). The bar was set before
/// that single run: every language reads at least 7 of its 10 prompts to the right task and
/// no genuine prompt is flagged.
#[test]
fn second_held_out_set_per_language() {
    let mut table = Vec::new();
    let mut failures = Vec::new();
    let (mut all, mut all_ok) = (0, 0);
    for (lang, text) in SECOND {
        let cases = parse(lang, text);
        let det = cases.iter().filter(|c| c.task != "generative").count();
        assert!(det >= 6 && cases.len() - det >= 4, "{lang}: set too small");
        let s = score(&cases);
        all += s.cases;
        all_ok += s.task_ok;
        table.push(format!(
            "{lang}: task accuracy {:.2} ({}/{})  flagged det {}/{}  flagged genuine {}/{}",
            s.accuracy(),
            s.task_ok,
            s.cases,
            s.det_flagged,
            s.det,
            s.gen_flagged,
            s.genuine
        ));
        for m in &s.misses {
            table.push(format!("    {m}"));
        }
        if s.accuracy() < 0.7 - 1e-9 {
            failures.push(format!("{lang}: task accuracy {:.2}", s.accuracy()));
        }
        if s.gen_flagged > 0 {
            failures.push(format!("{lang}: {} genuine prompts flagged", s.gen_flagged));
        }
    }
    eprintln!("{}", table.join("\n"));
    eprintln!(
        "second set, all languages: task accuracy {:.3} ({all_ok}/{all})",
        all_ok as f64 / all.max(1) as f64
    );
    assert!(failures.is_empty(), "{}", failures.join("; "));
}

/// The dev list used while building the tables: a looser bar (it is a tuning aid).
#[test]
fn dev_list_is_read_right() {
    let cases = parse(
        "multilingual_dev.toml",
        include_str!("data/multilingual_dev.toml"),
    );
    let s = score(&cases);
    eprintln!("{}", s.misses.join("\n"));
    eprintln!(
        "dev: task accuracy {:.3} ({}/{}), genuine flagged {}",
        s.accuracy(),
        s.task_ok,
        s.cases,
        s.gen_flagged
    );
    assert_eq!(s.gen_flagged, 0, "genuine dev prompts flagged");
    assert!(s.accuracy() >= 0.85, "dev accuracy {:.3}", s.accuracy());
}

/// Prints how each prompt of the TOML file named by `LLMLINT_PROBE` is read (a debugging
/// aid: `LLMLINT_PROBE=probe.toml cargo test -p llmlint-rules --test multilingual probe --
/// --ignored --nocapture`).
#[test]
#[ignore]
fn probe() {
    let Ok(path) = std::env::var("LLMLINT_PROBE") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    for case in parse(&path, &text) {
        let c = classify(&case.call());
        eprintln!(
            "{}/{} {:.2}  {}\n    {}",
            c.task.as_str(),
            c.subtype.as_deref().unwrap_or("-"),
            c.confidence,
            case.label(),
            c.evidence_texts().join(" | ")
        );
    }
}
