//! Drives one change set through the stages: blobs → changed lines → analysis → the commit's
//! result, keeping only the findings the chosen `--scope` asks for.

use crate::config::PathFilter;
use crate::diff;
use crate::git::{self, ChangeSet, ChangedFile, FileStatus};
use crate::model::lines::{count_lines, push_range, touches};
use crate::model::{CommitResult, FactRecord, FileResult, Finding, Scanned, ScopeResult};
use crate::model::{LineRange, ScopeMode};
use crate::python::{Focus, ParseStatus, ScopeTree};
use crate::rules::RuleSet;
use crate::rules::{analyze_focused, AnalysisOptions, FileAnalysis};
use anyhow::{Context, Result};
use git2::{Oid, Repository};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Whether one change set's files are judged in parallel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilesAtOnce {
    /// In parallel: a hook or a single commit waits for its slowest file, not the sum.
    Many,
    /// One after the other, when other change sets keep every worker busy. A worker waiting
    /// for its files' parallel judging would take up another commit meanwhile, on the same
    /// stack, holding both commits' blobs and trees at once (16 MB more on the Django
    /// releases range).
    One,
}

/// How many analysed blobs are kept; a range over a huge history must not grow without bound.
/// A blob comes back as a later commit's new version only through a revert, a cherry-pick or
/// a merge against its first parent, soon after it was first seen, so a small cache keeps
/// nearly all of the benefit (4,096 entries once put the 10,000-commit peak at 165 MB).
const CACHE_CAPACITY: usize = 32;

/// Scans change sets, analysing each blob once per run, or twice when it comes back with
/// changed lines its first, focused, analysis did not cover.
pub struct Scanner {
    pub analysis: AnalysisOptions,
    pub scope: ScopeMode,
    /// `exclude` and `per-file-ignores` from the configuration.
    pub paths: PathFilter,
    cache: Mutex<HashMap<(Oid, String), Arc<FileAnalysis>>>,
}

