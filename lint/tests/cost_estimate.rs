//! Hand-computed cost estimates: tokens counted with tiktoken here, dollars from the
//! prices documented by the providers (and read from the genai-prices table), compared
//! with `llmlint::cost::estimate`.

use llmlint::cost::{self, CostSettings, PriceBook, PriceOverride, estimate};
use llmlint_rules::{
    CallKind, CallSite, Context, Language, Message, Multiplier, Prompt, ResponseUse, Segment, Span,
    Task, Valued,
};

fn text(s: &str) -> Segment {
    Segment::Text {
        text: s.to_string(),
        span: None,
    }
}

fn hole(s: &str) -> Segment {
    Segment::Hole {
        name: s.to_string(),
        span: None,
    }
}

fn msg(role: Option<&str>, segments: Vec<Segment>) -> Message {
    Message {
        role: role.map(str::to_string),
        segments,
    }
}

fn call(sdk: &str, model: Option<&str>, messages: Vec<Message>) -> CallSite {
    CallSite {
        path: "app/x.py".to_string(),
        language: Language::Python,
        span: Span::default(),
        callee_span: Span::default(),
        kind: CallKind::Direct,
        sdk: sdk.to_string(),
        api: "chat.completions.create".to_string(),
        model: model.map(|m| Valued {
            value: m.to_string(),
            span: None,
        }),
        provider: None,
        base_url: None,
        prompt: Prompt {
            messages,
            complete: true,
        },
        prompt_span: None,
        max_tokens: None,
        temperature: None,
        response_format: None,
        context: Context::default(),
        wrapper: None,
        variants: Vec::new(),
    }
}

/// Prices pinned to one date so the expectations below do not move with the clock.
fn book() -> PriceBook {
    PriceBook::bundled().at(cost::prices::parse_date("2026-11-01").unwrap())
}

fn o200k(s: &str) -> u64 {
    tiktoken_rs::o200k_base().unwrap().encode_ordinary(s).len() as u64
}

fn cl100k(s: &str) -> u64 {
    tiktoken_rs::cl100k_base().unwrap().encode_ordinary(s).len() as u64
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.01 * b.abs().max(1e-12)
}

fn resolved(model: &str, host: cost::Host) -> cost::ResolvedModel {
    cost::ResolvedModel {
        written: Some(model.to_string()),
        model: model.to_string(),
        assumed: false,
        host,
        api_url: None,
    }
}

fn provider(p: &str) -> cost::Host {
    cost::Host::Provider(p.to_string())
}

#[test]
fn price_lookup_returns_documented_prices() {
    let b = book();
    // Per-million-token list prices as the providers document them.
    for (model, host, input, output) in [
        ("gpt-4o-mini", "openai", 0.15, 0.60),
        ("gpt-4o", "openai", 2.50, 10.00),
        ("gpt-3.5-turbo", "openai", 0.50, 1.50),
        ("claude-3-5-haiku-latest", "anthropic", 0.80, 4.00),
        ("claude-3-5-sonnet-20241022", "anthropic", 3.00, 15.00),
        ("llama-3.1-8b-instant", "groq", 0.05, 0.08),
    ] {
        let q = b
            .quote(&resolved(model, provider(host)), 1_000_000, 0)
            .unwrap_or_else(|| panic!("{model} has a price"));
        assert!(close(q.input_per_mtok, input), "{model}: {q:?}");
        assert!(close(q.output_per_mtok, output), "{model}: {q:?}");
        assert!(
            close(q.usd, input),
            "{model}: 1M input tokens cost {}",
            q.usd
        );
        assert_eq!(q.provider_id, host);
    }
}

