//! Configuration files and baselines, on real repositories.

use crate::common::{findings, TestRepo};

fn repo_with_findings() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("app/main.py", "eval(a)\nexec(b)\n");
    repo.write("vendor/lib.py", "eval(c)\n");
    repo.write("scripts/tool.py", "exec(d)\n");
    repo.commit_all("code");
    repo
}

fn rules(doc: &serde_json::Value) -> Vec<(String, String)> {
    findings(doc).into_iter().map(|(p, _, r)| (p, r)).collect()
}

#[test]
fn hunkguard_toml_selects_excludes_and_ignores_per_path() {
    let repo = repo_with_findings();
    repo.write(
        ".hunkguard.toml",
        "exclude = [\"vendor/\"]\nfail-on = \"high\"\n[per-file-ignores]\n\"scripts/*.py\" = [\"B102\"]\n",
    );
    let (code, doc) = repo.scan_json(&["commit", "HEAD"]);
    assert_eq!(
        code, 0,
        "fail-on high from the file: medium findings do not fail"
    );
    assert_eq!(
        rules(&doc),
        vec![
            ("app/main.py".into(), "B307".into()),
            ("app/main.py".into(), "B102".into())
        ]
    );
    // The command line wins over the file.
    let (code, _) = repo.scan_json(&["commit", "HEAD", "--fail-on", "medium"]);
    assert_eq!(code, 1);
}

#[test]
fn pyproject_tool_table_is_read() {
    let repo = repo_with_findings();
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.hunkguard]\nselect = [\"B307\"]\n",
    );
    let (_, doc) = repo.scan_json(&["commit", "HEAD"]);
    let ids: Vec<String> = rules(&doc).into_iter().map(|r| r.1).collect();
    assert_eq!(ids, vec!["B307", "B307"]);
    // --config wins over the discovered file.
    let other = repo.write("other.toml", "select = [\"B102\"]\n");
    let (_, doc) = repo.scan_json(&["commit", "HEAD", "--config", other.to_str().unwrap()]);
    let ids: Vec<String> = rules(&doc).into_iter().map(|r| r.1).collect();
    assert_eq!(ids, vec!["B102", "B102"]);
}

#[test]
fn config_comes_from_the_work_tree_not_the_commit() {
    let repo = TestRepo::new();
    repo.write("a.py", "x = 1\n");
    repo.commit_all("base");
    // The commit under review tries to switch the check off for itself.
    repo.write(".hunkguard.toml", "ignore = [\"B307\"]\n");
    repo.write("a.py", "x = eval(y)\n");
    repo.commit_all("sneaky");
    std::fs::remove_file(repo.path().join(".hunkguard.toml")).unwrap();
    let (code, doc) = repo.scan_json(&["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(rules(&doc), vec![("a.py".into(), "B307".into())]);
}

#[test]
fn bad_configuration_is_an_error_naming_file_key_and_allowed_values() {
    let repo = repo_with_findings();
    let cases = [
        ("selekt = [\"B1\"]\n", "unknown field `selekt`"),
        (
            "fail-on = \"extreme\"\n",
            "fail-on = 'extreme' is not allowed (one of: low, medium, high)",
        ),
        ("scope = \"repo\"\n", "scope = 'repo' is not allowed"),
        ("select = [\"B999\"]\n", "unknown rule 'B999'"),
        ("exclude = [\"a[\"]\n", "bad glob"),
        ("select = \"B1\"\n", "invalid type"),
        ("this is not toml\n", ".hunkguard.toml"),
    ];
    for (text, needle) in cases {
        repo.write(".hunkguard.toml", text);
        let out = repo.hunkguard().args(["commit", "HEAD"]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains(needle), "{text}: {err}");
        assert!(
            err.contains(".hunkguard.toml"),
            "{text}: names the file: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[test]
fn baseline_hides_accepted_findings_one_for_one_and_lists_stale_entries() {
    let repo = TestRepo::new();
    repo.write("a.py", "def f(x):\n    return eval(x)\n");
    repo.commit_all("one eval");
    let baseline = repo.path().join("baseline.json");
    let out = repo
        .hunkguard()
        .args(["commit", "HEAD", "--write-baseline"])
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&baseline).unwrap();
    assert!(text.contains("\"rule\": \"B307\""), "{text}");
    // Lines move above the finding, and a second copy of the same call appears in f.
    repo.write(
        "a.py",
        "import os\n\n\ndef f(x):\n    return eval(x)\n    return eval(x)\n",
    );
    repo.commit_all("moved and copied");
    let (code, doc) = repo.scan_json(&[
        "commit",
        "HEAD",
        "--baseline",
        baseline.to_str().unwrap(),
        "--scope",
        "file",
    ]);
    assert_eq!(code, 1, "the second copy is new");
    assert_eq!(
        findings(&doc),
        vec![("a.py".to_owned(), 6, "B307".to_owned())]
    );
    // Writing the same baseline twice gives the same bytes.
    let again = repo.path().join("again.json");
    repo.hunkguard()
        .args(["commit", "HEAD~1", "--write-baseline"])
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), text.as_bytes());
    // With the eval gone, the entry is stale and listed.
    repo.write("a.py", "def f(x):\n    return int(x)\n");
    repo.commit_all("fixed");
    let out = repo
        .hunkguard()
        .args(["commit", "HEAD", "--baseline"])
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 baseline entries matched no finding"),
        "{err}"
    );
    assert!(err.contains("B307 a.py in f"), "{err}");
}
