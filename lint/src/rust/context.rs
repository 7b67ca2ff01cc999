//! Context around a call: loops and other multipliers, handlers, and how the answer is read.

use syn::spanned::Spanned;
use syn::{Expr, Lit};

use llmlint_rules::{AnswerRead, Multiplier, OutputSchema, ResponseUse, SchemaField};

use super::Source;
use super::scope::{FileScope, FnInfo, path_segs};

/// Multipliers visible from the ancestors of a call (outermost first), innermost first.
pub fn multipliers(anc: &[&Expr], call_start: usize, inherited: &[Multiplier]) -> Vec<Multiplier> {
    let mut out: Vec<Multiplier> = Vec::new();
    let push = |m: Multiplier, out: &mut Vec<Multiplier>| {
        if !out.contains(&m) {
            out.push(m);
        }
    };
    let in_loop_above = |i: usize| {
        anc[..i]
            .iter()
            .any(|a| matches!(a, Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_)))
    };
    for i in (0..anc.len()).rev() {
        let a = anc[i];
        match a {
            Expr::ForLoop(f) if call_start >= f.body.span().byte_range().start => {
                push(Multiplier::Loop, &mut out)
            }
            Expr::While(w) if call_start >= w.body.span().byte_range().start => {
                push(Multiplier::Loop, &mut out)
            }
            Expr::Loop(_) => push(Multiplier::Loop, &mut out),
            Expr::MethodCall(m) => {
                let name = m.method.to_string();
                let in_args = m
                    .args
                    .iter()
                    .any(|x| x.span().byte_range().contains(&call_start));
                if !in_args {
                    continue;
                }
                let chain = chain_names(&m.receiver);
                let after = if i > 0 { method_name(anc[i - 1]) } else { None };
                let concurrent = chain.iter().chain(after.iter()).any(|n| {
                    matches!(
                        n.as_str(),
                        "par_iter"
                            | "into_par_iter"
                            | "par_bridge"
                            | "buffer_unordered"
                            | "buffered"
                            | "for_each_concurrent"
                            | "try_for_each_concurrent"
                            | "try_buffer_unordered"
                    )
                }) || matches!(
                    name.as_str(),
                    "for_each_concurrent" | "try_for_each_concurrent"
                );
                if is_retry(&name) {
                    push(Multiplier::Retry, &mut out);
                } else if concurrent {
                    push(Multiplier::Concurrent, &mut out);
                } else if is_adaptor(&name) {
                    push(Multiplier::Comprehension, &mut out);
                }
            }
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { continue };
                let segs = path_segs(&p.path);
                let last = segs.last().map(String::as_str).unwrap_or("");
                match last {
                    "join_all" | "try_join_all" | "select_all" | "join" | "try_join" => {
                        push(Multiplier::Concurrent, &mut out)
                    }
                    "spawn" | "spawn_local" | "spawn_blocking" if in_loop_above(i) => {
                        push(Multiplier::Concurrent, &mut out)
                    }
                    l if is_retry(l) || segs.iter().any(|s| is_retry(s)) => {
                        push(Multiplier::Retry, &mut out)
                    }
                    _ => {}
                }
            }
            Expr::Macro(m) => {
                let last = m.mac.path.segments.last().map(|s| s.ident.to_string());
                if matches!(last.as_deref(), Some("join" | "try_join")) {
                    push(Multiplier::Concurrent, &mut out)
                }
            }
            _ => {}
        }
    }
    for m in inherited {
        push(*m, &mut out);
    }
    out
}

fn is_retry(n: &str) -> bool {
    let n = n.to_ascii_lowercase();
    n.contains("retry") || n.contains("backoff")
}

fn is_adaptor(n: &str) -> bool {
    matches!(
        n,
        "map"
            | "filter_map"
            | "flat_map"
            | "for_each"
            | "try_for_each"
            | "filter"
            | "fold"
            | "try_fold"
            | "then"
            | "and_then"
            | "inspect"
            | "any"
            | "all"
            | "find_map"
            | "scan"
            | "map_while"
            | "take_while"
            | "skip_while"
    )
}

