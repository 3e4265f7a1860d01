//! Schema sets: folders of XSDs with a manifest, embedded or given on the command line, and
//! ad-hoc XSDs. This module owns loading them into memory and compiling them; routing a file to
//! one is `route`, validating against one is `validate`.

mod checks;
mod compile;
mod manifest;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use include_dir::{include_dir, Dir};

use crate::codes::CodeTables;
use sha2::{Digest, Sha256};

pub use checks::{
    slice_chars, CharGroup, CheckDigit, Checks, CodePart, Condition as RuleCondition, DateDef,
    FieldBinding, Level, PrintSignature, Repertoire, Rule, TODAY,
};
pub use compile::{
    compile, compile_sharing, declaration_at, is_repeated, Choices, CompiledSchema, Labels,
};
pub use manifest::{check_id, Condition, Manifest, Route};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/schemas");

/// Where a set came from, for `schemas list` and reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    Folder(PathBuf),
    /// Imported with `rinko schemas import`, stored in the user's data directory.
    Imported(PathBuf),
    /// `--xsd FILE`: one XSD, every file goes to it.
    AdHoc(PathBuf),
}

impl Origin {
    /// Where the set comes from, as a name for scripts and the app: `embedded`, `folder`,
    /// `imported` or `xsd`.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Embedded => "embedded",
            Origin::Folder(_) => "folder",
            Origin::Imported(_) => "imported",
            Origin::AdHoc(_) => "xsd",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Origin::Embedded => "組み込み".into(),
            Origin::Folder(p) => p.display().to_string(),
            Origin::Imported(p) => format!("取り込み済み {}", p.display()),
            Origin::AdHoc(p) => format!("指定の XSD {}", p.display()),
        }
    }
}

/// A schema set in memory: its manifest and the bytes of every file, nothing compiled yet.
#[derive(Debug, Clone)]
pub struct SchemaSetDef {
    pub manifest: Manifest,
    pub origin: Origin,
    /// SHA-256 over the set's files and the code tables they can bind (see `set_digest`).
    pub sha256: String,
    /// The domain checks of `checks.toml` (`SchemaSetDef::checks`); none for a set without one
    /// and for `--xsd`. An embedded set's are parsed when first asked for, so a run parses
    /// only the sets its files are routed to; this build's tests parse every embedded set's.
    /// Any other set's are parsed when it is loaded, so that a broken pack is refused.
    checks: Option<OnceLock<Arc<Checks>>>,
    /// The code tables the checks may bind: the set's own `codes/`, then the embedded ones.
    pub codes: Arc<CodeTables>,
    /// Absolute location the XSDs are compiled under, so that relative includes resolve.
    base: String,
    /// Files by path relative to the set's folder; only embedded and folder sets keep them in
    /// memory, ad-hoc XSDs are read where they lie so that their includes can reach anywhere.
    files: BTreeMap<String, Vec<u8>>,
    /// Ad-hoc only: further schema documents compiled together with the XSD, for schemas whose
    /// documents do not all include one another (a W3C test group lists them).
    companions: Vec<PathBuf>,
    /// Why an imported set failed its re-verification; such a set is never compiled or used,
    /// it only names itself to the files its routes claim (`SchemaSetDef::damaged`).
    pub damaged: Option<String>,
}

