//! The import table: which qualified name each local name stands for, so that rules see
//! `subprocess.call` whether the code wrote `sp.call` or `from subprocess import call`.

use ruff_python_ast::{self as ast, statement_visitor::StatementVisitor, Expr, Stmt};
use std::collections::HashMap;

/// Longest attribute chain given a name. Rules ask for the name of every attribute node, and
/// a generated `a.b.b.b…` chain thousands long would make that quadratic; no module path or
/// call anyone checks for is anywhere near this long.
pub const MAX_DOTTED_PARTS: usize = 64;

/// Local name → the dotted name it was imported as.
#[derive(Debug, Default, Clone)]
pub struct ImportTable {
    aliases: HashMap<String, String>,
    /// Names bound by a plain `import a.b` (which binds `a` to itself).
    modules: std::collections::HashSet<String>,
}

impl ImportTable {
    /// Collects every import of the module, at any depth (Bandit does the same: an import
    /// inside a function still names the module for calls elsewhere).
    pub fn build(module: &ast::ModModule) -> Self {
        let mut collector = Collector {
            table: ImportTable::default(),
        };
        collector.visit_body(&module.body);
        collector.table
    }

    /// The dotted name an expression refers to (`sp.Popen` → `subprocess.Popen`), or `None`
    /// when it is not a plain name or attribute chain of at most [`MAX_DOTTED_PARTS`] parts.
    pub fn qualified_name(&self, expr: &Expr) -> Option<String> {
        let mut parts = Vec::new();
        let mut cur = expr;
        loop {
            if parts.len() >= MAX_DOTTED_PARTS {
                return None;
            }
            match cur {
                Expr::Attribute(a) => {
                    parts.push(a.attr.id.as_str());
                    cur = &a.value;
                }
                Expr::Name(n) => {
                    parts.push(n.id.as_str());
                    break;
                }
                _ => return None,
            }
        }
        parts.reverse();
        let head = parts[0];
        let mut out = self
            .aliases
            .get(head)
            .cloned()
            .unwrap_or_else(|| head.to_owned());
        for p in &parts[1..] {
            out.push('.');
            out.push_str(p);
        }
        Some(out)
    }

    /// Whether anything is imported from a module whose dotted name starts with `prefix`.
    pub fn imports_module_like(&self, prefix: &str) -> bool {
        self.aliases.values().any(|full| full.starts_with(prefix))
    }

    /// Whether a local name was bound by an import (`import os`, `import a as b`, `from m
    /// import x`).
    pub fn is_imported(&self, local: &str) -> bool {
        self.aliases.contains_key(local) || self.modules.contains(local)
    }

    /// What a bare local name was imported as, if it was.
    pub fn resolve(&self, local: &str) -> Option<&str> {
        self.aliases.get(local).map(String::as_str)
    }
}

struct Collector {
    table: ImportTable,
}

impl<'a> StatementVisitor<'a> for Collector {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(imp) => {
                for alias in &imp.names {
                    let name = alias.name.id.as_str();
                    match &alias.asname {
                        Some(asname) => {
                            self.table
                                .aliases
                                .insert(asname.id.to_string(), name.to_owned());
                        }
                        None => {
                            // `import a.b` binds `a`, which already resolves to itself.
                            let head = name.split('.').next().unwrap_or(name);
                            self.table.modules.insert(head.to_owned());
                        }
                    }
                }
            }
            Stmt::ImportFrom(imp) => {
                // Relative dots are dropped, as Bandit does: `from .subprocess import run` makes
                // `run` read as `subprocess.run`, which is what a vendored copy usually is.
                let module = imp.module.as_ref().map(|m| m.id.as_str()).unwrap_or("");
                for alias in &imp.names {
                    let name = alias.name.id.as_str();
                    if name == "*" {
                        continue;
                    }
                    let local = alias.asname.as_ref().unwrap_or(&alias.name).id.to_string();
                    let full = if module.is_empty() {
                        name.to_owned()
                    } else {
                        format!("{module}.{name}")
                    };
                    self.table.aliases.insert(local, full);
                }
            }
            _ => ruff_python_ast::statement_visitor::walk_stmt(self, stmt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::parse_module;

    fn qn(src: &str, expr: &str) -> Option<String> {
        let m = parse_module(src).unwrap();
        let t = ImportTable::build(m.syntax());
        let e = ruff_python_parser::parse_expression(expr).unwrap();
        t.qualified_name(&e.syntax().body)
    }

    #[test]
    fn aliases() {
        assert_eq!(
            qn("import subprocess as sp", "sp.call").as_deref(),
            Some("subprocess.call")
        );
        assert_eq!(
            qn("from os import system", "system").as_deref(),
            Some("os.system")
        );
        assert_eq!(
            qn("from os import path as p", "p.join").as_deref(),
            Some("os.path.join")
        );
        assert_eq!(
            qn("import os.path", "os.path.join").as_deref(),
            Some("os.path.join")
        );
        assert_eq!(
            qn("def f():\n    import pickle as pk", "pk.loads").as_deref(),
            Some("pickle.loads")
        );
        assert_eq!(qn("", "eval").as_deref(), Some("eval"));
        assert_eq!(
            qn("from .subprocess import run", "run").as_deref(),
            Some("subprocess.run")
        );
        assert_eq!(qn("", "f()").as_deref(), None);
        let long = format!("a{}", ".b".repeat(MAX_DOTTED_PARTS));
        assert_eq!(qn("", &long), None);
        let longest = format!("a{}", ".b".repeat(MAX_DOTTED_PARTS - 1));
        assert_eq!(qn("", &longest), Some(longest.clone()));
    }
}
