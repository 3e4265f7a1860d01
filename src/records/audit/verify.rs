//! Verification: the log's lines and its head examined together, and every break located by
//! line and seq and worded for the user.

use std::collections::{BTreeSet, HashSet};

use super::append::HeadState;
use super::entry::{parse_line, Entry};
use super::{GENESIS, HEAD_FILE, LOG_FILE};
use crate::digest::sha256_hex;

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
pub(super) fn examine(lines: &[&[u8]], head: &HeadState) -> Result<Intact, Vec<Break>> {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{breaks, event, kinds, lines, three, witness, write_lines};
    use super::super::{Operation, Outcome};
    use super::*;

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
    fn entries_of_a_newer_version_are_not_breaks() {
        let (_dir, log) = three();
        let mut newer = event(4);
        newer.operation = serde_json::from_str("\"schemas-export\"").unwrap();
        newer.outcome = serde_json::from_str("\"partial\"").unwrap();
        log.append(newer, &witness()).unwrap();
        log.append(event(5), &witness()).unwrap();
        assert_eq!(log.verify().unwrap().entries, 5);
        let (entries, unreadable) = log.entries().unwrap();
        assert!(unreadable.is_empty(), "{unreadable:?}");
        assert!(
            matches!(&entries[3].event.operation, Operation::Other(n) if n.as_str() == "schemas-export")
        );
        assert!(matches!(&entries[3].event.outcome, Outcome::Other(n) if n.as_str() == "partial"));
        assert_eq!(entries[4].event.operation, Operation::Check);
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
