//! The rule fixtures: every `tests/fixtures/**/*.py` is committed into a fresh repository and
//! scanned once, in the default mode. Markers at the end of a line say what the line is:
//!
//! - `# expect: B602, HG301` — flagged with exactly these ids (a true case). `HG301@low`
//!   also checks the severity (the data-flow gate lowers pattern findings proven clean).
//! - `# miss: HG304` — a true case the rules do not flag yet (a known false negative).
//! - `# fp: HG305` — flagged although it should not be (a known false positive).
//!
//! Any other line must not be flagged. Both ways are checked, so a marker that stops being
//! true fails the test until it is updated. The same markers give each rule's true- and
//! false-positive rates over the fixtures' cases (one case is one top-level function, or the
//! module's own lines), written to `target/fixture-rates.md`.

use crate::common::TestRepo;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a marker says of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Expect,
    Miss,
    Fp,
}

/// One marker: line, rule, what it says, and the severity it asks for.
#[derive(Debug, Clone)]
struct Marker {
    line: u64,
    rule: String,
    mark: Mark,
    severity: Option<String>,
}

fn markers(source: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        for (tag, mark) in [
            ("# expect:", Mark::Expect),
            ("# miss:", Mark::Miss),
            ("# fp:", Mark::Fp),
        ] {
            let Some(pos) = line.find(tag) else { continue };
            let rest = &line[pos + tag.len()..];
            let rest = rest.split(" #").next().unwrap_or(rest);
            for id in rest.split(',') {
                let id = id.trim();
                if id.is_empty() {
                    continue;
                }
                let (rule, severity) = match id.split_once('@') {
                    Some((r, s)) => (r.to_owned(), Some(s.to_owned())),
                    None => (id.to_owned(), None),
                };
                out.push(Marker {
                    line: i as u64 + 1,
                    rule,
                    mark,
                    severity,
                });
            }
        }
    }
    out
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixture_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

/// Each fixture's path in the scanned repository and its text.
fn load_fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    fixture_files(&dir, &mut files);
    files.sort();
    files
        .iter()
        .map(|f| {
            let rel = f
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (
                format!("pkg/{rel}"),
                std::fs::read_to_string(f).expect("read fixture"),
            )
        })
        .collect()
}

/// The rules a fixture file is about: its name's ids (`B602_B607.py`, `HG304.py`).
fn subjects(path: &str) -> Vec<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.trim_end_matches(".py");
    stem.split('_')
        .filter(|p| {
            (p.starts_with('B') || p.starts_with("HG"))
                && p.len() >= 4
                && p.chars()
                    .skip_while(|c| c.is_ascii_uppercase())
                    .all(|c| c.is_ascii_digit())
        })
        .map(str::to_owned)
        .collect()
}

/// The case a line belongs to: the top-level `def`/`class` above it, or the module (0).
fn case_of(source: &str, line: u64) -> u64 {
    let mut case = 0;
    let mut decorated = false;
    for (i, text) in source.lines().enumerate().take(line as usize) {
        let starts_def = text.starts_with("def ")
            || text.starts_with("async def ")
            || text.starts_with("class ");
        if text.starts_with('@') {
            // The decorators and the definition below them are one case.
            if !decorated && case_start(source, i) {
                case = i as u64 + 1;
                decorated = true;
            }
        } else if starts_def {
            if !decorated {
                case = i as u64 + 1;
            }
            decorated = false;
        } else if !text.is_empty()
            && !text.starts_with(' ')
            && !text.starts_with('#')
            && !text.starts_with(')')
            && !text.starts_with(']')
        {
            case = 0;
            decorated = false;
        }
    }
    case
}

/// A decorator line starts a case when a `def` or `class` follows its decorators.
fn case_start(source: &str, from: usize) -> bool {
    source
        .lines()
        .skip(from)
        .find(|l| !l.starts_with('@'))
        .is_some_and(|l| {
            l.starts_with("def ") || l.starts_with("async def ") || l.starts_with("class ")
        })
}

/// Every case of a file.
fn cases(source: &str) -> BTreeSet<u64> {
    (1..=source.lines().count() as u64)
        .map(|l| case_of(source, l))
        .collect()
}

