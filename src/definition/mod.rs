//! The field definition of a schema set (ファイルレコード定義書, `rinko schemas doc`): every field
//! of each form as its XSD declares it, joined with what `checks.toml` does to it (code table,
//! characters, check digit, date role, the rules that name it, the finding codes a vendor will
//! see), and every rule. Generated from the same compiled XSDs and checks the checker uses, so
//! the document cannot drift from the checks. Reads a set; checks nothing. `html` and `xlsx`
//! render it.

mod diff;
pub mod fields;
mod html;
mod sample;
mod xlsx;

use std::collections::{BTreeSet, HashMap};

pub use diff::{
    diff, Changes, DiffFormat, FieldChange, FieldChangeKind, FormChanges, RuleChange,
    RuleChangeKind, TableChange,
};
pub use fields::{Field, Value};
pub use html::write_html;
pub use sample::{samples, Sample};
pub use xlsx::write_xlsx;

use crate::codes::CodeTables;
use crate::schema_set::{
    compile, Checks, Condition as RouteCondition, DateDef, Repertoire, Rule, SchemaSetDef,
    SetError, TODAY,
};

/// The definition of one set, or of one of its forms.
pub struct Definition {
    pub set_id: String,
    pub set_name: String,
    pub version: String,
    pub validity: String,
    pub sha256: String,
    pub forms: Vec<FormDefinition>,
    pub rules: Vec<RuleRow>,
    pub tables: Vec<TableRow>,
}

pub struct FormDefinition {
    pub form: String,
    pub namespace: String,
    pub root: String,
    pub xsd: String,
    /// The route's discriminators (`@様式版="2025"`).
    pub when: Vec<String>,
    pub fields: Vec<FieldRow>,
}

/// A field and what the set's domain checks do with it.
pub struct FieldRow {
    pub field: Field,
    /// The code tables the field's value (or a slice of it) must be found in.
    pub codes: Vec<CodeBinding>,
    /// The repertoire the field is held to, beyond the set's default one.
    pub chars: Option<String>,
    pub check_digit: Option<String>,
    /// 「生年月日（西暦）」「生年月日の和暦」「発症年月の元号」.
    pub dates: Vec<String>,
    /// The numbers of the rules that name the field (R1 is `rules[0]`).
    pub rules: Vec<usize>,
    /// The finding codes a document can get at this field.
    pub finding_codes: Vec<&'static str>,
}

/// A field's value, or the characters `slice` names, bound to a code table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBinding {
    pub table: String,
    /// The table's name and version, `None` when the set binds a table Rinko does not have.
    pub name: Option<String>,
    pub version: Option<String>,
    /// 「（1〜2 文字目）」, empty when the whole value is the code.
    pub slice: String,
}

impl CodeBinding {
    /// 「指定難病（告示番号） [nanbyo_disease] 版 2025.2（1〜2 文字目）」.
    pub fn describe(&self) -> String {
        let (id, slice) = (&self.table, &self.slice);
        match (&self.name, &self.version) {
            (Some(name), Some(version)) => format!("{name} [{id}] 版 {version}{slice}"),
            _ => format!("[{id}]{slice}"),
        }
    }
}

pub struct RuleRow {
    pub number: usize,
    pub rule: Rule,
    pub kind: &'static str,
    /// What the rule asks, in words.
    pub description: String,
    pub finding_codes: Vec<&'static str>,
    pub hint: Option<String>,
}

pub struct TableRow {
    pub id: String,
    pub name: String,
    pub version: String,
    pub sha256: String,
    pub codes: usize,
    pub credit: Option<String>,
}

/// Why a definition cannot be made.
#[derive(Debug)]
pub enum DefinitionError {
    /// `--form` names no form of the set; the forms it has.
    NoSuchForm(Vec<String>),
    /// The form's XSD declares no element of its route's root (a set given as one XSD, whose
    /// route takes any root); the form's name.
    NoRoot(String),
    Set(SetError),
}

