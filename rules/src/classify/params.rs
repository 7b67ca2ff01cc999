//! Reading a replacement's parameters out of the prompt: date formats, ID shapes, inline
//! tables, units, JSON paths, separators, regions.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::re;

macro_rules! lazy {
    ($name:ident = $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| re($pat));
    };
}

// ---------------------------------------------------------------- regions / countries

/// ISO 3166 alpha-2 of a country named in the (lower-case) text, by the usual ways
/// prompts name them ("US", "U.S.", "American", "UK", "+44", "französische").
pub fn region(text: &str) -> Option<String> {
    static TABLE: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
        [
            (r"\b(?:us|u\.s\.?|usa|u\.s\.a\.?|united\s+states|american|nanp|north\s+american)\b|\+1\b|\bzip\s*codes?\b|\bzip\b", "US"),
            (r"\b(?:uk|u\.k\.|united\s+kingdom|british|britain|england)\b|\+44\b", "GB"),
            (r"\b(?:france|french|français|française|francais)\b|\+33\b|\bcode\s+postal\b", "FR"),
            (r"\b(?:germany|german|deutsch\w*|deutschland)\b|\+49\b|\bplz\b|\bpostleitzahl\w*", "DE"),
            (r"\b(?:spain|spanish|españa|español|española)\b|\+34\b", "ES"),
            (r"\b(?:canada|canadian)\b", "CA"),
            (r"\b(?:australia|australian)\b|\+61\b", "AU"),
            (r"\b(?:india|indian)\b|\+91\b|\bpin\s*code\b", "IN"),
            (r"(?:\b(?:japan|japanese)\b|\+81\b|日本|郵便番号|電話番号)", "JP"),
            (r"(?:\b(?:china|chinese)\b|\+86\b|中国|邮编|邮政编码|手机号)", "CN"),
            (r"\b(?:italy|italian)\b|\+39\b", "IT"),
            (r"\b(?:netherlands|dutch)\b|\+31\b", "NL"),
            (r"\b(?:brazil|brazilian)\b|\+55\b|\bcep\b", "BR"),
            (r"\b(?:mexico|mexican)\b|\+52\b", "MX"),
        ]
        .into_iter()
        .map(|(p, c)| (re(p), c))
        .collect()
    });
    TABLE
        .iter()
        .filter_map(|(r, c)| r.find(text).map(|m| (m.start(), *c)))
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, c)| c.to_string())
}

/// Currency named in the text (`USD`, `€`...).
pub fn currency(text: &str) -> Option<String> {
    static TABLE: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
        [
            (r"\b(?:usd|us\s+dollars?|dollars?)\b|\$", "USD"),
            (r"\b(?:eur|euros?)\b|€", "EUR"),
            (r"\b(?:gbp|pounds?\s+sterling|sterling)\b|£", "GBP"),
            (r"\b(?:jpy|yen)\b|¥|円", "JPY"),
            (r"\b(?:inr|rupees?)\b|₹", "INR"),
            (r"\b(?:chf|swiss\s+francs?)\b", "CHF"),
            (r"\b(?:cny|rmb|yuan|renminbi)\b|元", "CNY"),
        ]
        .into_iter()
        .map(|(p, c)| (re(p), c))
        .collect()
    });
    TABLE
        .iter()
        .filter_map(|(r, c)| r.find(text).map(|m| (m.start(), *c)))
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, c)| c.to_string())
}

// ---------------------------------------------------------------- dates

lazy!(
    DATE_FORMAT = r"(?i)\b(?:(?:yyyy|yy|mm|dd|mmm|mon|hh|ss)(?:[-/. :T](?:yyyy|yy|mm|dd|mmm|mon|hh|ss))+)\b|\biso[-\s]?8601\b|\brfc[-\s]?3339\b|\brfc[-\s]?2822\b|\bunix\s+(?:timestamp|epoch|time)\b|\b(?:month\s+day,?\s+year|day\s+month\s+year)\b|%[ymdhbaIMSj](?:[-/. :,]*%[ymdhbaIMSj])+"
);

/// Every date format stated in the prompt, in order of appearance, normalised
/// (`YYYY-MM-DD`, `DD/MM/YYYY`, `ISO 8601`, `RFC 3339`, `%d.%m.%Y`).
pub fn date_formats(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in DATE_FORMAT.find_iter(raw) {
        let s = m.as_str();
        let l = s.to_lowercase();
        let norm = if l.starts_with("iso") {
            "ISO 8601".to_string()
        } else if l.starts_with("rfc") {
            let digits: String = l.chars().filter(|c| c.is_ascii_digit()).collect();
            format!("RFC {digits}")
        } else if l.starts_with("unix") {
            "Unix timestamp".to_string()
        } else if s.starts_with('%') || l.contains("month") {
            s.to_string()
        } else {
            // Upper-case date letters but keep minutes lower-case after an hour (`HH:mm`).
            s.to_uppercase()
        };
        if out.last() != Some(&norm) {
            out.push(norm);
        }
    }
    out
}

// ---------------------------------------------------------------- ID shapes

static NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("eighteen", 18),
    ("twenty", 20),
    ("twenty-two", 22),
    ("twenty two", 22),
];

fn number(s: &str) -> Option<u32> {
    let s = s.trim().to_lowercase();
    s.parse()
        .ok()
        .or_else(|| NUMBER_WORDS.iter().find(|(w, _)| *w == s).map(|(_, n)| *n))
}

const NUM: &str = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty[- ]two|twenty)";

/// An ID shape stated in the prompt, as a description and a regex that matches it: from
/// an example (`ORD-123456`, `INV-YYYY-NNNN`) or from words ("22 digits starting with 9",
/// "8-digit").
pub fn id_shape(raw: &str) -> Option<(String, String)> {
    static DIGITS_STARTING: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r#"(?i)\b{NUM}[- ](?:digits?|numeric\s+digits?)(?:\s+long)?(?:\s+(?:number|numbers|code|id))?,?\s+(?:\w+\s+){{0,2}}(?:start(?:s|ing)?|begin(?:s|ning)?)\s+with\s+(?:an?\s+|the\s+(?:digits?|number|letters?)\s+)?["'`]?([0-9A-Z]{{1,6}})\b"#
        ))
    });
    static STARTING_FOLLOWED: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r#"(?i)\b(?:start(?:s|ing)?|begin(?:s|ning)?)\s+with\s+["'`]?([0-9A-Z]{{1,6}})["'`]?,?\s+(?:followed\s+by|then|and\s+then|plus)\s+{NUM}\s+(digits?|(?:alphanumeric\s+)?characters?|letters\s+or\s+digits)"#
        ))
    });
    static N_DIGIT: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"(?i)\b{NUM}[- ]digits?(?:\s+long)?\b|\b(?:exactly\s+)?{NUM}\s+digits\b"
        ))
    });
    static EXAMPLE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"\b([A-Z][A-Z0-9]{0,5}(?:[-_/#][A-Z0-9]{2,}){1,3}|[A-Z]{2,5}[0-9]{3,})\b")
    });
    if let Some(c) = DIGITS_STARTING.captures(raw) {
        let n = number(c.get(1)?.as_str())?;
        let prefix = c.get(2)?.as_str().to_uppercase();
        let plen = prefix.chars().count() as u32;
        if n > plen && n <= 40 {
            let rest = n - plen;
            return Some((
                format!("{n} digits starting with {prefix}"),
                format!(r"\b{}\d{{{rest}}}\b", regex::escape(&prefix)),
            ));
        }
    }
    if let Some(c) = STARTING_FOLLOWED.captures(raw) {
        let prefix = c.get(1)?.as_str().to_uppercase();
        let n = number(c.get(2)?.as_str())?;
        let kind = c.get(3)?.as_str().to_lowercase();
        let class = if kind.starts_with("digit") {
            r"\d"
        } else {
            "[A-Z0-9]"
        };
        if n <= 40 {
            return Some((
                format!("{prefix} followed by {n} {kind}"),
                format!(r"\b{}{class}{{{n}}}\b", regex::escape(&prefix)),
            ));
        }
    }
    for m in EXAMPLE.find_iter(raw) {
        let tok = m.as_str();
        if let Some(rx) = example_to_regex(tok) {
            return Some((format!("like {tok}"), rx));
        }
    }
    if let Some(c) = N_DIGIT.captures(raw) {
        let n = c
            .get(1)
            .or_else(|| c.get(2))
            .and_then(|m| number(m.as_str()))?;
        if (3..=40).contains(&n) {
            return Some((format!("{n} digits"), format!(r"\b\d{{{n}}}\b")));
        }
    }
    None
}

/// `ORD-123456` → `\bORD-\d{6}\b`; `INV-YYYY-NNNN` → `\bINV-\d{4}-\d{4}\b`. None for
/// tokens that are standards or formats rather than IDs (`ISO-8601`, `UTF-8`, `YYYY-MM-DD`).
pub fn example_to_regex(tok: &str) -> Option<String> {
    const NOT_IDS: &[&str] = &[
        "ISO", "RFC", "UTF", "UTC", "GPT", "SHA", "MD5", "HTTP", "TLS", "SSL", "ASCII", "JSON",
        "CSV", "HTML", "API", "URL", "UUID", "IPV", "ID", "E164", "GMT", "PST", "EST", "CET", "MM",
        "DD", "YYYY", "YY", "HH", "A", "AZ", "US", "UK", "EU",
    ];
    let groups: Vec<&str> = tok.split(['-', '_', '/', '#']).collect();
    let first = groups.first()?;
    if NOT_IDS.iter().any(|n| first.eq_ignore_ascii_case(n)) {
        return None;
    }
    if groups.iter().all(|g| is_placeholder(g)) {
        return None;
    }
    let mut out = String::from(r"\b");
    let mut has_digit_part = false;
    let mut chars = tok.char_indices().peekable();
    let mut group_index = 0;
    let mut group_start = true;
    let groups_owned: Vec<String> = groups.iter().map(|s| s.to_string()).collect();
    while let Some((_, c)) = chars.next() {
        if matches!(c, '-' | '_' | '/' | '#') {
            out.push_str(&regex::escape(&c.to_string()));
            group_index += 1;
            group_start = true;
            continue;
        }
        let group = groups_owned
            .get(group_index)
            .map(String::as_str)
            .unwrap_or("");
        if group_start && group_index > 0 && is_placeholder(group) {
            // The whole group is a placeholder run (`YYYY`, `NNNN`, `XXX`).
            let n = group.chars().count();
            out.push_str(&format!(r"\d{{{n}}}"));
            has_digit_part = true;
            for _ in 1..n {
                chars.next();
            }
            group_start = false;
            continue;
        }
        group_start = false;
        if c.is_ascii_digit() {
            let mut n = 1;
            while chars.peek().is_some_and(|(_, d)| d.is_ascii_digit()) {
                chars.next();
                n += 1;
            }
            out.push_str(&format!(r"\d{{{n}}}"));
            has_digit_part = true;
        } else {
            out.push_str(&regex::escape(&c.to_string()));
        }
    }
    out.push_str(r"\b");
    has_digit_part.then_some(out)
}

