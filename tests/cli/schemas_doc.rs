//! `rinko schemas doc`: the field definition of each embedded set, read back (the workbook
//! with openpyxl, the page with Python's HTML parser) and held to references that do not share
//! Rinko's code: every element and attribute an independent walk of the XSD files finds, in
//! document order, and every rule and binding of checks.toml (read with tomllib).

use std::path::Path;

use serde_json::Value;

use crate::common::{python, root, stderr, stdout, text, Rinko};

const EPOCH: &str = "1764547200"; // 2025-12-01T00:00:00Z

/// Every form's element and attribute paths, in document order, by walking the XSD files with
/// xml.etree: named and inline types, sequences and choices, includes; attributes before
/// children, as a document writes them.
const XSD_WALK: &str = r#"
import json, pathlib, sys, tomllib
import xml.etree.ElementTree as ET
XS = "{http://www.w3.org/2001/XMLSchema}"
folder = pathlib.Path(sys.argv[1])
manifest = tomllib.loads((folder / "schema-set.toml").read_text(encoding="utf-8"))
out = {}
for route in manifest["route"]:
    types, elements, seen = {}, {}, set()
    def load(name):
        if name in seen:
            return
        seen.add(name)
        tree = ET.parse(folder / name).getroot()
        for inc in tree.findall(XS + "include"):
            load(inc.get("schemaLocation"))
        for t in tree:
            if t.tag in (XS + "complexType", XS + "simpleType") and t.get("name"):
                types[t.get("name")] = t
            if t.tag == XS + "element":
                elements[t.get("name")] = t
    load(route["xsd"])
    paths = []
    def local(qname):
        return qname.split(":")[-1] if qname else None
    def element(e, parent):
        if e.get("ref"):
            e = elements[local(e.get("ref"))]
        path = f"{parent}/{e.get('name')}"
        paths.append(path)
        t = e.find(XS + "complexType")
        if t is None and e.get("type") and local(e.get("type")) in types:
            t = types[local(e.get("type"))]
        if t is not None and t.tag == XS + "complexType":
            complex_type(t, path)
    def complex_type(t, path):
        for a in t.findall(XS + "attribute"):
            paths.append(f"{path}/@{a.get('name') or local(a.get('ref'))}")
        for group in t:
            if group.tag in (XS + "sequence", XS + "choice", XS + "all"):
                particles(group, path)
    def particles(group, path):
        for p in group:
            if p.tag == XS + "element":
                element(p, path)
            elif p.tag in (XS + "sequence", XS + "choice", XS + "all"):
                particles(p, path)
    element(elements[route["root"]], "")
    out[route["form"]] = paths
print(json.dumps(out, ensure_ascii=False))
"#;

