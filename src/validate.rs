//! The validation stage: drives the XSD engine over a decoded document from quick-xml events and
//! turns every diagnostic into a finding with its label, path, line, column and value.
//!
//! The engine reports an error with the instance path of the item it is about, but without a
//! source position. A tracker shared by the event handler and the diagnostics sink knows the open
//! elements (their byte offsets, labels and text) at the moment an error is reported; an error
//! about an element no longer open (identity constraints at the end of the document) is located
//! afterwards by walking the document once more.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use xsd_schema::validation::{
    drive_quick_xml_with, AttributeView, DoctypeView, DriveWithError, ElementStartView,
    EndElementInfo, InstancePath, PathStep, SchemaInfo, SchemaValidator, TextKind, ValidationError,
    ValidationEventHandler, ValidationSink, ValidationWarning,
};
use xsd_schema::xml::{LimitExceeded, NotWellFormed, ParseLimit};

use crate::domain::{Builder, Document};
use crate::expected::{bounds, declared_child, expected_after, ChildName, Expected};
use crate::finding::{Finding, Locator, Outcome, Position, Severity};
use crate::limits::Limits;
use crate::messages::{self, Subject};
use crate::schema_set::{CompiledSchema, Labels};
use xsd_schema::{ElementKey, SchemaSet, TypeKey};

/// An element step of an instance path: namespace, local name, position among same-named siblings.
type Step = (String, String, usize);

/// Text kept per open element, for the finding's value; enough to show, not to store a 16 MB node.
const MAX_KEPT_TEXT: usize = 1024;

#[derive(Default)]
struct Frame {
    local: String,
    offset: usize,
    /// The declaration the engine chose; its label is looked up only for a finding.
    decl: Option<ElementKey>,
    text: String,
    /// The characters of the whole text, of which `text` keeps the first `MAX_KEPT_TEXT` bytes.
    chars: usize,
    /// A child was refused by the content model: the engine's later complaints about this
    /// element's content (undeclared children, an incomplete model) follow from that one.
    broken: bool,
    /// The element's governing type, and its children so far: to say what was expected.
    type_key: Option<TypeKey>,
    children: Vec<ChildName>,
}

/// The open elements. Closed frames keep their buffers for the next element at that depth, so
/// tracking costs no allocation per element once the stack is warm.
#[derive(Default)]
struct FrameStack {
    frames: Vec<Frame>,
    depth: usize,
}

impl FrameStack {
    fn open(&self) -> &[Frame] {
        &self.frames[..self.depth]
    }

    fn open_mut(&mut self) -> &mut [Frame] {
        &mut self.frames[..self.depth]
    }

    fn push(&mut self, local: &str, offset: usize) {
        if self.depth == self.frames.len() {
            self.frames.push(Frame::default());
        }
        let f = &mut self.frames[self.depth];
        f.local.clear();
        f.local.push_str(local);
        f.offset = offset;
        f.decl = None;
        f.text.clear();
        f.chars = 0;
        f.broken = false;
        f.type_key = None;
        f.children.clear();
        self.depth += 1;
    }

    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

struct Tracker {
    frames: FrameStack,
    next_offset: usize,
    /// The attribute being validated (name, value up to `MAX_KEPT_TEXT`), buffers reused.
    attribute: (String, String),
    in_attribute: bool,
    outcome: Outcome,
    /// Findings whose element was no longer open, with its instance path.
    unplaced: Vec<(usize, Vec<Step>)>,
    cap: usize,
}

struct Sink<'a> {
    tracker: Rc<RefCell<Tracker>>,
    labels: &'a Labels,
    schema: &'a SchemaSet,
    locator: Locator<'a>,
}

enum Refusal {
    Doctype(usize),
}

struct Handler<'a> {
    tracker: Rc<RefCell<Tracker>>,
    schema: &'a SchemaSet,
    /// The domain stage's view of the document, built in this pass when asked.
    document: Option<Builder>,
}

