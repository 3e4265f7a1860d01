//! The encrypted bundle: the sealed zip, unchanged, as the only entry of a 7z archive encrypted
//! with AES-256 (CBC) under a key derived from the passphrase by 7-Zip's own KDF (SHA-256
//! iterated 2^KDF_CYCLES_POWER times over a random 16-byte salt), with the archive header
//! encrypted too. 7-Zip, p7zip and `rinko verify` open it; no cryptography is written here.
//!
//! 7z's AES has no authentication tag: a wrong passphrase shows as a decoding or CRC failure,
//! and tampering with the ciphertext is caught the same way or, at the latest, by the bag's own
//! SHA-256 manifests and the optional signature inside.

use std::io::{Cursor, Read};

use sevenz_rust2::encoder_options::AesEncoderOptions;
use sevenz_rust2::{ArchiveEntry, ArchiveReader, ArchiveWriter, EncoderMethod, Password};

/// 7-Zip writes 19 (2^19 rounds); 22 makes each guess 8 times dearer for a cost of well under a
/// second per bundle (bench/run.sh measures it), and 7-Zip reads up to 24.
pub const KDF_CYCLES_POWER: u8 = 22;
/// Shorter passphrases are refused: no KDF saves a short one.
pub const MIN_PASSPHRASE_CHARS: usize = 12;
/// The 7z file signature.
pub const MAGIC: [u8; 6] = [b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C];

pub fn is_7z(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

pub fn check_passphrase(passphrase: &str) -> Result<(), String> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(format!(
            "パスフレーズが短すぎます。{MIN_PASSPHRASE_CHARS} 文字以上にしてください。"
        ));
    }
    Ok(())
}

/// Wraps the sealed zip (`inner_name` = `<bag>.zip`) in an encrypted 7z.
pub fn encrypt(inner_name: &str, zip: &[u8], passphrase: &str) -> Result<Vec<u8>, String> {
    check_passphrase(passphrase)?;
    let fail = |e: &dyn std::fmt::Display| format!("暗号化できません: {e}");
    let mut aes = AesEncoderOptions::new(Password::new(passphrase));
    aes.num_cycles_power = KDF_CYCLES_POWER;
    let mut writer = ArchiveWriter::new(Cursor::new(Vec::new())).map_err(|e| fail(&e))?;
    // The zip is already deflated: copy, then encrypt.
    writer.set_content_methods(vec![aes.into(), EncoderMethod::COPY.into()]);
    writer.set_encrypt_header(true);
    writer
        .push_archive_entry(ArchiveEntry::new_file(inner_name), Some(zip))
        .map_err(|e| fail(&e))?;
    Ok(writer.finish().map_err(|e| fail(&e))?.into_inner())
}

/// Why an encrypted bundle could not be opened.
#[derive(Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Wrong passphrase, or the archive is damaged: 7z cannot tell the two apart.
    Passphrase,
    /// Not what Rinko writes: unencrypted, several entries, not a zip inside, too big.
    Unexpected(String),
}

impl OpenError {
    pub fn message(&self) -> String {
        match self {
            OpenError::Passphrase => {
                "パスフレーズが違うか、暗号化されたバンドルが壊れています。".into()
            }
            OpenError::Unexpected(why) => why.clone(),
        }
    }
}

/// Whether a 7z is encrypted as Rinko encrypts, judged without the passphrase: an archive whose
/// header opens without one and holds no AES is refused before anyone is asked for one.
pub fn probe(bytes: &[u8]) -> Result<(), OpenError> {
    match sevenz_rust2::Archive::read(&mut Cursor::new(bytes), &Password::empty()) {
        Err(sevenz_rust2::Error::PasswordRequired) => Ok(()),
        Ok(archive) if is_encrypted(&archive) => Ok(()),
        Ok(_) => Err(not_encrypted()),
        Err(_) => Err(OpenError::Unexpected(
            "7z として読めません（壊れています）。".into(),
        )),
    }
}

fn is_encrypted(archive: &sevenz_rust2::Archive) -> bool {
    !archive.blocks.is_empty()
        && archive.blocks.iter().all(|b| {
            b.coders
                .iter()
                .any(|c| c.encoder_method_id() == EncoderMethod::ID_AES256_SHA256)
        })
}

fn not_encrypted() -> OpenError {
    OpenError::Unexpected(
        "7z ですが暗号化されていません（Rinko の暗号化バンドルではありません）。".into(),
    )
}

/// Decrypts an encrypted bundle: the inner zip's name and bytes.
pub fn decrypt(
    bytes: &[u8],
    passphrase: &str,
    max_bytes: u64,
) -> Result<(String, Vec<u8>), OpenError> {
    let mut reader =
        ArchiveReader::new(Cursor::new(bytes), Password::new(passphrase)).map_err(classify)?;
    let archive = reader.archive();
    if !is_encrypted(archive) {
        return Err(not_encrypted());
    }
    let files: Vec<&ArchiveEntry> = archive.files.iter().filter(|f| !f.is_directory()).collect();
    let [entry] = files.as_slice() else {
        return Err(OpenError::Unexpected(format!(
            "暗号化バンドルの中身は zip 一つのはずですが、{} 個あります。",
            files.len()
        )));
    };
    let name = entry.name().to_string();
    if !name.to_lowercase().ends_with(".zip") || name.contains(['/', '\\']) {
        return Err(OpenError::Unexpected(format!(
            "暗号化バンドルの中身 {name} は Rinko のバンドル（.zip）ではありません。"
        )));
    }
    if entry.size() > max_bytes {
        return Err(OpenError::Unexpected(format!(
            "暗号化バンドルの中身が大きすぎます（{} MB まで）。",
            max_bytes >> 20
        )));
    }
    let mut inner = Vec::new();
    reader
        .for_each_entries(|_, data| {
            // Bounded: the declared size is the attacker's to choose.
            data.take(max_bytes + 1).read_to_end(&mut inner)?;
            Ok(true)
        })
        .map_err(classify)?;
    if inner.len() as u64 > max_bytes {
        return Err(OpenError::Unexpected(
            "暗号化バンドルの中身が大きすぎます。".into(),
        ));
    }
    Ok((name, inner))
}

fn classify(e: sevenz_rust2::Error) -> OpenError {
    match e {
        sevenz_rust2::Error::BadSignature(_) => {
            OpenError::Unexpected("7z として読めません。".into())
        }
        // Everything else that goes wrong behind the AES layer looks the same as a wrong key.
        _ => OpenError::Passphrase,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_a_wrong_passphrase() {
        let zip = b"PK\x03\x04 not really a zip, but bytes".repeat(50);
        let sealed = encrypt("b.zip", &zip, "correct horse battery").unwrap();
        assert!(is_7z(&sealed));
        assert!(
            !sealed.windows(5).any(|w| w == b"b.zip"),
            "the header is encrypted"
        );
        assert_eq!(
            decrypt(&sealed, "correct horse battery", 1 << 20).unwrap(),
            ("b.zip".to_string(), zip.clone())
        );
        assert_eq!(
            decrypt(&sealed, "wrong horse battery!", 1 << 20),
            Err(OpenError::Passphrase)
        );
        assert!(matches!(
            decrypt(&sealed, "correct horse battery", 10),
            Err(OpenError::Unexpected(_))
        ));
        assert!(encrypt("b.zip", &zip, "short").is_err());
    }
}
