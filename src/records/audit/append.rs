//! Appending: the lock, the head file, reading the last line, and where the next entry
//! attaches, including after a crash or after someone touched the files.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, BufWriter, ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::entry::{self, Entry, Event, Witness};
use super::{AuditLog, GENESIS, HEAD_FILE, LOCK_FILE};
use crate::digest::Sha256Digest;

/// The append protocol, under an exclusive lock: reads the head and the last line, writes the
/// next head to a temporary file (so that a folder where it cannot be written refuses before
/// the log grows), appends the line, fsyncs both, then renames the head into place. A crash
/// before the rename is durable leaves the head one entry behind, which `verify` accepts and
/// the next append repairs.
pub(super) fn append(log: &AuditLog, mut event: Event, witness: &Witness) -> Result<Entry, String> {
    entry::vet(&event)?;
    entry::tidy(&mut event);
    let dir = &log.dir;
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "監査ログのフォルダー {} を作れません（{}）。フォルダーのアクセス権を確認してください。",
            dir.display(),
            crate::read::io_reason_ja(&e)
        )
    })?;
    let _lock = lock_exclusive(dir)?;
    let log_path = log.path();
    let write_error = |e: &std::io::Error| {
        format!(
            "監査ログ {} に記録できません（{}）。フォルダーのアクセス権と空き容量を確認してください。",
            log_path.display(),
            crate::read::io_reason_ja(e)
        )
    };
    let head = read_head(&log.head_path());
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(&log_path)
        .map_err(|e| write_error(&e))?;
    let tail = read_tail(&mut file, &head).map_err(|e| write_error(&e))?;
    let link = next_link(&head, &tail, &mut file).map_err(|e| write_error(&e))?;

    let entry = entry::stamp(link.seq, link.prev, event, witness);
    let serialize_error = |e: serde_json::Error| {
        format!("内部エラー: 監査ログの記録を作れません（{e}）。開発元に連絡してください。")
    };
    // The line is serialized twice, into the hash for the head and then into the log, rather
    // than held: the entry of a batch of 10,000 files lists 10,000 hashes.
    let temp_head = if link.write_head {
        let mut line = Counted {
            inner: Sha256::new(),
            bytes: 0,
        };
        serde_json::to_writer(&mut line, &entry).map_err(serialize_error)?;
        let cut_short = u64::from(!tail.ends_with_newline);
        let head = Head {
            seq: entry.seq,
            hash: Sha256Digest::finish(line.inner).to_string(),
            len: Some(tail.len + cut_short + line.bytes + 1),
        };
        Some(write_temp_head(dir, &head).map_err(|e| head_error(log, &e))?)
    } else {
        None
    };
    // The line goes where it belongs, after a newline that ends a line cut short by a crash
    // (that line stays its own, unreadable, instead of swallowing this one).
    let write_line = |file: &File| -> std::io::Result<()> {
        let mut out = BufWriter::with_capacity(64 * 1024, file);
        if !tail.ends_with_newline {
            out.write_all(b"\n")?;
        }
        serde_json::to_writer(&mut out, &entry).map_err(std::io::Error::other)?;
        out.write_all(b"\n")?;
        out.flush()
    };
    // The two fsyncs overlap, so an append waits for the disk about once: both files are
    // durable before the rename all the same.
    let (head_synced, line_written) = std::thread::scope(|scope| {
        let head = temp_head
            .as_ref()
            .map(|(_, temp)| scope.spawn(move || temp.sync_all()));
        let line = write_line(&file).and_then(|()| file.sync_all());
        let head = head.map(|h| h.join().unwrap_or_else(|_| Err(ErrorKind::Other.into())));
        (head, line)
    });
    let remove_temp = || {
        if let Some((path, _)) = &temp_head {
            let _ = std::fs::remove_file(path);
        }
    };
    if let Err(e) = line_written {
        remove_temp();
        return Err(write_error(&e));
    }
    drop(file);
    let recorded_but = |e: &std::io::Error| {
        format!(
            "監査ログに seq {} を記録しましたが、{}",
            entry.seq,
            head_error(log, e)
        )
    };
    if let Some(Err(e)) = head_synced {
        remove_temp();
        return Err(recorded_but(&e));
    }
    if let Some((temp, _)) = &temp_head {
        if let Err(e) = std::fs::rename(temp, log.head_path()) {
            remove_temp();
            return Err(recorded_but(&e));
        }
    }
    // The new names (the log's on its first entry, the head's) need the folder synced. After
    // a crash without it the head is at worst one entry behind, which `verify` accepts and
    // the next append repairs, so only a log's first entry waits for it.
    if tail.last.is_none() {
        sync_dir(dir);
    }
    Ok(entry)
}

