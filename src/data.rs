//! Rinko's own folder (データフォルダー): imported schema sets, the institution's keys, the keys
//! this PC trusts, and the audit log. One folder for the CLI and the app, so that both see the
//! same keys and write one log.
//!
//! The front-end decides where it is (the CLI: `RINKO_DATA_DIR`, else [`DataFolder::users_default`])
//! and hands it to the workflows; nothing in the core looks it up by itself.

use std::path::{Path, PathBuf};

/// Whose public keys a folder of trusted keys holds: a key trusted to seal a bundle is not
/// thereby trusted to change the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    /// Institutions whose bundles this PC accepts.
    Bundles,
    /// Publishers whose rule packs this PC imports.
    Packs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFolder {
    root: PathBuf,
}

impl DataFolder {
    pub fn at(root: impl Into<PathBuf>) -> DataFolder {
        DataFolder { root: root.into() }
    }

    /// The OS's per-user data folder with `rinko` in it (`~/.local/share/rinko`,
    /// `%APPDATA%\rinko`); `None` when the OS names none.
    pub fn users_default() -> Option<DataFolder> {
        dirs::data_dir().map(|d| DataFolder::at(d.join("rinko")))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The imported schema sets, one folder per set id.
    pub fn schema_sets(&self) -> PathBuf {
        self.root.join("schema-sets")
    }

    /// The institution's own key pair.
    pub fn keys(&self) -> PathBuf {
        self.root.join("keys")
    }

    pub fn trusted_keys(&self, use_: KeyUse) -> PathBuf {
        self.root.join(match use_ {
            KeyUse::Bundles => "bundle-keys",
            KeyUse::Packs => "trusted-keys",
        })
    }

    /// The audit log's folder.
    pub fn audit(&self) -> PathBuf {
        self.root.join("audit")
    }
}
