//! The HTML report is a well-formed (XML-parsable) page that contains every call, escapes
//! prompts, fetches nothing, and the text table sorts by monthly cost with totals.

use llmlint::cost::table::totals;
use llmlint::cost::{CostRow, CostSettings, PriceBook, estimate, render_cost_table};
use llmlint::report::html::{HtmlSummary, render_html};
use llmlint_rules::{
    CallKind, CallSite, Context, Language, Message, Multiplier, Prompt, Segment, Span, Task, Valued,
};

fn call(path: &str, line: u32, sdk: &str, model: Option<&str>, prompt: &[&str]) -> CallSite {
    let segments = prompt
        .iter()
        .map(|p| match p.strip_prefix('$') {
            Some(h) => Segment::Hole {
                name: h.to_string(),
                span: None,
            },
            None => Segment::Text {
                text: p.to_string(),
                span: None,
            },
        })
        .collect();
    CallSite {
        path: path.to_string(),
        language: if path.ends_with(".rs") {
            Language::Rust
        } else {
            Language::Python
        },
        span: Span {
            line,
            ..Span::default()
        },
        callee_span: Span::default(),
        kind: CallKind::Direct,
        sdk: sdk.to_string(),
        api: "chat.completions.create".to_string(),
        model: model.map(|m| Valued {
            value: m.to_string(),
            span: None,
        }),
        provider: None,
        base_url: None,
        prompt: Prompt {
            messages: if segments_is_empty(prompt) {
                vec![]
            } else {
                vec![Message {
                    role: Some("user".into()),
                    segments,
                }]
            },
            complete: true,
        },
        prompt_span: None,
        max_tokens: None,
        temperature: None,
        response_format: None,
        context: Context::default(),
        wrapper: None,
        variants: Vec::new(),
    }
}

fn segments_is_empty(p: &[&str]) -> bool {
    p.is_empty()
}

type Site<'a> = (
    &'a str,
    u32,
    &'a str,
    Option<&'a str>,
    &'a [&'a str],
    Task,
    Option<&'a str>,
);

pub fn sample_rows() -> Vec<CostRow> {
    let settings = CostSettings::default();
    let book = PriceBook::bundled().at(llmlint::cost::prices::parse_date("2026-11-01").unwrap());
    let sites: Vec<Site> = vec![
        (
            "app/orders.py",
            42,
            "openai",
            Some("gpt-4o"),
            &["Extract the order number from: ", "$text"],
            Task::Regex,
            Some("extract-ids"),
        ),
        (
            "app/support/triage.py",
            118,
            "anthropic",
            Some("claude-3-5-sonnet-20241022"),
            &[
                "Summarize the customer's complaint below in three sentences and suggest a reply <b>politely</b> & \"kindly\":\n",
                "$ticket.body",
            ],
            Task::Generative,
            None,
        ),
        (
            "app/validate.py",
            7,
            "openai",
            Some("gpt-4o-mini"),
            &["Is this valid JSON? Answer yes or no.\n", "$payload"],
            Task::Validation,
            Some("validate-json"),
        ),
        (
            "src/handlers/geo.rs",
            88,
            "async-openai",
            Some("gpt-4.1"),
            &[
                "What is the ISO 3166 alpha-2 code of ",
                "$country",
                "? Code only.",
            ],
            Task::Lookup,
            Some("country-code"),
        ),
        (
            "app/local.py",
            3,
            "ollama",
            Some("llama3.1"),
            &["Write a limerick about ", "$topic"],
            Task::Generative,
            None,
        ),
        (
            "app/mystery.py",
            12,
            "openai",
            Some("acme-private-llm"),
            &["Translate to French: ", "$s"],
            Task::Generative,
            None,
        ),
        (
            "app/wrappers.py",
            20,
            "langchain",
            None,
            &[],
            Task::Unknown,
            None,
        ),
        (
            "app/reports.py",
            64,
            "openai",
            Some("o3-mini"),
            &["Reformat this date as YYYY-MM-DD: ", "$d"],
            Task::Transform,
            Some("reformat-date"),
        ),
    ];
    sites
        .into_iter()
        .map(|(path, line, sdk, model, prompt, task, subtype)| {
            let mut c = call(path, line, sdk, model, prompt);
            if path.ends_with("orders.py") {
                c.context.multipliers = vec![Multiplier::Loop];
            }
            let cost = estimate(&c, task, subtype, &settings, &book);
            CostRow {
                path: path.to_string(),
                line,
                sdk: sdk.to_string(),
                model: model.map(str::to_string),
                task: task.as_str().to_string(),
                subtype: subtype.map(str::to_string),
                rule: subtype.map(|_| "LLM1xx".to_string()),
                flagged: task.is_deterministic(),
                prompt: c.prompt.render(),
                cost,
            }
        })
        .collect()
}

