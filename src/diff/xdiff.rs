//! git's line diff, reimplemented: what `git diff` computes with its defaults (Myers, with
//! `diff.indentHeuristic` on), line for line.
//!
//! Four steps, each as git's `xdiff` does it (`xprepare.c`, `xdiffi.c`):
//! 1. **Prepare**: lines are classified (equal bytes, equal class), the lines both files begin
//!    and end with are set aside, and of the rest, lines that occur nowhere in the other file
//!    are marked changed at once; so are lines that occur very often there (more than about
//!    the square root of the file's length) when they sit in a run of such lines.
//! 2. **Myers** on what is left: divide and conquer on the middle snake, with git's
//!    heuristics: past a cost of 256 a long enough snake far enough along is taken as the
//!    split, and past a cost of about the square root of the lengths the furthest-reaching
//!    diagonal is, so a file rewritten from end to end costs O(N^1.5), not O(N^2).
//! 3. **Compaction** of each file's groups of changed lines: slid up and down as far as they
//!    go (merging with neighbours), lined up with a group of the other file when one can be,
//!    else placed by the indent heuristic's score.
//! 4. **Hunks**: the runs of changed lines of both files, in step.

/// A text split into lines, each with its terminator (`\n`); a last line without one counts.
pub(super) struct Lines<'a> {
    text: &'a [u8],
    /// Where each line starts, then the end of the text.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a [u8]) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 2);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        if *starts.last().unwrap_or(&0) != text.len() {
            starts.push(text.len());
        }
        Lines { text, starts }
    }

    /// How many lines.
    pub(super) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Line `i` (0-based), terminator included.
    pub(super) fn line(&self, i: usize) -> &'a [u8] {
        &self.text[self.starts[i]..self.starts[i + 1]]
    }
}

/// One hunk as 0-based half-open line ranges: `old.0..old.1` of the old file became
/// `new.0..new.1` of the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawHunk {
    pub old: (usize, usize),
    pub new: (usize, usize),
}

/// git's hunks between two texts split at `\n`.
pub(super) fn diff(old: &Lines, new: &Lines) -> Vec<RawHunk> {
    let (n1, n2) = (old.len(), new.len());
    let mut side1 = Side::new(old);
    let mut side2 = Side::new(new);

    // The lines both files begin with and end with (`xdl_trim_ends`).
    let lim = n1.min(n2);
    let prefix = (0..lim).take_while(|&i| old.line(i) == new.line(i)).count();
    let suffix = (0..lim - prefix)
        .take_while(|&i| old.line(n1 - 1 - i) == new.line(n2 - 1 - i))
        .count();
    if prefix == n1 && prefix == n2 {
        return Vec::new();
    }

    let prepared = prepare(old, new, prefix, suffix, &mut side1, &mut side2);
    Myers::new(&prepared).compare(&prepared, &mut side1, &mut side2);

    compact(&mut side1, &side2);
    compact(&mut side2, &side1);
    hunks(&side1, &side2)
}

/// git's `xdl_bogosqrt`: 2 to the power of half the bit length, rounded up.
fn bogosqrt(mut n: usize) -> usize {
    let mut i = 1;
    while n > 0 {
        i <<= 1;
        n >>= 2;
    }
    i
}

/// A fast hash for lines (the multiply-rotate step of rustc's FxHasher, 8 bytes at a time).
fn line_hash(line: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = (line.len() as u64).wrapping_mul(K);
    let mut chunks = line.chunks_exact(8);
    for c in &mut chunks {
        let word = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K)
}

/// Equal lines to equal numbers (git's classifier): an open-addressing table of class numbers,
/// each class keeping its hash and its first line.
struct Classes<'a> {
    slots: Vec<u32>,
    mask: usize,
    /// The slot of a hash is its top bits (a multiplicative hash mixes those best).
    shift: u32,
    classes: Vec<(u64, &'a [u8])>,
}