fn is_placeholder(g: &str) -> bool {
    g.len() >= 2
        && (g.chars().all(|c| matches!(c, 'N' | 'X' | '#' | '9' | 'D'))
            || matches!(g, "YYYY" | "YY" | "MM" | "DD"))
}

// ---------------------------------------------------------------- inline tables

/// A table spelled out in the prompt: `Electronics -> D10` lines, `"gold": "PLN-G"`
/// pairs, `Input: X` / `Output: Y` few-shot pairs; and the default ("Anything else -> D99",
/// "otherwise return UNKNOWN").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub entries: Vec<(String, String)>,
    pub default: Option<String>,
    pub few_shot: bool,
}

lazy!(
    TABLE_LINE = r#"^\s*(?:[-*•·]\s*|\d{1,2}[.)]\s+)?["'`]?([^"'`\n:=→>{}]{1,48}?)["'`]?\s*(?:->|→|=>|⇒|:|=|—|–|\bmaps\s+to\b|\bbecomes\b|\bis\b)\s*["'`]?([^"'`\n{}]{1,40}?)["'`]?\s*[,;.]?\s*$"#
);
lazy!(JSON_PAIR = r#""([^"\n]{1,48})"\s*:\s*"([^"\n]{0,40})""#);
lazy!(
    FEW_SHOT = r"(?im)^\s*(?:input|in|q|question|key|x|from|text|user)\s*:\s*(.{1,60}?)\s*\n\s*(?:output|out|a|answer|value|y|to|result|label|code|assistant)\s*:\s*(.{1,40}?)\s*$"
);
lazy!(
    DEFAULT_KEY = r"(?i)^(?:anything\s+else|everything\s+else|any\s+other(?:\s+\w+)?|all\s+others?|others?|otherwise|default|unknown|else|none\s+of\s+(?:the\s+)?above|not\s+listed|\*|_)$"
);
lazy!(
    DEFAULT_SENTENCE = r#"(?i)(?:otherwise|if\s+(?:[\w']+\s+){0,4}?(?:is\s+|are\s+|it's\s+)?(?:not\s+(?:in|listed|one\s+of|found|on|covered|present)|none\s+(?:of|match)|no\s+match|unknown|unrecogni[sz]ed|missing)[^,.\n]*|for\s+anything\s+else|for\s+any\s+other\s+\w+|if\s+there\s+is\s+no\s+match)\s*,?\s*(?:return|answer|reply|respond|output|use|say)?\s*(?:with\s+)?(?:exactly\s+)?["'`]?([A-Za-z0-9_\-]{1,24})["'`]?"#
);
const HEADER_KEYS: &[&str] = &[
    "input",
    "output",
    "text",
    "rules",
    "rule",
    "example",
    "examples",
    "format",
    "answer",
    "note",
    "notes",
    "important",
    "task",
    "instructions",
    "instruction",
    "context",
    "question",
    "response",
    "return",
    "reply",
    "respond",
    "categories",
    "category",
    "labels",
    "label",
    "options",
    "mapping",
    "table",
    "the mapping",
    "the table",
    "user",
    "system",
    "assistant",
    "result",
    "schema",
    "q",
    "a",
    "value",
    "key",
    "codes",
    "output format",
    "e.g",
    "eg",
    "for example",
];

/// A table written inside one line: `low=1, medium=2, high=3` or
/// `WH-A: us-east, WH-B: eu-west, WH-C: ap-south`. Needs three pairs in a row on one line,
/// each with a key and a value of at most two words.
fn one_line_pairs(raw: &str) -> Vec<(String, String)> {
    lazy!(PIECE_SPLIT = r"[,;]\s*|\.\s+|\s+and\s+");
    lazy!(
        PAIR = r#"(?:^|\s)["'`]?([\w][\w-]*(?:\s[\w-]+)?)["'`]?\s*(?:->|→|=>|=|:)\s*["'`]?([\w$€£¥#][\w.$€£¥%#-]*(?:\s[\w.-]+)?)["'`]?\s*\.?$"#
    );
    let mut best = Vec::new();
    for line in raw.lines() {
        let mut run: Vec<(String, String)> = Vec::new();
        for piece in PIECE_SPLIT.split(line) {
            let piece = piece.trim();
            let pair = PAIR.captures(piece).and_then(|c| {
                let (k, v) = (c.get(1)?.as_str().trim(), c.get(2)?.as_str().trim());
                (!k.contains("input") && !v.contains("input"))
                    .then(|| (k.to_string(), v.to_string()))
            });
            match pair {
                Some(p) => run.push(p),
                None => {
                    if run.len() > best.len() {
                        best = std::mem::take(&mut run);
                    }
                    run.clear();
                }
            }
        }
        if run.len() > best.len() {
            best = run;
        }
    }
    if best.len() >= 3 { best } else { Vec::new() }
}

pub fn inline_table(f: &super::PromptFacts) -> Option<Table> {
    let raw = &f.raw;
    let mut t = Table::default();
    for line in raw.lines() {
        let Some(c) = TABLE_LINE.captures(line) else {
            continue;
        };
        let (Some(k), Some(v)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let (k, v) = (k.as_str().trim(), v.as_str().trim());
        if k.is_empty() || v.is_empty() || k.contains("input") {
            continue;
        }
        if HEADER_KEYS.iter().any(|h| k.eq_ignore_ascii_case(h)) {
            continue;
        }
        if DEFAULT_KEY.is_match(k) {
            t.default = Some(v.to_string());
            continue;
        }
        if words(k) > 4 || words(v) > 4 {
            continue;
        }
        t.entries.push((k.to_string(), v.to_string()));
    }
    if t.entries.len() < 2 {
        t.entries = one_line_pairs(raw);
    }
    if t.entries.len() < 2 {
        t.entries.clear();
        for c in JSON_PAIR.captures_iter(raw) {
            let (Some(k), Some(v)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let (k, v) = (k.as_str().trim(), v.as_str().trim());
            if DEFAULT_KEY.is_match(k) {
                t.default = Some(v.to_string());
            } else if words(k) <= 4 && words(v) <= 4 && !v.is_empty() {
                t.entries.push((k.to_string(), v.to_string()));
            }
        }
    }
    if t.entries.len() < 2 {
        t.entries.clear();
        for c in FEW_SHOT.captures_iter(raw) {
            let (Some(k), Some(v)) = (c.get(1), c.get(2)) else {
                continue;
            };
            t.entries
                .push((k.as_str().trim().to_string(), v.as_str().trim().to_string()));
        }
        t.few_shot = !t.entries.is_empty();
    }
    if t.entries.len() < 2 {
        t.entries.clear();
        t.entries = few_shot_messages(f);
        t.few_shot = !t.entries.is_empty();
    }
    if t.entries.len() < 2 {
        return None;
    }
    if t.default.is_none()
        && let Some(c) = DEFAULT_SENTENCE.captures(raw)
        && let Some(v) = c.get(1)
    {
        let v = v.as_str();
        if !matches!(
            v.to_lowercase().as_str(),
            "the" | "a" | "an" | "it" | "return" | "with"
        ) {
            t.default = Some(v.to_string());
        }
    }
    // Dedupe keys, keep the first.
    let mut seen = std::collections::HashSet::new();
    t.entries.retain(|(k, _)| seen.insert(k.to_lowercase()));
    Some(t)
}

// ---------------------------------------------------------------- examples

/// One input → output example the prompt carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub input: String,
    pub output: String,
    /// Where it was found: `few-shot messages`, `Input/Output pairs`, `arrows`, `equations`.
    pub source: &'static str,
}

lazy!(
    ARROW_LINE = r#"^\s*(?:[-*•·]\s*|\d{1,2}[.)]\s+)?(?:(?:e\.g\.|eg|for example|example|ex|i\.e\.)\s*[:,]?\s*)?["'`“«]?([^"'`”»\n→⇒]{1,80}?)["'`”»]?\s*(?:->|→|=>|⇒|\bbecomes\b|\bshould\s+become\b|\bturns\s+into\b)\s*["'`“«]?([^"'`”»\n]{1,80}?)["'`”»]?\s*[,;.]?\s*$"#
);
lazy!(
    QUOTED_ARROW = r#"(?:"([^"\n]{1,80})"|'([^'\n]{1,80})'|`([^`\n]{1,80})`|“([^”\n]{1,80})”|«([^»\n]{1,80})»)\s*(?:->|→|=>|⇒|\bbecomes\b|\bshould\s+become\b|\bturns\s+into\b|\bgives\b|\bshould\s+return\b|\breturns\b)\s*(?:"([^"\n]{0,80})"|'([^'\n]{0,80})'|`([^`\n]{0,80})`|“([^”\n]{0,80})”|«([^»\n]{0,80})»)"#
);
lazy!(
    EQUATION = r"(?:^|[^\w.+\-*/])((?:\(?\s*-?\d+(?:\.\d+)?\s*\)?\s*(?:[-+*/×÷^x]|\*\*)\s*)+\(?\s*-?\d+(?:\.\d+)?\s*\)?)\s*(?:=|->|→|is)\s*(-?\d+(?:\.\d+)?)\b"
);

lazy!(
    EG_PAIR = r#"(?i)\b(?:e\.g\.?|eg|for\s+example|for\s+instance|example)\s*[:,]?\s*(?:"([^"\n]{1,40})"|'([^'\n]{1,40})'|`([^`\n]{1,40})`|([^\s"'`,;:()]*\d[^\s"'`,;:()]*))\s+(?:to|into|becomes|gives|->|→|=>)\s+(?:"([^"\n]{0,40})"|'([^'\n]{0,40})'|`([^`\n]{0,40})`|([^\s"'`,;()]+?))(?:[,;)]|\.\s|\.$|\s|$)"#
);

/// Every input → output example in the prompt: few-shot user / assistant messages,
/// `Input: .. / Output: ..` pairs, `X -> Y` lines and quoted `"X" becomes "Y"` pairs, and
/// worked equations (`9 + 9 = 18`). Pairs with a run-time hole are not examples.
pub fn examples(f: &super::PromptFacts) -> Vec<Example> {
    let raw = &f.raw;
    let mut out: Vec<Example> = Vec::new();
    let mut push = |input: &str, output: &str, source: &'static str| {
        let (i, o) = (clean_example(input), clean_example(output));
        // A header ("Priority (highest -> lowest):") is not an example, nor is a rule
        // ("3.5 years -> treat as 3, rounding down, ..."); an output's trailing comment
        // ("NO (not a date)") is not part of it.
        let o = match o.find(" (") {
            Some(p) if o.ends_with(')') && p > 0 => o[..p].trim().to_string(),
            _ => o,
        };
        if i.is_empty()
            || (source == "examples" && words(&o) > 6)
            || i.contains("{input}")
            || o.contains("{input}")
            || i == o
            || o.ends_with(':')
            || i.ends_with(':')
        {
            return;
        }
        if out.len() < 24 && !out.iter().any(|e| e.input == i) {
            out.push(Example {
                input: i,
                output: o,
                source,
            });
        }
    };
    for (k, v) in few_shot_messages(f) {
        push(&k, &v, "few-shot messages");
    }
    for c in FEW_SHOT.captures_iter(raw) {
        if let (Some(k), Some(v)) = (c.get(1), c.get(2)) {
            push(k.as_str(), v.as_str(), "Input/Output pairs");
        }
    }
    for line in raw.lines() {
        let mut quoted = false;
        for c in QUOTED_ARROW.captures_iter(line) {
            if let (Some(k), Some(v)) = (
                (1..=5).find_map(|i| c.get(i)),
                (6..=10).find_map(|i| c.get(i)),
            ) {
                push(k.as_str(), v.as_str(), "examples");
                quoted = true;
            }
        }
        if !quoted
            && let Some(c) = ARROW_LINE.captures(line)
            && let (Some(k), Some(v)) = (c.get(1), c.get(2))
        {
            push(k.as_str(), v.as_str(), "examples");
        }
    }
    // "e.g. 03/14/2024 to 2024-03-14", "for example 'Hello World' becomes 'hello-world'": an
    // unquoted input needs a digit, so "e.g. English to French" is not an example.
    for c in EG_PAIR.captures_iter(raw) {
        if let (Some(k), Some(v)) = (
            (1..=4).find_map(|i| c.get(i)),
            (5..=8).find_map(|i| c.get(i)),
        ) {
            push(k.as_str(), v.as_str(), "examples");
        }
    }
    for c in EQUATION.captures_iter(raw) {
        if let (Some(k), Some(v)) = (c.get(1), c.get(2)) {
            push(k.as_str(), v.as_str(), "worked examples");
        }
    }
    out
}

fn clean_example(s: &str) -> String {
    s.trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '`' | '“' | '”' | '«' | '»'))
        .trim()
        .to_string()
}

