//! The log's entries for what the commands do, built in one place for the command line and the
//! app alike. Inputs appear as SHA-256 only; bundles by their own file name and seal.

use std::path::Path;

use super::{BundleRecord, Event, Operation, Outcome};
use crate::bundle::make::{Made, Request};
use crate::bundle::verify::Verification;
use crate::check::Checker;
use crate::digest::Sha256Digest;
use crate::finding::{FileReport, Summary};
use crate::pack::Removed;
use crate::report::{BatchReport, SetRef};
use crate::schema_set::SchemaSetDef;
use ed25519_dalek::VerifyingKey;

/// A batch of checked files (check, print): its verdict from the exit code.
pub fn batch(operation: Operation, report: &BatchReport, exit_code: u8) -> Event {
    // Sized once: doubling a list of 10,000 hashes would hold up to twice of it.
    let mut inputs = Vec::with_capacity(report.files.len());
    inputs.extend(report.files.iter().filter_map(|f| f.sha256));
    batch_of(
        operation,
        &report.schema_sets,
        inputs,
        report.summary.clone(),
        exit_code,
    )
}

/// `batch` for a batch whose reports were not kept: the hashes of the files that could be
/// read, and the counts.
pub fn batch_of(
    operation: Operation,
    schema_sets: &[SetRef],
    inputs: Vec<Sha256Digest>,
    counts: Summary,
    exit_code: u8,
) -> Event {
    Event {
        exit_code,
        schema_sets: schema_sets.to_vec(),
        inputs,
        counts,
        ..Event::new(
            operation,
            if exit_code == 0 {
                Outcome::Pass
            } else {
                Outcome::Fail
            },
        )
    }
}

/// A batch stopped by the user: the entry of what it did, marked as cancelled.
pub fn cancelled(event: Event) -> Event {
    Event {
        outcome: Outcome::Cancelled,
        ..event
    }
}

/// Files an operation refused to work on (print, bundle): exit 1, nothing written.
pub fn refused(operation: Operation, checker: &Checker, reports: Vec<FileReport>) -> Event {
    Event {
        outcome: Outcome::Refused,
        ..batch(operation, &BatchReport::new(checker.sets(), reports), 1)
    }
}

pub fn bundle_made(checker: &Checker, request: &Request<'_>, made: &Made) -> Event {
    Event {
        bundle: Some(BundleRecord {
            name: file_name(&made.out),
            fingerprint: made.sealed.fingerprint.clone(),
            files: made.sealed.files.len(),
            bytes: made.sealed.payload_bytes,
            institution: request.institution.to_string(),
            operator: request.operator.to_string(),
            medium: request.medium.map(str::to_string),
            encrypted: request.passphrase.is_some(),
            signed: request.signing_key.is_some(),
        }),
        ..batch(
            Operation::Bundle,
            &BatchReport::new(checker.sets(), made.reports.clone()),
            0,
        )
    }
}

/// A verification: the bundle file's own hash as the input, the rejections' codes as reasons.
pub fn verified(
    checker: &Checker,
    v: &Verification,
    bundle: &Path,
    operator: &str,
    medium: Option<&str>,
    exit_code: u8,
) -> Event {
    let mut reasons: Vec<String> = v.rejections.iter().map(|r| r.code.to_string()).collect();
    reasons.sort();
    reasons.dedup();
    Event {
        // A bundle that passed but could not be extracted is an error of the command.
        outcome: match (exit_code, v.passed()) {
            (2, _) => Outcome::Error,
            (_, true) => Outcome::Pass,
            (_, false) => Outcome::Fail,
        },
        inputs: v
            .sha256
            .iter()
            .filter_map(|h| Sha256Digest::from_hex(h))
            .collect(),
        reasons,
        bundle: Some(BundleRecord {
            name: file_name(bundle),
            fingerprint: v.fingerprint.clone().unwrap_or_default(),
            files: v.payload.len(),
            bytes: v.payload_bytes(),
            institution: v
                .info
                .get("Source-Organization")
                .unwrap_or_default()
                .to_string(),
            operator: operator.to_string(),
            medium: medium.map(str::to_string),
            encrypted: v.encrypted,
            signed: v.validly_signed(),
        }),
        ..batch(
            Operation::Verify,
            &BatchReport::new(checker.sets(), v.reports.clone()),
            exit_code,
        )
    }
}

/// A rule pack imported; a downgrade (allowed with `--allow-downgrade`) says so as a reason.
pub fn pack_imported(set: &SchemaSetDef, downgrade: bool) -> Event {
    Event {
        schema_sets: vec![SetRef::of(set)],
        reasons: if downgrade {
            vec!["PACK-DOWNGRADE".into()]
        } else {
            Vec::new()
        },
        ..Event::new(Operation::SchemasImport, Outcome::Pass)
    }
}

/// An imported set removed: the set when it still loaded, and its manifest's hash.
pub fn pack_removed(removed: &Removed) -> Event {
    Event {
        schema_sets: removed.set.iter().map(SetRef::of).collect(),
        inputs: removed
            .manifest_sha256
            .iter()
            .filter_map(|h| Sha256Digest::from_hex(h))
            .collect(),
        ..Event::new(Operation::SchemasRemove, Outcome::Pass)
    }
}

/// The institution's signing key made (the entry holds nothing of the key).
pub fn key_generated() -> Event {
    Event::new(Operation::KeysGenerate, Outcome::Pass)
}

/// A public key trusted ([`Operation::KeysTrust`], [`Operation::SchemasTrust`]): the SHA-256
/// of the key, whose first digits are its fingerprint.
pub fn key_trusted(operation: Operation, key: &VerifyingKey) -> Event {
    Event {
        inputs: vec![Sha256Digest::of(key.as_bytes())],
        ..Event::new(operation, Outcome::Pass)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
