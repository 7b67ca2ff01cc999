//! Where the replacement code goes: from a call site, its replacement spec and the file
//! text, build the generated helper and the fix.
//!
//! The fix is `unsafe` only when the whole call-and-read chain is recognised and the helper's
//! value drops into the place the answer was used:
//! - a bool helper replaces a yes/no comparison of the answer (`.strip().lower() == "yes"`,
//!   `.trim().eq_ignore_ascii_case("yes")`), negated for a no comparison;
//! - a list helper replaces the answer split into lines or items (`.splitlines()`,
//!   `.split(",")`, `json.loads(..)`);
//! - a number helper replaces `int(..)` / `float(..)` around the answer;
//! - a text helper replaces the answer text (what follows it still applies); a helper that
//!   may return `None` only where nothing but whitespace trimming follows.
//!
//! Everything else is `display-only`: the code is shown, the file is not touched. Rust reads
//! other than yes/no comparisons stay display-only, as the answer's type (`String`,
//! `Option<String>`, `&str`) varies too much for a drop-in.
//!
//! The helper goes before the top-level statement holding the call (Python: before the
//! function's decorators and the comments right above it, before the class for a method;
//! Rust: before the enclosing `fn`, or before the `impl` for a method), once per file; Python
//! imports go into the leading import block, among the standard-library imports when there
//! are any.

use std::sync::LazyLock;

use llmlint_rewrite::r#gen::{GenContext, Generated, generate};
use llmlint_rewrite::{Applicability, Edit, Fix, ReplacementSpec, TargetLanguage};
use llmlint_rules::{CallSite, Language, Segment, Span};
use regex::Regex;

use crate::check::Diagnostic;

/// The generated code for one call and, where llmlint knows where it goes, the fix.
#[derive(Debug, Clone)]
pub struct Replacement {
    pub generated: Generated,
    pub language: Language,
    pub fix: Fix,
}

impl Replacement {
    /// The code shown to the user: imports, then the helper, then the call.
    pub fn code(&self) -> String {
        let mut s = String::new();
        for i in &self.generated.imports {
            s.push_str(i);
            s.push('\n');
        }
        if !self.generated.imports.is_empty() {
            s.push('\n');
        }
        s.push_str(self.generated.helper_code.trim_end());
        s.push_str("\n\n");
        s.push_str(&self.generated.call_expr);
        s.push('\n');
        s
    }
}

fn target(lang: Language) -> TargetLanguage {
    match lang {
        Language::Python => TargetLanguage::Python,
        Language::Rust => TargetLanguage::Rust,
    }
}

/// The run-time input of the prompt: its single hole, if it has exactly one distinct hole.
fn input_hole(call: &CallSite) -> Option<(String, Option<Span>)> {
    let mut found: Option<(String, Option<Span>)> = None;
    for m in &call.prompt.messages {
        for s in &m.segments {
            if let Segment::Hole { name, span } = s {
                match &found {
                    Some((n, _)) if n != name => return None,
                    Some(_) => {}
                    None => found = Some((name.clone(), *span)),
                }
            }
        }
    }
    found
}

