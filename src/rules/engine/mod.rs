//! The rules engine: one walk of the AST hands every node to the rules interested in its kind
//! (`walker`), with what a check may consult (`context`), `# nosec` suppressions
//! (`suppress`), `--select`/`--ignore` (`selection`), the registry of every rule
//! (`registry`), and the analysis of one file from its bytes to its findings (`analyze`).
//!
//! A rule is a file of the catalogue (`rules/catalogue/`) with a `declare_rule!` (its id,
//! Bandit's name, severity, confidence, CWE, the review aspect it belongs to, its test-code
//! policy, the node kinds it looks at, and its documentation) plus a check function. Bandit's
//! call and import blacklists are data: tables the walker consults through a name → rule map,
//! with no code per entry.

pub mod analyze;
pub mod context;
mod flows;
mod registry;
mod selection;
pub mod suppress;
mod walker;

pub use crate::model::{Aspect, Level, TestPolicy};
pub use context::{Ancestor, Context, Hit, Node};
pub use registry::{all_rules, find_rule, rule_info};
pub use selection::RuleSet;
pub use walker::{check_file, RawFinding};

/// The kinds of AST node a rule can ask to see. Each node reaches only the rules that named
/// its kind, so a file without calls never runs a call rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum NodeKind {
    Call,
    Import,
    ImportFrom,
    StringLiteral,
    BytesLiteral,
    FString,
    Assert,
    Try,
    FunctionDef,
    ClassDef,
    Assign,
    AnnAssign,
    AugAssign,
    Compare,
    Dict,
    BinOp,
    With,
    Attribute,
    Subscript,
    Name,
    /// Sees the whole module once, before anything else (for file-wide rules).
    Module,
}

impl NodeKind {
    /// How many kinds there are (the size of the dispatch table).
    pub const COUNT: usize = NodeKind::Module as usize + 1;
}

/// How a rule finds what it flags.
pub enum Check {
    /// Code: called with every node of the rule's kinds.
    Node(fn(&context::Node<'_>, &Context<'_>, &mut Vec<Hit>)),
    /// Data: a call whose qualified name is (or, with a trailing `*`, starts with) one of these.
    Calls(&'static [&'static str]),
    /// Data flow: every flow the data-flow engine finds from a source to a sink of this
    /// kind.
    Flow(crate::dataflow::SinkKind),
    /// Data: an import whose dotted name (`import x.y`, `from x import y` → `x.y`) starts with
    /// one of these, or a call of exactly one of them (`__import__("x")` names `x`).
    Imports(&'static [&'static str]),
}

/// A security check, with Bandit's id, name, severity and confidence where Bandit has it.
pub struct Rule {
    /// `B602`, or `HG101` for checks of our own.
    pub id: &'static str,
    /// Bandit's name (`subprocess_popen_with_shell_equals_true`).
    pub name: &'static str,
    pub severity: Level,
    pub confidence: Level,
    /// The CWE its findings are instances of (Bandit's own `issue_cwe` for Bandit's ids).
    pub cwe: u32,
    pub aspect: Aspect,
    /// What its findings become in test code under `--tests aware`.
    pub in_tests: TestPolicy,
    /// For a pattern rule about a sink: the kind of sink, so that in the default mode a
    /// finding whose arguments the data-flow engine proves clean drops to low severity.
    pub gate: Option<crate::dataflow::SinkKind>,
    /// The default message for a finding (a check may give its own).
    pub message: &'static str,
    /// What it does, why it matters, an example.
    pub doc: &'static str,
    pub kinds: &'static [NodeKind],
    pub check: Check,
}

impl Rule {
    /// A blacklist entry: Bandit's confidence is always high for them, and the check is data.
    #[allow(clippy::too_many_arguments)]
    pub const fn blacklisted(
        id: &'static str,
        name: &'static str,
        severity: Level,
        cwe: u32,
        aspect: Aspect,
        message: &'static str,
        doc: &'static str,
        check: Check,
    ) -> Rule {
        Rule {
            id,
            name,
            severity,
            confidence: Level::High,
            cwe,
            aspect,
            in_tests: TestPolicy::Same,
            gate: None,
            message,
            doc,
            kinds: &[],
            check,
        }
    }

    /// The same rule with another test-code policy (for table entries).
    pub const fn in_tests(self, policy: TestPolicy) -> Rule {
        Rule {
            in_tests: policy,
            ..self
        }
    }

    /// The same rule gated on the data flow into a sink of `kind` (for table entries).
    pub const fn gated(self, kind: crate::dataflow::SinkKind) -> Rule {
        Rule {
            gate: Some(kind),
            ..self
        }
    }

    /// The name as the contract prints it: Bandit's, with dashes (`subprocess-popen-with-…`).
    pub fn display_name(&self) -> String {
        self.name.replace('_', "-")
    }
}

/// Declares a rule with its documentation taken from the doc comment above it, so the text
/// `hunkguard explain` prints and the rustdoc are one and the same.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $static:ident = {
            id: $id:literal,
            name: $name:literal,
            severity: $sev:ident,
            confidence: $conf:ident,
            cwe: $cwe:literal,
            aspect: $aspect:ident,
            $(in_tests: $policy:ident,)?
            $(gate: $gate:ident,)?
            message: $msg:literal,
            kinds: [$($kind:ident),* $(,)?],
            check: $check:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $static: $crate::rules::engine::Rule = $crate::rules::engine::Rule {
            id: $id,
            name: $name,
            severity: $crate::model::Level::$sev,
            confidence: $crate::model::Level::$conf,
            cwe: $cwe,
            aspect: $crate::model::Aspect::$aspect,
            in_tests: $crate::rules::engine::test_policy!($($policy)?),
            gate: $crate::rules::engine::gate!($($gate)?),
            message: $msg,
            doc: concat!($($doc, "\n"),*),
            kinds: &[$($crate::rules::engine::NodeKind::$kind),*],
            check: $check,
        };
    };
}

/// A rule's test-code policy: the one it names, or [`TestPolicy::Same`].
#[macro_export]
#[doc(hidden)]
macro_rules! test_policy {
    () => {
        $crate::model::TestPolicy::Same
    };
    ($policy:ident) => {
        $crate::model::TestPolicy::$policy
    };
}

/// A rule's gate: the sink kind it names, or none.
#[macro_export]
#[doc(hidden)]
macro_rules! gate {
    () => {
        None
    };
    ($kind:ident) => {
        Some($crate::dataflow::SinkKind::$kind)
    };
}

pub use crate::{gate, test_policy};
