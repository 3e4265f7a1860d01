//! `rinko verify`: a bundle read as hostile input. The container is opened (decrypted when it is
//! a 7z), every entry admitted by `archive`, the bag's tag manifest, manifest and bag-info
//! checked against the bytes, the signature against the key, the payload for what it must not
//! be; the payload then goes back through the check. Each problem is a `Rejection` with a code
//! (for the log and scripts) and a Japanese sentence naming the entry (for the user).

mod render;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, VerifyingKey};
use zeroize::Zeroizing;

use super::bag::{self, BagInfo};
use super::crypt;
use crate::archive::{self, ZipLimits};
use crate::check::{CheckOptions, Checker, InMemory};
use crate::finding::FileReport;
use crate::problem::{About, Code, Problem};

pub use render::{verification_json, verification_text};

/// What a bundle may hold: generous for a day's exports, bounded for a hostile one.
pub const LIMITS: ZipLimits = ZipLimits {
    max_entries: 20_000,
    max_entry_bytes: 50 * 1024 * 1024,
    max_total_bytes: 1024 * 1024 * 1024,
    max_ratio: 200,
    what: "バンドル",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// `BUNDLE-…`, listed in docs/bundle.md.
    pub code: &'static str,
    pub message: String,
}

fn reject(code: &'static str, message: impl Into<String>) -> Rejection {
    Rejection {
        code,
        message: message.into(),
    }
}

/// The signature as found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Signed {
    #[default]
    No,
    /// Valid, by a key this PC trusts (its fingerprint).
    Trusted(String),
    /// Valid, by a key this PC has not been told to trust: compare its fingerprint with the slip.
    Untrusted(String),
    /// A signature or a signing key is there but does not hold (a rejection says why).
    Broken,
}

/// Everything verify learned, and what it rejected. No rejections: the bundle passed.
#[derive(Debug, Default)]
pub struct Verification {
    /// SHA-256 of the bundle file itself; `None` when it was refused unread.
    pub sha256: Option<String>,
    pub encrypted: bool,
    pub bag_name: Option<String>,
    /// SHA-256 of the tag manifest as found in the bundle.
    pub fingerprint: Option<String>,
    pub info: BagInfo,
    pub signed: Signed,
    /// Payload by its path inside `data/`.
    pub payload: BTreeMap<String, Vec<u8>>,
    /// The re-check's reports, one per payload file.
    pub reports: Vec<FileReport>,
    pub rejections: Vec<Rejection>,
}

impl Verification {
    pub fn passed(&self) -> bool {
        self.rejections.is_empty()
    }

    /// Whether a signature held (by a trusted key or not).
    pub fn validly_signed(&self) -> bool {
        matches!(self.signed, Signed::Trusted(_) | Signed::Untrusted(_))
    }

    pub fn payload_bytes(&self) -> u64 {
        self.payload.values().map(|b| b.len() as u64).sum()
    }
}

/// The largest bundle file read: the payload limit and room for the zip's own overhead.
pub const MAX_BUNDLE_BYTES: u64 = LIMITS.max_total_bytes + 64 * 1024 * 1024;

