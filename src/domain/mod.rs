//! The domain checks (SPEC §4 steps 3–7) over a document the XSD stage has read: code values,
//! characters, check digits, dates, cross-field rules. What is checked where is the schema set's
//! `checks.toml`; this module owns how. Its view of the document (`document`) is built from the
//! XSD stage's own pass, and it never calls the XSD engine; a value the XSD stage already refused
//! is not judged again here, except for its characters, which say exactly what a pattern
//! refused.

mod chars;
mod dates;
mod digits;
mod document;
mod rules;

use std::collections::{HashMap, HashSet};

use crate::calendar::Day;
use crate::codes::CodeTables;
use crate::finding::{Finding, Locator, Outcome, Severity};
use crate::schema_set::{Checks, DateDef, FieldBinding};

/// A date given as 元号 code, year, month (and day) as printed: 「令和2年6月（2020-06）」; the 西暦
/// is left out when the date is not a real one.
pub fn era_date_ja(era: &str, year: u32, month: u32, day: Option<u32>) -> Option<String> {
    let written = dates::Wareki {
        era: dates::Era::by_code(era)?,
        year,
        month,
        day,
    };
    Some(match written.to_day() {
        Ok(d) => format!("{written}（{d}）"),
        Err(_) => written.to_string(),
    })
}
// The parsers a fuzz target drives on their own (fuzz/), besides through the whole check.
pub use chars::{describe as describe_char, CharClass};
pub use dates::{parse_wareki, scan_wareki, Wareki, WarekiError};
pub use digits::{luhn_check_digit, DigitError};
pub(crate) use document::{Builder, Document, Node};

/// What the domain checks of one document need besides its text.
pub struct Context<'a> {
    pub checks: &'a Checks,
    pub codes: &'a CodeTables,
    /// The day of the check: the future ends here.
    pub today: Option<Day>,
    /// The Japanese label of a local-name path, from the XSD.
    pub label: &'a dyn Fn(&str) -> Option<String>,
    /// Paths the XSD stage refused the value of.
    pub refused: &'a HashSet<String>,
    /// Findings kept for the file; past it they are counted.
    pub cap: usize,
}

/// A finding with the byte offset it is about, before positions are resolved.
struct Placed {
    offset: usize,
    finding: Finding,
}

/// Runs every domain check on a well-formed document, `doc` its values (from the XSD stage's
/// pass, `validate::validate_collecting`); the findings kept come in document order.
pub fn check(text: &str, doc: &Document, ctx: &Context<'_>) -> Outcome {
    let mut run = Run {
        ctx,
        text,
        doc,
        found: Vec::new(),
        omitted: 0,
        omitted_error: false,
        dates: HashMap::new(),
    };
    run.characters();
    run.written_wareki();
    run.fields();
    run.read_dates();
    rules::check(&mut run);
    let mut found = run.found;
    found.sort_by_key(|p| p.offset);
    let mut locator = Locator::new(text);
    Outcome {
        findings: found
            .into_iter()
            .map(|p| {
                let at = locator.locate(p.offset);
                p.finding.at(Some(at))
            })
            .collect(),
        omitted: run.omitted,
        omitted_error: run.omitted_error,
    }
}

/// The day a form's codes are judged on (and named as of): its `codes_as_of` date, else
/// `today`.
pub(crate) fn codes_day(checks: &Checks, doc: &Document, today: Option<Day>) -> Option<String> {
    let named = checks.codes_as_of.as_ref().and_then(|name| {
        let def = checks.date(name)?;
        let node = doc.first(&def.path)?;
        Day::parse_iso(&node.text)
    });
    named.or(today).map(|d| d.to_string())
}

pub(crate) struct Run<'a, 'c> {
    ctx: &'a Context<'c>,
    /// The document's text: where a finding's position is found.
    text: &'a str,
    doc: &'a Document,
    found: Vec<Placed>,
    omitted: usize,
    omitted_error: bool,
    /// The form's named dates that could be read, with the node they came from.
    dates: HashMap<String, (Day, &'a Node)>,
}

impl<'a> Run<'a, '_> {
    fn label(&self, path: &str) -> Option<String> {
        (self.ctx.label)(path)
    }

    /// The label, or the element's own name when the XSD documents none.
    fn name(&self, path: &str) -> String {
        self.label(path).unwrap_or_else(|| {
            path.rsplit('/')
                .next()
                .unwrap_or(path)
                .trim_start_matches('@')
                .to_string()
        })
    }

    fn full(&self) -> bool {
        self.found.len() >= self.ctx.cap
    }

    /// Past the cap a finding is only counted: a 50 MB export with a bad character in every
    /// value must not cost a million messages.
    fn count(&mut self, severity: Severity) {
        self.omitted += 1;
        self.omitted_error |= severity == Severity::Error;
    }

    fn push(&mut self, offset: usize, path: &str, finding: Finding) {
        if self.full() {
            self.count(finding.severity);
            return;
        }
        let mut finding = finding;
        finding.label = self.label(path);
        finding.path = Some(path.to_string());
        self.found.push(Placed { offset, finding });
    }

