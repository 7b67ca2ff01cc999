//! Wrappers: user functions whose parameter supplies a whole message (or the whole prompt)
//! of the LLM call in their body, and the calls of such functions.

use llmlint_rules::catalog::UserWrapper;
use llmlint_rules::{CallKind, CallSite, Language, Message, Prompt, Segment, Valued};

use super::calls::{Cx, Found};
use super::eval::{Ev, Obj, Val};
use super::prompt;
use super::scope::{FnInfo, Resolved};
use crate::analysis::{WrapperDef, WrapperIndex, WrapperParam};

/// A function is a wrapper when parameters fill whole messages and no other fixed text
/// states a task (a generic persona such as `"You are a helpful assistant."` is not counted);
/// otherwise the function itself states the task and its parameter is data.
const GENERIC_INSTRUCTION_CHARS: usize = 1;

/// A wrapper callable from this file.
pub struct WrapperTarget {
    pub def: WrapperDef,
    /// Index of the defining function when it is in this file.
    pub func: Option<usize>,
    /// Defined in another file: spans inside `def.inner` point elsewhere.
    pub foreign: bool,
    /// Declared in config.
    pub user: bool,
}

fn is_wrapper(cx: &Cx, f: &Found) -> bool {
    if !f.built.whole_params.is_empty() && f.built.other_literal < GENERIC_INSTRUCTION_CHARS {
        return true;
    }
    // a parameter named for the prompt (`prompt`, `system_prompt`, `question`, `messages`)
    // carries the task from the caller, whatever fixed text surrounds it
    let Some(fi) = f.func else { return false };
    let params = &cx.scope.fns[fi].env.params;
    // a parameter that is a whole message and is named for it (`question`, `messages`);
    // inside a template only a name that says prompt (`user_prompt`, `instructions`): a
    // `message` or `text` filled into the function's own instruction is data
    f.built
        .whole_params
        .iter()
        .filter_map(|&i| params.get(i))
        .any(|n| prompt_named(n))
        || f.built
            .param_holes
            .iter()
            .filter_map(|&i| params.get(i))
            .any(|n| strongly_prompt_named(n))
}

/// A parameter name that can only mean the prompt itself.
fn strongly_prompt_named(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("prompt") || n.contains("instruction") || n == "system" || n.starts_with("system_")
}

/// A parameter name that says it holds a prompt or the messages of one.
pub fn prompt_named(name: &str) -> bool {
    let n = name.trim_start_matches('_').to_ascii_lowercase();
    [
        "prompt",
        "instruction",
        "question",
        "message",
        "messages",
        "msgs",
        "msg",
        "system",
        "preamble",
        "query",
    ]
    .iter()
    .any(|k| n == *k || n.starts_with(&format!("{k}_")) || n.ends_with(&format!("_{k}")))
        || n.contains("prompt")
        || n.contains("instruction")
        // the user's turn, written by the caller
        || matches!(n.as_str(), "user_content" | "user_input" | "user_text")
}

fn def_for(cx: &Cx, fi: usize, inner: &CallSite, model_param: Option<usize>) -> WrapperDef {
    let f: &FnInfo = &cx.scope.fns[fi];
    WrapperDef {
        language: Language::Rust,
        name: f.name.clone(),
        qualname: f.qualname(),
        path: cx.src.path.to_string(),
        params: f
            .env
            .params
            .iter()
            .map(|p| WrapperParam {
                name: p.clone(),
                default: None,
                keyword_only: false,
            })
            .collect(),
        is_method: f.has_self(),
        inner: inner.clone(),
        model_param: model_param.and_then(|i| f.env.params.get(i).cloned()),
        ctor_fields: Vec::new(),
    }
}

