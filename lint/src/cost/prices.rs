//! Prices: the `genai-prices` table (bundled, or a newer file in the crate's JSON format),
//! config overrides, and the resolution of model strings and providers as users write them.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use genai_prices::{Calculator, ErrorKind, PriceRequest, Usage, UsageKey};
use llmlint_rules::CallSite;
use serde::Deserialize;

/// Version of the `genai-prices` crate whose table is bundled (kept in step with
/// `Cargo.lock`; a test checks it).
pub const BUNDLED_VERSION: &str = "0.2.1";
/// The latest dated price change in the bundled table that was in effect when the crate
/// was published.
pub const BUNDLED_DATA_DATE: &str = "2026-10-20";

/// A price set in config for a private, fine-tuned or missing model:
///
/// ```toml
/// [[prices]]
/// model = "ft:gpt-4o-mini:acme::x1"
/// input-per-mtok = 0.3
/// output-per-mtok = 1.2
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PriceOverride {
    /// The model string as written in the code (compared case-insensitively, with and
    /// without a provider prefix such as `azure/`).
    pub model: String,
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

/// Where the model runs, as far as the call shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A provider of the price table (`openai`, `anthropic`, `aws`, `groq`, ...).
    Provider(String),
    /// A model run locally (Ollama, a localhost server): no per-token price.
    Local,
    /// Not stated: the price table infers the provider from the model name.
    Unknown,
}

/// The model and host one call uses, resolved from what the code shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedModel {
    /// The model string as written in the code, `None` when not recovered.
    pub written: Option<String>,
    /// The model id used for the lookups (provider prefixes and ARN parts removed).
    pub model: String,
    /// True when the model was not recovered and `default-model` was used.
    pub assumed: bool,
    pub host: Host,
    /// A literal API base URL, for the table's URL matching.
    pub api_url: Option<String>,
}

impl ResolvedModel {
    /// The provider id when known.
    pub fn provider(&self) -> Option<&str> {
        match &self.host {
            Host::Provider(p) => Some(p.as_str()),
            Host::Local => Some("local"),
            Host::Unknown => None,
        }
    }
}

/// The price of one call.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub usd: f64,
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
    /// The table's provider and model ids, or `local` / the override.
    pub provider_id: String,
    pub model_id: String,
    /// Where the price comes from, one line.
    pub source: String,
}

enum Table {
    Bundled(&'static Calculator),
    Loaded(Box<Calculator>),
}

/// A price table plus config overrides, priced at one date.
pub struct PriceBook {
    table: Table,
    table_name: String,
    overrides: Vec<PriceOverride>,
    at: Option<SystemTime>,
}

impl std::fmt::Debug for PriceBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PriceBook")
            .field("table", &self.table_name)
            .field("overrides", &self.overrides.len())
            .finish_non_exhaustive()
    }
}

impl PriceBook {
    /// The table bundled with `genai-prices`. Decoded on first use (tens of ms), so only
    /// build a book when there is a call to price.
    pub fn bundled() -> PriceBook {
        PriceBook {
            table: Table::Bundled(Calculator::bundled()),
            table_name: format!(
                "genai-prices {BUNDLED_VERSION} bundled table (data as of {BUNDLED_DATA_DATE})"
            ),
            overrides: Vec::new(),
            at: None,
        }
    }

