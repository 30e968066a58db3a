//! The analysis proper: each function's statements in order, with an environment from
//! access paths (`bar`, `self.name`) to abstract values. Branches are analysed apart and
//! joined; a branch that exits (return, raise, continue, break) leaves nothing to join, so a
//! guard that exits protects what follows. Loops run their body twice. A call of a function
//! of the same file applies that function's summary, computed once.

use super::entry::{param_range, Callable, FileContext, ParamRole, Role};
use super::fold;
use super::guards::{self, PARSED};
use super::tables::{propagators, sanitisers, sinks, sources, Arg, Callee};
use super::value::{Const, Origin, Shape, StepKind, Value};
use super::{
    FileFlows, Flow, Provenance, Reach, SinkKind, SinkSet, Source, SourceKind, SourceRead, Trust,
    FUNCTION_BUDGET,
};
use crate::python::PythonFile;
use ruff_python_ast::{self as ast, Expr, Operator, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// How deep summaries of summaries go; past it a call is treated as one into another file.
const MAX_CALL_DEPTH: usize = 6;

/// The marks `made_by` carries for objects the engine recognises.
const REQUEST: &str = "<request>";
const SESSION: &str = "<session>";
const HANDLER: &str = "<handler>";
const CONFIG: &str = "<configparser>";

/// Top-level modules whose functions return nothing a caller can't see: their results are
/// clean unless their arguments are not.
const KNOWN_MODULES: &[&str] = &[
    "os",
    "sys",
    "re",
    "json",
    "time",
    "datetime",
    "hashlib",
    "hmac",
    "base64",
    "math",
    "random",
    "secrets",
    "uuid",
    "string",
    "collections",
    "itertools",
    "functools",
    "pathlib",
    "shutil",
    "subprocess",
    "socket",
    "logging",
    "tempfile",
    "glob",
    "io",
    "codecs",
    "urllib",
    "html",
    "xml",
    "csv",
    "struct",
    "zlib",
    "platform",
    "typing",
    "configparser",
    "copy",
    "textwrap",
    "lxml",
    "elementpath",
    "pickle",
    "yaml",
    "marshal",
    "ssl",
    "http",
    "flask",
    "django",
    "werkzeug",
    "markupsafe",
    "jinja2",
    "requests",
    "httpx",
    "sqlite3",
    "ldap3",
    "ldap",
];

type Env = HashMap<String, Value>;

/// What a function does with its parameters, as its callers need it.
#[derive(Debug, Default)]
struct Summary {
    /// What it returns: parameter origins (`Source::Param`) and sources it reads.
    returns: Value,
    /// Parameters that reach a sink inside it.
    param_sinks: Vec<ParamSink>,
    /// Flows from sources it reads itself, reported when it is one of the analysed functions.
    flows: Vec<Flow>,
    /// It is a route: what it returns is already a response.
    is_route: bool,
}

/// A parameter that reaches a sink inside a function.
#[derive(Debug, Clone)]
struct ParamSink {
    param: u8,
    sink: SinkKind,
    sink_range: TextRange,
    sink_name: String,
    /// The origin inside the callee, with its steps and what protected it.
    origin: Rc<Origin>,
}

/// The state of one function's analysis.
struct Frame {
    func: Option<usize>,
    /// `None` after a return or raise: nothing runs here.
    env: Option<Env>,
    returns: Value,
    returned: bool,
    param_sinks: Vec<ParamSink>,
    flows: Vec<Flow>,
    budget: u64,
    stopped: bool,
    /// `parsed` → `url` for `parsed = urlparse(url)`, so a guard on the parse protects the url.
    parsed_from: HashMap<String, String>,
    /// The route path when it has no variable parts.
    static_path: Option<String>,
    is_route: bool,
    /// Every dotted path ever set, by the name it starts with: rebinding the name forgets
    /// them without scanning the whole environment.
    attributes: HashMap<String, Vec<String>>,
}

/// The engine for one file.
struct Engine<'a> {
    ctx: FileContext<'a>,
    out: FileFlows,
    summaries: HashMap<usize, Rc<Summary>>,
    in_progress: HashSet<usize>,
    /// Per class: what its methods store in `self` attributes.
    class_attrs: HashMap<usize, Rc<Env>>,
    attrs_in_progress: HashSet<usize>,
    depth: usize,
}

/// Analyses the functions of `file` touching `lines` (all when `None`), and the module-level
/// code when a line outside every function is among them.
pub fn analyse_file(file: &PythonFile, lines: Option<&[(u32, u32)]>) -> FileFlows {
    let ctx = FileContext::build(file);
    let mut engine = Engine {
        ctx,
        out: FileFlows::default(),
        summaries: HashMap::new(),
        in_progress: HashSet::new(),
        class_attrs: HashMap::new(),
        attrs_in_progress: HashSet::new(),
        depth: 0,
    };
    let touches = |range: TextRange| -> bool {
        match lines {
            None => true,
            Some(lines) => {
                let start = file.line_of(range.start());
                let end = file.line_of(range.end());
                lines.iter().any(|&(a, b)| a <= end && start <= b)
            }
        }
    };
    let targets: Vec<usize> = (0..engine.ctx.functions.len())
        .filter(|&i| {
            let def = engine.ctx.functions[i].def;
            let start = def
                .decorator_list
                .first()
                .map_or(def.range().start(), |d| d.range().start());
            touches(TextRange::new(start, def.range().end()))
        })
        .collect();
    for f in targets {
        let summary = engine.summary(f);
        engine.out.flows.extend(summary.flows.iter().cloned());
    }
    let module = &file.parsed.syntax().body;
    let module_changed = match lines {
        None => true,
        Some(_) => module
            .iter()
            .any(|s| !matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) && touches(s.range())),
    };
    if module_changed {
        let mut frame = Frame::new(None);
        frame.env = Some(Env::new());
        engine.exec_body(&mut frame, module);
        engine.note_budget(&frame, "<module>");
        engine.out.flows.extend(frame.flows);
    }
    engine
        .out
        .flows
        .sort_by_key(|f| (f.sink_range.start(), f.sink));
    engine
        .out
        .flows
        .dedup_by(|a, b| a.sink_range == b.sink_range && a.sink == b.sink && a.source == b.source);
    engine.out
}

impl Frame {
    fn new(func: Option<usize>) -> Self {
        Frame {
            func,
            env: None,
            returns: Value::default(),
            returned: false,
            param_sinks: Vec::new(),
            flows: Vec::new(),
            budget: FUNCTION_BUDGET,
            stopped: false,
            parsed_from: HashMap::new(),
            static_path: None,
            is_route: false,
            attributes: HashMap::new(),
        }
    }

    /// Spends one unit of work; false once the budget is gone.
    fn spend(&mut self) -> bool {
        if self.budget == 0 {
            self.stopped = true;
            return false;
        }
        self.budget -= 1;
        true
    }

    fn get(&self, path: &str) -> Option<&Value> {
        self.env.as_ref()?.get(path)
    }

    fn set(&mut self, path: String, value: Value) {
        let Some(env) = self.env.as_mut() else { return };
        match path.split_once('.') {
            None => {
                // Rebinding a name forgets what was known of its attributes.
                if let Some(known) = self.attributes.get(&path) {
                    for k in known {
                        env.remove(k);
                    }
                }
            }
            Some((root, _)) => {
                let known = self.attributes.entry(root.to_owned()).or_default();
                if !known.contains(&path) {
                    known.push(path.clone());
                }
                let prefix = format!("{path}.");
                for k in known.iter().filter(|k| k.starts_with(&prefix)) {
                    env.remove(k);
                }
            }
        }
        env.insert(path, value);
    }
}

/// The union of two environments at a join of control flow; `None` is a branch that exited.
fn join_env(a: Option<Env>, b: Option<Env>) -> Option<Env> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(mut a), Some(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(old) => *old = old.join(&v),
                    None => {
                        a.insert(k, v);
                    }
                }
            }
            Some(a)
        }
    }
}

