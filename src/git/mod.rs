//! The source stage: turns "what to scan" (the index, one commit, a range) into change sets,
//! each a list of the Python files that changed, with the blob ids of both versions.
//!
//! Everything here goes through `git2`, except that the staged scan reads the index file
//! itself when it can (`staged.rs`): no `git` process is spawned, so nothing a repository
//! configures (hooks, filters, textconv, fsmonitor, pager) can run while we read it.

mod filter;
mod index_file;
mod staged;
mod tree_diff;

use anyhow::{anyhow, bail, Context, Result};
use git2::{
    Delta, DiffFindOptions, DiffOptions, FileMode, ObjectType, Oid, Repository, Sort, Tree,
};
use std::path::{Path, PathBuf};

pub use filter::is_python_path;

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
    pub files: Vec<ChangedFile>,
    /// Things the reader should know about how this change set was read (a missing parent, …).
    pub notes: Vec<String>,
}

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

/// Sets how libgit2 reads objects, for the whole process; call before opening repositories.
/// libgit2's defaults suit a long-lived program: whole packs stay mapped and up to 256 MiB of
/// trees and commits are cached per repository handle, so a range scan's memory grew with
/// the history it read (95 MB for 10,000 commits against 32 MB for 1,000). A `range` maps
/// packs in small windows and caches little; one change set (`staged`, `commit`) keeps the
/// default mapping, since a hook reading trees all over a large pack through small windows
/// spent a sixth of its time mapping and unmapping them.
pub fn configure_object_reading(long_scan: bool) {
    // `git` does not re-hash the objects it reads either; zlib's checksum still catches a
    // damaged object, and hashing every tree and blob was a tenth of a scan's time.
    git2::opts::strict_hash_verification(false);
    let mut limits = vec![(libgit2_sys::GIT_OPT_SET_CACHE_MAX_SIZE, OBJECT_CACHE_SIZE)];
    if long_scan {
        limits.push((libgit2_sys::GIT_OPT_SET_MWINDOW_SIZE, MWINDOW_SIZE));
        limits.push((
            libgit2_sys::GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
            MWINDOW_MAPPED_LIMIT,
        ));
    }
    for (option, value) in limits {
        // SAFETY: each option takes one size argument (`size_t`, or `ssize_t` for the cache,
        // the same width), and libgit2 has no other thread running yet.
        unsafe {
            libgit2_sys::git_libgit2_opts(option as libc::c_int, value as libc::size_t);
        }
    }
}

/// In a range, packs are mapped in windows of this size ...
const MWINDOW_SIZE: usize = 1 << 20;
/// ... and at most this much of them at once (least recently used windows are unmapped).
const MWINDOW_MAPPED_LIMIT: usize = 4 << 20;
/// Trees and commits kept per repository handle: consecutive commits share most trees, so a
/// small cache keeps nearly all of the benefit.
const OBJECT_CACHE_SIZE: usize = 4 << 20;

/// Opens the repository at or above `path` (`None`: the current directory).
pub fn open_repository(path: Option<&Path>) -> Result<Repository> {
    let start = path.unwrap_or_else(|| Path::new("."));
    Repository::discover(start).map_err(|e| {
        anyhow!(
            "not a git repository: {} ({})",
            start.display(),
            e.message()
        )
    })
}

/// The commits a range names, oldest first; merges are dropped unless `merges`, and commits
/// some remote-tracking branch already has are dropped when `exclude_remotes`. Also returns
/// the range's tip (`B` of `A..B`), whose files the range summary looks at.
pub fn range_commits(
    repo: &Repository,
    spec: &str,
    merges: bool,
    exclude_remotes: bool,
) -> Result<(Vec<Oid>, Oid)> {
    // Every commit the walk reads stayed in the handle's cache: 12 MB on the peak of a
    // 10,000-commit range, more the longer the range. The scan wants commits cached again: a
    // commit's parent is the commit scanned just before.
    let _uncached = CommitsUncached::new();
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
    let tip;
    if spec.contains("..") {
        let rs = repo
            .revparse(spec)
            .map_err(|e| unknown_revision(repo, spec, &e))?;
        let (from, to) = match (rs.from(), rs.to()) {
            (Some(f), Some(t)) => (f.peel_to_commit()?.id(), t.peel_to_commit()?.id()),
            _ => bail!("unknown revision range '{spec}'"),
        };
        if rs.mode().contains(git2::RevparseMode::MERGE_BASE) {
            // A...B: everything reachable from either side but not from both.
            walk.push(from)?;
            walk.push(to)?;
            if let Ok(base) = repo.merge_base(from, to) {
                walk.hide(base)?;
            }
        } else {
            walk.push(to)?;
            walk.hide(from)?;
        }
        tip = to;
    } else {
        tip = resolve_commit(repo, spec)?;
        walk.push(tip)?;
    }
    if exclude_remotes {
        hide_remote_tracking(repo, &mut walk)?;
    }
    let mut out = Vec::new();
    for oid in walk {
        let oid = oid?;
        if !merges {
            let commit = repo.find_commit(oid)?;
            if recorded_parents(&commit).len() > 1 {
                continue;
            }
        }
        out.push(oid);
    }
    Ok((out, tip))
}

