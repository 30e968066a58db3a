//! The data-flow (taint) engine: can a value from where untrusted data enters (a source)
//! reach an argument where it does harm (a sink), and through which steps?
//!
//! It analyses one parsed file, function by function, in statement order: assignments,
//! string building, containers with constant keys and indices, branches whose conditions fold
//! to constants, loops, `with`, `match`, and guards that return before a sink. A call to a
//! function of the same file is followed through a summary of that function (which
//! parameters reach its return value and which reach a sink inside it); a call into another
//! file is not seen, and its result is assumed to carry the data of its arguments, at lower
//! confidence, unless its name says it sanitises or converts.
//!
//! Sources, sinks, sanitisers and propagators are data tables (`tables/`), one family a
//! table, so that adding a framework is rows, not code. Every function analysis has a work
//! budget: a function whose analysis stopped early says so in a note, never silently.
//!
//! The engine knows nothing of git or of the rules: the taint rules of the catalogue ask it
//! for its flows, and the pattern rules ask it whether their arguments are proven clean.

mod entry;
mod fold;
mod guards;
mod interp;
pub mod tables;
mod value;

use crate::python::PythonFile;
use ruff_text_size::{TextRange, TextSize};
use std::collections::HashMap;

pub use value::StepKind;

/// Where untrusted data does harm: one kind a taint rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SinkKind {
    /// A shell command or a program to run (CWE-78).
    Command,
    /// Python code to evaluate (CWE-94).
    Code,
    /// An SQL query (CWE-89).
    Sql,
    /// A file system path (CWE-22).
    Path,
    /// HTML sent to a browser (CWE-79).
    Xss,
    /// A server-side template's source (CWE-1336).
    Template,
    /// Where a response redirects the browser (CWE-601).
    Redirect,
    /// A URL or host the server requests (CWE-918).
    Ssrf,
    /// An XPath query (CWE-643).
    XPath,
    /// An LDAP filter (CWE-90).
    Ldap,
    /// Data stored in the session as if it were trusted (CWE-501).
    TrustBoundary,
    /// Bytes to deserialise into objects (CWE-502).
    Deserialization,
    /// An HTTP response header value (CWE-113).
    Header,
    /// A regular expression pattern (CWE-1333).
    Regex,
    /// An XML document parsed with external entities on (CWE-611).
    Xxe,
}

impl SinkKind {
    /// Every kind.
    pub const ALL: [SinkKind; 15] = [
        SinkKind::Command,
        SinkKind::Code,
        SinkKind::Sql,
        SinkKind::Path,
        SinkKind::Xss,
        SinkKind::Template,
        SinkKind::Redirect,
        SinkKind::Ssrf,
        SinkKind::XPath,
        SinkKind::Ldap,
        SinkKind::TrustBoundary,
        SinkKind::Deserialization,
        SinkKind::Header,
        SinkKind::Regex,
        SinkKind::Xxe,
    ];

    fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// What harm it does, in words ("command injection").
    pub fn harm(self) -> &'static str {
        match self {
            SinkKind::Command => "command injection",
            SinkKind::Code => "code injection",
            SinkKind::Sql => "SQL injection",
            SinkKind::Path => "path traversal",
            SinkKind::Xss => "cross-site scripting",
            SinkKind::Template => "server-side template injection",
            SinkKind::Redirect => "open redirect",
            SinkKind::Ssrf => "server-side request forgery",
            SinkKind::XPath => "XPath injection",
            SinkKind::Ldap => "LDAP injection",
            SinkKind::TrustBoundary => "trust boundary violation",
            SinkKind::Deserialization => "unsafe deserialisation",
            SinkKind::Header => "HTTP header injection",
            SinkKind::Regex => "regular expression injection",
            SinkKind::Xxe => "XML external entity injection",
        }
    }
}

/// A set of sink kinds (what a sanitiser protects).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SinkSet(u32);

impl SinkSet {
    /// No kind.
    pub const EMPTY: SinkSet = SinkSet(0);
    /// Every kind: a value converted to a number, say.
    pub const ALL: SinkSet = SinkSet(u32::MAX);

    /// The set of these kinds.
    pub const fn of(kinds: &[SinkKind]) -> SinkSet {
        let mut bits = 0;
        let mut i = 0;
        while i < kinds.len() {
            bits |= 1 << (kinds[i] as u32);
            i += 1;
        }
        SinkSet(bits)
    }

