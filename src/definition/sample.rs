//! A valid synthetic document per form, and per disease part (`rinko schemas sample`): what a
//! vendor tests the export against before the first real form. Built from the same fields the
//! field definition lists and the same `checks.toml` the checker runs, so that it passes every
//! check of the set: values from the value lists and code tables valid on the sample's 記載日,
//! numbers with their 検証番号, dates in the order the rules ask, ages inside their ranges, the
//! 和暦 that matches the 西暦, the block of each disease part and no other. Values are plausible
//! and plainly synthetic (見本 太郎). The test suite checks every sample of every shipped set with
//! `rinko check`: the generator proposes, the checker decides.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};

use super::fields::{fields, Field, Value};
use super::{is_under, name, parent, DefinitionError};
use crate::calendar::Day;
use crate::codes::CodeTables;
use crate::domain::{luhn_check_digit, Wareki};
use crate::print::html::escape;
use crate::schema_set::{
    compile, slice_chars, CheckDigit, Checks, CodePart, Rule, RuleCondition, SchemaSetDef, TODAY,
};

/// One generated document.
pub struct Sample {
    /// `rinko-kojinhyo-2025.xml`, or with the disease part it fills:
    /// `rinko-kojinhyo-2025-パーキンソン病.xml`.
    pub file_name: String,
    pub xml: String,
}

/// The samples of every form of `set`, or only of `form`.
pub fn samples(set: &SchemaSetDef, form: Option<&str>) -> Result<Vec<Sample>, DefinitionError> {
    let routes = super::routes(set, form)?;
    let checks = set.checks().map(|c| c.as_ref());
    let day = sample_day(
        &set.manifest.valid_from,
        set.manifest.valid_until.as_deref(),
    );
    let several = set.manifest.routes.len() > 1;
    let mut out = Vec::new();
    for route in routes {
        let compiled = compile(set, &route.xsd).map_err(DefinitionError::Set)?;
        let Some(fields) = fields(&compiled, &route.root) else {
            return Err(DefinitionError::NoRoot(route.form.clone()));
        };
        let stem = if several {
            format!("{}-{}", set.manifest.id, route.root)
        } else {
            set.manifest.id.clone()
        };
        let parts = checks.and_then(|c| {
            c.rules.iter().find_map(|r| match r {
                Rule::PartByCode { field, parts, .. } => Some((field, parts)),
                _ => None,
            })
        });
        let draft = |part: Option<(&str, &str)>| {
            let mut draft = Draft::new(&fields, checks, &set.codes, day);
            for condition in &route.when {
                let path = match (&condition.attribute, &condition.element) {
                    (Some(a), _) => format!("/{}/@{a}", route.root),
                    (None, Some(e)) => format!("/{}/{e}", route.root),
                    (None, None) => continue,
                };
                draft.set(&path, condition.equals.clone());
            }
            if let (Some((field, code)), Some((_, all))) = (part, parts) {
                draft.fill_part(field, code, all);
            }
            draft.apply_rules();
            draft.write(&route.namespace)
        };
        match parts {
            Some((field, parts)) => {
                for p in parts {
                    let Some(code) = p.codes.first() else {
                        continue;
                    };
                    let name = name(&p.part);
                    out.push(Sample {
                        file_name: format!("{stem}-{name}.xml"),
                        xml: draft(Some((field, code))),
                    });
                }
            }
            None => out.push(Sample {
                file_name: format!("{stem}.xml"),
                xml: draft(None),
            }),
        }
    }
    Ok(out)
}

/// The sample's 記載日: a month into the set's validity (or its last day, if sooner).
fn sample_day(valid_from: &str, valid_until: Option<&str>) -> NaiveDate {
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let from = parse(valid_from).unwrap_or(NaiveDate::MIN);
    let day = from.checked_add_months(Months::new(1)).unwrap_or(from);
    match valid_until.and_then(parse) {
        Some(until) if until < day => until,
        _ => day,
    }
}

/// A document being made: the value of each field, and which optional ones it leaves out.
struct Draft<'d> {
    fields: &'d [Field],
    checks: Option<&'d Checks>,
    codes: &'d CodeTables,
    day: NaiveDate,
    /// Leaf values by path.
    values: HashMap<String, String>,
    /// Values a rule or the part decided: not changed by later rules.
    fixed: HashMap<String, String>,
    omit: HashSet<String>,
    /// Fields a rule asks for: their choice branch is the one written.
    force: HashSet<String>,
}

