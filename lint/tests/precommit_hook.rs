//! The real pre-commit (PyPI's, installed by `.ci/run`) in a temporary git repository whose
//! `.pre-commit-config.yaml` points at this checkout (`repo:` its path, `rev:` its HEAD
//! commit, so this test sees committed work only). pre-commit builds the hook itself with
//! `cargo install --bins --path .` (no `--locked`: a fresh resolution of the dependencies),
//! then:
//! - a clean commit passes;
//! - a staged file in a folder the configuration excludes passes (`--force-exclude`);
//! - a commit with flagged calls fails and prints the findings, including the call of a
//!   wrapper defined in a file that is not staged.
//!
//! The build uses a lighter release profile (no LTO, opt-level 1) through Cargo's environment
//! variables, to spend CI minutes on what is tested: that the hook builds and runs.

mod tools_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
}

fn head_commit() -> String {
    let out = git(tools_support::workspace(), &["rev-parse", "HEAD"]);
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

struct Repo {
    dir: PathBuf,
    pre_commit: PathBuf,
    home: PathBuf,
}

impl Repo {
    fn cmd(&self, program: &Path, args: &[&str]) -> Output {
        let target = tools_support::workspace().join("target/precommit-build");
        Command::new(program)
            .args(args)
            .current_dir(&self.dir)
            .env("PRE_COMMIT_HOME", &self.home)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .expect("runs")
    }

    fn write(&self, path: &str, text: &str) {
        let p = self.dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// `git add` then `git commit` (the installed hook runs); the output, both streams.
    fn commit(&self, files: &[&str], message: &str) -> (bool, String) {
        let mut add = vec!["add"];
        add.extend(files);
        assert!(git(&self.dir, &add).status.success());
        let out = self.cmd(Path::new("git"), &["commit", "-m", message]);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }
}

/// A genuine (generative) call of the fixture project's wrapper: never flagged.
const CLEAN: &str = r#"from app import llm


def welcome(name: str) -> str:
    return llm.ask(f"Write a two-line welcome message for {name}, who just joined the team.")
"#;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(
        tools_support::workspace()
            .join("fixtures/lsp/project")
            .join(path),
    )
    .unwrap()
}

#[test]
fn pre_commit_builds_the_hook_and_blocks_flagged_commits() {
    let Some(pre_commit) =
        tools_support::require("pre-commit", "`bash .ci/run` (PyPI's pre-commit)")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let repo = Repo {
        dir: tmp.path().join("repo"),
        pre_commit,
        home: tools_support::workspace().join("target/precommit-home"),
    };
    std::fs::create_dir_all(&repo.dir).unwrap();
    assert!(
        git(&repo.dir, &["init", "-q", "-b", "main"])
            .status
            .success()
    );
    repo.write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: llmlint\n",
            tools_support::workspace().display(),
            head_commit()
        ),
    );
    repo.write("llmlint.toml", "extend-exclude = [\"legacy\"]\n");
    // app/llm.py defines the wrapper `ask`; app/orders.py (fixtures/lsp/project) calls it
    // once to extract emails (LLM101) and makes a direct JSON-validation call (LLM301).
    repo.write("app/llm.py", &fixture("app/llm.py"));
    repo.write("app/welcome.py", CLEAN);
    let install = repo.cmd(&repo.pre_commit, &["install"]);
    assert!(install.status.success(), "{install:?}");

    // A clean commit passes; on the way pre-commit builds the hook from this checkout.
    let (ok, out) = repo.commit(
        &[
            ".pre-commit-config.yaml",
            "llmlint.toml",
            "app/llm.py",
            "app/welcome.py",
        ],
        "clean",
    );
    assert!(ok, "the clean commit failed:\n{out}");
    assert!(out.contains("llmlint") && out.contains("Passed"), "{out}");
    let built = std::fs::read_dir(&repo.home)
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.path().join("rustenv-system/bin/llmlint").is_file());
    assert!(
        built,
        "pre-commit installed no llmlint binary under {}",
        repo.home.display()
    );

    // A flagged call in an excluded folder: the named file obeys the excludes.
    repo.write("legacy/old.py", &fixture("app/orders.py"));
    let (ok, out) = repo.commit(&["legacy/old.py"], "legacy");
    assert!(ok, "the excluded file was checked:\n{out}");

    // Flagged calls: the commit fails and the findings are printed, the call of the wrapper
    // defined in app/llm.py (not staged now) included.
    repo.write("app/orders.py", &fixture("app/orders.py"));
    let (ok, out) = repo.commit(&["app/orders.py"], "flagged");
    assert!(!ok, "the flagged commit passed:\n{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(out.contains("LLM301"), "{out}");
    assert!(out.contains("app/orders.py"), "{out}");
    assert!(
        out.contains("LLM101"),
        "the wrapper call was not resolved:\n{out}"
    );
    let log = git(&repo.dir, &["log", "--oneline"]);
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 2);
}
