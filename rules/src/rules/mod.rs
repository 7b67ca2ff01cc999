//! One rule per file. Each file holds the rule's doc, its metadata (`RULE`) and its check.

use crate::classify::{Candidate, PromptFacts};
use crate::registry::RuleInfo;

pub mod llm101_extracts_emails;
pub mod llm102_extracts_urls;
pub mod llm103_extracts_phone_numbers;
pub mod llm104_extracts_dates;
pub mod llm105_extracts_amounts;
pub mod llm106_extracts_ids;
pub mod llm107_extracts_hashtags;
pub mod llm108_extracts_mentions;
pub mod llm109_extracts_ip_addresses;
pub mod llm110_extracts_postal_codes;
pub mod llm111_extracts_versions;
pub mod llm112_checks_text_contains;
pub mod llm201_applies_inline_mapping;
pub mod llm202_looks_up_country_code;
pub mod llm203_looks_up_capital;
pub mod llm204_looks_up_country_data;
pub mod llm205_looks_up_http_status;
pub mod llm206_looks_up_currency;
pub mod llm207_looks_up_language_code;
pub mod llm208_looks_up_us_state;
pub mod llm209_looks_up_mime_type;
pub mod llm210_looks_up_weekday;
pub mod llm211_converts_units;
pub mod llm212_asks_current_date;
pub mod llm301_validates_json;
pub mod llm302_validates_email;
pub mod llm303_validates_url;
pub mod llm304_validates_date;
pub mod llm305_validates_uuid;
pub mod llm306_validates_ip_address;
pub mod llm307_validates_phone_number;
pub mod llm308_validates_card_number;
pub mod llm309_validates_postal_code;
pub mod llm310_validates_length_or_range;
pub mod llm311_validates_required_fields;
pub mod llm312_validates_semver;
pub mod llm313_validates_hex_color;
pub mod llm314_validates_check_digits;
pub mod llm401_changes_case;
pub mod llm402_trims_whitespace;
pub mod llm403_slugifies;
pub mod llm404_reformats_date;
pub mod llm405_converts_csv_json;
pub mod llm406_reads_json_field;
pub mod llm407_counts;
pub mod llm408_does_arithmetic;
pub mod llm409_sorts_items;
pub mod llm410_dedupes_items;
pub mod llm411_formats_phone_number;
pub mod llm412_sorts_json_keys;
pub mod llm413_converts_markdown;
pub mod llm501_call_in_loop;
pub mod llm502_unbounded_short_answer;
pub mod llm503_premium_model_for_deterministic_task;
pub mod llm901_unused_suppression;
pub mod llm902_unparsable_file;
#[cfg(test)]
mod test_support;

