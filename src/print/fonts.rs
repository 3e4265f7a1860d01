//! Which embedded font draws each character, and how wide it is. BIZ UDGothic draws what it has;
//! Noto Sans CJK JP (the fallback) draws what it lacks: the rest of JIS X 0213, characters
//! outside the BMP such as 𠮷, and the Adobe-Japan1 variation sequences (IVS). What neither font
//! has would print as a .notdef box, so it is reported (`missing`) for the print to refuse or mark,
//! never drawn.
//!
//! krilla draws one run with one font and does no fallback itself, so the text is cut into runs
//! here, by the fonts' own cmap tables.

use std::sync::OnceLock;

/// A font file as embedded, and which of its faces the printout uses (a collection holds several;
/// build.rs chose the face by family name, `font_face`).
pub struct Embedded {
    pub data: &'static [u8],
    pub face: u32,
}

include!(concat!(env!("OUT_DIR"), "/font_faces.rs"));

pub static REGULAR: Embedded = Embedded {
    data: include_bytes!(env!("RINKO_FONT_REGULAR")),
    face: REGULAR_FACE,
};
pub static BOLD: Embedded = Embedded {
    data: include_bytes!(env!("RINKO_FONT_BOLD")),
    face: BOLD_FACE,
};
/// A font collection; its face Noto Sans CJK JP.
pub static FALLBACK: Embedded = Embedded {
    data: include_bytes!(env!("RINKO_FONT_FALLBACK")),
    face: FALLBACK_FACE,
};

/// Which font draws a run. BIZ UDGothic's Regular and Bold have the same characters, so the main
/// font's cmap answers for both; the fallback has one weight and draws bold text regular.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Main,
    Fallback,
}

struct Faces {
    main: ttf_parser::Face<'static>,
    fallback: ttf_parser::Face<'static>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        main: ttf_parser::Face::parse(REGULAR.data, REGULAR.face)
            .expect("the embedded BIZ UDGothic is a font"),
        fallback: ttf_parser::Face::parse(FALLBACK.data, FALLBACK.face)
            .expect("the embedded Noto Sans CJK JP is a font"),
    })
}

/// U+FE00–FE0F and the ideographic variation selectors U+E0100–E01EF: they belong to the
/// character before them and must be drawn by the same font.
fn is_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// The text as clusters: a character with the variation selector that follows it, if any.
fn clusters(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let mut end = first.len_utf8();
        for (i, c) in chars {
            if !is_selector(c) {
                break;
            }
            end = i + c.len_utf8();
        }
        let (cluster, tail) = rest.split_at(end);
        rest = tail;
        Some(cluster)
    })
}

fn draws(face: &ttf_parser::Face<'_>, cluster: &str) -> Option<ttf_parser::GlyphId> {
    let mut chars = cluster.chars();
    let base = chars.next()?;
    match chars.next() {
        None => face.glyph_index(base),
        // A selector the font's format-14 table does not list is not drawn as asked.
        Some(selector) => face.glyph_variation_index(base, selector),
    }
    .filter(|g| g.0 != 0)
}

/// The font that draws a cluster, or None when no embedded font has it. Line breaks are not
/// drawn (the layout splits on them).
fn face_of(cluster: &str) -> Option<Face> {
    let f = faces();
    if cluster == "\n" || draws(&f.main, cluster).is_some() {
        Some(Face::Main)
    } else if draws(&f.fallback, cluster).is_some() {
        Some(Face::Fallback)
    } else {
        None
    }
}

/// The clusters of `text` that no embedded font draws, each once, in order of appearance.
pub fn missing(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for cluster in clusters(text) {
        if face_of(cluster).is_none() && !out.contains(&cluster) {
            out.push(cluster);
        }
    }
    out
}

/// `text` cut into runs that one font draws each. Call only on text without `missing` clusters
/// (`print::prepare` replaced them); one that slipped through goes to the main font.
pub fn runs(text: &str) -> Vec<(Face, &str)> {
    let mut out: Vec<(Face, &str)> = Vec::new();
    let mut start = 0;
    let mut current = None;
    let mut at = 0;
    for cluster in clusters(text) {
        let face = face_of(cluster).unwrap_or(Face::Main);
        if current.is_some_and(|c| c != face) {
            out.push((current.unwrap_or(Face::Main), &text[start..at]));
            start = at;
        }
        current = Some(face);
        at += cluster.len();
    }
    if let Some(face) = current {
        out.push((face, &text[start..]));
    }
    out
}

/// The advance of a character in ems, from the font that draws it: BIZ UDGothic is fixed-pitch
/// (half an em for ASCII and ｶﾅ, one em for the rest), Noto's ideographs are one em. Selectors
/// take no room; a character no font has counts as one em.
pub fn char_em(c: char) -> f32 {
    if is_selector(c) {
        return 0.0;
    }
    let f = faces();
    [&f.main, &f.fallback]
        .into_iter()
        .find_map(|face| {
            let glyph = face.glyph_index(c).filter(|g| g.0 != 0)?;
            let advance = face.glyph_hor_advance(glyph)?;
            Some(f32::from(advance) / f32::from(face.units_per_em()))
        })
        .unwrap_or(1.0)
}

/// The width of `text` in ems.
pub fn width_em(text: &str) -> f32 {
    text.chars().map(char_em).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_character_goes_to_the_font_that_has_it() {
        assert_eq!(runs("山田 一郎"), [(Face::Main, "山田 一郎")]);
        assert_eq!(
            runs("𠮷田 一郎"),
            [(Face::Fallback, "𠮷"), (Face::Main, "田 一郎")]
        );
        // A variation sequence stays whole, with the font whose format-14 table lists it.
        assert_eq!(runs("葛\u{E0100}西"), [(Face::Main, "葛\u{E0100}西")]);
        // A selector no font lists for its character is not drawn as asked.
        assert_eq!(missing("山\u{E01EF}"), ["山\u{E01EF}"]);
        assert_eq!(missing("山\u{30000}田\u{30000}"), ["\u{30000}"]);
        assert_eq!(
            missing("令和7年（2025-05-12）、ＡＢＣ①"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn widths_follow_the_fonts() {
        assert_eq!(width_em("AB"), 1.0);
        assert_eq!(width_em("鈴木"), 2.0);
        assert_eq!(width_em("ｽｽﾞｷ"), 2.0);
        assert_eq!(width_em("𠮷"), 1.0);
        assert_eq!(width_em("葛\u{E0100}"), 1.0);
    }
}
