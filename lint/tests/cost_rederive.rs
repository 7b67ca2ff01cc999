//! Re-derives the dollars of every call `llmlint calls --output-format json` prints, from
//! nothing but the JSON and the two data sources the design names: the prompt's tokens are
//! counted here with `tiktoken-rs` directly, the price is looked up here with the
//! `genai-prices` calculator directly, and `usd_per_call` must agree within 1%.
//!
//! The fixtures of the repository are checked by `fixtures_usd_per_call_rederives`. The same
//! check runs over any other `calls` JSON when `LLMLINT_REDERIVE_JSON` names a file
//! (`llmlint calls --output-format json DIR > FILE`); it is skipped when the variable is unset.

use std::path::{Path, PathBuf};
use std::process::Command;

use genai_prices::{Calculator, PriceRequest, Usage, UsageKey};
use serde_json::Value;
use tiktoken_rs::CoreBPE;

/// Tokens per hole (`hole-tokens`), the documented default; the fixtures set no config.
const HOLE_TOKENS: u64 = 50;
/// Chat framing as OpenAI documents it: per message, and once for the reply priming.
const PER_MESSAGE: u64 = 3;
const REPLY_PRIMING: u64 = 3;

/// Calls with a model that the price table cannot know, each with the reason. Every entry
/// must occur (so the list cannot go stale) and must print `usd_per_call: null` with a
/// `price_source` that says there is no price.
const NO_PRICE: &[(&str, u32, &str, &str)] = &[
    (
        "fixtures/python/calls/langchain_rendered.py",
        24,
        "qwen-plus",
        "a Qwen model served by Alibaba's DashScope, which the bundled table does not list",
    ),
    (
        "fixtures/python/calls/langchain_rendered.py",
        30,
        "glm-4-flash",
        "a Zhipu GLM model served by its own platform, which the bundled table does not list",
    ),
    (
        "fixtures/python/calls/langchain_rendered.py",
        34,
        "qwen-turbo",
        "a Qwen model served by Alibaba's DashScope, which the bundled table does not list",
    ),
    (
        "fixtures/python/calls/openai_v1.py",
        59,
        "prod-gpt4o",
        "an Azure deployment name that names no model the table lists (the deployment \
         hides which model it runs); only a [[prices]] override can price it",
    ),
    (
        "fixtures/rust/calls/reqwest_endpoints.rs",
        33,
        "local-model",
        "an OpenAI-compatible body sent to a base URL read at run time; `local-model` is \
         the server's own alias, not a model of any table",
    ),
];

fn repo_root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/lint"))
        .parent()
        .expect("the crate sits in the workspace")
        .to_path_buf()
}

/// `llmlint calls --output-format json` over the repository's fixtures, run from the
/// repository root so paths are relative to it.
fn fixtures_json() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_llmlint"))
        .current_dir(repo_root())
        .args([
            "calls",
            "--output-format",
            "json",
            "fixtures/python/calls",
            "fixtures/rust/calls",
            "fixtures/rules",
            "fixtures/cost",
        ])
        .output()
        .expect("llmlint runs");
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 1),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

// ---------------------------------------------------------------------------------------
// Tokens, counted here.

/// The tokenizer rule as documented: o200k for the gpt-4o / 4.1 / 4.5 / 5 / o-series
/// (and gpt-oss, chatgpt-4o), cl100k for every other model (older OpenAI models exactly,
/// other providers as an approximation). The rule reads the model id after any
/// `provider/` prefix.
fn o200k_model(model: &str) -> bool {
    let m = model.to_ascii_lowercase();
    let m = m.rsplit('/').next().unwrap_or(&m).to_string();
    let m = m.strip_prefix("ft:").unwrap_or(&m);
    let m = m.strip_prefix("openai.").unwrap_or(m);
    [
        "gpt-4o",
        "gpt-4.1",
        "gpt-4.5",
        "gpt-5",
        "gpt-oss",
        "chatgpt-4o",
    ]
    .iter()
    .any(|p| m.starts_with(p))
        || ["o1", "o3", "o4"]
            .iter()
            .any(|p| m == *p || m.starts_with(&format!("{p}-")))
}

