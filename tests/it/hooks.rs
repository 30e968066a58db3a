//! The git hooks end to end: `hunkguard install` into real repositories, then real `git commit`
//! and real `git push` to a local bare repository, with the freshly built binary first on the
//! PATH that git hands to the hooks.
#![cfg(unix)]

use crate::common::TestRepo;
use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

const SHELL_CALL: &str =
    "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n";
const NOSEC_CALL: &str =
    "import subprocess  # nosec B404\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)  # nosec B602\n";
const CLEAN: &str = "def add(a, b):\n    return a + b\n";

/// PATH with the directory of the binary under test first, so the hooks find it.
fn path_with_hunkguard() -> OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_hunkguard"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).expect("PATH")
}

/// PATH with every directory that has a `hunkguard` left out, as on a machine without it.
fn path_without_hunkguard() -> OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&rest)
        .filter(|dir| !dir.join("hunkguard").exists())
        .collect();
    std::env::join_paths(kept).expect("PATH")
}

/// Runs git in `dir` with the given PATH, the way a person at a terminal would.
fn git_with_path(dir: &Path, args: &[&str], path: &OsString) -> Output {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("HUNKGUARD_REQUIRED")
        .output()
        .expect("git runs")
}

/// Runs git in `dir` with hunkguard on the PATH.
fn git_at(dir: &Path, args: &[&str]) -> Output {
    git_with_path(dir, args, &path_with_hunkguard())
}

/// Everything a command printed; git sends hook output to stderr.
fn printed(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "failed: {}", printed(&out));
    out
}

/// Runs `hunkguard ARGS` in `dir`; returns its exit code and everything it printed.
fn hunkguard_at(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hunkguard"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("hunkguard runs");
    (out.status.code().unwrap_or(-1), printed(&out))
}

/// `hunkguard install ARGS` in `dir`, which must succeed; returns what it printed.
fn install(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["install"];
    all.extend_from_slice(args);
    let (code, text) = hunkguard_at(dir, &all);
    assert_eq!(code, 0, "install failed: {text}");
    text
}

fn uninstall(dir: &Path) -> String {
    let (code, text) = hunkguard_at(dir, &["uninstall"]);
    assert_eq!(code, 0, "uninstall failed: {text}");
    text
}

/// A repository with one clean commit, so later commits have a parent.
fn repo_with_base() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "base\n");
    repo.commit_all("base");
    repo
}

/// Stages `content` as `path` and commits through the hooks; returns git's output.
fn commit_file(dir: &Path, path: &str, content: &str, extra: &[&str]) -> Output {
    std::fs::write(dir.join(path), content).expect("write");
    ok(git_at(dir, &["add", path]));
    let mut args = vec!["commit", "-q", "-m", path];
    args.extend_from_slice(extra);
    git_at(dir, &args)
}

