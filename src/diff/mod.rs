//! The lines stage: which lines of the new version of a file were added or modified.

use imara_diff::intern::InternedInput;
use imara_diff::sources::byte_lines_with_terminator;
use imara_diff::{diff, Algorithm};

pub use crate::model::lines::{count_lines, push_range, touches};
pub use crate::model::LineRange;

/// The 1-based inclusive line ranges of `new` that are not in `old` (added or modified lines),
/// by a Myers line diff as `git diff` computes by default, with git's heuristics: past a
/// cost of about the square root of the file's length the search settles for a good split
/// instead of the minimal one, so a generated file rewritten from end to end costs
/// O(N^1.5), not O(N^2) (a minimal Myers diff took 90 s on 20,000 disjoint lines). Line
/// terminators are part of a line, as in git: a CRLF to LF conversion changes every line.
/// A pure deletion changes no new line.
pub fn changed_lines(old: &[u8], new: &[u8]) -> Vec<LineRange> {
    let (old, new) = (python_newlines(old), python_newlines(new));
    let (before, old, new) = trim_common_lines(&old, &new);
    let mut ranges = myers_changed_lines(old, new);
    for range in &mut ranges {
        range.0 += before;
        range.1 += before;
    }
    ranges
}

/// The Myers diff proper, on whole texts.
fn myers_changed_lines(old: &[u8], new: &[u8]) -> Vec<LineRange> {
    let input = InternedInput::new(
        byte_lines_with_terminator(old),
        byte_lines_with_terminator(new),
    );
    let mut ranges: Vec<LineRange> = Vec::new();
    diff(
        Algorithm::Myers,
        &input,
        |_: std::ops::Range<u32>, after: std::ops::Range<u32>| {
            if !after.is_empty() {
                push_range(&mut ranges, (after.start + 1, after.end));
            }
        },
    );
    ranges
}

/// Drops the lines both texts begin with, then the lines both end with, and returns how many
/// lines were dropped in front and what is left of each text. imara-diff strips the same
/// lines first thing, in the same order, so the diff of what is left is the diff of the
/// whole; but it would hash every line of both texts before it, which for a large file with
/// a small change was most of the cost.
fn trim_common_lines<'a>(old: &'a [u8], new: &'a [u8]) -> (u32, &'a [u8], &'a [u8]) {
    let same = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    // Whole lines (terminator included) inside the common bytes; an unterminated last line
    // is common only when both texts end there.
    let prefix = if same == old.len() && same == new.len() {
        same
    } else {
        old[..same]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    };
    let lines_before = old[..prefix].iter().filter(|&&b| b == b'\n').count() as u32;
    let (old, new) = (&old[prefix..], &new[prefix..]);
    let same_end = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let starts_line = |text: &[u8], at: usize| at == 0 || text[at - 1] == b'\n';
    // The common suffix begins at the first offset that starts a line in both texts.
    let mut cut = old.len() - same_end;
    while cut < old.len()
        && !(starts_line(old, cut) && starts_line(new, new.len() - (old.len() - cut)))
    {
        cut += 1;
    }
    let kept_new = new.len() - (old.len() - cut);
    (lines_before, &old[..cut], &new[..kept_new])
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

    proptest::proptest! {
        /// Trimming common lines first gives the diff of the whole texts, on lines drawn from
        /// a small set (so that they repeat and the alignment is ambiguous), with and without
        /// a last newline.
        #[test]
        fn trimming_keeps_the_diff(
            old in proptest::collection::vec(0..4usize, 0..30),
            new in proptest::collection::vec(0..4usize, 0..30),
            old_end in proptest::bool::ANY,
            new_end in proptest::bool::ANY,
        ) {
            let text = |lines: &[usize], end: bool| {
                let mut t: Vec<u8> = lines
                    .iter()
                    .flat_map(|&i| ["a\n", "b\n", "c\r\n", "\n"][i].bytes())
                    .collect();
                if !end && t.last() == Some(&b'\n') {
                    t.pop();
                }
                t
            };
            let (old, new) = (text(&old, old_end), text(&new, new_end));
            proptest::prop_assert_eq!(changed_lines(&old, &new), myers_changed_lines(&old, &new));
        }
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