/// The argument for an expression template over the prompt's holes (`{#0} * {#1}`, the
/// N-th hole of the prompt): `"{} * {}".format(price, quantity)` in Python,
/// `&format!("{} * {}", price, quantity)` in Rust.
fn over_inputs(call: &CallSite, template: &str, lang: Language) -> Option<String> {
    let names: Vec<&str> = call
        .prompt
        .messages
        .iter()
        .flat_map(|m| &m.segments)
        .filter_map(|s| match s {
            Segment::Hole { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let mut text = String::new();
    let mut args = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find("{#") {
        text.push_str(&rest[..i]);
        let end = rest[i..].find('}')? + i;
        let n: usize = rest[i + 2..end].parse().ok()?;
        args.push(*names.get(n)?);
        text.push_str("{}");
        rest = &rest[end + 1..];
    }
    text.push_str(rest);
    Some(match lang {
        Language::Python => format!(
            "{}.format({})",
            llmlint_rewrite::r#gen::python_util::py_str(&text),
            args.join(", ")
        ),
        Language::Rust => format!("&format!({text:?}, {})", args.join(", ")),
    })
}

fn is_identifier_like(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

/// The leading identifier of an expression (`row` in `row["body"]`, `self` in `self.text`).
fn root_identifier(expr: &str) -> &str {
    let t = expr.trim_start_matches('&').trim_start();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(t.len(), |(i, _)| i);
    &t[..end]
}

fn word_re(word: &str) -> Option<Regex> {
    Regex::new(&format!(r"\b{}\b", regex::escape(word))).ok()
}

// ---------------------------------------------------------------------------------------
// Python file facts

const PY_STDLIB: &[&str] = &[
    "__future__",
    "abc",
    "argparse",
    "array",
    "ast",
    "asyncio",
    "base64",
    "bisect",
    "calendar",
    "collections",
    "concurrent",
    "contextlib",
    "copy",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "difflib",
    "email",
    "enum",
    "fnmatch",
    "fractions",
    "functools",
    "glob",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "logging",
    "math",
    "mimetypes",
    "multiprocessing",
    "operator",
    "os",
    "pathlib",
    "pickle",
    "platform",
    "pprint",
    "queue",
    "random",
    "re",
    "secrets",
    "shlex",
    "shutil",
    "signal",
    "socket",
    "sqlite3",
    "statistics",
    "string",
    "struct",
    "subprocess",
    "sys",
    "tempfile",
    "textwrap",
    "threading",
    "time",
    "traceback",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uuid",
    "warnings",
    "weakref",
    "xml",
    "zipfile",
    "zoneinfo",
];

fn is_stdlib(module: &str) -> bool {
    let top = module.split('.').next().unwrap_or(module);
    PY_STDLIB.contains(&top)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportKind {
    Future,
    /// `import x`
    Plain,
    /// `from x import y`
    From,
}

#[derive(Debug, Clone)]
struct PyImport {
    kind: ImportKind,
    /// First module named (`x` in `import x, y` / `from x import y`).
    module: String,
    stdlib: bool,
    start: usize,
    end: usize,
}

/// What fixgen needs to know about a Python file, read from its syntax tree.
#[derive(Debug, Default)]
struct PyFile {
    /// Top-level statements: (start, end, kind).
    top: Vec<(usize, usize, &'static str)>,
    /// The leading import block (after the docstring), in order.
    imports: Vec<PyImport>,
    /// End of the module docstring statement, if any.
    docstring_end: Option<usize>,
    /// Start of the first top-level statement that is not a comment, docstring or import.
    first_code: Option<usize>,
    /// Modules imported by top-level `import x` statements (not aliased), with their start.
    modules: Vec<(String, usize)>,
    /// Names defined at top level (functions, classes, assignments, imports).
    names: Vec<String>,
}

fn kind_static(kind: &str) -> &'static str {
    match kind {
        "comment" => "comment",
        "decorated_definition" => "decorated_definition",
        "function_definition" => "function_definition",
        "class_definition" => "class_definition",
        "import_statement" => "import_statement",
        "import_from_statement" => "import_from_statement",
        "future_import_statement" => "future_import_statement",
        "expression_statement" => "expression_statement",
        _ => "other",
    }
}

thread_local! {
    /// The last file parsed by [`parsed_python`] on this thread: a file with many flagged
    /// calls is parsed once, not once per call (a 3,000-line file with 130 findings took
    /// seconds).
    static LAST_PY: std::cell::RefCell<Option<(String, std::rc::Rc<Option<PyFile>>)>> =
        const { std::cell::RefCell::new(None) };
}

/// [`parse_python`], remembered for the last text seen on this thread.
fn parsed_python(text: &str) -> std::rc::Rc<Option<PyFile>> {
    LAST_PY.with(|cell| {
        if let Some((t, f)) = &*cell.borrow()
            && t == text
        {
            return f.clone();
        }
        let f = std::rc::Rc::new(parse_python(text));
        *cell.borrow_mut() = Some((text.to_string(), f.clone()));
        f
    })
}

fn parse_python(text: &str) -> Option<PyFile> {
    // the analysis on this thread may have parsed this very text
    let tree = match crate::python::tree_of(text) {
        Some(t) => t,
        None => {
            let mut parser = tree_sitter::Parser::new();
            parser
                .set_language(&tree_sitter_python::LANGUAGE.into())
                .ok()?;
            parser.parse(text, None)?
        }
    };
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let src = |n: tree_sitter::Node<'_>| text.get(n.byte_range()).unwrap_or("");
    let mut f = PyFile::default();
    let mut cursor = root.walk();
    let mut leading = true;
    let mut seen_statement = false;
    for child in root.named_children(&mut cursor) {
        let kind = kind_static(child.kind());
        f.top.push((child.start_byte(), child.end_byte(), kind));
        match child.kind() {
            "comment" => continue,
            "expression_statement"
                if !seen_statement
                    && child.named_child_count() == 1
                    && child.named_child(0).is_some_and(|s| s.kind() == "string") =>
            {
                seen_statement = true;
                f.docstring_end = Some(child.end_byte());
                continue;
            }
            _ => {}
        }
        seen_statement = true;
        let mut c2 = child.walk();
        match child.kind() {
            "import_statement" => {
                let mut first = None;
                for n in child.children_by_field_name("name", &mut c2) {
                    match n.kind() {
                        "dotted_name" => {
                            let m = src(n).to_string();
                            f.names
                                .push(m.split('.').next().unwrap_or_default().to_string());
                            f.modules.push((m.clone(), child.start_byte()));
                            first.get_or_insert(m);
                        }
                        "aliased_import" => {
                            if let Some(a) = n.child_by_field_name("alias") {
                                f.names.push(src(a).to_string());
                            }
                            if let Some(m) = n.child_by_field_name("name") {
                                first.get_or_insert(src(m).to_string());
                            }
                        }
                        _ => {}
                    }
                }
                if leading && let Some(m) = first {
                    f.imports.push(PyImport {
                        kind: ImportKind::Plain,
                        stdlib: is_stdlib(&m),
                        module: m,
                        start: child.start_byte(),
                        end: child.end_byte(),
                    });
                }
            }
            "import_from_statement" | "future_import_statement" => {
                let future = child.kind() == "future_import_statement";
                let module = if future {
                    "__future__".to_string()
                } else {
                    child
                        .child_by_field_name("module_name")
                        .map(|m| src(m).to_string())
                        .unwrap_or_default()
                };
                for n in child.children_by_field_name("name", &mut c2) {
                    let bound = match n.kind() {
                        "aliased_import" => n.child_by_field_name("alias"),
                        _ => Some(n),
                    };
                    if let Some(b) = bound {
                        f.names.push(src(b).to_string());
                    }
                }
                if leading {
                    f.imports.push(PyImport {
                        kind: if future {
                            ImportKind::Future
                        } else {
                            ImportKind::From
                        },
                        stdlib: future || (!module.starts_with('.') && is_stdlib(&module)),
                        module,
                        start: child.start_byte(),
                        end: child.end_byte(),
                    });
                }
            }
            other => {
                if leading {
                    leading = false;
                    f.first_code = Some(child.start_byte());
                }
                let def = if other == "decorated_definition" {
                    child.child_by_field_name("definition")
                } else {
                    Some(child)
                };
                if let Some(d) = def
                    && matches!(d.kind(), "function_definition" | "class_definition")
                    && let Some(n) = d.child_by_field_name("name")
                {
                    f.names.push(src(n).to_string());
                }
                if other == "expression_statement"
                    && let Some(a) = child.named_child(0)
                    && a.kind() == "assignment"
                    && let Some(l) = a.child_by_field_name("left")
                {
                    let mut c3 = l.walk();
                    if l.kind() == "identifier" {
                        f.names.push(src(l).to_string());
                    } else {
                        for x in l.named_children(&mut c3) {
                            if x.kind() == "identifier" {
                                f.names.push(src(x).to_string());
                            }
                        }
                    }
                }
            }
        }
    }
    Some(f)
}

impl PyFile {
    /// Where a helper for code at `offset` goes: the start of the line of the top-level
    /// statement holding it, above the comments directly over it.
    fn helper_anchor(&self, text: &str, offset: usize) -> Option<usize> {
        let i = self
            .top
            .iter()
            .position(|(s, e, k)| *s <= offset && offset < *e && *k != "comment")?;
        let mut start = self.top[i].0;
        let mut k = i;
        while k > 0 {
            let (ps, pe, pk) = self.top[k - 1];
            // a comment ending on the line just above (no blank line in between)
            let between = text.get(pe..start).unwrap_or("x");
            if pk == "comment" && between.chars().filter(|c| *c == '\n').count() == 1 {
                let ls = line_start(text, ps);
                if text[ls..ps].trim().is_empty() {
                    start = ps;
                    k -= 1;
                    continue;
                }
            }
            break;
        }
        let ls = line_start(text, start);
        text[ls..start].is_empty().then_some(ls)
    }

    /// Edits adding each import line (`import m`), merged into the leading import block.
    fn import_edits(&self, text: &str, modules: &[String], helper_at: usize) -> Option<Vec<Edit>> {
        // Insertion point -> (text before the block, import lines, text after the block):
        // several imports going to one place share one section separator.
        let mut blocks: Vec<(usize, &'static str, String, &'static str)> = Vec::new();
        let mut add = |at: usize, line: String, pre: &'static str, post: &'static str| {
            if let Some(b) = blocks.iter_mut().find(|b| b.0 == at) {
                b.2.push_str(&line);
            } else {
                blocks.push((at, pre, line, post));
            }
        };
        for import in modules {
            let import = import.trim();
            let m = import
                .strip_prefix("import ")
                .map_or(import, str::trim)
                .to_string();
            let line = format!("{import}\n");
            let plain_std: Vec<&PyImport> = self
                .imports
                .iter()
                .filter(|i| i.kind == ImportKind::Plain && i.stdlib)
                .collect();
            let from_std = self
                .imports
                .iter()
                .find(|i| i.kind == ImportKind::From && i.stdlib);
            let other = self
                .imports
                .iter()
                .find(|i| i.kind != ImportKind::Future && !i.stdlib);
            let last_future = self
                .imports
                .iter()
                .rev()
                .find(|i| i.kind == ImportKind::Future);
            if let Some(next) = plain_std.iter().find(|i| i.module.as_str() > m.as_str()) {
                add(line_start(text, next.start), line, "", "");
            } else if let Some(last) = plain_std.last() {
                add(line_end(text, last.end), line, "", "");
            } else if let Some(first) = from_std {
                add(line_start(text, first.start), line, "", "");
            } else if let Some(first) = other {
                add(line_start(text, first.start), line, "", "\n");
            } else if let Some(fut) = last_future {
                add(line_end(text, fut.end), line, "\n", "");
            } else if let Some(doc) = self.docstring_end {
                add(line_end(text, doc), line, "\n", "");
            } else {
                let at = self.first_code.map_or(text.len(), |s| line_start(text, s));
                add(at, line, "", "\n\n");
            }
        }
        let edits: Vec<Edit> = blocks
            .into_iter()
            .map(|(at, pre, lines, post)| Edit::insert(at, format!("{pre}{lines}{post}")))
            .collect();
        // Imports must come before the helper that uses them.
        if edits.iter().any(|e| e.start > helper_at) {
            return None;
        }
        Some(edits)
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset just after the newline ending the line holding `offset` (or the text's end).
fn line_end(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

// ---------------------------------------------------------------------------------------
// Rust placement

/// Names a Rust file defines anywhere (functions, statics, types, modules...), so that a
/// helper never shadows or duplicates one.
fn rust_file_facts(text: &str) -> Vec<String> {
    const KW: &[&str] = &[
        "fn", "static", "const", "struct", "enum", "union", "type", "mod", "trait", "mut", "async",
        "unsafe", "extern",
    ];
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter(|w| KW.contains(&w[0]) && !KW.contains(&w[1]))
        .map(|w| w[1].to_string())
        .collect()
}

const MAX_RUST_DEPTH: usize = 64;

fn range_of<T: syn::spanned::Spanned>(node: &T) -> std::ops::Range<usize> {
    node.span().byte_range()
}

/// Start of the item a helper for code at `offset` goes before: the innermost free `fn`
/// (also one nested in a function body), or the `impl` / `trait` of a method.
fn rust_anchor(items: &[syn::Item], offset: usize, depth: usize) -> Option<usize> {
    if depth > MAX_RUST_DEPTH {
        return None;
    }
    for item in items {
        let r = range_of(item);
        if !(r.start <= offset && offset < r.end) {
            continue;
        }
        return match item {
            syn::Item::Fn(f) => {
                Some(block_anchor(&f.block.stmts, offset, depth + 1).unwrap_or(r.start))
            }
            syn::Item::Mod(m) => match &m.content {
                Some((_, inner)) => rust_anchor(inner, offset, depth + 1),
                None => None,
            },
            syn::Item::Impl(i) => {
                for ii in &i.items {
                    if let syn::ImplItem::Fn(f) = ii
                        && range_of(f).contains(&offset)
                        && let Some(a) = block_anchor(&f.block.stmts, offset, depth + 1)
                    {
                        return Some(a);
                    }
                }
                Some(r.start)
            }
            syn::Item::Trait(_) => Some(r.start),
            _ => None,
        };
    }
    None
}

fn block_anchor(stmts: &[syn::Stmt], offset: usize, depth: usize) -> Option<usize> {
    let items: Vec<syn::Item> = stmts
        .iter()
        .filter_map(|s| match s {
            syn::Stmt::Item(i) => Some(i.clone()),
            _ => None,
        })
        .collect();
    rust_anchor(&items, offset, depth)
}

/// Indent every non-empty line of Rust code, when that changes no token (no multi-line
/// string literal).
fn indent_rust(code: &str, indent: &str) -> Option<String> {
    if indent.is_empty() {
        return Some(code.to_string());
    }
    let out: String = code
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                "\n".to_string()
            } else {
                format!("{indent}{l}\n")
            }
        })
        .collect();
    let a = code.parse::<proc_macro2::TokenStream>().ok()?.to_string();
    let b = out.parse::<proc_macro2::TokenStream>().ok()?.to_string();
    (a == b).then_some(out)
}

// ---------------------------------------------------------------------------------------
// Reading what happens to the answer

/// What the code does with the answer text, read from the source between the answer
/// expression and the outermost post-processing around it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Post {
    /// The answer is used as it is.
    Raw,
    /// Only whitespace trimming follows.
    Trimmed,
    /// Other text normalisation (lower-casing...) follows, nothing else.
    Normalised,
    /// Compared with a yes (`true`) or no (`false`) literal.
    YesNo(bool),
    /// Split into lines or items (`.splitlines()`, `.split(",")`, `.lines()`).
    Split,
    /// Passed to a parser: `int`, `float`, `json.loads`, `bool`.
    Parsed(String),
    /// Anything else.
    Other,
}

const STR: &str = r#"(?:"([^"\\\n]*)"|'([^'\\\n]*)')"#;

static PY_NORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*\.\s*(strip|lstrip|rstrip|lower|upper|casefold|title)\(\s*(?:{STR})?\s*\)"
    ))
    .expect("valid regex")
});
static RS_NORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*\.\s*(trim|trim_end|trim_start|to_lowercase|to_uppercase|to_ascii_lowercase|to_ascii_uppercase|as_str|as_deref|to_string|to_owned|clone|unwrap_or_default|unwrap|unwrap_or)\(\s*(?:{STR}|String::new\(\))?\s*\)"
    ))
    .expect("valid regex")
});
static RS_MAP_TRIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\.\s*map\(\s*(?:str::trim|\|\s*\w+\s*\|\s*\w+\s*\.\s*trim\(\s*\))\s*\)")
        .expect("valid regex")
});
static RS_CMP_SOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^\s*(==|!=)\s*Some\(\s*{STR}\s*\)\s*$")).expect("valid regex")
});
static RS_MAP_CMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*\.\s*map\(\s*\|\s*\w+\s*\|\s*\w+(?:\s*\.\s*(?:trim|to_lowercase|to_ascii_lowercase)\(\s*\))*\s*(==|!=)\s*{STR}\s*\)\s*\.\s*unwrap_or\(\s*false\s*\)\s*$"
    ))
    .expect("valid regex")
});
static CMP_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*(==|!=)\s*{STR}\s*$")).expect("valid regex"));
static CMP_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*{STR}\s*(==|!=)\s*$")).expect("valid regex"));
static PY_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*in\s*[(\[{{]\s*({STR}(?:\s*,\s*{STR})*)\s*,?\s*[)\]}}]\s*$"
    ))
    .expect("valid regex")
});
static STR_LIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(STR).expect("valid regex"));
static PY_METHOD_LIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^\s*\.\s*(startswith)\(\s*{STR}\s*\)\s*$")).expect("valid regex")
});
static RS_METHOD_LIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*\.\s*(eq_ignore_ascii_case|eq|starts_with)\(\s*&?{STR}\s*\)\s*$"
    ))
    .expect("valid regex")
});
static PY_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*\.\s*(?:splitlines\(\s*\)|split\(\s*(?:{STR})?\s*\))\s*$"
    ))
    .expect("valid regex")
});
static PY_PARSER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(int|float|bool|json\.loads)\s*\(\s*$").expect("valid regex")
});