#[test]
fn gpt_4o_mini_chat_call_by_hand() {
    let system = "You are a strict JSON validator. Answer only yes or no.";
    let user_a = "Is the following valid JSON?\n\n";
    let c = call(
        "openai",
        Some("gpt-4o-mini"),
        vec![
            msg(Some("system"), vec![text(system)]),
            msg(Some("user"), vec![text(user_a), hole("payload")]),
        ],
    );
    let s = CostSettings::default();
    let e = estimate(&c, Task::Validation, Some("validate-json"), &s, &book());

    let literal = o200k(system) + o200k(user_a);
    // 2 messages × 3 + 3 priming; one hole of 50.
    let input = literal + 2 * 3 + 3 + 50;
    assert_eq!(e.input_tokens, Some(input));
    assert_eq!(e.output_tokens, Some(2), "{}", e.output_tokens_source);
    assert_eq!(e.tokenizer, "o200k_base");
    assert!(!e.approximate_tokens);
    assert!(!e.model_assumed);
    let usd = (input as f64 * 0.15 + 2.0 * 0.60) / 1e6;
    let got = e.usd_per_call.unwrap();
    assert!(close(got, usd), "{got} vs {usd}");
    assert!(close(e.usd_per_million_calls.unwrap(), usd * 1e6));
    // 1000 runs a day, 30 days.
    assert!(close(e.usd_per_month.unwrap(), usd * 1000.0 * 30.0));
    // Range: holes empty .. holes at 50.
    let r = e.range.as_ref().expect("a hole gives a range");
    assert_eq!(r.input_tokens_min, input - 50);
    assert_eq!(r.input_tokens_max, input);
    let min = ((input - 50) as f64 * 0.15 + 2.0 * 0.60) / 1e6;
    assert!(close(r.usd_per_call_min.unwrap(), min));
    assert!(close(r.usd_per_call_max.unwrap(), usd));
    // 100 ms rtt + 450 ms ttft + 2 tokens at 75/s.
    assert_eq!(e.latency_ms, Some(577));
    assert!(
        e.price_source.contains("genai-prices"),
        "{}",
        e.price_source
    );
    assert_eq!(e.deterministic_kind.as_deref(), Some("a JSON parser"));
    assert!(e.deterministic.is_some());
    assert_eq!(e.provider.as_deref(), Some("openai"));
}

#[test]
fn claude_haiku_is_counted_approximately() {
    let prompt = "List every email address in this text, one per line:\n";
    let c = call(
        "anthropic",
        Some("claude-3-5-haiku-latest"),
        vec![msg(Some("user"), vec![text(prompt), hole("body")])],
    );
    let e = estimate(
        &c,
        Task::Regex,
        Some("extract-emails"),
        &CostSettings::default(),
        &book(),
    );
    let input = cl100k(prompt) + 3 + 3 + 50;
    assert_eq!(e.input_tokens, Some(input));
    assert_eq!(e.output_tokens, Some(30));
    assert!(e.approximate_tokens);
    assert_eq!(e.tokenizer, "cl100k_base");
    let usd = (input as f64 * 0.80 + 30.0 * 4.00) / 1e6;
    assert!(close(e.usd_per_call.unwrap(), usd));
    assert_eq!(e.provider.as_deref(), Some("anthropic"));
    // 100 + 650 + 30 / 65 s.
    assert_eq!(e.latency_ms, Some(100 + 650 + 462));
    assert_eq!(e.deterministic_kind.as_deref(), Some("a regex"));
}

#[test]
fn gpt_35_uses_cl100k_exactly() {
    let p = "Convert this to upper case: hello world";
    let c = call(
        "openai",
        Some("gpt-3.5-turbo"),
        vec![msg(None, vec![text(p)])],
    );
    let e = estimate(
        &c,
        Task::Transform,
        Some("change-case"),
        &CostSettings::default(),
        &book(),
    );
    let input = cl100k(p) + 6;
    assert_eq!(e.input_tokens, Some(input));
    assert!(!e.approximate_tokens);
    assert!(e.range.is_none());
    // No hole: a transform's default output is at least 5 tokens.
    assert_eq!(e.output_tokens, Some(5));
    let usd = (input as f64 * 0.5 + 5.0 * 1.5) / 1e6;
    assert!(close(e.usd_per_call.unwrap(), usd));
}

fn priced(c: &CallSite) -> cost::CostEstimate {
    estimate(c, Task::Generative, None, &CostSettings::default(), &book())
}

