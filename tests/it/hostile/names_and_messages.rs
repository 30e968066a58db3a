//! Names and text that try to drive the terminal or break decoding: file names, source and
//! commit messages with escapes, bidi controls and bytes that are not UTF-8. Text and review
//! output show them escaped; JSON carries them as they are.

use super::{json, run};
use crate::common::{findings, TestRepo};

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
