//! Properties of the path from two blobs to changed lines, scopes and findings, over
//! generated Python-ish text: half-written code, odd line endings, invalid UTF-8, deep
//! nesting. Whatever the bytes, nothing panics, and every line number points into the file.

use hunkguard::diff::{changed_lines, line_count, touches, LineRange};
use hunkguard::model::TestMode;
use hunkguard::python::{nesting, Focus, ParseStatus, PythonFile};
use hunkguard::rules::RuleSet;
use hunkguard::rules::{analyze, analyze_focused, AnalysisOptions, FileAnalysis};
use proptest::prelude::*;

/// Lines a half-written Python change is made of, hostile ones included.
const LINES: &[&str] = &[
    "import os",
    "import subprocess as sp",
    "from os import system",
    "def f(x):",
    "    eval(x)",
    "    return sp.call(x, shell=True)",
    "class TestThing(unittest.TestCase):",
    "    def test_a(self):",
    "        assert x",
    "        os.system(x)  # nosec",
    "        system(x)  # noqa: S605",
    "password = 'hunter2'",
    "try:",
    "except:",
    "    pass",
    "if x:",
    "else:",
    "x = (",
    "  a +",
    ")",
    "]]",
    "{",
    "lambda: lambda a, b: not not - - x",
    "a.b.c.d(e)(f)[g]",
    "'''",
    "\"\"\"",
    "f'{x:{y}} {z!r}'",
    "x = \\",
    "@decorator",
    "async def g():",
    "    await x",
    "match x:",
    "    case [1, *rest]:",
    "yield from x",
    "((((((((",
    "))))))))",
    "é = 'ü'  # \u{202e} bidi",
    "\t\tpickle.loads(data)",
    "\x0c",
    "# -*- coding: latin-1 -*-",
    "",
    "    ",
];

/// One line: from the vocabulary, or raw bytes (invalid UTF-8, controls), with any ending.
fn line() -> impl Strategy<Value = Vec<u8>> {
    let text = prop::sample::select(LINES).prop_map(|l| l.as_bytes().to_vec());
    let raw = prop::collection::vec(
        prop::sample::select(vec![
            b'a', b'(', b')', b':', b' ', b'\t', 0xff, 0xe9, 0x1b, b'\'',
        ]),
        0..12,
    );
    let ending = prop::sample::select(vec![&b"\n"[..], b"\r\n", b"\r", b""]);
    (prop_oneof![8 => text, 1 => raw], ending).prop_map(|(mut l, end)| {
        l.extend_from_slice(end);
        l
    })
}

/// An old version and a new one made from it by insertions, deletions and replacements.
fn versions() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    let edit = (
        any::<prop::sample::Index>(),
        prop::option::of(line()),
        any::<bool>(),
    );
    (
        prop::collection::vec(line(), 0..40),
        prop::collection::vec(edit, 0..12),
    )
        .prop_map(|(old, edits)| {
            let mut new = old.clone();
            for (at, with, insert) in edits {
                let i = at.index(new.len() + 1);
                match (with, insert) {
                    (Some(l), true) => new.insert(i, l),
                    (Some(l), false) if i < new.len() => new[i] = l,
                    (None, _) if i < new.len() => {
                        new.remove(i);
                    }
                    (Some(l), _) => new.push(l),
                    _ => {}
                }
            }
            (old.concat(), new.concat())
        })
}

fn options() -> AnalysisOptions {
    AnalysisOptions {
        rules: RuleSet::all(),
        tests: TestMode::Aware,
        max_file_bytes: 1 << 20,
        facts: true,
    }
}

fn check_ranges(ranges: &[LineRange], lines: u32) {
    for w in ranges.windows(2) {
        assert!(w[0].1 + 1 < w[1].0, "sorted, apart: {ranges:?}");
    }
    for &(start, end) in ranges {
        assert!(
            1 <= start && start <= end && end <= lines,
            "{ranges:?} in {lines} lines"
        );
    }
}

