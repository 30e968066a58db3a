//! `--format text`: per commit, per file, per scope, each finding with its source line, then
//! one line saying what was scanned and the verdict.

use super::sanitize::for_terminal;
use super::{count_by_severity, plural, short_id, ReportWriter, Style};
use crate::model::{CommitResult, Finding, FlowStepKind, Level, RangeSummary, RunInfo};
use owo_colors::{OwoColorize, Style as Paint};
use std::io::{self, Write};

/// Human-readable output, colored by severity when `Style::color`.
pub struct TextWriter {
    style: Style,
    /// What fails the run, for the verdict's color.
    run: RunInfo,
    commits: usize,
}

impl TextWriter {
    /// A writer judging verdicts as the run does.
    pub fn new(style: Style, run: RunInfo) -> Self {
        TextWriter {
            style,
            run,
            commits: 0,
        }
    }

    fn paint(&self, text: &str, paint: Paint) -> String {
        if self.style.color {
            text.style(paint).to_string()
        } else {
            text.to_owned()
        }
    }

    fn severity_paint(level: Level) -> Paint {
        match level {
            Level::High => Paint::new().red().bold(),
            Level::Medium => Paint::new().yellow(),
            Level::Low => Paint::new().cyan(),
        }
    }

    fn finding(&self, out: &mut dyn Write, f: &Finding) -> io::Result<()> {
        let sev = self.paint(
            &format!("{:<6}", f.severity.as_str()),
            Self::severity_paint(f.severity),
        );
        writeln!(
            out,
            "      {} {} (confidence {})  line {}:{}  {}",
            self.paint(&f.rule, Paint::new().bold()),
            sev,
            f.confidence.as_str(),
            f.line,
            f.column,
            for_terminal(&f.message)
        )?;
        let source: String = f.source_line.trim().chars().take(160).collect();
        writeln!(out, "        {} | {}", f.line, for_terminal(&source))?;
        // A data-flow finding's evidence: where the data entered and the way it took.
        for step in &f.flow {
            let kind = match step.kind {
                FlowStepKind::Source => "source",
                FlowStepKind::Step => "step",
                FlowStepKind::Sanitiser => "guard",
                FlowStepKind::Sink => "sink",
            };
            writeln!(
                out,
                "          {kind:<6} line {:<5} {}",
                step.line,
                for_terminal(&step.expression)
            )?;
        }
        Ok(())
    }
}

impl ReportWriter for TextWriter {
    fn commit(&mut self, out: &mut dyn Write, c: &CommitResult) -> io::Result<()> {
        if self.commits > 0 {
            writeln!(out)?;
        }
        self.commits += 1;
        let title = if c.id == "staged" {
            "staged changes".to_owned()
        } else {
            format!("commit {}  {}", short_id(&c.id), for_terminal(&c.summary))
        };
        writeln!(out, "{}", self.paint(&title, Paint::new().bold()))?;
        for file in &c.files {
            let findings: Vec<&Finding> =
                c.findings.iter().filter(|f| f.path == file.path).collect();
            let renamed = file
                .old_path
                .as_deref()
                .map(|o| format!(" (from {})", for_terminal(o)))
                .unwrap_or_default();
            let parse = if file.parse == "ok" {
                String::new()
            } else {
                format!(" [parse: {}]", file.parse)
            };
            writeln!(
                out,
                "  {} {}{}{}",
                file.status,
                for_terminal(&file.path),
                renamed,
                parse
            )?;
            for scope in &file.scopes {
                let test = if scope.is_test { " [test]" } else { "" };
                writeln!(
                    out,
                    "    {} {} (lines {}-{}){}",
                    scope.kind,
                    for_terminal(&scope.qualname),
                    scope.start_line,
                    scope.end_line,
                    test
                )?;
                for f in findings.iter().filter(|f| f.scope == scope.qualname) {
                    self.finding(out, f)?;
                }
            }
            // Findings kept by --scope function/file in scopes with no changed line.
            for f in findings
                .iter()
                .filter(|f| !file.scopes.iter().any(|s| s.qualname == f.scope))
            {
                writeln!(out, "    in {}", for_terminal(&f.scope))?;
                self.finding(out, f)?;
            }
        }
        for note in &c.notes {
            writeln!(out, "  note: {}", for_terminal(note))?;
        }
        let s = c.scanned;
        if s.changed_lines == 0 {
            return writeln!(out, "  no changed Python lines: nothing was scanned");
        }
        let what = format!(
            "scanned {}, {}, {}",
            plural(s.files, "file"),
            plural(s.changed_lines, "changed line"),
            plural(s.scopes, "scope")
        );
        let failing: Vec<Finding> = c
            .findings
            .iter()
            .filter(|f| self.run.fails(f))
            .cloned()
            .collect();
        let verdict = if c.findings.is_empty() {
            self.paint("no findings", Paint::new().green())
        } else {
            let (h, m, l) = count_by_severity(&c.findings);
            let text = format!(
                "{} ({h} high, {m} medium, {l} low)",
                plural(c.findings.len() as u64, "finding")
            );
            let paint = if failing.is_empty() {
                Paint::new().yellow()
            } else {
                Paint::new().red().bold()
            };
            self.paint(&text, paint)
        };
        writeln!(out, "  {what}: {verdict}")
    }

    fn finish(&mut self, out: &mut dyn Write, summary: Option<&RangeSummary>) -> io::Result<()> {
        if self.commits == 0 {
            return writeln!(out, "no commits to scan");
        }
        let Some(summary) = summary else {
            return Ok(());
        };
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            self.paint(
                &format!("range summary at {}", short_id(&summary.tip)),
                Paint::new().bold()
            )
        )?;
        writeln!(
            out,
            "  introduced and still present: {}",
            summary.introduced.len()
        )?;
        for item in summary.introduced.iter() {
            let item = item?;
            let f = &item;
            writeln!(
                out,
                "    {} {} {}:{} in {} (from {})  {}",
                self.paint(&f.rule, Paint::new().bold()),
                self.paint(f.severity.as_str(), Self::severity_paint(f.severity)),
                for_terminal(&f.path),
                f.line,
                for_terminal(&f.scope),
                short_id(item.introduced_in.as_deref().unwrap_or_default()),
                for_terminal(&f.message)
            )?;
        }
        writeln!(
            out,
            "  introduced and fixed within the range: {}",
            summary.fixed_within.len()
        )?;
        for item in summary.fixed_within.iter() {
            let item = item?;
            let f = &item;
            writeln!(
                out,
                "    {} {}:{} (from {})",
                f.rule,
                for_terminal(&f.path),
                f.line,
                short_id(item.introduced_in.as_deref().unwrap_or_default())
            )?;
        }
        Ok(())
    }
}
