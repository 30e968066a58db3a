//! Python `re` syntax → `regex-syntax` syntax.
//!
//! A small recursive-descent parser that follows CPython's `re._parser` (`sre_parse`) token by
//! token, including its two rewrites of an alternation that change how a backtracking match
//! explores it: a prefix common to every branch is pulled out (`a|a` becomes `a(?:|)`, which is
//! still ambiguous), and branches that are single literals or non-negated sets become one set
//! (`\w|\d` becomes `[\w\d]`, which is not). The tree is then written out in the syntax
//! `regex-syntax` reads, with Python's meanings made explicit: literals as `\x{..}`, `\d \w \s`
//! as Python defines them (Unicode by default, ASCII under `re.A` or for bytes), `.`/`^`/`$`
//! resolved against DOTALL/MULTILINE, `{,n}` as `{0,n}`.
//!
//! What `regex-syntax` has no syntax for travels in capture-group names, which the NFA builder
//! reads back: `(?P<aN>...)` is an atomic group or a possessive repeat, `(?P<lN>)` marks where
//! lookahead `N` stood (its body is returned apart and analysed on its own), and `(?P<bN>...)`
//! only keeps `regex-syntax` from merging branches CPython keeps apart (`.|\n`, `[^a]|b`).

use std::collections::HashMap;

use super::Flags;

/// Deepest group nesting we translate; CPython itself gives up (RecursionError) not far above.
const MAX_DEPTH: usize = 100;
/// Most nodes a pattern may grow to once backreferences are expanded.
const MAX_NODES: usize = 50_000;

/// A translated pattern.
#[derive(Debug)]
pub(crate) struct Translated {
    /// The whole pattern, in `regex-syntax` syntax.
    pub rust: String,
    /// The lookarounds' bodies, indexed by the `N` of their `(?P<lN>)` markers.
    pub lookarounds: Vec<Lookaround>,
    /// What the translation approximated, one short phrase each.
    pub notes: Vec<&'static str>,
}

/// One lookaround: its body in `regex-syntax` syntax, and which kind it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lookaround {
    pub body: String,
    /// `(?=...)`/`(?!...)` rather than `(?<=...)`/`(?<!...)`.
    pub ahead: bool,
    /// `(?=...)`/`(?<=...)` rather than `(?!...)`/`(?<!...)`.
    pub positive: bool,
}

pub(crate) const NOTE_BACKREF: &str = "a backreference is approximated by its group's pattern";
pub(crate) const NOTE_LOOKAROUND: &str =
    "lookarounds are transparent to the ambiguity analysis (attacks are checked with them; lookahead bodies are analysed on their own)";
pub(crate) const NOTE_WORD_BOUNDARY: &str = "word boundaries are treated as always true";

/// Python's inline flags, resolved while parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PyFlags {
    i: bool,
    s: bool,
    m: bool,
    x: bool,
    /// ASCII classes: `re.A`, `re.L`, or a bytes pattern.
    a: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Lit(char),
    /// A set. `inner` is written between brackets; `negated` is a user `[^...]` (CPython does
    /// not merge those into other sets, but does merge `\W`-style categories).
    Class {
        inner: String,
        negated: bool,
    },
    Dot {
        dotall: bool,
    },
    /// An anchor or word boundary, as `regex-syntax` text.
    Assert(&'static str),
    /// A group; `case` is `Some(i)` where the group switches case-insensitivity.
    Group {
        body: Alt,
        case: Option<bool>,
    },
    Atomic(Alt),
    /// A lookaround; `case` is whether it is case-insensitive where it stands.
    Look {
        body: Alt,
        case: bool,
        ahead: bool,
        positive: bool,
    },
    Repeat {
        item: Box<Node>,
        min: u32,
        max: Option<u32>,
        lazy: bool,
        possessive: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Default)]
struct Alt(Vec<Vec<Node>>);

