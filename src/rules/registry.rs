//! The list of every rule. Adding a rule: its file, its `mod` line in `rules/mod.rs`'s
//! sibling list below, and its line in `RULES`.

use super::*;
use std::sync::LazyLock;

/// Every rule, sorted by id. Indices into this slice identify rules throughout a run.
pub fn all_rules() -> &'static [&'static Rule] {
    static RULES: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
        let mut rules: Vec<&'static Rule> = vec![
            &b101_assert_used::RULE,
            &b102_exec_used::RULE,
            &b105_hardcoded_password_string::RULE,
            &b110_try_except_pass::RULE,
            &b324_hashlib::RULE,
            &b506_yaml_load::RULE,
            &b602_subprocess_popen_with_shell_equals_true::RULE,
            &b605_start_process_with_a_shell::RULE,
            &hg101_unclosed_resource::RULE,
            &hg102_mock_patch_not_stopped::RULE,
            &hg103_broad_except_swallowed::RULE,
            &hg201_hardcoded_secret_pattern::RULE,
            &hg202_high_entropy_secret_assignment::RULE,
        ];
        rules.extend(blacklist_calls::RULES.iter());
        rules.sort_by_key(|r| r.id);
        rules
    });
    &RULES
}
