//! The file's functions and classes as the engine needs them: which ones handle requests
//! (so their parameters are what a client sent), how calls of the same file resolve to them,
//! and the module's constants.

use super::tables::sources;
use super::value::Const;
use super::{SourceKind, Trust};
use crate::python::{ImportTable, PythonFile};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::HashMap;

/// What a parameter holds when its function is analysed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamRole {
    /// The request object of a handler: its attributes are sources.
    Request,
    /// What a client sent (a URL capture, a body).
    Source(SourceKind, Trust),
    /// Whatever a caller passes: unknown.
    Unknown,
    /// What a client sent, but converted by the framework to a number or an id
    /// (`<int:n>`, `n: int`): nothing of the text is left.
    Clean,
}

/// How a function is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Registered as a route (`@app.route`): its return value is the response body, sent
    /// as HTML unless the framework sends it as JSON (`html`: Flask yes, FastAPI no). The
    /// path, when it has no variable parts, is what `request.path` holds inside it.
    Route {
        static_path: Option<String>,
        html: bool,
    },
    /// Any other request handler (a Django view, a handler class's method).
    Handler,
    /// Called by other code.
    Plain,
}

/// One function or method of the file.
#[derive(Debug)]
pub struct FunctionInfo<'a> {
    pub def: &'a ast::StmtFunctionDef,
    pub qualname: String,
    /// The class it is a method of.
    pub class: Option<usize>,
    /// The function it is nested in.
    pub parent: Option<usize>,
    pub role: Role,
    /// Positional and keyword parameters in order, then `*args` and `**kwargs`.
    pub params: Vec<(String, ParamRole)>,
}

impl FunctionInfo<'_> {
    /// Whether it is a method that takes `self` (or `cls`) first.
    pub fn takes_self(&self) -> bool {
        self.class.is_some()
            && !self
                .def
                .decorator_list
                .iter()
                .any(|d| matches!(&d.expression, Expr::Name(n) if n.id.as_str() == "staticmethod"))
    }
}

/// One class of the file.
#[derive(Debug)]
pub struct ClassInfo {
    /// Base classes, qualified through the import table (`http.server.BaseHTTPRequestHandler`).
    pub bases: Vec<String>,
    /// Its methods by name: indices into [`FileContext::functions`].
    pub methods: HashMap<String, usize>,
    /// Handles requests: `self`'s request attributes are sources.
    pub is_handler: bool,
    /// A class-based view (Django `View`, Flask `MethodView`, aiohttp `web.View`):
    /// `self.request` is the request, `self.kwargs` the URL captures.
    pub is_view: bool,
}

/// Everything the engine knows about a file before analysing any function.
pub struct FileContext<'a> {
    pub file: &'a PythonFile,
    pub functions: Vec<FunctionInfo<'a>>,
    pub classes: Vec<ClassInfo>,
    /// Module-level functions and classes by name.
    pub module_functions: HashMap<String, usize>,
    pub module_classes: HashMap<String, usize>,
    /// Names assigned exactly once at module level, to a constant.
    pub constants: HashMap<String, Const>,
    /// Names bound at module level to something else (the engine cannot know their value).
    pub globals: std::collections::HashSet<String>,
    /// Module-level names bound once to a call's result, with the callee's qualified name
    /// (`conn = ldap3.Connection(...)`): what kind of object they hold.
    pub made_by: HashMap<String, String>,
    /// Module-level names bound once to a dict, list or tuple of constants: a lookup in
    /// them yields one of those constants, whatever the key.
    pub constant_tables: HashMap<String, &'a Expr>,
    /// Functions registered as views by a call (`app.add_url_rule("/x", view_func=f)`).
    registered_views: std::collections::HashSet<String>,
}

impl<'a> FileContext<'a> {
    /// Collects the file's functions, classes and constants.
    pub fn build(file: &'a PythonFile) -> Self {
        let mut ctx = FileContext {
            file,
            functions: Vec::new(),
            classes: Vec::new(),
            module_functions: HashMap::new(),
            module_classes: HashMap::new(),
            constants: HashMap::new(),
            globals: Default::default(),
            made_by: HashMap::new(),
            constant_tables: HashMap::new(),
            registered_views: Default::default(),
        };
        let body = &file.parsed.syntax().body;
        ctx.collect(body, "", None, None, true);
        ctx.collect_constants(body);
        ctx.mark_handler_classes();
        ctx.collect_registered_views(body);
        for i in 0..ctx.functions.len() {
            let (role, params) = ctx.role_of(i);
            ctx.functions[i].role = role;
            ctx.functions[i].params = params;
        }
        ctx
    }

