//! Rule packs: a schema set shipped as a folder or zip with `manifest-sha256.txt` (and optionally
//! an Ed25519 signature over it), checked completely before `rinko schemas import` stores it in
//! the user's data directory. A pack that fails any check changes nothing.
//!
//! This module owns reading packs (hostile zips included), verifying them and the store; what a
//! set means is `schema_set`, whether its XSDs compile is vetted by `check::Checker`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, VerifyingKey};

use crate::archive::ZipLimits;
use crate::schema_set::{Origin, SchemaSetDef, SetError};

pub const MANIFEST: &str = "manifest-sha256.txt";
pub const SIGNATURE: &str = "manifest-sha256.txt.sig";

const LIMITS: ZipLimits = ZipLimits {
    max_entries: 2_000,
    max_entry_bytes: 32 * 1024 * 1024,
    max_total_bytes: 128 * 1024 * 1024,
    max_ratio: 200,
    what: "ルールパック",
};

/// Where Rinko keeps its own files: `RINKO_DATA_DIR`, else the OS's per-user data directory.
pub fn data_dir() -> Result<PathBuf, SetError> {
    if let Some(dir) = std::env::var_os("RINKO_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir()
        .map(|d| d.join("rinko"))
        .ok_or_else(|| SetError("ユーザーのデータフォルダが見つかりません。環境変数 RINKO_DATA_DIR で指定してください。".into()))
}

fn store_dir() -> Result<PathBuf, SetError> {
    Ok(data_dir()?.join("schema-sets"))
}

/// The public keys packs must be signed with: `trusted-keys/*.pub` in the data directory.
pub fn trusted_keys(extra: &[PathBuf]) -> Result<Vec<VerifyingKey>, SetError> {
    crate::keys::trusted(crate::keys::PACK_KEYS, extra).map_err(SetError)
}

/// What an import did, for the user.
pub struct Imported {
    pub set: SchemaSetDef,
    pub signed: bool,
    pub replaced: Option<String>,
}

/// Reads and verifies a pack; stores it only when everything holds. `vet` compiles the set.
pub fn import(
    source: &Path,
    keys: &[VerifyingKey],
    vet: impl FnOnce(&SchemaSetDef) -> Result<(), SetError>,
) -> Result<Imported, SetError> {
    let refuse = |why: String| {
        SetError(format!(
            "ルールパック {} を取り込めません: {why}",
            source.display()
        ))
    };
    let files = read_pack(source).map_err(refuse)?;
    let signed = verify(&files, keys).map_err(refuse)?;
    let set_files = set_files(files.clone());
    let store = store_dir()?;
    let id = set_id(&set_files).map_err(refuse)?;
    let target = store.join(&id);
    let set = SchemaSetDef::from_files(
        set_files,
        Origin::Imported(target.clone()),
        target.to_string_lossy().into_owned(),
    )
    .map_err(refuse)?;
    vet(&set).map_err(|e| refuse(e.0))?;
    let replaced = std::fs::read_to_string(target.join("schema-set.toml"))
        .ok()
        .and_then(|t| crate::schema_set::Manifest::parse(&t).ok())
        .map(|m| m.version);
    write_store(&store, &id, &files).map_err(|e| {
        SetError(format!(
            "ルールパックを {} に保存できません: {}",
            store.display(),
            crate::read::io_reason_ja(&e)
        ))
    })?;
    Ok(Imported {
        set,
        signed,
        replaced,
    })
}

/// The set's own files: the pack without its seal (manifest and signature).
fn set_files(mut files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.remove(MANIFEST);
    files.remove(SIGNATURE);
    files
}

/// The id of the set in a pack, checked to be a safe folder name.
fn set_id(files: &BTreeMap<String, Vec<u8>>) -> Result<String, String> {
    let text = files
        .get("schema-set.toml")
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or("schema-set.toml がありません。")?;
    Ok(crate::schema_set::Manifest::parse(text)?.id)
}

/// Writes the pack (with its manifest and signature, so that it can be re-verified on every
/// load) to a temporary folder and renames it into place; the previous import of the same id
/// is replaced only once the new one is complete.
fn write_store(store: &Path, id: &str, files: &BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
    std::fs::create_dir_all(store)?;
    recover(store, id);
    let pid = std::process::id();
    let temp = store.join(format!(".import-{id}-{pid}"));
    let _ = std::fs::remove_dir_all(&temp);
    for (name, bytes) in files {
        let path = temp.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
    }
    let target = store.join(id);
    let old = store.join(format!(".replaced-{id}-{pid}"));
    let had_old = target.exists();
    if had_old {
        std::fs::rename(&target, &old)?;
    }
    if let Err(e) = std::fs::rename(&temp, &target) {
        if had_old {
            let _ = std::fs::rename(&old, &target);
        }
        let _ = std::fs::remove_dir_all(&temp);
        return Err(e);
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// After an import that was killed: a set moved aside but not replaced is put back, and
/// half-written folders are removed.
fn recover(store: &Path, id: &str) {
    let Ok(entries) = std::fs::read_dir(store) else {
        return;
    };
    let target = store.join(id);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&format!(".replaced-{id}-")) && !target.exists() {
            let _ = std::fs::rename(entry.path(), &target);
        } else if name.starts_with(&format!(".replaced-{id}-"))
            || name.starts_with(&format!(".import-{id}-"))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Every imported set, re-verified against its manifest (and signature, when keys are trusted):
/// a stored pack edited after import is refused, not used.
pub fn imported_sets() -> Result<Vec<SchemaSetDef>, SetError> {
    let store = store_dir()?;
    let Ok(entries) = std::fs::read_dir(&store) else {
        return Ok(Vec::new());
    };
    let keys = trusted_keys(&[])?;
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|dir| {
            let refuse = |why: String| {
                SetError(format!(
                    "取り込み済みのスキーマセット {} が壊れているか改変されています: {why} もう一度 rinko schemas import してください。",
                    dir.display()
                ))
            };
            let files = read_pack(dir).map_err(refuse)?;
            verify(&files, &keys).map_err(refuse)?;
            SchemaSetDef::from_files(set_files(files), Origin::Imported(dir.clone()), dir.to_string_lossy().into_owned())
                .map_err(refuse)
        })
        .collect()
}

/// Checks the manifest against the files: every file listed with its hash, nothing unlisted.
/// With trusted keys, the manifest must carry a valid signature by one of them. Returns whether
/// the pack was signed and verified.
fn verify(files: &BTreeMap<String, Vec<u8>>, keys: &[VerifyingKey]) -> Result<bool, String> {
    let manifest = files.get(MANIFEST).ok_or_else(|| {
        format!(
            "{MANIFEST} がありません（ルールパックには全ファイルの SHA-256 の一覧が必要です）。"
        )
    })?;
    let text = std::str::from_utf8(manifest)
        .map_err(|_| format!("{MANIFEST} が UTF-8 ではありません。"))?;
    let mut listed = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (hash, name) = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .ok_or_else(|| {
                format!(
                    "{MANIFEST} の {} 行目が「SHA-256␣␣パス」の形ではありません。",
                    n + 1
                )
            })?;
        if listed
            .insert(name.trim().to_string(), hash.trim().to_ascii_lowercase())
            .is_some()
        {
            return Err(format!("{MANIFEST} に {} が二度あります。", name.trim()));
        }
    }
    for (name, bytes) in files {
        if name == MANIFEST || name == SIGNATURE {
            continue;
        }
        let expected = listed.remove(name).ok_or_else(|| {
            format!("{name} が {MANIFEST} に載っていません（追加されたファイル）。")
        })?;
        let actual = crate::read::sha256_hex(bytes);
        if actual != expected {
            return Err(format!(
                "{name} の SHA-256 が {MANIFEST} と一致しません（改変されています）。"
            ));
        }
    }
    if let Some(missing) = listed.keys().next() {
        return Err(format!("{MANIFEST} に載っている {missing} がありません。"));
    }
    match (files.get(SIGNATURE), keys.is_empty()) {
        (_, true) => Ok(false),
        (None, false) => Err("署名（manifest-sha256.txt.sig）がありません。信頼する公開鍵が設定されているため、署名のないルールパックは取り込めません。".into()),
        (Some(sig), false) => {
            let bytes: [u8; 64] = hex::decode(String::from_utf8_lossy(sig).trim())
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or("署名の形式が正しくありません（Ed25519 署名 64 バイトの 16 進数）。")?;
            let signature = Signature::from_bytes(&bytes);
            if keys.iter().any(|k| k.verify_strict(manifest, &signature).is_ok()) {
                Ok(true)
            } else {
                Err("署名を検証できません（信頼する公開鍵のどれとも一致しないか、manifest が改変されています）。".into())
            }
        }
    }
}

/// The files of a pack folder or zip, by relative path with `/`. A zip may hold the pack in one
/// top-level folder.
fn read_pack(source: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let meta = std::fs::symlink_metadata(source).map_err(|e| crate::read::io_reason_ja(&e))?;
    let files = if meta.is_dir() {
        let mut files = BTreeMap::new();
        read_folder(source, source, &mut files, 0)?;
        files
    } else {
        read_zip(source)?
    };
    if files.is_empty() {
        return Err("ファイルが一つもありません。".into());
    }
    Ok(strip_common_folder(files))
}

fn strip_common_folder(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    if files.contains_key(MANIFEST) {
        return files;
    }
    let first = files
        .keys()
        .next()
        .and_then(|k| k.split_once('/'))
        .map(|(d, _)| format!("{d}/"));
    match first {
        Some(prefix) if files.keys().all(|k| k.starts_with(&prefix)) => files
            .into_iter()
            .map(|(k, v)| (k[prefix.len()..].to_string(), v))
            .collect(),
        _ => files,
    }
}

fn read_folder(
    dir: &Path,
    root: &Path,
    out: &mut BTreeMap<String, Vec<u8>>,
    depth: usize,
) -> Result<(), String> {
    if depth > 8 {
        return Err("フォルダの階層が深すぎます。".into());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {}", dir.display(), crate::read::io_reason_ja(&e)))?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).map_err(|e| crate::read::io_reason_ja(&e))?;
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if meta.file_type().is_symlink() {
            return Err(format!(
                "{rel} はシンボリックリンクです（ルールパックには使えません）。"
            ));
        } else if meta.is_dir() {
            read_folder(&path, root, out, depth + 1)?;
        } else if meta.is_file() {
            admit(out, &rel, meta.len())?;
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("{rel}: {}", crate::read::io_reason_ja(&e)))?;
            out.insert(rel, bytes);
        }
    }
    Ok(())
}

