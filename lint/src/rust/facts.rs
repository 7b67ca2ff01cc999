//! What a Rust file offers the rest of the project (string constants and statics, associated
//! constants, prompt-building functions, `match` tables of prompts) and what it wants from it
//! (the modules its `use` items name, the files its `include_str!` reads).

use syn::{Expr, Item, Pat};

use llmlint_rules::{Language, Segment};

use super::calls::Cx;
use super::eval::{Seg, Val, include_candidates};
use super::prompt::to_segments;
use crate::analysis::{Fact, FactValue, Want};

/// Texts shorter than this (literal characters) are not worth offering.
const MIN_TEXT: usize = 1;

/// The facts of one file.
pub fn collect(file: &syn::File, cx: &Cx) -> Vec<Fact> {
    let module = crate::driver::rust_module_path(cx.src.path);
    let mut out = Vec::new();
    items(&file.items, &module, cx, &mut out, 0);
    // prompt builders and tables cost an evaluation per function: only for files another
    // file needs
    if cx.settings.facts != crate::analysis::FactDepth::All {
        return out;
    }
    for (fi, f) in cx.scope.fns.iter().enumerate() {
        // methods too (`impl Prompter { fn for_chunk(&self, c: &str) -> String }`): their
        // `self.field`s are run-time holes
        if f.sig.asyncness.is_some() {
            continue;
        }
        let Some(value) = fn_value(cx, fi) else {
            continue;
        };
        let name = match &f.self_ty {
            Some(t) => format!("{t}::{}", f.name),
            None => f.name.clone(),
        };
        out.push(Fact {
            language: Language::Rust,
            module: module.clone(),
            name,
            path: cx.src.path.to_string(),
            value,
        });
    }
    out
}

fn items(list: &[Item], module: &str, cx: &Cx, out: &mut Vec<Fact>, depth: usize) {
    if depth > 8 {
        return;
    }
    let mut mods: Vec<(&[Item], String)> = Vec::new();
    let mut push = |name: String, e: &Expr, ty: Option<&syn::Type>, module: &str| {
        if let Some(value) = text_value(cx, e, ty) {
            out.push(Fact {
                language: Language::Rust,
                module: module.to_string(),
                name,
                path: cx.src.path.to_string(),
                value,
            });
        }
    };
    for item in list {
        match item {
            Item::Const(c) => push(c.ident.to_string(), &c.expr, Some(&c.ty), module),
            Item::Static(s) => push(s.ident.to_string(), &s.expr, Some(&s.ty), module),
            Item::Impl(imp) => {
                let Some(ty) = super::scope::type_name(&imp.self_ty) else {
                    continue;
                };
                for ii in &imp.items {
                    if let syn::ImplItem::Const(c) = ii {
                        push(format!("{ty}::{}", c.ident), &c.expr, None, module);
                    }
                }
            }
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    let sub = if module.is_empty() {
                        m.ident.to_string()
                    } else {
                        format!("{module}::{}", m.ident)
                    };
                    mods.push((inner, sub));
                }
            }
            _ => {}
        }
    }
    for (inner, sub) in mods {
        items(inner, &sub, cx, out, depth + 1);
    }
}

/// A constant's value as prompt text, when it holds any literal text; a static client (by
/// its initialiser, else by its declared type: `static C: OnceCell<Client> = OnceCell::new()`).
fn text_value(cx: &Cx, e: &Expr, ty: Option<&syn::Type>) -> Option<FactValue> {
    let ev = cx.ev(None);
    let mut v = ev.eval(e);
    if !matches!(v, Val::Client { .. } | Val::Str(_))
        && let Some(c @ Val::Client { .. }) = ty.and_then(|t| ev.type_val(t, 0))
    {
        v = c;
    }
    if let Val::Client { sdk, via: None } = &v {
        return Some(FactValue::Client(crate::analysis::ClientFact {
            sdk: sdk.clone(),
            family: sdk.clone(),
            ..Default::default()
        }));
    }
    let Val::Str(segs) = v else { return None };
    let lit: usize = segs
        .iter()
        .map(|s| match s {
            Seg::Text(t, _) => t.trim().len(),
            Seg::Hole(_) => 0,
        })
        .sum();
    if lit < MIN_TEXT {
        return None;
    }
    let segments = no_spans(to_segments(&segs));
    let complete = !segments.iter().any(|s| matches!(s, Segment::Hole { .. }));
    Some(FactValue::Text { segments, complete })
}

