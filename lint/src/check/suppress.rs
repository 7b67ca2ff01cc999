//! Suppression comments and LLM901 (unused suppression).
//!
//! Forms (Python `#`, Rust `//`):
//! - `# llmlint: ignore[LLM301]`, `# llmlint: ignore[LLM301, LLM302]`, bare `# llmlint: ignore`
//!   (every code): on the line where a diagnostic starts, or alone on the line above it.
//! - `# noqa: LLM301` (codes of other tools, `E501`, are left alone): on the line or alone on
//!   the line above. A bare `# noqa` follows flake8 / ruff: it silences every llmlint finding
//!   that starts on its own line, and, because other linters read it too, is never reported
//!   as unused.
//! - `# llmlint: ignore-file[LLM301]`, `# llmlint: ignore-file`: anywhere in the file, for the
//!   whole file.
//!
//! Comments are found by a small lexer that skips string literals (Python prefixes, triple
//! quotes, f-string replacement fields; Rust escapes, raw strings `r#"…"#`, char literals vs
//! lifetimes, nested block comments), so a `# noqa` inside a string is not a comment.
//! A directive may follow other comment text after its own marker: `# type: ignore  # noqa: LLM301`.

use llmlint_rewrite::{Applicability, Edit, Fix};
use llmlint_rules::rules::llm901_unused_suppression;

use super::diagnostic::Diagnostic;
use crate::text::LineIndex;

/// Which comment syntax a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentSyntax {
    /// `#` comments; Python strings.
    Hash,
    /// `//` comments; Rust strings.
    Slash,
}

impl CommentSyntax {
    pub fn for_path(path: &str) -> Option<CommentSyntax> {
        if path.ends_with(".py") || path.ends_with(".pyi") {
            Some(CommentSyntax::Hash)
        } else if path.ends_with(".rs") {
            Some(CommentSyntax::Slash)
        } else {
            None
        }
    }
}

/// A line comment: `start` is the marker (`#` / `//`), `end` the end of the line (exclusive,
/// before any `\r`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comment {
    pub start: usize,
    pub end: usize,
}

const MAX_NESTING: usize = 256;

/// Line comments of a Python file, skipping string literals.
pub fn python_comments(text: &str) -> Vec<Comment> {
    let mut lx = PyLexer {
        b: text.as_bytes(),
        i: 0,
        comments: Vec::new(),
    };
    lx.code(0, None);
    lx.comments
}

struct PyLexer<'a> {
    b: &'a [u8],
    i: usize,
    comments: Vec<Comment>,
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn line_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() && b[j] != b'\n' && b[j] != b'\r' {
        j += 1;
    }
    j
}

