//! The workflow layer as the app will use it: every operation in process, with an environment
//! of its own (a temporary data folder, a fixed clock, a named user, a passphrase source), no
//! environment variable and no spawned binary, so that the tests run in parallel. Each checks
//! the operation's result, its typed problems, and the audit entry it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rinko_core::data::{DataFolder, KeyUse};
use rinko_core::ops::{self, Actor, Ask, CancelToken, Clock, Env, PassphraseSource, Phase, Watch};
use rinko_core::records::{AuditLog, Entry, Operation, Outcome};
use rinko_core::{About, Code, Problem, Status};
use sha2::{Digest, Sha256};

const INSTITUTION: &str = "0110113719";
const PASSPHRASE: &str = "correct horse battery staple";
/// 2026-01-01T00:00:00Z.
const EPOCH: i64 = 1_767_225_600;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

/// Answers every passphrase question with one passphrase, and counts the questions.
struct Fixed {
    passphrase: Option<&'static str>,
    asked: Mutex<Vec<Ask>>,
}

impl PassphraseSource for &'static Fixed {
    fn passphrase(&self, ask: Ask) -> Result<String, Problem> {
        self.asked.lock().unwrap().push(ask);
        self.passphrase
            .map(str::to_string)
            .ok_or_else(|| Problem::new(Code::PassphraseMissing, "なし", About::Passphrase))
    }
}

fn fixed(passphrase: Option<&'static str>) -> &'static Fixed {
    Box::leak(Box::new(Fixed {
        passphrase,
        asked: Mutex::new(Vec::new()),
    }))
}

/// An environment in a fresh data folder, the clock fixed at `EPOCH`.
fn env_in(dir: &Path, passphrase: &'static Fixed) -> Env {
    Env {
        data: DataFolder::at(dir.join("data")),
        clock: Clock::Fixed(chrono::DateTime::from_timestamp(EPOCH, 0).unwrap()),
        actor: Actor {
            user: "test-user".into(),
            host: "test-host".into(),
        },
        passphrase: Box::new(passphrase),
    }
}

fn log_entries(env: &Env) -> Vec<Entry> {
    let log = AuditLog::at(&env.data.audit());
    log.verify().expect("the chain is intact");
    let (entries, unreadable) = log.entries().unwrap();
    assert!(unreadable.is_empty());
    entries
}

fn sha256(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

fn check_request(paths: Vec<PathBuf>) -> ops::check::CheckRequest {
    ops::check::CheckRequest {
        paths,
        ..Default::default()
    }
}

#[test]
fn a_check_gives_a_verdict_per_file_and_writes_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let files = vec![
        sample("valid/kojinhyo-2025-koushin.xml"),
        sample("invalid/kojinhyo-2025-kana-hankaku.xml"),
    ];
    let steps = Mutex::new(Vec::new());
    let watch = Watch::new(
        |s: &ops::Step<'_>| {
            if s.phase == Phase::Checking {
                steps
                    .lock()
                    .unwrap()
                    .push((s.done, s.total, s.current.map(str::to_string)));
            }
        },
        |_| {},
    );
    let checked = ops::check::check(&env, &check_request(files.clone()), &watch).unwrap();
    assert!(!checked.cancelled);
    assert_eq!(checked.exit_code(), 1);
    let statuses: Vec<Status> = checked.report.files.iter().map(|f| f.status).collect();
    assert_eq!(statuses, [Status::Pass, Status::Fail]);

    // Each file is announced as it starts and as it ends: done counts up to the total.
    drop(watch);
    let steps = steps.into_inner().unwrap();
    assert_eq!(steps.len(), 4, "{steps:?}");
    assert!(steps
        .iter()
        .all(|(_, total, current)| *total == 2 && current.is_some()));
    assert_eq!(steps.iter().map(|s| s.0).max(), Some(2));

    let entries = log_entries(&env);
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(e.event.operation, Operation::Check);
    assert_eq!(e.event.outcome, Outcome::Fail);
    assert_eq!(e.event.exit_code, 1);
    assert_eq!(e.user, "test-user");
    assert_eq!(e.host, "test-host");
    assert_eq!(e.source_date_epoch, Some(EPOCH));
    assert_eq!(
        e.event
            .inputs
            .iter()
            .map(|h| h.to_string())
            .collect::<Vec<_>>(),
        files.iter().map(|f| sha256(f)).collect::<Vec<_>>(),
        "inputs by hash, in order, never by name"
    );
}

