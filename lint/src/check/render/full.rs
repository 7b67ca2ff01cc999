//! `full` (default): miette's graphical report, with the call span and the secondary spans
//! (the prompt) labelled, the help line, and the evidence as notes.

use std::fmt;

use llmlint_rules::Span;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::RenderOptions;
use crate::check::diagnostic::{Diagnostic, Severity, SourceLookup, relative_path};

/// A named source whose reported columns count characters, as every other llmlint output
/// does (miette's own count is in bytes).
struct CharColumnSource {
    name: String,
    text: String,
}

impl SourceCode for CharColumnSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let start = inner.span().offset().min(self.text.len());
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = self
            .text
            .get(line_start..start)
            .map_or(start - line_start, |s| s.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

struct Report<'a> {
    diag: &'a Diagnostic,
    /// The message, prefixed by the location when there is no source to show.
    message: String,
    source: Option<CharColumnSource>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("code", &self.diag.code)
            .finish()
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.diag.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.diag.url))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.is_none() || self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// A span that miette can show in `text`: inside it and on character boundaries.
fn source_span(span: &Span, text: &str) -> Option<SourceSpan> {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    Some(SourceSpan::from((start, end - start)))
}

fn handler(opts: &RenderOptions, footer: Option<String>) -> GraphicalReportHandler {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut h = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_urls(false)
        .with_context_lines(1);
    if let Some(footer) = footer {
        h = h.with_footer(footer);
    }
    h
}

/// Render one diagnostic as a miette report.
pub fn render_one(d: &Diagnostic, sources: &impl SourceLookup, opts: &RenderOptions) -> String {
    let shown_path = relative_path(&d.path, &opts.cwd);
    let text = sources.source(&d.path);
    let mut labels = Vec::new();
    if let Some(text) = text {
        if let Some(s) = source_span(&d.span, text) {
            labels.push(LabeledSpan::new_primary_with_span(Some(d.name.clone()), s));
        }
        for l in &d.secondary {
            if let Some(s) = source_span(&l.span, text) {
                labels.push(LabeledSpan::new_with_span(Some(l.message.clone()), s));
            }
        }
    }
    let with_source = text.is_some() && !labels.is_empty();
    let message = if with_source {
        d.message.clone()
    } else {
        format!(
            "{}:{}:{}: {}",
            shown_path, d.span.line, d.span.column, d.message
        )
    };
    let source = if with_source {
        text.map(|t| CharColumnSource {
            name: shown_path.clone(),
            text: t.to_string(),
        })
    } else {
        None
    };
    let report = Report {
        diag: d,
        message,
        source,
        labels,
    };
    let footer = if d.evidence.is_empty() {
        None
    } else {
        Some(
            d.evidence
                .iter()
                .map(|e| format!("note: {e}"))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    };
    let mut out = String::new();
    if handler(opts, footer)
        .render_report(&mut out, &report)
        .is_err()
    {
        // A report miette cannot draw still gets one line.
        out = format!(
            "{}:{}:{}: {} {}\n",
            shown_path, d.span.line, d.span.column, d.code, d.message
        );
    }
    out
}

pub fn render(diags: &[Diagnostic], sources: &impl SourceLookup, opts: &RenderOptions) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render_one(d, sources, opts));
        out.push('\n');
    }
    out
}
