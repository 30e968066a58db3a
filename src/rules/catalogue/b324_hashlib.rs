use super::context::Node;
use super::{helpers, Check, Context, Hit, Level};
use ruff_python_ast::{self as ast, Expr};

crate::declare_rule! {
    /// ## What it does
    /// Flags MD4, MD5 and SHA-1 from `hashlib` (`hashlib.md5()`, `hashlib.new("sha1")`) unless
    /// the call says `usedforsecurity=False`, and `crypt.crypt` / `crypt.mksalt` with the
    /// `METHOD_CRYPT`, `METHOD_MD5` or `METHOD_BLOWFISH` method (medium severity) (Bandit B324,
    /// `hashlib`).
    ///
    /// As in Bandit, a call counts when any part of its qualified name is `hashlib` (or
    /// `crypt`), and arguments are read the way Bandit reads them: a name or attribute stands
    /// for its identifier, so `hashlib.new(md5)` is MD5, and only a missing or literal `True`
    /// `usedforsecurity` keeps the finding.
    ///
    /// ## Why is this bad?
    /// These hashes have practical collisions: they cannot protect passwords, signatures or
    /// integrity checks against an attacker.
    ///
    /// ## Example
    /// ```python
    /// digest = hashlib.md5(password).hexdigest()
    /// checksum = hashlib.md5(data, usedforsecurity=False)   # fine: not for security
    /// ```
    pub static RULE = {
        id: "B324",
        name: "hashlib",
        severity: High,
        confidence: High,
        cwe: 327,
        aspect: DataProtection,
        message: "Use of weak MD4, MD5, or SHA1 hash for security. Consider usedforsecurity=False",
        kinds: [Call],
        check: Check::Node(check),
    }
}

const WEAK_HASHES: &[&str] = &["md4", "md5", "sha", "sha1"];
const WEAK_CRYPT_HASHES: &[&str] = &["METHOD_CRYPT", "METHOD_MD5", "METHOD_BLOWFISH"];

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(name) = ctx.call_name(call) else {
        return;
    };
    let parts: Vec<&str> = name.split('.').collect();
    let func = helpers::last_segment(&name);
    if parts.contains(&"hashlib") {
        let weak = if WEAK_HASHES.contains(&func) {
            Some(func)
        } else if func == "new" {
            positional_or_keyword(call, 0, "name")
                .filter(|alg| WEAK_HASHES.contains(&alg.to_lowercase().as_str()))
        } else {
            None
        };
        if let Some(alg) = weak {
            if for_security(call) {
                out.push(Hit::at(*call).message(format!(
                    "Use of weak {} hash for security. Consider usedforsecurity=False",
                    alg.to_uppercase()
                )));
            }
        }
    } else if parts.contains(&"crypt") {
        let method = match func {
            "crypt" => positional_or_keyword(call, 1, "salt"),
            "mksalt" => positional_or_keyword(call, 0, "method"),
            _ => None,
        };
        if let Some(method) = method.filter(|m| WEAK_CRYPT_HASHES.contains(m)) {
            out.push(
                Hit::at(*call)
                    .severity(Level::Medium)
                    .message(format!("Use of insecure crypt.{method} hash function.")),
            );
        }
    }
}

/// Bandit's reading of an argument: the positional one when there are enough positional
/// arguments (a `*args` there reads as nothing), else the keyword.
fn positional_or_keyword<'a>(
    call: &'a ast::ExprCall,
    position: usize,
    name: &str,
) -> Option<&'a str> {
    let arg: Option<&Expr> = if call.arguments.args.len() > position {
        call.arguments.args.get(position)
    } else {
        helpers::keyword(call, name)
    };
    arg.and_then(helpers::bandit_str_value)
}

/// Bandit keeps the finding when `usedforsecurity` is missing or reads as `"True"`.
fn for_security(call: &ast::ExprCall) -> bool {
    match helpers::keyword(call, "usedforsecurity") {
        None => true,
        Some(v) => helpers::bandit_str_value(v) == Some("True"),
    }
}