impl ValidationEventHandler for Handler<'_> {
    type Error = Refusal;

    fn on_doctype(&mut self, doctype: DoctypeView<'_>) -> Result<(), Refusal> {
        Err(Refusal::Doctype(doctype.byte_pos))
    }

    fn on_element_start_offset(&mut self, byte_pos: usize) -> Result<(), Refusal> {
        self.tracker.borrow_mut().next_offset = byte_pos;
        Ok(())
    }

    fn before_element(&mut self, view: ElementStartView<'_>) -> Result<(), Refusal> {
        let mut t = self.tracker.borrow_mut();
        let offset = t.next_offset;
        let name = (
            self.schema.name_table.get(view.local_name),
            Some(view.namespace_uri)
                .filter(|n| !n.is_empty())
                .and_then(|n| self.schema.name_table.get(n)),
        );
        if let Some(parent) = t.frames.open_mut().last_mut() {
            parent.children.push(name);
        }
        t.frames.push(view.local_name, offset);
        if let Some(document) = &mut self.document {
            document.start(view.local_name, offset);
        }
        Ok(())
    }

    fn after_element(
        &mut self,
        _view: ElementStartView<'_>,
        info: &SchemaInfo,
    ) -> Result<(), Refusal> {
        if let Some(frame) = self.tracker.borrow_mut().frames.open_mut().last_mut() {
            frame.decl = info.element_decl;
            frame.type_key = info.schema_type;
        }
        Ok(())
    }

    fn before_attribute(&mut self, view: AttributeView<'_>) -> Result<(), Refusal> {
        let mut t = self.tracker.borrow_mut();
        let (name, value) = &mut t.attribute;
        name.clear();
        name.push_str(view.local_name);
        value.clear();
        push_bounded(value, view.value);
        t.in_attribute = true;
        if let Some(document) = &mut self.document {
            document.attribute(view.local_name, view.value);
        }
        Ok(())
    }

    fn after_attribute(
        &mut self,
        _view: AttributeView<'_>,
        _info: &SchemaInfo,
    ) -> Result<(), Refusal> {
        self.tracker.borrow_mut().in_attribute = false;
        Ok(())
    }

    fn on_text(&mut self, kind: TextKind, text: &str) -> Result<(), Refusal> {
        if let Some(frame) = self.tracker.borrow_mut().frames.open_mut().last_mut() {
            push_bounded(&mut frame.text, text);
            frame.chars += text.chars().count();
        }
        if let Some(document) = &mut self.document {
            document.text(text, matches!(kind, TextKind::Whitespace));
        }
        Ok(())
    }

    fn after_end_element(&mut self, _info: &EndElementInfo, _depth: usize) -> Result<(), Refusal> {
        self.tracker.borrow_mut().frames.pop();
        if let Some(document) = &mut self.document {
            document.end();
        }
        Ok(())
    }
}

/// Appends as much of `text` as fits in `MAX_KEPT_TEXT`, on a character boundary.
fn push_bounded(into: &mut String, text: &str) {
    let room = MAX_KEPT_TEXT.saturating_sub(into.len());
    let mut end = room.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    into.push_str(&text[..end]);
}

/// The element steps of an instance path (namespace, local name, position) and its attribute.
fn steps(path: Option<&InstancePath>) -> (Vec<Step>, Option<String>) {
    let mut elements = Vec::new();
    let mut attribute = None;
    if let Some(path) = path {
        for step in path.steps() {
            match step {
                PathStep::Element { .. } => elements.push((
                    step.name().namespace_uri().to_string(),
                    step.name().local_name().to_string(),
                    step.position().unwrap_or(1),
                )),
                _ => attribute = Some(step.name().local_name().to_string()),
            }
        }
    }
    (elements, attribute)
}

