//! The check pipeline over a batch: read → route → validate → domain → findings, one report per
//! file.
//!
//! The engine's compiled schemas are not `Sync`, so each worker thread has its own copy of every
//! XSD, compiled when the worker first meets a file routed to it (a batch of 臨個票 2025 never
//! compiles the 意見書), and then takes files from a shared counter. A finished worker hands its
//! copies back to the checker for the next worker or batch; the copies of one XSD share one
//! `Labels`, so documentation is read once. Reports come back in input order whatever the
//! scheduling.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use xsd_schema::validation::{SchemaValidator, ValidationFlags};

use crate::domain;
use crate::encoding::Decoded;
use crate::finding::{FileReport, Finding, Outcome, Position, Severity};
use crate::limits::Limits;
use crate::read::{self, ReadFile};
use crate::route;
use crate::schema_set::{compile_sharing, CompiledSchema, Labels, Origin, SchemaSetDef, SetError};
use crate::validate;

/// A document as the check routed it: its text, set, compiled XSD and form name.
pub struct Routed<'a> {
    pub text: &'a str,
    pub set: &'a SchemaSetDef,
    pub compiled: &'a CompiledSchema,
    pub form: &'a str,
}

/// What a batch checks: files on disk, or documents already in memory (a bundle's payload).
pub trait Source: Sync {
    /// The name reports give the document.
    fn name(&self) -> String;
    fn read(&self, limits: &Limits) -> ReadFile;
}

impl Source for PathBuf {
    fn name(&self) -> String {
        crate::shown::path(self)
    }

    fn read(&self, limits: &Limits) -> ReadFile {
        read::read_file(self, limits)
    }
}

/// A document in memory, under the name reports give it.
pub struct InMemory<'a> {
    pub name: String,
    pub bytes: &'a [u8],
}

impl Source for InMemory<'_> {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn read(&self, limits: &Limits) -> ReadFile {
        read::read_bytes(self.bytes.to_vec(), limits)
    }
}

/// What a check needs besides the files.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub limits: Limits,
    /// `YYYY-MM-DD`; the validity periods of the sets are judged against it.
    pub today: Option<String>,
}

/// A batch as far as it went: the reports of the files checked, in input order.
pub struct Batch {
    pub reports: Vec<FileReport>,
    /// Stopped before every file was checked.
    pub cancelled: bool,
    /// The positions (in `files`) of the files a stopped batch did not reach, in input order.
    pub unchecked: Vec<usize>,
}

/// How far a batch whose reports were handed on one by one went (`check_batch_each`).
pub struct Reached {
    /// Stopped before every file was checked.
    pub cancelled: bool,
    /// The positions (in `files`) of the files a stopped batch did not reach, in input order.
    pub unchecked: Vec<usize>,
}

/// A file of a batch starting (`finished: false`) or done.
#[derive(Debug, Clone, Copy)]
pub struct BatchStep<'a> {
    /// Files done so far.
    pub done: usize,
    pub total: usize,
    pub current: &'a str,
    pub finished: bool,
}

/// What the workers of one batch share.
struct Run<'r, S> {
    files: &'r [S],
    options: &'r CheckOptions,
    next: AtomicUsize,
    done: AtomicUsize,
    results: Mutex<InOrder<'r>>,
    progress: &'r (dyn Fn(BatchStep<'_>) + Sync),
    stop: &'r (dyn Fn() -> bool + Sync),
}

/// Reports handed on in input order as the workers finish them: a report waits only for the
/// ones before it still being checked, so a batch holds a few reports, not all of them.
struct InOrder<'r> {
    /// The position of the next report to hand on.
    next: usize,
    waiting: std::collections::BTreeMap<usize, FileReport>,
    each: &'r mut (dyn FnMut(FileReport) + Send),
}

impl InOrder<'_> {
    fn finished(&mut self, i: usize, report: FileReport) {
        self.waiting.insert(i, report);
        while let Some(report) = self.waiting.remove(&self.next) {
            (self.each)(report);
            self.next += 1;
        }
    }
}

