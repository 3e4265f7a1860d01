//! Findings: what the checks say about one file, and the per-file and batch results.
//!
//! A finding is the unit of the report contract (SPEC §4–§5, docs/report-json.md). Every stage
//! produces findings; none of them formats one for display (that is `report`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::digest::Sha256Digest;

/// エラー blocks sealing; 警告 does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label_ja(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code `CATEGORY-NNN` (docs/checks.md).
    pub code: &'static str,
    pub severity: Severity,
    /// The field's Japanese label from the schema's `xs:documentation`.
    pub label: Option<String>,
    /// Element path by local names, `/臨個票/患者/氏名カナ`; `/…/@属性` for an attribute.
    pub path: Option<String>,
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// The offending value, shortened when long.
    pub value: Option<String>,
    pub message: String,
    pub hint: String,
    /// The specification's name for the broken rule (`cvc-pattern-valid`, an XML production, a limit).
    pub constraint: Option<String>,
    /// The engine's own words (English), for IT staff and support.
    pub detail: Option<String>,
}

impl Finding {
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Finding {
            code,
            severity,
            label: None,
            path: None,
            line: None,
            column: None,
            value: None,
            message: message.into(),
            hint: hint.into(),
            constraint: None,
            detail: None,
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message, hint)
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        if let Some(p) = position {
            self.line = Some(p.line);
            self.column = Some(p.column);
        }
        self
    }

    pub fn constraint(mut self, constraint: impl Into<String>) -> Self {
        self.constraint = Some(constraint.into());
        self
    }

    pub fn detail(mut self, detail: impl AsRef<str>) -> Self {
        self.detail = Some(shorten(detail.as_ref(), 2 * MAX_VALUE_CHARS));
        self
    }

    pub fn value(mut self, value: impl AsRef<str>) -> Self {
        self.value = Some(shorten(value.as_ref(), MAX_VALUE_CHARS));
        self
    }
}

/// A line and column, both 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the text, and back to a char boundary).
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: memchr_count(before.as_bytes(), b'\n') + 1,
            column: before[line_start..].chars().count() as u64 + 1,
        }
    }
}

/// Positions of many offsets in one text. Findings come mostly in document order, so each
/// lookup continues from the last one: locating every finding of a file costs one pass over it,
/// not one pass per finding (a 50 MB export on a single line is common).
pub struct Locator<'t> {
    text: &'t str,
    offset: usize,
    position: Position,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Self {
        Locator {
            text,
            offset: 0,
            position: Position { line: 1, column: 1 },
        }
    }

    pub fn locate(&mut self, offset: usize) -> Position {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        if end < self.offset {
            *self = Locator::new(self.text);
        }
        for c in self.text[self.offset..end].chars() {
            if c == '\n' {
                self.position.line += 1;
                self.position.column = 1;
            } else {
                self.position.column += 1;
            }
        }
        self.offset = end;
        self.position
    }
}

fn memchr_count(bytes: &[u8], needle: u8) -> u64 {
    bytes.iter().filter(|&&b| b == needle).count() as u64
}

/// Values longer than this are cut in reports: a 30 MB attribute must not become a 30 MB report.
pub const MAX_VALUE_CHARS: usize = 200;

pub fn shorten(value: &str, max_chars: usize) -> String {
    match value.char_indices().nth(max_chars) {
        None => value.to_string(),
        Some((cut, _)) => format!("{}…（全{}文字）", &value[..cut], value.chars().count()),
    }
}

/// Findings of one document, capped: past the cap they are counted, not kept. What each stage
/// (`validate`, `domain`) hands back, and `check` merges into a `FileReport`.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub omitted: usize,
    pub omitted_error: bool,
}

impl Outcome {
    pub fn push(&mut self, finding: Finding, cap: usize) {
        if self.findings.len() < cap {
            self.findings.push(finding);
        } else {
            self.omitted += 1;
            self.omitted_error |= finding.severity == Severity::Error;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
}

/// The verdict and findings of one input file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    /// SHA-256 of the file's bytes as read; `None` when they could not be read.
    pub sha256: Option<Sha256Digest>,
    pub status: Status,
    /// Schema set id the file was routed to, or the XSD file in ad-hoc mode. Shared by the
    /// files of a batch routed to the same set, as is `form`.
    pub schema_set: Option<Arc<str>>,
    /// The form's name from the route (e.g. 臨個票 2025年版).
    pub form: Option<Arc<str>>,
    pub encoding: Option<&'static str>,
    pub findings: Vec<Finding>,
    /// Findings past the per-file cap, counted but not listed.
    pub findings_omitted: usize,
}

impl FileReport {
    pub fn new(path: String) -> Self {
        FileReport {
            path,
            sha256: None,
            status: Status::Pass,
            schema_set: None,
            form: None,
            encoding: None,
            findings: Vec::new(),
            findings_omitted: 0,
        }
    }

    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }

    /// Sorts findings into reading order, applies the cap and sets the verdict.
    /// A file passes when it has no エラー, counting the omitted ones too.
    pub fn finish(&mut self, cap: usize, omitted_errors: bool) {
        let failed = omitted_errors || self.findings.iter().any(|f| f.severity == Severity::Error);
        self.findings
            .sort_by_key(|f| (f.line.unwrap_or(0), f.column.unwrap_or(0)));
        if self.findings.len() > cap {
            self.findings_omitted += self.findings.len() - cap;
            self.findings.truncate(cap);
        }
        self.status = if failed { Status::Fail } else { Status::Pass };
    }
}

/// Files and findings counted: in reports, and in the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub files: usize,
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn of(files: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for f in files {
            s.count(f);
        }
        s
    }

    /// Counts one more file.
    pub fn count(&mut self, f: &FileReport) {
        self.files += 1;
        match f.status {
            Status::Pass => self.passed += 1,
            Status::Fail => self.failed += 1,
        }
        self.errors += f.errors();
        self.warnings += f.warnings();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "<a>\n  <氏名>x</氏名>";
        let offset = text.find("x").unwrap();
        assert_eq!(
            Position::of_offset(text, offset),
            Position { line: 2, column: 7 }
        );
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        // An offset inside a multi-byte character or past the end is clamped, not a panic.
        assert_eq!(Position::of_offset(text, 9).line, 2);
        assert_eq!(Position::of_offset(text, 10_000).line, 2);
    }

    #[test]
    fn locator_agrees_with_single_lookups_in_any_order() {
        let text = "<a>\n  <氏名>山田</氏名>\n<b/>\n";
        let mut locator = Locator::new(text);
        for offset in [0, 5, 9, 12, 3, 30, 17, 1000] {
            assert_eq!(
                locator.locate(offset),
                Position::of_offset(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn shorten_cuts_long_values_and_says_how_long() {
        assert_eq!(shorten("ヤマダ", 5), "ヤマダ");
        assert_eq!(shorten("ああああああ", 2), "ああ…（全6文字）");
    }

    #[test]
    fn omitted_errors_still_fail_the_file() {
        let mut r = FileReport::new("a.xml".into());
        r.findings
            .push(Finding::new("XSD-001", Severity::Warning, "m", "h"));
        r.finish(10, true);
        assert_eq!(r.status, Status::Fail);
    }
}
