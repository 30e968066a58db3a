//! A pre-commit hook runs on whatever a developer has half-written, in whatever repository
//! they cloned. Each test builds one hostile case with real git and asserts exactly what the
//! real binary does: a finding, a clear note, or one line on stderr with exit 2; never a
//! panic, a hang, a wrong result, a program the repository configured, or a write in `.git`.

mod common;

use common::{findings, TestRepo};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

/// Exit code, stdout and stderr of the binary run in `repo` with `args`.
fn run(repo: &TestRepo, args: &[&str]) -> (i32, String, String) {
    run_in(repo.path(), args)
}

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

/// Like `run`, with `--format json`, parsed.
fn json_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run_in(dir, &all);
    let doc = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("not JSON ({e}); exit {code}; stderr: {err}"));
    (code, doc)
}

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

fn notes(doc: &Value, commit: usize) -> Vec<String> {
    doc["commits"][commit]["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect()
}

fn file<'a>(doc: &'a Value, path: &str) -> &'a Value {
    doc["commits"][0]["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no file {path} in {doc}"))
}

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

// ---------------------------------------------------------------------------------------
// Never run what the repository configures.

/// Every program a repository can make git run, each leaving its own marker file when run.
fn arm_traps(repo: &TestRepo, markers: &Path) {
    let touch = |name: &str| format!("touch '{}'", markers.join(name).display());
    let hook_dirs = [repo.path().join(".git/hooks"), repo.path().join("myhooks")];
    for dir in &hook_dirs {
        std::fs::create_dir_all(dir).unwrap();
        for hook in [
            "pre-commit",
            "post-checkout",
            "post-index-change",
            "reference-transaction",
            "fsmonitor-watchman",
            "pre-auto-gc",
            "post-rewrite",
        ] {
            let path = dir.join(hook);
            std::fs::write(
                &path,
                format!("#!/bin/sh\n{}\n", touch(&format!("hook-{hook}"))),
            )
            .unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let settings = [
        ("core.hooksPath", "myhooks".to_owned()),
        ("core.fsmonitor", touch("fsmonitor")),
        ("core.pager", touch("pager")),
        ("pager.diff", touch("pager-diff")),
        ("core.editor", touch("editor")),
        ("core.askPass", touch("askpass")),
        ("core.sshCommand", touch("ssh")),
        ("credential.helper", format!("!{}", touch("credential"))),
        ("diff.external", touch("diff-external")),
        ("diff.evil.textconv", format!("{} ; cat", touch("textconv"))),
        ("diff.evil.command", touch("diff-command")),
        ("filter.evil.clean", format!("{} ; cat", touch("clean"))),
        ("filter.evil.smudge", format!("{} ; cat", touch("smudge"))),
        ("filter.evil.process", touch("filter-process")),
        ("filter.evil.required", "true".to_owned()),
        ("gpg.program", touch("gpg")),
        ("core.gitProxy", touch("gitproxy")),
    ];
    for (key, value) in settings {
        repo.git(&["config", key, &value]);
    }
}

fn markers_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn never_runs_what_the_repository_configures() {
    let repo = TestRepo::new();
    let markers = tempfile::tempdir().unwrap();
    repo.write(".gitattributes", "* diff=evil filter=evil\n");
    repo.write("a.py", "x = 1\n");
    repo.commit_all("base");
    repo.write("a.py", "x = 1\neval(x)\n");
    repo.commit_all("eval");
    repo.write("b.py", "exec(y)\n");
    repo.git(&["add", "b.py"]);
    arm_traps(&repo, markers.path());
    for args in [
        vec!["staged"],
        vec!["commit", "HEAD"],
        vec!["range", "HEAD~1..HEAD"],
        vec!["range", "HEAD", "--format", "review"],
        vec!["range", "HEAD", "--format", "json", "--scope", "file"],
    ] {
        let (code, out, _) = run(&repo, &args);
        assert_eq!(code, 1, "{args:?}: {out}");
    }
    assert_eq!(markers_in(markers.path()), Vec::<String>::new());
    // The traps are live: git itself springs them.
    let _ = repo.git_output(&["status"]);
    let _ = repo.git_output(&["diff", "--no-ext-diff", "--textconv", "HEAD~1", "HEAD"]);
    let _ = repo.git_output(&["add", "a.py"]);
    let sprung = markers_in(markers.path());
    assert!(sprung.contains(&"fsmonitor".to_owned()), "{sprung:?}");
    assert!(sprung.contains(&"filter-process".to_owned()), "{sprung:?}");
}

// ---------------------------------------------------------------------------------------
// Python that is broken, huge, deep, binary or oddly encoded.

#[test]
fn python_that_does_not_parse_is_judged_with_recovery_and_a_note() {
    let repo = TestRepo::new();
    repo.write(
        "half.py",
        "def ok():\n    eval(x)\n\ndef half(:\n    ]]] )))\nexec(y\n",
    );
    repo.write("garbage.py", "@@@ ::: $$$ ?? `` \\\n");
    repo.commit_all("half-written");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(file(&doc, "half.py")["parse"], "recovered");
    assert_eq!(file(&doc, "garbage.py")["parse"], "recovered");
    let got = findings(&doc);
    assert!(
        got.contains(&("half.py".into(), 2, "B307".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("half.py".into(), 6, "B102".into())),
        "{got:?}"
    );
    let said = notes(&doc, 0);
    assert!(
        said.iter()
            .any(|n| n.starts_with("half.py: syntax error at line 4")
                && n.ends_with("(the rest was parsed with recovery)")),
        "{said:?}"
    );
    assert!(said
        .iter()
        .any(|n| n.starts_with("garbage.py: syntax error at line 1")));
}

#[test]
fn empty_python_files_change_no_line() {
    let repo = TestRepo::new();
    repo.write("empty.py", "");
    repo.write("emptied.py", "eval(x)\n");
    repo.commit_all("base");
    repo.write("emptied.py", "");
    repo.write("new_empty.py", "");
    repo.commit_all("empty");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(file(&doc, "emptied.py")["changed_lines"], json!([]));
    assert_eq!(file(&doc, "new_empty.py")["changed_lines"], json!([]));
    assert_eq!(doc["commits"][0]["scanned"]["changed_lines"], 0);
    let (code, out, _) = run(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("no changed Python lines: nothing was scanned"),
        "{out}"
    );
    assert!(!out.contains("no findings"), "{out}");
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
fn binary_python_is_skipped_with_a_note() {
    let repo = TestRepo::new();
    repo.write("blob.py", b"eval(x)\n\x00\x01\x02\xff");
    repo.commit_all("binary");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(file(&doc, "blob.py")["parse"], "skipped");
    assert_eq!(
        notes(&doc, 0),
        vec!["blob.py: skipped: binary file (contains NUL bytes)"]
    );
}

#[test]
fn invalid_utf8_is_replaced_and_the_rest_judged() {
    let repo = TestRepo::new();
    repo.write("bad.py", b"s = '\xff\xfe'\neval(s)\n");
    repo.commit_all("bad utf-8");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc), vec![("bad.py".into(), 2, "B307".into())]);
    assert_eq!(file(&doc, "bad.py")["changed_lines"], json!([[1, 2]]));
}

#[test]
fn pep263_latin1_cookie_is_decoded_as_latin1() {
    let repo = TestRepo::new();
    repo.write(
        "latin.py",
        b"# -*- coding: latin-1 -*-\ns = '\xe9t\xe9'; eval(s)\n",
    );
    repo.commit_all("latin-1");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    let f = &doc["commits"][0]["findings"][0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(2), Some(12))
    );
    let (_, out, _) = run(&repo, &["commit", "HEAD"]);
    assert!(out.contains("2 | s = 'été'; eval(s)"), "{out}");
}

#[test]
fn bom_crlf_lone_cr_tabs_and_form_feeds_keep_lines_and_columns() {
    let repo = TestRepo::new();
    repo.write("bom.py", b"\xef\xbb\xbfeval(x)\n");
    repo.write("crlf.py", "a = 1\r\n\r\neval(x)\r\n");
    repo.write("cr.py", "a = 1\r\reval(x)\r");
    repo.write("tabs.py", "if x:\n\teval(y)\n");
    repo.write("ff.py", "\x0cimport os\n\x0c\nos.system(x)\n");
    repo.commit_all("line endings");
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    let got: Vec<(String, u64, u64)> = doc["commits"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("bom.py".into(), 1, 1),
            ("cr.py".into(), 3, 1),
            ("crlf.py".into(), 3, 1),
            ("ff.py".into(), 3, 1),
            ("tabs.py".into(), 2, 2),
        ]
    );
    assert_eq!(file(&doc, "cr.py")["changed_lines"], json!([[1, 3]]));
    // Editing one CRLF or CR line changes just that line.
    repo.write("crlf.py", "a = 2\r\n\r\neval(x)\r\n");
    repo.write("cr.py", "a = 1\r\rexec(x)\r");
    repo.commit_all("edit");
    let (_, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(file(&doc, "crlf.py")["changed_lines"], json!([[1, 1]]));
    assert_eq!(file(&doc, "cr.py")["changed_lines"], json!([[3, 3]]));
    assert_eq!(findings(&doc), vec![("cr.py".into(), 3, "B102".into())]);
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

// ---------------------------------------------------------------------------------------
// Names and text that try to drive the terminal.

/// No raw control character (but the line feeds of the report itself) and no bidi control.
fn assert_inert(text: &str) {
    for c in text.chars() {
        let bad = (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}');
        assert!(!bad, "raw {:?} in output:\n{text}", c);
    }
}

#[test]
fn hostile_file_names_and_source_are_escaped_in_text_and_review() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let repo = TestRepo::new();
    let names: [&[u8]; 5] = [
        b"with space.py",
        b"new\nline.py",
        b"latin\xff\xfe.py",
        b"\x1b[31mred\x1b[0m.py",
        b"\xe2\x80\xaereversed.py",
    ];
    for name in names {
        std::fs::write(repo.path().join(OsStr::from_bytes(name)), "eval(x)\n").unwrap();
    }
    // A binary file with a hostile name: its note carries the name.
    std::fs::write(
        repo.path().join(OsStr::from_bytes(b"\x1b]0;title\x07.py")),
        b"\x00",
    )
    .unwrap();
    repo.write(
        "source.py",
        "eval('\x1b[2J\x1b[H')  # \u{202e} } fi \u{2066}\nexec('\x07\u{2028}')\n",
    );
    let msg = repo.path().join(".git/msg");
    std::fs::write(&msg, b"\x1b[2Jclear \xe2\x80\xae and \x9b1m\n\nbody").unwrap();
    repo.git(&["add", "-A", "."]);
    repo.git(&["commit", "-q", "-F", msg.to_str().unwrap()]);
    for format in ["text", "review"] {
        let (code, out, _) = run(&repo, &["commit", "HEAD", "--format", format]);
        assert_eq!(code, 1, "{format}");
        assert_inert(&out);
        assert!(out.contains("\\x1b[31mred\\x1b[0m.py"), "{out}");
        assert!(out.contains("new\\x0aline.py"), "{out}");
        assert!(out.contains("\\u{202e}reversed.py"), "{out}");
        assert!(out.contains("\\x1b]0;title\\x07.py"), "{out}");
        assert!(out.contains("\\x1b[2Jclear \\u{202e} and"), "{out}");
        if format == "text" {
            assert!(
                out.contains("eval('\\x1b[2J\\x1b[H')  # \\u{202e} } fi \\u{2066}"),
                "{out}"
            );
            assert!(out.contains("exec('\\x07\\u{2028}')"), "{out}");
        }
    }
    // JSON carries the names as they are (escaped by JSON itself), non-UTF-8 bytes replaced.
    let (_, doc) = json(&repo, &["commit", "HEAD"]);
    let paths: Vec<&str> = doc["commits"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"new\nline.py"));
    assert!(paths.contains(&"latin\u{fffd}\u{fffd}.py"));
    assert_eq!(
        findings(&doc).len(),
        8,
        "one each per file, and B613 for the bidi controls"
    );
    assert!(findings(&doc).iter().any(|f| f.2 == "B613"));
}

