//! llmlint: find the LLM calls in Python and Rust code that deterministic code does better.

pub mod analysis;
pub mod check;
pub mod cost;
pub mod python;
pub mod report;
pub mod rust;
pub mod text;

pub use analysis::{FileAnalysis, Settings, WrapperDef, WrapperIndex, analyze_file};
pub mod cli {
    pub fn main() -> i32 {
        0
    }
}