/// The definition of `set`, of every form or only `form`.
pub fn define(set: &SchemaSetDef, form: Option<&str>) -> Result<Definition, DefinitionError> {
    let routes = routes(set, form)?;
    let checks = set.checks().map(|c| c.as_ref());
    let mut forms = Vec::new();
    for route in routes {
        let compiled = compile(set, &route.xsd).map_err(DefinitionError::Set)?;
        let fields = fields::fields(&compiled, &route.root).unwrap_or_default();
        forms.push(FormDefinition {
            form: route.form.clone(),
            namespace: route.namespace.clone(),
            root: route.root.clone(),
            xsd: route.xsd.clone(),
            when: route.when.iter().map(RouteCondition::describe).collect(),
            fields: fields
                .into_iter()
                .map(|f| field_row(f, checks, &set.codes))
                .collect(),
        });
    }
    let labels: HashMap<&str, &str> = forms
        .iter()
        .flat_map(|f| &f.fields)
        .filter_map(|r| Some((r.field.path.as_str(), r.field.label.as_deref()?)))
        .collect();
    let rules = checks
        .map(|c| rule_rows(c, set, &labels))
        .unwrap_or_default();
    let m = &set.manifest;
    Ok(Definition {
        set_id: m.id.clone(),
        set_name: m.name.clone(),
        version: m.version.clone(),
        validity: m.validity_ja(),
        sha256: set.sha256.clone(),
        tables: checks
            .map(|c| table_rows(c, &set.codes))
            .unwrap_or_default(),
        forms,
        rules,
    })
}

/// `/臨個票/患者` for `/臨個票/患者/氏名` and `/臨個票/@様式版`; empty for the root.
fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `氏名` for `/臨個票/患者/氏名`, `@様式版` for an attribute.
fn name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

/// Whether `path` is a descendant of `ancestor` (`ancestor/…`).
fn is_under(path: &str, ancestor: &str) -> bool {
    path.len() > ancestor.len() + 1
        && path.starts_with(ancestor)
        && path.as_bytes()[ancestor.len()] == b'/'
}

/// The routes of every form of `set`, or of `form` only.
fn routes<'s>(
    set: &'s SchemaSetDef,
    form: Option<&str>,
) -> Result<Vec<&'s crate::schema_set::Route>, DefinitionError> {
    let routes: Vec<_> = set
        .manifest
        .routes
        .iter()
        .filter(|r| form.is_none_or(|f| r.form == f))
        .collect();
    if routes.is_empty() {
        return Err(DefinitionError::NoSuchForm(
            set.manifest.routes.iter().map(|r| r.form.clone()).collect(),
        ));
    }
    Ok(routes)
}

fn field_row(field: Field, checks: Option<&Checks>, codes: &CodeTables) -> FieldRow {
    let mut row = FieldRow {
        codes: Vec::new(),
        chars: None,
        check_digit: None,
        dates: Vec::new(),
        rules: Vec::new(),
        finding_codes: Vec::new(),
        field,
    };
    let mut found: BTreeSet<&'static str> = xsd_codes(&row.field).into_iter().collect();
    let path = row.field.path.as_str();
    let Some(checks) = checks else {
        row.finding_codes = found.into_iter().collect();
        return row;
    };
    // The set's default repertoire holds every value; only a text value can hold what it
    // refuses without the XSD refusing it first.
    let free_text = row.field.value.as_ref().is_some_and(|v| {
        is_text(v) && v.enumeration.is_empty() && v.patterns.is_empty() && v.fixed.is_none()
    });
    if row.field.value.as_ref().is_some_and(is_text) {
        if let Some(default) = checks.repertoires.iter().find(|r| r.default) {
            found.extend(repertoire_codes(default));
        }
    }
    for binding in checks.fields.iter().filter(|b| b.path == path) {
        if let Some(id) = &binding.codes {
            let slice = match (binding.start, binding.length) {
                (Some(s), Some(l)) => format!("（{}〜{} 文字目）", s, s + l - 1),
                (Some(s), None) => format!("（{s} 文字目から）"),
                _ => String::new(),
            };
            let table = codes.get(id);
            row.codes.push(CodeBinding {
                table: id.clone(),
                name: table.map(|t| t.name.clone()),
                version: table.map(|t| t.version.clone()),
                slice,
            });
            found.extend(["CODE-001", "CODE-002"]);
        }
        if let Some(id) = &binding.chars {
            if let Some(r) = checks.repertoire(id) {
                row.chars = Some(format!("{} [{id}]", r.name));
                found.extend(repertoire_codes(r));
            }
        }
        if let Some(scheme) = binding.check_digit {
            row.check_digit = Some(scheme.name_ja().to_string());
            found.extend(["DIGIT-001", "DIGIT-002"]);
        }
    }
    if free_text {
        // Every text value is searched for 和暦 dates written out.
        found.extend(["DATE-002", "DATE-003"]);
    }
    for date in &checks.dates {
        for (role, role_path, codes) in date_roles(date) {
            if role_path == path {
                row.dates.push(role);
                found.extend(codes);
            }
        }
    }
    for (i, rule) in checks.rules.iter().enumerate() {
        let (named, codes) = rule_fields(rule, checks);
        if named.iter().any(|p| p == path) {
            row.rules.push(i + 1);
            found.extend(codes);
        }
    }
    row.finding_codes = found.into_iter().collect();
    row
}

