//! Transforms (owned by the lookup/transform generators).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "transform", rename_all = "kebab-case")]
pub enum Transform {
    Upper,
    Lower,
    Title,
    SnakeCase,
    CamelCase,
    Trim,
    CollapseWhitespace,
    Slugify,
    /// Formats as the prompt states them (`MM/DD/YYYY` → `YYYY-MM-DD`); `from: None` = common forms.
    ReformatDate {
        from: Option<String>,
        to: String,
    },
    CsvToJson,
    JsonToCsv,
    /// Read one field out of a JSON payload (`path` of keys / indices).
    JsonField {
        path: Vec<String>,
    },
    SortJsonKeys,
    CountWords,
    CountChars,
    /// How many times `needle` occurs in the input ("how many r's in strawberry").
    CountOccurrences {
        needle: String,
    },
    /// Count items separated by `separator` (None: lines).
    CountItems {
        separator: Option<String>,
    },
    Sum,
    /// Evaluates an arithmetic expression (`3 + 4 * 5`, `sqrt(2)`, `2 plus 2`) exactly, with
    /// the usual precedence.
    Evaluate,
    Average,
    Max,
    Min,
    Median,
    /// The population standard deviation (divides by n, as `numpy.std` and `statistics.pstdev`).
    StdDev,
    /// Several statistics of the numbers at once, in the order the prompt asks for them;
    /// each one of `sum`, `mean`, `median`, `std_dev`, `min`, `max`.
    Stats {
        stats: Vec<String>,
    },
    /// A formula over one input number `x` ("add 1 to {n}" is `x + 1`, "15% of {amount}"
    /// is `15 / 100 * x`): `+ - * / ^`, parentheses and `sqrt(..)` (see [`super::formula`]).
    Formula {
        expr: String,
    },
    /// Days between the first two year-month-day dates in the input (from today when it
    /// holds one), as a non-negative count.
    DaysBetween,
    /// Sort items split by `separator` (None: lines).
    SortItems {
        separator: Option<String>,
        descending: bool,
        numeric: bool,
    },
    /// Dedupe items keeping first occurrence.
    Dedupe {
        separator: Option<String>,
        sort: bool,
    },
    PhoneE164 {
        region: Option<String>,
    },
    MarkdownToHtml,
}
