//! The command-line interface.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use llmlint_rules::catalog::Catalog;

use crate::config::{Config, ConfigResolver};
use crate::cost::{CostRow, render_cost_table};
use crate::discover::{cli_excludes, discover};
use crate::driver::{RunOutput, index_files, run_with_base};
use crate::pipeline::{Finding, PipelineOptions, evaluate};
use crate::report::calls::{call_json, shown_path};
use crate::report::html::{HtmlSummary, render_html};

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
    /// Run the language server (LSP over stdin / stdout) for editors
    Server(crate::server::ServerArgs),
}

#[derive(Debug, Args, Clone, Default)]
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
    /// A newer price table in genai-prices' JSON format (overrides `prices-file`)
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Print no warnings about files that could not be analysed
    #[arg(long, short)]
    pub quiet: bool,
    /// Apply the excludes to files named on the command line too (for pre-commit hooks)
    #[arg(long)]
    pub force_exclude: bool,
    /// Worker threads [default: one per core]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
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
    let threads = match &cli.command {
        Command::Calls(a) => a.common.threads,
        Command::Check(a) => a.common.threads,
        _ => None,
    };
    // Big stacks: deeply nested (but still accepted) code must never overflow a worker.
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(64 * 1024 * 1024);
    if let Some(n) = threads {
        pool = pool.num_threads(usize::from(n));
    }
    let _ = pool.build_global();
    match cli.command {
        Command::Calls(a) => calls(a),
        Command::Check(a) => crate::checkrun::check(a),
        Command::Rule(a) => rule(a),
        Command::Server(a) => crate::server::run(a),
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
    let found = discover(&paths, &cwd, &resolver, &excl, common.force_exclude)?;
    if let Some(e) = resolver.errors().into_iter().next() {
        return Err(e.to_string());
    }
    // Files named one by one (a pre-commit hook passes the staged ones) may call wrappers
    // defined in files that are not named: index the project they belong to.
    let named_files = paths.iter().any(|p| cwd.join(p).is_file());
    let project = if named_files && !found.files.is_empty() {
        Some(project_facts(&cwd, &resolver, &excl, &found.files))
    } else {
        None
    };
    let mut output = run_with_base(
        &found.files,
        &cwd,
        &resolver,
        Catalog::builtin(),
        project.as_ref(),
    );
    if let Some(e) = resolver.errors().into_iter().next() {
        return Err(e.to_string());
    }
    output.warnings.extend(found.warnings);
    if !common.quiet {
        for w in &output.warnings {
            eprintln!("llmlint: warning: {w}");
        }
    }
    Ok(Scan {
        cwd,
        output,
        seconds: start.elapsed().as_secs_f64(),
        pipeline: PipelineOptions::new(common.min_confidence, common.prices.clone()),
    })
}

/// The folder a run on named files belongs to: the closest one, from the current folder up,
/// that holds `.git` or an llmlint configuration; the current folder when there is none.
pub fn project_root(cwd: &Path) -> PathBuf {
    for dir in cwd.ancestors() {
        if dir.join(".git").exists() {
            return dir.to_path_buf();
        }
        for name in [
            "llmlint.toml",
            ".llmlint.toml",
            "pyproject.toml",
            "Cargo.toml",
        ] {
            let f = dir.join(name);
            if f.is_file() && Config::load(&f).is_ok_and(|c| c.is_some()) {
                return dir.to_path_buf();
            }
        }
    }
    cwd.to_path_buf()
}

