//! Records: the audit log (監査ログ) of what rinko did, and the media ledger (媒体持出台帳)
//! derived from it.
//!
//! # What goes in
//!
//! No patient data, ever. An entry holds hashes (SHA-256 of each input file, never its name),
//! counts, reason codes, schema-set identities, and for bundles the bundle's own file name, its
//! fingerprint and who carried it out. Callers guarantee this; [`audit::AuditLog::append`]
//! additionally refuses values that cannot be what the contract allows (an input that is not a
//! 64-digit hash, a reason that is not a code), so a slip in a caller fails loudly instead of
//! leaking a file name into a file that is kept for years, and cuts a bundle name down to its
//! file name and free text to one short line.
//!
//! Who, on which PC, and the `SOURCE_DATE_EPOCH` in force come from the caller as a
//! [`Witness`]: the log reads neither the environment nor the OS user, so that the command line
//! and the app each say what they know. Only the time is the log's own: the real clock.
//!
//! # Files
//!
//! The log lives in the folder its caller names ([`AuditLog::at`]); the command line's is
//! `<data dir>/audit/` (`RINKO_DATA_DIR` overrides the data dir):
//!
//! - `audit.jsonl`: one compact JSON object per line, UTF-8, `\n`-terminated. Each line's `prev`
//!   is the SHA-256 of the previous line's exact bytes (without its `\n`); the first line's
//!   `prev` is 64 `0`s, and `seq` counts 1, 2, 3 …
//! - `audit.head`: `{"seq":N,"hash":"…"}`, the seq and hash of the last line written, replaced
//!   atomically (temporary file + rename) after each append. Without it, lines removed from the
//!   end or an edited last line would leave a chain that is still consistent.
//! - `audit.lock`: an empty file that appenders lock exclusively (and readers shared), so that
//!   concurrent rinko processes never fork the chain or read a half-finished append.
//!
//! # What the chain proves, and what it does not
//!
//! The chain has no secret. It detects what is done by ordinary means: a line edited in a text
//! editor, lines deleted, reordered or copied, lines removed from the end, the log emptied or
//! deleted while `audit.head` remains, `audit.head` deleted. [`audit::AuditLog::verify`] names
//! the line and the seq of every break.
//!
//! Someone who rewrites the whole chain and the head consistently (recomputing every hash), or
//! who deletes the whole folder, is not detected by the files alone. That needs an anchor
//! outside them: the head hash that `rinko log show` and `rinko log verify` print and that each
//! transfer slip (媒体持出記録票) carries (a later log whose chain does not pass through a printed
//! head was rewritten), and the operating system: `chattr +a audit.jsonl` on Linux, or NTFS
//! permissions that let users append but not modify or delete. The head file is replaced by a
//! rename, so it and the folder must stay writable.
//!
//! # After a break
//!
//! Appending goes on after a break (a hospital cannot stop working because a log file was
//! touched), but never hides it: an append chains onto what `audit.head` remembers rather than
//! onto an edited or shortened tail, and never rewrites a missing or unreadable head. A break
//! therefore stays visible to every later `verify`. To start a fresh log, an administrator moves
//! the folder's files to an archive; the old log keeps its evidence there.

pub mod audit;
pub mod events;
pub mod ledger;

pub use audit::{
    AuditLog, Break, BreakKind, BundleRecord, Entry, Event, Intact, Operation, Outcome,
    UnknownName, Witness,
};
