use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags MD4, MD5 and SHA-1 from `hashlib` (`hashlib.md5()`, `hashlib.new("sha1")`) unless
    /// the call says `usedforsecurity=False` (Bandit B324, `hashlib`).
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
        aspect: DataProtection,
        message: "Use of weak MD4, MD5, or SHA1 hash for security. Consider usedforsecurity=False",
        kinds: [Call],
        check: Check::Node(check),
    }
}

const WEAK: &[&str] = &["md4", "md5", "sha", "sha1"];

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(name) = ctx.call_name(call) else {
        return;
    };
    let Some(func) = name.strip_prefix("hashlib.") else {
        return;
    };
    if helpers::keyword(call, "usedforsecurity").and_then(helpers::bool_value) == Some(false) {
        return;
    }
    let weak = if func == "new" {
        helpers::argument(call, 0, "name")
            .and_then(helpers::string_value)
            .is_some_and(|alg| WEAK.contains(&alg.to_ascii_lowercase().as_str()))
    } else {
        WEAK.contains(&func)
    };
    if weak {
        out.push(Hit::at(*call));
    }
}
