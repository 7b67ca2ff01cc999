//! Where the replacement code goes: from a call site, its replacement spec and the file
//! text, build the generated helper and the fix (helper beside the enclosing function,
//! imports once, and the call-and-read chain replaced by a helper call).

use llmlint_rewrite::r#gen::{GenContext, Generated, generate};
use llmlint_rewrite::{Applicability, Edit, Fix, ReplacementSpec, TargetLanguage, Validator};
use llmlint_rules::{CallSite, Language, ResponseUse, Segment, Span};

/// The generated code for one call and, where llmlint knows where it goes, the fix.
#[derive(Debug, Clone)]
pub struct Replacement {
    pub generated: Generated,
    pub language: Language,
    pub fix: Fix,
}

impl Replacement {
    /// The code shown to the user: imports, then the helper, then the call.
    pub fn code(&self) -> String {
        let mut s = String::new();
        for i in &self.generated.imports {
            s.push_str(i);
            s.push('\n');
        }
        if !self.generated.imports.is_empty() {
            s.push('\n');
        }
        s.push_str(self.generated.helper_code.trim_end());
        s.push_str("\n\n");
        s.push_str(&self.generated.call_expr);
        s.push('\n');
        s
    }
}

fn target(lang: Language) -> TargetLanguage {
    match lang {
        Language::Python => TargetLanguage::Python,
        Language::Rust => TargetLanguage::Rust,
    }
}

/// The run-time input of the prompt: its single hole, if it has exactly one distinct hole.
fn input_hole(call: &CallSite) -> Option<(String, Option<Span>)> {
    let mut found: Option<(String, Option<Span>)> = None;
    for m in &call.prompt.messages {
        for s in &m.segments {
            if let Segment::Hole { name, span } = s {
                match &found {
                    Some((n, _)) if n != name => return None,
                    Some(_) => {}
                    None => found = Some((name.clone(), *span)),
                }
            }
        }
    }
    found
}

fn is_identifier_like(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

/// Python modules the file imports at top level, and names it defines.
fn python_file_facts(text: &str) -> (Vec<String>, Vec<String>) {
    let mut modules = Vec::new();
    let mut names = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("import ") {
            for part in rest.split(',') {
                let m = part.split_whitespace().next().unwrap_or("");
                if part.contains(" as ") {
                    continue;
                }
                modules.push(m.to_string());
            }
        } else if let Some(rest) = line
            .strip_prefix("def ")
            .or_else(|| line.strip_prefix("async def "))
        {
            names.push(rest.split('(').next().unwrap_or("").trim().to_string());
        } else if let Some((lhs, _)) = line.split_once('=')
            && !line.starts_with([' ', '\t', '#'])
        {
            names.push(lhs.trim().to_string());
        }
    }
    (modules, names)
}

fn rust_file_facts(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        for kw in ["fn ", "static ", "const "] {
            if let Some(rest) = t.strip_prefix("pub ").unwrap_or(t).strip_prefix(kw) {
                let n: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(n);
            }
        }
    }
    names
}

/// Offset where top-level Python imports end (after the last leading import line, the module
/// docstring and `from __future__` lines), for inserting new imports.
fn python_import_insertion(text: &str) -> usize {
    let mut offset = 0;
    let mut last_import_end = None;
    let mut in_doc = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let start_doc = !in_doc && (t.starts_with("\"\"\"") || t.starts_with("'''"));
        if in_doc {
            if t.contains("\"\"\"") || t.contains("'''") {
                in_doc = false;
                last_import_end.get_or_insert(offset + line.len());
            }
        } else if start_doc {
            let q = &t[..3];
            if !(t.len() >= 6 && t[3..].contains(q)) {
                in_doc = true;
            } else {
                last_import_end.get_or_insert(offset + line.len());
            }
            if last_import_end.is_none() {
                // docstring start: imports go after it
            }
        } else if t.starts_with("import ") || t.starts_with("from ") {
            last_import_end = Some(offset + line.len());
        } else if !(t.is_empty() || t.starts_with('#')) {
            break;
        }
        offset += line.len();
    }
    last_import_end.unwrap_or(0)
}

/// Build the replacement for a classified call; `None` when no generator applies.
pub fn build(call: &CallSite, spec: &ReplacementSpec, text: &str) -> Option<Replacement> {
    let lang = target(call.language);
    let hole = input_hole(call);
    let arg_src = match (&hole, call.language) {
        (Some((name, _)), Language::Python) => name.clone(),
        (Some((name, _)), Language::Rust) if is_identifier_like(name) => format!("&{name}"),
        (Some((name, _)), Language::Rust) => format!("&({name})"),
        (None, Language::Python) => "text".to_string(),
        (None, Language::Rust) => "&text".to_string(),
    };
    let mut ctx = GenContext::new(arg_src);
    match call.language {
        Language::Python => {
            let (modules, names) = python_file_facts(text);
            ctx.existing_modules = modules;
            ctx.taken_names = names;
        }
        Language::Rust => ctx.taken_names = rust_file_facts(text),
    }
    let generated = generate(spec, lang, &ctx).ok()?;
    let fix = build_fix(call, spec, &generated, text, hole.is_some());
    Some(Replacement {
        generated,
        language: call.language,
        fix,
    })
}

fn returns_bool(spec: &ReplacementSpec) -> bool {
    matches!(
        spec,
        ReplacementSpec::Validate { .. } | ReplacementSpec::Contains { .. }
    )
}

