use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags `<something>.run(..., debug=True)` in a file that has imported a module whose
    /// name contains `flask` earlier on (Bandit B201, `flask_debug_true`). Reported on the
    /// line of the `debug=` value.
    ///
    /// ## Why is this bad?
    /// Flask's debug mode turns on the Werkzeug debugger, whose in-browser console runs any
    /// Python the visitor types: an exposed debug server is remote code execution.
    ///
    /// ## Example
    /// ```python
    /// app = Flask(__name__)
    /// app.run(debug=True)                                    # flagged
    /// app.run(debug=os.environ.get("FLASK_DEBUG") == "1")    # not judged
    /// ```
    pub static RULE = {
        id: "B201",
        name: "flask_debug_true",
        severity: High,
        confidence: Medium,
        cwe: 94,
        aspect: AccessToResources,
        message: "A Flask app appears to be run with debug=True, which exposes the Werkzeug debugger and allows the execution of arbitrary code.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if !helpers::bandit_call_qualname(ctx, call).ends_with(".run") {
        return;
    }
    let Some(debug) = helpers::keyword(call, "debug") else {
        return;
    };
    if helpers::bandit_value(debug).and_then(|v| v.as_str()) != Some("True") {
        return;
    }
    if helpers::is_module_imported_like(ctx, "flask", call.start()) {
        out.push(Hit::at(debug));
    }
}
