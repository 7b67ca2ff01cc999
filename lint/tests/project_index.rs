//! The project index end to end: a call whose client, prompt or wrapper lives in another
//! file of the project is resolved through the driver's rounds (imports followed, prompt
//! files read, objects of wrapping classes), as a user's run over the whole tree does.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use llmlint::config::ConfigResolver;
use llmlint::discover::{cli_excludes, discover};
use llmlint::driver::{RunOutput, run};
use llmlint_rules::CallSite;
use llmlint_rules::catalog::Catalog;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(rel)
        .canonicalize()
        .expect("fixture folder")
}

/// Run the whole pipeline's extraction over `dir` as if from inside it.
fn run_in(dir: &Path) -> RunOutput {
    let resolver = Arc::new(ConfigResolver::new(None, dir.to_path_buf()));
    let excl = Arc::new(cli_excludes(&[]).unwrap());
    let found = discover(&[PathBuf::from(".")], dir, &resolver, &excl).expect("walk");
    run(&found.files, dir, &resolver, Catalog::builtin())
}

fn calls(out: &RunOutput) -> Vec<(String, &CallSite)> {
    out.files
        .iter()
        .flat_map(|f| {
            let p = f
                .path
                .strip_prefix(
                    f.path
                        .ancestors()
                        .find(|a| a.join("app").is_dir())
                        .unwrap_or(Path::new("")),
                )
                .unwrap_or(&f.path)
                .to_string_lossy()
                .replace('\\', "/");
            f.analysis.calls.iter().map(move |c| (p.clone(), c))
        })
        .collect()
}

fn at<'a>(all: &'a [(String, &'a CallSite)], path: &str, line: u32) -> &'a CallSite {
    all.iter()
        .find(|(p, c)| p == path && c.span.line == line)
        .map(|(_, c)| *c)
        .unwrap_or_else(|| {
            panic!(
                "no call at {path}:{line}; found {:?}",
                all.iter()
                    .map(|(p, c)| format!("{p}:{}", c.span.line))
                    .collect::<Vec<_>>()
            )
        })
}

fn prompt(c: &CallSite) -> String {
    c.prompt.render().unwrap_or_default()
}

#[test]
fn python_prompts_clients_and_wrappers_come_from_other_modules() {
    let out = run_in(&fixture("python/xfile"));
    let all = calls(&out);
    // handlers.py has no SDK import: its client comes from app/llm.py
    let route = at(&all, "app/handlers.py", 8);
    assert_eq!(route.sdk, "openai");
    assert_eq!(route.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(route),
        "You route support tickets for a bike shop.\n\n{ticket}"
    );
    assert!(route.prompt.complete);
    // a dict of prompts looked up by a literal key
    assert_eq!(
        prompt(at(&all, "app/handlers.py", 18)),
        "Pull every e-mail address out of the text below. One per line.\n\n{body}"
    );
    // a class attribute, and a client from a factory function with its base URL
    let tracking = at(&all, "app/handlers.py", 25);
    assert_eq!(
        prompt(tracking),
        "Find the parcel tracking code (two letters, nine digits, two letters) in: {body}"
    );
    assert_eq!(tracking.provider.as_deref(), Some("groq"));
    // a prompt builder function: its parameter becomes the caller's argument
    assert_eq!(
        prompt(at(&all, "app/handlers.py", 32)),
        "Summarise this ticket in two sentences:\n{ticket}"
    );
    // a module constant read from a text file beside the module
    assert_eq!(
        prompt(at(&all, "app/handlers.py", 39)),
        "Return the phone number found in the message, digits only.\n\n\n{message}"
    );
    // a module attribute holding an f-string that uses another constant
    assert_eq!(
        prompt(at(&all, "app/handlers.py", 49)),
        "You route support tickets for a bike shop. Greet the customer by name. The name is {name}."
    );
    // a method of a wrapping class, on a module-level instance and on an annotated parameter
    for (line, text) in [
        (
            56,
            "What is the capital of {country}? Answer with the city only.",
        ),
        (
            60,
            "Which weekday is ISO day number {day_number}? One word.",
        ),
    ] {
        let c = at(&all, "app/handlers.py", line);
        assert_eq!(c.kind, llmlint_rules::CallKind::Wrapper, "line {line}");
        assert_eq!(c.api, "app.llm.Assistant.complete");
        assert_eq!(
            c.model_name(),
            Some("gpt-4o-mini"),
            "the default of __init__"
        );
        assert_eq!(prompt(c), text);
    }
    // the SDK call inside the wrapper stays, its prompt a parameter
    let inner = at(&all, "app/llm.py", 17);
    assert_eq!(inner.kind, llmlint_rules::CallKind::Inner);
    assert!(!inner.prompt.complete);
    assert_eq!(all.len(), 9, "no other call sites");
    // the prompt file is in the index under its path from the run's root
    assert!(
        out.index.files.contains_key("app/prompt_files/phone.txt"),
        "{:?}",
        out.index.files.keys().collect::<Vec<_>>()
    );
}
