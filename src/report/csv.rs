//! `--format csv`: UTF-8 with a byte-order mark (so that Excel reads Japanese correctly), CRLF
//! line ends, one row per finding and one row for each file without findings.

use std::io::Write;

use super::BatchReport;

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
    out.write_all("\u{FEFF}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(HEADER)?;
    for file in &report.files {
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
        let sha = file.sha256.as_deref().unwrap_or("");
        if file.findings.is_empty() {
            let mut row: Vec<&str> = head.to_vec();
            row.extend(["", "", "", "", "", "", "", "", "", "", sha]);
            w.write_record(&row)?;
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
            w.write_record(&row)?;
        }
    }
    w.flush()
}