/// The active schema sets, vetted and ready to check files against.
pub struct Checker {
    sets: Vec<SchemaSetDef>,
    /// Every (set, XSD) pair the routes use, compiled once per worker that needs it.
    targets: Vec<(usize, String)>,
    /// For each set, for each of its routes, the index into `targets`.
    route_targets: Vec<Vec<usize>>,
    children: Vec<String>,
    /// Per target, the roots its XSD declares: how `--xsd` sets claim files (empty for an
    /// embedded set's, which are not compiled to vet them, and claim by their routes).
    target_roots: Vec<Vec<(String, String)>>,
    /// Per target, its documentation, read once for every worker's copy.
    labels: Vec<Labels>,
    /// Compiled copies that finished workers handed back.
    spare: Mutex<Vec<Copies>>,
    /// Per set, its id and its routes' form names, shared by the reports of its files: a batch
    /// of 10,000 files holds one copy of each, not 10,000.
    names: Vec<(Arc<str>, Vec<Arc<str>>)>,
}

/// One worker's compiled schemas: per target, compiled when a file first needs it.
#[derive(Default)]
struct Copies {
    targets: Vec<OnceCell<Result<CompiledSchema, SetError>>>,
    /// Validates nothing, reports only well-formedness and limits: for files no set claims.
    lax: OnceCell<CompiledSchema>,
}

const EMPTY_SCHEMA: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>"#;

/// One worker's compiled schemas and their validators, each made when first needed.
struct Worker<'c> {
    checker: &'c Checker,
    copies: &'c Copies,
    validators: Vec<OnceCell<SchemaValidator<'c>>>,
    lax_validator: OnceCell<SchemaValidator<'c>>,
}

fn flags() -> ValidationFlags {
    // Validity only: the typed values the report does not show need not be built.
    ValidationFlags::default() & !ValidationFlags::BUILD_PSVI_TYPED_VALUES
}

fn empty_schema() -> CompiledSchema {
    let schema = xsd_schema::SchemaSetBuilder::new()
        .add_source(EMPTY_SCHEMA, "rinko:empty.xsd")
        .and_then(|b| b.compile())
        .expect("the empty schema compiles")
        .into_schema_set();
    CompiledSchema {
        schema,
        labels: Default::default(),
    }
}

impl Checker {
    /// Vets every set by compiling each XSD its routes use; a broken one is an error naming it,
    /// except an imported set (from the store), which comes back damaged so that the other sets
    /// go on (`Checker::vet` is the strict test for a pack before it is stored).
    pub fn new(sets: Vec<SchemaSetDef>) -> Result<Checker, SetError> {
        let mut ids = std::collections::HashSet::new();
        for s in &sets {
            if !s.is_ad_hoc() && !ids.insert(s.manifest.id.clone()) {
                return Err(SetError(format!(
                    "スキーマセット「{}」が二つ指定されています。",
                    s.manifest.id
                )));
            }
        }
        let mut sets = sets;
        let mut targets = Vec::new();
        let mut route_targets = Vec::new();
        let mut compiled = Vec::new();
        for (si, set) in sets.iter_mut().enumerate() {
            // The embedded sets are the ones this build's tests compiled: vetting them again
            // would cost every run the compilation of sets its files may never use.
            let vet = !matches!(set.origin, Origin::Embedded);
            match compile_routes(set, targets.len(), vet) {
                Ok(routes) => {
                    targets.extend(routes.xsds.into_iter().map(|xsd| (si, xsd)));
                    compiled.extend(routes.schemas);
                    route_targets.push(routes.per_route);
                }
                // An imported set that no longer compiles (say, after an update of Rinko whose
                // engine is stricter) is damaged like an edited one: the other sets go on.
                Err(e) => match &set.origin {
                    crate::schema_set::Origin::Imported(dir) => {
                        *set = SchemaSetDef::damaged(
                            &dir.clone(),
                            &set.manifest.id,
                            Some(set.manifest.clone()),
                            format!("スキーマを準備できません（{}）。", e.0),
                        );
                        route_targets.push(Vec::new());
                    }
                    _ => return Err(e),
                },
            }
        }
        let children = route::discriminating_children(&sets)
            .into_iter()
            .map(String::from)
            .collect();
        let target_roots = compiled
            .iter()
            .map(|c| {
                c.as_ref()
                    .map(CompiledSchema::global_elements)
                    .unwrap_or_default()
            })
            .collect();
        let labels = compiled
            .iter()
            .map(|c| c.as_ref().map(|c| c.labels.clone()).unwrap_or_default())
            .collect();
        let first = Copies {
            targets: compiled
                .into_iter()
                .map(|c| c.map(|c| OnceCell::from(Ok(c))).unwrap_or_default())
                .collect(),
            lax: OnceCell::new(),
        };
        let names = sets
            .iter()
            .map(|s| {
                let forms = s.manifest.routes.iter().map(|r| Arc::from(r.form.as_str()));
                (Arc::from(s.manifest.id.as_str()), forms.collect())
            })
            .collect();
        Ok(Checker {
            names,
            sets,
            targets,
            route_targets,
            children,
            target_roots,
            labels,
            spare: Mutex::new(vec![first]),
        })
    }

