//! Rust projects end to end, run over the whole tree as a user does: prompts, wrappers and
//! clients that live in other modules of the crate are found through the project index.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use llmlint::config::ConfigResolver;
use llmlint::discover::{cli_excludes, discover};
use llmlint::driver::{RunOutput, run};
use llmlint_rules::catalog::Catalog;
use llmlint_rules::{CallKind, CallSite};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rust/project")
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

fn calls(out: &RunOutput, dir: &Path) -> Vec<(String, CallSite)> {
    out.files
        .iter()
        .flat_map(|f| {
            let p = f
                .path
                .strip_prefix(dir)
                .unwrap_or(&f.path)
                .to_string_lossy()
                .replace('\\', "/");
            f.analysis.calls.iter().map(move |c| (p.clone(), c.clone()))
        })
        .collect()
}

fn at<'a>(all: &'a [(String, CallSite)], path: &str, line: u32) -> &'a CallSite {
    all.iter()
        .find(|(p, c)| p == path && c.span.line == line)
        .map(|(_, c)| c)
        .unwrap_or_else(|| {
            panic!(
                "no call at {path}:{line}; found {:?}",
                all.iter()
                    .map(|(p, c)| format!("{p}:{}", c.span.line))
                    .collect::<Vec<_>>()
            )
        })
}

/// The call at `path:line` is a direct call of `sdk` with this model and prompt.
fn expect_direct(
    all: &[(String, CallSite)],
    (path, line): (&str, u32),
    sdk: &str,
    model: Option<&str>,
    text: &str,
) {
    let c = at(all, path, line);
    assert_eq!(c.sdk, sdk, "{path}:{line}");
    assert_eq!(c.kind, CallKind::Direct, "{path}:{line}");
    assert_eq!(c.model_name(), model, "{path}:{line}");
    assert_eq!(prompt(c), text, "{path}:{line}");
}

fn prompt(c: &CallSite) -> String {
    c.prompt.render().unwrap_or_default()
}

fn project(name: &str) -> Vec<(String, CallSite)> {
    let dir = fixture(name);
    let out = run_in(&dir);
    calls(&out, &dir)
}

#[test]
fn rust_prompts_come_from_other_modules() {
    let all = project("facts");
    // a `const` re-exported at the crate root with `pub use`
    let c = at(&all, "src/kitchen.rs", 34);
    assert_eq!((c.sdk.as_str(), c.kind), ("async-openai", CallKind::Direct));
    assert_eq!(c.model_name(), Some("gpt-4.1-nano"));
    assert_eq!(
        prompt(c),
        "You convert cooking quantities between metric and imperial units. Reply with the converted amount only.\n\n{amount}"
    );
    // a `static` built with concat!, and a prompt-building fn of prompts.rs
    let c = at(&all, "src/kitchen.rs", 52);
    assert_eq!(c.model_name(), Some("gpt-4o"));
    assert_eq!(
        prompt(c),
        "You plan a week of dinners for a family. Prefer seasonal vegetables and keep each recipe under forty minutes.\n\nSuggest one drink that goes well with risotto and explain why in a sentence.\n\nIn the pantry: {pantry}"
    );
    // include_str! read relative to the source file
    let c = at(&all, "src/kitchen.rs", 64);
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(c),
        "List the common allergens (gluten, nuts, dairy, eggs, shellfish) that appear in the ingredient list below.\n\n{ingredients}"
    );
}

#[test]
fn rust_wrapper_with_a_prompt_named_parameter_is_called_across_files() {
    let all = project("facts");
    // the wrapper's own call is `inner`: its system prompt is a parameter
    let inner = at(&all, "src/llm.rs", 24);
    assert_eq!(inner.kind, CallKind::Inner);
    // an associated const of another module as the wrapper's argument
    let c = at(&all, "src/kitchen.rs", 69);
    assert_eq!(
        (c.sdk.as_str(), c.kind),
        ("async-openai", CallKind::Wrapper)
    );
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(c),
        "Give this recipe a short, friendly title of at most six words.\n\nRecipe:\n{recipe}"
    );
    // a `match` on an enum in another module, picked by a literal variant
    let c = at(&all, "src/kitchen.rs", 73);
    assert_eq!(c.kind, CallKind::Wrapper);
    assert_eq!(
        prompt(c),
        "Review this recipe like a demanding chef and list every flaw.\n\nRecipe:\n{recipe}"
    );
}

