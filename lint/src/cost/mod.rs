//! Cost and latency estimation (prices, tokens, latency, multipliers).
//!
//! `estimate` turns one call site into the `cost` object of `llmlint calls`: tokens in and
//! out, dollars per call, per million calls and per month, latency, the multiplier the
//! code shows, and where every number comes from. Unknown values are `None` (`null`),
//! never invented.

pub mod latency;
pub mod multipliers;
pub mod prices;
pub mod table;
pub mod tokens;

use std::path::PathBuf;

use llmlint_rules::{CallSite, Language, Task};
use serde::{Deserialize, Serialize};

pub use multipliers::MultiplierFactors;
pub use prices::{Host, PriceBook, PriceOverride, ResolvedModel};
pub use table::{CostRow, render_cost_table};

/// Days in the month `usd_per_month` is computed for.
pub const DAYS_PER_MONTH: f64 = 30.0;

/// Cost settings, from config (`[cost]` keys in kebab-case) and CLI flags.
///
/// ```toml
/// calls-per-day = 5000
/// default-model = "gpt-4o-mini"
/// hole-tokens = 50
/// [multipliers]
/// loop = 10
/// [[prices]]
/// model = "my-finetune"
/// input-per-mtok = 0.3
/// output-per-mtok = 1.2
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct CostSettings {
    /// How often the code around each call runs per day.
    pub calls_per_day: f64,
    /// Model assumed when a call's model is unknown (marked `model_assumed`).
    pub default_model: String,
    /// Tokens assumed for each hole (run-time value) in a prompt.
    pub hole_tokens: u64,
    pub multipliers: MultiplierFactors,
    /// Config prices for models missing from the table (they win over the table).
    pub prices: Vec<PriceOverride>,
    /// A newer price table in the `genai-prices` v2 JSON format (`--prices FILE`).
    pub prices_file: Option<PathBuf>,
    /// Price as of this date (`YYYY-MM-DD`) instead of today, for reproducible reports.
    pub price_date: Option<String>,
}

impl Default for CostSettings {
    fn default() -> Self {
        CostSettings {
            calls_per_day: 1000.0,
            default_model: "gpt-4o-mini".to_string(),
            hole_tokens: 50,
            multipliers: MultiplierFactors::default(),
            prices: Vec::new(),
            prices_file: None,
            price_date: None,
        }
    }
}

/// The range an estimate spans when the prompt has holes: from every hole empty to every
/// hole at `hole-tokens`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostRange {
    pub input_tokens_min: u64,
    pub input_tokens_max: u64,
    pub usd_per_call_min: Option<f64>,
    pub usd_per_call_max: Option<f64>,
}

/// The `cost` object of `llmlint calls` JSON (design contract fields first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostEstimate {
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub usd_per_call: Option<f64>,
    pub usd_per_million_calls: Option<f64>,
    pub latency_ms: Option<u64>,
    /// The innermost multiplier the code shows (`loop`, `comprehension`, `concurrent`,
    /// `handler`, `retry`), or null.
    pub multiplier: Option<&'static str>,

    /// Every multiplier, innermost first.
    pub multipliers: Vec<&'static str>,
    /// Product of their configured factors (1 unless config says otherwise).
    pub multiplier_factor: f64,
    pub calls_per_day: f64,
    /// `usd_per_call × calls_per_day × multiplier_factor × 30`.
    pub usd_per_month: Option<f64>,
    /// Present when the prompt has holes.
    pub range: Option<CostRange>,
    /// A literal `max_tokens` (an upper bound on the output).
    pub output_tokens_max: Option<u64>,
    /// The model priced: as written, or `default-model` when `model_assumed`.
    pub model: String,
    pub model_assumed: bool,
    /// Provider id of the price table, `local`, or null when not known.
    pub provider: Option<String>,
    pub tokenizer: &'static str,
    /// True when the count uses an OpenAI tokenizer for a model of another provider.
    pub approximate_tokens: bool,
    pub input_tokens_source: String,
    pub output_tokens_source: String,
    pub input_usd_per_mtok: Option<f64>,
    pub output_usd_per_mtok: Option<f64>,
    /// Where the price comes from, or why there is none.
    pub price_source: String,
    pub latency_source: Option<String>,
    /// The model reasons before answering: latency much higher and variable.
    pub reasoning_model: bool,
    /// The deterministic replacement's per-call time in the call's language ("~1 µs").
    pub deterministic: Option<String>,
    /// What the replacement is, as messages name it ("a regex").
    pub deterministic_kind: Option<String>,
}

