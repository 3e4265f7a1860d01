//! What changed between two schema sets (`rinko schemas diff OLD NEW`), for the vendor who must
//! follow a new 様式: per form, the fields added, removed, moved (to another parent or within
//! it) or relabelled, and changed types, value rules, occurrences, value lists and domain
//! bindings; the rules added, removed or changed; the bound code tables whose version changed.
//!
//! It compares two [`Definition`]s, so it names what `schemas doc` shows for each set, and each
//! difference once: a removed or added block is one change (its fields are counted in it), the
//! fields inside a moved block are not moved again, and a rule is compared by what it asks (its
//! paths, codes and hint), not by its wording, so a relabelled field changes no rule.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::html::{table, STYLE};
use super::{
    enumeration, is_under, name, occurrence, parent, type_text, value_rules, CodeBinding,
    Definition, FieldRow, FormDefinition, RuleRow,
};
use crate::print::html::escape;
use crate::schema_set::Rule;

/// The version of the JSON form of [`Changes`]; fields are only ever added within it.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Changes {
    pub format_version: u32,
    pub old: SetSide,
    pub new: SetSide,
    pub forms: Vec<FormChanges>,
    pub rules: Vec<RuleChange>,
    pub tables: Vec<TableChange>,
}

#[derive(Debug, Serialize)]
pub struct SetSide {
    pub id: String,
    pub name: String,
    pub version: String,
    pub validity: String,
    pub sha256: String,
}

