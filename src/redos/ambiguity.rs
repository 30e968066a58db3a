//! Where a backtracking matcher can go wrong: ambiguity of the NFA, decided on products.
//!
//! The ε-NFA is first turned into a position automaton: one node per character state, plus
//! the start `S` and, for a searched pattern, a node `G` that loops on every character and
//! stands for "the engine retries at the next position". An edge `p → q` reads `q`'s class and
//! counts the distinct ε-paths between them (1 or "2 or more"), so `(a*)*` keeps its two ways.
//!
//! * Exponential (EDA): within one strongly connected component, a state with two distinct
//!   loops on the same word. In the product `A × A` that is a component holding a diagonal
//!   pair `(q, q)` and either an off-diagonal pair or an edge of multiplicity 2.
//! * Polynomial (IDA): loops `C1 … Ck` in sequence where each consecutive pair is linked by a
//!   word `y` with `p →y p`, `p →y q`, `q →y q` (`p` in `Ci`, `q` in `Ci+1`), found in the
//!   triple product from `(p, p, q)` to `(p, q, q)`. The longest such chain is the degree;
//!   `G` counts as a loop, which is how searching turns `\s*x` quadratic.
//!
//! The witnesses give the prefix and pumps; [`super::sim`] then checks a suffix that makes the
//! whole match fail, since a match that succeeds never backtracks into the ambiguity.

use std::collections::{HashMap, VecDeque};

use super::budget::Budget;
use super::nfa::{Assertion, Nfa, State};

type Bits = Vec<u64>;
type Triple = (u32, u32, u32);

