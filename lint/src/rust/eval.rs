//! Abstract evaluation of expressions: what string, message, request, client or agent an
//! expression stands for, as far as the file shows it.

use std::cell::Cell;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::{Expr, Lit, Type};

use llmlint_rules::Span;
use llmlint_rules::catalog::rust::{RustCatalog, TypeKind};

use super::Source;
use super::scope::{BindKind, FileScope, FnEnv, MutKind, Resolved, first_generic, path_segs};
use crate::analysis::{FactValue, ProjectIndex};

/// A value the file lets us see.
#[derive(Debug, Clone)]
pub enum Val {
    Str(Vec<Seg>),
    Num(f64, Span),
    Bool(bool),
    /// Array, `vec![..]`, JSON array; `false` when items may be missing.
    List(Vec<Val>, bool),
    Obj(Obj),
    /// An SDK client, or what a zero-argument method of it returned (`via`).
    Client {
        sdk: String,
        via: Option<String>,
    },
    /// A rig agent (or agent builder) with what its builder set.
    Agent(Obj),
    /// Texts picked by a `match` on a run-time key (key of each arm, value); read as its
    /// first arm, reported as variants.
    Choice(Vec<(String, Val)>),
    /// A value of a crate outside the catalog whose name says LLM (`allms::Completions`,
    /// `misanthropic::Prompt`, `chatgpt::ChatGPT`): a client, a conversation or a request,
    /// with what its constructor and setters were given; `sdk` is the crate name.
    LlmObj(Obj),
    /// A value of a type known not to be an LLM client (a local struct, another crate).
    Foreign,
    /// A path such as `MessageRole::user` (an enum variant): its last segment.
    Variant(String),
    Unknown(Hole),
}

/// A run-time value in the prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct Hole {
    pub name: String,
    pub span: Option<Span>,
    /// Index of the enclosing function's parameter this value is, when it is one.
    pub param: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Text(String, Option<Span>),
    Hole(Hole),
}

/// A request, message, options value, JSON object or struct literal: keys → values.
#[derive(Debug, Clone, Default)]
pub struct Obj {
    pub sdk: Option<String>,
    pub kind: Option<TypeKind>,
    pub fields: Vec<(String, Val)>,
    /// For rig extractors: the target type.
    pub extract: Option<String>,
}

impl Obj {
    pub fn get(&self, key: &str) -> Option<&Val> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
    pub fn set(&mut self, key: &str, v: Val) {
        if let Some(k) = key.strip_suffix('+') {
            match self.fields.iter_mut().rev().find(|(x, _)| x == k) {
                Some((_, Val::List(items, _))) => items.push(v),
                _ => self.fields.push((k.to_string(), Val::List(vec![v], true))),
            }
        } else {
            self.fields.push((key.to_string(), v));
        }
    }
}

impl Val {
    pub fn unknown(name: String, span: Option<Span>) -> Val {
        Val::Unknown(Hole {
            name,
            span,
            param: None,
        })
    }

    /// The value as prompt text.
    pub fn segs(&self) -> Vec<Seg> {
        match self {
            Val::Str(s) => s.clone(),
            Val::Num(n, sp) => vec![Seg::Text(fmt_num(*n), Some(*sp))],
            Val::Bool(b) => vec![Seg::Text(b.to_string(), None)],
            Val::Unknown(h) => vec![Seg::Hole(h.clone())],
            Val::Variant(v) => vec![Seg::Text(v.clone(), None)],
            Val::List(items, _) => {
                // content parts: [{"type": "text", "text": ..}]
                let mut out = Vec::new();
                for it in items {
                    match it {
                        Val::Obj(o) => {
                            if let Some(t) = o.get("text") {
                                out.extend(t.segs());
                            }
                        }
                        other => out.extend(other.segs()),
                    }
                }
                out
            }
            Val::Obj(o) => o.get("text").map(Val::segs).unwrap_or_default(),
            Val::Choice(arms) => arms.first().map(|(_, v)| v.segs()).unwrap_or_default(),
            // `SystemPrompt::new("..")`: the text it was built with
            Val::LlmObj(o) => o
                .get("prompt")
                .or_else(|| o.get("content"))
                .map(Val::segs)
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The value as a plain string, when it holds no hole.
    pub fn literal(&self) -> Option<String> {
        match self {
            Val::Str(s) => {
                let mut out = String::new();
                for seg in s {
                    match seg {
                        Seg::Text(t, _) => out.push_str(t),
                        Seg::Hole(_) => return None,
                    }
                }
                Some(out)
            }
            Val::Variant(v) => Some(v.clone()),
            _ => None,
        }
    }

    pub fn first_span(&self) -> Option<Span> {
        match self {
            Val::Str(s) => s.iter().find_map(|x| match x {
                Seg::Text(_, sp) => *sp,
                Seg::Hole(h) => h.span,
            }),
            Val::Num(_, sp) => Some(*sp),
            _ => None,
        }
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The evaluator: the file's names plus the function the expression is in.
pub struct Ev<'s, 'a> {
    pub src: &'s Source<'s>,
    pub scope: &'s FileScope<'a>,
    pub catalog: &'s RustCatalog,
    /// Index into `scope.fns` of the function being evaluated, if any.
    pub func: Option<usize>,
    /// Parameter values when a wrapper or helper function is evaluated for a call site.
    pub args: Option<&'s [Val]>,
    pub budget: &'s Cell<u32>,
    /// The project index: constants, prompt builders and prompt files of other files.
    pub index: &'s ProjectIndex,
}

const MAX_EVAL_DEPTH: usize = 48;
/// Arms of a `match` kept as prompt variants.
pub const MAX_VARIANTS: usize = 12;

impl<'s, 'a> Ev<'s, 'a> {
    pub fn new(
        src: &'s Source<'s>,
        scope: &'s FileScope<'a>,
        catalog: &'s RustCatalog,
        func: Option<usize>,
        budget: &'s Cell<u32>,
        index: &'s ProjectIndex,
    ) -> Self {
        Ev {
            src,
            scope,
            catalog,
            func,
            args: None,
            budget,
            index,
        }
    }

    fn with_func(&self, func: Option<usize>) -> Ev<'s, 'a> {
        Ev {
            src: self.src,
            scope: self.scope,
            catalog: self.catalog,
            func,
            args: None,
            budget: self.budget,
            index: self.index,
        }
    }

    /// The initialiser of the `let` a single-name path refers to.
    pub fn let_init(&self, e: &Expr) -> Option<&'a Expr> {
        let Expr::Path(p) = e else { return None };
        let id = p.path.get_ident()?.to_string();
        let b = self.env()?.lookup(&id, self.src.start_of(e))?;
        match b.kind {
            BindKind::Let { init, .. } => init,
            _ => None,
        }
    }

    fn env(&self) -> Option<&'s FnEnv<'a>> {
        self.func
            .and_then(|i| self.scope.fns.get(i))
            .map(|f| &f.env)
    }

    fn self_ty(&self) -> Option<&'s str> {
        self.func
            .and_then(|i| self.scope.fns.get(i))
            .and_then(|f| f.self_ty.as_deref())
    }

    fn hole(&self, e: &Expr) -> Val {
        Val::unknown(self.src.snippet(e), Some(self.src.node(e)))
    }

    pub fn eval(&self, e: &Expr) -> Val {
        self.eval_d(e, 0)
    }

    pub fn eval_d(&self, e: &Expr, depth: usize) -> Val {
        let left = self.budget.get();
        if depth > MAX_EVAL_DEPTH || left == 0 {
            return self.hole(e);
        }
        self.budget.set(left - 1);
        let d = depth + 1;
        match e {
            Expr::Lit(l) => self.lit(&l.lit),
            Expr::Paren(p) => self.eval_d(&p.expr, d),
            Expr::Group(g) => self.eval_d(&g.expr, d),
            Expr::Reference(r) => self.eval_d(&r.expr, d),
            Expr::Unary(u) => match (&u.op, self.eval_d(&u.expr, d)) {
                (syn::UnOp::Neg(_), Val::Num(n, sp)) => Val::Num(-n, sp),
                (syn::UnOp::Deref(_), v) => v,
                _ => self.hole(e),
            },
            Expr::Try(t) => self.eval_d(&t.expr, d),
            Expr::Await(a) => {
                let v = self.eval_d(&a.base, d);
                // an LLM crate's object that holds a prompt, awaited on a method that is not a
                // builder step: the request went out, and this is its answer
                match (&*a.base, &v) {
                    (Expr::MethodCall(m), Val::LlmObj(o))
                        if !builder_step(&m.method.to_string())
                            && ["prompt", "messages", "content", "system"]
                                .iter()
                                .any(|k| o.get(k).is_some()) =>
                    {
                        self.hole(e)
                    }
                    _ => v,
                }
            }
            Expr::Cast(c) => self.eval_d(&c.expr, d),
            Expr::Path(p) => self.path(e, p, d),
            Expr::Field(f) => self.field(e, f, d),
            Expr::Macro(m) => self.mac(e, &m.mac, d),
            Expr::Array(a) => Val::List(a.elems.iter().map(|x| self.eval_d(x, d)).collect(), true),
            Expr::Block(b) if b.block.stmts.len() == 1 => match &b.block.stmts[0] {
                syn::Stmt::Expr(x, None) => self.eval_d(x, d),
                _ => self.hole(e),
            },
            Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_)) => {
                let l = self.eval_d(&b.left, d);
                let r = self.eval_d(&b.right, d);
                match (&l, &r) {
                    (Val::Num(x, sp), Val::Num(y, _)) => Val::Num(x + y, *sp),
                    _ => {
                        let mut s = l.segs();
                        s.extend(r.segs());
                        Val::Str(s)
                    }
                }
            }
            Expr::Struct(s) => self.struct_lit(s, d),
            Expr::Match(m) => {
                // a `match` on a value the file fixes: the arm it picks
                let key = match self.eval_d(&m.expr, d) {
                    Val::Variant(v) => v,
                    // `match Backend::from_env() { Ok(b) => b, Err(e) => return .. }`
                    v @ (Val::Client { .. } | Val::Agent(_) | Val::LlmObj(_))
                        if m.arms.iter().any(unwrap_arm) =>
                    {
                        return v;
                    }
                    v => match v.literal() {
                        Some(k) => k,
                        None => return self.choice(e, m, d),
                    },
                };
                m.arms
                    .iter()
                    .find(|a| super::facts::pat_key(&a.pat).as_deref() == Some(key.as_str()))
                    .or_else(|| m.arms.iter().find(|a| matches!(a.pat, syn::Pat::Wild(_))))
                    .map_or_else(|| self.hole(e), |a| self.eval_d(&a.body, d))
            }
            Expr::Call(c) => self.call(e, c, d),
            Expr::MethodCall(m) => self.method(e, m, d),
            // `if cond { prompt.to_string() } else { format!(..) }`: both texts, as variants
            Expr::If(i) => {
                let Some((_, els)) = &i.else_branch else {
                    return self.hole(e);
                };
                let then = match i.then_branch.stmts.as_slice() {
                    [syn::Stmt::Expr(x, None)] => x,
                    _ => return self.hole(e),
                };
                let els = match &**els {
                    Expr::Block(b) => match b.block.stmts.as_slice() {
                        [syn::Stmt::Expr(x, None)] => x,
                        _ => return self.hole(e),
                    },
                    _ => return self.hole(e),
                };
                // `if reasoning { json!({..}) } else { json!({..}) }`: two request bodies
                if built_by_literal(then) && built_by_literal(els) {
                    let a = self.eval_d(then, d);
                    let b = self.eval_d(els, d);
                    if matches!(a, Val::Obj(_)) && matches!(b, Val::Obj(_)) {
                        return Val::Choice(vec![("if".to_string(), a), ("else".to_string(), b)]);
                    }
                    return self.hole(e);
                }
                if !cheap_text(then) || !cheap_text(els) {
                    return self.hole(e);
                }
                let a = self.eval_d(then, d);
                let b = self.eval_d(els, d);
                let texty = |v: &Val| {
                    matches!(v, Val::Str(_)) || matches!(v, Val::Unknown(h) if h.param.is_some())
                };
                if !texty(&a) || !texty(&b) {
                    return self.hole(e);
                }
                Val::Choice(vec![("if".to_string(), a), ("else".to_string(), b)])
            }
            _ => self.hole(e),
        }
    }

