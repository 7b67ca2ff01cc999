//! The per-file analysis: a pure function of (path, text, settings, wrapper index).
//! The CLI and the editor server both call `analyze_file`.

use std::collections::HashMap;
use std::sync::Arc;

use llmlint_rules::catalog::Catalog;
use llmlint_rules::{CallSite, Language};

/// Everything the analysis of one file may depend on besides its text.
#[derive(Debug, Clone)]
pub struct Settings {
    pub catalog: Arc<Catalog>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            catalog: Arc::new(Catalog::builtin()),
        }
    }
}

/// A parameter of a wrapper function.
#[derive(Debug, Clone, PartialEq)]
pub struct WrapperParam {
    pub name: String,
    /// Literal default value, when it is a string literal or a constant that resolves to one.
    pub default: Option<String>,
    /// Keyword-only (Python, after `*`).
    pub keyword_only: bool,
}

/// A user function whose body makes an LLM call with one of its parameters in the prompt.
/// A call of it is itself an LLM call, with the prompt resolved at that call site.
#[derive(Debug, Clone, PartialEq)]
pub struct WrapperDef {
    pub language: Language,
    /// The bare function name (`ask`).
    pub name: String,
    /// Python: dotted module path of the defining file plus the name (`llm_helpers.ask`,
    /// `app.llm.Helper.ask` for a method); Rust: the function name, or `Type::name`.
    pub qualname: String,
    /// File that defines it.
    pub path: String,
    /// Parameters in order, `self` / `&self` excluded.
    pub params: Vec<WrapperParam>,
    pub is_method: bool,
    /// The SDK call inside, with holes named after the parameters that feed it
    /// (`{prompt}`), model possibly from a parameter default.
    pub inner: CallSite,
    /// Which parameter carries the model, if the model is a parameter.
    pub model_param: Option<String>,
}

/// Wrappers found in phase one, by bare name, for phase two.
#[derive(Debug, Clone, Default)]
pub struct WrapperIndex {
    pub by_name: HashMap<String, Vec<WrapperDef>>,
}

impl WrapperIndex {
    pub fn new(defs: impl IntoIterator<Item = WrapperDef>) -> Self {
        let mut by_name: HashMap<String, Vec<WrapperDef>> = HashMap::new();
        for d in defs {
            by_name.entry(d.name.clone()).or_default().push(d);
        }
        for v in by_name.values_mut() {
            v.sort_by(|a, b| (&a.path, &a.qualname).cmp(&(&b.path, &b.qualname)));
        }
        WrapperIndex { by_name }
    }
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }
    pub fn get(&self, name: &str, language: Language) -> impl Iterator<Item = &WrapperDef> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .filter(move |d| d.language == language)
    }
}

/// What the analysis of one file found.
#[derive(Debug, Clone, Default)]
pub struct FileAnalysis {
    pub calls: Vec<CallSite>,
    pub wrappers: Vec<WrapperDef>,
    /// One-line warnings (unparsable region, too deep...), without the path.
    pub warnings: Vec<String>,
    /// False when the file could not be parsed at all.
    pub parsed: bool,
}

pub fn language_of(path: &str) -> Option<Language> {
    if path.ends_with(".py") || path.ends_with(".pyi") {
        Some(Language::Python)
    } else if path.ends_with(".rs") {
        Some(Language::Rust)
    } else {
        None
    }
}

/// Analyse one file. Never panics on any input text.
pub fn analyze_file(
    path: &str,
    text: &str,
    settings: &Settings,
    index: &WrapperIndex,
) -> FileAnalysis {
    match language_of(path) {
        Some(Language::Python) => crate::python::analyze(path, text, settings, index),
        Some(Language::Rust) => crate::rust::analyze(path, text, settings, index),
        None => FileAnalysis::default(),
    }
}