impl Scanner {
    /// A scanner with an empty cache.
    pub fn new(analysis: AnalysisOptions, scope: ScopeMode, paths: PathFilter) -> Self {
        Scanner {
            analysis,
            scope,
            paths,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The analysis of one blob at one path covering at least `focus`, from the cache when
    /// it was seen before.
    pub fn analysis_of(
        &self,
        oid: Oid,
        path: &str,
        bytes: &[u8],
        focus: &Focus,
    ) -> Arc<FileAnalysis> {
        let focus = match self.cached(oid, path) {
            Some(hit) => {
                let wanted = match &hit.scopes {
                    Some(tree) => focus.resolve(tree),
                    None => Focus::Whole,
                };
                if hit.focus.covers(&wanted) {
                    return hit;
                }
                // Asked for again with other lines (a merge, the range summary): a blob asked
                // for twice is likely asked for again, so check all of it this time.
                Focus::Whole
            }
            None => focus.clone(),
        };
        let result = Arc::new(analyze_focused(path, bytes, &self.analysis, &focus));
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_CAPACITY {
                cache.clear();
            }
            cache.insert((oid, path.to_owned()), result.clone());
        }
        result
    }

    /// The cached analysis of one blob at one path, whatever it covers.
    fn cached(&self, oid: Oid, path: &str) -> Option<Arc<FileAnalysis>> {
        let key = (oid, path.to_owned());
        self.cache.lock().ok().and_then(|c| c.get(&key).cloned())
    }

    /// The whole-file analysis of one blob by `rules` alone (a subset of this scanner's):
    /// the cached analysis when it covers the whole file, else a new one, not cached since
    /// it lacks the other rules' findings.
    pub fn whole_analysis_by(
        &self,
        oid: Oid,
        path: &str,
        bytes: &[u8],
        rules: &RuleSet,
    ) -> Arc<FileAnalysis> {
        if let Some(hit) = self
            .cached(oid, path)
            .filter(|hit| hit.focus.covers(&Focus::Whole))
        {
            return hit;
        }
        let opts = AnalysisOptions {
            rules: rules.clone(),
            facts: false,
            ..self.analysis.clone()
        };
        Arc::new(analyze_focused(path, bytes, &opts, &Focus::Whole))
    }

    /// Scans one change set. Fails only when the repository cannot be read (a corrupt
    /// object); a blob that is merely absent (a partial clone) is skipped with a note.
    pub fn scan(
        &self,
        repo: &Repository,
        change: &ChangeSet,
        files_at_once: FilesAtOnce,
    ) -> Result<CommitResult> {
        let mut result = CommitResult {
            id: change.id.clone(),
            parents: change.parents.clone(),
            summary: change.summary.clone(),
            message: change.message.clone(),
            scanned: Scanned::default(),
            files: Vec::new(),
            findings: Vec::new(),
            notes: change.notes.clone(),
            facts: Vec::new(),
        };
        let files: Vec<&ChangedFile> = change
            .files
            .iter()
            .filter(|f| !self.paths.excludes(&f.path))
            .collect();
        // Blobs are read on this thread (a repository handle is one thread's), then the files
        // are judged in parallel: a pre-commit hook with three big files waits for the
        // slowest one, not the sum. Rounds bound the blobs held by a 20,000-file commit.
        for round in files.chunks(FILES_PER_ROUND) {
            let blobs = round
                .iter()
                .map(|file| {
                    self.read_blobs(repo, file)
                        .with_context(|| format!("cannot scan {} in {}", file.path, change.id))
                })
                .collect::<Result<Vec<_>>>()?;
            let parts: Vec<FilePart> = match files_at_once {
                FilesAtOnce::Many => round
                    .par_iter()
                    .zip(blobs)
                    .map(|(file, blobs)| self.judge(file, blobs))
                    .collect(),
                FilesAtOnce::One => round
                    .iter()
                    .zip(blobs)
                    .map(|(file, blobs)| self.judge(file, blobs))
                    .collect(),
            };
            for part in parts {
                part.add_to(&mut result);
            }
        }
        result.findings.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
        });
        Ok(result)
    }

    /// Reads what [`Scanner::judge`] needs of a changed file: its new version, and its old one
    /// unless the new one is too large to diff.
    fn read_blobs(&self, repo: &Repository, file: &ChangedFile) -> Result<Blobs> {
        let mut blobs = Blobs::default();
        let Some(new_oid) = file.new_blob else {
            return Ok(blobs);
        };
        let Some(new) = git::read_blob(repo, new_oid)? else {
            blobs.notes.push(format!(
                "{}: skipped: blob {new_oid} is not in this repository (partial clone?)",
                file.path
            ));
            return Ok(blobs);
        };
        // Over the limit it is skipped without a diff: diffing two huge blobs is the slowest
        // thing a scan does.
        if new.len() <= self.analysis.max_file_bytes {
            blobs.old = match (file.status, file.old_blob) {
                (FileStatus::Added, _) | (_, None) => None,
                (_, Some(oid)) => {
                    let old = git::read_blob(repo, oid)?;
                    if old.is_none() {
                        blobs.notes.push(format!(
                            "{}: old version {oid} is not in this repository (partial clone?): \
                             every line counts as changed",
                            file.path
                        ));
                    }
                    old
                }
            };
        }
        blobs.new = Some((new_oid, new));
        Ok(blobs)
    }

    /// Diffs, analyses and filters one changed file; no repository needed, so files of a
    /// change set are judged in parallel.
    fn judge(&self, file: &ChangedFile, blobs: Blobs) -> FilePart {
        let mut part = FilePart {
            entry: FileResult {
                path: file.path.clone(),
                old_path: file.old_path.clone(),
                status: file.status.as_str(),
                changed_lines: Vec::new(),
                parse: ParseStatus::Skipped.as_str(),
                scopes: Vec::new(),
            },
            notes: blobs.notes,
            facts: Vec::new(),
            findings: Vec::new(),
            scanned: Scanned::default(),
        };
        let Some((new_oid, new)) = blobs.new else {
            return part;
        };
        let limit = self.analysis.max_file_bytes;
        if new.len() > limit {
            let analysis = self.analysis_of(new_oid, &file.path, &new, &Focus::Whole);
            part.entry.parse = analysis.status.as_str();
            part.notes.extend(analysis.notes.iter().cloned());
            return part;
        }
        let changed = match &blobs.old {
            Some(old) if old.len() > limit => {
                part.notes.push(format!(
                    "{}: the old version is over the {limit}-byte limit: every line counts as changed",
                    file.path
                ));
                diff::all_lines(&new)
            }
            Some(old) => diff::changed_lines(old, &new),
            None => diff::all_lines(&new),
        };
        if changed.is_empty() {
            return part;
        }
        part.entry.changed_lines = changed.clone();
        let focus = match self.scope {
            ScopeMode::Hunk => Focus::Lines(changed.clone()),
            ScopeMode::Function => Focus::ScopesOf(changed.clone()),
            ScopeMode::File => Focus::Whole,
        };
        let analysis = self.analysis_of(new_oid, &file.path, &new, &focus);
        part.entry.parse = analysis.status.as_str();
        part.notes.extend(analysis.notes.iter().cloned());
        let Some(tree) = &analysis.scopes else {
            return part;
        };
        part.entry.scopes = scopes_of_changed_lines(tree, &changed);
        part.scanned = Scanned {
            files: 1,
            changed_lines: count_lines(&changed),
            scopes: part.entry.scopes.len() as u32,
        };
        for fact in analysis
            .facts
            .iter()
            .filter(|f| touches(&changed, f.line, f.line))
        {
            let scope = tree.at(fact.line);
            part.facts.push(FactRecord {
                kind: fact.kind,
                path: file.path.clone(),
                line: fact.line,
                scope: scope.qualname.clone(),
                in_test: scope.is_test,
                detail: fact.detail.clone(),
            });
        }
        let kept = analysis
            .findings
            .iter()
            .filter(|f| self.keeps(f, tree, &changed) && !self.paths.ignores(&f.path, &f.rule));
        part.findings.extend(kept.cloned());
        part
    }

    fn keeps(&self, finding: &Finding, tree: &ScopeTree, changed: &[LineRange]) -> bool {
        match self.scope {
            ScopeMode::File => true,
            // A flow belongs to the change when any of its steps is on a changed line: a
            // change that connects an old source to an old sink introduced the flow.
            ScopeMode::Hunk => {
                touches(changed, finding.line, finding.end_line)
                    || finding.flow.iter().any(|step| {
                        step.path == finding.path && touches(changed, step.line, step.line)
                    })
            }
            ScopeMode::Function => {
                let scope = &tree.scopes[tree.innermost_at(finding.line)];
                if scope.parent.is_none() {
                    // The module: changed when a changed line lies outside every def/class.
                    changed
                        .iter()
                        .any(|r| (r.0..=r.1).any(|l| tree.innermost_at(l) == 0))
                } else {
                    touches(changed, scope.start_line, scope.end_line)
                }
            }
        }
    }
}

