//! hunkguard's line diff against git's own: a generated history of Python-like files (repeated
//! blocks and function bodies, blank-line runs, re-indented and moved blocks, CRLF lines,
//! missing final newlines, form feeds and tabs, large rewrites), imported with
//! `git fast-import`, then `git log -p -U0 -M` once for every commit; every file's hunks must be
//! git's, old side and new side, line for line.
//!
//! `HUNKGUARD_GIT_COMMITS` sets the number of commits (default 2,000) and
//! `HUNKGUARD_GIT_SEED` the generator's seed; `HUNKGUARD_GIT_SIZE` scales the files;
//! `HUNKGUARD_GIT_DUMP=DIR` writes each differing pair to `DIR/N.old` and `DIR/N.new`.

use hunkguard::diff::{file_diff, moved_blocks, FileChange, FileDiff, Side};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Statement lines, many of them repeated on purpose.
const STATEMENTS: &[&str] = &[
    "return None",
    "return x",
    "pass",
    "x = 1",
    "x += 1",
    "self.value = value",
    "if not data:",
    "    return",
    "result = []",
    "for item in items:",
    "    result.append(item)",
    "return result",
    "raise ValueError(msg)",
    "try:",
    "except Exception:",
    "    pass",
    "finally:",
    "    handle.close()",
    "# comment",
    "logger.debug(\"%s\", name)",
    "data = json.loads(body)",
    "cursor.execute(query, params)",
    "subprocess.run(cmd, shell=True)",
    "}",
    ")",
    "\"\"\"",
];

/// Lines with unusual whitespace: tabs, form feeds, vertical tabs, trailing spaces.
const ODD: &[&str] = &[
    "\tx = 1",
    "\t\treturn y",
    "\x0c",
    "\x0cdef paged():",
    "\x0b    odd = True",
    "    ",
    "\t",
    "x = 1   ",
    "        # deep comment",
    "  two = 2",
];

/// One generated file: its lines (terminator included).
#[derive(Clone, Default)]
struct File {
    lines: Vec<Vec<u8>>,
}

impl File {
    fn bytes(&self) -> Vec<u8> {
        self.lines.concat()
    }
}

fn line(text: &str, indent: usize, crlf: bool) -> Vec<u8> {
    let mut l = " ".repeat(indent).into_bytes();
    l.extend_from_slice(text.as_bytes());
    l.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    l
}

/// A function: a header and a body of statements, optionally the same body as a template.
fn function(rng: &mut Rng, indent: usize, body: Option<&[Vec<u8>]>) -> Vec<Vec<u8>> {
    let names = [
        "f", "g", "handler", "check", "load", "save", "test_one", "test_two",
    ];
    let mut out = Vec::new();
    if rng.chance(20) {
        out.push(line("@decorator", indent, false));
    }
    out.push(line(
        &format!(
            "def {}({}):",
            rng.pick(&names),
            rng.pick(&["", "x", "self, value"])
        ),
        indent,
        false,
    ));
    match body {
        Some(body) => out.extend(body.iter().cloned()),
        None => {
            for _ in 0..1 + rng.below(6) {
                out.push(line(rng.pick(STATEMENTS), indent + 4, rng.chance(3)));
            }
        }
    }
    out
}

