//! LLM408 `llm-does-arithmetic`: the prompt asks the model to sum, average or compare numbers.
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM408`).

use crate::classify::facts::HOLE as HOLE_MARK;
use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::{ReplacementSpec, Transform};
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM408",
    name: "llm-does-arithmetic",
    summary: "the prompt asks the model to sum, average or compare numbers",
    doc: DOC,
    task: Some(Task::Transform),
    subtype: Some("arithmetic"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to add up, average, or find the largest or smallest of the numbers given, to evaluate an arithmetic expression, or to count the days between two dates. Also a fixed question with no input: a word problem that gives its quantities and asks for a number ("how many ... left", "how old is ...", "how far ..."), or which of two numbers is bigger, even when wrapped in "think step by step". Where llmlint solves the shape exactly (the larger of two numbers, speed times time, what is left of a count) the replacement computes it; otherwise the finding carries no code: the answer is a constant, to compute once.

## Why is this bad?
Arithmetic is exact in code; a model adds long columns of numbers wrongly and silently. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Add up the following line-item amounts and return the total as a number only:\n{amounts}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
total = sum(float(x) for x in amounts.split())
```

```rust
let total: f64 = amounts.split_whitespace().filter_map(|x| x.parse::<f64>().ok()).sum();
```

## Fix safety
The rule is applied exactly, where the model might have also fixed typos or rephrased; outputs differ on such inputs. Unsafe fix when the call-and-read shape is recognised, display-only otherwise.
"##;

static OP: LazyLock<Vec<(Regex, Transform, &'static str)>> = LazyLock::new(|| {
    vec![
        (
            re(r"\b(?:average|mean|promedio|moyenne|durchschnitt)\b|平均"),
            Transform::Average,
            "average",
        ),
        (
            re(
                r"\b(?:sum|add\s+up|adds\s+up|total\s+of|totals?|suma|sumar|somme|summe|addiere)\b|求和|合計|总和",
            ),
            Transform::Sum,
            "sum",
        ),
        (
            re(r"\b(?:largest|highest|biggest|maximum|max)\b"),
            Transform::Max,
            "maximum",
        ),
        (
            re(r"\b(?:smallest|lowest|minimum|min)\b"),
            Transform::Min,
            "minimum",
        ),
        (
            re(r"\b(?:median|mediana|m[eé]diane)\b|中位数|中央値|중앙값"),
            Transform::Median,
            "median",
        ),
        (
            re(
                r"\b(?:standard\s+deviation|std\.?\s*dev|stdev|desviaci[oó]n\s+(?:est[aá]ndar|t[ií]pica)|desvio\s+padr[aã]o|[eé]cart[- ]type|standardabweichung)\b|标准差|標準偏差|표준\s*편차",
            ),
            Transform::StdDev,
            "standard deviation",
        ),
    ]
});
/// A bound on the answer's form after "max" / "min" ("max 2 decimals", "min. 3 words").
static OUTPUT_BOUND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\.?\s*(?:of\s+)?\d+\s*(?:decimals?|digits?|words?|char(?:acter)?s?|tokens?|sentences?|lines?|items?|bullets?|paragraphs?|places?)\b",
    )
});
/// The name of a statistic in [`Transform::Stats`].
fn stat_name(t: &Transform) -> &'static str {
    match t {
        Transform::Sum => "sum",
        Transform::Max => "max",
        Transform::Min => "min",
        Transform::Median => "median",
        Transform::StdDev => "std_dev",
        _ => "mean",
    }
}
static NUMBERS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:numbers|values|amounts|prices|figures|scores|quantities|costs|line[- ]items?|integers|digits|hours|minutes|seconds|durations|readings|measurements|latencies|weights|n[uú]meros|nombres|zahlen|betr[aä]ge|montants|cantidades|importes|horas|heures|stunden)\b|数字|金额|数値|숫자|\[\s*-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?){2,}\s*\]|-?\d+(?:\.\d+)?(?:,\s+-?\d+(?:\.\d+)?){2,})",
    )
});
static FUZZY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:estimate|estimated|forecast|predict|projected|roughly|approximately|guess|infer|based\s+on|policy|should|would)\b",
    )
});
/// One number picked out of a list: "the largest value in this list".
static ONE_OF_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:number|value|figure|score|price|amount|reading)\s+(?:in|from|of|among)\s+(?:this|the|these|that|my)\s+(?:following\s+)?(?:list|array|set|values|numbers|series)\b",
    )
});
/// Sorting words: "from highest to lowest" is an order, not a maximum (LLM409).
static SORTING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:sort|sorted|order|arrange|rank|ordena|trie|sortiere)\b.{0,80}\b(?:to|a)\s+(?:lowest|highest|smallest|largest|biggest|menor|mayor)\b|\b(?:sort|sorted|arrange|ordena|trie|sortiere)\b",
    )
});
/// Words saying the prompt is about arithmetic (a persona, an output rule).
static MATH_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:calculator|calculate|compute|arithmetic|math(?:s|ematical)?|number\s+cruncher|numbers?|result|answer|sum|equation|expression|calculadora|calculadora|rechner|calculatrice)\b|计算|計算|계산|결과|答え|结果",
    )
});
/// "Calculate this expression: {x}", "solve the equation {eq}".
static EXPRESSION_HOLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:math(?:ematical)?\s+)?(?:expressions?|equations?|formulas?|calculations?|arithmetic\s+problems?|math\s+problems?|expresi[oó]n|ecuaci[oó]n|express[aã]o|equa[cç][aã]o|expression|[eé]quation|ausdruck|gleichung)\b[^.\n]{0,40}?\{input\}|算式|数式|수식",
    )
});
/// Markup around completion-style few-shot prompts (`<s>..</s>`, `Q:` / `A:`).
static MARKUP: LazyLock<Regex> =
    LazyLock::new(|| re(r"</?s>|<\|[a-z_]+\|>|\b(?:q|a|input|output|result\s+of)\s*:?"));

