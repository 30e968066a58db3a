//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// Untrusted data used as a template's source: a source's value reaches `render_template_string`, `jinja2.Template`, `Environment.from_string`, Django's, Mako's or Tornado's `Template` as the template text (passing it as a template variable is fine).
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// Template syntax in the value runs on the server: `{{ config }}`, and from there code execution.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/greet")
    /// def greet():
    ///     name = request.args["name"]
    ///     return render_template_string("Hello " + name)                 # flagged
    ///     return render_template_string("Hello {{ name }}", name=name)   # not flagged
    /// ```
    pub static RULE = {
        id: "HG306",
        name: "template_injection",
        severity: High,
        confidence: High,
        cwe: 1336,
        aspect: ExternalInputs,
        message: "Untrusted data used as a template's source",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Template),
    }
}
