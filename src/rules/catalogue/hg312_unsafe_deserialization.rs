//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// Untrusted bytes deserialised into objects: a source's value reaches `pickle`/`cPickle`/`dill`/`marshal` `load(s)`, `jsonpickle.decode`, `yaml.load` without a safe loader, `yaml.unsafe_load`/`full_load`, `shelve.open`, `pandas.read_pickle`, `torch.load` or `numpy.load(allow_pickle=True)`.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// Deserialising pickle or unsafe YAML runs code chosen by whoever wrote the bytes.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/restore")
    /// def restore():
    ///     blob = request.get_data()
    ///     state = pickle.loads(blob)                          # flagged
    ///     state = json.loads(blob)                            # not flagged
    ///     state = yaml.safe_load(blob)                        # not flagged
    /// ```
    pub static RULE = {
        id: "HG312",
        name: "unsafe_deserialization",
        severity: High,
        confidence: High,
        cwe: 502,
        aspect: ExternalInputs,
        message: "Untrusted bytes deserialised into objects",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Deserialization),
    }
}
