//! Sinks: the rows of the sink table a call matches, the argument each is about, and the
//! flows (or, in a summary, the parameters) that reach them.

use super::calls::CallArgs;
use super::*;

impl Engine<'_> {
    /// Checks every sink row the call matches; true when one matched (whatever the data).
    pub(super) fn check_sinks(
        &mut self,
        frame: &mut Frame,
        qualified: Option<&str>,
        method: Option<&str>,
        a: &CallArgs,
    ) -> bool {
        let mut matched = false;
        // `User.objects.raw(...)`: through an imported class, but a method of its manager.
        let manager_method = qualified.is_some_and(|q| q.contains(".objects."));
        // A sandboxed template environment is made to render untrusted templates.
        let sandboxed = a
            .receiver
            .and_then(|r| r.made_by.as_deref())
            .is_some_and(|by| by.contains("Sandbox"));
        self.check_stores(frame, method, a);
        for row in sinks::SINKS {
            let hit = match row.callee {
                Callee::Qualified(name) => qualified == Some(name),
                Callee::Method(m) => (qualified.is_none() || manager_method) && method == Some(m),
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
            if !hit || (sandboxed && row.kind == SinkKind::Template) {
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

    /// Method calls that store into a session (`session.update(...)`) or set a redirecting
    /// header (`headers.set("Location", url)`, `self.send_header("Location", url)`).
    fn check_stores(&mut self, frame: &mut Frame, method: Option<&str>, a: &CallArgs) {
        let (Some(m), Some(receiver)) = (method, a.receiver) else {
            return;
        };
        if receiver.made_by.as_deref() == Some(SESSION) && sinks::SESSION_STORES.contains(&m) {
            let given = Value::combine(a.args.iter().chain(a.kwargs.iter().map(|(_, v)| v)));
            self.sink(
                frame,
                SinkKind::TrustBoundary,
                &given,
                a.call.range(),
                "session",
            );
            self.reach(&given, Reach::Stored(a.call.range()));
        }
        if sinks::HEADER_SETTERS.contains(&m) && a.args.len() >= 2 {
            if let Some(Const::Str(name)) = &a.args[0].constant {
                if sinks::LOCATION_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                    let v = a.args[1].clone();
                    self.sink(
                        frame,
                        SinkKind::Redirect,
                        &v,
                        a.call.range(),
                        "the Location header",
                    );
                }
            }
        }
    }

    /// The value a row's argument holds, when the row's condition holds.
    pub(super) fn sink_argument(&self, arg: Arg, a: &CallArgs, when: sinks::When) -> Option<Value> {
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
            When::HtmlBody => {
                let declared = keyword("mimetype")
                    .or_else(|| keyword("content_type"))
                    .and_then(|v| v.constant);
                match declared {
                    Some(Const::Str(t)) if !t.contains("html") => None,
                    _ => Some(value),
                }
            }
            When::ExplicitHtml => match keyword("content_type").and_then(|v| v.constant) {
                Some(Const::Str(t)) if t.contains("html") => Some(value),
                _ => None,
            },
            When::NotWeightsOnly => {
                let safe = keyword("weights_only")
                    .and_then(|v| v.constant)
                    .is_some_and(|c| c.truthy());
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
    pub(super) fn sink(
        &mut self,
        frame: &mut Frame,
        kind: SinkKind,
        value: &Value,
        range: TextRange,
        name: &str,
    ) {
        self.sink_at(frame, kind, value, range, name);
    }

    pub(super) fn sink_at(
        &mut self,
        frame: &mut Frame,
        kind: SinkKind,
        value: &Value,
        range: TextRange,
        name: &str,
    ) {
        // A dict written as a body is sent as JSON.
        if kind == SinkKind::Xss && matches!(value.shape.as_deref(), Some(Shape::Map(_))) {
            return;
        }
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
    pub(super) fn route_body_sink(
        &mut self,
        frame: &mut Frame,
        expr: Option<&Expr>,
        value: &Value,
        range: TextRange,
    ) {
        let Some(expr) = expr else { return };
        let body = match expr {
            Expr::Dict(_) | Expr::List(_) | Expr::ListComp(_) | Expr::DictComp(_) => return,
            // `return body, status, headers`: the body, unless the headers say it is not
            // HTML; a `Location` among them redirects.
            Expr::Tuple(t) => {
                if let Some(headers) = value
                    .element(t.elts.len() as i64 - 1)
                    .filter(|_| t.elts.len() >= 2)
                {
                    if let Some(location) = sinks::LOCATION_HEADERS
                        .iter()
                        .find_map(|h| headers.entry(h).or_else(|| headers.entry(&capitalise(h))))
                    {
                        self.sink(
                            frame,
                            SinkKind::Redirect,
                            &location,
                            range,
                            "the Location header",
                        );
                    }
                    let content_type = headers
                        .entry("Content-Type")
                        .or_else(|| headers.entry("content-type"))
                        .and_then(|v| v.constant);
                    if matches!(content_type, Some(Const::Str(t)) if !t.contains("html")) {
                        return;
                    }
                }
                match value.element(0) {
                    Some(v) => v,
                    None => return,
                }
            }
            _ => value.clone(),
        };
        if matches!(body.shape.as_deref(), Some(Shape::Map(_))) || body.made_by.is_some() {
            return;
        }
        self.sink(frame, SinkKind::Xss, &body, range, "the response body");
    }
}

/// `location` → `Location`: how a header name is usually written.
fn capitalise(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}