/// Why a set cannot be used; a usage error (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError(pub String);

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl SchemaSetDef {
    /// The location of one of the set's XSDs as the compiler sees it.
    pub fn xsd_location(&self, xsd: &str) -> String {
        match &self.origin {
            Origin::AdHoc(p) => p.to_string_lossy().into_owned(),
            _ => format!("{}/{}", self.base, xsd),
        }
    }

    /// The set's own files, by the location the compiler asks for them.
    pub fn in_memory_files(&self) -> impl Iterator<Item = (String, &[u8])> {
        self.files
            .iter()
            .map(|(rel, bytes)| (format!("{}/{}", self.base, rel), bytes.as_slice()))
    }

    pub fn is_ad_hoc(&self) -> bool {
        matches!(self.origin, Origin::AdHoc(_))
    }

    /// Every set embedded in the binary, sorted by id.
    pub fn embedded() -> Vec<SchemaSetDef> {
        let mut sets: Vec<SchemaSetDef> = EMBEDDED
            .dirs()
            .map(|dir| {
                let mut files = BTreeMap::new();
                collect_embedded(dir, dir.path(), &mut files);
                let name = dir.path().to_string_lossy().into_owned();
                // The embedded sets are checked by the test suite; a broken one is a build defect.
                Self::from_files(files, Origin::Embedded, format!("/rinko-embedded/{name}"))
                    .unwrap_or_else(|e| panic!("embedded schema set {name} is broken: {e}"))
            })
            .collect();
        sets.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
        sets
    }

    /// A set from a folder (`--schema-set DIR`).
    pub fn from_folder(dir: &Path) -> Result<SchemaSetDef, SetError> {
        let mut files = BTreeMap::new();
        collect_folder(dir, dir, &mut files, 0)?;
        let base = std::fs::canonicalize(dir).map_err(|e| {
            SetError(format!(
                "スキーマセット {} を開けません: {}",
                dir.display(),
                crate::read::io_reason_ja(&e)
            ))
        })?;
        Self::from_files(
            files,
            Origin::Folder(dir.to_path_buf()),
            base.to_string_lossy().into_owned(),
        )
        .map_err(|e| SetError(format!("スキーマセット {}: {}", dir.display(), e)))
    }

    /// One XSD given with `--xsd`: a set with a single route that takes every file.
    pub fn ad_hoc(xsd: &Path) -> Result<SchemaSetDef, SetError> {
        Self::ad_hoc_with(xsd, &[])
    }

    /// An XSD compiled together with further schema documents, as one schema.
    pub fn ad_hoc_with(xsd: &Path, companions: &[PathBuf]) -> Result<SchemaSetDef, SetError> {
        let read = |p: &Path| {
            std::fs::read(p).map_err(|e| {
                SetError(format!(
                    "XSD {} を読み込めません: {}",
                    p.display(),
                    crate::read::io_reason_ja(&e)
                ))
            })
        };
        let mut bytes = read(xsd)?;
        for c in companions {
            bytes.extend_from_slice(&read(c)?);
        }
        let name = xsd
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let manifest = Manifest {
            id: name.clone(),
            version: String::new(),
            name: format!("{name}（指定の XSD）"),
            valid_from: "0001-01-01".into(),
            valid_until: None,
            encodings: Vec::new(),
            labels: "xs:documentation".into(),
            routes: vec![Route {
                form: name.clone(),
                namespace: String::new(),
                root: "*".into(),
                xsd: name,
                when: Vec::new(),
            }],
        };
        Ok(SchemaSetDef {
            manifest,
            origin: Origin::AdHoc(xsd.to_path_buf()),
            sha256: hex::encode(Sha256::digest(&bytes)),
            checks: None,
            codes: Arc::default(),
            base: String::new(),
            files: BTreeMap::new(),
            companions: companions.to_vec(),
            damaged: None,
        })
    }

    pub fn companions(&self) -> &[PathBuf] {
        &self.companions
    }

    /// Whether the set has domain checks, without parsing them.
    pub fn has_checks(&self) -> bool {
        self.checks.is_some()
    }

    /// The set's domain checks, parsed at the first call for an embedded set.
    pub fn checks(&self) -> Option<&Arc<Checks>> {
        let cell = self.checks.as_ref()?;
        Some(cell.get_or_init(|| {
            parse_checks(&self.files, &self.codes).unwrap_or_else(|e| {
                panic!("embedded schema set {} is broken: {e}", self.manifest.id)
            })
        }))
    }

    pub(crate) fn from_files(
        files: BTreeMap<String, Vec<u8>>,
        origin: Origin,
        base: String,
    ) -> Result<SchemaSetDef, String> {
        let manifest_bytes = files
            .get("schema-set.toml")
            .ok_or("schema-set.toml がありません。")?;
        let text = std::str::from_utf8(manifest_bytes)
            .map_err(|_| "schema-set.toml は UTF-8 で書いてください。")?;
        let manifest = Manifest::parse(text)?;
        for xsd in manifest.routes.iter().map(|r| &r.xsd) {
            if !files.contains_key(xsd) {
                return Err(format!(
                    "route の XSD「{xsd}」がセットのフォルダーにありません。"
                ));
            }
        }
        let codes = Arc::new(embedded_codes()?.clone().with_manifest(&files, "codes/")?);
        let checks = match (files.contains_key(CHECKS_FILE), &origin) {
            (false, _) => None,
            (true, Origin::Embedded) => Some(OnceLock::new()),
            (true, _) => Some(OnceLock::from(parse_checks(&files, &codes)?)),
        };
        Ok(SchemaSetDef {
            sha256: set_digest(&files, &codes),
            checks,
            codes,
            manifest,
            origin,
            base: base.replace('\\', "/"),
            files,
            companions: Vec::new(),
            damaged: None,
        })
    }

    /// An imported set in `dir` that cannot be used (`why`). It keeps the id of its folder and
    /// the routes of its own manifest when that still reads, else those of the embedded set it
    /// replaced: the files it would claim then get a finding naming it instead of being checked
    /// against the embedded set of the same id, whose rules the import had replaced on purpose.
    pub fn damaged(dir: &Path, id: &str, stored: Option<Manifest>, why: String) -> SchemaSetDef {
        let mut manifest = stored
            .or_else(|| embedded_manifest(id))
            .unwrap_or_else(|| Manifest {
                id: String::new(),
                version: String::new(),
                name: id.to_string(),
                valid_from: "0001-01-01".into(),
                valid_until: None,
                encodings: Vec::new(),
                labels: "xs:documentation".into(),
                routes: Vec::new(),
            });
        manifest.id = id.to_string();
        SchemaSetDef {
            manifest,
            origin: Origin::Imported(dir.to_path_buf()),
            sha256: String::new(),
            checks: None,
            codes: Arc::default(),
            base: String::new(),
            files: BTreeMap::new(),
            companions: Vec::new(),
            damaged: Some(why),
        }
    }
}