/// The project index of every file of the project root that is not in `named`.
fn project_facts(
    cwd: &Path,
    resolver: &Arc<ConfigResolver>,
    excl: &Arc<globset::GlobSet>,
    named: &[PathBuf],
) -> crate::analysis::ProjectIndex {
    let root = project_root(cwd);
    let Ok(all) = discover(std::slice::from_ref(&root), cwd, resolver, excl, false) else {
        return crate::analysis::ProjectIndex::default();
    };
    let named: std::collections::HashSet<&PathBuf> = named.iter().collect();
    let rest: Vec<PathBuf> = all
        .files
        .into_iter()
        .filter(|f| !named.contains(f))
        .collect();
    index_files(&rest, cwd, resolver, Catalog::builtin(), &|_, _| {})
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
        CallsFormat::Text => write_calls_text(&mut out, &scan, &findings),
        CallsFormat::Html => write_calls_html(&mut out, &scan, &findings, &args.common),
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

fn cost_rows(scan: &Scan, findings: &[Finding<'_>]) -> Vec<CostRow> {
    findings
        .iter()
        .map(|f| CostRow {
            path: shown_path(&f.file.path, &scan.cwd),
            line: f.call.span.line,
            sdk: f.call.sdk.clone(),
            model: f.call.model_name().map(str::to_string),
            task: f.class.task.as_str().to_string(),
            subtype: f.class.subtype.clone(),
            rule: f.class.rule.clone(),
            flagged: f.flagged,
            prompt: f.call.prompt.render(),
            cost: f.cost.clone(),
        })
        .collect()
}

/// The price snapshot and the calls-per-day of the configuration most files use.
fn snapshot_of(scan: &Scan, findings: &[Finding<'_>]) -> (String, f64, u64) {
    let config = findings.first().map(|f| f.file.config.clone());
    match config {
        Some(c) => {
            let ctx = scan.pipeline.cost_context(&c);
            (
                ctx.book.snapshot(),
                ctx.settings.calls_per_day,
                ctx.settings.hole_tokens,
            )
        }
        None => (
            String::new(),
            crate::cost::CostSettings::default().calls_per_day,
            crate::cost::CostSettings::default().hole_tokens,
        ),
    }
}

fn write_calls_html(
    out: &mut impl Write,
    scan: &Scan,
    findings: &[Finding<'_>],
    common: &CommonArgs,
) -> std::io::Result<()> {
    let rows = cost_rows(scan, findings);
    let (snapshot, calls_per_day, hole_tokens) = snapshot_of(scan, findings);
    let scanned = common
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let summary = HtmlSummary {
        snapshot,
        calls_per_day,
        files_scanned: scan.output.files_scanned,
        hole_tokens,
        scanned: Some(if scanned.is_empty() {
            ".".to_string()
        } else {
            scanned
        }),
    };
    out.write_all(render_html(&rows, &summary).as_bytes())
}

fn write_calls_text(
    out: &mut impl Write,
    scan: &Scan,
    findings: &[Finding<'_>],
) -> std::io::Result<()> {
    if !findings.is_empty() {
        let rows = cost_rows(scan, findings);
        let (snapshot, calls_per_day, _) = snapshot_of(scan, findings);
        out.write_all(render_cost_table(&rows, &snapshot, calls_per_day).as_bytes())?;
        writeln!(out)?;
    }
    let flagged = findings.iter().filter(|f| f.flagged).count();
    let files = findings
        .iter()
        .map(|f| &f.file.path)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    writeln!(
        out,
        "{} LLM call{} in {} file{} ({} flagged); {} file{} scanned in {:.2}s",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        files,
        if files == 1 { "" } else { "s" },
        flagged,
        scan.output.files_scanned,
        if scan.output.files_scanned == 1 {
            ""
        } else {
            "s"
        },
        scan.seconds
    )
}

fn rule(args: RuleArgs) -> i32 {
    let rules = llmlint_rules::registry::all_rules();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let res = if args.all || args.code.is_none() {
        rules
            .iter()
            .try_for_each(|r| writeln!(out, "{:<7} {:<44} {}", r.code, r.name, r.summary))
    } else {
        let code = args.code.unwrap_or_default();
        match llmlint_rules::registry::rule_by_code(&code) {
            Some(r) => writeln!(out, "# {} ({})\n\n{}", r.name, r.code, r.doc.trim()),
            None => return error(format!("unknown rule `{code}` (see `llmlint rule --all`)")),
        }
    };
    match res {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => error(e),
    }
}
