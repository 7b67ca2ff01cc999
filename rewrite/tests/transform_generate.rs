//! What the transform generators emit: names, imports, crates, errors, date-format parsing,
//! and code that parses for odd specs.

mod gen_support;

use std::io::Write as _;
use std::process::{Command, Stdio};

use gen_support::{assert_python_parses, gen_ok};
use llmlint_rewrite::r#gen::check_backtracking;
use llmlint_rewrite::r#gen::transform::{
    DateToken, date_tokens, example_transforms, region_calling_code,
};
use llmlint_rewrite::{GenContext, GenError, ReplacementSpec, TargetLanguage, Transform, generate};

const PY: TargetLanguage = TargetLanguage::Python;
const RS: TargetLanguage = TargetLanguage::Rust;

fn tr(transform: Transform) -> ReplacementSpec {
    ReplacementSpec::Transform { transform }
}

#[test]
fn every_example_generates_in_both_languages_with_assumptions_where_behaviour_differs() {
    let ctx = GenContext::new("text");
    let mut snippets = Vec::new();
    for t in example_transforms() {
        let s = tr(t.clone());
        for lang in [PY, RS] {
            let g = gen_ok(&s, lang, &ctx);
            assert!(g.helper_code.contains(&g.helper_name), "{}", g.helper_code);
            assert_eq!(g.call_expr, format!("{}(text)", g.helper_name));
            for r in &g.regexes {
                check_backtracking(r).unwrap_or_else(|e| panic!("{r}: {e}"));
            }
            let obvious = matches!(t, Transform::Upper | Transform::Lower | Transform::Trim);
            assert!(
                obvious || !g.assumptions.is_empty(),
                "{t:?} {lang:?}: no assumptions"
            );
            if lang == PY {
                snippets.push((format!("{t:?}"), g.helper_code.clone()));
            } else {
                syn::parse_file(&g.helper_code).expect("rust parses");
            }
        }
    }
    assert_python_parses(&snippets);
}

#[test]
fn helpers_are_named_for_their_job() {
    let ctx = GenContext::new("s");
    let name = |t: Transform| gen_ok(&tr(t), PY, &ctx).helper_name;
    assert_eq!(name(Transform::Slugify), "slugify");
    assert_eq!(name(Transform::Sum), "sum_numbers");
    assert_eq!(name(Transform::SnakeCase), "to_snake_case");
    assert_eq!(name(Transform::PhoneE164 { region: None }), "to_e164");
    assert_eq!(
        name(Transform::JsonField {
            path: vec!["user".into(), "e-mail".into()]
        }),
        "get_e_mail"
    );
    assert_eq!(
        name(Transform::JsonField {
            path: vec!["items".into(), "0".into()]
        }),
        "get_json_field"
    );
    assert_eq!(
        name(Transform::JsonField { path: vec![] }),
        "get_json_field"
    );
}

#[test]
fn python_imports_only_what_the_file_lacks() {
    let plain = GenContext::new("s");
    let g = gen_ok(&tr(Transform::CsvToJson), PY, &plain);
    assert_eq!(g.imports, ["import csv", "import io", "import json"]);
    let has_json = GenContext {
        existing_modules: vec!["json".into(), "io".into()],
        ..GenContext::new("s")
    };
    assert_eq!(
        gen_ok(&tr(Transform::CsvToJson), PY, &has_json).imports,
        ["import csv"]
    );
    let slug = gen_ok(&tr(Transform::Slugify), PY, &plain);
    assert_eq!(slug.imports, ["import re", "import unicodedata"]);
    assert!(slug.helper_code.contains("unicodedata.normalize(\"NFKD\""));
    assert!(gen_ok(&tr(Transform::Upper), PY, &plain).imports.is_empty());
    let md = gen_ok(&tr(Transform::MarkdownToHtml), PY, &plain);
    assert_eq!(md.imports, ["import markdown"]);
    assert!(
        md.assumptions
            .iter()
            .any(|a| a.contains("pip install markdown"))
    );
}