    /// The report names the set and form its file was routed to.
    fn name(&self, report: &mut FileReport, set: usize, route: usize) {
        let (id, forms) = &self.names[set];
        report.schema_set = Some(id.clone());
        report.form = Some(forms[route].clone());
    }

    fn declares(&self, set: usize, root: &route::RootInfo) -> bool {
        self.route_targets[set].iter().any(|&t| {
            self.target_roots[t]
                .iter()
                .any(|(ns, local)| *ns == root.namespace && *local == root.local)
        })
    }

    pub fn sets(&self) -> &[SchemaSetDef] {
        &self.sets
    }

    /// A worker's copies: ones handed back, or none compiled yet.
    fn take_copies(&self) -> Copies {
        let spare = self.spare.lock().ok().and_then(|mut s| s.pop());
        let mut copies = spare.unwrap_or_default();
        copies
            .targets
            .resize_with(self.targets.len(), OnceCell::new);
        copies
    }

    /// Hands a worker's copies back for the next worker or batch. After a panic the caller drops
    /// them instead: the panic may have left them half-borrowed.
    fn give_back(&self, copies: Copies) {
        if let Ok(mut spare) = self.spare.lock() {
            spare.push(copies);
        }
    }

    fn compile_target(&self, target: usize) -> Result<CompiledSchema, SetError> {
        let (si, xsd) = &self.targets[target];
        compile_sharing(&self.sets[*si], xsd, self.labels[target].clone())
    }

    /// Checks every file on every worker thread of the rayon pool (see `check_batch`).
    pub fn check_files<S: Source>(&self, files: &[S], options: &CheckOptions) -> Vec<FileReport> {
        self.check_batch(files, options, &|_| {}, &|| false).reports
    }