/// The arithmetic is given as data: a line that is only an expression (a user message
/// `3 + 4 * 5 - 2 * 6`, few-shot pairs `3+4` / `7`), a short question around one ("what
/// is 7654 * 4567?", "quanto é 2+1?", "계산하세요 36 * 25"), a completion that ends in
/// `EXPR =`, or a request to evaluate an expression held in a hole.
fn expression(f: &PromptFacts) -> Option<(String, f64, Option<String>)> {
    use crate::classify::concepts::CALCULATE;
    use crate::classify::lexicon::{ARITH_EXPR, is_arithmetic, words_to_expression};
    let context = f.has(&MATH_CONTEXT) || f.has(CALCULATE.regex());
    // A completion ending in "EXPR =" after worked examples "EXPR = N".
    let stripped = MARKUP.replace_all(&f.text, " ");
    let trimmed = stripped.trim_end();
    if let Some(body) = trimmed.strip_suffix('=')
        && let Some(m) = ARITH_EXPR.find_iter(body).last()
        && body[m.end()..].trim().is_empty()
        && is_arithmetic(m.as_str())
    {
        return Some((
            format!("completes the expression \"{} =\"", m.as_str().trim()),
            0.74,
            Some(m.as_str().trim().to_string()),
        ));
    }
    for line in f.text.lines() {
        let l = MARKUP.replace_all(line, " ");
        let l = l.trim().trim_end_matches(['=', '?', '？', '.']).trim();
        if l.is_empty() {
            continue;
        }
        if let Some(m) = ARITH_EXPR.find(l)
            && m.start() == 0
            && m.end() == l.len()
            && is_arithmetic(l)
        {
            // Without a word about computing, the expression must be (nearly) the whole
            // prompt: "Final score\n3 - 1\nWho won?" asks something else.
            let rest_words = f
                .text
                .lines()
                .filter(|other| !other.contains(l))
                .flat_map(str::split_whitespace)
                .count();
            let score = if context {
                0.74
            } else if rest_words <= 3 {
                0.66
            } else {
                continue;
            };
            return Some((
                format!("the input is an arithmetic expression (\"{l}\")"),
                score,
                Some(l.to_string()),
            ));
        }
    }
    for s in f.sentences() {
        // Arithmetic written in words ("the sum of 1234 and 5678") reads as its expression.
        let (spelled, asked) = words_to_expression(s);
        let s: &str = &spelled;
        if let Some(m) = ARITH_EXPR.find(s)
            && is_arithmetic(m.as_str())
            && (asked || CALCULATE.is_match(s))
            && !asks_other_questions(f)
        {
            let (words, cjk) = words_around(s, m);
            if words <= 8 && cjk <= 16 {
                return Some((
                    format!("asks for the value of \"{}\"", m.as_str().trim()),
                    0.74,
                    Some(m.as_str().trim().to_string()),
                ));
            }
        }
        if CALCULATE.is_match(s) && EXPRESSION_HOLE.is_match(s) {
            return Some((
                "asks to evaluate an expression given as input".to_string(),
                0.72,
                None,
            ));
        }
    }
    None
}

/// Arithmetic on one input number and constants: "Add 1 to {n} and output the result",
/// "What is 15% of {amount}?", "the square root of {x}". Returns the formula over `x` and
/// the phrase it was read from.
fn formula(f: &PromptFacts) -> Option<(String, String)> {
    use crate::classify::concepts::CALCULATE;
    use crate::classify::lexicon::words_to_expression;
    use llmlint_rewrite::spec::formula::Expr;
    static FORMULA: LazyLock<Regex> = LazyLock::new(|| {
        let atom =
            r"\(?\s*(?:\{input\}|\d+(?:\.\d+)?|sqrt\(\s*(?:\{input\}|\d+(?:\.\d+)?)\s*\))\s*\)?";
        let op =
            r"(?:%\s*of\b|\*\*|[-+*/×÷^]|\b(?:plus|minus|times|multiplied\s+by|divided\s+by)\b)";
        re(&format!(
            r"{atom}(?:\s*{op}\s*{atom})+|sqrt\(\s*\{{input\}}\s*\)"
        ))
    });
    for s in f.sentences() {
        if s.matches(HOLE_MARK).count() != 1 {
            continue;
        }
        let (spelled, asked) = words_to_expression(s);
        let text: &str = &spelled;
        if !(asked || CALCULATE.is_match(text)) {
            continue;
        }
        let Some(m) = FORMULA.find(text) else {
            continue;
        };
        if m.as_str().matches(HOLE_MARK).count() != 1 {
            continue;
        }
        // The formula must be (nearly) the whole question, as for a constant expression.
        if words_around(text, m).0 > 8 {
            continue;
        }
        let expr = crate::classify::lexicon::operator_symbols(&m.as_str().replace(HOLE_MARK, "x"));
        static PERCENT_OF: LazyLock<Regex> = LazyLock::new(|| re(r"%\s*of"));
        let expr = PERCENT_OF.replace_all(&expr, " / 100 * ").into_owned();
        let expr = expr.split_whitespace().collect::<Vec<_>>().join(" ");
        if Expr::parse(&expr).is_some() {
            return Some((expr, s.trim().to_string()));
        }
    }
    None
}