fn and_any(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

fn and(a: &[u64], b: &[u64]) -> Bits {
    a.iter().zip(b).map(|(x, y)| x & y).collect()
}

/// The alphabet cut into atoms: maximal code-point intervals no class splits.
#[derive(Clone)]
pub(crate) struct Alphabet {
    /// Atom `i` is `starts[i] .. starts[i + 1]`.
    starts: Vec<u32>,
    rep: Vec<Option<char>>,
    /// Usable atoms, most readable representative first (the order `pick` follows).
    order: Vec<usize>,
    /// Usable atoms in the fewest classes first: characters least likely to let another part
    /// of the pattern match, for a second try when the readable ones fail.
    rare: Vec<usize>,
    words: usize,
}

/// Characters we would rather see in an attack string, best first.
const NICE: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ !.,-_:;=/@#$%&'\"()*+<>?[]^`{|}~\\\t\n\r";

impl Alphabet {
    pub fn new(classes: &[Vec<(u32, u32)>], bytes: bool) -> Self {
        let end = if bytes { 0x100 } else { 0x11_0000 };
        // The newline is an atom of its own: MULTILINE anchors and `.` single it out.
        let mut b = vec![0, 10, 11, end];
        if !bytes {
            b.extend([0xD800, 0xE000]);
        }
        for c in classes {
            for &(lo, hi) in c {
                b.push(lo);
                b.push(hi + 1);
            }
        }
        b.retain(|&x| x <= end);
        b.sort_unstable();
        b.dedup();
        let atoms = b.len() - 1;
        let mut rep: Vec<Option<char>> = vec![None; atoms];
        let mut rank = vec![usize::MAX; atoms];
        let atom_of = |c: u32| b.partition_point(|&s| s <= c) - 1;
        for (k, c) in NICE.chars().enumerate() {
            if (c as u32) < end {
                let a = atom_of(c as u32);
                if rep[a].is_none() {
                    rep[a] = Some(c);
                    rank[a] = k;
                }
            }
        }
        for a in 0..atoms {
            if rep[a].is_none() {
                rep[a] = char::from_u32(b[a]);
                rank[a] = NICE.len() + a;
            }
        }
        let mut order: Vec<usize> = (0..atoms).filter(|&a| rep[a].is_some()).collect();
        order.sort_by_key(|&a| rank[a]);
        let mut count = vec![0u32; atoms];
        for c in classes {
            for &(lo, hi) in c {
                for n in &mut count[atom_of(lo)..=atom_of(hi)] {
                    *n += 1;
                }
            }
        }
        let mut rare = order.clone();
        rare.sort_by_key(|&a| (count[a] == 0, count[a], rank[a]));
        Alphabet {
            words: atoms.div_ceil(64),
            starts: b,
            rep,
            order,
            rare,
        }
    }

    /// The same alphabet, picking the rarest characters first.
    pub fn rare_first(&self) -> Alphabet {
        let mut a = self.clone();
        a.order = self.rare.clone();
        a
    }

    fn atom_of(&self, c: u32) -> usize {
        self.starts.partition_point(|&s| s <= c) - 1
    }

    pub fn empty(&self) -> Bits {
        vec![0; self.words]
    }

    pub fn bits(&self, ranges: &[(u32, u32)]) -> Bits {
        let mut bits = self.empty();
        for &(lo, hi) in ranges {
            for a in self.atom_of(lo)..=self.atom_of(hi) {
                bits[a / 64] |= 1 << (a % 64);
            }
        }
        bits
    }

    pub fn all(&self) -> Bits {
        let mut bits = self.empty();
        for &a in &self.order {
            bits[a / 64] |= 1 << (a % 64);
        }
        bits
    }

    /// The most readable character of `bits`.
    pub fn pick(&self, bits: &[u64]) -> char {
        self.order
            .iter()
            .find(|&&a| bits[a / 64] & (1 << (a % 64)) != 0)
            .and_then(|&a| self.rep[a])
            .unwrap_or('?')
    }

    /// Representatives of the atoms, most readable first; those in no class come first.
    pub fn candidates(&self, used: &[u64], limit: usize) -> Vec<char> {
        let unused = self
            .order
            .iter()
            .filter(|&&a| used[a / 64] & (1 << (a % 64)) == 0);
        let used = self
            .order
            .iter()
            .filter(|&&a| used[a / 64] & (1 << (a % 64)) != 0);
        unused
            .take(3)
            .chain(used)
            .filter_map(|&a| self.rep[a])
            .take(limit)
            .collect()
    }
}

#[derive(Clone, Copy, Debug)]
struct Edge {
    to: u32,
    label: u32,
    mult: u8,
}

const S: u32 = 0;
/// The search's retry after a character other than a newline.
const G: u32 = 1;
/// The search's retry right after a newline (where a MULTILINE `^` holds).
const GN: u32 = 2;
/// The first character state's node.
const FIRST: usize = 3;

/// The position automaton.
pub(crate) struct Pa {
    edges: Vec<Vec<Edge>>,
    labels: Vec<Bits>,
    atomic: Vec<bool>,
}

#[derive(Clone, Copy, PartialEq)]
enum Source {
    Start,
    /// Retried after a character other than a newline.
    Anywhere,
    AfterNewline,
    After(u32),
}

impl Pa {
    pub fn build(
        nfa: &Nfa,
        alpha: &Alphabet,
        search: bool,
        budget: &mut Budget,
    ) -> Result<Pa, String> {
        let mut node_of = vec![u32::MAX; nfa.states.len()];
        let mut chars = Vec::new();
        for (i, s) in nfa.states.iter().enumerate() {
            if matches!(s, State::Char { .. }) {
                node_of[i] = (chars.len() + FIRST) as u32;
                chars.push(i as u32);
            }
        }
        let n = chars.len() + FIRST;
        let class_bits: Vec<Bits> = nfa.classes.iter().map(|c| alpha.bits(c)).collect();
        let newline = alpha.bits(&[(10, 10)]);
        let mut labels: Vec<Bits> = Vec::new();
        let mut label_ids: HashMap<Bits, u32> = HashMap::new();
        let mut intern = |b: Bits| -> u32 {
            *label_ids.entry(b.clone()).or_insert_with(|| {
                labels.push(b);
                labels.len() as u32 - 1
            })
        };
        let mut edges = vec![Vec::new(); n];
        let mut atomic = vec![false; n];
        let mut on_path = vec![false; nfa.states.len()];
        for v in 0..n {
            let (from, source) = match v {
                0 => (nfa.start, Source::Start),
                1 if search => (nfa.start, Source::Anywhere),
                2 if search => (nfa.start, Source::AfterNewline),
                1 | 2 => continue,
                _ => {
                    let s = chars[v - FIRST] as usize;
                    atomic[v] = nfa.atomic[s];
                    match nfa.states[s] {
                        State::Char { class, next } => (next, Source::After(class)),
                        _ => unreachable!("only character states are nodes"),
                    }
                }
            };
            let arrivals = eps_paths(
                nfa,
                from,
                source,
                &newline,
                &class_bits,
                &mut on_path,
                budget,
            )?;
            let mut out: Vec<(u32, bool, u8)> = Vec::new();
            for (state, restricted) in arrivals {
                match out.iter_mut().find(|e| e.0 == state && e.1 == restricted) {
                    Some(e) => e.2 = 2,
                    None => out.push((state, restricted, 1)),
                }
            }
            for (state, restricted, mult) in out {
                let State::Char { class, .. } = nfa.states[state as usize] else {
                    continue;
                };
                let mut label = class_bits[class as usize].clone();
                if restricted {
                    label = and(&label, &newline);
                }
                if label.iter().all(|w| *w == 0) {
                    continue;
                }
                edges[v].push(Edge {
                    to: node_of[state as usize],
                    label: intern(label),
                    mult,
                });
            }
        }
        if search {
            // S, G and GN read any character, to GN on a newline and to G otherwise.
            let newline_label = intern(newline.clone());
            let mut other = alpha.all();
            for (o, n) in other.iter_mut().zip(&newline) {
                *o &= !n;
            }
            let other_label = intern(other);
            for from in [S, G, GN] {
                edges[from as usize].push(Edge {
                    to: G,
                    label: other_label,
                    mult: 1,
                });
                edges[from as usize].push(Edge {
                    to: GN,
                    label: newline_label,
                    mult: 1,
                });
            }
        }
        Ok(Pa {
            edges,
            labels,
            atomic,
        })
    }

    fn succ(&self, v: u32) -> impl Iterator<Item = u32> + '_ {
        self.edges[v as usize].iter().map(|e| e.to)
    }
}

