use super::shared::passwords::{message, CANDIDATES};
use super::context::{Ancestor, Node};
use super::{Check, Context, Hit};
use ruff_python_ast::{Expr, Number, Stmt};
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags a string literal assigned to, compared with, or used as the key for a name that
    /// looks like a password (`password`, `passwd`, `pwd`, `token`, `secret`, `pass_phrase`,
    /// alone or between underscores): `password = "…"`, `self.token = "…"`,
    /// `d["password"] = "…"`, `{"password": …}` (any constant value) and
    /// `password == "…"` (Bandit B105, `hardcoded_password_string`).
    ///
    /// ## Why is this bad?
    /// A credential in source code is shared with everyone who can read the repository and
    /// lives forever in its history. The message shows only the first characters of the value.
    ///
    /// ## Example
    /// ```python
    /// DB_PASSWORD = "hunter2"
    /// if token == "s3cr3t": ...
    /// login({"user": name, "password": "hunter2"})
    /// ```
    pub static RULE = {
        id: "B105",
        name: "hardcoded_password_string",
        severity: Low,
        confidence: Medium,
        cwe: 259,
        aspect: DataProtection,
        in_tests: LowConfidence,
        message: "Possible hardcoded password",
        kinds: [StringLiteral],
        check: Check::Node(check),
    }
}

fn name_of(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.id.as_str()),
        _ => None,
    }
}

/// Python's `str()` of a constant's value, for a dict value Bandit reports whatever its
/// type; `None` when the expression is not a constant.
fn constant_text(ctx: &Context<'_>, expr: &Expr) -> Option<String> {
    Some(match expr {
        Expr::StringLiteral(s) => s.value.to_str().to_owned(),
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.to_string(),
            _ => ctx.source(n.range()).to_owned(),
        },
        Expr::BooleanLiteral(b) => if b.value { "True" } else { "False" }.to_owned(),
        Expr::NoneLiteral(_) => "None".to_owned(),
        Expr::EllipsisLiteral(_) => "Ellipsis".to_owned(),
        Expr::BytesLiteral(b) => ctx.source(b.range()).to_owned(),
        _ => return None,
    })
}

// Bandit's elif chain, keyed on the string's direct parent.
fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::StringLiteral(lit) = node else {
        return;
    };
    let value = lit.value.to_str();
    let Some(parent) = ctx.parent() else { return };
    match parent {
        // `candidate = "value"`: the string is the assigned value (targets are never strings).
        Ancestor::Stmt(Stmt::Assign(assign))
            if assign
                .targets
                .iter()
                .any(|t| name_of(t).is_some_and(|n| CANDIDATES.is_match(n))) =>
        {
            out.push(Hit::at(*lit).message(message(value)));
        }
        // `{"candidate": <constant>}`: reported on the key, with the value.
        Ancestor::Expr(Expr::Dict(dict)) => {
            let item = dict
                .items
                .iter()
                .find(|i| i.key.as_ref().is_some_and(|k| k.range() == lit.range()));
            if let Some(item) = item {
                if CANDIDATES.is_match(value) {
                    if let Some(text) = constant_text(ctx, &item.value) {
                        out.push(Hit::at(*lit).message(message(&text)));
                    }
                }
            }
        }
        // `d["candidate"] = "value"`.
        Ancestor::Expr(Expr::Subscript(_)) if CANDIDATES.is_match(value) => {
            let grand = ctx.ancestors.iter().rev().nth(1);
            if let Some(Ancestor::Stmt(Stmt::Assign(assign))) = grand {
                if let Expr::StringLiteral(v) = &*assign.value {
                    out.push(Hit::at(*lit).message(message(v.value.to_str())));
                }
            }
        }
        // `candidate == "value"`: Bandit judges every string of the comparison by its first
        // comparator, so `token == "a" != "b"` is reported twice.
        Ancestor::Expr(Expr::Compare(cmp))
            if name_of(&cmp.left).is_some_and(|n| CANDIDATES.is_match(n)) =>
        {
            if let Some(Expr::StringLiteral(first)) = cmp.comparators.first() {
                out.push(Hit::at(*lit).message(message(first.value.to_str())));
            }
        }
        _ => {}
    }
}
