//! The report stage: every format is a function of the scan results alone. Formats that can
//! stream (text, json, github) write each commit as soon as it is done, so a long range never holds
//! all its results in memory.

mod github;
mod json;
mod review;
pub mod sanitize;
mod sarif;
mod text;

use crate::model::{CommitResult, RangeSummary};
use crate::rules::Level;
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

/// The writer for a format.
pub fn writer(format: Format, style: Style, fail_on: Level) -> Box<dyn ReportWriter + Send> {
    match format {
        Format::Text => Box::new(TextWriter::new(style, fail_on)),
        Format::Json => Box::new(JsonWriter::default()),
        Format::Review => Box::new(ReviewWriter::new(fail_on)),
        Format::Sarif => Box::new(SarifWriter::default()),
        Format::Github => Box::new(GithubWriter::default()),
    }
}
