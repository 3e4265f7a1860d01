//! The layering of the core: the import graph of `src/`'s top-level modules has no cycle.
//!
//! A top-level module is `src/X.rs` or the folder `src/X/`; it uses another, `Y`, where one of
//! its files names `crate::Y` (also inside `use crate::{Y, ...}`), a name that `lib.rs`
//! re-exports from `Y` (`crate::Checker` is `check`'s), or climbs to the crate root with
//! `super::` and names `Y` from there. Comments and literals are not read. Module names come
//! from the files, so a new module takes part without a change here. `digest` and `calendar`
//! are leaves: they use no other module of the crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Modules that use nothing else of the crate.
const LEAVES: &[&str] = &["digest", "calendar", "data", "shown"];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

/// The tokens of Rust source that matter for paths, with their line, without comments,
/// string, byte-string, raw-string and character literals.
fn tokens(src: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let ident_char = |ch: char| ch == '_' || ch.is_alphanumeric();
    // Skips a quoted literal starting at the quote `c[i]`, honouring backslash escapes.
    let skip_quoted = |i: &mut usize, line: &mut usize, quote: char| {
        *i += 1;
        while *i < c.len() && c[*i] != quote {
            if c[*i] == '\\' {
                *i += 1;
            }
            if *i < c.len() && c[*i] == '\n' {
                *line += 1;
            }
            *i += 1;
        }
        *i += 1;
    };
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if ch == '"' {
            skip_quoted(&mut i, &mut line, '"');
        } else if ch == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                skip_quoted(&mut i, &mut line, '\'');
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if ident_char(ch) {
            let start = i;
            while i < c.len() && ident_char(c[i]) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            let after = c.get(i).copied();
            let raw_prefix = matches!(word.as_str(), "r" | "br" | "cr");
            let str_prefix = matches!(word.as_str(), "b" | "c");
            if raw_prefix && matches!(after, Some('"') | Some('#')) {
                // r"..." or r#"..."#: no escapes; ends at the quote and as many hashes.
                let mut hashes = 0;
                while c.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                if c.get(i) != Some(&'"') {
                    // `r#ident`, a raw identifier.
                    let start = i;
                    while i < c.len() && ident_char(c[i]) {
                        i += 1;
                    }
                    out.push((Tok::Ident(c[start..i].iter().collect()), line));
                    continue;
                }
                i += 1;
                loop {
                    if i >= c.len() {
                        break;
                    }
                    if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                        i += 1 + hashes;
                        break;
                    }
                    if c[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            } else if str_prefix && after == Some('"') {
                skip_quoted(&mut i, &mut line, '"');
            } else if word == "b" && after == Some('\'') {
                skip_quoted(&mut i, &mut line, '\'');
            } else {
                out.push((Tok::Ident(word), line));
            }
        } else if ch == ':' && next == Some(':') {
            out.push((Tok::Path, line));
            i += 2;
        } else {
            out.push((Tok::Punct(ch), line));
            i += 1;
        }
    }
    out
}

fn ident(t: Option<&(Tok, usize)>) -> Option<&str> {
    match t {
        Some((Tok::Ident(s), _)) => Some(s),
        _ => None,
    }
}

fn is(t: Option<&(Tok, usize)>, want: &Tok) -> bool {
    t.is_some_and(|(t, _)| t == want)
}

/// The first segment of each item of a `{ ... }` use group starting at `toks[open]`.
fn group_heads(toks: &[(Tok, usize)], open: usize) -> Vec<(String, usize)> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = true;
    for (tok, line) in &toks[open..] {
        match tok {
            Tok::Punct('{') => {
                depth += 1;
                if depth == 1 {
                    expect_head = true;
                    continue;
                }
            }
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Tok::Punct(',') if depth == 1 => {
                expect_head = true;
                continue;
            }
            Tok::Ident(name) if depth == 1 && expect_head && name != "self" => {
                heads.push((name.clone(), *line))
            }
            _ => {}
        }
        expect_head = false;
    }
    heads
}

