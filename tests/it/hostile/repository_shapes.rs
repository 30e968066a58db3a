//! Repositories of every shape: empty, on an unborn branch, with a detached `HEAD`, bare, a
//! linked worktree, an octopus merge, submodules, symlinks and mode changes, an empty range.

use super::{assert_one_line_error, file, json, json_in, run, run_in, three_commit_source};
use crate::common::{findings, TestRepo};
use serde_json::json;
use std::process::Command;

#[test]
fn empty_repository() {
    let repo = TestRepo::new();
    let (code, out, _) = run(&repo, &["staged"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("no changed Python lines: nothing was scanned"),
        "{out}"
    );
    for args in [
        &["commit", "HEAD"][..],
        &["range", "HEAD"],
        &["range", "main..HEAD"],
    ] {
        assert_one_line_error(run(&repo, args), "the repository has no commits yet");
    }
}

#[test]
fn unborn_branch_in_a_repository_with_history() {
    let repo = TestRepo::new();
    repo.write("old.py", "eval(x)\n");
    repo.commit_all("old");
    repo.git(&["checkout", "-q", "--orphan", "fresh"]);
    repo.write("new.py", "exec(y)\n");
    repo.git(&["add", "new.py"]);
    let (code, doc) = json(&repo, &["staged"]);
    assert_eq!(code, 1);
    assert_eq!(doc["commits"][0]["parents"], json!([]));
    // Everything in the index is new against the unborn branch, old.py too.
    assert_eq!(
        findings(&doc),
        vec![
            ("new.py".into(), 1, "B102".into()),
            ("old.py".into(), 1, "B307".into())
        ]
    );
}

#[test]
fn detached_head() {
    let repo = TestRepo::new();
    repo.write("a.py", "x = 1\n");
    repo.commit_all("one");
    repo.write("a.py", "x = 1\neval(x)\n");
    repo.commit_all("two");
    repo.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    repo.write("b.py", "exec(y)\n");
    repo.git(&["add", "b.py"]);
    let (code, doc) = json(&repo, &["staged"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc), vec![("b.py".into(), 1, "B102".into())]);
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(
        (code, doc["commits"][0]["summary"].as_str()),
        (0, Some("one"))
    );
    let (code, doc) = json(&repo, &["range", "main"]);
    assert_eq!(code, 1);
    assert_eq!(doc["commits"].as_array().unwrap().len(), 2);
}

#[test]
fn bare_repository() {
    let repo = TestRepo::new();
    repo.write("a.py", "eval(x)\n");
    repo.commit_all("one");
    let bare = tempfile::tempdir().unwrap();
    let bare_path = bare.path().join("bare.git");
    repo.git(&["clone", "-q", "--bare", ".", bare_path.to_str().unwrap()]);
    assert_one_line_error(
        run_in(&bare_path, &["staged"]),
        "'staged' needs a work tree, and this repository is bare",
    );
    let (code, doc) = json_in(&bare_path, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc), vec![("a.py".into(), 1, "B307".into())]);
    let (code, doc) = json_in(&bare_path, &["range", "HEAD"]);
    assert_eq!((code, doc["commits"].as_array().unwrap().len()), (1, 1));
    // --repo pointing at a bare repository from elsewhere works the same way.
    let (code, _, _) = run_in(
        bare.path(),
        &["commit", "HEAD", "--repo", bare_path.to_str().unwrap()],
    );
    assert_eq!(code, 1);
}

#[test]
fn linked_worktree_has_its_own_index() {
    let repo = TestRepo::new();
    repo.write("a.py", "x = 1\n");
    repo.commit_all("one");
    let wt = tempfile::tempdir().unwrap();
    let wt_path = wt.path().join("linked");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "side",
        wt_path.to_str().unwrap(),
    ]);
    std::fs::write(wt_path.join("b.py"), "eval(x)\n").unwrap();
    let out = Command::new("git")
        .args(["add", "b.py"])
        .current_dir(&wt_path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let (code, doc) = json_in(&wt_path, &["staged"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc), vec![("b.py".into(), 1, "B307".into())]);
    // The main work tree's index does not have it.
    let (code, _) = json(&repo, &["staged"]);
    assert_eq!(code, 0);
    let (code, doc) = json_in(&wt_path, &["commit", "HEAD"]);
    assert_eq!(
        (code, doc["commits"][0]["summary"].as_str()),
        (0, Some("one"))
    );
}

