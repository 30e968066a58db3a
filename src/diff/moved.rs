//! Blocks of code a change moved, between files or within one, verbatim or re-indented: what
//! `git diff --color-moved=default --color-moved-ws=allow-indentation-change` paints as moved
//! on the new side, with where each block came from.
//!
//! git's rules (`mark_color_as_moved` in its `diff.c`), which this follows step for step:
//! - The diff is read as git prints it: file after file, hunk after hunk, each hunk's deleted
//!   lines then its added ones. A block is a run of added lines inside one hunk; it never
//!   spans an unchanged line.
//! - Two lines match when their text after the indentation is the same (line terminator
//!   included, a missing last newline counting as one); a line of whitespace only matches any
//!   other such line.
//! - A block starts at an added line that matches some deleted line, and goes on while the
//!   next added line matches the next deleted line of at least one of its candidate sources,
//!   with the same change of indentation as the block's first non-blank line (blank lines
//!   match whatever their indentation). A candidate source is a run of deleted lines of one
//!   hunk, in any file of the change.
//! - A block with fewer than 20 alphanumeric characters in all is not a move; its lines are
//!   looked at again, from its second line on, in case a block starts there.
//! - Code still present where it was (copied, not moved) has no deleted line to match, so it is
//!   never a move.

use super::{python_newlines, xdiff::Lines, FileDiff, LineRange};
use std::collections::HashMap;

/// One side of a changed file: its path and its text.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The path in that version.
    pub path: &'a str,
    /// The file's bytes in that version.
    pub text: &'a [u8],
}

/// One file of a change: its old version (`None` when the change adds the file), its new
/// version (`None` when the change deletes it) and their diff.
#[derive(Debug, Clone, Copy)]
pub struct FileChange<'a> {
    /// The version before the change.
    pub old: Option<Side<'a>>,
    /// The version after the change.
    pub new: Option<Side<'a>>,
    /// The diff between the two (all-added or all-deleted for an added or deleted file).
    pub diff: &'a FileDiff,
}

/// A block of added lines that is code the change moved: `new_lines` of file `new_file` (an
/// index into the files given) are, bar indentation, `old_lines` of file `old_file`'s old
/// version, which the change deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovedBlock<'a> {
    /// Index of the file the block is in now.
    pub new_file: usize,
    /// Its path in the new version.
    pub new_path: &'a str,
    /// The block's lines in the new version.
    pub new_lines: LineRange,
    /// Index of the file the block came from.
    pub old_file: usize,
    /// Its path in the old version.
    pub old_path: &'a str,
    /// The block's lines in the old version.
    pub old_lines: LineRange,
}

/// A block must have this many alphanumeric characters to count as moved.
const MIN_ALNUM: usize = 20;
/// A tab advances the indentation to the next multiple of this (git's default `tabwidth`).
const TAB_WIDTH: i32 = 8;
/// How many candidate sources the search may start or advance in all (see [`moved_blocks`]).
const MAX_STEPS: u64 = 20_000_000;