/// The words of sentence `s` around the expression `m`, words asking to compute left out:
/// (Latin-script words, CJK / Hangul characters).
fn words_around(s: &str, m: regex::Match) -> (usize, usize) {
    use crate::classify::concepts::{CALCULATE, is_cjk_or_hangul};
    let rest = format!("{}{}", &s[..m.start()], &s[m.end()..]);
    let rest = CALCULATE.regex().replace_all(&rest, " ");
    let words = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().any(is_cjk_or_hangul))
        .count();
    let cjk = rest.chars().filter(|c| is_cjk_or_hangul(*c)).count();
    (words, cjk)
}

/// Arithmetic over two or more inputs ("What is {a} + {b}?", "Multiply {price} by
/// {quantity}"): the expression as written, and the replacement's input as a template whose
/// `{#N}` is the prompt's N-th hole (None when the words reorder the inputs).
fn over_inputs(f: &PromptFacts) -> Option<(String, Option<String>)> {
    use crate::classify::concepts::CALCULATE;
    use crate::classify::lexicon::words_to_expression;
    static EXPR: LazyLock<Regex> = LazyLock::new(|| {
        let atom = r"\(?\s*(?:\{input\}|\d+(?:\.\d+)?)\s*\)?";
        let op = r"(?:\*\*|[-+*/×÷^]|\bx\b|\b(?:plus|minus|times|multiplied\s+by|divided\s+by)\b)";
        re(&format!(r"{atom}(?:\s*{op}\s*{atom})+"))
    });
    for s in f.sentences() {
        let start = (s.as_ptr() as usize).saturating_sub(f.text.as_ptr() as usize);
        let before = f
            .text
            .get(..start)
            .map_or(0, |t| t.matches(HOLE_MARK).count());
        let (spelled, asked) = words_to_expression(s);
        let text: &str = &spelled;
        let Some(m) = EXPR
            .find_iter(text)
            .find(|m| m.as_str().matches(HOLE_MARK).count() >= 2)
        else {
            continue;
        };
        let expr = m.as_str().trim();
        // `+ * ×` and the operator words ask for arithmetic by themselves; `-`, `/` and `x`
        // also join ranges, paths and sizes, so they need a word asking to compute
        let ops = expr.replace(HOLE_MARK, "");
        let strong = ops.contains(['+', '*', '×', '÷', '^'])
            || ops.contains("plus")
            || ops.contains("minus")
            || ops.contains("times")
            || ops.contains(" by");
        if !(strong || asked || CALCULATE.is_match(text)) {
            continue;
        }
        // the expression is the question, or the sentence is about numbers ("Add these two
        // numbers together and output the result: {a} + {b}")
        if words_around(text, m).0 > 8 && !(strong && MATH_CONTEXT.is_match(text)) {
            continue;
        }
        let reordered = s.contains("subtract");
        let template = (!reordered).then(|| {
            let mut out = String::new();
            let mut rest = expr;
            let mut n = before + text[..m.start()].matches(HOLE_MARK).count();
            while let Some(i) = rest.find(HOLE_MARK) {
                out.push_str(&rest[..i]);
                out.push_str(&format!("{{#{n}}}"));
                n += 1;
                rest = &rest[i + HOLE_MARK.len()..];
            }
            out.push_str(rest);
            out
        });
        return Some((expr.to_string(), template));
    }
    None
}

/// Another question in the prompt with no arithmetic in it ("who are you? What is 81
/// divided by 9? and what is the capital of France?"): the sum is one part of a chat.
fn asks_other_questions(f: &PromptFacts) -> bool {
    use crate::classify::lexicon::{ARITH_EXPR, words_to_expression};
    // A follow-up about the answer ("What is it now?") and a short aside ("who are you?")
    // are not another topic.
    static REFERS_BACK: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(?:it|that|this|result|answer|total|sum|number)\b"));
    f.sentences().iter().any(|s| {
        let q = s.trim_end().ends_with(['?', '？']);
        let (text, _) = words_to_expression(s);
        q && s.split_whitespace().count() >= 5
            && !ARITH_EXPR.is_match(&text)
            && !REFERS_BACK.is_match(s)
            && !MATH_CONTEXT.is_match(s)
    })
}

/// "add these" over numbers given in the prompt or its input.
fn add_these(f: &PromptFacts) -> Option<String> {
    use crate::classify::concepts::ADD_UP;
    // "add these items to the list" has another object: only numbers may follow.
    static OBJECT_OK: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^\s*(?:$|[.!?:;,\n]|(?:numbers?|values|amounts|figures|up|together|please|and\s+(?:give|return|reply|answer)|for\s+me)\b|\{input\}|\d)",
        )
    });
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\d+(?:\.\d+)?\s*[,;\n]\s*\d+|\b(?:numbers?|values|amounts|figures|calculator|arithmetic|math|number\s+cruncher)\b",
        )
    });
    let m = ADD_UP
        .regex()
        .find_iter(&f.text)
        .find(|m| OBJECT_OK.is_match(&f.text[m.end()..]))?;
    f.has(&NUMERIC).then(|| m.as_str().trim().to_string())
}

