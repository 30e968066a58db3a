//! The single AST walk that feeds every enabled rule.

use super::context::{Ancestor, Node};
use super::{all_rules, Check, Context, Hit, Level, NodeKind, RuleSet};
use crate::python::{Focus, PythonFile};
use crate::rules::catalogue::helpers;
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
    /// The node the rule was handed (the call, for a call rule): what the data-flow gate
    /// asks about.
    pub node: TextRange,
    /// Start of the innermost statement around the node: a `# nosec` there counts too.
    pub stmt_start: TextSize,
    pub message: String,
    pub severity: Level,
    pub confidence: Level,
}

/// Runs every enabled rule over a parsed file in one walk, skipping statements outside
/// `focus`. Module-level rules always see the whole file.
pub fn check_file(
    file: &PythonFile,
    path: &str,
    rules: &RuleSet,
    focus: &Focus,
) -> Vec<RawFinding> {
    let mut walker = Walker::new(file, path, rules, focus);
    let module = file.parsed.syntax();
    walker.dispatch(NodeKind::Module, Node::Module(module), module.range());
    walker.visit_body(&module.body);
    walker.out
}

struct Walker<'a> {
    ctx: Context<'a>,
    focus: &'a Focus,
    /// Rule indices by node kind.
    by_kind: [Vec<usize>; NodeKind::COUNT],
    /// Blacklisted call names, exact, with their rule.
    call_names: HashMap<&'static str, usize>,
    /// Blacklisted call name prefixes (entries ending in `*`), with their rule.
    call_prefixes: Vec<(&'static str, usize)>,
    /// Import blacklist tables in rule order: Bandit reports the first entry that matches.
    import_tables: Vec<(usize, &'static [&'static str])>,
    out: Vec<RawFinding>,
}

