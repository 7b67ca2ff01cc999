//! The reference data shipped in `rewrite/data/`: complete, unique, well-formed, dated.

use std::collections::{HashMap, HashSet};

use llmlint_rewrite::Dataset;
use llmlint_rewrite::r#gen::lookup::reference::{
    self, ALL_DATASETS, COUNTRIES_TSV, CURRENCIES_TSV, HTTP_STATUSES_TSV, LANGUAGES_TSV,
    LATIN_FOLD_TSV, MIME_TYPES_TSV, Table, US_STATES_TSV, WEEKDAYS_TSV,
};
use llmlint_rewrite::r#gen::lookup::{normalise_key, reference_pairs};

fn assert_unique(table: &Table, column: &str) {
    let mut seen = HashSet::new();
    for v in table.values(column) {
        assert!(seen.insert(v), "duplicate {column} {v:?}");
    }
}

fn is_upper(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_uppercase())
}

#[test]
fn every_file_names_its_standard_and_date() {
    for text in [
        COUNTRIES_TSV,
        CURRENCIES_TSV,
        HTTP_STATUSES_TSV,
        LANGUAGES_TSV,
        US_STATES_TSV,
        MIME_TYPES_TSV,
        WEEKDAYS_TSV,
        LATIN_FOLD_TSV,
    ] {
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(header.len() > 80, "no header comment: {header:?}");
        let names_standard = ["ISO", "IANA", "USPS", "Unicode"]
            .iter()
            .any(|s| header.contains(s));
        assert!(names_standard, "header names no standard: {header}");
        assert!(
            header.contains("20"),
            "header names no year or date: {header}"
        );
    }
    for d in ALL_DATASETS {
        let t = reference::table(d);
        assert!(
            !t.columns.is_empty() && !t.rows.is_empty(),
            "{d:?} is empty"
        );
        for row in &t.rows {
            assert_eq!(row.len(), t.columns.len(), "{d:?}: ragged row {row:?}");
        }
    }
}

#[test]
fn countries_cover_iso_3166_1() {
    let t = reference::table(Dataset::Countries);
    assert_eq!(t.rows.len(), 249, "ISO 3166-1 has 249 entries");
    assert_unique(t, "alpha2");
    assert_unique(t, "alpha3");
    assert_unique(t, "name");
    let currencies: HashSet<&str> = reference::table(Dataset::Currencies)
        .values("code")
        .into_iter()
        .collect();
    for row in &t.rows {
        let [a2, a3, name, _capital, currency, calling, tld, _aliases] = &row[..] else {
            panic!("country row with {} cells", row.len());
        };
        assert!(is_upper(a2, 2), "bad alpha-2 {a2:?}");
        assert!(is_upper(a3, 3), "bad alpha-3 {a3:?}");
        assert!(!name.is_empty(), "{a2}: no name");
        assert!(
            currency.is_empty() || currencies.contains(currency.as_str()),
            "{a2}: currency {currency:?} missing from currencies.tsv"
        );
        assert!(
            calling.bytes().all(|b| b.is_ascii_digit()) && calling.len() <= 4,
            "{a2}: calling code {calling:?}"
        );
        assert!(
            tld.len() == 3 && tld.starts_with('.'),
            "{a2}: ccTLD {tld:?}"
        );
    }
    // Spot checks against the standards, written by hand.
    let row = |a2: &str| {
        t.rows
            .iter()
            .find(|r| r[0] == a2)
            .unwrap_or_else(|| panic!("no {a2}"))
    };
    assert_eq!(
        row("DE")[1..7],
        ["DEU", "Germany", "Berlin", "EUR", "49", ".de"]
    );
    assert_eq!(row("GB")[6], ".uk");
    assert_eq!(row("JP")[3..6], ["Tokyo", "JPY", "81"]);
    assert_eq!(row("BR")[3], "Brasília");
    assert_eq!(row("AQ")[3], "", "Antarctica has no capital");
    let capitals = t.values("capital").iter().filter(|c| !c.is_empty()).count();
    assert!(capitals >= 240, "only {capitals} capitals");
    let codes = t
        .values("calling_code")
        .iter()
        .filter(|c| !c.is_empty())
        .count();
    assert!(codes >= 244, "only {codes} calling codes");
}

#[test]
fn country_names_and_aliases_never_point_at_two_countries() {
    let t = reference::table(Dataset::Countries);
    let (a2, name, aliases) = (
        t.column("alpha2").expect("alpha2"),
        t.column("name").expect("name"),
        t.column("aliases").expect("aliases"),
    );
    let mut owner: HashMap<String, &str> = HashMap::new();
    for row in &t.rows {
        for key in std::iter::once(row[name].as_str()).chain(row[aliases].split(';')) {
            if key.is_empty() {
                continue;
            }
            let k = normalise_key(key);
            if let Some(prev) = owner.insert(k.clone(), &row[a2]) {
                assert_eq!(prev, row[a2], "{k:?} names both {prev} and {}", row[a2]);
            }
        }
    }
    for (alias, code) in [
        ("usa", "US"),
        ("united states of america", "US"),
        ("uk", "GB"),
        ("south korea", "KR"),
        ("ivory coast", "CI"),
    ] {
        assert_eq!(owner.get(alias).copied(), Some(code), "{alias}");
    }
    // The generated table keys a name before an alpha code of another country.
    let pairs = reference_pairs(Dataset::Countries, "name", "alpha2").expect("pairs");
    let first = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(first("niger"), Some("NE"));
    assert_eq!(first("nigeria"), Some("NG"));
    assert_eq!(first("in"), Some("IN"));
}

