//! Prompt recovery: turn a request value (SDK builder, struct literal, `json!` body, rig
//! agent) into the model's `Prompt`, model, max tokens and temperature.

use llmlint_rules::{Message, Prompt, Segment, Valued};

use super::eval::{Obj, Seg, Val};

/// What one request says, with the parameter provenance wrappers need.
#[derive(Debug, Clone, Default)]
pub struct Built {
    pub prompt: Prompt,
    pub model: Option<Valued<String>>,
    /// The model is this parameter of the enclosing function.
    pub model_param: Option<usize>,
    pub max_tokens: Option<Valued<u64>>,
    pub temperature: Option<Valued<f64>>,
    pub response_format: Option<String>,
    pub streaming: bool,
    /// Parameters that supply a whole message content (or the whole message list).
    pub whole_params: Vec<usize>,
    /// Characters of literal text outside the messages those parameters fill.
    pub other_literal: usize,
    /// Parameters that appear anywhere in the prompt (whole or inside a template).
    pub param_holes: Vec<usize>,
}

/// The parameter a message's text is, when it is exactly one parameter.
fn whole_param(segs: &[Seg]) -> Option<usize> {
    let mut it = segs
        .iter()
        .filter(|s| !matches!(s, Seg::Text(t, _) if t.trim().is_empty()));
    match (it.next(), it.next()) {
        (Some(Seg::Hole(h)), None) => h.param,
        _ => None,
    }
}

struct IMsg {
    role: Option<String>,
    segs: Vec<Seg>,
    whole: Option<usize>,
}

const SYSTEM_KEYS: &[&str] = &[
    "system",
    "systemInstruction",
    "system_instruction",
    "instructions",
    "preamble",
];
const MAX_TOKENS_KEYS: &[&str] = &[
    "max_tokens",
    "max_completion_tokens",
    "max_output_tokens",
    "maxOutputTokens",
    "maxTokens",
    "num_predict",
];
const NESTED_KEYS: &[&str] = &["generationConfig", "generation_config", "options", "config"];

/// A key of the object, or of a nested config object (`generationConfig`, `options`).
fn get<'o>(o: &'o Obj, keys: &[&str]) -> Option<&'o Val> {
    for k in keys {
        if let Some(v) = o.get(k)
            && !matches!(v, Val::Foreign)
        {
            return Some(v);
        }
    }
    for n in NESTED_KEYS {
        if let Some(Val::Obj(inner)) = o.get(n) {
            for k in keys {
                if let Some(v) = inner.get(k) {
                    return Some(v);
                }
            }
        }
    }
    None
}

pub fn to_segments(segs: &[Seg]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for s in segs {
        match s {
            Seg::Text(t, sp) => {
                if t.is_empty() {
                    continue;
                }
                if let Some(Segment::Text { text, span }) = out.last_mut()
                    && *span == *sp
                {
                    text.push_str(t);
                    continue;
                }
                out.push(Segment::Text {
                    text: t.clone(),
                    span: *sp,
                })
            }
            Seg::Hole(h) => out.push(Segment::Hole {
                name: h.name.clone(),
                span: h.span,
            }),
        }
    }
    out
}

fn role_of(v: Option<&Val>) -> Option<String> {
    let v = v?;
    let s = v.literal()?;
    let s = s.to_ascii_lowercase();
    Some(match s.as_str() {
        "model" => "assistant".to_string(),
        _ => s,
    })
}

fn item_msg(v: &Val, complete: &mut bool, out: &mut Vec<IMsg>) {
    match v {
        Val::Obj(o) => {
            let role = role_of(o.get("role"));
            let content = o
                .get("content")
                .or_else(|| o.get("parts"))
                .or_else(|| o.get("text"));
            match content {
                Some(c) => {
                    let segs = c.segs();
                    let whole = match c {
                        Val::Unknown(h) => h.param,
                        _ => whole_param(&segs),
                    };
                    out.push(IMsg { role, segs, whole })
                }
                None => *complete = false,
            }
        }
        Val::Unknown(h) => {
            *complete = false;
            out.push(IMsg {
                role: None,
                segs: vec![Seg::Hole(h.clone())],
                whole: h.param,
            });
        }
        Val::Str(s) => out.push(IMsg {
            role: None,
            segs: s.clone(),
            whole: None,
        }),
        _ => *complete = false,
    }
}

fn messages(v: &Val, complete: &mut bool, out: &mut Vec<IMsg>) {
    match v {
        Val::List(items, c) => {
            if !c {
                *complete = false;
            }
            for it in items {
                item_msg(it, complete, out);
            }
        }
        other => item_msg(other, complete, out),
    }
}

fn text_msg(role: Option<&str>, v: &Val, out: &mut Vec<IMsg>) {
    let segs = v.segs();
    let whole = match v {
        Val::Unknown(h) => h.param,
        _ => whole_param(&segs),
    };
    out.push(IMsg {
        role: role.map(str::to_string),
        segs,
        whole,
    });
}

