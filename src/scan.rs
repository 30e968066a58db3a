//! Drives one change set through the stages: blobs → changed lines → analysis → the commit's
//! result, keeping only the findings the chosen `--scope` asks for.

use crate::config::PathFilter;
use crate::diff::{self, LineRange};
use crate::git::{self, ChangeSet, ChangedFile, FileStatus};
use crate::model::{CommitResult, FactRecord, FileResult, Finding, Scanned, ScopeResult};
use crate::python::{Focus, ParseStatus, ScopeTree};
use crate::rules::analyze::{analyze_focused, AnalysisOptions, FileAnalysis};
use anyhow::{Context, Result};
use git2::{Oid, Repository};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Which findings of a changed file are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeMode {
    /// Findings whose lines touch a changed line.
    #[default]
    Hunk,
    /// Findings anywhere in a function, method or class that has a changed line.
    Function,
    /// Every finding of a changed file.
    File,
}

/// How many analysed blobs are kept; a range over a huge history must not grow without bound.
/// Reuse happens between nearby commits, so a small cache keeps nearly all of its benefit:
/// 4,096 entries put the 10,000-commit peak at 165 MB, 256 at 89 MB (scripts/bench.sh).
const CACHE_CAPACITY: usize = 256;

/// Scans change sets, analysing each blob at most once per run.
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
        let key = (oid, path.to_owned());
        let cached = self.cache.lock().ok().and_then(|c| c.get(&key).cloned());
        let focus = match cached {
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
            cache.insert(key, result.clone());
        }
        result
    }

    /// Scans one change set. Fails only when the repository cannot be read (a corrupt
    /// object); a blob that is merely absent (a partial clone) is skipped with a note.
    pub fn scan(&self, repo: &Repository, change: &ChangeSet) -> Result<CommitResult> {
        let mut result = CommitResult {
            id: change.id.clone(),
            parents: change.parents.clone(),
            summary: change.summary.clone(),
            scanned: Scanned::default(),
            files: Vec::new(),
            findings: Vec::new(),
            notes: change.notes.clone(),
            facts: Vec::new(),
        };
        for file in change
            .files
            .iter()
            .filter(|f| !self.paths.excludes(&f.path))
        {
            self.scan_file(repo, file, &mut result)
                .with_context(|| format!("cannot scan {} in {}", file.path, change.id))?;
        }
        result.findings.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.rule).cmp(&(&b.path, b.line, b.column, b.rule))
        });
        Ok(result)
    }

    fn scan_file(
        &self,
        repo: &Repository,
        file: &ChangedFile,
        result: &mut CommitResult,
    ) -> Result<()> {
        let mut entry = FileResult {
            path: file.path.clone(),
            old_path: file.old_path.clone(),
            status: file.status.as_str(),
            changed_lines: Vec::new(),
            parse: ParseStatus::Skipped.as_str(),
            scopes: Vec::new(),
        };
        let Some(new_oid) = file.new_blob else {
            result.files.push(entry);
            return Ok(());
        };
        let Some(new) = git::read_blob(repo, new_oid)? else {
            result.notes.push(format!(
                "{}: skipped: blob {new_oid} is not in this repository (partial clone?)",
                file.path
            ));
            result.files.push(entry);
            return Ok(());
        };
        let limit = self.analysis.max_file_bytes;
        if new.len() > limit {
            // Skipped without a diff: diffing two huge blobs is the slowest thing a scan does.
            let analysis = self.analysis_of(new_oid, &file.path, &new, &Focus::Whole);
            entry.parse = analysis.status.as_str();
            result.notes.extend(analysis.notes.iter().cloned());
            result.files.push(entry);
            return Ok(());
        }
        let old = match (file.status, file.old_blob) {
            (FileStatus::Added, _) | (_, None) => None,
            (_, Some(oid)) => match git::read_blob(repo, oid)? {
                Some(bytes) => Some(bytes),
                None => {
                    result.notes.push(format!(
                        "{}: old version {oid} is not in this repository (partial clone?): \
                         every line counts as changed",
                        file.path
                    ));
                    None
                }
            },
        };
        let changed = match &old {
            Some(old) if old.len() > limit => {
                result.notes.push(format!(
                    "{}: the old version is over the {limit}-byte limit: every line counts as changed",
                    file.path
                ));
                diff::all_lines(&new)
            }
            Some(old) => diff::changed_lines(old, &new),
            None => diff::all_lines(&new),
        };
        if changed.is_empty() {
            result.files.push(entry);
            return Ok(());
        }
        entry.changed_lines = changed.clone();
        let focus = match self.scope {
            ScopeMode::Hunk => Focus::Lines(changed.clone()),
            ScopeMode::Function => Focus::ScopesOf(changed.clone()),
            ScopeMode::File => Focus::Whole,
        };
        let analysis = self.analysis_of(new_oid, &file.path, &new, &focus);
        entry.parse = analysis.status.as_str();
        result.notes.extend(analysis.notes.iter().cloned());
        let Some(tree) = &analysis.scopes else {
            result.files.push(entry);
            return Ok(());
        };
        entry.scopes = scopes_of_changed_lines(tree, &changed);
        result.scanned.files += 1;
        result.scanned.changed_lines += diff::count_lines(&changed);
        result.scanned.scopes += entry.scopes.len() as u32;
        for fact in analysis
            .facts
            .iter()
            .filter(|f| diff::touches(&changed, f.line, f.line))
        {
            let scope = tree.at(fact.line);
            result.facts.push(FactRecord {
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
            .filter(|f| self.keeps(f, tree, &changed) && !self.paths.ignores(&f.path, f.rule));
        result.findings.extend(kept.cloned());
        result.files.push(entry);
        Ok(())
    }

    fn keeps(&self, finding: &Finding, tree: &ScopeTree, changed: &[LineRange]) -> bool {
        match self.scope {
            ScopeMode::File => true,
            ScopeMode::Hunk => diff::touches(changed, finding.line, finding.end_line),
            ScopeMode::Function => {
                let scope = &tree.scopes[finding.scope_index];
                if scope.parent.is_none() {
                    // The module: changed when a changed line lies outside every def/class.
                    changed
                        .iter()
                        .any(|r| (r.0..=r.1).any(|l| tree.innermost_at(l) == 0))
                } else {
                    diff::touches(changed, scope.start_line, scope.end_line)
                }
            }
        }
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
            diff::push_range(ranges, (line, line));
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
