//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// A request to a URL or host taken from the request: a source's value reaches the URL of `requests.*`, `httpx.*`, `urllib.request.urlopen`/`Request`, `http.client.HTTPConnection` or a session's `get`/`post`.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// The server fetches internal addresses for the attacker: cloud metadata credentials, admin interfaces, other services behind the firewall.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/fetch")
    /// def fetch():
    ///     url = request.args["url"]
    ///     return requests.get(url, timeout=5).text            # flagged
    ///     return requests.get(FEEDS[request.args["feed"]], timeout=5).text   # not flagged
    /// ```
    pub static RULE = {
        id: "HG308",
        name: "server_side_request_forgery",
        severity: High,
        confidence: High,
        cwe: 918,
        aspect: ExternalInputs,
        message: "A request to a URL or host taken from the request",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Ssrf),
    }
}
