//! Python source that is broken or oddly encoded: syntax errors, empty files, binary blobs,
//! invalid UTF-8, PEP 263 cookies, byte order marks and every line ending. Each is judged as
//! far as it can be, with lines and columns intact, or skipped with a note.

use super::{file, json, notes, run};
use crate::common::{findings, TestRepo};
use serde_json::json;

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
