//! The single AST walk that feeds every enabled rule.

use super::context::{Ancestor, Node};
use super::{all_rules, Check, Context, Hit, Level, NodeKind, RuleSet};
use crate::python::PythonFile;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};
use std::collections::HashMap;

/// A rule's finding before positions, scopes and suppressions are worked out.
#[derive(Debug, Clone)]
pub struct RawFinding {
    /// Index into `all_rules()`.
    pub rule: usize,
    pub range: TextRange,
    /// Start of the innermost statement around the node: a `# nosec` there counts too.
    pub stmt_start: TextSize,
    pub message: String,
    pub severity: Level,
    pub confidence: Level,
}

/// Runs every enabled rule over a parsed file in one walk.
pub fn check_file(file: &PythonFile, path: &str, rules: &RuleSet) -> Vec<RawFinding> {
    let mut walker = Walker::new(file, path, rules);
    let module = file.parsed.syntax();
    walker.dispatch(NodeKind::Module, Node::Module(module), module.range());
    walker.visit_body(&module.body);
    walker.out
}

/// A name pattern from a blacklist table: exact, or a prefix when it ends in `*`.
enum Pattern {
    Exact,
    Prefix(&'static str),
}

struct Walker<'a> {
    ctx: Context<'a>,
    /// Rule indices by node kind.
    by_kind: [Vec<usize>; NodeKind::COUNT],
    call_names: HashMap<&'static str, Vec<usize>>,
    call_prefixes: Vec<(Pattern, usize)>,
    import_names: HashMap<&'static str, Vec<usize>>,
    out: Vec<RawFinding>,
}

impl<'a> Walker<'a> {
    fn new(file: &'a PythonFile, path: &'a str, rules: &RuleSet) -> Self {
        let mut by_kind: [Vec<usize>; NodeKind::COUNT] = Default::default();
        let mut call_names: HashMap<&'static str, Vec<usize>> = HashMap::new();
        let mut call_prefixes = Vec::new();
        let mut import_names: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, rule) in all_rules().iter().enumerate() {
            if !rules.is_enabled(i) {
                continue;
            }
            match rule.check {
                Check::Node(_) => {
                    for k in rule.kinds {
                        by_kind[*k as usize].push(i);
                    }
                }
                Check::Calls(names) => {
                    for n in names {
                        match n.strip_suffix('*') {
                            Some(prefix) => call_prefixes.push((Pattern::Prefix(prefix), i)),
                            None => call_names.entry(*n).or_default().push(i),
                        }
                    }
                }
                Check::Imports(names) => {
                    for n in names {
                        import_names.entry(*n).or_default().push(i);
                    }
                }
            }
        }
        let _ = Pattern::Exact;
        Walker {
            ctx: Context {
                file,
                path,
                ancestors: Vec::new(),
            },
            by_kind,
            call_names,
            call_prefixes,
            import_names,
            out: Vec::new(),
        }
    }

    fn stmt_start(&self, fallback: TextSize) -> TextSize {
        self.ctx
            .current_stmt()
            .map(|s| s.start())
            .unwrap_or(fallback)
    }

    fn record(&mut self, rule_index: usize, hit: Hit, stmt_start: TextSize) {
        let rule = all_rules()[rule_index];
        self.out.push(RawFinding {
            rule: rule_index,
            range: hit.range,
            stmt_start,
            message: hit.message.unwrap_or_else(|| rule.message.to_owned()),
            severity: hit.severity.unwrap_or(rule.severity),
            confidence: hit.confidence.unwrap_or(rule.confidence),
        });
    }

    fn dispatch(&mut self, kind: NodeKind, node: Node<'a>, range: TextRange) {
        let rules = &self.by_kind[kind as usize];
        if rules.is_empty() {
            return;
        }
        let mut hits = Vec::new();
        let mut found = Vec::new();
        for &i in rules {
            if let Check::Node(check) = all_rules()[i].check {
                check(&node, &self.ctx, &mut hits);
                found.extend(hits.drain(..).map(|h| (i, h)));
            }
        }
        let stmt_start = match node {
            // A statement node is its own statement.
            Node::Import(_)
            | Node::ImportFrom(_)
            | Node::Assert(_)
            | Node::Try(_)
            | Node::FunctionDef(_)
            | Node::ClassDef(_)
            | Node::Assign(_)
            | Node::AnnAssign(_)
            | Node::AugAssign(_)
            | Node::With(_)
            | Node::Module(_) => range.start(),
            _ => self.stmt_start(range.start()),
        };
        for (i, hit) in found {
            self.record(i, hit, stmt_start);
        }
    }

    fn check_blacklisted_call(&mut self, call: &'a ruff_python_ast::ExprCall) {
        if self.call_names.is_empty() && self.call_prefixes.is_empty() {
            return;
        }
        let Some(name) = self.ctx.call_name(call) else {
            return;
        };
        let mut matched: Vec<usize> = self
            .call_names
            .get(name.as_str())
            .cloned()
            .unwrap_or_default();
        for (pattern, i) in &self.call_prefixes {
            if let Pattern::Prefix(p) = pattern {
                if name.starts_with(p) && !matched.contains(i) {
                    matched.push(*i);
                }
            }
        }
        let stmt_start = self.stmt_start(call.start());
        for i in matched {
            self.record(i, Hit::at(call), stmt_start);
        }
    }

    fn check_blacklisted_import(&mut self, stmt: &'a Stmt) {
        if self.import_names.is_empty() {
            return;
        }
        let mut hits: Vec<(usize, TextRange)> = Vec::new();
        let mut lookup = |name: &str, range: TextRange| {
            if let Some(rules) = self.import_names.get(name) {
                for &i in rules {
                    if !hits.iter().any(|(j, r)| *j == i && *r == range) {
                        hits.push((i, range));
                    }
                }
            }
        };
        match stmt {
            Stmt::Import(imp) => {
                for alias in &imp.names {
                    lookup(alias.name.id.as_str(), stmt.range());
                }
            }
            Stmt::ImportFrom(imp) if imp.level == 0 => {
                let module = imp.module.as_ref().map(|m| m.id.as_str()).unwrap_or("");
                lookup(module, stmt.range());
                for alias in &imp.names {
                    lookup(&format!("{module}.{}", alias.name.id), stmt.range());
                }
            }
            _ => {}
        }
        for (i, range) in hits {
            self.record(
                i,
                Hit {
                    range,
                    message: None,
                    severity: None,
                    confidence: None,
                },
                range.start(),
            );
        }
    }
}

