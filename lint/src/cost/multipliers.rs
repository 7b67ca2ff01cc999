//! Frequency: how often a call site runs. `calls-per-day` is how often the code around a
//! call runs; a multiplier the code shows (a loop, a comprehension, a concurrent fan-out,
//! a web handler, a retry) is named in the output with a configurable factor. The factors
//! default to 1: llmlint names what it sees and never invents a total.

use llmlint_rules::Multiplier;
use serde::Deserialize;

/// `[multipliers]` in config: `loop = 10` says a loop around a call runs ten times.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct MultiplierFactors {
    #[serde(rename = "loop")]
    pub loop_: f64,
    pub comprehension: f64,
    pub concurrent: f64,
    pub handler: f64,
    pub retry: f64,
}

impl Default for MultiplierFactors {
    fn default() -> Self {
        MultiplierFactors {
            loop_: 1.0,
            comprehension: 1.0,
            concurrent: 1.0,
            handler: 1.0,
            retry: 1.0,
        }
    }
}

impl MultiplierFactors {
    pub fn factor(&self, m: Multiplier) -> f64 {
        let f = match m {
            Multiplier::Loop => self.loop_,
            Multiplier::Comprehension => self.comprehension,
            Multiplier::Concurrent => self.concurrent,
            Multiplier::Handler => self.handler,
            Multiplier::Retry => self.retry,
        };
        if f.is_finite() && f >= 0.0 { f } else { 1.0 }
    }

    /// The product of the factors of every multiplier around the call.
    pub fn total(&self, ms: &[Multiplier]) -> f64 {
        ms.iter().map(|m| self.factor(*m)).product()
    }
}

/// The name used in output and config.
pub fn label(m: Multiplier) -> &'static str {
    match m {
        Multiplier::Loop => "loop",
        Multiplier::Comprehension => "comprehension",
        Multiplier::Concurrent => "concurrent",
        Multiplier::Handler => "handler",
        Multiplier::Retry => "retry",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_multiply_and_default_to_one() {
        let d = MultiplierFactors::default();
        assert_eq!(d.total(&[Multiplier::Loop, Multiplier::Handler]), 1.0);
        let f: MultiplierFactors = toml::from_str("loop = 10\nconcurrent = 4").unwrap();
        assert_eq!(f.total(&[Multiplier::Loop, Multiplier::Concurrent]), 40.0);
        assert_eq!(f.total(&[Multiplier::Retry]), 1.0);
        assert_eq!(f.total(&[]), 1.0);
        assert!(toml::from_str::<MultiplierFactors>("loops = 3").is_err());
        assert_eq!(label(Multiplier::Comprehension), "comprehension");
    }
}
