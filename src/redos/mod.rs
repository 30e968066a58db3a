//! ReDoS (CWE-1333): does a Python regular expression backtrack catastrophically?
//!
//! [`analyse`] takes a pattern as Python's `re` reads it, the flags it is compiled with and how
//! it is used ([`Mode`]), and answers with a [`Verdict`]: safe, exponential or polynomial (with
//! an [`Attack`] string that makes CPython's matcher backtrack), or not analysed (syntax we
//! cannot model, or a pattern too big for the work budget; never a panic, never a hang).
//!
//! How: the pattern is translated to `regex-syntax` syntax ([`translate`]), parsed to an HIR,
//! compiled to an ε-NFA ([`nfa`]), and the NFA's ambiguity is decided on product automata
//! ([`ambiguity`]): two loops on one word at one state is exponential, a chain of `k` loops
//! that share words is degree `k`. An ambiguity only costs time when the match then fails, so
//! every verdict carries an attack whose suffix was checked, by running the NFA ([`sim`]), to
//! make the match fail in that mode. Results are cached per process by (pattern, flags, mode).
//!
//! Approximations (each listed in [`Analysis::notes`] when it applies):
//! * lookarounds are transparent to the ambiguity search; attacks are then checked with them
//!   (lookbehinds and positive lookaheads evaluated, negative lookaheads taken as true);
//! * a backreference is read as its group's pattern;
//! * atomic groups and possessive repeats forbid diverging paths inside them;
//! * bounded repeats above 100 are read as unbounded;
//! * `findall`/`finditer`/`sub`/`split` are modelled as one failing search: a pattern whose every
//!   attempt succeeds cheaply after an expensive failed branch (`<.*?>|(.)`) is not reported;
//! * the degree is the longest chain of linked loops; CPython's measured growth can differ by
//!   one for some attacks (see `scripts/redos-oracle.py`);
//! * the `regex` module's own syntax (`\p{..}`, nested sets, `(?<name>...)`) is not accepted.
//!
//! The module stands alone: it uses nothing else from the crate.

mod ambiguity;
mod budget;
mod nfa;
mod sim;
mod translate;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

pub use budget::DEFAULT_BUDGET;

use budget::Budget;

/// The flags a pattern is compiled with (`re.compile(p, flags)`); inline flags such as `(?x)`
/// or `(?i:...)` inside the pattern are read by the analysis itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flags {
    /// `re.X` / `re.VERBOSE`.
    pub verbose: bool,
    /// `re.I` / `re.IGNORECASE`.
    pub ignore_case: bool,
    /// `re.S` / `re.DOTALL`.
    pub dotall: bool,
    /// `re.M` / `re.MULTILINE`.
    pub multiline: bool,
    /// `re.A` / `re.ASCII`.
    pub ascii: bool,
    /// `re.L` / `re.LOCALE` (bytes only; read as ASCII).
    pub locale: bool,
    /// The pattern is a bytes literal: ASCII classes, characters are bytes.
    pub bytes: bool,
}

impl Flags {
    /// Reads a Python flags expression as written in source: `re.I | re.X`, `re.IGNORECASE`,
    /// `regex.M`, `re.RegexFlag.DOTALL`, `I|S`, `0`. Unknown names are an error.
    pub fn from_python(expr: &str) -> Result<Flags, String> {
        let mut flags = Flags::default();
        for part in expr.split(['|', '+']) {
            let part = part.trim().trim_matches(|c| c == '(' || c == ')').trim();
            if part.is_empty() || part == "0" {
                continue;
            }
            let name = part.rsplit('.').next().unwrap_or(part);
            match name {
                "I" | "IGNORECASE" => flags.ignore_case = true,
                "X" | "VERBOSE" => flags.verbose = true,
                "S" | "DOTALL" => flags.dotall = true,
                "M" | "MULTILINE" => flags.multiline = true,
                "A" | "ASCII" => flags.ascii = true,
                "L" | "LOCALE" => flags.locale = true,
                // No effect on what can match, or the `regex` module's matching-only options.
                "U" | "UNICODE" | "T" | "TEMPLATE" | "DEBUG" | "NOFLAG" | "V0" | "VERSION0"
                | "V1" | "VERSION1" | "F" | "FULLCASE" | "B" | "BESTMATCH" | "E"
                | "ENHANCEMATCH" | "W" | "WORD" => {}
                _ => return Err(format!("unknown regular expression flag {part:?}")),
            }
        }
        Ok(flags)
    }
}