    /// A `match` on a run-time key whose arms are prompt texts: every arm, as variants.
    fn choice(&self, e: &Expr, m: &syn::ExprMatch, d: usize) -> Val {
        // only arms that read as text are evaluated: a `match` of logic is not a prompt table
        if m.arms.len() < 2 || !m.arms.iter().all(|a| text_like(&a.body, 0)) {
            return self.hole(e);
        }
        let mut arms = Vec::new();
        for a in m.arms.iter().take(MAX_VARIANTS) {
            let key = super::facts::pat_key(&a.pat).unwrap_or_else(|| "_".to_string());
            match self.eval_d(&a.body, d) {
                v @ Val::Str(_) => {
                    let text = v
                        .segs()
                        .iter()
                        .any(|s| matches!(s, Seg::Text(t, _) if t.trim().len() >= 8));
                    if !text {
                        return self.hole(e);
                    }
                    arms.push((key, v));
                }
                _ => return self.hole(e),
            }
        }
        if arms.len() < 2 {
            return self.hole(e);
        }
        Val::Choice(arms)
    }

    /// The project path a path written in this file names (`use` expanded, `Self` made
    /// the impl's type); `None` for names of other crates that are not the project's.
    pub fn project_path(&self, segs: &[String]) -> Option<Vec<String>> {
        let first = segs.first()?;
        let mut out: Vec<String> = match self.scope.uses.get(first) {
            Some(full) => {
                let mut v = full.clone();
                v.extend(segs[1..].iter().cloned());
                v
            }
            None if first == "Self" => {
                let mut v = vec![self.self_ty()?.to_string()];
                v.extend(segs[1..].iter().cloned());
                v
            }
            None if segs.len() == 1 => {
                // a bare name: only through a glob import of this crate
                let globbed = self.scope.globs.iter().any(|g| {
                    matches!(
                        g.first().map(String::as_str),
                        Some("crate" | "self" | "super")
                    )
                });
                if !globbed {
                    return None;
                }
                segs.to_vec()
            }
            None => segs.to_vec(),
        };
        let root = out.first()?.clone();
        if !matches!(root.as_str(), "crate" | "self" | "super")
            && !self.scope.local_items.contains(&root)
        {
            // another crate: an SDK's names are never the project's
            if self.catalog.sdk_of_crate(&root).is_some()
                || matches!(root.as_str(), "std" | "core" | "alloc")
            {
                return None;
            }
            // a workspace crate: its module path without the crate name
            if out.len() > 1 && root.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                out.remove(0);
            }
        }
        Some(out)
    }

    /// A constant or static of another file of the project.
    fn project_const(&self, segs: &[String]) -> Option<Val> {
        if self.index.facts.is_empty() {
            return None;
        }
        let path = self.project_path(segs)?;
        let refs: Vec<&str> = path.iter().map(String::as_str).collect();
        let f = self.index.rust_fact(&refs, self.src.path)?;
        match &f.value {
            FactValue::Text { segments, .. } => Some(Val::Str(from_segments(segments, &[]))),
            FactValue::Client(c) => Some(Val::Client {
                sdk: c.sdk.clone(),
                via: None,
            }),
            _ => None,
        }
    }

    /// A prompt-building function of another file, evaluated with these arguments.
    fn project_fn(&self, segs: &[String], args: &[Val]) -> Option<Val> {
        if self.index.facts.is_empty() {
            return None;
        }
        let path = self.project_path(segs)?;
        let refs: Vec<&str> = path.iter().map(String::as_str).collect();
        let f = self.index.rust_fact(&refs, self.src.path)?;
        match &f.value {
            FactValue::TextFn {
                params, segments, ..
            } => {
                let bound: Vec<(&str, &Val)> =
                    params.iter().map(String::as_str).zip(args.iter()).collect();
                Some(Val::Str(from_segments(segments, &bound)))
            }
            FactValue::Table(rows) => {
                // a `match` on its argument: the row the literal argument picks, or every
                // row when the key is known only at run time
                let key = match args.first() {
                    Some(Val::Variant(v)) => Some(v.clone()),
                    Some(v) => v.literal(),
                    None => None,
                };
                match key {
                    Some(key) => {
                        let (_, segs) = rows.iter().find(|(k, _)| *k == key)?;
                        Some(Val::Str(from_segments(segs, &[])))
                    }
                    None => Some(Val::Choice(
                        rows.iter()
                            .take(MAX_VARIANTS)
                            .map(|(k, segs)| (k.clone(), Val::Str(from_segments(segs, &[]))))
                            .collect(),
                    )),
                }
            }
            FactValue::Text { segments, .. } => Some(Val::Str(from_segments(segments, &[]))),
            _ => None,
        }
    }

    /// `include_str!("prompts/x.txt")`: the file, when the project index read it.
    pub fn included(&self, mac: &syn::Macro) -> Option<String> {
        let lit: syn::LitStr = syn::parse2(mac.tokens.clone()).ok()?;
        let cands = include_candidates(self.src.path, &lit.value());
        self.index.file(&cands).map(|(_, t)| t.to_string())
    }

    fn lit(&self, l: &Lit) -> Val {
        let sp = self.src.span_of(l.span());
        match l {
            Lit::Str(s) => Val::Str(vec![Seg::Text(s.value(), Some(sp))]),
            Lit::Int(i) => i
                .base10_parse::<f64>()
                .map_or(Val::unknown(i.to_string(), Some(sp)), |n| Val::Num(n, sp)),
            Lit::Float(f) => f
                .base10_parse::<f64>()
                .map_or(Val::unknown(f.to_string(), Some(sp)), |n| Val::Num(n, sp)),
            Lit::Bool(b) => Val::Bool(b.value),
            Lit::Char(c) => Val::Str(vec![Seg::Text(c.value().to_string(), Some(sp))]),
            _ => Val::unknown("literal".into(), Some(sp)),
        }
    }

    /// A variable, constant, enum variant or unit type.
    fn path(&self, e: &Expr, p: &syn::ExprPath, d: usize) -> Val {
        let segs = path_segs(&p.path);
        if segs.len() == 1 {
            let name = &segs[0];
            let at = self.src.start_of(e);
            if let Some(env) = self.env() {
                if let Some(b) = env.lookup(name, at) {
                    return self.binding(e, name, b.kind, b.from, b.mutable, at, d);
                }
                if let Some(c) = env.consts.get(name.as_str()) {
                    return self.eval_d(c, d);
                }
            }
            if let Some(c) = self.scope.consts.get(name.as_str()) {
                return self.file_const(name, c, d);
            }
            if let Some(v) = self.project_const(&segs) {
                return v;
            }
            return self.hole(e);
        }
        // `Self::PROMPT`, `prompts::SYSTEM`, `anthropic::CLAUDE_3_HAIKU`
        let last = &segs[segs.len() - 1];
        if let Some(c) = self.scope.consts.get(last.as_str()) {
            return self.file_const(last, c, d);
        }
        if let Some(v) = self.project_const(&segs) {
            return v;
        }
        if last.chars().next().is_some_and(|c| c.is_uppercase()) && segs.len() >= 2 {
            let prev = &segs[segs.len() - 2];
            if prev.chars().next().is_some_and(|c| c.is_uppercase()) {
                return Val::Variant(last.clone());
            }
        }
        if segs.len() >= 2
            && segs[segs.len() - 2]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            return Val::Variant(last.clone());
        }
        self.hole(e)
    }

    /// A file-level const or static: its initialiser, or, when that says nothing about an
    /// LLM client (`static C: OnceCell<Client> = OnceCell::new();`, a helper of another
    /// module), what its declared type is.
    fn file_const(&self, name: &str, init: &Expr, d: usize) -> Val {
        let v = self.eval_d(init, d);
        if matches!(
            v,
            Val::Client { .. } | Val::Agent(_) | Val::LlmObj(_) | Val::Str(_)
        ) {
            return v;
        }
        match self
            .scope
            .const_tys
            .get(name)
            .and_then(|t| self.type_val(t, 0))
        {
            Some(t @ (Val::Client { .. } | Val::Agent(_) | Val::LlmObj(_))) => t,
            _ => v,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn binding(
        &self,
        e: &Expr,
        name: &str,
        kind: BindKind<'a>,
        from: usize,
        mutable: bool,
        at: usize,
        d: usize,
    ) -> Val {
        let sp = Some(self.src.node(e));
        let named = |param: Option<usize>| {
            Val::Unknown(Hole {
                name: name.to_string(),
                span: sp,
                param,
            })
        };
        let base = match kind {
            BindKind::Param { index, ty } => {
                if let Some(v) = self.args.and_then(|a| a.get(index)) {
                    return v.clone();
                }
                match self.type_val(ty, 0) {
                    Some(v) => v,
                    None => named(Some(index)),
                }
            }
            BindKind::Typed { ty } => self.type_val(ty, 0).unwrap_or_else(|| named(None)),
            BindKind::Opaque => named(None),
            BindKind::Variant { path, index } => self
                .variant_field_ty(path, index)
                .and_then(|t| self.type_val(t, 0))
                .unwrap_or_else(|| named(None)),
            BindKind::Let { init, ty } => {
                let v = init.map(|i| self.eval_d(i, d));
                match v {
                    Some(Val::Unknown(h)) => {
                        // keep a parameter's identity through `let p = prompt.to_string();`
                        match ty.and_then(|t| self.type_val(t, 0)) {
                            Some(tv) => tv,
                            None => Val::Unknown(Hole {
                                name: if h.param.is_some() {
                                    h.name
                                } else {
                                    name.to_string()
                                },
                                span: sp,
                                param: h.param,
                            }),
                        }
                    }
                    Some(v) => v,
                    None => ty
                        .and_then(|t| self.type_val(t, 0))
                        .unwrap_or_else(|| named(None)),
                }
            }
        };
        if !mutable {
            return base;
        }
        self.apply_mutations(base, name, from, at, d)
    }

    fn apply_mutations(&self, mut v: Val, name: &str, from: usize, at: usize, d: usize) -> Val {
        let Some(env) = self.env() else { return v };
        let started_empty = matches!(&v, Val::Str(s) if s.is_empty());
        let mut appended = false;
        for m in env
            .mutations
            .iter()
            .filter(|m| m.name == name && m.at >= from && m.end <= at)
        {
            if let MutKind::Append(x) = &m.kind
                && matches!(v, Val::Str(_))
            {
                appended = true;
                // text pushed in a loop (`for a in xs { s.push_str(..a..) }`): the whole
                // text is a run-time value named after the variable
                let pushed = self.eval_d(x, d);
                let loop_var = pushed.segs().iter().any(|sg| match sg {
                    Seg::Hole(h) => {
                        let root: String = h
                            .name
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        env.lookup(&root, m.at)
                            .is_some_and(|b| matches!(b.kind, BindKind::Opaque))
                    }
                    Seg::Text(..) => false,
                });
                if loop_var {
                    return Val::unknown(name.to_string(), None);
                }
            }
            v = match (&m.kind, v) {
                (MutKind::Assign(x), _) => self.eval_d(x, d),
                (MutKind::Append(x), Val::List(mut items, c)) => {
                    items.push(self.eval_d(x, d));
                    Val::List(items, c)
                }
                (MutKind::Append(x), Val::Str(mut s)) => {
                    s.extend(self.eval_d(x, d).segs());
                    Val::Str(s)
                }
                (MutKind::Other, Val::List(items, _)) => Val::List(items, false),
                // `text.truncate(n)`: still the caller's text
                (MutKind::Other, v @ Val::Unknown(_)) => v,
                // setters on a request builder held in a binding
                (MutKind::Chain(x), Val::Obj(o)) if o.kind.is_some() => match self.eval_d(x, d) {
                    v @ Val::Obj(_) => v,
                    _ => Val::Obj(o),
                },
                (MutKind::Chain(_), v) => v,
                // `req.messages = vec![..];` on a request made with `Default::default()`
                (MutKind::SetField(f, x), Val::Obj(mut o)) => {
                    o.set(f, self.eval_d(x, d));
                    Val::Obj(o)
                }
                (MutKind::SetField(f, x), Val::LlmObj(mut o)) => {
                    o.set(f, self.eval_d(x, d));
                    Val::LlmObj(o)
                }
                (MutKind::SetField(f, x), Val::Unknown(h)) if h.param.is_none() => {
                    let mut o = Obj::default();
                    o.set(f, self.eval_d(x, d));
                    Val::Obj(o)
                }
                (MutKind::Prepend(x), Val::List(mut items, c)) => {
                    items.insert(0, self.eval_d(x, d));
                    Val::List(items, c)
                }
                // a list built from run-time data (`history.iter().map(..).collect()`) that
                // then gets known messages
                (MutKind::Append(x), Val::Unknown(h)) => {
                    let item = self.eval_d(x, d);
                    match (item, h.param) {
                        (item @ Val::Obj(_), None) => Val::List(vec![item], false),
                        // the caller's messages, then this one
                        (item @ Val::Obj(_), Some(_)) => {
                            Val::List(vec![Val::Unknown(h), item], false)
                        }
                        _ => Val::Unknown(h),
                    }
                }
                (_, Val::Obj(o)) => Val::Obj(o),
                (_, other @ (Val::Client { .. } | Val::Agent(_) | Val::LlmObj(_))) => other,
                _ => Val::unknown(name.to_string(), None),
            };
        }
        // `let mut s = String::new();` filled in ways we do not follow (`read_line(&mut s)`)
        if started_empty && !appended {
            return Val::unknown(name.to_string(), None);
        }
        v
    }

    /// `self.llm`, `state.client`, `body.text`.
    fn field(&self, e: &Expr, f: &syn::ExprField, d: usize) -> Val {
        let syn::Member::Named(id) = &f.member else {
            return self.hole(e);
        };
        let fname = id.to_string();
        // the base's type, to find the field's declaration
        let base_ty: Option<String> = match &*f.base {
            Expr::Path(p) if p.path.is_ident("self") => self.self_ty().map(str::to_string),
            other => self.type_name_of(other, d),
        };
        if let Some(ty) = base_ty {
            // a constructor of this type initialises the field: use that value
            if let Some(inits) = self.scope.field_inits.get(&(ty.clone(), fname.clone()))
                && inits.len() == 1
            {
                let (fi, init) = inits[0];
                let ev = self.with_func(Some(fi));
                let v = ev.eval_d(init, d);
                if !matches!(v, Val::Unknown(_)) {
                    return v;
                }
            }
            if let Some(fields) = self.scope.structs.get(&ty)
                && let Some((_, fty)) = fields.iter().find(|(n, _)| *n == fname)
                && let Some(v) = self.type_val(fty, 0)
            {
                return v;
            }
        }
        // JSON objects and struct literals bound to a name
        if let Val::Obj(o) = self.eval_d(&f.base, d)
            && let Some(v) = o.get(&fname)
        {
            return v.clone();
        }
        self.hole(e)
    }

    /// The declared type of the `index`th field of the tuple variant `path` names
    /// (`LlmProvider::Gemini` → `gemini::Client`), for an enum of this file.
    fn variant_field_ty(&self, path: &syn::Path, index: usize) -> Option<&'a Type> {
        let segs = path_segs(path);
        let n = segs.len();
        if n < 2 {
            return None;
        }
        let en = if segs[n - 2] == "Self" {
            self.self_ty()?.to_string()
        } else {
            segs[n - 2].clone()
        };
        self.scope
            .variants
            .get(&(en, segs[n - 1].clone()))
            .and_then(|tys| tys.get(index).copied())
    }

    /// The name of an expression's type, when a binding or field declares it.
    pub fn type_name_of(&self, e: &Expr, d: usize) -> Option<String> {
        if d > MAX_EVAL_DEPTH {
            return None;
        }
        match e {
            Expr::Path(p) if p.path.segments.len() == 1 => {
                let name = p.path.segments[0].ident.to_string();
                let env = self.env()?;
                let b = env.lookup(&name, self.src.start_of(e))?;
                let ty = match b.kind {
                    BindKind::Param { ty, .. } | BindKind::Typed { ty } => ty,
                    BindKind::Variant { path, index } => self.variant_field_ty(path, index)?,
                    BindKind::Let { ty: Some(ty), .. } => ty,
                    BindKind::Let {
                        init: Some(init), ..
                    } => {
                        return self.type_name_of_init(init);
                    }
                    _ => return None,
                };
                self.unwrap_ty_name(ty)
            }
            Expr::Field(f) => {
                let syn::Member::Named(id) = &f.member else {
                    return None;
                };
                let base = match &*f.base {
                    Expr::Path(p) if p.path.is_ident("self") => self.self_ty()?.to_string(),
                    other => self.type_name_of(other, d + 1)?,
                };
                let fields = self.scope.structs.get(&base)?;
                let (_, ty) = fields.iter().find(|(n, _)| n == &id.to_string())?;
                self.unwrap_ty_name(ty)
            }
            Expr::Reference(r) => self.type_name_of(&r.expr, d + 1),
            Expr::Paren(p) => self.type_name_of(&p.expr, d + 1),
            _ => None,
        }
    }

    fn type_name_of_init(&self, init: &Expr) -> Option<String> {
        // `let x = Type::new(..)` / `Type { .. }`
        match init {
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) if p.path.segments.len() >= 2 => {
                    let n = p.path.segments.len();
                    let t = p.path.segments[n - 2].ident.to_string();
                    Some(if t == "Self" {
                        self.self_ty()?.to_string()
                    } else {
                        t
                    })
                }
                _ => None,
            },
            Expr::Struct(s) => s.path.segments.last().map(|x| x.ident.to_string()),
            Expr::Try(t) => self.type_name_of_init(&t.expr),
            Expr::Await(t) => self.type_name_of_init(&t.base),
            _ => None,
        }
    }

    fn unwrap_ty_name(&self, ty: &Type) -> Option<String> {
        let ty = self.unwrap_ty(ty, 0);
        super::scope::type_name(ty)
    }

    /// Strip references and smart pointers: `&Arc<Mutex<Client<C>>>` → `Client<C>`.
    fn unwrap_ty<'t>(&self, ty: &'t Type, depth: usize) -> &'t Type {
        if depth > 16 {
            return ty;
        }
        match ty {
            Type::Reference(r) => self.unwrap_ty(&r.elem, depth + 1),
            Type::Paren(p) => self.unwrap_ty(&p.elem, depth + 1),
            Type::Group(g) => self.unwrap_ty(&g.elem, depth + 1),
            Type::Path(p) => {
                let last = p.path.segments.last().map(|s| s.ident.to_string());
                match last.as_deref() {
                    Some(
                        "Arc" | "Rc" | "Box" | "Option" | "Mutex" | "RwLock" | "RefCell" | "Cell"
                        | "State" | "Data" | "Extension" | "Cow" | "OnceCell" | "OnceLock"
                        | "LazyLock" | "Lazy",
                    ) => first_generic(ty).map_or(ty, |t| self.unwrap_ty(t, depth + 1)),
                    _ => ty,
                }
            }
            _ => ty,
        }
    }

    /// What a value of this type is: an SDK client or agent, something foreign, or nothing
    /// known (`None`).
    pub fn type_val(&self, ty: &Type, depth: usize) -> Option<Val> {
        if depth > 8 {
            return None;
        }
        let ty = self.unwrap_ty(ty, 0);
        let Type::Path(p) = ty else {
            return match ty {
                // a slice or array keeps the parameter's identity (a list of messages)
                Type::ImplTrait(_) | Type::TraitObject(_) | Type::Slice(_) | Type::Array(_) => None,
                _ => Some(Val::Foreign),
            };
        };
        let segs = path_segs(&p.path);
        if segs.len() == 1 {
            if let Some(alias) = self.scope.aliases.get(&segs[0]) {
                return self.type_val(alias, depth + 1);
            }
            if matches!(
                segs[0].as_str(),
                "str"
                    | "String"
                    | "Vec"
                    | "HashMap"
                    | "BTreeMap"
                    | "Value"
                    | "u8"
                    | "u16"
                    | "u32"
                    | "u64"
                    | "usize"
                    | "i32"
                    | "i64"
                    | "f32"
                    | "f64"
                    | "bool"
            ) {
                return None;
            }
        }
        match self.scope.resolve(&segs, self.catalog) {
            Resolved::Local => Some(Val::Foreign),
            Resolved::Unknown => None,
            Resolved::External(full) => {
                let krate = full.first()?;
                let last = full.last()?;
                let Some(sdk) = self.catalog.sdk_of_crate(krate) else {
                    if super::scope::llm_crate_in(krate, self.catalog) {
                        return Some(Val::LlmObj(Obj {
                            sdk: Some(krate.clone()),
                            ..Obj::default()
                        }));
                    }
                    return Some(Val::Foreign);
                };
                if sdk.clients.contains(last) {
                    Some(Val::Client {
                        sdk: sdk.id.clone(),
                        via: None,
                    })
                } else if sdk.agents.contains(last) {
                    Some(Val::Agent(Obj {
                        sdk: Some(sdk.id.clone()),
                        ..Obj::default()
                    }))
                } else {
                    None
                }
            }
        }
    }

    /// Which SDK type a path names (`CreateChatCompletionRequestArgs`, `ChatMessage`, `Client`).
    fn sdk_type(&self, segs: &[String]) -> Option<(String, String)> {
        match self.scope.resolve(segs, self.catalog) {
            Resolved::External(full) => {
                let sdk = self.catalog.sdk_of_crate(full.first()?)?;
                Some((sdk.id.clone(), full.last()?.clone()))
            }
            _ => None,
        }
    }

    fn struct_lit(&self, s: &syn::ExprStruct, d: usize) -> Val {
        let segs = path_segs(&s.path);
        let mut obj = Obj::default();
        if let Some((sdk, name)) = self.sdk_type(&segs)
            && let Some(t) = self.catalog.type_of(&sdk, &name)
        {
            obj.sdk = Some(sdk);
            obj.kind = Some(t.kind);
            if let Some(r) = &t.role {
                obj.set("role", Val::Str(vec![Seg::Text(r.clone(), None)]));
            }
        }
        for f in &s.fields {
            if let syn::Member::Named(id) = &f.member {
                obj.set(&id.to_string(), self.eval_d(&f.expr, d));
            }
        }
        Val::Obj(obj)
    }

    /// `Type::ctor(..)`, `f(..)`, `Some(x)`, `String::from(x)`.
    fn call(&self, e: &Expr, c: &syn::ExprCall, d: usize) -> Val {
        let Expr::Path(p) = &*c.func else {
            return self.hole(e);
        };
        let segs = path_segs(&p.path);
        let n = segs.len();
        let last = segs[n - 1].as_str();
        let args: Vec<&Expr> = c.args.iter().collect();
        // pass-through wrappers of one value
        if args.len() == 1
            && (matches!(
                last,
                "Some" | "Ok" | "Box" | "Arc" | "Rc" | "Cow" | "Borrowed" | "Owned"
            ) || n >= 2
                && matches!(
                    (segs[n - 2].as_str(), last),
                    (
                        "String" | "Cow" | "Box" | "Arc" | "Rc" | "Value",
                        "from" | "new"
                    ) | (
                        "serde_json" | "json" | "simd_json" | "sonic_rs",
                        "to_string" | "to_vec" | "to_string_pretty" | "to_value" | "from_value"
                    )
                ))
        {
            return self.eval_d(args[0], d);
        }
        // `serde_json::from_str(BODY)` of a JSON text written in the source: its value
        if args.len() == 1
            && n >= 2
            && matches!(segs[n - 2].as_str(), "serde_json" | "json")
            && matches!(last, "from_str" | "from_slice")
            && let Val::Str(parts) = self.eval_d(args[0], d)
            && let [Seg::Text(text, _)] = parts.as_slice()
            && let Ok(v) = serde_json::from_str::<serde_json::Value>(text)
        {
            return json_value(&v, self.src.node(e), 0);
        }
        // `String::new()`, `String::with_capacity(n)`: an empty text that pushes fill
        if n == 2 && segs[0] == "String" && matches!(last, "new" | "with_capacity") {
            return Val::Str(Vec::new());
        }
        // `LazyLock::new(|| Client::new())`, `Lazy::new(..)`: the value the closure builds
        if n >= 2
            && matches!(
                segs[n - 2].as_str(),
                "LazyLock" | "Lazy" | "OnceLock" | "OnceCell" | "LazyCell"
            )
            && let Some(Expr::Closure(cl)) = args.first()
        {
            return self.eval_d(&cl.body, d);
        }
        // `LazyLock::new(Client::from_env)`: the value that function builds
        if n >= 2
            && matches!(
                segs[n - 2].as_str(),
                "LazyLock" | "Lazy" | "OnceLock" | "OnceCell" | "LazyCell"
            )
            && let Some(Expr::Path(fp)) = args.first()
            && fp.path.segments.len() >= 2
        {
            let built = syn::ExprCall {
                attrs: Vec::new(),
                func: Box::new(Expr::Path(fp.clone())),
                paren_token: Default::default(),
                args: Default::default(),
            };
            return self.call(e, &built, d);
        }
        // `gemini::chat("gemini-2.0-flash")`: a function of an LLM crate outside the catalog
        // that opens a session (a send with its prompt is the answer instead)
        if n >= 2
            && last.chars().next().is_some_and(char::is_lowercase)
            && segs[n - 2].chars().next().is_some_and(char::is_lowercase)
            && let Resolved::External(full) = self.scope.resolve(&segs, self.catalog)
            && self.catalog.sdk_of_crate(&full[0]).is_none()
            && super::scope::llm_crate_in(&full[0], self.catalog)
        {
            let vals: Vec<Val> = args.iter().map(|a| self.eval_d(a, d)).collect();
            // a function of the project's own crate that builds text: its text
            if let Some(v) = self.project_fn(&segs, &vals) {
                return v;
            }
            let mut obj = Obj {
                sdk: Some(full[0].clone()),
                ..Obj::default()
            };
            for v in vals {
                generic_arg(&mut obj, v);
            }
            if obj.get("prompt").is_some() || obj.get("messages").is_some() {
                return self.hole(e);
            }
            return Val::LlmObj(obj);
        }
        if n >= 2 {
            let ty_segs = &segs[..n - 1];
            let ty_last = ty_segs[ty_segs.len() - 1].as_str();
            let ty_name = if ty_last == "Self" {
                self.self_ty().unwrap_or("Self").to_string()
            } else {
                ty_last.to_string()
            };
            if let Some((sdk, name)) = self.sdk_type(ty_segs) {
                if let Some(t) = self.catalog.type_of(&sdk, &name) {
                    let mut obj = Obj {
                        sdk: Some(sdk.clone()),
                        kind: Some(t.kind),
                        ..Obj::default()
                    };
                    if let Some(r) = &t.role {
                        obj.set("role", Val::Str(vec![Seg::Text(r.clone(), None)]));
                    }
                    if let Some(keys) = t.ctor_args.get(last) {
                        let mut i = 0;
                        for k in keys {
                            if let Some((key, fixed)) = k.split_once(':') {
                                obj.set(key, Val::Str(vec![Seg::Text(fixed.to_string(), None)]));
                            } else {
                                if let Some(a) = args.get(i) {
                                    obj.set(k, self.eval_d(a, d));
                                }
                                i += 1;
                            }
                        }
                    } else if last == "from" && args.len() == 1 {
                        obj.set("content", self.eval_d(args[0], d));
                    }
                    return Val::Obj(obj);
                }
                if let Some(s) = self.catalog.sdk(&sdk)
                    && s.clients.contains(&name)
                {
                    return Val::Client { sdk, via: None };
                }
            }
            if let Resolved::External(full) = self.scope.resolve(ty_segs, self.catalog)
                && self.catalog.sdk_of_crate(&full[0]).is_none()
                && super::scope::llm_crate_in(&full[0], self.catalog)
            {
                // `ChatMessage::user()` then `.content("..")`: a message builder
                if matches!(last, "user" | "system" | "assistant") && args.is_empty() {
                    return Val::LlmObj(Obj {
                        sdk: Some(full[0].clone()),
                        fields: vec![(
                            "role".into(),
                            Val::Str(vec![Seg::Text(last.to_string(), None)]),
                        )],
                        ..Obj::default()
                    });
                }
                // `ChatMessage::user("..")`: a message with its role
                if matches!(last, "user" | "system" | "assistant") && args.len() == 1 {
                    return Val::Obj(Obj {
                        fields: vec![
                            (
                                "role".into(),
                                Val::Str(vec![Seg::Text(last.to_string(), None)]),
                            ),
                            ("content".into(), self.eval_d(args[0], d)),
                        ],
                        ..Obj::default()
                    });
                }
                // an LLM framework's parts that do not generate text: tools, embedders,
                // speech and image models, stores, loaders, splitters
                if non_generator(&ty_name) {
                    return Val::Foreign;
                }
                let mut obj = Obj {
                    sdk: Some(full[0].clone()),
                    ..Obj::default()
                };
                let message = ty_name.contains("Message");
                for a in &args {
                    // `Agent::new(client, tools.clone(), ..)`: it acts
                    if names_tools(a) {
                        obj.set("tools", Val::Foreign);
                        continue;
                    }
                    let v = self.eval_d(a, d);
                    // `Message::new_human_message("Say hi")`: any text is the message
                    if message
                        && obj.get("prompt").is_none()
                        && matches!(&v, Val::Str(_))
                        && !v.literal().as_deref().is_some_and(model_like)
                    {
                        obj.set("prompt", v);
                        continue;
                    }
                    generic_arg(&mut obj, v);
                }
                // a content part (`ContentBlock::text(".."), `Part::text(..)`): its text
                if ["Content", "Part", "Block"]
                    .iter()
                    .any(|k| ty_name.contains(k))
                    && !ty_name.contains("Message")
                    && args.len() == 1
                    && let Some(p) = obj.get("prompt").cloned()
                {
                    return p;
                }
                // a message type (`RegularChatRequestMessage::new(Role::User, "..")`): its
                // text is the message's content
                if ty_name.contains("Message")
                    && obj.get("content").is_none()
                    && let Some(p) = obj.get("prompt").cloned()
                {
                    obj.fields.retain(|(k, _)| k != "prompt" && k != "model");
                    obj.set("content", p);
                    if obj.get("role").is_none() {
                        obj.set("role", Val::Str(vec![Seg::Text("user".into(), None)]));
                    }
                }
                return Val::LlmObj(obj);
            }
            // a local enum's tuple variant or struct: `Content::Text(x)`
            if args.len() == 1 && last.chars().next().is_some_and(char::is_uppercase) {
                return self.eval_d(args[0], d);
            }
            // an associated fn of this file (`Self::build_prompt(x)`, `Prompts::system()`)
            if let Some(fi) = self.scope.fn_named(last, Some(&ty_name)) {
                return self.inline(e, fi, &args, d);
            }
            return self.foreign_fn(e, &segs, &args, d);
        }
        if args.len() == 1 && last.chars().next().is_some_and(char::is_uppercase) {
            return self.eval_d(args[0], d);
        }
        // a free fn of this file returning a message or prompt
        if let Some(fi) = self
            .scope
            .fns
            .iter()
            .position(|f| f.name == last && f.self_ty.is_none())
        {
            return self.inline(e, fi, &args, d);
        }
        self.foreign_fn(e, &segs, &args, d)
    }

    /// The external crate a builder chain starts from (`adamastor` for
    /// `Agent::new(key).with_x(..)`), when it is not the project's own.
    fn chain_crate(&self, e: &Expr) -> Option<String> {
        let (_, Expr::Call(c)) = method_chain(e)? else {
            return None;
        };
        let Expr::Path(p) = &*c.func else { return None };
        match self.scope.resolve(&path_segs(&p.path), self.catalog) {
            Resolved::External(full) if full.len() > 1 => full.first().cloned(),
            _ => None,
        }
    }

    /// `recv.name(args)` where the receiver's type is a type of the project with a method
    /// `name` that builds text: in this file, its tail evaluated with the arguments; in
    /// another file, its `TextFn` fact. `None` when that gives no text.
    fn project_method(
        &self,
        e: &Expr,
        m: &syn::ExprMethodCall,
        name: &str,
        args: &[&Expr],
        d: usize,
    ) -> Option<Val> {
        if is_passthrough(name) || is_str_passthrough(name) || generic_verb(name, None) {
            return None;
        }
        let ty = match &*m.receiver {
            Expr::Path(p) if p.path.is_ident("self") => self.self_ty()?.to_string(),
            other => self.type_name_of(other, d)?,
        };
        if let Some(fi) = self.scope.fn_named(name, Some(&ty)) {
            let f = &self.scope.fns[fi];
            if !f.has_self() || f.sig.asyncness.is_some() {
                return None;
            }
            return match self.inline(e, fi, args, d) {
                Val::Str(s) if instruction_text(&s) => Some(Val::Str(s)),
                _ => None,
            };
        }
        if self.index.facts.is_empty() {
            return None;
        }
        let vals: Vec<Val> = args.iter().map(|a| self.eval_d(a, d)).collect();
        match self.project_fn(&[ty, name.to_string()], &vals)? {
            Val::Str(s) if instruction_text(&s) => Some(Val::Str(s)),
            _ => None,
        }
    }

    /// A call of a prompt builder or prompt table of another file.
    fn foreign_fn(&self, e: &Expr, segs: &[String], args: &[&Expr], d: usize) -> Val {
        if self.index.facts.is_empty() {
            return self.hole(e);
        }
        let vals: Vec<Val> = args.iter().map(|a| self.eval_d(a, d)).collect();
        self.project_fn(segs, &vals).unwrap_or_else(|| self.hole(e))
    }

    /// Evaluate a local helper's tail expression with its parameters bound to the arguments.
    fn inline(&self, e: &Expr, fi: usize, args: &[&Expr], d: usize) -> Val {
        let Some(f) = self.scope.fns.get(fi) else {
            return self.hole(e);
        };
        if self.func == Some(fi) {
            return self.hole(e);
        }
        let Some(syn::Stmt::Expr(tail, None)) = f.block.stmts.last() else {
            return self.hole(e);
        };
        let vals: Vec<Val> = args.iter().map(|a| self.eval_d(a, d)).collect();
        let ev = Ev {
            src: self.src,
            scope: self.scope,
            catalog: self.catalog,
            func: Some(fi),
            args: Some(&vals),
            budget: self.budget,
            index: self.index,
        };
        match ev.eval_d(tail, d) {
            Val::Unknown(_) => self.hole(e),
            v => v,
        }
    }

    fn method(&self, e: &Expr, m: &syn::ExprMethodCall, d: usize) -> Val {
        let name = m.method.to_string();
        let args: Vec<&Expr> = m.args.iter().collect();
        // `[a, b].concat()`, `[a, b].join(sep)`
        if name == "concat" || name == "join" {
            if let Val::List(items, _) = self.eval_d(&m.receiver, d) {
                let sep = if name == "join" {
                    args.first()
                        .map(|a| self.eval_d(a, d).segs())
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                let mut out = Vec::new();
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        out.extend(sep.iter().cloned());
                    }
                    out.extend(it.segs());
                }
                return Val::Str(out);
            }
            return self.hole(e);
        }
        // a prompt-building method of a type of the project (`self.prompter.build(x)`,
        // `self.system_text()`): its text with these arguments
        if let Some(v) = self.project_method(e, m, &name, &args, d) {
            return v;
        }
        let recv = self.eval_d(&m.receiver, d);
        // `Agent::new(key).with_model("gemini-2.5-flash")` on a crate nothing else marks as
        // an LLM client: a known model family's name says what the object is
        if matches!(recv, Val::Foreign | Val::Unknown(Hole { param: None, .. }))
            && name.trim_start_matches("with_").trim_start_matches("set_") == "model"
            && let Some(a) = args.first()
            && let Some(model) = self.eval_d(a, d).literal()
            && known_model(&model)
            && let Some(krate) = self.chain_crate(&m.receiver)
        {
            let mut obj = Obj {
                sdk: Some(krate),
                ..Obj::default()
            };
            obj.set("model", Val::Str(vec![Seg::Text(model, None)]));
            return Val::LlmObj(obj);
        }
        match recv {
            Val::Obj(mut obj) if obj.kind.is_some() => {
                if is_passthrough(&name) || name == "build" {
                    return Val::Obj(obj);
                }
                let sdk = obj.sdk.clone().unwrap_or_default();
                let key = self
                    .catalog
                    .types
                    .iter()
                    .filter(|t| t.sdk == sdk && Some(t.kind) == obj.kind)
                    .find_map(|t| t.keys.get(&name).cloned());
                let key = key.or_else(|| match name.as_str() {
                    "content" | "model" | "messages" | "temperature" | "max_tokens" | "system"
                    | "prompt" | "stream" => Some(name.clone()),
                    _ => None,
                });
                if let (Some(key), Some(a)) = (key, args.first()) {
                    let v = self.eval_d(a, d);
                    if key == "options" {
                        if let Val::Obj(o) = v {
                            for (k, x) in o.fields {
                                obj.set(&k, x);
                            }
                        }
                    } else {
                        obj.set(&key, v);
                    }
                }
                Val::Obj(obj)
            }
            Val::Obj(obj) => {
                if is_passthrough(&name) {
                    Val::Obj(obj)
                } else {
                    self.hole(e)
                }
            }
            Val::Client { sdk, via } => {
                if let Some(ab) = self.catalog.agent_builder(&sdk, &name) {
                    let mut obj = Obj {
                        sdk: Some(sdk.clone()),
                        ..Obj::default()
                    };
                    if let Some(i) = ab.model_arg
                        && let Some(a) = args.get(i)
                    {
                        obj.set("model", self.eval_d(a, d));
                    }
                    if name == "extractor" {
                        obj.extract = m.turbofish.as_ref().map(|t| {
                            let s = self.src.snippet(t);
                            s.trim_start_matches("::")
                                .trim_matches(['<', '>'])
                                .to_string()
                        });
                    }
                    return Val::Agent(obj);
                }
                if is_passthrough(&name) {
                    return Val::Client { sdk, via };
                }
                let _ = via;
                Val::Client {
                    sdk,
                    via: Some(name),
                }
            }
            Val::LlmObj(mut obj) => {
                // a verb with arguments sends; without, it opens a session (`model.chat()`)
                if generic_verb(&name, obj.sdk.as_deref()) && !args.is_empty() {
                    return self.hole(e);
                }
                let key = match name.trim_start_matches("with_").trim_start_matches("set_") {
                    // `with_tools(..)`, `with_shared_tools(..)`, `add_tool(..)`: it acts
                    n if n.contains("tool") => Some("tools"),
                    // `.embedder(OpenAiEmbedder::default())`: a semantic router or a
                    // retriever compares embeddings; it does not generate
                    n if n.contains("embed") => Some("embedder"),
                    "model" => Some("model"),
                    "system" | "system_prompt" | "preamble" | "instructions" => Some("system"),
                    "temperature" => Some("temperature"),
                    "max_tokens" => Some("max_tokens"),
                    "content" | "text" => Some("content"),
                    "prompt" => Some("prompt"),
                    "messages" => Some("messages"),
                    "add_message" | "message" | "user" | "push_message" | "add_user_message"
                    | "user_message" => Some("messages+"),
                    // `add_regular_message(m)`, `append_message(m)`: one more message
                    n if n.contains("message") && !n.contains("messages") && args.len() == 1 => {
                        Some("messages+")
                    }
                    _ => None,
                };
                // `add_message(TextMessageRole::User, "..")`: a role, then the text
                if key == Some("messages+")
                    && args.len() == 2
                    && let Val::Variant(role) = self.eval_d(args[0], d)
                {
                    let content = self.eval_d(args[1], d);
                    obj.set(
                        "messages+",
                        Val::Obj(Obj {
                            fields: vec![
                                (
                                    "role".into(),
                                    Val::Str(vec![Seg::Text(role.to_ascii_lowercase(), None)]),
                                ),
                                ("content".into(), content),
                            ],
                            ..Obj::default()
                        }),
                    );
                    return Val::LlmObj(obj);
                }
                if let (Some(k), Some(a)) = (key, args.first()) {
                    let v = self.eval_d(a, d);
                    let v = match (k, v) {
                        ("messages+", Val::Str(s)) => Val::Obj(Obj {
                            fields: vec![
                                (
                                    "role".into(),
                                    Val::Str(vec![Seg::Text("user".into(), None)]),
                                ),
                                ("content".into(), Val::Str(s)),
                            ],
                            ..Obj::default()
                        }),
                        (_, v) => v,
                    };
                    obj.set(k, v);
                }
                Val::LlmObj(obj)
            }
            Val::Agent(mut obj) => {
                let sdk = obj.sdk.clone().unwrap_or_default();
                if let Some(key) = self.catalog.agent_key(&sdk, &name)
                    && let Some(a) = args.first()
                {
                    let v = self.eval_d(a, d);
                    if key == "system" {
                        // several preambles append
                        match obj.get("system").cloned() {
                            Some(prev) => {
                                let mut s = prev.segs();
                                s.push(Seg::Text("\n".into(), None));
                                s.extend(v.segs());
                                obj.set("system", Val::Str(s));
                            }
                            None => obj.set("system", v),
                        }
                    } else {
                        obj.set(key, v);
                    }
                }
                Val::Agent(obj)
            }
            Val::Str(s) => match name.as_str() {
                "to_string" | "to_owned" | "into" | "clone" | "as_str" | "as_ref" | "borrow"
                | "to_vec" | "unwrap" | "expect" | "unwrap_or_default" => Val::Str(s),
                "trim" => Val::Str(s),
                _ => self.hole(e),
            },
            Val::Unknown(h) if h.param.is_some() && is_str_passthrough(&name) => Val::Unknown(h),
            // `messages.iter().map(|m| json!(..)).collect()`: still the caller's messages
            Val::Unknown(h)
                if h.param.is_some()
                    && matches!(
                        name.as_str(),
                        "iter" | "into_iter" | "map" | "filter" | "collect" | "cloned" | "to_vec"
                    ) =>
            {
                Val::Unknown(h)
            }
            Val::Choice(arms) if is_str_passthrough(&name) || name == "to_vec" => Val::Choice(arms),
            // `options.configure(Prompt::default()...)`: a helper that hands an LLM crate's
            // request back, adjusted
            Val::Unknown(_) | Val::Foreign if args.len() == 1 && built_by_type(args[0]) => {
                match self.eval_d(args[0], d) {
                    v @ Val::LlmObj(_) => v,
                    _ => self.hole(e),
                }
            }
            Val::List(items, c) if is_passthrough(&name) || name == "to_vec" => Val::List(items, c),
            Val::Num(n, sp) if is_passthrough(&name) => Val::Num(n, sp),
            Val::Variant(v) if is_passthrough(&name) => Val::Variant(v),
            _ => self.hole(e),
        }
    }

    /// `format!`, `concat!`, `vec!`, `json!`.
    fn mac(&self, e: &Expr, mac: &syn::Macro, d: usize) -> Val {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        match name.as_str() {
            "format" => self.format(e, mac.tokens.clone(), d),
            "concat" => {
                let Ok(items) = parse_args(mac.tokens.clone()) else {
                    return self.hole(e);
                };
                let mut out = Vec::new();
                for it in &items {
                    out.extend(self.eval_d(it, d).segs());
                }
                Val::Str(out)
            }
            "vec" => match parse_args(mac.tokens.clone()) {
                Ok(items) => Val::List(items.iter().map(|x| self.eval_d(x, d)).collect(), true),
                Err(_) => self.hole(e),
            },
            "json" => self.json(mac.tokens.clone(), d),
            // `indoc!("..")` / `formatdoc!("..", x)`: the text with its common indentation
            // removed
            "indoc" | "formatdoc" => {
                let v = if name == "indoc" {
                    match parse_args(mac.tokens.clone()).ok().as_deref() {
                        Some([x]) => self.eval_d(x, d),
                        _ => return self.hole(e),
                    }
                } else {
                    self.format(e, mac.tokens.clone(), d)
                };
                match v {
                    Val::Str(segs) => Val::Str(dedent_segs(segs)),
                    other => other,
                }
            }
            // llm-chain: `prompt!("system", "user")` / `prompt!("user")` /
            // `prompt!(system: "..")`; its `{{name}}` placeholders are run-time inputs
            "prompt"
                if self
                    .scope
                    .uses
                    .values()
                    .chain(self.scope.globs.iter())
                    .any(|p| p.first().is_some_and(|k| k == "llm_chain")) =>
            {
                let (role, tokens) = role_label(mac.tokens.clone());
                let Ok(items) = parse_args(tokens) else {
                    return self.hole(e);
                };
                let mut obj = Obj {
                    sdk: Some("llm-chain".into()),
                    ..Obj::default()
                };
                let vals: Vec<Val> = items
                    .iter()
                    .map(|x| match self.eval_d(x, d) {
                        Val::Str(s) => Val::Str(mustache_holes(s)),
                        v => v,
                    })
                    .collect();
                let (system, user) = match (role.as_deref(), vals.as_slice()) {
                    (Some("system"), [s, ..]) => (Some(s.clone()), None),
                    (_, [u]) => (None, Some(u.clone())),
                    (_, [s, u, ..]) => (Some(s.clone()), Some(u.clone())),
                    (_, []) => (None, None),
                };
                if let Some(s) = system {
                    obj.set("system", s);
                }
                if let Some(u) = user {
                    obj.set(
                        "messages+",
                        Val::Obj(Obj {
                            fields: vec![
                                (
                                    "role".into(),
                                    Val::Str(vec![Seg::Text("user".into(), None)]),
                                ),
                                ("content".into(), u),
                            ],
                            ..Obj::default()
                        }),
                    );
                }
                Val::LlmObj(obj)
            }
            // an LLM crate's message macros: `user!("..")`, `system!(content: "..")`
            "user" | "system" | "assistant" | "developer" | "user_message" | "system_message"
            | "assistant_message"
                if self
                    .scope
                    .uses
                    .values()
                    .chain(self.scope.globs.iter())
                    .any(|p| {
                        p.first().is_some_and(|k| {
                            !matches!(k.as_str(), "crate" | "self" | "super")
                                && super::scope::llm_crate_in(k, self.catalog)
                        })
                    }) =>
            {
                let tokens = field_label(mac.tokens.clone());
                let Ok(items) = parse_args(tokens) else {
                    return self.hole(e);
                };
                let Some(first) = items.first() else {
                    return self.hole(e);
                };
                let role = name.trim_end_matches("_message").to_string();
                Val::Obj(Obj {
                    fields: vec![
                        ("role".into(), Val::Str(vec![Seg::Text(role, None)])),
                        ("content".into(), self.eval_d(first, d)),
                    ],
                    ..Obj::default()
                })
            }
            "include_str" => match self.included(mac) {
                Some(t) => Val::Str(vec![Seg::Text(t, None)]),
                None => self.hole(e),
            },
            _ => self.hole(e),
        }
    }

    fn format(&self, e: &Expr, tokens: TokenStream, d: usize) -> Val {
        let Ok(args) = parse_args(tokens) else {
            return self.hole(e);
        };
        let (text, fmt_span, fmt_tok_span) = match args.first() {
            Some(Expr::Lit(syn::ExprLit {
                lit: Lit::Str(fmt), ..
            })) => (fmt.value(), Some(self.src.span_of(fmt.span())), fmt.span()),
            // `format!(include_str!("prompt.txt"), x = ..)`
            Some(Expr::Macro(m))
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "include_str") =>
            {
                match self.included(&m.mac) {
                    Some(t) => (t, None, m.mac.path.segments[0].ident.span()),
                    None => return self.hole(e),
                }
            }
            _ => return self.hole(e),
        };
        let positional: Vec<&Expr> = args[1..]
            .iter()
            .filter(|a| !matches!(a, Expr::Assign(_)))
            .collect();
        let named: Vec<(String, &Expr)> = args[1..]
            .iter()
            .filter_map(|a| match a {
                Expr::Assign(x) => super::scope::simple_ident(&x.left).map(|n| (n, &*x.right)),
                _ => None,
            })
            .collect();
        let mut out: Vec<Seg> = Vec::new();
        let mut choice_at: Option<(usize, Vec<(String, Val)>)> = None;
        let mut lit = String::new();
        let mut next_pos = 0usize;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let mut spec = String::new();
                    for c2 in chars.by_ref() {
                        if c2 == '}' {
                            break;
                        }
                        spec.push(c2);
                    }
                    let arg = spec.split(':').next().unwrap_or("").trim().to_string();
                    if !lit.is_empty() {
                        out.push(Seg::Text(std::mem::take(&mut lit), fmt_span));
                    }
                    // what a hole for this placeholder is called
                    let mut label = arg.clone();
                    let v = if arg.is_empty() {
                        let v = positional.get(next_pos).map(|a| {
                            label = self.src.snippet(a);
                            self.eval_d(a, d)
                        });
                        next_pos += 1;
                        v
                    } else if let Ok(i) = arg.parse::<usize>() {
                        positional.get(i).map(|a| {
                            label = self.src.snippet(a);
                            self.eval_d(a, d)
                        })
                    } else if let Some((_, x)) = named.iter().find(|(n, _)| *n == arg) {
                        // `{game_data}` filled by `game_data = mat`: the template's name
                        // says what the hole holds
                        Some(match self.eval_d(x, d) {
                            Val::Unknown(h) if h.param.is_none() => Val::Unknown(Hole {
                                name: arg.clone(),
                                ..h
                            }),
                            v => v,
                        })
                    } else {
                        // an inline `{name}`: a variable or constant in scope
                        let ident = syn::parse_str::<syn::Ident>(&arg).ok();
                        ident.map(|id| {
                            let pe = Expr::Path(syn::ExprPath {
                                attrs: Vec::new(),
                                qself: None,
                                path: syn::Path::from(syn::Ident::new(
                                    &id.to_string(),
                                    fmt_tok_span,
                                )),
                            });
                            match self.eval_d(&pe, d) {
                                Val::Unknown(h) => Val::Unknown(Hole {
                                    name: arg.clone(),
                                    span: fmt_span,
                                    param: h.param,
                                }),
                                v => v,
                            }
                        })
                    };
                    match v {
                        // a `match` of prompts: the text once per arm
                        Some(Val::Choice(arms)) if choice_at.is_none() => {
                            choice_at = Some((out.len(), arms));
                        }
                        // an object that is not text (a value some crate's method
                        // returned) printed into the prompt: a run-time value
                        Some(
                            v @ (Val::LlmObj(_)
                            | Val::Obj(_)
                            | Val::Client { .. }
                            | Val::Agent(_)
                            | Val::Foreign),
                        ) if v.segs().is_empty() => out.push(Seg::Hole(Hole {
                            name: label,
                            span: fmt_span,
                            param: None,
                        })),
                        Some(v) => out.extend(v.segs()),
                        None => out.push(Seg::Hole(Hole {
                            name: arg,
                            span: fmt_span,
                            param: None,
                        })),
                    }
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            out.push(Seg::Text(lit, fmt_span));
        }
        match choice_at {
            Some((at, arms)) => Val::Choice(
                arms.into_iter()
                    .map(|(k, a)| {
                        let mut o = out.clone();
                        let tail = o.split_off(at);
                        o.extend(a.segs());
                        o.extend(tail);
                        (k, Val::Str(o))
                    })
                    .collect(),
            ),
            None => Val::Str(out),
        }
    }

    /// `json!({...})`: objects, arrays and Rust expressions as values.
    fn json(&self, tokens: TokenStream, d: usize) -> Val {
        let toks: Vec<TokenTree> = tokens.into_iter().collect();
        self.json_value(&toks, d)
    }

    fn json_value(&self, toks: &[TokenTree], d: usize) -> Val {
        if d > MAX_EVAL_DEPTH {
            return Val::unknown("json".into(), None);
        }
        if let [TokenTree::Group(g)] = toks {
            match g.delimiter() {
                Delimiter::Brace => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    let mut obj = Obj::default();
                    for entry in split_commas(&inner) {
                        let Some(colon) = entry
                            .iter()
                            .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ':'))
                        else {
                            continue;
                        };
                        let key = match &entry[..colon] {
                            [TokenTree::Literal(l)] => {
                                syn::parse_str::<syn::LitStr>(&l.to_string())
                                    .ok()
                                    .map(|s| s.value())
                            }
                            [TokenTree::Ident(i)] => Some(i.to_string()),
                            _ => None,
                        };
                        if let Some(k) = key {
                            obj.set(&k, self.json_value(&entry[colon + 1..], d + 1));
                        }
                    }
                    return Val::Obj(obj);
                }
                Delimiter::Bracket => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    return Val::List(
                        split_commas(&inner)
                            .into_iter()
                            .filter(|x| !x.is_empty())
                            .map(|x| self.json_value(x, d + 1))
                            .collect(),
                        true,
                    );
                }
                _ => {}
            }
        }
        if let [TokenTree::Ident(i)] = toks
            && i == "null"
        {
            return Val::Foreign;
        }
        let ts: TokenStream = toks.iter().cloned().collect();
        match syn::parse2::<Expr>(ts) {
            Ok(x) => self.eval_d(&x, d + 1),
            Err(_) => Val::unknown("json".into(), None),
        }
    }
}

