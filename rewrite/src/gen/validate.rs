//! Generators for the validation family: whether the whole input is valid. Format checks
//! strip surrounding whitespace first; `Length` counts the value as given.

use proc_macro2::TokenStream;
use quote::quote;

use super::python_util::{const_name, py_float, py_regex, py_str_tuple};
use super::regex::{
    PHONE_REGIONS, POSTAL_COUNTRIES, check_backtracking, compile_date_format, phone_core,
    postal_core,
};
use super::rust_util::{f64_lit, ident, render, static_name, str_lit};
use super::{GenContext, GenError, Generated, finish};
use crate::spec::{TargetLanguage, Validator};

const EMAIL_ATOM: &str = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}";
const LABEL: &str = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const URL_SCHEMES: &[&str] = &["http", "https", "ftp", "ftps", "ws", "wss"];
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn email_regex() -> String {
    format!(r"{EMAIL_ATOM}(?:\.{EMAIL_ATOM}){{0,32}}@(?:{LABEL}\.){{1,8}}[A-Za-z]{{2,63}}")
}

fn semver_regex() -> String {
    let num = "(?:0|[1-9][0-9]{0,18})";
    let pre = "(?:0|[1-9][0-9]{0,18}|[0-9]{0,63}[A-Za-z-][0-9A-Za-z-]{0,63})";
    let build = "[0-9A-Za-z-]{1,64}";
    format!(r"{num}\.{num}\.{num}(?:-{pre}(?:\.{pre}){{0,31}})?(?:\+{build}(?:\.{build}){{0,31}})?")
}

/// What a regex-based validator full-matches, and how the input is prepared.
struct RegexCheck {
    regex: String,
    upper: bool,
}