    fn characters(&mut self) {
        let checks = self.ctx.checks;
        let default = checks.repertoires.iter().find(|r| r.default);
        for node in &self.doc.nodes {
            let field = checks.chars_of(&node.path);
            if field.is_none() && default.is_none() {
                continue;
            }
            if self.full() {
                for severity in chars::severities(&node.text, field, default) {
                    self.count(severity);
                }
                continue;
            }
            for (index, finding) in chars::check_value(&node.text, field, default) {
                let message = format!("「{}」に{}", self.name(&node.path), finding.message);
                let finding = Finding { message, ..finding };
                self.push(node.offset_of(self.text, index), &node.path, finding);
            }
        }
    }

    /// 和暦 dates written anywhere must be real days inside their era.
    fn written_wareki(&mut self) {
        for node in &self.doc.nodes {
            if self.ctx.refused.contains(&*node.path) {
                continue;
            }
            for (index, _, w) in dates::scan_wareki(&node.text) {
                if let Err(e) = w.to_day() {
                    let (code, message) = w.explain(&e);
                    let finding = Finding::error(
                        code,
                        format!("「{}」の{message}", self.name(&node.path)),
                        "元号・年・月・日を確認してください。元号が変わる年（平成31年＝令和元年など）は特に注意してください。",
                    )
                    .constraint("和暦")
                    .value(&node.text);
                    self.push(node.offset_of(self.text, index), &node.path, finding);
                }
            }
        }
    }

    /// The day code validity is judged on; without one, every code not yet ended is valid.
    fn judging_day(&self) -> String {
        self.codes_day().unwrap_or_else(|| "9999-12-31".into())
    }

    /// Whether the whole value of `path` is a code valid on the judging day in every table
    /// bound to it (true for a field bound to none).
    fn accepts_code(&self, path: &str, value: &str) -> bool {
        let day = self.judging_day();
        self.ctx
            .checks
            .fields
            .iter()
            .filter(|f| f.path == path && f.start.is_none())
            .filter_map(|f| self.ctx.codes.get(f.codes.as_deref()?))
            .all(|t| t.accepts(value, &day))
    }

    fn fields(&mut self) {
        let day = self.judging_day();
        for binding in &self.ctx.checks.fields {
            for node in self.doc.all(&binding.path) {
                if node.trimmed().is_empty() || self.ctx.refused.contains(&*node.path) {
                    continue;
                }
                if let Some(table) = &binding.codes {
                    self.code_value(binding, table, node, &day);
                }
                if let Some(scheme) = binding.check_digit {
                    self.check_digit(scheme, node);
                }
            }
        }
    }

    fn codes_day(&self) -> Option<String> {
        codes_day(self.ctx.checks, self.doc, self.ctx.today)
    }

    fn code_value(&mut self, binding: &FieldBinding, table_id: &str, node: &'a Node, day: &str) {
        let Some(table) = self.ctx.codes.get(table_id) else {
            return;
        };
        let value = node.trimmed();
        let part = binding.code_part(value);
        if part.is_some_and(|p| table.accepts(p, day)) {
            return;
        }
        let found = part.and_then(|p| table.get(p, Some(day)));
        let name = self.name(&node.path);
        let part_ja = match (binding.start, binding.length) {
            (Some(s), Some(l)) => format!("の {}〜{} 文字目", s, s + l - 1),
            (Some(s), None) => format!("の {s} 文字目から"),
            _ => String::new(),
        };
        let finding = match found {
            Some(code) => Finding::error(
                "CODE-002",
                format!(
                    "「{name}」{part_ja}のコード「{}」（{}）は、コード表「{}」（版 {}）で {} には使えません（有効期間: {}）。",
                    code.code, code.name, table.name, table.version, day, table.validity_ja(&code.code)
                ),
                "廃止されたか、まだ使えないコードです。有効なコードを選び直してください。",
            ),
            None => {
                let nearest: Vec<String> = table
                    .nearest(part.unwrap_or(value), day, 3)
                    .iter()
                    .map(|c| format!("{}（{}）", c.code, c.name))
                    .collect();
                Finding::error(
                    "CODE-001",
                    format!(
                        "「{name}」{part_ja}の「{}」は、コード表「{}」（版 {}）にないコードです。{}",
                        part.unwrap_or(value),
                        table.name,
                        table.version,
                        if nearest.is_empty() {
                            String::new()
                        } else {
                            format!("近いコード: {}。", nearest.join("、"))
                        }
                    ),
                    "コード表にある値を選んでください。院内システムのマスタが古い可能性もあります。",
                )
            }
        };
        let finding = finding
            .constraint(format!("code table {}", table.id))
            .value(value);
        self.push(node.offset, &node.path, finding);
    }

