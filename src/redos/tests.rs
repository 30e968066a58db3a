//! The analyser's tests: the table of published vulnerable patterns and safe look-alikes,
//! the Python → `regex-syntax` translation, every `NotAnalysed` path, and a property test.

use super::*;
use proptest::prelude::*;

fn flags_of(c: &Case) -> Flags {
    let mut flags = Flags::from_python(c.flags).expect("table flags parse");
    flags.bytes = c.bytes;
    flags
}

fn verdict(p: &str, mode: Mode) -> Verdict {
    analyse_uncached(p, Flags::default(), mode, DEFAULT_BUDGET).verdict
}

fn class_of(v: &Verdict) -> String {
    match v {
        Verdict::Safe => "safe".into(),
        Verdict::Exponential { .. } => "exponential".into(),
        Verdict::Polynomial { degree, .. } => format!("polynomial({degree})"),
        Verdict::NotAnalysed { .. } => "not-analysed".into(),
    }
}

fn expect_of(e: Expect) -> String {
    match e {
        Expect::Safe => "safe".into(),
        Expect::Exp => "exponential".into(),
        Expect::Poly(d) => format!("polynomial({d})"),
    }
}

// ---------------------------------------------------------------------------------------------
// The table: real vulnerable patterns (each with where it was published) and safe look-alikes.
// `scripts/redos-oracle.py` times each attack with CPython's `re` and compares regexploit.
// ---------------------------------------------------------------------------------------------

/// What a table row expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    Safe,
    Exp,
    Poly(u32),
}

pub(crate) struct Case {
    pub pattern: &'static str,
    /// A Python flags expression, as `Flags::from_python` reads it.
    pub flags: &'static str,
    pub bytes: bool,
    pub mode: Mode,
    pub expect: Expect,
    /// Where the pattern was published (advisory, issue, fix) or why it is a look-alike.
    pub source: &'static str,
}

const fn case(pattern: &'static str, mode: Mode, expect: Expect, source: &'static str) -> Case {
    Case {
        pattern,
        flags: "",
        bytes: false,
        mode,
        expect,
        source,
    }
}

const fn flagged(
    pattern: &'static str,
    flags: &'static str,
    mode: Mode,
    expect: Expect,
    source: &'static str,
) -> Case {
    Case {
        pattern,
        flags,
        bytes: false,
        mode,
        expect,
        source,
    }
}

use Expect::{Exp, Poly, Safe};
use Mode::{FullMatch, Match, Search};