#[test]
fn octopus_merges_are_skipped_unless_asked_and_diff_against_the_first_parent() {
    let repo = TestRepo::new();
    repo.write("base.py", "x = 1\n");
    repo.commit_all("base");
    for b in ["b1", "b2", "b3"] {
        repo.git(&["checkout", "-q", "-b", b, "main"]);
        repo.write(&format!("{b}.py"), "eval(x)\n");
        repo.commit_all(b);
    }
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-ff", "--no-edit", "b1", "b2", "b3"]);
    let parents = repo.git(&["rev-list", "--parents", "-n1", "HEAD"]);
    assert_eq!(
        parents.split_whitespace().count(),
        5,
        "an octopus of four parents"
    );
    let (_, doc) = json(&repo, &["range", "HEAD~1..HEAD"]);
    let mut summaries: Vec<&str> = doc["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    summaries.sort();
    assert_eq!(summaries, vec!["b1", "b2", "b3"]);
    let (_, doc) = json(&repo, &["range", "HEAD~1..HEAD", "--merges"]);
    assert_eq!(doc["commits"].as_array().unwrap().len(), 4);
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(doc["commits"][0]["parents"].as_array().unwrap().len(), 4);
    assert_eq!(
        findings(&doc),
        vec![
            ("b1.py".into(), 1, "B307".into()),
            ("b2.py".into(), 1, "B307".into()),
            ("b3.py".into(), 1, "B307".into())
        ]
    );
}

#[test]
fn submodules_symlinks_mode_changes_and_type_changes() {
    let repo = TestRepo::new();
    let (sub, _) = three_commit_source();
    repo.write("a.py", "eval(a)\n");
    repo.write("x.py", "import os\n");
    std::os::unix::fs::symlink("a.py", repo.path().join("link.py")).unwrap();
    repo.commit_all("base");
    let (_, doc) = json(&repo, &["commit", "HEAD"]);
    let paths: Vec<&str> = doc["commits"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        vec!["a.py", "x.py"],
        "a symlink is not Python source"
    );
    // A mode-only change changes no line.
    repo.git(&["update-index", "--chmod=+x", "x.py"]);
    repo.git(&["commit", "-q", "-m", "mode"]);
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(file(&doc, "x.py")["status"], "modified");
    assert_eq!(file(&doc, "x.py")["changed_lines"], json!([]));
    // A file turned into a symlink is deleted as source; a symlink turned into a file is added.
    std::fs::remove_file(repo.path().join("a.py")).unwrap();
    std::os::unix::fs::symlink("x.py", repo.path().join("a.py")).unwrap();
    std::fs::remove_file(repo.path().join("link.py")).unwrap();
    repo.write("link.py", "exec(b)\n");
    repo.commit_all("typechange");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(file(&doc, "a.py")["status"], "deleted");
    assert_eq!(file(&doc, "link.py")["status"], "added");
    assert_eq!(findings(&doc), vec![("link.py".into(), 1, "B102".into())]);
    // A submodule, even one named like a Python file, is not source.
    let url = format!("file://{}", sub.path().display());
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        &url,
        "sub.py",
    ]);
    repo.git(&["commit", "-q", "-m", "submodule"]);
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(doc["commits"][0]["files"], json!([]));
    let (code, _) = json(&repo, &["range", "HEAD~3..HEAD"]);
    assert_eq!(code, 1);
}

#[test]
fn range_with_no_commits() {
    let repo = TestRepo::new();
    repo.write("a.py", "eval(x)\n");
    repo.commit_all("one");
    let (code, doc) = json(&repo, &["range", "HEAD..HEAD"]);
    assert_eq!((code, &doc["commits"]), (0, &json!([])));
    let (code, out, _) = run(&repo, &["range", "HEAD..HEAD"]);
    assert_eq!((code, out.as_str()), (0, "no commits to scan\n"));
    let (code, out, _) = run(&repo, &["range", "HEAD..HEAD", "--format", "review"]);
    assert_eq!((code, out.as_str()), (0, "No commits to review.\n"));
}
