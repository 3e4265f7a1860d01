//! Reading a zip that may be hostile: rule packs and bundles both come from outside. Every entry
//! is admitted only with a safe relative path, no link, a size within limits, a believable
//! compression ratio and a size that matches what it declared; a name may occur once, also when
//! compared the way Windows and macOS compare names (case and Unicode normalization), since such
//! twins would overwrite each other when extracted.
//!
//! This module owns the zip container only; what the entries mean is the caller's.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Component, Path};

use unicode_normalization::UnicodeNormalization;

/// What a zip may hold before it is refused.
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    /// Text compresses well, but not this well: a higher ratio is a zip bomb.
    pub max_ratio: u64,
    /// What the limits are about, for the message (「ルールパック」, 「バンドル」).
    pub what: &'static str,
}

/// Entries by name (`/`-separated), folders left out.
pub type Entries = BTreeMap<String, Vec<u8>>;

/// Reads every file entry of a zip. The error is a Japanese sentence naming the entry.
pub fn read_zip<R: Read + Seek>(mut reader: R, limits: &ZipLimits) -> Result<Entries, String> {
    let unreadable = |reason: String| {
        format!("zip として読めません（壊れているか途中で切れています）: {reason}。")
    };
    let declared =
        declared_entries(&mut reader).map_err(|e| unreadable(crate::read::io_reason_ja(&e)))?;
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| unreadable(zip_reason_ja(&e)))?;
    if archive.len() > limits.max_entries {
        return Err(too_big(limits, "(zip)"));
    }
    if declared.is_some_and(|n| n != archive.len() as u64) {
        // The zip crate keeps one entry per name: the others would be invisible here and yet
        // extracted by another tool.
        return Err(format!(
            "zip の目録に {} 項目あるはずが、名前の違う項目は {} しかありません（同じ名前の項目が二つ以上あります）。",
            declared.unwrap_or_default(),
            archive.len()
        ));
    }
    let mut out = Entries::new();
    let mut folded: HashMap<String, String> = HashMap::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| {
            format!(
                "zip の {} 番目の項目を読めません: {}。",
                i + 1,
                zip_reason_ja(&e)
            )
        })?;
        let name = entry
            .name()
            .map_err(|e| {
                format!(
                    "zip の {} 番目の項目の名前を読めません: {}。",
                    i + 1,
                    zip_reason_ja(&e)
                )
            })?
            .into_owned();
        if entry.is_symlink() {
            return Err(format!(
                "{name} はシンボリックリンクです（{}には使えません）。",
                limits.what
            ));
        }
        if !is_safe_relative(name.trim_end_matches('/')) {
            return Err(format!(
                "{name} は安全でないパスです（絶対パス、.. 、ドライブ名や \\ を含む）。"
            ));
        }
        if let Some(earlier) = folded.insert(fold(&name), name.clone()) {
            return Err(if earlier == name {
                format!("{name} が zip に二つあります。")
            } else {
                format!("{earlier} と {name} は展開すると同じ名前になります（大文字・小文字や Unicode の正規化だけが違う）。")
            });
        }
        if entry.is_dir() {
            continue;
        }
        let size = entry.size();
        total += size;
        if size > limits.max_entry_bytes || total > limits.max_total_bytes {
            return Err(too_big(limits, &name));
        }
        if size > 1024 && size / entry.compressed_size().max(1) > limits.max_ratio {
            return Err(format!("{name} の圧縮率が異常です（zip 爆弾の疑い）。"));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        // Read one byte more than declared: a lying header is caught, not trusted.
        (&mut entry)
            .take(size + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                format!(
                    "{name} を展開できません（壊れています）: {}。",
                    crate::read::io_reason_ja(&e)
                )
            })?;
        if bytes.len() as u64 != size {
            return Err(format!("{name} の大きさが zip の記載と一致しません。"));
        }
        out.insert(name, bytes);
    }
    Ok(out)
}