/// A form of either set, paired with the other set's by namespace and root element.
#[derive(Debug, Serialize)]
pub struct FormChanges {
    /// The form's name in each set; `None` in the set that does not have the form.
    pub old: Option<String>,
    pub new: Option<String>,
    pub namespace: String,
    pub root: String,
    /// Empty for a form only one set has.
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
pub struct FieldChange {
    pub change: FieldChangeKind,
    /// The field's path in the new set (in the old one for a removed field).
    pub path: String,
    /// Where a moved field was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// The field's label in the new set (in the old one for a removed field).
    pub label: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// What the change amounts to, where before and after are long: the values added to a
    /// list, the fields a removed block held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldChangeKind {
    /// The route's discriminators (`@様式版="2025"`).
    Route,
    Added,
    Removed,
    /// Under another parent.
    Moved,
    /// Under the same parent, at another place among its siblings.
    Order,
    Label,
    Type,
    ValueRules,
    Occurrence,
    Enumeration,
    Codes,
    Chars,
    CheckDigit,
    Dates,
}

impl FieldChangeKind {
    /// The word in the text and the page: the field definition's column names where there is one.
    pub fn name_ja(self) -> &'static str {
        match self {
            FieldChangeKind::Route => "判別条件",
            FieldChangeKind::Added => "追加",
            FieldChangeKind::Removed => "削除",
            FieldChangeKind::Moved => "移動",
            FieldChangeKind::Order => "順序",
            FieldChangeKind::Label => "項目名",
            FieldChangeKind::Type => "型",
            FieldChangeKind::ValueRules => "桁・範囲・形式",
            FieldChangeKind::Occurrence => "出現",
            FieldChangeKind::Enumeration => "値の一覧",
            FieldChangeKind::Codes => "コード表",
            FieldChangeKind::Chars => "文字",
            FieldChangeKind::CheckDigit => "検証番号",
            FieldChangeKind::Dates => "日付",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RuleChange {
    pub change: RuleChangeKind,
    /// The rule's kind in checks.toml (`required-if`).
    pub kind: &'static str,
    /// Its number in each set's definition (R1 is 1); `None` in the set without it.
    pub old_number: Option<usize>,
    pub new_number: Option<usize>,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleChangeKind {
    Added,
    Removed,
    Changed,
}

impl RuleChangeKind {
    pub fn name_ja(self) -> &'static str {
        match self {
            RuleChangeKind::Added => "追加",
            RuleChangeKind::Removed => "削除",
            RuleChangeKind::Changed => "変更",
        }
    }
}

/// A code table both sets bind, in another version.
#[derive(Debug, Serialize)]
pub struct TableChange {
    pub id: String,
    pub name: String,
    pub before: String,
    pub after: String,
}

impl Changes {
    /// How many differences there are: each field, rule and table change, and each form only
    /// one set has.
    pub fn count(&self) -> usize {
        let forms: usize = self
            .forms
            .iter()
            .map(|f| {
                if f.old.is_none() || f.new.is_none() {
                    1
                } else {
                    f.changes.len()
                }
            })
            .sum();
        forms + self.rules.len() + self.tables.len()
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &Definition, new: &Definition) -> Changes {
    let side = |d: &Definition| SetSide {
        id: d.set_id.clone(),
        name: d.set_name.clone(),
        version: d.version.clone(),
        validity: d.validity.clone(),
        sha256: d.sha256.clone(),
    };
    let same_form =
        |a: &FormDefinition, b: &FormDefinition| a.namespace == b.namespace && a.root == b.root;
    let mut forms = Vec::new();
    let mut paired = vec![false; new.forms.len()];
    for o in &old.forms {
        let partner = (0..new.forms.len()).find(|&j| !paired[j] && same_form(o, &new.forms[j]));
        if let Some(j) = partner {
            paired[j] = true;
        }
        let n = partner.map(|j| &new.forms[j]);
        forms.push(FormChanges {
            old: Some(o.form.clone()),
            new: n.map(|n| n.form.clone()),
            namespace: o.namespace.clone(),
            root: o.root.clone(),
            changes: n.map(|n| form_changes(o, n)).unwrap_or_default(),
        });
    }
    for (n, _) in new.forms.iter().zip(&paired).filter(|(_, p)| !**p) {
        forms.push(FormChanges {
            old: None,
            new: Some(n.form.clone()),
            namespace: n.namespace.clone(),
            root: n.root.clone(),
            changes: Vec::new(),
        });
    }
    Changes {
        format_version: FORMAT_VERSION,
        old: side(old),
        new: side(new),
        forms,
        rules: rule_changes(&old.rules, &new.rules),
        tables: table_changes(old, new),
    }
}

/// The fields of two forms with the same root, paired: each old field with the new field it
/// became.
struct Pairing<'d> {
    old: &'d [FieldRow],
    new: &'d [FieldRow],
    /// Old path → new path.
    to_new: HashMap<&'d str, &'d str>,
    /// New path → old path.
    to_old: HashMap<&'d str, &'d str>,
    /// The fields that moved on their own (not inside a moved block): old path, new path.
    moves: Vec<(&'d str, &'d str)>,
}

impl<'d> Pairing<'d> {
    fn new(old: &'d [FieldRow], new: &'d [FieldRow]) -> Pairing<'d> {
        let mut pairing = Pairing {
            old,
            new,
            to_new: HashMap::new(),
            to_old: HashMap::new(),
            moves: Vec::new(),
        };
        let new_paths: HashSet<&str> = new.iter().map(|r| r.field.path.as_str()).collect();
        for o in old.iter().map(|r| r.field.path.as_str()) {
            if new_paths.contains(o) {
                pairing.pair(o, o);
            }
        }
        for o in old {
            let path = o.field.path.as_str();
            if pairing.to_new.contains_key(path) {
                continue;
            }
            // Inside a block that moved: the same place in the block's new place.
            let block = pairing
                .moves
                .iter()
                .filter(|(from, _)| is_under(path, from))
                .max_by_key(|(from, _)| from.len())
                .copied();
            if let Some((from, to)) = block {
                let there = format!("{to}{}", &path[from.len()..]);
                if let Some(n) = new.iter().find(|n| n.field.path == there) {
                    if !pairing.to_old.contains_key(n.field.path.as_str()) {
                        pairing.pair(path, &n.field.path);
                    }
                }
                continue;
            }
            // A move of its own: a field whose parent stays, and the one new field of the same
            // name and label that no old field became, with no other old field to claim it.
            if !pairing.to_new.contains_key(parent(path)) {
                continue;
            }
            let alike = |r: &FieldRow| {
                name(&r.field.path) == name(path)
                    && r.field.label == o.field.label
                    && r.field.attribute == o.field.attribute
            };
            let candidates: Vec<&FieldRow> = new
                .iter()
                .filter(|n| !pairing.to_old.contains_key(n.field.path.as_str()) && alike(n))
                .collect();
            let rivals = old
                .iter()
                .filter(|r| {
                    r.field.path != path
                        && !pairing.to_new.contains_key(r.field.path.as_str())
                        && alike(r)
                })
                .count();
            if let ([n], 0) = (candidates.as_slice(), rivals) {
                pairing.pair(path, &n.field.path);
                pairing.moves.push((path, &n.field.path));
            }
        }
        pairing
    }

    fn pair(&mut self, old: &'d str, new: &'d str) {
        self.to_new.insert(old, new);
        self.to_old.insert(new, old);
    }
}

fn form_changes(old: &FormDefinition, new: &FormDefinition) -> Vec<FieldChange> {
    let pairing = Pairing::new(&old.fields, &new.fields);
    let new_index: HashMap<&str, usize> = new
        .fields
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| (r.field.path.as_str(), i))
        .collect();
    // Each change with its place in the new form, to list them in document order; a removed
    // field goes after the last field before it that stayed where it was.
    let mut placed: Vec<((usize, u8), FieldChange)> = Vec::new();
    if old.when != new.when {
        let when = |w: &[String]| {
            Some(if w.is_empty() {
                "（なし）".into()
            } else {
                w.join("、")
            })
        };
        placed.push((
            (0, 0),
            FieldChange {
                change: FieldChangeKind::Route,
                path: format!("/{}", new.root),
                old_path: None,
                label: new.fields.first().and_then(|r| r.field.label.clone()),
                before: when(&old.when),
                after: when(&new.when),
                detail: None,
            },
        ));
    }
    let mut after_index = 0;
    for o in &old.fields {
        let path = o.field.path.as_str();
        match pairing.to_new.get(path) {
            Some(&to) => {
                let n = &new.fields[new_index[to]];
                let at = (new_index[to], 1);
                // A field removed next to one that moved away stays listed where it was.
                let moved = pairing
                    .moves
                    .iter()
                    .any(|&(from, _)| path == from || is_under(path, from));
                if !moved {
                    after_index = new_index[to];
                }
                if pairing.moves.iter().any(|&(from, _)| from == path) {
                    let mut moved = change(n, FieldChangeKind::Moved, None, None);
                    moved.old_path = Some(path.to_string());
                    placed.push((at, moved));
                }
                placed.extend(field_changes(o, n).into_iter().map(|c| (at, c)));
            }
            None if pairing.to_new.contains_key(parent(path)) || parent(path).is_empty() => {
                let held = count_unpaired_under(&old.fields, path, &pairing.to_new);
                let mut c = change(o, FieldChangeKind::Removed, Some(summary(o)), None);
                c.detail = (held > 0).then(|| format!("中の {held} 項目も削除"));
                placed.push(((after_index, 2), c));
            }
            None => {} // inside a removed block: counted in it
        }
    }
    for (i, n) in new.fields.iter().enumerate() {
        let path = n.field.path.as_str();
        if pairing.to_old.contains_key(path) || !pairing.to_old.contains_key(parent(path)) {
            continue; // paired, or inside an added block
        }
        let held = count_unpaired_under(&new.fields, path, &pairing.to_old);
        let mut c = change(n, FieldChangeKind::Added, None, Some(summary(n)));
        c.detail = (held > 0).then(|| format!("中の {held} 項目も追加"));
        placed.push(((i, 0), c));
    }
    for (i, c) in order_changes(&pairing, new) {
        placed.push(((i, 1), c));
    }
    placed.sort_by_key(|(at, _)| *at);
    placed.into_iter().map(|(_, c)| c).collect()
}

fn change(
    row: &FieldRow,
    kind: FieldChangeKind,
    before: Option<String>,
    after: Option<String>,
) -> FieldChange {
    FieldChange {
        change: kind,
        path: row.field.path.clone(),
        old_path: None,
        label: row.field.label.clone(),
        before,
        after,
        detail: None,
    }
}

/// The fields under `path` that the other form has no counterpart for.
fn count_unpaired_under(fields: &[FieldRow], path: &str, paired: &HashMap<&str, &str>) -> usize {
    fields
        .iter()
        .filter(|r| is_under(&r.field.path, path) && !paired.contains_key(r.field.path.as_str()))
        .count()
}

/// An added or removed field in a few words: 「0..1 電話番号型（xs:string）」.
fn summary(row: &FieldRow) -> String {
    let f = &row.field;
    let what = f.value.as_ref().map_or("（子要素）".into(), type_text);
    let kind = if f.attribute { "属性" } else { "要素" };
    format!("{kind} {} {what}", occurrence(f))
}

/// What differs between a field and the field it became.
fn field_changes(old: &FieldRow, new: &FieldRow) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut differs = |kind, before: Option<String>, after: Option<String>| {
        if before != after {
            out.push(change(new, kind, before, after));
        }
    };
    let (o, n) = (&old.field, &new.field);
    differs(FieldChangeKind::Label, o.label.clone(), n.label.clone());
    differs(
        FieldChangeKind::Occurrence,
        Some(occurrence(o)),
        Some(occurrence(n)),
    );
    match (&o.value, &n.value) {
        (Some(a), Some(b)) => {
            differs(
                FieldChangeKind::Type,
                Some(type_text(a)),
                Some(type_text(b)),
            );
            let text = |s: String| (!s.is_empty()).then_some(s);
            differs(
                FieldChangeKind::ValueRules,
                text(value_rules(a)),
                text(value_rules(b)),
            );
            if a.enumeration != b.enumeration {
                let mut c = change(
                    new,
                    FieldChangeKind::Enumeration,
                    text(enumeration(a)),
                    text(enumeration(b)),
                );
                c.detail = Some(enumeration_detail(&a.enumeration, &b.enumeration));
                out.push(c);
            }
        }
        (None, None) => {}
        (a, b) => {
            let what =
                |v: &Option<super::Value>| Some(v.as_ref().map_or("（子要素）".into(), type_text));
            out.push(change(new, FieldChangeKind::Type, what(a), what(b)));
        }
    }
    fn bound(r: &FieldRow) -> Vec<(&str, &str)> {
        r.codes
            .iter()
            .map(|c| (c.table.as_str(), c.slice.as_str()))
            .collect()
    }
    if bound(old) != bound(new) {
        let text = |r: &FieldRow| {
            (!r.codes.is_empty()).then(|| {
                r.codes
                    .iter()
                    .map(CodeBinding::describe)
                    .collect::<Vec<_>>()
                    .join("、")
            })
        };
        out.push(change(new, FieldChangeKind::Codes, text(old), text(new)));
    }
    let mut differs = |kind, before: Option<String>, after: Option<String>| {
        if before != after {
            out.push(change(new, kind, before, after));
        }
    };
    differs(FieldChangeKind::Chars, old.chars.clone(), new.chars.clone());
    differs(
        FieldChangeKind::CheckDigit,
        old.check_digit.clone(),
        new.check_digit.clone(),
    );
    let dates = |r: &FieldRow| (!r.dates.is_empty()).then(|| r.dates.join("、"));
    differs(FieldChangeKind::Dates, dates(old), dates(new));
    out
}

