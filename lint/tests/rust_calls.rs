//! Inventory of the Rust fixtures under `fixtures/rust/calls/`, as compact snapshots (each
//! reviewed by hand), plus targeted checks of traps, spans and bad input.

use std::fmt::Write as _;
use std::path::PathBuf;

use llmlint::analysis::{Settings, WrapperIndex, analyze_file};
use llmlint::rust::analyze;
use llmlint_rules::{CallKind, CallSite};

fn fixture(name: &str) -> (String, String) {
    let p: PathBuf = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/lint"),
        "..",
        "fixtures",
        "rust",
        "calls",
        name,
    ]
    .iter()
    .collect();
    let text = std::fs::read_to_string(&p).expect("fixture exists");
    (format!("fixtures/rust/calls/{name}"), text)
}

fn calls_of(name: &str) -> Vec<CallSite> {
    let (path, text) = fixture(name);
    analyze_file(&path, &text, &Settings::default(), &WrapperIndex::default()).calls
}

/// One line per call, then the prompt's messages indented.
fn render(calls: &[CallSite]) -> String {
    let mut out = String::new();
    for c in calls {
        let _ = writeln!(
            out,
            "{}:{}-{}:{} {} {} {:?} model={} complete={} max_tokens={} temperature={} stream={} mult={:?} uses={:?} answer={}{}",
            c.span.line,
            c.span.column,
            c.span.end_line,
            c.span.end_column,
            c.sdk,
            c.api,
            c.kind,
            c.model_name().unwrap_or("-"),
            c.prompt.complete,
            c.max_tokens
                .as_ref()
                .map_or("-".to_string(), |v| v.value.to_string()),
            c.temperature
                .as_ref()
                .map_or("-".to_string(), |v| v.value.to_string()),
            c.context.streaming,
            c.context.multipliers,
            c.context.response_uses,
            c.context.answer.is_some(),
            c.response_format
                .as_ref()
                .map_or(String::new(), |f| format!(" format={f}")),
        );
        for m in &c.prompt.messages {
            let _ = writeln!(
                out,
                "    [{}] {}",
                m.role.as_deref().unwrap_or("-"),
                m.text().replace('\n', "\\n")
            );
        }
    }
    out
}

macro_rules! snap {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(render(&calls_of($file)));
        }
    };
}

snap!(async_openai_builders, "async_openai_builders.rs");
snap!(wrappers_same_file, "wrappers_same_file.rs");
snap!(rig_agents, "rig_agents.rs");
snap!(genai_and_ollama, "genai_and_ollama.rs");
snap!(reqwest_endpoints, "reqwest_endpoints.rs");
snap!(openai_api_rs_and_rust, "openai_api_rs_and_rust.rs");
snap!(http_builders, "http_builders.rs");
snap!(request_shaped, "request_shaped.rs");

#[test]
fn a_body_chosen_by_a_flag_is_reported_with_both_requests() {
    let calls = calls_of("http_builders.rs");
    let review = calls
        .iter()
        .find(|c| c.span.line == 94)
        .expect("the review request is found");
    assert_eq!(review.variants.len(), 2);
    // the webhook built the same way, with a body that is no chat request, and the
    // embeddings request, are not calls
    assert!(calls.iter().all(|c| c.span.line < 128));
}

#[test]
fn traps_yield_nothing() {
    let calls = calls_of("traps.rs");
    assert!(calls.is_empty(), "{}", render(&calls));
}

#[test]
fn broken_file_is_reported_not_panicked() {
    let (path, text) = fixture("broken.rs");
    let a = analyze_file(&path, &text, &Settings::default(), &WrapperIndex::default());
    assert!(!a.parsed);
    assert!(a.calls.is_empty());
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
}

#[test]
fn method_chain_span_runs_from_receiver_to_closing_paren() {
    let (_, text) = fixture("async_openai_builders.rs");
    let calls = calls_of("async_openai_builders.rs");
    let c = &calls[0];
    assert_eq!(
        &text[c.span.start..c.span.end],
        "self.llm.chat().create(request)"
    );
    assert_eq!(&text[c.callee_span.start..c.callee_span.end], "create");
    // the model's span points at the constant's literal
    let sp = c.model.as_ref().and_then(|m| m.span).expect("model span");
    assert_eq!(&text[sp.start..sp.end], "\"gpt-4o-mini\"");
}