/// Vulnerable patterns from published advisories, issues and fixes.
pub(crate) const VULNERABLE: &[Case] = &[
    // py (CVE-2020-29651), svnwc blame parsing, used with .match
    case(r"\s*(\d+)\s*(\S+) (.*)", Match, Poly(2), "https://github.com/pytest-dev/py/issues/256"),
    // configobj (CVE-2023-26112), validate.py _func_re
    case(r"(.+?)\((.*)\)", Match, Poly(2), "https://github.com/DiffSK/configobj/issues/232"),
    // mpmath (CVE-2021-29063), ctx_mp.py get_complex
    case(
        r"^\(?(?P<re>[\+\-]?\d*\.?\d*(e[\+\-]?\d+)?)??(?P<im>[\+\-]?\d*\.?\d*(e[\+\-]?\d+)?j)?\)?$",
        Match,
        Poly(4),
        "https://github.com/mpmath/mpmath/issues/548",
    ),
    // fastai wikitext utils.py number_match_re
    case(r"^([0-9]+[,.]?)+$", Match, Exp, "https://github.com/fastai/fastai/issues/2194"),
    // talon quotations.py, used with re.finditer
    case(r"(?<=m)e*((?:t+e*)+)m", Search, Exp, "https://github.com/mailgun/talon/issues/168"),
    // a user report on CPython's tracker: nested lazy dots under +
    case(
        r"Ignoring return value of function '.*?\((?:(?:struct |enum )?.*?[, ]?)+\)' \(compare with ([Ll]ine[ \t]+[0-9 ]+|[Ll]ines[ \t]+[0-9, ]+), file <srcRoot>\\Utility\.h, module <srcRoot>\\A429Recv\.c\)",
        Match,
        Exp,
        "https://github.com/python/cpython/issues/125814",
    ),
    // CPython http.cookiejar LOOSE_HTTP_DATE_RE (bpo-38804), used with .search, re.X
    flagged(
        r"^
        (\d\d?)            # day
           (?:\s+|[-\/])
        (\w+)              # month
            (?:\s+|[-\/])
        (\d+)              # year
        (?:
              (?:\s+|:)    # separator before clock
           (\d\d?):(\d\d)  # hour:min
           (?::(\d\d))?    # optional seconds
        )?                 # optional clock
           \s*
        ([-+]?\d{2,4}|(?![APap][Mm]\b)[A-Za-z]+)? # timezone
           \s*
        (?:\(\w+\))?       # ASCII representation of timezone in parens.
           \s*$",
        "re.X",
        Search,
        Poly(3),
        "https://github.com/python/cpython/pull/17157",
    ),
    // CPython urllib.request AbstractBasicAuthHandler.rx (CVE-2020-8492, bpo-39503), .search
    flagged(
        r#"(?:.*,)*[ \t]*([^ \t]+)[ \t]+realm=(["']?)([^"']*)\2"#,
        "re.I",
        Search,
        Exp,
        "https://github.com/python/cpython/commit/0b297d4ff1c0e4480ad33acae793fbaf4bf015b4",
    ),
    // its first fix, still quadratic (CVE-2021-3733, bpo-43075)
    flagged(
        r#"(?:^|,)[ \t]*([^ \t]+)[ \t]+realm=(["']?)([^"']*)\2"#,
        "re.I",
        Search,
        Poly(2),
        "https://github.com/python/cpython/issues/87241",
    ),
    // httplib2 WWW-Authenticate parsing (CVE-2021-21240), as in regexploit's test suite
    case(
        r#"^(?:\s*(?:,\s*)?([^ \t\r\n=]+)\s*=\s*\"?((?<=\")(?:[^\\\"]|\\.)*?(?=\")|(?<!\")[^ \t\r\n,]+(?!\"))\"?)(.*)$"#,
        Search,
        Poly(3),
        "https://github.com/httplib2/httplib2/security/advisories/GHSA-93xj-8mrv-444m",
    ),
    // Pillow PdfParser trailer (CVE-2021-25292), bytes, as in regexploit's test suite
    Case {
        pattern: r"t[\011\012\015\040]*\<\<(.*?\>\>)[\011\012\015\040]*[\r\n]+[\011\012\015\040]*s",
        flags: "",
        bytes: true,
        mode: Search,
        expect: Poly(3),
        source: "https://github.com/python-pillow/Pillow/commit/3bce145966374dd39ce58a6fc0083f8d1890719c",
    },
    // markdown2 regex_defns (CVE-2021-26813), re.X, used with .sub
    flagged(
        r"\[\#(\w+)\s* # the counter.  Open square plus hash plus a word \1
            ([^@]*)\s*   # Some optional characters, that aren't an @. \2
            @(\w+)       # the id.  Should this be normed? \3
            ([^\]]*)\]   # The rest of the text up to the terminating ] \4",
        "re.VERBOSE",
        Search,
        Poly(3),
        "https://github.com/trentm/python-markdown2/pull/387",
    ),
    // Python-Markdown fenced_code FENCED_BLOCK_RE (cubic on spaces), re.M | re.S | re.X
    flagged(
        r#"
(?P<fence>^(?:~{3,}|`{3,}))[ ]*                          # opening fence
((\{(?P<attrs>[^\}\n]*)\})|                              # (optional {attrs} or
(\.?(?P<lang>[\w#.+-]*)[ ]*)?                            # optional (.)lang
(hl_lines=(?P<quot>"|')(?P<hl_lines>.*?)(?P=quot)[ ]*)?) # optional hl_lines)
\n                                                       # newline (end of opening fence)
(?P<code>.*?)(?<=\n)                                     # the code block
(?P=fence)[ ]*$                                          # closing fence
"#,
        "re.MULTILINE | re.DOTALL | re.VERBOSE",
        Search,
        Poly(3),
        "https://github.com/Python-Markdown/markdown/pull/1130",
    ),
    // uap-core regexes.yaml (CVE-2020-5243), used with .search by uap-python
    case(
        r"\bSmartWatch *\( *([^;]+) *; *([^;]+) *;",
        Search,
        Poly(3),
        "https://github.com/ua-parser/uap-core/security/advisories/GHSA-cmcx-xhr8-3w9p",
    ),
    case(
        r"; *([^;/]+) Build[/ ]Huawei(MT1-U06|[A-Z]+\d+[^\);]+)[^\);]*\)",
        Search,
        Poly(4),
        "https://github.com/ua-parser/uap-core/security/advisories/GHSA-cmcx-xhr8-3w9p",
    ),
    // sqlparse StripComments (CVE-2021-32839): exponential on '\r\n' * N
    case(
        r"((\r\n|\r|\n)+) *$",
        Search,
        Exp,
        "https://github.com/andialbrecht/sqlparse/security/advisories/GHSA-p5w8-wqhj-9hhf",
    ),
    // Django urlize simple_email_re (CVE-2018-7536)
    case(
        r"^\S+@\S+\.\S+$",
        Match,
        Poly(3),
        "https://www.djangoproject.com/weblog/2018/mar/06/security-releases/",
    ),
    // Django Truncator re_words (CVE-2018-7537), re.U | re.S, used with finditer
    flagged(
        r"<.*?>|((?:\w[-\w]*|&.*?;)+)",
        "re.U | re.S",
        Search,
        Poly(2),
        "https://www.djangoproject.com/weblog/2018/mar/06/security-releases/",
    ),
    // Django Truncator re_tag (CVE-2019-14232), re.S
    flagged(
        r"<(/)?([^ ]+?)(?:(\s*/)| .*?)?>",
        "re.S",
        Search,
        Poly(3),
        "https://www.djangoproject.com/weblog/2019/aug/01/security-releases/",
    ),
    // Jinja2 urlize _punctuation_re (CVE-2020-28493)
    case(
        r"^(?P<lead>(?:\(|<|&lt;)*)(?P<middle>.*?)(?P<trail>(?:\.|,|\)|>|\n|&gt;)*)$",
        Match,
        Poly(3),
        "https://github.com/advisories/GHSA-g3rq-g295-4j3m",
    ),
    // urllib3 SUBAUTHORITY_PAT (CVE-2021-33503), reg-name alternative only, re.U | re.S
    flagged(
        r"^(?:(.*)@)?((?:[^\[\]%:/?#]|%[a-fA-F0-9]{2})*)(?::([0-9]{0,5}))?$",
        "re.UNICODE | re.DOTALL",
        Match,
        Poly(2),
        "https://github.com/advisories/GHSA-q2q7-5pp4-w6pg",
    ),
    // CPython difflib.IS_LINE_JUNK (CVE-2018-1061, bpo-32981)
    case(r"\s*#?\s*$", Match, Poly(2), "https://bugs.python.org/issue32981"),
    // CPython poplib APOP timestamp (CVE-2018-1060, bpo-32981), bytes, .search
    Case {
        pattern: r"\+OK.*(<[^>]+>)",
        flags: "",
        bytes: true,
        mode: Search,
        expect: Poly(3),
        source: "https://bugs.python.org/issue32981",
    },
    // setuptools package_index REL (CVE-2022-40897), re.I, finditer
    flagged(
        r#"<([^>]*\srel\s*=\s*['"]?([^'">]+)[^>]*)>"#,
        "re.I",
        Search,
        Poly(4),
        "https://github.com/advisories/GHSA-r9hx-vwmv-q579",
    ),
    // Pillow ImageColor.getrgb hsl() (CVE-2021-23437), re.match
    case(
        r"hsl\(\s*(\d+\.?\d*)\s*,\s*(\d+\.?\d*)%\s*,\s*(\d+\.?\d*)%\s*\)$",
        Match,
        Poly(2),
        "https://github.com/advisories/GHSA-98vv-pw6r-q6q4",
    ),
    // bleach sanitize_css gauntlet (CVE-2020-6817)
    case(
        r#"^([-/:,#%.'"\s!\w]|\w-\w|'[\s\w]+'\s*|"[\s\w]+"|\([\d,%\.\s]+\))*$"#,
        Match,
        Exp,
        "https://github.com/advisories/GHSA-vqhp-cxgc-6wmm",
    ),
    // CPython fnmatch.translate of '*****a' (bpo-40480)
    case(
        r"(?s:.*.*.*.*.*a)\Z",
        Match,
        Poly(5),
        "https://github.com/python/cpython/issues/84660",
    ),
    // Python-Markdown BACKTICK_RE (reported O(n^3)): found through the backreference's
    // approximation (`\2` read as `+), with the lookbehinds evaluated on the attack.
    case(
        r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`))",
        Search,
        Poly(4),
        "https://github.com/Python-Markdown/markdown/issues/1617",
    ),
    // markdown2 strong (code-friendly) regex
    case(
        r"\*\*(?=\S)(.+?[*_]*)(?<=\S)\*\*",
        Search,
        Poly(2),
        "https://github.com/trentm/python-markdown2/issues/493",
    ),
    // pymdown-extensions caption RE_FIG_NUM, .match
    case(
        r"^(\^)?([1-9][0-9]*(?:.[1-9][0-9]*)*)(?= |$)",
        Match,
        Exp,
        "https://github.com/facelessuser/pymdown-extensions/issues/2716",
    ),
    // ssri SRI parsing (CVE-2021-27290), as in regexploit's test suite
    case(
        r"^([A-Za-z0-9+/=]{4})(\?[\x21-\x7E]*)*$",
        Match,
        Exp,
        "https://github.com/npm/ssri/commit/76e223317d971f19e4db8191865bdad5edee40d2",
    ),
    // markdown2 _h_re (headers), re.X | re.M, used with .sub
    flagged(
        r"
        (^(.+)[ \t]*\n(=+|-+)[ \t]*\n+)
        |
        (^(\#{1,6})  # \1 = string of #'s
        [ \t]*
        (.+?)       # \2 = Header text
        [ \t]*
        (?<!\\)     # ensure not an escaped trailing '#'
        \#*         # optional closing #'s (not counted)
        \n+
        )",
        "re.X | re.M",
        Search,
        Poly(3),
        "https://github.com/trentm/python-markdown2/pull/402",
    ),
    // conda-build os_utils/ldd.py LDD_RE and LDD_NOT_FOUND_RE, .match
    case(
        r"\s*(.*?)\s*=>\s*(.*?)\s*\(.*\)",
        Match,
        Poly(4),
        "https://github.com/conda/conda-build/issues/4039",
    ),
    case(
        r"\s*(.*?)\s*=>\s*not found",
        Match,
        Poly(3),
        "https://github.com/conda/conda-build/issues/4039",
    ),
    // numpy distutils conv_template named_re
    case(
        r"#\s*(\w*)\s*=([^#]*)#",
        Search,
        Poly(2),
        "https://github.com/numpy/numpy/issues/17254",
    ),
    // Pygments AdlLexer GUID rule (CVE-2026-4539); lexers try a rule at every position
    case(
        r"(\d|[a-fA-F])+(-(\d|[a-fA-F])+){3,}",
        Search,
        Poly(2),
        "https://github.com/pygments/pygments/issues/3065",
    ),
    // Pygments AtomsLexer archetype id, the same report
    case(
        r"([ \t]*)(([a-zA-Z]\w+(\.[a-zA-Z]\w+)*::)?[a-zA-Z]\w+(-[a-zA-Z]\w+){2}\.\w+[\w-]*\.v\d+(\.\d+){,2}((-[a-z]+)(\.\d+)?)?)",
        Search,
        Poly(2),
        "https://github.com/pygments/pygments/issues/3065",
    ),
    // python-validators url regex before GHSL-2021-110 (host and domain labels)
    flagged(
        r"^(?:(?:[a-z\u00a1-\uffff0-9]-?)*[a-z\u00a1-\uffff0-9]+)(?:\.(?:[a-z\u00a1-\uffff0-9]-?)*[a-z\u00a1-\uffff0-9]+)*(?:\.(?:[a-z\u00a1-\uffff]{2,}))$",
        "re.IGNORECASE",
        Match,
        Exp,
        "https://github.com/python-validators/validators/pull/243",
    ),
    // ua-parser-js / react-native style url host (CVE-2020-1920)
    case(
        r"^(?:(?:[a-z\u00a1-\uffff0-9]-*)*[a-z\u00a1-\uffff0-9]+)(?:\.(?:[a-z\u00a1-\uffff0-9]-*)*[a-z\u00a1-\uffff0-9]+)*$",
        Match,
        Exp,
        "https://github.com/advisories/GHSA-5vqr-5w7f-qp4h",
    ),
    // ansi-regex (CVE-2021-3807)
    case(
        r"[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[-a-zA-Z\d\/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))",
        Search,
        Poly(2),
        "https://github.com/advisories/GHSA-93q8-gq69-wqmw",
    ),
    // OWASP's ReDoS page, "evil regex" examples
    case(r"^(([a-z])+.)+[A-Z]([a-z])+$", Match, Exp, "https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS"),
    case(r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$", Match, Exp, "https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS"),
    // regexploit's README example
    case(r"v\w*_\w*_\w*$", Match, Poly(3), "https://github.com/doyensec/regexploit"),
    // editorconfig's ini line regex, which regexploit's tests list as a false positive; CPython
    // times our attack (' ' * N + ';a' * N + '\na') as cubic.
    case(
        r"\s*(.*?)\s*([#;].*)?$",
        Match,
        Poly(3),
        "https://github.com/doyensec/regexploit/blob/main/tests/test_redos.py",
    ),
    // `\s+$` as a trim, searched (the JS `^\s+|\s+$` trim reported in many advisories)
    case(r"^\s+|\s+$", Search, Poly(2), "https://github.com/advisories/GHSA-29mw-wpgm-hmr9"),
];

/// Safe look-alikes: overlapping-looking but linear in the mode shown.
pub(crate) const SAFE: &[Case] = &[
    case(r"^[a-z]+$", Search, Safe, "anchored class loop"),
    case(r"(a|b)*c", Match, Safe, "disjoint branches under a star"),
    case(
        r"\d+\.\d+",
        Match,
        Safe,
        "a mandatory dot between digit loops",
    ),
    case(
        r#"[^"]*""#,
        Match,
        Safe,
        "negated class up to its terminator",
    ),
    case(
        r"(?:\w+\.)*\w+",
        Match,
        Safe,
        "each round ends in a mandatory dot",
    ),
    case(
        r"^[\w.+-]+@[\w-]+\.[\w.-]+$",
        Match,
        Safe,
        "email: the host label stops at the first dot",
    ),
    case(
        r"^https?://[^\s/$.?#].[^\s]*$",
        Match,
        Safe,
        "URL: one class loop",
    ),
    case(r"^\s*#", Search, Safe, "anchored at the start"),
    case(
        r"^(\d{1,3}\.){3}\d{1,3}$",
        Search,
        Safe,
        "IPv4: bounded repeats",
    ),
    case(
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        Search,
        Safe,
        "UUID",
    ),
    case(
        r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$",
        Match,
        Safe,
        "domain: labels end in a dot",
    ),
    case(
        r#""(?:[^"\\]|\\.)*""#,
        Match,
        Safe,
        "string literal: disjoint branches",
    ),
    case(r"'[^']*'", Search, Safe, "quoted: literal first"),
    case(r"^\w+$", Match, Safe, "one loop"),
    case(
        r"(\w+)=(\w+)",
        Match,
        Safe,
        "a mandatory = between word loops",
    ),
    case(
        r"^(?:a|b|c)+$",
        Match,
        Safe,
        "single-character branches become a set",
    ),
    case(
        r"^[A-Z][a-z]*(?: [A-Z][a-z]*)*$",
        Match,
        Safe,
        "title case: space-separated rounds",
    ),
    // Searched, `${a${a${a...` with no `}` is quadratic: each `${` scans to the end.
    case(
        r"\$\{([^}]+)\}",
        Match,
        Safe,
        "template, matched at the start",
    ),
    case(r"^#{1,6}\s+\S.*$", Match, Safe, "markdown heading"),
    case(r"^(\d+)(?:px|em|%)$", Match, Safe, "CSS length"),
    case(r"^[-+]?[0-9]+(\.[0-9]+)?$", Match, Safe, "decimal number"),
    case(
        r"(?i)^[a-z0-9_.-]+$",
        Match,
        Safe,
        "inline ignore-case, one loop",
    ),
    case(r"^\s*$", Match, Safe, "blank line"),
    case(r"^\S+$", FullMatch, Safe, "one loop, full match"),
    case(r"^(?:\d{3}-){2}\d{4}$", Search, Safe, "phone: bounded"),
    case(r"\bfoo\b", Search, Safe, "word, literal"),
    case(r"foo|bar|baz", Search, Safe, "literal alternation"),
    case(r"^(?:https?|ftp)://", Search, Safe, "scheme prefix"),
    case(
        r"[A-Z]{2,}",
        Search,
        Safe,
        "always matches once two letters are seen",
    ),
    case(r"\s+", Search, Safe, "always matches at the first space"),
    case(r",\s*", Search, Safe, "a comma then anything"),
    case(r"(?:\r\n|\n)", Search, Safe, "line break"),
    case(r"\d+", FullMatch, Safe, "digits"),
    case(r"(?:ab)+", FullMatch, Safe, "unambiguous rounds"),
    case(
        r"(?>a+)+b",
        Match,
        Safe,
        "atomic group: no giving back (Python 3.11+)",
    ),
    case(
        r"(?:a+)++b",
        Match,
        Safe,
        "possessive repeat (Python 3.11+)",
    ),
    case(
        r"^(?=.*\d)(?=.*[a-z]).{8,}$",
        Match,
        Safe,
        "password rules in lookaheads",
    ),
    case(
        r#"(['"])(?:(?!\1).)*\1"#,
        Match,
        Safe,
        "quote with a backreference",
    ),
    case(r"^\+?[1-9]\d{1,14}$", Match, Safe, "E.164 phone"),
    case(
        r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        Match,
        Safe,
        "slug: dash-separated rounds",
    ),
    case(
        r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$",
        Match,
        Safe,
        "semantic version",
    ),
    case(r"#[0-9a-fA-F]{6}", Search, Safe, "colour: literal first"),
    flagged(
        r"^ \d+ \s* $",
        "re.X",
        Match,
        Safe,
        "verbose, disjoint loops",
    ),
    case(r"^(a|ab)(c|bcd)(d*)$", Match, Safe, "ambiguous but finite"),
    case(r"^[a-z]*[0-9]*$", Match, Safe, "disjoint adjacent loops"),
    case(
        r"^(?:[^,]*,)*[^,]*$",
        Match,
        Safe,
        "CSV: a comma ends each round",
    ),
    case(
        r"(a+)+",
        Match,
        Safe,
        "nested loops, but nothing after them can fail",
    ),
    case(
        r"(\S.*\S)*\s*",
        Match,
        Safe,
        "regexploit's maruku false positive: always matches",
    ),
    case(
        r"\s*([^=]*)=?([^;]*)(;|$)",
        Match,
        Safe,
        "regexploit's node-forge false positive",
    ),
];

#[test]
fn the_table_has_forty_of_each() {
    assert!(VULNERABLE.len() >= 40, "{}", VULNERABLE.len());
    assert!(SAFE.len() >= 40, "{}", SAFE.len());
}

#[test]
fn table_verdicts_match_expectations() {
    let mut wrong = Vec::new();
    for c in VULNERABLE.iter().chain(SAFE) {
        let a = analyse_uncached(c.pattern, flags_of(c), c.mode, DEFAULT_BUDGET);
        let got = class_of(&a.verdict);
        if got != expect_of(c.expect) {
            wrong.push(format!(
                "{:?} {:?}: expected {}, got {:?}",
                c.pattern,
                c.mode,
                expect_of(c.expect),
                a.verdict
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every attack in the table really makes the match fail, as checked by the simulation.
#[test]
fn table_attacks_fail_the_match() {
    for c in VULNERABLE {
        let flags = flags_of(c);
        if let Verdict::Exponential { attack } | Verdict::Polynomial { attack, .. } =
            analyse_uncached(c.pattern, flags, c.mode, DEFAULT_BUDGET).verdict
        {
            let t = translate::translate(c.pattern, flags).unwrap();
            let mut budget = Budget::new(DEFAULT_BUDGET);
            let mut notes = Vec::new();
            let nfa = compile(&t.rust, flags.bytes, &mut budget, &mut notes).unwrap();
            let looks: Vec<sim::Look> = t
                .lookarounds
                .iter()
                .map(|l| sim::Look {
                    nfa: compile(&l.body, flags.bytes, &mut budget, &mut notes).unwrap(),
                    ahead: l.ahead,
                    positive: l.positive,
                })
                .collect();
            let input: Vec<char> = attack.build(20).chars().collect();
            assert!(
                !sim::matches(&nfa, &looks, &input, c.mode, &mut budget).unwrap(),
                "{:?}: {attack}",
                c.pattern
            );
        }
    }
}

/// Writes the table's verdicts and attacks as JSON for `scripts/redos-oracle.py`, with the time
/// one uncached pass over the whole table takes (`cargo test --lib redos::tests::dump_table --
/// --ignored`; `REDOS_TABLE_JSON` names the file, default `target/redos-table.json`).
#[test]
#[ignore]
fn dump_table() {
    let rows: Vec<serde_json::Value> = VULNERABLE
        .iter()
        .map(|c| (c, true))
        .chain(SAFE.iter().map(|c| (c, false)))
        .map(|(c, vulnerable)| {
            let a = analyse_uncached(c.pattern, flags_of(c), c.mode, DEFAULT_BUDGET);
            let runs = 20;
            let start = std::time::Instant::now();
            for _ in 0..runs {
                std::hint::black_box(analyse_uncached(c.pattern, flags_of(c), c.mode, DEFAULT_BUDGET));
            }
            let micros = start.elapsed().as_secs_f64() * 1e6 / runs as f64;
            let (attack, display) = match &a.verdict {
                Verdict::Exponential { attack } | Verdict::Polynomial { attack, .. } => (
                    serde_json::json!({
                        "prefix": attack.prefix,
                        "pumps": attack.pumps.iter().map(|p| [&p.pump, &p.then]).collect::<Vec<_>>(),
                        "suffix": attack.suffix,
                    }),
                    attack.to_string(),
                ),
                _ => (serde_json::Value::Null, String::new()),
            };
            serde_json::json!({
                "pattern": c.pattern,
                "flags": c.flags,
                "bytes": c.bytes,
                "mode": format!("{:?}", c.mode),
                "vulnerable": vulnerable,
                "expected": expect_of(c.expect),
                "source": c.source,
                "verdict": class_of(&a.verdict),
                "reason": match &a.verdict { Verdict::NotAnalysed { reason } => reason.clone(), _ => String::new() },
                "attack": attack,
                "display": display,
                "notes": a.notes,
                "work": a.work,
                "micros": micros,
            })
        })
        .collect();
    // Timing: whole-table passes, uncached.
    let passes = 20;
    let start = std::time::Instant::now();
    for _ in 0..passes {
        for c in VULNERABLE.iter().chain(SAFE) {
            std::hint::black_box(analyse_uncached(
                c.pattern,
                flags_of(c),
                c.mode,
                DEFAULT_BUDGET,
            ));
        }
    }
    let per_pass = start.elapsed().as_secs_f64() / passes as f64;
    let out = serde_json::json!({
        "rows": rows,
        "seconds_per_table_pass": per_pass,
        "patterns": VULNERABLE.len() + SAFE.len(),
        "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
    });
    let path = std::env::var("REDOS_TABLE_JSON")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target/redos-table.json").into());
    std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap()).unwrap();
    eprintln!(
        "wrote {path}: {:.3} ms per pass over {} patterns",
        per_pass * 1e3,
        VULNERABLE.len() + SAFE.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Modes, classic shapes
// ---------------------------------------------------------------------------------------------

#[test]
fn classic_shapes() {
    assert!(matches!(
        verdict("(a+)+$", Match),
        Verdict::Exponential { .. }
    ));
    assert!(matches!(
        verdict("(a|a)*b", Match),
        Verdict::Exponential { .. }
    ));
    assert!(matches!(
        verdict("(a*)*b", Match),
        Verdict::Exponential { .. }
    ));
    assert!(matches!(
        verdict(r"(\w+\s?)*$", Match),
        Verdict::Exponential { .. }
    ));
    assert!(matches!(
        verdict(r#"(\s+\w+|\s*=\s*|".*?")*$"#, Match),
        Verdict::Exponential { .. }
    ));
    assert_eq!(class_of(&verdict(r"\d+\d+$", Match)), "polynomial(2)");
    assert_eq!(class_of(&verdict(r"\d*\d*\d*x", Match)), "polynomial(3)");
    assert_eq!(
        class_of(&verdict(r"a*a*", Match)),
        "safe",
        "nothing after can fail"
    );
}

#[test]
fn searching_adds_a_degree() {
    assert_eq!(class_of(&verdict(r"\s*x", Match)), "safe");
    assert_eq!(class_of(&verdict(r"\s*x", Search)), "polynomial(2)");
    assert_eq!(
        class_of(&verdict(r"^\s*x", Search)),
        "safe",
        "^ pins the search"
    );
    assert_eq!(
        class_of(&verdict(r"(?m)^\s*x", Search)),
        "polynomial(2)",
        "after each newline"
    );
    assert_eq!(class_of(&verdict(r"\d+\.\d+", Search)), "polynomial(2)");
    assert_eq!(class_of(&verdict(r"\s*\s*x", Search)), "polynomial(3)");
}

#[test]
fn full_match_needs_the_end() {
    assert_eq!(class_of(&verdict("(a+)+", Match)), "safe");
    assert_eq!(class_of(&verdict("(a+)+", FullMatch)), "exponential");
}

#[test]
fn attacks_display_as_python() {
    let a = Attack {
        prefix: "x'".into(),
        pumps: vec![Pump {
            pump: "\t\u{1}é".into(),
            then: String::new(),
        }],
        suffix: "\u{2028}".into(),
    };
    assert_eq!(a.to_string(), r"'x\'' + '\t\x01é' * N + '\u2028'");
    assert_eq!(a.build(2), "x'\t\u{1}é\t\u{1}é\u{2028}");
    let Verdict::Exponential { attack } = verdict("(a|a)*b", Match) else {
        panic!()
    };
    assert!(attack.to_string().contains("'a' * N"), "{attack}");
}

#[test]
fn flags_from_python_expressions() {
    let f = Flags::from_python("re.I | re.VERBOSE").unwrap();
    assert!(f.ignore_case && f.verbose && !f.dotall);
    let f = Flags::from_python("regex.M|regex.S").unwrap();
    assert!(f.multiline && f.dotall);
    let f = Flags::from_python("re.RegexFlag.ASCII + re.L").unwrap();
    assert!(f.ascii && f.locale);
    assert_eq!(Flags::from_python("0").unwrap(), Flags::default());
    assert_eq!(Flags::from_python("").unwrap(), Flags::default());
    assert!(Flags::from_python("re.UNICODE|re.DEBUG").is_ok());
    assert!(Flags::from_python("re.BOGUS").is_err());
    assert_eq!(Mode::for_function("findall"), Some(Search));
    assert_eq!(Mode::for_function("fullmatch"), Some(FullMatch));
    assert_eq!(Mode::for_function("compile"), None);
}

#[test]
fn flags_change_the_verdict() {
    let x = Flags::from_python("re.X").unwrap();
    let v = analyse_uncached(r"( a + ) + $", x, Match, DEFAULT_BUDGET).verdict;
    assert_eq!(class_of(&v), "exponential");
    // Inline verbose, restarting the parse.
    assert_eq!(
        class_of(&verdict(r"(?x) ( \d + ) + $", Match)),
        "exponential"
    );
    // Case-insensitive overlap: [a-z] and [A-Z] are the same letters under re.I.
    let i = Flags::from_python("re.I").unwrap();
    assert_eq!(
        class_of(&analyse_uncached(r"[a-z]+[A-Z]+$", i, Match, DEFAULT_BUDGET).verdict),
        "polynomial(2)"
    );
    assert_eq!(class_of(&verdict(r"[a-z]+[A-Z]+$", Match)), "safe");
    assert_eq!(
        class_of(&verdict(r"(?i:[a-z]+[A-Z]+)$", Match)),
        "polynomial(2)"
    );
    // DOTALL decides whether `.` crosses the newline that ends the attack.
    assert_eq!(class_of(&verdict(r".*.*=", Match)), "polynomial(2)");
    // ASCII: \w no longer overlaps é.
    let a = Flags::from_python("re.A").unwrap();
    assert_eq!(
        class_of(&analyse_uncached(r"\w+é+$", a, Match, DEFAULT_BUDGET).verdict),
        "safe"
    );
    assert_eq!(class_of(&verdict(r"\w+é+$", Match)), "polynomial(2)");
}

#[test]
fn ascii_word_boundaries_are_modelled() {
    let a = Flags::from_python("re.ASCII").unwrap();
    let v = analyse_uncached(r"\b(\w+\s?)*$", a, Match, DEFAULT_BUDGET).verdict;
    assert_eq!(class_of(&v), "exponential", "{v:?}");
    assert_eq!(class_of(&verdict(r"\bfoo\B", Search)), "safe");
}

#[test]
fn bytes_patterns_attack_with_bytes() {
    let b = Flags {
        bytes: true,
        ..Flags::default()
    };
    let v = analyse_uncached(r"(\w+\s?)*$", b, Match, DEFAULT_BUDGET).verdict;
    let Verdict::Exponential { attack } = v else {
        panic!("{v:?}")
    };
    assert!(
        attack.build(3).chars().all(|c| (c as u32) < 0x100),
        "{attack}"
    );
}

// ---------------------------------------------------------------------------------------------
// Translation
// ---------------------------------------------------------------------------------------------

fn rust(p: &str) -> String {
    translate::translate(p, Flags::default()).unwrap().rust
}

#[test]
fn translation_of_python_syntax() {
    assert_eq!(rust(r"a\Z"), r"a\z");
    assert_eq!(rust(r"^a$"), r"\Aa\z");
    assert_eq!(rust(r"(?m)^a$"), r"(?m:^)a(?m:$)");
    assert_eq!(rust(r"a{,3}"), r"(?:a){0,3}");
    assert_eq!(rust(r"a{2,}?"), r"(?:a){2,}?");
    assert_eq!(
        rust(r"a{x"),
        r"a\x{7b}x",
        "not a quantifier: a literal brace"
    );
    assert_eq!(rust(r"a(?#comment)b"), "ab");
    assert_eq!(rust(r"(?P<word>\w)"), r"(?:[\w])");
    assert_eq!(rust(r"\101\0\x41\u0041"), "A\\x{0}AA");
    assert_eq!(rust(r"[]a]"), r"[\x{5d}a]");
    assert_eq!(rust(r"[^-a]"), r"[^\x{2d}a]");
    assert_eq!(rust(r"[a-]"), r"[a\x{2d}]");
    assert_eq!(rust(r"[\d\w]"), r"[\d\w]");
    assert_eq!(
        rust(r"\s"),
        r"[\s\x{1c}-\x{1f}]",
        "str.isspace() counts U+001C..U+001F"
    );
    assert_eq!(rust(r"[&&~~||]"), r"[\x{26}\x{26}\x{7e}\x{7e}\x{7c}\x{7c}]");
    assert_eq!(rust(r"."), r"[^\n]");
    assert_eq!(rust(r"(?s)."), r"(?s:.)");
    assert_eq!(rust(r"(?i)a"), "(?i)a");
    assert_eq!(rust(r"(?i:a)b"), "(?i:a)b");
    // CPython's alternation rewrites: a common prefix moves out, single characters merge.
    assert_eq!(rust(r"a|a"), "a(?:|)");
    assert_eq!(rust(r"ab|ac"), "a[bc]");
    assert_eq!(rust(r"\w|\d"), r"[\w\d]");
    // ... but `.` and negated sets stay branches, shielded from regex-syntax's own merge.
    assert_eq!(rust(r".|\n"), r"(?P<b1>[^\n])|(?P<b2>\x{a})");
    // Atomic groups, possessive repeats, lookaheads travel as group names.
    assert_eq!(rust(r"(?>a)"), "(?P<a1>a)");
    assert_eq!(rust(r"a*+"), "(?P<a1>(?:a){0,})");
    assert_eq!(rust(r"x(?=ab)y"), "x(?P<l0>)y");
    assert_eq!(rust(r"x(?<=a)y"), "x(?P<l0>)y");
    // A backreference becomes its group's pattern.
    assert_eq!(rust(r"(a|b)\1"), "(?:[ab])(?:[ab])");
    assert_eq!(rust(r"(?P<q>x)(?P=q)"), "(?:x)(?:x)");
}

#[test]
fn translation_of_verbose_mode() {
    let x = Flags::from_python("re.X").unwrap();
    let t = translate::translate("a b # comment\n [ ] c \\ d", x).unwrap();
    assert_eq!(t.rust, r"ab[\x{20}]c\x{20}d");
    let t = translate::translate("(?x) a  # c\n b", Flags::default()).unwrap();
    assert_eq!(t.rust, "ab");
    // Scoped verbose.
    assert_eq!(rust("(?x: a b ) c"), r"(?:ab)\x{20}c");
}

#[test]
fn translation_keeps_lookahead_bodies_apart() {
    let t = translate::translate(r"(?=(a+)+b)x(?i:(?!y))", Flags::default()).unwrap();
    assert_eq!(t.rust, "(?P<l0>)x(?i:(?P<l1>))");
    let bodies: Vec<(&str, bool, bool)> = t
        .lookarounds
        .iter()
        .map(|l| (l.body.as_str(), l.ahead, l.positive))
        .collect();
    assert_eq!(
        bodies,
        vec![("(?:(?:a){1,}){1,}b", true, true), ("(?i)y", true, false)]
    );
    assert!(t.notes.contains(&translate::NOTE_LOOKAROUND));
}

#[test]
fn lookahead_bodies_are_analysed() {
    let v = verdict(r"^x(?=(a+)+b)", Match);
    let Verdict::Exponential { attack } = v else {
        panic!("{v:?}")
    };
    assert!(attack.prefix.starts_with('x'), "{attack}");
}

// ---------------------------------------------------------------------------------------------
// Every NotAnalysed path
// ---------------------------------------------------------------------------------------------

fn reason(p: &str) -> String {
    match analyse_uncached(p, Flags::default(), Match, DEFAULT_BUDGET).verdict {
        Verdict::NotAnalysed { reason } => reason,
        v => panic!("{p:?} was analysed: {v:?}"),
    }
}

#[test]
fn not_analysed_syntax_python_rejects() {
    for (p, why) in [
        (r"\e", "bad escape"),
        (r"[\8]", "bad escape"),
        (r"(a", "missing )"),
        (r"a)", "unbalanced parenthesis"),
        (r"[a", "unterminated character set"),
        (r"[z-a]", "bad character range"),
        (r"[\d-z]", "bad character range"),
        (r"*a", "nothing to repeat"),
        (r"^*", "nothing to repeat"),
        (r"a**", "multiple repeat"),
        (r"a{3,2}", "min repeat greater than max repeat"),
        (r"(a\1)", "cannot refer to an open group"),
        (r"\2(a)", "invalid group reference"),
        (r"(?P=x)", "unknown group name"),
        (r"(?P<1>a)", "bad character in group name"),
        (r"(?P<a>x)(?P<a>y)", "redefinition of group name"),
        (r"(?Px)", "unknown extension ?P"),
        (r"(?<x>a)", "unknown extension ?<"),
        (r"(?&a)", "unknown extension ?&"),
        (r"(?#unterminated", "unterminated comment"),
        (r"(?i-:a)", "missing flag"),
        (r"(?-i)", "missing :"),
        (r"(?iz)", "missing -, : or )"),
        (r"\x4", "incomplete escape \\x"),
        (r"\777", "octal escape value"),
        ("\\", "bad escape (end of pattern)"),
        (r"a{99999999999}", "too large"),
    ] {
        let r = reason(p);
        assert!(r.starts_with("Python rejects this pattern:"), "{p:?}: {r}");
        assert!(r.contains(why), "{p:?}: {r}");
    }
}

#[test]
fn not_analysed_syntax_we_cannot_model() {
    assert!(reason(r"(a)?(?(1)b|c)").contains("conditional group"));
    assert!(reason(r"\N{DIGIT ONE}").contains("\\N{...}"));
    assert!(reason(r"\ud800").contains("surrogate"));
    let deep = "(".repeat(150) + &")".repeat(150);
    assert!(reason(&deep).contains("nest deeper"));
}

#[test]
fn not_analysed_when_the_budget_runs_out() {
    // Work units.
    let v = analyse_uncached(r"(\w+\s?)*$", Flags::default(), Match, 50).verdict;
    let Verdict::NotAnalysed { reason: why } = v else {
        panic!("{v:?}")
    };
    assert!(why.starts_with("analysis budget"), "{why}");
    // NFA states.
    assert!(reason(r"((a{100}){100}){3}").contains("NFA grows past"));
    // Backreferences that double the pattern each time.
    let mut p = String::from("(a)");
    for i in 1..40 {
        p.push_str(&format!("(\\{i}\\{i})"));
    }
    assert!(reason(&p).starts_with("analysis budget"));
}

#[test]
fn approximations_are_noted() {
    let a = analyse_uncached(
        r"(a)\1(?=b)\b.{200}",
        Flags::default(),
        Match,
        DEFAULT_BUDGET,
    );
    assert!(a.notes.contains(&translate::NOTE_BACKREF), "{:?}", a.notes);
    assert!(a.notes.contains(&translate::NOTE_LOOKAROUND));
    assert!(a.notes.contains(&translate::NOTE_WORD_BOUNDARY));
    let a = analyse_uncached(r"a{0,500}", Flags::default(), Match, DEFAULT_BUDGET);
    assert!(a.notes.contains(&nfa::NOTE_LARGE_REPEAT));
}

#[test]
fn cache_returns_the_same_analysis() {
    let a = analyse_full(r"(x+x+)+y", Flags::default(), Mode::Match);
    let b = analyse_full(r"(x+x+)+y", Flags::default(), Mode::Match);
    assert!(Arc::ptr_eq(&a, &b));
    assert!(cache::len() >= 1 && cache::len() <= cache::CAPACITY);
    assert!(matches!(a.verdict, Verdict::Exponential { .. }));
    assert_eq!(
        analyse(r"(x+x+)+y", Flags::default(), Mode::Match),
        a.verdict
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Random pattern strings never panic and stay within the work budget.
    #[test]
    fn random_patterns_never_panic(p in r"[ab.()|*+?{},0-9\[\]^$\\sdwSbAZ:?=!<P>#-]{0,24}", mode in 0..3u8) {
        let mode = [Match, FullMatch, Search][mode as usize];
        let a = analyse_uncached(&p, Flags::default(), mode, 200_000);
        prop_assert!(a.work <= 200_000);
        if let Verdict::Polynomial { degree, .. } = a.verdict {
            prop_assert!(degree >= 2);
        }
    }

    /// Random verbose / ignore-case / bytes analyses are as safe.
    #[test]
    fn random_flags_never_panic(p in r"[a\\ (#)|\n*+sw]{0,16}", bits in 0..16u8) {
        let flags = Flags {
            verbose: bits & 1 != 0,
            ignore_case: bits & 2 != 0,
            dotall: bits & 4 != 0,
            bytes: bits & 8 != 0,
            ..Flags::default()
        };
        let a = analyse_uncached(&p, flags, Search, 200_000);
        prop_assert!(a.work <= 200_000);
    }
}

/// Big or nested patterns end within the work budget (counted in units, not time).
#[test]
fn pathological_patterns_stay_within_the_budget() {
    let words = (0..300)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join("|");
    for p in [
        r"(?:a|a?|aa|a*){1,60}b".to_string(),
        r"((((a*)*)*)*)*(b*)*(c|a)*x".to_string(),
        format!("(?:{words})*x"),
        "(a|b|c)*".repeat(200),
    ] {
        let a = analyse_uncached(&p, Flags::default(), Search, DEFAULT_BUDGET);
        assert!(a.work <= DEFAULT_BUDGET, "{p}");
    }
}
