//! Ed25519 keys: the institution's own signing key for bundles, and the public keys Rinko trusts
//! (for rule packs and for bundles, in separate folders: a key trusted to seal a bundle is not
//! thereby trusted to change the checks).
//!
//! Keys are 32 bytes written as 64 hex digits on one line. The private key lives in the user's
//! data folder, created owner-only and refused when others can read it, as ssh does (mode 600 on
//! Unix). On Windows nothing is set or checked: the file takes the ACL of the user's
//! `AppData\Local`, which SYSTEM and the administrators can read too; docs/bundle.md §7 says so
//! and what IT staff do about it.

use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::data::{DataFolder, KeyUse};
use crate::problem::{About, Code, Problem};

pub const PRIVATE_KEY: &str = "institution.key";
pub const PUBLIC_KEY: &str = "institution.pub";

/// Where the institution's private key is (or would be).
pub fn private_key_path(data: &DataFolder) -> PathBuf {
    data.keys().join(PRIVATE_KEY)
}

/// Creates the institution key pair. An existing key is never replaced: bundles signed with it
/// could no longer be matched to a key on file.
pub fn generate(data: &DataFolder) -> Result<(PathBuf, VerifyingKey), Problem> {
    let dir = data.keys();
    let private = dir.join(PRIVATE_KEY);
    if private.exists() {
        return Err(Problem::new(
            Code::KeyExists,
            format!(
                "鍵は既にあります（{}）。作り直すと、これまでの署名を照合できなくなるため上書きしません。",
                private.display()
            ),
            About::SigningKey(private.clone()),
        ));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Problem::internal(format!("乱数を得られません: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    std::fs::create_dir_all(&dir).map_err(|e| io_problem(&dir, &e))?;
    write_private(&private, &hex::encode(seed)).map_err(|e| io_problem(&private, &e))?;
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

fn io_problem(path: &Path, e: &std::io::Error) -> Problem {
    Problem::new(
        Code::OutputWrite,
        format!("{}: {}", path.display(), crate::read::io_reason_ja(e)),
        About::Output(path.to_path_buf()),
    )
}

/// The institution's signing key, from `path` or the data folder.
pub fn load_signing_key(data: &DataFolder, path: Option<&Path>) -> Result<SigningKey, Problem> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => private_key_path(data),
    };
    let about = About::SigningKey(path.clone());
    let problem = |code: Code, message: String| Problem::new(code, message, about.clone());
    let missing = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::NotFound {
            problem(
                Code::KeyMissing,
                format!("署名鍵 {} がありません。", path.display()),
            )
            .with_hint("先に機関の署名鍵を作ってください。")
        } else {
            problem(
                Code::KeyInvalid,
                format!("{}: {}", path.display(), crate::read::io_reason_ja(&e)),
            )
        }
    };
    let meta = std::fs::metadata(&path).map_err(missing)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(problem(
                Code::KeyExposed,
                format!(
                    "署名鍵 {} を他のユーザーも読めます。chmod 600 で本人だけが読めるようにしてから使ってください。",
                    path.display()
                ),
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
            problem(
                Code::KeyInvalid,
                format!(
                    "署名鍵 {} の形式が正しくありません（16 進 64 桁）。",
                    path.display()
                ),
            )
        })?;
    Ok(SigningKey::from_bytes(&seed))
}

pub fn parse_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// The keys trusted for `use_` in the data folder (`*.pub`, sorted), after those in `extra`.
pub fn trusted(
    data: &DataFolder,
    use_: KeyUse,
    extra: &[PathBuf],
) -> Result<Vec<VerifyingKey>, Problem> {
    let mut files: Vec<PathBuf> = extra.to_vec();
    files.extend(trusted_files(&data.trusted_keys(use_)));
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

/// A file of a trusted-keys folder and the key it holds, or why it holds none (while it is
/// there, every verification or import that needs the keys is refused: the user must see it).
pub struct TrustedFile {
    pub path: PathBuf,
    pub key: Result<VerifyingKey, Problem>,
}

/// The keys this PC trusts, for bundles and for rule packs, and the folders they are kept in.
pub struct Trusted {
    pub bundles: Vec<TrustedFile>,
    pub packs: Vec<TrustedFile>,
    pub bundles_folder: PathBuf,
    pub packs_folder: PathBuf,
}

pub fn trusted_lists(data: &DataFolder) -> Trusted {
    let list = |use_| {
        trusted_files(&data.trusted_keys(use_))
            .into_iter()
            .map(|path| TrustedFile {
                key: read_public_key(&path),
                path,
            })
            .collect()
    };
    Trusted {
        bundles: list(KeyUse::Bundles),
        packs: list(KeyUse::Packs),
        bundles_folder: data.trusted_keys(KeyUse::Bundles),
        packs_folder: data.trusted_keys(KeyUse::Packs),
    }
}

/// One public key file.
pub fn read_public_key(path: &Path) -> Result<VerifyingKey, Problem> {
    let problem = |message: String| {
        Problem::new(
            Code::KeyInvalid,
            message,
            About::PublicKey(path.to_path_buf()),
        )
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        problem(format!(
            "公開鍵 {} を読めません: {}",
            path.display(),
            crate::read::io_reason_ja(&e)
        ))
    })?;
    parse_public_key(&text).ok_or_else(|| {
        problem(format!(
            "公開鍵 {} は 64 桁の 16 進数（Ed25519 公開鍵）ではありません。",
            path.display()
        ))
    })
}

/// A key `trust_key` was given.
pub struct TrustedKey {
    pub path: PathBuf,
    pub key: VerifyingKey,
    /// The folder already held this key (under any file name): nothing was written.
    pub already: bool,
}

/// Adds the public key in `source` to the keys trusted for `use_` as `<fingerprint>.pub`. A
/// key already there is not written again.
pub fn trust_key(data: &DataFolder, use_: KeyUse, source: &Path) -> Result<TrustedKey, Problem> {
    let key = read_public_key(source)?;
    let dir = data.trusted_keys(use_);
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
    std::fs::create_dir_all(&dir).map_err(|e| io_problem(&dir, &e))?;
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
