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
            &b103_set_bad_file_permissions::RULE,
            &b104_hardcoded_bind_all_interfaces::RULE,
            &b105_hardcoded_password_string::RULE,
            &b106_hardcoded_password_funcarg::RULE,
            &b107_hardcoded_password_default::RULE,
            &b108_hardcoded_tmp_directory::RULE,
            &b110_try_except_pass::RULE,
            &b112_try_except_continue::RULE,
            &b113_request_without_timeout::RULE,
            &b201_flask_debug_true::RULE,
            &b202_tarfile_unsafe_members::RULE,
            &b324_hashlib::RULE,
            &b501_request_with_no_cert_validation::RULE,
            &b502_ssl_with_bad_version::RULE,
            &b503_ssl_with_bad_defaults::RULE,
            &b504_ssl_with_no_version::RULE,
            &b505_weak_cryptographic_key::RULE,
            &b506_yaml_load::RULE,
            &b507_ssh_no_host_key_verification::RULE,
            &b508_snmp_insecure_version_check::RULE,
            &b509_snmp_crypto_check::RULE,
            &b602_subprocess_popen_with_shell_equals_true::RULE,
            &b605_start_process_with_a_shell::RULE,
            &hg101_unclosed_resource::RULE,
            &hg102_mock_patch_not_stopped::RULE,
            &hg103_broad_except_swallowed::RULE,
            &hg201_hardcoded_secret_pattern::RULE,
            &hg202_high_entropy_secret_assignment::RULE,
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
        rules.extend(blacklist_imports::RULES.iter());
        rules.sort_by_key(|r| r.id);
        rules
    });
    &RULES
}
