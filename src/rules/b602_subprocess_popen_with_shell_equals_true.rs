use super::context::Node;
use super::shell_injection::{has_shell, shell_call_severity, SUBPROCESS};
use super::{helpers, Check, Context, Hit, Level};

crate::declare_rule! {
    /// ## What it does
    /// Flags `subprocess` calls (`Popen`, `call`, `check_call`, `check_output`, `run`) made
    /// with `shell=True` (Bandit B602, `subprocess_popen_with_shell_equals_true`).
    ///
    /// ## Why is this bad?
    /// With a shell, every metacharacter in the command is interpreted: a file name like
    /// `; rm -rf ~` in the command becomes a second command. High severity when the command
    /// is built from anything but a plain literal; low when it is a constant string (safe
    /// today, one edit away from injection). Reported on the line of the `shell=` argument,
    /// as Bandit does.
    ///
    /// ## Example
    /// ```python
    /// subprocess.call("ls " + user_dir, shell=True)
    /// ```
    /// Pass an argument list and leave `shell` off: `subprocess.call(["ls", user_dir])`.
    pub static RULE = {
        id: "B602",
        name: "subprocess_popen_with_shell_equals_true",
        severity: High,
        confidence: High,
        aspect: ExternalInputs,
        message: "subprocess call with shell=True identified, security issue.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(name) = ctx.call_name(call) else {
        return;
    };
    if !SUBPROCESS.contains(&name.as_str()) || !has_shell(call) {
        return;
    }
    let mut hit = Hit::at(*call);
    if let Some(shell) = helpers::keyword(call, "shell") {
        hit = Hit::at(shell);
    }
    if shell_call_severity(call) == Level::Low {
        hit = hit.severity(Level::Low).message(
            "subprocess call with shell=True seems safe, but may be changed in the future, consider rewriting without shell",
        );
    }
    out.push(hit);
}
