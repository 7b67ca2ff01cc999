//! Python projects end to end, run over the whole tree as a user does:
//! - the project index: a call whose client, prompt or wrapper lives in another file is
//!   resolved through the driver's rounds (imports followed, prompt files read, objects of
//!   wrapping classes);
//! - the call shapes of the common frameworks (Vertex AI, LangChain, instructor, pydantic-ai,
//!   DSPy, mirascope, autogen, crewAI, llama-index, haystack, marvin, outlines).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use llmlint::config::ConfigResolver;
use llmlint::discover::{cli_excludes, discover};
use llmlint::driver::{RunOutput, run};
use llmlint_rules::CallSite;
use llmlint_rules::catalog::Catalog;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .canonicalize()
        .expect("fixture folder")
}

/// Run the whole pipeline's extraction over `dir` as if from inside it.
fn run_in(dir: &Path) -> RunOutput {
    let resolver = Arc::new(ConfigResolver::new(None, dir.to_path_buf()));
    let excl = Arc::new(cli_excludes(&[]).unwrap());
    let found = discover(&[PathBuf::from(".")], dir, &resolver, &excl, false).expect("walk");
    run(&found.files, dir, &resolver, Catalog::builtin())
}

fn calls(out: &RunOutput) -> Vec<(String, &CallSite)> {
    out.files
        .iter()
        .flat_map(|f| {
            let p = f
                .path
                .strip_prefix(
                    f.path
                        .ancestors()
                        .find(|a| a.join("app").is_dir() || a.ends_with("frameworks"))
                        .unwrap_or(Path::new("")),
                )
                .unwrap_or(&f.path)
                .to_string_lossy()
                .replace('\\', "/");
            f.analysis.calls.iter().map(move |c| (p.clone(), c))
        })
        .collect()
}

