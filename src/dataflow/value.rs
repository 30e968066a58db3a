//! The abstract values the engine computes: where a value may have come from (its
//! [`Origin`]s, each with the steps it took), whether it is a known constant, and the
//! contents of small containers with constant keys and indices.

use super::{SinkKind, SinkSet, Source};
use ruff_text_size::TextRange;
use std::rc::Rc;

/// At most this many origins are kept per value: enough to report a flow, small enough that
/// a loop joining values cannot grow them without bound.
const MAX_ORIGINS: usize = 4;

/// At most this many steps are kept per origin; longer chains keep their first and last ones.
const MAX_STEPS: usize = 24;

/// Elements kept in a precise container; past this it is summarised as one value.
const MAX_ELEMENTS: usize = 32;

/// A constant the engine can fold.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    Int(i64),
    Str(Rc<str>),
    Bool(bool),
    None,
}

impl Const {
    /// Python's truth value.
    pub fn truthy(&self) -> bool {
        match self {
            Const::Int(i) => *i != 0,
            Const::Str(s) => !s.is_empty(),
            Const::Bool(b) => *b,
            Const::None => false,
        }
    }

    /// The text `str()` gives, for folding string building.
    pub fn text(&self) -> Rc<str> {
        match self {
            Const::Int(i) => i.to_string().into(),
            Const::Str(s) => s.clone(),
            Const::Bool(true) => "True".into(),
            Const::Bool(false) => "False".into(),
            Const::None => "None".into(),
        }
    }
}

/// What happened to a value on its way: one step of a flow's evidence.
#[derive(Debug, Clone)]
pub struct Step {
    /// The expression or statement, in the file analysed.
    pub range: TextRange,
    pub kind: StepKind,
}

/// What kind of step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Where the data entered.
    Source,
    /// Assignment, call, string building.
    Step,
    /// A sanitiser or guard that protects some sinks, not necessarily this one.
    Sanitiser,
}

/// A persistent list of steps, shared between values that took the same way.
#[derive(Debug)]
pub struct StepNode {
    pub step: Step,
    pub prev: Option<Rc<StepNode>>,
    pub len: usize,
}

/// Where a value may have come from, and what it went through.
#[derive(Debug, Clone)]
pub struct Origin {
    pub source: Source,
    /// Sinks for which a sanitiser or guard on the way protects it.
    pub sanitised: SinkSet,
    /// Passed through a call whose code is in another file, assumed to pass data on.
    pub via_unknown: bool,
    /// Crossed a function boundary of this file (a call or a return).
    pub crossed: bool,
    pub steps: Option<Rc<StepNode>>,
}

impl Origin {
    /// A new origin starting at `range`.
    pub fn new(source: Source, range: TextRange) -> Self {
        let mut origin = Origin {
            source,
            sanitised: SinkSet::EMPTY,
            via_unknown: false,
            crossed: false,
            steps: None,
        };
        origin.push(range, StepKind::Source);
        origin
    }

    /// Appends a step, unless it repeats the last one.
    pub fn push(&mut self, range: TextRange, kind: StepKind) {
        if let Some(last) = &self.steps {
            if last.step.range == range {
                return;
            }
            if last.len >= MAX_STEPS {
                // Keep the source and the way in: drop the oldest step after the source.
                return;
            }
        }
        let len = self.steps.as_ref().map_or(0, |s| s.len) + 1;
        self.steps = Some(Rc::new(StepNode {
            step: Step { range, kind },
            prev: self.steps.take(),
            len,
        }));
    }

    /// The steps from the source on.
    pub fn steps(&self) -> Vec<Step> {
        let mut out = Vec::new();
        let mut cur = self.steps.as_ref();
        while let Some(node) = cur {
            out.push(node.step.clone());
            cur = node.prev.as_ref();
        }
        out.reverse();
        out
    }

    /// Whether it still harms `sink`.
    pub fn harms(&self, sink: SinkKind) -> bool {
        !self.sanitised.contains(sink)
    }
}

/// The contents of a container whose keys or indices are constants.
#[derive(Debug, Clone)]
pub enum Shape {
    /// A list or tuple, element by element.
    Seq(Vec<Value>),
    /// A dict (or a `configparser` section table) by constant key.
    Map(Vec<(Rc<str>, Value)>),
}