fn method_name(e: &Expr) -> Option<String> {
    match e {
        Expr::MethodCall(m) => Some(m.method.to_string()),
        _ => None,
    }
}

/// Names of the methods of a receiver chain.
fn chain_names(e: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = e;
    for _ in 0..64 {
        match cur {
            Expr::MethodCall(m) => {
                out.push(m.method.to_string());
                cur = &m.receiver;
            }
            Expr::Await(a) => cur = &a.base,
            Expr::Try(t) => cur = &t.expr,
            _ => break,
        }
    }
    out
}

/// Multipliers that come from the function itself (web handlers).
pub fn fn_multipliers(f: &FnInfo, scope: &FileScope) -> Vec<Multiplier> {
    let mut out = Vec::new();
    let attr_handler = f.attrs.iter().any(|a| {
        let last = a.path().segments.last().map(|s| s.ident.to_string());
        matches!(
            last.as_deref(),
            Some("get" | "post" | "put" | "patch" | "delete" | "route" | "head" | "handler")
        )
    });
    let extractor = f.sig.inputs.iter().any(|arg| match arg {
        syn::FnArg::Typed(pt) => {
            let n = super::scope::type_name(&pt.ty);
            matches!(
                n.as_deref(),
                Some(
                    "Json" | "State" | "Query" | "Form" | "Extension" | "HttpRequest" | "Multipart"
                )
            )
        }
        _ => false,
    });
    if attr_handler || extractor || (f.self_ty.is_none() && scope.handlers.contains(&f.name)) {
        out.push(Multiplier::Handler);
    }
    if f.attrs.iter().any(|a| {
        a.path()
            .segments
            .iter()
            .any(|s| is_retry(&s.ident.to_string()))
    }) {
        out.push(Multiplier::Retry);
    }
    out
}

/// How the answer text is read from the response, climbing from `start` (the call, or the
/// first use of the name the response was bound to) through its ancestors.
pub struct Climb {
    pub answer: Option<AnswerRead>,
    pub uses: Vec<ResponseUse>,
}

#[derive(Clone, Copy, PartialEq)]
pub enum AnswerShape {
    /// `resp.choices[0].message.content`
    Choices,
    /// the awaited value is the answer (rig, wrapper calls)
    Direct,
    /// genai `res.first_text()` / `content_text_as_str()`
    GenaiText,
    /// ollama-rs `res.response` / `res.message.content`
    Ollama,
    /// reqwest: `v["choices"][0]["message"]["content"]`, `resp.content[0].text`
    Http,
}

fn is_resp_passthrough(n: &str) -> bool {
    matches!(
        n,
        "map_err" | "context" | "with_context" | "unwrap" | "expect" | "ok" | "error_for_status"
    )
}

fn is_nav(n: &str) -> bool {
    matches!(
        n,
        "first"
            | "get"
            | "into_iter"
            | "iter"
            | "next"
            | "last"
            | "pop"
            | "and_then"
            | "map"
            | "as_ref"
            | "cloned"
            | "as_deref"
            | "unwrap"
            | "expect"
            | "ok_or"
            | "ok_or_else"
            | "context"
            | "clone"
            | "unwrap_or_default"
            | "unwrap_or"
            | "as_str"
            | "as_ref_str"
            | "to_owned"
            | "swap_remove"
            | "remove"
    )
}