pub(crate) fn generate(
    validator: &Validator,
    lang: TargetLanguage,
    ctx: &GenContext,
) -> Result<Generated, GenError> {
    let (base, what) = match validator {
        Validator::Json => ("is_valid_json", "valid JSON".to_string()),
        Validator::JsonFields { fields } => (
            "has_required_fields",
            format!("a JSON object with the fields {}", fields.join(", ")),
        ),
        Validator::Email => ("is_valid_email", "a valid email address".to_string()),
        Validator::Url => ("is_valid_url", "a valid URL".to_string()),
        Validator::Date { format } => (
            "is_valid_date",
            format!(
                "a real date written as {}",
                format.as_deref().unwrap_or("YYYY-MM-DD")
            ),
        ),
        Validator::Uuid => ("is_valid_uuid", "a UUID".to_string()),
        Validator::Ipv4 => ("is_valid_ipv4", "an IPv4 address".to_string()),
        Validator::Ipv6 => ("is_valid_ipv6", "an IPv6 address".to_string()),
        Validator::Ip => ("is_valid_ip_address", "an IPv4 or IPv6 address".to_string()),
        Validator::Phone { .. } => ("is_valid_phone_number", "a phone number".to_string()),
        Validator::CardLuhn => (
            "is_valid_card_number",
            "a card number passing the Luhn check".to_string(),
        ),
        Validator::PostalCode { .. } => ("is_valid_postal_code", "a postal code".to_string()),
        Validator::Length { .. } => ("has_valid_length", "of an allowed length".to_string()),
        Validator::NumberRange { .. } => ("is_number_in_range", "a number in range".to_string()),
        Validator::Semver => ("is_valid_semver", "a semantic version".to_string()),
        Validator::HexColor => ("is_valid_hex_color", "a hex colour".to_string()),
        Validator::Iban => (
            "is_valid_iban",
            "an IBAN with valid check digits".to_string(),
        ),
        Validator::Ean13 => (
            "is_valid_ean13",
            "an EAN-13 with a valid check digit".to_string(),
        ),
        Validator::Record { fields } => {
            return super::validate_record::generate(fields, lang, ctx);
        }
    };
    let name = ctx.unique_name(base);
    let mut assumptions =
        vec!["returns a boolean instead of the model's yes/no answer".to_string()];
    if !matches!(
        validator,
        Validator::Length { .. } | Validator::Json | Validator::JsonFields { .. }
    ) {
        assumptions.push("ignores surrounding whitespace".to_string());
    }
    let mut py_modules: Vec<&str> = Vec::new();
    let mut crates: Vec<(&str, &str)> = Vec::new();
    let mut regexes: Vec<String> = Vec::new();

    // Regex-based validators share one shape.
    let regex_check = match validator {
        Validator::Email => {
            assumptions.push("uses a pragmatic subset of RFC 5322 (no quoted local parts, no IP-literal domains)".into());
            Some(RegexCheck {
                regex: email_regex(),
                upper: false,
            })
        }
        Validator::Phone { region } => {
            let (core, notes) = phone_core(region.as_deref());
            assumptions.extend(notes);
            Some(RegexCheck {
                regex: core,
                upper: false,
            })
        }
        Validator::PostalCode { country } => {
            let (core, notes) = postal_core(country.as_deref())?;
            assumptions.extend(notes);
            assumptions.push("accepts lower-case letters".into());
            Some(RegexCheck {
                regex: core,
                upper: true,
            })
        }
        Validator::Semver => {
            assumptions.push("follows semver 2.0.0 strictly (no leading v)".into());
            Some(RegexCheck {
                regex: semver_regex(),
                upper: false,
            })
        }
        _ => None,
    };

    let helper_code = if let Some(rc) = &regex_check {
        check_backtracking(&rc.regex).map_err(GenError::Invalid)?;
        regexes.push(rc.regex.clone());
        py_modules.push("re");
        crates.push(("regex", "1"));
        let email_limits = matches!(validator, Validator::Email);
        match lang {
            TargetLanguage::Python => py_regex_validator(&name, &what, rc, email_limits),
            TargetLanguage::Rust => render(rust_regex_validator(&name, rc, email_limits))?,
        }
    } else {
        match validator {
            Validator::Date { format } => {
                let fmt = compile_date_format(format.as_deref().unwrap_or("YYYY-MM-DD"))?;
                check_backtracking(&fmt.regex).map_err(GenError::Invalid)?;
                regexes.push(fmt.regex.clone());
                assumptions.push("checks the calendar (month lengths, leap years)".into());
                py_modules.extend(["datetime", "re"]);
                crates.push(("regex", "1"));
                match lang {
                    TargetLanguage::Python => py_date(&name, &what, &fmt.regex, |g| fmt.has(g)),
                    TargetLanguage::Rust => render(rust_date(&name, &fmt.regex, fmt.has("mon")))?,
                }
            }
            Validator::Json | Validator::JsonFields { .. } => {
                let fields = match validator {
                    Validator::JsonFields { fields } => Some(fields.as_slice()),
                    _ => None,
                };
                if fields.is_some() {
                    assumptions
                        .push("a field counts as present even when its value is null".into());
                }
                assumptions.push("NaN and Infinity are not JSON and are rejected".into());
                py_modules.push("json");
                crates.push(("serde_json", "1"));
                match lang {
                    TargetLanguage::Python => py_json(&name, &what, fields),
                    TargetLanguage::Rust => render(rust_json(&name, fields))?,
                }
            }
            Validator::Url => {
                assumptions.push(format!(
                    "accepts {} URLs with a host name or IP address",
                    URL_SCHEMES.join(", ")
                ));
                py_modules.extend(["ipaddress", "urllib.parse"]);
                match lang {
                    TargetLanguage::Python => py_url(&name, &what),
                    TargetLanguage::Rust => render(rust_url(&name))?,
                }
            }
            Validator::Uuid => {
                assumptions.push("expects the canonical 8-4-4-4-12 hex form".into());
                match lang {
                    TargetLanguage::Python => py_uuid(&name, &what),
                    TargetLanguage::Rust => render(rust_uuid(&name))?,
                }
            }
            Validator::Ipv4 | Validator::Ipv6 | Validator::Ip => {
                assumptions
                    .push("octets with leading zeros and zone ids (%eth0) are rejected".into());
                py_modules.push("ipaddress");
                match lang {
                    TargetLanguage::Python => py_ip(&name, &what, validator),
                    TargetLanguage::Rust => render(rust_ip(&name, validator))?,
                }
            }
            Validator::CardLuhn => {
                assumptions
                    .push("accepts 12 to 19 digits, single spaces or dashes between groups".into());
                match lang {
                    TargetLanguage::Python => py_luhn(&name, &what),
                    TargetLanguage::Rust => render(rust_luhn(&name))?,
                }
            }
            Validator::Length { min, max } => {
                if min.is_none() && max.is_none() {
                    return Err(GenError::Invalid("length check without bounds".into()));
                }
                assumptions.push("counts characters (Unicode code points)".into());
                match lang {
                    TargetLanguage::Python => py_length(&name, &what, *min, *max),
                    TargetLanguage::Rust => render(rust_length(&name, *min, *max))?,
                }
            }
            Validator::NumberRange { min, max, integer } => {
                if min.is_some_and(|v| !v.is_finite()) || max.is_some_and(|v| !v.is_finite()) {
                    return Err(GenError::Invalid("range bounds must be finite".into()));
                }
                assumptions.push(if *integer {
                    "accepts whole numbers only (an optional sign, digits)".to_string()
                } else {
                    "accepts plain decimal numbers (sign, decimals, exponent; no thousands separators)".to_string()
                });
                if !integer {
                    py_modules.push("math");
                }
                match lang {
                    TargetLanguage::Python => py_range(&name, &what, *min, *max, *integer),
                    TargetLanguage::Rust => render(rust_range(&name, *min, *max, *integer))?,
                }
            }
            Validator::HexColor => {
                assumptions.push("expects a leading # and 3, 4, 6 or 8 hex digits".into());
                match lang {
                    TargetLanguage::Python => py_hex(&name, &what),
                    TargetLanguage::Rust => render(rust_hex(&name))?,
                }
            }
            Validator::Iban => {
                assumptions.push("checks shape and the mod-97 check digits, not per-country lengths; spaces are allowed".into());
                match lang {
                    TargetLanguage::Python => py_iban(&name, &what),
                    TargetLanguage::Rust => render(rust_iban(&name))?,
                }
            }
            Validator::Ean13 => match lang {
                TargetLanguage::Python => py_ean13(&name, &what),
                TargetLanguage::Rust => render(rust_ean13(&name))?,
            },
            Validator::Record { .. } => {
                return Err(GenError::Unsupported("record validator".into()));
            }
            Validator::Email
            | Validator::Phone { .. }
            | Validator::PostalCode { .. }
            | Validator::Semver => {
                return Err(GenError::Unsupported(
                    "regex validator without a regex".into(),
                ));
            }
        }
    };

    let generated = Generated {
        helper_name: name,
        helper_code,
        returns: match lang {
            TargetLanguage::Python => "bool",
            TargetLanguage::Rust => "bool",
        }
        .to_string(),
        assumptions,
        regexes,
        ..Generated::default()
    };
    Ok(finish(generated, lang, ctx, &py_modules, &crates))
}

