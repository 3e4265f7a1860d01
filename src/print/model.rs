//! The layout model of a printed form: sections of labelled rows and tables, in the form's own
//! order, with values as a reader wants them (code names, 和暦 with the 西暦). Both the PDF and the
//! HTML preview render this model and nothing else, so they cannot disagree.

use crate::calendar::Day;
use crate::domain::{Document, Node};
use crate::schema_set::{is_repeated, CompiledSchema, SchemaSetDef};

/// One form, ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// 「臨床調査個人票」: the root element's label.
    pub title: String,
    /// The form and version the file was routed to (「臨個票 2025年版」).
    pub form: String,
    /// Header values the set names (disease, 新規/更新), as displayed.
    pub header: Vec<String>,
    /// The first 12 hex digits of the file's SHA-256, for the footer.
    pub fingerprint: String,
    /// The file has エラー: every page is marked 「エラーあり・提出不可」.
    pub has_errors: bool,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A group of fields inside a section (a disease's own items).
    Subheading(String),
    /// A group inside a subheading's group (an SLE's 臓器障害), or deeper.
    Group(String),
    /// Where the group of the last open `Subheading` or `Group` ends: the fields after it
    /// belong to the enclosing group again (a disease part's 経過 after its 臓器障害).
    EndGroup,
    /// The field beside which the 指定医 signs or seals: its value, and a box with `note`.
    Seal {
        label: String,
        value: String,
        note: String,
    },
    /// A labelled value; long text wraps.
    Field { label: String, value: String },
    /// A repeated element: one row per occurrence, one column per field.
    Table {
        caption: String,
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

impl Form {
    /// Every text of the form body in reading order: headings, labels, values, table cells.
    /// Whatever renders the form must show exactly these, in this order.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for section in &self.sections {
            out.push(section.heading.as_str());
            for item in &section.items {
                match item {
                    Item::Subheading(t) | Item::Group(t) => out.push(t),
                    Item::EndGroup => {}
                    Item::Field { label, value } => {
                        out.push(label);
                        out.push(value);
                    }
                    Item::Seal { label, value, note } => {
                        out.push(label);
                        out.push(value);
                        out.push(note);
                        out.push(SEAL_MARK);
                    }
                    Item::Table {
                        caption,
                        columns,
                        rows,
                    } => {
                        out.push(caption);
                        out.extend(columns.iter().map(String::as_str));
                        out.extend(rows.iter().flatten().map(String::as_str));
                    }
                }
            }
        }
        out.retain(|t| !t.is_empty());
        out
    }
}

