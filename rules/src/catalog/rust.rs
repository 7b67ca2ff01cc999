//! Schema and loader of `rules/catalog/rust.toml`.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RustCatalog {
    #[serde(default)]
    pub markers: Vec<String>,
}

impl RustCatalog {
    pub fn builtin() -> RustCatalog {
        toml::from_str(include_str!("../../catalog/rust.toml"))
            .expect("the built-in Rust catalog parses (checked by a test)")
    }
    pub fn markers(&self) -> Vec<String> {
        self.markers.clone()
    }
}
