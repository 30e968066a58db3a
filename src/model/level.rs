//! The two scales every finding is placed on: how bad (a [`Level`]) and which part of a review
//! it belongs to (an [`Aspect`]).

use serde::{Deserialize, Serialize};

/// Bandit's three-level scale, for both severity and confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    /// The lower-case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

impl super::Named for Level {
    const ALL: &'static [Self] = &[Level::Low, Level::Medium, Level::High];
    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// The six aspects of a per-commit review; every rule belongs to exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Aspect {
    ExternalInputs,
    ExceptionHandling,
    ResourceCleanup,
    MockingAndAssertions,
    AccessToResources,
    DataProtection,
}

impl Aspect {
    /// Every aspect, in the order a review lists them.
    pub const ALL: [Aspect; 6] = [
        Aspect::ExternalInputs,
        Aspect::ExceptionHandling,
        Aspect::ResourceCleanup,
        Aspect::MockingAndAssertions,
        Aspect::AccessToResources,
        Aspect::DataProtection,
    ];

    /// The heading a review uses.
    pub fn title(self) -> &'static str {
        match self {
            Aspect::ExternalInputs => "Handling of external inputs",
            Aspect::ExceptionHandling => "Exception handling",
            Aspect::ResourceCleanup => "Resource cleanup",
            Aspect::MockingAndAssertions => "Mocking and assertions",
            Aspect::AccessToResources => "Access to resources",
            Aspect::DataProtection => "Data protection",
        }
    }
}
