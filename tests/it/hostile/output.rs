//! What hunkguard writes: only its report, never in `.git`, never half of it, even when the
//! reader closes its end of the pipe mid-report.

use super::run;
use crate::common::TestRepo;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

/// Every file under `.git` with its size and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            }
            out.insert(entry.path(), (meta.len(), meta.modified().unwrap()));
        }
    }
    out
}

#[test]
fn scans_never_write_inside_dot_git() {
    let repo = TestRepo::new();
    repo.write("a.py", "x = 1\n");
    repo.commit_all("one");
    repo.write("a.py", "x = 1\neval(x)\n");
    repo.commit_all("two");
    repo.write("b.py", "exec(y)\n");
    repo.git(&["add", "b.py"]);
    // Let a second pass so that a rewrite would show in the modification times.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let before = snapshot(&repo.path().join(".git"));
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r.json");
    for args in [
        vec!["staged"],
        vec!["commit", "HEAD"],
        vec!["range", "HEAD"],
        vec!["range", "HEAD~1..HEAD", "--format", "review"],
        vec![
            "staged",
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
        ],
    ] {
        let (code, _, err) = run(&repo, &args);
        assert_eq!(code, 1, "{args:?}: {err}");
    }
    assert!(report.exists());
    assert_eq!(snapshot(&repo.path().join(".git")), before);
}

#[test]
fn closed_stdout_stops_the_scan_with_exit_2_and_no_panic() {
    let repo = TestRepo::new();
    // One commit whose text report is far larger than a pipe's buffer.
    repo.write("many.py", "eval(x)\n".repeat(20_000));
    repo.commit_all("many");
    for merge_stderr in [false, true] {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("hunkguard"));
        cmd.args(["range", "HEAD"]).current_dir(repo.path());
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(first.starts_with("commit "), "{first}");
        drop(stdout);
        let mut stderr = child.stderr.take().unwrap();
        let mut err = String::new();
        if merge_stderr {
            // Both streams gone, as in `2>&1 | head -1`: the error line cannot be written.
            drop(stderr);
        } else {
            stderr.read_to_string(&mut err).unwrap();
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(2), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        if !merge_stderr {
            assert_eq!(
                err,
                "hunkguard: error: the output was closed before the report was complete (broken pipe)\n"
            );
        }
    }
}
