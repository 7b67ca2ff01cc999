//! Suppression comments: where they are found (not inside strings), what they cover, and
//! LLM901 for the unused ones, with fixes that remove them.

use llmlint::check::Diagnostic;
use llmlint::check::fix::apply_fixes;
use llmlint::check::suppress::{
    Comment, CommentSyntax, DirectiveKind, Suppressions, apply_suppressions, python_comments,
    rust_comments,
};
use llmlint::text::LineIndex;

fn comment_texts(text: &str, comments: &[Comment]) -> Vec<String> {
    comments
        .iter()
        .map(|c| text[c.start..c.end].to_string())
        .collect()
}

/// A diagnostic of `code` on 1-based `line`, from its first non-blank character to its end.
fn diag_on(code: &str, path: &str, text: &str, line: usize) -> Diagnostic {
    let idx = LineIndex::new(text);
    let start = idx.line_start(line - 1);
    let line_text = text[start..].lines().next().unwrap_or("");
    let indent = line_text.len() - line_text.trim_start().len();
    let span = idx.span(text, start + indent, start + line_text.len());
    Diagnostic::with_code(
        code,
        path,
        span,
        "this call asks gpt-4o to do something simple",
    )
}

fn all_enabled(_: &str) -> bool {
    true
}

/// Codes reported after suppression, with their lines.
fn reported(path: &str, text: &str, diags: Vec<Diagnostic>) -> Vec<(String, u32)> {
    let out = apply_suppressions(path, text, diags, &all_enabled);
    let mut v: Vec<(String, u32)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code.clone(), d.span.line))
        .collect();
    v.sort();
    v
}

fn s(code: &str, line: u32) -> (String, u32) {
    (code.to_string(), line)
}

#[test]
fn python_lexer_skips_strings() {
    let text = r####"a = "# not a comment"  # one
b = '# nor this' + "it's"  # two
c = """
# inside a triple-quoted string
"""  # three
d = r"\"# raw" # four
e = f"{x["k"]} # in f-string {y:>#10}"  # five
g = f'{a!r:{w}}'  # six
h = rb'#' + Rb"#" + u"#"
# seven
i = "unterminated # string
j = 1  # eight
"####;
    let comments = python_comments(text);
    assert_eq!(
        comment_texts(text, &comments),
        [
            "# one", "# two", "# three", "# four", "# five", "# six", "# seven", "# eight"
        ]
    );
}

#[test]
fn rust_lexer_skips_strings_chars_and_block_comments() {
    let text = r####"let a = "// not"; // one
let b = r#"// raw " still"#; // two
let c = '"'; let d = '\''; // three
fn f<'a>(x: &'a str) -> &'a str { x } // four
/* block // not /* nested // not */ still */ let e = 1; // five
/// six
//! seven
let u = b"//"; let v = br"//"; let w = c"//"; let ch = b'/'; // eight
let s = "esc \" // not";
"####;
    let comments = rust_comments(text);
    assert_eq!(
        comment_texts(text, &comments),
        [
            "// one",
            "// two",
            "// three",
            "// four",
            "// five",
            "/// six",
            "//! seven",
            "// eight"
        ]
    );
}