#[test]
fn every_fixture_flags_exactly_its_marked_lines() {
    let fixtures = load_fixtures();
    assert!(!fixtures.is_empty(), "no fixtures found");
    // All fixtures in one commit and one scan: a process per fixture would mostly measure
    // process start-up.
    let repo = TestRepo::new();
    for (path, source) in &fixtures {
        // Fixtures whose name starts with `test_` are judged as test code, on purpose.
        repo.write(path, source);
    }
    repo.commit_all("fixtures");
    let (_, doc) = repo.scan_json(&["commit", "HEAD", "--scope", "file"]);
    let mut actual: BTreeMap<(String, u64, String), Vec<String>> = BTreeMap::new();
    for commit in doc["commits"].as_array().unwrap() {
        for f in commit["findings"].as_array().unwrap() {
            actual
                .entry((
                    f["path"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                    f["rule"].as_str().unwrap().to_owned(),
                ))
                .or_default()
                .push(f["severity"].as_str().unwrap().to_owned());
        }
    }
    let mut failures = Vec::new();
    let mut rates: BTreeMap<String, Rates> = BTreeMap::new();
    for (path, source) in &fixtures {
        let name = path.trim_start_matches("pkg/");
        let marks = markers(source);
        let mut marked: BTreeMap<(u64, String), Vec<&Marker>> = BTreeMap::new();
        for m in &marks {
            marked.entry((m.line, m.rule.clone())).or_default().push(m);
        }
        for ((line, rule), ms) in &marked {
            let got = actual
                .get(&(path.clone(), *line, rule.clone()))
                .cloned()
                .unwrap_or_default();
            let flagged_wanted = ms.iter().filter(|m| m.mark != Mark::Miss).count();
            if ms.iter().any(|m| m.mark == Mark::Miss) {
                if !got.is_empty() {
                    failures.push(format!(
                        "{name}:{line}: {rule} is flagged now: `# miss` → `# expect`"
                    ));
                }
                continue;
            }
            if got.len() < flagged_wanted {
                failures.push(format!(
                    "{name}:{line}: missed {rule} ({} of {flagged_wanted})",
                    got.len()
                ));
            } else if got.len() > flagged_wanted {
                failures.push(format!(
                    "{name}:{line}: extra {rule} ({}, expected {flagged_wanted})",
                    got.len()
                ));
            }
            for m in ms {
                if let Some(want) = &m.severity {
                    if !got.iter().any(|g| g == want) {
                        failures.push(format!(
                            "{name}:{line}: {rule} has severity {got:?}, expected {want}"
                        ));
                    }
                }
            }
        }
        for ((p, line, rule), got) in actual.range((path.clone(), 0, String::new())..) {
            if p != path {
                break;
            }
            if !marked.contains_key(&(*line, rule.clone())) {
                failures.push(format!(
                    "{name}:{line}: extra {rule} ({}, expected 0)",
                    got.len()
                ));
            }
        }
        tally(name, source, &marks, &mut rates);
    }
    write_rates(&rates);
    assert!(
        failures.is_empty(),
        "{} fixture mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Cases of one rule: true cases found and missed, false cases and those flagged.
#[derive(Default)]
struct Rates {
    found: usize,
    missed: usize,
    negatives: usize,
    false_positives: usize,
}

fn tally(name: &str, source: &str, marks: &[Marker], rates: &mut BTreeMap<String, Rates>) {
    let all_cases = cases(source);
    let mut rules: BTreeSet<String> = subjects(name).into_iter().collect();
    rules.extend(marks.iter().map(|m| m.rule.clone()));
    for rule in rules {
        let of_rule: Vec<&Marker> = marks.iter().filter(|m| m.rule == rule).collect();
        let positive: BTreeSet<u64> = of_rule
            .iter()
            .filter(|m| m.mark != Mark::Fp)
            .map(|m| case_of(source, m.line))
            .collect();
        let r = rates.entry(rule.clone()).or_default();
        r.found += of_rule.iter().filter(|m| m.mark == Mark::Expect).count();
        r.missed += of_rule.iter().filter(|m| m.mark == Mark::Miss).count();
        if subjects(name).contains(&rule) {
            let negatives: Vec<u64> = all_cases
                .iter()
                .copied()
                .filter(|c| !positive.contains(c))
                .collect();
            r.negatives += negatives.len();
            r.false_positives += negatives
                .iter()
                .filter(|c| {
                    of_rule
                        .iter()
                        .any(|m| m.mark == Mark::Fp && case_of(source, m.line) == **c)
                })
                .count();
        }
    }
}

fn write_rates(rates: &BTreeMap<String, Rates>) {
    let mut table = String::from(
        "| rule | true cases | found | TPR | false cases | flagged | FPR |\n|---|---|---|---|---|---|---|\n",
    );
    for (rule, r) in rates {
        let positives = r.found + r.missed;
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "–".to_owned()
            } else {
                format!("{:.0}%", 100.0 * a as f64 / b as f64)
            }
        };
        table += &format!(
            "| {rule} | {positives} | {} | {} | {} | {} | {} |\n",
            r.found,
            pct(r.found, positives),
            r.negatives,
            r.false_positives,
            pct(r.false_positives, r.negatives)
        );
    }
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("fixture-rates.md"), &table);
    println!("{table}");
}

#[test]
fn every_rule_has_a_fixture_that_flags_it() {
    let mut flagged = BTreeSet::new();
    for (_, source) in load_fixtures() {
        for m in markers(&source) {
            if m.mark == Mark::Expect {
                flagged.insert(m.rule);
            }
        }
    }
    let out = assert_cmd::Command::cargo_bin("hunkguard")
        .unwrap()
        .arg("rules")
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    let missing: Vec<&str> = listing
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .filter(|id| !flagged.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules with no `# expect:` line in any fixture: {missing:?}"
    );
}

#[test]
fn markers_read_ids_severities_and_cases() {
    let source = "import os\n\ndef f(x):\n    os.system(x)  # expect: B605@low, HG301\n\n\ndef g():\n    pass  # miss: HG304\n";
    let m = markers(source);
    assert_eq!(m.len(), 3);
    assert_eq!(
        (m[0].rule.as_str(), m[0].severity.as_deref()),
        ("B605", Some("low"))
    );
    assert_eq!(m[2].mark, Mark::Miss);
    assert_eq!(case_of(source, 4), 3);
    assert_eq!(case_of(source, 8), 7);
    assert_eq!(case_of(source, 1), 0);
    assert_eq!(subjects("taint/HG301.py"), vec!["HG301"]);
    let decorated = "@app.route('/')\n@login\ndef f():\n    pass  # fp: HG305\n";
    assert_eq!(cases(decorated), BTreeSet::from([1]));
    assert_eq!(case_of(decorated, 4), 1);
    assert_eq!(subjects("B602_B607.py"), vec!["B602", "B607"]);
}
