//! Rule packs (`rinko schemas import`): a pack takes effect without reinstalling; a broken,
//! tampered, unsigned (when keys are trusted) or hostile pack is refused and changes nothing.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const SAMPLE: &str = "samples/valid/kojinhyo-2025-koushin.xml";

fn rinko(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rinko"))
        .args(args)
        .current_dir(ROOT)
        .env("RINKO_DATA_DIR", data)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("rinko runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The embedded 臨個票 2025 set with one more rule: 保険者番号 is always required. The valid
/// sample has none, so the rule shows whether the imported set is the one in use.
fn pack_files() -> BTreeMap<String, Vec<u8>> {
    let dir = Path::new(ROOT).join("schemas/rinko-kojinhyo-2025");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
    let manifest = String::from_utf8(files["schema-set.toml"].clone())
        .unwrap()
        .replacen("version = \"", "version = \"9.", 1);
    files.insert("schema-set.toml".into(), manifest.into_bytes());
    let mut checks = String::from_utf8(files["checks.toml"].clone()).unwrap();
    checks.push_str(
        "\n[[rule]]\nkind = \"required-if\"\nfield = \"/臨個票/保険者番号\"\nhint = \"取り込んだルールパックの規則です。\"\n",
    );
    files.insert("checks.toml".into(), checks.into_bytes());
    files
}

fn manifest_of(files: &BTreeMap<String, Vec<u8>>) -> String {
    files
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", hex::encode(Sha256::digest(bytes))))
        .collect()
}

fn write_folder(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// A pack folder: the files plus their manifest (and a signature when a key is given).
fn pack(dir: &Path, key: Option<&SigningKey>) -> PathBuf {
    let mut files = pack_files();
    let manifest = manifest_of(&files);
    if let Some(key) = key {
        let sig = key.sign(manifest.as_bytes());
        files.insert(
            "manifest-sha256.txt.sig".into(),
            hex::encode(sig.to_bytes()).into_bytes(),
        );
    }
    files.insert("manifest-sha256.txt".into(), manifest.into_bytes());
    let path = dir.join("pack");
    write_folder(&path, &files);
    path
}

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn trust(data: &Path, key: &SigningKey) {
    let dir = data.join("trusted-keys");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("institution.pub"),
        hex::encode(key.verifying_key().to_bytes()),
    )
    .unwrap();
}

/// What the data directory holds, to prove a refused import changed nothing.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.push((
                entry.path().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    out
}

fn codes_of(data: &Path) -> Vec<String> {
    let out = rinko(
        data,
        &["check", "--format", "json", "--today", "2025-08-01", SAMPLE],
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("no JSON: {}", stderr(&out)));
    v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_imported_pack_takes_effect_and_is_listed() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    assert_eq!(codes_of(data.path()), Vec::<String>::new());
    let out = rinko(
        data.path(),
        &[
            "schemas",
            "import",
            pack(work.path(), None).to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("rinko-kojinhyo-2025"),
        "{}",
        stdout(&out)
    );
    assert_eq!(codes_of(data.path()), ["RULE-001"]);
    let list = stdout(&rinko(data.path(), &["schemas", "list"]));
    assert!(list.contains("取り込み済み"), "{list}");
    assert!(
        list.contains("rinko-ikensho-2025"),
        "embedded sets stay: {list}"
    );
}

#[test]
fn a_signed_pack_imports_when_its_key_is_trusted() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    trust(data.path(), &key(7));
    let out = rinko(
        data.path(),
        &[
            "schemas",
            "import",
            pack(work.path(), Some(&key(7))).to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("署名検証済み"), "{}", stdout(&out));
    assert_eq!(codes_of(data.path()), ["RULE-001"]);
}

/// Imports `source` expecting a refusal whose message contains `reason`, and no change.
fn refused(data: &Path, source: &Path, reason: &str) {
    let before = snapshot(data);
    let out = rinko(data, &["schemas", "import", source.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "accepted: {}", stdout(&out));
    assert!(
        stderr(&out).contains(reason),
        "wanted {reason:?} in: {}",
        stderr(&out)
    );
    assert_eq!(
        snapshot(data),
        before,
        "a refused import changed the data directory"
    );
    assert_eq!(
        codes_of(data),
        Vec::<String>::new(),
        "a refused pack is in use"
    );
}

#[test]
fn tampered_packs_are_refused_and_change_nothing() {
    let data = tempfile::tempdir().unwrap();
    type Tamper = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Tamper, &str)> = vec![
        (
            "edited file",
            Box::new(|p: &Path| {
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .open(p.join("checks.toml"))
                    .unwrap();
                writeln!(f, "# edited").unwrap();
            }),
            "一致しません",
        ),
        (
            "added file",
            Box::new(|p: &Path| std::fs::write(p.join("extra.xsd"), "<x/>").unwrap()),
            "extra.xsd",
        ),
        (
            "removed file",
            Box::new(|p: &Path| std::fs::remove_file(p.join("common.xsd")).unwrap()),
            "common.xsd",
        ),
        (
            "no manifest",
            Box::new(|p: &Path| std::fs::remove_file(p.join("manifest-sha256.txt")).unwrap()),
            "manifest-sha256.txt",
        ),
    ];
    for (what, tamper, reason) in cases {
        let work = tempfile::tempdir().unwrap();
        let p = pack(work.path(), None);
        tamper(&p);
        eprintln!("case: {what}");
        refused(data.path(), &p, reason);
    }
}

#[test]
fn signatures_are_enforced_once_a_key_is_trusted() {
    let data = tempfile::tempdir().unwrap();
    trust(data.path(), &key(7));
    let work = tempfile::tempdir().unwrap();
    refused(data.path(), &pack(work.path(), None), "署名");
    let work = tempfile::tempdir().unwrap();
    refused(
        data.path(),
        &pack(work.path(), Some(&key(8))),
        "署名を検証できません",
    );
    // A valid signature over a manifest that was then re-hashed after an edit.
    let work = tempfile::tempdir().unwrap();
    let p = pack(work.path(), Some(&key(7)));
    let mut files = pack_files();
    files.insert("checks.toml".into(), b"# replaced\n".to_vec());
    std::fs::write(p.join("checks.toml"), b"# replaced\n").unwrap();
    std::fs::write(p.join("manifest-sha256.txt"), manifest_of(&files)).unwrap();
    refused(data.path(), &p, "署名を検証できません");
}

#[test]
fn a_pack_whose_set_is_broken_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let mut files = pack_files();
    files.insert(
        "kojinhyo.xsd".into(),
        b"<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element name='a'></xs:schema>"
            .to_vec(),
    );
    files.insert(
        "manifest-sha256.txt".into(),
        manifest_of(&files).into_bytes(),
    );
    let p = work.path().join("pack");
    write_folder(&p, &files);
    let before = snapshot(data.path());
    let out = rinko(data.path(), &["schemas", "import", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("kojinhyo.xsd"), "{}", stderr(&out));
    assert_eq!(snapshot(data.path()), before);
}

fn zip_of(path: &Path, entries: &[(&str, Vec<u8>)], symlink: Option<(&str, &str)>) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    if let Some((name, target)) = symlink {
        zip.add_symlink(name, target, options).unwrap();
    }
    zip.finish().unwrap();
}

fn packed_entries() -> Vec<(String, Vec<u8>)> {
    let mut files = pack_files();
    files.insert(
        "manifest-sha256.txt".into(),
        manifest_of(&files).into_bytes(),
    );
    files
        .into_iter()
        .map(|(n, b)| (format!("rinko-kojinhyo-2025-pack/{n}"), b))
        .collect()
}

#[test]
fn a_zip_pack_imports() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("pack.zip");
    let entries = packed_entries();
    let borrowed: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    zip_of(&zip, &borrowed, None);
    let out = rinko(data.path(), &["schemas", "import", zip.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(codes_of(data.path()), ["RULE-001"]);
}

#[test]
fn hostile_zips_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let entries = packed_entries();
    let base: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();

    let traversal = work.path().join("traversal.zip");
    let mut e = base.clone();
    e.push(("../evil.xsd", b"<x/>".to_vec()));
    zip_of(&traversal, &e, None);
    refused(data.path(), &traversal, "安全でないパス");

    let absolute = work.path().join("absolute.zip");
    let mut e = base.clone();
    e.push(("/tmp/evil.xsd", b"<x/>".to_vec()));
    zip_of(&absolute, &e, None);
    refused(data.path(), &absolute, "安全でないパス");

    let link = work.path().join("symlink.zip");
    zip_of(
        &link,
        &base,
        Some(("rinko-kojinhyo-2025-pack/link.xsd", "/etc/passwd")),
    );
    refused(data.path(), &link, "シンボリックリンク");

    let bomb = work.path().join("bomb.zip");
    let mut e = base.clone();
    e.push((
        "rinko-kojinhyo-2025-pack/bomb.xsd",
        vec![b' '; 20 * 1024 * 1024],
    ));
    zip_of(&bomb, &e, None);
    refused(data.path(), &bomb, "zip 爆弾");

    let truncated = work.path().join("truncated.zip");
    zip_of(&truncated, &base, None);
    let bytes = std::fs::read(&truncated).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    refused(data.path(), &truncated, "zip");

    let garbage = work.path().join("garbage.zip");
    std::fs::write(&garbage, b"PK\x03\x04 not really a zip").unwrap();
    refused(data.path(), &garbage, "zip");
}

#[test]
fn a_stored_pack_edited_after_import_is_refused_on_use() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = rinko(
        data.path(),
        &[
            "schemas",
            "import",
            pack(work.path(), None).to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stored = data
        .path()
        .join("schema-sets/rinko-kojinhyo-2025/checks.toml");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(stored)
        .unwrap();
    writeln!(f, "# edited in place").unwrap();
    let out = rinko(data.path(), &["check", "--today", "2025-08-01", SAMPLE]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("改変"), "{}", stderr(&out));
}

#[test]
fn a_pack_whose_id_would_leave_the_store_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let mut files = pack_files();
    let manifest = String::from_utf8(files["schema-set.toml"].clone())
        .unwrap()
        .replacen("id = \"rinko-kojinhyo-2025\"", "id = \"..\"", 1);
    files.insert("schema-set.toml".into(), manifest.into_bytes());
    files.insert(
        "manifest-sha256.txt".into(),
        manifest_of(&files).into_bytes(),
    );
    let p = work.path().join("pack");
    write_folder(&p, &files);
    refused(data.path(), &p, "id");
}
