//! `json`: an array of diagnostics in ruff's shape, so tools that read ruff's JSON read ours.
//!
//! ```json
//! [{"cell": null, "code": "LLM301", "end_location": {"column": 6, "row": 47},
//!   "filename": "/abs/app/orders.py",
//!   "fix": {"applicability": "unsafe", "edits": [{"content": "..", "end_location": {..},
//!           "location": {..}}], "message": "Replace the call with `is_valid_json(payload)`"},
//!   "location": {"column": 9, "row": 42}, "message": "..", "noqa_row": 42,
//!   "url": "https://llmlint.dev/rules/LLM301"}]
//! ```
//! Fields are in ruff's (alphabetical) order. `fix` is `null` when there is none, or when its
//! edits cannot be located in the file text.

use serde::Serialize;

use super::RenderOptions;
use crate::check::diagnostic::{
    Diagnostic, LineIndexCache, Position, SourceLookup, absolute_path, locate_edits,
};

#[derive(Serialize)]
pub struct JsonLocation {
    pub column: u32,
    pub row: u32,
}

impl From<Position> for JsonLocation {
    fn from(p: Position) -> Self {
        JsonLocation {
            column: p.column,
            row: p.row,
        }
    }
}

#[derive(Serialize)]
pub struct JsonEdit {
    pub content: String,
    pub end_location: JsonLocation,
    pub location: JsonLocation,
}

#[derive(Serialize)]
pub struct JsonFix {
    pub applicability: &'static str,
    pub edits: Vec<JsonEdit>,
    pub message: String,
}

#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub cell: Option<u32>,
    pub code: String,
    pub end_location: JsonLocation,
    pub filename: String,
    pub fix: Option<JsonFix>,
    pub location: JsonLocation,
    pub message: String,
    pub noqa_row: u32,
    pub url: String,
}

/// The ruff-shaped value of each diagnostic.
pub fn to_json_diagnostics(
    diags: &[Diagnostic],
    sources: &impl SourceLookup,
    opts: &RenderOptions,
) -> Vec<JsonDiagnostic> {
    let mut cache = LineIndexCache::default();
    diags
        .iter()
        .map(|d| {
            let fix = d.fix.as_ref().and_then(|fix| {
                let text = sources.source(&d.path)?;
                let index = cache.get(&d.path, text);
                let edits = locate_edits(fix, text, index)?;
                Some(JsonFix {
                    applicability: fix.applicability.as_str(),
                    edits: edits
                        .into_iter()
                        .map(|e| JsonEdit {
                            content: e.edit.content.clone(),
                            end_location: e.end.into(),
                            location: e.start.into(),
                        })
                        .collect(),
                    message: fix.message.clone(),
                })
            });
            JsonDiagnostic {
                cell: None,
                code: d.code.clone(),
                end_location: JsonLocation {
                    column: d.span.end_column,
                    row: d.span.end_line,
                },
                filename: absolute_path(&d.path, &opts.cwd),
                fix,
                location: JsonLocation {
                    column: d.span.column,
                    row: d.span.line,
                },
                message: d.message.clone(),
                noqa_row: d.span.line,
                url: d.url.clone(),
            }
        })
        .collect()
}

pub fn render(diags: &[Diagnostic], sources: &impl SourceLookup, opts: &RenderOptions) -> String {
    let values = to_json_diagnostics(diags, sources, opts);
    let mut out = serde_json::to_string_pretty(&values).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}
