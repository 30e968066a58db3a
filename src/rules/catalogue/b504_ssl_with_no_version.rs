use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags `ssl.wrap_socket(...)` without an `ssl_version=` (Bandit B504,
    /// `ssl_with_no_version`). As in Bandit, an `ssl_version=` whose value is not a name,
    /// attribute or literal counts as missing, and is then where the finding is reported.
    ///
    /// ## Why is this bad?
    /// The default negotiates the highest version both sides support, which on old peers or
    /// old Pythons may be a broken one. `ssl.wrap_socket` is deprecated (removed in Python
    /// 3.12): use `SSLContext.wrap_socket` with a context that sets a minimum version.
    ///
    /// ## Example
    /// ```python
    /// ssl.wrap_socket(sock)                                        # flagged
    /// ssl.create_default_context().wrap_socket(sock, server_hostname=host)
    /// ```
    pub static RULE = {
        id: "B504",
        name: "ssl_with_no_version",
        severity: Low,
        confidence: Medium,
        cwe: 327,
        aspect: AccessToResources,
        message: "ssl.wrap_socket call with no SSL/TLS protocol version specified, the default SSLv23 could be insecure, possible security issue.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if helpers::bandit_call_qualname(ctx, call) != "ssl.wrap_socket"
        || helpers::bandit_keyword(call, "ssl_version").is_some()
    {
        return;
    }
    match helpers::keyword(call, "ssl_version") {
        Some(value) => out.push(Hit::at(value)),
        None => out.push(Hit::at(*call)),
    }
}
