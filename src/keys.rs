//! Ed25519 keys: the institution's own signing key for bundles, and the public keys Rinko trusts
//! (for rule packs and for bundles, in separate folders: a key trusted to seal a bundle is not
//! thereby trusted to change the checks).
//!
//! Keys are 32 bytes written as 64 hex digits on one line. The private key lives in the user's
//! data folder, created owner-only (mode 600 on Unix; on Windows the per-user AppData folder is
//! already private to the user) and refused when others can read it, as ssh does.

use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};

pub const PRIVATE_KEY: &str = "institution.key";
pub const PUBLIC_KEY: &str = "institution.pub";
/// Public keys of institutions whose bundles this PC accepts.
pub const BUNDLE_KEYS: &str = "bundle-keys";
/// Public keys of publishers whose rule packs this PC imports.
pub const PACK_KEYS: &str = "trusted-keys";

fn key_dir() -> Result<PathBuf, String> {
    Ok(crate::pack::data_dir().map_err(|e| e.0)?.join("keys"))
}

/// Where the institution's private key is (or would be).
fn private_key_path() -> Result<PathBuf, String> {
    Ok(key_dir()?.join(PRIVATE_KEY))
}

/// Creates the institution key pair. An existing key is never replaced: bundles signed with it
/// could no longer be matched to a key on file.
pub fn generate() -> Result<(PathBuf, VerifyingKey), String> {
    let dir = key_dir()?;
    let private = dir.join(PRIVATE_KEY);
    if private.exists() {
        return Err(format!(
            "鍵は既にあります（{}）。作り直すと、これまでの署名を照合できなくなるため上書きしません。",
            private.display()
        ));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| format!("乱数を得られません: {e}"))?;
    let key = SigningKey::from_bytes(&seed);
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
    write_private(&private, &hex::encode(seed)).map_err(|e| io_error(&private, &e))?;
    let public = key.verifying_key();
    crate::output::write_new(
        &dir.join(PUBLIC_KEY),
        format!("{}\n", hex::encode(public.as_bytes())).as_bytes(),
        true,
    )?;
    Ok((private, public))
}

fn write_private(path: &Path, hex_seed: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(format!("{hex_seed}\n").as_bytes())?;
    file.sync_all()
}

fn io_error(path: &Path, e: &std::io::Error) -> String {
    format!("{}: {}", path.display(), crate::read::io_reason_ja(e))
}

/// The institution's signing key, from `path` or the data folder.
pub fn load_signing_key(path: Option<&Path>) -> Result<SigningKey, String> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => private_key_path()?,
    };
    let missing = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "署名鍵 {} がありません。先に rinko keys generate で作ってください。",
                path.display()
            )
        } else {
            io_error(&path, &e)
        }
    };
    let meta = std::fs::metadata(&path).map_err(missing)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(format!(
                "署名鍵 {} を他のユーザーも読めます。chmod 600 で本人だけが読めるようにしてから使ってください。",
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let text = std::fs::read_to_string(&path).map_err(missing)?;
    let seed: [u8; 32] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| {
            format!(
                "署名鍵 {} の形式が正しくありません（16 進 64 桁）。",
                path.display()
            )
        })?;
    Ok(SigningKey::from_bytes(&seed))
}

pub fn parse_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// The public keys in `folder` of the data folder (`*.pub`, sorted), after those in `extra`.
pub fn trusted(folder: &str, extra: &[PathBuf]) -> Result<Vec<VerifyingKey>, String> {
    let mut files: Vec<PathBuf> = extra.to_vec();
    let dir = crate::pack::data_dir().map_err(|e| e.0)?.join(folder);
    files.extend(trusted_files(&dir));
    files.iter().map(|p| read_public_key(p)).collect()
}

/// The `*.pub` files of a trusted-keys folder, sorted; none when it does not exist.
fn trusted_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pub"))
        .collect();
    found.sort();
    found
}

/// One public key file.
pub fn read_public_key(path: &Path) -> Result<VerifyingKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "公開鍵 {} を読めません: {}",
            path.display(),
            crate::read::io_reason_ja(&e)
        )
    })?;
    parse_public_key(&text).ok_or_else(|| {
        format!(
            "公開鍵 {} は 64 桁の 16 進数（Ed25519 公開鍵）ではありません。",
            path.display()
        )
    })
}

/// Adds a public key to the bundle keys this PC trusts. A key already stored is left as it is
/// (and said so).
pub fn trust_bundle_key(source: &Path) -> Result<TrustedKey, String> {
    trust_key(BUNDLE_KEYS, source)
}

/// A key `trust_key` was given.
pub struct TrustedKey {
    pub path: PathBuf,
    pub key: VerifyingKey,
    /// The folder already held this key (under any file name): nothing was written.
    pub already: bool,
}

/// Adds the public key in `source` to `folder` of the data folder (`bundle-keys`,
/// `trusted-keys`) as `<fingerprint>.pub`. A key already there is not written again.
pub fn trust_key(folder: &str, source: &Path) -> Result<TrustedKey, String> {
    let key = read_public_key(source)?;
    let dir = crate::pack::data_dir().map_err(|e| e.0)?.join(folder);
    if let Some(path) = trusted_files(&dir)
        .into_iter()
        .find(|p| read_public_key(p).ok() == Some(key))
    {
        return Ok(TrustedKey {
            path,
            key,
            already: true,
        });
    }
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
    let path = dir.join(format!("{}.pub", crate::digest::key_fingerprint(&key)));
    crate::output::write_new(
        &path,
        format!("{}\n", hex::encode(key.as_bytes())).as_bytes(),
        true,
    )?;
    Ok(TrustedKey {
        path,
        key,
        already: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_keys_are_64_hex_digits() {
        let key = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
        assert_eq!(parse_public_key(&hex::encode(key.as_bytes())), Some(key));
        assert_eq!(parse_public_key("abcd"), None);
    }
}
