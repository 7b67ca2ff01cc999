//! The per-file analysis: a pure function of (path, text, settings, wrapper index).
//! The CLI and the editor server both call `analyze_file`.

use std::collections::HashMap;
use std::sync::Arc;

use llmlint_rules::catalog::Catalog;
use llmlint_rules::{CallSite, Language, Segment};

/// Everything the analysis of one file may depend on besides its text.
#[derive(Debug, Clone)]
pub struct Settings {
    pub catalog: Arc<Catalog>,
    /// Which facts to collect: every one, or only those that cost little to find (module
    /// constants and objects, class bases, client factories). A run collects the cheap ones
    /// everywhere and every one in the files another file turns out to need.
    pub facts: FactDepth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FactDepth {
    Cheap,
    #[default]
    All,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            catalog: Arc::new(Catalog::builtin()),
            facts: FactDepth::All,
        }
    }
}

/// A parameter of a wrapper function.
#[derive(Debug, Clone, PartialEq)]
pub struct WrapperParam {
    pub name: String,
    /// Literal default value, when it is a string literal or a constant that resolves to one.
    pub default: Option<String>,
    /// Keyword-only (Python, after `*`).
    pub keyword_only: bool,
}

/// A user function whose body makes an LLM call with one of its parameters in the prompt.
/// A call of it is itself an LLM call, with the prompt resolved at that call site.
#[derive(Debug, Clone, PartialEq)]
pub struct WrapperDef {
    pub language: Language,
    /// The bare function name (`ask`).
    pub name: String,
    /// Python: dotted module path of the defining file plus the name (`llm_helpers.ask`,
    /// `app.llm.Helper.ask` for a method); Rust: the function name, or `Type::name`.
    pub qualname: String,
    /// File that defines it.
    pub path: String,
    /// Parameters in order, `self` / `&self` excluded.
    pub params: Vec<WrapperParam>,
    pub is_method: bool,
    /// The SDK call inside, with holes named after the parameters that feed it
    /// (`{prompt}`), model possibly from a parameter default.
    pub inner: CallSite,
    /// Which parameter carries the model, if the model is a parameter.
    pub model_param: Option<String>,
    /// A method's object fields that hold prompt text set by its constructor
    /// (`self.system_prompt = system_prompt` in `__init__`): filled from the arguments of the
    /// construction at the call site.
    pub ctor_fields: Vec<CtorField>,
}

/// A field of a wrapper method's object that a constructor parameter sets.
#[derive(Debug, Clone, PartialEq)]
pub struct CtorField {
    /// The field (`system_prompt` for the hole `{self.system_prompt}`).
    pub attr: String,
    /// The constructor parameter, `self` excluded.
    pub param: WrapperParam,
    /// Its position among the constructor's parameters, `self` excluded.
    pub index: usize,
    /// The field names the model (`self.model`, `self.model_name`), not prompt text.
    pub model: bool,
}

/// A client object a file binds at module level (Python `client = OpenAI(...)`, Rust
/// `static CLIENT: LazyLock<Client>`), or a factory function returning one, as another file
/// sees it when it imports the name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClientFact {
    pub sdk: String,
    /// The catalog family that decides which methods are LLM calls.
    pub family: String,
    pub provider: Option<String>,
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub temperature: Option<f64>,
    pub max_tokens: Option<u64>,
    pub response_format: Option<String>,
    /// A system prompt fixed at construction (LangChain / llama-index `system_prompt=`).
    pub system: Option<Vec<Segment>>,
    pub is_async: bool,
    /// An HTTP session whose `.post` may be an LLM call.
    pub http: bool,
}

/// What a name defined in one file evaluates to, for the files that use it.
#[derive(Debug, Clone, PartialEq)]
pub enum FactValue {
    /// A string constant or module-level template; holes are run-time values of the
    /// defining module (or `str.format` fields left for the user to fill).
    Text {
        segments: Vec<Segment>,
        complete: bool,
    },
    /// A table of strings under literal keys: a dict of prompts, a `match` on a literal.
    Table(Vec<(String, Vec<Segment>)>),
    /// A function whose return value is text built from its parameters: holes named after
    /// the parameters are filled at each call.
    TextFn {
        params: Vec<String>,
        segments: Vec<Segment>,
        complete: bool,
    },
    /// A chat prompt with roles (a LangChain `ChatPromptTemplate`), holes are template fields.
    Prompt(llmlint_rules::Prompt),
    /// An LLM client (or a factory function returning one).
    Client(ClientFact),
    /// An instance of a class / struct of the project (its methods may be wrappers): the
    /// qualified class name (`app.llm.LLMClient`, `llm::Client`).
    Object { class: String },
    /// A class of the project and the classes it derives from (dotted import paths as the
    /// defining file wrote them), so that an object typed by an interface reaches the wrapper
    /// methods of its implementations.
    Class { bases: Vec<String> },
}