    fn check_digit(&mut self, scheme: crate::schema_set::CheckDigit, node: &'a Node) {
        let Err(error) = scheme.verify(node.trimmed()) else {
            return;
        };
        let name = self.name(&node.path);
        let finding = match error {
            DigitError::Shape(shape) => Finding::error(
                "DIGIT-002",
                format!("「{name}」は{}として桁数または文字が正しくありません（半角数字 {shape}）。", scheme.name_ja()),
                "原本（受給者証・保険証・通知書など）と照合し、半角数字で入力してください。",
            ),
            DigitError::Mismatch => Finding::error(
                "DIGIT-001",
                format!("「{name}」の検証番号（最後の 1 桁）が一致しません。{}の写し間違いの可能性があります。", scheme.name_ja()),
                "原本（受給者証・保険証・通知書など）と一桁ずつ照合してください。最後の 1 桁だけを直すのではなく、番号全体を確認してください。",
            ),
        };
        let finding = finding
            .constraint(format!("check digit {}", scheme.name_ja()))
            .value(node.trimmed());
        self.push(node.offset, &node.path, finding);
    }

    /// Reads every `[[date]]` of the form; a wrong 和暦 or 元号 date is reported here.
    fn read_dates(&mut self) {
        for def in &self.ctx.checks.dates {
            if let Some((day, node)) = self.read_date(def) {
                self.dates.insert(def.name.clone(), (day, node));
            }
        }
    }

    fn read_date(&mut self, def: &DateDef) -> Option<(Day, &'a Node)> {
        let doc = self.doc;
        let node = doc.first(&def.path)?;
        if self.ctx.refused.contains(&def.path) {
            return None;
        }
        let (Some(era), Some(year), Some(month)) = (&def.era, &def.year, &def.month) else {
            let day = Day::parse_iso(&node.text)?;
            let companion = def.wareki.as_ref().and_then(|p| doc.first(p));
            if let Some(companion) = companion.filter(|c| !self.ctx.refused.contains(&*c.path)) {
                self.compare_wareki(day, node, companion);
            }
            return Some((day, node));
        };
        let parts = [Some(era), Some(year), Some(month), def.day.as_ref()];
        if parts
            .iter()
            .flatten()
            .any(|p| self.ctx.refused.contains(&format!("{}/{p}", def.path)))
        {
            return None;
        }
        let child = |name: &str| {
            doc.first(&format!("{}/{name}", def.path))
                .map(|n| n.trimmed())
        };
        let era = dates::Era::by_code(child(era)?)?;
        let number = |name: &str| child(name)?.parse::<u32>().ok();
        let written = dates::Wareki {
            era,
            year: number(year)?,
            month: number(month)?,
            day: match &def.day {
                Some(d) => Some(number(d)?),
                None => None,
            },
        };
        match written.to_day() {
            Ok(day) => Some((day, node)),
            Err(e) => {
                let (code, message) = written.explain(&e);
                let finding = Finding::error(
                    code,
                    format!("「{}」の{message}", self.name(&def.path)),
                    "元号・年・月を確認してください。",
                )
                .constraint("和暦（元号コード）")
                .value(written.to_string());
                self.push(node.offset, &def.path, finding);
                None
            }
        }
    }

    /// DATE-004: the 和暦 companion of a 西暦 date says another day.
    fn compare_wareki(&mut self, day: Day, western: &'a Node, companion: &'a Node) {
        let text = companion.trimmed();
        if text.is_empty() {
            return;
        }
        // The label only for a finding: looking it up walks the schema.
        let name = || self.name(&companion.path);
        let finding = match dates::parse_wareki(text) {
            // A date outside its era or the calendar is reported by the scan of written dates.
            Some(w) => match w.to_day() {
                Ok(written) if written == day => return,
                Ok(written) => Finding::error(
                    "DATE-004",
                    format!(
                        "「{}」の「{text}」（西暦 {written}）が、「{}」の「{}」{}と一致しません。",
                        name(),
                        self.name(&western.path),
                        western.trimmed(),
                        // The 西暦 field in its own words, its 和暦 beside it to compare.
                        dates::Wareki::of(&day)
                            .map(|w| format!("（{w}）"))
                            .unwrap_or_default(),
                    ),
                    "和暦と西暦のどちらが正しいかを原本で確認し、両方をそろえてください。",
                ),
                // Written out in kanji, the scan of written dates has reported it already.
                Err(_) if !dates::scan_wareki(text).is_empty() => return,
                Err(e) => {
                    let (code, message) = w.explain(&e);
                    Finding::error(
                        code,
                        format!("「{}」の{message}", name()),
                        "元号・年・月・日を確認してください。",
                    )
                }
            },
            None => Finding::new(
                "DATE-008",
                Severity::Warning,
                format!("「{}」の「{text}」を和暦の日付として読めません。", name()),
                "「令和7年4月1日」または「R7.4.1」の形で書いてください。",
            ),
        }
        .constraint("和暦と西暦")
        .value(text);
        self.push(companion.offset, &companion.path, finding);
    }

    /// The name of a code value in the table bound to `path`, for messages: 「2（更新）」.
    fn code_name(&self, path: &str, value: &str) -> String {
        let day = self.codes_day();
        match self
            .ctx
            .checks
            .code_of(self.ctx.codes, path, value, day.as_deref())
        {
            Some(code) => format!("{value}（{}）", code.name),
            None => value.to_string(),
        }
    }
}
