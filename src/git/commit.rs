//! One commit's change set: its Python files against its first parent (a root commit against
//! nothing), with its message.

use super::filter::{collect_python_files, diff_options, python_files_of};
use super::{tree_diff, ChangeSet};
use anyhow::{bail, Context, Result};
use git2::{Oid, Repository};

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
    let summary = text_of(&commit, commit.summary_bytes().unwrap_or_default());
    let message = text_of(&commit, commit.message_bytes());
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
        message,
        files,
        notes,
    })
}

/// Part of a commit message as text: a message declared latin-1 (git's `encoding` header,
/// `i18n.commitEncoding`) is decoded as such, any other invalid UTF-8 is replaced.
fn text_of(commit: &git2::Commit<'_>, bytes: &[u8]) -> String {
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