/// Spans point into this file; other files must not use them.
fn no_spans(segs: Vec<Segment>) -> Vec<Segment> {
    segs.into_iter()
        .map(|s| match s {
            Segment::Text { text, .. } => Segment::Text { text, span: None },
            Segment::Hole { name, .. } => Segment::Hole { name, span: None },
        })
        .collect()
}

/// A function whose tail builds a prompt from its parameters (`TextFn`), or picks one by a
/// `match` on its parameter (`Table`).
fn fn_value(cx: &Cx, fi: usize) -> Option<FactValue> {
    let f = &cx.scope.fns[fi];
    let tail = match f.block.stmts.last()? {
        syn::Stmt::Expr(e, None) => e,
        _ => return None,
    };
    let params = f.env.params.clone();
    if let Expr::Match(m) = strip(tail) {
        let ev = cx.ev(Some(fi));
        let mut rows = Vec::new();
        for arm in &m.arms {
            let Some(key) = pat_key(&arm.pat) else {
                continue;
            };
            if let Val::Str(segs) = ev.eval(&arm.body)
                && segs
                    .iter()
                    .any(|s| matches!(s, Seg::Text(t, _) if !t.trim().is_empty()))
            {
                rows.push((key, no_spans(to_segments(&segs))));
            }
        }
        return (rows.len() >= 2).then_some(FactValue::Table(rows));
    }
    if params.is_empty() {
        return text_value_in(cx, fi, tail);
    }
    let Val::Str(segs) = cx.ev(Some(fi)).eval(tail) else {
        return None;
    };
    let has_text = segs
        .iter()
        .any(|s| matches!(s, Seg::Text(t, _) if t.trim().len() >= 8));
    if !has_text {
        return None;
    }
    // holes named after parameters are filled by the callers; others (values the function
    // computes) stay run-time holes
    let complete = segs
        .iter()
        .all(|s| !matches!(s, Seg::Hole(h) if h.param.is_none()));
    let segments = no_spans(to_segments(&segs));
    Some(FactValue::TextFn {
        params,
        segments,
        complete,
    })
}

fn text_value_in(cx: &Cx, fi: usize, e: &Expr) -> Option<FactValue> {
    let Val::Str(segs) = cx.ev(Some(fi)).eval(e) else {
        return None;
    };
    if !segs
        .iter()
        .any(|s| matches!(s, Seg::Text(t, _) if t.trim().len() >= 8))
    {
        return None;
    }
    let segments = no_spans(to_segments(&segs));
    let complete = !segments.iter().any(|s| matches!(s, Segment::Hole { .. }));
    Some(FactValue::Text { segments, complete })
}

fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip(&p.expr),
        Expr::Block(b) if b.block.stmts.len() == 1 => match &b.block.stmts[0] {
            syn::Stmt::Expr(x, None) => strip(x),
            _ => e,
        },
        _ => e,
    }
}