impl PyLexer<'_> {
    /// Lex code. With `close = Some(..)` we are inside an f-string replacement field and stop
    /// after its closing `}`; nested brackets are counted.
    fn code(&mut self, depth: usize, close: Option<()>) {
        let mut brackets = 0usize;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            match c {
                b'#' => {
                    let end = line_end(self.b, self.i);
                    if close.is_none() {
                        self.comments.push(Comment { start: self.i, end });
                    }
                    self.i = end;
                }
                b'\'' | b'"' => {
                    let prefix = self.prefix_before(self.i);
                    self.string(prefix, depth);
                }
                b'(' | b'[' | b'{' => {
                    brackets += 1;
                    self.i += 1;
                }
                b')' | b']' | b'}' => {
                    if close.is_some() && brackets == 0 {
                        if c == b'}' {
                            self.i += 1;
                            return;
                        }
                        self.i += 1;
                    } else {
                        brackets = brackets.saturating_sub(1);
                        self.i += 1;
                    }
                }
                b':' | b'!' if close.is_some() && brackets == 0 => {
                    // `!=` is an operator; `!r` / `:spec` start the conversion / format spec.
                    if c == b'!' && self.b.get(self.i + 1) == Some(&b'=') {
                        self.i += 2;
                        continue;
                    }
                    if c == b':' && self.b.get(self.i + 1) == Some(&b'=') {
                        self.i += 2;
                        continue;
                    }
                    self.i += 1;
                    self.format_spec(depth);
                    return;
                }
                _ => self.i += 1,
            }
        }
    }

    /// Inside a replacement field after `!` or `:`: literal text, nested `{..}` fields, up to
    /// the closing `}`.
    fn format_spec(&mut self, depth: usize) {
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'{' => {
                    self.i += 1;
                    if depth < MAX_NESTING {
                        self.code(depth + 1, Some(()));
                    }
                }
                b'}' => {
                    self.i += 1;
                    return;
                }
                b'\n' | b'\r' => return,
                _ => self.i += 1,
            }
        }
    }

    /// The string prefix letters just before a quote at `q` (empty when it is not a prefix).
    fn prefix_before(&self, q: usize) -> (bool, bool) {
        let mut j = q;
        while j > 0
            && q - j < 3
            && matches!(
                self.b[j - 1].to_ascii_lowercase(),
                b'r' | b'b' | b'u' | b'f' | b't'
            )
        {
            j -= 1;
        }
        if j > 0 && is_ident_byte(self.b[j - 1]) {
            // Part of a longer identifier: `attr"` is not valid Python; treat as no prefix.
            return (false, false);
        }
        let p = &self.b[j..q];
        let raw = p.iter().any(|c| c.eq_ignore_ascii_case(&b'r'));
        let fmt = p
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&b'f') || c.eq_ignore_ascii_case(&b't'));
        (raw, fmt)
    }

    /// A string literal starting at the quote `self.i`.
    fn string(&mut self, (_raw, fmt): (bool, bool), depth: usize) {
        let q = self.b[self.i];
        let triple = self.b.get(self.i + 1) == Some(&q) && self.b.get(self.i + 2) == Some(&q);
        self.i += if triple { 3 } else { 1 };
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if c == b'\\' {
                self.i += 2;
                continue;
            }
            if c == q {
                if !triple {
                    self.i += 1;
                    return;
                }
                if self.b.get(self.i + 1) == Some(&q) && self.b.get(self.i + 2) == Some(&q) {
                    self.i += 3;
                    return;
                }
                self.i += 1;
                continue;
            }
            if !triple && (c == b'\n' || c == b'\r') {
                // Unterminated single-quoted string: stop at the end of the line.
                return;
            }
            if fmt && c == b'{' {
                if self.b.get(self.i + 1) == Some(&b'{') {
                    self.i += 2;
                    continue;
                }
                self.i += 1;
                if depth < MAX_NESTING {
                    self.code(depth + 1, Some(()));
                }
                continue;
            }
            self.i += 1;
        }
        self.i = self.i.min(self.b.len());
    }
}

/// Line comments (`//`, `///`, `//!`) of a Rust file, skipping strings, chars and block
/// comments.
pub fn rust_comments(text: &str) -> Vec<Comment> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = line_end(b, i);
                out.push(Comment { start: i, end });
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 1usize;
                i += 2;
                while i < b.len() && depth > 0 {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => i = skip_rust_string(b, i + 1),
            b'r' | b'b' | b'c' if i == 0 || !is_ident_byte(b[i - 1]) => {
                // b"..", c"..", br"..", r#".."#, b'x'
                let mut j = i;
                if matches!(b[j], b'b' | b'c') {
                    j += 1;
                }
                if b.get(j) == Some(&b'r') {
                    let mut k = j + 1;
                    let mut hashes = 0usize;
                    while b.get(k) == Some(&b'#') {
                        hashes += 1;
                        k += 1;
                    }
                    if b.get(k) == Some(&b'"') {
                        i = skip_raw_string(b, k + 1, hashes);
                        continue;
                    }
                    i += 1;
                    continue;
                }
                if j > i && b.get(j) == Some(&b'"') {
                    i = skip_rust_string(b, j + 1);
                    continue;
                }
                if j > i && b.get(j) == Some(&b'\'') {
                    i = skip_char_or_lifetime(b, j);
                    continue;
                }
                i += 1;
            }
            b'\'' => i = skip_char_or_lifetime(b, i),
            _ => i += 1,
        }
    }
    out
}

fn skip_rust_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

