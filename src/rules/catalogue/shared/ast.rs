//! Small questions about AST nodes that many rules ask.

use crate::rules::engine::{Ancestor, Context};
use ruff_python_ast::statement_visitor::{self, StatementVisitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

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

/// A call argument as Bandit's `Context` reads it (`call_keywords`, `call_args`,
/// `get_call_arg_at_position`): an attribute gives its last name, a name its identifier,
/// `True`/`False`/`None` the strings `"True"`/`"False"`/`"None"`, and anything that is not a
/// literal gives nothing (Python's `None`), which several checks read as "argument missing".
#[derive(Debug, Clone, PartialEq)]
pub enum BanditValue<'a> {
    /// A string literal, a name, an attribute's last part, or `True`/`False`/`None`.
    Str(&'a str),
    /// An integer literal that fits in 64 bits.
    Int(u64),
    /// A float literal.
    Float(f64),
    /// Any other literal (bytes, lists, dicts, huge ints …), with its truthiness.
    Other { truthy: bool },
}

impl<'a> BanditValue<'a> {
    /// Python truthiness, for Bandit's `a or b or default` chains.
    pub fn is_truthy(&self) -> bool {
        match self {
            BanditValue::Str(s) => !s.is_empty(),
            BanditValue::Int(i) => *i != 0,
            BanditValue::Float(f) => *f != 0.0,
            BanditValue::Other { truthy } => *truthy,
        }
    }

    /// The string, when the value is one (a name, an attribute, a string literal …).
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            BanditValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Python's `==` against an integer (`0 == 0.0` holds, `"0" == 0` does not).
    pub fn equals_int(&self, n: u64) -> bool {
        match self {
            BanditValue::Int(i) => *i == n,
            BanditValue::Float(f) => *f == n as f64,
            _ => false,
        }
    }
}

/// Bandit's reading of an argument expression; `None` for non-literals.
pub fn bandit_value(expr: &Expr) -> Option<BanditValue<'_>> {
    Some(match expr {
        Expr::Attribute(a) => BanditValue::Str(a.attr.id.as_str()),
        Expr::Name(n) => BanditValue::Str(n.id.as_str()),
        Expr::StringLiteral(s) => BanditValue::Str(s.value.to_str()),
        Expr::BooleanLiteral(b) => BanditValue::Str(if b.value { "True" } else { "False" }),
        Expr::NoneLiteral(_) => BanditValue::Str("None"),
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => match i.as_u64() {
                Some(v) => BanditValue::Int(v),
                None => BanditValue::Other { truthy: true },
            },
            ast::Number::Float(f) => BanditValue::Float(*f),
            ast::Number::Complex { real, imag } => BanditValue::Other {
                truthy: *real != 0.0 || *imag != 0.0,
            },
        },
        Expr::BytesLiteral(b) => BanditValue::Other {
            truthy: !b.value.is_empty(),
        },
        Expr::EllipsisLiteral(_) => BanditValue::Other { truthy: true },
        Expr::List(_) | Expr::Tuple(_) | Expr::Set(_) | Expr::Dict(_) => BanditValue::Other {
            truthy: literal_truthiness(expr).unwrap_or(true),
        },
        _ => return None,
    })
}

/// Bandit's `get_call_arg_value(name)`: the keyword's value as Bandit reads it.
pub fn bandit_keyword<'a>(call: &'a ast::ExprCall, name: &str) -> Option<BanditValue<'a>> {
    keyword(call, name).and_then(bandit_value)
}

/// Bandit's `get_call_arg_at_position(i)`: counts starred arguments as positions too.
pub fn bandit_positional(call: &ast::ExprCall, position: usize) -> Option<BanditValue<'_>> {
    call.arguments.args.get(position).and_then(bandit_value)
}

/// Bandit's `get_call_name`: the dotted name of what a call calls, through the import
/// aliases, where a part that is not a plain name contributes an empty string
/// (`tarfile.open(p).extractall` → `.extractall`), and `""` when the callee is neither a
/// name nor an attribute.
pub fn bandit_call_qualname(ctx: &Context<'_>, call: &ast::ExprCall) -> String {
    match &*call.func {
        Expr::Name(_) | Expr::Attribute(_) => bandit_qualname(ctx, &call.func),
        _ => String::new(),
    }
}

/// Bandit's qualified name of an expression (`call_function_name_qual` for a call's
/// function): a name or attribute chain through the import aliases, `""` for anything else.
/// A chain on something that is not a name keeps its attributes: `get().exec_command` is
/// `.exec_command`, so Bandit's checks of the last segment still see it.
pub fn bandit_qualname(ctx: &Context<'_>, expr: &Expr) -> String {
    ctx.call_names
        .bandit(expr, || bandit_qualname_uncached(ctx, expr))
}

fn bandit_qualname_uncached(ctx: &Context<'_>, expr: &Expr) -> String {
    match expr {
        Expr::Name(n) => ctx
            .file
            .imports
            .resolve(n.id.as_str())
            .unwrap_or(n.id.as_str())
            .to_owned(),
        Expr::Attribute(a) => {
            let mut name = bandit_qualname_uncached(ctx, &a.value);
            name.push('.');
            name.push_str(&a.attr.id);
            name
        }
        _ => String::new(),
    }
}

/// Bandit's `call_function_name`: the last part of [`bandit_call_qualname`].
pub fn bandit_call_name(ctx: &Context<'_>, call: &ast::ExprCall) -> String {
    last_segment(&bandit_call_qualname(ctx, call)).to_owned()
}

