use super::context::Node;
use super::shared::shell::{has_shell, shell_hit, SUBPROCESS};
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags `subprocess` calls (`Popen`, `call`, `check_call`, `check_output`, `run`) made
    /// without a shell (Bandit B603, `subprocess_without_shell_equals_true`): no `shell=`, or
    /// one that is a false literal (`False`, `0`, `None`, `""`, `[]`, `{}`).
    ///
    /// ## Why is this bad?
    /// Without a shell there is no metacharacter injection, but the program and its arguments
    /// still run as given: if any of them come from outside, an attacker chooses what runs
    /// (`--upload-pack=…` style options, another executable). A reminder to check the input.
    /// Reported on the line of the `shell=` value when there is one, as Bandit does.
    ///
    /// ## Example
    /// ```python
    /// subprocess.run(["git", "clone", repo_url])
    /// ```
    pub static RULE = {
        id: "B603",
        name: "subprocess_without_shell_equals_true",
        severity: Low,
        confidence: High,
        cwe: 78,
        aspect: ExternalInputs,
        gate: Command,
        message: "subprocess call - check for execution of untrusted input.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let name = helpers::bandit_qualname(ctx, &call.func);
    if SUBPROCESS.contains(&name.as_str()) && !has_shell(call) {
        out.push(shell_hit(call));
    }
}
