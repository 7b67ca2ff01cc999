//! From `check`'s values to the protocol's: diagnostics (with their fix carried in `data`),
//! the hover text of a call, and the edit of a suppression comment.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Position, Range, TextEdit, Uri,
};
use serde::{Deserialize, Serialize};

use llmlint_rewrite::Applicability;
use llmlint_rules::Language;

use crate::check::{Diagnostic, Severity};
use crate::cost::format_usd;
use crate::cost::latency::human_ms;
use crate::pipeline::Finding;

use super::document::Document;

/// The fix of a diagnostic as the server hands it to the client in `data`: its edits already
/// in protocol positions of the version it was computed on, so a code action needs no
/// re-analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixData {
    pub title: String,
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: String,
    pub edits: Vec<TextEdit>,
}

/// `data` of every llmlint diagnostic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticData {
    /// The document version the ranges refer to.
    pub version: i32,
    pub fix: Option<FixData>,
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// One diagnostic in protocol form. `None` never happens for a span inside the text; a fix
/// whose edits do not fall on character boundaries is left out rather than guessed.
pub fn diagnostic(d: &Diagnostic, doc: &Document, uri: &Uri) -> lsp_types::Diagnostic {
    let fix = d.fix.as_ref().and_then(|f| {
        let edits: Option<Vec<TextEdit>> = f
            .edits
            .iter()
            .map(|e| {
                let ok = e.start <= e.end
                    && e.end <= doc.text.len()
                    && doc.text.is_char_boundary(e.start)
                    && doc.text.is_char_boundary(e.end);
                ok.then(|| TextEdit {
                    range: doc.range(e.start, e.end),
                    new_text: e.content.clone(),
                })
            })
            .collect();
        Some(FixData {
            title: f.message.clone(),
            applicability: f.applicability.as_str().to_string(),
            edits: edits?,
        })
    });
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: doc.range(l.span.start, l.span.end),
            },
            message: l.message.clone(),
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp_types::Diagnostic {
        range: doc.range(d.span.start, d.span.end),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.clone())),
        code_description: d
            .url
            .parse::<Uri>()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("llmlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: (d.code == llmlint_rules::rules::llm901_unused_suppression::RULE.code)
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: serde_json::to_value(DiagnosticData {
            version: doc.version,
            fix,
        })
        .ok(),
    }
}

/// Whether a fix's applicability lets a quick fix offer it (display-only ones are shown in
/// the hover, never applied).
pub fn offered(applicability: &str) -> bool {
    applicability == Applicability::Safe.as_str() || applicability == Applicability::Unsafe.as_str()
}

/// The edit that silences `code` on the line of `range`: a suppression comment alone on the
/// line above, indented like that line (the form that is valid wherever the call starts).
pub fn suppression_edit(doc: &Document, language: Language, code: &str, range: Range) -> TextEdit {
    let line_start = doc.offset(Position::new(range.start.line, 0));
    let indent: String = doc.text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let marker = match language {
        Language::Python => "#",
        Language::Rust => "//",
    };
    TextEdit {
        range: Range::new(
            Position::new(range.start.line, 0),
            Position::new(range.start.line, 0),
        ),
        new_text: format!("{indent}{marker} llmlint: ignore[{code}]\n"),
    }
}

/// The hover text of one call: SDK, model, task and evidence; tokens and cost; latency next
/// to the deterministic alternative; the replacement code.
pub fn hover_markdown(f: &Finding<'_>) -> String {
    let call = f.call;
    let mut out = String::new();
    match (&f.class.rule, f.flagged) {
        (Some(rule), true) => {
            let name = llmlint_rules::registry::rule_by_code(rule)
                .map(|r| r.name.to_string())
                .unwrap_or_default();
            out.push_str(&format!(
                "**llmlint {rule}** `{name}`: a deterministic job\n\n"
            ));
        }
        _ => out.push_str("**llmlint**: LLM call\n\n"),
    }
    let api = if call.api.is_empty() {
        String::new()
    } else {
        format!(" `{}`", call.api)
    };
    out.push_str(&format!("- SDK: {}{api}\n", call.sdk));
    let model = match (call.model_name(), f.cost.model_assumed) {
        (Some(m), _) => format!("`{m}`"),
        (None, true) => format!("unknown (priced as `{}`)", f.cost.model),
        (None, false) => "unknown".into(),
    };
    out.push_str(&format!("- Model: {model}\n"));
    let subtype = f
        .class
        .subtype
        .as_deref()
        .map(|s| format!(" / {s}"))
        .unwrap_or_default();
    out.push_str(&format!(
        "- Task: {}{subtype} (confidence {:.2})\n",
        f.class.task.as_str(),
        f.class.confidence
    ));
    if let Some(w) = &call.wrapper {
        out.push_str(&format!("- Through the wrapper `{w}`\n"));
    }
    if !f.class.evidence.is_empty() {
        out.push_str("- Evidence:\n");
        for e in &f.class.evidence {
            out.push_str(&format!("  - {}\n", e.text));
        }
    }
    let c = &f.cost;
    let tokens = match (c.input_tokens, c.output_tokens) {
        (Some(i), Some(o)) => format!("{i} in + {o} out"),
        (Some(i), None) => format!("{i} in"),
        _ => "unknown".into(),
    };
    out.push_str(&format!("- Tokens: {tokens}\n"));
    let per_call = c
        .usd_per_call
        .map_or_else(|| "unknown".to_string(), format_usd);
    let per_month = c.usd_per_month.map_or_else(
        || "unknown/month".to_string(),
        |m| {
            format!(
                "{}/month at {} calls/day{}",
                format_usd(m),
                c.calls_per_day,
                c.multiplier
                    .map(|m| format!(" ({m} ×{})", c.multiplier_factor))
                    .unwrap_or_default()
            )
        },
    );
    out.push_str(&format!("- Cost: {per_call}/call, {per_month}\n"));
    let latency = c.latency_ms.map_or_else(|| "unknown".to_string(), human_ms);
    match (&c.deterministic_kind, &c.deterministic) {
        (Some(kind), Some(t)) => {
            out.push_str(&format!("- Latency: {latency} vs {t} for {kind}\n"));
        }
        _ => out.push_str(&format!("- Latency: {latency}\n")),
    }
    if let Some(r) = &f.replacement {
        let lang = r.language.as_str();
        out.push_str(&format!(
            "\nReplacement ({}):\n```{lang}\n{}\n```\n",
            r.fix.applicability.as_str(),
            r.code().trim_end()
        ));
    }
    out
}
