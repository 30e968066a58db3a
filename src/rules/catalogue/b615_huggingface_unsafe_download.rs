use super::context::Node;
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

crate::declare_rule! {
    /// ## What it does
    /// Flags downloads from the Hugging Face Hub that are not pinned to a commit (Bandit
    /// B615, `huggingface_unsafe_download`): `….from_pretrained(...)` of `transformers`,
    /// `load_dataset` of `datasets`, and `hf_hub_download` / `snapshot_download` /
    /// `repository_id` of `huggingface_hub` (the module must be part of the call's qualified
    /// name, and imported above the call), unless `revision=` or `commit_id=` is a literal of
    /// at least 7 hex digits, is not a literal at all (a variable is given the benefit of the
    /// doubt), or the first argument is a literal local path (`./`, `../`, `/`).
    ///
    /// ## Why is this bad?
    /// A name or a branch on the Hub can be changed by whoever controls the repository: the
    /// next run downloads different weights, code (`trust_remote_code`) or data. A commit
    /// hash is immutable.
    ///
    /// ## Example
    /// ```python
    /// model = AutoModel.from_pretrained("org/model")
    /// ```
    /// Use `AutoModel.from_pretrained("org/model", revision="<commit sha>")`.
    pub static RULE = {
        id: "B615",
        name: "huggingface_unsafe_download",
        severity: Medium,
        confidence: High,
        cwe: 494,
        aspect: ExternalInputs,
        message: "Unsafe Hugging Face Hub download without revision pinning",
        kinds: [Call],
        check: Check::Node(check),
    }
}

/// The functions Bandit checks, with the module that must appear in the qualified name.
const UNSAFE: &[(&str, &str)] = &[
    ("from_pretrained", "transformers"),
    ("load_dataset", "datasets"),
    ("hf_hub_download", "huggingface_hub"),
    ("snapshot_download", "huggingface_hub"),
    ("repository_id", "huggingface_hub"),
];

/// A keyword's value as Bandit's `get_call_arg_value` sees a literal.
enum Literal<'a> {
    Str(&'a str),
    /// `True`, `False` and `None` become these strings.
    Word(&'static str),
    /// A number, bytes or `...`, with its truth value.
    Other(bool),
}

impl Literal<'_> {
    fn truthy(&self) -> bool {
        match self {
            Literal::Str(s) => !s.is_empty(),
            Literal::Word(_) => true,
            Literal::Other(t) => *t,
        }
    }
}

fn literal(expr: &Expr) -> Literal<'_> {
    match expr {
        Expr::StringLiteral(s) => Literal::Str(s.value.to_str()),
        Expr::BooleanLiteral(b) => Literal::Word(if b.value { "True" } else { "False" }),
        Expr::NoneLiteral(_) => Literal::Word("None"),
        other => Literal::Other(helpers::literal_truthiness(other).unwrap_or(true)),
    }
}

fn is_pinned(call: &ast::ExprCall) -> bool {
    let pins = ["revision", "commit_id"];
    // A non-literal revision (a variable, a call, an f-string) cannot be judged: accepted.
    if call.arguments.keywords.iter().any(|k| {
        k.arg
            .as_ref()
            .is_some_and(|a| pins.contains(&a.id.as_str()))
            && !helpers::is_constant(&k.value)
    }) {
        return true;
    }
    let revision = helpers::last_keyword(call, "revision").map(literal);
    let commit = helpers::last_keyword(call, "commit_id").map(literal);
    // Python's `revision or commit_id`.
    let chosen = match revision {
        Some(r) if r.truthy() => Some(r),
        _ => commit,
    };
    let text = match chosen {
        Some(Literal::Str(s)) => s,
        Some(Literal::Word(w)) => w,
        _ => return false,
    };
    let text = text.trim_matches(['"', '\'']);
    text.chars().count() >= 7 && text.chars().all(|c| c.is_ascii_hexdigit())
}

fn is_local_path(call: &ast::ExprCall) -> bool {
    call.arguments
        .args
        .first()
        .and_then(helpers::string_value)
        .is_some_and(|s| s.starts_with("./") || s.starts_with('/') || s.starts_with("../"))
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let name = helpers::bandit_qualname(ctx, &call.func);
    let parts: Vec<&str> = name.split('.').collect();
    let func = parts.last().copied().unwrap_or_default();
    let Some((_, module)) = UNSAFE.iter().find(|(f, _)| *f == func) else {
        return;
    };
    if !parts.contains(module)
        || !["transformers", "datasets", "huggingface_hub"]
            .iter()
            .any(|m| helpers::is_module_imported_like(ctx, m, call.start()))
        || is_pinned(call)
        || is_local_path(call)
    {
        return;
    }
    let hit = match helpers::keyword(call, func) {
        Some(value) => Hit::at(value),
        None => Hit::at(*call),
    };
    out.push(hit.message(format!(
        "Unsafe Hugging Face Hub download without revision pinning in {func}()"
    )));
}