/// The character states reachable from `from` by ε-moves, once per distinct simple path, each
/// with whether the path passed a MULTILINE `$` (so the next character must be a newline).
fn eps_paths(
    nfa: &Nfa,
    from: u32,
    source: Source,
    newline: &[u64],
    class_bits: &[Bits],
    on_path: &mut [bool],
    budget: &mut Budget,
) -> Result<Vec<(u32, bool)>, String> {
    const END: u8 = 1;
    const END_LINE: u8 = 2;
    let mut arrivals = Vec::new();
    let mut stack: Vec<(u32, u8, u32)> = vec![(from, 0, 0)];
    on_path[from as usize] = true;
    while let Some(top) = stack.last_mut() {
        budget.spend(1)?;
        let (s, flags, child) = *top;
        let next: Option<(u32, u8)> = match &nfa.states[s as usize] {
            State::Char { .. } => {
                if child == 0 && flags & END == 0 {
                    arrivals.push((s, flags & END_LINE != 0));
                }
                None
            }
            State::Match => None,
            State::Eps(targets) => targets.get(child as usize).map(|t| (*t, flags)),
            State::Marker { next, .. } => (child == 0).then_some((*next, flags)),
            State::Assert { what, next } => {
                if child > 0 {
                    None
                } else {
                    let pass = match what {
                        Assertion::StartText => source == Source::Start,
                        Assertion::StartLine => match source {
                            Source::Start | Source::AfterNewline => true,
                            Source::Anywhere => false,
                            Source::After(class) => and_any(&class_bits[class as usize], newline),
                        },
                        _ => true,
                    };
                    let flags = match what {
                        Assertion::EndText => flags | END,
                        Assertion::EndLine => flags | END_LINE,
                        _ => flags,
                    };
                    pass.then_some((*next, flags))
                }
            }
        };
        match next {
            Some((t, f)) => {
                if let Some(top) = stack.last_mut() {
                    top.2 += 1;
                }
                if !on_path[t as usize] {
                    on_path[t as usize] = true;
                    stack.push((t, f, 0));
                }
            }
            None => {
                on_path[s as usize] = false;
                stack.pop();
            }
        }
    }
    Ok(arrivals)
}

