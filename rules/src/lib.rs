//! llmlint-rules: the call-site model, the SDK catalog and the task rules.

pub mod catalog;
pub mod classify;
pub mod model;
pub mod registry;
pub mod rules;

pub use model::*;
