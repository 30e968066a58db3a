//! `--format sarif`: one SARIF 2.1.0 log, shaped for GitHub code scanning, built from the typed
//! model of `serde-sarif` rather than by hand so the shape is checked by the compiler.
//!
//! A SARIF log is one JSON object whose rule table must be complete before the results that
//! index into it, so this writer buffers the findings of every commit and writes the log in
//! `finish`. That costs memory proportional to the findings, never to the code scanned.
//!
//! Over a range, every commit's findings go into the same run, one result per finding per
//! commit, with the commit in `properties.commit`. A line changed by two commits of the range is
//! therefore reported twice, at its position in each commit; both results carry the same
//! `partialFingerprints`, so code scanning shows them as one alert. Deduplicating here would
//! have to pick a commit, and either choice hides which commit introduced the code.

use super::ReportWriter;
use crate::model::{
    CommitResult, Finding, FlowStepKind, Level, RangeSummary, RunInfo, Tool as ToolInfo,
};
use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactLocation, CodeFlow, Invocation, Location, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, ThreadFlow,
    ThreadFlowLocation, Tool, ToolComponent,
};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// The schema GitHub's documentation points SARIF producers at.
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key under which results carry our fingerprint; versioned so that a future change of the
/// fingerprint recipe can start a new key instead of silently re-keying existing alerts.
pub const FINGERPRINT_KEY: &str = "hunkguard/v1";

/// Where a `%SRCROOT%`-relative uri is resolved: the repository root, which is what code
/// scanning checks out.
const SRCROOT: &str = "%SRCROOT%";

/// Collects every commit's findings and writes one SARIF log at the end.
pub struct SarifWriter {
    /// The rules that ran, for the rule table.
    run: RunInfo,
    /// `(commit id, finding)` in commit order, then the order of the commit's findings.
    findings: Vec<(String, Finding)>,
    /// Every commit scanned, in order, so the log says what was covered even when clean.
    commits: Vec<String>,
    /// `(commit id, note)` for the invocation's notifications.
    notes: Vec<(String, String)>,
}

impl SarifWriter {
    /// A writer describing the rules of `run`.
    pub fn new(run: RunInfo) -> Self {
        SarifWriter {
            run,
            findings: Vec::new(),
            commits: Vec::new(),
            notes: Vec::new(),
        }
    }
}

impl ReportWriter for SarifWriter {
    fn commit(&mut self, _out: &mut dyn Write, commit: &CommitResult) -> io::Result<()> {
        self.commits.push(commit.id.clone());
        self.findings.extend(
            commit
                .findings
                .iter()
                .map(|f| (commit.id.clone(), f.clone())),
        );
        self.notes
            .extend(commit.notes.iter().map(|n| (commit.id.clone(), n.clone())));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: Option<&RangeSummary>) -> io::Result<()> {
        let log = self.build();
        serde_json::to_writer_pretty(&mut *out, &log)?;
        out.write_all(b"\n")
    }
}