/// Climb from `node` (index `i` in `anc` is its parent) and recognise the answer read.
pub fn climb(
    src: &Source,
    anc: &[&Expr],
    node: &Expr,
    shape: AnswerShape,
    binding_statement: Option<llmlint_rules::Span>,
) -> Climb {
    let mut cur: &Expr = node;
    let mut i = anc.len();
    let parent_of = |i: usize| if i == 0 { None } else { Some(anc[i - 1]) };
    // 1. response pass-through: .await, ?, .map_err(..)
    while let Some(p) = parent_of(i) {
        let ok = match p {
            Expr::Await(_) | Expr::Try(_) | Expr::Paren(_) => true,
            Expr::MethodCall(m) => is_resp_passthrough(&m.method.to_string()) && is_recv(m, cur),
            _ => false,
        };
        if !ok {
            break;
        }
        cur = p;
        i -= 1;
    }
    // 2. navigate to the answer text
    let mut found = shape == AnswerShape::Direct;
    if !found {
        let mut steps = 0;
        while let Some(p) = parent_of(i) {
            steps += 1;
            if steps > 24 {
                break;
            }
            let (ok, hit) = match p {
                Expr::Field(f) => {
                    let n = match &f.member {
                        syn::Member::Named(id) => id.to_string(),
                        syn::Member::Unnamed(_) => String::new(),
                    };
                    let hit = match shape {
                        AnswerShape::Ollama => n == "response" || n == "content",
                        AnswerShape::Http => n == "content" || n == "text",
                        _ => n == "content" || n == "text",
                    };
                    (true, hit)
                }
                Expr::Index(ix) => {
                    let hit = shape == AnswerShape::Http
                        && matches!(&*ix.index, Expr::Lit(l) if matches!(&l.lit, Lit::Str(s) if s.value() == "content" || s.value() == "text"));
                    (is_base(&ix.expr, cur), hit)
                }
                Expr::MethodCall(m) if is_recv(m, cur) => {
                    let n = m.method.to_string();
                    if shape == AnswerShape::GenaiText
                        && matches!(
                            n.as_str(),
                            "first_text"
                                | "content_text_as_str"
                                | "content_text_into_string"
                                | "into_first_text"
                                | "first_content_text"
                        )
                    {
                        (true, true)
                    } else if is_nav(&n) {
                        // `.and_then(|c| c.message.content)`
                        let mentions = m.args.iter().any(|a| {
                            let s = src.snippet(a);
                            s.contains(".content") || s.contains(".text")
                        });
                        (true, mentions)
                    } else if n == "json" || n == "text" || n == "as_str" {
                        (shape == AnswerShape::Http, false)
                    } else {
                        (false, false)
                    }
                }
                Expr::Await(_) | Expr::Try(_) => (true, false),
                _ => (false, false),
            };
            if !ok {
                break;
            }
            cur = p;
            i -= 1;
            if hit {
                found = true;
                break;
            }
        }
    }
    if !found {
        return Climb {
            answer: None,
            uses: Vec::new(),
        };
    }
    // 3. unwrapping right after the answer is still the answer
    while let Some(Expr::MethodCall(m)) = parent_of(i) {
        let n = m.method.to_string();
        if is_recv(m, cur)
            && matches!(
                n.as_str(),
                "clone"
                    | "unwrap_or_default"
                    | "as_deref"
                    | "unwrap"
                    | "expect"
                    | "unwrap_or"
                    | "as_str"
                    | "to_string"
                    | "to_owned"
                    | "cloned"
                    | "as_ref"
            )
        {
            cur = anc[i - 1];
            i -= 1;
        } else {
            break;
        }
    }
    let answer_span = src.node(cur);
    // 4. post-processing: trim, lowercase, parse, compare
    let mut uses: Vec<ResponseUse> = Vec::new();
    let mut outer = None;
    let mut steps = 0;
    while let Some(p) = parent_of(i) {
        steps += 1;
        if steps > 24 {
            break;
        }
        let mut ok = true;
        match p {
            Expr::MethodCall(m) if is_recv(m, cur) => {
                let n = m.method.to_string();
                match n.as_str() {
                    "trim" | "trim_end" | "trim_start" | "to_lowercase" | "to_uppercase"
                    | "to_ascii_lowercase" | "to_ascii_uppercase" => {
                        push_use(&mut uses, ResponseUse::Normalised)
                    }
                    "parse" => {
                        let t = m
                            .turbofish
                            .as_ref()
                            .map(|t| src.snippet(t))
                            .unwrap_or_default();
                        if !t.is_empty() {
                            push_use(&mut uses, parse_use(&t));
                        }
                    }
                    "eq_ignore_ascii_case" | "starts_with" | "ends_with" | "contains" | "eq" => {
                        if let Some(v) = m.args.first().and_then(str_lit) {
                            push_use(&mut uses, ResponseUse::ComparedTo { value: v });
                        }
                    }
                    "lines" | "split" | "split_whitespace" | "split_terminator" => {
                        push_use(&mut uses, ResponseUse::SplitList)
                    }
                    "map" => {
                        let s = m.args.first().map(|a| src.snippet(a)).unwrap_or_default();
                        if s.contains("trim") || s.contains("lowercase") {
                            push_use(&mut uses, ResponseUse::Normalised);
                        }
                        if let Some(v) = quoted(&s)
                            && (s.contains("==")
                                || s.contains("eq_ignore_ascii_case")
                                || s.contains("starts_with"))
                        {
                            push_use(&mut uses, ResponseUse::ComparedTo { value: v });
                        }
                    }
                    "to_string" | "to_owned" | "as_str" | "as_deref" | "unwrap_or"
                    | "unwrap_or_default" | "clone" | "unwrap" | "expect" | "into" => {}
                    _ => ok = false,
                }
            }
            Expr::Binary(b) if matches!(b.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_)) => {
                let other = if std::ptr::eq(&*b.left, cur) {
                    &b.right
                } else {
                    &b.left
                };
                let s = src.snippet(&**other);
                if let Some(v) = quoted(&s) {
                    push_use(&mut uses, ResponseUse::ComparedTo { value: v });
                }
            }
            Expr::Reference(_) | Expr::Paren(_) | Expr::Try(_) => {}
            Expr::Index(ix)
                if is_base(&ix.expr, cur) && uses.last() == Some(&ResponseUse::ParsedJson) =>
            {
                match str_lit(&ix.index) {
                    Some(key) => push_use(&mut uses, ResponseUse::JsonField { key }),
                    None => ok = false,
                }
            }
            Expr::Call(c) => {
                let name = match &*c.func {
                    Expr::Path(p) => path_segs(&p.path).join("::"),
                    _ => String::new(),
                };
                if name.ends_with("from_str") || name.ends_with("from_slice") {
                    push_use(&mut uses, ResponseUse::ParsedJson);
                    // `serde_json::from_str::<Verdict>(..)`: the record it is parsed into
                    let target = match &*c.func {
                        Expr::Path(p) => p.path.segments.last().and_then(|s| match &s.arguments {
                            syn::PathArguments::AngleBracketed(a) => {
                                a.args.iter().find_map(|g| match g {
                                    syn::GenericArgument::Type(t) => super::scope::type_name(t),
                                    _ => None,
                                })
                            }
                            _ => None,
                        }),
                        _ => None,
                    };
                    if let Some(schema) = target.and_then(|t| struct_schema(src.text, &t)) {
                        push_use(&mut uses, ResponseUse::ParsedInto { schema });
                    }
                } else {
                    ok = false;
                }
            }
            _ => ok = false,
        }
        if !ok {
            break;
        }
        cur = p;
        i -= 1;
        outer = Some(src.node(cur));
    }
    Climb {
        answer: Some(AnswerRead {
            span: answer_span,
            binding_statement,
            outer,
        }),
        uses,
    }
}

