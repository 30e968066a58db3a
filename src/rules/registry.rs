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
            &b601_paramiko_calls::RULE,
            &b603_subprocess_without_shell_equals_true::RULE,
            &b604_any_other_function_with_shell_equals_true::RULE,
            &b606_start_process_with_no_shell::RULE,
            &b607_start_process_with_partial_path::RULE,
            &b608_hardcoded_sql_expressions::RULE,
            &b609_linux_commands_wildcard_injection::RULE,
            &b610_django_extra_used::RULE,
            &b611_django_rawsql_used::RULE,
            &b612_logging_config_insecure_listen::RULE,
            &b613_trojansource::RULE,
            &b614_pytorch_load::RULE,
            &b615_huggingface_unsafe_download::RULE,
            &b701_jinja2_autoescape_false::RULE,
            &b702_use_of_mako_templates::RULE,
            &b703_django_mark_safe::RULE,
            &b704_markupsafe_markup_xss::RULE,
        ];
        rules.extend(blacklist_calls::RULES.iter());
        rules.sort_by_key(|r| r.id);
        rules
    });
    &RULES
}
