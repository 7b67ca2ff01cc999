//! Imports and name resolution: what a name means at a point of the file (an import, a
//! module constant, a function local, a parameter, a class attribute).

use std::collections::HashMap;

use tree_sitter::Node;

use super::syntax::{Src, dotted, named_children, unwrap_expr};

#[derive(Debug, Clone)]
pub struct Param<'t> {
    pub name: String,
    pub default: Option<Node<'t>>,
    pub annotation: Option<Node<'t>>,
    pub keyword_only: bool,
    /// `*args` / `**kwargs`.
    pub splat: bool,
}

#[derive(Debug, Clone)]
pub struct Func<'t> {
    /// The `function_definition` node.
    pub node: Node<'t>,
    /// The decorated definition when decorated, else the def itself.
    pub outer: Node<'t>,
    pub name: String,
    /// `Class.method` for methods, `outer.inner` for nested functions.
    pub qualname: String,
    pub class: Option<String>,
    pub params: Vec<Param<'t>>,
    pub decorators: Vec<Node<'t>>,
    /// Index of the enclosing function for nested defs.
    pub parent: Option<usize>,
    /// Local assignments: name -> (value node, statement start byte).
    pub locals: HashMap<String, Vec<(Node<'t>, usize)>>,
    /// `return` value expressions.
    pub returns: Vec<Node<'t>>,
}

