//! Relays: calls through a parameter that the caller fills with an LLM object or an LLM
//! function (`def run(agent, text): agent.run(text)`, `def shout(fn, t): fn(f"..{t}")`).
//! The call through the parameter is an LLM call where a caller hands one in.

use std::collections::HashMap;

use llmlint_rules::{CallKind, CallSite, Message, Prompt};
use tree_sitter::Node;

use super::Ana;
use super::scope::Binding;
use super::sdk::{Chain, Inst, Val};
use super::syntax::{Args, callee_name};
use super::wrappers::has_instruction;
use crate::analysis::{WrapperDef, WrapperIndex};

/// The `sdk` of a relay's inner call: the SDK is the one its caller hands in.
pub const RELAY: &str = "relay";

/// Keywords that carry the prompt of a call through a parameter.
const PROMPT_KWS: [&str; 5] = ["prompt", "input", "messages", "user_prompt", "query"];

/// What a caller hands in for a relay's parameter.
enum Handed {
    Client(Box<Inst>),
    /// A LangChain chain: its model, and its template as the prompt.
    Chain(Box<Chain>),
    Wrapper(Box<WrapperDef>),
}

impl<'t> Ana<'t> {
    /// `p(..)` or `p.method(..)` (an LLM method of the catalog) where `p` is a parameter of
    /// the enclosing function: the parameter's name node, its function and position, and
    /// the method.
    fn through_param(&self, call: Node<'t>) -> Option<(Node<'t>, usize, usize, Option<&'t str>)> {
        let func = call.child_by_field_id(super::fields::function())?;
        let (p, method) = match func.kind() {
            "identifier" => (func, None),
            "attribute" => {
                let obj = func.child_by_field_id(super::fields::object())?;
                let m = self
                    .src
                    .of(func.child_by_field_id(super::fields::attribute())?);
                if obj.kind() != "identifier" || !self.llm_method_names().contains(m) {
                    return None;
                }
                (obj, Some(m))
            }
            _ => return None,
        };
        let Binding::Param(f, i) = self.scope.lookup(self.src.of(p), p) else {
            return None;
        };
        let fi = self.scope.enclosing_func(call)?;
        let param = self.scope.funcs.get(f)?.params.get(i)?;
        if f != fi || param.splat || matches!(param.name.as_str(), "self" | "cls") {
            return None;
        }
        Some((p, f, i, method))
    }

