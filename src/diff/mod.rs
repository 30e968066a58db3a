//! The lines stage: which lines of a file a change touched, on both sides, exactly as
//! `git diff` marks them; and which blocks of a change were moved rather than written.
//!
//! The line diff is git's own algorithm, reimplemented in `xdiff.rs` (Myers with git's cost
//! heuristics and line discarding, then git's hunk compaction with the indent heuristic), so
//! that the lines called changed are the ones `git diff -U0` marks, whatever the scanned
//! repository's `diff.algorithm` says (`git diff` with context lines can, rarely, place a hunk
//! differently: see `trim_common_tail`). Line terminators are part of a line, as in
//! git: a CRLF to LF conversion changes every line. Lines end where Python ends them (see
//! `python_newlines`), so line numbers agree with the parser's.

mod moved;
mod xdiff;

pub use moved::{moved_blocks, FileChange, MovedBlock, Side};

pub use crate::model::lines::{count_lines, push_range, touches};
pub use crate::model::LineRange;

/// One hunk of a diff: the lines `old` of the old version were replaced by the lines `new` of
/// the new version. Each side is `(start, len)`: `start` is the 1-based number of the side's
/// first line; for an empty side (a pure insertion or deletion), it is the number of the line
/// that follows the gap (one past the last line at the end of a file), so `start + len` is
/// always the first line after the hunk. (git's `@@ -a,0` header names the line before the gap
/// instead: `a = start - 1`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hunk {
    /// The old side: `(start, len)`.
    pub old: (u32, u32),
    /// The new side: `(start, len)`.
    pub new: (u32, u32),
}

impl Hunk {
    /// The old lines this hunk deletes or replaces, if any.
    pub fn old_lines(&self) -> Option<LineRange> {
        side_range(self.old)
    }

    /// The new lines this hunk adds or writes in place of old ones, if any.
    pub fn new_lines(&self) -> Option<LineRange> {
        side_range(self.new)
    }

    /// True when the hunk replaces old lines by new ones (both sides have lines).
    pub fn is_modification(&self) -> bool {
        self.old.1 > 0 && self.new.1 > 0
    }
}

fn side_range((start, len): (u32, u32)) -> Option<LineRange> {
    (len > 0).then(|| (start, start + len - 1))
}

/// The diff of one file: its hunks in order, as `git diff -U0` prints them. Consecutive hunks
/// are separated by at least one unchanged line on each side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileDiff {
    /// The hunks, in file order.
    pub hunks: Vec<Hunk>,
}

impl FileDiff {
    /// git's diff of two versions of a file (see [`file_diff`]).
    pub fn new(old: &[u8], new: &[u8]) -> FileDiff {
        file_diff(old, new)
    }

    /// The diff of a file that the change adds: every line of `new` is added.
    pub fn added(new: &[u8]) -> FileDiff {
        file_diff(b"", new)
    }

    /// The diff of a file that the change deletes: every line of `old` is deleted.
    pub fn deleted(old: &[u8]) -> FileDiff {
        file_diff(old, b"")
    }

    /// The new side's added or modified lines, as sorted inclusive ranges.
    pub fn added_lines(&self) -> Vec<LineRange> {
        self.hunks.iter().filter_map(Hunk::new_lines).collect()
    }

    /// The old side's deleted or replaced lines, as sorted inclusive ranges.
    pub fn deleted_lines(&self) -> Vec<LineRange> {
        self.hunks.iter().filter_map(Hunk::old_lines).collect()
    }

    /// True when the two versions have the same lines.
    pub fn is_empty(&self) -> bool {
        self.hunks.is_empty()
    }
}

/// git's diff of two versions of a file: Myers with git's heuristics and its indent
/// heuristic, as `git diff` computes by default (`diff.algorithm` unset or `myers`,
/// `diff.indentHeuristic` on), so the hunks are the ones `git diff -U0` prints. Past a cost
/// of about the square root of the file's length the search settles for a good split instead
/// of the minimal one, so a generated file rewritten from end to end costs O(N^1.5), not
/// O(N^2). Lines end where Python ends them: at `\n`, `\r\n` or a lone `\r` (git only ends them
/// at `\n`, so for a file with lone CRs the line numbers are Python's, not git's).
pub fn file_diff(old: &[u8], new: &[u8]) -> FileDiff {
    if old == new {
        return FileDiff::default();
    }
    let (old, new) = (python_newlines(old), python_newlines(new));
    let (old, new) = trim_common_tail(&old, &new);
    let (old, new) = (xdiff::Lines::new(old), xdiff::Lines::new(new));
    let to_side = |(start, end): (usize, usize)| (start as u32 + 1, (end - start) as u32);
    FileDiff {
        hunks: xdiff::diff(&old, &new)
            .into_iter()
            .map(|h| Hunk {
                old: to_side(h.old),
                new: to_side(h.new),
            })
            .collect(),
    }
}

