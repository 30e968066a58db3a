use super::context::Node;
use super::{helpers, Check, Context, Hit, Level};
use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags `extractall` calls in a file that has done `import tarfile` earlier on (Bandit
    /// B202, `tarfile_unsafe_members`), unless they pass `filter="data"`:
    /// - high severity and confidence when nothing restricts the members;
    /// - medium when `members=` is given but is not a call (a list, a variable);
    /// - low when `members=` is a call to a named function (a filter you wrote: check it).
    ///
    /// Like Bandit, the method name alone decides (any object's `extractall` counts once
    /// `tarfile` is imported), and `members=obj.method(...)` gives no finding (Bandit's
    /// check fails on it).
    ///
    /// ## Why is this bad?
    /// A tar member can be named `../../home/user/.ssh/authorized_keys`, be an absolute path
    /// or a link out of the target directory: extracting an untrusted archive as-is writes
    /// wherever its author chose.
    ///
    /// ## Example
    /// ```python
    /// tarfile.open(upload).extractall(dest)                  # flagged, high
    /// tar.extractall(dest, members=safe_members(tar))        # flagged, low: review the filter
    /// tar.extractall(dest, filter="data")                    # fine (Python 3.12+)
    /// ```
    pub static RULE = {
        id: "B202",
        name: "tarfile_unsafe_members",
        severity: High,
        confidence: High,
        cwe: 22,
        aspect: AccessToResources,
        message: "tarfile.extractall used without any validation. Please check and discard dangerous members.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if !helpers::bandit_call_name(ctx, call).contains("extractall")
        || !helpers::is_module_imported_exact(ctx, "tarfile", call.start())
    {
        return;
    }
    if let Some(Expr::StringLiteral(f)) = helpers::keyword(call, "filter") {
        if f.value.to_str() == "data" {
            return;
        }
    }
    let Some(members) = helpers::keyword(call, "members") else {
        out.push(Hit::at(*call));
        return;
    };
    let hit = match members {
        Expr::Call(inner) => {
            let Expr::Name(func) = &*inner.func else {
                return;
            };
            Hit::at(*call)
                .severity(Level::Low)
                .confidence(Level::Low)
                .message(format!(
                    "Usage of tarfile.extractall(members=function(tarfile)). Make sure your \
                     function properly discards dangerous members {{'Function': '{}'}}).",
                    func.id
                ))
        }
        other => {
            let shown = match other {
                Expr::Name(n) => format!("'{}'", n.id),
                _ => format!("<ast.{} object>", python_class(other)),
            };
            Hit::at(*call)
                .severity(Level::Medium)
                .confidence(Level::Medium)
                .message(format!(
                    "Found tarfile.extractall(members=?) but couldn't identify the type of \
                     members. Check if the members were properly validated {{'Other': {shown}}})."
                ))
        }
    };
    out.push(hit);
}

/// The Python `ast` class of an expression, for Bandit's message (which prints the node
/// object itself, address included; we leave the address out). The messages keep Bandit's
/// unbalanced `)` so that they read the same.
fn python_class(expr: &Expr) -> &'static str {
    match expr {
        Expr::Attribute(_) => "Attribute",
        Expr::Subscript(_) => "Subscript",
        Expr::List(_) => "List",
        Expr::Tuple(_) => "Tuple",
        Expr::Set(_) => "Set",
        Expr::Dict(_) => "Dict",
        Expr::ListComp(_) => "ListComp",
        Expr::SetComp(_) => "SetComp",
        Expr::DictComp(_) => "DictComp",
        Expr::Generator(_) => "GeneratorExp",
        Expr::Lambda(_) => "Lambda",
        Expr::BinOp(_) => "BinOp",
        Expr::BoolOp(_) => "BoolOp",
        Expr::If(_) => "IfExp",
        Expr::Starred(_) => "Starred",
        Expr::FString(_) => "JoinedStr",
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_)
        | Expr::EllipsisLiteral(_) => "Constant",
        _ => "expr",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_list_is_named_by_its_ast_class() {
        let e = ruff_python_parser::parse_expression("[m]").unwrap();
        assert_eq!(python_class(&e.syntax().body), "List");
    }
}
