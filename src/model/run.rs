//! What a run was asked to do and with which rules: the self-description that lets every
//! report be written from the results alone.

use super::{Aspect, Finding, Level};

/// An enum with a fixed set of lower-case names, read the same way from the command line and
/// from the configuration file (case-sensitively, as clap reads them).
pub trait Named: Copy + Sized + 'static {
    /// Every value, in the order help texts list them.
    const ALL: &'static [Self];
    /// The value's name.
    fn name(self) -> &'static str;
    /// The value with this exact name.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == name)
    }
    /// Every name, for help texts and error messages.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.name()).collect()
    }
}

/// Which findings of a changed file are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeMode {
    /// Findings whose lines touch a changed line.
    #[default]
    Hunk,
    /// Findings anywhere in a function, method or class that has a changed line.
    Function,
    /// Every finding of a changed file.
    File,
}

impl Named for ScopeMode {
    const ALL: &'static [Self] = &[ScopeMode::Hunk, ScopeMode::Function, ScopeMode::File];
    fn name(self) -> &'static str {
        match self {
            ScopeMode::Hunk => "hunk",
            ScopeMode::Function => "function",
            ScopeMode::File => "file",
        }
    }
}

/// How test code is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TestMode {
    /// As a test: each rule's [`TestPolicy`] applies.
    #[default]
    Aware,
    /// Like production code (Bandit's own behaviour).
    Strict,
    /// Not at all.
    Skip,
}

impl Named for TestMode {
    const ALL: &'static [Self] = &[TestMode::Aware, TestMode::Strict, TestMode::Skip];
    fn name(self) -> &'static str {
        match self {
            TestMode::Aware => "aware",
            TestMode::Strict => "strict",
            TestMode::Skip => "skip",
        }
    }
}

/// What a rule's finding becomes in test code under `--tests aware`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestPolicy {
    /// Reported as anywhere else.
    Same,
    /// Reported with low confidence: planted credentials, temporary paths and randomness are
    /// normal in tests.
    LowConfidence,
    /// Not reported: the construct is what tests are made of (`assert`).
    Skip,
    /// Reported, and it fails the run in test code too: the rule's subject is test code
    /// itself (a mock that outlives its test), or a real secret, which leaks wherever it is
    /// committed.
    Subject,
}

/// A rule's metadata, as reports need it.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: &'static str,
    /// Dashed (`subprocess-popen-with-shell-equals-true`).
    pub name: String,
    pub severity: Level,
    pub confidence: Level,
    pub aspect: Aspect,
    /// The CWE the rule's findings are instances of.
    pub cwe: u32,
    /// The default message.
    pub message: &'static str,
    /// What it flags, why, and an example (the text `explain` prints).
    pub doc: &'static str,
    pub in_tests: TestPolicy,
}

/// What a run did: the rules that ran and the thresholds and options that shaped the results.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// The rules that ran, sorted by id.
    pub rules: Vec<RuleInfo>,
    /// Every rule the tool has, ran or not (for saying what a selection left out).
    pub rules_known: usize,
    pub fail_on: Level,
    pub scope: ScopeMode,
    pub tests: TestMode,
    /// Findings on code moved verbatim within the change count like others (`--moved
    /// report`); by default they are shown but do not fail the run.
    pub moved_report: bool,
}

impl RunInfo {
    /// The metadata of a rule that ran.
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules
            .binary_search_by(|r| r.id.cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    /// The review aspect of a rule's findings; a rule that did not run cannot have findings,
    /// and is placed with data protection if it ever does.
    pub fn aspect_of(&self, id: &str) -> Aspect {
        self.rule(id).map_or(Aspect::DataProtection, |r| r.aspect)
    }

    /// Whether a finding fails the run (exit code 1, a failing verdict): at or above
    /// `fail_on`, not on code the change only moved, and, under `--tests aware`, not in test
    /// code unless its rule's subject is test code or a secret.
    pub fn fails(&self, f: &Finding) -> bool {
        if f.severity < self.fail_on || (f.moved && !self.moved_report) {
            return false;
        }
        if f.in_test && self.tests == TestMode::Aware {
            return self
                .rule(&f.rule)
                .is_some_and(|r| r.in_tests == TestPolicy::Subject);
        }
        true
    }

    /// Whether only some of the rules ran (`--select`, `--ignore`).
    pub fn is_partial(&self) -> bool {
        self.rules.len() < self.rules_known
    }
}
