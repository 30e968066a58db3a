use super::context::{Ancestor, Node};
use super::{Check, Context, Hit, Level};
use ruff_python_ast::{self as ast, Expr, FStringPart, InterpolatedStringElement};
use ruff_text_size::{Ranged, TextRange, TextSize};
use std::sync::LazyLock;

crate::declare_rule! {
    /// ## What it does
    /// Flags SQL built with string operations (Bandit B608, `hardcoded_sql_expressions`): a
    /// string literal that looks like a query (`SELECT … FROM`, `DELETE FROM`,
    /// `INSERT INTO … VALUES`, `UPDATE … SET`, any case) and is combined with `+` or `%`
    /// (or any other binary operator), formatted with `.format(…)`, edited with
    /// `.replace(…)`, or written as an f-string. Confidence is medium when the result goes
    /// straight into a call named `execute` or `executemany` as a positional argument (and
    /// is not built with `.replace`), low otherwise. A plain literal query is not flagged.
    ///
    /// Bandit's quirks are kept: for `+`/`%` chains, a literal is judged together with the
    /// literals of the chain outside its own innermost operation, so `"SELECT * " + "FROM t"`
    /// is not flagged; an f-string is judged on all its literal text and reported once, on
    /// the line where its first literal text starts (as Bandit reports it on Python 3.12 and
    /// later; on 3.11 and earlier Bandit gives the f-string's first line).
    ///
    /// ## Why is this bad?
    /// A value spliced into SQL text can close the quote and add its own SQL. Pass values as
    /// query parameters instead and let the driver quote them.
    ///
    /// ## Example
    /// ```python
    /// cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
    /// cursor.execute(f"DELETE FROM items WHERE id = {item_id}")
    /// ```
    /// Use `cursor.execute("SELECT * FROM users WHERE name = %s", (name,))`.
    pub static RULE = {
        id: "B608",
        name: "hardcoded_sql_expressions",
        severity: Medium,
        confidence: Medium,
        cwe: 89,
        aspect: ExternalInputs,
        gate: Sql,
        message: "Possible SQL injection vector through string-based query construction.",
        kinds: [StringLiteral, FString],
        check: Check::Node(check),
    }
}

/// Bandit's `SIMPLE_SQL_RE`. Python's `\s` also matches the separators `\x1c`–`\x1f`,
/// which Rust's does not.
static SQL: LazyLock<regex::Regex> = LazyLock::new(|| {
    let s = r"[\s\x1c-\x1f]";
    regex::Regex::new(&format!(
        r"(?is)(select{s}.*from{s}|delete{s}+from{s}|insert{s}+into{s}.*values[\s\x1c-\x1f(]|update{s}.*set{s})"
    ))
    .expect("valid regex")
});

/// A node above the string in Python's AST, reduced to what the check asks of it.
#[derive(Clone, Copy)]
enum PyNode<'a> {
    Call(&'a ast::ExprCall),
    Other,
}

/// The Python AST ancestors of the node whose range is `child`, innermost first, given
/// ruff's ancestors above it (innermost first). Python has nodes where ruff has none (a
/// `keyword` between a call and a keyword argument's value, a `comprehension`, a
/// `FormattedValue`, a lambda's `arguments`): they are inserted, so that "the parent's
/// parent" means what it means to Bandit. Ends with the module.
fn py_ancestors<'a>(
    ruff: impl Iterator<Item = Ancestor<'a>>,
    mut child: TextRange,
) -> Vec<PyNode<'a>> {
    let mut out = Vec::new();
    for ancestor in ruff {
        if let Ancestor::Expr(expr) = ancestor {
            let inserted = match expr {
                Expr::Call(call) => call
                    .arguments
                    .keywords
                    .iter()
                    .any(|k| k.value.range() == child),
                Expr::ListComp(c) => in_generators(&c.generators, child),
                Expr::SetComp(c) => in_generators(&c.generators, child),
                Expr::DictComp(c) => in_generators(&c.generators, child),
                Expr::Generator(c) => in_generators(&c.generators, child),
                Expr::FString(_) | Expr::TString(_) => true,
                Expr::Lambda(l) => l
                    .parameters
                    .as_ref()
                    .is_some_and(|p| p.range().contains_range(child)),
                _ => false,
            };
            if inserted {
                out.push(PyNode::Other);
            }
            out.push(match expr {
                Expr::Call(call) => PyNode::Call(call),
                _ => PyNode::Other,
            });
        } else {
            // Above a statement nothing can be a call: the rest only needs to count.
            out.push(PyNode::Other);
        }
        child = ancestor.range();
    }
    out.push(PyNode::Other);
    out
}

fn in_generators(generators: &[ast::Comprehension], child: TextRange) -> bool {
    generators.iter().any(|g| g.range().contains_range(child))
}

/// Bandit's `get_called_name`: the attribute or the plain name called, without aliases.
fn called_name(call: &ast::ExprCall) -> &str {
    match &*call.func {
        Expr::Attribute(a) => a.attr.id.as_str(),
        Expr::Name(n) => n.id.as_str(),
        _ => "",
    }
}

/// Whether the query goes straight into `execute`/`executemany`.
fn is_execute(wrapper: Option<&PyNode<'_>>) -> bool {
    matches!(wrapper, Some(PyNode::Call(call)) if matches!(called_name(call), "execute" | "executemany"))
}

