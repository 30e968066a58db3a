//! Inputs of hostile size: nesting far deeper than any parser stack, files over the size limit,
//! regenerated multi-megabyte files, megabyte lines, 10,000-commit ranges and 20,000-file
//! commits. Each is judged, or noted and skipped, in bounded time and without a crash.

use super::{file, json, notes, run};
use crate::common::{findings, TestRepo};
use serde_json::json;
use std::io::Write;
use std::process::{Command, Stdio};

/// Feeds a `git fast-import` stream to the repository: thousands of commits or files in
/// a second, where `git commit` would take minutes.
fn fast_import(repo: &TestRepo, stream: &[u8]) {
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(repo.path())
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    child.stdin.take().unwrap().write_all(stream).unwrap();
    assert!(child.wait().unwrap().success());
}

/// One fast-import commit on `main` with the given files (inline data).
fn fi_commit(stream: &mut Vec<u8>, n: usize, files: &[(String, String)]) {
    let msg = format!("c{n}");
    writeln!(stream, "commit refs/heads/main").unwrap();
    writeln!(
        stream,
        "committer T <t@example.com> {} +0000",
        1_700_000_000 + n
    )
    .unwrap();
    writeln!(stream, "data {}\n{msg}", msg.len()).unwrap();
    for (path, content) in files {
        writeln!(stream, "M 100644 inline {path}").unwrap();
        writeln!(stream, "data {}\n{content}", content.len()).unwrap();
    }
}

const DEEP_NOTE: &str = "not parsed: nested too deeply to analyse";

#[test]
fn brackets_100000_deep_get_a_note_not_a_crash() {
    let repo = TestRepo::new();
    let n = 100_000;
    // Parentheses alone make no nodes: the tree is shallow and judged.
    repo.write(
        "parens.py",
        format!("x = {}eval(a){}\n", "(".repeat(n), ")".repeat(n)),
    );
    repo.write(
        "lists.py",
        format!("x = {}1{}\n", "[".repeat(n), "]".repeat(n)),
    );
    repo.write("mixed.py", format!("x = {}\n", "f([{".repeat(n / 4)));
    repo.write("ok.py", "eval(x)\n");
    repo.commit_all("deep");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1, "the shallow files are still judged");
    assert_eq!(
        findings(&doc),
        vec![
            ("ok.py".into(), 1, "B307".into()),
            ("parens.py".into(), 1, "B307".into())
        ]
    );
    assert_eq!(file(&doc, "parens.py")["parse"], "ok");
    for path in ["lists.py", "mixed.py"] {
        assert_eq!(file(&doc, path)["parse"], "failed");
        assert_eq!(file(&doc, path)["scopes"], json!([]));
        let note = format!("{path}: {DEEP_NOTE}");
        assert!(
            notes(&doc, 0).iter().any(|n| n.starts_with(&note)),
            "{:?}",
            notes(&doc, 0)
        );
    }
    assert_eq!(doc["commits"][0]["scanned"]["files"], 2);
}

#[test]
fn deep_chains_of_any_shape_get_a_note_not_a_crash() {
    let repo = TestRepo::new();
    // A 1 MB line of 500,000 operands, and the other shapes that nest without brackets.
    let shapes = [
        ("binop.py", format!("x = {}a\n", "a+".repeat(500_000))),
        ("not.py", format!("x = {}a\n", "not ".repeat(100_000))),
        ("minus.py", format!("x = {}a\n", "- ".repeat(100_000))),
        (
            "lambda.py",
            format!("x = {}a\n", "lambda: ".repeat(100_000)),
        ),
        ("attr.py", format!("x = a{}\n", ".b".repeat(100_000))),
        ("calls.py", format!("x = f{}\n", "()".repeat(100_000))),
        (
            "ternary.py",
            format!("x = {}c\n", "a if b else ".repeat(100_000)),
        ),
        ("power.py", format!("x = {}a\n", "a**".repeat(100_000))),
    ];
    for (path, text) in &shapes {
        repo.write(path, text);
    }
    repo.commit_all("deep");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 0, "{:?}", notes(&doc, 0));
    for (path, _) in &shapes {
        assert_eq!(file(&doc, path)["parse"], "failed", "{path}");
        let note = format!("{path}: {DEEP_NOTE}");
        assert!(
            notes(&doc, 0).iter().any(|n| n.starts_with(&note)),
            "{path}"
        );
    }
    let (code, out, _) = run(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 0);
    assert!(out.contains("[parse: failed]"), "{out}");
}

#[test]
fn deep_code_within_what_python_accepts_is_judged() {
    let repo = TestRepo::new();
    // CPython parses up to about 3,000 levels; all of these are judged in full.
    repo.write(
        "chain.py",
        format!("x = eval(a) + {}a\n", "a + ".repeat(2_500)),
    );
    repo.write("nots.py", format!("x = {}eval(a)\n", "not ".repeat(2_500)));
    repo.write("attrs.py", format!("x = exec(a){}\n", ".b".repeat(2_500)));
    // Blocks nest one indentation step per level, so 5 MiB holds about 3,000 of them.
    repo.write(
        "blocks.py",
        (0..3_000)
            .map(|i| format!("{}if x:\n", "\t".repeat(i)))
            .collect::<String>()
            + &"\t".repeat(3_000)
            + "eval(x)\n",
    );
    repo.commit_all("deep but fine");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc),
        vec![
            ("attrs.py".into(), 1, "B102".into()),
            ("blocks.py".into(), 3_001, "B307".into()),
            ("chain.py".into(), 1, "B307".into()),
            ("nots.py".into(), 1, "B307".into()),
        ]
    );
    assert_eq!(notes(&doc, 0), Vec::<String>::new());
}

