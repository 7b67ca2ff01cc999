//! The cost-hygiene fixtures parse, and each says what it expects (a `expect:` marker for
//! the rule of its file name and at least one `ok:` counter-example).

use std::path::PathBuf;

fn fixture_dir(lang: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/lint"))
        .join("../fixtures/cost")
        .join(lang)
}

fn files(lang: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixture_dir(lang))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

fn code_of(path: &std::path::Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    name[..6].to_ascii_uppercase()
}

#[test]
fn python_fixtures_parse_and_are_marked() {
    let fs = files("python", "py");
    assert_eq!(fs.len(), 3);
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .unwrap();
    for f in fs {
        let src = std::fs::read_to_string(&f).unwrap();
        let tree = parser.parse(&src, None).unwrap();
        assert!(
            !tree.root_node().has_error(),
            "{} does not parse",
            f.display()
        );
        let code = code_of(&f);
        assert!(
            src.contains(&format!("# expect: {code}")),
            "{}",
            f.display()
        );
        assert!(src.contains("# ok:"), "{}", f.display());
    }
}

#[test]
fn rust_fixtures_parse_and_are_marked() {
    let fs = files("rust", "rs");
    assert_eq!(fs.len(), 3);
    for f in fs {
        let src = std::fs::read_to_string(&f).unwrap();
        syn::parse_file(&src).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let code = code_of(&f);
        assert!(
            src.contains(&format!("// expect: {code}")),
            "{}",
            f.display()
        );
        assert!(src.contains("// ok:"), "{}", f.display());
    }
}