    fn collect(
        &mut self,
        body: &'a [Stmt],
        prefix: &str,
        class: Option<usize>,
        parent: Option<usize>,
        module_level: bool,
    ) {
        for stmt in body {
            match stmt {
                Stmt::FunctionDef(def) => {
                    let qualname = format!("{prefix}{}", def.name.id);
                    let index = self.functions.len();
                    self.functions.push(FunctionInfo {
                        def,
                        qualname: qualname.clone(),
                        class,
                        parent,
                        role: Role::Plain,
                        params: Vec::new(),
                    });
                    if let Some(c) = class {
                        self.classes[c]
                            .methods
                            .insert(def.name.id.to_string(), index);
                    } else if module_level {
                        self.module_functions.insert(def.name.id.to_string(), index);
                    }
                    self.collect(
                        &def.body,
                        &format!("{qualname}.<locals>."),
                        None,
                        Some(index),
                        false,
                    );
                }
                Stmt::ClassDef(def) => {
                    let index = self.classes.len();
                    let bases = def
                        .arguments
                        .iter()
                        .flat_map(|a| a.args.iter())
                        .filter_map(|b| self.file.imports.qualified_name(b))
                        .collect();
                    self.classes.push(ClassInfo {
                        bases,
                        methods: HashMap::new(),
                        is_handler: false,
                        is_view: false,
                    });
                    if module_level {
                        self.module_classes.insert(def.name.id.to_string(), index);
                    }
                    let qualname = format!("{prefix}{}", def.name.id);
                    // A WSGI API's controller (`class ServersController(object)`) is a view
                    // by its own name.
                    let name = def.name.id.as_str();
                    if name.ends_with("Controller") || name.ends_with("Resource") {
                        self.classes[index].bases.push(name.to_owned());
                    }
                    self.collect(
                        &def.body,
                        &format!("{qualname}."),
                        Some(index),
                        parent,
                        false,
                    );
                }
                // Definitions under `if`/`try` at module level are still module functions.
                Stmt::If(s) if module_level => {
                    self.collect(&s.body, prefix, class, parent, true);
                    for clause in &s.elif_else_clauses {
                        self.collect(&clause.body, prefix, class, parent, true);
                    }
                }
                Stmt::Try(s) if module_level => {
                    self.collect(&s.body, prefix, class, parent, true);
                    self.collect(&s.orelse, prefix, class, parent, true);
                }
                _ => {}
            }
        }
    }

    /// Module-level names bound once to a constant are constants; anything else bound at
    /// module level is a global whose value is unknown inside functions.
    fn collect_constants(&mut self, body: &'a [Stmt]) {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut values: HashMap<String, Const> = HashMap::new();
        for stmt in body {
            let (targets, value): (Vec<&Expr>, Option<&Expr>) = match stmt {
                Stmt::Assign(a) => (a.targets.iter().collect(), Some(&*a.value)),
                Stmt::AnnAssign(a) => (vec![&*a.target], a.value.as_deref()),
                Stmt::AugAssign(a) => (vec![&*a.target], None),
                _ => continue,
            };
            for target in targets {
                if let Expr::Name(n) = target {
                    *counts.entry(n.id.to_string()).or_insert(0) += 1;
                    if let Some(c) = value.and_then(literal) {
                        values.insert(n.id.to_string(), c);
                    }
                    if let Some(Expr::Call(call)) = value {
                        if let Some(q) = self.file.imports.qualified_name(&call.func) {
                            self.made_by.insert(n.id.to_string(), q);
                        }
                    }
                    if let Some(table) = value.filter(|v| is_constant_table(v)) {
                        self.constant_tables.insert(n.id.to_string(), table);
                    }
                } else {
                    for name in names_in(target) {
                        *counts.entry(name).or_insert(0) += 2;
                    }
                }
            }
        }
        let mutated = mutated_names(self.file.parsed.syntax());
        self.constant_tables
            .retain(|name, _| counts.get(name).copied() == Some(1) && !mutated.contains(name));
        for (name, n) in counts {
            match values.remove(&name) {
                Some(c) if n == 1 && !mutated.contains(&name) => {
                    self.constants.insert(name, c);
                }
                _ => {
                    self.globals.insert(name);
                }
            }
        }
    }

