//! Helpers shared by the integration tests that compare Rinko with an external reference.

use std::path::Path;
use std::process::Command;

/// xmllint's verdict on `doc` against `xsd`, or None when xmllint is not installed.
pub fn xmllint_valid(xsd: &Path, doc: &Path) -> Option<bool> {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd)
        .arg(doc)
        .output()
        .ok()?;
    match out.status.code() {
        Some(0) => Some(true),
        Some(3) | Some(4) => Some(false),
        other => panic!(
            "xmllint failed ({other:?}): {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}
