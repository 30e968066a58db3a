//! Text from a repository (paths, source lines, commit messages) must never drive the
//! reviewer's terminal: control characters, escapes and bidi overrides are shown escaped.

/// Replaces C0/C1 controls, DEL, and Unicode bidi/invisible format characters with visible
/// escapes (`\x1b`, `\u{202e}`); tabs become a space.
pub fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if is_dangerous_format_char(c) || ('\u{80}'..='\u{9f}').contains(&c) => {
                out.push_str(&format!("\\u{{{:04x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Bidi embeddings, overrides and isolates, and zero-width marks that can make code read
/// differently from how it runs (CVE-2021-42574, "trojan source").
pub fn is_dangerous_format_char(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}'
        // Line and paragraph separators: some terminals and editors break the line there.
        | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(for_terminal("a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(for_terminal("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(for_terminal("new\nline"), "new\\x0aline");
        assert_eq!(for_terminal("plain é"), "plain é");
        assert_eq!(for_terminal("a\u{2028}b\u{85}c"), "a\\u{2028}b\\u{0085}c");
        assert_eq!(for_terminal("\u{fffd}\r"), "\u{fffd}\\x0d");
    }
}