    /// Classes whose bases (here or in the same file, transitively) handle requests.
    fn mark_handler_classes(&mut self) {
        let direct = |bases: &[String]| {
            bases.iter().any(|b| {
                sources::HANDLER_BASES.contains(&b.as_str())
                    || sources::HANDLER_BASE_SUFFIXES
                        .iter()
                        .any(|s| b.rsplit('.').next().is_some_and(|last| last.ends_with(s)))
            })
        };
        for i in 0..self.classes.len() {
            self.classes[i].is_handler = direct(&self.classes[i].bases);
            self.classes[i].is_view = self.classes[i].bases.iter().any(|b| {
                let last = b.rsplit('.').next().unwrap_or(b);
                sources::VIEW_CLASS_SUFFIXES
                    .iter()
                    .any(|s| last.ends_with(s))
            });
        }
        // Subclasses of the file's own handler classes, a few levels deep.
        for _ in 0..4 {
            for i in 0..self.classes.len() {
                if self.classes[i].is_handler {
                    continue;
                }
                let inherits = self.classes[i].bases.iter().any(|b| {
                    self.module_classes
                        .get(b.as_str())
                        .is_some_and(|&c| self.classes[c].is_handler)
                });
                self.classes[i].is_handler = inherits;
            }
        }
    }