#[test]
fn a_cancelled_check_keeps_what_it_checked_and_logs_it_as_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let cancel = CancelToken::new();
    let stopper = cancel.clone();
    // Cancel as soon as the first file is done: the batch stops at the next file boundary.
    let watch = Watch::new(
        move |s: &ops::Step<'_>| {
            if s.phase == Phase::Checking && s.done >= 1 {
                stopper.cancel();
            }
        },
        |_| {},
    )
    .with_cancel(cancel);
    let all = check_request(vec![sample("valid"), sample("invalid")]);
    let checked = ops::check::check(&env, &all, &watch).unwrap();
    assert!(checked.cancelled);
    let total = rinko_core::input::collect(&all.paths).unwrap().len();
    let done = checked.report.files.len();
    assert!(
        (1..total).contains(&done),
        "{done} of {total} files checked"
    );
    // Every report kept is a whole verdict, not a placeholder.
    assert!(checked
        .report
        .files
        .iter()
        .all(|f| f.sha256.is_some() && !f.findings.iter().any(|x| x.code == "READ-014")));
    assert_eq!(checked.exit_code(), 1, "a cancelled batch is not a pass");
    // The files not reached are named, so that a front-end can list them without a verdict:
    // together with the checked ones, every collected file once, in input order.
    let collected: Vec<String> = rinko_core::input::collect(&all.paths)
        .unwrap()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(checked.unchecked.len(), total - done);
    let mut named: Vec<&String> = checked.report.files.iter().map(|f| &f.path).collect();
    named.extend(&checked.unchecked);
    named.sort();
    let mut expected: Vec<&String> = collected.iter().collect();
    expected.sort();
    assert_eq!(named, expected);
    // Each checked file's real path, beside its report, for a front-end that prints it next.
    let paths: Vec<String> = checked
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let reported: Vec<&String> = checked.report.files.iter().map(|f| &f.path).collect();
    assert_eq!(paths.iter().collect::<Vec<_>>(), reported);
    let entries = log_entries(&env);
    assert_eq!(entries[0].event.outcome, Outcome::Cancelled);
    assert_eq!(entries[0].event.inputs.len(), done);
}

#[test]
fn a_report_saves_as_its_names_format_and_its_subset_counts_only_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let checked = ops::check::check(
        &env,
        &check_request(vec![sample("valid"), sample("invalid")]),
        &Watch::default(),
    )
    .unwrap();
    let report = &checked.report;
    assert!(checked.unchecked.is_empty());

    let csv = dir.path().join("report.CSV");
    let format = ops::check::export(report, &csv, false, env.clock.now()).unwrap();
    assert_eq!(format, rinko_core::report::ReportFormat::Csv);
    let mut expected = Vec::new();
    rinko_core::report::write_csv(report, &mut expected).unwrap();
    assert_eq!(std::fs::read(&csv).unwrap(), expected);
    let again = ops::check::export(report, &csv, false, env.clock.now()).unwrap_err();
    assert_eq!(again.code, Code::OutputExists);
    ops::check::export(report, &csv, true, env.clock.now()).unwrap();

    // Never an input: a report is not named .xml, and whatever else is refused.
    let input = sample("valid").join("ikensho-2025.xml");
    let before = std::fs::read(&input).unwrap();
    for name in [
        input.clone(),
        dir.path().join("report.txt"),
        dir.path().join("report"),
    ] {
        let refused = ops::check::export(report, &name, true, env.clock.now()).unwrap_err();
        assert_eq!(refused.code, Code::OutputName, "{}", name.display());
        assert_eq!(refused.about, About::Output(name.clone()));
    }
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let failing: Vec<usize> = (0..report.files.len())
        .filter(|&i| report.files[i].status == Status::Fail)
        .collect();
    let subset = report.subset(&[failing[1], failing[0], usize::MAX]);
    assert_eq!(subset.files.len(), 2);
    assert_eq!(subset.files[0].path, report.files[failing[1]].path);
    assert_eq!(subset.summary.files, 2);
    assert_eq!(subset.summary.failed, 2);
    assert_eq!(subset.schema_sets, report.schema_sets);
}

