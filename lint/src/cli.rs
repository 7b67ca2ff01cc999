//! The command-line interface.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use llmlint_rules::catalog::Catalog;

use crate::config::{Config, ConfigResolver};
use crate::discover::{cli_excludes, discover};
use crate::driver::{RunOutput, run};
use crate::pipeline::{Finding, PipelineOptions, evaluate};
use crate::report::calls::{call_json, excerpt, shown_path};

/// Exit codes, as in the design.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "llmlint",
    version,
    about = "Find LLM calls that deterministic code does better",
    long_about = "llmlint finds every LLM call in Python and Rust code, recovers its model and prompt, \
classifies the task, estimates its cost, and proposes deterministic code where a regex, a lookup \
table, a validator or a transform does the job better."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every LLM call site with its SDK, model, prompt, task and estimated cost
    Calls(CallsArgs),
    /// Report LLM calls that deterministic code does better (and fix them on request)
    Check(CheckArgs),
    /// Explain a rule, or list every rule with --all
    Rule(RuleArgs),
}

#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// Files or folders to scan [default: .]
    pub paths: Vec<PathBuf>,
    /// Glob patterns of files or folders to skip (added to the configured excludes)
    #[arg(long, value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Use this configuration file for every file instead of discovering one per folder
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not flag deterministic tasks classified with less confidence than this (0..1)
    #[arg(long, value_name = "FLOAT")]
    pub min_confidence: Option<f64>,
    /// Print no warnings about files that could not be analysed
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CallsFormat {
    Text,
    Json,
    Html,
}

#[derive(Debug, Args)]
pub struct CallsArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = CallsFormat::Text)]
    pub output_format: CallsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Full,
    Concise,
    Json,
    JsonLines,
    Sarif,
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Full)]
    pub output_format: CheckFormat,
    /// Rule codes or prefixes to enable (replaces the default set)
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Rule codes or prefixes to disable
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Rule codes or prefixes to enable in addition to the selected ones
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Apply safe fixes
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (with --fix), or show them (with --diff)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing
    #[arg(long)]
    pub diff: bool,
    /// List the fixes that were applied or are available
    #[arg(long)]
    pub show_fixes: bool,
    /// Print the number of findings per rule
    #[arg(long)]
    pub statistics: bool,
    /// Exit 0 even when there are findings
    #[arg(long)]
    pub exit_zero: bool,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule code, e.g. LLM301
    pub code: Option<String>,
    /// List every rule
    #[arg(long)]
    pub all: bool,
}

/// Parse arguments and run; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    // Big stacks: deeply nested (but still accepted) code must never overflow a worker.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(64 * 1024 * 1024)
        .build_global();
    match cli.command {
        Command::Calls(a) => calls(a),
        Command::Check(a) => crate::checkrun::check(a),
        Command::Rule(a) => rule(a),
    }
}

fn error(msg: impl std::fmt::Display) -> i32 {
    eprintln!("llmlint: error: {msg}");
    EXIT_ERROR
}

/// A completed scan: files found and analysed, with timing.
pub struct Scan {
    pub cwd: PathBuf,
    pub output: RunOutput,
    pub seconds: f64,
    pub pipeline: PipelineOptions,
}

/// Discover, read and analyse the paths of `common`. `Err` carries a usage / config / I/O
/// error message (exit 2).
pub fn scan(common: &CommonArgs) -> Result<Scan, String> {
    let start = Instant::now();
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    if let Some(mc) = common.min_confidence
        && !(0.0..=1.0).contains(&mc)
    {
        return Err(format!(
            "--min-confidence must be between 0 and 1, got {mc}"
        ));
    }
    let forced = match &common.config {
        Some(p) => Some(
            Config::load(p)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("{}: holds no llmlint configuration", p.display()))?,
        ),
        None => None,
    };
    let resolver = Arc::new(ConfigResolver::new(forced, cwd.clone()));
    let excl = Arc::new(cli_excludes(&common.exclude)?);
    let paths: Vec<PathBuf> = if common.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        common.paths.clone()
    };
    let found = discover(&paths, &cwd, &resolver, &excl)?;
    if let Some(e) = resolver.errors().into_iter().next() {
        return Err(e.to_string());
    }
    let mut output = run(&found.files, &cwd, &resolver, Catalog::builtin());
    if let Some(e) = resolver.errors().into_iter().next() {
        return Err(e.to_string());
    }
    output.warnings.extend(found.warnings);
    if !common.quiet {
        for w in &output.warnings {
            eprintln!("llmlint: warning: {w}");
        }
    }
    let min_confidence = common
        .min_confidence
        .or_else(|| {
            resolver
                .all()
                .iter()
                .find_map(|c| c.source.as_ref().and(c.options.min_confidence))
        })
        .unwrap_or(PipelineOptions::default().min_confidence);
    Ok(Scan {
        cwd,
        output,
        seconds: start.elapsed().as_secs_f64(),
        pipeline: PipelineOptions { min_confidence },
    })
}

