//! What protects untrusted data from a kind of sink: a call whose result is safe there
//! (`shlex.quote` for a shell, `html.escape` for HTML), a conversion that leaves nothing of
//! the text (`int()`), and names that say a function of another file sanitises. A sanitiser
//! protects only the sinks it names: HTML-escaped text is still a path.

use crate::dataflow::{SinkKind, SinkSet};

/// Everything but a request forgery: a well-formed IP address or number is still a host
/// someone chose.
const ALL_BUT_SSRF: SinkSet = SinkSet::of(&[
    SinkKind::Command,
    SinkKind::Code,
    SinkKind::Sql,
    SinkKind::Path,
    SinkKind::Xss,
    SinkKind::Template,
    SinkKind::Redirect,
    SinkKind::XPath,
    SinkKind::Ldap,
    SinkKind::TrustBoundary,
    SinkKind::Deserialization,
    SinkKind::Header,
    SinkKind::Regex,
    SinkKind::Xxe,
]);

const XSS: SinkSet = SinkSet::of(&[SinkKind::Xss]);
const XSS_AND_XPATH: SinkSet = SinkSet::of(&[SinkKind::Xss, SinkKind::XPath]);

/// Calls, by qualified name, whose result is protected for these sinks.
pub const CALLS: &[(&str, SinkSet)] = &[
    ("shlex.quote", SinkSet::of(&[SinkKind::Command])),
    ("shlex.join", SinkSet::of(&[SinkKind::Command])),
    ("pipes.quote", SinkSet::of(&[SinkKind::Command])),
    // `quote=True` by default: quotes become entities too, so no XPath string ends early.
    ("html.escape", XSS_AND_XPATH),
    ("cgi.escape", XSS),
    ("markupsafe.escape", XSS_AND_XPATH),
    ("flask.escape", XSS_AND_XPATH),
    ("jinja2.escape", XSS_AND_XPATH),
    ("django.utils.html.format_html", XSS),
    ("flask.url_for", SinkSet::ALL),
    ("socket.gethostbyname", ALL_BUT_SSRF),
    ("django.utils.html.escape", XSS),
    ("django.utils.html.conditional_escape", XSS),
    ("django.utils.html.strip_tags", XSS),
    ("bleach.clean", XSS),
    ("xml.sax.saxutils.escape", XSS),
    ("xml.sax.saxutils.quoteattr", XSS),
    (
        "werkzeug.utils.secure_filename",
        SinkSet::of(&[SinkKind::Path, SinkKind::Command, SinkKind::Header]),
    ),
    (
        "werkzeug.secure_filename",
        SinkSet::of(&[SinkKind::Path, SinkKind::Command, SinkKind::Header]),
    ),
    ("werkzeug.utils.safe_join", SinkSet::of(&[SinkKind::Path])),
    ("flask.safe_join", SinkSet::of(&[SinkKind::Path])),
    ("django.utils._os.safe_join", SinkSet::of(&[SinkKind::Path])),
    ("os.path.basename", SinkSet::of(&[SinkKind::Path])),
    ("posixpath.basename", SinkSet::of(&[SinkKind::Path])),
    ("re.escape", SinkSet::of(&[SinkKind::Regex])),
    (
        "ldap3.utils.conv.escape_filter_chars",
        SinkSet::of(&[SinkKind::Ldap]),
    ),
    (
        "ldap.filter.escape_filter_chars",
        SinkSet::of(&[SinkKind::Ldap]),
    ),
    ("ldap.filter.filter_format", SinkSet::of(&[SinkKind::Ldap])),
    ("ldap.dn.escape_dn_chars", SinkSet::of(&[SinkKind::Ldap])),
    (
        "urllib.parse.quote",
        SinkSet::of(&[SinkKind::Redirect, SinkKind::Header, SinkKind::Xss]),
    ),
    (
        "urllib.parse.quote_plus",
        SinkSet::of(&[SinkKind::Redirect, SinkKind::Header, SinkKind::Xss]),
    ),
    (
        "urllib.parse.urlencode",
        SinkSet::of(&[SinkKind::Redirect, SinkKind::Header, SinkKind::Xss]),
    ),
    (
        "django.utils.http.url_has_allowed_host_and_scheme",
        SinkSet::ALL,
    ),
    ("django.utils.http.is_safe_url", SinkSet::ALL),
    // Conversions that leave nothing of the text.
    ("int", SinkSet::ALL),
    ("float", SinkSet::ALL),
    ("bool", SinkSet::ALL),
    ("complex", SinkSet::ALL),
    ("len", SinkSet::ALL),
    ("abs", SinkSet::ALL),
    ("round", SinkSet::ALL),
    ("hash", SinkSet::ALL),
    ("id", SinkSet::ALL),
    ("ord", SinkSet::ALL),
    ("isinstance", SinkSet::ALL),
    ("hasattr", SinkSet::ALL),
    ("callable", SinkSet::ALL),
    ("uuid.UUID", SinkSet::ALL),
    ("decimal.Decimal", SinkSet::ALL),
    ("datetime.date.fromisoformat", SinkSet::ALL),
    ("datetime.datetime.fromisoformat", SinkSet::ALL),
    ("datetime.datetime.strptime", SinkSet::ALL),
    ("ipaddress.ip_address", ALL_BUT_SSRF),
    ("ipaddress.ip_network", ALL_BUT_SSRF),
    ("hmac.compare_digest", SinkSet::ALL),
    ("secrets.compare_digest", SinkSet::ALL),
    ("yaml.safe_load", SinkSet::of(&[SinkKind::Deserialization])),
    (
        "ast.literal_eval",
        SinkSet::of(&[SinkKind::Code, SinkKind::Deserialization]),
    ),
    ("json.loads", SinkSet::of(&[SinkKind::Deserialization])),
];

/// Methods (on any value) whose result leaves nothing of the text: tests, counts, digests.
pub const METHODS: &[&str] = &[
    "startswith",
    "endswith",
    "isdigit",
    "isdecimal",
    "isnumeric",
    "isalpha",
    "isalnum",
    "isidentifier",
    "isspace",
    "islower",
    "isupper",
    "isascii",
    "count",
    "find",
    "rfind",
    "index",
    "rindex",
    "hexdigest",
    "digest",
    "exists",
    "is_file",
    "is_dir",
    "__len__",
];

/// Words in the name of a function of another file that say its result is safe: a helper
/// called `sanitize_path` or `get_safe_value` is trusted to do what it says.
pub const NAME_WORDS: &[&str] = &[
    "sanitiz",
    "sanitis",
    "safe",
    "clean",
    "valid",
    "secure",
    "allowlist",
    "whitelist",
    "escape",
];

/// Words that make an escaping helper of another file protect a particular sink.
pub const ESCAPE_WORDS: &[(&str, SinkSet)] = &[
    ("html", XSS),
    ("xml", SinkSet::of(&[SinkKind::Xss, SinkKind::XPath])),
    ("filter", SinkSet::of(&[SinkKind::Ldap])),
    ("ldap", SinkSet::of(&[SinkKind::Ldap])),
    ("shell", SinkSet::of(&[SinkKind::Command])),
    ("sql", SinkSet::of(&[SinkKind::Sql])),
    ("regex", SinkSet::of(&[SinkKind::Regex])),
];