/// 「追加: 3 変更。削除: 9 不明。意味の変更: 1 新規 → 1 新規申請」.
fn enumeration_detail(
    old: &[(String, Option<String>)],
    new: &[(String, Option<String>)],
) -> String {
    let old_at: HashMap<&str, &Option<String>> = old.iter().map(|(v, m)| (v.as_str(), m)).collect();
    let new_at: HashMap<&str, &Option<String>> = new.iter().map(|(v, m)| (v.as_str(), m)).collect();
    let item = |v: &str, m: &Option<String>| match m {
        Some(m) => format!("{v} {m}"),
        None => v.to_string(),
    };
    let added: Vec<String> = new
        .iter()
        .filter(|(v, _)| !old_at.contains_key(v.as_str()))
        .map(|(v, m)| item(v, m))
        .collect();
    let removed: Vec<String> = old
        .iter()
        .filter(|(v, _)| !new_at.contains_key(v.as_str()))
        .map(|(v, m)| item(v, m))
        .collect();
    let renamed: Vec<String> = new
        .iter()
        .filter_map(|(v, m)| {
            let was = old_at.get(v.as_str())?;
            (*was != m).then(|| format!("{} → {}", item(v, was), item(v, m)))
        })
        .collect();
    let mut parts = Vec::new();
    for (name, items) in [("追加", added), ("削除", removed), ("意味の変更", renamed)] {
        if !items.is_empty() {
            parts.push(format!("{name}: {}", items.join("／")));
        }
    }
    if parts.is_empty() {
        "順序の変更".into()
    } else {
        parts.join("。")
    }
}

