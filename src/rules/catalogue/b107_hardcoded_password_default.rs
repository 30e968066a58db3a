use super::shared::passwords::{message, CANDIDATES};
use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::Expr;

crate::declare_rule! {
    /// ## What it does
    /// Flags a function whose parameter with a password-like name (`password`, `token`,
    /// `secret` …, the same names as B105) has a string literal as its default (Bandit B107,
    /// `hardcoded_password_default`). Reported on the `def` line, once per function.
    ///
    /// Bandit's quirks are kept: only `def` is judged (not `async def` or `lambda`), only
    /// ordinary positional parameters (not keyword-only ones), and it pairs parameters with
    /// defaults by counting from the left, so with positional-only parameters that have
    /// defaults the value it reports may belong to another parameter.
    ///
    /// ## Why is this bad?
    /// A credential as a default is used whenever the caller leaves it out, and sits in the
    /// source for everyone who can read it.
    ///
    /// ## Example
    /// ```python
    /// def connect(host, password="hunter2"):   # flagged
    ///     ...
    /// def connect(host, password=None):        # fine
    ///     ...
    /// ```
    pub static RULE = {
        id: "B107",
        name: "hardcoded_password_default",
        severity: Low,
        confidence: Medium,
        cwe: 259,
        aspect: DataProtection,
        in_tests: LowConfidence,
        message: "Possible hardcoded password",
        kinds: [FunctionDef],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::FunctionDef(func) = node else {
        return;
    };
    if func.is_async {
        return;
    }
    let params = &func.parameters;
    let defaults: Vec<&Expr> = helpers::positional_defaults(params).collect();
    // Bandit pads `defaults` on the left to the length of `args.args` and zips the two.
    let pad = params.args.len().saturating_sub(defaults.len());
    let padded = std::iter::repeat_n(None, pad).chain(defaults.into_iter().map(Some));
    for (param, default) in params.args.iter().zip(padded) {
        let Some(Expr::StringLiteral(value)) = default else {
            continue;
        };
        if CANDIDATES.is_match(param.name().as_str()) {
            out.push(
                Hit::at(&helpers::def_range(ctx, func)).message(message(value.value.to_str())),
            );
            return;
        }
    }
}
