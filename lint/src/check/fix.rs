//! Applying fixes: to a text (sort, skip overlaps), until stable (re-analyse after each round,
//! drop fixes whose result does not parse), as a diff, and to disk (atomically, never over a
//! file that changed since it was read).

use std::collections::{BTreeMap, HashSet};
use std::fmt::{self, Write as _};
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Read, Write as _};
use std::path::Path;
use std::time::SystemTime;

use llmlint_rewrite::{Edit, Fix};

use super::diagnostic::{Diagnostic, relative_path};

/// The result of applying one round of fixes to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// Indices (into the input) of the fixes applied.
    pub applied: Vec<usize>,
    /// Indices of fixes skipped: overlapping an earlier fix, or with edits outside the text.
    pub skipped: Vec<usize>,
}

fn edit_is_valid(e: &Edit, text: &str) -> bool {
    e.start <= e.end
        && e.end <= text.len()
        && text.is_char_boundary(e.start)
        && text.is_char_boundary(e.end)
}

/// Two edits conflict when their ranges overlap, when an insertion falls strictly inside the
/// other's range, or when both insert at the same offset (their order would be a guess).
fn conflicts(a: &Edit, b: &Edit) -> bool {
    let a_ins = a.start == a.end;
    let b_ins = b.start == b.end;
    match (a_ins, b_ins) {
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// Apply `fixes` to `text` in one round. Fixes are taken in order of their first edit; a fix
/// any of whose edits conflicts with an edit already taken (or with another of its own
/// edits, or lies outside the text) is skipped whole.
pub fn apply_fixes(text: &str, fixes: &[&Fix]) -> Applied {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    let first = |f: &Fix| {
        f.edits
            .iter()
            .map(|e| (e.start, e.end))
            .min()
            .unwrap_or((usize::MAX, usize::MAX))
    };
    order.sort_by_key(|&i| (first(fixes[i]), i));

    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for i in order {
        let fix = fixes[i];
        let ok = !fix.edits.is_empty()
            && fix.edits.iter().all(|e| edit_is_valid(e, text))
            && fix.edits.iter().enumerate().all(|(k, e)| {
                fix.edits[k + 1..].iter().all(|o| !conflicts(e, o))
                    && taken.iter().all(|t| !conflicts(e, t))
            });
        if ok {
            taken.extend(fix.edits.iter());
            applied.push(i);
        } else {
            skipped.push(i);
        }
    }
    taken.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in taken {
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.content);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    applied.sort_unstable();
    skipped.sort_unstable();
    Applied {
        text: out,
        applied,
        skipped,
    }
}

/// Which fixes the loop applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixSettings {
    /// Also apply `unsafe` fixes (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Rounds of analyse + apply before giving up.
    pub max_iterations: usize,
}

impl Default for FixSettings {
    fn default() -> Self {
        FixSettings {
            unsafe_fixes: false,
            max_iterations: 100,
        }
    }
}

/// A fix that was applied or dropped, for `--show-fixes` and warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixRecord {
    pub code: String,
    pub name: String,
    /// The fix title.
    pub message: String,
}

impl FixRecord {
    fn of(d: &Diagnostic, fix: &Fix) -> Self {
        FixRecord {
            code: d.code.clone(),
            name: d.name.clone(),
            message: fix.message.clone(),
        }
    }
}

/// The outcome of fixing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    pub text: String,
    /// Every fix applied, over all rounds.
    pub applied: Vec<FixRecord>,
    /// Fixes dropped because the text with them did not parse (warn about each).
    pub dropped: Vec<FixRecord>,
    /// Rounds that changed the text.
    pub iterations: usize,
    /// False when `max_iterations` rounds still produced fixes.
    pub converged: bool,
}