/// A block to insert: a function, a class, blank lines, odd lines, or statements.
fn block(rng: &mut Rng, file: &File) -> Vec<Vec<u8>> {
    match rng.below(10) {
        0..=2 => {
            let mut b = vec![b"\n".to_vec(); rng.below(3)];
            let indent = 4 * rng.below(2);
            b.extend(function(rng, indent, None));
            b
        }
        3 => {
            // A function whose body repeats one already in the file.
            let starts: Vec<usize> = (0..file.lines.len())
                .filter(|&i| file.lines[i].trim_ascii_start().starts_with(b"def "))
                .collect();
            if starts.is_empty() {
                return function(rng, 0, None);
            }
            let start = rng.pick(&starts);
            let end = (start + 1..file.lines.len())
                .find(|&i| !file.lines[i].starts_with(b"    ") && file.lines[i] != b"\n")
                .unwrap_or(file.lines.len());
            let body = file.lines[start + 1..end].to_vec();
            let mut b = vec![b"\n".to_vec(); rng.below(3)];
            b.extend(function(rng, 0, Some(&body)));
            b
        }
        4 => {
            let mut b = vec![line("class Thing(Base):", 0, false)];
            for _ in 0..1 + rng.below(3) {
                b.push(b"\n".to_vec());
                b.extend(function(rng, 4, None));
            }
            b
        }
        5 => vec![b"\n".to_vec(); 1 + rng.below(25)],
        6 => (0..1 + rng.below(3))
            .map(|_| line(rng.pick(ODD), 0, rng.chance(10)))
            .collect(),
        _ => (0..1 + rng.below(5))
            .map(|_| line(rng.pick(STATEMENTS), 4 * rng.below(3), rng.chance(5)))
            .collect(),
    }
}

/// One random edit of a file.
fn edit(rng: &mut Rng, file: &mut File) {
    let n = file.lines.len();
    let at = rng.below(n + 1);
    let span = (1 + rng.below(8)).min(n - at.min(n));
    match rng.below(14) {
        0..=3 => {
            let b = block(rng, file);
            file.lines.splice(at..at, b);
        }
        4 => {
            // Append at the end (a new function below the last one).
            let b = block(rng, file);
            file.lines.extend(b);
        }
        5 | 6 => {
            file.lines.drain(at..at + span);
        }
        7 | 8 => {
            let b = block(rng, file);
            file.lines.splice(at..at + span, b);
        }
        9 => {
            // Re-indent a range by four spaces, in or out.
            let indent = rng.chance(50);
            for l in &mut file.lines[at..at + span] {
                if indent {
                    l.splice(0..0, *b"    ");
                } else if l.starts_with(b"    ") {
                    l.drain(..4);
                }
            }
        }
        10 => {
            // Move a block elsewhere.
            let moved: Vec<_> = file.lines.drain(at..at + span).collect();
            let to = rng.below(file.lines.len() + 1);
            file.lines.splice(to..to, moved);
        }
        11 => {
            // Line endings: CRLF on or off for a range.
            for l in &mut file.lines[at..at + span] {
                if l.ends_with(b"\r\n") {
                    l.remove(l.len() - 2);
                } else if l.ends_with(b"\n") {
                    l.insert(l.len() - 1, b'\r');
                }
            }
        }
        12 => {
            // The final newline, on or off.
            if let Some(last) = file.lines.last_mut() {
                if last.ends_with(b"\r\n") {
                    last.truncate(last.len() - 2);
                } else if last.ends_with(b"\n") {
                    last.pop();
                } else {
                    last.push(b'\n');
                }
                if last.is_empty() {
                    file.lines.pop();
                }
            }
        }
        _ => {
            // Copy a block (the original stays).
            let copied = file.lines[at..at + span].to_vec();
            let to = rng.below(file.lines.len() + 1);
            file.lines.splice(to..to, copied);
        }
    }
    // Only the last line may lack its newline.
    let last = file.lines.len().saturating_sub(1);
    for l in &mut file.lines[..last] {
        if !l.ends_with(b"\n") {
            l.push(b'\n');
        }
    }
}

/// A large rewrite: most lines replaced by lines of a small vocabulary, so that git's cost
/// heuristics (not the minimal diff) decide.
fn rewrite(rng: &mut Rng, file: &mut File, size: usize) {
    let target = size.max(file.lines.len());
    let mut lines = Vec::with_capacity(target);
    for i in 0..target {
        if i < file.lines.len() && rng.chance(30) {
            lines.push(file.lines[i].clone());
        } else {
            lines.push(line(rng.pick(STATEMENTS), 4 * rng.below(3), false));
        }
    }
    file.lines = lines;
}

