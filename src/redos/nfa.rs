//! A Thompson-style ε-NFA over character classes, built from a `regex-syntax` HIR.
//!
//! A loop has two distinct ε-states, its entry and its back edge, so that "leave the inner loop
//! and let the outer loop start it again" is a different path from "go round the inner loop"
//! (`(a*)*` has two ways from one `a` to the next, as it does in CPython's matcher). Bounded
//! repeats are unrolled (`a{0,3}` as `(a(a(a)?)?)?`), up to [`REPEAT_UNROLL`] copies.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

use super::budget::Budget;

/// Most copies a bounded repeat is unrolled to; beyond, `{m,n}` is read as `{m',}`.
pub(crate) const REPEAT_UNROLL: u32 = 100;
pub(crate) const NOTE_LARGE_REPEAT: &str =
    "a repeat bound above 100 is treated as unbounded (or as 100 for a minimum)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Assertion {
    /// `\A`, or `^` without MULTILINE.
    StartText,
    /// `\Z`, or `$` without MULTILINE (which CPython also lets match before a final newline).
    EndText,
    StartLine,
    EndLine,
    /// `\b` (`negate`: `\B`); `ascii` for `re.A`.
    Word {
        negate: bool,
        ascii: bool,
    },
}

#[derive(Clone, Debug)]
pub(crate) enum State {
    Eps(Vec<u32>),
    Char {
        class: u32,
        next: u32,
    },
    Assert {
        what: Assertion,
        next: u32,
    },
    /// Where lookahead `index` stood; an ε-move.
    Marker {
        index: u32,
        next: u32,
    },
    Match,
}

#[derive(Debug)]
pub(crate) struct Nfa {
    pub states: Vec<State>,
    /// Whether the state lies inside an atomic group or possessive repeat.
    pub atomic: Vec<bool>,
    pub start: u32,
    /// Character classes as sorted inclusive code-point ranges, by id.
    pub classes: Vec<Vec<(u32, u32)>>,
    pub notes: Vec<&'static str>,
}

struct Builder<'b> {
    nfa: Nfa,
    bytes: bool,
    in_atomic: bool,
    budget: &'b mut Budget,
    interned: std::collections::HashMap<Vec<(u32, u32)>, u32>,
}

/// Builds the NFA of `hir`; `bytes` limits every class to U+0000..=U+00FF.
pub(crate) fn build(hir: &Hir, bytes: bool, budget: &mut Budget) -> Result<Nfa, String> {
    let mut b = Builder {
        nfa: Nfa {
            states: Vec::new(),
            atomic: Vec::new(),
            start: 0,
            classes: Vec::new(),
            notes: Vec::new(),
        },
        bytes,
        in_atomic: false,
        budget,
        interned: Default::default(),
    };
    let accept = b.add(State::Match)?;
    let start = b.compile(hir, accept)?;
    b.nfa.start = start;
    Ok(b.nfa)
}