/// Mark the SDK calls that are inside wrappers, and list every wrapper callable from here.
pub fn collect(
    cx: &Cx,
    found: &mut [Found],
    index: &WrapperIndex,
) -> (Vec<WrapperDef>, Vec<WrapperTarget>) {
    let mut defs: Vec<WrapperDef> = Vec::new();
    let mut targets = Vec::new();
    for f in found.iter_mut() {
        if !is_wrapper(cx, f) {
            continue;
        }
        let Some(fi) = f.func else { continue };
        f.site.kind = CallKind::Inner;
        f.site.prompt.complete = false;
        if targets.iter().any(|t: &WrapperTarget| t.func == Some(fi)) {
            continue;
        }
        let def = def_for(cx, fi, &f.site, f.built.model_param);
        push_def(cx, fi, def, &mut defs, &mut targets);
    }
    for name in index.names() {
        for d in index.get(name, Language::Rust) {
            if d.path == cx.src.path {
                continue;
            }
            targets.push(WrapperTarget {
                def: d.clone(),
                func: None,
                foreign: true,
                user: false,
            });
        }
    }
    for u in &cx.settings.catalog.user_wrappers {
        if let Some(def) = user_def(u) {
            targets.push(WrapperTarget {
                def,
                func: None,
                foreign: true,
                user: true,
            });
        }
    }
    (defs, targets)
}

/// A config-declared helper as a wrapper definition: parameters `arg0..`, the prompt in
/// `prompt-arg` (and `system-arg`).
fn user_def(u: &UserWrapper) -> Option<WrapperDef> {
    let bare = u.name.rsplit([':', '.']).next()?.to_string();
    if bare.is_empty() {
        return None;
    }
    let prompt_arg = u.prompt_arg.unwrap_or(0);
    let n = [Some(prompt_arg), u.system_arg, u.model_arg]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0)
        + 1;
    let params: Vec<WrapperParam> = (0..n)
        .map(|i| WrapperParam {
            name: format!("arg{i}"),
            default: None,
            keyword_only: false,
        })
        .collect();
    let hole = |i: usize| Segment::Hole {
        name: format!("arg{i}"),
        span: None,
    };
    let mut messages = Vec::new();
    if let Some(s) = u.system_arg {
        messages.push(Message {
            role: Some("system".into()),
            segments: vec![hole(s)],
        });
    }
    messages.push(Message {
        role: Some("user".into()),
        segments: vec![hole(prompt_arg)],
    });
    let inner = CallSite {
        path: String::new(),
        language: Language::Rust,
        span: Default::default(),
        callee_span: Default::default(),
        kind: CallKind::Inner,
        sdk: u.sdk.clone().unwrap_or_else(|| "custom".to_string()),
        api: u.name.clone(),
        model: u.model.clone().map(|m| Valued {
            value: m,
            span: None,
        }),
        provider: None,
        base_url: None,
        prompt: Prompt {
            messages,
            complete: false,
        },
        prompt_span: None,
        max_tokens: None,
        temperature: None,
        response_format: None,
        context: Default::default(),
        wrapper: None,
        variants: Vec::new(),
    };
    Some(WrapperDef {
        language: Language::Rust,
        name: bare,
        qualname: u.name.clone(),
        path: String::new(),
        params,
        is_method: false,
        inner,
        model_param: u.model_arg.map(|i| format!("arg{i}")),
        ctor_fields: Vec::new(),
    })
}

/// Wrapper calls whose own prompt is a parameter of their function make that function a
/// wrapper as well.
pub fn promote(cx: &Cx, found: &mut [Found]) -> (Vec<WrapperDef>, Vec<WrapperTarget>) {
    let mut defs = Vec::new();
    let mut targets: Vec<WrapperTarget> = Vec::new();
    for f in found.iter_mut() {
        if !is_wrapper(cx, f) {
            continue;
        }
        let Some(fi) = f.func else { continue };
        f.site.prompt.complete = false;
        if targets.iter().any(|t| t.func == Some(fi)) {
            continue;
        }
        let mut inner = f.site.clone();
        inner.kind = CallKind::Inner;
        let def = def_for(cx, fi, &inner, f.built.model_param);
        push_def(cx, fi, def, &mut defs, &mut targets);
    }
    (defs, targets)
}

/// A wrapper of this file, and, for a method of an `impl Trait for Type` block, the same
/// wrapper under the trait's name: callers hold a `dyn Trait`, a generic `T: Trait` or are
/// the trait's own default methods (`self.complete(&prompt)`).
fn push_def(
    cx: &Cx,
    fi: usize,
    def: WrapperDef,
    defs: &mut Vec<WrapperDef>,
    targets: &mut Vec<WrapperTarget>,
) {
    let f = &cx.scope.fns[fi];
    let via_trait = f
        .self_ty
        .as_ref()
        .and_then(|t| cx.scope.impl_traits.get(&(t.clone(), f.name.clone())))
        .map(|tr| {
            let mut d = def.clone();
            d.qualname = format!("{tr}::{}", f.name);
            d
        });
    for d in std::iter::once(def).chain(via_trait) {
        defs.push(d.clone());
        targets.push(WrapperTarget {
            def: d,
            func: Some(fi),
            foreign: false,
            user: false,
        });
    }
}

