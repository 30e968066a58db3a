//! Bandit's `shell_injection` configuration, shared by B602–B607: which calls start a
//! process through a subprocess API, through a shell, or without one.

use super::ast as helpers;
use crate::rules::engine::{Hit, Level};
use ruff_python_ast::{self as ast, Expr};

/// Calls that take `shell=`.
pub const SUBPROCESS: &[&str] = &[
    "subprocess.Popen",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.run",
];

/// Calls that always go through a shell.
pub const SHELL: &[&str] = &[
    "os.system",
    "os.popen",
    "os.popen2",
    "os.popen3",
    "os.popen4",
    "popen2.popen2",
    "popen2.popen3",
    "popen2.popen4",
    "popen2.Popen3",
    "popen2.Popen4",
    "commands.getoutput",
    "commands.getstatusoutput",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
];

/// Calls that start a process directly.
pub const NO_SHELL: &[&str] = &[
    "os.execl",
    "os.execle",
    "os.execlp",
    "os.execlpe",
    "os.execv",
    "os.execve",
    "os.execvp",
    "os.execvpe",
    "os.spawnl",
    "os.spawnle",
    "os.spawnlp",
    "os.spawnlpe",
    "os.spawnv",
    "os.spawnve",
    "os.spawnvp",
    "os.spawnvpe",
    "os.startfile",
];

/// Bandit's `has_shell`: whether a call passes a `shell=` that is (or may be) true. Literal
/// numbers, strings, bytes, `None`, lists and dicts count by their truth value; anything else
/// (a variable, a call, even an empty tuple `()`) counts as true, as in Bandit.
pub fn has_shell(call: &ast::ExprCall) -> bool {
    // Bandit keeps the last `shell=` it sees.
    let Some(value) = helpers::last_keyword(call, "shell") else {
        return false;
    };
    match value {
        Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NoneLiteral(_)
        | Expr::List(_)
        | Expr::Dict(_) => helpers::literal_truthiness(value).unwrap_or(true),
        _ => true,
    }
}

/// The line Bandit reports for a `shell=` check (`get_lineno_for_call_arg("shell")`): the
/// `shell=` value's, else the call's.
pub fn shell_hit(call: &ast::ExprCall) -> Hit {
    match helpers::keyword(call, "shell") {
        Some(value) => Hit::at(value),
        None => Hit::at(call),
    }
}

/// Bandit's `_evaluate_shell_call`: a command given as a plain string literal is low
/// severity (nothing is interpolated), anything else high.
pub fn shell_call_severity(call: &ast::ExprCall) -> Level {
    match call.arguments.args.first() {
        Some(Expr::StringLiteral(_)) => Level::Low,
        _ => Level::High,
    }
}