    /// Checks files on every worker thread of the rayon pool until `stop` says so: it is asked
    /// before each file, so a stopped batch has the reports of the files it checked (in input
    /// order) and nothing half-checked. `progress` hears of each file as it starts and ends,
    /// from the worker that checks it.
    pub fn check_batch<S: Source>(
        &self,
        files: &[S],
        options: &CheckOptions,
        progress: &(dyn Fn(BatchStep<'_>) + Sync),
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Batch {
        let mut reports = Vec::with_capacity(files.len());
        let reached =
            self.check_batch_each(files, options, progress, stop, &mut |r| reports.push(r));
        Batch {
            reports,
            cancelled: reached.cancelled,
            unchecked: reached.unchecked,
        }
    }

    /// `check_batch`, handing each report to `each` in input order as soon as it and the ones
    /// before it are done (from the worker that finished it), instead of keeping them: what
    /// the memory of a 10,000-file batch written out as it goes needs.
    pub fn check_batch_each<S: Source>(
        &self,
        files: &[S],
        options: &CheckOptions,
        progress: &(dyn Fn(BatchStep<'_>) + Sync),
        stop: &(dyn Fn() -> bool + Sync),
        each: &mut (dyn FnMut(FileReport) + Send),
    ) -> Reached {
        let run = Run {
            files,
            options,
            next: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            results: Mutex::new(InOrder {
                next: 0,
                waiting: std::collections::BTreeMap::new(),
                each,
            }),
            progress,
            stop,
        };
        // A panic in the engine fails its file, not the batch; the worker then starts over with
        // freshly compiled schemas, since the panic may have left them half-borrowed.
        if files.len() <= 1 {
            // One file (an export checked as it is written): no thread pool to start.
            while self.work(&run) {}
        } else {
            let workers = rayon::current_num_threads().clamp(1, files.len());
            rayon::scope(|scope| {
                for _ in 0..workers {
                    scope.spawn(|_| while self.work(&run) {});
                }
            });
        }
        let cancelled = run.done.load(Ordering::Relaxed) < files.len();
        let mut results = run
            .results
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Workers take files in order and finish what they took, so a stopped batch reached a
        // first part of the list; what is still waiting follows a file that has no report.
        let mut unchecked = Vec::new();
        for (i, file) in files.iter().enumerate().skip(results.next) {
            match results.waiting.remove(&i) {
                Some(report) => (results.each)(report),
                None if cancelled => unchecked.push(i),
                None => (results.each)(internal_error(file.name())),
            }
        }
        Reached {
            cancelled,
            unchecked,
        }
    }

    /// One worker's run over the shared counter; true when it must start over after a panic.
    fn work<S: Source>(&self, run: &Run<'_, S>) -> bool {
        let copies = self.take_copies();
        let worker = Worker::new(self, &copies);
        let total = run.files.len();
        loop {
            if (run.stop)() {
                break;
            }
            let i = run.next.fetch_add(1, Ordering::Relaxed);
            let Some(source) = run.files.get(i) else {
                break;
            };
            let name = source.name();
            (run.progress)(BatchStep {
                done: run.done.load(Ordering::Relaxed),
                total,
                current: &name,
                finished: false,
            });
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.check_read(
                    &worker,
                    name.clone(),
                    source.read(&run.options.limits),
                    run.options,
                )
            }));
            let panicked = checked.is_err();
            let report = checked.unwrap_or_else(|_| internal_error(name.clone()));
            match run.results.lock() {
                Ok(mut r) => r.finished(i, report),
                Err(poisoned) => poisoned.into_inner().finished(i, report),
            }
            (run.progress)(BatchStep {
                done: run.done.fetch_add(1, Ordering::Relaxed) + 1,
                total,
                current: &name,
                finished: true,
            });
            if panicked {
                return true;
            }
        }
        drop(worker);
        self.give_back(copies);
        false
    }

    /// Checks one document given as bytes.
    pub fn check_bytes(&self, name: &str, bytes: Vec<u8>, options: &CheckOptions) -> FileReport {
        let document = InMemory {
            name: name.to_string(),
            bytes: &bytes,
        };
        self.check_files(std::slice::from_ref(&document), options)
            .pop()
            .unwrap_or_else(|| internal_error(name.to_string()))
    }

    /// Checks one file and hands its report, and the routed document when there is one, to
    /// `view`: how printing reads documents through the same reading and routing as the check.
    pub fn check_and_view<R>(
        &self,
        path: &Path,
        options: &CheckOptions,
        view: impl FnOnce(&FileReport, Option<Routed<'_>>) -> R,
    ) -> R {
        let name = crate::shown::path(path);
        let copies = self.take_copies();
        let worker = Worker::new(self, &copies);
        let read = read::read_file(path, &options.limits);
        let decoded = read.content.as_ref().ok().cloned();
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.check_read(&worker, name.clone(), read, options)
        }));
        drop(worker);
        let panicked = checked.is_err();
        let report = checked.unwrap_or_else(|_| internal_error(name));
        let routed = decoded.as_ref().filter(|_| !panicked).and_then(|d| {
            let si = self
                .sets
                .iter()
                .position(|s| Some(s.manifest.id.as_str()) == report.schema_set.as_deref())?;
            let set = &self.sets[si];
            let ri = set
                .manifest
                .routes
                .iter()
                .position(|r| Some(r.form.as_str()) == report.form.as_deref())?;
            Some(Routed {
                text: &d.text,
                set,
                compiled: copies.targets[self.route_targets[si][ri]]
                    .get()?
                    .as_ref()
                    .ok()?,
                form: &set.manifest.routes[ri].form,
            })
        });
        let result = view(&report, routed);
        if !panicked {
            self.give_back(copies);
        }
        result
    }

