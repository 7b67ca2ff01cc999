//! Framework call shapes that the catalog's constructor / method tables cannot express:
//! objects that wrap another client (instructor, outlines), programs built from a signature
//! (DSPy), decorated prompt functions (mirascope, marvin, outlines templates), crews and agent
//! chats (crewAI, autogen), LangChain chain constructors, and the plumbing shapes real code
//! uses around SDK calls (`asyncio.to_thread(create, ..)`, `urllib.request.urlopen`).

use llmlint_rules::{CallKind, CallSite, Message, Prompt, Segment, Valued};
use tree_sitter::Node;

use super::Ana;
use super::prompt::template_holes;
use super::scope::Binding;
use super::sdk::{Chain, Inst, Val};
use super::syntax::{
    Args, MAX_DEPTH, body_assignments, callee_name, literal_str, named_children, push_all,
    push_text, unwrap_expr,
};
use crate::analysis::WrapperDef;

/// Libraries whose constructors take an LLM client and give back one of the same family.
const INSTRUCTOR_WRAPS: &[&str] = &[
    "from_openai",
    "from_anthropic",
    "patch",
    "apatch",
    "from_groq",
    "from_mistral",
    "from_cohere",
    "from_gemini",
    "from_genai",
    "from_vertexai",
    "from_litellm",
];

/// DSPy programs that run a signature.
const DSPY_PROGRAMS: &[&str] = &[
    "Predict",
    "ChainOfThought",
    "ChainOfThoughtWithHint",
    "ProgramOfThought",
    "ReAct",
    "MultiChainComparison",
    "TypedPredictor",
    "TypedChainOfThought",
    "Refine",
    "BestOfN",
];

/// What a decorator makes of a function.
enum Decorated<'t> {
    /// An LLM call per invocation (mirascope `@openai.call`, `@llm.call`, marvin `@fn`).
    Call {
        sdk: &'static str,
        model: Option<Node<'t>>,
    },
    /// A prompt template in the docstring (`@outlines.prompt`).
    Template,
}

impl<'t> Ana<'t> {
    /// Values built by framework functions: `instructor.from_openai(OpenAI())`,
    /// `outlines.generate.text(model)`, `dspy.Predict(Signature)`, LangChain chain
    /// constructors. Tried before the catalog's constructors.
    pub fn framework_value(&self, p: &str, call: Node<'t>, depth: usize) -> Option<Val> {
        if depth > MAX_DEPTH {
            return None;
        }
        let args = Args::of(call, &self.src);
        let (module, last) = p.rsplit_once('.').unwrap_or(("", p));
        if module.starts_with("instructor") && INSTRUCTOR_WRAPS.contains(&last) {
            let inner = args.get("#0").or_else(|| args.kw("client"))?;
            return match self.resolve(inner, depth + 1)? {
                Val::Inst(mut i) => {
                    i.sdk = "instructor".into();
                    Some(Val::Inst(i))
                }
                _ => None,
            };
        }
        if module == "outlines.generate" {
            let mut inst = match args.get("#0").and_then(|m| self.resolve(m, depth + 1)) {
                Some(Val::Inst(i)) => *i,
                _ => Inst::default(),
            };
            inst.sdk = "outlines".into();
            inst.family = "outlines-gen".into();
            if last != "text" {
                inst.response_format = Some(match args.get("#1") {
                    Some(a) if last != "choice" => self.src.of(a).chars().take(60).collect(),
                    _ => last.to_string(),
                });
            }
            return Some(Val::Inst(Box::new(inst)));
        }
        if module == "outlines.models" || (module == "outlines" && last.starts_with("from_")) {
            let model_arg = if last.starts_with("from_") {
                args.get("#1").or_else(|| args.kw("model_name"))
            } else {
                args.get("#0").or_else(|| args.kw("model_name"))
            };
            let mut inst = Inst {
                sdk: "outlines".into(),
                family: "outlines-model".into(),
                ..Inst::default()
            };
            if let Some(m) = model_arg.and_then(|m| self.const_str_node(m, 0)) {
                inst.model = Some(m);
            } else if let Some(Val::Inst(i)) =
                args.get("#0").and_then(|c| self.resolve(c, depth + 1))
            {
                inst.provider = i.provider.clone();
            }
            return Some(Val::Inst(Box::new(inst)));
        }
        if (module == "dspy" || module.starts_with("dspy.")) && DSPY_PROGRAMS.contains(&last) {
            let sig = args.get("#0").or_else(|| args.kw("signature"))?;
            let mut inst = Inst {
                sdk: "dspy".into(),
                family: "dspy-module".into(),
                system: Some(self.dspy_signature(sig)),
                ..Inst::default()
            };
            if let Some(lm) = self.dspy_configured_lm() {
                inst.model = lm.model;
                inst.provider = lm.provider;
            }
            return Some(Val::Inst(Box::new(inst)));
        }
        if module.starts_with("langchain") {
            return self.langchain_constructor(last, &args, depth);
        }
        None
    }

