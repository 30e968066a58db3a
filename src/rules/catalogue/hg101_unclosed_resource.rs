use super::context::{Ancestor, Node};
use super::{helpers, Check, Context, Hit};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Number, Stmt};
use ruff_text_size::{Ranged, TextRange};

crate::declare_rule! {
    /// ## What it does
    /// Flags a resource that is opened and then never released in the function that opened
    /// it (or the module, at module level): `open()`, `socket.socket()`,
    /// `subprocess.Popen()`, `tempfile.NamedTemporaryFile(delete=False)` and the file
    /// descriptor of `tempfile.mkstemp()`.
    ///
    /// The resource counts as released when it is a `with` item; when it is closed
    /// (`.close()`, `os.close(fd)`, `.wait()`/`.communicate()`/`.poll()` for a process,
    /// `os.remove`/`os.unlink` of a `delete=False` temporary file's `.name`), also when
    /// `x.close` is only handed over (`addCleanup(f.close)`); when it leaves the function
    /// (returned, yielded, passed to another call, stored on an attribute, in a subscript or
    /// a container, aliased to another name, declared `global`). A result that is used once
    /// and dropped (`open(p).read()`, `for line in open(p)`, a bare `Popen(cmd)` statement,
    /// `tempfile.mkstemp()[1]`, `_, path = tempfile.mkstemp()`) is flagged: it stays open
    /// until the garbage collector gets to it. The check does not follow control flow: a
    /// `close()` on one branch releases the name on every branch.
    ///
    /// ## Why is this bad?
    /// Leaked file descriptors and sockets run a long-lived process out of descriptors,
    /// keep files locked on Windows, delay writes reaching disk and, for
    /// `delete=False` temporary files, leave data behind in a shared directory. A `Popen`
    /// never waited for leaves a zombie process and its pipes open.
    ///
    /// ## Example
    /// ```python
    /// def first_line(path):
    ///     f = open(path)
    ///     return f.readline()   # f is never closed
    ///
    /// data = open(path).read()  # closed only when garbage collected
    /// ```
    /// Use `with open(path) as f:` instead.
    pub static RULE = {
        id: "HG101",
        name: "unclosed_resource",
        severity: Medium,
        confidence: Medium,
        cwe: 772,
        aspect: ResourceCleanup,
        message: "Resource is opened but never closed.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

/// What kind of resource a call opens, which decides what releases it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resource {
    File,
    Socket,
    Process,
    /// `NamedTemporaryFile(delete=False)`.
    TempFile,
    /// `mkstemp()`: a `(fd, path)` tuple; only the descriptor is tracked.
    Mkstemp,
}

impl Resource {
    fn of(ctx: &Context<'_>, call: &ast::ExprCall) -> Option<Resource> {
        let name = ctx.call_name(call)?;
        Some(match name.as_str() {
            "open" | "io.open" | "builtins.open" => Resource::File,
            "socket.socket" => Resource::Socket,
            "subprocess.Popen" => Resource::Process,
            "tempfile.mkstemp" => Resource::Mkstemp,
            "tempfile.NamedTemporaryFile" => {
                let delete = helpers::argument(call, 7, "delete")?;
                if helpers::literal_truthiness(delete) != Some(false) {
                    return None;
                }
                Resource::TempFile
            }
            _ => return None,
        })
    }

    /// The start of the message, naming the resource.
    fn describe(self) -> &'static str {
        match self {
            Resource::File => "File opened with open() is never closed",
            Resource::Socket => "Socket from socket.socket() is never closed",
            Resource::Process => "Process from subprocess.Popen() is never waited for",
            Resource::TempFile => {
                "tempfile.NamedTemporaryFile(delete=False) is never closed or removed"
            }
            Resource::Mkstemp => "File descriptor from tempfile.mkstemp() is never closed",
        }
    }

    /// Methods whose call (or hand-over as a callback) releases the resource.
    fn releasing_attrs(self) -> &'static [&'static str] {
        match self {
            Resource::File | Resource::Socket | Resource::TempFile => &["close", "__exit__"],
            // A reaped process has no zombie; `communicate()` also closes the pipes.
            Resource::Process => &["wait", "communicate", "poll", "__exit__"],
            Resource::Mkstemp => &[],
        }
    }
}

