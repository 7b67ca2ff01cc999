//! What a Python file offers to the rest of the project (facts: prompt constants and
//! tables, prompt builders, clients, objects of its classes) and what it needs from it
//! (wants: the modules it imports, the prompt files it reads), and the use of other files'
//! facts while recovering prompts here.

use llmlint_rules::{Language, Prompt, Segment};
use tree_sitter::Node;

use super::Ana;
use super::scope::Binding;
use super::sdk::{Inst, Val};
use super::syntax::{Args, MAX_DEPTH, callee_name, literal_str, unwrap_expr};
use crate::analysis::{ClientFact, Fact, FactValue, Want, normalize_rel};

/// Segments as another file sees them: no spans (they point into this file).
pub fn detach(segs: Vec<Segment>) -> Vec<Segment> {
    segs.into_iter()
        .map(|s| match s {
            Segment::Text { text, .. } => Segment::Text { text, span: None },
            Segment::Hole { name, .. } => Segment::Hole { name, span: None },
        })
        .collect()
}

pub fn client_fact(i: &Inst) -> ClientFact {
    ClientFact {
        sdk: i.sdk.clone(),
        family: i.family.clone(),
        provider: i.provider.clone(),
        base_url: i.base_url.clone(),
        model: i.model.as_ref().map(|m| m.value.clone()),
        temperature: i.temperature.as_ref().map(|t| t.value),
        max_tokens: i.max_tokens.as_ref().map(|t| t.value),
        response_format: i.response_format.clone(),
        system: i.system.clone().map(detach),
        is_async: i.is_async,
        http: i.http,
    }
}

pub fn inst_of(c: &ClientFact) -> Inst {
    use llmlint_rules::Valued;
    Inst {
        sdk: c.sdk.clone(),
        family: c.family.clone(),
        provider: c.provider.clone(),
        base_url: c.base_url.clone(),
        model: c.model.clone().map(|value| Valued { value, span: None }),
        model_param: None,
        temperature: c.temperature.map(|value| Valued { value, span: None }),
        max_tokens: c.max_tokens.map(|value| Valued { value, span: None }),
        response_format: c.response_format.clone(),
        system: c.system.clone(),
        is_async: c.is_async,
        http: c.http,
    }
}

impl<'t> Ana<'t> {
    /// Everything this file defines at module level that a prompt elsewhere may use. With
    /// `all` false, only what costs little to find: module-level values, class bases, and
    /// functions returning a call (client factories); not class-attribute texts or prompt
    /// builders.
    pub fn facts(&self, all: bool) -> Vec<Fact> {
        // the imports a fact's value needs (a constant a prompt builder uses) are wanted
        self.recording.set(true);
        let out = self.facts_inner(all);
        self.recording.set(false);
        out
    }

