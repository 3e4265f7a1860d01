//! The audit log and the media ledger derived from it (`rinko log …`, `rinko ledger export`,
//! the app's 記録 screen). Reading them writes no entry.

use std::path::{Path, PathBuf};

use super::Env;
use crate::problem::{About, Code, Problem};
use crate::records::{ledger, AuditLog, Break, Entry, Intact};

pub struct Checked {
    /// The log file.
    pub path: PathBuf,
    pub result: Result<Intact, Vec<Break>>,
}

impl Checked {
    /// The result's first line as `rinko log verify` says it; each break's `message` follows.
    pub fn heading(&self) -> String {
        match &self.result {
            Ok(intact) => format!(
                "監査ログは無傷です: {} 件、最新のハッシュ {}",
                intact.entries,
                crate::digest::fingerprint_groups(&intact.head)
            ),
            Err(_) => format!("監査ログに異常があります（{}）:", self.path.display()),
        }
    }
}

/// Where the log is kept.
pub fn log_file(env: &Env) -> PathBuf {
    AuditLog::at(&env.data.audit()).path()
}

/// Proves the log's chain intact, or names every break.
pub fn verify(env: &Env) -> Checked {
    let log = AuditLog::at(&env.data.audit());
    Checked {
        path: log.path(),
        result: log.verify(),
    }
}

pub struct Shown {
    pub entries: Vec<Entry>,
    /// Lines that are not entries (1-based), left out.
    pub unreadable: Vec<usize>,
}

/// The log's entries in order; only the last `last` when given (at least 1).
pub fn show(env: &Env, last: Option<usize>) -> Result<Shown, Problem> {
    // "The last 0" shows nothing, which would read as an empty log.
    if last == Some(0) {
        return Err(Problem::new(
            Code::LimitZero,
            "表示する件数には 1 以上を指定してください。",
            About::Limit("last"),
        ));
    }
    let (mut entries, unreadable) = read(env)?;
    if let Some(n) = last {
        entries.drain(..entries.len().saturating_sub(n));
    }
    Ok(Shown {
        entries,
        unreadable,
    })
}

pub struct Ledger {
    /// UTF-8 with BOM, CRLF, for Excel.
    pub csv: Vec<u8>,
    pub rows: usize,
    /// How many breaks the log has: the ledger is written anyway, from what the log holds.
    pub breaks: usize,
    pub unreadable: Vec<usize>,
}

/// The 台帳 as CSV, written to `out` when given (`replace` an existing file).
pub fn ledger(env: &Env, out: Option<(&Path, bool)>) -> Result<Ledger, Problem> {
    let breaks = verify(env).result.err().map_or(0, |b| b.len());
    let (entries, unreadable) = read(env)?;
    let rows = ledger::rows(&entries);
    let csv = ledger::to_csv(&rows);
    if let Some((path, replace)) = out {
        crate::output::write_new(path, &csv, replace)?;
    }
    Ok(Ledger {
        csv,
        rows: rows.len(),
        breaks,
        unreadable,
    })
}

fn read(env: &Env) -> Result<(Vec<Entry>, Vec<usize>), Problem> {
    AuditLog::at(&env.data.audit())
        .entries()
        .map_err(|e| Problem::new(Code::AuditLog, e, About::DataFolder(env.data.root().into())))
}