impl<'a> Engine<'a> {
    fn file(&self) -> &'a PythonFile {
        self.ctx.file
    }

    fn note_budget(&mut self, frame: &Frame, name: &str) {
        if frame.stopped {
            self.out.notes.push(format!(
                "data flow: the analysis of `{name}` stopped early (work budget of {FUNCTION_BUDGET} steps); flows past that point were not followed"
            ));
        }
    }

    /// The summary of function `f`, analysing it the first time.
    fn summary(&mut self, f: usize) -> Rc<Summary> {
        if let Some(s) = self.summaries.get(&f) {
            return s.clone();
        }
        if self.in_progress.contains(&f) || self.depth >= MAX_CALL_DEPTH {
            // Recursion, or a chain too deep: what it returns is unknown.
            return Rc::new(Summary {
                returns: Value::unknown(),
                ..Summary::default()
            });
        }
        self.in_progress.insert(f);
        self.depth += 1;
        let summary = stacker::maybe_grow(256 * 1024, 8 * 1024 * 1024, || self.analyse_function(f));
        self.depth -= 1;
        self.in_progress.remove(&f);
        let summary = Rc::new(summary);
        self.summaries.insert(f, summary.clone());
        summary
    }

    fn analyse_function(&mut self, f: usize) -> Summary {
        let info = &self.ctx.functions[f];
        let def = info.def;
        let qualname = info.qualname.clone();
        let params = info.params.clone();
        let takes_self = info.takes_self();
        let class = info.class;
        let (is_route, static_path) = match &info.role {
            Role::Route { static_path } => (true, static_path.clone()),
            _ => (false, None),
        };
        let handler_class = class.is_some_and(|c| self.ctx.classes[c].is_handler);
        let mut frame = Frame::new(Some(f));
        frame.is_route = is_route;
        frame.static_path = static_path;
        let mut env = Env::new();
        for (i, (name, role)) in params.iter().enumerate() {
            let value = if i == 0 && takes_self {
                let mut v = Value::default();
                if handler_class {
                    v.made_by = Some(HANDLER.into());
                }
                v
            } else {
                match role {
                    ParamRole::Request => Value {
                        made_by: Some(REQUEST.into()),
                        ..Value::default()
                    },
                    ParamRole::Source(kind, trust) => {
                        let range = param_range(def, i);
                        self.source_value(*kind, *trust, range, &qualname)
                    }
                    ParamRole::Unknown if i < 64 => {
                        Value::from_origin(Origin::new(Source::Param(i as u8), param_range(def, i)))
                    }
                    ParamRole::Unknown => Value::unknown(),
                }
            };
            env.insert(name.clone(), value);
        }
        frame.env = Some(env);
        self.exec_body(&mut frame, &def.body);
        self.note_budget(&frame, &qualname);
        let mut returns = frame.returns;
        if !frame.returned {
            returns = Value::constant(Const::None);
        }
        Summary {
            returns,
            param_sinks: frame.param_sinks,
            flows: frame.flows,
            is_route,
        }
    }

    /// A source read just now (`request.args`) taken further in the same expression
    /// (`request.args.get("q")`, `request.args["q"]`): the source is the whole expression.
    fn widen_source(&mut self, value: &Value, range: TextRange) -> Value {
        let mut changed = false;
        let widened = value.map_origins(|o| {
            if let (Source::Real(id), Some(node)) = (o.source, &o.steps) {
                if node.len == 1
                    && node.step.range.start() == range.start()
                    && node.step.range.end() < range.end()
                {
                    self.out.sources[id as usize].range = range;
                    *o = Origin::new(o.source, range);
                    changed = true;
                }
            }
        });
        if changed {
            widened
        } else {
            value.clone()
        }
    }

    /// A new source read at `range`.
    fn source_value(
        &mut self,
        kind: SourceKind,
        trust: Trust,
        range: TextRange,
        function: &str,
    ) -> Value {
        let id = self.out.sources.len() as u32;
        self.out.sources.push(SourceRead {
            kind,
            trust,
            range,
            function: function.to_owned(),
            reaches: Vec::new(),
        });
        Value::from_origin(Origin::new(Source::Real(id), range))
    }

    fn function_name(&self, frame: &Frame) -> String {
        frame.func.map_or_else(
            || "<module>".to_owned(),
            |f| self.ctx.functions[f].qualname.clone(),
        )
    }

    fn reach(&mut self, value: &Value, reach: Reach) {
        for o in value.all_origins() {
            if let Source::Real(id) = o.source {
                let read = &mut self.out.sources[id as usize];
                if !read.reaches.contains(&reach) {
                    read.reaches.push(reach.clone());
                }
            }
        }
    }

    // ----- statements -----

    fn exec_body(&mut self, frame: &mut Frame, body: &[Stmt]) {
        for stmt in body {
            if frame.env.is_none() || frame.stopped {
                return;
            }
            self.exec(frame, stmt);
        }
    }

    fn exec(&mut self, frame: &mut Frame, stmt: &Stmt) {
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
            Stmt::Break(_) | Stmt::Continue(_) => frame.env = None,
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

    fn exec_if(&mut self, frame: &mut Frame, s: &ast::StmtIf) {
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
    fn exec_loop(
        &mut self,
        frame: &mut Frame,
        body: &[Stmt],
        orelse: &[Stmt],
        bind: impl Fn(&mut Self, &mut Frame),
    ) {
        let before = frame.env.clone();
        let mut state = before.clone();
        let mut exits = None;
        for _ in 0..2 {
            frame.env = state.clone();
            bind(self, frame);
            self.exec_body(frame, body);
            exits = join_env(exits, frame.env.clone());
            state = join_env(state, frame.env.take());
        }
        frame.env = join_env(before, exits);
        self.exec_body(frame, orelse);
    }

    fn exec_match(&mut self, frame: &mut Frame, m: &ast::StmtMatch) {
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
    fn protect(&mut self, frame: &mut Frame, protections: &[guards::Protection], at: TextRange) {
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
    fn remember_parse(&mut self, frame: &mut Frame, target: &Expr, call: &ast::ExprCall) {
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
    fn assign(&mut self, frame: &mut Frame, target: &Expr, value: Value, at: TextRange) {
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

    fn assign_many(&mut self, frame: &mut Frame, targets: &[Expr], value: Value, at: TextRange) {
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
    fn never_returns(&self, frame: &Frame, call: &ast::ExprCall) -> bool {
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

    fn eval(&mut self, frame: &mut Frame, expr: &Expr) -> Value {
        if !frame.spend() {
            return Value::unknown();
        }
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.eval_inner(frame, expr))
    }

    fn eval_inner(&mut self, frame: &mut Frame, expr: &Expr) -> Value {
        match expr {
            Expr::StringLiteral(s) => Value::constant(Const::Str(s.value.to_str().into())),
            Expr::BytesLiteral(_) => Value::default(),
            Expr::NumberLiteral(_) | Expr::BooleanLiteral(_) | Expr::NoneLiteral(_) => {
                super::entry::literal(expr).map_or_else(Value::default, Value::constant)
            }
            Expr::EllipsisLiteral(_) => Value::default(),
            Expr::Name(n) => self.name(frame, n),
            Expr::Attribute(a) => self.attribute(frame, a),
            Expr::Subscript(s) => self.subscript(frame, s),
            Expr::Call(c) => self.call(frame, c),
            Expr::FString(f) => {
                let mut parts = Vec::new();
                let mut text = String::new();
                let mut constant = true;
                for part in f.value.iter() {
                    match part {
                        ast::FStringPart::Literal(l) => text.push_str(&l.value),
                        ast::FStringPart::FString(fs) => {
                            for element in fs.elements.iter() {
                                match element {
                                    ast::InterpolatedStringElement::Literal(l) => {
                                        text.push_str(&l.value)
                                    }
                                    ast::InterpolatedStringElement::Interpolation(i) => {
                                        let v = self.eval(frame, &i.expression);
                                        match &v.constant {
                                            Some(c) if i.format_spec.is_none() => {
                                                text.push_str(&c.text())
                                            }
                                            _ => constant = false,
                                        }
                                        parts.push(v);
                                    }
                                }
                            }
                        }
                    }
                }
                let mut value = Value::combine(&parts);
                if constant {
                    value.constant = Some(Const::Str(text.into()));
                }
                self.record(expr.range(), &value);
                value
            }
            Expr::TString(_) => Value::default(),
            Expr::BinOp(b) => {
                let left = self.eval(frame, &b.left);
                let right = self.eval(frame, &b.right);
                let folded = match (&left.constant, &right.constant) {
                    (Some(x), Some(y)) => fold::binary(b.op, x, y),
                    _ => None,
                };
                let mut value = Value::combine([&left, &right]);
                value.constant = folded;
                if b.op == Operator::Div
                    && left
                        .made_by
                        .as_deref()
                        .is_some_and(|m| m.starts_with("pathlib"))
                {
                    value.made_by = left.made_by.clone();
                }
                if b.op == Operator::Mod || b.op == Operator::Add {
                    self.record(expr.range(), &value);
                }
                value
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(frame, &u.operand);
                match v.constant.as_ref().and_then(|c| fold::unary(u.op, c)) {
                    Some(c) => Value::constant(c),
                    None if u.op == ast::UnaryOp::Not => Value::default(),
                    None => v.flattened(),
                }
            }
            Expr::BoolOp(b) => {
                let mut out: Option<Value> = None;
                for value in &b.values {
                    let v = self.eval(frame, value);
                    if out.is_none() {
                        if let Some(c) = &v.constant {
                            // `a or b` is `a` when `a` is truthy; `a and b` when falsy.
                            let short = match b.op {
                                ast::BoolOp::Or => c.truthy(),
                                ast::BoolOp::And => !c.truthy(),
                            };
                            if short {
                                return v;
                            }
                            continue;
                        }
                    }
                    out = Some(match out {
                        Some(o) => o.join(&v),
                        None => v,
                    });
                }
                out.unwrap_or_default()
            }
            Expr::Compare(c) => {
                let left = self.eval(frame, &c.left);
                let mut result = Some(true);
                let mut prev = left.constant.clone();
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    let r = self.eval(frame, right);
                    let this = match (&prev, &r.constant) {
                        (Some(a), Some(b)) => fold::compare(*op, a, b),
                        _ => {
                            // `x in <list of constants>` with x constant.
                            match (&prev, r.shape.as_deref(), op) {
                                (
                                    Some(a),
                                    Some(Shape::Seq(items)),
                                    ast::CmpOp::In | ast::CmpOp::NotIn,
                                ) if items.iter().all(|i| i.constant.is_some()) => {
                                    let found =
                                        items.iter().any(|i| i.constant.as_ref() == Some(a));
                                    Some(if *op == ast::CmpOp::In { found } else { !found })
                                }
                                _ => None,
                            }
                        }
                    };
                    result = match (result, this) {
                        (Some(true), x) => x,
                        (Some(false), _) => Some(false),
                        (None, Some(false)) => Some(false),
                        (None, _) => None,
                    };
                    prev = r.constant;
                }
                match result {
                    Some(b) => Value::constant(Const::Bool(b)),
                    None => Value::default(),
                }
            }
            Expr::If(i) => {
                let test = self.eval(frame, &i.test);
                match test.constant.as_ref().map(Const::truthy) {
                    Some(true) => self.eval(frame, &i.body),
                    Some(false) => self.eval(frame, &i.orelse),
                    None => {
                        let a = self.eval(frame, &i.body);
                        let b = self.eval(frame, &i.orelse);
                        a.join(&b)
                    }
                }
            }
            Expr::Dict(d) => {
                let mut items: Vec<(Rc<str>, Value)> = Vec::new();
                let mut rest = Value::default();
                for item in &d.items {
                    let v = self.eval(frame, &item.value);
                    match item.key.as_ref().map(|k| self.eval(frame, k)) {
                        Some(Value {
                            constant: Some(Const::Str(k)),
                            ..
                        }) => items.push((k, v)),
                        Some(k) => rest = rest.join(&k).join(&v.flattened()),
                        None => rest = rest.join(&v.flattened()),
                    }
                }
                let mut value = Value::container(Shape::Map(items));
                value.origins = rest.origins;
                value.unknown = rest.unknown;
                value
            }
            Expr::List(l) => self.sequence(frame, &l.elts),
            Expr::Tuple(t) => self.sequence(frame, &t.elts),
            Expr::Set(s) => {
                let parts: Vec<Value> = s.elts.iter().map(|e| self.eval(frame, e)).collect();
                Value::combine(&parts)
            }
            Expr::ListComp(c) => self.comprehension(frame, &c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(frame, &c.generators, &[&c.elt]),
            Expr::Generator(c) => self.comprehension(frame, &c.generators, &[&c.elt]),
            Expr::DictComp(c) => {
                let key = c.key.as_deref();
                let mut exprs: Vec<&Expr> = vec![&c.value];
                if let Some(k) = key {
                    exprs.push(k);
                }
                self.comprehension(frame, &c.generators, &exprs)
            }
            Expr::Await(a) => self.eval(frame, &a.value),
            Expr::Yield(y) => {
                if let Some(v) = &y.value {
                    let v = self.eval(frame, v);
                    frame.returns = frame.returns.join(&v);
                    frame.returned = true;
                }
                Value::unknown()
            }
            Expr::YieldFrom(y) => {
                self.eval(frame, &y.value);
                Value::unknown()
            }
            Expr::Starred(s) => self.eval(frame, &s.value).flattened(),
            Expr::Named(n) => {
                let v = self.eval(frame, &n.value);
                self.assign(frame, &n.target, v.clone(), n.range());
                v
            }
            Expr::Lambda(_) | Expr::Slice(_) | Expr::IpyEscapeCommand(_) => Value::default(),
        }
    }

    fn sequence(&mut self, frame: &mut Frame, elts: &[Expr]) -> Value {
        if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            let parts: Vec<Value> = elts.iter().map(|e| self.eval(frame, e)).collect();
            return Value::combine(&parts);
        }
        let items: Vec<Value> = elts.iter().map(|e| self.eval(frame, e)).collect();
        Value::container(Shape::Seq(items))
    }

    fn comprehension(
        &mut self,
        frame: &mut Frame,
        generators: &[ast::Comprehension],
        exprs: &[&Expr],
    ) -> Value {
        let saved = frame.env.clone();
        for g in generators {
            let iter = self.eval(frame, &g.iter);
            self.assign(frame, &g.target, element_of(&iter), g.target.range());
            for cond in &g.ifs {
                self.eval(frame, cond);
            }
        }
        let parts: Vec<Value> = exprs.iter().map(|e| self.eval(frame, e)).collect();
        frame.env = saved;
        Value::combine(&parts)
    }

    /// Records what an expression may hold, for the pattern rules' gate.
    fn record(&mut self, range: TextRange, value: &Value) {
        let mut harms = SinkSet::EMPTY;
        let mut unknown = value.any_unknown();
        for o in value.all_origins() {
            match o.source {
                Source::Param(_) => unknown = true,
                Source::Real(_) => {
                    for kind in SinkKind::ALL {
                        if o.harms(kind) {
                            harms = harms.union(SinkSet::of(&[kind]));
                        }
                    }
                }
            }
        }
        let p = Provenance { harms, unknown };
        self.out
            .provenance
            .entry((range.start(), range.end()))
            .and_modify(|old| {
                old.harms = old.harms.union(p.harms);
                old.unknown |= p.unknown;
            })
            .or_insert(p);
    }

    fn name(&mut self, frame: &mut Frame, n: &ast::ExprName) -> Value {
        let id = n.id.as_str();
        if let Some(v) = frame.get(id) {
            return v.clone();
        }
        let qualified = self.file().imports.resolve(id).map(str::to_owned);
        let full = qualified.as_deref().unwrap_or(id);
        if let Some(v) = self.qualified_value(frame, full, n.range()) {
            return v;
        }
        if let Some(c) = self.ctx.constants.get(id) {
            return Value::constant(c.clone());
        }
        if self.file().imports.is_imported(id)
            || self.ctx.module_functions.contains_key(id)
            || self.ctx.module_classes.contains_key(id)
        {
            return Value {
                made_by: Some(full.into()),
                ..Value::default()
            };
        }
        if self.ctx.globals.contains(id) {
            return Value {
                made_by: self.ctx.made_by.get(id).map(|m| m.as_str().into()),
                ..Value::unknown()
            };
        }
        // A builtin or a name bound by a star import.
        if is_builtin(id) {
            Value::default()
        } else {
            Value::unknown()
        }
    }

    /// A source or a recognised object named by its qualified name (`sys.argv`,
    /// `flask.request`, `flask.session`).
    fn qualified_value(&mut self, frame: &Frame, full: &str, range: TextRange) -> Option<Value> {
        if let Some((_, kind, trust)) = sources::NAMES.iter().find(|(n, _, _)| *n == full) {
            let f = self.function_name(frame);
            return Some(self.source_value(*kind, *trust, range, &f));
        }
        if sources::REQUEST_OBJECTS.contains(&full) {
            return Some(Value {
                made_by: Some(REQUEST.into()),
                ..Value::default()
            });
        }
        if sinks::SESSION_OBJECTS.contains(&full) {
            return Some(Value {
                made_by: Some(SESSION.into()),
                ..Value::default()
            });
        }
        None
    }

    fn attribute(&mut self, frame: &mut Frame, a: &ast::ExprAttribute) -> Value {
        let path = guards::access_path(&Expr::Attribute(a.clone()));
        if let Some(v) = path.as_deref().and_then(|p| frame.get(p)) {
            return v.clone();
        }
        if let Some(full) = self
            .file()
            .imports
            .qualified_name(&Expr::Attribute(a.clone()))
        {
            if self
                .file()
                .imports
                .is_imported(root_name(&a.value).unwrap_or(""))
            {
                if let Some(v) = self.qualified_value(frame, &full, a.range()) {
                    return v;
                }
            }
        }
        let base = self.eval(frame, &a.value);
        let attr = a.attr.id.as_str();
        match base.made_by.as_deref() {
            Some(REQUEST) => return self.request_attribute(frame, attr, a.range()),
            Some(HANDLER) => {
                if let Some((_, kind)) = sources::HANDLER_SELF_ATTRIBUTES
                    .iter()
                    .find(|(n, _)| *n == attr)
                {
                    if attr == "request" {
                        return Value {
                            made_by: Some(REQUEST.into()),
                            ..Value::default()
                        };
                    }
                    let f = self.function_name(frame);
                    return self.source_value(*kind, Trust::Remote, a.range(), &f);
                }
            }
            _ => {}
        }
        if sinks::SESSION_ATTRIBUTES.contains(&attr) && base.made_by.as_deref() == Some(REQUEST) {
            return Value {
                made_by: Some(SESSION.into()),
                ..Value::default()
            };
        }
        // `self.x` not assigned in this function: what the class's methods store there.
        if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") {
            if let Some(class) = frame.func.and_then(|f| self.ctx.functions[f].class) {
                if let Some(v) = self.class_attribute(class, attr) {
                    return v;
                }
            }
        }
        let mut v = base.flattened();
        v.made_by = base.made_by.clone();
        v
    }

    /// An attribute of a request object: a source, or the session, or the route's path.
    fn request_attribute(&mut self, frame: &Frame, attr: &str, range: TextRange) -> Value {
        if sinks::SESSION_ATTRIBUTES.contains(&attr) {
            return Value {
                made_by: Some(SESSION.into()),
                ..Value::default()
            };
        }
        if attr == "path" {
            if let Some(path) = &frame.static_path {
                // A route without variable parts is reached only at its own path.
                return Value::constant(Const::Str(path.as_str().into()));
            }
        }
        match sources::REQUEST_ATTRIBUTES.iter().find(|(n, _)| *n == attr) {
            Some((_, kind)) => {
                let f = self.function_name(frame);
                self.source_value(*kind, Trust::Remote, range, &f)
            }
            None => Value::unknown(),
        }
    }

    /// What the methods of a class store in `self.attr`, joined.
    fn class_attribute(&mut self, class: usize, attr: &str) -> Option<Value> {
        if !self.class_attrs.contains_key(&class) {
            if self.attrs_in_progress.contains(&class) {
                return None;
            }
            self.attrs_in_progress.insert(class);
            let methods: Vec<usize> = self.ctx.classes[class].methods.values().copied().collect();
            let mut stores = Env::new();
            for m in methods {
                let def = self.ctx.functions[m].def;
                let mut found = Vec::new();
                collect_self_stores(&def.body, &mut found);
                if found.is_empty() {
                    continue;
                }
                let summary_env = self.self_stores(m);
                for (k, v) in summary_env {
                    match stores.get_mut(&k) {
                        Some(old) => *old = old.join(&v),
                        None => {
                            stores.insert(k, v);
                        }
                    }
                }
            }
            self.attrs_in_progress.remove(&class);
            self.class_attrs.insert(class, Rc::new(stores));
        }
        self.class_attrs[&class]
            .get(attr)
            .map(|v| v.map_origins(|o| o.crossed = true))
    }

    /// The values method `m` stores in `self` attributes (its parameter origins dropped:
    /// only what it reads itself).
    fn self_stores(&mut self, m: usize) -> Env {
        let info = &self.ctx.functions[m];
        let def = info.def;
        let mut frame = Frame::new(Some(m));
        let mut env = Env::new();
        let handler = info.class.is_some_and(|c| self.ctx.classes[c].is_handler);
        let qualname = info.qualname.clone();
        let params = info.params.clone();
        let takes_self = info.takes_self();
        for (i, (name, role)) in params.iter().enumerate() {
            let v = match (i, role) {
                (0, _) if takes_self => Value {
                    made_by: handler.then(|| HANDLER.into()),
                    ..Value::default()
                },
                (_, ParamRole::Request) => Value {
                    made_by: Some(REQUEST.into()),
                    ..Value::default()
                },
                (_, ParamRole::Source(kind, trust)) => {
                    self.source_value(*kind, *trust, param_range(def, i), &qualname)
                }
                _ => Value::unknown(),
            };
            env.insert(name.clone(), v);
        }
        frame.env = Some(env);
        // Stores are kept even past a return: walk the body and keep every `self.x` seen.
        let mut seen = Env::new();
        self.depth += 1;
        for stmt in &def.body {
            if frame.env.is_none() || frame.stopped {
                break;
            }
            self.exec(&mut frame, stmt);
            if let Some(env) = &frame.env {
                for (k, v) in env {
                    if let Some(attr) = k.strip_prefix("self.") {
                        if !attr.contains('.') {
                            seen.insert(attr.to_owned(), v.clone());
                        }
                    }
                }
            }
        }
        self.depth -= 1;
        seen
    }

    fn subscript(&mut self, frame: &mut Frame, s: &ast::ExprSubscript) -> Value {
        let base = self.eval(frame, &s.value);
        if let Expr::Slice(sl) = &*s.slice {
            let lower = sl.lower.as_ref().map(|e| self.eval(frame, e));
            let upper = sl.upper.as_ref().map(|e| self.eval(frame, e));
            let as_int = |v: &Option<Value>| match v.as_ref().map(|v| &v.constant) {
                Some(Some(Const::Int(i))) => Some(Some(*i)),
                None => Some(None),
                _ => None,
            };
            if let (Some(c), Some(lo), Some(hi)) = (&base.constant, as_int(&lower), as_int(&upper))
            {
                if sl.step.is_none() {
                    if let Some(c) = fold::slice(c, lo, hi) {
                        return Value::constant(c);
                    }
                }
            }
            return base.flattened();
        }
        let key = self.eval(frame, &s.slice);
        if base.made_by.as_deref() == Some(SESSION) {
            return Value::default();
        }
        let base = self.widen_source(&base, s.range());
        match &key.constant {
            Some(Const::Int(i)) => {
                if let Some(v) = base.element(*i) {
                    return v;
                }
                if let Some(c) = base.constant.as_ref().and_then(|c| fold::index(c, *i)) {
                    return Value::constant(c);
                }
            }
            Some(Const::Str(k)) => {
                if let Some(v) = base.entry(k) {
                    return v;
                }
                if matches!(base.shape.as_deref(), Some(Shape::Map(_))) {
                    // A key the dict never had: only what is not known precisely.
                    return Value {
                        origins: base.origins.clone(),
                        unknown: base.unknown,
                        ..Value::default()
                    };
                }
            }
            _ => {}
        }
        let mut v = base.flattened();
        if base.shape.is_none() {
            v.made_by = None;
        }
        v
    }

    // ----- calls -----

    fn call(&mut self, frame: &mut Frame, call: &ast::ExprCall) -> Value {
        let (receiver, method) = match &*call.func {
            Expr::Attribute(a) => (Some(&*a.value), Some(a.attr.id.as_str())),
            _ => (None, None),
        };
        let imports = &self.file().imports;
        // A call through an imported module (`os.system`) or a builtin is a qualified call;
        // a method of a local value is a method call.
        let root_imported = receiver
            .and_then(root_name)
            .is_some_and(|r| imports.is_imported(r) && frame.get(r).is_none());
        let mut qualified = match (&*call.func, receiver) {
            (Expr::Name(n), _) if frame.get(n.id.as_str()).is_none() => Some(
                imports
                    .resolve(n.id.as_str())
                    .map_or_else(|| n.id.to_string(), str::to_owned),
            ),
            (_, Some(_)) if root_imported => imports.qualified_name(&call.func),
            _ => None,
        };
        // `request.args.get(...)`, `os.environ.get(...)`: a method of an object the engine
        // knows, unless the call itself is a source.
        if let (Some(q), Some(r)) = (&qualified, receiver) {
            let object = imports.qualified_name(r).unwrap_or_default();
            if !sources::CALLS.iter().any(|(n, _, _)| n == q) && is_known_object(&object) {
                qualified = None;
            }
        }
        let receiver_value = match (receiver, &qualified) {
            (Some(r), None) => Some(self.eval(frame, r)),
            _ => None,
        };
        let args: Vec<Value> = call
            .arguments
            .args
            .iter()
            .map(|a| self.eval(frame, a))
            .collect();
        let kwargs: Vec<(Option<&str>, Value)> = call
            .arguments
            .keywords
            .iter()
            .map(|k| {
                (
                    k.arg.as_ref().map(|a| a.id.as_str()),
                    self.eval(frame, &k.value),
                )
            })
            .collect();
        let mut all: Vec<&Value> = args.iter().chain(kwargs.iter().map(|(_, v)| v)).collect();
        if let Some(r) = &receiver_value {
            all.push(r);
        }
        let combined = Value::combine(all.iter().copied());
        self.record(call.range(), &combined);
        let call_args = CallArgs {
            call,
            args: &args,
            kwargs: &kwargs,
            receiver: receiver_value.as_ref(),
        };
        // Functions of this file.
        if let Some(v) = self.call_local(
            frame,
            call,
            qualified.as_deref(),
            receiver,
            method,
            &call_args,
        ) {
            return v;
        }
        let name_for_sinks = qualified.clone();
        let is_sink = self.check_sinks(frame, name_for_sinks.as_deref(), method, &call_args);
        // Sources.
        if let Some(q) = &qualified {
            if let Some((_, kind, trust)) = sources::CALLS.iter().find(|(n, _, _)| n == q) {
                let f = self.function_name(frame);
                return self.source_value(*kind, *trust, call.range(), &f);
            }
        }
        if let (Some(r), Some(m)) = (&receiver_value, method) {
            let request_method = sources::REQUEST_ATTRIBUTES.iter().any(|(n, _)| *n == m);
            let handler_method = sources::HANDLER_SELF_ATTRIBUTES
                .iter()
                .find(|(n, _)| *n == m);
            match (r.made_by.as_deref(), handler_method) {
                (Some(REQUEST), _) if request_method => {
                    return self.request_attribute(frame, m, call.range());
                }
                (Some(HANDLER), Some((_, kind))) => {
                    let f = self.function_name(frame);
                    return self.source_value(*kind, Trust::Remote, call.range(), &f);
                }
                _ => {}
            }
            if let Some((_, kind, trust)) = sources::METHODS.iter().find(|(n, _, _)| *n == m) {
                let f = self.function_name(frame);
                return self.source_value(*kind, *trust, call.range(), &f);
            }
        }
        let result = self.call_result(
            frame,
            call,
            qualified.as_deref(),
            method,
            &call_args,
            &combined,
        );
        if is_sink {
            // What a sink returns (a file object, a response) is not its argument.
            return Value {
                unknown: result.unknown,
                made_by: result.made_by,
                ..Value::default()
            };
        }
        result
    }

    /// What a call of a library or another file's function returns.
    fn call_result(
        &mut self,
        frame: &mut Frame,
        call: &ast::ExprCall,
        qualified: Option<&str>,
        method: Option<&str>,
        a: &CallArgs,
        combined: &Value,
    ) -> Value {
        let range = call.range();
        if let Some(q) = qualified {
            if let Some((_, protects)) = sanitisers::CALLS.iter().find(|(n, _)| *n == q) {
                if *protects == SinkSet::ALL {
                    return Value::default();
                }
                let v = combined.sanitised(*protects, range);
                return Value {
                    constant: None,
                    ..v
                };
            }
            if propagators::CLEAN.contains(&q) {
                return Value::default();
            }
            if q == "os.path.join" {
                if let Some(c) = join_constants(a.args) {
                    return Value::constant(c);
                }
            }
            if q == "str" && a.args.len() == 1 {
                if let Some(c) = &a.args[0].constant {
                    return Value::constant(Const::Str(c.text()));
                }
            }
            if matches!(q, "list" | "tuple") && a.args.len() == 1 && a.args[0].shape.is_some() {
                return a.args[0].through(range, StepKind::Step);
            }
            if propagators::CALLS.contains(&q) {
                let mut v = combined.through(range, StepKind::Step);
                if q.starts_with("pathlib") {
                    v.made_by = Some(q.into());
                }
                return v;
            }
            if q == "configparser.ConfigParser" || q == "configparser.RawConfigParser" {
                return Value {
                    made_by: Some(CONFIG.into()),
                    ..Value::container(Shape::Map(Vec::new()))
                };
            }
            return self.unknown_call(q, combined, range, Some(q));
        }
        let (Some(receiver), Some(m)) = (a.receiver, method) else {
            return self.unknown_call("", combined, range, None);
        };
        if let Some(v) = self.container_method(frame, call, receiver, m, a) {
            return v;
        }
        if sanitisers::METHODS.contains(&m) {
            return match (&receiver.constant, m) {
                (Some(Const::Str(s)), _) => {
                    let consts: Vec<Option<Const>> =
                        a.args.iter().map(|v| v.constant.clone()).collect();
                    fold::str_method(s, m, &consts).map_or_else(Value::default, Value::constant)
                }
                _ => Value::default(),
            };
        }
        if propagators::METHODS.contains(&m) {
            let receiver = &self.widen_source(receiver, range);
            if let Some(Const::Str(s)) = &receiver.constant {
                let consts: Vec<Option<Const>> =
                    a.args.iter().map(|v| v.constant.clone()).collect();
                if consts.iter().all(Option::is_some) {
                    if let Some(c) = fold::str_method(s, m, &consts) {
                        return Value::constant(c);
                    }
                }
            }
            let args = Value::combine(a.args.iter().chain(a.kwargs.iter().map(|(_, v)| v)));
            let mut v = receiver.flattened().join(&args);
            v.constant = None;
            v.made_by = receiver.made_by.clone();
            return v;
        }
        // An XML parser told to resolve external entities.
        if m == "setFeature" && a.args.len() >= 2 {
            let on = a.args[1].constant.as_ref().is_none_or(Const::truthy);
            let feature = call
                .arguments
                .args
                .first()
                .map(|e| self.ctx.text(e.range()).to_owned())
                .unwrap_or_default();
            if on && (feature.contains("external_ges") || feature.contains("external_pes")) {
                if let Some(path) = call_receiver_path(call) {
                    if let Some(v) = frame.get(&path).cloned() {
                        frame.set(
                            path,
                            Value {
                                resolves_entities: true,
                                ..v
                            },
                        );
                    }
                }
            }
            return Value::default();
        }
        let made_by = receiver.made_by.clone();
        let mut v = self.unknown_call(m, combined, range, made_by.as_deref());
        v.made_by = made_by;
        v
    }

    /// A call into code the engine cannot see: its result carries its arguments at lower
    /// confidence, unless its name says it sanitises.
    fn unknown_call(
        &mut self,
        name: &str,
        combined: &Value,
        range: TextRange,
        made_by: Option<&str>,
    ) -> Value {
        let last = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
        if let Some(protects) = name_sanitiser(&last) {
            if protects == SinkSet::ALL {
                return Value::default();
            }
            return combined.sanitised(protects, range);
        }
        let known = name
            .split('.')
            .next()
            .is_some_and(|m| KNOWN_MODULES.contains(&m))
            || made_by.is_some_and(|m| {
                m.split('.')
                    .next()
                    .is_some_and(|m| KNOWN_MODULES.contains(&m))
            });
        let mut v = combined.map_origins(|o| {
            o.via_unknown = true;
            o.push(range, StepKind::Step);
        });
        v.constant = None;
        v.unknown = combined.unknown || !known;
        v.made_by = made_by.map(Into::into);
        if let Some(q) = made_by {
            if (q.ends_with("XMLParser") || q.ends_with("XMLPullParser"))
                && self.parser_resolves(range)
            {
                v.resolves_entities = true;
            }
        }
        v
    }

    /// Whether an `lxml` parser constructor at `range` asks to resolve external entities.
    fn parser_resolves(&self, range: TextRange) -> bool {
        let text = self.ctx.text(range);
        text.contains("resolve_entities=True") || text.contains("no_network=False")
    }

    /// Methods that read or change a precise container: lists, dicts, `configparser`.
    fn container_method(
        &mut self,
        frame: &mut Frame,
        call: &ast::ExprCall,
        receiver: &Value,
        m: &str,
        a: &CallArgs,
    ) -> Option<Value> {
        let path = call_receiver_path(call);
        let key = |i: usize| -> Option<Rc<str>> {
            match a.args.get(i).and_then(|v| v.constant.as_ref()) {
                Some(Const::Str(s)) => Some(s.clone()),
                _ => None,
            }
        };
        let is_config = receiver.made_by.as_deref() == Some(CONFIG);
        match (m, receiver.shape.as_deref()) {
            ("append", Some(shape @ Shape::Seq(_))) if a.args.len() == 1 => {
                let updated = shape
                    .appended(a.args[0].clone())
                    .map(|s| with_shape(receiver, s))
                    .unwrap_or_else(|| receiver.join(&a.args[0]).flattened());
                if let Some(p) = path {
                    frame.set(p, updated);
                }
                Some(Value::constant(Const::None))
            }
            ("extend", Some(Shape::Seq(items))) if a.args.len() == 1 => {
                let updated = match a.args[0].shape.as_deref() {
                    Some(Shape::Seq(more)) => with_shape(
                        receiver,
                        Shape::Seq(items.iter().chain(more).cloned().collect()),
                    ),
                    _ => receiver.join(&a.args[0]).flattened(),
                };
                if let Some(p) = path {
                    frame.set(p, updated);
                }
                Some(Value::constant(Const::None))
            }
            ("insert", Some(Shape::Seq(items))) if a.args.len() == 2 => {
                let updated = match &a.args[0].constant {
                    Some(Const::Int(i)) if *i >= 0 && (*i as usize) <= items.len() => {
                        let mut items = items.clone();
                        items.insert(*i as usize, a.args[1].clone());
                        with_shape(receiver, Shape::Seq(items))
                    }
                    _ => receiver.join(&a.args[1]).flattened(),
                };
                if let Some(p) = path {
                    frame.set(p, updated);
                }
                Some(Value::constant(Const::None))
            }
            ("pop", Some(Shape::Seq(items))) => {
                let index = match a.args.first().map(|v| &v.constant) {
                    None => Some(items.len() as i64 - 1),
                    Some(Some(Const::Int(i))) => Some(*i),
                    _ => None,
                };
                let len = items.len() as i64;
                match index.map(|i| if i < 0 { len + i } else { i }) {
                    Some(i) if (0..len).contains(&i) => {
                        let mut items = items.clone();
                        let popped = items.remove(i as usize);
                        if let Some(p) = path {
                            frame.set(p, with_shape(receiver, Shape::Seq(items)));
                        }
                        Some(popped)
                    }
                    _ => Some(receiver.flattened()),
                }
            }
            ("get", Some(Shape::Map(_))) if !is_config => {
                let default = a
                    .args
                    .get(1)
                    .cloned()
                    .unwrap_or_else(|| Value::constant(Const::None));
                Some(match key(0) {
                    Some(k) => receiver.entry(&k).unwrap_or(Value {
                        origins: receiver.origins.clone(),
                        unknown: receiver.unknown,
                        ..default
                    }),
                    None => receiver.flattened().join(&default),
                })
            }
            ("update", Some(Shape::Map(items))) if !is_config && a.args.len() == 1 => {
                let updated = match a.args[0].shape.as_deref() {
                    Some(Shape::Map(more)) => {
                        let mut merged = items.clone();
                        for (k, v) in more {
                            match merged.iter_mut().find(|(kk, _)| kk == k) {
                                Some((_, old)) => *old = v.clone(),
                                None => merged.push((k.clone(), v.clone())),
                            }
                        }
                        with_shape(receiver, Shape::Map(merged))
                    }
                    _ => receiver.join(&a.args[0]).flattened(),
                };
                if let Some(p) = path {
                    frame.set(p, updated);
                }
                Some(Value::constant(Const::None))
            }
            ("keys", Some(Shape::Map(items))) => Some(Value::container(Shape::Seq(
                items
                    .iter()
                    .map(|(k, _)| Value::constant(Const::Str(k.clone())))
                    .collect(),
            ))),
            ("values", Some(Shape::Map(_))) => Some(receiver.flattened()),
            // configparser: sections and options as one table keyed "section\0option".
            ("set", Some(shape @ Shape::Map(_))) if is_config && a.args.len() >= 3 => {
                let updated = match (key(0), key(1)) {
                    (Some(s), Some(o)) => shape
                        .with_entry(format!("{s}\0{o}").into(), a.args[2].clone())
                        .map(|sh| with_shape(receiver, sh))
                        .unwrap_or_else(|| receiver.join(&a.args[2]).flattened()),
                    _ => {
                        let mut v = receiver.join(&a.args[2]);
                        v.shape = receiver.shape.clone();
                        v
                    }
                };
                if let Some(p) = path {
                    frame.set(
                        p,
                        Value {
                            made_by: Some(CONFIG.into()),
                            ..updated
                        },
                    );
                }
                Some(Value::constant(Const::None))
            }
            ("get" | "get_option", Some(Shape::Map(_))) if is_config && a.args.len() >= 2 => {
                Some(match (key(0), key(1)) {
                    (Some(s), Some(o)) => {
                        receiver
                            .entry(&format!("{s}\0{o}"))
                            .unwrap_or_else(|| Value {
                                origins: receiver.origins.clone(),
                                unknown: receiver.unknown,
                                ..Value::default()
                            })
                    }
                    _ => receiver.flattened(),
                })
            }
            ("add_section" | "read" | "read_string" | "has_section", _) if is_config => {
                Some(Value::default())
            }
            ("join", _) if a.args.len() == 1 => {
                let parts = &a.args[0];
                if let (Some(Const::Str(sep)), Some(Shape::Seq(items))) =
                    (&receiver.constant, parts.shape.as_deref())
                {
                    if items.iter().all(|i| i.constant.is_some()) {
                        let text: Vec<String> = items
                            .iter()
                            .map(|i| {
                                i.constant
                                    .as_ref()
                                    .map(|c| c.text().to_string())
                                    .unwrap_or_default()
                            })
                            .collect();
                        return Some(Value::constant(Const::Str(text.join(sep).into())));
                    }
                }
                Some(Value::combine([receiver, parts]).through(call.range(), StepKind::Step))
            }
            ("format", _) if receiver.constant.is_some() || receiver.shape.is_none() => {
                let parts: Vec<&Value> = std::iter::once(receiver)
                    .chain(a.args.iter())
                    .chain(a.kwargs.iter().map(|(_, v)| v))
                    .collect();
                let v = Value::combine(parts).through(call.range(), StepKind::Step);
                self.record(call.range(), &v);
                Some(v)
            }
            _ => None,
        }
    }

    /// Calls of this file's functions, methods and classes, through their summaries.
    fn call_local(
        &mut self,
        frame: &mut Frame,
        call: &ast::ExprCall,
        qualified: Option<&str>,
        receiver: Option<&Expr>,
        method: Option<&str>,
        a: &CallArgs,
    ) -> Option<Value> {
        let mut self_arg: Option<Value> = None;
        let target = match (&*call.func, receiver, method) {
            (Expr::Name(n), _, _)
                if qualified.is_some() && self.file().imports.resolve(n.id.as_str()).is_none() =>
            {
                match self.ctx.resolve_name(frame.func, n.id.as_str())? {
                    Callable::Function(f) => f,
                    Callable::Class(c) => {
                        let init = self.ctx.method(c, "__init__");
                        if let Some(init) = init {
                            let mut args = vec![Value::default()];
                            args.extend(a.args.iter().cloned());
                            self.apply_summary(frame, init, &args, a.kwargs, call.range());
                        }
                        return Some(Value {
                            made_by: Some(format!("class:{c}").into()),
                            ..Value::default()
                        });
                    }
                }
            }
            (_, Some(Expr::Name(r)), Some(m))
                if r.id.as_str() == "self" || r.id.as_str() == "cls" =>
            {
                let class = frame.func.and_then(|f| self.ctx.functions[f].class)?;
                let f = self.ctx.method(class, m)?;
                self_arg = Some(a.receiver.cloned().unwrap_or_default());
                f
            }
            (_, Some(_), Some(m)) => {
                let made_by = a.receiver?.made_by.as_deref()?;
                let class: usize = made_by.strip_prefix("class:")?.parse().ok()?;
                let f = self.ctx.method(class, m)?;
                self_arg = Some(a.receiver.cloned().unwrap_or_default());
                f
            }
            _ => return None,
        };
        let mut args = Vec::new();
        if self.ctx.functions[target].takes_self() {
            args.push(self_arg.unwrap_or_default());
        }
        args.extend(a.args.iter().cloned());
        Some(self.apply_summary(frame, target, &args, a.kwargs, call.range()))
    }

    /// The value a call of function `f` returns, and the flows its parameters take to sinks
    /// inside it.
    fn apply_summary(
        &mut self,
        frame: &mut Frame,
        f: usize,
        args: &[Value],
        kwargs: &[(Option<&str>, Value)],
        call_range: TextRange,
    ) -> Value {
        let summary = self.summary(f);
        let names: Vec<String> = self.ctx.functions[f]
            .params
            .iter()
            .map(|(n, _)| n.clone())
            .collect();
        let arg = |i: usize| -> Option<Value> {
            args.get(i).cloned().or_else(|| {
                let name = names.get(i)?;
                kwargs
                    .iter()
                    .find(|(k, _)| *k == Some(name.as_str()))
                    .map(|(_, v)| v.clone())
            })
        };
        // What it returns, with each parameter replaced by what was passed.
        let mut result = Value {
            unknown: summary.returns.unknown,
            constant: summary.returns.constant.clone(),
            made_by: summary.returns.made_by.clone(),
            resolves_entities: summary.returns.resolves_entities,
            ..Value::default()
        };
        for o in summary.returns.all_origins() {
            match o.source {
                Source::Param(i) => {
                    if let Some(passed) = arg(i as usize) {
                        let through = splice(&passed, &o, call_range);
                        result = result.join(&through);
                    }
                }
                Source::Real(_) => {
                    let mut o = (*o).clone();
                    o.crossed = true;
                    result = result.join(&Value::from_origin(o));
                }
            }
        }
        if let Some(shape) = &summary.returns.shape {
            if summary.returns.all_origins().is_empty() {
                result.shape = Some(shape.clone());
            }
        }
        if summary.is_route {
            // A route's result is a response already judged where it was made.
            result = result.sanitised(SinkSet::of(&[SinkKind::Xss]), call_range);
        }
        // Parameters that reach a sink inside it.
        for ps in &summary.param_sinks {
            let Some(passed) = arg(ps.param as usize) else {
                continue;
            };
            let through = splice(&passed, &ps.origin, call_range);
            let name = ps.sink_name.clone();
            self.sink_at(frame, ps.sink, &through, ps.sink_range, &name);
        }
        result
    }

    // ----- sinks -----

    /// Checks every sink row the call matches; true when one matched (whatever the data).
    fn check_sinks(
        &mut self,
        frame: &mut Frame,
        qualified: Option<&str>,
        method: Option<&str>,
        a: &CallArgs,
    ) -> bool {
        let mut matched = false;
        for row in sinks::SINKS {
            let hit = match row.callee {
                Callee::Qualified(name) => qualified == Some(name),
                Callee::Method(m) => qualified.is_none() && method == Some(m),
                Callee::MethodOf(maker, m) => {
                    method == Some(m)
                        && (qualified
                            .is_some_and(|q| q.contains(maker) && q.ends_with(&format!(".{m}")))
                            || a.receiver
                                .and_then(|r| r.made_by.as_deref())
                                .is_some_and(|by| by.contains(maker)))
                }
                Callee::SelfMethod(m) => {
                    method == Some(m)
                        && matches!(&*a.call.func, Expr::Attribute(at) if matches!(&*at.value, Expr::Name(n) if n.id.as_str() == "self"))
                        && frame
                            .func
                            .and_then(|f| self.ctx.functions[f].class)
                            .is_some_and(|c| self.ctx.classes[c].is_handler)
                }
            };
            if !hit {
                continue;
            }
            matched = true;
            let Some(value) = self.sink_argument(row.arg, a, row.when) else {
                continue;
            };
            let name = qualified.map_or_else(
                || format!(".{}()", method.unwrap_or("")),
                |q| format!("{q}()"),
            );
            self.sink(frame, row.kind, &value, a.call.range(), &name);
        }
        matched
    }

    /// The value a row's argument holds, when the row's condition holds.
    fn sink_argument(&self, arg: Arg, a: &CallArgs, when: sinks::When) -> Option<Value> {
        use sinks::When;
        let keyword = |name: &str| {
            a.kwargs
                .iter()
                .find(|(k, _)| *k == Some(name))
                .map(|(_, v)| v.clone())
        };
        let value = match arg {
            Arg::At(i, name) => a.args.get(i).cloned().or_else(|| keyword(name)),
            Arg::Keyword(name) => keyword(name),
            Arg::Receiver => a.receiver.cloned(),
            Arg::Any => Some(Value::combine(
                a.args.iter().chain(a.kwargs.iter().map(|(_, v)| v)),
            )),
        }?;
        let shell = keyword("shell");
        match when {
            When::Always => Some(value),
            When::ShellTrue => match shell {
                Some(s) if s.constant.as_ref().is_some_and(|c| !c.truthy()) => None,
                Some(_) => Some(value),
                None => None,
            },
            When::ShellProgram => {
                if shell
                    .as_ref()
                    .is_some_and(|s| s.constant.as_ref().is_none_or(Const::truthy))
                {
                    return None;
                }
                let Some(Shape::Seq(items)) = value.shape.as_deref() else {
                    return None;
                };
                let program = items.first()?;
                match &program.constant {
                    Some(Const::Str(p)) if guards::is_shell(p) => {
                        let script_flag = items.get(1).and_then(|f| f.constant.as_ref()).is_some_and(
                            |f| matches!(f, Const::Str(s) if sinks::SHELL_SCRIPT_FLAGS.contains(&&**s)),
                        );
                        script_flag.then(|| Value::combine(items.iter().skip(2)))
                    }
                    Some(_) => None,
                    None => Some(program.clone()),
                }
            }
            When::UnsafeYamlLoader => {
                let loader = a.args.get(1).cloned().or_else(|| keyword("Loader"));
                let text = a
                    .call
                    .arguments
                    .args
                    .get(1)
                    .or_else(|| {
                        a.call
                            .arguments
                            .keywords
                            .iter()
                            .find(|k| k.arg.as_ref().is_some_and(|n| n.id.as_str() == "Loader"))
                            .map(|k| &k.value)
                    })
                    .map(|e| self.ctx.text(e.range()).to_owned());
                let safe =
                    text.is_some_and(|t| sinks::SAFE_YAML_LOADERS.iter().any(|l| t.ends_with(l)));
                let _ = loader;
                (!safe).then_some(value)
            }
            When::AllowPickle => keyword("allow_pickle")
                .and_then(|v| v.constant)
                .is_some_and(|c| c.truthy())
                .then_some(value),
            When::EntityResolvingParser => {
                let parser = match &*a.call.func {
                    Expr::Attribute(_) if a.receiver.is_some() => a.receiver.cloned(),
                    _ => a.args.get(1).cloned().or_else(|| keyword("parser")),
                };
                parser.filter(|p| p.resolves_entities).map(|_| value)
            }
        }
    }

    /// Reports the origins of `value` that harm a sink of `kind` at `range`.
    fn sink(
        &mut self,
        frame: &mut Frame,
        kind: SinkKind,
        value: &Value,
        range: TextRange,
        name: &str,
    ) {
        self.sink_at(frame, kind, value, range, name);
    }

    fn sink_at(
        &mut self,
        frame: &mut Frame,
        kind: SinkKind,
        value: &Value,
        range: TextRange,
        name: &str,
    ) {
        for o in value.all_origins() {
            if !o.harms(kind) {
                continue;
            }
            match o.source {
                Source::Real(id) => {
                    self.reach(&Value::from_origin((*o).clone()), Reach::Sink(kind, range));
                    let function = self.function_name(frame);
                    frame.flows.push(Flow {
                        sink: kind,
                        sink_range: range,
                        sink_name: name.to_owned(),
                        source: id,
                        steps: o.steps(),
                        crossed: o.crossed,
                        via_unknown: o.via_unknown,
                        function,
                    });
                }
                Source::Param(p) => frame.param_sinks.push(ParamSink {
                    param: p,
                    sink: kind,
                    sink_range: range,
                    sink_name: name.to_owned(),
                    origin: o.clone(),
                }),
            }
        }
    }

    /// A route's returned body: text built from untrusted data is cross-site scripting; a
    /// dict or list becomes JSON, and a response object was judged where it was made.
    fn route_body_sink(
        &mut self,
        frame: &mut Frame,
        expr: Option<&Expr>,
        value: &Value,
        range: TextRange,
    ) {
        let Some(expr) = expr else { return };
        let body = match expr {
            Expr::Dict(_) | Expr::List(_) | Expr::ListComp(_) | Expr::DictComp(_) => return,
            // `return body, status` / `return body, status, headers`: only the body.
            Expr::Tuple(_) => match value.element(0) {
                Some(v) => v,
                None => return,
            },
            _ => value.clone(),
        };
        if matches!(body.shape.as_deref(), Some(Shape::Map(_))) || body.made_by.is_some() {
            return;
        }
        self.sink(frame, SinkKind::Xss, &body, range, "the response body");
    }
}

/// The arguments of a call, evaluated.
struct CallArgs<'c> {
    call: &'c ast::ExprCall,
    args: &'c [Value],
    kwargs: &'c [(Option<&'c str>, Value)],
    receiver: Option<&'c Value>,
}

/// What passed into a parameter, continued along the origin it took inside the callee.
fn splice(passed: &Value, inside: &Origin, call: TextRange) -> Value {
    let inner = inside.steps();
    passed.map_origins(|o| {
        o.crossed = true;
        o.via_unknown |= inside.via_unknown;
        o.sanitised = o.sanitised.union(inside.sanitised);
        o.push(call, StepKind::Step);
        for step in &inner {
            o.push(step.range, step.kind);
        }
    })
}

/// A value's contents replaced, keeping what it is.
fn with_shape(v: &Value, shape: Shape) -> Value {
    Value {
        origins: v.origins.clone(),
        unknown: v.unknown,
        constant: None,
        shape: Some(Rc::new(shape)),
        made_by: v.made_by.clone(),
        resolves_entities: v.resolves_entities,
    }
}

/// What iterating over a value yields.
fn element_of(v: &Value) -> Value {
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

/// The access path of a method call's receiver (`lst` of `lst.append(x)`).
fn call_receiver_path(call: &ast::ExprCall) -> Option<String> {
    match &*call.func {
        Expr::Attribute(a) => guards::access_path(&a.value)
            .filter(|_| matches!(&*a.value, Expr::Name(_) | Expr::Attribute(_))),
        _ => None,
    }
}

/// Whether a qualified name is, or is inside, an object the engine recognises (a request,
/// a session, a source such as `os.environ`).
fn is_known_object(qualified: &str) -> bool {
    let known = |q: &str| {
        sources::REQUEST_OBJECTS.contains(&q)
            || sinks::SESSION_OBJECTS.contains(&q)
            || sources::NAMES.iter().any(|(n, _, _)| *n == q)
    };
    let mut prefix = qualified;
    loop {
        if known(prefix) {
            return true;
        }
        match prefix.rfind('.') {
            Some(i) => prefix = &prefix[..i],
            None => return false,
        }
    }
}

/// The first name of an attribute chain.
fn root_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => root_name(&a.value),
        _ => None,
    }
}