fn is_passthrough(m: &str) -> bool {
    matches!(
        m,
        "build"
            | "into"
            | "clone"
            | "to_owned"
            | "to_string"
            | "unwrap"
            | "expect"
            | "map_err"
            | "context"
            | "with_context"
            | "as_ref"
            | "borrow"
            | "lock"
            | "read"
            | "write"
            | "deref"
            | "get"
            | "as_deref"
            | "unwrap_or_default"
            | "ok"
            // a lazily built value (`OnceCell`, `OnceLock`): the value itself
            | "get_or_init"
            | "get_or_try_init"
            | "force"
    )
}

fn is_str_passthrough(m: &str) -> bool {
    matches!(
        m,
        "to_string" | "to_owned" | "into" | "clone" | "as_str" | "as_ref" | "borrow" | "trim"
    )
}

/// Comma-separated expressions of a macro body.
pub fn parse_args(tokens: TokenStream) -> syn::Result<Vec<Expr>> {
    use syn::parse::Parser;
    let p = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
    p.parse2(tokens).map(|x| x.into_iter().collect())
}

/// `vec![x; n]` and friends fail `parse_args`; callers treat that as unknown.
fn split_commas(toks: &[TokenTree]) -> Vec<&[TokenTree]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if let TokenTree::Punct(p) = t
            && p.as_char() == ','
        {
            out.push(&toks[start..i]);
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

/// Candidate paths of a file named relative to the source file (`include_str!`).
pub fn include_candidates(src_path: &str, rel: &str) -> Vec<String> {
    let dir = src_path.rsplit_once('/').map_or("", |x| x.0);
    let joined = if dir.is_empty() || rel.starts_with('/') {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    };
    crate::analysis::normalize_rel(&joined)
        .filter(|p| !p.is_empty())
        .into_iter()
        .collect()
}

/// Segments of another file's fact as values of this one: its spans dropped, holes named
/// after `bound` parameters filled with their values.
pub fn from_segments(segs: &[llmlint_rules::Segment], bound: &[(&str, &Val)]) -> Vec<Seg> {
    let mut out = Vec::new();
    for s in segs {
        match s {
            llmlint_rules::Segment::Text { text, .. } => out.push(Seg::Text(text.clone(), None)),
            llmlint_rules::Segment::Hole { name, .. } => {
                match bound.iter().find(|(n, _)| *n == name.as_str()) {
                    Some((_, v)) => out.extend(v.segs()),
                    None => out.push(Seg::Hole(Hole {
                        name: name.clone(),
                        span: None,
                        param: None,
                    })),
                }
            }
        }
    }
    out
}

/// A method of an LLM crate's object that sends a prompt and returns the answer.
pub fn generic_verb(n: &str, krate: Option<&str>) -> bool {
    // kalosm's chat sends on `add_message`
    if n == "add_message" && krate == Some("kalosm") {
        return true;
    }
    matches!(
        n,
        "chat"
            | "chat_completion"
            | "chat_request"
            | "complete"
            | "completion"
            | "complete_request"
            | "completion_request"
            | "generate"
            | "generate_content"
            | "generate_text"
            | "send_message"
            | "send_chat_request"
            | "create_a_message"
            | "prompt"
            | "ask"
            | "invoke"
            | "get_answer"
            | "message"
            | "query"
            | "run"
    ) || n.starts_with("chat_")
        || n.starts_with("generate_")
        || n.starts_with("send_message")
        || n.starts_with("get_answer")
}

/// A send-like name that is one word (`execute`, `send`) or says completion
/// (`create_chat_completion`), not a family (`send_*`, `*_create`): what an application
/// crate's method must be called to count as a send.
pub fn plain_send_verb(n: &str) -> bool {
    send_verb(n) && (!n.contains('_') || n.contains("complet"))
}

/// A method that sends a request, by the names LLM client crates give it beyond the common
/// verbs of `generic_verb`: `send`, `execute`, `messages_create`, `get_completion`, `ask_*`.
pub fn send_verb(n: &str) -> bool {
    if n.contains("embed") || n.contains("token") {
        return false;
    }
    matches!(
        n,
        "send"
            | "execute"
            | "exec"
            | "call"
            | "process"
            | "request"
            | "respond"
            | "reply"
            | "answer"
            | "infer"
            | "inference"
            | "predict"
            | "converse"
            | "talk"
    ) || n.ends_with("_create")
        || n.starts_with("send_")
        || n.starts_with("execute_")
        || n.starts_with("ask_")
        || n.contains("complet")
        || (n.starts_with("create_") && (n.contains("message") || n.contains("chat")))
}

/// A builder or session step of a client: configures, connects or stores, never sends a
/// prompt, even when awaited.
pub fn builder_step(n: &str) -> bool {
    const PREFIX: &[&str] = &[
        "with_",
        "set_",
        "add_",
        "push_",
        "insert_",
        "load_",
        "save_",
        "store_",
        "register_",
        "remove_",
        "delete_",
        "list_",
        "get_model",
        "from_",
        "into_",
        "to_",
        "new",
        "build",
        "init",
        "connect",
        "close",
        "upload",
        "download",
        "read",
        "write",
        "open",
        "login",
        "auth",
        "start",
        "stop",
        "shutdown",
        "spawn",
        "subscribe",
        "sleep",
        "lock",
        "wait",
        "clone",
        "embed",
        "index",
        "search",
        "retrieve",
        "fetch",
        "health",
        "ping",
    ];
    PREFIX.iter().any(|p| n.starts_with(p)) || n.contains("embed") || n.contains("token")
}

/// An argument that hands over tools by name: `tools`, `&coordinator_tools`,
/// `Some(&self.tools)`, `tools.clone()`.
pub fn names_tools(e: &Expr) -> bool {
    match e {
        Expr::Reference(r) => names_tools(&r.expr),
        Expr::Paren(p) => names_tools(&p.expr),
        Expr::MethodCall(m) if m.args.is_empty() => names_tools(&m.receiver),
        Expr::Call(c) if c.args.len() == 1 => {
            matches!(&*c.func, Expr::Path(p) if p.path.is_ident("Some")) && names_tools(&c.args[0])
        }
        Expr::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident.to_string().to_lowercase().contains("tool")),
        Expr::Field(f) => {
            matches!(&f.member, syn::Member::Named(n) if n.to_string().to_lowercase().contains("tool"))
        }
        _ => false,
    }
}

