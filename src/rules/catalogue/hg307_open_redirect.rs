//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// A redirect to a URL taken from the request: a source's value reaches `redirect`, `HttpResponseRedirect`, `RedirectResponse`, a handler's `self.redirect` or a `Location` header, unless a check of `urlparse(...).netloc`/`scheme` against allowed values or `url_has_allowed_host_and_scheme` guards it.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// A link on the trusted site sends the victim to a phishing page, or leaks tokens in the URL.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/login")
    /// def login():
    ///     target = request.args["next"]
    ///     return redirect(target)                             # flagged
    ///     if urlparse(target).netloc not in ALLOWED_HOSTS:
    ///         abort(400)
    ///     return redirect(target)                             # not flagged
    /// ```
    pub static RULE = {
        id: "HG307",
        name: "open_redirect",
        severity: Medium,
        confidence: High,
        cwe: 601,
        aspect: ExternalInputs,
        message: "A redirect to a URL taken from the request",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Redirect),
    }
}