// ---------------------------------------------------------------------------------------------
// Python

fn py_head(name: &str, what: &str) -> String {
    format!("def {name}(value: str) -> bool:\n    \"\"\"Return whether `value` is {what}.\"\"\"\n")
}

fn py_regex_validator(name: &str, what: &str, rc: &RegexCheck, email_limits: bool) -> String {
    let re = const_name(name, "RE");
    let prep = if rc.upper {
        "value.strip().upper()"
    } else {
        "value.strip()"
    };
    let mut code = format!(
        "{re} = re.compile({})\n\n\n{}    value = {prep}\n",
        py_regex(&rc.regex),
        py_head(name, what)
    );
    if email_limits {
        code.push_str(&format!(
            "    return len(value) <= 254 and value.find(\"@\") <= 64 and {re}.fullmatch(value) is not None\n"
        ));
    } else {
        code.push_str(&format!("    return {re}.fullmatch(value) is not None\n"));
    }
    code
}

fn py_date(name: &str, what: &str, regex: &str, has: impl Fn(&str) -> bool) -> String {
    let re = const_name(name, "RE");
    let months = const_name(name, "MONTHS");
    let mut code = format!("{re} = re.compile({})\n", py_regex(regex));
    if has("mon") {
        let names: Vec<String> = MONTHS.iter().map(|m| m.to_string()).collect();
        code.push_str(&format!("{months} = {}\n", py_str_tuple(&names)));
    }
    code.push_str("\n\n");
    code.push_str(&py_head(name, what));
    code.push_str(&format!(
        "    match = {re}.fullmatch(value.strip())\n    if match is None:\n        return False\n"
    ));
    code.push_str(if has("y") {
        "    year = int(match.group(\"y\"))\n"
    } else {
        "    year = 2000\n"
    });
    if has("mon") {
        code.push_str(&format!(
            "    month = {months}.index(match.group(\"mon\")[:3].lower()) + 1\n"
        ));
    } else if has("m") {
        code.push_str("    month = int(match.group(\"m\"))\n");
    } else {
        code.push_str("    month = 1\n");
    }
    code.push_str(if has("d") {
        "    day = int(match.group(\"d\"))\n"
    } else {
        "    day = 1\n"
    });
    code.push_str("    try:\n        datetime.date(year, month, day)\n    except ValueError:\n        return False\n    return True\n");
    code
}