impl CostEstimate {
    /// One line for diagnostics: "~$34/1M calls, ~650 ms with gpt-4o-mini; a regex: ~1 µs".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(u) = self.usd_per_million_calls {
            parts.push(format!("~{}/1M calls", format_usd(u)));
        }
        if let Some(ms) = self.latency_ms {
            parts.push(latency::human_ms(ms));
        }
        let mut s = if parts.is_empty() {
            "cost unknown".to_string()
        } else {
            parts.join(", ")
        };
        s.push_str(" with ");
        s.push_str(&self.model);
        if self.model_assumed {
            s.push_str(" (assumed)");
        }
        if let (Some(kind), Some(t)) = (&self.deterministic_kind, &self.deterministic) {
            s.push_str(&format!("; {kind}: {t}"));
        }
        s
    }
}

/// "$0.0042", "$34", "$1.2k": short dollar amounts for messages and tables.
pub fn format_usd(x: f64) -> String {
    if !x.is_finite() {
        return "?".to_string();
    }
    if x == 0.0 {
        return "$0".to_string();
    }
    if x >= 1_000_000.0 {
        format!("${:.1}M", x / 1_000_000.0)
    } else if x >= 10_000.0 {
        format!("${:.0}k", x / 1_000.0)
    } else if x >= 100.0 {
        format!("${x:.0}")
    } else if x >= 1.0 {
        format!("${x:.2}")
    } else {
        // Two significant figures.
        let digits = (-x.log10().floor()) as usize + 1;
        format!("${x:.digits$}")
    }
}

