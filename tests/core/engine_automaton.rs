//! The engine patch's pattern automaton (vendor/xsd-schema/RINKO-PATCH.md, item 2) must give
//! regexml's verdict on every value, for every pattern it takes over.
//!
//! The patterns are every `xs:pattern` of the W3C suite's schemas (`../shared/xsdtests`) and of
//! Rinko's own sets; regexml, which the W3C harness pins, is the reference. For each pattern
//! that gets an automaton, the values are strings generated to match the translated pattern,
//! each of them changed by one character (a near miss), and random strings over the pattern's
//! own characters and their neighbours. A translation that changed the meaning of a pattern
//! would make the two engines disagree on some of them. The W3C harness (w3c_suite.rs) runs the
//! suite's own values through the automaton too, by setting the threshold to 0.

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;
use regex_syntax::hir::{Class, Hir, HirKind};
use xsd_schema::types::pattern_automaton::{compare_pattern_engines, translate};

const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/xsdtests");
const SETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas");

/// Every `pattern` facet's value in the schemas under `root`.
fn patterns_under(root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            patterns_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "xsd") {
            let Ok(text) = std::fs::read(&path) else {
                continue;
            };
            let mut reader = Reader::from_reader(&text[..]);
            let mut buf = Vec::new();
            loop {
                match reader.read_event_into(&mut buf) {
                    Ok(Event::Eof) | Err(_) => break,
                    Ok(Event::Start(e) | Event::Empty(e))
                        if e.local_name().as_ref() == b"pattern" =>
                    {
                        for a in e.attributes().flatten() {
                            if a.key.as_ref() == b"value" {
                                if let Ok(v) =
                                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                {
                                    out.push(v.into_owned());
                                }
                            }
                        }
                    }
                    _ => {}
                }
                buf.clear();
            }
        }
    }
}

/// xorshift64*: the same values on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A string that `hir` matches, choosing at random among its branches, class ranges and
/// repetition counts.
fn generate(hir: &Hir, rng: &mut Rng, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(l) => out.push_str(&String::from_utf8_lossy(&l.0)),
        HirKind::Class(Class::Unicode(c)) => {
            let ranges = c.ranges();
            if ranges.is_empty() {
                return;
            }
            let r = &ranges[rng.below(ranges.len())];
            let (lo, hi) = (r.start() as u32, r.end() as u32);
            let pick = [lo, hi, lo + (rng.next() % u64::from(hi - lo + 1)) as u32][rng.below(3)];
            out.extend(char::from_u32(pick));
        }
        HirKind::Class(Class::Bytes(_)) => {}
        HirKind::Repetition(r) => {
            let max = r.max.unwrap_or(r.min + 3).min(r.min + 3);
            let n = r.min + rng.below((max - r.min + 1) as usize) as u32;
            for _ in 0..n {
                generate(&r.sub, rng, out);
            }
        }
        HirKind::Capture(c) => generate(&c.sub, rng, out),
        HirKind::Concat(parts) => parts.iter().for_each(|p| generate(p, rng, out)),
        HirKind::Alternation(branches) => generate(&branches[rng.below(branches.len())], rng, out),
    }
}

/// The value with one character deleted, replaced or inserted.
fn near_miss(value: &str, alphabet: &[char], rng: &mut Rng) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    let c = alphabet[rng.below(alphabet.len())];
    match (rng.below(3), chars.is_empty()) {
        (0, false) => {
            chars.remove(rng.below(chars.len()));
        }
        (1, false) => {
            let at = rng.below(chars.len());
            chars[at] = c;
        }
        _ => {
            let at = rng.below(chars.len() + 1);
            chars.insert(at, c);
        }
    }
    chars.into_iter().collect()
}

