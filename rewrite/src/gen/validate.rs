//! Generators for the validation family: is the whole input valid.

use super::{GenContext, GenError, Generated};
use crate::spec::{TargetLanguage, Validator};

pub(crate) fn generate(
    _validator: &Validator,
    _lang: TargetLanguage,
    _ctx: &GenContext,
) -> Result<Generated, GenError> {
    Err(GenError::Unsupported("validators not written yet".into()))
}

/// One validator of every shape the generators know, for tests and audits.
pub fn example_validators() -> Vec<Validator> {
    Vec::new()
}