impl<'d> Draft<'d> {
    fn new(
        fields: &'d [Field],
        checks: Option<&'d Checks>,
        codes: &'d CodeTables,
        day: NaiveDate,
    ) -> Draft<'d> {
        let mut draft = Draft {
            fields,
            checks,
            codes,
            day,
            values: HashMap::new(),
            fixed: HashMap::new(),
            omit: HashSet::new(),
            force: HashSet::new(),
        };
        for field in fields {
            if let Some(value) = &field.value {
                let v = draft.natural(field, value);
                draft.values.insert(field.path.clone(), v);
            }
        }
        draft
    }

    fn day_text(&self) -> String {
        self.day.format("%Y-%m-%d").to_string()
    }

    /// The codes of the table bound to the whole value of `path` that are valid on the day.
    fn table_codes(&self, path: &str) -> Vec<String> {
        let Some(checks) = self.checks else {
            return Vec::new();
        };
        let day = self.day_text();
        checks
            .fields
            .iter()
            .filter(|b| b.path == path && b.start.is_none() && b.length.is_none())
            .filter_map(|b| self.codes.get(b.codes.as_deref()?))
            .flat_map(|t| {
                t.codes()
                    .filter(|c| c.is_valid_on(&day))
                    .map(|c| c.code.clone())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The value a field gets when no rule asks for another.
    fn natural(&self, field: &Field, value: &Value) -> String {
        if let Some(fixed) = &value.fixed {
            return fixed.clone();
        }
        let table = self.table_codes(&field.path);
        if !value.enumeration.is_empty() {
            return value
                .enumeration
                .iter()
                .map(|(v, _)| v)
                .find(|v| table.is_empty() || table.contains(v))
                .unwrap_or(&value.enumeration[0].0)
                .clone();
        }
        if let Some(code) = table.first() {
            return code.clone();
        }
        let day = self.day;
        match value.builtin.as_str() {
            "xs:boolean" => "true".into(),
            "xs:date" => day.format("%Y-%m-%d").to_string(),
            "xs:gYearMonth" => day.format("%Y-%m").to_string(),
            "xs:gYear" => day.format("%Y").to_string(),
            "xs:dateTime" => day.format("%Y-%m-%dT09:00:00").to_string(),
            "xs:time" => "09:00:00".into(),
            "xs:integer"
            | "xs:int"
            | "xs:long"
            | "xs:short"
            | "xs:byte"
            | "xs:positiveInteger"
            | "xs:nonNegativeInteger"
            | "xs:unsignedInt"
            | "xs:unsignedLong"
            | "xs:unsignedShort"
            | "xs:unsignedByte"
            | "xs:decimal" => number(value),
            _ => text(field, value),
        }
    }

    /// Sets the part-by-code field to `code` and keeps only `code`'s block.
    fn fill_part(&mut self, field: &str, code: &str, parts: &[CodePart]) {
        self.set(field, code.to_string());
        for p in parts {
            if p.codes.iter().any(|c| c == code) {
                self.force.insert(p.part.clone());
            } else {
                self.omit.insert(p.part.clone());
            }
        }
        // A field named after the disease (疾病名) takes the code's name.
        let Some(checks) = self.checks else { return };
        let name = checks
            .code_of(self.codes, field, code, Some(&self.day_text()))
            .map(|c| c.name.clone());
        let siblings = parent(field).to_string();
        if let Some(name) = name {
            let named: Vec<String> = self
                .fields
                .iter()
                .filter(|f| {
                    parent(&f.path) == siblings
                        && f.label.as_deref().is_some_and(|l| l.contains("疾病名"))
                })
                .map(|f| f.path.clone())
                .collect();
            for path in named {
                self.values.insert(path, name.clone());
            }
        }
    }

    fn set(&mut self, path: &str, value: String) {
        self.values.insert(path.to_string(), value.clone());
        self.fixed.insert(path.to_string(), value);
    }

    /// Whether the field is left out, itself or with a block around it.
    fn absent(&self, path: &str) -> bool {
        self.omit.iter().any(|o| o == path || is_under(path, o))
    }

    fn holds(&self, when: &Option<RuleCondition>) -> bool {
        when.as_ref().is_none_or(|c| {
            !self.absent(&c.field)
                && self
                    .values
                    .get(&c.field)
                    .is_some_and(|v| c.equals.contains(v))
        })
    }

    /// Chooses the values of the fields rules depend on, then does what each rule asks.
    fn apply_rules(&mut self) {
        let Some(checks) = self.checks else { return };
        // A condition field of equals-code rules whose target a part decided: the first value
        // under which every such rule holds (疾患群 4 for 疾病コード 04-001).
        for rule in &checks.rules {
            let Rule::EqualsCode {
                field,
                when: Some(when),
                ..
            } = rule
            else {
                continue;
            };
            let Some(target) = self.fixed.get(field).cloned() else {
                continue;
            };
            if self.fixed.contains_key(&when.field) {
                continue;
            }
            let candidates = self.candidates(&when.field);
            let fits = |candidate: &String| {
                checks.rules.iter().all(|r| match r {
                    Rule::EqualsCode {
                        field: f,
                        start,
                        length,
                        equals,
                        when: Some(w),
                        ..
                    } if f == field && w.field == when.field && w.equals.contains(candidate) => {
                        slice_chars(&target, *start, *length)
                            .is_some_and(|s| equals.iter().any(|e| e == s))
                    }
                    _ => true,
                })
            };
            if let Some(c) = candidates.iter().find(|c| fits(c)) {
                self.set(&when.field, c.clone());
            }
        }
        let mut ages: HashMap<&str, (u32, u32)> = HashMap::new();
        for rule in &checks.rules {
            match rule {
                Rule::RequiredIf { field, when, .. }
                    if self.holds(when) && !self.absent(parent(field)) =>
                {
                    self.force.insert(field.clone());
                    self.omit.remove(field);
                }
                Rule::ForbiddenIf { field, when, .. } if self.holds(when) => {
                    self.omit.insert(field.clone());
                }
                Rule::OneOf { fields, when, .. }
                    if self.holds(when) && !fields.iter().any(|f| self.absent(f)) =>
                {
                    for (i, f) in fields.iter().enumerate() {
                        if i == 0 {
                            self.force.insert(f.clone());
                        } else {
                            self.omit.insert(f.clone());
                        }
                    }
                }
                Rule::EqualsCode {
                    field,
                    start,
                    equals,
                    when,
                    ..
                } if self.holds(when) && !self.fixed.contains_key(field) => {
                    if let (Some(value), Some(code)) = (self.values.get(field), equals.first()) {
                        let v = overlay(value, start.unwrap_or(1), code);
                        self.set(field, v);
                    }
                }
                Rule::AgeRange {
                    birth,
                    from,
                    below,
                    when,
                    ..
                } if self.holds(when) => {
                    let range = ages.entry(birth.as_str()).or_insert((0, u32::MAX));
                    range.0 = range.0.max(from.unwrap_or(0));
                    range.1 = range.1.min(*below);
                }
                _ => {}
            }
        }
        self.fill_numbers(checks);
        self.fill_dates(checks, &ages);
    }

    /// The values a condition field can take: its value list, else its table's codes.
    fn candidates(&self, path: &str) -> Vec<String> {
        let listed: Vec<String> = self
            .fields
            .iter()
            .find(|f| f.path == path)
            .and_then(|f| f.value.as_ref())
            .map(|v| v.enumeration.iter().map(|(c, _)| c.clone()).collect())
            .unwrap_or_default();
        if listed.is_empty() {
            self.table_codes(path)
        } else {
            listed
        }
    }

    /// Code slices (都道府県 in a 医療機関コード) and 検証番号.
    fn fill_numbers(&mut self, checks: &Checks) {
        let day = self.day_text();
        for binding in &checks.fields {
            let Some(mut value) = self.values.get(&binding.path).cloned() else {
                continue;
            };
            if let (Some(id), Some(start)) = (&binding.codes, binding.start) {
                let code = self.codes.get(id).and_then(|t| {
                    t.codes()
                        .find(|c| {
                            c.is_valid_on(&day)
                                && binding.length.is_none_or(|l| c.code.chars().count() == l)
                        })
                        .map(|c| c.code.clone())
                });
                let taken = self.fixed.get(&binding.path).and_then(|v| {
                    slice_chars(v, Some(start), binding.length)
                        .filter(|s| self.codes.get(id).is_some_and(|t| t.accepts(s, &day)))
                });
                if let (Some(code), None) = (code, taken) {
                    value = overlay(&value, start, &code);
                }
            }
            if let Some(scheme) = binding.check_digit {
                value = with_check_digit(&value, scheme);
            }
            self.values.insert(binding.path.clone(), value);
        }
    }

    /// Every named date: the latest on the day, each earlier one a step before the dates the
    /// order rules put after it; a birth date so many years back that every age rule holds.
    fn fill_dates(&mut self, checks: &Checks, ages: &HashMap<&str, (u32, u32)>) {
        let mut rank: HashMap<&str, u32> = HashMap::new();
        let chains: Vec<Vec<&str>> = checks
            .rules
            .iter()
            .filter_map(|r| match r {
                Rule::DateOrder { dates, .. } => Some(
                    dates
                        .iter()
                        .map(String::as_str)
                        .filter(|d| *d != TODAY)
                        .collect(),
                ),
                _ => None,
            })
            .collect();
        for _ in 0..checks.dates.len() + 1 {
            for chain in &chains {
                for pair in chain.windows(2) {
                    let after = rank.get(pair[1]).copied().unwrap_or(0);
                    let r = rank.entry(pair[0]).or_insert(0);
                    *r = (*r).max(after + 1);
                }
            }
        }
        for date in &checks.dates {
            let birth = ages
                .get(date.name.as_str())
                .copied()
                .or_else(|| date.name.contains("生年月日").then_some((0, u32::MAX)));
            let day = match birth {
                Some((from, below)) => {
                    let years = if below == u32::MAX {
                        45
                    } else {
                        below
                            .saturating_sub(8)
                            .max(from)
                            .min(below.saturating_sub(1))
                    };
                    // A birthday not on the day itself: the age is the same all the month.
                    self.day
                        .checked_sub_months(Months::new(years * 12 + 1))
                        .unwrap_or(self.day)
                }
                None => {
                    let steps = rank.get(date.name.as_str()).copied().unwrap_or(0);
                    self.day - chrono::Duration::days(60 * i64::from(steps))
                }
            };
            let western = Day::ymd(day.year(), day.month(), day.day());
            match (&date.era, &date.year, &date.month) {
                (Some(era), Some(year), Some(month)) => {
                    if let Some(w) = Wareki::of(&western) {
                        self.values
                            .insert(format!("{}/{era}", date.path), w.era.code.to_string());
                        self.values
                            .insert(format!("{}/{year}", date.path), w.year.to_string());
                        self.values
                            .insert(format!("{}/{month}", date.path), w.month.to_string());
                        if let Some(d) = &date.day {
                            self.values
                                .insert(format!("{}/{d}", date.path), day.day().to_string());
                        }
                    }
                }
                _ => {
                    let builtin = self
                        .fields
                        .iter()
                        .find(|f| f.path == date.path)
                        .and_then(|f| f.value.as_ref())
                        .map(|v| v.builtin.as_str());
                    let text = match builtin {
                        Some("xs:gYearMonth") => day.format("%Y-%m").to_string(),
                        _ => day.format("%Y-%m-%d").to_string(),
                    };
                    self.values.insert(date.path.clone(), text);
                }
            }
            if let (Some(path), Some(w)) = (&date.wareki, Wareki::of(&western)) {
                self.values.insert(path.clone(), w.to_string());
            }
        }
    }

    /// The document: every required field, every optional one no rule leaves out, one branch
    /// of each choice (the one a rule or the part asks for, else the first), each element as
    /// often as it must occur (at least once).
    fn write(&self, namespace: &str) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<!-- 合成データ（Rinko の見本）。実在の人物・医療機関ではありません。 -->\n");
        if let Some(root) = self.fields.first() {
            self.element(root, 0, 0, namespace, &mut out);
        }
        out
    }

    /// The `occurrence`th copy of an element and everything in it.
    fn element(
        &self,
        field: &Field,
        depth: usize,
        occurrence: usize,
        namespace: &str,
        out: &mut String,
    ) {
        let indent = "  ".repeat(depth);
        let name = name(&field.path);
        out.push_str(&format!("{indent}<{name}"));
        if depth == 0 && !namespace.is_empty() {
            out.push_str(&format!(" xmlns=\"{}\"", escape(namespace)));
        }
        let children: Vec<&Field> = self
            .fields
            .iter()
            .filter(|c| parent(&c.path) == field.path)
            .collect();
        for attribute in children
            .iter()
            .filter(|a| a.attribute && !self.omit.contains(&a.path))
        {
            if let Some(v) = self.values.get(&attribute.path) {
                out.push_str(&format!(
                    " {}=\"{}\"",
                    &name_of_attribute(&attribute.path),
                    escape(v)
                ));
            }
        }
        let elements: Vec<&Field> = children
            .into_iter()
            .filter(|c| !c.attribute && self.present(c))
            .collect();
        if elements.is_empty() {
            match &field.value {
                Some(value) => {
                    let v = self.value_of(field, value, occurrence);
                    out.push_str(&format!(">{}</{name}>\n", escape(&v)));
                }
                None => out.push_str("/>\n"),
            }
            return;
        }
        out.push_str(">\n");
        for child in elements {
            for k in 0..child.min.max(1) as usize {
                self.element(child, depth + 1, occurrence.max(k), namespace, out);
            }
        }
        out.push_str(&format!("{indent}</{name}>\n"));
    }

    /// A leaf's value; in the second and later copies of a repeated block, a value list's next
    /// value (two different 分泌刺激試験, not the same one twice).
    fn value_of(&self, field: &Field, value: &Value, occurrence: usize) -> String {
        let chosen = self.values.get(&field.path).cloned().unwrap_or_default();
        if occurrence == 0 || value.enumeration.is_empty() || self.fixed.contains_key(&field.path) {
            return chosen;
        }
        let at = value
            .enumeration
            .iter()
            .position(|(v, _)| *v == chosen)
            .unwrap_or(0);
        value.enumeration[(at + occurrence) % value.enumeration.len()]
            .0
            .clone()
    }

    /// Whether an element is written in its parent: no rule leaves it out, and of a choice it
    /// is the branch taken.
    fn present(&self, field: &Field) -> bool {
        if self.omit.contains(&field.path) {
            return false;
        }
        if field.choice.is_empty() {
            return true;
        }
        let asked = |branch: &str| {
            self.force
                .iter()
                .any(|f| (f == branch || is_under(f, branch)) && !self.absent(f))
        };
        let taken = field
            .choice
            .iter()
            .find(|b| asked(b))
            .or_else(|| field.choice.iter().find(|b| !self.omit.contains(*b)));
        taken.is_some_and(|b| *b == field.path)
    }
}

/// `様式版` for `/臨個票/@様式版`.
fn name_of_attribute(path: &str) -> &str {
    name(path).trim_start_matches('@')
}

/// `value` with `code` written over it from the `start`th character (1-based).
fn overlay(value: &str, start: usize, code: &str) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    let at = start.saturating_sub(1);
    while chars.len() < at + code.chars().count() {
        chars.push('0');
    }
    for (i, c) in code.chars().enumerate() {
        chars[at + i] = c;
    }
    chars.into_iter().collect()
}

