//! The staged changes found the way `git diff --cached` finds them: the index file is read
//! directly, and every directory whose cache-tree entry names the tree `HEAD` has is skipped
//! without reading it. A hook on a large repository then reads a handful of trees instead of
//! all of them. Anything unusual (see [`index_file::parse`], and below) is left to libgit2's
//! diff, which gives the same answer more slowly.

use super::filter::{collect_python_files, diff_options, python_files_of};
use super::index_file::{self, CacheTree, IndexEntry, IndexFile};
use super::{ChangeSet, DirectChange, FileStatus};
use anyhow::{anyhow, bail, Result};
use git2::{Oid, Repository, Tree};
use std::cmp::Ordering;
use std::path::PathBuf;

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
        Some(tree) if direct => fast_changes(repo, tree)?,
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
        message: String::new(),
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

/// The file git would read as the index: `GIT_INDEX_FILE` inside a hook, else the repository's.
fn index_path(repo: &Repository) -> PathBuf {
    index_file_override().unwrap_or_else(|| repo.path().join("index"))
}

/// The staged changes, in path order; `None` when libgit2 must answer instead: the index is
/// unreadable or unusual, the repository ignores case, a changed path is a symlink or a
/// submodule, or files were both added and deleted (libgit2 pairs those as renames).
pub fn fast_changes(repo: &Repository, head: &Tree<'_>) -> Result<Option<Vec<DirectChange>>> {
    let ignores_case = repo
        .config()
        .and_then(|c| c.get_bool("core.ignorecase"))
        .unwrap_or(false);
    if ignores_case {
        return Ok(None);
    }
    let Ok(bytes) = std::fs::read(index_path(repo)) else {
        return Ok(None);
    };
    let Some(index) = index_file::parse(&bytes) else {
        return Ok(None);
    };
    drop(bytes);
    let Some((files, skipped)) = head_files(repo, head, index.cache_tree.as_ref())? else {
        return Ok(None);
    };
    Ok(compare(&files, &staged_entries(&index, &skipped)))
}

/// A file of `HEAD`'s tree: path, mode as recorded, blob.
type HeadFile = (Vec<u8>, u32, Oid);

/// `HEAD`'s files to compare, and the directories (`a/b/`) known to match the index.
type HeadSide = (Vec<HeadFile>, Vec<Vec<u8>>);

/// Directory depth the walk follows (git itself refuses trees deeper than 4,096 by default,
/// `core.maxTreeDepth`); a crafted deeper tree is left to libgit2.
const MAX_TREE_DEPTH: usize = 4096;

/// `HEAD`'s files below every directory the cache-tree cannot vouch for, and the directories
/// (`a/b/`) it vouches for, sorted; `None` past [`MAX_TREE_DEPTH`]. The walk keeps its own
/// stack of directories, so no tree can exhaust the thread's.
fn head_files(
    repo: &Repository,
    head: &Tree<'_>,
    cache: Option<&CacheTree>,
) -> Result<Option<HeadSide>> {
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    let mut pending = vec![(head.clone(), Vec::new(), cache, 0)];
    while let Some((tree, prefix, cache, depth)) = pending.pop() {
        if depth > MAX_TREE_DEPTH {
            return Ok(None);
        }
        if cache.is_some_and(|c| c.oid == Some(tree.id())) {
            skipped.push(prefix);
            continue;
        }
        for entry in tree.iter() {
            let name = entry.name_bytes();
            let mode = entry.filemode_raw() as u32;
            let mut path = [prefix.as_slice(), name].concat();
            if mode & MODE_TYPE == MODE_TREE {
                path.push(b'/');
                let subtree = repo.find_tree(entry.id()).map_err(|e| {
                    anyhow!(
                        "cannot read the tree of HEAD at {}: {}",
                        String::from_utf8_lossy(&path),
                        e.message()
                    )
                })?;
                pending.push((subtree, path, cache.and_then(|c| c.child(name)), depth + 1));
            } else {
                files.push((path, mode, entry.id()));
            }
        }
    }
    skipped.sort_unstable();
    Ok(Some((files, skipped)))
}

const MODE_TYPE: u32 = 0o170000;
const MODE_TREE: u32 = 0o040000;
const MODE_REGULAR: u32 = 0o100000;

