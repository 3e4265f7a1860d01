//! `--format csv`: one row per finding and one row for each file without findings; and the CSV
//! that every CSV of Rinko is written as (`ExcelCsv`: the report, the ledger): UTF-8 with a
//! byte-order mark (so that Excel reads Japanese correctly), CRLF line ends, and no cell that a
//! spreadsheet would take for a formula.
//!
//! What CSV cannot carry is a cell's type: Excel opening a CSV turns `0110113719` into a number
//! and drops the leading zero. Importing the file as text keeps it (README).

use std::borrow::Cow;
use std::io::Write;

use super::{BatchReport, ReportSink, SetRef};
use crate::finding::{FileReport, Summary};

/// A CSV for Excel. Every cell goes through `spreadsheet_text`; there is no other way to write
/// a row, so no CSV of Rinko can run a formula when opened.
pub struct ExcelCsv<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> ExcelCsv<W> {
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all("\u{FEFF}".as_bytes())?;
        Ok(ExcelCsv {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out),
        })
    }

    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> std::io::Result<()> {
        let cells: Vec<Cow<str>> = cells.into_iter().map(spreadsheet_text).collect();
        Ok(self
            .writer
            .write_record(cells.iter().map(|c| c.as_bytes()))?)
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// A value as text in a spreadsheet: one that Excel, LibreOffice or Google Sheets would start a
/// formula with gets a leading apostrophe, which they show as nothing and read as "text"
/// (OWASP, CSV Injection): `=`, `+`, `-`, `@`, a tab or a CR first, also after leading spaces
/// (half- or full-width), and the full-width ＝ ＋ － ＠, which Japanese Excel converts to
/// half-width as it reads. File names, values from the forms and names typed by people all
/// come here.
pub fn spreadsheet_text(s: &str) -> Cow<'_, str> {
    let first = s.trim_start_matches([' ', '\u{3000}']).chars().next();
    if matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    ) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

pub const HEADER: [&str; 15] = [
    "ファイル",
    "判定",
    "スキーマセット",
    "様式",
    "コード",
    "重大度",
    "項目",
    "パス",
    "行",
    "列",
    "値",
    "メッセージ",
    "対処",
    "制約",
    "SHA-256",
];

pub fn write_csv(report: &BatchReport, out: &mut dyn Write) -> std::io::Result<()> {
    report.write_to(&mut CsvSink::new(out))
}

/// The CSV report written as the batch goes: the header, then each file's rows. Nothing is
/// written before `begin`, not even the byte-order mark.
pub struct CsvSink<W: Write> {
    state: CsvState<W>,
}

enum CsvState<W: Write> {
    Before(W),
    Writing(Box<ExcelCsv<W>>),
    /// `begin` failed: the writer is gone with its error.
    Failed,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> Self {
        CsvSink {
            state: CsvState::Before(out),
        }
    }

    fn writer(&mut self) -> std::io::Result<&mut ExcelCsv<W>> {
        match &mut self.state {
            CsvState::Writing(w) => Ok(w),
            _ => Err(std::io::Error::other("the CSV report was not begun")),
        }
    }
}

impl<W: Write> ReportSink for CsvSink<W> {
    fn begin(&mut self, _sets: &[SetRef]) -> std::io::Result<()> {
        let CsvState::Before(out) = std::mem::replace(&mut self.state, CsvState::Failed) else {
            return Err(std::io::Error::other("the CSV report was begun twice"));
        };
        let mut w = ExcelCsv::new(out)?;
        w.row(HEADER)?;
        self.state = CsvState::Writing(Box::new(w));
        Ok(())
    }

    fn file(&mut self, file: &FileReport) -> std::io::Result<()> {
        let w = self.writer()?;
        let verdict = match file.status {
            crate::finding::Status::Pass => "適合",
            crate::finding::Status::Fail => "不適合",
        };
        let head = [
            file.path.as_str(),
            verdict,
            file.schema_set.as_deref().unwrap_or(""),
            file.form.as_deref().unwrap_or(""),
        ];
        let sha = file.sha256.map(|d| d.to_string()).unwrap_or_default();
        let sha = sha.as_str();
        if file.findings.is_empty() {
            let mut row: Vec<&str> = head.to_vec();
            row.extend(["", "", "", "", "", "", "", "", "", "", sha]);
            w.row(row)?;
        }
        for f in &file.findings {
            let line = f.line.map(|l| l.to_string()).unwrap_or_default();
            let column = f.column.map(|c| c.to_string()).unwrap_or_default();
            let mut row: Vec<&str> = head.to_vec();
            row.extend([
                f.code,
                f.severity.label_ja(),
                f.label.as_deref().unwrap_or(""),
                f.path.as_deref().unwrap_or(""),
                &line,
                &column,
                f.value.as_deref().unwrap_or(""),
                &f.message,
                &f.hint,
                f.constraint.as_deref().unwrap_or(""),
                sha,
            ]);
            w.row(row)?;
        }
        Ok(())
    }

    fn end(&mut self, _summary: &Summary) -> std::io::Result<()> {
        match std::mem::replace(&mut self.state, CsvState::Failed) {
            CsvState::Writing(w) => w.finish(),
            _ => Err(std::io::Error::other("the CSV report was not begun")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_become_text_and_others_stay() {
        for formula in [
            "=1+1",
            "+81 ①番地",
            "-2",
            "@SUM(1)",
            "\tx",
            "\rx",
            "  =1+1",
            "\u{3000}=1+1",
            "＝1+1",
            "＋81",
            "－1",
            "＠SUM(1)",
        ] {
            assert_eq!(
                spreadsheet_text(formula),
                format!("'{formula}"),
                "{formula:?}"
            );
        }
        for text in ["", "0110113719", "山田", "a=b", "3F2A-9C1B", "'quoted", " "] {
            assert_eq!(spreadsheet_text(text), text, "{text:?}");
        }
    }

    #[test]
    fn rows_read_back_with_the_defused_cells() {
        let mut out = Vec::new();
        let mut w = ExcelCsv::new(&mut out).unwrap();
        w.row(["=HYPERLINK(\"http://x\",\"click\")", "a,b", "012345"])
            .unwrap();
        w.finish().unwrap();
        assert!(out.starts_with("\u{FEFF}".as_bytes()));
        assert!(out.ends_with(b"\r\n"));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&out[3..]);
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "'=HYPERLINK(\"http://x\",\"click\")");
        assert_eq!(&row[1], "a,b");
        assert_eq!(&row[2], "012345");
    }
}
