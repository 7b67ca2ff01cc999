//! Context around a call: enclosing function, loops / comprehensions / concurrency /
//! handlers / retries, async and streaming, and how the answer text is read and used.

use llmlint_rules::{AnswerRead, CallSite, Multiplier, OutputSchema, ResponseUse, SchemaField};
use tree_sitter::Node;

use super::Ana;
use super::syntax::{
    Args, MAX_DEPTH, body_assignments, callee_name, dotted, literal_str, named_children,
    unwrap_expr,
};

/// One step of reading a response object.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Attr(String),
    Key(String),
    Index,
    /// A method call `.json()`, `.strip()`.
    Call(String),
}

const INTERMEDIATE: &[&str] = &[
    "choices",
    "message",
    "content",
    "output",
    "candidates",
    "parts",
    "generations",
    "delta",
    "results",
    "data",
];
const TERMINAL: &[&str] = &[
    "content",
    "text",
    "output_text",
    "response",
    "generated_text",
    "completion",
];

impl<'t> Ana<'t> {
    pub fn fill_context(&self, site: &mut CallSite, call: Node<'t>, returns_text: bool) {
        let fi = self.scope.enclosing_func(call);
        if let Some(fi) = fi {
            let f = &self.scope.funcs[fi];
            site.context.enclosing_function = Some(f.qualname.clone());
            site.context.enclosing_function_span = Some(self.src.span(f.outer));
        }
        if call.parent().is_some_and(|p| p.kind() == "await") {
            site.context.is_async = true;
        }
        site.context.multipliers = self.multipliers(call);
        if let Some(rf) = &site.response_format {
            site.context.output_schema = self.schema_named(call, rf);
        }
        if call.kind() == "call" {
            let args = Args::of(call, &self.src);
            // A call that forces one named function (`function_call={"name": "calculate"}`,
            // `tool_choice={"type": "function", ...}`) uses it as the answer's schema: the
            // model has nothing to route between.
            let forced = ["function_call", "tool_choice"].iter().any(|k| {
                args.kw(k)
                    .is_some_and(|v| self.src.of(v).contains("name") || v.kind() == "dictionary")
            });
            for k in TOOL_ARGS.iter().filter(|_| !forced) {
                if let Some(v) = args.kw(k)
                    && !matches!(self.src.of(v), "None" | "[]" | "NOT_GIVEN" | "NotGiven()")
                {
                    site.context.tools.push(k.to_string());
                }
            }
        }
        let http = site.sdk.starts_with("http-");
        if let Some((expr, binding)) = self.answer_read(call, returns_text, http) {
            let (outer, uses) = self.post_process(expr);
            let mut uses = uses;
            let last = outer.unwrap_or(expr);
            self.uses_through_binding(last, &mut uses);
            site.context.response_uses = uses;
            site.context.answer = Some(AnswerRead {
                span: self.src.span(expr),
                binding_statement: binding.map(|b| self.src.span(b)),
                outer: outer.map(|o| self.src.span(o)),
            });
        }
    }

