//! The analysis proper: each function's statements in order, with an environment from
//! access paths (`bar`, `self.name`) to abstract values. Branches are analysed apart and
//! joined; a branch that exits (return, raise, continue, break) leaves nothing to join, so a
//! guard that exits protects what follows. Loops run their body twice. A call of a function
//! of the same file applies that function's summary, computed once.

use super::entry::{self, param_range, Callable, FileContext, ParamRole, Role};
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
const VIEW: &str = "<view>";
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
    /// The loops being run, innermost last: where `break` and `continue` go.
    loops: Vec<LoopExits>,
}

/// What leaves a loop's body early: by `break` (past the loop) and by `continue` (to the
/// next iteration).
#[derive(Default)]
struct LoopExits {
    breaks: Option<Env>,
    continues: Option<Env>,
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
            loops: Vec::new(),
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

mod calls;
mod expressions;
mod reached;
mod statements;

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
            Role::Route { static_path, html } => (*html, static_path.clone()),
            _ => (false, None),
        };
        let handler_class = class.is_some_and(|c| self.ctx.classes[c].is_handler);
        let view_class = class.is_some_and(|c| self.ctx.classes[c].is_view);
        let mut frame = Frame::new(Some(f));
        frame.is_route = is_route;
        frame.static_path = static_path;
        let mut env = Env::new();
        for (i, (name, role)) in params.iter().enumerate() {
            let value = if i == 0 && takes_self {
                let mut v = Value::default();
                if handler_class {
                    v.made_by = Some(HANDLER.into());
                } else if view_class {
                    v.made_by = Some(VIEW.into());
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
                    ParamRole::Clean => Value::default(),
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
        // A request line or header value cannot hold a line break: it ended the line.
        let header_safe = matches!(kind, SourceKind::RequestPath | SourceKind::RequestHeader);
        self.out.sources.push(SourceRead {
            kind,
            trust,
            range,
            function: function.to_owned(),
            reaches: Vec::new(),
        });
        let mut origin = Origin::new(Source::Real(id), range);
        if header_safe {
            origin.sanitised = SinkSet::of(&[SinkKind::Header]);
        }
        Value::from_origin(origin)
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
}