fn py_json(name: &str, what: &str, fields: Option<&[String]>) -> String {
    let mut code = String::new();
    let fields_const = const_name(name, "FIELDS");
    if let Some(fields) = fields {
        code.push_str(&format!("{fields_const} = {}\n\n\n", py_str_tuple(fields)));
    }
    code.push_str(&py_head(name, what));
    let assign = if fields.is_some() { "data = " } else { "" };
    code.push_str(&format!(
        "\n    def reject_constant(constant: str) -> None:\n        raise ValueError(f\"{{constant}} is not JSON\")\n\n    try:\n        {assign}json.loads(value, parse_constant=reject_constant)\n    except (ValueError, RecursionError):\n        return False\n"
    ));
    match fields {
        Some(_) => code.push_str(&format!(
            "    return isinstance(data, dict) and all(field in data for field in {fields_const})\n"
        )),
        None => code.push_str("    return True\n"),
    }
    code
}

fn py_url(name: &str, what: &str) -> String {
    let schemes: Vec<String> = URL_SCHEMES.iter().map(|s| s.to_string()).collect();
    let sc = const_name(name, "SCHEMES");
    format!(
        "{sc} = {}\n\n\n{}    value = value.strip()\n    if not value or any(ch.isspace() for ch in value):\n        return False\n    try:\n        parts = urllib.parse.urlsplit(value)\n        _ = parts.port\n    except ValueError:\n        return False\n    host = parts.hostname\n    if parts.scheme not in {sc} or not host:\n        return False\n    if \":\" in host:\n        try:\n            ipaddress.IPv6Address(host)\n        except ValueError:\n            return False\n        return True\n    return all(\n        0 < len(label) <= 63\n        and not label.startswith(\"-\")\n        and not label.endswith(\"-\")\n        and all(ch.isascii() and (ch.isalnum() or ch == \"-\") for ch in label)\n        for label in host.split(\".\")\n    )\n",
        py_str_tuple(&schemes),
        py_head(name, what)
    )
}