impl FixOutcome {
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

type FixKey = (String, String, Vec<String>);

fn key(d: &Diagnostic, f: &Fix) -> FixKey {
    (
        d.code.clone(),
        f.message.clone(),
        f.edits.iter().map(|e| e.content.clone()).collect(),
    )
}

/// Fix a text until no applicable fix is left: `analyse` turns a text into its diagnostics
/// (the caller's whole per-file pipeline, suppression included); `is_valid` says whether a
/// text still parses (tree-sitter without ERROR nodes, `syn::parse_file`). A fix whose result
/// does not parse is dropped and not proposed again.
pub fn fix_until_stable(
    text: &str,
    settings: FixSettings,
    mut analyse: impl FnMut(&str) -> Vec<Diagnostic>,
    is_valid: impl Fn(&str) -> bool,
) -> FixOutcome {
    let mut cur = text.to_string();
    let mut applied_all = Vec::new();
    let mut dropped = Vec::new();
    let mut rejected: HashSet<FixKey> = HashSet::new();
    let mut iterations = 0;
    let converged;
    loop {
        let diags = analyse(&cur);
        let candidates: Vec<(&Diagnostic, &Fix)> = diags
            .iter()
            .filter_map(|d| d.applicable_fix(settings.unsafe_fixes).map(|f| (d, f)))
            .filter(|(d, f)| !f.edits.is_empty() && !rejected.contains(&key(d, f)))
            .collect();
        if candidates.is_empty() {
            converged = true;
            break;
        }
        if iterations >= settings.max_iterations {
            converged = false;
            break;
        }
        let fixes: Vec<&Fix> = candidates.iter().map(|(_, f)| *f).collect();
        let round = apply_fixes(&cur, &fixes);
        if round.applied.is_empty() {
            converged = true;
            break;
        }
        let (new_text, used): (String, Vec<usize>) = if is_valid(&round.text) {
            (round.text, round.applied)
        } else {
            // Find the culprits: try each fix alone on the current text.
            let mut good = Vec::new();
            for &i in &round.applied {
                let alone = apply_fixes(&cur, &[fixes[i]]);
                if is_valid(&alone.text) {
                    good.push(i);
                } else {
                    let (d, f) = candidates[i];
                    rejected.insert(key(d, f));
                    dropped.push(FixRecord::of(d, f));
                }
            }
            if good.is_empty() {
                continue;
            }
            let subset: Vec<&Fix> = good.iter().map(|&i| fixes[i]).collect();
            let together = apply_fixes(&cur, &subset);
            if is_valid(&together.text) {
                let used = together.applied.iter().map(|&k| good[k]).collect();
                (together.text, used)
            } else {
                // They only break in combination: take the first, the rest come next round.
                let alone = apply_fixes(&cur, &[fixes[good[0]]]);
                (alone.text, vec![good[0]])
            }
        };
        if new_text == cur {
            converged = true;
            break;
        }
        for i in used {
            let (d, f) = candidates[i];
            applied_all.push(FixRecord::of(d, f));
        }
        cur = new_text;
        iterations += 1;
    }
    FixOutcome {
        text: cur,
        applied: applied_all,
        dropped,
        iterations,
        converged,
    }
}

/// A unified diff of one file (`--diff`), empty when nothing changed.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string()
}

/// The fixes applied to one file, for `--show-fixes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFixes {
    pub path: String,
    pub fixes: Vec<FixRecord>,
}

/// ruff-style listing:
/// ```text
/// Fixed 3 findings:
/// - app/a.py:
///     2 × LLM301 (llm-validates-json)
///     1 × LLM901 (unused-suppression)
/// ```
pub fn render_show_fixes(files: &[FileFixes], cwd: &Path) -> String {
    let total: usize = files.iter().map(|f| f.fixes.len()).sum();
    if total == 0 {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Fixed {total} finding{}:",
        if total == 1 { "" } else { "s" }
    );
    let mut files: Vec<&FileFixes> = files.iter().filter(|f| !f.fixes.is_empty()).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for f in files {
        let _ = writeln!(out, "- {}:", relative_path(&f.path, cwd));
        let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for r in &f.fixes {
            *counts
                .entry((r.code.as_str(), r.name.as_str()))
                .or_default() += 1;
        }
        for ((code, name), n) in counts {
            let _ = writeln!(out, "    {n} × {code} ({name})");
        }
    }
    out
}

/// What a file looked like when it was read; writing checks it still does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceStamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub hash: u64,
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

impl SourceStamp {
    pub fn new(bytes: &[u8], meta: &fs::Metadata) -> Self {
        SourceStamp {
            len: bytes.len() as u64,
            modified: meta.modified().ok(),
            hash: hash_bytes(bytes),
        }
    }
}

/// Read a file and stamp it (the driver reads sources with this when fixes may be written).
pub fn read_with_stamp(path: &Path) -> io::Result<(Vec<u8>, SourceStamp)> {
    let mut f = fs::File::open(path)?;
    let meta = f.metadata()?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.read_to_end(&mut bytes)?;
    let stamp = SourceStamp::new(&bytes, &meta);
    Ok((bytes, stamp))
}

#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is not the one that was read: nothing was written.
    Changed,
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed => {
                f.write_str("file changed on disk since it was read; not written")
            }
            WriteError::Io(e) => write!(f, "could not write the fixed file: {e}"),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Write `contents` to `path` atomically: a temporary file in the same folder, the original's
/// permissions (and owner, where allowed), then a rename over the original. A symlink is
/// followed and its target replaced. Refuses (`WriteError::Changed`) when the file's length,
/// modification time or content differ from `stamp`.
pub fn write_atomic(path: &Path, contents: &[u8], stamp: &SourceStamp) -> Result<(), WriteError> {
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if meta.len() != stamp.len || meta.modified().ok() != stamp.modified {
        return Err(WriteError::Changed);
    }
    let current = fs::read(&target)?;
    if current.len() as u64 != stamp.len || hash_bytes(&current) != stamp.hash {
        return Err(WriteError::Changed);
    }
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".llmlint-tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.flush()?;
    fs::set_permissions(tmp.path(), meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Best effort: keep the owner when we may (as root, or when it is us already).
        let _ = std::os::unix::fs::chown(tmp.path(), Some(meta.uid()), Some(meta.gid()));
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}
