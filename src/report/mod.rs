//! The report stage: every format is a pure function of the scan results and the [`RunInfo`]
//! that describes the run (the rules that ran, the thresholds); nothing here knows git,
//! Python or the rules engine. Formats that can stream (text, json, github) write each commit
//! as soon as it is done, so a long range never holds all its results in memory.
//!
//! Adding a format: its file here, its variant in [`Format`] and its line in [`writer`].

mod github;
mod json;
mod review;
pub mod sanitize;
mod sarif;
mod text;

use crate::model::{CommitResult, Finding, Level, Named, RangeSummary, RunInfo};
use std::io::{self, Write};

pub use github::GithubWriter;
pub use json::JsonWriter;
pub use review::ReviewWriter;
pub use sarif::SarifWriter;
pub use text::TextWriter;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Review,
    /// SARIF 2.1.0 for GitHub code scanning (buffered: written whole at the end).
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
}

/// Settings that shape human output.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

/// Writes a report commit by commit.
pub trait ReportWriter {
    /// Called once per commit, in commit order.
    fn commit(&mut self, out: &mut dyn Write, commit: &CommitResult) -> io::Result<()>;
    /// Called once after the last commit, with the range summary of a range scan.
    fn finish(&mut self, out: &mut dyn Write, summary: Option<&RangeSummary>) -> io::Result<()>;
}

impl Named for Format {
    const ALL: &'static [Self] = &[
        Format::Text,
        Format::Json,
        Format::Review,
        Format::Sarif,
        Format::Github,
    ];
    fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Review => "review",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }
}

/// The writer for a format.
pub fn writer(format: Format, style: Style, run: &RunInfo) -> Box<dyn ReportWriter + Send> {
    match format {
        Format::Text => Box::new(TextWriter::new(style, run.clone())),
        Format::Json => Box::new(JsonWriter::default()),
        Format::Review => Box::new(ReviewWriter::new(run.clone())),
        Format::Sarif => Box::new(SarifWriter::new(run.clone())),
        Format::Github => Box::new(GithubWriter::default()),
    }
}

/// How many findings of each severity: `(high, medium, low)`.
pub fn count_by_severity(findings: &[Finding]) -> (usize, usize, usize) {
    let count = |l: Level| findings.iter().filter(|f| f.severity == l).count();
    (count(Level::High), count(Level::Medium), count(Level::Low))
}

/// `1 finding`, `2 findings`: a count with its noun, plural by adding `s`.
pub fn plural(n: impl Into<u64>, word: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The first ten characters of a commit id (all of `staged`).
pub fn short_id(id: &str) -> &str {
    id.get(..10).unwrap_or(id)
}
