//! What kind of `except` handler a check is looking at, shared by B110 and B112.

use ruff_python_ast::Expr;

/// True for `except:` and `except Exception:`, the handlers Bandit judges by default.
pub fn is_broad_handler(type_: Option<&Expr>) -> bool {
    match type_ {
        None => true,
        Some(Expr::Name(n)) => n.id.as_str() == "Exception",
        Some(_) => false,
    }
}
