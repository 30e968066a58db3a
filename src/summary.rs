//! The range summary: findings introduced by the commits of a range, split by whether they
//! survive at the range's tip. Matching is by fingerprint, so moved lines still match; the
//! only extra work is analysing the tip's versions of the files the range touched.

use crate::git;
use crate::model::{CommitResult, Finding, IntroducedFinding, RangeSummary};
use crate::python::Focus;
use crate::rules::{all_rules, Level};
use crate::scan::Scanner;
use anyhow::{anyhow, Context};
use git2::{Oid, Repository};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};

/// Files of the tip analysed in parallel per round.
const TIP_FILES_PER_ROUND: usize = 64;

/// Collects what each commit introduced, in commit order.
pub struct RangeTracker {
    introduced: Introduced,
    seen: HashMap<String, usize>,
    paths: BTreeSet<String>,
}

/// Where introduced findings wait for the end of the range. A long range introduces
/// thousands (10,311 over the 10,000 synthetic commits, about 10 MB in memory), and a scan's
/// memory must not grow with its range, so they go to an unnamed temporary file, one JSON
/// line each; in memory only when no temporary file can be made.
enum Introduced {
    File(BufWriter<File>),
    Memory(Vec<IntroducedFinding>),
}

impl Default for RangeTracker {
    fn default() -> Self {
        let introduced = match tempfile::tempfile() {
            Ok(file) => Introduced::File(BufWriter::new(file)),
            Err(_) => Introduced::Memory(Vec::new()),
        };
        RangeTracker {
            introduced,
            seen: HashMap::new(),
            paths: BTreeSet::new(),
        }
    }
}

/// An introduced finding as one line of the temporary file. The rule's name and aspect are
/// not stored: they follow from its id.
#[derive(Serialize, Deserialize)]
struct Stored {
    rule: String,
    severity: Level,
    confidence: Level,
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    scope: String,
    in_test: bool,
    message: String,
    fingerprint: String,
    source_line: String,
    scope_index: usize,
    introduced_in: String,
}

impl Stored {
    fn new(f: &Finding, introduced_in: &str) -> Self {
        Stored {
            rule: f.rule.to_owned(),
            severity: f.severity,
            confidence: f.confidence,
            path: f.path.clone(),
            line: f.line,
            column: f.column,
            end_line: f.end_line,
            end_column: f.end_column,
            scope: f.scope.clone(),
            in_test: f.in_test,
            message: f.message.clone(),
            fingerprint: f.fingerprint.clone(),
            source_line: f.source_line.clone(),
            scope_index: f.scope_index,
            introduced_in: introduced_in.to_owned(),
        }
    }

    fn into_introduced(self) -> anyhow::Result<IntroducedFinding> {
        let rule = all_rules()
            .iter()
            .find(|r| r.id == self.rule)
            .ok_or_else(|| anyhow!("unknown rule {} in the range summary", self.rule))?;
        Ok(IntroducedFinding {
            finding: Finding {
                rule: rule.id,
                name: rule.display_name(),
                severity: self.severity,
                confidence: self.confidence,
                path: self.path,
                line: self.line,
                column: self.column,
                end_line: self.end_line,
                end_column: self.end_column,
                scope: self.scope,
                in_test: self.in_test,
                message: self.message,
                fingerprint: self.fingerprint,
                aspect: rule.aspect,
                source_line: self.source_line,
                scope_index: self.scope_index,
            },
            introduced_in: self.introduced_in,
        })
    }
}

impl RangeTracker {
    /// Records one commit's findings and the files it touched. Fails when the temporary
    /// file cannot be written.
    pub fn record(&mut self, commit: &CommitResult) -> anyhow::Result<()> {
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
                match &mut self.introduced {
                    Introduced::File(out) => {
                        serde_json::to_writer(&mut *out, &Stored::new(finding, &commit.id))?;
                        out.write_all(b"\n")
                            .context("cannot write the range summary's temporary file")?;
                    }
                    Introduced::Memory(items) => items.push(IntroducedFinding {
                        finding: finding.clone(),
                        introduced_in: commit.id.clone(),
                    }),
                }
            }
        }
        Ok(())
    }

    /// The introduced findings, in the order they were recorded.
    fn take_introduced(&mut self) -> anyhow::Result<Vec<IntroducedFinding>> {
        let out = match std::mem::replace(&mut self.introduced, Introduced::Memory(Vec::new())) {
            Introduced::Memory(items) => return Ok(items),
            Introduced::File(out) => out,
        };
        let context = "cannot read back the range summary's temporary file";
        let mut file = out
            .into_inner()
            .map_err(|e| e.into_error())
            .context(context)?;
        file.rewind().context(context)?;
        let mut items = Vec::new();
        for line in BufReader::new(file).lines() {
            let stored: Stored = serde_json::from_str(&line.context(context)?).context(context)?;
            items.push(stored.into_introduced()?);
        }
        Ok(items)
    }

    /// Splits the introduced findings by whether the tip still has them.
    pub fn finish(
        mut self,
        repo: &Repository,
        tip: Oid,
        scanner: &Scanner,
    ) -> anyhow::Result<RangeSummary> {
        let tree = repo.find_commit(tip)?.tree()?;
        // The tip's own copy of each finding, so the summary gives its line at the tip.
        let mut at_tip: HashMap<String, Vec<Finding>> = HashMap::new();
        let paths: Vec<&String> = self.paths.iter().collect();
        // A long range touches most files of a repository: blobs are read here in rounds,
        // their analyses run in parallel and are dropped once their matching findings are out.
        for round in paths.chunks(TIP_FILES_PER_ROUND) {
            let mut blobs = Vec::with_capacity(round.len());
            for path in round {
                let Ok(entry) = tree.get_path(std::path::Path::new(path.as_str())) else {
                    continue;
                };
                // Not a regular file at the tip any more (a symlink, a submodule).
                if !matches!(entry.filemode(), 0o100644 | 0o100755) {
                    continue;
                }
                if let Some(bytes) = git::read_blob(repo, entry.id())? {
                    blobs.push((*path, entry.id(), bytes));
                }
            }
            let found: Vec<Vec<Finding>> = blobs
                .par_iter()
                .map(|(path, id, bytes)| {
                    let analysis = scanner.analysis_of(*id, path, bytes, &Focus::Whole);
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
        let (mut introduced, mut fixed_within) = (Vec::new(), Vec::new());
        for item in self.take_introduced()? {
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
