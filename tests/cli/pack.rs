//! Rule packs (`rinko schemas import`): a pack takes effect without reinstalling; a broken,
//! tampered, unsigned (when keys are trusted) or hostile pack is refused and changes nothing.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};

use crate::common::{root, stderr, stdout, Rinko};

const SAMPLE: &str = "samples/valid/kojinhyo-2025-koushin.xml";

/// A run with the data folder `data`, where packs are stored and keys trusted.
fn rinko(data: &Path, args: &[&str]) -> Output {
    Rinko::new().data(data).args(args).run()
}

/// The embedded 臨個票 2025 set with one more rule: 保険者番号 is always required. The valid
/// sample has none, so the rule shows whether the imported set is the one in use.
fn pack_files() -> BTreeMap<String, Vec<u8>> {
    let dir = root().join("schemas/rinko-kojinhyo-2025");
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
        .replacen("version = \"", "version = \"9999.", 1);
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

/// A pack folder: the files plus their manifest (and a signature when a key is given, without
/// the public key that made it, as packs signed before keys were carried).
pub(crate) fn pack(dir: &Path, key: Option<&SigningKey>) -> PathBuf {
    seal(dir, pack_files(), key, None)
}

/// A pack folder of `files` with their manifest, signed by `key` when given, carrying the public
/// key `carried` (`manifest-sha256.txt.pub`) when given.
fn seal(
    dir: &Path,
    mut files: BTreeMap<String, Vec<u8>>,
    key: Option<&SigningKey>,
    carried: Option<&SigningKey>,
) -> PathBuf {
    let manifest = manifest_of(&files);
    if let Some(key) = key {
        let sig = key.sign(manifest.as_bytes());
        files.insert(
            "manifest-sha256.txt.sig".into(),
            hex::encode(sig.to_bytes()).into_bytes(),
        );
    }
    if let Some(carried) = carried {
        files.insert(
            "manifest-sha256.txt.pub".into(),
            public_hex(carried).into_bytes(),
        );
    }
    files.insert("manifest-sha256.txt".into(), manifest.into_bytes());
    let path = dir.join("pack");
    write_folder(&path, &files);
    path
}

fn public_hex(key: &SigningKey) -> String {
    format!("{}\n", hex::encode(key.verifying_key().to_bytes()))
}

/// A key's fingerprint as Rinko shows it: the first 16 hex digits of the SHA-256 of the public
/// key, upper case, in groups of four.
fn fingerprint(key: &SigningKey) -> String {
    let digest = hex::encode_upper(Sha256::digest(key.verifying_key().to_bytes()));
    digest.as_bytes()[..16]
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("-")
}

/// The pack files with `version` as the set's version.
fn with_version(version: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files = pack_files();
    let manifest: String = String::from_utf8(files["schema-set.toml"].clone())
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("version = ") {
                format!("version = \"{version}\"\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    files.insert("schema-set.toml".into(), manifest.into_bytes());
    files
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

/// The pack's files, sealed, with an XSD that does not compile.
fn pack_with_a_broken_xsd() -> BTreeMap<String, Vec<u8>> {
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
    files
}

#[test]
fn a_pack_whose_set_is_broken_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let files = pack_with_a_broken_xsd();
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

fn import_ok(data: &Path, source: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["schemas", "import", source.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = rinko(data, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out
}

/// Imports the test pack and edits its stored checks.toml, as a user with a text editor would.
fn damaged_store(data: &Path) {
    let work = tempfile::tempdir().unwrap();
    import_ok(data, &pack(work.path(), None), &[]);
    let stored = data.join("schema-sets/rinko-kojinhyo-2025/checks.toml");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(stored)
        .unwrap();
    writeln!(f, "# edited in place").unwrap();
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("no JSON: {} {}", stdout(out), stderr(out)))
}

#[test]
fn a_damaged_store_is_named_and_the_other_sets_go_on() {
    let data = tempfile::tempdir().unwrap();
    damaged_store(data.path());

    let list = rinko(data.path(), &["schemas", "list"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    let text = stdout(&list);
    assert!(text.contains("破損"), "{text}");
    assert!(
        text.contains("checks.toml の SHA-256"),
        "the reason: {text}"
    );
    assert!(
        text.contains("rinko schemas remove rinko-kojinhyo-2025"),
        "{text}"
    );
    assert!(text.contains("rinko-ikensho-2025"), "{text}");
    assert!(
        stderr(&list).contains("rinko-kojinhyo-2025") && stderr(&list).contains("警告"),
        "{}",
        stderr(&list)
    );

    let v = json(&rinko(
        data.path(),
        &["schemas", "list", "--format", "json"],
    ));
    let sets = v["schema_sets"].as_array().unwrap();
    let damaged: Vec<&serde_json::Value> = sets
        .iter()
        .filter(|s| s["id"] == "rinko-kojinhyo-2025")
        .collect();
    assert_eq!(
        damaged.len(),
        1,
        "the embedded set of the id is not active: {v}"
    );
    assert_eq!(damaged[0]["status"], "damaged");
    assert!(damaged[0]["problem"]
        .as_str()
        .unwrap()
        .contains("checks.toml"));
    assert!(damaged[0]["sha256"].is_null());
    assert!(sets
        .iter()
        .filter(|s| s["id"] != "rinko-kojinhyo-2025")
        .all(|s| s["status"] == "ok" && s["sha256"].is_string()));

    // A file of the damaged set's form is not checked against the embedded set of the same id;
    // a file of another set is checked as usual.
    let out = rinko(
        data.path(),
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2025-08-01",
            SAMPLE,
            "samples/valid/ikensho-2025.xml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("rinko schemas remove rinko-kojinhyo-2025"),
        "{}",
        stderr(&out)
    );
    let v = json(&out);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files[0]["status"], "fail");
    let findings = files[0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "READ-013");
    assert!(findings[0]["message"]
        .as_str()
        .unwrap()
        .contains("rinko-kojinhyo-2025"));
    assert!(findings[0]["hint"]
        .as_str()
        .unwrap()
        .contains("rinko schemas remove rinko-kojinhyo-2025"));
    assert_eq!(files[1]["status"], "pass", "{}", files[1]);
    assert_eq!(files[1]["schema_set"], "rinko-ikensho-2025");
    assert!(v["schema_sets"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["id"] != "rinko-kojinhyo-2025"));
}

#[test]
fn a_damaged_store_whose_manifest_no_longer_reads_still_claims_its_files() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    import_ok(data.path(), &pack(work.path(), None), &[]);
    std::fs::write(
        data.path()
            .join("schema-sets/rinko-kojinhyo-2025/schema-set.toml"),
        "not toml [",
    )
    .unwrap();
    // The embedded set's routes stand in for the unreadable ones: the file is named, not passed.
    let out = rinko(
        data.path(),
        &["check", "--format", "json", "--today", "2025-08-01", SAMPLE],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["files"][0]["findings"][0]["code"], "READ-013", "{v}");
    let list = stdout(&rinko(data.path(), &["schemas", "list"]));
    assert!(
        list.contains("rinko-kojinhyo-2025") && list.contains("破損"),
        "{list}"
    );
}

#[test]
fn schemas_remove_brings_back_the_embedded_set() {
    let data = tempfile::tempdir().unwrap();
    damaged_store(data.path());
    let out = rinko(data.path(), &["schemas", "remove", "rinko-kojinhyo-2025"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("組み込み"), "{}", stdout(&out));
    let left: Vec<_> = std::fs::read_dir(data.path().join("schema-sets"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "the store keeps {left:?}");
    assert_eq!(
        codes_of(data.path()),
        Vec::<String>::new(),
        "embedded rules"
    );
    let v = json(&rinko(
        data.path(),
        &["schemas", "list", "--format", "json"],
    ));
    let set = v["schema_sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "rinko-kojinhyo-2025")
        .unwrap()
        .clone();
    assert_eq!(set["source"], "組み込み");
    assert_eq!(set["status"], "ok");

    let again = rinko(data.path(), &["schemas", "remove", "rinko-kojinhyo-2025"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("ありません"), "{}", stderr(&again));

    // An intact import is removed the same way.
    let work = tempfile::tempdir().unwrap();
    import_ok(data.path(), &pack(work.path(), None), &[]);
    assert_eq!(codes_of(data.path()), ["RULE-001"]);
    let out = rinko(data.path(), &["schemas", "remove", "rinko-kojinhyo-2025"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(codes_of(data.path()), Vec::<String>::new());

    let log = json_lines(&rinko(data.path(), &["log", "show", "--format", "json"]));
    assert_eq!(
        log.iter()
            .filter(|e| e["operation"] == "schemas-remove")
            .count(),
        2
    );
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn schemas_remove_refuses_ids_that_are_not_folder_names() {
    let data = tempfile::tempdir().unwrap();
    damaged_store(data.path());
    let before = snapshot(data.path());
    for id in ["..", ".", "../schema-sets", "/tmp"] {
        let out = rinko(data.path(), &["schemas", "remove", id]);
        assert_eq!(out.status.code(), Some(2), "{id}: {}", stdout(&out));
        assert!(stderr(&out).contains("id"), "{}", stderr(&out));
    }
    assert_eq!(snapshot(data.path()), before);
}

#[test]
fn import_of_a_missing_pack_says_it_does_not_exist() {
    let data = tempfile::tempdir().unwrap();
    let out = rinko(data.path(), &["schemas", "import", "/no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("/no/such/folder"), "{err}");
    assert!(err.contains("ありません"), "{err}");
    assert!(!err.contains("manifest"), "{err}");
}

#[test]
fn a_signature_that_is_present_must_verify_even_with_no_trusted_key() {
    let data = tempfile::tempdir().unwrap();
    let zero =
        |p: &Path| std::fs::write(p.join("manifest-sha256.txt.sig"), "00".repeat(64)).unwrap();

    // All zeros, no key anywhere.
    let work = tempfile::tempdir().unwrap();
    let p = pack(work.path(), Some(&key(7)));
    zero(&p);
    refused(data.path(), &p, "署名");

    // All zeros, with the key the pack names.
    let work = tempfile::tempdir().unwrap();
    let p = seal(work.path(), pack_files(), Some(&key(7)), Some(&key(7)));
    zero(&p);
    refused(data.path(), &p, "署名を検証できません");

    // A good signature by one key, while the pack names another.
    let work = tempfile::tempdir().unwrap();
    let p = seal(work.path(), pack_files(), Some(&key(7)), Some(&key(8)));
    refused(data.path(), &p, "署名を検証できません");

    // A key with its signature removed.
    let work = tempfile::tempdir().unwrap();
    let p = seal(work.path(), pack_files(), Some(&key(7)), Some(&key(7)));
    std::fs::remove_file(p.join("manifest-sha256.txt.sig")).unwrap();
    refused(data.path(), &p, "取り除かれています");
}

#[test]
fn a_valid_signature_by_an_untrusted_key_is_accepted_and_shows_its_fingerprint() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let p = seal(work.path(), pack_files(), Some(&key(7)), Some(&key(7)));
    let out = import_ok(data.path(), &p, &[]);
    assert!(
        stdout(&out).contains(&fingerprint(&key(7))),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("rinko schemas trust"),
        "{}",
        stdout(&out)
    );
    assert_eq!(codes_of(data.path()), ["RULE-001"]);
}

#[test]
fn schemas_trust_registers_a_pack_key_once_and_logs_it() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("publisher.pub");
    std::fs::write(&file, public_hex(&key(8))).unwrap();

    let out = rinko(data.path(), &["schemas", "trust", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&fingerprint(&key(8))),
        "{}",
        stdout(&out)
    );
    let stored: Vec<PathBuf> = std::fs::read_dir(data.path().join("trusted-keys"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        std::fs::read_to_string(&stored[0]).unwrap(),
        public_hex(&key(8))
    );
    assert!(
        !data.path().join("bundle-keys").exists(),
        "a pack key is not a bundle key"
    );

    let again = rinko(data.path(), &["schemas", "trust", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("既に登録されています"),
        "{}",
        stdout(&again)
    );
    let log = json_lines(&rinko(data.path(), &["log", "show", "--format", "json"]));
    let trusts: Vec<_> = log
        .iter()
        .filter(|e| e["operation"] == "schemas-trust")
        .collect();
    assert_eq!(trusts.len(), 1, "{log:?}");
    assert_eq!(
        trusts[0]["inputs"][0],
        hex::encode(Sha256::digest(key(8).verifying_key().to_bytes()))
    );

    // From now on: unsigned packs, and packs signed by another key, are refused.
    let w = tempfile::tempdir().unwrap();
    refused(data.path(), &pack(w.path(), None), "署名");
    let w = tempfile::tempdir().unwrap();
    let other = seal(w.path(), pack_files(), Some(&key(7)), Some(&key(7)));
    refused(data.path(), &other, "信頼する公開鍵ではありません");
    let w = tempfile::tempdir().unwrap();
    let good = seal(w.path(), pack_files(), Some(&key(8)), Some(&key(8)));
    let out = import_ok(data.path(), &good, &[]);
    assert!(stdout(&out).contains("署名検証済み"), "{}", stdout(&out));
}

fn active_version(data: &Path) -> String {
    let v = json(&rinko(data, &["schemas", "list", "--format", "json"]));
    v["schema_sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "rinko-kojinhyo-2025")
        .unwrap()["version"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn an_older_pack_needs_allow_downgrade() {
    let data = tempfile::tempdir().unwrap();
    let import = |version: &str, extra: &[&str]| {
        let work = tempfile::tempdir().unwrap();
        let p = seal(work.path(), with_version(version), None, None);
        let mut args = vec!["schemas", "import", p.to_str().unwrap()];
        args.extend_from_slice(extra);
        rinko(data.path(), &args)
    };
    assert_eq!(import("2025.9", &[]).status.code(), Some(0));
    // 2025.10 is later than 2025.9, though not as a string.
    let out = import("2025.10", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(active_version(data.path()), "2025.10");

    let before = snapshot(data.path());
    let out = import("2024.9", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("--allow-downgrade"), "{err}");
    assert!(err.contains("2024.9") && err.contains("2025.10"), "{err}");
    assert_eq!(
        snapshot(data.path()),
        before,
        "a refused downgrade changed nothing"
    );

    let out = import("2024.9", &["--allow-downgrade"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("古い版"), "{}", stderr(&out));
    assert_eq!(active_version(data.path()), "2024.9");
    let log = json_lines(&rinko(data.path(), &["log", "show", "--format", "json"]));
    assert_eq!(log.last().unwrap()["reasons"][0], "PACK-DOWNGRADE");
}

#[test]
fn a_pack_older_than_the_embedded_set_needs_allow_downgrade() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let embedded = active_version(data.path());
    let p = seal(work.path(), with_version("2024.1"), None, None);
    refused(data.path(), &p, "組み込みのセット");
    assert!(
        embedded.as_str() > "2024.1",
        "the embedded set is {embedded}"
    );
    import_ok(data.path(), &p, &["--allow-downgrade"]);
    assert_eq!(active_version(data.path()), "2024.1");
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

/// A stored set that is intact but no longer compiles (as after an update of Rinko whose engine
/// is stricter) is damaged too: it is named, and the other sets go on.
#[test]
fn a_stored_set_that_no_longer_compiles_does_not_stop_the_other_sets() {
    let data = tempfile::tempdir().unwrap();
    let files = pack_with_a_broken_xsd();
    // Written straight into the store: an import would have refused it.
    write_folder(&data.path().join("schema-sets/rinko-kojinhyo-2025"), &files);

    let list = rinko(data.path(), &["schemas", "list", "--format", "json"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    let v = json(&list);
    let stored = v["schema_sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "rinko-kojinhyo-2025")
        .cloned()
        .unwrap();
    assert_eq!(stored["status"], "damaged", "{v}");
    assert!(
        stderr(&list).contains("rinko schemas remove rinko-kojinhyo-2025"),
        "{}",
        stderr(&list)
    );

    let out = rinko(
        data.path(),
        &[
            "check",
            "--today",
            "2025-08-01",
            SAMPLE,
            "samples/valid/ikensho-2025.xml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("READ-013"), "{text}");
    assert!(text.contains("ikensho-2025.xml: 適合"), "{text}");
}

#[test]
fn keys_list_shows_the_pack_and_bundle_keys_apart_and_names_an_unusable_file() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let empty = rinko(data.path(), &["keys", "list"]);
    assert_eq!(empty.status.code(), Some(0), "{}", stderr(&empty));
    assert_eq!(
        stdout(&empty).matches("なし（").count(),
        2,
        "{}",
        stdout(&empty)
    );

    for (seed, command) in [(8, "schemas"), (9, "keys")] {
        let file = work.path().join(format!("{seed}.pub"));
        std::fs::write(&file, public_hex(&key(seed))).unwrap();
        let out = rinko(data.path(), &[command, "trust", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let listed = rinko(data.path(), &["keys", "list", "--format", "json"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let json: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    let prints = |which: &str| -> Vec<String> {
        json[which]["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(prints("pack_keys"), [fingerprint(&key(8))]);
    assert_eq!(prints("bundle_keys"), [fingerprint(&key(9))]);
    assert_eq!(
        json["pack_keys"]["folder"],
        data.path().join("trusted-keys").display().to_string()
    );
    let text = stdout(&rinko(data.path(), &["keys", "list"]));
    let pack_at = text.find(&fingerprint(&key(8))).unwrap();
    let bundle_at = text.find(&fingerprint(&key(9))).unwrap();
    assert!(
        text.find("ルールパックの発行元").unwrap() < pack_at && bundle_at < pack_at,
        "{text}"
    );

    // A file that holds no key is listed with why: it stops every import until it is removed.
    std::fs::write(data.path().join("trusted-keys/broken.pub"), "not a key\n").unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(&rinko(
        data.path(),
        &["keys", "list", "--format", "json"],
    )))
    .unwrap();
    let keys = json["pack_keys"]["keys"].as_array().unwrap();
    let broken = keys
        .iter()
        .find(|k| k["path"].as_str().unwrap().ends_with("broken.pub"))
        .unwrap_or_else(|| panic!("{json}"));
    assert!(
        keys.len() == 2
            && broken["fingerprint"].is_null()
            && broken["problem"].as_str().unwrap().contains("16 進数"),
        "{json}"
    );
}
