//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// A regular expression built from untrusted data: a source's value reaches the pattern of `re.compile`/`match`/`search`/`fullmatch`/`findall`/`finditer`/`sub`/`subn`/`split` (or the `regex` module's), without `re.escape`.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// The client chooses a pattern with catastrophic backtracking (`(a+)+$`) and pins a worker for minutes (CWE-1333), or changes what the match accepts.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/grep")
    /// def grep():
    ///     pattern = request.args["q"]
    ///     return str(re.findall(pattern, TEXT))               # flagged
    ///     return str(re.findall(re.escape(pattern), TEXT))    # not flagged
    /// ```
    pub static RULE = {
        id: "HG314",
        name: "regex_injection",
        severity: Medium,
        confidence: High,
        cwe: 730,
        aspect: ExternalInputs,
        message: "A regular expression built from untrusted data",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Regex),
    }
}