impl<'a> Classes<'a> {
    fn with_capacity(lines: usize) -> Self {
        let size = (2 * lines).next_power_of_two().max(16);
        Classes {
            slots: vec![0; size],
            mask: size - 1,
            shift: 64 - size.trailing_zeros(),
            classes: Vec::with_capacity(lines),
        }
    }

    fn len(&self) -> usize {
        self.classes.len()
    }

    /// The slot where `line` is, or the empty one where it would go.
    fn find(&self, line: &[u8], hash: u64) -> usize {
        let mut i = (hash >> self.shift) as usize;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return i;
            }
            let (h, first) = self.classes[slot as usize - 1];
            if h == hash && first == line {
                return i;
            }
            i = (i + 1) & self.mask;
        }
    }

    fn intern(&mut self, line: &'a [u8]) -> u32 {
        let hash = line_hash(line);
        let i = self.find(line, hash);
        if self.slots[i] == 0 {
            self.classes.push((hash, line));
            self.slots[i] = self.classes.len() as u32;
        }
        self.slots[i] - 1
    }

    fn get(&self, line: &[u8]) -> Option<u32> {
        let slot = self.slots[self.find(line, line_hash(line))];
        slot.checked_sub(1)
    }
}

/// What the Myers pass works on: for each file, the class of every line it still has to
/// place (`classes`) and where that line is in the file (`index`).
struct Prepared {
    classes1: Vec<u32>,
    index1: Vec<usize>,
    classes2: Vec<u32>,
    index2: Vec<usize>,
}

/// How many lines of the other file a line may match before it counts as "very common".
const MAX_EQLIMIT: usize = 1024;
/// How far around a very common line the run of unmatched lines is looked for.
const SIMSCAN_WINDOW: usize = 100;
/// The ratio of unmatched to very common lines in that run that discards the line.
const KPDIS_RUN: usize = 4;

/// What a line of one file has in the other one (`dis` in `xdl_cleanup_records`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Matches {
    None,
    Some,
    Many,
}

/// git's `xdl_cleanup_records`, over the lines between the common prefix and suffix: classes
/// for them, and those without a useful match marked changed at once. A line's matches are
/// counted over the whole other file, the common prefix and suffix included, and the limit of
/// "very common" comes from the whole file's length, as git does: so those lines are looked
/// at too, but only hashed when their length is one a middle line has.
fn prepare<'a>(
    old: &Lines<'a>,
    new: &Lines<'a>,
    prefix: usize,
    suffix: usize,
    side1: &mut Side,
    side2: &mut Side,
) -> Prepared {
    let (n1, n2) = (old.len(), new.len());
    let mut map = Classes::with_capacity(n1 + n2 - 2 * (prefix + suffix));
    let mut lengths = LengthSet::default();
    let mut classify = |lines: &Lines<'a>, n: usize| -> Vec<u32> {
        (prefix..n - suffix)
            .map(|i| {
                let line = lines.line(i);
                lengths.insert(line.len());
                map.intern(line)
            })
            .collect()
    };
    let classes1 = classify(old, n1);
    let classes2 = classify(new, n2);
    // How often each class occurs in each file: in its middle, then in the common prefix and
    // suffix, which both files have.
    let mut in_old = vec![0u32; map.len()];
    let mut in_new = vec![0u32; map.len()];
    for &id in &classes1 {
        in_old[id as usize] += 1;
    }
    for &id in &classes2 {
        in_new[id as usize] += 1;
    }
    for i in (0..prefix).chain(n1 - suffix..n1) {
        let line = old.line(i);
        if lengths.contains(line.len()) {
            if let Some(id) = map.get(line) {
                in_old[id as usize] += 1;
                in_new[id as usize] += 1;
            }
        }
    }
    drop(map);

    let matches = |classes: &[u32], in_other: &[u32], n: usize| -> Vec<Matches> {
        let limit = bogosqrt(n).min(MAX_EQLIMIT) as u32;
        classes
            .iter()
            .map(|&id| match in_other[id as usize] {
                0 => Matches::None,
                m if m >= limit => Matches::Many,
                _ => Matches::Some,
            })
            .collect()
    };
    let keep = |classes: Vec<u32>, dis: Vec<Matches>, side: &mut Side| {
        let mut kept = Vec::with_capacity(classes.len());
        let mut index = Vec::with_capacity(classes.len());
        for (i, id) in classes.into_iter().enumerate() {
            let useful = match dis[i] {
                Matches::Some => true,
                Matches::Many => !discard_common(&dis, i),
                Matches::None => false,
            };
            if useful {
                kept.push(id);
                index.push(prefix + i);
            } else {
                side.set(prefix + i, true);
            }
        }
        (kept, index)
    };
    let dis1 = matches(&classes1, &in_new, n1);
    let dis2 = matches(&classes2, &in_old, n2);
    let (classes1, index1) = keep(classes1, dis1, side1);
    let (classes2, index2) = keep(classes2, dis2, side2);
    Prepared {
        classes1,
        index1,
        classes2,
        index2,
    }
}