#[test]
fn the_front_ends_settings_name_the_data_folder_and_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let settings = ops::Settings {
        data_dir: Some(dir.path().into()),
        source_date_epoch: Some(EPOCH.to_string()),
    };
    let env = Env::new(settings, Box::new(fixed(None))).unwrap();
    assert_eq!(env.data.root(), dir.path());
    assert_eq!(env.clock.fixed_epoch(), Some(EPOCH));
    let bad = ops::Settings {
        data_dir: Some(dir.path().into()),
        source_date_epoch: Some("yesterday".into()),
    };
    let refused = Env::new(bad, Box::new(fixed(None)))
        .err()
        .expect("not a moment");
    assert_eq!(refused.code, Code::InvalidClock);
}

/// Windows's verbatim paths (`\\?\C:\…`, what canonicalizing gives there) reach neither a report
/// nor a message: they are shown as Explorer writes them. A backslash is an ordinary character of
/// a Unix file name, so here the same text names a real file.
#[test]
fn paths_are_shown_without_windows_verbatim_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let watch = Watch::default();

    #[cfg(unix)]
    {
        // One file name on Unix, not a path of its own.
        #[allow(clippy::join_absolute_paths)]
        let file = dir.path().join(r"\\?\C:\検査\a.xml");
        std::fs::copy(sample("valid/kojinhyo-2025-koushin.xml"), &file).unwrap();
        let checked = ops::check::check(&env, &check_request(vec![file]), &watch).unwrap();
        assert_eq!(
            checked.report.files[0].path,
            format!("{}/C:\\検査\\a.xml", dir.path().display())
        );
    }

    let missing = PathBuf::from(r"\\?\UNC\server\share\no-such.xml");
    let p = ops::check::check(&env, &check_request(vec![missing.clone()]), &watch)
        .err()
        .unwrap();
    assert!(
        p.message.contains(r"\\server\share\no-such.xml") && !p.message.contains(r"\\?\"),
        "{}",
        p.message
    );
    // What the problem is about stays the path as given: the front-end finds its input by it.
    assert_eq!(p.about, About::Input(missing));
}

#[test]
fn problems_say_what_they_are_about() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let watch = Watch::default();

    let missing = root().join("samples/no-such.xml");
    let p = ops::check::check(&env, &check_request(vec![missing.clone()]), &watch)
        .err()
        .unwrap();
    assert_eq!(
        (p.code, p.about),
        (Code::InputUnreadable, About::Input(missing))
    );

    let empty = tempfile::tempdir().unwrap();
    let p = ops::check::check(&env, &check_request(vec![empty.path().into()]), &watch)
        .err()
        .unwrap();
    assert_eq!(p.code, Code::NoFiles);

    let mut bad_day = check_request(vec![sample("valid")]);
    bad_day.today = Some("2025-02-30".into());
    let p = ops::check::check(&env, &bad_day, &watch).err().unwrap();
    assert_eq!((p.code, p.about), (Code::InvalidDay, About::Today));

    let mut zero = check_request(vec![sample("valid")]);
    zero.limits.max_depth = 0;
    let p = ops::check::check(&env, &zero, &watch).err().unwrap();
    assert_eq!(
        (p.code, p.about),
        (Code::LimitZero, About::Limit("max_depth"))
    );

    let seal = ops::seal::SealRequest {
        paths: vec![sample("valid")],
        institution: "0110113710".into(),
        out: dir.path().join("b.zip"),
        ..Default::default()
    };
    let p = ops::seal::prepare(&env, &seal, &watch).err().unwrap();
    assert_eq!(
        (p.code, p.about),
        (Code::InstitutionCode, About::Institution)
    );

    let encrypted = ops::seal::SealRequest {
        institution: INSTITUTION.into(),
        out: dir.path().join("b.7z"),
        encrypt: true,
        ..seal.clone()
    };
    let p = ops::seal::prepare(&env, &encrypted, &watch).err().unwrap();
    assert_eq!(
        (p.code, p.about),
        (Code::PassphraseMissing, About::Passphrase)
    );

    let signed = ops::seal::SealRequest {
        institution: INSTITUTION.into(),
        sign: true,
        ..seal
    };
    let p = ops::seal::prepare(&env, &signed, &watch).err().unwrap();
    assert_eq!(p.code, Code::KeyMissing);
    assert!(matches!(p.about, About::SigningKey(_)));

    // Nothing that failed before its work wrote an entry.
    assert!(!env.data.audit().join("audit.jsonl").exists());
}