/// A type of an LLM framework that does not generate text: a tool, an embedder, a speech,
/// audio or image model, a vector store, a retriever, a loader or a splitter.
pub fn non_generator(ty_name: &str) -> bool {
    [
        "Tool",
        "Embed",
        "Speech",
        "Audio",
        "Image",
        "Vector",
        "Store",
        "Retriever",
        "Loader",
        "Splitter",
        "Tokenizer",
        "Transcri",
        "Whisper",
    ]
    .iter()
    .any(|k| ty_name.contains(k))
        // a test double answers with what the test gave it
        || ["Mock", "Fake", "Stub", "Dummy"]
            .iter()
            .any(|k| ty_name.starts_with(k))
}

/// The name of a model of a known family (`gpt-4o-mini`, `claude-3-5-haiku`,
/// `gemini-2.5-flash`, `llama3.1:8b`, `mistral-small`, `qwen2.5`, `deepseek-chat`): stronger
/// evidence than [`model_like`], enough to mark an object of an unknown crate.
pub fn known_model(t: &str) -> bool {
    static FAMILY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^(?:models/)?(?:gpt-|o[134](?:-|$)|chatgpt|claude-|gemini-|gemma|llama-?\d|mistral|mixtral|codestral|qwen|deepseek-|grok-|phi-?\d|command-r|sonar|kimi|moonshot|glm-)",
        )
        .expect("valid regex")
    });
    model_like(t) && FAMILY.is_match(t)
}

