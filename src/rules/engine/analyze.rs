//! From a blob to the findings of every enabled rule, over the whole file or only the
//! statements around some lines (a [`Focus`]), with positions, scopes, test-aware judgement,
//! suppressions and fingerprints worked out. The result is owned data, so one blob's analysis
//! can be cached and re-filtered for each commit that touches it.

use super::flows;
use super::suppress::Suppressions;
use super::{all_rules, check_file, Level, RuleSet};
use crate::model::{Finding, TestMode, TestPolicy};
use crate::python::facts::{self, Fact};
use crate::python::{decode, Focus, ParseStatus, PythonFile, ScopeTree};

/// What a file is judged with.
#[derive(Debug, Clone)]
pub struct AnalysisOptions {
    pub rules: RuleSet,
    pub tests: TestMode,
    /// Larger blobs are skipped with a note.
    pub max_file_bytes: usize,
    /// Collect the facts the review states besides findings. Only `--format review` shows
    /// them, and collecting them walks the checked statements a second time.
    pub facts: bool,
}

/// Everything known about one version of one file.
#[derive(Debug, Clone)]
pub struct FileAnalysis {
    pub status: ParseStatus,
    /// Why it was skipped or only partly parsed, and suppression warnings.
    pub notes: Vec<String>,
    /// `None` when the file was not parsed.
    pub scopes: Option<ScopeTree>,
    /// Every finding in the file, sorted by line, column, rule.
    pub findings: Vec<Finding>,
    /// What the review states besides findings (inputs read, handlers, resources, mocks).
    pub facts: Vec<Fact>,
    /// The statements checked: findings and facts elsewhere were not looked for. Never
    /// `ScopesOf` (resolved against the file's scopes).
    pub focus: Focus,
}

impl FileAnalysis {
    fn not_parsed(status: ParseStatus, note: String) -> Self {
        FileAnalysis {
            status,
            notes: vec![note],
            scopes: None,
            findings: Vec::new(),
            facts: Vec::new(),
            focus: Focus::Whole,
        }
    }
}

/// Stack the analysis of one file may need: walking a tree recurses once per level, and
/// `PythonFile::parse` refuses trees deeper than this covers.
pub const ANALYSIS_STACK: usize = crate::python::nesting::STACK_FOR_MAX_NESTING;

/// Analyses the whole of one version of a file. Safe on any thread: when less than
/// [`ANALYSIS_STACK`] is left (a test thread, a fuzzer), the analysis runs on a fresh stack
/// segment of that size.
pub fn analyze(path: &str, bytes: &[u8], opts: &AnalysisOptions) -> FileAnalysis {
    analyze_focused(path, bytes, opts, &Focus::Whole)
}

/// Like [`analyze`], but checks only the statements `focus` wants: the findings and facts
/// that touch those lines are the same as a whole analysis gives.
pub fn analyze_focused(
    path: &str,
    bytes: &[u8],
    opts: &AnalysisOptions,
    focus: &Focus,
) -> FileAnalysis {
    stacker::maybe_grow(ANALYSIS_STACK, ANALYSIS_STACK, || {
        analyze_on_this_stack(path, bytes, opts, focus)
    })
}