/// Translates `pattern` under `flags`, or says in one line why it cannot be modelled.
pub(crate) fn translate(pattern: &str, flags: Flags) -> Result<Translated, String> {
    let mut global = PyFlags {
        i: flags.ignore_case,
        s: flags.dotall,
        m: flags.multiline,
        x: flags.verbose,
        a: flags.ascii || flags.locale || flags.bytes,
    };
    // CPython restarts the parse when a global `(?x)` turns verbose mode on; so do we.
    for _ in 0..3 {
        let mut p = Parser::new(pattern, flags.bytes, global);
        let tree = p.parse_top()?;
        if let Some(g) = p.restart {
            if g != global {
                global = g;
                continue;
            }
        }
        let mut notes = p.notes;
        let mut e = Emitter::default();
        let mut rust = String::new();
        if global.i {
            rust.push_str("(?i)");
        }
        e.alt(&tree, &mut rust);
        notes.extend(e.notes.iter().copied());
        notes.sort_unstable();
        notes.dedup();
        return Ok(Translated {
            rust,
            lookarounds: e.lookarounds,
            notes,
        });
    }
    Err("inline flags keep changing the parse".to_string())
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    bytes: bool,
    global: PyFlags,
    /// Closed groups' bodies by number (1-based; `None` while open).
    groups: Vec<Option<Alt>>,
    names: HashMap<String, usize>,
    restart: Option<PyFlags>,
    notes: Vec<&'static str>,
    nodes: usize,
}

fn bad(msg: &str, pos: usize) -> String {
    format!("Python rejects this pattern: {msg} at position {pos}")
}

impl Parser {
    fn new(pattern: &str, bytes: bool, global: PyFlags) -> Self {
        Parser {
            chars: pattern.chars().collect(),
            pos: 0,
            bytes,
            global,
            groups: Vec::new(),
            names: HashMap::new(),
            restart: None,
            notes: Vec::new(),
            nodes: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn count(&mut self) -> Result<(), String> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(format!(
                "analysis budget: the pattern grows past {MAX_NODES} nodes"
            ));
        }
        Ok(())
    }

    fn parse_top(&mut self) -> Result<Alt, String> {
        let flags = self.global;
        let alt = self.parse_alt(flags, 0)?;
        if self.pos < self.chars.len() {
            // Only a `)` stops an alternation early.
            return Err(bad("unbalanced parenthesis", self.pos));
        }
        Ok(alt)
    }

    /// `sre_parse._parse_sub`: branches separated by `|`, then CPython's two rewrites.
    fn parse_alt(&mut self, flags: PyFlags, depth: usize) -> Result<Alt, String> {
        if depth > MAX_DEPTH {
            return Err(format!("groups nest deeper than {MAX_DEPTH}"));
        }
        let mut items = vec![self.parse_seq(flags, depth)?];
        while self.eat('|') {
            items.push(self.parse_seq(flags, depth)?);
        }
        if items.len() == 1 {
            return Ok(Alt(items));
        }
        // A prefix common to every branch moves out of the alternation.
        let mut prefix = Vec::new();
        while let Some(first) = items[0].first().cloned() {
            if !items.iter().all(|b| b.first() == Some(&first)) {
                break;
            }
            for b in &mut items {
                b.remove(0);
            }
            prefix.push(first);
        }
        // Branches that are each one literal or non-negated set become a single set.
        let mergeable = items.iter().all(|b| {
            b.len() == 1 && matches!(b[0], Node::Lit(_) | Node::Class { negated: false, .. })
        });
        let rest = if mergeable {
            let mut inner = String::new();
            for b in &items {
                match &b[0] {
                    Node::Lit(c) => push_hex(*c, &mut inner),
                    Node::Class { inner: i, .. } => inner.push_str(i),
                    _ => unreachable!("checked above"),
                }
            }
            Node::Class {
                inner,
                negated: false,
            }
        } else {
            Node::Group {
                body: Alt(items),
                case: None,
            }
        };
        if prefix.is_empty() {
            if let Node::Group { body, .. } = rest {
                return Ok(body);
            }
        }
        prefix.push(rest);
        Ok(Alt(vec![prefix]))
    }

