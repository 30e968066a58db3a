//! Repository handles for the workers: `git2::Repository` is one thread's at a time.

use anyhow::{anyhow, Result};
use std::path::{Path, PathBuf};

/// A repository handle for one thread at a time: `git2::Repository` is not shareable.
pub(super) fn open_worker(path: &Path) -> Result<git2::Repository> {
    git2::Repository::open(path).map_err(|e| anyhow!("cannot open repository: {}", e.message()))
}

/// Repository handles lent to one commit's task at a time. A handle is taken out for the
/// whole task, not tied to a thread: a thread waiting inside one commit's parallel analysis
/// may run another commit's task, which then needs a handle of its own.
pub(super) struct WorkerHandles {
    path: PathBuf,
    idle: std::sync::Mutex<Vec<git2::Repository>>,
}

impl WorkerHandles {
    /// No handle yet; they are opened as tasks need them.
    pub(super) fn new(path: PathBuf) -> Self {
        WorkerHandles {
            path,
            idle: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Runs `task` with an idle handle, or a new one when all are in use.
    pub(super) fn with<R>(&self, task: impl FnOnce(&git2::Repository) -> Result<R>) -> Result<R> {
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
