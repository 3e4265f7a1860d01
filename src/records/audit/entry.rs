//! What one line of the log holds, how it is written and read, and what `append` refuses or
//! tidies before a line is written.
//!
//! The line format is a contract with every log already written: a field's name, order and
//! spelling never change, so that old logs still verify and re-serialise to the same bytes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::digest::Sha256Digest;
use crate::finding::Summary;
use crate::report::SetRef;

/// A bundle made or verified (for the ledger).
///
/// Contract: `name` is the bundle's own file name only (no folder, and never a document's name);
/// `institution` is the 医療機関コード, `operator` the staff member who carries the medium,
/// `medium` a description of the medium (e.g. "USB-03"). None of these may hold patient data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BundleRecord {
    pub name: String,
    /// SHA-256 of the bundle, 64 hex digits; empty when a verify refused the bundle before it
    /// could be computed.
    pub fingerprint: String,
    pub files: usize,
    pub bytes: u64,
    pub institution: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    pub encrypted: bool,
    pub signed: bool,
}

/// The name of an operation or outcome that this version does not know: one written by a newer
/// Rinko (or by hand). It is kept as read, so that the line still parses, serialises back to the
/// same bytes and is shown as written. Only reading a log makes one: code that records a new
/// operation adds a variant, with its Japanese name, instead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownName(String);

impl UnknownName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a command did, as the log's `operation` field names it.
///
/// The Japanese names are in `show` (`Operation::name_ja`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Operation {
    Check,
    Print,
    Bundle,
    Verify,
    SchemasImport,
    SchemasTrust,
    SchemasRemove,
    KeysGenerate,
    KeysTrust,
    /// Read from a log, not known to this version.
    Other(UnknownName),
}

impl Operation {
    /// Every operation this version records.
    pub const KNOWN: [Operation; 9] = [
        Operation::Check,
        Operation::Print,
        Operation::Bundle,
        Operation::Verify,
        Operation::SchemasImport,
        Operation::SchemasTrust,
        Operation::SchemasRemove,
        Operation::KeysGenerate,
        Operation::KeysTrust,
    ];

    /// The name in the log. The one place each operation's name is spelled.
    pub fn as_str(&self) -> &str {
        match self {
            Operation::Check => "check",
            Operation::Print => "print",
            Operation::Bundle => "bundle",
            Operation::Verify => "verify",
            Operation::SchemasImport => "schemas-import",
            Operation::SchemasTrust => "schemas-trust",
            Operation::SchemasRemove => "schemas-remove",
            Operation::KeysGenerate => "keys-generate",
            Operation::KeysTrust => "keys-trust",
            Operation::Other(name) => name.as_str(),
        }
    }

    fn named(name: String) -> Operation {
        Operation::KNOWN
            .into_iter()
            .find(|op| op.as_str() == name)
            .unwrap_or(Operation::Other(UnknownName(name)))
    }
}

/// How it ended, as the log's `outcome` field names it.
///
/// The Japanese names are in `show` (`Outcome::name_ja`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Done, and every file passed.
    Pass,
    /// Done, and a file or the bundle failed.
    Fail,
    /// Not done, because of the files (an エラー blocks printing and sealing).
    Refused,
    /// The command itself failed after its verdict (a verify whose extraction failed).
    Error,
    /// Stopped by the user between files: the entry covers the files done.
    Cancelled,
    /// Read from a log, not known to this version.
    Other(UnknownName),
}

impl Outcome {
    /// Every outcome this version records.
    pub const KNOWN: [Outcome; 5] = [
        Outcome::Pass,
        Outcome::Fail,
        Outcome::Refused,
        Outcome::Error,
        Outcome::Cancelled,
    ];

    /// The name in the log. The one place each outcome's name is spelled.
    pub fn as_str(&self) -> &str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Refused => "refused",
            Outcome::Error => "error",
            Outcome::Cancelled => "cancelled",
            Outcome::Other(name) => name.as_str(),
        }
    }

    fn named(name: String) -> Outcome {
        Outcome::KNOWN
            .into_iter()
            .find(|outcome| outcome.as_str() == name)
            .unwrap_or(Outcome::Other(UnknownName(name)))
    }
}

impl Serialize for Operation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Operation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Operation, D::Error> {
        String::deserialize(deserializer).map(Operation::named)
    }
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Outcome, D::Error> {
        String::deserialize(deserializer).map(Outcome::named)
    }
}

/// What a command reports to the log.
///
/// Contract: no patient data and no file or folder names of documents. Inputs are identified by
/// their SHA-256 only, reasons by code only. `append` refuses values that break the mechanical
/// part of this contract (see `vet`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub operation: Operation,
    pub outcome: Outcome,
    pub exit_code: u8,
    pub schema_sets: Vec<SetRef>,
    /// SHA-256 (hex) of each input file, never its name.
    pub inputs: Vec<Sha256Digest>,
    pub counts: Summary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle: Option<BundleRecord>,
    /// Reason codes such as "BUNDLE-HASH" (upper-case ASCII, digits, '-', '_'), never free text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

