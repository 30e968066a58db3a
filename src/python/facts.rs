//! Facts a reviewer states about changed code that are not defects: which external inputs it
//! reads, which exception handlers it adds and what they do, which resources it opens, which
//! mocks and assertions tests add. The review format counts them for the changed lines.

use super::{Focus, ImportTable};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_source_file::LineIndex;
use ruff_text_size::Ranged;

pub use crate::model::FactKind;

/// One observation, at a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub kind: FactKind,
    pub line: u32,
    /// What exactly (`sys.argv`, `open`, `mock.patch`).
    pub detail: String,
}

/// Collects the facts of a module's statements that `focus` wants.
pub fn collect(
    module: &ast::ModModule,
    imports: &ImportTable,
    lines: &LineIndex,
    focus: &Focus,
) -> Vec<Fact> {
    let mut c = Collector {
        imports,
        lines,
        focus,
        facts: Vec::new(),
    };
    c.visit_body(&module.body);
    c.facts
}

const INPUT_NAMES: &[&str] = &["sys.argv", "os.environ", "sys.stdin"];
const INPUT_CALLS: &[&str] = &[
    "input",
    "os.getenv",
    "os.environ.get",
    "raw_input",
    "sys.stdin.read",
    "sys.stdin.readline",
];
const RESOURCE_CALLS: &[&str] = &[
    "open",
    "io.open",
    "socket.socket",
    "socket.create_connection",
    "subprocess.Popen",
    "tempfile.NamedTemporaryFile",
    "tempfile.TemporaryFile",
    "tempfile.mkstemp",
    "tempfile.mkdtemp",
    "sqlite3.connect",
    "urllib.request.urlopen",
];

struct Collector<'a> {
    imports: &'a ImportTable,
    lines: &'a LineIndex,
    focus: &'a Focus,
    facts: Vec<Fact>,
}

impl Collector<'_> {
    fn line_of(&self, offset: ruff_text_size::TextSize) -> u32 {
        self.lines.line_index(offset).get() as u32
    }

    fn push(&mut self, kind: FactKind, node: &impl Ranged, detail: impl Into<String>) {
        let line = self.line_of(node.start());
        self.facts.push(Fact {
            kind,
            line,
            detail: detail.into(),
        });
    }
}

