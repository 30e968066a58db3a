use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::Expr;

crate::declare_rule! {
    /// ## What it does
    /// Flags `yaml.load(...)` without a safe loader (`Loader=SafeLoader` or `CSafeLoader`)
    /// (Bandit B506, `yaml_load`).
    ///
    /// ## Why is this bad?
    /// PyYAML's full loaders build arbitrary Python objects from tags in the document, so
    /// loading untrusted YAML can run code.
    ///
    /// ## Example
    /// ```python
    /// config = yaml.load(stream)                   # flagged
    /// config = yaml.load(stream, Loader=yaml.SafeLoader)
    /// config = yaml.safe_load(stream)              # better
    /// ```
    pub static RULE = {
        id: "B506",
        name: "yaml_load",
        severity: Medium,
        confidence: High,
        aspect: ExternalInputs,
        message: "Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn is_safe_loader(expr: &Expr) -> bool {
    let name = match expr {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.id.as_str(),
        _ => return false,
    };
    matches!(name, "SafeLoader" | "CSafeLoader")
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(name) = ctx.call_name(call) else {
        return;
    };
    let mut parts = name.split('.');
    if parts.next_back() != Some("load") || !name.split('.').any(|p| p == "yaml") {
        return;
    }
    if helpers::argument(call, 1, "Loader").is_some_and(is_safe_loader) {
        return;
    }
    out.push(Hit::at(*call));
}