#[test]
fn files_over_the_size_limit_are_skipped_with_a_note() {
    let repo = TestRepo::new();
    // 20 MB of generated code, over the default 5 MiB.
    let line = "VALUE_0000 = 'generated generated generated generated generated'\n";
    let big: String = line.repeat(20 * 1024 * 1024 / line.len() + 1);
    repo.write("generated.py", &big);
    repo.write("small.py", "eval(x)\n");
    repo.commit_all("generated");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(file(&doc, "generated.py")["parse"], "skipped");
    let note = format!(
        "generated.py: skipped: file is {} bytes, over the 5242880-byte limit",
        big.len()
    );
    assert_eq!(notes(&doc, 0), vec![note]);
    // The limit is an option: lowered, the small file is skipped too.
    let (code, doc) = json(&repo, &["commit", "HEAD", "--max-file-size", "4"]);
    assert_eq!(code, 0);
    assert!(notes(&doc, 0)
        .contains(&"small.py: skipped: file is 8 bytes, over the 4-byte limit".to_owned()));
    let (code, out, _) = run(&repo, &["commit", "HEAD", "--max-file-size", "4"]);
    assert_eq!(code, 0);
    assert!(out.contains("note: small.py: skipped: file is 8 bytes, over the 4-byte limit"));
    assert!(out.contains("nothing was scanned"), "{out}");
}

#[test]
fn regenerated_large_files_diff_in_seconds() {
    let repo = TestRepo::new();
    // 4 MB of generated code, then every line rewritten; and a 20,000-line file reversed.
    // A minimal Myers diff took minutes on these; git's heuristics take well under a second.
    let n = 250_000;
    repo.write(
        "gen.py",
        (0..n).map(|i| format!("a{i} = {i}\n")).collect::<String>(),
    );
    repo.write(
        "rev.py",
        (0..20_000)
            .map(|i| format!("r{i} = {i}\n"))
            .collect::<String>(),
    );
    repo.commit_all("generated");
    repo.write(
        "gen.py",
        (0..n).map(|i| format!("b{i} = {i}\n")).collect::<String>(),
    );
    let reversed: String = (0..20_000).rev().map(|i| format!("r{i} = {i}\n")).collect();
    repo.write("rev.py", reversed + "eval(x)\n");
    repo.commit_all("regenerated");
    let started = std::time::Instant::now();
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert!(
        started.elapsed().as_secs() < 120,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1);
    assert_eq!(file(&doc, "gen.py")["changed_lines"], json!([[1, n]]));
    assert_eq!(
        findings(&doc),
        vec![("rev.py".into(), 20_001, "B307".into())]
    );
}

#[test]
fn megabyte_lines_are_judged_and_printed_short() {
    let repo = TestRepo::new();
    let long = "a".repeat(1 << 20);
    repo.write(
        "long.py",
        format!("x = '{long}'; eval(x)\n# {long}\nexec(y)\n"),
    );
    repo.commit_all("long lines");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    let f = &doc["commits"][0]["findings"];
    assert_eq!(
        (f[0]["line"].as_u64(), f[0]["column"].as_u64()),
        (Some(1), Some((1 << 20) + 9))
    );
    assert_eq!(f[1]["line"], 3);
    let (code, out, _) = run(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert!(
        out.len() < 4_000,
        "the source line is cut: {} bytes",
        out.len()
    );
}

#[test]
fn range_over_10000_commits() {
    let repo = TestRepo::new();
    let mut stream = Vec::new();
    for n in 1..=10_001 {
        let content = if n % 1000 == 0 {
            format!("v = {n}\neval(v)\n")
        } else {
            format!("v = {n}\n")
        };
        fi_commit(&mut stream, n, &[(format!("m{}.py", n % 50), content)]);
    }
    fast_import(&repo, &stream);
    let (code, doc) = json(&repo, &["range", "main~10000..main", "-q"]);
    assert_eq!(code, 1);
    let commits = doc["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 10_000);
    assert_eq!(commits[0]["summary"], "c2", "oldest first");
    assert_eq!(commits[9_999]["summary"], "c10001");
    // Each finding is reported by the commit that added it.
    assert_eq!(findings(&doc).len(), 10);
}

#[test]
fn one_commit_touching_20000_files() {
    let repo = TestRepo::new();
    let files: Vec<(String, String)> = (0..20_000)
        .map(|i| {
            let content = if i % 5000 == 0 {
                "eval(x)\n"
            } else {
                "x = 1\n"
            };
            (format!("pkg{}/mod{i}.py", i % 100), content.to_owned())
        })
        .chain((0..100).map(|i| (format!("data{i}.txt"), "text\n".to_owned())))
        .collect();
    let mut stream = Vec::new();
    fi_commit(&mut stream, 1, &files);
    fast_import(&repo, &stream);
    let (code, doc) = json(&repo, &["commit", "main"]);
    assert_eq!(code, 1);
    let c = &doc["commits"][0];
    assert_eq!(c["files"].as_array().unwrap().len(), 20_000);
    assert_eq!(c["scanned"]["files"], 20_000);
    assert_eq!(findings(&doc).len(), 4);
}