fn simple(sdk: &str, model: Option<&str>) -> CallSite {
    call(sdk, model, vec![msg(Some("user"), vec![text("Say hi")])])
}

/// sdk, model, provider hint, base url, expected provider id, input and output $/M.
type Case<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    f64,
    f64,
);

#[test]
fn resolution_of_model_strings_and_providers() {
    // (sdk, model, provider hint, base url) -> (provider id, input $/M, output $/M)
    let cases: &[Case] = &[
        (
            "openai",
            "gpt-4o-2024-08-06",
            None,
            None,
            "openai",
            2.5,
            10.0,
        ),
        (
            "openai",
            "gpt-4o-2024-05-13",
            None,
            None,
            "openai",
            5.0,
            15.0,
        ),
        (
            "openai",
            "gpt-4o-mini-2024-07-18",
            None,
            None,
            "openai",
            0.15,
            0.6,
        ),
        (
            "litellm",
            "openai/gpt-4o-mini",
            None,
            None,
            "openai",
            0.15,
            0.6,
        ),
        (
            "litellm",
            "anthropic/claude-3-5-haiku-20241022",
            None,
            None,
            "anthropic",
            0.8,
            4.0,
        ),
        (
            "litellm",
            "openrouter/openai/gpt-4o-mini",
            None,
            None,
            "openrouter",
            0.15,
            0.6,
        ),
        (
            "litellm",
            "azure/gpt-4o-mini",
            None,
            None,
            "azure",
            0.15,
            0.6,
        ),
        (
            "openai",
            "gpt-4o-mini",
            Some("azure"),
            None,
            "azure",
            0.15,
            0.6,
        ),
        (
            "litellm",
            "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",
            None,
            None,
            "aws",
            3.0,
            15.0,
        ),
        (
            "bedrock",
            "anthropic.claude-3-5-sonnet-20240620-v1:0",
            None,
            None,
            "aws",
            3.0,
            15.0,
        ),
        (
            "bedrock",
            "us.anthropic.claude-3-5-haiku-20241022-v1:0",
            None,
            None,
            "aws",
            0.8,
            4.0,
        ),
        (
            "bedrock",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            None,
            None,
            "aws",
            0.25,
            1.25,
        ),
        (
            "groq",
            "llama-3.1-8b-instant",
            None,
            None,
            "groq",
            0.05,
            0.08,
        ),
        (
            "openai",
            "llama-3.1-8b-instant",
            None,
            Some("https://api.groq.com/openai/v1"),
            "groq",
            0.05,
            0.08,
        ),
        (
            "mistralai",
            "mistral-large-latest",
            None,
            None,
            "mistral",
            2.0,
            6.0,
        ),
        ("cohere", "command-r", None, None, "cohere", 0.15, 0.6),
        (
            "google-generativeai",
            "gemini-2.0-flash",
            None,
            None,
            "google",
            0.1,
            0.4,
        ),
        (
            "langchain",
            "claude-3-haiku-20240307",
            None,
            None,
            "anthropic",
            0.25,
            1.25,
        ),
        ("langchain", "gpt-4.1-mini", None, None, "openai", 0.4, 1.6),
        // Azure deployments named after the model they serve.
        (
            "openai",
            "gpt-4o-prod",
            Some("azure"),
            None,
            "azure",
            2.5,
            10.0,
        ),
        (
            "openai",
            "gpt-4o-mini-prod",
            Some("azure"),
            None,
            "azure",
            0.15,
            0.6,
        ),
        (
            "litellm",
            "groq/llama-3.1-8b-instant",
            None,
            None,
            "groq",
            0.05,
            0.08,
        ),
        (
            "google-genai",
            "gemini-1.5-flash",
            None,
            None,
            "google",
            0.075,
            0.3,
        ),
        (
            "anthropic",
            "claude-3-7-sonnet-latest",
            None,
            None,
            "anthropic",
            3.0,
            15.0,
        ),
        (
            "bedrock",
            "mistral.mistral-7b-instruct-v0:2",
            None,
            None,
            "aws",
            0.15,
            0.2,
        ),
        ("genai", "command-r-plus", None, None, "cohere", 2.5, 10.0),
        ("genai", "gpt-4o-mini", None, None, "openai", 0.15, 0.6),
        ("openai", "o4-mini", None, None, "openai", 1.1, 4.4),
    ];
    for (sdk, model, prov, url, want, input, output) in cases {
        let mut c = simple(sdk, Some(model));
        c.provider = prov.map(str::to_string);
        c.base_url = url.map(str::to_string);
        let e = priced(&c);
        assert_eq!(
            e.provider.as_deref(),
            Some(*want),
            "{model}: {}",
            e.price_source
        );
        assert!(
            close(e.input_usd_per_mtok.unwrap_or(-1.0), *input)
                && close(e.output_usd_per_mtok.unwrap_or(-1.0), *output),
            "{model}: {}",
            e.price_source
        );
        assert!(!e.model_assumed);
        assert_eq!(e.model, *model);
    }
}

