//! Classification types shared by the classifier, the renderers and the cost stage, and
//! the classifier itself.
//!
//! The classifier is generic: it normalises the prompt once into [`PromptFacts`], runs
//! every subtype detector (one per rule file, listed in [`crate::rules::DETECTORS`]), and
//! weighs the best candidate against the evidence for genuine language work
//! (summaries, writing, judgement on free text...). Subtype-specific knowledge lives in
//! the rule files; shared phrase lists live in [`lexicon`]; parameter parsing (date
//! formats, ID shapes, inline tables, units...) in [`params`]; the reusable detector
//! shapes ("extract NOUN", "is X a valid NOUN") in [`detect`].

use serde::Serialize;

use crate::model::{CallKind, CallSite, ResponseUse, Task};
use crate::registry::RuleInfo;

pub mod concepts;
pub mod detect;
pub mod evidence;
pub mod examples;
pub mod facts;
pub mod lexicon;
mod negatives;
pub mod params;

pub use facts::PromptFacts;

/// The confidence from which `llmlint check` flags a deterministic classification.
///
/// Chosen for precision: a call only reaches it when the prompt names a pattern-shaped
/// noun (or a reference key, a table, a fixed transform) as the object of a matching verb
/// *and* nothing in the prompt asks for language work.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.6;

/// Below this, a deterministic candidate is not reported at all: the call is reported as
/// `generative` and the weak candidate only appears in the evidence.
pub const REPORT_FLOOR: f64 = 0.5;

/// One reason behind a classification, with its weight (positive pushes towards the
/// reported task, negative away from it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub text: String,
    pub weight: f64,
}

impl Evidence {
    pub fn new(text: impl Into<String>, weight: f64) -> Self {
        Evidence {
            text: text.into(),
            weight,
        }
    }
}

/// What the classifier decided about one call site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub task: Task,
    /// Kebab-case subtype (`validate-json`), None for generative / unknown.
    pub subtype: Option<String>,
    /// Rule code (`LLM301`) when the task is deterministic.
    pub rule: Option<String>,
    /// 0..1.
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
    /// What deterministic code replaces the call, when the task is deterministic.
    #[serde(skip)]
    pub replacement: Option<llmlint_rewrite::ReplacementSpec>,
    /// The replacement's input when the prompt writes it out and has no run-time input
    /// ("France" in "What is the capital of France?", "4x4" in "what is 4x4?").
    #[serde(skip)]
    pub literal_input: Option<String>,
    /// Why no code replaces the call although the task is deterministic, shown as the
    /// finding's help ("the question is fixed: its answer is a constant; compute it once").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_fix: Option<String>,
}

impl Classification {
    pub fn unknown(reason: &str) -> Self {
        Classification {
            task: Task::Unknown,
            subtype: None,
            rule: None,
            confidence: 0.0,
            evidence: vec![Evidence {
                text: reason.to_string(),
                weight: 0.0,
            }],
            replacement: None,
            literal_input: None,
            no_fix: None,
        }
    }

    /// True when `llmlint check` should report this call at the given threshold: the task
    /// is deterministic and the confidence reaches `min_confidence`.
    pub fn is_flagged(&self, min_confidence: f64) -> bool {
        self.task.is_deterministic() && self.rule.is_some() && self.confidence >= min_confidence
    }

    /// The evidence texts, strongest first (as the JSON `evidence` field shows them).
    pub fn evidence_texts(&self) -> Vec<String> {
        self.evidence.iter().map(|e| e.text.clone()).collect()
    }
}

/// A subtype detector's finding: which rule, what replaces the call, how strong the
/// prompt's own evidence is (before the generic weighing) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub rule: &'static RuleInfo,
    pub spec: llmlint_rewrite::ReplacementSpec,
    /// 0..1, the detector's own strength of evidence.
    pub score: f64,
    pub evidence: Vec<Evidence>,
    /// The replacement's input as the prompt writes it, for a prompt without run-time input.
    pub literal_input: Option<String>,
    /// Set when no code replaces the call: why (a fixed question whose answer is a
    /// constant that llmlint does not derive). The spec is then only the task's kind.
    pub no_fix: Option<String>,
}

