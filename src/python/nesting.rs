//! How deep a file's syntax tree can be, estimated from its tokens.
//!
//! The parser grows its own stack, but everything after it recurses with the depth of the
//! tree: dropping it, the rule walk, the fact collector, the suppression scan. A 1 MB line of
//! `a+a+a+…` is a left-deep tree 500,000 levels deep that no stack survives, so such a file is
//! refused before anything walks it. The estimate is an upper bound on the depth of nested
//! expressions and statements, computed in one pass over the parser's tokens (after its error
//! recovery, so a half-written file is measured as it was parsed).

use ruff_python_ast::token::{Token, TokenKind as T};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ModModule, Stmt};

/// Nesting beyond which a file is not judged. CPython gives up near 3,000 levels ("maximum
/// recursion depth exceeded during ast construction", and it allows 100 indentation levels
/// and 200 nested brackets), so no Python that runs is refused; at this depth the analysis
/// uses well under the stack it is given (see `rules::analyze::ANALYSIS_STACK`).
pub const MAX_NESTING: usize = 5_000;

/// One open bracket (or the logical line itself, or a lambda's parameter list).
struct Segment {
    /// Links of the current comma-separated element: each operator, attribute, unary `not`,
    /// `lambda`, call or subscript can add a level to a left- or right-deep chain.
    chain: usize,
    /// A lambda's parameters end at its `:`, and their commas do not end the lambda.
    lambda: bool,
}

/// An upper bound on how deeply the expressions and statements of `tokens` nest.
///
/// Each logical line starts at the indentation depth; every open bracket adds one; within a
/// bracket, every token that can nest a node in another (`+`, `.`, `not`, `lambda`, `if`,
/// `:` of a one-line compound statement, a closing bracket that a call or subscript follows…)
/// adds one until a comma or the bracket's end starts a sibling. `and`, `or` and comparisons
/// build flat nodes and do not count.
pub fn estimate(tokens: &[Token]) -> usize {
    let mut indent = 0usize;
    let mut segments = vec![Segment {
        chain: 0,
        lambda: false,
    }];
    // Sum of `chain` over `segments`, kept alongside so each token costs O(1).
    let mut chained = 0usize;
    // `:` of compound statements on one line (`if a: if b: …`, only under error recovery):
    // commas and semicolons between them do not end the nesting.
    let mut headers = 0usize;
    let mut max = 0usize;
    for token in tokens {
        let kind = token.kind();
        match kind {
            T::Indent => indent += 1,
            T::Dedent => indent = indent.saturating_sub(1),
            T::Newline => {
                segments.truncate(1);
                segments[0].chain = 0;
                segments[0].lambda = false;
                chained = 0;
                headers = 0;
            }
            T::Comma | T::Semi | T::FStringMiddle | T::TStringMiddle => {
                let last = segments.last_mut().expect("never empty");
                chained -= last.chain;
                last.chain = 0;
            }
            T::Lpar | T::Lsqb | T::Lbrace | T::FStringStart | T::TStringStart => {
                segments.push(Segment {
                    chain: 0,
                    lambda: false,
                })
            }
            T::Rpar | T::Rsqb | T::Rbrace | T::FStringEnd | T::TStringEnd => {
                if segments.len() > 1 {
                    let closed = segments.pop().expect("more than one");
                    chained -= closed.chain;
                }
                // A closed group is one more link of the chain it is in: `f()()()`, `a[0][0]`.
                // A string is an atom, like a name, and implicit concatenation is flat.
                if !matches!(kind, T::FStringEnd | T::TStringEnd) {
                    segments.last_mut().expect("never empty").chain += 1;
                    chained += 1;
                }
            }
            T::Lambda => {
                segments.last_mut().expect("never empty").chain += 1;
                chained += 1;
                segments.push(Segment {
                    chain: 0,
                    lambda: true,
                });
            }
            T::Colon if segments.last().is_some_and(|s| s.lambda) => {
                let params = segments.pop().expect("a lambda segment");
                chained -= params.chain;
            }
            T::Colon if segments.len() == 1 => headers += 1,
            T::And
            | T::Or
            | T::EqEqual
            | T::NotEqual
            | T::Less
            | T::Greater
            | T::LessEqual
            | T::GreaterEqual
            | T::In
            | T::Is => {}
            k if k.is_operator() || k.is_keyword() => {
                segments.last_mut().expect("never empty").chain += 1;
                chained += 1;
            }
            _ => {}
        }
        max = max.max(indent + headers + (segments.len() - 1) + chained);
    }
    // The statement itself and the name or literal at the bottom of the chain.
    max + 2
}

