//! `--select` / `--ignore`: which rules run.

use super::all_rules;
use anyhow::{bail, Result};

/// The enabled rules, by index into `all_rules()`.
#[derive(Debug, Clone)]
pub struct RuleSet {
    enabled: Vec<bool>,
}

impl RuleSet {
    /// Every rule.
    pub fn all() -> Self {
        RuleSet {
            enabled: vec![true; all_rules().len()],
        }
    }

    /// `select` (empty: all) minus `ignore`. Each entry is an id (`B602`), an id prefix naming a
    /// family (`B6`, `HG`), or a rule name; an entry that matches nothing is an error.
    pub fn from_lists(select: &[String], ignore: &[String]) -> Result<Self> {
        let mut set = if select.is_empty() {
            Self::all()
        } else {
            RuleSet {
                enabled: vec![false; all_rules().len()],
            }
        };
        for s in select {
            for i in matching(s)? {
                set.enabled[i] = true;
            }
        }
        for s in ignore {
            for i in matching(s)? {
                set.enabled[i] = false;
            }
        }
        Ok(set)
    }

    /// Only the rules with these ids.
    pub fn with_ids(ids: &std::collections::BTreeSet<String>) -> Self {
        RuleSet {
            enabled: all_rules().iter().map(|r| ids.contains(r.id)).collect(),
        }
    }

    /// The enabled rules, in id order.
    pub fn rules(&self) -> impl Iterator<Item = &'static super::Rule> + '_ {
        all_rules()
            .iter()
            .enumerate()
            .filter(|(i, _)| self.is_enabled(*i))
            .map(|(_, r)| *r)
    }

    /// Whether the rule at `index` runs.
    pub fn is_enabled(&self, index: usize) -> bool {
        self.enabled.get(index).copied().unwrap_or(false)
    }
}

/// The indices of the rules an entry names.
fn matching(entry: &str) -> Result<Vec<usize>> {
    let key = entry.trim();
    let norm = key.replace('-', "_");
    let hits: Vec<usize> = all_rules()
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.name.eq_ignore_ascii_case(&norm)
                || (r.id.len() >= key.len() && r.id[..key.len()].eq_ignore_ascii_case(key))
        })
        .map(|(i, _)| i)
        .collect();
    if key.is_empty() || hits.is_empty() {
        bail!("unknown rule '{key}' (see `hunkguard rules`)");
    }
    Ok(hits)
}
