//! The system's own failures: a full disk during each output, a read-only output folder, a data
//! folder that is missing, cannot be made or is read-only, an input that may not be read. Each is
//! a Japanese message without the OS's English text, the documented exit code, and nothing
//! partial left behind.
//!
//! Full and read-only disks are small tmpfs mounts, which need root (CI runs as root); elsewhere
//! those tests say so on stderr and pass without trying. An unreadable input needs a user the
//! permissions apply to: as root, `rinko` runs as `nobody` (setpriv).

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::bundle::last_log_entry;
use crate::common::{root, text, Rinko};

const CLOCK: &str = "1764547200";
const INSTITUTION: &str = "0110113719";
const VALID: &str = "samples/valid";

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n")
}

/// A tmpfs of its own, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// A tmpfs of `kib` KiB, or none where this user may not mount one.
    fn mount(kib: u32, test: &str) -> Option<Self> {
        if !is_root() {
            eprintln!(
                "{test}: not root, so no tmpfs can be mounted: not tried here (CI runs it as root)"
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k,mode=0777"),
                "tmpfs",
            ])
            .arg(dir.path())
            .status()
            .expect("mount");
        assert!(status.success(), "mount -t tmpfs failed as root");
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the file system to its last byte but `room` bytes, with `.filler`.
    fn fill(&self, room: u64) {
        let path = self.path().join(".filler");
        let mut filler = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 64 * 1024];
        loop {
            match filler.write(&block) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
                Err(e) => panic!("filling the tmpfs: {e}"),
            }
        }
        let len = filler.metadata().unwrap().len();
        filler.set_len(len.saturating_sub(room)).unwrap();
    }

    fn read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount,ro");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Every file and folder under `dir` (but the filler), each file with its SHA-256, to show that
/// nothing was added, removed or changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    use sha2::{Digest, Sha256};
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().to_path_buf();
            if path.is_dir() {
                files.push((name, "folder".to_owned()));
                folders.push(path);
            } else if path.file_name().unwrap() != ".filler" {
                files.push((
                    name,
                    hex::encode(Sha256::digest(std::fs::read(&path).unwrap())),
                ));
            }
        }
    }
    files.sort();
    files
}

/// A refusal as users must get it: exit 2, the message in Japanese with `reason` in it, and no
/// English text of the OS.
fn refused(o: &Output, reason: &str, what: &str) {
    let said = text(o);
    assert_eq!(o.status.code(), Some(2), "{what}: {said}");
    assert!(said.contains(reason), "{what}: not 「{reason}」: {said}");
    for english in [
        "os error",
        "No space",
        "Read-only",
        "Permission denied",
        "No such file",
    ] {
        assert!(
            !said.contains(english),
            "{what}: the OS's English text: {said}"
        );
    }
}

fn rinko(data: &Path) -> Rinko {
    Rinko::new().data(data).clock(CLOCK)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A data folder with the institution's key, for the runs that sign.
fn data_with_key() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let o = rinko(data.path()).args(["keys", "generate"]).run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    data
}

/// A bundle of the valid samples, sealed elsewhere, to verify onto the disk under test.
fn sealed_bundle(data: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("b.zip");
    let o = rinko(data)
        .args([
            "bundle",
            "--institution",
            INSTITUTION,
            "--out",
            path(&bundle),
            VALID,
        ])
        .run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    (dir, bundle)
}

const FULL: &str = "保存先の空き容量がありません";
const READ_ONLY: &str = "読み取り専用の場所です";

