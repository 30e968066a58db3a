//! Which lines of a file the checks must look at. A commit usually changes a few functions of
//! a long file; with `--scope hunk` only findings on changed lines are kept, so walking the
//! statements that touch no changed line is wasted work (two thirds of a range scan's time
//! before this existed). The parse still covers the whole file: scopes and imports need it.

use super::ScopeTree;
use crate::model::lines::{push_range, touches};
use crate::model::LineRange;

/// What part of a file an analysis covers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Focus {
    /// Every statement.
    #[default]
    Whole,
    /// Statements whose lines touch one of these sorted, disjoint ranges.
    Lines(Vec<LineRange>),
    /// Every top-level def or class (first decorator to last line) holding one of these
    /// sorted lines; a line outside every def and class means the whole module. `--scope
    /// function` keeps findings of every scope that holds a changed line, and all of those
    /// lie within the outermost one.
    ScopesOf(Vec<LineRange>),
}

impl Focus {
    /// `ScopesOf` turned into the lines it means in this file; the others as they are.
    pub fn resolve(&self, scopes: &ScopeTree) -> Focus {
        let Focus::ScopesOf(changed) = self else {
            return self.clone();
        };
        let mut spans: Vec<LineRange> = Vec::new();
        for &(start, end) in changed {
            for line in start..=end {
                let mut index = scopes.innermost_at(line);
                let outermost = loop {
                    match scopes.scopes[index].parent {
                        None => return Focus::Whole,
                        Some(0) => break &scopes.scopes[index],
                        Some(parent) => index = parent,
                    }
                };
                spans.push((outermost.start_line, outermost.end_line));
            }
        }
        Focus::Lines(merged(spans))
    }

    /// Whether a statement spanning `start..=end` must be checked.
    pub fn wants(&self, start: u32, end: u32) -> bool {
        match self {
            Focus::Whole => true,
            Focus::Lines(ranges) | Focus::ScopesOf(ranges) => touches(ranges, start, end),
        }
    }

    /// Whether an analysis made with this (resolved) focus answers for `wanted` too, which
    /// must be resolved against the same file.
    pub fn covers(&self, wanted: &Focus) -> bool {
        match (self, wanted) {
            (Focus::Whole, _) => true,
            (_, Focus::Whole) => false,
            (Focus::Lines(have) | Focus::ScopesOf(have), Focus::Lines(want))
            | (Focus::Lines(have) | Focus::ScopesOf(have), Focus::ScopesOf(want)) => {
                want.iter().all(|&(s, e)| {
                    let i = have.partition_point(|r| r.1 < s);
                    have.get(i).is_some_and(|r| r.0 <= s && e <= r.1)
                })
            }
        }
    }
}

/// Sorted, disjoint ranges covering the same lines as `spans`.
fn merged(mut spans: Vec<LineRange>) -> Vec<LineRange> {
    spans.sort_unstable();
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        push_range(&mut out, span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cover_only_what_they_hold() {
        let have = Focus::Lines(vec![(3, 5), (10, 20)]);
        assert!(have.covers(&Focus::Lines(vec![(3, 4), (12, 20)])));
        assert!(!have.covers(&Focus::Lines(vec![(5, 6)])));
        assert!(!have.covers(&Focus::Whole));
        assert!(Focus::Whole.covers(&have));
        assert!(have.wants(1, 3) && have.wants(6, 11) && !have.wants(6, 9) && !have.wants(21, 30));
    }

    #[test]
    fn merging_joins_overlapping_and_adjacent_spans() {
        assert_eq!(
            merged(vec![(10, 12), (1, 3), (4, 4), (11, 20), (30, 31)]),
            vec![(1, 4), (10, 20), (30, 31)]
        );
    }
}
