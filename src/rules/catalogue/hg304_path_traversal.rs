//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// A file path built from untrusted data: a source's value reaches `open`, `io.open`, `codecs.open`, `os.remove`/`unlink`/`rename`/..., `shutil.*`, a `pathlib.Path` read/write/unlink, `send_file` or `send_from_directory`'s directory, with no `os.path.basename`, `secure_filename`, `safe_join`, `..` check or resolved-prefix check on the way.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// `../../etc/passwd` (or an absolute path, which `os.path.join` lets replace the base) reads or overwrites any file the server can reach.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/file")
    /// def file():
    ///     name = request.args["name"]
    ///     return open(os.path.join(BASE, name)).read()           # flagged
    ///     return open(os.path.join(BASE, secure_filename(name))).read()   # not flagged
    ///     p = os.path.realpath(os.path.join(BASE, name))
    ///     if not p.startswith(BASE):
    ///         abort(400)
    ///     return open(p).read()                                   # not flagged
    /// ```
    pub static RULE = {
        id: "HG304",
        name: "path_traversal",
        severity: High,
        confidence: High,
        cwe: 22,
        aspect: ExternalInputs,
        message: "A file path built from untrusted data",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Path),
    }
}
