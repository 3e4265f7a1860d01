//! The commands the page may call (each allowed by name in `capabilities/main.json`), each a
//! thin wrapper over one workflow of `rinko_core::ops`: they build the environment, carry
//! progress to the page through a channel and its 中止 to the workflow's cancel token, open the
//! native dialogs, and hand back the workflow's own outputs (the JSON report of
//! docs/report-json.md, the schema-set list of `schemas list --format json`). A refusal comes
//! back as the workflow's [`Problem`], whose `about` says which part of the screen it concerns.
//! Nothing here checks, routes or renders a document.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rinko_core::codes::CodeTables;
use rinko_core::ops::{self, Ask, CancelToken, Env, PassphraseSource, Settings, Step, Watch};
use rinko_core::records::audit::EntryShown;
use rinko_core::report::{BatchReport, ReportFormat};
use rinko_core::{About, Code, Problem};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::ipc::Channel;
use tauri::{State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

/// What the app holds between commands.
#[derive(Default)]
pub struct Session {
    /// Where drops go, once the page has asked for them.
    drops: Mutex<Option<Channel<Dragged>>>,
    /// The running check's token, for 中止.
    running: Mutex<Option<CancelToken>>,
    /// The last batch, for the export, the preview and printing.
    last: Mutex<Option<Arc<Checked>>>,
}

/// A checked batch as the page last showed it.
struct Checked {
    report: BatchReport,
    /// The real path of each file of `report.files`.
    paths: Vec<PathBuf>,
}

/// A lock that a panicked holder left behind still holds plain data.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Files dragged over the window, as the OS reports them, for the page.
#[derive(Clone, Serialize)]
#[serde(tag = "kind", content = "paths", rename_all = "lowercase")]
pub enum Dragged {
    Enter,
    Leave,
    Drop(Vec<PathBuf>),
}

impl Session {
    pub fn dropped(&self, drop: Dragged) {
        if let Some(channel) = lock(&self.drops).as_ref() {
            // A page that went away no longer listens; the next page asks again.
            let _ = channel.send(drop);
        }
    }
}

/// The app asks for no passphrase on the 検査 screen; the workflows it calls never need one.
struct NoPassphrase;

impl PassphraseSource for NoPassphrase {
    fn passphrase(&self, _: Ask) -> Result<String, Problem> {
        Err(Problem::new(
            Code::PassphraseMissing,
            "この画面ではパスフレーズを使いません。",
            About::Passphrase,
        ))
    }
}

/// The passphrase the page sent for one operation (封緘's, entered twice there). This copy is
/// overwritten when the operation is done; the core overwrites its own.
struct Given(Zeroizing<String>);

impl PassphraseSource for Given {
    fn passphrase(&self, _: Ask) -> Result<String, Problem> {
        Ok(self.0.as_str().to_owned())
    }
}

/// The environment of one operation, read afresh, as the CLI reads it for each command.
fn env() -> Result<Env, Problem> {
    env_with(None)
}

fn env_with(passphrase: Option<Zeroizing<String>>) -> Result<Env, Problem> {
    let source: Box<dyn PassphraseSource> = match passphrase {
        Some(p) => Box::new(Given(p)),
        None => Box::new(NoPassphrase),
    };
    Env::new(Settings::from_process_environment(), source)
}

/// Runs blocking work off the window's threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(Problem::internal(format!("処理が異常終了しました: {e}"))))
}

/// Warnings that did not stop an operation (a damaged imported set, an unwritable log).
#[derive(Default)]
struct Notices(Mutex<Vec<Problem>>);