/// The pattern's own characters, each one's neighbours, XML's white space and a few from
/// elsewhere in Unicode.
fn alphabet(pattern: &str) -> Vec<char> {
    let mut out: Vec<char> = " \t\n\r0aZ-.あア　\u{FFFD}\u{10000}".chars().collect();
    for c in pattern.chars() {
        let n = c as u32;
        out.extend(
            [n.wrapping_sub(1), n, n + 1]
                .into_iter()
                .filter_map(char::from_u32),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn the_translation_takes_the_subset_and_refuses_the_rest() {
    assert_eq!(translate("[0-9]{3}").unwrap(), r"^(?:[\x{30}-\x{39}]{3})$");
    assert_eq!(translate("a|b").unwrap(), "^(?:a|b)$");
    // `^` and `$` are normal characters in an XSD pattern.
    assert_eq!(translate("^$").unwrap(), r"^(?:\x{5E}\x{24})$");
    // XSD's `\s` is four characters, not Unicode white space.
    assert_eq!(
        translate(r"[^@\s]").unwrap(),
        r"^(?:[^\x{40}\x{20}\x{9}\x{A}\x{D}])$"
    );
    assert_eq!(translate("[-a]").unwrap(), r"^(?:[\x{2D}\x{61}])$");
    for outside in [
        r"\d",
        r"\w",
        r"\p{Lu}",
        r"[a-z-[aeiou]]",
        r"\i",
        r"[\S]",
        "(?:a)",
        "[--z]",
        "a{,3}",
    ] {
        assert_eq!(translate(outside), None, "{outside}");
    }
}

#[test]
fn the_automaton_agrees_with_regexml_on_every_pattern_it_takes() {
    if std::env::var_os("RINKO_SKIP_W3C").is_some() && !Path::new(SUITE).is_dir() {
        eprintln!("skipped: the W3C suite is not at {SUITE}");
        return;
    }
    let mut patterns = Vec::new();
    patterns_under(Path::new(SUITE), &mut patterns);
    patterns_under(Path::new(SETS), &mut patterns);
    patterns.sort();
    patterns.dedup();
    assert!(
        patterns.len() > 1000,
        "only {} patterns found under {SUITE}",
        patterns.len()
    );

    let (mut taken, mut values, mut matched) = (0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    for (i, pattern) in patterns.iter().enumerate() {
        for xsd11 in [false, true] {
            // The translation is what the automaton is built from; `None`: regexml keeps it.
            if compare_pattern_engines(pattern, xsd11, "").is_none() {
                continue;
            }
            let translated =
                translate(pattern).expect("a pattern with an automaton has a translation");
            let hir = regex_syntax::parse(&translated).expect("the translation parses");
            taken += 1;
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1));
            let alphabet = alphabet(pattern);
            let mut probes = vec![String::new()];
            for _ in 0..40 {
                let mut s = String::new();
                generate(&hir, &mut rng, &mut s);
                probes.push(near_miss(&s, &alphabet, &mut rng));
                probes.push(s);
            }
            for _ in 0..40 {
                let len = rng.below(12);
                probes.push(
                    (0..len)
                        .map(|_| alphabet[rng.below(alphabet.len())])
                        .collect(),
                );
            }
            for value in &probes {
                let (backtracking, automaton) =
                    compare_pattern_engines(pattern, xsd11, value).unwrap();
                values += 1;
                matched += usize::from(backtracking);
                if backtracking != automaton {
                    disagreements.push(format!(
                        "{pattern:?} (XSD {}) on {value:?}: regexml {backtracking}, automaton {automaton}",
                        if xsd11 { "1.1" } else { "1.0" }
                    ));
                }
            }
        }
    }
    eprintln!(
        "pattern automaton: {taken} of {} (pattern, version) pairs taken, {values} values compared, {matched} matching",
        patterns.len() * 2
    );
    assert!(taken > 500, "only {taken} patterns got an automaton");
    // The generated values must reach both verdicts often, or the comparison proves little.
    assert!(
        matched > values / 5 && matched < values * 4 / 5,
        "{matched} of {values} values match"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements, the first:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(30)].join("\n")
    );
}