    fn check_read(
        &self,
        worker: &Worker<'_>,
        name: String,
        read: ReadFile,
        options: &CheckOptions,
    ) -> FileReport {
        let mut report = FileReport::new(name);
        report.sha256 = read.sha256;
        let outcome = match read.content {
            Err(finding) => Outcome {
                findings: vec![finding],
                ..Outcome::default()
            },
            Ok(decoded) => {
                report.encoding = Some(decoded.encoding);
                self.check_text(worker, &decoded, options, &mut report)
            }
        };
        report.findings = outcome.findings;
        report.findings_omitted = outcome.omitted;
        report.finish(options.limits.max_findings, outcome.omitted_error);
        report
    }

    /// Routes a decoded document and validates it; sets the report's set and form.
    fn check_text(
        &self,
        worker: &Worker<'_>,
        decoded: &Decoded,
        options: &CheckOptions,
        report: &mut FileReport,
    ) -> Outcome {
        let (text, limits) = (decoded.text.as_str(), &options.limits);
        if let [set] = self.sets.as_slice() {
            if set.is_ad_hoc() {
                // One `--xsd`: it takes every file, so there is nothing to route (a DOCTYPE is
                // refused by the validator as well).
                self.name(report, 0, 0);
                return match worker.target(0) {
                    Ok((compiled, validator)) => {
                        validate::validate(text, compiled, validator, limits, false)
                    }
                    Err(e) => not_ready(e),
                };
            }
        }
        let children: Vec<&str> = self.children.iter().map(String::as_str).collect();
        let Some(root) = route::read_root(text, &children) else {
            // Not well-formed before any element, or no element: the lax run says where.
            return worker.lax(text, limits);
        };
        if let Some(at) = root.doctype_at {
            let finding = validate::doctype_refused(Some(Position::of_offset(text, at)));
            return Outcome {
                findings: vec![finding],
                ..Outcome::default()
            };
        }
        let Some((si, ri)) = route::route(&self.sets, &root, |si, root| self.declares(si, root))
        else {
            let v = worker.lax(text, limits);
            // A file that is not even readable XML gets that finding alone.
            if v.findings.iter().any(|f| f.code.starts_with("READ-")) {
                return v;
            }
            let mut outcome = Outcome::default();
            outcome.push(unclaimed(&self.sets, &root, text), limits.max_findings);
            merge(&mut outcome, v, limits.max_findings);
            return outcome;
        };
        let set = &self.sets[si];
        if let Some(why) = &set.damaged {
            let mut outcome = Outcome::default();
            outcome.push(damaged_set(set, why), limits.max_findings);
            return outcome;
        }
        let target = self.route_targets[si][ri];
        self.name(report, si, ri);
        let mut outcome = Outcome::default();
        let today = options.today.as_deref();
        let set_findings = [
            encoding_not_allowed(set, decoded.encoding),
            today.and_then(|t| outside_validity(set, t)),
        ];
        for f in set_findings.into_iter().flatten() {
            outcome.push(f, limits.max_findings);
        }
        let (compiled, validator) = match worker.target(target) {
            Ok(ready) => ready,
            Err(e) => return not_ready(e),
        };
        // The domain stage reads the document's values from the XSD stage's pass.
        let (v, document) = if set.has_checks() {
            validate::validate_collecting(text, compiled, validator, limits)
        } else {
            let v = validate::validate(text, compiled, validator, limits, false);
            (v, Default::default())
        };
        // Domain checks need a readable document; they skip the values the XSD refused.
        let domain_input = set
            .checks()
            .filter(|_| !v.findings.iter().any(|f| f.code.starts_with("READ-")))
            .map(|checks| {
                let refused: HashSet<String> =
                    v.findings.iter().filter_map(|f| f.path.clone()).collect();
                (checks, refused)
            });
        merge(&mut outcome, v, limits.max_findings);
        if let Some((checks, refused)) = domain_input {
            let label = |path: &str| {
                compiled
                    .labels
                    .at_path(&compiled.schema, path)
                    .map(|l| l.to_string())
            };
            let context = domain::Context {
                checks,
                codes: &set.codes,
                today: today.and_then(crate::calendar::Day::parse_iso),
                label: &label,
                refused: &refused,
                cap: limits.max_findings.saturating_sub(outcome.findings.len()),
            };
            merge(
                &mut outcome,
                domain::check(text, &document, &context),
                limits.max_findings,
            );
        }
        outcome
    }
}

