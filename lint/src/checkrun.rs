//! `llmlint check` end to end: findings become diagnostics (message, evidence, help, fix),
//! then selection and suppression, fixes applied on request, and rendering.

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use llmlint_rules::Language;

use crate::analysis::{FileAnalysis, language_of};
use crate::check::fix::{
    FileFixes, FixSettings, fix_until_stable, read_with_stamp, render_show_fixes, unified_diff,
    write_atomic,
};
use crate::check::select::{PerFileIgnores, RuleSelection, SelectionLayer};
use crate::check::statistics::{render_text, statistics};
use crate::check::{Diagnostic, OutputFormat, RenderOptions, finalize_file_at, render};
use crate::cli::{CheckArgs, CheckFormat, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Scan, scan};
use crate::config::Config;
use crate::cost::latency::human_ms;
use crate::cost::{CostEstimate, format_usd};
use crate::driver::{FileResult, Project, SettingsCache, guarded_analyze, normalize_calls};
use crate::pipeline::{Finding, PipelineOptions, evaluate};

/// What the subtype asks the model to do, as the end of "this call asks MODEL to ...".
pub fn job_phrase(subtype: &str) -> String {
    let s = match subtype {
        "extract-emails" => "extract email addresses from text",
        "extract-urls" => "extract URLs from text",
        "extract-phone-numbers" => "extract phone numbers from text",
        "extract-dates" => "extract dates from text",
        "extract-amounts" => "extract money amounts or numbers from text",
        "extract-ids" => "extract identifiers of a fixed shape from text",
        "extract-hashtags" => "extract hashtags from text",
        "extract-mentions" => "extract @mentions from text",
        "extract-ip-addresses" => "extract IP addresses from text",
        "extract-postal-codes" => "extract postal codes from text",
        "extract-versions" => "extract version numbers from text",
        "contains-text" => "check whether text contains a given word or pattern",
        "inline-mapping" => "apply a mapping that is spelled out in the prompt",
        "country-code" => "look up a country's ISO code",
        "country-capital" => "look up a country's capital",
        "country-reference" => "look up reference data about a country",
        "http-status" => "look up an HTTP status code or reason phrase",
        "currency-reference" => "look up a currency's symbol or name",
        "language-code" => "look up a language's ISO 639 code",
        "us-state-code" => "look up a US state abbreviation",
        "mime-type" => "look up the MIME type of a file extension",
        "weekday-name" => "look up the name of a weekday",
        "unit-conversion" => "convert between units",
        "current-date" => "tell today's date",
        "validate-json" => "check that a string is valid JSON",
        "validate-email" => "check that a string is a valid email address",
        "validate-url" => "check that a string is a valid URL",
        "validate-date" => "check that a string is a valid date",
        "validate-uuid" => "check that a string is a valid UUID",
        "validate-ip" => "check that a string is a valid IP address",
        "validate-phone" => "check that a string is a valid phone number",
        "validate-card-number" => "check a card number's Luhn checksum",
        "validate-postal-code" => "check that a string is a valid postal code",
        "validate-range" => "check a length or numeric range",
        "validate-required-fields" => "check that JSON has required fields",
        "validate-semver" => "check that a string is a valid semantic version",
        "validate-hex-color" => "check that a string is a valid hex colour",
        "validate-check-digits" => "verify check digits (IBAN, EAN-13)",
        "change-case" => "change the case of text",
        "trim-whitespace" => "trim or collapse whitespace",
        "slugify" => "turn text into a URL slug",
        "reformat-date" => "reformat a date",
        "convert-csv-json" => "convert between CSV and JSON",
        "extract-json-field" => "read a field out of JSON",
        "count" => "count words, characters or items",
        "arithmetic" => "do arithmetic on numbers in text",
        "sort-items" => "sort a list",
        "dedupe-items" => "remove duplicates from a list",
        "format-phone" => "format a phone number as E.164",
        "sort-json-keys" => "sort the keys of a JSON object",
        "markdown-to-html" => "convert Markdown to HTML",
        other => return format!("do a deterministic job ({other})"),
    };
    s.to_string()
}

/// The cost comparison appended to a finding's message:
/// " (~$34/1M calls, ~650 ms; a regex: ~1 µs)".
pub fn estimate_phrase(c: &CostEstimate) -> String {
    let mut parts = Vec::new();
    if c.provider.as_deref() == Some("local") && c.usd_per_million_calls == Some(0.0) {
        // A local endpoint (Ollama, llama.cpp) has no per-call price, whatever model it runs.
        parts.push("a local model: no per-call price".to_string());
    } else if let Some(u) = c.usd_per_million_calls {
        let assumed = if c.model_assumed {
            format!(" if it is {}", c.model)
        } else {
            String::new()
        };
        parts.push(format!("~{}/1M calls{assumed}", format_usd(u)));
    }
    if let Some(ms) = c.latency_ms {
        parts.push(human_ms(ms));
    }
    if parts.is_empty() {
        return String::new();
    }
    let mut s = format!(" ({}", parts.join(", "));
    if let (Some(kind), Some(t)) = (&c.deterministic_kind, &c.deterministic) {
        s.push_str(&format!("; {kind}: {t}"));
    }
    s.push(')');
    s
}

