//! The results of a scan: what every report format is a pure function of. Field names and
//! shapes follow `CONTRACT.md`; fields marked `skip` are for the human formats only.

use crate::rules::{Aspect, Level};
use crate::summary::FindingList;
use serde::Serialize;

/// An inclusive 1-based line range, serialised as `[start, end]`.
pub type LineRange = (u32, u32);

/// The whole document: one entry per scanned commit.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tool: Tool,
    pub commits: Vec<CommitResult>,
}

/// Who wrote the report.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "hunkguard",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// What one change set (the staged index or one commit) brought.
#[derive(Debug, Clone, Serialize)]
pub struct CommitResult {
    pub id: String,
    pub parents: Vec<String>,
    pub summary: String,
    pub scanned: Scanned,
    pub files: Vec<FileResult>,
    pub findings: Vec<Finding>,
    /// Things the reader should know: skipped files, missing parents, unknown nosec ids.
    pub notes: Vec<String>,
    /// Facts about the changed lines, for the review.
    #[serde(skip)]
    pub facts: Vec<FactRecord>,
}

/// A fact about a changed line (see `python::facts`), placed in its file and scope.
#[derive(Debug, Clone)]
pub struct FactRecord {
    pub kind: crate::python::facts::FactKind,
    pub path: String,
    pub line: u32,
    pub scope: String,
    pub in_test: bool,
    pub detail: String,
}

/// What was actually judged.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Scanned {
    /// Python files with changed lines that were parsed.
    pub files: u32,
    pub changed_lines: u32,
    pub scopes: u32,
}

/// One changed Python file.
#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    pub path: String,
    pub old_path: Option<String>,
    pub status: &'static str,
    pub changed_lines: Vec<LineRange>,
    pub parse: &'static str,
    pub scopes: Vec<ScopeResult>,
}

/// The innermost scope of some changed lines.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeResult {
    pub qualname: String,
    pub kind: &'static str,
    pub is_test: bool,
    pub start_line: u32,
    pub end_line: u32,
    pub changed_lines: Vec<LineRange>,
}

/// One finding in changed code.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Bandit's id (`B602`) or ours (`HG101`).
    pub rule: &'static str,
    /// The rule's name, dashed (`subprocess-popen-with-shell-equals-true`).
    pub name: String,
    pub severity: Level,
    pub confidence: Level,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    /// One past the last character, 1-based (as SARIF's `endColumn`).
    pub end_column: u32,
    /// Qualname of the innermost scope.
    pub scope: String,
    pub in_test: bool,
    pub message: String,
    /// Stable across unrelated line moves: rule, path, scope and normalised node source.
    pub fingerprint: String,
    /// The review aspect of the rule.
    #[serde(skip)]
    pub aspect: Aspect,
    /// The flagged source line (first line of the node), as written.
    #[serde(skip)]
    pub source_line: String,
    /// Index of the innermost scope in the file's scope tree.
    #[serde(skip)]
    pub scope_index: usize,
}

/// The net view of a range before merge: what it leaves behind at its tip, and what it
/// introduced and removed again on the way.
#[derive(Debug, Serialize)]
pub struct RangeSummary {
    /// The range's last commit, whose files were looked at.
    pub tip: String,
    /// Findings introduced in the range and still present at the tip.
    pub introduced: FindingList,
    /// Findings introduced in the range and gone again at the tip.
    pub fixed_within: FindingList,
}

/// A finding with the commit that introduced it.
#[derive(Debug, Clone, Serialize)]
pub struct IntroducedFinding {
    #[serde(flatten)]
    pub finding: Finding,
    pub introduced_in: String,
}
