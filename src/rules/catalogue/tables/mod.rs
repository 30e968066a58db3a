//! Bandit's blacklists: families of checks as data tables, one rule per entry.

mod blacklist_calls;
mod blacklist_imports;

// What a table sees as `super::…`.
use super::{Check, Level, Rule};
use crate::model::{Aspect, TestPolicy};

/// Every table's rules.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    blacklist_calls::RULES
        .iter()
        .chain(blacklist_imports::RULES)
}
