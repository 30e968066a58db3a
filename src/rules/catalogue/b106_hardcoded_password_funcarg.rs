use super::shared::passwords::{message, CANDIDATES};
use super::context::Node;
use super::{Check, Context, Hit};
use ruff_python_ast::Expr;

crate::declare_rule! {
    /// ## What it does
    /// Flags a call given a string literal for a keyword argument whose name looks like a
    /// password (`password=`, `db_passwd=`, `token=`, `secret=` …, the same names as B105)
    /// (Bandit B106, `hardcoded_password_funcarg`). One finding per call, on the line of the
    /// first such value. The message shows only the first characters of the value.
    ///
    /// ## Why is this bad?
    /// A credential written into a call is in the source for everyone who can read the
    /// repository, and stays in its history after it is changed.
    ///
    /// ## Example
    /// ```python
    /// connect(host, user="admin", password="hunter2")   # flagged
    /// connect(host, user="admin", password=os.environ["DB_PASSWORD"])
    /// ```
    pub static RULE = {
        id: "B106",
        name: "hardcoded_password_funcarg",
        severity: Low,
        confidence: Medium,
        cwe: 259,
        aspect: DataProtection,
        in_tests: LowConfidence,
        message: "Possible hardcoded password",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, _ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    for kw in &call.arguments.keywords {
        let (Some(arg), Expr::StringLiteral(value)) = (&kw.arg, &kw.value) else {
            continue;
        };
        if CANDIDATES.is_match(arg.id.as_str()) {
            out.push(Hit::at(value).message(message(value.value.to_str())));
            return;
        }
    }
}
