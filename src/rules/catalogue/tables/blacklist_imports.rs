//! Bandit's import blacklist (`bandit/blacklists/imports.py`, Bandit 1.9.4) as a table: each
//! entry is a rule whose check is the list of module names it flags.
//!
//! Bandit's matching, which the walker reproduces: an `import a.b` is matched by its dotted
//! name and a `from m import x` by `m.x` (relative dots ignored: `from . import pickle` is
//! `pickle`, `from .pickle import x` is `pickle.x`), each as a plain string prefix, so
//! `pickletools` matches `pickle` and `xmlrpclib` matches `xmlrpc`. A statement gives at most
//! one finding, for the first entry (in id order) that one of its names matches, on the
//! statement's first line; `{name}` in the message is the imported name as written after
//! `import`. Calls to `__import__("m")`, `importlib.import_module("m")` and calls whose
//! qualified name is exactly an entry (`wsgiref.handlers.CGIHandler()`) are flagged too.
//! B410 `import_lxml` and B414 are gone from Bandit 1.9.4 and are left out.

use super::{Aspect, Check, Level, Rule};

/// Bandit's message for the XML parser modules (B405–B409).
const XML_MESSAGE: &str = "Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {name} with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.";

/// Builds one entry of this table: its arguments are the columns of Bandit's table.
#[allow(clippy::too_many_arguments)]
const fn entry(
    id: &'static str,
    name: &'static str,
    severity: Level,
    cwe: u32,
    aspect: Aspect,
    message: &'static str,
    doc: &'static str,
    modules: &'static [&'static str],
) -> Rule {
    Rule::blacklisted(
        id,
        name,
        severity,
        cwe,
        aspect,
        message,
        doc,
        Check::Imports(modules),
    )
}

