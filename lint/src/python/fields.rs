//! Field ids of the Python grammar, looked up once: `Node::child_by_field_name` compares the
//! name with every field name of the grammar on each call, which shows in profiles.

use std::num::NonZeroU16;
use std::sync::OnceLock;

macro_rules! fields {
    ($($name:ident),* $(,)?) => {
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        #[repr(usize)]
        enum F { $($name),* }
        const NAMES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[inline]
            pub fn $name() -> u16 {
                ids()[F::$name as usize]
            }
        )*
    };
}

fields!(
    function,
    object,
    attribute,
    right,
    left,
    value,
    name,
    body,
    subscript,
    operator,
    alias,
    r#type,
    expression,
    superclasses,
    parameters,
    module_name,
    key,
    definition,
    arguments,
);

fn ids() -> &'static [u16] {
    static IDS: OnceLock<Vec<u16>> = OnceLock::new();
    IDS.get_or_init(|| {
        let lang: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
        NAMES
            .iter()
            .map(|n| {
                lang.field_id_for_name(n.trim_start_matches("r#"))
                    .map(NonZeroU16::get)
                    // a field the grammar lacks: an id no node has
                    .unwrap_or(u16::MAX)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_field_exists_in_the_grammar() {
        for (n, id) in super::NAMES.iter().zip(super::ids()) {
            assert_ne!(*id, u16::MAX, "no field {n}");
        }
    }
}
