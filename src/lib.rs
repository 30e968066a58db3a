//! hunkguard: Bandit's security checks on exactly the Python lines a git change touched.
//!
//! The pipeline (see `DESIGN.md`): [`git`] resolves what to scan into change sets, [`diff`]
//! finds the changed lines, [`python`] parses and maps lines to scopes, [`rules`] finds
//! defects, [`scan`] drives one change set through them, and [`report`] renders the results.
//! [`hook`] installs the git hooks that run it.

pub mod config;
pub mod dataflow;
pub mod diff;
pub mod git;
pub mod hook;
pub mod model;
pub mod python;
pub mod redos;
pub mod report;
pub mod rules;
pub mod runner;
pub mod scan;