#[test]
fn printing_writes_once_and_refuses_forms_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let watch = Watch::default();
    let out = dir.path().join("forms.pdf");
    let request = ops::print::PrintRequest {
        paths: vec![sample("valid/ikensho-2025.xml")],
        out: out.clone(),
        ..Default::default()
    };
    match ops::print::print(&env, &request, &watch).unwrap() {
        ops::print::Printed::Written { forms, .. } => assert_eq!(forms, 1),
        _ => panic!("printed"),
    }
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    let p = ops::print::print(&env, &request, &watch).err().unwrap();
    assert_eq!(
        (p.code, p.about),
        (Code::OutputExists, About::Output(out.clone()))
    );

    let refused = ops::print::PrintRequest {
        paths: vec![sample("invalid/kojinhyo-2025-kana-hankaku.xml")],
        out: dir.path().join("refused.pdf"),
        ..Default::default()
    };
    match ops::print::print(&env, &refused, &watch).unwrap() {
        ops::print::Printed::Refused { refusals, .. } => {
            assert!(matches!(refusals[..], [(_, ops::print::Refusal::Errors(n))] if n > 0))
        }
        _ => panic!("refused"),
    }
    assert!(!dir.path().join("refused.pdf").exists());
    let outcomes: Vec<(Operation, Outcome)> = log_entries(&env)
        .iter()
        .map(|e| (e.event.operation.clone(), e.event.outcome.clone()))
        .collect();
    assert_eq!(
        outcomes,
        [
            (Operation::Print, Outcome::Pass),
            (Operation::Print, Outcome::Refused)
        ]
    );
}

#[test]
fn the_preview_is_the_html_printout_with_errors_marked_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let watch = Watch::default();
    let files = vec![
        sample("valid/ikensho-2025.xml"),
        sample("invalid/kojinhyo-2025-kana-hankaku.xml"),
    ];
    let shown = ops::print::preview(&env, &files, &Default::default(), None, &watch).unwrap();
    let ops::print::Previewed::Shown {
        html,
        forms,
        report,
    } = shown
    else {
        panic!("shown")
    };
    assert_eq!(forms, 2);
    assert_eq!(report.files.len(), 2);
    assert!(report.files[1].errors() > 0, "the second file has エラー");
    // The page `print --out x.html` writes for the same files, with errors allowed.
    let out = dir.path().join("same.html");
    let request = ops::print::PrintRequest {
        paths: files,
        out: out.clone(),
        allow_errors: true,
        ..Default::default()
    };
    assert!(matches!(
        ops::print::print(&env, &request, &watch).unwrap(),
        ops::print::Printed::Written { .. }
    ));
    assert_eq!(html, std::fs::read_to_string(&out).unwrap());
    assert_eq!(html.matches(rinko_core::print::ERROR_MARK).count(), 1);
    for active in ["<script", "src=", "href=", "url(", "http:", "https:"] {
        assert!(!html.contains(active), "the page holds {active}");
    }
    // Only the print was logged.
    let operations: Vec<Operation> = log_entries(&env)
        .iter()
        .map(|e| e.event.operation.clone())
        .collect();
    assert_eq!(operations, [Operation::Print]);

    let unroutable = vec![sample("invalid/root-michi-seikyusho.xml")];
    match ops::print::preview(&env, &unroutable, &Default::default(), None, &watch).unwrap() {
        ops::print::Previewed::Refused { refusals, .. } => {
            assert!(matches!(refusals[..], [(_, ops::print::Refusal::NotAForm)]))
        }
        _ => panic!("refused"),
    }
}

