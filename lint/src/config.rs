//! Configuration: `llmlint.toml`, `[tool.llmlint]` in `pyproject.toml`, and
//! `[workspace.metadata.llmlint]` / `[package.metadata.llmlint]` in `Cargo.toml`, found by
//! walking up from each file. The closest configuration wins (no merging, as in ruff);
//! command-line flags override it.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use llmlint_rules::catalog::UserWrapper;

use crate::cost::{CostSettings, MultiplierFactors, PriceOverride};

/// The options a configuration file may set. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Options {
    /// Glob patterns (relative to the configuration's folder) of files and folders to skip.
    pub exclude: Option<Vec<String>>,
    /// Added to `exclude` (and to the defaults) instead of replacing them.
    pub extend_exclude: Option<Vec<String>>,
    /// In-house LLM helpers: calls of these are LLM calls.
    pub wrappers: Option<Vec<UserWrapper>>,
    /// Findings below this confidence are not reported.
    pub min_confidence: Option<f64>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub extend_select: Option<Vec<String>>,
    /// Glob → codes to ignore in matching files.
    pub per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    /// Cost estimation: how often each call site runs.
    pub calls_per_day: Option<f64>,
    /// Model assumed where a call's model is unknown.
    pub default_model: Option<String>,
    /// Tokens assumed for each run-time hole in a prompt.
    pub hole_tokens: Option<u64>,
    /// Price overrides.
    pub prices: Option<Vec<PriceOverride>>,
    /// A newer price table, in genai-prices' JSON format.
    pub prices_file: Option<PathBuf>,
    /// Factor per multiplier label (`loop`, `comprehension`, `concurrent`, `handler`, `retry`).
    pub multipliers: Option<MultiplierFactors>,
    /// Price calls as of this date (`YYYY-MM-DD`) instead of today, for reproducible reports.
    pub price_date: Option<String>,
}

impl Options {
    /// The cost settings these options ask for; relative paths are resolved against `root`.
    pub fn cost_settings(&self, root: &Path) -> CostSettings {
        let d = CostSettings::default();
        CostSettings {
            calls_per_day: self.calls_per_day.unwrap_or(d.calls_per_day),
            default_model: self.default_model.clone().unwrap_or(d.default_model),
            hole_tokens: self.hole_tokens.unwrap_or(d.hole_tokens),
            multipliers: self.multipliers.clone().unwrap_or(d.multipliers),
            prices: self.prices.clone().unwrap_or_default(),
            prices_file: self.prices_file.as_ref().map(|p| {
                if p.is_absolute() {
                    p.clone()
                } else {
                    root.join(p)
                }
            }),
            price_date: self.price_date.clone(),
        }
    }
}

/// A configuration file that was found and parsed.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from (None for the defaults).
    pub source: Option<PathBuf>,
    /// Folder that relative globs in it are resolved against.
    pub root: PathBuf,
    pub options: Options,
    exclude: GlobSet,
    per_file_ignores: Vec<(GlobSet, Vec<String>)>,
}

/// Folders nobody wants linted, as in ruff's defaults (plus Rust's `target`).
pub const DEFAULT_EXCLUDE: &[&str] = &[
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pypackages__",
    "__pycache__",
    "_build",
    "buck-out",
    "node_modules",
    "site-packages",
    "venv",
    "target",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid configuration in {}: {}",
            self.path.display(),
            self.message
        )
    }
}

impl std::error::Error for ConfigError {}

fn build_globs(patterns: &[String], source: &Path, key: &str) -> Result<GlobSet, ConfigError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        // A bare name (`migrations`, `*.gen.py`) matches at any depth, like ruff and .gitignore.
        let p = p.trim_end_matches('/');
        let variants: Vec<String> = if p.contains('/') {
            vec![
                p.trim_start_matches("./").to_string(),
                format!("{}/**", p.trim_start_matches("./")),
            ]
        } else {
            vec![format!("**/{p}"), format!("**/{p}/**")]
        };
        for v in variants {
            let g = Glob::new(&v).map_err(|e| ConfigError {
                path: source.to_path_buf(),
                message: format!("`{key}`: bad glob `{p}`: {e}"),
            })?;
            b.add(g);
        }
    }
    b.build().map_err(|e| ConfigError {
        path: source.to_path_buf(),
        message: format!("`{key}`: {e}"),
    })
}

