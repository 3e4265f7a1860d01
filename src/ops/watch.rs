//! How a running operation talks to its front-end: progress (the phase, done / total, the
//! current item), notices (warnings that do not stop it), and the cancel token it checks
//! between items.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::problem::Problem;

/// The stages of the operations, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Finding the files under the given paths.
    Collecting,
    /// Loading and compiling the schema sets.
    LoadingSets,
    /// Checking files (also the re-check of a bundle's payload).
    Checking,
    /// Laying out forms for printing.
    Printing,
    /// Building, sealing and encrypting the bundle.
    Sealing,
    /// Opening a bundle: decrypting, hashes, seal, signature.
    Opening,
    /// Writing outputs.
    Writing,
}

impl Phase {
    /// The phase's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Collecting => "ファイルを探しています",
            Phase::LoadingSets => "スキーマセットを読み込んでいます",
            Phase::Checking => "検査中",
            Phase::Printing => "印刷の準備中",
            Phase::Sealing => "封緘中",
            Phase::Opening => "バンドルを開いています",
            Phase::Writing => "書き出し中",
        }
    }
}

/// One progress report. `total` is 0 when the phase has no count.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
    /// The item just started or finished (a file's path as the report shows it).
    pub current: Option<&'a str>,
}

/// Asks a running operation to stop at the next item boundary. Clones share one flag, so the
/// front-end keeps one and hands the other to the operation.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

type ProgressFn<'a> = dyn Fn(&Step<'_>) + Sync + 'a;
type NoticeFn<'a> = dyn Fn(&Problem) + Sync + 'a;

/// A front-end's view of one running operation. Callbacks may come from worker threads.
pub struct Watch<'a> {
    progress: Box<ProgressFn<'a>>,
    notice: Box<NoticeFn<'a>>,
    pub cancel: CancelToken,
}

impl Default for Watch<'_> {
    fn default() -> Self {
        Watch::new(|_| {}, |_| {})
    }
}

impl<'a> Watch<'a> {
    pub fn new(
        progress: impl Fn(&Step<'_>) + Sync + 'a,
        notice: impl Fn(&Problem) + Sync + 'a,
    ) -> Watch<'a> {
        Watch {
            progress: Box::new(progress),
            notice: Box::new(notice),
            cancel: CancelToken::new(),
        }
    }

    pub fn with_cancel(mut self, cancel: CancelToken) -> Watch<'a> {
        self.cancel = cancel;
        self
    }

    pub(crate) fn step(&self, phase: Phase, done: usize, total: usize, current: Option<&str>) {
        (self.progress)(&Step {
            phase,
            done,
            total,
            current,
        });
    }

    pub(crate) fn notice(&self, problem: &Problem) {
        (self.notice)(problem);
    }

    pub(crate) fn cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }
}
