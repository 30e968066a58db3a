//! The rules stage: the engine (walk, context, suppression, selection, registry, the analysis
//! of one file) in `engine/`, and the catalogue of rules in `catalogue/`.

pub mod catalogue;
pub mod engine;

pub use engine::analyze::{analyze, analyze_focused, AnalysisOptions, FileAnalysis};
pub use engine::{all_rules, find_rule, rule_info, Rule, RuleSet};
