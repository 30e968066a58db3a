//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// An XPath query built from untrusted data: a source's value reaches `xpath()`, `lxml.etree.XPath`, `elementpath.select` or an ElementTree `find*` as part of the query; passing it as an XPath variable (`root.xpath(q, name=v)`) or rejecting quotes first is not flagged.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// A quote in the value rewrites the query: `' or '1'='1` returns every node.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/employee")
    /// def employee():
    ///     emp = request.args["id"]
    ///     return str(root.xpath(f"//employee[@id='{emp}']"))              # flagged
    ///     return str(root.xpath("//employee[@id=$id]", id=emp))           # not flagged
    /// ```
    pub static RULE = {
        id: "HG309",
        name: "xpath_injection",
        severity: High,
        confidence: High,
        cwe: 643,
        aspect: ExternalInputs,
        message: "An XPath query built from untrusted data",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::XPath),
    }
}
