//! llmlint: find the LLM calls in Python and Rust code that deterministic code does better.

pub mod analysis;
pub mod check;
pub mod checkrun;
pub mod cli;
pub mod config;
pub mod cost;
pub mod discover;
pub mod driver;
pub mod fixgen;
pub mod pipeline;
pub mod python;
pub mod report;
pub mod rust;
pub mod server;
pub mod text;

pub use analysis::{FileAnalysis, Settings, WrapperDef, WrapperIndex, analyze_file};