    /// A newer table in the crate's v2 JSON format (the file its maintainers publish).
    pub fn from_json_file(path: &Path) -> Result<PriceBook, String> {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("cannot read price table {}: {e}", path.display()))?;
        let calc = Calculator::from_json(&bytes)
            .map_err(|e| format!("invalid price table {}: {e}", path.display()))?;
        Ok(PriceBook {
            table: Table::Loaded(Box::new(calc)),
            table_name: format!(
                "price table {} (genai-prices {BUNDLED_VERSION} v2 format)",
                path.display()
            ),
            overrides: Vec::new(),
            at: None,
        })
    }

    /// The book the settings ask for: `prices-file` or the bundled table, plus overrides.
    pub fn from_settings(settings: &super::CostSettings) -> Result<PriceBook, String> {
        let mut book = match &settings.prices_file {
            Some(p) => PriceBook::from_json_file(p)?,
            None => PriceBook::bundled(),
        };
        book.overrides = settings.prices.clone();
        if let Some(d) = &settings.price_date {
            book.at = Some(
                parse_date(d)
                    .ok_or_else(|| format!("invalid price-date {d:?}: expected YYYY-MM-DD"))?,
            );
        }
        Ok(book)
    }

    pub fn with_overrides(mut self, overrides: Vec<PriceOverride>) -> PriceBook {
        self.overrides = overrides;
        self
    }

    /// Price calls as of this time instead of now (the table holds dated price changes).
    pub fn at(mut self, when: SystemTime) -> PriceBook {
        self.at = Some(when);
        self
    }

    /// Names the price data every report quotes: crate version and data date (or the
    /// file), plus the number of config overrides.
    pub fn snapshot(&self) -> String {
        let mut s = self.table_name.clone();
        if !self.overrides.is_empty() {
            let n = self.overrides.len();
            s.push_str(&format!(
                " + {n} config override{}",
                if n == 1 { "" } else { "s" }
            ));
        }
        if let Some(at) = self.at {
            s.push_str(&format!(", priced at {}", format_date(at)));
        }
        s
    }

    fn calc(&self) -> &Calculator {
        match &self.table {
            Table::Bundled(c) => c,
            Table::Loaded(c) => c,
        }
    }

    fn override_for(&self, m: &ResolvedModel) -> Option<&PriceOverride> {
        self.overrides.iter().find(|o| {
            o.model.eq_ignore_ascii_case(&m.model)
                || m.written
                    .as_deref()
                    .is_some_and(|w| o.model.eq_ignore_ascii_case(w))
        })
    }

    /// Prices `input` / `output` tokens on the resolved model. `None` when the model is
    /// not in the table and has no override.
    pub fn quote(&self, m: &ResolvedModel, input: u64, output: u64) -> Option<Quote> {
        if let Some(o) = self.override_for(m) {
            let usd = (input as f64 * o.input_per_mtok + output as f64 * o.output_per_mtok) / 1e6;
            return Some(Quote {
                usd,
                input_per_mtok: o.input_per_mtok,
                output_per_mtok: o.output_per_mtok,
                provider_id: m.provider().unwrap_or("config").to_string(),
                model_id: o.model.clone(),
                source: format!(
                    "config override for {}: ${}/M input, ${}/M output tokens",
                    o.model, o.input_per_mtok, o.output_per_mtok
                ),
            });
        }
        if m.host == Host::Local {
            return Some(Quote {
                usd: 0.0,
                input_per_mtok: 0.0,
                output_per_mtok: 0.0,
                provider_id: "local".to_string(),
                model_id: m.model.clone(),
                source: "local model: no per-token price".to_string(),
            });
        }
        let (m, deployment_note) = match self.calculate(m, 1, 1) {
            Some(_) => (m.clone(), String::new()),
            None => match self.azure_deployment_model(m) {
                Some(base) => {
                    let note =
                        format!(" (Azure deployment {:?} priced as {})", m.model, base.model);
                    (base, note)
                }
                None => {
                    let routed = self.hf_routed_model(m)?;
                    let note = " (Hugging Face Hub model id: priced at the first inference provider listing it)".to_string();
                    (routed, note)
                }
            },
        };
        let m = &m;
        let total = self.calculate(m, input, output)?;
        // Per-million rates below the first tier threshold, for display.
        let unit = self.calculate(m, 1000, 1000)?;
        Some(Quote {
            usd: total.total_price,
            input_per_mtok: unit.input_price * 1000.0,
            output_per_mtok: unit.output_price * 1000.0,
            source: format!(
                "{} {}/{}: ${}/M input, ${}/M output tokens",
                self.table_name_short(),
                total.provider_id,
                total.model_id,
                round_sig(unit.input_price * 1000.0),
                round_sig(unit.output_price * 1000.0)
            ) + &deployment_note,
            provider_id: total.provider_id,
            model_id: total.model_id,
        })
    }

    /// Azure deployments are named by their owners (`gpt-4o-prod`, `gpt-4o-mini-eu`): when
    /// the name itself has no price, the longest leading part that is a priced model
    /// (`gpt-4o`, `gpt-4o-mini`) is the model deployed.
    fn azure_deployment_model(&self, m: &ResolvedModel) -> Option<ResolvedModel> {
        if m.host != Host::Provider("azure".to_string()) {
            return None;
        }
        let mut name = m.model.as_str();
        while let Some((head, _)) = name.rsplit_once(['-', '_']) {
            name = head;
            let candidate = ResolvedModel {
                model: name.to_string(),
                ..m.clone()
            };
            if self.calculate(&candidate, 1, 1).is_some() {
                return Some(candidate);
            }
        }
        None
    }

    /// A Hugging Face Hub model id (`meta-llama/Llama-3.1-8B-Instruct`) with no provider:
    /// Hugging Face routes it to one of its inference providers, which the table lists as
    /// `huggingface_<provider>`; price it at the first of them, in a fixed order.
    fn hf_routed_model(&self, m: &ResolvedModel) -> Option<ResolvedModel> {
        if m.host != Host::Unknown || !m.model.contains('/') {
            return None;
        }
        const HF_PROVIDERS: &[&str] = &[
            "huggingface_together",
            "huggingface_novita",
            "huggingface_nebius",
            "huggingface_sambanova",
            "huggingface_fireworks-ai",
            "huggingface_groq",
            "huggingface_cerebras",
            "huggingface_hyperbolic",
            "huggingface_nscale",
            "huggingface_ovhcloud",
            "huggingface_publicai",
        ];
        HF_PROVIDERS.iter().find_map(|p| {
            let candidate = ResolvedModel {
                host: Host::Provider(p.to_string()),
                ..m.clone()
            };
            let c = self.calculate(&candidate, 1, 1)?;
            // Only an exact listing counts, not the model-name-only fallback.
            (c.provider_id == *p).then_some(candidate)
        })
    }

    fn table_name_short(&self) -> String {
        match &self.table {
            Table::Bundled(_) => format!("genai-prices {BUNDLED_VERSION}"),
            Table::Loaded(_) => "price file".to_string(),
        }
    }

    fn calculate(
        &self,
        m: &ResolvedModel,
        input: u64,
        output: u64,
    ) -> Option<genai_prices::PriceCalculation> {
        let usage = Usage::from([
            (UsageKey::INPUT_TOKENS, input as f64),
            (UsageKey::OUTPUT_TOKENS, output as f64),
        ]);
        let mut req = PriceRequest::new(&m.model, &usage);
        if let Some(at) = self.at {
            req = req.with_timestamp(at);
        }
        let by_provider = match (&m.host, &m.api_url) {
            (Host::Provider(p), _) => Some(req.clone().with_provider_id(p)),
            (_, Some(url)) => Some(req.clone().with_provider_api_url(url)),
            _ => None,
        };
        if let Some(r) = by_provider {
            match self.calc().calculate(&r) {
                Ok(c) => return Some(c),
                // A provider that the table does not list models for (or a model it
                // does not serve): fall back to the model name alone.
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::ModelNotFound | ErrorKind::ProviderNotFound
                    ) => {}
                Err(_) => return None,
            }
        }
        self.calc().calculate(&req).ok()
    }

    /// The table's provider id for a base URL, when it matches one.
    pub fn provider_for_url(&self, url: &str) -> Option<String> {
        self.calc()
            .find_provider(None, Some(url))
            .ok()
            .flatten()
            .map(|p| p.id().to_string())
    }
}

