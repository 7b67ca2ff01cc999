//! Rule selection: codes, prefixes, ALL, specificity, layers and per-file-ignores.

use std::path::Path;

use llmlint::check::select::{PerFileIgnores, RuleSelection, SelectionError, SelectionLayer};
use llmlint_rules::registry::RuleInfo;

const fn rule(code: &'static str, default_enabled: bool) -> RuleInfo {
    RuleInfo {
        code,
        name: "test-rule",
        summary: "a test rule",
        doc: "",
        task: None,
        subtype: None,
        default_enabled,
    }
}

static R101: RuleInfo = rule("LLM101", true);
static R201: RuleInfo = rule("LLM201", true);
static R301: RuleInfo = rule("LLM301", true);
static R302: RuleInfo = rule("LLM302", true);
static R310: RuleInfo = rule("LLM310", true);
static R501: RuleInfo = rule("LLM501", false);
static R901: RuleInfo = rule("LLM901", true);

fn rules() -> Vec<&'static RuleInfo> {
    vec![&R101, &R201, &R301, &R302, &R310, &R501, &R901]
}

fn list(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn layer(select: Option<&[&str]>, extend: &[&str], ignore: &[&str]) -> SelectionLayer {
    SelectionLayer {
        select: select.map(list),
        extend_select: list(extend),
        ignore: list(ignore),
    }
}

fn resolve(layers: &[SelectionLayer]) -> Vec<&'static str> {
    RuleSelection::resolve_with(&rules(), layers)
        .unwrap()
        .codes()
        .collect()
}

#[test]
fn defaults_are_the_default_enabled_rules() {
    assert_eq!(
        resolve(&[]),
        ["LLM101", "LLM201", "LLM301", "LLM302", "LLM310", "LLM901"]
    );
}

#[test]
fn select_replaces_and_prefixes_match() {
    assert_eq!(
        resolve(&[layer(Some(&["LLM3"]), &[], &[])]),
        ["LLM301", "LLM302", "LLM310"]
    );
    assert_eq!(
        resolve(&[layer(Some(&["LLM30"]), &[], &[])]),
        ["LLM301", "LLM302"]
    );
    assert_eq!(resolve(&[layer(Some(&["LLM301"]), &[], &[])]), ["LLM301"]);
    assert_eq!(
        resolve(&[layer(Some(&["llm30"]), &[], &[])]),
        ["LLM301", "LLM302"]
    );
    // ALL includes rules that are off by default.
    assert_eq!(resolve(&[layer(Some(&["ALL"]), &[], &[])]).len(), 7);
}

#[test]
fn ignore_and_specificity() {
    assert_eq!(
        resolve(&[layer(Some(&["LLM3"]), &[], &["LLM301"])]),
        ["LLM302", "LLM310"]
    );
    // The more specific selector wins, whichever list it is in.
    assert_eq!(
        resolve(&[layer(Some(&["LLM301"]), &[], &["LLM3"])]),
        ["LLM301"]
    );
    assert_eq!(
        resolve(&[layer(Some(&["ALL"]), &[], &["LLM"])]),
        Vec::<&str>::new()
    );
    // A tie goes to ignore.
    assert_eq!(
        resolve(&[layer(Some(&["LLM30"]), &[], &["LLM30"])]),
        Vec::<&str>::new()
    );
}

#[test]
fn extend_select_adds_to_defaults() {
    assert_eq!(
        resolve(&[layer(None, &["LLM5"], &["LLM1", "LLM2"])]),
        ["LLM301", "LLM302", "LLM310", "LLM501", "LLM901"]
    );
}

#[test]
fn later_layers_override() {
    // Config selects LLM3; the command line ignores LLM310 and extends with LLM101.
    let cfg = layer(Some(&["LLM3"]), &[], &[]);
    let cli = layer(None, &["LLM101"], &["LLM310"]);
    assert_eq!(resolve(&[cfg.clone(), cli]), ["LLM101", "LLM301", "LLM302"]);
    // A command-line select starts again.
    let cli = layer(Some(&["LLM2"]), &[], &[]);
    assert_eq!(resolve(&[cfg, cli]), ["LLM201"]);
}

#[test]
fn unknown_selectors_are_errors() {
    let err =
        RuleSelection::resolve_with(&rules(), &[layer(Some(&["LLM7"]), &[], &[])]).unwrap_err();
    assert_eq!(err, SelectionError::UnknownSelector("LLM7".to_string()));
    assert_eq!(err.to_string(), "unknown rule selector `LLM7`");
    assert!(RuleSelection::resolve_with(&rules(), &[layer(None, &[], &["E501"])]).is_err());
    assert!(RuleSelection::resolve_with(&rules(), &[layer(Some(&[""]), &[], &[])]).is_err());
}

#[test]
fn registry_default_set_contains_meta_rules() {
    let sel = RuleSelection::default_set();
    assert!(sel.is_enabled("LLM901"));
    assert!(sel.is_enabled("LLM902"));
}

fn pfi(entries: &[(&str, &[&str])]) -> PerFileIgnores {
    let e: Vec<(String, Vec<String>)> = entries
        .iter()
        .map(|(g, c)| (g.to_string(), list(c)))
        .collect();
    PerFileIgnores::new_with("/repo", &e, &rules()).unwrap()
}

#[test]
fn per_file_ignores_match_relative_to_config_folder() {
    let p = pfi(&[("tests/**/*.py", &["LLM3"]), ("__init__.py", &["LLM101"])]);
    assert!(p.is_ignored(Path::new("/repo/tests/unit/test_a.py"), "LLM301"));
    assert!(!p.is_ignored(Path::new("/repo/tests/unit/test_a.py"), "LLM101"));
    assert!(!p.is_ignored(Path::new("/repo/src/a.py"), "LLM301"));
    // A pattern without `/` matches the file name in any folder.
    assert!(p.is_ignored(Path::new("/repo/pkg/sub/__init__.py"), "LLM101"));
    // Relative paths (as the walker found them, relative to the config folder).
    assert!(p.is_ignored(Path::new("tests/x/test_b.py"), "LLM310"));
    assert!(p.is_ignored(Path::new("./tests/x/test_b.py"), "LLM310"));
    // The glob is anchored at the config folder, not anywhere in the path.
    assert!(!p.is_ignored(Path::new("/repo/src/tests/x/test_b.py"), "LLM310"));
}

#[test]
fn per_file_ignores_negation_and_errors() {
    let p = pfi(&[("!src/**", &["LLM5"])]);
    assert!(p.is_ignored(Path::new("/repo/scripts/a.py"), "LLM501"));
    assert!(!p.is_ignored(Path::new("/repo/src/a.py"), "LLM501"));
    let bad: Vec<(String, Vec<String>)> = vec![("src/[a".to_string(), list(&["LLM3"]))];
    assert!(matches!(
        PerFileIgnores::new_with("/repo", &bad, &rules()),
        Err(SelectionError::InvalidGlob { .. })
    ));
    let bad: Vec<(String, Vec<String>)> = vec![("src/**".to_string(), list(&["XYZ1"]))];
    assert!(PerFileIgnores::new_with("/repo", &bad, &rules()).is_err());
}