/// A string that names a model (`gpt-4o-mini`, `llama3:8b`, `claude-3-haiku`): one token,
/// short, with a digit or a dash; not a key, a secret or an address.
pub fn model_like(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    !t.is_empty()
        && !["key", "secret", "token", "password", "://"]
            .iter()
            .any(|k| l.contains(k))
        && !l.starts_with("sk-")
        && t.len() < 64
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/' | '@'))
        && t.chars().any(|c| c.is_ascii_digit() || c == '-')
}

/// A constructor argument of an LLM crate's object: a model (an enum variant or a short
/// identifier-like string) or the prompt (text).
fn generic_arg(obj: &mut Obj, v: Val) {
    match &v {
        // `Message::new(Role::User, "..")`: the role of a message, not a model
        Val::Variant(r)
            if obj.get("role").is_none()
                && matches!(
                    r.to_ascii_lowercase().as_str(),
                    "user" | "system" | "assistant" | "developer" | "human"
                ) =>
        {
            let role = match r.to_ascii_lowercase().as_str() {
                "human" => "user".to_string(),
                other => other.to_string(),
            };
            obj.set("role", Val::Str(vec![Seg::Text(role, None)]));
        }
        Val::Variant(_) if obj.get("model").is_none() => obj.set("model", v),
        Val::Str(segs) => {
            let model_like = v.literal().as_deref().is_some_and(model_like);
            if model_like && obj.get("model").is_none() {
                obj.set("model", v);
            } else if segs
                .iter()
                .any(|s| matches!(s, Seg::Text(t, _) if t.trim().len() >= 8))
                // one token (an address, a key, a path) is configuration, and a short label
                // (`Agent::new("simple agent", model)`) a name, not the prompt
                && v.literal().is_none_or(|t| {
                    let t = t.trim();
                    t.split_whitespace().count() >= 3
                        || t.contains(char::is_whitespace)
                            && t.ends_with(['.', '?', '!', ':', '。', '？'])
                })
                && obj.get("prompt").is_none()
            {
                obj.set("prompt", v);
            }
        }
        Val::List(..) if obj.get("messages").is_none() => {
            if let Some(list) = message_list(&v) {
                obj.set("messages", list);
            }
        }
        Val::LlmObj(o) | Val::Obj(o) => {
            for (k, x) in &o.fields {
                if !matches!(k.as_str(), "prompt" | "messages" | "system" | "model") {
                    continue;
                }
                // several prompts handed to one object (a map-reduce chain's two steps):
                // every text, in order
                match (k.as_str(), obj.get(k).cloned(), x) {
                    ("messages", Some(Val::List(mut a, c)), Val::List(b, _)) => {
                        a.extend(b.iter().cloned());
                        obj.fields.retain(|(f, _)| f != "messages");
                        obj.set("messages", Val::List(a, c));
                    }
                    ("system", Some(prev), _) => {
                        let mut s = prev.segs();
                        s.push(Seg::Text("\n\n".into(), None));
                        s.extend(x.segs());
                        obj.fields.retain(|(f, _)| f != "system");
                        obj.set("system", Val::Str(s));
                    }
                    (_, Some(_), _) => {}
                    _ => obj.set(k, x.clone()),
                }
            }
        }
        _ => {}
    }
}

