//! Finding the calls: SDK method calls, raw HTTP POSTs, and calls of wrappers.

use std::cell::Cell;

use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Pat};

use llmlint_rules::catalog::rust::{Receiver, RustCall, TypeKind};
use llmlint_rules::{CallKind, CallSite, Context, Language, Multiplier, Span};

use super::Source;
use super::context::{self, AnswerShape};
use super::eval::{Ev, Val};
use super::prompt::{self, Built};
use super::scope::{FileScope, MAX_DEPTH};
use super::wrappers::{self, WrapperTarget};
use crate::analysis::{FileAnalysis, Settings, WrapperIndex};

/// Evaluation steps allowed per file: bounds the work on pathological inputs.
const EVAL_BUDGET: u32 = 400_000;

/// A call found in the file, with what wrapper detection needs.
pub struct Found {
    pub site: CallSite,
    pub func: Option<usize>,
    pub built: Built,
}

/// Where a direct call is and what it calls (the rest of its site comes from its request).
struct Direct {
    span: Span,
    callee_span: Span,
    sdk: String,
    api: String,
    base_url: Option<String>,
    prompt_span: Option<Span>,
}

/// What the finder looks for in this pass.
pub enum Mode<'w> {
    Sdk,
    Wrappers(&'w [WrapperTarget]),
}

pub struct Cx<'s, 'a> {
    pub src: &'s Source<'s>,
    pub scope: &'s FileScope<'a>,
    pub settings: &'s Settings,
    pub budget: Cell<u32>,
    pub index: &'s WrapperIndex,
    /// The file names an LLM crate outside the catalog (`use allms::..`): only then are
    /// chat-like verbs on unknown receivers evaluated.
    pub llm_file: bool,
}

impl<'s, 'a> Cx<'s, 'a> {
    pub fn ev(&'s self, func: Option<usize>) -> Ev<'s, 'a> {
        Ev::new(
            self.src,
            self.scope,
            &self.settings.catalog.rust,
            func,
            &self.budget,
            self.index,
        )
    }
}

pub fn analyze_file(
    file: &syn::File,
    src: &Source,
    settings: &Settings,
    index: &WrapperIndex,
) -> FileAnalysis {
    let scope = FileScope::build(file);
    let cx = Cx {
        src,
        scope: &scope,
        settings,
        budget: Cell::new(EVAL_BUDGET),
        index,
        llm_file: scope
            .uses
            .values()
            .chain(scope.globs.iter())
            .filter_map(|p| p.first())
            .any(|k| {
                !matches!(k.as_str(), "crate" | "self" | "super")
                    && settings.catalog.rust.sdk_of_crate(k).is_none()
                    && super::scope::llm_crate_in(k, &settings.catalog.rust)
            })
            || names_llm_crate_path(src.text, &settings.catalog.rust),
    };
    let mut found: Vec<Found> = Vec::new();
    run_pass(&cx, &Mode::Sdk, &mut found);
    let (defs, targets) = wrappers::collect(&cx, &mut found, index);
    let mut all_defs = defs;
    let mut targets = targets;
    // wrapper calls; a function that passes its own parameter to a wrapper is a wrapper too
    for _round in 0..3 {
        if targets.is_empty() {
            break;
        }
        let start = found.len();
        run_pass(&cx, &Mode::Wrappers(&targets), &mut found);
        let (more_defs, more_targets) = wrappers::promote(&cx, &mut found[start..]);
        all_defs.extend(more_defs);
        targets = more_targets;
    }
    let mut call_fns: Vec<usize> = found.iter().filter_map(|f| f.func).collect();
    call_fns.sort_unstable();
    call_fns.dedup();
    let mut calls: Vec<CallSite> = found.into_iter().map(|f| f.site).collect();
    calls.sort_by_key(|c| (c.span.start, c.span.end, c.callee_span.start));
    calls.dedup_by(|a, b| a.callee_span == b.callee_span);
    let mut warnings = Vec::new();
    if cx.budget.get() == 0 {
        warnings.push("analysis budget exhausted: some calls may be missing".to_string());
    }
    let facts = super::facts::collect(file, &cx);
    // what other files could complete: only asked for when a call here misses something
    let holed = |c: &CallSite| {
        c.prompt.messages.iter().any(|m| {
            m.segments
                .iter()
                .any(|s| matches!(s, llmlint_rules::Segment::Hole { .. }))
        })
    };
    // a module that re-exports (`pub use prompts::QUERY;` in llm/mod.rs) passes its users'
    // needs on to the modules it names
    let reexports = file
        .items
        .iter()
        .any(|i| matches!(i, syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_))));
    let wants = if reexports
        || calls
            .iter()
            .any(|c| !c.prompt.complete || c.model.is_none() || holed(c))
    {
        super::facts::wants(&cx, &call_fns)
    } else {
        Vec::new()
    };
    FileAnalysis {
        calls,
        wrappers: all_defs,
        facts,
        wants,
        warnings,
        parsed: true,
    }
}

fn run_pass(cx: &Cx, mode: &Mode, out: &mut Vec<Found>) {
    for fi in 0..cx.scope.fns.len() {
        let f = &cx.scope.fns[fi];
        let mut v = Finder {
            cx,
            mode,
            fi,
            anc: Vec::new(),
            locals: Vec::new(),
            inherited: Vec::new(),
            out,
            depth: 0,
            macro_depth: 0,
        };
        v.visit_block(f.block);
    }
}

pub struct Finder<'c, 's, 'a, 'v, 'o, 'm> {
    pub cx: &'c Cx<'s, 'a>,
    mode: &'m Mode<'m>,
    pub fi: usize,
    pub anc: Vec<&'v Expr>,
    /// `let` statements being visited, with the ancestor depth of their initialiser.
    locals: Vec<(&'v syn::Local, usize)>,
    inherited: Vec<Multiplier>,
    out: &'o mut Vec<Found>,
    depth: usize,
    macro_depth: usize,
}

impl<'c, 's, 'a, 'v, 'o, 'm> Visit<'v> for Finder<'c, 's, 'a, 'v, 'o, 'm> {
    fn visit_expr(&mut self, e: &'v Expr) {
        if self.depth >= MAX_DEPTH || self.cx.budget.get() == 0 {
            return;
        }
        match (e, self.mode) {
            (Expr::MethodCall(m), Mode::Sdk) => self.sdk_method(e, m),
            (Expr::Call(c), Mode::Sdk) => {
                self.http_post_fn(e, c);
                self.generic_fn(e, c);
            }
            (Expr::MethodCall(m), Mode::Wrappers(t)) => self.wrapper_method(e, m, t),
            (Expr::Call(c), Mode::Wrappers(t)) => self.wrapper_fn(e, c, t),
            _ => {}
        }
        self.anc.push(e);
        self.depth += 1;
        syn::visit::visit_expr(self, e);
        self.depth -= 1;
        self.anc.pop();
    }