/// Few-shot pairs given as alternating user / assistant messages with literal text only.
fn few_shot_messages(f: &super::PromptFacts) -> Vec<(String, String)> {
    use crate::model::Segment;
    let msgs = &f.call.prompt.messages;
    let mut out = Vec::new();
    for w in msgs.windows(2) {
        let (u, a) = (&w[0], &w[1]);
        if u.role.as_deref() != Some("user") || a.role.as_deref() != Some("assistant") {
            continue;
        }
        let lit = |m: &crate::model::Message| -> Option<String> {
            if m.segments.iter().all(|s| matches!(s, Segment::Text { .. })) {
                Some(m.text().trim().to_string())
            } else {
                None
            }
        };
        if let (Some(k), Some(v)) = (lit(u), lit(a))
            && !k.is_empty()
            && !v.is_empty()
        {
            out.push((k, v));
        }
    }
    out
}

pub fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

// ---------------------------------------------------------------- units

static UNITS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (
            r"\b(?:kilomet(?:er|re)s?|km|kms|kilómetros?|kilomètres?|kilometern?)\b",
            "km",
        ),
        (r"\b(?:miles?|mi|millas?|meilen?)\b", "mi"),
        (r"\b(?:centimet(?:er|re)s?|cm)\b", "cm"),
        (r"\b(?:millimet(?:er|re)s?|mm)\b", "mm"),
        (r"\b(?:met(?:er|re)s?|metros?|mètres?)\b", "m"),
        (r"\b(?:feet|foot|ft)\b", "ft"),
        (r"\b(?:inch(?:es)?)\b", "in"),
        (r"\b(?:yards?|yd)\b", "yd"),
        (r"\b(?:kilograms?|kilos?|kg|kgs)\b", "kg"),
        (r"\b(?:pounds?|lbs?)\b", "lb"),
        (r"\b(?:ounces?|oz)\b", "oz"),
        (r"\b(?:grams?|gramos?|grammes?)\b", "g"),
        (
            r"(?:\b(?:celsius|centigrade)\b|°\s?c\b|\bdegrees?\s+c\b)",
            "°C",
        ),
        (r"(?:\bfahrenheit\b|°\s?f\b|\bdegrees?\s+f\b)", "°F"),
        (r"\bkelvin\b", "K"),
        (r"\b(?:lit(?:er|re)s?|litros?)\b", "l"),
        (r"\b(?:millilit(?:er|re)s?|ml)\b", "ml"),
        (r"\b(?:gallons?|gal)\b", "gal"),
        (r"\b(?:mph|miles\s+per\s+hour)\b", "mph"),
        (r"\b(?:km/h|kph|kilomet(?:er|re)s\s+per\s+hour)\b", "km/h"),
    ]
    .into_iter()
    .map(|(p, u)| (re(p), u))
    .collect()
});

