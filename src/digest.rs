//! Digests and fingerprints: the SHA-256 that names content everywhere, the fingerprint for
//! reading aloud, and an Ed25519 key's fingerprint. A leaf: uses nothing else of the crate.

use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};

/// The SHA-256 of some bytes in lower-case hex: how Rinko names a file's content everywhere.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256Digest::of(bytes).to_string()
}

/// A SHA-256 held as its 32 bytes and written as lower-case hex (`Display`, serde): a batch
/// keeps one per file, inline, rather than a string each.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256Digest(pub [u8; 32]);

impl Sha256Digest {
    pub fn of(bytes: &[u8]) -> Sha256Digest {
        Sha256Digest::finish(Sha256::new_with_prefix(bytes))
    }

    /// The digest of what was written into `hasher`.
    pub fn finish(hasher: Sha256) -> Sha256Digest {
        Sha256Digest(hasher.finalize().into())
    }

    /// From 64 hex digits (either case); `None` for anything else.
    pub fn from_hex(text: &str) -> Option<Sha256Digest> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).ok()?;
        Some(Sha256Digest(bytes))
    }
}

impl std::fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = [0u8; 64];
        hex::encode_to_slice(self.0, &mut text).map_err(|_| std::fmt::Error)?;
        f.write_str(std::str::from_utf8(&text).map_err(|_| std::fmt::Error)?)
    }
}

impl std::fmt::Debug for Sha256Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Sha256Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Sha256Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Sha256Digest::from_hex(&text)
            .ok_or_else(|| serde::de::Error::custom("a SHA-256 is 64 hex digits"))
    }
}

/// A fingerprint for reading aloud: upper-case hex in groups of four (`3F2A-9C1B-…`).
pub fn fingerprint_groups(hex: &str) -> String {
    let chars: Vec<char> = hex.chars().map(|c| c.to_ascii_uppercase()).collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A key's fingerprint for comparing on paper: the first 16 hex digits of the SHA-256 of the
/// public key, in groups of four.
pub fn key_fingerprint(key: &VerifyingKey) -> String {
    fingerprint_groups(&sha256_hex(key.as_bytes())[..16])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    #[test]
    fn a_digest_is_written_and_read_as_the_hex_of_sha256_hex() {
        let d = Sha256Digest::of(b"abc");
        assert_eq!(d.to_string(), sha256_hex(b"abc"));
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, format!("\"{}\"", sha256_hex(b"abc")));
        assert_eq!(serde_json::from_str::<Sha256Digest>(&json).unwrap(), d);
        assert_eq!(
            Sha256Digest::from_hex(&d.to_string().to_uppercase()),
            Some(d)
        );
        for bad in ["", "abc", &"g".repeat(64), &"0".repeat(63), &"0".repeat(66)] {
            assert_eq!(Sha256Digest::from_hex(bad), None, "{bad}");
        }
        assert!(serde_json::from_str::<Sha256Digest>("\"山田太郎_臨個票.xml\"").is_err());
    }

    #[test]
    fn fingerprint_is_grouped_in_fours() {
        assert_eq!(fingerprint_groups("3f2a9c1b0d"), "3F2A-9C1B-0D");
        let full = "3f2a9c1b".repeat(8);
        let grouped = fingerprint_groups(&full);
        assert_eq!(grouped.len(), 64 + 15);
        assert!(grouped.starts_with("3F2A-9C1B-3F2A-"));
        assert_eq!(fingerprint_groups(""), "");
    }

    #[test]
    fn key_fingerprints_are_short_groups_of_the_key_hash() {
        let key = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
        let print = key_fingerprint(&key);
        assert_eq!(print.len(), 19);
        assert_eq!(print.matches('-').count(), 3);
        let other = SigningKey::from_bytes(&[8u8; 32]).verifying_key();
        assert_ne!(print, key_fingerprint(&other));
    }
}