/// The moved blocks of one change, in the order of `files` and, within a file, of lines.
/// Give the files in the order git prints them (by path) to get git's choices where several
/// readings are possible; a deleted line can be the source of more than one block (git paints
/// each match it finds).
///
/// The search costs about the number of added lines times the number of deleted lines each
/// matches, and a block too short to count is read again from its second line: thousands of
/// blank lines both deleted and added (a file of blank lines converted from CRLF to LF) make
/// git's own search run for minutes. Past a budget of `MAX_STEPS` candidate steps (far more
/// than real changes take) the search stops and returns the blocks found until then.
pub fn moved_blocks<'a>(files: &[FileChange<'a>]) -> Vec<MovedBlock<'a>> {
    let texts: Vec<_> = files
        .iter()
        .map(|f| {
            (
                f.old.map(|s| python_newlines(s.text)),
                f.new.map(|s| python_newlines(s.text)),
            )
        })
        .collect();
    let lines: Vec<_> = texts
        .iter()
        .map(|(old, new)| {
            (
                old.as_deref().map(Lines::new),
                new.as_deref().map(Lines::new),
            )
        })
        .collect();

    let mut ids = Interner::default();
    // Every deleted line, in the order git prints them; each knows the next deleted line of
    // its hunk. `sources[id]` lists the deleted lines with that text, last printed first (git
    // prepends to its lists).
    let mut deleted: Vec<Entry> = Vec::new();
    // The added lines in the order git prints them, `None` between two hunks.
    let mut added: Vec<Option<Entry>> = Vec::new();
    for (file, (change, (old, new))) in files.iter().zip(&lines).enumerate() {
        for hunk in &change.diff.hunks {
            if let (Some((start, end)), Some(old)) = (hunk.old_lines(), old) {
                for line in start..=end {
                    let Some(text) = line_text(old, line) else {
                        break;
                    };
                    let entry = Entry::new(file, line, text, &mut ids);
                    if line > start {
                        let last = deleted.len() - 1;
                        deleted[last].next = Some(deleted.len());
                    }
                    deleted.push(entry);
                }
            }
            added.push(None);
            if let (Some((start, end)), Some(new)) = (hunk.new_lines(), new) {
                for line in start..=end {
                    let Some(text) = line_text(new, line) else {
                        break;
                    };
                    added.push(Some(Entry::new(file, line, text, &mut ids)));
                }
            }
        }
    }
    let mut sources: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (i, e) in deleted.iter().enumerate().rev() {
        sources[e.id as usize].push(i);
    }

    let mut found = Vec::new();
    let mut record = |block: &[Option<Entry>], source: &Candidate| {
        let (Some(first), Some(last)) = (block[0], block[block.len() - 1]) else {
            return;
        };
        let src = &deleted[source.at];
        let (new, old) = (&files[first.file], &files[src.file]);
        let (Some(new_side), Some(old_side)) = (new.new, old.old) else {
            return;
        };
        found.push(MovedBlock {
            new_file: first.file,
            new_path: new_side.path,
            new_lines: (first.line, last.line),
            old_file: src.file,
            old_path: old_side.path,
            old_lines: (src.line + 1 - block.len() as u32, src.line),
        });
    };

    // git's `mark_color_as_moved`, for the added lines.
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut block_length = 0usize;
    let mut n = 0usize;
    let mut steps = 0u64;
    while n < added.len() {
        steps += candidates.len() as u64;
        if steps > MAX_STEPS {
            return found;
        }
        let line = added[n];
        let mut matches = line.map_or(&[][..], |l| &sources[l.id as usize][..]);
        if !candidates.is_empty() && matches.is_empty() {
            let block = &added[n - block_length..n];
            if enough_text(block) {
                record(block, &candidates[0]);
            } else if block_length > 1 {
                // Look again from the block's second line.
                matches = &[];
                n -= block_length;
            }
            candidates.clear();
            block_length = 0;
        }
        let Some(line) = line.filter(|_| !matches.is_empty()) else {
            n += 1;
            continue;
        };

        let before = std::mem::take(&mut candidates);
        candidates = before
            .iter()
            .filter_map(|c| c.advance(&deleted, &line))
            .collect();

        if candidates.is_empty() {
            let block = &added[n - block_length..n];
            let contiguous = block_length > 0 && enough_text(block);
            if contiguous {
                record(block, &before[0]);
            }
            if !contiguous && block_length > 1 {
                n -= block_length;
            } else {
                steps += matches.len() as u64;
                candidates = matches
                    .iter()
                    .map(|&at| Candidate::start(&deleted[at], at, &line))
                    .collect();
            }
            block_length = 0;
        }
        if !candidates.is_empty() {
            block_length += 1;
        }
        n += 1;
    }
    if !candidates.is_empty() {
        let block = &added[n - block_length..n];
        if enough_text(block) {
            record(block, &candidates[0]);
        }
    }
    found
}

/// Line `line` (1-based) of a text, if it has one.
fn line_text<'t>(lines: &Lines<'t>, line: u32) -> Option<&'t [u8]> {
    let i = line as usize - 1;
    (i < lines.len()).then(|| lines.line(i))
}

/// Whether a block has enough alphanumeric characters to count as moved.
fn enough_text(block: &[Option<Entry>]) -> bool {
    let mut count = 0;
    for e in block.iter().flatten() {
        count += e.alnum;
        if count >= MIN_ALNUM {
            return true;
        }
    }
    false
}

/// Texts (after the indentation) to small numbers.
#[derive(Default)]
struct Interner {
    map: HashMap<Vec<u8>, u32>,
}

impl Interner {
    fn id(&mut self, text: &[u8]) -> u32 {
        let next = self.map.len() as u32;
        *self.map.entry(text.to_vec()).or_insert(next)
    }

    fn len(&self) -> usize {
        self.map.len()
    }
}

