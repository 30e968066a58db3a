use super::context::Node;
use super::{Check, Context, Hit};
use crate::python::facts::{handler_outcome, HandlerOutcome};
use ruff_python_ast::{ExceptHandler, Expr, Stmt};

crate::declare_rule! {
    /// ## What it does
    /// Flags a bare `except:` or `except BaseException:` handler (also a tuple naming
    /// `BaseException`) whose body neither raises nor logs, in non-test code. Raising
    /// anything (`raise`, `raise Other(...) from e`) and leaving the process (`sys.exit`,
    /// `os._exit`) count as not swallowing; logging means a call to `logging.*`, a method
    /// `exception`/`error`/`warning`/`warn`/`info`/`debug`/`critical`/`fatal`/`log` on a
    /// logger (a receiver named `log`, `logger`, `*_logger`, `*_log`, or
    /// `logging.getLogger(...)`), `traceback.print_exc`/`print_exception`, or
    /// `warnings.warn`. Calls inside nested functions or lambdas do not count. A handler whose
    /// whole body is `pass` or `continue` is left to B110/B112, so one handler is never
    /// reported twice.
    ///
    /// ## Why is this bad?
    /// These handlers also catch `KeyboardInterrupt`, `SystemExit` and `GeneratorExit`: the
    /// program cannot be stopped cleanly, and every error, including an attacker's probe or
    /// a failed security check, vanishes without a trace.
    ///
    /// ## Example
    /// ```python
    /// try:
    ///     verify_signature(payload)
    /// except:
    ///     result = None
    /// ```
    /// Catch the exceptions you expect, or log with `logger.exception(...)` and re-raise.
    pub static RULE = {
        id: "HG103",
        name: "broad_except_swallowed",
        severity: Medium,
        confidence: Medium,
        cwe: 396,
        aspect: ExceptionHandling,
        message: "Broad except swallows every exception without re-raising or logging.",
        kinds: [Try],
        check: Check::Node(check),
    }
}

/// `BaseException`, or a tuple naming it; `None` (bare `except:`) is handled by the caller.
fn names_base_exception(ctx: &Context<'_>, expr: &Expr) -> bool {
    match expr {
        Expr::Tuple(t) => t.elts.iter().any(|e| names_base_exception(ctx, e)),
        _ => ctx
            .qualified_name(expr)
            .is_some_and(|n| n == "BaseException" || n == "builtins.BaseException"),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Try(stmt) = node else { return };
    for handler in &stmt.handlers {
        let ExceptHandler::ExceptHandler(h) = handler;
        let spelled = match h.type_.as_deref() {
            None => "except:",
            Some(t) if names_base_exception(ctx, t) => "except BaseException:",
            Some(_) => continue,
        };
        // B110 (`pass`) and B112 (`continue`) already report a bare handler with that body.
        if h.type_.is_none()
            && h.body.len() == 1
            && matches!(h.body[0], Stmt::Pass(_) | Stmt::Continue(_))
        {
            continue;
        }
        if ctx
            .file
            .scopes
            .at(ctx.file.line_of(ruff_text_size::Ranged::start(h)))
            .is_test
        {
            continue;
        }
        if handler_outcome(h, &ctx.file.imports) == HandlerOutcome::Swallows {
            out.push(Hit::at(h).message(format!(
                "'{spelled}' swallows every exception, KeyboardInterrupt and SystemExit included, without re-raising or logging."
            )));
        }
    }
}
