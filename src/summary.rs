//! The range summary: findings introduced by the commits of a range, split by whether they
//! survive at the range's tip. Matching is by fingerprint, so moved lines still match; the
//! only extra work is analysing the tip's versions of the files the range touched, which the
//! scanner's cache has usually seen already.

use crate::git;
use crate::model::{CommitResult, Finding, IntroducedFinding, RangeSummary};
use crate::python::Focus;
use crate::scan::Scanner;
use git2::{Oid, Repository};
use std::collections::{BTreeSet, HashMap};

/// Collects what each commit introduced, in commit order.
#[derive(Default)]
pub struct RangeTracker {
    introduced: Vec<IntroducedFinding>,
    seen: HashMap<String, usize>,
    paths: BTreeSet<String>,
}

impl RangeTracker {
    /// Records one commit's findings and the files it touched.
    pub fn record(&mut self, commit: &CommitResult) {
        for f in &commit.files {
            if f.status != "deleted" {
                self.paths.insert(f.path.clone());
            }
        }
        // A finding whose line a later commit touches again is reported again by that commit;
        // it was introduced once. Count per fingerprint so a real second copy still counts.
        let mut here: HashMap<&str, usize> = HashMap::new();
        for finding in &commit.findings {
            let n = here.entry(&finding.fingerprint).or_insert(0);
            *n += 1;
            let seen = self.seen.entry(finding.fingerprint.clone()).or_insert(0);
            if *n > *seen {
                *seen = *n;
                self.introduced.push(IntroducedFinding {
                    finding: finding.clone(),
                    introduced_in: commit.id.clone(),
                });
            }
        }
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
        for path in &self.paths {
            let Ok(entry) = tree.get_path(std::path::Path::new(path)) else {
                continue;
            };
            // Not a regular file at the tip any more (a symlink, a submodule): nothing to match.
            if !matches!(entry.filemode(), 0o100644 | 0o100755) {
                continue;
            }
            let Some(bytes) = git::read_blob(repo, entry.id())? else {
                continue;
            };
            let analysis = scanner.analysis_of(entry.id(), path, &bytes, &Focus::Whole);
            for f in analysis.findings.iter().rev() {
                at_tip
                    .entry(f.fingerprint.clone())
                    .or_default()
                    .push(f.clone());
            }
        }
        let (mut introduced, mut fixed_within) = (Vec::new(), Vec::new());
        for item in self.introduced {
            match at_tip.get_mut(&item.finding.fingerprint).and_then(Vec::pop) {
                Some(tip_finding) => introduced.push(IntroducedFinding {
                    finding: tip_finding,
                    introduced_in: item.introduced_in,
                }),
                None => fixed_within.push(item),
            }
        }
        Ok(RangeSummary {
            tip: tip.to_string(),
            introduced,
            fixed_within,
        })
    }
}
