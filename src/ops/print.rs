//! Printing checked forms into one PDF, or the HTML preview (`rinko print`, the app's
//! プレビュー・印刷).

use std::path::PathBuf;

use super::{active_sets, check_options, collect, record, Env, Phase, SetChoice, Watch};
use crate::check::Checker;
use crate::print::{Form, Unprintable};
use crate::problem::{About, Code, Problem};
use crate::records::{events, Operation};
use crate::report::BatchReport;

#[derive(Debug, Clone, Default)]
pub struct PrintRequest {
    pub paths: Vec<PathBuf>,
    pub sets: SetChoice,
    /// `.pdf` to print, `.html` for the preview.
    pub out: PathBuf,
    /// Print files with エラー too, each page marked 「エラーあり・提出不可」.
    pub allow_errors: bool,
    /// Replace an existing `out`.
    pub replace: bool,
    pub today: Option<String>,
}

/// Why one file was not printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It has this many エラー and errors were not allowed.
    Errors(usize),
    /// No schema set claims it, or it cannot be read as a form.
    NotAForm,
    Unprintable(Unprintable),
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Errors(n) => format!("エラー {n} 件"),
            Refusal::NotAForm => "様式に振り分けられないか読めないため印刷できません".into(),
            Refusal::Unprintable(why) => why.message(),
        }
    }
}

pub enum Printed {
    /// Every file printed into `out`.
    Written {
        out: PathBuf,
        forms: usize,
        report: BatchReport,
    },
    /// Some file cannot be printed (named with why, by its path in the report): nothing was
    /// written.
    Refused {
        refusals: Vec<(String, Refusal)>,
        report: BatchReport,
    },
    /// Stopped between files: nothing was written.
    Cancelled { report: BatchReport },
}

/// The app's preview of forms, in memory.
pub enum Previewed {
    /// The HTML page of every form (`print::to_html`), a form with エラー marked as the PDF
    /// marks it.
    Shown {
        html: String,
        forms: usize,
        report: BatchReport,
    },
    /// Some file cannot be shown as a form (named with why).
    Refused {
        refusals: Vec<(String, Refusal)>,
        report: BatchReport,
    },
    Cancelled {
        report: BatchReport,
    },
}

enum Kind {
    Pdf,
    Html,
}

/// The files checked again and built into forms, or why not.
enum Gathered {
    Forms(Vec<Form>, BatchReport),
    Refused(Vec<(String, Refusal)>, BatchReport),
    Cancelled(BatchReport),
}

/// Checks each file again (it may have changed since it was last checked) and builds its form:
/// the one pass that printing and the preview share.
fn gather(
    env: &Env,
    paths: &[PathBuf],
    sets: &SetChoice,
    today: Option<&str>,
    allow_errors: bool,
    watch: &Watch,
) -> Result<(Gathered, Checker), Problem> {
    let files = collect(paths, "印刷する", watch)?;
    let checker = active_sets(env, sets, watch)?;
    let options = check_options(env, today)?;
    let mut forms: Vec<Form> = Vec::new();
    let mut refusals = Vec::new();
    let mut reports = Vec::new();
    for (done, file) in files.iter().enumerate() {
        if watch.cancelled() {
            let report = BatchReport::new(checker.sets(), reports);
            return Ok((Gathered::Cancelled(report), checker));
        }
        let name = crate::shown::path(file);
        watch.step(Phase::Printing, done, files.len(), Some(&name));
        checker.check_and_view(file, &options, |report, routed| {
            reports.push(report.clone());
            let errors = report.errors();
            let refused = match routed {
                Some(doc) if errors == 0 || allow_errors => {
                    let form = crate::print::build(
                        doc.text,
                        doc.set,
                        doc.compiled,
                        doc.form,
                        &report.sha256.map(|d| d.to_string()).unwrap_or_default(),
                        errors > 0,
                    );
                    match crate::print::prepare(form, allow_errors) {
                        Ok(form) => {
                            forms.push(form);
                            None
                        }
                        Err(why) => Some(Refusal::Unprintable(why)),
                    }
                }
                Some(_) => Some(Refusal::Errors(errors)),
                None => Some(Refusal::NotAForm),
            };
            if let Some(why) = refused {
                refusals.push((report.path.clone(), why));
            }
        });
    }
    let report = BatchReport::new(checker.sets(), reports);
    let gathered = if refusals.is_empty() {
        Gathered::Forms(forms, report)
    } else {
        Gathered::Refused(refusals, report)
    };
    Ok((gathered, checker))
}

pub fn print(env: &Env, request: &PrintRequest, watch: &Watch) -> Result<Printed, Problem> {
    let extension = request
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let kind = match extension.as_str() {
        "pdf" => Kind::Pdf,
        "html" => Kind::Html,
        _ => {
            return Err(Problem::new(
                Code::OutputName,
                format!(
                    "書き出すファイル「{}」の名前は .pdf（印刷用）か .html（プレビュー）で終わるようにしてください。",
                    request.out.display()
                ),
                About::Output(request.out.clone()),
            ))
        }
    };
    crate::output::may_write(&request.out, request.replace)?;
    let (gathered, checker) = gather(
        env,
        &request.paths,
        &request.sets,
        request.today.as_deref(),
        request.allow_errors,
        watch,
    )?;
    let (forms, report) = match gathered {
        Gathered::Forms(forms, report) => (forms, report),
        Gathered::Cancelled(report) => {
            record(
                env,
                watch,
                events::cancelled(events::batch(Operation::Print, &report, 1)),
            );
            return Ok(Printed::Cancelled { report });
        }
        Gathered::Refused(refusals, report) => {
            record(
                env,
                watch,
                events::refused(Operation::Print, &checker, report.files.clone()),
            );
            return Ok(Printed::Refused { refusals, report });
        }
    };
    let total = report.files.len();
    watch.step(Phase::Writing, total, total, None);
    let printed_at = env.clock.now();
    let bytes = match kind {
        Kind::Pdf => crate::print::to_pdf(
            &forms,
            &crate::print::Meta {
                title: &crate::print::batch_title(&forms),
                printed_at,
            },
        )
        .map_err(Problem::internal)?,
        Kind::Html => {
            crate::print::to_html(&forms, &crate::calendar::local_date(printed_at)).into_bytes()
        }
    };
    crate::output::write_new(&request.out, &bytes, request.replace)?;
    record(env, watch, events::batch(Operation::Print, &report, 0));
    Ok(Printed::Written {
        out: request.out.clone(),
        forms: forms.len(),
        report,
    })
}

/// The preview of the files as `print` would print them, forms with エラー included and
/// marked. Nothing is written and nothing leaves Rinko, so the log holds no entry; printing
/// what was previewed does write one.
pub fn preview(
    env: &Env,
    paths: &[PathBuf],
    sets: &SetChoice,
    today: Option<&str>,
    watch: &Watch,
) -> Result<Previewed, Problem> {
    Ok(match gather(env, paths, sets, today, true, watch)?.0 {
        Gathered::Forms(forms, report) => Previewed::Shown {
            html: crate::print::to_html(&forms, &crate::calendar::local_date(env.clock.now())),
            forms: forms.len(),
            report,
        },
        Gathered::Refused(refusals, report) => Previewed::Refused { refusals, report },
        Gathered::Cancelled(report) => Previewed::Cancelled { report },
    })
}
