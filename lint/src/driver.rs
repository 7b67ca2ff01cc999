//! The run over many files: read, prefilter, parse and extract in parallel, then a second
//! pass for files that call wrappers defined in other files.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use llmlint_rules::CallSite;
use llmlint_rules::catalog::Catalog;

use crate::analysis::{FileAnalysis, Settings, WrapperDef, WrapperIndex, analyze_file};
use crate::config::{Config, ConfigResolver};

/// Files larger than this are skipped with a warning: no hand-written source file is this
/// big, and parsing a generated one is not worth the time.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Bracket nesting deeper than this is refused before parsing (recursive parsers and tree
/// walks would need unbounded stack); no hand-written code comes close.
pub const MAX_NESTING: usize = 400;

/// One analysed file.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    /// The text, kept for files that were parsed (diagnostics and fixes need it).
    pub text: Option<Arc<str>>,
    pub analysis: FileAnalysis,
    pub config: Arc<Config>,
}

/// Everything one run found.
#[derive(Debug, Default)]
pub struct RunOutput {
    /// Only the files that were parsed, sorted by path.
    pub files: Vec<FileResult>,
    pub files_scanned: usize,
    pub files_parsed: usize,
    /// One line each, naming the file.
    pub warnings: Vec<String>,
    /// Wrappers defined in files of the project that were not analysed (indexed only).
    pub project_wrappers: Vec<WrapperDef>,
}

impl RunOutput {
    /// Every call site, ordered by path, line, column.
    pub fn calls(&self) -> impl Iterator<Item = (&FileResult, &CallSite)> {
        self.files
            .iter()
            .flat_map(|f| f.analysis.calls.iter().map(move |c| (f, c)))
    }
}

/// Per-configuration settings, built once per distinct configuration.
pub struct SettingsCache {
    base: Catalog,
    by_config: std::sync::Mutex<HashMap<usize, Settings>>,
}

impl SettingsCache {
    pub fn new(base: Catalog) -> Self {
        SettingsCache {
            base,
            by_config: std::sync::Mutex::new(HashMap::new()),
        }
    }
    pub fn get(&self, config: &Arc<Config>) -> Settings {
        let key = Arc::as_ptr(config) as usize;
        if let Some(s) = self
            .by_config
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return s;
        }
        let mut catalog = self.base.clone();
        catalog
            .user_wrappers
            .extend(config.options.wrappers.clone().unwrap_or_default());
        let s = Settings {
            catalog: Arc::new(catalog),
        };
        if let Ok(mut m) = self.by_config.lock() {
            m.insert(key, s.clone());
        }
        s
    }
}

