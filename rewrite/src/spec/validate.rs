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
}