/// "How many days between 2000-01-01 and 2025-03-18?", "how many days until {deadline}?":
/// a count of days between two dates the prompt gives (or one and today), in the concept
/// languages. Returns the evidence and, when the dates are written in the prompt, the input.
fn date_difference(f: &PromptFacts) -> Option<(String, Option<String>)> {
    static DAYS: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\bhow\s+many\s+days\b|\bnumber\s+of\s+days\b|\bdays\s+(?:are\s+there\s+)?(?:between|from|until|till|since|left\s+until)\b|\bcu[aá]ntos\s+d[ií]as\b|\bquantos\s+dias\b|\bcombien\s+de\s+jours\b|\bwie\s*viele\s+tage\b|多少天|几天|何日|며칠",
        )
    });
    static DATE: LazyLock<Regex> = LazyLock::new(|| re(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"));
    static TODAY: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(?:today|now|hoy|hoje|aujourd'hui|heute)\b|今天|今日|現在|오늘"));
    static DATE_HOLE: LazyLock<Regex> =
        LazyLock::new(|| re(r"date|day|today|now|deadline|start|end|birth|due|fecha|data"));
    for s in f.sentences() {
        if !DAYS.is_match(s) {
            continue;
        }
        let dates: Vec<&str> = DATE.find_iter(s).map(|m| m.as_str()).collect();
        let date_holes = if s.contains(HOLE_MARK) {
            f.holes.iter().filter(|h| DATE_HOLE.is_match(h)).count()
        } else {
            0
        };
        let today = TODAY.is_match(s);
        let given = dates.len() + date_holes;
        if given == 0 || given + usize::from(today) < 2 || given > 2 {
            continue;
        }
        // the replacement's input: the dates as written, holes as `{#N}` (the N-th hole)
        let mut parts: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
        if date_holes > 0 {
            parts.extend(
                f.holes
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| DATE_HOLE.is_match(h))
                    .map(|(i, _)| format!("{{#{i}}}")),
            );
        }
        let input = Some(parts.join(" and "));
        let why = match (dates.len(), today) {
            (2, _) => format!("asks for the days between {} and {}", dates[0], dates[1]),
            (1, true) => format!("asks for the days between {} and today", dates[0]),
            _ => "asks for the days between two dates it is given".to_string(),
        };
        return Some((why, input));
    }
    None
}

/// The subtype detector: an arithmetic operation over numbers given in the input.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    if f.has(&FUZZY) {
        return None;
    }
    if let Some((why, input)) = date_difference(f) {
        let c = Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::DaysBetween,
            },
        )
        .with(why, 0.72);
        return Some(match input {
            Some(i) if !i.is_empty() => c.with_input(i),
            _ => c,
        });
    }
    if let Some((mut expr, template)) = over_inputs(f) {
        if let Some(t) = &template {
            // the inputs by name: "{price} * {quantity}"
            expr = t.clone();
            for (i, name) in f.holes.iter().enumerate().rev() {
                expr = expr.replace(&format!("{{#{i}}}"), &format!("{{{name}}}"));
            }
        }
        let c = Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::Evaluate,
            },
        )
        .with(
            format!("asks for the value of \"{expr}\" over its inputs"),
            0.7,
        );
        return Some(match template {
            Some(t) => c.with_input(t),
            None => c,
        });
    }
    if let Some((why, score, literal)) = expression(f) {
        let c = Candidate::new(
            &RULE,
            ReplacementSpec::Transform {
                transform: Transform::Evaluate,
            },
        )
        .with(why, score);
        return Some(match literal.filter(|_| f.holes.is_empty()) {
            Some(expr) => c.with_input(expr),
            None => c,
        });
    }
    if let Some((expr, phrase)) = formula(f) {
        return Some(
            Candidate::new(
                &RULE,
                ReplacementSpec::Transform {
                    transform: Transform::Formula { expr: expr.clone() },
                },
            )
            .with(
                format!("asks to compute `{expr}` from one input number (\"{phrase}\")"),
                0.72,
            ),
        );
    }
    for s in f.sentences() {
        if !NUMBERS.is_match(s) && !ONE_OF_LIST.is_match(s) {
            continue;
        }
        if SORTING.is_match(s) {
            continue;
        }
        // Every statistic the sentence asks for, in the order asked ("the mean and standard
        // deviation of ..."); one is that operation, several are a statistics summary.
        let mut asked: Vec<(usize, &Transform, &str, &str)> = OP
            .iter()
            .filter_map(|(r, t, what)| {
                r.find_iter(s)
                    .find(|m| !OUTPUT_BOUND.is_match(&s[m.end()..]))
                    .map(|m| (m.start(), t, *what, m.as_str().trim()))
            })
            .collect();
        asked.sort_by_key(|(at, ..)| *at);
        let transform = match asked.as_slice() {
            [] => continue,
            [(_, t, ..)] => (*t).clone(),
            several => Transform::Stats {
                stats: several
                    .iter()
                    .map(|(_, t, ..)| stat_name(t).to_string())
                    .collect(),
            },
        };
        let what: Vec<&str> = asked.iter().map(|(_, _, what, _)| *what).collect();
        let words: Vec<String> = asked.iter().map(|(.., w)| format!("\"{w}\"")).collect();
        let c = Candidate::new(&RULE, ReplacementSpec::Transform { transform }).with(
            format!(
                "asks for the {} of numbers ({})",
                what.join(" and "),
                words.join(", ")
            ),
            0.76,
        );
        // numbers listed in the prompt itself are the replacement's input
        static LISTED: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"\[[-\d.,\s]+\]|-?\d+(?:\.\d+)?(?:,\s+-?\d+(?:\.\d+)?)+(?:,?\s+(?:and|y|e|et|und)\s+-?\d+(?:\.\d+)?)?",
            )
        });
        return Some(match LISTED.find(s).filter(|_| f.holes.is_empty()) {
            Some(m) => c.with_input(m.as_str()),
            None => c,
        });
    }
    if let Some(what) = add_these(f) {
        return Some(
            Candidate::new(
                &RULE,
                ReplacementSpec::Transform {
                    transform: Transform::Sum,
                },
            )
            .with(format!("asks to add up numbers (\"{what}\")"), 0.72),
        );
    }
    fixed_question(f)
}