/// Verifies a bundle file (see `verify`); one too big to be a bundle is refused unread.
pub fn verify_file(
    path: &Path,
    passphrase: impl FnOnce() -> Result<String, Problem>,
    trusted_keys: &[VerifyingKey],
    checker: &Checker,
    options: &CheckOptions,
) -> Result<Verification, Problem> {
    let unreadable = |e: std::io::Error| {
        Problem::new(
            Code::BundleUnreadable,
            format!(
                "{} を読めません: {}",
                path.display(),
                crate::read::io_reason_ja(&e)
            ),
            About::Bundle(path.to_path_buf()),
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_BUNDLE_BYTES {
        return Ok(Verification {
            rejections: vec![reject(
                "BUNDLE-CONTAINER",
                format!(
                    "{} MB あり、バンドルとしては大きすぎます（{} MB まで）。",
                    size >> 20,
                    MAX_BUNDLE_BYTES >> 20
                ),
            )],
            ..Verification::default()
        });
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    verify(&bytes, passphrase, trusted_keys, checker, options)
}

/// Verifies a bundle: its container and bag, then its payload through the check against the
/// active schema sets. `passphrase` is asked only for an encrypted bundle; its error ends the
/// verification as a usage error (`Err`).
pub fn verify(
    bytes: &[u8],
    passphrase: impl FnOnce() -> Result<String, Problem>,
    trusted_keys: &[VerifyingKey],
    checker: &Checker,
    options: &CheckOptions,
) -> Result<Verification, Problem> {
    let mut v = open(bytes, passphrase, trusted_keys)?;
    if !v.payload.is_empty() {
        recheck(&mut v, checker, options);
    }
    Ok(v)
}

fn open(
    bytes: &[u8],
    passphrase: impl FnOnce() -> Result<String, Problem>,
    trusted_keys: &[VerifyingKey],
) -> Result<Verification, Problem> {
    let mut v = Verification {
        sha256: Some(crate::digest::sha256_hex(bytes)),
        encrypted: crypt::is_7z(bytes),
        ..Verification::default()
    };
    let zip_bytes;
    let zip: &[u8] = if v.encrypted {
        let opened = match crypt::probe(bytes) {
            Ok(()) => {
                // Overwritten as soon as the bundle is open, whatever the outcome.
                let passphrase = Zeroizing::new(passphrase()?);
                crypt::decrypt(bytes, &passphrase, LIMITS.max_total_bytes)
            }
            Err(e) => Err(e),
        };
        match opened {
            Ok((_, inner)) => {
                zip_bytes = inner;
                &zip_bytes
            }
            Err(e) => {
                let code = match e {
                    crypt::OpenError::Passphrase => "BUNDLE-PASSPHRASE",
                    crypt::OpenError::Unexpected(_) => "BUNDLE-CONTAINER",
                };
                v.rejections.push(reject(code, e.message()));
                return Ok(v);
            }
        }
    } else {
        bytes
    };
    if let Err(r) = check_bag(&mut v, zip, trusted_keys) {
        v.rejections.push(r);
    }
    Ok(v)
}

/// The checks after the container; the `Err` is a problem that stops further checks (nothing
/// after it could be trusted), pushed ones let the others run too.
fn check_bag(
    v: &mut Verification,
    zip: &[u8],
    trusted_keys: &[VerifyingKey],
) -> Result<(), Rejection> {
    if !zip.starts_with(b"PK") {
        return Err(reject(
            "BUNDLE-CONTAINER",
            "zip でも 7z でもありません（Rinko のバンドルではないか、壊れています）。",
        ));
    }
    let entries = archive::read_zip(std::io::Cursor::new(zip), &LIMITS)
        .map_err(|why| reject("BUNDLE-CONTAINER", why))?;
    let (name, mut files) = one_folder(entries)?;
    v.bag_name = Some(name);

    for required in [
        bag::BAGIT_TXT,
        bag::BAG_INFO,
        bag::MANIFEST,
        bag::TAG_MANIFEST,
    ] {
        if !files.contains_key(required) {
            return Err(reject(
                "BUNDLE-LAYOUT",
                format!("{required} がありません（BagIt のバッグではないか、削除されています）。"),
            ));
        }
    }
    check_bagit_txt(&files[bag::BAGIT_TXT])?;
    let tag_manifest = files[bag::TAG_MANIFEST].clone();
    v.fingerprint = Some(crate::digest::sha256_hex(&tag_manifest));
    let signature = files.remove(bag::SIGNATURE);
    let payload: BTreeMap<String, Vec<u8>> = files
        .iter()
        .filter_map(|(k, b)| {
            k.strip_prefix(bag::PAYLOAD_DIR)
                .map(|p| (p.to_string(), b.clone()))
        })
        .collect();
    let tags: BTreeMap<&str, &[u8]> = files
        .iter()
        .filter(|(k, _)| !k.starts_with(bag::PAYLOAD_DIR) && k.as_str() != bag::TAG_MANIFEST)
        .map(|(k, b)| (k.as_str(), b.as_slice()))
        .collect();

    let listed = bag::parse_manifest(bag::TAG_MANIFEST, &tag_manifest)
        .map_err(|why| reject("BUNDLE-LAYOUT", why))?;
    for required in [bag::BAGIT_TXT, bag::BAG_INFO, bag::MANIFEST] {
        if !listed.contains_key(required) {
            return Err(reject(
                "BUNDLE-LAYOUT",
                format!(
                    "{} に {required} が載っていません（封緘の対象から外されています）。",
                    bag::TAG_MANIFEST
                ),
            ));
        }
    }
    compare(v, bag::TAG_MANIFEST, &listed, &tags, "BUNDLE-TAG-HASH");

    let listed = bag::parse_manifest(bag::MANIFEST, &files[bag::MANIFEST])
        .map_err(|why| reject("BUNDLE-LAYOUT", why))?;
    if let Some(outside) = listed.keys().find(|k| !k.starts_with(bag::PAYLOAD_DIR)) {
        return Err(reject(
            "BUNDLE-LAYOUT",
            format!(
                "{} の {outside} が data/ の外を指しています。",
                bag::MANIFEST
            ),
        ));
    }
    let by_path: BTreeMap<&str, &[u8]> = files
        .iter()
        .filter(|(k, _)| k.starts_with(bag::PAYLOAD_DIR))
        .map(|(k, b)| (k.as_str(), b.as_slice()))
        .collect();
    compare(v, bag::MANIFEST, &listed, &by_path, "BUNDLE-HASH");
    if payload.is_empty() {
        v.rejections.push(reject(
            "BUNDLE-LAYOUT",
            "data/ にファイルが一つもありません。",
        ));
    }

    v.info = BagInfo::parse(&files[bag::BAG_INFO]).map_err(|why| reject("BUNDLE-INFO", why))?;
    check_info(v, &payload);
    check_signature(v, signature.as_deref(), &tag_manifest, trusted_keys);
    for (name, bytes) in &payload {
        if let Err(why) = plain_xml(&format!("{}{name}", bag::PAYLOAD_DIR), bytes) {
            v.rejections.push(reject("BUNDLE-PAYLOAD", why));
        }
    }
    v.payload = payload;
    Ok(())
}

/// Every entry must sit in one top-level folder, the bag.
fn one_folder(entries: archive::Entries) -> Result<(String, BTreeMap<String, Vec<u8>>), Rejection> {
    let mut name: Option<String> = None;
    let mut files = BTreeMap::new();
    for (path, bytes) in entries {
        let Some((top, rest)) = path.split_once('/').filter(|(_, r)| !r.is_empty()) else {
            return Err(reject(
                "BUNDLE-LAYOUT",
                format!(
                    "{path} がバッグのフォルダーの外にあります（zip の中はフォルダー一つのはずです）。"
                ),
            ));
        };
        match &name {
            Some(n) if n != top => {
                return Err(reject(
                    "BUNDLE-LAYOUT",
                    format!("zip の中にフォルダーが二つあります（{n} と {top}）。"),
                ))
            }
            _ => name = Some(top.to_string()),
        }
        files.insert(rest.to_string(), bytes);
    }
    match name {
        Some(n) => Ok((n, files)),
        None => Err(reject("BUNDLE-LAYOUT", "zip が空です。")),
    }
}

fn check_bagit_txt(bytes: &[u8]) -> Result<(), Rejection> {
    let info = BagInfo::parse(bytes).map_err(|why| reject("BUNDLE-LAYOUT", why))?;
    let version_ok = matches!(info.get("BagIt-Version"), Some("1.0" | "0.97"));
    let utf8 = info
        .get("Tag-File-Character-Encoding")
        .is_some_and(|e| e.eq_ignore_ascii_case("UTF-8"));
    if version_ok && utf8 {
        Ok(())
    } else {
        Err(reject(
            "BUNDLE-LAYOUT",
            format!(
                "{} が BagIt 1.0（UTF-8）の宣言ではありません。",
                bag::BAGIT_TXT
            ),
        ))
    }
}

/// Files against a manifest: changed, missing, added; renamed and swapped files are named as
/// such, since that is what the user will want to know.
fn compare(
    v: &mut Verification,
    manifest: &str,
    listed: &BTreeMap<String, String>,
    present: &BTreeMap<&str, &[u8]>,
    code: &'static str,
) {
    let actual: BTreeMap<&str, String> = present
        .iter()
        .map(|(k, b)| (*k, crate::digest::sha256_hex(b)))
        .collect();
    let missing: Vec<&String> = listed
        .keys()
        .filter(|k| !present.contains_key(k.as_str()))
        .collect();
    let extra: Vec<&str> = present
        .keys()
        .copied()
        .filter(|k| !listed.contains_key(*k))
        .collect();
    for name in &extra {
        match missing.iter().find(|m| listed[m.as_str()] == actual[name]) {
            Some(was) => v.rejections.push(reject(
                "BUNDLE-RENAMED",
                format!("{was} の名前が {name} に変えられています。"),
            )),
            None => v.rejections.push(reject(
                "BUNDLE-EXTRA",
                format!("{name} は {manifest} に載っていません（後から追加されたファイル）。"),
            )),
        }
    }
    for name in &missing {
        if !extra.iter().any(|e| actual[e] == listed[name.as_str()]) {
            v.rejections.push(reject(
                "BUNDLE-MISSING",
                format!("{manifest} に載っている {name} がありません（削除されています）。"),
            ));
        }
    }
    for (name, hash) in &actual {
        let Some(expected) = listed.get(*name) else {
            continue;
        };
        if expected == hash {
            continue;
        }
        let swapped_with = listed
            .iter()
            .find(|(other, h)| other.as_str() != *name && *h == hash)
            .map(|(other, _)| other);
        v.rejections.push(match swapped_with {
            Some(other) => reject(
                code,
                format!(
                    "{name} の中身が {other} のもの（{manifest} の記載）と入れ替わっています。"
                ),
            ),
            None => reject(
                code,
                format!("{name} の SHA-256 が {manifest} と一致しません（改変されています）。"),
            ),
        });
    }
}

fn check_info(v: &mut Verification, payload: &BTreeMap<String, Vec<u8>>) {
    if let (Some(id), Some(folder)) = (v.info.get("External-Identifier"), &v.bag_name) {
        if id != folder {
            v.rejections.push(reject(
                "BUNDLE-INFO",
                format!("バッグのフォルダー名 {folder} が {} の External-Identifier（{id}）と違います（名前が変えられています）。", bag::BAG_INFO),
            ));
        }
    }
    let oxum = bag::payload_oxum(payload.values().map(|b| b.len() as u64));
    match v.info.get("Payload-Oxum") {
        Some(found) if found == oxum => {}
        Some(found) => v.rejections.push(reject(
            "BUNDLE-INFO",
            format!(
                "{} の Payload-Oxum {found} が中身（{oxum}）と一致しません。",
                bag::BAG_INFO
            ),
        )),
        None => v.rejections.push(reject(
            "BUNDLE-INFO",
            format!("{} に Payload-Oxum がありません。", bag::BAG_INFO),
        )),
    }
    if v.info.get("Source-Organization").is_none_or(str::is_empty) {
        v.rejections.push(reject(
            "BUNDLE-INFO",
            format!(
                "{} に Source-Organization（医療機関コード）がありません。",
                bag::BAG_INFO
            ),
        ));
    }
}

fn check_signature(
    v: &mut Verification,
    signature: Option<&[u8]>,
    tag_manifest: &[u8],
    trusted: &[VerifyingKey],
) {
    let key = v
        .info
        .get(bag::KEY_SIGNING_KEY)
        .map(crate::keys::parse_public_key);
    let (signature, key) = match (signature, key) {
        (None, None) => {
            if !trusted.is_empty() {
                v.rejections.push(reject(
                    "BUNDLE-KEY",
                    "署名がありません。この PC では信頼する機関の鍵が登録または指定されているため、署名のないバンドルは受け付けません。",
                ));
            }
            return;
        }
        (None, Some(_)) => {
            v.signed = Signed::Broken;
            v.rejections.push(reject(
                "BUNDLE-SIGNATURE",
                format!("{} に署名鍵が記載されていますが、署名（{}）がありません（取り除かれています）。", bag::BAG_INFO, bag::SIGNATURE),
            ));
            return;
        }
        (Some(_), None | Some(None)) => {
            v.signed = Signed::Broken;
            v.rejections.push(reject(
                "BUNDLE-SIGNATURE",
                format!(
                    "署名がありますが、{} に正しい署名鍵（{}）の記載がありません。",
                    bag::BAG_INFO,
                    bag::KEY_SIGNING_KEY
                ),
            ));
            return;
        }
        (Some(s), Some(Some(k))) => (s, k),
    };
    let parsed: Option<[u8; 64]> = hex::decode(String::from_utf8_lossy(signature).trim())
        .ok()
        .and_then(|b| b.try_into().ok());
    let valid = parsed.is_some_and(|bytes| {
        key.verify_strict(tag_manifest, &Signature::from_bytes(&bytes))
            .is_ok()
    });
    let print = crate::digest::key_fingerprint(&key);
    if !valid {
        v.signed = Signed::Broken;
        v.rejections.push(reject(
            "BUNDLE-SIGNATURE",
            format!(
                "署名を検証できません（鍵 {print} の署名ではないか、{} が改変されています）。",
                bag::TAG_MANIFEST
            ),
        ));
    } else if trusted.is_empty() {
        v.signed = Signed::Untrusted(print);
    } else if trusted.contains(&key) {
        v.signed = Signed::Trusted(print);
    } else {
        v.rejections.push(reject(
            "BUNDLE-KEY",
            format!("署名は正しいものの、鍵 {print} は信頼する機関の鍵ではありません。送り元の新しい鍵なら、鍵の指紋を媒体持出記録票と照合してから、信頼する機関の鍵として登録してください。"),
        ));
        v.signed = Signed::Untrusted(print);
    }
}

/// What the payload must not be: anything but an XML file. Programs and containers are named.
fn plain_xml(name: &str, bytes: &[u8]) -> Result<(), String> {
    const EXECUTABLE: &[(&[u8], &str)] = &[
        (b"MZ", "Windows の実行ファイル"),
        (b"\x7fELF", "Linux の実行ファイル"),
        (b"\xCF\xFA\xED\xFE", "macOS の実行ファイル"),
        (b"\xCA\xFE\xBA\xBE", "macOS/Java の実行ファイル"),
        (b"#!", "スクリプト"),
        (b"PK\x03\x04", "zip（Office 文書を含む）"),
        (b"\xD0\xCF\x11\xE0", "Office 文書（マクロを含みうる）"),
        (b"%PDF", "PDF"),
    ];
    if let Some((_, what)) = EXECUTABLE
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Err(format!(
            "{name} は XML ではありません（{what}）。バンドルには XML しか入れられません。"
        ));
    }
    if !name.to_lowercase().ends_with(".xml") {
        return Err(format!(
            "{name} は .xml ではありません。バンドルには XML しか入れられません。"
        ));
    }
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    if body != Some(&b'<') && !utf16 {
        return Err(format!(
            "{name} は XML ではありません（先頭が「<」ではありません）。"
        ));
    }
    Ok(())
}

/// Re-checks the payload; a file with エラー rejects the bundle.
fn recheck(v: &mut Verification, checker: &Checker, options: &CheckOptions) {
    let documents: Vec<InMemory> = v
        .payload
        .iter()
        .map(|(name, bytes)| InMemory {
            name: format!("{}{name}", bag::PAYLOAD_DIR),
            bytes,
        })
        .collect();
    v.reports = checker.check_files(&documents, options);
    for report in &v.reports {
        let errors = report.errors();
        if report.status != crate::finding::Status::Pass {
            v.rejections.push(reject(
                "BUNDLE-CHECK",
                format!("{} を検査し直すとエラーが {errors} 件あります（検査して内容を確認してください）。", report.path),
            ));
        }
    }
}

/// Writes the payload of a passed bundle into `dir`: every file or none, nothing outside `dir`,
/// nothing over an existing file. Returns the paths written.
pub fn extract(v: &Verification, dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    let about = || About::ExtractFolder(dir.to_path_buf());
    let problem = |message: String| Problem::new(Code::ExtractFailed, message, about());
    if !v.passed() {
        return Err(problem(
            "検証に合格していないバンドルは展開しません。".into(),
        ));
    }
    crate::output::existing_folder(dir).map_err(|p| p.with_about(about()))?;
    let targets: Vec<(PathBuf, &Vec<u8>)> = v
        .payload
        .iter()
        .map(|(name, bytes)| (dir.join(name), bytes))
        .collect();
    for (target, _) in &targets {
        if std::fs::symlink_metadata(target).is_ok() {
            return Err(Problem::new(
                Code::OutputExists,
                format!(
                    "{} は既にあります。上書きしないため、何も展開していません（空のフォルダーを指定してください）。",
                    target.display()
                ),
                about(),
            ));
        }
        for ancestor in target.ancestors().skip(1).take_while(|a| *a != dir) {
            if std::fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
                return Err(problem(format!(
                    "{} はフォルダーではありません。何も展開していません。",
                    ancestor.display()
                )));
            }
        }
    }
    let mut written = Vec::new();
    for (target, bytes) in &targets {
        let result = target
            .parent()
            .map(std::fs::create_dir_all)
            .transpose()
            .map_err(|e| crate::read::io_reason_ja(&e))
            .and_then(|_| crate::output::write_new(target, bytes, false).map_err(|p| p.message));
        if let Err(why) = result {
            for done in &written {
                let _ = std::fs::remove_file(done);
            }
            return Err(problem(format!(
                "展開を中止し、書き出したファイルを消しました: {why}"
            )));
        }
        written.push(target.clone());
    }
    Ok(written)
}
