//! The range summary's lists of findings. A long range introduces thousands of findings
//! (10,311 over the 10,000 synthetic commits, about 10 MB in memory), and a scan's memory must
//! not grow with its range, so a list lives in an unnamed temporary file, one JSON line per
//! finding, and is read back while the report is written; in memory only when no temporary
//! file can be made.

use super::Finding;
use anyhow::Context;
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
    Memory(Vec<Finding>),
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
    pub fn iter(&self) -> Box<dyn Iterator<Item = io::Result<Finding>> + '_> {
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
                        Ok(stored.into_finding())
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
    Memory(Vec<Finding>),
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
                // A finding read back from another list already says where it came from.
                let stored = StoredRef {
                    finding,
                    introduced_in: finding.introduced_in.is_none().then_some(introduced_in),
                    source_line: &finding.source_line,
                };
                serde_json::to_writer(&mut *out, &stored)?;
                out.write_all(b"\n")
                    .context("cannot write the range summary's temporary file")?;
            }
            Builder::Memory(items) => items.push(Finding {
                introduced_in: Some(introduced_in.to_owned()),
                ..finding.clone()
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

/// A finding as one line of the temporary file: the finding itself, with the commit that
/// introduced it and the source line that the JSON document leaves out.
#[derive(Serialize)]
struct StoredRef<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    introduced_in: Option<&'a str>,
    source_line: &'a str,
}

/// A line of the temporary file read back.
#[derive(Deserialize)]
struct Stored {
    #[serde(flatten)]
    finding: Finding,
    source_line: String,
}

impl Stored {
    fn into_finding(self) -> Finding {
        Finding {
            source_line: self.source_line,
            ..self.finding
        }
    }
}
