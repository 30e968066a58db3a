use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags Django's `RawSQL(sql, params)` (any call named `RawSQL`, in a file that imported
    /// something from `django.db.models` above it) whose SQL is not a plain string literal
    /// (Bandit B611, `django_rawsql_used`). The SQL is the first positional argument, else
    /// the `sql=` keyword; a call with neither is not flagged (Bandit fails on it).
    ///
    /// ## Why is this bad?
    /// `RawSQL` puts its SQL text into the query unchanged: text built from outside values
    /// is SQL injection. Values belong in `params`.
    ///
    /// ## Example
    /// ```python
    /// qs.annotate(val=RawSQL("SELECT col FROM t WHERE id = %s" % ident, []))
    /// ```
    /// Use `RawSQL("SELECT col FROM t WHERE id = %s", [ident])`.
    pub static RULE = {
        id: "B611",
        name: "django_rawsql_used",
        severity: Medium,
        confidence: Medium,
        cwe: 89,
        aspect: ExternalInputs,
        gate: Sql,
        message: "Use of RawSQL potential SQL attack vector.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if helpers::bandit_call_name(ctx, call) != "RawSQL"
        || !helpers::is_module_imported_like(ctx, "django.db.models", call.start())
    {
        return;
    }
    let sql = match call.arguments.args.first() {
        Some(first) => first,
        None => match helpers::last_keyword(call, "sql") {
            Some(value) => value,
            None => return,
        },
    };
    if !helpers::is_str_constant(sql) {
        out.push(Hit::at(*call));
    }
}