fn skip_raw_string(b: &[u8], mut i: usize, hashes: usize) -> usize {
    while i < b.len() {
        if b[i] == b'"'
            && b.len() - (i + 1) >= hashes
            && b[i + 1..i + 1 + hashes].iter().all(|&h| h == b'#')
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    b.len()
}

/// At a `'`: skip a char literal, or just the quote of a lifetime / label.
fn skip_char_or_lifetime(b: &[u8], i: usize) -> usize {
    let j = i + 1;
    match b.get(j) {
        Some(b'\\') => {
            // Escaped char literal: find the closing quote on this line.
            let mut k = j + 2;
            while k < b.len() && b[k] != b'\'' && b[k] != b'\n' {
                k += 1;
            }
            (k + 1).min(b.len())
        }
        Some(&c) => {
            let width = utf8_width(c);
            if b.get(j + width) == Some(&b'\'') {
                j + width + 1
            } else {
                j
            }
        }
        None => b.len(),
    }
}

fn utf8_width(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `llmlint: ignore[..]` / `llmlint: ignore`.
    Ignore,
    /// `llmlint: ignore-file[..]` / `llmlint: ignore-file`.
    IgnoreFile,
    /// `noqa: ..` / `noqa`.
    Noqa,
}

/// A code named in a directive, with its byte range in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRef {
    pub code: String,
    pub start: usize,
    pub end: usize,
}

/// One suppression directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// `None`: every code (bare form).
    pub codes: Option<Vec<CodeRef>>,
    /// From the directive's marker (`#` / `//`) to its last character.
    pub start: usize,
    pub end: usize,
    /// The comment holding it.
    pub comment: Comment,
    /// 0-based line.
    pub line: usize,
    /// The comment is alone on its line.
    pub own_line: bool,
}

impl Directive {
    /// Whether this directive applies to a diagnostic of `code` starting on 0-based `line`.
    fn covers(&self, code: &str, line: usize) -> bool {
        let on_line = match self.kind {
            DirectiveKind::IgnoreFile => true,
            DirectiveKind::Ignore => line == self.line || (self.own_line && line == self.line + 1),
            DirectiveKind::Noqa => match self.codes {
                None => line == self.line,
                Some(_) => line == self.line || (self.own_line && line == self.line + 1),
            },
        };
        on_line
            && match &self.codes {
                None => true,
                Some(codes) => codes.iter().any(|c| c.code.eq_ignore_ascii_case(code)),
            }
    }
}

/// The suppression directives of one file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    pub directives: Vec<Directive>,
}

impl Suppressions {
    /// Parse the directives of a file, choosing the comment syntax by its extension.
    pub fn parse(path: &str, text: &str) -> Suppressions {
        match CommentSyntax::for_path(path) {
            Some(syntax) => Suppressions::parse_with(syntax, text),
            None => Suppressions::default(),
        }
    }

    pub fn parse_with(syntax: CommentSyntax, text: &str) -> Suppressions {
        if !may_have_directives(text) {
            return Suppressions::default();
        }
        let comments = match syntax {
            CommentSyntax::Hash => python_comments(text),
            CommentSyntax::Slash => rust_comments(text),
        };
        Suppressions::from_comments(syntax, text, &comments)
    }

    /// Directives from comments found by the caller (e.g. a parser's comment tokens).
    pub fn from_comments(syntax: CommentSyntax, text: &str, comments: &[Comment]) -> Suppressions {
        let index = LineIndex::new(text);
        let mut directives = Vec::new();
        for &comment in comments {
            if comment.end > text.len() || comment.start >= comment.end {
                continue;
            }
            let Some(body) = text.get(comment.start..comment.end) else {
                continue;
            };
            let line = index.line_of(comment.start);
            let line_start = index.line_start(line);
            let own_line = text
                .get(line_start..comment.start)
                .is_some_and(|p| p.trim().is_empty());
            for (start, end, kind, codes) in parse_comment(syntax, body) {
                directives.push(Directive {
                    kind,
                    codes: codes.map(|cs| {
                        cs.into_iter()
                            .map(|(code, s, e)| CodeRef {
                                code,
                                start: comment.start + s,
                                end: comment.start + e,
                            })
                            .collect()
                    }),
                    start: comment.start + start,
                    end: comment.start + end,
                    comment,
                    line,
                    own_line,
                });
            }
        }
        Suppressions { directives }
    }
}

