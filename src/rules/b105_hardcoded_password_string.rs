use super::context::{Ancestor, Node};
use super::{Check, Context, Hit};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;
use std::sync::LazyLock;

crate::declare_rule! {
    /// ## What it does
    /// Flags a string literal assigned to, compared with, or used as the key for a name that
    /// looks like a password (`password`, `passwd`, `pwd`, `token`, `secret`, `pass_phrase`,
    /// alone or between underscores) (Bandit B105, `hardcoded_password_string`).
    ///
    /// ## Why is this bad?
    /// A credential in source code is shared with everyone who can read the repository and
    /// lives forever in its history. The message shows only the first characters of the value.
    ///
    /// ## Example
    /// ```python
    /// DB_PASSWORD = "hunter2"
    /// if token == "s3cr3t": ...
    /// ```
    pub static RULE = {
        id: "B105",
        name: "hardcoded_password_string",
        severity: Low,
        confidence: Medium,
        aspect: DataProtection,
        message: "Possible hardcoded password",
        kinds: [StringLiteral],
        check: Check::Node(check),
    }
}

/// Bandit's candidate names: the word alone, or bounded by underscores.
pub static CANDIDATES: LazyLock<regex::Regex> = LazyLock::new(|| {
    let words = "(pas+wo?r?d|pass(phrase)?|pwd|token|secrete?)";
    regex::Regex::new(&format!("(?i)(^{words}$|_{words}_|^{words}_|_{words}$)"))
        .expect("valid regex")
});

/// The message for a hard-coded password, with the value masked.
pub fn message(value: &str) -> String {
    format!("Possible hardcoded password: '{}'", mask(value))
}

/// Keeps the first two characters of a secret and hides the rest.
pub fn mask(value: &str) -> String {
    let shown: String = value.chars().take(2).collect();
    if value.chars().count() <= 2 {
        "*".repeat(value.chars().count())
    } else {
        format!("{shown}***")
    }
}

fn name_of(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.id.as_str()),
        _ => None,
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::StringLiteral(lit) = node else {
        return;
    };
    let value = lit.value.to_str();
    let Some(parent) = ctx.parent() else { return };
    match parent {
        Ancestor::Stmt(Stmt::Assign(assign)) if assign.value.range() == lit.range() => {
            if assign
                .targets
                .iter()
                .any(|t| name_of(t).is_some_and(|n| CANDIDATES.is_match(n)))
            {
                out.push(Hit::at(*lit).message(message(value)));
            }
        }
        Ancestor::Expr(Expr::Subscript(sub)) if CANDIDATES.is_match(value) => {
            let grand = ctx.ancestors.iter().rev().nth(1);
            if let Some(Ancestor::Stmt(Stmt::Assign(assign))) = grand {
                if let Expr::StringLiteral(v) = &*assign.value {
                    if sub.slice.range() == lit.range() {
                        out.push(Hit::at(*lit).message(message(v.value.to_str())));
                    }
                }
            }
        }
        Ancestor::Expr(Expr::Compare(cmp)) => {
            let left_is_candidate = name_of(&cmp.left).is_some_and(|n| CANDIDATES.is_match(n));
            let first_is_this = cmp
                .comparators
                .first()
                .is_some_and(|c| c.range() == lit.range());
            if left_is_candidate && first_is_this {
                out.push(Hit::at(*lit).message(message(value)));
            }
        }
        _ => {}
    }
}
