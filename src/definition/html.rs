//! The field definition as one self-contained HTML page (no script, no remote content), to open
//! in a browser or print: the set, its code tables, each form's fields, the rules.

use super::{enumeration, occurrence, type_text, value_rules, CodeBinding, Definition, FieldRow};
use crate::print::html::escape;

pub(super) const STYLE: &str = "body{font-family:'BIZ UDGothic','Noto Sans CJK JP',sans-serif;font-size:10pt;margin:12mm;color:#1a1a1a}\
h1{font-size:15pt}h2{font-size:12.5pt;margin-top:8mm}\
table{border-collapse:collapse;width:100%;margin:2mm 0}\
th,td{border:1px solid #999;padding:1mm 1.5mm;vertical-align:top;text-align:left}\
th{background:#eee;font-weight:bold}\
td.path,td.code{font-family:monospace;white-space:nowrap}\
.facts th{width:40mm}\
footer{color:#6e6e6e;font-size:8.5pt;margin-top:6mm}\
@media print{body{margin:0}h2{page-break-before:always}}";

/// The page; the same definition gives the same bytes.
pub fn write_html(definition: &Definition) -> String {
    let d = definition;
    let mut out = String::new();
    let title = format!("項目定義: {}（版 {}）", d.set_name, d.version);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    ));
    out.push_str("<table class=\"facts\">\n");
    for (name, value) in [
        ("スキーマセット", d.set_id.as_str()),
        ("名前", &d.set_name),
        ("版", &d.version),
        ("有効期間", &d.validity),
        ("SHA-256", &d.sha256),
    ] {
        out.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            escape(name),
            escape(value)
        ));
    }
    out.push_str("</table>\n");

    if !d.tables.is_empty() {
        out.push_str("<h2>コード表</h2>\n");
        table(
            &mut out,
            &["ID", "名前", "版", "コード数", "SHA-256", "出典"],
            d.tables.iter().map(|t| {
                vec![
                    t.id.clone(),
                    t.name.clone(),
                    t.version.clone(),
                    t.codes.to_string(),
                    t.sha256.clone(),
                    t.credit.clone().unwrap_or_default(),
                ]
            }),
        );
    }

    for form in &d.forms {
        out.push_str(&format!("<h2>様式: {}</h2>\n", escape(&form.form)));
        let mut route = format!("ルート要素 {}", form.root);
        if !form.namespace.is_empty() {
            route.push_str(&format!("（名前空間 {}）", form.namespace));
        }
        if !form.when.is_empty() {
            route.push_str(&format!("、{}", form.when.join("、")));
        }
        route.push_str(&format!("、XSD {}", form.xsd));
        out.push_str(&format!("<p>{}</p>\n", escape(&route)));
        table(
            &mut out,
            &FIELD_HEADERS,
            form.fields
                .iter()
                .enumerate()
                .map(|(i, r)| field_cells(i + 1, r)),
        );
    }

    if !d.rules.is_empty() {
        out.push_str("<h2>項目間の規則</h2>\n");
        table(
            &mut out,
            &["番号", "種類", "内容", "指摘コード", "対処"],
            d.rules.iter().map(|r| {
                vec![
                    format!("R{}", r.number),
                    r.kind.to_string(),
                    r.description.clone(),
                    r.finding_codes.join(" "),
                    r.hint.clone().unwrap_or_default(),
                ]
            }),
        );
    }
    out.push_str(&format!(
        "<footer>Rinko {} が、このスキーマセットの XSD と checks.toml から作りました。検査はこの定義と同じ XSD と規則で行います。</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    ));
    out
}

/// The columns of a field row, in both renderings.
pub(super) const FIELD_HEADERS: [&str; 14] = [
    "番号",
    "項目名",
    "パス",
    "種別",
    "出現",
    "型",
    "桁・範囲・形式",
    "値の一覧",
    "コード表",
    "文字",
    "検証番号",
    "日付",
    "規則",
    "指摘コード",
];

/// The cells of the `number`th field row as text, for both renderings.
pub(super) fn field_cells(number: usize, row: &FieldRow) -> Vec<String> {
    let f = &row.field;
    let indent = "　".repeat(f.depth);
    vec![
        number.to_string(),
        format!("{indent}{}", f.label.clone().unwrap_or_default()),
        f.path.clone(),
        if f.attribute { "属性" } else { "要素" }.to_string(),
        occurrence(f),
        f.value
            .as_ref()
            .map(type_text)
            .unwrap_or_else(|| "（子要素）".into()),
        f.value.as_ref().map(value_rules).unwrap_or_default(),
        f.value.as_ref().map(enumeration).unwrap_or_default(),
        row.codes
            .iter()
            .map(CodeBinding::describe)
            .collect::<Vec<_>>()
            .join("、"),
        row.chars.clone().unwrap_or_default(),
        row.check_digit.clone().unwrap_or_default(),
        row.dates.join("、"),
        row.rules
            .iter()
            .map(|n| format!("R{n}"))
            .collect::<Vec<_>>()
            .join(" "),
        row.finding_codes.join(" "),
    ]
}

pub(super) fn table(out: &mut String, headers: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    out.push_str("<table>\n<thead><tr>");
    for h in headers {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for cells in rows {
        out.push_str("<tr>");
        for (h, c) in headers.iter().zip(&cells) {
            let class = match *h {
                "パス" => " class=\"path\"",
                "指摘コード" | "番号" => " class=\"code\"",
                _ => "",
            };
            out.push_str(&format!("<td{class}>{}</td>", escape(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}
