//! Small questions about AST nodes that many rules ask.

use super::Context;
use ruff_python_ast::statement_visitor::{self, StatementVisitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

/// The keyword argument `name` of a call.
pub fn keyword<'a>(call: &'a ast::ExprCall, name: &str) -> Option<&'a Expr> {
    call.arguments
        .keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == name))
        .map(|k| &k.value)
}

/// The argument at `position`, or else the keyword `name`.
pub fn argument<'a>(call: &'a ast::ExprCall, position: usize, name: &str) -> Option<&'a Expr> {
    call.arguments
        .args
        .get(position)
        .filter(|a| !a.is_starred_expr())
        .or_else(|| keyword(call, name))
}

/// The value of a plain string literal (implicit concatenation joined).
pub fn string_value(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

/// `True` for the literal `True`; `False` for `False`; `None` for anything else.
pub fn bool_value(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::BooleanLiteral(b) => Some(b.value),
        _ => None,
    }
}

/// Whether a literal is truthy as Python would judge it; `None` when not a literal.
pub fn literal_truthiness(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::BooleanLiteral(b) => Some(b.value),
        Expr::NoneLiteral(_) => Some(false),
        Expr::NumberLiteral(n) => Some(match &n.value {
            ast::Number::Int(i) => i.as_u64() != Some(0),
            ast::Number::Float(f) => *f != 0.0,
            ast::Number::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        }),
        Expr::StringLiteral(s) => Some(!s.value.is_empty()),
        Expr::BytesLiteral(b) => Some(!b.value.is_empty()),
        Expr::List(l) => Some(!l.elts.is_empty()),
        Expr::Tuple(t) => Some(!t.elts.is_empty()),
        Expr::Dict(d) => Some(!d.is_empty()),
        _ => None,
    }
}

/// The last segment of a dotted name (`subprocess.Popen` → `Popen`).
pub fn last_segment(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The name a simple assignment target binds: `x`, `self.x` → `x`, `d["x"]` → `x`.
pub fn target_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.id.as_str()),
        Expr::Subscript(s) => string_value(&s.slice),
        _ => None,
    }
}

/// Bandit's qualified name of an expression (`call_function_name_qual` for a call's
/// function): a name or attribute chain through the import aliases, `""` for anything else.
/// A chain on something that is not a name keeps its attributes: `get().exec_command` is
/// `.exec_command`, so Bandit's checks of the last segment still see it.
pub fn bandit_qualname(ctx: &Context<'_>, expr: &Expr) -> String {
    match expr {
        Expr::Name(_) => ctx.qualified_name(expr).unwrap_or_default(),
        Expr::Attribute(a) => format!("{}.{}", bandit_qualname(ctx, &a.value), a.attr.id),
        _ => String::new(),
    }
}

/// Bandit's `call_function_name`: the last segment of the call's qualified name.
pub fn bandit_call_name(ctx: &Context<'_>, call: &ast::ExprCall) -> String {
    last_segment(&bandit_qualname(ctx, &call.func)).to_owned()
}

/// Bandit's `context.imports` as it stands when its walk reaches `offset`: the modules and
/// `module.name`s imported by every import statement (at any depth) that starts before it.
/// Bandit fills the set as it walks, so an import below a call does not count for that call.
pub fn imports_before(ctx: &Context<'_>, offset: TextSize) -> Vec<String> {
    struct Collect {
        before: TextSize,
        out: Vec<String>,
    }
    impl<'a> StatementVisitor<'a> for Collect {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if stmt.start() >= self.before {
                return;
            }
            match stmt {
                Stmt::Import(imp) => {
                    self.out
                        .extend(imp.names.iter().map(|a| a.name.id.to_string()));
                }
                // `from . import x` goes through Bandit's `visit_Import`: it records `x`.
                Stmt::ImportFrom(imp) => match &imp.module {
                    Some(module) => self.out.extend(
                        imp.names
                            .iter()
                            .map(|a| format!("{}.{}", module.id, a.name.id)),
                    ),
                    None => self
                        .out
                        .extend(imp.names.iter().map(|a| a.name.id.to_string())),
                },
                _ => statement_visitor::walk_stmt(self, stmt),
            }
        }
    }
    let mut collect = Collect {
        before: offset,
        out: Vec::new(),
    };
    collect.visit_body(&ctx.file.parsed.syntax().body);
    collect.out
}

/// Bandit's `is_module_imported_like`: some import so far contains `module` as a substring.
pub fn is_module_imported_like(ctx: &Context<'_>, offset: TextSize, module: &str) -> bool {
    imports_before(ctx, offset)
        .iter()
        .any(|i| i.contains(module))
}

/// Bandit's `is_module_imported_exact`: some import so far is exactly `module`.
pub fn is_module_imported_exact(ctx: &Context<'_>, offset: TextSize, module: &str) -> bool {
    imports_before(ctx, offset).iter().any(|i| i == module)
}

/// Whether an expression is a `str` constant to Bandit (`ast.Constant` holding a `str`).
pub fn is_str_constant(expr: &Expr) -> bool {
    matches!(expr, Expr::StringLiteral(_))
}

/// Whether an expression is an `ast.Constant` of any type (string, bytes, number, bool,
/// `None`, `...`).
pub fn is_constant(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
    )
}