/// Writes an executable hook script.
fn write_hook(path: &Path, body: &str, mode: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Sorted names in a directory.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_commit_adding_a_finding_is_refused_with_the_finding_shown() {
    let repo = repo_with_base();
    let text = install(repo.path(), &[]);
    assert!(text.contains("installed"), "{text}");
    let before = repo.head();
    std::fs::create_dir(repo.path().join("pkg")).unwrap();
    // Committed from a subdirectory: git runs the hook from the top of the work tree anyway.
    std::fs::write(repo.path().join("pkg/app.py"), SHELL_CALL).unwrap();
    ok(git_at(&repo.path().join("pkg"), &["add", "app.py"]));
    let out = git_at(&repo.path().join("pkg"), &["commit", "-q", "-m", "shell"]);
    let text = printed(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("B602"), "{text}");
    assert!(text.contains("pkg/app.py"), "{text}");
    assert!(text.contains("subprocess.call(cmd, shell=True)"), "{text}");
    assert!(text.contains("# nosec"), "{text}");
    assert!(text.contains("git commit --no-verify"), "{text}");
    assert_eq!(repo.head(), before);
}

#[test]
fn clean_and_nosec_commits_pass_quietly() {
    let repo = repo_with_base();
    install(repo.path(), &[]);
    let out = ok(commit_file(repo.path(), "clean.py", CLEAN, &[]));
    assert_eq!(printed(&out), "", "a clean commit prints nothing");
    ok(commit_file(repo.path(), "app.py", NOSEC_CALL, &[]));
    assert_eq!(
        repo.git(&["log", "--format=%s"]),
        "app.py\nclean.py\nbase\n"
    );
}

#[test]
fn no_verify_bypasses_the_hook() {
    let repo = repo_with_base();
    install(repo.path(), &[]);
    let before = repo.head();
    ok(commit_file(
        repo.path(),
        "app.py",
        SHELL_CALL,
        &["--no-verify"],
    ));
    assert_ne!(repo.head(), before);
}

#[test]
fn commit_all_and_commit_paths_are_judged_on_what_they_record() {
    // `git commit -a` and `git commit PATH` hand the hook a temporary index (GIT_INDEX_FILE):
    // what is in .git/index is not what gets committed.
    let repo = repo_with_base();
    repo.write("app.py", CLEAN);
    repo.commit_all("app");
    install(repo.path(), &[]);
    let before = repo.head();
    repo.write("app.py", format!("{CLEAN}{SHELL_CALL}"));
    let out = git_at(repo.path(), &["commit", "-q", "-a", "-m", "all"]);
    assert!(!out.status.success(), "{}", printed(&out));
    assert!(printed(&out).contains("B602"));
    let out = git_at(repo.path(), &["commit", "-q", "-m", "path", "app.py"]);
    assert!(!out.status.success(), "{}", printed(&out));
    assert_eq!(repo.head(), before);
    // And the other way round: a finding staged in .git/index but left out of `git commit
    // PATH` does not block it.
    repo.write("app.py", format!("{CLEAN}x = 1\n"));
    repo.write("other.py", SHELL_CALL);
    repo.git(&["add", "other.py"]);
    ok(git_at(
        repo.path(),
        &["commit", "-q", "-m", "only app", "app.py"],
    ));
}

#[test]
fn a_missing_hunkguard_warns_and_passes_unless_required() {
    let repo = repo_with_base();
    install(repo.path(), &[]);
    let path = path_without_hunkguard();
    repo.write("app.py", SHELL_CALL);
    repo.git(&["add", "app.py"]);
    let out = git_with_path(repo.path(), &["commit", "-q", "-m", "unchecked"], &path);
    assert!(out.status.success(), "{}", printed(&out));
    let text = printed(&out);
    assert!(text.contains("not found on PATH"), "{text}");
    assert!(text.contains("pip install hunkguard"), "{text}");
    assert!(text.contains("cargo install --path ."), "{text}");

    repo.write("more.py", SHELL_CALL);
    repo.git(&["add", "more.py"]);
    let before = repo.head();
    let out = std::process::Command::new("git")
        .args(["commit", "-q", "-m", "required"])
        .current_dir(repo.path())
        .env("PATH", &path)
        .env("HUNKGUARD_REQUIRED", "1")
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", printed(&out));
    assert!(printed(&out).contains("HUNKGUARD_REQUIRED=1"));
    assert_eq!(repo.head(), before);
}

#[test]
fn an_existing_hook_is_chained_keeps_running_and_its_failure_still_blocks() {
    let repo = repo_with_base();
    let hooks = repo.path().join(".git/hooks");
    let log = repo.path().join(".git/legacy.log");
    let legacy = format!(
        "#!/bin/sh\necho \"legacy ran with $# args\" >> '{}'\n[ -e block-me ] && exit 3\nexit 0\n",
        log.display()
    );
    write_hook(&hooks.join("pre-commit"), &legacy, 0o750);
    let text = install(repo.path(), &[]);
    assert!(text.contains("pre-commit.hunkguard-chained"), "{text}");
    let chained = hooks.join("pre-commit.hunkguard-chained");
    assert_eq!(std::fs::read_to_string(&chained).unwrap(), legacy);
    assert_eq!(mode_of(&chained), 0o750, "the chained hook keeps its mode");

    ok(commit_file(repo.path(), "clean.py", CLEAN, &[]));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "legacy ran with 0 args\n"
    );
    // The legacy hook's own failure refuses a commit hunkguard would accept.
    repo.write("block-me", "");
    let before = repo.head();
    let out = commit_file(repo.path(), "more.py", CLEAN, &[]);
    assert!(!out.status.success(), "{}", printed(&out));
    assert_eq!(repo.head(), before);
    std::fs::remove_file(repo.path().join("block-me")).unwrap();
    // And hunkguard still refuses what the legacy hook accepts.
    let out = commit_file(repo.path(), "app.py", SHELL_CALL, &[]);
    assert!(!out.status.success());
    assert!(printed(&out).contains("B602"));
    assert_eq!(std::fs::read_to_string(&log).unwrap().lines().count(), 3);
}

