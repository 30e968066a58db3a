//! Turns a scan request into results written in some format: resolves the target into change
//! sets, scans them (commits in parallel, reported in order), and writes the report to stdout
//! or atomically to a file.

use crate::baseline::{Baseline, BaselineWriter};
use crate::git::{self, Target};
use crate::model::{CommitResult, RunInfo};
use crate::report::{self, Format, Style};
use crate::scan::{FilesAtOnce, Scanner};
use anyhow::{anyhow, Context, Result};
use range_summary::RangeTracker;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

mod in_order;
mod range_summary;

/// Everything a scan needs besides the rules.
pub struct ScanRequest {
    pub repo: Option<PathBuf>,
    pub target: Target,
    pub format: Format,
    pub style: Style,
    pub output: Option<PathBuf>,
    /// The rules that run and the thresholds, as the reports describe them.
    pub run: RunInfo,
    pub jobs: usize,
    /// Accepted findings to hide.
    pub baseline: Option<PathBuf>,
    /// Where to record this scan's findings as a new baseline.
    pub write_baseline: Option<PathBuf>,
    /// Show a progress bar on stderr (only when it is a terminal).
    pub progress: bool,
}

/// What happened: whether any finding reached `--fail-on`.
pub struct Outcome {
    pub failed: bool,
}

/// How many commits each worker may be ahead of the oldest commit not yet written. Results
/// wait in memory only until every earlier commit is written, so memory stays flat over any
/// length of range; a few commits per worker keep the workers busy past a slow commit.
const AHEAD_PER_WORKER: usize = 8;

/// Commits scanned between two moments when every repository handle is closed and freed
/// memory is handed back to the OS.
const BATCH: usize = 256;

/// Worker threads get a large stack: the parser and the AST walk recurse with the nesting of
/// the code, and a pathological file must not overflow.
const WORKER_STACK: usize = 256 * 1024 * 1024;

/// Runs a scan and writes its report.
pub fn run(req: &ScanRequest, scanner: &Scanner) -> Result<Outcome> {
    git::configure_object_reading(matches!(req.target, Target::Range { .. }));
    let repo = git::open_repository(req.repo.as_deref())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(req.jobs.max(1))
        .stack_size(WORKER_STACK)
        .build()
        .context("cannot start worker threads")?;
    // Resolve everything that can fail before any output is written.
    let mut range_tip = None;
    let commits = match &req.target {
        Target::Staged => None,
        Target::Commit(rev) => Some(vec![git::resolve_commit(&repo, rev)?]),
        Target::Range {
            spec,
            merges,
            exclude_remotes,
        } => {
            let (commits, tip) = git::range_commits(&repo, spec, *merges, *exclude_remotes)?;
            range_tip = Some(tip);
            Some(commits)
        }
    };
    let staged = match &req.target {
        Target::Staged => Some(git::staged_change_set(&repo)?),
        _ => None,
    };
    let repo_path = repo.path().to_path_buf();
    let mut baseline = req.baseline.as_deref().map(Baseline::load).transpose()?;
    let mut new_baseline = req
        .write_baseline
        .as_ref()
        .map(|_| BaselineWriter::default());
    let mut sink = Sink::open(req.output.as_deref())?;
    let mut writer = report::writer(req.format, req.style, &req.run);
    let mut failed = false;
    let mut tracker = matches!(req.target, Target::Range { .. }).then(RangeTracker::default);
    let mut tip = None;
    let mut emit = |mut result: CommitResult, out: &mut dyn Write| -> Result<()> {
        if let Some(writer) = new_baseline.as_mut() {
            writer.record(&result.findings);
        }
        if let Some(baseline) = baseline.as_mut() {
            let hidden = baseline.apply(&mut result);
            if hidden > 0 {
                result
                    .notes
                    .push(format!("{hidden} finding(s) hidden by the baseline"));
            }
        }
        let result = &result;
        failed |= result
            .findings
            .iter()
            .any(|f| f.severity >= req.run.fail_on);
        if let Some(tracker) = tracker.as_mut() {
            tracker.record(result)?;
        }
        writer.commit(out, result).map_err(write_error)
    };
    if let Some(change) = staged {
        let result = pool.install(move || {
            let result = scanner.scan(&repo, &change, FilesAtOnce::Many);
            // Freeing the handle's index (thousands of entries) and tree cache costs a hook
            // more than the process's exit does; the OS takes it back at once.
            std::mem::forget(repo);
            result
        })?;
        emit(result, sink.out())?;
    } else {
        // libgit2 shares an open pack, with its 16 MiB cache of delta bases, among all
        // handles: with this one closed, the pack and its cache are freed after each batch
        // instead of filling up over a long range.
        drop(repo);
    }
    let commits = commits.unwrap_or_default();
    let bar = progress_bar(req.progress, commits.len());
    let files_at_once = if commits.len() >= 2 * pool.current_num_threads() {
        FilesAtOnce::One
    } else {
        FilesAtOnce::Many
    };
    for batch in commits.chunks(BATCH) {
        // Handles live for one batch: libgit2 keeps a pack, with its 16 MiB cache of delta
        // bases, open for as long as any handle uses it, and a range must not keep it full.
        let handles = WorkerHandles::new(repo_path.clone());
        in_order::map_in_order(
            &pool,
            batch,
            AHEAD_PER_WORKER * pool.current_num_threads(),
            |oid| {
                handles.with(|worker_repo| {
                    let change = git::commit_change_set(worker_repo, *oid)?;
                    scanner.scan(worker_repo, &change, files_at_once)
                })
            },
            |result| {
                emit(result, sink.out())?;
                bar.inc(1);
                Ok(())
            },
        )?;
        drop(handles);
        release_free_memory();
    }
    bar.finish_and_clear();
    if let (Some(tracker), Some(tip_oid)) = (tracker.take(), range_tip) {
        if !commits.is_empty() {
            let summary = pool.install(|| -> Result<_> {
                let worker_repo = open_worker(&repo_path)?;
                tracker.finish(&worker_repo, tip_oid, scanner)
            })?;
            tip = Some(summary);
        }
    }
    writer
        .finish(sink.out(), tip.as_ref())
        .map_err(write_error)?;
    sink.commit()?;
    if let (Some(writer), Some(path)) = (new_baseline, &req.write_baseline) {
        writer.write(path)?;
    }
    if let Some(baseline) = &baseline {
        report_stale_entries(baseline);
    }
    Ok(Outcome { failed })
}

