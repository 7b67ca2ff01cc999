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

use crate::analysis::{
    FactValue, FileAnalysis, ProjectIndex, Settings, Want, analyze_file, language_of,
};
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
            facts: crate::analysis::FactDepth::Cheap,
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
    run_inner(files, cwd, resolver, catalog, None, &|_, _| {})
}

/// [`run`] for a subset of a project: `base` is the index of the project's other files
/// (from [`index_files`]), whose definitions join the index of this run.
pub fn run_with_base(
    files: &[PathBuf],
    cwd: &Path,
    resolver: &ConfigResolver,
    catalog: Catalog,
    base: Option<&ProjectIndex>,
) -> RunOutput {
    run_inner(files, cwd, resolver, catalog, base, &|_, _| {})
}

/// The project index of `files` alone (their definitions and the prompt files they read),
/// for a run that reports on fewer files than it must know about (`llmlint check FILE...`
/// from a hook, the editor server's workspace scan). `progress(done, total)` is called from
/// worker threads as files pass the first phase.
pub fn index_files(
    files: &[PathBuf],
    cwd: &Path,
    resolver: &ConfigResolver,
    catalog: Catalog,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> ProjectIndex {
    let out = run_inner(files, cwd, resolver, catalog, None, progress);
    Arc::try_unwrap(out.index).unwrap_or_else(|a| (*a).clone())
}

fn run_inner(
    files: &[PathBuf],
    cwd: &Path,
    resolver: &ConfigResolver,
    catalog: Catalog,
    base: Option<&ProjectIndex>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> RunOutput {
    // crates the project's manifests rename (`oai = { package = "async-openai" }`): code
    // names them by the new name
    let catalog = project_catalog(catalog, files, cwd);
    let settings = SettingsCache::new(catalog);
    let configs: Vec<Arc<Config>> = files.iter().map(|f| resolver.for_file(f)).collect();

    // The prefilter: every SDK marker of every configuration in play.
    let all: Vec<Settings> = resolver.all().iter().map(|c| settings.get(c)).collect();
    let prefilter = Prefilter::new(&all.iter().map(|s| &*s.catalog).collect::<Vec<_>>());
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = files.len();

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
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, total);
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => return Phase1::Warning(format!("{shown}: cannot read: {e}")),
            };
            if !prefilter.hit(path, &bytes) {
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

    // Rounds over the project index, to a fixed point (bounded): each round follows the
    // imports and prompt-file reads of what was parsed so far (parsing the modules they name),
    // merges every file's facts and wrappers into the index, finds the files without an SDK
    // marker that reach an LLM object of the project (a wrapper, a client, an object of a
    // wrapping class: they name it and its module), and re-analyses with the index every file
    // that can use it.
    let shown_paths: Vec<String> = files.iter().map(|p| display(p, cwd)).collect();
    let modules = ModuleMap::new(&shown_paths);
    let mut index = ProjectIndex::default();
    let mut resolved: HashSet<Want> = HashSet::new();
    let mut seen: HashSet<Want> = HashSet::new();
    let mut by_idx: HashMap<usize, FileResult> = HashMap::new();
    let pos: HashMap<&Path, usize> = files
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_path(), i))
        .collect();
    for (p, f) in parsed.drain() {
        if let Some(&i) = pos.get(p.as_path()) {
            by_idx.insert(i, f);
        }
    }
    let analyse = |i: usize,
                   text: Arc<str>,
                   index: &ProjectIndex,
                   depth: crate::analysis::FactDepth|
     -> Result<FileResult, String> {
        let mut s = settings.get(&configs[i]);
        s.facts = depth;
        guarded_analyze(&shown_paths[i], &text, &s, index).map(|analysis| FileResult {
            path: files[i].clone(),
            text: Some(text),
            analysis,
            config: configs[i].clone(),
        })
    };
    let read = |i: usize| -> Result<Arc<str>, String> {
        std::fs::read(&files[i])
            .map_err(|e| format!("{}: cannot read: {e}", shown_paths[i]))
            .and_then(|b| prepare(&shown_paths[i], b))
    };
    let trace = std::env::var_os("LLMLINT_TRACE").is_some();
    if trace {
        eprintln!("llmlint: trace: phase one parsed {} files", by_idx.len());
    }
    let mut index_size = (0usize, 0usize, 0usize);
    // the names and the words that reach them: a name already known can gain a way in (a
    // method of the same name on an interface's implementation)
    let mut last_reach: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    // what each file offered the index when last seen, to re-analyse only the files whose
    // imports changed
    let mut offered: HashMap<usize, u64> = HashMap::new();
    let mut want_targets: HashMap<Want, Vec<usize>> = HashMap::new();
    // (file, import) pairs the index served when the file was last looked at: an import it
    // serves only now (a name re-exported by `pub use` from a module parsed since) is new
    let mut served_before: HashSet<(usize, Want)> = HashSet::new();
    // files another file's call sites need: analysed with all their facts
    let mut needed: HashSet<usize> = HashSet::new();
    for _round in 0..6 {
        // 1. modules and prompt files wanted by what is parsed
        let mut fresh: Vec<usize> = Vec::new();
        let mut wants: Vec<Want> = by_idx
            .values()
            .flat_map(|f| f.analysis.wants.iter().cloned())
            .filter(|w| !seen.contains(w))
            .collect();
        wants.sort();
        wants.dedup();
        let mut new_files: HashSet<Want> = HashSet::new();
        for w in wants {
            seen.insert(w.clone());
            match &w {
                Want::Module(lang, m) => {
                    // a vendored dependency's modules are the library's, not the project's
                    let hits: Vec<usize> = modules
                        .lookup(*lang, m)
                        .into_iter()
                        .filter(|i| !is_vendored(&shown_paths[*i]))
                        .collect();
                    if !hits.is_empty() {
                        resolved.insert(w.clone());
                    }
                    // a module another file needs gets all its facts collected
                    for &i in &hits {
                        if needed.insert(i) || !by_idx.contains_key(&i) {
                            fresh.push(i);
                        }
                    }
                    want_targets.insert(w.clone(), hits);
                }
                Want::File(cands) => {
                    if let Some((k, text)) = read_prompt_file(cands, cwd) {
                        index.files.insert(k, text);
                        resolved.insert(w.clone());
                        new_files.insert(w.clone());
                    }
                }
            }
        }
        // 2. the index as far as it is known
        index.clear_definitions();
        if let Some(b) = base {
            index.add_other(b);
        }
        let mut changed: HashSet<usize> = HashSet::new();
        for (i, f) in &by_idx {
            add_definitions(&mut index, &shown_paths[*i], &f.analysis);
            let sig = definitions_signature(&f.analysis);
            if offered.insert(*i, sig) != Some(sig) {
                changed.insert(*i);
            }
        }
        index.seal();
        // 3. files without an SDK marker that reach an LLM object of the project
        let reach = Reach::new(&index);
        let reach_changed = reach.needs != last_reach;
        if !reach.is_empty() && reach_changed {
            last_reach = reach.needs.clone();
            // files not parsed yet, and parsed ones whose text was not kept (nothing found
            // in them then)
            let reached: Vec<usize> = (0..files.len())
                .into_par_iter()
                .filter(|i| by_idx.get(i).is_none_or(|f| f.text.is_none()))
                .filter(|&i| {
                    std::fs::read(&files[i])
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok())
                        .is_some_and(|t| reach.mentions(&t))
                })
                .collect();
            fresh.extend(reached);
        }
        fresh.sort();
        fresh.dedup();
        let size = (
            index.facts.values().map(Vec::len).sum::<usize>(),
            index.by_name.values().map(Vec::len).sum::<usize>(),
            index.files.len(),
        );
        // a file's definitions may change without changing their number (a prompt
        // builder whose constants arrived): the files using it are analysed again
        if fresh.is_empty() && size == index_size && changed.is_empty() {
            break;
        }
        index_size = size;
        if trace {
            eprintln!(
                "llmlint: trace: round {_round}: {} definitions, {} prompt files, {} new files, reach {}",
                size.0 + size.1,
                size.2,
                fresh.len(),
                reach.names().len()
            );
        }
        // 4. analyse the new files, and re-analyse those that can use the index
        let redo: Vec<usize> = by_idx
            .iter()
            .filter(|(i, f)| {
                let a = &f.analysis;
                a.parsed
                    && !fresh.contains(i)
                    && (((!a.calls.is_empty()
                        || !a.wrappers.is_empty()
                        || !a.wants.is_empty()
                        || a.facts.iter().any(fact_can_improve))
                        && a.wants.iter().any(|w| {
                            // an import whose module changed since this file was analysed
                            // (phase one analysed with an empty index: anything served is new,
                            // a name a package re-exports from a module parsed then included)
                            let moved = _round == 0
                                || new_files.contains(w)
                                || want_targets
                                    .get(w)
                                    .is_some_and(|t| t.iter().any(|x| changed.contains(x)))
                                || !served_before.contains(&(**i, w.clone()));
                            moved && resolved.contains(w) && index.serves(w, &shown_paths[**i])
                        }))
                        // a file that names an LLM object the index gained a way into (found
                        // nothing before, or found less)
                        || (reach_changed
                            && f.text.as_deref().is_some_and(|t| reach.mentions(t))))
            })
            .map(|(i, _)| *i)
            .collect();
        for (i, f) in &by_idx {
            for w in &f.analysis.wants {
                if resolved.contains(w) && index.serves(w, &shown_paths[*i]) {
                    served_before.insert((*i, w.clone()));
                }
            }
        }
        let work: Vec<(usize, Option<Arc<str>>)> = fresh
            .into_iter()
            .map(|i| (i, None))
            // a text not kept is read again
            .chain(redo.into_iter().map(|i| (i, by_idx[&i].text.clone())))
            .collect();
        if trace {
            eprintln!("llmlint: trace: re-analysing {} files", work.len());
        }
        let done: Vec<(usize, Result<FileResult, String>)> = work
            .into_par_iter()
            .map(|(i, text)| {
                let depth = if needed.contains(&i) {
                    crate::analysis::FactDepth::All
                } else {
                    crate::analysis::FactDepth::Cheap
                };
                let text = match text.or_else(|| by_idx.get(&i).and_then(|f| f.text.clone())) {
                    Some(t) => Ok(t),
                    None => read(i),
                };
                (i, text.and_then(|t| analyse(i, t, &index, depth)))
            })
            .collect();
        for (i, r) in done {
            match r {
                Ok(f) => {
                    by_idx.insert(i, f);
                }
                Err(w) => out.warnings.push(w),
            }
        }
    }
    // the final index, for later stages (fixes re-analyse single files with it)
    index.clear_definitions();
    if let Some(b) = base {
        index.add_other(b);
    }
    for (i, f) in &by_idx {
        add_definitions(&mut index, &shown_paths[*i], &f.analysis);
    }
    index.seal();
    out.index = Arc::new(index);
    let parsed: HashMap<PathBuf, FileResult> =
        by_idx.into_values().map(|f| (f.path.clone(), f)).collect();

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
/// two passes) removed.
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

