//! Prompt recovery: string literals, f-strings, `.format`, `%`, concatenation, constants,
//! messages lists and LangChain templates, as ordered text and hole segments.

use llmlint_rules::{Message, Segment, Valued};
use tree_sitter::Node;

use super::Ana;
use super::scope::Binding;
use super::sdk::Val;
use super::syntax::{
    Args, MAX_DEPTH, callee_name, dedent, literal_str, named_children, push_all, push_text,
    string_segments, unwrap_expr,
};

/// A recovered string value.
#[derive(Debug, Clone, Default)]
pub struct Rec {
    pub segs: Vec<Segment>,
    /// The whole value is this parameter of the enclosing function.
    pub param: Option<String>,
    pub complete: bool,
}

/// A recovered list of messages.
#[derive(Debug, Clone, Default)]
pub struct MsgsRec {
    pub messages: Vec<Message>,
    pub complete: bool,
    /// Parameters that supply a whole message's content.
    pub params: Vec<String>,
    /// The whole messages list is this parameter.
    pub list_param: Option<String>,
}

fn hole(name: &str, span: Option<llmlint_rules::Span>) -> Vec<Segment> {
    vec![Segment::Hole {
        name: name.to_string(),
        span,
    }]
}

impl<'t> Ana<'t> {
    fn hole_rec(&self, n: Node<'t>) -> Rec {
        Rec {
            segs: hole(self.src.of(n).trim(), Some(self.src.span(n))),
            param: None,
            complete: true,
        }
    }

    /// Recover a string-valued expression. Unknown values become holes named after the
    /// expression.
    pub fn text_rec(&self, n: Node<'t>, depth: usize) -> Rec {
        if depth > MAX_DEPTH || !self.tick() {
            return self.hole_rec(n);
        }
        let n = unwrap_expr(n);
        match n.kind() {
            "string" => match self.fstring_segments(n, depth) {
                Some(segs) => Rec {
                    segs,
                    param: None,
                    complete: true,
                },
                None => self.hole_rec(n),
            },
            "subscript" => match self.table_entry(n, depth + 1) {
                Some(segs) => Rec {
                    segs,
                    param: None,
                    complete: true,
                },
                None => {
                    if let (Some(t), Some(k)) = (
                        n.child_by_field_id(super::fields::value()),
                        n.child_by_field_id(super::fields::subscript()),
                    ) && let Some(options) = self.table_choices(t, k, depth + 1)
                    {
                        self.note_choice(self.src.of(n).trim(), options);
                    }
                    self.hole_rec(n)
                }
            },
            "concatenated_string" => {
                let mut out = Vec::new();
                for c in named_children(n) {
                    push_all(&mut out, self.text_rec(c, depth + 1).segs);
                }
                Rec {
                    segs: out,
                    param: None,
                    complete: true,
                }
            }
            "identifier" => {
                let name = self.src.of(n);
                match self.scope.lookup(name, n) {
                    Binding::Expr(e) if self.is_stringish(e, depth + 1) => {
                        let mut r = self.text_rec(e, depth + 1);
                        r.param = None;
                        // nothing recovered: the variable's name says more than the
                        // expression it was computed from
                        if let [Segment::Hole { .. }] = r.segs.as_slice() {
                            r.segs = hole(name, Some(self.src.span(n)));
                        }
                        r
                    }
                    Binding::Param(f, i) => {
                        let is_data = self
                            .scope
                            .funcs
                            .get(f)
                            .and_then(|f| f.params.get(i))
                            .is_some();
                        Rec {
                            segs: hole(name, Some(self.src.span(n))),
                            param: is_data.then(|| name.to_string()),
                            complete: true,
                        }
                    }
                    Binding::Import => match self.imported_text(n) {
                        Some((segs, complete)) => Rec {
                            segs,
                            param: None,
                            complete,
                        },
                        None => self.hole_rec(n),
                    },
                    Binding::Unknown => match self.loop_element(n, depth + 1) {
                        Some(e) => {
                            let mut r = self.text_rec(e, depth + 1);
                            r.param = None;
                            r
                        }
                        None => self.hole_rec(n),
                    },
                    _ => self.hole_rec(n),
                }
            }
            "attribute" => {
                if let Some(obj) = n.child_by_field_id(super::fields::object())
                    && let Some(attr) = n.child_by_field_id(super::fields::attribute())
                    && obj.kind() == "identifier"
                    && let Some(v) = self.self_attr(obj, self.src.of(attr))
                    && self.is_stringish(v, depth + 1)
                {
                    let mut r = self.text_rec(v, depth + 1);
                    r.param = None;
                    return r;
                }
                if let Some((segs, complete)) = self.imported_text(n) {
                    return Rec {
                        segs,
                        param: None,
                        complete,
                    };
                }
                self.hole_rec(n)
            }
            "binary_operator" => {
                let op = n
                    .child_by_field_id(super::fields::operator())
                    .map(|o| self.src.of(o));
                let (Some(l), Some(r)) = (
                    n.child_by_field_id(super::fields::left()),
                    n.child_by_field_id(super::fields::right()),
                ) else {
                    return self.hole_rec(n);
                };
                match op {
                    Some("+") => {
                        let a = self.text_rec(l, depth + 1);
                        let b = self.text_rec(r, depth + 1);
                        let mut segs = a.segs;
                        push_all(&mut segs, b.segs);
                        Rec {
                            segs,
                            param: None,
                            complete: a.complete && b.complete,
                        }
                    }
                    Some("%") if self.is_stringish(l, depth + 1) => {
                        let a = self.text_rec(l, depth + 1);
                        Rec {
                            segs: self.percent_format(a.segs, r),
                            param: None,
                            complete: a.complete,
                        }
                    }
                    _ => self.hole_rec(n),
                }
            }
            "call" => self.call_text(n, depth),
            "conditional_expression" => match self.optional_text(n, depth) {
                Some(t) => {
                    let mut r = self.text_rec(t, depth + 1);
                    r.param = None;
                    r
                }
                None => self.hole_rec(n),
            },
            _ => self.hole_rec(n),
        }
    }

