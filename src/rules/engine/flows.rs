//! The data-flow engine's answers turned into what the rules engine reports: a finding per
//! flow for the flow rules, the evidence steps, and the review's facts about inputs.

use super::walker::RawFinding;
use super::{all_rules, Check, Level, RuleSet};
use crate::dataflow::{FileFlows, Flow, Reach, StepKind, Trust};
use crate::model::{FactKind, FlowStep, FlowStepKind};
use crate::python::facts::Fact;
use crate::python::PythonFile;
use ruff_text_size::TextRange;

/// Expressions in steps and messages are cut to this many characters.
const MAX_EXPRESSION: usize = 80;

/// A flow finding before positions, scopes and suppressions, with its evidence.
pub struct FlowFinding {
    pub raw: RawFinding,
    pub steps: Vec<FlowStep>,
}

/// Whether any rule of `rules` takes its findings from the data-flow engine.
pub fn wants_flows(rules: &RuleSet) -> bool {
    rules.rules().any(|r| matches!(r.check, Check::Flow(_)))
}

/// Whether any enabled pattern rule is gated on the data flow into its sink.
pub fn wants_gate(rules: &RuleSet) -> bool {
    rules.rules().any(|r| r.gate.is_some())
}

/// One finding per flow whose sink kind has an enabled flow rule.
pub fn findings(
    file: &PythonFile,
    path: &str,
    flows: &FileFlows,
    rules: &RuleSet,
) -> Vec<FlowFinding> {
    let mut out = Vec::new();
    for flow in &flows.flows {
        let Some(index) = all_rules()
            .iter()
            .enumerate()
            .find(|(i, r)| {
                rules.is_enabled(*i) && matches!(r.check, Check::Flow(k) if k == flow.sink)
            })
            .map(|(i, _)| i)
        else {
            continue;
        };
        let rule = all_rules()[index];
        let source = &flows.sources[flow.source as usize];
        let severity = match (source.trust, flow.via_unknown) {
            (Trust::Remote, false) => rule.severity,
            // Whoever runs the program already controls what it runs on; a flow through
            // another file's code is an assumption about that code.
            _ => lower(rule.severity),
        };
        let confidence = if flow.via_unknown {
            Level::Low
        } else if flow.crossed || source.trust == Trust::Local {
            Level::Medium
        } else {
            Level::High
        };
        out.push(FlowFinding {
            raw: RawFinding {
                rule: index,
                range: flow.sink_range,
                node: flow.sink_range,
                stmt_start: flow.sink_range.start(),
                message: message(file, flow, flows),
                severity,
                confidence,
            },
            steps: steps(file, path, flow),
        });
    }
    out
}

fn lower(level: Level) -> Level {
    match level {
        Level::High => Level::Medium,
        _ => Level::Low,
    }
}

/// The source text of a range on one line, shortened.
fn expression(file: &PythonFile, range: TextRange) -> String {
    let text = &file.text[range];
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX_EXPRESSION {
        let cut: String = one_line.chars().take(MAX_EXPRESSION - 1).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// "`request.args['name']` (request data, line 12) reaches `open()` at line 19 through
/// `os.path.join()`: path traversal".
fn message(file: &PythonFile, flow: &Flow, flows: &FileFlows) -> String {
    let source = &flows.sources[flow.source as usize];
    let source_line = file.line_of(source.range.start());
    let sink_line = file.line_of(flow.sink_range.start());
    let mut through: Vec<String> = Vec::new();
    for step in flow.steps.iter().skip(1) {
        if step.kind != StepKind::Step {
            continue;
        }
        let text = expression(file, step.range);
        // Calls name the way; assignments only move the value.
        if let Some(callee) = text
            .split('(')
            .next()
            .filter(|c| text.contains('(') && !c.is_empty())
        {
            let name = format!("`{}()`", callee.trim());
            if !through.contains(&name) && !text.starts_with(&*expression(file, source.range)) {
                through.push(name);
            }
        }
    }
    through.truncate(3);
    let via = if through.is_empty() {
        String::new()
    } else {
        format!(" through {}", through.join(", "))
    };
    let caveat = if flow.via_unknown {
        " (assuming a function of another file passes it on)"
    } else {
        ""
    };
    format!(
        "`{}` ({}, line {source_line}) reaches `{}` at line {sink_line}{via}{caveat}: {}",
        expression(file, source.range),
        source.kind.describe(),
        flow.sink_name.trim_end_matches("()").to_owned()
            + if flow.sink_name.ends_with("()") {
                "()"
            } else {
                ""
            },
        flow.sink.harm()
    )
}

/// The evidence: the source, each step, and the sink, as the contract's flow steps.
fn steps(file: &PythonFile, path: &str, flow: &Flow) -> Vec<FlowStep> {
    let mut out: Vec<FlowStep> = flow
        .steps
        .iter()
        .map(|s| {
            let (line, column) = file.position(s.range.start());
            FlowStep {
                path: path.to_owned(),
                line,
                column,
                expression: expression(file, s.range),
                kind: match s.kind {
                    StepKind::Source => FlowStepKind::Source,
                    StepKind::Step => FlowStepKind::Step,
                    StepKind::Sanitiser => FlowStepKind::Sanitiser,
                },
            }
        })
        .collect();
    let (line, column) = file.position(flow.sink_range.start());
    out.push(FlowStep {
        path: path.to_owned(),
        line,
        column,
        expression: expression(file, flow.sink_range),
        kind: FlowStepKind::Sink,
    });
    out
}

/// What the review states about inputs: each source read, and where it goes.
pub fn input_facts(file: &PythonFile, flows: &FileFlows) -> Vec<Fact> {
    flows
        .sources
        .iter()
        .map(|read| {
            let mut goes: Vec<String> = Vec::new();
            for reach in &read.reaches {
                let text = match reach {
                    Reach::Sink(kind, range) => format!(
                        "reaches {} at line {} ({})",
                        sink_words(file, *range),
                        file.line_of(range.start()),
                        kind.harm()
                    ),
                    Reach::Returned(range) => {
                        format!("is returned (line {})", file.line_of(range.start()))
                    }
                    Reach::Stored(range) => {
                        format!("is stored (line {})", file.line_of(range.start()))
                    }
                };
                if !goes.contains(&text) {
                    goes.push(text);
                }
            }
            let detail = if goes.is_empty() {
                format!(
                    "`{}` ({})",
                    expression(file, read.range),
                    read.kind.describe()
                )
            } else {
                format!(
                    "`{}` ({}), which {}",
                    expression(file, read.range),
                    read.kind.describe(),
                    goes.join(", ")
                )
            };
            Fact {
                kind: FactKind::ExternalInput,
                line: file.line_of(read.range.start()),
                detail,
            }
        })
        .collect()
}

fn sink_words(file: &PythonFile, range: TextRange) -> String {
    let text = expression(file, range);
    match text.split('(').next() {
        Some(callee) if text.contains('(') => format!("`{}()`", callee.trim()),
        _ => format!("`{text}`"),
    }
}
