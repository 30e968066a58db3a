//! Turns a scan request into results written in some format: resolves the target into change
//! sets, scans them (commits in parallel, reported in order), and writes the report to stdout
//! or atomically to a file.

use crate::git::{self, Target};
use crate::model::CommitResult;
use crate::report::{self, Format, Style};
use crate::rules::Level;
use crate::scan::Scanner;
use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Everything a scan needs besides the rules.
pub struct ScanRequest {
    pub repo: Option<PathBuf>,
    pub target: Target,
    pub format: Format,
    pub style: Style,
    pub output: Option<PathBuf>,
    pub fail_on: Level,
    pub jobs: usize,
}

/// What happened: whether any finding reached `--fail-on`.
pub struct Outcome {
    pub failed: bool,
}

/// Commits scanned in parallel per batch; results of a batch are written before the next
/// starts, so memory stays flat over any length of range.
const BATCH: usize = 256;

/// Worker threads get a large stack: the parser and the AST walk recurse with the nesting of
/// the code, and a pathological file must not overflow.
const WORKER_STACK: usize = 256 * 1024 * 1024;

/// Runs a scan and writes its report.
pub fn run(req: &ScanRequest, scanner: &Scanner) -> Result<Outcome> {
    let repo = git::open_repository(req.repo.as_deref())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(req.jobs.max(1))
        .stack_size(WORKER_STACK)
        .build()
        .context("cannot start worker threads")?;
    // Resolve everything that can fail before any output is written.
    let commits = match &req.target {
        Target::Staged => None,
        Target::Commit(rev) => Some(vec![git::resolve_commit(&repo, rev)?]),
        Target::Range {
            spec,
            merges,
            exclude_remotes,
        } => Some(git::range_commits(&repo, spec, *merges, *exclude_remotes)?),
    };
    let staged = match &req.target {
        Target::Staged => Some(git::staged_change_set(&repo)?),
        _ => None,
    };
    let repo_path = repo.path().to_path_buf();
    let mut sink = Sink::open(req.output.as_deref())?;
    let mut writer = report::writer(req.format, req.style, req.fail_on);
    let mut failed = false;
    let mut emit = |result: &CommitResult, out: &mut dyn Write| -> Result<()> {
        failed |= result.findings.iter().any(|f| f.severity >= req.fail_on);
        writer.commit(out, result).map_err(write_error)
    };
    if let Some(change) = staged {
        let result = pool.install(|| -> Result<CommitResult> {
            let worker_repo = open_worker(&repo_path)?;
            Ok(scanner.scan(&worker_repo, &change))
        })?;
        emit(&result, sink.out())?;
    }
    for batch in commits.unwrap_or_default().chunks(BATCH) {
        let results: Vec<Result<CommitResult>> = pool.install(|| {
            batch
                .par_iter()
                .map_init(
                    || open_worker(&repo_path),
                    |worker_repo, oid| {
                        let worker_repo = worker_repo.as_ref().map_err(|e| anyhow!("{e:#}"))?;
                        let change = git::commit_change_set(worker_repo, *oid)?;
                        Ok(scanner.scan(worker_repo, &change))
                    },
                )
                .collect()
        });
        for result in results {
            emit(&result?, sink.out())?;
        }
    }
    writer.finish(sink.out()).map_err(write_error)?;
    sink.commit()?;
    Ok(Outcome { failed })
}

/// Each worker thread has its own handle: `git2::Repository` is not shareable across threads.
fn open_worker(path: &Path) -> Result<git2::Repository> {
    git2::Repository::open(path).map_err(|e| anyhow!("cannot open repository: {}", e.message()))
}

fn write_error(e: io::Error) -> anyhow::Error {
    anyhow!("cannot write the report: {e}")
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