#[test]
fn force_replaces_an_existing_hook_keeping_a_backup_that_uninstall_restores() {
    let repo = repo_with_base();
    let hook = repo.path().join(".git/hooks/pre-commit");
    let legacy = "#!/bin/sh\necho legacy refuses everything\nexit 1\n";
    write_hook(&hook, legacy, 0o755);
    let text = install(repo.path(), &["--force"]);
    assert!(text.contains("pre-commit.hunkguard-backup"), "{text}");
    // The replaced hook no longer runs: a clean commit passes.
    ok(commit_file(repo.path(), "clean.py", CLEAN, &[]));
    uninstall(repo.path());
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), legacy);
    assert!(!repo
        .path()
        .join(".git/hooks/pre-commit.hunkguard-backup")
        .exists());
}

#[test]
fn install_never_overwrites_what_it_would_move_a_hook_onto() {
    let repo = repo_with_base();
    let hooks = repo.path().join(".git/hooks");
    write_hook(&hooks.join("pre-commit"), "#!/bin/sh\nexit 0\n", 0o755);
    write_hook(
        &hooks.join("pre-commit.hunkguard-chained"),
        "#!/bin/sh\necho older\n",
        0o755,
    );
    let (code, text) = hunkguard_at(repo.path(), &["install"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("already exists"), "{text}");
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit")).unwrap(),
        "#!/bin/sh\nexit 0\n"
    );
}

#[test]
fn installing_twice_is_a_no_op() {
    let repo = repo_with_base();
    let hooks = repo.path().join(".git/hooks");
    write_hook(&hooks.join("pre-push"), "#!/bin/sh\nexit 0\n", 0o755);
    install(repo.path(), &["--pre-push"]);
    let names = listing(&hooks);
    let first = std::fs::read(hooks.join("pre-commit")).unwrap();
    let text = install(repo.path(), &["--pre-push"]);
    assert_eq!(text.matches("already installed").count(), 2, "{text}");
    assert_eq!(listing(&hooks), names);
    assert_eq!(std::fs::read(hooks.join("pre-commit")).unwrap(), first);
    // The chained hook is still the original, not our own script chained to itself.
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-push.hunkguard-chained")).unwrap(),
        "#!/bin/sh\nexit 0\n"
    );
}

