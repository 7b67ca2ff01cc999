//! Wrappers: user functions whose parameter supplies a whole message or the whole prompt
//! of an LLM call inside. Their SDK call is `Inner`; each call of them is a `Wrapper` call
//! site with the prompt resolved from its arguments (same file, or through the index).

use std::collections::HashMap;

use llmlint_rules::catalog::UserWrapper;
use llmlint_rules::{CallKind, CallSite, Language, Message, Prompt, Segment, Valued};
use tree_sitter::Node;

use super::Ana;
use super::scope::Binding;
use super::sdk::Val;
use super::syntax::{Args, callee_name, push_all, unwrap_expr};
use crate::analysis::{CtorField, WrapperDef, WrapperIndex, WrapperParam};

impl<'t> Ana<'t> {
    /// Remember which parameters of the enclosing function feed whole parts of this
    /// call's prompt (`model=NAME` marks the model parameter).
    pub fn mark_params(&self, _site: &mut CallSite, call: Node<'t>, params: Vec<String>) {
        self.feeds.borrow_mut().insert(call.start_byte(), params);
    }

    pub fn resolve_wrappers(
        &self,
        calls: &[Node<'t>],
        sdk_sites: Vec<(Node<'t>, CallSite)>,
        index: &WrapperIndex,
    ) -> (Vec<CallSite>, Vec<WrapperDef>) {
        let mut sites: Vec<(Node<'t>, CallSite)> = Vec::new();
        // same-file wrappers: function index -> def
        let mut local: HashMap<usize, WrapperDef> = self.decorated_calls().into_iter().collect();
        for (call, mut site) in sdk_sites {
            let feeds = self
                .feeds
                .borrow()
                .get(&call.start_byte())
                .cloned()
                .unwrap_or_default();
            if let Some((fi, def)) = self.wrapper_from(call, &mut site, &feeds) {
                local.entry(fi).or_insert(def);
            }
            sites.push((call, site));
        }
        let mut done: Vec<usize> = sites.iter().map(|(c, _)| c.start_byte()).collect();
        // functions that call an LLM object or function their caller hands in
        for &c in calls {
            if done.contains(&c.start_byte()) {
                continue;
            }
            self.budget.set(super::BUDGET);
            if let Some((fi, def)) = self.relay_def(c) {
                local.entry(fi).or_insert(def);
                done.push(c.start_byte());
            }
        }
        for _round in 0..4 {
            let mut added = false;
            for &c in calls {
                if done.contains(&c.start_byte()) {
                    continue;
                }
                self.budget.set(super::BUDGET);
                let Some((def, from_user)) = self.wrapper_target(c, &local, index) else {
                    continue;
                };
                // what the arguments need from other modules (an imported prompt builder or
                // constant) is wanted, as for an SDK call's prompt
                self.recording.set(true);
                self.choices.borrow_mut().clear();
                let (mut site, feeds) = match from_user {
                    Some(uw) => self.user_wrapper_site(c, &uw),
                    None => self.wrapper_site(c, &def),
                };
                // the prompts the arguments can pick from tables (`RULES[kind]`)
                site.variants = self.variants_of(&site.prompt);
                // a relay is an LLM call only where its caller hands in an LLM object
                let relayed = def.inner.sdk != super::relays::RELAY
                    || self.fill_relayed(c, &def, &mut site, &local, index);
                self.recording.set(false);
                if !relayed {
                    // a method running a class relay on its own object, in a class that
                    // leaves the LLM object to subclasses, is one too
                    if let Some((fi, d)) = self.class_relay_caller(c, &def)
                        && let std::collections::hash_map::Entry::Vacant(e) = local.entry(fi)
                    {
                        e.insert(d);
                        added = true;
                    }
                    done.push(c.start_byte());
                    continue;
                }
                if let Some((fi, d)) = self.wrapper_from(c, &mut site, &feeds)
                    && let std::collections::hash_map::Entry::Vacant(e) = local.entry(fi)
                {
                    e.insert(d);
                    added = true;
                }
                done.push(c.start_byte());
                sites.push((c, site));
            }
            if !added {
                break;
            }
        }
        // a call through a parameter named as an LLM function, whose callers are elsewhere
        for &c in calls {
            if done.contains(&c.start_byte()) {
                continue;
            }
            self.budget.set(super::BUDGET);
            if let Some(site) = self.named_llm_param_site(c) {
                sites.push((c, site));
            }
        }
        let mut defs: Vec<WrapperDef> = local.into_values().collect();
        // a function defined twice in a module is the later one (as Python binds it); the
        // order must not come from the map
        defs.sort_by(|a, b| {
            (&a.qualname, b.inner.span.start).cmp(&(&b.qualname, a.inner.span.start))
        });
        defs.dedup_by(|a, b| a.qualname == b.qualname);
        (sites.into_iter().map(|(_, s)| s).collect(), defs)
    }

    /// When this call's prompt is fed whole by parameters of its function, mark it `Inner`
    /// and return the wrapper definition and its function. A nested function's call fed by a
    /// parameter of a function around it (a closure handed to a thread pool) makes that
    /// outer function the wrapper.
    pub(super) fn wrapper_from(
        &self,
        call: Node<'t>,
        site: &mut CallSite,
        feeds: &[String],
    ) -> Option<(usize, WrapperDef)> {
        let mut fi = self.scope.enclosing_func(call)?;
        let names = |f: &super::scope::Func| {
            f.user_params()
                .iter()
                .any(|u| feeds.iter().any(|p| p.trim_start_matches('*') == u.name))
        };
        while !names(&self.scope.funcs[fi])
            && let Some(outer) = self.scope.funcs[fi].parent
        {
            fi = outer;
        }
        let f = &self.scope.funcs[fi];
        let user = f.user_params();
        let fed: Vec<&String> = feeds
            .iter()
            .filter(|p| !p.starts_with("model="))
            .filter(|p| user.iter().any(|u| u.name == p.trim_start_matches('*')))
            .collect();
        // Fixed text in the prompt makes the parameter data (`summarize(text)`), unless the
        // parameter is itself named as the prompt or instruction, supplied by the caller.
        let instructed = has_instruction(&site.prompt) || site.variants.iter().any(has_instruction);
        if fed.is_empty()
            || (instructed
                && !fed
                    .iter()
                    .any(|p| is_prompt_param(p.trim_start_matches('*'))))
        {
            return None;
        }
        site.kind = CallKind::Inner;
        site.prompt.complete = false;
        if fed.iter().any(|p| p.starts_with('*')) && site.prompt.messages.is_empty() {
            let name = fed
                .iter()
                .find(|p| p.starts_with('*'))
                .map(|p| p.trim_start_matches('*').to_string())
                .unwrap_or_default();
            site.prompt.messages.push(Message {
                role: None,
                segments: vec![Segment::Hole { name, span: None }],
            });
        }
        let model_param = feeds
            .iter()
            .find_map(|p| p.strip_prefix("model="))
            .filter(|p| user.iter().any(|u| u.name == *p))
            .map(str::to_string);
        Some((fi, self.wrapper_def(fi, site.clone(), model_param)))
    }

    /// The definition of function `fi` as a wrapper of `inner`.
    pub(super) fn wrapper_def(
        &self,
        fi: usize,
        inner: CallSite,
        model_param: Option<String>,
    ) -> WrapperDef {
        let f = &self.scope.funcs[fi];
        WrapperDef {
            language: Language::Python,
            name: f.name.clone(),
            qualname: if self.module.is_empty() {
                f.qualname.clone()
            } else {
                format!("{}.{}", self.module, f.qualname)
            },
            path: self.path.to_string(),
            params: f
                .user_params()
                .iter()
                .filter(|p| !p.splat)
                .map(|p| WrapperParam {
                    name: p.name.clone(),
                    default: p.default.and_then(|d| self.const_str(d, 0)),
                    keyword_only: p.keyword_only,
                })
                .collect(),
            is_method: f.class.is_some(),
            ctor_fields: self.ctor_fields(f.class.as_deref(), &inner),
            inner,
            model_param,
        }
    }

    /// The fields of a method's object that its prompt reads (`{self.system_prompt}`) and
    /// that `__init__` sets straight from one of its parameters.
    fn ctor_fields(&self, class: Option<&str>, inner: &CallSite) -> Vec<CtorField> {
        let Some(class) = class else {
            return Vec::new();
        };
        let Some(init) = self.scope.func_by_name("__init__", Some(class)) else {
            return Vec::new();
        };
        let Some(attrs) = self.scope.classes.get(class).map(|c| &c.attrs) else {
            return Vec::new();
        };
        let init_node = self.scope.funcs[init].node;
        let params = self.scope.funcs[init].user_params();
        let mut out: Vec<CtorField> = Vec::new();
        let holes = inner
            .prompt
            .messages
            .iter()
            .flat_map(|m| m.segments.iter())
            .filter_map(|s| match s {
                Segment::Hole { name, .. } => name.strip_prefix("self."),
                _ => None,
            });
        let model_attrs = ["model", "model_name", "llm_model", "model_id"];
        for attr in holes.chain(model_attrs) {
            if out.iter().any(|c| c.attr == attr) {
                continue;
            }
            let Some(values) = attrs.get(attr) else {
                continue;
            };
            // set once, in `__init__`, from a parameter of the same name or another
            let [(v, _)] = values.as_slice() else {
                continue;
            };
            if v.kind() != "identifier"
                || v.start_byte() < init_node.start_byte()
                || v.end_byte() > init_node.end_byte()
            {
                continue;
            }
            let name = self.src.of(*v);
            let Some(index) = params.iter().position(|p| p.name == name && !p.splat) else {
                continue;
            };
            let p = &params[index];
            out.push(CtorField {
                attr: attr.to_string(),
                param: WrapperParam {
                    name: p.name.clone(),
                    default: p.default.and_then(|d| self.const_str(d, 0)),
                    keyword_only: p.keyword_only,
                },
                index,
                model: model_attrs.contains(&attr),
            });
        }
        out
    }

    /// The construction of the object a method is called on: `Bot("..").ask(q)`, or
    /// `bot = Bot("..")` earlier in scope; `None` when it cannot be seen.
    fn construction(&self, func: Node<'t>, qualname: &str) -> Option<Node<'t>> {
        if func.kind() != "attribute" {
            return None;
        }
        let recv = func.child_by_field_id(super::fields::object())?;
        let ctor = match recv.kind() {
            "call" => recv,
            "identifier" => match self.scope.lookup(self.src.of(recv), func) {
                Binding::Expr(v) if v.kind() == "call" => v,
                _ => return None,
            },
            _ => return None,
        };
        // the class it builds is the wrapper's class
        let class = qualname.rsplit('.').nth(1)?;
        let callee = ctor.child_by_field_id(super::fields::function())?;
        let named = self.src.of(callee_name(callee));
        (named == class).then_some(ctor)
    }

    /// Which wrapper (same file, index, or user-declared) this call calls.
    fn wrapper_target(
        &self,
        call: Node<'t>,
        local: &HashMap<usize, WrapperDef>,
        index: &WrapperIndex,
    ) -> Option<(WrapperDef, Option<UserWrapper>)> {
        let func = call.child_by_field_id(super::fields::function())?;
        // a function handed in by the callers (`def shout(fn, text): fn(..)`, `shout(ask, t)`)
        if let Some(d) = self.passed_wrapper(call, local, index) {
            return Some((d, None));
        }
        self.callee_wrapper(func, Some(call), local, index)
    }

    /// The wrapper an expression names as a callee (`ask`, `self.ask`, `llm.ask`,
    /// `helpers.ask`); `call` is the call it is the callee of, when it is one.
    pub(super) fn callee_wrapper(
        &self,
        func: Node<'t>,
        call: Option<Node<'t>>,
        local: &HashMap<usize, WrapperDef>,
        index: &WrapperIndex,
    ) -> Option<(WrapperDef, Option<UserWrapper>)> {
        if let Some(fi) = self.local_function(func) {
            // a recursive call inside the wrapper itself is not a new call site
            if self.scope.enclosing_func(call.unwrap_or(func)) == Some(fi) {
                return None;
            }
            return local.get(&fi).cloned().map(|d| (d, None));
        }
        // `self.ask(..)` where `ask` is inherited from a base class of the project
        if func.kind() == "attribute"
            && let Some(obj) = func.child_by_field_id(super::fields::object())
            && matches!(self.src.of(obj), "self" | "cls" | "super()")
            && let Some(attr) = func.child_by_field_id(super::fields::attribute())
            && let Some(class) = self.scope.enclosing_class(func)
        {
            let method = self.src.of(attr);
            let bases = self
                .scope
                .classes
                .get(&class)
                .map(|c| c.bases.clone())
                .unwrap_or_default();
            for b in bases {
                let b = b.split('[').next().unwrap_or(&b).trim().to_string();
                if let Some(fi) = self.scope.func_by_name(method, Some(&b)) {
                    if let Some(d) = local.get(&fi) {
                        return Some((d.clone(), None));
                    }
                    continue;
                }
                let head = b.split('.').next().unwrap_or(&b);
                let Some(base) = self.scope.imports.get(head) else {
                    continue;
                };
                let path = match b.split_once('.') {
                    Some((_, rest)) => format!("{base}.{rest}"),
                    None => base.clone(),
                };
                let want = format!("{path}.{method}");
                if let Some(d) = index
                    .get(method, Language::Python)
                    .find(|d| d.is_method && suffix_match(&d.qualname, &want))
                {
                    return Some((d.clone(), None));
                }
            }
        }
        // a method of a project class, called on an instance (`llm.ask(..)`)
        if func.kind() == "attribute"
            && let Some(obj) = func.child_by_field_id(super::fields::object())
            && let Some(attr) = func.child_by_field_id(super::fields::attribute())
            && let Some(Val::Object(class)) = self.resolve(obj, 0)
        {
            let method = self.src.of(attr);
            let short = class.rsplit('.').next().unwrap_or(&class);
            let here = if self.module.is_empty() {
                short.to_string()
            } else {
                format!("{}.{short}", self.module)
            };
            if class == here
                && let Some(fi) = self.scope.func_by_name(method, Some(short))
            {
                return local.get(&fi).cloned().map(|d| (d, None));
            }
            // the class's own method, else an implementation's (an interface-typed object)
            let mut wants = vec![format!("{class}.{method}")];
            wants.extend(
                index
                    .subclasses(&class)
                    .into_iter()
                    .map(|s| format!("{s}.{method}")),
            );
            return wants
                .iter()
                .find_map(|want| {
                    index
                        .get(method, Language::Python)
                        .find(|d| d.is_method && suffix_match(&d.qualname, want))
                })
                .cloned()
                .map(|d| (d, None));
        }
        // an imported function, also through a module bound to another name
        // (`gpt = modules.openai_api; gpt.post(..)`)
        let path = match self.scope.import_path(func, &self.src) {
            Some(p) => p,
            None => match self.resolve(func, 0)? {
                Val::Module(p) => p,
                _ => return None,
            },
        };
        let last = path.rsplit('.').next().unwrap_or(&path);
        for uw in &self.catalog.user_wrappers {
            if let Some(call) = call
                && suffix_match(&uw.name, &path)
            {
                let dummy = WrapperDef {
                    language: Language::Python,
                    name: last.to_string(),
                    qualname: uw.name.clone(),
                    path: String::new(),
                    params: Vec::new(),
                    is_method: false,
                    inner: self.empty_site(call, func),
                    model_param: None,
                    ctor_fields: Vec::new(),
                };
                return Some((dummy, Some(uw.clone())));
            }
        }
        let named: Vec<&WrapperDef> = index
            .get(last, Language::Python)
            .filter(|d| d.path != self.path)
            .collect();
        if let Some(d) = named.iter().find(|d| suffix_match(&d.qualname, &path)) {
            return Some(((*d).clone(), None));
        }
        let named: Vec<&WrapperDef> = named.into_iter().filter(|d| !d.is_method).collect();
        // an import path that names no module of the project any more (a module moved, a
        // package `__init__` re-exporting it): the one wrapper of that name in the same
        // top-level package
        let top = |q: &str| q.split('.').next().unwrap_or(q).to_string();
        match named.as_slice() {
            [d] if path.contains('.') && top(&d.qualname) == top(&path) => {
                Some(((*d).clone(), None))
            }
            _ => None,
        }
    }

    pub(super) fn empty_site(&self, call: Node<'t>, func: Node<'t>) -> CallSite {
        CallSite {
            path: self.path.to_string(),
            language: Language::Python,
            span: self.src.span(call),
            callee_span: self.src.span(callee_name(func)),
            kind: CallKind::Wrapper,
            sdk: "custom".into(),
            api: String::new(),
            model: None,
            provider: None,
            base_url: None,
            prompt: Prompt::default(),
            prompt_span: None,
            max_tokens: None,
            temperature: None,
            response_format: None,
            context: Default::default(),
            wrapper: None,
            variants: Vec::new(),
        }
    }

    /// A call of a wrapper: substitute the arguments into the wrapper's prompt.
    fn wrapper_site(&self, call: Node<'t>, def: &WrapperDef) -> (CallSite, Vec<String>) {
        let func = call.child_by_field_id(super::fields::function());
        let args = Args::of(call, &self.src);
        let mut site = def.inner.clone();
        site.path = self.path.to_string();
        site.span = self.src.span(call);
        site.callee_span = func
            .map(|f| self.src.span(callee_name(f)))
            .unwrap_or(site.span);
        // a decorated prompt function (mirascope) is itself the LLM call
        site.kind = if def.inner.kind == CallKind::Direct {
            CallKind::Direct
        } else {
            CallKind::Wrapper
        };
        site.api = def.qualname.clone();
        site.wrapper = Some(def.qualname.clone());
        site.context = Default::default();
        site.prompt_span = None;
        let arg_of = |name: &str| match def.params.iter().position(|p| p.name == name) {
            Some(i) => param_arg(&args, &def.params[i], i),
            None => args.kw(name),
        };
        let mut feeds = Vec::new();
        let mut complete = !args.splat;
        let mut messages = Vec::new();
        let ctor = if def.ctor_fields.is_empty() {
            None
        } else {
            func.and_then(|f| self.construction(f, &def.qualname))
        };
        for m in &def.inner.prompt.messages {
            // a whole-list parameter
            if m.role.is_none()
                && let [Segment::Hole { name, .. }] = m.segments.as_slice()
                && let Some(a) = arg_of(name)
                && matches!(unwrap_expr(a).kind(), "list" | "identifier")
                && self.is_listy(a)
            {
                let r = self.messages_rec(a, false, 0);
                complete &= r.complete;
                feeds.extend(r.params);
                if let Some(lp) = r.list_param {
                    feeds.push(format!("*{lp}"));
                }
                messages.extend(r.messages);
                continue;
            }
            let mut segs = Vec::new();
            let whole = m.segments.len() == 1;
            for s in &m.segments {
                match s {
                    Segment::Hole { name, span } if def.params.iter().any(|p| &p.name == name) => {
                        match arg_of(name) {
                            Some(a) => {
                                let mut r = self.content_rec(a, 0);
                                // text handed to a LangChain wrapper is template text: its
                                // `{fields}` are filled at the call inside
                                if def.inner.sdk == "langchain" {
                                    r.segs = super::prompt::template_holes(r.segs);
                                }
                                complete &= r.complete;
                                if whole && let Some(p) = r.param {
                                    feeds.push(p);
                                }
                                push_all(&mut segs, r.segs);
                                if site.prompt_span.is_none() {
                                    site.prompt_span = Some(self.src.span(a));
                                }
                            }
                            None => {
                                let d = def
                                    .params
                                    .iter()
                                    .find(|p| &p.name == name)
                                    .and_then(|p| p.default.clone());
                                match d {
                                    Some(text) => push_all(
                                        &mut segs,
                                        vec![Segment::Text { text, span: None }],
                                    ),
                                    None if whole => {}
                                    None => segs.push(Segment::Hole {
                                        name: name.clone(),
                                        span: *span,
                                    }),
                                }
                            }
                        }
                    }
                    // `{self.system_prompt}` set by the constructor: the argument the
                    // object was built with
                    Segment::Hole { name, .. }
                        if let Some(f) = name.strip_prefix("self.").and_then(|a| {
                            def.ctor_fields.iter().find(|c| c.attr == a && !c.model)
                        }) && let Some(ctor) = ctor =>
                    {
                        let cargs = Args::of(ctor, &self.src);
                        match (param_arg(&cargs, &f.param, f.index), &f.param.default) {
                            (Some(a), _) => {
                                let r = self.content_rec(a, 0);
                                complete &= r.complete && !cargs.splat;
                                push_all(&mut segs, r.segs);
                            }
                            (None, Some(text)) => push_all(
                                &mut segs,
                                vec![Segment::Text {
                                    text: text.clone(),
                                    span: None,
                                }],
                            ),
                            (None, None) => push_all(&mut segs, vec![s.clone()]),
                        }
                    }
                    other => push_all(&mut segs, vec![other.clone()]),
                }
            }
            if !segs.is_empty() {
                messages.push(Message {
                    role: m.role.clone(),
                    segments: segs,
                });
            }
        }
        site.prompt = Prompt {
            complete: complete && !messages.is_empty(),
            messages,
        };
        if let Some(mp) = &def.model_param
            && let Some(a) = arg_of(mp)
        {
            {
                match self.model_value(a) {
                    Some((v, p)) => {
                        site.model = v;
                        if let Some(p) = p {
                            feeds.push(format!("model={p}"));
                        }
                    }
                    None => site.model = None,
                }
            }
        }
        // `Bot(model="gpt-4o")`: the model the object was built with
        if let Some(ctor) = ctor
            && let Some(f) = def.ctor_fields.iter().find(|c| c.model)
            && let Some(a) = param_arg(&Args::of(ctor, &self.src), &f.param, f.index)
        {
            site.model = self.model_value(a).and_then(|(v, _)| v);
        }
        let returns_text = def.inner.context.answer.is_some();
        self.fill_context(&mut site, call, returns_text);
        (site, feeds)
    }

    fn is_listy(&self, a: Node<'t>) -> bool {
        let u = unwrap_expr(a);
        match u.kind() {
            "list" => true,
            "identifier" => match self.scope.lookup(self.src.of(u), u) {
                Binding::Expr(e) => unwrap_expr(e).kind() == "list",
                Binding::Param(..) => true,
                _ => false,
            },
            _ => false,
        }
    }

    /// A call of a helper declared in config.
    fn user_wrapper_site(&self, call: Node<'t>, uw: &UserWrapper) -> (CallSite, Vec<String>) {
        let func = call.child_by_field_id(super::fields::function());
        let args = Args::of(call, &self.src);
        let mut site = match func {
            Some(f) => self.empty_site(call, f),
            None => self.empty_site(call, call),
        };
        site.sdk = uw.sdk.clone().unwrap_or_else(|| "custom".into());
        site.api = uw.name.clone();
        site.wrapper = Some(uw.name.clone());
        let mut feeds = Vec::new();
        let mut messages = Vec::new();
        let mut complete = !args.splat;
        if let Some(s) = uw.system_arg.and_then(|i| args.positional.get(i)) {
            let r = self.content_rec(*s, 0);
            feeds.extend(r.param);
            messages.push(Message {
                role: Some("system".into()),
                segments: r.segs,
            });
        }
        let p = uw
            .prompt_kw
            .as_deref()
            .and_then(|k| args.kw(k))
            .or_else(|| uw.prompt_arg.and_then(|i| args.positional.get(i).copied()));
        match p {
            Some(p) => {
                let r = self.prompt_rec(p, "user", 0);
                complete &= r.complete;
                feeds.extend(r.params);
                messages.extend(r.messages);
                site.prompt_span = Some(self.src.span(p));
            }
            None => complete = false,
        }
        site.prompt = Prompt { messages, complete };
        let m = uw
            .model_kw
            .as_deref()
            .and_then(|k| args.kw(k))
            .or_else(|| uw.model_arg.and_then(|i| args.positional.get(i).copied()));
        site.model = match m {
            Some(m) => self.model_value(m).and_then(|x| x.0),
            None => uw.model.clone().map(|value| Valued { value, span: None }),
        };
        self.fill_context(&mut site, call, true);
        (site, feeds)
    }
}

/// The argument a call gives to parameter `p`, the `index`-th: by keyword, else by position
/// unless the parameter is keyword-only.
fn param_arg<'t>(args: &Args<'t>, p: &WrapperParam, index: usize) -> Option<Node<'t>> {
    args.kw(&p.name).or_else(|| {
        (!p.keyword_only)
            .then(|| args.positional.get(index).copied())
            .flatten()
    })
}

/// `pkg.llm_helpers.ask` matches the import path `llm_helpers.ask` (either is a dotted
/// suffix of the other).
/// Folder names are compared ignoring case: an import of `services.ai.client` reaches
/// `services/AI/client.py` on the case-insensitive file systems the code was written on.
fn suffix_match(qualname: &str, path: &str) -> bool {
    let (q, p) = (qualname.to_lowercase(), path.to_lowercase());
    q == p || q.ends_with(&format!(".{p}")) || p.ends_with(&format!(".{q}"))
}

/// A parameter named as the prompt or instruction itself (`prompt`, `system_prompt`,
/// `instructions`, `messages`...): whatever fixed text surrounds it, the task comes from the
/// caller. Names of data (`message`, `text`, `question`) do not count: a customer message
/// under a fixed instruction is the input, not the task.
pub fn is_prompt_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "prompt" | "prompts" | "system" | "instruction" | "instructions" | "messages" | "template"
    ) || n.ends_with("_prompt")
        || n.starts_with("prompt_")
        || n.ends_with("_instruction")
        || n.ends_with("_instructions")
}

/// Does the prompt carry a fixed instruction of its own (literal text other than a generic
/// persona line)? Then a parameter in it is data, and the function is not a wrapper.
pub(super) fn has_instruction(p: &Prompt) -> bool {
    p.messages.iter().any(|m| {
        let text: String = m
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Text { text, .. } => Some(text.as_str()),
                Segment::Hole { .. } => None,
            })
            .collect();
        let t = text.trim().to_ascii_lowercase();
        if t.is_empty() {
            return false;
        }
        let generic = m.role.as_deref() == Some("system")
            && t.len() < 80
            && (t.contains("helpful assistant")
                || t == "you are an assistant."
                || t == "you are an assistant");
        !generic
    })
}
