//! The log for people: the Japanese names of operations and outcomes (shared with the ledger)
//! and `rinko log show`'s one line per entry.

use super::entry::{Entry, Operation, Outcome};

impl Operation {
    /// The Japanese name, for `log show`; a name this version does not know, as written.
    pub fn name_ja(&self) -> &str {
        match self {
            Operation::Check => "検査",
            Operation::Print => "印刷",
            Operation::Bundle => "封緘",
            Operation::Verify => "検証",
            Operation::SchemasImport => "取り込み",
            Operation::SchemasTrust => "パック鍵登録",
            Operation::SchemasRemove => "取り除き",
            Operation::KeysGenerate => "鍵生成",
            Operation::KeysTrust => "鍵登録",
            Operation::Other(name) => name.as_str(),
        }
    }
}

impl Outcome {
    /// The Japanese name, for `log show` and the ledger; a name this version does not know, as
    /// written.
    pub fn name_ja(&self) -> &str {
        match self {
            Outcome::Pass => "合格",
            Outcome::Fail => "不合格",
            Outcome::Refused => "拒否",
            Outcome::Error => "エラー",
            Outcome::Cancelled => "中止",
            Outcome::Other(name) => name.as_str(),
        }
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

/// An entry for people, in the parts `rinko log show` joins into a line and the app's 記録
/// screen shows as columns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntryShown {
    pub seq: u64,
    /// "2025-04-01 09:15:30 +09:00".
    pub time: String,
    /// The operation's name in the log (`check`, `bundle` …), for filtering.
    pub operation: String,
    pub operation_ja: String,
    pub outcome_ja: String,
    /// Counts, the bundle and its short fingerprint, reason codes: what there is.
    pub details: Vec<String>,
    /// "user@host".
    pub who: String,
}

impl EntryShown {
    pub fn of(e: &Entry) -> EntryShown {
        let ev = &e.event;
        let mut details = Vec::new();
        let c = &ev.counts;
        if c.files > 0 || c.errors > 0 || c.warnings > 0 {
            details.push(format!(
                "ファイル {}（合格 {}・不合格 {}）エラー {} 件・警告 {} 件",
                c.files, c.passed, c.failed, c.errors, c.warnings
            ));
        }
        if let Some(b) = &ev.bundle {
            if b.fingerprint.is_empty() {
                details.push(b.name.clone());
            } else {
                let short: String = crate::digest::fingerprint_groups(&b.fingerprint)
                    .chars()
                    .take(9)
                    .collect();
                details.push(format!("{} 指紋 {short}…", b.name));
            }
        }
        if !ev.reasons.is_empty() {
            details.push(format!("理由 {}", ev.reasons.join(",")));
        }
        EntryShown {
            seq: e.seq,
            time: local_time(e),
            operation: ev.operation.as_str().to_string(),
            operation_ja: ev.operation.name_ja().to_string(),
            outcome_ja: ev.outcome.name_ja().to_string(),
            details,
            who: format!("{}@{}", e.user, e.host),
        }
    }
}

/// One readable Japanese line per entry, for `rinko log show`.
pub fn show_text(entries: &[Entry]) -> String {
    if entries.is_empty() {
        return "監査ログに記録はありません。\n".to_string();
    }
    let mut out = String::new();
    for e in entries {
        let shown = EntryShown::of(e);
        let mut parts = vec![
            format!("#{}", shown.seq),
            shown.time,
            shown.operation_ja,
            shown.outcome_ja,
        ];
        parts.extend(shown.details);
        parts.push(shown.who);
        out.push_str(&parts.join("  "));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{bundle_event, event, witness};
    use super::super::AuditLog;
    use super::*;

    #[test]
    fn show_text_is_one_japanese_line_per_entry() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        log.append(event(2), &witness()).unwrap();
        log.append(bundle_event(), &witness()).unwrap();
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
    fn every_known_name_has_its_japanese_and_unknown_ones_show_as_written() {
        let ja: Vec<&str> = Operation::KNOWN.iter().map(Operation::name_ja).collect();
        assert_eq!(
            ja,
            [
                "検査",
                "印刷",
                "封緘",
                "検証",
                "取り込み",
                "パック鍵登録",
                "取り除き",
                "鍵生成",
                "鍵登録"
            ]
        );
        let ja: Vec<&str> = Outcome::KNOWN.iter().map(Outcome::name_ja).collect();
        assert_eq!(ja, ["合格", "不合格", "拒否", "エラー", "中止"]);

        let mut newer = event(1);
        newer.operation = serde_json::from_str("\"schemas-export\"").unwrap();
        newer.outcome = serde_json::from_str("\"partial\"").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(&dir.path().join("audit"));
        let entry = log.append(newer, &witness()).unwrap();
        let text = show_text(&[entry]);
        assert!(text.contains("  schemas-export  partial  "), "{text}");
    }
}
