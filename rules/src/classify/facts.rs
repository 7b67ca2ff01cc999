//! The prompt, normalised once for every detector.

use regex::Regex;

use super::Evidence;
use super::lexicon;
use crate::model::{CallSite, Segment};

/// What every detector reads: the prompt's text in a few normalised forms, its holes, and
/// the generic signals computed once.
#[derive(Debug, Clone)]
pub struct PromptFacts<'a> {
    pub call: &'a CallSite,
    /// Lower case, straight quotes, single spaces, holes rendered `{input}`; messages
    /// joined by a newline.
    pub text: String,
    /// The same in the original case (for formats, quoted literals, tables).
    pub raw: String,
    /// Hole names, lower case.
    pub holes: Vec<String>,
    /// Letters of literal text (holes excluded).
    literal_letters: usize,
    generative: Vec<Evidence>,
}

/// How a run-time input (a hole) reads in the prompt text the detectors see.
pub const HOLE: &str = "{input}";

static PROHIBITION: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    lexicon::re(
        r"^(?:[-*•]\s*|\d+[.)]\s*)?(?:never|do\s+not|don't|dont|must\s+not|should\s+not|avoid|no\s+need\s+to|nunca|no\s+(?:inventes|agregues|expliques)|ne\s+(?:jamais|pas)|niemals|keine?n?\s)\b",
    )
});
const MAX_PROMPT_BYTES: usize = 32 * 1024;

/// A line that carries on the sentence above it (a conjunction, a relative or a participle).
static PERSONA_GOES_ON: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    lexicon::re(
        r"^(?:and|or|with|who|that|which|whose|specializ\w+|specialis\w+|skilled|experienced|known|focused|capable|trained|[a-z]+ing)\b",
    )
});

/// How much a language-work signal in a persona sentence ("You are an expert recruiter who
/// analyses résumés and identifies skills") counts against the instruction that follows: the
/// role describes who answers, the instruction what is asked.
const PERSONA_WEIGHT: f64 = 0.5;

impl<'a> PromptFacts<'a> {
    pub fn new(call: &'a CallSite) -> Self {
        let mut raw = String::new();
        let mut holes = Vec::new();
        let mut literal_letters = 0;
        for m in &call.prompt.messages {
            if m.segments.is_empty() {
                continue;
            }
            if !raw.is_empty() {
                raw.push('\n');
            }
            for s in &m.segments {
                match s {
                    Segment::Text { text, .. } => {
                        literal_letters += text.chars().filter(|c| c.is_alphabetic()).count();
                        raw.push_str(text);
                    }
                    Segment::Hole { name, .. } => {
                        holes.push(name.to_lowercase());
                        raw.push_str(HOLE);
                    }
                }
            }
        }
        // Instructions sit in the first few thousand characters; a huge literal (an inlined
        // document) only costs time.
        if raw.len() > MAX_PROMPT_BYTES {
            let mut cut = MAX_PROMPT_BYTES;
            while !raw.is_char_boundary(cut) {
                cut -= 1;
            }
            raw.truncate(cut);
        }
        let raw = normalise(&raw);
        let text = raw.to_lowercase();
        let work_text = lexicon::NEGATED_WORK.replace_all(&text, " ");
        // A quoted literal searched for ("contains the word \"urgent\"") and a field named
        // as the key of a mapping ("the priority label") are not requests for judgement.
        let work_text = lexicon::QUOTED_LITERAL.replace_all(&work_text, " ");
        let work_text = lexicon::FIELD_NAME.replace_all(&work_text, " ");
        let work_text = lexicon::NOT_JUDGEMENT.replace_all(&work_text, " ");
        let work_text = lexicon::TIE_BREAK.replace_all(&work_text, " ");
        let work_text = lexicon::EMPHASIS.replace_all(&work_text, " ").into_owned();
        // A persona sentence ("You are a friendly log analysis assistant.") says less about
        // the task than the instruction itself: its signals count less (PERSONA_WEIGHT).
        let (mut task_text, mut persona) = (String::new(), String::new());
        // A persona sentence wrapped onto the next line ("You are an expert recruiter with
        // 10 years of experience analysing resumes\nand identifying skills.") goes on there.
        let mut persona_open = false;
        for s in split_sentences(&work_text) {
            // A prohibition ("Never create emails from names.", "Do not summarise.") does not
            // ask for the work it names.
            if PROHIBITION.is_match(s) {
                continue;
            }
            let starts_persona =
                s.starts_with("you are") || s.starts_with("you're") || s.starts_with("act as");
            let continues = persona_open && PERSONA_GOES_ON.is_match(s);
            persona_open = (starts_persona || continues)
                && !s
                    .trim_end()
                    .ends_with(['.', '!', '?', ':', '。', '！', '？']);
            let target = if starts_persona || continues {
                &mut persona
            } else {
                &mut task_text
            };
            target.push_str(s);
            target.push('\n');
        }
        let mut generative = Vec::new();
        for (re, what, weight) in lexicon::GENERATIVE.iter() {
            if re.is_match(&task_text) {
                generative.push(Evidence::new(*what, *weight));
            } else if re.is_match(&persona) {
                generative.push(Evidence::new(
                    format!("{what} (persona)"),
                    *weight * PERSONA_WEIGHT,
                ));
            }
        }
        if let Some(why) = live_data(&task_text) {
            generative.push(Evidence::new(why, 0.7));
        }
        PromptFacts {
            call,
            text,
            raw,
            holes,
            literal_letters,
            generative,
        }
    }