fn at<'a>(all: &'a [(String, &'a CallSite)], path: &str, line: u32) -> &'a CallSite {
    all.iter()
        .find(|(p, c)| p == path && c.span.line == line)
        .map(|(_, c)| *c)
        .unwrap_or_else(|| {
            panic!(
                "no call at {path}:{line}; found {:?}",
                all.iter()
                    .map(|(p, c)| format!("{p}:{}", c.span.line))
                    .collect::<Vec<_>>()
            )
        })
}

fn prompt(c: &CallSite) -> String {
    c.prompt.render().unwrap_or_default()
}

#[test]
fn python_prompts_clients_and_wrappers_come_from_other_modules() {
    let out = run_in(&fixture("python/xfile"));
    let all = calls(&out);
    // handlers.py has no SDK import: its client comes from app/llm.py
    let route = at(&all, "app/handlers.py", 8);
    assert_eq!(route.sdk, "openai");
    assert_eq!(route.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(route),
        "You route support tickets for a bike shop.\n\n{ticket}"
    );
    assert!(route.prompt.complete);
    // a dict of prompts looked up by a literal key
    assert_eq!(
        prompt(at(&all, "app/handlers.py", 18)),
        "Pull every e-mail address out of the text below. One per line.\n\n{body}"
    );
    // a class attribute, and a client from a factory function with its base URL
    let tracking = at(&all, "app/handlers.py", 25);
    assert_eq!(
        prompt(tracking),
        "Find the parcel tracking code (two letters, nine digits, two letters) in: {body}"
    );
    assert_eq!(tracking.provider.as_deref(), Some("groq"));
    // a prompt builder function: its parameter becomes the caller's argument
    assert_eq!(
        prompt(at(&all, "app/handlers.py", 32)),
        "Summarise this ticket in two sentences:\n{ticket}"
    );
    // a module constant read from a text file beside the module
    assert_eq!(
        prompt(at(&all, "app/handlers.py", 39)),
        "Return the phone number found in the message, digits only.\n\n\n{message}"
    );
    // a module attribute holding an f-string that uses another constant
    assert_eq!(
        prompt(at(&all, "app/handlers.py", 49)),
        "You route support tickets for a bike shop. Greet the customer by name. The name is {name}."
    );
    // a method of a wrapping class, on a module-level instance and on an annotated parameter
    for (line, text) in [
        (
            56,
            "What is the capital of {country}? Answer with the city only.",
        ),
        (
            60,
            "Which weekday is ISO day number {day_number}? One word.",
        ),
    ] {
        let c = at(&all, "app/handlers.py", line);
        assert_eq!(c.kind, llmlint_rules::CallKind::Wrapper, "line {line}");
        assert_eq!(c.api, "app.llm.Assistant.complete");
        assert_eq!(
            c.model_name(),
            Some("gpt-4o-mini"),
            "the default of __init__"
        );
        assert_eq!(prompt(c), text);
    }
    // the SDK call inside the wrapper stays, its prompt a parameter
    let inner = at(&all, "app/llm.py", 17);
    assert_eq!(inner.kind, llmlint_rules::CallKind::Inner);
    assert!(!inner.prompt.complete);
    // a wrapper method inherited from a base class in another module, whose client is set
    // after a `None` placeholder and whose SDK import has an ImportError fallback
    let base_inner = at(&all, "app/base.py", 15);
    assert_eq!(base_inner.kind, llmlint_rules::CallKind::Inner);
    let inherited = at(&all, "app/reports.py", 7);
    assert_eq!(inherited.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(inherited.api, "app.base.BaseLLM.ask");
    assert_eq!(
        prompt(inherited),
        "Convert {miles} miles to kilometres. Reply with the number only."
    );
    // a POST to a gateway URL without an API path: the body's shape makes it a chat call;
    // the webhook beside it is not one
    let gateway = at(&all, "app/proxy.py", 12);
    assert_eq!(gateway.sdk, "http-openai");
    assert_eq!(gateway.kind, llmlint_rules::CallKind::Inner);
    assert!(
        all.iter()
            .all(|(p, c)| p != "app/proxy.py" || c.span.line == 12)
    );
    // the gateway module used under another name
    assert_eq!(
        prompt(at(&all, "app/tasks.py", 8)),
        "What is {a} + {b}? Answer with the number."
    );
    // a file read while handling a request is input, not prompt: it stays a hole
    assert_eq!(
        prompt(at(&all, "app/tasks.py", 14)),
        "Who sent this email? Name and company.\n{email_text}"
    );
    // an object typed by an interface (in quotes) reaches the wrapper method of its one
    // implementation, whose arguments come from a `**kwargs` dict
    let port = at(&all, "app/ports.py", 19);
    assert_eq!(port.kind, llmlint_rules::CallKind::Inner);
    assert_eq!(port.model_name(), Some("gpt-4o-mini"));
    assert_eq!(port.temperature.as_ref().map(|t| t.value), Some(0.0));
    let via_port = at(&all, "app/reports.py", 11);
    assert_eq!(via_port.api, "app.ports.OpenAISummariser.run");
    assert_eq!(
        prompt(via_port),
        "Write a headline for this trip report: {text}"
    );
    // prompts picked from a table by a run-time key: one site, a variant per entry; flagged
    // only when every variant is the same deterministic subtype
    let field = at(&all, "app/tables.py", 16);
    assert_eq!(field.variants.len(), 2);
    assert_eq!(
        field.variants[1].render().unwrap(),
        "Return the phone number found in the text, digits only.\n\n{text}"
    );
    let (class, each) = llmlint::pipeline::classify_with_variants(field);
    assert_eq!(
        each.iter()
            .map(|c| c.subtype.as_deref())
            .collect::<Vec<_>>(),
        vec![Some("extract-emails"), Some("extract-phone-numbers")]
    );
    assert!(!class.task.is_deterministic(), "{class:?}");
    let recase = at(&all, "app/tables.py", 26);
    assert_eq!(recase.variants.len(), 2, "`.get(style)` on the table");
    let (class, _) = llmlint::pipeline::classify_with_variants(recase);
    assert_eq!(class.subtype.as_deref(), Some("change-case"));
    // a key chosen between two literals: those two entries
    assert_eq!(at(&all, "app/tables.py", 36).variants.len(), 2);
    assert_eq!(all.len(), 19, "no other call sites");
    // the prompt file is in the index under its path from the run's root
    assert!(
        out.index.files.contains_key("app/prompt_files/phone.txt"),
        "{:?}",
        out.index.files.keys().collect::<Vec<_>>()
    );
}

/// (file, line, sdk, api, model, prompt) of one expected call site.
type Expected = (
    &'static str,
    u32,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

/// Every call site of the framework fixtures but the two mirascope calls.
const FRAMEWORK_SITES: &[Expected] = &[
    (
        "graph_agents.py",
        12,
        "langchain",
        "invoke",
        Some("openai:gpt-4o-mini"),
        "You help customers of a parcel courier.\n\nHow long does a parcel to the north zone take?",
    ),
    (
        "graph_agents.py",
        18,
        "langchain",
        "ainvoke",
        Some("anthropic:claude-3-5-haiku-latest"),
        "Quote the delivery time for zone {zone}.",
    ),
    (
        "graph_agents.py",
        22,
        "langchain",
        "ainvoke",
        Some("anthropic:claude-3-5-haiku-latest"),
        "Which zone is cheapest to ship to?",
    ),
    (
        "agents.py",
        14,
        "autogen",
        "initiate_chat",
        Some("gpt-4o-mini"),
        "You plan short city trips.\n\nPlan two days in {city}.",
    ),
    (
        "agents.py",
        32,
        "crewai",
        "kickoff",
        Some("gpt-4o"),
        "Role: Travel writer\nGoal: Write vivid guides\nBackstory: You have visited every capital in Europe.\n\nWrite a one-page guide to {city}.\nExpected output: A guide in Markdown",
    ),
    (
        "few_shot.py",
        21,
        "langchain",
        "invoke",
        Some("gpt-4o-mini"),
        "Write the plural of each English noun.\n\nNoun: mouse\nPlural: mice\n\nNoun: child\nPlural: children\n\nNoun: {noun}\nPlural:",
    ),
    (
        "legacy_langchain.py",
        7,
        "langchain",
        "__call__",
        Some("gpt-3.5-turbo"),
        "You convert temperatures.\n\nWhat is 30 C in Fahrenheit?",
    ),
    (
        "legacy_langchain.py",
        10,
        "langchain",
        "__call__",
        Some("gpt-3.5-turbo-instruct"),
        "Tell me a joke about parrots.",
    ),
    (
        "langchain_shapes.py",
        59,
        "langchain",
        "invoke",
        Some("gpt-4o-mini"),
        "Which river flows through {city}?\n\nHow long is the river {river}, in kilometres?",
    ),
    (
        "langchain_shapes.py",
        28,
        "langchain",
        "invoke",
        Some("gpt-4o-mini"),
        "You summarise support tickets.\n\nSummarise: {ticket}",
    ),
    (
        "langchain_shapes.py",
        32,
        "langchain",
        "batch",
        Some("gpt-4o-mini"),
        "You summarise support tickets.\n\nSummarise: {ticket}",
    ),
    (
        "langchain_shapes.py",
        36,
        "langchain",
        "invoke",
        Some("gpt-4o-mini"),
        "Give the phone number written in this note: {note}",
    ),
    (
        "langchain_shapes.py",
        40,
        "langchain",
        "invoke",
        Some("gpt-4o-mini"),
        "Extract the entities named in the given schema, with their properties, from the passage below.\n\nPassage:\n{input}",
    ),
    (
        "langchain_shapes.py",
        44,
        "langchain",
        "run",
        Some("gpt-4o-mini"),
        "Make a URL slug from: {title}",
    ),
    (
        "langchain_shapes.py",
        49,
        "langchain",
        "invoke",
        Some("gpt-4o-mini"),
        "Find the phone number in: {text}",
    ),
    (
        "more_libraries.py",
        14,
        "llama-index",
        "complete",
        Some("gpt-4o-mini"),
        "Write a back-cover blurb for {title}.",
    ),
    (
        "more_libraries.py",
        19,
        "llama-index",
        "query",
        None,
        "Which books in the catalogue cover {question}?",
    ),
    (
        "more_libraries.py",
        23,
        "haystack",
        "run",
        Some("gpt-4o-mini"),
        "What is the shelf mark for ISBN {isbn}?",
    ),
    (
        "more_libraries.py",
        27,
        "marvin",
        "extract",
        None,
        "every e-mail address\n\n{text}",
    ),
    (
        "more_libraries.py",
        37,
        "outlines",
        "__call__",
        Some("microsoft/Phi-3-mini-4k-instruct"),
        "Which genre fits this summary best? {summary}",
    ),
    (
        "programs.py",
        22,
        "dspy",
        "__call__",
        Some("openai/gpt-4o-mini"),
        "Convert the quantity to grams.\n\nInputs: quantity (an amount such as 2 cups of flour)\nOutputs: grams\n\nquantity: {quantity}",
    ),
    (
        "programs.py",
        26,
        "dspy",
        "__call__",
        Some("openai/gpt-4o-mini"),
        "Given the fields `dish`, produce the fields `wine`.\n\ndish: {dish}",
    ),
    (
        "typed_outputs.py",
        21,
        "instructor",
        "chat.completions.create",
        Some("gpt-4o-mini"),
        "Find the invoice number in: {text}",
    ),
    (
        "typed_outputs.py",
        29,
        "pydantic-ai",
        "run_sync",
        Some("openai:gpt-4o-mini"),
        "Answer with the ISO 4217 code of the currency only.\n\nWhich currency does {country} use?",
    ),
    (
        "typed_outputs.py",
        33,
        "pydantic-ai",
        "run",
        Some("openai:gpt-4o-mini"),
        "Answer with the ISO 4217 code of the currency only.\n\nWhich currency does {country} use?",
    ),
    (
        "vertex_ai.py",
        16,
        "vertexai",
        "generate_content",
        Some("gemini-1.5-flash"),
        "You help a restaurant write its menu.\n\nWrite a two-line menu description of {dish}.",
    ),
    (
        "vertex_ai.py",
        21,
        "vertexai",
        "send_message",
        Some("gemini-1.5-flash"),
        "You help a restaurant write its menu.\n\nWhich of the 14 EU allergens may {dish} contain?",
    ),
    (
        "vertex_ai.py",
        26,
        "vertexai",
        "predict",
        Some("text-bison@002"),
        "Return this label in upper case: {label}",
    ),
];

#[test]
fn python_framework_call_shapes_are_found_with_model_and_prompt() {
    let out = run_in(&fixture("python/frameworks"));
    let all = calls(&out);
    for &(file, line, sdk, api, model, text) in FRAMEWORK_SITES {
        let c = at(&all, file, line);
        assert_eq!(c.sdk, sdk, "{file}:{line}");
        assert_eq!(c.api, api, "{file}:{line}");
        assert_eq!(c.model_name(), model, "{file}:{line}");
        assert_eq!(prompt(c), text, "{file}:{line}");
        assert!(c.prompt.complete, "{file}:{line}");
    }
    // mirascope: each call of a decorated prompt function is the LLM call, with the
    // argument in the template; two on one line
    let mut mirascope: Vec<(&str, Option<&str>, String)> = all
        .iter()
        .filter(|(p, c)| p == "programs.py" && c.sdk == "mirascope")
        .map(|(_, c)| (c.api.as_str(), c.model_name(), prompt(c)))
        .collect();
    mirascope.sort();
    assert_eq!(
        mirascope,
        vec![
            (
                "programs.story",
                Some("gpt-4o"),
                "Tell the history of paella in three sentences.".to_string()
            ),
            (
                "programs.truck_name",
                Some("gpt-4o-mini"),
                "Suggest a name for a Thai food truck.".to_string()
            ),
        ]
    );
    assert!(
        all.iter()
            .filter(|(_, c)| c.sdk == "mirascope")
            .all(|(_, c)| c.kind == llmlint_rules::CallKind::Direct)
    );
    assert_eq!(all.len(), FRAMEWORK_SITES.len() + 2, "no other call sites");
}

#[test]
fn python_objects_reach_their_clients_across_files_and_parameters() {
    let out = run_in(&fixture("python/xfile2"));
    let all = calls(&out);
    // a model held by a service object's attribute, set in __init__ in another module
    let tags = at(&all, "app/jobs.py", 6);
    assert_eq!(tags.sdk, "google-generativeai");
    assert_eq!(tags.model_name(), Some("gemini-1.5-flash"));
    assert_eq!(
        prompt(tags),
        "List every hashtag that appears in this post, one per line:\n\n{post}"
    );
    // an object typed by a port reaches its adapter's method, although a helper function of
    // the same name was known first
    let tagger = at(&all, "app/plugins.py", 13);
    assert_eq!(tagger.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(tagger.api, "app.adapters.OpenAIChatter.chat_json");
    assert_eq!(tagger.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(tagger),
        "Suggest three short tags for a recipe called {title}."
    );
    // an agent handed to a helper as an unannotated parameter by its only caller
    let capital = at(&all, "app/agents.py", 10);
    assert_eq!(capital.sdk, "pydantic-ai");
    assert_eq!(capital.model_name(), Some("openai:gpt-4o-mini"));
    assert_eq!(
        prompt(capital),
        "Name the capital city of {country}. Reply with the city only."
    );
    // a model parameter's default, re-exported by a package from its module; the chain
    // re-bound through `.bind(..)`
    let trim = at(&all, "app/cleaner.py", 17);
    assert_eq!(trim.sdk, "langchain");
    assert_eq!(trim.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(trim),
        "Remove the spaces at both ends of this value: {value}"
    );
    // a helper defined twice: the later definition is the one called, on every run
    for _ in 0..3 {
        let out = run_in(&fixture("python/xfile2"));
        let all = calls(&out);
        let twice = at(&all, "app/redefined.py", 20);
        assert_eq!(twice.kind, llmlint_rules::CallKind::Wrapper);
        assert_eq!(twice.model_name(), Some("gpt-4o-mini"));
    }
    // the adapter and the helper are the inner calls, their prompt a parameter
    assert_eq!(
        at(&all, "app/adapters.py", 8).kind,
        llmlint_rules::CallKind::Inner
    );
}

#[test]
fn python_callers_supply_whole_prompts_and_llm_objects() {
    let out = run_in(&fixture("python/xfile3"));
    let all = calls(&out);
    // a wrapper whose parameter is the whole prompt, called with the result of a prompt
    // builder of another module, whose text comes from constants of a third module
    let route = at(&all, "app/inbox.py", 7);
    assert_eq!(route.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(route.api, "app.llm.client.complete");
    assert_eq!(
        prompt(route),
        "You triage messages sent to a plant nursery.\n\nAnswer with one word: orders, care or billing.\nMessage: {short}"
    );
    assert_eq!(
        at(&all, "app/llm/client.py", 7).kind,
        llmlint_rules::CallKind::Inner
    );
    // a method whose LangChain template takes its human message from a parameter; callers
    // pass constants of another module, whose `{fields}` stay template holes
    assert_eq!(
        at(&all, "app/sheets.py", 18).kind,
        llmlint_rules::CallKind::Inner
    );
    let headers = at(&all, "app/sheets.py", 24);
    assert_eq!(headers.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(headers.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(headers),
        "You tidy spreadsheet columns. Reply with JSON only.\n\nConvert each column name in {names} to snake_case and return a JSON list."
    );
    assert!(headers.prompt.holes().any(|(h, _)| h == "names"));
    // through a second method that passes its parameter on
    let units = at(&all, "app/sheets.py", 27);
    assert_eq!(units.api, "app.sheets.SheetCleaner._fix_column");
    assert!(prompt(units).contains("Convert every length in column {column} to metres"));
    // a closure handed to a thread pool passes the method's parameter on: the method is
    // the wrapper
    let metres = at(&all, "app/sheets.py", 37);
    assert_eq!(metres.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(metres.api, "app.sheets.SheetCleaner.fix_all");
    assert!(prompt(metres).contains("Convert every length in column {column} to metres"));
    // a builder's optional part (`f".." if history else ""`) is part of the prompt
    assert_eq!(
        prompt(at(&all, "app/inbox.py", 11)),
        "Write a two-line reply to the customer.\nEarlier messages:\n{history}\nMessage: {message}"
    );
    // an agent from a factory of another module, handed to a helper that runs it: the
    // helper's call is the LLM call, with the agent's model and system prompt
    let slug = at(&all, "app/titles.py", 11);
    assert_eq!(slug.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(slug.sdk, "pydantic-ai");
    assert_eq!(slug.model_name(), Some("openai:gpt-4o-mini"));
    assert_eq!(
        prompt(slug),
        "You write URL slugs for blog titles.\n\nLower-case the title and join its words with hyphens."
    );
    // the same helper handed an object that is no LLM: no call
    assert!(
        !all.iter()
            .any(|(p, c)| p == "app/titles.py" && c.span.line == 15)
    );
    assert!(!all.iter().any(|(p, _)| p == "app/runner.py"));
    // a function handed in as a parameter: a wrapper passed by a caller makes the call
    // through the parameter a call of that wrapper; `print` makes none
    let shout = at(&all, "app/mailbox.py", 11);
    assert_eq!(shout.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(shout.sdk, "openai");
    assert_eq!(prompt(shout), "Rewrite this text in upper case: {text}");
    assert!(
        !all.iter()
            .any(|(p, c)| p == "app/mailbox.py" && c.span.line == 19)
    );
    // template fields filled at invoke time with a text constant of this or another module
    // take its text; a run-time value or an inline sample value stays the field
    assert_eq!(
        prompt(at(&all, "app/purchase.py", 12)),
        "List the purchase order number, the supplier and each ordered item with its quantity, as JSON.\n\n{order_text}"
    );
    assert_eq!(
        prompt(at(&all, "app/purchase.py", 16)),
        "Say in one sentence what the purchase order below is for.\n\n{order_text}"
    );
    assert_eq!(
        prompt(at(&all, "app/purchase.py", 20)),
        "{instructions}\n\n{order_text}"
    );
    // a parameter named as an LLM function, called with an instruction, in a file that
    // imports no SDK: an LLM call whose client the callers choose
    let sender = at(&all, "app/jobs.py", 8);
    assert_eq!(sender.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(
        prompt(sender),
        "Give the e-mail address of whoever sent this message. Reply with the address only.\n\n{body}"
    );
    // the same instruction through a parameter not named as an LLM function: no call
    assert!(
        !all.iter()
            .any(|(p, c)| p == "app/jobs.py" && c.span.line == 12)
    );
    // a message bound to a name, with an image part: the text is a constant of another
    // module, the image's data a hole
    let receipt = at(&all, "app/vision.py", 15);
    assert_eq!(
        prompt(receipt),
        "Read the total amount printed on this receipt. Reply with the number only.\n{image_b64}"
    );
    // a loop over prompts built by a comprehension: each is the comprehension's element
    assert_eq!(
        prompt(at(&all, "app/batch.py", 14)),
        "Write a one-line product label for {n}."
    );
    // a prompt file read by a helper defined inside the function and run on a worker
    // thread, then formatted and handed to a wrapper
    assert_eq!(
        prompt(at(&all, "app/news.py", 12)),
        "Do these two headlines report the same event? Answer yes or no.\nFirst: {first}\nSecond: {second}\n"
    );
    // a base class runs a chain its subclasses set as a class attribute: the subclass's
    // `super().__call__(..)` is the call, with its two-step chain's prompts and the model
    // of a `model | parser` imported from another module; the base class has no call
    let postcode = at(&all, "app/scrapers/postcode.py", 22);
    assert_eq!(postcode.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(postcode.sdk, "langchain");
    assert_eq!(postcode.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(postcode),
        "Copy the UK postcode that appears in this page text: {page}\n\nRewrite the postcode {postcode} in upper case with one space."
    );
    assert!(!all.iter().any(|(p, _)| p == "app/scrapers/base.py"));
    // a method sending an image part beside its prompt parameter is a wrapper; its caller
    // in another module supplies the prompt (the image stays a hole)
    assert_eq!(
        at(&all, "app/cards.py", 9).kind,
        llmlint_rules::CallKind::Inner
    );
    let card = at(&all, "app/billing.py", 8);
    assert_eq!(card.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(card.model_name(), Some("gemini-1.5-flash"));
    assert_eq!(
        prompt(card),
        "{raw}\nGive the card number printed in this photo, digits only."
    );
    // LangChain templates whose parts are constants of another module, one of them built
    // from a constant of a third module
    assert_eq!(
        prompt(at(&all, "app/review.py", 12)),
        "You triage messages sent to a plant nursery. You grade product reviews.\n\nGive the star rating (1-5) this review states, as a digit: {review}"
    );
    assert_eq!(
        prompt(at(&all, "app/review.py", 17)),
        "Is this comment spam? Answer yes or no.\nComment: {comment}"
    );
    for line in [23, 27] {
        assert_eq!(
            prompt(at(&all, "app/review.py", line)),
            "Name the language this text is written in: {text}"
        );
    }
    // a wrapper called with messages whose system text is picked from another module's
    // table at run time: every prompt it can send
    let trip = at(&all, "app/travel.py", 10);
    assert_eq!(trip.kind, llmlint_rules::CallKind::Wrapper);
    let variants: Vec<String> = trip
        .variants
        .iter()
        .map(|v| v.render().unwrap_or_default())
        .collect();
    assert_eq!(
        variants,
        [
            "Give the ISO 3166 alpha-2 code of the destination country. Reply with JSON.\n\nfrom {origin} to {country or city}",
            "Give the ISO 3166 alpha-2 code of the country the destination city is in. Reply with JSON.\n\nfrom {origin} to {country or city}"
        ]
    );
    // a pydantic-ai agent's dynamic system prompt (`@desk.system_prompt`) follows its
    // static one
    assert_eq!(
        prompt(at(&all, "app/agents/support.py", 20)),
        "You answer questions about parcel deliveries.\n\nAddress the caller as {ctx.deps.first_name}.\n\n{question}"
    );
    // a dict of constants interpolated into an f-string is its text, as Python prints it
    assert_eq!(
        prompt(at(&all, "app/contacts.py", 7)),
        "Fill this JSON shape from the note: {'name': 'string', 'phone': 'string | null', 'tags': ['string'], 'vip': False}\nNote: {note}"
    );
    // ... but not a list the code appends to: its literal is not its value
    assert_eq!(
        prompt(at(&all, "app/contacts.py", 13)),
        "List new tags for the note, not these: {seen}\nNote: {note}"
    );
    // a parameter named as an LLM function, with no caller in sight
    let sender = at(&all, "app/mailbox.py", 6);
    assert_eq!(sender.sdk, "custom");
    assert_eq!(
        prompt(sender),
        "Give only the sender's e-mail address found in this message.\n\n{raw_email}"
    );
}

#[test]
fn python_wrapper_imported_from_a_module_that_moved_is_the_one_of_that_name_in_the_package() {
    let out = run_in(&fixture("python/moved"));
    let all = calls(&out);
    // `from .providers.chat import ask_model`, a module that is not there: the package's one
    // `ask_model` (app/llm/chat.py)
    let c = at(&all, "app/posts/titles.py", 7);
    assert_eq!(c.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(
        prompt(c),
        "Rewrite this blog title in upper case letters only: {title}"
    );
    // a function of that name imported from another top-level package is not it
    assert!(
        !all.iter().any(|(p, _)| p == "app/posts/other.py"),
        "{:?}",
        all.iter()
            .map(|(p, c)| (p, c.span.line))
            .collect::<Vec<_>>()
    );
}

#[test]
fn python_replicate_runs_streams_clients_and_the_langchain_class() {
    let out = run_in(&fixture("python/replicate"));
    let all = calls(&out);
    let expect = |line: u32, sdk: &str, model: &str, text: &str| {
        let c = at(&all, "app/gen.py", line);
        assert_eq!(c.sdk, sdk, "app/gen.py:{line}");
        assert_eq!(c.model_name(), Some(model), "app/gen.py:{line}");
        assert_eq!(prompt(c), text, "app/gen.py:{line}");
    };
    // replicate.run(ref, input={system_prompt, prompt, max_new_tokens}): a module constant
    // names the model, the input dict holds the prompt and the bound
    expect(
        8,
        "replicate",
        "meta/meta-llama-3-8b-instruct",
        "Answer with the code only.\n\nWhat is the ISO 3166-1 alpha-2 code of {country}?",
    );
    assert_eq!(
        at(&all, "app/gen.py", 8)
            .max_tokens
            .as_ref()
            .map(|m| m.value),
        Some(8)
    );
    expect(
        20,
        "replicate",
        "meta/meta-llama-3-8b-instruct",
        "Tell a short story about {topic}.",
    );
    // a client's run
    expect(
        28,
        "replicate",
        "meta/meta-llama-3-8b-instruct",
        "Rewrite in upper case: {text}",
    );
    // LangChain's Replicate LLM
    expect(
        35,
        "langchain",
        "meta/meta-llama-3-70b-instruct",
        "What is the capital of {country}?",
    );
    assert_eq!(all.len(), 4);
}

#[test]
fn python_prompt_and_model_held_by_the_object_come_from_its_construction() {
    let out = run_in(&fixture("python/heldprompt"));
    let all = calls(&out);
    // the instructions and the model given to the constructor in another module
    let kg = at(&all, "app/shop.py", 10);
    assert_eq!(kg.kind, llmlint_rules::CallKind::Wrapper);
    assert_eq!(kg.model_name(), Some("claude-3-5-sonnet-latest"));
    assert_eq!(
        prompt(kg),
        "Convert the weight the user gives from pounds to kilograms. Reply with the number only.\n\n{weight}"
    );
    assert!(kg.prompt.complete);
    // built and asked in one expression; the model is the constructor's default
    let s = at(&all, "app/shop.py", 14);
    assert_eq!(s.model_name(), Some("claude-3-5-haiku-latest"));
    assert_eq!(
        prompt(s),
        "You write playful slogans for a tea shop.\n\nA slogan for {product}"
    );
    // built from a run-time value: the function is itself a wrapper of the instructions
    let any = at(&all, "app/shop.py", 21);
    assert_eq!(any.kind, llmlint_rules::CallKind::Inner);
    assert_eq!(prompt(any), "{prompt_text}\n\n{question}");
    // the object made by a factory function of another module is the wrapper's object
    // (the question is the caller's: the function is a wrapper in turn)
    let tea = at(&all, "app/shop.py", 26);
    assert_eq!(tea.kind, llmlint_rules::CallKind::Inner);
    assert_eq!(tea.api, "app.helpers.assistant.Assistant.reply");
    assert_eq!(prompt(tea), "{self.instructions}\n\n{q}");
}
