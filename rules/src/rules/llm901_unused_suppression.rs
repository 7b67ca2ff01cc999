//! LLM901 `unused-suppression`: a suppression comment that suppresses nothing.
//!
//! The check itself runs in `llmlint::check::suppress` (it needs the file's comments and the
//! other rules' diagnostics); this file holds the rule's doc and metadata.

use crate::registry::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    code: "LLM901",
    name: "unused-suppression",
    summary: "a suppression comment names a rule that reports nothing on its line",
    doc: DOC,
    task: None,
    subtype: None,
    default_enabled: true,
};

const DOC: &str = r#"## What it does
Checks for suppression comments (`# llmlint: ignore[...]`, `# noqa: LLM...`,
`// llmlint: ignore[...]`, `# llmlint: ignore-file[...]`) that name an enabled rule which
reports nothing where the comment applies.

Only codes of rules that are enabled in the current run are checked, so a comment for a rule
that is switched off is never reported. Codes of other tools in a `# noqa` comment (`E501`) are
left alone, and so is a bare `# noqa`, which other linters read too.

## Why is this bad?
A suppression that suppresses nothing is noise: it hides nothing today, and it will silently
hide a real finding that appears on that line later. It often outlives the code it was written
for.

## Example
```python
answer = client.responses.create(model="gpt-4o", input=summary_prompt)  # llmlint: ignore[LLM301]
```

## Use instead
```python
answer = client.responses.create(model="gpt-4o", input=summary_prompt)
```

## Fix safety
The fix removes the unused codes from the comment, or the whole comment when none of its codes
is used, and the whole line when the comment stood alone on it. It is safe: it changes no code
that runs.
"#;