impl Event {
    /// An event with its operation and outcome only: exit code 0, no sets, inputs, counts,
    /// bundle or reasons.
    pub fn new(operation: Operation, outcome: Outcome) -> Event {
        Event {
            operation,
            outcome,
            exit_code: 0,
            schema_sets: Vec::new(),
            inputs: Vec::new(),
            counts: Summary::default(),
            bundle: None,
            reasons: Vec::new(),
        }
    }
}

/// Who did it, on which PC, and the `SOURCE_DATE_EPOCH` outputs were dated by. The caller says
/// (the command line asks the OS and the environment, the app its own session), so that the
/// log neither reads the environment nor guesses the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// The OS user name.
    pub user: String,
    pub host: String,
    pub source_date_epoch: Option<i64>,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// 1, 2, 3 … in file order.
    pub seq: u64,
    /// SHA-256 (hex) of the previous line's exact bytes without its '\n'; [`super::GENESIS`]
    /// for seq 1.
    pub prev: String,
    /// When it happened, RFC 3339 to the second in UTC ("Z"). The real clock, not
    /// `SOURCE_DATE_EPOCH`: the log records when things happened.
    pub time_utc: String,
    /// The local UTC offset at that moment, e.g. "+09:00".
    pub local_offset: String,
    /// `SOURCE_DATE_EPOCH` when it was set, so that outputs dated by it can be reconciled with
    /// the entry that made them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_date_epoch: Option<i64>,
    /// The OS user name.
    pub user: String,
    pub host: String,
    pub rinko_version: String,
    #[serde(flatten)]
    pub event: Event,
}

/// The entry of `event` at `seq` after `prev`: the real clock's time, and who and where from
/// `witness`, whose names are free text like the event's and are tidied the same way.
pub(super) fn stamp(seq: u64, prev: String, event: Event, witness: &Witness) -> Entry {
    let now = chrono::Local::now();
    let mut user = witness.user.clone();
    tidy_text(&mut user);
    let mut host = witness.host.clone();
    tidy_text(&mut host);
    Entry {
        seq,
        prev,
        time_utc: now
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        local_offset: now.format("%:z").to_string(),
        source_date_epoch: witness.source_date_epoch,
        user,
        host,
        rinko_version: env!("CARGO_PKG_VERSION").into(),
        event,
    }
}

/// The lines of the log: split on '\n', the final terminator dropped; a last line without one
/// (cut short) is still a line.
pub(super) fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    body.split(|&b| b == b'\n').collect()
}

/// An entry, or why the line is not one. The reasons never quote the line: a tampered line
/// could hold anything.
pub(super) fn parse_line(line: &[u8]) -> Result<Entry, &'static str> {
    if line.is_empty() {
        return Err("空行です");
    }
    serde_json::from_slice::<Entry>(line).map_err(|_| {
        if std::str::from_utf8(line).is_err() {
            "UTF-8 の文字列ではありません"
        } else if serde_json::from_slice::<serde_json::Value>(line).is_err() {
            "JSON として読めません。途中で切れているか、書き換えられています"
        } else {
            "記録の項目が足りないか、形式が違います"
        }
    })
}

/// Refuses what cannot be within the `Event` contract: a value where a hash or a code belongs
/// that is neither (a path, a name) is a caller's slip that must not reach the log. A known
/// operation or outcome is a code by construction; an unknown one came from some log and is
/// held to the shape of a code.
pub(super) fn vet(event: &Event) -> Result<(), String> {
    let refuse = |field: String| {
        Err(format!(
            "内部エラー: 監査ログに記録できない値が渡されました（{field}）。記録はしていません。開発元に連絡してください。"
        ))
    };
    if let Operation::Other(name) = &event.operation {
        if !is_word(name.as_str(), |c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
        }) {
            return refuse("operation".into());
        }
    }
    if let Outcome::Other(name) = &event.outcome {
        if !is_word(name.as_str(), |c| c.is_ascii_lowercase() || c == '-') {
            return refuse("outcome".into());
        }
    }
    for (i, set) in event.schema_sets.iter().enumerate() {
        if !is_hex64(&set.sha256) {
            return refuse(format!("schema_sets[{i}].sha256"));
        }
    }
    for (i, reason) in event.reasons.iter().enumerate() {
        if !is_word(reason, |c| {
            c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_'
        }) {
            return refuse(format!("reasons[{i}]"));
        }
    }
    if let Some(bundle) = &event.bundle {
        // Empty when a bundle was refused before its fingerprint could be computed.
        if !(bundle.fingerprint.is_empty() || is_hex64(&bundle.fingerprint)) {
            return refuse("bundle.fingerprint".into());
        }
    }
    Ok(())
}