/// One added or deleted line, as the moved-block search sees it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    file: usize,
    line: u32,
    /// The text after the indentation (the same for every blank line).
    id: u32,
    /// The indentation's width, or `None` for a line of whitespace only.
    width: Option<i32>,
    /// How many ASCII letters and digits the line has.
    alnum: usize,
    /// For a deleted line: the next deleted line of its hunk (an index into the deleted ones).
    next: Option<usize>,
}

impl Entry {
    /// git's `fill_es_indent_data` and the text it hashes. git prints a last line without a
    /// newline with one (then its "\ No newline" marker), so that newline is not text here.
    fn new(file: usize, line: u32, text: &[u8], ids: &mut Interner) -> Entry {
        let text = text.strip_suffix(b"\n").unwrap_or(text);
        let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
        let mut off = 0;
        // `\f`, `\v` and CR are skipped at the start of the indentation.
        while off < text.len() && matches!(text[off], 0x0c | 0x0b | b'\r') {
            off += 1;
        }
        let mut width = 0;
        while off < text.len() {
            match text[off] {
                b' ' => width += 1,
                b'\t' => width += TAB_WIDTH - width % TAB_WIDTH,
                _ => break,
            }
            off += 1;
        }
        let blank = text[off..].iter().all(|&c| is_space(c));
        let rest = if blank { &[][..] } else { &text[off..] };
        Entry {
            file,
            line,
            id: ids.id(rest),
            width: (!blank).then_some(width),
            alnum: text.iter().filter(|c| c.is_ascii_alphanumeric()).count(),
            next: None,
        }
    }
}

/// A candidate source of the block being read: the deleted line matched last, and the
/// change of indentation from it to the added line (`None` while the block has only had blank
/// lines).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    at: usize,
    shift: Option<i32>,
}

impl Candidate {
    /// git's `compute_ws_delta`.
    fn start(deleted: &Entry, at: usize, added: &Entry) -> Candidate {
        let shift = match (added.width, deleted.width) {
            (Some(a), Some(d)) => Some(a - d),
            // The texts match, so both are blank or neither is.
            _ => None,
        };
        Candidate { at, shift }
    }

