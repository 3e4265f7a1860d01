//! The append-only, hash-chained audit log (監査ログ). The module doc of `records` says what
//! goes in and what the chain proves; this file writes, reads and verifies it.

use std::collections::{BTreeSet, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::digest::sha256_hex;
use crate::finding::Summary;
use crate::report::SetRef;

const LOG_FILE: &str = "audit.jsonl";
const HEAD_FILE: &str = "audit.head";
const LOCK_FILE: &str = "audit.lock";

/// The `prev` of the first entry, and the head of an empty log.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Stands for a user or host name the system would not tell.
const UNKNOWN: &str = "不明";

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

/// What a command reports to the log.
///
/// Contract: no patient data and no file or folder names of documents. Inputs are identified by
/// their SHA-256 only, reasons by code only. `append` refuses values that break the mechanical
/// part of this contract (see there).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// "check" | "print" | "bundle" | "verify" | "schemas-import" | "schemas-trust" |
    /// "schemas-remove" | "keys-generate" | "keys-trust"; free, but lower-case ASCII letters, digits and '-' only. `show_text` names
    /// the ones listed.
    pub operation: String,
    /// "pass" | "fail" | "refused" | "error".
    pub outcome: String,
    pub exit_code: u8,
    pub schema_sets: Vec<SetRef>,
    /// SHA-256 (hex) of each input file, never its name.
    pub inputs: Vec<String>,
    pub counts: Summary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle: Option<BundleRecord>,
    /// Reason codes such as "BUNDLE-HASH" (upper-case ASCII, digits, '-', '_'), never free text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// 1, 2, 3 … in file order.
    pub seq: u64,
    /// SHA-256 (hex) of the previous line's exact bytes without its '\n'; [`GENESIS`] for seq 1.
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

/// The audit log in one folder.
#[derive(Debug, Clone)]
pub struct AuditLog {
    dir: PathBuf,
}

/// A log without breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intact {
    pub entries: usize,
    /// SHA-256 of the last line, or [`GENESIS`] when the log is empty. Printed on slips and by
    /// `log show`/`log verify` as the external anchor.
    pub head: String,
}

/// One place where the log is not as rinko wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct Break {
    /// 1-based line in `audit.jsonl`; 0 when the break is not about one line (the head file,
    /// lines missing at the end, the log missing).
    pub line: usize,
    pub kind: BreakKind,
    /// Japanese, for the user: what is wrong and what to do.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// A line that is not an entry, or a head file that cannot be read.
    Unreadable,
    /// An entry's bytes changed after it was written.
    Edited,
    /// Entries missing from the middle or the start.
    Deleted,
    /// Entries out of order or duplicated.
    Reordered,
    /// Entries missing from the end, or the whole log missing.
    Truncated,
    /// The head file is missing, or stopped covering the log's end.
    HeadMissing,
}

/// Advice appended to every break: the file is evidence, so nobody should "fix" it.
const ADVICE: &str =
    "監査ログのファイルは直さずにそのまま保全し、システム管理者に連絡してください。";

impl AuditLog {
    /// The log in `<data dir>/audit` (see `crate::pack::data_dir`).
    pub fn open_default() -> Result<AuditLog, String> {
        let dir = crate::pack::data_dir().map_err(|e| e.0)?;
        Ok(AuditLog::at(&dir.join("audit")))
    }

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