#[test]
fn http_span_covers_post_to_send_and_callee_is_post() {
    let (_, text) = fixture("reqwest_endpoints.rs");
    let calls = calls_of("reqwest_endpoints.rs");
    let c = &calls[0];
    assert_eq!(
        &text[c.span.start..c.span.end],
        "self.http.post(url).json(&body).send()"
    );
    assert_eq!(&text[c.callee_span.start..c.callee_span.end], "post");
}

#[test]
fn wrapper_definitions_are_exported_and_inner_calls_marked() {
    let (path, text) = fixture("wrappers_same_file.rs");
    let a = analyze_file(&path, &text, &Settings::default(), &WrapperIndex::default());
    let names: Vec<&str> = a.wrappers.iter().map(|w| w.qualname.as_str()).collect();
    assert_eq!(names, ["ask", "Bot::complete"]);
    assert_eq!(a.wrappers[0].params[1].name, "prompt");
    assert!(a.wrappers[1].is_method);
    let inner: Vec<_> = a
        .calls
        .iter()
        .filter(|c| c.kind == CallKind::Inner)
        .collect();
    assert_eq!(inner.len(), 2);
    assert!(inner.iter().all(|c| !c.prompt.complete));
}

#[test]
fn cross_file_wrapper_arrives_through_the_index() {
    let (lp, lt) = fixture("crossfile/llm.rs");
    let (ap, at) = fixture("crossfile/app.rs");
    let settings = Settings::default();
    let first = analyze(&lp, &lt, &settings, &WrapperIndex::default());
    assert_eq!(first.wrappers.len(), 1);
    // without the index, app.rs has nothing
    assert!(
        analyze(&ap, &at, &settings, &WrapperIndex::default())
            .calls
            .is_empty()
    );
    let index = WrapperIndex::new(first.wrappers);
    let calls = analyze(&ap, &at, &settings, &index).calls;
    insta::assert_snapshot!(render(&calls));
    // the wrapper's own file still reports its inner call once
    let again = analyze(&lp, &lt, &settings, &index).calls;
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].kind, CallKind::Inner);
}

#[test]
fn user_wrapper_from_config() {
    let mut catalog = llmlint_rules::catalog::Catalog::builtin();
    catalog
        .user_wrappers
        .push(llmlint_rules::catalog::UserWrapper {
            name: "crate::llm::complete_text".into(),
            prompt_arg: Some(1),
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
    let text = "fn f(c: &C, s: &str) { let _ = llm::complete_text(c, format!(\"Trim {s}\")); }";
    let calls = analyze("u.rs", text, &settings, &WrapperIndex::default()).calls;
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].kind, CallKind::Wrapper);
    assert_eq!(calls[0].sdk, "custom");
    assert_eq!(calls[0].model_name(), Some("gpt-4o-mini"));
    assert_eq!(calls[0].prompt.render().as_deref(), Some("Trim {s}"));
}

#[test]
fn deep_nesting_and_odd_text_never_panic() {
    let settings = Settings::default();
    let idx = WrapperIndex::default();
    for text in [
        format!(
            "use async_openai::Client; fn f() {{ {} }}",
            "{".repeat(10_000)
        ),
        format!(
            "fn f() {{ let x = {}0{}; }}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
        format!(
            "use async_openai::Client; fn f() {{ let x = {}0{}; }}",
            "(".repeat(300),
            ")".repeat(300)
        ),
        "\u{feff}#!/usr/bin/env run\nuse async_openai::Client;".to_string(),
        "fn f() { let s = \"\u{1F600}\"; json!({\"model\": }); }".to_string(),
    ] {
        let _ = analyze("x.rs", &text, &settings, &idx);
    }
}

#[test]
fn every_fixture_has_a_prefilter_marker() {
    let markers = Settings::default().catalog.markers();
    for name in [
        "async_openai_builders.rs",
        "wrappers_same_file.rs",
        "rig_agents.rs",
        "genai_and_ollama.rs",
        "reqwest_endpoints.rs",
        "openai_api_rs_and_rust.rs",
        "http_builders.rs",
    ] {
        let (_, text) = fixture(name);
        assert!(
            markers.iter().any(|m| text.contains(m.as_str())),
            "{name} has no marker"
        );
    }
}
