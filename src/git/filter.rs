//! Which changed files are Python: `*.py`, `*.pyi`, and extensionless scripts with a python
//! shebang; and the changed files of a diff, kept when they are Python regular files.

use super::blobs::read_blob;
use super::{ChangedFile, DirectChange, FileStatus};
use anyhow::Result;
use git2::{Delta, DiffFindOptions, DiffOptions, FileMode, Oid, Repository};

/// True for names ending in `.py` or `.pyi`.
pub fn is_python_path(path: &str) -> bool {
    path.ends_with(".py") || path.ends_with(".pyi")
}

/// True when `path` is Python by name, or has no extension and `read` yields a first line that
/// is a python shebang (`#!/usr/bin/env python3`, `#!/usr/bin/python`). The blob is only read
/// for extensionless names, so non-Python files of a large change are never loaded.
pub fn is_python(path: &str, read: impl FnOnce() -> Option<Vec<u8>>) -> bool {
    if is_python_path(path) {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.contains('.') || name.is_empty() {
        return false;
    }
    let Some(bytes) = read() else { return false };
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    first.starts_with(b"#!") && first.windows(6).any(|w| w == b"python")
}

pub(super) fn diff_options() -> DiffOptions {
    let mut opts = DiffOptions::new();
    // Ignore submodules' own state and never consult the work tree: we compare trees and index.
    opts.ignore_submodules(true).include_typechange(true);
    opts
}

fn is_regular(mode: FileMode) -> bool {
    matches!(mode, FileMode::Blob | FileMode::BlobExecutable)
}

pub(super) fn collect_python_files(
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

/// The Python files among changes found without libgit2's diff (no renames among them).
pub(super) fn python_files_of(
    repo: &Repository,
    changes: Vec<DirectChange>,
) -> Result<Vec<ChangedFile>> {
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
    let python = is_python(path, || match blob.map(|oid| read_blob(repo, oid)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_shebangs() {
        assert!(is_python("a/b.py", || None));
        assert!(is_python("a/b.pyi", || None));
        assert!(!is_python("a/b.txt", || panic!("must not read")));
        assert!(is_python("bin/tool", || Some(
            b"#!/usr/bin/env python3\nprint()".to_vec()
        )));
        assert!(!is_python("bin/tool", || Some(b"#!/bin/sh\n".to_vec())));
        assert!(!is_python("bin/tool", || None));
    }
}