/// The lengths of a set of lines, to skip hashing lines that cannot be among them.
#[derive(Default)]
struct LengthSet {
    short: Vec<u64>,
    any_long: bool,
}

impl LengthSet {
    const SHORT: usize = 4096;

    fn insert(&mut self, len: usize) {
        if len >= Self::SHORT {
            self.any_long = true;
            return;
        }
        if self.short.is_empty() {
            self.short = vec![0; Self::SHORT / 64];
        }
        self.short[len / 64] |= 1 << (len % 64);
    }

    fn contains(&self, len: usize) -> bool {
        if len >= Self::SHORT {
            return self.any_long;
        }
        self.short
            .get(len / 64)
            .is_some_and(|w| w & (1 << (len % 64)) != 0)
    }
}

/// git's `xdl_clean_mmatch`: a very common line is discarded when the lines around it (up to
/// `SIMSCAN_WINDOW` each way, stopping at a line with a normal match) are, on both sides,
/// mostly lines with no match at all.
fn discard_common(dis: &[Matches], i: usize) -> bool {
    let start = i.saturating_sub(SIMSCAN_WINDOW);
    let end = (i + SIMSCAN_WINDOW).min(dis.len() - 1);
    let run = |positions: &mut dyn Iterator<Item = usize>| -> (usize, usize) {
        let (mut unmatched, mut common) = (0, 1);
        for j in positions {
            match dis[j] {
                Matches::None => unmatched += 1,
                Matches::Many => common += 1,
                Matches::Some => break,
            }
        }
        (unmatched, common)
    };
    let (unmatched_before, common_before) = run(&mut (start..i).rev());
    if unmatched_before == 0 {
        return false;
    }
    let (unmatched_after, common_after) = run(&mut (i + 1..=end));
    if unmatched_after == 0 {
        return false;
    }
    let unmatched = unmatched_before + unmatched_after;
    let common = common_before + common_after;
    common * KPDIS_RUN < common + unmatched
}

/// A file's lines and which of them are changed; `changed` has a `false` sentinel before the
/// first line and after the last, as git's `rchg` has.
struct Side<'a> {
    lines: &'a Lines<'a>,
    changed: Vec<bool>,
}