fn py_uuid(name: &str, what: &str) -> String {
    format!(
        "{}    value = value.strip()\n    return len(value) == 36 and all(\n        ch == \"-\" if i in (8, 13, 18, 23) else ch in \"0123456789abcdefABCDEF\"\n        for i, ch in enumerate(value)\n    )\n",
        py_head(name, what)
    )
}

fn py_ip(name: &str, what: &str, v: &Validator) -> String {
    let parse = match v {
        Validator::Ipv4 => "ipaddress.IPv4Address(value)",
        Validator::Ipv6 => "ipaddress.IPv6Address(value)",
        _ => "ipaddress.ip_address(value)",
    };
    format!(
        "{}    value = value.strip()\n    if \"%\" in value:\n        return False\n    try:\n        {parse}\n    except ValueError:\n        return False\n    return True\n",
        py_head(name, what)
    )
}

fn py_luhn(name: &str, what: &str) -> String {
    format!(
        "{}    digits = []\n    after_separator = True\n    for ch in value.strip():\n        if ch in \"0123456789\":\n            digits.append(int(ch))\n            after_separator = False\n        elif ch in \" -\" and not after_separator:\n            after_separator = True\n        else:\n            return False\n    if after_separator or not 12 <= len(digits) <= 19:\n        return False\n    total = 0\n    for i, digit in enumerate(reversed(digits)):\n        if i % 2 == 1:\n            digit *= 2\n            if digit > 9:\n                digit -= 9\n        total += digit\n    return total % 10 == 0\n",
        py_head(name, what)
    )
}

fn py_length(name: &str, what: &str, min: Option<u64>, max: Option<u64>) -> String {
    let test = match (min, max) {
        (Some(a), Some(b)) => format!("{a} <= len(value) <= {b}"),
        (Some(a), None) => format!("len(value) >= {a}"),
        (None, Some(b)) => format!("len(value) <= {b}"),
        (None, None) => "True".to_string(),
    };
    format!("{}    return {test}\n", py_head(name, what))
}

fn py_bound(v: f64, integer: bool) -> String {
    if integer && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        py_float(v)
    }
}

fn py_range(name: &str, what: &str, min: Option<f64>, max: Option<f64>, integer: bool) -> String {
    let (chars, parse) = if integer {
        ("0123456789+-", "int(value)")
    } else {
        ("0123456789+-.eE", "float(value)")
    };
    let mut test = match (min, max) {
        (Some(a), Some(b)) => format!(
            "{} <= number <= {}",
            py_bound(a, integer),
            py_bound(b, integer)
        ),
        (Some(a), None) => format!("number >= {}", py_bound(a, integer)),
        (None, Some(b)) => format!("number <= {}", py_bound(b, integer)),
        (None, None) => "True".to_string(),
    };
    if !integer {
        test = format!("math.isfinite(number) and {test}");
    }
    format!(
        "{}    value = value.strip()\n    if not value or not all(ch in \"{chars}\" for ch in value):\n        return False\n    try:\n        number = {parse}\n    except ValueError:\n        return False\n    return {test}\n",
        py_head(name, what)
    )
}

fn py_hex(name: &str, what: &str) -> String {
    format!(
        "{}    value = value.strip()\n    return (\n        len(value) in (4, 5, 7, 9)\n        and value.startswith(\"#\")\n        and all(ch in \"0123456789abcdefABCDEF\" for ch in value[1:])\n    )\n",
        py_head(name, what)
    )
}

fn py_iban(name: &str, what: &str) -> String {
    format!(
        "{}    iban = value.strip().replace(\" \", \"\").upper()\n    if not 15 <= len(iban) <= 34 or not (iban.isascii() and iban.isalnum()):\n        return False\n    if not (iban[:2].isalpha() and iban[2:4].isdigit()):\n        return False\n    remainder = 0\n    for ch in iban[4:] + iban[:4]:\n        remainder = (remainder * (100 if ch.isalpha() else 10) + int(ch, 36)) % 97\n    return remainder == 1\n",
        py_head(name, what)
    )
}