/// Build the prompt of a request object; `user` is a prompt passed beside it (rig's
/// `agent.prompt(x)`), `model`/`options` values passed beside it (genai's `exec_chat`).
pub fn build(
    req: Option<&Val>,
    user: Option<&Val>,
    model: Option<&Val>,
    options: Option<&Val>,
) -> Built {
    let mut b = Built::default();
    let mut complete = true;
    let mut msgs: Vec<IMsg> = Vec::new();
    let empty = Obj::default();
    let obj = match req {
        Some(Val::Obj(o)) | Some(Val::Agent(o)) => o,
        Some(Val::Unknown(h)) => {
            // the whole request comes from elsewhere
            complete = false;
            if h.param.is_some() {
                b.whole_params.extend(h.param);
            }
            &empty
        }
        Some(_) => {
            complete = false;
            &empty
        }
        None => &empty,
    };
    if let Some(s) = get(obj, SYSTEM_KEYS) {
        match s {
            // gemini `{"parts": [{"text": ..}]}`, anthropic `[{"type": "text", "text": ..}]`
            Val::Obj(o) => {
                let c = o.get("parts").or_else(|| o.get("text")).cloned();
                if let Some(c) = c {
                    text_msg(Some("system"), &c, &mut msgs)
                }
            }
            other => text_msg(Some("system"), other, &mut msgs),
        }
    }
    if let Some(m) = obj.get("messages").or_else(|| obj.get("contents")) {
        messages(m, &mut complete, &mut msgs);
    }
    match obj.get("input") {
        Some(v @ Val::List(..)) => messages(v, &mut complete, &mut msgs),
        Some(v) => text_msg(Some("user"), v, &mut msgs),
        None => {}
    }
    if let Some(p) = obj.get("prompt") {
        text_msg(None, p, &mut msgs);
    }
    if let Some(p) = obj.get("user") {
        text_msg(Some("user"), p, &mut msgs);
    }
    if let Some(u) = user {
        text_msg(Some("user"), u, &mut msgs);
    }
    // wrappers: parameters that fill a whole message
    for m in &msgs {
        if let Some(p) = m.whole {
            b.whole_params.push(p);
        }
        for s in &m.segs {
            if let Seg::Hole(h) = s
                && let Some(p) = h.param
                && !b.param_holes.contains(&p)
            {
                b.param_holes.push(p);
            }
        }
    }
    b.other_literal = msgs
        .iter()
        .filter(|m| m.whole.is_none())
        .map(|m| {
            m.segs
                .iter()
                .map(|s| match s {
                    Seg::Text(t, _) => t.trim().chars().count(),
                    Seg::Hole(_) => 0,
                })
                .sum::<usize>()
        })
        .sum();
    // a generic persona (`You are a helpful assistant.`) states no task
    let generic = msgs.iter().filter(|m| m.whole.is_none()).all(|m| {
        let t: String = m
            .segs
            .iter()
            .map(|s| match s {
                Seg::Text(t, _) => t.as_str(),
                Seg::Hole(_) => "",
            })
            .collect();
        let t = t.trim();
        t.is_empty()
            || (t.starts_with("You are ") || t.starts_with("You're "))
                && t.len() < 80
                && !t.contains(". ")
    });
    if generic {
        b.other_literal = 0;
    }
    b.prompt = Prompt {
        messages: msgs
            .iter()
            .map(|m| Message {
                role: m.role.clone(),
                segments: to_segments(&m.segs),
            })
            .collect(),
        complete,
    };
    let model_val = model.or_else(|| get(obj, &["model"]));
    if let Some(v) = model_val {
        match v {
            Val::Unknown(h) => b.model_param = h.param,
            v => {
                if let Some(s) = v.literal() {
                    b.model = Some(Valued {
                        value: s,
                        span: v.first_span(),
                    })
                }
            }
        }
    }
    let opts = match options {
        Some(Val::Obj(o)) => Some(o),
        _ => None,
    };
    let num = |keys: &[&str]| -> Option<(f64, Option<llmlint_rules::Span>)> {
        let v = opts.and_then(|o| get(o, keys)).or_else(|| get(obj, keys))?;
        match v {
            Val::Num(n, sp) => Some((*n, Some(*sp))),
            _ => None,
        }
    };
    b.max_tokens = num(MAX_TOKENS_KEYS)
        .filter(|(n, _)| *n >= 0.0)
        .map(|(n, span)| Valued {
            value: n as u64,
            span,
        });
    b.temperature = num(&["temperature"]).map(|(n, span)| Valued { value: n, span });
    let fmt = opts
        .and_then(|o| {
            get(
                o,
                &[
                    "response_format",
                    "format",
                    "responseMimeType",
                    "response_mime_type",
                ],
            )
        })
        .or_else(|| {
            get(
                obj,
                &[
                    "response_format",
                    "format",
                    "responseMimeType",
                    "response_mime_type",
                ],
            )
        });
    b.response_format = match fmt {
        Some(Val::Obj(o)) => o
            .get("type")
            .and_then(Val::literal)
            .or(Some("object".into())),
        Some(v) => v.literal(),
        None => None,
    };
    if let Some(t) = &obj.extract {
        b.response_format = Some(format!("extractor::<{t}>"));
    }
    b.streaming = matches!(get(obj, &["stream"]), Some(Val::Bool(true)));
    b
}

/// True when a JSON / struct body looks like an LLM request: a model and messages / prompt.
pub fn body_is_llm(v: &Val, prompt_keys: &[String]) -> bool {
    let Val::Obj(o) = v else { return false };
    // gemini names the model in the URL
    prompt_keys.iter().any(|k| o.get(k).is_some())
        && (o.get("model").is_some() || o.get("contents").is_some())
}