    fn visit_local(&mut self, l: &'v syn::Local) {
        self.locals.push((l, self.anc.len()));
        syn::visit::visit_local(self, l);
        self.locals.pop();
    }

    fn visit_item(&mut self, _: &'v syn::Item) {}

    fn visit_macro(&mut self, m: &'v syn::Macro) {
        if self.macro_depth > 8 || self.depth >= MAX_DEPTH {
            return;
        }
        let name = m.path.segments.last().map(|s| s.ident.to_string());
        if matches!(name.as_deref(), Some("json")) {
            return;
        }
        // a macro whose body is not a list of expressions (`tokio::select! { x = f() => {..} }`,
        // a test-harness macro): the blocks in it
        let (args, blocks) = match super::eval::parse_args(m.tokens.clone()) {
            Ok(a) => (a, Vec::new()),
            Err(_) => {
                let mut blocks = Vec::new();
                macro_blocks(m.tokens.clone(), &mut blocks, 0);
                if blocks.is_empty() {
                    return;
                }
                (Vec::new(), blocks)
            }
        };
        let start = m.span().byte_range().start;
        let mut inherited = context::multipliers(&self.anc, start, &self.inherited);
        if matches!(name.as_deref(), Some("join" | "try_join"))
            && !inherited.contains(&Multiplier::Concurrent)
        {
            inherited.insert(0, Multiplier::Concurrent);
        }
        let mut sub = Finder {
            cx: self.cx,
            mode: self.mode,
            fi: self.fi,
            anc: Vec::new(),
            locals: Vec::new(),
            inherited,
            out: &mut *self.out,
            depth: self.depth + 1,
            macro_depth: self.macro_depth + 1,
        };
        for a in &args {
            sub.visit_expr(a);
        }
        for b in &blocks {
            for st in b {
                sub.visit_stmt(st);
            }
        }
    }
}

/// The brace-delimited blocks of a macro body that parse as statements, outermost first.
fn macro_blocks(ts: proc_macro2::TokenStream, out: &mut Vec<Vec<syn::Stmt>>, depth: usize) {
    if depth > 8 || out.len() > 64 {
        return;
    }
    for tt in ts {
        let proc_macro2::TokenTree::Group(g) = tt else {
            continue;
        };
        if g.delimiter() == proc_macro2::Delimiter::Brace {
            use syn::parse::Parser;
            if let Ok(stmts) = syn::Block::parse_within.parse2(g.stream()) {
                out.push(stmts);
                continue;
            }
        }
        macro_blocks(g.stream(), out, depth + 1);
    }
}

/// Method names too common to accept on a receiver of unknown type without more evidence.
fn generic_method(n: &str) -> bool {
    matches!(
        n,
        "create"
            | "create_stream"
            | "generate"
            | "generate_stream"
            | "completion"
            | "prompt"
            | "chat"
            | "extract"
            | "stream_prompt"
            | "stream_chat"
    )
}

impl<'c, 's, 'a, 'v, 'o, 'm> Finder<'c, 's, 'a, 'v, 'o, 'm> {
    fn func_info(&self) -> &'c super::scope::FnInfo<'a> {
        &self.cx.scope.fns[self.fi]
    }

    fn sdk_method(&mut self, e: &'v Expr, m: &'v syn::ExprMethodCall) {
        let name = m.method.to_string();
        let catalog = &self.cx.settings.catalog.rust;
        if catalog.http.post_methods.contains(&name) && m.args.len() == 1 && self.http_post(e, m) {
            return;
        }
        // `client.request(Method::POST, url)`: the method named as a value
        if name == "request"
            && m.args.len() == 2
            && matches!(&m.args[0], Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "POST"))
        {
            let callee = self.cx.src.node(&m.method);
            if self.http_post_at(e, &m.args[1], callee) {
                return;
            }
        }
        if catalog.http.body_methods.contains(&name)
            && m.args.len() == 1
            && self.http_post_helper(e, m)
        {
            return;
        }
        let candidates: Vec<&RustCall> = catalog.calls_named(&name).collect();
        // an awaited method of an LLM crate's object that is not a builder step: it does I/O,
        // and with a prompt in hand that is the request (`client.send(model, msg).await`,
        // `.with_user_message(..).execute().await`), whatever the crate calls it
        let awaited = self.awaited_send(&name);
        let verb = self.cx.llm_file
            && (super::eval::generic_verb(&name, None)
                || name == "add_message"
                || super::eval::send_verb(&name)
                || awaited);
        if candidates.is_empty() && !verb {
            self.request_shaped(e, m);
            return;
        }
        let ev = self.cx.ev(Some(self.fi));
        let recv = ev.eval(&m.receiver);
        if let Val::LlmObj(o) = &recv {
            let named = super::eval::generic_verb(&name, o.sdk.as_deref());
            // a crate that only uses an LLM API (an application) has awaited methods of
            // every kind: only the ones named for sending count
            let weak = o
                .sdk
                .as_deref()
                .is_some_and(|s| catalog.is_weak_llm_crate(s));
            let send = if weak {
                super::eval::plain_send_verb(&name)
            } else {
                super::eval::send_verb(&name) || awaited
            };
            if named || send {
                let o = o.clone();
                self.report_generic(e, m, o, !named);
            } else {
                self.request_shaped(e, m);
            }
            return;
        }
        for call in candidates {
            let accept = match (&recv, call.receiver) {
                (Val::Client { sdk, via }, Receiver::Client) => {
                    *sdk == call.sdk
                        && call
                            .via
                            .as_ref()
                            .is_none_or(|v| via.as_deref() == Some(v.as_str()))
                }
                (Val::Agent(o), Receiver::Agent) => o.sdk.as_deref() == Some(call.sdk.as_str()),
                (Val::Obj(o), Receiver::Request) => {
                    o.sdk.as_deref() == Some(call.sdk.as_str()) && o.kind == Some(TypeKind::Request)
                }
                (Val::Unknown(_), Receiver::Client) => {
                    let via_ok = match &call.via {
                        Some(v) => {
                            matches!(&*m.receiver, Expr::MethodCall(r) if r.method == v.as_str())
                        }
                        None => true,
                    };
                    // `x.chat().create(..)` in a file that uses the SDK: the `via` shape is
                    // specific enough; bare generic names need a request of the SDK
                    via_ok
                        && (call.via.is_some() && self.cx.scope.imports_sdk(&call.sdk, catalog)
                            || m.args.iter().any(|a| {
                            matches!(ev.eval(a), Val::Obj(o) if o.sdk.as_deref() == Some(call.sdk.as_str()) && o.kind == Some(TypeKind::Request))
                        }) || !generic_method(&name)
                            && self.cx.scope.imports_sdk(&call.sdk, catalog))
                }
                _ => false,
            };
            if accept {
                self.report_sdk(e, m, call, &recv);
                return;
            }
        }
        self.request_shaped(e, m);
    }

