//! The values of a well-formed document by local-name path, with where each came from: what the
//! domain checks read. Built from the XSD stage's own pass (`Builder`, fed by the validation
//! events), or read with quick-xml (`Document::read`, for printing and sealing); the document was
//! validated already, so a reader error here only ends the walk.

use std::collections::HashMap;
use std::rc::Rc;

use quick_xml::events::Event;
use quick_xml::Reader;

/// An element's own text or an attribute's value.
#[derive(Debug)]
pub struct Node {
    /// `/臨個票/患者/氏名カナ`, or `/臨個票/@様式版`; shared by every node of that path.
    pub path: Rc<str>,
    pub text: String,
    /// Byte offset of the start tag.
    pub offset: usize,
    /// An element with child elements.
    pub has_children: bool,
    /// The element this node belongs to (an attribute's element, an element's parent).
    pub parent: Option<usize>,
    /// Where the pieces of `text` lie in the document: (index in `text`, offset in the document,
    /// literal). A literal piece maps byte for byte; a reference (`&#xE000;`) maps to its `&`.
    /// `None` for a node built from validation events, which carry no positions: `offset_of`
    /// reads them from the source when a finding needs one.
    pieces: Option<Vec<(usize, usize, bool)>>,
    /// The next node of the same path, in document order.
    next_of_path: Option<usize>,
}

impl Node {
    /// The offset in `source` (the document this node was read from) of byte `index` of the
    /// text.
    pub fn offset_of(&self, source: &str, index: usize) -> usize {
        match &self.pieces {
            Some(pieces) => self.offset_in(pieces, index),
            None if self.is_attribute() => self.offset,
            None => {
                // The element's own text and pieces, re-read from its start tag. The validation
                // gave the text with its line ends normalized (XML 1.0 §2.11), the re-read as
                // written; any other difference, and the start tag it is.
                let Some(tail) = source.get(self.offset..) else {
                    return self.offset;
                };
                let reread = Document::walk(tail, self.offset, true);
                let Some(n) = reread.nodes.first() else {
                    return self.offset;
                };
                let pieces = n.pieces.as_deref().unwrap_or_default();
                if n.text == self.text {
                    n.offset_in(pieces, index)
                } else if n.text.replace("\r\n", "\n").replace('\r', "\n") == self.text {
                    n.offset_in(pieces, index_as_written(&n.text, index))
                } else {
                    self.offset
                }
            }
        }
    }

    fn offset_in(&self, pieces: &[(usize, usize, bool)], index: usize) -> usize {
        match pieces.iter().rev().find(|(at, ..)| *at <= index) {
            Some(&(at, doc, true)) => doc + (index - at),
            Some(&(_, doc, false)) => doc,
            None => self.offset,
        }
    }

    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }

    pub fn is_attribute(&self) -> bool {
        self.path
            .rsplit('/')
            .next()
            .is_some_and(|l| l.starts_with('@'))
    }
}

#[derive(Debug, Default)]
pub struct Document {
    pub nodes: Vec<Node>,
    /// Each path with the first and the last of its nodes (the others are chained through
    /// `Node::next_of_path`): no list to allocate per path of every document.
    by_path: HashMap<Rc<str>, PathNodes, ahash::RandomState>,
}

#[derive(Debug)]
struct PathNodes {
    /// The key, shared by every node of the path.
    shared: Rc<str>,
    first: usize,
    last: usize,
}

impl Document {
    pub fn read(text: &str) -> Document {
        Document::walk(text, 0, false)
    }

    /// Room for the nodes of a document of `len` bytes, as the validation builds it: one node
    /// for every 24 bytes or so of a typical form, so that a form seldom outgrows it; a large
    /// document grows as it goes.
    fn for_document_of(len: usize) -> Document {
        let nodes = (len / 24).min(4096);
        Document {
            nodes: Vec::with_capacity(nodes),
            by_path: HashMap::with_capacity_and_hasher(nodes, Default::default()),
        }
    }

