//! Rendering of `llmlint calls` (text, JSON, HTML).
