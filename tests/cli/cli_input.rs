//! What the command line accepts before any checking: the files of a folder whatever they are,
//! the days it is given, the clock, and its own usage messages, in Japanese.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::{root, stderr, stdout, Rinko};

const VALID: &str = "samples/valid/kojinhyo-2025-koushin.xml";

fn rinko(args: &[&str]) -> Output {
    Rinko::new().args(args).run()
}

fn files_of(report: &Value) -> Vec<(String, String, Vec<String>)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = Path::new(f["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let codes = f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    format!(
                        "{} {}",
                        x["code"].as_str().unwrap(),
                        x["message"].as_str().unwrap()
                    )
                })
                .collect();
            (name, f["status"].as_str().unwrap().to_string(), codes)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_broken_link_and_a_fifo_in_a_folder_are_findings_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(VALID), dir.path().join("a.xml")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.xml"), dir.path().join("b.xml")).unwrap();
    let fifo = dir.path().join("c.xml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());

    let out = rinko(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = files_of(&report);
    let names: Vec<&str> = files.iter().map(|(n, ..)| n.as_str()).collect();
    assert_eq!(names, ["a.xml", "b.xml", "c.xml"]);
    assert_eq!(files[0].1, "pass", "{:?}", files[0]);
    assert_eq!(files[1].1, "fail");
    assert!(
        files[1].2.len() == 1
            && files[1].2[0].starts_with("READ-001")
            && files[1].2[0].contains("リンク先"),
        "{:?}",
        files[1]
    );
    assert_eq!(files[2].1, "fail");
    assert!(
        files[2].2.len() == 1
            && files[2].2[0].starts_with("READ-001")
            && files[2].2[0].contains("FIFO"),
        "{:?}",
        files[2]
    );
}

#[test]
fn days_that_do_not_exist_are_refused_as_today() {
    for day in ["2025-02-30", "2023-02-29", "2025-04-31"] {
        let out = rinko(&["check", "--today", day, VALID]);
        assert_eq!(out.status.code(), Some(2), "{day}");
        let err = stderr(&out);
        assert!(
            err.contains(day) && err.contains("暦にない日付"),
            "{day}: {err}"
        );
        assert!(out.stdout.is_empty(), "nothing is checked on a wrong day");
    }
    let out = rinko(&["check", "--today", "2028-02-29", VALID]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_source_date_epoch_that_is_not_a_number_stops_the_command() {
    for epoch in ["yesterday", "1.7e9", "99999999999999999999"] {
        let out = Rinko::new().clock(epoch).args(["check", VALID]).run();
        assert_eq!(out.status.code(), Some(2), "{epoch}");
        let err = stderr(&out);
        assert!(
            err.contains("SOURCE_DATE_EPOCH") && err.contains(epoch),
            "{epoch}: {err}"
        );
    }
    // Unset and empty both mean the real clock.
    assert_eq!(
        Rinko::new()
            .clock("")
            .args(["check", VALID])
            .run()
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        Rinko::new()
            .clock("1767225600")
            .args(["check", VALID])
            .run()
            .status
            .code(),
        Some(0)
    );
}

/// clap's own English: headings, flags, defaults and error sentences.
const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Print help",
    "Print version",
    "[default:",
    "possible values",
    "error:",
    "the following",
    "invalid value",
    "unexpected argument",
    "For more information",
    "tip:",
];

fn assert_no_clap_english(what: &str, text: &str) {
    for english in CLAP_ENGLISH {
        assert!(!text.contains(english), "{what}: {english:?} in\n{text}");
    }
}

/// The subcommands a help screen lists under 「コマンド:」.
fn listed_commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("コマンド:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn every_help_screen_is_japanese() {
    let mut pending = vec![Vec::<String>::new()];
    let mut seen = 0;
    while let Some(path) = pending.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = rinko(&args);
        let help = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(help.contains("使い方: rinko"), "{args:?}: {help}");
        assert!(help.contains("この説明を表示する"), "{args:?}: {help}");
        assert_no_clap_english(&format!("{args:?}"), &help);
        for sub in listed_commands(&help) {
            let mut next = path.clone();
            next.push(sub);
            pending.push(next);
        }
        seen += 1;
    }
    // rinko, 8 commands and at least 8 of their subcommands.
    assert!(seen >= 17, "only {seen} help screens found");
    let version = rinko(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout(&version).starts_with("rinko "));
}

#[test]
fn usage_errors_are_japanese_and_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["check"], "次の引数が必要です: <PATH>"),
        (
            &["check", "--format", "xml", VALID],
            "「xml」は指定できません。指定できる値: text、json、csv",
        ),
        (
            &["check", "--bogus", VALID],
            "「--bogus」というオプションはありません",
        ),
        (&["chek", VALID], "「check」のことですか"),
        (&["bundle", VALID], "--institution <CODE>"),
        (
            &["log", "show", "--last", "abc"],
            "「abc」を読めません。0 以上の整数",
        ),
        (
            &["check", "--max-depth", "3.5", VALID],
            "--max-depth <N> の値「3.5」を読めません",
        ),
        (&["keys", "export-public", "--force"], "--out"),
    ];
    for (args, expected) in cases {
        let out = rinko(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("rinko: エラー: "), "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: {expected:?} not in {err}"
        );
        assert!(err.contains(" --help」"), "{args:?}: {err}");
        assert_no_clap_english(&format!("{args:?}"), &err);
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // The help it points to is the failing command's.
    let err = stderr(&rinko(&["log", "show", "--last", "abc"]));
    assert!(err.contains("「rinko log show --help」"), "{err}");
}

