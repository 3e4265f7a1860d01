//! The append-only, hash-chained audit log (監査ログ). The module doc of `records` says what
//! goes in and what the chain proves. This folder is split by job:
//!
//! - `entry`: what a line holds ([`Event`], [`Entry`], [`Operation`], [`Outcome`]), the line
//!   format, and what `append` refuses or tidies before anything is written;
//! - `append`: the lock, the head file, reading the tail, the append protocol;
//! - `verify`: the examination of the lines and the head, and how breaks are worded;
//! - `show`: the Japanese names and `log show`'s text.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

mod append;
mod entry;
mod show;
#[cfg(test)]
pub(in crate::records) mod testing;
mod verify;

pub use entry::{BundleRecord, Entry, Event, Operation, Outcome, UnknownName, Witness};
pub(crate) use show::local_moment;
pub use show::{show_text, EntryShown};
pub use verify::{Break, BreakKind, Intact};

const LOG_FILE: &str = "audit.jsonl";
const HEAD_FILE: &str = "audit.head";
const LOCK_FILE: &str = "audit.lock";

/// The `prev` of the first entry, and the head of an empty log.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The audit log in one folder.
#[derive(Debug, Clone)]
pub struct AuditLog {
    dir: PathBuf,
}

impl AuditLog {
    /// The log in `dir`, usually `<data dir>/audit` (see `crate::pack::data_dir`). Nothing is
    /// read or created until the first append or read.
    pub fn at(dir: &Path) -> AuditLog {
        AuditLog {
            dir: dir.to_path_buf(),
        }
    }

    /// The `audit.jsonl` file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(LOG_FILE)
    }

    fn head_path(&self) -> PathBuf {
        self.dir.join(HEAD_FILE)
    }

    /// Appends one entry stamped with the time and version, and the user, host and
    /// `SOURCE_DATE_EPOCH` of `witness`, and returns it. Creates the folder on first use.
    ///
    /// Refuses an event whose hashes or codes are not hashes or codes (nothing is written);
    /// free-text fields are kept to one line of at most 128 characters and the bundle name to
    /// its file name, as the returned entry shows. A crash part-way leaves a log that `verify`
    /// accepts (see `append::append` for the order of the steps).
    pub fn append(&self, event: Event, witness: &Witness) -> Result<Entry, String> {
        append::append(self, event, witness)
    }

    /// Every readable entry in file order, and the numbers of the lines that are not entries
    /// (a damaged log still shows what it holds; `verify` says what is wrong with it).
    pub fn entries(&self) -> Result<(Vec<Entry>, Vec<usize>), String> {
        let _lock = append::lock_shared(&self.dir);
        let path = self.path();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
            Err(e) => return Err(read_error(&path, &e)),
        };
        let mut entries = Vec::new();
        let mut unreadable = Vec::new();
        for (i, line) in entry::split_lines(&bytes).into_iter().enumerate() {
            match entry::parse_line(line) {
                Ok(entry) => entries.push(entry),
                Err(_) => unreadable.push(i + 1),
            }
        }
        Ok((entries, unreadable))
    }

    /// Proves the log intact, or locates every break (see the `records` module doc).
    pub fn verify(&self) -> Result<Intact, Vec<Break>> {
        let _lock = append::lock_shared(&self.dir);
        let path = self.path();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(vec![Break {
                    line: 0,
                    kind: BreakKind::Unreadable,
                    message: read_error(&path, &e),
                }])
            }
        };
        verify::examine(
            &entry::split_lines(&bytes),
            &append::read_head(&self.head_path()),
        )
    }
}

fn read_error(path: &Path, e: &std::io::Error) -> String {
    format!(
        "監査ログ {} を読めません（{}）。ファイルのアクセス権を確認してください。",
        path.display(),
        crate::read::io_reason_ja(e)
    )
}

#[cfg(test)]
mod tests {
    use super::append::Head;
    use super::testing::{event, lines, three};
    use super::*;
    use crate::digest::sha256_hex;

    #[test]
    fn genesis_is_64_zeros() {
        assert_eq!(GENESIS.len(), 64);
        assert!(GENESIS.bytes().all(|b| b == b'0'));
    }

    #[test]
    fn three_appends_verify_and_round_trip() {
        let (_dir, log) = three();
        let intact = log.verify().unwrap();
        assert_eq!(intact.entries, 3);
        let text = lines(&log);
        assert_eq!(intact.head, sha256_hex(text[2].as_bytes()));
        let head: Head =
            serde_json::from_slice(&std::fs::read(log.dir.join(HEAD_FILE)).unwrap()).unwrap();
        assert_eq!((head.seq, head.hash.as_str()), (3, intact.head.as_str()));

        let entries = log.entries().unwrap().0;
        assert_eq!(entries.len(), 3);
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(e.seq, i as u64 + 1);
            assert_eq!(e.event, event(i + 1));
            assert_eq!(e.rinko_version, env!("CARGO_PKG_VERSION"));
            assert!(
                e.time_utc.ends_with('Z') && e.time_utc.len() == 20,
                "{}",
                e.time_utc
            );
            assert_eq!(e.local_offset.len(), 6, "{}", e.local_offset);
        }
        assert_eq!(entries[0].prev, GENESIS);
        assert_eq!(entries[1].prev, sha256_hex(text[0].as_bytes()));
        assert_eq!(entries[2].prev, sha256_hex(text[1].as_bytes()));
    }

    #[test]
    fn empty_log_is_intact() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        let intact = log.verify().unwrap();
        assert_eq!((intact.entries, intact.head.as_str()), (0, GENESIS));
        assert!(log.entries().unwrap().0.is_empty());
    }
}
