//! The results of scanning one change set, and of a range as a whole.

use super::{Finding, FindingList, LineRange};
use serde::Serialize;

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
    /// The whole commit message, for the review (the JSON document has the summary).
    #[serde(skip)]
    pub message: String,
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
    pub kind: FactKind,
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

/// What kind of fact a review states about changed code besides its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactKind {
    /// `sys.argv`, `input()`, `os.environ`/`os.getenv`, `request.*`.
    ExternalInput,
    /// An `except` handler that re-raises.
    HandlerReraises,
    /// An `except` handler that logs and goes on.
    HandlerLogs,
    /// An `except` handler that neither re-raises nor logs.
    HandlerSwallows,
    /// `open()`, `socket.socket()`, `subprocess.Popen()`, temp files: something to close.
    ResourceOpened,
    /// A `with` statement managing a resource.
    ResourceManaged,
    /// `mock.patch` (decorator, context manager or call), `Mock()`/`MagicMock()`.
    Mock,
    /// `assert` or a `self.assert*()` call.
    Assertion,
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
