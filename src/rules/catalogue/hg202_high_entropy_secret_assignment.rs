use super::context::{Ancestor, Node};
use super::shared::secrets::find_secret;
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;
use std::sync::LazyLock;

crate::declare_rule! {
    /// ## What it does
    /// Flags a random-looking string literal given to a name that says it is a credential
    /// (`token`, `secret`, `api_key`, `access_key`, `auth`, `credential`, `private_key`,
    /// `client_secret`, any case, anywhere in the name; `author` excluded): assigned to it
    /// (`API_KEY = "…"`, `self.auth = "…"`, `cfg["api_key"] = "…"`), passed as that keyword
    /// (`Client(api_key="…")`) or stored under that dict key (`{"api_key": "…"}`).
    ///
    /// Random-looking means at least 16 characters with a Shannon entropy of at least 3.5 bits
    /// per character; a hex string needs at least 32 characters and 3.0 bits. Values that
    /// read as words or locations are skipped: without a digit, identifier-shaped
    /// (`MY_SERVICE_KEY_V2`), containing whitespace (past an
    /// HTTP `Bearer `/`Basic `/`Token ` scheme), a URL, a path, an e-mail address, or a
    /// placeholder (`example`, `changeme`, `your_`, `<`, `${`, `{{`, `xxx`). A literal that
    /// HG201 recognises as a known token format is left to HG201.
    ///
    /// ## Why is this bad?
    /// A credential in source code is shared with everyone who can read the repository and
    /// stays in its history after it is removed. Unlike HG201 this cannot know the format,
    /// so it judges by randomness: expect some false positives (hashes, fixed salts).
    ///
    /// ## Example
    /// ```python
    /// API_KEY = "q7Xv2LpR9sKd0WfB3mZt"
    /// ```
    /// Read it from the environment (`os.environ["API_KEY"]`) or a secret store.
    pub static RULE = {
        id: "HG202",
        name: "high_entropy_secret_assignment",
        severity: Medium,
        confidence: Medium,
        cwe: 798,
        aspect: DataProtection,
        message: "High-entropy string assigned to a credential name.",
        kinds: [StringLiteral],
        check: Check::Node(check),
    }
}

static SECRET_NAME: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(token|secret|api_?key|access_?key|auth|credential|private_?key|client_?secret)",
    )
    .expect("valid regex")
});

/// Words, not randomness: `SOME_NAME`, `dotted.name.v2`, `kebab-case-1`.
static IDENTIFIER_LIKE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^[A-Za-z]+[0-9]*(?:[_.:-][A-Za-z]+[0-9]*)*$").expect("valid regex")
});

static EMAIL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^[^@\s]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$").expect("valid regex")
});

const PLACEHOLDERS: &[&str] = &["example", "changeme", "your_", "<", "${", "{{", "xxx"];

/// Whether a variable, attribute, keyword or key name says it holds a credential.
pub fn is_secret_name(name: &str) -> bool {
    SECRET_NAME.is_match(name) && !name.to_ascii_lowercase().contains("author")
}