    /// True when some instruction text was recovered (not only holes).
    pub fn has_instruction(&self) -> bool {
        self.literal_letters >= 6
            || (self.literal_letters >= 2 && has_cjk(&self.text))
            || self.text.lines().any(|l| {
                lexicon::ARITH_EXPR
                    .find(l)
                    .is_some_and(|m| lexicon::is_arithmetic(m.as_str()))
            })
    }

    /// Signals of genuine language work, strongest first; each later signal counts half
    /// as much as the previous one (they overlap).
    pub fn generative_evidence(&self) -> Vec<Evidence> {
        let mut v = self.generative.clone();
        v.sort_by(|a, b| {
            b.weight
                .partial_cmp(&a.weight)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut factor = 1.0;
        for e in &mut v {
            e.weight *= factor;
            factor *= 0.5;
        }
        v
    }

    pub fn has(&self, re: &Regex) -> bool {
        re.is_match(&self.text)
    }

    /// The sentences (clauses ending in `.`, `?`, `!`, `。`, a newline...) of the text,
    /// greetings left out.
    pub fn sentences(&self) -> Vec<&str> {
        split_sentences(&self.text)
            .into_iter()
            .map(|s| match lexicon::GREETING.find(s) {
                Some(m) => &s[m.end()..],
                None => s,
            })
            .filter(|s| !s.trim().is_empty())
            .collect()
    }

    /// A role sentence that asks for nothing ("You are a helpful assistant.", "Eres un
    /// asistente virtual", "你是一个AI助手"): it says who answers, not what is asked, so a
    /// one-question detector can look past it.
    pub fn plain_persona(s: &str) -> bool {
        let lower = s.to_lowercase();
        lexicon::PERSONA_OPEN.is_match(&lower)
            && lower.split_whitespace().count() <= 12
            && lower.chars().count() <= 90
            && !lexicon::GENERATIVE
                .iter()
                .any(|(re, ..)| re.is_match(&lower))
    }

    /// The prompt is one short question (the sentences `is_question` accepts) and nothing
    /// else but rules on the answer ("Answer with the city name only."), greetings and role
    /// sentences that ask for nothing.
    pub fn only_asks(&self, is_question: impl Fn(&str) -> bool) -> bool {
        let sentences = self.sentences();
        let persona: usize = sentences
            .iter()
            .filter(|s| PromptFacts::plain_persona(s))
            .map(|s| s.chars().count())
            .sum();
        sentences.iter().any(|s| is_question(s))
            && sentences
                .iter()
                .filter(|s| !is_question(s) && !PromptFacts::plain_persona(s))
                .all(|s| lexicon::ANSWER_RULE.is_match(s) || super::concepts::ONLY.is_match(s))
            && self.text.chars().count() <= 240 + persona
    }

    /// `Some("yes/no")` or `Some("true/false")` when the prompt constrains the answer so.
    pub fn bool_answer(&self) -> Option<&'static str> {
        if self.has(&lexicon::YES_NO) {
            Some("yes/no")
        } else if self.has(&lexicon::TRUE_FALSE) {
            Some("true/false")
        } else {
            None
        }
    }

    /// The prompt asks for the bare value ("only the code", "nothing else").
    pub fn terse_output(&self) -> bool {
        self.has(&lexicon::TERSE)
    }

    /// Every hole's name says it holds a whole document (`{text}`, `{email_body}`).
    pub fn only_long_inputs(&self) -> bool {
        !self.holes.is_empty()
            && self
                .holes
                .iter()
                .all(|h| lexicon::LONG_INPUT_NAME.is_match(&pad(h)) && !self.short_hole(h))
    }

    /// A hole whose name says it holds instructions (`{SYSTEM_PROMPT}`, `{guidelines}`,
    /// `{INSTRUCTIONS.replace(..)}`, `{extraction_prompt}`): the prompt's main task may sit
    /// there, and it was not recovered. Returns the hole's name as written. A bare
    /// `{prompt}` or `{user_prompt}` usually holds the user's input, so it is not one.
    pub fn instruction_hole(&self) -> Option<&str> {
        self.call
            .prompt
            .messages
            .iter()
            .flat_map(|m| &m.segments)
            .find_map(|s| match s {
                Segment::Hole { name, .. } if is_instruction_name(name) => Some(name.as_str()),
                _ => None,
            })
    }

    /// Some hole's name says it holds one short field (`{country}`, `{plan_name}`).
    pub fn has_short_input(&self) -> bool {
        self.holes.iter().any(|h| self.short_hole(h))
    }

    /// The hole's name says it holds a whole document.
    pub fn is_long_hole(&self, h: &str) -> bool {
        lexicon::LONG_INPUT_NAME.is_match(&pad(h)) && !self.short_hole(h)
    }

    fn short_hole(&self, h: &str) -> bool {
        lexicon::SHORT_INPUT_NAME.is_match(&pad(h))
    }

    /// Literal strings quoted in the prompt (`"refund"`, `'ORD-123'`, backticks), original case.
    pub fn quoted(&self) -> Vec<String> {
        static Q: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
            lexicon::re(
                r#""([^"\n]{1,60})"|'([^'\n]{1,60})'|`([^`\n]{1,60})`|«\s*([^»\n]{1,60}?)\s*»|「([^」\n]{1,60})」|“([^”\n]{1,60})”"#,
            )
        });
        Q.captures_iter(&self.raw)
            .filter_map(|c| {
                (1..=6)
                    .find_map(|i| c.get(i))
                    .map(|m| m.as_str().to_string())
            })
            .filter(|s| s != HOLE)
            .collect()
    }
}