    /// `create_structured_output_runnable(schema, llm, prompt)`,
    /// `create_extraction_chain(schema, llm)`, `RunnableWithMessageHistory(chain, ..)`.
    fn langchain_constructor(&self, last: &str, args: &Args<'t>, depth: usize) -> Option<Val> {
        let llm_of = |n: Option<Node<'t>>| match n.and_then(|n| self.resolve(n, depth + 1)) {
            Some(Val::Inst(i)) if i.family == "langchain-llm" => Some(*i),
            _ => None,
        };
        match last {
            "create_structured_output_runnable" | "create_openai_fn_runnable" => {
                let llm = llm_of(args.get("#1").or_else(|| args.kw("llm")))?;
                let template = match args
                    .get("#2")
                    .or_else(|| args.kw("prompt"))
                    .and_then(|t| self.resolve(t, depth + 1))
                {
                    Some(Val::Template(t)) => Some(t),
                    _ => None,
                };
                Some(Val::Chain(Box::new(Chain {
                    template,
                    llm: Some(llm),
                    text_out: false,
                    json_out: true,
                    earlier: None,
                })))
            }
            "create_extraction_chain"
            | "create_tagging_chain"
            | "create_extraction_chain_pydantic"
            | "create_tagging_chain_pydantic" => {
                let llm = llm_of(args.get("#1").or_else(|| args.kw("llm")))?;
                let template = match args.kw("prompt").and_then(|t| self.resolve(t, depth + 1)) {
                    Some(Val::Template(t)) => t,
                    // the library's own instruction, paraphrased: the schema decides what
                    // is pulled out of the passage
                    _ => Prompt {
                        messages: vec![Message {
                            role: Some("user".into()),
                            segments: vec![
                                Segment::Text {
                                    text: if last.contains("tagging") {
                                        "Tag the passage below with the properties of the given schema.\n\nPassage:\n".into()
                                    } else {
                                        "Extract the entities named in the given schema, with their properties, from the passage below.\n\nPassage:\n".into()
                                    },
                                    span: None,
                                },
                                Segment::Hole {
                                    name: "input".into(),
                                    span: None,
                                },
                            ],
                        }],
                        complete: true,
                    },
                };
                Some(Val::Chain(Box::new(Chain {
                    template: Some(template),
                    llm: Some(llm),
                    text_out: false,
                    json_out: true,
                    earlier: None,
                })))
            }
            // agents: the prompt template and the model; the tools only route
            "create_openai_functions_agent"
            | "create_openai_tools_agent"
            | "create_tool_calling_agent"
            | "create_react_agent"
            | "create_structured_chat_agent"
            | "create_json_chat_agent"
            | "create_xml_agent" => {
                let llm = llm_of(args.get("#0").or_else(|| args.kw("llm")))?;
                let template = match args
                    .get("#2")
                    .or_else(|| args.kw("prompt"))
                    .and_then(|t| self.resolve(t, depth + 1))
                {
                    Some(Val::Template(t)) => Some(t),
                    _ => None,
                };
                Some(Val::Chain(Box::new(Chain {
                    template,
                    llm: Some(llm),
                    text_out: false,
                    json_out: false,
                    earlier: None,
                })))
            }
            "AgentExecutor" => match self.resolve(args.kw("agent")?, depth + 1)? {
                v @ Val::Chain(_) => Some(v),
                _ => None,
            },
            "initialize_agent" => {
                let llm = llm_of(args.get("#1").or_else(|| args.kw("llm")))?;
                Some(Val::Chain(Box::new(Chain {
                    template: None,
                    llm: Some(llm),
                    text_out: true,
                    json_out: false,
                    earlier: None,
                })))
            }
            "RunnableWithMessageHistory" | "RunnableSequence" => {
                let first = args
                    .get("#0")
                    .or_else(|| args.kw("runnable"))
                    .or_else(|| args.kw("first"))?;
                match self.resolve(first, depth + 1)? {
                    v @ Val::Chain(_) => Some(v),
                    Val::Template(t) if last == "RunnableSequence" => {
                        // RunnableSequence(prompt, llm, parser)
                        let llm = llm_of(args.get("#1"))?;
                        Some(Val::Chain(Box::new(Chain {
                            template: Some(t),
                            llm: Some(llm),
                            text_out: false,
                            json_out: false,
                            earlier: None,
                        })))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A DSPy signature as instructions: a class's docstring and fields, or a string
    /// signature (`"question -> answer"`).
    fn dspy_signature(&self, sig: Node<'t>) -> Vec<Segment> {
        let u = unwrap_expr(sig);
        if let Some(s) = literal_str(u, &self.src) {
            let (ins, outs) = s.split_once("->").unwrap_or((&s, ""));
            let names = |x: &str| -> Vec<String> {
                x.split(',')
                    .map(|f| f.split(':').next().unwrap_or("").trim().to_string())
                    .filter(|f| !f.is_empty())
                    .collect()
            };
            return vec![Segment::Text {
                text: format!(
                    "Given the fields {}, produce the fields {}.",
                    quote_list(&names(ins)),
                    quote_list(&names(outs))
                ),
                span: None,
            }];
        }
        let Some(class) = (u.kind() == "identifier")
            .then(|| self.src.of(u))
            .filter(|c| self.scope.classes.contains_key(*c))
        else {
            return vec![Segment::Hole {
                name: self.src.of(u).trim().to_string(),
                span: Some(self.src.span(u)),
            }];
        };
        let mut text = self.class_docstring(class).unwrap_or_default();
        let (mut ins, mut outs) = (Vec::new(), Vec::new());
        if let Some(body) = self.class_body(class) {
            for a in body_assignments(body) {
                let (Some(l), Some(r)) = (
                    a.child_by_field_id(super::fields::left()),
                    a.child_by_field_id(super::fields::right()),
                ) else {
                    continue;
                };
                let rs = self.src.of(r);
                let desc = (unwrap_expr(r).kind() == "call")
                    .then(|| Args::of(unwrap_expr(r), &self.src).kw("desc"))
                    .flatten()
                    .and_then(|d| literal_str(d, &self.src));
                let field = match desc {
                    Some(d) => format!("{} ({d})", self.src.of(l)),
                    None => self.src.of(l).to_string(),
                };
                if rs.contains("InputField") {
                    ins.push(field);
                } else if rs.contains("OutputField") {
                    outs.push(field);
                }
            }
        }
        if !ins.is_empty() || !outs.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!(
                "Inputs: {}\nOutputs: {}",
                ins.join(", "),
                outs.join(", ")
            ));
        }
        vec![Segment::Text { text, span: None }]
    }

    fn class_body(&self, class: &str) -> Option<Node<'t>> {
        let root = self.root?;
        named_children(root).into_iter().find_map(|n| {
            let d = if n.kind() == "decorated_definition" {
                n.child_by_field_id(super::fields::definition())?
            } else {
                n
            };
            (d.kind() == "class_definition"
                && d.child_by_field_id(super::fields::name())
                    .map(|x| self.src.of(x))
                    == Some(class))
            .then(|| d.child_by_field_id(super::fields::body()))
            .flatten()
        })
    }

    fn class_docstring(&self, class: &str) -> Option<String> {
        docstring(self.class_body(class)?, &self.src)
    }

    /// The model of a DSPy LM configured at module level (`lm = dspy.LM("openai/gpt-4o-mini")`).
    fn dspy_configured_lm(&self) -> Option<Inst> {
        let mut names: Vec<&String> = self.scope.globals.keys().collect();
        names.sort();
        for name in names {
            for (v, _) in &self.scope.globals[name] {
                if unwrap_expr(*v).kind() == "call"
                    && let Some(Val::Inst(i)) = self.resolve(*v, MAX_DEPTH - 4)
                    && i.family == "dspy-lm"
                {
                    return Some(*i);
                }
            }
        }
        None
    }

    /// After the catalog built a site: the parts a framework keeps elsewhere (a DSPy
    /// program's input fields, an autogen recipient's system message and model).
    pub fn framework_fixup(&self, site: &mut CallSite, call: Node<'t>, inst: Option<&Inst>) {
        let args = Args::of(call, &self.src);
        match inst.map(|i| i.family.as_str()) {
            Some("dspy-module") => {
                let mut segs = Vec::new();
                for (k, v) in &args.keywords {
                    if !segs.is_empty() {
                        push_text(&mut segs, "\n".into(), None);
                    }
                    push_text(&mut segs, format!("{k}: "), None);
                    push_all(&mut segs, self.text_rec(*v, 1).segs);
                }
                if !segs.is_empty() {
                    site.prompt
                        .messages
                        .retain(|m| m.role.as_deref() == Some("system"));
                    site.prompt.messages.push(Message {
                        role: Some("user".into()),
                        segments: segs,
                    });
                    site.prompt.complete = !args.splat;
                }
            }
            Some("autogen-proxy" | "autogen-agent") if site.api.ends_with("initiate_chat") => {
                let recipient = args.get("#0").or_else(|| args.kw("recipient"));
                if let Some(Val::Inst(r)) = recipient.and_then(|r| self.resolve(r, 1)) {
                    if let Some(sys) = r.system.clone() {
                        site.prompt.messages.insert(
                            0,
                            Message {
                                role: Some("system".into()),
                                segments: sys,
                            },
                        );
                    }
                    if r.model.is_some() {
                        site.model = r.model.clone();
                    }
                }
            }
            _ => {}
        }
    }

    /// LLM calls in shapes around the SDK: crewAI's `kickoff`, `urllib.request.urlopen` of a
    /// POST, `asyncio.to_thread(client.chat.completions.create, ...)`, a LangChain chain
    /// called directly.
    pub fn match_framework_call(&self, call: Node<'t>) -> Option<CallSite> {
        let func = call.child_by_field_id(super::fields::function())?;
        let name = self.src.of(callee_name(func));
        if matches!(
            name,
            "kickoff" | "kickoff_async" | "akickoff" | "kickoff_for_each"
        ) && func.kind() == "attribute"
        {
            let recv = func.child_by_field_id(super::fields::object())?;
            return self.crew_site(call, func, recv);
        }
        if matches!(name, "to_thread" | "run_in_executor" | "run_sync") {
            return self.threaded_call(call);
        }
        if name == "urlopen" {
            let args = Args::of(call, &self.src);
            let req = self.constructed(args.get("#0").or_else(|| args.kw("url"))?, 0)?;
            if !req.0.ends_with("Request") {
                return None;
            }
            let rargs = Args::of(req.1, &self.src);
            let url = rargs.get("#0").or_else(|| rargs.kw("url"))?;
            let body = rargs.get("#1").or_else(|| rargs.kw("data"));
            return self.http_site(call, url, body, None);
        }
        if let Some(Val::Chain(chain)) = self.resolve(func, 0) {
            let llm = chain.llm.clone()?;
            return Some(self.build_chain_site(call, func, "__call__", &chain, &llm));
        }
        None
    }

    /// `asyncio.to_thread(client.chat.completions.create, model=.., messages=..)`: the SDK
    /// method passed uncalled, its arguments after it.
    fn threaded_call(&self, call: Node<'t>) -> Option<CallSite> {
        let args = Args::of(call, &self.src);
        let target = args
            .positional
            .iter()
            .copied()
            .find(|a| self.src.of(*a) != "None")?;
        let Val::Member(inst, chain) = self.resolve(target, 0)? else {
            return None;
        };
        let spec = self.catalog.python.call.iter().find(|s| {
            s.family.as_deref() == Some(inst.family.as_str())
                && s.method.as_deref() == Some(chain.as_str())
        })?;
        // only keyword arguments reach the SDK call unchanged
        let mut site = self.build_site(call, target, spec, Some(&inst), chain.clone());
        site.context.is_async = true;
        Some(site)
    }

    /// The constructor call a name or expression was built by, with its import path.
    pub fn constructed(&self, n: Node<'t>, depth: usize) -> Option<(String, Node<'t>)> {
        if depth > MAX_DEPTH || !self.tick() {
            return None;
        }
        let u = unwrap_expr(n);
        match u.kind() {
            "call" => {
                let f = u.child_by_field_id(super::fields::function())?;
                let path = self
                    .scope
                    .import_path(f, &self.src)
                    .unwrap_or_else(|| self.src.of(f).to_string());
                Some((path, u))
            }
            "identifier" => match self.scope.lookup(self.src.of(u), u) {
                Binding::Expr(e) => self.constructed(e, depth + 1),
                _ => None,
            },
            "attribute" => {
                let obj = u.child_by_field_id(super::fields::object())?;
                let attr = u.child_by_field_id(super::fields::attribute())?;
                if obj.kind() != "identifier" {
                    return None;
                }
                let v = self.self_attr(obj, self.src.of(attr))?;
                self.constructed(v, depth + 1)
            }
            _ => None,
        }
    }

    /// `Crew(agents=[..], tasks=[..]).kickoff()`: the agents' roles and the tasks'
    /// descriptions are the prompt.
    fn crew_site(&self, call: Node<'t>, func: Node<'t>, recv: Node<'t>) -> Option<CallSite> {
        let (path, ctor) = self.constructed(recv, 0)?;
        if !(path.starts_with("crewai") && path.ends_with("Crew")) {
            return None;
        }
        let cargs = Args::of(ctor, &self.src);
        let mut site = self.base_site(call, func, "crewai", "kickoff".into());
        let mut system = Vec::new();
        let mut user = Vec::new();
        let mut complete = true;
        let mut model: Option<Valued<String>> = None;
        let list = |key: &str| -> Vec<Node<'t>> {
            cargs
                .kw(key)
                .and_then(|l| self.literal_list(l, 0))
                .unwrap_or_default()
        };
        for a in list("agents") {
            let Some((p, node)) = self.constructed(a, 0) else {
                complete = false;
                continue;
            };
            if !p.ends_with("Agent") {
                complete = false;
                continue;
            }
            let aa = Args::of(node, &self.src);
            for (label, key) in [
                ("Role: ", "role"),
                ("Goal: ", "goal"),
                ("Backstory: ", "backstory"),
            ] {
                if let Some(v) = aa.kw(key) {
                    if !system.is_empty() {
                        push_text(&mut system, "\n".into(), None);
                    }
                    push_text(&mut system, label.into(), None);
                    push_all(&mut system, template_holes(self.text_rec(v, 0).segs));
                }
            }
            if model.is_none()
                && let Some(l) = aa.kw("llm")
            {
                model = match self.resolve(l, 0) {
                    Some(Val::Inst(i)) => i.model.clone(),
                    _ => self.const_str_node(l, 0).or_else(|| {
                        let (_, n) = self.constructed(l, 0)?;
                        let la = Args::of(n, &self.src);
                        self.const_str_node(la.kw("model").or_else(|| la.get("#0"))?, 0)
                    }),
                };
            }
        }
        for t in list("tasks") {
            let Some((p, node)) = self.constructed(t, 0) else {
                complete = false;
                continue;
            };
            if !p.ends_with("Task") {
                complete = false;
                continue;
            }
            let ta = Args::of(node, &self.src);
            for (label, key) in [
                ("", "description"),
                ("Expected output: ", "expected_output"),
            ] {
                if let Some(v) = ta.kw(key) {
                    if !user.is_empty() {
                        push_text(&mut user, "\n".into(), None);
                    }
                    push_text(&mut user, label.into(), None);
                    push_all(&mut user, template_holes(self.text_rec(v, 0).segs));
                }
            }
        }
        if system.is_empty() && user.is_empty() {
            return None;
        }
        let mut messages = Vec::new();
        if !system.is_empty() {
            messages.push(Message {
                role: Some("system".into()),
                segments: system,
            });
        }
        if !user.is_empty() {
            messages.push(Message {
                role: Some("user".into()),
                segments: user,
            });
        }
        site.prompt = Prompt { messages, complete };
        site.prompt_span = Some(self.src.span(ctor));
        site.model = model;
        self.fill_context(&mut site, call, false);
        Some(site)
    }

