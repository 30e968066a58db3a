use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags strings that start with a shared temporary directory: `/tmp`, `/var/tmp` or
    /// `/dev/shm`, including the text parts of f-strings (Bandit B108,
    /// `hardcoded_tmp_directory`, with its default `tmp_dirs`). A string standing alone as a
    /// statement (a docstring) is not judged, as in Bandit.
    ///
    /// ## Why is this bad?
    /// Every local user can create files in these directories. A fixed name there can be
    /// pre-created or symlinked by someone else, so the program reads their data or
    /// overwrites a file of the attacker's choosing.
    ///
    /// ## Example
    /// ```python
    /// with open("/tmp/report.csv", "w") as f: ...   # flagged
    /// with tempfile.NamedTemporaryFile("w") as f: ...
    /// ```
    /// For f-strings the line is that of the f-string's start, where Python 3.11 (the
    /// Bandit reference run) places its constant parts.
    pub static RULE = {
        id: "B108",
        name: "hardcoded_tmp_directory",
        severity: Medium,
        confidence: Medium,
        cwe: 377,
        aspect: AccessToResources,
        in_tests: LowConfidence,
        message: "Probable insecure usage of temp file/directory.",
        kinds: [StringLiteral, FString],
        check: Check::Node(check),
    }
}

const TMP_DIRS: &[&str] = &["/tmp", "/var/tmp", "/dev/shm"];

fn is_tmp(s: &str) -> bool {
    TMP_DIRS.iter().any(|d| s.starts_with(d))
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    match node {
        Node::StringLiteral(lit)
            if is_tmp(lit.value.to_str()) && !helpers::is_bare_string_statement(ctx) =>
        {
            out.push(Hit::at(*lit));
        }
        Node::FString(f) if helpers::fstring_constants(f).iter().any(|c| is_tmp(c)) => {
            out.push(Hit::at(*f));
        }
        _ => {}
    }
}
