//! Compiling one XSD of a schema set with the engine, and reading its field labels.
//!
//! The engine's `SchemaSet` is not `Sync` (its name table interns with a `RefCell`), so a batch
//! compiles one copy per worker thread; see `check`.

use std::collections::HashMap;
use std::sync::Arc;

use xsd_schema::{
    ElementKey, EmbeddedLoader, FileSystemLoader, LoaderChain, SchemaError, SchemaLoader,
    SchemaResult, SchemaSetBuilder, SimpleTypeKey,
};

use super::{SchemaSetDef, SetError};

/// One compiled XSD and the labels of its declarations.
pub struct CompiledSchema {
    pub schema: xsd_schema::SchemaSet,
    pub labels: Labels,
}

impl CompiledSchema {
    /// The global element declarations as `(namespace, local name)`: the roots this XSD accepts.
    pub fn global_elements(&self) -> Vec<(String, String)> {
        let names = &self.schema.name_table;
        let mut roots: Vec<(String, String)> = self
            .schema
            .namespaces
            .iter()
            .flat_map(|(ns, table)| {
                let ns = ns
                    .map(|id| names.resolve(id).to_string())
                    .unwrap_or_default();
                table
                    .elements
                    .keys()
                    .map(move |local| (ns.clone(), names.resolve(*local).to_string()))
            })
            .collect();
        roots.sort();
        roots
    }
}

/// A type's enumeration in schema order: each value with the first line of its documentation.
pub type Choices = Arc<[(String, Option<String>)]>;

/// Japanese field labels from `xs:documentation` on element and attribute declarations.
#[derive(Default)]
pub struct Labels {
    elements: HashMap<ElementKey, Arc<str>>,
    /// An element's documentation when it is prose, not a label (`label_of`): the element is
    /// named by its name, and this says what it is.
    descriptions: HashMap<ElementKey, Arc<str>>,
    /// By local name, for items no declaration was found for (an unexpected element).
    by_name: HashMap<String, Option<Arc<str>>>,
    attributes_by_name: HashMap<String, Option<Arc<str>>>,
    /// The enumeration of a simple type in schema order, each value with its documentation
    /// (`1` 男): what a clerk may choose from.
    enumerations: HashMap<SimpleTypeKey, Choices>,
}

impl Labels {
    pub fn element(&self, key: ElementKey) -> Option<Arc<str>> {
        self.elements.get(&key).cloned()
    }

    /// The documentation of an element that has no label because its documentation is prose.
    pub fn description(&self, key: ElementKey) -> Option<Arc<str>> {
        self.descriptions.get(&key).cloned()
    }

    /// The values `key` allows, from its own enumeration or the nearest base type's.
    pub fn enumeration(
        &self,
        schema: &xsd_schema::SchemaSet,
        key: SimpleTypeKey,
    ) -> Option<Choices> {
        crate::expected::simple_type_chain(schema, key)
            .find_map(|(k, _)| self.enumerations.get(&k).cloned())
    }

    pub fn element_by_name(&self, local: &str) -> Option<Arc<str>> {
        self.by_name.get(local).cloned().flatten()
    }

    pub fn attribute_by_name(&self, local: &str) -> Option<Arc<str>> {
        self.attributes_by_name.get(local).cloned().flatten()
    }

    /// The label of the field at a local-name path (`/臨個票/患者/氏名`), found by walking the
    /// declarations from the global root down: exact where a name alone is ambiguous (氏名 of
    /// the patient and of the physician).
    pub fn at_path(&self, schema: &xsd_schema::SchemaSet, path: &str) -> Option<Arc<str>> {
        if let Some((_, attribute)) = path.rsplit_once("/@") {
            return self.attribute_by_name(attribute);
        }
        self.element(declaration_at(schema, path)?)
            .or_else(|| self.element_by_name(path.rsplit('/').next()?))
    }

    /// The meanings of the values the element at `path` may take (`1` 男), from its type's
    /// enumeration.
    pub fn choices_at(&self, schema: &xsd_schema::SchemaSet, path: &str) -> Option<Choices> {
        let decl = schema.arenas.elements.get(declaration_at(schema, path)?)?;
        match decl.resolved_type? {
            xsd_schema::TypeKey::Simple(k) => self.enumeration(schema, k),
            _ => None,
        }
    }

