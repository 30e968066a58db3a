//! The core pipeline end to end: real repositories, real commits, the real binary.

use crate::common::{findings, TestRepo};
use serde_json::Value;

const SHELL_CALL: &str =
    "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n";

fn files(doc: &Value) -> &Vec<Value> {
    doc["commits"][0]["files"].as_array().expect("files")
}

fn rules_of(doc: &Value) -> Vec<String> {
    findings(doc).into_iter().map(|f| f.2).collect()
}

#[test]
fn staged_judges_the_index_not_the_work_tree() {
    let repo = TestRepo::new();
    let body: String = (1..=30).map(|i| format!("x{i} = {i}\n")).collect();
    repo.write("app.py", &body);
    repo.commit_all("base");
    // Two hunks far apart: stage only the first, as `git add -p` does.
    let edited = body
        .replace("x2 = 2\n", "x2 = eval(user)\n")
        .replace("x28 = 28\n", "x28 = exec(user)\n");
    repo.write("app.py", &edited);
    let out = std::process::Command::new("git")
        .args(["add", "-p", "app.py"])
        .current_dir(repo.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"y\nn\n")?;
            child.wait_with_output()
        })
        .expect("git add -p");
    assert!(out.status.success());
    let (code, doc) = repo.scan_json(&["staged"]);
    assert_eq!(code, 1);
    assert_eq!(doc["commits"][0]["id"], "staged");
    assert_eq!(
        findings(&doc),
        vec![("app.py".to_owned(), 2, "B307".to_owned())]
    );
    assert_eq!(files(&doc)[0]["changed_lines"], serde_json::json!([[2, 2]]));
    // The work tree still has the unstaged exec(); nothing about it is reported.
    assert!(std::fs::read_to_string(repo.path().join("app.py"))
        .unwrap()
        .contains("exec(user)"));
}

#[test]
fn staged_on_an_unborn_head_compares_with_the_empty_tree() {
    let repo = TestRepo::new();
    repo.write("first.py", SHELL_CALL);
    repo.git(&["add", "first.py"]);
    let (code, doc) = repo.scan_json(&["staged"]);
    assert_eq!(code, 1);
    assert_eq!(doc["commits"][0]["parents"], serde_json::json!([]));
    assert_eq!(files(&doc)[0]["status"], "added");
    assert_eq!(files(&doc)[0]["changed_lines"], serde_json::json!([[1, 5]]));
    assert!(rules_of(&doc).contains(&"B602".to_owned()));
}

#[test]
fn root_commit_and_any_revision_syntax() {
    let repo = TestRepo::new();
    repo.write("a.py", SHELL_CALL);
    let root = repo.commit_all("root");
    repo.write("b.py", "x = 1\n");
    repo.commit_all("second");
    repo.git(&["tag", "v1"]);
    repo.write("c.py", "y = 2\n");
    repo.commit_all("third");
    let (_, doc) = repo.scan_json(&["commit", &root[..7]]);
    assert_eq!(doc["commits"][0]["id"], root.as_str());
    assert_eq!(doc["commits"][0]["parents"], serde_json::json!([]));
    assert!(rules_of(&doc).contains(&"B602".to_owned()));
    let (code, doc) = repo.scan_json(&["commit", "HEAD~2"]);
    assert_eq!(doc["commits"][0]["id"], root.as_str());
    assert_eq!(code, 1);
    let (code, doc) = repo.scan_json(&["commit", "v1"]);
    assert_eq!(code, 0);
    assert_eq!(doc["commits"][0]["summary"], "second");
    assert_eq!(doc["commits"][0]["scanned"]["changed_lines"], 1);
}