impl<'t> Func<'t> {
    /// Parameters without `self` / `cls` for methods.
    pub fn user_params(&self) -> &[Param<'t>] {
        if self.class.is_some()
            && self
                .params
                .first()
                .is_some_and(|p| p.name == "self" || p.name == "cls")
        {
            &self.params[1..]
        } else {
            &self.params
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Class<'t> {
    pub attrs: HashMap<String, Vec<(Node<'t>, usize)>>,
    pub bases: Vec<String>,
}

/// What a name is bound to at a point.
#[derive(Debug, Clone, Copy)]
pub enum Binding<'t> {
    /// Bound by assignment to this value expression.
    Expr(Node<'t>),
    /// A parameter of function `func`.
    Param(usize, usize),
    Import,
    Unknown,
}

pub struct Scope<'t> {
    /// Dotted path of the package this file is in (`app.llm` for `app/llm/client.py`), for
    /// relative imports.
    pub package: String,
    /// local name -> absolute dotted import path (relative imports resolved against the
    /// file's package).
    pub imports: HashMap<String, String>,
    pub globals: HashMap<String, Vec<(Node<'t>, usize)>>,
    pub funcs: Vec<Func<'t>>,
    pub classes: HashMap<String, Class<'t>>,
    /// function_definition start byte -> index in funcs.
    pub func_at: HashMap<usize, usize>,
    /// Every function and class definition in pre-order (so sorted by start byte): the
    /// enclosing-definition queries below use it instead of walking `Node::parent`, which
    /// tree-sitter answers by descending from the root each time.
    defs: Vec<DefEntry>,
}

/// One function or class definition's byte range.
struct DefEntry {
    start: usize,
    end: usize,
    /// Index in `funcs` for a function, None for a class.
    func: Option<usize>,
    /// The class name, for a class.
    class: Option<String>,
}

impl<'t> Scope<'t> {
    /// Build the scope in one pre-order walk that also collects every `call` node (in
    /// source order) and checks the nesting depth; `None` when the tree is deeper than
    /// `max_depth`.
    pub fn build(
        root: Node<'t>,
        src: &Src<'t>,
        max_depth: usize,
        package: &str,
    ) -> Option<(Scope<'t>, Vec<Node<'t>>)> {
        let mut s = Scope {
            package: package.to_string(),
            imports: HashMap::new(),
            globals: HashMap::new(),
            funcs: Vec::new(),
            classes: HashMap::new(),
            func_at: HashMap::new(),
            defs: Vec::new(),
        };
        let mut calls = Vec::new();
        // Pre-order walk with a TreeCursor; no recursion.
        let mut cur = root.walk();
        let mut depth = 0usize;
        loop {
            let n = cur.node();
            if n.kind() == "call" {
                calls.push(n);
            }
            s.visit(n, src);
            if cur.goto_first_child() {
                depth += 1;
                if depth > max_depth {
                    return None;
                }
                continue;
            }
            loop {
                if cur.goto_next_sibling() {
                    break;
                }
                if !cur.goto_parent() {
                    return Some((s, calls));
                }
                depth -= 1;
            }
        }
    }

    fn visit(&mut self, n: Node<'t>, src: &Src<'t>) {
        match n.kind() {
            "import_statement" => {
                for c in named_children(n) {
                    match c.kind() {
                        "dotted_name" => {
                            let full = src.of(c).to_string();
                            let first = full.split('.').next().unwrap_or("").to_string();
                            self.imports.insert(first.clone(), first);
                        }
                        "aliased_import" => {
                            if let (Some(name), Some(alias)) = (
                                c.child_by_field_id(super::fields::name()),
                                c.child_by_field_id(super::fields::alias()),
                            ) {
                                self.imports
                                    .insert(src.of(alias).to_string(), src.of(name).to_string());
                            }
                        }
                        _ => {}
                    }
                }
            }
            "import_from_statement" => {
                let module = n
                    .child_by_field_id(super::fields::module_name())
                    .map(|m| absolute_module(src.of(m), &self.package))
                    .unwrap_or_default();
                let join = |x: &str| {
                    if module.is_empty() {
                        x.to_string()
                    } else {
                        format!("{module}.{x}")
                    }
                };
                let mut c = n.walk();
                let name_field = std::num::NonZeroU16::new(super::fields::name());
                for child in name_field
                    .into_iter()
                    .flat_map(|f| n.children_by_field_id(f, &mut c).collect::<Vec<_>>())
                {
                    match child.kind() {
                        "dotted_name" => {
                            let x = src.of(child);
                            self.imports.insert(x.to_string(), join(x));
                        }
                        "aliased_import" => {
                            if let (Some(name), Some(alias)) = (
                                child.child_by_field_id(super::fields::name()),
                                child.child_by_field_id(super::fields::alias()),
                            ) {
                                self.imports
                                    .insert(src.of(alias).to_string(), join(src.of(name)));
                            }
                        }
                        _ => {}
                    }
                }
            }
            "function_definition" => self.add_func(n, src),
            "class_definition" => {
                self.defs.push(DefEntry {
                    start: n.start_byte(),
                    end: n.end_byte(),
                    func: None,
                    class: n
                        .child_by_field_id(super::fields::name())
                        .map(|x| src.of(x).to_string()),
                });
                if let Some(name) = n.child_by_field_id(super::fields::name()) {
                    let bases = n
                        .child_by_field_id(super::fields::superclasses())
                        .map(|b| {
                            named_children(b)
                                .into_iter()
                                .map(|x| src.of(x).to_string())
                                .collect()
                        })
                        .unwrap_or_default();
                    self.classes
                        .entry(src.of(name).to_string())
                        .or_default()
                        .bases = bases;
                }
            }
            "assignment" => self.add_assignment(n, src),
            "with_item" => {
                // `with X as name`
                if let Some(v) = n.child_by_field_id(super::fields::value())
                    && v.kind() == "as_pattern"
                {
                    let val = named_children(v).first().copied();
                    let target = v
                        .child_by_field_id(super::fields::alias())
                        .and_then(|a| named_children(a).first().copied().or(Some(a)));
                    if let (Some(val), Some(t)) = (val, target)
                        && t.kind() == "identifier"
                    {
                        let stmt = n.start_byte();
                        self.bind(n, src.of(t).to_string(), val, stmt);
                    }
                }
            }
            "named_expression" => {
                if let (Some(t), Some(v)) = (
                    n.child_by_field_id(super::fields::name()),
                    n.child_by_field_id(super::fields::value()),
                ) {
                    self.bind(n, src.of(t).to_string(), v, n.start_byte());
                }
            }
            "return_statement" => {
                if let Some(f) = self.enclosing_func(n)
                    && let Some(v) = named_children(n).first()
                {
                    self.funcs[f].returns.push(*v);
                }
            }
            _ => {}
        }
    }

    fn add_func(&mut self, n: Node<'t>, src: &Src<'t>) {
        let name = n
            .child_by_field_id(super::fields::name())
            .map(|x| src.of(x).to_string())
            .unwrap_or_default();
        let outer = match n.parent() {
            Some(p) if p.kind() == "decorated_definition" => p,
            _ => n,
        };
        let decorators = if outer.kind() == "decorated_definition" {
            named_children(outer)
                .into_iter()
                .filter(|c| c.kind() == "decorator")
                .collect()
        } else {
            Vec::new()
        };
        let parent = self.enclosing_func(n);
        let class = self.enclosing_class(n);
        self.defs.push(DefEntry {
            start: n.start_byte(),
            end: n.end_byte(),
            func: Some(self.funcs.len()),
            class: None,
        });
        let qualname = match (parent, &class) {
            (Some(p), _) => format!("{}.{}", self.funcs[p].qualname, name),
            (None, Some(c)) => format!("{c}.{name}"),
            (None, None) => name.clone(),
        };
        let mut params = Vec::new();
        let mut kw_only = false;
        if let Some(ps) = n.child_by_field_id(super::fields::parameters()) {
            for p in named_children(ps) {
                let mut param = Param {
                    name: String::new(),
                    default: None,
                    annotation: None,
                    keyword_only: kw_only,
                    splat: false,
                };
                match p.kind() {
                    "identifier" => param.name = src.of(p).to_string(),
                    "typed_parameter" => {
                        let first = named_children(p).first().copied();
                        match first {
                            Some(f) if f.kind() == "identifier" => {
                                param.name = src.of(f).to_string()
                            }
                            Some(f) => {
                                param.splat = true;
                                param.name = src.of(f).trim_start_matches('*').to_string();
                            }
                            None => {}
                        }
                        param.annotation = p.child_by_field_id(super::fields::r#type());
                    }
                    "default_parameter" | "typed_default_parameter" => {
                        param.name = p
                            .child_by_field_id(super::fields::name())
                            .map(|x| src.of(x).to_string())
                            .unwrap_or_default();
                        param.default = p.child_by_field_id(super::fields::value());
                        param.annotation = p.child_by_field_id(super::fields::r#type());
                    }
                    "list_splat_pattern" | "dictionary_splat_pattern" => {
                        param.splat = true;
                        param.name = src.of(p).trim_start_matches('*').to_string();
                        if p.kind() == "list_splat_pattern" {
                            kw_only = true;
                        }
                    }
                    "keyword_separator" => {
                        kw_only = true;
                        continue;
                    }
                    _ => continue,
                }
                params.push(param);
            }
        }
        self.func_at.insert(n.start_byte(), self.funcs.len());
        self.funcs.push(Func {
            node: n,
            outer,
            name,
            qualname,
            class,
            params,
            decorators,
            parent,
            locals: HashMap::new(),
            returns: Vec::new(),
        });
    }

    fn add_assignment(&mut self, n: Node<'t>, src: &Src<'t>) {
        let (Some(left), Some(right)) = (
            n.child_by_field_id(super::fields::left()),
            n.child_by_field_id(super::fields::right()),
        ) else {
            return;
        };
        // chained `a = b = value`: the right of the inner assignment
        let mut right = right;
        for _ in 0..8 {
            if right.kind() == "assignment" {
                match right.child_by_field_id(super::fields::right()) {
                    Some(r) => right = r,
                    None => return,
                }
            } else {
                break;
            }
        }
        // a binding is seen after its statement: `chain = chain.bind(..)` reads the old one
        let stmt = n.end_byte();
        match left.kind() {
            "identifier" => self.bind(n, src.of(left).to_string(), right, stmt),
            "attribute" => {
                let (Some(obj), Some(attr)) = (
                    left.child_by_field_id(super::fields::object()),
                    left.child_by_field_id(super::fields::attribute()),
                ) else {
                    return;
                };
                if obj.kind() == "identifier"
                    && matches!(src.of(obj), "self" | "cls")
                    && let Some(c) = self.enclosing_class(n)
                {
                    self.classes
                        .entry(c)
                        .or_default()
                        .attrs
                        .entry(src.of(attr).to_string())
                        .or_default()
                        .push((right, stmt));
                }
            }
            "pattern_list" | "tuple_pattern" => {
                // a, b = x, y
                let targets = named_children(left);
                let values = named_children(right);
                if right.kind() == "expression_list" && targets.len() == values.len() {
                    for (t, v) in targets.into_iter().zip(values) {
                        if t.kind() == "identifier" {
                            self.bind(n, src.of(t).to_string(), v, stmt);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn bind(&mut self, at: Node<'t>, name: String, value: Node<'t>, stmt: usize) {
        if let Some(f) = self.enclosing_func(at) {
            self.funcs[f]
                .locals
                .entry(name)
                .or_default()
                .push((value, stmt));
        } else if let Some(cname) = self.class_body_of(at) {
            self.classes
                .entry(cname)
                .or_default()
                .attrs
                .entry(name)
                .or_default()
                .push((value, stmt));
        } else {
            self.globals.entry(name).or_default().push((value, stmt));
        }
    }

    /// The definitions containing `n` (not `n` itself), innermost first.
    fn containing_defs(&self, n: Node<'t>) -> impl Iterator<Item = &DefEntry> {
        let (s, e) = (n.start_byte(), n.end_byte());
        let upto = self.defs.partition_point(|d| d.start <= s);
        self.defs[..upto]
            .iter()
            .rev()
            .filter(move |d| d.end >= e && !(d.start == s && d.end == e))
    }

    /// The innermost function whose body contains `n` (lambdas are transparent); None when
    /// a class body is closer.
    pub fn enclosing_func(&self, n: Node<'t>) -> Option<usize> {
        self.containing_defs(n).next().and_then(|d| d.func)
    }

    /// The class name when `n` is directly in a class body (not inside a method).
    fn class_body_of(&self, n: Node<'t>) -> Option<String> {
        self.containing_defs(n).next().and_then(|d| d.class.clone())
    }

    /// The class whose body contains `n`, through methods and nested functions.
    pub fn enclosing_class(&self, n: Node<'t>) -> Option<String> {
        self.containing_defs(n).find_map(|d| d.class.clone())
    }

    /// What `name` means at node `at`.
    pub fn lookup(&self, name: &str, at: Node<'t>) -> Binding<'t> {
        let pos = at.start_byte();
        let mut f = self.enclosing_func(at);
        while let Some(fi) = f {
            let func = &self.funcs[fi];
            if let Some(v) = func.locals.get(name)
                && let Some(b) = pick(v, pos)
            {
                return Binding::Expr(b);
            }
            if let Some(i) = func.params.iter().position(|p| p.name == name) {
                return Binding::Param(fi, i);
            }
            f = func.parent;
        }
        if let Some(v) = self.globals.get(name)
            && let Some(b) = pick(v, pos).or_else(|| v.last().map(|x| x.0))
        {
            // `try: from openai import OpenAI` / `except ImportError: OpenAI = None`: the
            // fallback does not hide the import
            let fallback = self.imports.contains_key(name)
                && v.iter().all(|(n, _)| n.kind() == "none" || in_except(*n));
            if !fallback {
                return Binding::Expr(b);
            }
        }
        if self.imports.contains_key(name) {
            return Binding::Import;
        }
        Binding::Unknown
    }

    /// Class attribute (`self.X` / `cls.X` / `Class.X`) assigned anywhere in the class.
    pub fn class_attr(&self, class: &str, attr: &str, at: Node<'t>) -> Option<Node<'t>> {
        let c = self.classes.get(class)?;
        let v = c.attrs.get(attr)?;
        let pos = at.start_byte();
        // prefer the last assignment before the use in the same function, else the first
        if let Some(f) = self.enclosing_func(at) {
            let fnode = self.funcs[f].node;
            if let Some((n, _)) = v.iter().rev().find(|(n, s)| {
                *s < pos && fnode.start_byte() <= n.start_byte() && n.end_byte() <= fnode.end_byte()
            }) {
                return Some(*n);
            }
        }
        // `self.model = None` in `__init__`, set for real a few lines later
        v.iter()
            .find(|(n, _)| n.kind() != "none")
            .or_else(|| v.first())
            .map(|x| x.0)
    }

    /// The function (or method of `class`) of that name; of two definitions the later one,
    /// as Python binds it.
    pub fn func_by_name(&self, name: &str, class: Option<&str>) -> Option<usize> {
        self.funcs
            .iter()
            .rposition(|f| f.name == name && f.class.as_deref() == class && f.parent.is_none())
    }

    /// A function named `name` defined directly inside function `parent`.
    pub fn nested_func_by_name(&self, name: &str, parent: usize) -> Option<usize> {
        self.funcs
            .iter()
            .rposition(|f| f.name == name && f.parent == Some(parent))
    }

    /// The dotted import path `n` (identifier or attribute chain) refers to.
    pub fn import_path(&self, n: Node<'t>, src: &Src<'t>) -> Option<String> {
        let d = dotted(unwrap_expr(n), src)?;
        let (head, rest) = match d.split_once('.') {
            Some((h, r)) => (h, Some(r)),
            None => (d.as_str(), None),
        };
        if !matches!(self.lookup(head, n), Binding::Import) {
            return None;
        }
        let base = self.imports.get(head)?;
        Some(match rest {
            Some(r) => format!("{base}.{r}"),
            None => base.clone(),
        })
    }
}

/// Whether `n` sits in an `except` clause.
fn in_except(n: Node) -> bool {
    let mut cur = n.parent();
    for _ in 0..8 {
        match cur {
            Some(p) if p.kind() == "except_clause" => return true,
            Some(p)
                if matches!(
                    p.kind(),
                    "module" | "function_definition" | "class_definition"
                ) =>
            {
                return false;
            }
            Some(p) => cur = p.parent(),
            None => return false,
        }
    }
    false
}

/// `from .x import y` in package `app.llm` imports from `app.llm.x`; `..x` from `app.x`.
/// Dots that climb above the top package are dropped.
fn absolute_module(written: &str, package: &str) -> String {
    let dots = written.chars().take_while(|c| *c == '.').count();
    let rest = &written[dots..];
    if dots == 0 {
        return rest.to_string();
    }
    let mut base: Vec<&str> = package.split('.').filter(|s| !s.is_empty()).collect();
    for _ in 1..dots {
        base.pop();
    }
    if !rest.is_empty() {
        base.push(rest);
    }
    base.join(".")
}

fn pick<'t>(v: &[(Node<'t>, usize)], pos: usize) -> Option<Node<'t>> {
    v.iter()
        .rev()
        .find(|(_, s)| *s < pos)
        .or_else(|| v.first())
        .map(|x| x.0)
}

#[cfg(test)]
mod tests {
    use super::absolute_module;

    #[test]
    fn relative_imports_resolve_against_the_package() {
        assert_eq!(absolute_module(".prompts", "app.llm"), "app.llm.prompts");
        assert_eq!(absolute_module("..prompts", "app.llm"), "app.prompts");
        assert_eq!(absolute_module(".", "app.llm"), "app.llm");
        assert_eq!(absolute_module("...x", "app"), "x");
        assert_eq!(absolute_module("openai", "app.llm"), "openai");
        assert_eq!(absolute_module(".prompts", ""), "prompts");
    }
}