impl SarifWriter {
    /// The whole log from what was collected.
    fn build(&self) -> Sarif {
        // The rules that have results, by id: `ruleIndex` points into this order.
        let rule_ids: Vec<&str> = self
            .findings
            .iter()
            .map(|(_, f)| f.rule.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let rules: Vec<ReportingDescriptor> = rule_ids
            .iter()
            .map(|id| {
                let example = self
                    .findings
                    .iter()
                    .map(|(_, f)| f)
                    .find(|f| f.rule == *id)
                    .expect("every listed rule has a finding");
                rule_descriptor(&self.run, example)
            })
            .collect();
        let results: Vec<SarifResult> = self
            .findings
            .iter()
            .map(|(commit, f)| {
                let index = rule_ids
                    .binary_search(&f.rule.as_str())
                    .expect("rule listed");
                result(commit, f, index)
            })
            .collect();
        let info = ToolInfo::default();
        let driver = ToolComponent::builder()
            .name(info.name)
            .version(info.version)
            .semantic_version(info.version)
            .information_uri(information_uri())
            .rules(rules)
            .build();
        let notifications: Vec<Notification> = self
            .notes
            .iter()
            .map(|(commit, note)| {
                Notification::builder()
                    .message(Message::builder().text(format!("{commit}: {note}")).build())
                    .level(json!("note"))
                    .properties(bag([("commit", json!(commit))], None))
                    .build()
            })
            .collect();
        let mut invocation = Invocation::builder().execution_successful(true).build();
        if !notifications.is_empty() {
            invocation.tool_execution_notifications = Some(notifications);
        }
        let run = Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .invocations(vec![invocation])
            // Our columns count Unicode characters (CONTRACT.md), not SARIF's default UTF-16
            // code units; saying so keeps non-ASCII lines correctly highlighted.
            .column_kind(json!("unicodeCodePoints"))
            .results(results)
            .properties(bag([("commits", json!(self.commits))], None))
            .build();
        Sarif::builder()
            .schema(SCHEMA_URI)
            .version(json!("2.1.0"))
            .runs(vec![run])
            .build()
    }
}

/// The crate's repository or homepage when `Cargo.toml` names one, else its crates.io page.
fn information_uri() -> String {
    [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|u| !u.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("https://crates.io/crates/{}", env!("CARGO_PKG_NAME")))
}

/// SARIF's level for a severity, as code scanning ranks them.
pub fn sarif_level(severity: Level) -> ResultLevel {
    match severity {
        Level::High => ResultLevel::Error,
        Level::Medium => ResultLevel::Warning,
        Level::Low => ResultLevel::Note,
    }
}

/// GitHub's `security-severity` score: it maps > 7.0 to high, 4.0–6.9 to medium and
/// 0.1–3.9 to low, so these values land each of Bandit's levels in the matching band.
pub fn security_severity(severity: Level) -> &'static str {
    match severity {
        Level::High => "8.0",
        Level::Medium => "5.0",
        Level::Low => "2.0",
    }
}

/// A property bag with `tags` and the given extra properties.
fn bag<const N: usize>(props: [(&str, Value); N], tags: Option<Vec<String>>) -> PropertyBag {
    PropertyBag {
        tags,
        additional_properties: props.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    }
}

/// The rule table entry of a finding's rule. The run's rules have its documentation; a
/// finding whose rule did not run (which would be a bug) still gets a valid entry.
fn rule_descriptor(run: &RunInfo, f: &Finding) -> ReportingDescriptor {
    let (name, message, doc, severity) = match run.rule(&f.rule) {
        Some(rule) => (rule.name.clone(), rule.message, rule.doc, rule.severity),
        None => (f.name.clone(), f.message.as_str(), "", f.severity),
    };
    let short = first_line(message);
    let mut descriptor = ReportingDescriptor::builder()
        .id(f.rule.clone())
        .name(name)
        .short_description(text(short))
        .full_description(text(&summary_of(doc).unwrap_or_else(|| short.to_owned())))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(sarif_level(severity).to_string()))
                .build(),
        )
        .properties(bag(
            [
                ("security-severity", json!(security_severity(severity))),
                ("cwe", json!(f.cwe)),
            ],
            Some(vec![
                "security".to_owned(),
                format!("external/cwe/cwe-{}", f.cwe),
            ]),
        ))
        .build();
    if !doc.trim().is_empty() {
        descriptor.help = Some(
            MultiformatMessageString::builder()
                .text(plain_text(doc))
                .markdown(dedent(doc))
                .build(),
        );
    }
    descriptor
}

/// One result: a finding of one commit.
/// A location in the repository: a file and a region of it.
fn location(
    path: &str,
    line: u32,
    column: u32,
    end: Option<(u32, u32)>,
    message: Option<&str>,
) -> Location {
    let mut region = Region::builder()
        .start_line(i64::from(line))
        .start_column(i64::from(column))
        .build();
    if let Some((end_line, end_column)) = end {
        region.end_line = Some(i64::from(end_line));
        region.end_column = Some(i64::from(end_column));
    }
    let mut location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(
                    ArtifactLocation::builder()
                        .uri(relative_uri(path))
                        .uri_base_id(SRCROOT)
                        .build(),
                )
                .region(region)
                .build(),
        )
        .build();
    if let Some(text) = message {
        location.message = Some(Message::builder().text(text.to_owned()).build());
    }
    location
}

