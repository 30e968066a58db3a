use super::context::Node;
use super::shared::shell::NO_SHELL;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags functions that start a process directly, without a shell: the `os.exec*` and
    /// `os.spawn*` families and `os.startfile` (Bandit B606, `start_process_with_no_shell`).
    ///
    /// ## Why is this bad?
    /// There is no shell to inject into, but whoever controls the program path or its
    /// arguments controls what runs. A reminder to check where they come from.
    ///
    /// ## Example
    /// ```python
    /// os.execvp(tool, [tool, user_file])
    /// ```
    pub static RULE = {
        id: "B606",
        name: "start_process_with_no_shell",
        severity: Low,
        confidence: Medium,
        cwe: 78,
        aspect: ExternalInputs,
        gate: Command,
        message: "Starting a process without a shell.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let name = helpers::bandit_qualname(ctx, &call.func);
    if NO_SHELL.contains(&name.as_str()) {
        out.push(Hit::at(*call));
    }
}