/// What one commit did to one file.
struct Change {
    commit: usize,
    old_path: Option<String>,
    new_path: Option<String>,
    old: Vec<u8>,
    new: Vec<u8>,
}

/// Generates the history as a `git fast-import` stream, and what each commit changed.
fn history(commits: usize, seed: u64, scale: usize) -> (Vec<u8>, Vec<Change>) {
    let mut rng = Rng(seed);
    let mut files: BTreeMap<String, File> = BTreeMap::new();
    let mut stream = Vec::new();
    let mut changes = Vec::new();
    let mut next_name = 0;
    for c in 0..commits {
        // The old bytes of every path this commit touches (`None`: it did not exist).
        let mut touched: BTreeMap<String, Option<Vec<u8>>> = BTreeMap::new();
        let mut touch = |path: &str, files: &BTreeMap<String, File>| {
            touched
                .entry(path.to_owned())
                .or_insert_with(|| files.get(path).map(File::bytes));
        };
        if files.is_empty() || rng.chance(4) {
            let mut f = File::default();
            for _ in 0..1 + rng.below(12 * scale) {
                let b = block(&mut rng, &f);
                f.lines.extend(b);
            }
            let path = format!("pkg/m{next_name}.py");
            next_name += 1;
            touch(&path, &files);
            files.insert(path, f);
        }
        if files.len() > 2 && rng.chance(2) {
            let victim = files
                .keys()
                .nth(rng.below(files.len()))
                .cloned()
                .expect("a file");
            touch(&victim, &files);
            files.remove(&victim);
        }
        if files.len() > 1 && rng.chance(2) {
            let from = files
                .keys()
                .nth(rng.below(files.len()))
                .cloned()
                .expect("a file");
            let to = format!("pkg/r{next_name}.py");
            next_name += 1;
            touch(&from, &files);
            touch(&to, &files);
            let mut f = files.remove(&from).expect("present");
            edit(&mut rng, &mut f);
            files.insert(to, f);
        }
        if files.len() > 1 && rng.chance(15) {
            // Move a block to another file, as it is or indented by four spaces.
            let from = files
                .keys()
                .nth(rng.below(files.len()))
                .cloned()
                .expect("a file");
            let to = files
                .keys()
                .nth(rng.below(files.len()))
                .cloned()
                .expect("a file");
            touch(&from, &files);
            touch(&to, &files);
            let source = files.get_mut(&from).expect("present");
            let at = rng.below(source.lines.len() + 1);
            let span = (2 + rng.below(10)).min(source.lines.len() - at);
            let mut moved: Vec<Vec<u8>> = source.lines.drain(at..at + span).collect();
            if rng.chance(40) {
                for l in &mut moved {
                    l.splice(0..0, *b"    ");
                }
            }
            if let Some(last) = moved.last_mut() {
                if !last.ends_with(b"\n") {
                    last.push(b'\n');
                }
            }
            let target = files.get_mut(&to).expect("present");
            let at = rng.below(target.lines.len() + 1);
            target.lines.splice(at..at, moved);
            for f in [&from, &to] {
                let f = files.get_mut(f).expect("present");
                let last = f.lines.len().saturating_sub(1);
                for l in &mut f.lines[..last] {
                    if !l.ends_with(b"\n") {
                        l.push(b'\n');
                    }
                }
            }
        }
        for _ in 0..1 + rng.below(3) {
            let path = files
                .keys()
                .nth(rng.below(files.len()))
                .cloned()
                .expect("a file");
            touch(&path, &files);
            let f = files.get_mut(&path).expect("present");
            if rng.chance(1) {
                let size = 400 * scale + rng.below(1600 * scale);
                rewrite(&mut rng, f, size);
            } else {
                for _ in 0..1 + rng.below(4) {
                    edit(&mut rng, f);
                }
            }
        }

        writeln!(stream, "commit refs/heads/main").unwrap();
        writeln!(
            stream,
            "committer T <t@example.com> {} +0000",
            1_700_000_000 + c
        )
        .unwrap();
        let message = format!("c{c}");
        writeln!(stream, "data {}\n{message}", message.len()).unwrap();
        let mut gone = Vec::new();
        let mut came = Vec::new();
        for (path, old) in touched {
            let new = files.get(&path).map(File::bytes);
            if old == new {
                continue;
            }
            match &new {
                Some(bytes) => {
                    writeln!(stream, "M 100644 inline {path}\ndata {}", bytes.len()).unwrap();
                    stream.extend_from_slice(bytes);
                    stream.push(b'\n');
                }
                None => writeln!(stream, "D {path}").unwrap(),
            }
            if old.is_none() {
                came.push((path.clone(), new.clone().unwrap_or_default()));
            }
            if new.is_none() {
                gone.push((path.clone(), old.clone().unwrap_or_default()));
            }
            changes.push(Change {
                commit: c,
                old_path: old.as_ref().map(|_| path.clone()),
                new_path: new.as_ref().map(|_| path.clone()),
                old: old.unwrap_or_default(),
                new: new.unwrap_or_default(),
            });
        }
        // git may pair any path that went away with any that appeared (a rename).
        for (from, old) in &gone {
            for (to, new) in &came {
                changes.push(Change {
                    commit: c,
                    old_path: Some(from.clone()),
                    new_path: Some(to.clone()),
                    old: old.clone(),
                    new: new.clone(),
                });
            }
        }
    }
    writeln!(stream, "done").unwrap();
    (stream, changes)
}

