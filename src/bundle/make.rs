//! `rinko bundle` as a workflow the command line and the app share, in two steps so that what
//! does not block sealing (警告, forms of another institution) is shown before sealing: `check`
//! checks every file and refuses the batch if any has エラー; `seal_checked` seals exactly the
//! bytes that were checked and writes the bundle and its slip without replacing anything.

use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;

use super::institution::{self, OtherInstitution};
use super::{crypt, seal, slip, Payload, SealInfo, Sealed};
use crate::check::{BatchStep, CheckOptions, Checker};
use crate::finding::{FileReport, Status};
use crate::problem::{About, Code, Problem};
use crate::report::SetRef;
use crate::schema_set::CheckDigit;

pub struct Request<'a> {
    pub files: &'a [PathBuf],
    /// `FILE.zip`, or `FILE.7z` with a passphrase.
    pub out: &'a Path,
    pub institution: &'a str,
    pub operator: &'a str,
    pub medium: Option<&'a str>,
    pub passphrase: Option<&'a str>,
    pub signing_key: Option<&'a SigningKey>,
    pub check: &'a CheckOptions,
    /// Refuse forms whose own 医療機関コード is not `institution` (otherwise they are named,
    /// and marked on the slip).
    pub strict: bool,
}

/// A batch checked and ready to seal: the bytes that were checked, and what the user should
/// see before sealing.
pub struct Checked {
    pub reports: Vec<FileReport>,
    payload: Vec<Payload>,
    /// Forms that name another institution than the bundle's, in input order.
    pub other_institution: Vec<OtherInstitution>,
}

impl Checked {
    /// The files with 警告 (they do not block sealing).
    pub fn warned(&self) -> impl Iterator<Item = &FileReport> {
        self.reports.iter().filter(|r| r.warnings() > 0)
    }
}

pub struct Made {
    pub out: PathBuf,
    pub slip: PathBuf,
    pub sealed: Sealed,
    pub reports: Vec<FileReport>,
}

pub enum Refusal {
    /// Some file has エラー or changed while being sealed, or (with `strict`) names another
    /// institution: nothing was written. Exit 1. The reports are those of every file;
    /// `changed` names the files that changed.
    Files {
        reports: Vec<FileReport>,
        changed: Vec<String>,
        other_institution: Vec<OtherInstitution>,
    },
    /// Stopped between files at the user's request: nothing was written. The reports are
    /// those of the files checked.
    Cancelled { reports: Vec<FileReport> },
    /// The operation could not run. Exit 2.
    Failed(Problem),
}

impl From<Problem> for Refusal {
    fn from(problem: Problem) -> Self {
        Refusal::Failed(problem)
    }
}

/// The slip beside the bundle: `<stem>-媒体持出記録票.pdf`.
pub fn slip_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!("{stem}-媒体持出記録票.pdf"))
}

/// Checks what can be checked before any file is read: the names and the institution code.
/// Returns the bag's name.
pub fn preflight(out: &Path, institution: &str, encrypted: bool) -> Result<String, Problem> {
    let file_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let wrong_name =
        |message: String| Problem::new(Code::OutputName, message, About::Output(out.to_path_buf()));
    match (encrypted, extension.as_str()) {
        (false, "zip") | (true, "7z") => {}
        (false, _) => {
            return Err(wrong_name(format!(
                "バンドル「{}」の名前は .zip で終わるようにしてください（暗号化するときは .7z）。",
                out.display()
            )))
        }
        (true, _) => {
            return Err(wrong_name(format!(
            "暗号化したバンドルは 7z です。バンドル「{}」の名前を .7z で終わるようにしてください。",
            out.display()
        )))
        }
    }
    check_institution(institution)?;
    let folder = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::output::existing_folder(folder)
        .map_err(|p| p.with_about(About::Output(out.to_path_buf())))?;
    for path in [out.to_path_buf(), slip_path(out)] {
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(Problem::new(
                Code::OutputExists,
                format!(
                    "{} は既にあります。バンドルと記録票は上書きしません。",
                    path.display()
                ),
                About::Output(out.to_path_buf()),
            ));
        }
    }
    super::bag_name(&file_name).map_err(wrong_name)
}

/// The sending institution's 医療機関コード, by its DIGIT rule: the front-ends check it as it
/// is given (the app as it is typed), before any file is read.
pub fn check_institution(institution: &str) -> Result<(), Problem> {
    CheckDigit::Institution
        .verify(institution)
        .map_err(|e| {
            let message = match e {
                crate::domain::DigitError::Shape(shape) => format!(
                    "{institution} は医療機関コードになっていません。{shape}の数字で指定してください。"
                ),
                crate::domain::DigitError::Mismatch => format!(
                    "医療機関コード {institution} の検証番号（10 桁目）が合いません。番号を確かめてください。"
                ),
            };
            Problem::new(Code::InstitutionCode, message, About::Institution)
        })
}