impl Notices {
    fn add(&self, problem: &Problem) {
        lock(&self.0).push(problem.clone());
    }
    fn take(self) -> Vec<Problem> {
        self.0.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

/// Runs a short operation (no progress, no 中止) off the window's threads, collecting its
/// notices.
async fn briefly<T: Send + 'static>(
    work: impl FnOnce(&Env, &Watch) -> Result<T, Problem> + Send + 'static,
) -> Result<(T, Vec<Problem>), Problem> {
    blocking(move || {
        let env = env()?;
        let notices = Notices::default();
        let done = work(&env, &Watch::new(|_| {}, |p| notices.add(p)))?;
        Ok((done, notices.take()))
    })
    .await
}

/// What the header shows: the active sets as `schemas list --format json` lists them, the
/// day checks take as today, the data folder and the version.
#[derive(Serialize)]
pub struct SessionView {
    schema_sets: Value,
    today: String,
    data_folder: PathBuf,
    version: &'static str,
    /// Who works here, as the audit log names them unless a form (封緘, 検証) says otherwise.
    operator: String,
    notices: Vec<Problem>,
}

#[tauri::command]
pub async fn session() -> Result<SessionView, Problem> {
    let (view, notices) = briefly(|env, watch| {
        let sets = ops::packs::list(env, &ops::SetChoice::default(), watch)?;
        let listed: Value = serde_json::from_str(&rinko_core::report::sets_json(&sets))
            .map_err(|e| Problem::internal(format!("スキーマセットの一覧を作れません: {e}")))?;
        Ok(SessionView {
            schema_sets: listed["schema_sets"].clone(),
            today: env.today(None)?,
            data_folder: env.data.root().to_path_buf(),
            version: env!("CARGO_PKG_VERSION"),
            operator: env.operator(None),
            notices: Vec::new(),
        })
    })
    .await?;
    Ok(SessionView { notices, ..view })
}

/// The page's channel for drops; a reloaded page replaces the old one.
#[tauri::command]
pub fn watch_drops(channel: Channel<Dragged>, session: State<'_, Session>) {
    *lock(&session.drops) = Some(channel);
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pick {
    Files,
    Folder,
}

/// The native dialog for XML files or a folder; an empty list when the user closed it.
#[tauri::command]
pub async fn pick(what: Pick, window: WebviewWindow) -> Vec<PathBuf> {
    let dialog = window.dialog().file().set_parent(&window);
    let picked = match what {
        Pick::Files => dialog
            .set_title("検査する XML ファイルを選ぶ")
            .add_filter("XML ファイル", &["xml", "XML"])
            .blocking_pick_files()
            .unwrap_or_default(),
        Pick::Folder => dialog
            .set_title("検査するフォルダーを選ぶ")
            .blocking_pick_folder()
            .into_iter()
            .collect(),
    };
    picked
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect()
}

/// One progress report as the page shows it.
#[derive(Clone, Serialize)]
pub struct Progress {
    phase: &'static str,
    done: usize,
    total: usize,
    current: Option<String>,
}

/// The checked batch: the JSON report (docs/report-json.md), whether 中止 stopped it, the
/// files it did not reach, and the notices.
#[derive(Serialize)]
pub struct CheckView {
    report: Value,
    cancelled: bool,
    unchecked: Vec<String>,
    notices: Vec<Problem>,
}

/// How often the page hears of a running batch: often enough for the bar to move, seldom enough
/// that redrawing the window (on the cores the check runs on) costs the check little.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Runs one long operation off the window's threads, the only one at a time: its progress goes
/// to the page's channel (a phase change and the last item always, else every
/// `PROGRESS_EVERY`), its notices are collected, and 中止 reaches it through its token.
async fn long_running<T: Send + 'static>(
    session: &Session,
    progress: Channel<Progress>,
    passphrase: Option<Zeroizing<String>>,
    work: impl FnOnce(&Env, &Watch) -> Result<T, Problem> + Send + 'static,
) -> Result<(T, Vec<Problem>), Problem> {
    let token = {
        let mut running = lock(&session.running);
        if running.is_some() {
            return Err(Problem::new(
                Code::Internal,
                "ほかの処理を実行中です。終わるか中止してから、もう一度始めてください。",
                About::Operation,
            ));
        }
        running.insert(CancelToken::new()).clone()
    };
    let result = blocking(move || {
        let env = env_with(passphrase)?;
        let notices = Notices::default();
        let last_sent: Mutex<Option<(&'static str, Instant)>> = Mutex::new(None);
        let report_step = |step: &Step<'_>| {
            let phase = step.phase.label();
            let mut last = lock(&last_sent);
            let due = match *last {
                Some((shown, at)) => {
                    shown != phase || step.done == step.total || at.elapsed() >= PROGRESS_EVERY
                }
                None => true,
            };
            if due {
                *last = Some((phase, Instant::now()));
                let _ = progress.send(Progress {
                    phase,
                    done: step.done,
                    total: step.total,
                    current: step.current.map(str::to_string),
                });
            }
        };
        let watch = Watch::new(report_step, |p| notices.add(p)).with_cancel(token);
        let done = work(&env, &watch)?;
        drop(watch);
        Ok((done, notices.take()))
    })
    .await;
    *lock(&session.running) = None;
    result
}

/// Checks files and folders (folders searched for `*.xml` as the CLI searches them) with the
/// active sets, as `rinko check` does, writing the same audit entry.
#[tauri::command]
pub async fn check(
    paths: Vec<PathBuf>,
    progress: Channel<Progress>,
    session: State<'_, Session>,
) -> Result<CheckView, Problem> {
    let ((checked, view), notices) = long_running(&session, progress, None, move |env, watch| {
        let request = ops::check::CheckRequest {
            paths,
            ..Default::default()
        };
        let checked = ops::check::check(env, &request, watch)?;
        let report = json_of(&checked.report)?;
        let view = CheckView {
            report,
            cancelled: checked.cancelled,
            unchecked: checked.unchecked,
            notices: Vec::new(),
        };
        Ok((
            Checked {
                report: checked.report,
                paths: checked.paths,
            },
            view,
        ))
    })
    .await?;
    *lock(&session.last) = Some(Arc::new(checked));
    Ok(CheckView { notices, ..view })
}

/// A report as the page reads it: the JSON of docs/report-json.md.
fn json_of(report: &BatchReport) -> Result<Value, Problem> {
    let mut json = Vec::new();
    rinko_core::report::write_json(report, &mut json)
        .map_err(|e| Problem::internal(format!("レポートを作れません: {e}")))?;
    serde_json::from_slice(&json)
        .map_err(|e| Problem::internal(format!("レポートを読めません: {e}")))
}

/// 中止: the running check stops at the next file and keeps what it checked.
#[tauri::command]
pub fn cancel(session: State<'_, Session>) {
    if let Some(token) = lock(&session.running).as_ref() {
        token.cancel();
    }
}

/// Saves the last batch's report through the save dialog, in the CLI's format, with only the
/// files the page shows (`files`: their positions in the report; all when absent). The saved
/// path, or `None` when the user closed the dialog.
#[tauri::command]
pub async fn export(
    format: ReportFormat,
    files: Option<Vec<usize>>,
    window: WebviewWindow,
    session: State<'_, Session>,
) -> Result<Option<PathBuf>, Problem> {
    let batch = last_batch(&session, "保存する検査結果がありません。")?;
    let extension = format.extension();
    let picked = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title("検査結果を保存")
        .set_file_name(format!("検査結果.{extension}"))
        .add_filter(extension.to_uppercase(), &[extension])
        .blocking_save_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    blocking(move || {
        let shown = match files {
            Some(positions) => batch.report.subset(&positions),
            None => batch.report.clone(),
        };
        // The save dialog has asked before replacing a file.
        ops::check::export(&shown, &path, true, env()?.clock.now())?;
        Ok(Some(path))
    })
    .await
}

/// The last checked batch, or what to do first.
fn last_batch(session: &Session, missing: &str) -> Result<Arc<Checked>, Problem> {
    lock(&session.last).clone().ok_or_else(|| {
        Problem::new(
            Code::NoFiles,
            format!("{missing}先にファイルを検査してください。"),
            About::Operation,
        )
    })
}

/// The paths of the last batch's files at `files` (positions in its report).
fn chosen_paths(session: &Session, files: &[usize]) -> Result<Vec<PathBuf>, Problem> {
    let batch = last_batch(session, "印刷するファイルがありません。")?;
    let paths: Vec<PathBuf> = files
        .iter()
        .filter_map(|&i| batch.paths.get(i).cloned())
        .collect();
    if paths.is_empty() || paths.len() != files.len() {
        return Err(Problem::new(
            Code::NoFiles,
            "印刷するファイルを検査結果の一覧で選んでください。",
            About::Operation,
        ));
    }
    Ok(paths)
}

/// A file that cannot be printed, and why (the CLI's words).
#[derive(Serialize)]
pub struct RefusalView {
    path: String,
    reason: String,
}

/// What a preview or a print gives the page: the HTML page (preview), the PDF saved (print),
/// or the files that stopped it; and the files with エラー among them.
#[derive(Serialize, Default)]
pub struct PrintView {
    html: Option<String>,
    saved: Option<PathBuf>,
    forms: usize,
    /// The system's PDF viewer was started on `saved`; when not, why (in Japanese).
    opened: bool,
    open_problem: Option<String>,
    with_errors: Vec<String>,
    refusals: Vec<RefusalView>,
    cancelled: bool,
    notices: Vec<Problem>,
}

impl PrintView {
    /// Nothing printed or shown: the files that stopped it, each with the CLI's reason.
    fn refused(refusals: Vec<(String, ops::print::Refusal)>) -> PrintView {
        PrintView {
            refusals: refusals
                .into_iter()
                .map(|(path, why)| RefusalView {
                    path,
                    reason: why.message(),
                })
                .collect(),
            ..PrintView::default()
        }
    }

