//! The stages after extraction: classify each call site, estimate its cost, and generate
//! its replacement. The CLI and the editor server both go through `evaluate`.

use serde_json::Value;

use llmlint_rules::CallSite;
use llmlint_rules::classify::Classification;

use crate::driver::FileResult;

/// Options of the later stages.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    /// A deterministic classification below this confidence is not flagged.
    pub min_confidence: f64,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            min_confidence: 0.6,
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
    pub replacement: Option<Value>,
}

impl Finding<'_> {
    pub fn cost_json(&self) -> Value {
        self.cost.clone().unwrap_or(Value::Null)
    }
    pub fn replacement_json(&self) -> Value {
        self.replacement.clone().unwrap_or(Value::Null)
    }
}

fn classify(call: &CallSite) -> Classification {
    let _ = call;
    Classification::unknown("classifier not available")
}

/// Classify, estimate and generate for one call.
pub fn evaluate<'a>(
    file: &'a FileResult,
    call: &'a CallSite,
    opts: &PipelineOptions,
) -> Finding<'a> {
    let class = classify(call);
    let flagged = class.task.is_deterministic() && class.confidence >= opts.min_confidence;
    Finding {
        file,
        call,
        class,
        flagged,
        cost: None,
        replacement: None,
    }
}
