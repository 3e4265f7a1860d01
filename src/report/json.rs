//! `--format json`, format_version 1 (docs/report-json.md). Field order is fixed and no clock
//! is read, so the same inputs give the same bytes.

use serde::Serialize;

use super::{BatchReport, SetRef, FORMAT_VERSION};
use crate::finding::{FileReport, Summary};

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    tool: Tool,
    schema_sets: &'a [SetRef],
    files: &'a [FileReport],
    summary: &'a Summary,
}

/// Writes the report straight to `out`, without building it in memory first.
pub fn write_json(report: &BatchReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let doc = JsonReport {
        format_version: FORMAT_VERSION,
        tool: Tool {
            name: "rinko",
            version: env!("CARGO_PKG_VERSION"),
        },
        schema_sets: &report.schema_sets,
        files: &report.files,
        summary: &report.summary,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
