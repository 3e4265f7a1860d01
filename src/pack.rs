//! Rule packs: a schema set shipped as a folder or zip with `manifest-sha256.txt` (and optionally
//! an Ed25519 signature over it, with the public key that made it), checked completely before
//! an import stores it in the data folder. A pack that fails any check changes nothing; a
//! removal takes a stored one away again.
//!
//! This module owns reading packs (hostile zips included), verifying them and the store; what a
//! set means is `schema_set`, whether its XSDs compile is vetted by `check::Checker`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, VerifyingKey};

use crate::archive::ZipLimits;
use crate::data::{DataFolder, KeyUse};
use crate::problem::{About, Code, Problem};
use crate::schema_set::{Origin, SchemaSetDef, SetError};

pub const MANIFEST: &str = "manifest-sha256.txt";
pub const SIGNATURE: &str = "manifest-sha256.txt.sig";
/// The public key the signature was made with (64 hex digits), as `rinko keys export-public`
/// writes it. Like a bundle's `Rinko-Signing-Key`, it says which key to check; trusting it is
/// the user's decision (`rinko schemas trust`).
pub const SIGNING_KEY: &str = "manifest-sha256.txt.pub";

const LIMITS: ZipLimits = ZipLimits {
    max_entries: 2_000,
    max_entry_bytes: 32 * 1024 * 1024,
    max_total_bytes: 128 * 1024 * 1024,
    max_ratio: 200,
    what: "ルールパック",
};

/// The public keys packs must be signed with: `extra`, then those this PC trusts for packs.
pub fn trusted_keys(data: &DataFolder, extra: &[PathBuf]) -> Result<Vec<VerifyingKey>, Problem> {
    crate::keys::trusted(data, KeyUse::Packs, extra)
}

/// How a pack was signed, as its verification found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signed {
    /// No signature: accepted only while no pack key is trusted.
    No,
    /// A valid signature by a key this PC trusts (its fingerprint).
    Trusted(String),
    /// A valid signature by the key the pack carries, which this PC has not been told to trust:
    /// its fingerprint is for comparing with what the publisher announced.
    Untrusted(String),
}

impl Signed {
    /// How the pack was signed, in words for the user. Where a key is still to be trusted, the
    /// front-end says how in its own words (a command, a button).
    pub fn describe(&self) -> String {
        match self {
            Signed::Trusted(print) => format!("署名検証済み（信頼する鍵 {print}）"),
            Signed::Untrusted(print) => format!(
                "署名は正しいものの、鍵 {print} はまだ信頼する鍵として登録されていません。発行元が公表した鍵の指紋と照合してから登録すると、以後はこの鍵の署名のあるパックだけを取り込みます。"
            ),
            Signed::No => {
                "署名なし（信頼する公開鍵が未設定のため、ハッシュだけを検証しました）".into()
            }
        }
    }
}

/// What an import did, for the user.
pub struct Imported {
    pub set: SchemaSetDef,
    pub signed: Signed,
    /// The version this import took the place of, and whether that was the embedded set.
    pub replaced: Option<Previous>,
    /// The pack is older than the set it replaced (allowed with `--allow-downgrade`).
    pub downgrade: bool,
}

impl Imported {
    /// What was imported and what it took the place of.
    pub fn summary(&self) -> String {
        let m = &self.set.manifest;
        let replaced = match &self.replaced {
            Some(old) if old.embedded => {
                format!("。組み込みの版 {} に代わって使います", old.version)
            }
            Some(old) => format!("。以前の版 {} を置き換えました", old.version),
            None => String::new(),
        };
        format!(
            "取り込みました: {}（{} 版 {}）{replaced}",
            m.id, m.name, m.version
        )
    }

    /// The warning an accepted downgrade carries.
    pub fn downgrade_warning(&self) -> Option<&'static str> {
        self.downgrade
            .then_some("以前より古い版を取り込みました。古い規則で検査します。")
    }
}

/// The set of the same id that was in force before an import.
pub struct Previous {
    pub version: String,
    pub embedded: bool,
}

