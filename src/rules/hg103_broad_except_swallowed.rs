use super::context::Node;
use super::{Check, Context, Hit};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, ExceptHandler, Expr, Stmt};

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
        let mut finder = Handled { ctx, found: false };
        finder.visit_body(&h.body);
        if !finder.found {
            out.push(Hit::at(h).message(format!(
                "'{spelled}' swallows every exception, KeyboardInterrupt and SystemExit included, without re-raising or logging."
            )));
        }
    }
}

/// Methods of a logger that record something.
const LOG_METHODS: &[&str] = &[
    "exception",
    "error",
    "warning",
    "warn",
    "info",
    "debug",
    "critical",
    "fatal",
    "log",
];

/// Whether an expression reads as a logger: `log`, `logger`, `self._logger`, `LOG`,
/// `app.logger`, `request_log`, `logging.getLogger(__name__)`.
fn is_logger(ctx: &Context<'_>, expr: &Expr) -> bool {
    match expr {
        Expr::Call(c) => ctx.call_name(c).is_some_and(|n| {
            n.starts_with("logging.") || n.ends_with("getLogger") || n.ends_with("get_logger")
        }),
        Expr::Name(_) | Expr::Attribute(_) => {
            let Some(name) = ctx.qualified_name(expr) else {
                return false;
            };
            if name == "logging" {
                return true;
            }
            let last = super::helpers::last_segment(&name).to_ascii_lowercase();
            let last = last.trim_start_matches('_');
            last == "log" || last.ends_with("logger") || last.ends_with("_log")
        }
        _ => false,
    }
}

/// Looks for a raise, an exit or a log call in a handler body.
struct Handled<'k, 'c> {
    ctx: &'k Context<'c>,
    found: bool,
}

impl<'a> Visitor<'a> for Handled<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            _ if self.found => {}
            Stmt::Raise(_) => self.found = true,
            // What a nested function does is not what this handler does.
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found {
            return;
        }
        match expr {
            Expr::Lambda(_) => {}
            Expr::Call(call) if logs_or_exits(self.ctx, call) => self.found = true,
            _ => visitor::walk_expr(self, expr),
        }
    }
}

fn logs_or_exits(ctx: &Context<'_>, call: &ast::ExprCall) -> bool {
    if let Some(name) = ctx.call_name(call) {
        if name.starts_with("logging.")
            || matches!(
                name.as_str(),
                "traceback.print_exc"
                    | "traceback.print_exception"
                    | "warnings.warn"
                    | "sys.exit"
                    | "os._exit"
            )
        {
            return true;
        }
    }
    match &*call.func {
        Expr::Attribute(a) => LOG_METHODS.contains(&a.attr.id.as_str()) && is_logger(ctx, &a.value),
        _ => false,
    }
}
