//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// Untrusted data written into an HTTP response header: a source's value reaches `send_header` of an `http.server` handler or `putheader`, which write header values as given.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// A CR LF in the value ends the header: the attacker adds headers (cookies) or a whole response.
    ///
    /// ## Example
    /// ```python
    /// class Handler(BaseHTTPRequestHandler):
    ///     def do_GET(self):
    ///         self.send_header("X-Echo", self.headers["X-Name"])   # flagged
    ///         self.send_header("X-Echo", "fixed")                  # not flagged
    /// ```
    pub static RULE = {
        id: "HG313",
        name: "header_injection",
        severity: Medium,
        confidence: High,
        cwe: 113,
        aspect: ExternalInputs,
        message: "Untrusted data written into an HTTP response header",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Header),
    }
}
