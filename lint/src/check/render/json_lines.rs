//! `json-lines`: one ruff-shaped JSON object per line.

use super::RenderOptions;
use super::json::to_json_diagnostics;
use crate::check::diagnostic::{Diagnostic, SourceLookup};

pub fn render(diags: &[Diagnostic], sources: &impl SourceLookup, opts: &RenderOptions) -> String {
    let mut out = String::new();
    for value in to_json_diagnostics(diags, sources, opts) {
        if let Ok(line) = serde_json::to_string(&value) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
