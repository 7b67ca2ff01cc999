//! Small helpers over tree-sitter-python nodes: text, spans, call arguments, string
//! literals (prefixes, escapes, f-string interpolations).

use llmlint_rules::{Segment, Span};
use tree_sitter::Node;

use crate::text::LineIndex;

/// Maximum nesting any recursive helper follows.
pub const MAX_DEPTH: usize = 48;

pub struct Src<'t> {
    pub text: &'t str,
    pub lines: LineIndex,
}

impl<'t> Src<'t> {
    pub fn new(text: &'t str) -> Self {
        Src {
            text,
            lines: LineIndex::new(text),
        }
    }
    pub fn of(&self, n: Node) -> &'t str {
        self.text.get(n.byte_range()).unwrap_or("")
    }
    pub fn span(&self, n: Node) -> Span {
        self.lines.span(self.text, n.start_byte(), n.end_byte())
    }
}

pub fn named_children<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c)
        .filter(|x| x.kind() != "comment")
        .collect()
}

/// The assignments among a block's statements (`x = 1`, `name: str = "a"`), in order.
pub fn body_assignments<'t>(body: Node<'t>) -> Vec<Node<'t>> {
    named_children(body)
        .into_iter()
        .filter_map(|st| named_children(st).first().copied())
        .filter(|a| a.kind() == "assignment")
        .collect()
}

/// Strip parentheses and `await`.
pub fn unwrap_expr(mut n: Node) -> Node {
    for _ in 0..MAX_DEPTH {
        match n.kind() {
            "parenthesized_expression" | "await" => match named_children(n).first() {
                Some(c) => n = *c,
                None => return n,
            },
            _ => return n,
        }
    }
    n
}

/// The arguments of a call: positionals in order, keywords by name, and whether
/// `*args` / `**kwargs` appear.
pub struct Args<'t> {
    pub positional: Vec<Node<'t>>,
    pub keywords: Vec<(&'t str, Node<'t>)>,
    pub splat: bool,
    pub node: Option<Node<'t>>,
    /// The expressions after `**` (`create(**kwargs)`).
    pub kw_splats: Vec<Node<'t>>,
}

impl<'t> Args<'t> {
    pub fn of(call: Node<'t>, src: &Src<'t>) -> Args<'t> {
        let mut a = Args {
            positional: Vec::new(),
            keywords: Vec::new(),
            splat: false,
            node: None,
            kw_splats: Vec::new(),
        };
        let Some(list) = call.child_by_field_id(super::fields::arguments()) else {
            return a;
        };
        a.node = Some(list);
        if list.kind() == "generator_expression" {
            a.positional.push(list);
            return a;
        }
        for c in named_children(list) {
            match c.kind() {
                "keyword_argument" => {
                    if let (Some(k), Some(v)) = (
                        c.child_by_field_id(super::fields::name()),
                        c.child_by_field_id(super::fields::value()),
                    ) {
                        a.keywords.push((src.of(k), v));
                    }
                }
                "list_splat" => a.splat = true,
                "dictionary_splat" => {
                    a.splat = true;
                    if let Some(e) = named_children(c).first() {
                        a.kw_splats.push(*e);
                    }
                }
                _ => a.positional.push(c),
            }
        }
        a
    }
    pub fn kw(&self, name: &str) -> Option<Node<'t>> {
        self.keywords
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
    }
    /// Resolve a catalog argument reference (`model`, `#0`).
    pub fn get(&self, r: &str) -> Option<Node<'t>> {
        if let Some(i) = r.strip_prefix('#') {
            let i: usize = i.parse().ok()?;
            self.positional.get(i).copied()
        } else {
            self.kw(r)
        }
    }
}

/// The called name of a call's function expression: `create` in `a.b.create`, `f` in `f`.
pub fn callee_name<'t>(func: Node<'t>) -> Node<'t> {
    if func.kind() == "attribute" {
        func.child_by_field_id(super::fields::attribute())
            .unwrap_or(func)
    } else {
        func
    }
}

