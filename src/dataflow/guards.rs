//! Conditions that protect a value on one side of a branch: `if ".." in name: return`,
//! `if x not in ALLOWED: abort(400)`, `if not path.startswith(base): raise`, `if
//! urlparse(url).netloc not in HOSTS: ...`. A guard says which variable (an access path such
//! as `name` or `self.path`) is protected from which sinks when the condition is true, and
//! when it is false; the branch that exits takes the unprotected side with it.

use super::tables::sinks::SHELLS;
use super::{SinkKind, SinkSet};
use crate::python::ImportTable;
use ruff_python_ast::{self as ast, CmpOp, Expr, UnaryOp};

/// A variable protected from some sinks.
#[derive(Debug, Clone)]
pub struct Protection {
    pub path: String,
    pub protects: SinkSet,
}

/// What a condition protects when it is true, and when it is false.
#[derive(Debug, Default)]
pub struct Guard {
    pub when_true: Vec<Protection>,
    pub when_false: Vec<Protection>,
}

impl Guard {
    fn swap(self) -> Guard {
        Guard {
            when_true: self.when_false,
            when_false: self.when_true,
        }
    }
}

/// Characters whose absence from a value protects a sink: a name without `..` cannot climb
/// out of a directory, a value without a quote cannot end an XPath or SQL string.
const DANGEROUS: &[(&str, SinkSet)] = &[
    ("..", SinkSet::of(&[SinkKind::Path])),
    ("../", SinkSet::of(&[SinkKind::Path])),
    ("..\\", SinkSet::of(&[SinkKind::Path])),
    (
        "'",
        SinkSet::of(&[SinkKind::XPath, SinkKind::Sql, SinkKind::Code]),
    ),
    ("\"", SinkSet::of(&[SinkKind::XPath, SinkKind::Sql])),
    ("<", SinkSet::of(&[SinkKind::Xss])),
    (";", SinkSet::of(&[SinkKind::Command])),
    ("|", SinkSet::of(&[SinkKind::Command])),
    ("&", SinkSet::of(&[SinkKind::Command])),
    ("$", SinkSet::of(&[SinkKind::Command])),
    ("`", SinkSet::of(&[SinkKind::Command])),
    ("\n", SinkSet::of(&[SinkKind::Header])),
    ("\r", SinkSet::of(&[SinkKind::Header])),
    ("(", SinkSet::of(&[SinkKind::Ldap])),
    ("*", SinkSet::of(&[SinkKind::Ldap])),
];

const PATH: SinkSet = SinkSet::of(&[SinkKind::Path]);
const URL: SinkSet = SinkSet::of(&[SinkKind::Redirect, SinkKind::Ssrf]);

/// Methods whose truth leaves a value nothing dangerous: it is digits, a word, an identifier.
const VALIDATING_METHODS: &[&str] = &[
    "isdigit",
    "isdecimal",
    "isnumeric",
    "isalnum",
    "isalpha",
    "isidentifier",
];

/// Calls, by qualified name, that validate their first argument when true.
const VALIDATING_CALLS: &[(&str, SinkSet)] = &[
    ("django.utils.http.url_has_allowed_host_and_scheme", URL),
    ("django.utils.http.is_safe_url", URL),
    ("os.path.isabs", SinkSet::EMPTY),
];

/// What `test` protects on each side. `names` are the module's constant names (an allow-list
/// is a constant collection, or a name in capitals).
pub fn guard(test: &Expr, imports: &ImportTable) -> Guard {
    match test {
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => guard(&u.operand, imports).swap(),
        Expr::BoolOp(b) => {
            let parts: Vec<Guard> = b.values.iter().map(|v| guard(v, imports)).collect();
            let mut g = Guard::default();
            match b.op {
                // `a and b` true: both hold; false: nothing certain.
                ast::BoolOp::And => {
                    for p in parts {
                        g.when_true.extend(p.when_true);
                    }
                }
                // `a or b` false: neither holds, so both are false.
                ast::BoolOp::Or => {
                    for p in parts {
                        g.when_false.extend(p.when_false);
                    }
                }
            }
            g
        }
        Expr::Compare(c) if c.ops.len() == 1 => {
            compare(&c.left, c.ops[0], &c.comparators[0], imports)
        }
        Expr::Call(call) => call_guard(call, imports),
        _ => Guard::default(),
    }
}

