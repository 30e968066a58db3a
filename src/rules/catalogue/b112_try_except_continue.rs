use super::shared::handlers::is_broad_handler;
use super::context::Node;
use super::{Check, Context, Hit};
use ruff_python_ast::{ExceptHandler, Stmt};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `except:` or `except Exception:` handler whose whole body is `continue`
    /// (Bandit B112, `try_except_continue`). Handlers for a specific exception are left
    /// alone, as Bandit does by default.
    ///
    /// ## Why is this bad?
    /// Inside a loop this swallows every error and moves on: failures, including the ones an
    /// attacker provokes on purpose, leave no trace.
    ///
    /// ## Example
    /// ```python
    /// for item in items:
    ///     try:
    ///         process(item)
    ///     except Exception:
    ///         continue
    /// ```
    /// Catch the exceptions you expect, and log what you skip.
    pub static RULE = {
        id: "B112",
        name: "try_except_continue",
        severity: Low,
        confidence: High,
        cwe: 703,
        aspect: ExceptionHandling,
        message: "Try, Except, Continue detected.",
        kinds: [Try],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, _ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Try(stmt) = node else { return };
    for handler in &stmt.handlers {
        let ExceptHandler::ExceptHandler(h) = handler;
        if h.body.len() == 1
            && matches!(h.body[0], Stmt::Continue(_))
            && is_broad_handler(h.type_.as_deref())
        {
            out.push(Hit::at(h));
        }
    }
}