fn shown(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The diagnostics of one analysed file, before selection and suppression.
pub fn diagnostics_for(findings: &[Finding<'_>], path: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in findings {
        let call = f.call;
        if f.flagged
            && let Some(code) = f.class.rule.as_deref()
        {
            let model = call.model_name().unwrap_or("an LLM");
            let job = f
                .class
                .subtype
                .as_deref()
                .map(job_phrase)
                .unwrap_or_else(|| "do a deterministic job".into());
            let mut d = Diagnostic::with_code(
                code,
                path,
                call.span,
                format!(
                    "this call asks {model} to {job}{}",
                    estimate_phrase(&f.cost)
                ),
            )
            .with_evidence(f.class.evidence.iter().map(|e| e.text.clone()));
            if let Some(ps) = call.prompt_span {
                d = d.with_label(
                    ps,
                    format!("the prompt asks for a {} task", f.class.task.as_str()),
                );
            }
            if let Some(help) = f.help.clone() {
                d = d.with_help(help);
            }
            if let Some(r) = &f.replacement {
                d = d.with_fix(r.fix.clone());
            }
            out.push(d);
        }
        for (code, message) in &f.hygiene {
            out.push(Diagnostic::with_code(
                code,
                path,
                call.span,
                message.clone(),
            ));
        }
    }
    crate::fixgen::share_helper_inserts(&mut out);
    out
}

/// Does `text` still parse as `lang`? Used to drop fixes that would break a file.
pub fn parses(lang: Language, text: &str) -> bool {
    match lang {
        Language::Python => {
            let mut p = tree_sitter::Parser::new();
            if p.set_language(&tree_sitter_python::LANGUAGE.into())
                .is_err()
            {
                return false;
            }
            p.parse(text, None)
                .is_some_and(|t| !t.root_node().has_error())
        }
        Language::Rust => syn::parse_file(text).is_ok(),
    }
}

/// The rule selection and `per-file-ignores` in force for each configuration, on top of the
/// command line's layer (empty for the editor server).
pub struct Selections {
    cli: SelectionLayer,
    by_config: HashMap<usize, (RuleSelection, Option<PerFileIgnores>)>,
}

impl Selections {
    pub fn new(cli: SelectionLayer) -> Self {
        Selections {
            cli,
            by_config: HashMap::new(),
        }
    }

    pub fn get(
        &mut self,
        config: &Arc<Config>,
    ) -> Result<&(RuleSelection, Option<PerFileIgnores>), String> {
        let key = Arc::as_ptr(config) as usize;
        if !self.by_config.contains_key(&key) {
            let o = &config.options;
            let layer = SelectionLayer {
                select: o.select.clone(),
                extend_select: o.extend_select.clone().unwrap_or_default(),
                ignore: o.ignore.clone().unwrap_or_default(),
            };
            let src = config
                .source
                .as_ref()
                .map_or_else(|| "configuration".into(), |p| p.display().to_string());
            // The configuration's own selectors first, so an error names the file that holds
            // the bad selector (the command line is checked before the run).
            RuleSelection::resolve(std::slice::from_ref(&layer))
                .map_err(|e| format!("{src}: {e}"))?;
            let sel = RuleSelection::resolve(&[layer, self.cli.clone()])
                .map_err(|e| format!("command line: {e}"))?;
            let pfi = match &o.per_file_ignores {
                Some(m) if !m.is_empty() => {
                    let pairs: Vec<(String, Vec<String>)> =
                        m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    Some(
                        PerFileIgnores::new(&config.root, &pairs)
                            .map_err(|e| format!("{src}: per-file-ignores: {e}"))?,
                    )
                }
                _ => None,
            };
            self.by_config.insert(key, (sel, pfi));
        }
        Ok(&self.by_config[&key])
    }
}

fn output_format(f: CheckFormat) -> OutputFormat {
    match f {
        CheckFormat::Full => OutputFormat::Full,
        CheckFormat::Concise => OutputFormat::Concise,
        CheckFormat::Json => OutputFormat::Json,
        CheckFormat::JsonLines => OutputFormat::JsonLines,
        CheckFormat::Sarif => OutputFormat::Sarif,
        CheckFormat::Github => OutputFormat::Github,
    }
}

/// One file through the later stages: classification, cost and replacement of each call.
pub fn file_findings<'a>(file: &'a FileResult, pipeline: &PipelineOptions) -> Vec<Finding<'a>> {
    if !file.analysis.parsed {
        return Vec::new();
    }
    file.analysis
        .calls
        .iter()
        .map(|c| evaluate(file, c, pipeline))
        .collect()
}

