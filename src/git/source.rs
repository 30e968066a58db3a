//! What to scan, as a source of change sets: the staged index, one commit, or a range. The
//! driver asks a source how many change sets it has and reads each one through a worker's own
//! repository handle, so it is one loop whatever was asked for. Adding a kind of change is one
//! type implementing [`ChangeSource`] and one variant of [`Target`].

use super::{commit_change_set, range_commits, resolve_commit, staged_change_set, ChangeSet};
use anyhow::Result;
use git2::{Oid, Repository};

/// What the user asked to scan, before it is resolved against a repository.
#[derive(Debug, Clone)]
pub enum Target {
    Staged,
    Commit(String),
    Range {
        spec: String,
        merges: bool,
        /// Leave out commits reachable from any remote-tracking branch, as
        /// `git rev-list SPEC --not --remotes` does: what a push of a new branch would publish.
        exclude_remotes: bool,
    },
}

impl Target {
    /// Whether the scan reads many commits, which tunes how libgit2 maps and caches objects
    /// (see [`super::configure_object_reading`]).
    pub fn is_long(&self) -> bool {
        matches!(self, Target::Range { .. })
    }

    /// Resolves revisions and lists commits: everything that can fail on bad input fails here,
    /// before any output is written.
    pub fn resolve(&self, repo: &Repository) -> Result<Box<dyn ChangeSource>> {
        Ok(match self {
            Target::Staged => Box::new(StagedSource),
            Target::Commit(rev) => Box::new(CommitSource(resolve_commit(repo, rev)?)),
            Target::Range {
                spec,
                merges,
                exclude_remotes,
            } => {
                let (commits, tip) = range_commits(repo, spec, *merges, *exclude_remotes)?;
                Box::new(RangeSource { commits, tip })
            }
        })
    }
}

/// A resolved target: a list of change sets, read on demand.
pub trait ChangeSource: Send + Sync {
    /// How many change sets, in report order.
    fn len(&self) -> usize;

    /// True when there is nothing to scan.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `index`-th change set, read through `repo` (the calling worker's handle).
    fn change_set(&self, repo: &Repository, index: usize) -> Result<ChangeSet>;

    /// The commit whose tree the range summary compares against, for a range.
    fn tip(&self) -> Option<Oid> {
        None
    }
}

/// The index against `HEAD`: what `git commit` would record.
pub struct StagedSource;

impl ChangeSource for StagedSource {
    fn len(&self) -> usize {
        1
    }

    fn change_set(&self, repo: &Repository, _index: usize) -> Result<ChangeSet> {
        staged_change_set(repo)
    }
}

/// One commit against its first parent.
pub struct CommitSource(pub Oid);

impl ChangeSource for CommitSource {
    fn len(&self) -> usize {
        1
    }

    fn change_set(&self, repo: &Repository, _index: usize) -> Result<ChangeSet> {
        commit_change_set(repo, self.0)
    }
}

/// Every commit of a range, oldest first, and the range's tip.
pub struct RangeSource {
    pub commits: Vec<Oid>,
    pub tip: Oid,
}

impl ChangeSource for RangeSource {
    fn len(&self) -> usize {
        self.commits.len()
    }

    fn change_set(&self, repo: &Repository, index: usize) -> Result<ChangeSet> {
        commit_change_set(repo, self.commits[index])
    }

    fn tip(&self) -> Option<Oid> {
        Some(self.tip)
    }
}