    /// `client.create_chat_completion(req).await` on an object of any crate: a method named
    /// for sending a chat or completion request, handed a request that names a model and
    /// carries messages with roles (or a prompt): the evidence a raw HTTP body to a
    /// configured endpoint gives.
    fn request_shaped(&mut self, e: &'v Expr, m: &'v syn::ExprMethodCall) -> bool {
        let name = m.method.to_string();
        if !request_verb(&name) || m.args.is_empty() || m.args.len() > 3 {
            return false;
        }
        let ev = self.cx.ev(Some(self.fi));
        let keys = &self.cx.settings.catalog.rust.http.body_prompt_keys;
        let shaped = m.args.iter().any(|a| {
            let v = ev.eval(a);
            prompt::body_is_llm(&v, keys)
                && matches!(&v, Val::Obj(o) if o.get("model").is_some_and(|md| md.literal().is_some() || matches!(md, Val::Unknown(_)))
                    && (o.get("messages").and_then(super::eval::message_list).is_some()
                        || o.get("prompt").is_some_and(|p| matches!(p, Val::Str(_)))))
        });
        if !shaped {
            return false;
        }
        // the crate of the client's type, else of the request's
        let krate = std::iter::once(&*m.receiver)
            .chain(m.args.iter())
            .filter_map(|x| ev.type_name_of(x, 0))
            .find_map(
                |t| match self.cx.scope.resolve(&[t], &self.cx.settings.catalog.rust) {
                    super::scope::Resolved::External(full) => full.first().cloned(),
                    _ => None,
                },
            );
        let obj = super::eval::Obj {
            sdk: Some(krate.unwrap_or_else(|| "unknown".to_string())),
            ..super::eval::Obj::default()
        };
        self.report_generic(e, m, obj, false);
        true
    }

    /// `client.send_message("..")` on an object of an LLM crate outside the catalog: a call
    /// when the arguments (or the object) carry a prompt. A method known only by its shape
    /// (`strict`: awaited, or a send-like name) needs a prompt that reads as one: a message,
    /// a request with messages, or text that asks or instructs, not a name or a path.
    fn report_generic(
        &mut self,
        e: &'v Expr,
        m: &'v syn::ExprMethodCall,
        obj: super::eval::Obj,
        strict: bool,
    ) {
        let callee = self.cx.src.node(&m.method);
        self.report_generic_at(e, callee, m.method.to_string(), &m.args, obj, strict);
    }

    /// The call being visited (named `name`) is awaited and is not a builder step: it does
    /// I/O, and with a prompt in hand that is the request.
    fn awaited_send(&self, name: &str) -> bool {
        matches!(self.anc.last(), Some(Expr::Await(_))) && !super::eval::builder_step(name)
    }

    /// `query("..", None).await`, `text::generate(&client, request, options)`: a function of
    /// an LLM crate outside the catalog that sends (named so, or awaited), with a prompt.
    fn generic_fn(&mut self, e: &'v Expr, c: &'v syn::ExprCall) {
        if !self.cx.llm_file {
            return;
        }
        let Expr::Path(p) = &*c.func else { return };
        let Some(last) = p.path.segments.last() else {
            return;
        };
        let name = last.ident.to_string();
        if name.chars().next().is_none_or(|ch| !ch.is_lowercase()) {
            return;
        }
        let named = super::eval::generic_verb(&name, None);
        if !(named || super::eval::send_verb(&name) || self.awaited_send(&name)) {
            return;
        }
        // a wrapper of the project (its own crate's `llm::generate_json(&prompt)`): the
        // wrapper pass reports it with the prompt it builds
        if self
            .cx
            .index
            .get(&name, llmlint_rules::Language::Rust)
            .next()
            .is_some()
        {
            return;
        }
        let segs = super::scope::path_segs(&p.path);
        let catalog = &self.cx.settings.catalog.rust;
        let super::scope::Resolved::External(full) = self.cx.scope.resolve(&segs, catalog) else {
            return;
        };
        let Some(krate) = full.first() else { return };
        let sdk = if catalog.sdk_of_crate(krate).is_none()
            && super::scope::llm_crate_in(krate, catalog)
        {
            krate.clone()
        } else {
            // a function of a module we cannot place (`text::generate`, brought in by a
            // glob) handed a client of an LLM crate: it sends with that client
            let ev = self.cx.ev(Some(self.fi));
            let Some(client_sdk) = c.args.iter().find_map(|a| match ev.eval(a) {
                Val::LlmObj(o) => o.sdk,
                _ => None,
            }) else {
                return;
            };
            if catalog.sdk_of_crate(krate).is_some() {
                return;
            }
            client_sdk
        };
        // an application's own awaited functions are not sends unless named so
        if catalog.is_weak_llm_crate(&sdk) && !named && !super::eval::plain_send_verb(&name) {
            return;
        }
        let obj = super::eval::Obj {
            sdk: Some(sdk),
            ..super::eval::Obj::default()
        };
        let callee = self.cx.src.node(&last.ident);
        self.report_generic_at(e, callee, name, &c.args, obj, !named);
    }