    fn cancelled() -> PrintView {
        PrintView {
            cancelled: true,
            ..PrintView::default()
        }
    }
}

fn with_errors(report: &BatchReport) -> Vec<String> {
    report
        .files
        .iter()
        .filter(|f| f.errors() > 0)
        .map(|f| f.path.clone())
        .collect()
}

/// The preview of the chosen files as `rinko print --out x.html` renders them (forms with
/// エラー marked); the page shows it without script. Nothing is written or logged.
#[tauri::command]
pub async fn preview(
    files: Vec<usize>,
    progress: Channel<Progress>,
    session: State<'_, Session>,
) -> Result<PrintView, Problem> {
    let paths = chosen_paths(&session, &files)?;
    let (view, notices) = long_running(&session, progress, None, move |env, watch| {
        use ops::print::Previewed;
        Ok(
            match ops::print::preview(env, &paths, &ops::SetChoice::default(), None, watch)? {
                Previewed::Shown {
                    html,
                    forms,
                    report,
                } => PrintView {
                    html: Some(html),
                    forms,
                    with_errors: with_errors(&report),
                    ..PrintView::default()
                },
                Previewed::Refused { refusals, .. } => PrintView::refused(refusals),
                Previewed::Cancelled { .. } => PrintView::cancelled(),
            },
        )
    })
    .await?;
    Ok(PrintView { notices, ..view })
}

/// 印刷: the chosen files into one PDF through the save dialog, as `rinko print` writes it
/// and logs it (with `allow_errors`, forms with エラー print marked 「エラーあり・提出不可」;
/// the page asks first), then opened in the system's PDF viewer for its print dialog. `None`
/// when the user closed the dialog.
#[tauri::command]
pub async fn print(
    files: Vec<usize>,
    allow_errors: bool,
    progress: Channel<Progress>,
    window: WebviewWindow,
    session: State<'_, Session>,
) -> Result<Option<PrintView>, Problem> {
    let paths = chosen_paths(&session, &files)?;
    let suggested = match paths.as_slice() {
        [one] => one
            .file_stem()
            .map(|s| format!("{}.pdf", s.to_string_lossy()))
            .unwrap_or_else(|| "印刷.pdf".into()),
        many => format!("印刷（{} 件）.pdf", many.len()),
    };
    let picked = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title("印刷する PDF を保存")
        .set_file_name(suggested)
        .add_filter("PDF", &["pdf"])
        .blocking_save_file();
    let Some(out) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let (view, notices) = long_running(&session, progress, None, move |env, watch| {
        use ops::print::Printed;
        let request = ops::print::PrintRequest {
            paths,
            out,
            allow_errors,
            // The save dialog has asked before replacing a file.
            replace: true,
            ..Default::default()
        };
        Ok(match ops::print::print(env, &request, watch)? {
            Printed::Written { out, forms, report } => {
                let open_problem = open_in_viewer(&out).err();
                PrintView {
                    opened: open_problem.is_none(),
                    open_problem,
                    saved: Some(out),
                    forms,
                    with_errors: with_errors(&report),
                    ..PrintView::default()
                }
            }
            Printed::Refused { refusals, .. } => PrintView::refused(refusals),
            Printed::Cancelled { .. } => PrintView::cancelled(),
        })
    })
    .await?;
    Ok(Some(PrintView { notices, ..view }))
}

/// Starts the system's PDF viewer on `pdf` (its print dialog prints); why not, in Japanese.
fn open_in_viewer(pdf: &std::path::Path) -> Result<(), String> {
    open::that(pdf).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "PDF を開くプログラムが見つかりません".to_string(),
            _ => rinko_core::read::io_reason_ja(&e),
        };
        format!("PDF ビューアーを開けませんでした（{why}）。保存した PDF をファイルから開いて印刷してください。")
    })
}