/// Strongly connected components (iterative Tarjan). Returns the component of each node;
/// components are numbered so that every edge goes to an equal or smaller number.
fn tarjan(n: usize, succ: &dyn Fn(u32) -> Vec<u32>) -> (Vec<u32>, usize) {
    let mut index = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![u32::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0u32;
    let mut comps = 0usize;
    for root in 0..n as u32 {
        if index[root as usize] != u32::MAX {
            continue;
        }
        let mut call: Vec<(u32, Vec<u32>, usize)> = vec![(root, succ(root), 0)];
        index[root as usize] = next_index;
        low[root as usize] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some((v, ws, i)) = call.last_mut() {
            let v = *v;
            if let Some(&w) = ws.get(*i) {
                *i += 1;
                if index[w as usize] == u32::MAX {
                    index[w as usize] = next_index;
                    low[w as usize] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    call.push((w, succ(w), 0));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
            } else {
                call.pop();
                if let Some((u, _, _)) = call.last() {
                    low[*u as usize] = low[*u as usize].min(low[v as usize]);
                }
                if low[v as usize] == index[v as usize] {
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        comp[w as usize] = comps as u32;
                        if w == v {
                            break;
                        }
                    }
                    comps += 1;
                }
            }
        }
    }
    (comp, comps)
}

/// An attack before its suffix: `prefix`, then each `(pump, then)`.
#[derive(Clone, Debug)]
pub(crate) struct Witness {
    pub prefix: String,
    pub pumps: Vec<(String, String)>,
    /// The first loop is `G`, the search's retry: any character may come before the attack.
    pub from_search: bool,
}

pub(crate) struct Findings {
    /// Exponential candidates.
    pub exponential: Vec<Witness>,
    /// Polynomial candidates with their degree, highest first.
    pub polynomial: Vec<(u32, Witness)>,
}

struct Ctx<'a> {
    pa: &'a Pa,
    alpha: &'a Alphabet,
    comp: Vec<u32>,
    members: Vec<Vec<u32>>,
    cyclic: Vec<bool>,
    /// Shortest paths from `S`: (depth, parent, character) per node.
    from_start: Vec<Option<(u32, u32, char)>>,
}

