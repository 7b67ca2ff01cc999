//! What the lookup generators emit: names, imports, crates, errors, and code that parses for
//! every shape of spec.

mod gen_support;

use gen_support::{assert_python_parses, gen_ok};
use llmlint_rewrite::r#gen::check_backtracking;
use llmlint_rewrite::r#gen::lookup::{example_lookups, unit};
use llmlint_rewrite::{
    Dataset, GenContext, GenError, Lookup, ReplacementSpec, TargetLanguage, generate,
};

const PY: TargetLanguage = TargetLanguage::Python;
const RS: TargetLanguage = TargetLanguage::Rust;

fn spec(lookup: Lookup) -> ReplacementSpec {
    ReplacementSpec::Lookup { lookup }
}

fn reference(dataset: Dataset, from: &str, to: &str) -> ReplacementSpec {
    spec(Lookup::Reference {
        dataset,
        from: from.into(),
        to: to.into(),
    })
}

#[test]
fn every_example_generates_in_both_languages_with_assumptions() {
    let ctx = GenContext::new("text");
    let mut snippets = Vec::new();
    for l in example_lookups() {
        let s = spec(l);
        for lang in [PY, RS] {
            let g = gen_ok(&s, lang, &ctx);
            assert!(!g.helper_name.is_empty());
            assert!(g.helper_code.contains(&g.helper_name), "{}", g.helper_code);
            assert!(!g.assumptions.is_empty(), "{s:?} {lang:?}: no assumptions");
            assert!(!g.returns.is_empty());
            for r in &g.regexes {
                check_backtracking(r).unwrap_or_else(|e| panic!("{r}: {e}"));
            }
            if lang == PY {
                snippets.push((g.helper_name.clone(), g.helper_code.clone()));
            } else {
                syn::parse_file(&g.helper_code).expect("rust parses");
            }
        }
    }
    assert_python_parses(&snippets);
}

#[test]
fn helpers_are_named_for_their_job() {
    let ctx = GenContext::new("row[\"country\"]");
    let name = |s: ReplacementSpec, lang| gen_ok(&s, lang, &ctx).helper_name;
    assert_eq!(
        name(reference(Dataset::Countries, "name", "alpha2"), PY),
        "to_iso_alpha2"
    );
    assert_eq!(
        name(reference(Dataset::Countries, "name", "iso3"), RS),
        "to_iso_alpha3"
    );
    assert_eq!(
        name(reference(Dataset::Countries, "country", "capital"), PY),
        "capital_of"
    );
    assert_eq!(
        name(reference(Dataset::HttpStatuses, "status", "reason"), PY),
        "http_reason"
    );
    assert_eq!(
        name(reference(Dataset::HttpStatuses, "code", "phrase"), RS),
        "http_reason"
    );
    assert_eq!(
        name(reference(Dataset::UsStates, "name", "usps"), RS),
        "state_abbreviation"
    );
    let km = spec(Lookup::UnitConversion {
        from: "km".into(),
        to: "miles".into(),
    });
    assert_eq!(name(km.clone(), PY), "km_to_miles");
    let g = gen_ok(&km, PY, &ctx);
    assert_eq!(g.call_expr, "km_to_miles(row[\"country\"])");
    let today = spec(Lookup::CurrentDate {
        what: "today".into(),
    });
    assert_eq!(gen_ok(&today, PY, &ctx).call_expr, "today_iso()");
    assert_eq!(gen_ok(&today, RS, &ctx).call_expr, "today_iso()");
}

#[test]
fn names_already_taken_get_a_suffix() {
    let ctx = GenContext {
        arg: "x".into(),
        existing_modules: vec![],
        taken_names: vec!["to_iso_alpha2".into()],
    };
    let g = gen_ok(&reference(Dataset::Countries, "name", "alpha2"), PY, &ctx);
    assert_eq!(g.helper_name, "to_iso_alpha2_2");
    assert!(
        g.helper_code.contains("def to_iso_alpha2_2(country):"),
        "{}",
        g.helper_code
    );
    assert!(g.helper_code.contains("_TO_ISO_ALPHA2_2_TABLE = {"));
}

#[test]
fn python_uses_the_standard_library_and_the_projects_own_pycountry() {
    let plain = GenContext::new("c");
    let http = gen_ok(
        &reference(Dataset::HttpStatuses, "code", "reason"),
        PY,
        &plain,
    );
    assert!(
        http.helper_code.contains("http.HTTPStatus("),
        "{}",
        http.helper_code
    );
    assert_eq!(http.imports, ["import http"]);
    let with_http = GenContext {
        existing_modules: vec!["http".into()],
        ..GenContext::new("c")
    };
    assert!(
        gen_ok(
            &reference(Dataset::HttpStatuses, "code", "reason"),
            PY,
            &with_http
        )
        .imports
        .is_empty()
    );

    let country = reference(Dataset::Countries, "name", "alpha2");
    let shipped = gen_ok(&country, PY, &plain);
    assert!(shipped.imports.is_empty());
    assert!(
        shipped
            .helper_code
            .contains("\"united states of america\": \"US\",")
    );
    let with_pycountry = GenContext {
        existing_modules: vec!["pycountry".into()],
        ..GenContext::new("c")
    };
    let g = gen_ok(&country, PY, &with_pycountry);
    assert!(
        g.helper_code.contains("pycountry.countries.lookup("),
        "{}",
        g.helper_code
    );
    assert!(g.helper_code.contains(".alpha_2"));
    assert!(g.imports.is_empty(), "pycountry is already imported");
    // Capitals are not in pycountry: the shipped table is used.
    let capital = gen_ok(
        &reference(Dataset::Countries, "name", "capital"),
        PY,
        &with_pycountry,
    );
    assert!(capital.helper_code.contains("\"france\": \"Paris\","));
}