/// Keeps libgit2 from caching commits while it lives. Only for the walk that lists a range,
/// before any other thread reads objects: libgit2's cache limits are process-wide.
struct CommitsUncached;

/// libgit2's own limit: commits up to this size are cached.
const COMMIT_CACHE_OBJECT_LIMIT: usize = 4096;

impl CommitsUncached {
    fn new() -> Self {
        set_commit_cache_limit(0);
        CommitsUncached
    }
}

impl Drop for CommitsUncached {
    fn drop(&mut self) {
        set_commit_cache_limit(COMMIT_CACHE_OBJECT_LIMIT);
    }
}

fn set_commit_cache_limit(bytes: usize) {
    // SAFETY: the option takes an object type and a size; no other thread reads objects
    // while a range is being listed.
    unsafe {
        let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Commit, bytes);
    }
}

/// Hides every commit reachable from `refs/remotes/`. Each ref is peeled by hand rather than
/// with `hide_glob`, so a remote-tracking ref that names no commit (or dangles) is skipped
/// instead of failing the walk.
fn hide_remote_tracking(repo: &Repository, walk: &mut git2::Revwalk<'_>) -> Result<()> {
    let refs = repo
        .references_glob("refs/remotes/*")
        .map_err(|e| anyhow!("cannot list remote-tracking branches: {}", e.message()))?;
    for reference in refs.flatten() {
        if let Ok(commit) = reference.peel_to_commit() {
            walk.hide(commit.id())?;
        }
    }
    Ok(())
}

/// Resolves any revision git understands (`HEAD~3`, a tag, a short sha) to a commit id.
pub fn resolve_commit(repo: &Repository, rev: &str) -> Result<Oid> {
    let obj = repo
        .revparse_single(rev)
        .map_err(|e| unknown_revision(repo, rev, &e))?;
    let commit = obj
        .peel_to_commit()
        .map_err(|_| anyhow!("'{rev}' does not name a commit"))?;
    Ok(commit.id())
}

/// Why a revision did not resolve, said plainly when the repository has no commit at all.
fn unknown_revision(repo: &Repository, rev: &str, e: &git2::Error) -> anyhow::Error {
    let unborn = matches!(repo.head(), Err(h) if h.code() == git2::ErrorCode::UnbornBranch);
    let no_refs = repo
        .references()
        .map(|mut refs| refs.next().is_none())
        .unwrap_or(false);
    if unborn && no_refs {
        anyhow!("unknown revision '{rev}': the repository has no commits yet")
    } else if unborn {
        anyhow!("unknown revision '{rev}': HEAD is on a branch with no commits yet")
    } else {
        anyhow!("unknown revision '{rev}': {}", e.message())
    }
}

/// The change set of one commit against its first parent (a root commit against nothing).
pub fn commit_change_set(repo: &Repository, oid: Oid) -> Result<ChangeSet> {
    commit_change_set_by(repo, oid, true)
}

/// [`commit_change_set`], comparing the two trees directly when `direct` and it can
/// ([`tree_diff::changes`]), else through libgit2's diff; tests compare the two.
pub(crate) fn commit_change_set_by(repo: &Repository, oid: Oid, direct: bool) -> Result<ChangeSet> {
    let commit = repo
        .find_commit(oid)
        .with_context(|| format!("cannot read commit {oid}"))?;
    let mut notes = Vec::new();
    let recorded = recorded_parents(&commit);
    let parents: Vec<String> = recorded.iter().map(Oid::to_string).collect();
    let parent_tree = match recorded.first() {
        None => None,
        Some(&pid) => match repo.find_commit(pid) {
            Ok(parent) => Some(
                parent
                    .tree()
                    .with_context(|| format!("cannot read the tree of {pid}"))?,
            ),
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                // A shallow clone's boundary: the parent is not here, so every line is new.
                notes.push(format!(
                    "parent {pid} is not in this repository (shallow clone?): every line of \
                     the commit's files counts as changed"
                ));
                None
            }
            Err(e) => bail!("cannot read commit {pid}: {}", e.message()),
        },
    };
    let tree = commit
        .tree()
        .with_context(|| format!("cannot read the tree of {oid}"))?;
    let summary = summary_of(&commit);
    let fast = match direct {
        true => tree_diff::changes(repo, parent_tree.as_ref(), &tree)?,
        false => None,
    };
    let files = match fast {
        Some(changes) => python_files_of(repo, changes)?,
        None => {
            let mut opts = diff_options();
            let diff =
                repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))?;
            collect_python_files(repo, diff, &mut notes)?
        }
    };
    Ok(ChangeSet {
        id: oid.to_string(),
        parents,
        summary,
        files,
        notes,
    })
}