struct Encoders {
    o200k: CoreBPE,
    cl100k: CoreBPE,
}

impl Encoders {
    fn new() -> Encoders {
        Encoders {
            o200k: tiktoken_rs::o200k_base().expect("o200k loads"),
            cl100k: tiktoken_rs::cl100k_base().expect("cl100k loads"),
        }
    }
    fn count(&self, o200k: bool, text: &str) -> u64 {
        let bpe = if o200k { &self.o200k } else { &self.cl100k };
        bpe.encode_ordinary(text).len() as u64
    }
}

/// Input tokens of a call from its `messages` (each with `segments`: `{"text"}` or
/// `{"hole"}`): literal text per message with holes removed, `PER_MESSAGE` per message
/// that has any segment, `REPLY_PRIMING` once, `HOLE_TOKENS` per hole; a prompt not fully
/// recovered has one more hole; a prompt with no message at all is one message with one
/// hole. Returns (with holes filled, with holes empty, holes).
fn input_tokens(call: &Value, enc: &Encoders, o200k: bool) -> (u64, u64, u64) {
    let mut literal = 0;
    let mut messages = 0;
    let mut holes = 0;
    for m in call["messages"].as_array().expect("messages is an array") {
        let segments = m["segments"].as_array().expect("segments is an array");
        if segments.is_empty() {
            continue;
        }
        messages += 1;
        let mut text = String::new();
        for s in segments {
            if let Some(t) = s["text"].as_str() {
                text.push_str(t);
            } else {
                assert!(s["hole"].is_string(), "segment is text or hole: {s}");
                holes += 1;
            }
        }
        literal += enc.count(o200k, &text);
    }
    if messages == 0 {
        messages = 1;
        holes = 1;
    } else if call["prompt_complete"] == Value::Bool(false) {
        holes += 1;
    }
    let known = literal + messages * PER_MESSAGE + REPLY_PRIMING;
    (known + holes * HOLE_TOKENS, known, holes)
}

// ---------------------------------------------------------------------------------------
// Prices, looked up here.

/// Model ids to try for a model string as written: as is, without a LiteLLM-style
/// `provider/` prefix, the last part of a Bedrock ARN. On Azure the string is a
/// deployment name its owner chose; the documented rule prices `gpt-4o-mini-prod` as the
/// longest leading part cut at `-` / `_` that the table lists (`gpt-4o-mini`).
fn candidates(model: &str, provider: Option<&str>) -> Vec<String> {
    let mut v = vec![model.to_string()];
    if let Some((_, rest)) = model.split_once('/') {
        v.push(rest.strip_prefix("converse/").unwrap_or(rest).to_string());
    }
    if let Some((_, last)) = model.rsplit_once('/') {
        v.push(last.to_string());
    }
    if provider == Some("azure") {
        let mut name = v.last().cloned().unwrap_or_default();
        while let Some((head, _)) = name.rsplit_once(['-', '_']) {
            name = head.to_string();
            v.push(name.clone());
        }
    }
    v.dedup();
    v
}

/// Dollars for `input` + `output` tokens of `model` at `provider` (the provider id the
/// JSON names), from the bundled table. Tries the provider first, then the model alone.
/// Returns (usd, table provider id, table model id).
fn table_price(
    model: &str,
    provider: Option<&str>,
    input: u64,
    output: u64,
) -> Option<(f64, String, String)> {
    let usage = Usage::from([
        (UsageKey::INPUT_TOKENS, input as f64),
        (UsageKey::OUTPUT_TOKENS, output as f64),
    ]);
    let calc = Calculator::bundled();
    for id in candidates(model, provider) {
        let req = PriceRequest::new(&id, &usage);
        let with_provider = provider.map(|p| req.clone().with_provider_id(p));
        for r in with_provider.into_iter().chain([req]) {
            if let Ok(c) = calc.calculate(&r) {
                return Some((c.input_price + c.output_price, c.provider_id, c.model_id));
            }
        }
    }
    None
}

fn rel_err(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        (a - b).abs() / a.abs().max(b.abs())
    }
}