/// The institution's signing key: whether it exists and its fingerprint (as `rinko keys
/// export-public` shows it), or why it cannot be used.
#[derive(Serialize)]
pub struct KeyView {
    exists: bool,
    fingerprint: Option<String>,
    problem: Option<Problem>,
}

fn key_view(env: &Env) -> KeyView {
    match ops::keys::export_public(env, None) {
        Ok(public) => KeyView {
            exists: true,
            fingerprint: Some(rinko_core::digest::key_fingerprint(&public.key)),
            problem: None,
        },
        Err(p) if p.code == Code::KeyMissing => KeyView {
            exists: false,
            fingerprint: None,
            problem: None,
        },
        Err(p) => KeyView {
            exists: true,
            fingerprint: None,
            problem: Some(p),
        },
    }
}

/// What the 封緘 form starts from (besides the session's operator): the passphrase rule and
/// the signing key.
#[derive(Serialize)]
pub struct SealFormView {
    min_passphrase_chars: usize,
    key: KeyView,
}

#[tauri::command]
pub async fn seal_form() -> Result<SealFormView, Problem> {
    blocking(|| {
        let env = env()?;
        Ok(SealFormView {
            min_passphrase_chars: rinko_core::bundle::crypt::MIN_PASSPHRASE_CHARS,
            key: key_view(&env),
        })
    })
    .await
}