    /// Functions named as `view_func` of an `add_url_rule` call anywhere in the file.
    fn collect_registered_views(&mut self, body: &[Stmt]) {
        use ruff_python_ast::visitor::{walk_expr, Visitor};
        struct Views<'v>(&'v mut std::collections::HashSet<String>);
        impl<'e> Visitor<'e> for Views<'_> {
            fn visit_expr(&mut self, expr: &'e Expr) {
                if let Expr::Call(c) = expr {
                    if matches!(&*c.func, Expr::Attribute(a) if a.attr.id.as_str() == "add_url_rule")
                    {
                        let view = c
                            .arguments
                            .keywords
                            .iter()
                            .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "view_func"))
                            .map(|k| &k.value)
                            .or_else(|| c.arguments.args.get(2));
                        if let Some(Expr::Name(n)) = view {
                            self.0.insert(n.id.to_string());
                        }
                    }
                }
                walk_expr(self, expr);
            }
        }
        let mut v = Views(&mut self.registered_views);
        v.visit_body(body);
    }

    /// A function's role, and what its parameters hold when it is analysed on its own.
    fn role_of(&self, index: usize) -> (Role, Vec<(String, ParamRole)>) {
        let info = &self.functions[index];
        let def = info.def;
        let names: Vec<String> = parameter_names(&def.parameters);
        let imports = &self.file.imports;
        let mut route = None;
        let mut handler = false;
        // URL captures and their converters (`<int:n>` → `n` is a number); `None` when the
        // route's path is not a literal.
        let mut captures: Option<Vec<(String, bool)>> = None;
        let mut flask_captures = false;
        let mut error_handler = false;
        for d in &def.decorator_list {
            let (callee, first_arg) = match &d.expression {
                Expr::Call(c) => (&*c.func, c.arguments.args.first()),
                other => (other, None),
            };
            if let Expr::Attribute(a) = callee {
                let method = a.attr.id.as_str();
                if sources::ROUTE_DECORATORS.contains(&method)
                    && !is_mock(imports, callee)
                    && matches!(&d.expression, Expr::Call(_))
                {
                    let path = first_arg.and_then(|p| match p {
                        Expr::StringLiteral(s) => Some(s.value.to_str().to_owned()),
                        _ => None,
                    });
                    if let Some(p) = &path {
                        captures = Some(route_captures(p));
                        flask_captures = p.contains('<');
                    }
                    let static_path = path.filter(|p| !p.contains('<') && !p.contains('{'));
                    let html = !self.json_app(&a.value);
                    route = Some(Role::Route { static_path, html });
                }
                if method == "errorhandler" && matches!(&d.expression, Expr::Call(_)) {
                    error_handler = true;
                    route = Some(Role::Route {
                        static_path: None,
                        html: true,
                    });
                }
            }
            if imports
                .qualified_name(callee)
                .is_some_and(|q| sources::HANDLER_DECORATORS.contains(&q.as_str()))
            {
                handler = true;
            }
        }
        if route.is_none()
            && info.parent.is_none()
            && info.class.is_none()
            && self.registered_views.contains(def.name.id.as_str())
        {
            route = Some(Role::Route {
                static_path: None,
                html: true,
            });
        }
        let class = info.class.map(|c| &self.classes[c]);
        let in_handler_class = class.is_some_and(|c| c.is_handler);
        let in_view_class = class.is_some_and(|c| {
            c.bases.iter().any(|b| {
                let last = b.rsplit('.').next().unwrap_or(b);
                sources::VIEW_CLASS_SUFFIXES
                    .iter()
                    .any(|s| last.ends_with(s))
            })
        });
        let takes_request = names
            .iter()
            .any(|n| sources::REQUEST_PARAMETERS.contains(&n.as_str()));
        let in_views_file = self.file_is_views();
        let skip = usize::from(info.takes_self());
        let wsgi = names.len() >= 2 + skip
            && names[skip] == sources::WSGI_PARAMETERS.0
            && names[skip + 1] == sources::WSGI_PARAMETERS.1;
        let flask_view = in_view_class
            && class.is_some_and(|c| {
                c.bases
                    .iter()
                    .any(|b| b.ends_with("MethodView") || b.starts_with("flask."))
            })
            && (is_handler_method(&def.name.id) || def.name.id.as_str() == "dispatch_request");
        let role = match route {
            Some(r) => r,
            None if flask_view => Role::Route {
                static_path: None,
                html: true,
            },
            None if handler || wsgi => Role::Handler,
            None if in_handler_class && is_handler_method(&def.name.id) => Role::Handler,
            None if takes_request && (in_view_class || in_views_file) => Role::Handler,
            None => Role::Plain,
        };
        let entry = role != Role::Plain;
        let skip_self = info.takes_self();
        let params = names
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let p = if skip_self && i == 0 {
                    ParamRole::Unknown
                } else if sources::REQUEST_PARAMETERS.contains(&name.as_str()) {
                    ParamRole::Request
                } else if wsgi && name == sources::WSGI_PARAMETERS.0 {
                    ParamRole::Source(SourceKind::RequestData, Trust::Remote)
                } else if (wsgi && name == sources::WSGI_PARAMETERS.1)
                    || (entry && injected_default(def, &name))
                {
                    ParamRole::Unknown
                } else if entry && annotated_request(def, &name, imports) {
                    ParamRole::Request
                } else if entry && error_handler {
                    ParamRole::Unknown
                } else if entry && annotated_scalar(def, &name, imports) {
                    ParamRole::Clean
                } else if let (true, Some(caps)) = (entry, &captures) {
                    // A Flask route's parameters are its URL captures; FastAPI's are also
                    // query and body fields, which a `{name}` path does not list.
                    match caps.iter().find(|(n, _)| *n == name) {
                        Some((_, true)) => ParamRole::Clean,
                        Some((_, false)) => {
                            ParamRole::Source(SourceKind::RouteParameter, Trust::Remote)
                        }
                        None if flask_captures => ParamRole::Unknown,
                        None => ParamRole::Source(SourceKind::RouteParameter, Trust::Remote),
                    }
                } else if entry {
                    ParamRole::Source(SourceKind::RouteParameter, Trust::Remote)
                } else {
                    ParamRole::Unknown
                };
                (name, p)
            })
            .collect();
        (role, params)
    }

    /// Whether a route decorator's object is an app that sends returned text as JSON
    /// (`FastAPI()`, `APIRouter()`, Starlette's); judged by the file's imports when the
    /// object was not made at module level.
    fn json_app(&self, object: &Expr) -> bool {
        let made = match object {
            Expr::Name(n) => self.made_by.get(n.id.as_str()),
            _ => None,
        };
        match made {
            Some(by) => by.starts_with("fastapi") || by.starts_with("starlette"),
            None => {
                let imports = &self.file.imports;
                (imports.imports_module_like("fastapi") || imports.imports_module_like("starlette"))
                    && !imports.imports_module_like("flask")
            }
        }
    }

    fn file_is_views(&self) -> bool {
        // The path is not known here; a module that imports Django's or DRF's view helpers
        // is a views module.
        self.file.imports.imports_module_like("django.")
            || self.file.imports.imports_module_like("rest_framework")
    }

    /// The function a bare name calls from inside function `from` (`None`: module level):
    /// a def nested in the same function, else a module-level function.
    pub fn resolve_name(&self, from: Option<usize>, name: &str) -> Option<Callable> {
        let mut scope = from;
        while let Some(f) = scope {
            if let Some(i) = self.functions.iter().position(|g| {
                g.parent == Some(f) && g.class.is_none() && g.def.name.id.as_str() == name
            }) {
                return Some(Callable::Function(i));
            }
            scope = self.functions[f].parent;
        }
        if let Some(&i) = self.module_functions.get(name) {
            return Some(Callable::Function(i));
        }
        self.module_classes.get(name).map(|&c| Callable::Class(c))
    }

    /// The method `name` of class `class` or of a base class defined in this file.
    pub fn method(&self, class: usize, name: &str) -> Option<usize> {
        let mut c = class;
        for _ in 0..8 {
            if let Some(&m) = self.classes[c].methods.get(name) {
                return Some(m);
            }
            let next = self.classes[c]
                .bases
                .iter()
                .find_map(|b| self.module_classes.get(b.as_str()).copied())?;
            c = next;
        }
        None
    }

    /// The text of a range of the file.
    pub fn text(&self, range: TextRange) -> &str {
        &self.file.text[range]
    }
}