    fn decoration(&self, fi: usize) -> Option<Decorated<'t>> {
        let f = &self.scope.funcs[fi];
        for d in &f.decorators {
            let e = named_children(*d).first().copied()?;
            let (target, call) = if e.kind() == "call" {
                (e.child_by_field_id(super::fields::function())?, Some(e))
            } else {
                (e, None)
            };
            let Some(path) = self.scope.import_path(target, &self.src) else {
                continue;
            };
            let args = call.map(|c| Args::of(c, &self.src));
            if path.starts_with("mirascope") && path.ends_with(".call") {
                let model = args
                    .as_ref()
                    .and_then(|a| a.kw("model").or_else(|| a.get("#0")));
                return Some(Decorated::Call {
                    sdk: "mirascope",
                    model,
                });
            }
            if path.starts_with("marvin") && (path.ends_with(".fn") || path.ends_with(".ai_fn")) {
                return Some(Decorated::Call {
                    sdk: "marvin",
                    model: None,
                });
            }
            if path == "outlines.prompt" || path == "outlines.templates.prompt" {
                return Some(Decorated::Template);
            }
        }
        None
    }

    /// A prompt template defined by a decorator (`@outlines.prompt`): the docstring with
    /// `{{ name }}` holes.
    pub fn decorated_template(&self, fi: usize) -> Option<Vec<Segment>> {
        if !matches!(self.decoration(fi)?, Decorated::Template) {
            return None;
        }
        let body = self.scope.funcs[fi]
            .node
            .child_by_field_id(super::fields::body())?;
        Some(jinja_holes(&docstring(body, &self.src)?))
    }

    /// Decorated functions that make an LLM call each time they are called (mirascope,
    /// marvin): wrapper definitions whose calls are direct LLM calls.
    pub fn decorated_calls(&self) -> Vec<(usize, WrapperDef)> {
        let mut out = Vec::new();
        for fi in 0..self.scope.funcs.len() {
            let Some(Decorated::Call { sdk, model }) = self.decoration(fi) else {
                continue;
            };
            self.budget.set(super::BUDGET);
            let f = &self.scope.funcs[fi];
            let body = f.node.child_by_field_id(super::fields::body());
            let mut segs = Vec::new();
            let mut complete = true;
            // mirascope: `@prompt_template("...")`, else the returned text or messages, else
            // the docstring; marvin: the docstring with the parameters listed
            if let Some(t) = self.prompt_template_decorator(fi) {
                segs = template_holes(t);
            } else if sdk == "mirascope"
                && let Some(r) = f.returns.first()
            {
                let rec = self.text_rec(*r, 0);
                complete = rec.complete;
                segs = rec.segs;
            } else if let Some(doc) = body.and_then(|b| docstring(b, &self.src)) {
                segs = if sdk == "marvin" {
                    let mut s = vec![Segment::Text {
                        text: format!("{doc}\n\n"),
                        span: None,
                    }];
                    for p in f.user_params() {
                        push_text(&mut s, format!("{}: ", p.name), None);
                        s.push(Segment::Hole {
                            name: p.name.clone(),
                            span: None,
                        });
                        push_text(&mut s, "\n".into(), None);
                    }
                    s
                } else {
                    template_holes(vec![Segment::Text {
                        text: doc,
                        span: None,
                    }])
                };
            }
            if segs.is_empty() {
                continue;
            }
            let name_node = f
                .node
                .child_by_field_id(super::fields::name())
                .unwrap_or(f.node);
            let mut inner = self.base_site(f.node, name_node, sdk, "call".into());
            inner.kind = CallKind::Direct;
            inner.prompt = Prompt {
                messages: vec![Message {
                    role: Some("user".into()),
                    segments: segs,
                }],
                complete,
            };
            inner.model = model.and_then(|m| self.const_str_node(m, 0));
            let def = self.wrapper_def(fi, inner, None);
            out.push((fi, def));
        }
        out
    }

    /// mirascope's `@prompt_template("...")` on function `fi`.
    fn prompt_template_decorator(&self, fi: usize) -> Option<Vec<Segment>> {
        for d in &self.scope.funcs[fi].decorators {
            let e = named_children(*d).first().copied()?;
            if e.kind() != "call" {
                continue;
            }
            let target = e.child_by_field_id(super::fields::function())?;
            if self.src.of(callee_name(target)) != "prompt_template" {
                continue;
            }
            let a = Args::of(e, &self.src);
            let t = a.get("#0").or_else(|| a.kw("template"))?;
            return Some(self.text_rec(t, 0).segs);
        }
        None
    }
}

/// The docstring of a function or class body, dedented.
fn docstring(body: Node, src: &super::syntax::Src) -> Option<String> {
    let first = named_children(body).into_iter().next()?;
    if first.kind() != "expression_statement" {
        return None;
    }
    let s = named_children(first).into_iter().next()?;
    if s.kind() != "string" {
        return None;
    }
    let raw = literal_str(s, src)?;
    Some(super::syntax::dedent(&raw).trim().to_string())
}

/// `{{ name }}` placeholders of a Jinja-style template as holes.
pub fn jinja_holes(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        let Some(j) = rest[i + 2..].find("}}") else {
            break;
        };
        let inner = rest[i + 2..i + 2 + j].trim();
        push_text(&mut out, rest[..i].to_string(), None);
        let name: String = inner.split('|').next().unwrap_or("").trim().to_string();
        if name.is_empty() {
            push_text(&mut out, rest[i..i + 4 + j].to_string(), None);
        } else {
            out.push(Segment::Hole { name, span: None });
        }
        rest = &rest[i + 4 + j..];
    }
    push_text(&mut out, rest.to_string(), None);
    out
}

fn quote_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