/// The struct (or enum) `name` defined in the file, read as an output schema: its named
/// fields with their types, and the variants of an enum of unit variants defined in the file
/// as the field's closed set. Parses the file again: only called for an answer parsed into a
/// named type, which is rare.
pub fn struct_schema(text: &str, name: &str) -> Option<OutputSchema> {
    if matches!(name, "Value" | "String" | "HashMap" | "BTreeMap" | "Vec") {
        return None;
    }
    let file = syn::parse_file(text).ok()?;
    let mut structs: Vec<&syn::ItemStruct> = Vec::new();
    let mut enums: Vec<&syn::ItemEnum> = Vec::new();
    collect_types(&file.items, &mut structs, &mut enums, 0);
    let variants = |e: &syn::ItemEnum| -> Option<Vec<String>> {
        let v: Vec<String> = e
            .variants
            .iter()
            .filter(|v| matches!(v.fields, syn::Fields::Unit))
            .map(|v| v.ident.to_string())
            .collect();
        (v.len() == e.variants.len() && !v.is_empty()).then_some(v)
    };
    if let Some(e) = enums.iter().find(|e| e.ident == name) {
        return Some(OutputSchema {
            name: name.to_string(),
            fields: vec![SchemaField {
                name: "value".into(),
                ty: name.to_string(),
                choices: variants(e)?,
            }],
        });
    }
    let st = structs.iter().find(|s| s.ident == name)?;
    let syn::Fields::Named(named) = &st.fields else {
        return None;
    };
    let fields = named
        .named
        .iter()
        .filter_map(|f| {
            let ty = &f.ty;
            let ty_s: String = text
                .get(ty.span().byte_range())
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let core = super::scope::type_name(ty).unwrap_or_default();
            let core = if core == "Option" || core == "Vec" {
                ty_s.split(['<', '>'])
                    .nth(1)
                    .and_then(|x| x.rsplit("::").next())
                    .unwrap_or("")
                    .to_string()
            } else {
                core
            };
            let choices = enums
                .iter()
                .find(|e| e.ident == core.as_str())
                .and_then(|e| variants(e))
                .unwrap_or_default();
            Some(SchemaField {
                name: f.ident.as_ref()?.to_string(),
                ty: ty_s,
                choices,
            })
        })
        .collect();
    Some(OutputSchema {
        name: name.to_string(),
        fields,
    })
}

