use super::context::Node;
use super::shared::shell::{has_shell, shell_hit, SUBPROCESS};
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags a call to anything other than the `subprocess` functions that passes a true
    /// `shell=` (Bandit B604, `any_other_function_with_shell_equals_true`): wrappers such as
    /// `utils.execute(cmd, shell=True)`. `shell=` is judged as in B602: a literal by its truth
    /// value, anything else as true.
    ///
    /// ## Why is this bad?
    /// A `shell=True` parameter usually means the wrapper hands the command to a shell, with
    /// the same injection risk as `subprocess` with `shell=True`. Reported on the line of the
    /// `shell=` value, as Bandit does.
    ///
    /// ## Example
    /// ```python
    /// run_command("ls " + path, shell=True)
    /// ```
    pub static RULE = {
        id: "B604",
        name: "any_other_function_with_shell_equals_true",
        severity: Medium,
        confidence: Low,
        cwe: 78,
        aspect: ExternalInputs,
        gate: Command,
        message: "Function call with shell=True parameter identified, possible security issue.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if !has_shell(call) {
        return;
    }
    let name = helpers::bandit_qualname(ctx, &call.func);
    if !SUBPROCESS.contains(&name.as_str()) {
        out.push(shell_hit(call));
    }
}
