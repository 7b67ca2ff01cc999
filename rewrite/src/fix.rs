//! Fixes are data: byte-range edits plus an applicability.

use serde::Serialize;

/// How safe it is to apply a fix without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied.
    DisplayOnly,
    /// Applied with `--fix --unsafe-fixes`: changes behaviour in a way the user should review.
    Unsafe,
    /// Applied with `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace the bytes `start..end` of a file with `content` (an insertion when
/// `start == end`, a deletion when `content` is empty).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub content: String,
}

impl Edit {
    pub fn replace(start: usize, end: usize, content: impl Into<String>) -> Self {
        Edit {
            start,
            end,
            content: content.into(),
        }
    }
    pub fn insert(at: usize, content: impl Into<String>) -> Self {
        Edit {
            start: at,
            end: at,
            content: content.into(),
        }
    }
    pub fn delete(start: usize, end: usize) -> Self {
        Edit {
            start,
            end,
            content: String::new(),
        }
    }
}

/// A set of edits that belong together, with a title for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Imperative title: "Replace the call with `is_valid_json(payload)`".
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}
