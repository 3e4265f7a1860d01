//! `--format xlsx`: the report as an Excel workbook, the list hospital offices work from (the
//! ministry's check tools for other XML submissions hand back the same kind of list). Two
//! sheets: 一覧, a row per file, and 指摘, a row per finding, each with its header frozen and an
//! auto-filter on.
//!
//! What CSV cannot do, a workbook does: every value from a form or a file name is a text cell,
//! so 受給者番号 0123456 keeps its zero and `=1+1` stays the text it was (a text cell is never a
//! formula, and the columns' "@" format keeps a cell text when someone edits it). Line and
//! column numbers and the counts are numbers, to sort and add up. The bytes depend only on the
//! report and the moment given (the workbook's creation time, `SOURCE_DATE_EPOCH` or now):
//! rust_xlsxwriter dates its zip entries 1980-01-01.

use chrono::{DateTime, Utc};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::BatchReport;
use crate::finding::{FileReport, Status};

/// A sheet's column: its header, the widest it grows to fit its cells (in Excel's width unit,
/// about one half-width character), and whether it holds numbers or text.
pub(crate) struct Column {
    header: &'static str,
    max_width: f64,
    numbers: bool,
}

pub(crate) const fn column(header: &'static str, max_width: f64) -> Column {
    Column {
        header,
        max_width,
        numbers: false,
    }
}

pub(crate) const fn numbers(header: &'static str) -> Column {
    Column {
        header,
        max_width: 24.0,
        numbers: true,
    }
}

pub const SUMMARY_SHEET: &str = "一覧";
pub const FINDINGS_SHEET: &str = "指摘";

const SUMMARY: [Column; 9] = [
    column("ファイル", 60.0),
    column("判定", 8.0),
    column("様式", 30.0),
    column("スキーマセット", 30.0),
    column("版", 12.0),
    numbers("エラー"),
    numbers("警告"),
    numbers("表示しなかった指摘"),
    column("SHA-256", 66.0),
];

const FINDINGS: [Column; 11] = [
    column("ファイル", 40.0),
    numbers("行"),
    numbers("列"),
    column("項目名", 24.0),
    column("パス", 40.0),
    column("値", 24.0),
    column("コード", 10.0),
    column("重大度", 8.0),
    column("内容", 60.0),
    column("対処", 60.0),
    column("制約", 24.0),
];

/// Excel's limit of characters in a cell.
const CELL_CHARS: usize = 32_767;
/// Excel's rows per sheet, the header's included.
const SHEET_ROWS: usize = 1_048_576;

/// Why a report cannot be a workbook.
#[derive(Debug)]
pub enum XlsxProblem {
    /// More files or findings than a sheet holds rows.
    TooManyRows {
        sheet: &'static str,
        rows: usize,
    },
    Writer(XlsxError),
}

impl From<XlsxError> for XlsxProblem {
    fn from(e: XlsxError) -> Self {
        XlsxProblem::Writer(e)
    }
}

/// One cell of a row: text (from forms, files and messages) or a count.
pub(crate) enum Cell<'a> {
    Text(&'a str),
    Number(u64),
    Empty,
}

pub fn write_xlsx(report: &BatchReport, created: DateTime<Utc>) -> Result<Vec<u8>, XlsxProblem> {
    let findings: usize = report.files.iter().map(|f| f.findings.len()).sum();
    for (sheet, rows) in [
        (SUMMARY_SHEET, report.files.len()),
        (FINDINGS_SHEET, findings),
    ] {
        if rows + 1 > SHEET_ROWS {
            return Err(XlsxProblem::TooManyRows { sheet, rows });
        }
    }
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_timestamp(created.timestamp())?;
    book.set_properties(
        &DocProperties::new()
            .set_title("Rinko 検査結果")
            .set_author("Rinko")
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();

    let sheet = book.add_worksheet();
    let mut summary = SheetWriter::new(sheet, SUMMARY_SHEET, &SUMMARY, &formats)?;
    for file in &report.files {
        let version = version_of(report, file);
        let sha = file.sha256.map(|d| d.to_string());
        summary.row(&[
            Cell::Text(&file.path),
            Cell::Text(verdict(file)),
            text(file.form.as_deref()),
            text(file.schema_set.as_deref()),
            text(version),
            Cell::Number(file.errors() as u64),
            Cell::Number(file.warnings() as u64),
            Cell::Number(file.findings_omitted as u64),
            text(sha.as_deref()),
        ])?;
    }
    summary.finish()?;

    let sheet = book.add_worksheet();
    let mut list = SheetWriter::new(sheet, FINDINGS_SHEET, &FINDINGS, &formats)?;
    for file in &report.files {
        for f in &file.findings {
            list.row(&[
                Cell::Text(&file.path),
                f.line.map_or(Cell::Empty, Cell::Number),
                f.column.map_or(Cell::Empty, Cell::Number),
                text(f.label.as_deref()),
                text(f.path.as_deref()),
                text(f.value.as_deref()),
                Cell::Text(f.code),
                Cell::Text(f.severity.label_ja()),
                Cell::Text(&f.message),
                Cell::Text(&f.hint),
                text(f.constraint.as_deref()),
            ])?;
        }
    }
    list.finish()?;
    Ok(book.save_to_buffer()?)
}

fn verdict(file: &FileReport) -> &'static str {
    match file.status {
        Status::Pass => "適合",
        Status::Fail => "不適合",
    }
}

