//! Small questions about AST nodes that many rules ask.

use ruff_python_ast::{self as ast, Expr};

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

/// The string Bandit's `context.call_args` / `call_keywords` make of an argument: a string
/// literal's value, `"True"` / `"False"` / `"None"` for those literals, a name's identifier
/// and an attribute's last part (`hashes.md5` → `md5`). Anything else is `None`. Bandit's
/// checks compare these strings, so `hashlib.new(md5)` names MD5 to them.
pub fn bandit_str_value(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        Expr::BooleanLiteral(b) => Some(if b.value { "True" } else { "False" }),
        Expr::NoneLiteral(_) => Some("None"),
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.id.as_str()),
        _ => None,
    }
}