#[test]
fn a_deployment_name_that_hides_no_model_has_no_price() {
    let mut c = simple("openai", Some("prod-chat"));
    c.provider = Some("azure".into());
    let e = priced(&c);
    assert_eq!(e.usd_per_call, None, "{}", e.price_source);
    let mut c = simple("openai", Some("gpt-4o-prod"));
    c.provider = Some("azure".into());
    assert!(priced(&c).price_source.contains("Azure deployment"));
}

#[test]
fn local_models_cost_nothing_but_take_time() {
    for (sdk, model, provider, url) in [
        ("ollama", "llama3", None, None),
        ("litellm", "ollama/llama3.1:8b", None, None),
        (
            "openai",
            "qwen2.5:7b",
            None,
            Some("http://localhost:11434/v1"),
        ),
        ("openai", "my-model", Some("vllm"), None),
    ] {
        let mut c = simple(sdk, Some(model));
        c.provider = provider.map(str::to_string);
        c.base_url = url.map(str::to_string);
        let e = priced(&c);
        assert_eq!(e.usd_per_call, Some(0.0), "{model}");
        assert_eq!(e.usd_per_month, Some(0.0));
        assert_eq!(e.provider.as_deref(), Some("local"));
        // 2 ms + 250 ms + 300 tokens at 35/s.
        assert_eq!(e.latency_ms, Some(2 + 250 + 8571), "{model}");
    }
}

#[test]
fn unknown_model_is_null_and_missing_model_is_assumed() {
    let e = priced(&simple("openai", Some("acme-internal-7")));
    assert_eq!(e.usd_per_call, None);
    assert_eq!(e.usd_per_million_calls, None);
    assert_eq!(e.usd_per_month, None);
    assert!(!e.model_assumed);
    assert!(e.price_source.contains("no price"), "{}", e.price_source);
    // Tokens and latency are still known.
    assert!(e.input_tokens.is_some() && e.latency_ms.is_some());

    let e = priced(&simple("openai", None));
    assert!(e.model_assumed);
    assert_eq!(e.model, "gpt-4o-mini");
    assert!(close(e.input_usd_per_mtok.unwrap(), 0.15));
    assert!(
        e.summary().contains("gpt-4o-mini (assumed)"),
        "{}",
        e.summary()
    );

    let s = CostSettings {
        default_model: "claude-3-5-haiku-latest".to_string(),
        ..CostSettings::default()
    };
    let e = estimate(&simple("openai", None), Task::Generative, None, &s, &book());
    assert_eq!(e.model, "claude-3-5-haiku-latest");
    assert!(e.model_assumed);
    assert!(close(e.output_usd_per_mtok.unwrap(), 4.0));
}