    /// Reads `text`, which starts at `base` in its document; `one`: only its first element.
    fn walk(text: &str, base: usize, one: bool) -> Document {
        let mut doc = Document::default();
        let mut reader = Reader::from_str(text);
        // Indices of the open elements' nodes.
        let mut open: Vec<usize> = Vec::new();
        // The path being built, reused: a node's path is only allocated the first time it is
        // seen (`push`), not once per element.
        let mut path = String::new();
        loop {
            let offset = base + reader.buffer_position() as usize;
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    path.clear();
                    if let Some(&i) = open.last() {
                        doc.nodes[i].has_children = true;
                        path.push_str(&doc.nodes[i].path);
                    }
                    path.push('/');
                    path.push_str(&local(e.name().as_ref()));
                    let element_len = path.len();
                    let index = doc.push(
                        &path,
                        String::new(),
                        offset,
                        open.last().copied(),
                        Positions::Kept,
                    );
                    for attribute in e.attributes().with_checks(false).flatten() {
                        let key = attribute.key.as_ref();
                        if key == b"xmlns" || key.starts_with(b"xmlns:") {
                            continue;
                        }
                        let value = attribute
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                        path.truncate(element_len);
                        path.push_str("/@");
                        path.push_str(&local(key));
                        doc.push(&path, value, offset, Some(index), Positions::Kept);
                    }
                    if matches!(event, Event::Start(_)) {
                        open.push(index);
                    } else if one && open.is_empty() {
                        break;
                    }
                }
                Event::End(_) => {
                    open.pop();
                    if one && open.is_empty() {
                        break;
                    }
                }
                Event::Text(t) => {
                    // Indentation between child elements is not a value; keeping it would cost
                    // a piece per child of a long list.
                    let between_children = open.last().is_some_and(|&i| doc.nodes[i].has_children)
                        && t.iter().all(u8::is_ascii_whitespace);
                    if between_children {
                        continue;
                    }
                    if let (Some(&i), Ok(s)) = (open.last(), t.decode()) {
                        // The raw text starts where the event does: offsets map one to one.
                        doc.append(i, &s, offset, true);
                    }
                }
                Event::CData(t) => {
                    if let (Some(&i), Ok(s)) = (open.last(), t.decode()) {
                        doc.append(i, &s, offset + "<![CDATA[".len(), true);
                    }
                }
                Event::GeneralRef(r) => {
                    let Some(&i) = open.last() else { continue };
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => r
                            .decode()
                            .ok()
                            .and_then(|n| quick_xml::escape::resolve_predefined_entity(&n))
                            .unwrap_or("")
                            .to_string(),
                    };
                    doc.append(i, &resolved, offset, false);
                }
                _ => {}
            }
        }
        doc
    }

    fn push(
        &mut self,
        path: &str,
        text: String,
        offset: usize,
        parent: Option<usize>,
        positions: Positions,
    ) -> usize {
        let index = self.nodes.len();
        let path = match self.by_path.get_mut(path) {
            Some(of_path) => {
                self.nodes[of_path.last].next_of_path = Some(index);
                of_path.last = index;
                of_path.shared.clone()
            }
            None => {
                let shared = Rc::<str>::from(path);
                let of_path = PathNodes {
                    shared: shared.clone(),
                    first: index,
                    last: index,
                };
                self.by_path.insert(shared.clone(), of_path);
                shared
            }
        };
        self.nodes.push(Node {
            path,
            text,
            offset,
            has_children: false,
            parent,
            pieces: match positions {
                Positions::Kept => Some(Vec::new()),
                Positions::Unread => None,
            },
            next_of_path: None,
        });
        index
    }

    fn append(&mut self, node: usize, text: &str, offset: usize, literal: bool) {
        let n = &mut self.nodes[node];
        if let Some(pieces) = &mut n.pieces {
            pieces.push((n.text.len(), offset, literal));
        }
        n.text.push_str(text);
    }

    /// Every occurrence of `path`, in document order.
    pub fn all<'d>(&'d self, path: &str) -> impl Iterator<Item = &'d Node> + 'd {
        let mut next = self.by_path.get(path).map(|p| p.first);
        std::iter::from_fn(move || {
            let node = &self.nodes[next?];
            next = node.next_of_path;
            Some(node)
        })
    }

    pub fn first(&self, path: &str) -> Option<&Node> {
        self.all(path).next()
    }

    /// Present with some content: an element with text or children, or an attribute.
    pub fn is_present(&self, path: &str) -> bool {
        self.all(path)
            .any(|n| n.has_children || !n.trimmed().is_empty())
    }
}

