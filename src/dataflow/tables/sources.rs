//! Where untrusted data enters, one table a family: request objects and their attributes,
//! request handler classes, calls and names of the standard library, and methods whose
//! results come from outside.

use crate::dataflow::{SourceKind, Trust};

/// Objects that are the current request wherever they are read (`from flask import
/// request`).
pub const REQUEST_OBJECTS: &[&str] = &[
    "flask.request",
    "quart.request",
    "bottle.request",
    "werkzeug.local.request",
    "cherrypy.request",
    "sanic.request",
];

/// Parameter names that hold a request object in a handler (Django, Starlette, aiohttp,
/// webob, Pyramid, DRF: `def view(request, ...)`; WSGI controllers: `req`).
pub const REQUEST_PARAMETERS: &[&str] = &["request", "req"];

/// Attributes (and methods) of a request object that hold what the client sent, with what
/// they are. A method is read by calling it (`request.get_json()`); either way the value
/// and everything taken from it (`.get(k)`, `[k]`, `.getlist(k)`, iteration, `.keys()`)
/// is untrusted.
pub const REQUEST_ATTRIBUTES: &[(&str, SourceKind)] = &[
    // Flask / Werkzeug / Quart
    ("args", SourceKind::RequestData),
    ("form", SourceKind::RequestData),
    ("values", SourceKind::RequestData),
    ("json", SourceKind::RequestData),
    ("get_json", SourceKind::RequestData),
    ("data", SourceKind::RequestData),
    ("get_data", SourceKind::RequestData),
    ("files", SourceKind::UploadedFile),
    ("cookies", SourceKind::Cookie),
    ("headers", SourceKind::RequestHeader),
    ("query_string", SourceKind::RequestData),
    ("environ", SourceKind::RequestData),
    ("view_args", SourceKind::RouteParameter),
    ("stream", SourceKind::RequestData),
    ("input_stream", SourceKind::RequestData),
    ("path", SourceKind::RequestPath),
    ("full_path", SourceKind::RequestPath),
    ("url", SourceKind::RequestPath),
    ("base_url", SourceKind::RequestPath),
    ("url_root", SourceKind::RequestPath),
    ("script_root", SourceKind::RequestPath),
    ("referrer", SourceKind::RequestHeader),
    ("user_agent", SourceKind::RequestHeader),
    ("authorization", SourceKind::RequestHeader),
    ("host", SourceKind::RequestHeader),
    // Django
    ("GET", SourceKind::RequestData),
    ("POST", SourceKind::RequestData),
    ("COOKIES", SourceKind::Cookie),
    ("META", SourceKind::RequestHeader),
    ("FILES", SourceKind::UploadedFile),
    ("body", SourceKind::RequestData),
    ("path_info", SourceKind::RequestPath),
    ("get_full_path", SourceKind::RequestPath),
    ("build_absolute_uri", SourceKind::RequestPath),
    ("get_host", SourceKind::RequestHeader),
    // Starlette / FastAPI / DRF
    ("query_params", SourceKind::RequestData),
    ("path_params", SourceKind::RouteParameter),
    ("form_data", SourceKind::RequestData),
    // aiohttp
    ("match_info", SourceKind::RouteParameter),
    ("query", SourceKind::RequestData),
    ("post", SourceKind::RequestData),
    ("text", SourceKind::RequestData),
    ("read", SourceKind::RequestData),
    ("content", SourceKind::RequestData),
    ("rel_url", SourceKind::RequestPath),
    ("raw_path", SourceKind::RequestPath),
    // webob / Pyramid / Falcon
    ("params", SourceKind::RequestData),
    ("json_body", SourceKind::RequestData),
    ("media", SourceKind::RequestData),
    ("get_param", SourceKind::RequestData),
    ("get_header", SourceKind::RequestHeader),
    ("matchdict", SourceKind::RouteParameter),
    // Tornado's `self.request`
    ("arguments", SourceKind::RequestData),
    ("body_arguments", SourceKind::RequestData),
    ("query_arguments", SourceKind::RequestData),
    ("uri", SourceKind::RequestPath),
];

/// Base classes whose subclasses handle a request in their methods: `self`'s attributes
/// below are what the client sent.
pub const HANDLER_BASES: &[&str] = &[
    "http.server.BaseHTTPRequestHandler",
    "http.server.SimpleHTTPRequestHandler",
    "http.server.CGIHTTPRequestHandler",
    "BaseHTTPServer.BaseHTTPRequestHandler",
    "SimpleHTTPServer.SimpleHTTPRequestHandler",
    "socketserver.BaseRequestHandler",
    "socketserver.StreamRequestHandler",
    "socketserver.DatagramRequestHandler",
    "SocketServer.BaseRequestHandler",
    "SocketServer.StreamRequestHandler",
    "tornado.web.RequestHandler",
    "tornado.websocket.WebSocketHandler",
];

