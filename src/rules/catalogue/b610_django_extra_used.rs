use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::{self as ast, Expr};

crate::declare_rule! {
    /// ## What it does
    /// Flags Django's `QuerySet.extra(...)` (any call of a method or function named `extra`)
    /// when its SQL pieces are not all plain string literals (Bandit B610,
    /// `django_extra_used`): `where` or `tables` that is not a list of string literals, or
    /// `select` that is not a dict of string literals to string literals. Positional
    /// arguments count in `extra`'s order (`select`, `where`, `params`, `tables`, …).
    ///
    /// ## Why is this bad?
    /// `extra` pastes its SQL fragments into the query as they are: anything outside in them
    /// is SQL injection. Values belong in `params`.
    ///
    /// ## Example
    /// ```python
    /// User.objects.extra(where=["name = '%s'" % name])
    /// ```
    /// Use `User.objects.extra(where=["name = %s"], params=[name])`, or better, the ORM.
    pub static RULE = {
        id: "B610",
        name: "django_extra_used",
        severity: Medium,
        confidence: Medium,
        cwe: 89,
        aspect: ExternalInputs,
        gate: Sql,
        message: "Use of extra potential SQL attack vector.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

/// `extra`'s parameters in positional order.
const POSITIONAL: [&str; 6] = [
    "select",
    "where",
    "params",
    "tables",
    "order_by",
    "select_params",
];

/// The argument given for `name`: a positional one wins over a keyword, as in Bandit.
fn given<'a>(call: &'a ast::ExprCall, name: &str) -> Option<&'a Expr> {
    let position = POSITIONAL.iter().position(|p| *p == name)?;
    call.arguments
        .args
        .get(position)
        .or_else(|| helpers::last_keyword(call, name))
}

fn is_insecure(call: &ast::ExprCall) -> bool {
    for key in ["where", "tables"] {
        let insecure = match given(call, key) {
            None => false,
            Some(Expr::List(list)) => !list.elts.iter().all(helpers::is_str_constant),
            Some(_) => true,
        };
        if insecure {
            return true;
        }
    }
    match given(call, "select") {
        None => false,
        // `{**other}` has no key: not a literal either.
        Some(Expr::Dict(dict)) => !dict.iter().all(|item| {
            item.key.as_ref().is_some_and(helpers::is_str_constant)
                && helpers::is_str_constant(&item.value)
        }),
        Some(_) => true,
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if helpers::bandit_call_name(ctx, call) == "extra" && is_insecure(call) {
        out.push(Hit::at(*call));
    }
}