impl Sink<'_> {
    fn report(
        &mut self,
        constraint: &str,
        message: &str,
        path: Option<&InstancePath>,
        warning: bool,
    ) {
        let (mut elements, attribute) = steps(path);
        let mut t = self.tracker.borrow_mut();
        if !aim_at_refused_child(&mut t, constraint, message, &mut elements) {
            return;
        }
        if t.outcome.findings.len() >= t.cap {
            // Past the cap a finding is only counted: a file with a million bad values must not
            // cost a million messages.
            t.outcome.omitted += 1;
            t.outcome.omitted_error |= messages::severity(constraint, warning) == Severity::Error;
            return;
        }
        let open = elements.len() <= t.frames.open().len()
            && elements
                .iter()
                .zip(t.frames.open())
                .all(|((_, local, _), f)| *local == f.local)
            && !elements.is_empty();
        let frame = if open {
            t.frames.open().get(elements.len() - 1)
        } else {
            None
        };
        let local_path = local_path(&elements, attribute.as_deref());
        let element_local = elements.last().map(|(_, l, _)| l.as_str()).unwrap_or("");
        let (label, value) = match &attribute {
            Some(a) => (
                self.labels.attribute_by_name(self.schema, a),
                Some(&t.attribute)
                    .filter(|(n, _)| t.in_attribute && n == a)
                    .map(|(_, v)| v.clone()),
            ),
            None => (
                if constraint.starts_with("cvc-complex-type.2.4") && !message.contains("incomplete")
                {
                    // A refused child: only its parent's own declaration names it; a label of
                    // the same name elsewhere in the form may be another field.
                    self.refused_child_label(&t, &elements)
                } else {
                    frame
                        .and_then(|f| f.decl)
                        .and_then(|k| self.labels.element(self.schema, k))
                        .or_else(|| self.labels.element_by_name(self.schema, element_local))
                },
                // As written: leading or trailing space may be the very problem.
                frame
                    .filter(|_| is_value_constraint(constraint))
                    .map(|f| f.text.clone()),
            ),
        };
        let shown_name = label
            .as_deref()
            .map(str::to_string)
            .unwrap_or_else(|| match &attribute {
                Some(a) => a.clone(),
                None => element_local.to_string(),
            });
        let expected = self.expected(&t, constraint, message, &elements);
        let allowed = match (constraint, frame.and_then(|f| f.type_key), &attribute) {
            ("cvc-enumeration-valid", Some(TypeKey::Simple(k)), None) => {
                self.labels.enumeration(self.schema, k).map(|values| {
                    values
                        .iter()
                        .map(|(v, doc)| match doc {
                            Some(d) => format!("{v}（{d}）"),
                            None => v.clone(),
                        })
                        .collect()
                })
            }
            _ => None,
        };
        let bound = match (frame.and_then(|f| f.type_key), &attribute) {
            (Some(TypeKey::Simple(k)), None)
                if constraint.ends_with("Length-valid")
                    || constraint == "cvc-length-valid"
                    || constraint.ends_with("clusive-valid") =>
            {
                bounds(self.schema, k).describe_ja(constraint)
            }
            _ => None,
        };
        let subject = Subject {
            name: &shown_name,
            value: value.as_deref(),
            length: frame
                .filter(|_| attribute.is_none() && is_value_constraint(constraint))
                .map(|f| f.chars),
            is_attribute: attribute.is_some(),
            expected,
            allowed,
            bound,
        };
        let wording = if warning {
            messages::xsd_warning(&shown_name)
        } else {
            messages::xsd_error(constraint, message, &subject)
        };
        let mut finding = Finding::new(
            wording.code,
            wording.severity,
            wording.message,
            wording.hint,
        )
        .constraint(constraint)
        .detail(message)
        .at(frame.map(|f| self.locator.locate(f.offset)));
        finding.label = label.map(|l| l.to_string());
        finding.path = (!local_path.is_empty()).then_some(local_path);
        if let Some(v) = value {
            finding = finding.value(v);
        }
        let placed = frame.is_some() || elements.is_empty();
        let cap = t.cap;
        if !placed && t.outcome.findings.len() < cap {
            let index = t.outcome.findings.len();
            t.unplaced.push((index, elements));
        }
        t.outcome.push(finding, cap);
    }
}

/// The engine reports a child the content model refuses at its parent's path, then complains
/// about each later sibling (undeclared, since the model lost its place) and about the parent's
/// incomplete content. The clerk needs the first refused child, named as such, and not the
/// echoes. Rewrites `elements` to the child's path; returns false for an echo.
fn aim_at_refused_child(
    t: &mut Tracker,
    constraint: &str,
    message: &str,
    elements: &mut Vec<Step>,
) -> bool {
    let depth = elements.len();
    let broken = |t: &Tracker, i: usize| t.frames.open().get(i).is_some_and(|f| f.broken);
    if constraint.starts_with("cvc-complex-type.2.4") {
        if message.contains("incomplete") {
            return !(depth > 0 && broken(t, depth - 1));
        }
        if depth > 0
            && t.frames.open().len() == depth + 1
            && message.contains(&format!("'{}'", t.frames.open()[depth].local))
        {
            let first = !broken(t, depth - 1);
            t.frames.open_mut()[depth - 1].broken = true;
            if first {
                elements.push((String::new(), t.frames.open()[depth].local.clone(), 0));
            }
            return first;
        }
        true
    } else if constraint.starts_with("cvc-elt.1") {
        !(depth >= 2 && broken(t, depth - 2))
    } else {
        true
    }
}