/// How the pattern is used, which decides what counts as "the match failed".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `match`: anchored at the start, any length.
    Match,
    /// `fullmatch`: anchored at both ends.
    FullMatch,
    /// `search`, `findall`, `finditer`, `sub`, `subn`, `split`: tried at every start position.
    Search,
}

impl Mode {
    /// The mode of a `re` (or `regex`) function or pattern method by name, e.g. `"findall"`.
    pub fn for_function(name: &str) -> Option<Mode> {
        match name {
            "match" => Some(Mode::Match),
            "fullmatch" => Some(Mode::FullMatch),
            "search" | "findall" | "finditer" | "sub" | "subn" | "split" | "splititer" => {
                Some(Mode::Search)
            }
            _ => None,
        }
    }
}

/// One pumped part of an attack string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pump {
    /// Repeated `N` times.
    pub pump: String,
    /// Written once after the repetitions (leads to the next pump's loop).
    pub then: String,
}

/// An input that makes the matcher backtrack: `prefix`, each pump `N` times followed by its
/// `then`, and `suffix`, which makes the match fail (forcing the backtracking).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attack {
    pub prefix: String,
    /// One pump for exponential and most polynomial attacks; a chain of loops that read
    /// different words has one per link.
    pub pumps: Vec<Pump>,
    pub suffix: String,
}

impl Attack {
    /// The attack string with every pump repeated `n` times.
    pub fn build(&self, n: usize) -> String {
        let mut s = self.prefix.clone();
        for p in &self.pumps {
            s.push_str(&p.pump.repeat(n));
            s.push_str(&p.then);
        }
        s.push_str(&self.suffix);
        s
    }
}

/// Writes `s` as a Python string literal in single quotes.
fn py_repr(s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("'")?;
    for c in s.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '\'' => f.write_str("\\'")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            ' '..='~' => write!(f, "{c}")?,
            c if c.is_alphanumeric() => write!(f, "{c}")?,
            c if (c as u32) < 0x100 => write!(f, "\\x{:02x}", c as u32)?,
            c if (c as u32) < 0x10000 => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "\\U{:08x}", c as u32)?,
        }
    }
    f.write_str("'")
}

impl fmt::Display for Attack {
    /// `'prefix' + 'pump' * N + 'suffix'`, in Python syntax, empty parts left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut part = |f: &mut fmt::Formatter<'_>, s: &str, pumped: bool| -> fmt::Result {
            if s.is_empty() {
                return Ok(());
            }
            if !first {
                f.write_str(" + ")?;
            }
            first = false;
            py_repr(s, f)?;
            if pumped {
                f.write_str(" * N")?;
            }
            Ok(())
        };
        part(f, &self.prefix, false)?;
        for p in &self.pumps {
            part(f, &p.pump, true)?;
            part(f, &p.then, false)?;
        }
        part(f, &self.suffix, false)?;
        if first {
            f.write_str("''")?;
        }
        Ok(())
    }
}

/// What the analysis found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No input makes the matcher backtrack more than linearly.
    Safe,
    /// Time exponential in `N`.
    Exponential { attack: Attack },
    /// Time polynomial in `N`, of this degree (2 or more).
    Polynomial { degree: u32, attack: Attack },
    /// Syntax we cannot model, a pattern Python rejects, or the work budget ran out.
    NotAnalysed { reason: String },
}

