//! Digests and fingerprints: the SHA-256 that names content everywhere, the fingerprint for
//! reading aloud, and an Ed25519 key's fingerprint. A leaf: uses nothing else of the crate.

use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};

/// The SHA-256 of some bytes in lower-case hex: how Rinko names a file's content everywhere.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
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