/// A question about live data: weather, news, rates, or a price asked as a question (with
/// "current" / "today", or a question word) rather than read from a given text.
fn live_data(text: &str) -> Option<String> {
    use super::concepts::{ASK, EXTRACT, LIVE_DATA, PRICE, TODAY};
    // A source text named in the sentence: the value is read from it, not looked up live.
    static FROM_TEXT: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        lexicon::re(
            r"\b(?:from|in|within|on|of)\s+(?:the|this|these|that|each|a|an|my|our)\s+(?:following\s+|given\s+|attached\s+)?(?:\w+\s+)?(?:text|document|receipt|invoice|report|page|message|email|article|transcript|table|list|data|html|pdf|image|file|order|cart|menu|catalog|spreadsheet|csv|json)s?\b|\b(?:from|in)\s+\{input\}|\b(?:below|above|following|given|provided)\b",
        )
    });
    for s in split_sentences(text) {
        if FROM_TEXT.is_match(s) {
            continue;
        }
        if let Some(m) = LIVE_DATA.find(s) {
            return Some(format!("asks for live data (\"{}\")", m.as_str().trim()));
        }
        if let Some(m) = PRICE.find(s)
            && (TODAY.is_match(s) || ASK.is_match(s))
            && !EXTRACT.is_match(s)
        {
            return Some(format!("asks for a live price (\"{}\")", m.as_str().trim()));
        }
    }
    None
}