/// Changed files judged in parallel per round of a change set.
const FILES_PER_ROUND: usize = 64;

/// A changed file's versions as read from the repository.
#[derive(Default)]
struct Blobs {
    /// The new version, unless the file was deleted or its blob is missing.
    new: Option<(Oid, Vec<u8>)>,
    /// The old version, when there is one and the new one is small enough to diff.
    old: Option<Vec<u8>>,
    notes: Vec<String>,
}

/// What one changed file adds to its commit's result.
struct FilePart {
    entry: FileResult,
    notes: Vec<String>,
    facts: Vec<FactRecord>,
    findings: Vec<Finding>,
    scanned: Scanned,
}

impl FilePart {
    fn add_to(self, result: &mut CommitResult) {
        result.files.push(self.entry);
        result.notes.extend(self.notes);
        result.facts.extend(self.facts);
        result.findings.extend(self.findings);
        result.scanned.files += self.scanned.files;
        result.scanned.changed_lines += self.scanned.changed_lines;
        result.scanned.scopes += self.scanned.scopes;
    }
}

/// The innermost scope of every changed line, once each, in order of their first changed line.
fn scopes_of_changed_lines(tree: &ScopeTree, changed: &[LineRange]) -> Vec<ScopeResult> {
    let mut order: Vec<usize> = Vec::new();
    let mut lines: HashMap<usize, Vec<LineRange>> = HashMap::new();
    for &(start, end) in changed {
        for line in start..=end {
            let idx = tree.innermost_at(line);
            let ranges = lines.entry(idx).or_insert_with(|| {
                order.push(idx);
                Vec::new()
            });
            push_range(ranges, (line, line));
        }
    }
    order
        .into_iter()
        .map(|idx| {
            let s = &tree.scopes[idx];
            ScopeResult {
                qualname: s.qualname.clone(),
                kind: s.kind.as_str(),
                is_test: s.is_test,
                start_line: s.start_line,
                end_line: s.end_line,
                changed_lines: lines.remove(&idx).unwrap_or_default(),
            }
        })
        .collect()
}