/// Deepest bracket nesting in `text`, stopping early once `limit` is passed.
pub fn nesting_exceeds(text: &[u8], limit: usize) -> bool {
    let mut depth: usize = 0;
    for &b in text {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

fn display(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Run the front-ends over `files` (from `discover`). `cwd` makes reported paths relative.
pub fn run(
    files: &[PathBuf],
    cwd: &Path,
    resolver: &ConfigResolver,
    catalog: Catalog,
) -> RunOutput {
    run_with_index(files, cwd, resolver, catalog, Vec::new())
}

/// [`run`], with the wrapper definitions of other files of the project (`project`, from
/// [`index_files`]) added to the index of the second pass.
pub fn run_with_index(
    files: &[PathBuf],
    cwd: &Path,
    resolver: &ConfigResolver,
    catalog: Catalog,
    project: Vec<WrapperDef>,
) -> RunOutput {
    let settings = SettingsCache::new(catalog);
    let configs: Vec<Arc<Config>> = files.iter().map(|f| resolver.for_file(f)).collect();

    // The prefilter: every SDK marker of every configuration in play.
    let all: Vec<Settings> = resolver.all().iter().map(|c| settings.get(c)).collect();
    let prefilter = Prefilter::new(&all.iter().map(|s| &*s.catalog).collect::<Vec<_>>());

    enum Phase1 {
        Parsed(FileResult),
        Skipped,
        Warning(String),
    }

    let phase1: Vec<Phase1> = files
        .par_iter()
        .zip(configs.par_iter())
        .map(|(path, config)| {
            let shown = display(path, cwd);
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => return Phase1::Warning(format!("{shown}: cannot read: {e}")),
            };
            if !prefilter.hit(&bytes) {
                return Phase1::Skipped;
            }
            match prepare(&shown, bytes) {
                Err(w) => Phase1::Warning(w),
                Ok(text) => {
                    let s = settings.get(config);
                    match guarded_analyze(&shown, &text, &s, &WrapperIndex::default()) {
                        Ok(analysis) => Phase1::Parsed(FileResult {
                            path: path.clone(),
                            // Only files with calls or wrappers need their text later
                            // (diagnostics, fixes, the wrapper pass); the rest drop it now.
                            text: (!analysis.calls.is_empty() || !analysis.wrappers.is_empty())
                                .then_some(text),
                            analysis,
                            config: config.clone(),
                        }),
                        Err(w) => Phase1::Warning(w),
                    }
                }
            }
        })
        .collect();

    let mut out = RunOutput {
        files_scanned: files.len(),
        ..Default::default()
    };
    let mut parsed: HashMap<PathBuf, FileResult> = HashMap::new();
    for r in phase1 {
        match r {
            Phase1::Parsed(f) => {
                parsed.insert(f.path.clone(), f);
            }
            Phase1::Skipped => {}
            Phase1::Warning(w) => out.warnings.push(w),
        }
    }

    // Phase 2: wrappers defined in one file and called from another.
    let mut defs: Vec<WrapperDef> = parsed
        .values()
        .flat_map(|f| f.analysis.wrappers.iter().cloned())
        .collect();
    out.project_wrappers = project;
    defs.extend(out.project_wrappers.iter().cloned());
    let project = ProjectIndex::new(defs);
    if let Some(ac) = project.ac.as_ref() {
        let redo: Vec<FileResult> = files
            .par_iter()
            .enumerate()
            .filter_map(|(i, path)| {
                let shown = display(path, cwd);
                let text: Arc<str> = match parsed.get(path).and_then(|f| f.text.clone()) {
                    Some(t) => t,
                    None => {
                        // Not kept from phase one (no SDK marker, or nothing found):
                        // read again only if it names a wrapper.
                        let bytes = std::fs::read(path).ok()?;
                        if !ac.is_match(&bytes) {
                            return None;
                        }
                        if !std::str::from_utf8(&bytes).is_ok_and(|t| project.reaches(t)) {
                            return None;
                        }
                        prepare(&shown, bytes).ok()?
                    }
                };
                if !project.reaches(&text) {
                    return None;
                }
                let s = settings.get(&configs[i]);
                let analysis = guarded_analyze(&shown, &text, &s, &project.index).ok()?;
                Some(FileResult {
                    path: path.clone(),
                    text: Some(text),
                    analysis,
                    config: configs[i].clone(),
                })
            })
            .collect();
        for fr in redo {
            parsed.insert(fr.path.clone(), fr);
        }
    }

    let mut files_out: Vec<FileResult> = parsed.into_values().collect();
    out.files_parsed = files_out.iter().filter(|f| f.analysis.parsed).count();
    // Keep what later stages use: files with calls, and files that could not be parsed.
    files_out.retain(|f| {
        !f.analysis.calls.is_empty() || !f.analysis.parsed || !f.analysis.warnings.is_empty()
    });
    files_out.sort_by(|a, b| a.path.cmp(&b.path));
    for f in &mut files_out {
        let shown = display(&f.path, cwd);
        for w in f.analysis.warnings.drain(..) {
            out.warnings.push(format!("{shown}: {w}"));
        }
        normalize_calls(&mut f.analysis);
    }
    out.files = files_out;
    out.warnings.sort();
    out.warnings.dedup();
    out
}

/// The name another file must mention to reach a wrapper: its module (`llm_helpers` for
/// `pkg/llm_helpers.py`, `llm` for `src/llm.rs` or `src/llm/mod.rs`); `None` for a crate root,
/// which is reached through `crate::` paths.
fn module_stem(path: &str) -> Option<&str> {
    let p = Path::new(path);
    let stem = p.file_stem()?.to_str()?;
    match stem {
        "__init__" | "mod" => p.parent()?.file_name()?.to_str(),
        "lib" | "main" if path.ends_with(".rs") => None,
        s => Some(s),
    }
}

/// Calls in the order every output uses (line, column), duplicates (the same call found by
/// both passes) removed.
pub fn normalize_calls(analysis: &mut FileAnalysis) {
    analysis.calls.sort_by_key(|c| {
        (
            c.span.line,
            c.span.column,
            c.span.end_line,
            c.span.end_column,
        )
    });
    analysis
        .calls
        .dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
}

/// The project's wrapper index with the matcher that decides which files it applies to.
/// `llmlint check` builds it once per run; `llmlint server` rebuilds it when an edit changes
/// the wrappers a file defines.
#[derive(Debug, Default)]
pub struct ProjectIndex {
    pub index: WrapperIndex,
    names: Vec<String>,
    ac: Option<AhoCorasick>,
}

impl ProjectIndex {
    pub fn new(defs: Vec<WrapperDef>) -> Self {
        let index = WrapperIndex::new(defs);
        let names: Vec<String> = index.names().map(str::to_string).collect();
        let ac = if names.is_empty() {
            None
        } else {
            AhoCorasick::new(&names).ok()
        };
        ProjectIndex { index, names, ac }
    }

    /// Whether `text` can call one of the indexed wrappers: it names the wrapper and, for a
    /// function defined in another module, that module too. Methods are only resolved within
    /// their own file (phase one), so they never make a file worth a second look; this keeps
    /// common method names (`stream`, `run`) from sending half a repository through phase two.
    pub fn reaches(&self, text: &str) -> bool {
        let Some(ac) = &self.ac else {
            return false;
        };
        let mut seen = std::collections::HashSet::new();
        for m in ac.find_overlapping_iter(text.as_bytes()) {
            let name = self.names[m.pattern().as_usize()].as_str();
            if !seen.insert(name) {
                continue;
            }
            let reachable = self.index.by_name.get(name).into_iter().flatten().any(|d| {
                !d.is_method
                    && match module_stem(&d.path) {
                        Some(stem) => text.contains(stem),
                        None => text.contains("crate::") || d.path.ends_with("main.rs"),
                    }
            });
            if reachable {
                return true;
            }
        }
        false
    }
}

/// The SDK-marker prefilter of a set of catalogs: a file none of whose markers occur cannot
/// hold an LLM call and is not parsed.
pub struct Prefilter(Option<AhoCorasick>);

impl Prefilter {
    pub fn new(catalogs: &[&Catalog]) -> Self {
        let mut markers: Vec<String> = catalogs.iter().flat_map(|c| c.markers()).collect();
        markers.sort();
        markers.dedup();
        Prefilter(AhoCorasick::new(&markers).ok())
    }
    pub fn hit(&self, bytes: &[u8]) -> bool {
        self.0.as_ref().is_none_or(|ac| ac.is_match(bytes))
    }
}

/// Phase one alone over `files`: the wrapper definitions of every file that can hold an LLM
/// call (the project index's facts), for a run that reports on fewer files than it must
/// know about (`llmlint check FILE...` from a hook, the editor server's workspace scan).
/// `progress(done, total)` is called from worker threads as files are finished.
pub fn index_files(
    files: &[PathBuf],
    cwd: &Path,
    resolver: &ConfigResolver,
    catalog: Catalog,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<WrapperDef> {
    let settings = SettingsCache::new(catalog);
    let configs: Vec<Arc<Config>> = files.iter().map(|f| resolver.for_file(f)).collect();
    let all: Vec<Settings> = resolver.all().iter().map(|c| settings.get(c)).collect();
    let prefilter = Prefilter::new(&all.iter().map(|s| &*s.catalog).collect::<Vec<_>>());
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = files.len();
    let mut defs: Vec<WrapperDef> = files
        .par_iter()
        .zip(configs.par_iter())
        .flat_map_iter(|(path, config)| {
            let shown = display(path, cwd);
            let found = std::fs::read(path)
                .ok()
                .filter(|b| prefilter.hit(b))
                .and_then(|b| prepare(&shown, b).ok())
                .and_then(|text| {
                    guarded_analyze(
                        &shown,
                        &text,
                        &settings.get(config),
                        &WrapperIndex::default(),
                    )
                    .ok()
                })
                .map(|a| a.wrappers)
                .unwrap_or_default();
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, total);
            found
        })
        .collect();
    defs.sort_by(|a, b| (&a.path, &a.qualname).cmp(&(&b.path, &b.qualname)));
    defs
}

/// Decode and vet a file's bytes; a one-line warning when it cannot be analysed.
pub fn prepare(shown: &str, bytes: Vec<u8>) -> Result<Arc<str>, String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{shown}: skipped: file is {} MB, larger than the {} MB limit",
            bytes.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    if nesting_exceeds(&bytes, MAX_NESTING) {
        return Err(format!(
            "{shown}: skipped: brackets nested more than {MAX_NESTING} levels deep"
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: skipped: not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Arc::from(text))
}

/// Analyse with a panic guard: a bug in a front-end becomes a warning, never a crash.
pub fn guarded_analyze(
    shown: &str,
    text: &str,
    settings: &Settings,
    index: &WrapperIndex,
) -> Result<FileAnalysis, String> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        analyze_file(shown, text, settings, index)
    }))
    .map_err(|_| {
        format!("{shown}: skipped: internal error while analysing this file (please report it)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapper_modules_are_named_by_their_stem() {
        assert_eq!(module_stem("pkg/llm_helpers.py"), Some("llm_helpers"));
        assert_eq!(module_stem("pkg/llm/__init__.py"), Some("llm"));
        assert_eq!(module_stem("src/llm/mod.rs"), Some("llm"));
        assert_eq!(module_stem("src/ask.rs"), Some("ask"));
        assert_eq!(module_stem("src/lib.rs"), None);
    }

    #[test]
    fn nesting_check_stops_at_the_limit() {
        assert!(!nesting_exceeds(b"f(g([1, {2: 3}]))", 3 + 1));
        assert!(nesting_exceeds(b"f(g([1, {2: 3}]))", 3));
        let deep = "(".repeat(10_000);
        assert!(nesting_exceeds(deep.as_bytes(), MAX_NESTING));
    }

    #[test]
    fn prepare_rejects_non_utf8_and_deep_files_with_one_line() {
        let e = prepare("a.py", vec![b'x', 0xff, b'y']).unwrap_err();
        assert!(e.starts_with("a.py: skipped: not valid UTF-8"), "{e}");
        let e = prepare("b.py", "[".repeat(5000).into_bytes()).unwrap_err();
        assert!(e.contains("nested"), "{e}");
        assert!(!e.contains('\n'));
        assert_eq!(&*prepare("c.py", b"x = 1\n".to_vec()).unwrap(), "x = 1\n");
    }
}