/// git with no configuration but what is given here.
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .args([
            "-c",
            "diff.algorithm=myers",
            "-c",
            "diff.indentHeuristic=true",
            "-c",
            "core.quotepath=false",
        ]);
    cmd
}

/// A hunk as git's header states it: `(old start, old count, new start, new count)`, where an
/// empty side's start is the line before it.
type GitHunk = (u32, u32, u32, u32);

fn as_git(diff: &FileDiff) -> Vec<GitHunk> {
    let side = |(start, len): (u32, u32)| {
        if len == 0 {
            (start - 1, 0)
        } else {
            (start, len)
        }
    };
    diff.hunks
        .iter()
        .map(|h| {
            let (a, b) = side(h.old);
            let (c, d) = side(h.new);
            (a, b, c, d)
        })
        .collect()
}

/// `-a,b +c,d` of a hunk header.
fn parse_header(line: &str) -> GitHunk {
    let side = |p: &str| -> (u32, u32) {
        match p[1..].split_once(',') {
            Some((a, b)) => (a.parse().expect("start"), b.parse().expect("count")),
            None => (p[1..].parse().expect("start"), 1),
        }
    };
    let mut parts = line.split(' ').skip(1);
    let (a, b) = side(parts.next().expect("old side"));
    let (c, d) = side(parts.next().expect("new side"));
    (a, b, c, d)
}