fn round_sig(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Provider ids the table uses, from the words people write (client names, LiteLLM
/// prefixes, config hints).
pub fn provider_alias(word: &str) -> Option<Host> {
    let w = word.trim().to_ascii_lowercase();
    let id = match w.as_str() {
        "ollama" | "ollama_chat" | "ollama-rs" | "http-ollama" | "local" | "lmstudio"
        | "lm_studio" | "llamacpp" | "llama.cpp" | "llama-cpp" | "vllm" | "localhost" => {
            return Some(Host::Local);
        }
        "openai" | "async-openai" | "http-openai" | "openai-api-rs" | "text-completion-openai" => {
            "openai"
        }
        "anthropic" | "http-anthropic" | "claude" => "anthropic",
        "azure" | "azure_ai" | "azure-openai" | "azureopenai" | "azure_openai" => "azure",
        "bedrock" | "aws" | "bedrock-runtime" | "bedrock_converse" | "sagemaker" => "aws",
        "groq" => "groq",
        "together" | "together_ai" | "together-ai" | "togetherai" => "together",
        "mistral" | "mistralai" => "mistral",
        "cohere" | "cohere_chat" => "cohere",
        "google"
        | "gemini"
        | "vertex"
        | "vertex_ai"
        | "vertexai"
        | "google-genai"
        | "google-generativeai"
        | "http-gemini"
        | "vertex_ai_beta" => "google",
        "deepseek" => "deepseek",
        "openrouter" => "openrouter",
        "fireworks" | "fireworks_ai" | "fireworks-ai" => "fireworks",
        "xai" | "x-ai" | "grok" => "x-ai",
        "perplexity" => "perplexity",
        "cerebras" => "cerebras",
        "huggingface" | "huggingface_hub" => return None,
        _ => return None,
    };
    Some(Host::Provider(id.to_string()))
}

/// True when a base URL points at this machine (or a conventional local server port).
pub fn is_local_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    let rest = u.split_once("://").map_or(u.as_str(), |(_, r)| r);
    let host_port = rest.split('/').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        host_port
            .split(']')
            .next()
            .unwrap_or("")
            .trim_start_matches('[')
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    matches!(
        host,
        "localhost" | "0.0.0.0" | "::1" | "host.docker.internal" | "ollama"
    ) || host.starts_with("127.")
        || host.ends_with(".local")
        || host_port.ends_with(":11434")
}

/// Bedrock model ids and ARNs: `anthropic.claude-3-5-sonnet-20240620-v1:0`,
/// `us.anthropic.claude-...`, `arn:aws:bedrock:us-east-1::foundation-model/...`.
fn bedrock_model(model: &str) -> Option<String> {
    let m = model.trim();
    if let Some(rest) = m.strip_prefix("arn:aws:bedrock:") {
        return Some(rest.rsplit('/').next().unwrap_or(rest).to_string());
    }
    let lower = m.to_ascii_lowercase();
    let body = [
        "us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca.",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p))
    .unwrap_or(&lower);
    let vendors = [
        "anthropic.",
        "meta.",
        "amazon.",
        "mistral.",
        "cohere.",
        "ai21.",
        "deepseek.",
        "writer.",
        "qwen.",
        "openai.",
        "google.",
    ];
    if vendors.iter().any(|v| body.starts_with(v)) {
        Some(m.to_string())
    } else {
        None
    }
}