/// The 医療機関コード as it is typed: `None` when it is one, else the CLI's message.
#[tauri::command]
pub fn check_institution(code: String) -> Option<String> {
    ops::seal::check_institution(&code).err().map(|p| p.message)
}

/// 署名鍵を作る: `rinko keys generate` (owner-only; an existing key is never replaced).
#[tauri::command]
pub async fn generate_key() -> Result<KeyView, Problem> {
    blocking(|| {
        let env = env()?;
        ops::keys::generate(&env, &Watch::default())?;
        Ok(key_view(&env))
    })
    .await
}

/// The 封緘 form as the page sends it: files by their position in the last batch's report.
#[derive(Deserialize)]
pub struct SealForm {
    files: Vec<usize>,
    institution: String,
    operator: Option<String>,
    medium: Option<String>,
    /// Given when encrypting; overwritten when sealing is done.
    passphrase: Option<Zeroizing<String>>,
    sign: bool,
}

/// A file that kept the batch from being sealed, or that is sealed with a mark.
#[derive(Serialize)]
pub struct SealFileView {
    path: String,
    reason: String,
}

/// What 封緘 did: the bundle and its slip with the fingerprint to read aloud, or the files that
/// stopped it (nothing written), or 中止.
#[derive(Serialize, Default)]
pub struct SealView {
    bundle: Option<PathBuf>,
    slip: Option<PathBuf>,
    files: usize,
    /// In groups of four, as the slip prints it.
    fingerprint: Option<String>,
    key_fingerprint: Option<String>,
    slip_opened: bool,
    open_problem: Option<String>,
    /// Sealed with a mark on the slip: 警告, forms of another institution.
    marked: Vec<SealFileView>,
    refused: Vec<SealFileView>,
    cancelled: bool,
    notices: Vec<Problem>,
}

/// 封緘: the chosen files into a bundle through the save dialog (`.zip`, or `.7z` encrypted)
/// with its 媒体持出記録票 beside it, as `rinko bundle` seals and logs them, then the slip opened
/// in the PDF viewer. `None` when the user closed the dialog.
#[tauri::command]
pub async fn seal(
    form: SealForm,
    progress: Channel<Progress>,
    window: WebviewWindow,
    session: State<'_, Session>,
) -> Result<Option<SealView>, Problem> {
    ops::seal::check_institution(&form.institution)?;
    let paths = chosen_paths(&session, &form.files)?;
    let encrypt = form.passphrase.is_some();
    let extension = if encrypt { "7z" } else { "zip" };
    let today: String = env()?
        .today(None)?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let picked = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title("バンドルを保存")
        .set_file_name(format!("rinko-{today}.{extension}"))
        .add_filter(extension.to_uppercase(), &[extension])
        .blocking_save_file();
    let Some(out) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let SealForm {
        institution,
        operator,
        medium,
        passphrase,
        sign,
        ..
    } = form;
    let (view, notices) = long_running(&session, progress, passphrase, move |env, watch| {
        use ops::seal::Prepared;
        let request = ops::seal::SealRequest {
            paths,
            institution,
            out,
            operator: operator.filter(|o| !o.trim().is_empty()),
            medium: medium.filter(|m| !m.trim().is_empty()),
            encrypt,
            sign,
            ..Default::default()
        };
        let ready = match ops::seal::prepare(env, &request, watch)? {
            Prepared::Ready(ready) => ready,
            Prepared::Refused(refused) => {
                let mut files: Vec<SealFileView> = refused
                    .reports
                    .iter()
                    .filter(|r| r.errors() > 0)
                    .map(|r| SealFileView {
                        path: r.path.clone(),
                        reason: format!("エラー {} 件", r.errors()),
                    })
                    .collect();
                files.extend(refused.changed.iter().map(|c| SealFileView {
                    path: c.clone(),
                    reason: "検査の後で変わりました".into(),
                }));
                return Ok(SealView {
                    refused: files,
                    ..SealView::default()
                });
            }
            Prepared::Cancelled { .. } => {
                return Ok(SealView {
                    cancelled: true,
                    ..SealView::default()
                })
            }
        };
        let mut marked: Vec<SealFileView> = ready
            .warned()
            .map(|r| SealFileView {
                path: r.path.clone(),
                reason: format!("警告 {} 件", r.warnings()),
            })
            .collect();
        marked.extend(ready.other_institution().iter().map(|o| SealFileView {
            path: o.path.clone(),
            reason: format!("医療機関コード {}（ほかの医療機関）", o.code),
        }));
        let made = ops::seal::seal(env, &request, *ready, watch)?;
        let open_problem = open_in_viewer(&made.slip).err();
        Ok(SealView {
            files: made.sealed.files.len(),
            fingerprint: Some(rinko_core::digest::fingerprint_groups(
                &made.sealed.fingerprint,
            )),
            key_fingerprint: made.sealed.key_fingerprint.clone(),
            slip_opened: open_problem.is_none(),
            open_problem,
            bundle: Some(made.out),
            slip: Some(made.slip),
            marked,
            ..SealView::default()
        })
    })
    .await?;
    Ok(Some(SealView { notices, ..view }))
}