/// What a report shows of an analysis's findings and facts that `keep(line, end_line)`.
fn shown(a: &FileAnalysis, keep: impl Fn(u32, u32, usize) -> bool) -> Vec<String> {
    let findings = a
        .findings
        .iter()
        .filter(|f| {
            let scope = a
                .scopes
                .as_ref()
                .map_or(0, |tree| tree.innermost_at(f.line));
            keep(f.line, f.end_line, scope)
        })
        .map(|f| {
            format!(
                "{} {}:{}-{}:{} {} {}",
                f.rule, f.line, f.column, f.end_line, f.end_column, f.message, f.fingerprint
            )
        });
    let facts = a
        .facts
        .iter()
        .filter(|f| keep(f.line, f.line, usize::MAX))
        .map(|f| format!("{:?} {} {}", f.kind, f.line, f.detail));
    findings.chain(facts).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Checking only the statements that touch changed lines (`--scope hunk`), or only the
    /// defs and classes holding them (`--scope function`), loses nothing a whole-file
    /// analysis would report for those lines.
    #[test]
    fn focused_analysis_reports_what_the_whole_one_does((old, new) in versions()) {
        let changed = changed_lines(&old, &new);
        let whole = analyze("pkg/mod.py", &new, &options());
        let hunk = analyze_focused("pkg/mod.py", &new, &options(), &Focus::Lines(changed.clone()));
        let on_changed = |line, end, _| touches(&changed, line, end);
        prop_assert_eq!(shown(&whole, on_changed), shown(&hunk, on_changed));

        let Some(tree) = &whole.scopes else { return Ok(()) };
        let module_changed = changed.iter().any(|r| (r.0..=r.1).any(|l| tree.innermost_at(l) == 0));
        // A fact has no scope index: it is kept when its line is changed, as `--scope hunk`.
        let in_changed_scope = |line, end, scope: usize| match tree.scopes.get(scope) {
            None => touches(&changed, line, end),
            Some(s) if s.parent.is_none() => module_changed,
            Some(s) => touches(&changed, s.start_line, s.end_line),
        };
        let function = analyze_focused("pkg/mod.py", &new, &options(), &Focus::ScopesOf(changed.clone()));
        prop_assert_eq!(shown(&whole, in_changed_scope), shown(&function, in_changed_scope));
    }

    #[test]
    fn blobs_to_changed_lines_scopes_and_findings((old, new) in versions()) {
        let lines = line_count(&new);
        let changed = changed_lines(&old, &new);
        check_ranges(&changed, lines);
        // Unchanged text changes nothing; everything is new against nothing.
        prop_assert!(changed_lines(&new, &new).is_empty());
        let all = changed_lines(b"", &new);
        if lines > 0 {
            prop_assert_eq!(all, vec![(1, lines)]);
        }

        let analysis = analyze("pkg/mod.py", &new, &options());
        for f in &analysis.findings {
            prop_assert!(1 <= f.line && f.line <= f.end_line && f.end_line <= lines.max(1),
                "finding {} at {}-{} of {} lines in {:?}", f.rule, f.line, f.end_line, lines,
                String::from_utf8_lossy(&new));
            prop_assert!(f.column >= 1);
        }
        if let Some(tree) = &analysis.scopes {
            for &(start, end) in &changed {
                for l in start..=end {
                    let scope = tree.at(l);
                    prop_assert!(scope.start_line <= l && l <= scope.end_line,
                        "line {} outside its scope {} ({}-{})",
                        l, scope.qualname, scope.start_line, scope.end_line);
                }
            }
            for s in &tree.scopes {
                prop_assert!(1 <= s.start_line && s.start_line <= s.end_line);
            }
        } else {
            prop_assert!(matches!(analysis.status, ParseStatus::Skipped | ParseStatus::Failed));
            prop_assert!(!analysis.notes.is_empty());
        }
    }

    #[test]
    fn nesting_is_measured_exactly_or_refused((_, new) in versions()) {
        let text = String::from_utf8_lossy(&new).into_owned();
        match PythonFile::parse("m.py", text) {
            Ok(file) => prop_assert_eq!(nesting::tree_depth(file.parsed.syntax()), file.nesting),
            Err(why) => prop_assert!(why.starts_with("nested too deeply"), "{}", why),
        }
    }
}
