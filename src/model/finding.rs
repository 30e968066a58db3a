//! One finding: the single shape in which a defect travels from the rules to every report,
//! and through the range summary's temporary file and back (serde round-trip).

use super::Level;
use serde::{Deserialize, Serialize};

/// One finding in changed code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Bandit's id (`B602`) or ours (`HG101`).
    pub rule: String,
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
    /// The weakness it is an instance of (Bandit's own `issue_cwe` for Bandit's ids).
    pub cwe: u32,
    /// For a data-flow finding: the steps from where untrusted data enters to the sink.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flow: Vec<FlowStep>,
    /// It lies in code the change moved verbatim from elsewhere (`moved_from`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
    /// Where moved code came from, as `path:line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<String>,
    /// The commit that introduced it, in a range summary's lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced_in: Option<String>,
    /// The flagged source line (first line of the node), as written; the text format shows
    /// it. Not part of the JSON document.
    #[serde(skip)]
    pub source_line: String,
}

/// One step of a data-flow finding's evidence, in order from the source to the sink.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowStep {
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// The expression at this step, as written (shortened when long).
    pub expression: String,
    pub kind: FlowStepKind,
}

/// What a step of a flow is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlowStepKind {
    /// Where untrusted data enters.
    Source,
    /// A propagation: assignment, call, string building.
    Step,
    /// A sanitiser the value passed that does not protect this sink.
    Sanitiser,
    /// Where the data does harm.
    Sink,
}
