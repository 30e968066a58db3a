use super::shared::secrets::{find_secret, message};
use super::context::Node;
use super::{Check, Context, Hit};
use ruff_python_ast::{FStringPart, InterpolatedStringElement};

crate::declare_rule! {
    /// ## What it does
    /// Flags string literals (plain, bytes, and the literal text of f-strings, implicit
    /// concatenation joined) that contain a credential in a well-known format, following
    /// gitleaks' public rules: private key blocks (`-----BEGIN … PRIVATE KEY-----` with a
    /// body and its `-----END` line), AWS access key ids, GitHub tokens (`ghp_`, `gho_`,
    /// `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab personal access tokens (`glpat-`),
    /// Slack tokens (`xoxb-`, `xoxp-`, … with their numeric ids) and webhook URLs, Stripe
    /// keys (`sk_live_`, `rk_test_`, …), Google API keys (`AIza…`) and JSON Web Tokens.
    /// Obvious placeholders are allowed: a random part containing `EXAMPLE` (AWS's
    /// documentation key `AKIAIOSFODNN7EXAMPLE`, which gitleaks allowlists) or `xxxx`, or made
    /// of one repeated character. The message names the kind of secret and shows at most
    /// its first four characters.
    ///
    /// ## Why is this bad?
    /// A token in source code is readable by everyone with access to the repository, its
    /// forks and its history, forever: removing it in a later commit does not revoke it.
    /// These formats are what scanners and attackers grep public code for.
    ///
    /// ## Example
    /// ```python
    /// client = Github("ghp_...")          # a real 36-character token
    /// ```
    /// Read it from the environment or a secret store, and revoke the leaked one.
    pub static RULE = {
        id: "HG201",
        name: "hardcoded_secret_pattern",
        severity: High,
        confidence: High,
        cwe: 798,
        aspect: DataProtection,
        in_tests: Subject,
        message: "Hardcoded secret in a string literal.",
        kinds: [StringLiteral, BytesLiteral, FString],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, _ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let found = match node {
        Node::StringLiteral(s) => find_secret(s.value.to_str()).map(|f| (f, s.range)),
        Node::BytesLiteral(b) => {
            let bytes: Vec<u8> = b.value.bytes().collect();
            find_secret(&String::from_utf8_lossy(&bytes)).map(|f| (f, b.range))
        }
        Node::FString(f) => literal_runs(f)
            .iter()
            .find_map(|run| find_secret(run))
            .map(|found| (found, f.range)),
        _ => None,
    };
    if let Some((secret, range)) = found {
        out.push(Hit::at(&range).message(message(&secret)));
    }
}

/// The literal text of an f-string, split where a `{…}` replacement field interrupts it.
fn literal_runs(f: &ruff_python_ast::ExprFString) -> Vec<String> {
    let mut runs = vec![String::new()];
    for part in f.value.iter() {
        match part {
            FStringPart::Literal(lit) => runs.last_mut().expect("one run").push_str(&lit.value),
            FStringPart::FString(fs) => {
                for element in fs.elements.iter() {
                    match element {
                        InterpolatedStringElement::Literal(lit) => {
                            runs.last_mut().expect("one run").push_str(&lit.value)
                        }
                        InterpolatedStringElement::Interpolation(_) => runs.push(String::new()),
                    }
                }
            }
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let gh = format!("ghp_{}", "0123456789abcdefghijABCDEFGHIJ012345");
        assert_eq!(find_secret(&gh).unwrap().kind, "GitHub token");
        assert_eq!(find_secret(&gh).unwrap().shown, "ghp_");
        let aws = format!("AKIA{}", "Q3VWZ2T7ABCDEFGH");
        assert_eq!(find_secret(&aws).unwrap().kind, "AWS access key ID");
        let stripe = format!("sk_live_{}", "0a1b2c3d4e5f6g7h");
        assert_eq!(find_secret(&stripe).unwrap().kind, "Stripe API key");
        let google = format!("AIza{}", "Sy0123456789abcdefghijABCDEFGHIJ_-z");
        assert_eq!(find_secret(&google).unwrap().kind, "Google API key");
        let jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJmaXh0dXJlIn0.ZmFrZXNpZ25hdHVyZQ";
        assert_eq!(find_secret(jwt).unwrap().kind, "JSON Web Token");
    }

    #[test]
    fn placeholders_and_near_misses() {
        assert_eq!(find_secret("AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(find_secret(&format!("ghp_{}", "x".repeat(36))), None);
        assert_eq!(find_secret(&format!("AKIA{}", "A".repeat(16))), None);
        assert_eq!(
            find_secret(&format!("ghp_{}", "0123456789")),
            None,
            "too short"
        );
        assert_eq!(
            find_secret("-----BEGIN RSA PRIVATE KEY-----"),
            None,
            "header only"
        );
        assert_eq!(
            find_secret(
                "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
            ),
            None
        );
        assert_eq!(find_secret("xoxb-your-token-here-please"), None);
    }

    #[test]
    fn later_real_match_after_placeholder() {
        let text = format!("AKIAIOSFODNN7EXAMPLE AKIA{}", "Q3VWZ2T7ABCDEFGH");
        assert_eq!(find_secret(&text).unwrap().kind, "AWS access key ID");
    }
}