    /// A loop variable (`for p in prompts`, `[f(p) for p in prompts]`) over a list built by a
    /// comprehension (`prompts = [build(x) for x in xs]`): the expression each element is
    /// built from, when it is text.
    fn loop_element(&self, n: Node<'t>, depth: usize) -> Option<Node<'t>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let name = self.src.of(n);
        let mut cur = n.parent();
        let mut iterable = None;
        while let Some(p) = cur {
            if matches!(
                p.kind(),
                "function_definition" | "class_definition" | "module"
            ) {
                break;
            }
            let clauses: Vec<Node<'t>> = match p.kind() {
                "for_statement" => vec![p],
                "list_comprehension" | "generator_expression" | "set_comprehension" => {
                    named_children(p)
                        .into_iter()
                        .filter(|c| c.kind() == "for_in_clause")
                        .collect()
                }
                _ => Vec::new(),
            };
            if let Some(right) = clauses.into_iter().find_map(|c| {
                let left = c.child_by_field_id(super::fields::left())?;
                (left.kind() == "identifier" && self.src.of(left) == name)
                    .then(|| c.child_by_field_id(super::fields::right()))
                    .flatten()
            }) {
                iterable = Some(right);
                break;
            }
            cur = p.parent();
        }
        let mut it = unwrap_expr(iterable?);
        if it.kind() == "identifier"
            && let Binding::Expr(e) = self.scope.lookup(self.src.of(it), it)
        {
            it = unwrap_expr(e);
        }
        if it.kind() != "list_comprehension" {
            return None;
        }
        let body = it.child_by_field_id(super::fields::body())?;
        self.is_stringish(body, depth + 1).then_some(body)
    }

    /// `TEXT if cond else ""` (or `None`, either way round): an optional part of a prompt,
    /// recovered as its text.
    fn optional_text(&self, n: Node<'t>, depth: usize) -> Option<Node<'t>> {
        let kids = named_children(n);
        let [a, _, b] = kids.as_slice() else {
            return None;
        };
        let empty = |x: Node<'t>| {
            let u = unwrap_expr(x);
            u.kind() == "none" || literal_str(u, &self.src).is_some_and(|t| t.trim().is_empty())
        };
        let t = if empty(*b) {
            *a
        } else if empty(*a) {
            *b
        } else {
            return None;
        };
        self.is_stringish(t, depth + 1).then_some(t)
    }

    fn call_text(&self, n: Node<'t>, depth: usize) -> Rec {
        let Some(func) = n.child_by_field_id(super::fields::function()) else {
            return self.hole_rec(n);
        };
        if let Some((segs, complete)) = self.builder_call(n, depth + 1) {
            return Rec {
                segs,
                param: None,
                complete,
            };
        }
        if let Some(read) = self.file_read(n, depth + 1) {
            return match read {
                Some(text) => Rec {
                    segs: vec![Segment::Text { text, span: None }],
                    param: None,
                    complete: true,
                },
                None => self.hole_rec(n),
            };
        }
        let args = Args::of(n, &self.src);
        let name = self.src.of(callee_name(func));
        if func.kind() == "attribute" {
            let Some(recv) = func.child_by_field_id(super::fields::object()) else {
                return self.hole_rec(n);
            };
            match name {
                "format" if self.is_stringish(recv, depth + 1) => {
                    let base = self.text_rec(recv, depth + 1);
                    return Rec {
                        segs: self.str_format(base.segs, &args, depth),
                        param: None,
                        complete: base.complete,
                    };
                }
                "format" | "format_prompt" | "format_messages" | "invoke" | "to_string" => {
                    if let Some(Val::Template(t)) = self.resolve(recv, depth + 1) {
                        let mut segs = Vec::new();
                        for (i, m) in t.messages.into_iter().enumerate() {
                            if i > 0 {
                                push_text(&mut segs, "\n\n".into(), None);
                            }
                            push_all(&mut segs, m.segments);
                        }
                        return Rec {
                            segs: self.subst_template(segs, &args, depth),
                            param: None,
                            complete: t.complete,
                        };
                    }
                }
                "strip" | "lstrip" | "rstrip"
                    if args.positional.is_empty() && self.is_stringish(recv, depth + 1) =>
                {
                    let mut r = self.text_rec(recv, depth + 1);
                    strip_segments(&mut r.segs, name != "rstrip", name != "lstrip");
                    return r;
                }
                "dedent" | "cleandoc" => {
                    if let Some(a) = args.get("#0") {
                        let mut r = self.text_rec(a, depth + 1);
                        r.segs = dedent_segments(r.segs);
                        if name == "cleandoc" {
                            strip_segments(&mut r.segs, true, true);
                        }
                        r.param = None;
                        return r;
                    }
                }
                "get" if !args.positional.is_empty() => {
                    let key = args.positional[0];
                    if let Some(k) = literal_str(key, &self.src) {
                        if let Some(rows) = self.table_rows(recv, depth + 1)
                            && let Some((_, v)) = rows.into_iter().find(|(r, _)| *r == k)
                        {
                            return Rec {
                                segs: v,
                                param: None,
                                complete: true,
                            };
                        }
                    } else if let Some(options) = self.table_choices(recv, key, depth + 1) {
                        self.note_choice(self.src.of(n).trim(), options);
                    }
                }
                "join" => {
                    if let Some(sep) = literal_str(recv, &self.src)
                        && let Some(list) = args.get("#0")
                        && let Some(items) = self.literal_list(list, depth + 1)
                    {
                        let mut segs = Vec::new();
                        for (i, it) in items.into_iter().enumerate() {
                            if i > 0 {
                                push_text(&mut segs, sep.clone(), None);
                            }
                            push_all(&mut segs, self.text_rec(it, depth + 1).segs);
                        }
                        return Rec {
                            segs,
                            param: None,
                            complete: true,
                        };
                    }
                }
                _ => {}
            }
        } else if name == "dedent" || name == "cleandoc" {
            if let Some(a) = args.get("#0") {
                let mut r = self.text_rec(a, depth + 1);
                r.segs = dedent_segments(r.segs);
                if name == "cleandoc" {
                    strip_segments(&mut r.segs, true, true);
                }
                r.param = None;
                return r;
            }
        } else if name == "str"
            && let Some(a) = args.get("#0")
        {
            return self.text_rec(a, depth + 1);
        }
        self.hole_rec(n)
    }

    /// A string literal's segments, with f-string interpolations of known text (constants,
    /// imported prompts) filled in; `None` for bytes.
    fn fstring_segments(&self, n: Node<'t>, depth: usize) -> Option<Vec<Segment>> {
        let mut segs = string_segments(n, &self.src)?;
        if !segs.iter().any(|s| matches!(s, Segment::Hole { .. })) || depth > MAX_DEPTH {
            return Some(segs);
        }
        let mut c = n.walk();
        let interps: Vec<Node<'t>> = n
            .named_children(&mut c)
            .filter(|x| x.kind() == "interpolation")
            .collect();
        let mut out = Vec::new();
        let mut it = interps.into_iter();
        for s in segs.drain(..) {
            match s {
                Segment::Hole { name, span } => {
                    let node = it.next();
                    let plain = node.filter(|i| {
                        named_children(*i).len() == 1 // no `!r` / `:>10` part
                    });
                    let e = plain.and_then(|i| i.child_by_field_id(super::fields::expression()));
                    match e {
                        Some(e) if self.is_stringish(e, depth + 1) => {
                            push_all(&mut out, self.text_rec(e, depth + 1).segs)
                        }
                        _ => match e.and_then(|e| self.literal_repr(e, depth + 1)) {
                            // a dict / list of constants (a JSON schema spelled as a dict)
                            Some(text) => push_all(&mut out, vec![Segment::Text { text, span }]),
                            None => out.push(Segment::Hole { name, span }),
                        },
                    }
                }
                t => push_all(&mut out, vec![t]),
            }
        }
        Some(out)
    }

    /// Python's `str()` of a container literal of constants (`{"name": "string"}` →
    /// `{'name': 'string'}`), through names bound to one; `None` for anything else or for a
    /// bare string or number (a container is what is asked for).
    fn literal_repr(&self, n: Node<'t>, depth: usize) -> Option<String> {
        let u = unwrap_expr(n);
        let u = match u.kind() {
            "identifier" => {
                let name = self.src.of(u);
                if self.may_mutate(name) {
                    return None;
                }
                match self.scope.lookup(name, u) {
                    Binding::Expr(e) => unwrap_expr(e),
                    _ => return None,
                }
            }
            _ => u,
        };
        if !matches!(u.kind(), "dictionary" | "list" | "tuple") || named_children(u).is_empty() {
            return None;
        }
        self.repr_of(u, depth)
    }

    /// Whether the file may change the container a name holds (`name.append(..)`,
    /// `name[k] = ..`, `name += ..`): then its literal is not its value.
    fn may_mutate(&self, name: &str) -> bool {
        const METHODS: [&str; 9] = [
            "append",
            "extend",
            "insert",
            "update",
            "add",
            "setdefault",
            "pop",
            "remove",
            "clear",
        ];
        let text = self.src.text;
        METHODS.iter().any(|m| {
            self.calls_named(m).iter().any(|c| {
                c.child_by_field_id(super::fields::function())
                    .and_then(|f| f.child_by_field_id(super::fields::object()))
                    .is_some_and(|o| self.src.of(o) == name)
            })
        }) || text.contains(&format!("{name}["))
            || text.contains(&format!("{name} +="))
    }

    fn repr_of(&self, n: Node<'t>, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH || !self.tick() {
            return None;
        }
        let n = unwrap_expr(n);
        let items = |open: &str, close: &str, parts: Vec<String>| {
            format!("{open}{}{close}", parts.join(", "))
        };
        Some(match n.kind() {
            "dictionary" => {
                let mut parts = Vec::new();
                for p in named_children(n) {
                    if p.kind() != "pair" {
                        return None;
                    }
                    let k = self.repr_of(p.child_by_field_id(super::fields::key())?, depth + 1)?;
                    let v =
                        self.repr_of(p.child_by_field_id(super::fields::value())?, depth + 1)?;
                    parts.push(format!("{k}: {v}"));
                }
                items("{", "}", parts)
            }
            "list" | "tuple" => {
                let parts = named_children(n)
                    .into_iter()
                    .map(|c| self.repr_of(c, depth + 1))
                    .collect::<Option<Vec<_>>>()?;
                if n.kind() == "list" {
                    items("[", "]", parts)
                } else if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    items("(", ")", parts)
                }
            }
            "string" | "concatenated_string" => py_str_repr(&literal_str(n, &self.src)?),
            "integer" | "float" => self.src.of(n).to_string(),
            "true" => "True".into(),
            "false" => "False".into(),
            "none" => "None".into(),
            _ => return None,
        })
    }

    /// Elements of a list / tuple literal, or a name bound to one.
    pub fn literal_list(&self, n: Node<'t>, depth: usize) -> Option<Vec<Node<'t>>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let n = unwrap_expr(n);
        match n.kind() {
            "list" | "tuple" => Some(named_children(n)),
            "identifier" => match self.scope.lookup(self.src.of(n), n) {
                Binding::Expr(e) => self.literal_list(e, depth + 1),
                _ => None,
            },
            _ => None,
        }
    }

    /// Does this expression evaluate to a string we can (at least partly) recover?
    pub fn is_stringish(&self, n: Node<'t>, depth: usize) -> bool {
        if depth > MAX_DEPTH || !self.tick() {
            return false;
        }
        let n = unwrap_expr(n);
        match n.kind() {
            "string" => string_segments(n, &self.src).is_some(),
            "concatenated_string" => true,
            "conditional_expression" => self.optional_text(n, depth + 1).is_some(),
            "binary_operator" => {
                let op = n
                    .child_by_field_id(super::fields::operator())
                    .map(|o| self.src.of(o));
                match op {
                    Some("+") => {
                        n.child_by_field_id(super::fields::left())
                            .is_some_and(|l| self.is_stringish(l, depth + 1))
                            || n.child_by_field_id(super::fields::right())
                                .is_some_and(|r| self.is_stringish(r, depth + 1))
                    }
                    Some("%") => n
                        .child_by_field_id(super::fields::left())
                        .is_some_and(|l| self.is_stringish(l, depth + 1)),
                    _ => false,
                }
            }
            "identifier" => match self.scope.lookup(self.src.of(n), n) {
                Binding::Expr(e) => self.is_stringish(e, depth + 1),
                Binding::Import => self.imported_text(n).is_some(),
                Binding::Unknown => self.loop_element(n, depth + 1).is_some(),
                _ => false,
            },
            "attribute" => {
                if let Some(obj) = n.child_by_field_id(super::fields::object())
                    && let Some(attr) = n.child_by_field_id(super::fields::attribute())
                    && obj.kind() == "identifier"
                    && let Some(v) = self.self_attr(obj, self.src.of(attr))
                {
                    return self.is_stringish(v, depth + 1);
                }
                self.imported_text(n).is_some()
            }
            "subscript" => {
                self.table_entry(n, depth + 1).is_some()
                    || n.child_by_field_id(super::fields::value())
                        .zip(n.child_by_field_id(super::fields::subscript()))
                        .is_some_and(|(t, k)| self.table_choices(t, k, depth + 1).is_some())
            }
            "call" => {
                let Some(func) = n.child_by_field_id(super::fields::function()) else {
                    return false;
                };
                if self.builder_call(n, depth + 1).is_some()
                    || self.file_read(n, depth + 1).is_some()
                {
                    return true;
                }
                let name = self.src.of(callee_name(func));
                match name {
                    "dedent" | "cleandoc" => true,
                    "format" | "strip" | "lstrip" | "rstrip" => func
                        .child_by_field_id(super::fields::object())
                        .is_some_and(|o| {
                            self.is_stringish(o, depth + 1)
                                || (name == "format"
                                    && matches!(self.resolve(o, depth + 1), Some(Val::Template(_))))
                        }),
                    "join" => func
                        .child_by_field_id(super::fields::object())
                        .is_some_and(|o| literal_str(o, &self.src).is_some()),
                    // `PROMPTS.get(kind)` on a table of prompts
                    "get" => func
                        .child_by_field_id(super::fields::object())
                        .is_some_and(|o| {
                            Args::of(n, &self.src).positional.first().is_some_and(|k| {
                                match literal_str(*k, &self.src) {
                                    Some(key) => self
                                        .table_rows(o, depth + 1)
                                        .is_some_and(|rows| rows.iter().any(|(r, _)| *r == key)),
                                    None => self.table_choices(o, *k, depth + 1).is_some(),
                                }
                            })
                        }),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// `"... {x} ... {}".format(a, x=b)`.
    fn str_format(&self, segs: Vec<Segment>, args: &Args<'t>, depth: usize) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut auto = 0usize;
        for s in segs {
            let (text, span) = match s {
                Segment::Text { text, span } => (text, span),
                h => {
                    out.push(h);
                    continue;
                }
            };
            let mut buf = String::new();
            for piece in scan_braces(&text) {
                let field = match piece {
                    BracePiece::Lit(t) => {
                        buf.push_str(&t);
                        continue;
                    }
                    BracePiece::Field {
                        inner,
                        closed: false,
                    } => {
                        buf.push('{');
                        buf.push_str(&inner);
                        continue;
                    }
                    BracePiece::Field {
                        inner,
                        closed: true,
                    } => inner,
                };
                let key = field.split([':', '!']).next().unwrap_or("").to_string();
                let (base, rest) = split_field(&key);
                let arg = if base.is_empty() {
                    auto += 1;
                    args.positional.get(auto - 1).copied()
                } else if let Ok(i) = base.parse::<usize>() {
                    args.positional.get(i).copied()
                } else {
                    args.kw(base)
                };
                push_text(&mut out, std::mem::take(&mut buf), span.filter(|_| false));
                match arg {
                    Some(a) if rest.is_empty() && self.is_stringish(a, depth + 1) => {
                        push_all(&mut out, self.text_rec(a, depth + 1).segs)
                    }
                    Some(a) => out.push(Segment::Hole {
                        name: format!("{}{}", self.src.of(a).trim(), rest),
                        span: Some(self.src.span(a)),
                    }),
                    None => out.push(Segment::Hole {
                        name: if base.is_empty() {
                            "_".into()
                        } else {
                            key.clone()
                        },
                        span: None,
                    }),
                }
            }
            push_text(&mut out, buf, None);
        }
        out
    }

    /// LangChain template `.format(var=...)`: substitute known keyword values.
    fn subst_template(&self, segs: Vec<Segment>, args: &Args<'t>, depth: usize) -> Vec<Segment> {
        let mut out = Vec::new();
        for s in segs {
            match s {
                Segment::Hole { name, span } => match args.kw(&name) {
                    Some(a) => push_all(&mut out, self.text_rec(a, depth + 1).segs),
                    None => out.push(Segment::Hole { name, span }),
                },
                t => push_all(&mut out, vec![t]),
            }
        }
        out
    }

    /// `"... %s ... %(k)s" % args`.
    fn percent_format(&self, segs: Vec<Segment>, rhs: Node<'t>) -> Vec<Segment> {
        let rhs_u = unwrap_expr(rhs);
        let items: Vec<Node<'t>> = if rhs_u.kind() == "tuple" {
            named_children(rhs_u)
        } else {
            vec![rhs_u]
        };
        let pairs = if rhs_u.kind() == "dictionary" {
            self.dict_pairs(rhs_u, 0)
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        let mut idx = 0usize;
        for s in segs {
            let text = match s {
                Segment::Text { text, .. } => text,
                h => {
                    out.push(h);
                    continue;
                }
            };
            let mut buf = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                if c != '%' {
                    buf.push(c);
                    continue;
                }
                if chars.peek() == Some(&'%') {
                    chars.next();
                    buf.push('%');
                    continue;
                }
                let mut key = None;
                if chars.peek() == Some(&'(') {
                    chars.next();
                    let k: String = chars.by_ref().take_while(|c| *c != ')').collect();
                    key = Some(k);
                }
                // flags, width, precision, conversion
                let mut conv = None;
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        conv = Some(d);
                        break;
                    }
                }
                if conv.is_none() {
                    buf.push('%');
                    continue;
                }
                push_text(&mut out, std::mem::take(&mut buf), None);
                let arg = match &key {
                    Some(k) => pairs.iter().find(|(kk, _)| kk == k).map(|x| x.1),
                    None => {
                        idx += 1;
                        items.get(idx - 1).copied()
                    }
                };
                match arg {
                    Some(a) if self.is_stringish(a, 1) => {
                        push_all(&mut out, self.text_rec(a, 1).segs)
                    }
                    Some(a) => out.push(Segment::Hole {
                        name: self.src.of(a).trim().to_string(),
                        span: Some(self.src.span(a)),
                    }),
                    None => out.push(Segment::Hole {
                        name: key.unwrap_or_else(|| "_".into()),
                        span: None,
                    }),
                }
            }
            push_text(&mut out, buf, None);
        }
        out
    }

    /// A message content: a string, or a list of parts (`{"type": "text", "text": ..}`,
    /// `{"text": ..}`, plain strings).
    pub fn content_rec(&self, n: Node<'t>, depth: usize) -> Rec {
        let u = unwrap_expr(n);
        if u.kind() == "list" {
            let mut segs = Vec::new();
            let mut complete = true;
            // what each plain text part's recovery says of parameters
            let mut texts: Vec<Option<String>> = Vec::new();
            for item in named_children(u) {
                let iu = unwrap_expr(item);
                if iu.kind() == "dictionary" {
                    let pairs = self.dict_pairs(iu, depth + 1);
                    if let Some((_, t)) = pairs.iter().find(|(k, _)| k == "text") {
                        if !segs.is_empty() {
                            push_text(&mut segs, "\n".into(), None);
                        }
                        push_all(&mut segs, self.text_rec(*t, depth + 1).segs);
                    } else if pairs.iter().any(|(k, _)| {
                        matches!(
                            k.as_str(),
                            "type" | "image_url" | "image" | "mime_type" | "inline_data"
                        )
                    }) {
                        // non-text part (image, document): not text of the prompt, but its
                        // run-time inputs are (`{"url": f"data:..;base64,{b64}"}` → `{b64}`)
                        for h in self.part_inputs(&pairs, depth + 1) {
                            if !segs.is_empty() {
                                push_text(&mut segs, "\n".into(), None);
                            }
                            segs.push(h);
                        }
                    } else {
                        complete = false;
                    }
                } else {
                    if !segs.is_empty() {
                        push_text(&mut segs, "\n".into(), None);
                    }
                    let r = self.text_rec(item, depth + 1);
                    texts.push(r.param);
                    push_all(&mut segs, r.segs);
                }
            }
            // the one text part is a parameter: it supplies the text whole (beside an image)
            let param = match texts.as_slice() {
                [Some(p)] => Some(p.clone()),
                _ => None,
            };
            return Rec {
                segs,
                param,
                complete,
            };
        }
        self.text_rec(n, depth)
    }

    /// The run-time values a non-text content part carries (an image's URL or data), as
    /// holes.
    fn part_inputs(&self, pairs: &[(String, Node<'t>)], depth: usize) -> Vec<Segment> {
        let Some((_, v)) = pairs
            .iter()
            .find(|(k, _)| matches!(k.as_str(), "image_url" | "image" | "source" | "data"))
        else {
            return Vec::new();
        };
        let u = unwrap_expr(*v);
        let v = if u.kind() == "dictionary" {
            match self
                .dict_pairs(u, depth + 1)
                .into_iter()
                .find(|(k, _)| matches!(k.as_str(), "url" | "data"))
            {
                Some((_, x)) => x,
                None => return Vec::new(),
            }
        } else {
            u
        };
        self.text_rec(v, depth + 1)
            .segs
            .into_iter()
            .filter(|s| matches!(s, Segment::Hole { .. }))
            .collect()
    }

    /// A message written as a dict, a `(role, text)` tuple or a message class
    /// (`HumanMessage(..)`).
    fn is_message(&self, e: Node<'t>) -> bool {
        let e = unwrap_expr(e);
        match e.kind() {
            "dictionary" => self
                .dict_pairs(e, 0)
                .iter()
                .any(|(k, _)| matches!(k.as_str(), "role" | "content" | "parts" | "message")),
            "tuple" => true,
            "call" => e
                .child_by_field_id(super::fields::function())
                .is_some_and(|f| msg_class_role(self.src.of(callee_name(f))).is_some()),
            _ => false,
        }
    }

    /// A prompt template rendered in place: `prompt.invoke({"query": q})`,
    /// `prompt.format_prompt(query=q)`, `prompt.partial(now=..).invoke(..)`: the template's
    /// messages, its fields filled where the input gives them constants.
    pub fn template_call(&self, call: Node<'t>, depth: usize) -> Option<llmlint_rules::Prompt> {
        let f = call.child_by_field_id(super::fields::function())?;
        if f.kind() != "attribute"
            || !matches!(
                self.src.of(callee_name(f)),
                "invoke" | "ainvoke" | "format_prompt" | "format_messages" | "format"
            )
        {
            return None;
        }
        let mut recv = f.child_by_field_id(super::fields::object())?;
        // `.partial(now=..)` pins fields, still the same template
        for _ in 0..4 {
            let u = unwrap_expr(recv);
            if u.kind() == "call"
                && let Some(rf) = u.child_by_field_id(super::fields::function())
                && rf.kind() == "attribute"
                && self.src.of(callee_name(rf)) == "partial"
                && let Some(r) = rf.child_by_field_id(super::fields::object())
            {
                recv = r;
            } else {
                break;
            }
        }
        let Some(Val::Template(t)) = self.resolve(recv, depth + 1) else {
            return None;
        };
        let input = super::syntax::Args::of(call, &self.src)
            .positional
            .first()
            .copied();
        Some(self.fill_literal_fields(&t, input))
    }

    /// A prompt argument that is a string, or a list (of messages, tuples, strings).
    pub fn prompt_rec(&self, n: Node<'t>, role: &str, depth: usize) -> MsgsRec {
        let role = (!role.is_empty()).then(|| role.to_string());
        if depth > MAX_DEPTH {
            return MsgsRec::default();
        }
        let u = unwrap_expr(n);
        let listy = match u.kind() {
            "list" | "list_comprehension" => true,
            "identifier" => match self.scope.lookup(self.src.of(u), u) {
                Binding::Expr(e) => {
                    let e = unwrap_expr(e);
                    matches!(e.kind(), "list" | "list_comprehension")
                        || e.kind() == "call" && self.template_call(e, depth).is_some()
                }
                _ => false,
            },
            "call" => {
                // chat_prompt.format_messages(...) / template.invoke(...)
                let f = u.child_by_field_id(super::fields::function());
                f.is_some_and(|f| {
                    matches!(
                        self.src.of(callee_name(f)),
                        "format_messages" | "to_messages"
                    ) || self.template_call(u, depth).is_some()
                })
            }
            _ => false,
        };
        if listy {
            let target = match u.kind() {
                "identifier" => match self.scope.lookup(self.src.of(u), u) {
                    Binding::Expr(e) => unwrap_expr(e),
                    _ => u,
                },
                _ => u,
            };
            match target.kind() {
                // `llm.batch([f"..." for x in xs])`: one prompt per element
                "list_comprehension" => {
                    if let Some(body) = target.child_by_field_id(super::fields::body()) {
                        let r = self.text_rec(body, depth + 1);
                        return MsgsRec {
                            messages: vec![Message {
                                role,
                                segments: r.segs,
                            }],
                            complete: r.complete,
                            params: Vec::new(),
                            list_param: None,
                        };
                    }
                }
                // `contents=["Describe this.", text]`: parts of one user turn
                "list"
                    if named_children(target).iter().all(|c| {
                        // a name counts as what it is bound to (`message = HumanMessage(..)`)
                        let c = unwrap_expr(*c);
                        match c.kind() {
                            // a content part (`{"mime_type": .., "data": ..}`), not a message
                            "dictionary" => !self.is_message(c),
                            "tuple" | "call" => false,
                            "identifier" => match self.scope.lookup(self.src.of(c), c) {
                                Binding::Expr(e) => !self.is_message(e),
                                _ => true,
                            },
                            _ => true,
                        }
                    }) =>
                {
                    let r = self.content_rec(target, depth + 1);
                    return MsgsRec {
                        messages: vec![Message {
                            role,
                            segments: r.segs,
                        }],
                        complete: r.complete,
                        params: r.param.into_iter().collect(),
                        list_param: None,
                    };
                }
                _ => {}
            }
            let mut r = self.messages_rec(u, false, depth + 1);
            // a plain text template rendered for a chat model is the user's turn
            for m in &mut r.messages {
                if m.role.is_none() {
                    m.role = role.clone();
                }
            }
            return r;
        }
        if u.kind() == "dictionary" {
            // a chain input dict without a template: values are the holes
            return MsgsRec {
                messages: vec![Message {
                    role,
                    segments: vec![Segment::Hole {
                        name: self.src.of(u).to_string(),
                        span: Some(self.src.span(u)),
                    }],
                }],
                complete: false,
                params: Vec::new(),
                list_param: None,
            };
        }
        // `llm.invoke(template.format(...))`, `llm.invoke(prompt)`
        let r = self.text_rec(u, depth + 1);
        MsgsRec {
            messages: vec![Message {
                role,
                segments: r.segs,
            }],
            complete: r.complete,
            params: r.param.into_iter().collect(),
            list_param: None,
        }
    }

    /// A messages list: list literal of dicts / message objects / tuples, a name bound to
    /// one (with straight-line `.append` / `.extend` / `+=`), or `a + b`.
    pub fn messages_rec(&self, n: Node<'t>, template: bool, depth: usize) -> MsgsRec {
        let mut out = MsgsRec {
            complete: true,
            ..MsgsRec::default()
        };
        if depth > MAX_DEPTH || !self.tick() {
            out.complete = false;
            return out;
        }
        let u = unwrap_expr(n);
        match u.kind() {
            "list" | "tuple" => {
                for item in named_children(u) {
                    self.message_item(item, template, depth + 1, &mut out);
                }
            }
            "binary_operator" => {
                if let (Some(l), Some(r)) = (
                    u.child_by_field_id(super::fields::left()),
                    u.child_by_field_id(super::fields::right()),
                ) {
                    for side in [l, r] {
                        let m = self.messages_rec(side, template, depth + 1);
                        out.complete &= m.complete;
                        out.params.extend(m.params);
                        out.messages.extend(m.messages);
                        if m.list_param.is_some() {
                            out.complete = false;
                        }
                    }
                }
            }
            "identifier" => {
                let name = self.src.of(u);
                match self.scope.lookup(name, u) {
                    Binding::Expr(e) => {
                        let m = self.messages_rec(e, template, depth + 1);
                        out = m;
                        self.list_mutations(u, e, template, depth, &mut out);
                    }
                    Binding::Param(_, _) => {
                        out.complete = false;
                        out.list_param = Some(name.to_string());
                    }
                    _ => out.complete = false,
                }
            }
            "call" => {
                // template.format_messages(...): the template's messages; `invoke(dict)`
                // fills its fields that the dict gives constants
                if let Some(t) = self.template_call(u, depth) {
                    out.messages = t.messages;
                    out.complete = t.complete;
                } else if let Some(f) = u.child_by_field_id(super::fields::function())
                    && f.kind() == "attribute"
                    && let Some(recv) = f.child_by_field_id(super::fields::object())
                    && let Some(Val::Template(t)) = self.resolve(recv, depth + 1)
                {
                    out.messages = t.messages;
                    out.complete = t.complete;
                } else {
                    out.complete = false;
                }
            }
            _ => out.complete = false,
        }
        out
    }

    /// `msgs.append({...})`, `msgs.extend([...])`, `msgs += [...]` between the binding
    /// `bound` and the use `use_site`, at the same block level of one function.
    fn list_mutations(
        &self,
        use_site: Node<'t>,
        bound: Node<'t>,
        template: bool,
        depth: usize,
        out: &mut MsgsRec,
    ) {
        let name = self.src.of(use_site);
        let Some(fi) = self.scope.enclosing_func(use_site) else {
            return;
        };
        let fnode = self.scope.funcs[fi].node;
        if !(fnode.start_byte() <= bound.start_byte() && bound.end_byte() <= fnode.end_byte()) {
            return;
        }
        let mut stack = vec![fnode];
        let mut found: Vec<Node<'t>> = Vec::new();
        while let Some(x) = stack.pop() {
            if x.end_byte() <= bound.end_byte() || x.start_byte() >= use_site.start_byte() {
                continue;
            }
            if x.kind() == "call" || x.kind() == "augmented_assignment" {
                found.push(x);
            }
            if stack.len() < 10_000 {
                stack.extend(named_children(x));
            }
        }
        found.sort_by_key(|x| x.start_byte());
        for x in found {
            if x.kind() == "augmented_assignment" {
                if x.child_by_field_id(super::fields::left())
                    .map(|l| self.src.of(l))
                    == Some(name)
                    && let Some(r) = x.child_by_field_id(super::fields::right())
                {
                    let m = self.messages_rec(r, template, depth + 1);
                    out.complete &= m.complete;
                    out.params.extend(m.params);
                    out.messages.extend(m.messages);
                }
                continue;
            }
            let Some(f) = x.child_by_field_id(super::fields::function()) else {
                continue;
            };
            if f.kind() != "attribute"
                || f.child_by_field_id(super::fields::object())
                    .map(|o| self.src.of(o))
                    != Some(name)
            {
                continue;
            }
            let method = self.src.of(callee_name(f));
            let args = Args::of(x, &self.src);
            let in_loop = self.in_loop_between(x, bound);
            match (method, args.get("#0")) {
                ("append", Some(a)) | ("insert", Some(a)) if !in_loop => {
                    let a = if method == "insert" {
                        args.get("#1").unwrap_or(a)
                    } else {
                        a
                    };
                    self.message_item(a, template, depth + 1, out)
                }
                ("extend", Some(a)) if !in_loop => {
                    let m = self.messages_rec(a, template, depth + 1);
                    out.complete &= m.complete;
                    out.params.extend(m.params);
                    out.messages.extend(m.messages);
                }
                ("append" | "extend" | "insert", _) => out.complete = false,
                _ => {}
            }
        }
    }

    fn in_loop_between(&self, x: Node<'t>, bound: Node<'t>) -> bool {
        let mut cur = x.parent();
        while let Some(p) = cur {
            if p.start_byte() <= bound.start_byte() {
                return false;
            }
            if matches!(p.kind(), "for_statement" | "while_statement") {
                return true;
            }
            cur = p.parent();
        }
        false
    }

    /// One element of a messages list.
    fn message_item(&self, item: Node<'t>, template: bool, depth: usize, out: &mut MsgsRec) {
        let u = unwrap_expr(item);
        match u.kind() {
            "dictionary" => {
                let pairs = self.dict_pairs(u, depth + 1);
                let role = pairs
                    .iter()
                    .find(|(k, _)| k == "role")
                    .and_then(|(_, v)| self.const_str(*v, 0));
                let content = pairs
                    .iter()
                    .find(|(k, _)| k == "content" || k == "parts" || k == "text" || k == "message");
                match content {
                    Some((_, c)) => {
                        let r = self.content_rec(*c, depth + 1);
                        self.push_message(role, r, template, out);
                    }
                    None => out.complete = false,
                }
            }
            "tuple" => {
                let parts = named_children(u);
                if parts.len() == 2 {
                    let role = self.const_str(parts[0], 0);
                    let r = self.content_rec(parts[1], depth + 1);
                    self.push_message(role.map(|r| norm_role(&r)), r, template, out);
                } else {
                    out.complete = false;
                }
            }
            "call" => {
                let Some(f) = u.child_by_field_id(super::fields::function()) else {
                    out.complete = false;
                    return;
                };
                let fname = self.src.of(callee_name(f)).to_string();
                let args = Args::of(u, &self.src);
                let (role, content) = if fname == "from_template" && f.kind() == "attribute" {
                    let cls = f
                        .child_by_field_id(super::fields::object())
                        .map(|o| self.src.of(callee_name(o)).to_string())
                        .unwrap_or_default();
                    (
                        msg_class_role(&cls),
                        args.get("#0").or_else(|| args.kw("template")),
                    )
                } else if fname == "MessagesPlaceholder" {
                    let name = args
                        .get("#0")
                        .or_else(|| args.kw("variable_name"))
                        .and_then(|a| self.const_str(a, 0))
                        .unwrap_or_else(|| "history".into());
                    out.messages.push(Message {
                        role: None,
                        segments: hole(&name, Some(self.src.span(u))),
                    });
                    return;
                } else if matches!(
                    fname.as_str(),
                    "from_user" | "from_system" | "from_assistant"
                ) && f.kind() == "attribute"
                {
                    // haystack `ChatMessage.from_user("...")`
                    (
                        Some(fname.trim_start_matches("from_").to_string()),
                        args.get("#0").or_else(|| args.kw("text")),
                    )
                } else if fname == "dict" {
                    let role = args.kw("role").and_then(|v| self.const_str(v, 0));
                    (role, args.kw("content"))
                } else {
                    let role = msg_class_role(&fname)
                        .or_else(|| args.kw("role").and_then(|v| self.const_str(v, 0)));
                    if role.is_none() {
                        out.complete = false;
                        return;
                    }
                    (role, args.kw("content").or_else(|| args.get("#0")))
                };
                match content {
                    Some(c) => {
                        let r = self.content_rec(c, depth + 1);
                        self.push_message(role, r, template, out);
                    }
                    None => out.complete = false,
                }
            }
            "string" | "concatenated_string" => {
                let r = self.text_rec(u, depth + 1);
                self.push_message(Some("user".into()), r, template, out);
            }
            "identifier" => match self.scope.lookup(self.src.of(u), u) {
                Binding::Expr(e) if depth < MAX_DEPTH => {
                    self.message_item(e, template, depth + 1, out)
                }
                _ => out.complete = false,
            },
            _ => out.complete = false,
        }
    }

    fn push_message(&self, role: Option<String>, r: Rec, template: bool, out: &mut MsgsRec) {
        out.complete &= r.complete;
        if let Some(p) = r.param {
            out.params.push(p);
        }
        let segments = if template {
            template_holes(r.segs)
        } else {
            r.segs
        };
        out.messages.push(Message { role, segments });
    }

    /// A string constant: literal, or a name / attribute bound to one, or
    /// `os.getenv("X", "default")`.
    pub fn const_str(&self, n: Node<'t>, depth: usize) -> Option<String> {
        self.const_str_node(n, depth).map(|v| v.value)
    }

    pub fn const_str_node(&self, n: Node<'t>, depth: usize) -> Option<Valued<String>> {
        if depth > 12 || !self.tick() {
            return None;
        }
        let u = unwrap_expr(n);
        match u.kind() {
            "string" | "concatenated_string" => literal_str(u, &self.src).map(|s| Valued {
                value: s,
                span: Some(self.src.span(u)),
            }),
            "identifier" => match self.scope.lookup(self.src.of(u), u) {
                Binding::Expr(e) => self.const_str_node(e, depth + 1),
                _ => None,
            },
            "attribute" => {
                let obj = u.child_by_field_id(super::fields::object())?;
                let attr = u.child_by_field_id(super::fields::attribute())?;
                if obj.kind() == "identifier" {
                    let v = self.self_attr(obj, self.src.of(attr))?;
                    // `self.model = model` in `__init__(self, model="x")`: the default
                    let vu = unwrap_expr(v);
                    if vu.kind() == "identifier"
                        && let Binding::Param(f, i) = self.scope.lookup(self.src.of(vu), vu)
                    {
                        let d = self.scope.funcs.get(f)?.params.get(i)?.default?;
                        return self.const_str_node(d, depth + 1);
                    }
                    return self.const_str_node(v, depth + 1);
                }
                None
            }
            "call" => {
                let f = u.child_by_field_id(super::fields::function())?;
                let name = self.src.of(callee_name(f));
                let fs = self.src.of(f);
                let args = Args::of(u, &self.src);
                if (name == "getenv" || (name == "get" && fs.contains("environ")))
                    && let Some(d) = args.get("#1").or_else(|| args.kw("default"))
                {
                    return self.const_str_node(d, depth + 1);
                }
                None
            }
            "boolean_operator" => {
                // os.environ.get("X") or "default"
                let op = u
                    .child_by_field_id(super::fields::operator())
                    .map(|o| self.src.of(o));
                if op == Some("or") {
                    return self
                        .const_str_node(u.child_by_field_id(super::fields::right())?, depth + 1);
                }
                None
            }
            _ => None,
        }
    }

    fn const_number(&self, n: Node<'t>, depth: usize) -> Option<(String, Node<'t>)> {
        if depth > 12 || !self.tick() {
            return None;
        }
        let u = unwrap_expr(n);
        match u.kind() {
            "integer" | "float" => Some((self.src.of(u).replace('_', ""), u)),
            "identifier" => match self.scope.lookup(self.src.of(u), u) {
                Binding::Expr(e) => self.const_number(e, depth + 1),
                Binding::Param(f, i) => {
                    let d = self.scope.funcs.get(f)?.params.get(i)?.default?;
                    self.const_number(d, depth + 1)
                }
                _ => None,
            },
            "attribute" => {
                let obj = u.child_by_field_id(super::fields::object())?;
                let attr = u.child_by_field_id(super::fields::attribute())?;
                if obj.kind() == "identifier" {
                    let v = self.self_attr(obj, self.src.of(attr))?;
                    return self.const_number(v, depth + 1);
                }
                None
            }
            _ => None,
        }
    }

    pub fn const_f64(&self, n: Node<'t>) -> Option<Valued<f64>> {
        let (s, node) = self.const_number(n, 0)?;
        let v: f64 = s.parse().ok()?;
        Some(Valued {
            value: v,
            span: Some(self.src.span(node)),
        })
    }

    pub fn const_u64(&self, n: Node<'t>) -> Option<Valued<u64>> {
        let (s, node) = self.const_number(n, 0)?;
        let v: u64 = s.parse().ok()?;
        Some(Valued {
            value: v,
            span: Some(self.src.span(node)),
        })
    }
}

fn split_field(key: &str) -> (&str, &str) {
    match key.find(['.', '[']) {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    }
}

fn norm_role(r: &str) -> String {
    match r {
        "human" | "user" => "user".into(),
        "ai" | "assistant" => "assistant".into(),
        other => other.to_string(),
    }
}

fn msg_class_role(cls: &str) -> Option<String> {
    let r = match cls {
        "SystemMessage" | "SystemMessagePromptTemplate" => "system",
        "HumanMessage" | "HumanMessagePromptTemplate" | "UserMessage" => "user",
        "AIMessage" | "AIMessagePromptTemplate" | "AssistantMessage" => "assistant",
        "ChatMessage" | "ChatMessagePromptTemplate" => return None,
        _ => return None,
    };
    Some(r.to_string())
}

/// A piece of brace-template text (`str.format`, LangChain templates).
enum BracePiece {
    /// Literal text, with `{{` / `}}` already turned into single braces.
    Lit(String),
    /// `{inner}`; `closed` is false when the text ended before the `}`.
    Field { inner: String, closed: bool },
}

/// Split template text into literal runs and `{fields}`.
fn scan_braces(text: &str) -> Vec<BracePiece> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' {
            if chars.peek() == Some(&'{') {
                chars.next();
                lit.push('{');
                continue;
            }
            let mut inner = String::new();
            let mut closed = false;
            for d in chars.by_ref() {
                if d == '}' {
                    closed = true;
                    break;
                }
                inner.push(d);
            }
            if !lit.is_empty() {
                out.push(BracePiece::Lit(std::mem::take(&mut lit)));
            }
            out.push(BracePiece::Field { inner, closed });
        } else if c == '}' && chars.peek() == Some(&'}') {
            chars.next();
            lit.push('}');
        } else {
            lit.push(c);
        }
    }
    if !lit.is_empty() {
        out.push(BracePiece::Lit(lit));
    }
    out
}

