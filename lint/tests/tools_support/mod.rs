//! Finding the outside tools some tests drive (Neovim, pre-commit). `.ci/run` installs them
//! into `target/tools-venv` and sets `LLMLINT_REQUIRE_TOOLS=1`, so in CI a missing tool is a
//! failure; on a developer's machine without them the test says so and passes without
//! running (`bash .ci/run` installs them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The tool's path: in `target/tools-venv/bin`, else on PATH.
pub fn find(name: &str) -> Option<PathBuf> {
    let venv = workspace().join("target/tools-venv/bin").join(name);
    if venv.is_file() {
        return Some(venv);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The tool, or `None` after printing why the test is skipped; panics when the tools are
/// required (`LLMLINT_REQUIRE_TOOLS=1`, set by `.ci/run`).
pub fn require(name: &str, installed_by: &str) -> Option<PathBuf> {
    if let Some(p) = find(name) {
        return Some(p);
    }
    let msg = format!(
        "`{name}` not found (in target/tools-venv/bin or on PATH); {installed_by} installs it"
    );
    if std::env::var("LLMLINT_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!("{msg}");
    }
    eprintln!("SKIPPED: {msg}");
    None
}

/// PATH with the folder of the `llmlint` binary under test first.
pub fn path_with_llmlint() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_llmlint"))
        .parent()
        .expect("binary folder")
        .to_path_buf();
    let mut dirs = vec![bin];
    if let Some(p) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(dirs).expect("PATH")
}
