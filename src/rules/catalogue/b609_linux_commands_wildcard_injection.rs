use super::context::Node;
use super::shared::shell::{shell_hit, SHELL, SUBPROCESS};
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::{self as ast, Expr};

crate::declare_rule! {
    /// ## What it does
    /// Flags a shell command that runs `chown`, `chmod`, `tar` or `rsync` with a `*` wildcard
    /// (Bandit B609, `linux_commands_wildcard_injection`): a call to one of the shell
    /// functions (`os.system`, `os.popen`, …), or to a `subprocess` function with the literal
    /// `shell=True`, whose first argument is a string (or a list whose elements, joined,
    /// make one) containing both one of those names and `*`. The test is Bandit's substring
    /// test, so `"start *"` matches too.
    ///
    /// ## Why is this bad?
    /// The shell expands `*` to the file names in the directory, and these tools read file
    /// names that start with `-` as options: a file named `--checkpoint-action=exec=sh x.sh`
    /// turns `tar cf backup.tar *` into running a script. Reported on the line of the
    /// `shell=` value when there is one, as Bandit does.
    ///
    /// ## Example
    /// ```python
    /// os.system("tar cf /backup/site.tar *")
    /// ```
    /// Use `./*` or `--` so names cannot be read as options, or list the files yourself.
    pub static RULE = {
        id: "B609",
        name: "linux_commands_wildcard_injection",
        severity: High,
        confidence: Medium,
        cwe: 155,
        aspect: ExternalInputs,
        gate: Command,
        message: "Possible wildcard injection in call",
        kinds: [Call],
        check: Check::Node(check),
    }
}

const VULNERABLE: &[&str] = &["chown", "chmod", "tar", "rsync"];

/// Python's `repr` of a string, as far as the test can tell: the characters that matter
/// (letters and `*`) are kept, and an escaped control character becomes a backslash and a
/// letter, which can complete a name (`"\tar"` shows as `\tar`).
fn py_repr(s: &str, prefix: &str) -> String {
    let mut out = format!("{prefix}'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\'' => out.push_str("\\'"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// How Bandit's `_get_literal_value` of an expression prints with `str()`; `nested` when
/// it sits inside a container (and so prints as its `repr`).
fn literal_text(expr: &Expr, nested: bool) -> String {
    let text_of = |s: &str| {
        if nested {
            py_repr(s, "")
        } else {
            s.to_owned()
        }
    };
    let items = |elts: &[Expr], open: &str, close: &str, one_tuple: bool| {
        let parts: Vec<String> = elts.iter().map(|e| literal_text(e, true)).collect();
        let trailing = if one_tuple && parts.len() == 1 {
            ","
        } else {
            ""
        };
        format!("{open}{}{trailing}{close}", parts.join(", "))
    };
    match expr {
        Expr::StringLiteral(s) => text_of(s.value.to_str()),
        // Booleans and `None` become the strings "True", "False" and "None".
        Expr::BooleanLiteral(b) => text_of(if b.value { "True" } else { "False" }),
        Expr::NoneLiteral(_) => text_of("None"),
        Expr::BytesLiteral(b) => {
            let mut out = String::from("b'");
            for byte in b.value.bytes() {
                match byte {
                    b'\\' => out.push_str("\\\\"),
                    b'\'' => out.push_str("\\'"),
                    b'\n' => out.push_str("\\n"),
                    b'\r' => out.push_str("\\r"),
                    b'\t' => out.push_str("\\t"),
                    0x20..=0x7e => out.push(byte as char),
                    _ => out.push_str(&format!("\\x{byte:02x}")),
                }
            }
            out.push('\'');
            out
        }
        // Numbers print without letters of the names or `*`; the exact digits do not matter.
        Expr::NumberLiteral(_) => "0".to_owned(),
        Expr::EllipsisLiteral(_) => "Ellipsis".to_owned(),
        Expr::Name(n) => text_of(n.id.as_str()),
        Expr::List(l) => items(&l.elts, "[", "]", false),
        Expr::Tuple(t) => items(&t.elts, "(", ")", true),
        Expr::Set(s) => items(&s.elts, "{", "}", false),
        // A dict prints its AST nodes (`<ast.Name object at 0x…>`): nothing the test can see.
        Expr::Dict(_) => "{}".to_owned(),
        _ => "None".to_owned(),
    }
}

/// What Bandit's `get_call_arg_at_position(0)` yields, as the string the test searches:
/// the string itself, or a list's elements each after a space.
fn argument_string(first: &Expr) -> String {
    match first {
        Expr::StringLiteral(s) => s.value.to_str().to_owned(),
        Expr::List(list) => list
            .elts
            .iter()
            .map(|e| format!(" {}", literal_text(e, false)))
            .collect(),
        _ => String::new(),
    }
}

fn shell_is_literal_true(call: &ast::ExprCall) -> bool {
    helpers::last_keyword(call, "shell")
        .is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if b.value))
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(first) = call.arguments.args.first() else {
        return;
    };
    let name = helpers::bandit_qualname(ctx, &call.func);
    if !(SHELL.contains(&name.as_str())
        || (SUBPROCESS.contains(&name.as_str()) && shell_is_literal_true(call)))
    {
        return;
    }
    let text = argument_string(first);
    if text.contains('*') && VULNERABLE.iter().any(|v| text.contains(v)) {
        out.push(shell_hit(call).message(format!("Possible wildcard injection in call: {name}")));
    }
}
