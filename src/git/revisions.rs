//! Revisions and ranges: what `HEAD~3`, `main..topic` and `A...B` name, as commit ids.

use super::commit::recorded_parents;
use anyhow::{anyhow, bail, Result};
use git2::{Oid, Repository, Sort};

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
