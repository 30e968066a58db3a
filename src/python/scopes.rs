//! The scope tree: every function, method and class with its `__qualname__`, span and
//! test-ness, and the innermost scope of every line.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_source_file::LineIndex;
use ruff_text_size::Ranged;

/// What kind of scope, as the contract names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Function,
    Class,
    Module,
}

impl ScopeKind {
    /// The contract's lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Function => "function",
            ScopeKind::Class => "class",
            ScopeKind::Module => "module",
        }
    }
}

/// A function, method, class, or the module itself.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Python's `__qualname__` (`Cls.method`, `outer.<locals>.inner`, `<module>`).
    pub qualname: String,
    pub kind: ScopeKind,
    /// Test code: judged with test-aware rules.
    pub is_test: bool,
    /// First decorator's line, or the `def`/`class` line.
    pub start_line: u32,
    /// Last line of the body (`end_lineno`).
    pub end_line: u32,
    /// Index of the enclosing scope; `None` only for the module.
    pub parent: Option<usize>,
}

/// All scopes of a file in source order (the module first) and a line → innermost-scope map.
#[derive(Debug, Clone)]
pub struct ScopeTree {
    pub scopes: Vec<Scope>,
    /// `innermost[line - 1]` is the index of the innermost scope of `line`.
    innermost: Vec<u32>,
}

/// Base class names that make a class a `unittest`-style test case.
const TEST_CASE_BASES: &[&str] = &[
    "TestCase",
    "IsolatedAsyncioTestCase",
    "AsyncTestCase",
    "SimpleTestCase",
    "TransactionTestCase",
    "LiveServerTestCase",
    "StaticLiveServerTestCase",
    "APITestCase",
    "APISimpleTestCase",
];

/// True when the path alone makes a file test code: `test_*.py`, `*_test.py`, `conftest.py`,
/// or anything under a `tests/` or `test/` directory.
pub fn is_test_path(path: &str) -> bool {
    let mut parts = path.split('/').collect::<Vec<_>>();
    let name = parts.pop().unwrap_or("");
    let stem = name
        .strip_suffix(".py")
        .or_else(|| name.strip_suffix(".pyi"))
        .unwrap_or(name);
    stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem == "conftest"
        || parts.iter().any(|d| *d == "tests" || *d == "test")
}

impl ScopeTree {
    /// Builds the tree for a parsed module.
    pub fn build(path: &str, module: &ast::ModModule, lines: &LineIndex) -> Self {
        let line_count = lines.line_count().max(1) as u32;
        let mut builder = Builder {
            lines,
            scopes: vec![Scope {
                qualname: "<module>".into(),
                kind: ScopeKind::Module,
                is_test: is_test_path(path),
                start_line: 1,
                end_line: line_count,
                parent: None,
            }],
            test_case_classes: Vec::new(),
        };
        builder.visit_body(&module.body, 0);
        let mut innermost = vec![0u32; line_count as usize];
        // Source order is pre-order, so a nested scope overwrites its parent's lines.
        for (i, s) in builder.scopes.iter().enumerate().skip(1) {
            let start = (s.start_line as usize)
                .saturating_sub(1)
                .min(innermost.len());
            let end = (s.end_line as usize).min(innermost.len());
            for slot in &mut innermost[start..end] {
                *slot = i as u32;
            }
        }
        ScopeTree {
            scopes: builder.scopes,
            innermost,
        }
    }

    /// Index of the innermost scope containing a 1-based line (lines past the end: the module).
    pub fn innermost_at(&self, line: u32) -> usize {
        self.innermost
            .get((line as usize).wrapping_sub(1))
            .copied()
            .unwrap_or(0) as usize
    }

    /// The innermost scope containing a 1-based line.
    pub fn at(&self, line: u32) -> &Scope {
        &self.scopes[self.innermost_at(line)]
    }
}

struct Builder<'a> {
    lines: &'a LineIndex,
    scopes: Vec<Scope>,
    /// Names of classes in this file known to derive from a test case class.
    test_case_classes: Vec<String>,
}