    /// `sre_parse._parse`: items up to `|`, `)` or the end.
    fn parse_seq(&mut self, flags: PyFlags, depth: usize) -> Result<Vec<Node>, String> {
        let mut seq: Vec<Node> = Vec::new();
        loop {
            let start = self.pos;
            let c = match self.peek() {
                None | Some('|') | Some(')') => return Ok(seq),
                Some(c) => c,
            };
            self.pos += 1;
            if flags.x {
                if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c') {
                    continue;
                }
                if c == '#' {
                    while let Some(c) = self.next() {
                        if c == '\n' {
                            break;
                        }
                    }
                    continue;
                }
            }
            self.count()?;
            match c {
                '\\' => {
                    let node = self.escape(flags, start)?;
                    seq.push(node);
                }
                '[' => {
                    let node = self.class(flags, start)?;
                    seq.push(node);
                }
                '.' => seq.push(Node::Dot { dotall: flags.s }),
                '^' => seq.push(Node::Assert(if flags.m { "(?m:^)" } else { "\\A" })),
                '$' => seq.push(Node::Assert(if flags.m { "(?m:$)" } else { "\\z" })),
                '(' => {
                    if let Some(node) = self.group(flags, depth, start)? {
                        seq.push(node);
                    }
                }
                '*' | '+' | '?' | '{' => {
                    let (min, max) = match c {
                        '*' => (0, None),
                        '+' => (1, None),
                        '?' => (0, Some(1)),
                        _ => match self.braces(start)? {
                            Some(r) => r,
                            None => {
                                seq.push(Node::Lit('{'));
                                continue;
                            }
                        },
                    };
                    let item = match seq.pop() {
                        None | Some(Node::Assert(_)) => {
                            return Err(bad("nothing to repeat", start));
                        }
                        Some(Node::Repeat { .. }) => return Err(bad("multiple repeat", start)),
                        Some(item) => item,
                    };
                    // CPython unwraps a plain group that is repeated.
                    let item = match item {
                        Node::Group { body, case: None }
                            if body.0.len() == 1 && body.0[0].len() == 1 =>
                        {
                            body.0
                                .into_iter()
                                .next()
                                .and_then(|s| s.into_iter().next())
                                .unwrap_or(Node::Group {
                                    body: Alt::default(),
                                    case: None,
                                })
                        }
                        other => other,
                    };
                    let lazy = self.eat('?');
                    let possessive = !lazy && self.eat('+');
                    seq.push(Node::Repeat {
                        item: Box::new(item),
                        min,
                        max,
                        lazy,
                        possessive,
                    });
                }
                c => seq.push(Node::Lit(c)),
            }
        }
    }

    /// After `{`: `{m}`, `{m,}`, `{,n}`, `{m,n}`, or `None` when CPython reads a literal `{`.
    fn braces(&mut self, start: usize) -> Result<Option<(u32, Option<u32>)>, String> {
        let here = self.pos;
        if self.peek() == Some('}') {
            return Ok(None);
        }
        let lo = self.digits();
        let hi = if self.eat(',') {
            self.digits()
        } else {
            lo.clone()
        };
        if !self.eat('}') {
            self.pos = here;
            return Ok(None);
        }
        let parse = |s: &str| -> Result<u32, String> {
            s.parse::<u32>()
                .ok()
                .filter(|n| *n < u32::MAX)
                .ok_or_else(|| bad("the repetition number is too large", start))
        };
        let min = if lo.is_empty() { 0 } else { parse(&lo)? };
        let max = if hi.is_empty() {
            None
        } else {
            Some(parse(&hi)?)
        };
        if let Some(max) = max {
            if max < min {
                return Err(bad("min repeat greater than max repeat", start));
            }
        }
        Ok(Some((min, max)))
    }

    fn digits(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek().filter(char::is_ascii_digit) {
            s.push(c);
            self.pos += 1;
        }
        s
    }

    /// After `(`. `None` for a comment or a global-flags group.
    fn group(
        &mut self,
        flags: PyFlags,
        depth: usize,
        start: usize,
    ) -> Result<Option<Node>, String> {
        if !self.eat('?') {
            let index = self.groups.len();
            self.groups.push(None);
            let body = self.parse_alt(flags, depth + 1)?;
            self.close(start)?;
            self.groups[index] = Some(body.clone());
            return Ok(Some(Node::Group { body, case: None }));
        }
        let c = self
            .next()
            .ok_or_else(|| bad("unexpected end of pattern", self.pos))?;
        match c {
            ':' => {
                let body = self.parse_alt(flags, depth + 1)?;
                self.close(start)?;
                Ok(Some(Node::Group { body, case: None }))
            }
            'P' => {
                if self.eat('<') {
                    let name = self.name('>', start)?;
                    let index = self.groups.len();
                    self.groups.push(None);
                    if self.names.insert(name, index).is_some() {
                        return Err(bad("redefinition of group name", start));
                    }
                    let body = self.parse_alt(flags, depth + 1)?;
                    self.close(start)?;
                    self.groups[index] = Some(body.clone());
                    Ok(Some(Node::Group { body, case: None }))
                } else if self.eat('=') {
                    let name = self.name(')', start)?;
                    let index = *self
                        .names
                        .get(&name)
                        .ok_or_else(|| bad("unknown group name", start))?;
                    self.backref(index, start).map(Some)
                } else {
                    Err(bad("unknown extension ?P", start))
                }
            }
            '#' => {
                loop {
                    match self.next() {
                        None => return Err(bad("missing ), unterminated comment", start)),
                        Some(')') => break,
                        Some(_) => {}
                    }
                }
                Ok(None)
            }
            '=' | '!' => {
                let body = self.parse_alt(flags, depth + 1)?;
                self.close(start)?;
                self.notes.push(NOTE_LOOKAROUND);
                Ok(Some(Node::Look {
                    body,
                    case: flags.i,
                    ahead: true,
                    positive: c == '=',
                }))
            }
            '<' => match self.next() {
                Some(c @ ('=' | '!')) => {
                    let body = self.parse_alt(flags, depth + 1)?;
                    self.close(start)?;
                    self.notes.push(NOTE_LOOKAROUND);
                    Ok(Some(Node::Look {
                        body,
                        case: flags.i,
                        ahead: false,
                        positive: c == '=',
                    }))
                }
                _ => Err(bad("unknown extension ?<", start)),
            },
            '>' => {
                let body = self.parse_alt(flags, depth + 1)?;
                self.close(start)?;
                Ok(Some(Node::Atomic(body)))
            }
            '(' => Err("conditional group (?(id)yes|no) is not regular; not analysed".to_string()),
            c if "aiLmsux-".contains(c) => {
                self.pos -= 1;
                self.flag_group(flags, depth, start)
            }
            _ => Err(bad(&format!("unknown extension ?{c}"), start)),
        }
    }

    /// `(?aiLmsux)` (global) or `(?aiLmsux-imsx:...)` (scoped).
    fn flag_group(
        &mut self,
        flags: PyFlags,
        depth: usize,
        start: usize,
    ) -> Result<Option<Node>, String> {
        let mut on = String::new();
        while let Some(c) = self.peek().filter(|c| "aiLmsux".contains(*c)) {
            on.push(c);
            self.pos += 1;
        }
        let mut off = String::new();
        if self.eat('-') {
            while let Some(c) = self.peek().filter(|c| "imsx".contains(*c)) {
                off.push(c);
                self.pos += 1;
            }
            if off.is_empty() {
                return Err(bad("missing flag", start));
            }
        }
        let bytes = self.bytes;
        let apply = |mut f: PyFlags, s: &str, v: bool| {
            for c in s.chars() {
                match c {
                    'i' => f.i = v,
                    's' => f.s = v,
                    'm' => f.m = v,
                    'x' => f.x = v,
                    'a' | 'L' => f.a = v || bytes,
                    _ => {}
                }
            }
            f
        };
        if self.eat(')') {
            if !off.is_empty() {
                return Err(bad("missing :", start));
            }
            // Global flags: apply to the whole pattern (CPython < 3.11 accepts them anywhere).
            let g = apply(self.global, &on, true);
            if g != self.global {
                self.restart = Some(g);
            }
            return Ok(None);
        }
        if !self.eat(':') {
            return Err(bad("missing -, : or )", start));
        }
        let inner = apply(apply(flags, &on, true), &off, false);
        let body = self.parse_alt(inner, depth + 1)?;
        self.close(start)?;
        let case = (inner.i != flags.i).then_some(inner.i);
        Ok(Some(Node::Group { body, case }))
    }

    fn close(&mut self, start: usize) -> Result<(), String> {
        if self.eat(')') {
            Ok(())
        } else {
            Err(bad("missing ), unterminated subpattern", start))
        }
    }

    fn name(&mut self, end: char, start: usize) -> Result<String, String> {
        let mut name = String::new();
        loop {
            match self.next() {
                None => return Err(bad("missing group name terminator", start)),
                Some(c) if c == end => break,
                Some(c) => name.push(c),
            }
        }
        let mut cs = name.chars();
        let ok = cs.next().is_some_and(|c| c == '_' || c.is_alphabetic())
            && cs.all(|c| c == '_' || c.is_alphanumeric());
        if !ok {
            return Err(bad("bad character in group name", start));
        }
        Ok(name)
    }

    fn backref(&mut self, index: usize, start: usize) -> Result<Node, String> {
        match self.groups.get(index) {
            Some(Some(body)) => {
                let body = body.clone();
                let size = count_nodes(&body);
                self.nodes += size;
                if self.nodes > MAX_NODES {
                    return Err(format!(
                        "analysis budget: backreferences grow the pattern past {MAX_NODES} nodes"
                    ));
                }
                self.notes.push(NOTE_BACKREF);
                Ok(Node::Group { body, case: None })
            }
            Some(None) => Err(bad("cannot refer to an open group", start)),
            None => Err(bad("invalid group reference", start)),
        }
    }

    /// After `\` outside a set (`sre_parse._escape`).
    fn escape(&mut self, flags: PyFlags, start: usize) -> Result<Node, String> {
        let c = self
            .next()
            .ok_or_else(|| bad("bad escape (end of pattern)", start))?;
        Ok(match c {
            'A' => Node::Assert("\\A"),
            'Z' => Node::Assert("\\z"),
            'b' => {
                self.notes.push(NOTE_WORD_BOUNDARY);
                Node::Assert(if flags.a { "(?-u:\\b)" } else { "\\b" })
            }
            'B' => {
                self.notes.push(NOTE_WORD_BOUNDARY);
                Node::Assert("\\B")
            }
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => Node::Class {
                inner: category(c, flags.a).to_string(),
                negated: false,
            },
            '0' => {
                let mut v = 0u32;
                for _ in 0..2 {
                    match self.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            self.pos += 1;
                        }
                        None => break,
                    }
                }
                Node::Lit(char::from_u32(v).unwrap_or('\0'))
            }
            '1'..='9' => {
                let d1 = c;
                if let Some(d2) = self.peek().filter(char::is_ascii_digit) {
                    let d3 = self.chars.get(self.pos + 1).copied();
                    if d1 <= '7' && d2 <= '7' && d3.is_some_and(|d| ('0'..='7').contains(&d)) {
                        let s: String = [d1, d2, d3.unwrap_or('0')].iter().collect();
                        self.pos += 2;
                        let v = u32::from_str_radix(&s, 8).unwrap_or(0);
                        if v > 0o377 {
                            return Err(bad("octal escape value outside of range 0-0o377", start));
                        }
                        return Ok(Node::Lit(char::from_u32(v).unwrap_or('\0')));
                    }
                    self.pos += 1;
                    let n = (d1 as u32 - '0' as u32) * 10 + (d2 as u32 - '0' as u32);
                    return self.backref(n as usize - 1, start);
                }
                self.backref(d1 as usize - '1' as usize, start)?
            }
            c => Node::Lit(self.char_escape(c, start)?),
        })
    }

    /// Escapes that stand for one character, in and out of sets.
    fn char_escape(&mut self, c: char, start: usize) -> Result<char, String> {
        let hex = |p: &mut Parser, n: usize| -> Result<char, String> {
            let mut v = 0u32;
            for _ in 0..n {
                let d = p
                    .next()
                    .and_then(|c| c.to_digit(16))
                    .ok_or_else(|| bad(&format!("incomplete escape \\{c}"), start))?;
                v = v * 16 + d;
            }
            char::from_u32(v).ok_or_else(|| {
                format!("escape \\{c} at position {start} is a surrogate or beyond Unicode")
            })
        };
        Ok(match c {
            'a' => '\x07',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            'x' => hex(self, 2)?,
            'u' if !self.bytes => hex(self, 4)?,
            'U' if !self.bytes => hex(self, 8)?,
            'N' if !self.bytes => {
                return Err("named Unicode escape \\N{...} is not supported".to_string())
            }
            c if c.is_ascii_alphanumeric() => {
                return Err(bad(&format!("bad escape \\{c}"), start));
            }
            c => c,
        })
    }

    /// After `[` (`sre_parse`'s set parsing).
    fn class(&mut self, flags: PyFlags, start: usize) -> Result<Node, String> {
        let negated = self.eat('^');
        let first = self.pos;
        let mut inner = String::new();
        loop {
            let c = self
                .next()
                .ok_or_else(|| bad("unterminated character set", start))?;
            if c == ']' && self.pos - 1 != first {
                break;
            }
            let lo = self.class_item(c, flags, start)?;
            if self.peek() == Some('-') {
                self.pos += 1;
                let c2 = self
                    .next()
                    .ok_or_else(|| bad("unterminated character set", start))?;
                if c2 == ']' {
                    match lo {
                        Ok(ch) => push_hex(ch, &mut inner),
                        Err(cat) => inner.push_str(cat),
                    }
                    push_hex('-', &mut inner);
                    break;
                }
                let hi = self.class_item(c2, flags, start)?;
                match (lo, hi) {
                    (Ok(lo), Ok(hi)) if lo <= hi => {
                        push_hex(lo, &mut inner);
                        inner.push('-');
                        push_hex(hi, &mut inner);
                    }
                    _ => return Err(bad("bad character range", start)),
                }
            } else {
                match lo {
                    Ok(ch) => push_hex(ch, &mut inner),
                    Err(cat) => inner.push_str(cat),
                }
            }
        }
        Ok(Node::Class { inner, negated })
    }

    /// One set item: `Ok(char)` or `Err(category text)`.
    fn class_item(
        &mut self,
        c: char,
        flags: PyFlags,
        start: usize,
    ) -> Result<Result<char, &'static str>, String> {
        if c != '\\' {
            return Ok(Ok(c));
        }
        let e = self
            .next()
            .ok_or_else(|| bad("bad escape (end of pattern)", start))?;
        Ok(match e {
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => Err(category(e, flags.a)),
            'b' => Ok('\x08'),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            self.pos += 1;
                        }
                        None => break,
                    }
                }
                if v > 0o377 {
                    return Err(bad("octal escape value outside of range 0-0o377", start));
                }
                Ok(char::from_u32(v).unwrap_or('\0'))
            }
            '8' | '9' => return Err(bad(&format!("bad escape \\{e}"), start)),
            e => Ok(self.char_escape(e, start)?),
        })
    }
}

