//! Runs the ε-NFA on a string (a set simulation, linear in the string) to check that a
//! candidate attack really makes the match fail, as the mode uses the pattern.
//!
//! Lookaheads run their bodies where they stand (a negative one counts as true) and lookbehinds
//! their bodies over the text just before (CPython only accepts fixed widths); atomic groups
//! are plain groups. A body may itself be approximated (a backreference), and each of these
//! choices only lets more strings match than CPython does, except a negative lookbehind over
//! an approximated body, which is rare.

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

/// A compiled lookaround body.
pub(crate) struct Look {
    pub nfa: Nfa,
    pub ahead: bool,
    pub positive: bool,
}

/// Longest lookbehind tried (CPython only accepts fixed-width ones).
const BEHIND: usize = 32;

/// Whether lookaround `index` holds at `i`. Negative lookaheads count as true: their body may
/// be approximated, and true only lets more strings match.
fn look_holds(
    looks: &[Look],
    index: u32,
    input: &[char],
    i: usize,
    budget: &mut Budget,
) -> Result<bool, String> {
    let Some(look) = looks.get(index as usize) else {
        return Ok(true);
    };
    if look.ahead {
        if !look.positive {
            return Ok(true);
        }
        return run(&look.nfa, looks, input, i, Mode::Match, budget);
    }
    let before = &input[..i];
    let mut found = false;
    for from in i.saturating_sub(BEHIND)..=i {
        if run(&look.nfa, looks, before, from, Mode::FullMatch, budget)? {
            found = true;
            break;
        }
    }
    Ok(found == look.positive)
}

/// Whether the pattern matches `input` as `mode` uses it: `Match` at the start (any length),
/// `FullMatch` the whole string, `Search` anywhere.
pub(crate) fn matches(
    nfa: &Nfa,
    looks: &[Look],
    input: &[char],
    mode: Mode,
    budget: &mut Budget,
) -> Result<bool, String> {
    run(nfa, looks, input, 0, mode, budget)
}

/// How many of the start positions `starts` have a thread still alive after reading all of
/// `input` (the attack's pumped part really runs through the pattern from there).
pub(crate) fn survivors(
    nfa: &Nfa,
    looks: &[Look],
    input: &[char],
    starts: std::ops::Range<usize>,
    budget: &mut Budget,
) -> Result<usize, String> {
    let mut count = 0;
    for from in starts {
        if from <= input.len() && alive(nfa, looks, input, from, budget)? {
            count += 1;
        }
    }
    Ok(count)
}

fn alive(
    nfa: &Nfa,
    looks: &[Look],
    input: &[char],
    from: usize,
    budget: &mut Budget,
) -> Result<bool, String> {
    let n = input.len();
    let mut seen = vec![u32::MAX; nfa.states.len()];
    let mut current = vec![nfa.start];
    let mut following: Vec<u32> = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    for i in from..n {
        let generation = i as u32;
        stack.extend(current.drain(..).rev());
        while let Some(s) = stack.pop() {
            if seen[s as usize] == generation {
                continue;
            }
            seen[s as usize] = generation;
            budget.spend(1)?;
            match &nfa.states[s as usize] {
                State::Match => {}
                State::Eps(targets) => stack.extend(targets.iter().rev()),
                State::Marker { index, next } => {
                    if look_holds(looks, *index, input, i, budget)? {
                        stack.push(*next);
                    }
                }
                State::Assert { what, next } => {
                    if holds(*what, input, i) {
                        stack.push(*next);
                    }
                }
                State::Char { class, next } => {
                    if in_class(&nfa.classes[*class as usize], input[i]) {
                        following.push(*next);
                    }
                }
            }
        }
        std::mem::swap(&mut current, &mut following);
        if current.is_empty() {
            return Ok(false);
        }
    }
    Ok(true)
}

fn run(
    nfa: &Nfa,
    looks: &[Look],
    input: &[char],
    from: usize,
    mode: Mode,
    budget: &mut Budget,
) -> Result<bool, String> {
    let n = input.len();
    let mut seen = vec![u32::MAX; nfa.states.len()];
    let mut current: Vec<u32> = Vec::new();
    let mut following: Vec<u32> = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    for i in from..=n {
        if i == from || mode == Mode::Search {
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
                State::Marker { index, next } => {
                    if look_holds(looks, *index, input, i, budget)? {
                        stack.push(*next);
                    }
                }
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
        matches(&nfa(p), &[], &chars, mode, &mut Budget::new(1 << 20)).unwrap()
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
