use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags `markupsafe.Markup(...)` and `flask.Markup(...)` called with anything but a
    /// literal constant as first argument (Bandit B704, `markupsafe_markup_xss`, with its
    /// default configuration: no extra names, no allowed calls).
    ///
    /// ## Why is this bad?
    /// `Markup` declares its text already safe HTML: it is never escaped again. Text built
    /// from outside values becomes markup the attacker wrote (cross-site scripting).
    ///
    /// ## Example
    /// ```python
    /// Markup(f"<b>{username}</b>")
    /// ```
    /// Use `Markup("<b>{}</b>").format(username)`, which escapes the argument, or `escape()`.
    pub static RULE = {
        id: "B704",
        name: "markupsafe_markup_xss",
        severity: Medium,
        confidence: High,
        cwe: 79,
        aspect: ExternalInputs,
        gate: Xss,
        message: "Potential XSS with Markup detected.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let name = helpers::bandit_qualname(ctx, &call.func);
    if !matches!(name.as_str(), "markupsafe.Markup" | "flask.Markup") {
        return;
    }
    match call.arguments.args.first() {
        None => {}
        Some(first) if helpers::is_constant(first) => {}
        Some(_) => out.push(Hit::at(*call).message(format!(
            "Potential XSS with ``{name}`` detected. Do not use ``{}`` on untrusted data.",
            helpers::last_segment(&name)
        ))),
    }
}