    /// git's `pmb_advance_or_null` with `cmp_in_block_with_wsd`: the candidate after `added`,
    /// if the next deleted line of its hunk matches `added`.
    fn advance(&self, deleted: &[Entry], added: &Entry) -> Option<Candidate> {
        let next = deleted[self.at].next?;
        let cur = &deleted[next];
        if cur.id != added.id {
            return None;
        }
        let Some(width) = cur.width else {
            return Some(Candidate { at: next, ..*self });
        };
        let delta = added.width.unwrap_or(i32::MIN) - width;
        let shift = self.shift.unwrap_or(delta);
        (delta == shift).then_some(Candidate {
            at: next,
            shift: Some(shift),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version of a file: its path and text.
    type Version<'a> = Option<(&'a str, &'a str)>;

    /// The moved blocks of the files' (old, new) versions, as (new path, new lines, old path,
    /// old lines).
    fn blocks(files: &[(Version, Version)]) -> Vec<(String, LineRange, String, LineRange)> {
        let diffs: Vec<FileDiff> = files
            .iter()
            .map(|(old, new)| {
                FileDiff::new(
                    old.map_or(&b""[..], |o| o.1.as_bytes()),
                    new.map_or(&b""[..], |n| n.1.as_bytes()),
                )
            })
            .collect();
        let changes: Vec<FileChange> = files
            .iter()
            .zip(&diffs)
            .map(|((old, new), diff)| FileChange {
                old: old.map(|(p, t)| Side {
                    path: p,
                    text: t.as_bytes(),
                }),
                new: new.map(|(p, t)| Side {
                    path: p,
                    text: t.as_bytes(),
                }),
                diff,
            })
            .collect();
        moved_blocks(&changes)
            .into_iter()
            .map(|b| {
                (
                    b.new_path.to_owned(),
                    b.new_lines,
                    b.old_path.to_owned(),
                    b.old_lines,
                )
            })
            .collect()
    }

    const FUNC: &str = "def check_token(token, secret):\n    digest = hmac.new(secret, token)\n    return compare_digest(digest, token)\n";
    /// Lines that stay, more of them than the block that moves, so that the diff keeps them.
    const STAY: &str = "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\n";

    // Each expectation below is what `git diff --color-moved=default
    // --color-moved-ws=allow-indentation-change` paints on the same input.

    #[test]
    fn a_function_moved_from_a_deleted_file_to_a_new_one() {
        let old = format!("import hmac\n\n\n{FUNC}");
        let new = format!("import hmac\nfrom hmac import compare_digest\n\n\n{FUNC}");
        // git prints auth/new.py first (paths in order); the blank lines above the function
        // moved with it.
        assert_eq!(
            blocks(&[
                (None, Some(("auth/new.py", &new))),
                (Some(("auth/old.py", &old)), None)
            ]),
            vec![("auth/new.py".into(), (3, 7), "auth/old.py".into(), (2, 6))]
        );
    }

    #[test]
    fn a_block_moved_within_a_file() {
        let old = format!("{FUNC}{STAY}");
        let new = format!("{STAY}{FUNC}");
        assert_eq!(
            blocks(&[(Some(("m.py", &old)), Some(("m.py", &new)))]),
            vec![("m.py".into(), (7, 9), "m.py".into(), (1, 3))]
        );
        // Where the diff keeps the function and moves the rest instead, the rest is too short
        // (12 alphanumerics) to be a move.
        let old = format!("{FUNC}\n\ndef other():\n    pass\n");
        let new = format!("def other():\n    pass\n\n\n{FUNC}");
        assert_eq!(
            blocks(&[(Some(("m.py", &old)), Some(("m.py", &new)))]),
            vec![]
        );
    }

    #[test]
    fn a_block_re_indented_into_a_class() {
        let old = format!("x = 1\n{FUNC}");
        let indented: String = FUNC.lines().map(|l| format!("    {l}\n")).collect();
        let new = format!("x = 1\nclass Checker:\n{indented}");
        assert_eq!(
            blocks(&[(Some(("m.py", &old)), Some(("m.py", &new)))]),
            vec![("m.py".into(), (3, 5), "m.py".into(), (2, 4))]
        );
        // A line indented by a different amount ends the block, and starts another.
        let uneven = "x = 1\nclass Checker:\n    def check_token(token, secret):\n        digest = hmac.new(secret, token)\n          return compare_digest(digest, token)\n";
        assert_eq!(
            blocks(&[(Some(("m.py", &old)), Some(("m.py", uneven)))]),
            vec![
                ("m.py".into(), (3, 4), "m.py".into(), (2, 3)),
                ("m.py".into(), (5, 5), "m.py".into(), (4, 4))
            ]
        );
    }

    #[test]
    fn blocks_under_20_alphanumerics_are_not_moves() {
        let moved = |tail: &str| {
            let old = format!("x = f(y)\nreturn {tail}\n{STAY}");
            let new = format!("{STAY}x = f(y)\nreturn {tail}\n");
            blocks(&[(Some(("m.py", &old)), Some(("m.py", &new)))])
        };
        // x f y, return, and 10 letters: 19.
        assert_eq!(moved("abcdefghij"), vec![]);
        assert_eq!(
            moved("abcdefghijk"),
            vec![("m.py".into(), (7, 8), "m.py".into(), (1, 2))]
        );
    }

    #[test]
    fn a_copied_block_is_not_a_move() {
        let old = format!("{FUNC}x = 1\n");
        let new = format!("{FUNC}x = 1\n{FUNC}");
        assert_eq!(
            blocks(&[(Some(("m.py", &old)), Some(("m.py", &new)))]),
            vec![]
        );
        // Copied to another file, the original kept: no move either.
        assert_eq!(
            blocks(&[
                (Some(("a.py", &old)), Some(("a.py", &old))),
                (None, Some(("b.py", FUNC))),
            ]),
            vec![]
        );
    }

    #[test]
    fn thousands_of_blank_lines_do_not_stall_the_search() {
        // Every added blank line matches every deleted one and no block ever counts: git's
        // search takes minutes on this; hunkguard's stops at its budget.
        let old = "\n".repeat(3000);
        let new = "\r\n".repeat(3000);
        let started = std::time::Instant::now();
        assert_eq!(
            blocks(&[(Some(("m.py", &old)), Some(("m.py", &new)))]),
            vec![]
        );
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn blank_lines_inside_a_block_match_whatever_their_indentation() {
        let body = "x = 1\ndef f(a, b):\n    first_value = a\n\n    second_value = b\n";
        let moved = "x = 1\ndef f(a, b):\n    first_value = a\n        \n    second_value = b\n";
        let old = format!("{body}{STAY}");
        let new = format!("{STAY}{moved}");
        assert_eq!(
            blocks(&[(Some(("m.py", &old)), Some(("m.py", &new)))]),
            vec![("m.py".into(), (7, 11), "m.py".into(), (1, 5))]
        );
    }
}