/// Cheap test before lexing: most files have no directive at all.
fn may_have_directives(text: &str) -> bool {
    text.contains("llmlint")
        || text
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"noqa"))
}

type CodeList = Vec<(String, usize, usize)>;
type ParsedDirective = (usize, usize, DirectiveKind, Option<CodeList>);

/// Directives in one comment's text (offsets relative to the comment start).
fn parse_comment(syntax: CommentSyntax, body: &str) -> Vec<ParsedDirective> {
    let marker: &str = match syntax {
        CommentSyntax::Hash => "#",
        CommentSyntax::Slash => "//",
    };
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(pos) = body[search..].find(marker) {
        let m = search + pos;
        let mut j = m + marker.len();
        // `///`, `//!`, `##`: more marker characters.
        while j < body.len() && matches!(body.as_bytes()[j], b'/' | b'!' | b'#') {
            j += 1;
        }
        while j < body.len() && matches!(body.as_bytes()[j], b' ' | b'\t') {
            j += 1;
        }
        search = j.max(m + 1);
        if let Some((end, kind, codes)) = parse_directive(body, j) {
            out.push((m, end, kind, codes));
            search = end;
        }
    }
    out
}

fn starts_with_ci(s: &str, at: usize, word: &str) -> bool {
    s.get(at..at + word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// Parse a directive at `at` in `body`: returns its end and codes.
fn parse_directive(body: &str, at: usize) -> Option<(usize, DirectiveKind, Option<CodeList>)> {
    let b = body.as_bytes();
    let boundary =
        |k: usize| k >= b.len() || !(b[k].is_ascii_alphanumeric() || b[k] == b'_' || b[k] == b'-');
    if starts_with_ci(body, at, "llmlint:") {
        let mut j = at + "llmlint:".len();
        while j < b.len() && matches!(b[j], b' ' | b'\t') {
            j += 1;
        }
        let (kind, word) = if starts_with_ci(body, j, "ignore-file") {
            (DirectiveKind::IgnoreFile, "ignore-file")
        } else if starts_with_ci(body, j, "ignore") {
            (DirectiveKind::Ignore, "ignore")
        } else {
            return None;
        };
        j += word.len();
        if b.get(j) == Some(&b'[') {
            let close = body[j..].find(']').map(|p| j + p)?;
            let codes = codes_in(body, j + 1, close);
            return Some((close + 1, kind, Some(codes)));
        }
        if !boundary(j) {
            return None;
        }
        return Some((j, kind, None));
    }
    if starts_with_ci(body, at, "noqa") {
        let mut j = at + 4;
        if b.get(j) == Some(&b':') {
            j += 1;
            let list_start = j;
            // Codes: letters then digits, separated by commas and spaces.
            let mut k = j;
            let mut last_end = j;
            loop {
                while k < b.len() && matches!(b[k], b' ' | b'\t' | b',') {
                    k += 1;
                }
                let s = k;
                while k < b.len() && b[k].is_ascii_alphabetic() {
                    k += 1;
                }
                let letters = k - s;
                while k < b.len() && b[k].is_ascii_digit() {
                    k += 1;
                }
                if letters == 0 || k - s == letters || !boundary(k) {
                    break;
                }
                last_end = k;
            }
            let codes = codes_in(body, list_start, last_end);
            if codes.is_empty() {
                // `# noqa:` with nothing after it reads as a bare noqa.
                return Some((at + 4, DirectiveKind::Noqa, None));
            }
            return Some((last_end, DirectiveKind::Noqa, Some(codes)));
        }
        if !boundary(j) {
            return None;
        }
        return Some((j, DirectiveKind::Noqa, None));
    }
    None
}

/// Codes (`[A-Za-z]+[0-9]+`) in `body[from..to]`, upper-cased, with their offsets.
fn codes_in(body: &str, from: usize, to: usize) -> CodeList {
    let mut out = Vec::new();
    let b = body.as_bytes();
    let mut k = from;
    while k < to {
        if b[k].is_ascii_alphanumeric() {
            let s = k;
            while k < to && b[k].is_ascii_alphanumeric() {
                k += 1;
            }
            let tok = &body[s..k];
            let letters = tok.bytes().take_while(u8::is_ascii_alphabetic).count();
            if letters > 0
                && letters < tok.len()
                && tok[letters..].bytes().all(|c| c.is_ascii_digit())
            {
                out.push((tok.to_ascii_uppercase(), s, k));
            }
        } else {
            k += 1;
        }
    }
    out
}

/// What suppression did to a file's diagnostics.
#[derive(Debug, Clone, Default)]
pub struct SuppressOutcome {
    /// Diagnostics still reported, including LLM901 for unused suppressions.
    pub diagnostics: Vec<Diagnostic>,
    /// How many diagnostics were suppressed.
    pub suppressed: usize,
}

/// Drop the diagnostics of one file that a directive suppresses, and report unused
/// suppressions (LLM901) for codes that `enabled` says are on in this run for this file.
/// `diags` must all belong to `path`, whose text is `text`.
pub fn apply_suppressions(
    path: &str,
    text: &str,
    diags: Vec<Diagnostic>,
    enabled: &dyn Fn(&str) -> bool,
) -> SuppressOutcome {
    let sup = Suppressions::parse(path, text);
    apply_parsed(&sup, path, text, diags, enabled)
}

/// As `apply_suppressions`, with directives parsed already.
pub fn apply_parsed(
    sup: &Suppressions,
    path: &str,
    text: &str,
    diags: Vec<Diagnostic>,
    enabled: &dyn Fn(&str) -> bool,
) -> SuppressOutcome {
    if sup.directives.is_empty() {
        return SuppressOutcome {
            diagnostics: diags,
            suppressed: 0,
        };
    }
    // used[d][i]: code i of directive d suppressed something; bare[d]: bare directive did.
    let mut used: Vec<Vec<bool>> = sup
        .directives
        .iter()
        .map(|d| vec![false; d.codes.as_ref().map_or(0, Vec::len)])
        .collect();
    let mut bare_used = vec![false; sup.directives.len()];
    let mut kept = Vec::with_capacity(diags.len());
    let mut suppressed = 0;
    for diag in diags {
        let line = (diag.span.line as usize).saturating_sub(1);
        let mut hit = false;
        for (di, d) in sup.directives.iter().enumerate() {
            if d.covers(&diag.code, line) {
                hit = true;
                mark_used(d, &diag.code, &mut used[di], &mut bare_used[di]);
            }
        }
        if hit {
            suppressed += 1;
        } else {
            kept.push(diag);
        }
    }

    let unused_code = llm901_unused_suppression::RULE.code;
    if enabled(unused_code) {
        let index = LineIndex::new(text);
        let mut reports = Vec::new();
        for (di, d) in sup.directives.iter().enumerate() {
            if let Some(diag) =
                unused_report(d, &used[di], bare_used[di], path, text, &index, enabled)
            {
                reports.push(diag);
            }
        }
        // LLM901 itself is silenced only by a directive that names it.
        for r in reports {
            let line = (r.span.line as usize).saturating_sub(1);
            let silenced = sup.directives.iter().any(|d| {
                d.codes
                    .as_ref()
                    .is_some_and(|cs| cs.iter().any(|c| c.code == unused_code))
                    && d.covers(unused_code, line)
            });
            if silenced {
                suppressed += 1;
            } else {
                kept.push(r);
            }
        }
    }
    SuppressOutcome {
        diagnostics: kept,
        suppressed,
    }
}

fn mark_used(d: &Directive, code: &str, used: &mut [bool], bare_used: &mut bool) {
    match &d.codes {
        None => *bare_used = true,
        Some(codes) => {
            for (i, c) in codes.iter().enumerate() {
                if c.code.eq_ignore_ascii_case(code) {
                    used[i] = true;
                }
            }
        }
    }
}

fn is_llmlint_code(code: &str) -> bool {
    code.len() > 3 && code[..3].eq_ignore_ascii_case("LLM")
}

/// The LLM901 diagnostic for a directive, if some of it is unused.
fn unused_report(
    d: &Directive,
    used: &[bool],
    bare_used: bool,
    path: &str,
    text: &str,
    index: &LineIndex,
    enabled: &dyn Fn(&str) -> bool,
) -> Option<Diagnostic> {
    let unused_code = llm901_unused_suppression::RULE.code;
    let span = index.span(text, d.start, d.end);
    let rule = &llm901_unused_suppression::RULE;
    match &d.codes {
        None => {
            // A bare `# noqa` is shared with other linters: never reported.
            if bare_used || d.kind == DirectiveKind::Noqa {
                return None;
            }
            let edits = remove_directive(d, text);
            Some(
                Diagnostic::new(
                    rule,
                    path,
                    span,
                    "unused suppression: it suppresses nothing",
                )
                .with_fix(Fix {
                    message: "Remove the unused suppression".to_string(),
                    applicability: Applicability::Safe,
                    edits,
                }),
            )
        }
        Some(codes) => {
            let unused: Vec<usize> = codes
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    !used[*i]
                        && c.code != unused_code
                        && is_llmlint_code(&c.code)
                        && enabled(&c.code)
                })
                .map(|(i, _)| i)
                .collect();
            if unused.is_empty() {
                return None;
            }
            let names: Vec<&str> = unused.iter().map(|&i| codes[i].code.as_str()).collect();
            // Everything but the unused codes stays; nothing stays -> remove the directive.
            let keep: Vec<&CodeRef> = codes
                .iter()
                .enumerate()
                .filter(|(i, _)| !unused.contains(i))
                .map(|(_, c)| c)
                .collect();
            let (edits, title) = if keep.is_empty() {
                (
                    remove_directive(d, text),
                    "Remove the unused suppression".to_string(),
                )
            } else {
                let first = codes.first().map_or(d.start, |c| c.start);
                let last = codes.last().map_or(d.end, |c| c.end);
                let kept_list = keep
                    .iter()
                    .map(|c| text.get(c.start..c.end).unwrap_or(&c.code))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    vec![Edit::replace(first, last, kept_list)],
                    format!(
                        "Remove unused code{} {}",
                        if names.len() > 1 { "s" } else { "" },
                        names.join(", ")
                    ),
                )
            };
            let message = format!("unused suppression for {}", names.join(", "));
            Some(Diagnostic::new(rule, path, span, message).with_fix(Fix {
                message: title,
                applicability: Applicability::Safe,
                edits,
            }))
        }
    }
}