fn literal_of(c: &regex::Captures<'_>, first_group: usize) -> Option<String> {
    c.get(first_group)
        .or_else(|| c.get(first_group + 1))
        .map(|m| m.as_str().to_string())
}

/// `Some(true)` for a yes-like literal, `Some(false)` for a no-like one.
fn yes_no(lit: &str) -> Option<bool> {
    let v = lit.trim().trim_end_matches(['.', '!']).to_ascii_lowercase();
    match v.as_str() {
        "yes" | "y" | "true" | "valid" | "1" | "correct" | "oui" | "ja" | "sí" | "si" | "sim"
        | "はい" | "是" => Some(true),
        "no" | "n" | "false" | "invalid" | "0" | "incorrect" | "non" | "nein" | "não" | "nao"
        | "いいえ" | "否" => Some(false),
        _ => None,
    }
}

fn compare_outcome(op: &str, lit: &str) -> Post {
    match (op, yes_no(lit)) {
        ("==", Some(y)) => Post::YesNo(y),
        ("!=", Some(y)) => Post::YesNo(!y),
        _ => Post::Other,
    }
}

fn read_post(lang: Language, prefix: &str, suffix: &str) -> Post {
    let norm: &Regex = match lang {
        Language::Python => &PY_NORM,
        Language::Rust => &RS_NORM,
    };
    let mut rest = suffix;
    let mut only_trim = true;
    let mut any = false;
    loop {
        if lang == Language::Rust
            && let Some(m) = RS_MAP_TRIM.find(rest)
        {
            any = true;
            rest = &rest[m.end()..];
            continue;
        }
        let Some(m) = norm.captures(rest) else { break };
        let name = m.get(1).map_or("", |x| x.as_str());
        let has_arg = m.get(2).is_some() || m.get(3).is_some();
        let trimming = match name {
            "strip" | "lstrip" | "rstrip" => !has_arg,
            "trim" | "trim_end" | "trim_start" => true,
            // Rust unwrapping and conversions of the text keep it as it is.
            "as_str" | "as_deref" | "to_string" | "to_owned" | "clone" | "unwrap_or_default"
            | "unwrap" | "unwrap_or" => true,
            _ => false,
        };
        only_trim &= trimming;
        any = true;
        rest = &rest[m.get(0).map_or(rest.len(), |x| x.end())..];
    }
    let prefix_t = prefix.trim();
    if prefix_t.is_empty() {
        if rest.trim().is_empty() {
            return match (any, only_trim) {
                (false, _) => Post::Raw,
                (true, true) => Post::Trimmed,
                (true, false) => Post::Normalised,
            };
        }
        if let Some(c) = CMP_SUFFIX.captures(rest) {
            let op = c.get(1).map_or("", |x| x.as_str());
            return literal_of(&c, 2).map_or(Post::Other, |l| compare_outcome(op, &l));
        }
        match lang {
            Language::Python => {
                if let Some(c) = PY_METHOD_LIT.captures(rest) {
                    return literal_of(&c, 2)
                        .and_then(|l| yes_no(&l))
                        .map_or(Post::Other, Post::YesNo);
                }
                if let Some(c) = PY_IN.captures(rest) {
                    let list = c.get(1).map_or("", |x| x.as_str());
                    let vals: Vec<Option<bool>> = STR_LIT
                        .captures_iter(list)
                        .map(|c| literal_of(&c, 1).and_then(|l| yes_no(&l)))
                        .collect();
                    return match vals.first() {
                        Some(Some(y)) if vals.iter().all(|v| *v == Some(*y)) => Post::YesNo(*y),
                        _ => Post::Other,
                    };
                }
                if PY_SPLIT.is_match(rest) {
                    return Post::Split;
                }
            }
            Language::Rust => {
                if let Some(c) = RS_CMP_SOME
                    .captures(rest)
                    .or_else(|| RS_MAP_CMP.captures(rest))
                {
                    let op = c.get(1).map_or("", |x| x.as_str());
                    return literal_of(&c, 2).map_or(Post::Other, |l| compare_outcome(op, &l));
                }
                if let Some(c) = RS_METHOD_LIT.captures(rest) {
                    return literal_of(&c, 2)
                        .and_then(|l| yes_no(&l))
                        .map_or(Post::Other, Post::YesNo);
                }
            }
        }
        return Post::Other;
    }
    if let Some(c) = CMP_PREFIX.captures(prefix)
        && rest.trim().is_empty()
    {
        let op = c.get(3).map_or("", |x| x.as_str());
        return literal_of(&c, 1).map_or(Post::Other, |l| compare_outcome(op, &l));
    }
    if lang == Language::Python
        && let Some(c) = PY_PARSER.captures(prefix)
        && rest.trim() == ")"
    {
        return Post::Parsed(c.get(1).map_or("", |x| x.as_str()).to_string());
    }
    Post::Other
}