/// The native dialog for a bundle to verify; `None` when the user closed it.
#[tauri::command]
pub async fn pick_bundle(window: WebviewWindow) -> Option<PathBuf> {
    window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title("検証するバンドルを選ぶ")
        .add_filter("バンドル", &["zip", "7z"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// What 検証 found: `rinko verify --format json`'s result (docs/bundle.md), and where the
/// payload went when it was extracted, or why not.
#[derive(Serialize)]
pub struct VerifyView {
    result: Value,
    extracted_to: Option<PathBuf>,
    extract_problem: Option<Problem>,
    notices: Vec<Problem>,
}

/// The 検証 form as the page sends it.
#[derive(Deserialize)]
pub struct VerifyForm {
    bundle: PathBuf,
    /// Given for a 7z; overwritten when verifying is done.
    passphrase: Option<Zeroizing<String>>,
    /// 取り出し after a pass.
    extract: bool,
    operator: Option<String>,
    medium: Option<String>,
}

/// 検証 (and with `extract`, 取り出し after a pass: the folder is asked for first, through the
/// dialog, and must be empty): `rinko verify [--extract DIR] [--operator] [--medium]`, with the
/// same audit entry. `None` when the user closed the folder dialog.
#[tauri::command]
pub async fn verify_bundle(
    form: VerifyForm,
    progress: Channel<Progress>,
    window: WebviewWindow,
    session: State<'_, Session>,
) -> Result<Option<VerifyView>, Problem> {
    let VerifyForm {
        bundle,
        passphrase,
        extract,
        operator,
        medium,
    } = form;
    let into = if extract {
        let picked = window
            .dialog()
            .file()
            .set_parent(&window)
            .set_title("取り出し先の空のフォルダーを選ぶ")
            .blocking_pick_folder()
            .and_then(|p| p.into_path().ok());
        let Some(dir) = picked else {
            return Ok(None);
        };
        ops::verify::empty_folder(&dir)?;
        Some(dir)
    } else {
        None
    };
    let passphrase = passphrase.filter(|p| !p.is_empty());
    let (view, notices) = long_running(&session, progress, passphrase, move |env, watch| {
        let request = ops::verify::VerifyRequest {
            bundle: bundle.clone(),
            extract: into.clone(),
            operator: operator.filter(|o| !o.trim().is_empty()),
            medium: medium.filter(|m| !m.trim().is_empty()),
            ..Default::default()
        };
        let verified = ops::verify::verify(env, &request, watch)?;
        let extracted = verified.extracted.as_ref();
        let json = rinko_core::bundle::verify::verification_json(
            &verified.verification,
            &bundle.display().to_string(),
            extracted.and_then(|e| e.as_ref().ok()).map(Vec::len),
        );
        let result = serde_json::from_str(&json)
            .map_err(|e| Problem::internal(format!("検証の結果を読めません: {e}")))?;
        Ok(VerifyView {
            result,
            extracted_to: extracted.filter(|e| e.is_ok()).and(into),
            extract_problem: extracted.and_then(|e| e.as_ref().err().cloned()),
            notices: Vec::new(),
        })
    })
    .await?;
    Ok(Some(VerifyView { notices, ..view }))
}

/// The 記録 screen: the audit log newest first, the 台帳 under the CLI's header, and where
/// both are kept.
#[derive(Serialize)]
pub struct RecordsView {
    entries: Vec<EntryShown>,
    /// Lines of the log that are not entries (1-based), left out, as `rinko log show` warns.
    unreadable: Vec<usize>,
    ledger_header: [&'static str; 16],
    ledger: Vec<[String; 16]>,
    log_file: PathBuf,
    data_folder: PathBuf,
}

#[tauri::command]
pub async fn records() -> Result<RecordsView, Problem> {
    blocking(|| {
        let env = env()?;
        let shown = ops::log::show(&env, None)?;
        // The 台帳 from the entries just read, as `ledger export` derives it.
        let ledger = rinko_core::records::ledger::rows(&shown.entries);
        Ok(RecordsView {
            entries: shown.entries.iter().rev().map(EntryShown::of).collect(),
            unreadable: shown.unreadable,
            ledger_header: rinko_core::records::ledger::HEADER,
            ledger: ledger
                .iter()
                .rev()
                .map(rinko_core::records::ledger::cells)
                .collect(),
            log_file: ops::log::log_file(&env),
            data_folder: env.data.root().to_path_buf(),
        })
    })
    .await
}

/// 記録の検証: what `rinko log verify` says.
#[derive(Serialize)]
pub struct LogCheckView {
    intact: bool,
    heading: String,
    breaks: Vec<String>,
}

#[tauri::command]
pub async fn verify_log() -> Result<LogCheckView, Problem> {
    blocking(|| {
        let checked = ops::log::verify(&env()?);
        Ok(LogCheckView {
            intact: checked.result.is_ok(),
            heading: checked.heading(),
            breaks: checked
                .result
                .as_ref()
                .err()
                .into_iter()
                .flatten()
                .map(|b| b.message.clone())
                .collect(),
        })
    })
    .await
}

/// The 台帳 through the save dialog, the bytes of `rinko ledger export --out`; `None` when the
/// user closed the dialog.
#[tauri::command]
pub async fn export_ledger(window: WebviewWindow) -> Result<Option<PathBuf>, Problem> {
    let picked = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title("台帳を保存")
        .set_file_name("媒体持出台帳.csv")
        .add_filter("CSV", &["csv"])
        .blocking_save_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    blocking(move || {
        // The save dialog has asked before replacing a file.
        ops::log::ledger(&env()?, Some((&path, true)))?;
        Ok(Some(path))
    })
    .await
}

/// このアプリについて: versions, the active sets with their SHA-256 (the header's list), the
/// licences, and where the data and the log are.
#[derive(Serialize)]
pub struct AboutView {
    version: &'static str,
    licence: &'static str,
    fonts: Vec<FontLicence>,
    /// installer/third-party-notices.sh's output for the Cargo.lock this app was built from.
    third_party: &'static str,
    /// The embedded code tables made from others' data, with the credit their licence asks.
    data_sources: Vec<DataSource>,
    log_file: PathBuf,
    data_folder: PathBuf,
}

#[derive(Serialize)]
pub struct DataSource {
    table: String,
    version: String,
    source: String,
    licence: String,
}

#[derive(Serialize)]
pub struct FontLicence {
    font: &'static str,
    text: &'static str,
}

#[tauri::command]
pub async fn about() -> Result<AboutView, Problem> {
    blocking(|| {
        let env = env()?;
        Ok(AboutView {
            version: env!("CARGO_PKG_VERSION"),
            licence: env!("CARGO_PKG_LICENSE"),
            fonts: rinko_core::print::font_licences()
                .into_iter()
                .map(|(font, text)| FontLicence { font, text })
                .collect(),
            third_party: include_str!("../../installer/licenses/THIRD-PARTY-NOTICES.txt"),
            data_sources: CodeTables::embedded()
                .map_err(Problem::internal)?
                .iter()
                .filter_map(|t| {
                    Some(DataSource {
                        table: t.name.clone(),
                        version: t.version.clone(),
                        source: t.source.clone()?,
                        licence: t.licence.clone().unwrap_or_default(),
                    })
                })
                .collect(),
            log_file: ops::log::log_file(&env),
            data_folder: env.data.root().to_path_buf(),
        })
    })
    .await
}

/// The スキーマセット screen's keys: `keys list --format json`, and where imported sets are kept.
#[derive(Serialize)]
pub struct KeysView {
    keys: Value,
    store: PathBuf,
}

#[tauri::command]
pub async fn trusted_keys() -> Result<KeysView, Problem> {
    blocking(|| {
        let env = env()?;
        let keys = serde_json::from_str(&rinko_core::report::keys_json(&ops::keys::trusted(&env)))
            .map_err(|e| Problem::internal(format!("鍵の一覧を作れません: {e}")))?;
        Ok(KeysView {
            keys,
            store: env.data.schema_sets(),
        })
    })
    .await
}

/// The native dialog for a rule pack, a zip (`Files`) or a folder; `None` when the user closed it.
#[tauri::command]
pub async fn pick_pack(what: Pick, window: WebviewWindow) -> Option<PathBuf> {
    let dialog = window.dialog().file().set_parent(&window);
    let picked = match what {
        Pick::Files => dialog
            .set_title("取り込むルールパック（zip）を選ぶ")
            .add_filter("ルールパック", &["zip", "ZIP"])
            .blocking_pick_file(),
        Pick::Folder => dialog
            .set_title("取り込むルールパックのフォルダーを選ぶ")
            .blocking_pick_folder(),
    };
    picked.and_then(|p| p.into_path().ok())
}

/// What an import did, in the words `rinko schemas import` uses (without its command names).
#[derive(Serialize)]
pub struct ImportView {
    summary: String,
    id: String,
    sha256: String,
    signature: String,
    /// The pack's valid signature is by a key this PC does not trust yet.
    untrusted: bool,
    downgrade: Option<&'static str>,
    notices: Vec<Problem>,
}

/// Imports a rule pack as `rinko schemas import` does, with the same audit entry: every check
/// first, and a refused pack changes nothing.
#[tauri::command]
pub async fn import_pack(pack: PathBuf, allow_downgrade: bool) -> Result<ImportView, Problem> {
    let (view, notices) = briefly(move |env, watch| {
        let request = ops::packs::ImportRequest {
            pack,
            allow_downgrade,
            ..Default::default()
        };
        let imported = ops::packs::import(env, &request, watch)?;
        Ok(ImportView {
            summary: imported.summary(),
            id: imported.set.manifest.id.clone(),
            sha256: imported.set.sha256.clone(),
            signature: imported.signed.describe(),
            untrusted: matches!(imported.signed, rinko_core::pack::Signed::Untrusted(_)),
            downgrade: imported.downgrade_warning(),
            notices: Vec::new(),
        })
    })
    .await?;
    Ok(ImportView { notices, ..view })
}

/// What a removal did, in two sentences, as `rinko schemas remove` says it.
#[derive(Serialize)]
pub struct RemoveView {
    said: [String; 2],
    notices: Vec<Problem>,
}

/// Removes an imported set as `rinko schemas remove` does; the embedded set of its id, if any,
/// is in force again.
#[tauri::command]
pub async fn remove_set(id: String) -> Result<RemoveView, Problem> {
    let (said, notices) =
        briefly(move |env, watch| Ok(ops::packs::remove(env, &id, watch)?.summary(&id))).await?;
    Ok(RemoveView { said, notices })
}

/// Whose keys a trusted key joins.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum KeysFor {
    Bundles,
    Packs,
}

/// A key trusted from the screen.
#[derive(Serialize)]
pub struct TrustView {
    fingerprint: String,
    path: PathBuf,
    already: bool,
    notices: Vec<Problem>,
}

/// Trusts a public key chosen in the native dialog, as `rinko keys trust` (bundles) or
/// `rinko schemas trust` (packs) does; `None` when the user closed the dialog.
#[tauri::command]
pub async fn trust_key(keys: KeysFor, window: WebviewWindow) -> Result<Option<TrustView>, Problem> {
    let picked = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(match keys {
            KeysFor::Bundles => "送り元の機関の公開鍵を選ぶ",
            KeysFor::Packs => "ルールパックの発行元の公開鍵を選ぶ",
        })
        .add_filter("公開鍵", &["pub", "txt"])
        .blocking_pick_file();
    let Some(key) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let use_ = match keys {
        KeysFor::Bundles => rinko_core::data::KeyUse::Bundles,
        KeysFor::Packs => rinko_core::data::KeyUse::Packs,
    };
    let (view, notices) = briefly(move |env, watch| {
        let trusted = ops::keys::trust(env, use_, &key, watch)?;
        Ok(TrustView {
            fingerprint: rinko_core::digest::key_fingerprint(&trusted.key),
            path: trusted.path,
            already: trusted.already,
            notices: Vec::new(),
        })
    })
    .await?;
    Ok(Some(TrustView { notices, ..view }))
}

/// A finding code's explanation from docs/checks.md (Markdown), if it has one.
#[tauri::command]
pub fn explain(code: String) -> Option<&'static str> {
    rinko_core::explain::explanation(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape app.js's drop handler reads (`kind`, `paths`): a drop cannot be made through
    /// WebDriver, so the end-to-end tests enter paths where this handler hands them on.
    #[test]
    fn a_drop_reaches_the_page_as_kind_and_paths() {
        let drop = Dragged::Drop(vec![PathBuf::from("/医事課/出力")]);
        assert_eq!(
            serde_json::to_value(&drop).unwrap(),
            serde_json::json!({"kind": "drop", "paths": ["/医事課/出力"]})
        );
        assert_eq!(
            serde_json::to_value(Dragged::Enter).unwrap(),
            serde_json::json!({"kind": "enter"})
        );
    }
}
