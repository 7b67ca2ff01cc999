//! LLM503 `llm-premium-model-for-deterministic-task`: a premium model does a job the
//! classifier marks deterministic.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM503`).

use crate::classify::Classification;
use crate::model::CallSite;
use crate::registry::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM503",
    name: "llm-premium-model-for-deterministic-task",
    summary: "a premium model does a job the classifier marks deterministic",
    doc: DOC,
    task: None,
    subtype: None,
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for calls of a premium model (GPT-4o, GPT-4.1, GPT-4, GPT-5, o1, o3, Claude Opus or
Sonnet, Gemini Pro, Mistral Large, Command R+) whose prompt asks for a deterministic job:
extracting a pattern, looking up a fixed value, validating a format, transforming text
mechanically.

## Why is this bad?
Premium models cost ten to a hundred times what the small models of the same provider
cost per token, and reasoning models add seconds of hidden thinking to every answer. A
deterministic job gains nothing from them: the answer is either right or wrong, and code
gets it right every time for a fraction of a microsecond.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o",
    messages=[{"role": "user", "content": f"Convert this to snake_case: {name}"}],
)
```

## Use instead
The deterministic replacement the task rule proposes (here LLM401):

```python
import re
snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
```

While the call stays, a small model (`gpt-4o-mini`, `claude-3-5-haiku`, `gemini-flash`)
does the same job for a fraction of the price.

## Fix safety
No automatic fix: switching models changes behaviour and is a product decision.
"##;

/// The model id without provider prefixes (`openai/`, `azure/`, `bedrock/`, `us.anthropic.`).
fn bare_model(model: &str) -> String {
    let m = model.trim().to_ascii_lowercase();
    let m = m.rsplit('/').next().unwrap_or(&m).to_string();
    let m = m.strip_prefix("ft:").unwrap_or(&m).to_string();
    // Bedrock ids: `us.anthropic.claude-...`, `anthropic.claude-...`.
    match m.rfind('.') {
        Some(i)
            if m[..i]
                .split('.')
                .all(|p| p.chars().all(|c| c.is_ascii_lowercase() || c == '-')) =>
        {
            m[i + 1..].to_string()
        }
        _ => m,
    }
}

/// True for the premium tier of each provider.
pub fn is_premium(model: &str) -> bool {
    let m = bare_model(model);
    let small = [
        "mini", "nano", "haiku", "flash", "lite", "small", "light", "instant",
    ];
    if m.split(['-', ':', '.', '_', '@'])
        .any(|part| small.contains(&part))
    {
        return false;
    }
    let starts = |p: &str| m == p || m.starts_with(&format!("{p}-"));
    starts("gpt-4o")
        || starts("gpt-4.1")
        || starts("gpt-4.5")
        || starts("gpt-4")
        || starts("gpt-5")
        || m.starts_with("gpt-5.")
        || ["o1", "o3", "o4"].iter().any(|p| starts(p))
        || (m.starts_with("claude") && (m.contains("opus") || m.contains("sonnet")))
        || (m.starts_with("gemini") && m.contains("-pro"))
        || m.starts_with("mistral-large")
        || m.starts_with("command-r-plus")
        || starts("command-a")
}

/// Reports a premium model on a deterministic task.
pub fn check(call: &CallSite, classification: &Classification) -> Option<String> {
    if !classification.task.is_deterministic() {
        return None;
    }
    let model = call.model_name()?;
    if !is_premium(model) {
        return None;
    }
    let what = classification
        .subtype
        .as_deref()
        .unwrap_or(classification.task.as_str());
    Some(format!(
        "premium model `{model}` used for a deterministic task ({what})"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;
    use crate::rules::test_support::{call, classified};

    #[test]
    fn premium_models() {
        for m in [
            "gpt-4o",
            "gpt-4o-2024-08-06",
            "gpt-4.1",
            "gpt-4",
            "gpt-4-turbo",
            "gpt-5",
            "gpt-5.1",
            "o1",
            "o3",
            "o1-pro",
            "openai/gpt-4o",
            "azure/gpt-4.1",
            "claude-3-5-sonnet-20241022",
            "claude-sonnet-4-5",
            "claude-3-opus-latest",
            "claude-opus-4-1",
            "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
            "anthropic/claude-3.5-sonnet",
            "gemini-1.5-pro",
            "gemini-2.5-pro",
            "mistral-large-latest",
            "command-r-plus",
        ] {
            assert!(is_premium(m), "{m}");
        }
        for m in [
            "gpt-4o-mini",
            "gpt-4.1-nano",
            "gpt-4.1-mini",
            "gpt-5-mini",
            "o3-mini",
            "o4-mini",
            "gpt-3.5-turbo",
            "claude-3-5-haiku-latest",
            "claude-haiku-4-5",
            "gemini-2.0-flash",
            "gemini-2.5-flash-lite",
            "llama-3.1-8b-instant",
            "mistral-small-latest",
            "command-r",
            "gpt-4o-mini-2024-07-18",
            "llama3",
            "o1x",
        ] {
            assert!(!is_premium(m), "{m}");
        }
    }

    #[test]
    fn flags_premium_on_deterministic_only() {
        let c = call(Some("gpt-4o"));
        assert_eq!(
            check(&c, &classified(Task::Transform, Some("change-case"))).as_deref(),
            Some("premium model `gpt-4o` used for a deterministic task (change-case)")
        );
        assert_eq!(check(&c, &classified(Task::Generative, None)), None);
        assert_eq!(check(&c, &classified(Task::Unknown, None)), None);
        let small = call(Some("gpt-4o-mini"));
        assert_eq!(
            check(&small, &classified(Task::Transform, Some("change-case"))),
            None
        );
        // Unknown model: nothing to say.
        assert_eq!(
            check(
                &call(None),
                &classified(Task::Regex, Some("extract-emails"))
            ),
            None
        );
    }
}
