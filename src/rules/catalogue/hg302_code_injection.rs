//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// Untrusted data reaches `eval`, `exec` or `compile`: a value from a request or another source reaches the code argument of `eval`, `exec` or `compile`.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// The value runs as Python with the server's rights.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/calc")
    /// def calc():
    ///     expr = request.args["expr"]
    ///     return str(eval(expr))                             # flagged
    ///     return str(ast.literal_eval(expr))                 # not flagged: literals only
    /// ```
    pub static RULE = {
        id: "HG302",
        name: "code_injection",
        severity: High,
        confidence: High,
        cwe: 94,
        aspect: ExternalInputs,
        message: "Untrusted data reaches `eval`, `exec` or `compile`",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Code),
    }
}
