//! `concise`: one line per finding, `path:line:col: CODE message`.

use std::fmt::Write;

use super::RenderOptions;
use crate::check::diagnostic::{Diagnostic, relative_path};

pub fn render(diags: &[Diagnostic], opts: &RenderOptions) -> String {
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {}",
            relative_path(&d.path, &opts.cwd),
            d.span.line,
            d.span.column,
            d.code,
            one_line(&d.message)
        );
    }
    out
}

/// Messages never span lines in line-oriented formats.
pub(crate) fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.split(['\n', '\r'])
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s.to_string()
    }
}
