use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags `logging.config.listen(...)` without a `verify=` argument (Bandit B612,
    /// `logging_config_insecure_listen`).
    ///
    /// ## Why is this bad?
    /// The listener accepts logging configurations from the network and applies them; a
    /// configuration can name classes and callables to construct, so whoever can reach the
    /// port can run code in the process. `verify` lets the application check (sign, decrypt)
    /// what it receives before using it.
    ///
    /// ## Example
    /// ```python
    /// t = logging.config.listen(9999)
    /// ```
    /// Pass `verify=check_signature`, or do not listen at all.
    pub static RULE = {
        id: "B612",
        name: "logging_config_insecure_listen",
        severity: Medium,
        confidence: High,
        cwe: 94,
        aspect: ExternalInputs,
        message: "Use of insecure logging.config.listen detected.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if helpers::bandit_qualname(ctx, &call.func) == "logging.config.listen"
        && helpers::keyword(call, "verify").is_none()
    {
        out.push(Hit::at(*call));
    }
}
