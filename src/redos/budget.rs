//! Work units: every step of the analysis spends some, so a pathological pattern stops early.

/// Work units one analysis may spend (ε-closure steps, product pairs and edges, simulation
/// steps). A typical pattern spends a few thousand.
pub const DEFAULT_BUDGET: u64 = 1_000_000;
/// Most NFA states one pattern may grow to.
pub(crate) const MAX_STATES: usize = 20_000;

#[derive(Debug)]
pub(crate) struct Budget {
    pub left: u64,
    pub spent: u64,
    pub max_states: usize,
}

impl Budget {
    pub fn new(units: u64) -> Self {
        Budget {
            left: units,
            spent: 0,
            max_states: MAX_STATES,
        }
    }

    pub fn spend(&mut self, units: u64) -> Result<(), String> {
        if self.left < units {
            self.spent += self.left;
            self.left = 0;
            return Err(format!(
                "analysis budget of {} work units exhausted",
                self.spent
            ));
        }
        self.left -= units;
        self.spent += units;
        Ok(())
    }
}
