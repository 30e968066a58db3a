//! Bandit's call blacklist (`bandit/blacklists/calls.py`, Bandit 1.9.4) as a table: each entry
//! is a rule whose check is the list of qualified names it flags.
//!
//! Bandit compares a call's qualified name with `==` (no wildcards: `telnetlib.*` in its docs
//! is really just `telnetlib.Telnet`), reports the call's first line, and puts the matched
//! name where a message says `{name}`. The ids Bandit 1.9.4 no longer checks (B309
//! `httpsconnection`, B320 `xml_bad_etree`, B322 `input`, B325 `tempnam`) are left out, and
//! `hashlib.md5` / `hashlib.sha1` moved from B303 to the B324 plugin.

use super::{Aspect, Check, Level, Rule, TestPolicy};
use crate::dataflow::SinkKind;

/// Bandit's message for every XML parser entry (B313–B319).
const XML_MESSAGE: &str = "Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {name} with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called";

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
    names: &'static [&'static str],
) -> Rule {
    Rule::blacklisted(
        id,
        name,
        severity,
        cwe,
        aspect,
        message,
        doc,
        Check::Calls(names),
    )
}

/// One blacklisted-call rule per Bandit id.
pub static RULES: &[Rule] = &[
    entry(
        "B301",
        "pickle",
        Level::Medium,
        502,
        Aspect::ExternalInputs,
        "Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.",
        "## What it does
Flags deserialisation with `pickle`, `dill`, `shelve`, `jsonpickle` and `pandas.read_pickle`
(Bandit B301).

## Why is this bad?
Unpickling runs code chosen by whoever wrote the data: never unpickle anything that crossed a
trust boundary.

## Example
```python
obj = pickle.loads(request.body)
```
",
        &[
            "pickle.loads",
            "pickle.load",
            "pickle.Unpickler",
            "dill.loads",
            "dill.load",
            "dill.Unpickler",
            "shelve.open",
            "shelve.DbfilenameShelf",
            "jsonpickle.decode",
            "jsonpickle.unpickler.decode",
            "jsonpickle.unpickler.Unpickler",
            "pandas.read_pickle",
        ],
    )
    .gated(SinkKind::Deserialization),
    entry(
        "B302",
        "marshal",
        Level::Medium,
        502,
        Aspect::ExternalInputs,
        "Deserialization with the marshal module is possibly dangerous.",
        "## What it does
Flags `marshal.load` and `marshal.loads` (Bandit B302).

## Why is this bad?
`marshal` is an internal format for `.pyc` files: it is not hardened against malformed or
malicious input, and crafted data can crash the interpreter or worse.

## Example
```python
code = marshal.loads(blob_from_network)
```
",
        &["marshal.load", "marshal.loads"],
    )
    .gated(SinkKind::Deserialization),
    entry(
        "B303",
        "md5",
        Level::Medium,
        327,
        Aspect::DataProtection,
        "Use of insecure MD2, MD4, MD5, or SHA1 hash function.",
        "## What it does
Flags MD2, MD4, MD5 and SHA-1 from PyCrypto / PyCryptodome (`Crypto.Hash.MD5.new`) and from
`cryptography` (`hashes.MD5()`) (Bandit B303, `md5`). `hashlib.md5` is B324's.

## Why is this bad?
These hashes have practical collisions: they cannot protect passwords, signatures or
integrity against an attacker.

## Example
```python
digest = hashes.Hash(hashes.MD5())
```
",
        &[
            "Crypto.Hash.MD2.new",
            "Crypto.Hash.MD4.new",
            "Crypto.Hash.MD5.new",
            "Crypto.Hash.SHA.new",
            "Cryptodome.Hash.MD2.new",
            "Cryptodome.Hash.MD4.new",
            "Cryptodome.Hash.MD5.new",
            "Cryptodome.Hash.SHA.new",
            "cryptography.hazmat.primitives.hashes.MD5",
            "cryptography.hazmat.primitives.hashes.SHA1",
        ],
    ),
    entry(
        "B304",
        "ciphers",
        Level::High,
        327,
        Aspect::DataProtection,
        "Use of insecure cipher {name}. Replace with a known secure cipher such as AES.",
        "## What it does
Flags broken ciphers: ARC2, ARC4, Blowfish, DES and XOR from PyCrypto / PyCryptodome, and
ARC4, Blowfish, CAST5, IDEA, SEED and TripleDES from `cryptography` (Bandit B304, `ciphers`).

## Why is this bad?
Their keys or blocks are too small, or their key streams biased: what they encrypt can be
read or forged.

## Example
```python
cipher = DES.new(key, DES.MODE_CBC, iv)
```
",
        &[
            "Crypto.Cipher.ARC2.new",
            "Crypto.Cipher.ARC4.new",
            "Crypto.Cipher.Blowfish.new",
            "Crypto.Cipher.DES.new",
            "Crypto.Cipher.XOR.new",
            "Cryptodome.Cipher.ARC2.new",
            "Cryptodome.Cipher.ARC4.new",
            "Cryptodome.Cipher.Blowfish.new",
            "Cryptodome.Cipher.DES.new",
            "Cryptodome.Cipher.XOR.new",
            "cryptography.hazmat.primitives.ciphers.algorithms.ARC4",
            "cryptography.hazmat.primitives.ciphers.algorithms.Blowfish",
            "cryptography.hazmat.primitives.ciphers.algorithms.CAST5",
            "cryptography.hazmat.primitives.ciphers.algorithms.IDEA",
            "cryptography.hazmat.primitives.ciphers.algorithms.SEED",
            "cryptography.hazmat.primitives.ciphers.algorithms.TripleDES",
        ],
    ),
    entry(
        "B305",
        "cipher_modes",
        Level::Medium,
        327,
        Aspect::DataProtection,
        "Use of insecure cipher mode {name}.",
        "## What it does
Flags the ECB mode from `cryptography` (`modes.ECB()`) (Bandit B305, `cipher_modes`).

## Why is this bad?
ECB encrypts equal blocks to equal ciphertext, so patterns in the data show through and
blocks can be swapped undetected.

## Example
```python
Cipher(algorithms.AES(key), modes.ECB())
```
",
        &["cryptography.hazmat.primitives.ciphers.modes.ECB"],
    ),
    entry(
        "B306",
        "mktemp_q",
        Level::Medium,
        377,
        Aspect::ResourceCleanup,
        "Use of insecure and deprecated function (mktemp).",
        "## What it does
Flags `tempfile.mktemp` (Bandit B306, `mktemp_q`).

## Why is this bad?
`mktemp` only returns a name: between choosing it and creating the file another process can
create it first, or plant a symlink there. `tempfile.mkstemp` or `NamedTemporaryFile` create
the file atomically.

## Example
```python
path = tempfile.mktemp()
```
",
        &["tempfile.mktemp"],
    ),
    entry(
        "B307",
        "eval",
        Level::Medium,
        78,
        Aspect::ExternalInputs,
        "Use of possibly insecure function - consider using safer ast.literal_eval.",
        "## What it does
Flags calls to the builtin `eval` (Bandit B307).

## Why is this bad?
`eval` runs any expression, including `__import__('os').system(...)`. To read a literal, use
`ast.literal_eval`.

## Example
```python
value = eval(request.args['n'])
```
",
        &["eval"],
    )
    .gated(SinkKind::Code),
    entry(
        "B308",
        "mark_safe",
        Level::Medium,
        79,
        Aspect::ExternalInputs,
        "Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed.",
        "## What it does
Flags Django's `django.utils.safestring.mark_safe` (Bandit B308).

## Why is this bad?
`mark_safe` turns off template auto-escaping for the string: anything user-controlled inside
it reaches the page as HTML, i.e. cross-site scripting. Prefer `format_html`.

## Example
```python
return mark_safe('<b>' + user.name + '</b>')
```
",
        &["django.utils.safestring.mark_safe"],
    ),
    entry(
        "B310",
        "urllib_urlopen",
        Level::Medium,
        22,
        Aspect::ExternalInputs,
        "Audit url open for permitted schemes. Allowing use of file:/ or custom schemes is often unexpected.",
        "## What it does
Flags `urllib.request.urlopen`, `urlretrieve`, `URLopener` and `FancyURLopener` (and their
`six.moves` spellings) (Bandit B310, `urllib_urlopen`). Like Bandit 1.9.4, every such call is
flagged, whatever its argument.

## Why is this bad?
These accept `file:` and custom schemes: a URL that comes from outside can read local files
(`file:///etc/passwd`) instead of fetching a web page. Check the scheme first.

## Example
```python
data = urllib.request.urlopen(url).read()
```
",
        &[
            "urllib.request.urlopen",
            "urllib.request.urlretrieve",
            "urllib.request.URLopener",
            "urllib.request.FancyURLopener",
            "six.moves.urllib.request.urlopen",
            "six.moves.urllib.request.urlretrieve",
            "six.moves.urllib.request.URLopener",
            "six.moves.urllib.request.FancyURLopener",
        ],
    )
    .gated(SinkKind::Ssrf),
    entry(
        "B311",
        "random",
        Level::Low,
        330,
        Aspect::DataProtection,
        "Standard pseudo-random generators are not suitable for security/cryptographic purposes.",
        "## What it does
Flags the `random` module's generators (`random.random`, `randint`, `choice`, `Random`, …)
(Bandit B311).

## Why is this bad?
`random` is a Mersenne Twister: its output can be predicted from a few hundred values, so it
must not make tokens, passwords, keys or nonces. Use `secrets` or `random.SystemRandom`.

## Example
```python
token = ''.join(random.choice(ALPHABET) for _ in range(32))
```
",
        &[
            "random.Random",
            "random.random",
            "random.randrange",
            "random.randint",
            "random.choice",
            "random.choices",
            "random.uniform",
            "random.triangular",
            "random.randbytes",
            "random.sample",
            "random.getrandbits",
        ],
    )
    // Randomness in tests is normal: seeded data, shuffled cases.
    .in_tests(TestPolicy::LowConfidence),
    entry(
        "B312",
        "telnetlib",
        Level::High,
        319,
        Aspect::AccessToResources,
        "Telnet-related functions are being called. Telnet is considered insecure. Use SSH or some other encrypted protocol.",
        "## What it does
Flags `telnetlib.Telnet` (Bandit B312).

## Why is this bad?
Telnet sends everything, passwords included, in clear text. Use SSH.

## Example
```python
conn = telnetlib.Telnet(host)
```
",
        &["telnetlib.Telnet"],
    ),
    entry(
        "B313",
        "xml_bad_cElementTree",
        Level::Medium,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags parsing with `xml.etree.cElementTree` (`parse`, `iterparse`, `fromstring`,
`XMLParser`) (Bandit B313).

## Why is this bad?
The standard library parsers are open to entity-expansion attacks (\"billion laughs\") on
untrusted XML. Use `defusedxml.cElementTree`, or call `defusedxml.defuse_stdlib()`.

## Example
```python
tree = xml.etree.cElementTree.fromstring(body)
```
",
        &[
            "xml.etree.cElementTree.parse",
            "xml.etree.cElementTree.iterparse",
            "xml.etree.cElementTree.fromstring",
            "xml.etree.cElementTree.XMLParser",
        ],
    )
    .gated(SinkKind::Xxe),
    entry(
        "B314",
        "xml_bad_ElementTree",
        Level::Medium,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags parsing with `xml.etree.ElementTree` (`parse`, `iterparse`, `fromstring`, `XMLParser`)
(Bandit B314).

## Why is this bad?
The standard library parsers are open to entity-expansion attacks (\"billion laughs\") on
untrusted XML. Use `defusedxml.ElementTree`, or call `defusedxml.defuse_stdlib()`.

## Example
```python
root = ET.fromstring(request.body)
```
",
        &[
            "xml.etree.ElementTree.parse",
            "xml.etree.ElementTree.iterparse",
            "xml.etree.ElementTree.fromstring",
            "xml.etree.ElementTree.XMLParser",
        ],
    )
    .gated(SinkKind::Xxe),
    entry(
        "B315",
        "xml_bad_expatreader",
        Level::Medium,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags `xml.sax.expatreader.create_parser` (Bandit B315).

## Why is this bad?
The expat SAX reader is open to entity-expansion attacks on untrusted XML. Use
`defusedxml.expatreader`.

## Example
```python
parser = xml.sax.expatreader.create_parser()
```
",
        &["xml.sax.expatreader.create_parser"],
    )
    .gated(SinkKind::Xxe),
    entry(
        "B316",
        "xml_bad_expatbuilder",
        Level::Medium,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags `xml.dom.expatbuilder.parse` and `parseString` (Bandit B316).

## Why is this bad?
The expat DOM builder is open to entity-expansion attacks on untrusted XML. Use
`defusedxml.expatbuilder`.

## Example
```python
doc = xml.dom.expatbuilder.parseString(body)
```
",
        &["xml.dom.expatbuilder.parse", "xml.dom.expatbuilder.parseString"],
    )
    .gated(SinkKind::Xxe),
    entry(
        "B317",
        "xml_bad_sax",
        Level::Medium,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags `xml.sax.parse`, `parseString` and `make_parser` (Bandit B317).

## Why is this bad?
The SAX parser is open to entity-expansion attacks on untrusted XML. Use `defusedxml.sax`.

## Example
```python
xml.sax.parseString(body, handler)
```
",
        &["xml.sax.parse", "xml.sax.parseString", "xml.sax.make_parser"],
    )
    .gated(SinkKind::Xxe),
    entry(
        "B318",
        "xml_bad_minidom",
        Level::Medium,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags `xml.dom.minidom.parse` and `parseString` (Bandit B318).

## Why is this bad?
minidom is open to entity-expansion attacks on untrusted XML. Use `defusedxml.minidom`.

## Example
```python
doc = minidom.parseString(body)
```
",
        &["xml.dom.minidom.parse", "xml.dom.minidom.parseString"],
    )
    .gated(SinkKind::Xxe),
    entry(
        "B319",
        "xml_bad_pulldom",
        Level::Medium,
        20,
        Aspect::ExternalInputs,
        XML_MESSAGE,
        "## What it does
Flags `xml.dom.pulldom.parse` and `parseString` (Bandit B319).

## Why is this bad?
pulldom is open to entity-expansion attacks on untrusted XML. Use `defusedxml.pulldom`.

## Example
```python
events = pulldom.parseString(body)
```
",
        &["xml.dom.pulldom.parse", "xml.dom.pulldom.parseString"],
    )
    .gated(SinkKind::Xxe),
    entry(
        "B321",
        "ftplib",
        Level::High,
        319,
        Aspect::AccessToResources,
        "FTP-related functions are being called. FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.",
        "## What it does
Flags `ftplib.FTP` (Bandit B321). `ftplib.FTP_TLS` is not flagged.

## Why is this bad?
Plain FTP sends credentials and data in clear text. Use SFTP, SCP or FTPS.

## Example
```python
ftp = ftplib.FTP(host)
```
",
        &["ftplib.FTP"],
    ),
    entry(
        "B323",
        "unverified_context",
        Level::Medium,
        295,
        Aspect::AccessToResources,
        "By default, Python will create a secure, verified ssl context for use in such classes as HTTPSConnection. However, it still allows using an insecure context via the _create_unverified_context that  reverts to the previous behavior that does not validate certificates or perform hostname checks.",
        "## What it does
Flags `ssl._create_unverified_context` (Bandit B323).

## Why is this bad?
That context checks neither the certificate nor the host name: anyone on the network path
can impersonate the server. Use `ssl.create_default_context()`.

## Example
```python
urlopen(url, context=ssl._create_unverified_context())
```
",
        &["ssl._create_unverified_context"],
    ),
];