/// English the OS and the zip crate would say.
const OS_ENGLISH: &[&str] = &[
    "os error",
    "File name too long",
    "Not a directory",
    "No space left",
    "Permission denied",
    "invalid Zip archive",
    "Could not find",
    "EOCD",
];

#[test]
fn os_and_zip_errors_reach_the_user_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join(format!("{}.pdf", "長".repeat(100)));
    let not_a_folder = root().join(VALID).join("out.pdf");
    let garbage = dir.path().join("garbage.zip");
    std::fs::write(&garbage, "これは zip ではありません").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["print", "--out", long.to_str().unwrap(), VALID],
            "ファイル名が長すぎる",
        ),
        (
            vec!["print", "--out", not_a_folder.to_str().unwrap(), VALID],
            "フォルダーではありません",
        ),
        (
            vec!["schemas", "import", garbage.to_str().unwrap()],
            "zip として読めません",
        ),
        (vec!["verify", garbage.to_str().unwrap()], "zip"),
    ];
    for (args, expected) in cases {
        let out = rinko(&args);
        let err = stderr(&out) + &stdout(&out);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(
            err.contains(expected),
            "{args:?}: {expected:?} not in {err}"
        );
        for english in OS_ENGLISH {
            assert!(!err.contains(english), "{args:?}: {english:?} in {err}");
        }
    }
}

/// One rule for every output: its folder must exist; Rinko creates none.
#[test]
fn a_missing_output_folder_is_refused_the_same_way_everywhere() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| Rinko::new().data(data.path()).args(args).run();
    let bundle = work.path().join("b.zip");
    let made = run(&[
        "bundle",
        "--institution",
        "0110113719",
        "--out",
        bundle.to_str().unwrap(),
        VALID,
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    assert_eq!(run(&["keys", "generate"]).status.code(), Some(0));

    let missing = work.path().join("no-such-folder");
    let inside = |name: &str| missing.join(name).to_string_lossy().into_owned();
    let (pdf, zip, key, csv, dir) = (
        inside("a.pdf"),
        inside("a.zip"),
        inside("a.pub"),
        inside("a.csv"),
        missing.to_string_lossy().into_owned(),
    );
    let cases: Vec<Vec<&str>> = vec![
        vec!["print", "--out", &pdf, VALID],
        vec![
            "bundle",
            "--institution",
            "0110113719",
            "--out",
            &zip,
            VALID,
        ],
        vec!["keys", "export-public", "--out", &key],
        vec!["ledger", "export", "--out", &csv],
        vec!["verify", bundle.to_str().unwrap(), "--extract", &dir],
    ];
    for args in cases {
        let out = run(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "保存先のフォルダー「{}」がありません",
                missing.display()
            )),
            "{args:?}: {err}"
        );
        assert!(!missing.exists(), "{args:?} created the folder");
    }
}
