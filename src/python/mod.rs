//! The python stage: decodes a blob, parses it once with error recovery, and builds what the
//! rules and the reports need: the scope tree, the import table and a line index.
//!
//! Nothing here knows about git or rules.

pub mod facts;
mod imports;
mod scopes;
mod source;

pub use imports::ImportTable;
pub use scopes::{Scope, ScopeKind, ScopeTree};
pub use source::{decode, DecodeError};

use ruff_python_ast::{ModModule, PySourceType};
use ruff_python_parser::{parse_unchecked_source, Parsed};
use ruff_source_file::LineIndex;
use ruff_text_size::TextSize;

/// How well the parser understood a file (the contract's `parse` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseStatus {
    /// No syntax error.
    Ok,
    /// Syntax errors, but the parser recovered: scopes and findings come from what parsed.
    Recovered,
    /// Nothing usable came out.
    Failed,
    /// Not parsed at all (binary, too large, deleted, unreadable).
    Skipped,
}

impl ParseStatus {
    /// The contract's lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ParseStatus::Ok => "ok",
            ParseStatus::Recovered => "recovered",
            ParseStatus::Failed => "failed",
            ParseStatus::Skipped => "skipped",
        }
    }
}

/// Bracket nesting beyond which we refuse to parse: CPython itself stops at 200 levels
/// ("too many nested parentheses"), and the recursive-descent parser would exhaust the stack.
const MAX_BRACKET_DEPTH: usize = 1_000;

/// One parsed Python file with everything derived from it.
pub struct PythonFile {
    /// The decoded source text.
    pub text: String,
    pub parsed: Parsed<ModModule>,
    pub lines: LineIndex,
    pub scopes: ScopeTree,
    pub imports: ImportTable,
    pub status: ParseStatus,
    /// The first syntax error, for notes.
    pub first_error: Option<String>,
}

impl PythonFile {
    /// Parses decoded source. `path` decides file-level test-ness and whether it is a stub.
    /// Returns `Err` with a reason when the text is too deeply nested to parse safely.
    pub fn parse(path: &str, text: String) -> Result<Self, String> {
        if bracket_depth(&text) > MAX_BRACKET_DEPTH {
            return Err(format!(
                "brackets nested more than {MAX_BRACKET_DEPTH} deep"
            ));
        }
        let source_type = if path.ends_with(".pyi") {
            PySourceType::Stub
        } else {
            PySourceType::Python
        };
        let parsed = parse_unchecked_source(&text, source_type);
        let lines = LineIndex::from_source_text(&text);
        let status = if parsed.has_valid_syntax() {
            ParseStatus::Ok
        } else {
            ParseStatus::Recovered
        };
        let first_error = parsed.errors().first().map(|e| {
            let line = lines.line_index(e.location.start()).get();
            format!("syntax error at line {line}: {}", e.error)
        });
        let scopes = ScopeTree::build(path, parsed.syntax(), &text, &lines);
        let imports = ImportTable::build(parsed.syntax());
        Ok(PythonFile {
            text,
            parsed,
            lines,
            scopes,
            imports,
            status,
            first_error,
        })
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: TextSize) -> u32 {
        self.lines.line_index(offset).get() as u32
    }

    /// The 1-based (line, column) of a byte offset, the column counted in characters.
    pub fn position(&self, offset: TextSize) -> (u32, u32) {
        let lc = self.lines.line_column(offset, &self.text);
        (lc.line.get() as u32, lc.column.get() as u32)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: u32) -> &str {
        match ruff_source_file::OneIndexed::new(line as usize) {
            Some(l) if (line as usize) <= self.lines.line_count() => {
                let r = self.lines.line_range(l, &self.text);
                self.text[r].trim_end_matches(['\n', '\r'])
            }
            _ => "",
        }
    }
}

/// The deepest nesting of `([{` in the text, strings and comments included: a cheap upper
/// bound that keeps pathological input away from the recursive parser.
fn bracket_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}