/// A number comparison or a word problem with no run-time input: its answer is a constant.
/// The replacement computes it where llmlint solves the shape exactly (the larger of two
/// numbers, a distance from a speed and a time, what is left of a count); otherwise the
/// finding carries no code and says why.
fn fixed_question(f: &PromptFacts) -> Option<Candidate> {
    let evaluate = ReplacementSpec::Transform {
        transform: Transform::Evaluate,
    };
    if let Some((why, fix)) = comparison(f) {
        return Some(match fix {
            Some((transform, input)) => {
                Candidate::new(&RULE, ReplacementSpec::Transform { transform })
                    .with(why, 0.74)
                    .with_input(input)
            }
            None => Candidate::new(&RULE, evaluate)
                .with(why, 0.72)
                .without_fix(FIXED_ANSWER),
        });
    }
    if let Some(m) = POWER_MOD.find(&f.text).filter(|_| f.holes.is_empty()) {
        return Some(
            Candidate::new(&RULE, evaluate)
                .with(
                    format!(
                        "asks for a fixed power modulo a number (\"{}\")",
                        m.as_str().trim()
                    ),
                    0.72,
                )
                .without_fix(FIXED_ANSWER),
        );
    }
    let (question, expr) = word_problem(f)?;
    let c = Candidate::new(&RULE, evaluate).with(format!("{WORD_PROBLEM} (\"{question}\")"), 0.7);
    Some(match expr {
        Some(e) => {
            let value = crate::classify::examples::eval_expr(&e)
                .map(|v| format!(" = {v}"))
                .unwrap_or_default();
            c.with(format!("the answer is `{e}`{value}"), 0.02)
                .with_input(e)
        }
        None => c.without_fix(FIXED_ANSWER),
    })
}

/// The evidence of a word problem (the weighing reads it: a question about the problem's
/// own people is not an open question about a text).
pub const WORD_PROBLEM: &str = "a word problem with its quantities given, asking for a number";

/// A power modulo a number asked for ("what is 3^{12345} (mod 100)?", "compute 7^222 mod
/// 10"), exponents in TeX braces or not.
static POWER_MOD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:what\s+is|what's|compute|calculate|find|evaluate)\s+\d+\s*(?:\^|\*\*)\s*\{?\s*\d+\s*\}?\s*\(?\s*(?:mod|modulo)\s+\d+\s*\)?",
    )
});

/// The help of a fixed word problem that llmlint does not solve.
pub const FIXED_ANSWER: &str = "the question is fixed: its answer is a constant; compute it once (by hand or in a line of code) and use the value instead of asking a model on every run";

/// A number as a word problem writes it: `7`, `4.25`, `2/5`, `60%`.
const QTY: &str = r"\d+(?:\.\d+)?(?:\s*/\s*\d+)?\s*%?";

