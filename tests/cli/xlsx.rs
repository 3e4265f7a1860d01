//! `rinko check --format xlsx`: the workbook read back with a real spreadsheet reader
//! (openpyxl, from installer/setup-debian.sh) and compared cell by cell with the JSON report of
//! the same files.

use std::path::Path;

use serde_json::Value;

use crate::common::{python, root, stdout, text, Rinko};

const EPOCH: &str = "1764547200"; // 2025-12-01T00:00:00Z

/// The workbook as openpyxl sees it: per sheet its name, frozen cell, filter range, and every
/// cell as [value, type, number format]; and the creation time.
fn read_back(xlsx: &Path) -> Value {
    let o = python(
        r#"
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheets = []
for ws in book.worksheets:
    rows = [[[c.value, c.data_type, c.number_format] for c in row] for row in ws.iter_rows()]
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    sheets.append({"name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                   "rows": rows, "widths": widths})
print(json.dumps({"sheets": sheets, "created": book.properties.created.isoformat()}, ensure_ascii=False))
"#,
        &[xlsx.to_str().unwrap()],
    );
    assert!(
        o.status.success(),
        "openpyxl cannot read the workbook (run installer/setup-debian.sh for openpyxl): {}",
        text(&o)
    );
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// The shipped samples and two forms made for the workbook: a 受給者番号 with a leading zero
/// and a 氏名カナ that a spreadsheet would run as a formula, each wrong so that it is a finding's
/// value.
fn batch(dir: &Path) -> std::path::PathBuf {
    let inputs = dir.join("inputs");
    for kind in ["valid", "invalid"] {
        let to = inputs.join(kind);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(root().join("samples").join(kind)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
    let form =
        std::fs::read_to_string(root().join("samples/valid/kojinhyo-2025-koushin.xml")).unwrap();
    let zero = form.replace(
        "<受給者番号>1234566</受給者番号>",
        "<受給者番号>0123456</受給者番号>",
    );
    let formula = form.replace(
        "<氏名カナ>スズキ　イチロウ</氏名カナ>",
        "<氏名カナ>=HYPERLINK(\"x\")</氏名カナ>",
    );
    assert!(
        zero != form && formula != form,
        "the sample changed: fix the replacements"
    );
    std::fs::write(inputs.join("jukyusha-zero.xml"), zero).unwrap();
    std::fs::write(inputs.join("shimei-formula.xml"), formula).unwrap();
    inputs
}

fn cell(row: &Value, i: usize) -> (&Value, &str) {
    (&row[i][0], row[i][1].as_str().unwrap())
}

/// A text cell holds exactly `expected`; no text gives an empty cell.
#[track_caller]
fn assert_text(row: &Value, i: usize, expected: &Value) {
    let (value, kind) = cell(row, i);
    match expected.as_str() {
        Some(s) => {
            assert_eq!(kind, "s", "column {i} of {row}");
            assert_eq!(value.as_str(), Some(s), "column {i} of {row}");
            assert_eq!(row[i][2], "@", "column {i} is formatted as text");
        }
        None => assert!(value.is_null(), "column {i} of {row} is empty"),
    }
}

#[track_caller]
fn assert_number(row: &Value, i: usize, expected: Option<u64>) {
    let (value, kind) = cell(row, i);
    match expected {
        Some(n) => {
            assert_eq!(kind, "n", "column {i} of {row}");
            assert_eq!(value.as_f64(), Some(n as f64), "column {i} of {row}");
        }
        None => assert!(value.is_null(), "column {i} of {row} is empty"),
    }
}

#[test]
fn the_workbook_holds_every_file_and_finding_of_the_json_report_as_cells() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = batch(dir.path());
    let xlsx = dir.path().join("検査結果.xlsx");
    let o = Rinko::new()
        .clock(EPOCH)
        .args(["check", "--format", "xlsx", "--out"])
        .arg(&xlsx)
        .arg(&inputs)
        .run();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        stdout(&o).is_empty(),
        "a saved report prints nothing: {}",
        text(&o)
    );
    let o = Rinko::new()
        .clock(EPOCH)
        .args(["check", "--format", "json"])
        .arg(&inputs)
        .run();
    let json: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let book = read_back(&xlsx);

    let sheets = book["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 2);
    let (summary, list) = (&sheets[0], &sheets[1]);
    assert_eq!(summary["name"], "一覧");
    assert_eq!(list["name"], "指摘");
    assert_eq!(book["created"], "2025-12-01T00:00:00");

    let files = json["files"].as_array().unwrap();
    let versions: std::collections::HashMap<&str, &str> = json["schema_sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["version"].as_str().unwrap()))
        .collect();
    let rows = summary["rows"].as_array().unwrap();
    let header: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    assert_eq!(
        header,
        [
            "ファイル",
            "判定",
            "様式",
            "スキーマセット",
            "版",
            "エラー",
            "警告",
            "表示しなかった指摘",
            "SHA-256"
        ]
    );
    assert_eq!(rows.len(), files.len() + 1);
    assert_eq!(summary["freeze"], "A2");
    assert_eq!(summary["filter"], format!("A1:I{}", rows.len()));
    for (row, file) in rows[1..].iter().zip(files) {
        let count = |severity: &str| {
            file["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] == severity)
                .count() as u64
        };
        let verdict = if file["status"] == "pass" {
            "適合"
        } else {
            "不適合"
        };
        assert_text(row, 0, &file["path"]);
        assert_text(row, 1, &Value::from(verdict));
        assert_text(row, 2, &file["form"]);
        assert_text(row, 3, &file["schema_set"]);
        let version = file["schema_set"]
            .as_str()
            .and_then(|id| versions.get(id).copied());
        assert_text(row, 4, &version.map_or(Value::Null, Value::from));
        assert_number(row, 5, Some(count("error")));
        assert_number(row, 6, Some(count("warning")));
        assert_number(row, 7, file["findings_omitted"].as_u64());
        assert_text(row, 8, &file["sha256"]);
    }

    let rows = list["rows"].as_array().unwrap();
    let header: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    assert_eq!(
        header,
        [
            "ファイル",
            "行",
            "列",
            "項目名",
            "パス",
            "値",
            "コード",
            "重大度",
            "内容",
            "対処",
            "制約"
        ]
    );
    let findings: Vec<(&Value, &Value)> = files
        .iter()
        .flat_map(|file| {
            file["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |f| (file, f))
        })
        .collect();
    assert!(
        findings.len() > 30,
        "the samples give many findings: {}",
        findings.len()
    );
    assert_eq!(rows.len(), findings.len() + 1);
    assert_eq!(list["freeze"], "A2");
    assert_eq!(list["filter"], format!("A1:K{}", rows.len()));
    for (row, (file, f)) in rows[1..].iter().zip(&findings) {
        let severity = if f["severity"] == "error" {
            "エラー"
        } else {
            "警告"
        };
        assert_text(row, 0, &file["path"]);
        assert_number(row, 1, f["line"].as_u64());
        assert_number(row, 2, f["column"].as_u64());
        assert_text(row, 3, &f["label"]);
        assert_text(row, 4, &f["path"]);
        assert_text(row, 5, &f["value"]);
        assert_text(row, 6, &f["code"]);
        assert_text(row, 7, &Value::from(severity));
        assert_text(row, 8, &f["message"]);
        assert_text(row, 9, &f["hint"]);
        assert_text(row, 10, &f["constraint"]);
    }
    // What CSV loses, the workbook keeps: the zero and the formula as text.
    let values: Vec<&str> = rows[1..].iter().filter_map(|r| r[5][0].as_str()).collect();
    assert!(values.contains(&"0123456"), "{values:?}");
    assert!(values.contains(&"=HYPERLINK(\"x\")"), "{values:?}");
    // Columns are as wide as what they hold, within bounds: a file path is wider than 行.
    let widths = &list["widths"];
    assert!(
        widths["A"].as_f64().unwrap() > widths["B"].as_f64().unwrap(),
        "{widths}"
    );
    // (openpyxl gives Excel's stored width, which adds 0.71 for the cell's margins.)
    assert!(widths["I"].as_f64().unwrap() < 61.0, "{widths}");
    assert!(
        widths["H"].as_f64().unwrap() >= 9.0,
        "the header 重大度 fits: {widths}"
    );
}

#[test]
fn the_workbook_is_the_same_bytes_for_the_same_files_and_clock() {
    let dir = tempfile::tempdir().unwrap();
    let save = |name: &str, epoch: &str| {
        let out = dir.path().join(name);
        let o = Rinko::new()
            .clock(epoch)
            .args(["check", "--out"])
            .arg(&out)
            .arg(root().join("samples"))
            .run();
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        std::fs::read(out).unwrap()
    };
    let first = save("a.xlsx", EPOCH);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(first, save("b.xlsx", EPOCH));
    assert_ne!(
        first,
        save("c.xlsx", "1767225600"),
        "the clock dates the workbook"
    );
}

#[test]
fn a_saved_report_never_replaces_a_file_unless_asked_and_names_must_match_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let samples = root().join("samples/valid");
    let run = |args: &[&str]| {
        Rinko::new()
            .clock(EPOCH)
            .args(["check"])
            .args(args)
            .arg(&samples)
            .run()
    };
    let out = dir.path().join("r.xlsx");
    std::fs::write(&out, b"earlier").unwrap();
    let o = run(&["--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--force"), "{}", text(&o));
    assert_eq!(std::fs::read(&out).unwrap(), b"earlier");
    let o = run(&["--out", out.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));

    // Each also before anything is checked or written.
    let json = dir.path().join("r.json");
    for (args, says) in [
        (vec!["--format", "xlsx"], "--out"),
        (
            vec!["--format", "csv", "--out", json.to_str().unwrap()],
            ".json",
        ),
        (
            vec!["--format", "text", "--out", json.to_str().unwrap()],
            "text",
        ),
        (
            vec!["--out", dir.path().join("r.xml").to_str().unwrap()],
            ".xlsx",
        ),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(says), "{args:?}: {}", text(&o));
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only r.xlsx"
    );

    // The JSON and CSV saved with --out (the batch's reports kept, then rendered) are what
    // stdout gets (each report written as it is made), with findings too.
    for (folder, code) in [("samples/valid", 0), ("samples/invalid", 1)] {
        for format in ["json", "csv"] {
            let file = dir.path().join(format!("saved.{format}"));
            let check = |args: &[&str]| {
                Rinko::new()
                    .clock(EPOCH)
                    .args(["check"])
                    .args(args)
                    .arg(root().join(folder))
                    .run()
            };
            let o = check(&["--out", file.to_str().unwrap(), "--force"]);
            assert_eq!(o.status.code(), Some(code), "{}", text(&o));
            let printed = check(&["--format", format]);
            assert_eq!(printed.status.code(), Some(code), "{}", text(&printed));
            assert_eq!(
                std::fs::read(&file).unwrap(),
                printed.stdout,
                "{folder} {format}"
            );
        }
    }
}
