//! Output formats of `llmlint check`. Each takes the diagnostics (sorted by the caller or
//! not: every format sorts by path, line, column, code) and the sources, and returns text.

use std::path::PathBuf;

use super::diagnostic::{Diagnostic, SourceLookup, sort_diagnostics};

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod json_lines;
pub mod sarif;

/// `--output-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// Graphical report with source snippets (default).
    #[default]
    Full,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
    /// A JSON array in ruff's shape.
    Json,
    /// One JSON object per line, in ruff's shape.
    JsonLines,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

impl OutputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Full => "full",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
            OutputFormat::JsonLines => "json-lines",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Github => "github",
        }
    }
}

/// What the renderers need to know about the run.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// ANSI colours (the CLI decides: stdout is a terminal and `NO_COLOR` is unset).
    pub color: bool,
    /// Paths are shown relative to this folder (JSON `filename` is made absolute against it).
    pub cwd: PathBuf,
    /// Wrap width of the `full` format.
    pub width: usize,
    /// llmlint's version, for SARIF `tool.driver.version`.
    pub tool_version: String,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            width: 100,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// Render `diags` in `format`.
pub fn render(
    format: OutputFormat,
    diags: &[Diagnostic],
    sources: &impl SourceLookup,
    opts: &RenderOptions,
) -> String {
    let mut sorted = diags.to_vec();
    sort_diagnostics(&mut sorted);
    match format {
        OutputFormat::Full => full::render(&sorted, sources, opts),
        OutputFormat::Concise => concise::render(&sorted, opts),
        OutputFormat::Json => json::render(&sorted, sources, opts),
        OutputFormat::JsonLines => json_lines::render(&sorted, sources, opts),
        OutputFormat::Sarif => sarif::render(&sorted, sources, opts),
        OutputFormat::Github => github::render(&sorted, opts),
    }
}
