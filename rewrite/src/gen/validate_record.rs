//! The record validator ([`Validator::Record`](crate::spec::Validator::Record)): a JSON
//! object checked against per-field rules, answering `{"is_valid": bool, "errors": [..]}` the
//! way field-rule prompts ask the model to. Python gets a Pydantic model with one field
//! validator per rule; Rust a serde struct and the same checks. Both report the same error
//! strings (`"phone: must be + and 10-15 digits"`), in field order.

use proc_macro2::TokenStream;
use quote::quote;

use super::python_util::py_str;
use super::rust_util::{ident, render, str_lit};
use super::{GenContext, GenError, Generated, finish};
use crate::spec::{FieldCheck, FieldRule, TargetLanguage};

/// The message for a value that breaks the field's rule.
fn message(check: &FieldCheck) -> String {
    match check {
        FieldCheck::Any => "is invalid".into(),
        FieldCheck::Email => "is not a valid email address".into(),
        FieldCheck::Phone {
            plus,
            min_digits,
            max_digits,
        } => format!(
            "must be {}{min_digits}-{max_digits} digits",
            if *plus { "+ and " } else { "" }
        ),
        FieldCheck::CountryAlpha2 => "must be a 2-letter ISO country code".into(),
        FieldCheck::Positive => "must be a positive number".into(),
        FieldCheck::Date => "must be a date in YYYY-MM-DD format".into(),
        FieldCheck::Url => "must be a valid URL".into(),
    }
}

/// A snake_case identifier for a field key (`"Full Name"` -> `full_name`).
fn snake(key: &str) -> String {
    let mut out = String::new();
    for c in key.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("field_{out}")
    } else {
        out
    }
}

