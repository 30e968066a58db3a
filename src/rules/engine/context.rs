//! What a rule sees: the node, its ancestors, the file, and the import table.

use crate::python::PythonFile;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::cell::OnceCell;

use super::Level;

/// A node handed to a rule, by kind.
#[derive(Clone, Copy)]
pub enum Node<'a> {
    Call(&'a ast::ExprCall),
    Import(&'a ast::StmtImport),
    ImportFrom(&'a ast::StmtImportFrom),
    StringLiteral(&'a ast::ExprStringLiteral),
    BytesLiteral(&'a ast::ExprBytesLiteral),
    FString(&'a ast::ExprFString),
    Assert(&'a ast::StmtAssert),
    Try(&'a ast::StmtTry),
    FunctionDef(&'a ast::StmtFunctionDef),
    ClassDef(&'a ast::StmtClassDef),
    Assign(&'a ast::StmtAssign),
    AnnAssign(&'a ast::StmtAnnAssign),
    AugAssign(&'a ast::StmtAugAssign),
    Compare(&'a ast::ExprCompare),
    Dict(&'a ast::ExprDict),
    BinOp(&'a ast::ExprBinOp),
    With(&'a ast::StmtWith),
    Attribute(&'a ast::ExprAttribute),
    Subscript(&'a ast::ExprSubscript),
    Name(&'a ast::ExprName),
    Module(&'a ast::ModModule),
}

/// An ancestor of the node being checked.
#[derive(Clone, Copy)]
pub enum Ancestor<'a> {
    Stmt(&'a Stmt),
    Expr(&'a Expr),
}

impl Ancestor<'_> {
    /// The ancestor's source range.
    pub fn range(&self) -> TextRange {
        match self {
            Ancestor::Stmt(s) => s.range(),
            Ancestor::Expr(e) => e.range(),
        }
    }
}

/// Everything a check may consult besides the node itself.
pub struct Context<'a> {
    pub file: &'a PythonFile,
    /// The file's path in the repository.
    pub path: &'a str,
    /// Ancestors of the current node, outermost first (the node itself is not included).
    pub ancestors: Vec<Ancestor<'a>>,
    /// The names of the call being checked, worked out once for the twenty-odd call checks.
    pub call_names: CallNames<'a>,
}

/// The two names of the function a call calls, each computed on first use. Building them
/// allocates, and was a tenth of a whole-file scan's time when every check built its own.
#[derive(Default)]
pub struct CallNames<'a> {
    func: Option<&'a Expr>,
    bandit: OnceCell<String>,
    qualified: OnceCell<Option<String>>,
}

impl<'a> CallNames<'a> {
    /// Forgets the previous call's names: `call` is checked next.
    pub fn start(&mut self, call: &'a ast::ExprCall) {
        *self = CallNames {
            func: Some(&call.func),
            ..CallNames::default()
        };
    }

    fn is_for(&self, expr: &Expr) -> bool {
        self.func.is_some_and(|f| std::ptr::eq(f, expr))
    }

    /// Bandit's qualified name of `expr`, from the memo when `expr` is the current callee.
    pub fn bandit(&self, expr: &Expr, compute: impl FnOnce() -> String) -> String {
        if self.is_for(expr) {
            self.bandit.get_or_init(compute).clone()
        } else {
            compute()
        }
    }

    /// The import-table name of `expr`, from the memo when `expr` is the current callee.
    pub fn qualified(
        &self,
        expr: &Expr,
        compute: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        if self.is_for(expr) {
            self.qualified.get_or_init(compute).clone()
        } else {
            compute()
        }
    }
}

impl<'a> Context<'a> {
    /// The dotted name an expression refers to, through the import table.
    pub fn qualified_name(&self, expr: &Expr) -> Option<String> {
        self.call_names
            .qualified(expr, || self.file.imports.qualified_name(expr))
    }

    /// The qualified name of the function a call calls (`subprocess.Popen`).
    pub fn call_name(&self, call: &ast::ExprCall) -> Option<String> {
        self.qualified_name(&call.func)
    }

    /// The direct parent of the current node.
    pub fn parent(&self) -> Option<Ancestor<'a>> {
        self.ancestors.last().copied()
    }

    /// Ancestors, innermost first.
    pub fn ancestors_up(&self) -> impl Iterator<Item = Ancestor<'a>> + '_ {
        self.ancestors.iter().rev().copied()
    }

    /// The innermost statement containing the current node.
    pub fn current_stmt(&self) -> Option<&'a Stmt> {
        self.ancestors_up().find_map(|a| match a {
            Ancestor::Stmt(s) => Some(s),
            Ancestor::Expr(_) => None,
        })
    }

    /// The innermost function containing the current node.
    pub fn enclosing_function(&self) -> Option<&'a ast::StmtFunctionDef> {
        self.ancestors_up().find_map(|a| match a {
            Ancestor::Stmt(Stmt::FunctionDef(f)) => Some(f),
            _ => None,
        })
    }

    /// The innermost class containing the current node.
    pub fn enclosing_class(&self) -> Option<&'a ast::StmtClassDef> {
        self.ancestors_up().find_map(|a| match a {
            Ancestor::Stmt(Stmt::ClassDef(c)) => Some(c),
            _ => None,
        })
    }

    /// The source text of a range.
    pub fn source(&self, range: TextRange) -> &'a str {
        &self.file.text[range]
    }
}

/// What a check reports: where, and anything that differs from the rule's defaults.
#[derive(Debug, Clone)]
pub struct Hit {
    pub range: TextRange,
    pub message: Option<String>,
    pub severity: Option<Level>,
    pub confidence: Option<Level>,
}

impl Hit {
    /// A finding over a node's range, with the rule's message, severity and confidence.
    pub fn at(node: &impl Ranged) -> Self {
        Hit {
            range: node.range(),
            message: None,
            severity: None,
            confidence: None,
        }
    }

    /// Replaces the rule's default message.
    pub fn message(mut self, msg: impl Into<String>) -> Self {
        self.message = Some(msg.into());
        self
    }

    /// Replaces the rule's severity (Bandit varies some with what it sees).
    pub fn severity(mut self, level: Level) -> Self {
        self.severity = Some(level);
        self
    }

    /// Replaces the rule's confidence.
    pub fn confidence(mut self, level: Level) -> Self {
        self.confidence = Some(level);
        self
    }
}
