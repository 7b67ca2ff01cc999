//! SDK call matching: what an expression evaluates to (a module path, an SDK client, a
//! LangChain chain) and which calls send a prompt to a model, per the catalog.

use llmlint_rules::catalog::python::{ArgSpec, CallSpec, ClientSpec};
use llmlint_rules::{CallKind, CallSite, Context, Language, Message, Prompt, Segment, Valued};

use crate::analysis::{FactValue, Want};
use tree_sitter::Node;

use super::Ana;
use super::facts::inst_of;
use super::prompt::MsgsRec;
use super::scope::Binding;
use super::syntax::{
    Args, MAX_DEPTH, callee_name, dotted, literal_str, named_children, push_all, push_text,
    unwrap_expr,
};

/// An LLM client or LLM object, with what its construction says.
#[derive(Debug, Clone, Default)]
pub struct Inst {
    pub sdk: String,
    pub family: String,
    pub provider: Option<String>,
    pub base_url: Option<String>,
    pub model: Option<Valued<String>>,
    pub model_param: Option<String>,
    pub temperature: Option<Valued<f64>>,
    pub max_tokens: Option<Valued<u64>>,
    pub response_format: Option<String>,
    pub system: Option<Vec<Segment>>,
    pub is_async: bool,
    /// An HTTP session (`httpx.AsyncClient()`), whose `.post` may be an LLM call.
    pub http: bool,
}

/// A LangChain runnable sequence (`prompt | llm | parser`) or `LLMChain`.
#[derive(Debug, Clone, Default)]
pub struct Chain {
    pub template: Option<Prompt>,
    pub llm: Option<Inst>,
    pub text_out: bool,
    pub json_out: bool,
    /// The prompt of an earlier chain whose answer fills this chain's template
    /// (`{"email": first} | check_prompt | llm`), until that template comes.
    pub earlier: Option<Prompt>,
}

#[derive(Debug, Clone)]
pub enum Val {
    /// A dotted import path (a module, a class, a function).
    Module(String),
    Inst(Box<Inst>),
    /// An attribute chain after a client: `chat.completions`.
    Member(Box<Inst>, String),
    Chain(Box<Chain>),
    Template(Prompt),
    /// The StrOutputParser / JSON parsers of LangChain.
    Parser {
        json: bool,
    },
    /// An instance of a project class (`app.llm.LLMClient`), whose methods may wrap an LLM call.
    Object(String),
}

/// Where call arguments are looked up: the call's own arguments, then nested dicts.
pub struct Finder<'t> {
    pub args: Args<'t>,
    /// (key, value) pairs from nested dicts / config calls, in order.
    pub nested: Vec<(String, Node<'t>)>,
}

impl<'t> Finder<'t> {
    pub fn find(&self, refs: &[String]) -> Option<Node<'t>> {
        for r in refs {
            if let Some(n) = self.args.get(r) {
                return Some(n);
            }
            if !r.starts_with('#')
                && let Some((_, n)) = self.nested.iter().find(|(k, _)| k == r)
            {
                return Some(*n);
            }
        }
        None
    }
}

impl<'t> Ana<'t> {
    /// Evaluate an expression to a symbolic value, following names and attributes.
    pub fn resolve(&self, n: Node<'t>, depth: usize) -> Option<Val> {
        if depth > MAX_DEPTH || !self.tick() {
            return None;
        }
        let n = unwrap_expr(n);
        if let Some(f) = self.imported_fact(n) {
            match &f.value {
                FactValue::Client(c) => return Some(Val::Inst(Box::new(inst_of(c)))),
                FactValue::Object { class } => return Some(Val::Object(class.clone())),
                FactValue::Prompt(p) => return Some(Val::Template(p.clone())),
                _ => {}
            }
        }
        match n.kind() {
            "identifier" => {
                let name = self.src.of(n);
                match self.scope.lookup(name, n) {
                    Binding::Import => self.scope.imports.get(name).cloned().map(Val::Module),
                    Binding::Expr(e) => match self.resolve(e, depth + 1) {
                        Some(Val::Inst(mut i)) => {
                            self.add_dynamic_system(&mut i, name, e, depth);
                            Some(Val::Inst(i))
                        }
                        v => v,
                    },
                    Binding::Param(f, i) => {
                        let p = self.scope.funcs.get(f)?.params.get(i)?;
                        // the annotation, else an LLM object as the default value
                        // (`model: BaseChatModel = base_llm`), else what this file's callers
                        // hand in (`run(agent)`)
                        if let Some(v) = p.annotation.and_then(|a| self.annotated(a, n)) {
                            return Some(v);
                        }
                        if let Some(d) = p.default
                            && let Some(v @ (Val::Inst(_) | Val::Object(_) | Val::Chain(_))) =
                                self.resolve(d, depth + 1)
                        {
                            return Some(v);
                        }
                        self.param_from_callers(f, i, depth)
                    }
                    Binding::Unknown => None,
                }
            }
            "attribute" => {
                let obj = n.child_by_field_id(super::fields::object())?;
                let attr = self
                    .src
                    .of(n.child_by_field_id(super::fields::attribute())?);
                if obj.kind() == "identifier"
                    && let Some(v) = self.self_attr(obj, attr)
                {
                    return self.resolve(v, depth + 1);
                }
                match self.resolve(obj, depth + 1)? {
                    Val::Module(p) => Some(Val::Module(format!("{p}.{attr}"))),
                    Val::Inst(i) => Some(Val::Member(i, attr.to_string())),
                    Val::Member(i, c) => Some(Val::Member(i, format!("{c}.{attr}"))),
                    Val::Object(class) => self.object_client(&class, attr, n, depth),
                    _ => None,
                }
            }
            "call" => {
                let func = n.child_by_field_id(super::fields::function())?;
                // a same-file function returning a client (`def get_client(): return OpenAI()`)
                if let Some(fi) = self.local_function(func) {
                    let f = &self.scope.funcs[fi];
                    for r in f.returns.clone() {
                        if let Some(v) = self.resolve(r, depth + 1) {
                            return Some(v);
                        }
                    }
                    return None;
                }
                if let Some(class) = self.local_class(func) {
                    return Some(Val::Object(class));
                }
                // an imported factory function returning a client, or an object of a
                // project class (`get_llm()` returning an `LLMClient()`)
                if let Some(f) = self.imported_fact(func) {
                    match &f.value {
                        FactValue::Client(c) => return Some(Val::Inst(Box::new(inst_of(c)))),
                        FactValue::Object { class } => return Some(Val::Object(class.clone())),
                        _ => {}
                    }
                }
                // `chain.with_config(..)`, `.bind(..)`, `.with_retry()`: the same chain
                if func.kind() == "attribute"
                    && let Some(attr) = func.child_by_field_id(super::fields::attribute())
                    && matches!(
                        self.src.of(attr),
                        "with_config"
                            | "bind"
                            | "with_retry"
                            | "with_fallbacks"
                            | "with_types"
                            | "with_listeners"
                    )
                    && let Some(obj) = func.child_by_field_id(super::fields::object())
                    && let Some(v @ Val::Chain(_)) = self.resolve(obj, depth + 1)
                {
                    return Some(v);
                }
                // `template.partial(now=..)`: the same template with fields pinned
                if func.kind() == "attribute"
                    && let Some(attr) = func.child_by_field_id(super::fields::attribute())
                    && self.src.of(attr) == "partial"
                    && let Some(obj) = func.child_by_field_id(super::fields::object())
                    && let Some(v @ Val::Template(_)) = self.resolve(obj, depth + 1)
                {
                    return Some(v);
                }
                match self.resolve(func, depth + 1)? {
                    Val::Module(p) => self
                        .resolve_module_call(&p, n, depth)
                        .or_else(|| self.project_class(&p).map(Val::Object)),
                    Val::Member(i, chain) => self.derive(&i, &chain, n),
                    Val::Inst(_)
                    | Val::Chain(_)
                    | Val::Template(_)
                    | Val::Parser { .. }
                    | Val::Object(_) => None,
                }
            }
            "boolean_operator" | "conditional_expression" => {
                // `client or OpenAI()`, `OpenAI() if x else None`
                named_children(n)
                    .into_iter()
                    .take(2)
                    .find_map(|c| self.resolve(c, depth + 1))
            }
            "binary_operator" => {
                let op = n
                    .child_by_field_id(super::fields::operator())
                    .map(|o| self.src.of(o));
                if op != Some("|") {
                    return None;
                }
                let mut chain = Chain::default();
                self.collect_pipe(n, &mut chain, depth + 1);
                Some(Val::Chain(Box::new(chain)))
            }
            _ => None,
        }
    }

