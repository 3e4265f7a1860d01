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

use rinko_core::ops::{self, Ask, CancelToken, Env, PassphraseSource, Settings, Step, Watch};
use rinko_core::report::{BatchReport, ReportFormat};
use rinko_core::{About, Code, Problem};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::ipc::Channel;
use tauri::{State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

/// What the app holds between commands.
#[derive(Default)]
pub struct Session {
    /// Where drops go, once the page has asked for them.
    drops: Mutex<Option<Channel<Dragged>>>,
    /// The running check's token, for 中止.
    running: Mutex<Option<CancelToken>>,
    /// The last batch's report, for the export.
    last: Mutex<Option<Arc<BatchReport>>>,
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

/// The environment of one operation, read afresh, as the CLI reads it for each command.
fn env() -> Result<Env, Problem> {
    Env::new(Settings::from_process_environment(), Box::new(NoPassphrase))
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

/// What the header shows: the active sets as `schemas list --format json` lists them, the
/// day checks take as today, the data folder and the version.
#[derive(Serialize)]
pub struct SessionView {
    schema_sets: Value,
    today: String,
    data_folder: PathBuf,
    version: &'static str,
    notices: Vec<Problem>,
}

#[tauri::command]
pub async fn session() -> Result<SessionView, Problem> {
    blocking(|| {
        let env = env()?;
        let notices = Notices::default();
        let sets = {
            let watch = Watch::new(|_| {}, |p| notices.add(p));
            ops::packs::list(&env, &ops::SetChoice::default(), &watch)?
        };
        let listed: Value = serde_json::from_str(&rinko_core::report::sets_json(&sets))
            .map_err(|e| Problem::internal(format!("スキーマセットの一覧を作れません: {e}")))?;
        Ok(SessionView {
            schema_sets: listed["schema_sets"].clone(),
            today: env.today(None)?,
            data_folder: env.data.root().to_path_buf(),
            version: env!("CARGO_PKG_VERSION"),
            notices: notices.take(),
        })
    })
    .await
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

/// Checks files and folders (folders searched for `*.xml` as the CLI searches them) with the
/// active sets, as `rinko check` does, writing the same audit entry.
#[tauri::command]
pub async fn check(
    paths: Vec<PathBuf>,
    progress: Channel<Progress>,
    session: State<'_, Session>,
) -> Result<CheckView, Problem> {
    let token = {
        let mut running = lock(&session.running);
        if running.is_some() {
            return Err(Problem::new(
                Code::Internal,
                "検査を実行中です。終わるか中止してから、もう一度始めてください。",
                About::Operation,
            ));
        }
        running.insert(CancelToken::new()).clone()
    };
    let result = blocking(move || {
        let env = env()?;
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
        let request = ops::check::CheckRequest {
            paths,
            ..Default::default()
        };
        let checked = ops::check::check(&env, &request, &watch)?;
        drop(watch);
        let mut json = Vec::new();
        rinko_core::report::write_json(&checked.report, &mut json)
            .map_err(|e| Problem::internal(format!("レポートを作れません: {e}")))?;
        let report = serde_json::from_slice(&json)
            .map_err(|e| Problem::internal(format!("レポートを読めません: {e}")))?;
        Ok((
            Arc::new(checked.report),
            CheckView {
                report,
                cancelled: checked.cancelled,
                unchecked: checked.unchecked,
                notices: notices.take(),
            },
        ))
    })
    .await;
    *lock(&session.running) = None;
    let (report, view) = result?;
    *lock(&session.last) = Some(report);
    Ok(view)
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
    let Some(report) = lock(&session.last).clone() else {
        return Err(Problem::new(
            Code::NoFiles,
            "保存する検査結果がありません。先にファイルを検査してください。",
            About::Operation,
        ));
    };
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
            Some(positions) => report.subset(&positions),
            None => (*report).clone(),
        };
        // The save dialog has asked before replacing a file.
        ops::check::export(&shown, &path, true)?;
        Ok(Some(path))
    })
    .await
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