/// The elements that stayed under the same parent but now stand elsewhere among its children
/// (a sequence's order is part of the 様式): those outside the longest run of children in the
/// same order in both forms. Attributes and choice branches have no order. With each, its index
/// in the new form.
fn order_changes(pairing: &Pairing, new: &FormDefinition) -> Vec<(usize, FieldChange)> {
    let ordered = |r: &FieldRow| !r.field.attribute && r.field.choice.is_empty();
    let label = |r: &FieldRow| {
        r.field
            .label
            .clone()
            .unwrap_or_else(|| name(&r.field.path).to_string())
    };
    let mut out = Vec::new();
    for parent_row in new.fields.iter() {
        let new_parent = parent_row.field.path.as_str();
        let Some(&old_parent) = pairing.to_old.get(new_parent) else {
            continue;
        };
        // The children both forms have here, as new paths, in each form's order.
        let in_new: Vec<&FieldRow> = pairing
            .new
            .iter()
            .filter(|r| parent(&r.field.path) == new_parent && ordered(r))
            .filter(|r| {
                pairing
                    .to_old
                    .get(r.field.path.as_str())
                    .is_some_and(|o| parent(o) == old_parent)
            })
            .collect();
        let in_old: Vec<&FieldRow> = pairing
            .old
            .iter()
            .filter(|r| parent(&r.field.path) == old_parent && ordered(r))
            .filter(|r| {
                pairing
                    .to_new
                    .get(r.field.path.as_str())
                    .is_some_and(|n| in_new.iter().any(|m| m.field.path == **n))
            })
            .collect();
        let old_as_new: Vec<&str> = in_old
            .iter()
            .map(|r| pairing.to_new[r.field.path.as_str()])
            .collect();
        let new_paths: Vec<&str> = in_new.iter().map(|r| r.field.path.as_str()).collect();
        let kept = longest_common(&old_as_new, &new_paths);
        let after = |list: &[&FieldRow], at: usize| {
            Some(match at {
                0 => "先頭".to_string(),
                _ => format!("「{}」の後", label(list[at - 1])),
            })
        };
        for (at, r) in in_new.iter().enumerate() {
            if kept.contains(r.field.path.as_str()) {
                continue;
            }
            let was = old_as_new
                .iter()
                .position(|p| *p == r.field.path)
                .expect("common child");
            let index = pairing
                .new
                .iter()
                .position(|f| std::ptr::eq(f, *r))
                .unwrap_or(0);
            out.push((
                index,
                change(
                    r,
                    FieldChangeKind::Order,
                    after(&in_old, was),
                    after(&in_new, at),
                ),
            ));
        }
    }
    out
}

