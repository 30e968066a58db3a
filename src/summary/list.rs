//! The range summary's lists of findings. A long range introduces thousands of findings
//! (10,311 over the 10,000 synthetic commits, about 10 MB in memory), and a scan's memory must
//! not grow with its range, so a list lives in an unnamed temporary file, one JSON line per
//! finding, and is read back while the report is written; in memory only when no temporary
//! file can be made.

use crate::model::{Finding, IntroducedFinding};
use crate::rules::{all_rules, Level};
use anyhow::{anyhow, Context};
use serde::ser::{Error as _, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};

/// Findings with the commit that introduced each, in the order they were added.
pub struct FindingList {
    len: usize,
    store: Store,
}

enum Store {
    File(File),
    Memory(Vec<IntroducedFinding>),
}

impl FindingList {
    /// How many findings.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The findings in order, each read as it is needed; fails only when the temporary file
    /// cannot be read.
    pub fn iter(&self) -> Box<dyn Iterator<Item = io::Result<IntroducedFinding>> + '_> {
        match &self.store {
            Store::Memory(items) => Box::new(items.iter().cloned().map(Ok)),
            Store::File(file) => {
                let reader = file.try_clone().and_then(|mut f| {
                    f.rewind()?;
                    Ok(BufReader::new(f))
                });
                match reader {
                    Ok(reader) => Box::new(reader.lines().map(|line| {
                        let stored: Stored = serde_json::from_str(&line?)?;
                        stored
                            .into_introduced()
                            .map_err(|e| io::Error::other(e.to_string()))
                    })),
                    Err(e) => Box::new(std::iter::once(Err(e))),
                }
            }
        }
    }
}

impl std::fmt::Debug for FindingList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FindingList({} findings)", self.len)
    }
}

impl Serialize for FindingList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len))?;
        for item in self.iter() {
            seq.serialize_element(&item.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

/// A [`FindingList`] being filled.
pub struct ListBuilder {
    len: usize,
    store: Builder,
}

enum Builder {
    File(BufWriter<File>),
    Memory(Vec<IntroducedFinding>),
}

impl Default for ListBuilder {
    fn default() -> Self {
        let store = match tempfile::tempfile() {
            Ok(file) => Builder::File(BufWriter::new(file)),
            Err(_) => Builder::Memory(Vec::new()),
        };
        ListBuilder { len: 0, store }
    }
}

impl ListBuilder {
    /// Adds a finding; fails when the temporary file cannot be written.
    pub fn push(&mut self, finding: &Finding, introduced_in: &str) -> anyhow::Result<()> {
        match &mut self.store {
            Builder::File(out) => {
                serde_json::to_writer(&mut *out, &Stored::new(finding, introduced_in))?;
                out.write_all(b"\n")
                    .context("cannot write the range summary's temporary file")?;
            }
            Builder::Memory(items) => items.push(IntroducedFinding {
                finding: finding.clone(),
                introduced_in: introduced_in.to_owned(),
            }),
        }
        self.len += 1;
        Ok(())
    }

    /// The list, ready to be read.
    pub fn finish(self) -> anyhow::Result<FindingList> {
        let store = match self.store {
            Builder::Memory(items) => Store::Memory(items),
            Builder::File(out) => Store::File(
                out.into_inner()
                    .map_err(|e| e.into_error())
                    .context("cannot write the range summary's temporary file")?,
            ),
        };
        Ok(FindingList {
            len: self.len,
            store,
        })
    }
}

/// A finding as one line of the temporary file. The rule's name and aspect are
/// not stored: they follow from its id.
#[derive(Serialize, Deserialize)]
struct Stored {
    rule: String,
    severity: Level,
    confidence: Level,
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    scope: String,
    in_test: bool,
    message: String,
    fingerprint: String,
    source_line: String,
    scope_index: usize,
    introduced_in: String,
}

impl Stored {
    fn new(f: &Finding, introduced_in: &str) -> Self {
        Stored {
            rule: f.rule.to_owned(),
            severity: f.severity,
            confidence: f.confidence,
            path: f.path.clone(),
            line: f.line,
            column: f.column,
            end_line: f.end_line,
            end_column: f.end_column,
            scope: f.scope.clone(),
            in_test: f.in_test,
            message: f.message.clone(),
            fingerprint: f.fingerprint.clone(),
            source_line: f.source_line.clone(),
            scope_index: f.scope_index,
            introduced_in: introduced_in.to_owned(),
        }
    }

    fn into_introduced(self) -> anyhow::Result<IntroducedFinding> {
        let rule = all_rules()
            .iter()
            .find(|r| r.id == self.rule)
            .ok_or_else(|| anyhow!("unknown rule {} in the range summary", self.rule))?;
        Ok(IntroducedFinding {
            finding: Finding {
                rule: rule.id,
                name: rule.display_name(),
                severity: self.severity,
                confidence: self.confidence,
                path: self.path,
                line: self.line,
                column: self.column,
                end_line: self.end_line,
                end_column: self.end_column,
                scope: self.scope,
                in_test: self.in_test,
                message: self.message,
                fingerprint: self.fingerprint,
                aspect: rule.aspect,
                source_line: self.source_line,
                scope_index: self.scope_index,
            },
            introduced_in: self.introduced_in,
        })
    }
}