fn collect_types<'a>(
    items: &'a [syn::Item],
    structs: &mut Vec<&'a syn::ItemStruct>,
    enums: &mut Vec<&'a syn::ItemEnum>,
    depth: usize,
) {
    for it in items {
        match it {
            syn::Item::Struct(s) => structs.push(s),
            syn::Item::Enum(e) => enums.push(e),
            syn::Item::Mod(m) if depth < 8 => {
                if let Some((_, inner)) = &m.content {
                    collect_types(inner, structs, enums, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// What the function making the call hands the model to act with: a `"tools"` /
/// `"functions"` key of a JSON body, `.tools(..)` / `.tool(..)` / `.functions(..)` on a
/// request or agent builder. A body that forces one named function (`"function_call":
/// {"name": ..}`, `"tool_choice": {"type": "function", ..}`) uses it as the answer's schema,
/// not as tools.
pub fn tools_in(fn_text: &str) -> Vec<String> {
    let compact: String = fn_text.chars().filter(|c| !c.is_whitespace()).collect();
    let forced = compact.contains("\"function_call\":{")
        || compact.contains("\"tool_choice\":{")
        || compact.contains(".tool_choice(ChatCompletionToolChoiceOption::Named")
        || compact.contains(".function_call(");
    if forced {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (needle, name) in [
        ("\"tools\":", "tools"),
        ("\"functions\":", "functions"),
        (".tools(", "tools"),
        (".tool(", "tool"),
        (".functions(", "functions"),
        ("\"web_search_options\":", "web_search_options"),
    ] {
        if compact.contains(needle) && !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
    }
    out
}

fn push_use(uses: &mut Vec<ResponseUse>, u: ResponseUse) {
    if !uses.contains(&u) {
        uses.push(u);
    }
}

fn parse_use(turbofish: &str) -> ResponseUse {
    let t = turbofish.trim_start_matches("::").trim_matches(['<', '>']);
    match t {
        "bool" => ResponseUse::ParsedBool,
        "f32" | "f64" => ResponseUse::ParsedFloat,
        "" => ResponseUse::ParsedInt,
        t if t.starts_with('i') || t.starts_with('u') => ResponseUse::ParsedInt,
        t if t.contains("Date") || t.contains("Time") => ResponseUse::ParsedDate,
        _ => ResponseUse::ParsedInt,
    }
}

fn str_lit(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(s.value()),
            Lit::Char(c) => Some(c.value().to_string()),
            _ => None,
        },
        Expr::Reference(r) => str_lit(&r.expr),
        _ => None,
    }
}

/// The first string literal in a snippet (`Some("true")`, `t.trim() == "yes"`).
fn quoted(s: &str) -> Option<String> {
    let a = s.find('"')?;
    let rest = &s[a + 1..];
    let b = rest.find('"')?;
    Some(rest[..b].to_string())
}

fn is_recv(m: &syn::ExprMethodCall, cur: &Expr) -> bool {
    std::ptr::eq(&*m.receiver, cur)
}

fn is_base(base: &Expr, cur: &Expr) -> bool {
    std::ptr::eq(base, cur)
}
