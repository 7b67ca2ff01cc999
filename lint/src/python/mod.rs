//! The Python front-end: tree-sitter-python syntax tree → LLM call sites.
//!
//! `scope` resolves names (imports, globals, locals, parameters, class attributes),
//! `sdk` matches calls against the SDK catalog, `prompt` recovers prompts and literal
//! values, `context` reads the surroundings (loops, handlers, how the answer is used),
//! `wrappers` finds user functions that wrap an LLM call and resolves their call sites, and
//! `relays` finds calls through a parameter or a class attribute that callers (or
//! subclasses) fill with an LLM object or function.

mod context;
mod facts;
mod fields;
mod frameworks;
mod prompt;
mod relays;
mod scope;
mod sdk;
mod syntax;
mod wrappers;

use llmlint_rules::CallSite;
use llmlint_rules::catalog::Catalog;
use tree_sitter::{Node, Parser};

use crate::analysis::{FileAnalysis, Settings, WrapperIndex};

use scope::Scope;
use syntax::Src;

/// Files nested deeper than this are reported and skipped.
const MAX_TREE_DEPTH: usize = 400;

/// The per-file analyser state shared by the sub-modules.
pub(crate) struct Ana<'t> {
    pub src: Src<'t>,
    pub scope: Scope<'t>,
    pub catalog: &'t Catalog,
    pub path: &'t str,
    /// Dotted module path of this file (`pkg.llm_helpers`).
    pub module: String,
    /// Call start byte -> parameters feeding whole prompt parts (see `wrappers`).
    pub feeds: std::cell::RefCell<std::collections::HashMap<usize, Vec<String>>>,
    /// The module's syntax tree.
    pub root: Option<Node<'t>>,
    /// The project index (facts of other files).
    pub index: &'t WrapperIndex,
    /// Prompts picked from a table at run time in the call site being built: the hole's name
    /// and the table's entries.
    pub choices: std::cell::RefCell<Vec<(String, Vec<Vec<llmlint_rules::Segment>>)>>,
    /// True while a call site's parts are recovered: imported names missing from the index
    /// are then recorded as wants.
    pub recording: std::cell::Cell<bool>,
    /// Modules whose definitions a call site here needed and the index did not hold.
    pub module_wants: std::cell::RefCell<Vec<crate::analysis::Want>>,
    /// Prompt files this file reads (candidate paths), found while recovering prompts.
    pub file_wants: std::cell::RefCell<Vec<crate::analysis::Want>>,
    /// Work budget for one call site: resolution steps left (guards against blow-ups on
    /// pathological name chains).
    pub budget: std::cell::Cell<usize>,
    /// Every call of the file, in source order (callers of a function, for its parameters).
    pub calls: Vec<Node<'t>>,
    /// The catalog's LLM method names (`create`, `invoke`, `run`...), built on first use.
    pub llm_methods: std::cell::OnceCell<std::collections::HashSet<&'t str>>,
    /// The calls of the file by the last name of their callee (`ask` for `ask(..)` and
    /// `self.ask(..)`), built on first use.
    pub calls_by_name: std::cell::OnceCell<std::collections::HashMap<&'t str, Vec<Node<'t>>>>,
}

/// Resolution steps allowed per call site.
const BUDGET: usize = 1_000;

pub fn analyze<'t>(
    path: &'t str,
    text: &'t str,
    settings: &'t Settings,
    index: &'t WrapperIndex,
) -> FileAnalysis {
    let mut out = FileAnalysis::default();
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
    {
        out.warnings
            .push("python grammar could not be loaded".to_string());
        return out;
    }
    let Some(tree) = parse_again(&mut parser, path, text) else {
        out.warnings.push("python parser gave up".to_string());
        return out;
    };
    let root = tree.root_node();
    let src = Src::new(text);
    let module = module_path(path);
    let package = if path.ends_with("__init__.py") {
        module.clone()
    } else {
        module
            .rsplit_once('.')
            .map(|x| x.0)
            .unwrap_or("")
            .to_string()
    };
    let Some((scope, calls)) = Scope::build(root, &src, MAX_TREE_DEPTH, &package) else {
        out.warnings.push(format!(
            "syntax nested more than {MAX_TREE_DEPTH} levels deep, file skipped"
        ));
        return out;
    };
    out.parsed = true;
    if root.has_error() {
        out.warnings
            .push("syntax errors, the analysis covers the parsable parts".to_string());
    }
    let ana = Ana {
        src,
        scope,
        catalog: &settings.catalog,
        path,
        module,
        feeds: Default::default(),
        root: Some(root),
        index,
        file_wants: Default::default(),
        recording: Default::default(),
        module_wants: Default::default(),
        choices: Default::default(),
        budget: std::cell::Cell::new(BUDGET),
        calls: calls.clone(),
        calls_by_name: Default::default(),
        llm_methods: Default::default(),
    };
    let (sites, defs) = ana.run(&calls, index);
    out.calls = sites;
    out.wrappers = defs;
    out.facts = ana.facts(settings.facts == crate::analysis::FactDepth::All);
    out.wants = ana.wants();
    out.calls.sort_by_key(|c| (c.span.start, c.span.end));
    out
}

