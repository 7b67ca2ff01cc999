//! Tokens: the recovered prompt counted with tiktoken (o200k for current OpenAI models,
//! cl100k for older ones and as the approximation for every other provider), chat framing,
//! holes, and the output-token defaults per subtype.

use std::sync::OnceLock;

use llmlint_rules::{Prompt, ResponseUse, Segment, Task};
use tiktoken_rs::CoreBPE;

/// Tokens OpenAI documents per chat message (`<|start|>{role}\n ... <|end|>`).
pub const TOKENS_PER_MESSAGE: u64 = 3;
/// Tokens OpenAI documents for priming the reply (`<|start|>assistant<|message|>`).
pub const TOKENS_REPLY_PRIMING: u64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    O200kBase,
    Cl100kBase,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::O200kBase => "o200k_base",
            Encoding::Cl100kBase => "cl100k_base",
        }
    }
}

static O200K: OnceLock<Option<CoreBPE>> = OnceLock::new();
static CL100K: OnceLock<Option<CoreBPE>> = OnceLock::new();

/// The encoder, loaded on first use only (a few tens of ms), once per process.
fn bpe(enc: Encoding) -> Option<&'static CoreBPE> {
    match enc {
        Encoding::O200kBase => O200K.get_or_init(|| tiktoken_rs::o200k_base().ok()),
        Encoding::Cl100kBase => CL100K.get_or_init(|| tiktoken_rs::cl100k_base().ok()),
    }
    .as_ref()
}

/// Number of tokens of `text`. Special-token text (`<|endoftext|>`) is counted as
/// ordinary text, as the API does for user content.
pub fn count(enc: Encoding, text: &str) -> u64 {
    if text.is_empty() {
        return 0;
    }
    match bpe(enc) {
        Some(b) => b.encode_ordinary(text).len() as u64,
        // The vocabularies are compiled in; if one ever fails to load, fall back to the
        // usual four characters per token rather than fail.
        None => (text.chars().count() as u64).div_ceil(4),
    }
}

/// The encoding for a model, and whether the count is only an approximation (any model
/// that is not an OpenAI model is counted with cl100k and marked approximate).
pub fn encoding_for(model: &str) -> (Encoding, bool) {
    let m = model.to_ascii_lowercase();
    let m = m.rsplit('/').next().unwrap_or(&m);
    let m = m.strip_prefix("ft:").unwrap_or(m);
    let m = m.strip_prefix("openai.").unwrap_or(m);
    let is_o200k = m.starts_with("gpt-4o")
        || m.starts_with("gpt-4.1")
        || m.starts_with("gpt-4.5")
        || m.starts_with("gpt-5")
        || m.starts_with("gpt-6")
        || m.starts_with("gpt-oss")
        || m.starts_with("chatgpt-4o")
        || ["o1", "o3", "o4"]
            .iter()
            .any(|p| m == *p || m.starts_with(&format!("{p}-")));
    let is_cl100k = m.starts_with("gpt-4")
        || m.starts_with("gpt-3.5")
        || m.starts_with("gpt-35")
        || m.starts_with("text-embedding");
    let openai_model = is_o200k || is_cl100k;
    let enc = if is_o200k {
        Encoding::O200kBase
    } else {
        Encoding::Cl100kBase
    };
    (enc, !openai_model)
}

/// Input-token count of a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PromptTokens {
    /// Tokens of the literal text.
    pub literal: u64,
    /// Chat framing: per message, plus the reply priming.
    pub framing: u64,
    /// Holes (run-time values), plus one for a prompt part that was not recovered.
    pub holes: u64,
    pub messages: u64,
    /// True when nothing at all of the prompt was recovered.
    pub unrecovered: bool,
}

impl PromptTokens {
    /// Tokens with every hole empty.
    pub fn known(&self) -> u64 {
        self.literal + self.framing
    }
    /// Tokens with every hole at `hole_tokens`.
    pub fn with_holes(&self, hole_tokens: u64) -> u64 {
        self.known() + self.holes * hole_tokens
    }
}

/// Counts a prompt: each message's literal text, `TOKENS_PER_MESSAGE` per message (a
/// plain prompt is sent as one user message), `TOKENS_REPLY_PRIMING` once. Each hole
/// counts once; a prompt that was only partly recovered gets one more hole for the part
/// that could not be followed; an unrecovered prompt is one hole.
pub fn count_prompt(prompt: &Prompt, enc: Encoding) -> PromptTokens {
    let mut t = PromptTokens::default();
    for m in &prompt.messages {
        if m.segments.is_empty() {
            continue;
        }
        t.messages += 1;
        let mut text = String::new();
        for s in &m.segments {
            match s {
                Segment::Text { text: x, .. } => text.push_str(x),
                Segment::Hole { .. } => t.holes += 1,
            }
        }
        t.literal += count(enc, &text);
    }
    if t.messages == 0 {
        t.unrecovered = true;
        t.messages = 1;
        t.holes = 1;
    } else if !prompt.complete {
        t.holes += 1;
    }
    t.framing = t.messages * TOKENS_PER_MESSAGE + TOKENS_REPLY_PRIMING;
    t
}