impl<'a> Visitor<'a> for Collector<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // Every fact lies within the statement that yields it, so skipping is exact.
        if !self
            .focus
            .wants(self.line_of(stmt.start()), self.line_of(stmt.end()))
        {
            return;
        }
        match stmt {
            Stmt::Assert(s) => self.push(FactKind::Assertion, s, "assert"),
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    let what = h.type_.as_deref().map(|t| {
                        self.imports
                            .qualified_name(t)
                            .unwrap_or_else(|| "(…)".into())
                    });
                    self.push(
                        match handler_outcome(h, self.imports) {
                            HandlerOutcome::Reraises => FactKind::HandlerReraises,
                            HandlerOutcome::Logs => FactKind::HandlerLogs,
                            HandlerOutcome::Swallows => FactKind::HandlerSwallows,
                        },
                        h,
                        what.unwrap_or_else(|| "bare except".into()),
                    );
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Expr::Call(c) = &item.context_expr {
                        if let Some(name) = self.imports.qualified_name(&c.func) {
                            if RESOURCE_CALLS.contains(&name.as_str()) {
                                self.push(FactKind::ResourceManaged, c, name);
                            }
                        }
                    }
                }
            }
            Stmt::FunctionDef(f) => {
                // A called decorator is seen as a call; only bare ones need counting here.
                for d in &f.decorator_list {
                    if matches!(d.expression, Expr::Call(_)) {
                        continue;
                    }
                    if let Some(name) = self.imports.qualified_name(&d.expression) {
                        if is_mock_patch(&name) {
                            self.push(FactKind::Mock, d, name);
                        }
                    }
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(c) => {
                if let Some(name) = self.imports.qualified_name(&c.func) {
                    if INPUT_CALLS.contains(&name.as_str()) {
                        self.push(FactKind::ExternalInput, c, format!("{name}()"));
                    } else if RESOURCE_CALLS.contains(&name.as_str()) {
                        self.push(FactKind::ResourceOpened, c, name);
                    } else if is_mock_patch(&name) || is_mock_object(&name) {
                        self.push(FactKind::Mock, c, name);
                    } else if name.starts_with("self.assert") {
                        self.push(FactKind::Assertion, c, name);
                    }
                }
                // Don't also count `os.environ` inside `os.environ.get(...)`.
                if let Expr::Attribute(a) = &*c.func {
                    if self
                        .imports
                        .qualified_name(&a.value)
                        .is_some_and(|n| INPUT_NAMES.contains(&n.as_str()))
                    {
                        visitor::walk_arguments(self, &c.arguments);
                        return;
                    }
                }
            }
            Expr::Attribute(_) | Expr::Name(_) => {
                if let Some(name) = self.imports.qualified_name(expr) {
                    if INPUT_NAMES.contains(&name.as_str()) {
                        self.push(FactKind::ExternalInput, expr, name);
                        return;
                    }
                    if name.starts_with("request.") || name.starts_with("flask.request.") {
                        let field = name
                            .trim_start_matches("flask.")
                            .splitn(3, '.')
                            .take(2)
                            .collect::<Vec<_>>()
                            .join(".");
                        self.push(FactKind::ExternalInput, expr, field);
                        return;
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

fn is_mock_patch(name: &str) -> bool {
    name.ends_with("mock.patch")
        || name.ends_with("mock.patch.object")
        || name.ends_with("mock.patch.dict")
        || name == "patch"
        || name == "patch.object"
        || name == "patch.dict"
        || name.ends_with("monkeypatch.setattr")
}

fn is_mock_object(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    matches!(
        last,
        "Mock" | "MagicMock" | "AsyncMock" | "NonCallableMock" | "create_autospec"
    )
}

/// What an `except` handler does with the error it caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerOutcome {
    /// Raises (the same or another exception) or leaves the process (`sys.exit`).
    Reraises,
    /// Logs it (`logging.*`, a logger's methods, `traceback.print_exc`, `warnings.warn`).
    Logs,
    /// Neither: the error vanishes.
    Swallows,
}

/// Judges a handler's body. Code in nested functions and lambdas runs later, not in the
/// handler, so it does not count.
pub fn handler_outcome(
    handler: &ast::ExceptHandlerExceptHandler,
    imports: &ImportTable,
) -> HandlerOutcome {
    let mut judge = HandlerJudge {
        imports,
        raises: false,
        logs: false,
    };
    judge.visit_body(&handler.body);
    if judge.raises {
        HandlerOutcome::Reraises
    } else if judge.logs {
        HandlerOutcome::Logs
    } else {
        HandlerOutcome::Swallows
    }
}

/// Methods of a logger that record something.
const LOG_METHODS: &[&str] = &[
    "exception",
    "error",
    "warning",
    "warn",
    "info",
    "debug",
    "critical",
    "fatal",
    "log",
];

struct HandlerJudge<'a> {
    imports: &'a ImportTable,
    raises: bool,
    logs: bool,
}

impl HandlerJudge<'_> {
    /// A receiver that is a logger: `logging`, `logging.getLogger(...)`, or a name like
    /// `log`, `logger`, `self._logger`, `audit_log`.
    fn is_logger(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Call(c) => self.imports.qualified_name(&c.func).is_some_and(|n| {
                n.starts_with("logging.") || n.ends_with("getLogger") || n.ends_with("get_logger")
            }),
            Expr::Name(_) | Expr::Attribute(_) => {
                let Some(name) = self.imports.qualified_name(expr) else {
                    return false;
                };
                if name == "logging" {
                    return true;
                }
                let last = name
                    .rsplit('.')
                    .next()
                    .unwrap_or(&name)
                    .to_ascii_lowercase();
                let last = last.trim_start_matches('_');
                last == "log" || last.ends_with("logger") || last.ends_with("_log")
            }
            _ => false,
        }
    }

    fn logs_or_exits(&self, call: &ast::ExprCall) -> (bool, bool) {
        if let Some(name) = self.imports.qualified_name(&call.func) {
            if matches!(name.as_str(), "sys.exit" | "os._exit") {
                return (true, false);
            }
            if name.starts_with("logging.")
                || matches!(
                    name.as_str(),
                    "traceback.print_exc" | "traceback.print_exception" | "warnings.warn"
                )
            {
                return (false, true);
            }
        }
        let logs = matches!(&*call.func, Expr::Attribute(a)
            if LOG_METHODS.contains(&a.attr.id.as_str()) && self.is_logger(&a.value));
        (false, logs)
    }
}

impl<'a> Visitor<'a> for HandlerJudge<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Raise(_) => self.raises = true,
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Lambda(_) => {}
            Expr::Call(call) => {
                let (exits, logs) = self.logs_or_exits(call);
                self.raises |= exits;
                self.logs |= logs;
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::parse_module;

    fn facts(src: &str) -> Vec<(FactKind, u32, String)> {
        let parsed = parse_module(src).unwrap();
        let imports = ImportTable::build(parsed.syntax());
        let lines = LineIndex::from_source_text(src);
        collect(parsed.syntax(), &imports, &lines, &Focus::Whole)
            .into_iter()
            .map(|f| (f.kind, f.line, f.detail))
            .collect()
    }

    #[test]
    fn inputs_handlers_resources_mocks() {
        let got = facts(
            "import sys, os\nfrom unittest import mock\nx = sys.argv[1]\ny = os.environ.get('A')\ntry:\n    f = open(x)\nexcept OSError:\n    raise\nexcept Exception:\n    log.exception('x')\nexcept:\n    pass\n@mock.patch('a.b')\ndef test_t(m):\n    assert m\n    with open('f') as g:\n        pass\n",
        );
        use FactKind::*;
        assert_eq!(
            got,
            vec![
                (ExternalInput, 3, "sys.argv".into()),
                (ExternalInput, 4, "os.environ.get()".into()),
                (HandlerReraises, 7, "OSError".into()),
                (HandlerLogs, 9, "Exception".into()),
                (HandlerSwallows, 11, "bare except".into()),
                (ResourceOpened, 6, "open".into()),
                (Mock, 13, "unittest.mock.patch".into()),
                (Assertion, 15, "assert".into()),
                (ResourceManaged, 16, "open".into()),
                (ResourceOpened, 16, "open".into()),
            ]
        );
    }
}