#[test]
fn directive_forms_are_parsed() {
    let text = "x = 1  # llmlint: ignore[LLM301, llm302]\n\
                y = 2  # type: ignore  # noqa: E501,LLM303\n\
                # llmlint: ignore-file[LLM401]\n\
                z = 3  # NOQA\n\
                w = 4  # llmlint: ignore\n\
                v = 5  # llmlint: ignored-thing\n\
                u = 6  # noqa:\n";
    let sup = Suppressions::parse_with(CommentSyntax::Hash, text);
    let kinds: Vec<(DirectiveKind, Option<Vec<String>>, usize, bool)> = sup
        .directives
        .iter()
        .map(|d| {
            (
                d.kind,
                d.codes
                    .as_ref()
                    .map(|cs| cs.iter().map(|c| c.code.clone()).collect()),
                d.line,
                d.own_line,
            )
        })
        .collect();
    let codes = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(
        kinds,
        vec![
            (
                DirectiveKind::Ignore,
                codes(&["LLM301", "LLM302"]),
                0,
                false
            ),
            (DirectiveKind::Noqa, codes(&["E501", "LLM303"]), 1, false),
            (DirectiveKind::IgnoreFile, codes(&["LLM401"]), 2, true),
            (DirectiveKind::Noqa, None, 3, false),
            (DirectiveKind::Ignore, None, 4, false),
            (DirectiveKind::Noqa, None, 6, false),
        ]
    );
    // The directive's range starts at its own marker.
    let d = &sup.directives[1];
    assert_eq!(&text[d.start..d.end], "# noqa: E501,LLM303");
}

#[test]
fn same_line_and_line_above() {
    let text = "\
a = ask(x)  # llmlint: ignore[LLM301]
# llmlint: ignore[LLM301]
b = ask(x)
c = 1  # llmlint: ignore[LLM301]
d = ask(x)
e = ask(x)  # noqa: LLM301
# noqa: LLM301
f = ask(x)
g = ask(x)  # llmlint: ignore[LLM302]
";
    let path = "m.py";
    let diags: Vec<Diagnostic> = [1, 3, 5, 6, 8, 9]
        .iter()
        .map(|&l| diag_on("LLM301", path, text, l))
        .collect();
    let got = reported(path, text, diags);
    // Line 5: the comment above is on a code line, so it does not reach line 5 (and is unused).
    // Line 9: another code. Line 4's and line 9's directives are reported as unused.
    assert_eq!(
        got,
        vec![
            s("LLM301", 5),
            s("LLM301", 9),
            s("LLM901", 4),
            s("LLM901", 9)
        ]
    );
}

#[test]
fn directive_inside_a_string_does_not_suppress() {
    let text = "a = ask(\"is this JSON? # noqa: LLM301\")\nb = ask('# llmlint: ignore')\n";
    let diags = vec![
        diag_on("LLM301", "m.py", text, 1),
        diag_on("LLM301", "m.py", text, 2),
    ];
    assert_eq!(
        reported("m.py", text, diags),
        vec![s("LLM301", 1), s("LLM301", 2)]
    );
}

#[test]
fn bare_forms() {
    let text = "\
a = ask(x)  # llmlint: ignore
b = ask(x)  # noqa
# noqa
c = ask(x)
d = 1  # noqa
e = 2  # llmlint: ignore
";
    let diags = vec![
        diag_on("LLM301", "m.py", text, 1),
        diag_on("LLM405", "m.py", text, 1),
        diag_on("LLM302", "m.py", text, 2),
        diag_on("LLM302", "m.py", text, 4),
    ];
    // A bare `# noqa` covers its own line only, and is never reported as unused (other tools
    // read it); a bare `# llmlint: ignore` that covers nothing is.
    assert_eq!(
        reported("m.py", text, diags),
        vec![s("LLM302", 4), s("LLM901", 6)]
    );
}

#[test]
fn file_level() {
    let text = "\
import os
# llmlint: ignore-file[LLM301]
a = ask(x)
b = ask(y)
";
    let diags = vec![
        diag_on("LLM301", "m.py", text, 3),
        diag_on("LLM302", "m.py", text, 4),
    ];
    assert_eq!(reported("m.py", text, diags), vec![s("LLM302", 4)]);

    let text = "// llmlint: ignore-file\nfn main() { ask(x); }\n";
    let diags = vec![diag_on("LLM301", "m.rs", text, 2)];
    assert_eq!(reported("m.rs", text, diags), vec![]);
    // Unused file-level suppression is reported.
    assert_eq!(reported("m.rs", text, vec![]), vec![s("LLM901", 1)]);
}