impl<'c> Worker<'c> {
    fn new(checker: &'c Checker, copies: &'c Copies) -> Worker<'c> {
        Worker {
            checker,
            copies,
            validators: std::iter::repeat_with(OnceCell::new)
                .take(copies.targets.len())
                .collect(),
            lax_validator: OnceCell::new(),
        }
    }

    /// A target's compiled schema and validator, compiled on first use.
    fn target(
        &self,
        target: usize,
    ) -> Result<(&'c CompiledSchema, &SchemaValidator<'c>), &'c SetError> {
        let compiled = self.copies.targets[target]
            .get_or_init(|| self.checker.compile_target(target))
            .as_ref()?;
        let validator =
            self.validators[target].get_or_init(|| SchemaValidator::new(&compiled.schema, flags()));
        Ok((compiled, validator))
    }

    /// Well-formedness and limits only, for a file no set claims: what the empty schema says
    /// about xsi:type and the like is not a finding about this file.
    fn lax(&self, text: &str, limits: &Limits) -> Outcome {
        let lax = self.copies.lax.get_or_init(empty_schema);
        let validator = self
            .lax_validator
            .get_or_init(|| SchemaValidator::new(&lax.schema, flags()));
        let mut outcome = validate::validate(text, lax, validator, limits, true);
        outcome.findings.retain(|f| f.code.starts_with("READ-"));
        outcome.omitted = 0;
        outcome.omitted_error = false;
        outcome
    }
}

fn merge(into: &mut Outcome, from: Outcome, cap: usize) {
    for f in from.findings {
        into.push(f, cap);
    }
    into.omitted += from.omitted;
    into.omitted_error |= from.omitted_error;
}

/// The finding of a file whose XSD did not compile.
fn set_not_ready(e: &SetError) -> Finding {
    Finding::error(
        "READ-013",
        format!("スキーマを準備できないため検査できません: {e}"),
        "システム管理者に連絡してください。",
    )
}

fn not_ready(e: &SetError) -> Outcome {
    Outcome {
        findings: vec![set_not_ready(e)],
        ..Outcome::default()
    }
}

/// A file that a damaged imported set claims: not checked at all, rather than against the
/// embedded set the import replaced (see docs/schema-sets.md).
fn damaged_set(set: &SchemaSetDef, why: &str) -> Finding {
    let id = &set.manifest.id;
    Finding::error(
        "READ-013",
        format!("このファイルを受け持つ取り込み済みのスキーマセット「{id}」が壊れているか改変されているため、検査できません（判定なし）: {why}"),
        format!("組み込みのセットに戻すには rinko schemas remove {id}、取り込んだ版を使い続けるにはそのルールパックをもう一度 rinko schemas import してください。"),
    )
    .constraint("schema-set integrity")
}

fn internal_error(name: String) -> FileReport {
    unchecked(
        name,
        Finding::error(
            "READ-014",
            "内部エラーのため、このファイルを検査できませんでした（判定なし）。",
            "ほかのファイルの検査は続けています。このファイルをシステム管理者に渡し、開発元に報告してください。",
        ),
    )
}

/// A failing report for a file that could not be checked at all.
fn unchecked(name: String, finding: Finding) -> FileReport {
    let mut report = FileReport::new(name);
    report.findings.push(finding);
    report.finish(usize::MAX, false);
    report
}

