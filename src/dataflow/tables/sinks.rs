//! Where untrusted data does harm: the argument of a call that must not carry it, and when.
//! Stores that are sinks (a session item, a `Location` header) and a route's returned body
//! are recognised by the engine itself (see `SESSION_OBJECTS` and `LOCATION_HEADERS`).

use super::{Arg, Callee};
use crate::dataflow::SinkKind;

/// When a row applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// `shell=` is given and not a constant false.
    ShellTrue,
    /// No true `shell=`, and the command is a list whose program is a shell running `-c`
    /// (what follows is a shell script), or whose program itself is the argument.
    ShellProgram,
    /// `yaml.load` without a safe `Loader` (`SafeLoader`, `CSafeLoader`, `BaseLoader`).
    UnsafeYamlLoader,
    /// `numpy.load(..., allow_pickle=True)`.
    AllowPickle,
    /// The parser given (second argument or `parser=`) resolves external entities.
    EntityResolvingParser,
    /// The response is HTML: no `mimetype=`/`content_type=` naming another type.
    HtmlBody,
    /// The response says it is HTML (`content_type="text/html"`).
    ExplicitHtml,
    /// `torch.load` without `weights_only=True`.
    NotWeightsOnly,
}

/// One sink: a callee, the argument that must not carry untrusted data, what kind of harm.
#[derive(Debug, Clone, Copy)]
pub struct SinkRow {
    pub callee: Callee,
    pub arg: Arg,
    pub kind: SinkKind,
    pub when: When,
}

const fn row(callee: Callee, arg: Arg, kind: SinkKind) -> SinkRow {
    SinkRow {
        callee,
        arg,
        kind,
        when: When::Always,
    }
}

const fn row_when(callee: Callee, arg: Arg, kind: SinkKind, when: When) -> SinkRow {
    SinkRow {
        callee,
        arg,
        kind,
        when,
    }
}

use Arg::{At, Keyword, Receiver};
use Callee::{Method, MethodOf, Qualified, SelfMethod};
use SinkKind::*;

