//! Runs the ε-NFA on a string (a set simulation, linear in the string) to check that a
//! candidate attack really makes the match fail, as the mode uses the pattern.
//!
//! Lookarounds are taken as true and atomic groups as plain groups: both only let more strings
//! match than CPython does, so "fails here" still means "fails in CPython".

use super::budget::Budget;
use super::nfa::{Assertion, Nfa, State};
use super::Mode;

fn in_class(ranges: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    let i = ranges.partition_point(|r| r.1 < c);
    i < ranges.len() && ranges[i].0 <= c
}

fn is_word(c: Option<char>, ascii: bool) -> bool {
    match c {
        None => false,
        Some(c) if ascii => c.is_ascii_alphanumeric() || c == '_',
        Some(c) => c.is_alphanumeric() || c == '_',
    }
}

fn holds(what: Assertion, input: &[char], i: usize) -> bool {
    let n = input.len();
    let prev = i.checked_sub(1).map(|j| input[j]);
    let next = input.get(i).copied();
    match what {
        Assertion::StartText => i == 0,
        // CPython's `$` also matches before a final newline; taking that for `\Z` too only
        // lets more strings match.
        Assertion::EndText => i == n || (i + 1 == n && next == Some('\n')),
        Assertion::StartLine => i == 0 || prev == Some('\n'),
        Assertion::EndLine => i == n || next == Some('\n'),
        Assertion::Word { negate, ascii } => {
            (is_word(prev, ascii) != is_word(next, ascii)) != negate
        }
    }
}

/// Whether the pattern matches `input` as `mode` uses it: `Match` at the start (any length),
/// `FullMatch` the whole string, `Search` anywhere.
pub(crate) fn matches(
    nfa: &Nfa,
    input: &[char],
    mode: Mode,
    budget: &mut Budget,
) -> Result<bool, String> {
    let n = input.len();
    let mut seen = vec![u32::MAX; nfa.states.len()];
    let mut current: Vec<u32> = Vec::new();
    let mut following: Vec<u32> = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    for i in 0..=n {
        if i == 0 || mode == Mode::Search {
            current.push(nfa.start);
        }
        let generation = i as u32;
        stack.extend(current.drain(..).rev());
        while let Some(s) = stack.pop() {
            if seen[s as usize] == generation {
                continue;
            }
            seen[s as usize] = generation;
            budget.spend(1)?;
            match &nfa.states[s as usize] {
                State::Match => {
                    if mode != Mode::FullMatch || i == n {
                        return Ok(true);
                    }
                }
                State::Eps(targets) => stack.extend(targets.iter().rev()),
                State::Marker { next, .. } => stack.push(*next),
                State::Assert { what, next } => {
                    if holds(*what, input, i) {
                        stack.push(*next);
                    }
                }
                State::Char { class, next } => {
                    if i < n && in_class(&nfa.classes[*class as usize], input[i]) {
                        following.push(*next);
                    }
                }
            }
        }
        std::mem::swap(&mut current, &mut following);
        if current.is_empty() && mode != Mode::Search {
            return Ok(false);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfa(p: &str) -> Nfa {
        let t = crate::redos::translate::translate(p, Default::default()).unwrap();
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&t.rust)
            .unwrap();
        crate::redos::nfa::build(&hir, false, &mut Budget::new(1 << 20)).unwrap()
    }

    fn m(p: &str, s: &str, mode: Mode) -> bool {
        let chars: Vec<char> = s.chars().collect();
        matches(&nfa(p), &chars, mode, &mut Budget::new(1 << 20)).unwrap()
    }

    #[test]
    fn modes_follow_python() {
        assert!(m("a+", "aab", Mode::Match));
        assert!(!m("a+", "baa", Mode::Match));
        assert!(m("a+", "baa", Mode::Search));
        assert!(!m("a+", "aab", Mode::FullMatch));
        assert!(m("a+$", "aa\n", Mode::Match), "$ before a final newline");
        assert!(!m(r"a+\Z", "aab", Mode::Search));
        assert!(m(r"(?m)^b", "a\nb", Mode::Search));
        assert!(!m(r"^b", "a\nb", Mode::Search));
        assert!(m(r"\bb", "a b", Mode::Search));
        assert!(!m(r"\bb", "ab", Mode::Search));
        assert!(m(r"(a|b)*c", "ababc", Mode::FullMatch));
    }
}