/// Whether the finding is about the element's own text, so that its value is worth showing.
fn is_value_constraint(constraint: &str) -> bool {
    !(constraint.starts_with("cvc-complex-type")
        || constraint.starts_with("cvc-elt")
        || constraint.starts_with("cvc-type.2")
        || constraint.starts_with("cvc-identity-constraint")
        || constraint.starts_with("validation-resource-limit"))
}

fn local_path(elements: &[Step], attribute: Option<&str>) -> String {
    let mut path: String = elements.iter().map(|(_, l, _)| format!("/{l}")).collect();
    if let Some(a) = attribute {
        path.push_str("/@");
        path.push_str(a);
    }
    path
}

impl Sink<'_> {
    /// A child the content model refused has no declaration in the run, but its parent's model
    /// may still declare it (out of order, one too many): that declaration's label is exact.
    fn refused_child_label(&self, t: &Tracker, elements: &[Step]) -> Option<Arc<str>> {
        let depth = elements.len();
        let parent = t.frames.open().get(depth.checked_sub(2)?)?;
        let child = t.frames.open().get(depth - 1)?;
        let local = self.schema.name_table.get(&child.local)?;
        self.labels.element(
            self.schema,
            declared_child(self.schema, parent.type_key?, local)?,
        )
    }

    /// For a content-model finding, the labels of what the model accepts at that point: after the
    /// siblings before a refused child, or after all children of an incomplete element.
    fn expected(
        &self,
        t: &Tracker,
        constraint: &str,
        message: &str,
        elements: &[Step],
    ) -> Option<Vec<String>> {
        if !constraint.starts_with("cvc-complex-type.2.4") {
            return None;
        }
        let incomplete = message.contains("incomplete");
        let parent_depth = if incomplete {
            elements.len()
        } else {
            elements.len().checked_sub(1)?
        };
        let parent = t.frames.open().get(parent_depth.checked_sub(1)?)?;
        let children = if incomplete {
            &parent.children[..]
        } else {
            &parent.children[..parent.children.len().saturating_sub(1)]
        };
        let expected = expected_after(self.schema, parent.type_key?, children)?;
        Some(
            expected
                .into_iter()
                .map(|e| match e {
                    Expected::Declared(key) => self
                        .labels
                        .element(self.schema, key)
                        .map(|l| l.to_string())
                        .unwrap_or_else(|| {
                            self.schema
                                .arenas
                                .elements
                                .get(key)
                                .and_then(|d| d.name)
                                .map(|n| self.schema.name_table.resolve(n))
                                .unwrap_or_default()
                        }),
                    Expected::Named(name) => self
                        .labels
                        .element_by_name(self.schema, &name)
                        .map(|l| l.to_string())
                        .unwrap_or(name),
                })
                .collect(),
        )
    }
}

impl ValidationSink for Sink<'_> {
    fn on_error(&mut self, error: ValidationError) {
        self.report(
            error.constraint,
            &error.message,
            error.instance_path(),
            false,
        );
    }

    fn on_warning(&mut self, warning: ValidationWarning) {
        self.report(
            warning.code,
            &warning.message,
            warning.instance_path(),
            true,
        );
    }
}

/// Validates `text` against `schema` and returns every finding (up to the cap).
/// `lax`: validate the root laxly (no declaration needed) — for the well-formedness check of a
/// file no set claims, against the empty schema.
pub fn validate(
    text: &str,
    schema: &CompiledSchema,
    validator: &SchemaValidator<'_>,
    limits: &Limits,
    lax: bool,
) -> Outcome {
    run(text, schema, validator, limits, lax, None).0
}