/// The longest text field kept, in characters.
pub(super) const MAX_TEXT: usize = 128;

/// Makes the free-text fields one short line each, and the bundle name a bare file name.
/// Refusing instead would lose the record of a verify whose bundle carries hostile metadata
/// (the institution of a received bundle comes from the bundle itself).
pub(super) fn tidy(event: &mut Event) {
    for set in &mut event.schema_sets {
        tidy_text(&mut set.id);
        tidy_text(&mut set.version);
    }
    if let Some(bundle) = &mut event.bundle {
        if let Some(i) = bundle.name.rfind(['/', '\\']) {
            bundle.name.drain(..=i);
        }
        tidy_text(&mut bundle.name);
        tidy_text(&mut bundle.institution);
        tidy_text(&mut bundle.operator);
        if let Some(medium) = &mut bundle.medium {
            tidy_text(medium);
        }
    }
}

fn tidy_text(text: &mut String) {
    if text.chars().count() <= MAX_TEXT && !text.chars().any(char::is_control) {
        return;
    }
    let mut tidied: String = text
        .chars()
        .take(MAX_TEXT)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > MAX_TEXT {
        tidied.push('…');
    }
    *text = tidied;
}

/// A short code: 1 to 64 characters, all allowed by `ok`.
fn is_word(s: &str, ok: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(ok)
}

