//! The forms' own 医療機関コード against the bundle's (`--institution`): a bundle sealed under one
//! institution should carry that institution's forms only. Which field holds the code is the
//! schema set's data (`institution_code` in checks.toml); the value is read, with the domain
//! checks' own reader, from the very bytes that were checked and routed. Nothing here judges the
//! code itself: its shape and check digit are the check's (XSD-, DIGIT-).

use crate::check::Checker;
use crate::domain::Document;
use crate::finding::FileReport;

/// A checked file whose form names another institution than the bundle's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherInstitution {
    /// The file as the user gave it.
    pub path: String,
    /// Its path in the bag (`data/…`), as the slip lists it.
    pub bag_path: String,
    /// The 医療機関コード the form declares.
    pub code: String,
}

/// The 医療機関コード a checked document declares, when its set names the field and the
/// document carries it.
pub fn declared(checker: &Checker, report: &FileReport, bytes: &[u8]) -> Option<String> {
    let set = checker
        .sets()
        .iter()
        .find(|s| Some(s.manifest.id.as_str()) == report.schema_set.as_deref())?;
    let path = set.checks()?.institution_code.as_deref()?;
    // The bytes passed the check, so they decode; a file that did not is not judged here.
    let text = crate::encoding::decode(bytes.to_vec()).ok()?.text;
    let code = Document::read(&text).first(path)?.trimmed().to_string();
    (!code.is_empty()).then_some(code)
}
