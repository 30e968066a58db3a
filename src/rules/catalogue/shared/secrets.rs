//! Secrets recognised by their format (private keys, cloud and SaaS tokens, JWTs), shared by
//! HG201 and HG202.

use regex::{Regex, RegexSet};
use std::sync::LazyLock;

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
