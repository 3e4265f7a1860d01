//! Routing: which schema set and XSD a document goes to, from its own root element and the
//! discriminators the sets declare. Reads only the start of the document.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::schema_set::{Condition, SchemaSetDef};

/// What routing needs to know of a document: its root and the values its discriminators name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RootInfo {
    pub namespace: String,
    pub local: String,
    /// Attributes of the root by local name (unprefixed or any prefix other than xmlns).
    pub attributes: Vec<(String, String)>,
    /// Text of the root's direct children whose local names were asked for.
    pub children: Vec<(String, String)>,
    /// A document type declaration came before the root.
    pub doctype_at: Option<usize>,
}

/// Reads up to the root element (and, if `child_names` is not empty, through its direct
/// children). `None` when no root element could be read: the file is not well-formed before it,
/// which the validator reports precisely.
pub fn read_root(text: &str, child_names: &[&str]) -> Option<RootInfo> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut info = RootInfo::default();
    loop {
        let position = reader.buffer_position() as usize;
        match reader.read_resolved_event() {
            Ok((_, Event::DocType(_))) => {
                info.doctype_at = Some(position);
                return Some(info);
            }
            Ok((ns, Event::Start(e))) | Ok((ns, Event::Empty(e))) => {
                info.namespace = match ns {
                    ResolveResult::Bound(ns) => String::from_utf8_lossy(ns.as_ref()).into_owned(),
                    _ => String::new(),
                };
                info.local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                for attr in e.attributes().with_checks(false).flatten() {
                    if attr.key.as_namespace_binding().is_some() {
                        continue;
                    }
                    let name = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    info.attributes.push((name, value));
                }
                break;
            }
            Ok((_, Event::Eof)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
    if !child_names.is_empty() {
        read_children(&mut reader, child_names, &mut info);
    }
    Some(info)
}

fn read_children(reader: &mut NsReader<&[u8]>, names: &[&str], info: &mut RootInfo) {
    let mut depth = 1usize;
    let mut current: Option<(String, String)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if depth == 2 && names.contains(&local.as_str()) {
                    current = Some((local, String::new()));
                }
            }
            Ok(Event::Text(t)) if depth == 2 => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t.decode().unwrap_or_default());
                }
            }
            Ok(Event::End(_)) => {
                if depth == 2 {
                    if let Some((name, text)) = current.take() {
                        info.children.push((name, text.trim().to_string()));
                    }
                }
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            Ok(Event::Eof) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// The names of child elements any route of `sets` discriminates on.
pub fn discriminating_children(sets: &[SchemaSetDef]) -> Vec<&str> {
    let mut names: Vec<&str> = sets
        .iter()
        .flat_map(|s| &s.manifest.routes)
        .flat_map(|r| &r.when)
        .filter_map(|c| c.element.as_deref())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The first route, in set order, that claims the document: `(set index, route index)`.
/// An `--xsd` set (root `*`) claims the roots it declares globally (`declares(set index, root)`);
/// when none does, the first `--xsd` set takes the file, as `xmllint --schema` would.
pub fn route(
    sets: &[SchemaSetDef],
    root: &RootInfo,
    declares: impl Fn(usize, &RootInfo) -> bool,
) -> Option<(usize, usize)> {
    let claimed = sets.iter().enumerate().find_map(|(si, set)| {
        set.manifest
            .routes
            .iter()
            .position(|r| {
                if r.root == "*" {
                    declares(si, root)
                } else {
                    r.root == root.local
                        && r.namespace == root.namespace
                        && r.when.iter().all(|c| holds(c, root))
                }
            })
            .map(|ri| (si, ri))
    });
    claimed.or_else(|| sets.iter().position(|s| s.is_ad_hoc()).map(|si| (si, 0)))
}

fn holds(condition: &Condition, root: &RootInfo) -> bool {
    let found = match (&condition.attribute, &condition.element) {
        (Some(a), _) => root
            .attributes
            .iter()
            .find(|(n, _)| n == a)
            .map(|(_, v)| v.trim()),
        (None, Some(e)) => root
            .children
            .iter()
            .find(|(n, _)| n == e)
            .map(|(_, v)| v.as_str()),
        (None, None) => None,
    };
    found == Some(condition.equals.as_str())
}

/// What the active sets expect, for the message to a file none of them claims.
pub fn expectations(sets: &[SchemaSetDef]) -> Vec<String> {
    sets.iter()
        .flat_map(|s| s.manifest.routes.iter().map(move |r| (s, r)))
        .map(|(s, r)| {
            let ns = if r.namespace.is_empty() {
                String::new()
            } else {
                format!("{{{}}}", r.namespace)
            };
            let when: Vec<String> = r.when.iter().map(|c| c.describe()).collect();
            let when = if when.is_empty() {
                String::new()
            } else {
                format!(" {}", when.join(" "))
            };
            format!(
                "{}（{}）: <{}{}{}>",
                r.form, s.manifest.id, ns, r.root, when
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_root_namespace_attributes_and_children() {
        let text = r#"<?xml version="1.0"?><!-- c --><k:臨個票 xmlns:k="urn:k" 様式版="2025"><k:版>3</k:版><k:患者><k:版>9</k:版></k:患者></k:臨個票>"#;
        let info = read_root(text, &["版"]).unwrap();
        assert_eq!(info.namespace, "urn:k");
        assert_eq!(info.local, "臨個票");
        assert_eq!(
            info.attributes,
            vec![("様式版".to_string(), "2025".to_string())]
        );
        assert_eq!(info.children, vec![("版".to_string(), "3".to_string())]);
    }

    #[test]
    fn doctype_is_seen_before_the_root() {
        let info = read_root("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", &[]).unwrap();
        assert_eq!(info.doctype_at, Some(0));
    }

    #[test]
    fn no_root_in_garbage() {
        assert_eq!(read_root("just text", &[]), None);
        assert_eq!(read_root("", &[]), None);
    }
}