/// The actual depth of nested statements and expressions of a module, by walking it: for
/// tests and the fuzz target, which check that [`estimate`] bounds it. Recurses as deep as
/// the tree is, so only call it on trees within [`MAX_NESTING`].
pub fn tree_depth(module: &ModModule) -> usize {
    let mut d = Depth { now: 0, max: 0 };
    d.visit_body(&module.body);
    d.max
}

struct Depth {
    now: usize,
    max: usize,
}

impl<'a> Visitor<'a> for Depth {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.now += 1;
        self.max = self.max.max(self.now);
        visitor::walk_stmt(self, stmt);
        self.now -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.now += 1;
        self.max = self.max.max(self.now);
        visitor::walk_expr(self, expr);
        self.now -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::parse_unchecked_source;

    fn both(src: &str) -> (usize, usize) {
        let parsed = parse_unchecked_source(src, ruff_python_ast::PySourceType::Python);
        (estimate(parsed.tokens()), tree_depth(parsed.syntax()))
    }

    #[test]
    fn bounds_the_depth_of_deep_shapes() {
        let shapes = [
            format!("x = {}a\n", "a+".repeat(300)),
            format!("x = {}a\n", "not ".repeat(300)),
            format!("x = {}a\n", "- ".repeat(300)),
            format!("x = {}a\n", "lambda: ".repeat(300)),
            format!("x = {}a\n", "lambda a, b=1, *c: ".repeat(300)),
            format!("x = a{}\n", ".b".repeat(300)),
            format!("x = f{}\n", "()".repeat(300)),
            format!("x = a{}\n", "[0]".repeat(300)),
            format!("x = {}c\n", "a if b else ".repeat(300)),
            format!("x = {}a\n", "a**".repeat(300)),
            format!("x = {}a{}\n", "(".repeat(300), ")".repeat(300)),
            format!("x = {}a{}\n", "f(a, ".repeat(300), ")".repeat(300)),
            format!("x = f'{{{}a}}'\n", "a+".repeat(300)),
            format!("x = ({}a\n", "a +\n".repeat(300)),
            format!("{}pass\n", "if a: x, ".repeat(300)),
            (0..300)
                .map(|i| format!("{}if x:\n", " ".repeat(i)))
                .collect::<String>()
                + &" ".repeat(300)
                + "pass\n",
        ];
        for src in &shapes {
            let (est, depth) = both(src);
            assert!(depth <= est, "{est} < {depth} for {}", &src[..40]);
            // Parentheses and one-line compound statements make no nested nodes.
            let flat = src.starts_with("if a") || src.starts_with("x = ((");
            assert!(depth >= 300 || flat, "{depth}: {}", &src[..40]);
        }
    }

    #[test]
    fn flat_code_stays_shallow() {
        let list = format!("x = [{}]\n", "-1, ".repeat(10_000));
        assert!(both(&list).0 < 8);
        let ors = format!("x = {}a\n", "a == 1 or ".repeat(10_000));
        assert!(both(&ors).0 < 8);
        let dict = format!("x = {{{}}}\n", "'k': -1, ".repeat(10_000));
        assert!(both(&dict).0 < 8);
        let strings = format!("x = ({})\n", "'s' f'{a}'\n".repeat(10_000));
        assert!(both(&strings).0 < 8);
        let lines = "import os.path\nx = os.path.join(a, b)\n".repeat(1_000);
        assert!(both(&lines).0 < 10);
    }
}