#[test]
fn rust_client_crates_outside_the_catalog_are_recognised_by_name_and_verb() {
    let all = project("generic");
    // a conversation of a crate whose name says LLM, with its system prompt and model
    let c = at(&all, "src/main.rs", 17);
    assert_eq!(
        (c.sdk.as_str(), c.api.as_str()),
        ("tinyllm", "send_message")
    );
    assert_eq!(c.model_name(), Some("tiny-chat-2"));
    assert_eq!(
        prompt(c),
        "You write one catchy tagline of at most eight words for a product.\n\nProduct: {product}"
    );
    // a request object built by the same crate, passed to a chat-like verb
    let c = at(&all, "src/main.rs", 25);
    assert_eq!(c.sdk, "tinyllm");
    assert_eq!(c.model_name(), None);
    assert_eq!(prompt(c), "Write a two-line rhyme about autumn leaves.");
    // the chat room's send_message and Regex::new are not calls
    assert!(
        !all.iter()
            .any(|(p, c)| p == "src/main.rs" && c.span.line > 27),
        "{all:?}"
    );
}

#[test]
fn rust_http_post_to_a_configured_endpoint_is_known_by_its_body() {
    let all = project("generic");
    // ureq::post to `{base_url}/v1/chat`: no known path, a Serialize struct with model and
    // messages says it is a chat request
    let c = at(&all, "src/support.rs", 30);
    assert_eq!(c.sdk, "http-openai");
    assert_eq!(c.model_name(), Some("llama3.1-8b"));
    assert_eq!(
        prompt(c),
        "Sort the support ticket into billing, bug or other and answer with that word.\n\n{ticket}"
    );
    // a local OpenAI-compatible server's path and a messages body without a model
    let local = at(&all, "src/local.rs", 13);
    assert_eq!(local.sdk, "http-openai");
    assert_eq!(
        prompt(local),
        "You are a poet who writes in English.\n\nWrite a haiku about {topic}."
    );
}

#[test]
fn rust_messages_pushed_and_inserted_after_a_runtime_list_are_recovered() {
    let all = project("generic");
    let c = at(&all, "src/support.rs", 59);
    assert_eq!(c.sdk, "http-openai");
    assert_eq!(c.model_name(), Some("llama3.1-8b"));
    // `question` names a prompt: the function wraps the call for its callers; the past
    // turns are the caller's `history`
    assert_eq!(c.kind, CallKind::Inner);
    assert!(!c.prompt.complete);
    assert_eq!(
        prompt(c),
        "You answer follow-up questions about an open support ticket.\n\n{history}\n\n{question}"
    );
}

#[test]
fn rust_match_of_prompts_is_one_site_with_variants() {
    let all = project("facts");
    let texts = |c: &CallSite| -> Vec<String> {
        c.variants
            .iter()
            .map(|p| p.render().unwrap_or_default())
            .collect()
    };
    // a local `match` on a run-time enum picks the system prompt
    let c = at(&all, "src/kitchen.rs", 102);
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        texts(c),
        vec![
            "Describe the dish in simple words a child understands.\n\n{dish}".to_string(),
            "Describe the dish with precise culinary terms for professional cooks.\n\n{dish}"
                .to_string(),
        ]
    );
    // another module's prompt table called with a run-time key, through the wrapper
    let c = at(&all, "src/kitchen.rs", 77);
    assert_eq!(c.kind, CallKind::Wrapper);
    assert_eq!(
        texts(c),
        vec![
            "Review this recipe like a demanding chef and list every flaw.\n\nRecipe:\n{recipe}"
                .to_string(),
            "Give gentle, encouraging feedback on this home recipe.\n\nRecipe:\n{recipe}"
                .to_string(),
        ]
    );
}

