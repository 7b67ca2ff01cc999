//! Schema and loader of `rules/catalog/python.toml`.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PythonCatalog {
    #[serde(default)]
    pub markers: Vec<String>,
}

impl PythonCatalog {
    pub fn builtin() -> PythonCatalog {
        toml::from_str(include_str!("../../catalog/python.toml"))
            .expect("the built-in Python catalog parses (checked by a test)")
    }
    pub fn markers(&self) -> Vec<String> {
        self.markers.clone()
    }
}
