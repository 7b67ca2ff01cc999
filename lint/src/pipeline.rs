//! The stages after extraction: classify each call site, estimate its cost, and generate
//! its replacement. The CLI and the editor server both go through `evaluate`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use llmlint_rules::CallSite;
use llmlint_rules::classify::{Classification, DEFAULT_MIN_CONFIDENCE, classify};
use llmlint_rules::rules::{
    llm501_call_in_loop, llm502_unbounded_short_answer, llm503_premium_model_for_deterministic_task,
};

use crate::config::Config;
use crate::cost::{CostEstimate, CostSettings, PriceBook, estimate};
use crate::driver::FileResult;
use crate::fixgen::{self, Replacement};

/// Cost settings and price book of one configuration, built on first use (decoding the
/// bundled price table takes tens of milliseconds, so a run without calls never does it).
#[derive(Debug)]
pub struct CostContext {
    pub settings: CostSettings,
    pub book: PriceBook,
}

/// Options of the later stages.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// `--min-confidence`: overrides every configuration's `min-confidence`. A deterministic
    /// classification below the confidence in force is not flagged.
    pub min_confidence: Option<f64>,
    /// `--prices FILE`: overrides every configuration's `prices-file`.
    pub prices_file: Option<PathBuf>,
    cost: Arc<Mutex<HashMap<usize, Arc<CostContext>>>>,
    warnings: Arc<Mutex<Vec<String>>>,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions::new(None, None)
    }
}

impl PipelineOptions {
    pub fn new(min_confidence: Option<f64>, prices_file: Option<PathBuf>) -> Self {
        PipelineOptions {
            min_confidence,
            prices_file,
            cost: Arc::new(Mutex::new(HashMap::new())),
            warnings: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// The cost context of a configuration.
    pub fn cost_context(&self, config: &Arc<Config>) -> Arc<CostContext> {
        let key = Arc::as_ptr(config) as usize;
        if let Some(c) = self.cost.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return c;
        }
        let mut settings = config.options.cost_settings(&config.root);
        if let Some(p) = &self.prices_file {
            settings.prices_file = Some(p.clone());
        }
        let book = match PriceBook::from_settings(&settings) {
            Ok(b) => b,
            Err(e) => {
                if let Ok(mut w) = self.warnings.lock() {
                    w.push(format!("{e}; using the bundled price table"));
                }
                settings.prices_file = None;
                settings.price_date = None;
                PriceBook::bundled().with_overrides(settings.prices.clone())
            }
        };
        let ctx = Arc::new(CostContext { settings, book });
        if let Ok(mut m) = self.cost.lock() {
            m.insert(key, ctx.clone());
        }
        ctx
    }

    /// Warnings raised while pricing (an unreadable `--prices` file), once each.
    pub fn take_warnings(&self) -> Vec<String> {
        let mut w = self
            .warnings
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default();
        w.dedup();
        w
    }
}

/// A cost-hygiene rule's check.
type HygieneCheck = fn(&CallSite, &Classification) -> Option<String>;

/// One call site with everything the later stages said about it.
#[derive(Debug)]
pub struct Finding<'a> {
    pub file: &'a FileResult,
    pub call: &'a CallSite,
    pub class: Classification,
    /// The classification of each prompt variant (a prompt picked from a table), in order.
    pub variants: Vec<Classification>,
    /// Deterministic task with confidence at or above `min-confidence`.
    pub flagged: bool,
    pub cost: CostEstimate,
    /// The deterministic code (for flagged calls).
    pub replacement: Option<Replacement>,
    /// The help line: the alternative and what it assumes.
    pub help: Option<String>,
    /// Cost-hygiene findings (code, message).
    pub hygiene: Vec<(String, String)>,
}

impl Finding<'_> {
    pub fn cost_json(&self) -> Value {
        serde_json::to_value(&self.cost).unwrap_or(Value::Null)
    }
    pub fn replacement_json(&self) -> Value {
        match &self.replacement {
            None => Value::Null,
            Some(r) => json!({
                "language": r.language.as_str(),
                "code": r.code(),
                "applicability": r.fix.applicability.as_str(),
                "helper": r.generated.helper_name,
                "call": r.generated.call_expr,
                "returns": r.generated.returns,
                "needs_crates": r.generated.needs_crates.iter().map(|(c, v)| format!("{c} = \"{v}\"")).collect::<Vec<_>>(),
                "assumptions": r.generated.assumptions,
            }),
        }
    }
}