impl Verdict {
    fn rank(&self) -> u32 {
        match self {
            Verdict::Safe => 0,
            Verdict::NotAnalysed { .. } => 1,
            Verdict::Polynomial { degree, .. } => 1 + degree,
            Verdict::Exponential { .. } => u32::MAX,
        }
    }
}

/// A verdict with what the translation approximated to reach it and the work it took.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub verdict: Verdict,
    /// One phrase per approximation (lookarounds, backreferences, large repeats...).
    pub notes: Vec<&'static str>,
    /// Work units spent, out of the budget.
    pub work: u64,
}

/// Analyses `pattern` (cached per process).
pub fn analyse(pattern: &str, flags: Flags, mode: Mode) -> Verdict {
    analyse_full(pattern, flags, mode).verdict.clone()
}

/// [`analyse`] with its notes (cached per process).
pub fn analyse_full(pattern: &str, flags: Flags, mode: Mode) -> Arc<Analysis> {
    cache::get_or_insert(pattern, flags, mode, || {
        analyse_uncached(pattern, flags, mode, DEFAULT_BUDGET)
    })
}

/// One analysis, bypassing the cache, with `budget` work units.
pub fn analyse_uncached(pattern: &str, flags: Flags, mode: Mode, budget: u64) -> Analysis {
    let mut budget = Budget::new(budget);
    let mut notes = Vec::new();
    let verdict = match run(pattern, flags, mode, &mut budget, &mut notes) {
        Ok(v) => v,
        Err(reason) => Verdict::NotAnalysed { reason },
    };
    notes.sort_unstable();
    notes.dedup();
    Analysis {
        verdict,
        notes,
        work: budget.spent,
    }
}

fn run(
    pattern: &str,
    flags: Flags,
    mode: Mode,
    budget: &mut Budget,
    notes: &mut Vec<&'static str>,
) -> Result<Verdict, String> {
    let t = translate::translate(pattern, flags)?;
    notes.extend(t.notes.iter().copied());
    let main = compile(&t.rust, flags.bytes, budget, notes)?;
    let mut looks = Vec::new();
    for l in &t.lookarounds {
        looks.push(sim::Look {
            nfa: compile(&l.body, flags.bytes, budget, notes)?,
            ahead: l.ahead,
            positive: l.positive,
        });
    }
    let mut verdict = judge(&main, &looks, mode, flags.bytes, budget)?;
    // A lookahead runs its body as an anchored match wherever the engine reaches it.
    for (index, look) in looks.iter().enumerate() {
        if !look.ahead {
            continue;
        }
        let inner = judge(&look.nfa, &looks, Mode::Match, flags.bytes, budget)?;
        if inner.rank() <= verdict.rank() {
            continue;
        }
        let Some(lead) = marker_prefix(&main, index as u32) else {
            continue;
        };
        verdict = match inner {
            Verdict::Exponential { mut attack } => {
                attack.prefix.insert_str(0, &lead);
                Verdict::Exponential { attack }
            }
            Verdict::Polynomial { degree, mut attack } => {
                attack.prefix.insert_str(0, &lead);
                Verdict::Polynomial { degree, attack }
            }
            other => other,
        };
    }
    Ok(verdict)
}

fn compile(
    rust: &str,
    bytes: bool,
    budget: &mut Budget,
    notes: &mut Vec<&'static str>,
) -> Result<nfa::Nfa, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(1000)
        .build()
        .parse(rust)
        .map_err(|e| {
            let msg = e.to_string();
            let last = msg
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            format!("cannot model this pattern: {}", last.trim())
        })?;
    let nfa = nfa::build(&hir, bytes, budget)?;
    notes.extend(nfa.notes.iter().copied());
    Ok(nfa)
}