#[test]
fn rust_named_shapes_of_llm_crates_outside_the_catalog() {
    let all = project("named");
    let expect = |path: &str, line: u32, sdk: &str, model: Option<&str>, text: &str| {
        expect_direct(&all, (path, line), sdk, model, text)
    };
    // llm-chain: prompt!(system, user).run(..)
    expect(
        "src/chains.rs",
        11,
        "llm-chain",
        None,
        "You are a poet who only writes haiku.\n\nWrite a haiku about a lighthouse in fog.",
    );
    // langchain-rust: OpenAI::default().invoke(..)
    expect(
        "src/chains.rs",
        22,
        "langchain_rust",
        None,
        "Invent a slogan for a bakery that only sells sourdough.",
    );
    // the llm crate: LLMBuilder ... .model(..).build(), then chat(&messages)
    expect(
        "src/chains.rs",
        37,
        "llm",
        Some("gpt-4o-mini"),
        "Write a limerick about a cat who learns to code.",
    );
    // clust: MessagesRequestBody with a system prompt, create_a_message
    expect(
        "src/chains.rs",
        48,
        "clust",
        Some("Claude3Haiku20240307"),
        "You write mottos for sports clubs.\n\nWrite a motto for a rowing club.",
    );
    // kalosm: a chat session with a system prompt sends on add_message
    expect(
        "src/local.rs",
        10,
        "kalosm",
        None,
        "You answer riddles with a single word.\n\nWhat has keys but cannot open locks?",
    );
    // mistral.rs: TextMessages with roles, send_chat_request
    expect(
        "src/local.rs",
        22,
        "mistralrs",
        Some("microsoft/Phi-3.5-mini-instruct"),
        "You tell short fables with a moral.\n\nTell a fable about a patient tortoise.",
    );
}

#[test]
fn rust_static_lazy_client_of_another_module_is_followed() {
    let all = project("clients");
    // the request comes from an async helper of this file
    let c = at(&all, "src/notes.rs", 22);
    assert_eq!((c.sdk.as_str(), c.api.as_str()), ("ollama-rs", "generate"));
    assert_eq!(c.model_name(), Some("llama3.2"));
    assert_eq!(prompt(c), "How tall does {plant} grow?");
    // the request is a parameter: `crate::ai::OLLAMA` (a LazyLock in ai.rs) makes it a call
    let c = at(&all, "src/notes.rs", 28);
    assert_eq!(c.sdk, "ollama-rs");
    assert_eq!(c.kind, CallKind::Inner);
}

#[test]
fn rust_prompt_builder_with_its_own_runtime_values_keeps_them_as_holes() {
    let all = project("facts");
    // `crate::prompts::shopping(meals)` computes `list` itself: a hole named after it
    let c = at(&all, "src/kitchen.rs", 114);
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(c),
        "Write a shopping list for these meals, grouped by supermarket aisle: {list}"
    );
}

#[test]
fn rust_post_built_by_a_helper_and_messages_mapped_from_the_caller() {
    let all = project("generic");
    // `endpoint(client, base).json(..).send()`: the POST to `{base}/chat/completions` is
    // built in `endpoint`; the body's messages are the `messages` parameter, mapped to JSON
    let inner = at(&all, "src/relay.rs", 20);
    assert_eq!(inner.sdk, "http-openai");
    assert_eq!(inner.kind, CallKind::Inner);
    assert_eq!(inner.model_name(), Some("mixtral-8x7b"));
    // the caller's list of messages fills the wrapper's prompt
    let c = at(&all, "src/relay.rs", 38);
    assert_eq!(c.kind, CallKind::Wrapper);
    assert_eq!(c.model_name(), Some("mixtral-8x7b"));
    assert_eq!(
        prompt(c),
        "Write a newspaper headline for the article, at most ten words.\n\n{article}"
    );
}

#[test]
fn rust_ureq_send_with_a_body_and_a_method_wrapper_named_for_its_instruction() {
    let all = project("generic");
    // ureq 3: `.send(serde_json::to_vec(&body)?)`; the model from the Gemini URL path
    let inner = at(&all, "src/support.rs", 84);
    assert_eq!(inner.sdk, "http-gemini");
    assert_eq!(inner.kind, CallKind::Inner);
    assert_eq!(inner.model_name(), Some("gemini-2.0-flash"));
    // `system_instruction` makes `generate` a wrapper; `self.generate(..)` is its site
    let c = at(&all, "src/support.rs", 72);
    assert_eq!(c.kind, CallKind::Wrapper);
    assert_eq!(c.model_name(), Some("gemini-2.0-flash"));
    assert_eq!(
        prompt(c),
        "Fix spelling and punctuation in the note; change nothing else.\n\n{note}"
    );
}

