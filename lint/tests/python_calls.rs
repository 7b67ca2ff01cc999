//! Python front-end: the inventory of each fixture under `fixtures/python/calls/`,
//! checked by reviewed snapshots, plus targeted checks for traps, spans and bad input.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use llmlint::analysis::{FileAnalysis, Settings, WrapperIndex, analyze_file};
use llmlint_rules::catalog::{Catalog, UserWrapper};
use llmlint_rules::{CallKind, CallSite, Segment};

fn fixture_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/lint")).join("../fixtures/python/calls")
}

/// All fixture files as (relative path, text), sorted.
fn fixtures() -> Vec<(String, String)> {
    let root = fixture_dir();
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("fixture dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "py") {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Two passes like the driver: collect wrappers, then analyse with the index.
fn analyze_all(settings: &Settings) -> Vec<(String, FileAnalysis)> {
    let files = fixtures();
    let mut defs = Vec::new();
    for (p, t) in &files {
        defs.extend(analyze_file(p, t, settings, &WrapperIndex::default()).wrappers);
    }
    let index = WrapperIndex::new(defs);
    files
        .iter()
        .map(|(p, t)| (p.clone(), analyze_file(p, t, settings, &index)))
        .collect()
}

fn render_call(c: &CallSite) -> String {
    let mut s = String::new();
    let kind = match c.kind {
        CallKind::Direct => "direct",
        CallKind::Wrapper => "wrapper",
        CallKind::Inner => "inner",
    };
    let _ = write!(
        s,
        "{}:{}-{}:{} [callee {}:{}] {} {} {}",
        c.span.line,
        c.span.column,
        c.span.end_line,
        c.span.end_column,
        c.callee_span.line,
        c.callee_span.column,
        kind,
        c.sdk,
        c.api
    );
    let _ = write!(s, " model={}", c.model_name().unwrap_or("-"));
    if let Some(p) = &c.provider {
        let _ = write!(s, " provider={p}");
    }
    if let Some(b) = &c.base_url {
        let _ = write!(s, " base_url={b}");
    }
    s.push('\n');
    let _ = writeln!(s, "  complete={}", c.prompt.complete);
    for m in &c.prompt.messages {
        let _ = writeln!(s, "  [{}] {:?}", m.role.as_deref().unwrap_or("-"), m.text());
    }
    let mut extra = Vec::new();
    if let Some(m) = &c.max_tokens {
        extra.push(format!("max_tokens={}", m.value));
    }
    if let Some(t) = &c.temperature {
        extra.push(format!("temperature={}", t.value));
    }
    if let Some(f) = &c.response_format {
        extra.push(format!("format={f}"));
    }
    let ctx = &c.context;
    if !ctx.multipliers.is_empty() {
        extra.push(format!("mult={:?}", ctx.multipliers));
    }
    if !ctx.response_uses.is_empty() {
        let u: Vec<String> = ctx
            .response_uses
            .iter()
            .map(|u| serde_json::to_string(u).unwrap())
            .collect();
        extra.push(format!("uses={}", u.join(",")));
    }
    if ctx.is_async {
        extra.push("async".into());
    }
    if ctx.streaming {
        extra.push("stream".into());
    }
    if let Some(a) = &ctx.answer {
        let mut r = format!(
            "answer={}:{}-{}:{}",
            a.span.line, a.span.column, a.span.end_line, a.span.end_column
        );
        if let Some(b) = a.binding_statement {
            let _ = write!(r, " bound@{}", b.line);
        }
        if let Some(o) = a.outer {
            let _ = write!(
                r,
                " outer={}:{}-{}:{}",
                o.line, o.column, o.end_line, o.end_column
            );
        }
        extra.push(r);
    }
    if let Some(f) = &ctx.enclosing_function {
        extra.push(format!("fn={f}"));
    }
    if !extra.is_empty() {
        let _ = writeln!(s, "  {}", extra.join(" "));
    }
    s
}

fn render(a: &FileAnalysis) -> String {
    let mut s = String::new();
    for c in &a.calls {
        s.push_str(&render_call(c));
    }
    for w in &a.wrappers {
        let params: Vec<&str> = w.params.iter().map(|p| p.name.as_str()).collect();
        let _ = writeln!(
            s,
            "wrapper {} ({}) model_param={}",
            w.qualname,
            params.join(", "),
            w.model_param.as_deref().unwrap_or("-")
        );
    }
    for w in &a.warnings {
        let _ = writeln!(s, "warning: {w}");
    }
    if s.is_empty() {
        s.push_str("(no calls)\n");
    }
    s
}

#[test]
fn fixture_inventories() {
    let settings = Settings::default();
    for (path, a) in analyze_all(&settings) {
        let name = path.trim_end_matches(".py").replace('/', "__");
        insta::assert_snapshot!(name, render(&a));
    }
}

fn find<'a>(all: &'a [(String, FileAnalysis)], path: &str) -> &'a FileAnalysis {
    &all.iter()
        .find(|(p, _)| p == path)
        .expect("fixture present")
        .1
}