/// The index entries outside every skipped directory.
fn staged_entries<'i>(index: &'i IndexFile, skipped: &[Vec<u8>]) -> Vec<&'i IndexEntry> {
    index
        .entries
        .iter()
        .filter(|entry| {
            // Skipped directories never nest, so only the last one sorting at or before the
            // path can contain it.
            let at = skipped.partition_point(|dir| dir.as_slice() <= entry.path.as_slice());
            !(at > 0 && entry.path.starts_with(&skipped[at - 1]))
        })
        .collect()
}

/// Merges `HEAD`'s files and the index entries (both in path order) into changes, as
/// libgit2's tree-to-index diff classifies them, or `None` where it would do more.
fn compare(head: &[HeadFile], index: &[&IndexEntry]) -> Option<Vec<DirectChange>> {
    let mut head: Vec<&HeadFile> = head.iter().collect();
    // The walk yields directories in no particular order; a malformed tree could also
    // repeat a name, which the merge below cannot pair, so that goes to libgit2.
    head.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    if head.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    let regular = |mode: u32| mode & MODE_TYPE == MODE_REGULAR;
    let (mut h, mut i) = (0, 0);
    let mut changes = Vec::new();
    let (mut added, mut deleted) = (false, false);
    loop {
        let order = match (head.get(h), index.get(i)) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(old), Some(new)) => old.0.cmp(&new.path),
        };
        match order {
            Ordering::Less => {
                let (path, mode, oid) = head[h];
                if !regular(*mode) {
                    return None;
                }
                deleted = true;
                changes.push(DirectChange {
                    path: path.clone(),
                    status: FileStatus::Deleted,
                    old_blob: Some(*oid),
                    new_blob: None,
                });
                h += 1;
            }
            Ordering::Greater => {
                let new = index[i];
                if !regular(new.mode) {
                    return None;
                }
                added = true;
                changes.push(DirectChange {
                    path: new.path.clone(),
                    status: FileStatus::Added,
                    old_blob: None,
                    new_blob: Some(new.oid),
                });
                i += 1;
            }
            Ordering::Equal => {
                let (_, mode, oid) = head[h];
                let new = index[i];
                if *mode != new.mode || *oid != new.oid {
                    if !regular(*mode) || !regular(new.mode) {
                        return None;
                    }
                    changes.push(DirectChange {
                        path: new.path.clone(),
                        status: FileStatus::Modified,
                        old_blob: Some(*oid),
                        new_blob: Some(new.oid),
                    });
                }
                h += 1;
                i += 1;
            }
        }
    }
    (!(added && deleted)).then_some(changes)
}

#[cfg(test)]
pub(super) mod tests {
    //! The direct reading must agree with libgit2's diff on every index: these tests stage
    //! real changes with the `git` binary and compare the two change sets.
    use super::*;
    use crate::git::staged::staged_change_set_by;
    use crate::git::ChangeSet;
    use proptest::prelude::*;
    use std::path::Path;
    use std::process::Command;

