//! Baselines: accepted findings, recorded by fingerprint, hidden from later scans even after
//! the lines around them moved. One entry hides one finding, so a second copy of an accepted
//! finding is new (Bandit's baseline hides any number of copies, a known complaint).

use crate::model::{CommitResult, Finding};
use anyhow::{anyhow, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// The file: a version and the accepted findings, sorted, one per line when pretty-printed.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One accepted finding. Only the fingerprint matches; the rest is for people reading diffs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub scope: String,
    pub fingerprint: String,
}

/// A loaded baseline, with counts of what each entry may still hide.
pub struct Baseline {
    entries: Vec<Entry>,
    /// Fingerprint → how many entries carry it.
    allowed: HashMap<String, usize>,
    /// Fingerprint → the most findings one commit matched.
    used: HashMap<String, usize>,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow!("cannot read baseline {}: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| anyhow!("{}: not a hunkguard baseline: {e}", path.display()))?;
        let mut allowed = HashMap::new();
        for e in &file.findings {
            *allowed.entry(e.fingerprint.clone()).or_insert(0) += 1;
        }
        Ok(Baseline {
            entries: file.findings,
            allowed,
            used: HashMap::new(),
        })
    }

    /// Hides the findings of one commit that the baseline accepts; returns how many.
    pub fn apply(&mut self, commit: &mut CommitResult) -> usize {
        let mut left = self.allowed.clone();
        let before = commit.findings.len();
        commit
            .findings
            .retain(|f| match left.get_mut(&f.fingerprint) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            });
        for (fp, n) in &left {
            let matched = self.allowed[fp] - n;
            let used = self.used.entry(fp.clone()).or_insert(0);
            *used = (*used).max(matched);
        }
        before - commit.findings.len()
    }

    /// Entries that hid nothing in any commit: candidates for pruning.
    pub fn unmatched(&self) -> Vec<&Entry> {
        let mut budget = self.used.clone();
        let mut out = Vec::new();
        for e in &self.entries {
            match budget.get_mut(&e.fingerprint) {
                Some(n) if *n > 0 => *n -= 1,
                _ => out.push(e),
            }
        }
        out
    }
}

/// Collects findings to write as a new baseline: per fingerprint, the most copies any one
/// commit had (a finding reported again by a later commit is still one finding).
#[derive(Default)]
pub struct BaselineWriter {
    by_fingerprint: HashMap<String, (Entry, usize)>,
}

impl BaselineWriter {
    /// Records one commit's findings.
    pub fn record(&mut self, findings: &[Finding]) {
        let mut here: HashMap<&str, usize> = HashMap::new();
        for f in findings {
            *here.entry(&f.fingerprint).or_insert(0) += 1;
        }
        for f in findings {
            let n = here[f.fingerprint.as_str()];
            let entry = Entry {
                path: f.path.clone(),
                rule: f.rule.to_owned(),
                scope: f.scope.clone(),
                fingerprint: f.fingerprint.clone(),
            };
            let slot = self
                .by_fingerprint
                .entry(f.fingerprint.clone())
                .or_insert((entry, 0));
            slot.1 = slot.1.max(n);
        }
    }

    /// Writes the baseline atomically: sorted, pretty, stable across runs.
    pub fn write(self, path: &Path) -> Result<()> {
        let mut findings: Vec<Entry> = self
            .by_fingerprint
            .into_values()
            .flat_map(|(e, n)| std::iter::repeat_n(e, n))
            .collect();
        findings.sort();
        let file = BaselineFile {
            version: 1,
            findings,
        };
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)
            .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
        serde_json::to_writer_pretty(&mut tmp, &file)?;
        tmp.write_all(b"\n")?;
        tmp.persist(path)
            .map_err(|e| anyhow!("cannot write {}: {}", path.display(), e.error))?;
        Ok(())
    }
}