/// The items of a longest common subsequence of `a` and `b` (both without repeats).
fn longest_common<'a>(a: &[&'a str], b: &[&'a str]) -> HashSet<&'a str> {
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut kept) = (0, 0, HashSet::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            kept.insert(a[i]);
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    kept
}

/// What makes two rules the same rule in another version: its kind and the fields it is about.
fn rule_identity(row: &RuleRow) -> (&'static str, Vec<&str>) {
    let mut fields: Vec<&str> = match &row.rule {
        Rule::RequiredIf { field, when, .. }
        | Rule::ForbiddenIf { field, when, .. }
        | Rule::EqualsCode { field, when, .. } => std::iter::once(field.as_str())
            .chain(when.iter().map(|c| c.field.as_str()))
            .collect(),
        Rule::OneOf { fields, when, .. } => fields
            .iter()
            .map(String::as_str)
            .chain(when.iter().map(|c| c.field.as_str()))
            .collect(),
        Rule::DateOrder { dates, .. } => dates.iter().map(String::as_str).collect(),
        Rule::AgeRange { birth, at, .. } => vec![birth.as_str(), at.as_str()],
        Rule::PartByCode { field, .. } => vec![field.as_str()],
    };
    fields.sort_unstable();
    (row.kind, fields)
}

/// Rules equal in both sets are unchanged; of the rest, a rule with the same identity in each
/// set and no other such rule in either is one changed rule; what is left was added or removed.
fn rule_changes(old: &[RuleRow], new: &[RuleRow]) -> Vec<RuleChange> {
    let mut new_left: Vec<&RuleRow> = Vec::new();
    let mut taken = vec![false; old.len()];
    for n in new {
        match (0..old.len()).find(|&i| !taken[i] && old[i].rule == n.rule) {
            Some(i) => taken[i] = true,
            None => new_left.push(n),
        }
    }
    let old_left: Vec<&RuleRow> = old
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(r, _)| r)
        .collect();
    let text = |r: &RuleRow| {
        Some(match &r.hint {
            Some(h) => format!("{}（対処: {h}）", r.description),
            None => r.description.clone(),
        })
    };
    let mut changes = Vec::new();
    let mut new_used = vec![false; new_left.len()];
    for o in &old_left {
        let id = rule_identity(o);
        let same = |r: &&&RuleRow| rule_identity(r) == id;
        let partners: Vec<usize> = (0..new_left.len())
            .filter(|&j| same(&&new_left[j]))
            .collect();
        let rivals = old_left.iter().filter(same).count();
        match (partners.as_slice(), rivals) {
            (&[j], 1) => {
                new_used[j] = true;
                changes.push(RuleChange {
                    change: RuleChangeKind::Changed,
                    kind: o.kind,
                    old_number: Some(o.number),
                    new_number: Some(new_left[j].number),
                    before: text(o),
                    after: text(new_left[j]),
                });
            }
            _ => changes.push(RuleChange {
                change: RuleChangeKind::Removed,
                kind: o.kind,
                old_number: Some(o.number),
                new_number: None,
                before: text(o),
                after: None,
            }),
        }
    }
    for (n, _) in new_left.iter().zip(&new_used).filter(|(_, u)| !**u) {
        changes.push(RuleChange {
            change: RuleChangeKind::Added,
            kind: n.kind,
            old_number: None,
            new_number: Some(n.number),
            before: None,
            after: text(n),
        });
    }
    changes.sort_by_key(|c| (c.new_number.unwrap_or(usize::MAX), c.old_number));
    changes
}