/// What a call of the same file calls.
#[derive(Debug, Clone, Copy)]
pub enum Callable {
    Function(usize),
    /// A class: calling it runs its `__init__`, if the file defines one.
    Class(usize),
}

/// The variable parts of a route's path, each with whether a converter makes it a number
/// or an id: Flask's `<int:n>`, `<uuid:id>`, FastAPI's `{n}` (typed by annotation).
fn route_captures(path: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['<', '{']) {
        let close = if rest.as_bytes()[open] == b'<' {
            '>'
        } else {
            '}'
        };
        let Some(len) = rest[open + 1..].find(close) else {
            break;
        };
        let inner = &rest[open + 1..open + 1 + len];
        let (converter, name) = match inner.split_once(':') {
            Some((a, b)) if close == '>' => (a, b),
            Some((a, _)) => ("", a),
            None => ("", inner),
        };
        let numeric = matches!(converter.trim(), "int" | "float" | "uuid");
        out.push((name.trim().to_owned(), numeric));
        rest = &rest[open + 1 + len..];
    }
    out
}

/// A parameter annotated as a number, a boolean, an id or a date: the framework converts
/// what the client sent, and nothing of the text is left.
fn annotated_scalar(def: &ast::StmtFunctionDef, name: &str, imports: &ImportTable) -> bool {
    let p = &def.parameters;
    p.posonlyargs
        .iter()
        .chain(&p.args)
        .chain(&p.kwonlyargs)
        .filter(|a| a.parameter.name.id.as_str() == name)
        .filter_map(|a| a.parameter.annotation.as_deref())
        .any(|t| {
            let q = imports.qualified_name(t).unwrap_or_default();
            matches!(
                q.as_str(),
                "int"
                    | "float"
                    | "bool"
                    | "uuid.UUID"
                    | "UUID"
                    | "datetime.date"
                    | "datetime.datetime"
                    | "decimal.Decimal"
                    | "pydantic.conint"
                    | "pydantic.PositiveInt"
            )
        })
}

/// Names changed in place anywhere in the module (`STATE["cmd"] = x`, `ITEMS.append(x)`,
/// `global NAME`): their module-level value is not what they hold later.
fn mutated_names(module: &ast::ModModule) -> std::collections::HashSet<String> {
    use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
    const MUTATORS: &[&str] = &[
        "append",
        "extend",
        "insert",
        "update",
        "setdefault",
        "pop",
        "popitem",
        "clear",
        "remove",
        "add",
        "discard",
        "__setitem__",
    ];
    struct Mutations(std::collections::HashSet<String>);
    fn root(expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(n) => Some(n.id.to_string()),
            Expr::Subscript(s) => root(&s.value),
            Expr::Attribute(a) => root(&a.value),
            _ => None,
        }
    }
    impl<'v> Visitor<'v> for Mutations {
        fn visit_stmt(&mut self, stmt: &'v Stmt) {
            match stmt {
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        if matches!(t, Expr::Subscript(_) | Expr::Attribute(_)) {
                            self.0.extend(root(t));
                        }
                    }
                }
                Stmt::AugAssign(a) => self.0.extend(root(&a.target)),
                Stmt::Global(g) => self.0.extend(g.names.iter().map(|n| n.id.to_string())),
                Stmt::Delete(d) => {
                    for t in &d.targets {
                        self.0.extend(root(t));
                    }
                }
                _ => {}
            }
            walk_stmt(self, stmt);
        }
        fn visit_expr(&mut self, expr: &'v Expr) {
            if let Expr::Call(c) = expr {
                if let Expr::Attribute(a) = &*c.func {
                    if MUTATORS.contains(&a.attr.id.as_str()) {
                        self.0.extend(root(&a.value));
                    }
                }
            }
            walk_expr(self, expr);
        }
    }
    let mut m = Mutations(Default::default());
    m.visit_body(&module.body);
    m.0
}

