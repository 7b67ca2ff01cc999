//! LLM501 `llm-call-in-loop`: an LLM call on a deterministic task runs once per item of a
//! loop, comprehension or iterator `map`.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM501`).

use crate::classify::Classification;
use crate::model::{CallSite, Multiplier};
use crate::registry::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM501",
    name: "llm-call-in-loop",
    summary: "an LLM call on a deterministic task runs once per item of a loop",
    doc: DOC,
    task: None,
    subtype: None,
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls inside a `for` / `while` loop, a comprehension or generator, or an
iterator adaptor (`.map(|x| ..)`, `df.apply`), when the classifier says the call does a
deterministic job (extract, look up, validate, transform).

## Why is this bad?
The call is paid for, and waited for, once per item: a thousand rows are a thousand
requests, each with its own round trip and time to first token. A loop also hides the
cost: the call site looks like one request in review. When the job is deterministic, the
replacement the task rule (LLM1xx-LLM4xx) proposes removes the requests altogether; until
then, batching the items into one request or caching answers for repeated inputs cuts the
bill.

Genuine generative calls in loops are not reported; `llmlint calls` lists them with their
`loop` multiplier.

## Example
```python
countries = []
for name in names:
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"ISO 3166 alpha-2 code of {name}? Code only."}],
    )
    countries.append(resp.choices[0].message.content.strip())
```

## Use instead
```python
import pycountry
countries = [pycountry.countries.lookup(name).alpha_2 for name in names]
```

Or, while the call stays, one request for the whole batch and a cache:

```python
@functools.cache
def iso_code(name: str) -> str: ...
```

## Fix safety
No automatic fix: batching changes the prompt and the answer format. The task rule's fix
replaces the call itself.
"##;

/// Reports a call on a deterministic task inside a loop, comprehension or iterator map.
pub fn check(call: &CallSite, classification: &Classification) -> Option<String> {
    if !classification.task.is_deterministic() {
        return None;
    }
    let m = call
        .context
        .multipliers
        .iter()
        .find(|m| matches!(m, Multiplier::Loop | Multiplier::Comprehension))?;
    let place = match m {
        Multiplier::Loop => "a loop",
        _ => "a comprehension or iterator map",
    };
    let what = classification
        .subtype
        .as_deref()
        .unwrap_or(classification.task.as_str());
    Some(format!(
        "LLM call ({what}) inside {place}: one paid request per item"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Task, Valued};
    use crate::rules::test_support::{call, classified};

    #[test]
    fn flags_deterministic_calls_in_loops_only() {
        let mut c = call(Some("gpt-4o-mini"));
        let regex = classified(Task::Regex, Some("extract-emails"));
        assert_eq!(check(&c, &regex), None, "not in a loop");
        c.context.multipliers = vec![Multiplier::Handler, Multiplier::Loop];
        assert_eq!(
            check(&c, &regex).as_deref(),
            Some("LLM call (extract-emails) inside a loop: one paid request per item")
        );
        c.context.multipliers = vec![Multiplier::Comprehension];
        assert!(check(&c, &regex).unwrap().contains("comprehension"));
        // Generative work in a loop is inventoried, not flagged.
        assert_eq!(check(&c, &classified(Task::Generative, None)), None);
        assert_eq!(check(&c, &classified(Task::Unknown, None)), None);
        // Concurrency or a handler alone is not a loop.
        c.context.multipliers = vec![Multiplier::Concurrent, Multiplier::Handler];
        c.max_tokens = Some(Valued {
            value: 5,
            span: None,
        });
        assert_eq!(check(&c, &regex), None);
    }
}