/// A data-flow finding's steps as one thread flow, from the source to the sink.
fn code_flow(f: &Finding) -> CodeFlow {
    let locations: Vec<ThreadFlowLocation> = f
        .flow
        .iter()
        .map(|step| {
            let kind = match step.kind {
                FlowStepKind::Source => "source",
                FlowStepKind::Step => "step",
                FlowStepKind::Sanitiser => "sanitiser",
                FlowStepKind::Sink => "sink",
            };
            let text = format!("{kind}: {}", step.expression);
            let mut loc = ThreadFlowLocation::builder()
                .location(location(
                    &step.path,
                    step.line,
                    step.column,
                    None,
                    Some(&text),
                ))
                .build();
            loc.kinds = Some(vec![kind.to_owned()]);
            loc
        })
        .collect();
    CodeFlow::builder()
        .thread_flows(vec![ThreadFlow::builder().locations(locations).build()])
        .build()
}

fn result(commit: &str, f: &Finding, rule_index: usize) -> SarifResult {
    let location = location(
        &f.path,
        f.line,
        f.column,
        Some((f.end_line, f.end_column)),
        None,
    );
    let mut result = SarifResult::builder()
        .rule_id(f.rule.clone())
        .rule_index(rule_index as i64)
        .level(sarif_level(f.severity))
        .message(Message::builder().text(f.message.clone()).build())
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_owned(),
            f.fingerprint.clone(),
        )]))
        .properties(bag(
            [
                ("commit", json!(commit)),
                ("scope", json!(f.scope)),
                ("severity", json!(f.severity.as_str())),
                ("confidence", json!(f.confidence.as_str())),
                ("in_test", json!(f.in_test)),
                ("cwe", json!(f.cwe)),
            ],
            None,
        ))
        .build();
    if !f.flow.is_empty() {
        result.code_flows = Some(vec![code_flow(f)]);
    }
    result
}

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("").trim()
}

/// The first paragraph of a rule's doc that is not a heading (its "What it does"), on one line.
fn summary_of(doc: &str) -> Option<String> {
    doc.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .find(|p| !p.is_empty())
}

/// A rule's doc comes from `///` lines, each with the space that follows the slashes; one
/// leading space is removed from every line when all of them have it, so code blocks keep
/// their own indentation.
fn dedent(doc: &str) -> String {
    let all_indented = doc.lines().all(|l| l.is_empty() || l.starts_with(' '));
    let lines: Vec<&str> = doc
        .lines()
        .map(|l| match l.strip_prefix(' ') {
            Some(rest) if all_indented => rest,
            _ => l,
        })
        .collect();
    lines.join("\n").trim_end().to_owned() + "\n"
}

/// A rule's markdown as plain text: heading marks and code fences dropped; the rest (inline
/// backticks, code indentation) reads fine as it is.
fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in dedent(markdown).lines() {
        if line.trim_start().starts_with("```") {
            continue;
        }
        match line.strip_prefix('#') {
            Some(heading) => out.push_str(heading.trim_start_matches('#').trim_start()),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// A repository path as a relative URI reference: `/` kept, everything outside RFC 3986's
/// unreserved set percent-encoded as UTF-8, so a path with a space, `#`, `?` or `%`, or a
/// non-ASCII name, cannot be read as a different location or as not a URI at all.
pub fn relative_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_paths() {
        assert_eq!(relative_uri("pkg/app.py"), "pkg/app.py");
        assert_eq!(relative_uri("my dir/a#b?.py"), "my%20dir/a%23b%3F.py");
        assert_eq!(relative_uri("100%.py"), "100%25.py");
        assert_eq!(relative_uri("é.py"), "%C3%A9.py");
    }

    #[test]
    fn rule_docs_become_summary_and_plain_text() {
        let doc = "## What it does\nFlags `eval`.\n\n## Example\n```python\neval(x)\n```\n";
        assert_eq!(summary_of(doc).as_deref(), Some("Flags `eval`."));
        assert_eq!(
            summary_of(" ## What\n Flags a\n b.\n").as_deref(),
            Some("Flags a b.")
        );
        assert_eq!(
            dedent(" ## A\n\n ```\n  x\n ```\n"),
            "## A\n\n```\n x\n```\n"
        );
        assert_eq!(
            plain_text(doc),
            "What it does\nFlags `eval`.\n\nExample\neval(x)"
        );
        assert_eq!(summary_of(""), None);
    }
}
