//! The language-neutral call-site model: what the front-ends produce and the rules read.
//!
//! Rules never see syntax trees; front-ends never decide tasks. Everything that crosses
//! the middle of the pipeline is in this file.

use serde::Serialize;

/// A region of one source file.
///
/// `start`/`end` are byte offsets into the file text (end exclusive). `line`/`column` and
/// `end_line`/`end_column` are 1-based; columns count Unicode scalar values (characters),
/// as ruff does. `end_column` points one past the last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Span {
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    Rust,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Rust => "rust",
        }
    }
}

/// One piece of a recovered prompt: literal text, or a named hole whose value is only
/// known at run time (`{text}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Segment {
    Text {
        text: String,
        /// Where the literal text came from (it may be a constant defined elsewhere in the
        /// file). `None` when it was synthesised or came from another file.
        span: Option<Span>,
    },
    Hole {
        /// What the hole is called in the rendered prompt: the expression's source text,
        /// or the parameter / variable name (`text`, `row["name"]`, `self.body`).
        name: String,
        span: Option<Span>,
    },
}

/// One message of a chat prompt, in order. Plain-completion prompts are one message with
/// `role: None`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Message {
    /// `system`, `user`, `assistant`, `developer`, `tool`, or `None` when not stated.
    pub role: Option<String>,
    pub segments: Vec<Segment>,
}

impl Message {
    pub fn text(&self) -> String {
        render_segments(&self.segments)
    }
}

/// The prompt as far as static analysis recovered it.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Prompt {
    pub messages: Vec<Message>,
    /// True when every part of the prompt was recovered (holes for run-time values are
    /// fine: they are named). False when some part could not be followed, e.g. a message
    /// list built elsewhere, or a prompt that is itself a parameter of the enclosing
    /// function.
    pub complete: bool,
}

impl Prompt {
    pub fn is_empty(&self) -> bool {
        self.messages.iter().all(|m| m.segments.is_empty())
    }

    /// The prompt as one string: messages joined by a blank line, holes as `{name}`.
    /// Returns `None` when nothing at all was recovered.
    pub fn render(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .messages
            .iter()
            .filter(|m| !m.segments.is_empty())
            .map(|m| m.text())
            .collect();
        Some(parts.join("\n\n"))
    }

    /// Literal text only (holes dropped), useful for classification.
    pub fn literal_text(&self) -> String {
        let mut out = String::new();
        for m in &self.messages {
            for s in &m.segments {
                if let Segment::Text { text, .. } = s {
                    out.push_str(text);
                }
            }
            out.push('\n');
        }
        out
    }

    pub fn holes(&self) -> impl Iterator<Item = (&str, Option<Span>)> {
        self.messages.iter().flat_map(|m| {
            m.segments.iter().filter_map(|s| match s {
                Segment::Hole { name, span } => Some((name.as_str(), *span)),
                Segment::Text { .. } => None,
            })
        })
    }
}

pub fn render_segments(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Text { text, .. } => out.push_str(text),
            Segment::Hole { name, .. } => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
    }
    out
}

/// How the call site relates to wrappers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CallKind {
    /// An SDK or HTTP call whose prompt does not come from a parameter of the enclosing
    /// function.
    Direct,
    /// A call of a user function that itself makes an LLM call with a parameter in the
    /// prompt; the prompt is resolved at this call site.
    Wrapper,
    /// The SDK call inside such a wrapper: its prompt is (partly) a parameter.
    Inner,
}

/// Where the call runs, as far as the code shows it; each may multiply its cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Multiplier {
    /// `for` / `while` / `loop` body.
    Loop,
    /// List / set / dict comprehension or generator expression, `.map(lambda ..)`,
    /// `df.apply`, Rust iterator adaptors (`.map(|x| ..)`).
    Comprehension,
    /// `asyncio.gather`, `pool.map`, `executor.map`, `join_all`, `buffer_unordered`.
    Concurrent,
    /// A web request handler (FastAPI / Flask / Django views, axum / actix handlers).
    Handler,
    /// Under a retry decorator or retry loop (`tenacity.retry`, `backoff.on_exception`).
    Retry,
}

/// How the code reads the model's answer, where that is visible.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ResponseUse {
    /// Compared with a constant: `== "yes"`, `in ("true", "yes")`, `.starts_with("yes")`.
    ComparedTo {
        value: String,
    },
    /// `.strip()` / `.trim()` / `.lower()` / `.to_lowercase()` normalisation before use.
    Normalised,
    ParsedJson,
    ParsedInt,
    ParsedFloat,
    ParsedBool,
    ParsedDate,
    /// `.split(..)` / `.splitlines()` / `.lines()`: read as a list.
    SplitList,
    /// `json.loads(answer)["email"]` / `serde_json::from_str::<Value>(..)?["email"]`: parsed
    /// as JSON and then one field read.
    JsonField {
        key: String,
    },
    /// Parsed into a typed record (`Model.model_validate_json(answer)`,
    /// `serde_json::from_str::<T>(&answer)`) whose definition was found.
    ParsedInto {
        schema: OutputSchema,
    },
}

