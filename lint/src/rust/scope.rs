//! Names: `use` items, items of the file (consts, structs, fns, type aliases), and the
//! bindings of each function (lets, parameters, loop and closure patterns).

use std::collections::{HashMap, HashSet};

use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, FnArg, Item, Pat, Type};

use llmlint_rules::catalog::rust::RustCatalog;

/// How deep our own walks go before giving up on a subtree.
pub const MAX_DEPTH: usize = 256;

/// What a path names.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// A path in another crate, fully spelled (`async_openai::Client`).
    External(Vec<String>),
    /// An item of this crate.
    Local,
    /// Nothing known (prelude types, unresolved names).
    Unknown,
}

/// One function (free, in an impl, or in a trait) of the file.
pub struct FnInfo<'a> {
    pub name: String,
    /// `Type` of the enclosing impl, if any.
    pub self_ty: Option<String>,
    pub sig: &'a syn::Signature,
    pub block: &'a syn::Block,
    pub attrs: &'a [syn::Attribute],
    /// Byte range of the whole item.
    pub item_start: usize,
    pub item_end: usize,
    pub env: FnEnv<'a>,
}

impl FnInfo<'_> {
    pub fn qualname(&self) -> String {
        match &self.self_ty {
            Some(t) => format!("{t}::{}", self.name),
            None => self.name.clone(),
        }
    }
    pub fn has_self(&self) -> bool {
        matches!(self.sig.inputs.first(), Some(FnArg::Receiver(_)))
    }
}

#[derive(Debug, Clone, Copy)]
pub enum BindKind<'a> {
    Let {
        init: Option<&'a Expr>,
        ty: Option<&'a Type>,
    },
    /// A parameter (index among the non-self parameters) and its type.
    Param { index: usize, ty: &'a Type },
    /// `State(state): State<AppState>`: a binding inside a typed pattern.
    Typed { ty: &'a Type },
    /// Bound by a `for`, closure, `match` or `if let` pattern: value unknown.
    Opaque,
    /// The `index`th field of a tuple variant matched by `Enum::Variant(.., x, ..)`: its
    /// type is the variant's declared field type, when this file declares the enum.
    Variant { path: &'a syn::Path, index: usize },
}

#[derive(Debug, Clone)]
pub struct Binding<'a> {
    pub name: String,
    /// Visible from this byte offset on.
    pub from: usize,
    pub mutable: bool,
    pub kind: BindKind<'a>,
}

/// A change to a `let mut` binding after it was made.
#[derive(Debug, Clone)]
pub struct Mutation<'a> {
    pub name: String,
    pub at: usize,
    /// Where the mutating expression ends: a use inside it sees the value before it.
    pub end: usize,
    pub kind: MutKind<'a>,
}

