//! The layout model of a printed form: sections of labelled rows and tables, in the form's own
//! order, with values as a reader wants them (code names, 和暦 with the 西暦). Both the PDF and the
//! HTML preview render this model and nothing else, so they cannot disagree.

use crate::domain::{Day, Document, Node};
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
                    Item::Subheading(t) => out.push(t),
                    Item::Field { label, value } => {
                        out.push(label);
                        out.push(value);
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
                    Item::Subheading(t) => out.push((t.clone(), t)),
                    Item::Field { label, value } => {
                        out.push((label.clone(), label));
                        out.push((label.clone(), value));
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
                    Item::Subheading(t) => out.push(t),
                    Item::Field { label, value } => {
                        out.push(label);
                        out.push(value);
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
            if node.is_attribute() {
                continue;
            }
            if builder.is_date_group(node) || !node.has_children {
                basics.extend(builder.field(child, ""));
            } else {
                sections.push(Section {
                    heading: builder.label(&node.path),
                    items: builder.items(child),
                });
            }
        }
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
        .checks
        .as_ref()
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
        self.children_items(parent, "")
    }

    fn children_items(&self, parent: usize, prefix: &str) -> Vec<Item> {
        let mut items = Vec::new();
        let children = &self.children[parent];
        let mut seen_lists: Vec<&str> = Vec::new();
        for &child in children {
            let node = &self.doc.nodes[child];
            if node.is_attribute() {
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
                items.extend(self.field(child, prefix));
            }
        }
        items
    }

    /// A field, or a group's fields. A large group (a disease's own items) gets a subheading; a
    /// small one (連絡先) puts its label before its fields' labels; a group of one field is
    /// that field.
    fn field(&self, index: usize, prefix: &str) -> Vec<Item> {
        let node = &self.doc.nodes[index];
        let own = self.label(&node.path);
        if !node.has_children || self.is_date_group(node) {
            return vec![Item::Field {
                label: format!("{prefix}{own}"),
                value: self.value(node),
            }];
        }
        let count = self.children[index]
            .iter()
            .filter(|&&c| !self.doc.nodes[c].is_attribute())
            .count();
        if count == 1 {
            return self.children_items(index, prefix);
        }
        if prefix.is_empty() && count >= 3 {
            let mut items = vec![Item::Subheading(own)];
            items.extend(self.children_items(index, ""));
            return items;
        }
        self.children_items(index, &format!("{prefix}{own}／"))
    }

    /// One row per occurrence; the columns are the fields of all occurrences, in first-seen order.
    fn table(&self, path: &str, occurrences: &[usize]) -> Item {
        let mut columns: Vec<String> = Vec::new();
        let mut rows: Vec<Vec<(String, String)>> = Vec::new();
        for &o in occurrences {
            let fields = self.field(o, "");
            let label = self.label(path);
            let row: Vec<(String, String)> = fields
                .into_iter()
                .filter_map(|item| match item {
                    Item::Field { label: l, value } => {
                        let l = l
                            .strip_prefix(&format!("{label}／"))
                            .unwrap_or(&l)
                            .to_string();
                        Some((l, value))
                    }
                    Item::Table { .. } | Item::Subheading(_) => None,
                })
                .collect();
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
        self.set.checks.as_ref().is_some_and(|c| {
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
            .checks
            .as_ref()
            .and_then(|c| c.code_of(&self.set.codes, path, value))
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
            .checks
            .as_ref()?
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