/// An abstract value.
#[derive(Debug, Clone, Default)]
pub struct Value {
    pub origins: Vec<Rc<Origin>>,
    /// May come from somewhere the engine cannot see: a parameter no route reaches, a
    /// global, a call into another file.
    pub unknown: bool,
    pub constant: Option<Const>,
    /// Precise contents; `origins` and `unknown` then cover what is not in it.
    pub shape: Option<Rc<Shape>>,
    /// The qualified name of the call that made it (`ldap3.Connection`), for sinks that are
    /// methods of particular objects.
    pub made_by: Option<Rc<str>>,
    /// An XML parser that resolves external entities.
    pub resolves_entities: bool,
    /// A path made absolute and normal (`realpath`, `resolve()`): a prefix check on it
    /// means what it says.
    pub normalized: bool,
}

impl Value {
    /// A known constant.
    pub fn constant(c: Const) -> Self {
        Value {
            constant: Some(c),
            ..Value::default()
        }
    }

    /// Something the engine cannot see.
    pub fn unknown() -> Self {
        Value {
            unknown: true,
            ..Value::default()
        }
    }

    /// A value from one origin.
    pub fn from_origin(origin: Origin) -> Self {
        Value {
            origins: vec![Rc::new(origin)],
            ..Value::default()
        }
    }

    /// A precise container.
    pub fn container(shape: Shape) -> Self {
        Value {
            shape: Some(Rc::new(shape)),
            ..Value::default()
        }
    }

    /// True when nothing untrusted or unknown can be in it.
    pub fn is_clean(&self) -> bool {
        self.all_origins().is_empty() && !self.any_unknown()
    }

    /// Every origin, including those of a container's elements.
    pub fn all_origins(&self) -> Vec<Rc<Origin>> {
        let mut out = self.origins.clone();
        if let Some(shape) = &self.shape {
            for v in shape.values() {
                for o in v.all_origins() {
                    push_origin(&mut out, o);
                }
            }
        }
        out
    }

    /// Whether it or any element is of unknown origin.
    pub fn any_unknown(&self) -> bool {
        self.unknown
            || self
                .shape
                .as_ref()
                .is_some_and(|s| s.values().any(|v| v.any_unknown()))
    }

    /// The value with its container contents folded into one (what iterating, joining or
    /// formatting it yields).
    pub fn flattened(&self) -> Value {
        Value {
            origins: self.all_origins(),
            unknown: self.any_unknown(),
            constant: None,
            shape: None,
            made_by: None,
            resolves_entities: false,
            normalized: false,
        }
    }

    /// The union of two values (a join of control flow, or string building).
    pub fn join(&self, other: &Value) -> Value {
        let mut origins = self.origins.clone();
        for o in &other.origins {
            push_origin(&mut origins, o.clone());
        }
        let shape = match (&self.shape, &other.shape) {
            (Some(a), Some(b)) => join_shapes(a, b),
            (Some(a), None) | (None, Some(a)) => Some(a.clone()),
            (None, None) => None,
        };
        Value {
            origins,
            unknown: self.unknown || other.unknown,
            constant: match (&self.constant, &other.constant) {
                (Some(a), Some(b)) if a == b => Some(a.clone()),
                _ => None,
            },
            shape,
            made_by: self.made_by.clone().or_else(|| other.made_by.clone()),
            resolves_entities: self.resolves_entities || other.resolves_entities,
            normalized: self.normalized && other.normalized,
        }
    }

