//! The rule table: codes, names, docs and the subtype table stay consistent.

use llmlint_rules::classify::lexicon;
use llmlint_rules::registry::{all_rules, rule_by_code, rule_by_subtype};
use llmlint_rules::rules::{ALL, DETECTORS};

/// The deterministic subtypes of the shared table (brief), by code.
const TABLE: &[(&str, &str, &str)] = &[
    ("LLM101", "extract-emails", "llm-extracts-emails"),
    ("LLM102", "extract-urls", "llm-extracts-urls"),
    (
        "LLM103",
        "extract-phone-numbers",
        "llm-extracts-phone-numbers",
    ),
    ("LLM104", "extract-dates", "llm-extracts-dates"),
    ("LLM105", "extract-amounts", "llm-extracts-amounts"),
    ("LLM106", "extract-ids", "llm-extracts-ids"),
    ("LLM107", "extract-hashtags", "llm-extracts-hashtags"),
    ("LLM108", "extract-mentions", "llm-extracts-mentions"),
    (
        "LLM109",
        "extract-ip-addresses",
        "llm-extracts-ip-addresses",
    ),
    (
        "LLM110",
        "extract-postal-codes",
        "llm-extracts-postal-codes",
    ),
    ("LLM111", "extract-versions", "llm-extracts-version-numbers"),
    ("LLM112", "contains-text", "llm-checks-text-contains"),
    ("LLM201", "inline-mapping", "llm-applies-inline-mapping"),
    ("LLM202", "country-code", "llm-looks-up-country-code"),
    ("LLM203", "country-capital", "llm-looks-up-capital"),
    ("LLM204", "country-reference", "llm-looks-up-country-data"),
    ("LLM205", "http-status", "llm-looks-up-http-status"),
    ("LLM206", "currency-reference", "llm-looks-up-currency"),
    ("LLM207", "language-code", "llm-looks-up-language-code"),
    ("LLM208", "us-state-code", "llm-looks-up-us-state"),
    ("LLM209", "mime-type", "llm-looks-up-mime-type"),
    ("LLM210", "weekday-name", "llm-looks-up-weekday"),
    ("LLM211", "unit-conversion", "llm-converts-units"),
    ("LLM212", "current-date", "llm-asks-current-date"),
    ("LLM301", "validate-json", "llm-validates-json"),
    ("LLM302", "validate-email", "llm-validates-email"),
    ("LLM303", "validate-url", "llm-validates-url"),
    ("LLM304", "validate-date", "llm-validates-date"),
    ("LLM305", "validate-uuid", "llm-validates-uuid"),
    ("LLM306", "validate-ip", "llm-validates-ip-address"),
    ("LLM307", "validate-phone", "llm-validates-phone-number"),
    (
        "LLM308",
        "validate-card-number",
        "llm-validates-card-number",
    ),
    (
        "LLM309",
        "validate-postal-code",
        "llm-validates-postal-code",
    ),
    ("LLM310", "validate-range", "llm-validates-length-or-range"),
    (
        "LLM311",
        "validate-required-fields",
        "llm-validates-required-fields",
    ),
    ("LLM312", "validate-semver", "llm-validates-semver"),
    ("LLM313", "validate-hex-color", "llm-validates-hex-color"),
    (
        "LLM314",
        "validate-check-digits",
        "llm-validates-check-digits",
    ),
    ("LLM401", "change-case", "llm-changes-case"),
    ("LLM402", "trim-whitespace", "llm-trims-whitespace"),
    ("LLM403", "slugify", "llm-slugifies"),
    ("LLM404", "reformat-date", "llm-reformats-date"),
    ("LLM405", "convert-csv-json", "llm-converts-csv-json"),
    ("LLM406", "extract-json-field", "llm-reads-json-field"),
    ("LLM407", "count", "llm-counts"),
    ("LLM408", "arithmetic", "llm-does-arithmetic"),
    ("LLM409", "sort-items", "llm-sorts-items"),
    ("LLM410", "dedupe-items", "llm-dedupes-items"),
    ("LLM411", "format-phone", "llm-formats-phone-number"),
    ("LLM412", "sort-json-keys", "llm-sorts-json-keys"),
    ("LLM413", "markdown-to-html", "llm-converts-markdown"),
];