/// The XSD findings a field's declaration can give.
fn xsd_codes(field: &Field) -> Vec<&'static str> {
    let mut codes = Vec::new();
    if field.attribute {
        if field.min > 0 {
            codes.push("XSD-005");
        }
    } else {
        codes.push("XSD-001");
        if field.min > 0 {
            codes.push("XSD-002");
        }
    }
    let Some(value) = &field.value else {
        return codes;
    };
    if !value.patterns.is_empty() {
        codes.push("XSD-010");
    }
    if !value.enumeration.is_empty() {
        codes.push("XSD-011");
    }
    let b = &value.bounds;
    if b.length.is_some() || b.min_length.is_some() || b.max_length.is_some() {
        codes.push("XSD-012");
    }
    if b.min_inclusive.is_some()
        || b.max_inclusive.is_some()
        || b.min_exclusive.is_some()
        || b.max_exclusive.is_some()
    {
        codes.push("XSD-013");
    }
    if value.total_digits.is_some() || value.fraction_digits.is_some() {
        codes.push("XSD-014");
    }
    if !is_text(value) {
        codes.push("XSD-015");
    }
    if value.fixed.is_some() {
        codes.push(if field.attribute {
            "XSD-007"
        } else {
            "XSD-016"
        });
    }
    codes
}

/// The CHAR codes a repertoire gives (each refused class, and CHAR-008 for a field repertoire).
fn repertoire_codes(r: &Repertoire) -> Vec<&'static str> {
    let mut codes = Vec::new();
    for (level, code) in [
        (r.pua, "CHAR-001"),
        (r.vendor, "CHAR-002"),
        (r.halfwidth_kana, "CHAR-003"),
        (r.control, "CHAR-004"),
        (r.variation_selector, "CHAR-005"),
        (r.non_bmp, "CHAR-006"),
        (r.non_jis, "CHAR-007"),
    ] {
        if level.is_some() {
            codes.push(code);
        }
    }
    if r.others.is_some() {
        codes.push("CHAR-008");
    }
    codes
}

/// Each path a named date reads, its role in words, and the codes it can get there.
fn date_roles(date: &DateDef) -> Vec<(String, String, &'static [&'static str])> {
    const ERA_DATE: &[&str] = &["DATE-002", "DATE-003"];
    let mut roles = Vec::new();
    let name = &date.name;
    match (&date.era, &date.year, &date.month) {
        (Some(era), Some(year), Some(month)) => {
            roles.push((
                format!("{name}（元号・年・月）"),
                date.path.clone(),
                ERA_DATE,
            ));
            for (part, child) in [("元号", era), ("年", year), ("月", month)]
                .into_iter()
                .chain(date.day.as_ref().map(|d| ("日", d)))
            {
                roles.push((
                    format!("{name}の{part}"),
                    format!("{}/{child}", date.path),
                    ERA_DATE,
                ));
            }
        }
        _ => roles.push((format!("{name}（西暦）"), date.path.clone(), &[][..])),
    }
    if let Some(w) = &date.wareki {
        roles.push((
            format!("{name}の和暦（西暦と一致すること）"),
            w.clone(),
            &["DATE-002", "DATE-003", "DATE-004", "DATE-008"][..],
        ));
    }
    roles
}