/// What kind of answer a call asks for, for the output-token default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerShape {
    YesNo,
    SingleValue,
    Date,
    List,
    /// As long as the input it transforms.
    SameAsInput,
    Generative,
}

impl AnswerShape {
    pub fn describe(self) -> &'static str {
        match self {
            AnswerShape::YesNo => "yes/no answer",
            AnswerShape::SingleValue => "single value or code",
            AnswerShape::Date => "date",
            AnswerShape::List => "short list of items",
            AnswerShape::SameAsInput => "transform of the input (as long as the input)",
            AnswerShape::Generative => "generated text",
        }
    }
    /// Default output tokens; `input_hole_tokens` is what the holes carry (the text a
    /// transform rewrites).
    pub fn default_tokens(self, input_hole_tokens: u64) -> u64 {
        match self {
            AnswerShape::YesNo => 2,
            AnswerShape::SingleValue => 5,
            AnswerShape::Date => 10,
            AnswerShape::List => 30,
            AnswerShape::SameAsInput => input_hole_tokens.max(5),
            AnswerShape::Generative => 300,
        }
    }
}

/// The answer shape of a subtype of the shared subtype table.
pub fn shape_of_subtype(subtype: &str) -> Option<AnswerShape> {
    use AnswerShape::*;
    Some(match subtype {
        "extract-dates" | "reformat-date" | "current-date" => Date,
        "contains-text" => YesNo,
        s if s.starts_with("validate-") => YesNo,
        s if s.starts_with("extract-json-field") => SingleValue,
        s if s.starts_with("extract-") => List,
        "format-phone" | "count" | "arithmetic" | "unit-conversion" => SingleValue,
        "change-case" | "trim-whitespace" | "slugify" | "convert-csv-json" | "sort-items"
        | "dedupe-items" | "sort-json-keys" | "markdown-to-html" => SameAsInput,
        "inline-mapping" | "country-code" | "country-capital" | "country-reference"
        | "http-status" | "currency-reference" | "language-code" | "us-state-code"
        | "mime-type" | "weekday-name" => SingleValue,
        _ => return None,
    })
}

/// The answer shape for a call: its subtype, else how the code reads the answer, else
/// its task.
pub fn answer_shape(task: Task, subtype: Option<&str>, uses: &[ResponseUse]) -> AnswerShape {
    if let Some(s) = subtype.and_then(shape_of_subtype) {
        return s;
    }
    for u in uses {
        match u {
            ResponseUse::ComparedTo { .. } | ResponseUse::ParsedBool => {
                return AnswerShape::YesNo;
            }
            ResponseUse::ParsedInt | ResponseUse::ParsedFloat => return AnswerShape::SingleValue,
            ResponseUse::ParsedDate => return AnswerShape::Date,
            _ => {}
        }
    }
    match task {
        Task::Validation => AnswerShape::YesNo,
        Task::Lookup => AnswerShape::SingleValue,
        Task::Regex => AnswerShape::List,
        Task::Transform => AnswerShape::SameAsInput,
        Task::Generative | Task::Unknown => AnswerShape::Generative,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(encoding_for("gpt-4o-mini"), (Encoding::O200kBase, false));
        assert_eq!(
            encoding_for("gpt-4o-2024-08-06"),
            (Encoding::O200kBase, false)
        );
        assert_eq!(encoding_for("o3-mini"), (Encoding::O200kBase, false));
        assert_eq!(encoding_for("o1"), (Encoding::O200kBase, false));
        assert_eq!(encoding_for("gpt-5"), (Encoding::O200kBase, false));
        assert_eq!(encoding_for("gpt-4"), (Encoding::Cl100kBase, false));
        assert_eq!(encoding_for("gpt-3.5-turbo"), (Encoding::Cl100kBase, false));
        assert_eq!(
            encoding_for("claude-3-5-haiku-latest"),
            (Encoding::Cl100kBase, true)
        );
        assert_eq!(
            encoding_for("openai/gpt-4o-mini"),
            (Encoding::O200kBase, false)
        );
        assert!(encoding_for("omni-model").1);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape_of_subtype("validate-json"), Some(AnswerShape::YesNo));
        assert_eq!(shape_of_subtype("extract-emails"), Some(AnswerShape::List));
        assert_eq!(shape_of_subtype("extract-dates"), Some(AnswerShape::Date));
        assert_eq!(
            shape_of_subtype("country-code"),
            Some(AnswerShape::SingleValue)
        );
        assert_eq!(shape_of_subtype("slugify"), Some(AnswerShape::SameAsInput));
        assert_eq!(
            answer_shape(
                Task::Generative,
                None,
                &[ResponseUse::ComparedTo {
                    value: "yes".into()
                }]
            ),
            AnswerShape::YesNo
        );
        assert_eq!(
            answer_shape(Task::Generative, None, &[]),
            AnswerShape::Generative
        );
        assert_eq!(AnswerShape::SameAsInput.default_tokens(120), 120);
    }
}
