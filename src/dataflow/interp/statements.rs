//! Statements: assignments, branches (with the guards that protect one side), loops,
//! `with`, `try`, `match`, and the calls after which nothing runs.

use super::calls::with_shape;
use super::*;

impl Engine<'_> {
    pub(super) fn exec_body(&mut self, frame: &mut Frame, body: &[Stmt]) {
        for stmt in body {
            if frame.env.is_none() || frame.stopped {
                return;
            }
            self.exec(frame, stmt);
        }
    }

    pub(super) fn exec(&mut self, frame: &mut Frame, stmt: &Stmt) {
        if !frame.spend() {
            return;
        }
        match stmt {
            Stmt::Expr(e) => {
                self.eval(frame, &e.value);
                if let Expr::Call(c) = &*e.value {
                    if self.never_returns(frame, c) {
                        frame.env = None;
                    }
                }
            }
            Stmt::Assign(a) => {
                let value = self.eval(frame, &a.value);
                if let (Some(target), Expr::Call(c)) = (a.targets.first(), &*a.value) {
                    self.remember_parse(frame, target, c);
                }
                for target in &a.targets {
                    self.assign(frame, target, value.clone(), a.range());
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = self.eval(frame, v);
                    self.assign(frame, &a.target, value, a.range());
                }
            }
            Stmt::AugAssign(a) => {
                let old = self.eval(frame, &a.target);
                let add = self.eval(frame, &a.value);
                let mut value = match (&old.constant, &add.constant) {
                    (Some(x), Some(y)) => fold::binary(a.op, x, y).map(Value::constant),
                    _ => None,
                }
                .unwrap_or_else(|| {
                    let mut v = old.join(&add).flattened();
                    if a.op == Operator::Add {
                        if let Some(shape) =
                            old.shape.as_deref().zip(add.shape.as_deref()).and_then(
                                |(x, y)| match (x, y) {
                                    (Shape::Seq(p), Shape::Seq(q)) => {
                                        Some(Shape::Seq(p.iter().chain(q).cloned().collect()))
                                    }
                                    _ => None,
                                },
                            )
                        {
                            v = Value::container(shape);
                        }
                    }
                    v
                });
                value.made_by = old.made_by.clone();
                self.assign(frame, &a.target, value, a.range());
            }
            Stmt::Return(r) => {
                let value = match &r.value {
                    Some(v) => self.eval(frame, v),
                    None => Value::constant(Const::None),
                };
                if frame.is_route {
                    self.route_body_sink(frame, r.value.as_deref(), &value, r.range());
                }
                self.reach(&value, Reach::Returned(r.range()));
                frame.returns = if frame.returned {
                    frame.returns.join(&value)
                } else {
                    value
                };
                frame.returned = true;
                frame.env = None;
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.eval(frame, e);
                }
                frame.env = None;
            }
            Stmt::Break(_) => {
                let env = frame.env.take();
                if let Some(exits) = frame.loops.last_mut() {
                    exits.breaks = join_env(exits.breaks.take(), env);
                }
            }
            Stmt::Continue(_) => {
                let env = frame.env.take();
                if let Some(exits) = frame.loops.last_mut() {
                    exits.continues = join_env(exits.continues.take(), env);
                }
            }
            Stmt::If(s) => self.exec_if(frame, s),
            Stmt::For(s) => {
                let iter = self.eval(frame, &s.iter);
                let element = element_of(&iter);
                self.exec_loop(frame, &s.body, &s.orelse, |engine, frame| {
                    engine.assign(frame, &s.target, element.clone(), s.target.range());
                });
            }
            Stmt::While(s) => {
                let test = self.eval(frame, &s.test);
                if test.constant.as_ref().is_some_and(|c| !c.truthy()) {
                    self.exec_body(frame, &s.orelse);
                    return;
                }
                self.exec_loop(frame, &s.body, &s.orelse, |_, _| {});
            }
            Stmt::With(w) => {
                for item in &w.items {
                    let value = self.eval(frame, &item.context_expr);
                    if let Some(target) = &item.optional_vars {
                        self.assign(frame, target, value, item.range());
                    }
                }
                self.exec_body(frame, &w.body);
            }
            Stmt::Try(t) => {
                let before = frame.env.clone();
                self.exec_body(frame, &t.body);
                let after_body = frame.env.clone();
                // A handler may start anywhere in the body: from what held before or after.
                let handler_start = join_env(before, after_body.clone());
                let mut joined = None;
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    frame.env = handler_start.clone();
                    if let Some(name) = &h.name {
                        frame.set(name.id.to_string(), Value::unknown());
                    }
                    self.exec_body(frame, &h.body);
                    joined = join_env(joined, frame.env.take());
                }
                frame.env = after_body;
                self.exec_body(frame, &t.orelse);
                frame.env = join_env(frame.env.take(), joined);
                if !t.finalbody.is_empty() {
                    let returned = frame.env.is_none();
                    if returned {
                        frame.env = handler_start;
                    }
                    self.exec_body(frame, &t.finalbody);
                    if returned {
                        frame.env = None;
                    }
                }
            }
            Stmt::Match(m) => self.exec_match(frame, m),
            Stmt::Assert(a) => {
                self.eval(frame, &a.test);
                let g = guards::guard(&a.test, &self.file().imports);
                self.protect(frame, &g.when_true, a.range());
            }
            Stmt::Delete(d) => {
                for target in &d.targets {
                    if let Some(path) = guards::access_path(target) {
                        if let Some(env) = frame.env.as_mut() {
                            env.remove(&path);
                        }
                    }
                }
            }
            // Nested definitions are functions of their own; imports are the file's table.
            _ => {}
        }
    }

    pub(super) fn exec_if(&mut self, frame: &mut Frame, s: &ast::StmtIf) {
        let mut branches: Vec<(Option<&Expr>, &[Stmt])> = vec![(Some(&*s.test), &s.body[..])];
        for clause in &s.elif_else_clauses {
            branches.push((clause.test.as_ref(), &clause.body[..]));
        }
        if !s.elif_else_clauses.iter().any(|c| c.test.is_none()) {
            branches.push((None, &[]));
        }
        let mut joined: Option<Env> = None;
        let mut rest = frame.env.take();
        for (test, body) in branches {
            if rest.is_none() {
                break;
            }
            frame.env = rest.clone();
            let Some(test) = test else {
                // `else`: what no earlier test took.
                self.exec_body(frame, body);
                joined = join_env(joined, frame.env.take());
                rest = None;
                break;
            };
            let value = self.eval(frame, test);
            let decided = value.constant.as_ref().map(Const::truthy);
            let g = guards::guard(test, &self.file().imports);
            match decided {
                Some(true) => {
                    self.protect(frame, &g.when_true, test.range());
                    self.exec_body(frame, body);
                    joined = join_env(joined, frame.env.take());
                    rest = None;
                }
                Some(false) => {
                    rest = frame.env.take();
                }
                None => {
                    let start = frame.env.clone();
                    self.protect(frame, &g.when_true, test.range());
                    self.exec_body(frame, body);
                    joined = join_env(joined, frame.env.take());
                    frame.env = start;
                    self.protect(frame, &g.when_false, test.range());
                    rest = frame.env.take();
                }
            }
        }
        frame.env = join_env(joined, rest);
    }

    /// Runs a loop body twice (the second time on what the first left joined with what held
    /// before), then the `else` branch; the loop may also not run at all.
    pub(super) fn exec_loop(
        &mut self,
        frame: &mut Frame,
        body: &[Stmt],
        orelse: &[Stmt],
        bind: impl Fn(&mut Self, &mut Frame),
    ) {
        let before = frame.env.clone();
        let mut state = before.clone();
        let mut ends = None;
        frame.loops.push(LoopExits::default());
        for _ in 0..2 {
            frame.env = state.clone();
            bind(self, frame);
            self.exec_body(frame, body);
            let continued = frame.loops.last_mut().and_then(|e| e.continues.take());
            let end = join_env(frame.env.take(), continued);
            ends = join_env(ends, end.clone());
            state = join_env(state, end);
        }
        let exits = frame.loops.pop().unwrap_or_default();
        // The loop ran out (or never ran): its `else` runs; a `break` skips it.
        frame.env = join_env(before, ends);
        self.exec_body(frame, orelse);
        frame.env = join_env(frame.env.take(), exits.breaks);
    }

    pub(super) fn exec_match(&mut self, frame: &mut Frame, m: &ast::StmtMatch) {
        let subject = self.eval(frame, &m.subject);
        let mut joined: Option<Env> = None;
        let start = frame.env.clone();
        for case in &m.cases {
            let decided = subject
                .constant
                .as_ref()
                .and_then(|c| pattern_matches(&case.pattern, c));
            if decided == Some(false) {
                continue;
            }
            frame.env = start.clone();
            bind_pattern(frame, &case.pattern, &subject);
            if let Some(g) = &case.guard {
                self.eval(frame, g);
            }
            self.exec_body(frame, &case.body);
            joined = join_env(joined, frame.env.take());
            if decided == Some(true) && case.guard.is_none() {
                frame.env = joined;
                return;
            }
        }
        // No case may match.
        frame.env = join_env(joined, start);
    }

    /// Applies a guard's protections to the current environment.
    pub(super) fn protect(
        &mut self,
        frame: &mut Frame,
        protections: &[guards::Protection],
        at: TextRange,
    ) {
        for p in protections {
            let path = match p.path.strip_suffix(PARSED) {
                Some(parsed) => match frame.parsed_from.get(parsed) {
                    Some(original) => original.clone(),
                    None => continue,
                },
                None => p.path.clone(),
            };
            let current = match frame.get(&path) {
                Some(v) => v.clone(),
                None => continue,
            };
            if p.requires_normalized && !current.normalized {
                continue;
            }
            let protected = if p.protects == SinkSet::ALL {
                Value {
                    constant: current.constant.clone(),
                    ..Value::default()
                }
            } else {
                current.sanitised(p.protects, at)
            };
            frame.set(path, protected);
        }
    }

    /// `parsed = urlparse(url)`: remembers that a guard on `parsed` is one on `url`.
    pub(super) fn remember_parse(
        &mut self,
        frame: &mut Frame,
        target: &Expr,
        call: &ast::ExprCall,
    ) {
        let Some(name) = self.file().imports.qualified_name(&call.func) else {
            return;
        };
        if !matches!(
            name.as_str(),
            "urllib.parse.urlparse" | "urllib.parse.urlsplit" | "urlparse.urlparse"
        ) {
            return;
        }
        if let (Some(t), Some(src)) = (
            guards::access_path(target),
            call.arguments.args.first().and_then(guards::access_path),
        ) {
            frame.parsed_from.insert(t, src);
        }
    }

    /// Binds a value to an assignment target, recording the step.
    pub(super) fn assign(&mut self, frame: &mut Frame, target: &Expr, value: Value, at: TextRange) {
        match target {
            Expr::Name(n) => {
                let value = value.through(target.range(), StepKind::Step);
                frame.set(n.id.to_string(), value);
            }
            Expr::Attribute(a) => {
                let value = value.through(target.range(), StepKind::Step);
                let base = self.eval(frame, &a.value);
                if base.made_by.as_deref() == Some(SESSION) {
                    self.sink(frame, SinkKind::TrustBoundary, &value, at, "session");
                }
                if let Some(path) = guards::access_path(target) {
                    if path.starts_with("self.") {
                        self.reach(&value, Reach::Stored(at));
                    }
                    frame.set(path, value);
                }
            }
            Expr::Subscript(s) => {
                let key = self.eval(frame, &s.slice);
                let container = self.eval(frame, &s.value);
                if container.made_by.as_deref() == Some(SESSION) {
                    let both = key.join(&value);
                    self.sink(frame, SinkKind::TrustBoundary, &both, at, "session");
                    self.reach(&both, Reach::Stored(at));
                }
                if let Some(Const::Str(k)) = &key.constant {
                    if sinks::LOCATION_HEADERS.contains(&k.to_ascii_lowercase().as_str()) {
                        self.sink(frame, SinkKind::Redirect, &value, at, "the Location header");
                    }
                }
                let Some(path) = guards::access_path(&s.value) else {
                    return;
                };
                let value = value.through(target.range(), StepKind::Step);
                let updated = match (&key.constant, container.shape.as_deref()) {
                    (Some(Const::Str(k)), Some(shape @ Shape::Map(_))) => shape
                        .with_entry(k.clone(), value.clone())
                        .map(|sh| with_shape(&container, sh)),
                    (Some(Const::Str(k)), None)
                        if container.is_clean() && container.made_by.is_none() =>
                    {
                        Shape::Map(Vec::new())
                            .with_entry(k.clone(), value.clone())
                            .map(|sh| with_shape(&container, sh))
                    }
                    (Some(Const::Int(i)), Some(Shape::Seq(items))) => {
                        let len = items.len() as i64;
                        let i = if *i < 0 { len + i } else { *i };
                        (0..len).contains(&i).then(|| {
                            let mut items = items.clone();
                            items[i as usize] = value.clone();
                            with_shape(&container, Shape::Seq(items))
                        })
                    }
                    _ => None,
                };
                let updated = updated.unwrap_or_else(|| {
                    let mut v = container.join(&value).flattened();
                    v.made_by = container.made_by.clone();
                    v
                });
                frame.set(path, updated);
            }
            Expr::Tuple(t) => self.assign_many(frame, &t.elts, value, at),
            Expr::List(l) => self.assign_many(frame, &l.elts, value, at),
            Expr::Starred(s) => self.assign(frame, &s.value, value.flattened(), at),
            _ => {}
        }
    }

    pub(super) fn assign_many(
        &mut self,
        frame: &mut Frame,
        targets: &[Expr],
        value: Value,
        at: TextRange,
    ) {
        let starred = targets.iter().any(|t| matches!(t, Expr::Starred(_)));
        for (i, target) in targets.iter().enumerate() {
            let part = match value.element(i as i64) {
                Some(v) if !starred => v,
                _ => value.flattened(),
            };
            self.assign(frame, target, part, at);
        }
    }

    /// Calls that end the request or the program (`abort(404)`, `sys.exit()`): what follows
    /// them in a branch does not run.
    pub(super) fn never_returns(&self, frame: &Frame, call: &ast::ExprCall) -> bool {
        let name = match &*call.func {
            Expr::Name(n) if frame.get(n.id.as_str()).is_none() => self
                .file()
                .imports
                .resolve(n.id.as_str())
                .map_or_else(|| n.id.to_string(), str::to_owned),
            other => match self.file().imports.qualified_name(other) {
                Some(q) => q,
                None => return false,
            },
        };
        matches!(
            name.as_str(),
            "flask.abort"
                | "werkzeug.exceptions.abort"
                | "abort"
                | "sys.exit"
                | "exit"
                | "quit"
                | "os._exit"
                | "os.abort"
                | "fastapi.HTTPException"
                | "bottle.abort"
                | "pyramid.httpexceptions.exception_response"
                | "django.http.Http404"
        ) || name.ends_with(".abort")
    }

    // ----- expressions -----
}