pub(crate) fn find(pa: &Pa, alpha: &Alphabet, budget: &mut Budget) -> Result<Findings, String> {
    let n = pa.edges.len();
    let (comp, comps) = tarjan(n, &|v| pa.succ(v).collect());
    let mut members = vec![Vec::new(); comps];
    for v in 0..n {
        members[comp[v] as usize].push(v as u32);
    }
    let cyclic: Vec<bool> = (0..comps)
        .map(|c| {
            members[c].len() > 1
                || members[c]
                    .first()
                    .is_some_and(|&v| pa.succ(v).any(|w| w == v))
        })
        .collect();
    let mut from_start: Vec<Option<(u32, u32, char)>> = vec![None; n];
    from_start[S as usize] = Some((0, S, ' '));
    let mut queue = VecDeque::from([S]);
    while let Some(v) = queue.pop_front() {
        let depth = from_start[v as usize].map_or(0, |d| d.0);
        for e in &pa.edges[v as usize] {
            budget.spend(1)?;
            if from_start[e.to as usize].is_none() {
                from_start[e.to as usize] =
                    Some((depth + 1, v, alpha.pick(&pa.labels[e.label as usize])));
                queue.push_back(e.to);
            }
        }
    }
    let ctx = Ctx {
        pa,
        alpha,
        comp,
        members,
        cyclic,
        from_start,
    };
    let mut exponential = Vec::new();
    for c in 0..comps {
        if ctx.cyclic[c] {
            if let Some(w) = ctx.eda(c, budget)? {
                exponential.push(w);
            }
        }
    }
    let polynomial = ctx.ida(budget)?;
    Ok(Findings {
        exponential,
        polynomial,
    })
}