const CHECKS_FILE: &str = "checks.toml";

fn parse_checks(
    files: &BTreeMap<String, Vec<u8>>,
    codes: &CodeTables,
) -> Result<Arc<Checks>, String> {
    let bytes = files.get(CHECKS_FILE).map_or(&[][..], Vec::as_slice);
    let text = std::str::from_utf8(bytes).map_err(|_| "checks.toml は UTF-8 で書いてください。")?;
    Ok(Arc::new(Checks::parse(text, codes)?))
}

/// The manifest of the embedded set `id`, read without loading the set.
pub fn embedded_manifest(id: &str) -> Option<Manifest> {
    EMBEDDED
        .dirs()
        .filter_map(|dir| dir.get_file(dir.path().join("schema-set.toml")))
        .filter_map(|f| f.contents_utf8())
        .filter_map(|text| Manifest::parse(text).ok())
        .find(|m| m.id == id)
}

/// The code tables embedded in the binary, read and verified once.
fn embedded_codes() -> Result<&'static CodeTables, String> {
    static TABLES: OnceLock<Result<CodeTables, String>> = OnceLock::new();
    TABLES
        .get_or_init(CodeTables::embedded)
        .as_ref()
        .map_err(Clone::clone)
}

/// SHA-256 over every file of the set in path order: for each, its relative path, a NUL, its
/// length in decimal, a NUL, and its bytes. Any change to any file changes the digest.
/// Then each code table's id and SHA-256: a table the set binds governs its verdicts as much as
/// its XSDs do.
fn set_digest(files: &BTreeMap<String, Vec<u8>>, codes: &CodeTables) -> String {
    let mut h = Sha256::new();
    for (path, bytes) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(bytes.len().to_string().as_bytes());
        h.update([0]);
        h.update(bytes);
    }
    for table in codes.iter() {
        h.update(table.id.as_bytes());
        h.update([0]);
        h.update(table.sha256.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

fn collect_embedded(dir: &Dir<'static>, root: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let rel = file.path().strip_prefix(root).unwrap_or(file.path());
        out.insert(
            rel.to_string_lossy().replace('\\', "/"),
            file.contents().to_vec(),
        );
    }
    for sub in dir.dirs() {
        collect_embedded(sub, root, out);
    }
}

const MAX_SET_FILES: usize = 10_000;
const MAX_SET_FILE_BYTES: u64 = 64 * 1024 * 1024;

fn collect_folder(
    dir: &Path,
    root: &Path,
    out: &mut BTreeMap<String, Vec<u8>>,
    depth: usize,
) -> Result<(), SetError> {
    let fail = |p: &Path, e: std::io::Error| {
        SetError(format!(
            "スキーマセットの {} を読み込めません: {}",
            p.display(),
            crate::read::io_reason_ja(&e)
        ))
    };
    if depth > 16 {
        return Err(SetError(format!(
            "スキーマセットのフォルダー {} の階層が深すぎます。",
            root.display()
        )));
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| fail(dir, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| fail(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let meta = std::fs::metadata(&path).map_err(|e| fail(&path, e))?;
        if meta.is_dir() {
            collect_folder(&path, root, out, depth + 1)?;
        } else {
            let name = path.to_string_lossy().to_lowercase();
            if !(name.ends_with(".xsd") || name.ends_with(".toml") || name.ends_with(".csv")) {
                continue;
            }
            if meta.len() > MAX_SET_FILE_BYTES || out.len() >= MAX_SET_FILES {
                return Err(SetError(format!(
                    "スキーマセット {} が大きすぎます。",
                    root.display()
                )));
            }
            let bytes = std::fs::read(&path).map_err(|e| fail(&path, e))?;
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, bytes);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_of_the_embedded_sets_has_a_japanese_label() {
        for set in SchemaSetDef::embedded() {
            for route in &set.manifest.routes {
                let compiled = compile(&set, &route.xsd).unwrap();
                let schema = &compiled.schema;
                for (key, decl) in schema.arenas.elements.iter() {
                    let Some(name) = decl.name else { continue };
                    let label = compiled.labels.element(schema, key);
                    assert!(
                        label.as_deref().is_some_and(|l| !l.is_ascii()),
                        "{} {}: <{}> has no Japanese xs:documentation",
                        set.manifest.id,
                        route.xsd,
                        schema.name_table.resolve(name)
                    );
                }
            }
        }
    }

    #[test]
    fn every_bound_path_of_the_embedded_sets_exists_in_their_xsd() {
        for set in SchemaSetDef::embedded() {
            let checks = set.checks().unwrap();
            let compiled = compile(&set, &set.manifest.routes[0].xsd).unwrap();
            let mut paths: Vec<&str> = checks
                .fields
                .iter()
                .map(|f| f.path.as_str())
                .chain(checks.dates.iter().map(|d| d.path.as_str()))
                .chain(checks.dates.iter().filter_map(|d| d.wareki.as_deref()))
                .collect();
            for rule in &checks.rules {
                let (fields, when): (Vec<&String>, _) = match rule {
                    Rule::RequiredIf { field, when, .. }
                    | Rule::ForbiddenIf { field, when, .. }
                    | Rule::EqualsCode { field, when, .. } => (vec![field], when),
                    Rule::OneOf { fields, when, .. } => (fields.iter().collect(), when),
                    Rule::AgeRange { when, .. } => (vec![], when),
                    Rule::DateOrder { .. } => (vec![], &None),
                    Rule::PartByCode { field, parts, .. } => (
                        std::iter::once(field)
                            .chain(parts.iter().map(|p| &p.part))
                            .collect(),
                        &None,
                    ),
                };
                paths.extend(fields.into_iter().map(String::as_str));
                paths.extend(when.iter().map(|c| c.field.as_str()));
            }
            // Another worker's copy: the labels are kept for the set, by path.
            let other = compile(&set, &set.manifest.routes[0].xsd).unwrap();
            for path in paths.into_iter().chain(["/臨個票/ない要素"]) {
                let label = compiled.labels.at_path(&compiled.schema, path);
                assert!(
                    label.is_some() || path.ends_with("ない要素"),
                    "{}: {path} names no declared field",
                    set.manifest.id
                );
                assert_eq!(
                    compiled.labels.at_path(&other.schema, path),
                    label,
                    "{path}"
                );
                assert_eq!(other.labels.at_path(&other.schema, path), label, "{path}");
            }
        }
    }

    #[test]
    fn embedded_sets_load_with_their_domain_checks() {
        for set in SchemaSetDef::embedded() {
            assert!(set.has_checks(), "{} has no checks.toml", set.manifest.id);
            // Parsed here, not when the set is loaded: a defect must fail this test.
            let parsed = parse_checks(&set.files, &set.codes);
            assert!(parsed.is_ok(), "{}: {:?}", set.manifest.id, parsed.err());
        }
    }

    #[test]
    fn digest_changes_with_any_byte_and_any_name() {
        let mut a = BTreeMap::new();
        a.insert("a.xsd".to_string(), b"<x/>".to_vec());
        let base = set_digest(&a, &CodeTables::default());
        let mut b = a.clone();
        b.insert("a.xsd".to_string(), b"<y/>".to_vec());
        let mut c = BTreeMap::new();
        c.insert("b.xsd".to_string(), b"<x/>".to_vec());
        assert_ne!(base, set_digest(&b, &CodeTables::default()));
        assert_ne!(base, set_digest(&c, &CodeTables::default()));
        assert_eq!(base, set_digest(&a.clone(), &CodeTables::default()));
    }
}
