//! Installs and removes hunkguard's git hooks, and reads the refs the pre-commit framework
//! hands to a pre-push hook.
//!
//! The hooks are the shell scripts in `hooks/`, embedded here so that what `install` writes and
//! what a person copies by hand cannot drift apart. A hook is hunkguard's when it has the
//! [`MARKER`] line; `uninstall` removes only those.
//!
//! An existing hook is never lost. By default it is chained: moved aside to
//! `<hook>.hunkguard-chained` (a rename, so its bytes and mode are kept) and run first by our
//! script, so a team's existing checks keep working and still block. With `--force` it is
//! moved to `<hook>.hunkguard-backup` instead and no longer runs. Either way `uninstall` moves
//! it back.

use anyhow::{anyhow, bail, Context, Result};
use git2::Repository;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The line that marks a hook file as written by hunkguard.
pub const MARKER: &str = "# hunkguard: managed hook";

/// Suffix of an existing hook that `install` moved aside and our hook runs first.
pub const CHAINED_SUFFIX: &str = ".hunkguard-chained";

/// Suffix of an existing hook that `install --force` moved aside and no longer runs.
pub const BACKUP_SUFFIX: &str = ".hunkguard-backup";

/// The git hooks hunkguard provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hook {
    /// Scans the staged changes (`hunkguard staged`).
    PreCommit,
    /// Scans the commits a push would publish (`hunkguard range`).
    PrePush,
}

impl Hook {
    /// Every hook, in the order they are reported.
    pub const ALL: [Hook; 2] = [Hook::PreCommit, Hook::PrePush];

    /// The hook's file name in the hooks directory.
    pub fn file_name(self) -> &'static str {
        match self {
            Hook::PreCommit => "pre-commit",
            Hook::PrePush => "pre-push",
        }
    }

    /// The exact script `install` writes: `hooks/<name>` of this repository.
    pub fn script(self) -> &'static str {
        match self {
            Hook::PreCommit => include_str!("../hooks/pre-commit"),
            Hook::PrePush => include_str!("../hooks/pre-push"),
        }
    }
}

/// What `install` should do.
#[derive(Debug, Clone, Copy, Default)]
pub struct InstallOptions {
    /// Also install the pre-push hook.
    pub pre_push: bool,
    /// Replace an existing hook (kept as `<hook>.hunkguard-backup`) instead of chaining to it.
    pub force: bool,
}

/// What happened to one hook file; `Display` is the message printed for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// There was no hook; ours is written.
    Installed { path: PathBuf },
    /// Ours was there already, byte for byte: nothing was done.
    AlreadyInstalled { path: PathBuf },
    /// An older hunkguard hook was rewritten with the current script.
    Updated { path: PathBuf },
    /// An existing hook was moved to `chained`; ours runs it first.
    Chained { path: PathBuf, chained: PathBuf },
    /// An existing hook was moved to `backup` (`--force`); ours replaces it.
    Replaced { path: PathBuf, backup: PathBuf },
    /// Ours was removed and nothing had been moved aside.
    Removed { path: PathBuf },
    /// Ours was removed (if still there) and the hook moved aside is back in place.
    Restored {
        path: PathBuf,
        from: PathBuf,
        /// A `--force` backup that was left where it is, because a chained hook was restored.
        leftover: Option<PathBuf>,
    },
    /// The hook is not hunkguard's: left alone.
    NotOurs { path: PathBuf },
    /// No hunkguard hook was there.
    NotInstalled { path: PathBuf },
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Installed { path } => write!(f, "installed {}", path.display()),
            Outcome::AlreadyInstalled { path } => {
                write!(f, "{} is already installed: nothing to do", path.display())
            }
            Outcome::Updated { path } => {
                write!(f, "updated {} to this version's hook", path.display())
            }
            Outcome::Chained { path, chained } => write!(
                f,
                "installed {}; the hook that was there moved to {} and runs first",
                path.display(),
                chained.display()
            ),
            Outcome::Replaced { path, backup } => write!(
                f,
                "installed {}; the hook that was there is kept (not run) as {}",
                path.display(),
                backup.display()
            ),
            Outcome::Removed { path } => write!(f, "removed {}", path.display()),
            Outcome::Restored {
                path,
                from,
                leftover,
            } => {
                write!(f, "restored {} from {}", path.display(), from.display())?;
                if let Some(backup) = leftover {
                    write!(f, " ({} is left in place)", backup.display())?;
                }
                Ok(())
            }
            Outcome::NotOurs { path } => write!(
                f,
                "{} was not written by hunkguard: left alone",
                path.display()
            ),
            Outcome::NotInstalled { path } => {
                write!(f, "no hunkguard hook at {}", path.display())
            }
        }
    }
}

