//! `--format json`: the document of `CONTRACT.md`, streamed one commit at a time and still one
//! valid JSON document.

use super::ReportWriter;
use crate::model::{CommitResult, RangeSummary, Tool};
use std::io::{self, Write};

/// Streams `{"tool": …, "commits": [ … ]}`.
#[derive(Default)]
pub struct JsonWriter {
    started: bool,
}

impl JsonWriter {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                out,
                "{{\"tool\":{},\"commits\":[",
                serde_json::to_string(&Tool::default())?
            )?;
            return Ok(());
        }
        out.write_all(b",")
    }
}

impl ReportWriter for JsonWriter {
    fn commit(&mut self, out: &mut dyn Write, commit: &CommitResult) -> io::Result<()> {
        self.start(out)?;
        serde_json::to_writer(&mut *out, commit)?;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: Option<&RangeSummary>) -> io::Result<()> {
        if !self.started {
            self.start(out)?;
        }
        out.write_all(b"]")?;
        if let Some(summary) = summary {
            out.write_all(b",\"range_summary\":")?;
            serde_json::to_writer(&mut *out, summary)?;
        }
        out.write_all(b"}\n")
    }
}
