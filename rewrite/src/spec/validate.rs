//! Validators (owned by the regex/validation generators).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "validator", rename_all = "kebab-case")]
pub enum Validator {
    Json,
    /// Valid JSON object holding these top-level fields.
    JsonFields {
        fields: Vec<String>,
    },
    Email,
    Url,
    /// `format`: stated format (`YYYY-MM-DD`, ISO 8601 ...), None for ISO 8601 date.
    Date {
        format: Option<String>,
    },
    Uuid,
    Ipv4,
    Ipv6,
    /// Either IPv4 or IPv6.
    Ip,
    Phone {
        region: Option<String>,
    },
    /// Card number: digits (spaces / dashes allowed) passing the Luhn check.
    CardLuhn,
    PostalCode {
        country: Option<String>,
    },
    /// Character length within bounds (inclusive).
    Length {
        min: Option<u64>,
        max: Option<u64>,
    },
    /// Number within bounds (inclusive); `integer` when it must be a whole number.
    NumberRange {
        min: Option<f64>,
        max: Option<f64>,
        integer: bool,
    },
    Semver,
    HexColor,
    Iban,
    Ean13,
    /// A record (a JSON object) checked against per-field rules; the answer is
    /// `{"is_valid": bool, "errors": [..]}`.
    Record {
        fields: Vec<FieldRule>,
    },
}

/// One field of a [`Validator::Record`]: its key, whether it must be present and non-empty,
/// and the shape its value must have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldRule {
    pub name: String,
    pub required: bool,
    pub check: FieldCheck,
}

/// The shape a record field's value must have.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub enum FieldCheck {
    /// Any value (only presence is checked when required).
    Any,
    Email,
    /// Digits between `min_digits` and `max_digits` (spaces, dashes, dots and parentheses
    /// ignored), with a leading `+` when `plus`.
    Phone {
        plus: bool,
        min_digits: u32,
        max_digits: u32,
    },
    /// Two upper-case letters (an ISO 3166-1 alpha-2 code's shape).
    CountryAlpha2,
    /// A number greater than zero.
    Positive,
    /// A `YYYY-MM-DD` calendar date.
    Date,
    Url,
}
