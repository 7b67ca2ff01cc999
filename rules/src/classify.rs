//! Classification types shared by the classifier, the renderers and the cost stage.

use serde::Serialize;

use crate::model::Task;

/// One reason behind a classification, with its weight (positive pushes towards the
/// reported task, negative away from it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub text: String,
    pub weight: f64,
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
        }
    }
}