impl<'a> Walker<'a> {
    fn new(file: &'a PythonFile, path: &'a str, rules: &RuleSet, focus: &'a Focus) -> Self {
        let mut by_kind: [Vec<usize>; NodeKind::COUNT] = Default::default();
        let mut call_names: HashMap<&'static str, usize> = HashMap::new();
        let mut call_prefixes = Vec::new();
        let mut import_tables = Vec::new();
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
                            Some(prefix) => call_prefixes.push((prefix, i)),
                            None => {
                                call_names.entry(*n).or_insert(i);
                            }
                        }
                    }
                }
                Check::Imports(names) => import_tables.push((i, names)),
                // Flow rules take their findings from the data-flow engine, not the walk.
                Check::Flow(_) => {}
            }
        }
        Walker {
            ctx: Context {
                file,
                path,
                ancestors: Vec::new(),
                call_names: Default::default(),
            },
            focus,
            by_kind,
            call_names,
            call_prefixes,
            import_tables,
            out: Vec::new(),
        }
    }

    fn stmt_start(&self, fallback: TextSize) -> TextSize {
        self.ctx
            .current_stmt()
            .map(|s| s.start())
            .unwrap_or(fallback)
    }

    fn record(&mut self, rule_index: usize, hit: Hit, stmt_start: TextSize, node: TextRange) {
        let rule = all_rules()[rule_index];
        self.out.push(RawFinding {
            rule: rule_index,
            range: hit.range,
            node,
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
        if found.is_empty() {
            // Finding the statement walks up the ancestors: only worth it for a hit, or a
            // chain of thousands of calls would cost time quadratic in its length.
            return;
        }
        // A statement node is its own statement.
        let statement = match node {
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
            | Node::Module(_) => range,
            _ => self.ctx.current_stmt().map_or(range, |s| s.range()),
        };
        let stmt_start = statement.start();
        for (i, hit) in found {
            // Skipping statements outside the focus is exact only because a check reports
            // within the statement it was handed (or the module, for module checks).
            debug_assert!(
                statement.contains_range(hit.range),
                "{} reported outside its statement",
                all_rules()[i].id
            );
            self.record(i, hit, stmt_start, range);
        }
    }

    /// Records a blacklist finding, with the matched name in place of the message's `{name}`.
    fn record_blacklisted(&mut self, rule_index: usize, range: TextRange, name: &str) {
        let stmt_start = self.stmt_start(range.start());
        let template = all_rules()[rule_index].message;
        let hit = Hit {
            range,
            message: template
                .contains("{name}")
                .then(|| template.replace("{name}", name)),
            severity: None,
            confidence: None,
        };
        self.record(rule_index, hit, stmt_start, range);
    }

    /// The name Bandit's blacklist matches a call by: the module a `__import__("m")` or
    /// `importlib.import_module("m")` loads, else the call's qualified name.
    fn blacklist_call_name(&self, call: &ruff_python_ast::ExprCall) -> Option<String> {
        let first = call.arguments.args.first();
        if matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "__import__") {
            return first.and_then(helpers::string_value).map(str::to_owned);
        }
        let name = self.ctx.call_name(call)?;
        if name == "importlib.import_module" || name == "importlib.__import__" {
            return first
                .or_else(|| helpers::keyword(call, "name"))
                .and_then(helpers::bandit_str_value)
                .map(str::to_owned);
        }
        Some(name)
    }

    /// Bandit's call blacklist: an exact (or `*` prefix) match in a call table, else an exact
    /// match in an import table; at most one finding per call, as in Bandit.
    fn check_blacklisted_call(&mut self, call: &'a ruff_python_ast::ExprCall) {
        if self.call_names.is_empty()
            && self.call_prefixes.is_empty()
            && self.import_tables.is_empty()
        {
            return;
        }
        let Some(name) = self.blacklist_call_name(call) else {
            return;
        };
        let rule = self
            .call_names
            .get(name.as_str())
            .copied()
            .or_else(|| {
                self.call_prefixes
                    .iter()
                    .find(|(p, _)| name.starts_with(p))
                    .map(|(_, i)| *i)
            })
            .or_else(|| {
                self.import_tables
                    .iter()
                    .find(|(_, modules)| modules.contains(&name.as_str()))
                    .map(|(i, _)| *i)
            });
        if let Some(i) = rule {
            self.record_blacklisted(i, call.range(), &name);
        }
    }

    /// Bandit's import blacklist: `import a.b` is matched as `a.b`, `from m import x` as
    /// `m.x` (relative dots dropped, `from . import x` as `x`), each a string prefix match;
    /// one finding per statement, for the first table that any of its names matches.
    fn check_blacklisted_import(&mut self, stmt: &'a Stmt) {
        if self.import_tables.is_empty() {
            return;
        }
        let (prefix, names) = match stmt {
            Stmt::Import(imp) => (String::new(), &imp.names),
            Stmt::ImportFrom(imp) => (
                imp.module
                    .as_ref()
                    .map(|m| format!("{}.", m.id))
                    .unwrap_or_default(),
                &imp.names,
            ),
            _ => return,
        };
        let found = self.import_tables.iter().find_map(|(i, modules)| {
            names.iter().find_map(|alias| {
                let full = format!("{prefix}{}", alias.name.id);
                modules
                    .iter()
                    .any(|m| full.starts_with(m))
                    .then_some((*i, alias.name.id.as_str()))
            })
        });
        if let Some((i, name)) = found {
            let range = stmt.range();
            let hit = Hit {
                range,
                message: Some(all_rules()[i].message.replace("{name}", name)),
                severity: None,
                confidence: None,
            };
            self.record(i, hit, range.start(), range);
        }
    }
}

impl<'a> Visitor<'a> for Walker<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let r = stmt.range();
        let file = self.ctx.file;
        if !self
            .focus
            .wants(file.line_of(r.start()), file.line_of(r.end()))
        {
            return;
        }
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
                self.ctx.call_names.start(e);
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