fn camel(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

const PY_KEYWORDS: &[&str] = &[
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "model_config",
];

pub(crate) fn generate(
    fields: &[FieldRule],
    lang: TargetLanguage,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    if fields.is_empty() {
        return Err(GenError::Invalid("record validator without fields".into()));
    }
    let name = ctx.unique_name("validate_record");
    let class = format!("{}Input", camel(&name));
    let mut assumptions = vec![
        "returns {\"is_valid\": bool, \"errors\": [...]} built from the stated rules; the model may have worded errors differently".to_string(),
        "a field that is absent, null or blank fails only when it is required".to_string(),
    ];
    if fields.iter().any(|f| f.check == FieldCheck::CountryAlpha2) {
        assumptions.push(
            "checks the shape of a country code (two capital letters), not membership in ISO 3166"
                .into(),
        );
    }
    let (code, returns, modules, crates): (String, &str, &[&str], &[(&str, &str)]) = match lang {
        TargetLanguage::Python => (
            python(&name, &class, fields),
            "dict",
            &["json", "typing", "pydantic"],
            &[],
        ),
        TargetLanguage::Rust => {
            assumptions.push("needs serde with the derive feature".into());
            (
                render(rust(&name, &class, fields))?,
                "serde_json::Value",
                &[],
                &[("serde", "1"), ("serde_json", "1")],
            )
        }
    };
    let generated = Generated {
        helper_name: name,
        helper_code: code,
        returns: returns.to_string(),
        assumptions,
        ..Generated::default()
    };
    Ok(finish(generated, lang, ctx, modules, crates))
}

fn python(name: &str, class: &str, fields: &[FieldRule]) -> String {
    let text = format!("_{}_text", name);
    let mut code = format!(
        "def {text}(value):\n    if value is None:\n        return None\n    if isinstance(value, str):\n        return value.strip()\n    return json.dumps(value)\n\n\n"
    );
    code.push_str(&format!(
        "class {class}(pydantic.BaseModel):\n    \"\"\"The record `{name}` checks, one validator per rule of the prompt.\"\"\"\n\n    model_config = pydantic.ConfigDict(extra=\"allow\", populate_by_name=True)\n\n"
    ));
    let idents: Vec<String> = fields
        .iter()
        .map(|f| {
            let s = snake(&f.name);
            if PY_KEYWORDS.contains(&s.as_str()) {
                format!("{s}_")
            } else {
                s
            }
        })
        .collect();
    for (f, id) in fields.iter().zip(&idents) {
        code.push_str(&format!(
            "    {id}: typing.Any = pydantic.Field(default=None, alias={}, validate_default=True)\n",
            py_str(&f.name)
        ));
    }
    for (f, id) in fields.iter().zip(&idents) {
        let missing = if f.required {
            "        raise ValueError(\"is required\")\n".to_string()
        } else {
            "        return value\n".to_string()
        };
        let test = match &f.check {
            FieldCheck::Any => "True".to_string(),
            FieldCheck::Email => "text.count(\"@\") == 1 and not any(ch.isspace() for ch in text) and text.split(\"@\")[0] != \"\" and \".\" in text.split(\"@\")[1].strip(\".\")".to_string(),
            FieldCheck::Phone { plus, min_digits, max_digits } => format!(
                "{}all(ch.isdigit() or ch in \" -.()\" for ch in text.removeprefix(\"+\")) and {min_digits} <= sum(ch.isdigit() for ch in text) <= {max_digits}",
                if *plus { "text.startswith(\"+\") and " } else { "" }
            ),
            FieldCheck::CountryAlpha2 => "len(text) == 2 and text.isascii() and text.isalpha() and text.isupper()".to_string(),
            FieldCheck::Positive => "_number(value) is not None and _number(value) > 0".to_string(),
            FieldCheck::Date => "_is_date(text)".to_string(),
            FieldCheck::Url => "(text.startswith(\"http://\") or text.startswith(\"https://\")) and \".\" in text.split(\"://\", 1)[1].split(\"/\")[0] and not any(ch.isspace() for ch in text)".to_string(),
        };
        let helpers = match &f.check {
            FieldCheck::Positive => {
                "        def _number(v):\n            if isinstance(v, bool):\n                return None\n            try:\n                return float(v)\n            except (TypeError, ValueError):\n                return None\n\n"
            }
            FieldCheck::Date => {
                "        def _is_date(t):\n            parts = t.split(\"-\")\n            if len(parts) != 3 or [len(p) for p in parts] != [4, 2, 2] or not all(p.isdigit() for p in parts):\n                return False\n            y, m, d = (int(p) for p in parts)\n            days = [31, 29 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]\n            return 1 <= m <= 12 and 1 <= d <= days[m - 1]\n\n"
            }
            _ => "",
        };
        let rule = if f.check == FieldCheck::Any {
            String::new()
        } else {
            format!(
                "{helpers}        if not ({test}):\n            raise ValueError({})\n",
                py_str(&message(&f.check))
            )
        };
        code.push_str(&format!(
            "\n    @pydantic.field_validator({})\n    @classmethod\n    def _check_{id}(cls, value):\n        text = {text}(value)\n        if text is None or text == \"\":\n    {missing}{rule}        return value\n",
            py_str(id),
        ));
    }
    code.push_str(&format!(
        "\n\ndef {name}(value):\n    \"\"\"Check a record against the prompt's field rules.\"\"\"\n    try:\n        data = json.loads(value) if isinstance(value, str) else value\n    except ValueError:\n        data = None\n    if not isinstance(data, dict):\n        return {{\"is_valid\": False, \"errors\": [\"not a JSON object\"]}}\n    try:\n        {class}.model_validate(data)\n    except pydantic.ValidationError as exc:\n        errors = [\n            f\"{{err['loc'][0]}}: {{err['ctx']['error'] if 'ctx' in err else err['msg']}}\"\n            for err in exc.errors()\n        ]\n        return {{\"is_valid\": False, \"errors\": errors}}\n    return {{\"is_valid\": True, \"errors\": []}}\n"
    ));
    code
}

fn rust(name: &str, class: &str, fields: &[FieldRule]) -> TokenStream {
    let f = ident(name);
    let st = ident(class);
    let idents: Vec<_> = fields.iter().map(|r| ident(&snake(&r.name))).collect();
    let keys: Vec<_> = fields.iter().map(|r| str_lit(&r.name)).collect();
    let checks = fields.iter().zip(&idents).map(|(r, id)| {
        let key = &r.name;
        let required = r.required;
        let required_msg = str_lit(&format!("{key}: is required"));
        let bad_msg = str_lit(&format!("{key}: {}", message(&r.check)));
        let test = match &r.check {
            FieldCheck::Any => quote! { true },
            FieldCheck::Email => quote! { is_email(&text) },
            FieldCheck::Phone {
                plus,
                min_digits,
                max_digits,
            } => {
                let min = *min_digits as usize;
                let max = *max_digits as usize;
                quote! { is_phone(&text, #plus, #min, #max) }
            }
            FieldCheck::CountryAlpha2 => {
                quote! { text.len() == 2 && text.chars().all(|c| c.is_ascii_uppercase()) }
            }
            FieldCheck::Positive => quote! { number(&record.#id).is_some_and(|n| n > 0.0) },
            FieldCheck::Date => quote! { is_date(&text) },
            FieldCheck::Url => quote! { is_url(&text) },
        };
        quote! {
            match text_of(&record.#id) {
                Some(text) if !text.is_empty() => {
                    if !(#test) {
                        errors.push(#bad_msg.to_string());
                    }
                }
                _ => {
                    if #required {
                        errors.push(#required_msg.to_string());
                    }
                }
            }
        }
    });
    let number_fn = quote! {
        fn number(v: &Option<serde_json::Value>) -> Option<f64> {
                match v {
                    Some(serde_json::Value::Number(n)) => n.as_f64(),
                    Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
                    _ => None,
                }
            }
    };
    let is_email_fn = quote! {
        fn is_email(t: &str) -> bool {
                let Some((local, domain)) = t.split_once('@') else {
                    return false;
                };
                !local.is_empty()
                    && !domain.contains('@')
                    && !t.chars().any(char::is_whitespace)
                    && domain.trim_matches('.').contains('.')
            }
    };
    let is_phone_fn = quote! {
        fn is_phone(t: &str, plus: bool, min: usize, max: usize) -> bool {
                let rest = t.strip_prefix('+');
                if plus && rest.is_none() {
                    return false;
                }
                let rest = rest.unwrap_or(t);
                let digits = rest.chars().filter(|c| c.is_ascii_digit()).count();
                rest.chars().all(|c| c.is_ascii_digit() || " -.()".contains(c))
                    && (min..=max).contains(&digits)
            }
    };
    let is_date_fn = quote! {
        fn is_date(t: &str) -> bool {
                let parts: Vec<&str> = t.split('-').collect();
                if parts.len() != 3
                    || parts.iter().map(|p| p.len()).collect::<Vec<_>>() != [4, 2, 2]
                    || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
                {
                    return false;
                }
                let (y, m, d): (u32, u32, u32) = (
                    parts[0].parse().unwrap_or(0),
                    parts[1].parse().unwrap_or(0),
                    parts[2].parse().unwrap_or(0),
                );
                let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
                let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
                (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
            }
    };
    let is_url_fn = quote! {
        fn is_url(t: &str) -> bool {
                let rest = t.strip_prefix("https://").or_else(|| t.strip_prefix("http://"));
                rest.is_some_and(|r| r.split('/').next().unwrap_or_default().contains('.'))
                    && !t.chars().any(char::is_whitespace)
            }
    };
    // Only the checks the rules use, so the helper has no dead code.
    let uses = |f: fn(&FieldCheck) -> bool| fields.iter().any(|r| f(&r.check));
    let mut helpers = TokenStream::new();
    if uses(|c| *c == FieldCheck::Positive) {
        helpers.extend(number_fn);
    }
    if uses(|c| *c == FieldCheck::Email) {
        helpers.extend(is_email_fn);
    }
    if uses(|c| matches!(c, FieldCheck::Phone { .. })) {
        helpers.extend(is_phone_fn);
    }
    if uses(|c| *c == FieldCheck::Date) {
        helpers.extend(is_date_fn);
    }
    if uses(|c| *c == FieldCheck::Url) {
        helpers.extend(is_url_fn);
    }
    quote! {
        /// The record the prompt's field rules apply to.
        #[derive(Debug, Default, serde::Deserialize)]
        pub struct #st {
            #(
                #[serde(rename = #keys, default)]
                pub #idents: Option<serde_json::Value>,
            )*
        }

        fn #f(value: &str) -> serde_json::Value {
            fn text_of(v: &Option<serde_json::Value>) -> Option<String> {
                match v {
                    None | Some(serde_json::Value::Null) => None,
                    Some(serde_json::Value::String(s)) => Some(s.trim().to_string()),
                    Some(other) => Some(other.to_string()),
                }
            }
            #helpers
            let record: #st = match serde_json::from_str(value) {
                Ok(r) => r,
                Err(_) => {
                    return serde_json::json!({"is_valid": false, "errors": ["not a JSON object"]});
                }
            };
            let mut errors: Vec<String> = Vec::new();
            #(#checks)*
            serde_json::json!({"is_valid": errors.is_empty(), "errors": errors})
        }
    }
}