/// Resolves the model and host of a call: an explicit prefix in the model string wins,
/// then the client's provider hint, then a literal base URL, then the SDK.
pub fn resolve(call: &CallSite, default_model: &str, book: &PriceBook) -> ResolvedModel {
    let written = call
        .model_name()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string);
    let assumed = written.is_none();
    let raw = written.clone().unwrap_or_else(|| default_model.to_string());

    let mut host = Host::Unknown;
    let mut model = raw.clone();

    // 1. The model string itself.
    if let Some(b) = bedrock_model(&raw) {
        host = Host::Provider("aws".to_string());
        model = b;
    } else if let Some((prefix, rest)) = raw
        .split_once('/')
        // pydantic-ai writes `openai:gpt-4o-mini`, `google-gla:gemini-1.5-flash`
        .or_else(|| {
            raw.split_once(':').filter(|(p, _)| {
                let p = p.to_ascii_lowercase();
                provider_alias(p.trim_end_matches("-gla").trim_end_matches("-vertex")).is_some()
            })
        })
    {
        let p = prefix.to_ascii_lowercase();
        if p == "bedrock" {
            host = Host::Provider("aws".to_string());
            let rest = rest.strip_prefix("converse/").unwrap_or(rest);
            model = bedrock_model(rest).unwrap_or_else(|| rest.to_string());
        } else if let Some(h) =
            provider_alias(p.trim_end_matches("-gla").trim_end_matches("-vertex"))
        {
            // `openrouter/openai/gpt-4o-mini` keeps `openai/gpt-4o-mini`: that is an
            // OpenRouter model id. `openai/gpt-4o` is LiteLLM's way to say the provider.
            host = h;
            model = rest.to_string();
        }
    }

    // 2. The client, the base URL, the SDK.
    if host == Host::Unknown {
        if let Some(h) = call.provider.as_deref().and_then(provider_alias) {
            host = h;
        } else if let Some(p) = call.provider.as_deref()
            && is_local_url(p)
        {
            host = Host::Local;
        }
    }
    let mut api_url = None;
    if host == Host::Unknown
        && let Some(url) = call.base_url.as_deref()
    {
        if is_local_url(url) {
            host = Host::Local;
        } else if let Some(id) = book.provider_for_url(url) {
            host = Host::Provider(id);
        } else {
            api_url = Some(url.to_string());
        }
    }
    if host == Host::Unknown
        && let Some(h) = provider_alias(&call.sdk)
    {
        // An OpenAI-compatible SDK pointed at an unknown base URL is not OpenAI.
        let openai_sdk = matches!(h, Host::Provider(ref p) if p == "openai");
        if !(openai_sdk && call.base_url.is_some()) {
            host = h;
        }
    }

    ResolvedModel {
        written,
        model,
        assumed,
        host,
        api_url,
    }
}