fn type_of_qualname(q: &str) -> Option<&str> {
    let (t, _) = q.rsplit_once("::")?;
    Some(t.rsplit("::").next().unwrap_or(t))
}

/// Does `recv.name(..)` call this wrapper?
pub fn method_matches(ev: &Ev, t: &WrapperTarget, recv: &syn::Expr, caller: &FnInfo) -> bool {
    if t.user {
        return true;
    }
    if !t.def.is_method {
        return false;
    }
    let Some(ty) = type_of_qualname(&t.def.qualname) else {
        return false;
    };
    let recv_ty = match recv {
        syn::Expr::Path(p) if p.path.is_ident("self") => caller.self_ty.clone(),
        other => ev.type_name_of(other, 0),
    };
    recv_ty.as_deref() == Some(ty)
}

/// A call of a wrapper method on a receiver whose type nothing in this file declares (a
/// field of a struct of another module, `client.new_conversation()`): the wrapper's when an
/// argument carries an instruction of its own (several words of literal text), so that a
/// same-named method of something else, called with a value, is not taken for it.
pub fn untyped_receiver_with_instruction(
    ev: &Ev,
    t: &WrapperTarget,
    m: &syn::ExprMethodCall,
    caller: &FnInfo,
) -> bool {
    if t.user || !t.def.is_method || m.args.len() != t.def.params.len() {
        return false;
    }
    let known = match &*m.receiver {
        syn::Expr::Path(p) if p.path.is_ident("self") => caller.self_ty.is_some(),
        other => ev.type_name_of(other, 0).is_some(),
    };
    if known {
        return false;
    }
    // an LLM client or object is a direct call, not this wrapper
    if matches!(
        ev.eval(&m.receiver),
        Val::Client { .. } | Val::Agent(_) | Val::LlmObj(_)
    ) {
        return false;
    }
    m.args
        .iter()
        .any(|a| super::eval::instruction_text(&ev.eval(a).segs()))
}

/// Does the path call `segs(..)` call this wrapper? Returns how many leading arguments to
/// skip (a `self` passed explicitly).
pub fn path_matches(cx: &Cx, t: &WrapperTarget, segs: &[String], caller: &FnInfo) -> Option<usize> {
    if t.user {
        let want: Vec<&str> = t
            .def
            .qualname
            .split([':', '.'])
            .filter(|s| !s.is_empty())
            .collect();
        let tail = want.iter().rev().take(2).rev().copied().collect::<Vec<_>>();
        let got: Vec<&str> = segs.iter().map(String::as_str).collect();
        // `crate::llm::ask` matches `ask(..)`, `llm::ask(..)`, `crate::llm::ask(..)`
        let ok = if got.len() == 1 {
            got[0] == *want.last()?
        } else {
            got.ends_with(&tail) || got.last() == want.last()
        };
        return ok.then_some(0);
    }
    let skip = usize::from(t.def.is_method);
    match type_of_qualname(&t.def.qualname) {
        Some(ty) => {
            if segs.len() < 2 {
                return None;
            }
            let prev = segs[segs.len() - 2].as_str();
            let ok = prev == ty || prev == "Self" && caller.self_ty.as_deref() == Some(ty);
            ok.then_some(skip)
        }
        None => {
            if t.def.is_method {
                return None;
            }
            if !t.foreign {
                // same file: a plain call, or a path through this crate
                return match segs.len() {
                    1 => Some(0),
                    _ => matches!(
                        cx.scope.resolve(segs, &cx.settings.catalog.rust),
                        Resolved::Local | Resolved::Unknown
                    )
                    .then_some(0),
                };
            }
            // another file: imported by `use`, through a glob of this crate, or by a path
            if segs.len() == 1 {
                if cx
                    .scope
                    .fns
                    .iter()
                    .any(|f| f.self_ty.is_none() && f.name == segs[0])
                {
                    return None;
                }
                let imported = cx.scope.uses.get(&segs[0]).is_some_and(|p| {
                    matches!(
                        p.first().map(String::as_str),
                        Some("crate" | "self" | "super")
                    ) || !cx
                        .settings
                        .catalog
                        .rust
                        .sdk
                        .iter()
                        .any(|s| p.first().is_some_and(|k| s.crates.contains(k)))
                });
                let globbed = cx.scope.globs.iter().any(|g| {
                    matches!(
                        g.first().map(String::as_str),
                        Some("crate" | "self" | "super")
                    )
                });
                return (imported || globbed).then_some(0);
            }
            match cx.scope.resolve(segs, &cx.settings.catalog.rust) {
                Resolved::Local | Resolved::Unknown => Some(0),
                // `use my_crate::llm;` then `llm::ollama::ask(..)`: this package's library
                Resolved::External(full) => {
                    let krate = full.first()?;
                    if cx.settings.catalog.rust.sdk_of_crate(krate).is_some() {
                        return None;
                    }
                    let module = crate::driver::rust_module_path(&t.def.path);
                    let mut want: Vec<&str> =
                        module.split("::").filter(|s| !s.is_empty()).collect();
                    want.push(t.def.name.as_str());
                    let got: Vec<&str> = full[1..].iter().map(String::as_str).collect();
                    (got.len() >= 2 && want.ends_with(&got)).then_some(0)
                }
            }
        }
    }
}

