use super::shared::tls::BAD_PROTOCOL_VERSIONS;
use super::context::Node;
use super::{helpers, Check, Context, Hit, Level};
use ruff_python_ast::{Expr, ExprCall};

crate::declare_rule! {
    /// ## What it does
    /// Flags a broken SSL/TLS protocol version (SSL 2, SSL 3, TLS 1.0, TLS 1.1, pyOpenSSL's
    /// `SSLv23_METHOD`) passed to a call (Bandit B502, `ssl_with_bad_version`, with its
    /// default `bad_protocol_versions`):
    /// - `ssl.wrap_socket(ssl_version=…)`: high severity and confidence;
    /// - `pyOpenSSL.SSL.Context(method=…)`: high;
    /// - any other call with such a `method=` or `ssl_version=` keyword: medium.
    ///
    /// Reported on the line of the keyword's value. As in Bandit, only keyword arguments are
    /// judged, and the constant is recognised by its last name (`ssl.PROTOCOL_TLSv1`,
    /// `PROTOCOL_TLSv1` or the string `"PROTOCOL_TLSv1"`).
    ///
    /// ## Why is this bad?
    /// These protocol versions have known practical attacks (DROWN, POODLE, BEAST): traffic
    /// protected with them can be decrypted or tampered with.
    ///
    /// ## Example
    /// ```python
    /// ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1)   # flagged
    /// ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)           # fine: negotiates TLS 1.2+
    /// ```
    pub static RULE = {
        id: "B502",
        name: "ssl_with_bad_version",
        severity: High,
        confidence: High,
        cwe: 327,
        aspect: AccessToResources,
        message: "ssl.wrap_socket call with insecure SSL/TLS protocol version identified, security issue.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

/// The keyword `name` when its value names a bad protocol version.
fn bad_keyword<'a>(call: &'a ExprCall, name: &str) -> Option<&'a Expr> {
    helpers::keyword(call, name).filter(|v| {
        helpers::bandit_value(v)
            .and_then(|v| v.as_str())
            .is_some_and(|s| BAD_PROTOCOL_VERSIONS.contains(&s))
    })
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    match helpers::bandit_call_qualname(ctx, call).as_str() {
        "ssl.wrap_socket" => {
            if let Some(value) = bad_keyword(call, "ssl_version") {
                out.push(Hit::at(value));
            }
        }
        "pyOpenSSL.SSL.Context" => {
            if let Some(value) = bad_keyword(call, "method") {
                out.push(Hit::at(value).message(
                    "SSL.Context call with insecure SSL/TLS protocol version identified, security issue.",
                ));
            }
        }
        _ => {
            if bad_keyword(call, "method").is_none() && bad_keyword(call, "ssl_version").is_none() {
                return;
            }
            // Bandit takes the line of `method=` whenever that keyword is there, even when
            // it was `ssl_version=` that matched.
            let Some(at) =
                helpers::keyword(call, "method").or_else(|| helpers::keyword(call, "ssl_version"))
            else {
                return;
            };
            out.push(
                Hit::at(at)
                    .severity(Level::Medium)
                    .confidence(Level::Medium)
                    .message(
                        "Function call with insecure SSL/TLS protocol identified, possible security issue.",
                    ),
            );
        }
    }
}