    /// Runs `git` in `dir`, with a fixed identity, and asserts that it succeeded.
    pub(in crate::git) fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
            .args(args)
            .current_dir(dir)
            .env_remove("GIT_INDEX_FILE")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {:?}", out);
    }

    pub(in crate::git) fn write(dir: &Path, path: &str, text: &str) {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    /// A change set, or its error, as text to compare.
    pub(in crate::git) fn shown(set: Result<ChangeSet>) -> String {
        match set {
            Ok(set) => format!("{:?} {:?}", set.files, set.notes),
            Err(e) => format!("error: {e:#}"),
        }
    }

    /// Compares both readings of the repository's index; returns whether the direct one
    /// answered (rather than deferring to libgit2).
    fn agree(dir: &Path) -> bool {
        let repo = Repository::open(dir).unwrap();
        let head = repo.head().unwrap().peel_to_tree().unwrap();
        let direct = fast_changes(&repo, &head).unwrap().is_some();
        let fast = shown(staged_change_set_by(&repo, true));
        let slow = shown(staged_change_set_by(&repo, false));
        assert_eq!(fast, slow, "in {}", dir.display());
        direct
    }

    /// A new repository with `files` committed.
    pub(in crate::git) fn committed(files: &[(&str, &str)]) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q", "-b", "main"]);
        for (path, text) in files {
            write(dir, path, text);
        }
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "base"]);
        tmp
    }

    const BASE: &[(&str, &str)] = &[
        ("a.py", "a = 1\n"),
        ("d/e.py", "e = 1\n"),
        ("d/g/h.py", "h = 1\n"),
        ("d/g/i.txt", "i\n"),
        ("d-x.py", "x = 1\n"),
        ("j/k/l.py", "l = 1\n"),
    ];

    #[test]
    fn partial_staging_is_read_directly_with_the_cache_tree() {
        let tmp = committed(BASE);
        let dir = tmp.path();
        // A commit writes the cache-tree; `git add` then invalidates only d/g, d and the root.
        write(dir, "d/g/h.py", "h = 1\nimport pickle\n");
        git(dir, &["add", "d/g/h.py"]);
        let bytes = std::fs::read(dir.join(".git/index")).unwrap();
        let index = index_file::parse(&bytes).unwrap();
        let root = index.cache_tree.as_ref().unwrap();
        assert!(root.oid.is_none());
        assert!(root.child(b"j").unwrap().oid.is_some());
        assert!(agree(dir));
        let repo = Repository::open(dir).unwrap();
        let head = repo.head().unwrap().peel_to_tree().unwrap();
        let changes = fast_changes(&repo, &head).unwrap().unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, b"d/g/h.py");
        assert_eq!(changes[0].status, FileStatus::Modified);
    }

    #[test]
    fn index_version_4_is_read_directly() {
        let tmp = committed(BASE);
        let dir = tmp.path();
        write(dir, "d/e.py", "e = 2\n");
        write(dir, "j/k/new.py", "n = 1\n");
        git(dir, &["add", "-A"]);
        git(dir, &["update-index", "--index-version", "4"]);
        assert!(agree(dir));
    }

    #[test]
    fn unusual_indexes_are_left_to_libgit2() {
        // A rename (an addition and a deletion), an intent-to-add entry, a symlink, a split
        // index: each is answered by libgit2, with the same result.
        let tmp = committed(BASE);
        let dir = tmp.path();
        git(dir, &["mv", "a.py", "b.py"]);
        assert!(!agree(dir));

        let tmp = committed(BASE);
        let dir = tmp.path();
        write(dir, "new.py", "n = 1\n");
        git(dir, &["add", "-N", "new.py"]);
        assert!(!agree(dir));

        let tmp = committed(BASE);
        let dir = tmp.path();
        std::fs::remove_file(dir.join("a.py")).unwrap();
        std::os::unix::fs::symlink("d/e.py", dir.join("a.py")).unwrap();
        git(dir, &["add", "-A"]);
        assert!(!agree(dir));

        let tmp = committed(BASE);
        let dir = tmp.path();
        write(dir, "d/e.py", "e = 2\n");
        git(dir, &["add", "-A"]);
        git(dir, &["update-index", "--split-index"]);
        // libgit2 cannot read a split index either, and says so.
        assert!(!agree(dir));
        let repo = Repository::open(dir).unwrap();
        assert!(staged_change_set_by(&repo, true).is_err());
    }

    /// Commits, on top of `HEAD`, a file `depth` directories down under `deep/` (no file
    /// system holds such a path, so the trees are built in the object store).
    pub(in crate::git) fn commit_deep_tree(dir: &Path, depth: usize) {
        let repo = Repository::open(dir).unwrap();
        let blob = repo.blob(b"x = 1\n").unwrap();
        let mut builder = repo.treebuilder(None).unwrap();
        builder.insert("deep.py", blob, 0o100644).unwrap();
        let mut tree = builder.write().unwrap();
        for _ in 0..depth {
            let mut builder = repo.treebuilder(None).unwrap();
            builder.insert("d", tree, 0o040000).unwrap();
            tree = builder.write().unwrap();
        }
        let head = repo.head().unwrap().peel_to_commit().unwrap();
        let mut builder = repo.treebuilder(Some(&head.tree().unwrap())).unwrap();
        builder.insert("deep", tree, 0o040000).unwrap();
        let top = repo.find_tree(builder.write().unwrap()).unwrap();
        let sig = git2::Signature::now("t", "t@example.com").unwrap();
        repo.commit(Some("HEAD"), &sig, &sig, "deep", &top, &[&head])
            .unwrap();
    }

    #[test]
    fn a_crafted_deep_tree_is_left_to_libgit2() {
        // A directory chain deeper than the walk follows, built in the object store (no file
        // system holds such a path).
        let tmp = committed(BASE);
        let dir = tmp.path();
        commit_deep_tree(dir, MAX_TREE_DEPTH + 10);
        let repo = Repository::open(dir).unwrap();
        // An index of the base files alone, with no cache-tree: the chain's file is deleted.
        let mut index = repo.index().unwrap();
        index.clear().unwrap();
        for (path, _) in BASE {
            index.add_path(Path::new(path)).unwrap();
        }
        index.write().unwrap();
        let bytes = std::fs::read(dir.join(".git/index")).unwrap();
        assert!(index_file::parse(&bytes).unwrap().cache_tree.is_none());
        assert!(!agree(dir));
    }

    /// Paths that sort around each other (`d.py`, `d-x.py`, `d/…`) and nest.
    pub(in crate::git) const PATHS: &[&str] = &[
        "a.py",
        "b.txt",
        "d.py",
        "d-x.py",
        "d/e.py",
        "d/f.py",
        "d/g/h.py",
        "d/g/i.txt",
        "j/k/l.py",
        "j/m.py",
        "bin/tool",
        "z.py",
    ];

    #[derive(Debug, Clone, Copy)]
    pub(in crate::git) enum Edit {
        Keep,
        Change,
        Remove,
        MakeExecutable,
    }

    pub(in crate::git) fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            4 => Just(Edit::Keep),
            3 => Just(Edit::Change),
            1 => Just(Edit::Remove),
            1 => Just(Edit::MakeExecutable),
        ]
    }

    /// A repository with the `present` ones of [`PATHS`] committed (and one more file: a
    /// base with no file at all would not commit).
    pub(in crate::git) fn committed_paths(present: &[bool]) -> tempfile::TempDir {
        let base: Vec<(&str, String)> = PATHS
            .iter()
            .zip(present)
            .filter(|(_, &p)| p)
            .map(|(path, _)| (*path, format!("#!/usr/bin/env python3\n{path} = 1\n")))
            .chain([("always.txt", String::from("kept\n"))])
            .collect();
        let base: Vec<(&str, &str)> = base.iter().map(|(p, t)| (*p, t.as_str())).collect();
        committed(&base)
    }

    /// Applies `edits` to the work tree of a repository from [`committed_paths`].
    pub(in crate::git) fn apply_edits(dir: &Path, present: &[bool], edits: &[Edit]) {
        for ((path, &was), edit) in PATHS.iter().zip(present).zip(edits) {
            match (was, edit) {
                (_, Edit::Keep) => {}
                (false, _) => write(dir, path, "added = 1\n"),
                (true, Edit::Change) => write(dir, path, "changed = 2\n"),
                (true, Edit::Remove) => std::fs::remove_file(dir.join(path)).unwrap(),
                (true, Edit::MakeExecutable) => {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = std::fs::Permissions::from_mode(0o755);
                    std::fs::set_permissions(dir.join(path), mode).unwrap();
                }
            }
        }
    }

    /// Whether `edits` add a file (`adding`) or remove one (`!adding`).
    pub(in crate::git) fn edits_add(present: &[bool], edits: &[Edit], adding: bool) -> bool {
        present.iter().zip(edits).any(|(&was, edit)| match adding {
            true => !was && !matches!(edit, Edit::Keep),
            false => was && matches!(edit, Edit::Remove),
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn direct_reading_agrees_with_libgit2(
            present in prop::collection::vec(any::<bool>(), PATHS.len()),
            edits in prop::collection::vec(edit(), PATHS.len()),
            version in 2u32..=4,
            drop_cache_tree in any::<bool>(),
        ) {
            let tmp = committed_paths(&present);
            let dir = tmp.path();
            apply_edits(dir, &present, &edits);
            if drop_cache_tree {
                // `git add` into a new index records no cache-tree: every tree is walked.
                std::fs::remove_file(dir.join(".git/index")).unwrap();
            }
            git(dir, &["add", "-A"]);
            git(dir, &["update-index", "--index-version", &version.to_string()]);
            let index = index_file::parse(&std::fs::read(dir.join(".git/index")).unwrap());
            prop_assert_eq!(index.unwrap().cache_tree.is_none(), drop_cache_tree);
            // Only an addition with a deletion (a possible rename) is left to libgit2.
            let rename = edits_add(&present, &edits, true) && edits_add(&present, &edits, false);
            prop_assert_eq!(agree(dir), !rename);
        }
    }
}