/// The `(from, to)` units of a conversion named in the (lower-case) text.
pub fn units(text: &str) -> Option<(String, String)> {
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for (r, u) in UNITS.iter() {
        for m in r.find_iter(text) {
            // "miles per hour" is mph, not miles.
            if found.iter().any(|(s, e, _)| m.start() < *e && *s < m.end()) {
                continue;
            }
            found.push((m.start(), m.end(), u));
        }
    }
    found.sort();
    let mut distinct: Vec<(usize, &str)> = Vec::new();
    for (s, _, u) in &found {
        if !distinct.iter().any(|(_, d)| d == u) {
            distinct.push((*s, u));
        }
    }
    if distinct.len() != 2 {
        return None;
    }
    let (a, b) = (distinct[0], distinct[1]);
    // "how many miles is 5 km" / "how many pounds are in {x} kg": the first unit is the target.
    let before_a = &text[..a.0];
    let how_many = before_a.trim_end().ends_with("how many")
        || before_a.trim_end().ends_with("cuántos")
        || before_a.trim_end().ends_with("combien de");
    if how_many {
        Some((b.1.to_string(), a.1.to_string()))
    } else {
        Some((a.1.to_string(), b.1.to_string()))
    }
}

// ---------------------------------------------------------------- JSON paths, fields, lists