    fn report_generic_at(
        &mut self,
        e: &'v Expr,
        callee: Span,
        api: String,
        args: &'v syn::punctuated::Punctuated<Expr, syn::Token![,]>,
        mut obj: super::eval::Obj,
        strict: bool,
    ) {
        let ev = self.cx.ev(Some(self.fi));
        let mut user: Option<Val> = None;
        let mut shaped = ["prompt", "messages", "system"]
            .iter()
            .any(|k| obj.get(k).is_some());
        let mut model_override: Option<Val> = None;
        for a in args {
            // `broker.generate(&messages, Some(&tools), ..)`: the model may act
            if super::eval::names_tools(a) {
                obj.set("tools", Val::Foreign);
                continue;
            }
            match ev.eval(a) {
                // `execute_chat_with_model(Model::Claude3Haiku, request)`: the model for this
                // request (a role is not a model)
                Val::Variant(v)
                    if v.chars().any(|c| c.is_ascii_digit())
                        && !matches!(
                            v.to_ascii_lowercase().as_str(),
                            "user" | "system" | "assistant"
                        ) =>
                {
                    model_override = Some(Val::Variant(v));
                }
                v @ Val::Str(_) => {
                    // `client.send("mini-2", msg)`: a model name, not the prompt
                    if v.literal().as_deref().is_some_and(super::eval::model_like) {
                        if obj.get("model").is_none() {
                            obj.set("model", v);
                        }
                        continue;
                    }
                    let segs = v.segs();
                    let text: String = segs
                        .iter()
                        .filter_map(|s| match s {
                            super::eval::Seg::Text(t, _) => Some(t.as_str()),
                            super::eval::Seg::Hole(_) => None,
                        })
                        .collect();
                    let lit = text.trim().len();
                    // a sentence or a question, not a label (`"weekly planning notes"`) or an
                    // expression handed to a tool (`calc.evaluate("2 + 3 * 4")`)
                    let words = text
                        .split_whitespace()
                        .filter(|w| w.chars().any(char::is_alphabetic))
                        .count();
                    let reads = !strict
                        || words >= 5
                        || words >= 2 && text.trim().contains('\n')
                        || words >= 2
                            && text
                                .trim_end()
                                .ends_with(['?', '.', '!', ':', '？', '。', '！', '：'])
                        || !text.is_ascii() && lit >= 6;
                    if lit >= 8 && reads && user.is_none() {
                        user = Some(v);
                        shaped = true;
                    }
                }
                // `Message::new(Role::User, "..")` handed to the send: one message
                Val::LlmObj(o) | Val::Obj(o)
                    if o.get("content").is_some()
                        && o.get("messages").is_none()
                        && o.get("prompt").is_none() =>
                {
                    let mut msg = super::eval::Obj::default();
                    let role = o.get("role").cloned().unwrap_or_else(|| {
                        Val::Str(vec![super::eval::Seg::Text("user".into(), None)])
                    });
                    msg.set("role", role);
                    msg.set("content", o.get("content").cloned().unwrap_or(Val::Foreign));
                    obj.set("messages+", Val::Obj(msg));
                    if let Some(md) = o.get("model")
                        && obj.get("model").is_none()
                    {
                        obj.set("model", md.clone());
                    }
                    shaped = true;
                }
                v @ Val::List(..) => {
                    if let Some(list) = super::eval::message_list(&v) {
                        obj.set("messages", list);
                        shaped = true;
                    }
                }
                Val::LlmObj(o) | Val::Obj(o) => {
                    for (k, x) in o.fields {
                        if matches!(k.as_str(), "prompt" | "messages" | "system" | "content") {
                            shaped = true;
                        }
                        let x = super::eval::message_list(&x).unwrap_or(x);
                        obj.fields.push((k, x));
                    }
                }
                // a prompt-named variable: `client.ask(prompt)`
                Val::Unknown(h) if user.is_none() && super::wrappers::prompt_named(&h.name) => {
                    user = Some(Val::Unknown(h));
                    shaped = true;
                }
                _ => {}
            }
        }
        if let Some(m) = model_override {
            obj.fields.retain(|(k, _)| k != "model");
            obj.set("model", m);
        }
        // an object built on an embedder (a semantic router, a retriever) matches text
        // against examples by embeddings: no model generates an answer
        if !shaped || obj.get("embedder").is_some() {
            return;
        }
        let sdk = obj.sdk.clone().unwrap_or_default();
        obj.kind = Some(TypeKind::Request);
        let req = Val::Obj(obj);
        // `tools: None`, `tools: vec![]`: none given
        let tooled = matches!(&req, Val::Obj(o) if o.get("tools").is_some_and(|t| {
            !matches!(t, Val::List(items, _) if items.is_empty())
                && !matches!(t, Val::Variant(v) if v == "None")
                && !matches!(t, Val::Unknown(h) if h.name == "None")
        }));
        let built = prompt::build(Some(&req), user.as_ref(), None, None);
        let variants = variants_of(Some(&req), user.as_ref(), None, None);
        let mut ctx = self.context(e, AnswerShape::Direct, false);
        // tools attached where the object was built (another function): the model routes
        if tooled && ctx.tools.is_empty() {
            ctx.tools.push("tools".to_string());
        }
        self.push_direct(
            Direct {
                span: self.cx.src.node(e),
                callee_span: callee,
                sdk,
                api,
                base_url: None,
                prompt_span: args.first().map(|a| self.cx.src.node(a)),
            },
            built,
            ctx,
            variants,
        );
    }

    fn report_sdk(&mut self, e: &'v Expr, m: &'v syn::ExprMethodCall, call: &RustCall, recv: &Val) {
        let ev = self.cx.ev(Some(self.fi));
        let args: Vec<&Expr> = m.args.iter().collect();
        let arg = |i: Option<usize>| i.and_then(|i| args.get(i).copied());
        let mut req_expr = arg(call.request_arg);
        let mut req = req_expr.map(|a| ev.eval(a));
        // the request sends itself
        if call.receiver == Receiver::Request {
            req = Some(recv.clone());
            req_expr = Some(&*m.receiver);
        }
        // `send_chat_messages_with_history` changed its argument order across versions
        if call.request_arg.is_some() && !matches!(req, Some(Val::Obj(_))) {
            for a in &args {
                let v = ev.eval(a);
                if matches!(&v, Val::Obj(o) if o.kind == Some(TypeKind::Request)) {
                    req = Some(v);
                    req_expr = Some(a);
                    break;
                }
            }
        }
        // a builder chain on a base we cannot see (`self.defaults().model(m).messages(..)`)
        if let (Some(Val::Unknown(h)), Some(x)) = (&req, req_expr)
            && h.param.is_none()
            && let Some(v) = partial_request(&ev, x, &call.sdk, 0)
        {
            req = Some(v);
        }
        let user_expr = arg(call.prompt_arg);
        let user = user_expr.map(|a| ev.eval(a));
        let model = arg(call.model_arg).map(|a| ev.eval(a));
        let options = arg(call.options_arg).map(|a| ev.eval(a));
        let agent = match recv {
            Val::Agent(o) => Some(Val::Agent(o.clone())),
            _ => None,
        };
        let req_ref = if agent.is_some() {
            agent.as_ref()
        } else {
            req.as_ref()
        };
        let built = prompt::build(req_ref, user.as_ref(), model.as_ref(), options.as_ref());
        let variants = variants_of(req_ref, user.as_ref(), model.as_ref(), options.as_ref());
        let prompt_span = req_expr.or(user_expr).map(|a| self.cx.src.node(a));
        let shape = match call.sdk.as_str() {
            "rig" => AnswerShape::Direct,
            "genai" => AnswerShape::GenaiText,
            "ollama-rs" => AnswerShape::Ollama,
            _ => AnswerShape::Choices,
        };
        let streaming = call.streaming || built.streaming;
        let ctx = self.context(e, shape, streaming);
        self.push_direct(
            Direct {
                span: self.cx.src.node(e),
                callee_span: self.cx.src.node(&m.method),
                sdk: call.sdk.clone(),
                api: call.api.clone(),
                base_url: None,
                prompt_span,
            },
            built,
            ctx,
            variants,
        );
    }

