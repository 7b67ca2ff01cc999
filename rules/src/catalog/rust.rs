//! Schema and loader of `rules/catalog/rust.toml`: the Rust SDKs llmlint knows, as data.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole Rust catalog.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RustCatalog {
    /// Byte strings for the prefilter.
    #[serde(default)]
    pub markers: Vec<String>,
    #[serde(default)]
    pub sdk: Vec<RustSdk>,
    #[serde(default, rename = "type")]
    pub types: Vec<RustType>,
    #[serde(default, rename = "call")]
    pub calls: Vec<RustCall>,
    #[serde(default, rename = "agent")]
    pub agents: Vec<RustAgent>,
    #[serde(default)]
    pub http: RustHttp,
    /// Names under which a project's code knows LLM client crates outside the catalog (a
    /// dependency renamed in `Cargo.toml`: `brain = { package = "ollama-lite" }`).
    #[serde(default)]
    pub llm_crates: Vec<String>,
    /// Of `llm_crates`, those known only because their own source talks to an LLM API or
    /// they depend on an LLM crate (an application may do that): their objects' methods
    /// are calls only when named so (`ask`, `execute`), not merely because awaited.
    #[serde(skip)]
    pub weak_llm_crates: Vec<String>,
}

/// One SDK: its crate names and the types whose values are clients or agents.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RustSdk {
    pub id: String,
    pub crates: Vec<String>,
    #[serde(default)]
    pub clients: Vec<String>,
    #[serde(default)]
    pub agents: Vec<String>,
}

/// What a builder or struct type of an SDK builds.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum TypeKind {
    Request,
    Message,
    Options,
}

/// A request, message or options type: its builder methods / fields and constructor arguments
/// mapped onto request keys (`model`, `messages`, `system`, `prompt`, `content`, `role`,
/// `max_tokens`, `temperature`, ...). A key ending in `+` appends to a list; a constructor
/// argument written `role:user` is a fixed value instead of an argument.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RustType {
    pub sdk: String,
    pub names: Vec<String>,
    pub kind: TypeKind,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
    #[serde(default)]
    pub ctor_args: BTreeMap<String, Vec<String>>,
}

/// Whose method a call is.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Receiver {
    #[default]
    Client,
    Agent,
    /// The request itself sends: `ChatCompletion::builder(model, messages).create()`.
    Request,
}

/// A method call that sends a request to the model.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RustCall {
    pub sdk: String,
    pub method: String,
    /// The zero-argument client method the receiver must come from (`chat` in
    /// `client.chat().create(..)`).
    #[serde(default)]
    pub via: Option<String>,
    pub api: String,
    #[serde(default)]
    pub receiver: Receiver,
    #[serde(default)]
    pub request_arg: Option<usize>,
    #[serde(default)]
    pub prompt_arg: Option<usize>,
    #[serde(default)]
    pub model_arg: Option<usize>,
    #[serde(default)]
    pub options_arg: Option<usize>,
    #[serde(default)]
    pub streaming: bool,
}

/// Agent builders on a client (rig's `client.agent(model)`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RustAgent {
    pub sdk: String,
    pub builders: Vec<String>,
    #[serde(default)]
    pub model_arg: Option<usize>,
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
}

/// A known LLM host.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HttpHost {
    pub host: String,
    pub sdk: String,
}

/// A URL path shape of an LLM endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HttpPath {
    pub suffix: String,
    pub sdk: String,
}

/// Raw HTTP POSTs to LLM endpoints.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RustHttp {
    #[serde(default)]
    pub post_methods: Vec<String>,
    #[serde(default)]
    pub body_methods: Vec<String>,
    #[serde(default)]
    pub send_methods: Vec<String>,
    #[serde(default)]
    pub hosts: Vec<HttpHost>,
    #[serde(default)]
    pub paths: Vec<HttpPath>,
    #[serde(default)]
    pub body_prompt_keys: Vec<String>,
}

impl RustCatalog {
    pub fn builtin() -> RustCatalog {
        toml::from_str(include_str!("../../catalog/rust.toml"))
            .expect("the built-in Rust catalog parses (checked by a test)")
    }

    /// Byte strings for the aho-corasick prefilter.
    pub fn markers(&self) -> Vec<String> {
        self.markers.clone()
    }

