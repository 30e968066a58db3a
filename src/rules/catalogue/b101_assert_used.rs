use super::context::Node;
use super::{Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags every `assert` statement (Bandit B101, `assert_used`).
    ///
    /// ## Why is this bad?
    /// Python removes `assert` when run with `-O`, so a check written as an assertion (an
    /// authorisation test, input validation) silently disappears in optimised deployments.
    /// In test code (see `--tests`) assertions are how tests work and this rule stays quiet.
    ///
    /// ## Example
    /// ```python
    /// assert user.is_admin, "not allowed"   # gone under python -O
    /// ```
    /// Use `if not user.is_admin: raise PermissionError(...)`.
    pub static RULE = {
        id: "B101",
        name: "assert_used",
        severity: Low,
        confidence: High,
        cwe: 703,
        aspect: MockingAndAssertions,
        in_tests: Skip,
        message: "Use of assert detected. The enclosed code will be removed when compiling to optimised byte code.",
        kinds: [Assert],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, _ctx: &Context<'_>, out: &mut Vec<Hit>) {
    if let Node::Assert(stmt) = node {
        out.push(Hit::at(*stmt));
    }
}