/// Each output onto a disk that fills up while it is written: a PDF (far larger than the room
/// left), a bundle, its slip, an HTML preview, extracted files, an exported public key and 台帳.
#[test]
fn a_full_disk_during_each_output_is_said_and_leaves_nothing() {
    let Some(disk) = Tmpfs::mount(512, "a_full_disk_during_each_output") else {
        return;
    };
    let data = data_with_key();
    let (_sealed, bundle) = sealed_bundle(data.path());
    let out = |name: &str| disk.path().join(name).to_string_lossy().into_owned();
    let extract = disk.path().join("received");
    std::fs::create_dir(&extract).unwrap();
    // With 16 KiB left, a one-form bundle fits and the slip (a PDF beside it) does not.
    let (pdf, html, full, slip) = (
        out("forms.pdf"),
        out("forms.html"),
        out("full.zip"),
        out("slip.zip"),
    );
    let (key, ledger) = (out("key.pub"), out("ledger.csv"));
    let cases: Vec<(u64, Vec<&str>)> = vec![
        (8 * 1024, vec!["print", "--out", &pdf, VALID]),
        (0, vec!["print", "--out", &html, VALID]),
        (
            0,
            vec![
                "bundle",
                "--institution",
                INSTITUTION,
                "--out",
                &full,
                VALID,
            ],
        ),
        (
            16 * 1024,
            vec![
                "bundle",
                "--institution",
                INSTITUTION,
                "--out",
                &slip,
                "samples/valid/ikensho-2025.xml",
            ],
        ),
        (
            0,
            vec!["verify", path(&bundle), "--extract", path(&extract)],
        ),
        (0, vec!["keys", "export-public", "--out", &key]),
        (
            0,
            vec!["ledger", "export", "--format", "csv", "--out", &ledger],
        ),
    ];
    for (room, args) in cases {
        let _ = std::fs::remove_file(disk.path().join(".filler"));
        disk.fill(room);
        let before = snapshot(disk.path());
        let records = snapshot(data.path());
        let o = rinko(data.path()).args(&args).run();
        let what = format!("rinko {} ({room} bytes left)", args.join(" "));
        refused(&o, FULL, &what);
        assert_eq!(
            snapshot(disk.path()),
            before,
            "{what}: something was left on the disk"
        );
        if args[0] == "verify" {
            // The bundle was verified, only its extraction failed: that is in the log.
            let last = last_log_entry(data.path());
            assert_eq!(last["outcome"], "error", "{what}: {last}");
        } else {
            // Nothing was written, nothing left Rinko: no entry, the data folder as it was.
            assert_eq!(
                snapshot(data.path()),
                records,
                "{what}: the data folder changed"
            );
        }
    }
    let o = rinko(data.path()).args(["log", "verify"]).run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// The data folder on a full disk. A check was done all the same: its verdict and exit code
/// stand, and a 警告 says that its audit entry could not be written (the log stays as it was and
/// verifies). A pack import is refused and stores nothing, not even a half-written folder.
#[test]
fn a_full_data_folder_keeps_the_verdict_says_the_record_is_missing_and_stores_no_pack() {
    let Some(disk) = Tmpfs::mount(1024, "a_full_data_folder") else {
        return;
    };
    let data = disk.path().join("data");
    let o = rinko(&data).args(["check", VALID]).run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let pack_dir = tempfile::tempdir().unwrap();
    let pack = crate::pack::pack(pack_dir.path(), None);

    disk.fill(0);
    let before = snapshot(&data);
    let o = rinko(&data).args(["check", VALID]).run();
    let said = text(&o);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(
        said.contains("監査ログに記録できませんでした") && said.contains(FULL),
        "{said}"
    );
    assert!(!said.contains("os error"), "{said}");
    assert_eq!(snapshot(&data), before, "the data folder changed");

    for room in [0, 16 * 1024] {
        let _ = std::fs::remove_file(disk.path().join(".filler"));
        disk.fill(room);
        let o = rinko(&data).args(["schemas", "import", path(&pack)]).run();
        let what = format!("rinko schemas import ({room} bytes left)");
        refused(&o, FULL, &what);
        assert_eq!(snapshot(&data), before, "{what}: the data folder changed");
    }
    let _ = std::fs::remove_file(disk.path().join(".filler"));
    let o = rinko(&data).args(["log", "verify"]).run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("1 件"), "{}", text(&o));
}