#[test]
fn rust_forms() {
    let text = "\
fn main() {
    // llmlint: ignore[LLM301]
    let a = ask(x);
    let b = ask(y); // llmlint: ignore[LLM302]
    let c = \"// llmlint: ignore[LLM303]\"; let d = ask(z);
}
";
    let diags = vec![
        diag_on("LLM301", "m.rs", text, 3),
        diag_on("LLM302", "m.rs", text, 4),
        diag_on("LLM303", "m.rs", text, 5),
    ];
    assert_eq!(reported("m.rs", text, diags), vec![s("LLM303", 5)]);
}

#[test]
fn case_insensitive_noqa_and_foreign_codes_left_alone() {
    let text = "a = ask(x)  # NOQA: llm301\nb = 1  # noqa: E501, F401\n";
    let diags = vec![diag_on("LLM301", "m.py", text, 1)];
    // E501/F401 belong to other tools: not reported as unused.
    assert_eq!(reported("m.py", text, diags), vec![]);
}

#[test]
fn unused_only_for_enabled_codes() {
    let text = "a = 1  # llmlint: ignore[LLM301, LLM302]\n";
    let only_302 = |c: &str| c == "LLM302" || c == "LLM901";
    let out = apply_suppressions("m.py", text, vec![], &only_302);
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].message, "unused suppression for LLM302");
    // LLM901 switched off: nothing reported.
    let no_901 = |c: &str| c != "LLM901";
    assert!(
        apply_suppressions("m.py", text, vec![], &no_901)
            .diagnostics
            .is_empty()
    );
}

#[test]
fn llm901_can_itself_be_suppressed_by_name() {
    let text = "a = 1  # llmlint: ignore[LLM301, LLM901]\n";
    let out = apply_suppressions("m.py", text, vec![], &all_enabled);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.suppressed, 1);
}

/// Apply the LLM901 fixes of `text` and return the result.
fn fix_unused(path: &str, text: &str, diags: Vec<Diagnostic>) -> String {
    let out = apply_suppressions(path, text, diags, &all_enabled);
    let fixes: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code == "LLM901")
        .filter_map(|d| d.fix.as_ref())
        .collect();
    assert!(!fixes.is_empty());
    for f in &fixes {
        assert_eq!(f.applicability, llmlint_rewrite::Applicability::Safe);
    }
    apply_fixes(text, &fixes).text
}

#[test]
fn unused_suppression_fixes() {
    // Trailing comment: removed with the spaces before it.
    assert_eq!(
        fix_unused("m.py", "a = 1  # llmlint: ignore[LLM301]\nb = 2\n", vec![]),
        "a = 1\nb = 2\n"
    );
    // Own-line comment: the whole line goes.
    assert_eq!(
        fix_unused(
            "m.py",
            "a = 1\n    # llmlint: ignore[LLM301]\nb = 2\n",
            vec![]
        ),
        "a = 1\nb = 2\n"
    );
    // Partly used: only the unused code goes.
    let text = "a = ask(x)  # llmlint: ignore[LLM301, LLM302]\n";
    let diags = vec![diag_on("LLM302", "m.py", text, 1)];
    assert_eq!(
        fix_unused("m.py", text, diags),
        "a = ask(x)  # llmlint: ignore[LLM302]\n"
    );
    // Other tools' codes stay.
    assert_eq!(
        fix_unused("m.py", "a = 1  # noqa: E501, LLM301\n", vec![]),
        "a = 1  # noqa: E501\n"
    );
    // A directive after other comment text: only the directive goes.
    assert_eq!(
        fix_unused("m.py", "a = 1  # type: ignore  # noqa: LLM301\n", vec![]),
        "a = 1  # type: ignore\n"
    );
    // A directive followed by another: the other stays.
    assert_eq!(
        fix_unused("m.py", "a = 1  # noqa: LLM301  # type: ignore\n", vec![]),
        "a = 1  # type: ignore\n"
    );
    // Rust, CRLF line endings.
    assert_eq!(
        fix_unused(
            "m.rs",
            "let a = 1;\r\n// llmlint: ignore[LLM301]\r\nlet b = 2;\r\n",
            vec![]
        ),
        "let a = 1;\r\nlet b = 2;\r\n"
    );
}