/// The catalog as the Cargo manifests of the run's Rust files adjust it: crates they rename
/// (`oai = { package = "async-openai" }`) are named by the new name in code, and the
/// project's own crates that say they are LLM clients are LLM crates to their examples,
/// tests and dependents (`helper_kit::Agent::new(..).ask(..)`).
pub fn project_catalog(mut catalog: Catalog, files: &[PathBuf], cwd: &Path) -> Catalog {
    let manifests = manifest_facts(files, cwd);
    for (local, package) in manifests.renames {
        let llm = crate::rust::llm_crate_name(&package);
        catalog.rust.alias_crate(&local, &package, llm);
    }
    for name in manifests.llm_packages {
        catalog.rust.add_llm_crate(&name);
    }
    for name in manifests.llm_using_packages {
        catalog.rust.add_weak_llm_crate(&name);
    }
    catalog
}

/// What the Cargo manifests of the run's Rust files say (each directory from the file up to
/// the run's directory, so a workspace root's `[workspace.dependencies]` counts).
#[derive(Debug, Default)]
pub struct ManifestFacts {
    /// Renamed dependencies: (name in code, package name), `-` written `_`.
    pub renames: Vec<(String, String)>,
    /// The project's own packages (and `[lib]` names) whose description or keywords say they
    /// are LLM clients or frameworks, `-` written `_`.
    pub llm_packages: Vec<String>,
    /// The project's own packages that use an LLM API (their source posts to one, or they
    /// depend on an LLM crate) without saying they are clients: applications or wrappers.
    pub llm_using_packages: Vec<String>,
}