/// The number with its last digit made the 検証番号 of the rest (and the length the scheme
/// asks for when the value has another).
fn with_check_digit(value: &str, scheme: CheckDigit) -> String {
    let mut digits: Vec<u8> = value
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if !scheme.lengths().contains(&digits.len()) || digits.len() != value.len() {
        digits.resize(scheme.lengths()[0], 1);
    }
    let (body, _) = digits.split_at(digits.len() - 1);
    let check = luhn_check_digit(body);
    body.iter()
        .chain(std::iter::once(&check))
        .map(|d| char::from(b'0' + d))
        .collect()
}

/// A number inside the type's range: 1, or the bound nearest to it.
fn number(value: &Value) -> String {
    let b = &value.bounds;
    let parse = |s: &Option<String>| {
        let text = s.as_deref()?.trim();
        Some((text.parse::<f64>().ok()?, text.to_string()))
    };
    let mut chosen = (1.0, "1".to_string());
    if let Some(min) = parse(&b.min_inclusive) {
        if min.0 > chosen.0 {
            chosen = min;
        }
    }
    if let Some((min, _)) = parse(&b.min_exclusive) {
        if min >= chosen.0 {
            let next = min.floor() + 1.0;
            chosen = (next, format!("{next}"));
        }
    }
    if let Some(max) = parse(&b.max_inclusive) {
        if max.0 < chosen.0 {
            chosen = max;
        }
    }
    if let Some((max, _)) = parse(&b.max_exclusive) {
        if max <= chosen.0 {
            let below = max.ceil() - 1.0;
            chosen = (below, format!("{below}"));
        }
    }
    // Both ends inclusive: the middle, which is more like a real value (身長 115 cm, not 30).
    if let (Some(min), Some(max)) = (parse(&b.min_inclusive), parse(&b.max_inclusive)) {
        let middle = ((min.0 + max.0) / 2.0).floor();
        let decimals = min.1.split_once('.').map_or(0, |(_, f)| f.len());
        return format!("{middle:.decimals$}");
    }
    chosen.1
}

