//! Rendering of `llmlint calls` (text, JSON, HTML).

pub mod calls;
pub mod html;