#[test]
fn rust_states_the_crates_it_needs() {
    let plain = GenContext::new("s");
    let crates = |t: Transform, ctx: &GenContext| {
        gen_ok(&tr(t), RS, ctx)
            .needs_crates
            .into_iter()
            .map(|(c, _)| c)
            .collect::<Vec<_>>()
    };
    assert_eq!(crates(Transform::CsvToJson, &plain), ["csv", "serde_json"]);
    assert_eq!(crates(Transform::SortJsonKeys, &plain), ["serde_json"]);
    assert_eq!(crates(Transform::Sum, &plain), ["regex"]);
    assert_eq!(
        crates(Transform::MarkdownToHtml, &plain),
        ["pulldown-cmark"]
    );
    assert!(
        crates(Transform::Slugify, &plain).is_empty(),
        "std-only fold table"
    );
    assert!(
        crates(
            Transform::ReformatDate {
                from: None,
                to: "YYYY".into()
            },
            &plain
        )
        .is_empty()
    );
    let has = GenContext {
        existing_modules: vec!["serde_json".into()],
        ..GenContext::new("s")
    };
    assert_eq!(crates(Transform::CsvToJson, &has), ["csv"]);
}

#[test]
fn date_formats_tokenise_as_prompts_write_them() {
    use DateToken::*;
    let lit = |s: &str| Literal(s.to_string());
    assert_eq!(
        date_tokens("MM/DD/YYYY"),
        Some(vec![Month2, lit("/"), Day2, lit("/"), Year4])
    );
    assert_eq!(
        date_tokens("dd/mm/yyyy"),
        Some(vec![Day2, lit("/"), Month2, lit("/"), Year4]),
        "lower-case mm is a month when no hour comes before it"
    );
    assert_eq!(
        date_tokens("YYYY-MM-DD HH:mm"),
        Some(vec![
            Year4,
            lit("-"),
            Month2,
            lit("-"),
            Day2,
            lit(" "),
            Hour,
            lit(":"),
            Minute
        ])
    );
    assert_eq!(
        date_tokens("%d %B %Y"),
        Some(vec![Day2, lit(" "), MonthName, lit(" "), Year4])
    );
    assert_eq!(date_tokens("iso 8601"), date_tokens("YYYY-MM-DD"));
    assert_eq!(
        date_tokens("dddd, MMM D"),
        Some(vec![WeekdayName, lit(", "), MonthAbbr, lit(" "), Day1])
    );
    assert_eq!(
        date_tokens("YYYY-MM-DD HH:MM"),
        date_tokens("YYYY-MM-DD HH:mm"),
        "upper-case MM after an hour is minutes"
    );
    assert_eq!(
        date_tokens("month day, year"),
        Some(vec![MonthName, lit(" "), Day1, lit(", "), Year4])
    );
    assert_eq!(
        date_tokens("DD-MON-YYYY"),
        Some(vec![Day2, lit("-"), MonthAbbr, lit("-"), Year4])
    );
    assert_eq!(date_tokens("Unix timestamp"), Some(vec![Unix]));
    assert_eq!(
        date_tokens("RFC 2822"),
        date_tokens("ddd, DD MMM YYYY HH:mm:ss +0000")
    );
    assert_eq!(date_tokens("the usual"), None, "no date part at all");
    assert_eq!(date_tokens(""), None);
}

#[test]
fn phone_regions_resolve_by_code_or_name() {
    assert_eq!(region_calling_code("US").as_deref(), Some("1"));
    assert_eq!(region_calling_code("uk").as_deref(), Some("44"));
    assert_eq!(region_calling_code("France").as_deref(), Some("33"));
    assert_eq!(region_calling_code("DEU").as_deref(), Some("49"));
    assert_eq!(region_calling_code("Atlantis"), None);
}

#[test]
fn impossible_transforms_are_errors_not_code() {
    let ctx = GenContext::new("x");
    let err = |t: Transform, lang| generate(&tr(t), lang, &ctx).expect_err("should fail");
    for lang in [PY, RS] {
        assert!(matches!(
            err(
                Transform::PhoneE164 {
                    region: Some("Atlantis".into())
                },
                lang
            ),
            GenError::Unsupported(_)
        ));
        assert!(matches!(
            err(
                Transform::ReformatDate {
                    from: Some("whenever".into()),
                    to: "YYYY".into()
                },
                lang
            ),
            GenError::Unsupported(_)
        ));
        assert!(matches!(
            err(
                Transform::ReformatDate {
                    from: None,
                    to: "nice".into()
                },
                lang
            ),
            GenError::Unsupported(_)
        ));
    }
}