#[test]
fn renamed_and_edited_file_reports_only_edited_lines() {
    let repo = TestRepo::new();
    let body: String = (1..=20).map(|i| format!("value_{i} = {i}\n")).collect();
    repo.write("old_name.py", &body);
    repo.commit_all("base");
    repo.git(&["mv", "old_name.py", "new_name.py"]);
    repo.write(
        "new_name.py",
        body.replace("value_10 = 10\n", "value_10 = eval(s)\n"),
    );
    repo.commit_all("rename and edit");
    let (_, doc) = repo.scan_json(&["commit", "HEAD"]);
    let file = &files(&doc)[0];
    assert_eq!(file["status"], "renamed");
    assert_eq!(file["old_path"], "old_name.py");
    assert_eq!(file["path"], "new_name.py");
    assert_eq!(file["changed_lines"], serde_json::json!([[10, 10]]));
    assert_eq!(
        findings(&doc),
        vec![("new_name.py".to_owned(), 10, "B307".to_owned())]
    );
}

#[test]
fn deleted_files_are_listed_with_no_changed_lines() {
    let repo = TestRepo::new();
    repo.write("gone.py", SHELL_CALL);
    repo.write("keep.py", "x = 1\n");
    repo.commit_all("base");
    std::fs::remove_file(repo.path().join("gone.py")).unwrap();
    repo.commit_all("delete");
    let (code, doc) = repo.scan_json(&["commit", "HEAD"]);
    assert_eq!(code, 0);
    let file = &files(&doc)[0];
    assert_eq!(file["status"], "deleted");
    assert_eq!(file["changed_lines"], serde_json::json!([]));
    assert_eq!(doc["commits"][0]["scanned"]["files"], 0);
    let text = repo.hunkguard().args(["commit", "HEAD"]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("nothing was scanned"), "{text}");
    assert!(!text.contains("no findings"), "{text}");
}