/// The diagnostics `check` reports for one analysed file, shown as `path`: its findings, or
/// LLM902 when it could not be parsed, after selection, `per-file-ignores` and suppression
/// comments. A parsed file without LLM calls reports nothing (not even an unused suppression),
/// as it is never read past the prefilter. The CLI and the editor server both call this.
pub fn file_diagnostics(
    file: &FileResult,
    findings: &[Finding<'_>],
    path: &str,
    sel: &(RuleSelection, Option<PerFileIgnores>),
) -> Vec<Diagnostic> {
    let text: &str = match (&file.text, file.analysis.parsed) {
        (Some(t), _) => t,
        (None, false) => "",
        (None, true) => return Vec::new(),
    };
    if file.analysis.parsed && file.analysis.calls.is_empty() {
        return Vec::new();
    }
    let diags = if file.analysis.parsed {
        diagnostics_for(findings, path)
    } else {
        vec![Diagnostic::unparsable_file(
            path.to_string(),
            "syntax error",
        )]
    };
    finalize_file_at(path, &file.path, text, diags, &sel.0, sel.1.as_ref()).diagnostics
}

/// What the analysis of one file's text needs besides the text: the per-configuration
/// settings, the project's wrapper index and the options of the later stages.
pub struct Checker<'a> {
    pub settings: &'a SettingsCache,
    pub index: &'a Project,
    pub pipeline: &'a PipelineOptions,
}

impl Checker<'_> {
    /// Extraction for one file's text (shown as `path`), as a run does it: with the project
    /// index when the text reaches one of its wrappers (the second pass), without otherwise.
    pub fn analyse(
        &self,
        file_path: &Path,
        config: &Arc<Config>,
        text: &str,
        path: &str,
    ) -> FileResult {
        let s = self.settings.get(config);
        let mut analysis = match guarded_analyze(path, text, &s, &self.index.index) {
            Ok(a) => a,
            Err(_) => FileAnalysis {
                parsed: true,
                ..Default::default()
            },
        };
        normalize_calls(&mut analysis);
        FileResult {
            path: file_path.to_path_buf(),
            text: Some(Arc::from(text)),
            analysis,
            config: config.clone(),
        }
    }

    /// Analyse one file's text in full (extraction, classification, diagnostics, selection,
    /// suppression): the fix loop's `analyse`.
    pub fn check_text(
        &self,
        file_path: &Path,
        config: &Arc<Config>,
        text: &str,
        sel: &(RuleSelection, Option<PerFileIgnores>),
        path: &str,
    ) -> Vec<Diagnostic> {
        let file = self.analyse(file_path, config, text, path);
        let findings = file_findings(&file, self.pipeline);
        file_diagnostics(&file, &findings, path, sel)
    }
}

