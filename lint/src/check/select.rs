//! Rule selection: `--select`, `--extend-select`, `--ignore` (codes, prefixes such as `LLM3`
//! or `LLM30`, and `ALL`), and `per-file-ignores`.
//!
//! Resolution follows ruff. Start from the rules that are on by default. Each layer (the
//! config file, then the command line) may replace the set with `select`, then add with
//! `extend-select` and remove with `ignore`; inside one layer, for every rule, the most
//! specific matching selector wins (`ALL` < `LLM` < `LLM3` < `LLM30` < `LLM301`), and on a tie
//! `ignore` wins. So `select = ["LLM3"], ignore = ["LLM301"]` leaves LLM302.., and
//! `select = ["LLM301"], ignore = ["LLM3"]` keeps LLM301.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use llmlint_rules::registry::{RuleInfo, all_rules};

/// A parsed selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    All,
    /// A code or a code prefix, upper-cased.
    Prefix(String),
}

impl Selector {
    /// Parse against the known rules: `ALL`, or a prefix of at least one rule code.
    pub fn parse(s: &str, rules: &[&RuleInfo]) -> Result<Selector, SelectionError> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("ALL") {
            return Ok(Selector::All);
        }
        let up = t.to_ascii_uppercase();
        if up.is_empty() || !rules.iter().any(|r| r.code.starts_with(&up)) {
            return Err(SelectionError::UnknownSelector(s.to_string()));
        }
        Ok(Selector::Prefix(up))
    }

    pub fn matches(&self, code: &str) -> bool {
        match self {
            Selector::All => true,
            Selector::Prefix(p) => code.starts_with(p.as_str()),
        }
    }

    /// Larger is more specific.
    pub fn specificity(&self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Prefix(p) => p.len(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionError {
    UnknownSelector(String),
    InvalidGlob { pattern: String, message: String },
}

impl fmt::Display for SelectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SelectionError::UnknownSelector(s) => write!(f, "unknown rule selector `{s}`"),
            SelectionError::InvalidGlob { pattern, message } => {
                write!(f, "invalid per-file-ignores pattern `{pattern}`: {message}")
            }
        }
    }
}

impl std::error::Error for SelectionError {}

/// One layer of selection settings (the config file, or the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectionLayer {
    /// Replaces the set from the layers before (and the defaults).
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// The enabled rules of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSelection {
    enabled: BTreeSet<&'static str>,
}

impl RuleSelection {
    /// The rules that are on by default.
    pub fn default_set() -> RuleSelection {
        RuleSelection::default_set_of(&all_rules())
    }

    pub fn default_set_of(rules: &[&'static RuleInfo]) -> RuleSelection {
        RuleSelection {
            enabled: rules
                .iter()
                .filter(|r| r.default_enabled)
                .map(|r| r.code)
                .collect(),
        }
    }

    /// Resolve layers against the registry.
    pub fn resolve(layers: &[SelectionLayer]) -> Result<RuleSelection, SelectionError> {
        RuleSelection::resolve_with(&all_rules(), layers)
    }

    /// Resolve layers against `rules`.
    pub fn resolve_with(
        rules: &[&'static RuleInfo],
        layers: &[SelectionLayer],
    ) -> Result<RuleSelection, SelectionError> {
        let mut current = RuleSelection::default_set_of(rules).enabled;
        for layer in layers {
            let parse = |list: &[String]| -> Result<Vec<Selector>, SelectionError> {
                list.iter().map(|s| Selector::parse(s, rules)).collect()
            };
            let mut positive = match &layer.select {
                Some(sel) => {
                    current.clear();
                    parse(sel)?
                }
                None => Vec::new(),
            };
            positive.extend(parse(&layer.extend_select)?);
            let negative = parse(&layer.ignore)?;
            for rule in rules {
                let best_pos = positive
                    .iter()
                    .filter(|s| s.matches(rule.code))
                    .map(Selector::specificity)
                    .max();
                let best_neg = negative
                    .iter()
                    .filter(|s| s.matches(rule.code))
                    .map(Selector::specificity)
                    .max();
                match (best_pos, best_neg) {
                    (Some(p), Some(n)) if p > n => {
                        current.insert(rule.code);
                    }
                    (_, Some(_)) => {
                        current.remove(rule.code);
                    }
                    (Some(_), None) => {
                        current.insert(rule.code);
                    }
                    (None, None) => {}
                }
            }
        }
        Ok(RuleSelection { enabled: current })
    }

    pub fn is_enabled(&self, code: &str) -> bool {
        self.enabled.contains(code)
    }

    /// Enabled codes, in code order.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.enabled.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.enabled.is_empty()
    }
}

/// `per-file-ignores`: glob → selectors, matched against the path relative to the folder of
/// the config file that declared them. A pattern without `/` also matches the file name alone
/// (`"__init__.py"`); a pattern starting with `!` applies to the files it does not match.
#[derive(Debug, Clone)]
pub struct PerFileIgnores {
    base: PathBuf,
    entries: Vec<PerFileEntry>,
}

#[derive(Debug, Clone)]
struct PerFileEntry {
    pattern: String,
    set: GlobSet,
    basename: bool,
    negated: bool,
    selectors: Vec<Selector>,
}

impl PerFileIgnores {
    pub fn new(
        base: impl Into<PathBuf>,
        entries: &[(String, Vec<String>)],
    ) -> Result<PerFileIgnores, SelectionError> {
        PerFileIgnores::new_with(base, entries, &all_rules())
    }

    pub fn new_with(
        base: impl Into<PathBuf>,
        entries: &[(String, Vec<String>)],
        rules: &[&RuleInfo],
    ) -> Result<PerFileIgnores, SelectionError> {
        let mut out = Vec::with_capacity(entries.len());
        for (pattern, selectors) in entries {
            let (negated, pat) = match pattern.strip_prefix('!') {
                Some(p) => (true, p),
                None => (false, pattern.as_str()),
            };
            let pat = pat.strip_prefix("./").unwrap_or(pat);
            let glob = Glob::new(pat).map_err(|e| SelectionError::InvalidGlob {
                pattern: pattern.clone(),
                message: e.kind().to_string(),
            })?;
            let mut b = GlobSetBuilder::new();
            b.add(glob);
            let set = b.build().map_err(|e| SelectionError::InvalidGlob {
                pattern: pattern.clone(),
                message: e.kind().to_string(),
            })?;
            let selectors = selectors
                .iter()
                .map(|s| Selector::parse(s, rules))
                .collect::<Result<Vec<_>, _>>()?;
            out.push(PerFileEntry {
                pattern: pattern.clone(),
                set,
                basename: !pat.contains('/'),
                negated,
                selectors,
            });
        }
        Ok(PerFileIgnores {
            base: base.into(),
            entries: out,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when `code` is ignored for `path` (absolute, or relative to the working folder as
    /// the walker found it; made relative to the config folder here).
    pub fn is_ignored(&self, path: &Path, code: &str) -> bool {
        if self.entries.is_empty() {
            return false;
        }
        let rel = path.strip_prefix(&self.base).unwrap_or(path);
        let rel = rel.strip_prefix(".").unwrap_or(rel);
        let name = rel.file_name().map(Path::new);
        self.entries.iter().any(|e| {
            let m = e.set.is_match(rel) || (e.basename && name.is_some_and(|n| e.set.is_match(n)));
            (m != e.negated) && e.selectors.iter().any(|s| s.matches(code))
        })
    }

    /// The patterns, for messages.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.pattern.as_str())
    }
}