/// A literal dict, list or tuple whose values are all constants.
fn is_constant_table(expr: &Expr) -> bool {
    match expr {
        Expr::Dict(d) => !d.items.is_empty() && d.items.iter().all(|i| literal(&i.value).is_some()),
        Expr::List(l) => !l.elts.is_empty() && l.elts.iter().all(|e| literal(e).is_some()),
        Expr::Tuple(t) => !t.elts.is_empty() && t.elts.iter().all(|e| literal(e).is_some()),
        _ => false,
    }
}

/// The methods a handler class's framework calls with a request.
fn is_handler_method(name: &str) -> bool {
    name.starts_with("do_")
        || matches!(
            name,
            "get"
                | "post"
                | "put"
                | "delete"
                | "patch"
                | "head"
                | "options"
                | "handle"
                | "on_message"
                | "open"
                | "prepare"
        )
}

fn parameter_names(p: &ast::Parameters) -> Vec<String> {
    let mut names: Vec<String> = p
        .posonlyargs
        .iter()
        .chain(&p.args)
        .chain(&p.kwonlyargs)
        .map(|a| a.parameter.name.id.to_string())
        .collect();
    if let Some(v) = &p.vararg {
        names.push(v.name.id.to_string());
    }
    if let Some(k) = &p.kwarg {
        names.push(k.name.id.to_string());
    }
    names
}

/// A parameter whose default is `Depends(...)`/`Security(...)` is injected by the
/// framework, not sent by the client.
fn injected_default(def: &ast::StmtFunctionDef, name: &str) -> bool {
    let p = &def.parameters;
    p.posonlyargs
        .iter()
        .chain(&p.args)
        .chain(&p.kwonlyargs)
        .filter(|a| a.parameter.name.id.as_str() == name)
        .any(|a| {
            matches!(a.default.as_deref(), Some(Expr::Call(c))
                if matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "Depends" | "Security"))
                || matches!(&*c.func, Expr::Attribute(at) if matches!(at.attr.id.as_str(), "Depends" | "Security")))
        })
}

/// A parameter annotated with a request class (`request: Request`).
fn annotated_request(def: &ast::StmtFunctionDef, name: &str, imports: &ImportTable) -> bool {
    let p = &def.parameters;
    p.posonlyargs
        .iter()
        .chain(&p.args)
        .chain(&p.kwonlyargs)
        .filter(|a| a.parameter.name.id.as_str() == name)
        .filter_map(|a| a.parameter.annotation.as_deref())
        .filter_map(|t| imports.qualified_name(t))
        .any(|q| q.ends_with("Request") || q.ends_with("HttpRequest"))
}

fn is_mock(imports: &ImportTable, callee: &Expr) -> bool {
    imports
        .qualified_name(callee)
        .is_some_and(|q| q.contains("mock") || q.starts_with("pytest"))
}

/// A literal's constant value.
pub fn literal(expr: &Expr) -> Option<Const> {
    match expr {
        Expr::StringLiteral(s) => Some(Const::Str(s.value.to_str().into())),
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => i.as_i64().map(Const::Int),
            _ => None,
        },
        Expr::BooleanLiteral(b) => Some(Const::Bool(b.value)),
        Expr::NoneLiteral(_) => Some(Const::None),
        _ => None,
    }
}

fn names_in(expr: &Expr) -> Vec<String> {
    match expr {
        Expr::Name(n) => vec![n.id.to_string()],
        Expr::Tuple(t) => t.elts.iter().flat_map(names_in).collect(),
        Expr::List(l) => l.elts.iter().flat_map(names_in).collect(),
        Expr::Starred(s) => names_in(&s.value),
        _ => Vec::new(),
    }
}

/// The range of a function's signature line, for steps that name a parameter.
pub fn param_range(def: &ast::StmtFunctionDef, index: usize) -> TextRange {
    let p = &def.parameters;
    let all: Vec<TextRange> = p
        .posonlyargs
        .iter()
        .chain(&p.args)
        .chain(&p.kwonlyargs)
        .map(|a| a.parameter.range())
        .chain(p.vararg.iter().map(|v| v.range()))
        .chain(p.kwarg.iter().map(|k| k.range()))
        .collect();
    all.get(index).copied().unwrap_or(def.name.range())
}
