//! A cost-hygiene rule (LLM5xx) reports only when its premise, a deterministic task, is
//! itself flagged: a premium model in a loop asking for live data gets no LLM501 / LLM503.

use std::path::Path;

use llmlint::cli::{CommonArgs, scan};
use llmlint::pipeline::evaluate;

#[test]
fn hygiene_rules_follow_the_task_flag() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hygiene"))
        .canonicalize()
        .unwrap();
    let common = CommonArgs {
        paths: vec![root],
        quiet: true,
        ..CommonArgs::default()
    };
    let scan = scan(&common).unwrap();
    let findings: Vec<_> = scan
        .output
        .calls()
        .map(|(f, c)| evaluate(f, c, &scan.pipeline))
        .collect();
    assert_eq!(findings.len(), 2, "two calls in the fixture");
    let live = findings
        .iter()
        .find(|f| f.call.prompt.render().unwrap_or_default().contains("price"))
        .expect("the live-price call");
    assert!(!live.flagged, "live data is not flagged: {:?}", live.class);
    assert!(
        live.hygiene.is_empty(),
        "no hygiene finding without a flagged task: {:?}",
        live.hygiene
    );
    let mail = findings
        .iter()
        .find(|f| f.call.prompt.render().unwrap_or_default().contains("email"))
        .expect("the email call");
    assert!(mail.flagged, "{:?}", mail.class);
    let codes: Vec<&str> = mail.hygiene.iter().map(|(c, _)| c.as_str()).collect();
    assert!(codes.contains(&"LLM501"), "{codes:?}");
    assert!(codes.contains(&"LLM503"), "{codes:?}");
}
