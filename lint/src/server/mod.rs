//! `llmlint server`: a language server over stdio. It publishes the diagnostics of
//! `llmlint check` for open Python and Rust files (on open, on change after a short debounce,
//! on save), offers their fixes and suppressions as code actions and `source.fixAll.llmlint`
//! for the safe ones, and explains each LLM call on hover. At start it indexes the workspace in
//! the background (reported with `$/progress`) so wrappers defined in other files resolve; an
//! edited or changed file updates the index. Analysis goes through the same functions as the
//! CLI (`Checker::analyse`, `file_findings`, `file_diagnostics`).

pub mod convert;
pub mod document;
pub mod log;
pub mod transport;

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Hover, HoverContents,
    HoverParams, MarkupContent, MarkupKind, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::{Value, json};

use llmlint_rules::Language;
use llmlint_rules::catalog::Catalog;

use crate::analysis::{Definitions, ProjectIndex, language_of};
use crate::check::fix::{FixSettings, fix_until_stable};
use crate::check::select::SelectionLayer;
use crate::checkrun::{Checker, Selections, file_diagnostics, file_findings, parses};
use crate::config::{Config, ConfigResolver};
use crate::discover::{cli_excludes, discover};
use crate::driver::{
    MAX_FILE_BYTES, MAX_NESTING, Prefilter, Project, SettingsCache, index_files, nesting_exceeds,
    project_catalog,
};
use crate::pipeline::PipelineOptions;

use convert::{DiagnosticData, hover_markdown};
use document::Document;
use log::Level;
use transport::{Incoming, encode, error_response};

/// The code action kind of "apply every safe fix".
pub const FIX_ALL_KIND: &str = "source.fixAll.llmlint";

/// Names of the files whose change reloads the configuration.
const CONFIG_FILES: [&str; 4] = [
    "llmlint.toml",
    ".llmlint.toml",
    "pyproject.toml",
    "Cargo.toml",
];

#[derive(Debug, Clone, clap::Args)]
pub struct ServerArgs {
    /// How much to log on stderr [default: info, or the LLMLINT_LOG variable]
    #[arg(long, value_enum)]
    pub log_level: Option<Level>,
    /// Milliseconds to wait after an edit before analysing the file again
    #[arg(long, default_value_t = 15)]
    pub debounce_ms: u64,
}

/// Run the server on stdin / stdout until `exit`; the exit code follows the spec (0 after
/// `shutdown`, 1 otherwise).
pub fn run(args: ServerArgs) -> i32 {
    let level = args.log_level.or_else(|| {
        std::env::var("LLMLINT_LOG")
            .ok()
            .and_then(|v| <Level as clap::ValueEnum>::from_str(&v, true).ok())
    });
    log::set_level(level.unwrap_or(Level::Info));
    let (in_tx, in_rx) = unbounded();
    let (out_tx, out_rx) = unbounded::<String>();
    let stdin = std::io::BufReader::new(std::io::stdin());
    let started = transport::spawn_reader(stdin, in_tx)
        .and_then(|_| transport::spawn_writer(std::io::stdout(), out_rx));
    let writer = match started {
        Ok(w) => w,
        Err(e) => {
            log::error(&format!("cannot start: {e}"));
            return 1;
        }
    };
    // Deeply nested (but accepted) code must not overflow the analysing thread's stack.
    let debounce = Duration::from_millis(args.debounce_ms);
    let main = std::thread::Builder::new()
        .name("llmlint-lsp".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || Server::new(out_tx, debounce).serve(in_rx));
    let code = match main.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            log::error("the server stopped on an internal error");
            1
        }
    };
    let _ = writer.join();
    code
}

/// Events from the background workspace scan.
enum Event {
    Started(usize),
    Progress(usize, usize),
    Done {
        index: Box<ProjectIndex>,
        catalog: Box<Catalog>,
        files: usize,
        elapsed: Duration,
    },
    Failed(String),
}

/// One open document.
struct Open {
    uri: Uri,
    path: PathBuf,
    language: Language,
    doc: Document,
    /// The calls of the last analysis: byte span and hover text.
    hovers: Vec<(usize, usize, String)>,
    /// What it defines, as of its last analysis (it replaces the file's definitions on disk).
    defs: Definitions,
}

/// What depends on the configuration files; rebuilt when one changes.
struct Setup {
    resolver: ConfigResolver,
    settings: SettingsCache,
    pipeline: PipelineOptions,
    selections: Selections,
    prefilters: HashMap<usize, Prefilter>,
}

