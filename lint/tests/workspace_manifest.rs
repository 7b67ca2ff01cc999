//! The root `Cargo.toml` is both the workspace and the package that owns the `llmlint` binary
//! (so `cargo install --path .` and pre-commit's `language: rust` work at the repository root).
//! Its integration tests live in `lint/tests/` and are listed one by one, so a test file that
//! is not listed would silently never run: this test catches that.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn manifest(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap();
    toml::from_str(&text).unwrap()
}

#[test]
fn every_test_file_is_listed_in_the_root_manifest() {
    let root = manifest("Cargo.toml");
    let listed: Vec<String> = root["test"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["path"].as_str().unwrap().to_string())
        .collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(Path::new(ROOT).join("lint/tests")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") {
            let path = format!("lint/tests/{name}");
            if !listed.contains(&path) {
                missing.push(path);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "add a [[test]] entry to the root Cargo.toml for: {missing:?}"
    );
}

#[test]
fn only_the_root_package_builds_the_llmlint_binary() {
    let root = manifest("Cargo.toml");
    assert_eq!(root["package"]["name"].as_str(), Some("llmlint"));
    let bins = root["bin"].as_array().unwrap();
    assert_eq!(bins.len(), 1);
    assert_eq!(bins[0]["name"].as_str(), Some("llmlint"));
    assert_eq!(bins[0]["path"].as_str(), Some("lint/src/main.rs"));
    for member in ["lint", "rules", "rewrite"] {
        let m = manifest(&format!("{member}/Cargo.toml"));
        assert!(m.get("bin").is_none(), "{member} must not build a binary");
        assert_eq!(
            m["package"].get("autobins").and_then(|v| v.as_bool()),
            if member == "lint" { Some(false) } else { None },
            "{member}: src/main.rs belongs to the root package"
        );
    }
}