#[test]
fn rust_if_else_of_prompt_texts_gives_variants_through_a_wrapper() {
    let all = project("generic");
    let c = at(&all, "src/relay.rs", 61);
    assert_eq!(c.kind, CallKind::Wrapper);
    assert_eq!(c.model_name(), Some("mixtral-8x7b"));
    let texts: Vec<String> = c
        .variants
        .iter()
        .map(|p| p.render().unwrap_or_default())
        .collect();
    assert_eq!(
        texts,
        vec![
            "Rewrite the text in a formal register.".to_string(),
            "Rewrite the text in a formal register.\n\n---\n{text}".to_string(),
        ]
    );
}

#[test]
fn rust_wrapper_whose_user_turn_is_the_callers() {
    let all = project("generic");
    // `user_content` fills the whole user message beside a fixed system prompt
    assert_eq!(at(&all, "src/support.rs", 105).kind, CallKind::Inner);
    let c = at(&all, "src/support.rs", 115);
    assert_eq!(c.kind, CallKind::Wrapper);
    assert_eq!(c.model_name(), Some("llama-3.1-8b-instant"));
    assert_eq!(
        prompt(c),
        "You explain quiz answers to players in two friendly sentences.\n\nQuestion: {question}\nAnswer: {answer}"
    );
}

#[test]
fn rust_whole_request_parameter_and_a_prompt_built_with_push_str() {
    let all = project("generic");
    // POST to `{host}/v1/chat/completions` with the caller's whole request
    let inner = at(&all, "src/digest.rs", 30);
    assert_eq!(
        (inner.sdk.as_str(), inner.kind),
        ("http-openai", CallKind::Inner)
    );
    // `Req::new("gpt-4o", content)` through `send(req, ..)`, then `summary(host, text)` with
    // a text built by push_str: the site of the outermost call carries the whole prompt
    let c = at(&all, "src/digest.rs", 47);
    assert_eq!(c.kind, CallKind::Wrapper);
    assert_eq!(c.model_name(), Some("gpt-4o"));
    assert_eq!(
        prompt(c),
        "Summarise these release notes for end users in three bullet points:\n{changelog}"
    );
}

#[test]
fn rust_llm_crate_request_passed_through_an_app_helper() {
    let all = project("generic");
    // `settings.apply(tinyllm::Prompt::default().system(..))` hands the request back
    let c = at(&all, "src/relay.rs", 79);
    assert_eq!((c.sdk.as_str(), c.api.as_str()), ("tinyllm", "message"));
    assert_eq!(
        prompt(c),
        "You grade school essays from A to F with one reason.\n\n{essay}"
    );
    // the helper that only builds the POST is not a call of its own
    assert!(
        !all.iter()
            .any(|(p, c)| p == "src/relay.rs" && c.span.line == 10)
    );
}

#[test]
fn rust_static_clients_built_by_a_function_or_known_by_their_declared_type() {
    let all = project("inhouse");
    // `LazyLock::new(openai::Client::from_env)` in clients.rs, used from shop.rs
    let c = at(&all, "src/shop.rs", 12);
    assert_eq!(
        (c.sdk.as_str(), c.api.as_str(), c.kind),
        ("rig", "agent.prompt", CallKind::Direct)
    );
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(c),
        "You write cheerful shop-window slogans of under ten words.\n\n{product}"
    );
    // `static LOCAL: OnceCell<ollama::Client> = OnceCell::new()`: only the type says so
    let c = at(&all, "src/shop.rs", 22);
    assert_eq!((c.sdk.as_str(), c.kind), ("rig", CallKind::Direct));
    assert_eq!(c.model_name(), Some("llama3.2"));
    assert_eq!(
        prompt(c),
        "Give three short care tips for the household item named by the user.\n\n{item}"
    );
}

#[test]
fn rust_call_in_a_select_macro_arm_is_found() {
    let all = project("inhouse");
    let c = at(&all, "src/bot.rs", 19);
    assert_eq!(
        (c.sdk.as_str(), c.api.as_str(), c.kind),
        ("ollama-rs", "generate", CallKind::Direct)
    );
    assert_eq!(c.model_name(), Some("llama3.2:3b"));
    assert_eq!(
        prompt(c),
        "Retell this line as a pirate would say it: {line}"
    );
    assert_eq!(
        c.context.enclosing_function.as_deref(),
        Some("Narrator::run")
    );
}