/// The JSON path a prompt asks to read: `customer.address.city`, `data[0].id`,
/// `["order"]["total"]`, or the field named after "field" / "key".
pub fn json_path(raw: &str) -> Option<Vec<String>> {
    lazy!(
        DOTTED =
            r#"["'`]?((?:[A-Za-z_][\w-]*|\[\d+\])(?:(?:\.[A-Za-z_][\w-]*)|\[\d+\]|\.\d+)+)["'`]?"#
    );
    lazy!(BRACKETS = r#"((?:\[\s*["']?[\w-]+["']?\s*\]){1,8})"#);
    lazy!(
        NAMED = r#"(?i)\b(?:field|key|property|attribute|value\s+of|valor\s+de|champ|feld)\s+(?:called\s+|named\s+)?["'`]([\w.\-\[\]{}]+)["'`]|["'`]([\w.\-\[\]{}]+)["'`]\s+(?:field|key|property|attribute)\b"#
    );
    if let Some(c) = NAMED.captures(raw) {
        let p = c.get(1).or_else(|| c.get(2))?.as_str();
        return Some(split_path(p));
    }
    if let Some(c) = DOTTED.captures_iter(raw).find(|c| {
        c.get(1).is_some_and(|m| {
            let s = m.as_str();
            // A file path (`/data/format.md`, `docs\\readme.md`) is not a key path.
            let in_path = raw[..m.start()].ends_with(['/', '\\']);
            // Not a file name, version, domain or abbreviation.
            !s.contains("e.g")
                && !s.contains("i.e")
                // "S.A.", "S.L.", "U.S.": an abbreviation's letters, not keys.
                && !s
                    .split('.')
                    .all(|part| part.len() <= 2 && part.chars().all(char::is_alphabetic))
                && !s.ends_with(".com")
                && s.chars().any(|ch| ch.is_alphabetic())
                && !in_path
                && !s.split('.').any(|part| {
                    matches!(
                        part,
                        "json" | "csv" | "py" | "rs" | "txt" | "io" | "org" | "net" | "com"
                    )
                })
                && !s.rsplit('.').next().is_some_and(is_file_extension)
        })
    }) {
        return Some(split_path(c.get(1)?.as_str()));
    }
    if let Some(c) = BRACKETS.captures(raw) {
        return Some(split_path(c.get(1)?.as_str()));
    }
    None
}

/// A common file extension: `format.md` and `report.pdf` name files, not JSON keys.
fn is_file_extension(ext: &str) -> bool {
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "md" | "html"
            | "htm"
            | "xml"
            | "yaml"
            | "yml"
            | "toml"
            | "ini"
            | "cfg"
            | "log"
            | "pdf"
            | "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "svg"
            | "webp"
            | "mp3"
            | "mp4"
            | "wav"
            | "db"
            | "sqlite"
            | "sh"
            | "js"
            | "ts"
            | "tsx"
            | "jsx"
            | "css"
            | "docx"
            | "doc"
            | "xlsx"
            | "xls"
            | "pptx"
            | "zip"
            | "gz"
            | "tar"
            | "exe"
            | "env"
            | "lock"
            | "rb"
            | "go"
            | "java"
            | "cpp"
            | "ipynb"
            | "parquet"
            | "jsonl"
            | "tsv"
    )
}

