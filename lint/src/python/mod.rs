//! Front-end (stub).

use crate::analysis::{FileAnalysis, Settings, WrapperIndex};

pub fn analyze(
    _path: &str,
    _text: &str,
    _settings: &Settings,
    _index: &WrapperIndex,
) -> FileAnalysis {
    FileAnalysis::default()
}