/// What one check found.
#[derive(Default, Debug)]
struct Figures {
    calls: usize,
    with_model: usize,
    priced: usize,
    local: usize,
    max_rel_err: f64,
    failures: Vec<String>,
    no_price: Vec<(String, u32, String)>,
}

/// Checks every call with a non-null model: tokenizer, input tokens and range from the
/// messages, output tokens against a literal max_tokens, and `usd_per_call` against the
/// table within 1%.
fn rederive(json: &Value) -> Figures {
    assert_eq!(json["version"], 1);
    let calls = json["calls"].as_array().expect("calls is an array");
    let enc = Encoders::new();
    let mut f = Figures {
        calls: calls.len(),
        ..Figures::default()
    };
    for call in calls {
        let Some(model) = call["model"].as_str() else {
            continue;
        };
        f.with_model += 1;
        let path = call["path"].as_str().unwrap_or("?").to_string();
        let line = call["line"].as_u64().unwrap_or(0) as u32;
        let at = format!("{path}:{line} ({model})");
        let cost = &call["cost"];
        let mut fail = |msg: String| f.failures.push(format!("{at}: {msg}"));

        // Tokens.
        let o200k = o200k_model(model);
        let tokenizer = if o200k { "o200k_base" } else { "cl100k_base" };
        if cost["tokenizer"] != tokenizer {
            fail(format!("tokenizer {} != {tokenizer}", cost["tokenizer"]));
        }
        let (input, known, holes) = input_tokens(call, &enc, o200k);
        if cost["input_tokens"].as_u64() != Some(input) {
            fail(format!("input_tokens {} != {input}", cost["input_tokens"]));
        }
        if holes > 0 {
            let r = &cost["range"];
            if r["input_tokens_min"].as_u64() != Some(known)
                || r["input_tokens_max"].as_u64() != Some(input)
            {
                fail(format!("range {r} != {known}..{input}"));
            }
        } else if !cost["range"].is_null() {
            fail("a range without holes".to_string());
        }
        let Some(output) = cost["output_tokens"].as_u64() else {
            fail("output_tokens is null".to_string());
            continue;
        };
        if let Some(mt) = call["max_tokens"].as_u64()
            && output > mt
        {
            fail(format!("output_tokens {output} above max_tokens {mt}"));
        }

        // Dollars.
        let usd = cost["usd_per_call"].as_f64();
        let provider = cost["provider"].as_str();
        if provider == Some("local") {
            // A local model (Ollama, a localhost server): documented as $0 per call.
            f.local += 1;
            if usd != Some(0.0) {
                fail(format!("local model priced {usd:?}"));
            }
            continue;
        }
        if let Some(&(_, _, _, _)) = NO_PRICE
            .iter()
            .find(|(p, l, m, _)| path.ends_with(p) && *l == line && *m == model)
        {
            f.no_price.push((path.clone(), line, model.to_string()));
            if usd.is_some() {
                fail(format!("listed as unpriceable but priced {usd:?}"));
            }
            if !cost["price_source"]
                .as_str()
                .is_some_and(|s| s.starts_with("no price for"))
            {
                fail(format!("price_source {}", cost["price_source"]));
            }
            continue;
        }
        let Some(usd) = usd else {
            fail(format!(
                "usd_per_call is null ({}); not a documented exception",
                cost["price_source"]
            ));
            continue;
        };
        let Some((mine, table_provider, table_model)) = table_price(model, provider, input, output)
        else {
            fail(format!(
                "llmlint priced it ({usd}) but the table has no {model} at {provider:?}; \
                 price_source {}",
                cost["price_source"]
            ));
            continue;
        };
        let e = rel_err(usd, mine);
        f.max_rel_err = f.max_rel_err.max(e);
        if e > 0.01 {
            fail(format!(
                "usd_per_call {usd} vs {mine} from {table_provider}/{table_model} \
                 ({input} in, {output} out): {:.2}% off",
                e * 100.0
            ));
        }
        // The printed rates explain the printed total.
        if let (Some(i), Some(o)) = (
            cost["input_usd_per_mtok"].as_f64(),
            cost["output_usd_per_mtok"].as_f64(),
        ) {
            let by_rates = (input as f64 * i + output as f64 * o) / 1e6;
            if rel_err(by_rates, usd) > 0.01 {
                fail(format!(
                    "rates ${i}/M in, ${o}/M out give {by_rates}, not {usd}"
                ));
            }
        } else {
            fail("priced without per-million rates".to_string());
        }
        if cost["usd_per_million_calls"]
            .as_f64()
            .is_none_or(|m| rel_err(m, usd * 1e6) > 1e-9)
        {
            fail(format!(
                "usd_per_million_calls {}",
                cost["usd_per_million_calls"]
            ));
        }
        f.priced += 1;
    }
    f
}