#[test]
fn uninstall_restores_the_original_hooks_byte_for_byte() {
    let repo = repo_with_base();
    let hooks = repo.path().join(".git/hooks");
    // Odd bytes on purpose: CRLF, no final newline, not UTF-8.
    let original: &[u8] = b"#!/bin/sh\r\n# caf\xe9\r\nexit 0";
    std::fs::write(hooks.join("pre-commit"), original).unwrap();
    std::fs::set_permissions(
        hooks.join("pre-commit"),
        std::fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    let before = listing(&hooks);
    install(repo.path(), &["--pre-push"]);
    assert!(hooks.join("pre-push").exists());
    let text = uninstall(repo.path());
    assert!(text.contains("restored"), "{text}");
    assert_eq!(std::fs::read(hooks.join("pre-commit")).unwrap(), original);
    assert_eq!(mode_of(&hooks.join("pre-commit")), 0o700);
    assert_eq!(listing(&hooks), before, "nothing of ours is left behind");
    // Uninstalling again changes nothing.
    let text = uninstall(repo.path());
    assert!(text.contains("not written by hunkguard"), "{text}");
    assert_eq!(std::fs::read(hooks.join("pre-commit")).unwrap(), original);
}

#[test]
fn uninstall_removes_only_hooks_hunkguard_wrote() {
    let repo = repo_with_base();
    let hooks = repo.path().join(".git/hooks");
    install(repo.path(), &[]);
    write_hook(&hooks.join("pre-push"), "#!/bin/sh\nexit 0\n", 0o755);
    let text = uninstall(repo.path());
    assert!(text.contains("removed"), "{text}");
    assert!(!hooks.join("pre-commit").exists());
    assert!(hooks.join("pre-push").exists());
}

#[test]
fn installed_hooks_are_the_shipped_scripts_and_executable() {
    let repo = repo_with_base();
    install(repo.path(), &["--pre-push"]);
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("hooks");
    for name in ["pre-commit", "pre-push"] {
        let installed = repo.path().join(".git/hooks").join(name);
        assert_eq!(
            std::fs::read(&installed).unwrap(),
            std::fs::read(shipped.join(name)).unwrap(),
            "{name}"
        );
        assert_eq!(mode_of(&installed), 0o755, "{name}");
        assert_ne!(mode_of(&shipped.join(name)) & 0o111, 0, "{name} in hooks/");
        let syntax = std::process::Command::new("sh")
            .arg("-n")
            .arg(&installed)
            .output()
            .unwrap();
        assert!(syntax.status.success(), "{name}: {}", printed(&syntax));
    }
}

#[test]
fn core_hooks_path_is_honoured_relative_and_absolute() {
    let repo = repo_with_base();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    let text = install(repo.path(), &[]);
    assert!(text.contains(".githooks"), "{text}");
    assert!(repo.path().join(".githooks/pre-commit").exists());
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
    let out = commit_file(repo.path(), "app.py", SHELL_CALL, &[]);
    assert!(!out.status.success());
    assert!(printed(&out).contains("B602"));
    repo.git(&["reset", "-q"]);

    let elsewhere = tempfile::tempdir().unwrap();
    let abs = elsewhere.path().join("shared-hooks");
    repo.git(&["config", "core.hooksPath", abs.to_str().unwrap()]);
    install(repo.path(), &[]);
    assert!(abs.join("pre-commit").exists());
    let out = commit_file(repo.path(), "app.py", SHELL_CALL, &[]);
    assert!(!out.status.success());
    assert!(printed(&out).contains("B602"));

    // `~/` is the home directory, as git expands it, even before that directory exists.
    repo.git(&["config", "core.hooksPath", "~/hooks"]);
    let home = elsewhere.path().join("home");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hunkguard"))
        .arg("install")
        .current_dir(repo.path())
        .env("HOME", &home)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", printed(&out));
    assert!(home.join("hooks/pre-commit").exists(), "{}", printed(&out));
}

#[test]
fn a_linked_worktree_installs_into_the_common_git_dir() {
    let repo = repo_with_base();
    let place = tempfile::tempdir().unwrap();
    let wt = place.path().join("wt");
    repo.git(&["worktree", "add", "-q", "-b", "side", wt.to_str().unwrap()]);
    let text = install(&wt, &[]);
    let common = repo.path().join(".git/hooks/pre-commit");
    assert!(common.exists(), "{text}");
    // Both work trees are guarded by the one hook.
    let out = commit_file(&wt, "app.py", SHELL_CALL, &[]);
    assert!(!out.status.success());
    assert!(printed(&out).contains("B602"));
    ok(git_at(&wt, &["reset", "-q"]));
    let out = commit_file(repo.path(), "app.py", SHELL_CALL, &[]);
    assert!(!out.status.success());
    ok(commit_file(&wt, "clean.py", CLEAN, &[]));
    uninstall(&wt);
    assert!(!common.exists());
}

#[test]
fn a_repository_whose_dot_git_is_a_file() {
    let place = tempfile::tempdir().unwrap();
    let work = place.path().join("work");
    let store = place.path().join("store.git");
    let init = std::process::Command::new("git")
        .args(["init", "-q", "-b", "main", "--separate-git-dir"])
        .arg(&store)
        .arg(&work)
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", printed(&init));
    assert!(work.join(".git").is_file());
    for (k, v) in [
        ("user.email", "test@example.com"),
        ("user.name", "Test"),
        ("commit.gpgsign", "false"),
    ] {
        ok(git_at(&work, &["config", k, v]));
    }
    install(&work, &[]);
    assert!(store.join("hooks/pre-commit").exists());
    let out = commit_file(&work, "app.py", SHELL_CALL, &[]);
    assert!(!out.status.success());
    assert!(printed(&out).contains("B602"));
    ok(git_at(&work, &["reset", "-q"]));
    ok(commit_file(&work, "clean.py", CLEAN, &[]));
}

/// A repository with a bare `origin` holding its clean base on `main`, and both hooks.
fn repo_with_remote() -> (TestRepo, tempfile::TempDir) {
    let repo = repo_with_base();
    let remote = tempfile::tempdir().unwrap();
    ok(git_at(
        remote.path(),
        &["init", "-q", "--bare", "-b", "main"],
    ));
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    install(repo.path(), &["--pre-push"]);
    ok(git_at(repo.path(), &["push", "-q", "-u", "origin", "main"]));
    (repo, remote)
}

fn remote_head(remote: &Path, branch: &str) -> Option<String> {
    let out = git_at(remote, &["rev-parse", "--verify", "-q", branch]);
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[test]
fn pre_push_checks_the_new_commits_of_an_existing_branch() {
    let (repo, remote) = repo_with_remote();
    let published = remote_head(remote.path(), "main");
    ok(commit_file(
        repo.path(),
        "app.py",
        SHELL_CALL,
        &["--no-verify"],
    ));
    ok(commit_file(repo.path(), "clean.py", CLEAN, &[]));
    let out = git_at(repo.path(), &["push", "-q", "origin", "main"]);
    let text = printed(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("B602"), "{text}");
    assert!(text.contains("git push --no-verify"), "{text}");
    assert_eq!(remote_head(remote.path(), "main"), published);

    repo.git(&["reset", "-q", "--hard", "HEAD~2"]);
    ok(commit_file(repo.path(), "clean.py", CLEAN, &[]));
    ok(git_at(repo.path(), &["push", "-q", "origin", "main"]));
    assert_eq!(remote_head(remote.path(), "main"), Some(repo.head()));
}

#[test]
fn pre_push_checks_only_the_unpublished_commits_of_a_new_branch() {
    let (repo, remote) = repo_with_remote();
    // A finding already published on main is not the new branch's doing.
    ok(commit_file(
        repo.path(),
        "old.py",
        SHELL_CALL,
        &["--no-verify"],
    ));
    ok(git_at(
        repo.path(),
        &["push", "-q", "--no-verify", "origin", "main"],
    ));
    repo.git(&["checkout", "-q", "-b", "feature"]);
    ok(commit_file(repo.path(), "clean.py", CLEAN, &[]));
    ok(git_at(repo.path(), &["push", "-q", "origin", "feature"]));
    assert_eq!(remote_head(remote.path(), "feature"), Some(repo.head()));

    repo.git(&["checkout", "-q", "-b", "risky"]);
    ok(commit_file(
        repo.path(),
        "app.py",
        SHELL_CALL,
        &["--no-verify"],
    ));
    let out = git_at(repo.path(), &["push", "-q", "origin", "risky"]);
    let text = printed(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("app.py"), "{text}");
    assert!(
        !text.contains("old.py"),
        "published commits are not judged again: {text}"
    );
    assert_eq!(remote_head(remote.path(), "risky"), None);
    // `--no-verify` pushes anyway, and deleting a branch is never checked.
    ok(git_at(
        repo.path(),
        &["push", "-q", "--no-verify", "origin", "risky"],
    ));
    ok(git_at(repo.path(), &["push", "-q", "origin", ":risky"]));
    assert_eq!(remote_head(remote.path(), "risky"), None);
}

#[test]
fn pre_push_hands_a_chained_hook_the_same_arguments_and_input() {
    let repo = repo_with_base();
    let remote = tempfile::tempdir().unwrap();
    ok(git_at(
        remote.path(),
        &["init", "-q", "--bare", "-b", "main"],
    ));
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    let log = repo.path().join(".git/push.log");
    let legacy = format!(
        "#!/bin/sh\necho \"args: $*\" >> '{log}'\ncat >> '{log}'\n[ -e block-me ] && exit 5\nexit 0\n",
        log = log.display()
    );
    write_hook(&repo.path().join(".git/hooks/pre-push"), &legacy, 0o755);
    install(repo.path(), &["--pre-push"]);
    ok(git_at(repo.path(), &["push", "-q", "origin", "main"]));
    let head = repo.head();
    let zeros = "0".repeat(40);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        format!(
            "args: origin {}\nrefs/heads/main {head} refs/heads/main {zeros}\n",
            remote.path().display()
        )
    );
    // Its failure still refuses the push.
    repo.write("block-me", "");
    ok(commit_file(repo.path(), "clean.py", CLEAN, &[]));
    let out = git_at(repo.path(), &["push", "-q", "origin", "main"]);
    assert!(!out.status.success(), "{}", printed(&out));
    assert_eq!(remote_head(remote.path(), "main"), Some(head));
}

#[test]
fn install_outside_a_repository_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["install", "uninstall"] {
        let (code, text) = hunkguard_at(dir.path(), &[cmd, "--repo", "."]);
        assert_eq!(code, 2, "{text}");
        assert!(text.contains("not a git repository"), "{text}");
    }
}

