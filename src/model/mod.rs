//! The finding model: what a scan produces and every report format is a pure function of.
//! It is the leaf of the module graph: every stage may use it, and it uses none of them.
//! Field names and shapes follow `CONTRACT.md`.

mod finding;
mod level;
pub mod lines;
mod list;
mod results;
mod run;

pub use finding::{Finding, FlowStep, FlowStepKind};
pub use level::{Aspect, Level};
pub use lines::LineRange;
pub use list::{FindingList, ListBuilder};
pub use results::{
    CommitResult, FactKind, FactRecord, FileResult, RangeSummary, Scanned, ScopeResult, Tool,
};
pub use run::{Named, RuleInfo, RunInfo, ScopeMode, TestMode, TestPolicy};
