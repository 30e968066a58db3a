//! The rules stage: one walk of the AST hands every node to the rules interested in its kind.
//!
//! A rule is a file with a `declare_rule!` (its id, Bandit's name, severity, confidence, the
//! review aspect it belongs to, the node kinds it looks at, and its documentation) plus a
//! check function; adding one is that file and one line in `registry.rs`. Bandit's call and
//! import blacklists are data: `blacklist_calls.rs` / `blacklist_imports.rs` are tables that
//! the walker consults through a name → rule map, with no code per entry.

pub mod analyze;
pub mod context;
pub mod helpers;
mod registry;
mod selection;
pub mod suppress;
mod walker;

pub use context::{Context, Hit};
pub use registry::all_rules;
pub use selection::RuleSet;
pub use walker::{check_file, RawFinding};

use serde::{Deserialize, Serialize};

/// Bandit's three-level scale, for both severity and confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    /// The lower-case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    /// Parses `low|medium|high` (case-insensitive).
    pub fn parse(s: &str) -> Option<Level> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Some(Level::Low),
            "medium" => Some(Level::Medium),
            "high" => Some(Level::High),
            _ => None,
        }
    }
}

/// The six aspects of a per-commit review; every rule belongs to exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Aspect {
    ExternalInputs,
    ExceptionHandling,
    ResourceCleanup,
    MockingAndAssertions,
    AccessToResources,
    DataProtection,
}

impl Aspect {
    /// Every aspect, in the order a review lists them.
    pub const ALL: [Aspect; 6] = [
        Aspect::ExternalInputs,
        Aspect::ExceptionHandling,
        Aspect::ResourceCleanup,
        Aspect::MockingAndAssertions,
        Aspect::AccessToResources,
        Aspect::DataProtection,
    ];

    /// The heading a review uses.
    pub fn title(self) -> &'static str {
        match self {
            Aspect::ExternalInputs => "Handling of external inputs",
            Aspect::ExceptionHandling => "Exception handling",
            Aspect::ResourceCleanup => "Resource cleanup",
            Aspect::MockingAndAssertions => "Mocking and assertions",
            Aspect::AccessToResources => "Access to resources",
            Aspect::DataProtection => "Data protection",
        }
    }
}

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
    pub aspect: Aspect,
    /// The default message for a finding (a check may give its own).
    pub message: &'static str,
    /// What it does, why it matters, an example.
    pub doc: &'static str,
    pub kinds: &'static [NodeKind],
    pub check: Check,
}

impl Rule {
    /// A blacklist entry: Bandit's confidence is always high for them, and the check is data.
    pub const fn blacklisted(
        id: &'static str,
        name: &'static str,
        severity: Level,
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
            aspect,
            message,
            doc,
            kinds: &[],
            check,
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
            aspect: $aspect:ident,
            message: $msg:literal,
            kinds: [$($kind:ident),* $(,)?],
            check: $check:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $static: $crate::rules::Rule = $crate::rules::Rule {
            id: $id,
            name: $name,
            severity: $crate::rules::Level::$sev,
            confidence: $crate::rules::Level::$conf,
            aspect: $crate::rules::Aspect::$aspect,
            message: $msg,
            doc: concat!($($doc, "\n"),*),
            kinds: &[$($crate::rules::NodeKind::$kind),*],
            check: $check,
        };
    };
}

/// Looks a rule up by id (`B602`) or name (`subprocess_popen_with_shell_equals_true`, dashes
/// or underscores).
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    let norm = key.trim().replace('-', "_");
    all_rules()
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(&norm) || r.name.eq_ignore_ascii_case(&norm))
}

mod b101_assert_used;
mod b102_exec_used;
mod b103_set_bad_file_permissions;
mod b104_hardcoded_bind_all_interfaces;
mod b105_hardcoded_password_string;
mod b106_hardcoded_password_funcarg;
mod b107_hardcoded_password_default;
mod b108_hardcoded_tmp_directory;
mod b110_try_except_pass;
mod b112_try_except_continue;
mod b113_request_without_timeout;
mod b201_flask_debug_true;
mod b202_tarfile_unsafe_members;
mod b324_hashlib;
mod b501_request_with_no_cert_validation;
mod b502_ssl_with_bad_version;
mod b503_ssl_with_bad_defaults;
mod b504_ssl_with_no_version;
mod b505_weak_cryptographic_key;
mod b506_yaml_load;
mod b507_ssh_no_host_key_verification;
mod b508_snmp_insecure_version_check;
mod b509_snmp_crypto_check;
mod b601_paramiko_calls;
mod b602_subprocess_popen_with_shell_equals_true;
mod b603_subprocess_without_shell_equals_true;
mod b604_any_other_function_with_shell_equals_true;
mod b605_start_process_with_a_shell;
mod b606_start_process_with_no_shell;
mod b607_start_process_with_partial_path;
mod b608_hardcoded_sql_expressions;
mod b609_linux_commands_wildcard_injection;
mod b610_django_extra_used;
mod b611_django_rawsql_used;
mod b612_logging_config_insecure_listen;
mod b613_trojansource;
mod b614_pytorch_load;
mod b615_huggingface_unsafe_download;
mod b701_jinja2_autoescape_false;
mod b702_use_of_mako_templates;
mod b703_django_mark_safe;
mod b704_markupsafe_markup_xss;
mod blacklist_calls;
mod blacklist_imports;
mod hg101_unclosed_resource;
mod hg102_mock_patch_not_stopped;
mod hg103_broad_except_swallowed;
mod hg201_hardcoded_secret_pattern;
mod hg202_high_entropy_secret_assignment;
mod shell_injection;