#[test]
fn rust_wrapper_method_of_a_trait_impl_is_called_through_the_trait() {
    let all = project("inhouse");
    let inner = at(&all, "src/review.rs", 23);
    assert_eq!(inner.kind, CallKind::Inner);
    // the trait's default method calls `self.complete(..)`
    let c = at(&all, "src/review.rs", 9);
    assert_eq!(
        (c.sdk.as_str(), c.kind, c.api.as_str()),
        ("http-openai", CallKind::Wrapper, "Reviewer::complete")
    );
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(c),
        "Grade this school essay from A to F and give one reason.\n\n{essay}"
    );
    // a caller holding a `&dyn Reviewer`
    let c = at(&all, "src/review.rs", 33);
    assert_eq!(c.kind, CallKind::Wrapper);
    assert_eq!(
        prompt(c),
        "Write a newspaper headline for this article.\n\n{article}"
    );
    assert_eq!(
        all.len(),
        7,
        "{:?}",
        all.iter()
            .map(|(p, c)| format!("{p}:{}", c.span.line))
            .collect::<Vec<_>>()
    );
}

#[test]
fn rust_in_house_gateway_posting_to_an_endpoint_built_from_a_base_constant() {
    let all = project("gateway");
    // no vendor host, no chat words in the file: the path `{BASE}/chat` says Ollama's chat
    let inner = at(&all, "src/gateway.rs", 7);
    assert_eq!(
        (inner.sdk.as_str(), inner.kind),
        ("http-ollama", CallKind::Inner)
    );
    // the caller's own request, built from the wire types of another module
    let c = at(&all, "src/npc.rs", 22);
    assert_eq!((c.sdk.as_str(), c.kind), ("http-ollama", CallKind::Wrapper));
    assert_eq!(c.model_name(), Some("llama3.2"));
    assert_eq!(
        prompt(c),
        "You are the innkeeper of a quiet mountain village. Answer in two sentences.\n\nA traveller named {visitor} walks in."
    );
    // surf: `post(url).body_json(&req)?.recv_string()`, the body read past the `?`
    let inner = at(&all, "src/relay.rs", 4);
    assert_eq!(
        (inner.sdk.as_str(), inner.kind),
        ("http-openai", CallKind::Inner)
    );
    let c = at(&all, "src/npc.rs", 34);
    assert_eq!(
        (c.sdk.as_str(), c.kind, c.api.as_str()),
        ("http-openai", CallKind::Wrapper, "relay")
    );
    assert_eq!(c.model_name(), Some("mistral-small"));
    assert_eq!(
        prompt(c),
        "Tell the village children a riddle about the moon."
    );
}

#[test]
fn rust_mini_prompt_llm_chain_macros_and_builders_of_small_client_crates() {
    let all = project("crates");
    // mini-prompt: a provider caller's `simple_call`, the prompt in `indoc!`
    let c = at(&all, "src/minip.rs", 8);
    assert_eq!(
        (c.sdk.as_str(), c.api.as_str(), c.kind),
        ("mini-prompt", "simple_call", CallKind::Direct)
    );
    assert_eq!(
        prompt(c),
        "What is the boiling point of water at sea level in degrees Fahrenheit?\nAnswer with the number only.\n"
    );
    // llm-chain: `prompt!(system: ..)` / `prompt!(user: ..)` in a conversation chain
    let c = at(&all, "src/chain.rs", 9);
    assert_eq!((c.sdk.as_str(), c.kind), ("llm_chain", CallKind::Inner));
    assert_eq!(
        prompt(c),
        "You are a patient chemistry tutor for teenagers.\n\n{question}"
    );
    // a map-reduce chain sends both steps' prompts; `{{text}}` is the run-time input
    let c = at(&all, "src/chain.rs", 24);
    assert_eq!(c.kind, CallKind::Direct);
    let p = prompt(c);
    assert!(
        p.contains("List the three most important facts of this part:\n{text}")
            && p.contains("Merge these fact lists into one short timeline:\n{text}")
            && p.contains("You condense parts of long incident reports."),
        "{p}"
    );
    // a crate outside the catalog: a message built with a role, added by a
    // `add_*_message` builder, sent by a `chat_*` verb
    let c = at(&all, "src/lite.rs", 8);
    assert_eq!(
        (c.sdk.as_str(), c.api.as_str()),
        ("ollama_lite", "chat_stream")
    );
    assert_eq!(c.model_name(), Some("llama3.2:1b"));
    assert_eq!(prompt(c), "Which city is the capital of Canada?");
    // a `generate_*` verb, the prompt in `formatdoc!`
    let c = at(&all, "src/lite.rs", 19);
    assert_eq!(c.api, "generate_simple");
    assert_eq!(
        prompt(c),
        "Write a limerick about {topic}.\nKeep it gentle enough for a school newsletter.\n"
    );
    // the `openai` crate: `ChatCompletion::builder(model, messages)` sends itself with
    // `create()`; the messages are struct literals with an enum role
    let c = at(&all, "src/tutor.rs", 25);
    assert_eq!(
        (c.sdk.as_str(), c.api.as_str(), c.kind),
        ("openai-crate", "chat_completion.create", CallKind::Direct)
    );
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(c),
        "You are a patient German teacher.\n\nExplain when to use the word {word}."
    );
    assert_eq!(all.len(), 6);
}

