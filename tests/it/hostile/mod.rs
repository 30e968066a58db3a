//! A pre-commit hook runs on whatever a developer has half-written, in whatever repository
//! they cloned. Each test builds one hostile case with real git and asserts exactly what the
//! real binary does: a finding, a clear note, or one line on stderr with exit 2; never a
//! panic, a hang, a wrong result, a program the repository configured, or a write in `.git`.
//!
//! This module holds the helpers the cases share; its submodules hold the cases, one kind of
//! hostility each.

mod configured_programs;
mod huge_and_deep;
mod malformed_source;
mod missing_and_corrupt_objects;
mod names_and_messages;
mod output;
mod repository_shapes;

use crate::common::TestRepo;
use serde_json::Value;
use std::path::Path;

/// Exit code, stdout and stderr of the binary run in `repo` with `args`.
fn run(repo: &TestRepo, args: &[&str]) -> (i32, String, String) {
    run_in(repo.path(), args)
}

/// Exit code, stdout and stderr of the binary run in `dir` with `args`; fails the test on a
/// panic message.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("hunkguard")
        .unwrap()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("text output is UTF-8"),
        stderr,
    )
}

/// Like `run_in`, with `--format json`, parsed.
fn json_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run_in(dir, &all);
    let doc = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("not JSON ({e}); exit {code}; stderr: {err}"));
    (code, doc)
}

/// Like `run`, with `--format json`, parsed.
fn json(repo: &TestRepo, args: &[&str]) -> (i32, Value) {
    json_in(repo.path(), args)
}

/// Asserts exit 2 with exactly one line on stderr containing `needle`, and nothing on stdout.
fn assert_one_line_error(result: (i32, String, String), needle: &str) {
    let (code, out, err) = result;
    assert_eq!(code, 2, "stdout: {out}\nstderr: {err}");
    assert!(out.is_empty(), "stdout: {out}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.starts_with("hunkguard: error: "), "{err}");
    assert!(err.contains(needle), "wanted {needle:?} in {err}");
}

/// The notes of the `commit`th commit of a JSON report.
fn notes(doc: &Value, commit: usize) -> Vec<String> {
    doc["commits"][commit]["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect()
}

/// The entry for `path` among the first commit's files; fails the test when it is missing.
fn file<'a>(doc: &'a Value, path: &str) -> &'a Value {
    doc["commits"][0]["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no file {path} in {doc}"))
}

/// The names of the files in `dir`.
fn markers_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// A source repository with three commits that each add an `eval` line to `a.py`, served
/// over `file://` so that clones can be shallow or partial.
fn three_commit_source() -> (TestRepo, Vec<String>) {
    let src = TestRepo::new();
    let mut ids = Vec::new();
    let mut text = String::new();
    for i in 1..=3 {
        text += &format!("eval(x{i})\n");
        src.write("a.py", &text);
        src.write(&format!("f{i}.py"), format!("v = {i}\n"));
        ids.push(src.commit_all(&format!("c{i}")));
    }
    src.git(&["config", "uploadpack.allowFilter", "true"]);
    (src, ids)
}
