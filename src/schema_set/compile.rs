//! Compiling one XSD of a schema set with the engine, and reading its field labels.
//!
//! The engine's `SchemaSet` is not `Sync` (its name table interns with a `RefCell`), so a batch
//! compiles one copy per worker thread; see `check`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

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

/// Japanese field labels from `xs:documentation`, and the meanings of enumeration values.
///
/// Nothing is read when a set is compiled: a label is read from its declaration when a finding
/// or a printout first asks, so a passing batch reads almost no documentation. What needs a scan
/// (labels by local name) or a re-read of schema text (an enumeration with its meanings) is
/// computed once and shared by every worker's copy of the compiled XSD (`Labels` is an `Arc`).
/// Its keys are names and source positions, which are the same in every copy; the engine's
/// arena keys are asked of the caller's own copy and never stored.
#[derive(Clone, Default)]
pub struct Labels(Arc<Shared>);

#[derive(Default)]
struct Shared {
    by_name: OnceLock<ByName>,
    /// By the simple type's source (document URI, byte offset of its start tag).
    enumerations: Mutex<HashMap<(String, usize), Option<Choices>>>,
    /// By local-name path: finding a declaration walks the content models from the root,
    /// about 45,000 instructions for every domain finding before this.
    at_path: Mutex<HashMap<String, Option<Arc<str>>>>,
}

/// A cache's lock. A worker that panicked while holding it left entries that are whole (each is
/// inserted in one step), so the others go on using them.
fn locked<T>(cache: &Mutex<T>) -> MutexGuard<'_, T> {
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Paths whose labels are kept: the fields of a form are a few hundred, and the paths of
/// undeclared elements in hostile documents are not worth keeping.
const KEPT_PATHS: usize = 4096;

/// Labels by local name, for items no declaration was found for (an unexpected element) and
/// for attributes.
#[derive(Default)]
struct ByName {
    elements: HashMap<String, Option<Arc<str>>>,
    attributes: HashMap<String, Option<Arc<str>>>,
}

impl Labels {
    /// The label of an element declaration (or of the global declaration it refers to).
    pub fn element(&self, schema: &xsd_schema::SchemaSet, key: ElementKey) -> Option<Arc<str>> {
        label_of(&element_documentation(schema, key)?).map(Arc::from)
    }

    /// The values `key` allows, from its own enumeration or the nearest base type's: what a
    /// clerk may choose from, each with its documentation (`1` 男).
    pub fn enumeration(
        &self,
        schema: &xsd_schema::SchemaSet,
        key: SimpleTypeKey,
    ) -> Option<Choices> {
        crate::expected::simple_type_chain(schema, key)
            .find_map(|(k, _)| self.own_enumeration(schema, k))
    }

    fn own_enumeration(
        &self,
        schema: &xsd_schema::SchemaSet,
        key: SimpleTypeKey,
    ) -> Option<Choices> {
        let simple = schema.arenas.simple_types.get(key)?;
        simple.facets.enumeration.as_ref()?;
        let src = simple.source.as_ref()?;
        let xsd_schema::parser::location::SourceMapStorage::Full(maps) = &schema.source_maps else {
            return None;
        };
        let place = (
            maps.get(src.doc_id as usize)?.base_uri.clone(),
            src.span.start,
        );
        let cache = || locked(&self.0.enumerations);
        if let Some(known) = cache().get(&place) {
            return known.clone();
        }
        // Read outside the lock: another worker asking for another type need not wait.
        let read: Option<Choices> = enumeration_in_source(schema, src).map(Into::into);
        cache().entry(place).or_insert(read).clone()
    }

    pub fn element_by_name(&self, schema: &xsd_schema::SchemaSet, local: &str) -> Option<Arc<str>> {
        self.by_name(schema).elements.get(local).cloned().flatten()
    }

    pub fn attribute_by_name(
        &self,
        schema: &xsd_schema::SchemaSet,
        local: &str,
    ) -> Option<Arc<str>> {
        self.by_name(schema)
            .attributes
            .get(local)
            .cloned()
            .flatten()
    }

    fn by_name(&self, schema: &xsd_schema::SchemaSet) -> &ByName {
        self.0.by_name.get_or_init(|| ByName::read(schema))
    }

