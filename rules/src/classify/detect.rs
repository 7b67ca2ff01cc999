//! Reusable detector shapes: "extract the NOUN", "is X a valid NOUN", "convert X to Y".
//! A rule's `detect` combines these with its own nouns and parameters.

use std::sync::LazyLock;

use regex::Regex;

use super::facts::has_cjk;
use super::lexicon::{self, re};
use super::{Candidate, Evidence, PromptFacts};
use crate::registry::RuleInfo;
use llmlint_rewrite::{Pattern, ReplacementSpec};

/// What a shape found: a base score, its reasons, and whether the prompt wants all
/// matches (`plural`) or one.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub score: f64,
    pub evidence: Vec<Evidence>,
    pub plural: bool,
    /// The sentence the hit was found in (normalised).
    pub sentence: String,
}

impl Hit {
    pub fn candidate(self, rule: &'static RuleInfo, spec: ReplacementSpec) -> Candidate {
        let mut c = Candidate::new(rule, spec);
        for e in self.evidence {
            c.add(e.text, e.weight);
        }
        c
    }
    /// `FindAll` when the prompt asks for every match, `FindFirst` for one.
    pub fn find_spec(&self, pattern: Pattern) -> ReplacementSpec {
        if self.plural {
            ReplacementSpec::FindAll { pattern }
        } else {
            ReplacementSpec::FindFirst { pattern }
        }
    }
    pub fn add(&mut self, text: impl Into<String>, weight: f64) {
        self.score += weight;
        self.evidence.push(Evidence::new(text, weight));
    }
}

