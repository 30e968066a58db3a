use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags `torch.load(...)` and `torch.serialization.load(...)` without
    /// `weights_only=True` (Bandit B614, `pytorch_load`), in a file that did `import torch`
    /// above the call. As in Bandit, a file that only did `from torch import load` is not
    /// checked, and `weights_only` counts only as the literal `True` (or the string `"True"`).
    ///
    /// ## Why is this bad?
    /// `torch.load` unpickles the file: a model downloaded from elsewhere can run any code
    /// when loaded. `weights_only=True` restricts loading to tensors and plain containers.
    ///
    /// ## Example
    /// ```python
    /// model = torch.load(path)
    /// ```
    /// Use `torch.load(path, weights_only=True)`, or the safetensors format.
    pub static RULE = {
        id: "B614",
        name: "pytorch_load",
        severity: Medium,
        confidence: High,
        cwe: 502,
        aspect: ExternalInputs,
        gate: Deserialization,
        message: "Use of unsafe PyTorch load",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let name = helpers::bandit_qualname(ctx, &call.func);
    if !matches!(name.as_str(), "torch.load" | "torch.serialization.load")
        || !helpers::is_module_imported_exact(ctx, "torch", call.start())
    {
        return;
    }
    let weights_only = helpers::last_keyword(call, "weights_only");
    let safe = match weights_only {
        Some(Expr::BooleanLiteral(b)) => b.value,
        Some(Expr::StringLiteral(s)) => s.value.to_str() == "True",
        _ => false,
    };
    if !safe {
        // Bandit asks for the line of a `load=` argument, which a call rarely has.
        out.push(match helpers::keyword(call, "load") {
            Some(value) => Hit::at(value),
            None => Hit::at(*call),
        });
    }
}
