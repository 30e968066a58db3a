use super::context::Node;
use super::{Check, Context, Hit};
use regex::{Regex, RegexSet};
use ruff_python_ast::{FStringPart, InterpolatedStringElement};
use std::sync::LazyLock;

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
        aspect: DataProtection,
        message: "Hardcoded secret in a string literal.",
        kinds: [StringLiteral, BytesLiteral, FString],
        check: Check::Node(check),
    }
}

/// A known secret format: what it is, and a regex whose group 1 is the random part.
struct Pattern {
    kind: &'static str,
    regex: &'static str,
}

const PATTERNS: &[Pattern] = &[
    Pattern {
        kind: "private key",
        regex: r"(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----((?s:.){64,}?)-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----",
    },
    Pattern {
        kind: "AWS access key ID",
        regex: r"(?-u:\b)(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)([A-Z2-7]{16})(?-u:\b)",
    },
    Pattern {
        kind: "GitHub token",
        regex: r"(?-u:\b)(?:ghp|gho|ghu|ghs|ghr)_([0-9a-zA-Z]{36})(?-u:\b)",
    },
    Pattern {
        kind: "GitHub fine-grained token",
        regex: r"(?-u:\b)github_pat_([0-9A-Za-z_]{82})(?-u:\b)",
    },
    Pattern {
        kind: "GitLab personal access token",
        regex: r"(?-u:\b)glpat-([0-9a-zA-Z_-]{20,})",
    },
    Pattern {
        kind: "Slack token",
        regex: r"(?-u:\b)xox[baprs]-([0-9]{10,13}-[0-9a-zA-Z-]{10,})",
    },
    Pattern {
        kind: "Slack webhook URL",
        regex: r"hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9+/]{43,56})",
    },
    Pattern {
        kind: "Stripe API key",
        regex: r"(?-u:\b)(?:sk|rk)_(?:test|live|prod)_([0-9a-zA-Z]{10,99})(?-u:\b)",
    },
    Pattern {
        kind: "Google API key",
        regex: r"(?-u:\b)AIza([0-9A-Za-z_-]{35})(?:[`'\x22 \t\r\n;]|$)",
    },
    Pattern {
        kind: "JSON Web Token",
        regex: r"(?-u:\b)eyJ[A-Za-z0-9_-]{10,}\.eyJ([A-Za-z0-9_-]{10,})\.(?:[A-Za-z0-9_-]{10,}={0,2})?",
    },
];

// The patterns are ASCII on purpose (gitleaks' are too): Unicode `\b` and `\w` push the regex
// crate onto its slow engines and cost ~50 ms to compile in every process, half of a
// pre-commit run (measured by scripts/bench.sh).

/// One pass that tells which patterns can match at all, so most strings cost one scan.
static SET: LazyLock<RegexSet> =
    LazyLock::new(|| RegexSet::new(PATTERNS.iter().map(|p| p.regex)).expect("valid regexes"));

static REGEXES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|p| Regex::new(p.regex).expect("valid regex"))
        .collect()
});

/// The shortest text any pattern can match: cheaper than running the set on short strings.
const MIN_LEN: usize = 18;

/// A secret found in some text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    pub kind: &'static str,
    /// At most the first four characters of the match.
    pub shown: String,
}

/// The first non-placeholder secret in `text`, if any.
pub fn find_secret(text: &str) -> Option<Secret> {
    if text.len() < MIN_LEN {
        return None;
    }
    let candidates = SET.matches(text);
    for i in candidates.iter() {
        for caps in REGEXES[i].captures_iter(text) {
            let body = caps.get(1).map_or("", |m| m.as_str());
            if is_placeholder(body) {
                continue;
            }
            let whole = caps.get(0).map_or("", |m| m.as_str());
            return Some(Secret {
                kind: PATTERNS[i].kind,
                shown: whole.chars().take(4).collect(),
            });
        }
    }
    None
}

/// Documentation values: `…EXAMPLE`, `xxxx`, or one character repeated (separators aside).
fn is_placeholder(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    if lower.contains("example") || lower.contains("xxxx") {
        return true;
    }
    let mut chars = body.chars().filter(|c| c.is_ascii_alphanumeric());
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => true,
    }
}

/// The message for a secret: its kind and a four-character prefix, never the secret.
pub fn message(secret: &Secret) -> String {
    format!(
        "Hardcoded {} in a string literal: '{}...'. Revoke it and load it from the environment or a secret store.",
        secret.kind, secret.shown
    )
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
