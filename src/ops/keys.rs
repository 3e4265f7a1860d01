//! The institution's signing key and the institutions' keys this PC trusts (`rinko keys …`).

use std::path::{Path, PathBuf};

use ed25519_dalek::VerifyingKey;

use super::{record, Env, Watch};
use crate::data::KeyUse;
use crate::keys::{Trusted, TrustedKey};
use crate::problem::Problem;
use crate::records::{events, Operation};

/// Creates the institution key pair (owner-only; an existing key is never replaced). Returns
/// where the private key is and the public key.
pub fn generate(env: &Env, watch: &Watch) -> Result<(PathBuf, VerifyingKey), Problem> {
    let made = crate::keys::generate(&env.data)?;
    record(env, watch, events::key_generated());
    Ok(made)
}

/// The institution's public key as the file other PCs trust: 64 hex digits and a line end.
pub struct PublicKey {
    pub key: VerifyingKey,
    pub text: String,
}

/// The institution's public key; written to `out` when given (`replace` an existing file).
pub fn export_public(env: &Env, out: Option<(&Path, bool)>) -> Result<PublicKey, Problem> {
    let key = crate::keys::load_signing_key(&env.data, None)?.verifying_key();
    let text = format!("{}\n", hex::encode(key.as_bytes()));
    if let Some((path, replace)) = out {
        crate::output::write_new(path, text.as_bytes(), replace)?;
    }
    Ok(PublicKey { key, text })
}

/// The keys this PC trusts, for bundles and for rule packs (no audit entry: nothing changes).
pub fn trusted(env: &Env) -> Trusted {
    crate::keys::trusted_lists(&env.data)
}

/// Trusts a public key: a sending institution's (`KeyUse::Bundles`: from then on only bundles
/// it signed verify) or a rule-pack publisher's (`KeyUse::Packs`: only packs it signed import).
/// A key already trusted is left as it is, and no entry is written.
pub fn trust(env: &Env, use_: KeyUse, key: &Path, watch: &Watch) -> Result<TrustedKey, Problem> {
    let trusted = crate::keys::trust_key(&env.data, use_, key)?;
    if !trusted.already {
        let operation = match use_ {
            KeyUse::Bundles => Operation::KeysTrust,
            KeyUse::Packs => Operation::SchemasTrust,
        };
        record(env, watch, events::key_trusted(operation, &trusted.key));
    }
    Ok(trusted)
}