fn head_error(log: &AuditLog, e: &std::io::Error) -> String {
    format!(
        "先頭記録 {} を更新できません（{}）。audit フォルダーに書き込めるか（ファイルの作成と置き換えができるか）確認してください。",
        log.head_path().display(),
        crate::read::io_reason_ja(e)
    )
}

/// The exclusive lock of an append. Where the file system has no locks (some network shares),
/// appends go on unlocked: a forked chain would show in `verify`, whereas refusing would stop
/// every command.
fn lock_exclusive(dir: &Path) -> Result<Option<File>, String> {
    let path = dir.join(LOCK_FILE);
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
pub(super) fn lock_shared(dir: &Path) -> Option<File> {
    let path = dir.join(LOCK_FILE);
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

/// `audit.head`: the seq and hash of the last line written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Head {
    pub(super) seq: u64,
    pub(super) hash: String,
    /// The log's length in bytes with that line. While the log is still that long, its last
    /// line is the head's, and an append need not read it again: the entry of a batch of
    /// 10,000 files is a line of 700 KB. Heads written before this field have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) len: Option<u64>,
}

/// A writer that counts what passes through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub(super) enum HeadState {
    Missing,
    /// Why, in Japanese.
    Unreadable(String),
    Present(Head),
}

pub(super) fn read_head(path: &Path) -> HeadState {
    match std::fs::read(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => HeadState::Missing,
        Err(e) => HeadState::Unreadable(crate::read::io_reason_ja(&e)),
        Ok(bytes) => match serde_json::from_slice::<Head>(&bytes) {
            Ok(head) if entry::is_hex64(&head.hash) => HeadState::Present(head),
            Ok(_) => HeadState::Unreadable("ハッシュの形式が違います".into()),
            Err(_) => HeadState::Unreadable("内容が読めません".into()),
        },
    }
}

