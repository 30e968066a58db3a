//! Turns a scan request into results written in some format: resolves the target into change
//! sets, scans them (commits in parallel, reported in order), and writes the report to stdout
//! or atomically to a file.

use crate::git::{self, Target};
use crate::model::{CommitResult, RunInfo};
use crate::report::{self, Format, Style};
use crate::scan::{FilesAtOnce, Scanner};
use anyhow::{Context, Result};
use baseline::{Baseline, BaselineWriter};
use handles::{open_worker, WorkerHandles};
use output::{write_error, Sink};
use range_summary::RangeTracker;
use std::io::{self, Write};
use std::path::PathBuf;

pub mod baseline;
mod handles;
mod in_order;
mod output;
mod range_summary;

pub use output::{warn, OutputClosed};

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

/// Runs a scan and writes its report: one loop over the change sets of the target, in
/// parallel, written in order.
pub fn run(req: &ScanRequest, scanner: &Scanner) -> Result<Outcome> {
    git::configure_object_reading(req.target.is_long());
    let repo = git::open_repository(req.repo.as_deref())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(req.jobs.max(1))
        .stack_size(WORKER_STACK)
        .build()
        .context("cannot start worker threads")?;
    // Resolve everything that can fail before any output is written.
    let source = req.target.resolve(&repo)?;
    let repo_path = repo.path().to_path_buf();
    let mut baseline = req.baseline.as_deref().map(Baseline::load).transpose()?;
    let mut new_baseline = req
        .write_baseline
        .as_ref()
        .map(|_| BaselineWriter::default());
    let mut sink = Sink::open(req.output.as_deref())?;
    let mut writer = report::writer(req.format, req.style, &req.run);
    let mut failed = false;
    let mut tracker = source.tip().map(|_| RangeTracker::default());
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
        failed |= result.findings.iter().any(|f| req.run.fails(f));
        if let Some(tracker) = tracker.as_mut() {
            tracker.record(result)?;
        }
        writer.commit(out, result).map_err(write_error)
    };
    let total = source.len();
    if total > 1 {
        // libgit2 shares an open pack, with its 16 MiB cache of delta bases, among all
        // handles: with this one closed, the pack and its cache are freed after each batch
        // instead of filling up over a long range.
        drop(repo);
    } else {
        // Freeing a handle's index and tree cache costs a hook more than the process's exit
        // does: the OS takes it back at once.
        std::mem::forget(repo);
    }
    let bar = progress_bar(req.progress, total);
    // A change set's files are judged in parallel unless other change sets keep every worker
    // busy (see `FilesAtOnce`).
    let files_at_once = if total >= 2 * pool.current_num_threads() {
        FilesAtOnce::One
    } else {
        FilesAtOnce::Many
    };
    let indices: Vec<usize> = (0..total).collect();
    for batch in indices.chunks(BATCH) {
        // Handles live for one batch: libgit2 keeps a pack, with its 16 MiB cache of delta
        // bases, open for as long as any handle uses it, and a range must not keep it full.
        let handles = WorkerHandles::new(repo_path.clone());
        in_order::map_in_order(
            &pool,
            batch,
            AHEAD_PER_WORKER * pool.current_num_threads(),
            |&index| {
                handles.with(|worker_repo| {
                    let change = source.change_set(worker_repo, index)?;
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
    let mut summary = None;
    if let (Some(tracker), Some(tip)) = (tracker.take(), source.tip()) {
        if !source.is_empty() {
            summary = Some(pool.install(|| -> Result<_> {
                let worker_repo = open_worker(&repo_path)?;
                tracker.finish(&worker_repo, tip, scanner)
            })?);
        }
    }
    writer
        .finish(sink.out(), summary.as_ref())
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