/// Finds the worst ambiguity whose attack really fails the match.
fn judge(
    nfa: &nfa::Nfa,
    looks: &[sim::Look],
    mode: Mode,
    bytes: bool,
    budget: &mut Budget,
) -> Result<Verdict, String> {
    let nice = ambiguity::Alphabet::new(&nfa.classes, bytes);
    let pa = ambiguity::Pa::build(nfa, &nice, mode == Mode::Search, budget)?;
    let mut used = nice.empty();
    for c in &nfa.classes {
        for (u, b) in used.iter_mut().zip(nice.bits(c)) {
            *u |= b;
        }
    }
    let singles = nice.candidates(&used, 16);
    let suffixes = suffix_candidates(&singles);
    // Leading characters for a searched attack: what lookbehinds want, then common ones.
    let mut leads: Vec<char> = Vec::new();
    if mode == Mode::Search {
        for look in looks.iter().filter(|l| !l.ahead) {
            for class in look.nfa.classes.iter().take(2) {
                if let Some(c) = class.first().and_then(|r| char::from_u32(r.0)) {
                    leads.push(c);
                }
            }
        }
        leads.extend(singles.iter().take(4));
        leads.dedup();
    }
    let check = Check {
        nfa,
        looks,
        mode,
        suffixes: &suffixes,
        leads: &leads,
    };
    // Witnesses spelled with readable characters first, then with the rarest ones (which are
    // less likely to let another part of the pattern match).
    let rare = nice.rare_first();
    let mut best: Option<Verdict> = None;
    for alpha in [&nice, &rare] {
        let findings = ambiguity::find(&pa, alpha, budget)?;
        for w in findings.exponential.iter().take(8) {
            if let Some(attack) = check.attack(w, budget)? {
                return Ok(Verdict::Exponential { attack });
            }
        }
        for (degree, w) in &findings.polynomial {
            if best.as_ref().is_some_and(|b| b.rank() > *degree) {
                break;
            }
            if let Some(attack) = check.attack(w, budget)? {
                best = Some(Verdict::Polynomial {
                    degree: *degree,
                    attack,
                });
                break;
            }
        }
    }
    Ok(best.unwrap_or(Verdict::Safe))
}

fn suffix_candidates(singles: &[char]) -> Vec<String> {
    let mut out = vec![String::new()];
    out.extend(singles.iter().map(|c| c.to_string()));
    // A newline first: `$` under MULTILINE, `.` without DOTALL.
    out.extend(singles.iter().take(8).map(|c| format!("\n{c}")));
    for a in singles.iter().take(5) {
        for b in singles.iter().take(5) {
            out.push(format!("{a}{b}"));
        }
    }
    out
}

struct Check<'a> {
    nfa: &'a nfa::Nfa,
    looks: &'a [sim::Look],
    mode: Mode,
    suffixes: &'a [String],
    /// Characters to try before the prefix, so a searched attack does not start where an
    /// anchored branch would match.
    leads: &'a [char],
}

impl Check<'_> {
    /// The witness completed with the first suffix (and, failing that, a leading character)
    /// that makes the match fail for several `N`.
    fn attack(
        &self,
        w: &ambiguity::Witness,
        budget: &mut Budget,
    ) -> Result<Option<Attack>, String> {
        let pumps: Vec<Pump> = w
            .pumps
            .iter()
            .map(|(pump, then)| Pump {
                pump: pump.clone(),
                then: then.clone(),
            })
            .collect();
        let mut prefixes = vec![w.prefix.clone()];
        prefixes.extend(self.leads.iter().map(|c| format!("{c}{}", w.prefix)));
        for prefix in prefixes {
            let mut attack = Attack {
                prefix,
                pumps: pumps.clone(),
                suffix: String::new(),
            };
            // The pumped part must run through the pattern from the start (for a search, from
            // somewhere in the prefix); a chain that starts with the search's retry must do so
            // from most positions of the first pump, or the retry adds nothing.
            let body: Vec<char> = attack.build(8).chars().collect();
            let lead = attack.prefix.chars().count();
            let starts = match self.mode {
                Mode::Search => 0..lead + 1,
                _ => 0..1,
            };
            if sim::survivors(self.nfa, self.looks, &body, starts, budget)? == 0 {
                continue;
            }
            if w.from_search {
                let width = 8 * attack.pumps[0].pump.chars().count();
                let alive =
                    sim::survivors(self.nfa, self.looks, &body, lead..lead + width, budget)?;
                if alive < 4 {
                    continue;
                }
            }
            'next: for suffix in self.suffixes {
                attack.suffix.clone_from(suffix);
                for n in [1, 2, 3, 5, 8] {
                    let input: Vec<char> = attack.build(n).chars().collect();
                    if sim::matches(self.nfa, self.looks, &input, self.mode, budget)? {
                        continue 'next;
                    }
                }
                return Ok(Some(attack));
            }
        }
        Ok(None)
    }
}