#[test]
fn rust_tables_are_sorted_static_slices_searched_by_binary_search() {
    let g = gen_ok(
        &reference(Dataset::Currencies, "code", "symbol"),
        RS,
        &GenContext::new("code"),
    );
    assert!(
        g.helper_code.contains("static TABLE: &[(&str, &str)]"),
        "{}",
        g.helper_code
    );
    assert!(g.helper_code.contains("binary_search_by"));
    assert!(g.needs_crates.is_empty(), "std only");
    assert_eq!(g.returns, "Option<&'static str>");
    let file = syn::parse_file(&g.helper_code).expect("parses");
    let syn::Item::Fn(f) = &file.items[0] else {
        panic!("not a fn")
    };
    let keys: Vec<String> = g
        .helper_code
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("(\"")
                .and_then(|r| r.split('"').next())
        })
        .map(str::to_string)
        .collect();
    assert!(keys.len() > 100, "{} keys", keys.len());
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "keys not sorted and unique"
    );
    assert_eq!(f.sig.ident, "currency_symbol");
}

#[test]
fn inline_mappings_normalise_keys_and_keep_the_default() {
    let s = spec(Lookup::Inline {
        entries: vec![
            ("  Yes ".into(), "true".into()),
            ("YES".into(), "ignored duplicate".into()),
            ("he said \"no\"".into(), "false".into()),
        ],
        default: Some("unknown".into()),
    });
    let py = gen_ok(&s, PY, &GenContext::new("answer"));
    assert!(
        py.helper_code.contains("\"yes\": \"true\","),
        "{}",
        py.helper_code
    );
    assert!(!py.helper_code.contains("ignored duplicate"));
    assert!(
        py.helper_code
            .contains("\"he said \\\"no\\\"\": \"false\",")
    );
    assert!(py.helper_code.contains(", \"unknown\")"));
    let rs = gen_ok(&s, RS, &GenContext::new("answer"));
    assert_eq!(rs.returns, "&'static str");
    assert!(
        rs.helper_code.contains(".unwrap_or(\"unknown\")"),
        "{}",
        rs.helper_code
    );
}

#[test]
fn impossible_lookups_are_errors_not_code() {
    let ctx = GenContext::new("x");
    let err = |s: ReplacementSpec| generate(&s, PY, &ctx).expect_err("should fail");
    assert!(matches!(
        err(spec(Lookup::UnitConversion {
            from: "km".into(),
            to: "kg".into()
        })),
        GenError::Invalid(_)
    ));
    assert!(matches!(
        err(spec(Lookup::UnitConversion {
            from: "cubits".into(),
            to: "m".into()
        })),
        GenError::Unsupported(_)
    ));
    assert!(matches!(
        err(reference(Dataset::Countries, "name", "anthem")),
        GenError::Unsupported(_)
    ));
    assert!(matches!(
        err(reference(Dataset::Countries, "iso2", "alpha2")),
        GenError::Invalid(_)
    ));
    assert!(matches!(
        err(spec(Lookup::Inline {
            entries: vec![],
            default: None
        })),
        GenError::Invalid(_)
    ));
    assert!(matches!(
        err(spec(Lookup::CurrentDate {
            what: "moon phase".into()
        })),
        GenError::Unsupported(_)
    ));
}

#[test]
fn unit_factors_are_the_exact_definitions() {
    let f = |n: &str| unit(n).unwrap_or_else(|| panic!("{n}")).factor;
    assert_eq!(f("mi"), 1609.344);
    assert_eq!(f("ft"), 0.3048);
    assert_eq!(f("inch"), 0.0254);
    assert_eq!(f("lb"), 0.45359237);
    assert_eq!(f("gallons"), 3.785411784);
    assert_eq!(f("oz"), 0.028349523125);
    assert_eq!(unit("°F").map(|u| u.name), Some("fahrenheit"));
    assert_eq!(unit("degrees Celsius").map(|u| u.name), Some("celsius"));
    assert!(unit("furlong").is_none());
}

#[test]
fn odd_inputs_generate_code_that_still_parses() {
    let ctx = GenContext::new("x");
    let odd = [
        "",
        "\"",
        "'",
        "\\",
        "{}",
        "\n",
        "a\"b\\c\nd",
        "😀",
        "r#\"",
        "#",
    ];
    let mut snippets = Vec::new();
    for k in odd {
        let s = spec(Lookup::Inline {
            entries: vec![(k.to_string(), k.to_string()), ("x".into(), "y".into())],
            default: Some(k.to_string()),
        });
        for lang in [PY, RS] {
            let g = gen_ok(&s, lang, &ctx);
            if lang == PY {
                snippets.push((format!("{k:?}"), g.helper_code));
            } else {
                syn::parse_file(&g.helper_code).expect("rust parses");
            }
        }
    }
    assert_python_parses(&snippets);
}