/// `\d \D \s \S \w \W` as Python defines them, as text for inside a set.
fn category(c: char, ascii: bool) -> &'static str {
    match (c, ascii) {
        ('d', false) => "\\d",
        ('D', false) => "\\D",
        // Python's str.isspace() also counts the separators U+001C..U+001F.
        ('s', false) => "\\s\\x{1c}-\\x{1f}",
        ('S', false) => "[^\\s\\x{1c}-\\x{1f}]",
        ('w', false) => "\\w",
        ('W', false) => "\\W",
        ('d', true) => "0-9",
        ('D', true) => "[^0-9]",
        ('s', true) => "\\x{9}-\\x{d}\\x{20}",
        ('S', true) => "[^\\x{9}-\\x{d}\\x{20}]",
        ('w', true) => "0-9A-Za-z_",
        _ => "[^0-9A-Za-z_]",
    }
}

fn push_hex(c: char, out: &mut String) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:x}}}", c as u32));
    }
}

fn count_nodes(alt: &Alt) -> usize {
    alt.0.iter().flatten().map(node_size).sum::<usize>() + 1
}

fn node_size(n: &Node) -> usize {
    match n {
        Node::Group { body, .. } | Node::Atomic(body) => count_nodes(body),
        Node::Look { body, .. } => count_nodes(body),
        Node::Repeat { item, .. } => 1 + node_size(item),
        _ => 1,
    }
}