fn is_text(value: &Value) -> bool {
    matches!(
        value.builtin.as_str(),
        "xs:string" | "xs:normalizedString" | "xs:token" | "anySimpleType"
    )
}

/// The paths a rule names and the codes it reports.
fn rule_fields(rule: &Rule, checks: &Checks) -> (Vec<String>, Vec<&'static str>) {
    let date_paths = |names: &[&String]| -> Vec<String> {
        names
            .iter()
            .filter_map(|n| checks.date(n))
            .map(|d| d.path.clone())
            .collect()
    };
    let with_condition =
        |mut paths: Vec<String>, when: &Option<crate::schema_set::RuleCondition>| {
            paths.extend(when.iter().map(|c| c.field.clone()));
            paths
        };
    match rule {
        Rule::RequiredIf { field, when, .. } => {
            (with_condition(vec![field.clone()], when), vec!["RULE-001"])
        }
        Rule::ForbiddenIf { field, when, .. } => {
            (with_condition(vec![field.clone()], when), vec!["RULE-002"])
        }
        Rule::OneOf { fields, when, .. } => {
            (with_condition(fields.clone(), when), vec!["RULE-003"])
        }
        Rule::EqualsCode { field, when, .. } => {
            (with_condition(vec![field.clone()], when), vec!["RULE-004"])
        }
        Rule::DateOrder { dates, .. } => (
            date_paths(&dates.iter().filter(|d| *d != TODAY).collect::<Vec<_>>()),
            if dates.iter().any(|d| d == TODAY) {
                vec!["DATE-005", "DATE-006"]
            } else {
                vec!["DATE-005"]
            },
        ),
        Rule::AgeRange {
            birth, at, when, ..
        } => (
            with_condition(
                date_paths(
                    &[birth, at]
                        .into_iter()
                        .filter(|d| *d != TODAY)
                        .collect::<Vec<_>>(),
                ),
                when,
            ),
            vec!["DATE-007"],
        ),
        Rule::PartByCode { field, parts, .. } => (
            std::iter::once(field.clone())
                .chain(parts.iter().map(|p| p.part.clone()))
                .collect(),
            vec!["RULE-001", "RULE-002", "RULE-005"],
        ),
    }
}