/// Edits removing a directive: the whole line when the comment holds only it and stands
/// alone; the comment (and the spaces before it) when it holds only it; otherwise the
/// directive and the spaces before it.
fn remove_directive(d: &Directive, text: &str) -> Vec<Edit> {
    let b = text.as_bytes();
    let comment_rest = text.get(d.end..d.comment.end).unwrap_or("");
    let directive_is_comment = d.start == d.comment.start;
    // Text after the directive up to the next marker belongs to the directive (a reason).
    let next_marker = ["#", "//"]
        .iter()
        .filter_map(|m| comment_rest.find(m))
        .min();
    let end = match next_marker {
        Some(p) => d.end + p,
        None => d.comment.end,
    };
    if directive_is_comment && next_marker.is_none() {
        if d.own_line {
            // The whole line, with its line break.
            let mut line_start = d.comment.start;
            while line_start > 0 && b[line_start - 1] != b'\n' {
                line_start -= 1;
            }
            let mut line_end = d.comment.end;
            if b.get(line_end) == Some(&b'\r') {
                line_end += 1;
            }
            if b.get(line_end) == Some(&b'\n') {
                line_end += 1;
            }
            return vec![Edit::delete(line_start, line_end)];
        }
        let mut s = d.comment.start;
        while s > 0 && matches!(b[s - 1], b' ' | b'\t') {
            s -= 1;
        }
        return vec![Edit::delete(s, d.comment.end)];
    }
    if directive_is_comment {
        // `# noqa: LLM301 # type: ignore` -> `# type: ignore`
        return vec![Edit::delete(d.start, end)];
    }
    let mut s = d.start;
    while s > d.comment.start && matches!(b[s - 1], b' ' | b'\t') {
        s -= 1;
    }
    let mut e = end;
    if next_marker.is_some() {
        // keep one space before the next marker
        while e > d.end && matches!(b[e - 1], b' ' | b'\t') {
            e -= 1;
        }
    }
    vec![Edit::delete(s, e)]
}
