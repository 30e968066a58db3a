use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags `set_missing_host_key_policy(AutoAddPolicy)` or `(WarningPolicy)` (the class or
    /// an instance, by whatever path) in a file that has imported a module whose name
    /// contains `paramiko` earlier on (Bandit B507, `ssh_no_host_key_verification`).
    ///
    /// ## Why is this bad?
    /// Accepting unknown host keys means connecting to whoever answers: a machine in the
    /// middle receives the credentials and the commands meant for the real server.
    ///
    /// ## Example
    /// ```python
    /// client.set_missing_host_key_policy(paramiko.AutoAddPolicy())   # flagged
    /// client.load_system_host_keys()
    /// client.set_missing_host_key_policy(paramiko.RejectPolicy())
    /// ```
    pub static RULE = {
        id: "B507",
        name: "ssh_no_host_key_verification",
        severity: High,
        confidence: Medium,
        cwe: 295,
        aspect: AccessToResources,
        message: "Paramiko call with policy set to automatically trust the unknown host key.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn simple_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Attribute(a) => Some(a.attr.id.as_str()),
        Expr::Name(n) => Some(n.id.as_str()),
        _ => None,
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(policy) = call.arguments.args.first() else {
        return;
    };
    if helpers::bandit_call_name(ctx, call) != "set_missing_host_key_policy" {
        return;
    }
    let policy = match policy {
        Expr::Call(c) => simple_name(&c.func),
        other => simple_name(other),
    };
    if matches!(policy, Some("AutoAddPolicy" | "WarningPolicy"))
        && helpers::is_module_imported_like(ctx, "paramiko", call.start())
    {
        out.push(Hit::at(*call));
    }
}