/// Every sink.
pub const SINKS: &[SinkRow] = &[
    // Command injection (CWE-78).
    row(Qualified("os.system"), At(0, "command"), Command),
    row(Qualified("os.popen"), At(0, "cmd"), Command),
    row(Qualified("os.popen2"), At(0, "cmd"), Command),
    row(Qualified("os.popen3"), At(0, "cmd"), Command),
    row(Qualified("os.popen4"), At(0, "cmd"), Command),
    row(Qualified("popen2.popen2"), At(0, "cmd"), Command),
    row(Qualified("popen2.popen3"), At(0, "cmd"), Command),
    row(Qualified("popen2.popen4"), At(0, "cmd"), Command),
    row(Qualified("commands.getoutput"), At(0, "cmd"), Command),
    row(Qualified("commands.getstatusoutput"), At(0, "cmd"), Command),
    row(Qualified("subprocess.getoutput"), At(0, "cmd"), Command),
    row(
        Qualified("subprocess.getstatusoutput"),
        At(0, "cmd"),
        Command,
    ),
    row(
        Qualified("asyncio.create_subprocess_shell"),
        At(0, "cmd"),
        Command,
    ),
    row_when(
        Qualified("subprocess.Popen"),
        At(0, "args"),
        Command,
        When::ShellTrue,
    ),
    row_when(
        Qualified("subprocess.call"),
        At(0, "args"),
        Command,
        When::ShellTrue,
    ),
    row_when(
        Qualified("subprocess.check_call"),
        At(0, "args"),
        Command,
        When::ShellTrue,
    ),
    row_when(
        Qualified("subprocess.check_output"),
        At(0, "args"),
        Command,
        When::ShellTrue,
    ),
    row_when(
        Qualified("subprocess.run"),
        At(0, "args"),
        Command,
        When::ShellTrue,
    ),
    row_when(
        Qualified("subprocess.Popen"),
        At(0, "args"),
        Command,
        When::ShellProgram,
    ),
    row_when(
        Qualified("subprocess.call"),
        At(0, "args"),
        Command,
        When::ShellProgram,
    ),
    row_when(
        Qualified("subprocess.check_call"),
        At(0, "args"),
        Command,
        When::ShellProgram,
    ),
    row_when(
        Qualified("subprocess.check_output"),
        At(0, "args"),
        Command,
        When::ShellProgram,
    ),
    row_when(
        Qualified("subprocess.run"),
        At(0, "args"),
        Command,
        When::ShellProgram,
    ),
    row(
        Qualified("asyncio.create_subprocess_exec"),
        At(0, "program"),
        Command,
    ),
    row(Qualified("os.execl"), At(0, "path"), Command),
    row(Qualified("os.execle"), At(0, "path"), Command),
    row(Qualified("os.execlp"), At(0, "file"), Command),
    row(Qualified("os.execlpe"), At(0, "file"), Command),
    row(Qualified("os.execv"), At(0, "path"), Command),
    row(Qualified("os.execve"), At(0, "path"), Command),
    row(Qualified("os.execvp"), At(0, "file"), Command),
    row(Qualified("os.execvpe"), At(0, "file"), Command),
    row(Qualified("os.spawnl"), At(1, "path"), Command),
    row(Qualified("os.spawnle"), At(1, "path"), Command),
    row(Qualified("os.spawnlp"), At(1, "file"), Command),
    row(Qualified("os.spawnv"), At(1, "path"), Command),
    row(Qualified("os.spawnvp"), At(1, "file"), Command),
    row(Qualified("pty.spawn"), At(0, "argv"), Command),
    row(Method("exec_command"), At(0, "command"), Command),
    // Code injection (CWE-94).
    row(Qualified("eval"), At(0, "source"), Code),
    row(Qualified("exec"), At(0, "source"), Code),
    row(Qualified("compile"), At(0, "source"), Code),
    row(Qualified("builtins.eval"), At(0, "source"), Code),
    row(Qualified("builtins.exec"), At(0, "source"), Code),
    // SQL injection (CWE-89).
    row(Method("execute"), At(0, "sql"), Sql),
    row(Method("executemany"), At(0, "sql"), Sql),
    row(Method("executescript"), At(0, "sql_script"), Sql),
    row(Method("raw"), At(0, "raw_query"), Sql),
    row(Method("extra"), Keyword("where"), Sql),
    row(Method("extra"), Keyword("select"), Sql),
    row(Method("extra"), Keyword("tables"), Sql),
    row(
        Qualified("django.db.models.expressions.RawSQL"),
        At(0, "sql"),
        Sql,
    ),
    row(Qualified("django.db.models.RawSQL"), At(0, "sql"), Sql),
    row(Qualified("sqlalchemy.text"), At(0, "text"), Sql),
    row(Qualified("sqlalchemy.sql.text"), At(0, "text"), Sql),
    row(
        Qualified("sqlalchemy.sql.expression.text"),
        At(0, "text"),
        Sql,
    ),
    row(Qualified("pandas.read_sql"), At(0, "sql"), Sql),
    row(Qualified("pandas.read_sql_query"), At(0, "sql"), Sql),
    // Path traversal (CWE-22).
    row(Qualified("open"), At(0, "file"), Path),
    row(Qualified("io.open"), At(0, "file"), Path),
    row(Qualified("codecs.open"), At(0, "filename"), Path),
    row(Qualified("os.open"), At(0, "path"), Path),
    row(Qualified("os.remove"), At(0, "path"), Path),
    row(Qualified("os.unlink"), At(0, "path"), Path),
    row(Qualified("os.rmdir"), At(0, "path"), Path),
    row(Qualified("os.removedirs"), At(0, "name"), Path),
    row(Qualified("os.rename"), At(0, "src"), Path),
    row(Qualified("os.rename"), At(1, "dst"), Path),
    row(Qualified("os.replace"), At(0, "src"), Path),
    row(Qualified("os.replace"), At(1, "dst"), Path),
    row(Qualified("os.makedirs"), At(0, "name"), Path),
    row(Qualified("os.mkdir"), At(0, "path"), Path),
    row(Qualified("os.listdir"), At(0, "path"), Path),
    row(Qualified("os.scandir"), At(0, "path"), Path),
    row(Qualified("os.chmod"), At(0, "path"), Path),
    row(Qualified("os.chown"), At(0, "path"), Path),
    row(Qualified("os.truncate"), At(0, "path"), Path),
    row(Qualified("os.stat"), At(0, "path"), Path),
    row(Qualified("os.path.exists"), At(0, "path"), Path),
    row(Qualified("os.path.isfile"), At(0, "path"), Path),
    row(Qualified("os.path.isdir"), At(0, "path"), Path),
    row(Qualified("os.path.getsize"), At(0, "filename"), Path),
    row(Qualified("shutil.copy"), At(0, "src"), Path),
    row(Qualified("shutil.copy"), At(1, "dst"), Path),
    row(Qualified("shutil.copy2"), At(0, "src"), Path),
    row(Qualified("shutil.copy2"), At(1, "dst"), Path),
    row(Qualified("shutil.copyfile"), At(0, "src"), Path),
    row(Qualified("shutil.copyfile"), At(1, "dst"), Path),
    row(Qualified("shutil.copytree"), At(0, "src"), Path),
    row(Qualified("shutil.copytree"), At(1, "dst"), Path),
    row(Qualified("shutil.move"), At(0, "src"), Path),
    row(Qualified("shutil.move"), At(1, "dst"), Path),
    row(Qualified("shutil.rmtree"), At(0, "path"), Path),
    row(Qualified("flask.send_file"), At(0, "path_or_file"), Path),
    row(
        Qualified("flask.helpers.send_file"),
        At(0, "path_or_file"),
        Path,
    ),
    row(
        Qualified("flask.send_from_directory"),
        At(0, "directory"),
        Path,
    ),
    row(
        Qualified("werkzeug.utils.send_file"),
        At(0, "path_or_file"),
        Path,
    ),
    row(
        Qualified("django.http.FileResponse"),
        At(0, "streaming_content"),
        Path,
    ),
    row(Qualified("tarfile.open"), At(0, "name"), Path),
    row(Qualified("os.walk"), At(0, "top"), Path),
    row(Qualified("glob.glob"), At(0, "pathname"), Path),
    row(Qualified("glob.iglob"), At(0, "pathname"), Path),
    row(
        Qualified("starlette.responses.FileResponse"),
        At(0, "path"),
        Path,
    ),
    row(
        Qualified("fastapi.responses.FileResponse"),
        At(0, "path"),
        Path,
    ),
    row(Qualified("aiohttp.web.FileResponse"), At(0, "path"), Path),
    // An uploaded file (or an image) saved under a name the client chose.
    row(Method("save"), At(0, "dst"), Path),
    row(Qualified("zipfile.ZipFile"), At(0, "file"), Path),
    row(Qualified("pathlib.Path.read_text"), Receiver, Path),
    row(Method("read_text"), Receiver, Path),
    row(Method("read_bytes"), Receiver, Path),
    row(Method("write_text"), Receiver, Path),
    row(Method("write_bytes"), Receiver, Path),
    row(Method("unlink"), Receiver, Path),
    row(Method("rmdir"), Receiver, Path),
    row(Method("touch"), Receiver, Path),
    row(Method("iterdir"), Receiver, Path),
    row(MethodOf("pathlib", "open"), Receiver, Path),
    row(MethodOf("pathlib", "exists"), Receiver, Path),
    row(MethodOf("pathlib", "is_file"), Receiver, Path),
    row(MethodOf("pathlib", "mkdir"), Receiver, Path),
    row(MethodOf("pathlib", "rename"), Receiver, Path),
    row(MethodOf("pathlib", "replace"), Receiver, Path),
    row(MethodOf("pathlib", "stat"), Receiver, Path),
    // Cross-site scripting (CWE-79); a route's returned body is the engine's.
    row(Qualified("flask.make_response"), At(0, "rv"), Xss),
    row_when(
        Qualified("flask.Response"),
        At(0, "response"),
        Xss,
        When::HtmlBody,
    ),
    row(
        Qualified("werkzeug.wrappers.Response"),
        At(0, "response"),
        Xss,
    ),
    row_when(
        Qualified("werkzeug.Response"),
        At(0, "response"),
        Xss,
        When::HtmlBody,
    ),
    row_when(
        Qualified("django.http.HttpResponse"),
        At(0, "content"),
        Xss,
        When::HtmlBody,
    ),
    row(
        Qualified("django.http.response.HttpResponse"),
        At(0, "content"),
        Xss,
    ),
    row(
        Qualified("starlette.responses.HTMLResponse"),
        At(0, "content"),
        Xss,
    ),
    row(
        Qualified("fastapi.responses.HTMLResponse"),
        At(0, "content"),
        Xss,
    ),
    row(Qualified("markupsafe.Markup"), At(0, "base"), Xss),
    row(Qualified("flask.Markup"), At(0, "base"), Xss),
    row(Qualified("jinja2.Markup"), At(0, "base"), Xss),
    row(
        Qualified("django.utils.safestring.mark_safe"),
        At(0, "s"),
        Xss,
    ),
    row(SelfMethod("write"), At(0, "chunk"), Xss),
    row_when(
        Qualified("aiohttp.web.Response"),
        Keyword("text"),
        Xss,
        When::ExplicitHtml,
    ),
    row_when(
        Qualified("aiohttp.web.Response"),
        Keyword("body"),
        Xss,
        When::ExplicitHtml,
    ),
    row(SelfMethod("finish"), At(0, "chunk"), Xss),
    // Server-side template injection (CWE-1336).
    row(
        Qualified("flask.render_template_string"),
        At(0, "source"),
        Template,
    ),
    row(Qualified("jinja2.Template"), At(0, "source"), Template),
    row(
        Qualified("jinja2.environment.Template"),
        At(0, "source"),
        Template,
    ),
    row(MethodOf("jinja2", "from_string"), At(0, "source"), Template),
    row(
        MethodOf("Environment", "from_string"),
        At(0, "source"),
        Template,
    ),
    row(
        Qualified("django.template.Template"),
        At(0, "template_string"),
        Template,
    ),
    row(Qualified("mako.template.Template"), At(0, "text"), Template),
    row(
        Qualified("tornado.template.Template"),
        At(0, "template_string"),
        Template,
    ),
    // Open redirect (CWE-601).
    row(Qualified("flask.redirect"), At(0, "location"), Redirect),
    row(
        Qualified("werkzeug.utils.redirect"),
        At(0, "location"),
        Redirect,
    ),
    row(
        Qualified("django.shortcuts.redirect"),
        At(0, "to"),
        Redirect,
    ),
    row(
        Qualified("django.http.HttpResponseRedirect"),
        At(0, "redirect_to"),
        Redirect,
    ),
    row(
        Qualified("django.http.HttpResponsePermanentRedirect"),
        At(0, "redirect_to"),
        Redirect,
    ),
    row(
        Qualified("starlette.responses.RedirectResponse"),
        At(0, "url"),
        Redirect,
    ),
    row(
        Qualified("fastapi.responses.RedirectResponse"),
        At(0, "url"),
        Redirect,
    ),
    row(
        Qualified("aiohttp.web.HTTPFound"),
        At(0, "location"),
        Redirect,
    ),
    row(
        Qualified("aiohttp.web.HTTPSeeOther"),
        At(0, "location"),
        Redirect,
    ),
    row(
        Qualified("pyramid.httpexceptions.HTTPFound"),
        At(0, "location"),
        Redirect,
    ),
    row(SelfMethod("redirect"), At(0, "url"), Redirect),
    // Server-side request forgery (CWE-918).
    row(Qualified("requests.get"), At(0, "url"), Ssrf),
    row(Qualified("requests.post"), At(0, "url"), Ssrf),
    row(Qualified("requests.put"), At(0, "url"), Ssrf),
    row(Qualified("requests.patch"), At(0, "url"), Ssrf),
    row(Qualified("requests.delete"), At(0, "url"), Ssrf),
    row(Qualified("requests.head"), At(0, "url"), Ssrf),
    row(Qualified("requests.options"), At(0, "url"), Ssrf),
    row(Qualified("requests.request"), At(1, "url"), Ssrf),
    row(MethodOf("requests.Session", "get"), At(0, "url"), Ssrf),
    row(MethodOf("requests.Session", "post"), At(0, "url"), Ssrf),
    row(MethodOf("requests.Session", "request"), At(1, "url"), Ssrf),
    row(Qualified("httpx.get"), At(0, "url"), Ssrf),
    row(Qualified("httpx.post"), At(0, "url"), Ssrf),
    row(Qualified("httpx.put"), At(0, "url"), Ssrf),
    row(Qualified("httpx.patch"), At(0, "url"), Ssrf),
    row(Qualified("httpx.delete"), At(0, "url"), Ssrf),
    row(Qualified("httpx.head"), At(0, "url"), Ssrf),
    row(Qualified("httpx.request"), At(1, "url"), Ssrf),
    row(Qualified("httpx.stream"), At(1, "url"), Ssrf),
    row(MethodOf("httpx.", "get"), At(0, "url"), Ssrf),
    row(MethodOf("httpx.", "post"), At(0, "url"), Ssrf),
    row(MethodOf("aiohttp.ClientSession", "get"), At(0, "url"), Ssrf),
    row(
        MethodOf("aiohttp.ClientSession", "post"),
        At(0, "url"),
        Ssrf,
    ),
    row(
        MethodOf("urllib3.PoolManager", "request"),
        At(1, "url"),
        Ssrf,
    ),
    row(Qualified("urllib.request.urlopen"), At(0, "url"), Ssrf),
    row(Qualified("urllib.request.Request"), At(0, "url"), Ssrf),
    row(Qualified("urllib2.urlopen"), At(0, "url"), Ssrf),
    row(Qualified("urllib.urlopen"), At(0, "url"), Ssrf),
    row(Qualified("http.client.HTTPConnection"), At(0, "host"), Ssrf),
    row(
        Qualified("http.client.HTTPSConnection"),
        At(0, "host"),
        Ssrf,
    ),
    // XPath injection (CWE-643).
    row(Method("xpath"), At(0, "_path"), XPath),
    row(Qualified("lxml.etree.XPath"), At(0, "path"), XPath),
    row(Qualified("lxml.etree.ETXPath"), At(0, "path"), XPath),
    row(Qualified("elementpath.select"), At(1, "path"), XPath),
    row(Qualified("elementpath.iter_select"), At(1, "path"), XPath),
    row(Qualified("elementpath.Selector"), At(0, "path"), XPath),
    row(MethodOf("etree", "find"), At(0, "path"), XPath),
    row(MethodOf("etree", "findall"), At(0, "path"), XPath),
    row(MethodOf("etree", "iterfind"), At(0, "path"), XPath),
    row(MethodOf("etree", "findtext"), At(0, "path"), XPath),
    row(MethodOf("ElementTree", "find"), At(0, "path"), XPath),
    row(MethodOf("ElementTree", "findall"), At(0, "path"), XPath),
    row(MethodOf("ElementTree", "iterfind"), At(0, "path"), XPath),
    // LDAP injection (CWE-90): ldap3's filter is the second argument, python-ldap's the third.
    row(MethodOf("ldap3", "search"), At(1, "search_filter"), Ldap),
    row(MethodOf("ldap_", "search"), At(1, "search_filter"), Ldap),
    row(MethodOf(".ldap", "search"), At(1, "search_filter"), Ldap),
    row(MethodOf("ldap.", "search_s"), At(2, "filterstr"), Ldap),
    row(MethodOf("ldap.", "search_st"), At(2, "filterstr"), Ldap),
    row(MethodOf("ldap.", "search_ext"), At(2, "filterstr"), Ldap),
    row(MethodOf("ldap.", "search_ext_s"), At(2, "filterstr"), Ldap),
    row(MethodOf("ldap.", "search"), At(2, "filterstr"), Ldap),
    // Unsafe deserialisation (CWE-502).
    row(Qualified("pickle.loads"), At(0, "data"), Deserialization),
    row(Qualified("pickle.load"), At(0, "file"), Deserialization),
    row(
        Qualified("pickle.Unpickler"),
        At(0, "file"),
        Deserialization,
    ),
    row(Qualified("cPickle.loads"), At(0, "data"), Deserialization),
    row(Qualified("cPickle.load"), At(0, "file"), Deserialization),
    row(Qualified("_pickle.loads"), At(0, "data"), Deserialization),
    row(Qualified("dill.loads"), At(0, "str"), Deserialization),
    row(Qualified("dill.load"), At(0, "file"), Deserialization),
    row(Qualified("marshal.loads"), At(0, "bytes"), Deserialization),
    row(Qualified("marshal.load"), At(0, "file"), Deserialization),
    row(
        Qualified("jsonpickle.decode"),
        At(0, "string"),
        Deserialization,
    ),
    row(
        Qualified("jsonpickle.loads"),
        At(0, "string"),
        Deserialization,
    ),
    row(Qualified("shelve.open"), At(0, "filename"), Deserialization),
    row(
        Qualified("pandas.read_pickle"),
        At(0, "filepath_or_buffer"),
        Deserialization,
    ),
    row(Qualified("joblib.load"), At(0, "filename"), Deserialization),
    row_when(
        Qualified("torch.load"),
        At(0, "f"),
        Deserialization,
        When::NotWeightsOnly,
    ),
    row(
        Qualified("yaml.unsafe_load"),
        At(0, "stream"),
        Deserialization,
    ),
    row(
        Qualified("yaml.unsafe_load_all"),
        At(0, "stream"),
        Deserialization,
    ),
    row(
        Qualified("yaml.full_load"),
        At(0, "stream"),
        Deserialization,
    ),
    row(
        Qualified("yaml.full_load_all"),
        At(0, "stream"),
        Deserialization,
    ),
    row_when(
        Qualified("yaml.load"),
        At(0, "stream"),
        Deserialization,
        When::UnsafeYamlLoader,
    ),
    row_when(
        Qualified("yaml.load_all"),
        At(0, "stream"),
        Deserialization,
        When::UnsafeYamlLoader,
    ),
    row_when(
        Qualified("numpy.load"),
        At(0, "file"),
        Deserialization,
        When::AllowPickle,
    ),
    // HTTP header injection (CWE-113): `http.server` writes header values as given
    // (`http.client` rejects line breaks in them since Python 3.5).
    row(SelfMethod("send_header"), At(1, "value"), Header),
    // Regular expression injection (CWE-1333, CWE-730).
    row(Qualified("re.compile"), At(0, "pattern"), Regex),
    row(Qualified("re.match"), At(0, "pattern"), Regex),
    row(Qualified("re.search"), At(0, "pattern"), Regex),
    row(Qualified("re.fullmatch"), At(0, "pattern"), Regex),
    row(Qualified("re.findall"), At(0, "pattern"), Regex),
    row(Qualified("re.finditer"), At(0, "pattern"), Regex),
    row(Qualified("re.sub"), At(0, "pattern"), Regex),
    row(Qualified("re.subn"), At(0, "pattern"), Regex),
    row(Qualified("re.split"), At(0, "pattern"), Regex),
    row(Qualified("regex.compile"), At(0, "pattern"), Regex),
    row(Qualified("regex.match"), At(0, "pattern"), Regex),
    row(Qualified("regex.search"), At(0, "pattern"), Regex),
    // XML external entities (CWE-611): a document parsed with a parser that resolves them.
    row_when(
        Qualified("xml.dom.minidom.parseString"),
        At(0, "string"),
        Xxe,
        When::EntityResolvingParser,
    ),
    row_when(
        Qualified("xml.dom.minidom.parse"),
        At(0, "file"),
        Xxe,
        When::EntityResolvingParser,
    ),
    row_when(
        Qualified("xml.dom.pulldom.parseString"),
        At(0, "string"),
        Xxe,
        When::EntityResolvingParser,
    ),
    row_when(
        Qualified("xml.dom.pulldom.parse"),
        At(0, "stream_or_string"),
        Xxe,
        When::EntityResolvingParser,
    ),
    row_when(
        Qualified("lxml.etree.fromstring"),
        At(0, "text"),
        Xxe,
        When::EntityResolvingParser,
    ),
    row_when(
        Qualified("lxml.etree.XML"),
        At(0, "text"),
        Xxe,
        When::EntityResolvingParser,
    ),
    row_when(
        Qualified("lxml.etree.parse"),
        At(0, "source"),
        Xxe,
        When::EntityResolvingParser,
    ),
    row_when(
        Method("parse"),
        At(0, "source"),
        Xxe,
        When::EntityResolvingParser,
    ),
    row_when(
        Method("feed"),
        At(0, "data"),
        Xxe,
        When::EntityResolvingParser,
    ),
];

