use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags any call of a function or method named `exec_command` in a file that has
    /// imported something with `paramiko` in its name above the call (Bandit B601,
    /// `paramiko_calls`).
    ///
    /// ## Why is this bad?
    /// Paramiko's `SSHClient.exec_command` runs its command through the remote user's shell:
    /// anything outside in the command string can add commands on the remote host.
    ///
    /// ## Example
    /// ```python
    /// client.exec_command("ls " + directory)
    /// ```
    /// Quote every outside value (`shlex.quote`) or avoid building commands from input.
    pub static RULE = {
        id: "B601",
        name: "paramiko_calls",
        severity: Medium,
        confidence: Medium,
        cwe: 78,
        aspect: ExternalInputs,
        gate: Command,
        message: "Possible shell injection via Paramiko call, check inputs are properly sanitized.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if helpers::bandit_call_name(ctx, call) == "exec_command"
        && helpers::is_module_imported_like(ctx, "paramiko", call.start())
    {
        out.push(Hit::at(*call));
    }
}