/// The names at the crate root that one file's code refers to, with their lines: `crate::X`,
/// `crate::{X, ..}`, and `super::` chains that climb out of the file's top-level module.
/// `module` is the file's own module path (`["bundle", "verify"]` for src/bundle/verify.rs).
fn root_names(src: &str, module: &[String]) -> Vec<(String, usize)> {
    let toks = tokens(src);
    let mut names = Vec::new();
    // Inline modules (`mod tests { .. }`) deepen the module path until their brace closes.
    let mut inline: Vec<usize> = Vec::new();
    let mut braces = 0usize;
    for i in 0..toks.len() {
        match &toks[i].0 {
            Tok::Punct('{') => {
                braces += 1;
                if i >= 2
                    && ident(toks.get(i - 2)) == Some("mod")
                    && ident(toks.get(i - 1)).is_some()
                {
                    inline.push(braces);
                }
                continue;
            }
            Tok::Punct('}') => {
                if inline.last() == Some(&braces) {
                    inline.pop();
                }
                braces = braces.saturating_sub(1);
                continue;
            }
            _ => {}
        }
        let Some(word) = ident(toks.get(i)) else {
            continue;
        };
        // Only where a path starts: not after `::` (a.b::crate) nor `$` (`$crate`).
        if i > 0 && (is(toks.get(i - 1), &Tok::Path) || is(toks.get(i - 1), &Tok::Punct('$'))) {
            continue;
        }
        let mut j = i;
        let root = match word {
            "crate" => {
                j += 1;
                true
            }
            "super" => {
                let mut depth = module.len() + inline.len();
                while ident(toks.get(j)) == Some("super") && is(toks.get(j + 1), &Tok::Path) {
                    depth = depth.saturating_sub(1);
                    j += 2;
                }
                j -= 1;
                depth == 0
            }
            _ => false,
        };
        if !root || !is(toks.get(j), &Tok::Path) {
            continue;
        }
        match toks.get(j + 1) {
            Some((Tok::Ident(name), line)) => names.push((name.clone(), *line)),
            Some((Tok::Punct('{'), _)) => names.extend(group_heads(&toks, j + 1)),
            _ => {}
        }
    }
    names
}

/// Names `lib.rs` re-exports (`pub use check::{Checker, ..}`), each with its module.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let toks = tokens(lib);
    let mut map = BTreeMap::new();
    for i in 0..toks.len() {
        if ident(toks.get(i)) != Some("use")
            || ident(i.checked_sub(1).and_then(|k| toks.get(k))) != Some("pub")
        {
            continue;
        }
        let mut j = i + 1;
        if ident(toks.get(j)) == Some("crate") || ident(toks.get(j)) == Some("self") {
            j += 2;
        }
        let Some(module) = ident(toks.get(j)) else {
            continue;
        };
        for (tok, _) in &toks[j + 1..] {
            match tok {
                Tok::Punct(';') => break,
                Tok::Ident(name) if name != "self" && name != "as" => {
                    map.insert(name.clone(), module.to_string());
                }
                _ => {}
            }
        }
    }
    map
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path below the crate root: src/a.rs → [a], src/a/mod.rs → [a],
/// src/a/b.rs → [a, b]; empty for lib.rs.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && !(parts.is_empty() && stem == "lib") {
        parts.push(stem.to_string());
    }
    parts
}

/// Where an edge was first seen: "src/check.rs:12 (crate::read)".
type Edges = BTreeMap<(String, String), String>;

/// The import graph of the crate's top-level modules.
fn graph(src: &Path) -> Edges {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_path(src, f).first().cloned())
        .collect();
    let lib = fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let reexported = reexports(&lib);
    let mut edges = Edges::new();
    for file in &files {
        let module = module_path(src, file);
        let Some(top) = module.first() else { continue };
        let text = fs::read_to_string(file).unwrap();
        for (name, line) in root_names(&text, &module) {
            let target = if modules.contains(&name) {
                name.clone()
            } else if let Some(m) = reexported.get(&name) {
                m.clone()
            } else {
                continue;
            };
            if &target != top {
                let rel = file.strip_prefix(src.parent().unwrap()).unwrap();
                edges
                    .entry((top.clone(), target))
                    .or_insert_with(|| format!("{}:{line} (crate::{name})", rel.display()));
            }
        }
    }
    edges
}