fn summary() -> HtmlSummary {
    HtmlSummary {
        snapshot: PriceBook::bundled().snapshot(),
        calls_per_day: 1000.0,
        files_scanned: 9,
        hole_tokens: 50,
        scanned: Some("app/".into()),
    }
}

#[test]
fn html_is_well_formed_and_lists_every_call() {
    let rows = sample_rows();
    let page = render_html(&rows, &summary());
    if let Ok(p) = std::env::var("LLMLINT_HTML_SAMPLE") {
        std::fs::write(p, &page).unwrap();
    }
    let doc = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("the page parses as XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");

    // One table row per call, each naming its location.
    let body_rows: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tr") && n.parent().is_some_and(|p| p.has_tag_name("tbody")))
        .collect();
    assert_eq!(body_rows.len(), rows.len());
    let all_text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    for r in &rows {
        assert!(all_text.contains(&r.location()), "{} missing", r.location());
    }
    // Rows are sorted by monthly cost, dearest first; unpriced last.
    let first_loc = body_rows[0]
        .descendants()
        .find(|n| n.has_tag_name("td"))
        .and_then(|td| td.text())
        .unwrap();
    let dearest = rows
        .iter()
        .max_by(|a, b| {
            a.usd_per_month()
                .unwrap_or(-1.0)
                .total_cmp(&b.usd_per_month().unwrap_or(-1.0))
        })
        .unwrap();
    assert_eq!(first_loc, dearest.location());

    // The prompt's markup is text, not elements.
    assert!(all_text.contains("<b>politely</b> & \"kindly\""));
    assert!(!doc.descendants().any(|n| n.has_tag_name("b")));

    // A bar per priced call, coloured by flagged / genuine.
    let rects: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .collect();
    let priced = rows.iter().filter(|r| r.usd_per_month().is_some()).count();
    assert_eq!(rects.len(), priced);
    let flagged_bars = rects
        .iter()
        .filter(|r| r.attribute("fill") == Some("#d9480f"))
        .count();
    assert_eq!(
        flagged_bars,
        rows.iter()
            .filter(|r| r.flagged && r.usd_per_month().is_some())
            .count()
    );

    // Totals and the snapshot are on the page.
    let t = totals(&rows);
    assert!(all_text.contains(&llmlint::cost::format_usd(t.usd_per_month)));
    assert!(all_text.contains(&llmlint::cost::format_usd(t.saving_per_month)));
    assert!(all_text.contains("genai-prices 0.2.1"));

    // Self-contained: nothing to fetch.
    for attr in ["src", "href"] {
        assert!(
            !doc.descendants().any(|n| n.attribute(attr).is_some()),
            "no {attr} attributes"
        );
    }
    assert!(
        !page.contains("http://") || !page.replace("http://www.w3.org/", "").contains("http://")
    );
    assert!(!page.contains("https://"));
}

#[test]
fn totals_add_up() {
    let rows = sample_rows();
    let t = totals(&rows);
    let sum: f64 = rows.iter().filter_map(|r| r.usd_per_month()).sum();
    let saving: f64 = rows
        .iter()
        .filter(|r| r.flagged)
        .filter_map(|r| r.usd_per_month())
        .sum();
    assert!((t.usd_per_month - sum).abs() < 1e-9);
    assert!((t.saving_per_month - saving).abs() < 1e-9);
    assert_eq!(t.flagged, 4);
    // acme-private-llm has no price; the langchain call's model is assumed (priced).
    assert_eq!(t.unpriced, 1);
    assert!(saving > 0.0 && saving < sum);
}

#[test]
fn empty_report_is_still_a_page() {
    let page = render_html(&[], &summary());
    roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(page.contains("no call has a price"));
}

#[test]
fn text_table_sorted_with_totals() {
    let rows = sample_rows();
    let out = render_cost_table(&rows, "genai-prices 0.2.1 (test)", 1000.0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("location"));
    // Body lines in cost order.
    let mut order: Vec<&CostRow> = rows.iter().collect();
    order.sort_by(|a, b| {
        b.usd_per_month()
            .unwrap_or(-1.0)
            .total_cmp(&a.usd_per_month().unwrap_or(-1.0))
    });
    for (line, r) in lines[1..=rows.len()].iter().zip(order) {
        assert!(
            line.starts_with(&r.location()),
            "{line} vs {}",
            r.location()
        );
    }
    assert!(out.contains("8 calls, 4 flagged"), "{out}");
    assert!(out.contains("(1 without a price)"));
    assert!(out.contains("replacing every flagged call saves ~$"));
    assert!(out.ends_with("prices: genai-prices 0.2.1 (test)\n"));
    // The assumed model is marked.
    assert!(out.contains("gpt-4o-mini?"), "{out}");
}