fn report(label: &str, f: &Figures) {
    eprintln!(
        "{label}: {} calls, {} with a model: {} priced from the table (max relative error \
         {:.2e}), {} local at $0, {} without a price: {:?}",
        f.calls,
        f.with_model,
        f.priced,
        f.max_rel_err,
        f.local,
        f.no_price.len(),
        f.no_price
    );
}

#[test]
fn fixtures_usd_per_call_rederives() {
    let json = fixtures_json();
    let f = rederive(&json);
    report("fixtures", &f);
    assert!(
        f.failures.is_empty(),
        "{} calls disagree:\n{}",
        f.failures.len(),
        f.failures.join("\n")
    );
    // The fixtures exercise all of it: many priced calls, local ones, the exceptions.
    assert!(f.priced >= 400, "{f:?}");
    assert!(f.local >= 10, "{f:?}");
    for (p, l, m, _) in NO_PRICE {
        assert!(
            f.no_price
                .iter()
                .any(|(fp, fl, fm)| fp.ends_with(p) && fl == l && fm == m),
            "documented exception {p}:{l} ({m}) no longer occurs: drop it from NO_PRICE"
        );
    }
    // Nothing else is unpriced: every other call with a model has a non-null price.
    assert_eq!(f.no_price.len(), NO_PRICE.len());
    assert_eq!(f.priced + f.local + f.no_price.len(), f.with_model);
}

/// The same check over a `calls` JSON named by `LLMLINT_REDERIVE_JSON` (skipped when unset).
/// Calls outside the fixtures have no documented exception: every one must be priced.
#[test]
fn rederive_json_from_env() {
    let Some(path) = std::env::var_os("LLMLINT_REDERIVE_JSON") else {
        return;
    };
    let bytes = std::fs::read(&path).expect("LLMLINT_REDERIVE_JSON is readable");
    let json: Value = serde_json::from_slice(&bytes).expect("a calls JSON");
    let f = rederive(&json);
    report(&Path::new(&path).display().to_string(), &f);
    assert!(f.failures.is_empty(), "{}", f.failures.join("\n"));
    assert!(f.no_price.is_empty());
}

