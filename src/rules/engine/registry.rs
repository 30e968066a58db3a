//! Every rule, sorted by id: the catalogue's list, looked up by id or name. Indices into
//! [`all_rules`] identify rules throughout a run.

use super::Rule;
use crate::model::RuleInfo;
use std::sync::LazyLock;

/// Every rule, sorted by id.
pub fn all_rules() -> &'static [&'static Rule] {
    static RULES: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
        let mut rules = crate::rules::catalogue::rules();
        rules.sort_by_key(|r| r.id);
        rules
    });
    &RULES
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

/// A rule's metadata as the reports see it.
pub fn rule_info(rule: &Rule) -> RuleInfo {
    RuleInfo {
        id: rule.id,
        name: rule.display_name(),
        severity: rule.severity,
        confidence: rule.confidence,
        aspect: rule.aspect,
        cwe: rule.cwe,
        message: rule.message,
        doc: rule.doc,
        in_tests: rule.in_tests,
    }
}
