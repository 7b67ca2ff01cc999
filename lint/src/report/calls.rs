//! `llmlint calls`: the inventory as JSON (the design's exact contract) and as a text table.

use std::path::Path;

use llmlint_rules::{Message, Segment};
use serde_json::{Value, json};

use crate::pipeline::Finding;

/// Path as reported: relative to the current directory when the file is under it.
pub fn shown_path(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The JSON object of one call, in the design's field order.
pub fn call_json(f: &Finding<'_>, cwd: &Path) -> Value {
    let c = f.call;
    let s = c.span;
    json!({
        "path": shown_path(&f.file.path, cwd),
        "line": s.line,
        "column": s.column,
        "end_line": s.end_line,
        "end_column": s.end_column,
        "language": c.language.as_str(),
        "sdk": c.sdk,
        "api": c.api,
        "model": c.model_name(),
        "prompt": c.prompt.render(),
        "prompt_complete": c.prompt.complete,
        "task": f.class.task.as_str(),
        "subtype": f.class.subtype,
        "rule": f.class.rule,
        "confidence": round3(f.class.confidence),
        "evidence": f.class.evidence.iter().map(|e| e.text.clone()).collect::<Vec<_>>(),
        "cost": f.cost_json(),
        "replacement": f.replacement_json(),
        "help": f.help,
        "flagged": f.flagged,
        "kind": c.kind,
        "wrapper": c.wrapper,
        "provider": c.provider,
        "enclosing_function": c.context.enclosing_function,
        "multipliers": c.context.multipliers,
        "max_tokens": c.max_tokens.as_ref().map(|v| v.value),
        "temperature": c.temperature.as_ref().map(|v| v.value),
        "response_uses": c.context.response_uses,
        "messages": c.prompt.messages.iter().map(message_json).collect::<Vec<_>>(),
        "variants": c
            .variants
            .iter()
            .zip(&f.variants)
            .map(|(p, v)| json!({
                "prompt": p.render(),
                "messages": p.messages.iter().map(message_json).collect::<Vec<_>>(),
                "task": v.task.as_str(),
                "subtype": v.subtype,
            }))
            .collect::<Vec<_>>(),
    })
}

/// One message: its role, its rendered content (`{name}` for holes) and its segments in
/// order, `{"text": ...}` or `{"hole": name}`, so readers can tell a hole from literal braces.
fn message_json(m: &Message) -> Value {
    let segments: Vec<Value> = m
        .segments
        .iter()
        .map(|s| match s {
            Segment::Text { text, .. } => json!({ "text": text }),
            Segment::Hole { name, .. } => json!({ "hole": name }),
        })
        .collect();
    json!({"role": m.role, "content": m.text(), "segments": segments})
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