impl Builder<'_> {
    fn add(&mut self, s: State) -> Result<u32, String> {
        self.budget.spend(1)?;
        if self.nfa.states.len() >= self.budget.max_states {
            return Err(format!(
                "analysis budget: the NFA grows past {} states",
                self.budget.max_states
            ));
        }
        self.nfa.states.push(s);
        self.nfa.atomic.push(self.in_atomic);
        Ok(self.nfa.states.len() as u32 - 1)
    }

    fn class(&mut self, mut ranges: Vec<(u32, u32)>, next: u32) -> Result<u32, String> {
        if self.bytes {
            ranges.retain(|r| r.0 <= 0xFF);
            for r in &mut ranges {
                r.1 = r.1.min(0xFF);
            }
        }
        let id = match self.interned.get(&ranges) {
            Some(id) => *id,
            None => {
                let id = self.nfa.classes.len() as u32;
                self.nfa.classes.push(ranges.clone());
                self.interned.insert(ranges, id);
                id
            }
        };
        self.add(State::Char { class: id, next })
    }

    /// Compiles `hir` so that it continues to `next`; returns its entry state.
    fn compile(&mut self, hir: &Hir, next: u32) -> Result<u32, String> {
        match hir.kind() {
            HirKind::Empty => Ok(next),
            HirKind::Literal(lit) => {
                let text = String::from_utf8_lossy(&lit.0);
                let mut cur = next;
                for c in text.chars().rev() {
                    cur = self.class(vec![(c as u32, c as u32)], cur)?;
                }
                Ok(cur)
            }
            HirKind::Class(Class::Unicode(cls)) => {
                let ranges = cls
                    .ranges()
                    .iter()
                    .map(|r| (r.start() as u32, r.end() as u32))
                    .collect();
                self.class(ranges, next)
            }
            HirKind::Class(Class::Bytes(cls)) => {
                let ranges = cls
                    .ranges()
                    .iter()
                    .map(|r| (r.start() as u32, r.end() as u32))
                    .collect();
                self.class(ranges, next)
            }
            HirKind::Look(look) => {
                let what = match look {
                    Look::Start => Assertion::StartText,
                    Look::End => Assertion::EndText,
                    Look::StartLF | Look::StartCRLF => Assertion::StartLine,
                    Look::EndLF | Look::EndCRLF => Assertion::EndLine,
                    Look::WordAscii => Assertion::Word {
                        negate: false,
                        ascii: true,
                    },
                    Look::WordAsciiNegate => Assertion::Word {
                        negate: true,
                        ascii: true,
                    },
                    Look::WordUnicodeNegate => Assertion::Word {
                        negate: true,
                        ascii: false,
                    },
                    _ => Assertion::Word {
                        negate: false,
                        ascii: false,
                    },
                };
                self.add(State::Assert { what, next })
            }
            HirKind::Capture(cap) => match cap.name.as_deref() {
                Some(name) if name.starts_with('a') => {
                    let saved = self.in_atomic;
                    self.in_atomic = true;
                    let entry = self.compile(&cap.sub, next);
                    self.in_atomic = saved;
                    entry
                }
                Some(name) if name.starts_with('l') => {
                    let index = name[1..].parse::<u32>().unwrap_or(u32::MAX);
                    self.add(State::Marker { index, next })
                }
                _ => self.compile(&cap.sub, next),
            },
            HirKind::Concat(subs) => {
                let mut cur = next;
                for sub in subs.iter().rev() {
                    cur = self.compile(sub, cur)?;
                }
                Ok(cur)
            }
            HirKind::Alternation(subs) => {
                let mut targets = Vec::with_capacity(subs.len());
                for sub in subs {
                    targets.push(self.compile(sub, next)?);
                }
                self.add(State::Eps(targets))
            }
            HirKind::Repetition(rep) => {
                let order = |body: u32| {
                    if rep.greedy {
                        vec![body, next]
                    } else {
                        vec![next, body]
                    }
                };
                let mut min = rep.min;
                if min > REPEAT_UNROLL {
                    min = REPEAT_UNROLL;
                    self.nfa.notes.push(NOTE_LARGE_REPEAT);
                }
                let optional = match rep.max {
                    Some(max) if max - rep.min <= REPEAT_UNROLL => Some(max - rep.min),
                    Some(_) => {
                        self.nfa.notes.push(NOTE_LARGE_REPEAT);
                        None
                    }
                    None => None,
                };
                let mut cur = match optional {
                    None => {
                        // The back edge chooses between another round and the exit; the entry
                        // is a second such choice (`*`) or the body itself (`+`).
                        let back = self.add(State::Eps(Vec::new()))?;
                        let body = self.compile(&rep.sub, back)?;
                        self.nfa.states[back as usize] = State::Eps(order(body));
                        if min > 0 {
                            min -= 1;
                            body
                        } else {
                            self.add(State::Eps(order(body)))?
                        }
                    }
                    Some(k) => {
                        let mut cur = next;
                        for _ in 0..k {
                            let body = self.compile(&rep.sub, cur)?;
                            cur = self.add(State::Eps(order(body)))?;
                        }
                        cur
                    }
                };
                for _ in 0..min {
                    cur = self.compile(&rep.sub, cur)?;
                }
                Ok(cur)
            }
        }
    }
}