/// Python: can `not <call>` stand where the text before `at` leaves off, or does it need
/// parentheses?
fn python_not_fits(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let ends_kw = |kw: &str| {
        before.ends_with(kw)
            && before[..before.len() - kw.len()]
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    };
    if before.ends_with(['(', '[', '{', ',', ':']) {
        return true;
    }
    if before.ends_with('=') {
        let b = before.as_bytes();
        return b.len() < 2 || !matches!(b[b.len() - 2], b'=' | b'!' | b'<' | b'>');
    }
    [
        "return", "if", "elif", "while", "and", "or", "not", "assert", "yield", "else",
    ]
    .iter()
    .any(|kw| ends_kw(kw))
}

// ---------------------------------------------------------------------------------------
// Building

/// Build the replacement for a classified call; `None` when no generator applies.
pub fn build(
    call: &CallSite,
    spec: &ReplacementSpec,
    text: &str,
    literal_input: Option<&str>,
) -> Option<Replacement> {
    let lang = target(call.language);
    let hole = input_hole(call);
    let arg_src = match (&hole, call.language, literal_input) {
        // an expression over several inputs: the helper takes it with the values put in
        (_, lang, Some(lit)) if lit.contains("{#") => over_inputs(call, lit, lang)?,
        (Some((name, _)), Language::Python, _) => name.clone(),
        (Some((name, _)), Language::Rust, _) if is_identifier_like(name) => format!("&{name}"),
        (Some((name, _)), Language::Rust, _) => format!("&({name})"),
        // the prompt writes its input out: the helper takes that text
        (None, Language::Python, Some(lit)) => llmlint_rewrite::r#gen::python_util::py_str(lit),
        (None, Language::Rust, Some(lit)) => format!("{lit:?}"),
        (None, Language::Python, None) => "text".to_string(),
        (None, Language::Rust, None) => "&text".to_string(),
    };
    let mut ctx = GenContext::new(arg_src);
    let parsed = match call.language {
        Language::Python => parsed_python(text),
        Language::Rust => std::rc::Rc::new(None),
    };
    let py = parsed.as_ref();
    let py_anchor = py
        .as_ref()
        .and_then(|f| f.helper_anchor(text, call.span.start));
    match (&py, call.language) {
        (Some(f), _) => {
            let before = py_anchor.unwrap_or(text.len());
            ctx.existing_modules = f
                .modules
                .iter()
                .filter(|(_, at)| *at < before)
                .map(|(m, _)| m.clone())
                .collect();
            ctx.taken_names = f.names.clone();
        }
        (None, Language::Python) => {}
        (None, Language::Rust) => ctx.taken_names = rust_file_facts(text),
    }
    // A helper that an earlier fix already inserted is reused, not added again.
    let free = GenContext {
        taken_names: Vec::new(),
        ..ctx.clone()
    };
    let base = generate(spec, lang, &free).ok()?;
    // The helper may sit under a numbered name when the plain one was taken: try a few.
    // (a file that never mentions the helper's name holds none of its numbered forms either)
    let mentioned = text.contains(base.helper_name.as_str());
    let mut existing =
        (mentioned && helper_present(text, &base, call.language)).then(|| base.clone());
    let mut forced = vec![base.helper_name.clone()];
    for k in 2..=4 {
        if existing.is_some() || !mentioned {
            break;
        }
        let ctx_k = GenContext {
            taken_names: forced.clone(),
            ..ctx.clone()
        };
        let Ok(g) = generate(spec, lang, &ctx_k) else {
            break;
        };
        if helper_present(text, &g, call.language) {
            existing = Some(g);
        } else {
            forced.push(format!("{}_{k}", base.helper_name));
        }
    }
    let reuse = existing.is_some();
    let generated = match existing {
        Some(g) => g,
        None => generate(spec, lang, &ctx).ok()?,
    };
    let plan = Plan {
        call,
        spec,
        g: &generated,
        text,
        hole: hole.as_ref(),
        reuse,
        py: py.as_ref(),
        py_anchor,
    };
    let fix = plan.fix();
    Some(Replacement {
        generated,
        language: call.language,
        fix,
    })
}