    fn read(schema: &xsd_schema::SchemaSet) -> Labels {
        let mut labels = Labels::default();
        let documentation_of =
            |annotation: Option<&xsd_schema::schema::Annotation>| -> Option<String> {
                let annotation = annotation?;
                let doc = annotation
                    .documentation_for_lang("ja")
                    .or_else(|| annotation.documentations().next())?;
                let text = documentation_text(documentation_content(schema, &doc.content)?);
                (!text.is_empty()).then_some(text)
            };
        let text_of = |annotation: Option<&xsd_schema::schema::Annotation>| -> Option<Arc<str>> {
            label_of(&documentation_of(annotation)?).map(Arc::from)
        };
        for (key, decl) in schema.arenas.elements.iter() {
            let documentation = documentation_of(decl.annotation.as_ref()).or_else(|| {
                documentation_of(
                    schema
                        .arenas
                        .elements
                        .get(decl.resolved_ref?)?
                        .annotation
                        .as_ref(),
                )
            });
            let label = documentation
                .as_deref()
                .and_then(label_of)
                .map(Arc::<str>::from);
            if let (None, Some(prose)) = (&label, documentation) {
                labels.descriptions.insert(key, Arc::from(prose));
            }
            if let Some(label) = label {
                if let Some(name) = decl.name.or(decl.ref_name.as_ref().map(|r| r.local_name)) {
                    note_by_name(&mut labels.by_name, schema.name_table.resolve(name), &label);
                }
                labels.elements.insert(key, label);
            }
        }
        for decl in schema.arenas.attributes.values() {
            let label = text_of(decl.annotation.as_ref()).or_else(|| {
                decl.resolved_ref
                    .and_then(|r| text_of(schema.arenas.attributes.get(r)?.annotation.as_ref()))
            });
            if let Some(label) = label {
                if let Some(name) = decl.name {
                    note_by_name(
                        &mut labels.attributes_by_name,
                        schema.name_table.resolve(name),
                        &label,
                    );
                }
            }
        }
        // Local attribute declarations live in their complex types and attribute groups.
        let local_attributes = schema
            .arenas
            .complex_types
            .values()
            .flat_map(|t| &t.attributes)
            .chain(
                schema
                    .arenas
                    .attribute_groups
                    .values()
                    .flat_map(|g| &g.attributes),
            );
        for attribute_use in local_attributes {
            let decl = &attribute_use.attribute;
            if let (Some(name), Some(label)) = (decl.name, text_of(decl.annotation.as_ref())) {
                note_by_name(
                    &mut labels.attributes_by_name,
                    schema.name_table.resolve(name),
                    &label,
                );
            }
        }
        for (key, simple) in schema.arenas.simple_types.iter() {
            if simple.facets.enumeration.is_some() {
                if let Some(values) = simple
                    .source
                    .as_ref()
                    .and_then(|src| enumeration_in_source(schema, src))
                {
                    labels.enumerations.insert(key, values.into());
                }
            }
        }
        labels.by_name.retain(|_, l| l.is_some());
        labels.attributes_by_name.retain(|_, l| l.is_some());
        labels
    }
}

/// The declaration of the element at a local-name path, walking from the global root through
/// each content model (following `ref`s).
pub fn declaration_at(schema: &xsd_schema::SchemaSet, path: &str) -> Option<ElementKey> {
    let mut steps = path.trim_start_matches('/').split('/');
    let names = &schema.name_table;
    let root = names.get(steps.next()?)?;
    let mut key = schema
        .namespaces
        .values()
        .find_map(|table| table.elements.get(&root).copied())?;
    for step in steps {
        let decl = schema.arenas.elements.get(key)?;
        let decl = decl
            .resolved_ref
            .and_then(|r| schema.arenas.elements.get(r))
            .unwrap_or(decl);
        key = crate::expected::declared_child(schema, decl.resolved_type?, names.get(step)?)?;
    }
    Some(key)
}

/// Whether the element at `path` may occur more than once (a list: 既往歴の項目).
pub fn is_repeated(schema: &xsd_schema::SchemaSet, path: &str) -> bool {
    declaration_at(schema, path)
        .and_then(|k| schema.arenas.elements.get(k))
        .is_some_and(|d| d.max_occurs != Some(1))
}

/// A label by name is only used when every declaration of that name has the same label: 電話番号
/// under 連絡先 and under 医療機関 are different fields, and guessing would name the wrong one.
fn note_by_name(map: &mut HashMap<String, Option<Arc<str>>>, name: String, label: &Arc<str>) {
    map.entry(name)
        .and_modify(|l| {
            if l.as_ref() != Some(label) {
                *l = None
            }
        })
        .or_insert_with(|| Some(label.clone()));
}

/// The content of an `xs:documentation` element. The engine's fragment spans only the start
/// tag, so the content is read from the retained schema text up to the next end tag.
fn documentation_content<'s>(
    schema: &'s xsd_schema::SchemaSet,
    fragment: &xsd_schema::schema::XmlFragment,
) -> Option<&'s str> {
    let xsd_schema::parser::location::SourceMapStorage::Full(maps) = &schema.source_maps else {
        return None;
    };
    let text = &maps.get(fragment.doc_id as usize)?.text;
    let start_tag = text.get(fragment.span.start..fragment.span.end)?;
    if start_tag.ends_with("/>") {
        return None;
    }
    let rest = text.get(fragment.span.end..)?;
    let end = rest.find("</").unwrap_or(rest.len()).min(4096);
    rest.get(..end)
}