/// Every rule; kept in code order.
pub static ALL: &[&RuleInfo] = &[
    &llm101_extracts_emails::RULE,
    &llm102_extracts_urls::RULE,
    &llm103_extracts_phone_numbers::RULE,
    &llm104_extracts_dates::RULE,
    &llm105_extracts_amounts::RULE,
    &llm106_extracts_ids::RULE,
    &llm107_extracts_hashtags::RULE,
    &llm108_extracts_mentions::RULE,
    &llm109_extracts_ip_addresses::RULE,
    &llm110_extracts_postal_codes::RULE,
    &llm111_extracts_versions::RULE,
    &llm112_checks_text_contains::RULE,
    &llm201_applies_inline_mapping::RULE,
    &llm202_looks_up_country_code::RULE,
    &llm203_looks_up_capital::RULE,
    &llm204_looks_up_country_data::RULE,
    &llm205_looks_up_http_status::RULE,
    &llm206_looks_up_currency::RULE,
    &llm207_looks_up_language_code::RULE,
    &llm208_looks_up_us_state::RULE,
    &llm209_looks_up_mime_type::RULE,
    &llm210_looks_up_weekday::RULE,
    &llm211_converts_units::RULE,
    &llm212_asks_current_date::RULE,
    &llm301_validates_json::RULE,
    &llm302_validates_email::RULE,
    &llm303_validates_url::RULE,
    &llm304_validates_date::RULE,
    &llm305_validates_uuid::RULE,
    &llm306_validates_ip_address::RULE,
    &llm307_validates_phone_number::RULE,
    &llm308_validates_card_number::RULE,
    &llm309_validates_postal_code::RULE,
    &llm310_validates_length_or_range::RULE,
    &llm311_validates_required_fields::RULE,
    &llm312_validates_semver::RULE,
    &llm313_validates_hex_color::RULE,
    &llm314_validates_check_digits::RULE,
    &llm401_changes_case::RULE,
    &llm402_trims_whitespace::RULE,
    &llm403_slugifies::RULE,
    &llm404_reformats_date::RULE,
    &llm405_converts_csv_json::RULE,
    &llm406_reads_json_field::RULE,
    &llm407_counts::RULE,
    &llm408_does_arithmetic::RULE,
    &llm409_sorts_items::RULE,
    &llm410_dedupes_items::RULE,
    &llm411_formats_phone_number::RULE,
    &llm412_sorts_json_keys::RULE,
    &llm413_converts_markdown::RULE,
    &llm501_call_in_loop::RULE,
    &llm502_unbounded_short_answer::RULE,
    &llm503_premium_model_for_deterministic_task::RULE,
    &llm901_unused_suppression::RULE,
    &llm902_unparsable_file::RULE,
];

/// A subtype detector: the part of the classifier specific to one rule.
pub type Detector = fn(&PromptFacts) -> Option<Candidate>;

/// The detector of every task rule, in code order.
pub static DETECTORS: &[Detector] = &[
    llm101_extracts_emails::detect,
    llm102_extracts_urls::detect,
    llm103_extracts_phone_numbers::detect,
    llm104_extracts_dates::detect,
    llm105_extracts_amounts::detect,
    llm106_extracts_ids::detect,
    llm107_extracts_hashtags::detect,
    llm108_extracts_mentions::detect,
    llm109_extracts_ip_addresses::detect,
    llm110_extracts_postal_codes::detect,
    llm111_extracts_versions::detect,
    llm112_checks_text_contains::detect,
    llm201_applies_inline_mapping::detect,
    llm202_looks_up_country_code::detect,
    llm203_looks_up_capital::detect,
    llm204_looks_up_country_data::detect,
    llm205_looks_up_http_status::detect,
    llm206_looks_up_currency::detect,
    llm207_looks_up_language_code::detect,
    llm208_looks_up_us_state::detect,
    llm209_looks_up_mime_type::detect,
    llm210_looks_up_weekday::detect,
    llm211_converts_units::detect,
    llm212_asks_current_date::detect,
    llm301_validates_json::detect,
    llm302_validates_email::detect,
    llm303_validates_url::detect,
    llm304_validates_date::detect,
    llm305_validates_uuid::detect,
    llm306_validates_ip_address::detect,
    llm307_validates_phone_number::detect,
    llm308_validates_card_number::detect,
    llm309_validates_postal_code::detect,
    llm310_validates_length_or_range::detect,
    llm311_validates_required_fields::detect,
    llm312_validates_semver::detect,
    llm313_validates_hex_color::detect,
    llm314_validates_check_digits::detect,
    llm401_changes_case::detect,
    llm402_trims_whitespace::detect,
    llm403_slugifies::detect,
    llm404_reformats_date::detect,
    llm405_converts_csv_json::detect,
    llm406_reads_json_field::detect,
    llm407_counts::detect,
    llm408_does_arithmetic::detect,
    llm409_sorts_items::detect,
    llm410_dedupes_items::detect,
    llm411_formats_phone_number::detect,
    llm412_sorts_json_keys::detect,
    llm413_converts_markdown::detect,
];
