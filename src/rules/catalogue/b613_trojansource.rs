use super::context::Node;
use super::{Check, Context, Hit};
use ruff_text_size::{TextRange, TextSize};

crate::declare_rule! {
    /// ## What it does
    /// Flags Unicode bidirectional control characters anywhere in a Python file (U+202A–202E,
    /// U+2066–2069, U+200F) (Bandit B613, `trojansource`). Like Bandit, it reports one finding
    /// per file: the first line that has one, naming the first such character of that line
    /// in the order above.
    ///
    /// The line is the physical line, as git and editors count it. Bandit counts lines with
    /// Python's `splitlines`, which also breaks at form feeds, vertical tabs, `\x1c`–`\x1e`,
    /// `\x85`, U+2028 and U+2029: in a file with one of those above the character, Bandit's
    /// line number is larger than the line the character is on.
    ///
    /// ## Why is this bad?
    /// These characters reorder how text is displayed without changing what the interpreter
    /// reads ("Trojan Source", CVE-2021-42574): a reviewer sees a comment or a string where
    /// the interpreter sees code, or the other way round.
    ///
    /// ## Example
    /// ```python
    /// access_level = "user"
    /// if access_level != "none\u202e \u2066# Check if admin\u2069 \u2066":
    ///     ...
    /// ```
    /// Remove the characters; write them as `\u202e` escapes where a string really needs one.
    pub static RULE = {
        id: "B613",
        name: "trojansource",
        severity: High,
        confidence: Medium,
        cwe: 838,
        aspect: ExternalInputs,
        message: "A Python source file contains bidirectional control characters.",
        kinds: [Module],
        check: Check::Node(check),
    }
}

/// Bandit's `BIDI_CHARACTERS`, in its order.
const BIDI: [char; 10] = [
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200f}',
];

/// The first byte of each character of [`BIDI`] in UTF-8.
const BIDI_LEAD_BYTE: u8 = 0xe2;

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Module(_) = node else { return };
    let text = ctx.file.text.as_str();
    // Every character of the list is encoded in UTF-8 starting with 0xE2: a byte search
    // (memchr) rules out nearly every file before any character is decoded.
    let Some(candidate) = memchr::memchr(BIDI_LEAD_BYTE, text.as_bytes()) else {
        return;
    };
    let Some(first) = text[candidate..]
        .find(|c| BIDI.contains(&c))
        .map(|i| candidate + i)
    else {
        return;
    };
    // The line holding the first one; on it, the first character of Bandit's list present.
    let line_start = text[..first].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[first..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| first + i);
    let line = &text[line_start..line_end];
    let Some((offset, ch)) = BIDI
        .iter()
        .find_map(|&c| line.find(c).map(|i| (line_start + i, c)))
    else {
        return;
    };
    let start = TextSize::try_from(offset).unwrap_or_default();
    let end = TextSize::try_from(offset + ch.len_utf8()).unwrap_or(start);
    let mut hit = Hit::at(&TextRange::new(start, end));
    hit = hit.message(format!(
        "A Python source file contains bidirectional control characters ('\\u{:04x}').",
        ch as u32
    ));
    out.push(hit);
}
