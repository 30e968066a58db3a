use super::context::Node;
use super::{Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags calls to the builtin `exec` (Bandit B102, `exec_used`).
    ///
    /// ## Why is this bad?
    /// `exec` runs arbitrary Python; when any part of its argument comes from outside, an
    /// attacker runs code in your process.
    ///
    /// ## Example
    /// ```python
    /// exec(request.args["code"])
    /// ```
    pub static RULE = {
        id: "B102",
        name: "exec_used",
        severity: Medium,
        confidence: High,
        cwe: 78,
        aspect: ExternalInputs,
        gate: Code,
        message: "Use of exec detected.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    if let Node::Call(call) = node {
        if ctx.call_name(call).as_deref() == Some("exec") {
            out.push(Hit::at(*call));
        }
    }
}