/// The directory git runs hooks from: `core.hooksPath` when set (a relative one is relative to
/// the root of the work tree, or to the git directory of a bare repository, which is where git
/// runs hooks), else `hooks/` in the common git directory, which a linked worktree shares with
/// its main one and which a `.git` file (submodules, `--separate-git-dir`) points to.
pub fn hooks_dir(repo: &Repository) -> Result<PathBuf> {
    let config = repo
        .config()
        .map_err(|e| anyhow!("cannot read the git configuration: {}", e.message()))?;
    // Read as a string and expanded here: libgit2's `get_path` reports a `~/` whose home is
    // missing as "not found", which would send the hook silently to the wrong directory.
    let configured = match config.get_string("core.hooksPath") {
        Ok(value) => value,
        Err(e) if e.code() == git2::ErrorCode::NotFound => String::new(),
        Err(e) => bail!("cannot read core.hooksPath: {}", e.message()),
    };
    if configured.is_empty() {
        return Ok(repo.commondir().join("hooks"));
    }
    let path = expand_home(&configured)?;
    if path.is_absolute() {
        Ok(path)
    } else {
        let base = repo.workdir().unwrap_or_else(|| repo.path());
        Ok(base.join(path))
    }
}

/// `~` and `~/rest` as git expands them in a path setting: from `$HOME`.
fn expand_home(value: &str) -> Result<PathBuf> {
    let rest = match value.strip_prefix('~') {
        None => return Ok(PathBuf::from(value)),
        Some(rest) => rest,
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        bail!("core.hooksPath '{value}': '~user' paths are not supported; use an absolute path");
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| anyhow!("core.hooksPath '{value}' needs $HOME, which is not set"))?;
    Ok(PathBuf::from(home).join(rest.trim_start_matches('/')))
}

/// Writes the pre-commit hook (and the pre-push hook with `opts.pre_push`) into the hooks
/// directory of `repo`.
pub fn install(repo: &Repository, opts: InstallOptions) -> Result<Vec<Outcome>> {
    let dir = hooks_dir(repo)?;
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the hooks directory {}", dir.display()))?;
    let hooks: &[Hook] = if opts.pre_push {
        &Hook::ALL
    } else {
        &[Hook::PreCommit]
    };
    let mut outcomes = Vec::new();
    for &hook in hooks {
        outcomes.push(install_one(&dir, hook, opts.force)?);
    }
    Ok(outcomes)
}

/// Removes every hunkguard hook from the hooks directory of `repo` and puts back what
/// `install` moved aside.
pub fn uninstall(repo: &Repository) -> Result<Vec<Outcome>> {
    let dir = hooks_dir(repo)?;
    Hook::ALL
        .iter()
        .map(|&hook| uninstall_one(&dir, hook))
        .collect()
}

/// What an existing file at a hook's path is.
enum Existing {
    Nothing,
    Ours { current: bool },
    Foreign,
}

fn existing(path: &Path, hook: Hook) -> Result<Existing> {
    // `symlink_metadata`, not `exists`: a dangling symlink is still somebody's hook.
    if path.symlink_metadata().is_err() {
        return Ok(Existing::Nothing);
    }
    match std::fs::read(path) {
        Ok(bytes) if is_ours(&bytes) => Ok(Existing::Ours {
            current: bytes == hook.script().as_bytes(),
        }),
        Ok(_) => Ok(Existing::Foreign),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Existing::Foreign),
        Err(e) => Err(anyhow!("cannot read {}: {e}", path.display())),
    }
}

/// Whether a hook file carries the [`MARKER`] line.
pub fn is_ours(bytes: &[u8]) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .any(|line| line.strip_suffix(b"\r").unwrap_or(line) == MARKER.as_bytes())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn occupied(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

fn install_one(dir: &Path, hook: Hook, force: bool) -> Result<Outcome> {
    let path = dir.join(hook.file_name());
    match existing(&path, hook)? {
        Existing::Ours { current: true } => Ok(Outcome::AlreadyInstalled { path }),
        Existing::Ours { current: false } => {
            write_script(dir, &path, hook, None)?;
            Ok(Outcome::Updated { path })
        }
        Existing::Nothing => {
            write_script(dir, &path, hook, None)?;
            Ok(Outcome::Installed { path })
        }
        Existing::Foreign => {
            let suffix = if force { BACKUP_SUFFIX } else { CHAINED_SUFFIX };
            let aside = with_suffix(&path, suffix);
            if occupied(&aside) {
                // Moving the hook there would destroy what is there: a person has to choose.
                bail!(
                    "{} is not hunkguard's hook, and {} already exists: move one of them away first",
                    path.display(),
                    aside.display()
                );
            }
            write_script(dir, &path, hook, Some(&aside))?;
            Ok(if force {
                Outcome::Replaced {
                    path,
                    backup: aside,
                }
            } else {
                Outcome::Chained {
                    path,
                    chained: aside,
                }
            })
        }
    }
}

/// Writes `hook`'s script at `path` atomically, executable. With `aside`, the file at `path`
/// is first renamed there, and renamed back if ours cannot be put in its place.
fn write_script(dir: &Path, path: &Path, hook: Hook, aside: Option<&Path>) -> Result<()> {
    let cannot = |e: &dyn fmt::Display| anyhow!("cannot write {}: {e}", path.display());
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| cannot(&e))?;
    tmp.write_all(hook.script().as_bytes())
        .and_then(|()| tmp.flush())
        .map_err(|e| cannot(&e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o755))
            .map_err(|e| cannot(&e))?;
    }
    if let Some(aside) = aside {
        std::fs::rename(path, aside)
            .map_err(|e| anyhow!("cannot move {} to {}: {e}", path.display(), aside.display()))?;
    }
    if let Err(e) = tmp.persist(path) {
        if let Some(aside) = aside {
            let _ = std::fs::rename(aside, path);
        }
        return Err(cannot(&e.error));
    }
    Ok(())
}

