//! Builders shared by the rules' unit tests.

use crate::classify::Classification;
use crate::model::{CallKind, CallSite, Language, Task, Valued};

/// A Python openai call with the given model and nothing else recovered.
pub fn call(model: Option<&str>) -> CallSite {
    CallSite {
        path: "app.py".into(),
        language: Language::Python,
        span: Default::default(),
        callee_span: Default::default(),
        kind: CallKind::Direct,
        sdk: "openai".into(),
        api: "chat.completions.create".into(),
        model: model.map(|m| Valued {
            value: m.to_string(),
            span: None,
        }),
        provider: None,
        base_url: None,
        prompt: Default::default(),
        prompt_span: None,
        max_tokens: None,
        temperature: None,
        response_format: None,
        context: Default::default(),
        wrapper: None,
        variants: Vec::new(),
    }
}

/// A classification with confidence 0.9 and no evidence.
pub fn classified(task: Task, subtype: Option<&str>) -> Classification {
    Classification {
        task,
        subtype: subtype.map(str::to_string),
        rule: None,
        confidence: 0.9,
        evidence: Vec::new(),
        replacement: None,
        literal_input: None,
        no_fix: None,
    }
}