/// `os.path.join` of constants.
fn join_constants(args: &[Value]) -> Option<Const> {
    let mut out = String::new();
    for a in args {
        let Some(Const::Str(s)) = &a.constant else {
            return None;
        };
        if s.starts_with('/') {
            out.clear();
        } else if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(s);
    }
    Some(Const::Str(out.into()))
}

/// What a function of another file protects, judged by its name.
fn name_sanitiser(name: &str) -> Option<SinkSet> {
    if name.contains("escape") || name.contains("quote") {
        let specific = sanitisers::ESCAPE_WORDS
            .iter()
            .filter(|(w, _)| name.contains(w))
            .fold(SinkSet::EMPTY, |acc, (_, s)| acc.union(*s));
        return Some(if specific.is_empty() {
            if name.contains("quote") {
                SinkSet::of(&[SinkKind::Command, SinkKind::Sql])
            } else {
                SinkSet::of(&[SinkKind::Xss])
            }
        } else {
            specific
        });
    }
    sanitisers::NAME_WORDS
        .iter()
        .any(|w| name.contains(w) && *w != "escape")
        .then_some(SinkSet::ALL)
}

/// Whether a `match` pattern matches a constant subject: `None` when it cannot be decided.
fn pattern_matches(pattern: &ast::Pattern, subject: &Const) -> Option<bool> {
    match pattern {
        ast::Pattern::MatchValue(v) => {
            let c = super::entry::literal(&v.value)?;
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
fn bind_pattern(frame: &mut Frame, pattern: &ast::Pattern, subject: &Value) {
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

/// `self.x = ...` anywhere in a body (not in nested functions).
fn collect_self_stores(body: &[Stmt], out: &mut Vec<String>) {
    use ruff_python_ast::statement_visitor::{walk_stmt, StatementVisitor};
    struct Stores<'o>(&'o mut Vec<String>);
    impl<'s> StatementVisitor<'s> for Stores<'_> {
        fn visit_stmt(&mut self, stmt: &'s Stmt) {
            match stmt {
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        if let Some(p) = guards::access_path(t).filter(|p| p.starts_with("self.")) {
                            self.0.push(p);
                        }
                    }
                }
                Stmt::AnnAssign(a) => {
                    if let Some(p) =
                        guards::access_path(&a.target).filter(|p| p.starts_with("self."))
                    {
                        self.0.push(p);
                    }
                }
                Stmt::AugAssign(a) => {
                    if let Some(p) =
                        guards::access_path(&a.target).filter(|p| p.starts_with("self."))
                    {
                        self.0.push(p);
                    }
                }
                _ => walk_stmt(self, stmt),
            }
        }
    }
    let mut v = Stores(out);
    for stmt in body {
        v.visit_stmt(stmt);
    }
}