/// A question or an imperative asking for a number ("how many", "how old", "what is the
/// total", "determine ... age"), in English and the Latin-script concept languages.
static ASKS_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bhow\s+(?P<how>many|much|old|far|long|fast)\b|\bwhat\s+(?:is|are|was|were|will\s+be)\s+(?:the\s+|their\s+|his\s+|her\s+|my\s+|your\s+|its\s+)?(?:new\s+|final\s+)?(?:total|sum|differences?|age|ages|age\s+differences?|distance|remaining\s+\w+|total\s+\w+)\b|\b(?:determine|calculate|compute|work\s+out|figure\s+out)\s+(?:[\w']+\s+){0,4}?(?:age|total|distance|difference|sum|remaining|number\s+of)\b|\bcu[aá]nt[oa]s\s+(?P<es>\w+)|\bquant[oa]s\s+(?P<pt>\w+)|\bcombien\s+(?:de\s+|d')(?P<fr>\w+)|\bwie\s+viele\s+(?P<de>\w+)",
    )
});
/// Words saying the number is a guess, a recommendation or knowledge about the world,
/// not the result of the quantities given.
static NOT_FIXED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:estimate[sd]?|approximately|approximate|roughly|about\s+how|predict\w*|forecast\w*|guess\w*|likely|probabilit\w*|chance|expected|should|ideal|recommended|healthy|typical(?:ly)?|usually|normally|on\s+average|in\s+the\s+world|in\s+history|population|per\s+capita)\b",
    )
});
/// A rate: a speed or an amount per unit of time (`60 km/h`, `4.25 m/s`, `5 liters per minute`).
static RATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<n>\d+(?:\.\d+)?)\s*(?:(?P<kmh>km/h|kmh|kph|km\s+per\s+hour|kilomet(?:er|re)s?\s+(?:per|an)\s+hour)|(?P<mph>mph|miles?\s+(?:per|an)\s+hour)|(?P<ms>m/s|met(?:er|re)s?\s+(?:per|a)\s+second)|[a-z]+\s*/\s*(?:h|hr|hour|min|minute|s|sec|second|day)\b|[a-z]+\s+(?:per|an|a|each)\s+(?:hour|minute|second|day|week|month|year)\b)",
    )
});
/// A duration (`2 hours`, `30 min`).
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<n>\d+(?:\.\d+)?)\s*(?:(?P<h>hours?|hrs?|h)|(?P<min>minutes?|mins?)|(?P<s>seconds?|secs?|s)|days?|weeks?|months?|years?)\b",
    )
});
/// A length (`17.0 m`, `120 km`, `60-mile`).
static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<n>\d+(?:\.\d+)?)\s*-?\s*(?:(?P<km>km|kilomet(?:er|re)s?)|(?P<mi>miles?)|(?P<m>m|met(?:er|re)s?))\b",
    )
});
/// A clock time (`3 PM`, `14:30`): a trip's times of day make its duration a reading.
static CLOCK: LazyLock<Regex> =
    LazyLock::new(|| re(r"\d\s*(?:am|pm|a\.m\.|p\.m\.)\b|\b\d{1,2}:\d{2}\b|\bo'clock\b"));

/// The nouns written right after a number ("7 llamas", "3 more trucks of llamas",
/// "a 60-mile trip"), as stems.
fn counted_nouns(text: &str) -> Vec<String> {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        re(r"\d+(?:\.\d+)?(?:\s*/\s*\d+)?\s*%?(?:\s*-\s*|\s+)((?:[a-z']+\s+){0,3}[a-z']+)")
    });
    AFTER
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .flat_map(|m| m.as_str().split_whitespace().map(stem).collect::<Vec<_>>())
        .collect()
}

fn stem(w: &str) -> String {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    let w = w.strip_suffix("'s").unwrap_or(w);
    w.strip_suffix('s').unwrap_or(w).to_string()
}

/// How many quantities the prompt gives: its numbers, and multiplier words ("twice",
/// "half").
fn quantities(text: &str) -> usize {
    static NUM: LazyLock<Regex> = LazyLock::new(|| re(QTY));
    static MULT: LazyLock<Regex> =
        LazyLock::new(|| re(r"\b(?:twice|double|triple|thrice|half|halve|quarter|third)\b"));
    NUM.find_iter(text).count() + MULT.find_iter(text).count()
}

/// Is the number asked for tied to the quantities given? "how many llamas" needs llamas
/// counted somewhere, "how far" a speed and a time, "how old" an age.
fn grounded(text: &str, sentence: &str, q: &regex::Captures) -> bool {
    static NEXT_WORD: LazyLock<Regex> = LazyLock::new(|| {
        re(r"^\s+(?:(?:more|of|the|total|in\s+total|different|extra|additional)\s+)*([a-z']+)")
    });
    static AGE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\d+\s*-?\s*(?:years?|yrs?)\b|\bage[sd]?\s+(?:of\s+|is\s+)?\d|\b(?:is|am|are|was|turns?|turned)\s+\d+\b",
        )
    });
    static MONEY: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"[$€£¥₹]\s*\d|\d+(?:\.\d+)?\s*(?:dollars?|euros?|pounds?|cents?|usd|eur|gbp|rupees?|yen|reais|pesos?)\b",
        )
    });
    let nouns = counted_nouns(text);
    let noun_after = |at: usize| {
        NEXT_WORD
            .captures(sentence.get(at..).unwrap_or(""))
            .and_then(|c| c.get(1))
            .map(|m| stem(m.as_str()))
    };
    let counted = |w: &str| {
        w == "them"
            || w.len() >= 2
                && nouns.iter().any(|n| {
                    n == w
                        || n.len().min(w.len()) >= 4
                            && (n.starts_with(w) || w.starts_with(n.as_str()))
                })
    };
    let end = q.get(0).map_or(0, |m| m.end());
    if let Some(w) = ["es", "pt", "fr", "de"].iter().find_map(|k| q.name(k)) {
        return counted(&stem(w.as_str()));
    }
    let rates = RATE.find_iter(text).count();
    let lengths = LENGTH.find_iter(&RATE.replace_all(text, " ")).count();
    let durations = DURATION.find_iter(&RATE.replace_all(text, " ")).count();
    match q.name("how").map(|m| m.as_str()) {
        // "how many miles" after a speed and a time: the unit of the answer, not a count
        Some("many") => noun_after(end).is_some_and(|w| {
            counted(&w)
                || rates >= 1
                    && [format!("1 {w}"), format!("1 {w}s")]
                        .iter()
                        .any(|u| LENGTH.is_match(u) || DURATION.is_match(u))
        }),
        Some("much") => MONEY.is_match(text) || noun_after(end).is_some_and(|w| counted(&w)),
        Some("old") => AGE.is_match(text),
        Some("far") => rates >= 1 && durations >= 1,
        Some("long") => rates >= 1 && (lengths + quantities(text)) >= 2,
        Some("fast") => lengths >= 1 && durations >= 1,
        _ => {
            // "what are their age differences", "what is the total", "determine ... age"
            // The total or difference of the problem's own quantities: the question ends
            // there ("what is the total?") or names what was counted ("the total number of
            // apples"); "the difference between 2019 and 2023 phone designs" is not one.
            static OF_WHAT: LazyLock<Regex> = LazyLock::new(|| {
                re(
                    r"^\s*(?:(?:number|amount|count|cost|price|weight|length|distance|time)\s+)?(?:of\s+)?(?:the\s+|all\s+)?([a-z']+)",
                )
            });
            let what = q.get(0).map_or("", |m| m.as_str());
            if what.contains("age") {
                return AGE.is_match(text);
            }
            let after = sentence.get(end..).unwrap_or("").trim_start();
            after.is_empty()
                || after.starts_with(['?', '.', '!', ':', ','])
                || OF_WHAT
                    .captures(after)
                    .and_then(|c| c.get(1))
                    .is_some_and(|w| counted(&stem(w.as_str())))
        }
    }
}

