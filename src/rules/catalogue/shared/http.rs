//! Which calls are HTTP requests, shared by B113 and B501.

use super::ast as helpers;
use crate::rules::engine::Context;

/// The `requests` functions B113 and B501 judge.
pub const HTTP_VERBS: &[&str] = &["get", "options", "head", "post", "put", "patch", "delete"];

/// The `httpx` names B113 and B501 judge besides the verbs.
pub const HTTPX_EXTRA: &[&str] = &["request", "stream", "Client", "AsyncClient"];

/// The library (`requests` or `httpx`) when the call is one of the HTTP calls Bandit judges.
pub fn http_library(ctx: &Context<'_>, call: &ruff_python_ast::ExprCall) -> Option<&'static str> {
    let qualname = helpers::bandit_call_qualname(ctx, call);
    let module = qualname.split('.').next().unwrap_or("");
    let name = helpers::last_segment(&qualname);
    match module {
        "requests" if HTTP_VERBS.contains(&name) => Some("requests"),
        "httpx" if HTTP_VERBS.contains(&name) || HTTPX_EXTRA.contains(&name) => Some("httpx"),
        _ => None,
    }
}
