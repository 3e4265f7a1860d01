//! The workflow layer: one function per user operation, the API both front-ends (the `rinko`
//! command line and the desktop app) call and nothing else.
//!
//! Each operation does the whole job: it decides the active schema sets (precedence below),
//! does the work with progress and cancellation, writes its outputs atomically, and writes its
//! audit entry, so that "every operation is in the log" holds in one place. Each takes a
//! request value, the [`Env`] (data folder, clock, who, where passphrases come from) and a
//! [`Watch`] (progress, notices, the cancel token); it returns a typed result or a
//! [`Problem`]. A front-end renders; it never decides a verdict, a file name or a log entry.
//!
//! Operations that only read (the schema-set list, the log, the ledger export, a public key
//! export) write no audit entry: the log records what was checked, printed, sealed, verified,
//! imported, removed, created and trusted.

mod env;
mod watch;

pub mod check;
pub mod keys;
pub mod log;
pub mod packs;
pub mod print;
pub mod seal;
pub mod verify;

use std::path::PathBuf;

pub use env::{Actor, Ask, Clock, Env, PassphraseSource, Settings};
pub use watch::{CancelToken, Phase, Step, Watch};

use crate::check::{CheckOptions, Checker};
use crate::problem::{About, Code, Problem};
use crate::records::{AuditLog, Event};
use crate::schema_set::SchemaSetDef;

/// Which schema sets a run uses besides the stored and embedded ones.
#[derive(Debug, Clone, Default)]
pub struct SetChoice {
    /// Ad-hoc XSDs (like `xmllint --schema`): with any, the embedded and imported sets are not
    /// used.
    pub xsd: Vec<PathBuf>,
    /// Schema-set folders, in force over a stored or embedded set of the same id.
    pub folders: Vec<PathBuf>,
}

/// The active sets, vetted: the given folders, then the imported sets, then the embedded ones
/// (a set replaces those of the same id after it), or only the ad-hoc XSDs. A damaged imported
/// set stays in (its files get READ-013) and is announced as a notice.
pub fn active_sets(env: &Env, choice: &SetChoice, watch: &Watch) -> Result<Checker, Problem> {
    watch.step(Phase::LoadingSets, 0, 0, None);
    let mut sets = Vec::new();
    for dir in &choice.folders {
        sets.push(
            SchemaSetDef::from_folder(dir)
                .map_err(|e| set_problem(e, About::SchemaSetFolder(dir.clone())))?,
        );
    }
    if choice.xsd.is_empty() {
        let imported = crate::pack::imported_sets(&env.data)?;
        for set in imported.into_iter().chain(SchemaSetDef::embedded()) {
            if !sets.iter().any(|s| s.manifest.id == set.manifest.id) {
                sets.push(set);
            }
        }
    }
    for xsd in &choice.xsd {
        sets.push(SchemaSetDef::ad_hoc(xsd).map_err(|e| set_problem(e, About::Xsd(xsd.clone())))?);
    }
    let checker = Checker::new(sets).map_err(|e| set_problem(e, About::Operation))?;
    for notice in checker
        .sets()
        .iter()
        .filter_map(crate::pack::damaged_notice)
    {
        watch.notice(&notice);
    }
    Ok(checker)
}

fn set_problem(e: crate::schema_set::SetError, about: About) -> Problem {
    Problem::new(Code::SchemaSet, e.0, about)
}

/// The check's options for a run: the given day, else today by the environment's clock.
fn check_options(env: &Env, today: Option<&str>) -> Result<CheckOptions, Problem> {
    Ok(CheckOptions {
        today: Some(env.today(today)?),
        ..CheckOptions::default()
    })
}

/// The inputs as files: folders searched for `*.xml`; none found is a problem, `what` saying
/// which (検査する, 印刷する …).
fn collect(paths: &[PathBuf], what: &str, watch: &Watch) -> Result<Vec<PathBuf>, Problem> {
    watch.step(Phase::Collecting, 0, 0, None);
    let files = crate::input::collect(paths)?;
    if files.is_empty() {
        return Err(Problem::new(
            Code::NoFiles,
            format!("{what} XML ファイル（*.xml）が見つかりません。"),
            About::Operation,
        )
        .with_hint("フォルダーの指定を確認してください。"));
    }
    Ok(files)
}

/// Appends the operation's entry. A log that cannot be written does not undo what was done;
/// the user is told, since the record is required.
fn record(env: &Env, watch: &Watch, event: Event) {
    if let Err(e) = AuditLog::at(&env.data.audit()).append(event, &env.witness()) {
        watch.notice(&Problem::new(
            Code::AuditLog,
            format!("監査ログに記録できませんでした: {e}"),
            About::DataFolder(env.data.root().to_path_buf()),
        ));
    }
}