    /// Functions decorated `@agent.system_prompt` / `@agent.instructions` beside the binding
    /// of `agent` (pydantic-ai): their returned text follows the agent's system prompt.
    fn add_dynamic_system(&self, inst: &mut Inst, name: &str, bound: Node<'t>, depth: usize) {
        let scope = self.scope.enclosing_func(bound);
        let wanted = [
            format!("{name}.system_prompt"),
            format!("{name}.instructions"),
        ];
        for f in &self.scope.funcs {
            if f.parent != scope || f.class.is_some() || f.returns.is_empty() {
                continue;
            }
            let decorated = f.decorators.iter().any(|d| {
                let t = self.src.of(*d).trim_start_matches('@').trim();
                let t = t.split('(').next().unwrap_or(t).trim();
                wanted.iter().any(|w| w == t)
            });
            if !decorated || !self.is_stringish(f.returns[0], depth + 1) {
                continue;
            }
            let segs = self.text_rec(f.returns[0], depth + 1).segs;
            let sys = inst.system.get_or_insert_with(Vec::new);
            if !sys.is_empty() {
                super::syntax::push_all(
                    sys,
                    vec![Segment::Text {
                        text: "\n\n".into(),
                        span: None,
                    }],
                );
            }
            super::syntax::push_all(sys, segs);
        }
    }

    /// `self.x` / `cls.x` → the value assigned to the attribute in the class.
    /// The client or project object a parameter annotation names.
    fn annotated(&self, ann: Node<'t>, at: Node<'t>) -> Option<Val> {
        let ann = annotation_class(ann);
        if let Some(class) = self.local_class(ann) {
            return Some(Val::Object(class));
        }
        // a forward reference in quotes: `client: "OpenAI"`
        let path = match literal_str(ann, &self.src) {
            Some(written) => {
                let head = written.split('.').next().unwrap_or(&written);
                let base = self.scope.imports.get(head)?;
                match written.split_once('.') {
                    Some((_, rest)) => format!("{base}.{rest}"),
                    None => base.clone(),
                }
            }
            None => self.scope.import_path(ann, &self.src)?,
        };
        self.construct(&path, None, at)
            .map(|i| Val::Inst(Box::new(i)))
            .or_else(|| self.project_class(&path).map(Val::Object))
    }

    /// The LLM object (client, agent, chain, project object) every caller in this file passes
    /// for parameter `i` of function `f`; None when a caller passes something else or none
    /// can be resolved.
    fn param_from_callers(&self, f: usize, i: usize, depth: usize) -> Option<Val> {
        let func = self.scope.funcs.get(f)?;
        let p = func.params.get(i)?;
        if p.splat {
            return None;
        }
        // the position callers write: `self` is not written for methods
        let skip = func.params.len() - func.user_params().len();
        let pos = i.checked_sub(skip)?;
        let mut found: Option<Val> = None;
        for &c in self.calls_named(&func.name) {
            if !self.tick() {
                return None;
            }
            let Some(callee) = c.child_by_field_id(super::fields::function()) else {
                continue;
            };
            if self.local_function(callee) != Some(f) {
                continue;
            }
            // a recursive call passes the parameter on
            if self.scope.enclosing_func(c) == Some(f) {
                continue;
            }
            let args = super::syntax::Args::of(c, &self.src);
            let arg = args.kw(&p.name).or_else(|| {
                (!p.keyword_only)
                    .then(|| args.positional.get(pos).copied())
                    .flatten()
            });
            let Some(arg) = arg else { continue };
            match self.resolve(arg, depth + 1) {
                Some(v @ (Val::Inst(_) | Val::Object(_) | Val::Chain(_))) => {
                    if found.is_none() {
                        found = Some(v);
                    }
                }
                _ => return None,
            }
        }
        found
    }

