//! `sarif`: SARIF 2.1.0, one run. Rules are described in `tool.driver.rules` (those that have
//! results); each result points at its rule by id and index. Columns count Unicode code points
//! (`columnKind: unicodeCodePoints`); paths under the working folder are relative URIs against
//! `%SRCROOT%`. Fixes are included when they may be applied (safe or unsafe).

use std::collections::BTreeMap;

use llmlint_rewrite::Applicability;
use llmlint_rules::Span;
use llmlint_rules::registry::{RuleInfo, rule_by_code};
use serde_json::{Value, json};

use super::RenderOptions;
use crate::check::diagnostic::{
    Diagnostic, LineIndexCache, Severity, SourceLookup, absolute_path, locate_edits, relative_path,
};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const INFORMATION_URI: &str = "https://llmlint.dev";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Percent-encode a path for a URI reference (keeps `/` and the unreserved characters).
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact location of a path: relative to `%SRCROOT%` when under the working folder,
/// a `file://` URI otherwise.
fn artifact_location(path: &str, opts: &RenderOptions) -> Value {
    let rel = relative_path(path, &opts.cwd);
    if std::path::Path::new(&rel).is_absolute() {
        let abs = absolute_path(path, &opts.cwd).replace('\\', "/");
        let abs = if abs.starts_with('/') {
            abs
        } else {
            format!("/{abs}")
        };
        json!({ "uri": format!("file://{}", encode_uri_path(&abs)) })
    } else {
        json!({ "uri": encode_uri_path(&rel), "uriBaseId": "%SRCROOT%" })
    }
}

fn region(span: &Span) -> Value {
    json!({
        "startLine": span.line.max(1),
        "startColumn": span.column.max(1),
        "endLine": span.end_line.max(1),
        "endColumn": span.end_column.max(1),
    })
}

/// Finds a rule's metadata by code.
pub type RuleLookup<'a> = &'a dyn Fn(&str) -> Option<&'static RuleInfo>;

fn rule_descriptor(d: &Diagnostic, lookup: RuleLookup) -> Value {
    let (name, short, full, enabled) = match lookup(&d.code) {
        Some(r) => (
            r.name.to_string(),
            r.summary.to_string(),
            r.doc.to_string(),
            r.default_enabled,
        ),
        None => (d.name.clone(), d.name.clone(), d.name.clone(), true),
    };
    let mut rule = json!({
        "id": d.code,
        "shortDescription": { "text": short },
        "fullDescription": { "text": full.clone(), "markdown": full },
        "helpUri": d.url,
        "defaultConfiguration": {
            "enabled": enabled,
            "level": if d.code == "LLM902" { "error" } else { "warning" },
        },
    });
    if !name.is_empty() {
        rule["name"] = Value::String(name);
    }
    rule
}

pub fn to_sarif(diags: &[Diagnostic], sources: &impl SourceLookup, opts: &RenderOptions) -> Value {
    to_sarif_with(diags, sources, opts, &rule_by_code)
}

/// As `to_sarif`, with rule metadata from `lookup` instead of the registry.
pub fn to_sarif_with(
    diags: &[Diagnostic],
    sources: &impl SourceLookup,
    opts: &RenderOptions,
    lookup: RuleLookup,
) -> Value {
    // Rules with results, ordered by code.
    let mut rules: BTreeMap<&str, &Diagnostic> = BTreeMap::new();
    for d in diags {
        rules.entry(d.code.as_str()).or_insert(d);
    }
    let rule_index: BTreeMap<&str, usize> =
        rules.keys().enumerate().map(|(i, c)| (*c, i)).collect();
    let rule_values: Vec<Value> = rules.values().map(|d| rule_descriptor(d, lookup)).collect();

    let mut cache = LineIndexCache::default();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let location = artifact_location(&d.path, opts);
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": rule_index.get(d.code.as_str()).copied().unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location.clone(),
                        "region": region(&d.span),
                    }
                }],
            });
            if !d.secondary.is_empty() {
                let related: Vec<Value> = d
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        json!({
                            "id": i,
                            "message": { "text": l.message },
                            "physicalLocation": {
                                "artifactLocation": location.clone(),
                                "region": region(&l.span),
                            }
                        })
                    })
                    .collect();
                result["relatedLocations"] = Value::Array(related);
            }
            let fix = d
                .fix
                .as_ref()
                .filter(|f| f.applicability != Applicability::DisplayOnly && !f.edits.is_empty())
                .and_then(|fix| {
                    let text = sources.source(&d.path)?;
                    let index = cache.get(&d.path, text);
                    let edits = locate_edits(fix, text, index)?;
                    let replacements: Vec<Value> = edits
                        .iter()
                        .map(|e| {
                            json!({
                                "deletedRegion": {
                                    "startLine": e.start.row,
                                    "startColumn": e.start.column,
                                    "endLine": e.end.row,
                                    "endColumn": e.end.column,
                                },
                                "insertedContent": { "text": e.edit.content },
                            })
                        })
                        .collect();
                    Some(json!({
                        "description": { "text": fix.message },
                        "artifactChanges": [{
                            "artifactLocation": location.clone(),
                            "replacements": replacements,
                        }],
                        "properties": { "applicability": fix.applicability.as_str() },
                    }))
                });
            if let Some(fix) = fix {
                result["fixes"] = json!([fix]);
            }
            result
        })
        .collect();

    let root_uri = {
        let abs = opts.cwd.to_string_lossy().replace('\\', "/");
        let abs = if abs.starts_with('/') {
            abs
        } else {
            format!("/{abs}")
        };
        let mut uri = format!("file://{}", encode_uri_path(&abs));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        uri
    };

    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "llmlint",
                    "version": opts.tool_version,
                    "informationUri": INFORMATION_URI,
                    "rules": rule_values,
                }
            },
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root_uri } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

pub fn render(diags: &[Diagnostic], sources: &impl SourceLookup, opts: &RenderOptions) -> String {
    let value = to_sarif(diags, sources, opts);
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(encode_uri_path("app/my file#1.py"), "app/my%20file%231.py");
        assert_eq!(encode_uri_path("é.py"), "%C3%A9.py");
    }
}