impl<'a> Visitor<'a> for Walker<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let r = stmt.range();
        match stmt {
            Stmt::Import(s) => {
                self.dispatch(NodeKind::Import, Node::Import(s), r);
                self.check_blacklisted_import(stmt);
            }
            Stmt::ImportFrom(s) => {
                self.dispatch(NodeKind::ImportFrom, Node::ImportFrom(s), r);
                self.check_blacklisted_import(stmt);
            }
            Stmt::Assert(s) => self.dispatch(NodeKind::Assert, Node::Assert(s), r),
            Stmt::Try(s) => self.dispatch(NodeKind::Try, Node::Try(s), r),
            Stmt::FunctionDef(s) => self.dispatch(NodeKind::FunctionDef, Node::FunctionDef(s), r),
            Stmt::ClassDef(s) => self.dispatch(NodeKind::ClassDef, Node::ClassDef(s), r),
            Stmt::Assign(s) => self.dispatch(NodeKind::Assign, Node::Assign(s), r),
            Stmt::AnnAssign(s) => self.dispatch(NodeKind::AnnAssign, Node::AnnAssign(s), r),
            Stmt::AugAssign(s) => self.dispatch(NodeKind::AugAssign, Node::AugAssign(s), r),
            Stmt::With(s) => self.dispatch(NodeKind::With, Node::With(s), r),
            _ => {}
        }
        self.ctx.ancestors.push(Ancestor::Stmt(stmt));
        visitor::walk_stmt(self, stmt);
        self.ctx.ancestors.pop();
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        let r = expr.range();
        match expr {
            Expr::Call(e) => {
                self.dispatch(NodeKind::Call, Node::Call(e), r);
                self.check_blacklisted_call(e);
            }
            Expr::StringLiteral(e) => {
                self.dispatch(NodeKind::StringLiteral, Node::StringLiteral(e), r)
            }
            Expr::BytesLiteral(e) => {
                self.dispatch(NodeKind::BytesLiteral, Node::BytesLiteral(e), r)
            }
            Expr::FString(e) => self.dispatch(NodeKind::FString, Node::FString(e), r),
            Expr::Compare(e) => self.dispatch(NodeKind::Compare, Node::Compare(e), r),
            Expr::Dict(e) => self.dispatch(NodeKind::Dict, Node::Dict(e), r),
            Expr::BinOp(e) => self.dispatch(NodeKind::BinOp, Node::BinOp(e), r),
            Expr::Attribute(e) => self.dispatch(NodeKind::Attribute, Node::Attribute(e), r),
            Expr::Subscript(e) => self.dispatch(NodeKind::Subscript, Node::Subscript(e), r),
            Expr::Name(e) => self.dispatch(NodeKind::Name, Node::Name(e), r),
            _ => {}
        }
        self.ctx.ancestors.push(Ancestor::Expr(expr));
        visitor::walk_expr(self, expr);
        self.ctx.ancestors.pop();
    }
}