/// The workbook's sheets as rows of cell values, and the page's table rows as cell texts.
const READ_BACK: &str = r#"
import json, sys, html.parser, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheets = {ws.title: {"rows": [[c.value for c in row] for row in ws.iter_rows()],
                     "types": sorted({c.data_type for row in ws.iter_rows(min_row=2) for c in row if c.value is not None}),
                     "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref}
          for ws in book.worksheets}
class Tables(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.cell = None
    def handle_starttag(self, tag, attrs):
        if tag == "tr": self.rows.append([])
        if tag in ("td", "th"): self.cell = ""
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell); self.cell = None
    def handle_data(self, data):
        if self.cell is not None: self.cell += data
page = Tables(); page.feed(open(sys.argv[2], encoding="utf-8").read())
print(json.dumps({"sheets": sheets, "page": page.rows}, ensure_ascii=False))
"#;

/// checks.toml as tomllib reads it.
fn checks_toml(set: &str) -> Value {
    let o = python(
        "import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb')), ensure_ascii=False))",
        &[root().join("schemas").join(set).join("checks.toml").to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn doc(set: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    Rinko::new()
        .clock(EPOCH)
        .args(["schemas", "doc", set, "--out"])
        .arg(out)
        .args(extra)
        .run()
}

const SETS: [&str; 3] = [
    "rinko-ikensho-2025",
    "rinko-kojinhyo-2023",
    "rinko-kojinhyo-2025",
];

#[test]
fn every_declared_field_and_every_rule_is_in_the_definition() {
    for set in SETS {
        let dir = tempfile::tempdir().unwrap();
        let (xlsx, page) = (dir.path().join("d.xlsx"), dir.path().join("d.html"));
        for out in [&xlsx, &page] {
            let o = doc(set, out, &[]);
            assert_eq!(o.status.code(), Some(0), "{set}: {}", text(&o));
            assert!(o.stdout.is_empty(), "saving prints nothing: {}", stdout(&o));
        }
        let o = python(READ_BACK, &[xlsx.to_str().unwrap(), page.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
        let read: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let sheets = &read["sheets"];
        let fields = sheets["項目"]["rows"].as_array().unwrap();
        let header: Vec<&str> = fields[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .unwrap_or_else(|| panic!("no column {name}"))
        };
        assert_eq!(sheets["項目"]["freeze"], "A2");
        assert!(sheets["項目"]["filter"]
            .as_str()
            .unwrap()
            .starts_with("A1:"));
        // Text cells only, but for the row number.
        assert_eq!(sheets["項目"]["types"], serde_json::json!(["n", "s"]));

        // Fields: the XSD walk's paths, per form, in the same order.
        let o = python(
            XSD_WALK,
            &[root().join("schemas").join(set).to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", text(&o));
        let walked: serde_json::Map<String, Value> = serde_json::from_str(&stdout(&o)).unwrap();
        for (form, paths) in &walked {
            let listed: Vec<&str> = fields[1..]
                .iter()
                .filter(|r| r[col("様式")] == *form)
                .map(|r| r[col("パス")].as_str().unwrap())
                .collect();
            let expected: Vec<&str> = paths
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            assert_eq!(
                listed, expected,
                "{set} {form}: the definition's fields vs the XSD's"
            );
        }
        let all_paths: Vec<&str> = fields[1..]
            .iter()
            .map(|r| r[col("パス")].as_str().unwrap())
            .collect();

        // Rules: one row each, in checks.toml's order, of its kind; each is named at a field.
        let checks = checks_toml(set);
        let rules = checks["rule"].as_array().unwrap();
        let rows = sheets["規則"]["rows"].as_array().unwrap();
        assert_eq!(rows.len() - 1, rules.len(), "{set}: a row per rule");
        for (i, (rule, row)) in rules.iter().zip(&rows[1..]).enumerate() {
            let number = format!("R{}", i + 1);
            assert_eq!(row[0], number.as_str());
            assert_eq!(row[1], rule["kind"], "{set} {number}");
            let at_field = fields[1..].iter().any(|r| {
                r[col("規則")]
                    .as_str()
                    .is_some_and(|cell| cell.split(' ').any(|n| n == number))
            });
            assert!(
                at_field,
                "{set}: {number} ({}) is named at no field",
                rule["kind"]
            );
            if let Some(hint) = rule.get("hint") {
                assert_eq!(&row[4], hint, "{set} {number}: the rule's hint");
            }
        }
        // Every binding and every named date is at a declared field, and shows there.
        for binding in checks["field"].as_array().unwrap() {
            let path = binding["path"].as_str().unwrap();
            assert!(
                all_paths.contains(&path),
                "{set}: [[field]] {path} is no declared field"
            );
            let row = fields[1..].iter().find(|r| r[col("パス")] == path).unwrap();
            if let Some(table) = binding.get("codes") {
                let cell = row[col("コード表")].as_str().unwrap_or_default();
                assert!(
                    cell.contains(&format!("[{}]", table.as_str().unwrap())),
                    "{set} {path}: {cell}"
                );
                assert!(row[col("指摘コード")]
                    .as_str()
                    .unwrap()
                    .contains("CODE-001"));
            }
            if binding.get("check_digit").is_some() {
                assert_eq!(row[col("検証番号")], binding["check_digit"], "{set} {path}");
            }
            if let Some(chars) = binding.get("chars") {
                let cell = row[col("文字")].as_str().unwrap_or_default();
                assert!(
                    cell.ends_with(&format!("[{}]", chars.as_str().unwrap())),
                    "{set} {path}: {cell}"
                );
            }
        }
        for date in checks["date"].as_array().unwrap() {
            let path = date["path"].as_str().unwrap();
            let row = fields[1..]
                .iter()
                .find(|r| r[col("パス")] == path)
                .unwrap_or_else(|| panic!("{set}: date {path}"));
            let cell = row[col("日付")].as_str().unwrap_or_default();
            assert!(
                cell.contains(date["name"].as_str().unwrap()),
                "{set} {path}: {cell}"
            );
        }

        // The page has the same rows as the workbook (its tables: facts, code tables, each
        // form's fields, rules).
        let page_rows: Vec<Vec<String>> = serde_json::from_value(read["page"].clone()).unwrap();
        for row in &fields[1..] {
            let cells: Vec<String> = row.as_array().unwrap()[1..]
                .iter()
                .map(|c| match c {
                    Value::Null => String::new(),
                    Value::Number(n) => n.to_string(),
                    v => v.as_str().unwrap().to_string(),
                })
                .collect();
            assert!(
                page_rows.contains(&cells),
                "{set}: the page lacks the row {cells:?}"
            );
        }
    }
}

#[test]
fn the_definition_names_a_fields_constraints_as_the_xsd_and_checks_give_them() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("d.html");
    let o = doc("rinko-kojinhyo-2025", &page, &["--form", "臨個票 2025年版"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    let row = |path: &str| -> String {
        let at = html
            .find(&format!("<td class=\"path\">{path}</td>"))
            .unwrap_or_else(|| panic!("no {path}"));
        let start = html[..at].rfind("<tr>").unwrap();
        let end = at + html[at..].find("</tr>").unwrap();
        html[start..end].to_string()
    };
    // 告示番号: an integer 1–400, the 指定難病 table, its rules and codes.
    let kokuji = row("/臨個票/疾病/告示番号");
    for part in [
        "xs:integer",
        "1 以上・400 以下",
        "指定難病（告示番号） [nanbyo_disease] 版 2025.2",
        "CODE-001",
        "RULE-005",
        "XSD-013",
    ] {
        assert!(kokuji.contains(part), "{part} in {kokuji}");
    }
    // The blocks of a choice are optional branches.
    assert!(row("/臨個票/疾病/パーキンソン病").contains("0..1（選択）"));
    // 申請区分: its enumeration with meanings.
    assert!(
        row("/臨個票/申請区分").contains("1 新規"),
        "{}",
        row("/臨個票/申請区分")
    );
    // 受給者番号: the check digit; 氏名カナ: the kana repertoire and CHAR-008.
    assert!(row("/臨個票/受給者番号").contains("DIGIT-001"));
    assert!(row("/臨個票/患者/氏名カナ").contains("CHAR-008"));
    // The 2023 form is not in a definition of the 2025 form only, and the credit is there.
    assert!(!html.contains("様式: 臨個票 2023年版"));
    assert!(html.contains("CC BY 4.0"));
    // No script, nothing loaded from anywhere (addresses in the credit are text).
    for banned in ["<script", "src=", "<link", "url(", "<img", "<iframe"] {
        assert!(!html.contains(banned), "{banned}");
    }
}

#[test]
fn the_definition_is_the_same_bytes_for_the_same_set_and_clock() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for (name, clock) in [("a", EPOCH), ("b", EPOCH), ("c", "1767225600")] {
        for ext in ["html", "xlsx"] {
            let out = dir.path().join(format!("{name}.{ext}"));
            let o = Rinko::new()
                .clock(clock)
                .args(["schemas", "doc", "rinko-ikensho-2025", "--out"])
                .arg(&out)
                .run();
            assert_eq!(o.status.code(), Some(0), "{}", text(&o));
            outputs.push(std::fs::read(&out).unwrap());
        }
    }
    assert_eq!(outputs[0], outputs[2], "the page");
    assert_eq!(outputs[1], outputs[3], "the workbook");
    assert_eq!(outputs[0], outputs[4], "the page holds no time");
    assert_ne!(outputs[1], outputs[5], "the workbook is dated by the clock");
}

#[test]
fn a_wrong_set_form_or_output_is_refused_in_japanese_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.html");
    let o = doc("rinko-nothing", &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("スキーマセット「rinko-nothing」は有効なセットにありません"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("rinko-kojinhyo-2025"),
        "names the sets in force: {}",
        stderr(&o)
    );
    let o = doc("rinko-kojinhyo-2025", &out, &["--form", "意見書"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("様式「意見書」はありません（様式: 臨個票 2025年版）"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    let o = doc("rinko-kojinhyo-2025", &dir.path().join("d.pdf"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".html か .xlsx"), "{}", stderr(&o));
    std::fs::write(&out, "mine").unwrap();
    let o = doc("rinko-kojinhyo-2025", &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    let o = doc("rinko-kojinhyo-2025", &out, &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}