impl Form {
    /// Every text that is printed, with where it is for a message: a value by its field's
    /// label, a table cell by its table and column.
    pub(crate) fn texts_with_place(&self) -> Vec<(String, &str)> {
        let mut out: Vec<(String, &str)> = vec![
            ("表題".into(), self.title.as_str()),
            ("様式".into(), self.form.as_str()),
        ];
        out.extend(
            self.header
                .iter()
                .map(|h| ("見出し".to_string(), h.as_str())),
        );
        for section in &self.sections {
            out.push((section.heading.clone(), section.heading.as_str()));
            for item in &section.items {
                match item {
                    Item::Subheading(t) | Item::Group(t) => out.push((t.clone(), t)),
                    Item::EndGroup => {}
                    Item::Field { label, value } => {
                        out.push((label.clone(), label));
                        out.push((label.clone(), value));
                    }
                    Item::Seal { label, value, note } => {
                        out.push((label.clone(), label));
                        out.push((label.clone(), value));
                        out.push((label.clone(), note));
                    }
                    Item::Table {
                        caption,
                        columns,
                        rows,
                    } => {
                        out.push((caption.clone(), caption));
                        for (i, column) in columns.iter().enumerate() {
                            let place = format!("{caption}／{column}");
                            out.push((place.clone(), column));
                            for row in rows {
                                if let Some(cell) = row.get(i) {
                                    out.push((place.clone(), cell));
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// Every text that is printed, to change in place.
    pub(crate) fn texts_mut(&mut self) -> Vec<&mut String> {
        let mut out = vec![&mut self.title, &mut self.form];
        out.extend(self.header.iter_mut());
        for section in &mut self.sections {
            out.push(&mut section.heading);
            for item in &mut section.items {
                match item {
                    Item::Subheading(t) | Item::Group(t) => out.push(t),
                    Item::EndGroup => {}
                    Item::Field { label, value } => {
                        out.push(label);
                        out.push(value);
                    }
                    Item::Seal { label, value, note } => {
                        out.push(label);
                        out.push(value);
                        out.push(note);
                    }
                    Item::Table {
                        caption,
                        columns,
                        rows,
                    } => {
                        out.push(caption);
                        out.extend(columns.iter_mut());
                        out.extend(rows.iter_mut().flatten());
                    }
                }
            }
        }
        out
    }
}

/// The mark on every page of a form that must not be submitted.
pub const ERROR_MARK: &str = "エラーあり・提出不可";

/// What the seal box says, where the 指定医's 印 or signature goes.
pub const SEAL_MARK: &str = "印";

/// Builds the model of a routed document.
pub fn build(
    text: &str,
    set: &SchemaSetDef,
    compiled: &CompiledSchema,
    form: &str,
    sha256: &str,
    has_errors: bool,
) -> Form {
    let doc = Document::read(text);
    let builder = Builder {
        doc: &doc,
        set,
        compiled,
        children: children_of(&doc),
    };
    let root = doc.nodes.iter().position(|n| n.parent.is_none());
    let mut sections = Vec::new();
    let mut basics = Vec::new();
    if let Some(root) = root {
        for &child in &builder.children[root] {
            let node = &doc.nodes[child];
            if node.is_attribute() || builder.moved(&node.path) {
                continue;
            }
            if builder.is_date_group(node) || !node.has_children {
                basics.extend(builder.field(child, 0));
            } else {
                let items = builder.items(child);
                // A section whose fields all went to the signature block (医療機関) is gone.
                if !items.is_empty() {
                    sections.push(Section {
                        heading: builder.label(&node.path),
                        items,
                    });
                }
            }
        }
    }
    if let Some(block) = builder.signature() {
        sections.push(block);
    }
    if !basics.is_empty() {
        sections.insert(
            0,
            Section {
                heading: "申請".into(),
                items: basics,
            },
        );
    }
    let header = set
        .checks()
        .map(|c| c.print_header.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|path| doc.first(path).map(|n| builder.value(n)))
        .filter(|v| !v.is_empty())
        .collect();
    Form {
        title: root
            .map(|r| builder.label(&doc.nodes[r].path))
            .unwrap_or_default(),
        form: form.to_string(),
        header,
        fingerprint: sha256.chars().take(12).collect(),
        has_errors,
        sections,
    }
}

fn children_of(doc: &Document) -> Vec<Vec<usize>> {
    let mut children = vec![Vec::new(); doc.nodes.len()];
    for (i, n) in doc.nodes.iter().enumerate() {
        if let Some(p) = n.parent {
            children[p].push(i);
        }
    }
    children
}

struct Builder<'a> {
    doc: &'a Document,
    set: &'a SchemaSetDef,
    compiled: &'a CompiledSchema,
    children: Vec<Vec<usize>>,
}

impl Builder<'_> {
    fn label(&self, path: &str) -> String {
        self.compiled
            .labels
            .at_path(&self.compiled.schema, path)
            .map(|l| l.to_string())
            .unwrap_or_else(|| {
                path.rsplit('/')
                    .next()
                    .unwrap_or(path)
                    .trim_start_matches('@')
                    .to_string()
            })
    }

    /// The rows of a section: its fields in order; nested groups as subheadings or with their
    /// label as a prefix; repeated elements as one table.
    fn items(&self, parent: usize) -> Vec<Item> {
        self.children_items(parent, 0)
    }

    /// The set's signature block, if it has one.
    fn signature_def(&self) -> Option<&crate::schema_set::PrintSignature> {
        self.set.checks()?.print_signature.as_ref()
    }

    /// A field the signature block shows instead of the body.
    fn moved(&self, path: &str) -> bool {
        self.signature_def()
            .is_some_and(|s| s.fields.iter().any(|f| f == path))
    }

    /// The 記名押印 block: the set's fields in its order, with the document's values or blank.
    fn signature(&self) -> Option<Section> {
        let def = self.signature_def()?;
        let items = def
            .fields
            .iter()
            .map(|path| {
                let label = self.label(path);
                let value = self
                    .doc
                    .first(path)
                    .map(|n| self.value(n))
                    .unwrap_or_default();
                if *path == def.seal {
                    Item::Seal {
                        label,
                        value,
                        note: def.note.clone(),
                    }
                } else {
                    Item::Field { label, value }
                }
            })
            .collect();
        Some(Section {
            heading: def.heading.clone(),
            items,
        })
    }

    /// The rows of a group's children at `depth` (0: directly in a section).
    fn children_items(&self, parent: usize, depth: usize) -> Vec<Item> {
        let mut items = Vec::new();
        let children = &self.children[parent];
        let mut seen_lists: Vec<&str> = Vec::new();
        for &child in children {
            let node = &self.doc.nodes[child];
            if node.is_attribute() || self.moved(&node.path) {
                continue;
            }
            if node.has_children
                && !self.is_date_group(node)
                && is_repeated(&self.compiled.schema, &node.path)
            {
                if seen_lists.contains(&&*node.path) {
                    continue;
                }
                seen_lists.push(&node.path);
                let occurrences: Vec<usize> = children
                    .iter()
                    .copied()
                    .filter(|&c| self.doc.nodes[c].path == node.path)
                    .collect();
                items.push(self.table(&node.path, &occurrences));
            } else {
                items.extend(self.field(child, depth));
            }
        }
        items
    }

    /// A field, or a group's fields under its own heading, as on the paper form: a subheading
    /// directly in a section (a disease's own items), a group heading below that (its
    /// 臓器障害). A group of one field is that field.
    fn field(&self, index: usize, depth: usize) -> Vec<Item> {
        let node = &self.doc.nodes[index];
        let own = self.label(&node.path);
        if !node.has_children || self.is_date_group(node) {
            return vec![Item::Field {
                label: own,
                value: self.value(node),
            }];
        }
        if self.element_children(index).count() == 1 {
            return self.children_items(index, depth);
        }
        let mut items = vec![if depth == 0 {
            Item::Subheading(own)
        } else {
            Item::Group(own)
        }];
        items.extend(self.children_items(index, depth + 1));
        items.push(Item::EndGroup);
        items
    }

    fn element_children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.children[index]
            .iter()
            .copied()
            .filter(|&c| !self.doc.nodes[c].is_attribute())
    }

    /// The cells of one table row: a table has no room for headings, so a nested group's
    /// label goes before its fields' labels in the column header (「連絡先／電話番号」).
    fn cells(&self, index: usize, prefix: &str, out: &mut Vec<(String, String)>) {
        let node = &self.doc.nodes[index];
        if !node.has_children || self.is_date_group(node) {
            out.push((
                format!("{prefix}{}", self.label(&node.path)),
                self.value(node),
            ));
            return;
        }
        let inner = if self.element_children(index).count() == 1 {
            prefix.to_string()
        } else {
            format!("{prefix}{}／", self.label(&node.path))
        };
        for child in self.element_children(index) {
            self.cells(child, &inner, out);
        }
    }

    /// One row per occurrence; the columns are the fields of all occurrences, in first-seen order.
    fn table(&self, path: &str, occurrences: &[usize]) -> Item {
        let mut columns: Vec<String> = Vec::new();
        let mut rows: Vec<Vec<(String, String)>> = Vec::new();
        for &o in occurrences {
            let mut row: Vec<(String, String)> = Vec::new();
            if self.doc.nodes[o].has_children && !self.is_date_group(&self.doc.nodes[o]) {
                for child in self.element_children(o) {
                    self.cells(child, "", &mut row);
                }
            } else {
                self.cells(o, "", &mut row);
            }
            for (l, _) in &row {
                if !columns.contains(l) {
                    columns.push(l.clone());
                }
            }
            rows.push(row);
        }
        Item::Table {
            caption: self.label(path),
            rows: rows
                .into_iter()
                .map(|row| {
                    columns
                        .iter()
                        .map(|c| {
                            row.iter()
                                .find(|(l, _)| l == c)
                                .map(|(_, v)| v.clone())
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect(),
            columns,
        }
    }

    /// A `[[date]]` given as 元号・年・月: one value, not three rows.
    fn is_date_group(&self, node: &Node) -> bool {
        self.set.checks().is_some_and(|c| {
            c.dates
                .iter()
                .any(|d| d.era.is_some() && *d.path == *node.path)
        })
    }

    /// The value as a reader wants it: a code's name, a 和暦 date with its 西暦, はい/いいえ.
    fn value(&self, node: &Node) -> String {
        if self.is_date_group(node) {
            return self.date_group(node).unwrap_or_default();
        }
        let raw = node.trimmed();
        if raw.is_empty() {
            return String::new();
        }
        if let Some(name) = self.code_name(&node.path, raw) {
            return name;
        }
        if let Some(day) = Day::parse_iso(raw).or_else(|| year_month(raw)) {
            return day.describe_ja();
        }
        match raw {
            "true" => "はい".into(),
            "false" => "いいえ".into(),
            _ => raw.to_string(),
        }
    }

    /// The name of a coded value: from the bound code table, else the XSD's enumeration.
    fn code_name(&self, path: &str, value: &str) -> Option<String> {
        let from_table = self
            .set
            .checks()
            .and_then(|c| {
                let day = crate::domain::codes_day(c, self.doc, None);
                c.code_of(&self.set.codes, path, value, day.as_deref())
            })
            .map(|code| format!("{}（{}）", code.name, code.code));
        from_table.or_else(|| {
            self.compiled
                .labels
                .choices_at(&self.compiled.schema, path)?
                .iter()
                .find(|(v, _)| v == value)
                .and_then(|(_, meaning)| meaning.clone())
        })
    }

    fn date_group(&self, node: &Node) -> Option<String> {
        let def = self
            .set
            .checks()?
            .dates
            .iter()
            .find(|d| *d.path == *node.path)?;
        let part = |name: &Option<String>| -> Option<&str> {
            let path = format!("{}/{}", node.path, name.as_ref()?);
            self.doc.first(&path).map(Node::trimmed)
        };
        let number = |name: &Option<String>| part(name)?.parse::<u32>().ok();
        let day = match &def.day {
            Some(_) => Some(number(&def.day)?),
            None => None,
        };
        crate::domain::era_date_ja(
            part(&def.era)?,
            number(&def.year)?,
            number(&def.month)?,
            day,
        )
    }
}

fn year_month(raw: &str) -> Option<Day> {
    let b = raw.as_bytes();
    if b.len() != 7 || b[4] != b'-' {
        return None;
    }
    let day = Day {
        year: raw[..4].parse().ok()?,
        month: raw[5..].parse().ok()?,
        day: None,
    };
    day.is_real().then_some(day)
}
