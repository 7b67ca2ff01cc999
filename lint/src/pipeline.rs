//! The stages after extraction: classify each call site, estimate its cost, and generate
//! its replacement. The CLI and the editor server both go through `evaluate`.

use serde_json::{Value, json};

use llmlint_rules::CallSite;
use llmlint_rules::classify::{Classification, DEFAULT_MIN_CONFIDENCE, classify};

use crate::driver::FileResult;
use crate::fixgen::{self, Replacement};

/// Options of the later stages.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// A deterministic classification below this confidence is not flagged.
    pub min_confidence: f64,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            min_confidence: DEFAULT_MIN_CONFIDENCE,
        }
    }
}

/// One call site with everything the later stages said about it.
#[derive(Debug)]
pub struct Finding<'a> {
    pub file: &'a FileResult,
    pub call: &'a CallSite,
    pub class: Classification,
    /// Deterministic task with confidence at or above `min-confidence`.
    pub flagged: bool,
    pub cost: Option<Value>,
    /// The deterministic code (for flagged calls).
    pub replacement: Option<Replacement>,
    /// The help line: the alternative and the cost comparison.
    pub help: Option<String>,
    /// Cost-hygiene findings (code, message).
    pub hygiene: Vec<(String, String)>,
}

impl Finding<'_> {
    pub fn cost_json(&self) -> Value {
        self.cost.clone().unwrap_or(Value::Null)
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

/// Classify, estimate and generate for one call.
pub fn evaluate<'a>(
    file: &'a FileResult,
    call: &'a CallSite,
    opts: &PipelineOptions,
) -> Finding<'a> {
    let class = classify(call);
    let flagged = class.task.is_deterministic() && class.confidence >= opts.min_confidence;
    let replacement = match (&class.replacement, &file.text) {
        (Some(spec), Some(text)) if flagged => fixgen::build(call, spec, text),
        _ => None,
    };
    let help = replacement.as_ref().map(|r| {
        let mut h = format!("use `{}` instead", r.generated.call_expr);
        if !r.generated.assumptions.is_empty() {
            h.push_str(&format!(" ({})", r.generated.assumptions.join("; ")));
        }
        h
    });
    Finding {
        file,
        call,
        class,
        flagged,
        cost: None,
        replacement,
        help,
        hygiene: Vec::new(),
    }
}
