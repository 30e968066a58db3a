//! Password-like names and masked messages, shared by B105, B106 and B107.

use std::sync::LazyLock;

/// Bandit's candidate names: the word alone, or bounded by underscores.
pub static CANDIDATES: LazyLock<regex::Regex> = LazyLock::new(|| {
    let words = "(pas+wo?r?d|pass(phrase)?|pwd|token|secrete?)";
    regex::Regex::new(&format!("(?i)(^{words}$|_{words}_|^{words}_|_{words}$)"))
        .expect("valid regex")
});

/// The message for a hard-coded password, with the value masked.
pub fn message(value: &str) -> String {
    format!("Possible hardcoded password: '{}'", mask(value))
}

/// Keeps the first two characters of a secret and hides the rest.
pub fn mask(value: &str) -> String {
    let shown: String = value.chars().take(2).collect();
    if value.chars().count() <= 2 {
        "*".repeat(value.chars().count())
    } else {
        format!("{shown}***")
    }
}