/// The hole's name padded with spaces for the name lists, subscripts and calls spaced out
/// (`cleaned_text[:10000]`, `row["body"]`, `text.strip()` read as their names).
fn pad(h: &str) -> String {
    let spaced: String = h
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '.' {
                c
            } else {
                ' '
            }
        })
        .collect();
    format!(" {spaced} ")
}

/// True when the text has Chinese, Japanese or Korean script (which do not separate words
/// by spaces, so detectors read whole sentences instead of verb objects).
pub fn has_cjk(s: &str) -> bool {
    s.chars().any(super::concepts::is_cjk_or_hangul)
}

fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
            '\t' | '\r' | '\u{00A0}' | '\u{3000}' => ' ',
            c => c,
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "approx.", "no.", "ex.", "p.ej.", "z.b.",
];

fn ends_with_abbreviation(text: &str, end: usize) -> bool {
    let mut start = end.saturating_sub(8);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let tail = text[start..end].to_lowercase();
    ABBREVIATIONS.iter().any(|a| {
        tail.ends_with(a)
            && tail[..tail.len() - a.len()]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// A part of the name's first dotted path (`INSTRUCTIONS` of `INSTRUCTIONS.replace(..)`,
/// `system_prompt` of `self.system_prompt`) names instructions.
fn is_instruction_name(name: &str) -> bool {
    let ident = name
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .next()
        .unwrap_or("");
    ident
        .split('.')
        .any(|part| names_instructions(&part.to_lowercase()))
}

fn names_instructions(part: &str) -> bool {
    let words: Vec<&str> = part.split('_').filter(|w| !w.is_empty()).collect();
    let Some(&end) = words.last() else {
        return false;
    };
    if matches!(words[0], "user" | "input" | "query" | "question") {
        return false;
    }
    let names_rules = words.iter().any(|w| {
        matches!(
            *w,
            "instruction" | "instructions" | "guideline" | "guidelines" | "rules" | "directives"
        )
    });
    // `{summary_prompt}`, `{VALIDATE_DATA_FORMAT_PROMPT}`, `{system_message}`.
    let named_prompt = words.len() >= 2
        && (end == "prompt"
            || matches!(end, "message" | "msg" | "template")
                && matches!(words[0], "system" | "sys" | "base" | "assistant"));
    names_rules || named_prompt
}

/// Splits on sentence ends: `?`, `!`, newlines, CJK full stops, and `.` followed by a
/// space (so `e.g.`, `3.5`, `E.164` and `example.com` stay whole).
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(pos, c)) in bytes.iter().enumerate() {
        let end = match c {
            '?' | '!' | '\n' | '。' | '？' | '！' | ';' => true,
            '.' => {
                bytes.get(i + 1).is_none_or(|&(_, n)| n == ' ' || n == '\n')
                    && !ends_with_abbreviation(text, pos + 1)
            }
            _ => false,
        };
        if end {
            let s = text[start..pos + c.len_utf8()].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = pos + c.len_utf8();
        }
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_abbreviations() {
        let s = split_sentences("use e.g. E.164 format. then stop? yes\nnext");
        assert_eq!(
            s,
            vec!["use e.g. E.164 format.", "then stop?", "yes", "next"]
        );
    }

    #[test]
    fn instruction_holes_are_named_so() {
        for name in [
            "SYSTEM_PROMPT",
            "INSTRUCTIONS.replace(\"X\", y)",
            "self.guidelines",
            "VALIDATE_DATA_FORMAT_PROMPT",
            "extraction_prompt",
            "system_message",
            "RULES",
        ] {
            assert!(is_instruction_name(name), "{name}");
        }
        for name in [
            "prompt",
            "user_prompt",
            "text",
            "customer_message",
            "self.prompt",
            "input_rules",
        ] {
            assert!(!is_instruction_name(name), "{name}");
        }
    }
}