#[test]
fn config_overrides_win() {
    let s = CostSettings {
        prices: vec![
            PriceOverride {
                model: "acme-internal-7".to_string(),
                input_per_mtok: 1.0,
                output_per_mtok: 2.0,
            },
            PriceOverride {
                model: "gpt-4o-mini".to_string(),
                input_per_mtok: 0.1,
                output_per_mtok: 0.2,
            },
        ],
        ..CostSettings::default()
    };
    let b = PriceBook::from_settings(&s).unwrap();
    assert!(
        b.snapshot().contains("2 config overrides"),
        "{}",
        b.snapshot()
    );
    let c = call(
        "openai",
        Some("acme-internal-7"),
        vec![msg(None, vec![text("Write a haiku about rain")])],
    );
    let e = estimate(&c, Task::Generative, None, &s, &b);
    let input = cl100k("Write a haiku about rain") + 6;
    assert_eq!(e.output_tokens, Some(300));
    let usd = (input as f64 * 1.0 + 300.0 * 2.0) / 1e6;
    assert!(close(e.usd_per_call.unwrap(), usd));
    assert!(e.price_source.contains("config override"));

    let e = estimate(
        &simple("openai", Some("gpt-4o-mini")),
        Task::Generative,
        None,
        &s,
        &b,
    );
    assert!(close(e.input_usd_per_mtok.unwrap(), 0.1));
}

#[test]
fn price_file_in_the_crates_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prices.json");
    std::fs::write(
        &path,
        r#"[{"id": "acme", "name": "Acme", "api_pattern": "https://api\\.acme\\.test",
             "model_match": {"starts_with": "acme-"},
             "models": [{"id": "acme-1", "match": {"equals": "acme-1"},
                         "prices": {"input_mtok": 1.5, "output_mtok": 3}}]}]"#,
    )
    .unwrap();
    let s = CostSettings {
        prices_file: Some(path.clone()),
        ..CostSettings::default()
    };
    let b = PriceBook::from_settings(&s).unwrap();
    assert!(b.snapshot().contains("prices.json"), "{}", b.snapshot());
    let e = estimate(
        &simple("litellm", Some("acme-1")),
        Task::Generative,
        None,
        &s,
        &b,
    );
    assert_eq!(e.provider.as_deref(), Some("acme"));
    assert!(close(e.input_usd_per_mtok.unwrap(), 1.5));
    // A file that is not a price table is an error, not a panic.
    std::fs::write(&path, "{\"not\": \"a table\"}").unwrap();
    assert!(PriceBook::from_settings(&s).is_err());
    let missing = CostSettings {
        prices_file: Some(dir.path().join("nope.json")),
        ..CostSettings::default()
    };
    assert!(PriceBook::from_settings(&missing).is_err());
}

#[test]
fn snapshot_names_crate_version_and_date() {
    let snap = PriceBook::bundled().snapshot();
    assert!(snap.contains("genai-prices 0.2.1"), "{snap}");
    assert!(snap.contains("2026-10-20"), "{snap}");
    // The constant follows the version Cargo.lock pins.
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let pinned = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"genai-prices\""))
        .expect("genai-prices in Cargo.lock");
    assert!(
        pinned.contains(&format!("version = \"{}\"", cost::prices::BUNDLED_VERSION)),
        "update BUNDLED_VERSION / BUNDLED_DATA_DATE: {pinned}"
    );
}

#[test]
fn multipliers_are_labels_with_configurable_factors() {
    let mut c = simple("openai", Some("gpt-4o-mini"));
    c.context.multipliers = vec![Multiplier::Loop, Multiplier::Handler];
    let e = priced(&c);
    assert_eq!(e.multiplier, Some("loop"));
    assert_eq!(e.multipliers, vec!["loop", "handler"]);
    assert_eq!(e.multiplier_factor, 1.0);
    let per_call = e.usd_per_call.unwrap();
    assert!(close(e.usd_per_month.unwrap(), per_call * 1000.0 * 30.0));

    let s: CostSettings =
        toml::from_str("calls-per-day = 200\n[multipliers]\nloop = 25\nhandler = 2").unwrap();
    let e = estimate(&c, Task::Generative, None, &s, &book());
    assert_eq!(e.multiplier_factor, 50.0);
    assert!(close(
        e.usd_per_month.unwrap(),
        per_call * 200.0 * 50.0 * 30.0
    ));
}