    /// The prompt argument of a call through a parameter: the first positional argument,
    /// else a keyword that names a prompt.
    fn relay_prompt_arg(&self, call: Node<'t>) -> Option<Node<'t>> {
        let args = Args::of(call, &self.src);
        args.get("#0")
            .or_else(|| PROMPT_KWS.iter().find_map(|k| args.kw(k)))
    }

    /// A relay: the enclosing function calls, through a parameter that resolves to nothing
    /// here, with a prompt its own parameters supply whole. The definition's `model_param`
    /// is that parameter.
    pub(super) fn relay_def(&self, call: Node<'t>) -> Option<(usize, WrapperDef)> {
        if let Some(d) = self.class_relay_def(call) {
            return Some(d);
        }
        let (p, fi, _, method) = self.through_param(call)?;
        if self.resolve(p, 0).is_some() {
            return None;
        }
        let a = self.relay_prompt_arg(call)?;
        let r = self.prompt_rec(a, "user", 0);
        if r.params.is_empty() && r.list_param.is_none() {
            return None;
        }
        let func = call.child_by_field_id(super::fields::function())?;
        let mut site = self.empty_site(call, func);
        site.kind = CallKind::Direct;
        site.sdk = RELAY.into();
        site.api = method.unwrap_or_else(|| self.src.of(p)).to_string();
        site.prompt = Prompt {
            messages: r.messages,
            complete: r.complete,
        };
        site.prompt_span = Some(self.src.span(a));
        let mut feeds = r.params;
        feeds.extend(r.list_param.map(|l| format!("*{l}")));
        let (wi, mut def) = self.wrapper_from(call, &mut site, &feeds)?;
        if wi != fi {
            return None;
        }
        def.model_param = Some(self.src.of(p).to_string());
        Some((fi, def))
    }

    /// A class relay: `self.chain.invoke(..)` / `cls._chain.ainvoke(..)` in a method, where
    /// the class gives the attribute no value (`_chain: ClassVar[Runnable]`): subclasses set
    /// it. The definition's `model_param` is `self.<attribute>`.
    fn class_relay_def(&self, call: Node<'t>) -> Option<(usize, WrapperDef)> {
        let func = call.child_by_field_id(super::fields::function())?;
        if func.kind() != "attribute" {
            return None;
        }
        let method = self
            .src
            .of(func.child_by_field_id(super::fields::attribute())?);
        let recv = func.child_by_field_id(super::fields::object())?;
        if recv.kind() != "attribute" || !self.llm_method_names().contains(method) {
            return None;
        }
        let obj = recv.child_by_field_id(super::fields::object())?;
        let attr = self
            .src
            .of(recv.child_by_field_id(super::fields::attribute())?);
        if !matches!(self.src.of(obj), "self" | "cls") {
            return None;
        }
        let fi = self.method_leaving(call, attr)?;
        let mut site = self.empty_site(call, func);
        site.kind = CallKind::Inner;
        site.sdk = RELAY.into();
        site.api = method.to_string();
        if let Some(a) = self.relay_prompt_arg(call) {
            let r = self.prompt_rec(a, "user", 0);
            site.prompt = Prompt {
                messages: r.messages,
                complete: false,
            };
        }
        Some((fi, self.wrapper_def(fi, site, Some(format!("self.{attr}")))))
    }

    /// The method `call` is in, when its class gives attribute `attr` no value.
    fn method_leaving(&self, call: Node<'t>, attr: &str) -> Option<usize> {
        let class = self.scope.enclosing_class(call)?;
        let fi = self.scope.enclosing_func(call)?;
        (self.scope.funcs[fi].class.as_deref() == Some(class.as_str())
            && self.scope.class_attr(&class, attr, call).is_none())
        .then_some(fi)
    }

    /// A call of a class relay on the same object (`self.run(..)`, `super().run(..)`) from
    /// a method of a class that gives the attribute no value either: the calling method is
    /// a class relay too.
    pub(super) fn class_relay_caller(
        &self,
        call: Node<'t>,
        def: &WrapperDef,
    ) -> Option<(usize, WrapperDef)> {
        let attr = def.model_param.as_deref()?.strip_prefix("self.")?;
        let func = call.child_by_field_id(super::fields::function())?;
        let obj = func.child_by_field_id(super::fields::object())?;
        if !matches!(self.src.of(obj), "self" | "cls" | "super()") {
            return None;
        }
        let fi = self.method_leaving(call, attr)?;
        Some((
            fi,
            self.wrapper_def(fi, def.inner.clone(), def.model_param.clone()),
        ))
    }

    /// At a call of a relay: what the caller hands in for its LLM parameter. False when it
    /// is no LLM object or function (the call is no LLM call); else the site takes its SDK,
    /// model and system prompt.
    pub(super) fn fill_relayed(
        &self,
        call: Node<'t>,
        def: &WrapperDef,
        site: &mut CallSite,
        local: &HashMap<usize, WrapperDef>,
        index: &WrapperIndex,
    ) -> bool {
        let Some(param) = def.model_param.as_deref() else {
            return false;
        };
        let handed = match param.strip_prefix("self.") {
            // a class relay: the attribute as the calling object's class sets it
            Some(attr) => self
                .scope
                .enclosing_class(call)
                .and_then(|c| self.scope.class_attr(&c, attr, call))
                .and_then(|v| self.handed(v, local, index)),
            None => {
                let args = Args::of(call, &self.src);
                let arg = args.kw(param).or_else(|| {
                    let i = def.params.iter().position(|p| p.name == param)?;
                    (!def.params[i].keyword_only)
                        .then(|| args.positional.get(i).copied())
                        .flatten()
                });
                arg.and_then(|a| self.handed(a, local, index))
            }
        };
        let Some(handed) = handed else {
            return false;
        };
        site.model = None;
        match handed {
            Handed::Client(i) => {
                site.sdk = i.sdk.clone();
                site.model = i.model.clone();
                site.provider = i.provider.clone();
                site.base_url = i.base_url.clone();
                site.temperature = site.temperature.take().or(i.temperature.clone());
                site.max_tokens = site.max_tokens.take().or(i.max_tokens.clone());
                site.response_format = site.response_format.take().or(i.response_format.clone());
                if let Some(sys) = i.system.clone()
                    && !site
                        .prompt
                        .messages
                        .iter()
                        .any(|m| m.role.as_deref() == Some("system"))
                {
                    site.prompt.messages.insert(
                        0,
                        Message {
                            role: Some("system".into()),
                            segments: sys,
                        },
                    );
                }
            }
            Handed::Chain(c) => {
                site.sdk = "langchain".into();
                if let Some(i) = &c.llm {
                    site.model = i.model.clone();
                    site.provider = i.provider.clone();
                    site.base_url = i.base_url.clone();
                }
                if let Some(t) = c.template {
                    site.prompt = t;
                }
            }
            Handed::Wrapper(w) => {
                site.sdk = w.inner.sdk.clone();
                site.model = w.inner.model.clone();
                site.provider = w.inner.provider.clone();
                site.base_url = w.inner.base_url.clone();
            }
        }
        true
    }

    /// An LLM object (client, agent, chain) or an LLM function (a wrapper) as an argument.
    fn handed(
        &self,
        a: Node<'t>,
        local: &HashMap<usize, WrapperDef>,
        index: &WrapperIndex,
    ) -> Option<Handed> {
        match self.resolve(a, 0) {
            Some(Val::Inst(i)) => return Some(Handed::Client(i)),
            Some(Val::Chain(c)) if c.llm.is_some() => return Some(Handed::Chain(c)),
            _ => {}
        }
        let u = super::syntax::unwrap_expr(a);
        if !matches!(u.kind(), "identifier" | "attribute") {
            return None;
        }
        let (d, user) = self.callee_wrapper(u, None, local, index)?;
        (user.is_none() && d.inner.sdk != RELAY).then(|| Handed::Wrapper(Box::new(d)))
    }

    /// A call through a parameter (`fn(f"..")`) whose callers in this file hand in a wrapper
    /// function: that wrapper, applied to this call's arguments.
    pub(super) fn passed_wrapper(
        &self,
        call: Node<'t>,
        local: &HashMap<usize, WrapperDef>,
        index: &WrapperIndex,
    ) -> Option<WrapperDef> {
        let (_, f, i, method) = self.through_param(call)?;
        if method.is_some() {
            return None;
        }
        let func = &self.scope.funcs[f];
        let p = &func.params[i];
        let skip = func.params.len() - func.user_params().len();
        let pos = i.checked_sub(skip)?;
        for &c in self.calls_named(&func.name) {
            if !self.tick() {
                return None;
            }
            let Some(callee) = c.child_by_field_id(super::fields::function()) else {
                continue;
            };
            if self.local_function(callee) != Some(f) || self.scope.enclosing_func(c) == Some(f) {
                continue;
            }
            let args = Args::of(c, &self.src);
            let arg = args.kw(&p.name).or_else(|| {
                (!p.keyword_only)
                    .then(|| args.positional.get(pos).copied())
                    .flatten()
            });
            if let Some(a) = arg
                && let Some(Handed::Wrapper(d)) = self.handed(a, local, index)
            {
                return Some(*d);
            }
        }
        None
    }

    /// A call through a parameter named as an LLM function (`llm_func`, `call_llm`,
    /// `ask_gpt`) with a fixed instruction of its own: an LLM call whose client its callers
    /// choose.
    pub(super) fn named_llm_param_site(&self, call: Node<'t>) -> Option<CallSite> {
        let (p, _, _, method) = self.through_param(call)?;
        if method.is_some() || !llm_function_name(self.src.of(p)) {
            return None;
        }
        let a = self.relay_prompt_arg(call)?;
        let r = self.prompt_rec(a, "user", 0);
        let prompt = Prompt {
            messages: r.messages,
            complete: r.complete,
        };
        if !has_instruction(&prompt) {
            return None;
        }
        let func = call.child_by_field_id(super::fields::function())?;
        let mut site = self.empty_site(call, func);
        site.api = self.src.of(callee_name(func)).to_string();
        site.prompt = prompt;
        site.prompt_span = Some(self.src.span(a));
        self.fill_context(&mut site, call, true);
        Some(site)
    }
}

/// A name that says it is a function calling a language model: one of its `_` words is
/// `llm` / `gpt` / `chatgpt` / `openai` (`llm_func`, `call_llm`, `ask_gpt`, `llm`).
fn llm_function_name(name: &str) -> bool {
    name.to_ascii_lowercase().split('_').any(|w| {
        matches!(
            w,
            "llm" | "gpt" | "chatgpt" | "openai" | "llmfunc" | "llmfn"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llm_function_names() {
        for n in [
            "llm_func",
            "call_llm",
            "ask_gpt",
            "llm",
            "LLM_fn",
            "openai_call",
        ] {
            assert!(llm_function_name(n), "{n}");
        }
        for n in ["fn", "callback", "model", "handler", "allm", "gpt4"] {
            assert!(!llm_function_name(n), "{n}");
        }
    }
}
