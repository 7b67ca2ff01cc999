//! Code generators: turn a [`ReplacementSpec`] into a helper function in Python (text) or Rust
//! (`quote` tokens printed with `prettyplease`), plus the call that replaces the LLM call.
//!
//! One module per spec family: `regex` (find / contains), `validate`, `lookup`, `transform`.
//! Every generator returns a [`Generated`]: a complete helper definition (with its module-level
//! statics), the imports it needs, the call expression and what it returns.

use std::fmt;

use crate::spec::{ReplacementSpec, TargetLanguage};

pub mod lookup;
pub mod python_util;
mod regex;
pub mod rust_util;
pub mod transform;
mod validate;
mod validate_record;

pub use regex::{check_backtracking, example_patterns, search_regex_for};
pub use validate::example_validators;

/// What the generator knows about the place the code goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenContext {
    /// Source of the argument expression passed to the helper (`payload`, `row["email"]`,
    /// `&text`). In Rust it must evaluate to `&str`.
    pub arg: String,
    /// Python modules already imported by the file (`re`, `json`), or crates already in the
    /// Rust crate's dependencies (`regex`, `serde_json`). Imports and crates listed here are
    /// not asked for again.
    pub existing_modules: Vec<String>,
    /// Names already defined in the target scope; the helper (and its statics) avoid them.
    pub taken_names: Vec<String>,
}

impl GenContext {
    pub fn new(arg: impl Into<String>) -> Self {
        GenContext {
            arg: arg.into(),
            ..GenContext::default()
        }
    }

    pub fn has_module(&self, name: &str) -> bool {
        self.existing_modules.iter().any(|m| m == name)
    }

    /// `base` if free, else `base_2`, `base_3`, ...
    pub fn unique_name(&self, base: &str) -> String {
        let taken = |n: &str| self.taken_names.iter().any(|t| t == n);
        if !taken(base) {
            return base.to_string();
        }
        (2..)
            .map(|i| format!("{base}_{i}"))
            .find(|n| !taken(n))
            .unwrap_or_else(|| base.to_string())
    }
}

/// Generated replacement code for one call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Name of the helper function (`extract_emails`).
    pub helper_name: String,
    /// Complete helper definition, preceded by the module-level statics it uses (compiled
    /// regexes, tables). No import lines.
    pub helper_code: String,
    /// Import lines the helper needs and the file lacks (Python `import re`). Rust code uses
    /// full paths (`regex::Regex`, `std::sync::LazyLock`) so this is empty for Rust.
    pub imports: Vec<String>,
    /// The call replacing the LLM call, with the context's argument: `extract_emails(text)`.
    pub call_expr: String,
    /// What the helper returns, in the target language's terms (`list[str]`, `Option<String>`).
    pub returns: String,
    /// Crates (name, version requirement) the Rust code needs that are not dependencies yet.
    pub needs_crates: Vec<(String, String)>,
    /// How the replacement differs from what the LLM returned, for the help text
    /// ("returns a list instead of a comma-separated string").
    pub assumptions: Vec<String>,
    /// Every regular expression the generated code compiles (for audits and tests).
    pub regexes: Vec<String>,
}

/// Why no code could be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenError {
    /// The spec asks for something no generator handles (an unknown region, format, ...).
    Unsupported(String),
    /// The spec carries something unusable (an invalid or unsafe regex, ...).
    Invalid(String),
}

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenError::Unsupported(m) => write!(f, "unsupported replacement: {m}"),
            GenError::Invalid(m) => write!(f, "invalid replacement spec: {m}"),
        }
    }
}

impl std::error::Error for GenError {}

/// Generate the helper and the call for `spec` in `lang`.
pub fn generate(
    spec: &ReplacementSpec,
    lang: TargetLanguage,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    match spec {
        ReplacementSpec::FindAll { .. }
        | ReplacementSpec::FindFirst { .. }
        | ReplacementSpec::Contains { .. } => regex::generate(spec, lang, ctx),
        ReplacementSpec::Validate { validator } => validate::generate(validator, lang, ctx),
        ReplacementSpec::Lookup { lookup } => lookup::generate(lookup, lang, ctx),
        ReplacementSpec::Transform { transform } => transform::generate(transform, lang, ctx),
    }
}

