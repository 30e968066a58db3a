use super::context::{Ancestor, Node};
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::{self as ast, Expr, Operator, Stmt};
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags Django's `mark_safe` (and `SafeText`, `SafeUnicode`, `SafeString`, `SafeBytes`)
    /// applied to something that is not provably a constant (Bandit B703, `django_mark_safe`),
    /// in a file that imported from `django.utils.safestring` above the call. Like Bandit, it
    /// accepts a string literal; a variable whose assignments in the same function (or module)
    /// before the call are all string literals, such variables, or `"…".format(…)` of them;
    /// and `"…".format(…)` / `"…" % (…)` of such values. A function parameter is never safe.
    ///
    /// This is Bandit's own, rough data flow, kept as it is: it reads only the statements of
    /// the enclosing function (or module) that start above the call's line, descending into
    /// `if`/`for`/`while`/`try`/`with` blocks and nested functions; and where Bandit's
    /// analysis fails (an unpacking assignment to an attribute before the call, a variable
    /// defined through itself across lines), nothing is reported, as in Bandit.
    ///
    /// ## Why is this bad?
    /// `mark_safe` tells Django's templates not to escape the text: outside text in it is
    /// rendered as HTML and script (cross-site scripting).
    ///
    /// ## Example
    /// ```python
    /// return mark_safe("<b>%s</b>" % request.GET["name"])
    /// ```
    /// Use `format_html("<b>{}</b>", name)`, which escapes its arguments.
    pub static RULE = {
        id: "B703",
        name: "django_mark_safe",
        severity: Medium,
        confidence: High,
        cwe: 80,
        aspect: ExternalInputs,
        gate: Xss,
        message: "Potential XSS on mark_safe function.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

const AFFECTED: &[&str] = &[
    "mark_safe",
    "SafeText",
    "SafeUnicode",
    "SafeString",
    "SafeBytes",
];

/// Bandit's analysis raised (an attribute error, an index error, endless recursion): it
/// reports nothing for the call.
struct Failed;

/// Python's recursion limit stops self-referencing definitions; this stands in for it.
const MAX_DEPTH: usize = 200;

/// The function (not `async`) or module whose top-level statements Bandit reads.
#[derive(Clone, Copy)]
enum Scope<'a> {
    Module(&'a [Stmt]),
    Function(&'a ast::StmtFunctionDef),
}

impl<'a> Scope<'a> {
    fn body(self) -> &'a [Stmt] {
        match self {
            Scope::Module(body) => body,
            Scope::Function(f) => &f.body,
        }
    }

    /// Whether `name` is one of the function's ordinary parameters (`args.args`).
    fn has_param(self, name: &str) -> bool {
        match self {
            Scope::Module(_) => false,
            Scope::Function(f) => f
                .parameters
                .args
                .iter()
                .any(|p| p.parameter.name.id.as_str() == name),
        }
    }
}

/// What Bandit's `DeepAssignation.is_assigned` returns.
enum Assigned<'a> {
    Nothing,
    Value(&'a Expr),
    /// A `with … as name:` statement: never judged safe.
    With,
    List(Vec<Assigned<'a>>),
}

impl Assigned<'_> {
    fn truthy(&self) -> bool {
        match self {
            Assigned::Nothing => false,
            Assigned::List(items) => !items.is_empty(),
            _ => true,
        }
    }
}

/// A `.format(...)` call as Bandit's `evaluate_call` sees it; `"…" % x` becomes one.
struct FormatCall<'a> {
    evaluate: bool,
    args: Vec<&'a Expr>,
    line: u32,
}

struct Analysis<'a, 'c> {
    ctx: &'c Context<'a>,
    scope: Scope<'a>,
    depth: usize,
}

