//! What the fuzz targets share: the checker on the default sets, built once per process, and
//! the invariants every report must keep whatever the input was.

use std::sync::OnceLock;

use rinko_core::report::{write_csv, write_json, BatchReport};
use rinko_core::{CheckOptions, Checker, FileReport, SchemaSetDef, Severity, Status};

/// The date the checks take as today: a fixed one, so that a crash replays the same way.
pub const TODAY: &str = "2026-12-01";

pub fn options() -> CheckOptions {
    CheckOptions {
        today: Some(TODAY.into()),
        ..CheckOptions::default()
    }
}

/// The checker on the embedded default sets.
pub fn default_checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER
        .get_or_init(|| Checker::new(SchemaSetDef::embedded()).expect("the embedded sets compile"))
}

/// A verdict always; a READ- finding never passes; a pass has no エラー and a failure has one
/// (or counted ones past the cap); every message is there; the reports render to JSON that
/// parses back and to CSV, the same bytes each time.
pub fn assert_report(report: &FileReport, sets: &[SchemaSetDef]) {
    let read_failure = report.findings.iter().any(|f| f.code.starts_with("READ-"));
    let errors = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    match report.status {
        Status::Pass => {
            assert!(
                !read_failure && !errors,
                "a pass with an エラー: {report:#?}"
            );
        }
        Status::Fail => assert!(
            errors || report.findings_omitted > 0,
            "a failure without an エラー: {report:#?}"
        ),
    }
    for f in &report.findings {
        assert!(
            !f.message.trim().is_empty(),
            "a finding without a message: {f:#?}"
        );
    }
    let batch = BatchReport::new(sets, vec![report.clone()]);
    let json = render_json(&batch);
    let parsed: serde_json::Value =
        serde_json::from_slice(&json).expect("the JSON report parses back");
    assert_eq!(parsed["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(json, render_json(&batch), "JSON rendering is deterministic");
    let mut csv = Vec::new();
    write_csv(&batch, &mut csv).expect("CSV renders into memory");
}

fn render_json(batch: &BatchReport) -> Vec<u8> {
    let mut out = Vec::new();
    write_json(batch, &mut out).expect("JSON renders into memory");
    out
}

/// The 医療機関コード the seed bundles are sealed for (its check digit holds).
pub const INSTITUTION: &str = "0110113719";

/// The passphrase a fuzzed encrypted bundle is opened with.
pub const PASSPHRASE: &str = "fuzzing-passphrase-0001";

/// Verifies bundle bytes on the default sets, with no trusted key, and holds the verifier to
/// its promises: a pass has no rejection, only checked files that pass and safe names; a
/// verification that did not pass extracts nothing; one that passed extracts exactly its
/// payload into an empty folder.
pub fn verify_and_extract(bytes: &[u8]) -> rinko_core::bundle::verify::Verification {
    use rinko_core::bundle::verify::{extract, verify};
    let checker = default_checker();
    let v = match verify(
        bytes,
        || Ok(PASSPHRASE.to_string()),
        &[],
        checker,
        &options(),
    ) {
        Ok(v) => v,
        Err(problem) => panic!("verify gives a verdict, not a problem: {problem:?}"),
    };
    for r in &v.rejections {
        assert!(
            r.code.starts_with("BUNDLE-") && !r.message.is_empty(),
            "{r:?}"
        );
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let target = dir.path().join("out");
    std::fs::create_dir(&target).expect("an empty folder");
    match extract(&v, &target) {
        Ok(written) => {
            assert!(v.passed(), "extracted from a bundle that did not pass");
            assert!(!v.payload.is_empty() && v.reports.len() == v.payload.len());
            assert!(v.reports.iter().all(|r| r.status == Status::Pass));
            assert_eq!(written.len(), v.payload.len());
            for (name, bytes) in &v.payload {
                assert!(rinko_core::archive::is_safe_relative(name), "{name}");
                assert_eq!(&std::fs::read(target.join(name)).expect("extracted"), bytes);
            }
        }
        Err(_) => {
            let left = std::fs::read_dir(&target).map(|d| d.count()).unwrap_or(0);
            assert_eq!(left, 0, "a refused extraction left files behind");
        }
    }
    v
}