fn calls(args: CallsArgs) -> i32 {
    let scan = match scan(&args.common) {
        Ok(s) => s,
        Err(e) => return error(e),
    };
    let findings: Vec<Finding<'_>> = scan
        .output
        .calls()
        .map(|(f, c)| evaluate(f, c, &scan.pipeline))
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let res = match args.output_format {
        CallsFormat::Json => write_calls_json(&mut out, &scan, &findings),
        CallsFormat::Text | CallsFormat::Html => write_calls_text(&mut out, &scan, &findings),
    };
    match res {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => error(e),
    }
}

fn summary_json(scan: &Scan, findings: &[Finding<'_>]) -> serde_json::Value {
    serde_json::json!({
        "files_scanned": scan.output.files_scanned,
        "files_parsed": scan.output.files_parsed,
        "calls": findings.len(),
        "flagged": findings.iter().filter(|f| f.flagged).count(),
        "seconds": (scan.seconds * 1000.0).round() / 1000.0,
    })
}

fn write_calls_json(
    out: &mut impl Write,
    scan: &Scan,
    findings: &[Finding<'_>],
) -> std::io::Result<()> {
    let doc = serde_json::json!({
        "version": 1,
        "calls": findings.iter().map(|f| call_json(f, &scan.cwd)).collect::<Vec<_>>(),
        "summary": summary_json(scan, findings),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn write_calls_text(
    out: &mut impl Write,
    scan: &Scan,
    findings: &[Finding<'_>],
) -> std::io::Result<()> {
    let rows: Vec<[String; 5]> = findings
        .iter()
        .map(|f| {
            let c = f.call;
            [
                format!("{}:{}", shown_path(&f.file.path, &scan.cwd), c.span.line),
                c.sdk.clone(),
                c.model_name().unwrap_or("?").to_string(),
                f.class.task.as_str().to_string(),
                excerpt(c.prompt.render(), 60),
            ]
        })
        .collect();
    let header = ["location", "sdk", "model", "task", "prompt"];
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r.iter()).take(4) {
            *w = (*w).max(cell.chars().count());
        }
    }
    if !rows.is_empty() {
        let line = |cells: [&str; 5]| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                if i < 4 {
                    s.push_str(&format!("{c:<w$}  ", w = widths[i]));
                } else {
                    s.push_str(c);
                }
            }
            s.trim_end().to_string()
        };
        writeln!(out, "{}", line(header))?;
        for r in &rows {
            writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4]]))?;
        }
        writeln!(out)?;
    }
    let flagged = findings.iter().filter(|f| f.flagged).count();
    writeln!(
        out,
        "{} LLM call{} in {} file{} ({} flagged); {} files scanned in {:.2}s",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        findings
            .iter()
            .map(|f| &f.file.path)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        if findings
            .iter()
            .map(|f| &f.file.path)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            == 1
        {
            ""
        } else {
            "s"
        },
        flagged,
        scan.output.files_scanned,
        scan.seconds
    )
}

fn rule(args: RuleArgs) -> i32 {
    let rules = llmlint_rules::registry::all_rules();
    if args.all || args.code.is_none() {
        for r in rules {
            println!("{:<7} {:<44} {}", r.code, r.name, r.summary);
        }
        return EXIT_CLEAN;
    }
    let code = args.code.unwrap_or_default();
    match llmlint_rules::registry::rule_by_code(&code) {
        Some(r) => {
            println!("# {} ({})\n\n{}", r.name, r.code, r.doc.trim());
            EXIT_CLEAN
        }
        None => error(format!("unknown rule `{code}` (see `llmlint rule --all`)")),
    }
}

#[allow(dead_code)]
fn is_under(path: &Path, dir: &Path) -> bool {
    path.starts_with(dir)
}