/// A dotted name for an expression made only of identifiers and attributes.
pub fn dotted(n: Node, src: &Src) -> Option<String> {
    let mut parts = Vec::new();
    let mut cur = n;
    for _ in 0..MAX_DEPTH {
        match cur.kind() {
            "identifier" => {
                parts.push(src.of(cur).to_string());
                parts.reverse();
                return Some(parts.join("."));
            }
            "attribute" => {
                parts.push(
                    src.of(cur.child_by_field_id(super::fields::attribute())?)
                        .to_string(),
                );
                cur = cur.child_by_field_id(super::fields::object())?;
            }
            _ => return None,
        }
    }
    None
}

/// Decode one `string` node into segments. f-string interpolations become holes named
/// after their expression source. Returns `None` for bytes literals.
pub fn string_segments(n: Node, src: &Src) -> Option<Vec<Segment>> {
    let mut prefix = String::new();
    let mut out: Vec<Segment> = Vec::new();
    for c in named_children_all(n) {
        match c.kind() {
            "string_start" => {
                prefix = src
                    .of(c)
                    .chars()
                    .filter(|ch| ch.is_ascii_alphabetic())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if prefix.contains('b') {
                    return None;
                }
            }
            "string_content" => {
                let raw = src.of(c);
                let is_f = prefix.contains('f') || prefix.contains('t');
                let mut s = if prefix.contains('r') {
                    raw.to_string()
                } else {
                    decode_escapes(raw)
                };
                if is_f {
                    s = s.replace("{{", "{").replace("}}", "}");
                }
                push_text(&mut out, s, Some(src.span(c)));
            }
            "interpolation" => {
                let name = c
                    .child_by_field_id(super::fields::expression())
                    .map(|e| src.of(e).trim().to_string())
                    .unwrap_or_default();
                out.push(Segment::Hole {
                    name,
                    span: Some(src.span(c)),
                });
            }
            "escape_sequence" => {
                push_text(&mut out, decode_escapes(src.of(c)), Some(src.span(c)));
            }
            _ => {}
        }
    }
    Some(out)
}

fn named_children_all<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

/// Append text, merging with a previous text segment (spans are joined when adjacent).
pub fn push_text(out: &mut Vec<Segment>, s: String, span: Option<Span>) {
    if s.is_empty() {
        return;
    }
    if let Some(Segment::Text { text, span: prev }) = out.last_mut() {
        text.push_str(&s);
        *prev = match (*prev, span) {
            (Some(a), Some(b)) if b.start >= a.start => Some(Span {
                start: a.start,
                end: b.end,
                line: a.line,
                column: a.column,
                end_line: b.end_line,
                end_column: b.end_column,
            }),
            _ => None,
        };
        return;
    }
    out.push(Segment::Text { text: s, span });
}

pub fn push_all(out: &mut Vec<Segment>, segs: Vec<Segment>) {
    for s in segs {
        match s {
            Segment::Text { text, span } => push_text(out, text, span),
            h => out.push(h),
        }
    }
}

/// Decode Python escape sequences (`\n`, `\t`, `\xNN`, `\uNNNN`, line continuation...).
pub fn decode_escapes(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = it.next() else {
            out.push('\\');
            break;
        };
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            '\n' => {}
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = (0..n).filter_map(|_| it.next()).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        out.push('\\');
                        out.push(e);
                        out.push_str(&hex);
                    }
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

/// Literal string value of a node, when it is a plain string (no interpolation).
pub fn literal_str(n: Node, src: &Src) -> Option<String> {
    let n = unwrap_expr(n);
    let segs = match n.kind() {
        "string" => string_segments(n, src)?,
        "concatenated_string" => {
            let mut out = Vec::new();
            for c in named_children(n) {
                push_all(&mut out, string_segments(c, src)?);
            }
            out
        }
        _ => return None,
    };
    let mut s = String::new();
    for seg in segs {
        match seg {
            Segment::Text { text, .. } => s.push_str(&text),
            Segment::Hole { .. } => return None,
        }
    }
    Some(s)
}

/// Remove the common leading whitespace of all non-blank lines (`textwrap.dedent`).
pub fn dedent(s: &str) -> String {
    let indent = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for (i, l) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if l.trim().is_empty() {
            continue;
        }
        out.push_str(l.get(indent..).unwrap_or(l.trim_start()));
    }
    out
}
