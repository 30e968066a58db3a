//! Turning blob bytes into source text as Python would read them (PEP 263, BOM).

use thiserror::Error;

/// Why a blob cannot be treated as Python source.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("binary file (contains NUL bytes)")]
    Binary,
    #[error("file is {0} bytes, over the {1}-byte limit")]
    TooLarge(usize, usize),
}

/// Decodes a blob: UTF-8 (a BOM is kept, the parser and line index understand it); a PEP 263
/// `latin-1`/`iso-8859-1` cookie is honoured; other invalid UTF-8 is replaced (U+FFFD) so
/// that the rest of the file is still judged.
pub fn decode(bytes: &[u8], max_bytes: usize) -> Result<String, DecodeError> {
    if bytes.len() > max_bytes {
        return Err(DecodeError::TooLarge(bytes.len(), max_bytes));
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    if is_latin1_cookie(coding_cookie(bytes).as_deref()) {
        return Ok(bytes.iter().map(|&b| b as char).collect());
    }
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

fn is_latin1_cookie(name: Option<&str>) -> bool {
    matches!(
        name.map(|n| n.to_ascii_lowercase().replace('_', "-"))
            .as_deref(),
        Some("latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "cp1252" | "windows-1252")
    )
}

/// The encoding a PEP 263 cookie on the first or second line names.
fn coding_cookie(bytes: &[u8]) -> Option<String> {
    for line in bytes.split(|&b| b == b'\n').take(2) {
        let line = String::from_utf8_lossy(line);
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            continue;
        }
        if let Some(pos) = trimmed.find("coding") {
            let rest = &trimmed[pos + 6..];
            let rest = rest.strip_prefix([':', '=']).map(str::trim_start)?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            return (!name.is_empty()).then_some(name);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(decode(b"x = 1\n", 100).unwrap(), "x = 1\n");
        assert_eq!(decode(b"a\0b", 100), Err(DecodeError::Binary));
        assert!(matches!(
            decode(b"123456", 3),
            Err(DecodeError::TooLarge(6, 3))
        ));
        let latin = b"# -*- coding: latin-1 -*-\ns = '\xe9'\n";
        assert_eq!(
            decode(latin, 100).unwrap(),
            "# -*- coding: latin-1 -*-\ns = '\u{e9}'\n"
        );
        assert!(decode(b"s = '\xff'\n", 100).unwrap().contains('\u{fffd}'));
    }
}