fn table_changes(old: &Definition, new: &Definition) -> Vec<TableChange> {
    let text = |t: &super::TableRow| {
        format!(
            "版 {}（{} 件、SHA-256 {}…）",
            t.version,
            t.codes,
            &t.sha256[..t.sha256.len().min(12)]
        )
    };
    old.tables
        .iter()
        .filter_map(|o| {
            let n = new.tables.iter().find(|n| n.id == o.id)?;
            (n.version != o.version || n.sha256 != o.sha256).then(|| TableChange {
                id: n.id.clone(),
                name: n.name.clone(),
                before: text(o),
                after: text(n),
            })
        })
        .collect()
}

/// How `rinko schemas diff` writes the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
    Html,
}

impl DiffFormat {
    pub const ALL: [DiffFormat; 3] = [DiffFormat::Text, DiffFormat::Json, DiffFormat::Html];

    /// The file name extension of a saved diff in this format.
    pub fn extension(self) -> &'static str {
        match self {
            DiffFormat::Text => "txt",
            DiffFormat::Json => "json",
            DiffFormat::Html => "html",
        }
    }

    /// The format a file's name asks for, by its extension (any case).
    pub fn of_file_name(path: &std::path::Path) -> Option<DiffFormat> {
        let extension = path.extension()?.to_string_lossy().to_lowercase();
        Self::ALL.into_iter().find(|f| f.extension() == extension)
    }

    /// The changes in this format; the same changes give the same text.
    pub fn render(self, changes: &Changes) -> String {
        match self {
            DiffFormat::Text => write_text(changes),
            DiffFormat::Json => write_json(changes),
            DiffFormat::Html => write_html(changes),
        }
    }
}