#[test]
fn sealed_encrypted_and_signed_it_verifies_and_extracts_on_the_other_pc() {
    let sender = tempfile::tempdir().unwrap();
    let source = fixed(Some(PASSPHRASE));
    let env = env_in(sender.path(), source);
    let watch = Watch::default();
    let (_, public) = ops::keys::generate(&env, &watch).unwrap();
    let p = ops::keys::generate(&env, &watch).err().unwrap();
    assert_eq!(p.code, Code::KeyExists, "a key is never replaced");
    let exported = sender.path().join("institution.pub");
    let key = ops::keys::export_public(&env, Some((&exported, false))).unwrap();
    assert_eq!(key.key, public);

    let out = sender.path().join("bundle.7z");
    let request = ops::seal::SealRequest {
        paths: vec![sample("valid")],
        institution: INSTITUTION.into(),
        out: out.clone(),
        medium: Some("USB-03".into()),
        encrypt: true,
        sign: true,
        ..Default::default()
    };
    let ready = match ops::seal::prepare(&env, &request, &watch).unwrap() {
        ops::seal::Prepared::Ready(ready) => ready,
        _ => panic!("the valid samples seal"),
    };
    assert_eq!(*source.asked.lock().unwrap(), [Ask::New]);
    let made = ops::seal::seal(&env, &request, *ready, &watch).unwrap();
    assert!(out.exists() && made.slip.exists());
    let sent = log_entries(&env);
    let bundle = sent.last().unwrap();
    assert_eq!(bundle.event.operation, Operation::Bundle);
    let record = bundle.event.bundle.as_ref().unwrap();
    assert_eq!(
        record.operator, "test-user",
        "the OS user carries it by default"
    );
    assert!(record.encrypted && record.signed);

    // The receiving PC trusts the sender's key, then verifies and extracts.
    let receiver = tempfile::tempdir().unwrap();
    let receiving = env_in(receiver.path(), fixed(Some(PASSPHRASE)));
    let trusted = ops::keys::trust(&receiving, KeyUse::Bundles, &exported, &watch).unwrap();
    assert!(!trusted.already);
    assert!(
        ops::keys::trust(&receiving, KeyUse::Bundles, &exported, &watch)
            .unwrap()
            .already
    );
    let into = receiver.path().join("in");
    std::fs::create_dir(&into).unwrap();
    let verify = ops::verify::VerifyRequest {
        bundle: out.clone(),
        extract: Some(into.clone()),
        ..Default::default()
    };
    let verified = ops::verify::verify(&receiving, &verify, &watch).unwrap();
    assert!(
        verified.verification.passed(),
        "{:?}",
        verified.verification.rejections
    );
    assert_eq!(verified.exit_code(), 0);
    let extracted = verified.extracted.unwrap().unwrap();
    assert_eq!(extracted.len(), made.sealed.files.len());

    // The same bundle with the wrong passphrase: one rejection, nothing extracted.
    let wrong = env_in(receiver.path(), fixed(Some("a wrong passphrase!")));
    let again = ops::verify::verify(
        &wrong,
        &ops::verify::VerifyRequest {
            extract: Some(receiver.path().join("none")),
            ..verify.clone()
        },
        &watch,
    );
    let p = again.err().unwrap();
    assert_eq!(p.about, About::ExtractFolder(receiver.path().join("none")));
    let rejected = ops::verify::verify(
        &wrong,
        &ops::verify::VerifyRequest {
            extract: None,
            ..verify
        },
        &watch,
    )
    .unwrap();
    assert_eq!(rejected.exit_code(), 1);
    assert_eq!(
        rejected.verification.rejections[0].code,
        "BUNDLE-PASSPHRASE"
    );

    let received: Vec<(Operation, Outcome)> = log_entries(&receiving)
        .iter()
        .map(|e| (e.event.operation.clone(), e.event.outcome.clone()))
        .collect();
    assert_eq!(
        received,
        [
            (Operation::KeysTrust, Outcome::Pass),
            (Operation::Verify, Outcome::Pass),
            (Operation::Verify, Outcome::Fail)
        ],
        "a key already trusted writes no second entry"
    );
    let ledger = ops::log::ledger(&receiving, None).unwrap();
    assert_eq!((ledger.rows, ledger.breaks), (2, 0));
}

#[test]
fn a_cancelled_seal_writes_nothing_and_is_logged_as_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let cancel = CancelToken::new();
    cancel.cancel();
    let watch = Watch::default().with_cancel(cancel);
    let out = dir.path().join("bundle.zip");
    let request = ops::seal::SealRequest {
        paths: vec![sample("valid")],
        institution: INSTITUTION.into(),
        out: out.clone(),
        ..Default::default()
    };
    match ops::seal::prepare(&env, &request, &watch).unwrap() {
        ops::seal::Prepared::Cancelled { report } => assert!(report.files.is_empty()),
        _ => panic!("cancelled before the first file"),
    }
    assert!(!out.exists());
    let entries = log_entries(&env);
    assert_eq!(
        (&entries[0].event.operation, &entries[0].event.outcome),
        (&Operation::Bundle, &Outcome::Cancelled)
    );
}

