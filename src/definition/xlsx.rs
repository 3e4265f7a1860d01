//! The field definition as an Excel workbook, the form a vendor's ファイルレコード定義書 usually
//! takes: 概要 (the set and its code tables), 項目 (every field of every form, a row each, to
//! filter by 様式) and 規則. Text cells throughout, the header frozen and filtered, as the
//! report's workbook (`report::xlsx`); dated by the clock given.

use chrono::{DateTime, Utc};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::html::{field_cells, FIELD_HEADERS};
use super::Definition;
use crate::report::xlsx::{column, numbers, Cell, Column, Formats, SheetWriter};

pub const SUMMARY_SHEET: &str = "概要";
pub const FIELDS_SHEET: &str = "項目";
pub const RULES_SHEET: &str = "規則";

const SUMMARY: [Column; 2] = [column("項目", 20.0), column("内容", 100.0)];

/// 様式, then the field columns of the HTML page.
const FIELDS: [Column; 15] = [
    column("様式", 30.0),
    numbers(FIELD_HEADERS[0]),
    column(FIELD_HEADERS[1], 40.0),
    column(FIELD_HEADERS[2], 50.0),
    column(FIELD_HEADERS[3], 6.0),
    column(FIELD_HEADERS[4], 14.0),
    column(FIELD_HEADERS[5], 30.0),
    column(FIELD_HEADERS[6], 40.0),
    column(FIELD_HEADERS[7], 60.0),
    column(FIELD_HEADERS[8], 40.0),
    column(FIELD_HEADERS[9], 30.0),
    column(FIELD_HEADERS[10], 16.0),
    column(FIELD_HEADERS[11], 30.0),
    column(FIELD_HEADERS[12], 20.0),
    column(FIELD_HEADERS[13], 60.0),
];

const RULES: [Column; 5] = [
    column("番号", 6.0),
    column("種類", 14.0),
    column("内容", 80.0),
    column("指摘コード", 30.0),
    column("対処", 80.0),
];

pub fn write_xlsx(definition: &Definition, created: DateTime<Utc>) -> Result<Vec<u8>, XlsxError> {
    let d = definition;
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("項目定義: {}（版 {}）", d.set_name, d.version))
            .set_author("Rinko")
            .set_creation_datetime(&ExcelDateTime::from_timestamp(created.timestamp())?),
    );
    let formats = Formats::new();

    let mut summary = SheetWriter::new(book.add_worksheet(), SUMMARY_SHEET, &SUMMARY, &formats)?;
    let mut facts = vec![
        ("スキーマセット".to_string(), d.set_id.clone()),
        ("名前".into(), d.set_name.clone()),
        ("版".into(), d.version.clone()),
        ("有効期間".into(), d.validity.clone()),
        ("SHA-256".into(), d.sha256.clone()),
    ];
    for form in &d.forms {
        let mut route = format!("ルート要素 {}", form.root);
        if !form.when.is_empty() {
            route.push_str(&format!("、{}", form.when.join("、")));
        }
        facts.push((
            format!("様式 {}", form.form),
            format!("{route}、XSD {}", form.xsd),
        ));
    }
    for t in &d.tables {
        let mut text = format!(
            "{} 版 {}、{} コード、SHA-256 {}",
            t.name, t.version, t.codes, t.sha256
        );
        if let Some(credit) = &t.credit {
            text.push_str(&format!("。出典: {credit}"));
        }
        facts.push((format!("コード表 {}", t.id), text));
    }
    for (name, value) in &facts {
        summary.row(&[Cell::Text(name), Cell::Text(value)])?;
    }
    summary.finish()?;

    let mut fields = SheetWriter::new(book.add_worksheet(), FIELDS_SHEET, &FIELDS, &formats)?;
    for form in &d.forms {
        for (i, row) in form.fields.iter().enumerate() {
            let cells = field_cells(i + 1, row);
            let mut line = vec![Cell::Text(&form.form), Cell::Number(i as u64 + 1)];
            line.extend(cells[1..].iter().map(|c| {
                if c.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c)
                }
            }));
            fields.row(&line)?;
        }
    }
    fields.finish()?;

    let mut rules = SheetWriter::new(book.add_worksheet(), RULES_SHEET, &RULES, &formats)?;
    for r in &d.rules {
        let number = format!("R{}", r.number);
        let codes = r.finding_codes.join(" ");
        rules.row(&[
            Cell::Text(&number),
            Cell::Text(r.kind),
            Cell::Text(&r.description),
            Cell::Text(&codes),
            r.hint.as_deref().map_or(Cell::Empty, Cell::Text),
        ])?;
    }
    rules.finish()?;
    book.save_to_buffer()
}