/// The key a `match` arm's pattern stands for: an enum variant's name or a literal.
pub fn pat_key(p: &Pat) -> Option<String> {
    match p {
        Pat::Path(pp) => pp.path.segments.last().map(|s| s.ident.to_string()),
        Pat::Ident(i) if i.subpat.is_none() => {
            let n = i.ident.to_string();
            n.chars()
                .next()
                .is_some_and(char::is_uppercase)
                .then_some(n)
        }
        Pat::TupleStruct(t) => t.path.segments.last().map(|s| s.ident.to_string()),
        Pat::Struct(s) => s.path.segments.last().map(|s| s.ident.to_string()),
        Pat::Lit(l) => match &l.lit {
            syn::Lit::Str(s) => Some(s.value()),
            syn::Lit::Int(i) => Some(i.to_string()),
            syn::Lit::Bool(b) => Some(b.value.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The modules this file's `use` items name inside the project (constants, functions,
/// modules and globs), the modules of paths written in the functions that make a call, and
/// the files its `include_str!` reads.
pub fn wants(cx: &Cx, call_fns: &[usize]) -> Vec<Want> {
    let mut out = Vec::new();
    // constants, functions, modules and globs may hold prompts; a type of another crate
    // does not (its associated consts are reached through its module's `use` or a path),
    // a type of this crate may have prompt-building methods (`self.prompter.for_line(x)`)
    let wanted_uses = cx
        .scope
        .uses
        .iter()
        .filter(|(name, full)| {
            !name.chars().next().is_some_and(char::is_uppercase)
                || name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
                || full
                    .first()
                    .is_some_and(|f| matches!(f.as_str(), "crate" | "self" | "super"))
        })
        .map(|(_, full)| full);
    for full in wanted_uses.chain(cx.scope.globs.iter()) {
        let Some(first) = full.first() else { continue };
        let local = matches!(first.as_str(), "crate" | "self" | "super")
            || cx.scope.local_items.contains(first);
        let sdk = cx.settings.catalog.rust.sdk_of_crate(first).is_some()
            || matches!(first.as_str(), "std" | "core" | "alloc");
        if sdk {
            continue;
        }
        // `use prompts::X` / `use self::prompts::X` in llm/mod.rs: a path inside this
        // file's own module (`llm::prompts::X`)
        let here: Vec<String> = if first == "self" || cx.scope.local_items.contains(first) {
            crate::driver::rust_module_path(cx.src.path)
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        } else {
            Vec::new()
        };
        let segs: Vec<&str> = here
            .iter()
            .chain(full.iter())
            .map(String::as_str)
            .filter(|s| !matches!(*s, "crate" | "self" | "super"))
            .collect();
        // a workspace crate's module path starts after its name
        let mut segs = if local || segs.len() < 2 {
            segs
        } else {
            segs[1..].to_vec()
        };
        // a type of this crate: the module that defines it (and its methods)
        if segs.len() >= 2
            && segs
                .last()
                .is_some_and(|l| l.chars().next().is_some_and(char::is_uppercase))
            && !segs.last().is_some_and(|l| {
                l.chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
            })
        {
            segs.pop();
        }
        if !segs.is_empty() {
            out.push(Want::Module(Language::Rust, segs.join("::")));
        }
    }
    // paths written in bodies: `llm::prompts::build(..)`, `prompts::SYSTEM`
    let mut paths = PathCollector {
        out: Vec::new(),
        depth: 0,
    };
    // only in the functions that make a call: their prompts are what may be missing
    for &fi in call_fns {
        if let Some(f) = cx.scope.fns.get(fi) {
            syn::visit::Visit::visit_block(&mut paths, f.block);
        }
    }
    paths.out.sort();
    paths.out.dedup();
    for segs in paths.out.iter().take(256) {
        let Some(first) = segs.first() else { continue };
        let expanded: Vec<String> = match cx.scope.uses.get(first) {
            Some(full) => full.iter().chain(segs[1..].iter()).cloned().collect(),
            None if cx.scope.local_items.contains(first)
                || matches!(first.as_str(), "crate" | "self" | "super") =>
            {
                segs.clone()
            }
            None => continue,
        };
        let root = expanded[0].as_str();
        if cx.settings.catalog.rust.sdk_of_crate(root).is_some()
            || matches!(root, "std" | "core" | "alloc")
        {
            continue;
        }
        let local =
            matches!(root, "crate" | "self" | "super") || cx.scope.local_items.contains(root);
        let mut m: Vec<&str> = expanded
            .iter()
            .map(String::as_str)
            .filter(|s| !matches!(*s, "crate" | "self" | "super"))
            .collect();
        if !local && m.len() > 1 {
            m.remove(0);
        }
        // the module: drop the item's name
        m.pop();
        if !m.is_empty() {
            out.push(Want::Module(Language::Rust, m.join("::")));
        }
    }
    let text = cx.src.text;
    let mut at = 0;
    while let Some(i) = text[at..].find("include_str!(") {
        let start = at + i + "include_str!(".len();
        at = start;
        let rest = text[start..].trim_start();
        if let Some(body) = rest.strip_prefix('"')
            && let Some(end) = body.find('"')
        {
            let cands = include_candidates(cx.src.path, &body[..end]);
            if !cands.is_empty() {
                out.push(Want::File(cands));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Multi-segment paths written in function bodies (calls and values).
struct PathCollector {
    out: Vec<Vec<String>>,
    depth: usize,
}

impl<'a> syn::visit::Visit<'a> for PathCollector {
    fn visit_expr(&mut self, e: &'a Expr) {
        if self.depth >= super::scope::MAX_DEPTH || self.out.len() > 4096 {
            return;
        }
        if let Expr::Path(p) = e
            && p.path.segments.len() >= 2
            && p.path.segments[0]
                .ident
                .to_string()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase())
        {
            self.out.push(super::scope::path_segs(&p.path));
        }
        self.depth += 1;
        syn::visit::visit_expr(self, e);
        self.depth -= 1;
    }
    fn visit_item(&mut self, _: &'a Item) {}
}