impl Setup {
    /// `catalog`: the built-in catalog as the workspace's Cargo manifests adjust it (renamed
    /// dependencies, the workspace's own LLM client crates), known once the scan is done.
    fn new(root: &Path, catalog: Catalog) -> Self {
        Setup {
            resolver: ConfigResolver::new(None, root.to_path_buf()),
            settings: SettingsCache::new(catalog),
            pipeline: PipelineOptions::default(),
            selections: Selections::new(SelectionLayer::default()),
            prefilters: HashMap::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Running,
    ShutDown,
}

/// The workspace scan's progress report, sent once the client has created the token.
#[derive(Default)]
struct Progress {
    supported: bool,
    created: bool,
    began: bool,
    ended: bool,
    /// (done, total) last seen, and the final message once the scan is over.
    last: Option<(usize, usize)>,
    finished: Option<String>,
}

const PROGRESS_TOKEN: &str = "llmlint/index";
const PROGRESS_REQUEST: &str = "llmlint/progress-create";

struct Server {
    out: Sender<String>,
    events_tx: Sender<Event>,
    events_rx: Receiver<Event>,
    phase: Phase,
    root: PathBuf,
    setup: Setup,
    /// The workspace's catalog (see [`Setup::new`]).
    catalog: Catalog,
    docs: BTreeMap<String, Open>,
    /// Definitions of the files on disk, from the scan and from watched changes.
    disk_facts: HashMap<PathBuf, Definitions>,
    /// Prompt files read by the project, from the scan.
    prompt_files: HashMap<String, Arc<str>>,
    project: Project,
    due: HashMap<String, Instant>,
    debounce: Duration,
    progress: Progress,
    watch_files: bool,
    shown_errors: Vec<String>,
    /// The configuration files around the open documents as last seen (path, modified time),
    /// for clients that do not watch files for the server.
    config_stamp: Vec<(PathBuf, Option<std::time::SystemTime>)>,
}

impl Server {
    fn new(out: Sender<String>, debounce: Duration) -> Self {
        let (events_tx, events_rx) = unbounded();
        let root = std::env::current_dir().unwrap_or_default();
        Server {
            out,
            events_tx,
            events_rx,
            phase: Phase::Uninitialized,
            setup: Setup::new(&root, Catalog::builtin()),
            catalog: Catalog::builtin(),
            root,
            docs: BTreeMap::new(),
            disk_facts: HashMap::new(),
            prompt_files: HashMap::new(),
            project: Project::default(),
            due: HashMap::new(),
            debounce,
            progress: Progress::default(),
            watch_files: false,
            shown_errors: Vec::new(),
            config_stamp: Vec::new(),
        }
    }

    fn serve(mut self, rx: Receiver<Incoming>) -> i32 {
        let events = self.events_rx.clone();
        loop {
            let wait = self
                .due
                .values()
                .min()
                .map_or(Duration::from_secs(3600), |t| {
                    t.saturating_duration_since(Instant::now())
                });
            select! {
                recv(rx) -> msg => match msg {
                    Ok(m) => {
                        if let Some(code) = self.handle(m) {
                            return code;
                        }
                    }
                    Err(_) => {
                        log::info("the client closed the connection");
                        return if self.phase == Phase::ShutDown { 0 } else { 1 };
                    }
                },
                recv(events) -> ev => {
                    if let Ok(ev) = ev {
                        self.guarded("a scan event", |s| s.on_event(ev));
                    }
                }
                default(wait) => {}
            }
            self.run_due();
        }
    }

    /// Run `f`, turning a panic (a bug) into a log line instead of a dead server.
    fn guarded<T>(&mut self, what: &str, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        match std::panic::catch_unwind(AssertUnwindSafe(|| f(self))) {
            Ok(v) => Some(v),
            Err(_) => {
                log::error(&format!("internal error while handling {what}"));
                None
            }
        }
    }

    fn send(&self, text: String) {
        let _ = self.out.send(text);
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(encode(&Message::Notification(Notification::new(
            method.to_string(),
            params,
        ))));
    }

    fn respond(&self, id: RequestId, result: Value) {
        self.send(encode(&Message::Response(Response {
            id,
            response_result: Ok(result),
        })));
    }

    fn respond_err(&self, id: RequestId, code: i32, message: &str) {
        self.send(encode(&Message::Response(Response::new_err(
            id,
            code,
            message.to_string(),
        ))));
    }

    fn request(&self, id: &str, method: &str, params: Value) {
        self.send(encode(&Message::Request(Request {
            id: RequestId::from(id.to_string()),
            method: method.to_string(),
            params,
        })));
    }

    fn show_error(&mut self, message: String) {
        log::error(&message);
        if !self.shown_errors.contains(&message) {
            self.notify(
                "window/showMessage",
                json!({"type": 1, "message": format!("llmlint: {message}")}),
            );
            self.shown_errors.push(message);
        }
    }

    /// Handle one incoming item; `Some(code)` ends the server.
    fn handle(&mut self, incoming: Incoming) -> Option<i32> {
        match incoming {
            Incoming::Invalid { id, code, message } => {
                log::warn(&message);
                self.send(error_response(id, code, &message));
                None
            }
            Incoming::Message(Message::Request(req)) => {
                let id = req.id.clone();
                let method = req.method.clone();
                if self
                    .guarded(&format!("request `{method}`"), |s| s.on_request(req))
                    .is_none()
                {
                    self.respond_err(
                        id,
                        transport::INTERNAL_ERROR,
                        &format!("internal error while handling `{method}`"),
                    );
                }
                None
            }
            Incoming::Message(Message::Notification(n)) => {
                if n.method == "exit" {
                    log::info("exit");
                    return Some(if self.phase == Phase::ShutDown { 0 } else { 1 });
                }
                let method = n.method.clone();
                self.guarded(&format!("notification `{method}`"), |s| {
                    s.on_notification(n)
                });
                None
            }
            Incoming::Message(Message::Response(r)) => {
                self.on_response(r);
                None
            }
        }
    }

    fn on_request(&mut self, req: Request) {
        log::debug(&format!("request {} {}", req.id, req.method));
        match (self.phase, req.method.as_str()) {
            (Phase::Uninitialized, "initialize") => {
                let result = self.initialize(&req.params);
                self.respond(req.id, result);
                self.phase = Phase::Running;
            }
            (Phase::Uninitialized, _) => self.respond_err(
                req.id,
                transport::SERVER_NOT_INITIALIZED,
                "the server is not initialized",
            ),
            (Phase::ShutDown, _) => self.respond_err(
                req.id,
                transport::INVALID_REQUEST,
                "the server is shutting down",
            ),
            (Phase::Running, "initialize") => self.respond_err(
                req.id,
                transport::INVALID_REQUEST,
                "the server is already initialized",
            ),
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShutDown;
                self.respond(req.id, Value::Null);
            }
            (Phase::Running, "textDocument/hover") => {
                match serde_json::from_value::<HoverParams>(req.params) {
                    Ok(p) => {
                        let h = self.hover(&p);
                        self.respond(req.id, serde_json::to_value(h).unwrap_or(Value::Null));
                    }
                    Err(e) => self.bad_params(req.id, e),
                }
            }
            (Phase::Running, "textDocument/codeAction") => {
                match serde_json::from_value::<CodeActionParams>(req.params) {
                    Ok(p) => {
                        let actions = self.code_actions(&p);
                        self.respond(req.id, serde_json::to_value(actions).unwrap_or(Value::Null));
                    }
                    Err(e) => self.bad_params(req.id, e),
                }
            }
            (Phase::Running, m) => {
                let m = m.to_string();
                self.respond_err(
                    req.id,
                    transport::METHOD_NOT_FOUND,
                    &format!("unknown method `{m}`"),
                );
            }
        }
    }

    fn bad_params(&self, id: RequestId, e: serde_json::Error) {
        self.respond_err(
            id,
            transport::INVALID_PARAMS,
            &format!("invalid params: {e}"),
        );
    }

    fn initialize(&mut self, params: &Value) -> Value {
        let folder = params
            .pointer("/workspaceFolders/0/uri")
            .or_else(|| params.get("rootUri"))
            .and_then(Value::as_str)
            .and_then(path_of_uri)
            .or_else(|| {
                params
                    .get("rootPath")
                    .and_then(Value::as_str)
                    .map(PathBuf::from)
            });
        if let Some(root) = folder {
            self.root = root.canonicalize().unwrap_or(root);
        }
        self.setup = Setup::new(&self.root, self.catalog.clone());
        self.progress.supported = params
            .pointer("/capabilities/window/workDoneProgress")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        self.watch_files = params
            .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if let Some(ms) = params
            .pointer("/initializationOptions/debounceMs")
            .and_then(Value::as_u64)
        {
            self.debounce = Duration::from_millis(ms.min(5_000));
        }
        log::info(&format!("workspace {}", self.root.display()));
        json!({
            "capabilities": {
                "positionEncoding": "utf-16",
                "textDocumentSync": {
                    "openClose": true,
                    "change": 2,
                    "save": {"includeText": false},
                },
                "hoverProvider": true,
                "codeActionProvider": {
                    "codeActionKinds": ["quickfix", FIX_ALL_KIND],
                    "resolveProvider": false,
                },
            },
            "serverInfo": {"name": "llmlint", "version": env!("CARGO_PKG_VERSION")},
        })
    }

    fn on_notification(&mut self, n: Notification) {
        if self.phase == Phase::Uninitialized {
            log::debug(&format!("dropping `{}` before initialize", n.method));
            return;
        }
        match n.method.as_str() {
            "initialized" => self.initialized(),
            "textDocument/didOpen" => {
                let (Some(uri), Some(text)) = (
                    n.params
                        .pointer("/textDocument/uri")
                        .and_then(Value::as_str),
                    n.params
                        .pointer("/textDocument/text")
                        .and_then(Value::as_str),
                ) else {
                    return log::warn("didOpen without a uri or text");
                };
                let version = n
                    .params
                    .pointer("/textDocument/version")
                    .and_then(Value::as_i64)
                    .unwrap_or(0) as i32;
                self.open(uri, text.to_string(), version);
            }
            "textDocument/didChange" => {
                match serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params) {
                    Ok(p) => {
                        let key = p.text_document.uri.as_str().to_string();
                        if let Some(open) = self.docs.get_mut(&key) {
                            open.doc.apply(p.content_changes, p.text_document.version);
                            self.due.insert(key, Instant::now() + self.debounce);
                        }
                    }
                    Err(e) => log::warn(&format!("bad didChange: {e}")),
                }
            }
            "textDocument/didSave" => {
                self.check_config_stamp();
                if let Some(uri) = n
                    .params
                    .pointer("/textDocument/uri")
                    .and_then(Value::as_str)
                {
                    let key = uri.to_string();
                    if self.docs.contains_key(&key) {
                        self.due.remove(&key);
                        self.analyse(&key);
                    }
                    if let Some(p) = path_of_uri(uri) {
                        self.file_changed(&p);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Some(uri) = n
                    .params
                    .pointer("/textDocument/uri")
                    .and_then(Value::as_str)
                    && let Some(open) = self.docs.remove(uri)
                {
                    self.due.remove(uri);
                    self.notify(
                        "textDocument/publishDiagnostics",
                        json!({"uri": uri, "diagnostics": []}),
                    );
                    // Its wrappers are the ones on disk again.
                    self.file_changed(&open.path);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let changes = n
                    .params
                    .get("changes")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                for c in changes {
                    if let Some(p) = c.get("uri").and_then(Value::as_str).and_then(path_of_uri) {
                        self.file_changed(&p);
                    }
                }
            }
            "workspace/didChangeConfiguration" => self.reload_config(),
            m if m.starts_with("$/") => {}
            m => log::debug(&format!("ignoring notification `{m}`")),
        }
    }

    fn on_response(&mut self, r: Response) {
        if r.id == RequestId::from(PROGRESS_REQUEST.to_string()) {
            if r.response_result.is_ok() {
                self.progress.created = true;
                self.send_progress();
            } else {
                self.progress.supported = false;
            }
        }
    }

    fn initialized(&mut self) {
        if self.watch_files {
            self.request(
                "llmlint/watch",
                "client/registerCapability",
                json!({"registrations": [{
                    "id": "llmlint-watch",
                    "method": "workspace/didChangeWatchedFiles",
                    "registerOptions": {"watchers": [
                        {"globPattern": "**/*.{py,pyi,rs}"},
                        {"globPattern": "**/{llmlint.toml,.llmlint.toml,pyproject.toml,Cargo.toml}"},
                    ]},
                }]}),
            );
        }
        if self.progress.supported {
            self.request(
                PROGRESS_REQUEST,
                "window/workDoneProgress/create",
                json!({"token": PROGRESS_TOKEN}),
            );
        }
        self.start_scan();
    }

    /// Index the workspace in the background: the wrappers every file defines.
    fn start_scan(&self) {
        let root = self.root.clone();
        let tx = self.events_tx.clone();
        let spawned = std::thread::Builder::new()
            .name("llmlint-index".into())
            .stack_size(64 * 1024 * 1024)
            .spawn(move || {
                let start = Instant::now();
                let resolver = Arc::new(ConfigResolver::new(None, root.clone()));
                let excl = match cli_excludes(&[]) {
                    Ok(e) => Arc::new(e),
                    Err(e) => {
                        let _ = tx.send(Event::Failed(e));
                        return;
                    }
                };
                let found =
                    match discover(std::slice::from_ref(&root), &root, &resolver, &excl, false) {
                        Ok(f) => f,
                        Err(e) => {
                            let _ = tx.send(Event::Failed(e));
                            return;
                        }
                    };
                let total = found.files.len();
                let _ = tx.send(Event::Started(total));
                let step = AtomicUsize::new(0);
                let catalog = project_catalog(Catalog::builtin(), &found.files, &root);
                let index = index_files(
                    &found.files,
                    &root,
                    &resolver,
                    catalog.clone(),
                    &|done, total| {
                        // One report per tenth of the files.
                        let tenth = done * 10 / total.max(1);
                        if step.fetch_max(tenth, Ordering::Relaxed) < tenth {
                            let _ = tx.send(Event::Progress(done, total));
                        }
                    },
                );
                let _ = tx.send(Event::Done {
                    index: Box::new(index),
                    catalog: Box::new(catalog),
                    files: total,
                    elapsed: start.elapsed(),
                });
            });
        if let Err(e) = spawned {
            log::error(&format!("cannot start the workspace scan: {e}"));
        }
    }

    fn on_event(&mut self, ev: Event) {
        match ev {
            Event::Started(total) => {
                self.progress.last = Some((0, total));
                self.send_progress();
            }
            Event::Progress(done, total) => {
                self.progress.last = Some((done, total));
                self.send_progress();
            }
            Event::Done {
                index,
                catalog,
                files,
                elapsed,
            } => {
                // what the manifests say changes how every file reads
                self.catalog = *catalog;
                self.setup.settings = SettingsCache::new(self.catalog.clone());
                self.setup.prefilters.clear();
                let n = index.by_name.values().map(Vec::len).sum::<usize>();
                self.disk_facts.clear();
                for (path, d) in index.definitions_by_path() {
                    self.disk_facts.insert(self.root.join(path), d);
                }
                self.prompt_files = index.files;
                let msg = format!(
                    "indexed {files} file{} ({n} wrapper{}) in {:.2}s",
                    if files == 1 { "" } else { "s" },
                    if n == 1 { "" } else { "s" },
                    elapsed.as_secs_f64()
                );
                log::info(&msg);
                self.progress.finished = Some(msg);
                self.send_progress();
                self.rebuild_index(true);
            }
            Event::Failed(e) => {
                self.progress.finished = Some(format!("indexing failed: {e}"));
                self.send_progress();
                self.show_error(format!("cannot index the workspace: {e}"));
            }
        }
    }

    fn send_progress(&mut self) {
        if !self.progress.supported || !self.progress.created || self.progress.ended {
            return;
        }
        let pct = |d: usize, t: usize| (d * 100).checked_div(t).unwrap_or(100);
        if !self.progress.began {
            self.progress.began = true;
            self.notify(
                "$/progress",
                json!({"token": PROGRESS_TOKEN, "value": {
                    "kind": "begin", "title": "llmlint: indexing the workspace",
                    "cancellable": false, "percentage": 0,
                }}),
            );
        }
        if let Some(msg) = self.progress.finished.clone() {
            self.progress.ended = true;
            self.notify(
                "$/progress",
                json!({"token": PROGRESS_TOKEN, "value": {"kind": "end", "message": msg}}),
            );
        } else if let Some((d, t)) = self.progress.last {
            self.notify(
                "$/progress",
                json!({"token": PROGRESS_TOKEN, "value": {
                    "kind": "report", "message": format!("{d}/{t} files"),
                    "percentage": pct(d, t),
                }}),
            );
        }
    }

    /// Rebuild the project index from the files on disk and the open documents; when it
    /// changed (or `force`), every open document is analysed again.
    fn rebuild_index(&mut self, force: bool) {
        let mut defs: Vec<(&Path, &Definitions)> = Vec::new();
        for (path, d) in &self.disk_facts {
            if !self.docs.values().any(|o| &o.path == path) {
                defs.push((path, d));
            }
        }
        for o in self.docs.values() {
            defs.push((&o.path, &o.defs));
        }
        defs.sort_by(|a, b| a.0.cmp(b.0));
        let index =
            ProjectIndex::from_definitions(defs.iter().map(|(_, d)| *d), self.prompt_files.clone());
        let changed = definitions_differ(&self.project.index, &index);
        if changed {
            self.project = Project::new(Arc::new(index));
        }
        if changed || force {
            let now = Instant::now();
            for k in self.docs.keys() {
                self.due.insert(k.clone(), now);
            }
        }
    }

    /// A file changed on disk (or was saved, closed, created, deleted): a configuration file
    /// reloads the settings; a source file that is not open has its wrappers read again.
    fn file_changed(&mut self, path: &Path) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if CONFIG_FILES.contains(&name) {
            return self.reload_config();
        }
        if path.to_str().and_then(language_of).is_none()
            || self.docs.values().any(|o| o.path == path)
        {
            return;
        }
        if path.is_file() {
            let index = index_files(
                &[path.to_path_buf()],
                &self.root,
                &self.setup.resolver,
                Catalog::builtin(),
                &|_, _| {},
            );
            let defs = index
                .definitions_by_path()
                .into_values()
                .next()
                .unwrap_or_default();
            for (k, v) in index.files {
                self.prompt_files.insert(k, v);
            }
            // A file read alone offers nothing when it has no SDK marker (a module of prompt
            // constants): what the workspace index found in it stays.
            if defs != Definitions::default() || !self.disk_facts.contains_key(path) {
                self.disk_facts.insert(path.to_path_buf(), defs);
            }
        } else {
            self.disk_facts.remove(path);
        }
        self.rebuild_index(false);
    }

    /// The configuration files that can apply to the open documents, with their modified
    /// times (`None`: absent).
    fn current_config_stamp(&self) -> Vec<(PathBuf, Option<std::time::SystemTime>)> {
        let mut dirs: Vec<&Path> = Vec::new();
        for o in self.docs.values() {
            for d in o.path.ancestors().skip(1) {
                if !dirs.contains(&d) {
                    dirs.push(d);
                }
            }
        }
        let mut out = Vec::new();
        for d in dirs {
            for name in CONFIG_FILES {
                let p = d.join(name);
                let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
                out.push((p, modified));
            }
        }
        out
    }

    /// Reload the configuration when one of its files was created, changed or deleted since
    /// last seen (Neovim on Linux, for one, does not watch files for servers): checked on open
    /// and on save.
    fn check_config_stamp(&mut self) {
        let now = self.current_config_stamp();
        let changed = now
            .iter()
            .any(|(p, t)| self.config_stamp.iter().any(|(q, old)| q == p && old != t));
        self.config_stamp = now;
        if changed {
            self.reload_config();
        }
    }

    fn reload_config(&mut self) {
        log::info("configuration changed; reloading it");
        self.setup = Setup::new(&self.root, self.catalog.clone());
        self.shown_errors.clear();
        let now = Instant::now();
        for k in self.docs.keys() {
            self.due.insert(k.clone(), now);
        }
    }

    fn open(&mut self, uri: &str, text: String, version: i32) {
        let Ok(parsed) = uri.parse::<Uri>() else {
            return log::warn(&format!("cannot read the uri {uri:?}"));
        };
        let Some(path) = path_of_uri(uri) else {
            return log::debug(&format!("not a file: {uri}"));
        };
        let path = match (path.parent().map(Path::canonicalize), path.file_name()) {
            (Some(Ok(dir)), Some(name)) => dir.join(name),
            _ => path,
        };
        let Some(language) = path.to_str().and_then(language_of) else {
            return log::debug(&format!("not a Python or Rust file: {uri}"));
        };
        self.docs.insert(
            uri.to_string(),
            Open {
                uri: parsed,
                path,
                language,
                doc: Document::new(text, version),
                hovers: Vec::new(),
                defs: Definitions::default(),
            },
        );
        self.due.remove(uri);
        self.check_config_stamp();
        self.analyse(uri);
    }

    fn run_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for k in ready {
            self.due.remove(&k);
            self.guarded("an analysis", |s| s.analyse(&k));
        }
    }

    /// Analyse a document now if an edit is waiting for its debounce.
    fn flush(&mut self, key: &str) {
        if self.due.remove(key).is_some() {
            self.analyse(key);
        }
    }

    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }

    /// Analyse one open document and publish its diagnostics.
    fn analyse(&mut self, key: &str) {
        let Some(open) = self.docs.get(key) else {
            return;
        };
        let started = Instant::now();
        let path = open.path.clone();
        let shown = self.shown(&path);
        let config: Arc<Config> = self.setup.resolver.for_file(&path);
        if let Some(e) = self.setup.resolver.errors().first() {
            self.show_error(e.to_string());
        }
        let Some(open) = self.docs.get(key) else {
            return;
        };
        let text = open.doc.text.as_str();
        let skip = if config.is_excluded(&path) {
            Some("excluded by the configuration".to_string())
        } else if text.len() > MAX_FILE_BYTES {
            Some(format!(
                "skipped: larger than the {} MB limit",
                MAX_FILE_BYTES / (1024 * 1024)
            ))
        } else if nesting_exceeds(text.as_bytes(), MAX_NESTING) {
            Some(format!(
                "skipped: brackets nested more than {MAX_NESTING} levels deep"
            ))
        } else {
            None
        };
        let mut diagnostics = Vec::new();
        let mut hovers = Vec::new();
        let mut defs = Definitions::default();
        let mut error = None;
        match skip {
            Some(reason) => log::debug(&format!("{shown}: {reason}")),
            None => {
                let setup = &mut self.setup;
                let settings = setup.settings.get(&config);
                let prefilter = setup
                    .prefilters
                    .entry(Arc::as_ptr(&config) as usize)
                    .or_insert_with(|| Prefilter::new(&[&*settings.catalog]));
                if prefilter.hit(&path, text.as_bytes()) || self.project.reaches(text) {
                    let checker = Checker {
                        settings: &setup.settings,
                        index: &self.project,
                        pipeline: &setup.pipeline,
                    };
                    let t0 = Instant::now();
                    let file = checker.analyse(&path, &config, text, &shown);
                    let t1 = Instant::now();
                    let findings = file_findings(&file, &setup.pipeline);
                    let t2 = Instant::now();
                    match setup.selections.get(&config) {
                        Ok(sel) => {
                            let diags = file_diagnostics(&file, &findings, &shown, sel);
                            diagnostics = diags
                                .iter()
                                .map(|d| convert::diagnostic(d, &open.doc, &open.uri))
                                .collect();
                        }
                        Err(e) => error = Some(e),
                    }
                    log::debug(&format!(
                        "{shown}: extraction {:.1} ms, findings {:.1} ms, diagnostics {:.1} ms",
                        (t1 - t0).as_secs_f64() * 1000.0,
                        (t2 - t1).as_secs_f64() * 1000.0,
                        t2.elapsed().as_secs_f64() * 1000.0
                    ));
                    for w in &file.analysis.warnings {
                        log::debug(&format!("{shown}: {w}"));
                    }
                    hovers = findings
                        .iter()
                        .map(|f| (f.call.span.start, f.call.span.end, hover_markdown(f)))
                        .collect();
                    defs = file.analysis.definitions();
                } else if let Some(d) = self.disk_facts.get(&path) {
                    // a file this check skips (a module of prompt constants) still offers
                    // what the workspace index found in it
                    defs = d.clone();
                }
            }
        }
        let version = open.doc.version;
        let uri = open.uri.as_str().to_string();
        if let Some(e) = error {
            self.show_error(e);
        }
        log::debug(&format!(
            "{shown}: {} diagnostic(s) in {:.1} ms",
            diagnostics.len(),
            started.elapsed().as_secs_f64() * 1000.0
        ));
        self.notify(
            "textDocument/publishDiagnostics",
            json!({"uri": uri, "version": version, "diagnostics": diagnostics}),
        );
        let mut defs_changed = false;
        if let Some(open) = self.docs.get_mut(key) {
            open.hovers = hovers;
            defs_changed = open.defs != defs;
            open.defs = defs;
        }
        if defs_changed {
            self.rebuild_index(false);
            // This document is up to date.
            self.due.remove(key);
        }
    }

