//! Sealing checked files into a bundle with its transfer slip (`rinko bundle`, the app's 封緘),
//! in two steps so that what does not block sealing (警告, forms of another institution) can be
//! shown, or confirmed, before sealing: [`prepare`] checks every file and refuses the batch if
//! any has エラー; [`seal`] seals exactly the bytes that were checked.

use std::path::PathBuf;

use ed25519_dalek::SigningKey;
use zeroize::Zeroizing;

use super::{active_sets, check_options, collect, record, Ask, Env, Phase, SetChoice, Watch};
use crate::bundle::institution::OtherInstitution;
use crate::bundle::make::{self, Made, Refusal};
use crate::check::{BatchStep, CheckOptions, Checker};
use crate::finding::FileReport;
use crate::problem::{About, Code, Problem};
use crate::records::{events, AuditLog, Operation};
use crate::report::BatchReport;

#[derive(Debug, Clone, Default)]
pub struct SealRequest {
    pub paths: Vec<PathBuf>,
    pub sets: SetChoice,
    /// The sending institution's 医療機関コード (10 digits).
    pub institution: String,
    /// `FILE.zip`, or `FILE.7z` when encrypted; the slip goes beside it.
    pub out: PathBuf,
    /// Who carries the medium; the OS user when not given.
    pub operator: Option<String>,
    /// The medium's label (e.g. USB-03), for the ledger and the slip.
    pub medium: Option<String>,
    /// Encrypt with a passphrase from the environment's passphrase source.
    pub encrypt: bool,
    /// Sign with the institution key (`key`, else the data folder's).
    pub sign: bool,
    pub key: Option<PathBuf>,
    /// Refuse forms whose own 医療機関コード is another institution's (else they are named
    /// and marked on the slip).
    pub strict: bool,
    pub today: Option<String>,
}

/// A batch checked and ready to seal.
pub struct Ready {
    parts: Parts,
    checked: make::Checked,
}

/// What sealing needs besides the checked files, gathered by `prepare`.
struct Parts {
    checker: Checker,
    options: CheckOptions,
    files: Vec<PathBuf>,
    operator: String,
    /// Overwritten when sealing is done, or was refused or cancelled.
    passphrase: Option<Zeroizing<String>>,
    signing_key: Option<SigningKey>,
}

impl Ready {
    /// The files with 警告 (they do not block sealing).
    pub fn warned(&self) -> impl Iterator<Item = &FileReport> {
        self.checked.warned()
    }

    /// Forms that name another institution than the bundle's, in input order.
    pub fn other_institution(&self) -> &[OtherInstitution] {
        &self.checked.other_institution
    }
}

/// The files that keep a batch from being sealed; nothing was written.
pub struct Refused {
    /// Every file's report.
    pub reports: Vec<FileReport>,
    /// Files that changed after their check.
    pub changed: Vec<String>,
    /// With `strict`: forms of another institution.
    pub other_institution: Vec<OtherInstitution>,
}

pub enum Prepared {
    Ready(Box<Ready>),
    Refused(Refused),
    /// Stopped between files: nothing was written; the files checked so far.
    Cancelled {
        report: BatchReport,
    },
}

/// The 医療機関コード as `prepare` checks it, for a front-end that checks it as it is typed.
pub fn check_institution(institution: &str) -> Result<(), Problem> {
    make::check_institution(institution)
}

/// Checks everything that can be checked before any file is read (the bundle's name and
/// folder, the institution code), then the signing key and the passphrase, then every file.
pub fn prepare(env: &Env, request: &SealRequest, watch: &Watch) -> Result<Prepared, Problem> {
    make::preflight(&request.out, &request.institution, request.encrypt)?;
    let files = collect(&request.paths, "封緘する", watch)?;
    let signing_key = if request.sign {
        Some(crate::keys::load_signing_key(
            &env.data,
            request.key.as_deref(),
        )?)
    } else {
        None
    };
    let passphrase = if request.encrypt {
        let p = Zeroizing::new(env.passphrase.passphrase(Ask::New)?);
        crate::bundle::crypt::check_passphrase(&p)
            .map_err(|e| Problem::new(Code::PassphraseInvalid, e, About::Passphrase))?;
        Some(p)
    } else {
        None
    };
    let checker = active_sets(env, &request.sets, watch)?;
    let options = check_options(env, request.today.as_deref())?;
    let operator = env.operator(request.operator.as_deref());
    let parts = Parts {
        checker,
        options,
        files,
        operator,
        passphrase,
        signing_key,
    };
    let checked = make::check(
        &parts.checker,
        &make_request(request, &parts),
        &|step: BatchStep<'_>| {
            watch.step(Phase::Checking, step.done, step.total, Some(step.current))
        },
        &|| watch.cancelled(),
    );
    match checked {
        Ok(checked) => Ok(Prepared::Ready(Box::new(Ready { parts, checked }))),
        Err(Refusal::Files {
            reports,
            changed,
            other_institution,
        }) => {
            record(
                env,
                watch,
                events::refused(Operation::Bundle, &parts.checker, reports.clone()),
            );
            Ok(Prepared::Refused(Refused {
                reports,
                changed,
                other_institution,
            }))
        }
        Err(Refusal::Cancelled { reports }) => {
            let report = BatchReport::new(parts.checker.sets(), reports);
            record(
                env,
                watch,
                events::cancelled(events::batch(Operation::Bundle, &report, 1)),
            );
            Ok(Prepared::Cancelled { report })
        }
        Err(Refusal::Failed(problem)) => Err(problem),
    }
}

/// Seals what `prepare` accepted and writes the bundle and its slip, both or neither.
pub fn seal(
    env: &Env,
    request: &SealRequest,
    ready: Ready,
    watch: &Watch,
) -> Result<Made, Problem> {
    watch.step(Phase::Sealing, 0, 0, None);
    let Ready { parts, checked } = ready;
    let make_request = make_request(request, &parts);
    let at = make::SealedAt {
        clock: env.clock.now(),
        audit: audit_state(env),
    };
    let made = make::seal_checked(&parts.checker, &make_request, checked, at)?;
    record(
        env,
        watch,
        events::bundle_made(&parts.checker, &make_request, &made),
    );
    Ok(made)
}

fn make_request<'a>(request: &'a SealRequest, parts: &'a Parts) -> make::Request<'a> {
    make::Request {
        files: &parts.files,
        out: &request.out,
        institution: &request.institution,
        operator: &parts.operator,
        medium: request.medium.as_deref(),
        passphrase: parts.passphrase.as_ref().map(|p| p.as_str()),
        signing_key: parts.signing_key.as_ref(),
        check: &parts.options,
        strict: request.strict,
    }
}

/// The audit log's state, for the transfer slip.
fn audit_state(env: &Env) -> String {
    match AuditLog::at(&env.data.audit()).verify() {
        Ok(intact) => format!(
            "封緘前の記録 {} 件、最新のハッシュ {}",
            intact.entries,
            crate::digest::fingerprint_groups(&intact.head[..16])
        ),
        Err(breaks) => format!(
            "異常あり（{} 箇所。監査ログの検証で確認してください）",
            breaks.len()
        ),
    }
}