    /// `http.post(url)...json(&body)...send()`: an LLM call when the URL and body say so.
    fn http_post(&mut self, e: &'v Expr, m: &'v syn::ExprMethodCall) -> bool {
        let Some(url_expr) = m.args.first() else {
            return false;
        };
        let callee = self.cx.src.node(&m.method);
        self.http_post_at(e, url_expr, callee)
    }

    /// `ureq::post(url)...send_json(body)`: the free-function form.
    fn http_post_fn(&mut self, e: &'v Expr, c: &'v syn::ExprCall) {
        let Expr::Path(p) = &*c.func else { return };
        if c.args.len() != 1
            || p.path.segments.len() < 2
            || p.path.segments.last().is_none_or(|s| s.ident != "post")
        {
            return;
        }
        let segs = super::scope::path_segs(&p.path);
        let n = segs.len();
        let krate = match self.cx.scope.resolve(&segs, &self.cx.settings.catalog.rust) {
            super::scope::Resolved::External(full) => full[0].clone(),
            _ => segs[0].clone(),
        };
        if !matches!(
            krate.as_str(),
            "ureq" | "reqwest" | "attohttpc" | "minreq" | "surf" | "isahc"
        ) {
            return;
        }
        let Some(url_expr) = c.args.first() else {
            return;
        };
        let callee = self.cx.src.node(&p.path.segments[n - 1].ident);
        self.http_post_at(e, url_expr, callee);
    }

    fn http_post_at(&mut self, e: &'v Expr, url_expr: &'v Expr, callee: Span) -> bool {
        self.http_post_from(e, url_expr, callee, None, self.fi)
    }

    /// `helper(&client, cfg).json(&body).send()` where `helper` returns
    /// `client.post(url)...`: the POST is built in a function of this file.
    fn http_post_helper(&mut self, e: &'v Expr, m: &'v syn::ExprMethodCall) -> bool {
        let mut root: &Expr = &m.receiver;
        let mut n = 0;
        while let Expr::MethodCall(inner) = root {
            root = &inner.receiver;
            n += 1;
            if n > 32 {
                return false;
            }
        }
        let Expr::Call(c) = root else { return false };
        let Expr::Path(p) = &*c.func else {
            return false;
        };
        let Some(name) = p.path.get_ident().map(|i| i.to_string()) else {
            return false;
        };
        let Some(fi) = self
            .cx
            .scope
            .fns
            .iter()
            .position(|f| f.name == name && f.self_ty.is_none())
        else {
            return false;
        };
        if fi == self.fi {
            return false;
        }
        let mut finder = PostFinder {
            url: None,
            depth: 0,
        };
        syn::visit::Visit::visit_block(&mut finder, self.cx.scope.fns[fi].block);
        let Some(url_expr) = finder.url else {
            return false;
        };
        let callee = self.cx.src.node(&m.method);
        self.http_post_from(e, url_expr, callee, m.args.first(), fi)
    }