/// Per commit, per (old path, new path): git's hunks, from one `git log -p -U0 -M` run.
fn git_hunks(dir: &Path) -> BTreeMap<(usize, Option<String>, Option<String>), Vec<GitHunk>> {
    let out = git(dir)
        .args([
            "log",
            "--reverse",
            "-p",
            "-U0",
            "-M",
            "--no-color",
            "--format=%x01%s",
            "main",
        ])
        .output()
        .expect("git log runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut map = BTreeMap::new();
    let mut commit = usize::MAX;
    let mut key: Option<(usize, Option<String>, Option<String>)> = None;
    let (mut old, mut new): (Option<String>, Option<String>) = (None, None);
    let mut hunks = Vec::new();
    let mut flush = |key: &mut Option<_>, hunks: &mut Vec<GitHunk>| {
        if let Some(k) = key.take() {
            map.insert(k, std::mem::take(hunks));
        }
    };
    for raw in out.stdout.split(|&b| b == b'\n') {
        if let Some(subject) = raw.strip_prefix(b"\x01c") {
            flush(&mut key, &mut hunks);
            commit = std::str::from_utf8(subject).unwrap().parse().unwrap();
        } else if let Some(header) = raw.strip_prefix(b"diff --git a/") {
            flush(&mut key, &mut hunks);
            let header = String::from_utf8_lossy(header);
            let (a, b) = header.split_once(" b/").expect("two paths");
            old = Some(a.to_owned());
            new = Some(b.to_owned());
            key = Some((commit, old.clone(), new.clone()));
        } else if raw.starts_with(b"new file mode") {
            old = None;
            key = Some((commit, None, new.clone()));
        } else if raw.starts_with(b"deleted file mode") {
            new = None;
            key = Some((commit, old.clone(), None));
        } else if raw.starts_with(b"@@ ") {
            hunks.push(parse_header(&String::from_utf8_lossy(raw)));
        }
    }
    flush(&mut key, &mut hunks);
    map
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn hunks_are_gits_on_a_generated_history() {
    let commits = env_usize("HUNKGUARD_GIT_COMMITS", 2_000);
    let seed = env_usize("HUNKGUARD_GIT_SEED", 20_260_101) as u64;
    let scale = env_usize("HUNKGUARD_GIT_SIZE", 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let init = git(dir.path())
        .args(["init", "-q", "--bare", "-b", "main"])
        .status();
    assert!(init.expect("git init runs").success());

    let started = std::time::Instant::now();
    let (stream, changes) = history(commits, seed, scale);
    eprintln!("generated in {:?}", started.elapsed());
    let mut import = git(dir.path())
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    let written = import.stdin.take().expect("stdin").write_all(&stream);
    let out = import.wait_with_output().expect("fast-import ends");
    assert!(
        written.is_ok() && out.status.success(),
        "git fast-import: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    eprintln!("imported in {:?}", started.elapsed());
    let theirs = git_hunks(dir.path());
    eprintln!("git log in {:?}", started.elapsed());
    let mut by_key: BTreeMap<_, &Change> = BTreeMap::new();
    for c in &changes {
        by_key.insert((c.commit, c.old_path.clone(), c.new_path.clone()), c);
    }
    let (mut files, mut lines, mut failures) = (0, 0u64, Vec::new());
    let mut diffs = BTreeMap::new();
    for (key, git) in &theirs {
        let Some(change) = by_key.get(key) else {
            failures.push(format!(
                "commit c{} {:?} -> {:?}: git reports a change the generator did not make",
                key.0, key.1, key.2
            ));
            continue;
        };
        files += 1;
        lines += git.iter().map(|h| (h.1 + h.3) as u64).sum::<u64>();
        let diff = file_diff(&change.old, &change.new);
        let ours = as_git(&diff);
        diffs.insert(key.clone(), diff);
        if &ours != git {
            if let Ok(dump) = std::env::var("HUNKGUARD_GIT_DUMP") {
                let n = failures.len();
                std::fs::write(format!("{dump}/{n}.old"), &change.old).expect("dump");
                std::fs::write(format!("{dump}/{n}.new"), &change.new).expect("dump");
            }
            failures.push(format!(
                "commit c{} {:?} -> {:?}:\n  git:        {git:?}\n  hunkguard:  {ours:?}\n  old: {:?}\n  new: {:?}",
                key.0,
                key.1,
                key.2,
                String::from_utf8_lossy(&change.old),
                String::from_utf8_lossy(&change.new),
            ));
        }
    }
    eprintln!("compared in {:?}", started.elapsed());
    let (moved_lines, moved_failures) = compare_moves(dir.path(), &by_key, &diffs);
    eprintln!("moves compared in {:?}", started.elapsed());
    failures.extend(moved_failures);
    eprintln!(
        "{commits} commits, {files} file diffs, {lines} changed lines and {moved_lines} moved \
         lines compared with git ({} differ)",
        failures.len()
    );
    assert!(files >= commits, "too few file diffs compared: {files}");
    if !failures.is_empty() {
        let shown: Vec<_> = failures
            .iter()
            .take(3)
            .map(|f| {
                let mut f = f.clone();
                f.truncate(4000);
                f
            })
            .collect();
        panic!(
            "{} of {files} file diffs differ from git's; the first:\n{}",
            failures.len(),
            shown.join("\n")
        );
    }
}

/// A file of a commit: (commit, old path, new path).
type Key = (usize, Option<String>, Option<String>);

/// What git paints as moved: per commit, its files in git's order as (old path, new path),
/// and the new-side lines painted as moved, as (index of the file, line).
type GitMoves = BTreeMap<
    usize,
    (
        Vec<(Option<String>, Option<String>)>,
        BTreeSet<(usize, u32)>,
    ),
>;

/// `git log --color-moved=default --color-moved-ws=allow-indentation-change` over the
/// history, added lines painted blue when moved, green when not.
fn git_moves(dir: &Path) -> GitMoves {
    let out = git(dir)
        .args([
            "-c",
            "color.diff.newMoved=blue",
            "-c",
            "color.diff.newMovedAlternative=blue",
            "-c",
            "color.diff.new=green",
            "log",
            "--reverse",
            "-p",
            "-U0",
            "-M",
            "--format=%x01%s",
            "--color=always",
            "--color-moved=default",
            "--color-moved-ws=allow-indentation-change",
            "--ws-error-highlight=none",
            "main",
        ])
        .output()
        .expect("git log runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let strip = |raw: &[u8]| -> Vec<u8> {
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == 0x1b {
                while i < raw.len() && raw[i] != b'm' {
                    i += 1;
                }
            } else {
                out.push(raw[i]);
            }
            i += 1;
        }
        out
    };
    let mut moves: GitMoves = BTreeMap::new();
    let (mut commit, mut in_header, mut line) = (0, false, 0u32);
    for raw in out.stdout.split(|&b| b == b'\n') {
        let text = strip(raw);
        if let Some(subject) = text.strip_prefix(b"\x01c") {
            commit = std::str::from_utf8(subject).unwrap().parse().unwrap();
            moves.entry(commit).or_default();
        } else if let Some(header) = text.strip_prefix(b"diff --git a/") {
            let header = String::from_utf8_lossy(header);
            let (a, b) = header.split_once(" b/").expect("two paths");
            let files = &mut moves.get_mut(&commit).expect("a commit").0;
            files.push((Some(a.to_owned()), Some(b.to_owned())));
            in_header = true;
        } else if in_header && text.starts_with(b"new file mode") {
            moves.get_mut(&commit).unwrap().0.last_mut().unwrap().0 = None;
        } else if in_header && text.starts_with(b"deleted file mode") {
            moves.get_mut(&commit).unwrap().0.last_mut().unwrap().1 = None;
        } else if text.starts_with(b"@@ ") {
            in_header = false;
            let h = parse_header(&String::from_utf8_lossy(&text));
            line = h.2;
        } else if !in_header && text.starts_with(b"+") {
            let (files, moved) = moves.get_mut(&commit).unwrap();
            if raw.starts_with(b"\x1b[34m+") {
                moved.insert((files.len() - 1, line));
            }
            line += 1;
        }
    }
    moves
}

/// hunkguard's moved blocks against git's painting, commit by commit: the new-side lines in
/// moved blocks must be exactly the lines git paints as moved.
fn compare_moves(
    dir: &Path,
    changes: &BTreeMap<Key, &Change>,
    diffs: &BTreeMap<Key, FileDiff>,
) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut total = 0;
    let started = std::time::Instant::now();
    let moves = git_moves(dir);
    eprintln!("git log --color-moved in {:?}", started.elapsed());
    for (commit, (files, theirs)) in moves {
        let found: Vec<&Change> = files
            .iter()
            .map(|(a, b)| changes[&(commit, a.clone(), b.clone())])
            .collect();
        let keys = files.iter().map(|(a, b)| (commit, a.clone(), b.clone()));
        let input: Vec<FileChange> = found
            .iter()
            .zip(keys.map(|k| &diffs[&k]))
            .map(|(c, diff)| FileChange {
                old: c
                    .old_path
                    .as_deref()
                    .map(|path| Side { path, text: &c.old }),
                new: c
                    .new_path
                    .as_deref()
                    .map(|path| Side { path, text: &c.new }),
                diff,
            })
            .collect();
        let mut ours = BTreeSet::new();
        for block in moved_blocks(&input) {
            for line in block.new_lines.0..=block.new_lines.1 {
                ours.insert((block.new_file, line));
            }
        }
        total += theirs.len();
        if ours != theirs {
            failures.push(format!(
                "commit c{commit} moved lines, files {files:?}:\n  git only:       {:?}\n  hunkguard only: {:?}",
                theirs.difference(&ours).collect::<Vec<_>>(),
                ours.difference(&theirs).collect::<Vec<_>>(),
            ));
        }
    }
    (total, failures)
}

/// git's hunks for two small texts, by `git diff --no-index`.
fn git_no_index(old: &[u8], new: &[u8]) -> Vec<GitHunk> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("old"), old).unwrap();
    std::fs::write(dir.path().join("new"), new).unwrap();
    let out = git(dir.path())
        .args(["diff", "--no-index", "--no-color", "-U0", "old", "new"])
        .output()
        .expect("git diff runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("@@ "))
        .map(parse_header)
        .collect()
}

/// Lines from a small set, so that they repeat and the alignment is ambiguous.
fn small_text() -> impl Strategy<Value = Vec<u8>> {
    let line = prop::sample::select(vec![
        &b"a\n"[..],
        b"b\n",
        b"\n",
        b"    x\n",
        b"def f():\n",
        b"    return 1\n",
        b"c\r\n",
        b"\tt\n",
    ]);
    (prop::collection::vec(line, 0..24), any::<bool>()).prop_map(|(lines, end)| {
        let mut t = lines.concat();
        if !end && t.last() == Some(&b'\n') {
            t.pop();
            if t.last() == Some(&b'\r') {
                t.pop();
            }
        }
        t
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Random small texts of repeated lines: the same hunks as `git diff`.
    #[test]
    fn small_random_texts_match_git(old in small_text(), new in small_text()) {
        let ours = as_git(&file_diff(&old, &new));
        prop_assert_eq!(ours, git_no_index(&old, &new));
    }
}

#[test]
fn appending_a_function_that_repeats_the_one_above() {
    // The slider case from real commits: git marks the new function, not the old one's tail.
    let old = b"def a():\n    x = 1\n    return x\n";
    let new = b"def a():\n    x = 1\n    return x\n\ndef b():\n    x = 1\n    return x\n";
    let diff = file_diff(old, new);
    assert_eq!(diff.added_lines(), vec![(4, 7)]);
    assert_eq!(as_git(&diff), git_no_index(old, new));
}

#[test]
fn a_20000_line_rewrite_is_gits_and_takes_seconds() {
    // Lines from a small set, shuffled: a huge edit distance, so git's cost limits (not the
    // minimal diff) decide the hunks.
    let mut rng = Rng(5);
    let old: Vec<String> = (0..20_000)
        .map(|i| format!("r{} = {}\n", i % 50, i % 7))
        .collect();
    let mut new = old.clone();
    for i in 0..new.len() {
        let j = rng.below(new.len());
        new.swap(i, j);
    }
    let (old, new) = (old.concat().into_bytes(), new.concat().into_bytes());
    let started = std::time::Instant::now();
    let diff = file_diff(&old, &new);
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(as_git(&diff), git_no_index(&old, &new));
}