#[derive(Default)]
struct Emitter {
    lookarounds: Vec<Lookaround>,
    notes: Vec<&'static str>,
    names: usize,
}

impl Emitter {
    fn fresh(&mut self, kind: char) -> String {
        self.names += 1;
        format!("(?P<{kind}{}>", self.names)
    }

    fn alt(&mut self, alt: &Alt, out: &mut String) {
        // Branches `regex-syntax` would merge into one set although CPython keeps them apart
        // (one is `.` or a negated set) are shielded by a capture group each.
        let shield = alt.0.len() > 1
            && alt.0.iter().all(|b| {
                b.len() == 1 && matches!(b[0], Node::Lit(_) | Node::Class { .. } | Node::Dot { .. })
            });
        for (k, seq) in alt.0.iter().enumerate() {
            if k > 0 {
                out.push('|');
            }
            if shield {
                let open = self.fresh('b');
                out.push_str(&open);
            }
            for n in seq {
                self.node(n, out);
            }
            if shield {
                out.push(')');
            }
        }
    }

    fn node(&mut self, n: &Node, out: &mut String) {
        match n {
            Node::Lit(c) => push_hex(*c, out),
            Node::Class { inner, negated } => {
                out.push('[');
                if *negated {
                    out.push('^');
                }
                out.push_str(inner);
                out.push(']');
            }
            Node::Dot { dotall: true } => out.push_str("(?s:.)"),
            Node::Dot { dotall: false } => out.push_str("[^\\n]"),
            Node::Assert(s) => out.push_str(s),
            Node::Group { body, case } => {
                out.push_str(match case {
                    None => "(?:",
                    Some(true) => "(?i:",
                    Some(false) => "(?-i:",
                });
                self.alt(body, out);
                out.push(')');
            }
            Node::Atomic(body) => {
                let open = self.fresh('a');
                out.push_str(&open);
                self.alt(body, out);
                out.push(')');
            }
            Node::Look {
                body,
                case,
                ahead,
                positive,
            } => {
                let index = self.lookarounds.len();
                self.lookarounds.push(Lookaround {
                    body: String::new(),
                    ahead: *ahead,
                    positive: *positive,
                });
                let mut text = String::new();
                if *case {
                    text.push_str("(?i)");
                }
                self.alt(body, &mut text);
                self.lookarounds[index].body = text;
                out.push_str(&format!("(?P<l{index}>)"));
            }
            Node::Repeat {
                item,
                min,
                max,
                lazy,
                possessive,
            } => {
                if *possessive {
                    let open = self.fresh('a');
                    out.push_str(&open);
                }
                out.push_str("(?:");
                self.node(item, out);
                out.push(')');
                match max {
                    None => out.push_str(&format!("{{{min},}}")),
                    Some(max) => out.push_str(&format!("{{{min},{max}}}")),
                }
                if *lazy {
                    out.push('?');
                }
                if *possessive {
                    out.push(')');
                }
            }
        }
    }
}