/// Text that reads as an instruction (a run of several words), not a record of labelled
/// run-time values (`ID: {id}, Value: {value}`): what a method's text must hold to stand for
/// its call in a prompt.
pub(crate) fn instruction_text(segs: &[Seg]) -> bool {
    segs.iter().any(|s| match s {
        Seg::Text(t, _) => {
            let t = t.trim();
            t.len() >= 16 && t.split_whitespace().count() >= 4
        }
        Seg::Hole(_) => false,
    })
}

/// `user!(content: "..")`: a macro's arguments without a field label in front.
fn field_label(tokens: TokenStream) -> TokenStream {
    use proc_macro2::TokenTree;
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    if let [TokenTree::Ident(_), TokenTree::Punct(p), rest @ ..] = tts.as_slice()
        && p.as_char() == ':'
        && p.spacing() == proc_macro2::Spacing::Alone
    {
        return rest.iter().cloned().collect();
    }
    tokens
}

/// `prompt!(system: "..")`: the role label in front of a macro's arguments, and the rest.
fn role_label(tokens: TokenStream) -> (Option<String>, TokenStream) {
    use proc_macro2::TokenTree;
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    if let [TokenTree::Ident(id), TokenTree::Punct(p), rest @ ..] = tts.as_slice()
        && p.as_char() == ':'
        && p.spacing() == proc_macro2::Spacing::Alone
        && matches!(id.to_string().as_str(), "system" | "user" | "assistant")
    {
        return (Some(id.to_string()), rest.iter().cloned().collect());
    }
    (None, tokens)
}