impl Candidate {
    pub fn new(rule: &'static RuleInfo, spec: llmlint_rewrite::ReplacementSpec) -> Self {
        Candidate {
            rule,
            spec,
            score: 0.0,
            evidence: Vec::new(),
            literal_input: None,
            no_fix: None,
        }
    }
    /// No code replaces the call; `why` says what to do instead.
    pub fn without_fix(mut self, why: impl Into<String>) -> Self {
        self.no_fix = Some(why.into());
        self
    }
    /// Adds a reason and its weight to the score.
    pub fn with(mut self, text: impl Into<String>, weight: f64) -> Self {
        self.score += weight;
        self.evidence.push(Evidence::new(text, weight));
        self
    }
    /// The replacement's input as the prompt writes it (a prompt without run-time input).
    pub fn with_input(mut self, input: impl Into<String>) -> Self {
        self.literal_input = Some(input.into());
        self
    }
    pub fn add(&mut self, text: impl Into<String>, weight: f64) {
        self.score += weight;
        self.evidence.push(Evidence::new(text, weight));
    }
    fn task(&self) -> Task {
        self.rule.task.unwrap_or(Task::Generative)
    }
}

/// Classifies one call site.
///
/// Contract:
/// - `CallKind::Inner` (the prompt is a wrapper's parameter) and prompts with no
///   recovered instruction text (empty, only holes, or incomplete with nothing literal)
///   are `unknown`, confidence 0; except an inner call whose parameter is only its system
///   prompt around a fixed question that reads as a flagged deterministic task.
/// - A deterministic task is returned only when the best subtype candidate, after the
///   generic weighing, reaches [`REPORT_FLOOR`]; its `confidence` is that weighed score.
///   Renderers flag it only from `min-confidence` on ([`DEFAULT_MIN_CONFIDENCE`] by
///   default, see [`Classification::is_flagged`]); between the floor and the threshold
///   the task is still reported (`llmlint calls`) but not flagged.
/// - Everything else with a recovered prompt is `generative`, its confidence saying how
///   sure the classifier is that the work needs a model; the evidence then lists the
///   language-work signals and any rejected deterministic reading.
pub fn classify(call: &CallSite) -> Classification {
    let full = classify_one(call);
    let flagged = |c: &Classification| c.task.is_deterministic() && c.rule.is_some();
    // The prompt's own examples contradicting a reading still stand.
    if full
        .evidence
        .iter()
        .any(|e| e.text.starts_with(examples::CONTRADICTS))
    {
        return full;
    }
    // A conversation whose history holds the model's earlier answers ("what is 9 times 9" /
    // "81" / "what is 50 divided by 5?"): the last turn is what this call asks.
    let Some(mut last) = last_turn(call).map(|c| classify_one(&c)) else {
        return full;
    };
    match (flagged(&full), flagged(&last)) {
        // the same task: the last turn's input, the whole conversation's examples as proof
        (true, true) if full.rule == last.rule => {
            last.evidence.extend(
                full.evidence
                    .iter()
                    .filter(|e| e.text.contains("of the prompt's own examples"))
                    .cloned(),
            );
            last.evidence.push(history_evidence());
            last
        }
        (false, true) => {
            last.evidence.push(history_evidence());
            last
        }
        // The last turn builds on an earlier answer ("add 3 to that"): the value written in
        // the first turn is not what is asked now. The conversation is fixed, so its answer
        // is a constant, but not the one code over that value would compute.
        (true, false) if full.literal_input.is_some() => {
            let mut full = full;
            full.literal_input = None;
            full.no_fix = Some(crate::rules::llm408_does_arithmetic::FIXED_ANSWER.to_string());
            full.evidence.push(Evidence::new(
                "the last turn builds on an earlier answer: no code over the first turn's value",
                0.0,
            ));
            full
        }
        _ => full,
    }
}

fn history_evidence() -> Evidence {
    Evidence::new(
        "reads the conversation's last turn: the turns before it are history the model already answered",
        0.0,
    )
}

/// The call with only its system messages and the turns after the model's last answer, when
/// the prompt is a conversation with an earlier question and answer; None otherwise.
fn last_turn(call: &CallSite) -> Option<CallSite> {
    let msgs = &call.prompt.messages;
    let role = |i: usize| msgs[i].role.as_deref();
    let answered = (0..msgs.len())
        .rev()
        .find(|&i| role(i) == Some("assistant"))?;
    let asked_before = (0..answered).any(|i| role(i) == Some("user"));
    let asks_after = (answered + 1..msgs.len()).any(|i| role(i) == Some("user"));
    if !asked_before || !asks_after {
        return None;
    }
    let mut last = call.clone();
    last.prompt.messages = msgs
        .iter()
        .enumerate()
        .filter(|(i, m)| *i > answered || matches!(m.role.as_deref(), Some("system" | "developer")))
        .map(|(_, m)| m.clone())
        .collect();
    Some(last)
}