/// git's `trim_common_tail` (in its `xdiff-interface.c`), which `git diff -U0` applies before
/// the diff proper (with any context it does not): the bytes both texts end with are dropped
/// in blocks of 1024, keeping the rest of the line the last block cut into. Those lines are
/// unchanged either way, but the diff of what is left is not always the diff of the whole: the
/// dropped lines no longer count as matches of the lines above, and a group of changed lines
/// can no longer slide into them. So `git diff -U0` and `git diff -U3` can place a hunk
/// differently, and hunkguard follows `-U0`, which is also the faster.
fn trim_common_tail<'t>(old: &'t [u8], new: &'t [u8]) -> (&'t [u8], &'t [u8]) {
    const BLOCK: usize = 1024;
    let smaller = old.len().min(new.len());
    let mut trimmed = 0;
    while trimmed + BLOCK <= smaller
        && old[old.len() - trimmed - BLOCK..old.len() - trimmed]
            == new[new.len() - trimmed - BLOCK..new.len() - trimmed]
    {
        trimmed += BLOCK;
    }
    // Keep the end of the line the cut falls in.
    let tail = &old[old.len() - trimmed..];
    let recovered = memchr::memchr(b'\n', tail).map_or(trimmed, |i| i + 1);
    let cut = trimmed - recovered;
    (&old[..old.len() - cut], &new[..new.len() - cut])
}

/// The 1-based inclusive line ranges of `new` that are not in `old` (added or modified lines),
/// as `git diff -U0` marks them (see [`file_diff`]). A pure deletion changes no new line.
pub fn changed_lines(old: &[u8], new: &[u8]) -> Vec<LineRange> {
    file_diff(old, new).added_lines()
}

/// Every line of a new file: `1..=count`, or nothing for an empty file.
pub fn all_lines(new: &[u8]) -> Vec<LineRange> {
    let count = line_count(new);
    if count == 0 {
        Vec::new()
    } else {
        vec![(1, count)]
    }
}

/// Lines as git counts them: a last line without a newline still counts.
pub fn line_count(text: &[u8]) -> u32 {
    let text = &*python_newlines(text);
    let newlines = text.iter().filter(|&&b| b == b'\n').count() as u32;
    if text.last().is_some_and(|&b| b != b'\n') {
        newlines + 1
    } else {
        newlines
    }
}

/// Python (and the parser's line index) ends a line at `\n`, `\r\n` or a lone `\r`; git only
/// at `\n`. Line numbers must agree with the parser's, so a lone `\r` becomes `\n` here.
fn python_newlines(text: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let lone_cr = |i: usize| text[i] == b'\r' && text.get(i + 1) != Some(&b'\n');
    if !text.contains(&b'\r') || !(0..text.len()).any(lone_cr) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_vec();
    for (i, b) in out.iter_mut().enumerate() {
        if lone_cr(i) {
            *b = b'\n';
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_modify_delete() {
        let old = b"a\nb\nc\nd\n";
        assert_eq!(changed_lines(old, b"a\nX\nb\nc\nd\n"), vec![(2, 2)]);
        assert_eq!(changed_lines(old, b"a\nB\nc\nd\n"), vec![(2, 2)]);
        assert_eq!(changed_lines(old, b"a\nc\nd\n"), Vec::<LineRange>::new());
        assert_eq!(changed_lines(b"", b"x\ny"), vec![(1, 2)]);
        assert_eq!(changed_lines(old, b"a\nb\nc\nd"), vec![(4, 4)]);
        // A lone CR ends a line, as in Python.
        assert_eq!(changed_lines(b"a\rb\rc\r", b"a\rB\rc\r"), vec![(2, 2)]);
        assert_eq!(line_count(b"a\rb\r\nc"), 3);
        // Line endings are part of the line, as in git.
        assert_eq!(changed_lines(b"a\nb\n", b"a\r\nb\n"), vec![(1, 1)]);
        assert_eq!(changed_lines(b"a\nb", b"a\nb\n"), vec![(2, 2)]);
    }

    #[test]
    fn touching() {
        let r = vec![(3, 5), (9, 9)];
        assert!(touches(&r, 5, 7));
        assert!(touches(&r, 1, 3));
        assert!(!touches(&r, 6, 8));
        assert!(touches(&r, 9, 20));
        assert!(!touches(&r, 10, 20));
        assert_eq!(count_lines(&r), 4);
        assert_eq!(all_lines(b"a\nb"), vec![(1, 2)]);
    }
}