/// A fixed word problem: no run-time input, two or more quantities, and a question asking
/// for a number tied to them ("Sarah has 7 llamas ... how many llamas does she have in
/// total?", "a train runs 2 hours at 60 km/h; how far?", "I was 4 and my partner 3 times my
/// age; I am 20; how old is my partner?"). Returns the question and, for the shapes llmlint
/// solves exactly, the expression that computes the answer.
fn word_problem(f: &PromptFacts) -> Option<(String, Option<String>)> {
    if !f.holes.is_empty() || f.has(&NOT_FIXED) || f.text.split_whitespace().count() > 170 {
        return None;
    }
    if quantities(&f.text) < 2 {
        return None;
    }
    // Items or quoted text to read ("Here are 4 tickets: 1. ... How many are about
    // billing?"): counting them takes judgement over the text. Worked steps ("Step 1:")
    // are not such a list.
    static LIST_ITEM: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*(?:[-*•]|\d+[.)]|[a-z][.)])\s+\S"));
    static STEP: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:step\s+\d|answer\b)"));
    let items = f
        .text
        .lines()
        .filter(|l| LIST_ITEM.is_match(l) && !STEP.is_match(l))
        .count();
    let quoted_text = f.quoted().iter().any(|q| q.split_whitespace().count() >= 3);
    if items >= 2 || quoted_text {
        return None;
    }
    // A problem wrapped over lines ("How many miles\ndid he travel ...?") is read as
    // running text.
    let flat = f.text.replace('\n', " ");
    let sentences = crate::classify::facts::split_sentences(&flat);
    let mut asked = None;
    for s in &sentences {
        if let Some(q) = ASKS_NUMBER.captures(s)
            && grounded(&f.text, s, &q)
        {
            asked = Some(*s);
            break;
        }
    }
    let asked = asked?;
    // Another question that asks something else: the problem is one part of a chat.
    let other = sentences.iter().any(|s| {
        *s != asked
            && s.trim_end().ends_with(['?', '？'])
            && s.split_whitespace().count() >= 4
            && !ASKS_NUMBER.is_match(s)
    });
    if other {
        return None;
    }
    Some((asked.trim().to_string(), solve(&f.text)))
}

/// The shapes of word problem whose answer llmlint computes exactly: distance from one
/// speed and one duration in the same unit of time, time from one speed and one distance
/// in the same unit of length, and what is left of a count after giving part of it away.
fn solve(text: &str) -> Option<String> {
    static HOW: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\bhow\s+(?:(?P<far>far)|(?P<long>long)|many\s+(?:more\s+)?(?P<unit>[a-z]+)|much\s+time)\b",
        )
    });
    let how = HOW.captures(text)?;
    let speeds: Vec<regex::Captures> = RATE.captures_iter(text).collect();
    let rest = RATE.replace_all(text, " ");
    if let [speed] = speeds.as_slice()
        && !CLOCK.is_match(text)
    {
        let (len_unit, time_unit) = if speed.name("kmh").is_some() {
            ("km", "h")
        } else if speed.name("mph").is_some() {
            ("mi", "h")
        } else if speed.name("ms").is_some() {
            ("m", "s")
        } else {
            return None;
        };
        let v = &speed["n"];
        let durations: Vec<regex::Captures> = DURATION.captures_iter(&rest).collect();
        let lengths: Vec<regex::Captures> = LENGTH.captures_iter(&rest).collect();
        let asks_distance = how.name("far").is_some()
            || how
                .name("unit")
                .is_some_and(|u| LENGTH.is_match(&format!("1 {}", u.as_str())));
        if asks_distance
            && lengths.is_empty()
            && let [d] = durations.as_slice()
            && d.name(time_unit).is_some()
        {
            return Some(format!("{v} * {}", &d["n"]));
        }
        let asks_time = how.name("long").is_some()
            || text.contains("how much time")
            || how
                .name("unit")
                .is_some_and(|u| DURATION.is_match(&format!("1 {}", u.as_str())));
        if asks_time
            && durations.is_empty()
            && let [l] = lengths.as_slice()
            && l.name(len_unit).is_some()
        {
            return Some(format!("{} / {v}", &l["n"]));
        }
        return None;
    }
    left_over(text)
}

