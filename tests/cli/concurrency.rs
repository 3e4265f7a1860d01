//! Four `rinko` processes at once against one data folder, as four clerks' PCs on one shared
//! folder would be: each checks, seals and verifies its own files, round after round. Afterwards
//! the audit log verifies with every entry present, the 台帳 holds every bundle made and verified
//! once, and each process got back exactly its own files.

use std::path::{Path, PathBuf};

use crate::common::{root, stdout, text, Rinko};

const WORKERS: usize = 4;
const ROUNDS: usize = 3;

/// The valid samples, made this worker's and this round's own by a comment at the end (in
/// ASCII, so not the UTF-16 one).
fn inputs(dir: &Path, worker: usize, round: usize) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root().join("samples/valid")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("utf16") {
            continue;
        }
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(format!("<!-- worker {worker} round {round} -->\n").as_bytes());
        std::fs::write(dir.join(&name), &bytes).unwrap();
        files.push((name, bytes));
    }
    files.sort();
    files
}

fn run(data: &Path, args: &[&str]) -> std::process::Output {
    Rinko::new().data(data).args(args).run()
}

fn worker(data: &Path, work: &Path, worker: usize) -> Vec<String> {
    let mut failures = Vec::new();
    for round in 0..ROUNDS {
        let dir = work.join(format!("w{worker}-r{round}"));
        let sent = dir.join("sent");
        let received = dir.join("received");
        std::fs::create_dir_all(&sent).unwrap();
        std::fs::create_dir_all(&received).unwrap();
        let files = inputs(&sent, worker, round);
        let bundle = dir.join("b.zip");
        let medium = format!("W{worker}-R{round}");
        let (sent, bundle_path, received_path) = (
            sent.to_str().unwrap(),
            bundle.to_str().unwrap(),
            received.to_str().unwrap(),
        );
        for args in [
            vec!["check", sent],
            vec![
                "bundle",
                "--institution",
                "0110113719",
                "--medium",
                &medium,
                "--out",
                bundle_path,
                sent,
            ],
            vec![
                "verify",
                bundle_path,
                "--medium",
                &medium,
                "--extract",
                received_path,
            ],
        ] {
            let o = run(data, &args);
            if o.status.code() != Some(0) {
                failures.push(format!("rinko {}: {}", args.join(" "), text(&o)));
            }
        }
        let mut got: Vec<(String, Vec<u8>)> = std::fs::read_dir(&received)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                (
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&path).unwrap(),
                )
            })
            .collect();
        got.sort();
        if got != files {
            failures.push(format!(
                "worker {worker} round {round}: extracted files are not its own"
            ));
        }
    }
    failures
}

#[test]
fn four_processes_on_one_data_folder_keep_the_log_the_ledger_and_their_outputs_apart() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|w| {
                let (data, work): (PathBuf, PathBuf) = (data.path().into(), work.path().into());
                scope.spawn(move || worker(&data, &work, w))
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let o = run(data.path(), &["log", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let log = std::fs::read_to_string(data.path().join("audit/audit.jsonl")).unwrap();
    let operations: Vec<String> = log
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["operation"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for operation in ["check", "bundle", "verify"] {
        let count = operations.iter().filter(|o| *o == operation).count();
        assert_eq!(count, WORKERS * ROUNDS, "{operation} entries in\n{log}");
    }
    assert_eq!(operations.len(), 3 * WORKERS * ROUNDS);
    assert!(
        stdout(&o).contains(&format!("{} 件", 3 * WORKERS * ROUNDS)),
        "{}",
        stdout(&o)
    );

    // The 台帳: each medium once made and once verified (合格), no row twice or lost.
    let o = run(data.path(), &["ledger", "export", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let csv = String::from_utf8(o.stdout[3..].to_vec()).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2 * WORKERS * ROUNDS, "{csv}");
    for w in 0..WORKERS {
        for r in 0..ROUNDS {
            let medium = format!(",W{w}-R{r}");
            let of_medium: Vec<&&str> = rows.iter().filter(|row| row.contains(&medium)).collect();
            assert_eq!(of_medium.len(), 2, "{medium}: {csv}");
            assert!(
                of_medium.iter().any(|row| row.contains("作成")),
                "{medium}: {csv}"
            );
            assert!(
                of_medium
                    .iter()
                    .any(|row| row.contains("検証") && row.contains("合格")),
                "{medium}: {csv}"
            );
        }
    }
}
