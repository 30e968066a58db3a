//! A commit's changed files found straight from its tree and its parent's, as `git log -p`
//! finds them: entries of the same id are skipped, subtrees and all, and only the trees that
//! differ are read. libgit2's diff gives the same answer through a generic iterator (a path
//! string and allocations per entry, and a configuration snapshot per diff), which was a
//! fifth of a range's time on commits that edit a few files. Anything unusual (see
//! [`changes`]) is left to libgit2.

use super::{DirectChange, FileStatus};
use anyhow::{anyhow, Result};
use git2::{Oid, Repository, Tree};
use std::cmp::Ordering;

/// Directory depth the walk follows (git refuses deeper trees by default,
/// `core.maxTreeDepth`); a crafted deeper tree is left to libgit2.
const MAX_TREE_DEPTH: usize = 4096;

const MODE_TREE: i32 = 0o040000;
const MODE_FILE: i32 = 0o100644;
const MODE_EXECUTABLE: i32 = 0o100755;
const MODE_SYMLINK: i32 = 0o120000;
const MODE_SUBMODULE: i32 = 0o160000;

/// One entry of a tree: name, mode as recorded, id.
type Entry = (Vec<u8>, i32, Oid);

/// The files that differ from `old` (`None`: a root commit) to `new`, both sides regular
/// files, in path order; `None` when libgit2 must answer: a symlink or submodule changed, a
/// mode is one git would not write, a tree is out of order or deeper than
/// [`MAX_TREE_DEPTH`], or files were both added and deleted (libgit2 pairs those as renames).
pub fn changes(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: &Tree<'_>,
) -> Result<Option<Vec<DirectChange>>> {
    let mut found = Vec::new();
    let (mut added, mut deleted) = (false, false);
    let mut pending = vec![(old.map(Tree::id), Some(new.id()), Vec::new(), 0)];
    while let Some((old, new, prefix, depth)) = pending.pop() {
        if depth > MAX_TREE_DEPTH {
            return Ok(None);
        }
        let (Some(old_entries), Some(new_entries)) =
            (entries(repo, old, &prefix)?, entries(repo, new, &prefix)?)
        else {
            return Ok(None);
        };
        let (mut o, mut n) = (0, 0);
        loop {
            let order = match (old_entries.get(o), new_entries.get(n)) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(a), Some(b)) => git_order(a, b),
            };
            let (gone, came) = match order {
                Ordering::Less => (old_entries.get(o), None),
                Ordering::Greater => (None, new_entries.get(n)),
                Ordering::Equal => (old_entries.get(o), new_entries.get(n)),
            };
            o += usize::from(gone.is_some());
            n += usize::from(came.is_some());
            if let (Some(a), Some(b)) = (gone, came) {
                if a.1 == b.1 && a.2 == b.2 {
                    continue;
                }
            }
            let special =
                |e: Option<&Entry>| e.is_some_and(|e| matches!(e.1, MODE_SYMLINK | MODE_SUBMODULE));
            if special(gone) || special(came) {
                return Ok(None);
            }
            let name = gone.or(came).map(|e| e.0.as_slice()).unwrap_or_default();
            let path = [prefix.as_slice(), name].concat();
            let tree_of = |e: Option<&Entry>| e.filter(|e| e.1 == MODE_TREE).map(|e| e.2);
            let blob_of = |e: Option<&Entry>| e.filter(|e| e.1 != MODE_TREE).map(|e| e.2);
            if gone.is_some_and(|e| e.1 == MODE_TREE) || came.is_some_and(|e| e.1 == MODE_TREE) {
                // Same name, so both are trees (a file and a directory of one name sort
                // apart): read the two subtrees, or the one that is there.
                let mut dir = path;
                dir.push(b'/');
                pending.push((tree_of(gone), tree_of(came), dir, depth + 1));
                continue;
            }
            let status = match (gone, came) {
                (Some(_), Some(_)) => FileStatus::Modified,
                (Some(_), None) => {
                    deleted = true;
                    FileStatus::Deleted
                }
                _ => {
                    added = true;
                    FileStatus::Added
                }
            };
            found.push(DirectChange {
                path,
                status,
                old_blob: blob_of(gone),
                new_blob: blob_of(came),
            });
        }
    }
    if added && deleted {
        return Ok(None);
    }
    found.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(Some(found))
}