#[test]
fn max_tokens_bounds_the_output() {
    let mut c = simple("openai", Some("gpt-4o-mini"));
    c.max_tokens = Some(Valued {
        value: 1,
        span: None,
    });
    let e = estimate(
        &c,
        Task::Validation,
        Some("validate-email"),
        &CostSettings::default(),
        &book(),
    );
    assert_eq!(e.output_tokens, Some(1));
    assert_eq!(e.output_tokens_max, Some(1));
    assert!(e.output_tokens_source.contains("max_tokens 1"));

    c.max_tokens = Some(Valued {
        value: 4096,
        span: None,
    });
    let e = estimate(
        &c,
        Task::Validation,
        Some("validate-email"),
        &CostSettings::default(),
        &book(),
    );
    assert_eq!(e.output_tokens, Some(2));
    assert!(
        e.output_tokens_source.contains("yes/no"),
        "{}",
        e.output_tokens_source
    );

    // A generative call read as yes/no is a short answer too.
    let mut c = simple("openai", Some("gpt-4o-mini"));
    c.context.response_uses = vec![ResponseUse::ComparedTo {
        value: "yes".into(),
    }];
    assert_eq!(priced(&c).output_tokens, Some(2));
}

#[test]
fn unrecovered_and_partial_prompts_are_holes() {
    let mut c = call("openai", Some("gpt-4o-mini"), vec![]);
    c.prompt.complete = false;
    let e = priced(&c);
    assert_eq!(e.input_tokens, Some(3 + 3 + 50));
    assert!(e.input_tokens_source.contains("not recovered"));
    let r = e.range.unwrap();
    assert_eq!((r.input_tokens_min, r.input_tokens_max), (6, 56));

    let mut c = simple("openai", Some("gpt-4o-mini"));
    c.prompt.complete = false;
    let e = priced(&c);
    assert_eq!(e.input_tokens, Some(o200k("Say hi") + 6 + 50));
}

#[test]
fn reasoning_models_are_flagged_slower() {
    let fast = priced(&simple("openai", Some("gpt-4o-mini")));
    let slow = priced(&simple("openai", Some("o3-mini")));
    assert!(!fast.reasoning_model);
    assert!(slow.reasoning_model);
    // 100 + 9000 + 300/150 s vs 100 + 450 + 300/75 s.
    assert_eq!(slow.latency_ms, Some(11_100));
    assert_eq!(fast.latency_ms, Some(4_550));
    assert!(slow.latency_source.unwrap().contains("reasoning"));
    assert!(priced(&simple("deepseek", Some("deepseek-reasoner"))).reasoning_model);
}

#[test]
fn json_shape_of_the_cost_object() {
    let mut c = simple("openai", None);
    c.context.multipliers = vec![Multiplier::Comprehension];
    let e = priced(&c);
    let v = serde_json::to_value(&e).unwrap();
    for key in [
        "input_tokens",
        "output_tokens",
        "usd_per_call",
        "usd_per_million_calls",
        "latency_ms",
        "multiplier",
        "usd_per_month",
        "model_assumed",
        "approximate_tokens",
        "price_source",
        "output_tokens_source",
        "deterministic",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["multiplier"], "comprehension");
    assert_eq!(v["model_assumed"], true);
    assert!(
        v["deterministic"].is_null(),
        "generative has no replacement"
    );
    assert!(v["range"].is_null());
    let unknown = serde_json::to_value(priced(&simple("openai", Some("acme-9")))).unwrap();
    assert!(unknown["usd_per_call"].is_null());
    assert!(unknown["multiplier"].is_null());
}

#[test]
fn summary_line_for_diagnostics() {
    let c = call(
        "openai",
        Some("gpt-4o-mini"),
        vec![msg(
            Some("user"),
            vec![text("Extract the emails from: "), hole("t")],
        )],
    );
    let e = estimate(
        &c,
        Task::Regex,
        Some("extract-emails"),
        &CostSettings::default(),
        &book(),
    );
    let s = e.summary();
    assert!(s.starts_with("~$"), "{s}");
    assert!(s.contains("/1M calls"), "{s}");
    assert!(s.contains(" ms with gpt-4o-mini; a regex: ~"), "{s}");
    assert!(s.ends_with(" µs"), "{s}");
}
