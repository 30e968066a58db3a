//! The source stage: turns "what to scan" (the index, one commit, a range) into change sets,
//! each a list of the Python files that changed, with the blob ids of both versions.
//!
//! Everything here goes through `git2`, except that the staged scan reads the index file
//! itself when it can (`staged.rs`): no `git` process is spawned, so nothing a repository
//! configures (hooks, filters, textconv, fsmonitor, pager) can run while we read it.

mod blobs;
mod commit;
mod filter;
mod index_file;
mod repository;
mod revisions;
mod source;
mod staged;
mod tree_diff;

use git2::Oid;

pub use blobs::read_blob;
pub use commit::{commit_change_set, recorded_parents};
pub use filter::is_python_path;
pub use repository::{configure_object_reading, open_repository};
pub use revisions::{range_commits, resolve_commit};
pub use source::{ChangeSource, CommitSource, RangeSource, StagedSource, Target};
pub use staged::staged_change_set;

/// How a file changed between the old and the new version, as the JSON contract spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    Added,
    Modified,
    Renamed,
    Copied,
    Deleted,
}

impl FileStatus {
    /// The contract's lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Modified => "modified",
            FileStatus::Renamed => "renamed",
            FileStatus::Copied => "copied",
            FileStatus::Deleted => "deleted",
        }
    }
}

/// One changed Python file: where it is, where it was, and the blobs of both versions.
#[derive(Debug, Clone)]
pub struct ChangedFile {
    /// Path in the new version (the old path for a deletion), `/`-separated, lossily UTF-8.
    pub path: String,
    /// Path before a rename or copy.
    pub old_path: Option<String>,
    pub status: FileStatus,
    /// `None` when the file did not exist before.
    pub old_blob: Option<Oid>,
    /// `None` for a deletion.
    pub new_blob: Option<Oid>,
}

/// One unit of report: the staged index, or one commit.
#[derive(Debug, Clone)]
pub struct ChangeSet {
    /// The commit id in hex, or `"staged"`.
    pub id: String,
    pub parents: Vec<String>,
    /// First line of the commit message (`""` for staged).
    pub summary: String,
    /// The whole commit message (`""` for staged).
    pub message: String,
    pub files: Vec<ChangedFile>,
    /// Things the reader should know about how this change set was read (a missing parent, …).
    pub notes: Vec<String>,
}

/// One file that differs between two sides (`HEAD` and the index, or a commit's parent and
/// the commit), both regular files, found without libgit2's diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DirectChange {
    pub path: Vec<u8>,
    pub status: FileStatus,
    pub old_blob: Option<Oid>,
    pub new_blob: Option<Oid>,
}