/// "I have 15 apples and give 2/5 of them away; how many are left?": the count minus the
/// part given (a number, a fraction or a percentage of it), when those are the only two
/// numbers in the problem.
fn left_over(text: &str) -> Option<String> {
    static HAVE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:have|has|had|owns?|bought|buys|starts?\s+with|there\s+are)\s+(?P<n>\d+)\s+(?P<what>[a-z]+)",
        )
    });
    static TAKE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:give|gives|gave|giving|eat|eats|ate|sell|sells|sold|lose|loses|lost|use|uses|used|spend|spends|spent|take|takes|took)\s+(?:away\s+)?(?:(?P<a>\d+)\s*/\s*(?P<b>\d+)|(?P<p>\d+(?:\.\d+)?)\s*%|(?P<k>\d+))(?:\s+of\s+(?:them|it|those|these|the\s+\w+))?",
        )
    });
    static LEFT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\bhow\s+many\s+(?:(?P<what>[a-z]+)\s+)?(?:[a-z']+\s+){0,4}?(?:left|remain(?:ing|s)?)\b",
        )
    });
    static NUM: LazyLock<Regex> = LazyLock::new(|| re(QTY));
    if NUM.find_iter(text).count() != 2 {
        return None;
    }
    let have = HAVE.captures(text)?;
    let take = TAKE.captures(&text[have.get(0)?.end()..])?;
    let left = LEFT.captures(text)?;
    if let Some(w) = left.name("what")
        && !matches!(
            w.as_str(),
            "do" | "does" | "did" | "are" | "is" | "will" | "of"
        )
        && stem(w.as_str()) != stem(&have["what"])
    {
        return None;
    }
    let n = &have["n"];
    Some(
        match (
            take.name("a"),
            take.name("b"),
            take.name("p"),
            take.name("k"),
        ) {
            (Some(a), Some(b), ..) => format!("{n} - {n} * {} / {}", a.as_str(), b.as_str()),
            (_, _, Some(p), _) => format!("{n} - {n} * {} / 100", p.as_str()),
            (_, _, _, Some(k)) => format!("{n} - {}", k.as_str()),
            _ => return None,
        },
    )
}

/// "Which is bigger, 9.11 or 9.8?": the larger (or smaller) of two numbers given, as the
/// maximum (minimum) of them; "is 9.11 bigger than 9.9?" as a comparison without a fix.
fn comparison(f: &PromptFacts) -> Option<(String, Option<(Transform, String)>)> {
    const N: &str = r"(-?\d+(?:\.\d+)?)";
    const BIG: &str =
        r"(?:bigger|larger|greater|higher|more|mayor|maior|plus\s+grand|gr[oö](?:ß|ss)er)";
    const SMALL: &str = r"(?:smaller|lower|less|menor|plus\s+petit|kleiner)";
    static WHICH: LazyLock<Regex> = LazyLock::new(|| {
        let which = r"(?:which|what)\s+(?:number\s+|one\s+|value\s+)?is\s+(?:the\s+)?|cu[aá]l\s+es\s+(?:el\s+)?(?:m[aá]s\s+)?|qual\s+[eé]\s+(?:o\s+)?|lequel\s+est\s+|welche\s+(?:zahl\s+)?ist\s+";
        let or = r"\s*(?:or|,|vs\.?|versus|o|ou|oder)\s*";
        re(&format!(
            r"(?:{which})(?P<w1>{BIG}|{SMALL})(?:\s+number)?\s*[:,]?\s*{N}{or}{N}|{N}{or}{N}\s*[,:?]?\s*(?:{which})(?P<w2>{BIG}|{SMALL})"
        ))
    });
    static IS_THAN: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"\bis\s+{N}\s+(?:{BIG}|{SMALL}|bigger|equal\s+to)\s+(?:than\s+)?{N}\s*\?"
        ))
    });
    if !f.holes.is_empty() {
        return None;
    }
    for s in f.sentences() {
        if let Some(c) = WHICH.captures(s) {
            let word = c.name("w1").or(c.name("w2"))?.as_str();
            let nums: Vec<&str> = (1..c.len())
                .filter_map(|i| c.get(i))
                .map(|m| m.as_str())
                .filter(|m| m.chars().any(|ch| ch.is_ascii_digit()))
                .collect();
            let [a, b] = nums.as_slice() else { continue };
            let small = Regex::new(&format!("^{SMALL}$")).is_ok_and(|r| r.is_match(word));
            let t = if small {
                Transform::Min
            } else {
                Transform::Max
            };
            return Some((
                format!("asks which of {a} and {b} is {word}"),
                Some((t, format!("{a}, {b}"))),
            ));
        }
        if let Some(m) = IS_THAN.find(s) {
            return Some((format!("asks \"{}\"", m.as_str().trim()), None));
        }
    }
    None
}