    fn http_post_from(
        &mut self,
        e: &'v Expr,
        url_expr: &Expr,
        callee: Span,
        first_body: Option<&'v Expr>,
        url_fn: usize,
    ) -> bool {
        let catalog = &self.cx.settings.catalog.rust;
        let http = &catalog.http;
        let ev = self.cx.ev(Some(self.fi));
        let url_val = self.cx.ev(Some(url_fn)).eval(url_expr);
        let url = llmlint_rules::render_segments(&prompt::to_segments(&url_val.segs()));
        let path = url.split('?').next().unwrap_or("");
        // an endpoint that embeds, moderates, transcribes or draws: the body may carry a
        // model and an input, but nothing generates text
        let lower = path.to_ascii_lowercase();
        if [
            "embed",
            "moderation",
            "/audio/",
            "/images/",
            "rerank",
            "tokeniz",
        ]
        .iter()
        .any(|k| lower.contains(k))
        {
            return false;
        }
        // no known suffix (an endpoint from configuration): the body's shape decides below
        let path_sdk = http
            .paths
            .iter()
            .filter(|p| path.ends_with(p.suffix.as_str()))
            .max_by_key(|p| p.suffix.len())
            .map(|p| p.sdk.clone());
        let host_sdk = http
            .hosts
            .iter()
            .find(|h| {
                url.split("://")
                    .nth(1)
                    .and_then(|r| r.split(['/', ':', '?']).next())
                    .is_some_and(|host| host == h.host)
            })
            .map(|h| h.sdk.clone());
        // climb the builder chain: .bearer_auth(..).json(&body).send()
        let mut cur: &Expr = e;
        let mut i = self.anc.len();
        let mut body: Option<&Expr> = first_body;
        let mut top: &Expr = e;
        let mut streaming = false;
        let mut sent = false;
        while i > 0 {
            let p = self.anc[i - 1];
            match p {
                Expr::MethodCall(pm) if std::ptr::eq(&*pm.receiver, cur) => {
                    let n = pm.method.to_string();
                    if http.body_methods.contains(&n) {
                        body = pm.args.first();
                    }
                    // ureq 3: `.send(body)` sends what it is given
                    if body.is_none() && http.send_methods.contains(&n) && pm.args.len() == 1 {
                        body = pm.args.first();
                    }
                    cur = p;
                    i -= 1;
                    if n == "eventsource" {
                        streaming = true;
                        top = p;
                        break;
                    }
                    top = p;
                    if http.send_methods.contains(&n) {
                        sent = true;
                        break;
                    }
                }
                Expr::Call(c)
                    if c.args.iter().any(|a| std::ptr::eq(a, cur))
                        && matches!(&*c.func, Expr::Path(fp) if fp.path.segments.last().is_some_and(|s| s.ident == "new")
                            && fp.path.segments.iter().any(|s| s.ident == "EventSource")) =>
                {
                    streaming = true;
                    top = p;
                    break;
                }
                // surf: `post(url).body_json(&req)?.recv_string()`
                Expr::Reference(_) | Expr::Paren(_) | Expr::Try(_) => {
                    cur = p;
                    i -= 1;
                }
                _ => break,
            }
        }
        // the builder kept in a variable and finished in later statements:
        // `let mut rb = client.post(url); if .. { rb = rb.bearer_auth(k); } rb.json(&req).send()`
        if !sent && let Some((name, local)) = self.bound_to(top) {
            let mut f = BuilderUse {
                src: self.cx.src,
                name: &name,
                after: self.cx.src.node(local).end,
                body_methods: &http.body_methods,
                send_methods: &http.send_methods,
                body: None,
                sent: false,
                depth: 0,
            };
            syn::visit::Visit::visit_block(&mut f, self.func_info().block);
            if f.sent && body.is_none() {
                body = f.body;
            }
        }
        let mut body_val = body.map(|b| ev.eval(b));
        // `if reasoning { json!({..}) } else { json!({..}) }`: read as the first request, the
        // others reported as variants
        let body_choice = body_val.clone();
        if let Some(Val::Choice(arms)) = &body_val {
            body_val = arms.first().map(|(_, v)| v.clone());
        }
        // the whole body is a parameter (`send_request(req: Req, ..)`): the caller's request
        if let (Some(Val::Foreign), Some(b)) = (&body_val, body)
            && let Some(name) = super::scope::simple_ident(b)
            && let Some(i) = self.func_info().env.params.iter().position(|p| *p == name)
        {
            body_val = Some(Val::Unknown(super::eval::Hole {
                name,
                span: Some(self.cx.src.node(b)),
                param: Some(i),
            }));
        }
        // a body we cannot see whose type this file declares with a model and messages
        // (`fn chat_completion(p: &Provider, req: &ChatReq)`): a chat request
        let typed_sdk = if matches!(&body_val, Some(Val::Foreign | Val::Unknown(_))) {
            body.and_then(|b| ev.type_name_of(b, 0))
                .and_then(|t| super::context::struct_schema(self.cx.src.text, &t))
                .and_then(|schema| {
                    let has = |k: &str| schema.fields.iter().any(|f| f.name == k);
                    if !has("model") {
                        None
                    } else if has("messages") || has("input") {
                        Some("http-openai")
                    } else if has("contents") {
                        Some("http-gemini")
                    } else if has("prompt") {
                        Some("http-ollama")
                    } else {
                        None
                    }
                })
        } else {
            None
        };
        let body_ok = typed_sdk.is_some()
            || body_val
                .as_ref()
                .is_some_and(|v| prompt::body_is_llm(v, &http.body_prompt_keys));
        // a chat endpoint's own path (`/v1/chat/completions`, `:generateContent`,
        // `/api/chat`) with a body we cannot see (a parameter, a type of another module);
        // a visible body that is not a chat request is something else (a chat server's
        // `/api/v1/messages`)
        let body_hidden = matches!(&body_val, Some(v) if !matches!(v, Val::Obj(_)));
        // a local OpenAI-compatible server (llama.cpp, LM Studio) takes `messages` without
        // a `model`
        let chat_body = matches!(&body_val, Some(Val::Obj(o)) if o.get("messages").is_some());
        let specific_path = (body_hidden || chat_body)
            && http.paths.iter().any(|p| {
                p.suffix.len() >= "/api/chat".len()
                    && p.suffix != "/v1/messages"
                    && path.ends_with(p.suffix.as_str())
            });
        if host_sdk.is_none() && !body_ok && !specific_path {
            return false;
        }
        let shape_sdk = || {
            let Some(Val::Obj(o)) = &body_val else {
                return None;
            };
            if o.get("messages").is_some() || o.get("input").is_some() {
                Some("http-openai".to_string())
            } else if o.get("contents").is_some() {
                Some("http-gemini".to_string())
            } else if o.get("prompt").is_some() && o.get("model").is_some() {
                Some("http-ollama".to_string())
            } else {
                None
            }
        };
        let Some(sdk) = host_sdk
            .or(path_sdk)
            .or_else(shape_sdk)
            .or(typed_sdk.map(str::to_string))
        else {
            return false;
        };
        let mut built = prompt::build(body_val.as_ref(), None, None, None);
        // Gemini names the model in the path: `models/gemini-2.0-flash:generateContent`
        if built.model.is_none()
            && let Some(rest) = path.split("/models/").nth(1)
        {
            let m = rest.split([':', '/']).next().unwrap_or("");
            if !m.is_empty() && !m.contains('{') {
                built.model = Some(llmlint_rules::Valued {
                    value: m.to_string(),
                    span: None,
                });
            }
        }
        let variants = variants_of(body_choice.as_ref(), None, None, None);
        let shape = AnswerShape::Http;
        let ctx = self.context(top, shape, streaming || built.streaming);
        self.push_direct(
            Direct {
                span: self.cx.src.node(top),
                callee_span: callee,
                sdk,
                api: "reqwest.post".to_string(),
                base_url: url_val.literal(),
                prompt_span: body.map(|b| self.cx.src.node(b)),
            },
            built,
            ctx,
            variants,
        );
        true
    }

    fn wrapper_method(
        &mut self,
        e: &'v Expr,
        m: &'v syn::ExprMethodCall,
        targets: &[WrapperTarget],
    ) {
        let name = m.method.to_string();
        let ev = self.cx.ev(Some(self.fi));
        for t in targets.iter().filter(|t| t.def.name == name) {
            if !wrappers::method_matches(&ev, t, &m.receiver, self.func_info())
                && !wrappers::untyped_receiver_with_instruction(&ev, t, m, self.func_info())
            {
                continue;
            }
            let args: Vec<&Expr> = m.args.iter().collect();
            if self.report_wrapper(e, &m.method, &args, t) {
                return;
            }
        }
    }

    fn wrapper_fn(&mut self, e: &'v Expr, c: &'v syn::ExprCall, targets: &[WrapperTarget]) {
        let Expr::Path(p) = &*c.func else { return };
        let Some(last) = p.path.segments.last() else {
            return;
        };
        let name = last.ident.to_string();
        let segs = super::scope::path_segs(&p.path);
        for t in targets.iter().filter(|t| t.def.name == name) {
            let Some(skip) = wrappers::path_matches(self.cx, t, &segs, self.func_info()) else {
                continue;
            };
            let args: Vec<&Expr> = c.args.iter().skip(skip).collect();
            if self.report_wrapper(e, &last.ident, &args, t) {
                return;
            }
        }
    }

