//! The diagnostic model shared by every output format, the fixer and the editor server.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use llmlint_rewrite::{Applicability, Edit, Fix};
use llmlint_rules::Span;
use llmlint_rules::registry::{RuleInfo, rule_by_code};

use crate::text::LineIndex;

/// Where rule docs live. Also the stable identifier of a rule in SARIF and JSON output.
pub const DOCS_BASE_URL: &str = "https://llmlint.dev/rules/";

/// The docs URL of a rule code (`https://llmlint.dev/rules/LLM301`).
pub fn rule_url(code: &str) -> String {
    format!("{DOCS_BASE_URL}{code}")
}

/// How loud a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Severity {
    /// Something that stopped llmlint from doing its job (an unparsable file).
    Error,
    /// A finding.
    #[default]
    Warning,
    /// Advice.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A labelled region of the same file, shown beside the main span (e.g. the prompt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// One finding of `llmlint check`.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// `LLM301`.
    pub code: String,
    /// Rule name: `llm-validates-json`.
    pub name: String,
    /// Lower-case start, no trailing period.
    pub message: String,
    /// Path as found by the walker; the renderers make it relative / absolute as the format asks.
    pub path: String,
    /// The call (or the comment, for LLM901).
    pub span: Span,
    /// Other labelled regions in the same file (the prompt: "prompt asks for JSON validation").
    pub secondary: Vec<Label>,
    /// The reasons behind the classification, shown as notes.
    pub evidence: Vec<String>,
    /// The deterministic alternative and the cost comparison.
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// Docs URL of the rule.
    pub url: String,
    pub severity: Severity,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span`, with the rule's name and URL filled in.
    pub fn new(
        rule: &RuleInfo,
        path: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code: rule.code.to_string(),
            name: rule.name.to_string(),
            message: message.into(),
            path: path.into(),
            span,
            secondary: Vec::new(),
            evidence: Vec::new(),
            help: None,
            fix: None,
            url: rule_url(rule.code),
            severity: Severity::Warning,
        }
    }

    /// A diagnostic by code; the name comes from the registry when the code is known there.
    pub fn with_code(
        code: &str,
        path: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        let name = rule_by_code(code).map_or_else(String::new, |r| r.name.to_string());
        Diagnostic {
            code: code.to_string(),
            name,
            message: message.into(),
            path: path.into(),
            span,
            secondary: Vec::new(),
            evidence: Vec::new(),
            help: None,
            fix: None,
            url: rule_url(code),
            severity: Severity::Warning,
        }
    }

    /// LLM902: a file that could not be read or parsed. `reason` is lower-case, e.g.
    /// "invalid UTF-8 at byte 1043" or "expected `)` at line 3". The span is the start of the
    /// file (or where parsing failed, when known, via `with_span`).
    pub fn unparsable_file(path: impl Into<String>, reason: &str) -> Self {
        let span = Span {
            start: 0,
            end: 0,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
        };
        let mut d = Diagnostic::new(
            &llmlint_rules::rules::llm902_unparsable_file::RULE,
            path,
            span,
            format!("file could not be parsed: {reason}"),
        );
        d.severity = Severity::Error;
        d
    }

    pub fn with_span(mut self, span: Span) -> Self {
        self.span = span;
        self
    }
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label::new(span, message));
        self
    }
    pub fn with_evidence(mut self, evidence: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.evidence.extend(evidence.into_iter().map(Into::into));
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The fix, if it may be applied under `unsafe_fixes` (display-only fixes never are).
    pub fn applicable_fix(&self, unsafe_fixes: bool) -> Option<&Fix> {
        self.fix
            .as_ref()
            .filter(|f| fix_is_applicable(f, unsafe_fixes))
    }

    /// Ordering used by every output format: path, line, column, code.
    pub fn sort_key(&self) -> (&str, u32, u32, &str) {
        (&self.path, self.span.line, self.span.column, &self.code)
    }
}

/// True when `fix` is applied by `--fix` (safe) or `--fix --unsafe-fixes` (unsafe too).
pub fn fix_is_applicable(fix: &Fix, unsafe_fixes: bool) -> bool {
    match fix.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => unsafe_fixes,
        Applicability::DisplayOnly => false,
    }
}

/// Sort diagnostics the way every format prints them.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Gives the renderers the text of each file that has diagnostics (for snippets and for the
/// line/column of fix edits).
pub trait SourceLookup {
    fn source(&self, path: &str) -> Option<&str>;
}

impl SourceLookup for HashMap<String, String> {
    fn source(&self, path: &str) -> Option<&str> {
        self.get(path).map(String::as_str)
    }
}

impl SourceLookup for BTreeMap<String, String> {
    fn source(&self, path: &str) -> Option<&str> {
        self.get(path).map(String::as_str)
    }
}

/// No sources: snippets and fix positions are left out.
pub struct NoSources;

impl SourceLookup for NoSources {
    fn source(&self, _path: &str) -> Option<&str> {
        None
    }
}

impl<T: SourceLookup + ?Sized> SourceLookup for &T {
    fn source(&self, path: &str) -> Option<&str> {
        (**self).source(path)
    }
}

/// A 1-based row / character column, as ruff prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub row: u32,
    pub column: u32,
}

/// An edit with its start and end positions resolved against the file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedEdit<'a> {
    pub edit: &'a Edit,
    pub start: Position,
    pub end: Position,
}

/// Resolve the positions of a fix's edits. `None` when an edit lies outside the text or not
/// on a character boundary (never invent a position).
pub fn locate_edits<'a>(
    fix: &'a Fix,
    text: &str,
    index: &LineIndex,
) -> Option<Vec<LocatedEdit<'a>>> {
    let mut out = Vec::with_capacity(fix.edits.len());
    for edit in &fix.edits {
        if edit.start > edit.end
            || edit.end > text.len()
            || !text.is_char_boundary(edit.start)
            || !text.is_char_boundary(edit.end)
        {
            return None;
        }
        let (r0, c0) = index.position(text, edit.start);
        let (r1, c1) = index.position(text, edit.end);
        out.push(LocatedEdit {
            edit,
            start: Position {
                row: r0,
                column: c0,
            },
            end: Position {
                row: r1,
                column: c1,
            },
        });
    }
    out.sort_by_key(|e| (e.edit.start, e.edit.end));
    Some(out)
}

/// Caches one `LineIndex` per file while rendering.
#[derive(Default)]
pub struct LineIndexCache {
    map: HashMap<String, LineIndex>,
}

impl LineIndexCache {
    pub fn get(&mut self, path: &str, text: &str) -> &LineIndex {
        self.map
            .entry(path.to_string())
            .or_insert_with(|| LineIndex::new(text))
    }
}

/// `path` relative to `cwd` when it is under it, with `/` separators; otherwise as given.
pub fn relative_path(path: &str, cwd: &Path) -> String {
    let p = Path::new(path);
    let rel = if p.is_absolute() {
        match p.strip_prefix(cwd) {
            Ok(r) => r.to_path_buf(),
            Err(_) => p.to_path_buf(),
        }
    } else {
        p.strip_prefix(".")
            .map_or_else(|_| p.to_path_buf(), Path::to_path_buf)
    };
    slashed(&rel)
}

/// `path` made absolute against `cwd` (lexically: `.` and `..` removed, links not followed).
pub fn absolute_path(path: &str, cwd: &Path) -> String {
    let p = Path::new(path);
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    };
    let mut out = PathBuf::new();
    for comp in joined.components() {
        match comp {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out.to_string_lossy().into_owned()
}

fn slashed(p: &Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_absolute_paths() {
        let cwd = Path::new("/home/u/proj");
        assert_eq!(relative_path("/home/u/proj/app/x.py", cwd), "app/x.py");
        assert_eq!(relative_path("./app/x.py", cwd), "app/x.py");
        assert_eq!(relative_path("/elsewhere/x.py", cwd), "/elsewhere/x.py");
        assert_eq!(
            absolute_path("app/../lib/x.py", cwd),
            "/home/u/proj/lib/x.py"
        );
        assert_eq!(absolute_path("./x.py", cwd), "/home/u/proj/x.py");
    }

    #[test]
    fn edits_outside_the_text_have_no_position() {
        let text = "é = 1\n";
        let idx = LineIndex::new(text);
        let fix = Fix {
            message: "m".into(),
            applicability: Applicability::Safe,
            edits: vec![Edit::replace(1, 2, "x")],
        };
        assert!(
            locate_edits(&fix, text, &idx).is_none(),
            "inside a character"
        );
        let fix = Fix {
            edits: vec![Edit::replace(0, 99, "x")],
            ..fix
        };
        assert!(locate_edits(&fix, text, &idx).is_none(), "past the end");
    }

    #[test]
    fn unparsable_file_is_an_error_of_llm902() {
        let d = Diagnostic::unparsable_file("a.py", "invalid UTF-8 at byte 3");
        assert_eq!(d.code, "LLM902");
        assert_eq!(d.name, "unparsable-file");
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.url, "https://llmlint.dev/rules/LLM902");
        assert_eq!(
            d.message,
            "file could not be parsed: invalid UTF-8 at byte 3"
        );
    }
}