pub fn manifest_facts(files: &[PathBuf], cwd: &Path) -> ManifestFacts {
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut out = ManifestFacts::default();
    // the run's Rust files as absolute paths, once for every manifest
    let rust_files: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .map(|f| {
            if f.is_absolute() {
                f.clone()
            } else {
                cwd.join(f)
            }
        })
        .collect();
    for abs in &rust_files {
        let mut dir = abs.parent();
        let mut depth = 0;
        while let Some(d) = dir {
            if depth > 16 || !seen.insert(d.to_path_buf()) {
                break;
            }
            if let Ok(text) = std::fs::read_to_string(d.join("Cargo.toml"))
                && let Ok(doc) = text.parse::<toml::Table>()
            {
                renames_in(&doc, &mut out.renames);
                if !llm_package_in(&doc, &mut out.llm_packages)
                    && (depends_on_llm_crate(&doc) || sources_name_llm_api(d, &rust_files))
                {
                    push_package(&doc, &mut out.llm_using_packages);
                }
            }
            if d == cwd {
                break;
            }
            dir = d.parent();
            depth += 1;
        }
    }
    out.renames.sort();
    out.renames.dedup();
    out.llm_packages.sort();
    out.llm_packages.dedup();
    out.llm_using_packages.sort();
    out.llm_using_packages.dedup();
    out
}