fn uninstall_one(dir: &Path, hook: Hook) -> Result<Outcome> {
    let path = dir.join(hook.file_name());
    let chained = with_suffix(&path, CHAINED_SUFFIX);
    let backup = with_suffix(&path, BACKUP_SUFFIX);
    let restore_from = [&chained, &backup]
        .into_iter()
        .find(|p| occupied(p))
        .cloned();
    match existing(&path, hook)? {
        Existing::Foreign => return Ok(Outcome::NotOurs { path }),
        Existing::Nothing if restore_from.is_none() => return Ok(Outcome::NotInstalled { path }),
        Existing::Nothing => {}
        Existing::Ours { .. } => std::fs::remove_file(&path)
            .map_err(|e| anyhow!("cannot remove {}: {e}", path.display()))?,
    }
    let Some(from) = restore_from else {
        return Ok(Outcome::Removed { path });
    };
    std::fs::rename(&from, &path).map_err(|e| {
        anyhow!(
            "cannot move {} back to {}: {e}",
            from.display(),
            path.display()
        )
    })?;
    let leftover = (from == chained && occupied(&backup)).then_some(backup);
    Ok(Outcome::Restored {
        path,
        from,
        leftover,
    })
}

/// A range to scan, as `hunkguard range` takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeSpec {
    /// `A..B`, or one revision.
    pub spec: String,
    /// Leave out commits some remote-tracking branch already has.
    pub exclude_remotes: bool,
}

/// The range a pre-push hook run by the pre-commit framework should scan, from the variables
/// it sets (`hunkguard range --from-env`), read through `var`:
/// - `PRE_COMMIT_FROM_REF` and `PRE_COMMIT_TO_REF`: `FROM..TO`;
/// - only `PRE_COMMIT_TO_REF`: its commits that no remote-tracking branch has;
/// - neither (pre-commit sets none when the push includes a root commit, and none are set
///   when the hook is run by hand): the same for `PRE_COMMIT_LOCAL_BRANCH`, else `HEAD`.
pub fn range_from_env(var: impl Fn(&str) -> Option<String>) -> RangeSpec {
    let get = |name: &str| var(name).filter(|v| !v.is_empty());
    match (get("PRE_COMMIT_FROM_REF"), get("PRE_COMMIT_TO_REF")) {
        (Some(from), Some(to)) => RangeSpec {
            spec: format!("{from}..{to}"),
            exclude_remotes: false,
        },
        (_, Some(to)) => RangeSpec {
            spec: to,
            exclude_remotes: true,
        },
        (_, None) => RangeSpec {
            spec: get("PRE_COMMIT_LOCAL_BRANCH").unwrap_or_else(|| "HEAD".into()),
            exclude_remotes: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn shipped_scripts_carry_the_marker() {
        for hook in Hook::ALL {
            assert!(is_ours(hook.script().as_bytes()), "{hook:?}");
            assert!(hook.script().starts_with("#!/bin/sh\n"), "{hook:?}");
        }
        assert!(!is_ours(
            b"#!/bin/sh\n# hunkguard: managed hook, not really\n"
        ));
        assert!(is_ours(
            b"#!/bin/sh\r\n# hunkguard: managed hook\r\nexit 0\r\n"
        ));
    }

    #[test]
    fn home_is_expanded_as_git_does() {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        if let Some(home) = home.filter(|h| !h.as_os_str().is_empty()) {
            assert_eq!(expand_home("~/hooks").unwrap(), home.join("hooks"));
            assert_eq!(expand_home("~").unwrap(), home);
        }
        assert_eq!(
            expand_home("rel/hooks").unwrap(),
            PathBuf::from("rel/hooks")
        );
        assert!(expand_home("~bob/hooks").is_err());
    }

    #[test]
    fn range_from_pre_commit_variables() {
        let r = range_from_env(env(&[
            ("PRE_COMMIT_FROM_REF", "aaa"),
            ("PRE_COMMIT_TO_REF", "bbb"),
        ]));
        assert_eq!(r.spec, "aaa..bbb");
        assert!(!r.exclude_remotes);
        let r = range_from_env(env(&[
            ("PRE_COMMIT_FROM_REF", ""),
            ("PRE_COMMIT_TO_REF", "bbb"),
        ]));
        assert_eq!((r.spec.as_str(), r.exclude_remotes), ("bbb", true));
        let r = range_from_env(env(&[("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/x")]));
        assert_eq!((r.spec.as_str(), r.exclude_remotes), ("refs/heads/x", true));
        let r = range_from_env(env(&[]));
        assert_eq!((r.spec.as_str(), r.exclude_remotes), ("HEAD", true));
    }
}
