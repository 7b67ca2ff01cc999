//! `github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! `::warning title=llmlint (LLM301),file=app/x.py,line=3,col=5,endLine=3,endColumn=40::LLM301 message`

use std::fmt::Write;

use super::RenderOptions;
use crate::check::diagnostic::{Diagnostic, Severity, relative_path};

pub fn render(diags: &[Diagnostic], opts: &RenderOptions) -> String {
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let title = format!("llmlint ({})", d.code);
        let file = relative_path(&d.path, &opts.cwd);
        let _ = writeln!(
            out,
            "::{level} title={},file={},line={},col={},endLine={},endColumn={}::{}",
            escape_property(&title),
            escape_property(&file),
            d.span.line,
            d.span.column,
            d.span.end_line,
            d.span.end_column,
            escape_data(&format!("{} {}", d.code, d.message)),
        );
    }
    out
}

/// Escape the message part of a workflow command: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escape a property value of a workflow command: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}