/// Where the value of the opening call ends up, read off its ancestors.
enum Fate<'a> {
    /// Closed, managed by `with`, or handed to someone else.
    Released,
    /// Used once and dropped; why, for the message.
    Dropped(&'static str),
    /// Bound to these local names.
    Bound(Vec<&'a str>),
    /// Anything we cannot judge: not flagged.
    Unknown,
}

const USED_ONCE: &str = "the result is used once and left to the garbage collector";
const FD_DISCARDED: &str = "the descriptor is thrown away without os.close()";

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let Some(resource) = Resource::of(ctx, call) else {
        return;
    };
    let message = match fate(ctx, call, resource) {
        Fate::Released | Fate::Unknown => return,
        Fate::Dropped(why) => format!("{}: {why}.", resource.describe()),
        Fate::Bound(names) => {
            let (body, scope): (&[Stmt], String) = match ctx.enclosing_function() {
                Some(f) => (&f.body, format!("function '{}'", f.name.id)),
                None => (&ctx.file.parsed.syntax().body, "module".to_owned()),
            };
            let mut finder = ReleaseFinder {
                names: &names,
                resource,
                ctx,
                found: false,
            };
            finder.visit_body(body);
            if finder.found {
                return;
            }
            format!(
                "{}: in {scope}, '{}' is never closed, used in a with statement, returned or handed over.",
                resource.describe(),
                names.join("', '")
            )
        }
    };
    out.push(Hit::at(*call).message(message));
}

/// Follows the call's value up through its ancestors until it is bound, released or dropped.
fn fate<'a>(ctx: &Context<'a>, call: &ast::ExprCall, resource: Resource) -> Fate<'a> {
    let mut cur: TextRange = call.range();
    // After `mkstemp()[0]` the value is the bare descriptor, no longer a tuple.
    let mut tuple = resource == Resource::Mkstemp;
    let ancestors: Vec<Ancestor<'a>> = ctx.ancestors_up().collect();
    for (i, anc) in ancestors.iter().enumerate() {
        match *anc {
            Ancestor::Expr(expr) => match expr {
                Expr::If(e) if e.test.range() != cur => {}
                Expr::BoolOp(_) | Expr::Await(_) => {}
                Expr::Named(e) => {
                    return match &*e.target {
                        Expr::Name(n) => Fate::Bound(vec![n.id.as_str()]),
                        _ => Fate::Unknown,
                    };
                }
                Expr::Subscript(s) if s.value.range() == cur && tuple => {
                    match int_value(&s.slice) {
                        Some(0) => tuple = false,
                        Some(_) => return Fate::Dropped(FD_DISCARDED),
                        None => return Fate::Unknown,
                    }
                }
                Expr::Attribute(a) if a.value.range() == cur => {
                    return if resource.releasing_attrs().contains(&a.attr.id.as_str()) {
                        Fate::Released
                    } else {
                        Fate::Dropped(USED_ONCE)
                    };
                }
                Expr::Call(c) if c.func.range() != cur => return Fate::Released,
                Expr::Tuple(t) => {
                    // `a, b = open(x), open(y)` binds, any other tuple stores.
                    let index = t.elts.iter().position(|e| e.range() == cur);
                    if let (Some(index), Some(Ancestor::Stmt(Stmt::Assign(assign)))) =
                        (index, ancestors.get(i + 1))
                    {
                        if let [Expr::Tuple(ast::ExprTuple { elts, .. })
                        | Expr::List(ast::ExprList { elts, .. })] = assign.targets.as_slice()
                        {
                            if elts.len() == t.elts.len() && !elts.iter().any(Expr::is_starred_expr)
                            {
                                return bind_target(&elts[index], false);
                            }
                        }
                    }
                    return Fate::Released;
                }
                Expr::List(_) | Expr::Set(_) | Expr::Dict(_) => return Fate::Released,
                Expr::Lambda(_) | Expr::Yield(_) | Expr::YieldFrom(_) => return Fate::Released,
                Expr::ListComp(ast::ExprListComp { generators, .. })
                | Expr::SetComp(ast::ExprSetComp { generators, .. })
                | Expr::Generator(ast::ExprGenerator { generators, .. })
                | Expr::DictComp(ast::ExprDictComp { generators, .. }) => {
                    return if generators.iter().any(|g| g.iter.range() == cur) {
                        Fate::Dropped(USED_ONCE)
                    } else if generators
                        .iter()
                        .any(|g| g.ifs.iter().any(|e| e.range() == cur))
                    {
                        Fate::Unknown
                    } else {
                        // The element: every item produced is a new resource, handed out.
                        Fate::Released
                    };
                }
                _ => return Fate::Unknown,
            },
            Ancestor::Stmt(stmt) => {
                return match stmt {
                    Stmt::Expr(_) => Fate::Dropped(USED_ONCE),
                    Stmt::With(w) if w.items.iter().any(|i| i.context_expr.range() == cur) => {
                        Fate::Released
                    }
                    Stmt::Return(_) => Fate::Released,
                    Stmt::For(f) if f.iter.range() == cur => Fate::Dropped(USED_ONCE),
                    Stmt::Assign(a) if a.value.range() == cur => {
                        let mut names = Vec::new();
                        for target in &a.targets {
                            match bind_target(target, tuple) {
                                Fate::Bound(n) => names.extend(n),
                                Fate::Unknown => {}
                                other => return other,
                            }
                        }
                        if names.is_empty() {
                            Fate::Unknown
                        } else {
                            Fate::Bound(names)
                        }
                    }
                    Stmt::AnnAssign(a) if a.value.as_deref().is_some_and(|v| v.range() == cur) => {
                        bind_target(&a.target, tuple)
                    }
                    _ => Fate::Unknown,
                };
            }
        }
        cur = anc.range();
    }
    Fate::Unknown
}

