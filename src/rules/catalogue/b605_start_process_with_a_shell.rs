use super::context::Node;
use super::shared::shell::{shell_call_severity, SHELL};
use super::{helpers, Check, Context, Hit, Level};

crate::declare_rule! {
    /// ## What it does
    /// Flags functions that always run their command through a shell: `os.system`,
    /// `os.popen`, `subprocess.getoutput` and friends (Bandit B605,
    /// `start_process_with_a_shell`).
    ///
    /// ## Why is this bad?
    /// The command string is interpreted by `/bin/sh`; any outside text in it can add
    /// commands. High severity when the command is not a plain literal, low when it is.
    ///
    /// ## Example
    /// ```python
    /// os.system("tar xf " + archive)
    /// ```
    pub static RULE = {
        id: "B605",
        name: "start_process_with_a_shell",
        severity: High,
        confidence: High,
        cwe: 78,
        aspect: ExternalInputs,
        gate: Command,
        message: "Starting a process with a shell, possible injection detected, security issue.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let name = helpers::bandit_qualname(ctx, &call.func);
    if !SHELL.contains(&name.as_str()) || call.arguments.args.is_empty() {
        return;
    }
    let mut hit = Hit::at(*call);
    if shell_call_severity(call) == Level::Low {
        hit = hit.severity(Level::Low).message(
            "Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell",
        );
    }
    out.push(hit);
}