impl<'t> Ana<'t> {
    /// Spend one resolution step; false when the budget for this call site is spent.
    pub fn tick(&self) -> bool {
        let b = self.budget.get();
        if b == 0 {
            return false;
        }
        self.budget.set(b - 1);
        true
    }

    fn run(
        &self,
        calls: &[Node<'t>],
        index: &WrapperIndex,
    ) -> (Vec<CallSite>, Vec<crate::analysis::WrapperDef>) {
        let mut sites: Vec<(Node<'t>, CallSite)> = Vec::new();
        let llm_methods = self.llm_method_names();
        for &c in calls {
            self.budget.set(BUDGET);
            self.choices.borrow_mut().clear();
            let mark = self.module_wants.borrow().len();
            self.recording.set(true);
            let found = self
                .match_sdk_call(c)
                .or_else(|| self.match_chain_call(c))
                .or_else(|| self.match_framework_call(c))
                .or_else(|| self.match_by_shape(c));
            self.recording.set(false);
            match found {
                Some(mut site) => {
                    site.variants = self.variants_of(&site.prompt);
                    sites.push((c, site));
                }
                None => {
                    // keep what an unresolved receiver of a model-call method needed (a
                    // client imported from another module); forget the rest
                    let keep = c
                        .child_by_field_id(fields::function())
                        .filter(|f| f.kind() == "attribute")
                        .and_then(|f| f.child_by_field_id(fields::attribute()))
                        .is_some_and(|a| llm_methods.contains(self.src.of(a)));
                    if !keep {
                        self.module_wants.borrow_mut().truncate(mark);
                        self.hands_llm_object(c);
                    }
                }
            }
        }
        self.resolve_wrappers(calls, sites, index)
    }
}

impl<'t> Ana<'t> {
    /// The catalog's LLM method names.
    pub fn llm_method_names(&self) -> &std::collections::HashSet<&'t str> {
        self.llm_methods
            .get_or_init(|| self.catalog.python.method_names())
    }

    /// A call of a function imported from a project module that hands it an LLM object
    /// (`run_sync(make_agent(), "..")`), or something that may be one once another module
    /// is known: that function may call it (a relay), so its module is wanted.
    fn hands_llm_object(&self, call: Node<'t>) -> bool {
        let Some(func) = call.child_by_field_id(fields::function()) else {
            return false;
        };
        let Some(path) = self.scope.import_path(func, &self.src) else {
            return false;
        };
        if self.catalog_module(&path) {
            return false;
        }
        // arguments that can be an LLM object: a call (a factory), a name bound to one, an
        // imported name; what resolving them wants from other modules is kept when the
        // answer may come from there
        let args = syntax::Args::of(call, &self.src);
        let mark = self.module_wants.borrow().len();
        self.recording.set(true);
        let mut hands = false;
        for a in args
            .positional
            .iter()
            .chain(args.keywords.iter().map(|(_, v)| v))
        {
            let u = syntax::unwrap_expr(*a);
            let shaped = match u.kind() {
                "call" => true,
                "identifier" => match self.scope.lookup(self.src.of(u), u) {
                    scope::Binding::Expr(e) => syntax::unwrap_expr(e).kind() == "call",
                    scope::Binding::Import => true,
                    _ => false,
                },
                _ => false,
            };
            if shaped
                && matches!(
                    self.resolve(u, 0),
                    Some(sdk::Val::Inst(_) | sdk::Val::Chain(_))
                )
            {
                hands = true;
                break;
            }
        }
        self.recording.set(false);
        let wanted = self.module_wants.borrow().len() > mark;
        if hands || wanted {
            self.module_wants
                .borrow_mut()
                .push(crate::analysis::Want::Module(
                    llmlint_rules::Language::Python,
                    path,
                ));
        }
        hands || wanted
    }
}

thread_local! {
    /// The last Python file this thread parsed (path, text, tree). The editor server analyses
    /// a document again after each edit on one thread: the new text is parsed incrementally
    /// from the old tree, and the fix stage reads the tree of the text just analysed.
    static LAST_TREE: std::cell::RefCell<Option<(String, std::sync::Arc<str>, tree_sitter::Tree)>> =
        const { std::cell::RefCell::new(None) };
}

/// Parse `text`, reusing this thread's last tree of the same path: as is when the text is
/// unchanged, else edited by the one span where old and new text differ and parsed
/// incrementally (tree-sitter's result equals a fresh parse).
fn parse_again(parser: &mut Parser, path: &str, text: &str) -> Option<tree_sitter::Tree> {
    let old = LAST_TREE.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(p, _, _)| p == path)
            .map(|(_, t, tree)| (t.clone(), tree.clone()))
    });
    let tree = match old {
        Some((t, tree)) if &*t == text => tree,
        Some((t, mut tree)) => {
            tree.edit(&single_edit(&t, text));
            parser.parse(text, Some(&tree))?
        }
        None => parser.parse(text, None)?,
    };
    LAST_TREE.with(|c| {
        *c.borrow_mut() = Some((path.to_string(), std::sync::Arc::from(text), tree.clone()))
    });
    Some(tree)
}