/// Plausible text for a field, by its label, that its patterns and lengths take; else the
/// shortest text its patterns take.
fn text(field: &Field, value: &Value) -> String {
    let label = field.label.as_deref().unwrap_or("");
    // A person by the block the name is in: the patient, a guardian, the physician.
    let (name, kana) = if field.path.contains("/保護者/") {
        ("見本 花子", "ミホン　ハナコ")
    } else if field.path.contains("/指定医/") {
        ("試験 一郎", "シケン　イチロウ")
    } else {
        ("見本 太郎", "ミホン　タロウ")
    };
    let by_label: [(&str, &str); 9] = [
        ("カナ", kana),
        ("氏名", name),
        ("郵便番号", "100-0001"),
        ("電話", "03-0000-0000"),
        ("住所", "東京都千代田区見本町1丁目2番3号"),
        ("所在地", "東京都千代田区見本町4丁目5番6号"),
        ("名称", "見本総合病院"),
        ("メール", "mihon@example.jp"),
        ("番号", "1234567890"),
    ];
    let candidates = by_label
        .iter()
        .filter(|(key, _)| label.contains(key))
        .map(|(_, v)| v.to_string())
        .chain(std::iter::once("見本".to_string()));
    for candidate in candidates {
        let fitted = fit_length(&candidate, value);
        if matches_patterns(&fitted, value) {
            return fitted;
        }
    }
    let generated = value
        .patterns
        .iter()
        .filter_map(|step| step.first())
        .filter_map(|p| shortest_match(p))
        .next_back()
        .unwrap_or_else(|| "見本".into());
    fit_length(&generated, value)
}