/// Objects whose items are the user's session: storing untrusted data in them is a trust
/// boundary violation (CWE-501).
pub const SESSION_OBJECTS: &[&str] = &["flask.session", "quart.session", "bottle.request.session"];

/// Attribute names that hold a session on a request (`request.session` in Django).
pub const SESSION_ATTRIBUTES: &[&str] = &["session"];

/// Methods of a session object that store into it.
pub const SESSION_STORES: &[&str] = &["update", "setdefault", "__setitem__"];

/// Methods that set a header from a name and a value (`headers.set("Location", url)`,
/// `self.send_header("Location", url)`).
pub const HEADER_SETTERS: &[&str] = &["set", "add", "add_header", "send_header", "__setitem__"];

/// Header names whose value redirects the browser.
pub const LOCATION_HEADERS: &[&str] = &["location", "refresh"];

/// Names of a shell run as a program; with `-c` (or `/c`) the next argument is a script.
pub const SHELLS: &[&str] = &[
    "sh",
    "bash",
    "zsh",
    "dash",
    "ksh",
    "csh",
    "tcsh",
    "fish",
    "cmd",
    "cmd.exe",
    "powershell",
    "powershell.exe",
    "pwsh",
];

/// The options that make a shell run its next argument as a script.
pub const SHELL_SCRIPT_FLAGS: &[&str] = &["-c", "/c", "/C", "-Command", "-command"];

/// `yaml` loaders that build only plain data.
pub const SAFE_YAML_LOADERS: &[&str] = &["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"];