/// Commits done and left, on stderr; hidden unless asked for, on a terminal, for a range.
fn progress_bar(wanted: bool, total: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !wanted || total < 2 || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} commits ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Hands the pages freed by the batch just written back to the OS. glibc, which libgit2
/// allocates from, keeps them in each worker's arena, scattered between live blocks, so the
/// resident size crept up batch after batch although the live heap did not grow.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory; it is safe to call at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Lists baseline entries that hid nothing, so the baseline can be pruned.
fn report_stale_entries(baseline: &Baseline) {
    let stale = baseline.unmatched();
    if stale.is_empty() {
        return;
    }
    warn(&format!(
        "hunkguard: {} baseline entries matched no finding (prune them):",
        stale.len()
    ));
    for e in stale {
        warn(&format!(
            "  {} {} in {} ({})",
            crate::report::sanitize::for_terminal(&e.rule),
            crate::report::sanitize::for_terminal(&e.path),
            crate::report::sanitize::for_terminal(&e.scope),
            crate::report::sanitize::for_terminal(&e.fingerprint)
        ));
    }
}

/// A repository handle for one thread at a time: `git2::Repository` is not shareable.
fn open_worker(path: &Path) -> Result<git2::Repository> {
    git2::Repository::open(path).map_err(|e| anyhow!("cannot open repository: {}", e.message()))
}

/// Repository handles lent to one commit's task at a time. A handle is taken out for the
/// whole task, not tied to a thread: a thread waiting inside one commit's parallel analysis
/// may run another commit's task, which then needs a handle of its own.
struct WorkerHandles {
    path: PathBuf,
    idle: std::sync::Mutex<Vec<git2::Repository>>,
}

impl WorkerHandles {
    fn new(path: PathBuf) -> Self {
        WorkerHandles {
            path,
            idle: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Runs `task` with an idle handle, or a new one when all are in use.
    fn with<R>(&self, task: impl FnOnce(&git2::Repository) -> Result<R>) -> Result<R> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let repo = match idle {
            Some(repo) => repo,
            None => open_worker(&self.path)?,
        };
        let result = task(&repo);
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(repo);
        }
        result
    }
}

/// The report's reader went away (`hunkguard range A..B | head -1`). Scanning stops at once,
/// and the exit code is 2: a report cut short is never a pass, even if what was written
/// had no finding.
#[derive(Debug, thiserror::Error)]
#[error("the output was closed before the report was complete (broken pipe)")]
pub struct OutputClosed;

fn write_error(e: io::Error) -> anyhow::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        anyhow::Error::new(OutputClosed)
    } else {
        anyhow!("cannot write the report: {e}")
    }
}

/// A line on stderr. `eprintln!` panics when stderr is a closed pipe (`2>&1 | head`), and
/// nothing said on stderr is worth a panic.
pub fn warn(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Where the report goes: stdout, or a temporary file renamed over `--output` only once the
/// report is complete, so a failed scan never leaves a half-written file.
enum Sink {
    Stdout(BufWriter<io::Stdout>),
    File {
        tmp: BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
    },
}

impl Sink {
    fn open(path: Option<&Path>) -> Result<Self> {
        let Some(path) = path else {
            return Ok(Sink::Stdout(BufWriter::new(io::stdout())));
        };
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::NamedTempFile::new_in(&dir)
            .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
        Ok(Sink::File {
            tmp: BufWriter::new(tmp),
            path: path.to_path_buf(),
        })
    }

    fn out(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::File { tmp, .. } => tmp,
        }
    }

    fn commit(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush().map_err(write_error),
            Sink::File { tmp, path } => {
                let tmp = tmp.into_inner().map_err(|e| write_error(e.into_error()))?;
                tmp.persist(&path)
                    .map_err(|e| anyhow!("cannot write {}: {}", path.display(), e.error))?;
                Ok(())
            }
        }
    }
}