fn py_ean13(name: &str, what: &str) -> String {
    format!(
        "{}    value = value.strip()\n    if len(value) != 13 or not all(ch in \"0123456789\" for ch in value):\n        return False\n    total = sum(int(ch) * (3 if i % 2 else 1) for i, ch in enumerate(value[:12]))\n    return (10 - total % 10) % 10 == int(value[12])\n",
        py_head(name, what)
    )
}

// ---------------------------------------------------------------------------------------------
// Rust

fn rust_static(name: &str, regex: &str) -> (TokenStream, proc_macro2::Ident) {
    let re = static_name(name, "RE");
    let lit = str_lit(&format!("^(?:{regex})$"));
    (
        quote! {
            static #re: std::sync::LazyLock<regex::Regex> =
                std::sync::LazyLock::new(|| regex::Regex::new(#lit).expect("the pattern is valid"));
        },
        re,
    )
}

fn rust_regex_validator(name: &str, rc: &RegexCheck, email_limits: bool) -> TokenStream {
    let f = ident(name);
    let (stat, re) = rust_static(name, &rc.regex);
    let prep = if rc.upper {
        quote! { let value = value.trim().to_uppercase(); let value = value.as_str(); }
    } else {
        quote! { let value = value.trim(); }
    };
    let test = if email_limits {
        quote! { value.len() <= 254 && value.find('@').is_some_and(|at| at <= 64) && #re.is_match(value) }
    } else {
        quote! { #re.is_match(value) }
    };
    quote! {
        #stat
        fn #f(value: &str) -> bool {
            #prep
            #test
        }
    }
}

fn rust_date(name: &str, regex: &str, has_month_name: bool) -> TokenStream {
    let f = ident(name);
    let (stat, re) = rust_static(name, regex);
    let month = if has_month_name {
        let names = MONTHS.iter();
        quote! {
            const MONTHS: [&str; 12] = [#(#names),*];
            let month = caps
                .name("mon")
                .and_then(|m| {
                    let prefix = m.as_str().get(..3)?.to_ascii_lowercase();
                    MONTHS.iter().position(|known| *known == prefix)
                })
                .map_or(0, |i| i as u32 + 1);
        }
    } else {
        quote! { let month = number("m").unwrap_or(1); }
    };
    quote! {
        #stat
        fn #f(value: &str) -> bool {
            let Some(caps) = #re.captures(value.trim()) else {
                return false;
            };
            let number = |group: &str| caps.name(group).and_then(|m| m.as_str().parse::<u32>().ok());
            let year = number("y").unwrap_or(2000);
            #month
            let day = number("d").unwrap_or(1);
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days_in_month = match month {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => 0,
            };
            year >= 1 && (1..=days_in_month).contains(&day)
        }
    }
}

fn rust_json(name: &str, fields: Option<&[String]>) -> TokenStream {
    let f = ident(name);
    match fields {
        None => quote! {
            fn #f(value: &str) -> bool {
                serde_json::from_str::<serde_json::Value>(value).is_ok()
            }
        },
        Some(fields) => {
            let n = fields.len();
            let fields = fields.iter().map(|s| str_lit(s));
            quote! {
                fn #f(value: &str) -> bool {
                    const FIELDS: [&str; #n] = [#(#fields),*];
                    match serde_json::from_str::<serde_json::Value>(value) {
                        Ok(serde_json::Value::Object(map)) => FIELDS.iter().all(|field| map.contains_key(*field)),
                        _ => false,
                    }
                }
            }
        }
    }
}

fn rust_url(name: &str) -> TokenStream {
    let f = ident(name);
    let n = URL_SCHEMES.len();
    let schemes = URL_SCHEMES.iter();
    quote! {
        fn #f(value: &str) -> bool {
            const SCHEMES: [&str; #n] = [#(#schemes),*];
            let value = value.trim();
            if value.is_empty() || value.chars().any(char::is_whitespace) {
                return false;
            }
            let Some((scheme, rest)) = value.split_once("://") else {
                return false;
            };
            if !SCHEMES.iter().any(|known| known.eq_ignore_ascii_case(scheme)) {
                return false;
            }
            let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
            let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
            let (host, port) = match host_port.strip_prefix('[') {
                Some(bracketed) => {
                    let Some((ip, after)) = bracketed.split_once(']') else {
                        return false;
                    };
                    if ip.parse::<std::net::Ipv6Addr>().is_err() {
                        return false;
                    }
                    match after.strip_prefix(':') {
                        Some(port) => (None, port),
                        None if after.is_empty() => (None, ""),
                        None => return false,
                    }
                }
                None => match host_port.rsplit_once(':') {
                    Some((host, port)) => (Some(host), port),
                    None => (Some(host_port), ""),
                },
            };
            if !port.is_empty() && (!port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u16>().is_err()) {
                return false;
            }
            host.is_none_or(|host| {
                host.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
            })
        }
    }
}

fn rust_uuid(name: &str) -> TokenStream {
    let f = ident(name);
    quote! {
        fn #f(value: &str) -> bool {
            let value = value.trim();
            value.len() == 36
                && value.char_indices().all(|(i, c)| {
                    if matches!(i, 8 | 13 | 18 | 23) { c == '-' } else { c.is_ascii_hexdigit() }
                })
        }
    }
}

