//! The SDK catalog: data (TOML under `rules/catalog/`) saying, per SDK, which imports,
//! constructors and call shapes make an LLM call and which argument holds what.
//!
//! Each front-end owns the schema of its own catalog file (`python.toml`, `rust.toml`);
//! this module loads them and holds the parts shared by both languages (user wrappers
//! declared in config).

use serde::Deserialize;

pub mod python;
pub mod rust;

/// An in-house helper declared in config: calls of `name` are LLM calls whose prompt is
/// argument `prompt-arg` (0-based position) or keyword `prompt-kw`.
///
/// ```toml
/// [[wrappers]]
/// name = "myapp.llm.ask"        # Python: module path + function; Rust: path or fn name
/// prompt-arg = 0
/// model = "gpt-4o-mini"         # optional: the model the helper uses
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct UserWrapper {
    pub name: String,
    #[serde(default)]
    pub prompt_arg: Option<usize>,
    #[serde(default)]
    pub prompt_kw: Option<String>,
    #[serde(default)]
    pub system_arg: Option<usize>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub model_arg: Option<usize>,
    #[serde(default)]
    pub model_kw: Option<String>,
    #[serde(default)]
    pub sdk: Option<String>,
}

/// Both languages' catalogs, plus what config added.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub python: python::PythonCatalog,
    pub rust: rust::RustCatalog,
    pub user_wrappers: Vec<UserWrapper>,
}

impl Catalog {
    /// The catalog shipped inside llmlint.
    pub fn builtin() -> Catalog {
        Catalog {
            python: python::PythonCatalog::builtin(),
            rust: rust::RustCatalog::builtin(),
            user_wrappers: Vec::new(),
        }
    }

    /// Byte strings whose presence means a file may contain an LLM call; a file with none
    /// of them (and no known wrapper name) is never parsed.
    pub fn markers(&self) -> Vec<String> {
        let mut m: Vec<String> = self.python.markers();
        m.extend(self.rust.markers());
        for w in &self.user_wrappers {
            if let Some(last) = w.name.rsplit(['.', ':']).next() {
                m.push(last.to_string());
            }
        }
        m.sort();
        m.dedup();
        m
    }

    /// The markers that, in a Python file, count only on an import line (package names); in
    /// other files they count anywhere.
    pub fn import_markers(&self) -> Vec<String> {
        let anywhere = self.markers_anywhere();
        let mut m: Vec<String> = self
            .python
            .import_markers
            .iter()
            .filter(|m| !anywhere.contains(m))
            .cloned()
            .collect();
        m.sort();
        m.dedup();
        m
    }

    fn markers_anywhere(&self) -> Vec<String> {
        let mut m: Vec<String> = self.python.markers.clone();
        m.extend(self.rust.markers());
        m.extend(
            self.user_wrappers
                .iter()
                .filter_map(|w| w.name.rsplit(['.', ':']).next().map(str::to_string)),
        );
        m
    }
}
