//! The schema sets in force and the rule packs that change them (`rinko schemas …`, the app's
//! スキーマセット screen).

use std::path::PathBuf;

use super::{active_sets, record, Env, SetChoice, Watch};
use crate::check::Checker;
use crate::pack::{Imported, Removed};
use crate::problem::Problem;
use crate::records::events;
use crate::schema_set::{Manifest, SchemaSetDef};

/// The active sets, as a check would use them (no audit entry: nothing changes).
pub fn list(env: &Env, choice: &SetChoice, watch: &Watch) -> Result<Vec<SchemaSetDef>, Problem> {
    Ok(active_sets(env, choice, watch)?.sets().to_vec())
}

#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    /// A rule pack: a folder or a zip with `manifest-sha256.txt`.
    pub pack: PathBuf,
    /// Public keys trusted for this import, besides those of the data folder.
    pub trusted_keys: Vec<PathBuf>,
    /// Accept a pack older than the set of the same id in force.
    pub allow_downgrade: bool,
}

/// Verifies a rule pack completely (hashes, signature, version, every XSD compiling) and
/// stores it; it is in force from the next operation on. A refused pack changes nothing.
pub fn import(env: &Env, request: &ImportRequest, watch: &Watch) -> Result<Imported, Problem> {
    let keys = crate::pack::trusted_keys(&env.data, &request.trusted_keys)?;
    let imported = crate::pack::import(
        &env.data,
        &request.pack,
        &keys,
        request.allow_downgrade,
        Checker::vet,
    )?;
    record(
        env,
        watch,
        events::pack_imported(&imported.set, imported.downgrade),
    );
    Ok(imported)
}

/// What a removal did, and the embedded set of the same id now in force again, if any.
pub struct RemovedSet {
    pub removed: Removed,
    pub embedded: Option<Manifest>,
}

impl RemovedSet {
    /// What was removed and which set is in force for the id now, in two sentences.
    pub fn summary(&self, id: &str) -> [String; 2] {
        let version = self
            .removed
            .version
            .as_ref()
            .map(|v| format!("（版 {v}）"))
            .unwrap_or_default();
        [
            format!("取り除きました: {id}{version}"),
            match &self.embedded {
                Some(m) => format!("組み込みのセット {id}（版 {}）が再び有効です。", m.version),
                None => "同じ id の組み込みのセットはありません。".into(),
            },
        ]
    }
}

pub fn remove(env: &Env, id: &str, watch: &Watch) -> Result<RemovedSet, Problem> {
    let removed = crate::pack::remove(&env.data, id)?;
    record(env, watch, events::pack_removed(&removed));
    Ok(RemovedSet {
        removed,
        embedded: crate::schema_set::embedded_manifest(id),
    })
}