/// Checks every file and reads the bytes to seal; refuses when any has エラー or changed since
/// its check, or, with `strict`, when a form names another institution.
/// The check runs as a batch: `progress` hears of each file, and `stop` can end it between
/// files, which refuses the batch as cancelled.
pub fn check(
    checker: &Checker,
    request: &Request<'_>,
    progress: &(dyn Fn(BatchStep<'_>) + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Checked, Refusal> {
    preflight(
        request.out,
        request.institution,
        request.passphrase.is_some(),
    )?;
    let names = payload_names(request.files)
        .map_err(|message| Problem::new(Code::PayloadName, message, About::Operation))?;
    let batch = checker.check_batch(request.files, request.check, progress, stop);
    if batch.cancelled {
        return Err(Refusal::Cancelled {
            reports: batch.reports,
        });
    }
    let reports = batch.reports;
    let any_failed = reports.iter().any(|r| r.status != Status::Pass);
    let mut changed = Vec::new();
    let mut payload = Vec::new();
    let mut other_institution = Vec::new();
    if !any_failed {
        for ((path, name), report) in request.files.iter().zip(names).zip(&reports) {
            // Seal the bytes that were checked: a file changed since is refused, not trusted.
            let bytes = std::fs::read(path).map_err(|e| {
                Problem::new(
                    Code::InputUnreadable,
                    format!("{}: {}", path.display(), crate::read::io_reason_ja(&e)),
                    About::Input(path.clone()),
                )
            })?;
            if Some(crate::digest::Sha256Digest::of(&bytes)) != report.sha256 {
                changed.push(format!(
                    "{}: 検査の後に変更されました。もう一度実行してください。",
                    path.display()
                ));
            }
            match institution::declared(checker, report, &bytes) {
                Some(code) if code != request.institution => {
                    other_institution.push(OtherInstitution {
                        path: report.path.clone(),
                        bag_path: format!("{}{name}", super::bag::PAYLOAD_DIR),
                        code,
                    })
                }
                _ => {}
            }
            payload.push(Payload {
                name,
                bytes,
                report: report.clone(),
            });
        }
    }
    if any_failed || !changed.is_empty() || (request.strict && !other_institution.is_empty()) {
        return Err(Refusal::Files {
            reports,
            changed,
            other_institution,
        });
    }
    Ok(Checked {
        reports,
        payload,
        other_institution,
    })
}

/// When and after what a bundle is sealed: the moment the bundle and its slip are dated by, and
/// the audit log's state the slip records.
pub struct SealedAt {
    pub clock: chrono::DateTime<chrono::Utc>,
    pub audit: String,
}

/// Seals what `check` accepted and writes the bundle and its slip, both or neither.
pub fn seal_checked(
    checker: &Checker,
    request: &Request<'_>,
    checked: Checked,
    at: SealedAt,
) -> Result<Made, Problem> {
    let bag_name = preflight(
        request.out,
        request.institution,
        request.passphrase.is_some(),
    )?;
    let Checked {
        reports,
        payload,
        other_institution,
    } = checked;
    let clock = at.clock;
    let schema_sets: Vec<SetRef> = checker.sets().iter().map(SetRef::of).collect();
    let sealed = seal(
        payload,
        &SealInfo {
            bag_name: &bag_name,
            institution: request.institution,
            operator: request.operator,
            clock,
            schema_sets: &schema_sets,
            signing_key: request.signing_key,
        },
    )
    .map_err(Problem::internal)?;
    let file_name = request
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = match request.passphrase {
        Some(passphrase) => crypt::encrypt(&format!("{bag_name}.zip"), &sealed.zip, passphrase)
            .map_err(Problem::internal)?,
        None => sealed.zip.clone(),
    };
    let local = clock.with_timezone(&chrono::Local);
    let form = slip::form(
        &sealed,
        &slip::SlipInfo {
            file_name: &file_name,
            institution: request.institution,
            operator: request.operator,
            medium: request.medium,
            sealed_at: &local.format("%Y-%m-%d %H:%M:%S (UTC%:z)").to_string(),
            encrypted: request.passphrase.is_some(),
            schema_sets: schema_sets
                .iter()
                .map(|s| format!("{} {}", s.id, s.version))
                .collect(),
            audit: at.audit,
            other_institution: &other_institution,
        },
    );
    // The slip lists every file, however many pages that takes.
    let pdf = crate::print::to_pdf_uncapped(
        &[form],
        &crate::print::Meta {
            title: "媒体持出記録票",
            printed_at: clock,
        },
    )
    .map_err(Problem::internal)?;
    let slip = slip_path(request.out);
    crate::output::write_new(request.out, &bytes, false)?;
    // Read back and compared. Through the OS cache this catches a file system that lost or
    // cut the file, not every bad sector: `rinko verify` on the other side checks the rest.
    if std::fs::read(request.out).ok().as_deref() != Some(bytes.as_slice()) {
        let _ = std::fs::remove_file(request.out);
        return Err(Problem::new(
            Code::OutputWrite,
            format!(
                "書き込んだ {} を読み直すと内容が違います（媒体の不良の疑い）。別の媒体に作り直してください。",
                request.out.display()
            ),
            About::Output(request.out.to_path_buf()),
        ));
    }
    if let Err(e) = crate::output::write_new(&slip, &pdf, false) {
        // A bundle without its slip would cross unrecorded: neither is kept.
        let _ = std::fs::remove_file(request.out);
        return Err(e);
    }
    Ok(Made {
        out: request.out.to_path_buf(),
        slip,
        sealed,
        reports,
    })
}

/// Each file's name in the bag; two files of the same name would overwrite each other there.
fn payload_names(files: &[PathBuf]) -> Result<Vec<String>, String> {
    let mut seen: std::collections::HashMap<String, &Path> = std::collections::HashMap::new();
    let mut names = Vec::new();
    for path in files {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = super::payload_name(&file_name)?;
        if let Some(earlier) = seen.insert(name.to_lowercase(), path) {
            return Err(format!(
                "{} と {} は同じ名前です。バンドルの中では一つのフォルダーに入るため、名前を変えるか別のバンドルにしてください。",
                earlier.display(),
                path.display()
            ));
        }
        names.push(name);
    }
    Ok(names)
}