fn side_text(s: &SetSide) -> String {
    format!("{}（版 {}、{}）", s.id, s.version, s.validity)
}

fn form_title(f: &FormChanges) -> String {
    let root = format!("ルート要素 {}", f.root);
    match (&f.old, &f.new) {
        (Some(o), Some(n)) if o == n => format!("様式 {o}（{root}）"),
        (Some(o), Some(n)) => format!("様式 {o} → {n}（{root}）"),
        (Some(o), None) => format!("様式 {o}（{root}）: 新しいセットにはありません"),
        (None, Some(n)) => format!("様式 {n}（{root}）: 新しいセットで追加"),
        (None, None) => unreachable!("a form is in one set at least"),
    }
}

fn before_after(before: &Option<String>, after: &Option<String>) -> String {
    let none = || "（なし）".to_string();
    match (before, after) {
        (Some(b), None) => b.clone(),
        (None, Some(a)) => a.clone(),
        (b, a) => format!(
            "{} → {}",
            b.clone().unwrap_or_else(none),
            a.clone().unwrap_or_else(none)
        ),
    }
}

/// 「電話番号」 /臨個票/医療機関/電話番号, and where a moved field was.
fn field_name(c: &FieldChange) -> String {
    let path = match &c.old_path {
        Some(was) => format!("{was} → {}", c.path),
        None => c.path.clone(),
    };
    match &c.label {
        Some(l) => format!("「{l}」 {path}"),
        None => path,
    }
}

/// The changes as lines of text, for a terminal.
fn write_text(changes: &Changes) -> String {
    let mut out = format!(
        "スキーマセットの違い: {} → {}\n",
        side_text(&changes.old),
        side_text(&changes.new)
    );
    match changes.count() {
        0 => {
            out.push_str("違いはありません。\n");
            return out;
        }
        n => out.push_str(&format!("違い: {n} 件\n")),
    }
    for form in &changes.forms {
        if form.changes.is_empty() && form.old.is_some() && form.new.is_some() {
            continue;
        }
        out.push_str(&format!("\n{}\n", form_title(form)));
        for c in &form.changes {
            out.push_str(&format!("  {}  {}", c.change.name_ja(), field_name(c)));
            if c.before.is_some() || c.after.is_some() {
                out.push_str(&format!(": {}", before_after(&c.before, &c.after)));
            }
            if let Some(d) = &c.detail {
                out.push_str(&format!("（{d}）"));
            }
            out.push('\n');
        }
    }
    if !changes.rules.is_empty() {
        out.push_str("\n項目間の規則\n");
        for r in &changes.rules {
            out.push_str(&format!(
                "  {}  {} {}: {}\n",
                r.change.name_ja(),
                rule_numbers(r),
                r.kind,
                before_after(&r.before, &r.after)
            ));
        }
    }
    if !changes.tables.is_empty() {
        out.push_str("\nコード表\n");
        for t in &changes.tables {
            out.push_str(&format!(
                "  変更  {} [{}]: {} → {}\n",
                t.name, t.id, t.before, t.after
            ));
        }
    }
    out
}