/// The shortest input from the start to lookahead `index`'s marker (assertions ignored).
fn marker_prefix(nfa: &nfa::Nfa, index: u32) -> Option<String> {
    use nfa::State;
    let mut best: Vec<Option<String>> = vec![None; nfa.states.len()];
    let mut deque = std::collections::VecDeque::new();
    best[nfa.start as usize] = Some(String::new());
    deque.push_back(nfa.start);
    while let Some(s) = deque.pop_front() {
        let here = best[s as usize].clone().unwrap_or_default();
        let mut visit =
            |t: u32, text: String, front: bool, deque: &mut std::collections::VecDeque<u32>| {
                let better = best[t as usize]
                    .as_ref()
                    .is_none_or(|old| text.chars().count() < old.chars().count());
                if better {
                    best[t as usize] = Some(text);
                    if front {
                        deque.push_front(t);
                    } else {
                        deque.push_back(t);
                    }
                }
            };
        match &nfa.states[s as usize] {
            State::Marker { index: i, .. } if *i == index => return Some(here),
            State::Marker { next, .. } | State::Assert { next, .. } => {
                visit(*next, here, true, &mut deque)
            }
            State::Eps(targets) => {
                for t in targets {
                    visit(*t, here.clone(), true, &mut deque);
                }
            }
            State::Char { class, next } => {
                let c = nfa.classes[*class as usize]
                    .first()
                    .and_then(|r| char::from_u32(r.0))
                    .unwrap_or('?');
                visit(*next, format!("{here}{c}"), false, &mut deque);
            }
            State::Match => {}
        }
    }
    None
}

mod cache {
    //! A bounded memo of analyses keyed by (pattern, flags, mode).

    use super::*;

    /// Entries kept; past this the least recently used quarter is dropped.
    pub const CAPACITY: usize = 4096;

    type Key = (String, Flags, Mode);

    #[derive(Default)]
    struct Lru {
        map: HashMap<Key, (Arc<Analysis>, u64)>,
        tick: u64,
    }

    fn lru() -> &'static Mutex<Lru> {
        static CACHE: OnceLock<Mutex<Lru>> = OnceLock::new();
        CACHE.get_or_init(Default::default)
    }

    pub fn get_or_insert(
        pattern: &str,
        flags: Flags,
        mode: Mode,
        compute: impl FnOnce() -> Analysis,
    ) -> Arc<Analysis> {
        let key = (pattern.to_string(), flags, mode);
        {
            let mut lru = lru().lock().unwrap_or_else(|e| e.into_inner());
            lru.tick += 1;
            let tick = lru.tick;
            if let Some(entry) = lru.map.get_mut(&key) {
                entry.1 = tick;
                return entry.0.clone();
            }
        }
        let analysis = Arc::new(compute());
        let mut lru = lru().lock().unwrap_or_else(|e| e.into_inner());
        if lru.map.len() >= CAPACITY {
            let mut ticks: Vec<u64> = lru.map.values().map(|e| e.1).collect();
            ticks.sort_unstable();
            let cut = ticks[CAPACITY / 4];
            lru.map.retain(|_, e| e.1 > cut);
        }
        lru.tick += 1;
        let tick = lru.tick;
        lru.map.insert(key, (analysis.clone(), tick));
        analysis
    }

    /// Entries now held (for tests).
    #[cfg(test)]
    pub fn len() -> usize {
        lru().lock().unwrap_or_else(|e| e.into_inner()).map.len()
    }
}
