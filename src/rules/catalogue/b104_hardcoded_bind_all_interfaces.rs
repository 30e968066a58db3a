use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags the string `"0.0.0.0"` wherever it appears as a value, including as the text of
    /// an f-string (Bandit B104, `hardcoded_bind_all_interfaces`). A string standing alone as
    /// a statement (a docstring) is not judged, as in Bandit.
    ///
    /// ## Why is this bad?
    /// Binding to `0.0.0.0` listens on every network interface, including ones facing
    /// networks the service was never meant to be reachable from.
    ///
    /// ## Example
    /// ```python
    /// server.bind(("0.0.0.0", 8080))     # flagged
    /// server.bind((config.listen_address, 8080))
    /// ```
    /// For f-strings the line is that of the f-string's start, where Python 3.11 (the
    /// Bandit reference run) places its constant parts.
    pub static RULE = {
        id: "B104",
        name: "hardcoded_bind_all_interfaces",
        severity: Medium,
        confidence: Medium,
        cwe: 605,
        aspect: AccessToResources,
        message: "Possible binding to all interfaces.",
        kinds: [StringLiteral, FString],
        check: Check::Node(check),
    }
}

const ALL_INTERFACES: &str = "0.0.0.0";

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    match node {
        Node::StringLiteral(lit)
            if lit.value.to_str() == ALL_INTERFACES && !helpers::is_bare_string_statement(ctx) =>
        {
            out.push(Hit::at(*lit));
        }
        Node::FString(f)
            if helpers::fstring_constants(f)
                .iter()
                .any(|c| c.as_str() == ALL_INTERFACES) =>
        {
            out.push(Hit::at(*f));
        }
        _ => {}
    }
}
