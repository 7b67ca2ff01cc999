//! The Rust front-end: parses a file with `syn` and reports every LLM call in it.
//!
//! Modules: `scope` (use items, file items, types of bindings), `eval` (abstract evaluation of
//! expressions: prompts, builders, `json!` bodies), `calls` (SDK and HTTP call matching),
//! `context` (loops, handlers, how the answer is read), `wrappers` (user functions that wrap
//! an LLM call, and calls of them).

mod calls;
mod context;
mod eval;
mod facts;
mod prompt;
mod scope;
mod wrappers;

use llmlint_rules::Span;

use crate::analysis::{FileAnalysis, Settings, WrapperIndex};
use crate::text::LineIndex;

pub use scope::LLM_NAME_PARTS;

/// Whether a crate (package) name reads as an LLM client crate (`ollama-lite` → true).
pub fn llm_crate_name(package: &str) -> bool {
    scope::llm_crate(&package.replace('-', "_"))
}

/// Files nested deeper than this (brackets) are not parsed: one warning, no call sites.
const MAX_NESTING: usize = 1024;
/// Files nested deeper than this are parsed on a thread with a large stack.
const INLINE_NESTING: usize = 48;
const BIG_STACK: usize = 512 * 1024 * 1024;

/// Analyse one Rust file. A pure function of its inputs; never panics.
pub fn analyze(path: &str, text: &str, settings: &Settings, index: &WrapperIndex) -> FileAnalysis {
    let depth = max_nesting(text);
    if depth > MAX_NESTING {
        return FileAnalysis {
            warnings: vec![format!(
                "not analysed: nested {depth} levels deep (limit {MAX_NESTING})"
            )],
            ..FileAnalysis::default()
        };
    }
    if depth <= INLINE_NESTING {
        return guarded(path, text, settings, index);
    }
    let run = || guarded(path, text, settings, index);
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .name("llmlint-rust-deep".into())
            .stack_size(BIG_STACK)
            .spawn_scoped(s, run)
        {
            Ok(h) => h.join().unwrap_or_else(|_| FileAnalysis {
                warnings: vec!["internal error while analysing this file".into()],
                ..FileAnalysis::default()
            }),
            Err(_) => FileAnalysis {
                warnings: vec!["not analysed: could not start a worker thread".into()],
                ..FileAnalysis::default()
            },
        }
    })
}

fn guarded(path: &str, text: &str, settings: &Settings, index: &WrapperIndex) -> FileAnalysis {
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyze_inner(path, text, settings, index)
    }));
    // spans of this file are no longer needed: free proc-macro2's per-thread source map
    proc_macro2::extra::invalidate_current_thread_spans();
    out.unwrap_or_else(|_| FileAnalysis {
        warnings: vec!["internal error while analysing this file".into()],
        ..FileAnalysis::default()
    })
}

fn analyze_inner(
    path: &str,
    text: &str,
    settings: &Settings,
    index: &WrapperIndex,
) -> FileAnalysis {
    // keep byte offsets: blank out a BOM and a shebang line instead of cutting them
    let mut src = text.to_string();
    if src.starts_with('\u{feff}') {
        src.replace_range(0..3, "   ");
    }
    if src.starts_with("#!") && !src[2..].trim_start().starts_with('[') {
        let end = src.find('\n').unwrap_or(src.len());
        let blank = " ".repeat(end);
        src.replace_range(0..end, &blank);
    }
    let file = match syn::parse_str::<syn::File>(&src) {
        Ok(f) => f,
        Err(e) => {
            let at = e.span().start();
            return FileAnalysis {
                warnings: vec![format!(
                    "not parsed: {} at {}:{}",
                    e,
                    at.line,
                    at.column + 1
                )],
                ..FileAnalysis::default()
            };
        }
    };
    let source = Source::new(path, text);
    let mut out = calls::analyze_file(&file, &source, settings, index);
    out.parsed = true;
    out
}

/// Deepest bracket nesting of the text (strings and comments included: an over-estimate).
fn max_nesting(text: &str) -> usize {
    let mut depth: usize = 0;
    let mut max = 0;
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The file being analysed: text, path and line index.
pub(crate) struct Source<'t> {
    pub path: &'t str,
    pub text: &'t str,
    lines: LineIndex,
}

impl<'t> Source<'t> {
    fn new(path: &'t str, text: &'t str) -> Self {
        Source {
            path,
            text,
            lines: LineIndex::new(text),
        }
    }

    pub fn span_of(&self, s: proc_macro2::Span) -> Span {
        let r = s.byte_range();
        self.bytes(r.start, r.end)
    }

    pub fn bytes(&self, start: usize, end: usize) -> Span {
        let end = end.min(self.text.len()).max(start.min(self.text.len()));
        let start = start.min(end);
        self.lines.span(self.text, start, end)
    }

    pub fn node<T: syn::spanned::Spanned>(&self, node: &T) -> Span {
        self.span_of(node.span())
    }

    /// Source text of a node, whitespace runs collapsed to one space.
    pub fn snippet<T: syn::spanned::Spanned>(&self, node: &T) -> String {
        let sp = self.node(node);
        let raw = self.text.get(sp.start..sp.end).unwrap_or("");
        let mut out = String::with_capacity(raw.len());
        let mut last_ws = false;
        for c in raw.chars() {
            if c.is_whitespace() {
                if !last_ws {
                    out.push(' ');
                }
                last_ws = true;
            } else {
                out.push(c);
                last_ws = false;
            }
        }
        // `foo\n    .bar()` collapses to `foo .bar()`: drop the space before a dot
        out.replace(" .", ".").trim().to_string()
    }

    pub fn start_of<T: syn::spanned::Spanned>(&self, node: &T) -> usize {
        node.span().byte_range().start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured() {
        assert_eq!(max_nesting("fn f() { g([1]) }"), 3);
        assert_eq!(max_nesting(")))"), 0);
    }

    #[test]
    fn deep_and_broken_files_do_not_panic() {
        let settings = Settings::default();
        let idx = WrapperIndex::default();
        let deep = format!(
            "fn f() {{ let x = {}1{}; }}",
            "(".repeat(5000),
            ")".repeat(5000)
        );
        let a = analyze("deep.rs", &deep, &settings, &idx);
        assert!(!a.parsed);
        assert!(a.warnings[0].contains("nested"), "{:?}", a.warnings);
        let mid = format!(
            "use async_openai::Client; fn f() {{ let x = {}1{}; }}",
            "(".repeat(600),
            ")".repeat(600)
        );
        let a = analyze("mid.rs", &mid, &settings, &idx);
        assert!(a.parsed, "{:?}", a.warnings);
        let broken = analyze("b.rs", "fn f( { async_openai", &settings, &idx);
        assert!(!broken.parsed);
        assert_eq!(broken.warnings.len(), 1);
        assert!(broken.warnings[0].starts_with("not parsed"));
    }
}