impl<'a> Analysis<'a, '_> {
    fn line(&self, node: &impl Ranged) -> u32 {
        self.ctx.file.line_of(node.start())
    }

    /// Python's `lineno` of a statement: a decorated definition starts at `def`/`class`.
    fn stmt_line(&self, stmt: &Stmt) -> u32 {
        match stmt {
            Stmt::FunctionDef(f) if !f.decorator_list.is_empty() => self.line(&f.name),
            Stmt::ClassDef(c) if !c.decorator_list.is_empty() => self.line(&c.name),
            _ => self.line(stmt),
        }
    }

    fn assigned_in(&self, stmts: &'a [Stmt], name: &str) -> Result<Vec<Assigned<'a>>, Failed> {
        let mut out = Vec::new();
        for stmt in stmts {
            match self.assigned(stmt, name)? {
                Assigned::List(items) => out.extend(items),
                other if other.truthy() => out.push(other),
                _ => {}
            }
        }
        Ok(out)
    }

    fn assigned(&self, stmt: &'a Stmt, name: &str) -> Result<Assigned<'a>, Failed> {
        Ok(match stmt {
            Stmt::FunctionDef(f) if !f.is_async => Assigned::List(self.assigned_in(&f.body, name)?),
            Stmt::With(w) if !w.is_async => {
                let mut assigned = Assigned::Nothing;
                for item in &w.items {
                    let bound = match item.optional_vars.as_deref() {
                        Some(Expr::Name(n)) => n.id.as_str() == name,
                        _ => false,
                    };
                    assigned = if bound {
                        Assigned::With
                    } else {
                        Assigned::List(self.assigned_in(&w.body, name)?)
                    };
                }
                assigned
            }
            Stmt::Try(t) if !t.is_star => {
                let mut items = self.assigned_in(&t.body, name)?;
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    items.extend(self.assigned_in(&h.body, name)?);
                }
                items.extend(self.assigned_in(&t.orelse, name)?);
                items.extend(self.assigned_in(&t.finalbody, name)?);
                Assigned::List(items)
            }
            Stmt::If(i) => {
                let mut items = self.assigned_in(&i.body, name)?;
                for clause in &i.elif_else_clauses {
                    items.extend(self.assigned_in(&clause.body, name)?);
                }
                Assigned::List(items)
            }
            Stmt::For(f) if !f.is_async => {
                let mut items = self.assigned_in(&f.body, name)?;
                items.extend(self.assigned_in(&f.orelse, name)?);
                Assigned::List(items)
            }
            Stmt::While(w) => {
                let mut items = self.assigned_in(&w.body, name)?;
                items.extend(self.assigned_in(&w.orelse, name)?);
                Assigned::List(items)
            }
            Stmt::AugAssign(a) => match &*a.target {
                Expr::Name(n) if n.id.as_str() == name => Assigned::Value(&a.value),
                _ => Assigned::Nothing,
            },
            Stmt::Assign(a) => match (a.targets.first(), &*a.value) {
                (Some(Expr::Name(n)), _) if n.id.as_str() == name => Assigned::Value(&a.value),
                (Some(Expr::Tuple(targets)), Expr::Tuple(values)) => {
                    let mut assigned = Assigned::Nothing;
                    for (pos, target) in targets.elts.iter().enumerate() {
                        // Bandit reads `.id` of every target up to the match.
                        let Expr::Name(n) = target else {
                            return Err(Failed);
                        };
                        if n.id.as_str() == name {
                            assigned = Assigned::Value(values.elts.get(pos).ok_or(Failed)?);
                            break;
                        }
                    }
                    assigned
                }
                _ => Assigned::Nothing,
            },
            _ => Assigned::Nothing,
        })
    }

    /// Bandit's `evaluate_var`: whether every assignment of `name` before line `until`
    /// leaves it a constant string.
    fn var_is_safe(&mut self, name: &str, until: u32) -> Result<bool, Failed> {
        if self.scope.has_param(name) {
            return Ok(false);
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Failed);
        }
        let mut secure = false;
        for stmt in self.scope.body() {
            let stmt_line = self.stmt_line(stmt);
            if stmt_line >= until {
                break;
            }
            match self.assigned(stmt, name)? {
                Assigned::Nothing => {}
                Assigned::List(items) if items.is_empty() => {}
                Assigned::Value(Expr::StringLiteral(_)) => secure = true,
                Assigned::Value(Expr::Name(n)) => {
                    let line = self.line(n);
                    secure = self.var_is_safe(n.id.as_str(), line)?;
                }
                Assigned::Value(Expr::Call(call)) => {
                    let call = self.format_call(call);
                    secure = self.call_is_safe(call)?;
                }
                Assigned::List(items) => {
                    let mut safe = 0;
                    for item in &items {
                        match item {
                            Assigned::Value(Expr::StringLiteral(_)) => safe += 1,
                            Assigned::Value(Expr::Name(n)) => {
                                if self.var_is_safe(n.id.as_str(), stmt_line)? {
                                    safe += 1;
                                } else {
                                    break;
                                }
                            }
                            _ => break,
                        }
                    }
                    secure = safe == items.len();
                    if !secure {
                        break;
                    }
                }
                _ => {
                    secure = false;
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(secure)
    }

    fn format_call(&self, call: &'a ast::ExprCall) -> FormatCall<'a> {
        let evaluate = matches!(&*call.func, Expr::Attribute(a)
            if a.attr.id.as_str() == "format" && helpers::is_constant(&a.value))
            && call.arguments.keywords.is_empty();
        FormatCall {
            evaluate,
            args: call.arguments.args.iter().collect(),
            line: self.line(call),
        }
    }

    /// Bandit's `transform2call`: `"…" % x` as `"…".format(x)` (a tuple gives its elements).
    fn percent_call(&self, binop: &'a ast::ExprBinOp) -> Option<FormatCall<'a>> {
        if binop.op != Operator::Mod || !helpers::is_str_constant(&binop.left) {
            return None;
        }
        let args = match &*binop.right {
            Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        Some(FormatCall {
            evaluate: true,
            args,
            line: self.line(binop),
        })
    }

    /// Bandit's `evaluate_call`: a `.format(...)` on a constant whose arguments are all safe.
    fn call_is_safe(&mut self, call: FormatCall<'a>) -> Result<bool, Failed> {
        if !call.evaluate {
            return Ok(false);
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Failed);
        }
        let mut args = call.args;
        let mut safe = 0;
        let mut i = 0;
        while let Some(&arg) = args.get(i) {
            i += 1;
            match arg {
                Expr::StringLiteral(_) => safe += 1,
                Expr::Name(n) => {
                    if self.var_is_safe(n.id.as_str(), call.line)? {
                        safe += 1;
                    } else {
                        break;
                    }
                }
                Expr::Call(inner) => {
                    let inner = self.format_call(inner);
                    if self.call_is_safe(inner)? {
                        safe += 1;
                    } else {
                        break;
                    }
                }
                Expr::Starred(s) => match &*s.value {
                    Expr::List(l) => {
                        args.extend(l.elts.iter());
                        safe += 1;
                    }
                    Expr::Tuple(t) => {
                        args.extend(t.elts.iter());
                        safe += 1;
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(safe == args.len())
    }
}

/// Bandit's `check_risk`: whether the argument is judged safe; `Err` when its analysis fails.
fn is_safe(call: &ast::ExprCall, xss: &Expr, ctx: &Context<'_>) -> Result<bool, Failed> {
    let scope = ctx
        .ancestors_up()
        .find_map(|a| match a {
            Ancestor::Stmt(Stmt::FunctionDef(f)) if !f.is_async => Some(Scope::Function(f)),
            _ => None,
        })
        .unwrap_or(Scope::Module(&ctx.file.parsed.syntax().body));
    let mut analysis = Analysis {
        ctx,
        scope,
        depth: 0,
    };
    match xss {
        Expr::Name(n) => {
            if scope.has_param(n.id.as_str()) {
                return Ok(false);
            }
            let line = analysis.line(call);
            analysis.var_is_safe(n.id.as_str(), line)
        }
        Expr::Call(inner) => {
            let inner = analysis.format_call(inner);
            analysis.call_is_safe(inner)
        }
        Expr::BinOp(binop) => match analysis.percent_call(binop) {
            Some(format) => analysis.call_is_safe(format),
            None => Ok(false),
        },
        _ => Ok(false),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if !AFFECTED.contains(&helpers::bandit_call_name(ctx, call).as_str())
        || !helpers::is_module_imported_like(ctx, "django.utils.safestring", call.start())
    {
        return;
    }
    // Bandit indexes the first argument: a call without one makes it fail, silently.
    let Some(xss) = call.arguments.args.first() else {
        return;
    };
    if helpers::is_str_constant(xss) {
        return;
    }
    if let Ok(false) = is_safe(call, xss, ctx) {
        out.push(Hit::at(*call));
    }
}