    fn hover(&mut self, p: &HoverParams) -> Option<Hover> {
        let key = p.text_document_position_params.text_document.uri.as_str();
        self.flush(key);
        let open = self.docs.get(key)?;
        let at = open.doc.offset(p.text_document_position_params.position);
        let (start, end, text) = open
            .hovers
            .iter()
            .filter(|(s, e, _)| *s <= at && at <= *e)
            .min_by_key(|(s, e, _)| e - s)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text.clone(),
            }),
            range: Some(open.doc.range(*start, *end)),
        })
    }

    fn code_actions(&mut self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let key = p.text_document.uri.as_str().to_string();
        let wants = |kind: &str| {
            p.context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|k| kind.starts_with(k.as_str())))
        };
        let mut actions: Vec<CodeActionOrCommand> = Vec::new();
        let Some(open) = self.docs.get(&key) else {
            return actions;
        };
        if wants(CodeActionKind::QUICKFIX.as_str()) {
            let mut suppressions: Vec<(String, u32)> = Vec::new();
            for d in &p.context.diagnostics {
                if d.source.as_deref() != Some("llmlint") {
                    continue;
                }
                let Some(lsp_types::NumberOrString::String(code)) = &d.code else {
                    continue;
                };
                let data: Option<DiagnosticData> =
                    d.data.clone().and_then(|v| serde_json::from_value(v).ok());
                if let Some(data) = &data
                    && data.version == open.doc.version
                    && let Some(fix) = &data.fix
                    && convert::offered(&fix.applicability)
                {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        edit: Some(edit_of(&p.text_document.uri, fix.edits.clone())),
                        is_preferred: Some(true),
                        ..Default::default()
                    }));
                }
                if code.starts_with("LLM9")
                    || suppressions.contains(&(code.clone(), d.range.start.line))
                {
                    continue;
                }
                suppressions.push((code.clone(), d.range.start.line));
                let edit = convert::suppression_edit(&open.doc, open.language, code, d.range);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Suppress {code} on this line"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(edit_of(&p.text_document.uri, vec![edit])),
                    ..Default::default()
                }));
            }
        }
        if wants(FIX_ALL_KIND)
            && let Some(edit) = self.fix_all(&key)
        {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "llmlint: apply every safe fix".into(),
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                edit: Some(edit_of(&p.text_document.uri, vec![edit])),
                ..Default::default()
            }));
        }
        actions
    }

    /// `source.fixAll.llmlint`: the safe fixes applied until stable, as `check --fix` does
    /// (replacements are unsafe, so they are never part of it). `None` when nothing changes.
    fn fix_all(&mut self, key: &str) -> Option<TextEdit> {
        self.flush(key);
        let open = self.docs.get(key)?;
        let path = open.path.clone();
        let shown = self.shown(&path);
        let config = self.setup.resolver.for_file(&path);
        let open = self.docs.get(key)?;
        if config.is_excluded(&path) {
            return None;
        }
        let setup = &mut self.setup;
        let sel = setup.selections.get(&config).ok()?;
        let checker = Checker {
            settings: &setup.settings,
            index: &self.project,
            pipeline: &setup.pipeline,
        };
        let outcome = fix_until_stable(
            &open.doc.text,
            FixSettings {
                unsafe_fixes: false,
                max_iterations: 10,
            },
            |t| checker.check_text(&path, &config, t, sel, &shown),
            |t| parses(open.language, t),
        );
        (outcome.text != open.doc.text).then(|| TextEdit {
            range: open.doc.full_range(),
            new_text: outcome.text,
        })
    }
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(std::collections::HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

/// The path of a `file://` URI (percent-decoded); `None` for other schemes.
pub fn path_of_uri(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file://host/path`: only the local host is ours.
    let rest = match rest.find('/') {
        Some(0) => rest,
        Some(i) if &rest[..i] == "localhost" => &rest[i..],
        _ => return None,
    };
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        if bytes[i] == b'%'
            && let Some(b) = hex
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    Some(PathBuf::from(s))
}

/// A `file://` URI for an absolute path, percent-encoding what URIs do not allow.
pub fn uri_of_path(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether two indexes hold different definitions (compared file by file).
fn definitions_differ(a: &ProjectIndex, b: &ProjectIndex) -> bool {
    let sorted = |i: &ProjectIndex| {
        let mut v: Vec<(String, Definitions)> = i.definitions_by_path().into_iter().collect();
        v.sort_by(|x, y| x.0.cmp(&y.0));
        for (_, d) in &mut v {
            d.wrappers.sort_by(|x, y| x.qualname.cmp(&y.qualname));
            d.facts.sort_by(|x, y| x.name.cmp(&y.name));
        }
        v
    };
    sorted(a) != sorted(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths_round_trip() {
        let p = Path::new("/tmp/a dir/中文 #1/x.py");
        let u = uri_of_path(p);
        assert!(u.starts_with("file:///tmp/a%20dir/"), "{u}");
        assert_eq!(path_of_uri(&u).as_deref(), Some(p));
        assert_eq!(
            path_of_uri("file://localhost/x/y.rs").as_deref(),
            Some(Path::new("/x/y.rs"))
        );
        assert_eq!(path_of_uri("untitled:Untitled-1"), None);
        assert_eq!(path_of_uri("file://otherhost/x.py"), None);
        assert_eq!(
            path_of_uri("file:///x/100%25.py").as_deref(),
            Some(Path::new("/x/100%.py"))
        );
        // A stray '%' is kept as it is.
        assert_eq!(
            path_of_uri("file:///x/%zz").as_deref(),
            Some(Path::new("/x/%zz"))
        );
    }
}