/// One definition a file offers to the rest of the project.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub language: Language,
    /// The defining module: Python dotted path of the file (`app.prompts`); Rust `::`-joined
    /// module path inside its crate, without `crate` (`llm::prompts`, empty at a crate root).
    pub module: String,
    /// The name as other files refer to it: `SYSTEM_PROMPT`, `Prompts.EXTRACT` (a class
    /// attribute), `Prompts::EXTRACT` (an associated const), `build_prompt`.
    pub name: String,
    /// The defining file.
    pub path: String,
    pub value: FactValue,
}

impl Fact {
    /// The full path other files import: `app.prompts.SYSTEM_PROMPT`, `llm::prompts::SYSTEM`.
    pub fn qualname(&self) -> String {
        let sep = match self.language {
            Language::Python => ".",
            Language::Rust => "::",
        };
        if self.module.is_empty() {
            self.name.clone()
        } else {
            format!("{}{sep}{}", self.module, self.name)
        }
    }
}

/// Something outside the file that its analysis could use: a module it imports (whose facts
/// may feed its prompts), or a file it reads as a prompt.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Want {
    /// Python: the dotted import path as written (`app.prompts`, `prompts` for a relative
    /// import resolved against the file's package); Rust: the module path (`llm::prompts`).
    Module(Language, String),
    /// A file read at run time (`open("prompts/x.txt")`, `include_str!("p.txt")`): the
    /// candidate paths, normalised, in the order to try.
    File(Vec<String>),
}

/// The project index: the merged facts of every file that can feed a call elsewhere, built
/// once per run (see "The repository index" in the design). Read-only during analysis.
#[derive(Debug, Clone, Default)]
pub struct ProjectIndex {
    /// Wrapper functions and methods, by bare name.
    pub by_name: HashMap<String, Vec<WrapperDef>>,
    /// Facts by bare name (the last component of `Fact::name`).
    pub facts: HashMap<String, Vec<Fact>>,
    /// Prompt files read by the project, by normalised path.
    pub files: HashMap<String, Arc<str>>,
    /// Lookup tables derived from the above on first use (reset when definitions change).
    derived: std::sync::OnceLock<Derived>,
}

/// Lookup tables over the index's definitions, so that per-call questions do not scan every
/// definition of the project.
#[derive(Debug, Clone, Default)]
struct Derived {
    /// Lower-case runs of module components of every Python definition (`app.prompts`,
    /// `prompts` for `app.prompts.SYSTEM`): the module imports the index can serve.
    py_modules: std::collections::HashSet<String>,
    /// Lower-case Rust module paths (and their suffixes) holding a definition.
    rs_modules: std::collections::HashSet<String>,
    /// Lower-case class (and every dotted suffix of it) → qualified subclasses.
    children: HashMap<String, Vec<String>>,
    /// Lower-case classes (and their dotted suffixes) with a wrapper method.
    wrapping_classes: std::collections::HashSet<String>,
}

/// Every dotted suffix of a lower-cased dotted path: `a.b.c` → `a.b.c`, `b.c`, `c`.
fn dotted_suffixes(path: &str) -> Vec<String> {
    let l = path.to_ascii_lowercase();
    let parts: Vec<&str> = l.split('.').collect();
    (0..parts.len()).map(|i| parts[i..].join(".")).collect()
}