    /// Whether `kind` is in it.
    pub fn contains(self, kind: SinkKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Both sets.
    pub fn union(self, other: SinkSet) -> SinkSet {
        SinkSet(self.0 | other.0)
    }

    /// True when empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// What kind of input a source is, for the review and for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    /// A parameter of a route or request handler (a URL capture, a body field).
    RouteParameter,
    /// Query, form or JSON data of a request.
    RequestData,
    /// A request header.
    RequestHeader,
    /// A cookie.
    Cookie,
    /// The request's path or URL.
    RequestPath,
    /// An uploaded file, or its name.
    UploadedFile,
    /// The environment of the process, or a WSGI environ.
    Environment,
    /// Command-line arguments.
    CommandLine,
    /// Standard input, or an interactive prompt.
    Stdin,
    /// Bytes received from a socket.
    Socket,
    /// A member name of an archive.
    ArchiveMember,
}

impl SourceKind {
    /// In words ("request header").
    pub fn describe(self) -> &'static str {
        match self {
            SourceKind::RouteParameter => "route parameter",
            SourceKind::RequestData => "request data",
            SourceKind::RequestHeader => "request header",
            SourceKind::Cookie => "cookie",
            SourceKind::RequestPath => "request path",
            SourceKind::UploadedFile => "uploaded file",
            SourceKind::Environment => "environment",
            SourceKind::CommandLine => "command-line argument",
            SourceKind::Stdin => "standard input",
            SourceKind::Socket => "socket data",
            SourceKind::ArchiveMember => "archive member name",
        }
    }
}

/// How far a source is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Trust {
    /// Whoever runs the program controls it (arguments, environment, a prompt): a flow from
    /// it matters less.
    Local,
    /// Anyone on the network controls it.
    Remote,
}

/// Where an origin started: a source of the file, or a parameter of the function analysed
/// (for summaries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Index into [`FileFlows::sources`].
    Real(u32),
    /// The function's parameter at this position.
    Param(u8),
}

/// A source read in the analysed code.
#[derive(Debug, Clone)]
pub struct SourceRead {
    pub kind: SourceKind,
    pub trust: Trust,
    /// The expression that reads it (`request.args['name']`), or the parameter.
    pub range: TextRange,
    /// The function that reads it (`__qualname__`), `<module>` at module level.
    pub function: String,
    /// Where it goes: sinks reached, returned, stored.
    pub reaches: Vec<Reach>,
}

/// Where a source's data goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// A sink of this kind, at this range.
    Sink(SinkKind, TextRange),
    /// Returned from its function (at this `return`).
    Returned(TextRange),
    /// Stored in an attribute, a session or a container that outlives the function.
    Stored(TextRange),
}

/// One flow from a source to a sink.
#[derive(Debug, Clone)]
pub struct Flow {
    pub sink: SinkKind,
    /// The call, return or store that is the sink.
    pub sink_range: TextRange,
    /// What the sink is called (`subprocess.run`, `open`, `return`).
    pub sink_name: String,
    /// The source, an index into [`FileFlows::sources`].
    pub source: u32,
    /// From the source to the step before the sink.
    pub steps: Vec<value::Step>,
    /// Crossed a function boundary of the file.
    pub crossed: bool,
    /// Passed through a call into another file.
    pub via_unknown: bool,
    /// The function whose analysis found it.
    pub function: String,
}

/// Whether a call's arguments, or an expression, may hold untrusted data: what a pattern
/// rule's finding becomes in the default mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provenance {
    /// Sinks for which some origin in it is not protected.
    pub harms: SinkSet,
    /// Some part may come from where the engine cannot see.
    pub unknown: bool,
}

impl Provenance {
    /// Whether the engine proved nothing untrusted reaches a sink of `kind` here.
    pub fn is_clean_for(self, kind: SinkKind) -> bool {
        !self.unknown && !self.harms.contains(kind)
    }
}

/// What the engine found in one file.
#[derive(Debug, Default)]
pub struct FileFlows {
    pub flows: Vec<Flow>,
    pub sources: Vec<SourceRead>,
    /// By the start and end of a call or string-building expression that was analysed.
    pub provenance: HashMap<(TextSize, TextSize), Provenance>,
    /// Functions whose analysis hit its budget, and other things the reader should know.
    pub notes: Vec<String>,
}

impl FileFlows {
    /// The provenance of the expression at `range` when it was analysed, else of the
    /// smallest analysed expression around it (a string literal inside the query built
    /// from it).
    pub fn provenance_of(&self, range: TextRange) -> Option<Provenance> {
        if let Some(p) = self.provenance.get(&(range.start(), range.end())) {
            return Some(*p);
        }
        self.provenance
            .iter()
            .filter(|((start, end), _)| *start <= range.start() && range.end() <= *end)
            .min_by_key(|((start, end), _)| *end - *start)
            .map(|(_, p)| *p)
    }
}

/// Work units one function's analysis may spend (an expression evaluated is one). A
/// function of 10,000 statements takes a few tens of thousands.
pub const FUNCTION_BUDGET: u64 = 400_000;

/// Analyses the functions (and module-level code) of `file` that contain any of the
/// 1-based `lines` (all of them when `lines` is `None`), with the summaries of the same
/// file's functions they call.
pub fn analyse(file: &PythonFile, lines: Option<&[(u32, u32)]>) -> FileFlows {
    interp::analyse_file(file, lines)
}