/// `validate`, also giving the document's values for the domain stage, read in the same pass.
pub fn validate_collecting(
    text: &str,
    schema: &CompiledSchema,
    validator: &SchemaValidator<'_>,
    limits: &Limits,
) -> (Outcome, Document) {
    let (outcome, document) = run(
        text,
        schema,
        validator,
        limits,
        false,
        Some(Builder::for_document_of(text.len())),
    );
    (outcome, document.map(Builder::finish).unwrap_or_default())
}

fn run(
    text: &str,
    schema: &CompiledSchema,
    validator: &SchemaValidator<'_>,
    limits: &Limits,
    lax: bool,
    document: Option<Builder>,
) -> (Outcome, Option<Builder>) {
    let tracker = Rc::new(RefCell::new(Tracker {
        frames: FrameStack::default(),
        next_offset: 0,
        attribute: Default::default(),
        in_attribute: false,
        outcome: Outcome::default(),
        unplaced: Vec::new(),
        cap: limits.max_findings,
    }));
    let sink = Sink {
        tracker: tracker.clone(),
        labels: &schema.labels,
        schema: &schema.schema,
        locator: Locator::new(text),
    };
    let mut runtime = validator.start_run(sink);
    runtime.set_parse_limits(limits.parse_limits());
    if lax {
        runtime.set_validation_root(xsd_schema::validation::ValidationRoot::Lax);
    }
    let mut handler = Handler {
        tracker: tracker.clone(),
        schema: &schema.schema,
        document,
    };
    let driven = drive_quick_xml_with(text.as_bytes(), &mut runtime, &schema.schema, &mut handler);
    let stopped = match driven {
        // The reader accepts a document of comments alone; XML 1.0 §2.1 wants one element.
        Ok(outcome) if outcome.root_validity.is_none() => Some(no_element()),
        Ok(_) => runtime.end_validation().err().map(|e| {
            Finding::error(
                "XSD-099",
                "文書の検査を最後まで完了できませんでした。",
                "詳細（detail）を確認し、システム管理者に連絡してください。",
            )
            .constraint(e.constraint)
            .detail(e.message)
        }),
        Err(DriveWithError::NotWellFormed(e)) => Some(not_well_formed(text, &e)),
        Err(DriveWithError::LimitExceeded(e)) => Some(limit_exceeded(text, &e, limits)),
        Err(DriveWithError::Hook(Refusal::Doctype(at))) => {
            Some(doctype_refused(Some(Position::of_offset(text, at))))
        }
        Err(DriveWithError::Io(e)) => Some(Finding::error(
            "READ-001",
            format!("読み込み中にエラーが発生しました: {e}"),
            "",
        )),
        Err(_) => Some(Finding::error(
            "READ-001",
            "読み込み中に不明なエラーが発生しました。",
            "",
        )),
    };
    drop(runtime);
    let document = handler.document.take();
    drop(handler);
    let mut tracker = tracker.borrow_mut();
    place_unplaced(text, &mut tracker);
    let mut outcome = std::mem::take(&mut tracker.outcome);
    let outcome = match stopped {
        // A document that is not XML (XML 1.0 §1.2: a fatal error) or broke a limit has no
        // schema verdict: what the validator said before the break would only mislead.
        Some(finding) if finding.code.starts_with("READ-") => Outcome {
            findings: vec![finding],
            ..Outcome::default()
        },
        Some(finding) => {
            outcome.push(finding, usize::MAX);
            outcome
        }
        None => outcome,
    };
    (outcome, document)
}

fn no_element() -> Finding {
    Finding::error(
        "READ-005",
        "XML の要素が一つもありません。",
        "XML ファイルでないか、出力が途中で失敗しています。出力し直してください。",
    )
    .constraint("XML 1.0 §2.1 document")
    .at(Some(Position { line: 1, column: 1 }))
}

pub fn doctype_refused(at: Option<Position>) -> Finding {
    Finding::error(
        "READ-004",
        "文書型宣言（DOCTYPE）が含まれています。安全のため、DOCTYPE を含むファイルは読み込みません（実体の展開や外部参照は行いません）。",
        "提出する XML に DOCTYPE は不要です。院内システムの出力設定で DOCTYPE を出力しないようにしてください。",
    )
    .constraint("DOCTYPE refused")
    .at(at)
}

