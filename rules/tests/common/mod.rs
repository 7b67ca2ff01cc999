//! Helpers shared by the integration tests: build a `CallSite` from a prompt written the
//! way an application writes it (holes as `{name}`, JSON braces left alone).

#![allow(dead_code)]

use llmlint_rules::{
    CallKind, CallSite, Context, Language, Message, Prompt, ResponseUse, Segment, Span, Valued,
};

/// Splits `text` into literal segments and `{identifier}` holes (`{text}`, `{row.name}`,
/// `{item["x"]}`); any other brace is literal.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}');
        let name = close.map(|c| &after[..c]);
        let is_hole = name.is_some_and(|n| {
            !n.is_empty()
                && n.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.[]'\"".contains(c))
                && !n.contains("\": ")
        });
        if let (true, Some(n), Some(c)) = (is_hole, name, close) {
            lit.push_str(&rest[..open]);
            if !lit.is_empty() {
                out.push(Segment::Text {
                    text: std::mem::take(&mut lit),
                    span: None,
                });
            }
            out.push(Segment::Hole {
                name: n.to_string(),
                span: None,
            });
            rest = &after[c + 1..];
        } else {
            lit.push_str(&rest[..open + 1]);
            rest = after;
        }
    }
    lit.push_str(rest);
    if !lit.is_empty() {
        out.push(Segment::Text {
            text: lit,
            span: None,
        });
    }
    out
}

pub fn message(role: Option<&str>, text: &str) -> Message {
    Message {
        role: role.map(str::to_string),
        segments: segments(text),
    }
}

/// A direct call with these messages.
/// A call whose messages are a system prompt, then `[role, text]` turns, then a user
/// message (each part optional), as the prompt-set files write them.
pub fn conversation(sys: Option<&str>, turns: &[(String, String)], user: Option<&str>) -> CallSite {
    let mut messages = Vec::new();
    if let Some(s) = sys {
        messages.push(message(Some("system"), s));
    }
    for (role, text) in turns {
        messages.push(message(Some(role), text));
    }
    if let Some(u) = user {
        messages.push(message(Some("user"), u));
    }
    call(messages)
}

pub fn call(messages: Vec<Message>) -> CallSite {
    CallSite {
        path: "app.py".into(),
        language: Language::Python,
        span: Span::default(),
        callee_span: Span::default(),
        kind: CallKind::Direct,
        sdk: "openai".into(),
        api: "chat.completions.create".into(),
        model: Some(Valued {
            value: "gpt-4o-mini".into(),
            span: None,
        }),
        provider: None,
        base_url: None,
        prompt: Prompt {
            messages,
            complete: true,
        },
        prompt_span: None,
        max_tokens: None,
        temperature: None,
        response_format: None,
        context: Context::default(),
        wrapper: None,
        variants: Vec::new(),
    }
}

/// A one-message user prompt.
pub fn user(text: &str) -> CallSite {
    call(vec![message(Some("user"), text)])
}

/// A system + user prompt.
pub fn sys_user(system: &str, text: &str) -> CallSite {
    call(vec![
        message(Some("system"), system),
        message(Some("user"), text),
    ])
}

/// Parses a response-use tag: `compared:yes`, `bool`, `int`, `float`, `json`, `split`,
/// `normalised`, `date`.
pub fn response_use(tag: &str) -> Option<ResponseUse> {
    Some(match tag {
        "bool" => ResponseUse::ParsedBool,
        "int" => ResponseUse::ParsedInt,
        "float" => ResponseUse::ParsedFloat,
        "json" => ResponseUse::ParsedJson,
        "split" => ResponseUse::SplitList,
        "normalised" => ResponseUse::Normalised,
        "date" => ResponseUse::ParsedDate,
        t => ResponseUse::ComparedTo {
            value: t.strip_prefix("compared:")?.to_string(),
        },
    })
}
