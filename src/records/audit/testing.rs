//! Events, logs and readers shared by the log's tests and the ledger's.

use super::{AuditLog, Break, BundleRecord, Event, Operation, Outcome, Witness};
use crate::finding::Summary;
use crate::report::SetRef;

fn hash(n: usize) -> String {
    format!("{n:064x}")
}

/// A check of `n` passing files.
pub(in crate::records) fn event(n: usize) -> Event {
    Event {
        operation: Operation::Check,
        outcome: Outcome::Pass,
        exit_code: 0,
        schema_sets: vec![SetRef {
            id: "kojinhyo".into(),
            version: "2024.1".into(),
            sha256: "ab".repeat(32),
        }],
        inputs: [hash(n), hash(n + 1000)]
            .iter()
            .filter_map(|h| crate::digest::Sha256Digest::from_hex(h))
            .collect(),
        counts: Summary {
            files: n,
            passed: n,
            ..Summary::default()
        },
        bundle: None,
        reasons: vec![],
    }
}

/// A bundle made, for the tests of the log and of the ledger.
pub(in crate::records) fn sample_bundle() -> BundleRecord {
    BundleRecord {
        name: "rinko-20250401.7z".into(),
        fingerprint: "3f2a9c1b".repeat(8),
        files: 3,
        bytes: 12345,
        institution: "1312345678".into(),
        operator: "山田".into(),
        medium: Some("USB-03".into()),
        encrypted: true,
        signed: false,
    }
}

pub(in crate::records) fn bundle_event() -> Event {
    Event {
        operation: Operation::Bundle,
        outcome: Outcome::Pass,
        bundle: Some(sample_bundle()),
        reasons: vec!["BUNDLE-HASH".into()],
        ..event(3)
    }
}

/// A made-up user on a made-up PC, without `SOURCE_DATE_EPOCH`.
pub(in crate::records) fn witness() -> Witness {
    Witness {
        user: "tester".into(),
        host: "PC-TEST".into(),
        source_date_epoch: None,
    }
}

/// A log with three entries whose `counts.files` are 1, 2, 3.
pub(in crate::records) fn three() -> (tempfile::TempDir, AuditLog) {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::at(&dir.path().join("audit"));
    for n in 1..=3 {
        log.append(event(n), &witness()).unwrap();
    }
    (dir, log)
}

pub(in crate::records) fn lines(log: &AuditLog) -> Vec<String> {
    std::fs::read_to_string(log.path())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

pub(in crate::records) fn write_lines(log: &AuditLog, lines: &[String]) {
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(log.path(), text).unwrap();
}

pub(in crate::records) fn breaks(log: &AuditLog) -> Vec<Break> {
    log.verify().expect_err("the log should have breaks")
}

pub(in crate::records) fn kinds(breaks: &[Break]) -> Vec<(usize, super::BreakKind)> {
    breaks.iter().map(|b| (b.line, b.kind)).collect()
}
