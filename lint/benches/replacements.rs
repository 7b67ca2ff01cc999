//! Per-call time of each kind of deterministic replacement llmlint proposes, measured on
//! representative Rust implementations (written here, the way the generated code does the
//! job). The medians go into `lint/data/deterministic.toml`, which messages quote
//! ("a regex: ~1 µs").
//!
//! Run: `cargo bench -p llmlint --bench replacements` (add `-- --quick` for a short run).

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::LazyLock;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use regex::Regex;

const TEXT: &str = "Hi team, please loop in maria.gonzalez@example.com and the billing desk \
(billing+eu@shop.example.co.uk) about order 48213. If that fails, the fallback contact is \
ops_oncall@corp.example.org; do not write to the old noreply address any more. Thanks, Sam";

static EMAIL_FIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}").expect("valid regex")
});
static EMAIL_FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
        .expect("valid regex")
});

/// Extract every email address (LLM101).
fn find_emails(text: &str) -> Vec<&str> {
    EMAIL_FIND.find_iter(text).map(|m| m.as_str()).collect()
}

/// Is this a valid email address (LLM302)?
fn is_email(s: &str) -> bool {
    EMAIL_FULL.is_match(s.trim())
}

const JSON: &str = r#"{"id": 48213, "customer": {"name": "Maria Gonzalez", "email": "maria.gonzalez@example.com"},
 "items": [{"sku": "A-100", "qty": 2, "price": 19.99}, {"sku": "B-7", "qty": 1, "price": 5.5}],
 "paid": true, "notes": null}"#;

/// Is this valid JSON (LLM301)?
fn is_json(s: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(s).is_ok()
}

const COUNTRIES: &[(&str, &str)] = &[
    ("argentina", "AR"),
    ("australia", "AU"),
    ("austria", "AT"),
    ("belgium", "BE"),
    ("brazil", "BR"),
    ("canada", "CA"),
    ("chile", "CL"),
    ("china", "CN"),
    ("denmark", "DK"),
    ("egypt", "EG"),
    ("finland", "FI"),
    ("france", "FR"),
    ("germany", "DE"),
    ("greece", "GR"),
    ("india", "IN"),
    ("ireland", "IE"),
    ("italy", "IT"),
    ("japan", "JP"),
    ("kenya", "KE"),
    ("mexico", "MX"),
    ("netherlands", "NL"),
    ("new zealand", "NZ"),
    ("nigeria", "NG"),
    ("norway", "NO"),
    ("poland", "PL"),
    ("portugal", "PT"),
    ("south africa", "ZA"),
    ("spain", "ES"),
    ("sweden", "SE"),
    ("switzerland", "CH"),
    ("united kingdom", "GB"),
    ("united states", "US"),
];

static COUNTRY_CODES: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| COUNTRIES.iter().copied().collect());

/// Country name to ISO 3166 alpha-2 (LLM202), case-insensitive.
fn country_code(name: &str) -> Option<&'static str> {
    let key = name.trim().to_ascii_lowercase();
    COUNTRY_CODES.get(key.as_str()).copied()
}

/// Luhn check of a card number (LLM308), spaces and dashes allowed.
fn luhn(number: &str) -> bool {
    let mut sum = 0u32;
    let mut n = 0usize;
    for c in number.chars().rev() {
        if c == ' ' || c == '-' {
            continue;
        }
        let Some(d) = c.to_digit(10) else {
            return false;
        };
        let d = if n % 2 == 1 {
            let x = d * 2;
            if x > 9 { x - 9 } else { x }
        } else {
            d
        };
        sum += d;
        n += 1;
    }
    n >= 12 && sum.is_multiple_of(10)
}

/// `YYYY-MM-DD` to `DD/MM/YYYY` with calendar validation (LLM404 / LLM304).
fn reformat_date(s: &str) -> Option<String> {
    let b = s.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        std::str::from_utf8(&b[r]).ok()?.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > days {
        return None;
    }
    Some(format!("{d:02}/{m:02}/{y:04}"))
}

/// Title to URL slug (LLM403).
fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

const CSV: &str = "sku,name,qty,price\nA-100,Blue mug,2,19.99\nB-7,Tea towel,1,5.50\nC-42,Coaster set,4,12.00\nD-9,Teapot,1,34.90\n";

/// CSV with a header row to a JSON array of objects (LLM405).
fn csv_to_json(csv: &str) -> String {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let rows: Vec<serde_json::Value> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let obj: serde_json::Map<String, serde_json::Value> = header
                .iter()
                .zip(l.split(','))
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
                .collect();
            serde_json::Value::Object(obj)
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}

const ITEMS: &str = "pear, apple, fig, banana, apple, kiwi, cherry, fig, date, grape, lemon, \
mango, pear, plum, apple, lime, melon, kiwi, olive, peach";

/// Sort and dedupe a comma-separated list, and count its words (LLM409 / LLM410 / LLM407).
fn sort_dedupe_count(s: &str) -> (Vec<&str>, usize) {
    let mut v: Vec<&str> = s
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect();
    let words = s.split_whitespace().count();
    v.sort_unstable();
    v.dedup();
    (v, words)
}

fn sanity() {
    assert_eq!(find_emails(TEXT).len(), 3);
    assert!(is_email("maria.gonzalez@example.com") && !is_email("maria@"));
    assert!(is_json(JSON) && !is_json("{\"a\": }"));
    assert_eq!(country_code(" New Zealand "), Some("NZ"));
    assert!(luhn("4539 1488 0343 6467") && !luhn("4539 1488 0343 6468"));
    assert_eq!(reformat_date("2024-02-29").as_deref(), Some("29/02/2024"));
    assert_eq!(reformat_date("2023-02-29"), None);
    assert_eq!(
        slugify("Hello, World: Rust & Python!"),
        "hello-world-rust-python"
    );
    assert!(csv_to_json(CSV).starts_with("[{\"name\":\"Blue mug\""));
    assert_eq!(sort_dedupe_count(ITEMS).0.len(), 15);
}

fn replacements(c: &mut Criterion) {
    sanity();
    // Warm the lazily built regexes and table outside the measurement.
    let _ = (
        find_emails(TEXT),
        is_email("a@b.co"),
        country_code("france"),
    );

    c.bench_function("regex_find_all_emails", |b| {
        b.iter(|| find_emails(black_box(TEXT)))
    });
    c.bench_function("regex_match_email", |b| {
        b.iter(|| is_email(black_box("maria.gonzalez@example.com")))
    });
    c.bench_function("json_validate", |b| b.iter(|| is_json(black_box(JSON))));
    c.bench_function("hashmap_lookup", |b| {
        b.iter(|| country_code(black_box("New Zealand")))
    });
    c.bench_function("luhn_check", |b| {
        b.iter(|| luhn(black_box("4539 1488 0343 6467")))
    });
    c.bench_function("date_parse_reformat", |b| {
        b.iter(|| reformat_date(black_box("2024-03-15")))
    });
    c.bench_function("case_change_slugify", |b| {
        b.iter(|| {
            let s = black_box("Quarterly Report: Revenue & Growth in EMEA (Q3 2024)");
            (s.to_uppercase(), slugify(s))
        })
    });
    c.bench_function("csv_to_json", |b| b.iter(|| csv_to_json(black_box(CSV))));
    c.bench_function("sort_dedupe_count", |b| {
        b.iter(|| sort_dedupe_count(black_box(ITEMS)))
    });
}

criterion_group! {
    name = benches;
    // Small samples: the machine is shared; medians are stable well within the rounding
    // the messages use (one significant figure).
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    targets = replacements
}
criterion_main!(benches);