#[test]
fn rust_crates_renamed_in_the_manifest_are_known_by_their_package() {
    let all = project("manifest");
    // `oai = { package = "async-openai" }`: `use oai::Client` is async-openai's client
    let c = at(&all, "src/main.rs", 17);
    assert_eq!(
        (c.sdk.as_str(), c.api.as_str(), c.kind),
        ("async-openai", "chat.create", CallKind::Direct)
    );
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(c),
        "Give the plural of the English noun '{word}'. Reply with one word."
    );
    // `brain = { package = "ollama-lite" }`: a client crate outside the catalog whose code
    // name says nothing
    let c = at(&all, "src/notes.rs", 4);
    assert_eq!((c.sdk.as_str(), c.api.as_str()), ("brain", "ask"));
    assert_eq!(
        prompt(c),
        "Suggest a title of at most five words for this note:\n{note}"
    );
    assert_eq!(all.len(), 2);
}

#[test]
fn rust_prompt_building_methods_of_this_file_and_of_another_module() {
    let all = project("prompters");
    let c = at(&all, "src/main.rs", 27);
    assert_eq!(
        (c.sdk.as_str(), c.api.as_str(), c.kind),
        ("async-openai", "completions.create", CallKind::Direct)
    );
    assert_eq!(c.model_name(), Some("gpt-3.5-turbo-instruct"));
    // `self.house_style()` (a method of this impl) and `self.prompts.substitute(x)` (a
    // method of a type of recipes.rs, reached through the field's declared type)
    assert_eq!(
        prompt(c),
        "Answer like a friendly market stall owner, in at most three sentences.\n\nSuggest one substitute for {ingredient} in {self.cuisine} cooking and say how much to use."
    );
    // a method that formats a record of run-time values stays a run-time input
    let c = at(&all, "src/main.rs", 43);
    assert_eq!(
        prompt(c),
        "Name one drink that goes well with this menu.\n{self.prompts.card()}"
    );
    assert_eq!(all.len(), 2);
}

#[test]
fn rust_wrapper_method_on_a_receiver_typed_in_another_module() {
    let all = project("inhouse");
    // `desk.reviewer.complete(..)`: `Desk` is declared in desk.rs, so nothing here types the
    // receiver; the instruction in the argument makes it the reviewer's wrapper
    let c = at(&all, "src/editor.rs", 14);
    assert_eq!(
        (c.sdk.as_str(), c.kind, c.api.as_str()),
        ("http-openai", CallKind::Wrapper, "HostedReviewer::complete")
    );
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    assert_eq!(
        prompt(c),
        "Write a two-sentence back-cover blurb for this book.\n\n{book}"
    );
    // `desk.tasks.complete(book)`: same name, a run-time value, not a call
    assert!(
        !all.iter()
            .any(|(p, c)| p == "src/editor.rs" && c.span.line == 18)
    );
}

