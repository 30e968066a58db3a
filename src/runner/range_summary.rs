//! The range summary: findings introduced by the commits of a range, split by whether they
//! survive at the range's tip. Matching is by fingerprint, so moved lines still match; the
//! only extra work is analysing the tip's versions of the files that hold an introduced finding.

use crate::git;
use crate::model::{CommitResult, Finding, ListBuilder, RangeSummary};
use crate::rules::RuleSet;
use crate::scan::Scanner;
use anyhow::Context;
use git2::{Oid, Repository};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Files of the tip analysed in parallel per round.
const TIP_FILES_PER_ROUND: usize = 64;

/// Collects what each commit introduced, in commit order.
#[derive(Default)]
pub struct RangeTracker {
    introduced: ListBuilder,
    seen: HashMap<String, usize>,
    /// Files holding a finding the range introduced, with the rules that found them: a
    /// fingerprint includes the path and the rule id, so only these files can hold a match at
    /// the tip, and only these rules need to run there.
    paths: BTreeMap<String, BTreeSet<String>>,
}

impl RangeTracker {
    /// Records one commit's findings. Fails when the temporary file cannot be written.
    pub fn record(&mut self, commit: &CommitResult) -> anyhow::Result<()> {
        // A finding whose line a later commit touches again is reported again by that commit;
        // it was introduced once. Count per fingerprint so a real second copy still counts.
        let mut here: HashMap<&str, usize> = HashMap::new();
        for finding in &commit.findings {
            let n = here.entry(&finding.fingerprint).or_insert(0);
            *n += 1;
            let seen = self.seen.entry(finding.fingerprint.clone()).or_insert(0);
            if *n > *seen {
                *seen = *n;
                self.introduced.push(finding, &commit.id)?;
                match self.paths.get_mut(&finding.path) {
                    Some(rules) => {
                        rules.insert(finding.rule.clone());
                    }
                    None => {
                        self.paths
                            .insert(finding.path.clone(), BTreeSet::from([finding.rule.clone()]));
                    }
                }
            }
        }
        Ok(())
    }

    /// Splits the introduced findings by whether the tip still has them.
    pub fn finish(
        self,
        repo: &Repository,
        tip: Oid,
        scanner: &Scanner,
    ) -> anyhow::Result<RangeSummary> {
        let tree = repo.find_commit(tip)?.tree()?;
        // The tip's own copy of each finding, so the summary gives its line at the tip.
        let mut at_tip: HashMap<String, Vec<Finding>> = HashMap::new();
        let paths: Vec<(&String, RuleSet)> = self
            .paths
            .iter()
            .map(|(path, rules)| (path, RuleSet::with_ids(rules)))
            .collect();
        // A long range touches most files of a repository: blobs are read here in rounds,
        // their analyses run in parallel and are dropped once their matching findings are out.
        for round in paths.chunks(TIP_FILES_PER_ROUND) {
            let mut blobs = Vec::with_capacity(round.len());
            for (path, rules) in round {
                let Ok(entry) = tree.get_path(std::path::Path::new(path.as_str())) else {
                    continue;
                };
                // Not a regular file at the tip any more (a symlink, a submodule).
                if !matches!(entry.filemode(), 0o100644 | 0o100755) {
                    continue;
                }
                if let Some(bytes) = git::read_blob(repo, entry.id())? {
                    blobs.push((*path, rules, entry.id(), bytes));
                }
            }
            let found: Vec<Vec<Finding>> = blobs
                .par_iter()
                .map(|(path, rules, id, bytes)| {
                    let analysis = scanner.whole_analysis_by(*id, path, bytes, rules);
                    // Only findings the range introduced can match.
                    analysis
                        .findings
                        .iter()
                        .rev()
                        .filter(|f| self.seen.contains_key(&f.fingerprint))
                        .cloned()
                        .collect()
                })
                .collect();
            for f in found.into_iter().flatten() {
                at_tip.entry(f.fingerprint.clone()).or_default().push(f);
            }
        }
        let (mut introduced, mut fixed_within) = (ListBuilder::default(), ListBuilder::default());
        for item in self.introduced.finish()?.iter() {
            let item = item.context("cannot read back the range summary's temporary file")?;
            let introduced_in = item.introduced_in.as_deref().unwrap_or_default();
            match at_tip.get_mut(&item.fingerprint).and_then(Vec::pop) {
                Some(tip_finding) => introduced.push(&tip_finding, introduced_in)?,
                None => fixed_within.push(&item, introduced_in)?,
            }
        }
        Ok(RangeSummary {
            tip: tip.to_string(),
            introduced: introduced.finish()?,
            fixed_within: fixed_within.finish()?,
        })
    }
}