/// Prices checked by hand against the providers' published price pages, so the test does
/// not only compare llmlint with the same table it reads.
#[test]
fn hand_checked_prices() {
    // (model, provider, $/M input, $/M output)
    let known: &[(&str, &str, f64, f64)] = &[
        // OpenAI: gpt-4o-mini $0.15 in, $0.60 out; gpt-4o $2.50 / $10.
        ("gpt-4o-mini", "openai", 0.15, 0.60),
        ("gpt-4o", "openai", 2.50, 10.0),
        // gpt-4.1 $2 / $8; gpt-3.5-turbo $0.50 / $1.50.
        ("gpt-4.1", "openai", 2.0, 8.0),
        ("gpt-3.5-turbo", "openai", 0.50, 1.50),
        // Anthropic: Claude 3.5 Haiku $0.80 / $4; Claude 3.5 Sonnet $3 / $15.
        ("claude-3-5-haiku-latest", "anthropic", 0.80, 4.0),
        ("claude-3-5-sonnet-latest", "anthropic", 3.0, 15.0),
    ];
    for &(model, provider, i, o) in known {
        // One million tokens each way: the rates themselves.
        let (usd_in, ..) = table_price(model, Some(provider), 1_000_000, 0).unwrap();
        let (usd_out, ..) = table_price(model, Some(provider), 0, 1_000_000).unwrap();
        assert!(
            rel_err(usd_in, i) < 1e-9,
            "{model}: ${usd_in}/M in, not ${i}"
        );
        assert!(
            rel_err(usd_out, o) < 1e-9,
            "{model}: ${usd_out}/M out, not ${o}"
        );
    }

    // One fixture call worked through by hand: llm501_call_in_loop.py:11, gpt-4o-mini,
    // "ISO 3166-1 alpha-2 code of {name}? Answer with the code only." with max_tokens=3.
    // Literal text without the hole, o200k: 18 tokens; framing 1 × 3 + 3 = 6; one hole
    // 50: input 74. Output: max_tokens 3. Dollars: 74 × 0.15/M + 3 × 0.60/M
    // = 11.1e-6 + 1.8e-6 = 12.9e-6.
    let enc = Encoders::new();
    assert_eq!(
        enc.count(
            true,
            "ISO 3166-1 alpha-2 code of ? Answer with the code only."
        ),
        18
    );
    let json = fixtures_json();
    let call = json["calls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "fixtures/cost/python/llm501_call_in_loop.py" && c["line"] == 11)
        .expect("the loop fixture's first call");
    assert_eq!(call["model"], "gpt-4o-mini");
    assert_eq!(call["cost"]["input_tokens"], 74);
    assert_eq!(call["cost"]["output_tokens"], 3);
    let usd = call["cost"]["usd_per_call"].as_f64().unwrap();
    assert!(rel_err(usd, 12.9e-6) < 1e-6, "{usd}");
    assert!(
        rel_err(
            call["cost"]["usd_per_million_calls"].as_f64().unwrap(),
            12.9
        ) < 1e-6
    );

    // An Azure deployment named `gpt-4o-mini-eu-west` is priced as gpt-4o-mini:
    // "Reply with the value of \"status\" in this JSON only:\n" + one hole, one message:
    // input = literal + 6 + 50; output 300 (no max_tokens, generated text by default).
    let call = json["calls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "fixtures/cost/calls/pricing_shapes.py" && c["line"] == 20)
        .expect("the Azure deployment fixture");
    assert_eq!(call["model"], "gpt-4o-mini-eu-west");
    let literal = enc.count(
        true,
        "Reply with the value of \"status\" in this JSON only:\n",
    );
    assert_eq!(
        call["cost"]["input_tokens"].as_u64(),
        Some(literal + 6 + 50)
    );
    let out = call["cost"]["output_tokens"].as_u64().unwrap();
    let by_hand = ((literal + 56) as f64 * 0.15 + out as f64 * 0.60) / 1e6;
    let usd = call["cost"]["usd_per_call"].as_f64().unwrap();
    assert!(rel_err(usd, by_hand) < 1e-9, "{usd} vs {by_hand}");
}

#[test]
fn tokenizer_rule_by_hand() {
    for m in [
        "gpt-4o-mini",
        "gpt-4o-2024-08-06",
        "gpt-4.1-nano",
        "gpt-5",
        "o1",
        "o3-mini",
        "openai/gpt-4o",
        "azure/gpt-4o-prod",
    ] {
        assert!(o200k_model(m), "{m}");
    }
    for m in [
        "gpt-4",
        "gpt-3.5-turbo",
        "text-davinci-003",
        "claude-3-5-haiku-latest",
        "llama3.1",
        "omni-1",
        "o10-preview",
    ] {
        assert!(!o200k_model(m), "{m}");
    }
    assert_eq!(
        candidates(
            "bedrock/converse/anthropic.claude-3-haiku-20240307-v1:0",
            Some("aws")
        ),
        [
            "bedrock/converse/anthropic.claude-3-haiku-20240307-v1:0",
            "anthropic.claude-3-haiku-20240307-v1:0"
        ]
    );
    assert_eq!(
        candidates("gpt-4o-mini-prod", Some("azure")),
        ["gpt-4o-mini-prod", "gpt-4o-mini", "gpt-4o", "gpt"]
    );
}
