use super::context::Node;
use super::shared::shell::{NO_SHELL, SHELL, SUBPROCESS};
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::Expr;

crate::declare_rule! {
    /// ## What it does
    /// Flags a process started (through any of the `subprocess`, shell or no-shell functions
    /// of B602–B606) with a program given as a relative name: the first positional argument,
    /// or the first element of a list given there, is a string literal that does not start
    /// with `/`, `\`, `.` or a drive letter (`C:`) (Bandit B607,
    /// `start_process_with_partial_path`). An empty string counts as partial, as in Bandit.
    ///
    /// ## Why is this bad?
    /// A bare `git` is looked up through `PATH`: whoever can put a directory early in `PATH`
    /// (or a file in the working directory, on Windows) chooses the program that runs.
    ///
    /// ## Example
    /// ```python
    /// subprocess.call(["git", "pull"])
    /// ```
    /// Use the full path: `subprocess.call(["/usr/bin/git", "pull"])`.
    pub static RULE = {
        id: "B607",
        name: "start_process_with_partial_path",
        severity: Low,
        confidence: High,
        cwe: 78,
        aspect: ExternalInputs,
        gate: Command,
        message: "Starting a process with a partial executable path",
        kinds: [Call],
        check: Check::Node(check),
    }
}

/// Bandit's `full_path_match`: `^(?:[A-Za-z](?=\:)|[\\\/\.])`.
fn is_full_path(program: &str) -> bool {
    let bytes = program.as_bytes();
    match bytes.first() {
        Some(b'\\' | b'/' | b'.') => true,
        Some(c) if c.is_ascii_alphabetic() => bytes.get(1) == Some(&b':'),
        _ => false,
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(first) = call.arguments.args.first() else {
        return;
    };
    let name = helpers::bandit_qualname(ctx, &call.func);
    let name = name.as_str();
    if !(SUBPROCESS.contains(&name) || SHELL.contains(&name) || NO_SHELL.contains(&name)) {
        return;
    }
    let program = match first {
        Expr::List(list) if !list.elts.is_empty() => &list.elts[0],
        other => other,
    };
    if let Some(program) = helpers::string_value(program) {
        if !is_full_path(program) {
            out.push(Hit::at(*call));
        }
    }
}