#[derive(Debug, Clone)]
pub enum MutKind<'a> {
    /// `v.push(x)`, `s.push_str(x)`, `s += x`
    Append(&'a Expr),
    /// `v = expr`
    Assign(&'a Expr),
    /// `v.insert(0, x)`
    Prepend(&'a Expr),
    /// `args.model(..).messages(..);`: setters called on a builder held in a binding
    Chain(&'a Expr),
    /// `v.field = expr`: one field of a request set after it was made
    SetField(String, &'a Expr),
    /// anything else that changes it (`extend`, `insert`, `clear`...)
    Other,
}

/// The bindings of one function.
#[derive(Default)]
pub struct FnEnv<'a> {
    pub bindings: Vec<Binding<'a>>,
    pub mutations: Vec<Mutation<'a>>,
    /// Items (`const`, `static`) declared inside the function.
    pub consts: HashMap<String, &'a Expr>,
    /// Parameter names in order, `self` excluded.
    pub params: Vec<String>,
}

impl<'a> FnEnv<'a> {
    /// The latest binding of `name` visible at byte offset `at`.
    pub fn lookup(&self, name: &str, at: usize) -> Option<&Binding<'a>> {
        self.bindings
            .iter()
            .filter(|b| b.name == name && b.from <= at)
            .max_by_key(|b| b.from)
    }
}

/// Everything file-level that name resolution needs.
#[derive(Default)]
pub struct FileScope<'a> {
    /// Local name → full path, from `use` items.
    pub uses: HashMap<String, Vec<String>>,
    /// `use foo::bar::*;` prefixes.
    pub globs: Vec<Vec<String>>,
    pub consts: HashMap<String, &'a Expr>,
    /// Declared types of file-level statics and consts (`static C: LazyLock<Client>`).
    pub const_tys: HashMap<String, &'a Type>,
    /// Struct name → (field name, type).
    pub structs: HashMap<String, Vec<(String, &'a Type)>>,
    /// Names of structs, enums, traits, type aliases, fns and mods defined in this file.
    pub local_items: HashSet<String>,
    pub aliases: HashMap<String, &'a Type>,
    pub fns: Vec<FnInfo<'a>>,
    /// Field initialisers in constructors: (type, field) → (fn index, expression).
    pub field_inits: HashMap<(String, String), Vec<(usize, &'a Expr)>>,
    /// (enum, variant) → the field types of a tuple variant declared in this file.
    pub variants: HashMap<(String, String), Vec<&'a Type>>,
    /// Functions registered as web handlers (`.route("/x", post(handler))`, `.to(handler)`).
    pub handlers: HashSet<String>,
    /// (type, method) → the trait an `impl Trait for Type` block implements it for.
    pub impl_traits: HashMap<(String, String), String>,
}

impl<'a> FileScope<'a> {
    pub fn build(file: &'a syn::File) -> Self {
        let mut s = FileScope::default();
        s.items(&file.items, None, 0);
        // constructors: struct literals `Self { a, b: x }` / `T { .. }` inside fns
        for (i, f) in s.fns.iter().enumerate() {
            let mut v = StructLits {
                self_ty: f.self_ty.clone(),
                out: Vec::new(),
                routes: Vec::new(),
                depth: 0,
            };
            v.visit_block(f.block);
            for (ty, field, e) in v.out {
                s.field_inits.entry((ty, field)).or_default().push((i, e));
            }
            s.handlers.extend(v.routes);
        }
        s
    }

    fn items(&mut self, items: &'a [Item], self_ty: Option<&str>, depth: usize) {
        if depth > 32 {
            return;
        }
        for item in items {
            match item {
                Item::Use(u) => self.use_tree(&u.tree, Vec::new(), 0),
                Item::Const(c) => {
                    self.consts.insert(c.ident.to_string(), &c.expr);
                    self.const_tys.insert(c.ident.to_string(), &c.ty);
                }
                Item::Static(c) => {
                    self.consts.insert(c.ident.to_string(), &c.expr);
                    self.const_tys.insert(c.ident.to_string(), &c.ty);
                }
                Item::Struct(st) => {
                    let name = st.ident.to_string();
                    self.local_items.insert(name.clone());
                    let fields = st
                        .fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            let n = f.ident.as_ref().map_or(i.to_string(), |i| i.to_string());
                            (n, &f.ty)
                        })
                        .collect();
                    self.structs.insert(name, fields);
                }
                Item::Enum(e) => {
                    self.local_items.insert(e.ident.to_string());
                    for v in &e.variants {
                        if let syn::Fields::Unnamed(f) = &v.fields {
                            self.variants.insert(
                                (e.ident.to_string(), v.ident.to_string()),
                                f.unnamed.iter().map(|x| &x.ty).collect(),
                            );
                        }
                    }
                }
                Item::Trait(t) => {
                    self.local_items.insert(t.ident.to_string());
                    for ti in &t.items {
                        match ti {
                            syn::TraitItem::Fn(f) => {
                                if let Some(b) = &f.default {
                                    self.push_fn(
                                        &f.sig,
                                        b,
                                        &f.attrs,
                                        Some(&t.ident.to_string()),
                                        f.span(),
                                    );
                                }
                            }
                            syn::TraitItem::Const(c) => {
                                if let Some((_, e)) = &c.default {
                                    self.consts.insert(c.ident.to_string(), e);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Item::Type(t) => {
                    self.local_items.insert(t.ident.to_string());
                    self.aliases.insert(t.ident.to_string(), &t.ty);
                }
                Item::Union(u) => {
                    self.local_items.insert(u.ident.to_string());
                }
                Item::Fn(f) => {
                    if self_ty.is_none() {
                        self.local_items.insert(f.sig.ident.to_string());
                    }
                    self.push_fn(&f.sig, &f.block, &f.attrs, self_ty, f.span());
                }
                Item::Mod(m) => {
                    self.local_items.insert(m.ident.to_string());
                    if let Some((_, items)) = &m.content {
                        self.items(items, None, depth + 1);
                    }
                }
                Item::Impl(imp) => {
                    let ty = type_name(&imp.self_ty);
                    let tr = imp
                        .trait_
                        .as_ref()
                        .and_then(|t| t.0.segments.last())
                        .map(|s| s.ident.to_string());
                    for ii in &imp.items {
                        match ii {
                            syn::ImplItem::Fn(f) => {
                                if let (Some(t), Some(tr)) = (&ty, &tr) {
                                    self.impl_traits
                                        .insert((t.clone(), f.sig.ident.to_string()), tr.clone());
                                }
                                self.push_fn(&f.sig, &f.block, &f.attrs, ty.as_deref(), f.span())
                            }
                            syn::ImplItem::Const(c) => {
                                self.consts.insert(c.ident.to_string(), &c.expr);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn push_fn(
        &mut self,
        sig: &'a syn::Signature,
        block: &'a syn::Block,
        attrs: &'a [syn::Attribute],
        self_ty: Option<&str>,
        span: proc_macro2::Span,
    ) {
        let r = span.byte_range();
        let env = FnEnv::build(sig, block, r.start);
        self.fns.push(FnInfo {
            name: sig.ident.to_string(),
            self_ty: self_ty.map(str::to_string),
            sig,
            block,
            attrs,
            item_start: r.start,
            item_end: r.end,
            env,
        });
    }

    fn use_tree(&mut self, t: &syn::UseTree, prefix: Vec<String>, depth: usize) {
        if depth > 32 {
            return;
        }
        match t {
            syn::UseTree::Path(p) => {
                let mut pre = prefix;
                pre.push(p.ident.to_string());
                self.use_tree(&p.tree, pre, depth + 1);
            }
            syn::UseTree::Name(n) => {
                let name = n.ident.to_string();
                if name == "self" {
                    if let Some(last) = prefix.last().cloned() {
                        self.uses.insert(last, prefix);
                    }
                } else {
                    let mut full = prefix;
                    full.push(name.clone());
                    self.uses.insert(name, full);
                }
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix;
                let orig = r.ident.to_string();
                if orig != "self" {
                    full.push(orig);
                }
                self.uses.insert(r.rename.to_string(), full);
            }
            syn::UseTree::Glob(_) => self.globs.push(prefix),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(t, prefix.clone(), depth + 1);
                }
            }
        }
    }

    /// Resolve a path as written in this file.
    pub fn resolve(&self, segs: &[String], catalog: &RustCatalog) -> Resolved {
        let Some(first) = segs.first() else {
            return Resolved::Unknown;
        };
        let first = first.as_str();
        if matches!(first, "crate" | "self" | "super" | "Self") {
            return Resolved::Local;
        }
        if let Some(full) = self.uses.get(first) {
            if matches!(
                full.first().map(String::as_str),
                Some("crate" | "self" | "super")
            ) {
                return Resolved::Local;
            }
            let mut out = full.clone();
            out.extend(segs[1..].iter().cloned());
            return Resolved::External(out);
        }
        if self.local_items.contains(first) {
            return Resolved::Local;
        }
        if catalog.sdk_of_crate(first).is_some() || segs.len() > 1 && is_crate_like(first) {
            return Resolved::External(segs.to_vec());
        }
        // a glob import from an SDK crate (or an LLM crate, for its type names) brings the
        // name in
        for g in &self.globs {
            if let Some(k) = g.first()
                && (catalog.sdk_of_crate(k).is_some()
                    || first.chars().next().is_some_and(char::is_uppercase)
                        && !matches!(k.as_str(), "crate" | "self" | "super")
                        && !prelude_name(first)
                        && llm_crate_in(k, catalog))
            {
                let mut out = g.clone();
                out.extend(segs.iter().cloned());
                return Resolved::External(out);
            }
        }
        Resolved::Unknown
    }

    /// True when the file imports anything from one of the crates of `sdk`.
    pub fn imports_sdk(&self, sdk: &str, catalog: &RustCatalog) -> bool {
        let Some(s) = catalog.sdk(sdk) else {
            return false;
        };
        self.uses
            .values()
            .chain(self.globs.iter())
            .any(|p| p.first().is_some_and(|k| s.crates.contains(k)))
    }

    pub fn fn_named(&self, name: &str, self_ty: Option<&str>) -> Option<usize> {
        self.fns
            .iter()
            .position(|f| f.name == name && (self_ty.is_none() || f.self_ty.as_deref() == self_ty))
    }
}

/// A crate whose name names an LLM vendor or concept (`allms`, `misanthropic`, `chatgpt`,
/// `gemini-rust`, `xai-sdk`, `lib_ai`): its clients' chat-like methods are LLM calls.
/// An LLM client crate outside the catalog: by its name, or as the project's manifest
/// renamed one (`RustCatalog::llm_crates`).
pub fn llm_crate_in(name: &str, catalog: &RustCatalog) -> bool {
    llm_crate(name) || catalog.llm_crates.iter().any(|c| c == name)
}

/// Vendors, model families and frameworks whose name in a crate's name (or a word of a
/// manifest's description) marks an LLM client.
pub const LLM_NAME_PARTS: &[&str] = &[
    "openai",
    "anthropic",
    "claude",
    "gemini",
    "ollama",
    "llm",
    "gpt",
    "deepseek",
    "groq",
    "mistral",
    "cerebras",
    "grok",
    "llama",
    "bedrock",
    "cohere",
    "langchain",
    "kalosm",
];

pub fn llm_crate(name: &str) -> bool {
    // crate names in paths are lower-case identifiers already
    let n = name;
    LLM_NAME_PARTS.iter().any(|k| n.contains(k))
        || n.split('_').any(|t| matches!(t, "ai" | "xai" | "genai"))
        // Anthropic clients whose name does not say so
        || n == "clust"
}

/// Names of the standard prelude, never brought in by another crate's glob.
fn prelude_name(s: &str) -> bool {
    matches!(
        s,
        "String"
            | "Vec"
            | "Option"
            | "Result"
            | "Box"
            | "Some"
            | "None"
            | "Ok"
            | "Err"
            | "Default"
            | "Arc"
            | "Rc"
            | "HashMap"
            | "Self"
    )
}

fn is_crate_like(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && !matches!(s, "std" | "core" | "alloc")
}

/// The last path segment of a type, through references.
pub fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(r) => type_name(&r.elem),
        Type::Paren(p) => type_name(&p.elem),
        Type::Group(g) => type_name(&g.elem),
        // `dyn Llm`, `impl Llm + Send`: the trait
        Type::TraitObject(t) => trait_bound_name(&t.bounds),
        Type::ImplTrait(t) => trait_bound_name(&t.bounds),
        _ => None,
    }
}

fn trait_bound_name(
    bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>,
) -> Option<String> {
    bounds.iter().find_map(|b| match b {
        syn::TypeParamBound::Trait(t) => t.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    })
}

pub fn path_segs(p: &syn::Path) -> Vec<String> {
    p.segments.iter().map(|s| s.ident.to_string()).collect()
}

impl<'a> FnEnv<'a> {
    fn build(sig: &'a syn::Signature, block: &'a syn::Block, start: usize) -> Self {
        let mut env = FnEnv::default();
        let mut index = 0;
        for arg in &sig.inputs {
            if let FnArg::Typed(pt) = arg {
                let name = match &*pt.pat {
                    Pat::Ident(i) => i.ident.to_string(),
                    _ => format!("_{index}"),
                };
                env.params.push(name);
                match &*pt.pat {
                    Pat::Ident(i) => env.bindings.push(Binding {
                        name: i.ident.to_string(),
                        from: start,
                        mutable: i.mutability.is_some(),
                        kind: BindKind::Param { index, ty: &pt.ty },
                    }),
                    // `State(state): State<AppState>`, `Json(body): Json<Body>`
                    Pat::TupleStruct(ts) if ts.elems.len() == 1 => {
                        if let Some(Pat::Ident(i)) = ts.elems.first() {
                            let inner = first_generic(&pt.ty).unwrap_or(&pt.ty);
                            env.bindings.push(Binding {
                                name: i.ident.to_string(),
                                from: start,
                                mutable: false,
                                kind: BindKind::Typed { ty: inner },
                            });
                        }
                    }
                    p => bind_opaque(p, start, &mut env.bindings, 0),
                }
                index += 1;
            }
        }
        let mut v = Binder {
            env: &mut env,
            depth: 0,
        };
        v.visit_block(block);
        env
    }
}

/// The first generic type argument of a path type (`State<AppState>` → `AppState`).
pub fn first_generic(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(a) = &seg.arguments else {
        return None;
    };
    a.args.iter().find_map(|g| match g {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

fn bind_opaque<'a>(p: &'a Pat, from: usize, out: &mut Vec<Binding<'a>>, depth: usize) {
    if depth > 32 {
        return;
    }
    match p {
        Pat::Ident(i) => {
            out.push(Binding {
                name: i.ident.to_string(),
                from,
                mutable: i.mutability.is_some(),
                kind: BindKind::Opaque,
            });
            if let Some((_, sub)) = &i.subpat {
                bind_opaque(sub, from, out, depth + 1);
            }
        }
        Pat::Tuple(t) => t
            .elems
            .iter()
            .for_each(|e| bind_opaque(e, from, out, depth + 1)),
        Pat::TupleStruct(t) => {
            for (index, e) in t.elems.iter().enumerate() {
                match e {
                    Pat::Ident(i) if i.subpat.is_none() && t.path.segments.len() >= 2 => {
                        out.push(Binding {
                            name: i.ident.to_string(),
                            from,
                            mutable: i.mutability.is_some(),
                            kind: BindKind::Variant {
                                path: &t.path,
                                index,
                            },
                        })
                    }
                    _ => bind_opaque(e, from, out, depth + 1),
                }
            }
        }
        Pat::Struct(s) => s
            .fields
            .iter()
            .for_each(|f| bind_opaque(&f.pat, from, out, depth + 1)),
        Pat::Slice(s) => s
            .elems
            .iter()
            .for_each(|e| bind_opaque(e, from, out, depth + 1)),
        Pat::Reference(r) => bind_opaque(&r.pat, from, out, depth + 1),
        Pat::Or(o) => o
            .cases
            .iter()
            .for_each(|e| bind_opaque(e, from, out, depth + 1)),
        Pat::Type(t) => bind_opaque(&t.pat, from, out, depth + 1),
        Pat::Paren(t) => bind_opaque(&t.pat, from, out, depth + 1),
        _ => {}
    }
}

struct Binder<'e, 'a> {
    env: &'e mut FnEnv<'a>,
    depth: usize,
}

impl<'e, 'a> Visit<'a> for Binder<'e, 'a> {
    fn visit_stmt(&mut self, st: &'a syn::Stmt) {
        if let syn::Stmt::Expr(e @ Expr::MethodCall(m), Some(_)) = st
            && matches!(&*m.receiver, Expr::MethodCall(_))
        {
            let mut root: &Expr = &m.receiver;
            let mut n = 1;
            while let Expr::MethodCall(inner) = root {
                root = &inner.receiver;
                n += 1;
                if n > 64 {
                    break;
                }
            }
            if let Some(name) = simple_ident(root) {
                let r = e.span().byte_range();
                self.env.mutations.push(Mutation {
                    name,
                    at: r.start,
                    end: r.end,
                    kind: MutKind::Chain(e),
                });
            }
        }
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            syn::visit::visit_stmt(self, st);
            self.depth -= 1;
        }
    }

    fn visit_local(&mut self, l: &'a syn::Local) {
        let from = l.semi_token.span.byte_range().end;
        let init = l.init.as_ref().map(|i| &*i.expr);
        match &l.pat {
            Pat::Ident(i) => self.env.bindings.push(Binding {
                name: i.ident.to_string(),
                from,
                mutable: i.mutability.is_some(),
                kind: BindKind::Let { init, ty: None },
            }),
            Pat::Type(pt) => match &*pt.pat {
                Pat::Ident(i) => self.env.bindings.push(Binding {
                    name: i.ident.to_string(),
                    from,
                    mutable: i.mutability.is_some(),
                    kind: BindKind::Let {
                        init,
                        ty: Some(&pt.ty),
                    },
                }),
                p => bind_opaque(p, from, &mut self.env.bindings, 0),
            },
            p => bind_opaque(p, from, &mut self.env.bindings, 0),
        }
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            syn::visit::visit_local(self, l);
            self.depth -= 1;
        }
    }

    fn visit_item(&mut self, i: &'a Item) {
        // consts and statics inside the function; nested fns are their own scope
        match i {
            Item::Const(c) => {
                self.env.consts.insert(c.ident.to_string(), &c.expr);
            }
            Item::Static(c) => {
                self.env.consts.insert(c.ident.to_string(), &c.expr);
            }
            _ => {}
        }
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        let from = e.span().byte_range().start;
        let end = e.span().byte_range().end;
        match e {
            Expr::ForLoop(f) => bind_opaque(&f.pat, from, &mut self.env.bindings, 0),
            Expr::Closure(c) => c
                .inputs
                .iter()
                .for_each(|p| bind_opaque(p, from, &mut self.env.bindings, 0)),
            Expr::Let(l) => bind_opaque(&l.pat, from, &mut self.env.bindings, 0),
            Expr::Match(m) => m
                .arms
                .iter()
                .for_each(|a| bind_opaque(&a.pat, from, &mut self.env.bindings, 0)),
            Expr::MethodCall(m) => {
                if let Some(name) = simple_ident(&m.receiver) {
                    let kind = match m.method.to_string().as_str() {
                        "push" | "push_str" if m.args.len() == 1 => {
                            m.args.first().map(MutKind::Append)
                        }
                        // `v.insert(0, x)`: a message put first (a system prompt)
                        "insert"
                            if m.args.len() == 2
                                && matches!(m.args.first(), Some(Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. })) if i.base10_digits() == "0") =>
                        {
                            m.args.iter().nth(1).map(MutKind::Prepend)
                        }
                        "extend" | "extend_from_slice" | "insert" | "clear" | "truncate"
                        | "append" | "retain" | "drain" | "remove" | "pop" => Some(MutKind::Other),
                        _ => None,
                    };
                    if let Some(kind) = kind {
                        self.env.mutations.push(Mutation {
                            name,
                            at: from,
                            end,
                            kind,
                        });
                    }
                }
            }
            Expr::Assign(a) => {
                if let Expr::Field(f) = &*a.left
                    && let syn::Member::Named(field) = &f.member
                    && let Some(name) = simple_ident(&f.base)
                {
                    self.env.mutations.push(Mutation {
                        name,
                        at: from,
                        end,
                        kind: MutKind::SetField(field.to_string(), &a.right),
                    });
                }
                if let Some(name) = simple_ident(&a.left) {
                    self.env.mutations.push(Mutation {
                        name,
                        at: from,
                        end,
                        kind: MutKind::Assign(&a.right),
                    });
                }
            }
            Expr::Binary(b) if matches!(b.op, syn::BinOp::AddAssign(_)) => {
                if let Some(name) = simple_ident(&b.left) {
                    self.env.mutations.push(Mutation {
                        name,
                        at: from,
                        end,
                        kind: MutKind::Append(&b.right),
                    });
                }
            }
            _ => {}
        }
        self.depth += 1;
        syn::visit::visit_expr(self, e);
        self.depth -= 1;
    }
}

pub fn simple_ident(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        Expr::Reference(r) => simple_ident(&r.expr),
        Expr::Paren(p) => simple_ident(&p.expr),
        _ => None,
    }
}

/// Finds struct literals of the impl's own type (constructors) and route registrations.
struct StructLits<'a> {
    self_ty: Option<String>,
    out: Vec<(String, String, &'a Expr)>,
    routes: Vec<String>,
    depth: usize,
}

impl<'a> Visit<'a> for StructLits<'a> {
    fn visit_expr(&mut self, e: &'a Expr) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        match e {
            Expr::Struct(s) => {
                let name = s.path.segments.last().map(|x| x.ident.to_string());
                let ty = match name.as_deref() {
                    Some("Self") => self.self_ty.clone(),
                    n => n.map(str::to_string),
                };
                if let Some(ty) = ty {
                    for f in &s.fields {
                        if let syn::Member::Named(id) = &f.member {
                            self.out.push((ty.clone(), id.to_string(), &f.expr));
                        }
                    }
                }
            }
            Expr::MethodCall(m) if m.method == "route" || m.method == "to" => {
                for a in &m.args {
                    collect_handler_names(a, &mut self.routes, 0);
                }
            }
            _ => {}
        }
        self.depth += 1;
        syn::visit::visit_expr(self, e);
        self.depth -= 1;
    }
}

fn collect_handler_names(e: &Expr, out: &mut Vec<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    match e {
        Expr::Path(p) => {
            if let Some(s) = p.path.segments.last() {
                out.push(s.ident.to_string());
            }
        }
        Expr::Call(c) => {
            if let Expr::Path(p) = &*c.func {
                let last = p.path.segments.last().map(|s| s.ident.to_string());
                if matches!(
                    last.as_deref(),
                    Some("get" | "post" | "put" | "patch" | "delete" | "any" | "on")
                ) {
                    c.args
                        .iter()
                        .for_each(|a| collect_handler_names(a, out, depth + 1));
                }
            }
        }
        Expr::MethodCall(m) => {
            // `post(a).get(b)` method router chains
            collect_handler_names(&m.receiver, out, depth + 1);
            if matches!(
                m.method.to_string().as_str(),
                "get" | "post" | "put" | "patch" | "delete" | "to"
            ) {
                m.args
                    .iter()
                    .for_each(|a| collect_handler_names(a, out, depth + 1));
            }
        }
        _ => {}
    }
}