#[test]
fn every_deterministic_subtype_of_the_table_has_its_rule() {
    for (code, subtype, name) in TABLE {
        let rule = rule_by_code(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(rule.subtype, Some(*subtype), "{code}");
        assert_eq!(rule.name, *name, "{code}");
        assert!(rule.task.is_some_and(|t| t.is_deterministic()), "{code}");
        assert!(rule.default_enabled, "{code}");
        assert_eq!(rule_by_subtype(subtype).map(|r| r.code), Some(*code));
    }
}

#[test]
fn codes_are_unique_and_all_is_sorted() {
    let codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "ALL must be in code order without duplicates"
    );
    assert_eq!(all_rules().len(), ALL.len());
    for c in &codes {
        assert!(
            c.len() == 6 && c.starts_with("LLM") && c[3..].chars().all(|d| d.is_ascii_digit()),
            "bad code {c}"
        );
    }
}

#[test]
fn names_are_kebab_case_and_unique() {
    let mut names: Vec<&str> = ALL.iter().map(|r| r.name).collect();
    for n in &names {
        assert!(
            !n.is_empty()
                && n.split('-').all(|part| !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "name {n} is not kebab-case"
        );
    }
    let before = names.len();
    names.sort();
    names.dedup();
    assert_eq!(before, names.len(), "duplicate rule names");
}

#[test]
fn docs_have_the_five_headings_in_order() {
    const HEADINGS: [&str; 5] = [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix safety",
    ];
    for r in ALL {
        let mut at = 0;
        for h in HEADINGS {
            let pos = r.doc[at..]
                .find(h)
                .unwrap_or_else(|| panic!("{}: missing or misplaced heading {h}", r.code));
            at += pos + h.len();
        }
        assert!(r.doc.contains("```python"), "{}: no Python snippet", r.code);
    }
}

#[test]
fn summaries_follow_message_style() {
    for r in ALL {
        assert!(
            r.summary.chars().next().is_some_and(|c| c.is_lowercase()),
            "{}: summary must start lower-case",
            r.code
        );
        assert!(!r.summary.ends_with('.'), "{}: trailing period", r.code);
        assert!(!r.summary.contains('\n'), "{}: one line", r.code);
    }
}

#[test]
fn one_detector_per_task_rule() {
    let task_rules = ALL
        .iter()
        .filter(|r| r.task.is_some_and(|t| t.is_deterministic()))
        .count();
    assert_eq!(DETECTORS.len(), task_rules);
    assert_eq!(task_rules, TABLE.len());
}

#[test]
fn lexicon_patterns_compile() {
    // `lexicon::re` falls back to a never-matching pattern on a bad constant; make sure no
    // shared pattern silently did.
    assert!(lexicon::EXTRACT_VERB.is_match("extract"));
    assert!(lexicon::YES_NO.is_match("answer yes or no"));
    assert!(lexicon::TRUE_FALSE.is_match("reply true or false"));
    assert!(lexicon::TERSE.is_match("the code only"));
    assert!(lexicon::NEGATED_WORK.is_match("do not explain"));
    assert!(lexicon::SOURCE_MARKER.is_match(" from the text"));
    assert!(lexicon::LONG_INPUT_NAME.is_match(" email_body "));
    assert!(lexicon::SHORT_INPUT_NAME.is_match(" country "));
    for (re, what, _) in lexicon::GENERATIVE.iter() {
        assert_ne!(
            re.as_str(),
            r"[^\s\S]",
            "generative pattern for {what} did not compile"
        );
    }
}