fn compare(left: &Expr, op: CmpOp, right: &Expr, imports: &ImportTable) -> Guard {
    let mut g = Guard::default();
    match op {
        CmpOp::In | CmpOp::NotIn => {
            let mut found = Vec::new();
            // `".." in name`: protected when it is not.
            if let (Some(needle), Some(path)) = (string(left), access_path(right)) {
                let protects = DANGEROUS
                    .iter()
                    .filter(|(d, _)| needle.contains(d))
                    .fold(SinkSet::EMPTY, |acc, (_, s)| acc.union(*s));
                if !protects.is_empty() {
                    // `in` false protects.
                    g.when_false.push(Protection { path, protects });
                    found.push(());
                }
            }
            // `x in ALLOWED`: protected when it is.
            if let Some(path) = netloc_of(left) {
                // `urlparse(url).netloc in HOSTS`.
                if is_allow_list(right) {
                    g.when_true.push(Protection {
                        path,
                        protects: URL,
                    });
                }
            } else if let Some(path) = access_path(left) {
                if is_allow_list(right) {
                    g.when_true.push(Protection {
                        path,
                        protects: SinkSet::ALL,
                    });
                }
            }
            // `base in p.parents`: p is inside base.
            if let Expr::Attribute(a) = right {
                if a.attr.id.as_str() == "parents" {
                    if let Some(path) = access_path(&a.value) {
                        g.when_true.push(Protection {
                            path,
                            protects: PATH,
                        });
                    }
                }
            }
            if op == CmpOp::NotIn {
                g = g.swap();
            }
        }
        CmpOp::Eq | CmpOp::NotEq => {
            // `x == "literal"`: x is that literal.
            let pair = match (access_path(left), access_path(right)) {
                (Some(p), None) if is_constant(right) => Some(p),
                (None, Some(p)) if is_constant(left) => Some(p),
                _ => None,
            };
            if let Some(path) = pair {
                g.when_true.push(Protection {
                    path,
                    protects: SinkSet::ALL,
                });
            }
            // `urlparse(url).netloc == host`, `os.path.commonpath([base, p]) == base`.
            if let Some(path) = netloc_of(left).or_else(|| netloc_of(right)) {
                g.when_true.push(Protection {
                    path,
                    protects: URL,
                });
            }
            if let Some(path) =
                commonpath_of(left, imports).or_else(|| commonpath_of(right, imports))
            {
                g.when_true.push(Protection {
                    path,
                    protects: PATH,
                });
            }
            if op == CmpOp::NotEq {
                g = g.swap();
            }
        }
        _ => {}
    }
    g
}

fn call_guard(call: &ast::ExprCall, imports: &ImportTable) -> Guard {
    let mut g = Guard::default();
    let first = call.arguments.args.first();
    if let Expr::Attribute(a) = &*call.func {
        let method = a.attr.id.as_str();
        if VALIDATING_METHODS.contains(&method) {
            if let Some(path) = access_path(&a.value) {
                g.when_true.push(Protection {
                    path,
                    protects: SinkSet::ALL,
                });
            }
            return g;
        }
        // `p.startswith(base)`, `str(p.resolve()).startswith(str(base))`: p is under base.
        // `x.startswith("'")`: x is a quoted literal, safe to evaluate.
        if method == "startswith" || method == "endswith" || method == "is_relative_to" {
            if let Some(path) = access_path(&a.value) {
                let quote = first
                    .and_then(string)
                    .is_some_and(|s| s == "'" || s == "\"");
                let protects = if quote {
                    SinkSet::of(&[SinkKind::Code])
                } else if method == "endswith" {
                    SinkSet::EMPTY
                } else {
                    PATH
                };
                if !protects.is_empty() {
                    g.when_true.push(Protection { path, protects });
                }
            }
            return g;
        }
        // `pattern.fullmatch(x)` of a compiled pattern.
        if method == "fullmatch" {
            if let Some(path) = first.and_then(access_path) {
                g.when_true.push(Protection {
                    path,
                    protects: SinkSet::ALL,
                });
            }
            return g;
        }
    }
    let Some(name) = imports.qualified_name(&call.func) else {
        return g;
    };
    // `re.fullmatch(P, x)`, or `re.match(P, x)` with P anchored at both ends.
    if matches!(
        name.as_str(),
        "re.fullmatch" | "re.match" | "regex.fullmatch" | "regex.match"
    ) {
        let anchored = call
            .arguments
            .args
            .first()
            .and_then(string)
            .is_some_and(|p| name.ends_with("fullmatch") || anchored_pattern(&p));
        if anchored {
            if let Some(path) = call.arguments.args.get(1).and_then(access_path) {
                g.when_true.push(Protection {
                    path,
                    protects: SinkSet::ALL,
                });
            }
        }
        return g;
    }
    if let Some((_, protects)) = VALIDATING_CALLS.iter().find(|(n, _)| *n == name) {
        if let Some(path) = first.and_then(access_path) {
            if !protects.is_empty() {
                g.when_true.push(Protection {
                    path,
                    protects: *protects,
                });
            }
        }
    }
    g
}

