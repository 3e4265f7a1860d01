//! The sealed bundle (SPEC §6): checked files in a serialized BagIt bag (RFC 8493), one zip with
//! one top-level folder named after the bag. Sealing consumes the check's reports and never
//! checks anything itself; `verify` reads a bundle as hostile input and hands its payload back to
//! the check.
//!
//! The seal is the SHA-256 of `tagmanifest-sha256.txt`, which covers `manifest-sha256.txt`
//! (covering every payload file), `bag-info.txt` and the report: one number for the whole
//! bundle, printed on the transfer slip (`slip`) and shown by `verify`. An optional Ed25519
//! signature signs the same tag manifest; optional encryption wraps the very same zip in a 7z
//! container (`crypt`).
//!
//! Same payload, options and clock give the same bytes: entries are sorted, times and
//! permissions fixed, and nothing else varies.

pub mod bag;
pub mod crypt;
pub mod institution;
pub mod make;
pub mod passphrase;
pub mod slip;
pub mod verify;

use std::io::Write;

use ed25519_dalek::{Signer, SigningKey};
use unicode_normalization::UnicodeNormalization;

use crate::finding::FileReport;
use crate::report::{BatchReport, SetRef};
use bag::BagInfo;

/// One checked file going into the bag.
pub struct Payload {
    /// The name inside `data/` (NFC).
    pub name: String,
    pub bytes: Vec<u8>,
    /// The check's report on exactly these bytes.
    pub report: FileReport,
}

/// Who seals what, when.
pub struct SealInfo<'a> {
    /// The folder inside the zip, named after the bundle file.
    pub bag_name: &'a str,
    /// 医療機関コード.
    pub institution: &'a str,
    pub operator: &'a str,
    /// The clock (`SOURCE_DATE_EPOCH` or now): Bagging-Date and the zip entries' times, both in
    /// the machine's time zone.
    pub clock: chrono::DateTime<chrono::Utc>,
    pub schema_sets: &'a [SetRef],
    pub signing_key: Option<&'a SigningKey>,
}