/// Shannon entropy of the characters of `s`, in bits per character.
pub fn shannon_entropy(s: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut total = 0usize;
    for c in s.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let n = total as f64;
    counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// Whether a value looks like a generated secret rather than words, a location or a stand-in.
pub fn looks_random(value: &str) -> bool {
    // An HTTP authorization value is judged by its credential.
    let value = ["Bearer ", "Basic ", "Token "]
        .iter()
        .find_map(|scheme| {
            value
                .get(..scheme.len())
                .filter(|head| head.eq_ignore_ascii_case(scheme))
                .map(|_| value[scheme.len()..].trim_start())
        })
        .unwrap_or(value);
    let lower = value.to_ascii_lowercase();
    if PLACEHOLDERS.iter().any(|p| lower.contains(p))
        || value.chars().any(char::is_whitespace)
        || value.contains("://")
        || value.starts_with(['/', '.', '~'])
        || !value.chars().any(|c| c.is_ascii_digit())
        || !value.chars().any(|c| c.is_alphabetic())
        || IDENTIFIER_LIKE.is_match(value)
        || EMAIL.is_match(value)
    {
        return false;
    }
    let len = value.chars().count();
    let entropy = shannon_entropy(value);
    if value.chars().all(|c| c.is_ascii_hexdigit()) {
        len >= 32 && entropy >= 3.0
    } else {
        len >= 16 && entropy >= 3.5
    }
}

/// The name the literal is given to, if it is directly assigned, passed or keyed.
fn receiving_name<'a>(
    lit: &ruff_python_ast::ExprStringLiteral,
    ctx: &Context<'a>,
) -> Option<String> {
    let is_lit = |e: &Expr| e.range() == lit.range();
    match ctx.parent()? {
        Ancestor::Stmt(Stmt::Assign(a)) if is_lit(&a.value) => a
            .targets
            .iter()
            .filter_map(helpers::target_name)
            .find(|n| is_secret_name(n))
            .map(str::to_owned),
        Ancestor::Stmt(Stmt::AnnAssign(a)) if a.value.as_deref().is_some_and(is_lit) => {
            helpers::target_name(&a.target).map(str::to_owned)
        }
        Ancestor::Expr(Expr::Call(c)) => c
            .arguments
            .keywords
            .iter()
            .find(|k| is_lit(&k.value))
            .and_then(|k| k.arg.as_ref())
            .map(|a| a.id.to_string()),
        Ancestor::Expr(Expr::Dict(d)) => d
            .iter()
            .find(|item| is_lit(&item.value))
            .and_then(|item| item.key.as_ref())
            .and_then(helpers::string_value)
            .map(str::to_owned),
        _ => None,
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::StringLiteral(lit) = node else {
        return;
    };
    let value = lit.value.to_str();
    if value.len() < 16 {
        return;
    }
    let Some(name) = receiving_name(lit, ctx) else {
        return;
    };
    if !is_secret_name(&name) || !looks_random(value) || find_secret(value).is_some() {
        return;
    }
    let shown: String = value.chars().take(4).collect();
    out.push(Hit::at(*lit).message(format!(
        "High-entropy string given to '{name}' looks like a hardcoded secret: '{shown}...'."
    )));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_values() {
        assert_eq!(shannon_entropy(""), 0.0);
        assert_eq!(shannon_entropy("aaaaaaaa"), 0.0);
        assert!((shannon_entropy("abab") - 1.0).abs() < 1e-9);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
        // 16 distinct characters: exactly 4 bits each.
        assert!((shannon_entropy("0123456789abcdef") - 4.0).abs() < 1e-9);
    }

    #[test]
    fn thresholds() {
        // 20 characters, mostly distinct: well over 3.5 bits.
        assert!(looks_random("q7Xv2LpR9sKd0WfB3mZt"));
        // Long enough but repetitive: under 3.5 bits.
        assert!(!looks_random("ab12ab12ab12ab12ab12"));
        // Hex: 31 characters is too short whatever the entropy, 32 is enough.
        let hex32 = "9f86d081884c7d659a2feaa0c55ad015";
        assert!(shannon_entropy(hex32) >= 3.0);
        assert!(looks_random(hex32));
        assert!(!looks_random(&hex32[..31]));
        // 16 non-hex characters at the threshold length.
        assert!(looks_random("Zq8Wm3Ks7Np2Lx5R"));
        assert!(!looks_random("Zq8Wm3Ks7Np2Lx5"), "15 characters");
    }

    #[test]
    fn words_locations_placeholders() {
        assert!(!looks_random("MY_SERVICE_API_KEY_V2"));
        assert!(!looks_random("https://auth.example.org/oauth2/token"));
        assert!(!looks_random("/etc/secrets/api-key-2024.json"));
        assert!(!looks_random(
            "svc-account1@project-42.iam.gserviceaccount.com"
        ));
        assert!(!looks_random("your_api_key_goes_here_123"));
        assert!(!looks_random("${API_KEY_FROM_ENVIRONMENT_1}"));
        assert!(!looks_random("NoDigitsAtAllButLongAndMixed"));
        assert!(!looks_random("Deploy q7Xv2LpR9sKd0WfB3mZt"));
        assert!(looks_random("Bearer q7Xv2LpR9sKd0WfB3mZt"));
    }

    #[test]
    fn names() {
        for n in [
            "API_KEY",
            "apikey",
            "github_token",
            "client_secret",
            "AUTH",
            "accessKey",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["author", "AUTHOR_EMAIL", "username", "key", "password_hint"] {
            assert!(!is_secret_name(n), "{n}");
        }
    }
}
