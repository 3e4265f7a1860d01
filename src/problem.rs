//! Why an operation could not run, or what it wants the user to know while it runs: the shape
//! a [`crate::Finding`] has for a document, for an operation. A front-end branches on `code`
//! and places the message by `about` (the CLI names its flag, the app marks the form field);
//! it never matches the text. No message names a command-line flag or command: where the fix
//! is a flag, the CLI says so from the code.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: Code,
    /// Japanese: what is wrong, naming the path or value.
    pub message: String,
    /// Japanese: what to do, when there is more to say than the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    pub about: About,
}

/// A problem's stable identity. Serialised as its kebab-case name (`output-exists`);
/// docs/workflows.md lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// An input path cannot be read, or is not a file or folder.
    InputUnreadable,
    /// The inputs hold no `*.xml` file.
    NoFiles,
    /// A file cannot go into a bundle under its name (not `.xml`, characters a bag cannot
    /// hold, or the name of another input).
    PayloadName,
    /// A limit of the check is 0.
    LimitZero,
    /// A day is not a real YYYY-MM-DD date.
    InvalidDay,
    /// The fixed clock (e.g. `SOURCE_DATE_EPOCH`) is not a moment.
    InvalidClock,
    /// The output file exists and replacing it was not asked for.
    OutputExists,
    /// The output's folder does not exist or is not a folder.
    OutputFolder,
    /// The output's name does not end as its kind requires (.pdf, .html, .zip, .7z).
    OutputName,
    /// The report has more files or findings than a spreadsheet's sheet holds rows.
    ReportTooLarge,
    /// Writing an output failed (permissions, a full disk, a medium that lost the file).
    OutputWrite,
    /// A schema set or XSD cannot be loaded or compiled.
    SchemaSet,
    /// The data folder cannot be found or used.
    DataFolder,
    /// Not a 医療機関コード (its shape or its 検証番号).
    InstitutionCode,
    /// A passphrase is needed and none was given.
    PassphraseMissing,
    /// A passphrase that cannot be used (too short, control characters, unreadable file).
    PassphraseInvalid,
    /// The two entries of a new passphrase differ.
    PassphraseMismatch,
    /// The institution's signing key is not there.
    KeyMissing,
    /// The signing key file can be read by other users.
    KeyExposed,
    /// A key file that is not a key.
    KeyInvalid,
    /// The institution key exists already and is never replaced.
    KeyExists,
    /// A rule pack was refused (hashes, signature, contents, compilation).
    PackRefused,
    /// A rule pack is older than the set in force (a downgrade must be asked for).
    PackDowngrade,
    /// No imported set has that id.
    PackNotFound,
    /// No set in force has that id, or the set has no form of that name.
    SetNotFound,
    /// The bundle to verify cannot be read.
    BundleUnreadable,
    /// Extracting a verified bundle's payload failed; nothing was kept.
    ExtractFailed,
    /// The audit log cannot be read or written.
    AuditLog,
    /// An imported set is damaged and not used (a notice: the other sets go on).
    DamagedSet,
    /// A fault in Rinko itself.
    Internal,
}

/// What a problem is about: the input, value or setting a front-end should point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum About {
    /// The operation as a whole.
    Operation,
    /// An input file or folder.
    Input(PathBuf),
    /// The file the operation writes (the report, the PDF, the bundle, a key).
    Output(PathBuf),
    /// The folder a verified bundle's payload goes to.
    ExtractFolder(PathBuf),
    /// The bundle being verified.
    Bundle(PathBuf),
    /// The day the check takes as today.
    Today,
    /// The fixed clock.
    Clock,
    /// One of the check's limits, by name (`max_file_bytes`, … as in [`crate::Limits`]).
    Limit(&'static str),
    /// The sending institution's 医療機関コード.
    Institution,
    /// The passphrase (or where it was read from).
    Passphrase,
    /// The institution's signing key file.
    SigningKey(PathBuf),
    /// A public key file given to trust or to verify with.
    PublicKey(PathBuf),
    /// A schema-set folder given for this run.
    SchemaSetFolder(PathBuf),
    /// An XSD given for this run.
    Xsd(PathBuf),
    /// The rule pack being imported.
    Pack(PathBuf),
    /// An imported schema set, by id.
    SchemaSetId(String),
    /// The data folder.
    DataFolder(PathBuf),
}

impl Problem {
    /// A problem whose message (and hint) names paths as users know them (`shown`), whoever
    /// wrote them: the OS, the engine or the user.
    pub fn new(code: Code, message: impl Into<String>, about: About) -> Problem {
        Problem {
            code,
            message: shown(message.into()),
            hint: None,
            about,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(shown(hint.into()));
        self
    }

    /// The same problem, about something more specific than where it was found.
    pub fn with_about(mut self, about: About) -> Problem {
        self.about = about;
        self
    }

    pub fn internal(message: impl Into<String>) -> Problem {
        Problem::new(Code::Internal, message, About::Operation)
            .with_hint("Rinko の不具合です。開発元に連絡してください。")
    }
}

fn shown(text: String) -> String {
    match crate::shown::text(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(shown) => shown,
    }
}

/// The message and the hint, for a log line or a test.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "{hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_subjects_serialise_as_stable_names() {
        let p = Problem::new(
            Code::OutputExists,
            "x",
            About::Output(PathBuf::from("a.pdf")),
        );
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["code"], "output-exists");
        assert_eq!(json["about"]["kind"], "output");
        assert_eq!(json["about"]["value"], "a.pdf");
        assert!(json.get("hint").is_none());
        let limit = serde_json::to_value(About::Limit("max_depth")).unwrap();
        assert_eq!(limit["kind"], "limit");
        assert_eq!(limit["value"], "max_depth");
    }
}