/// A read-only output folder (a write-protected medium): every output is refused before any
/// work, in Japanese.
#[test]
fn a_read_only_output_folder_is_said_for_every_output() {
    let Some(disk) = Tmpfs::mount(256, "a_read_only_output_folder") else {
        return;
    };
    let received = disk.path().join("received");
    std::fs::create_dir(&received).unwrap();
    disk.read_only();
    let data = data_with_key();
    let (_sealed, bundle) = sealed_bundle(data.path());
    let out = |name: &str| disk.path().join(name).to_string_lossy().into_owned();
    let (pdf, zip, ledger) = (out("forms.pdf"), out("b.zip"), out("l.csv"));
    for args in [
        vec!["print", "--out", &pdf, VALID],
        vec!["bundle", "--institution", INSTITUTION, "--out", &zip, VALID],
        vec!["verify", path(&bundle), "--extract", path(&received)],
        vec!["ledger", "export", "--format", "csv", "--out", &ledger],
    ] {
        let o = rinko(data.path()).args(&args).run();
        refused(&o, READ_ONLY, &format!("rinko {}", args.join(" ")));
    }
    assert_eq!(
        snapshot(disk.path()),
        vec![(PathBuf::from("received"), "folder".to_owned())]
    );
}

/// A data folder that cannot be made (a name on its way is a file) or is read-only: a check
/// keeps its verdict and says in Japanese that its record is missing; what must write there
/// (a key, a pack) is refused; the records can still be read.
#[test]
fn a_data_folder_that_cannot_be_used_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let o = rinko(&file.join("data")).args(["check", VALID]).run();
    let said = text(&o);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(said.contains("監査ログに記録できませんでした"), "{said}");
    assert!(
        said.contains("途中の名前がフォルダーではありません"),
        "{said}"
    );
    assert!(!said.contains("os error"), "{said}");
    let o = rinko(&file.join("data")).args(["keys", "generate"]).run();
    refused(&o, "途中の名前がフォルダーではありません", "keys generate");

    let Some(disk) = Tmpfs::mount(256, "a_read_only_data_folder") else {
        return;
    };
    let data = disk.path().join("data");
    let o = rinko(&data).args(["check", VALID]).run();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    disk.read_only();
    let before = snapshot(&data);
    let o = rinko(&data).args(["check", VALID]).run();
    let said = text(&o);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(
        said.contains("監査ログに記録できませんでした") && said.contains(READ_ONLY),
        "{said}"
    );
    let pack_dir = tempfile::tempdir().unwrap();
    let pack = crate::pack::pack(pack_dir.path(), None);
    for args in [
        vec!["keys", "generate"],
        vec!["schemas", "import", path(&pack)],
    ] {
        let o = rinko(&data).args(&args).run();
        refused(&o, READ_ONLY, &format!("rinko {}", args.join(" ")));
    }
    assert_eq!(snapshot(&data), before);
    for args in [
        vec!["log", "verify"],
        vec!["ledger", "export", "--format", "csv"],
    ] {
        let o = rinko(&data).args(&args).run();
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
}

/// An input this user may not read: the file gets its verdict (不適合, READ-001, in Japanese),
/// the others theirs.
#[test]
fn an_input_that_may_not_be_read_gets_a_japanese_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["kojinhyo-2025-koushin.xml", "ikensho-2025.xml"] {
        std::fs::copy(root().join(VALID).join(name), inputs.join(name)).unwrap();
    }
    let secret = inputs.join("ikensho-2025.xml");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    // The data folder is made by the user who runs rinko.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let data = dir.path().join("data");
    let check = ["check", "--format", "json", path(&inputs)];
    let o = if is_root() {
        // Root reads anything: run as nobody, whom the permissions bind.
        let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "--"];
        Rinko::under("setpriv", nobody)
            .data(&data)
            .clock(CLOCK)
            .args(check)
            .run()
    } else {
        rinko(&data).args(check).run()
    };
    let report: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("a JSON report: {}", text(&o)));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{report}");
    for file in files {
        let unreadable = file["path"].as_str().unwrap().ends_with("ikensho-2025.xml");
        assert_eq!(
            file["status"],
            if unreadable { "fail" } else { "pass" },
            "{file}"
        );
        if unreadable {
            let finding = &file["findings"][0];
            assert_eq!(finding["code"], "READ-001", "{file}");
            assert!(
                finding["message"]
                    .as_str()
                    .unwrap()
                    .contains("アクセス権がありません"),
                "{file}"
            );
        }
    }
    assert!(!text(&o).contains("os error"), "{}", text(&o));
}