/// 「R3 → R4」「R3」「（新）R5」.
fn rule_numbers(r: &RuleChange) -> String {
    match (r.old_number, r.new_number) {
        (Some(o), Some(n)) if o == n => format!("R{n}"),
        (Some(o), Some(n)) => format!("R{o} → R{n}"),
        (Some(o), None) => format!("R{o}"),
        (None, Some(n)) => format!("R{n}"),
        (None, None) => String::new(),
    }
}

/// The changes as JSON (format_version 1), pretty-printed, ending with a newline.
fn write_json(changes: &Changes) -> String {
    let mut text = serde_json::to_string_pretty(changes).expect("plain data serialises");
    text.push('\n');
    text
}

/// The changes as one self-contained HTML page, like the field definition's.
fn write_html(changes: &Changes) -> String {
    let title = format!(
        "様式の違い: {}（版 {}）→ {}（版 {}）",
        changes.old.id, changes.old.version, changes.new.id, changes.new.version
    );
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{t}</h1>\n",
        t = escape(&title)
    );
    table(
        &mut out,
        &["", "スキーマセット", "名前", "版", "有効期間", "SHA-256"],
        [("旧", &changes.old), ("新", &changes.new)]
            .into_iter()
            .map(|(which, s)| {
                vec![
                    which.to_string(),
                    s.id.clone(),
                    s.name.clone(),
                    s.version.clone(),
                    s.validity.clone(),
                    s.sha256.clone(),
                ]
            }),
    );
    out.push_str(&format!("<p>違い: {} 件</p>\n", changes.count()));
    for form in &changes.forms {
        out.push_str(&format!("<h2>{}</h2>\n", escape(&form_title(form))));
        if form.old.is_none() || form.new.is_none() {
            continue;
        }
        if form.changes.is_empty() {
            out.push_str("<p>違いはありません。</p>\n");
            continue;
        }
        table(
            &mut out,
            &["変更", "項目名", "パス", "変更前", "変更後", "補足"],
            form.changes.iter().map(|c| {
                vec![
                    c.change.name_ja().to_string(),
                    c.label.clone().unwrap_or_default(),
                    match &c.old_path {
                        Some(p) => format!("{p} → {}", c.path),
                        None => c.path.clone(),
                    },
                    c.before.clone().unwrap_or_default(),
                    c.after.clone().unwrap_or_default(),
                    c.detail.clone().unwrap_or_default(),
                ]
            }),
        );
    }
    if !changes.rules.is_empty() {
        out.push_str("<h2>項目間の規則</h2>\n");
        table(
            &mut out,
            &["変更", "番号", "種類", "変更前", "変更後"],
            changes.rules.iter().map(|r| {
                vec![
                    r.change.name_ja().to_string(),
                    rule_numbers(r),
                    r.kind.to_string(),
                    r.before.clone().unwrap_or_default(),
                    r.after.clone().unwrap_or_default(),
                ]
            }),
        );
    }
    if !changes.tables.is_empty() {
        out.push_str("<h2>コード表</h2>\n");
        table(
            &mut out,
            &["ID", "名前", "変更前", "変更後"],
            changes.tables.iter().map(|t| {
                vec![
                    t.id.clone(),
                    t.name.clone(),
                    t.before.clone(),
                    t.after.clone(),
                ]
            }),
        );
    }
    out.push_str(&format!(
        "<footer>Rinko {} が両セットの XSD と checks.toml から作成</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    ));
    out
}