/// Shared finishing step for every generator: keep the imports the file lacks and the crates
/// the crate lacks, and build the call expression from `ctx.arg`.
pub fn finish(
    mut generated: Generated,
    lang: TargetLanguage,
    ctx: &GenContext,
    python_modules: &[&str],
    rust_crates: &[(&str, &str)],
) -> Generated {
    match lang {
        TargetLanguage::Python => {
            generated.imports = python_modules
                .iter()
                .filter(|m| !ctx.has_module(m))
                .map(|m| format!("import {m}"))
                .collect();
        }
        TargetLanguage::Rust => {
            generated.needs_crates = rust_crates
                .iter()
                .filter(|(c, _)| !ctx.has_module(c))
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect();
        }
    }
    generated.call_expr = format!("{}({})", generated.helper_name, ctx.arg);
    generated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Pattern, Validator};

    #[test]
    fn python_helper_names_imports_and_call() {
        let spec = ReplacementSpec::FindAll {
            pattern: Pattern::Email,
        };
        let g = generate(
            &spec,
            TargetLanguage::Python,
            &GenContext::new("row[\"body\"]"),
        )
        .expect("generates");
        assert_eq!(g.helper_name, "extract_emails");
        assert_eq!(g.call_expr, "extract_emails(row[\"body\"])");
        assert_eq!(g.imports, vec!["import re".to_string()]);
        assert_eq!(g.returns, "list[str]");
        assert!(
            g.helper_code
                .starts_with("_EXTRACT_EMAILS_RE = re.compile(r\"")
        );
        assert!(
            g.helper_code
                .contains("def extract_emails(text: str) -> list[str]:")
        );
        assert!(g.assumptions.iter().any(|a| a.contains("list")));

        let ctx = GenContext {
            arg: "body".into(),
            existing_modules: vec!["re".into()],
            taken_names: vec!["extract_emails".into()],
        };
        let g = generate(&spec, TargetLanguage::Python, &ctx).expect("generates");
        assert_eq!(g.helper_name, "extract_emails_2");
        assert!(g.imports.is_empty());
        assert!(g.helper_code.contains("_EXTRACT_EMAILS_2_RE"));
    }

    #[test]
    fn rust_helper_names_crates_and_call() {
        let spec = ReplacementSpec::Validate {
            validator: Validator::Json,
        };
        let g =
            generate(&spec, TargetLanguage::Rust, &GenContext::new("&payload")).expect("generates");
        assert_eq!(g.call_expr, "is_valid_json(&payload)");
        assert_eq!(
            g.needs_crates,
            vec![("serde_json".to_string(), "1".to_string())]
        );
        assert!(g.imports.is_empty());
        assert!(syn::parse_file(&g.helper_code).is_ok());
        let ctx = GenContext {
            arg: "&payload".into(),
            existing_modules: vec!["serde_json".into()],
            taken_names: Vec::new(),
        };
        let g = generate(&spec, TargetLanguage::Rust, &ctx).expect("generates");
        assert!(g.needs_crates.is_empty());

        let spec = ReplacementSpec::Validate {
            validator: Validator::Ipv4,
        };
        let g = generate(&spec, TargetLanguage::Rust, &GenContext::new("s")).expect("generates");
        assert!(g.needs_crates.is_empty(), "std-only validator");
    }

    #[test]
    fn unsupported_specs_are_errors_not_panics() {
        let bad = [
            ReplacementSpec::FindAll {
                pattern: Pattern::PostalCode {
                    country: Some("ZZ".into()),
                },
            },
            ReplacementSpec::FindAll {
                pattern: Pattern::Date {
                    format: Some("QQQ".into()),
                },
            },
            ReplacementSpec::FindAll {
                pattern: Pattern::Amount {
                    currency: Some("gold coins".into()),
                },
            },
            ReplacementSpec::Validate {
                validator: Validator::Length {
                    min: None,
                    max: None,
                },
            },
            ReplacementSpec::Validate {
                validator: Validator::NumberRange {
                    min: Some(f64::NAN),
                    max: None,
                    integer: false,
                },
            },
        ];
        for spec in bad {
            for lang in [TargetLanguage::Python, TargetLanguage::Rust] {
                assert!(
                    generate(&spec, lang, &GenContext::new("x")).is_err(),
                    "{spec:?}"
                );
            }
        }
    }
}
