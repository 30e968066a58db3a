use super::context::Node;
use super::shared::shell::{has_shell, shell_call_severity, shell_hit, SUBPROCESS};
use super::{helpers, Check, Context, Hit, Level};

crate::declare_rule! {
    /// ## What it does
    /// Flags `subprocess` calls (`Popen`, `call`, `check_call`, `check_output`, `run`) made
    /// with `shell=True` (Bandit B602, `subprocess_popen_with_shell_equals_true`).
    ///
    /// ## Why is this bad?
    /// With a shell, every metacharacter in the command is interpreted: a file name like
    /// `; rm -rf ~` in the command becomes a second command. High severity when the first
    /// positional argument is anything but a plain `str` literal (an f-string or bytes count
    /// as built); low when it is one (safe today, one edit away from injection). `shell=` is
    /// judged as Bandit judges it: a literal by its truth value, anything else (a variable,
    /// even `()`) as true. A call without a positional command is not flagged. Reported on
    /// the line of the `shell=` value, as Bandit does.
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
        cwe: 78,
        aspect: ExternalInputs,
        gate: Command,
        message: "subprocess call with shell=True identified, security issue.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let name = helpers::bandit_qualname(ctx, &call.func);
    // Bandit asks for a positional command: `Popen(args=cmd, shell=True)` is not flagged.
    if !SUBPROCESS.contains(&name.as_str()) || !has_shell(call) || call.arguments.args.is_empty() {
        return;
    }
    let mut hit = shell_hit(call);
    if shell_call_severity(call) == Level::Low {
        hit = hit.severity(Level::Low).message(
            "subprocess call with shell=True seems safe, but may be changed in the future, consider rewriting without shell",
        );
    }
    out.push(hit);
}