/// A pattern that must match the whole value and allows no character that could climb out
/// of a directory or a quoted string: `^[a-z0-9_-]+$`.
fn anchored_pattern(p: &str) -> bool {
    let body = p
        .strip_prefix('^')
        .and_then(|b| b.strip_suffix('$').or_else(|| b.strip_suffix("\\Z")));
    body.is_some_and(|b| !b.contains('.') || b.contains("[^"))
        && !p.contains(".*")
        && !p.contains(".+")
}

/// The access path of a variable, through the calls that keep its identity for a guard:
/// `str(p)`, `os.path.realpath(p)`, `p.resolve()`, `p.lower()`.
pub fn access_path(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(format!("{}.{}", access_path(&a.value)?, a.attr.id)),
        Expr::Call(c) => {
            let passes = |name: &str| {
                matches!(
                    name,
                    "str"
                        | "realpath"
                        | "abspath"
                        | "normpath"
                        | "resolve"
                        | "absolute"
                        | "lower"
                        | "strip"
                        | "casefold"
                )
            };
            match &*c.func {
                Expr::Name(n) if passes(n.id.as_str()) => {
                    c.arguments.args.first().and_then(access_path)
                }
                Expr::Attribute(a) if passes(a.attr.id.as_str()) => {
                    if c.arguments.args.is_empty() {
                        access_path(&a.value)
                    } else {
                        c.arguments.args.first().and_then(access_path)
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// `urlparse(x).netloc` or `parsed.netloc`/`.hostname`/`.scheme`: the path of what was parsed.
fn netloc_of(expr: &Expr) -> Option<String> {
    let Expr::Attribute(a) = expr else {
        return None;
    };
    if !matches!(a.attr.id.as_str(), "netloc" | "hostname" | "scheme") {
        return None;
    }
    match &*a.value {
        Expr::Call(c) => c.arguments.args.first().and_then(access_path),
        other => access_path(other).map(|p| format!("{p}{PARSED}")),
    }
}

/// Marks a path as the `urlparse` result of a variable: the engine maps it back.
pub const PARSED: &str = "#parsed";

/// `os.path.commonpath([base, p])`: the path of p.
fn commonpath_of(expr: &Expr, imports: &ImportTable) -> Option<String> {
    let Expr::Call(c) = expr else { return None };
    if !imports
        .qualified_name(&c.func)
        .is_some_and(|n| n.ends_with("commonpath") || n.ends_with("commonprefix"))
    {
        return None;
    }
    match c.arguments.args.first()? {
        Expr::List(l) => l.elts.get(1).and_then(access_path),
        Expr::Tuple(t) => t.elts.get(1).and_then(access_path),
        _ => None,
    }
}

fn string(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_owned()),
        _ => None,
    }
}

fn is_constant(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::StringLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
    )
}

/// A literal collection of constants, or a name in capitals (`ALLOWED_HOSTS`), or such a
/// name's attribute (`settings.ALLOWED`).
fn is_allow_list(expr: &Expr) -> bool {
    match expr {
        Expr::List(l) => l.elts.iter().all(is_constant),
        Expr::Tuple(t) => t.elts.iter().all(is_constant),
        Expr::Set(s) => s.elts.iter().all(is_constant),
        Expr::Dict(d) => d
            .items
            .iter()
            .all(|i| i.key.as_ref().is_some_and(is_constant)),
        Expr::Name(n) => is_capitals(n.id.as_str()),
        Expr::Attribute(a) => is_capitals(a.attr.id.as_str()),
        _ => false,
    }
}

fn is_capitals(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_ascii_lowercase())
}

/// Whether a program name is a shell.
pub fn is_shell(program: &str) -> bool {
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
    SHELLS.contains(&base)
}
