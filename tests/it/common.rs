//! Real repositories for tests: built with the `git` binary, scanned with the real binary.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A throwaway repository with a fixed identity and dates, so commit ids are reproducible.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
}

impl TestRepo {
    /// `git init` in a new temporary directory.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = TestRepo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    /// The work tree.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git in the repository and returns stdout; panics when git fails.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_output(args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs git in the repository and returns everything it did.
    pub fn git_output(&self, args: &[&str]) -> Output {
        std::process::Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .output()
            .expect("git runs")
    }

    /// Writes a file (creating directories) in the work tree.
    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let full = self.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&full, content).expect("write");
        full
    }

    /// Stages everything and commits; returns the new commit id.
    pub fn commit_all(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.head()
    }

    /// The id of `HEAD`.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// A `hunkguard` command run inside the repository.
    pub fn hunkguard(&self) -> Command {
        let mut cmd = Command::cargo_bin("hunkguard").expect("binary");
        cmd.current_dir(self.path()).env("NO_COLOR", "1");
        cmd
    }

    /// Runs hunkguard with `args` plus `--format json` and parses the document.
    pub fn scan_json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let out = self
            .hunkguard()
            .args(args)
            .args(["--format", "json"])
            .output()
            .expect("runs");
        let code = out.status.code().unwrap_or(-1);
        let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}); exit {code}; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (code, doc)
    }
}

/// `(path, line, rule)` of every finding of a JSON report, in report order.
pub fn findings(doc: &serde_json::Value) -> Vec<(String, u64, String)> {
    doc["commits"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["findings"].as_array().cloned().unwrap_or_default())
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}
