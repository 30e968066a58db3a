//! `--format github`: GitHub Actions workflow commands, one annotation per finding, so that a
//! plain `run:` step marks the flagged lines of a pull request without uploading anything.
//!
//! ```text
//! ::error file=app.py,line=5,col=32,endColumn=35,title=B602 subprocess-popen-with-shell-equals-true::subprocess call with shell=True identified, security issue. [confidence: high; scope: run; commit: 1a2b3c4d5e]
//! ```
//!
//! Paths and messages come from the scanned repository, and the runner reads every stdout line
//! that starts with `::` as a command: everything interpolated is escaped as the Actions
//! toolkit does, so a newline in a file name cannot start a command of its own.

use super::{count_by_severity, plural, short_id, ReportWriter};
use crate::model::{CommitResult, Finding, Level, RangeSummary};
use std::io::{self, Write};

/// Streams annotations commit by commit, each commit closed by one plain log line.
#[derive(Default)]
pub struct GithubWriter {
    commits: usize,
}

/// The annotation command for a severity: code scanning's error/warning/notice ranking.
pub fn command(severity: Level) -> &'static str {
    match severity {
        Level::High => "error",
        Level::Medium => "warning",
        Level::Low => "notice",
    }
}

/// Escapes a command's message as `@actions/core` does: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command's property value: what `escape_data` does, plus `:` and `,`, which would
/// otherwise end the value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command of one finding of `commit`.
pub fn annotation(commit: &str, f: &Finding) -> String {
    let mut props = vec![
        format!("file={}", escape_property(&f.path)),
        format!("line={}", f.line),
    ];
    // GitHub accepts columns only on a one-line annotation, and its `endColumn` is the last
    // character (it defaults to `col`), where ours is one past it.
    if f.end_line == f.line {
        props.push(format!("col={}", f.column));
        props.push(format!(
            "endColumn={}",
            f.end_column.saturating_sub(1).max(f.column)
        ));
    } else {
        props.push(format!("endLine={}", f.end_line));
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("{} {}", f.rule, f.name))
    ));
    let message = format!(
        "{} [confidence: {}; scope: {}; commit: {}]",
        f.message,
        f.confidence.as_str(),
        f.scope,
        short_id(commit)
    );
    format!(
        "::{} {}::{}",
        command(f.severity),
        props.join(","),
        escape_data(&message)
    )
}

impl ReportWriter for GithubWriter {
    fn commit(&mut self, out: &mut dyn Write, c: &CommitResult) -> io::Result<()> {
        self.commits += 1;
        for f in &c.findings {
            writeln!(out, "{}", annotation(&c.id, f))?;
        }
        // One plain line per commit for the job log; it starts with no `::`, so it is never
        // a command, and annotations stay one per finding.
        let what = if c.id == "staged" {
            "staged changes".to_owned()
        } else {
            format!("commit {}", short_id(&c.id))
        };
        let s = c.scanned;
        if s.changed_lines == 0 {
            return writeln!(out, "hunkguard: {what}: no changed Python lines");
        }
        let (h, m, l) = count_by_severity(&c.findings);
        writeln!(
            out,
            "hunkguard: {what}: {} ({h} high, {m} medium, {l} low) in {}, {}",
            plural(c.findings.len() as u64, "finding"),
            plural(s.files, "file"),
            plural(s.changed_lines, "changed line")
        )
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: Option<&RangeSummary>) -> io::Result<()> {
        if self.commits == 0 {
            writeln!(out, "hunkguard: no commits to scan")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
