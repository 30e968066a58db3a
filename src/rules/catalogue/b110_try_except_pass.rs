use super::shared::handlers::is_broad_handler;
use super::context::Node;
use super::{Check, Context, Hit};
use ruff_python_ast::{ExceptHandler, Stmt};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `except:` or `except Exception:` handler whose whole body is `pass`
    /// (Bandit B110, `try_except_pass`). Handlers for a specific exception are left alone,
    /// as Bandit does by default.
    ///
    /// ## Why is this bad?
    /// Swallowing every error hides failures, including the ones an attacker provokes, and
    /// leaves the program running in a state nobody checked.
    ///
    /// ## Example
    /// ```python
    /// try:
    ///     do_work()
    /// except Exception:
    ///     pass
    /// ```
    pub static RULE = {
        id: "B110",
        name: "try_except_pass",
        severity: Low,
        confidence: High,
        cwe: 703,
        aspect: ExceptionHandling,
        message: "Try, Except, Pass detected.",
        kinds: [Try],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, _ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Try(stmt) = node else { return };
    for handler in &stmt.handlers {
        let ExceptHandler::ExceptHandler(h) = handler;
        if h.body.len() == 1
            && matches!(h.body[0], Stmt::Pass(_))
            && is_broad_handler(h.type_.as_deref())
        {
            out.push(Hit::at(h));
        }
    }
}
