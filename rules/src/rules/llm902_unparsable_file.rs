//! LLM902 `unparsable-file`: a file llmlint could not read or parse.
//!
//! Reported by the driver (the diagnostic is built by `llmlint::check::Diagnostic::unparsable_file`);
//! this file holds the rule's doc and metadata.

use crate::registry::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    code: "LLM902",
    name: "unparsable-file",
    summary: "a file could not be read or parsed, so its calls were not checked",
    doc: DOC,
    task: None,
    subtype: None,
    default_enabled: true,
};

const DOC: &str = r#"## What it does
Reports a Python or Rust file that llmlint could not read (not UTF-8, unreadable) or could not
parse at all, so none of its LLM calls were checked.

## Why is this bad?
A file that is skipped silently looks like a file with nothing to report. Saying so keeps a
clean run honest: the calls in that file were never looked at.

## Example
```python
def broken(:
    return client.chat.completions.create(model="gpt-4o", messages=msgs)
```

## Use instead
Fix the syntax error (or the encoding), or exclude the file from the run:
```python
def fixed(messages):
    return client.chat.completions.create(model="gpt-4o", messages=messages)
```

## Fix safety
There is no fix: llmlint does not guess how a broken file was meant to read.
"#;
