//! Small helpers for writing Python source text.

/// A Python string literal for `s` (double-quoted, escaped).
pub fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Python literal for a regex: a raw string when the text allows it, else an escaped one.
pub fn py_regex(pattern: &str) -> String {
    let raw_ok = !pattern.contains('"')
        && !pattern.ends_with('\\')
        && !pattern.chars().any(|c| c == '\n' || c == '\r');
    if raw_ok {
        format!("r\"{pattern}\"")
    } else {
        py_str(pattern)
    }
}

/// A tuple literal of strings: `("a", "b")`, `("a",)`, `()`.
pub fn py_str_tuple(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| py_str(s)).collect();
    match parts.len() {
        1 => format!("({},)", parts[0]),
        _ => format!("({})", parts.join(", ")),
    }
}

/// A float literal Python reads back as the same value.
pub fn py_float(v: f64) -> String {
    if v.is_finite() {
        format!("{v:?}")
    } else if v.is_nan() {
        "float(\"nan\")".to_string()
    } else if v > 0.0 {
        "float(\"inf\")".to_string()
    } else {
        "float(\"-inf\")".to_string()
    }
}

/// Upper-case constant name for a helper's static (`extract_emails` → `_EXTRACT_EMAILS_RE`).
pub fn const_name(helper: &str, suffix: &str) -> String {
    format!("_{}_{}", helper.to_ascii_uppercase(), suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_escape() {
        assert_eq!(py_str("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(py_regex(r"\d+"), "r\"\\d+\"");
        assert_eq!(py_regex("a\"b"), "\"a\\\"b\"");
        assert_eq!(py_str_tuple(&["x".into()]), "(\"x\",)");
        assert_eq!(py_float(100.0), "100.0");
    }
}