#[test]
fn rust_client_of_an_enum_variant_and_a_prompt_re_exported_by_a_parent_module() {
    let all = project("providers");
    // `match self { Provider::Hosted(client) => client.agent(..) }`: the binding is the
    // variant's field, `openai::Client`
    let c = at(&all, "src/llm/provider.rs", 15);
    assert_eq!(
        (c.sdk.as_str(), c.api.as_str(), c.kind),
        ("rig", "agent.prompt", CallKind::Inner)
    );
    assert_eq!(c.model_name(), Some("gpt-4o-mini"));
    let c = at(&all, "src/llm/provider.rs", 19);
    assert_eq!(c.model_name(), Some("llama3.2"));
    // the caller passes `TRIAGE`, imported as `crate::llm::TRIAGE`: llm/mod.rs re-exports
    // it from llm/prompts.rs
    let c = at(&all, "src/desk.rs", 9);
    assert_eq!(
        (c.sdk.as_str(), c.kind, c.api.as_str()),
        ("rig", CallKind::Wrapper, "Provider::ask")
    );
    assert_eq!(
        prompt(c),
        "You sort help-desk tickets into hardware, software or access problems and explain the choice in one sentence.\n\n{ticket}"
    );
    assert_eq!(all.len(), 3);
}

#[test]
fn rust_client_crate_examples_call_their_own_crate_by_shape() {
    let all = project("selfcrate");
    let expect = |path: &str, line: u32, sdk: &str, model: Option<&str>, text: &str| {
        expect_direct(&all, (path, line), sdk, model, text)
    };
    // the package says it is an LLM client (manifest description) and its name does not:
    // an awaited `send` with a model name and a message is a call, the model is not the prompt
    expect(
        "examples/basic.rs",
        9,
        "parrot_talk",
        Some("parrot-mini-2"),
        "What is the capital of Peru?",
    );
    // a builder chain ending in an awaited `execute()`: one call, at the chain
    expect(
        "examples/basic.rs",
        18,
        "parrot_talk",
        None,
        "Write a short poem about a heron at dawn.",
    );
    // a request builder handed to `messages_create`, the name of a crate that says claude
    expect(
        "examples/bridge.rs",
        18,
        "claude_bridge",
        Some("claude-3-5-haiku-latest"),
        "How many vowels are in the word 'encyclopedia'?",
    );
    expect(
        "examples/bridge.rs",
        22,
        "claude_bridge",
        Some("claude-3-5-haiku-latest"),
        "You are terse.\n\nCalculate 10 - 3",
    );
    expect(
        "examples/blocks.rs",
        18,
        "claude_bridge",
        Some("Haiku35"),
        "Name three rivers in Europe.",
    );
    expect(
        "examples/blocks.rs",
        30,
        "claude_bridge",
        Some("Sonnet45"),
        "What is the capital of Ghana?",
    );
    assert!(at(&all, "examples/blocks.rs", 30).context.tools.is_empty());
    expect("examples/parts.rs", 14, "claude_bridge", None, "Say hi");
    // an unknown crate's object given a known model family's name
    expect(
        "examples/unknown_crate.rs",
        8,
        "quillkit",
        Some("gemini-2.5-flash"),
        "List three everyday uses of copper.",
    );
    // `ask_once` in a test; the client's key is not a model
    expect("tests/arith.rs", 6, "parrot_talk", None, "What is 17 + 25?");
    // tools attached in the function that built the client reach the call's context
    expect(
        "examples/tools.rs",
        16,
        "parrot_talk",
        None,
        "What is 7 * 8?",
    );
    assert_eq!(at(&all, "examples/tools.rs", 16).context.tools, ["tools"]);
    assert!(at(&all, "examples/basic.rs", 9).context.tools.is_empty());
    // tools handed to the send by a variable's name; the client's address is not a prompt
    expect(
        "examples/tools.rs",
        24,
        "parrot_talk",
        None,
        "What is 9 * 9?",
    );
    assert_eq!(at(&all, "examples/tools.rs", 24).context.tools, ["tools"]);
    // a function of the client crate that sends; one that opens a session for a send
    expect(
        "examples/free.rs",
        7,
        "claude_bridge",
        None,
        "What is the capital of Kenya?",
    );
    expect(
        "examples/free.rs",
        11,
        "claude_bridge",
        Some("claude-3-5-haiku-latest"),
        "Write a haiku about autumn rain.",
    );
    // the crate's own prompt builder is read through the function that sends its text
    expect(
        "examples/free.rs",
        20,
        "parrot_talk",
        None,
        "Summarise these meeting notes in three bullet points:\n{notes}",
    );
    // message macros with a field label
    expect(
        "examples/macros.rs",
        11,
        "claude_bridge",
        Some("claude-3-5-haiku-latest"),
        "You answer with one word.\n\nWhich planet of the solar system is the largest?",
    );
    expect(
        "examples/macros.rs",
        16,
        "claude_bridge",
        None,
        "How many days are in a leap year?",
    );
    // awaited steps that send no prompt: connecting, renaming a session with a label,
    // listing models, counting tokens, a local tool evaluating an expression, a semantic
    // router built on an embedder, a tool run directly, a speech model; and no call
    // inside the crate's own source
    let lines: Vec<(String, u32)> = all.iter().map(|(p, c)| (p.clone(), c.span.line)).collect();
    let want: Vec<(String, u32)> = [
        ("examples/basic.rs", 9),
        ("examples/basic.rs", 18),
        ("examples/blocks.rs", 18),
        ("examples/blocks.rs", 30),
        ("examples/bridge.rs", 18),
        ("examples/bridge.rs", 22),
        ("examples/free.rs", 7),
        ("examples/free.rs", 11),
        ("examples/free.rs", 20),
        ("examples/macros.rs", 11),
        ("examples/parts.rs", 14),
        ("examples/unknown_crate.rs", 8),
        ("examples/macros.rs", 16),
        ("examples/tools.rs", 16),
        ("examples/tools.rs", 24),
        ("tests/arith.rs", 6),
    ]
    .map(|(p, l)| (p.to_string(), l))
    .to_vec();
    let (mut lines, mut want) = (lines, want);
    lines.sort();
    want.sort();
    assert_eq!(lines, want, "only the sends are calls");
}