    /// Appends one entry stamped with the time, user, host and version, and returns it.
    ///
    /// Under an exclusive lock: reads the head and the last line, writes the next head to a
    /// temporary file (so that a folder where it cannot be written refuses before the log grows),
    /// appends the line and fsyncs, then renames the head into place. A crash between the last
    /// two steps leaves the head one entry behind, which `verify` accepts and the next append
    /// repairs. Creates the folder on first use.
    ///
    /// Refuses an event whose hashes or codes are not hashes or codes (nothing is written);
    /// free-text fields are kept to one line of at most 128 characters and the bundle name to
    /// its file name, as the returned entry shows.
    pub fn append(&self, mut event: Event) -> Result<Entry, String> {
        vet(&event)?;
        tidy(&mut event);
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            format!(
                "監査ログのフォルダー {} を作れません（{}）。フォルダーのアクセス権を確認してください。",
                self.dir.display(),
                crate::read::io_reason_ja(&e)
            )
        })?;
        let _lock = self.lock_exclusive()?;
        let log_path = self.path();
        let write_error = |e: &std::io::Error| {
            format!(
                "監査ログ {} に記録できません（{}）。フォルダーのアクセス権と空き容量を確認してください。",
                log_path.display(),
                crate::read::io_reason_ja(e)
            )
        };
        let head = read_head(&self.head_path());
        let mut log = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&log_path)
            .map_err(|e| write_error(&e))?;
        let tail = read_tail(&mut log).map_err(|e| write_error(&e))?;
        let link = next_link(&head, &tail, &mut log).map_err(|e| write_error(&e))?;

        let entry = stamp(link.seq, link.prev, event);
        let line = serde_json::to_vec(&entry).map_err(|e| {
            format!("内部エラー: 監査ログの記録を作れません（{e}）。開発元に連絡してください。")
        })?;
        let temp_head = if link.write_head {
            let head = Head {
                seq: entry.seq,
                hash: sha256_hex(&line),
            };
            Some(write_temp_head(&self.dir, &head).map_err(|e| self.head_error(&e))?)
        } else {
            None
        };
        let mut bytes = Vec::with_capacity(line.len() + 2);
        if !tail.ends_with_newline {
            // A line cut short by a crash stays its own (unreadable) line instead of swallowing
            // this one.
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(&line);
        bytes.push(b'\n');
        if let Err(e) = log.write_all(&bytes).and_then(|()| log.sync_all()) {
            if let Some(temp) = &temp_head {
                let _ = std::fs::remove_file(temp);
            }
            return Err(write_error(&e));
        }
        drop(log);
        if let Some(temp) = temp_head {
            if let Err(e) = std::fs::rename(&temp, self.head_path()) {
                let _ = std::fs::remove_file(&temp);
                return Err(format!(
                    "監査ログに seq {} を記録しましたが、{}",
                    entry.seq,
                    self.head_error(&e)
                ));
            }
            sync_dir(&self.dir);
        }
        Ok(entry)
    }

    fn head_error(&self, e: &std::io::Error) -> String {
        format!(
            "先頭記録 {} を更新できません（{}）。audit フォルダーに書き込めるか（ファイルの作成と置き換えができるか）確認してください。",
            self.head_path().display(),
            crate::read::io_reason_ja(e)
        )
    }

    /// Every readable entry in file order, and the numbers of the lines that are not entries
    /// (a damaged log still shows what it holds; `verify` says what is wrong with it).
    pub fn entries(&self) -> Result<(Vec<Entry>, Vec<usize>), String> {
        let _lock = self.lock_shared();
        let path = self.path();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
            Err(e) => return Err(read_error(&path, &e)),
        };
        let mut entries = Vec::new();
        let mut unreadable = Vec::new();
        for (i, line) in split_lines(&bytes).into_iter().enumerate() {
            match parse_line(line) {
                Ok(entry) => entries.push(entry),
                Err(_) => unreadable.push(i + 1),
            }
        }
        Ok((entries, unreadable))
    }

    /// Proves the log intact, or locates every break (see the `records` module doc).
    pub fn verify(&self) -> Result<Intact, Vec<Break>> {
        let _lock = self.lock_shared();
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
        examine(&split_lines(&bytes), &read_head(&self.head_path()))
    }

    /// The exclusive lock of an append. Where the file system has no locks (some network
    /// shares), appends go on unlocked: a forked chain would show in `verify`, whereas refusing
    /// would stop every command.
    fn lock_exclusive(&self) -> Result<Option<File>, String> {
        let path = self.dir.join(LOCK_FILE);
        let lock_error = |e: &std::io::Error| {
            format!(
                "監査ログのロック {} を取れません（{}）。audit フォルダーのアクセス権を確認してください。",
                path.display(),
                crate::read::io_reason_ja(e)
            )
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| lock_error(&e))?;
        match file.lock() {
            Ok(()) => Ok(Some(file)),
            Err(e) if e.kind() == ErrorKind::Unsupported => Ok(None),
            Err(e) => Err(lock_error(&e)),
        }
    }

    /// A shared lock for readers, so they never see a line without its head. Best effort: a
    /// read-only folder can still be read and verified.
    fn lock_shared(&self) -> Option<File> {
        let path = self.dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .or_else(|_| File::open(&path))
            .ok()?;
        file.lock_shared().ok()?;
        Some(file)
    }
}

fn read_error(path: &Path, e: &std::io::Error) -> String {
    format!(
        "監査ログ {} を読めません（{}）。ファイルのアクセス権を確認してください。",
        path.display(),
        crate::read::io_reason_ja(e)
    )
}

