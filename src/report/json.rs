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

pub fn to_json(report: &BatchReport) -> String {
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
    let mut s = serde_json::to_string_pretty(&doc).expect("the report serializes");
    s.push('\n');
    s
}