fn compared_to_yes(call: &CallSite) -> bool {
    call.context.response_uses.iter().any(|u| match u {
        ResponseUse::ComparedTo { value } => {
            let v = value.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
            matches!(v.as_str(), "yes" | "true" | "valid" | "y" | "1")
        }
        ResponseUse::ParsedBool => true,
        _ => false,
    })
}

fn build_fix(
    call: &CallSite,
    spec: &ReplacementSpec,
    g: &Generated,
    text: &str,
    has_input: bool,
) -> Fix {
    let title = format!("Replace the LLM call with `{}`", g.call_expr);
    let display = |why: &str| Fix {
        message: format!("{title} ({why})"),
        applicability: Applicability::DisplayOnly,
        edits: Vec::new(),
    };
    let Some(answer) = &call.context.answer else {
        return display("the code reading the answer was not recognised");
    };
    if !has_input
        && !matches!(
            spec,
            ReplacementSpec::Lookup {
                lookup: llmlint_rewrite::Lookup::CurrentDate { .. }
            }
        )
    {
        return display("the prompt's input was not recognised");
    }
    let Some(func) = call.context.enclosing_function_span else {
        return display("the call is not inside a function");
    };
    // What is replaced: for a bool helper, the whole `... == "yes"` comparison; for the rest,
    // the expression reading the answer text.
    let target_span = if returns_bool(spec) {
        match (answer.outer, compared_to_yes(call)) {
            (Some(outer), true) => outer,
            _ => return display("the answer is not read as a yes/no value"),
        }
    } else if matches!(spec, ReplacementSpec::FindAll { .. }) {
        let split = call
            .context
            .response_uses
            .iter()
            .any(|u| matches!(u, ResponseUse::SplitList));
        match (answer.outer, split) {
            (Some(outer), true) => outer,
            _ => return display("the answer is not read as a list"),
        }
    } else if matches!(
        spec,
        ReplacementSpec::Validate {
            validator: Validator::Json
        }
    ) {
        return display("the answer's use was not recognised");
    } else {
        answer.span
    };
    if call.language == Language::Rust && !returns_bool(spec) {
        // Rust answer reads are `Option<String>` / `String` of many shapes; the helper's return
        // type rarely drops in. Show the code instead of editing.
        return display("the Rust answer type may differ from the helper's");
    }
    let mut edits = Vec::new();
    // Helper beside the enclosing function, at the start of its first line.
    let line_start = text[..func.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    if !indent.is_empty() {
        return display("the enclosing function is nested or a method");
    }
    let already = match call.language {
        Language::Python => text.contains(&format!("def {}(", g.helper_name)),
        Language::Rust => text.contains(&format!("fn {}(", g.helper_name)),
    };
    if !already {
        let sep = match call.language {
            Language::Python => "\n\n\n",
            Language::Rust => "\n\n",
        };
        edits.push(Edit::insert(
            line_start,
            format!("{}{sep}", g.helper_code.trim_end()),
        ));
    }
    if call.language == Language::Python && !g.imports.is_empty() && !already {
        let at = python_import_insertion(text);
        let mut block: String = g.imports.iter().map(|i| format!("{i}\n")).collect();
        if at == 0 {
            block.push('\n');
        }
        edits.push(Edit::insert(at, block));
    }
    if let Some(bind) = answer.binding_statement {
        // Remove the binding statement with its line when it stands alone on it.
        let s = text[..bind.start].rfind('\n').map_or(0, |i| i + 1);
        let only_ws_before = text[s..bind.start].trim().is_empty();
        let e = text[bind.end..]
            .find('\n')
            .map_or(text.len(), |i| bind.end + i + 1);
        let only_ws_after = text[bind.end..e].trim().is_empty();
        if only_ws_before && only_ws_after {
            edits.push(Edit::delete(s, e));
        } else {
            edits.push(Edit::delete(bind.start, bind.end));
        }
    }
    edits.push(Edit::replace(
        target_span.start,
        target_span.end,
        g.call_expr.clone(),
    ));
    edits.sort();
    // Edits must not overlap (the binding and the read are distinct statements).
    if edits.windows(2).any(|w| w[0].end > w[1].start) {
        return display("the edits would overlap");
    }
    Fix {
        message: title,
        applicability: Applicability::Unsafe,
        edits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_insertion_goes_after_docstring_and_imports() {
        let t = "\"\"\"Doc.\"\"\"\nimport os\nfrom x import y\n\nA = 1\n";
        assert_eq!(&t[python_import_insertion(t)..], "\nA = 1\n");
        let t = "\"\"\"Multi\nline\n\"\"\"\n\ndef f():\n    pass\n";
        assert_eq!(&t[python_import_insertion(t)..], "\ndef f():\n    pass\n");
        assert_eq!(python_import_insertion("x = 1\n"), 0);
    }

    #[test]
    fn file_facts_find_modules_and_names() {
        let (m, n) = python_file_facts(
            "import re, json\nimport numpy as np\nfrom a import b\nPAT = 1\ndef extract_emails(t):\n    x = 2\n",
        );
        assert_eq!(m, vec!["re", "json"]);
        assert!(n.contains(&"PAT".to_string()) && n.contains(&"extract_emails".to_string()));
        assert!(!n.contains(&"x".to_string()));
    }
}