/// The wrapper's prompt with the call's arguments in place of its parameters: the prompt,
/// the model, and which of the caller's parameters fill a whole message.
pub fn resolve_call(
    t: &WrapperTarget,
    vals: &[Val],
) -> Option<(Prompt, Option<Valued<String>>, Vec<usize>)> {
    let params = &t.def.params;
    if t.user {
        if vals.len() < params.len() {
            return None;
        }
    } else if vals.len() != params.len() {
        return None;
    }
    let param_index = |name: &str| params.iter().position(|p| p.name == name);
    let mut whole = Vec::new();
    let mut complete = true;
    let mut messages: Vec<Message> = Vec::new();
    for m in &t.def.inner.prompt.messages {
        // a message that is exactly one parameter holding a list of messages
        if let [Segment::Hole { name, .. }] = m.segments.as_slice()
            && let Some(i) = param_index(name)
        {
            match &vals[i] {
                list @ Val::List(..) => {
                    let obj = Obj {
                        fields: vec![("messages".to_string(), list.clone())],
                        ..Obj::default()
                    };
                    let b = prompt::build(Some(&Val::Obj(obj)), None, None, None);
                    complete &= b.prompt.complete;
                    messages.extend(b.prompt.messages);
                    continue;
                }
                // the caller's own parameter: it may make the caller a wrapper too
                // (`promote` then marks the prompt incomplete)
                Val::Unknown(h) => whole.extend(h.param),
                _ => {}
            }
        }
        let mut segs = Vec::new();
        for s in &m.segments {
            match s {
                Segment::Hole { name, .. } => match param_index(name) {
                    Some(i) => segs.extend(prompt::to_segments(&vals[i].segs())),
                    None => segs.push(s.clone()),
                },
                Segment::Text { text, span } => segs.push(Segment::Text {
                    text: text.clone(),
                    span: if t.foreign { None } else { *span },
                }),
            }
        }
        messages.push(Message {
            role: m.role.clone(),
            segments: segs,
        });
    }
    // the whole request was a parameter: the caller's request object is the prompt
    let mut from_req: Option<Option<Valued<String>>> = None;
    if messages.is_empty()
        && let Some(req) = vals.iter().find(|v| matches!(v, Val::Obj(o) if o.get("messages").is_some() || o.get("prompt").is_some()))
    {
        let b = prompt::build(Some(req), None, None, None);
        complete &= b.prompt.complete;
        messages = b.prompt.messages;
        from_req = Some(b.model);
    }
    let model = match t.def.model_param.as_deref().and_then(param_index) {
        Some(i) => vals[i].literal().map(|value| Valued {
            value,
            span: vals[i].first_span(),
        }),
        None => t.def.inner.model.clone().map(|mut m| {
            if t.foreign {
                m.span = None;
            }
            m
        }),
    };
    let model = model.or_else(|| from_req.flatten());
    Some((Prompt { messages, complete }, model, whole))
}
