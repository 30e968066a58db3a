//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// Untrusted data stored in the session: a source's value is stored in `flask.session`, `request.session` (Django) or another session object, as a key or a value.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// Later code trusts what the session holds as if the server had put it there: a user id, a role, a flag set by the client.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/remember")
    /// def remember():
    ///     session["user"] = request.args["user"]             # flagged
    ///     session["user"] = current_user.id                  # not flagged
    /// ```
    pub static RULE = {
        id: "HG311",
        name: "trust_boundary_violation",
        severity: Medium,
        confidence: High,
        cwe: 501,
        aspect: ExternalInputs,
        message: "Untrusted data stored in the session",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::TrustBoundary),
    }
}