    fn multipliers(&self, call: Node<'t>) -> Vec<Multiplier> {
        let mut out = Vec::new();
        let push = |m: Multiplier, out: &mut Vec<Multiplier>| {
            if !out.contains(&m) {
                out.push(m)
            }
        };
        let mut child = call;
        let mut cur = call.parent();
        while let Some(p) = cur {
            match p.kind() {
                "for_statement" | "while_statement"
                    if p.child_by_field_id(super::fields::body()) == Some(child) =>
                {
                    push(Multiplier::Loop, &mut out);
                }
                "list_comprehension"
                | "set_comprehension"
                | "dictionary_comprehension"
                | "generator_expression"
                    if p.child_by_field_id(super::fields::body()) == Some(child) =>
                {
                    push(Multiplier::Comprehension, &mut out);
                }
                "lambda" => {
                    if let Some(args) = p.parent()
                        && args.kind() == "argument_list"
                        && let Some(c) = args.parent()
                        && let Some(f) = c.child_by_field_id(super::fields::function())
                    {
                        let name = self.src.of(callee_name(f));
                        match name {
                            "map" | "starmap" | "imap" | "imap_unordered"
                                if f.kind() == "attribute"
                                    && self
                                        .is_pool(f.child_by_field_id(super::fields::object())) =>
                            {
                                push(Multiplier::Concurrent, &mut out)
                            }
                            "map" | "apply" | "applymap" | "transform" | "agg" | "filter"
                            | "sorted" | "progress_apply" | "parallel_apply" => {
                                push(Multiplier::Comprehension, &mut out)
                            }
                            "submit" => push(Multiplier::Concurrent, &mut out),
                            _ => {}
                        }
                    }
                }
                "argument_list" => {
                    if let Some(c) = p.parent()
                        && let Some(f) = c.child_by_field_id(super::fields::function())
                    {
                        let name = self.src.of(callee_name(f));
                        if matches!(
                            name,
                            "gather"
                                | "as_completed"
                                | "wait"
                                | "create_task"
                                | "ensure_future"
                                | "run_coroutine_threadsafe"
                                | "submit"
                                | "TaskGroup"
                        ) {
                            push(Multiplier::Concurrent, &mut out);
                        }
                    }
                }
                "function_definition" => {
                    if let Some(fi) = self.scope.func_at.get(&p.start_byte()) {
                        let f = &self.scope.funcs[*fi];
                        for d in &f.decorators {
                            let e = named_children(*d).first().copied();
                            let Some(e) = e else { continue };
                            let e = if e.kind() == "call" {
                                e.child_by_field_id(super::fields::function()).unwrap_or(e)
                            } else {
                                e
                            };
                            let name = dotted(e, &self.src).unwrap_or_default();
                            let last = name.rsplit('.').next().unwrap_or("");
                            if name.contains("retry")
                                || name.starts_with("backoff.")
                                || last == "on_exception"
                            {
                                push(Multiplier::Retry, &mut out);
                            } else if (name.contains('.')
                                && matches!(
                                    last,
                                    "get"
                                        | "post"
                                        | "put"
                                        | "delete"
                                        | "patch"
                                        | "route"
                                        | "websocket"
                                        | "api_route"
                                        | "head"
                                        | "options"
                                ))
                                || matches!(
                                    last,
                                    "api_view"
                                        | "require_http_methods"
                                        | "require_POST"
                                        | "require_GET"
                                )
                            {
                                push(Multiplier::Handler, &mut out);
                            }
                        }
                        if self.is_django_view(*fi) {
                            push(Multiplier::Handler, &mut out);
                        }
                    }
                    // a nested def runs when called, not where it is defined
                    break;
                }
                _ => {}
            }
            child = p;
            cur = p.parent();
        }
        out
    }

    fn is_pool(&self, n: Option<Node<'t>>) -> bool {
        let Some(n) = n else { return false };
        let s = self.src.of(n).to_ascii_lowercase();
        s.contains("pool") || s.contains("executor") || s == "ex" || s == "p"
    }

    fn is_django_view(&self, fi: usize) -> bool {
        let f = &self.scope.funcs[fi];
        let in_views = self.path.ends_with("views.py") || self.path.contains("/views/");
        if let Some(class) = &f.class {
            let bases = self
                .scope
                .classes
                .get(class)
                .map(|c| c.bases.join(","))
                .unwrap_or_default();
            return bases.contains("View")
                && matches!(f.name.as_str(), "get" | "post" | "put" | "patch" | "delete");
        }
        in_views && f.params.first().is_some_and(|p| p.name == "request")
    }