/// The first line of a commit message as text: a message declared latin-1 (git's `encoding`
/// header, `i18n.commitEncoding`) is decoded as such, any other invalid UTF-8 is replaced.
fn summary_of(commit: &git2::Commit<'_>) -> String {
    let bytes = commit.summary_bytes().unwrap_or_default();
    let latin1 = commit.message_encoding().is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().replace('_', "-").as_str(),
            "iso-8859-1" | "iso8859-1" | "latin-1" | "latin1" | "l1"
        )
    });
    if latin1 && std::str::from_utf8(bytes).is_err() {
        bytes.iter().map(|&b| char::from(b)).collect()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// The parents a commit object records. In a shallow clone libgit2 hides the parents of
/// boundary commits (they are not there), which would make them look like root commits;
/// the report must still name them and say that they were missing.
pub fn recorded_parents(commit: &git2::Commit<'_>) -> Vec<Oid> {
    let from_header: Vec<Oid> = commit
        .raw_header_bytes()
        .split(|&b| b == b'\n')
        .filter_map(|line| line.strip_prefix(b"parent "))
        .filter_map(|hex| std::str::from_utf8(hex).ok())
        .filter_map(|hex| Oid::from_str(hex.trim()).ok())
        .collect();
    if from_header.len() >= commit.parent_count() {
        from_header
    } else {
        commit.parent_ids().collect()
    }
}

/// The change set of the index against `HEAD` (an unborn `HEAD` counts as the empty tree).
pub fn staged_change_set(repo: &Repository) -> Result<ChangeSet> {
    staged_change_set_by(repo, true)
}

/// [`staged_change_set`], reading the index directly when `direct` and it can
/// ([`staged::fast_changes`]), else through libgit2's diff; tests compare the two.
pub(crate) fn staged_change_set_by(repo: &Repository, direct: bool) -> Result<ChangeSet> {
    if repo.is_bare() {
        bail!("'staged' needs a work tree, and this repository is bare");
    }
    let head_tree: Option<Tree> = match repo.head() {
        Ok(head) => Some(head.peel_to_tree()?),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            None
        }
        Err(e) => bail!("cannot read HEAD: {}", e.message()),
    };
    let mut notes = Vec::new();
    let fast = match &head_tree {
        Some(tree) if direct => staged::fast_changes(repo, tree)?,
        _ => None,
    };
    let files = match fast {
        Some(changes) => python_files_of(repo, changes)?,
        None => {
            let index = open_index(repo)?;
            let mut opts = diff_options();
            let diff =
                repo.diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut opts))?;
            collect_python_files(repo, diff, &mut notes)?
        }
    };
    let parents = match repo.head().ok().and_then(|h| h.target()) {
        Some(oid) => vec![oid.to_string()],
        None => Vec::new(),
    };
    Ok(ChangeSet {
        id: "staged".into(),
        parents,
        summary: String::new(),
        files,
        notes,
    })
}

/// The index `git commit` is about to record, when it is not the repository's own. Inside a
/// pre-commit hook git points `GIT_INDEX_FILE` at a temporary index (`git commit -a`,
/// `git commit PATH`) that differs from `.git/index`, and libgit2 does not look at that
/// variable by itself.
fn index_file_override() -> Option<PathBuf> {
    std::env::var_os("GIT_INDEX_FILE")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
}

/// Opens [`index_file_override`], or the repository's index.
fn open_index(repo: &Repository) -> Result<git2::Index> {
    match index_file_override() {
        Some(path) => git2::Index::open(&path).map_err(|e| {
            anyhow!(
                "cannot read the index {} (GIT_INDEX_FILE): {}",
                path.display(),
                e.message()
            )
        }),
        _ => repo
            .index()
            .map_err(|e| anyhow!("cannot read the index: {}", e.message())),
    }
}

