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

    /// The OS's per-user data folder with Rinko's in it (`~/.local/share/rinko`,
    /// `%LOCALAPPDATA%\Rinko`); `None` when the OS names none.
    pub fn users_default() -> Option<DataFolder> {
        default_root(cfg!(windows), dirs::data_dir(), dirs::data_local_dir()).map(DataFolder::at)
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

/// Where `users_default` puts the folder, given the OS's per-user data folder and its local one
/// (the same folder on Linux). On Windows the per-user one is `AppData\Roaming`, which a domain's
/// roaming profiles copy to a server and to every PC the user signs in to: the institution's
/// private key and the audit log of this PC's operations must stay on this PC, so Windows gets
/// the local one (`AppData\Local`), under the app's name as Windows software writes it.
fn default_root(windows: bool, data: Option<PathBuf>, local: Option<PathBuf>) -> Option<PathBuf> {
    if windows {
        local.map(|d| d.join("Rinko"))
    } else {
        data.map(|d| d.join("rinko"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_keeps_the_folder_on_the_pc_and_linux_where_it_was() {
        let roaming = || Some(PathBuf::from(r"C:\Users\u\AppData\Roaming"));
        let local = || Some(PathBuf::from(r"C:\Users\u\AppData\Local"));
        assert_eq!(
            default_root(true, roaming(), local()),
            Some(PathBuf::from(r"C:\Users\u\AppData\Local").join("Rinko"))
        );
        assert_eq!(default_root(true, roaming(), None), None);
        let share = || Some(PathBuf::from("/home/u/.local/share"));
        assert_eq!(
            default_root(false, share(), Some(PathBuf::from("/elsewhere"))),
            Some(PathBuf::from("/home/u/.local/share/rinko"))
        );
        assert_eq!(default_root(false, None, share()), None);
    }
}