/// Is this helper (same name, same code) already in the file?
fn helper_present(text: &str, g: &Generated, lang: Language) -> bool {
    let def = match lang {
        Language::Python => format!("def {}(", g.helper_name),
        Language::Rust => format!("fn {}(", g.helper_name),
    };
    if !text.contains(&def) {
        return false;
    }
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squash(text).contains(&squash(g.helper_code.trim()))
}

struct Plan<'a> {
    call: &'a CallSite,
    spec: &'a ReplacementSpec,
    g: &'a Generated,
    text: &'a str,
    hole: Option<&'a (String, Option<Span>)>,
    reuse: bool,
    py: Option<&'a PyFile>,
    py_anchor: Option<usize>,
}

impl Plan<'_> {
    fn title(&self) -> String {
        let mut t = format!("Replace the LLM call with `{}`", self.g.call_expr);
        if !self.g.needs_crates.is_empty() {
            let crates: Vec<String> = self
                .g
                .needs_crates
                .iter()
                .map(|(c, v)| format!("{c} = \"{v}\""))
                .collect();
            t.push_str(&format!(" (needs {})", crates.join(", ")));
        }
        t
    }

    fn display(&self, why: &str) -> Fix {
        Fix {
            message: format!("{} ({why})", self.title()),
            applicability: Applicability::DisplayOnly,
            edits: Vec::new(),
        }
    }

    fn fix(&self) -> Fix {
        match self.edits() {
            Ok(edits) => Fix {
                message: self.title(),
                applicability: Applicability::Unsafe,
                edits,
            },
            Err(why) => self.display(why),
        }
    }

    /// The replacement text for the answer's use, and the span it replaces.
    fn replacement_at(
        &self,
        answer_span: Span,
        outer: Span,
    ) -> Result<(Span, String), &'static str> {
        let text = self.text;
        let lang = self.call.language;
        let prefix = text.get(outer.start..answer_span.start).unwrap_or("");
        let suffix = text.get(answer_span.end..outer.end).unwrap_or("");
        let post = read_post(lang, prefix, suffix);
        let call = self.g.call_expr.clone();
        let returns = self.g.returns.replace(' ', "");
        let optional = returns.ends_with("|None") || returns.starts_with("Option<");
        match returns.as_str() {
            "bool" => match post {
                Post::YesNo(true) => Ok((outer, call)),
                Post::YesNo(false) => Ok((
                    outer,
                    match lang {
                        Language::Rust => format!("!{call}"),
                        Language::Python if python_not_fits(text, outer.start) => {
                            format!("not {call}")
                        }
                        Language::Python => format!("(not {call})"),
                    },
                )),
                _ => Err("the answer is not read as a yes/no value"),
            },
            _ if lang == Language::Rust => {
                Err("the Rust answer's type may differ from the helper's")
            }
            "list[str]" => match post {
                Post::Split => Ok((outer, call)),
                Post::Parsed(p) if p == "json.loads" => Ok((outer, call)),
                _ => Err("the answer is not read as a list"),
            },
            "int" | "float" => match post {
                Post::Parsed(p) if p == returns => Ok((outer, call)),
                Post::Parsed(p) if p == "float" => Ok((outer, format!("float({call})"))),
                _ => Err("the answer is not parsed as a number"),
            },
            "str" => match post {
                Post::Parsed(p) if p == "json.loads" => {
                    Err("the answer is parsed as JSON and the helper returns text")
                }
                Post::YesNo(_) => Err("the answer is compared with a yes/no value"),
                _ => Ok((answer_span, call)),
            },
            _ if optional && returns.starts_with("str") => match post {
                Post::Raw if self.call.context.response_uses.is_empty() => Ok((answer_span, call)),
                Post::Trimmed => Ok((outer, call)),
                _ => Err("the helper may return None where the code expects text"),
            },
            _ => Err("the helper's return type differs from the answer's"),
        }
    }

    fn edits(&self) -> Result<Vec<Edit>, &'static str> {
        let call = self.call;
        let text = self.text;
        let Some(answer) = &call.context.answer else {
            return Err("the code reading the answer was not recognised");
        };
        if call.context.streaming {
            return Err("the answer is streamed");
        }
        let is_current_date = matches!(
            self.spec,
            ReplacementSpec::Lookup {
                lookup: llmlint_rewrite::Lookup::CurrentDate { .. }
            }
        );
        if self.hole.is_none() && !is_current_date {
            return Err("the prompt's input was not recognised");
        }
        let valid = |s: &Span| s.start <= s.end && s.end <= text.len();
        if !valid(&answer.span) || answer.outer.is_some_and(|o| !valid(&o)) {
            return Err("the answer's position is out of range");
        }
        match answer.binding_statement {
            Some(b) if !(valid(&b) && b.contains(&call.span)) => {
                return Err("the call is not inside its binding");
            }
            None if !answer.span.contains(&call.span) => {
                return Err("the call is not inside the answer read");
            }
            _ => {}
        }
        let outer = answer.outer.unwrap_or(answer.span);
        let (target, replacement) = self.replacement_at(answer.span, outer)?;
        // The scope in which names are checked: the enclosing function, else the file.
        let scope = call
            .context
            .enclosing_function_span
            .filter(valid)
            .map_or(0..text.len(), |s| s.start..s.end);
        let scope_text = &text[scope.clone()];
        if call.language == Language::Rust && call.context.enclosing_function_span.is_none() {
            return Err("the call is not inside a function");
        }
        // The prompt's input must be a name visible where the answer is read.
        if let Some((name, _)) = self.hole {
            let root = root_identifier(name);
            if root.is_empty() {
                return Err("the prompt's input is not a plain expression");
            }
            let re = word_re(root).ok_or("the prompt's input is not a plain expression")?;
            if !re.is_match(scope_text) {
                return Err("the prompt's input is not defined where the answer is read");
            }
            // Reassigned between the call and the read: the helper would see another value.
            if let Some(b) = answer.binding_statement
                && b.end <= target.start
            {
                let between = &text[b.end..target.start];
                let assign = Regex::new(&format!(r"\b{}\s*(=[^=]|\+=|-=)", regex::escape(root)))
                    .map_err(|_| "the prompt's input is not a plain expression")?;
                if assign.is_match(between) {
                    return Err("the prompt's input changes before the answer is read");
                }
            }
        }
        let mut edits = Vec::new();
        if let Some(bind) = answer.binding_statement {
            if bind.end > target.start {
                return Err("the answer is read inside its own binding");
            }
            // The bound response must not be used anywhere else.
            let name = binding_name(call.language, &text[bind.start..bind.end])
                .ok_or("the response binding was not recognised")?;
            let re = word_re(&name).ok_or("the response binding was not recognised")?;
            let elsewhere = re.find_iter(scope_text).any(|m| {
                let at = scope.start + m.start();
                !((bind.start..bind.end).contains(&at) || (target.start..target.end).contains(&at))
            });
            if elsewhere {
                return Err("the response is used elsewhere");
            }
            // Remove the binding statement with its line when it stands alone on it.
            let s = line_start(text, bind.start);
            let only_ws_before = text[s..bind.start].trim().is_empty();
            let e = line_end(text, bind.end);
            let only_ws_after = text[bind.end..e].trim().is_empty();
            if only_ws_before && only_ws_after {
                edits.push(Edit::delete(s, e));
            } else {
                edits.push(Edit::delete(bind.start, bind.end));
            }
        }
        edits.push(Edit::replace(target.start, target.end, replacement));
        if !self.reuse {
            match call.language {
                Language::Python => edits.extend(self.python_helper_edits()?),
                Language::Rust => edits.push(self.rust_helper_edit()?),
            }
        }
        // One insertion per offset within the fix (the applier skips a fix whose own edits
        // touch the same point); a stable sort keeps imports before the helper.
        edits.sort_by_key(|e| (e.start, e.end));
        let mut merged: Vec<Edit> = Vec::new();
        for e in edits {
            match merged.last_mut() {
                Some(last)
                    if last.start == last.end && e.start == e.end && last.start == e.start =>
                {
                    last.content.push_str(&e.content)
                }
                _ => merged.push(e),
            }
        }
        if merged.windows(2).any(|w| w[0].end > w[1].start) {
            return Err("the edits would overlap");
        }
        Ok(merged)
    }

    fn python_helper_edits(&self) -> Result<Vec<Edit>, &'static str> {
        let f = self.py.ok_or("the file does not parse")?;
        let at = self
            .py_anchor
            .ok_or("no top-level statement holds the call")?;
        for import in &self.g.imports {
            let m = import
                .trim()
                .strip_prefix("import ")
                .unwrap_or(import)
                .trim();
            if !is_stdlib(m) {
                return Err("the helper needs a package the file does not import");
            }
            let bound = m.split('.').next().unwrap_or(m);
            if f.names.iter().any(|n| n == bound) {
                return Err("the file already uses the name of a module the helper imports");
            }
        }
        let mut edits = f
            .import_edits(self.text, &self.g.imports, at)
            .ok_or("the imports would come after the helper")?;
        // At an offset shared with imports, the helper comes after them.
        edits.push(Edit::insert(
            at,
            format!("{}\n\n\n", self.g.helper_code.trim_end()),
        ));
        Ok(edits)
    }

    fn rust_helper_edit(&self) -> Result<Edit, &'static str> {
        let file = syn::parse_file(self.text).map_err(|_| "the file does not parse")?;
        let anchor =
            rust_anchor(&file.items, self.call.span.start, 0).ok_or("no item holds the call")?;
        let ls = line_start(self.text, anchor);
        let indent = &self.text[ls..anchor];
        if !indent.chars().all(|c| c == ' ' || c == '\t') {
            return Err("the enclosing item does not start its line");
        }
        let code = indent_rust(self.g.helper_code.trim_end(), indent)
            .ok_or("the helper cannot be indented")?;
        Ok(Edit::insert(ls, format!("{}\n\n", code.trim_end())))
    }
}