impl<'a> Side<'a> {
    fn new(lines: &'a Lines<'a>) -> Self {
        Side {
            lines,
            changed: vec![false; lines.len() + 2],
        }
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether line `i` is changed; `i` may be -1 or `len` (never).
    fn is(&self, i: isize) -> bool {
        self.changed[(i + 1) as usize]
    }

    fn set(&mut self, i: usize, changed: bool) {
        self.changed[i + 1] = changed;
    }

    fn same(&self, i: usize, j: usize) -> bool {
        self.lines.line(i) == self.lines.line(j)
    }
}

/// Below this cost the search is exact.
const HEUR_MIN_COST: isize = 256;
/// The least cost at which the search settles for the furthest-reaching diagonal.
const MAX_COST_MIN: isize = 256;
/// A snake at least this long is "good".
const SNAKE_CNT: isize = 20;
/// How far along a diagonal must be, per unit of cost, to be taken early.
const K_HEUR: isize = 4;

/// Where a box is split, and whether each half must be diffed minimally.
struct Split {
    i1: isize,
    i2: isize,
    min_lo: bool,
    min_hi: bool,
}

/// git's `xdl_recs_cmp` and `xdl_split`, on the lines `prepare` kept.
struct Myers {
    /// The forward and backward furthest-reaching paths, by diagonal.
    kv: Vec<isize>,
    forward: isize,
    backward: isize,
    max_cost: isize,
}

impl Myers {
    fn new(p: &Prepared) -> Self {
        let (n1, n2) = (p.classes1.len(), p.classes2.len());
        let ndiags = n1 + n2 + 3;
        Myers {
            kv: vec![0; 2 * ndiags + 2],
            forward: n2 as isize + 1,
            backward: (ndiags + n2 + 1) as isize,
            max_cost: (bogosqrt(ndiags) as isize).max(MAX_COST_MIN),
        }
    }

    /// Marks the changed lines of both sides. The boxes are processed depth first, lower
    /// half first, as git's recursion does (so the scratch vectors are in the same state).
    fn compare(&mut self, p: &Prepared, side1: &mut Side, side2: &mut Side) {
        let (h1, h2) = (&p.classes1[..], &p.classes2[..]);
        let mut boxes = vec![(0, h1.len() as isize, 0, h2.len() as isize, false)];
        while let Some((mut off1, mut lim1, mut off2, mut lim2, need_min)) = boxes.pop() {
            while off1 < lim1 && off2 < lim2 && h1[off1 as usize] == h2[off2 as usize] {
                off1 += 1;
                off2 += 1;
            }
            while off1 < lim1 && off2 < lim2 && h1[lim1 as usize - 1] == h2[lim2 as usize - 1] {
                lim1 -= 1;
                lim2 -= 1;
            }
            if off1 == lim1 {
                for i in off2..lim2 {
                    side2.set(p.index2[i as usize], true);
                }
            } else if off2 == lim2 {
                for i in off1..lim1 {
                    side1.set(p.index1[i as usize], true);
                }
            } else {
                let s = self.split(h1, off1, lim1, h2, off2, lim2, need_min);
                boxes.push((s.i1, lim1, s.i2, lim2, s.min_hi));
                boxes.push((off1, s.i1, off2, s.i2, s.min_lo));
            }
        }
    }

    fn f(&self, d: isize) -> isize {
        self.kv[(self.forward + d) as usize]
    }

    fn set_f(&mut self, d: isize, v: isize) {
        self.kv[(self.forward + d) as usize] = v;
    }

    fn b(&self, d: isize) -> isize {
        self.kv[(self.backward + d) as usize]
    }

    fn set_b(&mut self, d: isize, v: isize) {
        self.kv[(self.backward + d) as usize] = v;
    }