/// A base class whose name ends like this is taken for a request handler too (a websocket
/// proxy built on another library's handler).
pub const HANDLER_BASE_SUFFIXES: &[&str] = &["RequestHandler", "WebSocketHandler"];

/// `self`'s attributes in a request handler class, with what they are.
pub const HANDLER_SELF_ATTRIBUTES: &[(&str, SourceKind)] = &[
    ("path", SourceKind::RequestPath),
    ("headers", SourceKind::RequestHeader),
    ("rfile", SourceKind::RequestData),
    ("requestline", SourceKind::RequestPath),
    ("raw_requestline", SourceKind::RequestPath),
    ("request", SourceKind::RequestData),
    // Tornado
    ("get_argument", SourceKind::RequestData),
    ("get_arguments", SourceKind::RequestData),
    ("get_body_argument", SourceKind::RequestData),
    ("get_body_arguments", SourceKind::RequestData),
    ("get_query_argument", SourceKind::RequestData),
    ("get_query_arguments", SourceKind::RequestData),
    ("get_cookie", SourceKind::Cookie),
    ("decode_argument", SourceKind::RequestData),
    ("path_args", SourceKind::RouteParameter),
    ("path_kwargs", SourceKind::RouteParameter),
];

/// Calls that return data from outside, by qualified name.
pub const CALLS: &[(&str, SourceKind, Trust)] = &[
    ("input", SourceKind::Stdin, Trust::Local),
    ("raw_input", SourceKind::Stdin, Trust::Local),
    ("sys.stdin.read", SourceKind::Stdin, Trust::Local),
    ("sys.stdin.readline", SourceKind::Stdin, Trust::Local),
    ("sys.stdin.readlines", SourceKind::Stdin, Trust::Local),
    ("os.getenv", SourceKind::Environment, Trust::Local),
    ("os.getenvb", SourceKind::Environment, Trust::Local),
    ("os.environ.get", SourceKind::Environment, Trust::Local),
    ("getpass.getpass", SourceKind::Stdin, Trust::Local),
];

/// Names that hold data from outside, by qualified name.
pub const NAMES: &[(&str, SourceKind, Trust)] = &[
    ("sys.argv", SourceKind::CommandLine, Trust::Local),
    ("os.environ", SourceKind::Environment, Trust::Local),
    ("os.environb", SourceKind::Environment, Trust::Local),
    ("sys.stdin", SourceKind::Stdin, Trust::Local),
];

/// Methods (on any object) whose result comes from outside.
pub const METHODS: &[(&str, SourceKind, Trust)] = &[
    ("recv", SourceKind::Socket, Trust::Remote),
    ("recvfrom", SourceKind::Socket, Trust::Remote),
    ("recvmsg", SourceKind::Socket, Trust::Remote),
    ("recv_bytes", SourceKind::Socket, Trust::Remote),
    ("parse_args", SourceKind::CommandLine, Trust::Local),
    ("parse_known_args", SourceKind::CommandLine, Trust::Local),
    ("namelist", SourceKind::ArchiveMember, Trust::Remote),
    ("infolist", SourceKind::ArchiveMember, Trust::Remote),
    ("getmembers", SourceKind::ArchiveMember, Trust::Remote),
    ("getnames", SourceKind::ArchiveMember, Trust::Remote),
];

/// Decorator methods that register a route (`@app.route("/x")`, `@router.get("/x")`): the
/// function's parameters are what the client sent.
pub const ROUTE_DECORATORS: &[&str] = &[
    "route",
    "get",
    "post",
    "put",
    "delete",
    "patch",
    "head",
    "options",
    "api_route",
    "websocket",
    "add_route",
];

/// Decorators, by qualified name, that make a function a request handler.
pub const HANDLER_DECORATORS: &[&str] = &[
    "rest_framework.decorators.api_view",
    "django.views.decorators.http.require_http_methods",
    "django.views.decorators.http.require_GET",
    "django.views.decorators.http.require_POST",
    "django.views.decorators.http.require_safe",
    "pyramid.view.view_config",
    "cherrypy.expose",
];

/// Base class name endings whose methods are request handlers taking a request parameter
/// (`View`, `APIView`, `ViewSet`, webob/WSGI `Controller`s).
pub const VIEW_CLASS_SUFFIXES: &[&str] = &["View", "ViewSet", "Controller", "Resource", "Handler"];

/// The WSGI application signature: its first parameter is the request environment.
pub const WSGI_PARAMETERS: (&str, &str) = ("environ", "start_response");

/// Fields of an object made by another file's code from request data that still hold it
/// (a Django form's `cleaned_data`, a serializer's `validated_data`).
pub const DATA_ATTRIBUTES: &[&str] = &[
    "cleaned_data",
    "validated_data",
    "data",
    "json",
    "text",
    "content",
    "body",
    "args",
    "form",
    "params",
];