pub fn not_well_formed(text: &str, e: &NotWellFormed) -> Finding {
    Finding::error(
        "READ-005",
        "XML の書式が正しくありません（整形式ではありません）。この位置から先は検査できません。",
        "タグの閉じ忘れ、< や & のエスケープ漏れ、ルート要素が二つ以上ないかを確認してください。ファイルが途中で切れていないかも確認してください。",
    )
    .constraint(format!("{:?}", e.rule()))
    .detail(e.to_string())
    .at(Some(Position::of_offset(text, e.position() as usize)))
}

fn limit_exceeded(text: &str, e: &LimitExceeded, limits: &Limits) -> Finding {
    let (code, what, option) = match e.limit() {
        ParseLimit::Depth => (
            "READ-006",
            format!("要素の入れ子が深すぎます（上限 {} 階層）", limits.max_depth),
            "--max-depth",
        ),
        ParseLimit::Attributes => (
            "READ-007",
            format!(
                "一つの要素の属性が多すぎます（上限 {} 個）",
                limits.max_attributes
            ),
            "--max-attributes",
        ),
        ParseLimit::AttributeValueSize => (
            "READ-008",
            format!(
                "属性値が大きすぎます（上限 {} バイト）",
                limits.max_attribute_bytes
            ),
            "--max-attribute-size",
        ),
        ParseLimit::TextSize => (
            "READ-009",
            format!(
                "文字データが大きすぎます（上限 {} バイト）",
                limits.max_text_bytes
            ),
            "--max-text-size",
        ),
        other => (
            "READ-010",
            format!(
                "読み込みの上限を超えました（{}、上限 {}）",
                other.description(),
                e.max()
            ),
            "",
        ),
    };
    let hint = if option.is_empty() {
        "正常な帳票ではありえない構造です。出力元を確認してください。".to_string()
    } else {
        format!("正常な帳票ではありえない大きさです。出力元を確認してください。必要なら {option} で上限を変更できます。")
    };
    Finding::error(
        code,
        format!("{what}。この位置から先は検査できません。"),
        hint,
    )
    .constraint(e.limit().field_name())
    .detail(e.to_string())
    .at(Some(Position::of_offset(text, e.position() as usize)))
}

/// Finds the start tags of elements by their positional instance paths, in one pass.
fn place_unplaced(text: &str, tracker: &mut Tracker) {
    if tracker.unplaced.is_empty() {
        return;
    }
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    let mut reader = quick_xml::NsReader::from_str(text);
    let mut locator = Locator::new(text);
    // path of the open elements, and per open element the count of children seen by name
    let mut path: Vec<Step> = Vec::new();
    let mut counts: Vec<std::collections::HashMap<(String, String), usize>> =
        vec![Default::default()];
    loop {
        let offset = reader.buffer_position() as usize;
        let (event, empty) = match reader.read_resolved_event() {
            Ok((ns, Event::Start(e))) => ((ns_string(ns), e.local_name().as_ref().to_vec()), false),
            Ok((ns, Event::Empty(e))) => ((ns_string(ns), e.local_name().as_ref().to_vec()), true),
            Ok((_, Event::End(_))) => {
                path.pop();
                counts.pop();
                continue;
            }
            Ok((_, Event::Eof)) | Err(_) => break,
            Ok(_) => continue,
        };
        let (ns, local) = (event.0, String::from_utf8_lossy(&event.1).into_owned());
        let Some(siblings) = counts.last_mut() else {
            break;
        };
        let n = siblings.entry((ns.clone(), local.clone())).or_insert(0);
        *n += 1;
        path.push((ns, local, *n));
        for (index, target) in &tracker.unplaced {
            if *target == path {
                if let Some(f) = tracker.outcome.findings.get_mut(*index) {
                    let p = locator.locate(offset);
                    f.line = Some(p.line);
                    f.column = Some(p.column);
                }
            }
        }
        counts.push(Default::default());
        if empty {
            path.pop();
            counts.pop();
        }
    }
    fn ns_string(ns: ResolveResult<'_>) -> String {
        match ns {
            ResolveResult::Bound(ns) => String::from_utf8_lossy(ns.as_ref()).into_owned(),
            _ => String::new(),
        }
    }
}
