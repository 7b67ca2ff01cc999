//! `llmlint check`: diagnostics, output formats, suppression comments, selection, statistics
//! and applying fixes.

pub mod diagnostic;
pub mod fix;
pub mod render;
pub mod select;
pub mod statistics;
pub mod suppress;

pub use diagnostic::{Diagnostic, Label, Severity, SourceLookup, rule_url, sort_diagnostics};
pub use render::{OutputFormat, RenderOptions, render};