fn analyze_on_this_stack(
    path: &str,
    bytes: &[u8],
    opts: &AnalysisOptions,
    focus: &Focus,
) -> FileAnalysis {
    let text = match decode(bytes, opts.max_file_bytes) {
        Ok(text) => text,
        Err(e) => {
            return FileAnalysis::not_parsed(ParseStatus::Skipped, format!("{path}: skipped: {e}"))
        }
    };
    let file = match PythonFile::parse(path, text) {
        Ok(file) => file,
        Err(why) => {
            return FileAnalysis::not_parsed(
                ParseStatus::Failed,
                format!("{path}: not parsed: {why}"),
            )
        }
    };
    let mut notes = Vec::new();
    if let Some(err) = &file.first_error {
        notes.push(format!("{path}: {err} (the rest was parsed with recovery)"));
    }
    let focus = focus.resolve(&file.scopes);
    let suppressions = Suppressions::collect(&file);
    notes.extend(suppressions.warnings.iter().map(|w| format!("{path}: {w}")));
    let lines = match &focus {
        Focus::Lines(lines) => Some(lines.as_slice()),
        _ => None,
    };
    let gate = opts.tests != TestMode::Strict && flows::wants_gate(&opts.rules);
    let dataflow = (flows::wants_flows(&opts.rules) || gate || opts.facts)
        .then(|| crate::dataflow::analyse(&file, lines));
    if let Some(d) = &dataflow {
        notes.extend(d.notes.iter().map(|n| format!("{path}: {n}")));
    }
    let flow_findings = dataflow
        .as_ref()
        .map(|d| flows::findings(&file, path, d, &opts.rules))
        .unwrap_or_default();
    let raws = check_file(&file, path, &opts.rules, &focus)
        .into_iter()
        .map(|raw| (raw, Vec::new()))
        .chain(flow_findings.into_iter().map(|f| (f.raw, f.steps)));
    let mut findings = Vec::new();
    for (mut raw, steps) in raws {
        let rule = all_rules()[raw.rule];
        if let (true, Some(kind), Some(d)) = (gate, rule.gate, &dataflow) {
            if d.provenance_of(raw.node)
                .is_some_and(|p| p.is_clean_for(kind))
            {
                raw.severity = Level::Low;
                raw.message.push_str(" (no untrusted input reaches it)");
            }
        }
        let (line, column) = file.position(raw.range.start());
        let (end_line, end_column) = end_position(&file, raw.range);
        let stmt_line = file.line_of(raw.stmt_start);
        if suppressions.suppresses(rule.id, line, (line, end_line), stmt_line) {
            continue;
        }
        let scope = &file.scopes.scopes[file.scopes.innermost_at(line)];
        let mut confidence = raw.confidence;
        if scope.is_test {
            match (opts.tests, rule.in_tests) {
                (TestMode::Skip, _) | (TestMode::Aware, TestPolicy::Skip) => continue,
                (TestMode::Aware, TestPolicy::LowConfidence) => confidence = Level::Low,
                _ => {}
            }
        }
        let node_text = &file.text[raw.range];
        findings.push(Finding {
            rule: rule.id.to_owned(),
            name: rule.display_name(),
            severity: raw.severity,
            confidence,
            path: path.to_owned(),
            line,
            column,
            end_line,
            end_column,
            scope: scope.qualname.clone(),
            in_test: scope.is_test,
            message: raw.message,
            fingerprint: fingerprint(rule.id, path, &scope.qualname, node_text),
            cwe: rule.cwe,
            flow: steps,
            moved: false,
            moved_from: None,
            introduced_in: None,
            source_line: file.line_text(line).to_owned(),
        });
    }
    findings.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
    findings.dedup_by(|a, b| {
        a.line == b.line
            && a.column == b.column
            && a.rule == b.rule
            && a.end_column == b.end_column
            && a.end_line == b.end_line
    });
    let facts = if opts.facts {
        let mut facts: Vec<Fact> =
            facts::collect(file.parsed.syntax(), &file.imports, &file.lines, &focus)
                .into_iter()
                .filter(|f| f.kind != crate::model::FactKind::ExternalInput)
                .collect();
        if let Some(d) = &dataflow {
            facts.extend(flows::input_facts(&file, d));
        }
        facts
    } else {
        Vec::new()
    };
    FileAnalysis {
        status: file.status,
        notes,
        scopes: Some(file.scopes),
        findings,
        facts,
        focus,
    }
}

/// Where a node ends: one past its last character. A node that error recovery stretched
/// over a line break would end at the start of the next line, a line past the end of the
/// file when the break is the last character; it ends on the break's own line instead.
fn end_position(file: &PythonFile, range: ruff_text_size::TextRange) -> (u32, u32) {
    let end = range.end();
    match file.text[..end.to_usize()].chars().next_back() {
        Some(c @ ('\n' | '\r')) if end > range.start() => {
            let (line, column) = file.position(end - ruff_text_size::TextSize::of(c));
            (line, column + 1)
        }
        _ => file.position(end),
    }
}

/// A 64-bit FNV-1a over the rule, path, scope and the node's source with white space folded:
/// it survives lines moving above the finding, and changes when the flagged code does.
pub fn fingerprint(rule: &str, path: &str, scope: &str, node_text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    feed(rule.as_bytes());
    feed(path.as_bytes());
    feed(scope.as_bytes());
    let folded: Vec<&str> = node_text.split_whitespace().collect();
    feed(folded.join(" ").as_bytes());
    format!("{h:016x}")
}
