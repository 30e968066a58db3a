//! Arbitrary bytes, split into an old and a new blob, through the whole path a changed file
//! takes: changed lines, parse, scopes, every rule, suppressions, facts. Nothing may panic,
//! overflow the stack or hang, every line number must point into the new file, and checking
//! only the statements around the changed lines must report what a whole-file analysis
//! reports on them.

#![no_main]

use hunkguard::diff::{changed_lines, line_count, touches};
use hunkguard::python::Focus;
use hunkguard::model::TestMode;
use hunkguard::rules::{analyze, analyze_focused, AnalysisOptions, FileAnalysis};
use hunkguard::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

/// Paths that switch test-aware judgement and stub parsing on and off.
const PATHS: [&str; 4] = [
    "pkg/mod.py",
    "tests/test_mod.py",
    "pkg/mod.pyi",
    "conftest.py",
];

fuzz_target!(|data: &[u8]| {
    // Two header bytes: where to split, which path, and whether NUL bytes (which make a
    // file binary, and so skipped) are kept.
    let (head, rest) = match data {
        [a, b, rest @ ..] => ([*a, *b], rest),
        _ => return,
    };
    let split = usize::from(u16::from_le_bytes(head) >> 3) % (rest.len() + 1);
    let path = PATHS[usize::from(head[0] & 3)];
    let (old, new) = rest.split_at(split);
    let new: Vec<u8> = if head[0] & 4 == 0 {
        new.iter().map(|&b| if b == 0 { b' ' } else { b }).collect()
    } else {
        new.to_vec()
    };

    let lines = line_count(&new);
    let changed = changed_lines(old, &new);
    for w in changed.windows(2) {
        assert!(w[0].1 + 1 < w[1].0, "ranges sorted and apart: {changed:?}");
    }
    for &(start, end) in &changed {
        assert!(
            1 <= start && start <= end && end <= lines,
            "{changed:?} of {lines}"
        );
    }

    let opts = AnalysisOptions {
        rules: RuleSet::all(),
        tests: TestMode::Aware,
        max_file_bytes: 1 << 20,
        facts: true,
    };
    let analysis = analyze(path, &new, &opts);
    for f in &analysis.findings {
        assert!(
            1 <= f.line && f.line <= f.end_line && f.end_line <= lines.max(1) && f.column >= 1,
            "{} at {}:{}-{} of {lines} lines",
            f.rule,
            f.line,
            f.column,
            f.end_line
        );
    }
    let on_changed = |a: &FileAnalysis| -> Vec<String> {
        let findings = a
            .findings
            .iter()
            .filter(|f| touches(&changed, f.line, f.end_line))
            .map(|f| format!("{} {}:{} {}", f.rule, f.line, f.column, f.fingerprint));
        let facts = a
            .facts
            .iter()
            .filter(|f| touches(&changed, f.line, f.line))
            .map(|f| format!("{:?} {} {}", f.kind, f.line, f.detail));
        findings.chain(facts).collect()
    };
    let focused = analyze_focused(path, &new, &opts, &Focus::Lines(changed.clone()));
    assert_eq!(on_changed(&analysis), on_changed(&focused), "focused analysis differs");
    if let Some(tree) = &analysis.scopes {
        for &(start, end) in &changed {
            for l in start..=end {
                let s = tree.at(l);
                assert!(
                    s.start_line <= l && l <= s.end_line,
                    "{l} outside {}",
                    s.qualname
                );
            }
        }
    }
});