    /// The label of the field at a local-name path (`/臨個票/患者/氏名`), found by walking the
    /// declarations from the global root down: exact where a name alone is ambiguous (氏名 of
    /// the patient and of the physician).
    pub fn at_path(&self, schema: &xsd_schema::SchemaSet, path: &str) -> Option<Arc<str>> {
        if let Some((_, attribute)) = path.rsplit_once("/@") {
            return self.attribute_by_name(schema, attribute);
        }
        let cache = || locked(&self.0.at_path);
        if let Some(known) = cache().get(path) {
            return known.clone();
        }
        // Found outside the lock, as enumerations are.
        let found = (|| {
            self.element(schema, declaration_at(schema, path)?)
                .or_else(|| self.element_by_name(schema, path.rsplit('/').next()?))
        })();
        let mut kept = cache();
        if kept.len() < KEPT_PATHS {
            kept.insert(path.to_string(), found.clone());
        }
        found
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
}

impl ByName {
    fn read(schema: &xsd_schema::SchemaSet) -> ByName {
        let mut by_name = ByName::default();
        for (key, decl) in schema.arenas.elements.iter() {
            let Some(label) = element_documentation(schema, key).and_then(|d| label_of(&d)) else {
                continue;
            };
            if let Some(name) = decl.name.or(decl.ref_name.as_ref().map(|r| r.local_name)) {
                note_by_name(
                    &mut by_name.elements,
                    schema.name_table.resolve(name),
                    &Arc::from(label),
                );
            }
        }
        let label_of_annotation = |annotation: Option<&xsd_schema::schema::Annotation>| {
            label_of(&documentation(schema, annotation)?).map(Arc::<str>::from)
        };
        for decl in schema.arenas.attributes.values() {
            let label = label_of_annotation(decl.annotation.as_ref()).or_else(|| {
                decl.resolved_ref.and_then(|r| {
                    label_of_annotation(schema.arenas.attributes.get(r)?.annotation.as_ref())
                })
            });
            if let (Some(name), Some(label)) = (decl.name, label) {
                note_by_name(
                    &mut by_name.attributes,
                    schema.name_table.resolve(name),
                    &label,
                );
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
            if let (Some(name), Some(label)) =
                (decl.name, label_of_annotation(decl.annotation.as_ref()))
            {
                note_by_name(
                    &mut by_name.attributes,
                    schema.name_table.resolve(name),
                    &label,
                );
            }
        }
        by_name.elements.retain(|_, l| l.is_some());
        by_name.attributes.retain(|_, l| l.is_some());
        by_name
    }
}

/// The documentation of an element declaration, or of the global declaration its `ref` names.
fn element_documentation(schema: &xsd_schema::SchemaSet, key: ElementKey) -> Option<String> {
    let decl = schema.arenas.elements.get(key)?;
    documentation(schema, decl.annotation.as_ref()).or_else(|| {
        documentation(
            schema,
            schema
                .arenas
                .elements
                .get(decl.resolved_ref?)?
                .annotation
                .as_ref(),
        )
    })
}

/// An annotation's documentation (the Japanese one if there are several), as plain lines.
fn documentation(
    schema: &xsd_schema::SchemaSet,
    annotation: Option<&xsd_schema::schema::Annotation>,
) -> Option<String> {
    let annotation = annotation?;
    let doc = annotation
        .documentation_for_lang("ja")
        .or_else(|| annotation.documentations().next())?;
    let text = documentation_text(documentation_content(schema, &doc.content)?);
    (!text.is_empty()).then_some(text)
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
    // The depth of the open elements, and that of the documented enumeration being read.
    let mut depth = 0usize;
    let mut in_value: Option<usize> = None;
    let mut in_documentation = false;
    loop {
        match reader.read_event().ok()? {
            // `<xs:enumeration value="X"/>` has no end tag to wait for; a documented one has.
            Event::Empty(e) if e.local_name().as_ref() == b"enumeration" => {
                values.push((enumeration_value(&e)?, None));
            }
            Event::Start(e) => {
                depth += 1;
                if e.local_name().as_ref() == b"enumeration" {
                    values.push((enumeration_value(&e)?, None));
                    in_value = Some(depth);
                } else {
                    in_documentation =
                        in_value.is_some() && e.local_name().as_ref() == b"documentation";
                }
            }
            Event::Text(t) if in_documentation => {
                let label = plain_text(&t.decode().ok()?);
                if let Some((_, doc @ None)) = values.last_mut() {
                    *doc = (!label.is_empty()).then_some(label);
                }
            }
            Event::End(_) => {
                in_documentation = false;
                if in_value == Some(depth) {
                    in_value = None;
                }
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

fn enumeration_value(start: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    let value = start.try_get_attribute("value").ok()??;
    let value = value
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()?;
    Some(value.trim().to_string())
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
    compile_sharing(def, xsd, Labels::default())
}

/// Compiles one more copy of an XSD whose `labels` another copy already has (a worker's own
/// copy: the engine's schema is not `Sync`, its documentation is read once).
pub fn compile_sharing(
    def: &SchemaSetDef,
    xsd: &str,
    labels: Labels,
) -> Result<CompiledSchema, SetError> {
    let what = format!(
        "スキーマ {}",
        if def.is_ad_hoc() {
            crate::shown::text(&def.xsd_location(xsd)).into_owned()
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
                    crate::shown::path(companion)
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
    let compiled = builder.and_then(|b| b.compile()).map_err(|e| {
        // The engine names the documents it loaded by their canonical paths.
        let e = crate::shown::text(&e.to_string()).into_owned();
        SetError(format!("{what} を読み込めません（スキーマの誤り）: {e}"))
    })?;
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
                crate::shown::text(&failure.error().to_string())
            )
        };
        return Err(SetError(message));
    }
    Ok(CompiledSchema {
        schema: compiled.into_schema_set(),
        labels,
    })
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