#[test]
fn range_is_oldest_first_and_skips_merges_unless_asked() {
    let repo = TestRepo::new();
    repo.write("base.py", "x = 1\n");
    let base = repo.commit_all("base");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("f1.py", "eval(a)\n");
    let f1 = repo.commit_all("feature one");
    repo.write("f2.py", "exec(b)\n");
    let f2 = repo.commit_all("feature two");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("m.py", "y = 2\n");
    let m = repo.commit_all("main work");
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
    let merge = repo.head();
    let ids = |doc: &Value| -> Vec<String> {
        doc["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, doc) = repo.scan_json(&["range", &format!("{base}..HEAD")]);
    let got = ids(&doc);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(!got.contains(&merge));
    let pos = |id: &str| got.iter().position(|g| g == id).unwrap();
    assert!(pos(&f1) < pos(&f2), "oldest first");
    assert!(got.contains(&m));
    let (_, doc) = repo.scan_json(&["range", &format!("{base}..HEAD"), "--merges"]);
    let got = ids(&doc);
    assert_eq!(got.len(), 4);
    assert_eq!(got.last().unwrap(), &merge);
    // A...B: the symmetric difference; B alone: all of B's history.
    let (_, doc) = repo.scan_json(&["range", "main...feature"]);
    assert_eq!(
        ids(&doc),
        vec![m.clone()],
        "main's side of the symmetric difference, merge skipped"
    );
    let (_, doc) = repo.scan_json(&["range", &format!("{m}...{f2}")]);
    let mut got = ids(&doc);
    got.sort();
    let mut want = vec![f1.clone(), f2.clone(), m.clone()];
    want.sort();
    assert_eq!(got, want);
    let (_, doc) = repo.scan_json(&["range", "feature"]);
    assert_eq!(ids(&doc), vec![base, f1, f2]);
}

/// A blob checked only around one commit's changed lines is checked again when a later
/// commit (here a merge, against its first parent) changes other lines of the same blob.
#[test]
fn a_blob_seen_again_with_other_changed_lines_is_checked_there_too() {
    let repo = TestRepo::new();
    let body = |first: &str, last: &str| {
        let mut lines: Vec<String> = (1..=12).map(|i| format!("x{i} = {i}")).collect();
        lines[1] = first.to_owned();
        lines[10] = last.to_owned();
        lines.join("\n") + "\n"
    };
    repo.write("f.py", body("x2 = 2", "x11 = 11"));
    repo.write("g.py", "y = 1\n");
    let base = repo.commit_all("base");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("f.py", body("x2 = eval(a)", "x11 = 11"));
    repo.commit_all("feature: line 2");
    repo.write("f.py", body("x2 = eval(a)", "x11 = exec(b)"));
    let tip = repo.commit_all("feature: line 11");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("g.py", "y = 2\n");
    repo.commit_all("main work");
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
    let merge = repo.head();
    assert_eq!(
        repo.git(&["rev-parse", "HEAD:f.py"]),
        repo.git(&["rev-parse", &format!("{tip}:f.py")])
    );
    let (_, doc) = repo.scan_json(&["range", &format!("{base}..HEAD"), "--merges", "--jobs", "1"]);
    let merged = doc["commits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == merge.as_str())
        .unwrap();
    let mut got: Vec<(String, u64)> = merged["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, vec![("B102".to_owned(), 11), ("B307".to_owned(), 2)]);
}

#[test]
fn only_python_files_and_python_scripts_are_kept() {
    let repo = TestRepo::new();
    repo.write("notes.txt", "eval(x)\n");
    repo.write("stub.pyi", "def f() -> None: ...\n");
    repo.write("bin/tool", "#!/usr/bin/env python3\neval(x)\n");
    repo.write("bin/shell", "#!/bin/sh\neval x\n");
    repo.write("data.py", b"\x00\x01binary");
    #[cfg(unix)]
    std::os::unix::fs::symlink("stub.pyi", repo.path().join("link.py")).unwrap();
    repo.commit_all("mixed");
    let (_, doc) = repo.scan_json(&["commit", "HEAD"]);
    let mut paths: Vec<&str> = files(&doc)
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(paths, vec!["bin/tool", "data.py", "stub.pyi"]);
    let data = files(&doc).iter().find(|f| f["path"] == "data.py").unwrap();
    assert_eq!(data["parse"], "skipped");
    assert_eq!(
        findings(&doc),
        vec![("bin/tool".to_owned(), 2, "B307".to_owned())]
    );
    let notes = doc["commits"][0]["notes"].to_string();
    assert!(notes.contains("data.py: skipped: binary"), "{notes}");
}

#[test]
fn scope_filter_hunk_function_file() {
    let repo = TestRepo::new();
    repo.write(
        "m.py",
        "eval(a)\n\n\ndef f(x):\n    y = 1\n    eval(x)\n    return y\n\n\ndef g():\n    return 0\n",
    );
    repo.commit_all("base");
    repo.write(
        "m.py",
        "eval(a)\n\n\ndef f(x):\n    y = 2\n    eval(x)\n    return y\n\n\ndef g():\n    return 0\n",
    );
    repo.commit_all("touch f");
    let lines = |scope: &str| -> Vec<u64> {
        let (_, doc) = repo.scan_json(&["commit", "HEAD", "--scope", scope]);
        findings(&doc).into_iter().map(|f| f.1).collect()
    };
    assert_eq!(lines("hunk"), Vec::<u64>::new());
    assert_eq!(lines("function"), vec![6]);
    assert_eq!(lines("file"), vec![1, 6]);
}

#[test]
fn scopes_are_innermost_with_qualnames_and_test_marks() {
    let repo = TestRepo::new();
    repo.write(
        "tests/test_api.py",
        "import unittest\n\n\nclass Base(unittest.TestCase):\n    pass\n\n\nclass TestApi(Base):\n    @staticmethod\n    def helper():\n        def inner():\n            return 1\n        return inner\n",
    );
    repo.write(
        "pkg/core.py",
        "class Api:\n    def login(self):\n        return 1\n",
    );
    repo.commit_all("scopes");
    let (_, doc) = repo.scan_json(&["commit", "HEAD"]);
    let core = files(&doc)
        .iter()
        .find(|f| f["path"] == "pkg/core.py")
        .unwrap();
    let scopes: Vec<(String, bool, u64, u64)> = core["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["qualname"].as_str().unwrap().to_owned(),
                s["is_test"].as_bool().unwrap(),
                s["start_line"].as_u64().unwrap(),
                s["end_line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        scopes,
        vec![
            ("Api".into(), false, 1, 3),
            ("Api.login".into(), false, 2, 3)
        ]
    );
    let test = files(&doc)
        .iter()
        .find(|f| f["path"] == "tests/test_api.py")
        .unwrap();
    let inner = test["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["qualname"] == "TestApi.helper.<locals>.inner")
        .unwrap();
    assert_eq!(inner["is_test"], true);
    assert_eq!(inner["kind"], "function");
    let helper = test["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["qualname"] == "TestApi.helper")
        .unwrap();
    assert_eq!(
        helper["start_line"], 9,
        "a scope starts at its first decorator"
    );
}

#[test]
fn nosec_suppresses_only_what_it_names() {
    let repo = TestRepo::new();
    repo.write(
        "n.py",
        "import subprocess\nsubprocess.call(c, shell=True)  # nosec\nsubprocess.call(c, shell=True)  # nosec B602\nsubprocess.call(c, shell=True)  # nosec B605\neval(x)  # nosec B602 -- reason words do not widen it\n",
    );
    repo.commit_all("nosec");
    let (_, doc) = repo.scan_json(&["commit", "HEAD", "--select", "B602,B307"]);
    let got: Vec<(u64, String)> = findings(&doc).into_iter().map(|f| (f.1, f.2)).collect();
    assert_eq!(got, vec![(4, "B602".to_owned()), (5, "B307".to_owned())]);
}

#[test]
fn syntax_errors_are_recovered() {
    let repo = TestRepo::new();
    repo.write(
        "broken.py",
        "def ok():\n    eval(x)\n\ndef broken(:\n    pass\n",
    );
    repo.commit_all("half-written");
    let (_, doc) = repo.scan_json(&["commit", "HEAD"]);
    assert_eq!(files(&doc)[0]["parse"], "recovered");
    assert_eq!(
        findings(&doc),
        vec![("broken.py".to_owned(), 2, "B307".to_owned())]
    );
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let not_repo = tempfile::tempdir().unwrap();
    let repo = TestRepo::new();
    repo.write("a.py", "x = 1\n");
    repo.commit_all("a");
    let cases: Vec<(Vec<&str>, &str, &std::path::Path)> = vec![
        (
            vec!["commit", "HEAD"],
            "not a git repository",
            not_repo.path(),
        ),
        (vec!["commit", "nosuchrev"], "unknown revision", repo.path()),
        (
            vec!["range", "nosuch..HEAD"],
            "unknown revision",
            repo.path(),
        ),
        (
            vec!["commit", "HEAD", "--format", "yaml"],
            "invalid value",
            repo.path(),
        ),
        (
            vec!["commit", "HEAD", "--select", "B999"],
            "unknown rule",
            repo.path(),
        ),
        (vec!["explain", "nope"], "unknown rule", repo.path()),
    ];
    for (args, needle, dir) in cases {
        let out = assert_cmd::Command::cargo_bin("hunkguard")
            .unwrap()
            .args(&args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
        if !needle.starts_with("invalid") {
            assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        }
    }
}

#[test]
fn failed_scan_leaves_no_output_file() {
    let repo = TestRepo::new();
    repo.write("a.py", "eval(x)\n");
    repo.commit_all("a");
    let report = repo.path().join("report.json");
    let out = repo
        .hunkguard()
        .args(["commit", "nosuchrev", "--output"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!report.exists());
    let out = repo
        .hunkguard()
        .args(["commit", "HEAD", "--format", "json", "--output"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let doc: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(findings(&doc).len(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(repo.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn fail_on_threshold_sets_the_exit_code() {
    let repo = TestRepo::new();
    repo.write("a.py", "eval(x)\n");
    repo.commit_all("a");
    let code = |level: &str| {
        repo.hunkguard()
            .args(["commit", "HEAD", "--fail-on", level])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code("low"), Some(1));
    assert_eq!(code("medium"), Some(1));
    assert_eq!(code("high"), Some(0));
}

#[test]
fn json_output_validates_against_the_contract_schema() {
    let repo = TestRepo::new();
    repo.write("a.py", SHELL_CALL);
    repo.write(
        "tests/test_a.py",
        "def test_x():\n    password = 'x'\n    assert True\n",
    );
    repo.commit_all("one");
    repo.git(&["mv", "a.py", "b.py"]);
    repo.write("b.py", format!("{SHELL_CALL}eval(y)\n"));
    repo.commit_all("two");
    let schema: Value =
        serde_json::from_str(include_str!("../contract/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let (_, doc) = repo.scan_json(&["range", "HEAD"]);
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(doc["commits"].as_array().unwrap().len(), 2);
    let (_, empty) = repo.scan_json(&["range", "HEAD..HEAD"]);
    assert!(validator.is_valid(&empty));
    assert_eq!(empty["commits"], serde_json::json!([]));
}

#[test]
fn color_follows_the_terminal_and_no_color() {
    let repo = TestRepo::new();
    repo.write("a.py", "eval(x)\n");
    repo.commit_all("a");
    let out = repo
        .hunkguard()
        .args(["commit", "HEAD", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\x1b["));
    // Not a terminal: auto means no color.
    let out = repo
        .hunkguard()
        .env_remove("NO_COLOR")
        .args(["commit", "HEAD"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\x1b["));
}

#[test]
fn output_is_identical_across_runs_and_job_counts() {
    let repo = TestRepo::new();
    for i in 0..12 {
        repo.write(
            &format!("m{}.py", i % 4),
            format!("def f{i}(x):\n    return eval(x)  # {i}\n"),
        );
        repo.commit_all(&format!("c{i}"));
    }
    let run = |jobs: &str, format: &str| {
        let out = repo
            .hunkguard()
            .args(["range", "HEAD", "--jobs", jobs, "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        out.stdout
    };
    for format in ["json", "text", "review"] {
        let one = run("1", format);
        assert_eq!(one, run("1", format), "{format}: two runs");
        assert_eq!(one, run("2", format), "{format}: --jobs 1 vs 2");
        assert_eq!(one, run("8", format), "{format}: --jobs 1 vs 8");
    }
}

/// The range summary sorts what the range introduced by whether the tip still has it; its
/// findings wait in a temporary file during the scan, or in memory when none can be made.
#[test]
fn range_summary_splits_introduced_findings_by_the_tip_with_or_without_a_temp_dir() {
    let repo = TestRepo::new();
    repo.write("a.py", "x = 1\n");
    let base = repo.commit_all("base");
    repo.write("a.py", "x = 1\neval(a)\nexec(b)\n");
    let introducing = repo.commit_all("introduce two");
    repo.write("a.py", "x = 1\neval(a)\n");
    repo.commit_all("remove one");
    let range = format!("{base}..HEAD");
    let (_, doc) = repo.scan_json(&["range", &range]);
    let summary = &doc["range_summary"];
    let rules = |key: &str| -> Vec<(String, String, String)> {
        summary[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["name"].as_str().unwrap().to_owned(),
                    f["introduced_in"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        rules("introduced"),
        vec![("B307".into(), "eval".into(), introducing.clone())]
    );
    assert_eq!(
        rules("fixed_within"),
        vec![("B102".into(), "exec-used".into(), introducing)]
    );
    let out = repo
        .hunkguard()
        .args(["range", &range, "--format", "json"])
        .env("TMPDIR", repo.path().join("no such directory"))
        .output()
        .unwrap();
    let without_temp: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(without_temp, doc);
}
