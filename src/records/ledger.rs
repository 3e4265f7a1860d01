//! The media ledger (媒体持出台帳): one row per bundle made or verified, derived from the audit
//! log so that it cannot disagree with it. Written as CSV for Excel (`report::ExcelCsv`).

use super::audit::{local_moment, BundleRecord, Entry, Operation, Outcome};
use crate::report::ExcelCsv;

/// One bundle made ([`Operation::Bundle`]) or verified ([`Operation::Verify`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The audit log's seq of the entry, so that a row can be traced back to it.
    pub seq: u64,
    pub time_utc: String,
    pub local_offset: String,
    /// [`Operation::Bundle`] or [`Operation::Verify`].
    pub operation: Operation,
    pub outcome: Outcome,
    pub host: String,
    pub bundle: BundleRecord,
}

/// The rows of the entries that made or verified a bundle, in log order.
pub fn rows(entries: &[Entry]) -> Vec<Row> {
    entries
        .iter()
        .filter(|e| matches!(e.event.operation, Operation::Bundle | Operation::Verify))
        .filter_map(|e| {
            let bundle = e.event.bundle.clone()?;
            Some(Row {
                seq: e.seq,
                time_utc: e.time_utc.clone(),
                local_offset: e.local_offset.clone(),
                operation: e.event.operation.clone(),
                outcome: e.event.outcome.clone(),
                host: e.host.clone(),
                bundle,
            })
        })
        .collect()
}

pub const HEADER: [&str; 16] = [
    "日時",
    "日時（UTC）",
    "時差",
    "操作",
    "結果",
    "バンドル",
    "指紋",
    "ファイル数",
    "合計バイト",
    "医療機関コード",
    "担当者",
    "媒体",
    "暗号化",
    "署名",
    "端末",
    "監査ログ番号",
];

/// A row's cells under [`HEADER`], as the CSV and the app's 台帳 table show them.
pub fn cells(row: &Row) -> [String; 16] {
    let b = &row.bundle;
    let yes_no = |v: bool| if v { "あり" } else { "なし" }.to_string();
    [
        local_time(&row.time_utc, &row.local_offset),
        row.time_utc.clone(),
        // "UTC+09:00" rather than "'+09:00": the sign stays readable.
        format!("UTC{}", row.local_offset),
        // The ledger's own word for a bundle made: 作成, where `log show` says 封緘.
        match &row.operation {
            Operation::Bundle => "作成",
            other => other.name_ja(),
        }
        .to_string(),
        row.outcome.name_ja().to_string(),
        b.name.clone(),
        crate::digest::fingerprint_groups(&b.fingerprint),
        b.files.to_string(),
        b.bytes.to_string(),
        b.institution.clone(),
        b.operator.clone(),
        b.medium.clone().unwrap_or_default(),
        yes_no(b.encrypted),
        yes_no(b.signed),
        row.host.clone(),
        row.seq.to_string(),
    ]
}

/// The ledger as CSV for Excel (`report::ExcelCsv`: BOM, CRLF, no cell a formula), with a
/// Japanese header.
pub fn to_csv(rows: &[Row]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        // Writing to memory cannot fail, and every record has the header's length.
        let mut w = ExcelCsv::new(&mut out).expect("CSV to memory");
        w.row(HEADER).expect("CSV to memory");
        for row in rows {
            w.row(cells(row).iter().map(String::as_str))
                .expect("CSV to memory");
        }
        w.finish().expect("CSV to memory");
    }
    out
}

/// The entry's time as the clock on the wall showed it, for people; the UTC time stays beside it.
fn local_time(time_utc: &str, offset: &str) -> String {
    local_moment(time_utc, offset)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Summary;
    use crate::records::audit::testing::sample_bundle;
    use crate::records::audit::Event;

    fn entry(
        seq: u64,
        operation: Operation,
        outcome: Outcome,
        bundle: Option<BundleRecord>,
    ) -> Entry {
        Entry {
            seq,
            prev: "0".repeat(64),
            time_utc: "2025-04-01T00:15:30Z".into(),
            local_offset: "+09:00".into(),
            source_date_epoch: None,
            user: "yamada".into(),
            host: "PC-01".into(),
            rinko_version: "0.1.0".into(),
            event: Event {
                operation,
                outcome,
                exit_code: 0,
                schema_sets: vec![],
                inputs: vec![],
                counts: Summary::default(),
                bundle,
                reasons: vec![],
            },
        }
    }

    #[test]
    fn rows_come_only_from_bundles_made_or_verified() {
        let entries = vec![
            entry(1, Operation::Check, Outcome::Pass, None),
            entry(2, Operation::Bundle, Outcome::Pass, Some(sample_bundle())),
            entry(3, Operation::Print, Outcome::Pass, Some(sample_bundle())),
            entry(4, Operation::Verify, Outcome::Fail, Some(sample_bundle())),
            entry(5, Operation::Verify, Outcome::Error, None),
        ];
        let rows = rows(&entries);
        let seqs: Vec<u64> = rows.iter().map(|r| r.seq).collect();
        assert_eq!(seqs, vec![2, 4]);
        assert_eq!(rows[1].outcome, Outcome::Fail);
        assert_eq!(rows[0].bundle, sample_bundle());
    }

    #[test]
    fn csv_has_bom_japanese_header_and_grouped_fingerprint() {
        let entries = vec![
            entry(2, Operation::Bundle, Outcome::Pass, Some(sample_bundle())),
            entry(
                4,
                Operation::Verify,
                Outcome::Refused,
                Some(sample_bundle()),
            ),
        ];
        let bytes = to_csv(&rows(&entries));
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines.len(), 4, "{text:?}");
        assert_eq!(lines[3], "", "CRLF after the last row");
        assert_eq!(
            lines[0],
            "日時,日時（UTC）,時差,操作,結果,バンドル,指紋,ファイル数,合計バイト,医療機関コード,担当者,媒体,暗号化,署名,端末,監査ログ番号"
        );
        let fp = "3F2A-9C1B-".repeat(8);
        let fp = fp.trim_end_matches('-');
        assert_eq!(
            lines[1],
            format!("2025-04-01 09:15:30,2025-04-01T00:15:30Z,UTC+09:00,作成,合格,rinko-20250401.7z,{fp},3,12345,1312345678,山田,USB-03,あり,なし,PC-01,2")
        );
        assert!(
            lines[2].starts_with("2025-04-01 09:15:30,2025-04-01T00:15:30Z,UTC+09:00,検証,拒否,"),
            "{}",
            lines[2]
        );
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "only CRLF line ends"
        );
    }

    #[test]
    fn formula_like_text_is_defused() {
        let mut b = sample_bundle();
        b.operator = "=HYPERLINK(\"x\")".into();
        b.medium = None;
        let bytes = to_csv(&rows(&[entry(
            1,
            Operation::Bundle,
            Outcome::Pass,
            Some(b),
        )]));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
        assert!(
            text.contains(",,あり,"),
            "an absent medium is an empty cell: {text}"
        );
    }
}
