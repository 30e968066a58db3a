//! The rule catalogue: one file per rule, Bandit's blacklists as tables, and the helpers
//! several rules share (`shared/`), so that no rule imports a sibling.
//!
//! Adding a rule is its file, its line in the list below (which declares the module and
//! registers the rule), and a fixture under `tests/fixtures/`.

// What a rule file sees as `super::…`: the engine's types and the shared helpers.
pub(crate) use super::engine::{context, Check, Context, Hit, Level, Rule};
pub(crate) use shared::ast as helpers;

pub mod shared;
mod tables;

/// Declares each rule's module and lists its `RULE`, with every rule of the tables.
macro_rules! catalogue {
    ($($rule:ident),* $(,)?) => {
        $(mod $rule;)*

        /// Every rule of the catalogue, in no particular order.
        pub fn rules() -> Vec<&'static Rule> {
            let mut rules: Vec<&'static Rule> = vec![$(&$rule::RULE),*];
            rules.extend(tables::rules());
            rules
        }
    };
}

catalogue! {
    b101_assert_used,
    b102_exec_used,
    b103_set_bad_file_permissions,
    b104_hardcoded_bind_all_interfaces,
    b105_hardcoded_password_string,
    b106_hardcoded_password_funcarg,
    b107_hardcoded_password_default,
    b108_hardcoded_tmp_directory,
    b110_try_except_pass,
    b112_try_except_continue,
    b113_request_without_timeout,
    b201_flask_debug_true,
    b202_tarfile_unsafe_members,
    b324_hashlib,
    b501_request_with_no_cert_validation,
    b502_ssl_with_bad_version,
    b503_ssl_with_bad_defaults,
    b504_ssl_with_no_version,
    b505_weak_cryptographic_key,
    b506_yaml_load,
    b507_ssh_no_host_key_verification,
    b508_snmp_insecure_version_check,
    b509_snmp_crypto_check,
    b601_paramiko_calls,
    b602_subprocess_popen_with_shell_equals_true,
    b603_subprocess_without_shell_equals_true,
    b604_any_other_function_with_shell_equals_true,
    b605_start_process_with_a_shell,
    b606_start_process_with_no_shell,
    b607_start_process_with_partial_path,
    b608_hardcoded_sql_expressions,
    b609_linux_commands_wildcard_injection,
    b610_django_extra_used,
    b611_django_rawsql_used,
    b612_logging_config_insecure_listen,
    b613_trojansource,
    b614_pytorch_load,
    b615_huggingface_unsafe_download,
    b701_jinja2_autoescape_false,
    b702_use_of_mako_templates,
    b703_django_mark_safe,
    b704_markupsafe_markup_xss,
    hg101_unclosed_resource,
    hg102_mock_patch_not_stopped,
    hg103_broad_except_swallowed,
    hg201_hardcoded_secret_pattern,
    hg202_high_entropy_secret_assignment,
    hg301_command_injection,
    hg302_code_injection,
    hg303_sql_injection,
    hg304_path_traversal,
    hg305_cross_site_scripting,
    hg306_template_injection,
    hg307_open_redirect,
    hg308_server_side_request_forgery,
    hg309_xpath_injection,
    hg310_ldap_injection,
    hg311_trust_boundary_violation,
    hg312_unsafe_deserialization,
    hg313_header_injection,
    hg314_regex_injection,
    hg315_xml_external_entities,
}