pub fn check(args: CheckArgs) -> i32 {
    let cli = SelectionLayer {
        select: if args.select.is_empty() {
            None
        } else {
            Some(args.select.clone())
        },
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
    };
    // A bad `--select` / `--ignore` / `--extend-select` is a usage error even when no file
    // with an LLM call is found.
    if let Err(e) = RuleSelection::resolve(std::slice::from_ref(&cli)) {
        eprintln!("llmlint: error: command line: {e}");
        return EXIT_ERROR;
    }
    let scan: Scan = match scan(&args.common) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("llmlint: error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut selections = Selections::new(cli);
    let mut reported: Vec<Diagnostic> = Vec::new();
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut fixes_shown: Vec<FileFixes> = Vec::new();
    let mut diff_out = String::new();
    let mut error_seen = false;
    let settings = SettingsCache::new(llmlint_rules::catalog::Catalog::builtin());
    let index = Project::new(scan.output.index.clone());
    let checker = Checker {
        settings: &settings,
        index: &index,
        pipeline: &scan.pipeline,
    };
    let writing = args.fix && !args.diff;
    for file in &scan.output.files {
        let path = shown(&file.path, &scan.cwd);
        let text: Arc<str> = match (&file.text, file.analysis.parsed) {
            (Some(t), _) => t.clone(),
            (None, false) => Arc::from(""),
            (None, true) => continue,
        };
        let sel = match selections.get(&file.config) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("llmlint: error: {e}");
                return EXIT_ERROR;
            }
        };
        let findings = file_findings(file, &scan.pipeline);
        let mut diags = file_diagnostics(file, &findings, &path, sel);
        let wants_fix = (args.fix || args.diff)
            && diags
                .iter()
                .any(|d| d.applicable_fix(args.unsafe_fixes).is_some());
        if wants_fix && let Some(lang) = language_of(&path) {
            let outcome = fix_until_stable(
                &text,
                FixSettings {
                    unsafe_fixes: args.unsafe_fixes,
                    max_iterations: 10,
                },
                |t| checker.check_text(&file.path, &file.config, t, sel, &path),
                |t| parses(lang, t),
            );
            for d in &outcome.dropped {
                eprintln!(
                    "llmlint: warning: {path}: fix for {} dropped: the result would not parse",
                    d.code
                );
            }
            if outcome.changed(&text) {
                if args.diff {
                    diff_out.push_str(&unified_diff(&path, &text, &outcome.text));
                } else if writing {
                    match read_with_stamp(&file.path) {
                        Ok((bytes, stamp)) if bytes == text.as_bytes() => {
                            if let Err(e) =
                                write_atomic(&file.path, outcome.text.as_bytes(), &stamp)
                            {
                                eprintln!("llmlint: error: {path}: {e}");
                                error_seen = true;
                            }
                        }
                        Ok(_) => {
                            eprintln!(
                                "llmlint: warning: {path}: changed on disk since it was read; not fixed"
                            );
                            continue;
                        }
                        Err(e) => {
                            eprintln!("llmlint: error: {path}: {e}");
                            error_seen = true;
                            continue;
                        }
                    }
                    // What remains after fixing is what gets reported.
                    diags = checker.check_text(&file.path, &file.config, &outcome.text, sel, &path);
                    sources.insert(path.clone(), outcome.text.clone());
                    fixes_shown.push(FileFixes {
                        path: path.clone(),
                        fixes: outcome.applied.clone(),
                    });
                    reported.extend(diags);
                    continue;
                }
                fixes_shown.push(FileFixes {
                    path: path.clone(),
                    fixes: outcome.applied.clone(),
                });
            }
        }
        sources.insert(path.clone(), text.to_string());
        reported.extend(diags);
    }

    let stdout_tty = std::io::stdout().is_terminal();
    let color = stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let opts = RenderOptions {
        color,
        cwd: scan.cwd.clone(),
        width: 100,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    if args.diff {
        out(&diff_out);
    } else if args.statistics {
        out(&render_text(&statistics(&reported, args.unsafe_fixes)));
    } else {
        out(&render(
            output_format(args.output_format),
            &reported,
            &sources,
            &opts,
        ));
        if args.show_fixes && !fixes_shown.is_empty() {
            out(&render_show_fixes(&fixes_shown, &scan.cwd));
        }
        if matches!(args.output_format, CheckFormat::Full | CheckFormat::Concise) {
            summary_line(&reported, args.fix, &fixes_shown, args.unsafe_fixes);
        }
    }
    if error_seen {
        EXIT_ERROR
    } else if reported.is_empty() || args.exit_zero || args.diff {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

/// Write to stdout; a closed pipe (`llmlint check | head`) ends the output quietly instead of
/// panicking as `print!` does.
fn out(s: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush());
}

fn summary_line(reported: &[Diagnostic], fixed: bool, fixes: &[FileFixes], unsafe_fixes: bool) {
    let applied: usize = fixes.iter().map(|f| f.fixes.len()).sum();
    let fixable = reported
        .iter()
        .filter(|d| d.applicable_fix(true).is_some())
        .count();
    let safe_fixable = reported
        .iter()
        .filter(|d| d.applicable_fix(false).is_some())
        .count();
    if reported.is_empty() {
        if fixed && applied > 0 {
            out(&format!(
                "Found {applied} finding{} ({applied} fixed, 0 remaining).\n",
                if applied == 1 { "" } else { "s" }
            ));
        } else {
            out("All checks passed!\n");
        }
        return;
    }
    let n = reported.len();
    if fixed && applied > 0 {
        out(&format!(
            "Found {} findings ({applied} fixed, {n} remaining).\n",
            n + applied
        ));
    } else {
        out(&format!(
            "Found {n} finding{}.\n",
            if n == 1 { "" } else { "s" }
        ));
    }
    if safe_fixable > 0 {
        out(&format!(
            "[*] {safe_fixable} fixable with the `--fix` option.\n"
        ));
    }
    if !unsafe_fixes && fixable > safe_fixable {
        out(&format!(
            "{} more fix{} available with `--fix --unsafe-fixes`.\n",
            fixable - safe_fixable,
            if fixable - safe_fixable == 1 {
                " is"
            } else {
                "es are"
            }
        ));
    }
}
