//! Criterion benchmarks of the per-file stages on real Django files: parsing with scope mapping
//! (`PythonFile::parse`), the rule walk (`rules::check_file`), the whole analysis of a blob
//! (`rules::analyze::analyze`), and the line diff (`diff::changed_lines`).
//!
//! The files are read at bench time from the releases corpus that `scripts/corpus/make-corpus.sh`
//! builds (`target/corpus/releases`, or the repository named by `HUNKGUARD_BENCH_CORPUS`);
//! without it the benchmarks are skipped with a message. Run with `cargo bench --bench pipeline`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use hunkguard::diff::changed_lines;
use hunkguard::model::TestMode;
use hunkguard::python::Focus;
use hunkguard::python::PythonFile;
use hunkguard::rules::engine::check_file;
use hunkguard::rules::RuleSet;
use hunkguard::rules::{analyze, AnalysisOptions};
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// Large, real files of Django 5.1.15 (the corpus tip).
const FILES: &[&str] = &[
    "django/db/models/query.py",
    "django/db/models/sql/query.py",
    "django/contrib/admin/options.py",
];
/// The file whose versions are diffed.
const DIFFED: &str = "django/db/models/query.py";

fn corpus() -> Option<PathBuf> {
    let repo = match std::env::var_os("HUNKGUARD_BENCH_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/corpus/releases"),
    };
    if repo.join(".git").is_dir() || repo.join("HEAD").is_file() {
        Some(repo)
    } else {
        None
    }
}

/// The first commit `git rev-list ARGS` names, `None` on any failure.
fn rev_parse(repo: &PathBuf, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["rev-list", "-n1"])
        .args(args)
        .output()
        .ok()?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (out.status.success() && !id.is_empty()).then_some(id)
}

/// The bytes of `path` at `rev`, by `git show`.
fn blob(repo: &PathBuf, rev: &str, path: &str) -> Option<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

struct Inputs {
    /// (path, text at the tip)
    files: Vec<(&'static str, String)>,
    /// `DIFFED` at the root (3.2), at the tip's parent (5.1.8) and at the tip (5.1.15).
    diffed: Option<(Vec<u8>, Vec<u8>, Vec<u8>)>,
}

fn inputs() -> Option<Inputs> {
    let Some(repo) = corpus() else {
        eprintln!(
            "pipeline benches skipped: no corpus at target/corpus/releases \
             (run scripts/corpus/make-corpus.sh, or set HUNKGUARD_BENCH_CORPUS)"
        );
        return None;
    };
    let tip = rev_parse(&repo, &["HEAD"])?;
    let root = rev_parse(&repo, &["--max-parents=0", "HEAD"]).unwrap_or_else(|| tip.clone());
    let parent = rev_parse(&repo, &["HEAD~1"]).unwrap_or_else(|| tip.clone());
    let files: Vec<_> = FILES
        .iter()
        .filter_map(|&p| {
            let bytes = blob(&repo, &tip, p)?;
            Some((p, String::from_utf8(bytes).ok()?))
        })
        .collect();
    if files.is_empty() {
        eprintln!(
            "pipeline benches skipped: {} has none of {FILES:?}",
            repo.display()
        );
        return None;
    }
    let diffed = (|| {
        Some((
            blob(&repo, &root, DIFFED)?,
            blob(&repo, &parent, DIFFED)?,
            blob(&repo, &tip, DIFFED)?,
        ))
    })();
    Some(Inputs { files, diffed })
}

fn short(path: &str) -> String {
    path.trim_start_matches("django/").replace('/', "::")
}

fn pipeline(c: &mut Criterion) {
    let Some(inputs) = inputs() else { return };
    let rules = RuleSet::all();
    let opts = AnalysisOptions {
        rules: rules.clone(),
        tests: TestMode::Aware,
        max_file_bytes: 5 << 20,
        // As `--format review` runs it: everything an analysis can collect.
        facts: true,
    };

    let mut parse = c.benchmark_group("parse+scopes");
    for (path, text) in &inputs.files {
        parse.throughput(Throughput::Bytes(text.len() as u64));
        parse.bench_function(short(path), |b| {
            b.iter_batched(
                || text.clone(),
                |t| PythonFile::parse(path, t).expect("parses"),
                BatchSize::SmallInput,
            )
        });
    }
    parse.finish();

    let mut walk = c.benchmark_group("rules::check_file");
    for (path, text) in &inputs.files {
        let file = PythonFile::parse(path, text.clone()).expect("parses");
        walk.throughput(Throughput::Bytes(text.len() as u64));
        walk.bench_function(short(path), |b| {
            b.iter(|| check_file(black_box(&file), path, &rules, &Focus::Whole))
        });
    }
    walk.finish();

    let mut whole = c.benchmark_group("analyze");
    for (path, text) in &inputs.files {
        whole.throughput(Throughput::Bytes(text.len() as u64));
        whole.bench_function(short(path), |b| {
            b.iter(|| analyze(path, black_box(text.as_bytes()), &opts))
        });
    }
    whole.finish();

    if let Some((root, parent, tip)) = &inputs.diffed {
        let mut diff = c.benchmark_group("diff::changed_lines");
        diff.throughput(Throughput::Bytes(tip.len() as u64));
        diff.bench_function("query.py 3.2 -> 5.1.15", |b| {
            b.iter(|| changed_lines(black_box(root), black_box(tip)))
        });
        diff.bench_function("query.py 5.1.8 -> 5.1.15", |b| {
            b.iter(|| changed_lines(black_box(parent), black_box(tip)))
        });
        diff.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = pipeline
}
criterion_main!(benches);
