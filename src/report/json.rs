//! `--format json`, format_version 1 (docs/report-json.md). Field order is fixed and no clock
//! is read, so the same inputs give the same bytes.

use std::io::Write;

use serde::Serialize;

use super::{BatchReport, ReportSink, SetRef, FORMAT_VERSION};
use crate::finding::{FileReport, Summary};

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

const TOOL: Tool = Tool {
    name: "rinko",
    version: env!("CARGO_PKG_VERSION"),
};

/// Writes the report straight to `out`, without building it in memory first.
pub fn write_json(report: &BatchReport, out: &mut dyn Write) -> std::io::Result<()> {
    report.write_to(&mut JsonSink::new(out))
}

/// The JSON report written as the batch goes: the bytes serde_json's pretty printer gives for
/// the whole document (`{format_version, tool, schema_sets, files, summary}`, two-space
/// indent), each part serialized when it is known.
pub struct JsonSink<W: Write> {
    out: W,
    files: usize,
}

impl<W: Write> JsonSink<W> {
    pub fn new(out: W) -> Self {
        JsonSink { out, files: 0 }
    }

    /// `value` pretty-printed as it is at `depth` levels inside the document. A JSON string
    /// holds no raw line end, so every line end is the printer's own.
    fn nested<T: Serialize + ?Sized>(&mut self, value: &T, depth: usize) -> std::io::Result<()> {
        let text = serde_json::to_vec_pretty(value).map_err(std::io::Error::from)?;
        let indent = "  ".repeat(depth);
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
                self.out.write_all(indent.as_bytes())?;
            }
            self.out.write_all(line)?;
        }
        Ok(())
    }
}

impl<W: Write> ReportSink for JsonSink<W> {
    fn begin(&mut self, sets: &[SetRef]) -> std::io::Result<()> {
        write!(
            self.out,
            "{{\n  \"format_version\": {FORMAT_VERSION},\n  \"tool\": "
        )?;
        self.nested(&TOOL, 1)?;
        self.out.write_all(b",\n  \"schema_sets\": ")?;
        self.nested(sets, 1)?;
        self.out.write_all(b",\n  \"files\": [")
    }

    fn file(&mut self, file: &FileReport) -> std::io::Result<()> {
        if self.files > 0 {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n    ")?;
        self.files += 1;
        self.nested(file, 2)
    }

    fn end(&mut self, summary: &Summary) -> std::io::Result<()> {
        if self.files > 0 {
            self.out.write_all(b"\n  ")?;
        }
        self.out.write_all(b"],\n  \"summary\": ")?;
        self.nested(summary, 1)?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Sha256Digest;
    use crate::finding::{Finding, Position, Severity};

    /// The document as serde_json's pretty printer writes it whole: what `JsonSink` must equal.
    #[derive(Serialize)]
    struct Whole<'a> {
        format_version: u32,
        tool: Tool,
        schema_sets: &'a [SetRef],
        files: &'a [FileReport],
        summary: &'a Summary,
    }

    fn whole(report: &BatchReport) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(&Whole {
            format_version: FORMAT_VERSION,
            tool: TOOL,
            schema_sets: &report.schema_sets,
            files: &report.files,
            summary: &report.summary,
        })
        .unwrap();
        out.push(b'\n');
        out
    }

    fn report(files: Vec<FileReport>, sets: usize) -> BatchReport {
        let summary = Summary::of(&files);
        BatchReport {
            schema_sets: (0..sets)
                .map(|i| SetRef {
                    id: format!("rinko-kojinhyo-202{i}"),
                    version: "2025.1".into(),
                    sha256: "ab".repeat(32),
                })
                .collect(),
            files,
            summary,
        }
    }

    #[test]
    fn the_streamed_report_is_what_the_whole_document_prints() {
        let mut failing = FileReport::new("フォルダ/\"引用\"\\k 1.xml".into());
        failing.sha256 = Some(Sha256Digest::of(b"x"));
        failing.schema_set = Some("rinko-kojinhyo-2025".into());
        failing.form = Some("臨個票 2025年版".into());
        failing.encoding = Some("Shift_JIS");
        failing.findings = vec![
            Finding::new(
                "CHAR-002",
                Severity::Warning,
                "「氏名」に①\n改行",
                "→ \t直す",
            )
            .at(Some(Position { line: 3, column: 7 }))
            .value("①\u{0001}</x>"),
            Finding::error("XSD-003", "ない", "ある").constraint("cvc-elt.1"),
        ];
        failing.finish(100, false);
        failing.findings_omitted = 2;
        let passing = FileReport::new("k2.xml".into());
        for (files, sets) in [
            (vec![], 0),
            (vec![], 2),
            (vec![passing.clone()], 1),
            (vec![failing.clone(), passing.clone(), failing], 3),
        ] {
            let report = report(files, sets);
            let mut streamed = Vec::new();
            write_json(&report, &mut streamed).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole(&report)).unwrap()
            );
        }
    }
}