    /// The calls of this file whose callee's last name is `name` (`ask(..)`, `self.ask(..)`).
    pub fn calls_named(&self, name: &str) -> &[Node<'t>] {
        let by_name = self.calls_by_name.get_or_init(|| {
            let mut m: std::collections::HashMap<&'t str, Vec<Node<'t>>> = Default::default();
            for &c in &self.calls {
                if let Some(callee) = c.child_by_field_id(super::fields::function()) {
                    m.entry(self.src.of(callee_name(callee)))
                        .or_default()
                        .push(c);
                }
            }
            m
        });
        by_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A client an object of a project class holds in an attribute (`svc.model` where the
    /// class's `__init__` sets `self.model = genai.GenerativeModel(..)`): from this file's
    /// class, or from the class's fact in the project index.
    fn object_client(&self, class: &str, attr: &str, at: Node<'t>, depth: usize) -> Option<Val> {
        let short = class.rsplit('.').next().unwrap_or(class);
        let here = if self.module.is_empty() {
            short.to_string()
        } else {
            format!("{}.{short}", self.module)
        };
        if class == here || class == short {
            let v = self.scope.class_attr(short, attr, at)?;
            return match self.resolve(v, depth + 1)? {
                v @ Val::Inst(_) => Some(v),
                _ => None,
            };
        }
        let path = format!("{class}.{attr}");
        match self.index.python_fact(&path, self.path) {
            Some(f) => match &f.value {
                FactValue::Client(c) => Some(Val::Inst(Box::new(inst_of(c)))),
                _ => None,
            },
            None => {
                if self.recording.get() && !self.catalog_module(&path) {
                    self.module_wants
                        .borrow_mut()
                        .push(Want::Module(Language::Python, path));
                }
                None
            }
        }
    }

    pub fn self_attr(&self, obj: Node<'t>, attr: &str) -> Option<Node<'t>> {
        let o = self.src.of(obj);
        let class = if o == "self" || o == "cls" {
            self.scope.enclosing_class(obj)?
        } else if self.scope.classes.contains_key(o)
            && matches!(self.scope.lookup(o, obj), Binding::Unknown)
        {
            o.to_string()
        } else {
            return None;
        };
        self.scope.class_attr(&class, attr, obj)
    }

    /// A same-file function called by `func` (a bare name, or `self.name`): a function
    /// defined inside the functions around the call (the innermost first), else at module
    /// level.
    pub fn local_function(&self, func: Node<'t>) -> Option<usize> {
        match func.kind() {
            "identifier" => {
                let name = self.src.of(func);
                if !matches!(self.scope.lookup(name, func), Binding::Unknown) {
                    return None;
                }
                let mut around = self.scope.enclosing_func(func);
                while let Some(fi) = around {
                    if let Some(n) = self.scope.nested_func_by_name(name, fi) {
                        return Some(n);
                    }
                    around = self.scope.funcs[fi].parent;
                }
                self.scope.func_by_name(name, None)
            }
            "attribute" => {
                let obj = func.child_by_field_id(super::fields::object())?;
                if obj.kind() != "identifier" || !matches!(self.src.of(obj), "self" | "cls") {
                    return None;
                }
                let class = self.scope.enclosing_class(func)?;
                let name = self
                    .src
                    .of(func.child_by_field_id(super::fields::attribute())?);
                self.scope.func_by_name(name, Some(&class))
            }
            _ => None,
        }
    }

    fn collect_pipe(&self, n: Node<'t>, chain: &mut Chain, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let n = unwrap_expr(n);
        if n.kind() == "binary_operator"
            && n.child_by_field_id(super::fields::operator())
                .map(|o| self.src.of(o))
                == Some("|")
        {
            if let Some(l) = n.child_by_field_id(super::fields::left()) {
                self.collect_pipe(l, chain, depth + 1);
            }
            if let Some(r) = n.child_by_field_id(super::fields::right()) {
                self.collect_pipe(r, chain, depth + 1);
            }
            return;
        }
        if n.kind() == "dictionary" && chain.template.is_none() && chain.llm.is_none() {
            // `{"email": first_chain, ..} | ..`: the first step's prompt comes first
            for (_, v) in self.dict_pairs(n, depth + 1) {
                if let Some(Val::Chain(c)) = self.resolve(v, depth + 1)
                    && let Some(t) = c.template
                {
                    chain.earlier = Some(t);
                    chain.llm = None;
                    break;
                }
            }
            return;
        }
        match self.resolve(n, depth + 1) {
            // `t1 | llm | parser | t2 | llm`: a later step whose template takes the first
            // step's answer; the chain's prompt is both templates, in order.
            Some(Val::Template(p)) if chain.llm.is_some() => {
                if let Some(mut first) = chain.template.take() {
                    first.messages.extend(p.messages);
                    first.complete &= p.complete;
                    chain.template = Some(first);
                } else {
                    chain.template = Some(p);
                }
            }
            Some(Val::Template(mut p)) => {
                if let Some(e) = chain.earlier.take() {
                    let mut all = e.messages;
                    all.append(&mut p.messages);
                    p = Prompt {
                        messages: all,
                        complete: e.complete && p.complete,
                    };
                }
                chain.template = Some(p)
            }
            Some(Val::Inst(i)) if i.family == "langchain-llm" && chain.llm.is_none() => {
                chain.llm = Some(*i)
            }
            Some(Val::Chain(c)) => {
                if chain.llm.is_none() {
                    if c.template.is_some() {
                        chain.template = c.template;
                    }
                    chain.llm = c.llm;
                }
                chain.text_out |= c.text_out;
                chain.json_out |= c.json_out;
            }
            Some(Val::Parser { json }) => {
                if json {
                    chain.json_out = true
                } else {
                    chain.text_out = true
                }
            }
            _ => {}
        }
    }

    /// LangChain's `FewShotPromptTemplate(prefix=, examples=[{..}], example_prompt=,
    /// suffix=, example_separator=)`: the prefix, each example rendered by the example
    /// template, and the suffix, whose `{input}` stays a hole. Examples chosen at run time
    /// (`example_selector`) leave the prompt incomplete.
    fn few_shot_template(&self, args: &Args<'t>, depth: usize) -> Option<Val> {
        let sep = args
            .kw("example_separator")
            .and_then(|n| literal_str(n, &self.src))
            .unwrap_or_else(|| "\n\n".to_string());
        let mut segs = Vec::new();
        let mut complete = true;
        let part = |segs: &mut Vec<Segment>, more: Vec<Segment>| {
            if more.is_empty() {
                return;
            }
            if !segs.is_empty() {
                push_text(segs, sep.clone(), None);
            }
            push_all(segs, more);
        };
        if let Some(prefix) = args.kw("prefix") {
            let r = self.text_rec(prefix, depth + 1);
            complete &= r.complete;
            part(&mut segs, super::prompt::template_holes(r.segs));
        }
        let example = args
            .kw("example_prompt")
            .and_then(|e| match self.resolve(e, depth + 1) {
                Some(Val::Template(t)) => Some(t),
                _ => None,
            });
        let examples = args.kw("examples").map(unwrap_expr).map(|e| {
            if e.kind() == "identifier"
                && let Binding::Expr(v) = self.scope.lookup(self.src.of(e), e)
            {
                unwrap_expr(v)
            } else {
                e
            }
        });
        match (example, examples) {
            (Some(t), Some(list)) if list.kind() == "list" => {
                for item in named_children(list) {
                    let pairs = self.dict_pairs(item, depth + 1);
                    let mut out = Vec::new();
                    for m in &t.messages {
                        for seg in &m.segments {
                            match seg {
                                Segment::Hole { name, .. } => {
                                    match pairs.iter().find(|(k, _)| k == name) {
                                        Some((_, v)) => {
                                            let r = self.text_rec(*v, depth + 1);
                                            complete &= r.complete;
                                            push_all(&mut out, r.segs);
                                        }
                                        None => {
                                            complete = false;
                                            out.push(seg.clone());
                                        }
                                    }
                                }
                                other => push_all(&mut out, vec![other.clone()]),
                            }
                        }
                    }
                    part(&mut segs, out);
                }
            }
            _ => complete = false,
        }
        let suffix = args.kw("suffix")?;
        let r = self.text_rec(suffix, depth + 1);
        complete &= r.complete;
        part(&mut segs, super::prompt::template_holes(r.segs));
        Some(Val::Template(Prompt {
            messages: vec![Message {
                role: None,
                segments: segs,
            }],
            complete,
        }))
    }

    pub fn resolve_module_call(&self, p: &str, call: Node<'t>, depth: usize) -> Option<Val> {
        if let Some(v) = self.framework_value(p, call, depth) {
            return Some(v);
        }
        if let Some(i) = self.construct(p, Some(call), call) {
            return Some(Val::Inst(Box::new(i)));
        }
        let last = p.rsplit('.').next().unwrap_or(p);
        let is_lc = p.starts_with("langchain");
        if is_lc {
            let args = Args::of(call, &self.src);
            if p.ends_with("FewShotPromptTemplate") {
                return self.few_shot_template(&args, depth);
            }
            if p.ends_with("PromptTemplate.from_template")
                || p.ends_with("ChatPromptTemplate.from_template")
                || p.ends_with("PromptTemplate")
            {
                let t = args.get("#0").or_else(|| args.kw("template"))?;
                let rec = self.text_rec(t, depth + 1);
                let role = if p.contains("Chat") {
                    Some("user")
                } else {
                    None
                };
                return Some(Val::Template(Prompt {
                    messages: vec![Message {
                        role: role.map(str::to_string),
                        segments: super::prompt::template_holes(rec.segs),
                    }],
                    complete: rec.complete,
                }));
            }
            if p.ends_with("ChatPromptTemplate.from_messages") || p.ends_with("ChatPromptTemplate")
            {
                let t = args.get("#0").or_else(|| args.kw("messages"))?;
                let m = self.messages_rec(t, true, depth + 1);
                return Some(Val::Template(Prompt {
                    messages: m.messages,
                    complete: m.complete,
                }));
            }
            if last == "StrOutputParser" {
                return Some(Val::Parser { json: false });
            }
            if last.ends_with("OutputParser") {
                return Some(Val::Parser {
                    json: last.contains("Json") || last.contains("Pydantic"),
                });
            }
            if last == "LLMChain" {
                let mut chain = Chain {
                    text_out: false,
                    ..Chain::default()
                };
                if let Some(l) = args.kw("llm")
                    && let Some(Val::Inst(i)) = self.resolve(l, depth + 1)
                {
                    chain.llm = Some(*i);
                }
                if let Some(t) = args.kw("prompt")
                    && let Some(Val::Template(tp)) = self.resolve(t, depth + 1)
                {
                    chain.template = Some(tp);
                }
                chain.llm.as_ref()?;
                return Some(Val::Chain(Box::new(chain)));
            }
        }
        None
    }

    /// Build a client from a constructor path, when the catalog knows it.
    pub fn construct(&self, path: &str, call: Option<Node<'t>>, at: Node<'t>) -> Option<Inst> {
        let cat = &self.catalog.python;
        let args = call.map(|c| Args::of(c, &self.src));
        if cat.http.clients.iter().any(|c| c == path) {
            return Some(Inst {
                sdk: "http".into(),
                family: "http".into(),
                http: true,
                is_async: path.contains("Async") || path.starts_with("aiohttp"),
                ..Inst::default()
            });
        }
        let spec = cat.client.iter().find(|s| client_matches(s, path))?;
        if let Some(first) = &spec.first_arg {
            let a = args.as_ref()?;
            let v = a.get("#0").or_else(|| a.kw("service_name"))?;
            if literal_str(v, &self.src).as_deref() != Some(first.as_str()) {
                return None;
            }
        }
        let mut inst = Inst {
            sdk: spec.sdk.clone(),
            family: spec.family.clone(),
            provider: spec.provider.clone(),
            is_async: spec.is_async
                || path
                    .rsplit('.')
                    .next()
                    .is_some_and(|l| l.starts_with("Async")),
            ..Inst::default()
        };
        if let Some(c) = call {
            let f = self.finder(c, &spec.args);
            self.fill_inst(&mut inst, &f, &spec.args, at);
        }
        Some(inst)
    }

    fn fill_inst(&self, inst: &mut Inst, f: &Finder<'t>, spec: &ArgSpec, _at: Node<'t>) {
        if let Some(m) = f.find(&spec.model)
            && let Some(v) = self.model_value(m)
        {
            inst.model_param = v.1;
            inst.model = v.0;
        }
        if let Some(b) = f.find(&spec.base_url)
            && let Some(s) = self.const_str(b, 0)
        {
            if inst.provider.is_none() {
                inst.provider = provider_of_url(&s);
            }
            inst.base_url = Some(s);
        }
        if let Some(t) = f.find(&spec.temperature)
            && let Some(v) = self.const_f64(t)
        {
            inst.temperature = Some(v);
        }
        if let Some(t) = f.find(&spec.max_tokens)
            && let Some(v) = self.const_u64(t)
        {
            inst.max_tokens = Some(v);
        }
        if let Some(r) = f.find(&spec.response_format) {
            inst.response_format = Some(self.format_name(r));
        }
        if let Some(s) = f.find(&spec.system) {
            let rec = self.content_rec(s, 0);
            if !rec.segs.is_empty() {
                inst.system = Some(rec.segs);
            }
        }
    }

    /// A method of a client returning another client-like object (`start_chat`).
    fn derive(&self, inst: &Inst, chain: &str, call: Node<'t>) -> Option<Val> {
        let spec = self
            .catalog
            .python
            .derive
            .iter()
            .find(|d| d.family == inst.family && d.method == chain)?;
        if let Some(first) = &spec.first_arg {
            let a = Args::of(call, &self.src);
            let v = a.get("#0").or_else(|| a.kw("service_name"))?;
            if literal_str(v, &self.src).as_deref() != Some(first.as_str()) {
                return None;
            }
        }
        let mut out = inst.clone();
        out.family = spec.gives.clone();
        if spec.gives == "bedrock" {
            out.sdk = "bedrock".into();
            out.provider = Some("bedrock".into());
        }
        let f = self.finder(call, &spec.args);
        self.fill_inst(&mut out, &f, &spec.args, call);
        Some(Val::Inst(Box::new(out)))
    }

    pub fn finder(&self, call: Node<'t>, spec: &ArgSpec) -> Finder<'t> {
        let mut args = Args::of(call, &self.src);
        let mut nested = Vec::new();
        // `create(**kwargs)` with `kwargs = {...}` (and `kwargs["k"] = v` after it): its keys
        // are keyword arguments
        let splats = std::mem::take(&mut args.kw_splats);
        let mut all_known = !splats.is_empty();
        for sp in splats {
            let pairs = self.dict_pairs(sp, 0);
            all_known &= !pairs.is_empty();
            for (k, v) in pairs {
                if args.kw(&k).is_none() {
                    nested.push((k, v));
                }
            }
        }
        let list_splat = args
            .node
            .is_some_and(|l| named_children(l).iter().any(|c| c.kind() == "list_splat"));
        if all_known && !list_splat {
            args.splat = false;
        }
        let mut queue: Vec<(Node<'t>, usize)> = spec
            .nested
            .iter()
            .filter_map(|r| args.get(r))
            .map(|n| (n, 0))
            .collect();
        while let Some((n, d)) = queue.pop() {
            if d > 3 {
                continue;
            }
            for (k, v) in self.dict_pairs(n, 0) {
                if spec.nested.contains(&k) {
                    queue.push((v, d + 1));
                }
                nested.push((k, v));
            }
        }
        Finder { args, nested }
    }

    /// Key/value pairs of a dict literal, `dict(k=v)`, a config call `X(k=v)`,
    /// `json.dumps({...})`, or a name bound to one of those.
    pub fn dict_pairs(&self, n: Node<'t>, depth: usize) -> Vec<(String, Node<'t>)> {
        if depth > 6 || !self.tick() {
            return Vec::new();
        }
        let n = unwrap_expr(n);
        match n.kind() {
            "dictionary" => named_children(n)
                .into_iter()
                .filter(|p| p.kind() == "pair")
                .filter_map(|p| {
                    let k = literal_str(p.child_by_field_id(super::fields::key())?, &self.src)?;
                    Some((k, p.child_by_field_id(super::fields::value())?))
                })
                .collect(),
            "call" => {
                let Some(func) = n.child_by_field_id(super::fields::function()) else {
                    return Vec::new();
                };
                let fname = self.src.of(callee_name(func));
                let args = Args::of(n, &self.src);
                if fname == "dumps" {
                    return args
                        .get("#0")
                        .map(|a| self.dict_pairs(a, depth + 1))
                        .unwrap_or_default();
                }
                if fname == "encode" && func.kind() == "attribute" {
                    return func
                        .child_by_field_id(super::fields::object())
                        .map(|o| self.dict_pairs(o, depth + 1))
                        .unwrap_or_default();
                }
                args.keywords
                    .iter()
                    .map(|(k, v)| (k.to_string(), *v))
                    .collect()
            }
            "identifier" => match self.scope.lookup(self.src.of(n), n) {
                Binding::Expr(e) => {
                    let mut out = self.dict_pairs(e, depth + 1);
                    // payload["key"] = value assignments after the binding
                    out.extend(self.subscript_assigns(n));
                    out
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// `name["key"] = value` statements in the function of `use_site`, before it.
    fn subscript_assigns(&self, use_site: Node<'t>) -> Vec<(String, Node<'t>)> {
        let name = self.src.of(use_site);
        let Some(fi) = self.scope.enclosing_func(use_site) else {
            return Vec::new();
        };
        let body = self.scope.funcs[fi].node;
        let mut out = Vec::new();
        let mut cur = body.walk();
        let mut stack = vec![body];
        let _ = &mut cur;
        while let Some(n) = stack.pop() {
            if n.start_byte() >= use_site.start_byte() {
                continue;
            }
            if n.kind() == "assignment"
                && let (Some(l), Some(r)) = (
                    n.child_by_field_id(super::fields::left()),
                    n.child_by_field_id(super::fields::right()),
                )
                && l.kind() == "subscript"
                && l.child_by_field_id(super::fields::value())
                    .map(|v| self.src.of(v))
                    == Some(name)
                && let Some(k) = l.child_by_field_id(super::fields::subscript())
                && let Some(k) = literal_str(k, &self.src)
            {
                out.push((k, r));
            }
            if stack.len() < 10_000 {
                stack.extend(named_children(n));
            }
        }
        out
    }

    /// Match one call against the catalog; build its call site.
    pub fn match_sdk_call(&self, call: Node<'t>) -> Option<CallSite> {
        let func = call.child_by_field_id(super::fields::function())?;
        let val = self.resolve(func, 0);
        let cat = &self.catalog.python;
        match val? {
            Val::Module(p) => {
                if cat.http.functions.contains(&p) {
                    return self.match_http(call, None);
                }
                let spec = cat
                    .call
                    .iter()
                    .find(|s| s.function.as_deref() == Some(p.as_str()))?;
                let api = spec
                    .api
                    .clone()
                    .unwrap_or_else(|| p.split_once('.').map(|x| x.1).unwrap_or(&p).to_string());
                Some(self.build_site(call, func, spec, None, api))
            }
            Val::Member(inst, chain) => {
                // `client.chat.completions.with_raw_response.create(...)` is the same call
                let chain = chain
                    .replace("with_raw_response.", "")
                    .replace("with_streaming_response.", "");
                if inst.http {
                    if chain == "post" || chain == "request" {
                        return self.match_http(call, Some(&inst));
                    }
                    return None;
                }
                if inst.family == "langchain-llm" && matches!(chain.as_str(), "__call__") {
                    return None;
                }
                let spec = cat.call.iter().find(|s| {
                    s.family.as_deref() == Some(inst.family.as_str())
                        && s.method.as_deref() == Some(chain.as_str())
                })?;
                let api = spec.api.clone().unwrap_or_else(|| chain.clone());
                let mut site = self.build_site(call, func, spec, Some(&inst), api);
                self.framework_fixup(&mut site, call, Some(&inst));
                Some(site)
            }
            // a callable LLM object (`predict(question=q)`, `generator(prompt)`)
            Val::Inst(inst) => {
                let spec = cat.call.iter().find(|s| {
                    s.family.as_deref() == Some(inst.family.as_str())
                        && s.method.as_deref() == Some("__call__")
                })?;
                let api = spec.api.clone().unwrap_or_else(|| "__call__".into());
                let mut site = self.build_site(call, func, spec, Some(&inst), api);
                self.framework_fixup(&mut site, call, Some(&inst));
                Some(site)
            }
            _ => None,
        }
    }

    /// `self.client.chat.completions.create(model=.., messages=[..])` on a client this file
    /// cannot resolve (handed in, a parameter of no known type, built in another project):
    /// method chains that only LLM SDKs have, with the keywords those SDKs take. A Twilio
    /// `client.messages.create(to=.., body=..)` has no `messages=`, a CMS's
    /// `page.generate_content()` no model-like receiver and no prompt.
    pub fn match_by_shape(&self, call: Node<'t>) -> Option<CallSite> {
        let func = call.child_by_field_id(super::fields::function())?;
        if func.kind() != "attribute" {
            return None;
        }
        let mut names: Vec<&str> = Vec::new();
        let mut cur = func;
        for _ in 0..8 {
            if cur.kind() != "attribute" {
                if cur.kind() == "identifier" {
                    names.push(self.src.of(cur));
                }
                break;
            }
            names.push(
                self.src
                    .of(cur.child_by_field_id(super::fields::attribute())?),
            );
            cur = cur.child_by_field_id(super::fields::object())?;
        }
        names.reverse();
        let args = super::syntax::Args::of(call, &self.src);
        let has = |k: &str| {
            args.kw(k).is_some()
                || args
                    .kw_splats
                    .iter()
                    .any(|sp| self.dict_pairs(*sp, 0).iter().any(|(x, _)| x == k))
        };
        let tail = |t: &[&str]| names.len() > t.len() && names.ends_with(t);
        let (family, method) = if (tail(&["chat", "completions", "create"])
            || tail(&["chat", "completions", "parse"]))
            && has("messages")
        {
            ("openai", "chat.completions.create")
        } else if tail(&["responses", "create"]) && has("input") && has("model") {
            ("openai", "responses.create")
        } else if (tail(&["messages", "create"]) || tail(&["messages", "stream"]))
            && has("messages")
            && (has("max_tokens") || has("model"))
        {
            ("anthropic", "messages.create")
        } else if (tail(&["models", "generate_content"])
            || tail(&["aio", "models", "generate_content"]))
            && has("contents")
        {
            ("google-genai", "models.generate_content")
        } else if (tail(&["generate_content"]) || tail(&["generate_content_async"]))
            && (!args.positional.is_empty() || has("contents"))
            && names.len() >= 2
            && model_like_receiver(names[names.len() - 2])
        {
            ("genai-model", "generate_content")
        } else if tail(&["chat", "complete"]) && has("messages") && has("model") {
            ("mistral", "chat.complete")
        } else if tail(&["converse"]) && has("messages") && has("modelId") {
            ("bedrock", "converse")
        } else {
            return None;
        };
        let spec =
            self.catalog.python.call.iter().find(|s| {
                s.family.as_deref() == Some(family) && s.method.as_deref() == Some(method)
            })?;
        let api = spec.api.clone().unwrap_or_else(|| method.to_string());
        let mut site = self.build_site(call, func, spec, None, api);
        if method == "generate_content" && names.last() == Some(&"generate_content_async") {
            site.context.is_async = true;
        }
        Some(site)
    }

    /// `chain.invoke(...)` where the receiver is an LCEL chain / LLMChain.
    pub fn match_chain_call(&self, call: Node<'t>) -> Option<CallSite> {
        let func = call.child_by_field_id(super::fields::function())?;
        {
            {
                if func.kind() != "attribute" {
                    return None;
                }
                let method = self
                    .src
                    .of(func.child_by_field_id(super::fields::attribute())?);
                if !matches!(
                    method,
                    "invoke"
                        | "ainvoke"
                        | "stream"
                        | "astream"
                        | "batch"
                        | "abatch"
                        | "run"
                        | "arun"
                        | "predict"
                        | "apredict"
                ) {
                    return None;
                }
                let recv = func.child_by_field_id(super::fields::object())?;
                let Some(Val::Chain(chain)) = self.resolve(recv, 0) else {
                    return None;
                };
                let llm = chain.llm.clone()?;
                Some(self.build_chain_site(call, func, method, &chain, &llm))
            }
        }
    }

    pub fn base_site(&self, call: Node<'t>, func: Node<'t>, sdk: &str, api: String) -> CallSite {
        CallSite {
            path: self.path.to_string(),
            language: Language::Python,
            span: self.src.span(call),
            callee_span: self.src.span(callee_name(func)),
            kind: CallKind::Direct,
            sdk: sdk.to_string(),
            api,
            model: None,
            provider: None,
            base_url: None,
            prompt: Prompt::default(),
            prompt_span: None,
            max_tokens: None,
            temperature: None,
            response_format: None,
            context: Context::default(),
            wrapper: None,
            variants: Vec::new(),
        }
    }

    pub fn build_site(
        &self,
        call: Node<'t>,
        func: Node<'t>,
        spec: &CallSpec,
        inst: Option<&Inst>,
        api: String,
    ) -> CallSite {
        let sdk = inst.map(|i| i.sdk.as_str()).unwrap_or(&spec.sdk);
        let mut site = self.base_site(call, func, sdk, api);
        let f = self.finder(call, &spec.args);
        let mut params = Vec::new();
        self.fill_common(
            &mut site,
            &f,
            &spec.args,
            inst,
            &spec.prompt_role,
            &mut params,
        );
        if spec.streaming {
            site.context.streaming = true;
        }
        if site.provider.is_none() {
            site.provider = spec.provider.clone();
        }
        site.context.is_async |= spec.is_async || inst.is_some_and(|i| i.is_async);
        let returns_text = matches!(
            spec.method.as_deref(),
            Some("predict" | "apredict" | "text_generation")
        );
        self.fill_context(&mut site, call, returns_text);
        if site.prompt.is_empty() {
            site.prompt_span = None;
        } else if site.prompt_span.is_none() {
            site.prompt_span = Some(site.span);
        }
        self.mark_params(&mut site, call, params);
        site
    }

    /// Model, prompt, system, limits from a finder, with client defaults.
    pub fn fill_common(
        &self,
        site: &mut CallSite,
        f: &Finder<'t>,
        spec: &ArgSpec,
        inst: Option<&Inst>,
        role: &str,
        params: &mut Vec<String>,
    ) {
        if let Some(i) = inst {
            site.model = i.model.clone();
            site.provider = i.provider.clone();
            site.base_url = i.base_url.clone();
            site.temperature = i.temperature.clone();
            site.max_tokens = i.max_tokens.clone();
            site.response_format = i.response_format.clone();
        }
        if let Some(m) = f.find(&spec.model)
            && let Some((v, p)) = self.model_value(m)
        {
            site.model = v;
            if let Some(p) = p {
                params.push(format!("model={p}"));
            }
        }
        if let Some(t) = f.find(&spec.temperature)
            && let Some(v) = self.const_f64(t)
        {
            site.temperature = Some(v);
        }
        if let Some(t) = f.find(&spec.max_tokens)
            && let Some(v) = self.const_u64(t)
        {
            site.max_tokens = Some(v);
        }
        if let Some(r) = f.find(&spec.response_format) {
            site.response_format = Some(self.format_name(r));
        }
        if let Some(s) = f.args.kw("stream")
            && self.src.of(s) == "True"
        {
            site.context.streaming = true;
        }
        if let Some(b) = f.find(&spec.base_url)
            && let Some(s) = self.const_str(b, 0)
        {
            site.base_url = Some(s);
        }
        let mut rec = MsgsRec {
            complete: true,
            ..MsgsRec::default()
        };
        if let Some(s) = f.find(&spec.system) {
            let r = self.content_rec(s, 0);
            if let Some(p) = &r.param {
                params.push(p.clone());
            }
            rec.complete &= r.complete;
            if !r.segs.is_empty() {
                rec.messages.push(Message {
                    role: Some("system".into()),
                    segments: r.segs,
                });
            }
        } else if let Some(sys) = inst.and_then(|i| i.system.clone()) {
            rec.messages.push(Message {
                role: Some("system".into()),
                segments: sys,
            });
        }
        // A string where messages go (`agent.invoke({"messages": "Convert 10 USD"})`) is
        // one user message.
        let body = f
            .find(&spec.messages)
            .map(|m| {
                let text = matches!(unwrap_expr(m).kind(), "string" | "concatenated_string");
                (m, !text)
            })
            .or_else(|| f.find(&spec.prompt).map(|p| (p, false)));
        match body {
            Some((m, is_messages)) => {
                site.prompt_span = Some(self.src.span(m));
                let r = if is_messages {
                    self.messages_rec(m, false, 0)
                } else {
                    self.prompt_rec(m, role, 0)
                };
                rec.complete &= r.complete;
                params.extend(r.params);
                if let Some(lp) = r.list_param {
                    params.push(format!("*{lp}"));
                }
                rec.messages.extend(r.messages);
            }
            None => {
                if f.args.splat {
                    rec.complete = false;
                }
            }
        }
        if rec.messages.is_empty() {
            rec.complete = false;
        }
        site.prompt = Prompt {
            messages: rec.messages,
            complete: rec.complete,
        };
    }

    pub fn build_chain_site(
        &self,
        call: Node<'t>,
        func: Node<'t>,
        method: &str,
        chain: &Chain,
        llm: &Inst,
    ) -> CallSite {
        let mut site = self.base_site(call, func, "langchain", method.to_string());
        site.model = llm.model.clone();
        site.provider = llm.provider.clone();
        site.base_url = llm.base_url.clone();
        site.temperature = llm.temperature.clone();
        site.max_tokens = llm.max_tokens.clone();
        site.response_format = llm.response_format.clone();
        if chain.json_out && site.response_format.is_none() {
            site.response_format = Some("json".into());
        }
        let mut params = Vec::new();
        let args = Args::of(call, &self.src);
        match &chain.template {
            Some(t) => {
                site.prompt =
                    self.fill_literal_fields(t, args.get("#0").or_else(|| args.kw("input")));
                site.prompt_span = args.get("#0").map(|a| self.src.span(a));
                params.extend(self.param_holes(call, t));
            }
            None => {
                if let Some(a) = args.get("#0").or_else(|| args.kw("input")) {
                    let r = self.prompt_rec(a, "user", 0);
                    params.extend(r.params);
                    site.prompt = Prompt {
                        complete: r.complete && !r.messages.is_empty(),
                        messages: r.messages,
                    };
                    site.prompt_span = Some(self.src.span(a));
                }
            }
        }
        site.context.streaming = method.contains("stream");
        site.context.is_async = method.starts_with('a');
        let text = chain.text_out || matches!(method, "run" | "arun" | "predict" | "apredict");
        self.fill_context(&mut site, call, text);
        self.mark_params(&mut site, call, params);
        site
    }

    /// A template's `{field}` holes that the invoke input fills with a text constant of this
    /// or another module (`{"prompt": ORDER_PROMPT, "doc": doc}`) take that text; fields
    /// filled at run time, or with an inline sample value, stay holes.
    pub(super) fn fill_literal_fields(&self, t: &Prompt, input: Option<Node<'t>>) -> Prompt {
        let Some(input) = input else {
            return t.clone();
        };
        let pairs = self.dict_pairs(input, 0);
        if pairs.is_empty() {
            return t.clone();
        }
        let mut out = t.clone();
        for m in &mut out.messages {
            let mut segs = Vec::new();
            for seg in std::mem::take(&mut m.segments) {
                let literal = match &seg {
                    // a named constant, not an inline sample value (`{"country": "India"}`
                    // in a demo stays the template's field)
                    Segment::Hole { name, .. } => pairs
                        .iter()
                        .find(|(k, _)| k == name)
                        .filter(|(_, v)| {
                            matches!(unwrap_expr(*v).kind(), "identifier" | "attribute")
                        })
                        .map(|(_, v)| self.text_rec(*v, 1))
                        .filter(|r| {
                            r.complete && r.segs.iter().all(|s| matches!(s, Segment::Text { .. }))
                        }),
                    _ => None,
                };
                match literal {
                    Some(r) => push_all(&mut segs, r.segs),
                    None => push_all(&mut segs, vec![seg]),
                }
            }
            m.segments = segs;
        }
        out
    }

    /// The holes of a template built in this function that are parameters of it, written as
    /// a whole message or part (`("human", prompt_text)`), not `{fields}` inside template
    /// text: the template's text comes from the caller.
    fn param_holes(&self, call: Node<'t>, t: &Prompt) -> Vec<String> {
        let (Some(root), Some(fi)) = (self.root, self.scope.enclosing_func(call)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, span) in t.holes() {
            let Some(span) = span else { continue };
            let Some(n) = root.descendant_for_byte_range(span.start, span.end) else {
                continue;
            };
            if n.kind() == "identifier"
                && self.src.of(n) == name
                && matches!(self.scope.lookup(name, n), Binding::Param(f, _) if f == fi)
                && !out.iter().any(|p| p == name)
            {
                out.push(name.to_string());
            }
        }
        out
    }

    /// Raw HTTP POST to an LLM endpoint.
    fn match_http(&self, call: Node<'t>, inst: Option<&Inst>) -> Option<CallSite> {
        let func = call.child_by_field_id(super::fields::function())?;
        let args = Args::of(call, &self.src);
        let (url_node, body_pos) = if self.src.of(callee_name(func)) == "request" {
            let m = args.get("#0").or_else(|| args.kw("method"))?;
            if !literal_str(m, &self.src)?.eq_ignore_ascii_case("post") {
                return None;
            }
            (args.get("#1").or_else(|| args.kw("url"))?, "#2")
        } else {
            (args.get("#0").or_else(|| args.kw("url"))?, "#1")
        };
        let body = args
            .kw("json")
            .or_else(|| args.kw("data"))
            .or_else(|| args.kw("content"))
            .or_else(|| args.get(body_pos));
        self.http_site(call, url_node, body, inst)
    }

    /// A POST of `body` to the URL `url_node` at `call`: an LLM call when the endpoint and the
    /// body's shape say so.
    pub fn http_site(
        &self,
        call: Node<'t>,
        url_node: Node<'t>,
        body: Option<Node<'t>>,
        inst: Option<&Inst>,
    ) -> Option<CallSite> {
        let func = call.child_by_field_id(super::fields::function())?;
        let url = llmlint_rules::render_segments(&self.text_rec(url_node, 0).segs);
        let pairs = body.map(|b| self.dict_pairs(b, 0)).unwrap_or_default();
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        let host = url_host(&url);
        let endpoint = self.catalog.python.http.endpoint.iter().find(|e| {
            let path_ok = e.paths.iter().any(|p| path_matches(&url, p));
            if !path_ok {
                return false;
            }
            let body_ok = e.body_all.iter().all(|k| keys.contains(&k.as_str()))
                && (e.body_any.is_empty() || e.body_any.iter().any(|k| keys.contains(&k.as_str())));
            let host_ok = host
                .as_deref()
                .is_some_and(|h| e.hosts.iter().any(|x| x == h));
            body_ok || (host_ok && pairs.is_empty())
        });
        // An endpoint from configuration or a proxy: the body's shape says it is a chat or
        // completion request (`model` with a messages list of role/content, or a prompt).
        let shaped = endpoint.is_none() && self.openai_shaped_body(&pairs);
        let endpoint = match endpoint {
            Some(e) => e,
            None if shaped => self
                .catalog
                .python
                .http
                .endpoint
                .iter()
                .find(|e| e.sdk == "http-openai")?,
            None => return None,
        };
        let api = endpoint
            .paths
            .iter()
            .find(|p| path_matches(&url, p))
            .cloned()
            .unwrap_or_else(|| "post".to_string());
        let mut site = self.base_site(call, func, &endpoint.sdk, api);
        let finder = Finder {
            args: Args {
                positional: Vec::new(),
                keywords: Vec::new(),
                splat: false,
                node: None,
                kw_splats: Vec::new(),
            },
            nested: {
                let mut all = Vec::new();
                let mut queue: Vec<(String, Node<'t>, usize)> =
                    pairs.iter().map(|(k, v)| (k.clone(), *v, 0)).collect();
                queue.reverse();
                while let Some((k, v, d)) = queue.pop() {
                    if d < 3 && endpoint.args.nested.contains(&k) {
                        for (k2, v2) in self.dict_pairs(v, 0) {
                            queue.push((k2, v2, d + 1));
                        }
                    }
                    all.push((k, v));
                }
                all
            },
        };
        let mut params = Vec::new();
        self.fill_common(
            &mut site,
            &finder,
            &endpoint.args,
            None,
            "user",
            &mut params,
        );
        if site.model.is_none()
            && let Some(i) = url.find("models/")
        {
            let rest = &url[i + 7..];
            let m: String = rest
                .chars()
                .take_while(|c| *c != ':' && *c != '/' && *c != '?')
                .collect();
            if !m.is_empty() && !m.contains('{') {
                site.model = Some(Valued {
                    value: m,
                    span: Some(self.src.span(url_node)),
                });
            }
        }
        site.base_url = host.map(|h| format!("https://{h}"));
        site.context.is_async = inst.is_some_and(|i| i.is_async);
        self.fill_context(&mut site, call, false);
        self.mark_params(&mut site, call, params);
        Some(site)
    }

    /// A request body carrying `model` and either a list of role/content messages or a text
    /// prompt.
    fn openai_shaped_body(&self, pairs: &[(String, Node<'t>)]) -> bool {
        let get = |k: &str| pairs.iter().find(|(x, _)| x == k).map(|x| x.1);
        if get("model").is_none() {
            return false;
        }
        if let Some(m) = get("messages") {
            let mut items = match self.literal_list(m, 0) {
                Some(items) => items,
                None => return matches!(unwrap_expr(m).kind(), "identifier"),
            };
            return items.drain(..).any(|it| {
                let keys: Vec<String> =
                    self.dict_pairs(it, 0).into_iter().map(|(k, _)| k).collect();
                keys.iter().any(|k| k == "role") && keys.iter().any(|k| k == "content")
            }) || self.literal_list(m, 0).is_some_and(|l| l.is_empty());
        }
        get("prompt").is_some_and(|p| {
            self.is_stringish(p, 0) || matches!(unwrap_expr(p).kind(), "identifier")
        })
    }

    /// A literal-ish model value: (value, parameter name when it is a parameter default).
    pub fn model_value(&self, n: Node<'t>) -> Option<(Option<Valued<String>>, Option<String>)> {
        let u = unwrap_expr(n);
        if u.kind() == "identifier"
            && let Binding::Param(f, i) = self.scope.lookup(self.src.of(u), u)
        {
            let p = self.scope.funcs.get(f)?.params.get(i)?;
            let v = p.default.and_then(|d| {
                self.const_str(d, 0)
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| Valued {
                        value: s,
                        span: Some(self.src.span(d)),
                    })
            });
            return Some((v, Some(p.name.clone())));
        }
        let v = self
            .const_str_node(n, 0)
            .filter(|v| !v.value.trim().is_empty())?;
        Some((Some(v), None))
    }

    /// A response format name: `json_object`, a class name, `json`.
    fn format_name(&self, n: Node<'t>) -> String {
        let u = unwrap_expr(n);
        if let Some(s) = self.const_str(u, 0) {
            return s;
        }
        let pairs = self.dict_pairs(u, 0);
        if let Some((_, t)) = pairs.iter().find(|(k, _)| k == "type")
            && let Some(s) = self.const_str(*t, 0)
        {
            return s;
        }
        dotted(u, &self.src).unwrap_or_else(|| self.src.of(u).chars().take(60).collect())
    }
}

/// The name of an object that holds a generative model: `model`, `self._llm`,
/// `gemini_client`, `vision_model`.
fn model_like_receiver(name: &str) -> bool {
    let n = name.trim_start_matches('_').to_ascii_lowercase();
    n.split('_').any(|p| {
        matches!(
            p,
            "model" | "llm" | "gemini" | "genai" | "ai" | "vertex" | "client" | "generator" | "gen"
        )
    }) || n.ends_with("model")
        || n.ends_with("llm")
}

/// The class named by an annotation (`OpenAI`, `Optional[OpenAI]`, `OpenAI | None`, `"OpenAI"`).
fn annotation_class(n: Node) -> Node {
    let mut cur = n;
    for _ in 0..8 {
        match cur.kind() {
            "type" => match named_children(cur).first() {
                Some(c) => cur = *c,
                None => return cur,
            },
            "generic_type" | "subscript" => match named_children(cur).get(1) {
                Some(c) => cur = *c,
                None => return cur,
            },
            "type_parameter" => match named_children(cur).first() {
                Some(c) => cur = *c,
                None => return cur,
            },
            "binary_operator" => match cur.child_by_field_id(super::fields::left()) {
                Some(c) => cur = c,
                None => return cur,
            },
            _ => return cur,
        }
    }
    cur
}

fn client_matches(s: &ClientSpec, path: &str) -> bool {
    if s.classes.iter().any(|c| c == path) {
        return true;
    }
    let Some((module, name)) = path.rsplit_once('.') else {
        return false;
    };
    // `*`: every class of those modules (LangChain's `chat_models` and `llms` packages)
    s.names.iter().any(|n| n == name || n == "*")
        && s.modules.iter().any(|m| match m.strip_suffix('*') {
            Some(pre) => module.starts_with(pre),
            None => module == m || module.starts_with(&format!("{m}.")),
        })
}

pub fn provider_of_url(url: &str) -> Option<String> {
    let u = url.to_ascii_lowercase();
    let known = [
        ("groq.com", "groq"),
        ("together", "together"),
        ("openrouter", "openrouter"),
        ("azure", "azure"),
        ("localhost:11434", "ollama"),
        (":11434", "ollama"),
        ("deepseek", "deepseek"),
        ("mistral.ai", "mistral"),
        ("fireworks", "fireworks"),
        ("x.ai", "xai"),
        ("anthropic.com", "anthropic"),
        ("openai.com", "openai"),
        ("googleapis.com", "google"),
    ];
    known
        .iter()
        .find(|(k, _)| u.contains(k))
        .map(|(_, p)| p.to_string())
}

/// Host of a URL whose scheme and host are literal.
fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host: String = rest
        .chars()
        .take_while(|c| !matches!(c, '/' | '?' | '{' | ':'))
        .collect();
    if host.is_empty() { None } else { Some(host) }
}

/// Does the URL's path end with (or contain, for `:generateContent`) this piece?
fn path_matches(url: &str, piece: &str) -> bool {
    let path = url.split('?').next().unwrap_or(url);
    if piece.starts_with(':') {
        return path.contains(piece);
    }
    let path = path.trim_end_matches('/');
    path.ends_with(piece)
}