impl Ctx<'_> {
    fn label(&self, e: &Edge) -> &Bits {
        &self.pa.labels[e.label as usize]
    }

    /// Shortest word from `S` to `to` (any path), or from `from` to `to` inside component `c`.
    fn path(
        &self,
        from: u32,
        to: u32,
        within: Option<u32>,
        budget: &mut Budget,
    ) -> Result<Option<String>, String> {
        if from == to {
            return Ok(Some(String::new()));
        }
        let mut parent: HashMap<u32, (u32, char)> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        while let Some(v) = queue.pop_front() {
            for e in &self.pa.edges[v as usize] {
                budget.spend(1)?;
                if within.is_some_and(|c| self.comp[e.to as usize] != c)
                    || e.to == from
                    || parent.contains_key(&e.to)
                {
                    continue;
                }
                parent.insert(e.to, (v, self.alpha.pick(self.label(e))));
                if e.to == to {
                    let mut word = Vec::new();
                    let mut cur = to;
                    while cur != from {
                        let (p, ch) = parent[&cur];
                        word.push(ch);
                        cur = p;
                    }
                    return Ok(Some(word.into_iter().rev().collect()));
                }
                queue.push_back(e.to);
            }
        }
        Ok(None)
    }

    fn prefix_to(&self, v: u32, _budget: &mut Budget) -> Result<Option<String>, String> {
        if v == G {
            return Ok(Some(String::new()));
        }
        if v == GN {
            return Ok(Some("\n".to_string()));
        }
        let mut word = Vec::new();
        let mut cur = v;
        while cur != S {
            let Some((_, parent, ch)) = self.from_start[cur as usize] else {
                return Ok(None);
            };
            word.push(ch);
            cur = parent;
        }
        Ok(Some(word.into_iter().rev().collect()))
    }

    fn depth(&self, v: u32) -> u32 {
        if v == G || v == GN {
            return 0;
        }
        self.from_start[v as usize].map_or(u32::MAX, |d| d.0)
    }

    /// Two distinct loops on one word inside component `c`.
    fn eda(&self, c: usize, budget: &mut Budget) -> Result<Option<Witness>, String> {
        let pa = self.pa;
        let inside = |v: u32| self.comp[v as usize] as usize == c;
        let mut ids: HashMap<(u32, u32), u32> = HashMap::new();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        // (target pair, char, divergent)
        let mut adj: Vec<Vec<(u32, char, bool)>> = Vec::new();
        // The character read on a pair edge, per pair of labels.
        let mut picked: HashMap<(u32, u32), char> = HashMap::new();
        let mut queue = VecDeque::new();
        for &v in &self.members[c] {
            ids.insert((v, v), pairs.len() as u32);
            pairs.push((v, v));
            adj.push(Vec::new());
            queue.push_back(pairs.len() as u32 - 1);
        }
        while let Some(id) = queue.pop_front() {
            let (p, q) = pairs[id as usize];
            for (i1, e1) in pa.edges[p as usize].iter().enumerate() {
                if !inside(e1.to) {
                    continue;
                }
                for (i2, e2) in pa.edges[q as usize].iter().enumerate() {
                    budget.spend(1)?;
                    if !inside(e2.to) || !and_any(self.label(e1), self.label(e2)) {
                        continue;
                    }
                    let (a, b) = (e1.to, e2.to);
                    if a != b && (pa.atomic[a as usize] || pa.atomic[b as usize]) {
                        continue;
                    }
                    let divergent =
                        p == q && a == b && !pa.atomic[a as usize] && (i1 != i2 || e1.mult > 1);
                    let target = match ids.get(&(a, b)) {
                        Some(t) => *t,
                        None => {
                            let t = pairs.len() as u32;
                            ids.insert((a, b), t);
                            pairs.push((a, b));
                            adj.push(Vec::new());
                            queue.push_back(t);
                            t
                        }
                    };
                    let ch = *picked
                        .entry((e1.label, e2.label))
                        .or_insert_with(|| self.alpha.pick(&and(self.label(e1), self.label(e2))));
                    adj[id as usize].push((target, ch, divergent));
                }
            }
        }
        let (pcomp, pcomps) = tarjan(pairs.len(), &|v| {
            adj[v as usize].iter().map(|e| e.0).collect()
        });
        let mut by_comp: Vec<Vec<u32>> = vec![Vec::new(); pcomps];
        for (v, k) in pcomp.iter().enumerate() {
            by_comp[*k as usize].push(v as u32);
        }
        for k in 0..pcomps as u32 {
            let in_k = |v: u32| pcomp[v as usize] == k;
            budget.spend(by_comp[k as usize].len() as u64)?;
            // The diagonal pair with the shortest prefix.
            let diag = by_comp[k as usize]
                .iter()
                .copied()
                .filter(|&v| pairs[v as usize].0 == pairs[v as usize].1)
                .min_by_key(|&v| self.depth(pairs[v as usize].0));
            let Some(diag) = diag else { continue };
            // Breadth-first from it to the nearest divergence: an off-diagonal pair, or a
            // doubled edge, inside the component; then back.
            let mut parent: HashMap<u32, (u32, char)> = HashMap::new();
            let mut queue = VecDeque::from([diag]);
            let mut found: Option<(String, u32)> = None;
            let word_to = |parent: &HashMap<u32, (u32, char)>, to: u32| -> String {
                let mut word = Vec::new();
                let mut cur = to;
                while cur != diag {
                    let (p, ch) = parent[&cur];
                    word.push(ch);
                    cur = p;
                }
                word.into_iter().rev().collect()
            };
            'bfs: while let Some(v) = queue.pop_front() {
                if pairs[v as usize].0 != pairs[v as usize].1 {
                    found = Some((word_to(&parent, v), v));
                    break;
                }
                for &(t, ch, divergent) in &adj[v as usize] {
                    budget.spend(1)?;
                    if !in_k(t) {
                        continue;
                    }
                    if divergent {
                        found = Some((format!("{}{ch}", word_to(&parent, v)), t));
                        break 'bfs;
                    }
                    if t != diag && !parent.contains_key(&t) {
                        parent.insert(t, (v, ch));
                        queue.push_back(t);
                    }
                }
            }
            let Some((there, from)) = found else { continue };
            let Some(back) = self.pair_path(&adj, &in_k, from, diag, budget)? else {
                continue;
            };
            let q = pairs[diag as usize].0;
            let Some(prefix) = self.prefix_to(q, budget)? else {
                continue;
            };
            return Ok(Some(Witness {
                prefix,
                pumps: vec![(there + &back, String::new())],
                from_search: false,
            }));
        }
        Ok(None)
    }

    /// Shortest word between two pairs inside a product component.
    fn pair_path(
        &self,
        adj: &[Vec<(u32, char, bool)>],
        in_k: &dyn Fn(u32) -> bool,
        from: u32,
        to: u32,
        budget: &mut Budget,
    ) -> Result<Option<String>, String> {
        if from == to {
            return Ok(Some(String::new()));
        }
        let mut parent: HashMap<u32, (u32, char)> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        while let Some(v) = queue.pop_front() {
            for &(t, ch, _) in &adj[v as usize] {
                budget.spend(1)?;
                if !in_k(t) || t == from || parent.contains_key(&t) {
                    continue;
                }
                parent.insert(t, (v, ch));
                if t == to {
                    let mut word = Vec::new();
                    let mut cur = to;
                    while cur != from {
                        let (p, ch) = parent[&cur];
                        word.push(ch);
                        cur = p;
                    }
                    return Ok(Some(word.into_iter().rev().collect()));
                }
                queue.push_back(t);
            }
        }
        Ok(None)
    }

    /// The longest chains of linked loops, one per last loop, longest first.
    fn ida(&self, budget: &mut Budget) -> Result<Vec<(u32, Witness)>, String> {
        let comps = self.members.len();
        let loops: Vec<usize> = (0..comps).filter(|&c| self.cyclic[c]).rev().collect();
        if loops.len() < 2 {
            return Ok(Vec::new());
        }
        // Which loops reach which (components are numbered against the edges).
        let mut reach: Vec<Vec<bool>> = vec![Vec::new(); comps];
        let slot: HashMap<usize, usize> = loops.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        for c in 0..comps {
            let mut r = vec![false; loops.len()];
            for &v in &self.members[c] {
                for w in self.pa.succ(v) {
                    let d = self.comp[w as usize] as usize;
                    if d == c {
                        continue;
                    }
                    budget.spend(1)?;
                    if let Some(&i) = slot.get(&d) {
                        r[i] = true;
                    }
                    for (i, x) in reach[d].iter().enumerate() {
                        if *x {
                            r[i] = true;
                        }
                    }
                }
            }
            reach[c] = r;
        }
        // The atoms each loop can read while staying inside.
        let loop_atoms: HashMap<usize, Bits> = loops
            .iter()
            .map(|&c| {
                let mut bits = self.alpha.empty();
                for &v in &self.members[c] {
                    for e in &self.pa.edges[v as usize] {
                        if self.comp[e.to as usize] as usize == c {
                            for (b, l) in bits.iter_mut().zip(self.label(e)) {
                                *b |= l;
                            }
                        }
                    }
                }
                (c, bits)
            })
            .collect();
        // best[c] = (chain length, previous loop, link witness)
        let mut best: HashMap<usize, (u32, Option<(usize, Link)>)> = HashMap::new();
        for (i, &c) in loops.iter().enumerate() {
            let mut candidates: Vec<usize> = loops[..i]
                .iter()
                .copied()
                .filter(|&p| reach[p][slot[&c]] && and_any(&loop_atoms[&p], &loop_atoms[&c]))
                .collect();
            candidates.sort_by_key(|p| std::cmp::Reverse(best[p].0));
            let mut mine = (1, None);
            for p in candidates {
                if best[&p].0 < mine.0 {
                    break;
                }
                if let Some(link) = self.link(p, c, budget)? {
                    mine = (best[&p].0 + 1, Some((p, link)));
                    break;
                }
            }
            best.insert(c, mine);
        }
        let mut chains: Vec<(u32, usize)> = best
            .iter()
            .filter(|(_, b)| b.0 >= 2)
            .map(|(&c, b)| (b.0, c))
            .collect();
        chains.sort_by_key(|&(len, c)| (std::cmp::Reverse(len), c));
        let mut out = Vec::new();
        // Each longest chain, and its contiguous sub-chains (a shorter chain may fail the match
        // where the longer one cannot), longest first.
        let mut link_lists: Vec<Vec<Link>> = Vec::new();
        for (_, last) in chains.into_iter().take(8) {
            let mut links = Vec::new();
            let mut cur = last;
            while let Some((prev, link)) = &best[&cur].1 {
                links.push(link.clone());
                cur = *prev;
            }
            links.reverse();
            for len in (1..=links.len()).rev() {
                for start in 0..=links.len() - len {
                    link_lists.push(links[start..start + len].to_vec());
                }
            }
        }
        link_lists.sort_by_key(|l| std::cmp::Reverse(l.len()));
        let mut seen = std::collections::HashSet::new();
        for links in link_lists {
            if out.len() >= 24 {
                break;
            }
            let key: Vec<(u32, u32)> = links.iter().map(|l| (l.p, l.q)).collect();
            if !seen.insert(key) {
                continue;
            }
            let Some(prefix) = self.prefix_to(links[0].p, budget)? else {
                continue;
            };
            let mut pumps = Vec::new();
            let mut ok = true;
            for (i, link) in links.iter().enumerate() {
                let then = match links.get(i + 1) {
                    Some(next) => {
                        let c = self.comp[link.q as usize];
                        match self.path(link.q, next.p, Some(c), budget)? {
                            Some(w) => w,
                            None => {
                                ok = false;
                                break;
                            }
                        }
                    }
                    None => String::new(),
                };
                pumps.push((link.word.clone(), then));
            }
            if ok {
                let from_search = links[0].p == G || links[0].p == GN;
                out.push((
                    links.len() as u32 + 1,
                    Witness {
                        prefix,
                        pumps,
                        from_search,
                    },
                ));
            }
        }
        Ok(out)
    }

    /// A word `y` and states `p` (loop `c1`), `q` (loop `c2`) with `p →y p`, `p →y q`, `q →y q`.
    fn link(&self, c1: usize, c2: usize, budget: &mut Budget) -> Result<Option<Link>, String> {
        let pa = self.pa;
        let in1 = |v: u32| self.comp[v as usize] as usize == c1;
        let in2 = |v: u32| self.comp[v as usize] as usize == c2;
        for &p in &self.members[c1] {
            for &q in &self.members[c2] {
                let start = (p, p, q);
                let goal = (p, q, q);
                let mut parent: HashMap<Triple, (Triple, char)> = HashMap::new();
                let mut queue = VecDeque::from([start]);
                while let Some((a, b, c)) = queue.pop_front() {
                    for e1 in &pa.edges[a as usize] {
                        if !in1(e1.to) {
                            continue;
                        }
                        for e3 in &pa.edges[c as usize] {
                            if !in2(e3.to) || !and_any(self.label(e1), self.label(e3)) {
                                continue;
                            }
                            let l13 = and(self.label(e1), self.label(e3));
                            for e2 in &pa.edges[b as usize] {
                                budget.spend(1)?;
                                let c2_of = self.comp[e2.to as usize] as usize;
                                // `b` travels from c1 to c2: it never leaves for a component
                                // that cannot come back to c2 (components only go down).
                                if c2_of < c2 || !and_any(&l13, self.label(e2)) {
                                    continue;
                                }
                                let t = (e1.to, e2.to, e3.to);
                                if t == start || parent.contains_key(&t) {
                                    continue;
                                }
                                let ch = self.alpha.pick(&and(&l13, self.label(e2)));
                                parent.insert(t, ((a, b, c), ch));
                                if t == goal {
                                    let mut word = Vec::new();
                                    let mut cur = goal;
                                    while cur != start {
                                        let (prev, ch) = parent[&cur];
                                        word.push(ch);
                                        cur = prev;
                                    }
                                    return Ok(Some(Link {
                                        p,
                                        q,
                                        word: word.into_iter().rev().collect(),
                                    }));
                                }
                                queue.push_back(t);
                            }
                        }
                    }
                }
            }
        }
        Ok(None)
    }
}

#[derive(Clone, Debug)]
struct Link {
    p: u32,
    q: u32,
    word: String,
}