/// Reads and verifies a pack; stores it only when everything holds. `vet` compiles the set.
/// A pack older than the set of the same id in force (imported, else embedded) is refused
/// unless `allow_downgrade`: going back to older rules must be a decision, not an accident.
pub fn import(
    data: &DataFolder,
    source: &Path,
    keys: &[VerifyingKey],
    allow_downgrade: bool,
    vet: impl FnOnce(&SchemaSetDef) -> Result<(), SetError>,
) -> Result<Imported, Problem> {
    let refusal = |code: Code, why: String| {
        Problem::new(
            code,
            format!("ルールパック {} を取り込めません: {why}", source.display()),
            About::Pack(source.to_path_buf()),
        )
    };
    let refuse = |why: String| refusal(Code::PackRefused, why);
    let files = read_pack(source).map_err(refuse)?;
    let signed = verify(&files, keys).map_err(refuse)?;
    let set_files = set_files(files.clone());
    let store = data.schema_sets();
    let id = set_id(&set_files).map_err(refuse)?;
    let target = store.join(&id);
    let set = SchemaSetDef::from_files(
        set_files,
        Origin::Imported(target.clone()),
        target.to_string_lossy().into_owned(),
    )
    .map_err(refuse)?;
    let replaced = stored_manifest(&target)
        .map(|m| Previous {
            version: m.version,
            embedded: false,
        })
        .or_else(|| {
            crate::schema_set::embedded_manifest(&id).map(|m| Previous {
                version: m.version,
                embedded: true,
            })
        });
    let going_back = replaced
        .as_ref()
        .and_then(|old| downgrade(&set.manifest.version, &old.version).map(|how| (old, how)));
    if let (Some((old, how)), false) = (going_back, allow_downgrade) {
        return Err(refusal(
            Code::PackDowngrade,
            format!(
                "版「{}」は、いま有効な{}の版「{}」{how}（ダウングレードになります）。",
                set.manifest.version,
                if old.embedded {
                    "組み込みのセット"
                } else {
                    "取り込み済みのセット"
                },
                old.version
            ),
        ));
    }
    let downgrade = going_back.is_some();
    vet(&set).map_err(|e| refuse(e.0))?;
    write_store(&store, &id, &files).map_err(|e| {
        Problem::new(
            Code::DataFolder,
            format!(
                "ルールパックを {} に保存できません: {}",
                store.display(),
                crate::read::io_reason_ja(&e)
            ),
            About::DataFolder(data.root().to_path_buf()),
        )
    })?;
    Ok(Imported {
        set,
        signed,
        replaced,
        downgrade,
    })
}

/// Whether going from version `old` to `new` goes back, and how to say so: versions are
/// compared part by part, as numbers where they are numbers (2025.10 is later than 2025.9).
/// Versions that cannot be compared count as a downgrade: the user decides.
fn downgrade(new: &str, old: &str) -> Option<&'static str> {
    use version_compare::Cmp;
    match version_compare::compare(new, old) {
        Ok(Cmp::Eq | Cmp::Gt) => None,
        Ok(_) => Some("より古い版です"),
        Err(()) => Some("と比べられません"),
    }
}

/// The manifest of the set stored under `dir`, when it reads (it may be damaged).
fn stored_manifest(dir: &Path) -> Option<crate::schema_set::Manifest> {
    let text = std::fs::read_to_string(dir.join("schema-set.toml")).ok()?;
    crate::schema_set::Manifest::parse(&text).ok()
}

/// What `remove` took away.
pub struct Removed {
    /// The stored set as it loaded before removal; none when it was damaged.
    pub set: Option<SchemaSetDef>,
    /// Its version as its manifest says, when that reads.
    pub version: Option<String>,
    /// SHA-256 of its `manifest-sha256.txt`, for the audit log.
    pub manifest_sha256: Option<String>,
}

/// Removes the imported set `id` from the store: one rename out of the way (so that a killed
/// removal leaves the set either in place or gone), then deleting. The embedded set of the same
/// id, if any, is in force again.
pub fn remove(data: &DataFolder, id: &str) -> Result<Removed, Problem> {
    let not_found = |message: String| {
        Problem::new(
            Code::PackNotFound,
            message,
            About::SchemaSetId(id.to_string()),
        )
    };
    crate::schema_set::check_id(id).map_err(not_found)?;
    let store = data.schema_sets();
    recover(&store, id);
    let target = store.join(id);
    if !target.is_dir() {
        let stored = stored_ids(&store);
        return Err(not_found(format!(
            "取り込み済みのスキーマセット「{id}」はありません（組み込みのセットは取り除けません）。取り込み済み: {}",
            if stored.is_empty() { "なし".to_string() } else { stored.join("、") }
        )));
    }
    let files = read_pack(&target).ok();
    let keys = trusted_keys(data, &[]).unwrap_or_default();
    let removed = Removed {
        set: files
            .as_ref()
            .filter(|f| verify(f, &keys).is_ok())
            .and_then(|f| {
                SchemaSetDef::from_files(
                    set_files(f.clone()),
                    Origin::Imported(target.clone()),
                    target.to_string_lossy().into_owned(),
                )
                .ok()
            }),
        version: stored_manifest(&target).map(|m| m.version),
        manifest_sha256: files
            .as_ref()
            .and_then(|f| f.get(MANIFEST))
            .map(|m| crate::digest::sha256_hex(m)),
    };
    let aside = store.join(format!(".removed-{id}-{}", std::process::id()));
    std::fs::rename(&target, &aside).map_err(|e| {
        Problem::new(
            Code::DataFolder,
            format!(
                "{} を取り除けません: {}",
                target.display(),
                crate::read::io_reason_ja(&e)
            ),
            About::DataFolder(data.root().to_path_buf()),
        )
    })?;
    // What cannot be deleted now is deleted by the next import or removal (`recover`).
    let _ = std::fs::remove_dir_all(&aside);
    Ok(removed)
}

