//! Patterns for the regex family (owned by the regex/validation generators).

use serde::Serialize;

/// A pattern-shaped thing to find in text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "pattern", rename_all = "kebab-case")]
pub enum Pattern {
    Email,
    Url,
    /// `region`: ISO 3166 alpha-2 the prompt names (`US`, `FR`), or None for E.164 / generic.
    Phone {
        region: Option<String>,
    },
    /// `format`: the date format the prompt states (`YYYY-MM-DD`, `DD/MM/YYYY`), None for common forms.
    Date {
        format: Option<String>,
    },
    Time,
    /// Money amounts; `currency` when the prompt names one (`USD`, `€`).
    Amount {
        currency: Option<String>,
    },
    Number,
    Uuid,
    Hashtag,
    Mention,
    Ipv4,
    Ipv6,
    PostalCode {
        country: Option<String>,
    },
    Version,
    /// An ID of a stated shape: `prefix` literal (`ORD-`), then `digits` digits, or a
    /// full custom regex when the shape was stated otherwise.
    Id {
        description: String,
        regex: String,
    },
    /// A literal word or phrase.
    Literal {
        text: String,
        case_insensitive: bool,
        whole_word: bool,
    },
}
