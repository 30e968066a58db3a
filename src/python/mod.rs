//! The python stage: decodes a blob, parses it once with error recovery, and builds what the
//! rules and the reports need: the scope tree, the import table and a line index.
//!
//! Nothing here knows about git or rules.

pub mod facts;
mod focus;
mod imports;
pub mod nesting;
mod scopes;
mod source;

pub use focus::Focus;
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
    /// How deeply statements, expressions and patterns nest (see [`nesting`]).
    pub nesting: usize,
}

impl PythonFile {
    /// Parses decoded source. `path` decides file-level test-ness and whether it is a stub.
    /// Returns `Err` with a reason when the code nests deeper than [`nesting::MAX_NESTING`]:
    /// the parser copes (it grows its stack), but every walk of the tree would recurse that
    /// deep. Safe on any thread: with less than [`nesting::STACK_FOR_MAX_NESTING`] of stack
    /// left, it runs on a fresh segment of that size.
    pub fn parse(path: &str, text: String) -> Result<Self, String> {
        stacker::maybe_grow(
            nesting::STACK_FOR_MAX_NESTING,
            nesting::STACK_FOR_MAX_NESTING,
            || Self::parse_on_this_stack(path, text),
        )
    }

    fn parse_on_this_stack(path: &str, text: String) -> Result<Self, String> {
        let source_type = if path.ends_with(".pyi") {
            PySourceType::Stub
        } else {
            PySourceType::Python
        };
        let parsed = parse_unchecked_source(&text, source_type);
        let Some(depth) = nesting::depth_within(parsed.syntax(), nesting::MAX_NESTING) else {
            discard(parsed);
            return Err(format!(
                "nested too deeply to analyse (more than {} levels)",
                nesting::MAX_NESTING
            ));
        };
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
        let scopes = ScopeTree::build(path, parsed.syntax(), &lines);
        let imports = ImportTable::build(parsed.syntax());
        Ok(PythonFile {
            text,
            parsed,
            lines,
            scopes,
            imports,
            status,
            first_error,
            nesting: depth,
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

/// Stack one level of a syntax tree takes to drop, with room to spare (measured in a debug
/// build: about 130 bytes per expression level; a statement level spans several tokens).
const DROP_BYTES_PER_TOKEN: usize = 256;

/// Largest stack worth reserving to drop a refused tree; bigger ones are leaked instead.
const MAX_DROP_STACK: usize = 1 << 30;

/// Drops a tree too deep to walk. Dropping recurses once per level, and a tree is no deeper
/// than it has tokens, so it runs on a stack sized for that (reserved address space; only
/// what the drop uses is touched).
fn discard(parsed: Parsed<ModModule>) {
    let bytes = (parsed.tokens().len() + 64)
        .saturating_mul(DROP_BYTES_PER_TOKEN)
        .saturating_add(1 << 20);
    if bytes <= MAX_DROP_STACK {
        stacker::grow(bytes, move || drop(parsed));
    } else {
        // Only millions of tokens get here (a raised --max-file-size): keeping their memory
        // until the process exits beats crashing it.
        std::mem::forget(parsed);
    }
}
