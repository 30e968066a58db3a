//! How deeply a syntax tree nests, measured without risking the stack.
//!
//! The parser grows its own stack, but everything after it recurses with the depth of the
//! tree: dropping it, the rule walk, the fact collector. A 1 MB line of `a+a+a+…` is a
//! left-deep tree 500,000 levels deep that no stack survives, so such a file is refused
//! before anything else walks it. The measuring walk stops descending at the limit, so it
//! never recurses deeper than the walks it protects are allowed to.
//!
//! (An estimate from the tokens alone was tried first: the parser's error recovery can keep
//! a bracket open across lines and statements, so no token rule bounded every tree it
//! builds; the property tests found counterexamples within seconds.)

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, InterpolatedStringElement, ModModule, Pattern, Stmt};

/// Nesting beyond which a file is not judged. CPython gives up near 3,000 levels ("maximum
/// recursion depth exceeded during ast construction"; it also allows only 100 indentation
/// levels and 200 nested brackets), so no Python that runs is refused. At this depth the
/// analysis uses well under the stack it is given (see `rules::analyze::ANALYSIS_STACK`).
pub const MAX_NESTING: usize = 5_000;

/// Stack that the walks over a tree of [`MAX_NESTING`] levels may take, with room to spare:
/// about 16 MiB was measured in a debug build over the deep shapes of `tests/hostile.rs`
/// (optimised builds take a fraction of that).
pub const STACK_FOR_MAX_NESTING: usize = 64 * 1024 * 1024;

/// The depth of nested statements, expressions, patterns and f-string parts of a module,
/// or `None` when it exceeds `limit` (the walk then stops at `limit` levels).
pub fn depth_within(module: &ModModule, limit: usize) -> Option<usize> {
    let mut d = Depth {
        now: 0,
        max: 0,
        limit,
        exceeded: false,
    };
    d.visit_body(&module.body);
    (!d.exceeded).then_some(d.max)
}

/// The depth of a module's tree, however deep: for tests of trees known to be shallow.
pub fn tree_depth(module: &ModModule) -> usize {
    depth_within(module, usize::MAX).unwrap_or(usize::MAX)
}

struct Depth {
    now: usize,
    max: usize,
    limit: usize,
    exceeded: bool,
}

impl Depth {
    /// Enters one level; false when that would pass the limit (and nothing below is visited).
    fn enter(&mut self) -> bool {
        if self.exceeded || self.now >= self.limit {
            self.exceeded = true;
            return false;
        }
        self.now += 1;
        self.max = self.max.max(self.now);
        true
    }
}

// Every node kind whose walk can recurse into itself is counted: statements (blocks),
// expressions, match patterns, and f-string elements (format specs nest without an
// expression in between).
impl<'a> Visitor<'a> for Depth {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.enter() {
            visitor::walk_stmt(self, stmt);
            self.now -= 1;
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.enter() {
            visitor::walk_expr(self, expr);
            self.now -= 1;
        }
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        if self.enter() {
            visitor::walk_pattern(self, pattern);
            self.now -= 1;
        }
    }

    fn visit_interpolated_string_element(&mut self, element: &'a InterpolatedStringElement) {
        if self.enter() {
            visitor::walk_interpolated_string_element(self, element);
            self.now -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::parse_unchecked_source;

    fn depth(src: &str, limit: usize) -> Option<usize> {
        let parsed = parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
        depth_within(parsed.syntax(), limit)
    }

    #[test]
    fn measures_and_stops_at_the_limit() {
        assert_eq!(depth("x = 1\n", 10), Some(2));
        assert_eq!(depth("x = a + b + c\n", 10), Some(4));
        assert_eq!(depth("if a:\n    if b:\n        pass\n", 10), Some(3));
        assert_eq!(
            depth("match x:\n    case [[[1]]]:\n        pass\n", 10),
            Some(6)
        );
        assert_eq!(depth("f'{x:{y}}'\n", 10), Some(5));
        let chain = format!("x = {}a\n", "a+".repeat(300));
        assert_eq!(depth(&chain, 1_000), Some(302));
        assert_eq!(depth(&chain, 301), None);
        // Recovery keeps the set open across the line: the lambda is inside it.
        assert_eq!(depth("{\n)\nlambda: x\n", 10), Some(4));
    }
}