#[test]
fn traps_yield_nothing() {
    let all = analyze_all(&Settings::default());
    let traps = find(&all, "traps.py");
    assert!(traps.parsed);
    assert!(traps.calls.is_empty(), "{}", render(traps));
    // webhooks and a non-LLM path on the configured base are not LLM calls
    let http = find(&all, "http_endpoints.py");
    let text = std::fs::read_to_string(fixture_dir().join("http_endpoints.py")).unwrap();
    let notify_line = text.lines().position(|l| l.contains("def notify")).unwrap() as u32 + 1;
    assert!(http.calls.iter().all(|c| c.span.line < notify_line));
    // model-management calls of ollama and an s3 client are not LLM calls
    let other = find(&all, "local_and_others.py");
    let other_text = std::fs::read_to_string(fixture_dir().join("local_and_others.py")).unwrap();
    for needle in ["ollama.pull", "ollama.list", "s3.put_object"] {
        let line = other_text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1;
        assert!(
            other.calls.iter().all(|c| c.span.line != line),
            "{needle} reported"
        );
    }
}

#[test]
fn spans_cover_receiver_to_paren_and_callee_is_method_name() {
    let all = analyze_all(&Settings::default());
    let (path, a) = all.iter().find(|(p, _)| p == "openai_v1.py").unwrap();
    let text = std::fs::read_to_string(fixture_dir().join(path)).unwrap();
    let first = &a.calls[0];
    let call_text = &text[first.span.start..first.span.end];
    assert!(
        call_text.starts_with("client.chat.completions.create("),
        "{call_text}"
    );
    assert!(call_text.ends_with(')'));
    assert_eq!(
        &text[first.callee_span.start..first.callee_span.end],
        "create"
    );
    // every segment span points at text inside the file
    for c in &a.calls {
        for m in &c.prompt.messages {
            for s in &m.segments {
                let span = match s {
                    Segment::Text { span, .. } | Segment::Hole { span, .. } => span,
                };
                if let Some(sp) = span {
                    assert!(sp.end <= text.len() && sp.start <= sp.end);
                }
            }
        }
    }
}

#[test]
fn same_file_wrappers_work_without_an_index() {
    let text = std::fs::read_to_string(fixture_dir().join("wrappers_same_file.py")).unwrap();
    let a = analyze_file(
        "wrappers_same_file.py",
        &text,
        &Settings::default(),
        &WrapperIndex::default(),
    );
    let wrapper_calls: Vec<&CallSite> = a
        .calls
        .iter()
        .filter(|c| c.kind == CallKind::Wrapper)
        .collect();
    assert!(wrapper_calls.len() >= 4, "{}", render(&a));
    let upper = wrapper_calls
        .iter()
        .find(|c| c.prompt.render().unwrap_or_default().contains("Uppercase"))
        .expect("uppercase call");
    assert_eq!(upper.model_name(), Some("gpt-4o"));
    assert!(upper.prompt.complete);
    assert_eq!(upper.wrapper.as_deref(), Some("wrappers_same_file.ask"));
    let names: Vec<&str> = a.wrappers.iter().map(|w| w.name.as_str()).collect();
    assert!(
        names.contains(&"ask") && names.contains(&"_ask") && names.contains(&"ask_twice"),
        "{names:?}"
    );
    assert!(!names.contains(&"summarize"));
}

