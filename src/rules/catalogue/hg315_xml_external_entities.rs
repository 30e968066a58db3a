//! A data-flow rule: its findings come from the data-flow engine.

use super::Check;

crate::declare_rule! {
    /// ## What it does
    /// Untrusted XML parsed with external entities turned on: a source's value is parsed (`xml.dom.minidom.parseString`/`parse`, `pulldom`, `lxml.etree.fromstring`/`XML`/`parse`, a SAX parser's `parse`) by a parser that resolves external entities: a SAX parser after `setFeature(feature_external_ges, True)`, an lxml `XMLParser(resolve_entities=True)` or `no_network=False`.
///
/// The data-flow engine follows values inside the changed functions and through the
/// summaries of the same file's functions they call; a call into another file is assumed to
/// pass its arguments on, at low confidence, unless its name says it sanitises. Confidence is
/// high for a flow inside one function from a request, medium when it crosses a function or
/// starts at the command line or the environment (whose severity is one level lower: whoever
/// runs the program already controls it).
    ///
    /// ## Why is this bad?
    /// An entity pointing at `file:///etc/passwd` or an internal URL puts its content in the document: file disclosure and request forgery.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/upload", methods=["POST"])
    /// def upload():
    ///     parser = xml.sax.make_parser()
    ///     parser.setFeature(xml.sax.handler.feature_external_ges, True)
    ///     doc = xml.dom.minidom.parseString(request.data, parser)   # flagged
    ///     doc = xml.dom.minidom.parseString(request.data)           # not flagged: defaults
    /// ```
    pub static RULE = {
        id: "HG315",
        name: "xml_external_entities",
        severity: High,
        confidence: High,
        cwe: 611,
        aspect: ExternalInputs,
        message: "Untrusted XML parsed with external entities turned on",
        kinds: [],
        check: Check::Flow(crate::dataflow::SinkKind::Xxe),
    }
}
