use super::shared::http::http_library;
use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags HTTP calls that can wait forever: a `requests` verb (`requests.get`, `post`,
    /// `put`, `patch`, `delete`, `head`, `options`) without `timeout=`, and a `requests` verb
    /// or an `httpx` call (the verbs, `request`, `stream`, `Client`, `AsyncClient`) with
    /// `timeout=None` (Bandit B113, `request_without_timeout`).
    ///
    /// As in Bandit, a `timeout=` whose value is not a name, attribute or literal (a call,
    /// `t * 2`) counts as missing.
    ///
    /// ## Why is this bad?
    /// Without a timeout a slow or malicious server holds the caller (a worker, a thread)
    /// indefinitely; enough such requests stop the service.
    ///
    /// ## Example
    /// ```python
    /// requests.get(url)                 # flagged
    /// httpx.get(url, timeout=None)      # flagged
    /// requests.get(url, timeout=10)
    /// ```
    pub static RULE = {
        id: "B113",
        name: "request_without_timeout",
        severity: Medium,
        confidence: Low,
        cwe: 400,
        aspect: AccessToResources,
        message: "Call to requests without timeout",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(library) = http_library(ctx, call) else {
        return;
    };
    let timeout = helpers::bandit_keyword(call, "timeout");
    if library == "requests" && timeout.is_none() {
        out.push(Hit::at(*call).message(format!("Call to {library} without timeout")));
    } else if timeout.and_then(|t| t.as_str()) == Some("None") {
        out.push(Hit::at(*call).message(format!("Call to {library} with timeout set to None")));
    }
}
