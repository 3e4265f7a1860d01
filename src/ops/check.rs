//! Checking a batch (`rinko check`, the app's 検査 screen).

use std::path::{Path, PathBuf};

use super::{active_sets, collect, record, Env, Phase, SetChoice, Watch};
use crate::check::{BatchStep, CheckOptions};
use crate::finding::Summary;
use crate::limits::Limits;
use crate::problem::{About, Code, Problem};
use crate::records::{events, Operation};
use crate::report::{BatchReport, ReportFormat, ReportSink, SetRef};

#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    /// Files and folders (searched for `*.xml`).
    pub paths: Vec<PathBuf>,
    pub sets: SetChoice,
    pub limits: Limits,
    /// The day the check takes as today (YYYY-MM-DD); else the clock's.
    pub today: Option<String>,
}

pub struct Checked {
    /// The files checked, in input order: all of them unless cancelled.
    pub report: BatchReport,
    /// Stopped at a file boundary before every file was checked.
    pub cancelled: bool,
    /// The files a cancelled batch did not reach (no verdict), in input order.
    pub unchecked: Vec<String>,
    /// The files of `report.files`, in the same order, as found on disk (a report names a file
    /// for people; a front-end that acts on a checked file again needs its real path).
    pub paths: Vec<PathBuf>,
}

impl Checked {
    pub fn exit_code(&self) -> u8 {
        exit_code(self.cancelled, &self.report.summary)
    }
}

/// 0: every file checked passes; 1: some file has an エラー, or the batch was cancelled (not
/// every file has a verdict).
fn exit_code(cancelled: bool, summary: &Summary) -> u8 {
    u8::from(cancelled || summary.failed > 0)
}

pub fn check(env: &Env, request: &CheckRequest, watch: &Watch) -> Result<Checked, Problem> {
    let (options, files, checker) = prepare(env, request, watch)?;
    let batch = checker.check_batch(
        &files,
        &options,
        &|step: BatchStep<'_>| {
            watch.step(Phase::Checking, step.done, step.total, Some(step.current))
        },
        &|| watch.cancelled(),
    );
    // The checked files' paths stay in the input list's own allocation: a second list would
    // hold 10,000 paths twice at the batch's peak.
    let mut paths = files;
    let mut names = Vec::with_capacity(batch.unchecked.len());
    let mut unchecked = batch.unchecked.iter().peekable();
    let mut i = 0;
    paths.retain(|file| {
        let reached = unchecked.next_if_eq(&&i).is_none();
        if !reached {
            names.push(crate::shown::path(file));
        }
        i += 1;
        reached
    });
    let checked = Checked {
        report: BatchReport::new(checker.sets(), batch.reports),
        cancelled: batch.cancelled,
        unchecked: names,
        paths,
    };
    let event = events::batch(Operation::Check, &checked.report, checked.exit_code());
    record_batch(env, watch, event, checked.cancelled);
    Ok(checked)
}

/// A batch whose report was written as it went (`check_each`).
pub struct Written {
    pub summary: Summary,
    /// Stopped at a file boundary before every file was checked.
    pub cancelled: bool,
    /// The files a cancelled batch did not reach (no verdict), in input order.
    pub unchecked: Vec<String>,
    /// How writing the report went: after its first failure, nothing more is written, but the
    /// batch is still checked to its end and recorded.
    pub written: std::io::Result<()>,
}

impl Written {
    pub fn exit_code(&self) -> u8 {
        exit_code(self.cancelled, &self.summary)
    }
}

/// `check`, with each file's report written to `sink` in input order as soon as it is made
/// and then let go: the memory of a batch does not grow with its reports (`rinko check` on
/// standard output). Nothing is written when the batch cannot start.
pub fn check_each(
    env: &Env,
    request: &CheckRequest,
    watch: &Watch,
    sink: &mut (dyn ReportSink + Send),
) -> Result<Written, Problem> {
    let (options, files, checker) = prepare(env, request, watch)?;
    let sets = SetRef::judging(checker.sets());
    let mut written = sink.begin(&sets);
    let mut summary = Summary::default();
    let mut inputs = Vec::with_capacity(files.len());
    let reached = checker.check_batch_each(
        &files,
        &options,
        &|step: BatchStep<'_>| {
            watch.step(Phase::Checking, step.done, step.total, Some(step.current))
        },
        &|| watch.cancelled(),
        &mut |report| {
            summary.count(&report);
            inputs.extend(report.sha256);
            if written.is_ok() {
                written = sink.file(&report);
            }
        },
    );
    if written.is_ok() {
        written = sink.end(&summary);
    }
    let done = Written {
        cancelled: reached.cancelled,
        unchecked: reached
            .unchecked
            .iter()
            .map(|&i| crate::shown::path(&files[i]))
            .collect(),
        written,
        summary,
    };
    let event = events::batch_of(
        Operation::Check,
        &sets,
        inputs,
        done.summary.clone(),
        done.exit_code(),
    );
    record_batch(env, watch, event, done.cancelled);
    Ok(done)
}

/// What a batch needs before its first file: the options, the files and the sets in force.
fn prepare(
    env: &Env,
    request: &CheckRequest,
    watch: &Watch,
) -> Result<(CheckOptions, Vec<PathBuf>, crate::check::Checker), Problem> {
    let options = CheckOptions {
        limits: request.limits.clone(),
        today: Some(env.today(request.today.as_deref())?),
    };
    vet_limits(&options.limits)?;
    let files = collect(&request.paths, "検査する", watch)?;
    let checker = active_sets(env, &request.sets, watch)?;
    Ok((options, files, checker))
}

fn record_batch(env: &Env, watch: &Watch, event: crate::records::Event, cancelled: bool) {
    record(
        env,
        watch,
        if cancelled {
            events::cancelled(event)
        } else {
            event
        },
    );
}

/// Saves a batch's report as a file, in the format its name ends with (`.json`, `.csv`,
/// `.xlsx`), the same bytes `--format` writes; `now` dates the workbook. Since a report is
/// never named `.xml`, an input is never overwritten; an existing report only when `replace`
/// (a save dialog has asked, or `--force`).
pub fn export(
    report: &BatchReport,
    out: &Path,
    replace: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ReportFormat, Problem> {
    let format = ReportFormat::of_file_name(out).ok_or_else(|| {
        Problem::new(
            Code::OutputName,
            format!(
                "保存するファイル「{}」の名前は .xlsx（Excel）、.csv か .json で終わるようにしてください。",
                out.display()
            ),
            About::Output(out.to_path_buf()),
        )
    })?;
    let bytes = format.render(report, now, out)?;
    crate::output::write_new(out, &bytes, replace)?;
    Ok(format)
}

/// A limit of 0 would refuse every file.
fn vet_limits(limits: &Limits) -> Result<(), Problem> {
    let named = [
        ("max_file_bytes", limits.max_file_bytes as usize),
        ("max_depth", limits.max_depth),
        ("max_attributes", limits.max_attributes),
        ("max_attribute_bytes", limits.max_attribute_bytes),
        ("max_text_bytes", limits.max_text_bytes),
        ("max_findings", limits.max_findings),
    ];
    match named.iter().find(|(_, value)| *value == 0) {
        Some((name, _)) => Err(Problem::new(
            Code::LimitZero,
            "上限には 1 以上を指定してください。",
            About::Limit(name),
        )),
        None => Ok(()),
    }
}