fn fit_length(text: &str, value: &Value) -> String {
    let b = &value.bounds;
    let mut chars: Vec<char> = text.chars().collect();
    let max = b.length.or(b.max_length).map(|m| m as usize);
    let min = b.length.or(b.min_length).map(|m| m as usize);
    if let Some(max) = max {
        chars.truncate(max);
    }
    if let Some(min) = min {
        let pad = *chars.last().unwrap_or(&'0');
        while chars.len() < min {
            chars.push(pad);
        }
    }
    chars.into_iter().collect()
}

/// Whether `text` matches one pattern of every step (XSD patterns are anchored).
fn matches_patterns(text: &str, value: &Value) -> bool {
    value.patterns.iter().all(|step| {
        step.iter().any(|p| {
            let translated = xsd_schema::regex_convert::convert_xml_pattern(
                p,
                xsd_schema::regex_convert::ConvertOptions::xsd(),
            );
            regex::Regex::new(&translated).is_ok_and(|r| r.is_match(text))
        })
    })
}

/// The shortest text an XSD pattern takes, choosing digits 1, 2, 3 … where a class allows them.
fn shortest_match(pattern: &str) -> Option<String> {
    use regex_syntax::hir::{Class, HirKind};
    let translated = xsd_schema::regex_convert::convert_xml_pattern(
        pattern,
        xsd_schema::regex_convert::ConvertOptions::xsd(),
    );
    let hir = regex_syntax::parse(&translated).ok()?;
    fn walk(hir: &regex_syntax::hir::Hir, out: &mut String, digit: &mut u8) {
        match hir.kind() {
            HirKind::Literal(l) => out.push_str(&String::from_utf8_lossy(&l.0)),
            HirKind::Class(Class::Unicode(c)) => {
                let digits: Vec<char> = ('1'..='9')
                    .filter(|d| c.ranges().iter().any(|r| r.start() <= *d && *d <= r.end()))
                    .collect();
                if !digits.is_empty() {
                    out.push(digits[usize::from(*digit) % digits.len()]);
                    *digit += 1;
                } else if let Some(r) = c.ranges().iter().find(|r| r.end() > ' ') {
                    out.push(r.start().max('a').min(r.end()));
                }
            }
            HirKind::Class(Class::Bytes(c)) => {
                if let Some(r) = c.ranges().first() {
                    out.push(char::from(r.start()));
                }
            }
            HirKind::Repetition(r) => {
                for _ in 0..r.min {
                    walk(&r.sub, out, digit);
                }
            }
            HirKind::Capture(c) => walk(&c.sub, out, digit),
            HirKind::Concat(items) => items.iter().for_each(|h| walk(h, out, digit)),
            HirKind::Alternation(items) => {
                if let Some(first) = items.first() {
                    walk(first, out, digit);
                }
            }
            HirKind::Empty | HirKind::Look(_) => {}
        }
    }
    let mut out = String::new();
    let mut digit = 0;
    walk(&hir, &mut out, &mut digit);
    Some(out)
}
