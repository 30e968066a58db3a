//! `# nosec` and `# noqa: S…` comments: which findings the author has accepted.

use super::{all_rules, find_rule};
use ruff_python_ast::token::TokenKind;
use ruff_text_size::Ranged;
use std::collections::HashMap;

/// What a comment on one line suppresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suppression {
    /// A bare `# nosec` (reason words after it do not narrow or widen it).
    All,
    /// Only these rule ids.
    Ids(Vec<&'static str>),
}

impl Suppression {
    /// Whether a finding of rule `id` is suppressed.
    pub fn covers(&self, id: &str) -> bool {
        match self {
            Suppression::All => true,
            Suppression::Ids(ids) => ids.contains(&id),
        }
    }
}

/// The suppressions of a file, by 1-based line, and warnings about ids that name no rule.
#[derive(Debug, Default)]
pub struct Suppressions {
    pub by_line: HashMap<u32, Suppression>,
    pub warnings: Vec<String>,
}

impl Suppressions {
    /// Collects the suppressions from the comment tokens of a parsed file.
    pub fn collect(file: &crate::python::PythonFile) -> Self {
        let mut out = Suppressions::default();
        for token in file.parsed.tokens().iter() {
            if token.kind() != TokenKind::Comment {
                continue;
            }
            let text = &file.text[token.range()];
            let line = file.line_of(token.range().start());
            let (sup, unknown) = parse_comment(text);
            for id in unknown {
                out.warnings.push(format!(
                    "line {line}: suppression names unknown rule '{id}'"
                ));
            }
            if let Some(sup) = sup {
                out.by_line.insert(line, sup);
            }
        }
        out
    }

    /// Whether a finding of rule `id` is suppressed: by a comment on its own line, on the first
    /// line of its statement, or (as Bandit reads them) by the first suppression comment
    /// anywhere in the flagged node's lines, so `# nosec` after the closing line of a
    /// multi-line string or call counts.
    pub fn suppresses(&self, id: &str, line: u32, node_lines: (u32, u32), stmt_line: u32) -> bool {
        let covers = |l: &u32| self.by_line.get(l).is_some_and(|s| s.covers(id));
        if covers(&line) || covers(&stmt_line) {
            return true;
        }
        (node_lines.0..=node_lines.1)
            .find_map(|l| self.by_line.get(&l))
            .is_some_and(|s| s.covers(id))
    }
}

/// Parses one comment: the suppression it makes (if any) and the ids it names that are unknown.
pub fn parse_comment(comment: &str) -> (Option<Suppression>, Vec<String>) {
    let mut result: Option<Suppression> = None;
    let mut unknown = Vec::new();
    let lower = comment.to_ascii_lowercase();
    if let Some(pos) = lower.find("nosec") {
        // Everything after `--` (or a second `#`) is a reason, never rule ids.
        let rest = &comment[pos + 5..];
        let rest = rest
            .split("--")
            .next()
            .unwrap_or("")
            .split('#')
            .next()
            .unwrap_or("");
        let rest = rest.trim_start_matches(':');
        let mut ids = Vec::new();
        for word in rest
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
        {
            if let Some(rule) = find_rule(word) {
                ids.push(rule.id);
            } else if looks_like_id(word) {
                unknown.push(word.to_owned());
            }
        }
        result = Some(if ids.is_empty() && unknown.is_empty() {
            Suppression::All
        } else {
            Suppression::Ids(ids)
        });
    }
    if let Some(pos) = lower.find("noqa:") {
        let rest = &comment[pos + 5..];
        let mut ids = match result.take() {
            Some(Suppression::All) => return (Some(Suppression::All), unknown),
            Some(Suppression::Ids(ids)) => ids,
            None => Vec::new(),
        };
        for word in rest
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
        {
            if let Some(num) = word.strip_prefix('S').or_else(|| word.strip_prefix('s')) {
                if !num.chars().all(|c| c.is_ascii_digit()) {
                    break;
                }
                let id = format!("B{num}");
                match all_rules().iter().find(|r| r.id == id) {
                    Some(rule) => ids.push(rule.id),
                    None => unknown.push(word.to_owned()),
                }
            } else if !looks_like_id(word) {
                break;
            }
        }
        result = Some(Suppression::Ids(ids));
    }
    (result, unknown)
}

/// `B602`, `HG101`: letters then digits.
fn looks_like_id(word: &str) -> bool {
    let letters = word.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    letters > 0 && letters < word.len() && word[letters..].chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nosec_forms() {
        assert_eq!(parse_comment("# nosec").0, Some(Suppression::All));
        assert_eq!(
            parse_comment("# nosec B602, B605").0,
            Some(Suppression::Ids(vec!["B602", "B605"]))
        );
        assert_eq!(
            parse_comment("# nosec: B602").0,
            Some(Suppression::Ids(vec!["B602"]))
        );
        assert_eq!(
            parse_comment("# nosec B602 -- input is a constant").0,
            Some(Suppression::Ids(vec!["B602"]))
        );
        assert_eq!(
            parse_comment("# nosec subprocess_popen_with_shell_equals_true").0,
            Some(Suppression::Ids(vec!["B602"]))
        );
        let (sup, unknown) = parse_comment("# nosec B999");
        assert_eq!(sup, Some(Suppression::Ids(vec![])));
        assert_eq!(unknown, vec!["B999"]);
        assert_eq!(
            parse_comment("# noqa: S602").0,
            Some(Suppression::Ids(vec!["B602"]))
        );
        assert_eq!(
            parse_comment("# noqa: E501").0,
            Some(Suppression::Ids(vec![]))
        );
        assert_eq!(parse_comment("# plain comment").0, None);
        assert!(!Suppression::Ids(vec!["B602"]).covers("B605"));
    }
}