/// A package whose manifest describes an LLM client or framework: a keyword naming LLMs or a
/// vendor, or a description that does (`"A Rust client for hosted large language models"`,
/// `"access 50+ AI models"`, `"an OpenAI-compatible agent framework"`).
fn llm_package_in(doc: &toml::Table, out: &mut Vec<String>) -> bool {
    let Some(pkg) = doc.get("package").and_then(|v| v.as_table()) else {
        return false;
    };
    if pkg.get("name").and_then(|v| v.as_str()).is_none() {
        return false;
    }
    let description = pkg
        .get("description")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_lowercase();
    let keywords: Vec<String> = pkg
        .get("keywords")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|k| k.as_str())
                .map(str::to_lowercase)
                .collect()
        })
        .unwrap_or_default();
    // a vendor or family as a whole word: `claude`, `llms`, `chatgpt`, not `coherent`
    let vendor = |w: &str| {
        let w = w.strip_suffix('s').filter(|_| w == "llms").unwrap_or(w);
        crate::rust::LLM_NAME_PARTS.contains(&w)
            || matches!(w, "chatgpt" | "perplexity" | "xai" | "genai")
    };
    let keyword = keywords.iter().any(|k| {
        vendor(k)
            || k.contains("language-model")
            || k.contains("generative-ai")
            || k.starts_with("llm-")
            || k.ends_with("-llm")
            || k == "ai-agent"
            || k == "ai-agents"
    }) || keywords.iter().any(|k| k == "ai")
        // "ai" with what an LLM framework offers, not "ai" with "chess" or "pathfinding"
        && keywords.iter().any(|k| {
            matches!(
                k.as_str(),
                "agent" | "agents" | "model" | "models" | "chat" | "chatbot" | "assistant"
                    | "prompt" | "prompts" | "rag" | "inference"
            )
        });
    let words: Vec<&str> = description
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let pair = |a: &str, b: &[&str]| {
        words
            .windows(2)
            .any(|p| p[0] == a && b.iter().any(|x| p[1].starts_with(x)))
    };
    let described = description
        .split(|c: char| !c.is_alphanumeric())
        .any(vendor)
        || words
            .iter()
            .any(|w| w.starts_with("gpt-") || w.starts_with("llm-"))
        || pair("language", &["model"])
        || pair("ai", &["model", "agent", "assistant", "provider", "chat"])
        || pair("generative", &["ai"])
        || pair("chat", &["completion"]);
    if !(keyword || described) {
        return false;
    }
    push_package(doc, out);
    true
}

/// The package's name and its `[lib]` name, `-` written `_`.
fn push_package(doc: &toml::Table, out: &mut Vec<String>) {
    let Some(name) = doc
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|v| v.as_str())
    else {
        return;
    };
    out.push(name.replace('-', "_"));
    if let Some(lib) = doc
        .get("lib")
        .and_then(|l| l.get("name"))
        .and_then(|v| v.as_str())
    {
        out.push(lib.replace('-', "_"));
    }
}

/// A package (not a workspace root alone) whose `[dependencies]` include an LLM client crate
/// (`async-openai`, `ollama-rs`, `rig-core`): a wrapper whose types its examples, tests and
/// dependents use as LLM objects.
fn depends_on_llm_crate(doc: &toml::Table) -> bool {
    if doc.get("package").is_none() {
        return false;
    }
    let Some(deps) = doc.get("dependencies").and_then(|v| v.as_table()) else {
        return false;
    };
    deps.iter().any(|(local, v)| {
        let name = v
            .get("package")
            .and_then(|p| p.as_str())
            .unwrap_or(local.as_str());
        crate::rust::llm_crate_name(name)
            || matches!(
                name.replace('_', "-").as_str(),
                "rig-core" | "genai" | "kalosm" | "mistralrs" | "llama-cpp-2" | "llm-chain"
            )
    })
}

/// Hosts and paths of LLM HTTP APIs, as written in a client's source.
const LLM_API_MARKERS: &[&str] = &[
    "/chat/completions",
    ":generateContent",
    ":streamGenerateContent",
    "/api/chat",
    "/api/generate",
    "/v1/messages",
    "api.openai.com",
    "api.anthropic.com",
    "generativelanguage.googleapis.com",
    "api.mistral.ai",
    "api.groq.com",
    "api.deepseek.com",
    "openrouter.ai/api",
];

/// Whether a package's own sources (`src/` under its manifest, among the run's Rust files,
/// absolute) name an LLM API endpoint: a client written by hand on an HTTP crate.
fn sources_name_llm_api(dir: &Path, rust_files: &[PathBuf]) -> bool {
    static AC: std::sync::OnceLock<Option<AhoCorasick>> = std::sync::OnceLock::new();
    let Some(ac) = AC.get_or_init(|| AhoCorasick::new(LLM_API_MARKERS).ok()) else {
        return false;
    };
    let src = dir.join("src");
    rust_files
        .iter()
        .filter(|f| f.starts_with(&src))
        .take(400)
        .any(|f| std::fs::read(f).is_ok_and(|b| ac.is_match(&b)))
}