pub(super) fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{bundle_event, event, lines, witness};
    use super::super::AuditLog;
    use super::*;

    #[test]
    fn operations_and_outcomes_are_written_by_their_names() {
        let names: Vec<String> = Operation::KNOWN
            .iter()
            .map(|op| serde_json::to_string(op).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "\"check\"",
                "\"print\"",
                "\"bundle\"",
                "\"verify\"",
                "\"schemas-import\"",
                "\"schemas-trust\"",
                "\"schemas-remove\"",
                "\"keys-generate\"",
                "\"keys-trust\"",
            ]
        );
        for op in Operation::KNOWN {
            let json = serde_json::to_string(&op).unwrap();
            assert_eq!(serde_json::from_str::<Operation>(&json).unwrap(), op);
        }
        let names: Vec<String> = Outcome::KNOWN
            .iter()
            .map(|o| serde_json::to_string(o).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "\"pass\"",
                "\"fail\"",
                "\"refused\"",
                "\"error\"",
                "\"cancelled\""
            ]
        );
        for outcome in Outcome::KNOWN {
            let json = serde_json::to_string(&outcome).unwrap();
            assert_eq!(serde_json::from_str::<Outcome>(&json).unwrap(), outcome);
        }
    }

    #[test]
    fn names_a_newer_rinko_writes_are_kept_as_written() {
        let op: Operation = serde_json::from_str("\"schemas-export\"").unwrap();
        assert!(
            matches!(&op, Operation::Other(name) if name.as_str() == "schemas-export"),
            "{op:?}"
        );
        assert_eq!(serde_json::to_string(&op).unwrap(), "\"schemas-export\"");
        let outcome: Outcome = serde_json::from_str("\"partial\"").unwrap();
        assert!(matches!(&outcome, Outcome::Other(name) if name.as_str() == "partial"));
        assert_eq!(serde_json::to_string(&outcome).unwrap(), "\"partial\"");
        // Names are compared exactly: another spelling is not the known operation.
        let op: Operation = serde_json::from_str("\"Check\"").unwrap();
        assert!(matches!(op, Operation::Other(_)), "{op:?}");

        // A whole line of a newer version reads, and serialises back to its bytes.
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        log.append(event(1), &witness()).unwrap();
        let line = lines(&log)[0].replace("\"check\"", "\"schemas-export\"");
        let entry = parse_line(line.as_bytes()).unwrap();
        assert_eq!(entry.event.operation, op_named("schemas-export"));
        assert_eq!(serde_json::to_string(&entry).unwrap(), line);
    }

    fn op_named(name: &str) -> Operation {
        serde_json::from_str(&serde_json::to_string(name).unwrap()).unwrap()
    }

    #[test]
    fn unknown_names_are_held_to_the_shape_of_a_code() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        let mut bad = event(1);
        bad.operation = op_named("山田太郎_臨個票.xml");
        assert!(log
            .append(bad, &witness())
            .unwrap_err()
            .contains("operation"));
        let mut bad = event(1);
        bad.outcome = serde_json::from_str("\"C:\\\\out\"").unwrap();
        assert!(log.append(bad, &witness()).unwrap_err().contains("outcome"));
        assert!(
            !log.path().exists(),
            "nothing may be written for a refused event"
        );
        let mut newer = event(1);
        newer.operation = op_named("schemas-export");
        let written = log.append(newer, &witness()).unwrap();
        assert_eq!(written.event.operation, op_named("schemas-export"));
    }

    #[test]
    fn names_where_hashes_belong_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        // An input is a `Sha256Digest`, so a name cannot even be put there; one edited into
        // the log does not read as an entry.
        let line = serde_json::to_string(&event(1)).unwrap();
        let hash = event(1).inputs[0].to_string();
        let edited = line.replace(&hash, "山田太郎_臨個票.xml");
        assert_ne!(edited, line);
        assert!(serde_json::from_str::<Event>(&edited).is_err());
        let mut bad = event(1);
        bad.reasons = vec!["患者 山田の書類".into()];
        assert!(log
            .append(bad, &witness())
            .unwrap_err()
            .contains("reasons[0]"));
        let mut bad = bundle_event();
        bad.bundle.as_mut().unwrap().fingerprint = "C:\\out\\bundle.7z".into();
        assert!(log
            .append(bad, &witness())
            .unwrap_err()
            .contains("bundle.fingerprint"));
        assert!(
            !log.path().exists(),
            "nothing may be written for a refused event"
        );
    }

    #[test]
    fn free_text_is_kept_to_one_short_line() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        let mut e = bundle_event();
        let b = e.bundle.as_mut().unwrap();
        b.name = "C:\\患者\\out.7z".into();
        b.institution = format!("13\n{}", "x".repeat(500));
        b.fingerprint = String::new();
        e.schema_sets[0].version = String::new(); // an ad-hoc --xsd set has none
        let written = log.append(e, &witness()).unwrap();
        let b = written.event.bundle.as_ref().unwrap();
        assert_eq!(b.name, "out.7z");
        assert!(b.institution.starts_with("13 xxx"), "{}", b.institution);
        assert_eq!(b.institution.chars().count(), MAX_TEXT + 1);
        assert_eq!(log.entries().unwrap().0, vec![written]);
        assert!(log.verify().is_ok());
    }

    #[test]
    fn the_witness_is_recorded_as_told_and_tidied_like_free_text() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        let told = Witness {
            user: "yamada".into(),
            host: "PC-01".into(),
            source_date_epoch: Some(1_767_225_600),
        };
        let written = log.append(event(1), &told).unwrap();
        assert_eq!(
            (
                written.user.as_str(),
                written.host.as_str(),
                written.source_date_epoch
            ),
            ("yamada", "PC-01", Some(1_767_225_600))
        );
        let hostile = Witness {
            user: format!("a\nb{}", "u".repeat(300)),
            host: "PC\r\n01".into(),
            source_date_epoch: None,
        };
        let written = log.append(event(2), &hostile).unwrap();
        assert!(written.user.starts_with("a b"), "{}", written.user);
        assert_eq!(written.user.chars().count(), MAX_TEXT + 1);
        assert_eq!(written.host, "PC  01");
        assert_eq!(written.source_date_epoch, None);
        assert!(!lines(&log)[1].contains("source_date_epoch"));
        assert_eq!(log.verify().unwrap().entries, 2);
    }

    #[test]
    fn a_line_holds_only_the_documented_fields() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        let mut e = bundle_event();
        e.reasons = vec!["BUNDLE-HASH".into()];
        let dated = Witness {
            source_date_epoch: Some(1_767_225_600),
            ..witness()
        };
        log.append(e, &dated).unwrap();
        let line = &lines(&log)[0];
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        let mut top: Vec<String> = [
            "seq",
            "prev",
            "time_utc",
            "local_offset",
            "source_date_epoch",
            "user",
            "host",
            "rinko_version",
            "operation",
            "outcome",
            "exit_code",
            "schema_sets",
            "inputs",
            "counts",
            "bundle",
            "reasons",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        top.sort();
        assert_eq!(keys(&value), top);
        let sorted = |mut v: Vec<&str>| {
            v.sort();
            v.into_iter().map(String::from).collect::<Vec<_>>()
        };
        assert_eq!(
            keys(&value["counts"]),
            sorted(vec!["files", "passed", "failed", "errors", "warnings"])
        );
        assert_eq!(
            keys(&value["schema_sets"][0]),
            sorted(vec!["id", "version", "sha256"])
        );
        assert_eq!(
            keys(&value["bundle"]),
            sorted(vec![
                "name",
                "fingerprint",
                "files",
                "bytes",
                "institution",
                "operator",
                "medium",
                "encrypted",
                "signed",
            ])
        );
        // One compact line, no pretty printing.
        assert!(!line.contains('\n') && !line.contains(": "));
    }
}
