//! Schema and loader of `rules/catalog/python.toml`: which imports, client constructors and
//! call shapes make an LLM call in Python, and which argument holds what.
//!
//! Argument references are written as strings: a keyword name (`"model"`) or `#N` for the
//! N-th positional argument (`"#0"`). Lists are tried in order; the first present wins.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PythonCatalog {
    /// Byte strings for the prefilter: a file without any of them is never parsed.
    #[serde(default)]
    pub markers: Vec<String>,
    /// Package names for the prefilter: in a Python file they count only on an import line.
    #[serde(default)]
    pub import_markers: Vec<String>,
    /// Constructors whose result is an LLM client (or LLM object).
    #[serde(default)]
    pub client: Vec<ClientSpec>,
    /// Methods of a client that return another client-like object (`start_chat`).
    #[serde(default)]
    pub derive: Vec<DeriveSpec>,
    /// Calls that send a prompt to a model.
    #[serde(default)]
    pub call: Vec<CallSpec>,
    /// Raw HTTP calls.
    #[serde(default)]
    pub http: HttpSpec,
}

/// Which arguments hold the call's parts; shared by constructors and calls.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ArgSpec {
    #[serde(default)]
    pub model: Vec<String>,
    #[serde(default)]
    pub messages: Vec<String>,
    #[serde(default)]
    pub prompt: Vec<String>,
    #[serde(default)]
    pub system: Vec<String>,
    #[serde(default)]
    pub max_tokens: Vec<String>,
    #[serde(default)]
    pub temperature: Vec<String>,
    #[serde(default)]
    pub response_format: Vec<String>,
    #[serde(default)]
    pub base_url: Vec<String>,
    /// Arguments holding a dict (or a call with keywords, or `json.dumps({...})`) whose
    /// keys are read like further keyword arguments (`options`, `generation_config`, `body`).
    #[serde(default)]
    pub nested: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClientSpec {
    pub sdk: String,
    /// Call-shape family the instances belong to (`openai`, `langchain-llm`).
    pub family: String,
    /// Exact dotted constructor paths (`openai.OpenAI`).
    #[serde(default)]
    pub classes: Vec<String>,
    /// Module prefixes (`langchain*` matches any module starting with `langchain`) for
    /// `names`.
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    /// Provider hint (`azure`, `groq`, `ollama`, `bedrock`).
    #[serde(default)]
    pub provider: Option<String>,
    /// The first positional argument must be this string literal (`bedrock-runtime`).
    #[serde(default)]
    pub first_arg: Option<String>,
    #[serde(default)]
    pub is_async: bool,
    #[serde(default, flatten)]
    pub args: ArgSpec,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DeriveSpec {
    pub family: String,
    pub method: String,
    pub gives: String,
    #[serde(default)]
    pub first_arg: Option<String>,
    #[serde(default, flatten)]
    pub args: ArgSpec,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CallSpec {
    pub sdk: String,
    /// Receiver family (method call on a client), or...
    #[serde(default)]
    pub family: Option<String>,
    /// ...dotted attribute path after the client (`chat.completions.create`).
    #[serde(default)]
    pub method: Option<String>,
    /// ...a module-level function path (`litellm.completion`).
    #[serde(default)]
    pub function: Option<String>,
    /// API name reported; defaults to `method` or the function path after its module.
    #[serde(default)]
    pub api: Option<String>,
    /// Role of a bare prompt: `user` for chat APIs, empty for plain completion.
    #[serde(default = "default_role")]
    pub prompt_role: String,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub is_async: bool,
    /// Provider hint for module-level functions (`ollama`).
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default, flatten)]
    pub args: ArgSpec,
}

fn default_role() -> String {
    "user".to_string()
}

#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HttpSpec {
    /// Module-level POST functions (`requests.post`).
    #[serde(default)]
    pub functions: Vec<String>,
    /// Session / client classes whose `.post` is a POST (`httpx.AsyncClient`).
    #[serde(default)]
    pub clients: Vec<String>,
    #[serde(default)]
    pub endpoint: Vec<EndpointSpec>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    pub sdk: String,
    /// Literal hosts: a POST there is an LLM call when its path matches too.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// URL path endings or pieces (`/chat/completions`, `:generateContent`).
    pub paths: Vec<String>,
    /// The JSON body must carry all of these keys...
    #[serde(default)]
    pub body_all: Vec<String>,
    /// ...and at least one of these.
    #[serde(default)]
    pub body_any: Vec<String>,
    #[serde(default, flatten)]
    pub args: ArgSpec,
}

impl PythonCatalog {
    pub fn builtin() -> PythonCatalog {
        toml::from_str(include_str!("../../catalog/python.toml"))
            .expect("the built-in Python catalog parses (checked by a test)")
    }
    /// Every prefilter marker, the import-line ones included.
    pub fn markers(&self) -> Vec<String> {
        let mut m = self.markers.clone();
        m.extend(self.import_markers.iter().cloned());
        m
    }
    /// The last name of every method and function that makes a model call (`create`,
    /// `invoke`, `generate_content`...).
    pub fn method_names(&self) -> std::collections::HashSet<&str> {
        self.call
            .iter()
            .filter_map(|c| c.method.as_deref().or(c.function.as_deref()))
            .filter_map(|m| m.rsplit('.').next())
            .filter(|m| *m != "__call__")
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_parses_and_is_consistent() {
        let c: PythonCatalog = toml::from_str(include_str!("../../catalog/python.toml"))
            .unwrap_or_else(|e| panic!("python.toml: {e}"));
        assert!(c.import_markers.iter().any(|m| m == "openai"));
        assert!(c.markers.iter().any(|m| m == "/chat/completions"));
        let families: Vec<&str> = c.client.iter().map(|x| x.family.as_str()).collect();
        for call in &c.call {
            assert!(
                call.function.is_some() != (call.family.is_some() && call.method.is_some()),
                "call needs either function or family+method: {call:?}"
            );
            if let Some(f) = &call.family {
                assert!(
                    families.contains(&f.as_str()) || c.derive.iter().any(|d| &d.gives == f),
                    "unknown family {f}"
                );
            }
        }
        for a in c.client.iter().flat_map(|x| {
            x.args
                .model
                .iter()
                .chain(&x.args.messages)
                .chain(&x.args.prompt)
        }) {
            assert!(!a.is_empty());
        }
    }
}
