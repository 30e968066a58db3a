//! Opening a repository, and how libgit2 reads its objects.

use anyhow::{anyhow, Result};
use git2::Repository;
use std::path::Path;

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
