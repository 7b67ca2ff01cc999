//! File discovery: walk the given paths in parallel with the `ignore` crate (respecting
//! .gitignore and the configured excludes) and return the Python and Rust files, sorted.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use crate::analysis::language_of;
use crate::config::ConfigResolver;

/// What the walk found.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Absolute (or as-given) paths of Python and Rust files, sorted and deduplicated.
    pub files: Vec<PathBuf>,
    /// One-line warnings: unreadable folders, symlink loops.
    pub warnings: Vec<String>,
}

/// `--exclude` patterns from the command line, matched against paths relative to `cwd`
/// and against every path component.
pub fn cli_excludes(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim_end_matches('/');
        let forms = if p.contains('/') {
            vec![
                p.trim_start_matches("./").to_string(),
                format!("{}/**", p.trim_start_matches("./")),
            ]
        } else {
            vec![format!("**/{p}"), format!("**/{p}/**")]
        };
        for f in forms {
            b.add(Glob::new(&f).map_err(|e| format!("bad --exclude pattern `{p}`: {e}"))?);
        }
    }
    b.build().map_err(|e| e.to_string())
}

fn is_source(path: &Path) -> bool {
    path.to_str().and_then(language_of).is_some()
}

/// Walk `paths`. A path that does not exist is an error (the caller exits 2). A file given
/// explicitly is kept even if an exclude pattern matches it, as in ruff, unless
/// `force_exclude` (ruff's `--force-exclude`, what a pre-commit hook needs).
pub fn discover(
    paths: &[PathBuf],
    cwd: &Path,
    resolver: &Arc<ConfigResolver>,
    cli_exclude: &Arc<GlobSet>,
    force_exclude: bool,
) -> Result<Discovered, String> {
    let mut out = Discovered::default();
    let found: Arc<Mutex<Vec<PathBuf>>> = Arc::new(Mutex::new(Vec::new()));
    let warnings: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    for p in paths {
        let abs = if p.is_absolute() {
            p.clone()
        } else {
            cwd.join(p)
        };
        let meta = std::fs::metadata(&abs).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("{}: no such file or directory", p.display()),
            _ => format!("{}: {e}", p.display()),
        })?;
        if meta.is_file() {
            let excluded = force_exclude && {
                let rel = abs.strip_prefix(cwd).unwrap_or(&abs);
                cli_exclude.is_match(rel) || resolver.for_file(&abs).is_excluded(&abs)
            };
            if is_source(&abs) && !excluded {
                out.files.push(abs);
            }
            continue;
        }
        let mut wb = WalkBuilder::new(&abs);
        wb.hidden(false)
            .follow_links(true)
            .git_global(false)
            .parents(true)
            .threads(rayon::current_num_threads().clamp(1, 8));
        let resolver_f = resolver.clone();
        let excl = cli_exclude.clone();
        let cwd_f = cwd.to_path_buf();
        let root = abs.clone();
        wb.filter_entry(move |entry| {
            let path = entry.path();
            if path == root {
                return true;
            }
            let rel = path.strip_prefix(&cwd_f).unwrap_or(path);
            if excl.is_match(rel) {
                return false;
            }
            !resolver_f.for_file(path).is_excluded(path)
        });
        let found_w = found.clone();
        let warn_w = warnings.clone();
        wb.build_parallel().run(|| {
            let found = found_w.clone();
            let warnings = warn_w.clone();
            Box::new(move |res| {
                match res {
                    Ok(entry) => {
                        if entry.file_type().is_some_and(|t| t.is_file())
                            && is_source(entry.path())
                            && let Ok(mut f) = found.lock()
                        {
                            f.push(entry.into_path());
                        }
                    }
                    Err(e) => {
                        if let Ok(mut w) = warnings.lock() {
                            w.push(walk_error_line(&e));
                        }
                    }
                }
                WalkState::Continue
            })
        });
    }
    out.files.extend(std::mem::take(
        &mut *found.lock().map_err(|_| "walker poisoned".to_string())?,
    ));
    out.files.sort();
    out.files.dedup();
    out.warnings =
        std::mem::take(&mut *warnings.lock().map_err(|_| "walker poisoned".to_string())?);
    out.warnings.sort();
    Ok(out)
}

fn walk_error_line(e: &ignore::Error) -> String {
    // The ignore crate nests errors with context; flatten to one line.
    let s = e.to_string();
    s.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_python_and_rust_files_and_honours_excludes() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        for f in [
            "a.py",
            "b.rs",
            "c.txt",
            "sub/d.py",
            ".venv/e.py",
            "gen/f.py",
            "target/g.rs",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x = 1\n").unwrap();
        }
        let resolver = Arc::new(ConfigResolver::new(None, root.clone()));
        let excl = Arc::new(cli_excludes(&["gen".to_string()]).unwrap());
        let d = discover(std::slice::from_ref(&root), &root, &resolver, &excl, false).unwrap();
        let rel: Vec<String> = d
            .files
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(rel, vec!["a.py", "b.rs", "sub/d.py"]);
    }

    #[test]
    fn missing_path_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let resolver = Arc::new(ConfigResolver::new(None, d.path().to_path_buf()));
        let excl = Arc::new(cli_excludes(&[]).unwrap());
        let e = discover(&[d.path().join("nope")], d.path(), &resolver, &excl, false).unwrap_err();
        assert!(e.contains("no such file"), "{e}");
    }

    #[test]
    fn named_files_obey_excludes_only_when_forced() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        std::fs::write(root.join("llmlint.toml"), "extend-exclude = [\"legacy\"]\n").unwrap();
        for f in ["legacy/old.py", "app/new.py", "gen/g.py"] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x = 1\n").unwrap();
        }
        let named: Vec<PathBuf> = ["legacy/old.py", "app/new.py", "gen/g.py"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let resolver = Arc::new(ConfigResolver::new(None, root.clone()));
        let excl = Arc::new(cli_excludes(&["gen".to_string()]).unwrap());
        let all = discover(&named, &root, &resolver, &excl, false).unwrap();
        assert_eq!(all.files.len(), 3);
        let forced = discover(&named, &root, &resolver, &excl, true).unwrap();
        assert_eq!(forced.files, vec![root.join("app/new.py")]);
    }
}
