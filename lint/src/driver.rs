//! The run over many files: read, prefilter, parse and extract in parallel, then a second
//! pass for files that call wrappers defined in other files.

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use llmlint_rules::catalog::Catalog;
use llmlint_rules::{CallSite, Language};

use crate::analysis::{FileAnalysis, ProjectIndex, Settings, Want, analyze_file, language_of};
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
    /// Files parsed only because a call file imports them (prompt and client modules).
    pub files_parsed_extra: usize,
    /// The project index the calls were resolved with.
    pub index: Arc<ProjectIndex>,
    /// One line each, naming the file.
    pub warnings: Vec<String>,
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
    let settings = SettingsCache::new(catalog);
    let configs: Vec<Arc<Config>> = files.iter().map(|f| resolver.for_file(f)).collect();

    // The prefilter: every SDK marker of every configuration in play.
    let mut markers: Vec<String> = Vec::new();
    for c in resolver.all() {
        markers.extend(settings.get(&c).catalog.markers());
    }
    markers.sort();
    markers.dedup();
    let prefilter = AhoCorasick::new(&markers).ok();

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
            let hit = prefilter.as_ref().is_none_or(|ac| ac.is_match(&bytes));
            if !hit {
                return Phase1::Skipped;
            }
            match prepare(&shown, bytes) {
                Err(w) => Phase1::Warning(w),
                Ok(text) => {
                    let s = settings.get(config);
                    match guarded_analyze(&shown, &text, &s, &ProjectIndex::default()) {
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

    // Phase 1b: the files the call files import (prompt modules, client modules) and the
    // prompt files they read, followed a few levels deep; their facts join the index.
    let shown_paths: Vec<String> = files.iter().map(|p| display(p, cwd)).collect();
    let modules = ModuleMap::new(&shown_paths);
    let mut index = ProjectIndex::default();
    let mut resolved: HashSet<Want> = HashSet::new();
    let mut seen: HashSet<Want> = HashSet::new();
    let mut extra: HashMap<usize, FileResult> = HashMap::new();
    let mut pending: Vec<Want> = parsed
        .values()
        .flat_map(|f| f.analysis.wants.iter().cloned())
        .collect();
    for _round in 0..4 {
        pending.sort();
        pending.dedup();
        let mut to_parse: Vec<usize> = Vec::new();
        for w in pending.drain(..) {
            if !seen.insert(w.clone()) {
                continue;
            }
            match &w {
                Want::Module(lang, m) => {
                    let hits = modules.lookup(*lang, m);
                    if !hits.is_empty() {
                        resolved.insert(w.clone());
                    }
                    for i in hits {
                        if !parsed.contains_key(&files[i]) && !extra.contains_key(&i) {
                            to_parse.push(i);
                        }
                    }
                }
                Want::File(cands) => {
                    if let Some((k, text)) = read_prompt_file(cands, cwd) {
                        index.files.insert(k, text);
                        resolved.insert(w.clone());
                    }
                }
            }
        }
        to_parse.sort();
        to_parse.dedup();
        if to_parse.is_empty() {
            break;
        }
        let got: Vec<(usize, Result<FileResult, String>)> = to_parse
            .par_iter()
            .map(|&i| {
                let path = &files[i];
                let shown = &shown_paths[i];
                let r = std::fs::read(path)
                    .map_err(|e| format!("{shown}: cannot read: {e}"))
                    .and_then(|b| prepare(shown, b))
                    .and_then(|text| {
                        let s = settings.get(&configs[i]);
                        guarded_analyze(shown, &text, &s, &ProjectIndex::default()).map(
                            |analysis| FileResult {
                                path: path.clone(),
                                text: Some(text),
                                analysis,
                                config: configs[i].clone(),
                            },
                        )
                    });
                (i, r)
            })
            .collect();
        for (i, r) in got {
            match r {
                Ok(f) => {
                    pending.extend(f.analysis.wants.iter().cloned());
                    extra.insert(i, f);
                }
                Err(w) => out.warnings.push(w),
            }
        }
    }
    for f in parsed.values().chain(extra.values()) {
        index.add_wrappers(f.analysis.wrappers.iter().cloned());
        index.add_facts(f.analysis.facts.iter().cloned());
    }
    out.files_parsed_extra = extra.len();

    // Phase 2: files whose calls can use the index: those whose imports or prompt files
    // were found, and those that call a wrapper defined in another file.
    if !index.is_empty() {
        let names: Vec<&str> = index.names().collect();
        let ac = AhoCorasick::new(&names).ok();
        let redo: Vec<FileResult> = files
            .par_iter()
            .enumerate()
            .filter_map(|(i, path)| {
                let shown = &shown_paths[i];
                let known = parsed.get(path).or_else(|| extra.get(&i));
                let uses_index = known.is_some_and(|f| {
                    f.analysis.wants.iter().any(|w| resolved.contains(w))
                        && (!f.analysis.calls.is_empty() || !f.analysis.wrappers.is_empty())
                });
                let text: Arc<str> = match known.and_then(|f| f.text.clone()) {
                    Some(t) => t,
                    None if known.is_some_and(|f| f.analysis.parsed) => return None,
                    None => {
                        // Not kept from phase one (no SDK marker, or nothing found): read
                        // again only if it names a wrapper.
                        let ac = ac.as_ref()?;
                        let bytes = std::fs::read(path).ok()?;
                        if !ac.is_match(&bytes) {
                            return None;
                        }
                        if !std::str::from_utf8(&bytes)
                            .is_ok_and(|t| mentions_a_wrapper(ac, &names, &index, t))
                        {
                            return None;
                        }
                        prepare(shown, bytes).ok()?
                    }
                };
                let calls_wrapper = ac
                    .as_ref()
                    .is_some_and(|ac| mentions_a_wrapper(ac, &names, &index, &text));
                if !uses_index && !calls_wrapper {
                    return None;
                }
                let s = settings.get(&configs[i]);
                let analysis = guarded_analyze(shown, &text, &s, &index).ok()?;
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
    // fact files that were not re-analysed hold no calls; keep them for the count
    for (i, f) in extra {
        parsed.entry(files[i].clone()).or_insert(f);
    }
    out.index = Arc::new(index);

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
        f.analysis.calls.sort_by_key(|c| {
            (
                c.span.line,
                c.span.column,
                c.span.end_line,
                c.span.end_column,
            )
        });
        f.analysis
            .calls
            .dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
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

/// Whether `text` can call one of the indexed wrappers: it names the wrapper and, for a
/// function defined in another module, that module too; for a method, its class or its
/// module. Requiring both keeps common method names (`stream`, `run`) from sending half a
/// repository through phase two.
fn mentions_a_wrapper(ac: &AhoCorasick, names: &[&str], index: &ProjectIndex, text: &str) -> bool {
    let mut seen = std::collections::HashSet::new();
    for m in ac.find_overlapping_iter(text.as_bytes()) {
        let name = names[m.pattern().as_usize()];
        if !seen.insert(name) {
            continue;
        }
        let reachable = index.by_name.get(name).into_iter().flatten().any(|d| {
            let via_module = match module_stem(&d.path) {
                Some(stem) => text.contains(stem),
                None => text.contains("crate::") || d.path.ends_with("main.rs"),
            };
            if !d.is_method {
                return via_module;
            }
            // a method: the file must name its class (or the module that defines it)
            let class = d
                .qualname
                .rsplit(['.', ':'])
                .filter(|s| !s.is_empty())
                .nth(1)
                .unwrap_or("");
            via_module || (!class.is_empty() && text.contains(class))
        });
        if reachable {
            return true;
        }
    }
    false
}

/// Decode and vet a file's bytes; a one-line warning when it cannot be analysed.
fn prepare(shown: &str, bytes: Vec<u8>) -> Result<Arc<str>, String> {
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
    index: &ProjectIndex,
) -> Result<FileAnalysis, String> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        analyze_file(shown, text, settings, index)
    }))
    .map_err(|_| {
        format!("{shown}: skipped: internal error while analysing this file (please report it)")
    })
}

/// Prompt files larger than this are not read into the index.
const MAX_PROMPT_FILE_BYTES: u64 = 512 * 1024;

/// The first candidate that is a readable UTF-8 text file under the size limit; relative
/// candidates are taken from `cwd`.
fn read_prompt_file(cands: &[String], cwd: &Path) -> Option<(String, Arc<str>)> {
    for c in cands {
        let p = cwd.join(c);
        let Ok(meta) = std::fs::metadata(&p) else {
            continue;
        };
        if !meta.is_file() || meta.len() > MAX_PROMPT_FILE_BYTES {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&p) {
            return Some((c.clone(), Arc::from(text)));
        }
    }
    None
}

/// Module path of a Rust file inside its crate: `src/llm/prompts.rs` → `llm::prompts`,
/// `src/llm/mod.rs` → `llm`; crate roots, binaries, examples and tests are `""`.
pub fn rust_module_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let Some(i) = p.rfind("src/").filter(|&i| i == 0 || p[..i].ends_with('/')) else {
        return String::new();
    };
    let rel = p[i + 4..].trim_end_matches(".rs");
    let mut parts: Vec<&str> = rel.split('/').collect();
    if parts.first() == Some(&"bin") {
        return String::new();
    }
    if matches!(parts.last(), Some(&"mod") | Some(&"lib") | Some(&"main")) {
        parts.pop();
    }
    parts.join("::")
}

/// Files (index in the run's file list, module path) under one module name.
type ModulesNamed = HashMap<(Language, String), Vec<(usize, Vec<String>)>>;

/// Source files by the last component of their module path, to find what an import names.
struct ModuleMap {
    by_last: ModulesNamed,
}

impl ModuleMap {
    fn new(shown: &[String]) -> Self {
        let mut by_last: ModulesNamed = HashMap::new();
        for (i, p) in shown.iter().enumerate() {
            let (lang, segs): (Language, Vec<String>) = match language_of(p) {
                Some(Language::Python) => (
                    Language::Python,
                    crate::python::module_path(p)
                        .split('.')
                        .map(str::to_string)
                        .collect(),
                ),
                Some(Language::Rust) => (
                    Language::Rust,
                    rust_module_path(p)
                        .split("::")
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                ),
                None => continue,
            };
            if let Some(last) = segs.last() {
                by_last
                    .entry((lang, last.clone()))
                    .or_default()
                    .push((i, segs));
            }
        }
        ModuleMap { by_last }
    }

    /// Files whose module path agrees with `want` (an import path, possibly naming an item
    /// inside the module): the shorter of the two is a suffix of the other.
    fn lookup(&self, lang: Language, want: &str) -> Vec<usize> {
        let segs: Vec<&str> = match lang {
            Language::Python => want.split('.').collect(),
            Language::Rust => want
                .split("::")
                .filter(|s| !matches!(*s, "" | "crate" | "self" | "super"))
                .collect(),
        };
        let mut out = Vec::new();
        // the path may name the module itself or an item in it
        for cut in [segs.len(), segs.len().saturating_sub(1)] {
            let m = &segs[..cut];
            let Some(last) = m.last() else { continue };
            for (i, have) in self
                .by_last
                .get(&(lang, last.to_string()))
                .into_iter()
                .flatten()
            {
                let agree = m
                    .iter()
                    .rev()
                    .zip(have.iter().rev())
                    .take_while(|(a, b)| **a == b.as_str())
                    .count();
                if agree == m.len().min(have.len()) {
                    out.push(*i);
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out.sort();
        out.dedup();
        out
    }
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
