use super::context::Node;
use super::helpers::{self, BanditValue};
use super::{Check, Context, Hit, Level};
use ruff_python_ast::Expr;

crate::declare_rule! {
    /// ## What it does
    /// Flags `chmod`-like calls (`os.chmod`, `os.fchmod`, `Path.chmod` … any function whose
    /// name contains `chmod`) given exactly two positional arguments whose second is an
    /// integer literal granting write or execute to group or others (Bandit B103,
    /// `set_bad_file_permissions`). High severity when others may write, medium otherwise.
    /// Like Bandit, a mode written with `stat` constants is not judged.
    ///
    /// ## Why is this bad?
    /// A world-writable file can be replaced by any local user; a group- or world-executable
    /// one can be run by people it was not meant for. Keys, configuration and scripts should
    /// be readable and writable by their owner only.
    ///
    /// ## Example
    /// ```python
    /// os.chmod("/etc/app/key.pem", 0o777)   # high: anyone may write
    /// os.chmod(script, 0o750)               # medium: group may execute
    /// os.chmod(key_file, 0o600)             # fine
    /// ```
    pub static RULE = {
        id: "B103",
        name: "set_bad_file_permissions",
        severity: High,
        confidence: High,
        cwe: 732,
        aspect: AccessToResources,
        message: "Chmod setting a permissive mask on file.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

const S_IWOTH: u64 = 0o002;
const S_IXOTH: u64 = 0o001;
const S_IWGRP: u64 = 0o020;
const S_IXGRP: u64 = 0o010;

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if call.arguments.args.len() != 2 || !helpers::bandit_call_name(ctx, call).contains("chmod") {
        return;
    }
    let Some(BanditValue::Int(mode)) = helpers::bandit_positional(call, 1) else {
        return;
    };
    if mode & (S_IWOTH | S_IWGRP | S_IXGRP | S_IXOTH) == 0 {
        return;
    }
    let severity = if mode & S_IWOTH != 0 {
        Level::High
    } else {
        Level::Medium
    };
    let file = file_text(ctx, &call.arguments.args[0]);
    out.push(Hit::at(*call).severity(severity).message(format!(
        "Chmod setting a permissive mask {mode:#o} on file ({file})."
    )));
}

/// How Bandit prints the file argument: a string's value, a name, an attribute's last
/// part; other literals as written; anything else is "NOT PARSED".
fn file_text(ctx: &Context<'_>, expr: &Expr) -> String {
    match helpers::bandit_value(expr) {
        Some(BanditValue::Str(s)) => s.to_owned(),
        Some(BanditValue::Int(i)) => i.to_string(),
        Some(_) => ctx.source(ruff_text_size::Ranged::range(expr)).to_owned(),
        None => "NOT PARSED".to_owned(),
    }
}
