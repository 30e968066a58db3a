use super::shared::http::http_library;
use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags `requests` verbs (`requests.get`, `post` …) and `httpx` calls (the verbs,
    /// `request`, `stream`, `Client`, `AsyncClient`) made with `verify=False` (Bandit B501,
    /// `request_with_no_cert_validation`). Reported on the line of the `verify=` value.
    ///
    /// ## Why is this bad?
    /// Without certificate validation anyone on the network path can impersonate the server,
    /// read the traffic (credentials included) and change the responses.
    ///
    /// ## Example
    /// ```python
    /// requests.get(url, verify=False)                 # flagged
    /// requests.get(url, verify="/etc/ssl/corp-ca.pem")
    /// ```
    pub static RULE = {
        id: "B501",
        name: "request_with_no_cert_validation",
        severity: High,
        confidence: High,
        cwe: 295,
        aspect: AccessToResources,
        message: "Call to requests with verify=False disabling SSL certificate checks, security issue.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(library) = http_library(ctx, call) else {
        return;
    };
    let Some(verify) = helpers::keyword(call, "verify") else {
        return;
    };
    if helpers::bandit_value(verify).and_then(|v| v.as_str()) == Some("False") {
        out.push(Hit::at(verify).message(format!(
            "Call to {library} with verify=False disabling SSL certificate checks, security issue."
        )));
    }
}
