//! Logs written before still verify: `data/audit-v0.1.0/` is a real log of rinko 0.1.0, written
//! by the command line before the records split (before `Operation`, `Outcome` and `Witness`),
//! and must stay readable, verifiable and appendable, byte for byte.
//!
//! How it was made, in a fresh data folder (`RINKO_DATA_DIR`), with `SOURCE_DATE_EPOCH=1767225600`
//! (2026-01-01) for all but the last entry: `check` (pass, fail), `print` (pass, refused),
//! `keys generate`, `bundle` (signed with `--medium`, plain, refused), `verify` (pass with
//! `--extract`, error when extracting again, pass of the signed bundle after `keys trust`, fail
//! of an unsigned one), `schemas import` (a later version, then the embedded one with
//! `--allow-downgrade`), `schemas trust`, `schemas remove`, and one `check` without
//! `SOURCE_DATE_EPOCH`. The lines hold hashes, counts, codes and the samples' institution code
//! only; operators are "担当者A"/"担当者B", the host "rinko-fixture" (a UTS namespace), and the
//! user "root", the account the commands ran under. Nothing in it was edited by hand: that
//! would break the chain.

use std::path::{Path, PathBuf};

use rinko_core::digest::sha256_hex;
use rinko_core::records::{AuditLog, Event, Operation, Outcome, Witness};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/core/data/audit-v0.1.0");

/// The fixture's operations and outcomes, line by line.
const WRITTEN: [(Operation, Outcome); 18] = [
    (Operation::Check, Outcome::Pass),
    (Operation::Check, Outcome::Fail),
    (Operation::Print, Outcome::Pass),
    (Operation::Print, Outcome::Refused),
    (Operation::KeysGenerate, Outcome::Pass),
    (Operation::Bundle, Outcome::Pass),
    (Operation::Bundle, Outcome::Pass),
    (Operation::Bundle, Outcome::Refused),
    (Operation::Verify, Outcome::Pass),
    (Operation::Verify, Outcome::Error),
    (Operation::KeysTrust, Outcome::Pass),
    (Operation::Verify, Outcome::Pass),
    (Operation::Verify, Outcome::Fail),
    (Operation::SchemasImport, Outcome::Pass),
    (Operation::SchemasImport, Outcome::Pass),
    (Operation::SchemasTrust, Outcome::Pass),
    (Operation::SchemasRemove, Outcome::Pass),
    (Operation::Check, Outcome::Pass),
];

/// A copy of the fixture as an `audit/` folder, so that appending leaves the fixture alone.
fn copy_of_fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit");
    std::fs::create_dir(&audit).unwrap();
    for name in ["audit.jsonl", "audit.head"] {
        std::fs::copy(Path::new(FIXTURE).join(name), audit.join(name)).unwrap();
    }
    (dir, audit)
}

fn fixture_lines() -> Vec<Vec<u8>> {
    let bytes = std::fs::read(Path::new(FIXTURE).join("audit.jsonl")).unwrap();
    assert!(bytes.ends_with(b"\n"));
    bytes[..bytes.len() - 1]
        .split(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn a_log_of_rinko_0_1_0_verifies() {
    let (_dir, audit) = copy_of_fixture();
    let intact = AuditLog::at(&audit)
        .verify()
        .expect("the old log is intact");
    let lines = fixture_lines();
    assert_eq!(intact.entries, WRITTEN.len());
    assert_eq!(lines.len(), WRITTEN.len());
    assert_eq!(intact.head, sha256_hex(lines.last().unwrap()));
}

#[test]
fn every_line_of_rinko_0_1_0_reads_as_the_operation_it_was() {
    let (_dir, audit) = copy_of_fixture();
    let (entries, unreadable) = AuditLog::at(&audit).entries().unwrap();
    assert!(unreadable.is_empty(), "unreadable lines: {unreadable:?}");
    let read: Vec<(Operation, Outcome)> = entries
        .iter()
        .map(|e| (e.event.operation.clone(), e.event.outcome.clone()))
        .collect();
    assert_eq!(read, WRITTEN);
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e.seq, i as u64 + 1);
        assert_eq!(e.rinko_version, "0.1.0");
    }
    // What a bundle, a refusal and a downgrade carry comes back too.
    assert_eq!(
        entries[5].event.bundle.as_ref().unwrap().medium.as_deref(),
        Some("USB-01")
    );
    assert!(entries[5].event.bundle.as_ref().unwrap().signed);
    assert_eq!(entries[9].event.exit_code, 2);
    assert_eq!(entries[12].event.reasons, ["BUNDLE-KEY"]);
    assert_eq!(entries[14].event.reasons, ["PACK-DOWNGRADE"]);
    assert_eq!(entries[0].source_date_epoch, Some(1_767_225_600));
    assert_eq!(entries[17].source_date_epoch, None);
    // Every bundle made or verified is a row of the ledger; the refused bundle has none.
    let seqs: Vec<u64> = rinko_core::records::ledger::rows(&entries)
        .iter()
        .map(|r| r.seq)
        .collect();
    assert_eq!(seqs, [6, 7, 9, 10, 12, 13]);
}

#[test]
fn every_line_of_rinko_0_1_0_serialises_back_to_its_bytes() {
    let (_dir, audit) = copy_of_fixture();
    let (entries, _) = AuditLog::at(&audit).entries().unwrap();
    let lines = fixture_lines();
    assert_eq!(entries.len(), lines.len());
    for (entry, line) in entries.iter().zip(&lines) {
        let again = serde_json::to_vec(entry).unwrap();
        assert!(
            again == *line,
            "seq {}:\n  was {}\n  now {}",
            entry.seq,
            String::from_utf8_lossy(line),
            String::from_utf8_lossy(&again)
        );
    }
}

#[test]
fn appending_to_a_log_of_rinko_0_1_0_keeps_the_chain() {
    let (_dir, audit) = copy_of_fixture();
    let log = AuditLog::at(&audit);
    let before = log.verify().unwrap();
    let witness = Witness {
        user: "tester".into(),
        host: "PC-TEST".into(),
        source_date_epoch: None,
    };
    let entry = log
        .append(Event::new(Operation::KeysGenerate, Outcome::Pass), &witness)
        .unwrap();
    assert_eq!(entry.seq, WRITTEN.len() as u64 + 1);
    assert_eq!(entry.prev, before.head);
    let after = log.verify().expect("still intact after an append");
    assert_eq!(after.entries, WRITTEN.len() + 1);
    let bytes = std::fs::read(log.path()).unwrap();
    let old = std::fs::read(Path::new(FIXTURE).join("audit.jsonl")).unwrap();
    assert!(bytes.starts_with(&old), "the old lines are untouched");
    let last = &bytes[old.len()..bytes.len() - 1];
    assert_eq!(after.head, sha256_hex(last));
    assert_eq!(serde_json::to_vec(&entry).unwrap(), last);
}
