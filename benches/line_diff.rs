//! Criterion benchmarks of the line diff (`diff::file_diff`) and of the moved-block search
//! (`diff::moved_blocks`) on generated Python-like inputs, so they run without the releases
//! corpus: a module the size of Django's `query.py` with a few edits and with many, a
//! 20,000-line file of repeated lines shuffled (git's cost heuristics decide), 20,000 distinct
//! lines reversed, and 250,000 lines all rewritten. Run with `cargo bench --bench line_diff`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hunkguard::diff::{file_diff, moved_blocks, FileChange, Side};
use std::hint::black_box;
use std::time::Duration;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

const VOCABULARY: &[&str] = &[
    "",
    "",
    "    return x",
    "    pass",
    "def f(x):",
    "    x = 1",
    "        return None",
    "class A:",
    "    def g(self):",
    "        self.v = v",
    "# c",
    "    if x:",
    "        pass",
];

fn text(lines: &[String]) -> Vec<u8> {
    let mut t = lines.join("\n");
    t.push('\n');
    t.into_bytes()
}

/// `edits` random insertions (from the vocabulary), deletions and duplications.
fn edited(rng: &mut Rng, lines: &[String], edits: usize) -> Vec<String> {
    let mut l = lines.to_vec();
    for _ in 0..edits {
        let at = rng.below(l.len() + 1);
        let end = (at + 1 + rng.below(5)).min(l.len());
        match rng.below(3) {
            0 => {
                for _ in 0..1 + rng.below(6) {
                    l.insert(at, VOCABULARY[rng.below(VOCABULARY.len())].to_owned());
                }
            }
            1 => {
                l.drain(at..end);
            }
            _ => {
                let copy = l[at..end].to_vec();
                l.extend(copy);
            }
        }
    }
    l
}

fn line_diff(c: &mut Criterion) {
    let mut rng = Rng(11);
    let module: Vec<String> = (0..2600)
        .map(|i| match i % 13 {
            0 => format!("def func_{i}(self, arg_{i}):"),
            1 => format!("    \"\"\"Doc {i}.\"\"\""),
            12 => String::new(),
            k => format!("    value_{k} = self.call_{i}(arg_{}, {k})", i % 97),
        })
        .collect();
    let few = edited(&mut rng, &module, 5);
    let many = edited(&mut rng, &module, 300);
    let repeated: Vec<String> = (0..20_000)
        .map(|i| format!("r{} = {}", i % 50, i % 7))
        .collect();
    let mut shuffled = repeated.clone();
    for i in 0..shuffled.len() {
        let j = rng.below(shuffled.len());
        shuffled.swap(i, j);
    }
    let distinct: Vec<String> = (0..20_000).map(|i| format!("r{i} = {i}")).collect();
    let reversed: Vec<String> = distinct.iter().rev().cloned().collect();
    let generated: Vec<String> = (0..250_000).map(|i| format!("a{i} = {i}")).collect();
    let regenerated: Vec<String> = (0..250_000).map(|i| format!("b{i} = {i}")).collect();
    let cases = [
        ("2,600-line module, 5 edits", text(&module), text(&few)),
        ("2,600-line module, 300 edits", text(&module), text(&many)),
        (
            "20,000 repeated lines shuffled",
            text(&repeated),
            text(&shuffled),
        ),
        (
            "20,000 distinct lines reversed",
            text(&distinct),
            text(&reversed),
        ),
        (
            "250,000 lines rewritten",
            text(&generated),
            text(&regenerated),
        ),
    ];

    let mut group = c.benchmark_group("diff::file_diff");
    for (name, old, new) in &cases {
        group.throughput(Throughput::Bytes(new.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| file_diff(black_box(old), black_box(new)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("diff::moved_blocks");
    for (name, old, new) in &cases[..2] {
        let diff = file_diff(old, new);
        let files = [FileChange {
            old: Some(Side {
                path: "m.py",
                text: old,
            }),
            new: Some(Side {
                path: "m.py",
                text: new,
            }),
            diff: &diff,
        }];
        group.bench_function(*name, |b| b.iter(|| moved_blocks(black_box(&files))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = line_diff
}
criterion_main!(benches);
