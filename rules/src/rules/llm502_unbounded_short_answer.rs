//! LLM502 `llm-unbounded-short-answer`: a call whose answer is a yes/no or a single value
//! sets no max-tokens bound.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM502`).

use crate::classify::Classification;
use crate::model::{CallSite, ResponseUse, Task};
use crate::registry::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM502",
    name: "llm-unbounded-short-answer",
    summary: "a call whose answer is a yes/no or a single value sets no max-tokens bound",
    doc: DOC,
    task: None,
    subtype: None,
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose answer is short by construction (a yes/no, a code, a number, a
date: a validation or lookup task, or an answer the code compares with `"yes"` or parses
as a bool or a number) and that set no `max_tokens` / `max_output_tokens` /
`max_completion_tokens`.

## Why is this bad?
Output tokens cost four to eight times input tokens and take most of the latency. Without a
bound, a model that decides to explain itself ("Yes. The string is valid JSON because...")
is paid for every word of it, and the code that compares the answer with `"yes"` then
fails. A bound of a few tokens caps both the bill and the latency of the worst case.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Is this a valid email address? Answer yes or no.\n{addr}"}],
)
ok = resp.choices[0].message.content.strip().lower() == "yes"
```

## Use instead
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    max_tokens=2,
    messages=[{"role": "user", "content": f"Is this a valid email address? Answer yes or no.\n{addr}"}],
)
```

Better still, the deterministic replacement the task rule proposes (here LLM302).

## Fix safety
No automatic fix: the right bound depends on the answer format and the tokenizer.
"##;

/// SDKs whose API requires `max_tokens`: a missing literal there means a non-literal
/// value, not a missing bound.
const BOUND_REQUIRED: &[&str] = &["anthropic", "http-anthropic"];

/// The short answer a call asks for, if any.
fn short_answer(call: &CallSite, classification: &Classification) -> Option<&'static str> {
    let by_use = call.context.response_uses.iter().find_map(|u| match u {
        ResponseUse::ComparedTo { .. } | ResponseUse::ParsedBool => Some("yes/no"),
        ResponseUse::ParsedInt | ResponseUse::ParsedFloat => Some("a number"),
        ResponseUse::ParsedDate => Some("a date"),
        _ => None,
    });
    let subtype = classification.subtype.as_deref().unwrap_or("");
    // A record checked against field rules answers with its errors, not yes/no.
    let record = matches!(
        classification.replacement,
        Some(llmlint_rewrite::ReplacementSpec::Validate {
            validator: llmlint_rewrite::Validator::Record { .. }
        })
    );
    let by_task = match classification.task {
        Task::Validation if record => None,
        Task::Validation => Some("yes/no"),
        Task::Lookup if subtype == "current-date" => Some("a date"),
        Task::Lookup => Some("a single value"),
        Task::Regex if subtype == "contains-text" => Some("yes/no"),
        Task::Transform if matches!(subtype, "count" | "arithmetic" | "extract-json-field") => {
            Some("a single value")
        }
        _ => None,
    };
    if record {
        return None;
    }
    match classification.task {
        // Only deterministic tasks are reported: generative work is never flagged, and
        // an unknown task is not sure enough.
        t if t.is_deterministic() => by_task.or(by_use),
        _ => None,
    }
}

/// Reports a short-answer call on a deterministic task without a max-tokens bound.
pub fn check(call: &CallSite, classification: &Classification) -> Option<String> {
    if call.max_tokens.is_some() || BOUND_REQUIRED.contains(&call.sdk.as_str()) {
        return None;
    }
    // Streaming and structured-output calls shape their answer in other ways.
    if call.context.streaming || call.response_format.is_some() {
        return None;
    }
    let answer = short_answer(call, classification)?;
    Some(format!(
        "call expects {answer} but sets no max-tokens bound"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Valued;
    use crate::rules::test_support::{call, classified};

    #[test]
    fn flags_short_answers_without_bound() {
        let mut c = call(Some("gpt-4o-mini"));
        let v = classified(Task::Validation, Some("validate-email"));
        assert_eq!(
            check(&c, &v).as_deref(),
            Some("call expects yes/no but sets no max-tokens bound")
        );
        let l = classified(Task::Lookup, Some("country-code"));
        assert!(check(&c, &l).unwrap().contains("a single value"));
        // A list extraction is not a short answer.
        assert_eq!(
            check(&c, &classified(Task::Regex, Some("extract-emails"))),
            None
        );
        // ...unless the code parses the answer as a number.
        c.context.response_uses = vec![ResponseUse::ParsedInt];
        assert!(
            check(&c, &classified(Task::Regex, Some("extract-amounts")))
                .unwrap()
                .contains("a number")
        );
        // Generative and unknown tasks are never flagged.
        c.context.response_uses = vec![ResponseUse::ComparedTo {
            value: "yes".into(),
        }];
        assert_eq!(check(&c, &classified(Task::Generative, None)), None);
        assert_eq!(check(&c, &classified(Task::Unknown, None)), None);
    }

    #[test]
    fn a_record_verdict_with_its_errors_is_not_a_short_answer() {
        let c = call(Some("gpt-4o-mini"));
        let mut v = classified(Task::Validation, Some("validate-required-fields"));
        v.replacement = Some(llmlint_rewrite::ReplacementSpec::Validate {
            validator: llmlint_rewrite::Validator::Record { fields: vec![] },
        });
        assert_eq!(check(&c, &v), None);
    }

    #[test]
    fn a_bound_or_a_required_bound_silences_it() {
        let v = classified(Task::Validation, Some("validate-json"));
        let mut c = call(Some("gpt-4o-mini"));
        c.max_tokens = Some(Valued {
            value: 3,
            span: None,
        });
        assert_eq!(check(&c, &v), None);
        let mut c = call(Some("claude-3-5-haiku-latest"));
        c.sdk = "anthropic".into();
        assert_eq!(check(&c, &v), None);
        let mut c = call(Some("gpt-4o-mini"));
        c.response_format = Some("json_object".into());
        assert_eq!(check(&c, &v), None);
    }
}
