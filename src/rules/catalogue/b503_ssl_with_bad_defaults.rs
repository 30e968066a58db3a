use super::shared::tls::BAD_PROTOCOL_VERSIONS;
use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::Expr;

crate::declare_rule! {
    /// ## What it does
    /// Flags a function whose positional parameter defaults to a broken SSL/TLS protocol
    /// constant written as an attribute (`ssl.PROTOCOL_SSLv3`, `SSL.TLSv1_METHOD`; the same
    /// list as B502) (Bandit B503, `ssl_with_bad_defaults`). Reported on the `def` line.
    /// As in Bandit, a bare name (`PROTOCOL_SSLv3`), keyword-only parameters and `async def`
    /// are not judged.
    ///
    /// ## Why is this bad?
    /// Every caller that relies on the default talks a protocol version with known practical
    /// attacks.
    ///
    /// ## Example
    /// ```python
    /// def open_tls(sock, version=ssl.PROTOCOL_TLSv1):   # flagged
    ///     ...
    /// ```
    pub static RULE = {
        id: "B503",
        name: "ssl_with_bad_defaults",
        severity: Medium,
        confidence: Medium,
        cwe: 327,
        aspect: AccessToResources,
        message: "Function definition identified with insecure SSL/TLS protocol version by default, possible security issue.",
        kinds: [FunctionDef],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::FunctionDef(func) = node else {
        return;
    };
    if func.is_async {
        return;
    }
    let params = &func.parameters;
    let bad = helpers::positional_defaults(params).any(
        |d| matches!(d, Expr::Attribute(a) if BAD_PROTOCOL_VERSIONS.contains(&a.attr.id.as_str())),
    );
    if bad {
        out.push(Hit::at(&helpers::def_range(ctx, func)));
    }
}