/// The entries of tree `oid` (none for `None`), checked: `None` when one has a mode git
/// would not write, or when they are out of git's order (which the merge relies on).
fn entries(repo: &Repository, oid: Option<Oid>, prefix: &[u8]) -> Result<Option<Vec<Entry>>> {
    let Some(oid) = oid else {
        return Ok(Some(Vec::new()));
    };
    let tree = repo.find_tree(oid).map_err(|e| {
        anyhow!(
            "cannot read the tree at '{}': {}",
            String::from_utf8_lossy(prefix),
            e.message()
        )
    })?;
    let mut out: Vec<Entry> = Vec::with_capacity(tree.len());
    for entry in tree.iter() {
        let mode = entry.filemode_raw();
        if !matches!(
            mode,
            MODE_TREE | MODE_FILE | MODE_EXECUTABLE | MODE_SYMLINK | MODE_SUBMODULE
        ) {
            return Ok(None);
        }
        let entry = (entry.name_bytes().to_vec(), mode, entry.id());
        if out
            .last()
            .is_some_and(|last| git_order(last, &entry) != Ordering::Less)
        {
            return Ok(None);
        }
        out.push(entry);
    }
    Ok(Some(out))
}

/// Git's order of tree entries: by name, a directory's name read with a `/` after it.
fn git_order(a: &Entry, b: &Entry) -> Ordering {
    let key = |e: &Entry| (e.1 == MODE_TREE).then_some(b'/');
    let (a_name, b_name) = (a.0.as_slice(), b.0.as_slice());
    let common = a_name.len().min(b_name.len());
    match a_name[..common].cmp(&b_name[..common]) {
        Ordering::Equal => {}
        other => return other,
    }
    let next = |name: &[u8], e: &Entry| name.get(common).copied().or(key(e));
    next(a_name, a).cmp(&next(b_name, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::commit::commit_change_set_by;
    use crate::git::staged::tests::{
        apply_edits, commit_deep_tree, committed, committed_paths, edit, edits_add, git, shown,
        write, PATHS,
    };
    use proptest::prelude::*;
    use std::path::Path;

    /// Compares both readings of HEAD's change set; returns whether the direct one answered.
    fn agree(dir: &Path) -> bool {
        let repo = Repository::open(dir).unwrap();
        let commit = repo.head().unwrap().peel_to_commit().unwrap();
        let parent = commit.parents().next().map(|p| p.tree().unwrap());
        let direct = changes(&repo, parent.as_ref(), &commit.tree().unwrap())
            .unwrap()
            .is_some();
        let fast = shown(commit_change_set_by(&repo, commit.id(), true));
        let slow = shown(commit_change_set_by(&repo, commit.id(), false));
        assert_eq!(fast, slow, "in {}", dir.display());
        direct
    }

    /// Stages a submodule at `path` (a gitlink to `HEAD`), with no directory behind it.
    fn stage_submodule(dir: &Path, path: &str) {
        let repo = Repository::open(dir).unwrap();
        let head = repo.head().unwrap().target().unwrap();
        let gitlink = format!("160000,{head},{path}");
        git(dir, &["update-index", "--add", "--cacheinfo", &gitlink]);
    }

    #[test]
    fn git_order_reads_a_directory_name_with_a_slash() {
        let file = |name: &str| (name.as_bytes().to_vec(), MODE_FILE, Oid::zero());
        let dir = |name: &str| (name.as_bytes().to_vec(), MODE_TREE, Oid::zero());
        // `d.py` < `d/` < `d0`, while as plain names `d` < `d.py`.
        assert_eq!(git_order(&file("d.py"), &dir("d")), Ordering::Less);
        assert_eq!(git_order(&dir("d"), &file("d0")), Ordering::Less);
        assert_eq!(git_order(&file("d"), &dir("d")), Ordering::Less);
        assert_eq!(git_order(&file("d-x.py"), &dir("d")), Ordering::Less);
        assert_eq!(git_order(&dir("d"), &dir("d")), Ordering::Equal);
        assert_eq!(git_order(&file("ab"), &file("a")), Ordering::Greater);
    }

    #[test]
    fn root_commits_and_plain_edits_are_read_directly() {
        let tmp = committed(&[("a.py", "a = 1\n"), ("d/e.py", "e = 1\n")]);
        let dir = tmp.path();
        assert!(agree(dir), "a root commit adds every file");
        write(dir, "d/e.py", "e = 2\n");
        write(dir, "d/f/g.py", "g = 1\n");
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "edit"]);
        assert!(agree(dir));
    }

    #[test]
    fn renames_symlinks_and_submodules_are_left_to_libgit2() {
        let base: &[(&str, &str)] = &[("a.py", "import os\nx = 1\n"), ("d/e.py", "e = 1\n")];
        let tmp = committed(base);
        let dir = tmp.path();
        git(dir, &["mv", "a.py", "b.py"]);
        git(dir, &["commit", "-q", "-m", "rename"]);
        assert!(!agree(dir));

        let tmp = committed(base);
        let dir = tmp.path();
        std::os::unix::fs::symlink("d/e.py", dir.join("link.py")).unwrap();
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "symlink"]);
        assert!(!agree(dir));

        let tmp = committed(base);
        let dir = tmp.path();
        stage_submodule(dir, "sub");
        git(dir, &["commit", "-q", "-m", "submodule"]);
        assert!(!agree(dir));
    }

    #[test]
    fn unchanged_symlinks_and_submodules_beside_a_change_are_read_directly() {
        let tmp = committed(&[("a.py", "a = 1\n"), ("d/e.py", "e = 1\n")]);
        let dir = tmp.path();
        std::os::unix::fs::symlink("a.py", dir.join("link.py")).unwrap();
        std::os::unix::fs::symlink("../a.py", dir.join("d/link.py")).unwrap();
        git(dir, &["add", "-A"]);
        stage_submodule(dir, "d/sub");
        git(dir, &["commit", "-q", "-m", "links"]);
        assert!(!agree(dir), "the links themselves are new");
        write(dir, "a.py", "a = 2\n");
        write(dir, "d/e.py", "e = 2\n");
        // Not `commit -a`: it would drop the gitlink, whose directory is not there.
        git(dir, &["add", "a.py", "d/e.py"]);
        git(dir, &["commit", "-q", "-m", "edit beside them"]);
        assert!(agree(dir));
    }

    #[test]
    fn a_tree_out_of_order_is_left_to_libgit2() {
        // git never writes one, but a crafted object can be anything; the merge needs order.
        let tmp = committed(&[("a.py", "a = 1\n")]);
        let dir = tmp.path();
        let repo = Repository::open(dir).unwrap();
        let blob = repo.blob(b"eval(x)\n").unwrap();
        let mut raw = Vec::new();
        for name in ["z.py", "b.py"] {
            raw.extend_from_slice(format!("100644 {name}\0").as_bytes());
            raw.extend_from_slice(blob.as_bytes());
        }
        let tree = repo
            .odb()
            .unwrap()
            .write(git2::ObjectType::Tree, &raw)
            .unwrap();
        let tree = repo.find_tree(tree).unwrap();
        let head = repo.head().unwrap().peel_to_commit().unwrap();
        let sig = git2::Signature::now("t", "t@example.com").unwrap();
        repo.commit(Some("HEAD"), &sig, &sig, "crafted", &tree, &[&head])
            .unwrap();
        assert!(changes(&repo, Some(&head.tree().unwrap()), &tree)
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_tree_deeper_than_git_allows_is_left_to_libgit2() {
        let tmp = committed(&[("a.py", "a = 1\n")]);
        let dir = tmp.path();
        commit_deep_tree(dir, MAX_TREE_DEPTH + 10);
        assert!(!agree(dir));
        // Within the bound the walk answers, and finds the file at the bottom.
        let tmp = committed(&[("a.py", "a = 1\n")]);
        let dir = tmp.path();
        commit_deep_tree(dir, MAX_TREE_DEPTH - 10);
        assert!(agree(dir));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]
        /// On random edits of paths that sort around each other and nest, the direct reading
        /// gives libgit2's change set, and answers unless files were both added and deleted.
        #[test]
        fn direct_reading_agrees_with_libgit2(
            present in prop::collection::vec(any::<bool>(), PATHS.len()),
            edits in prop::collection::vec(edit(), PATHS.len()),
        ) {
            let tmp = committed_paths(&present);
            let dir = tmp.path();
            apply_edits(dir, &present, &edits);
            git(dir, &["add", "-A"]);
            git(dir, &["commit", "-q", "--allow-empty", "-m", "edit"]);
            let rename = edits_add(&present, &edits, true) && edits_add(&present, &edits, false);
            prop_assert_eq!(agree(dir), !rename);
        }
    }
}