/// The `local = { package = "..." }` entries of a manifest's dependency tables.
fn renames_in(doc: &toml::Table, out: &mut Vec<(String, String)>) {
    let norm = |s: &str| s.replace('-', "_");
    let mut tables: Vec<&toml::Table> = Vec::new();
    let deps = ["dependencies", "dev-dependencies", "build-dependencies"];
    for k in deps {
        if let Some(t) = doc.get(k).and_then(|v| v.as_table()) {
            tables.push(t);
        }
    }
    if let Some(t) = doc
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|v| v.as_table())
    {
        tables.push(t);
    }
    if let Some(targets) = doc.get("target").and_then(|v| v.as_table()) {
        for t in targets.values() {
            for k in deps {
                if let Some(t) = t.get(k).and_then(|v| v.as_table()) {
                    tables.push(t);
                }
            }
        }
    }
    for t in tables {
        for (local, v) in t {
            if let Some(p) = v.get("package").and_then(|p| p.as_str()) {
                out.push((norm(local), norm(p)));
            }
        }
    }
}

/// The prefilter of a set of catalogs: a file with none of their SDK markers, and no POST of a
/// chat-shaped body, cannot hold an LLM call and is not parsed. In a Python file a package
/// name counts only on an import line: a Python file cannot call a package it does not import.
pub struct Prefilter {
    markers: Option<AhoCorasick>,
    /// Per pattern of `markers`: true when it is a package name (import lines only in Python).
    import_only: Vec<bool>,
    /// A POST whose body is a chat request, to an endpoint that only configuration names.
    chat_shaped: AllOf,
    /// Rust: an HTTP client crate and a request type with a model and messages or a prompt.
    rust_http: AllOf,
    /// Rust: an HTTP client crate posting to a path of a chat API that the file puts
    /// together (`format!("{}/chat", BASE)`) with a request of another module.
    rust_endpoint: AllOf,
    /// A chat-like method call in a file that names an LLM vendor or concept (a client crate
    /// outside the catalog).
    generic: AllOf,
    /// Rust: a request with a model and role-tagged messages handed to a method named for
    /// chat or completion, on a client of any crate.
    rust_request: AllOf,
    /// Python: a method chain only LLM SDKs have, on a client the file may not import.
    py_shapes: AllOf,
    /// Python: a function calling a parameter named as an LLM function (`llm_func(prompt)`),
    /// whose callers choose the client, in a file that imports no SDK.
    llm_param: AllOf,
}

impl Prefilter {
    pub fn new(catalogs: &[&Catalog]) -> Self {
        let mut markers: Vec<String> = catalogs.iter().flat_map(|c| c.markers()).collect();
        markers.sort();
        markers.dedup();
        let import: HashSet<String> = catalogs.iter().flat_map(|c| c.import_markers()).collect();
        // a marker that some catalog counts anywhere counts anywhere
        let anywhere: HashSet<String> = catalogs
            .iter()
            .flat_map(|c| {
                let imp: HashSet<String> = c.import_markers().into_iter().collect();
                c.markers().into_iter().filter(move |m| !imp.contains(m))
            })
            .collect();
        let import_only = markers
            .iter()
            .map(|m| import.contains(m) && !anywhere.contains(m))
            .collect();
        // a vendor's name, or `_ai` / `genai` / `xai` in a crate's name
        let mut names: Vec<&str> = crate::rust::LLM_NAME_PARTS.to_vec();
        names.extend(["xai", "_ai", "genai"]);
        Prefilter {
            markers: AhoCorasick::new(&markers).ok(),
            import_only,
            chat_shaped: AllOf::new(&[
                &["\"model\"", "'model'"],
                &["\"messages\"", "'messages'", "\"prompt\"", "'prompt'"],
                &[".post(", "urlopen(", "post("],
            ]),
            rust_http: AllOf::new(&[
                &["reqwest", "ureq", "minreq", "surf", "isahc", "attohttpc"],
                &["post("],
                &["messages", "prompt", "contents"],
                &["model"],
            ]),
            rust_endpoint: AllOf::new(&[
                &["reqwest", "ureq", "minreq", "surf", "isahc", "attohttpc"],
                &["post("],
                &[
                    "/chat",
                    "/generate",
                    "completions",
                    "/messages",
                    "generateContent",
                    ":11434",
                ],
            ]),
            generic: AllOf::new(&[
                &[
                    ".chat(",
                    ".chat_",
                    ".complete(",
                    ".completion(",
                    ".complete_request(",
                    ".generate(",
                    ".generate_content(",
                    ".send_message(",
                    ".prompt(",
                    ".ask(",
                    ".invoke(",
                    ".get_answer",
                    ".message(",
                    ".run(",
                    ".send_chat_request(",
                    ".add_message(",
                    ".create_a_message(",
                    // any awaited method (`.send(..).await`, `.execute().await`) and the
                    // send-like names of synchronous clients
                    ".await",
                    ".send(",
                    ".execute(",
                    "_create(",
                    "completion(",
                ],
                &names,
                // a crate named by `use` or by a path (`gemini::chat(..)`)
                &["use ", "::"],
            ]),
            rust_request: AllOf::new(&[
                &["model"],
                &["messages"],
                &["role"],
                &[
                    "complet",
                    "chat",
                    "generate",
                    ".send(",
                    ".execute(",
                    ".invoke(",
                    ".infer(",
                ],
            ]),
            py_shapes: AllOf::new(&[&[
                ".chat.completions.",
                ".messages.create(",
                ".messages.stream(",
                "generate_content",
                ".responses.create(",
                ".chat.complete(",
                ".converse(",
            ]]),
            llm_param: AllOf::new(&[
                &[
                    "llm(",
                    "gpt(",
                    "llm_func(",
                    "llm_fn(",
                    "llmfunc(",
                    "llmfn(",
                    "llm_function(",
                ],
                &["def "],
            ]),
        }
    }