/// Template placeholders `{{name}}` in literal text (llm-chain, Handlebars-style templates):
/// holes named after the input.
fn mustache_holes(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out = Vec::new();
    for s in segs {
        let Seg::Text(t, sp) = s else {
            out.push(s);
            continue;
        };
        let mut rest = t.as_str();
        while let Some(i) = rest.find("{{") {
            let Some(j) = rest[i + 2..].find("}}") else {
                break;
            };
            let name = rest[i + 2..i + 2 + j].trim();
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                break;
            }
            if i > 0 {
                out.push(Seg::Text(rest[..i].to_string(), sp));
            }
            out.push(Seg::Hole(Hole {
                name: name.to_string(),
                span: sp,
                param: None,
            }));
            rest = &rest[i + 2 + j + 2..];
        }
        if !rest.is_empty() {
            out.push(Seg::Text(rest.to_string(), sp));
        }
    }
    out
}

/// `indoc!` semantics over prompt segments: a leading newline dropped, and the smallest
/// indentation of the non-blank lines of the literal text removed from every line.
fn dedent_segs(segs: Vec<Seg>) -> Vec<Seg> {
    let mut whole = String::new();
    for s in &segs {
        match s {
            Seg::Text(t, _) => whole.push_str(t),
            Seg::Hole(_) => whole.push('x'),
        }
    }
    let indent = whole
        .lines()
        .skip(usize::from(!whole.starts_with('\n')))
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut at_line_start = false;
    for (i, s) in segs.into_iter().enumerate() {
        let Seg::Text(t, sp) = s else {
            at_line_start = false;
            out.push(s);
            continue;
        };
        let t = if i == 0 {
            t.strip_prefix('\n').map(str::to_string).unwrap_or(t)
        } else {
            t
        };
        let mut text = String::with_capacity(t.len());
        for (k, line) in t.split('\n').enumerate() {
            if k > 0 {
                text.push('\n');
            }
            let strip = if k > 0 || at_line_start || i == 0 {
                let n = line.len() - line.trim_start_matches([' ', '\t']).len();
                n.min(indent)
            } else {
                0
            };
            text.push_str(&line[strip..]);
        }
        at_line_start = t.ends_with('\n');
        out.push(Seg::Text(text, sp));
    }
    out
}

