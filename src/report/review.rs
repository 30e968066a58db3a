//! `--format review`: per commit, the markdown review a security reviewer writes by hand
//! (see `seed-review.md`): what changed, six aspects each backed by rules and by facts counted
//! in the changed code, and a verdict.

use super::{short_id, ReportWriter};
use crate::model::{
    Aspect, CommitResult, FactKind, FactRecord, Finding, FindingList, Level, RangeSummary, RunInfo,
};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Markdown reviews, one section per commit.
pub struct ReviewWriter {
    /// The rules that ran and the threshold the verdict counts from.
    run: RunInfo,
    commits: usize,
}

impl ReviewWriter {
    /// A writer whose verdict counts findings at or above the run's `fail_on`.
    pub fn new(run: RunInfo) -> Self {
        ReviewWriter { run, commits: 0 }
    }
}

/// Inline code in markdown: backticks in the text would end the span early, and control
/// characters must not reach a terminal that shows the review.
fn code(text: &str) -> String {
    let clean = super::sanitize::for_terminal(text).replace('`', "'");
    format!("`{clean}`")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Facts of some kinds, grouped as "`detail` in `scope`" (deduplicated, in order).
fn fact_places(facts: &[&FactRecord]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for f in facts {
        let place = format!("{} in {}", code(&f.detail), code(&f.scope));
        if !seen.contains(&place) {
            seen.push(place);
        }
    }
    seen
}

fn finding_line(f: &Finding) -> String {
    let test = if f.in_test { ", in test code" } else { "" };
    format!(
        "   - **{}** {} ({} severity, {} confidence{test}) at {} in {}: {}",
        f.rule,
        f.name,
        f.severity.as_str(),
        f.confidence.as_str(),
        code(&format!("{}:{}", f.path, f.line)),
        code(&f.scope),
        super::sanitize::for_terminal(&f.message)
    )
}

/// How many of the rules that ran belong to an aspect.
fn rules_in(run: &RunInfo, aspect: Aspect) -> usize {
    run.rules.iter().filter(|r| r.aspect == aspect).count()
}

/// The facts counted in the changed code for an aspect, as a sentence (`None`: nothing to say).
fn aspect_facts(aspect: Aspect, c: &CommitResult) -> Option<String> {
    let of = |kinds: &[FactKind]| -> Vec<&FactRecord> {
        c.facts.iter().filter(|f| kinds.contains(&f.kind)).collect()
    };
    match aspect {
        Aspect::ExternalInputs => {
            let inputs = fact_places(&of(&[FactKind::ExternalInput]));
            (!inputs.is_empty()).then(|| format!("The changed code reads {}.", join(&inputs)))
        }
        Aspect::ExceptionHandling => {
            let handlers = of(&[
                FactKind::HandlerReraises,
                FactKind::HandlerLogs,
                FactKind::HandlerSwallows,
            ]);
            if handlers.is_empty() {
                return None;
            }
            let parts: Vec<String> = [
                (FactKind::HandlerReraises, "re-raising"),
                (FactKind::HandlerLogs, "logging and going on"),
                (FactKind::HandlerSwallows, "silent"),
            ]
            .into_iter()
            .filter_map(|(kind, what)| {
                let n = handlers.iter().filter(|f| f.kind == kind).count();
                (n > 0).then(|| format!("{n} {what}"))
            })
            .collect();
            Some(format!(
                "{} added: {}.",
                plural(handlers.len(), "`except` handler", "`except` handlers"),
                join(&parts)
            ))
        }
        Aspect::ResourceCleanup => {
            let opened = of(&[FactKind::ResourceOpened]);
            let managed = of(&[FactKind::ResourceManaged]).len();
            (!opened.is_empty()).then(|| {
                format!(
                    "Opens {} ({}), {managed} in a `with` block.",
                    plural(opened.len(), "resource", "resources"),
                    join(&fact_places(&opened))
                )
            })
        }
        Aspect::MockingAndAssertions => {
            let mocks = of(&[FactKind::Mock]);
            let asserts = of(&[FactKind::Assertion]);
            if mocks.is_empty() && asserts.is_empty() {
                return None;
            }
            let mut parts = Vec::new();
            if !asserts.is_empty() {
                parts.push(plural(asserts.len(), "assertion", "assertions"));
            }
            if !mocks.is_empty() {
                let mut kinds: Vec<String> = mocks.iter().map(|m| code(&m.detail)).collect();
                kinds.sort();
                kinds.dedup();
                parts.push(format!(
                    "{} ({})",
                    plural(mocks.len(), "mock", "mocks"),
                    kinds.join(", ")
                ));
            }
            let all_in_tests = asserts.iter().chain(&mocks).all(|f| f.in_test);
            let place = if all_in_tests {
                "in test code, where they belong"
            } else {
                "partly outside test code"
            };
            Some(format!("{} added {place}.", join(&parts)))
        }
        Aspect::AccessToResources | Aspect::DataProtection => None,
    }
}

/// What an aspect says when none of its rules fired: what was checked.
fn quiet_aspect(run: &RunInfo, aspect: Aspect, c: &CommitResult) -> String {
    let checks = match rules_in(run, aspect) {
        0 => return not_checked(aspect, c),
        n => plural(n, "check", "checks"),
    };
    let facts = aspect_facts(aspect, c);
    let checked = match aspect {
        Aspect::ExternalInputs if facts.is_none() => format!(
            "The changed code reads no external input (`sys.argv`, `input()`, `os.environ`, request objects); none of the {checks} for injection and unsafe deserialisation fires."
        ),
        Aspect::ExternalInputs => format!("None of the {checks} for injection and unsafe deserialisation fires."),
        Aspect::ExceptionHandling if facts.is_none() => format!("No `except` handler is added; none of the {checks} fires."),
        Aspect::ExceptionHandling => format!("None is of the bare or catch-all kind the {checks} flag."),
        Aspect::ResourceCleanup if facts.is_none() => format!(
            "No file, socket, process or temporary file is opened in the changed code; none of the {checks} fires."
        ),
        Aspect::ResourceCleanup => format!("None of the {checks} finds one left open."),
        Aspect::MockingAndAssertions if facts.is_none() => "No mocks or assertions are added.".to_owned(),
        Aspect::MockingAndAssertions => "No mock outlives its test.".to_owned(),
        Aspect::AccessToResources => format!(
            "No file permission, network binding, temporary path, TLS verification, timeout or archive issue; none of the {checks} fires."
        ),
        Aspect::DataProtection => format!(
            "No hard-coded password or secret, weak hash, cipher or key, or insecure randomness; none of the {checks} fires."
        ),
    };
    match facts {
        Some(facts) => format!("{facts} {checked}"),
        None => checked,
    }
}

/// What an aspect says when no rule of it ran (`--select`, `--ignore`): only the facts, and
/// that it was not checked, never that nothing was found.
fn not_checked(aspect: Aspect, c: &CommitResult) -> String {
    let not = "Not checked: no rule of this aspect was selected for this run.";
    match aspect_facts(aspect, c) {
        Some(facts) => format!("{facts} {not}"),
        None => not.to_owned(),
    }
}

/// What the reviewer should know about how the commit was read: files skipped (too large,
/// binary, not in a partial clone, too deeply nested), syntax errors, a missing parent.
/// Without these a skipped file would vanish from the review without a word.
fn write_notes(out: &mut dyn Write, c: &CommitResult) -> io::Result<()> {
    if c.notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nNotes:")?;
    for note in &c.notes {
        writeln!(out, "- {}", super::sanitize::for_terminal(note))?;
    }
    Ok(())
}

/// One line per finding of the range summary, with the commit that introduced it.
fn write_introduced(out: &mut dyn Write, items: &FindingList) -> io::Result<()> {
    for item in items.iter() {
        let item = item?;
        writeln!(
            out,
            "{} (introduced in {})",
            finding_line(&item),
            short_id(item.introduced_in.as_deref().unwrap_or_default())
        )?;
    }
    Ok(())
}

impl ReportWriter for ReviewWriter {
    fn commit(&mut self, out: &mut dyn Write, c: &CommitResult) -> io::Result<()> {
        if self.commits > 0 {
            writeln!(out, "\n---\n")?;
        }
        self.commits += 1;
        if c.id == "staged" {
            writeln!(out, "## Staged changes\n")?;
        } else {
            writeln!(
                out,
                "## Commit {}: {}\n",
                short_id(&c.id),
                super::sanitize::for_terminal(&c.summary)
            )?;
        }
        if c.scanned.changed_lines == 0 {
            writeln!(
                out,
                "**What changed:** no Python lines (only other files, deletions or renames).\n"
            )?;
            writeln!(
                out,
                "**Nothing to review: no changed Python code was scanned.**"
            )?;
            return write_notes(out, c);
        }
        let scanned_files: Vec<String> = c
            .files
            .iter()
            .filter(|f| !f.scopes.is_empty())
            .map(|f| format!("{} ({})", code(&f.path), f.status))
            .collect();
        let mut prod: Vec<String> = Vec::new();
        let mut tests: Vec<String> = Vec::new();
        for f in &c.files {
            for s in &f.scopes {
                let name = if s.kind == "module" {
                    format!("module level of {}", code(&f.path))
                } else {
                    format!("{} {}", s.kind, code(&s.qualname))
                };
                if s.is_test {
                    tests.push(name)
                } else {
                    prod.push(name)
                }
            }
        }
        writeln!(
            out,
            "**What changed:** {} in {}.",
            plural(
                c.scanned.changed_lines as usize,
                "changed line",
                "changed lines"
            ),
            join(&scanned_files)
        )?;
        if prod.is_empty() {
            writeln!(
                out,
                "This change touches only test code: {}.\n",
                join(&tests)
            )?;
        } else {
            let tests_part = if tests.is_empty() {
                String::new()
            } else {
                format!("; tests: {}", join(&tests))
            };
            writeln!(out, "Touched: {}{tests_part}.\n", join(&prod))?;
        }
        let mut by_aspect: BTreeMap<Aspect, Vec<&Finding>> = BTreeMap::new();
        for f in &c.findings {
            by_aspect
                .entry(self.run.aspect_of(&f.rule))
                .or_default()
                .push(f);
        }
        for (i, aspect) in Aspect::ALL.iter().enumerate() {
            match by_aspect.get(aspect) {
                Some(found) => {
                    writeln!(
                        out,
                        "{}. **{}**: {}:",
                        i + 1,
                        aspect.title(),
                        plural(found.len(), "finding", "findings")
                    )?;
                    for f in found {
                        writeln!(out, "{}", finding_line(f))?;
                    }
                    if let Some(facts) = aspect_facts(*aspect, c) {
                        writeln!(out, "   - {facts}")?;
                    }
                }
                None => writeln!(
                    out,
                    "{}. **{}**: {}",
                    i + 1,
                    aspect.title(),
                    quiet_aspect(&self.run, *aspect, c)
                )?,
            }
        }
        writeln!(out)?;
        let failing: Vec<&Finding> = c.findings.iter().filter(|f| self.run.fails(f)).collect();
        if failing.is_empty() && self.run.is_partial() {
            writeln!(
                out,
                "**No security defects are detected in the changed code by the {} that ran; \
                 the other {} were not run.**",
                plural(self.run.rules.len(), "rule", "rules"),
                self.run.rules_known - self.run.rules.len()
            )?;
        } else if failing.is_empty() {
            writeln!(
                out,
                "**No security defects are detected in the changed code.**"
            )?;
            let below = c.findings.len();
            if below > 0 {
                writeln!(
                    out,
                    "\n({} below the `--fail-on {}` threshold listed above.)",
                    plural(below, "finding", "findings"),
                    self.run.fail_on.as_str()
                )?;
            }
        } else {
            let n = |l: Level| failing.iter().filter(|f| f.severity == l).count();
            writeln!(
                out,
                "**{} detected: {} high, {} medium, {} low.**",
                plural(failing.len(), "security defect", "security defects"),
                n(Level::High),
                n(Level::Medium),
                n(Level::Low)
            )?;
            // A reviewer weighs a finding in a test differently; say how many are.
            let in_tests = failing.iter().filter(|f| f.in_test).count();
            if in_tests > 0 {
                let which = if in_tests == failing.len() {
                    "All".to_owned()
                } else {
                    format!("{in_tests} of them")
                };
                writeln!(out, "\n{which} in test code.")?;
            }
        }
        write_notes(out, c)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: Option<&RangeSummary>) -> io::Result<()> {
        if self.commits == 0 {
            return writeln!(out, "No commits to review.");
        }
        let Some(s) = summary else { return Ok(()) };
        writeln!(
            out,
            "\n---\n\n## Before merge: what the range leaves at {}\n",
            short_id(&s.tip)
        )?;
        if s.introduced.is_empty() {
            writeln!(
                out,
                "No finding introduced by this range is still present at its tip."
            )?;
        } else {
            writeln!(
                out,
                "{} introduced by this range and still present:",
                plural(s.introduced.len(), "finding", "findings")
            )?;
            write_introduced(out, &s.introduced)?;
        }
        if !s.fixed_within.is_empty() {
            writeln!(
                out,
                "\n{} introduced and fixed again within the range:",
                plural(s.fixed_within.len(), "finding", "findings")
            )?;
            write_introduced(out, &s.fixed_within)?;
        }
        Ok(())
    }
}