impl Config {
    /// The configuration used where no file is found.
    pub fn default_for(root: PathBuf) -> Config {
        Config::from_options(None, root, Options::default()).expect("default globs are valid")
    }

    pub fn from_options(
        source: Option<PathBuf>,
        root: PathBuf,
        options: Options,
    ) -> Result<Config, ConfigError> {
        let src = source.clone().unwrap_or_else(|| root.clone());
        let mut excl: Vec<String> = match &options.exclude {
            Some(v) => v.clone(),
            None => DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect(),
        };
        excl.extend(options.extend_exclude.clone().unwrap_or_default());
        let exclude = build_globs(&excl, &src, "exclude")?;
        let mut per_file_ignores = Vec::new();
        for (glob, codes) in options.per_file_ignores.clone().unwrap_or_default() {
            per_file_ignores.push((
                build_globs(std::slice::from_ref(&glob), &src, "per-file-ignores")?,
                codes,
            ));
        }
        if let Some(mc) = options.min_confidence
            && !(0.0..=1.0).contains(&mc)
        {
            return Err(ConfigError {
                path: src,
                message: format!("`min-confidence` must be between 0 and 1, got {mc}"),
            });
        }
        // Rule selectors are checked when the file is read, so a typo is an error even in a
        // folder without LLM calls.
        let rules = llmlint_rules::registry::all_rules();
        let selectors = [
            ("select", options.select.clone().unwrap_or_default()),
            (
                "extend-select",
                options.extend_select.clone().unwrap_or_default(),
            ),
            ("ignore", options.ignore.clone().unwrap_or_default()),
            (
                "per-file-ignores",
                options
                    .per_file_ignores
                    .iter()
                    .flat_map(|m| m.values().flatten().cloned())
                    .collect(),
            ),
        ];
        for (key, codes) in selectors {
            for code in codes {
                crate::check::select::Selector::parse(&code, &rules).map_err(|e| ConfigError {
                    path: src.clone(),
                    message: format!("`{key}`: {e}"),
                })?;
            }
        }
        Ok(Config {
            source,
            root,
            options,
            exclude,
            per_file_ignores,
        })
    }

    /// Parse one configuration file. `Ok(None)` when the file exists but holds no llmlint
    /// section (a `pyproject.toml` without `[tool.llmlint]`).
    pub fn load(path: &Path) -> Result<Option<Config>, ConfigError> {
        let err = |message: String| ConfigError {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let table: toml::Table =
            toml::from_str(&text).map_err(|e| err(one_line(&e.to_string())))?;
        let section: Option<(toml::Value, &str)> = match name {
            "pyproject.toml" => table
                .get("tool")
                .and_then(|t| t.get("llmlint"))
                .map(|v| (v.clone(), "tool.llmlint")),
            "Cargo.toml" => {
                let ws = table
                    .get("workspace")
                    .and_then(|t| t.get("metadata"))
                    .and_then(|t| t.get("llmlint"))
                    .map(|v| (v.clone(), "workspace.metadata.llmlint"));
                ws.or_else(|| {
                    table
                        .get("package")
                        .and_then(|t| t.get("metadata"))
                        .and_then(|t| t.get("llmlint"))
                        .map(|v| (v.clone(), "package.metadata.llmlint"))
                })
            }
            _ => Some((toml::Value::Table(table), "")),
        };
        let Some((value, prefix)) = section else {
            return Ok(None);
        };
        let options: Options = value.try_into().map_err(|e: toml::de::Error| {
            let msg = one_line(&e.to_string());
            err(if prefix.is_empty() {
                msg
            } else {
                format!("[{prefix}]: {msg}")
            })
        })?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Config::from_options(Some(path.to_path_buf()), root, options).map(Some)
    }

    fn rel<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.is_match(self.rel(path))
    }