/// `YYYY-MM-DD` at midnight UTC.
pub fn parse_date(s: &str) -> Option<SystemTime> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=9999).contains(&y) {
        return None;
    }
    // Days from civil (proleptic Gregorian), Howard Hinnant's algorithm.
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = u64::try_from(days).ok()?.checked_mul(86_400)?;
    Some(UNIX_EPOCH + Duration::from_secs(secs))
}

fn format_date(t: SystemTime) -> String {
    let days = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    // Civil from days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let t = parse_date("2026-10-20").unwrap();
        assert_eq!(
            t.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            1_792_454_400
        );
        assert_eq!(format_date(t), "2026-10-20");
        assert_eq!(format_date(parse_date("2024-02-29").unwrap()), "2024-02-29");
        assert!(parse_date("2024-13-01").is_none());
        assert!(parse_date("soon").is_none());
    }

    #[test]
    fn local_urls() {
        assert!(is_local_url("http://localhost:11434/v1"));
        assert!(is_local_url("http://127.0.0.1:8000"));
        assert!(is_local_url("http://[::1]:8080/v1"));
        assert!(is_local_url("http://gpu-box:11434"));
        assert!(!is_local_url("https://api.groq.com/openai/v1"));
        assert!(!is_local_url("https://localhost.example.com/v1"));
    }

    #[test]
    fn bedrock_ids() {
        assert_eq!(
            bedrock_model("anthropic.claude-3-5-sonnet-20240620-v1:0").as_deref(),
            Some("anthropic.claude-3-5-sonnet-20240620-v1:0")
        );
        assert!(bedrock_model("us.anthropic.claude-3-5-haiku-20241022-v1:0").is_some());
        assert_eq!(
            bedrock_model(
                "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            )
            .as_deref(),
            Some("anthropic.claude-3-haiku-20240307-v1:0")
        );
        assert!(bedrock_model("gpt-4o-mini").is_none());
        assert!(bedrock_model("claude-3-5-haiku-latest").is_none());
    }
}