/// A sealed bag, serialized.
pub struct Sealed {
    pub zip: Vec<u8>,
    /// SHA-256 of the tag manifest, lower-case hex.
    pub fingerprint: String,
    /// Per payload file: bag path, SHA-256, size, form.
    pub files: Vec<SealedFile>,
    pub payload_bytes: u64,
    /// The signing key's fingerprint when signed.
    pub key_fingerprint: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SealedFile {
    pub path: String,
    pub sha256: String,
    pub size: u64,
    pub form: String,
    /// The check's 警告 on the file (エラー never reach a bundle).
    pub warnings: usize,
}

/// The bag's name for a bundle file name: its stem, NFC, refused when unusable as a folder.
pub fn bag_name(file_name: &str) -> Result<String, String> {
    let stem = file_name
        .rsplit_once('.')
        .map(|(stem, _)| stem)
        .unwrap_or(file_name);
    let name: String = stem.nfc().collect();
    if name.is_empty()
        || name.starts_with('.')
        || !crate::archive::is_safe_relative(&name)
        || name.contains('/')
    {
        return Err(format!(
            "バンドルの名前「{file_name}」はフォルダー名に使えません。英数字と - _ を使った名前にしてください。"
        ));
    }
    Ok(name)
}

/// A payload file's name in the bag, from the file's own name.
pub fn payload_name(file_name: &str) -> Result<String, String> {
    let name: String = file_name.nfc().collect();
    if !crate::archive::is_safe_relative(&name) || name.contains('/') || name.starts_with('.') {
        return Err(format!("ファイル名「{file_name}」はバンドルに入れられません（制御文字や : \\ を含まない名前にしてください）。"));
    }
    if !name.to_lowercase().ends_with(".xml") {
        return Err(format!(
            "{file_name}: バンドルに入れられるのは .xml のファイルだけです。"
        ));
    }
    Ok(name)
}

/// Builds the bag and serializes it. The payload must already be checked and free of エラー;
/// names must be unique (the caller reports collisions with the user's paths).
pub fn seal(mut payload: Vec<Payload>, info: &SealInfo<'_>) -> Result<Sealed, String> {
    payload.sort_by(|a, b| a.name.cmp(&b.name));
    let data_path = |p: &Payload| format!("{}{}", bag::PAYLOAD_DIR, p.name);
    let paths: Vec<String> = payload.iter().map(data_path).collect();
    let manifest = bag::write_manifest(
        paths
            .iter()
            .map(String::as_str)
            .zip(payload.iter().map(|p| p.bytes.as_slice())),
    );
    let payload_bytes: u64 = payload.iter().map(|p| p.bytes.len() as u64).sum();

    let mut bag_info = BagInfo::default();
    bag_info.push("Source-Organization", info.institution);
    // The bag's name under the seal: a renamed bag folder shows, and two bundles of the same
    // files under different names have different fingerprints.
    bag_info.push("External-Identifier", info.bag_name);
    bag_info.push("Contact-Name", info.operator);
    bag_info.push("Bagging-Date", crate::calendar::local_date(info.clock));
    bag_info.push(
        "Payload-Oxum",
        bag::payload_oxum(payload.iter().map(|p| p.bytes.len() as u64)),
    );
    bag_info.push("Bag-Size", bag::human_size(payload_bytes));
    bag_info.push(
        "Bag-Software-Agent",
        format!("rinko {}", env!("CARGO_PKG_VERSION")),
    );
    bag_info.push(
        "External-Description",
        "臨個票・意見書 XML（Rinko で検査済み、エラーなし）",
    );
    for set in info.schema_sets {
        bag_info.push(
            bag::KEY_SCHEMA_SET,
            format!("{} {} sha256:{}", set.id, set.version, set.sha256),
        );
    }
    if let Some(key) = info.signing_key {
        bag_info.push(
            bag::KEY_SIGNING_KEY,
            hex::encode(key.verifying_key().as_bytes()),
        );
    }
    let bag_info = bag_info.write();

    let report = report_json(&payload, info.schema_sets)?;
    let tag_files: [(&str, &[u8]); 4] = [
        (bag::BAGIT_TXT, bag::BAGIT_CONTENT.as_bytes()),
        (bag::BAG_INFO, bag_info.as_bytes()),
        (bag::MANIFEST, manifest.as_bytes()),
        (bag::REPORT, report.as_bytes()),
    ];
    let tag_manifest = bag::write_manifest(tag_files);
    let fingerprint = crate::digest::sha256_hex(tag_manifest.as_bytes());
    let signature = info.signing_key.map(|key| {
        format!(
            "{}\n",
            hex::encode(key.sign(tag_manifest.as_bytes()).to_bytes())
        )
    });

    let mut entries: Vec<(String, &[u8])> = tag_files
        .iter()
        .map(|(name, bytes)| (name.to_string(), *bytes))
        .collect();
    entries.push((bag::TAG_MANIFEST.to_string(), tag_manifest.as_bytes()));
    if let Some(sig) = &signature {
        entries.push((bag::SIGNATURE.to_string(), sig.as_bytes()));
    }
    entries.extend(
        paths
            .iter()
            .cloned()
            .zip(payload.iter().map(|p| p.bytes.as_slice())),
    );
    let zip = write_zip(info.bag_name, &mut entries, info.clock)
        .map_err(|e| format!("バンドルを組み立てられません: {e}"))?;

    Ok(Sealed {
        zip,
        fingerprint,
        files: payload
            .iter()
            .zip(paths)
            .map(|(p, path)| SealedFile {
                path,
                sha256: p.report.sha256.map(|d| d.to_string()).unwrap_or_default(),
                size: p.bytes.len() as u64,
                form: p.report.form.as_deref().unwrap_or_default().to_string(),
                warnings: p.report.warnings(),
            })
            .collect(),
        payload_bytes,
        key_fingerprint: info
            .signing_key
            .map(|k| crate::digest::key_fingerprint(&k.verifying_key())),
    })
}

/// The check report as a tag file, with each file named by its path in the bag (the sender's
/// folders stay on the sender's side).
fn report_json(payload: &[Payload], sets: &[SetRef]) -> Result<String, String> {
    let files: Vec<FileReport> = payload
        .iter()
        .map(|p| {
            let mut report = p.report.clone();
            report.path = format!("{}{}", bag::PAYLOAD_DIR, p.name);
            report
        })
        .collect();
    let report = BatchReport {
        summary: crate::finding::Summary::of(&files),
        schema_sets: sets.to_vec(),
        files,
    };
    let mut out = Vec::new();
    crate::report::write_json(&report, &mut out).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// The zip: entries sorted by name under `bag_name/`, deflated, all with the clock's time (local
/// time, as zip tools show it, clamped to what a zip can hold) and mode 644.
fn write_zip(
    bag_name: &str,
    entries: &mut [(String, &[u8])],
    clock: chrono::DateTime<chrono::Utc>,
) -> zip::result::ZipResult<Vec<u8>> {
    use chrono::{Datelike, Timelike};
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let clock = clock.with_timezone(&chrono::Local);
    let time = zip::DateTime::from_date_and_time(
        clock.year().clamp(1980, 2107) as u16,
        clock.month() as u8,
        clock.day() as u8,
        clock.hour() as u8,
        clock.minute() as u8,
        clock.second() as u8,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644)
        .large_file(false);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries.iter() {
        writer.start_file(format!("{bag_name}/{name}"), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bag_and_payload_names_must_be_safe() {
        assert_eq!(bag_name("2026-04-01.zip").unwrap(), "2026-04-01");
        assert!(bag_name(".zip").is_err());
        assert!(payload_name("a.xml").is_ok());
        assert!(payload_name("a.exe").is_err());
        assert!(payload_name("a:b.xml").is_err());
        assert_eq!(payload_name("カ\u{3099}.xml").unwrap(), "ガ.xml");
    }
}