/// What assigning the value to `target` does; `tuple` when the value is `mkstemp()`'s pair.
fn bind_target(target: &Expr, tuple: bool) -> Fate<'_> {
    match target {
        Expr::Name(n) => Fate::Bound(vec![n.id.as_str()]),
        Expr::Attribute(_) | Expr::Subscript(_) => Fate::Released,
        Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. })
            if tuple =>
        {
            match elts.first() {
                Some(Expr::Name(n)) if n.id.as_str() == "_" => Fate::Dropped(FD_DISCARDED),
                Some(first) => bind_target(first, false),
                None => Fate::Unknown,
            }
        }
        _ => Fate::Unknown,
    }
}

fn int_value(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::NumberLiteral(ast::ExprNumberLiteral {
            value: Number::Int(i),
            ..
        }) => i.as_i64(),
        Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => int_value(&u.operand).map(|v| -v),
        _ => None,
    }
}

/// Looks through a function (or module) body for anything that releases one of the names.
struct ReleaseFinder<'n, 'c> {
    names: &'n [&'n str],
    resource: Resource,
    ctx: &'n Context<'c>,
    found: bool,
}

impl ReleaseFinder<'_, '_> {
    fn is_name(&self, expr: &Expr) -> bool {
        matches!(expr, Expr::Name(n) if self.names.contains(&n.id.as_str()))
    }

    /// The name itself, or an item of it (`t[0]` for a whole `mkstemp()` tuple).
    fn is_handle(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Starred(s) => self.is_handle(&s.value),
            Expr::Subscript(s) => self.is_name(&s.value),
            _ => self.is_name(expr),
        }
    }

    fn releases_call(&self, call: &ast::ExprCall) -> bool {
        let args = call.arguments.args.iter();
        let kwargs = call.arguments.keywords.iter().map(|k| &k.value);
        if args.clone().chain(kwargs).any(|a| self.is_handle(a)) {
            return true;
        }
        // `os.remove(tmp.name)` disposes of a `delete=False` temporary file.
        self.resource == Resource::TempFile
            && self.ctx.call_name(call).is_some_and(|n| {
                matches!(n.as_str(), "os.remove" | "os.unlink")
            })
            && call.arguments.args.first().is_some_and(|a| {
                matches!(a, Expr::Attribute(attr) if attr.attr.id.as_str() == "name" && self.is_name(&attr.value))
            })
    }
}

impl<'a> Visitor<'a> for ReleaseFinder<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.found {
            return;
        }
        self.found = match stmt {
            Stmt::With(w) => w.items.iter().any(|i| self.is_name(&i.context_expr)),
            Stmt::Return(r) => r.value.as_deref().is_some_and(|v| self.is_name(v)),
            Stmt::Assign(a) => self.is_name(&a.value),
            Stmt::AnnAssign(a) => a.value.as_deref().is_some_and(|v| self.is_name(v)),
            Stmt::Global(ast::StmtGlobal { names, .. })
            | Stmt::Nonlocal(ast::StmtNonlocal { names, .. }) => {
                names.iter().any(|n| self.names.contains(&n.id.as_str()))
            }
            _ => false,
        };
        if !self.found {
            visitor::walk_stmt(self, stmt);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found {
            return;
        }
        self.found = match expr {
            Expr::Attribute(a) => {
                self.is_name(&a.value)
                    && self
                        .resource
                        .releasing_attrs()
                        .contains(&a.attr.id.as_str())
            }
            Expr::Call(c) => self.releases_call(c),
            // Only a container being built stores the handle; `fd, path = …` binds it.
            Expr::List(ast::ExprList { elts, ctx, .. })
            | Expr::Tuple(ast::ExprTuple { elts, ctx, .. })
                if ctx.is_load() =>
            {
                elts.iter().any(|e| self.is_handle(e))
            }
            Expr::Set(ast::ExprSet { elts, .. }) => elts.iter().any(|e| self.is_handle(e)),
            Expr::Dict(d) => d.iter().any(|item| {
                self.is_name(&item.value) || item.key.as_ref().is_some_and(|k| self.is_name(k))
            }),
            Expr::Yield(y) => y.value.as_deref().is_some_and(|v| self.is_name(v)),
            Expr::YieldFrom(y) => self.is_name(&y.value),
            Expr::Lambda(l) => self.is_name(&l.body),
            _ => false,
        };
        if !self.found {
            visitor::walk_expr(self, expr);
        }
    }
}