/// Classify a call; when its prompt is picked from a table, classify every variant too. Such a
/// site is deterministic only when every variant is the same deterministic subtype; then it
/// takes the least confident variant's classification. Otherwise it is generative when a
/// variant is, else unknown.
pub fn classify_with_variants(call: &CallSite) -> (Classification, Vec<Classification>) {
    if call.variants.is_empty() {
        return (classify(call), Vec::new());
    }
    let classes: Vec<Classification> = call
        .variants
        .iter()
        .map(|p| {
            let mut v = call.clone();
            v.prompt = p.clone();
            v.variants.clear();
            classify(&v)
        })
        .collect();
    let first = &classes[0];
    let agree = first.task.is_deterministic()
        && classes
            .iter()
            .all(|c| c.task == first.task && c.subtype == first.subtype);
    let n = classes.len();
    let mut class = if agree {
        let mut c = classes
            .iter()
            .min_by(|a, b| a.confidence.total_cmp(&b.confidence))
            .cloned()
            .unwrap_or_else(|| first.clone());
        c.evidence.insert(
            0,
            llmlint_rules::classify::Evidence::new(
                format!("the prompt is one of {n} table entries, all of this task"),
                0.0,
            ),
        );
        c
    } else {
        let mut c = classify(call);
        if c.task.is_deterministic() || c.task == llmlint_rules::Task::Unknown {
            c = llmlint_rules::classify::Classification::unknown("variants disagree");
            if classes
                .iter()
                .any(|v| v.task == llmlint_rules::Task::Generative)
            {
                c.task = llmlint_rules::Task::Generative;
            }
        }
        let tasks: Vec<String> = classes
            .iter()
            .map(|v| {
                v.subtype
                    .clone()
                    .unwrap_or_else(|| v.task.as_str().to_string())
            })
            .collect();
        c.evidence.insert(
            0,
            llmlint_rules::classify::Evidence::new(
                format!(
                    "the prompt is one of {n} table entries asking for different things ({}); not flagged",
                    tasks.join(", ")
                ),
                0.0,
            ),
        );
        c
    };
    class.evidence.dedup_by(|a, b| a.text == b.text);
    (class, classes)
}

/// Classify, estimate and generate for one call.
pub fn evaluate<'a>(
    file: &'a FileResult,
    call: &'a CallSite,
    opts: &PipelineOptions,
) -> Finding<'a> {
    let (class, variants) = classify_with_variants(call);
    let min_confidence = opts
        .min_confidence
        .or(file.config.options.min_confidence)
        .unwrap_or(DEFAULT_MIN_CONFIDENCE);
    let flagged = class.task.is_deterministic() && class.confidence >= min_confidence;
    let replacement = match (&class.replacement, &file.text) {
        // a fixed question llmlint does not solve: no code, the help says why
        _ if class.no_fix.is_some() => None,
        // a prompt picked from a table needs code that picks too: no generated replacement
        (Some(spec), Some(text)) if flagged && call.variants.is_empty() => {
            fixgen::build(call, spec, text, class.literal_input.as_deref())
        }
        _ => None,
    };
    let help = replacement.as_ref().map(|r| {
        let mut h = format!("use `{}` instead", r.generated.call_expr);
        if !r.generated.assumptions.is_empty() {
            h.push_str(&format!(" ({})", r.generated.assumptions.join("; ")));
        }
        if !r.generated.needs_crates.is_empty() {
            let crates: Vec<String> = r
                .generated
                .needs_crates
                .iter()
                .map(|(c, _)| format!("`{c}`"))
                .collect();
            h.push_str(&format!(
                "; needs the {} crate{}",
                crates.join(", "),
                if crates.len() == 1 { "" } else { "s" }
            ));
        }
        h
    });
    let help = help.or_else(|| class.no_fix.clone().filter(|_| flagged));
    let ctx = opts.cost_context(&file.config);
    let cost = estimate(
        call,
        class.task,
        class.subtype.as_deref(),
        &ctx.settings,
        &ctx.book,
    );
    let mut hygiene = Vec::new();
    if flagged {
        let checks: [(&str, HygieneCheck); 3] = [
            (llm501_call_in_loop::RULE.code, llm501_call_in_loop::check),
            (
                llm502_unbounded_short_answer::RULE.code,
                llm502_unbounded_short_answer::check,
            ),
            (
                llm503_premium_model_for_deterministic_task::RULE.code,
                llm503_premium_model_for_deterministic_task::check,
            ),
        ];
        for (code, check) in checks {
            if let Some(m) = check(call, &class) {
                hygiene.push((code.to_string(), m));
            }
        }
    }
    Finding {
        file,
        call,
        class,
        variants,
        flagged,
        cost,
        replacement,
        help,
        hygiene,
    }
}