    /// Whether the file at `path` with these bytes can hold an LLM call.
    pub fn hit(&self, path: &Path, bytes: &[u8]) -> bool {
        let python = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("py") || e.eq_ignore_ascii_case("pyi"));
        self.has_marker(bytes, python)
            || self.chat_shaped.has_all(bytes)
            || (python && (self.llm_param.has_all(bytes) || self.py_shapes.has_all(bytes)))
            // Rust only: a request to an endpoint from config, or a client crate outside the
            // catalog
            || (!python
                && (self.rust_http.has_all(bytes)
                    || self.rust_endpoint.has_all(bytes)
                    || self.rust_request.has_all(bytes)
                    || self.generic.has_all(bytes)))
    }

    fn has_marker(&self, bytes: &[u8], python: bool) -> bool {
        let Some(ac) = &self.markers else { return true };
        if !python {
            return ac.is_match(bytes);
        }
        ac.find_overlapping_iter(bytes)
            .any(|m| !self.import_only[m.pattern().as_usize()] || on_import_line(bytes, m.start()))
    }
}

/// Whether the Python line holding byte `at` is an import statement (`import x`, `from x
/// import y`), possibly after other statements on the line (`try: import x`) or indented.
fn on_import_line(bytes: &[u8], at: usize) -> bool {
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // a statement after `try:` / `;` on the same line
    let begin = bytes[start..at]
        .iter()
        .rposition(|&b| b == b';' || b == b':')
        .map_or(start, |i| start + i + 1);
    let line = bytes[begin..].trim_ascii_start();
    line.starts_with(b"import ")
        || line.starts_with(b"import\t")
        || line.starts_with(b"from ")
        || line.starts_with(b"from\t")
}

/// The project index with the matcher that tells which files can use it: `llmlint check`
/// builds it once per run; `llmlint server` rebuilds it when an edit changes what a file
/// defines.
#[derive(Default)]
pub struct Project {
    pub index: Arc<ProjectIndex>,
    reach: Option<Reach>,
}

impl Project {
    pub fn new(index: Arc<ProjectIndex>) -> Self {
        let reach = Reach::new(&index);
        Project {
            index,
            reach: (!reach.is_empty()).then_some(reach),
        }
    }
    /// Whether `text` names an LLM object defined elsewhere in the project (a wrapper, a
    /// client, an object of a wrapping class), so that it is worth analysing even without
    /// an SDK marker.
    pub fn reaches(&self, text: &str) -> bool {
        self.reach.as_ref().is_some_and(|r| r.mentions(text))
    }
}

/// The names through which a file can reach an LLM object defined elsewhere in the project:
/// wrapper functions and methods, clients and objects bound at module level. A file reaches
/// one when it names it and also the module that defines it (for a method, its class will
/// do); requiring both keeps common names (`client`, `run`) from sending half a repository
/// through re-analysis.
struct Reach {
    ac: Option<AhoCorasick>,
    /// For each name: the alternatives, each a set of words of which one must also appear.
    needs: Vec<(String, Vec<Vec<String>>)>,
}

impl Reach {
    fn new(index: &ProjectIndex) -> Self {
        let mut needs: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        let via_module = |path: &str| -> Vec<String> {
            match module_stem(path) {
                Some(stem) => vec![stem.to_string()],
                None => vec!["crate::".to_string()],
            }
        };
        for (name, defs) in &index.by_name {
            for d in defs {
                // a function: its module is named; a method: its class is
                let any = if d.is_method {
                    let Some(class) = d
                        .qualname
                        .rsplit(['.', ':'])
                        .filter(|s| !s.is_empty())
                        .nth(1)
                    else {
                        continue;
                    };
                    // or an interface it implements, by which callers type the object
                    let mut any = vec![class.to_string()];
                    for f in index.facts.get(class).into_iter().flatten() {
                        if let FactValue::Class { bases } = &f.value
                            && f.path == d.path
                        {
                            any.extend(
                                bases
                                    .iter()
                                    .filter_map(|b| b.rsplit('.').next())
                                    .filter(|b| {
                                        !matches!(*b, "ABC" | "object" | "Protocol" | "BaseModel")
                                    })
                                    .map(str::to_string),
                            );
                        }
                    }
                    any
                } else {
                    let mut any = via_module(&d.path);
                    // a relative import of the project's package may name a module that moved
                    // or a package that re-exports the function
                    if d.path.ends_with(".py") {
                        any.push("from .".to_string());
                    }
                    any
                };
                needs.entry(name.clone()).or_default().push(any);
            }
        }
        for (name, facts) in &index.facts {
            for f in facts {
                if matches!(f.value, FactValue::Client(_) | FactValue::Object { .. }) {
                    needs
                        .entry(name.clone())
                        .or_default()
                        .push(via_module(&f.path));
                }
            }
        }
        let mut needs: Vec<(String, Vec<Vec<String>>)> = needs.into_iter().collect();
        needs.sort();
        let ac = (!needs.is_empty())
            .then(|| AhoCorasick::new(needs.iter().map(|(n, _)| n.as_str())).ok())
            .flatten();
        Reach { ac, needs }
    }

