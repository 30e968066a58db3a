//! Calls: functions of the same file through their summaries, library functions through
//! the tables, container methods on precise contents, and calls into code the engine cannot
//! see.

use super::*;

impl Engine<'_> {
    pub(super) fn call(&mut self, frame: &mut Frame, call: &ast::ExprCall) -> Value {
        let (receiver, method) = match &*call.func {
            Expr::Attribute(a) => (Some(&*a.value), Some(a.attr.id.as_str())),
            _ => (None, None),
        };
        let imports = &self.file().imports;
        // A call through an imported module (`os.system`) or a builtin is a qualified call;
        // a method of a local value is a method call.
        // `bytes.fromhex(...)`, `str.join(...)`: a builtin type's function, by its name.
        let root_imported = receiver.and_then(root_name).is_some_and(|r| {
            frame.get(r).is_none()
                && (imports.is_imported(r)
                    || (matches!(r, "bytes" | "str" | "int" | "dict" | "bytearray")
                        && matches!(receiver, Some(Expr::Name(_)))))
        });
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
    pub(super) fn call_result(
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
            return self.function_result(call, q, a, combined);
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
        // Each line of `x.splitlines()` holds no line break.
        if m == "splitlines" {
            let v = self.propagate_method(receiver, m, a, range);
            return v.sanitised(SinkSet::of(&[SinkKind::Header]), range);
        }
        // `x.replace("'", "''")`, `.replace("\n", "")`: what the replacement takes out.
        if m == "replace" {
            if let Some(protects) = replaced_away(a.args) {
                let v = self.propagate_method(receiver, m, a, range);
                return v.sanitised(protects, range);
            }
        }
        // `request.args.get("n", type=int)`: Werkzeug converts, or returns the default.
        if m == "get" && a.call.arguments.keywords.iter().any(|k| {
            k.arg.as_ref().is_some_and(|n| n.id.as_str() == "type")
                && matches!(&k.value, Expr::Name(t) if matches!(t.id.as_str(), "int" | "float" | "bool"))
        }) {
            return Value::default();
        }
        // Templates that escape what they are given (Django, Tornado).
        if matches!(m, "render" | "generate")
            && receiver
                .made_by
                .as_deref()
                .is_some_and(|by| by.starts_with("django.") || by.starts_with("tornado."))
        {
            return combined.sanitised(SinkSet::of(&[SinkKind::Xss]), range);
        }
        if propagators::METHODS.contains(&m)
            || (m == "render"
                && receiver
                    .made_by
                    .as_deref()
                    .is_some_and(|by| by.contains("jinja2")))
        {
            return self.propagate_method(receiver, m, a, range);
        }
        // `Markup(...).format(x)` escapes what it formats.
        if m == "format" && is_markup(receiver) {
            return combined.sanitised(SinkSet::of(&[SinkKind::Xss]), range);
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
            let external = feature.contains("external_ges")
                || feature.contains("external_pes")
                || feature.contains("external-general-entities")
                || feature.contains("external-parameter-entities");
            if on && external {
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

    /// What a method of `str`, `bytes`, a path or a container returns: the object and the
    /// arguments, folded when all are constants.
    fn propagate_method(
        &mut self,
        receiver: &Value,
        m: &str,
        a: &CallArgs,
        range: TextRange,
    ) -> Value {
        let receiver = &self.widen_source(receiver, range);
        if let Some(Const::Str(s)) = &receiver.constant {
            let consts: Vec<Option<Const>> = a.args.iter().map(|v| v.constant.clone()).collect();
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
        v.normalized =
            matches!(m, "resolve" | "absolute") || (receiver.normalized && m == "as_posix");
        v
    }

    /// What a call of a function by qualified name returns: sanitisers, conversions,
    /// propagators, constructors the engine tracks, and everything else as unknown.
    fn function_result(
        &mut self,
        call: &ast::ExprCall,
        q: &str,
        a: &CallArgs,
        combined: &Value,
    ) -> Value {
        let range = call.range();
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
        match q {
            "os.path.join" => {
                if let Some(c) = join_constants(a.args) {
                    return Value::constant(c);
                }
            }
            "str" if a.args.len() == 1 => {
                if let Some(c) = &a.args[0].constant {
                    return Value::constant(Const::Str(c.text()));
                }
                let mut v = a.args[0].through(range, StepKind::Step);
                v.made_by = None;
                return v;
            }
            "len" if a.args.len() == 1 => {
                if let Some(Const::Str(s)) = &a.args[0].constant {
                    return Value::constant(Const::Int(s.chars().count() as i64));
                }
                if let Some(Shape::Seq(items)) = a.args[0].shape.as_deref() {
                    return Value::constant(Const::Int(items.len() as i64));
                }
            }
            "list" | "tuple" if a.args.len() == 1 && a.args[0].shape.is_some() => {
                return a.args[0].through(range, StepKind::Step);
            }
            // `map(re.escape, words)`: a sanitiser applied to every element.
            "map" if a.args.len() >= 2 => {
                let func = call
                    .arguments
                    .args
                    .first()
                    .and_then(|f| self.file().imports.qualified_name(f));
                if let Some((_, protects)) = func
                    .as_deref()
                    .and_then(|f| sanitisers::CALLS.iter().find(|(n, _)| *n == f))
                {
                    let rest = Value::combine(a.args.iter().skip(1));
                    return rest.sanitised(*protects, range);
                }
            }
            _ => {}
        }
        if propagators::DECODERS.contains(&q) {
            // Decoding undoes what a check on the encoded text proved.
            let mut v = combined.map_origins(|o| {
                o.sanitised = SinkSet::EMPTY;
                o.push(range, StepKind::Step);
            });
            v.constant = None;
            return v;
        }
        if propagators::CALLS.contains(&q) {
            let mut v = combined.through(range, StepKind::Step);
            if q.starts_with("pathlib") {
                v.made_by = Some(q.into());
            }
            v.normalized = propagators::NORMALIZERS.contains(&q);
            return v;
        }
        if q == "configparser.ConfigParser" || q == "configparser.RawConfigParser" {
            return Value {
                made_by: Some(CONFIG.into()),
                ..Value::container(Shape::Map(Vec::new()))
            };
        }
        self.unknown_call(q, combined, range, Some(q))
    }

    /// A call into code the engine cannot see: its result carries its arguments at lower
    /// confidence, unless its name says it sanitises.
    pub(super) fn unknown_call(
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
    pub(super) fn parser_resolves(&self, range: TextRange) -> bool {
        let text = self.ctx.text(range);
        text.contains("resolve_entities=True") || text.contains("no_network=False")
    }

    /// Methods that read or change a precise container: lists, dicts, `configparser`.
    pub(super) fn container_method(
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
            ("format", _)
                if !super::calls::is_markup(receiver)
                    && (receiver.constant.is_some() || receiver.shape.is_none()) =>
            {
                let parts: Vec<&Value> = std::iter::once(receiver)
                    .chain(a.args.iter())
                    .chain(a.kwargs.iter().map(|(_, v)| v))
                    .collect();
                let mut v = Value::combine(parts).through(call.range(), StepKind::Step);
                if let Some(Const::Str(template)) = &receiver.constant {
                    let before = template.split('{').next().unwrap_or("");
                    v = super::expressions::pin_destination(v, before, call.range());
                }
                self.record(call.range(), &v);
                Some(v)
            }
            _ => None,
        }
    }

    /// Calls of this file's functions, methods and classes, through their summaries.
    pub(super) fn call_local(
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
    pub(super) fn apply_summary(
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
}

/// The arguments of a call, evaluated.
pub(super) struct CallArgs<'c> {
    pub(super) call: &'c ast::ExprCall,
    pub(super) args: &'c [Value],
    pub(super) kwargs: &'c [(Option<&'c str>, Value)],
    pub(super) receiver: Option<&'c Value>,
}

/// What passed into a parameter, continued along the origin it took inside the callee.
pub(super) fn splice(passed: &Value, inside: &Origin, call: TextRange) -> Value {
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
pub(super) fn with_shape(v: &Value, shape: Shape) -> Value {
    Value {
        origins: v.origins.clone(),
        unknown: v.unknown,
        constant: None,
        shape: Some(Rc::new(shape)),
        made_by: v.made_by.clone(),
        resolves_entities: v.resolves_entities,
        normalized: v.normalized,
    }
}

/// The access path of a method call's receiver (`lst` of `lst.append(x)`).
pub(super) fn call_receiver_path(call: &ast::ExprCall) -> Option<String> {
    match &*call.func {
        Expr::Attribute(a) => guards::access_path(&a.value)
            .filter(|_| matches!(&*a.value, Expr::Name(_) | Expr::Attribute(_))),
        _ => None,
    }
}

/// Whether a qualified name is, or is inside, an object the engine recognises (a request,
/// a session, a source such as `os.environ`).
pub(super) fn is_known_object(qualified: &str) -> bool {
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
pub(super) fn root_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => root_name(&a.value),
        _ => None,
    }
}

/// What `s.replace(old, new)` with constants takes out of a value: a quote doubled or
/// turned into an entity ends no string; a line break removed ends no header.
pub(super) fn replaced_away(args: &[Value]) -> Option<SinkSet> {
    let (Some(Const::Str(old)), Some(Const::Str(new))) = (
        args.first().and_then(|v| v.constant.as_ref()),
        args.get(1).and_then(|v| v.constant.as_ref()),
    ) else {
        return None;
    };
    let (old, new) = (&**old, &**new);
    let protects = match old {
        "'" if new == "''" || new == "\\'" => SinkSet::of(&[SinkKind::Sql]),
        "'" if new == "&apos;" || new == "&#39;" || new == "&#x27;" => {
            SinkSet::of(&[SinkKind::XPath, SinkKind::Sql])
        }
        "\r" | "\n" | "\r\n" if !new.contains(['\r', '\n']) => SinkSet::of(&[SinkKind::Header]),
        "<" if new == "&lt;" => SinkSet::of(&[SinkKind::Xss]),
        _ => return None,
    };
    Some(protects)
}

/// A `markupsafe.Markup` made from a constant: formatting into it escapes the arguments.
pub(super) fn is_markup(v: &Value) -> bool {
    v.made_by
        .as_deref()
        .is_some_and(|by| by.ends_with(".Markup"))
}

/// `os.path.join` of constants.
pub(super) fn join_constants(args: &[Value]) -> Option<Const> {
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
pub(super) fn name_sanitiser(name: &str) -> Option<SinkSet> {
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