impl Derived {
    fn build(idx: &ProjectIndex) -> Derived {
        let mut d = Derived::default();
        let mut py_names: Vec<String> = Vec::new();
        for w in idx.by_name.values().flatten() {
            match w.language {
                Language::Python => {
                    py_names.push(w.qualname.clone());
                    if w.is_method
                        && let Some((class, _)) = w.qualname.rsplit_once('.')
                    {
                        d.wrapping_classes.extend(dotted_suffixes(class));
                    }
                }
                Language::Rust => {
                    if let Some((m, _)) = w.qualname.rsplit_once("::") {
                        d.rs_modules.insert(m.to_ascii_lowercase());
                    }
                    d.rs_modules.insert(w.path.to_ascii_lowercase());
                }
            }
        }
        for f in idx.facts.values().flatten() {
            match f.language {
                Language::Python => {
                    py_names.push(f.qualname());
                    if let FactValue::Class { bases } = &f.value {
                        for b in bases {
                            for key in dotted_suffixes(b) {
                                d.children.entry(key).or_default().push(f.qualname());
                            }
                        }
                    }
                }
                Language::Rust => {
                    let m = f.module.to_ascii_lowercase();
                    let parts: Vec<&str> = m.split("::").collect();
                    for i in 0..parts.len() {
                        d.rs_modules.insert(parts[i..].join("::"));
                    }
                }
            }
        }
        for q in py_names {
            let l = q.to_ascii_lowercase();
            let parts: Vec<&str> = l.split('.').collect();
            // every run of components that is followed by at least one more
            for i in 0..parts.len() {
                for j in i + 1..parts.len() {
                    d.py_modules.insert(parts[i..j].join("."));
                }
            }
        }
        for v in d.children.values_mut() {
            v.sort();
            v.dedup();
        }
        d
    }
}

/// The index used to be wrappers only.
pub type WrapperIndex = ProjectIndex;

impl ProjectIndex {
    pub fn new(defs: impl IntoIterator<Item = WrapperDef>) -> Self {
        let mut idx = ProjectIndex::default();
        idx.add_wrappers(defs);
        idx.seal();
        idx
    }
    /// Add another index's definitions and prompt files (a project's files outside this run).
    pub fn add_other(&mut self, other: &ProjectIndex) {
        self.add_wrappers(other.by_name.values().flatten().cloned());
        self.add_facts(other.facts.values().flatten().cloned());
        for (k, v) in &other.files {
            self.files.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }

    /// Every file's definitions, by the file's path.
    pub fn definitions_by_path(&self) -> HashMap<String, Definitions> {
        let mut out: HashMap<String, Definitions> = HashMap::new();
        for w in self.by_name.values().flatten() {
            out.entry(w.path.clone())
                .or_default()
                .wrappers
                .push(w.clone());
        }
        for f in self.facts.values().flatten() {
            out.entry(f.path.clone()).or_default().facts.push(f.clone());
        }
        out
    }

    /// An index of these definitions and prompt files.
    pub fn from_definitions<'a>(
        defs: impl IntoIterator<Item = &'a Definitions>,
        files: HashMap<String, Arc<str>>,
    ) -> Self {
        let mut idx = ProjectIndex {
            files,
            ..ProjectIndex::default()
        };
        for d in defs {
            idx.add_wrappers(d.wrappers.iter().cloned());
            idx.add_facts(d.facts.iter().cloned());
        }
        idx.seal();
        idx
    }