#[test]
fn cross_file_wrapper_needs_the_index() {
    let text = std::fs::read_to_string(fixture_dir().join("cross_file_user.py")).unwrap();
    let alone = analyze_file(
        "cross_file_user.py",
        &text,
        &Settings::default(),
        &WrapperIndex::default(),
    );
    assert!(alone.calls.is_empty());
    let all = analyze_all(&Settings::default());
    let a = find(&all, "cross_file_user.py");
    assert_eq!(a.calls.len(), 2, "{}", render(a));
    assert!(
        a.calls
            .iter()
            .all(|c| c.kind == CallKind::Wrapper && c.sdk == "anthropic")
    );
    assert_eq!(
        a.calls[0].prompt.render().as_deref(),
        Some("International dialing code for {country}?")
    );
}

#[test]
fn user_wrappers_from_config() {
    let mut catalog = Catalog::builtin();
    catalog.user_wrappers.push(UserWrapper {
        name: "myapp.llm.ask".into(),
        prompt_arg: Some(0),
        prompt_kw: None,
        system_arg: None,
        model: Some("gpt-4o-mini".into()),
        model_arg: None,
        model_kw: None,
        sdk: None,
    });
    let settings = Settings {
        catalog: std::sync::Arc::new(catalog),
        ..Settings::default()
    };
    let text = "from myapp.llm import ask\n\ndef f(x):\n    return ask(f\"Is {x} an email?\")\n\ndef ask2(x):\n    return x\n";
    let a = analyze_file("app.py", text, &settings, &WrapperIndex::default());
    assert_eq!(a.calls.len(), 1);
    let c = &a.calls[0];
    assert_eq!(
        (c.kind, c.sdk.as_str(), c.api.as_str()),
        (CallKind::Wrapper, "custom", "myapp.llm.ask")
    );
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(c.prompt.render().as_deref(), Some("Is {x} an email?"));
}

#[test]
fn deep_nesting_warns_instead_of_overflowing() {
    let depth = 10_000;
    let mut text = String::from("import openai\nx = ");
    text.push_str(&"(".repeat(depth));
    text.push('1');
    text.push_str(&")".repeat(depth));
    text.push('\n');
    let a = analyze_file(
        "deep.py",
        &text,
        &Settings::default(),
        &WrapperIndex::default(),
    );
    assert!(a.calls.is_empty());
    assert!(
        a.warnings.iter().any(|w| w.contains("nested")),
        "{:?}",
        a.warnings
    );

    let mut lists = String::from("from openai import OpenAI\nc = OpenAI()\ny = ");
    lists.push_str(&"[".repeat(depth));
    lists.push_str(&"]".repeat(depth));
    lists.push_str("\nc.chat.completions.create(model='m', messages=[])\n");
    let b = analyze_file(
        "deep2.py",
        &lists,
        &Settings::default(),
        &WrapperIndex::default(),
    );
    assert!(!b.warnings.is_empty());
}

#[test]
fn syntax_errors_do_not_panic_and_keep_the_parsable_part() {
    let all = analyze_all(&Settings::default());
    let a = find(&all, "syntax_error.py");
    assert!(a.parsed);
    assert!(a.warnings.iter().any(|w| w.contains("syntax")));
    assert!(
        a.calls
            .iter()
            .any(|c| c.prompt.render().as_deref() == Some("Is {x} ok?"))
    );
    for junk in [
        "",
        "(((",
        "def",
        "client.chat.completions.create(",
        "\"\"\"",
        "f'{",
        "x = [1,\n",
    ] {
        let _ = analyze_file(
            "junk.py",
            junk,
            &Settings::default(),
            &WrapperIndex::default(),
        );
    }
}

#[test]
fn branching_name_chains_stay_fast() {
    // each name refers to the previous one twice: naive resolution is exponential
    let mut text = String::from("from openai import OpenAI\nc0 = OpenAI()\n");
    for i in 1..80 {
        text.push_str(&format!(
            "c{i} = c{p} if flag else c{p} or c{p}\n",
            p = i - 1
        ));
    }
    text.push_str("for _ in range(3):\n    c79.chat.completions.create(model='m', messages=[{'role': 'user', 'content': 'hi'}])\n");
    let start = std::time::Instant::now();
    let a = analyze_file(
        "chain.py",
        &text,
        &Settings::default(),
        &WrapperIndex::default(),
    );
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    // the budget may cut resolution short, but never panics or invents a call
    assert!(a.calls.len() <= 1);
}