fn split_path(p: &str) -> Vec<String> {
    p.replace('[', ".")
        .replace(']', "")
        .split('.')
        .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Field names listed in the prompt ("fields `id`, `email` and `name`", "keys: id, email").
pub fn field_list(raw: &str) -> Vec<String> {
    lazy!(
        LIST = r#"(?i)(?:\b(?:fields?|keys?|properties|attributes|columns|pflichtfeld(?:er)?|felder|feld|champs?|campos?)\b|字段|フィールド|項目)\s*(?:(?:obligatoires?|obligatorios?|requeridos?|required|mandatory)\s*)?(?:[:(]|called|named|such\s+as)?\s*((?:["'`“„]?[A-Za-z_][\w.]*["'`”“]?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s*/\s*|\s+(?:und|et|y|or)\s+|\s*[、和と]\s*)?){1,20})"#
    );
    lazy!(IDENT = r#"["'`“„]?([A-Za-z_][\w.]*)["'`”“]?"#);
    const STOP: &[&str] = &[
        "and",
        "or",
        "are",
        "is",
        "present",
        "exist",
        "exists",
        "the",
        "all",
        "a",
        "an",
        "that",
        "of",
        "in",
        "with",
        "must",
        "should",
        "be",
        "required",
        "following",
        "each",
        "every",
        "this",
        "json",
        "object",
        "payload",
        "it",
        "contains",
        "contain",
        "has",
        "have",
        "missing",
        "true",
        "false",
        "yes",
        "no",
        "answer",
        "return",
        "only",
        "non",
        "empty",
        "not",
        "und",
        "et",
        "y",
    ];
    let mut out = Vec::new();
    for c in LIST.captures_iter(raw) {
        let Some(m) = c.get(1) else { continue };
        for id in IDENT.captures_iter(m.as_str()) {
            if let Some(w) = id.get(1) {
                let w = w.as_str();
                if !STOP.contains(&w.to_lowercase().as_str()) && !out.iter().any(|o| o == w) {
                    out.push(w.to_string());
                }
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// The item separator a prompt states for a list (None: one item per line).
pub fn separator(text: &str) -> Option<String> {
    if text.contains("comma-separated")
        || text.contains("comma separated")
        || text.contains("separated by commas")
        || text.contains("separated by a comma")
    {
        Some(",".into())
    } else if text.contains("semicolon") {
        Some(";".into())
    } else if text.contains("pipe-separated") || text.contains("separated by |") {
        Some("|".into())
    } else if text.contains("space-separated") || text.contains("separated by spaces") {
        Some(" ".into())
    } else {
        None
    }
}

/// `between 3 and 20`, `at least 8`, `no more than 280`, `from 1 to 5`.
pub fn bounds(text: &str) -> Option<(Option<f64>, Option<f64>)> {
    lazy!(
        BETWEEN = r"\b(?:between|from|entre|zwischen)\s+(-?\d+(?:\.\d+)?)\s+(?:and|to|-|y|et|und)\s+(-?\d+(?:\.\d+)?)\b"
    );
    lazy!(
        MAX = r"\b(?:at\s+most|no\s+more\s+than|not\s+more\s+than|up\s+to|under|less\s+than|fewer\s+than|maximum(?:\s+of)?|max(?:imum)?|shorter\s+than|below|does\s+not\s+exceed|doesn't\s+exceed|not\s+exceed(?:ing)?|within|no\s+longer\s+than|not\s+longer\s+than|como\s+m[aá]ximo|a\s+lo\s+sumo|au\s+plus|au\s+maximum|h[oö]chstens|maximal)\s+(-?\d+(?:\.\d+)?)\b"
    );
    lazy!(
        MIN = r"\b(?:at\s+least|no\s+less\s+than|no\s+fewer\s+than|more\s+than|greater\s+than|over|above|minimum(?:\s+of)?|min|longer\s+than|al\s+menos|como\s+m[ií]nimo|au\s+moins|mindestens)\s+(-?\d+(?:\.\d+)?)\b"
    );
    if let Some(c) = BETWEEN.captures(text) {
        let a: f64 = c.get(1)?.as_str().parse().ok()?;
        let b: f64 = c.get(2)?.as_str().parse().ok()?;
        return Some((Some(a.min(b)), Some(a.max(b))));
    }
    let max = MAX
        .captures(text)
        .and_then(|c| c.get(1)?.as_str().parse().ok());
    let min = MIN
        .captures(text)
        .and_then(|c| c.get(1)?.as_str().parse().ok());
    if max.is_none() && min.is_none() {
        None
    } else {
        Some((min, max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(rx: &str, s: &str) -> bool {
        Regex::new(rx).map(|r| r.is_match(s)).unwrap_or(false)
    }

    #[test]
    fn id_from_example() {
        let (_, rx) = id_shape("Order numbers look like ORD-123456 (six digits)").unwrap();
        assert_eq!(rx, r"\bORD\-\d{6}\b");
        assert!(matches(&rx, "see ORD-004211 now"));
        assert!(!matches(&rx, "ORD-12345"));
        let (_, rx) = id_shape("invoice numbers in INV-YYYY-NNNN form").unwrap();
        assert!(matches(&rx, "INV-2024-0042"));
        assert!(!matches(&rx, "INV-24-0042"));
    }

    #[test]
    fn id_from_words() {
        let (_, rx) = id_shape("a USPS tracking number (22 digits starting with 9)").unwrap();
        assert!(matches(&rx, "9400111899223817365432"));
        assert!(!matches(&rx, "8400111899223817365432"));
        assert!(!matches(&rx, "940011189922381736543"));
    }

    #[test]
    fn formats_stated() {
        assert_eq!(
            date_formats("from MM/DD/YYYY to YYYY-MM-DD please"),
            vec!["MM/DD/YYYY", "YYYY-MM-DD"]
        );
        assert_eq!(date_formats("an ISO 8601 date"), vec!["ISO 8601"]);
    }

    #[test]
    fn units_in_order() {
        assert_eq!(
            units("convert {input} kilometers to miles"),
            Some(("km".into(), "mi".into()))
        );
        assert_eq!(
            units("how many miles is {input} km?"),
            Some(("km".into(), "mi".into()))
        );
        assert_eq!(
            units("convert this temperature from fahrenheit to celsius"),
            Some(("°F".into(), "°C".into()))
        );
    }

    #[test]
    fn paths() {
        assert_eq!(
            json_path("return the value of `customer.address.city` from this JSON"),
            Some(vec!["customer".into(), "address".into(), "city".into()])
        );
        assert_eq!(
            json_path("Return the \"status\" field of the payload"),
            Some(vec!["status".into()])
        );
        // company suffixes and other abbreviations are not key paths
        assert_eq!(
            json_path("an invoice from Talleres Norte S.L. for 40 EUR"),
            None
        );
        assert_eq!(json_path("shipped from the U.S. to Spain"), None);
        assert_eq!(
            json_path("read data.id from the response"),
            Some(vec!["data".into(), "id".into()])
        );
    }

    #[test]
    fn field_lists() {
        assert_eq!(
            field_list("has the fields `id`, `email` and `created_at`"),
            vec!["id", "email", "created_at"]
        );
    }

    #[test]
    fn inline_examples_after_eg() {
        let f = |t: &str| {
            let call = crate::model::CallSite {
                path: String::new(),
                language: crate::model::Language::Python,
                span: Default::default(),
                callee_span: Default::default(),
                kind: crate::model::CallKind::Direct,
                sdk: "openai".into(),
                api: "x".into(),
                model: None,
                provider: None,
                base_url: None,
                prompt: crate::model::Prompt {
                    messages: vec![crate::model::Message {
                        role: Some("user".into()),
                        segments: vec![crate::model::Segment::Text {
                            text: t.into(),
                            span: None,
                        }],
                    }],
                    complete: true,
                },
                prompt_span: None,
                max_tokens: None,
                temperature: None,
                response_format: None,
                context: Default::default(),
                wrapper: None,
                variants: Vec::new(),
            };
            let facts = super::super::PromptFacts::new(&call);
            examples(&facts)
                .into_iter()
                .map(|e| (e.input, e.output))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            f("Reformat the date to ISO, e.g. 03/14/2024 to 2024-03-14."),
            vec![("03/14/2024".to_string(), "2024-03-14".to_string())]
        );
        assert_eq!(
            f("For example \"Big Sale\" becomes \"big-sale\", and so on."),
            vec![("Big Sale".to_string(), "big-sale".to_string())]
        );
        assert!(f("Translate, e.g. English to French, the text below.").is_empty());
    }

    #[test]
    fn bounds_read() {
        assert_eq!(
            bounds("is it between 1 and 5?"),
            Some((Some(1.0), Some(5.0)))
        );
        assert_eq!(bounds("at most 280 characters"), Some((None, Some(280.0))));
    }
}
