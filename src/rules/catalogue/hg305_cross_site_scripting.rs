//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// Untrusted data in an HTML response without escaping: a source's value reaches the body a route returns as text, `make_response`, `Response`, `HttpResponse`, `Markup`/`mark_safe`, or a handler's `self.write`, without `html.escape`, `markupsafe.escape` or another HTML escaper on the way. Returning a dict or list (JSON) is not flagged; templates rendered with autoescaping are not flagged.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// The browser runs the attacker's script in the site's origin: sessions, tokens and actions of the victim.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/hello")
    /// def hello():
    ///     name = request.args.get("name", "")
    ///     return f"<p>Hello {name}</p>"                      # flagged
    ///     return f"<p>Hello {escape(name)}</p>"              # not flagged
    /// ```
    pub static RULE = {
        id: "HG305",
        name: "cross_site_scripting",
        severity: Medium,
        confidence: High,
        cwe: 79,
        aspect: ExternalInputs,
        message: "Untrusted data in an HTML response without escaping",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Xss),
    }
}
