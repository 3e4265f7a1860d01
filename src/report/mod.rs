//! Reports: the batch result rendered as text (terminal), JSON (the contract in
//! docs/report-json.md) or CSV (Excel). Rendering only: no check happens here.

mod csv;
mod json;
mod text;

use serde::{Deserialize, Serialize};

use crate::finding::{FileReport, Summary};
use crate::schema_set::SchemaSetDef;

pub use self::csv::{spreadsheet_text, write_csv, ExcelCsv};
pub use self::json::write_json;
pub use self::text::{write_text, TextStyle};

pub const FORMAT_VERSION: u32 = 1;

/// A schema set as reports and the audit log name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetRef {
    pub id: String,
    pub version: String,
    pub sha256: String,
}

impl SetRef {
    pub fn of(set: &SchemaSetDef) -> SetRef {
        SetRef {
            id: set.manifest.id.clone(),
            version: set.manifest.version.clone(),
            sha256: set.sha256.clone(),
        }
    }
}

/// Everything a report shows about one batch.
#[derive(Debug, Clone, Serialize)]
pub struct BatchReport {
    pub schema_sets: Vec<SetRef>,
    pub files: Vec<FileReport>,
    pub summary: Summary,
}

impl BatchReport {
    pub fn new(sets: &[SchemaSetDef], files: Vec<FileReport>) -> BatchReport {
        BatchReport {
            // A damaged set gave no verdict: its files name it in their findings.
            schema_sets: sets
                .iter()
                .filter(|s| s.damaged.is_none())
                .map(SetRef::of)
                .collect(),
            summary: Summary::of(&files),
            files,
        }
    }

    /// 0 when every file passed, 1 when some file has an エラー.
    pub fn exit_code(&self) -> i32 {
        if self.summary.failed == 0 {
            0
        } else {
            1
        }
    }
}

/// `rinko schemas list`: one block per active set.
pub fn sets_text(sets: &[SchemaSetDef]) -> String {
    let mut s = String::new();
    for set in sets {
        let m = &set.manifest;
        s.push_str(&format!("{}  {}\n", m.id, m.name));
        s.push_str(&format!(
            "  版: {}  有効期間: {}  出所: {}\n",
            if m.version.is_empty() {
                "-"
            } else {
                &m.version
            },
            m.validity_ja(),
            set.origin.describe()
        ));
        match &set.damaged {
            Some(why) => s.push_str(&format!(
                "  状態: 破損: {why}このセットが受け持つファイルは検査しません。組み込みのセットに戻すには rinko schemas remove {}\n",
                m.id
            )),
            None => s.push_str(&format!("  SHA-256: {}\n", set.sha256)),
        }
        if set.checks.is_some() {
            let tables: Vec<String> = set
                .codes
                .iter()
                .map(|t| format!("{} {}", t.id, t.version))
                .collect();
            s.push_str(&format!("  コード表: {}\n", tables.join("、")));
        }
        for r in &m.routes {
            let when: Vec<String> = r.when.iter().map(|c| c.describe()).collect();
            s.push_str(&format!(
                "  様式: {}  ルート: {}{}  XSD: {}\n",
                r.form,
                r.root,
                if when.is_empty() {
                    String::new()
                } else {
                    format!(" {}", when.join(" "))
                },
                r.xsd
            ));
        }
    }
    s
}

/// `rinko schemas list --format json`.
pub fn sets_json(sets: &[SchemaSetDef]) -> String {
    let list: Vec<serde_json::Value> = sets
        .iter()
        .map(|set| {
            let m = &set.manifest;
            let mut v = serde_json::json!({
                "id": m.id, "version": m.version, "name": m.name,
                "sha256": set.damaged.is_none().then_some(&set.sha256),
                "status": if set.damaged.is_some() { "damaged" } else { "ok" },
                "valid_from": m.valid_from, "valid_until": m.valid_until, "source": set.origin.describe(),
                "forms": m.routes.iter().map(|r| serde_json::json!({"form": r.form, "namespace": r.namespace, "root": r.root, "xsd": r.xsd})).collect::<Vec<_>>(),
                "domain_checks": set.checks.is_some(),
                "code_tables": set.codes.iter().map(|t| serde_json::json!({"id": t.id, "name": t.name, "version": t.version, "sha256": t.sha256})).collect::<Vec<_>>(),
            });
            if let Some(why) = &set.damaged {
                v["problem"] = serde_json::json!(why);
            }
            v
        })
        .collect();
    let mut s = serde_json::to_string_pretty(
        &serde_json::json!({"format_version": FORMAT_VERSION, "schema_sets": list}),
    )
    .expect("serializes");
    s.push('\n');
    s
}