static FREEFORM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:names?|first\s+name|last\s+name|full\s+name|person|people|persons|company|companies|organi[sz]ations?|employer|locations?|city|cities|products?|reasons?|summary|titles?|job|roles?|skills?|topics?|entities|descriptions?|sentiment|intent|category|categories|issues?|problems?|requests?|questions?|answers?|quotes?|sentences?|keywords?|facts|details|information|info|context|meaning|notes?|comments?|complaints?|feedback|opinions?|nombre|nombres|nom|nomes?|vorname|nachname|namen|personas|pessoas|personnes|personen|participantes|participants|teilnehmer|motivos|razones|raisons|gr[uü]nde|causas|causes)\b|原因|理由|이유|姓名|人名|名字|사람|이름|참석자|名前|氏名|方式|信息|详情|情報|連絡先|정보|연락처",
    )
});
static STREET_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|[^\w-])(\w+[- ])?(?:address|addresses|adresse|dirección|direccion|anschrift)\b")
});
static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:who|whom|whose|(?:that|which)\s+(?:said|says|belong|belongs|refer|refers|relate|relates|seem|seems|look|looks|need|needs|should|could|might|would|(?:are|is|were|was)\s+(?:relevant|important|related|associated|likely|suspicious|legitimate|used\s+(?:for|to)|linked|safe|malicious|official|personal)|the\s+\w+\s+(?:said|mentioned|wants|asked|prefers|likes))|of\s+(?:the\s+)?(?:people|persons|attendees|participants|customers|users|those|anyone|everyone|someone))\b",
    )
});
static MODIFIER_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[\s-]*(?:formats?|ranges?|columns?|fields?|types?|styles?|patterns?|pickers?|filters?|settings?|parsers?|parsing|logic|handling|validation|library|libraries|templates?|providers?|client|server|campaigns?|marketing|signatures?|threads?|policy|policies|strategy|preferences?)\b",
    )
});
static SOURCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:in|aus|from|within|inside|dans|en|em|nos|nas|del)\s+(?:(?:der|dem|den|die|das|diesem|dieser|the|this|these|each|le|la|les|l'|ce|cette|el|los|las|este|esta|o|os|a|as|este|esta|deste|desta)\s+)?$",
    )
});
static LABELLED: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?:\bthe\s+|\ba\s+|\ban\s+)["'`«“][^"'`»”\n]{2,30}["'`»”]\s*$"#));
static PLURAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:all|every|each|any|list|lists|listing|multiple|todos?|todas?|tous|toutes|alle|allen)\b|所有|全部|すべて|全て)",
    )
});
static JSON_TEMPLATE: LazyLock<Regex> = LazyLock::new(|| re(r#"\{\{?[^{}]*"[^{}]*\}\}?"#));
static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:what(?:'s|\s+is|\s+are|\s+was)|which\s+is|cuál\s+es|quel(?:le)?\s+est|was\s+ist|wie\s+lautet)\s+",
    )
});
static ANSWER_WITH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:reply|respond|answer)\s+with(?:\s+only)?\b|\b(?:return|output|print|give)\s+(?:only|just)\b|\bresponde\s+con\b|\bréponds?\s+avec\b|\bantworte\s+mit\b",
    )
});

/// Is an "address" in `s` something other than an email / IP / web address (a postal or
/// street address, which needs language work to pull out)?
fn street_address(s: &str) -> bool {
    STREET_ADDRESS.captures_iter(s).any(|c| {
        let prev = c.get(1).map(|m| m.as_str().trim_end_matches(['-', ' ']));
        !matches!(
            prev,
            Some(
                "email"
                    | "e-mail"
                    | "mail"
                    | "ip"
                    | "ipv4"
                    | "ipv6"
                    | "web"
                    | "mac"
                    | "wallet"
                    | "url"
                    | "server"
                    | "host"
                    | "correo"
                    | "electronic"
            )
        ) && !s.contains("adresse e-mail")
            && !s.contains("adresse mail")
            && !s.contains("adresse ip")
            && !s.contains("dirección de correo")
            && !s.contains("dirección ip")
            && !s.contains("adresse électronique")
    })
}

/// Object text after a verb, up to where the source of the extraction begins.
fn object_after(s: &str, from: usize) -> &str {
    // Only the next words can be the object: bound the window so that long texts with
    // many verbs stay linear.
    let mut window = (from + 160).min(s.len());
    while !s.is_char_boundary(window) {
        window -= 1;
    }
    let rest = &s[from..window];
    let mut cut = rest.len();
    for m in lexicon::SOURCE_MARKER.find_iter(rest) {
        if m.start() > 1 {
            cut = m.start();
            break;
        }
    }
    let mut end = cut.min(90);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    &rest[..end]
}

/// "extract / find / list / return the NOUN" (also in Spanish, French, German, Chinese and
/// Japanese), "what is the NOUN", "reply with the NOUN only". The noun must be the object
/// of the verb, not the source ("extract the key points from the email" is not about
/// emails). Returns None when the same request also asks for free-form fields (people's
/// names, addresses, reasons) or qualifies the noun by meaning ("of the people who said").
pub fn extraction(f: &PromptFacts, noun: &Regex, what: &str) -> Option<Hit> {
    let mut best: Option<Hit> = None;
    for s in f.sentences() {
        // A JSON template in the sentence (`return {"tracking": "..."} with the ...`) is
        // neither the object nor the source.
        let s = &*JSON_TEMPLATE.replace_all(s, " json ");
        let mut found: Option<(f64, String, usize, usize)> = None;
        if has_cjk(s) {
            if let (Some(v), Some(n)) = (lexicon::EXTRACT_VERB.find(s), noun.find(s)) {
                found = Some((0.7, v.as_str().to_string(), n.start(), n.end()));
            }
        } else {
            for v in lexicon::EXTRACT_VERB
                .find_iter(s)
                .chain(ANSWER_WITH.find_iter(s))
                .chain(QUESTION.find_iter(s))
            {
                let obj = object_after(s, v.end());
                if let Some(n) = noun.find(obj) {
                    let base = if QUESTION.is_match(v.as_str()) {
                        0.62
                    } else {
                        0.7
                    };
                    found = Some((
                        base,
                        v.as_str().trim().to_string(),
                        v.end() + n.start(),
                        v.end() + n.end(),
                    ));
                    break;
                }
            }
        }
        let Some((score, verb, nstart, nend)) = found else {
            continue;
        };
        let obj_region = &s[..nend.min(s.len())];
        let after = &s[nend.min(s.len())..];
        // The object list also asks for free-form things.
        let obj_full = object_after(s, 0);
        let list_region = if obj_full.len() > obj_region.len() {
            obj_full
        } else {
            obj_region
        };
        let target_list = strip_noun(list_region, noun);
        if FREEFORM.is_match(&target_list) || street_address(&target_list) {
            continue;
        }
        if QUALIFIER.is_match(after.get(..after.len().min(60)).unwrap_or(after)) {
            continue;
        }
        // The noun modifies another noun ("the date format", "the email field"): the
        // object is that other thing.
        if MODIFIER_OF.is_match(&s[nend.min(s.len())..]) {
            continue;
        }
        // The noun right after a source preposition is where to look, not what to find
        // ("Finde in der E-Mail den Grund", "busca en el correo el motivo").
        if SOURCE_BEFORE.is_match(&s[..nstart.min(s.len())]) {
            continue;
        }
        // A label naming which one to pick ("the 'About Us' URL", "the \"billing\" email"):
        // choosing by meaning, not by shape.
        if LABELLED.is_match(&s[..nstart.min(s.len())]) {
            continue;
        }
        let noun_text = s[nstart..nend].trim().to_string();
        let mut hit = Hit {
            score: 0.0,
            evidence: Vec::new(),
            plural: PLURAL.is_match(s)
                || (noun_text.ends_with('s') && !noun_text.ends_with("ss"))
                || has_cjk(s),
            sentence: s.to_string(),
        };
        hit.add(
            format!("asks to \"{verb}\" {what} (\"{noun_text}\")"),
            score,
        );
        if best.as_ref().is_none_or(|b| b.score < hit.score) {
            best = Some(hit);
        }
    }
    let hit = best?;
    // Output fields named in a JSON template that are free-form ("name", "reason").
    if json_keys(&f.text)
        .iter()
        .any(|k| FREEFORM.is_match(k) || street_address(k))
    {
        return None;
    }
    Some(hit)
}

/// Removes the noun and the one word that directly modifies it ("the request UUID", "the
/// customer email"): a modifier is not a second, free-form object. A word after "and" /
/// "or" / a comma stays ("names and emails").
fn strip_noun(s: &str, noun: &Regex) -> String {
    static MODIFIED: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?:^|[\s(])(?:the|a|an|this|that|its|their|his|her)\s+[\w-]+\s+$"));
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in noun.find_iter(s) {
        let before = &s[last..m.start()];
        if MODIFIED.is_match(before) {
            let trimmed = before.trim_end();
            let cut = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            out.push_str(&before[..cut]);
        } else {
            out.push_str(before);
        }
        out.push(' ');
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

/// The fields of a record the prompt asks to extract: JSON template keys, `- field: rule`
/// lines of a field list, and the items of "extract A, B, C and D". Lower case, `_` as
/// spaces, deduplicated.
pub fn record_fields(f: &PromptFacts) -> Vec<String> {
    static FIELD_LINE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?m)^[ \t]*(?:[-*•]|\d+[.)])[ \t]*([a-z_][a-z0-9_ ]{1,30}?)[ \t]*[:：][ \t]*(?:\S+(?:[ \t]+\S+){2,}|.*[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]{3,})",
        )
    });
    static LIST_SEP: LazyLock<Regex> =
        LazyLock::new(|| re(r"\s*(?:,|;|\band\b|\bor\b|、|，)\s*(?:and\s+|or\s+)?"));
    // "all email addresses", "mentions of founders", "references to the team".
    static ITEM_LEAD: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:(?:all|any|every|each|the|other)\s+)*(?:(?:mentions?|references?)\s+(?:of|to)\s+(?:the\s+)?)?",
        )
    });
    static COMMA: LazyLock<Regex> = LazyLock::new(|| re(r"[,;、，]"));
    static NEGATED: LazyLock<Regex> =
        LazyLock::new(|| re(r"^(?:no|not|nothing|without|never|don't|do\s+not)\b"));
    let mut out: Vec<String> = json_keys(&f.text);
    for c in FIELD_LINE.captures_iter(&f.text) {
        if let Some(m) = c.get(1) {
            out.push(m.as_str().replace('_', " ").trim().to_string());
        }
    }
    // The object list ends where a clause begins ("the email and the phone, even if they
    // are split across lines").
    static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"[,;:]?\s*\b(?:even\s+(?:if|when|though)|if|unless|when|whenever|while|because|so\s+that|as\s+long\s+as|such\s+as|including|e\.g\.|i\.e\.|which|that\s+(?:is|are|appear))\b",
        )
    });
    // A record is also asked for with "give" / "provide" ("Give the supplier, the line
    // items, the tax and the total as JSON").
    static RECORD_VERB: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(?:give|provide|include|report)\b"));
    for s in f.sentences() {
        let verbs = lexicon::EXTRACT_VERB
            .find_iter(s)
            .chain(RECORD_VERB.find_iter(s))
            .map(|v| v.end());
        for end in verbs {
            let obj = object_after(s, end);
            let obj = CLAUSE.find(obj).map_or(obj, |m| &obj[..m.start()]);
            // a data list given inline ("of [4, 8, 15]") is not part of the object list
            let obj = obj.split(['[', '(']).next().unwrap_or(obj);
            // "A, B, C and D": two separators at least, one of them a comma, and every
            // item a short noun phrase (not "no characters before").
            if COMMA.find_iter(obj).count() < 1 {
                continue;
            }
            let items: Vec<String> = LIST_SEP
                .split(obj)
                .map(|i| ITEM_LEAD.replace(i.trim(), "").into_owned())
                .filter(|i| !i.is_empty())
                .collect();
            // numbers listed inline are data, not fields
            if items.iter().any(|i| {
                i.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ' '))
            }) {
                continue;
            }
            if items.len() >= 3
                && items
                    .iter()
                    .all(|i| i.split_whitespace().count() <= 6 && !NEGATED.is_match(i))
            {
                out.extend(items.iter().map(|i| i.replace('_', " ")));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A record field whose value has no fixed shape (a name, a vendor, a description): picking
/// it takes reading, unlike an email, a date or an amount.
pub fn is_freeform_field(field: &str) -> bool {
    static SHAPED: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:e-?mails?|phones?|mobile|tel|telephone|fax|urls?|links?|website|dates?|due|time|timestamp|year|amounts?|total|subtotal|tax|vat|price|cost|sum|number|no|num|id|ids|code|zip|postal|postcode|ip|iban|card|last4|currency|percent|percentage|count|quantity|qty|version|uuid|is\s+valid|valid|errors?)\b|\d",
        )
    });
    !SHAPED.is_match(field) || FREEFORM.is_match(field)
}

/// The prompt's task is pulling out a free-form field ("Extract the candidate's full name",
/// "extract the location"): returns the object. Formatting rules for that value ("collapse
/// extra whitespace") are then output rules, not the task.
pub fn extracts_freeform(f: &PromptFacts) -> Option<String> {
    static EXTRA: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:location|residence|designation|job\s+title|education|experience|employer|address)\b",
        )
    });
    for s in f.sentences() {
        for v in lexicon::EXTRACT_VERB.find_iter(s) {
            if !matches!(
                v.as_str().trim(),
                "extract" | "extracts" | "extracting" | "pull" | "pull out" | "identify" | "find"
            ) {
                continue;
            }
            let obj = object_after(s, v.end());
            if let Some(m) = FREEFORM.find(obj).or_else(|| EXTRA.find(obj)) {
                return Some(m.as_str().to_string());
            }
        }
    }
    None
}

/// Keys of a JSON template in the prompt (`{"email": ..., "name": ...}`).
pub fn json_keys(text: &str) -> Vec<String> {
    static KEY: LazyLock<Regex> = LazyLock::new(|| re(r#""([a-z_][\w ]{0,30})"\s*:"#));
    KEY.captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.as_str().replace('_', " ")))
        .collect()
}

static VALID: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        "(?:{}|{})",
        r"(?:\b(?:valid|validate|validates|validating|validation|validity|invalid|well[- ]formed|malformed|properly\s+formatted|correctly\s+formatted|(?:correct|right|proper|expected)\s+format|formatted\s+correctly|syntactically|conforms?\s+to|conform|parses?\s+as|parse\s+correctly|parseable|parsable|check\s+digit|checksum|luhn|real\s+(?:date|calendar\s+date)|exists?\s+on\s+the\s+calendar|válid[oa]s?|validar|valida|valide|valider|validez|gültig\w*|ungültig|prüfe|überprüfe|contrôle\s+de\s+luhn)\b|luhn|有效|合法|格式正确|是否正确|校验|符合|规范|有効|正しい形式|妥当|準拠|適合)",
        super::concepts::VALID.regex().as_str()
    ))
});

static OUTPUT_VALID: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:return|returns|respond|reply|answer|output|produce|generate|give|provide|write|emit|use|in|as|be|only|strictly|always|into|parse|parses|convert|converts|format|formatted|transform|turn|extract|structure|structured)\s+(?:\w+\s+){0,3}?(?:valid|well-formed|parseable|parsable)\b",
    )
});
static CHECK_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:whether|if|is\s+(?:this|the|it|that|\{input\})|are\s+(?:these|the|they)|check|checks|verify|validate|determine|tell\s+me)\b",
    )
});

/// "is X a valid NOUN", "validate this NOUN", "check whether the NOUN is well-formed"
/// (and the same in Spanish, French, German, Chinese, Japanese); also "is {x} a UUID?"
/// when the answer is constrained to yes/no. The validity word and the noun must be in
/// the same sentence, or the answer must be yes/no.
pub fn validity(f: &PromptFacts, noun: &Regex, what: &str) -> Option<Hit> {
    let mut best: Option<Hit> = None;
    for s in f.sentences() {
        let Some(n) = noun.find(s) else { continue };
        if OUTPUT_VALID.is_match(s) && !CHECK_WORD.is_match(s) {
            // "return valid JSON", "respond with a valid email": an output instruction.
            continue;
        }
        let (score, why) = if let Some(v) = VALID.find(s) {
            (
                0.72,
                format!("asks whether {what} is \"{}\"", v.as_str().trim()),
            )
        } else if is_form_question(s, n.start()) && f.bool_answer().is_some() {
            (0.6, format!("asks whether the input is {what}"))
        } else {
            continue;
        };
        let hit = Hit {
            score,
            evidence: vec![Evidence::new(why, score)],
            plural: false,
            sentence: s.to_string(),
        };
        if best.as_ref().is_none_or(|b| b.score < hit.score) {
            best = Some(hit);
        }
    }
    // The word and the noun in different sentences, neither an output instruction ("Always
    // return valid JSON." says how to answer, whatever else the prompt asks yes/no).
    let asked = || {
        let rest: Vec<&str> = f
            .sentences()
            .into_iter()
            .filter(|s| !OUTPUT_VALID.is_match(s) || CHECK_WORD.is_match(s))
            .collect();
        rest.iter().any(|s| VALID.is_match(s)) && rest.iter().any(|s| noun.is_match(s))
    };
    if best.is_none() && f.bool_answer().is_some() && f.has(&VALID) && f.has(noun) && asked() {
        best = Some(Hit {
            score: 0.55,
            evidence: vec![Evidence::new(
                format!("asks whether {what} is valid (yes/no answer)"),
                0.55,
            )],
            plural: false,
            sentence: String::new(),
        });
    }
    best
}

/// "is {input} a ...", "does {input} look like a ...", "is this string a ..." right before
/// the noun.
fn is_form_question(s: &str, noun_start: usize) -> bool {
    static FORM_Q: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:is|are|does|do|whether|if)\s+(?:this|that|the|it|these|\{input\})\s*(?:\w+\s+){0,3}(?:an?\s+|look\s+like\s+an?\s+|represents?\s+an?\s+)$",
        )
    });
    let start = noun_start.saturating_sub(60);
    let mut start = start;
    while !s.is_char_boundary(start) {
        start -= 1;
    }
    FORM_Q.is_match(&s[start..noun_start])
}

/// A sentence asks to change the input into something ("convert", "turn into", "format
/// as", "make ... uppercase"); returns the verb found.
pub fn transform_verb(s: &str) -> Option<String> {
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:\b(?:convert|converts|converting|turn|transform|change|make|format|reformat|normali[sz]e|rewrite|put|render|output|return|give\s+me|write|express|cast|map|parse|transforma|convierte|convertir|formatea|convertis|convertir|transforme|formate|konvertiere|wandle|umwandeln|formatiere)\b|转换|转为|轉換|変換)",
        )
    });
    VERB.find(s)
        .or_else(|| super::concepts::CONVERT.find(s))
        .map(|m| m.as_str().to_string())
}

/// Evidence that the input is one short field rather than a document.
pub fn short_input(f: &PromptFacts, hit: &mut Hit) {
    if f.has_short_input() {
        hit.add("the input is one short field", 0.05);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn street_vs_email_address() {
        assert!(!street_address(" the email address"));
        assert!(!street_address(" ip addresses"));
        assert!(street_address(" the shipping address"));
        assert!(street_address(" address"));
    }

    #[test]
    fn object_stops_at_source() {
        assert_eq!(
            object_after("extract the key points from the email", 7),
            " the key points "
        );
    }
}