    /// The expression whose value is the answer text, and the binding statement when the
    /// response was bound to a name first.
    fn answer_read(
        &self,
        call: Node<'t>,
        returns_text: bool,
        http: bool,
    ) -> Option<(Node<'t>, Option<Node<'t>>)> {
        let mut top = call;
        if let Some(p) = call.parent()
            && p.kind() == "await"
        {
            top = p;
        }
        if returns_text {
            return Some((top, None));
        }
        if let Some(e) = self.read_chain(top, http) {
            return Some((e, None));
        }
        // resp = call(...)
        let mut p = top.parent()?;
        while p.kind() == "parenthesized_expression" {
            p = p.parent()?;
        }
        if p.kind() != "assignment" || p.child_by_field_id(super::fields::right()) != Some(top) {
            return None;
        }
        let left = p.child_by_field_id(super::fields::left())?;
        if left.kind() != "identifier" {
            return None;
        }
        let name = self.src.of(left);
        let stmt = match p.parent() {
            Some(s) if s.kind() == "expression_statement" => s,
            _ => p,
        };
        let scope_node = self
            .scope
            .enclosing_func(call)
            .map(|f| self.scope.funcs[f].node)
            .unwrap_or_else(|| root_of(call));
        let mut found: Option<Node<'t>> = None;
        let mut stack = vec![scope_node];
        while let Some(x) = stack.pop() {
            if x.end_byte() <= stmt.end_byte() {
                continue;
            }
            if found.is_some_and(|f| f.start_byte() < x.start_byte()) {
                continue;
            }
            if x.kind() == "identifier" && self.src.of(x) == name {
                if let Some(e) = self.read_chain(x, http)
                    && found.is_none_or(|f| x.start_byte() < f.start_byte())
                {
                    found = Some(e);
                }
                continue;
            }
            if stack.len() < 10_000 {
                stack.extend(named_children(x));
            }
        }
        found.map(|e| (e, Some(stmt)))
    }