    fn is_empty(&self) -> bool {
        self.needs.is_empty()
    }

    fn names(&self) -> Vec<String> {
        self.needs.iter().map(|(n, _)| n.clone()).collect()
    }

    fn mentions(&self, text: &str) -> bool {
        let Some(ac) = &self.ac else { return false };
        let mut seen = HashSet::new();
        for m in ac.find_overlapping_iter(text.as_bytes()) {
            let i = m.pattern().as_usize();
            if !seen.insert(i) {
                continue;
            }
            if self.needs[i]
                .1
                .iter()
                .any(|alts| alts.iter().any(|w| text.contains(w.as_str())))
            {
                return true;
            }
        }
        false
    }
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
    index: &ProjectIndex,
) -> Result<FileAnalysis, String> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        analyze_file(shown, text, settings, index)
    }))
    .map_err(|_| {
        format!("{shown}: skipped: internal error while analysing this file (please report it)")
    })
}

/// Add what a file offers to the index. A vendored dependency (a versioned package folder,
/// `site-packages`, `vendor/`) keeps its constants, but its functions and objects are the
/// library's own plumbing, not the project's wrappers of it.
fn add_definitions(index: &mut ProjectIndex, shown: &str, a: &FileAnalysis) {
    if is_vendored(shown) {
        index.add_facts(
            a.facts
                .iter()
                .filter(|f| !matches!(f.value, FactValue::Client(_) | FactValue::Object { .. }))
                .cloned(),
        );
        return;
    }
    index.add_wrappers(a.wrappers.iter().cloned());
    index.add_facts(a.facts.iter().cloned());
}

/// Whether a path lies in a vendored dependency: under `site-packages`, `dist-packages`,
/// `vendor`, `third_party`, `node_modules`, or a folder named like a package release
/// (`openai-1.2.3`, `async-openai-0.42.3`).
pub fn is_vendored(path: &str) -> bool {
    let mut comps: Vec<&str> = path.split(['/', '\\']).collect();
    comps.pop();
    comps.iter().any(|c| {
        matches!(
            *c,
            "site-packages"
                | "dist-packages"
                | "vendor"
                | "vendored"
                | "third_party"
                | "node_modules"
        ) || c.rsplit_once('-').is_some_and(|(name, ver)| {
            !name.is_empty()
                && ver.split('.').count() >= 2
                && ver.split('.').all(|p| {
                    !p.is_empty() && p.chars().next().is_some_and(|ch| ch.is_ascii_digit())
                })
        })
    })
}

/// A constant whose text still has holes may be completed by another module's facts.
fn fact_can_improve(f: &crate::analysis::Fact) -> bool {
    let holed = |segs: &[llmlint_rules::Segment]| {
        segs.iter()
            .any(|s| matches!(s, llmlint_rules::Segment::Hole { .. }))
    };
    match &f.value {
        FactValue::Text { segments, .. } => holed(segments),
        FactValue::Table(rows) => rows.iter().any(|(_, s)| holed(s)),
        _ => false,
    }
}

/// A hash of what an analysis offers the index (facts and wrappers), to tell whether it
/// changed between two rounds.
fn definitions_signature(a: &FileAnalysis) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{:?}{:?}", a.facts, a.wrappers).hash(&mut h);
    h.finish()
}

/// A conjunction of alternatives: the bytes contain one word of every group. One automaton
/// per group, each stopping at its first match.
struct AllOf {
    groups: Vec<AhoCorasick>,
}

impl AllOf {
    fn new(groups: &[&[&str]]) -> Self {
        AllOf {
            groups: groups
                .iter()
                .filter_map(|words| AhoCorasick::new(*words).ok())
                .collect(),
        }
    }

