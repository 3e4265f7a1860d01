//! Verifying a bundle on the receiving PC, and extracting its payload after a pass (`rinko
//! verify`, the app's 検証).

use std::path::{Path, PathBuf};

use super::{active_sets, check_options, record, Ask, Env, Phase, SetChoice, Watch};
use crate::bundle::verify::{self as bundle_verify, Verification};
use crate::data::KeyUse;
use crate::problem::{About, Code, Problem};
use crate::records::events;

#[derive(Debug, Clone, Default)]
pub struct VerifyRequest {
    /// The bundle (.zip or .7z).
    pub bundle: PathBuf,
    pub sets: SetChoice,
    /// Write the payload here after a pass (an existing folder; nothing is replaced).
    pub extract: Option<PathBuf>,
    /// Public keys trusted for this run, besides those of the data folder.
    pub trusted_keys: Vec<PathBuf>,
    /// Who verified; the OS user when not given.
    pub operator: Option<String>,
    pub medium: Option<String>,
    pub today: Option<String>,
}

pub struct Verified {
    pub verification: Verification,
    /// What extraction did, when it was asked for and the bundle passed.
    pub extracted: Option<Result<Vec<PathBuf>, Problem>>,
}

impl Verified {
    /// 0: passed (and extracted when asked); 1: rejected; 2: passed but the extraction failed.
    pub fn exit_code(&self) -> u8 {
        match (&self.extracted, self.verification.passed()) {
            (Some(Err(_)), _) => 2,
            (_, true) => 0,
            (_, false) => 1,
        }
    }
}

/// The app extracts only into an empty folder that the user chose for it, so that the payload
/// is never mixed with other files; the command line's `--extract` only never replaces one.
pub fn empty_folder(dir: &Path) -> Result<(), Problem> {
    let about = || About::ExtractFolder(dir.to_path_buf());
    crate::output::existing_folder(dir).map_err(|p| p.with_about(about()))?;
    let mut entries = std::fs::read_dir(dir).map_err(|e| {
        Problem::new(
            Code::OutputWrite,
            format!(
                "取り出し先のフォルダー「{}」を開けません: {}",
                dir.display(),
                crate::read::io_reason_ja(&e)
            ),
            about(),
        )
    })?;
    if entries.next().is_some() {
        return Err(Problem::new(
            Code::OutputExists,
            format!(
                "取り出し先のフォルダー「{}」は空ではありません。空のフォルダーを選んでください。",
                dir.display()
            ),
            about(),
        ));
    }
    Ok(())
}

pub fn verify(env: &Env, request: &VerifyRequest, watch: &Watch) -> Result<Verified, Problem> {
    if let Some(dir) = &request.extract {
        crate::output::existing_folder(dir)
            .map_err(|p| p.with_about(About::ExtractFolder(dir.clone())))?;
    }
    let trusted = crate::keys::trusted(&env.data, KeyUse::Bundles, &request.trusted_keys)?;
    let checker = active_sets(env, &request.sets, watch)?;
    let options = check_options(env, request.today.as_deref())?;
    watch.step(
        Phase::Opening,
        0,
        0,
        Some(&request.bundle.display().to_string()),
    );
    let verification = bundle_verify::verify_file(
        &request.bundle,
        || env.passphrase.passphrase(Ask::Open),
        &trusted,
        &checker,
        &options,
    )?;
    let extracted = match (&request.extract, verification.passed()) {
        (Some(dir), true) => {
            watch.step(Phase::Writing, 0, verification.payload.len(), None);
            Some(bundle_verify::extract(&verification, dir))
        }
        _ => None,
    };
    let verified = Verified {
        verification,
        extracted,
    };
    let operator = env.operator(request.operator.as_deref());
    record(
        env,
        watch,
        events::verified(
            &checker,
            &verified.verification,
            &request.bundle,
            &operator,
            request.medium.as_deref(),
            verified.exit_code(),
        ),
    );
    Ok(verified)
}