/// A record type the answer is asked for or parsed into (a Pydantic model, a dataclass, a
/// serde struct), as far as its definition was found in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct OutputSchema {
    /// The type's name (`PhoneNumber`, `Verdict`).
    pub name: String,
    pub fields: Vec<SchemaField>,
}

/// One field of an [`OutputSchema`].
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SchemaField {
    pub name: String,
    /// The annotation / type as written (`EmailStr`, `Optional[str]`, `Option<String>`,
    /// `bool`, `Literal["yes", "no"]`), or the enum's name.
    pub ty: String,
    /// The closed set of values when the type is a `Literal[..]` or an enum defined in the
    /// file (its member values or names); empty otherwise.
    pub choices: Vec<String>,
}

/// Where the answer text is read from the response object, so that a fix can replace the
/// call-and-read chain by one helper call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerRead {
    /// The expression whose value is the answer string, e.g.
    /// `client.chat.completions.create(..).choices[0].message.content` or, when the
    /// response was bound to a name first, `resp.choices[0].message.content`.
    pub span: Span,
    /// When the call's result was first bound (`resp = client...create(..)`,
    /// `let resp = ...;`): the whole binding statement, which a fix removes.
    pub binding_statement: Option<Span>,
    /// The outermost expression around `span` that still only post-processes the answer
    /// (`.strip().lower() == "yes"`, `json.loads(..)`, `int(..)`), and what it does.
    pub outer: Option<Span>,
}

/// Context signals around the call for the next stages.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Context {
    /// Name of the enclosing function (`Class.method` for methods, `module-level` is None).
    pub enclosing_function: Option<String>,
    /// Span of the whole enclosing function definition (where a helper goes beside it).
    pub enclosing_function_span: Option<Span>,
    /// Innermost first; empty when none visible.
    pub multipliers: Vec<Multiplier>,
    pub response_uses: Vec<ResponseUse>,
    /// The chain that reads the answer text, when recognised.
    pub answer: Option<AnswerRead>,
    /// True when the call is awaited / async.
    pub is_async: bool,
    /// True when the call streams its answer (`stream=True`, `messages.stream`, `create_stream`).
    pub streaming: bool,
    /// The structured-output type the call asks for (`response_format=Model`,
    /// `response_model=Model`, `.with_structured_output(Model)`), when its definition was
    /// found in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_schema: Option<OutputSchema>,
    /// What the call hands the model to act with, when visible: `tools`, `functions`,
    /// `web_search_options`... (the argument names). Empty when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<String>,
}

/// A literal value of a call argument recovered by the front-end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Valued<T> {
    pub value: T,
    pub span: Option<Span>,
}

/// One LLM call site, as the front-ends report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallSite {
    /// Path as given to / found by the walker (the renderer relativises it).
    pub path: String,
    pub language: Language,
    /// The whole call expression: for a method chain from its receiver to the closing
    /// parenthesis; for a wrapper call, the wrapper call.
    pub span: Span,
    /// The called name (`create` in `client.chat.completions.create(..)`, `ask` in `ask(..)`).
    pub callee_span: Span,
    pub kind: CallKind,
    /// Catalog SDK id: `openai`, `anthropic`, `langchain`, `async-openai`, `http-openai`, ...
    pub sdk: String,
    /// The API called, in the catalog's words: `chat.completions.create`, `messages.create`,
    /// `invoke`, `exec_chat`; for a wrapper call, the wrapper's qualified name.
    pub api: String,
    /// Model string when recovered from a literal or constant, never guessed.
    pub model: Option<Valued<String>>,
    /// Provider hint from the client construction (`groq`, `azure`, `bedrock`, `ollama`,
    /// a literal `base_url` host...), when visible.
    pub provider: Option<String>,
    pub base_url: Option<String>,
    pub prompt: Prompt,
    /// Where the prompt argument (or messages list) is in the source.
    pub prompt_span: Option<Span>,
    pub max_tokens: Option<Valued<u64>>,
    pub temperature: Option<Valued<f64>>,
    /// For JSON-mode / structured output requests (`response_format`, `.parse(..)`,
    /// `extractor::<T>`): the format asked for.
    pub response_format: Option<String>,
    pub context: Context,
    /// For wrapper calls: the qualified name of the wrapper function.
    pub wrapper: Option<String>,
    /// When the prompt is picked from a table at run time (`PROMPTS[kind]`, a `match` on an
    /// enum): every prompt the site can send, the table's hole filled with each entry.
    /// Empty otherwise.
    pub variants: Vec<Prompt>,
}

impl CallSite {
    pub fn model_name(&self) -> Option<&str> {
        self.model.as_ref().map(|m| m.value.as_str())
    }
}

/// The task a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Task {
    Regex,
    Lookup,
    Validation,
    Transform,
    Generative,
    Unknown,
}

impl Task {
    pub fn as_str(self) -> &'static str {
        match self {
            Task::Regex => "regex",
            Task::Lookup => "lookup",
            Task::Validation => "validation",
            Task::Transform => "transform",
            Task::Generative => "generative",
            Task::Unknown => "unknown",
        }
    }
    /// Deterministic tasks are the ones llmlint flags.
    pub fn is_deterministic(self) -> bool {
        matches!(
            self,
            Task::Regex | Task::Lookup | Task::Validation | Task::Transform
        )
    }
}