/// The one edit that turns `old` into `new`: what lies between their common prefix and
/// their common suffix.
fn single_edit(old: &str, new: &str) -> tree_sitter::InputEdit {
    let (ob, nb) = (old.as_bytes(), new.as_bytes());
    let start = ob.iter().zip(nb).take_while(|(a, b)| a == b).count();
    let room = ob.len().min(nb.len()) - start;
    let suffix = ob
        .iter()
        .rev()
        .zip(nb.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let point = |b: &[u8], at: usize| {
        let line_start = b[..at]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1);
        tree_sitter::Point {
            row: b[..at].iter().filter(|&&c| c == b'\n').count(),
            column: at - line_start,
        }
    };
    tree_sitter::InputEdit {
        start_byte: start,
        old_end_byte: ob.len() - suffix,
        new_end_byte: nb.len() - suffix,
        start_position: point(ob, start),
        old_end_position: point(ob, ob.len() - suffix),
        new_end_position: point(nb, nb.len() - suffix),
    }
}

/// The tree of `text` when it is the last Python text this thread parsed.
pub fn tree_of(text: &str) -> Option<tree_sitter::Tree> {
    LAST_TREE.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(_, t, _)| &**t == text)
            .map(|(_, _, tree)| tree.clone())
    })
}

/// `pkg/llm_helpers.py` → `pkg.llm_helpers`; `pkg/__init__.py` → `pkg`.
pub fn module_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.trim_start_matches("./");
    let p = p
        .strip_suffix(".pyi")
        .or_else(|| p.strip_suffix(".py"))
        .unwrap_or(p);
    let p = p.strip_suffix("/__init__").unwrap_or(p);
    p.split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every node's kind and byte range, in tree order.
    fn ranges(n: Node) -> Vec<(String, usize, usize)> {
        let mut out = vec![(n.kind().to_string(), n.start_byte(), n.end_byte())];
        let mut c = n.walk();
        for ch in n.children(&mut c) {
            out.extend(ranges(ch));
        }
        out
    }

    #[test]
    fn an_edited_text_parses_incrementally_to_the_same_tree() {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_python::LANGUAGE.into())
            .unwrap();
        let v1 = "import os\n\ndef f(x):\n    return x + 1\n\nclass A:\n    pass\n";
        // an insertion, a replacement across lines, a deletion, a non-ASCII edit, the same
        let edits = [
            "import os\n\ndef f(x, y):\n    return x + y + 1\n\nclass A:\n    pass\n",
            "import os\n\nclass A:\n    pass\n",
            "import os\n",
            "import os\ns = 'é→x'\n",
            "import os\ns = 'é→x'\n",
        ];
        assert!(parse_again(&mut parser, "t.py", v1).is_some());
        for text in edits {
            let inc = parse_again(&mut parser, "t.py", text).unwrap();
            let fresh = parser.parse(text, None).unwrap();
            assert_eq!(
                inc.root_node().to_sexp(),
                fresh.root_node().to_sexp(),
                "{text:?}"
            );
            assert_eq!(
                ranges(inc.root_node()),
                ranges(fresh.root_node()),
                "{text:?}"
            );
            assert_eq!(
                tree_of(text).map(|t| t.root_node().to_sexp()),
                Some(fresh.root_node().to_sexp())
            );
        }
    }

    #[test]
    fn module_paths() {
        assert_eq!(module_path("pkg/llm_helpers.py"), "pkg.llm_helpers");
        assert_eq!(module_path("./a/b/__init__.py"), "a.b");
        assert_eq!(module_path("x.py"), "x");
    }
}