    fn report_wrapper(
        &mut self,
        e: &'v Expr,
        callee: &syn::Ident,
        args: &[&Expr],
        t: &WrapperTarget,
    ) -> bool {
        // a wrapper calling itself is not a new call site
        if t.func == Some(self.fi) {
            return false;
        }
        let ev = self.cx.ev(Some(self.fi));
        let vals: Vec<Val> = args.iter().map(|a| ev.eval(a)).collect();
        let Some((site_prompt, model, whole_params)) = wrappers::resolve_call(t, &vals) else {
            return false;
        };
        // an argument picked by a `match` of prompts: the wrapper's prompt once per arm
        let mut variants: Vec<llmlint_rules::Prompt> = Vec::new();
        if let Some(i) = vals.iter().position(|v| matches!(v, Val::Choice(_))) {
            for alt in super::eval::expand_choice(&vals[i], 0) {
                let mut vs = vals.clone();
                vs[i] = alt;
                if let Some((p, _, _)) = wrappers::resolve_call(t, &vs) {
                    variants.push(p);
                }
            }
        }
        // the wrapper's prompt picked by a `match`: every arm with these arguments
        variants.extend(t.def.inner.variants.iter().filter_map(|p| {
            let mut def = t.def.clone();
            def.inner.prompt = p.clone();
            let one = WrapperTarget {
                def,
                func: t.func,
                foreign: t.foreign,
                user: t.user,
            };
            wrappers::resolve_call(&one, &vals).map(|(p, _, _)| p)
        }));
        let ctx = self.context(e, AnswerShape::Direct, t.def.inner.context.streaming);
        let mut param_holes: Vec<usize> = Vec::new();
        for v in &vals {
            for s in v.segs() {
                if let super::eval::Seg::Hole(h) = s
                    && let Some(p) = h.param
                    && !param_holes.contains(&p)
                {
                    param_holes.push(p);
                }
            }
        }
        // holes of the site's prompt named after this function's parameters: the caller's
        // own inputs (they may make this function a wrapper too)
        let mut whole_params = whole_params;
        let caller_params = &self.func_info().env.params;
        for m in &site_prompt.messages {
            let holes: Vec<&str> = m
                .segments
                .iter()
                .filter_map(|s| match s {
                    llmlint_rules::Segment::Hole { name, .. } => Some(name.as_str()),
                    _ => None,
                })
                .collect();
            for h in &holes {
                if let Some(i) = caller_params.iter().position(|p| p == h)
                    && !param_holes.contains(&i)
                {
                    param_holes.push(i);
                }
            }
            let texts = m
                .segments
                .iter()
                .any(|s| matches!(s, llmlint_rules::Segment::Text { text, .. } if !text.trim().is_empty()));
            if let [h] = holes.as_slice()
                && !texts
                && let Some(i) = caller_params.iter().position(|p| p == h)
                && !whole_params.contains(&i)
            {
                whole_params.push(i);
            }
        }
        let mut built = Built {
            whole_params,
            param_holes,
            ..Built::default()
        };
        built.other_literal = site_prompt.literal_text().trim().chars().count();
        let site = CallSite {
            path: self.cx.src.path.to_string(),
            language: Language::Rust,
            span: self.cx.src.node(e),
            callee_span: self.cx.src.node(callee),
            kind: CallKind::Wrapper,
            sdk: t.def.inner.sdk.clone(),
            api: t.def.qualname.clone(),
            model,
            provider: t.def.inner.provider.clone(),
            base_url: t.def.inner.base_url.clone(),
            prompt: site_prompt,
            prompt_span: args.first().map(|a| self.cx.src.node(*a)),
            max_tokens: t.def.inner.max_tokens.clone().map(|mut v| {
                if t.foreign {
                    v.span = None;
                }
                v
            }),
            temperature: t.def.inner.temperature.clone().map(|mut v| {
                if t.foreign {
                    v.span = None;
                }
                v
            }),
            response_format: t.def.inner.response_format.clone(),
            context: ctx,
            wrapper: Some(t.def.qualname.clone()),
            variants,
        };
        self.out.push(Found {
            site,
            func: Some(self.fi),
            built,
        });
        true
    }

    /// Context of the call expression `e` (for HTTP, the top of the builder chain).
    /// Report a direct SDK or HTTP call whose request was built into `built`.
    fn push_direct(
        &mut self,
        d: Direct,
        built: Built,
        context: Context,
        variants: Vec<llmlint_rules::Prompt>,
    ) {
        let site = CallSite {
            path: self.cx.src.path.to_string(),
            language: Language::Rust,
            span: d.span,
            callee_span: d.callee_span,
            kind: CallKind::Direct,
            sdk: d.sdk,
            api: d.api,
            model: built.model.clone(),
            provider: None,
            base_url: d.base_url,
            prompt: built.prompt.clone(),
            prompt_span: d.prompt_span,
            max_tokens: built.max_tokens.clone(),
            temperature: built.temperature.clone(),
            response_format: built.response_format.clone(),
            context,
            wrapper: None,
            variants,
        };
        self.out.push(Found {
            site,
            func: Some(self.fi),
            built,
        });
    }

    fn context(&self, e: &'v Expr, shape: AnswerShape, streaming: bool) -> Context {
        let f = self.func_info();
        let src = self.cx.src;
        let start = src.start_of(e);
        let mut mults = context::multipliers(&self.anc, start, &self.inherited);
        for m in context::fn_multipliers(f, self.cx.scope) {
            if !mults.contains(&m) {
                mults.push(m);
            }
        }
        let is_async = self
            .anc
            .iter()
            .rev()
            .take(3)
            .any(|a| matches!(a, Expr::Await(_)));
        // the answer: read inline, or through the name the response was bound to
        let mut climb = context::climb(src, &self.anc, e, shape, None);
        if (climb.answer.is_none() || shape == AnswerShape::Direct)
            && let Some((name, local)) = self.bound_to(e)
        {
            let stmt = Some(src.node(local));
            let after = local.semi_token.span.byte_range().end;
            let mut uf = UseFinder {
                src,
                name: &name,
                after,
                shape,
                stmt,
                anc: Vec::new(),
                result: None,
                depth: 0,
            };
            uf.visit_block(f.block);
            if let Some(c) = uf.result {
                climb = c;
            }
        }
        Context {
            enclosing_function: Some(f.qualname()),
            enclosing_function_span: Some(src.bytes(f.item_start, f.item_end)),
            multipliers: mults,
            response_uses: climb.uses,
            answer: climb.answer,
            is_async,
            streaming,
            tools: context::tools_in(src.text.get(f.item_start..f.item_end).unwrap_or("")),
            ..Context::default()
        }
    }

    /// When the call (through `.await`, `?`, `.map_err(..)`) is the initialiser of
    /// `let name = ...;`, the name and the statement.
    fn bound_to(&self, e: &'v Expr) -> Option<(String, &'v syn::Local)> {
        let (local, depth) = *self.locals.last()?;
        let mut cur: &Expr = e;
        let mut i = self.anc.len();
        while i > depth {
            let p = self.anc[i - 1];
            let ok = match p {
                Expr::Await(_) | Expr::Try(_) | Expr::Paren(_) => true,
                Expr::MethodCall(pm) => {
                    std::ptr::eq(&*pm.receiver, cur)
                        && matches!(
                            pm.method.to_string().as_str(),
                            "map_err" | "context" | "with_context" | "unwrap" | "expect" | "ok"
                        )
                }
                _ => false,
            };
            if !ok {
                return None;
            }
            cur = p;
            i -= 1;
        }
        let init = local.init.as_ref()?;
        if !std::ptr::eq(&*init.expr, cur) {
            return None;
        }
        let name = match &local.pat {
            Pat::Ident(i) => i.ident.to_string(),
            Pat::Type(t) => match &*t.pat {
                Pat::Ident(i) => i.ident.to_string(),
                _ => return None,
            },
            _ => return None,
        };
        Some((name, local))
    }
}