/// The literals of a `+`/`%` chain as Bandit's `concat_string` collects them: the leaves of
/// the chain from `root`, left to right, leaving out the operation `skip` (the string's own
/// parent) and everything under it.
fn chain_literals<'a>(node: &'a ast::ExprBinOp, skip: &ast::ExprBinOp, out: &mut Vec<&'a str>) {
    if std::ptr::eq(node, skip) {
        return;
    }
    for side in [&*node.left, &*node.right] {
        match side {
            Expr::BinOp(inner) => chain_literals(inner, skip, out),
            Expr::StringLiteral(s) => out.push(s.value.to_str()),
            _ => {}
        }
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    match node {
        Node::StringLiteral(lit) => check_literal(lit, ctx, out),
        Node::FString(fstring) => check_fstring(fstring, ctx, out),
        _ => {}
    }
}

fn check_literal(lit: &ast::ExprStringLiteral, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    // Most strings are neither operands nor `.format`ed: settle that before collecting.
    if !matches!(
        ctx.parent(),
        Some(Ancestor::Expr(Expr::BinOp(_) | Expr::Attribute(_)))
    ) {
        return;
    }
    let ancestors: Vec<Ancestor<'_>> = ctx.ancestors_up().collect();
    let value = lit.value.to_str();
    let (statement, execute, replace) = match ancestors.first() {
        Some(Ancestor::Expr(Expr::BinOp(parent))) => {
            let mut top = 0;
            while matches!(ancestors.get(top + 1), Some(Ancestor::Expr(Expr::BinOp(_)))) {
                top += 1;
            }
            let Ancestor::Expr(Expr::BinOp(root)) = ancestors[top] else {
                return;
            };
            let mut bits = vec![value];
            chain_literals(root, parent, &mut bits);
            let wrapper = py_ancestors(ancestors[top + 1..].iter().copied(), root.range());
            (bits.join(" "), is_execute(wrapper.first()), false)
        }
        Some(Ancestor::Expr(Expr::Attribute(attr)))
            if matches!(attr.attr.id.as_str(), "format" | "replace") =>
        {
            // Bandit's wrapper is the string's great-grandparent: string → attribute →
            // (usually) the `.format(...)` call → what receives the result.
            let chain = py_ancestors(ancestors.iter().copied(), lit.range());
            let replace = attr.attr.id.as_str() == "replace";
            (value.to_owned(), is_execute(chain.get(2)), replace)
        }
        _ => return,
    };
    if SQL.is_match(&statement) {
        let mut hit = Hit::at(lit);
        if !execute || replace {
            hit = hit.confidence(Level::Low);
        }
        out.push(hit);
    }
}

/// The literal text of an f-string's elements, and where Python 3.12+ places its first
/// literal `Constant`: runs of adjacent literal pieces merge into one, positioned at the
/// run's first piece (an empty `""` part included); a run with no text is dropped.
fn literal_text_and_start<'a>(
    pieces: impl Iterator<Item = Option<(&'a str, TextSize)>>,
) -> (String, Option<TextSize>) {
    let mut text = String::new();
    let mut first = None;
    let mut run_start: Option<TextSize> = None;
    let mut run_empty = true;
    for piece in pieces {
        match piece {
            Some((s, start)) => {
                run_start.get_or_insert(start);
                run_empty &= s.is_empty();
                text.push_str(s);
            }
            None => {
                if first.is_none() && !run_empty {
                    first = run_start;
                }
                run_start = None;
                run_empty = true;
            }
        }
    }
    if first.is_none() && !run_empty {
        first = run_start;
    }
    (text, first)
}

fn element_pieces(
    elements: &[InterpolatedStringElement],
) -> impl Iterator<Item = Option<(&str, TextSize)>> {
    elements.iter().map(|e| match e {
        InterpolatedStringElement::Literal(l) => Some((&*l.value, l.range().start())),
        InterpolatedStringElement::Interpolation(_) => None,
    })
}

fn check_fstring(fstring: &ast::ExprFString, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let pieces = fstring.value.iter().flat_map(|part| {
        let items: Vec<Option<(&str, TextSize)>> = match part {
            FStringPart::Literal(s) => vec![Some((&*s.value, s.range().start()))],
            FStringPart::FString(f) => element_pieces(&f.elements).collect(),
        };
        items
    });
    let (text, start) = literal_text_and_start(pieces);
    if let Some(start) = start {
        if SQL.is_match(&text) {
            let wrapper = py_ancestors(ctx.ancestors_up(), fstring.range());
            let mut hit = Hit::at(fstring);
            hit.range = TextRange::new(start, fstring.end());
            if !is_execute(wrapper.first()) {
                hit = hit.confidence(Level::Low);
            }
            out.push(hit);
        }
    }
    // A format spec (`{x:...}`) is a JoinedStr of its own, whose parent is the
    // `FormattedValue`: never an `execute` call.
    for part in fstring.value.iter() {
        if let FStringPart::FString(f) = part {
            check_format_specs(&f.elements, fstring.end(), out);
        }
    }
}

fn check_format_specs(elements: &[InterpolatedStringElement], end: TextSize, out: &mut Vec<Hit>) {
    for element in elements {
        let InterpolatedStringElement::Interpolation(interp) = element else {
            continue;
        };
        let Some(spec) = &interp.format_spec else {
            continue;
        };
        let (text, start) = literal_text_and_start(element_pieces(&spec.elements));
        if let Some(start) = start {
            if SQL.is_match(&text) {
                let mut hit = Hit::at(&**spec).confidence(Level::Low);
                hit.range = TextRange::new(start, end.max(start));
                out.push(hit);
            }
        }
        check_format_specs(&spec.elements, end, out);
    }
}
