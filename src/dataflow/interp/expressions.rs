//! Expressions: names, attributes, subscripts, literals, string building, comprehensions,
//! with constant folding; and what a class's methods store on `self`.

use super::calls::root_name;
use super::statements::element_of;
use super::*;

impl Engine<'_> {
    pub(super) fn eval(&mut self, frame: &mut Frame, expr: &Expr) -> Value {
        if !frame.spend() {
            return Value::unknown();
        }
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.eval_inner(frame, expr))
    }

    pub(super) fn eval_inner(&mut self, frame: &mut Frame, expr: &Expr) -> Value {
        match expr {
            Expr::StringLiteral(s) => Value::constant(Const::Str(s.value.to_str().into())),
            Expr::BytesLiteral(_) => Value::default(),
            Expr::NumberLiteral(_) | Expr::BooleanLiteral(_) | Expr::NoneLiteral(_) => {
                entry::literal(expr).map_or_else(Value::default, Value::constant)
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
                } else if let Some(prefix) = fstring_prefix(f) {
                    value = pin_destination(value, &prefix, expr.range());
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
                if value.constant.is_none() {
                    if let Some(Const::Str(prefix)) = &left.constant {
                        match b.op {
                            // `"%d" % s`: only numbers get in (a string raises).
                            Operator::Mod if numeric_format(prefix) => return Value::default(),
                            Operator::Add | Operator::Mod => {
                                let before = prefix.split('%').next().unwrap_or("");
                                value = pin_destination(value, before, expr.range());
                            }
                            _ => {}
                        }
                    }
                    // `Markup("<b>%s</b>") % x` escapes `x`.
                    if b.op == Operator::Mod && super::calls::is_markup(&left) {
                        value = value.sanitised(SinkSet::of(&[SinkKind::Xss]), expr.range());
                    }
                }
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
                        // `x if x.isalnum() else "d"`: each branch under what its side proves.
                        let g = guards::guard(&i.test, &self.file().imports);
                        let saved = frame.env.clone();
                        self.protect(frame, &g.when_true, i.test.range());
                        let a = self.eval(frame, &i.body);
                        frame.env = saved.clone();
                        self.protect(frame, &g.when_false, i.test.range());
                        let b = self.eval(frame, &i.orelse);
                        frame.env = saved;
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

    pub(super) fn sequence(&mut self, frame: &mut Frame, elts: &[Expr]) -> Value {
        if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            let parts: Vec<Value> = elts.iter().map(|e| self.eval(frame, e)).collect();
            return Value::combine(&parts);
        }
        let items: Vec<Value> = elts.iter().map(|e| self.eval(frame, e)).collect();
        Value::container(Shape::Seq(items))
    }

    pub(super) fn comprehension(
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
                // `c for c in x if c.isalnum()`: only what passes the filter is kept.
                let guard = guards::guard(cond, &self.file().imports);
                self.protect(frame, &guard.when_true, cond.range());
            }
        }
        let parts: Vec<Value> = exprs.iter().map(|e| self.eval(frame, e)).collect();
        frame.env = saved;
        Value::combine(&parts)
    }

    /// Records what an expression may hold, for the pattern rules' gate.
    pub(super) fn record(&mut self, range: TextRange, value: &Value) {
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

    pub(super) fn name(&mut self, frame: &mut Frame, n: &ast::ExprName) -> Value {
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
        if let Some(table) = self.ctx.constant_tables.get(id).copied() {
            // A dict or list of constants, bound once at module level.
            return self.eval(frame, table);
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
    pub(super) fn qualified_value(
        &mut self,
        frame: &Frame,
        full: &str,
        range: TextRange,
    ) -> Option<Value> {
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

    pub(super) fn attribute(&mut self, frame: &mut Frame, a: &ast::ExprAttribute) -> Value {
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
            Some(VIEW) => match attr {
                "request" => {
                    return Value {
                        made_by: Some(REQUEST.into()),
                        ..Value::default()
                    }
                }
                "kwargs" | "args" => {
                    let f = self.function_name(frame);
                    return self.source_value(
                        SourceKind::RouteParameter,
                        Trust::Remote,
                        a.range(),
                        &f,
                    );
                }
                _ => {}
            },
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
        // `Path(name).name`, `.stem`, `.suffix`: the last component only.
        if base
            .made_by
            .as_deref()
            .is_some_and(|m| m.starts_with("pathlib"))
            && matches!(attr, "name" | "stem" | "suffix")
        {
            return base
                .flattened()
                .sanitised(SinkSet::of(&[SinkKind::Path]), a.range());
        }
        let mut v = base.flattened();
        // A field of an object another file's code returned (`user.id` of
        // `authenticate(...)`): what that code stored there, not what was passed to it;
        // unless the field is the data itself (`form.cleaned_data`).
        if !sources::DATA_ATTRIBUTES.contains(&attr) {
            v.origins.retain(|o| !o.via_unknown);
        }
        v.made_by = base.made_by.clone();
        v
    }

    /// An attribute of a request object: a source, or the session, or the route's path.
    pub(super) fn request_attribute(
        &mut self,
        frame: &Frame,
        attr: &str,
        range: TextRange,
    ) -> Value {
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
    pub(super) fn class_attribute(&mut self, class: usize, attr: &str) -> Option<Value> {
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
    pub(super) fn self_stores(&mut self, m: usize) -> Env {
        let info = &self.ctx.functions[m];
        let def = info.def;
        let mut frame = Frame::new(Some(m));
        let mut env = Env::new();
        let handler = info.class.is_some_and(|c| self.ctx.classes[c].is_handler);
        let view = info.class.is_some_and(|c| self.ctx.classes[c].is_view);
        let qualname = info.qualname.clone();
        let params = info.params.clone();
        let takes_self = info.takes_self();
        for (i, (name, role)) in params.iter().enumerate() {
            let v = match (i, role) {
                (0, _) if takes_self => Value {
                    made_by: if handler {
                        Some(HANDLER.into())
                    } else if view {
                        Some(VIEW.into())
                    } else {
                        None
                    },
                    ..Value::default()
                },
                (_, ParamRole::Request) => Value {
                    made_by: Some(REQUEST.into()),
                    ..Value::default()
                },
                (_, ParamRole::Source(kind, trust)) => {
                    self.source_value(*kind, *trust, param_range(def, i), &qualname)
                }
                (_, ParamRole::Clean) => Value::default(),
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

    pub(super) fn subscript(&mut self, frame: &mut Frame, s: &ast::ExprSubscript) -> Value {
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
        if base.made_by.as_deref() == Some(REQUEST) {
            // Not a request object after all (a dict named `request`).
            return Value::unknown();
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
}

/// The literal text an f-string starts with, before its first replacement field.
pub(super) fn fstring_prefix(f: &ast::ExprFString) -> Option<String> {
    let mut text = String::new();
    for part in f.value.iter() {
        match part {
            ast::FStringPart::Literal(l) => text.push_str(&l.value),
            ast::FStringPart::FString(fs) => {
                for element in fs.elements.iter() {
                    match element {
                        ast::InterpolatedStringElement::Literal(l) => text.push_str(&l.value),
                        ast::InterpolatedStringElement::Interpolation(_) => return Some(text),
                    }
                }
            }
        }
    }
    Some(text)
}

/// A value built after a constant prefix that fixes where it goes: after `/profile/` a
/// redirect stays on the site, after `https://api.example.com/` a request stays on that host.
pub(super) fn pin_destination(value: Value, prefix: &str, at: TextRange) -> Value {
    // `/` alone is not enough: `"/" + "/evil.example"` leaves the site.
    let local =
        prefix.len() > 1 && prefix.starts_with('/') && !prefix[1..].starts_with(['/', '\\']);
    if local {
        return value.sanitised(SinkSet::of(&[SinkKind::Redirect]), at);
    }
    if guards::pins_host(prefix) {
        return value.sanitised(SinkSet::of(&[SinkKind::Redirect, SinkKind::Ssrf]), at);
    }
    value
}

/// A `%` format whose every conversion is numeric (`%d`, `%05.2f`): a string argument
/// raises instead of getting in.
pub(super) fn numeric_format(format: &str) -> bool {
    let mut convs = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            continue;
        }
        let conv = chars.by_ref().find(|c| c.is_ascii_alphabetic());
        match conv {
            Some('d' | 'i' | 'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o' | 'u') => {
                convs += 1
            }
            _ => return false,
        }
    }
    convs > 0
}

/// `self.x = ...` anywhere in a body (not in nested functions).
pub(super) fn collect_self_stores(body: &[Stmt], out: &mut Vec<String>) {
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
pub(super) fn is_builtin(name: &str) -> bool {
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