    /// Climb accessors from `base`; the node after the last text accessor when the steps
    /// form a recognised answer read.
    fn read_chain(&self, base: Node<'t>, http: bool) -> Option<Node<'t>> {
        let mut cur = base;
        let mut steps: Vec<Step> = Vec::new();
        let mut best: Option<Node<'t>> = None;
        for _ in 0..16 {
            let p = cur.parent()?;
            let next = match p.kind() {
                "attribute" if p.child_by_field_id(super::fields::object()) == Some(cur) => {
                    let a = self
                        .src
                        .of(p.child_by_field_id(super::fields::attribute())?)
                        .to_string();
                    // method call?
                    match p.parent() {
                        Some(c)
                            if c.kind() == "call"
                                && c.child_by_field_id(super::fields::function()) == Some(p) =>
                        {
                            steps.push(Step::Call(a));
                            c
                        }
                        _ => {
                            steps.push(Step::Attr(a));
                            p
                        }
                    }
                }
                "subscript" if p.child_by_field_id(super::fields::value()) == Some(cur) => {
                    let s = p.child_by_field_id(super::fields::subscript())?;
                    if let Some(k) = literal_str(s, &self.src) {
                        steps.push(Step::Key(k));
                    } else if s.kind() == "integer" || s.kind() == "unary_operator" {
                        steps.push(Step::Index);
                    } else {
                        return best;
                    }
                    p
                }
                "parenthesized_expression" => p,
                _ => return best,
            };
            if !valid_prefix(&steps, http) {
                return best;
            }
            if is_terminal(steps.last()) && !(http && steps.len() < 2) {
                best = Some(next);
            }
            cur = next;
        }
        best
    }

    /// From the answer expression, climb post-processing: normalisation, parsing,
    /// comparison. Returns the outermost such expression and the uses seen.
    fn post_process(&self, a: Node<'t>) -> (Option<Node<'t>>, Vec<ResponseUse>) {
        let mut uses = Vec::new();
        let mut cur = a;
        for _ in 0..MAX_DEPTH {
            let Some(p) = cur.parent() else { break };
            match p.kind() {
                "parenthesized_expression" => {
                    cur = p;
                }
                "subscript"
                    if p.child_by_field_id(super::fields::value()) == Some(cur)
                        && uses.last() == Some(&ResponseUse::ParsedJson) =>
                {
                    let Some(k) = p
                        .child_by_field_id(super::fields::subscript())
                        .and_then(|k| literal_str(k, &self.src))
                    else {
                        break;
                    };
                    uses.push(ResponseUse::JsonField { key: k });
                    cur = p;
                    break;
                }
                "attribute" if p.child_by_field_id(super::fields::object()) == Some(cur) => {
                    let Some(c) = p.parent().filter(|c| {
                        c.kind() == "call"
                            && c.child_by_field_id(super::fields::function()) == Some(p)
                    }) else {
                        break;
                    };
                    let m = p
                        .child_by_field_id(super::fields::attribute())
                        .map(|x| self.src.of(x))
                        .unwrap_or("");
                    match m {
                        "get" if uses.last() == Some(&ResponseUse::ParsedJson) => {
                            match self.literals_in(c).first() {
                                Some(k) => uses.push(ResponseUse::JsonField { key: k.clone() }),
                                None => break,
                            }
                            cur = c;
                            break;
                        }
                        "strip" | "lower" | "upper" | "casefold" | "lstrip" | "rstrip"
                        | "title" => {
                            if !uses.contains(&ResponseUse::Normalised) {
                                uses.push(ResponseUse::Normalised)
                            }
                        }
                        "split" | "splitlines" => uses.push(ResponseUse::SplitList),
                        "startswith" | "endswith" => {
                            for v in self.literals_in(c) {
                                uses.push(ResponseUse::ComparedTo { value: v });
                            }
                            cur = c;
                            break;
                        }
                        _ => break,
                    }
                    cur = c;
                }
                "argument_list" => {
                    let Some(c) = p.parent() else { break };
                    let Some(f) = c.child_by_field_id(super::fields::function()) else {
                        break;
                    };
                    if named_children(p).first() != Some(&cur) {
                        break;
                    }
                    let name = dotted(f, &self.src).unwrap_or_default();
                    let u = match name.as_str() {
                        "json.loads" | "loads" | "orjson.loads" | "json_repair.loads"
                        | "ujson.loads" => ResponseUse::ParsedJson,
                        "int" => ResponseUse::ParsedInt,
                        "float" | "Decimal" | "decimal.Decimal" => ResponseUse::ParsedFloat,
                        "bool" => ResponseUse::ParsedBool,
                        "date.fromisoformat"
                        | "datetime.fromisoformat"
                        | "datetime.strptime"
                        | "dateutil.parser.parse"
                        | "parse_date" => ResponseUse::ParsedDate,
                        n if PARSE_INTO.iter().any(|m| n.ends_with(m)) => {
                            let class = n.rsplit_once('.').map(|x| x.0).unwrap_or(n);
                            match self.schema_named(a, class) {
                                Some(schema) => ResponseUse::ParsedInto { schema },
                                None => break,
                            }
                        }
                        _ => break,
                    };
                    uses.push(u);
                    cur = c;
                }
                "comparison_operator" => {
                    let vals = self.literals_in(p);
                    if vals.is_empty() {
                        break;
                    }
                    for v in vals {
                        uses.push(ResponseUse::ComparedTo { value: v });
                    }
                    cur = p;
                    break;
                }
                _ => break,
            }
        }
        ((cur != a).then_some(cur), uses)
    }

    /// String literals compared against (in a comparison or call arguments).
    fn literals_in(&self, n: Node<'t>) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = named_children(n);
        let mut guard = 0;
        while let Some(x) = stack.pop() {
            guard += 1;
            if guard > 200 {
                break;
            }
            let x = unwrap_expr(x);
            match x.kind() {
                "string" => {
                    if let Some(s) = literal_str(x, &self.src) {
                        out.push(s)
                    }
                }
                "tuple" | "list" | "set" | "argument_list" => stack.extend(named_children(x)),
                _ => {}
            }
        }
        out.reverse();
        out
    }

    /// `answer = <read>` then later `answer.strip() == "yes"`: collect those uses too.
    fn uses_through_binding(&self, e: Node<'t>, uses: &mut Vec<ResponseUse>) {
        let Some(p) = e.parent() else { return };
        let mut p = p;
        if p.kind() == "await" {
            match p.parent() {
                Some(x) => p = x,
                None => return,
            }
        }
        let target = match p.kind() {
            "assignment" if p.child_by_field_id(super::fields::right()).is_some() => {
                p.child_by_field_id(super::fields::left())
            }
            _ => None,
        };
        let Some(target) = target.filter(|t| t.kind() == "identifier") else {
            return;
        };
        let name = self.src.of(target);
        let Some(fi) = self.scope.enclosing_func(e) else {
            return;
        };
        let mut stack = vec![self.scope.funcs[fi].node];
        let mut ids = Vec::new();
        while let Some(x) = stack.pop() {
            if x.end_byte() <= p.end_byte() {
                continue;
            }
            if x.kind() == "identifier" && self.src.of(x) == name {
                ids.push(x);
                continue;
            }
            if stack.len() < 10_000 {
                stack.extend(named_children(x));
            }
        }
        ids.sort_by_key(|x| x.start_byte());
        let parsed_json = uses.contains(&ResponseUse::ParsedJson);
        for id in ids.into_iter().take(8) {
            // `data = json.loads(answer)` then `data["email"]`: one field read.
            if parsed_json
                && let Some(p) = id.parent()
                && p.kind() == "subscript"
                && p.child_by_field_id(super::fields::value()) == Some(id)
                && let Some(key) = p
                    .child_by_field_id(super::fields::subscript())
                    .and_then(|k| literal_str(k, &self.src))
            {
                let u = ResponseUse::JsonField { key };
                if !uses.contains(&u) {
                    uses.push(u);
                }
                continue;
            }
            let (_, more) = self.post_process(id);
            for u in more {
                if !uses.contains(&u) {
                    uses.push(u);
                }
            }
        }
    }
}

/// Call arguments that hand the model tools to act with (function calling, web search,
/// code execution).
const TOOL_ARGS: &[&str] = &[
    "tools",
    "functions",
    "web_search_options",
    "tool_config",
    "toolConfig",
    "tool_resources",
];

/// Class methods that parse a JSON answer into a typed record (Pydantic v1 / v2).
const PARSE_INTO: &[&str] = &[
    ".model_validate_json",
    ".parse_raw",
    ".model_validate",
    ".parse_obj",
    ".validate_json",
];

impl<'t> Ana<'t> {
    /// The class `name` (dotted: its last part) defined in this file, read as an output
    /// schema: its annotated fields, with the closed set of a `Literal[..]` or of an enum
    /// defined in the file; a class that is itself an enum is one field `value`.
    pub(crate) fn schema_named(&self, at: Node<'t>, name: &str) -> Option<OutputSchema> {
        let short = name.rsplit('.').next()?.trim();
        if short.is_empty() || !short.chars().next()?.is_uppercase() {
            return None;
        }
        let root = root_of(at);
        let class = self.find_class(root, short)?;
        if let Some(members) = self.enum_members(class) {
            return Some(OutputSchema {
                name: short.to_string(),
                fields: vec![SchemaField {
                    name: "value".into(),
                    ty: short.to_string(),
                    choices: members,
                }],
            });
        }
        let body = class.child_by_field_id(super::fields::body())?;
        let mut fields = Vec::new();
        for a in body_assignments(body) {
            let (Some(l), Some(t)) = (
                a.child_by_field_id(super::fields::left()),
                a.child_by_field_id(super::fields::r#type()),
            ) else {
                continue;
            };
            if l.kind() != "identifier" {
                continue;
            }
            let ty = self.src.of(t).trim().to_string();
            let mut choices = Vec::new();
            if ty.contains("Literal[") {
                choices = quoted_strings(&ty);
            } else {
                let inner = type_core(&ty);
                if inner != short
                    && let Some(c) = self.find_class(root, inner)
                    && let Some(m) = self.enum_members(c)
                {
                    choices = m;
                }
            }
            fields.push(SchemaField {
                name: self.src.of(l).to_string(),
                ty,
                choices,
            });
            if fields.len() >= 64 {
                break;
            }
        }
        Some(OutputSchema {
            name: short.to_string(),
            fields,
        })
    }

    fn find_class(&self, root: Node<'t>, name: &str) -> Option<Node<'t>> {
        let mut stack = vec![root];
        let mut seen = 0;
        while let Some(x) = stack.pop() {
            seen += 1;
            if seen > 50_000 {
                return None;
            }
            match x.kind() {
                "class_definition" => {
                    if x.child_by_field_id(super::fields::name())
                        .is_some_and(|n| self.src.of(n) == name)
                    {
                        return Some(x);
                    }
                }
                // classes sit at module level, in `if` blocks or inside other classes
                "module"
                | "block"
                | "if_statement"
                | "decorated_definition"
                | "else_clause"
                | "try_statement" => {}
                _ => continue,
            }
            stack.extend(named_children(x));
        }
        None
    }

    /// The member values (or names) of an `Enum` subclass.
    fn enum_members(&self, class: Node<'t>) -> Option<Vec<String>> {
        let bases = class.child_by_field_id(super::fields::superclasses())?;
        if !self.src.of(bases).contains("Enum") {
            return None;
        }
        let body = class.child_by_field_id(super::fields::body())?;
        let mut out = Vec::new();
        for a in body_assignments(body) {
            let (Some(l), Some(r)) = (
                a.child_by_field_id(super::fields::left()),
                a.child_by_field_id(super::fields::right()),
            ) else {
                continue;
            };
            out.push(literal_str(r, &self.src).unwrap_or_else(|| self.src.of(l).to_string()));
        }
        (!out.is_empty()).then_some(out)
    }
}

/// The quoted strings in an annotation (`Literal["yes", 'no']` → `yes`, `no`).
fn quoted_strings(ty: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = ty;
    while let Some(i) = rest.find(['"', '\'']) {
        let q = &rest[i..i + 1];
        let after = &rest[i + 1..];
        let Some(j) = after.find(q) else { break };
        out.push(after[..j].to_string());
        rest = &after[j + 1..];
    }
    out
}

/// `Optional[Color]`, `Color | None`, `list[Color]` → `Color`.
fn type_core(ty: &str) -> &str {
    let mut t = ty.trim();
    for w in ["Optional[", "List[", "list[", "Sequence[", "set[", "Set["] {
        if let Some(rest) = t.strip_prefix(w) {
            t = rest.trim_end_matches(']');
        }
    }
    t.split('|')
        .map(str::trim)
        .find(|p| *p != "None")
        .unwrap_or(t)
}

fn root_of(n: Node) -> Node {
    let mut cur = n;
    while let Some(p) = cur.parent() {
        cur = p;
    }
    cur
}

fn is_terminal(s: Option<&Step>) -> bool {
    match s {
        Some(Step::Attr(a)) | Some(Step::Key(a)) => TERMINAL.contains(&a.as_str()),
        _ => false,
    }
}

fn valid_prefix(steps: &[Step], http: bool) -> bool {
    for (i, s) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let ok = match s {
            Step::Attr(a) | Step::Key(a) => {
                INTERMEDIATE.contains(&a.as_str()) || (last && TERMINAL.contains(&a.as_str()))
            }
            Step::Index => true,
            Step::Call(c) => i == 0 && c == "json",
        };
        if !ok {
            return false;
        }
        if http && i == 0 && *s != Step::Call("json".into()) {
            return false;
        }
    }
    true
}