/// Python's builtin names that the engine may meet unbound in a file.
fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "True"
            | "False"
            | "None"
            | "print"
            | "len"
            | "str"
            | "int"
            | "float"
            | "bool"
            | "list"
            | "dict"
            | "set"
            | "tuple"
            | "range"
            | "open"
            | "eval"
            | "exec"
            | "compile"
            | "input"
            | "isinstance"
            | "type"
            | "super"
            | "object"
            | "Exception"
            | "ValueError"
            | "KeyError"
            | "TypeError"
            | "RuntimeError"
            | "OSError"
            | "IOError"
            | "bytes"
            | "repr"
            | "sorted"
            | "enumerate"
            | "zip"
            | "map"
            | "filter"
            | "min"
            | "max"
            | "sum"
            | "abs"
            | "any"
            | "all"
            | "getattr"
            | "setattr"
            | "hasattr"
            | "format"
            | "iter"
            | "next"
            | "id"
            | "hash"
            | "round"
            | "ord"
            | "chr"
            | "vars"
            | "dir"
            | "callable"
            | "staticmethod"
            | "classmethod"
            | "property"
            | "NotImplemented"
            | "Ellipsis"
            | "frozenset"
            | "bytearray"
            | "memoryview"
            | "reversed"
            | "slice"
            | "divmod"
            | "pow"
            | "__name__"
            | "__file__"
            | "globals"
            | "locals"
            | "StopIteration"
            | "AttributeError"
            | "IndexError"
            | "NotImplementedError"
            | "PermissionError"
            | "FileNotFoundError"
    )
}