/// Turn `{var}` in template text into holes (`{{` / `}}` become braces).
pub fn template_holes(segs: Vec<Segment>) -> Vec<Segment> {
    let mut out = Vec::new();
    for s in segs {
        let text = match s {
            Segment::Text { text, .. } => text,
            h => {
                out.push(h);
                continue;
            }
        };
        let mut buf = String::new();
        for piece in scan_braces(&text) {
            match piece {
                BracePiece::Lit(t) => buf.push_str(&t),
                BracePiece::Field { inner, closed } => {
                    let valid = closed
                        && !inner.is_empty()
                        && inner
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
                    if valid {
                        push_text(&mut out, std::mem::take(&mut buf), None);
                        out.push(Segment::Hole {
                            name: inner,
                            span: None,
                        });
                    } else {
                        buf.push('{');
                        buf.push_str(&inner);
                        if closed {
                            buf.push('}');
                        }
                    }
                }
            }
        }
        push_text(&mut out, buf, None);
    }
    out
}

/// `textwrap.dedent` over segments: holes count as non-blank text.
fn dedent_segments(segs: Vec<Segment>) -> Vec<Segment> {
    if segs.iter().all(|s| matches!(s, Segment::Text { .. })) {
        let text: String = segs
            .iter()
            .map(|s| match s {
                Segment::Text { text, .. } => text.as_str(),
                _ => "",
            })
            .collect();
        return vec![Segment::Text {
            text: dedent(&text),
            span: segs.first().and_then(|s| match s {
                Segment::Text { span, .. } => *span,
                _ => None,
            }),
        }];
    }
    // with holes: render holes as a placeholder, dedent, then split back
    const MARK: char = '\u{E000}';
    let mut joined = String::new();
    let mut holes = Vec::new();
    for s in &segs {
        match s {
            Segment::Text { text, .. } => joined.push_str(&text.replace(MARK, "")),
            h => {
                joined.push(MARK);
                holes.push(h.clone());
            }
        }
    }
    let d = dedent(&joined);
    let mut out = Vec::new();
    let mut hi = holes.into_iter();
    for (i, part) in d.split(MARK).enumerate() {
        if i > 0
            && let Some(h) = hi.next()
        {
            out.push(h);
        }
        push_text(&mut out, part.to_string(), None);
    }
    out
}

fn strip_segments(segs: &mut Vec<Segment>, left: bool, right: bool) {
    if left {
        while let Some(Segment::Text { text, .. }) = segs.first_mut() {
            let t = text.trim_start().to_string();
            if t.is_empty() {
                segs.remove(0);
            } else {
                *text = t;
                break;
            }
        }
    }
    if right {
        while let Some(Segment::Text { text, .. }) = segs.last_mut() {
            let t = text.trim_end().to_string();
            if t.is_empty() {
                segs.pop();
            } else {
                *text = t;
                break;
            }
        }
    }
}

/// Python's `repr` of a string: single quotes unless the text holds one and no double quote.
fn py_str_repr(t: &str) -> String {
    let q = if t.contains('\'') && !t.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(q);
    for c in t.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

#[cfg(test)]
mod repr_tests {
    use super::py_str_repr;

    #[test]
    fn strings_print_as_python_does() {
        assert_eq!(py_str_repr("string"), "'string'");
        assert_eq!(py_str_repr("it's"), "\"it's\"");
        assert_eq!(py_str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(py_str_repr("x\ny"), "'x\\ny'");
    }
}