/// Finds the first use of a name after a byte offset and climbs from it.
struct UseFinder<'s, 'n, 'v> {
    src: &'s Source<'s>,
    name: &'n str,
    after: usize,
    shape: AnswerShape,
    stmt: Option<Span>,
    anc: Vec<&'v Expr>,
    result: Option<context::Climb>,
    depth: usize,
}

impl<'v> Visit<'v> for UseFinder<'_, '_, 'v> {
    fn visit_expr(&mut self, e: &'v Expr) {
        if self.result.is_some() || self.depth >= MAX_DEPTH {
            return;
        }
        if let Expr::Path(p) = e
            && p.path.is_ident(self.name)
            && self.src.start_of(e) >= self.after
        {
            let c = context::climb(self.src, &self.anc, e, self.shape, self.stmt);
            self.result = Some(c);
            return;
        }
        self.anc.push(e);
        self.depth += 1;
        syn::visit::visit_expr(self, e);
        self.depth -= 1;
        self.anc.pop();
    }
    fn visit_item(&mut self, _: &'v syn::Item) {}
}

/// Recover the setter calls of a request builder whose base is out of sight, following a
/// `let` binding: `let req = self.defaults().model(m).messages(msgs).build()?;`.
fn partial_request(ev: &Ev, e: &Expr, sdk: &str, depth: usize) -> Option<Val> {
    if depth > 4 {
        return None;
    }
    let (chain, root) = super::eval::method_chain(e)?;
    if chain.is_empty() && matches!(root, Expr::Path(_)) {
        let init = ev.let_init(root)?;
        return partial_request(ev, init, sdk, depth + 1);
    }
    let catalog = ev.catalog;
    let mut obj = super::eval::Obj {
        sdk: Some(sdk.to_string()),
        kind: Some(TypeKind::Request),
        ..Default::default()
    };
    let mut any = false;
    for m in chain.iter().rev() {
        let name = m.method.to_string();
        let key = catalog
            .types
            .iter()
            .filter(|t| t.sdk == sdk && t.kind == TypeKind::Request)
            .find_map(|t| t.keys.get(&name));
        if let (Some(key), Some(a)) = (key, m.args.first()) {
            obj.set(key, ev.eval(a));
            any = true;
        }
    }
    any.then_some(Val::Obj(obj))
}

/// The prompts a request can send when one of its texts is a `match` of prompts: one per
/// arm (empty when there is no such `match`).
fn variants_of(
    req: Option<&Val>,
    user: Option<&Val>,
    model: Option<&Val>,
    options: Option<&Val>,
) -> Vec<llmlint_rules::Prompt> {
    let from_req = req
        .map(|r| super::eval::expand_choice(r, 0))
        .unwrap_or_default();
    if !from_req.is_empty() {
        return from_req
            .iter()
            .map(|r| prompt::build(Some(r), user, model, options).prompt)
            .collect();
    }
    let from_user = user
        .map(|u| super::eval::expand_choice(u, 0))
        .unwrap_or_default();
    from_user
        .iter()
        .map(|u| prompt::build(req, Some(u), model, options).prompt)
        .collect()
}

/// A method name that says it sends a chat or completion request.
fn request_verb(n: &str) -> bool {
    let n = n.to_ascii_lowercase();
    !n.contains("embed")
        && !n.contains("token")
        && (n.contains("complet")
            || n.contains("chat")
            || n.contains("generate")
            || matches!(
                n.as_str(),
                "send" | "execute" | "invoke" | "infer" | "predict" | "prompt" | "ask" | "call"
            ))
        && ![
            "save", "store", "insert", "update", "delete", "log", "record", "persist", "cache",
        ]
        .iter()
        .any(|w| n.contains(w))
}

/// The later statements that finish a request builder kept in a variable: the body they
/// set and whether one of them sends it.
struct BuilderUse<'s, 'n, 'v> {
    src: &'s Source<'s>,
    name: &'n str,
    after: usize,
    body_methods: &'n [String],
    send_methods: &'n [String],
    body: Option<&'v Expr>,
    sent: bool,
    depth: usize,
}

impl<'v> Visit<'v> for BuilderUse<'_, '_, 'v> {
    fn visit_expr(&mut self, e: &'v Expr) {
        if self.sent || self.depth >= MAX_DEPTH {
            return;
        }
        if let Expr::MethodCall(_) = e
            && self.src.start_of(e) >= self.after
        {
            // the chain from its root: `rb.header(..).json(&body).send()`
            if let Some((chain, root)) = super::eval::method_chain(e)
                && matches!(root, Expr::Path(p) if p.path.is_ident(self.name))
            {
                for m in chain.iter().rev() {
                    let n = m.method.to_string();
                    if self.body_methods.contains(&n) && m.args.len() == 1 {
                        self.body = m.args.first();
                    }
                    if self.send_methods.contains(&n) {
                        if self.body.is_none() && m.args.len() == 1 {
                            self.body = m.args.first();
                        }
                        self.sent = true;
                        break;
                    }
                }
                return;
            }
        }
        self.depth += 1;
        syn::visit::visit_expr(self, e);
        self.depth -= 1;
    }
    fn visit_item(&mut self, _: &'v syn::Item) {}
}

/// The URL of the first `.post(url)` in a function body.
struct PostFinder<'a> {
    url: Option<&'a Expr>,
    depth: usize,
}

impl<'a> Visit<'a> for PostFinder<'a> {
    fn visit_expr(&mut self, e: &'a Expr) {
        if self.url.is_some() || self.depth >= MAX_DEPTH {
            return;
        }
        if let Expr::MethodCall(m) = e
            && m.method == "post"
            && m.args.len() == 1
        {
            self.url = m.args.first();
            return;
        }
        self.depth += 1;
        syn::visit::visit_expr(self, e);
        self.depth -= 1;
    }
    fn visit_item(&mut self, _: &'a syn::Item) {}
}

/// Whether the text writes a path into an LLM crate outside the catalog (`tinyllm::Client`).
fn names_llm_crate_path(text: &str, catalog: &llmlint_rules::catalog::rust::RustCatalog) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("::") {
        let at = from + i;
        let start = bytes[..at]
            .iter()
            .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .map_or(0, |p| p + 1);
        let word = &text[start..at];
        if !word.is_empty()
            && !matches!(word, "crate" | "self" | "super" | "std")
            && catalog.sdk_of_crate(word).is_none()
            && super::scope::llm_crate_in(word, catalog)
        {
            return true;
        }
        from = at + 2;
    }
    false
}