/// Whether a `match` pattern matches a constant subject: `None` when it cannot be decided.
pub(super) fn pattern_matches(pattern: &ast::Pattern, subject: &Const) -> Option<bool> {
    match pattern {
        ast::Pattern::MatchValue(v) => {
            let c = entry::literal(&v.value)?;
            Some(&c == subject)
        }
        ast::Pattern::MatchOr(o) => {
            let mut any_unknown = false;
            for p in &o.patterns {
                match pattern_matches(p, subject) {
                    Some(true) => return Some(true),
                    None => any_unknown = true,
                    Some(false) => {}
                }
            }
            if any_unknown {
                None
            } else {
                Some(false)
            }
        }
        ast::Pattern::MatchAs(a) if a.pattern.is_none() => Some(true),
        ast::Pattern::MatchSingleton(s) => Some(matches!(
            (&s.value, subject),
            (ast::Singleton::None, Const::None)
                | (ast::Singleton::True, Const::Bool(true))
                | (ast::Singleton::False, Const::Bool(false))
        )),
        _ => None,
    }
}

/// Binds the capture names of a pattern to the subject.
pub(super) fn bind_pattern(frame: &mut Frame, pattern: &ast::Pattern, subject: &Value) {
    match pattern {
        ast::Pattern::MatchAs(a) => {
            if let Some(p) = &a.pattern {
                bind_pattern(frame, p, subject);
            }
            if let Some(name) = &a.name {
                frame.set(name.id.to_string(), subject.clone());
            }
        }
        ast::Pattern::MatchOr(o) => {
            for p in &o.patterns {
                bind_pattern(frame, p, subject);
            }
        }
        ast::Pattern::MatchSequence(s) => {
            for (i, p) in s.patterns.iter().enumerate() {
                let part = subject
                    .element(i as i64)
                    .unwrap_or_else(|| subject.flattened());
                bind_pattern(frame, p, &part);
            }
        }
        ast::Pattern::MatchStar(s) => {
            if let Some(name) = &s.name {
                frame.set(name.id.to_string(), subject.flattened());
            }
        }
        ast::Pattern::MatchMapping(m) => {
            for p in &m.patterns {
                bind_pattern(frame, p, &subject.flattened());
            }
            if let Some(rest) = &m.rest {
                frame.set(rest.id.to_string(), subject.flattened());
            }
        }
        ast::Pattern::MatchClass(c) => {
            for p in &c.arguments.patterns {
                bind_pattern(frame, p, &subject.flattened());
            }
            for k in &c.arguments.keywords {
                bind_pattern(frame, &k.pattern, &subject.flattened());
            }
        }
        _ => {}
    }
}

/// What iterating over a value yields.
pub(super) fn element_of(v: &Value) -> Value {
    match v.shape.as_deref() {
        Some(Shape::Seq(items)) => {
            let mut out = Value::combine(items.iter());
            if items.iter().all(|i| i.constant.is_some()) && !items.is_empty() {
                let first = &items[0].constant;
                if items.iter().all(|i| &i.constant == first) {
                    out.constant = first.clone();
                }
            }
            out.origins.extend(v.origins.iter().cloned());
            out.unknown |= v.unknown;
            out
        }
        _ => v.flattened(),
    }
}
