//! The schema sets in force and the rule packs that change them (`rinko schemas …`, the app's
//! スキーマセット screen).

use std::path::PathBuf;

use super::{active_sets, record, Env, SetChoice, Watch};
use crate::check::Checker;
use crate::definition::DefinitionError;
use crate::pack::{Imported, Removed};
use crate::problem::{About, Code, Problem};
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

/// What `rinko schemas doc` makes: the field definition of an active set, as a page or a
/// workbook.
#[derive(Debug, Clone)]
pub struct DocRequest {
    /// The set's id (`rinko schemas list`).
    pub set: String,
    /// One form of the set, else every form.
    pub form: Option<String>,
    /// `.html` or `.xlsx`.
    pub out: PathBuf,
    pub replace: bool,
}

/// Writes the field definition of the set in force for `request.set` (not logged: it holds
/// the rules, no document). The output is checked before anything is compiled.
pub fn doc(
    env: &Env,
    choice: &SetChoice,
    request: &DocRequest,
    watch: &Watch,
) -> Result<(), Problem> {
    let out = &request.out;
    let extension = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if extension != "html" && extension != "xlsx" {
        return Err(Problem::new(
            Code::OutputName,
            format!(
                "保存するファイル「{}」の名前は .html か .xlsx（Excel）で終わるようにしてください。",
                out.display()
            ),
            About::Output(out.clone()),
        ));
    }
    crate::output::may_write(out, request.replace)?;
    let sets = active_sets(env, choice, watch)?;
    let set = find_active(&sets, &request.set)?;
    let definition = crate::definition::define(set, request.form.as_deref())
        .map_err(|e| definition_problem(e, &request.set, request.form.as_deref()))?;
    let bytes = if extension == "html" {
        crate::definition::write_html(&definition).into_bytes()
    } else {
        crate::definition::write_xlsx(&definition, env.clock.now())
            .map_err(|e| Problem::internal(format!("Excel のファイルを作れません: {e}")))?
    };
    crate::output::write_new(out, &bytes, request.replace)
}

/// One side of `rinko schemas diff`: the id of a set in force, or a set's folder (a rule pack
/// not yet imported, a set being written).
#[derive(Debug, Clone)]
pub enum SetRef {
    Active(String),
    Folder(PathBuf),
}

impl SetRef {
    /// A folder when `arg` names one, else an id.
    pub fn from_arg(arg: &str) -> SetRef {
        let path = PathBuf::from(arg);
        if path.is_dir() {
            SetRef::Folder(path)
        } else {
            SetRef::Active(arg.to_string())
        }
    }
}

/// What changed between two sets, every form of each (not logged: it reads rules only).
pub fn diff(
    env: &Env,
    choice: &SetChoice,
    old: &SetRef,
    new: &SetRef,
    watch: &Watch,
) -> Result<crate::definition::Changes, Problem> {
    let needs_active = [old, new].iter().any(|s| matches!(s, SetRef::Active(_)));
    let active = if needs_active {
        Some(active_sets(env, choice, watch)?)
    } else {
        None
    };
    let define = |side: &SetRef| -> Result<crate::definition::Definition, Problem> {
        let set = match side {
            SetRef::Folder(dir) => SchemaSetDef::from_folder(dir)
                .map_err(|e| super::set_problem(e, About::SchemaSetFolder(dir.clone())))?,
            SetRef::Active(id) => find_active(active.as_ref().expect("asked for"), id)?.clone(),
        };
        crate::definition::define(&set, None)
            .map_err(|e| definition_problem(e, &set.manifest.id, None))
    };
    Ok(crate::definition::diff(&define(old)?, &define(new)?))
}

/// The set in force with this id, or a problem naming the ids there are.
fn find_active<'c>(sets: &'c Checker, id: &str) -> Result<&'c SchemaSetDef, Problem> {
    sets.sets()
        .iter()
        .find(|s| s.manifest.id == id)
        .ok_or_else(|| {
            let ids: Vec<&str> = sets.sets().iter().map(|s| s.manifest.id.as_str()).collect();
            Problem::new(
                Code::SetNotFound,
                format!(
                    "スキーマセット「{id}」は有効なセットにありません（有効なセット: {}）。",
                    ids.join("、")
                ),
                About::SchemaSetId(id.to_string()),
            )
            .with_hint("有効なセットの id は、スキーマセットの一覧で確かめてください。")
        })
}

/// Why a set's definition or samples cannot be made, in words.
fn definition_problem(e: DefinitionError, set: &str, form: Option<&str>) -> Problem {
    let about = About::SchemaSetId(set.to_string());
    match e {
        DefinitionError::NoSuchForm(forms) => Problem::new(
            Code::SetNotFound,
            format!(
                "スキーマセット「{set}」に様式「{}」はありません（様式: {}）。",
                form.unwrap_or_default(),
                forms.join("、")
            ),
            about,
        )
        .with_hint("様式は名前をそのまま指定してください（スキーマセットの一覧に様式の名前が出ます）。"),
        DefinitionError::NoRoot(form) => Problem::new(
            Code::SchemaSet,
            format!(
                "スキーマセット「{set}」の様式「{form}」は、ルート要素を決めていません（どの要素の文書も受け付けるセット）。見本は作れません。"
            ),
            about,
        )
        .with_hint("schema-set.toml の route に root（ルート要素の名前）を書いたスキーマセットで作ってください。"),
        DefinitionError::Set(e) => super::set_problem(e, about),
    }
}

/// What `rinko schemas sample` makes: a valid synthetic document per form (and per disease
/// part) of an active set, in an existing folder.
#[derive(Debug, Clone)]
pub struct SampleRequest {
    pub set: String,
    pub form: Option<String>,
    pub folder: PathBuf,
    pub replace: bool,
}

/// Writes the set's samples into the folder and returns their paths (not logged: they hold no
/// patient). No file is written when one of them exists and replacing was not asked for.
pub fn sample(
    env: &Env,
    choice: &SetChoice,
    request: &SampleRequest,
    watch: &Watch,
) -> Result<Vec<PathBuf>, Problem> {
    crate::output::existing_folder(&request.folder)?;
    let sets = active_sets(env, choice, watch)?;
    let set = find_active(&sets, &request.set)?;
    let samples = crate::definition::samples(set, request.form.as_deref())
        .map_err(|e| definition_problem(e, &request.set, request.form.as_deref()))?;
    let paths: Vec<PathBuf> = samples
        .iter()
        .map(|s| request.folder.join(&s.file_name))
        .collect();
    for path in &paths {
        crate::output::may_write(path, request.replace)?;
    }
    for (sample, path) in samples.iter().zip(&paths) {
        crate::output::write_new(path, sample.xml.as_bytes(), request.replace)?;
    }
    Ok(paths)
}