/// The name a binding statement binds: `resp = ...`, `let resp = ...;`, `let mut resp: T = ..`.
fn binding_name(lang: Language, stmt: &str) -> Option<String> {
    static PY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]*)?=").expect("valid regex")
    });
    static RS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*let\s+(?:mut\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[:=]").expect("valid regex")
    });
    let re: &Regex = match lang {
        Language::Python => &PY,
        Language::Rust => &RS,
    };
    re.captures(stmt)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// Fixes of one file that insert the same helper insert it at the same place (the earliest),
/// so that one round of the fix loop applies one of them and later rounds reuse the helper.
/// Only top-level insertions (not indented) move.
pub fn share_helper_inserts(diags: &mut [Diagnostic]) {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let movable = |e: &Edit| {
        e.start == e.end && e.content.len() > 40 && !e.content.starts_with([' ', '\t', '\n'])
    };
    for d in diags.iter() {
        if let Some(f) = &d.fix
            && f.applicability != Applicability::DisplayOnly
        {
            for e in f.edits.iter().filter(|e| movable(e)) {
                let at = first.entry(e.content.clone()).or_insert(e.start);
                *at = (*at).min(e.start);
            }
        }
    }
    for d in diags.iter_mut() {
        if let Some(f) = &mut d.fix
            && f.applicability != Applicability::DisplayOnly
        {
            for e in f.edits.iter_mut() {
                if movable(e)
                    && let Some(&at) = first.get(&e.content)
                {
                    e.start = at;
                    e.end = at;
                }
            }
            f.edits.sort_by_key(|e| (e.start, e.end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_facts_read_imports_and_names() {
        let f = parse_python(
            "\"\"\"Doc.\"\"\"\nimport re, json\nimport numpy as np\nfrom a import (\n    b,\n    c as d,\n)\nPAT = 1\n\n\ndef extract_emails(t):\n    x = 2\n",
        )
        .expect("parses");
        let mods: Vec<&str> = f.modules.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(mods, ["re", "json"]);
        for n in ["PAT", "extract_emails", "np", "b", "d"] {
            assert!(f.names.iter().any(|x| x == n), "{n} in {:?}", f.names);
        }
        assert!(!f.names.iter().any(|x| x == "x"));
        assert_eq!(f.imports.len(), 3);
        assert!(f.docstring_end.is_some());
    }

    #[test]
    fn python_imports_join_the_stdlib_block_sorted() {
        let t = "import json\nimport sys\n\nfrom openai import OpenAI\n\n\ndef f():\n    pass\n";
        let f = parse_python(t).expect("parses");
        let at = f
            .helper_anchor(t, t.find("pass").unwrap_or(0))
            .expect("anchor");
        let e = f.import_edits(t, &["import re".into()], at).expect("edits");
        let mut out = t.to_string();
        out.insert_str(e[0].start, &e[0].content);
        assert!(
            out.starts_with("import json\nimport re\nimport sys\n"),
            "{out}"
        );
        let e = f
            .import_edits(t, &["import uuid".into()], at)
            .expect("edits");
        let mut out = t.to_string();
        out.insert_str(e[0].start, &e[0].content);
        assert!(
            out.starts_with("import json\nimport sys\nimport uuid\n\nfrom openai"),
            "{out}"
        );
    }

    #[test]
    fn python_imports_open_a_section_before_third_party_ones() {
        let t = "\"\"\"Doc.\"\"\"\nfrom openai import (\n    OpenAI,\n)\n\nx = 1\n";
        let f = parse_python(t).expect("parses");
        let e = f
            .import_edits(t, &["import re".into()], t.len())
            .expect("edits");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].start, t.find("from").unwrap_or(0));
        assert_eq!(e[0].content, "import re\n\n");
    }

    #[test]
    fn several_new_imports_share_one_section_separator() {
        let t = "\"\"\"Doc.\"\"\"\n\nfrom openai import OpenAI\n\nx = 1\n";
        let f = parse_python(t).expect("parses");
        let e = f
            .import_edits(t, &["import datetime".into(), "import re".into()], t.len())
            .expect("edits");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].content, "import datetime\nimport re\n\n");
    }

    #[test]
    fn helper_anchor_climbs_decorators_and_comments_and_classes() {
        let t = "import x\n\n\n# the handler\n@app.route(\"/\")\ndef f():\n    call()\n\n\nclass C:\n    def m(self):\n        call()\n";
        let f = parse_python(t).expect("parses");
        let a = f
            .helper_anchor(t, t.find("call()").unwrap_or(0))
            .expect("anchor");
        assert_eq!(&t[a..a + 15], "# the handler\n@");
        let second = t.rfind("call()").unwrap_or(0);
        let a = f.helper_anchor(t, second).expect("anchor");
        assert!(t[a..].starts_with("class C:"));
    }

    #[test]
    fn post_processing_is_read_from_the_source() {
        use Language::{Python as Py, Rust as Rs};
        assert_eq!(read_post(Py, "", ""), Post::Raw);
        assert_eq!(read_post(Py, "", ".strip()"), Post::Trimmed);
        assert_eq!(read_post(Py, "", ".strip().lower()"), Post::Normalised);
        assert_eq!(
            read_post(Py, "", ".strip().lower() == \"yes\""),
            Post::YesNo(true)
        );
        assert_eq!(
            read_post(Py, "", ".strip().lower() != 'yes'"),
            Post::YesNo(false)
        );
        assert_eq!(read_post(Py, "", ".lower() == \"no\""), Post::YesNo(false));
        assert_eq!(read_post(Py, "", ".lower() == \"maybe\""), Post::Other);
        assert_eq!(
            read_post(Py, "\"true\" == ", ".strip().lower()"),
            Post::YesNo(true)
        );
        assert_eq!(
            read_post(Py, "", ".lower() in (\"yes\", \"y\")"),
            Post::YesNo(true)
        );
        assert_eq!(
            read_post(Py, "", ".lower() in (\"yes\", \"no\")"),
            Post::Other
        );
        assert_eq!(
            read_post(Py, "", ".strip().lower().startswith(\"yes\")"),
            Post::YesNo(true)
        );
        assert_eq!(read_post(Py, "", ".strip().splitlines()"), Post::Split);
        assert_eq!(read_post(Py, "", ".split(\",\")"), Post::Split);
        assert_eq!(
            read_post(Py, "int(", ".strip())"),
            Post::Parsed("int".into())
        );
        assert_eq!(
            read_post(Py, "json.loads(", ")"),
            Post::Parsed("json.loads".into())
        );
        assert_eq!(read_post(Py, "len(", ")"), Post::Other);
        assert_eq!(read_post(Py, "", ".split(\",\")[0]"), Post::Other);
        assert_eq!(
            read_post(Rs, "", ".trim().eq_ignore_ascii_case(\"yes\")"),
            Post::YesNo(true)
        );
        assert_eq!(
            read_post(Rs, "", ".trim().to_lowercase() == \"true\""),
            Post::YesNo(true)
        );
        assert_eq!(read_post(Rs, "", ".trim() != \"yes\""), Post::YesNo(false));
        assert_eq!(read_post(Rs, "", ".contains(\"yes\")"), Post::Other);
        assert_eq!(read_post(Rs, "", " == Some(\"VALID\")"), Post::YesNo(true));
        assert_eq!(
            read_post(Rs, "", ".map(str::trim) != Some(\"true\")"),
            Post::YesNo(false)
        );
        assert_eq!(
            read_post(Rs, "", ".map(|t| t.trim() == \"true\").unwrap_or(false)"),
            Post::YesNo(true)
        );
        assert_eq!(read_post(Rs, "", ".map(|t| t.len() == 3)"), Post::Other);
    }

    #[test]
    fn not_is_parenthesised_where_it_would_not_parse() {
        let t = "x = a == b";
        assert!(!python_not_fits(t, t.len() - 1));
        let t = "if b";
        assert!(python_not_fits(t, t.len() - 1));
        let t = "ok = b";
        assert!(python_not_fits(t, t.len() - 1));
        let t = "f(a, b";
        assert!(python_not_fits(t, t.len() - 1));
        let t = "x = a + b";
        assert!(!python_not_fits(t, t.len() - 1));
        let t = "x = notable b";
        assert!(!python_not_fits(t, t.len() - 1));
    }

    #[test]
    fn rust_names_include_async_and_restricted_items() {
        let n = rust_file_facts(
            "pub async fn is_valid_json() {}\npub(crate) const fn k() {}\nstatic mut S: u8 = 0;\nstruct P;\n",
        );
        for x in ["is_valid_json", "k", "S", "P"] {
            assert!(n.iter().any(|y| y == x), "{x} in {n:?}");
        }
    }

    #[test]
    fn binding_names() {
        assert_eq!(
            binding_name(Language::Python, "resp = c.create()").as_deref(),
            Some("resp")
        );
        assert_eq!(
            binding_name(Language::Python, "resp: Any = c.create()").as_deref(),
            Some("resp")
        );
        assert_eq!(
            binding_name(Language::Rust, "let mut r: X = c.create().await?;").as_deref(),
            Some("r")
        );
        assert_eq!(binding_name(Language::Python, "a.b = c.create()"), None);
    }

    #[test]
    fn rust_helpers_are_indented_only_when_tokens_stay_the_same() {
        let code = "fn f() -> bool {\n    true\n}";
        assert_eq!(
            indent_rust(code, "    ").as_deref(),
            Some("    fn f() -> bool {\n        true\n    }\n")
        );
        assert_eq!(
            indent_rust("fn f() -> &'static str {\n    \"a\nb\"\n}", "    "),
            None
        );
    }

    #[test]
    fn rust_anchor_finds_fn_impl_and_nested_items() {
        let t = "mod m {\n    fn f() {\n        call();\n    }\n}\nimpl S {\n    fn g(&self) {\n        call();\n    }\n}\n";
        let file = syn::parse_file(t).expect("parses");
        let first = t.find("call").unwrap_or(0);
        assert_eq!(rust_anchor(&file.items, first, 0), t.find("fn f"));
        let second = t.rfind("call").unwrap_or(0);
        assert_eq!(rust_anchor(&file.items, second, 0), t.find("impl S"));
    }
}