/// Refuses what cannot be within the `Event` contract: a value where a hash or a code belongs
/// that is neither (a path, a name) is a caller's slip that must not reach the log.
fn vet(event: &Event) -> Result<(), String> {
    let refuse = |field: String| {
        Err(format!(
            "内部エラー: 監査ログに記録できない値が渡されました（{field}）。記録はしていません。開発元に連絡してください。"
        ))
    };
    if !is_word(&event.operation, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
    }) {
        return refuse("operation".into());
    }
    if !is_word(&event.outcome, |c| c.is_ascii_lowercase() || c == '-') {
        return refuse("outcome".into());
    }
    for (i, set) in event.schema_sets.iter().enumerate() {
        if !is_hex64(&set.sha256) {
            return refuse(format!("schema_sets[{i}].sha256"));
        }
    }
    for (i, input) in event.inputs.iter().enumerate() {
        if !is_hex64(input) {
            return refuse(format!("inputs[{i}]"));
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
const MAX_TEXT: usize = 128;

/// Makes the free-text fields one short line each, and the bundle name a bare file name.
/// Refusing instead would lose the record of a verify whose bundle carries hostile metadata
/// (the institution of a received bundle comes from the bundle itself).
fn tidy(event: &mut Event) {
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

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Fills in who, where and when.
fn stamp(seq: u64, prev: String, event: Event) -> Entry {
    let now = chrono::Local::now();
    Entry {
        seq,
        prev,
        time_utc: now
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        local_offset: now.format("%:z").to_string(),
        source_date_epoch: crate::check::source_date_epoch()
            .ok()
            .flatten()
            .map(|moment| moment.timestamp()),
        user: whoami::username().unwrap_or_else(|_| UNKNOWN.into()),
        host: whoami::hostname().unwrap_or_else(|_| UNKNOWN.into()),
        rinko_version: env!("CARGO_PKG_VERSION").into(),
        event,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Head {
    seq: u64,
    hash: String,
}

enum HeadState {
    Missing,
    /// Why, in Japanese.
    Unreadable(String),
    Present(Head),
}

fn read_head(path: &Path) -> HeadState {
    match std::fs::read(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => HeadState::Missing,
        Err(e) => HeadState::Unreadable(crate::read::io_reason_ja(&e)),
        Ok(bytes) => match serde_json::from_slice::<Head>(&bytes) {
            Ok(head) if is_hex64(&head.hash) => HeadState::Present(head),
            Ok(_) => HeadState::Unreadable("ハッシュの形式が違います".into()),
            Err(_) => HeadState::Unreadable("内容が読めません".into()),
        },
    }
}

/// Unique temporary names: threads of one process share the pid.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

fn write_temp_head(dir: &Path, head: &Head) -> std::io::Result<PathBuf> {
    let temp = dir.join(format!(
        ".{HEAD_FILE}.{}-{}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let mut bytes = serde_json::to_vec(head).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(&bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Makes the rename durable. Best effort: not every platform can open a folder.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The log's last line and whether the file ends with '\n'.
struct Tail {
    last: Option<Vec<u8>>,
    ends_with_newline: bool,
}

/// Reads backwards from the end, so an append costs the same however long the log is.
fn read_tail(file: &mut File) -> std::io::Result<Tail> {
    const CHUNK: u64 = 8192;
    let len = file.seek(SeekFrom::End(0))?;
    if len == 0 {
        return Ok(Tail {
            last: None,
            ends_with_newline: true,
        });
    }
    let mut buf: Vec<u8> = Vec::new();
    let mut pos = len;
    loop {
        let start = pos.saturating_sub(CHUNK);
        let mut part = vec![0; (pos - start) as usize];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut part)?;
        part.extend_from_slice(&buf);
        buf = part;
        pos = start;
        let body = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if let Some(i) = body.iter().rposition(|&b| b == b'\n') {
            let last = body[i + 1..].to_vec();
            return Ok(Tail {
                last: Some(last),
                ends_with_newline: buf.ends_with(b"\n"),
            });
        }
        if pos == 0 {
            return Ok(Tail {
                last: Some(body.to_vec()),
                ends_with_newline: buf.ends_with(b"\n"),
            });
        }
    }
}

/// Where the next entry attaches.
struct Link {
    seq: u64,
    prev: String,
    /// False while the head is missing or unreadable: rewriting it would erase that evidence.
    write_head: bool,
}

fn next_link(head: &HeadState, tail: &Tail, log: &mut File) -> std::io::Result<Link> {
    let last = tail.last.as_deref().map(|bytes| {
        (
            sha256_hex(bytes),
            serde_json::from_slice::<Entry>(bytes).ok(),
        )
    });
    let link = |seq: u64, prev: &str, write_head: bool| Link {
        seq: seq.saturating_add(1),
        prev: prev.to_string(),
        write_head,
    };
    Ok(match (head, last) {
        (HeadState::Present(h), None) => link(h.seq, &h.hash, true),
        (HeadState::Present(h), Some((hash, Some(e)))) if e.seq == h.seq && hash == h.hash => {
            link(e.seq, &hash, true)
        }
        // The head is behind: an append was interrupted before its rename.
        (HeadState::Present(h), Some((hash, Some(e)))) if e.seq > h.seq => link(e.seq, &hash, true),
        // The tail was edited, shortened or cut: chaining onto what the head remembers keeps
        // the break visible at the new line.
        (HeadState::Present(h), Some(_)) => link(h.seq, &h.hash, true),
        (_, None) => link(0, GENESIS, matches!(head, HeadState::Missing)),
        (_, Some((hash, Some(e)))) => link(e.seq, &hash, false),
        (_, Some((hash, None))) => {
            let mut bytes = Vec::new();
            log.seek(SeekFrom::Start(0))?;
            log.read_to_end(&mut bytes)?;
            let max = split_lines(&bytes)
                .into_iter()
                .filter_map(|l| serde_json::from_slice::<Entry>(l).ok())
                .map(|e| e.seq)
                .max()
                .unwrap_or(0);
            link(max, &hash, false)
        }
    })
}

/// The lines of the log: split on '\n', the final terminator dropped; a last line without one
/// (cut short) is still a line.
fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    body.split(|&b| b == b'\n').collect()
}

/// An entry, or why the line is not one. The reasons never quote the line: a tampered line
/// could hold anything.
fn parse_line(line: &[u8]) -> Result<Entry, &'static str> {
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

struct Line {
    no: usize,
    hash: String,
    entry: Result<Entry, &'static str>,
}

/// Breaks, one per line and kind: the same edit is often seen from both of its neighbours.
#[derive(Default)]
struct Breaks(Vec<Break>);

impl Breaks {
    fn push(&mut self, line: usize, kind: BreakKind, message: String) {
        if !self.0.iter().any(|b| b.line == line && b.kind == kind) {
            self.0.push(Break {
                line,
                kind,
                message: format!("{message}{ADVICE}"),
            });
        }
    }

    fn has_line(&self, line: usize) -> bool {
        self.0.iter().any(|b| b.line == line)
    }
}

/// The verification proper, over the log's lines and its head.
fn examine(lines: &[&[u8]], head: &HeadState) -> Result<Intact, Vec<Break>> {
    let parsed: Vec<Line> = lines
        .iter()
        .enumerate()
        .map(|(i, bytes)| Line {
            no: i + 1,
            hash: sha256_hex(bytes),
            entry: parse_line(bytes),
        })
        .collect();
    let hashes: HashSet<&str> = parsed.iter().map(|l| l.hash.as_str()).collect();
    let present: BTreeSet<u64> = parsed
        .iter()
        .filter_map(|l| l.entry.as_ref().ok().map(|e| e.seq))
        .collect();
    let mut breaks = Breaks::default();

    // The chain, line by line. After any break the current line becomes the anchor, so one
    // change is reported once, not again at every later line.
    let mut anchor_seq = 0u64;
    let mut anchor_hash = GENESIS;
    let mut anchor_line = 0usize;
    let mut after_unreadable = false;
    for line in &parsed {
        let no = line.no;
        let e = match &line.entry {
            Ok(e) => e,
            Err(reason) => {
                breaks.push(
                    no,
                    BreakKind::Unreadable,
                    format!("{no} 行目が監査ログの記録として読めません（{reason}）。"),
                );
                after_unreadable = true;
                continue;
            }
        };
        let expected = anchor_seq.saturating_add(1);
        let mut seq = e.seq;
        if e.prev == anchor_hash {
            // The chain proves this line's place, whatever its seq field says.
            if e.seq != expected {
                breaks.push(
                    no,
                    BreakKind::Edited,
                    format!(
                        "{no} 行目（seq {}）の記録が改変されています（seq は本来 {expected} です）。",
                        e.seq
                    ),
                );
            }
            seq = expected;
        } else if after_unreadable {
            // The unreadable lines before this one stand for whatever is missing here; they
            // are reported already.
        } else if e.seq <= anchor_seq {
            breaks.push(
                no,
                BreakKind::Reordered,
                format!(
                    "{no} 行目（seq {}）の位置が違います（直前の {anchor_line} 行目は seq {anchor_seq} です）。行の順序が入れ替えられたか、記録が複製されています。",
                    e.seq
                ),
            );
        } else if hashes.contains(e.prev.as_str()) {
            // Its true predecessor is elsewhere in the file: a reorder, reported where the seq
            // goes backwards.
        } else if e.seq == expected {
            if anchor_line == 0 {
                breaks.push(
                    no,
                    BreakKind::Edited,
                    format!("{no} 行目（seq {}）の記録が改変されています（最初の記録の prev が正しくありません）。", e.seq),
                );
            } else {
                breaks.push(
                    anchor_line,
                    BreakKind::Edited,
                    format!(
                        "{anchor_line} 行目（seq {anchor_seq}）の記録が改変されています（{no} 行目に残る直前の記録のハッシュと一致しません）。"
                    ),
                );
            }
        } else {
            let missing = gaps(&present, anchor_seq, e.seq);
            if !missing.is_empty() {
                let place = if anchor_line == 0 {
                    format!("{no} 行目より前")
                } else {
                    format!("{anchor_line} 行目と {no} 行目の間")
                };
                breaks.push(
                    no,
                    BreakKind::Deleted,
                    format!(
                        "seq {} の記録が削除されています（{place}）。",
                        format_ranges(&missing)
                    ),
                );
            }
        }
        anchor_seq = seq;
        anchor_hash = &line.hash;
        anchor_line = no;
        after_unreadable = false;
    }

    check_head(&parsed, &present, head, &mut breaks);

    let mut breaks = breaks.0;
    if breaks.is_empty() {
        return Ok(Intact {
            entries: parsed.len(),
            head: parsed
                .last()
                .map(|l| l.hash.clone())
                .unwrap_or_else(|| GENESIS.to_string()),
        });
    }
    breaks.sort_by_key(|b| (b.line == 0, b.line));
    Err(breaks)
}

/// The head guards the end of the log, which the chain alone cannot.
fn check_head(parsed: &[Line], present: &BTreeSet<u64>, head: &HeadState, breaks: &mut Breaks) {
    let h = match head {
        HeadState::Missing => {
            if !parsed.is_empty() {
                breaks.push(
                    0,
                    BreakKind::HeadMissing,
                    format!(
                        "先頭記録 {HEAD_FILE} がありません（監査ログには {} 行あります）。末尾の記録が削除・改変されていないかを確かめられません。",
                        parsed.len()
                    ),
                );
            }
            return;
        }
        HeadState::Unreadable(reason) => {
            breaks.push(
                0,
                BreakKind::Unreadable,
                format!("先頭記録 {HEAD_FILE} が読めません（{reason}）。"),
            );
            return;
        }
        HeadState::Present(h) => h,
    };
    if parsed.is_empty() {
        if h.seq > 0 {
            breaks.push(
                0,
                BreakKind::Truncated,
                format!(
                    "監査ログ {LOG_FILE} が空か、削除されています（{HEAD_FILE} によれば seq {} まで記録されていました）。",
                    h.seq
                ),
            );
        } else if h.hash != GENESIS {
            breaks.push(
                0,
                BreakKind::Unreadable,
                format!("先頭記録 {HEAD_FILE} の内容が正しくありません（seq 0 なのにハッシュがあります）。"),
            );
        }
        return;
    }
    // The lines after the one the head names: none, or one whose append was interrupted.
    let after_from = if h.seq == 0 {
        if h.hash != GENESIS {
            breaks.push(
                0,
                BreakKind::Unreadable,
                format!("先頭記録 {HEAD_FILE} の内容が正しくありません（seq 0 なのにハッシュがあります）。"),
            );
            return;
        }
        0
    } else {
        let at = parsed
            .iter()
            .rposition(|l| matches!(&l.entry, Ok(e) if e.seq == h.seq));
        let max = present.last().copied().unwrap_or(0);
        match at {
            None if h.seq > max => {
                breaks.push(
                    0,
                    BreakKind::Truncated,
                    format!(
                        "末尾の記録 seq {} が削除されています（{HEAD_FILE} によれば seq {} まで記録されていました）。",
                        format_ranges(&[(max + 1, h.seq)]),
                        h.seq
                    ),
                );
                return;
            }
            // A seq missing from the middle: the chain reported it already.
            None => return,
            Some(i) if parsed[i].hash != h.hash => {
                let no = parsed[i].no;
                breaks.push(
                    no,
                    BreakKind::Edited,
                    format!(
                        "{no} 行目（seq {}、{HEAD_FILE} が記録した最後の記録）の記録が改変されています（{HEAD_FILE} のハッシュと一致しません）。",
                        h.seq
                    ),
                );
                return;
            }
            Some(i) => i + 1,
        }
    };
    let after = &parsed[after_from..];
    if after.is_empty() {
        return;
    }
    let interrupted = after.len() == 1 && matches!(&after[0].entry, Ok(e) if e.prev == h.hash);
    let explained = after.iter().all(|l| breaks.has_line(l.no));
    if !interrupted && !explained {
        let last = present.last().copied().unwrap_or(0);
        breaks.push(
            0,
            BreakKind::HeadMissing,
            format!(
                "先頭記録 {HEAD_FILE} が seq {} のままです（監査ログの最後は seq {last}）。seq {} 以降の末尾が削除・改変されていないかを確かめられません。",
                h.seq,
                h.seq.saturating_add(1)
            ),
        );
    }
}

/// The seqs strictly between `from` and `to` that appear nowhere in the log, as ranges, without
/// enumerating them (a tampered seq can be huge).
fn gaps(present: &BTreeSet<u64>, from: u64, to: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut next = from.saturating_add(1);
    if next >= to {
        return out;
    }
    for &s in present.range(next..to) {
        if s > next {
            out.push((next, s - 1));
        }
        next = s + 1;
    }
    if next < to {
        out.push((next, to - 1));
    }
    out
}

/// "2", "2〜4", "2、5〜7", cut after a few ranges.
fn format_ranges(ranges: &[(u64, u64)]) -> String {
    const SHOWN: usize = 8;
    let mut parts: Vec<String> = ranges
        .iter()
        .take(SHOWN)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}〜{b}")
            }
        })
        .collect();
    if ranges.len() > SHOWN {
        parts.push(format!("ほか {} 箇所", ranges.len() - SHOWN));
    }
    parts.join("、")
}

/// The operation's Japanese name for `log show`.
fn operation_ja(operation: &str) -> &str {
    match operation {
        "check" => "検査",
        "print" => "印刷",
        "bundle" => "封緘",
        "verify" => "検証",
        "schemas-import" => "取り込み",
        "schemas-trust" => "パック鍵登録",
        "schemas-remove" => "取り除き",
        "keys-generate" => "鍵生成",
        "keys-trust" => "鍵登録",
        other => other,
    }
}

/// The outcome's Japanese name, shared with the ledger.
pub(crate) fn outcome_ja(outcome: &str) -> &str {
    match outcome {
        "pass" => "合格",
        "fail" => "不合格",
        "refused" => "拒否",
        "error" => "エラー",
        other => other,
    }
}

/// An entry's moment in the offset it was recorded in; `None` when either cannot be read.
pub(crate) fn local_moment(
    time_utc: &str,
    offset: &str,
) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let time = chrono::DateTime::parse_from_rfc3339(time_utc).ok()?;
    Some(time.with_timezone(&offset.parse::<chrono::FixedOffset>().ok()?))
}

/// The entry's time as "2025-04-01 09:15:30 +09:00"; the stored text when it cannot be read.
fn local_time(entry: &Entry) -> String {
    match local_moment(&entry.time_utc, &entry.local_offset) {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S %:z").to_string(),
        None => entry.time_utc.clone(),
    }
}

/// One readable Japanese line per entry, for `rinko log show`.
pub fn show_text(entries: &[Entry]) -> String {
    if entries.is_empty() {
        return "監査ログに記録はありません。\n".to_string();
    }
    let mut out = String::new();
    for e in entries {
        let ev = &e.event;
        let mut parts = vec![
            format!("#{}", e.seq),
            local_time(e),
            operation_ja(&ev.operation).to_string(),
            outcome_ja(&ev.outcome).to_string(),
        ];
        let c = &ev.counts;
        if c.files > 0 || c.errors > 0 || c.warnings > 0 {
            parts.push(format!(
                "ファイル {}（合格 {}・不合格 {}）エラー {} 件・警告 {} 件",
                c.files, c.passed, c.failed, c.errors, c.warnings
            ));
        }
        if let Some(b) = &ev.bundle {
            if b.fingerprint.is_empty() {
                parts.push(b.name.clone());
            } else {
                let short: String = crate::digest::fingerprint_groups(&b.fingerprint)
                    .chars()
                    .take(9)
                    .collect();
                parts.push(format!("{} 指紋 {short}…", b.name));
            }
        }
        if !ev.reasons.is_empty() {
            parts.push(format!("理由 {}", ev.reasons.join(",")));
        }
        parts.push(format!("{}@{}", e.user, e.host));
        out.push_str(&parts.join("  "));
        out.push('\n');
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn hash(n: usize) -> String {
        format!("{n:064x}")
    }

    fn event(n: usize) -> Event {
        Event {
            operation: "check".into(),
            outcome: "pass".into(),
            exit_code: 0,
            schema_sets: vec![SetRef {
                id: "kojinhyo".into(),
                version: "2024.1".into(),
                sha256: "ab".repeat(32),
            }],
            inputs: vec![hash(n), hash(n + 1000)],
            counts: Summary {
                files: n,
                passed: n,
                ..Summary::default()
            },
            bundle: None,
            reasons: vec![],
        }
    }

    /// A bundle made, for the tests of the log and of the ledger.
    pub(in crate::records) fn sample_bundle() -> BundleRecord {
        BundleRecord {
            name: "rinko-20250401.7z".into(),
            fingerprint: "3f2a9c1b".repeat(8),
            files: 3,
            bytes: 12345,
            institution: "1312345678".into(),
            operator: "山田".into(),
            medium: Some("USB-03".into()),
            encrypted: true,
            signed: false,
        }
    }

    fn bundle_event() -> Event {
        Event {
            operation: "bundle".into(),
            outcome: "pass".into(),
            bundle: Some(sample_bundle()),
            reasons: vec!["BUNDLE-HASH".into()],
            ..event(3)
        }
    }

    /// A log with three entries whose `counts.files` are 1, 2, 3.
    fn three() -> (tempfile::TempDir, AuditLog) {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        for n in 1..=3 {
            log.append(event(n)).unwrap();
        }
        (dir, log)
    }

    fn lines(log: &AuditLog) -> Vec<String> {
        std::fs::read_to_string(log.path())
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn write_lines(log: &AuditLog, lines: &[String]) {
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(log.path(), text).unwrap();
    }

    fn breaks(log: &AuditLog) -> Vec<Break> {
        log.verify().expect_err("the log should have breaks")
    }

    fn kinds(breaks: &[Break]) -> Vec<(usize, BreakKind)> {
        breaks.iter().map(|b| (b.line, b.kind)).collect()
    }

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

    #[test]
    fn edited_middle_line_is_located() {
        let (_dir, log) = three();
        let mut text = lines(&log);
        let edited = text[1].replace("\"files\":2", "\"files\":9");
        assert_ne!(edited, text[1]);
        text[1] = edited;
        write_lines(&log, &text);
        let found = breaks(&log);
        assert_eq!(kinds(&found), vec![(2, BreakKind::Edited)]);
        assert!(
            found[0]
                .message
                .contains("2 行目（seq 2）の記録が改変されています"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn deleted_middle_line_names_its_seq() {
        let (_dir, log) = three();
        let mut text = lines(&log);
        text.remove(1);
        write_lines(&log, &text);
        let found = breaks(&log);
        assert_eq!(kinds(&found), vec![(2, BreakKind::Deleted)]);
        assert!(
            found[0].message.contains("seq 2 の記録が削除されています"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn swapped_lines_are_reordered() {
        let (_dir, log) = three();
        let mut text = lines(&log);
        text.swap(1, 2);
        write_lines(&log, &text);
        let found = breaks(&log);
        assert_eq!(kinds(&found), vec![(3, BreakKind::Reordered)]);
        assert!(
            found[0].message.contains("3 行目（seq 2）の位置が違います"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn duplicated_line_is_reordered() {
        let (_dir, log) = three();
        let mut text = lines(&log);
        text.insert(2, text[1].clone());
        write_lines(&log, &text);
        assert_eq!(kinds(&breaks(&log)), vec![(3, BreakKind::Reordered)]);
    }

    #[test]
    fn removed_last_line_is_truncated() {
        let (_dir, log) = three();
        let mut text = lines(&log);
        text.pop();
        write_lines(&log, &text);
        let found = breaks(&log);
        assert_eq!(kinds(&found), vec![(0, BreakKind::Truncated)]);
        assert!(
            found[0].message.contains("seq 3 が削除されています"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn edited_last_line_is_found_through_the_head() {
        let (_dir, log) = three();
        let mut text = lines(&log);
        let edited = text[2].replace("\"files\":3", "\"files\":1");
        assert_ne!(edited, text[2]);
        text[2] = edited;
        write_lines(&log, &text);
        let found = breaks(&log);
        assert_eq!(kinds(&found), vec![(3, BreakKind::Edited)]);
        assert!(
            found[0].message.contains("3 行目（seq 3"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn deleted_head_is_reported() {
        let (_dir, log) = three();
        std::fs::remove_file(log.dir.join(HEAD_FILE)).unwrap();
        assert_eq!(kinds(&breaks(&log)), vec![(0, BreakKind::HeadMissing)]);
    }

    #[test]
    fn garbage_line_is_unreadable_with_its_number() {
        let (_dir, log) = three();
        let mut text = lines(&log);
        text.insert(1, "これは記録ではありません".into());
        write_lines(&log, &text);
        let found = breaks(&log);
        assert_eq!(kinds(&found), vec![(2, BreakKind::Unreadable)]);
        let (entries, unreadable) = log.entries().unwrap();
        assert_eq!(entries.len(), 3, "the readable entries are still shown");
        assert_eq!(unreadable, [2]);
        assert!(
            found.iter().all(|b| !b.message.contains("これは")),
            "a message must not quote the line: {found:?}"
        );
    }

    #[test]
    fn garbage_in_place_of_a_line_is_reported_once() {
        let (_dir, log) = three();
        let mut text = lines(&log);
        text[1] = "{\"seq\":2,".into();
        write_lines(&log, &text);
        assert_eq!(kinds(&breaks(&log)), vec![(2, BreakKind::Unreadable)]);
    }

    #[test]
    fn deleted_log_with_head_is_detected() {
        let (_dir, log) = three();
        std::fs::remove_file(log.path()).unwrap();
        let found = breaks(&log);
        assert_eq!(kinds(&found), vec![(0, BreakKind::Truncated)]);
        assert!(found[0].message.contains("seq 3"), "{}", found[0].message);
        std::fs::write(log.path(), "").unwrap();
        assert_eq!(kinds(&breaks(&log)), vec![(0, BreakKind::Truncated)]);
    }

    #[test]
    fn appends_after_tampering_keep_the_break_visible() {
        // Edited last line, then more appends: the new line chains onto the head's memory.
        let (_dir, log) = three();
        let mut text = lines(&log);
        text[2] = text[2].replace("\"files\":3", "\"files\":1");
        write_lines(&log, &text);
        log.append(event(4)).unwrap();
        log.append(event(5)).unwrap();
        assert_eq!(kinds(&breaks(&log)), vec![(3, BreakKind::Edited)]);

        // Truncated, then an append: the missing seq is named.
        let (_dir2, log) = three();
        let mut text = lines(&log);
        text.pop();
        write_lines(&log, &text);
        let e = log.append(event(4)).unwrap();
        assert_eq!(e.seq, 4);
        let found = breaks(&log);
        assert_eq!(kinds(&found), vec![(3, BreakKind::Deleted)]);
        assert!(
            found[0].message.contains("seq 3 の記録"),
            "{}",
            found[0].message
        );

        // Head deleted, then an append: the head is not silently recreated.
        let (_dir3, log) = three();
        std::fs::remove_file(log.dir.join(HEAD_FILE)).unwrap();
        assert_eq!(log.append(event(4)).unwrap().seq, 4);
        assert!(!log.dir.join(HEAD_FILE).exists());
        assert_eq!(kinds(&breaks(&log)), vec![(0, BreakKind::HeadMissing)]);

        // Log deleted, then an append: the lost seqs are named.
        let (_dir4, log) = three();
        std::fs::remove_file(log.path()).unwrap();
        assert_eq!(log.append(event(4)).unwrap().seq, 4);
        let found = breaks(&log);
        assert_eq!(kinds(&found), vec![(1, BreakKind::Deleted)]);
        assert!(
            found[0].message.contains("seq 1〜3"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn interrupted_appends_are_recovered() {
        // The line was written but the head not renamed: accepted, and the next append repairs.
        let (_dir, log) = three();
        let head_path = log.dir.join(HEAD_FILE);
        let old_head = std::fs::read(&head_path).unwrap();
        log.append(event(4)).unwrap();
        std::fs::write(&head_path, &old_head).unwrap();
        assert_eq!(log.verify().unwrap().entries, 4);
        assert_eq!(log.append(event(5)).unwrap().seq, 5);
        assert_eq!(log.verify().unwrap().entries, 5);

        // A line cut short: reported, and later appends still start on a line of their own.
        let (_dir2, log) = three();
        let mut bytes = std::fs::read(log.path()).unwrap();
        bytes.extend_from_slice(b"{\"seq\":4,\"prev\":");
        std::fs::write(log.path(), &bytes).unwrap();
        assert_eq!(kinds(&breaks(&log)), vec![(4, BreakKind::Unreadable)]);
        let e = log.append(event(4)).unwrap();
        assert_eq!(e.seq, 4);
        assert_eq!(kinds(&breaks(&log)), vec![(4, BreakKind::Unreadable)]);
        let text = lines(&log);
        assert_eq!(text.len(), 5);
        assert_eq!(serde_json::from_str::<Entry>(&text[4]).unwrap(), e);
    }

    #[test]
    fn edited_seq_is_reported_once() {
        let (_dir, log) = three();
        let mut text = lines(&log);
        let edited = text[1].replacen("\"seq\":2", "\"seq\":7", 1);
        assert_ne!(edited, text[1]);
        text[1] = edited;
        write_lines(&log, &text);
        assert_eq!(kinds(&breaks(&log)), vec![(2, BreakKind::Edited)]);
    }

    #[test]
    fn concurrent_appends_never_fork_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        std::thread::scope(|s| {
            for t in 0..4 {
                let log = &log;
                s.spawn(move || {
                    for i in 0..25 {
                        log.append(event(t * 100 + i)).unwrap();
                    }
                });
            }
        });
        let intact = log.verify().unwrap();
        assert_eq!(intact.entries, 100);
        let seqs: Vec<u64> = log.entries().unwrap().0.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=100).collect::<Vec<u64>>());
        let leftovers: Vec<_> = std::fs::read_dir(&log.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn names_where_hashes_belong_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        let mut bad = event(1);
        bad.inputs = vec!["山田太郎_臨個票.xml".into()];
        let err = log.append(bad).unwrap_err();
        assert!(err.contains("inputs[0]"), "{err}");
        assert!(!err.contains("山田"), "{err}");
        let mut bad = event(1);
        bad.reasons = vec!["患者 山田の書類".into()];
        assert!(log.append(bad).unwrap_err().contains("reasons[0]"));
        let mut bad = bundle_event();
        bad.bundle.as_mut().unwrap().fingerprint = "C:\\out\\bundle.7z".into();
        assert!(log.append(bad).unwrap_err().contains("bundle.fingerprint"));
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
        let written = log.append(e).unwrap();
        let b = written.event.bundle.as_ref().unwrap();
        assert_eq!(b.name, "out.7z");
        assert!(b.institution.starts_with("13 xxx"), "{}", b.institution);
        assert_eq!(b.institution.chars().count(), MAX_TEXT + 1);
        assert_eq!(log.entries().unwrap().0, vec![written]);
        assert!(log.verify().is_ok());
    }

    #[test]
    fn a_line_holds_only_the_documented_fields() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        let mut e = bundle_event();
        e.reasons = vec!["BUNDLE-HASH".into()];
        log.append(e).unwrap();
        let line = &lines(&log)[0];
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        let mut top = vec![
            "seq",
            "prev",
            "time_utc",
            "local_offset",
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
        ];
        if value.get("source_date_epoch").is_some() {
            top.push("source_date_epoch");
        }
        let mut top: Vec<String> = top.into_iter().map(String::from).collect();
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

    #[test]
    fn show_text_is_one_japanese_line_per_entry() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        log.append(event(2)).unwrap();
        log.append(bundle_event()).unwrap();
        let mut entries = log.entries().unwrap().0;
        entries[1].time_utc = "2025-04-01T00:15:30Z".into();
        entries[1].local_offset = "+09:00".into();
        let text = show_text(&entries);
        let shown: Vec<&str> = text.lines().collect();
        assert_eq!(shown.len(), 2);
        assert!(shown[0].starts_with("#1  "), "{}", shown[0]);
        assert!(
            shown[0].contains("検査  合格  ファイル 2（合格 2・不合格 0）"),
            "{}",
            shown[0]
        );
        assert!(
            shown[1].contains("2025-04-01 09:15:30 +09:00  封緘"),
            "{}",
            shown[1]
        );
        assert!(
            shown[1].contains("rinko-20250401.7z 指紋 3F2A-9C1B…"),
            "{}",
            shown[1]
        );
        assert!(shown[1].contains("理由 BUNDLE-HASH"), "{}", shown[1]);
        assert!(shown[1].ends_with(&format!("{}@{}", entries[1].user, entries[1].host)));
        assert_eq!(show_text(&[]), "監査ログに記録はありません。\n");
    }

    #[test]
    fn gaps_skip_seqs_present_elsewhere() {
        let present: BTreeSet<u64> = [1, 4, 9].into_iter().collect();
        assert_eq!(gaps(&present, 1, 9), vec![(2, 3), (5, 8)]);
        assert_eq!(gaps(&present, 1, 2), vec![]);
        assert_eq!(
            gaps(&present, 0, u64::MAX),
            vec![(2, 3), (5, 8), (10, u64::MAX - 1)]
        );
        assert_eq!(format_ranges(&[(2, 2), (5, 7)]), "2、5〜7");
    }
}