/// The cycles of the graph: for every edge that lies on one, a shortest cycle through it (each
/// cycle once, starting at its smallest module).
fn cycles(edges: &Edges) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        next.entry(a).or_default().push(b);
        next.entry(b).or_default();
    }
    // A shortest path from `from` to `to` (breadth first), both ends included.
    let path = |from: &str, to: &str| -> Option<Vec<String>> {
        let mut back: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from]);
        while let Some(a) = queue.pop_front() {
            if a == to {
                let mut out = vec![to.to_string()];
                let mut at = to;
                while at != from {
                    at = back[at];
                    out.push(at.to_string());
                }
                out.reverse();
                return Some(out);
            }
            for &b in &next[a] {
                if b != from && !back.contains_key(b) {
                    back.insert(b, a);
                    queue.push_back(b);
                }
            }
        }
        None
    };
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for (a, b) in edges.keys() {
        let Some(back) = path(b, a) else { continue };
        // a → b → … → a, rotated to start at its smallest module.
        let mut ring: Vec<String> = std::iter::once(a.clone()).chain(back).collect();
        ring.pop();
        let first = (0..ring.len()).min_by_key(|&i| &ring[i]).unwrap();
        ring.rotate_left(first);
        ring.push(ring[0].clone());
        found.insert(ring);
    }
    found.into_iter().collect()
}

fn describe(cycle: &[String], edges: &Edges) -> String {
    let mut text = cycle.join(" → ");
    for pair in cycle.windows(2) {
        let key = (pair[0].clone(), pair[1].clone());
        text.push_str(&format!("\n    {} → {}: {}", pair[0], pair[1], edges[&key]));
    }
    text
}

#[test]
fn top_level_modules_import_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&src);
    assert!(
        edges.contains_key(&("check".to_string(), "read".to_string())),
        "the scan finds no edge check → read: it no longer reads the sources"
    );
    for leaf in LEAVES {
        let uses: Vec<String> = edges
            .iter()
            .filter(|((from, _), _)| from == leaf)
            .map(|((_, to), at)| format!("{to} at {at}"))
            .collect();
        assert!(
            uses.is_empty(),
            "{leaf} is a leaf but uses {}",
            uses.join(", ")
        );
    }
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "the top-level modules of src/ import each other in a circle:\n  {}",
        found
            .iter()
            .map(|c| describe(c, &edges))
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

#[test]
fn the_scan_reads_paths_not_comments_or_strings() {
    let src = r####"
        //! See crate::one.
        use crate::{two, three::{x, y}, self};
        use super::super::four::Thing;
        fn f() -> &'static str { let _c = '"'; let _b = b'\''; "crate::five" }
        /* crate::six /* nested */ crate::seven */
        fn g() { r#"crate::eight"#; crate::nine::go(); other::crate::ten(); }
        mod tests { use super::eleven; use super::super::super::twelve; }
        macro_rules! m { () => { $crate::thirteen } }
    "####;
    let names: Vec<String> = root_names(src, &["a".into(), "b".into()])
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["two", "three", "four", "nine", "twelve"]);
    let edges: Edges = [
        ("a", "b"),
        ("b", "c"),
        ("c", "a"),
        ("c", "d"),
        ("d", "e"),
        ("e", "d"),
        ("b", "a"),
        ("e", "f"),
    ]
    .iter()
    .map(|(a, b)| ((a.to_string(), b.to_string()), String::new()))
    .collect();
    assert_eq!(
        cycles(&edges),
        [
            vec!["a", "b", "a"],
            vec!["a", "b", "c", "a"],
            vec!["d", "e", "d"]
        ]
    );
}