#[test]
fn a_pack_is_imported_into_force_and_removed_again() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let notices = Mutex::new(Vec::<Problem>::new());
    let watch = Watch::new(
        |_| {},
        |p: &Problem| notices.lock().unwrap().push(p.clone()),
    );
    let pack = dir.path().join("pack");
    write_pack(&pack, "9999.1");
    let imported = ops::packs::import(
        &env,
        &ops::packs::ImportRequest {
            pack: pack.clone(),
            ..Default::default()
        },
        &watch,
    )
    .unwrap();
    assert_eq!(
        imported.set.manifest.version.split('.').next(),
        Some("9999")
    );
    let listed = ops::packs::list(&env, &Default::default(), &watch).unwrap();
    let kojinhyo = listed
        .iter()
        .find(|s| s.manifest.id == "rinko-kojinhyo-2025")
        .unwrap();
    assert!(
        kojinhyo.manifest.version.starts_with("9999."),
        "the pack is in force"
    );

    // An older pack is a downgrade: refused unless asked for.
    let older = dir.path().join("older");
    write_pack(&older, "1.0");
    let p = ops::packs::import(
        &env,
        &ops::packs::ImportRequest {
            pack: older.clone(),
            ..Default::default()
        },
        &watch,
    )
    .err()
    .unwrap();
    assert_eq!((p.code, p.about), (Code::PackDowngrade, About::Pack(older)));

    // A stored pack edited afterwards is damaged: announced, the others go on.
    let stored = env
        .data
        .schema_sets()
        .join("rinko-kojinhyo-2025/checks.toml");
    std::fs::write(&stored, "# edited\n").unwrap();
    ops::packs::list(&env, &Default::default(), &watch).unwrap();
    let notices = notices.lock().unwrap().clone();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].code, Code::DamagedSet);
    assert_eq!(
        notices[0].about,
        About::SchemaSetId("rinko-kojinhyo-2025".into())
    );

    let removed = ops::packs::remove(&env, "rinko-kojinhyo-2025", &watch).unwrap();
    assert!(
        removed.embedded.is_some(),
        "the embedded set is in force again"
    );
    let p = ops::packs::remove(&env, "rinko-kojinhyo-2025", &watch)
        .err()
        .unwrap();
    assert_eq!(p.code, Code::PackNotFound);
    let operations: Vec<Operation> = log_entries(&env)
        .iter()
        .map(|e| e.event.operation.clone())
        .collect();
    assert_eq!(
        operations,
        [Operation::SchemasImport, Operation::SchemasRemove]
    );
}

/// The embedded 臨個票 2025 set as a rule pack of `version`, with its manifest.
fn write_pack(dir: &Path, version: &str) {
    let set = root().join("schemas/rinko-kojinhyo-2025");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&set).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
    let manifest = String::from_utf8(files["schema-set.toml"].clone()).unwrap();
    let at = manifest.find("version = \"").unwrap() + "version = \"".len();
    let end = at + manifest[at..].find('"').unwrap();
    let manifest = format!("{}{version}{}", &manifest[..at], &manifest[end..]);
    files.insert("schema-set.toml".into(), manifest.into_bytes());
    let list: String = files
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", hex::encode(Sha256::digest(bytes))))
        .collect();
    files.insert("manifest-sha256.txt".into(), list.into_bytes());
    std::fs::create_dir_all(dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

#[test]
fn the_log_shows_its_entries_and_refuses_to_show_none() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), fixed(None));
    let watch = Watch::default();
    for _ in 0..3 {
        ops::check::check(
            &env,
            &check_request(vec![sample("valid/ikensho-2025.xml")]),
            &watch,
        )
        .unwrap();
    }
    let shown = ops::log::show(&env, Some(2)).unwrap();
    assert_eq!(
        shown.entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [2, 3]
    );
    let p = ops::log::show(&env, Some(0)).err().unwrap();
    assert_eq!((p.code, p.about), (Code::LimitZero, About::Limit("last")));
    assert_eq!(ops::log::verify(&env).result.unwrap().entries, 3);
}

#[test]
fn the_apps_extraction_folder_must_exist_and_be_empty() {
    let dir = tempfile::tempdir().unwrap();
    ops::verify::empty_folder(dir.path()).unwrap();
    std::fs::write(dir.path().join("memo.txt"), "keep").unwrap();
    let p = ops::verify::empty_folder(dir.path()).err().unwrap();
    assert_eq!(
        (p.code, p.about),
        (Code::OutputExists, About::ExtractFolder(dir.path().into()))
    );
    assert!(p.message.contains("空ではありません"), "{}", p.message);
    let missing = dir.path().join("ない");
    let p = ops::verify::empty_folder(&missing).err().unwrap();
    assert_eq!(p.about, About::ExtractFolder(missing));
}