fn encoding_not_allowed(set: &SchemaSetDef, encoding: &str) -> Option<Finding> {
    let allowed = &set.manifest.encodings;
    if allowed.is_empty() {
        return None;
    }
    let ok = allowed
        .iter()
        .filter_map(|a| crate::encoding::canonical_name(a))
        .any(|a| a == encoding || (a == "UTF-16" && encoding.starts_with("UTF-16")));
    (!ok).then(|| {
        Finding::error(
            "ENC-005",
            format!(
                "文字コード {encoding} は、この様式（{}）では使えません。使える文字コード: {}。",
                set.manifest.name,
                allowed.join("、")
            ),
            "院内システムの出力設定で、使える文字コードを選んで出力し直してください。",
        )
        .constraint("schema-set encodings")
        .at(Some(Position { line: 1, column: 1 }))
    })
}

fn outside_validity(set: &SchemaSetDef, today: &str) -> Option<Finding> {
    (!set.manifest.is_valid_on(today)).then(|| {
        Finding::new(
            "DATE-001",
            Severity::Warning,
            format!("この様式（{}）の有効期間（{}）の外です（本日 {today}）。", set.manifest.name, set.manifest.validity_ja()),
            "有効期間内の様式で出力し直せるか確認してください。期間外の様式は受け付けられないことがあります。",
        )
        .constraint("schema-set valid_from/valid_until")
        .at(Some(Position { line: 1, column: 1 }))
    })
}

fn unclaimed(sets: &[SchemaSetDef], root: &route::RootInfo, text: &str) -> Finding {
    let ns = if root.namespace.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", root.namespace)
    };
    // Only the attributes the routes discriminate on, shortened: the root may carry anything.
    let discriminating: Vec<&str> = sets
        .iter()
        .flat_map(|s| &s.manifest.routes)
        .flat_map(|r| &r.when)
        .filter_map(|c| c.attribute.as_deref())
        .collect();
    let attrs: Vec<String> = root
        .attributes
        .iter()
        .filter(|(n, _)| discriminating.contains(&n.as_str()))
        .take(5)
        .map(|(n, v)| format!("@{n}=\"{}\"", crate::finding::shorten(v, 40)))
        .collect();
    let expected = route::expectations(sets);
    let offset = text.find(&format!("<{}", root.local)).or_else(|| {
        text.find(&format!(":{}", root.local))
            .map(|o| o.saturating_sub(1))
    });
    Finding::error(
        "READ-012",
        format!(
            "このファイルを受け付ける様式がありません（ルート要素 <{ns}{}{}>）。有効な様式: {}",
            crate::finding::shorten(&root.local, 100),
            if attrs.is_empty() { String::new() } else { format!(" {}", attrs.join(" ")) },
            if expected.is_empty() { "なし".to_string() } else { expected.join("／") }
        ),
        "別の様式のファイルが混じっていないか、様式版が正しいかを確認してください。新しい様式には新しいスキーマセットが必要です（rinko schemas list）。",
    )
    .constraint("routing")
    .at(offset.map(|o| Position::of_offset(text, o)))
}

impl Checker {
    /// Whether every XSD a set's routes use compiles: the test a rule pack passes before
    /// `rinko schemas import` stores it.
    pub fn vet(set: &SchemaSetDef) -> Result<(), SetError> {
        compile_routes(set, 0, true).map(|_| ())
    }
}

/// A set's distinct XSDs, compiled, and for each route the index of its XSD among all the
/// checker's targets. A damaged set has none: its routes only name it (`check_text`).
#[derive(Default)]
struct CompiledRoutes {
    xsds: Vec<String>,
    /// None where not compiled (`vet` false).
    schemas: Vec<Option<CompiledSchema>>,
    per_route: Vec<usize>,
}