/// Why the zip crate refused, in Japanese (its own text is English: 「Could not find EOCD」).
fn zip_reason_ja(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::Io(io) => crate::read::io_reason_ja(io),
        ZipError::UnsupportedArchive(what) if *what == ZipError::PASSWORD_REQUIRED => {
            "パスワード付きの zip です（Rinko の暗号化は 7z で、zip のパスワードは使いません）"
                .into()
        }
        ZipError::UnsupportedArchive(_) => "対応していない zip の形式です（圧縮方式など）".into(),
        ZipError::InvalidPassword => "zip のパスワードが違います".into(),
        _ => "zip の形式が正しくありません（末尾の目録が見つからないか壊れています）".into(),
    }
}

/// The number of entries the end-of-central-directory record declares (its zip64 form when the
/// classic one is saturated); `None` when there is no such record, which the zip reader will
/// then refuse on its own.
fn declared_entries<R: Read + Seek>(reader: &mut R) -> std::io::Result<Option<u64>> {
    let len = reader.seek(SeekFrom::End(0))?;
    // The record is 22 bytes plus a comment of at most 65,535.
    let tail_len = len.min(22 + 65_535);
    reader.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0; tail_len as usize];
    reader.read_exact(&mut tail)?;
    reader.seek(SeekFrom::Start(0))?;
    let Some(at) = tail.windows(4).rposition(|w| w == b"PK\x05\x06") else {
        return Ok(None);
    };
    let Some(record) = tail.get(at..at + 22) else {
        return Ok(None);
    };
    let total = u16::from_le_bytes([record[10], record[11]]);
    if total != u16::MAX {
        return Ok(Some(total.into()));
    }
    // Zip64: a 20-byte locator just before the record points at the zip64 record.
    let Some(locator) = at.checked_sub(20).and_then(|l| tail.get(l..l + 20)) else {
        return Ok(None);
    };
    if &locator[..4] != b"PK\x06\x07" {
        return Ok(None);
    }
    let offset = u64::from_le_bytes(locator[8..16].try_into().unwrap_or_default());
    let mut record64 = [0u8; 40];
    reader.seek(SeekFrom::Start(offset))?;
    let read = reader.read_exact(&mut record64);
    reader.seek(SeekFrom::Start(0))?;
    if read.is_err() || &record64[..4] != b"PK\x06\x06" {
        return Ok(None);
    }
    Ok(Some(u64::from_le_bytes(
        record64[32..40].try_into().unwrap_or_default(),
    )))
}

pub(crate) fn too_big(limits: &ZipLimits, name: &str) -> String {
    format!(
        "{name}: {}が大きすぎます（{} 項目・1 項目 {} MB・合計 {} MB まで）。",
        limits.what,
        limits.max_entries,
        limits.max_entry_bytes >> 20,
        limits.max_total_bytes >> 20
    )
}

/// A name as a case-insensitive, normalization-insensitive file system sees it.
fn fold(name: &str) -> String {
    name.trim_end_matches('/')
        .nfc()
        .collect::<String>()
        .to_lowercase()
}

/// A relative path that stays inside the folder it is extracted to, on every OS.
pub fn is_safe_relative(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('\\')
        && !name.contains(':')
        && !name.chars().any(char::is_control)
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_folder_are_unsafe() {
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../x",
            "C:\\x",
            "a\\b",
            "",
            "a\nb",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
        assert!(is_safe_relative("codes/sex.csv"));
        assert!(is_safe_relative("data/山田.xml"));
    }

    #[test]
    fn names_that_collide_when_extracted_fold_alike() {
        assert_eq!(fold("data/A.xml"), fold("data/a.xml"));
        assert_eq!(fold("data/ガ.xml"), fold("data/カ\u{3099}.xml"));
        assert_ne!(fold("data/a.xml"), fold("data/b.xml"));
    }
}