/// The zip limits, applied to a folder too.
fn admit(out: &BTreeMap<String, Vec<u8>>, name: &str, size: u64) -> Result<(), String> {
    let total: u64 = out.values().map(|v| v.len() as u64).sum::<u64>() + size;
    if out.len() >= LIMITS.max_entries
        || size > LIMITS.max_entry_bytes
        || total > LIMITS.max_total_bytes
    {
        return Err(crate::archive::too_big(&LIMITS, name));
    }
    Ok(())
}

fn read_zip(path: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let file = std::fs::File::open(path).map_err(|e| crate::read::io_reason_ja(&e))?;
    crate::archive::read_zip(std::io::BufReader::new(file), &LIMITS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_killed_between_its_renames_is_recovered() {
        let store = tempfile::tempdir().unwrap();
        let s = store.path();
        std::fs::create_dir_all(s.join(".replaced-set-1/x")).unwrap();
        std::fs::write(s.join(".replaced-set-1/x/a.xsd"), "<old/>").unwrap();
        std::fs::create_dir_all(s.join(".import-set-1")).unwrap();
        let files = BTreeMap::from([("a.xsd".to_string(), b"<new/>".to_vec())]);
        write_store(s, "set", &files).unwrap();
        assert_eq!(std::fs::read(s.join("set/a.xsd")).unwrap(), b"<new/>");
        let left: Vec<_> = std::fs::read_dir(s)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["set"], "no leftovers");
    }

    #[test]
    fn manifest_must_cover_every_file() {
        let mut files = BTreeMap::new();
        files.insert("a.xsd".to_string(), b"<x/>".to_vec());
        let line = format!("{}  a.xsd\n", crate::read::sha256_hex(b"<x/>"));
        files.insert(MANIFEST.to_string(), line.clone().into_bytes());
        assert_eq!(verify(&files, &[]), Ok(false));
        let mut extra = files.clone();
        extra.insert("b.xsd".into(), vec![]);
        assert!(verify(&extra, &[]).unwrap_err().contains("b.xsd"));
        let mut changed = files.clone();
        changed.insert("a.xsd".into(), b"<y/>".to_vec());
        assert!(verify(&changed, &[]).unwrap_err().contains("一致しません"));
        let mut missing = files.clone();
        missing.remove("a.xsd");
        assert!(verify(&missing, &[]).unwrap_err().contains("a.xsd"));
    }
}