fn text(value: Option<&str>) -> Cell<'_> {
    value.map_or(Cell::Empty, Cell::Text)
}

/// The version of the set the file was routed to (none for an XSD given by hand).
fn version_of<'r>(report: &'r BatchReport, file: &FileReport) -> Option<&'r str> {
    let id = file.schema_set.as_deref()?;
    report
        .schema_sets
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.version.as_str())
}

pub(crate) struct Formats {
    header: Format,
    text: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_num_format("@"),
            text: Format::new().set_num_format("@"),
        }
    }
}

/// Writes one sheet row by row and sizes its columns to what was written.
pub(crate) struct SheetWriter<'a> {
    sheet: &'a mut Worksheet,
    columns: &'static [Column],
    formats: &'a Formats,
    widths: Vec<usize>,
    rows: u32,
}

impl<'a> SheetWriter<'a> {
    pub(crate) fn new(
        sheet: &'a mut Worksheet,
        name: &str,
        columns: &'static [Column],
        formats: &'a Formats,
    ) -> Result<Self, XlsxError> {
        sheet.set_name(name)?;
        for (i, c) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, i as u16, c.header, &formats.header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(SheetWriter {
            sheet,
            columns,
            formats,
            widths: columns.iter().map(|c| display_width(c.header)).collect(),
            rows: 1,
        })
    }

    pub(crate) fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), XlsxError> {
        debug_assert_eq!(cells.len(), self.columns.len());
        for (i, cell) in cells.iter().enumerate() {
            let col = i as u16;
            match cell {
                Cell::Text(s) => {
                    let s = clipped(s);
                    self.widths[i] = self.widths[i].max(display_width(&s));
                    self.sheet
                        .write_string_with_format(self.rows, col, s, &self.formats.text)?;
                }
                Cell::Number(n) => {
                    self.widths[i] = self.widths[i].max(n.to_string().len());
                    self.sheet.write_number(self.rows, col, *n as f64)?;
                }
                Cell::Empty => {}
            }
        }
        self.rows += 1;
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<(), XlsxError> {
        let last_col = self.columns.len() as u16 - 1;
        self.sheet.autofilter(0, 0, self.rows - 1, last_col)?;
        for (i, c) in self.columns.iter().enumerate() {
            // Room for the filter's button beside the header, which always fits; the cells
            // up to the column's bound.
            let padded = |chars: usize| chars as f64 + 3.0;
            let width = padded(self.widths[i])
                .min(c.max_width)
                .max(padded(display_width(c.header)));
            self.sheet.set_column_width(i as u16, width)?;
            if !c.numbers {
                // New text typed into the column stays text too.
                self.sheet.set_column_format(i as u16, &self.formats.text)?;
            }
        }
        Ok(())
    }
}

/// At most the characters Excel keeps in a cell; a longer text ends with "…".
fn clipped(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(CELL_CHARS) {
        None => s.into(),
        Some(_) => {
            let keep: String = s.chars().take(CELL_CHARS - 1).collect();
            format!("{keep}…").into()
        }
    }
}

/// The width of a text in half-width characters: a wide (全角) character takes two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if (c as u32) < 0x1100 || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
                1
            } else {
                2
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_clipped_to_what_a_cell_holds() {
        let long = "あ".repeat(CELL_CHARS + 10);
        let cell = clipped(&long);
        assert_eq!(cell.chars().count(), CELL_CHARS);
        assert!(cell.ends_with('…'));
        let exact = "a".repeat(CELL_CHARS);
        assert_eq!(clipped(&exact), exact.as_str());
    }

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("受給者番号"), 10);
        assert_eq!(display_width("ｺﾊﾞﾔｼ"), 5);
    }
}
