//! Small helpers for building Rust code with `quote` and printing it with `prettyplease`.

use proc_macro2::{Ident, Literal, Span, TokenStream};

use super::GenError;

/// Parse `tokens` as a Rust file and pretty-print it.
pub fn render(tokens: TokenStream) -> Result<String, GenError> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| GenError::Invalid(format!("generated rust does not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}

/// An identifier (`extract_emails`); raw identifier for keywords.
pub fn ident(name: &str) -> Ident {
    match syn::parse_str::<Ident>(name) {
        Ok(id) => id,
        Err(_) => Ident::new_raw(name, Span::call_site()),
    }
}

/// A string literal, written as a raw string `r"..."` / `r#"..."#` when that is possible
/// (readable regexes), else as an escaped literal.
pub fn str_lit(s: &str) -> TokenStream {
    if s.chars().all(|c| !c.is_control()) {
        for hashes in 0..4 {
            let fence = "#".repeat(hashes);
            if !s.contains(&format!("\"{fence}")) {
                let src = format!("r{fence}\"{s}\"{fence}");
                if let Ok(ts) = src.parse::<TokenStream>() {
                    return ts;
                }
            }
        }
    }
    let lit = Literal::string(s);
    quote::quote!(#lit)
}

/// Upper-case static name for a helper (`extract_emails` → `EXTRACT_EMAILS_RE`).
pub fn static_name(helper: &str, suffix: &str) -> Ident {
    ident(&format!("{}_{}", helper.to_ascii_uppercase(), suffix))
}

/// An `f64` literal token (`100f64`-free: `100.0`).
pub fn f64_lit(v: f64) -> TokenStream {
    let lit = Literal::f64_suffixed(v);
    quote::quote!(#lit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_raw_strings() {
        let lit = str_lit(r#"a"b\d"#);
        let name = ident("f");
        let code = render(quote::quote!(fn #name() -> &'static str { #lit })).expect("parses");
        assert!(code.contains(r##"r#"a"b\d"#"##), "{code}");
    }
}