    /// Forget every wrapper and fact (prompt files stay), before the next round adds them again.
    pub fn clear_definitions(&mut self) {
        self.by_name.clear();
        self.facts.clear();
        self.derived = std::sync::OnceLock::new();
    }
    fn derived(&self) -> &Derived {
        self.derived.get_or_init(|| Derived::build(self))
    }
    pub fn add_wrappers(&mut self, defs: impl IntoIterator<Item = WrapperDef>) {
        self.derived = std::sync::OnceLock::new();
        for d in defs {
            self.by_name.entry(d.name.clone()).or_default().push(d);
        }
    }
    pub fn add_facts(&mut self, facts: impl IntoIterator<Item = Fact>) {
        self.derived = std::sync::OnceLock::new();
        for f in facts {
            let bare = f
                .name
                .rsplit(['.', ':'])
                .next()
                .unwrap_or(&f.name)
                .to_string();
            self.facts.entry(bare).or_default().push(f);
        }
    }
    /// Put every list in a stable order and drop repeated definitions; call once after a
    /// batch of additions (lookups break ties by that order).
    pub fn seal(&mut self) {
        for v in self.by_name.values_mut() {
            v.sort_by(|a, b| (&a.path, &a.qualname).cmp(&(&b.path, &b.qualname)));
            v.dedup_by(|a, b| a.path == b.path && a.qualname == b.qualname);
        }
        for v in self.facts.values_mut() {
            v.sort_by(|a, b| (&a.path, &a.name).cmp(&(&b.path, &b.name)));
            v.dedup_by(|a, b| a.path == b.path && a.name == b.name);
        }
    }
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty() && self.facts.is_empty() && self.files.is_empty()
    }
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }
    pub fn get(&self, name: &str, language: Language) -> impl Iterator<Item = &WrapperDef> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .filter(move |d| d.language == language)
    }
    /// Facts of `language` whose bare name is `name`.
    pub fn facts_named(&self, name: &str, language: Language) -> impl Iterator<Item = &Fact> {
        self.facts
            .get(name)
            .into_iter()
            .flatten()
            .filter(move |f| f.language == language)
    }
    /// The fact an import path names (`app.prompts.SYSTEM`, or `prompts.SYSTEM` for a
    /// relative import): the one whose qualified name is a dotted suffix of the path or the
    /// other way round, preferring the longest agreement and, on a tie, a file nearest to
    /// `from_path`. Python only; Rust resolves with `rust_fact`.
    pub fn python_fact(&self, import_path: &str, from_path: &str) -> Option<&Fact> {
        let bare = import_path.rsplit('.').next()?;
        let want: Vec<&str> = import_path.split('.').collect();
        self.facts_named(bare, Language::Python)
            .filter(|f| f.path != from_path)
            .filter_map(|f| {
                let q = f.qualname();
                let have: Vec<&str> = q.split('.').collect();
                let agree = common_suffix(&want, &have);
                // the whole shorter side must agree (`prompts.X` vs `app.prompts.X`)
                (agree == want.len().min(have.len()) && agree >= 2.min(want.len())).then_some((
                    agree,
                    shared_dirs(&f.path, from_path),
                    f,
                ))
            })
            .max_by(|a, b| {
                (a.0, a.1)
                    .cmp(&(b.0, b.1))
                    .then_with(|| b.2.path.cmp(&a.2.path))
            })
            .map(|x| x.2)
            .or_else(|| self.reexported(&want, from_path))
    }
    /// A name a package re-exports from one of its modules (`from app.llm import base_llm`
    /// where `app/llm/__init__.py` imports it from `app/llm/clients.py`): the only fact whose
    /// qualified name is the wanted path with one module inserted before the name.
    fn reexported(&self, want: &[&str], from_path: &str) -> Option<&Fact> {
        let (bare, package) = want.split_last()?;
        if package.is_empty() {
            return None;
        }
        let mut found = self.facts_named(bare, Language::Python).filter(|f| {
            let q = f.qualname();
            let have: Vec<&str> = q.split('.').collect();
            f.path != from_path
                && have.len() == want.len() + 1
                && common_suffix(package, &have[..have.len() - 2]) == package.len()
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }
    /// The fact a Rust path names (`prompts::SYSTEM`, `crate::llm::Client::ask` made
    /// relative, or a bare `SYSTEM` brought in by `use`): segments after dropping `crate`,
    /// `self` and `super` must be a suffix of the fact's qualified path; the nearest file wins.
    pub fn rust_fact(&self, segs: &[&str], from_path: &str) -> Option<&Fact> {
        let segs: Vec<&str> = segs
            .iter()
            .copied()
            .filter(|s| !matches!(*s, "crate" | "self" | "super"))
            .collect();
        let bare = *segs.last()?;
        let exact = self
            .facts_named(bare, Language::Rust)
            .filter(|f| f.path != from_path)
            .filter_map(|f| {
                let q = f.qualname();
                let have: Vec<&str> = q.split("::").collect();
                let agree = common_suffix(&segs, &have);
                (agree == segs.len()).then_some((shared_dirs(&f.path, from_path), f))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.path.cmp(&a.1.path)))
            .map(|x| x.1);
        if exact.is_some() || segs.len() < 2 {
            return exact;
        }
        // `crate::llm::PROMPT` where llm/mod.rs re-exports a child module's item
        // (`pub use prompts::PROMPT`): the one definition under that module path
        let module = &segs[..segs.len() - 1];
        let mut under = self
            .facts_named(bare, Language::Rust)
            .filter(|f| f.path != from_path)
            .filter(|f| {
                let q = f.qualname();
                let have: Vec<&str> = q.split("::").collect();
                have.len() > segs.len() && have.starts_with(module)
            });
        let one = under.next()?;
        under.next().is_none().then_some(one)
    }
    /// Whether the index holds something a file with this want can use: a fact or wrapper
    /// the import names, or one defined in the module it imports; a prompt file it reads.
    pub fn serves(&self, want: &Want, from_path: &str) -> bool {
        match want {
            Want::File(c) => self.file(c).is_some(),
            Want::Module(Language::Python, path) => {
                let l = path.to_ascii_lowercase();
                self.python_fact(path, from_path).is_some()
                    || self.derived().py_modules.contains(&l)
                    // a wrapper function of the module (`app.runner.run_sync`)
                    || path.rsplit('.').next().is_some_and(|last| {
                        self.get(last, Language::Python).any(|d| {
                            let q = d.qualname.to_ascii_lowercase();
                            q == l || q.ends_with(&format!(".{l}")) || l.ends_with(&format!(".{q}"))
                        })
                    })
            }
            Want::Module(Language::Rust, path) => {
                let segs: Vec<&str> = path.split("::").collect();
                let p = path
                    .trim_start_matches("crate::")
                    .trim_start_matches("self::")
                    .to_ascii_lowercase();
                self.rust_fact(&segs, from_path).is_some() || self.derived().rs_modules.contains(&p)
            }
        }
    }

    /// Whether a class (dotted path) has a wrapper method, or one of its subclasses does.
    pub fn is_wrapping_class(&self, class: &str) -> bool {
        let d = self.derived();
        let parts = dotted_suffixes(class);
        // the path as imported, or its tail when the import names a longer package path
        parts
            .iter()
            .take(parts.len().saturating_sub(1).max(1))
            .any(|p| d.wrapping_classes.contains(p))
            || self
                .subclasses(class)
                .iter()
                .any(|s| d.wrapping_classes.contains(&s.to_ascii_lowercase()))
    }

    /// Qualified names of the project classes deriving from `class` (directly or not),
    /// nearest first.
    pub fn subclasses(&self, class: &str) -> Vec<String> {
        let d = self.derived();
        let mut out: Vec<String> = Vec::new();
        let mut frontier = vec![class.to_ascii_lowercase()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for c in &frontier {
                for s in d.children.get(c).into_iter().flatten() {
                    if !out.contains(s) {
                        out.push(s.clone());
                        next.push(s.to_ascii_lowercase());
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        out
    }

    /// A prompt file read by the project: the first candidate path that was found.
    pub fn file(&self, candidates: &[String]) -> Option<(&str, &str)> {
        candidates
            .iter()
            .find_map(|c| self.files.get_key_value(c.as_str()))
            .map(|(k, v)| (k.as_str(), &**v))
    }
}

/// How many trailing components two paths share.
fn common_suffix(a: &[&str], b: &[&str]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
        .count()
}

/// How many leading directories two file paths share (nearer files share more).
fn shared_dirs(a: &str, b: &str) -> usize {
    let da: Vec<&str> = a.split('/').collect();
    let db: Vec<&str> = b.split('/').collect();
    da[..da.len().saturating_sub(1)]
        .iter()
        .zip(&db[..db.len().saturating_sub(1)])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Normalise a path made by joining a directory and a relative path: `a/b/../c` → `a/c`,
/// `./x` → `x`; `None` when it climbs above its start.
pub fn normalize_rel(path: &str) -> Option<String> {
    let unified = path.replace('\\', "/");
    let mut out: Vec<&str> = Vec::new();
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p),
        }
    }
    let joined = out.join("/");
    Some(if unified.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    })
}

/// What one file offers the project index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Definitions {
    pub wrappers: Vec<WrapperDef>,
    pub facts: Vec<Fact>,
}

/// What the analysis of one file found.
#[derive(Debug, Clone, Default)]
pub struct FileAnalysis {
    pub calls: Vec<CallSite>,
    pub wrappers: Vec<WrapperDef>,
    /// Definitions other files may use (constants, prompt tables, clients, prompt builders).
    pub facts: Vec<Fact>,
    /// Modules and files outside this one that its analysis could use.
    pub wants: Vec<Want>,
    /// One-line warnings (unparsable region, too deep...), without the path.
    pub warnings: Vec<String>,
    /// False when the file could not be parsed at all.
    pub parsed: bool,
}

impl FileAnalysis {
    /// What this file offers the project index.
    pub fn definitions(&self) -> Definitions {
        Definitions {
            wrappers: self.wrappers.clone(),
            facts: self.facts.clone(),
        }
    }
}

pub fn language_of(path: &str) -> Option<Language> {
    if path.ends_with(".py") || path.ends_with(".pyi") {
        Some(Language::Python)
    } else if path.ends_with(".rs") {
        Some(Language::Rust)
    } else {
        None
    }
}

/// Analyse one file. Never panics on any input text.
pub fn analyze_file(
    path: &str,
    text: &str,
    settings: &Settings,
    index: &WrapperIndex,
) -> FileAnalysis {
    match language_of(path) {
        Some(Language::Python) => crate::python::analyze(path, text, settings, index),
        Some(Language::Rust) => crate::rust::analyze(path, text, settings, index),
        None => FileAnalysis::default(),
    }
}