#[test]
fn http_statuses_follow_the_iana_registry() {
    let t = reference::table(Dataset::HttpStatuses);
    assert_unique(t, "code");
    let mut codes = Vec::new();
    for row in &t.rows {
        let code: u16 = row[0]
            .parse()
            .unwrap_or_else(|_| panic!("code {:?}", row[0]));
        assert!((100..=599).contains(&code), "{code} out of range");
        assert!(!row[1].is_empty(), "{code} has no reason phrase");
        codes.push(code);
    }
    assert!(codes.len() >= 60, "only {} statuses", codes.len());
    let reason = |c: &str| t.rows.iter().find(|r| r[0] == c).map(|r| r[1].as_str());
    assert_eq!(reason("200"), Some("OK"));
    assert_eq!(reason("404"), Some("Not Found"));
    assert_eq!(reason("413"), Some("Content Too Large"));
    assert_eq!(reason("422"), Some("Unprocessable Content"));
    assert_eq!(reason("503"), Some("Service Unavailable"));
    assert_eq!(reason("306"), None, "306 is unused");
    for class in [1, 2, 3, 4, 5] {
        assert!(
            codes.iter().any(|c| c / 100 == class),
            "no {class}xx status"
        );
    }
}

#[test]
fn currencies_are_iso_4217_codes_with_names_and_symbols() {
    let t = reference::table(Dataset::Currencies);
    assert!(t.rows.len() >= 150, "only {} currencies", t.rows.len());
    assert_unique(t, "code");
    for row in &t.rows {
        assert!(is_upper(&row[0], 3), "bad code {:?}", row[0]);
        assert!(
            !row[1].is_empty() && !row[2].is_empty(),
            "{:?} incomplete",
            row[0]
        );
    }
    let get = |c: &str| {
        t.rows
            .iter()
            .find(|r| r[0] == c)
            .map(|r| (r[1].as_str(), r[2].as_str()))
    };
    assert_eq!(get("EUR"), Some(("Euro", "€")));
    assert_eq!(get("GBP"), Some(("Pound Sterling", "£")));
    assert_eq!(get("HRK"), None, "the kuna was withdrawn in 2023");
}

#[test]
fn languages_are_the_184_iso_639_1_codes() {
    let t = reference::table(Dataset::Languages);
    assert_eq!(t.rows.len(), 184);
    assert_unique(t, "code");
    assert_unique(t, "alpha3");
    assert_unique(t, "name");
    for row in &t.rows {
        assert!(
            row[0].len() == 2 && row[0].bytes().all(|b| b.is_ascii_lowercase()),
            "bad code {:?}",
            row[0]
        );
        assert_eq!(row[1].len(), 3, "{}: bad alpha-3", row[0]);
    }
    let name = |c: &str| t.rows.iter().find(|r| r[0] == c).map(|r| r[2].as_str());
    assert_eq!(name("en"), Some("English"));
    assert_eq!(name("zh"), Some("Chinese"));
    assert_eq!(name("el"), Some("Greek"));
}

#[test]
fn us_states_are_50_states_dc_and_5_territories() {
    let t = reference::table(Dataset::UsStates);
    assert_unique(t, "code");
    assert_unique(t, "name");
    let count = |kind: &str| t.values("kind").iter().filter(|k| **k == kind).count();
    assert_eq!(count("state"), 50);
    assert_eq!(count("district"), 1);
    assert_eq!(count("territory"), 5);
    for code in t.values("code") {
        assert!(is_upper(code, 2), "bad code {code:?}");
    }
}

#[test]
fn mime_types_and_weekdays_are_well_formed() {
    let m = reference::table(Dataset::MimeTypes);
    assert_unique(m, "extension");
    for row in &m.rows {
        assert!(
            row[0]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "bad extension {:?}",
            row[0]
        );
        assert!(
            row[1].split('/').count() == 2,
            "bad media type {:?}",
            row[1]
        );
    }
    let w = reference::table(Dataset::Weekdays);
    assert_eq!(w.values("number"), ["1", "2", "3", "4", "5", "6", "7"]);
    assert_eq!(w.values("name")[0], "Monday");
    assert_eq!(w.values("name")[6], "Sunday");
}

#[test]
fn latin_fold_covers_latin_1_and_extended_a_letters() {
    let fold: HashMap<char, &str> = reference::latin_fold().into_iter().collect();
    for c in ('\u{C0}'..='\u{17F}').filter(|c| c.is_alphabetic()) {
        let ascii = fold.get(&c).unwrap_or_else(|| panic!("{c} has no fold"));
        assert!(
            !ascii.is_empty() && ascii.bytes().all(|b| b.is_ascii_alphabetic()),
            "{c} folds to {ascii:?}"
        );
    }
    assert_eq!(fold.get(&'é'), Some(&"e"));
    assert_eq!(fold.get(&'ß'), Some(&"ss"));
    assert_eq!(fold.get(&'Ł'), Some(&"L"));
}