// ---------------------------------------------------------------------------------------
// Repositories of every shape.

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
fn commit_message_that_is_not_utf8() {
    let repo = TestRepo::new();
    repo.write("a.py", "eval(x)\n");
    repo.git(&["add", "a.py"]);
    let msg = repo.path().join(".git/msg");
    // Declared latin-1 (git writes an `encoding` header): decoded as such.
    std::fs::write(&msg, b"caf\xe9 \xff\xfe latin-1\n\nbody \xe9").unwrap();
    let msg = msg.to_str().unwrap();
    repo.git(&[
        "-c",
        "i18n.commitEncoding=ISO-8859-1",
        "commit",
        "-q",
        "-F",
        msg,
    ]);
    let (code, doc) = json(&repo, &["commit", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(
        doc["commits"][0]["summary"],
        "caf\u{e9} \u{ff}\u{fe} latin-1"
    );
    // Undeclared invalid UTF-8 (`git commit` would re-encode it; other tools do not).
    repo.write("b.py", "exec(x)\n");
    repo.git(&["add", "b.py"]);
    let tree = repo.git(&["write-tree"]).trim().to_owned();
    let raw = format!(
        "tree {tree}\nparent {}\nauthor T <t@example.com> 1700000000 +0000\n\
         committer T <t@example.com> 1700000000 +0000\n\n",
        repo.head()
    );
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(b"caf\xe9 \xff\n");
    std::fs::write(msg, &raw).unwrap();
    let id = repo
        .git(&["hash-object", "-t", "commit", "-w", msg])
        .trim()
        .to_owned();
    repo.git(&["update-ref", "HEAD", &id]);
    let (_, doc) = json(&repo, &["range", "HEAD~1..HEAD"]);
    assert_eq!(doc["commits"][0]["summary"], "caf\u{fffd} \u{fffd}");
    for format in ["text", "review"] {
        let (code, out, _) = run(&repo, &["range", "HEAD", "--format", format]);
        assert_eq!(code, 1);
        assert!(out.contains("caf\u{fffd} \u{fffd}"), "{out}");
        assert!(out.contains("caf\u{e9} \u{ff}\u{fe} latin-1"), "{out}");
    }
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

// ---------------------------------------------------------------------------------------
// What hunkguard writes: only its report, never in .git, never half of it.

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