    /// A dependency that a project's manifest renames (`local = { package = "..." }`, names
    /// with `_` for `-`): code naming `local` names that crate. A catalog crate makes `local`
    /// one of its SDK's crate names; another LLM client crate (`llm_name`, by its package
    /// name) makes `local` an LLM crate. Either way `local::` marks a file worth parsing.
    pub fn alias_crate(&mut self, local: &str, package: &str, llm_name: bool) {
        if local == package || local.is_empty() {
            return;
        }
        if let Some(sdk) = self
            .sdk
            .iter_mut()
            .find(|s| s.crates.iter().any(|c| c == package))
        {
            if !sdk.crates.iter().any(|c| c == local) {
                sdk.crates.push(local.to_string());
            }
        } else if llm_name {
            if !self.llm_crates.iter().any(|c| c == local) {
                self.llm_crates.push(local.to_string());
            }
        } else {
            return;
        }
        let marker = format!("{local}::");
        if !self.markers.contains(&marker) {
            self.markers.push(marker);
        }
    }

    /// A crate of the project that is an LLM client by its own manifest: its objects are LLM
    /// objects, and `name::` marks a file worth parsing. A catalog crate stays its SDK's.
    pub fn add_llm_crate(&mut self, name: &str) {
        if name.is_empty() || self.sdk_of_crate(name).is_some() {
            return;
        }
        if !self.llm_crates.iter().any(|c| c == name) {
            self.llm_crates.push(name.to_string());
        }
        let marker = format!("{name}::");
        if !self.markers.contains(&marker) {
            self.markers.push(marker);
        }
    }

    /// A project crate that uses an LLM API rather than says it is a client of one.
    pub fn add_weak_llm_crate(&mut self, name: &str) {
        if name.is_empty() || self.sdk_of_crate(name).is_some() {
            return;
        }
        let known = self.llm_crates.iter().any(|c| c == name);
        self.add_llm_crate(name);
        if !known && !self.weak_llm_crates.iter().any(|c| c == name) {
            self.weak_llm_crates.push(name.to_string());
        }
    }

    /// Whether the crate is an LLM crate only by what it uses (see `weak_llm_crates`).
    pub fn is_weak_llm_crate(&self, name: &str) -> bool {
        self.weak_llm_crates.iter().any(|c| c == name)
    }

    /// The SDK a crate name belongs to.
    pub fn sdk_of_crate(&self, krate: &str) -> Option<&RustSdk> {
        self.sdk
            .iter()
            .find(|s| s.crates.iter().any(|c| c == krate))
    }

    pub fn sdk(&self, id: &str) -> Option<&RustSdk> {
        self.sdk.iter().find(|s| s.id == id)
    }

    /// A builder / struct type of `sdk` named `name`.
    pub fn type_of(&self, sdk: &str, name: &str) -> Option<&RustType> {
        self.types
            .iter()
            .find(|t| t.sdk == sdk && t.names.iter().any(|n| n == name))
    }

    /// Call shapes whose method is `method`.
    pub fn calls_named<'a>(&'a self, method: &'a str) -> impl Iterator<Item = &'a RustCall> + 'a {
        self.calls.iter().filter(move |c| c.method == method)
    }

    pub fn agent_builder(&self, sdk: &str, method: &str) -> Option<&RustAgent> {
        self.agents
            .iter()
            .find(|a| a.sdk == sdk && a.builders.iter().any(|b| b == method))
    }

    pub fn agent_key(&self, sdk: &str, method: &str) -> Option<&str> {
        self.agents
            .iter()
            .filter(|a| a.sdk == sdk)
            .find_map(|a| a.keys.get(method).map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_parses_and_is_consistent() {
        let c = RustCatalog::builtin();
        assert!(c.markers.iter().any(|m| m == "async_openai"));
        for t in &c.types {
            assert!(
                c.sdk(&t.sdk).is_some(),
                "type {:?} names an unknown sdk",
                t.names
            );
        }
        for call in &c.calls {
            assert!(
                c.sdk(&call.sdk).is_some(),
                "call {} names an unknown sdk",
                call.api
            );
        }
        // every crate of every sdk is a prefilter marker (or its path form is)
        for s in &c.sdk {
            assert!(
                s.crates
                    .iter()
                    .any(|k| c.markers.iter().any(|m| m.starts_with(k.as_str()))),
                "sdk {} has no marker",
                s.id
            );
        }
        assert_eq!(
            c.sdk_of_crate("rig_core").map(|s| s.id.as_str()),
            Some("rig")
        );
        assert_eq!(
            c.type_of("genai", "ChatRequest").map(|t| t.kind),
            Some(TypeKind::Request)
        );
    }
}