#[test]
fn unused_message_and_span() {
    let text = "a = 1  # llmlint: ignore[LLM301, LLM302]\n";
    let out = apply_suppressions("m.py", text, vec![], &all_enabled);
    let d = &out.diagnostics[0];
    assert_eq!(d.code, "LLM901");
    assert_eq!(d.name, "unused-suppression");
    assert_eq!(d.message, "unused suppression for LLM301, LLM302");
    assert_eq!((d.span.line, d.span.column, d.span.end_column), (1, 8, 41));
    assert_eq!(
        d.fix.as_ref().unwrap().message,
        "Remove the unused suppression"
    );
}

#[test]
fn files_without_directives_pass_through() {
    let text = "a = ask(x)\n";
    let diags = vec![diag_on("LLM301", "m.py", text, 1)];
    let out = apply_suppressions("m.py", text, diags.clone(), &all_enabled);
    assert_eq!(out.diagnostics, diags);
    assert_eq!(out.suppressed, 0);
}

#[test]
fn deeply_nested_fstrings_do_not_overflow() {
    let mut text = String::from("a = ");
    for _ in 0..5000 {
        text.push_str("f\"{");
    }
    text.push_str("x  # noqa: LLM301\n");
    // No panic, no stack overflow; whatever it finds is well-formed.
    let comments = python_comments(&text);
    for c in comments {
        assert!(c.start < c.end && c.end <= text.len());
    }
}

/// Small deterministic generator (no extra dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn lexers_and_directives_never_panic_on_noise() {
    let pieces = [
        "#",
        "//",
        "/*",
        "*/",
        "'",
        "\"",
        "\"\"\"",
        "'''",
        "\\",
        "{",
        "}",
        "{{",
        "r",
        "b",
        "f",
        "br",
        "r#\"",
        "\"#",
        "#",
        "\n",
        "\r\n",
        " ",
        "é",
        "😀",
        "llmlint: ignore[",
        "LLM301",
        "]",
        "noqa",
        ":",
        ",",
        "ignore-file",
        "x",
        "(",
        ")",
    ];
    let mut rng = Lcg(42);
    for _ in 0..2000 {
        let n = (rng.next() % 40) as usize;
        let text: String = (0..n)
            .map(|_| pieces[(rng.next() as usize) % pieces.len()])
            .collect();
        for (path, comments) in [
            ("m.py", python_comments(&text)),
            ("m.rs", rust_comments(&text)),
        ] {
            for c in &comments {
                assert!(c.start < c.end && c.end <= text.len());
                let _ = &text[c.start..c.end];
            }
            // A diagnostic on every line; suppression and LLM901 fixes must stay in range.
            let lines = text.split('\n').count();
            let diags: Vec<Diagnostic> = (1..=lines)
                .map(|l| {
                    let idx = LineIndex::new(&text);
                    let s = idx.line_start(l - 1);
                    Diagnostic::with_code("LLM301", path, idx.span(&text, s, s), "m")
                })
                .collect();
            let out = apply_suppressions(path, &text, diags, &all_enabled);
            let fixes: Vec<_> = out
                .diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .collect();
            for f in &fixes {
                for e in &f.edits {
                    assert!(e.start <= e.end && e.end <= text.len(), "{text:?} {e:?}");
                    assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                }
            }
            // Removing unused suppressions converges.
            let analyse =
                |t: &str| apply_suppressions(path, t, Vec::new(), &all_enabled).diagnostics;
            let fixed = llmlint::check::fix::fix_until_stable(
                &text,
                llmlint::check::fix::FixSettings::default(),
                analyse,
                |_| true,
            );
            assert!(fixed.converged, "{text:?}");
        }
    }
}
