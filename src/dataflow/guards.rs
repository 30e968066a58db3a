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
    /// A prefix check on a path protects it only when the path was made absolute and
    /// normal first (`realpath`, `abspath`, `normpath`, `resolve()`): `BASE/../x` starts
    /// with `BASE` too.
    pub requires_normalized: bool,
}

impl Protection {
    fn new(path: String, protects: SinkSet) -> Self {
        Protection {
            path,
            protects,
            requires_normalized: false,
        }
    }
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
/// out of a directory, a value without a quote cannot end an XPath or SQL string. A shell or
/// an LDAP filter has too many such characters for one check to protect it.
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
    ("\n", SinkSet::of(&[SinkKind::Header])),
    ("\r", SinkSet::of(&[SinkKind::Header])),
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
                    g.when_false.extend(rejected_together(&b.values));
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
                    g.when_false.push(Protection::new(path, protects));
                    found.push(());
                }
            }
            // `x in ALLOWED`: protected when it is.
            if let Some(path) = netloc_of(left) {
                // `urlparse(url).netloc in HOSTS`.
                if is_allow_list(right) {
                    g.when_true.push(Protection::new(path, URL));
                }
            } else if let Some(path) = access_path(left) {
                if is_allow_list(right) {
                    g.when_true.push(Protection::new(path, SinkSet::ALL));
                }
            }
            // `base in p.parents`: p is inside base.
            if let Expr::Attribute(a) = right {
                if a.attr.id.as_str() == "parents" {
                    if let Some(path) = access_path(&a.value) {
                        g.when_true.push(Protection {
                            path,
                            protects: PATH,
                            requires_normalized: !normalizes(&a.value),
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
                g.when_true.push(Protection::new(path, SinkSet::ALL));
            }
            // `urlparse(url).netloc == host`, `os.path.commonpath([base, p]) == base`.
            if let Some(path) = netloc_of(left).or_else(|| netloc_of(right)) {
                g.when_true.push(Protection::new(path, URL));
            }
            if let Some(path) =
                commonpath_of(left, imports).or_else(|| commonpath_of(right, imports))
            {
                g.when_true.push(Protection::new(path, PATH));
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
    let keyword = |name: &str| {
        call.arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == name))
            .map(|k| &k.value)
    };
    let qualified = imports.qualified_name(&call.func);
    // `re.fullmatch(P, x)`, or `re.match(P, x)` with P anchored at both ends.
    if let Some(name) = qualified.as_deref().filter(|n| {
        matches!(
            *n,
            "re.fullmatch" | "re.match" | "regex.fullmatch" | "regex.match"
        )
    }) {
        let anchored = first
            .and_then(string)
            .is_some_and(|p| name.ends_with("fullmatch") || anchored_pattern(&p));
        let subject = call.arguments.args.get(1).or_else(|| keyword("string"));
        if let (true, Some(path)) = (anchored, subject.and_then(access_path)) {
            let p = first.and_then(string).unwrap_or_default();
            let protects = pattern_protects(&p);
            if !protects.is_empty() {
                g.when_true.push(Protection::new(path, protects));
            }
        }
        return g;
    }
    if let Some((_, protects)) = qualified
        .as_deref()
        .and_then(|n| VALIDATING_CALLS.iter().find(|(v, _)| *v == n))
    {
        if let Some(path) = first.or_else(|| keyword("url")).and_then(access_path) {
            if !protects.is_empty() {
                g.when_true.push(Protection::new(path, *protects));
            }
        }
        return g;
    }
    if let Expr::Attribute(a) = &*call.func {
        let method = a.attr.id.as_str();
        if VALIDATING_METHODS.contains(&method) {
            if let Some(path) = access_path(&a.value) {
                g.when_true.push(Protection::new(path, SinkSet::ALL));
            }
            return g;
        }
        // `p.startswith(base)` after `realpath`/`resolve()`: p is under base. A URL that
        // starts with `https://host/`: it goes to that host. `x.startswith("'")`: nothing.
        if method == "startswith" || method == "is_relative_to" {
            if let Some(path) = access_path(&a.value) {
                let prefix = first.and_then(string);
                let url = prefix.as_deref().is_some_and(pins_host);
                if url {
                    g.when_true.push(Protection::new(path, URL));
                } else if prefix.as_deref().is_none_or(|p| p.len() > 1) {
                    g.when_true.push(Protection {
                        path,
                        protects: PATH,
                        requires_normalized: !normalizes(&a.value),
                    });
                }
            }
            return g;
        }
        // `pattern.fullmatch(x)` of a compiled pattern.
        if method == "fullmatch" {
            if let Some(path) = first.and_then(access_path) {
                g.when_true.push(Protection::new(path, SinkSet::ALL));
            }
            return g;
        }
    }
    // A function whose name says it validates (`is_safe_path(base, p)`, `valid_host(h)`):
    // when it says yes, what it was given is taken as checked.
    let name = match &*call.func {
        Expr::Name(n) => n.id.to_ascii_lowercase(),
        Expr::Attribute(a) => a.attr.id.to_ascii_lowercase(),
        _ => return g,
    };
    if VALIDATOR_WORDS.iter().any(|w| name.contains(w)) {
        for arg in call
            .arguments
            .args
            .iter()
            .chain(call.arguments.keywords.iter().map(|k| &k.value))
        {
            if let Some(path) = access_path(arg) {
                g.when_true.push(Protection::new(path, SinkSet::ALL));
            }
        }
    }
    g
}

/// Words in a function's name that say it validates its arguments.
const VALIDATOR_WORDS: &[&str] = &[
    "safe",
    "valid",
    "allowed",
    "permitted",
    "trusted",
    "whitelist",
    "allowlist",
    "within",
];

/// A constant prefix `scheme://host/`: a URL starting with it goes to that host.
pub fn pins_host(prefix: &str) -> bool {
    let Some(rest) = prefix
        .strip_prefix("https://")
        .or_else(|| prefix.strip_prefix("http://"))
    else {
        return false;
    };
    rest.find('/')
        .is_some_and(|i| i > 0 && !rest[..i].contains(['@', '\\']))
}

/// Whether an expression passes through a call that makes a path absolute and normal.
fn normalizes(expr: &Expr) -> bool {
    match expr {
        Expr::Call(c) => {
            let name = match &*c.func {
                Expr::Name(n) => n.id.as_str(),
                Expr::Attribute(a) => a.attr.id.as_str(),
                _ => "",
            };
            matches!(
                name,
                "realpath" | "abspath" | "normpath" | "resolve" | "safe_join"
            ) || c.arguments.args.first().is_some_and(normalizes)
                || matches!(&*c.func, Expr::Attribute(a) if normalizes(&a.value))
        }
        Expr::Attribute(a) => normalizes(&a.value),
        _ => false,
    }
}

/// What a whole-value pattern's accepted characters cannot carry. A negated class
/// (`[^;]`), `\S` or `\W` let nearly anything through; a `.` or `/` that may repeat lets
/// `..` climb out of a directory, but a host name or a word (`^[a-z0-9.-]+$`) is still no
/// shell command or query.
fn pattern_protects(p: &str) -> SinkSet {
    if p.contains("[^") || p.contains("\\S") || p.contains("\\W") {
        return SinkSet::EMPTY;
    }
    let mut in_class = false;
    let mut escaped = false;
    let mut dots_or_slashes = false;
    for c in p.chars() {
        match c {
            _ if escaped => {
                escaped = false;
                if in_class && c == '.' {
                    dots_or_slashes = true;
                }
            }
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            '.' if !in_class => return SinkSet::EMPTY,
            '.' | '/' => dots_or_slashes = true,
            _ => {}
        }
    }
    if dots_or_slashes {
        ALL_BUT_PATH
    } else {
        SinkSet::ALL
    }
}

/// Every sink but a path.
const ALL_BUT_PATH: SinkSet = SinkSet::of(&[
    SinkKind::Command,
    SinkKind::Code,
    SinkKind::Sql,
    SinkKind::Xss,
    SinkKind::Template,
    SinkKind::Redirect,
    SinkKind::Ssrf,
    SinkKind::XPath,
    SinkKind::Ldap,
    SinkKind::TrustBoundary,
    SinkKind::Deserialization,
    SinkKind::Header,
    SinkKind::Regex,
    SinkKind::Xxe,
]);

/// A pattern anchored at both ends: it must match the whole value.
fn anchored_pattern(p: &str) -> bool {
    p.starts_with('^') && (p.ends_with('$') || p.ends_with("\\Z") || p.ends_with("\\z"))
}

/// Sets of characters that protect a sink only when all are rejected: `if "*" in u or "("
/// in u or ")" in u: return` leaves no way to widen an LDAP filter.
const REJECTED_TOGETHER: &[(&[&str], SinkSet)] = &[
    (&["*", "(", ")"], SinkSet::of(&[SinkKind::Ldap])),
    (
        &[";", "|", "&", "$", "`", "\n"],
        SinkSet::of(&[SinkKind::Command]),
    ),
];

/// What `CONST in x or CONST in x or ...` protects `x` from when all of it is false.
fn rejected_together(values: &[Expr]) -> Vec<Protection> {
    let mut needles: std::collections::HashMap<String, Vec<String>> = Default::default();
    for v in values {
        if let Expr::Compare(c) = v {
            if c.ops.len() == 1 && c.ops[0] == CmpOp::In {
                if let (Some(n), Some(path)) = (string(&c.left), access_path(&c.comparators[0])) {
                    needles.entry(path).or_default().push(n);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (path, found) in needles {
        for (set, protects) in REJECTED_TOGETHER {
            if set.iter().all(|n| found.iter().any(|f| f == n)) {
                out.push(Protection::new(path.clone(), *protects));
            }
        }
    }
    out
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