impl Builder<'_> {
    fn line(&self, offset: ruff_text_size::TextSize) -> u32 {
        self.lines.line_index(offset).get() as u32
    }

    /// The line of the last character of a node (its `end_lineno`).
    fn end_line(&self, node: &impl Ranged) -> u32 {
        let end = node.end();
        let before = if end > node.start() {
            end - ruff_text_size::TextSize::from(1)
        } else {
            end
        };
        self.line(before)
    }

    fn child_qualname(&self, parent: usize, name: &str) -> String {
        let p = &self.scopes[parent];
        match p.kind {
            ScopeKind::Module => name.to_owned(),
            ScopeKind::Class => format!("{}.{name}", p.qualname),
            ScopeKind::Function => format!("{}.<locals>.{name}", p.qualname),
        }
    }

    fn push(
        &mut self,
        parent: usize,
        name: &str,
        kind: ScopeKind,
        is_test: bool,
        stmt: &Stmt,
    ) -> usize {
        let qualname = self.child_qualname(parent, name);
        let start_line = self.line(stmt.start());
        let end_line = self.end_line(stmt).max(start_line);
        self.scopes.push(Scope {
            qualname,
            kind,
            is_test,
            start_line,
            end_line,
            parent: Some(parent),
        });
        self.scopes.len() - 1
    }

    fn is_test_case_base(&self, base: &Expr) -> bool {
        let last = match base {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.id.as_str(),
            _ => return false,
        };
        TEST_CASE_BASES.contains(&last)
            || last.ends_with("TestCase")
            || self.test_case_classes.iter().any(|c| c == last)
    }

    fn visit_body(&mut self, body: &[Stmt], parent: usize) {
        for stmt in body {
            self.visit_stmt(stmt, parent);
        }
    }

    fn visit_stmt(&mut self, stmt: &Stmt, parent: usize) {
        let parent_test = self.scopes[parent].is_test;
        match stmt {
            Stmt::FunctionDef(f) => {
                let parent_is_test_class =
                    self.scopes[parent].kind == ScopeKind::Class && parent_test;
                let name = f.name.id.as_str();
                let is_test = parent_test
                    || parent_is_test_class
                    || name.starts_with("test_")
                    || name == "test"
                    || f.decorator_list.iter().any(|d| is_fixture(&d.expression));
                let idx = self.push(parent, name, ScopeKind::Function, is_test, stmt);
                self.visit_body(&f.body, idx);
            }
            Stmt::ClassDef(c) => {
                let name = c.name.id.as_str();
                let test_case = c
                    .arguments
                    .as_ref()
                    .is_some_and(|args| args.args.iter().any(|b| self.is_test_case_base(b)));
                if test_case {
                    self.test_case_classes.push(name.to_owned());
                }
                let is_test = parent_test || test_case || name.starts_with("Test");
                let idx = self.push(parent, name, ScopeKind::Class, is_test, stmt);
                self.visit_body(&c.body, idx);
            }
            Stmt::If(s) => {
                self.visit_body(&s.body, parent);
                for clause in &s.elif_else_clauses {
                    self.visit_body(&clause.body, parent);
                }
            }
            Stmt::For(s) => {
                self.visit_body(&s.body, parent);
                self.visit_body(&s.orelse, parent);
            }
            Stmt::While(s) => {
                self.visit_body(&s.body, parent);
                self.visit_body(&s.orelse, parent);
            }
            Stmt::With(s) => self.visit_body(&s.body, parent),
            Stmt::Try(s) => {
                self.visit_body(&s.body, parent);
                for h in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    self.visit_body(&h.body, parent);
                }
                self.visit_body(&s.orelse, parent);
                self.visit_body(&s.finalbody, parent);
            }
            Stmt::Match(s) => {
                for case in &s.cases {
                    self.visit_body(&case.body, parent);
                }
            }
            _ => {}
        }
    }
}

/// `@pytest.fixture`, `@fixture`, `@pytest.fixture(scope="module")`.
fn is_fixture(decorator: &Expr) -> bool {
    let target = match decorator {
        Expr::Call(c) => &*c.func,
        other => other,
    };
    match target {
        Expr::Name(n) => n.id.as_str() == "fixture",
        Expr::Attribute(a) => a.attr.id.as_str() == "fixture",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::parse_module;

    fn tree(path: &str, src: &str) -> ScopeTree {
        let parsed = parse_module(src).unwrap();
        let lines = LineIndex::from_source_text(src);
        ScopeTree::build(path, parsed.syntax(), &lines)
    }

    #[test]
    fn qualnames_spans_and_tests() {
        let src = "\
import x

@dec
def outer():
    def inner():
        class C:
            def m(self):
                pass
    return inner

class TestThing:
    def helper(self):
        pass

class Base(unittest.TestCase):
    pass

class Derived(Base):
    def check(self):
        pass
";
        let t = tree("pkg/mod.py", src);
        let names: Vec<_> = t.scopes.iter().map(|s| s.qualname.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "<module>",
                "outer",
                "outer.<locals>.inner",
                "outer.<locals>.inner.<locals>.C",
                "outer.<locals>.inner.<locals>.C.m",
                "TestThing",
                "TestThing.helper",
                "Base",
                "Derived",
                "Derived.check"
            ]
        );
        assert_eq!((t.scopes[1].start_line, t.scopes[1].end_line), (3, 9));
        assert_eq!(t.at(8).qualname, "outer.<locals>.inner.<locals>.C.m");
        assert_eq!(t.at(9).qualname, "outer");
        assert_eq!(t.at(1).qualname, "<module>");
        assert!(!t.at(4).is_test);
        assert!(t.at(13).is_test);
        assert!(t.at(20).is_test, "indirect TestCase subclass");
    }

    #[test]
    fn test_paths() {
        assert!(is_test_path("tests/a.py"));
        assert!(is_test_path("pkg/test/a.py"));
        assert!(is_test_path("pkg/test_a.py"));
        assert!(is_test_path("pkg/a_test.py"));
        assert!(is_test_path("conftest.py"));
        assert!(!is_test_path("pkg/testing.py"));
        assert!(!is_test_path("pkg/contest.py"));
    }
}
