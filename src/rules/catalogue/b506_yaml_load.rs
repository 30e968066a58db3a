use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags `yaml.load(...)` without a safe loader (`Loader=SafeLoader` or `CSafeLoader`,
    /// by keyword or as the second argument) in a file that has done `import yaml` earlier
    /// on (Bandit B506, `yaml_load`). As in Bandit, a file that only does
    /// `from yaml import load` is not judged.
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
        cwe: 20,
        aspect: ExternalInputs,
        gate: Deserialization,
        message: "Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn is_safe_loader(value: Option<helpers::BanditValue<'_>>) -> bool {
    matches!(
        value.and_then(|v| v.as_str()),
        Some("SafeLoader" | "CSafeLoader")
    )
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let qualname = helpers::bandit_call_qualname(ctx, call);
    if helpers::last_segment(&qualname) != "load" || !qualname.split('.').any(|p| p == "yaml") {
        return;
    }
    if is_safe_loader(helpers::bandit_keyword(call, "Loader"))
        || is_safe_loader(helpers::bandit_positional(call, 1))
    {
        return;
    }
    if helpers::is_module_imported_exact(ctx, "yaml", call.start()) {
        out.push(Hit::at(*call));
    }
}