/// Whether a node keeps where its text's pieces lie (`Document::read`) or leaves that to
/// `Node::offset_of` (`Builder`).
enum Positions {
    Kept,
    Unread,
}

/// The index in `written` of byte `index` of the same text with its line ends normalized (CR LF
/// and a lone CR read as LF).
fn index_as_written(written: &str, index: usize) -> usize {
    let bytes = written.as_bytes();
    let (mut at, mut normalized) = (0, 0);
    while normalized < index && at < bytes.len() {
        at += if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        normalized += 1;
    }
    at
}

/// A `Document` built from the validation's events, so that the domain stage needs no pass of
/// its own: the same nodes, paths, parents and texts as `Document::read` gives, without the
/// pieces' positions (`Node::offset_of` finds them when asked), and without the `xsi:`
/// attributes, which the validation takes as instructions rather than values.
pub(crate) struct Builder {
    doc: Document,
    open: Vec<usize>,
    path: String,
}

impl Builder {
    /// For a document of `len` bytes.
    pub fn for_document_of(len: usize) -> Builder {
        Builder {
            doc: Document::for_document_of(len),
            open: Vec::new(),
            path: String::new(),
        }
    }

    /// An element's start tag at `offset`.
    pub fn start(&mut self, local: &str, offset: usize) {
        self.path.clear();
        if let Some(&i) = self.open.last() {
            self.doc.nodes[i].has_children = true;
            self.path.push_str(&self.doc.nodes[i].path);
        }
        self.path.push('/');
        self.path.push_str(local);
        let index = self.doc.push(
            &self.path,
            String::new(),
            offset,
            self.open.last().copied(),
            Positions::Unread,
        );
        self.open.push(index);
    }

    /// An attribute of the element just started, its value unescaped.
    pub fn attribute(&mut self, local: &str, value: &str) {
        let Some(&element) = self.open.last() else {
            return;
        };
        // Attribute-value normalization (XML 1.0 §3.3.3), as `Document::read` has it.
        let value = value.replace(['\t', '\n', '\r'], " ");
        self.path.clear();
        self.path.push_str(&self.doc.nodes[element].path);
        self.path.push_str("/@");
        self.path.push_str(local);
        let offset = self.doc.nodes[element].offset;
        self.doc
            .push(&self.path, value, offset, Some(element), Positions::Unread);
    }

    /// Character data of the open element, references resolved; `blank`: white space only.
    pub fn text(&mut self, text: &str, blank: bool) {
        let Some(&i) = self.open.last() else {
            return;
        };
        // Indentation between child elements is not a value (as in `Document::read`).
        if blank && self.doc.nodes[i].has_children {
            return;
        }
        self.doc.nodes[i].text.push_str(text);
    }

    pub fn end(&mut self) {
        self.open.pop();
    }

    pub fn finish(self) -> Document {
        self.doc
    }
}

fn local(name: &[u8]) -> std::borrow::Cow<'_, str> {
    let local = match memchr::memrchr(b':', name) {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_paths_and_offsets() {
        let text = "<a:r xmlns:a=\"u\" v=\"1\"><a:p><b>x&amp;y&#xE000;z</b></a:p><b/></a:r>";
        let doc = Document::read(text);
        assert_eq!(doc.first("/r/@v").unwrap().text, "1");
        let b = doc.first("/r/p/b").unwrap();
        assert_eq!(b.text, "x&y\u{E000}z");
        let at = |i| b.offset_of(text, i);
        assert_eq!(&text[at(0)..at(0) + 1], "x");
        assert_eq!(&text[at(3)..at(3) + 3], "&#x");
        assert_eq!(&text[at(6)..at(6) + 1], "z");
        assert!(doc.is_present("/r/p"));
        assert!(!doc.is_present("/r/b"));
        assert_eq!(doc.all("/r/b").count(), 1);
    }
}