#[test]
fn a_package_whose_source_posts_to_an_llm_api_is_an_llm_crate() {
    let all = project("apiclient");
    // nothing in quill's manifest says LLM; its source posts to a chat endpoint, so its
    // objects are LLM objects to its examples
    expect_direct(
        &all,
        ("examples/product.rs", 7),
        "quill",
        Some("mistral-large-latest"),
        "What is 17 multiplied by 23? Reply with the number only.",
    );
    // a value one of its other methods returns, printed into the prompt, is run-time input
    expect_direct(
        &all,
        ("examples/product.rs", 13),
        "quill",
        Some("mistral-large-latest"),
        "Write a product blurb for a kettle in this style: {style}",
    );
    // the crate only uses an LLM API (nothing says it is a client): its awaited methods
    // count only when named for sending, not `journal.record(..)`
    assert!(
        all.iter()
            .all(|(p, c)| !(p == "examples/product.rs" && c.span.line == 20)),
        "an awaited method named for nothing it sends is not a call"
    );
    // a test double of the same crate answers from its script
    assert!(
        all.iter().all(|(p, _)| p != "tests/mocked.rs"),
        "the mock is not an LLM call"
    );
    // the app depending on an SDK: its own call is found as before
    let c = at(&all, "app/src/notes.rs", 22);
    assert_eq!(c.sdk, "async-openai");
    assert_eq!(all.len(), 4, "{all:#?}");
}

#[test]
fn a_post_of_a_body_typed_as_a_chat_request_is_an_llm_call() {
    let all = project("handrolled");
    // the endpoint comes from configuration and the body is a parameter, but its type is
    // declared with a model and messages: the function is a wrapper
    let inner = at(&all, "src/gateway.rs", 24);
    assert_eq!(inner.kind, CallKind::Inner);
    assert_eq!(inner.sdk, "http-openai");
    let c = at(&all, "src/main.rs", 25);
    assert_eq!(c.kind, CallKind::Wrapper);
    assert_eq!(c.model_name(), Some("gpt-4.1-mini"));
    assert_eq!(
        prompt(c),
        "Sort the ticket into billing, outage or other. One word.\n\n{ticket}"
    );
    assert_eq!(all.len(), 2, "{all:#?}");
}