/// `first` is where this set's targets start among the checker's; `vet`: compile them now.
fn compile_routes(set: &SchemaSetDef, first: usize, vet: bool) -> Result<CompiledRoutes, SetError> {
    let mut out = CompiledRoutes::default();
    if set.damaged.is_some() {
        return Ok(out);
    }
    for route in &set.manifest.routes {
        let index = match out.xsds.iter().position(|x| *x == route.xsd) {
            Some(index) => index,
            None => {
                let compiled = vet
                    .then(|| crate::schema_set::compile(set, &route.xsd))
                    .transpose()?;
                out.schemas.push(compiled);
                out.xsds.push(route.xsd.clone());
                out.xsds.len() - 1
            }
        };
        out.per_route.push(first + index);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which targets the copies handed back hold compiled, as `set/xsd`, with how many copies.
    fn compiled(checker: &Checker) -> Vec<(String, usize)> {
        let spare = checker.spare.lock().unwrap();
        let mut out = Vec::new();
        for (t, (si, xsd)) in checker.targets.iter().enumerate() {
            let copies = spare
                .iter()
                .filter(|c| c.targets.get(t).and_then(OnceCell::get).is_some())
                .count();
            if copies > 0 {
                out.push((format!("{}/{xsd}", checker.sets[*si].manifest.id), copies));
            }
        }
        out
    }

    #[test]
    fn a_worker_compiles_only_the_xsds_its_files_are_routed_to() {
        let checker = Checker::new(SchemaSetDef::embedded()).unwrap();
        assert_eq!(
            compiled(&checker),
            vec![],
            "the embedded sets are not compiled to vet them"
        );
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/valid");
        let options = CheckOptions::default();
        let one = [root.join("kojinhyo-2025-koushin.xml")];
        let reports = checker.check_files(&one, &options);
        assert_eq!(
            reports[0].status,
            crate::Status::Pass,
            "{:?}",
            reports[0].findings
        );
        assert_eq!(
            compiled(&checker),
            vec![("rinko-kojinhyo-2025/kojinhyo.xsd".to_string(), 1)]
        );
        // Handed back and used again: the next batch compiles nothing more for that XSD.
        let both = [
            root.join("kojinhyo-2025-henkou.xml"),
            root.join("ikensho-2025.xml"),
        ];
        let reports = checker.check_files(&both, &options);
        assert!(reports.iter().all(|r| r.status == crate::Status::Pass));
        let after = compiled(&checker);
        assert!(
            after
                .iter()
                .any(|(t, _)| t == "rinko-ikensho-2025/ikensho.xsd")
                && !after
                    .iter()
                    .any(|(t, _)| t.starts_with("rinko-kojinhyo-2023")),
            "{after:?}"
        );
    }

    #[test]
    fn reports_are_handed_on_in_input_order_as_they_are_made() {
        let checker = Checker::new(SchemaSetDef::embedded()).unwrap();
        let valid = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/valid/kojinhyo-2025-koushin.xml"),
        )
        .unwrap();
        // Every seventh document is large, so that a later small one is done before it.
        let large: Vec<u8> = {
            let mut text = String::from_utf8(valid.clone()).unwrap();
            text.push_str(&"<!-- padding -->\n".repeat(20_000));
            text.into_bytes()
        };
        let names: Vec<String> = (0..64).map(|i| format!("{i:02}.xml")).collect();
        let documents: Vec<InMemory> = names
            .iter()
            .enumerate()
            .map(|(i, name)| InMemory {
                name: name.clone(),
                bytes: if i % 7 == 0 { &large } else { &valid },
            })
            .collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let options = CheckOptions::default();
        let mut seen = Vec::new();
        let reached = pool.install(|| {
            checker.check_batch_each(&documents, &options, &|_| {}, &|| false, &mut |r| {
                seen.push(r.path)
            })
        });
        assert!(!reached.cancelled && reached.unchecked.is_empty());
        assert_eq!(seen, names);

        // Stopped after 10 files were started: those are handed on, in order, and the rest
        // are unchecked.
        let started = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let reached = pool.install(|| {
            checker.check_batch_each(
                &documents,
                &options,
                &|step| {
                    if !step.finished {
                        started.fetch_add(1, Ordering::SeqCst);
                    }
                },
                &|| started.load(Ordering::SeqCst) >= 10,
                &mut |r| seen.push(r.path),
            )
        });
        assert!(reached.cancelled);
        let n = seen.len();
        assert!((10..64).contains(&n), "{n}");
        assert_eq!(seen, names[..n]);
        assert_eq!(reached.unchecked, (n..64).collect::<Vec<_>>());
    }
}