#[test]
fn range_can_leave_out_remote_tracking_commits_and_read_pre_commit_refs() {
    let repo = repo_with_base();
    let base = repo.head();
    repo.write("a.py", SHELL_CALL);
    let a = repo.commit_all("a");
    repo.write("b.py", "x = eval(s)\n");
    let b = repo.commit_all("b");
    // A nested remote-tracking name: `refs/remotes/*` must reach it.
    repo.git(&["update-ref", "refs/remotes/origin/team/a", &a]);
    let (code, doc) = repo.scan_json(&["range", "HEAD", "--exclude-remotes"]);
    assert_eq!(code, 1);
    let ids: Vec<&str> = doc["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![b.as_str()]);

    let scan_env = |vars: &[(&str, &str)]| -> Vec<String> {
        let mut cmd = repo.hunkguard();
        cmd.args(["range", "--from-env", "--format", "json"]);
        for name in [
            "PRE_COMMIT_FROM_REF",
            "PRE_COMMIT_TO_REF",
            "PRE_COMMIT_LOCAL_BRANCH",
        ] {
            cmd.env_remove(name);
        }
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", printed(&out)));
        doc["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        scan_env(&[("PRE_COMMIT_FROM_REF", &base), ("PRE_COMMIT_TO_REF", &b)]),
        vec![a.clone(), b.clone()]
    );
    assert_eq!(scan_env(&[("PRE_COMMIT_TO_REF", &b)]), vec![b.clone()]);
    assert_eq!(scan_env(&[]), vec![b.clone()]);

    let (code, text) = hunkguard_at(repo.path(), &["range"]);
    assert_eq!(code, 2, "{text}");
    let (code, text) = hunkguard_at(repo.path(), &["range", "HEAD", "--from-env"]);
    assert_eq!(code, 2, "{text}");
}