/// The ids in the store, sorted.
fn stored_ids(store: &Path) -> Vec<String> {
    stored_dirs(store)
        .iter()
        .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect()
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
/// is replaced only once the new one is complete. A failed import (a full disk, say) leaves
/// nothing behind: neither its half-written folder nor the store folder it made.
fn write_store(store: &Path, id: &str, files: &BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
    let made_store = !store.exists();
    std::fs::create_dir_all(store)?;
    let written = replace_in_store(store, id, files);
    if written.is_err() && made_store {
        let _ = std::fs::remove_dir(store);
    }
    written
}

fn replace_in_store(
    store: &Path,
    id: &str,
    files: &BTreeMap<String, Vec<u8>>,
) -> std::io::Result<()> {
    recover(store, id);
    let pid = std::process::id();
    let temp = store.join(format!(".import-{id}-{pid}"));
    let _ = std::fs::remove_dir_all(&temp);
    let write_all = || -> std::io::Result<()> {
        for (name, bytes) in files {
            let path = temp.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
        }
        Ok(())
    };
    if let Err(e) = write_all() {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(e);
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
/// half-written folders are removed. A set moved aside by `remove` is never put back.
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
            || name.starts_with(&format!(".removed-{id}-"))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Every imported set, re-verified against its manifest (and signature, when keys are trusted).
/// A stored pack edited after import is not used: it comes back as a damaged set
/// (`SchemaSetDef::damaged`), so that the other sets go on working while the files it would
/// claim are named, never checked against some other set.
pub fn imported_sets(data: &DataFolder) -> Result<Vec<SchemaSetDef>, Problem> {
    let store = data.schema_sets();
    let dirs = stored_dirs(&store);
    if dirs.is_empty() {
        return Ok(Vec::new());
    }
    let keys = trusted_keys(data, &[])?;
    Ok(dirs
        .iter()
        .map(|dir| {
            let loaded = read_pack(dir).and_then(|files| {
                verify(&files, &keys)?;
                SchemaSetDef::from_files(
                    set_files(files),
                    Origin::Imported(dir.clone()),
                    dir.to_string_lossy().into_owned(),
                )
            });
            loaded.unwrap_or_else(|why| {
                let id = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                SchemaSetDef::damaged(dir, &id, stored_manifest(dir), why)
            })
        })
        .collect())
}

/// The folders of the store, sorted; not the hidden ones of an import or removal under way.
fn stored_dirs(store: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(store) else {
        return Vec::new();
    };
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
    dirs
}

/// What the user is told about a damaged set on every command that loads the sets.
pub fn damaged_notice(set: &SchemaSetDef) -> Option<Problem> {
    let why = set.damaged.as_deref()?;
    let id = &set.manifest.id;
    let at = match &set.origin {
        Origin::Imported(dir) => dir.display().to_string(),
        other => other.describe(),
    };
    Some(
        Problem::new(
            Code::DamagedSet,
            format!(
                "取り込み済みのスキーマセット「{id}」（{at}）は壊れているか改変されているため使いません: {why}このセットが受け持つファイルは検査しません（同じ id の組み込みのセットにも自動では戻しません）。"
            ),
            About::SchemaSetId(id.clone()),
        )
        .with_hint("組み込みのセットに戻すにはこのセットを取り除き、取り込んだ版を使い続けるにはそのルールパックをもう一度取り込んでください。"),
    )
}

/// Checks the manifest against the files: every file listed with its hash, nothing unlisted;
/// then the signature (`check_signature`).
fn verify(files: &BTreeMap<String, Vec<u8>>, keys: &[VerifyingKey]) -> Result<Signed, String> {
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
        if name == MANIFEST || name == SIGNATURE || name == SIGNING_KEY {
            continue;
        }
        let expected = listed.remove(name).ok_or_else(|| {
            format!("{name} が {MANIFEST} に載っていません（追加されたファイル）。")
        })?;
        let actual = crate::digest::sha256_hex(bytes);
        if actual != expected {
            return Err(format!(
                "{name} の SHA-256 が {MANIFEST} と一致しません（改変されています）。"
            ));
        }
    }
    if let Some(missing) = listed.keys().next() {
        return Err(format!("{MANIFEST} に載っている {missing} がありません。"));
    }
    check_signature(files, manifest, keys)
}

/// The rule of bundles (`bundle::verify`): a signature that is there must verify, against the
/// key the pack carries, or else against a trusted key. A valid signature by an untrusted key is
/// accepted while no key is trusted (its fingerprint is shown); once one is, only trusted keys
/// and signed packs are.
fn check_signature(
    files: &BTreeMap<String, Vec<u8>>,
    manifest: &[u8],
    trusted: &[VerifyingKey],
) -> Result<Signed, String> {
    let carried = files
        .get(SIGNING_KEY)
        .map(|b| {
            crate::keys::parse_public_key(&String::from_utf8_lossy(b)).ok_or_else(|| {
                format!("{SIGNING_KEY} は 64 桁の 16 進数（Ed25519 公開鍵）ではありません。")
            })
        })
        .transpose()?;
    let Some(signature) = files.get(SIGNATURE) else {
        return if carried.is_some() {
            Err(format!("署名鍵（{SIGNING_KEY}）がありますが、署名（{SIGNATURE}）がありません（取り除かれています）。"))
        } else if trusted.is_empty() {
            Ok(Signed::No)
        } else {
            Err(format!("署名（{SIGNATURE}）がありません。信頼する公開鍵が設定されているため、署名のないルールパックは取り込めません。"))
        };
    };
    let bytes: [u8; 64] = hex::decode(String::from_utf8_lossy(signature).trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("署名の形式が正しくありません（Ed25519 署名 64 バイトの 16 進数）。")?;
    let signature = Signature::from_bytes(&bytes);
    let holds = |k: &VerifyingKey| k.verify_strict(manifest, &signature).is_ok();
    let Some(key) = carried else {
        return match trusted.iter().find(|k| holds(k)) {
            Some(k) => Ok(Signed::Trusted(crate::digest::key_fingerprint(k))),
            None if trusted.is_empty() => Err(format!("署名がありますが、確かめる鍵がありません（ルールパックに署名鍵 {SIGNING_KEY} がなく、信頼する公開鍵も設定されていません）。発行元の公開鍵を、ルールパックの信頼する鍵として登録してください。")),
            None => Err(format!("署名を検証できません（信頼する公開鍵のどれとも一致しないか、{MANIFEST} が改変されています）。")),
        };
    };
    let print = crate::digest::key_fingerprint(&key);
    if !holds(&key) {
        Err(format!(
            "署名を検証できません（鍵 {print} の署名ではないか、{MANIFEST} が改変されています）。"
        ))
    } else if trusted.contains(&key) {
        Ok(Signed::Trusted(print))
    } else if trusted.is_empty() {
        Ok(Signed::Untrusted(print))
    } else {
        Err(format!("署名は正しいものの、鍵 {print} は信頼する公開鍵ではありません。発行元の新しい鍵なら、鍵の指紋を発行元に確かめてから、ルールパックの信頼する鍵として登録してください。"))
    }
}

/// The files of a pack folder or zip, by relative path with `/`. A zip may hold the pack in one
/// top-level folder.
fn read_pack(source: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let meta = std::fs::symlink_metadata(source).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            "そのフォルダーまたは zip ファイルがありません。パスを確かめてください。".to_string()
        } else {
            crate::read::io_reason_ja(&e)
        }
    })?;
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
        return Err("フォルダーの階層が深すぎます。".into());
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
    fn a_removal_killed_after_its_rename_is_never_undone() {
        let store = tempfile::tempdir().unwrap();
        let s = store.path();
        std::fs::create_dir_all(s.join(".removed-set-1")).unwrap();
        std::fs::write(s.join(".removed-set-1/a.xsd"), "<old/>").unwrap();
        recover(s, "set");
        assert!(!s.join("set").exists(), "a removed set came back");
        assert!(!s.join(".removed-set-1").exists(), "leftover");
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(downgrade("2025.10", "2025.9"), None);
        assert_eq!(downgrade("2025.3", "2025.3"), None);
        assert_eq!(downgrade("2025.3.0", "2025.3"), None);
        assert!(downgrade("2024.9", "2025.3").is_some());
        assert!(downgrade("2025.2", "2025.10").is_some());
    }

    #[test]
    fn manifest_must_cover_every_file() {
        let mut files = BTreeMap::new();
        files.insert("a.xsd".to_string(), b"<x/>".to_vec());
        let line = format!("{}  a.xsd\n", crate::digest::sha256_hex(b"<x/>"));
        files.insert(MANIFEST.to_string(), line.clone().into_bytes());
        assert_eq!(verify(&files, &[]), Ok(Signed::No));
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