    fn facts_inner(&self, all: bool) -> Vec<Fact> {
        let mut out = Vec::new();
        let mut push = |name: String, value: FactValue| {
            out.push(Fact {
                language: Language::Python,
                module: self.module.clone(),
                name,
                path: self.path.to_string(),
                value,
            })
        };
        let mut globals: Vec<(&String, &Vec<(Node<'t>, usize)>)> =
            self.scope.globals.iter().collect();
        globals.sort_by_key(|(n, _)| n.as_str());
        for (name, binds) in globals {
            // a name bound once (or re-bound to the same kind of value) at module level
            let Some(&(v, _)) = binds.last() else {
                continue;
            };
            self.budget.set(super::BUDGET);
            let value = self.fact_value(v);
            if let Some(value) = value {
                push(name.clone(), value);
            }
        }
        let mut classes: Vec<&String> = self.scope.classes.keys().collect();
        classes.sort();
        for class in classes {
            let c = &self.scope.classes[class];
            if !c.bases.is_empty() {
                let bases = c
                    .bases
                    .iter()
                    .filter(|b| !b.contains('='))
                    .map(|b| {
                        let b = b.split('[').next().unwrap_or(b).trim();
                        let head = b.split('.').next().unwrap_or(b);
                        match self.scope.imports.get(head) {
                            Some(base) => match b.split_once('.') {
                                Some((_, rest)) => format!("{base}.{rest}"),
                                None => base.clone(),
                            },
                            None if self.module.is_empty() => b.to_string(),
                            None => format!("{}.{b}", self.module),
                        }
                    })
                    .collect();
                push(class.clone(), FactValue::Class { bases });
            }
            let mut attrs: Vec<(&String, &Vec<(Node<'t>, usize)>)> = c.attrs.iter().collect();
            attrs.sort_by_key(|(n, _)| n.as_str());
            // a client held by the class (`self.model = genai.GenerativeModel(..)` in
            // `__init__`): `service.model.generate_content(..)` from another module
            for (attr, binds) in attrs.iter().filter(|_| all) {
                let Some(&(v, _)) = binds.iter().find(|(v, _)| unwrap_expr(*v).kind() == "call")
                else {
                    continue;
                };
                self.budget.set(super::BUDGET);
                if let Some(Val::Inst(i)) = self.resolve(v, 0) {
                    push(
                        format!("{class}.{attr}"),
                        FactValue::Client(client_fact(&i)),
                    );
                }
            }
            for (attr, binds) in attrs.into_iter().filter(|_| all) {
                // class-body constants only (not `self.x = ...` in methods)
                let Some(&(v, _)) = binds
                    .iter()
                    .find(|(v, _)| self.scope.enclosing_func(*v).is_none())
                else {
                    continue;
                };
                self.budget.set(super::BUDGET);
                if self.is_stringish(v, 0) {
                    let r = self.text_rec(v, 0);
                    push(
                        format!("{class}.{attr}"),
                        FactValue::Text {
                            segments: detach(r.segs),
                            complete: r.complete,
                        },
                    );
                }
            }
        }
        for (fi, f) in self.scope.funcs.iter().enumerate() {
            if f.parent.is_some() {
                continue;
            }
            // a factory returns a call, or a name bound to one (`agent = Agent(..)`,
            // `return agent`)
            let returns_call = f.returns.iter().any(|r| {
                let r = unwrap_expr(*r);
                r.kind() == "call"
                    || (r.kind() == "identifier"
                        && matches!(self.scope.lookup(self.src.of(r), r),
                            Binding::Expr(e) if unwrap_expr(e).kind() == "call"))
            });
            if !all && !returns_call {
                continue;
            }
            if let Some(t) = self.decorated_template(fi).filter(|_| all) {
                push(
                    f.name.clone(),
                    FactValue::TextFn {
                        params: f.user_params().iter().map(|p| p.name.clone()).collect(),
                        segments: t,
                        complete: true,
                    },
                );
                continue;
            }
            if f.returns.is_empty() {
                continue;
            }
            self.budget.set(super::BUDGET);
            let name = match &f.class {
                Some(c) => format!("{c}.{}", f.name),
                None => f.name.clone(),
            };
            // a prompt builder: every return is text; the first one is kept
            let r = f.returns[0];
            if all && f.returns.iter().all(|r| self.is_stringish(*r, 0)) {
                let rec = self.text_rec(r, 0);
                if rec.segs.iter().any(|s| matches!(s, Segment::Text { .. })) {
                    push(
                        name,
                        FactValue::TextFn {
                            params: f.user_params().iter().map(|p| p.name.clone()).collect(),
                            segments: detach(rec.segs),
                            complete: rec.complete && f.returns.len() == 1,
                        },
                    );
                }
                continue;
            }
            // a factory: returns a client, or an object of a project class that wraps one
            if f.class.is_none() {
                match self.resolve(r, 0) {
                    Some(Val::Inst(i)) => push(name, FactValue::Client(client_fact(&i))),
                    Some(Val::Object(class)) => push(name, FactValue::Object { class }),
                    _ => {}
                }
            }
        }
        out
    }

    fn fact_value(&self, v: Node<'t>) -> Option<FactValue> {
        let u = unwrap_expr(v);
        if u.kind() == "dictionary" {
            let rows: Vec<(String, Vec<Segment>)> = self
                .dict_pairs(u, 0)
                .into_iter()
                .filter(|(_, val)| self.is_stringish(*val, 0))
                .map(|(k, val)| (k, detach(self.text_rec(val, 0).segs)))
                .collect();
            return (!rows.is_empty()).then_some(FactValue::Table(rows));
        }
        if self.is_stringish(u, 0) {
            let r = self.text_rec(u, 0);
            return Some(FactValue::Text {
                segments: detach(r.segs),
                complete: r.complete,
            });
        }
        match self.resolve(u, 0)? {
            Val::Inst(i) => Some(FactValue::Client(client_fact(&i))),
            Val::Template(p) => Some(FactValue::Prompt(detach_prompt(p))),
            Val::Object(class) => Some(FactValue::Object { class }),
            // a model piped into a parser (`LLM | StrOutputParser()`) is the model to others
            Val::Chain(c) if c.template.is_none() => {
                c.llm.map(|i| FactValue::Client(client_fact(&i)))
            }
            _ => None,
        }
    }

    /// The modules this file imports (as absolute dotted paths) and the prompt files it read.
    /// Only what a call site's recovery missed is wanted: parsing every import would parse
    /// whole libraries.
    pub fn wants(&self) -> Vec<Want> {
        let mut out: Vec<Want> = self.module_wants.borrow().clone();
        out.extend(self.file_wants.borrow().iter().cloned());
        out.sort();
        out.dedup();
        out
    }

    /// An import of an SDK the catalog knows (`openai`, `langchain_openai.ChatOpenAI`): never a
    /// project module.
    pub fn catalog_module(&self, path: &str) -> bool {
        let head = path.split('.').next().unwrap_or(path);
        matches!(
            head,
            "os" | "sys"
                | "json"
                | "re"
                | "typing"
                | "datetime"
                | "time"
                | "logging"
                | "asyncio"
                | "pathlib"
                | "dataclasses"
                | "enum"
                | "collections"
                | "functools"
                | "itertools"
                | "openai"
                | "anthropic"
                | "langchain"
                | "langchain_core"
                | "langchain_openai"
                | "langchain_community"
                | "litellm"
                | "google"
                | "pydantic"
                | "fastapi"
                | "flask"
                | "django"
                | "requests"
                | "httpx"
                | "numpy"
                | "pandas"
        )
    }

    /// The fact an imported name or module attribute refers to (`SYSTEM_PROMPT` from
    /// `from .prompts import SYSTEM_PROMPT`, `prompts.SYSTEM_PROMPT`, `Prompts.EXTRACT`).
    pub fn imported_fact(&self, n: Node<'t>) -> Option<&'t Fact> {
        let n = unwrap_expr(n);
        if !matches!(n.kind(), "identifier" | "attribute") {
            return None;
        }
        let mut path = self.scope.import_path(n, &self.src)?;
        // `Prompts.EXTRACT.value` on an Enum member
        if let Some(p) = path.strip_suffix(".value") {
            path = p.to_string();
        }
        let found = self.index.python_fact(&path, self.path);
        if self.recording.get() && !self.catalog_module(&path) {
            // the module that defines it is worth parsing; once found it stays wanted, so
            // that this file is analysed again when that module's facts change (a prompt
            // builder whose constants arrived in a later round)
            self.module_wants
                .borrow_mut()
                .push(Want::Module(Language::Python, path));
        }
        found
    }

    /// Text of an imported constant, when it is one.
    pub fn imported_text(&self, n: Node<'t>) -> Option<(Vec<Segment>, bool)> {
        match &self.imported_fact(n)?.value {
            FactValue::Text { segments, complete } => Some((segments.clone(), *complete)),
            _ => None,
        }
    }

    /// A call of a prompt builder (same file, or imported): its return text with the
    /// arguments' text in place of the parameters.
    pub fn builder_call(&self, call: Node<'t>, depth: usize) -> Option<(Vec<Segment>, bool)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut func = call.child_by_field_id(super::fields::function())?;
        let mut args = Args::of(call, &self.src);
        // a function run on a worker thread: `asyncio.to_thread(f, *args)`,
        // `loop.run_in_executor(None, f, *args)` give `f(*args)`
        let skip = match self.src.of(callee_name(func)) {
            "to_thread" => 1,
            "run_in_executor" => 2,
            _ => 0,
        };
        if skip > 0 {
            func = *args.positional.get(skip - 1)?;
            args.positional.drain(..skip);
        }
        let (params, segs, complete): (Vec<String>, Vec<Segment>, bool) =
            if let Some(fi) = self.local_function(func) {
                let f = &self.scope.funcs[fi];
                if let Some(t) = self.decorated_template(fi) {
                    (
                        f.user_params().iter().map(|p| p.name.clone()).collect(),
                        t,
                        true,
                    )
                } else if f.returns.is_empty()
                    || self.scope.enclosing_func(call) == Some(fi)
                    || !f.returns.iter().all(|r| self.is_stringish(*r, depth + 1))
                {
                    return None;
                } else {
                    let r = self.text_rec(f.returns[0], depth + 1);
                    (
                        f.user_params().iter().map(|p| p.name.clone()).collect(),
                        r.segs,
                        r.complete && f.returns.len() == 1,
                    )
                }
            } else {
                match &self.imported_fact(func)?.value {
                    FactValue::TextFn {
                        params,
                        segments,
                        complete,
                    } => (params.clone(), segments.clone(), *complete),
                    _ => return None,
                }
            };
        let arg_of = |name: &str| -> Option<Node<'t>> {
            args.kw(name).or_else(|| {
                let i = params.iter().position(|p| p == name)?;
                args.positional.get(i).copied()
            })
        };
        let mut out = Vec::new();
        for s in segs {
            match s {
                Segment::Hole { name, span } => {
                    // a hole that is exactly a parameter takes the argument's text
                    let base = name.split(['.', '[', '(']).next().unwrap_or(&name);
                    match arg_of(base) {
                        Some(a) if base == name => {
                            super::syntax::push_all(&mut out, self.text_rec(a, depth + 1).segs)
                        }
                        Some(a) => out.push(Segment::Hole {
                            name: format!("{}{}", self.src.of(a).trim(), &name[base.len()..]),
                            span: Some(self.src.span(a)),
                        }),
                        None => out.push(Segment::Hole { name, span }),
                    }
                }
                t => super::syntax::push_all(&mut out, vec![t]),
            }
        }
        Some((out, complete && !args.splat))
    }

    /// A prompt file read here (`open(p).read()`, `Path(p).read_text()`, `f.read()` after
    /// `with open(p) as f`): its text when the index holds it; the candidates are recorded as
    /// a want either way.
    pub fn file_read(&self, call: Node<'t>, depth: usize) -> Option<Option<String>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let func = call.child_by_field_id(super::fields::function())?;
        if func.kind() != "attribute" {
            return None;
        }
        let method = self.src.of(callee_name(func));
        if !matches!(method, "read" | "read_text") {
            return None;
        }
        let recv = func.child_by_field_id(super::fields::object())?;
        let path_expr = self.opened_path(recv, depth + 1)?;
        let rel = self.path_literal(path_expr, depth + 1)?;
        // A prompt file is named as one, or read at start-up (module level, a class body,
        // `__init__`); a file read while handling a request is the input (`data/email.txt`).
        let at_startup = match self.scope.enclosing_func(call) {
            None => true,
            Some(fi) => self.scope.funcs[fi].name == "__init__",
        };
        if !at_startup && !prompt_like_path(&rel) {
            return None;
        }
        let cands = self.file_candidates(&rel);
        if cands.is_empty() {
            return None;
        }
        let text = self.index.file(&cands).map(|(_, t)| t.to_string());
        self.file_wants.borrow_mut().push(Want::File(cands));
        Some(text)
    }

    /// The path expression of `open(p)` / `Path(p)` / `p` (a Path), through names.
    fn opened_path(&self, recv: Node<'t>, depth: usize) -> Option<Node<'t>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let u = unwrap_expr(recv);
        match u.kind() {
            "identifier" => match self.scope.lookup(self.src.of(u), u) {
                Binding::Expr(e) => self.opened_path(e, depth + 1),
                _ => None,
            },
            "call" => {
                let f = u.child_by_field_id(super::fields::function())?;
                let name = self.src.of(callee_name(f));
                let args = Args::of(u, &self.src);
                match name {
                    "open" | "Path" | "PurePath" => args.get("#0").or_else(|| args.kw("file")),
                    _ => None,
                }
            }
            "binary_operator" => Some(u), // `Path(__file__).parent / "prompts" / "x.txt"`
            _ => None,
        }
    }

    /// A path expression as a relative path string: literals, `os.path.join(dirname(__file__),
    /// "x")`, `Path(__file__).parent / "x"`; `__file__`'s folder becomes `.` (the file's own
    /// folder). `None` for anything else (and for absolute paths).
    fn path_literal(&self, n: Node<'t>, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let u = unwrap_expr(n);
        let out = match u.kind() {
            "string" | "concatenated_string" => literal_str(u, &self.src)?,
            "identifier" => match self.scope.lookup(self.src.of(u), u) {
                Binding::Expr(e) => self.path_literal(e, depth + 1)?,
                _ => return None,
            },
            "binary_operator" => {
                let l =
                    self.path_literal(u.child_by_field_id(super::fields::left())?, depth + 1)?;
                let r =
                    self.path_literal(u.child_by_field_id(super::fields::right())?, depth + 1)?;
                join_rel(&l, &r)
            }
            "attribute" => {
                // `Path(__file__).parent`, `.resolve().parent`, `BASE_DIR`
                let attr = self
                    .src
                    .of(u.child_by_field_id(super::fields::attribute())?);
                let obj = u.child_by_field_id(super::fields::object())?;
                if attr == "parent" {
                    let inner = self.path_literal(obj, depth + 1)?;
                    return Some(parent_of(&inner));
                }
                return None;
            }
            "call" => {
                let f = u.child_by_field_id(super::fields::function())?;
                let name = self.src.of(callee_name(f));
                let args = Args::of(u, &self.src);
                match name {
                    "join" | "joinpath" => {
                        let mut acc = if name == "joinpath" {
                            self.path_literal(
                                f.child_by_field_id(super::fields::object())?,
                                depth + 1,
                            )?
                        } else {
                            String::new()
                        };
                        for a in &args.positional {
                            let p = self.path_literal(*a, depth + 1)?;
                            acc = join_rel(&acc, &p);
                        }
                        acc
                    }
                    "dirname" => {
                        let a = args.get("#0")?;
                        if self.src.of(unwrap_expr(a)) == "__file__" {
                            ".".to_string()
                        } else {
                            parent_of(&self.path_literal(a, depth + 1)?)
                        }
                    }
                    "Path" | "PurePath" | "abspath" | "realpath" | "resolve" | "absolute" => {
                        match args.get("#0") {
                            Some(a) if self.src.of(unwrap_expr(a)) == "__file__" => {
                                "__FILE__".to_string()
                            }
                            Some(a) => self.path_literal(a, depth + 1)?,
                            None => self.path_literal(
                                f.child_by_field_id(super::fields::object())?,
                                depth + 1,
                            )?,
                        }
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        if out.starts_with('/') {
            return None;
        }
        Some(out)
    }

    /// Where a relative path read by this file may be: beside the file, then from each
    /// folder above it (a script run from the repository root reads `prompts/x.txt`).
    pub fn file_candidates(&self, rel: &str) -> Vec<String> {
        let dir = match self.path.rsplit_once('/') {
            Some((d, _)) => d.to_string(),
            None => String::new(),
        };
        let rel = rel.replace("__FILE__/..", ".").replace("__FILE__", ".");
        if rel.contains("__FILE__") {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut base: Option<String> = Some(dir);
        while let Some(b) = base {
            if let Some(p) = normalize_rel(&join_rel(&b, &rel))
                && !p.is_empty()
                && !out.contains(&p)
            {
                out.push(p);
            }
            base = if b.is_empty() {
                None
            } else {
                Some(
                    b.rsplit_once('/')
                        .map(|x| x.0.to_string())
                        .unwrap_or_default(),
                )
            };
        }
        out
    }

    /// The string entries of a table of prompts: an imported table, or a dict literal (or a
    /// name bound to one) in this file.
    pub fn table_rows(&self, table: Node<'t>, depth: usize) -> Option<Vec<(String, Vec<Segment>)>> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(f) = self.imported_fact(table) {
            return match &f.value {
                FactValue::Table(rows) => Some(rows.clone()),
                _ => None,
            };
        }
        let rows: Vec<(String, Vec<Segment>)> = self
            .dict_pairs(table, depth + 1)
            .into_iter()
            .filter(|(_, v)| self.is_stringish(*v, depth + 1))
            .map(|(k, v)| (k, self.text_rec(v, depth + 1).segs))
            .collect();
        (!rows.is_empty()).then_some(rows)
    }

    /// `PROMPTS["email"]` on a table of prompts: the entry.
    pub fn table_entry(&self, sub: Node<'t>, depth: usize) -> Option<Vec<Segment>> {
        let value = sub.child_by_field_id(super::fields::value())?;
        let key = literal_str(
            sub.child_by_field_id(super::fields::subscript())?,
            &self.src,
        )?;
        self.table_rows(value, depth + 1)?
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }

    /// `PROMPTS[kind]` / `PROMPTS.get(kind)` with a key known only at run time, on a table of
    /// prompts: the entries it can pick (for `"a" if c else "b"`, those two).
    pub fn table_choices(
        &self,
        table: Node<'t>,
        key: Node<'t>,
        depth: usize,
    ) -> Option<Vec<Vec<Segment>>> {
        if depth > MAX_DEPTH || literal_str(key, &self.src).is_some() {
            return None;
        }
        let rows = self.table_rows(table, depth + 1)?;
        let k = unwrap_expr(key);
        let picked: Vec<(String, Vec<Segment>)> = if k.kind() == "conditional_expression" {
            let lits: Vec<String> = super::syntax::named_children(k)
                .into_iter()
                .step_by(2)
                .filter_map(|b| literal_str(b, &self.src))
                .collect();
            rows.into_iter().filter(|(r, _)| lits.contains(r)).collect()
        } else {
            rows
        };
        (picked.len() >= 2).then(|| picked.into_iter().map(|(_, s)| s).collect())
    }

    /// Record a table choice for the call site being built.
    pub fn note_choice(&self, name: &str, options: Vec<Vec<Segment>>) {
        let mut c = self.choices.borrow_mut();
        if !c.iter().any(|(n, _)| n == name) {
            c.push((name.to_string(), options));
        }
    }

    /// The prompts a site can send when parts of it are picked from tables (at most 16).
    pub fn variants_of(&self, prompt: &Prompt) -> Vec<Prompt> {
        let choices = std::mem::take(&mut *self.choices.borrow_mut());
        if choices.is_empty() {
            return Vec::new();
        }
        let mut out = vec![prompt.clone()];
        for (name, options) in choices {
            if !prompt.holes().any(|(h, _)| h == name) {
                continue;
            }
            let mut next = Vec::new();
            'outer: for v in &out {
                for o in &options {
                    if next.len() >= 16 {
                        break 'outer;
                    }
                    let mut p = v.clone();
                    for m in &mut p.messages {
                        let mut segs = Vec::new();
                        for s in m.segments.drain(..) {
                            match s {
                                Segment::Hole { name: h, .. } if h == name => {
                                    super::syntax::push_all(&mut segs, o.clone())
                                }
                                other => super::syntax::push_all(&mut segs, vec![other]),
                            }
                        }
                        m.segments = segs;
                    }
                    next.push(p);
                }
            }
            out = next;
        }
        if out.len() < 2 { Vec::new() } else { out }
    }

    /// The project class a dotted import path names, when some method of it wraps an LLM
    /// call (`app.llm.LLMClient`).
    pub fn project_class(&self, path: &str) -> Option<String> {
        self.index.is_wrapping_class(path).then(|| path.to_string())
    }

    /// A same-file class with an LLM-calling method, by name.
    pub fn local_class(&self, func: Node<'t>) -> Option<String> {
        if func.kind() != "identifier" {
            return None;
        }
        let name = self.src.of(func);
        if !self.scope.classes.contains_key(name)
            || !matches!(self.scope.lookup(name, func), Binding::Unknown)
        {
            return None;
        }
        Some(if self.module.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.module)
        })
    }
}

fn detach_prompt(p: Prompt) -> Prompt {
    Prompt {
        messages: p
            .messages
            .into_iter()
            .map(|m| llmlint_rules::Message {
                role: m.role,
                segments: detach(m.segments),
            })
            .collect(),
        complete: p.complete,
    }
}

/// A path that names a prompt or template: a folder or file called so, or a template
/// extension.
pub fn prompt_like_path(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    [
        "prompt",
        "template",
        "instruction",
        "system_message",
        "persona",
    ]
    .iter()
    .any(|w| l.contains(w))
        || [
            ".prompt",
            ".j2",
            ".jinja",
            ".jinja2",
            ".tmpl",
            ".tpl",
            ".mustache",
            ".hbs",
        ]
        .iter()
        .any(|e| l.ends_with(e))
}

fn join_rel(a: &str, b: &str) -> String {
    if a.is_empty() || a == "." {
        b.to_string()
    } else if b.is_empty() {
        a.to_string()
    } else {
        format!("{}/{}", a.trim_end_matches('/'), b.trim_start_matches("./"))
    }
}

fn parent_of(p: &str) -> String {
    match p {
        "__FILE__" => ".".to_string(),
        "." | "" => "..".to_string(),
        _ => match p.rsplit_once('/') {
            Some((d, _)) => d.to_string(),
            None => ".".to_string(),
        },
    }
}