    /// git's `xdl_split`: the middle snake of the box, or a good-enough split when the cost
    /// heuristics say so.
    #[allow(clippy::too_many_arguments)]
    fn split(
        &mut self,
        h1: &[u32],
        off1: isize,
        lim1: isize,
        h2: &[u32],
        off2: isize,
        lim2: isize,
        need_min: bool,
    ) -> Split {
        let eq = |i1: isize, i2: isize| h1[i1 as usize] == h2[i2 as usize];
        let (dmin, dmax) = (off1 - lim2, lim1 - off2);
        let (fmid, bmid) = (off1 - off2, lim1 - lim2);
        let odd = (fmid - bmid) & 1 != 0;
        let (mut fmin, mut fmax, mut bmin, mut bmax) = (fmid, fmid, bmid, bmid);
        self.set_f(fmid, off1);
        self.set_b(bmid, lim1);
        let mut ec: isize = 1;
        loop {
            let mut got_snake = false;

            if fmin > dmin {
                fmin -= 1;
                self.set_f(fmin - 1, -1);
            } else {
                fmin += 1;
            }
            if fmax < dmax {
                fmax += 1;
                self.set_f(fmax + 1, -1);
            } else {
                fmax -= 1;
            }
            let mut d = fmax;
            while d >= fmin {
                let mut i1 = if self.f(d - 1) >= self.f(d + 1) {
                    self.f(d - 1) + 1
                } else {
                    self.f(d + 1)
                };
                let prev1 = i1;
                let mut i2 = i1 - d;
                while i1 < lim1 && i2 < lim2 && eq(i1, i2) {
                    i1 += 1;
                    i2 += 1;
                }
                if i1 - prev1 > SNAKE_CNT {
                    got_snake = true;
                }
                self.set_f(d, i1);
                if odd && bmin <= d && d <= bmax && self.b(d) <= i1 {
                    return Split {
                        i1,
                        i2,
                        min_lo: true,
                        min_hi: true,
                    };
                }
                d -= 2;
            }

            if bmin > dmin {
                bmin -= 1;
                self.set_b(bmin - 1, isize::MAX);
            } else {
                bmin += 1;
            }
            if bmax < dmax {
                bmax += 1;
                self.set_b(bmax + 1, isize::MAX);
            } else {
                bmax -= 1;
            }
            let mut d = bmax;
            while d >= bmin {
                let mut i1 = if self.b(d - 1) < self.b(d + 1) {
                    self.b(d - 1)
                } else {
                    self.b(d + 1) - 1
                };
                let prev1 = i1;
                let mut i2 = i1 - d;
                while i1 > off1 && i2 > off2 && eq(i1 - 1, i2 - 1) {
                    i1 -= 1;
                    i2 -= 1;
                }
                if prev1 - i1 > SNAKE_CNT {
                    got_snake = true;
                }
                self.set_b(d, i1);
                if !odd && fmin <= d && d <= fmax && i1 <= self.f(d) {
                    return Split {
                        i1,
                        i2,
                        min_lo: true,
                        min_hi: true,
                    };
                }
                d -= 2;
            }

            if need_min {
                ec += 1;
                continue;
            }

            // Past the trigger cost, a diagonal far enough along (for its distance from the
            // middle one) that ends in a snake of `SNAKE_CNT` lines is a good split.
            if got_snake && ec > HEUR_MIN_COST {
                let (mut best, mut at) = (0, (0, 0));
                let mut d = fmax;
                while d >= fmin {
                    let dd = (d - fmid).abs();
                    let i1 = self.f(d);
                    let i2 = i1 - d;
                    let v = (i1 - off1) + (i2 - off2) - dd;
                    if v > K_HEUR * ec
                        && v > best
                        && off1 + SNAKE_CNT <= i1
                        && i1 < lim1
                        && off2 + SNAKE_CNT <= i2
                        && i2 < lim2
                    {
                        let mut k = 1;
                        while eq(i1 - k, i2 - k) {
                            if k == SNAKE_CNT {
                                best = v;
                                at = (i1, i2);
                                break;
                            }
                            k += 1;
                        }
                    }
                    d -= 2;
                }
                if best > 0 {
                    return Split {
                        i1: at.0,
                        i2: at.1,
                        min_lo: true,
                        min_hi: false,
                    };
                }

                let (mut best, mut at) = (0, (0, 0));
                let mut d = bmax;
                while d >= bmin {
                    let dd = (d - bmid).abs();
                    let i1 = self.b(d);
                    let i2 = i1 - d;
                    let v = (lim1 - i1) + (lim2 - i2) - dd;
                    if v > K_HEUR * ec
                        && v > best
                        && off1 < i1
                        && i1 <= lim1 - SNAKE_CNT
                        && off2 < i2
                        && i2 <= lim2 - SNAKE_CNT
                    {
                        let mut k = 0;
                        while eq(i1 + k, i2 + k) {
                            if k == SNAKE_CNT - 1 {
                                best = v;
                                at = (i1, i2);
                                break;
                            }
                            k += 1;
                        }
                    }
                    d -= 2;
                }
                if best > 0 {
                    return Split {
                        i1: at.0,
                        i2: at.1,
                        min_lo: false,
                        min_hi: true,
                    };
                }
            }

            // Enough: the furthest-reaching path of either direction.
            if ec >= self.max_cost {
                let (mut fbest, mut fbest1) = (-1, -1);
                let mut d = fmax;
                while d >= fmin {
                    let mut i1 = self.f(d).min(lim1);
                    let mut i2 = i1 - d;
                    if lim2 < i2 {
                        i1 = lim2 + d;
                        i2 = lim2;
                    }
                    if fbest < i1 + i2 {
                        fbest = i1 + i2;
                        fbest1 = i1;
                    }
                    d -= 2;
                }
                let (mut bbest, mut bbest1) = (isize::MAX, isize::MAX);
                let mut d = bmax;
                while d >= bmin {
                    let mut i1 = off1.max(self.b(d));
                    let mut i2 = i1 - d;
                    if i2 < off2 {
                        i1 = off2 + d;
                        i2 = off2;
                    }
                    if i1 + i2 < bbest {
                        bbest = i1 + i2;
                        bbest1 = i1;
                    }
                    d -= 2;
                }
                return if (lim1 + lim2) - bbest < fbest - (off1 + off2) {
                    Split {
                        i1: fbest1,
                        i2: fbest - fbest1,
                        min_lo: true,
                        min_hi: false,
                    }
                } else {
                    Split {
                        i1: bbest1,
                        i2: bbest - bbest1,
                        min_lo: false,
                        min_hi: true,
                    }
                };
            }
            ec += 1;
        }
    }
}

/// A group of changed lines `start..end` (possibly empty: then the unchanged line `start`
/// follows it), as in git's `struct xdlgroup`.
#[derive(Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

impl Group {
    fn first(side: &Side) -> Group {
        let mut g = Group { start: 0, end: 0 };
        while side.is(g.end as isize) {
            g.end += 1;
        }
        g
    }

