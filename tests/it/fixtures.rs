//! The rule fixtures: every `tests/fixtures/<rule>.py` is committed into a fresh repository
//! and scanned; each line marked `# expect: B602` (several ids comma-separated) must be
//! flagged with exactly those ids, and no other line may be flagged.

use crate::common::{self, TestRepo};
use std::collections::BTreeMap;
use std::path::Path;

/// Expected `(line, rule)` pairs, read from the `# expect:` markers.
fn expectations(source: &str) -> BTreeMap<(u64, String), usize> {
    let mut expected = BTreeMap::new();
    for (i, line) in source.lines().enumerate() {
        if let Some(pos) = line.find("# expect:") {
            for id in line[pos + "# expect:".len()..].split(',') {
                let id = id.trim();
                if !id.is_empty() {
                    *expected.entry((i as u64 + 1, id.to_owned())).or_insert(0) += 1;
                }
            }
        }
    }
    expected
}

#[test]
fn every_fixture_flags_exactly_its_marked_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    fixtures.sort();
    assert!(!fixtures.is_empty(), "no fixtures found");
    // All fixtures in one commit and one scan: a process per fixture would mostly measure
    // process start-up.
    let repo = TestRepo::new();
    let mut sources = Vec::new();
    for fixture in &fixtures {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(fixture).expect("read fixture");
        // Fixtures whose name starts with `test_` are judged as test code, on purpose.
        repo.write(&format!("pkg/{name}"), &source);
        sources.push((name, source));
    }
    repo.commit_all("fixtures");
    let (_, doc) = repo.scan_json(&["commit", "HEAD", "--scope", "file"]);
    let all = common::findings(&doc);
    let mut failures = Vec::new();
    for (name, source) in &sources {
        let path = format!("pkg/{name}");
        let mut actual: BTreeMap<(u64, String), usize> = BTreeMap::new();
        for (_, line, rule) in all.iter().filter(|f| f.0 == path) {
            *actual.entry((*line, rule.clone())).or_insert(0) += 1;
        }
        let expected = expectations(source);
        for (key, n) in &expected {
            let got = actual.get(key).copied().unwrap_or(0);
            if got < *n {
                failures.push(format!("{name}:{}: missed {} ({got} of {n})", key.0, key.1));
            }
        }
        for (key, n) in &actual {
            let want = expected.get(key).copied().unwrap_or(0);
            if *n > want {
                failures.push(format!(
                    "{name}:{}: extra {} ({n}, expected {want})",
                    key.0, key.1
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_fixture_that_flags_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut flagged = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures dir").flatten() {
        let source = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for (_, id) in expectations(&source).into_keys() {
            flagged.insert(id);
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