    fn has_all(&self, bytes: &[u8]) -> bool {
        !self.groups.is_empty() && self.groups.iter().all(|ac| ac.is_match(bytes))
    }
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
                    .entry((lang, last.to_ascii_lowercase()))
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
        // the path may name the module itself, an item in it, or an attribute of a class in
        // it (`app.services.Service.model`)
        let mut cuts = vec![segs.len()];
        cuts.extend(segs.len().checked_sub(1).filter(|&c| c > 0));
        cuts.extend(segs.len().checked_sub(2).filter(|&c| c > 0));
        for cut in cuts {
            let m = &segs[..cut];
            let Some(last) = m.last() else { continue };
            for (i, have) in self
                .by_last
                .get(&(lang, last.to_ascii_lowercase()))
                .into_iter()
                .flatten()
            {
                let agree = m
                    .iter()
                    .rev()
                    .zip(have.iter().rev())
                    .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
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
    fn vendored_folders_are_recognised() {
        assert!(is_vendored("python/openai-1.2.3/openai/resources/chat.py"));
        assert!(is_vendored("rust/async-openai-0.42.3/src/client.rs"));
        assert!(is_vendored(
            ".venv/lib/python3.11/site-packages/openai/_client.py"
        ));
        assert!(!is_vendored("app/openai/client.py"));
        assert!(!is_vendored("src/llm-2/mod.rs"));
        assert!(!is_vendored("openai-1.2.3.py"));
    }

    #[test]
    fn package_names_count_only_on_python_import_lines() {
        let catalog = Catalog::builtin();
        let pf = Prefilter::new(&[&catalog]);
        let py = Path::new("app/x.py");
        // imports, in every form a module uses
        for src in [
            "import openai\n",
            "from openai import OpenAI\n",
            "    from langchain_core.prompts import ChatPromptTemplate\n",
            "try: import anthropic\nexcept ImportError: pass\n",
            "from google import genai\n",
            "import os, groq\n",
        ] {
            assert!(pf.hit(py, src.as_bytes()), "{src:?}");
        }
        // package names that are only words, strings or attributes are not imports
        for src in [
            "# we call openai elsewhere\nx = 1\n",
            "def f():\n    return 'put these together'\n",
            "cfg = {'provider': 'openai'}\n",
            "self.instructor = teacher\n",
        ] {
            assert!(!pf.hit(py, src.as_bytes()), "{src:?}");
        }
        // endpoints count anywhere; other languages keep every marker anywhere
        assert!(pf.hit(py, b"URL = BASE + '/chat/completions'\n"));
        assert!(pf.hit(Path::new("src/lib.rs"), b"// openai\nfn f() {}\n"));
        // Rust: an HTTP client posting to a chat path the file puts together, with no model
        // or message words in the file (the request type lives in another module)
        let rs = Path::new("src/gateway.rs");
        let gateway = b"const BASE: &str = \"http://localhost:11434/api\";\nfn f(r: &Req) { reqwest::Client::new().post(format!(\"{}/chat\", BASE)).json(r); }\n";
        assert!(pf.hit(rs, gateway));
        assert!(!pf.hit(
            rs,
            b"fn f() { reqwest::Client::new().post(format!(\"{}/upload\", BASE)); }\n"
        ));
    }

    #[test]
    fn manifest_renames_come_from_every_dependency_table() {
        let mut out = Vec::new();
        let doc: toml::Table = r#"
[dependencies]
oai = { package = "async-openai", version = "0.28" }
serde = "1"
[dev-dependencies]
mock-llm = { package = "tiny-llm", version = "0.1" }
[workspace.dependencies]
brain = { package = "ollama-lite", version = "0.1" }
[target.'cfg(unix)'.dependencies]
cl = { package = "clust", version = "0.9" }
"#
        .parse()
        .unwrap();
        renames_in(&doc, &mut out);
        out.sort();
        assert_eq!(
            out,
            [
                ("brain", "ollama_lite"),
                ("cl", "clust"),
                ("mock_llm", "tiny_llm"),
                ("oai", "async_openai"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn packages_describing_llm_clients_are_llm_crates() {
        let llm = |manifest: &str| {
            let mut out = Vec::new();
            llm_package_in(&manifest.parse().unwrap(), &mut out);
            out
        };
        // a description naming the models it serves, a keyword naming a vendor
        assert_eq!(
            llm(
                "[package]\nname = \"parrot-talk\"\ndescription = \"Async client for hosted large language models\"\n"
            ),
            ["parrot_talk"]
        );
        assert_eq!(
            llm(
                "[package]\nname = \"quill\"\nkeywords = [\"cli\", \"Ollama\"]\n[lib]\nname = \"quill_core\"\n"
            ),
            ["quill", "quill_core"]
        );
        assert_eq!(
            llm(
                "[package]\nname = \"t9\"\ndescription = \"Talk to 40 AI models from one terminal\"\n"
            ),
            ["t9"]
        );
        // not LLM clients: game AI, a plain HTTP crate, a manifest without a package
        assert!(llm("[package]\nname = \"chess-bot\"\ndescription = \"A chess AI with alpha-beta search\"\nkeywords = [\"ai\", \"chess\"]\n").is_empty());
        assert!(
            llm("[package]\nname = \"fetchy\"\ndescription = \"Small HTTP client\"\n").is_empty()
        );
        assert!(llm("[workspace]\nmembers = [\"a\"]\n").is_empty());
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