/// The `xs:enumeration` values of the simple type whose start tag `src` points at, in schema
/// order, with the first line of each one's documentation. The engine keeps the values as a set;
/// the order and the meanings are read from the schema text.
fn enumeration_in_source(
    schema: &xsd_schema::SchemaSet,
    src: &xsd_schema::parser::location::SourceRef,
) -> Option<Vec<(String, Option<String>)>> {
    use quick_xml::events::Event;
    let xsd_schema::parser::location::SourceMapStorage::Full(maps) = &schema.source_maps else {
        return None;
    };
    let text = maps.get(src.doc_id as usize)?.text.get(src.span.start..)?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut values: Vec<(String, Option<String>)> = Vec::new();
    let (mut depth, mut in_documentation) = (0usize, false);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"enumeration" => {
                let value = e.try_get_attribute("value").ok()??;
                let value = value
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()?;
                values.push((value.trim().to_string(), None));
                if !e.is_empty() {
                    depth += 1;
                }
            }
            Event::Start(e) => {
                in_documentation =
                    e.local_name().as_ref() == b"documentation" && !values.is_empty();
                depth += 1;
            }
            Event::Text(t) if in_documentation => {
                let label = plain_text(&t.decode().ok()?);
                if let Some((_, doc @ None)) = values.last_mut() {
                    *doc = (!label.is_empty()).then_some(label);
                }
            }
            Event::End(_) => {
                in_documentation = false;
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    break;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (!values.is_empty()).then_some(values)
}

/// Most a label may be: the longest of the shipped sets is 24 characters, and a field's name
/// longer than this is a sentence.
const MAX_LABEL_CHARS: usize = 40;

/// The label in a documentation: its first line, when that reads as a field's name — at most
/// `MAX_LABEL_CHARS` characters and no sentence in it (no 。, no closing '.', '!', '?' and none
/// followed by a space: 「体温（37.5℃以上）」 is a label, "A container for all extensions present
/// in the document." and 「患者の状態を記入する。」 are not). The lines after it are notes.
fn label_of(documentation: &str) -> Option<String> {
    let first = documentation.lines().next()?.trim();
    let sentence = first.contains(['。', '．'])
        || first.ends_with(['.', '!', '?', '！', '？'])
        || [". ", "! ", "? "].iter().any(|p| first.contains(p));
    (!first.is_empty() && !sentence && first.chars().count() <= MAX_LABEL_CHARS)
        .then(|| first.to_string())
}

/// The text of a documentation element: markup dropped, entities decoded, each line trimmed,
/// blank lines dropped.
fn documentation_text(raw: &str) -> String {
    plain_lines(raw)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of a documentation element: markup dropped, white space collapsed, first line only
/// (a label, not the whole documentation).
fn plain_text(raw: &str) -> String {
    let out = plain_lines(raw);
    let first = out.trim().lines().next().unwrap_or("").trim();
    first.chars().take(80).collect()
}

/// `raw` with its markup dropped and the five predefined entities decoded.
fn plain_lines(raw: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => out.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Serves a set's own files from memory, so that embedded sets need no file system.
#[derive(Debug)]
struct MemoryLoader {
    files: HashMap<String, String>,
}

impl SchemaLoader for MemoryLoader {
    fn load(&self, location: &str) -> SchemaResult<String> {
        self.files
            .get(location)
            .cloned()
            .ok_or_else(|| SchemaError::resolution(format!("not in the schema set: {location}")))
    }

    fn can_load(&self, location: &str) -> bool {
        self.files.contains_key(location)
    }

    fn priority(&self) -> i32 {
        50
    }
}

/// Compiles one XSD of `def` in XSD 1.0 mode. Nothing is fetched from a network: the loaders
/// read the set's own files, the engine's embedded XML namespace schema and local files only.
pub fn compile(def: &SchemaSetDef, xsd: &str) -> Result<CompiledSchema, SetError> {
    let what = format!(
        "スキーマ {}",
        if def.is_ad_hoc() {
            def.xsd_location(xsd)
        } else {
            format!("{}/{}", def.manifest.id, xsd)
        }
    );
    let mut files = HashMap::new();
    for (location, bytes) in def.in_memory_files() {
        files.insert(
            location,
            schema_text(bytes).map_err(|e| SetError(format!("{what}: {e}")))?,
        );
    }
    let location = def.xsd_location(xsd);
    let primary = match files.get(&location) {
        Some(text) => text.clone(),
        None => {
            let bytes = std::fs::read(&location).map_err(|e| {
                SetError(format!(
                    "{what} を読み込めません: {}",
                    crate::read::io_reason_ja(&e)
                ))
            })?;
            schema_text(&bytes).map_err(|e| SetError(format!("{what}: {e}")))?
        }
    };
    let base = if def.is_ad_hoc() {
        std::fs::canonicalize(&location)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or(location)
    } else {
        location
    };
    let mut chain = LoaderChain::new();
    chain.add(Box::new(EmbeddedLoader::new()));
    chain.add(Box::new(MemoryLoader { files }));
    chain.add(Box::new(FileSystemLoader::new()));
    let mut builder = SchemaSetBuilder::with_loader(Box::new(chain)).add_source(&primary, &base);
    for companion in def.companions() {
        let text = std::fs::read(companion)
            .map_err(|e| e.to_string())
            .and_then(|b| schema_text(&b))
            .map_err(|e| {
                SetError(format!(
                    "{what}: {} を読み込めません: {e}",
                    companion.display()
                ))
            })?;
        let location = std::fs::canonicalize(companion)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A companion the primary already pulled in is not added twice.
        builder = builder.and_then(|b| {
            if b.is_loaded(&location) {
                Ok(b)
            } else {
                b.add_source(&text, &location)
            }
        });
    }
    let compiled = builder
        .and_then(|b| b.compile())
        .map_err(|e| SetError(format!("{what} を読み込めません（スキーマの誤り）: {e}")))?;
    for failure in compiled.directive_failures() {
        // An import without a schemaLocation names only a namespace (the XSI one is built in);
        // a location the engine's catalog tried for it is not the schema's own reference.
        if failure.namespace_supplied() || failure.schema_location().is_none() {
            continue;
        }
        let target = failure
            .schema_location()
            .or(failure.resolved_location())
            .unwrap_or("")
            .to_string();
        let message = if is_remote(&target) {
            format!(
                "{what}: リモートの schemaLocation「{target}」は取得しません（Rinko はネットワークに接続しません）。参照先の XSD をローカルに置き、相対パスで参照するよう直してください。"
            )
        } else {
            format!(
                "{what}: 参照先の XSD「{target}」を読み込めません（{}）。",
                failure.error()
            )
        };
        return Err(SetError(message));
    }
    let schema = compiled.into_schema_set();
    let labels = Labels::read(&schema);
    Ok(CompiledSchema { schema, labels })
}

fn is_remote(location: &str) -> bool {
    match location.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && !scheme.eq_ignore_ascii_case("file")
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

fn schema_text(bytes: &[u8]) -> Result<String, String> {
    crate::encoding::decode(bytes.to_vec())
        .map(|d| d.text)
        .map_err(|f| f.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_plain_first_lines() {
        assert_eq!(
            plain_text("\n  患者氏名（カナ）\n  全角カタカナで記入\n"),
            "患者氏名（カナ）"
        );
        assert_eq!(plain_text("<b>生年月日</b> &amp; 年齢"), "生年月日 & 年齢");
    }

    #[test]
    fn only_a_short_first_line_without_a_sentence_is_a_label() {
        let label = |d: &str| label_of(&documentation_text(d));
        assert_eq!(
            label("\n  患者氏名（カナ）\n  全角カタカナで記入\n").as_deref(),
            Some("患者氏名（カナ）")
        );
        assert_eq!(
            label("発熱（37.5℃以上）").as_deref(),
            Some("発熱（37.5℃以上）")
        );
        assert_eq!(label("Patient name").as_deref(), Some("Patient name"));
        assert_eq!(
            label("A container for all extensions present in the document."),
            None
        );
        assert_eq!(
            label("A container for all extensions present in the document"),
            None
        );
        assert_eq!(label("患者の状態を記入する。"), None);
        assert_eq!(label("The code. See the table"), None);
        assert_eq!(
            label(&"あ".repeat(MAX_LABEL_CHARS)).map(|l| l.chars().count()),
            Some(MAX_LABEL_CHARS)
        );
        assert_eq!(label(&"あ".repeat(MAX_LABEL_CHARS + 1)), None);
        assert_eq!(label("  \n  "), None);
    }

    #[test]
    fn remote_locations() {
        assert!(is_remote("http://example.com/a.xsd"));
        assert!(is_remote("HTTPS://example.com/a.xsd"));
        assert!(!is_remote("file:///tmp/a.xsd"));
        assert!(!is_remote("C:/schemas/a.xsd"));
        assert!(!is_remote("common/a.xsd"));
    }
}