/// Estimates the cost and latency of one call.
pub fn estimate(
    call: &CallSite,
    task: Task,
    subtype: Option<&str>,
    settings: &CostSettings,
    prices: &PriceBook,
) -> CostEstimate {
    let resolved = prices::resolve(call, &settings.default_model, prices);
    let (enc, approximate) = tokens::encoding_for(&resolved.model);
    let pt = tokens::count_prompt(&call.prompt, enc);
    let hole_tokens = settings.hole_tokens;
    let input = pt.with_holes(hole_tokens);
    let input_known = pt.known();

    let mut input_src = format!(
        "{} tokens of literal text ({}{}) + {} framing ({} message{} × {} + {} reply priming)",
        pt.literal,
        enc.name(),
        if approximate { ", approximate" } else { "" },
        pt.framing,
        pt.messages,
        if pt.messages == 1 { "" } else { "s" },
        tokens::TOKENS_PER_MESSAGE,
        tokens::TOKENS_REPLY_PRIMING
    );
    if pt.unrecovered {
        input_src.push_str(&format!(
            " + prompt not recovered, counted as one hole of {hole_tokens} tokens"
        ));
    } else if pt.holes > 0 {
        input_src.push_str(&format!(
            " + {} hole{} × {hole_tokens} tokens (hole-tokens){}",
            pt.holes,
            if pt.holes == 1 { "" } else { "s" },
            if call.prompt.complete {
                ""
            } else {
                ", one for the part not recovered"
            }
        ));
    }

    // Output tokens.
    let shape = tokens::answer_shape(task, subtype, &call.context.response_uses);
    let default_out = shape.default_tokens(pt.holes * hole_tokens);
    let max_tokens = call.max_tokens.as_ref().map(|v| v.value);
    let (output, output_src) = match max_tokens {
        Some(mt) if mt < default_out => (mt, format!("max_tokens {mt} (upper bound)")),
        Some(mt) => (
            default_out,
            format!(
                "default for {} ({default_out}), within max_tokens {mt}",
                shape.describe()
            ),
        ),
        None => (
            default_out,
            format!("default for {} ({default_out})", shape.describe()),
        ),
    };

    // Price.
    let quote = prices.quote(&resolved, input, output);
    let has_holes = pt.holes > 0;
    let range = has_holes.then(|| CostRange {
        input_tokens_min: input_known,
        input_tokens_max: input,
        usd_per_call_min: prices
            .quote(
                &resolved,
                input_known,
                // A transform's output follows its input: empty holes, short answer.
                shape.default_tokens(0).min(output),
            )
            .map(|q| q.usd),
        usd_per_call_max: quote.as_ref().map(|q| q.usd),
    });
    let price_source = match &quote {
        Some(q) => q.source.clone(),
        None => format!(
            "no price for {:?} in {}; add a [[prices]] entry to config",
            resolved.model,
            prices.snapshot()
        ),
    };

    // Latency.
    let host = resolved.provider();
    let lat = latency::estimate(&resolved.model, host, output);

    // Frequency.
    let ms = &call.context.multipliers;
    let factor = settings.multipliers.total(ms);
    let usd_per_call = quote.as_ref().map(|q| q.usd);
    let usd_per_month =
        usd_per_call.map(|u| u * settings.calls_per_day.max(0.0) * factor * DAYS_PER_MONTH);

    // The deterministic side.
    let det = if task.is_deterministic() {
        latency::deterministic_for(subtype, task)
    } else {
        None
    };
    let det_time = det.map(|k| {
        let ns = match call.language {
            Language::Rust => k.rust_ns,
            Language::Python => k.python_ns,
        };
        latency::human_duration_ns(ns)
    });

    CostEstimate {
        input_tokens: Some(input),
        output_tokens: Some(output),
        usd_per_call,
        usd_per_million_calls: usd_per_call.map(|u| u * 1e6),
        latency_ms: lat.as_ref().map(|l| l.ms),
        multiplier: ms.first().map(|m| multipliers::label(*m)),
        multipliers: ms.iter().map(|m| multipliers::label(*m)).collect(),
        multiplier_factor: factor,
        calls_per_day: settings.calls_per_day,
        usd_per_month,
        range,
        output_tokens_max: max_tokens,
        model: resolved.written.clone().unwrap_or(resolved.model.clone()),
        model_assumed: resolved.assumed,
        provider: quote
            .as_ref()
            .map(|q| q.provider_id.clone())
            .or_else(|| host.map(str::to_string)),
        tokenizer: enc.name(),
        approximate_tokens: approximate,
        input_tokens_source: input_src,
        output_tokens_source: output_src,
        input_usd_per_mtok: quote.as_ref().map(|q| q.input_per_mtok),
        output_usd_per_mtok: quote.as_ref().map(|q| q.output_per_mtok),
        price_source,
        latency_source: lat.as_ref().map(|l| l.source.clone()),
        reasoning_model: lat.as_ref().is_some_and(|l| l.reasoning),
        deterministic: det_time,
        deterministic_kind: det.map(|k| k.label.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usd_formatting() {
        assert_eq!(format_usd(0.0), "$0");
        assert_eq!(format_usd(34.2), "$34.20");
        assert_eq!(format_usd(0.0042), "$0.0042");
        assert_eq!(format_usd(0.15), "$0.15");
        assert_eq!(format_usd(1234.0), "$1234");
        assert_eq!(format_usd(45_600.0), "$46k");
    }

    #[test]
    fn settings_from_kebab_case_toml() {
        let s: CostSettings = toml::from_str(
            r#"
calls-per-day = 5000
default-model = "claude-3-5-haiku-latest"
hole-tokens = 80
[multipliers]
loop = 10
[[prices]]
model = "acme-ft"
input-per-mtok = 0.3
output-per-mtok = 1.2
"#,
        )
        .unwrap();
        assert_eq!(s.calls_per_day, 5000.0);
        assert_eq!(s.default_model, "claude-3-5-haiku-latest");
        assert_eq!(s.hole_tokens, 80);
        assert_eq!(s.multipliers.loop_, 10.0);
        assert_eq!(s.multipliers.retry, 1.0);
        assert_eq!(s.prices[0].output_per_mtok, 1.2);
        assert!(toml::from_str::<CostSettings>("calls_per_day = 3").is_err());
        let d = CostSettings::default();
        assert_eq!((d.calls_per_day, d.hole_tokens), (1000.0, 50));
    }
}