    /// The flattened union of several values: what a string built from them carries.
    pub fn combine<'v>(values: impl IntoIterator<Item = &'v Value>) -> Value {
        let mut out = Value::default();
        for v in values {
            out = out.join(&v.flattened());
        }
        out.constant = None;
        out
    }

    /// Every origin with a step appended.
    pub fn through(&self, range: TextRange, kind: StepKind) -> Value {
        self.map_origins(|o| o.push(range, kind))
    }

    /// Every origin changed by `f` (copied on write).
    pub fn map_origins(&self, mut f: impl FnMut(&mut Origin)) -> Value {
        self.map_origins_dyn(&mut f)
    }

    fn map_origins_dyn(&self, f: &mut dyn FnMut(&mut Origin)) -> Value {
        let mut out = self.flattened_keep_shape();
        out.origins = out
            .origins
            .iter()
            .map(|o| {
                let mut o = (**o).clone();
                f(&mut o);
                Rc::new(o)
            })
            .collect();
        if let Some(shape) = &self.shape {
            out.shape = Some(Rc::new(shape.map_values(|v| v.map_origins_dyn(f))));
        }
        out
    }

    fn flattened_keep_shape(&self) -> Value {
        Value {
            origins: self.origins.clone(),
            unknown: self.unknown,
            constant: self.constant.clone(),
            shape: None,
            made_by: self.made_by.clone(),
            resolves_entities: self.resolves_entities,
            normalized: self.normalized,
        }
    }

    /// Protected for `sinks` from here on, with the step that protects it.
    pub fn sanitised(&self, sinks: SinkSet, range: TextRange) -> Value {
        if self.all_origins().is_empty() {
            return self.clone();
        }
        self.map_origins(|o| {
            o.sanitised = o.sanitised.union(sinks);
            o.push(range, StepKind::Sanitiser);
        })
    }

    /// The element at a constant index, when the contents are known.
    pub fn element(&self, index: i64) -> Option<Value> {
        match self.shape.as_deref() {
            Some(Shape::Seq(items)) => {
                let len = items.len() as i64;
                let i = if index < 0 { len + index } else { index };
                if (0..len).contains(&i) {
                    let mut v = items[i as usize].clone();
                    v.unknown |= self.unknown;
                    for o in &self.origins {
                        push_origin(&mut v.origins, o.clone());
                    }
                    Some(v)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// The value under a constant key, when the contents are known and hold it.
    pub fn entry(&self, key: &str) -> Option<Value> {
        match self.shape.as_deref() {
            Some(Shape::Map(items)) => items.iter().find(|(k, _)| &**k == key).map(|(_, v)| {
                let mut v = v.clone();
                v.unknown |= self.unknown;
                for o in &self.origins {
                    push_origin(&mut v.origins, o.clone());
                }
                v
            }),
            _ => None,
        }
    }
}

/// Adds an origin unless one from the same source with the same protection is there.
fn push_origin(origins: &mut Vec<Rc<Origin>>, o: Rc<Origin>) {
    if origins.iter().any(|x| {
        x.source == o.source && x.sanitised == o.sanitised && x.via_unknown == o.via_unknown
    }) {
        return;
    }
    if origins.len() < MAX_ORIGINS {
        origins.push(o);
    }
}

fn join_shapes(a: &Rc<Shape>, b: &Rc<Shape>) -> Option<Rc<Shape>> {
    if Rc::ptr_eq(a, b) {
        return Some(a.clone());
    }
    match (&**a, &**b) {
        (Shape::Seq(x), Shape::Seq(y)) if x.len() == y.len() => Some(Rc::new(Shape::Seq(
            x.iter().zip(y).map(|(p, q)| p.join(q)).collect(),
        ))),
        (Shape::Map(x), Shape::Map(y)) => {
            let mut items: Vec<(Rc<str>, Value)> = x.clone();
            for (k, v) in y {
                match items.iter_mut().find(|(kk, _)| kk == k) {
                    Some((_, old)) => *old = old.join(v),
                    None => items.push((k.clone(), v.clone())),
                }
            }
            Some(Rc::new(Shape::Map(items)))
        }
        // Lists of different lengths: the contents are no longer known precisely.
        _ => None,
    }
}

impl Shape {
    /// Every value it holds.
    pub fn values(&self) -> Box<dyn Iterator<Item = &Value> + '_> {
        match self {
            Shape::Seq(items) => Box::new(items.iter()),
            Shape::Map(items) => Box::new(items.iter().map(|(_, v)| v)),
        }
    }

    fn map_values(&self, mut f: impl FnMut(&Value) -> Value) -> Shape {
        match self {
            Shape::Seq(items) => Shape::Seq(items.iter().map(&mut f).collect()),
            Shape::Map(items) => Shape::Map(items.iter().map(|(k, v)| (k.clone(), f(v))).collect()),
        }
    }

    /// A list with `v` appended, or `None` when it would grow past what is kept precisely.
    pub fn appended(&self, v: Value) -> Option<Shape> {
        match self {
            Shape::Seq(items) if items.len() < MAX_ELEMENTS => {
                let mut items = items.clone();
                items.push(v);
                Some(Shape::Seq(items))
            }
            _ => None,
        }
    }

    /// A map with `key` set to `v`.
    pub fn with_entry(&self, key: Rc<str>, v: Value) -> Option<Shape> {
        match self {
            Shape::Map(items) => {
                let mut items = items.clone();
                match items.iter().position(|(k, _)| *k == key) {
                    Some(i) => items[i].1 = v,
                    None if items.len() < MAX_ELEMENTS => items.push((key, v)),
                    None => return None,
                }
                Some(Shape::Map(items))
            }
            _ => None,
        }
    }
}
