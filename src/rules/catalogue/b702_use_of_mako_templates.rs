use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags the creation of a Mako `Template(...)` (a call whose qualified name ends in
    /// `Template` and contains `mako`) (Bandit B702, `use_of_mako_templates`).
    ///
    /// ## Why is this bad?
    /// Mako has no template-wide autoescaping: every `${…}` renders its value as it is unless
    /// it carries a filter, so one forgotten `|h` is cross-site scripting.
    ///
    /// ## Example
    /// ```python
    /// Template("<p>${name}</p>").render(name=name)
    /// ```
    /// Escape every expression (`${name | h}`) or set `default_filters=['h']`.
    pub static RULE = {
        id: "B702",
        name: "use_of_mako_templates",
        severity: Medium,
        confidence: High,
        cwe: 80,
        aspect: ExternalInputs,
        message: "Mako templates allow HTML/JS rendering by default and are inherently open to XSS attacks. Ensure variables in all templates are properly sanitized via the 'n', 'h' or 'x' flags (depending on context). For example, to HTML escape the variable 'data' do ${ data |h }.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let name = helpers::bandit_qualname(ctx, &call.func);
    let parts: Vec<&str> = name.split('.').collect();
    if parts.last() == Some(&"Template") && parts.contains(&"mako") {
        out.push(Hit::at(*call));
    }
}
