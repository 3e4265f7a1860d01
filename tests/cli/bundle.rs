//! `rinko bundle` and `rinko verify` against real tools and hostile bundles: bagit-python
//! validates an extracted bundle, 7-Zip opens an encrypted one, pdftotext reads the slip, and
//! every tampering SPEC §6 names is built here and must be rejected with its reason.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

use crate::common::{python, root, stderr, stdout, text, Rinko};

/// 2026-04-01T00:00:00Z: every output's clock.
const CLOCK: &str = "1775001600";
const INSTITUTION: &str = "0110113719";
const PASSPHRASE: &str = "correct horse battery staple";

/// A run with this file's clock and the data folder `data` (keys, log and trust of one side).
fn rinko_at(data: &Path) -> Rinko {
    Rinko::new().data(data).clock(CLOCK)
}

fn rinko(data: &Path, args: &[&str]) -> Output {
    rinko_at(data).args(args).run()
}

/// 7-Zip (p7zip-full) extracts an encrypted bundle with the passphrase as typed, into `out`.
/// The sender exports its public key to `public`; the receiver trusts it. The trust's output.
fn export_and_trust(sender: &Path, receiver: &Path, public: &Path) -> Output {
    let o = rinko(
        sender,
        &["keys", "export-public", "--out", public.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = rinko(receiver, &["keys", "trust", public.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    o
}

fn seven_zip_extract(sealed: &Path, out: &Path) {
    let o = Command::new("7z")
        .args([
            "x",
            &format!("-p{PASSPHRASE}"),
            &format!("-o{}", out.display()),
            sealed.to_str().unwrap(),
        ])
        .output()
        .expect("7z (p7zip-full) runs: run installer/setup-debian.sh");
    assert!(o.status.success(), "7-Zip: {}", text(&o));
}

fn bundle(data: &Path, out: &Path, extra: &[&str], paths: &[&str]) -> Output {
    let mut args = vec![
        "bundle",
        "--institution",
        INSTITUTION,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(paths);
    rinko(data, &args)
}

/// A bundle of the passing samples, in `dir`.
fn good_bundle(data: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("bundle.zip");
    let o = bundle(data, &out, &["--medium", "USB-03"], &["samples/valid"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    out
}

fn verify(data: &Path, bundle: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["verify", bundle.to_str().unwrap()];
    args.extend_from_slice(extra);
    rinko(data, &args)
}

/// The bundle is rejected with `code`, and the reason mentions `reason`.
#[track_caller]
fn rejected(data: &Path, bundle: &Path, code: &str, reason: &str) {
    let o = verify(data, bundle, &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("不合格"), "{t}");
    let line = t
        .lines()
        .find(|l| l.contains(code))
        .unwrap_or_else(|| panic!("no {code} in:\n{t}"));
    assert!(line.contains(reason), "{code} without 「{reason}」:\n{t}");
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A bag as entries relative to its folder, to tamper with and write back.
#[derive(Clone)]
struct Bag {
    name: String,
    files: BTreeMap<String, Vec<u8>>,
}

impl Bag {
    fn read(zip: &Path) -> Bag {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
        let mut name = String::new();
        let mut files = BTreeMap::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let path = entry.name().unwrap().into_owned();
            let (top, rest) = path.split_once('/').unwrap();
            name = top.to_string();
            let rest = rest.to_string();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            files.insert(rest, bytes);
        }
        Bag { name, files }
    }

    fn manifest(&self, names: impl Iterator<Item = String>) -> Vec<u8> {
        names
            .map(|n| format!("{}  {n}\n", sha256(&self.files[&n])))
            .collect::<String>()
            .into_bytes()
    }

    /// Rewrites the payload manifest from the files (what a careful forger does first).
    fn rehash_manifest(&mut self) {
        let names: Vec<String> = self
            .files
            .keys()
            .filter(|k| k.starts_with("data/"))
            .cloned()
            .collect();
        let m = self.manifest(names.into_iter());
        self.files.insert("manifest-sha256.txt".into(), m);
    }

    /// Rewrites the tag manifest too (and so the fingerprint).
    fn rehash_tags(&mut self) {
        let names: Vec<String> = [
            "bag-info.txt",
            "bagit.txt",
            "manifest-sha256.txt",
            "rinko-report.json",
        ]
        .map(String::from)
        .to_vec();
        let m = self.manifest(names.into_iter());
        self.files.insert("tagmanifest-sha256.txt".into(), m);
    }

    fn oxum(&mut self) {
        let (bytes, count) = self
            .files
            .iter()
            .filter(|(k, _)| k.starts_with("data/"))
            .fold((0, 0), |(b, c), (_, v)| (b + v.len(), c + 1));
        let info = String::from_utf8(self.files["bag-info.txt"].clone()).unwrap();
        let info: String = info
            .lines()
            .map(|l| {
                if l.starts_with("Payload-Oxum:") {
                    format!("Payload-Oxum: {bytes}.{count}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        self.files.insert("bag-info.txt".into(), info.into_bytes());
    }

    fn entries(&self) -> Vec<(String, Vec<u8>)> {
        self.files
            .iter()
            .map(|(k, v)| (format!("{}/{k}", self.name), v.clone()))
            .collect()
    }

    fn write(&self, path: &Path) {
        write_zip(path, &self.entries(), None);
    }

    fn data_names(&self) -> Vec<String> {
        self.files
            .keys()
            .filter(|k| k.starts_with("data/"))
            .cloned()
            .collect()
    }
}

fn write_zip(path: &Path, entries: &[(String, Vec<u8>)], symlink: Option<(&str, &str)>) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    if let Some((name, target)) = symlink {
        zip.add_symlink(name, target, options).unwrap();
    }
    zip.finish().unwrap();
}

/// Extracts `zip` into `dir` and has bagit-python validate the bag `name` in it.
#[track_caller]
fn bagit_validates(zip: &Path, dir: &Path, name: &str) {
    let o = python(
        "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        &[zip.to_str().unwrap(), dir.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = python(
        "import sys, bagit; bag = bagit.Bag(sys.argv[1]); bag.validate(); assert len(list(bag.payload_files())) == 8",
        &[dir.join(name).to_str().unwrap()],
    );
    assert!(
        o.status.success(),
        "bagit-python refused the bundle (run installer/setup-debian.sh for bagit): {}",
        text(&o)
    );
}

#[test]
fn a_bundle_of_the_passing_samples_verifies_and_bagit_python_accepts_it() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let zip = good_bundle(data.path(), work.path());
    let o = verify(data.path(), &zip, &[]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(t.contains("合格") && t.contains("8 件"), "{t}");

    let bag = Bag::read(&zip);
    assert_eq!(bag.name, "bundle");
    assert_eq!(bag.data_names().len(), 8);
    let info = String::from_utf8(bag.files["bag-info.txt"].clone()).unwrap();
    for field in [
        "Source-Organization: 0110113719",
        "Bagging-Date: 2026-04-01",
        "Payload-Oxum: ",
        "Bag-Software-Agent: rinko ",
        "Rinko-Schema-Set: rinko-kojinhyo-2025 ",
        "Contact-Name: ",
    ] {
        assert!(info.contains(field), "{field} missing:\n{info}");
    }
    let report: serde_json::Value =
        serde_json::from_slice(&bag.files["rinko-report.json"]).unwrap();
    assert_eq!(report["summary"]["failed"], 0);
    assert!(report["files"][0]["path"]
        .as_str()
        .unwrap()
        .starts_with("data/"));

    let o = verify(data.path(), &zip, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["verdict"], "pass");
    assert_eq!(json["institution"], INSTITUTION);
    assert_eq!(json["files"].as_array().unwrap().len(), 8);
    assert_eq!(json["files"][0]["status"], "pass");
    assert_eq!(json["reasons"].as_array().unwrap().len(), 0);
    assert_eq!(
        json["fingerprint"].as_str().unwrap(),
        sha256(&Bag::read(&zip).files["tagmanifest-sha256.txt"])
    );

    // The fingerprint rinko shows is the SHA-256 of the tag manifest.
    let fingerprint = sha256(&bag.files["tagmanifest-sha256.txt"]).to_uppercase();
    assert!(
        t.contains(&fingerprint[..4]) && t.contains(&fingerprint[60..]),
        "{t}"
    );

    let extracted = work.path().join("extracted");
    bagit_validates(&zip, &extracted, "bundle");
    // bagit-python must be able to fail: an edited payload file is invalid to it too.
    let edited = extracted.join("bundle/data/ikensho-2025.xml");
    assert!(edited.exists());
    let mut bytes = std::fs::read(&edited).unwrap();
    bytes.push(b'\n');
    std::fs::write(&edited, bytes).unwrap();
    let o = python(
        "import sys, bagit; bagit.Bag(sys.argv[1]).validate()",
        &[extracted.join("bundle").to_str().unwrap()],
    );
    assert!(!o.status.success(), "bagit-python accepted an edited bag");
}

#[test]
fn the_same_inputs_and_clock_give_the_same_bytes() {
    let data = tempfile::tempdir().unwrap();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = std::fs::read(good_bundle(data.path(), a.path())).unwrap();
    let second = std::fs::read(good_bundle(data.path(), b.path())).unwrap();
    assert!(first == second, "two runs differ");
    let other = tempfile::tempdir().unwrap();
    let out = other.path().join("bundle.zip");
    let o = rinko_at(data.path())
        .clock("1775088000")
        .args([
            "bundle",
            "--institution",
            INSTITUTION,
            "--medium",
            "USB-03",
            "--out",
            out.to_str().unwrap(),
            "samples/valid",
        ])
        .run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        std::fs::read(&out).unwrap() != first,
        "the clock is an input"
    );
}

#[test]
fn files_with_errors_are_refused_and_nothing_is_written() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("b.zip");
    let o = bundle(
        data.path(),
        &out,
        &[],
        &[
            "samples/valid",
            "samples/invalid/kojinhyo-2025-shimei-nashi.xml",
        ],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("kojinhyo-2025-shimei-nashi.xml") && t.contains("エラー 1 件"),
        "{t}"
    );
    assert_eq!(
        std::fs::read_dir(work.path()).unwrap().count(),
        0,
        "nothing written"
    );
    let refusal = last_log_entry(data.path());
    assert_eq!(refusal["operation"], "bundle");
    assert_eq!(refusal["outcome"], "refused");
    assert_eq!(refusal["counts"]["files"], 9, "every file given is counted");
    assert_eq!(refusal["counts"]["failed"], 1);

    // An existing output is never replaced, nor is its slip.
    let zip = good_bundle(data.path(), work.path());
    let before = std::fs::read(&zip).unwrap();
    let o = bundle(data.path(), &zip, &[], &["samples/valid/ikensho-2025.xml"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("上書きしません"), "{}", text(&o));
    assert_eq!(std::fs::read(&zip).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "bundle and slip only, no temporary file: {names:?}"
    );

    // A wrong institution code is refused before anything is read.
    let o = rinko(
        data.path(),
        &[
            "bundle",
            "--institution",
            "0110113718",
            "--out",
            work.path().join("c.zip").to_str().unwrap(),
            "samples/valid",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("検証番号"), "{}", text(&o));
}

#[test]
fn the_slip_shows_the_fingerprint_and_no_file_names() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let zip = good_bundle(data.path(), work.path());
    let slip = work.path().join("bundle-媒体持出記録票.pdf");
    let out = Command::new("pdftotext")
        .args(["-raw", slip.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let t = String::from_utf8(out.stdout).unwrap();
    let fingerprint = sha256(&Bag::read(&zip).files["tagmanifest-sha256.txt"]).to_uppercase();
    let groups: Vec<&str> = (0..16).map(|i| &fingerprint[i * 4..i * 4 + 4]).collect();
    assert!(t.contains(&groups[..8].join("-")), "{t}");
    assert!(t.contains(&groups[8..].join("-")), "{t}");
    for needle in [
        "媒体持出記録票",
        "持出者",
        "確認者",
        "0110113719",
        "USB-03",
        "8 件",
    ] {
        assert!(t.contains(needle), "{needle} missing:\n{t}");
    }
    for name in ["teishinchou", "shinki", "koushin", ".xml"] {
        assert!(!t.contains(name), "file names on the slip:\n{t}");
    }
    let first_file =
        sha256(&std::fs::read(root().join("samples/valid/ikensho-2025-teishinchou.xml")).unwrap())
            .to_uppercase();
    assert!(
        t.contains(&first_file[..4]),
        "per-file short hash missing:\n{t}"
    );
}

#[test]
fn every_tampering_is_rejected_with_its_reason() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let good = Bag::read(&good_bundle(data.path(), work.path()));
    let at = |name: &str| work.path().join(name);
    let first = good.data_names()[0].clone();
    let second = good.data_names()[1].clone();

    let mut bag = good.clone();
    bag.files
        .get_mut(&first)
        .unwrap()
        .extend_from_slice(b"<!-- -->");
    bag.write(&at("payload.zip"));
    rejected(
        data.path(),
        &at("payload.zip"),
        "BUNDLE-HASH",
        first.trim_start_matches("data/"),
    );
    let o = verify(data.path(), &at("payload.zip"), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["verdict"], "fail");
    assert_eq!(json["reasons"][0]["code"], "BUNDLE-HASH");

    bag.rehash_manifest();
    bag.write(&at("rehashed.zip"));
    rejected(
        data.path(),
        &at("rehashed.zip"),
        "BUNDLE-TAG-HASH",
        "manifest-sha256.txt",
    );

    let mut bag = good.clone();
    bag.files.remove(&first);
    bag.write(&at("missing.zip"));
    rejected(
        data.path(),
        &at("missing.zip"),
        "BUNDLE-MISSING",
        first.trim_start_matches("data/"),
    );

    let mut bag = good.clone();
    bag.files
        .insert("data/extra.xml".into(), good.files[&first].clone());
    bag.write(&at("extra.zip"));
    rejected(data.path(), &at("extra.zip"), "BUNDLE-EXTRA", "extra.xml");

    let mut bag = good.clone();
    let moved = bag.files.remove(&first).unwrap();
    bag.files.insert("data/renamed.xml".into(), moved);
    bag.write(&at("renamed.zip"));
    rejected(
        data.path(),
        &at("renamed.zip"),
        "BUNDLE-RENAMED",
        "renamed.xml",
    );

    let mut bag = good.clone();
    let (a, b) = (good.files[&first].clone(), good.files[&second].clone());
    bag.files.insert(first.clone(), b);
    bag.files.insert(second.clone(), a);
    bag.write(&at("swapped.zip"));
    rejected(data.path(), &at("swapped.zip"), "BUNDLE-HASH", "入れ替わ");

    let mut bag = good.clone();
    let info = String::from_utf8(good.files["bag-info.txt"].clone()).unwrap();
    bag.files.insert(
        "bag-info.txt".into(),
        info.replace(
            "Source-Organization: 0110113719",
            "Source-Organization: 1310000010",
        )
        .into_bytes(),
    );
    bag.write(&at("info.zip"));
    rejected(
        data.path(),
        &at("info.zip"),
        "BUNDLE-TAG-HASH",
        "bag-info.txt",
    );

    // A forger who rehashes everything changes the fingerprint, and the slip says otherwise;
    // what verify can still catch alone is a payload that is not an XML form.
    let mut bag = good.clone();
    bag.files.insert(
        first.clone(),
        b"MZ\x90\x00 this program cannot be run in DOS mode".to_vec(),
    );
    bag.rehash_manifest();
    bag.oxum();
    bag.rehash_tags();
    bag.write(&at("exe.zip"));
    rejected(
        data.path(),
        &at("exe.zip"),
        "BUNDLE-PAYLOAD",
        "実行ファイル",
    );

    let mut bag = good.clone();
    bag.files
        .insert(first.clone(), b"just text, not XML".to_vec());
    bag.rehash_manifest();
    bag.oxum();
    bag.rehash_tags();
    bag.write(&at("text.zip"));
    rejected(
        data.path(),
        &at("text.zip"),
        "BUNDLE-PAYLOAD",
        "XML ではありません",
    );

    let mut bag = good.clone();
    let invalid =
        std::fs::read(root().join("samples/invalid/kojinhyo-2025-shimei-nashi.xml")).unwrap();
    bag.files.insert(first.clone(), invalid);
    bag.rehash_manifest();
    bag.oxum();
    bag.rehash_tags();
    bag.write(&at("recheck.zip"));
    rejected(
        data.path(),
        &at("recheck.zip"),
        "BUNDLE-CHECK",
        "エラーが 1 件",
    );

    let renamed_bag = Bag {
        name: "other".into(),
        files: good.files.clone(),
    };
    renamed_bag.write(&at("folder.zip"));
    rejected(
        data.path(),
        &at("folder.zip"),
        "BUNDLE-INFO",
        "External-Identifier",
    );

    let mut bag = good.clone();
    bag.files.remove("tagmanifest-sha256.txt");
    bag.write(&at("no-tagmanifest.zip"));
    rejected(
        data.path(),
        &at("no-tagmanifest.zip"),
        "BUNDLE-LAYOUT",
        "tagmanifest-sha256.txt",
    );
}

#[test]
fn hostile_containers_are_rejected() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let good = Bag::read(&good_bundle(data.path(), work.path()));
    let at = |name: &str| work.path().join(name);
    let with = |name: &str, bytes: &[u8]| {
        let mut e = good.entries();
        e.push((name.to_string(), bytes.to_vec()));
        e
    };

    write_zip(
        &at("traversal.zip"),
        &with("bundle/../evil.xml", b"<x/>"),
        None,
    );
    rejected(
        data.path(),
        &at("traversal.zip"),
        "BUNDLE-CONTAINER",
        "安全でないパス",
    );
    write_zip(&at("absolute.zip"), &with("/tmp/evil.xml", b"<x/>"), None);
    rejected(
        data.path(),
        &at("absolute.zip"),
        "BUNDLE-CONTAINER",
        "安全でないパス",
    );
    write_zip(
        &at("symlink.zip"),
        &good.entries(),
        Some(("bundle/data/link.xml", "/etc/passwd")),
    );
    rejected(
        data.path(),
        &at("symlink.zip"),
        "BUNDLE-CONTAINER",
        "シンボリックリンク",
    );
    write_zip(
        &at("twins.zip"),
        &with("bundle/data/IKENSHO-2025.XML", b"<x/>"),
        None,
    );
    rejected(
        data.path(),
        &at("twins.zip"),
        "BUNDLE-CONTAINER",
        "同じ名前",
    );
    write_zip(
        &at("bomb.zip"),
        &with("bundle/data/bomb.xml", &vec![b' '; 10 << 20]),
        None,
    );
    rejected(data.path(), &at("bomb.zip"), "BUNDLE-CONTAINER", "zip 爆弾");
    write_zip(
        &at("huge.zip"),
        &with("bundle/data/huge.xml", &vec![b' '; 60 << 20]),
        None,
    );
    rejected(
        data.path(),
        &at("huge.zip"),
        "BUNDLE-CONTAINER",
        "大きすぎます",
    );
    write_zip(&at("outside.zip"), &with("loose.xml", b"<x/>"), None);
    rejected(
        data.path(),
        &at("outside.zip"),
        "BUNDLE-LAYOUT",
        "フォルダーの外",
    );

    // The zip crate will not write a name twice; Python will.
    let o = python(
        "import sys, zipfile, warnings\nwarnings.simplefilter('ignore')\nsrc = zipfile.ZipFile(sys.argv[1])\nwith zipfile.ZipFile(sys.argv[2], 'w') as out:\n    for i in src.infolist(): out.writestr(i, src.read(i))\n    out.writestr('bundle/data/ikensho-2025.xml', b'<x/>')",
        &[at("bundle.zip").to_str().unwrap(), at("dup.zip").to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    rejected(data.path(), &at("dup.zip"), "BUNDLE-CONTAINER", "二つ");

    let bytes = std::fs::read(at("bundle.zip")).unwrap();
    std::fs::write(at("truncated.zip"), &bytes[..bytes.len() * 2 / 3]).unwrap();
    rejected(data.path(), &at("truncated.zip"), "BUNDLE-CONTAINER", "zip");
    let mut corrupt = bytes.clone();
    for b in &mut corrupt[200..400] {
        *b ^= 0x5A;
    }
    std::fs::write(at("corrupt.zip"), &corrupt).unwrap();
    rejected(data.path(), &at("corrupt.zip"), "BUNDLE-CONTAINER", "");
    // A file too big to be a bundle is refused unread (sparse: no disk is spent).
    let huge = std::fs::File::create(at("enormous.zip")).unwrap();
    huge.set_len(2 << 30).unwrap();
    rejected(
        data.path(),
        &at("enormous.zip"),
        "BUNDLE-CONTAINER",
        "大きすぎます",
    );
    std::fs::write(at("garbage.zip"), b"this is not a bundle").unwrap();
    rejected(
        data.path(),
        &at("garbage.zip"),
        "BUNDLE-CONTAINER",
        "zip でも 7z でもありません",
    );
}

#[test]
fn lying_sizes_in_the_zip_are_caught() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let zip = good_bundle(data.path(), work.path());
    // Patch the central directory's uncompressed size of the first entry downwards.
    let mut bytes = std::fs::read(&zip).unwrap();
    let cd = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    let size_at = cd + 24;
    let size = u32::from_le_bytes(bytes[size_at..size_at + 4].try_into().unwrap());
    bytes[size_at..size_at + 4].copy_from_slice(&(size / 2).to_le_bytes());
    let lying = work.path().join("lying.zip");
    std::fs::write(&lying, &bytes).unwrap();
    rejected(data.path(), &lying, "BUNDLE-CONTAINER", "");
}

#[test]
fn extract_writes_only_a_passed_payload_and_never_over_a_file() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let zip = good_bundle(data.path(), work.path());
    let dir = work.path().join("upload");
    // The folder must exist (README: where outputs go).
    std::fs::create_dir(&dir).unwrap();
    let o = verify(data.path(), &zip, &["--extract", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut samples: Vec<String> = std::fs::read_dir(root().join("samples/valid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    samples.sort();
    assert_eq!(names, samples, "exactly the payload, no tag files");
    for name in &names {
        assert_eq!(
            std::fs::read(dir.join(name)).unwrap(),
            std::fs::read(root().join("samples/valid").join(name)).unwrap()
        );
    }

    // Again into the same folder: refused, and nothing there changes.
    std::fs::write(dir.join(&names[0]), b"mine").unwrap();
    let o = verify(data.path(), &zip, &["--extract", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("上書きしない"), "{}", text(&o));
    assert_eq!(std::fs::read(dir.join(&names[0])).unwrap(), b"mine");
    assert_eq!(
        last_log_entry(data.path())["outcome"],
        "error",
        "a pass that could not be extracted is not recorded as a pass"
    );

    // A rejected bundle extracts nothing.
    let mut bag = Bag::read(&zip);
    let first = bag.data_names()[0].clone();
    bag.files.get_mut(&first).unwrap().push(b' ');
    let bad = work.path().join("bad.zip");
    bag.write(&bad);
    let empty = work.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = verify(data.path(), &bad, &["--extract", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
}

#[test]
fn an_encrypted_bundle_opens_in_7zip_and_in_verify_and_not_with_a_wrong_passphrase() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let plain = good_bundle(data.path(), work.path());
    let secret = work.path().join("pass.txt");
    std::fs::write(&secret, format!("{PASSPHRASE}\n")).unwrap();
    let sealed = work.path().join("sealed").join("bundle.7z");
    std::fs::create_dir_all(sealed.parent().unwrap()).unwrap();
    let o = bundle(
        data.path(),
        &sealed,
        &[
            "--medium",
            "USB-03",
            "--encrypt",
            "--passphrase-file",
            secret.to_str().unwrap(),
        ],
        &["samples/valid"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(
        !bytes.windows(9).any(|w| w == b"bagit.txt"),
        "names are encrypted too"
    );

    // 7-Zip (p7zip-full) with the passphrase gives back the very zip an unencrypted run makes.
    let out = work.path().join("7z-out");
    seven_zip_extract(&sealed, &out);
    assert_eq!(
        std::fs::read(out.join("bundle.zip")).unwrap(),
        std::fs::read(&plain).unwrap()
    );
    let o = Command::new("7z")
        .args(["t", "-pwrong passphrase!", sealed.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        !o.status.success(),
        "7-Zip opened it with a wrong passphrase"
    );

    let o = verify(
        data.path(),
        &sealed,
        &["--passphrase-file", secret.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("暗号化 あり"), "{}", text(&o));
    let o = rinko_at(data.path())
        .env("RINKO_PASSPHRASE", PASSPHRASE)
        .args(["verify", sealed.to_str().unwrap()])
        .run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = rinko_at(data.path())
        .env("RINKO_PASSPHRASE", "not the passphrase at all")
        .args(["verify", sealed.to_str().unwrap()])
        .run();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("BUNDLE-PASSPHRASE"), "{}", text(&o));
    // Without a terminal and without a passphrase, verify cannot run (exit 2), and says how.
    let o = verify(data.path(), &sealed, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--passphrase-file"), "{}", text(&o));

    // A short passphrase is refused; an unencrypted 7z is not a Rinko bundle.
    std::fs::write(&secret, "short\n").unwrap();
    let o = bundle(
        data.path(),
        &work.path().join("short.7z"),
        &["--encrypt", "--passphrase-file", secret.to_str().unwrap()],
        &["samples/valid"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("12 文字以上"), "{}", text(&o));
    let open = work.path().join("open.7z");
    let o = Command::new("7z")
        .args(["a", open.to_str().unwrap(), plain.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    rejected(
        data.path(),
        &open,
        "BUNDLE-CONTAINER",
        "暗号化されていません",
    );

    // Encrypted by 7-Zip with the right passphrase, but not what Rinko writes: the zip inside
    // goes through every check, and anything beside it is refused.
    let seven = |archive: &Path, files: &[&Path]| {
        let mut args = vec![
            "a".to_string(),
            format!("-p{PASSPHRASE}"),
            "-mhe=on".to_string(),
            archive.to_str().unwrap().to_string(),
        ];
        args.extend(files.iter().map(|f| f.to_str().unwrap().to_string()));
        let o = Command::new("7z").args(&args).output().unwrap();
        assert!(o.status.success(), "{}", text(&o));
    };
    let with_pass = |archive: &Path, code: &str, reason: &str| {
        let o = rinko_at(data.path())
            .env("RINKO_PASSPHRASE", PASSPHRASE)
            .args(["verify", archive.to_str().unwrap()])
            .run();
        let t = text(&o);
        assert_eq!(o.status.code(), Some(1), "{t}");
        assert!(
            t.lines().any(|l| l.contains(code) && l.contains(reason)),
            "{code} {reason}:\n{t}"
        );
    };
    let hostile = work.path().join("traversal.zip");
    let mut entries = Bag::read(&plain).entries();
    entries.push(("bundle/../evil.xml".into(), b"<x/>".to_vec()));
    write_zip(&hostile, &entries, None);
    let wrapped = work.path().join("wrapped.7z");
    seven(&wrapped, &[&hostile]);
    with_pass(&wrapped, "BUNDLE-CONTAINER", "安全でないパス");
    let two = work.path().join("two.7z");
    seven(&two, &[&plain, &secret]);
    with_pass(&two, "BUNDLE-CONTAINER", "2 個");
}

#[test]
fn signatures_round_trip_and_bad_or_foreign_ones_are_rejected() {
    let sender = tempfile::tempdir().unwrap();
    let receiver = tempfile::tempdir().unwrap();
    let stranger = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let o = rinko(sender.path(), &["keys", "generate"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(sender.path().join("keys/institution.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the private key is owner-only");
        // A key others can read is refused, as ssh refuses one.
        let key = sender.path().join("keys/institution.key");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let o = bundle(
            sender.path(),
            &work.path().join("loose.zip"),
            &["--sign"],
            &["samples/valid"],
        );
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains("chmod 600"), "{}", text(&o));
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let o = rinko(sender.path(), &["keys", "generate"]);
    assert_eq!(o.status.code(), Some(2), "a key is never replaced");
    assert_eq!(
        rinko(stranger.path(), &["keys", "generate"]).status.code(),
        Some(0)
    );

    let signed = work.path().join("signed.zip");
    let o = bundle(sender.path(), &signed, &["--sign"], &["samples/valid"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let unsigned = good_bundle(sender.path(), work.path());

    // The signature is a tag file outside the tag manifest it signs; BagIt tools accept that.
    bagit_validates(&signed, &work.path().join("signed-bag"), "signed");

    // Not yet trusted on the receiving PC: valid, with the key's fingerprint to compare.
    let o = verify(receiver.path(), &signed, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("未登録"), "{}", text(&o));

    let public = work.path().join("institution.pub");
    export_and_trust(sender.path(), receiver.path(), &public);
    let o = verify(receiver.path(), &signed, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("信頼済み"), "{}", text(&o));

    // Once a key is trusted, an unsigned bundle is refused.
    rejected(receiver.path(), &unsigned, "BUNDLE-KEY", "署名がありません");

    // A signature that does not match the tag manifest.
    let mut bag = Bag::read(&signed);
    let sig = String::from_utf8(bag.files["tagmanifest-sha256.txt.sig"].clone()).unwrap();
    let flipped = format!(
        "{}{}",
        if sig.starts_with('0') { "1" } else { "0" },
        &sig[1..]
    );
    bag.files
        .insert("tagmanifest-sha256.txt.sig".into(), flipped.into_bytes());
    bag.write(&work.path().join("badsig.zip"));
    rejected(
        receiver.path(),
        &work.path().join("badsig.zip"),
        "BUNDLE-SIGNATURE",
        "検証できません",
    );
    let o = verify(
        receiver.path(),
        &work.path().join("badsig.zip"),
        &["--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["signature"]["valid"], false, "{json}");

    // A stripped signature.
    let mut bag = Bag::read(&signed);
    bag.files.remove("tagmanifest-sha256.txt.sig");
    bag.write(&work.path().join("stripped.zip"));
    rejected(
        receiver.path(),
        &work.path().join("stripped.zip"),
        "BUNDLE-SIGNATURE",
        "取り除かれ",
    );

    // Signed by a key the receiver does not trust.
    let foreign = work.path().join("foreign.zip");
    let o = bundle(stranger.path(), &foreign, &["--sign"], &["samples/valid"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    rejected(
        receiver.path(),
        &foreign,
        "BUNDLE-KEY",
        "信頼する機関の鍵ではありません",
    );
    let o = verify(receiver.path(), &foreign, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["signature"]["valid"], true, "{json}");
    assert_eq!(json["signature"]["trusted"], false, "{json}");
    assert_eq!(last_log_entry(receiver.path())["bundle"]["signed"], true);
    // A stripped signature is not recorded as a signature.
    assert_eq!(
        verify(receiver.path(), &work.path().join("stripped.zip"), &[])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(last_log_entry(receiver.path())["bundle"]["signed"], false);
}

#[test]
fn the_audit_log_and_the_ledger_record_every_operation_without_file_names() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    assert_eq!(
        rinko(data.path(), &["check", "samples/valid"])
            .status
            .code(),
        Some(0)
    );
    let zip = good_bundle(data.path(), work.path());
    let o = rinko(
        data.path(),
        &["verify", zip.to_str().unwrap(), "--medium", "USB-03"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let pdf = work.path().join("p.pdf");
    assert_eq!(
        rinko(
            data.path(),
            &[
                "print",
                "--out",
                pdf.to_str().unwrap(),
                "samples/valid/ikensho-2025.xml"
            ]
        )
        .status
        .code(),
        Some(0)
    );
    let mut bag = Bag::read(&zip);
    let first = bag.data_names()[0].clone();
    bag.files.get_mut(&first).unwrap().push(b' ');
    let bad = work.path().join("bad.zip");
    bag.write(&bad);
    assert_eq!(verify(data.path(), &bad, &[]).status.code(), Some(1));

    let log = std::fs::read_to_string(data.path().join("audit/audit.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 5, "{log}");
    for (line, operation) in log
        .lines()
        .zip(["check", "bundle", "verify", "print", "verify"])
    {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(entry["operation"], operation, "{line}");
    }
    for name in ["teishinchou", "shinki", "koushin", ".xml"] {
        assert!(!log.contains(name), "file names in the log:\n{log}");
    }
    let input = sha256(&std::fs::read(root().join("samples/valid/ikensho-2025.xml")).unwrap());
    assert!(log.contains(&input), "input hashes are recorded");

    let o = rinko(data.path(), &["log", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = rinko(data.path(), &["log", "show"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(stdout(&o).lines().count(), 5, "{}", text(&o));

    let o = rinko(data.path(), &["ledger", "export", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        o.stdout.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with BOM for Excel"
    );
    let csv = String::from_utf8(o.stdout[3..].to_vec()).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "header, made, verified, rejected:\n{csv}");
    let fingerprint = sha256(&Bag::read(&zip).files["tagmanifest-sha256.txt"]).to_uppercase();
    assert!(
        rows[1].contains("作成")
            && rows[1].contains(&fingerprint[..4])
            && rows[1].contains("USB-03"),
        "{csv}"
    );
    assert!(
        rows[2].contains("検証") && rows[2].contains("合格"),
        "{csv}"
    );
    assert!(rows[3].contains("不合格"), "{csv}");

    // An edited entry is detected and located.
    let edited = log.replacen("\"operation\":\"print\"", "\"operation\":\"check\"", 1);
    assert_ne!(edited, log);
    std::fs::write(data.path().join("audit/audit.jsonl"), edited).unwrap();
    let o = rinko(data.path(), &["log", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("4 行目"), "{}", text(&o));

    // A line that is not an entry at all: verify names it, show and the ledger still work.
    let mut damaged = std::fs::read_to_string(data.path().join("audit/audit.jsonl")).unwrap();
    damaged.push_str("not an entry\n");
    std::fs::write(data.path().join("audit/audit.jsonl"), damaged).unwrap();
    let o = rinko(data.path(), &["log", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("6 行目"), "{}", text(&o));
    let o = rinko(data.path(), &["log", "show"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(stdout(&o).lines().count(), 5);
    assert!(text(&o).contains("6 行目"), "{}", text(&o));
    let o = rinko(data.path(), &["ledger", "export", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// The last entry of the audit log in a data folder.
pub(crate) fn last_log_entry(data: &Path) -> serde_json::Value {
    let log = std::fs::read_to_string(data.join("audit/audit.jsonl")).unwrap();
    serde_json::from_str(log.lines().last().unwrap()).unwrap()
}

#[test]
fn dates_are_the_local_day_of_the_clock() {
    // 2026-03-31T23:00:00Z is 2026-04-01 08:00 in Japan: the bundle is dated that day.
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("morning.zip");
    let args = [
        "bundle",
        "--institution",
        INSTITUTION,
        "--out",
        out.to_str().unwrap(),
        "samples/valid",
    ];
    let o = rinko_at(data.path())
        .clock("1774998000")
        .env("TZ", "JST-9")
        .args(args)
        .run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let info = String::from_utf8(Bag::read(&out).files["bag-info.txt"].clone()).unwrap();
    assert!(info.contains("Bagging-Date: 2026-04-01"), "{info}");
}

/// `n` valid forms in `dir`, each a copy of one sample made distinct by a trailing comment (what
/// a night's export of one form type looks like to the bundle: many files, distinct hashes).
fn many_forms(dir: &Path, n: usize) -> Vec<String> {
    let sample = std::fs::read(root().join("samples/valid/kojinhyo-2025-koushin.xml")).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    (0..n)
        .map(|i| {
            let mut bytes = sample.clone();
            bytes.extend_from_slice(format!("<!-- {i:05} -->\n").as_bytes());
            std::fs::write(dir.join(format!("form-{i:05}.xml")), &bytes).unwrap();
            sha256(&bytes)
        })
        .collect()
}

/// The text of each page of a PDF (pdftotext separates pages with a form feed).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-raw", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "{}", text(&out));
    let t = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = t.split('\u{c}').map(String::from).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn pdfinfo_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count:\n{info}"))
}

#[test]
fn a_bundle_of_thousands_of_files_gets_a_slip_that_lists_every_one() {
    // 2,000 files need about 60 pages of file list: more than the 50 pages a single printed
    // form may take, which is a guard against runaway forms, not a limit on the slip.
    const N: usize = 2_000;
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let forms = work.path().join("forms");
    let hashes = many_forms(&forms, N);
    let out = work.path().join("big.zip");
    // The sample's own institution: no other-institution notes on every row.
    let o = rinko(
        data.path(),
        &[
            "bundle",
            "--institution",
            "1113050213",
            "--out",
            out.to_str().unwrap(),
            forms.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains(&format!("（{N} 件）")), "{}", text(&o));

    let slip = work.path().join("big-媒体持出記録票.pdf");
    let pages = pdf_pages(&slip);
    let total = pdfinfo_pages(&slip);
    assert_eq!(pages.len(), total);
    assert!(total > 50, "{total} pages for {N} files");
    let grouped: Vec<String> = hashes
        .iter()
        .map(|h| {
            let s = h[..16].to_uppercase();
            format!("{}-{}-{}-{}", &s[..4], &s[4..8], &s[8..12], &s[12..])
        })
        .collect();
    let all = pages.concat();
    for (i, g) in grouped.iter().enumerate() {
        assert!(
            all.contains(g.as_str()),
            "file {i} ({g}) is not on the slip"
        );
    }
    for (n, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("{} / {total} ページ", n + 1)),
            "page {} has no page n/m:\n{page}",
            n + 1
        );
        // Every page of the list repeats the table's header.
        if grouped.iter().any(|g| page.contains(g.as_str())) {
            assert!(
                page.contains("SHA-256（先頭 16 桁）"),
                "page {} of the list has no header:\n{page}",
                n + 1
            );
        }
    }
    assert!(all.contains(&format!("{N} 件")), "the count is on the slip");
}

/// The slip's text, all pages.
fn slip_text(slip: &Path) -> String {
    pdf_pages(slip).concat()
}

#[test]
fn warnings_are_shown_before_sealing_and_recorded_on_the_slip() {
    // On 2026-04-01 the two 2023 forms are outside their set's validity: DATE-001, a 警告.
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("warned.zip");
    let o = bundle(data.path(), &out, &[], &["samples/valid"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let stderr = stderr(&o);
    assert!(
        stderr.contains("警告のあるファイルが 2 件あります（警告 2 件"),
        "{stderr}"
    );
    for name in ["kojinhyo-2023-shinki.xml", "kojinhyo-2023-yubin-nashi.xml"] {
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named:\n{stderr}"));
        assert!(line.contains("警告 1 件（DATE-001）"), "{line}");
    }
    assert!(
        !stderr.contains("kojinhyo-2025-koushin.xml: 警告"),
        "a file without 警告 is not listed:\n{stderr}"
    );
    let stdout = stdout(&o);
    assert!(
        stdout.contains("（8 件、うち警告のあるファイル 2 件）"),
        "{stdout}"
    );

    let t = slip_text(&work.path().join("warned-媒体持出記録票.pdf"));
    assert!(t.contains("警告のあるファイル 2 件（警告 2 件"), "{t}");
    assert_eq!(
        t.matches("警告 1").count(),
        2,
        "one mark per warned file:\n{t}"
    );
    let warned =
        sha256(&std::fs::read(root().join("samples/valid/kojinhyo-2023-shinki.xml")).unwrap())
            .to_uppercase();
    let row = t
        .lines()
        .find(|l| l.contains(&warned[..4]) && l.contains(&warned[4..8]))
        .unwrap_or_else(|| panic!("no row for the warned file:\n{t}"));
    assert!(row.contains("警告 1"), "{row}");

    // Without 警告, the slip says so and stderr says nothing of them.
    let quiet = work.path().join("quiet.zip");
    let o = rinko(
        data.path(),
        &[
            "bundle",
            "--institution",
            "1113050213",
            "--out",
            quiet.to_str().unwrap(),
            "samples/valid/kojinhyo-2025-koushin.xml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("警告"), "{}", text(&o));
    let t = slip_text(&work.path().join("quiet-媒体持出記録票.pdf"));
    assert!(t.contains("警告 なし"), "{t}");
}

#[test]
fn forms_of_another_institution_are_named_and_strict_refuses_them() {
    // samples/valid: three forms of 1312345679; the others are of 1412345678 (two),
    // 1113050213, and, in UTF-16 and Shift_JIS files, 0114011224 and 2711203451.
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let others = [
        ("ikensho-2025-teishinchou.xml", "1412345678"),
        ("ikensho-2025-utf16.xml", "0114011224"),
        ("ikensho-2025.xml", "1412345678"),
        ("kojinhyo-2025-koushin.xml", "1113050213"),
        ("kojinhyo-2025-sjis.xml", "2711203451"),
    ];
    let own = [
        "kojinhyo-2023-shinki.xml",
        "kojinhyo-2023-yubin-nashi.xml",
        "kojinhyo-2025-henkou.xml",
    ];
    let run = |out: &Path, extra: &[&str], paths: &[&str]| {
        let mut args = vec![
            "bundle",
            "--institution",
            "1312345679",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        args.extend_from_slice(paths);
        rinko(data.path(), &args)
    };

    let out = work.path().join("mixed.zip");
    let o = run(&out, &[], &["samples/valid"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let stderr = stderr(&o);
    assert!(
        stderr.contains("医療機関コードが --institution 1312345679 と違うフォームが 5 件あります"),
        "{stderr}"
    );
    for (name, code) in others {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(name) && l.ends_with(&format!("医療機関コード {code}"))),
            "{name} ({code}) not named:\n{stderr}"
        );
    }
    for name in own {
        assert!(
            !stderr
                .lines()
                .any(|l| l.contains(name) && l.contains("医療機関コード")),
            "{name} is the bundle's own institution:\n{stderr}"
        );
    }
    let t = slip_text(&work.path().join("mixed-媒体持出記録票.pdf"));
    assert!(t.contains("他の医療機関のフォーム 5 件"), "{t}");
    for (name, code) in others {
        let hash =
            sha256(&std::fs::read(root().join("samples/valid").join(name)).unwrap()).to_uppercase();
        let row = t
            .lines()
            .find(|l| l.contains(&hash[..4]) && l.contains(&hash[4..8]))
            .unwrap_or_else(|| panic!("no row for {name}:\n{t}"));
        assert!(row.contains(&format!("他機関 {code}")), "{name}: {row}");
    }
    assert_eq!(t.matches("他機関").count(), 5, "{t}");

    // --strict refuses, names the files and writes nothing.
    let strict = work.path().join("strict.zip");
    let o = run(&strict, &["--strict"], &["samples/valid"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("封緘しませんでした"), "{t}");
    for (name, code) in others {
        assert!(
            t.lines().any(|l| l.contains(name)
                && l.contains(&format!(
                    "医療機関コード {code} が --institution 1312345679 と違います"
                ))),
            "{name}:\n{t}"
        );
    }
    assert!(!strict.exists());
    assert!(!work.path().join("strict-媒体持出記録票.pdf").exists());
    assert_eq!(last_log_entry(data.path())["outcome"], "refused");

    // --strict with the institution's own forms only seals them.
    let paths: Vec<String> = own.iter().map(|n| format!("samples/valid/{n}")).collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let o = run(&work.path().join("own.zip"), &["--strict"], &paths);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("医療機関コードが"), "{}", text(&o));
}

#[test]
fn a_passphrase_file_saved_by_notepad_seals_what_7zip_and_verify_open() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    // Notepad's 「UTF-8 (BOM 付き)」 with a CRLF at the end.
    let notepad = work.path().join("pass.txt");
    std::fs::write(&notepad, format!("\u{FEFF}{PASSPHRASE}\r\n")).unwrap();
    let sealed = work.path().join("enc.7z");
    let o = bundle(
        data.path(),
        &sealed,
        &["--encrypt", "--passphrase-file", notepad.to_str().unwrap()],
        &["samples/valid"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        stderr(&o).contains("BOM（UTF-8）を除いて読みました"),
        "{}",
        text(&o)
    );
    // 7-Zip opens it with the passphrase as typed.
    let out = work.path().join("7z-out");
    seven_zip_extract(&sealed, &out);
    assert!(out.join("enc.zip").exists());
    // verify with the same Notepad file, and with the passphrase typed.
    let o = verify(
        data.path(),
        &sealed,
        &["--passphrase-file", notepad.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = rinko_at(data.path())
        .env("RINKO_PASSPHRASE", PASSPHRASE)
        .args(["verify", sealed.to_str().unwrap()])
        .run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Notepad's 「Unicode」: UTF-16LE with its BOM.
    let unicode = work.path().join("pass-utf16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        format!("{PASSPHRASE}\r\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(&unicode, bytes).unwrap();
    let o = verify(
        data.path(),
        &sealed,
        &["--passphrase-file", unicode.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("UTF-16LE"), "{}", text(&o));

    // Control characters are refused from every source, before anything is written.
    let tabbed = work.path().join("tab.txt");
    std::fs::write(&tabbed, "correct horse\tbattery staple\n").unwrap();
    let refused = work.path().join("refused.7z");
    let o = bundle(
        data.path(),
        &refused,
        &["--encrypt", "--passphrase-file", tabbed.to_str().unwrap()],
        &["samples/valid"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("14 文字目に制御文字 U+0009"),
        "{}",
        text(&o)
    );
    assert!(!text(&o).contains("horse"), "the passphrase is not shown");
    assert!(!refused.exists());
    let two_lines = work.path().join("two.txt");
    std::fs::write(&two_lines, format!("{PASSPHRASE}\nsecond line\n")).unwrap();
    let o = bundle(
        data.path(),
        &refused,
        &[
            "--encrypt",
            "--passphrase-file",
            two_lines.to_str().unwrap(),
        ],
        &["samples/valid"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("2 行以上"), "{}", text(&o));
    let o = rinko_at(data.path())
        .env("RINKO_PASSPHRASE", "correct horse\u{1b}battery")
        .args([
            "bundle",
            "--institution",
            INSTITUTION,
            "--encrypt",
            "--out",
            refused.to_str().unwrap(),
            "samples/valid",
        ])
        .run();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("環境変数 RINKO_PASSPHRASE のパスフレーズの 14 文字目に制御文字 U+001B"),
        "{}",
        text(&o)
    );
    assert!(!refused.exists());
}

#[test]
fn the_ledger_csv_never_starts_a_formula_in_excel() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("=1+1.zip");
    let o = bundle(
        data.path(),
        &out,
        &[
            "--operator",
            "=HYPERLINK(\"http://x\",\"click\")",
            "--medium",
            "＠SUM(1)",
        ],
        &["samples/valid/ikensho-2025.xml"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = rinko(data.path(), &["ledger", "export", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mut reader = csv::Reader::from_reader(&o.stdout[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    let cell = |name: &str| rows[0][header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(cell("バンドル"), "'=1+1.zip");
    assert_eq!(cell("担当者"), "'=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(cell("媒体"), "'＠SUM(1)");
    // The code is written as found; Excel drops its leading zero unless imported as text
    // (README: what CSV cannot do).
    assert_eq!(cell("医療機関コード"), INSTITUTION);
}

#[test]
fn log_show_last_zero_is_refused_and_not_called_empty() {
    let data = tempfile::tempdir().unwrap();
    assert_eq!(
        rinko(data.path(), &["check", "samples/valid/ikensho-2025.xml"])
            .status
            .code(),
        Some(0)
    );
    let o = rinko(data.path(), &["log", "show", "--last", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--last には 1 以上"), "{}", text(&o));
    assert!(!text(&o).contains("記録はありません"), "{}", text(&o));
    let o = rinko(data.path(), &["log", "show", "--last", "5"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn trusting_a_key_twice_says_it_is_already_trusted() {
    let sender = tempfile::tempdir().unwrap();
    let receiver = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    assert_eq!(
        rinko(sender.path(), &["keys", "generate"]).status.code(),
        Some(0)
    );
    let public = work.path().join("institution.pub");
    let o = export_and_trust(sender.path(), receiver.path(), &public);
    assert!(text(&o).contains("登録しました"), "{}", text(&o));
    let o = rinko(
        receiver.path(),
        &["keys", "trust", public.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("既に登録されています"), "{}", text(&o));
    assert!(!text(&o).contains("登録しました"), "{}", text(&o));
    let keys = std::fs::read_dir(receiver.path().join("bundle-keys"))
        .unwrap()
        .count();
    assert_eq!(keys, 1);
}

/// Found by fuzz/fuzz_targets/bundle_mutate.rs: a zip's folder entries hold no file, so a
/// folder entry added to a sealed bundle (here `data/` and a new empty folder) does not change
/// the bag: it verifies, and extraction gives the payload files and nothing else. An unsafe
/// folder name is refused all the same.
#[test]
fn folder_entries_are_not_files_of_the_bag() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let sealed = Bag::read(&good_bundle(data.path(), work.path()));
    let with_folders = |folders: &[&str], name: &str| {
        let path = work.path().join(name);
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in sealed.entries() {
            zip.start_file(name.as_str(), options).unwrap();
            zip.write_all(&bytes).unwrap();
        }
        for folder in folders {
            zip.add_directory(format!("{}/{folder}", sealed.name), options)
                .unwrap();
        }
        zip.finish().unwrap();
        path
    };
    let zip = with_folders(&["data/", "data/empty/"], "folders.zip");
    let out = work.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let o = verify(data.path(), &zip, &["--extract", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let mut extracted: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| format!("data/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    extracted.sort();
    assert_eq!(extracted, sealed.data_names());

    let zip = with_folders(&["../outside/"], "unsafe.zip");
    let o = verify(data.path(), &zip, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("安全でないパス"), "{}", text(&o));
}

/// Found by the fuzzer (bundle_mutate, 2026-12-02): a blank line added to the tag manifest, the
/// one file no hash covers, passed, although the bundle's fingerprint changed with it.
#[test]
fn a_tag_manifest_changed_in_form_only_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let sealed = Bag::read(&good_bundle(data.path(), work.path()));
    let tag_manifest = "tagmanifest-sha256.txt";
    for (name, change) in [
        ("blank-line.zip", b"\n".as_slice()),
        ("space.zip", b"  \n".as_slice()),
    ] {
        let mut bag = Bag {
            name: sealed.name.clone(),
            files: sealed.files.clone(),
        };
        bag.files
            .get_mut(tag_manifest)
            .unwrap()
            .extend_from_slice(change);
        let zip = work.path().join(name);
        bag.write(&zip);
        let o = verify(data.path(), &zip, &[]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", text(&o));
        assert!(
            text(&o).contains("封緘した形と違います"),
            "{name}: {}",
            text(&o)
        );
    }
}