fn rust_ip(name: &str, v: &Validator) -> TokenStream {
    let f = ident(name);
    let ty = match v {
        Validator::Ipv4 => quote!(std::net::Ipv4Addr),
        Validator::Ipv6 => quote!(std::net::Ipv6Addr),
        _ => quote!(std::net::IpAddr),
    };
    quote! {
        fn #f(value: &str) -> bool {
            value.trim().parse::<#ty>().is_ok()
        }
    }
}

fn rust_luhn(name: &str) -> TokenStream {
    let f = ident(name);
    quote! {
        fn #f(value: &str) -> bool {
            let mut digits = Vec::new();
            let mut after_separator = true;
            for c in value.trim().chars() {
                if let Some(d) = c.to_digit(10) {
                    digits.push(d);
                    after_separator = false;
                } else if (c == ' ' || c == '-') && !after_separator {
                    after_separator = true;
                } else {
                    return false;
                }
            }
            if after_separator || !(12..=19).contains(&digits.len()) {
                return false;
            }
            let total: u32 = digits
                .iter()
                .rev()
                .enumerate()
                .map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
                .sum();
            total % 10 == 0
        }
    }
}

fn rust_length(name: &str, min: Option<u64>, max: Option<u64>) -> TokenStream {
    let f = ident(name);
    let lit = |v: u64| proc_macro2::Literal::usize_unsuffixed(v as usize);
    let test = match (min, max) {
        (Some(a), Some(b)) => {
            let (a, b) = (lit(a), lit(b));
            quote!((#a..=#b).contains(&length))
        }
        (Some(a), None) => {
            let a = lit(a);
            quote!(length >= #a)
        }
        (None, Some(b)) => {
            let b = lit(b);
            quote!(length <= #b)
        }
        (None, None) => quote!(true),
    };
    quote! {
        fn #f(value: &str) -> bool {
            let length = value.chars().count();
            #test
        }
    }
}

fn rust_range(name: &str, min: Option<f64>, max: Option<f64>, integer: bool) -> TokenStream {
    let f = ident(name);
    let test = match (min, max) {
        (Some(a), Some(b)) => {
            let (a, b) = (f64_lit(a), f64_lit(b));
            quote!((#a..=#b).contains(&number))
        }
        (Some(a), None) => {
            let a = f64_lit(a);
            quote!(number >= #a)
        }
        (None, Some(b)) => {
            let b = f64_lit(b);
            quote!(number <= #b)
        }
        (None, None) => quote!(true),
    };
    let parse = if integer {
        quote! {
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit() || b == b'+' || b == b'-') {
                return false;
            }
            let Ok(number) = value.parse::<i128>() else {
                return false;
            };
            let number = number as f64;
        }
    } else {
        quote! {
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) {
                return false;
            }
            let Ok(number) = value.parse::<f64>() else {
                return false;
            };
            if !number.is_finite() {
                return false;
            }
        }
    };
    quote! {
        fn #f(value: &str) -> bool {
            let value = value.trim();
            #parse
            #test
        }
    }
}

fn rust_hex(name: &str) -> TokenStream {
    let f = ident(name);
    quote! {
        fn #f(value: &str) -> bool {
            value.trim().strip_prefix('#').is_some_and(|hex| {
                matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
            })
        }
    }
}

fn rust_iban(name: &str) -> TokenStream {
    let f = ident(name);
    quote! {
        fn #f(value: &str) -> bool {
            let iban: String = value.trim().chars().filter(|c| *c != ' ').collect::<String>().to_ascii_uppercase();
            let bytes = iban.as_bytes();
            if !(15..=34).contains(&bytes.len()) || !bytes.iter().all(|b| b.is_ascii_alphanumeric()) {
                return false;
            }
            if !(bytes[0].is_ascii_alphabetic() && bytes[1].is_ascii_alphabetic() && bytes[2].is_ascii_digit() && bytes[3].is_ascii_digit()) {
                return false;
            }
            let mut remainder: u32 = 0;
            for c in iban[4..].chars().chain(iban[..4].chars()) {
                let Some(d) = c.to_digit(36) else {
                    return false;
                };
                remainder = (remainder * if d >= 10 { 100 } else { 10 } + d) % 97;
            }
            remainder == 1
        }
    }
}

fn rust_ean13(name: &str) -> TokenStream {
    let f = ident(name);
    quote! {
        fn #f(value: &str) -> bool {
            let value = value.trim();
            if value.len() != 13 || !value.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            let digits: Vec<u32> = value.bytes().map(|b| u32::from(b - b'0')).collect();
            let total: u32 = digits[..12].iter().enumerate().map(|(i, d)| if i % 2 == 1 { d * 3 } else { *d }).sum();
            (10 - total % 10) % 10 == digits[12]
        }
    }
}

/// One validator of every shape the generators know (every region, country and date format
/// with its own regex), for tests and audits.
pub fn example_validators() -> Vec<Validator> {
    let mut out = vec![
        Validator::Json,
        Validator::JsonFields {
            fields: vec!["id".into(), "name".into()],
        },
        Validator::Email,
        Validator::Url,
        Validator::Date { format: None },
        Validator::Uuid,
        Validator::Ipv4,
        Validator::Ipv6,
        Validator::Ip,
        Validator::Phone { region: None },
        Validator::CardLuhn,
        Validator::PostalCode { country: None },
        Validator::Length {
            min: Some(1),
            max: Some(10),
        },
        Validator::NumberRange {
            min: Some(0.0),
            max: Some(100.0),
            integer: false,
        },
        Validator::NumberRange {
            min: Some(1.0),
            max: None,
            integer: true,
        },
        Validator::Semver,
        Validator::HexColor,
        Validator::Iban,
        Validator::Ean13,
    ];
    out.extend(PHONE_REGIONS.iter().map(|r| Validator::Phone {
        region: Some(r.to_string()),
    }));
    out.extend(POSTAL_COUNTRIES.iter().map(|c| Validator::PostalCode {
        country: Some(c.to_string()),
    }));
    out.extend(super::regex::DATE_FORMATS.iter().map(|f| Validator::Date {
        format: Some(f.to_string()),
    }));
    out
}