/// The modules Bandit counts as imported when it reaches `offset`: it builds the set while
/// walking, so only imports earlier in the file count. `import a.b` gives `a.b`,
/// `from a import b` gives `a.b`, `from . import b` gives `b`.
pub fn bandit_imports_before(ctx: &Context<'_>, offset: TextSize) -> Vec<String> {
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
                Stmt::ImportFrom(imp) => match &imp.module {
                    Some(m) => self
                        .out
                        .extend(imp.names.iter().map(|a| format!("{}.{}", m.id, a.name.id))),
                    None => self
                        .out
                        .extend(imp.names.iter().map(|a| a.name.id.to_string())),
                },
                _ => statement_visitor::walk_stmt(self, stmt),
            }
        }
    }
    let mut c = Collect {
        before: offset,
        out: Vec::new(),
    };
    c.visit_body(&ctx.file.parsed.syntax().body);
    c.out
}

/// Bandit's `is_module_imported_exact`, as of `offset`.
pub fn is_module_imported_exact(ctx: &Context<'_>, module: &str, offset: TextSize) -> bool {
    bandit_imports_before(ctx, offset)
        .iter()
        .any(|m| m == module)
}

/// Bandit's `is_module_imported_like`: `module` occurs anywhere in an import's name.
pub fn is_module_imported_like(ctx: &Context<'_>, module: &str, offset: TextSize) -> bool {
    bandit_imports_before(ctx, offset)
        .iter()
        .any(|m| m.contains(module))
}

/// The string constants Python's AST makes of an f-string, which Bandit checks like any
/// other string: adjacent literal text (across implicitly concatenated parts, and the
/// `x=` of a `{x=}`) is one constant, each format spec has its own.
pub fn fstring_constants(fstring: &ast::ExprFString) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for part in fstring.value.iter() {
        match part {
            ast::FStringPart::Literal(lit) => cur.push_str(&lit.value),
            ast::FStringPart::FString(f) => push_elements(&f.elements, &mut cur, &mut out),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn push_elements(
    elements: &ast::InterpolatedStringElements,
    cur: &mut String,
    out: &mut Vec<String>,
) {
    for element in elements.iter() {
        match element {
            ast::InterpolatedStringElement::Literal(lit) => cur.push_str(&lit.value),
            ast::InterpolatedStringElement::Interpolation(interp) => {
                if let Some(debug) = &interp.debug_text {
                    cur.push_str(debug.as_str());
                }
                if !cur.is_empty() {
                    out.push(std::mem::take(cur));
                }
                if let Some(spec) = &interp.format_spec {
                    let mut spec_cur = String::new();
                    push_elements(&spec.elements, &mut spec_cur, out);
                    if !spec_cur.is_empty() {
                        out.push(spec_cur);
                    }
                }
            }
        }
    }
}

/// Whether a string literal is a whole expression statement (a docstring, say), which
/// Bandit's string checks skip.
pub fn is_bare_string_statement(ctx: &Context<'_>) -> bool {
    matches!(ctx.parent(), Some(Ancestor::Stmt(Stmt::Expr(_))))
}

/// Where Python puts a function definition: the line of `def` (decorators come before it).
/// The range runs from `def` (or `async`) to the end of the parameters.
pub fn def_range(ctx: &Context<'_>, func: &ast::StmtFunctionDef) -> TextRange {
    let head = &ctx.file.text[TextRange::new(func.start(), func.name.start())];
    let keyword = if func.is_async { "async" } else { "def" };
    let start = head
        .rfind(keyword)
        .map(|i| func.start() + TextSize::try_from(i).unwrap_or_default())
        .unwrap_or(func.name.start());
    TextRange::new(start, func.parameters.end())
}

/// The string Bandit's `context.call_args` / `call_keywords` make of an argument: a string
/// literal's value, `"True"` / `"False"` / `"None"` for those literals, a name's identifier
/// and an attribute's last part (`hashes.md5` → `md5`). Anything else is `None`. Bandit's
/// checks compare these strings, so `hashlib.new(md5)` names MD5 to them.
pub fn bandit_str_value(expr: &Expr) -> Option<&str> {
    bandit_value(expr).and_then(|v| v.as_str())
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

/// The keyword argument `name`, the last one when repeated: Bandit reads keywords into a dict,
/// so a later `shell=` wins over an earlier one.
pub fn last_keyword<'a>(call: &'a ast::ExprCall, name: &str) -> Option<&'a Expr> {
    call.arguments
        .keywords
        .iter()
        .rev()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == name))
        .map(|k| &k.value)
}

/// Python's `args.defaults`: the defaults of the positional parameters (positional-only and
/// ordinary), in order.
pub fn positional_defaults(params: &ast::Parameters) -> impl Iterator<Item = &Expr> {
    params
        .posonlyargs
        .iter()
        .chain(&params.args)
        .filter_map(|p| p.default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn constants(src: &str) -> Vec<String> {
        let parsed = ruff_python_parser::parse_expression(src).expect("expression");
        match &*parsed.syntax().body {
            Expr::FString(f) => fstring_constants(f),
            _ => panic!("not an f-string"),
        }
    }

    #[test]
    fn fstring_text_is_split_as_python_splits_it() {
        assert_eq!(constants(r#"f"/tmp/{x}.log""#), ["/tmp/", ".log"]);
        assert_eq!(constants(r#"f"a{x}" "b" f"c{y}""#), ["a", "bc"]);
        assert_eq!(constants(r#"f"0.0.0.0{x=}""#), ["0.0.0.0x="]);
        assert_eq!(constants(r#"f"{x:/tmp}""#), ["/tmp"]);
        assert!(constants(r#"f"{x}""#).is_empty());
    }
}