/// Reads a blob's bytes: `Ok(None)` when the object is not in the repository (a partial
/// clone fetches blobs on demand, and only `git` itself can fetch them); an error when it is
/// there but cannot be read (a corrupt object) or is not a blob.
pub fn read_blob(repo: &Repository, oid: Oid) -> Result<Option<Vec<u8>>> {
    let odb = repo
        .odb()
        .map_err(|e| anyhow!("cannot open the object database: {}", e.message()))?;
    let read = match odb.read(oid) {
        Ok(obj) if obj.kind() == ObjectType::Blob => Ok(Some(obj.data().to_vec())),
        Ok(obj) => Err(anyhow!(
            "object {oid} should be a blob but is a {}",
            obj.kind()
        )),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(anyhow!("cannot read object {oid}: {}", e.message())),
    };
    read
}

fn diff_options() -> DiffOptions {
    let mut opts = DiffOptions::new();
    // Ignore submodules' own state and never consult the work tree: we compare trees and index.
    opts.ignore_submodules(true).include_typechange(true);
    opts
}

fn is_regular(mode: FileMode) -> bool {
    matches!(mode, FileMode::Blob | FileMode::BlobExecutable)
}

fn collect_python_files(
    repo: &Repository,
    mut diff: git2::Diff<'_>,
    notes: &mut Vec<String>,
) -> Result<Vec<ChangedFile>> {
    let mut find = DiffFindOptions::new();
    find.renames(true).copies(false);
    if let Err(e) = diff.find_similar(Some(&mut find)) {
        notes.push(format!("rename detection failed: {}", e.message()));
    }
    let mut files = Vec::new();
    for delta in diff.deltas() {
        let old = delta.old_file();
        let new = delta.new_file();
        let path_of = |f: &git2::DiffFile<'_>| {
            f.path_bytes()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        };
        let (status, old_blob, new_blob) = match delta.status() {
            Delta::Added => (FileStatus::Added, None, Some(new.id())),
            Delta::Deleted => (FileStatus::Deleted, Some(old.id()), None),
            Delta::Modified => (FileStatus::Modified, Some(old.id()), Some(new.id())),
            Delta::Renamed => (FileStatus::Renamed, Some(old.id()), Some(new.id())),
            Delta::Copied => (FileStatus::Copied, Some(old.id()), Some(new.id())),
            // A file that became (or stopped being) a symlink or submodule: judge the regular
            // side, as an addition or a deletion.
            Delta::Typechange => {
                if is_regular(new.mode()) {
                    (FileStatus::Added, None, Some(new.id()))
                } else if is_regular(old.mode()) {
                    (FileStatus::Deleted, Some(old.id()), None)
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        let (path, mode, probe) = match new_blob {
            Some(id) => (path_of(&new), new.mode(), id),
            None => (path_of(&old), old.mode(), old.id()),
        };
        if !is_regular(mode) {
            continue;
        }
        if let Some(o) = old_blob {
            if status != FileStatus::Added && !is_regular(old.mode()) && o.is_zero() {
                continue;
            }
        }
        if !is_python_file(repo, &path, Some(probe))? {
            continue;
        }
        let old_path =
            matches!(status, FileStatus::Renamed | FileStatus::Copied).then(|| path_of(&old));
        files.push(ChangedFile {
            path,
            old_path,
            status,
            old_blob,
            new_blob,
        });
    }
    Ok(files)
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

/// The Python files among changes found without libgit2's diff (no renames among them).
fn python_files_of(repo: &Repository, changes: Vec<DirectChange>) -> Result<Vec<ChangedFile>> {
    let mut files = Vec::new();
    for change in changes {
        let path = String::from_utf8_lossy(&change.path).into_owned();
        if is_python_file(repo, &path, change.new_blob.or(change.old_blob))? {
            files.push(ChangedFile {
                path,
                old_path: None,
                status: change.status,
                old_blob: change.old_blob,
                new_blob: change.new_blob,
            });
        }
    }
    Ok(files)
}

/// Whether the regular file at `path` is Python: by its name, or for an extensionless name by
/// the shebang of `blob` (the new version, or the old one of a deletion).
fn is_python_file(repo: &Repository, path: &str, blob: Option<Oid>) -> Result<bool> {
    let mut unreadable = None;
    let python = filter::is_python(path, || match blob.map(|oid| read_blob(repo, oid)) {
        Some(Ok(bytes)) => bytes,
        Some(Err(e)) => {
            unreadable = Some(e);
            None
        }
        None => None,
    });
    match unreadable {
        Some(e) => Err(e.context(format!("cannot read {path}"))),
        None => Ok(python),
    }
}