#[test]
fn odd_specs_generate_code_that_still_parses() {
    let ctx = GenContext::new("x");
    let odd = ["\"", "'", "\\", "{}", "\n", "a\"b\\c", "😀", "%", "{d}"];
    let mut snippets = Vec::new();
    for s in odd {
        let specs = [
            Transform::SortItems {
                separator: Some(s.into()),
                descending: true,
                numeric: false,
            },
            Transform::Dedupe {
                separator: Some(s.into()),
                sort: true,
            },
            Transform::CountItems {
                separator: Some(s.into()),
            },
            Transform::JsonField {
                path: vec![s.into(), "0".into()],
            },
            Transform::ReformatDate {
                from: Some(format!("YYYY{s}MM{s}DD")),
                to: format!("D{s}MMMM{s}YYYY"),
            },
        ];
        for t in specs {
            for lang in [PY, RS] {
                let g = gen_ok(&tr(t.clone()), lang, &ctx);
                if lang == PY {
                    snippets.push((format!("{t:?}"), g.helper_code));
                } else {
                    syn::parse_file(&g.helper_code)
                        .unwrap_or_else(|e| panic!("{t:?}: {e}\n{}", g.helper_code));
                }
            }
        }
    }
    assert_python_parses(&snippets);
}

#[test]
fn python_uses_phonenumbers_when_the_project_has_it() {
    let with = GenContext {
        existing_modules: vec!["phonenumbers".into()],
        ..GenContext::new("raw")
    };
    let s = tr(Transform::PhoneE164 {
        region: Some("United Kingdom".into()),
    });
    let g = gen_ok(&s, PY, &with);
    assert!(
        g.helper_code
            .contains("phonenumbers.parse(str(phone), \"GB\")"),
        "{}",
        g.helper_code
    );
    assert!(
        g.helper_code
            .contains("phonenumbers.PhoneNumberFormat.E164")
    );
    assert!(g.imports.is_empty(), "already imported");
    let without = gen_ok(&s, PY, &GenContext::new("raw"));
    assert!(!without.helper_code.contains("phonenumbers."));
    assert!(
        without
            .assumptions
            .iter()
            .any(|a| a.contains("phonenumbers"))
    );
    assert_python_parses(&[("phonenumbers".into(), g.helper_code)]);
}

#[test]
fn emitted_regexes_run_fast_on_adversarial_input_in_python() {
    let mut regexes: Vec<String> = Vec::new();
    for t in example_transforms() {
        for lang in [PY, RS] {
            regexes.extend(gen_ok(&tr(t.clone()), lang, &GenContext::new("s")).regexes);
        }
    }
    let km = ReplacementSpec::Lookup {
        lookup: llmlint_rewrite::Lookup::UnitConversion {
            from: "km".into(),
            to: "mi".into(),
        },
    };
    regexes.extend(gen_ok(&km, PY, &GenContext::new("s")).regexes);
    regexes.sort();
    regexes.dedup();
    assert!(regexes.len() >= 3, "{regexes:?}");
    let prog = "import json, re, sys, time\nbad = []\nfor p in json.load(sys.stdin):\n    rx = re.compile(p)\n    for s in ['1,' * 25000, '-' * 50000, '1' * 50000 + 'x', '1,00' * 12500, '-1.' * 16000, 'é' * 50000]:\n        t = time.perf_counter()\n        list(rx.finditer(s))\n        if time.perf_counter() - t > 1.0:\n            bad.append(p)\nprint(bad)\nsys.exit(1 if bad else 0)\n";
    let mut child = Command::new("python3")
        .args(["-c", prog])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run python3");
    let input = serde_json::to_string(&regexes).expect("json");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3 output");
    assert!(
        out.status.success(),
        "slow regexes: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}
