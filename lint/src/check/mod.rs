//! `llmlint check`: diagnostics, output formats, suppression comments, selection, statistics
//! and applying fixes.

pub mod diagnostic;
pub mod fix;
pub mod render;
pub mod select;
pub mod statistics;
pub mod suppress;

pub use diagnostic::{Diagnostic, Label, Severity, SourceLookup, rule_url, sort_diagnostics};
pub use render::{OutputFormat, RenderOptions, render};

use std::path::Path;

use select::{PerFileIgnores, RuleSelection};
use suppress::SuppressOutcome;

/// The last per-file step of `check`: drop the diagnostics of rules that are off (by the
/// selection or by `per-file-ignores` for this path), then apply the file's suppression
/// comments and add LLM901 for unused ones. `diags` all belong to `path`, whose text is `text`.
/// LLM902 (unparsable file) needs no text: pass the diagnostic with `""`.
pub fn finalize_file(
    path: &str,
    text: &str,
    diags: Vec<Diagnostic>,
    selection: &RuleSelection,
    per_file_ignores: Option<&PerFileIgnores>,
) -> SuppressOutcome {
    finalize_file_at(
        path,
        Path::new(path),
        text,
        diags,
        selection,
        per_file_ignores,
    )
}

/// [`finalize_file`] with `file`, the path `per-file-ignores` are matched against, apart from
/// the `path` shown in diagnostics: pass the absolute path, so that patterns (relative to the
/// config's folder) match whatever the working folder is.
pub fn finalize_file_at(
    path: &str,
    file: &Path,
    text: &str,
    diags: Vec<Diagnostic>,
    selection: &RuleSelection,
    per_file_ignores: Option<&PerFileIgnores>,
) -> SuppressOutcome {
    let enabled = |code: &str| {
        selection.is_enabled(code) && !per_file_ignores.is_some_and(|p| p.is_ignored(file, code))
    };
    let diags: Vec<Diagnostic> = diags.into_iter().filter(|d| enabled(&d.code)).collect();
    suppress::apply_suppressions(path, text, diags, &enabled)
}

/// `check`'s exit status: 0 nothing reported, 1 findings (usage / config / I/O errors are 2,
/// decided by the CLI).
pub fn exit_code(reported: &[Diagnostic]) -> i32 {
    if reported.is_empty() { 0 } else { 1 }
}