    /// The next group; `false` at the end of the file.
    fn next(&mut self, side: &Side) -> bool {
        if self.end == side.len() {
            return false;
        }
        self.start = self.end + 1;
        self.end = self.start;
        while side.is(self.end as isize) {
            self.end += 1;
        }
        true
    }

    /// The previous group; `false` at the start of the file.
    fn previous(&mut self, side: &Side) -> bool {
        if self.start == 0 {
            return false;
        }
        self.end = self.start - 1;
        self.start = self.end;
        while side.is(self.start as isize - 1) {
            self.start -= 1;
        }
        true
    }

    /// Slides the group one line down when its first line equals the line after it, merging
    /// the group that follows when they meet.
    fn slide_down(&mut self, side: &mut Side) -> bool {
        if self.end < side.len() && side.same(self.start, self.end) {
            side.set(self.start, false);
            side.set(self.end, true);
            self.start += 1;
            self.end += 1;
            while side.is(self.end as isize) {
                self.end += 1;
            }
            true
        } else {
            false
        }
    }

    /// Slides the group one line up when its last line equals the line before it, merging
    /// the group that precedes when they meet.
    fn slide_up(&mut self, side: &mut Side) -> bool {
        if self.start > 0 && side.same(self.start - 1, self.end - 1) {
            self.start -= 1;
            self.end -= 1;
            side.set(self.start, true);
            side.set(self.end, false);
            while side.is(self.start as isize - 1) {
                self.start -= 1;
            }
            true
        } else {
            false
        }
    }

    fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// How far the indent heuristic slides a group at most.
const INDENT_HEURISTIC_MAX_SLIDING: usize = 100;

/// git's `xdl_change_compact` with `XDF_INDENT_HEURISTIC`: every group of changed lines of
/// `side` is slid as far up, then down, as it goes, then placed: lined up with the last
/// group of `other`'s changes it can meet, else where the indent heuristic scores best.
fn compact(side: &mut Side, other: &Side) {
    let mut g = Group::first(side);
    let mut go = Group::first(other);
    loop {
        if !g.is_empty() {
            let mut earliest_end;
            let mut end_matching_other;
            loop {
                let size = g.end - g.start;
                end_matching_other = None;
                while g.slide_up(side) {
                    let moved = go.previous(other);
                    debug_assert!(moved, "group sync broken sliding up");
                }
                earliest_end = g.end;
                if !go.is_empty() {
                    end_matching_other = Some(g.end);
                }
                while g.slide_down(side) {
                    let moved = go.next(other);
                    debug_assert!(moved, "group sync broken sliding down");
                    if !go.is_empty() {
                        end_matching_other = Some(g.end);
                    }
                }
                if size == g.end - g.start {
                    break;
                }
            }

            if g.end == earliest_end {
                // It cannot slide.
            } else if end_matching_other.is_some() {
                while go.is_empty() {
                    let slid = g.slide_up(side);
                    debug_assert!(slid, "match disappeared");
                    let moved = go.previous(other);
                    debug_assert!(moved, "group sync broken sliding to match");
                }
            } else {
                let size = g.end - g.start;
                let mut shift = earliest_end;
                if g.end > size + 1 && g.end - size - 1 > shift {
                    shift = g.end - size - 1;
                }
                if g.end > INDENT_HEURISTIC_MAX_SLIDING
                    && g.end - INDENT_HEURISTIC_MAX_SLIDING > shift
                {
                    shift = g.end - INDENT_HEURISTIC_MAX_SLIDING;
                }
                let mut best: Option<(usize, Score)> = None;
                while shift <= g.end {
                    let score = Score::of_split(side.lines, shift)
                        + Score::of_split(side.lines, shift - size);
                    if best.is_none_or(|(_, b)| score.cmp_to(b) <= 0) {
                        best = Some((shift, score));
                    }
                    shift += 1;
                }
                let best_shift = best.map_or(g.end, |(s, _)| s);
                while g.end > best_shift {
                    let slid = g.slide_up(side);
                    debug_assert!(slid, "best shift unreached");
                    let moved = go.previous(other);
                    debug_assert!(moved, "group sync broken sliding to blank line");
                }
            }
        }
        if !g.next(side) {
            break;
        }
        let moved = go.next(other);
        debug_assert!(moved, "group sync broken moving to next group");
    }
}

/// git's `get_indent`: the indentation of a line (a tab to the next multiple of 8), at most
/// 200, or `None` for a line of whitespace only. Whitespace is git's own (locale-free)
/// `isspace`: space, tab, LF and CR; a form feed or vertical tab is text.
fn indent(line: &[u8]) -> Option<i32> {
    const MAX_INDENT: i32 = 200;
    let mut n = 0;
    for &c in line {
        match c {
            b' ' => n += 1,
            b'\t' => n += 8 - n % 8,
            b'\n' | b'\r' => {}
            _ => return Some(n),
        }
        if n >= MAX_INDENT {
            return Some(MAX_INDENT);
        }
    }
    None
}

/// How many blank lines in a row are looked at around a split.
const MAX_BLANKS: i32 = 20;

/// git's `struct split_score`: smaller is better.
#[derive(Clone, Copy)]
struct Score {
    effective_indent: i32,
    penalty: i32,
}

impl std::ops::Add for Score {
    type Output = Score;
    fn add(self, o: Score) -> Score {
        Score {
            effective_indent: self.effective_indent + o.effective_indent,
            penalty: self.penalty + o.penalty,
        }
    }
}

const START_OF_FILE_PENALTY: i32 = 1;
const END_OF_FILE_PENALTY: i32 = 21;
const TOTAL_BLANK_WEIGHT: i32 = -30;
const POST_BLANK_WEIGHT: i32 = 6;
const RELATIVE_INDENT_PENALTY: i32 = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY: i32 = 10;
const RELATIVE_OUTDENT_PENALTY: i32 = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY: i32 = 17;
const RELATIVE_DEDENT_PENALTY: i32 = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY: i32 = 17;
const INDENT_WEIGHT: i32 = 60;

impl Score {
    /// git's `measure_split` then `score_add_split`, for a split just above line `split`.
    fn of_split(lines: &Lines, split: usize) -> Score {
        let n = lines.len();
        let end_of_file = split >= n;
        let here = if end_of_file {
            None
        } else {
            indent(lines.line(split))
        };
        let (mut pre_blank, mut pre_indent) = (0, None);
        for i in (0..split).rev() {
            pre_indent = indent(lines.line(i));
            if pre_indent.is_some() {
                break;
            }
            pre_blank += 1;
            if pre_blank == MAX_BLANKS {
                pre_indent = Some(0);
                break;
            }
        }
        let (mut post_blank, mut post_indent) = (0, None);
        for i in split + 1..n {
            post_indent = indent(lines.line(i));
            if post_indent.is_some() {
                break;
            }
            post_blank += 1;
            if post_blank == MAX_BLANKS {
                post_indent = Some(0);
                break;
            }
        }

        let mut penalty = 0;
        if pre_indent.is_none() && pre_blank == 0 {
            penalty += START_OF_FILE_PENALTY;
        }
        if end_of_file {
            penalty += END_OF_FILE_PENALTY;
        }
        // Blank lines after the split, the line just after it included.
        let post_blank = if here.is_none() { 1 + post_blank } else { 0 };
        let total_blank = pre_blank + post_blank;
        penalty += TOTAL_BLANK_WEIGHT * total_blank + POST_BLANK_WEIGHT * post_blank;
        let line_indent = here.or(post_indent);
        let any_blanks = total_blank != 0;
        if let (Some(indent), Some(pre)) = (line_indent, pre_indent) {
            if indent > pre {
                penalty += if any_blanks {
                    RELATIVE_INDENT_WITH_BLANK_PENALTY
                } else {
                    RELATIVE_INDENT_PENALTY
                };
            } else if indent < pre {
                let starts_block = post_indent.is_some_and(|post| post > indent);
                penalty += match (starts_block, any_blanks) {
                    (true, true) => RELATIVE_OUTDENT_WITH_BLANK_PENALTY,
                    (true, false) => RELATIVE_OUTDENT_PENALTY,
                    (false, true) => RELATIVE_DEDENT_WITH_BLANK_PENALTY,
                    (false, false) => RELATIVE_DEDENT_PENALTY,
                };
            }
        }
        Score {
            effective_indent: line_indent.unwrap_or(-1),
            penalty,
        }
    }

    /// git's `score_cmp`: negative when `self` is better.
    fn cmp_to(self, other: Score) -> i32 {
        let indents = (self.effective_indent > other.effective_indent) as i32
            - (self.effective_indent < other.effective_indent) as i32;
        INDENT_WEIGHT * indents + (self.penalty - other.penalty)
    }
}

/// git's `xdl_build_script`: the runs of changed lines, the two files walked in step.
fn hunks(side1: &Side, side2: &Side) -> Vec<RawHunk> {
    let (n1, n2) = (side1.len(), side2.len());
    let (mut i1, mut i2) = (0, 0);
    let mut out = Vec::new();
    while i1 < n1 || i2 < n2 {
        if side1.is(i1 as isize) || side2.is(i2 as isize) {
            let (s1, s2) = (i1, i2);
            while side1.is(i1 as isize) {
                i1 += 1;
            }
            while side2.is(i2 as isize) {
                i2 += 1;
            }
            out.push(RawHunk {
                old: (s1, i1),
                new: (s2, i2),
            });
        } else {
            i1 += 1;
            i2 += 1;
        }
    }
    out
}