/// Unique temporary names: threads of one process share the pid.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The next head in a temporary file, written but not yet synced: a folder where it cannot be
/// created refuses before the log grows.
fn write_temp_head(dir: &Path, head: &Head) -> std::io::Result<(PathBuf, File)> {
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
        Ok(file)
    })();
    match result {
        Ok(file) => Ok((temp, file)),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Makes new names in `dir` durable. Best effort: not every platform can open a folder.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The log's last line, as its SHA-256 and seq, whether the file ends with '\n', and its
/// length in bytes.
struct Tail {
    last: Option<LastLine>,
    ends_with_newline: bool,
    len: u64,
}

struct LastLine {
    sha256: String,
    /// `None` when the line is no entry (cut short, edited into something else).
    seq: Option<u64>,
}

/// Reads backwards from the end, so an append costs the same however long the log is; and
/// not at all while the log has the length the head gives it.
fn read_tail(file: &mut File, head: &HeadState) -> std::io::Result<Tail> {
    const CHUNK: u64 = 8192;
    let len = file.seek(SeekFrom::End(0))?;
    if len == 0 {
        return Ok(Tail {
            last: None,
            ends_with_newline: true,
            len,
        });
    }
    let mut last_byte = [0u8];
    file.seek(SeekFrom::Start(len - 1))?;
    file.read_exact(&mut last_byte)?;
    let ends_with_newline = last_byte[0] == b'\n';
    // A line appended after the head (an append cut short before its rename) makes the log
    // longer; an edit of the same length is for `verify` to find, and an append attaches to
    // the head's line then anyway.
    if let HeadState::Present(h) = head {
        if ends_with_newline && h.len == Some(len) {
            return Ok(Tail {
                last: Some(LastLine {
                    sha256: h.hash.clone(),
                    seq: Some(h.seq),
                }),
                ends_with_newline,
                len,
            });
        }
    }
    let body_end = if ends_with_newline { len - 1 } else { len };
    // Backwards chunk by chunk to the newline before the last line, then that line forwards:
    // an entry of a batch of 10,000 files is a long line, and copying it per chunk would cost
    // its length squared.
    let mut start = 0;
    let mut pos = body_end;
    let mut chunk = Vec::new();
    while pos > 0 {
        let from = pos.saturating_sub(CHUNK);
        chunk.resize((pos - from) as usize, 0);
        file.seek(SeekFrom::Start(from))?;
        file.read_exact(&mut chunk)?;
        if let Some(i) = chunk.iter().rposition(|&b| b == b'\n') {
            start = from + i as u64 + 1;
            break;
        }
        pos = from;
    }
    file.seek(SeekFrom::Start(start))?;
    Ok(Tail {
        last: Some(read_last_line(file.take(body_end - start))?),
        ends_with_newline,
        len,
    })
}

/// The line's hash and seq in one streaming pass: held whole (and parsed into an `Entry`), the
/// previous entry of a batch of 10,000 files would be most of that batch's memory.
fn read_last_line(line: impl Read) -> std::io::Result<LastLine> {
    /// What `next_link` needs of an entry; the rest is read past, not kept.
    #[derive(Deserialize)]
    struct Seq {
        seq: u64,
    }
    let mut reader = Hashing {
        inner: BufReader::with_capacity(64 * 1024, line),
        hasher: Sha256::new(),
    };
    let mut de = serde_json::Deserializer::from_reader(&mut reader);
    let seq = Seq::deserialize(&mut de)
        .and_then(|s| de.end().map(|()| s.seq))
        .ok();
    // What the parser did not read (after an error) still belongs to the line's hash.
    std::io::copy(&mut reader, &mut std::io::sink())?;
    Ok(LastLine {
        sha256: Sha256Digest::finish(reader.hasher).to_string(),
        seq,
    })
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
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
    let last = tail.last.as_ref().map(|l| (l.sha256.clone(), l.seq));
    let link = |seq: u64, prev: &str, write_head: bool| Link {
        seq: seq.saturating_add(1),
        prev: prev.to_string(),
        write_head,
    };
    Ok(match (head, last) {
        (HeadState::Present(h), None) => link(h.seq, &h.hash, true),
        (HeadState::Present(h), Some((hash, Some(seq)))) if seq == h.seq && hash == h.hash => {
            link(seq, &hash, true)
        }
        // The head is behind: an append was interrupted before its rename.
        (HeadState::Present(h), Some((hash, Some(seq)))) if seq > h.seq => link(seq, &hash, true),
        // The tail was edited, shortened or cut: chaining onto what the head remembers keeps
        // the break visible at the new line.
        (HeadState::Present(h), Some(_)) => link(h.seq, &h.hash, true),
        (_, None) => link(0, GENESIS, matches!(head, HeadState::Missing)),
        (_, Some((hash, Some(seq)))) => link(seq, &hash, false),
        (_, Some((hash, None))) => {
            let mut bytes = Vec::new();
            log.seek(SeekFrom::Start(0))?;
            log.read_to_end(&mut bytes)?;
            let max = entry::split_lines(&bytes)
                .into_iter()
                .filter_map(|l| serde_json::from_slice::<Entry>(l).ok())
                .map(|e| e.seq)
                .max()
                .unwrap_or(0);
            link(max, &hash, false)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{breaks, event, kinds, lines, three, witness, write_lines};
    use super::super::BreakKind;
    use super::*;
    use crate::digest::sha256_hex;

    #[test]
    fn the_last_line_is_read_only_when_the_log_is_not_as_long_as_the_head_says() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let content = "{\"seq\":1}\n{\"seq\":2}\n";
        std::fs::write(&path, content).unwrap();
        let head = |len: Option<u64>| {
            HeadState::Present(Head {
                seq: 9,
                hash: "ab".repeat(32),
                len,
            })
        };
        let full = content.len() as u64;
        // As long as the head says: the head's line, unread (its seq and hash, not the file's).
        let tail = read_tail(&mut File::open(&path).unwrap(), &head(Some(full))).unwrap();
        let last = tail.last.unwrap();
        assert_eq!((last.seq, last.sha256), (Some(9), "ab".repeat(32)));
        // Longer or shorter (a line after the head, a cut), or a head without a length: read.
        for len in [Some(full - 1), Some(full + 1), None] {
            let tail = read_tail(&mut File::open(&path).unwrap(), &head(len)).unwrap();
            let last = tail.last.unwrap();
            assert_eq!(last.seq, Some(2), "{len:?}");
            assert_eq!(last.sha256, sha256_hex(b"{\"seq\":2}"), "{len:?}");
        }
    }

    #[test]
    fn the_head_gives_the_log_length_after_each_append() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(dir.path());
        for n in 0..3 {
            log.append(event(n), &witness()).unwrap();
            let HeadState::Present(h) = read_head(&log.head_path()) else {
                panic!("no head after append {n}");
            };
            assert_eq!(h.len, Some(std::fs::metadata(log.path()).unwrap().len()));
        }
        // A line cut short (no newline at the end): the next line starts on a line of its own,
        // and the head counts that newline too.
        let mut cut = std::fs::OpenOptions::new()
            .append(true)
            .open(log.path())
            .unwrap();
        cut.write_all(b"{\"seq\":").unwrap();
        log.append(event(4), &witness()).unwrap();
        let HeadState::Present(h) = read_head(&log.head_path()) else {
            panic!("no head");
        };
        assert_eq!(h.len, Some(std::fs::metadata(log.path()).unwrap().len()));
    }

    #[test]
    fn the_tail_is_the_last_line_however_long() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let long = "x".repeat(50_000);
        for (content, last, newline) in [
            ("", None, true),
            ("a\n", Some("a"), true),
            ("a\nbc\n", Some("bc"), true),
            ("a\nbc", Some("bc"), false),
            ("a\n\n", Some(""), true),
            (&format!("a\n{long}\n") as &str, Some(long.as_str()), true),
            (
                &format!("{long}\n{long}y"),
                Some(&format!("{long}y") as &str),
                false,
            ),
        ] {
            std::fs::write(&path, content).unwrap();
            let mut file = File::open(&path).unwrap();
            let tail = read_tail(&mut file, &HeadState::Missing).unwrap();
            assert_eq!(
                tail.last.as_ref().map(|l| l.sha256.as_str()),
                last.map(|l| sha256_hex(l.as_bytes())).as_deref(),
                "{:.20}",
                content
            );
            assert_eq!(tail.ends_with_newline, newline, "{:.20}", content);
            assert_eq!(tail.len, content.len() as u64);
        }
        for (line, seq) in [
            (
                r#"{"seq":7,"inputs":["a","b"],"more":{"x":[1,2]}}"#,
                Some(7),
            ),
            (r#"{"prev":"x","seq":12}"#, Some(12)),
            (r#"{"seq":4,"prev":"#, None),
            (r#"{"seq":4} {"seq":5}"#, None),
            (r#"{"seq":"4"}"#, None),
            ("", None),
        ] {
            let last = read_last_line(line.as_bytes()).unwrap();
            assert_eq!(last.seq, seq, "{line}");
            assert_eq!(last.sha256, sha256_hex(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn appends_after_tampering_keep_the_break_visible() {
        // Edited last line, then more appends: the new line chains onto the head's memory.
        let (_dir, log) = three();
        let mut text = lines(&log);
        text[2] = text[2].replace("\"files\":3", "\"files\":1");
        write_lines(&log, &text);
        log.append(event(4), &witness()).unwrap();
        log.append(event(5), &witness()).unwrap();
        assert_eq!(kinds(&breaks(&log)), vec![(3, BreakKind::Edited)]);

        // Truncated, then an append: the missing seq is named.
        let (_dir2, log) = three();
        let mut text = lines(&log);
        text.pop();
        write_lines(&log, &text);
        let e = log.append(event(4), &witness()).unwrap();
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
        assert_eq!(log.append(event(4), &witness()).unwrap().seq, 4);
        assert!(!log.dir.join(HEAD_FILE).exists());
        assert_eq!(kinds(&breaks(&log)), vec![(0, BreakKind::HeadMissing)]);

        // Log deleted, then an append: the lost seqs are named.
        let (_dir4, log) = three();
        std::fs::remove_file(log.path()).unwrap();
        assert_eq!(log.append(event(4), &witness()).unwrap().seq, 4);
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
        log.append(event(4), &witness()).unwrap();
        std::fs::write(&head_path, &old_head).unwrap();
        assert_eq!(log.verify().unwrap().entries, 4);
        assert_eq!(log.append(event(5), &witness()).unwrap().seq, 5);
        assert_eq!(log.verify().unwrap().entries, 5);

        // A line cut short: reported, and later appends still start on a line of their own.
        let (_dir2, log) = three();
        let mut bytes = std::fs::read(log.path()).unwrap();
        bytes.extend_from_slice(b"{\"seq\":4,\"prev\":");
        std::fs::write(log.path(), &bytes).unwrap();
        assert_eq!(kinds(&breaks(&log)), vec![(4, BreakKind::Unreadable)]);
        let e = log.append(event(4), &witness()).unwrap();
        assert_eq!(e.seq, 4);
        assert_eq!(kinds(&breaks(&log)), vec![(4, BreakKind::Unreadable)]);
        let text = lines(&log);
        assert_eq!(text.len(), 5);
        assert_eq!(serde_json::from_str::<Entry>(&text[4]).unwrap(), e);
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
                        log.append(event(t * 100 + i), &witness()).unwrap();
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
}
