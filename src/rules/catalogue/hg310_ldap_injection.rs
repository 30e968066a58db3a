//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// An LDAP filter built from untrusted data: a source's value reaches the filter of an `ldap3` connection's `search` or python-ldap's `search_s`/`search_ext_s`, without `escape_filter_chars`.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// `*)(uid=*` in the value widens the filter: the search returns, or authenticates against, entries it should not.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/who")
    /// def who():
    ///     uid = request.args["uid"]
    ///     conn.search("ou=people,dc=x", f"(uid={uid})")                       # flagged
    ///     conn.search("ou=people,dc=x", f"(uid={escape_filter_chars(uid)})")  # not flagged
    /// ```
    pub static RULE = {
        id: "HG310",
        name: "ldap_injection",
        severity: High,
        confidence: High,
        cwe: 90,
        aspect: ExternalInputs,
        message: "An LDAP filter built from untrusted data",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Ldap),
    }
}
