//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// An SQL query built from untrusted data: a query string built from a source's value reaches `execute`, `executemany`, `executescript`, Django's `raw`/`extra`/`RawSQL`, SQLAlchemy's `text()` or `pandas.read_sql`; a constant query with the value passed as a parameter is not flagged.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// Quotes in the value end the SQL string: the client reads or changes any table.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/user")
    /// def user():
    ///     name = request.args["name"]
    ///     cur.execute(f"SELECT * FROM users WHERE name = '{name}'")   # flagged
    ///     cur.execute("SELECT * FROM users WHERE name = ?", (name,))  # not flagged
    /// ```
    pub static RULE = {
        id: "HG303",
        name: "sql_injection",
        severity: High,
        confidence: High,
        cwe: 89,
        aspect: ExternalInputs,
        message: "An SQL query built from untrusted data",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Sql),
    }
}
