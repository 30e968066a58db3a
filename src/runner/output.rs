//! Where the report goes (stdout, or a file written whole or not at all), and what a
//! failed write means.

use anyhow::{anyhow, Result};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The report's reader went away (`hunkguard range A..B | head -1`). Scanning stops at once,
/// and the exit code is 2: a report cut short is never a pass, even if what was written
/// had no finding.
#[derive(Debug, thiserror::Error)]
#[error("the output was closed before the report was complete (broken pipe)")]
pub struct OutputClosed;

pub(super) fn write_error(e: io::Error) -> anyhow::Error {
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
pub(super) enum Sink {
    Stdout(BufWriter<io::Stdout>),
    File {
        tmp: BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
    },
}

impl Sink {
    /// Stdout, or a temporary file beside `path`.
    pub(super) fn open(path: Option<&Path>) -> Result<Self> {
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

    /// Where the report is written now.
    pub(super) fn out(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::File { tmp, .. } => tmp,
        }
    }

    /// Flushes stdout, or puts the finished file in place.
    pub(super) fn commit(self) -> Result<()> {
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
