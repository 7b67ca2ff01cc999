//! Rendering of `llmlint calls` (text, JSON, HTML).
pub mod html;