fn classify_one(call: &CallSite) -> Classification {
    if call.kind == CallKind::Inner {
        if let Some(c) = fixed_question_under_system_parameter(call) {
            return c;
        }
        return Classification::unknown("the prompt is a parameter of the enclosing wrapper");
    }
    let facts = PromptFacts::new(call);
    if !facts.has_instruction() {
        return Classification::unknown(if call.prompt.is_empty() {
            "prompt not recovered"
        } else {
            "no literal instruction text in the recovered prompt"
        });
    }
    let mut candidates: Vec<Candidate> = crate::rules::DETECTORS
        .iter()
        .filter_map(|detect| detect(&facts))
        .collect();
    for c in &mut candidates {
        weigh(&facts, c);
        // The code around the call and the prompt's own examples, weighed last.
        evidence::weigh(&facts, c);
    }
    // Best first; ties go to the lower rule code so the result is stable.
    candidates.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.rule.code.cmp(b.rule.code))
    });
    let gen_evidence = facts.generative_evidence();
    match candidates.into_iter().next() {
        Some(best) if best.score >= REPORT_FLOOR => {
            let mut evidence = best.evidence.clone();
            evidence.sort_by(|a, b| {
                b.weight
                    .abs()
                    .partial_cmp(&a.weight.abs())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            Classification {
                task: best.task(),
                subtype: best.rule.subtype.map(str::to_string),
                rule: Some(best.rule.code.to_string()),
                confidence: round2(best.score.clamp(0.0, 0.99)),
                evidence,
                replacement: Some(best.spec),
                literal_input: best.literal_input,
                no_fix: best.no_fix,
            }
        }
        rejected => {
            let mut evidence = gen_evidence;
            let signal: f64 = evidence.iter().map(|e| e.weight).sum();
            if let Some(c) = rejected {
                evidence.extend(
                    c.evidence
                        .iter()
                        .filter(|e| evidence::explains_rejection(e))
                        .cloned(),
                );
                evidence.push(Evidence::new(
                    format!(
                        "weak {} reading ({}) not reported, score {:.2}",
                        c.rule.subtype.unwrap_or("deterministic"),
                        c.rule.code,
                        c.score
                    ),
                    -c.score.max(0.0),
                ));
            }
            if evidence.is_empty() {
                evidence.push(Evidence::new(
                    "no deterministic task recognised in the prompt",
                    0.3,
                ));
            }
            let confidence = if signal > 0.0 {
                (0.6 + signal * 0.3).min(0.95)
            } else {
                0.5
            };
            Classification {
                task: Task::Generative,
                subtype: None,
                rule: None,
                confidence: round2(confidence),
                evidence,
                replacement: None,
                literal_input: None,
                no_fix: None,
            }
        }
    }
}

/// A wrapper whose parameter is only the system prompt around a fixed question (a harness
/// that tries system prompts on one word problem): the question and its answer do not
/// depend on the parameter. Classified on the fixed messages alone, and returned only when
/// that reading is a flagged deterministic task; otherwise the call stays `unknown`.
fn fixed_question_under_system_parameter(call: &CallSite) -> Option<Classification> {
    use crate::model::Segment;
    let msgs = &call.prompt.messages;
    let is_system =
        |m: &crate::model::Message| matches!(m.role.as_deref(), Some("system" | "developer"));
    let has_hole =
        |m: &crate::model::Message| m.segments.iter().any(|s| matches!(s, Segment::Hole { .. }));
    let parameter_only_in_system = msgs.iter().any(|m| is_system(m) && has_hole(m))
        && msgs.iter().all(|m| is_system(m) || !has_hole(m))
        && msgs.iter().any(|m| m.role.as_deref() == Some("user"));
    if !parameter_only_in_system {
        return None;
    }
    let mut fixed = call.clone();
    fixed.kind = CallKind::Direct;
    // the parameter is the part not recovered; the fixed messages are whole
    fixed.prompt.complete = true;
    fixed.prompt.messages = msgs.iter().filter(|m| !has_hole(m)).cloned().collect();
    let mut c = classify_one(&fixed);
    if !(c.task.is_deterministic() && c.rule.is_some() && c.confidence >= DEFAULT_MIN_CONFIDENCE) {
        return None;
    }
    c.evidence.push(Evidence::new(
        "the wrapper's parameter is only the system prompt; the question itself is fixed",
        0.0,
    ));
    Some(c)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The generic part of the weighing: language-work signals, output constraints, call
/// settings and response handling, applied the same way to every candidate.
fn weigh(f: &PromptFacts, c: &mut Candidate) {
    let task = c.task();
    // Language work asked for anywhere in the prompt outweighs a deterministic reading.
    // One tool the model may call for a computation (a calculator, a letter counter)
    // does not change what a computation over the prompt's own data returns: for a
    // transform it is how the model would compute, not a sign of language work. Several
    // tools to choose from are routing.
    let one_computing_tool = task == Task::Transform && !f.has(&lexicon::TOOL_CHOICE);
    // "Think step by step" around a computation with one answer is how the model is told
    // to compute (chain of thought), not language work that is the point of the call.
    let computation = c.rule.subtype == Some("arithmetic");
    // "How many stickers does she have left?" asks about the problem's own people, not
    // about what the author of a text meant: the word problem has no text to read.
    let word_problem = c.evidence.iter().any(|e| {
        e.text
            .starts_with(crate::rules::llm408_does_arithmetic::WORD_PROBLEM)
    });
    for e in f.generative_evidence() {
        if one_computing_tool && e.text.starts_with(lexicon::TOOLS_SIGNAL) {
            continue;
        }
        if word_problem && e.text.starts_with(lexicon::OPEN_QUESTION_SIGNAL) {
            continue;
        }
        if computation
            && e.text.starts_with(lexicon::EXPLANATION_SIGNAL)
            && lexicon::explains_only_the_working(&f.text)
        {
            c.add(
                "the explanation asked for is of the working; the answer is still one number",
                0.0,
            );
            continue;
        }
        if computation && e.text.starts_with(lexicon::REASONING_SIGNAL) {
            c.add(
                "step-by-step wording says how to compute; the answer is still one number",
                0.0,
            );
            continue;
        }
        c.add(format!("but {}", e.text), -e.weight);
    }
    // Output constraints consistent with the task (never enough alone: only weighed here,
    // after a detector has found the task in the prompt's words).
    match task {
        Task::Validation => {
            if let Some(what) = f.bool_answer() {
                c.add(format!("answer constrained to {what}"), 0.1);
            }
        }
        Task::Regex | Task::Lookup | Task::Transform if f.terse_output() => {
            c.add("asks for the bare value only", 0.05);
        }
        _ => {}
    }
    // How the code uses the answer.
    for u in &f.call.context.response_uses {
        match (task, u) {
            (Task::Validation, ResponseUse::ComparedTo { value })
            | (Task::Regex, ResponseUse::ComparedTo { value })
                if is_bool_word(value) =>
            {
                c.add(format!("response compared to \"{value}\""), 0.1);
            }
            (Task::Validation, ResponseUse::ParsedBool) => {
                c.add("response parsed as a bool", 0.1);
            }
            (Task::Transform, ResponseUse::ParsedInt | ResponseUse::ParsedFloat) => {
                c.add("response parsed as a number", 0.05);
            }
            (Task::Regex, ResponseUse::SplitList | ResponseUse::ParsedJson) => {
                c.add("response read as a list", 0.03);
            }
            (Task::Transform | Task::Lookup, ResponseUse::ParsedJson) => {
                c.add("response parsed as JSON", 0.03);
            }
            _ => {}
        }
    }
    // Settings.
    if let Some(mt) = &f.call.max_tokens
        && mt.value <= 16
    {
        c.add(format!("max_tokens = {}", mt.value), 0.05);
    }
    if let Some(t) = &f.call.temperature
        && t.value == 0.0
    {
        c.add("temperature = 0", 0.02);
    }
    // The whole input is a long document while the task wants one short field.
    // A hole named after the subtype's own noun (`{email}` for validate-email) holds that
    // one field, whatever the generic name lists say.
    let named_field = c
        .rule
        .subtype
        .and_then(|s| s.rsplit('-').next())
        .is_some_and(|noun| f.holes.iter().any(|h| h.contains(noun)));
    let document_ok = named_field
        || matches!(
            c.rule.subtype,
            Some("validate-json" | "validate-required-fields")
        );
    if matches!(task, Task::Lookup | Task::Validation) && !document_ok && f.only_long_inputs() {
        // A lookup maps one key; over a whole document (a JSON record to check, a text to
        // read) the reference value is a rule of some other task ("state (two-letter code)").
        let weight = if task == Task::Lookup { -0.3 } else { -0.15 };
        c.add(
            "the input looks like a whole document, not one field",
            weight,
        );
    }
    if !f.call.prompt.complete {
        c.add("prompt only partly recovered", -0.1);
    }
    if let Some(hole) = f.instruction_hole() {
        c.add(
            format!("the prompt's instructions sit in `{{{hole}}}`, which was not recovered"),
            -0.3,
        );
    }
    negatives::weigh(f, c);
}

fn is_bool_word(v: &str) -> bool {
    matches!(
        v.trim().to_lowercase().as_str(),
        "yes" | "no" | "true" | "false" | "valid" | "invalid" | "y" | "n" | "1" | "0"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flagged_needs_threshold_and_rule() {
        let mut c = Classification::unknown("x");
        assert!(!c.is_flagged(0.0));
        c.task = Task::Regex;
        c.rule = Some("LLM101".into());
        c.confidence = 0.7;
        assert!(c.is_flagged(0.6));
        assert!(!c.is_flagged(0.8));
    }
}
