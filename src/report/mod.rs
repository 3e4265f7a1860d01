//! Reports: the batch result rendered as JSON (the contract in docs/report-json.md), CSV or an
//! Excel workbook (docs/report-xlsx.md), the exports both front-ends offer. Rendering only: no
//! check happens here. The terminal's text is the CLI's own.

mod csv;
mod json;
pub(crate) mod xlsx;

use serde::{Deserialize, Serialize};

use crate::finding::{FileReport, Summary};
use crate::problem::{About, Code, Problem};
use crate::schema_set::SchemaSetDef;

pub use self::csv::{spreadsheet_text, write_csv, CsvSink, ExcelCsv};
pub use self::json::{write_json, JsonSink};
pub use self::xlsx::{write_xlsx, XlsxProblem, FINDINGS_SHEET, SUMMARY_SHEET};

pub const FORMAT_VERSION: u32 = 1;

/// The batch report's file formats (`--format`, the app's export).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Json,
    Csv,
    Xlsx,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 3] = [ReportFormat::Json, ReportFormat::Csv, ReportFormat::Xlsx];

    /// The file name extension a saved report of this format has.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
        }
    }

    /// The format a report file's name asks for, by its extension (any case).
    pub fn of_file_name(path: &std::path::Path) -> Option<ReportFormat> {
        let extension = path.extension()?.to_string_lossy().to_lowercase();
        Self::ALL.into_iter().find(|f| f.extension() == extension)
    }

    /// The report's bytes in this format; `now` dates the workbook (the other formats hold no
    /// time). `out` names the file they are for, in a problem.
    pub fn render(
        self,
        report: &BatchReport,
        now: chrono::DateTime<chrono::Utc>,
        out: &std::path::Path,
    ) -> Result<Vec<u8>, Problem> {
        let mut bytes = Vec::new();
        let written = match self {
            ReportFormat::Json => write_json(report, &mut bytes),
            ReportFormat::Csv => write_csv(report, &mut bytes),
            ReportFormat::Xlsx => {
                return write_xlsx(report, now).map_err(|e| match e {
                    XlsxProblem::TooManyRows { sheet, rows } => Problem::new(
                        Code::ReportTooLarge,
                        format!(
                            "シート「{sheet}」の行が {rows} 行になり、Excel の 1 シートに入りません（1,048,575 行まで）。"
                        ),
                        About::Output(out.to_path_buf()),
                    )
                    .with_hint("ファイルを分けて検査するか、.json か .csv で保存してください。"),
                    XlsxProblem::Writer(e) => {
                        Problem::internal(format!("Excel のファイルを作れません: {e}"))
                    }
                });
            }
        };
        written.map_err(|e| Problem::internal(format!("レポートを作れません: {e}")))?;
        Ok(bytes)
    }
}

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

    /// The sets a batch's report names: a damaged set gave no verdict, and its files name it
    /// in their findings.
    pub fn judging(sets: &[SchemaSetDef]) -> Vec<SetRef> {
        sets.iter()
            .filter(|s| s.damaged.is_none())
            .map(SetRef::of)
            .collect()
    }
}

/// A report written as its batch goes: the sets first, then each file as it is handed on (in
/// input order), the summary last, after which the output is flushed. A whole report is
/// written through the same calls (`BatchReport::write_to`), so a report has the same bytes
/// whether its batch kept its files or not.
pub trait ReportSink {
    fn begin(&mut self, sets: &[SetRef]) -> std::io::Result<()>;
    fn file(&mut self, file: &FileReport) -> std::io::Result<()>;
    fn end(&mut self, summary: &Summary) -> std::io::Result<()>;
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
            schema_sets: SetRef::judging(sets),
            summary: Summary::of(&files),
            files,
        }
    }

    /// The whole report through `sink`.
    pub fn write_to(&self, sink: &mut dyn ReportSink) -> std::io::Result<()> {
        sink.begin(&self.schema_sets)?;
        for file in &self.files {
            sink.file(file)?;
        }
        sink.end(&self.summary)
    }

    /// The report of some of its files (by position, in the order given; positions past the
    /// end are left out), with the summary counted over them: what a filtered view exports.
    pub fn subset(&self, positions: &[usize]) -> BatchReport {
        let files: Vec<FileReport> = positions
            .iter()
            .filter_map(|&i| self.files.get(i).cloned())
            .collect();
        BatchReport {
            schema_sets: self.schema_sets.clone(),
            summary: Summary::of(&files),
            files,
        }
    }
}

/// The keys this PC trusts as JSON (`keys list --format json`): per use, the folder and each
/// key file with its fingerprint, or the problem that makes it unusable.
pub fn keys_json(trusted: &crate::keys::Trusted) -> String {
    let keys = |files: &[crate::keys::TrustedFile]| -> Vec<serde_json::Value> {
        files
            .iter()
            .map(|f| match &f.key {
                Ok(key) => serde_json::json!({
                    "path": crate::shown::path(&f.path),
                    "fingerprint": crate::digest::key_fingerprint(key),
                }),
                Err(problem) => serde_json::json!({
                    "path": crate::shown::path(&f.path),
                    "problem": problem.message,
                }),
            })
            .collect()
    };
    let mut s = serde_json::to_string_pretty(&serde_json::json!({
        "format_version": FORMAT_VERSION,
        "bundle_keys": {"folder": crate::shown::path(&trusted.bundles_folder), "keys": keys(&trusted.bundles)},
        "pack_keys": {"folder": crate::shown::path(&trusted.packs_folder), "keys": keys(&trusted.packs)},
    }))
    .expect("serializes");
    s.push('\n');
    s
}

/// The active sets as JSON (`schemas list --format json`).
pub fn sets_json(sets: &[SchemaSetDef]) -> String {
    let list: Vec<serde_json::Value> = sets
        .iter()
        .map(|set| {
            let m = &set.manifest;
            let mut v = serde_json::json!({
                "id": m.id, "version": m.version, "name": m.name,
                "sha256": set.damaged.is_none().then_some(&set.sha256),
                "status": if set.damaged.is_some() { "damaged" } else { "ok" },
                "valid_from": m.valid_from, "valid_until": m.valid_until, "source": set.origin.describe(), "origin": set.origin.kind(),
                "forms": m.routes.iter().map(|r| serde_json::json!({"form": r.form, "namespace": r.namespace, "root": r.root, "xsd": r.xsd})).collect::<Vec<_>>(),
                "domain_checks": set.has_checks(),
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