/// One blacklisted-import rule per Bandit id.
pub static RULES: &[Rule] = &[
    entry(
        "B401",
        "import_telnetlib",
        Level::High,
        319,
        Aspect::AccessToResources,
        "A telnet-related module is being imported.  Telnet is considered insecure. Use SSH or some other encrypted protocol.",
        "## What it does
Flags importing `telnetlib` (Bandit B401).

## Why is this bad?
Telnet sends everything, passwords included, in clear text. Use SSH.

## Example
```python
import telnetlib
```
",
        &["telnetlib"],
    ),
    entry(
        "B402",
        "import_ftplib",
        Level::High,
        319,
        Aspect::AccessToResources,
        "A FTP-related module is being imported.  FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.",
        "## What it does
Flags importing `ftplib` (Bandit B402).

## Why is this bad?
Plain FTP sends credentials and data in clear text. Use SFTP, SCP or FTPS.

## Example
```python
from ftplib import FTP
```
",
        &["ftplib"],
    ),
    entry(
        "B403",
        "import_pickle",
        Level::Low,
        502,
        Aspect::ExternalInputs,
        "Consider possible security implications associated with {name} module.",
        "## What it does
Flags importing `pickle`, `cPickle`, `dill` or `shelve` (Bandit B403). Like Bandit, any
module whose name starts with one of these counts (`pickletools` too).

## Why is this bad?
Unpickling runs code chosen by whoever wrote the data; the import marks a place to check
that only trusted data is ever loaded.

## Example
```python
import pickle
```
",
        &["pickle", "cPickle", "dill", "shelve"],
    ),
    entry(
        "B404",
        "import_subprocess",
        Level::Low,
        78,
        Aspect::ExternalInputs,
        "Consider possible security implications associated with the subprocess module.",
        "## What it does
Flags importing `subprocess` (Bandit B404).

## Why is this bad?
Running programs is where command injection happens; the import marks a module whose
commands should be built from trusted parts only.

## Example
```python
import subprocess
```
",
        &["subprocess"],
    ),
    entry(
        "B405",
        "import_xml_etree",
        Level::Low,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags importing `xml.etree.ElementTree` or `xml.etree.cElementTree` (Bandit B405).

## Why is this bad?
The standard library XML parsers are open to entity-expansion attacks on untrusted XML. Use
`defusedxml`, or call `defusedxml.defuse_stdlib()`.

## Example
```python
import xml.etree.ElementTree as ET
```
",
        &["xml.etree.cElementTree", "xml.etree.ElementTree"],
    ),
    entry(
        "B406",
        "import_xml_sax",
        Level::Low,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags importing `xml.sax` (Bandit B406).

## Why is this bad?
The SAX parser is open to entity-expansion attacks on untrusted XML. Use `defusedxml.sax`.

## Example
```python
import xml.sax
```
",
        &["xml.sax"],
    ),
    entry(
        "B407",
        "import_xml_expat",
        Level::Low,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags importing `xml.dom.expatbuilder` (Bandit B407).

## Why is this bad?
The expat DOM builder is open to entity-expansion attacks on untrusted XML. Use
`defusedxml.expatbuilder`.

## Example
```python
from xml.dom import expatbuilder
```
",
        &["xml.dom.expatbuilder"],
    ),
    entry(
        "B408",
        "import_xml_minidom",
        Level::Low,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags importing `xml.dom.minidom` (Bandit B408).

## Why is this bad?
minidom is open to entity-expansion attacks on untrusted XML. Use `defusedxml.minidom`.

## Example
```python
from xml.dom import minidom
```
",
        &["xml.dom.minidom"],
    ),
    entry(
        "B409",
        "import_xml_pulldom",
        Level::Low,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags importing `xml.dom.pulldom` (Bandit B409).

## Why is this bad?
pulldom is open to entity-expansion attacks on untrusted XML. Use `defusedxml.pulldom`.

## Example
```python
import xml.dom.pulldom
```
",
        &["xml.dom.pulldom"],
    ),
    entry(
        "B411",
        "import_xmlrpclib",
        Level::High,
        20,
        Aspect::ExternalInputs,
        "Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Use defusedxml.xmlrpc.monkey_patch() function to monkey-patch xmlrpclib and mitigate XML vulnerabilities.",
        "## What it does
Flags importing `xmlrpc` (`xmlrpc.client`, `xmlrpc.server`, and anything else starting with
`xmlrpc`, such as Python 2's `xmlrpclib`) (Bandit B411).

## Why is this bad?
XML-RPC parses XML from the other side with the standard, unhardened parser. Call
`defusedxml.xmlrpc.monkey_patch()`.

## Example
```python
from xmlrpc.server import SimpleXMLRPCServer
```
",
        &["xmlrpc"],
    ),
    entry(
        "B412",
        "import_httpoxy",
        Level::High,
        284,
        Aspect::ExternalInputs,
        "Consider possible security implications associated with {name} module.",
        "## What it does
Flags importing (or calling) `wsgiref.handlers.CGIHandler` and Twisted's `twcgi.CGIScript` /
`CGIDirectory` (Bandit B412, httpoxy).

## Why is this bad?
Under CGI the request's `Proxy:` header becomes the `HTTP_PROXY` environment variable, so a
client can redirect the application's outgoing HTTP through a proxy of its choosing.

## Example
```python
from wsgiref.handlers import CGIHandler
```
",
        &[
            "wsgiref.handlers.CGIHandler",
            "twisted.web.twcgi.CGIScript",
            "twisted.web.twcgi.CGIDirectory",
        ],
    ),
    entry(
        "B413",
        "import_pycrypto",
        Level::High,
        327,
        Aspect::DataProtection,
        "The pyCrypto library and its module {name} are no longer actively maintained and have been deprecated. Consider using pyca/cryptography library.",
        "## What it does
Flags importing the PyCrypto packages (`Crypto.Cipher`, `Crypto.Hash`, `Crypto.PublicKey`,
…) (Bandit B413). PyCryptodome's `Cryptodome` namespace is not flagged.

## Why is this bad?
PyCrypto is unmaintained and has known, unfixed vulnerabilities. Use `cryptography` (or
PyCryptodome).

## Example
```python
from Crypto.Cipher import AES
```
",
        &[
            "Crypto.Cipher",
            "Crypto.Hash",
            "Crypto.IO",
            "Crypto.Protocol",
            "Crypto.PublicKey",
            "Crypto.Random",
            "Crypto.Signature",
            "Crypto.Util",
        ],
    ),
    entry(
        "B415",
        "import_pyghmi",
        Level::High,
        319,
        Aspect::AccessToResources,
        "An IPMI-related module is being imported. IPMI is considered insecure. Use an encrypted protocol.",
        "## What it does
Flags importing `pyghmi` (Bandit B415).

## Why is this bad?
IPMI has well-known weaknesses (password hashes handed to anyone who asks, cipher zero):
keep it off untrusted networks and prefer an encrypted management protocol.

## Example
```python
from pyghmi.ipmi import command
```
",
        &["pyghmi"],
    ),
];