    /// Codes (or prefixes) ignored for this file by `per-file-ignores`.
    pub fn ignored_codes(&self, path: &Path) -> Vec<String> {
        let rel = self.rel(path);
        self.per_file_ignores
            .iter()
            .filter(|(g, _)| g.is_match(rel))
            .flat_map(|(_, codes)| codes.iter().cloned())
            .collect()
    }
}

fn one_line(s: &str) -> String {
    // toml's messages span several lines with a source excerpt; keep the gist on one line.
    let lines: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let head = lines.first().copied().unwrap_or("");
    let detail = lines.last().copied().unwrap_or("");
    if lines.len() > 1 && head != detail {
        format!("{head}: {detail}")
    } else {
        head.to_string()
    }
}

/// Finds the closest configuration for each folder, caching by folder.
#[derive(Debug)]
pub struct ConfigResolver {
    /// Used for every file when set (`--config FILE`).
    forced: Option<Arc<Config>>,
    cache: Mutex<HashMap<PathBuf, Arc<Config>>>,
    default: Arc<Config>,
    errors: Mutex<Vec<ConfigError>>,
}

impl ConfigResolver {
    pub fn new(forced: Option<Config>, cwd: PathBuf) -> Self {
        ConfigResolver {
            forced: forced.map(Arc::new),
            cache: Mutex::new(HashMap::new()),
            default: Arc::new(Config::default_for(cwd)),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// The configuration that applies to files in `dir` (an absolute folder).
    pub fn for_dir(&self, dir: &Path) -> Arc<Config> {
        if let Some(f) = &self.forced {
            return f.clone();
        }
        if let Some(c) = self.cache.lock().ok().and_then(|c| c.get(dir).cloned()) {
            return c;
        }
        let found = self.find(dir);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(dir.to_path_buf(), found.clone());
        }
        found
    }

    fn find(&self, dir: &Path) -> Arc<Config> {
        for name in [
            "llmlint.toml",
            ".llmlint.toml",
            "pyproject.toml",
            "Cargo.toml",
        ] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                match Config::load(&candidate) {
                    Ok(Some(c)) => return Arc::new(c),
                    Ok(None) => {}
                    Err(e) => {
                        if let Ok(mut errs) = self.errors.lock()
                            && !errs.contains(&e)
                        {
                            errs.push(e);
                        }
                        return self.default.clone();
                    }
                }
            }
        }
        match dir.parent() {
            Some(parent) if parent != dir => self.for_dir(parent),
            _ => self.default.clone(),
        }
    }

    pub fn for_file(&self, path: &Path) -> Arc<Config> {
        match path.parent() {
            Some(p) => self.for_dir(p),
            None => self.default.clone(),
        }
    }

    /// Every configuration error met so far.
    pub fn errors(&self) -> Vec<ConfigError> {
        self.errors.lock().map(|e| e.clone()).unwrap_or_default()
    }

    /// Every distinct configuration resolved so far (for building the prefilter).
    pub fn all(&self) -> Vec<Arc<Config>> {
        let mut out: Vec<Arc<Config>> = vec![self.default.clone()];
        if let Some(f) = &self.forced {
            out.push(f.clone());
        }
        if let Ok(c) = self.cache.lock() {
            for v in c.values() {
                if !out.iter().any(|o| Arc::ptr_eq(o, v)) {
                    out.push(v.clone());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_each_config_form() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "a/llmlint.toml",
            "min-confidence = 0.8\nexclude = [\"gen\"]\n",
        );
        let c = Config::load(&p).unwrap().unwrap();
        assert_eq!(c.options.min_confidence, Some(0.8));
        assert!(c.is_excluded(&d.path().join("a/gen/x.py")));
        assert!(!c.is_excluded(&d.path().join("a/src/x.py")));

        let p = write(
            d.path(),
            "b/pyproject.toml",
            "[project]\nname='x'\n[tool.llmlint]\ncalls-per-day = 50\n",
        );
        assert_eq!(
            Config::load(&p).unwrap().unwrap().options.calls_per_day,
            Some(50.0)
        );
        let p = write(d.path(), "c/pyproject.toml", "[project]\nname='x'\n");
        assert!(Config::load(&p).unwrap().is_none());
        let p = write(
            d.path(),
            "d/Cargo.toml",
            "[package]\nname='x'\n[package.metadata.llmlint]\nhole-tokens = 7\n",
        );
        assert_eq!(
            Config::load(&p).unwrap().unwrap().options.hole_tokens,
            Some(7)
        );
        let p = write(
            d.path(),
            "e/Cargo.toml",
            "[workspace.metadata.llmlint]\ndefault-model = \"gpt-4o\"\n",
        );
        assert_eq!(
            Config::load(&p)
                .unwrap()
                .unwrap()
                .options
                .default_model
                .as_deref(),
            Some("gpt-4o")
        );
    }

    #[test]
    fn unknown_rule_selectors_are_config_errors() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "llmlint.toml",
            "select = [\"LLM3\", \"LLM777\"]\n",
        );
        let msg = Config::load(&p).unwrap_err().to_string();
        assert!(
            msg.contains("llmlint.toml") && msg.contains("LLM777") && msg.contains("`select`"),
            "{msg}"
        );
        let p = write(
            d.path(),
            "b/llmlint.toml",
            "[per-file-ignores]\n\"tests/*\" = [\"XYZ1\"]\n",
        );
        assert!(Config::load(&p).unwrap_err().to_string().contains("XYZ1"));
        let p = write(
            d.path(),
            "c/llmlint.toml",
            "select = [\"ALL\"]\nignore = [\"LLM5\"]\n",
        );
        assert!(Config::load(&p).is_ok());
    }

    #[test]
    fn unknown_key_names_file_and_key() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "pyproject.toml",
            "[tool.llmlint]\nmin-confidense = 0.5\n",
        );
        let e = Config::load(&p).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("pyproject.toml"), "{msg}");
        assert!(msg.contains("min-confidense"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn closest_config_wins_and_defaults_exclude_venv() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        write(&root, "llmlint.toml", "calls-per-day = 1\n");
        write(
            &root,
            "sub/pyproject.toml",
            "[tool.llmlint]\ncalls-per-day = 2\n",
        );
        let r = ConfigResolver::new(None, root.clone());
        assert_eq!(
            r.for_file(&root.join("x.py")).options.calls_per_day,
            Some(1.0)
        );
        assert_eq!(
            r.for_file(&root.join("sub/deep/x.py"))
                .options
                .calls_per_day,
            Some(2.0)
        );
        let c = r.for_file(&root.join("x.py"));
        assert!(c.is_excluded(&root.join(".venv/lib/x.py")));
        assert!(c.is_excluded(&root.join("pkg/node_modules/x.py")));
    }

    #[test]
    fn per_file_ignores_match_relative_globs() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "llmlint.toml",
            "[per-file-ignores]\n\"tests/*\" = [\"LLM3\"]\n\"legacy.py\" = [\"LLM101\"]\n",
        );
        let c = Config::load(&p).unwrap().unwrap();
        assert_eq!(c.ignored_codes(&d.path().join("tests/t.py")), vec!["LLM3"]);
        assert_eq!(
            c.ignored_codes(&d.path().join("a/legacy.py")),
            vec!["LLM101"]
        );
        assert!(c.ignored_codes(&d.path().join("src/t.py")).is_empty());
    }
}
