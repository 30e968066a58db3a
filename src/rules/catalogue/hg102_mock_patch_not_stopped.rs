use super::context::Node;
use super::{Check, Context, Hit};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `mock.patch` that is started by hand and never stopped: `mock.patch(...).start()`,
    /// `mock.patch.object(...).start()` (also `.dict`, `.multiple`), or `p.start()` where `p`
    /// (a name or an attribute such as `self.p`) was assigned a `mock.patch(...)`. It counts
    /// as stopped when the same class (outside a class: the same function, or the module)
    /// mentions `p.stop` (called, or handed to `addCleanup`) or `mock.patch.stopall`. A
    /// patch started without keeping the patcher can only be undone by `stopall`. Stops in
    /// a base class or a module-level teardown are not seen.
    ///
    /// ## Why is this bad?
    /// A started patch stays in place until stopped: it leaks into every later test run in
    /// the same process, which then passes or fails depending on order, and a test meant to
    /// exercise the real code silently runs against a mock.
    ///
    /// ## Example
    /// ```python
    /// class ClientTest(unittest.TestCase):
    ///     def setUp(self):
    ///         self.get = mock.patch("requests.get").start()   # never stopped
    /// ```
    /// Add `self.addCleanup(mock.patch.stopall)`, or keep the patcher and
    /// `self.addCleanup(patcher.stop)`.
    pub static RULE = {
        id: "HG102",
        name: "mock_patch_not_stopped",
        severity: Medium,
        confidence: High,
        cwe: 772,
        aspect: MockingAndAssertions,
        in_tests: Subject,
        message: "mock.patch started but never stopped.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

/// Whether a call creates a patcher (`mock.patch`, `mock.patch.object`, …).
fn is_patch_call(ctx: &Context<'_>, expr: &Expr) -> bool {
    let Expr::Call(call) = expr else { return false };
    let Some(name) = ctx.call_name(call) else {
        return false;
    };
    let name = name.strip_prefix("unittest.").unwrap_or(&name);
    matches!(
        name,
        "mock.patch" | "mock.patch.object" | "mock.patch.dict" | "mock.patch.multiple"
    )
}

fn is_stopall(ctx: &Context<'_>, expr: &Expr) -> bool {
    ctx.qualified_name(expr).is_some_and(|n| {
        matches!(
            n.strip_prefix("unittest.").unwrap_or(&n),
            "mock.patch.stopall"
        )
    })
}

/// The source spelling of a plain name or attribute chain (`self.patcher`), without
/// resolving imports: two mentions of the same patcher are spelled the same.
fn dotted(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => dotted(&a.value).map(|v| format!("{v}.{}", a.attr.id)),
        _ => None,
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Expr::Attribute(start) = &*call.func else {
        return;
    };
    if start.attr.id.as_str() != "start" || !call.arguments.is_empty() {
        return;
    }
    let (body, scope): (&[Stmt], String) = match (ctx.enclosing_class(), ctx.enclosing_function()) {
        (Some(c), _) => (&c.body, format!("class '{}'", c.name.id)),
        (None, Some(f)) => (&f.body, format!("function '{}'", f.name.id)),
        (None, None) => (&ctx.file.parsed.syntax().body, "module".to_owned()),
    };
    let patcher = if is_patch_call(ctx, &start.value) {
        None
    } else {
        let Some(key) = dotted(&start.value) else {
            return;
        };
        Some(key)
    };
    let mut finder = Finder {
        ctx,
        key: patcher.as_deref(),
        assigned: patcher.is_none(),
        stopped: false,
    };
    finder.visit_body(body);
    if !finder.assigned || finder.stopped {
        return;
    }
    let message = match &patcher {
        None => format!(
            "mock.patch(...).start() without the patcher: nothing in {scope} calls mock.patch.stopall(), so the patch is never undone."
        ),
        Some(key) => format!(
            "Patcher '{key}' is started but never stopped: no {key}.stop() (or addCleanup({key}.stop)) or mock.patch.stopall() in {scope}."
        ),
    };
    out.push(Hit::at(*call).message(message));
}

/// Scans the class or function for the patcher's assignment and for anything that stops it.
struct Finder<'k, 'c> {
    ctx: &'k Context<'c>,
    /// The patcher's spelling; `None` for a chained `mock.patch(...).start()`.
    key: Option<&'k str>,
    /// Whether the key was assigned a `mock.patch(...)` (so it really is a patcher).
    assigned: bool,
    stopped: bool,
}

impl Finder<'_, '_> {
    fn is_key(&self, expr: &Expr) -> bool {
        self.key.is_some() && dotted(expr).as_deref() == self.key
    }
}

impl<'a> Visitor<'a> for Finder<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let assigns_key = match stmt {
            Stmt::Assign(a) => {
                is_patch_call(self.ctx, &a.value) && a.targets.iter().any(|t| self.is_key(t))
            }
            Stmt::AnnAssign(ast::StmtAnnAssign {
                target,
                value: Some(value),
                ..
            }) => is_patch_call(self.ctx, value) && self.is_key(target),
            _ => false,
        };
        self.assigned |= assigns_key;
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.stopped {
            return;
        }
        if let Expr::Attribute(a) = expr {
            if (a.attr.id.as_str() == "stop" && self.is_key(&a.value)) || is_stopall(self.ctx, expr)
            {
                self.stopped = true;
                return;
            }
        }
        visitor::walk_expr(self, expr);
    }
}
