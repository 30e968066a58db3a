//! Objects that are not there or do not read: a shallow clone's missing parent, a partial
//! clone's missing blobs, corrupt loose objects and trees, a damaged index. A missing object is
//! a note; a corrupt one is one line on stderr and exit 2, with `--output` left alone.

use super::{
    assert_one_line_error, file, json, json_in, markers_in, notes, run, run_in, three_commit_source,
};
use crate::common::{findings, TestRepo};
use serde_json::json;
use std::path::PathBuf;

/// Clones `src` over `file://` with `extra` arguments into a new temporary directory.
fn clone(src: &TestRepo, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clone");
    let url = format!("file://{}", src.path().display());
    let mut args = vec!["clone", "-q"];
    args.extend(extra);
    args.extend([url.as_str(), path.to_str().unwrap()]);
    src.git(&args);
    (dir, path)
}

#[test]
fn shallow_clone_treats_a_missing_parent_as_the_empty_tree_with_a_note() {
    let (src, ids) = three_commit_source();
    let (_dir, path) = clone(&src, &["--depth", "1"]);
    let (code, doc) = json_in(&path, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    let c = &doc["commits"][0];
    assert_eq!(
        c["parents"],
        json!([ids[1]]),
        "the recorded parent is still named"
    );
    assert_eq!(
        notes(&doc, 0),
        vec![format!(
            "parent {} is not in this repository (shallow clone?): every line of the commit's files counts as changed",
            ids[1]
        )]
    );
    assert_eq!(file(&doc, "a.py")["status"], "added");
    assert_eq!(file(&doc, "a.py")["changed_lines"], json!([[1, 3]]));
    assert_eq!(findings(&doc).len(), 3);
    // A range stops at the boundary, which carries the same note.
    let (code, doc) = json_in(&path, &["range", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(doc["commits"].as_array().unwrap().len(), 1);
    assert_eq!(notes(&doc, 0).len(), 1);
    let (_, out, _) = run_in(&path, &["commit", "HEAD"]);
    assert!(out.contains("note: parent "), "{out}");
}

#[test]
fn partial_clone_skips_missing_blobs_with_a_note() {
    let (src, ids) = three_commit_source();
    let (_dir, path) = clone(&src, &["--filter=blob:none", "--no-checkout"]);
    let (code, doc) = json_in(&path, &["commit", "HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(file(&doc, "a.py")["parse"], "skipped");
    let said = notes(&doc, 0);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said
        .iter()
        .all(|n| n.contains("is not in this repository (partial clone?)")));
    assert_eq!(doc["commits"][0]["scanned"]["changed_lines"], 0);
    let (code, doc) = json_in(&path, &["range", &format!("{}..HEAD", ids[0])]);
    assert_eq!((code, doc["commits"].as_array().unwrap().len()), (0, 2));
    // The same with loose blobs deleted from an ordinary repository.
    let blob = src.git(&["rev-parse", "HEAD:a.py"]).trim().to_owned();
    std::fs::remove_file(
        src.path()
            .join(".git/objects")
            .join(&blob[..2])
            .join(&blob[2..]),
    )
    .unwrap();
    let (code, doc) = json(&src, &["commit", "HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(
        notes(&doc, 0),
        vec![format!(
            "a.py: skipped: blob {blob} is not in this repository (partial clone?)"
        )]
    );
    let (code, out, _) = run(&src, &["commit", "HEAD", "--format", "review"]);
    assert_eq!(code, 0);
    assert!(out.contains("- a.py: skipped: blob"), "{out}");
}

/// Replaces a loose object's file with bytes that do not inflate.
fn corrupt(repo: &TestRepo, rev: &str) -> String {
    let oid = repo.git(&["rev-parse", rev]).trim().to_owned();
    let path = repo
        .path()
        .join(".git/objects")
        .join(&oid[..2])
        .join(&oid[2..]);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"this is not zlib data").unwrap();
    oid
}

#[test]
fn corrupt_objects_fail_with_one_line_and_leave_the_output_file_alone() {
    let repo = TestRepo::new();
    for i in 1..=3 {
        repo.write(&format!("f{i}.py"), format!("eval(x{i})\n"));
        repo.commit_all(&format!("c{i}"));
    }
    let blob = corrupt(&repo, "HEAD:f3.py");
    assert_one_line_error(run(&repo, &["commit", "HEAD"]), "cannot scan f3.py in");
    let (_, _, err) = run(&repo, &["commit", "HEAD"]);
    assert!(err.contains(&format!("cannot read object {blob}")), "{err}");
    // A range fails mid-scan, after two commits were written: --output keeps its old content.
    let report = repo.path().join("report.json");
    std::fs::write(&report, "previous report\n").unwrap();
    let (code, out, err) = run(
        &repo,
        &[
            "range",
            "HEAD",
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "previous report\n"
    );
    let litter: Vec<String> = markers_in(repo.path())
        .into_iter()
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(litter.is_empty(), "{litter:?}");
    // A corrupt tree is an error too, and so is a corrupt commit.
    corrupt(&repo, "HEAD~1^{tree}");
    assert_one_line_error(run(&repo, &["commit", "HEAD~1"]), "cannot read the tree of");
    corrupt(&repo, "HEAD~2");
    let (code, _, err) = run(&repo, &["range", "HEAD"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn a_corrupt_subtree_on_a_changed_path_fails_with_one_line() {
    let repo = TestRepo::new();
    repo.write("pkg/sub/a.py", "x = 1\n");
    repo.write("other.py", "y = 1\n");
    repo.commit_all("base");
    repo.write("pkg/sub/a.py", "x = 2\neval(x)\n");
    repo.commit_all("edit");
    // The parent's copy of the directory the commit changed: the walk of the two trees must
    // read it, and cannot.
    corrupt(&repo, "HEAD~1:pkg/sub");
    for args in [&["commit", "HEAD"][..], &["range", "HEAD~1..HEAD"]] {
        assert_one_line_error(run(&repo, args), "cannot read the tree at 'pkg/sub/'");
    }
}

#[test]
fn damaged_indexes_and_head_trees_fail_staged_with_one_line() {
    let repo = TestRepo::new();
    repo.write("pkg/sub/a.py", "x = 1\n");
    repo.write("b.py", "y = 1\n");
    repo.commit_all("base");
    repo.write("pkg/sub/a.py", "x = 1\neval(x)\n");
    repo.git(&["add", "pkg/sub/a.py"]);
    let (code, doc) = json(&repo, &["staged"]);
    assert_eq!((code, findings(&doc).len()), (1, 1));
    // The staged scan reads only the trees on the changed path; a damaged one is an error.
    corrupt(&repo, "HEAD:pkg/sub");
    assert_one_line_error(
        run(&repo, &["staged"]),
        "cannot read the tree of HEAD at pkg/",
    );
    // A truncated index, and one that is not an index at all.
    let index = repo.path().join(".git/index");
    let bytes = std::fs::read(&index).unwrap();
    for damaged in [&bytes[..bytes.len() / 2], b"DIRC garbage".as_slice()] {
        std::fs::write(&index, damaged).unwrap();
        assert_one_line_error(run(&repo, &["staged"]), "cannot read the index");
    }
}