/// `labels`: the fields' labels by path, to name a field in words (its path where it has none).
fn rule_rows(checks: &Checks, set: &SchemaSetDef, labels: &HashMap<&str, &str>) -> Vec<RuleRow> {
    let name = |path: &str| match labels.get(path) {
        Some(label) => format!("「{label}」（{path}）"),
        None => format!("「{path}」"),
    };
    let condition = |when: &Option<crate::schema_set::RuleCondition>| {
        when.as_ref().map_or(String::new(), |c| {
            format!("{}が {} のとき、", name(&c.field), c.equals.join("・"))
        })
    };
    let code_name = |field: &str, code: &str| match checks.code_of(&set.codes, field, code, None) {
        Some(c) => format!("{code}（{}）", c.name),
        None => code.to_string(),
    };
    checks
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let (kind, description, hint) = match rule {
                Rule::RequiredIf { field, when, hint } => (
                    "required-if",
                    format!("{}{}が必要", condition(when), name(field)),
                    hint.clone(),
                ),
                Rule::ForbiddenIf { field, when, hint } => (
                    "forbidden-if",
                    format!("{}{}は書かない", condition(when), name(field)),
                    hint.clone(),
                ),
                Rule::OneOf { fields, when, hint } => (
                    "one-of",
                    format!(
                        "{}{}のうちちょうど一つ",
                        condition(when),
                        fields.iter().map(|f| name(f)).collect::<Vec<_>>().join("・")
                    ),
                    hint.clone(),
                ),
                Rule::EqualsCode { field, start, length, equals, when, hint } => (
                    "equals-code",
                    format!(
                        "{}{}{}は {}",
                        condition(when),
                        name(field),
                        match (start, length) {
                            (Some(s), Some(l)) => format!("の {}〜{} 文字目", s, s + l - 1),
                            _ => String::new(),
                        },
                        equals.join("・")
                    ),
                    hint.clone(),
                ),
                Rule::DateOrder { dates, hint } => (
                    "date-order",
                    format!(
                        "日付の順: {}（today は検査の日）",
                        dates.join(" ≦ ")
                    ),
                    hint.clone(),
                ),
                Rule::AgeRange { birth, at, from, below, when, hint } => (
                    "age-range",
                    format!(
                        "{}{at} の時点の年齢（{birth} から）が {}{below} 歳未満",
                        condition(when),
                        from.map_or(String::new(), |f| format!("{f} 歳以上 "))
                    ),
                    hint.clone(),
                ),
                Rule::PartByCode { field, name: parts_name, parts } => (
                    "part-by-code",
                    format!(
                        "{}に応じた{parts_name}: {}。ほかのコードでは{parts_name}を書かない（共通部分だけを検査し、RULE-005 で知らせる）",
                        name(field),
                        parts
                            .iter()
                            .map(|p| format!(
                                "{} → {}",
                                p.codes.iter().map(|c| code_name(field, c)).collect::<Vec<_>>().join("・"),
                                name(&p.part)
                            ))
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                    None,
                ),
            };
            RuleRow {
                number: i + 1,
                rule: rule.clone(),
                kind,
                description,
                finding_codes: rule_fields(rule, checks).1,
                hint,
            }
        })
        .collect()
}

/// The code tables the checks bind, once each, in the order of first use.
fn table_rows(checks: &Checks, codes: &CodeTables) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = Vec::new();
    for id in checks.fields.iter().filter_map(|f| f.codes.as_deref()) {
        if rows.iter().any(|r| r.id == id) {
            continue;
        }
        if let Some(t) = codes.get(id) {
            rows.push(TableRow {
                id: id.to_string(),
                name: t.name.clone(),
                version: t.version.clone(),
                sha256: t.sha256.clone(),
                codes: t.len(),
                credit: t.source.as_ref().map(|s| match &t.licence {
                    Some(l) => format!("{s}。ライセンス: {l}"),
                    None => s.clone(),
                }),
            });
        }
    }
    rows
}

/// 「1..1」「0..1」「0..」, for the occurrence column.
pub fn occurrence(field: &Field) -> String {
    let max = field.max.map_or(String::new(), |m| m.to_string());
    let mut text = format!("{}..{max}", field.min);
    if !field.choice.is_empty() {
        text.push_str("（選択）");
    }
    text
}

/// The value's constraints in words: length, range, digits, patterns, fixed value.
pub fn value_rules(value: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(l) = value.bounds.describe_ja("length") {
        parts.push(l);
    }
    if let Some(r) = value.bounds.describe_ja("range") {
        parts.push(r);
    }
    if let Some(d) = value.total_digits {
        parts.push(format!("全体 {d} 桁まで"));
    }
    if let Some(d) = value.fraction_digits {
        parts.push(format!("小数 {d} 桁まで"));
    }
    for step in &value.patterns {
        parts.push(format!("形式 {}", step.join(" または ")));
    }
    if let Some(f) = &value.fixed {
        parts.push(format!("固定値 {f}"));
    }
    if let Some(d) = &value.default {
        parts.push(format!("既定値 {d}"));
    }
    parts.join("、")
}

/// The enumeration as 「1 男／2 女」.
pub fn enumeration(value: &Value) -> String {
    value
        .enumeration
        .iter()
        .map(|(v, meaning)| match meaning {
            Some(m) => format!("{v} {m}"),
            None => v.clone(),
        })
        .collect::<Vec<_>>()
        .join("／")
}

/// 「氏名型（xs:string）」.
pub fn type_text(value: &Value) -> String {
    match &value.type_name {
        Some(t) => format!("{t}（{}）", value.builtin),
        None => value.builtin.clone(),
    }
}