/// `Ok(x) => x` / `Some(x) => x`: an arm that hands the matched value on.
fn unwrap_arm(a: &syn::Arm) -> bool {
    let syn::Pat::TupleStruct(ts) = &a.pat else {
        return false;
    };
    let Some(syn::Pat::Ident(inner)) = ts.elems.first() else {
        return false;
    };
    // `Ok(c) => c` or `Ok(c) => { println!(..); c }`
    let tail = match &*a.body {
        Expr::Block(b) => match b.block.stmts.last() {
            Some(syn::Stmt::Expr(x, None)) => x,
            _ => return false,
        },
        x => x,
    };
    ts.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "Ok" || s.ident == "Some")
        && matches!(tail, Expr::Path(p) if p.path.is_ident(&inner.ident))
}

/// The alternatives of a value holding a `match` of prompts: the value once per arm of the
/// first such `match` found (fields, list items, the match itself); empty when there is none.
pub fn expand_choice(v: &Val, depth: usize) -> Vec<Val> {
    if depth > 16 {
        return Vec::new();
    }
    match v {
        Val::Choice(arms) => arms.iter().map(|(_, a)| a.clone()).collect(),
        Val::Obj(o) | Val::Agent(o) | Val::LlmObj(o) => {
            for (i, (_, f)) in o.fields.iter().enumerate() {
                let alts = expand_choice(f, depth + 1);
                if !alts.is_empty() {
                    return alts
                        .into_iter()
                        .map(|a| {
                            let mut o2 = o.clone();
                            o2.fields[i].1 = a;
                            match v {
                                Val::Agent(_) => Val::Agent(o2),
                                Val::LlmObj(_) => Val::LlmObj(o2),
                                _ => Val::Obj(o2),
                            }
                        })
                        .collect();
                }
            }
            Vec::new()
        }
        Val::List(items, c) => {
            for (i, it) in items.iter().enumerate() {
                let alts = expand_choice(it, depth + 1);
                if !alts.is_empty() {
                    return alts
                        .into_iter()
                        .map(|a| {
                            let mut items2 = items.clone();
                            items2[i] = a;
                            Val::List(items2, *c)
                        })
                        .collect();
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A list of messages (objects with a role, plain or built by an LLM crate) as plain
/// message objects; `None` when no item has a role.
pub fn message_list(v: &Val) -> Option<Val> {
    let Val::List(items, c) = v else { return None };
    let has_role = items
        .iter()
        .any(|i| matches!(i, Val::Obj(o) | Val::LlmObj(o) if o.get("role").is_some()));
    if !has_role {
        return None;
    }
    let items = items
        .iter()
        .map(|i| match i {
            Val::LlmObj(o) => Val::Obj(Obj {
                fields: o.fields.clone(),
                ..Obj::default()
            }),
            other => other.clone(),
        })
        .collect();
    Some(Val::List(items, *c))
}

/// The method calls of a chain, outermost first, and the expression they start from, seen
/// through `?`, `.await`, parentheses and `&`; `None` for a chain too long to be code.
pub fn method_chain(e: &Expr) -> Option<(Vec<&syn::ExprMethodCall>, &Expr)> {
    let mut chain: Vec<&syn::ExprMethodCall> = Vec::new();
    let mut cur = e;
    loop {
        match cur {
            Expr::MethodCall(m) => {
                chain.push(m);
                cur = &m.receiver;
            }
            Expr::Try(t) => cur = &t.expr,
            Expr::Await(a) => cur = &a.base,
            Expr::Paren(p) => cur = &p.expr,
            Expr::Reference(r) => cur = &r.expr,
            _ => return Some((chain, cur)),
        }
        if chain.len() > 64 {
            return None;
        }
    }
}

/// A JSON value parsed from a text of the source; `at` is where that text is read.
fn json_value(v: &serde_json::Value, at: Span, depth: usize) -> Val {
    if depth > 32 {
        return Val::unknown("json".into(), Some(at));
    }
    match v {
        serde_json::Value::String(s) => Val::Str(vec![Seg::Text(s.clone(), None)]),
        serde_json::Value::Number(n) => Val::Num(n.as_f64().unwrap_or(0.0), at),
        serde_json::Value::Bool(b) => Val::Bool(*b),
        serde_json::Value::Null => Val::unknown("null".into(), Some(at)),
        serde_json::Value::Array(items) => Val::List(
            items.iter().map(|i| json_value(i, at, depth + 1)).collect(),
            true,
        ),
        serde_json::Value::Object(map) => Val::Obj(Obj {
            fields: map
                .iter()
                .map(|(k, v)| (k.clone(), json_value(v, at, depth + 1)))
                .collect(),
            ..Obj::default()
        }),
    }
}

/// A JSON object or a struct written out in place: `json!({..})`, `Request { .. }`.
fn built_by_literal(e: &Expr) -> bool {
    match e {
        Expr::Struct(_) => true,
        Expr::Macro(m) => m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "json"),
        _ => false,
    }
}

/// An expression that is plainly a string: a literal, `format!`/`concat!`, a constant, or
/// one of those converted (`"..".to_string()`, `.into()`).
fn text_like(e: &Expr, depth: usize) -> bool {
    if depth > 4 {
        return false;
    }
    match e {
        Expr::Lit(l) => matches!(l.lit, Lit::Str(_)),
        Expr::Macro(m) => m.mac.path.segments.last().is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "format" | "concat" | "include_str"
            )
        }),
        Expr::Path(p) => p.path.segments.last().is_some_and(|s| {
            s.ident
                .to_string()
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        }),
        Expr::MethodCall(mc) => {
            matches!(
                mc.method.to_string().as_str(),
                "to_string" | "to_owned" | "into"
            ) && text_like(&mc.receiver, depth + 1)
        }
        Expr::Reference(r) => text_like(&r.expr, depth + 1),
        Expr::Paren(p) => text_like(&p.expr, depth + 1),
        Expr::Block(b) if b.block.stmts.len() == 1 => match &b.block.stmts[0] {
            syn::Stmt::Expr(x, None) => text_like(x, depth + 1),
            _ => false,
        },
        _ => false,
    }
}

/// A branch that is plainly text or a variable turned into text (`prompt.to_string()`).
fn cheap_text(e: &Expr) -> bool {
    text_like(e, 0)
        || matches!(e, Expr::Path(p) if p.path.get_ident().is_some())
        || matches!(e, Expr::MethodCall(m)
            if matches!(m.method.to_string().as_str(), "to_string" | "to_owned" | "into" | "clone")
                && matches!(&*m.receiver, Expr::Path(p) if p.path.get_ident().is_some()))
}

/// `Type::ctor(..).setter(..)...`: a value built from a type's constructor.
fn built_by_type(e: &Expr) -> bool {
    let mut cur = e;
    for _ in 0..64 {
        match cur {
            Expr::MethodCall(m) => cur = &m.receiver,
            Expr::Reference(r) => cur = &r.expr,
            Expr::Paren(p) => cur = &p.expr,
            Expr::Call(c) => {
                return matches!(&*c.func, Expr::Path(p)
                    if p.path.segments.len() >= 2
                        && p.path.segments[p.path.segments.len() - 2]
                            .ident
                            .to_string()
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase));
            }
            _ => return false,
        }
    }
    false
}
