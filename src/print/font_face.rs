//! Which face of a font file the printout embeds. Debian installs BIZ UDGothic as one font per
//! file; Windows installs it as collections (`BIZ-UDGothicR.ttc`, `BIZ-UDGothicB.ttc`) that also
//! hold BIZ UDPGothic, whose proportional kana the fixed-pitch layout (`layout`) cannot measure.
//! So a collection's face is chosen by its family name, never by its position.
//!
//! build.rs includes this file (`#[path]`) to choose the face when it embeds the font; the library
//! compiles it for its tests only, so that the choice is tested on any machine.

use ttf_parser::name_id;

/// The face of `data` whose family is exactly `family`. A single font is taken as it is (face 0),
/// as before collections were accepted; in a collection, the first face whose family (name ID 1)
/// or typographic family (ID 16) is `family`. `file` names the file in the message.
pub fn face_index(file: &str, data: &[u8], family: &str) -> Result<u32, String> {
    let Some(count) = ttf_parser::fonts_in_collection(data) else {
        return Ok(0);
    };
    let mut found: Vec<String> = Vec::new();
    for index in 0..count {
        let families = ttf_parser::Face::parse(data, index)
            .map(|face| families(&face))
            .unwrap_or_default();
        if families.iter().any(|f| f == family) {
            return Ok(index);
        }
        for f in families {
            if !found.contains(&f) {
                found.push(f);
            }
        }
    }
    let found = if found.is_empty() {
        "読める書体がありません".to_string()
    } else {
        format!("入っている書体: {}", found.join("、"))
    };
    Err(format!(
        "フォントファイル {file} に書体「{family}」がありません（{found}）。"
    ))
}

/// The family names a face gives itself, in every language it names them in.
fn families(face: &ttf_parser::Face<'_>) -> Vec<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == name_id::FAMILY || n.name_id == name_id::TYPOGRAPHIC_FAMILY)
        .filter_map(|n| n.to_string())
        .collect()
}

/// One face of a collection as a font file of its own, for a reader that takes only face 0 (a
/// web view's `@font-face`): the face's tables, unchanged, under a new table directory. A single
/// font is returned as it is; `None` when the collection is not readable.
pub fn single_face(data: &[u8], index: u32) -> Option<std::borrow::Cow<'_, [u8]>> {
    use std::borrow::Cow;
    if ttf_parser::fonts_in_collection(data).is_none() {
        return Some(Cow::Borrowed(data));
    }
    let be32 = |at: usize| Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?));
    let start = usize::try_from(be32(12 + 4 * usize::try_from(index).ok()?)?).ok()?;
    let directory = data.get(start..start + 12)?;
    let tables = usize::from(u16::from_be_bytes([directory[4], directory[5]]));
    let records = data.get(start + 12..start + 12 + 16 * tables)?;
    let mut out = directory.to_vec();
    out.resize(12 + 16 * tables, 0);
    let mut head = None;
    for (t, record) in records.chunks_exact(16).enumerate() {
        let offset = usize::try_from(u32::from_be_bytes(record[8..12].try_into().ok()?)).ok()?;
        let length = usize::try_from(u32::from_be_bytes(record[12..16].try_into().ok()?)).ok()?;
        let table = data.get(offset..offset.checked_add(length)?)?;
        let at = out.len();
        if &record[..4] == b"head" {
            head = Some(at);
        }
        let slot = &mut out[12 + 16 * t..28 + 16 * t];
        slot[..8].copy_from_slice(&record[..8]);
        slot[8..12].copy_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        slot[12..].copy_from_slice(&record[12..16]);
        out.extend_from_slice(table);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    // The whole file's checksum is the one thing that differs from the collection's: head's
    // checkSumAdjustment makes it the magic number (OpenType 'head').
    if let Some(head) = head {
        out.get_mut(head + 8..head + 12)?.fill(0);
        let sum = out
            .chunks_exact(4)
            .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
            .fold(0u32, u32::wrapping_add);
        out[head + 8..head + 12].copy_from_slice(&0xB1B0_AFBAu32.wrapping_sub(sum).to_be_bytes());
    }
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A TrueType collection of whole fonts, as Windows ships BIZ UDGothic: the 'ttcf' header,
    /// then each font's bytes with its table offsets made relative to the collection's start.
    fn collection(fonts: &[&[u8]]) -> Vec<u8> {
        let header = 12 + 4 * fonts.len();
        let mut out = Vec::new();
        out.extend_from_slice(b"ttcf");
        out.extend_from_slice(&[0, 1, 0, 0]);
        out.extend_from_slice(&u32::try_from(fonts.len()).unwrap().to_be_bytes());
        out.resize(header, 0);
        for (i, font) in fonts.iter().enumerate() {
            while out.len() % 4 != 0 {
                out.push(0);
            }
            let base = out.len();
            out[12 + 4 * i..16 + 4 * i]
                .copy_from_slice(&u32::try_from(base).unwrap().to_be_bytes());
            out.extend_from_slice(font);
            let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
            for t in 0..tables {
                let at = base + 12 + 16 * t + 8;
                let offset = u32::from_be_bytes(out[at..at + 4].try_into().unwrap());
                let moved = offset + u32::try_from(base).unwrap();
                out[at..at + 4].copy_from_slice(&moved.to_be_bytes());
            }
        }
        out
    }

    /// Debian's BIZ UDPGothic, from the package that also gave the embedded BIZ UDGothic.
    fn proportional() -> Vec<u8> {
        let path = Path::new(env!("RINKO_FONT_REGULAR")).with_file_name("BIZUDPGothic-Regular.ttf");
        std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (fonts-morisawa-bizud-gothic installs it beside the embedded font)",
                path.display()
            )
        })
    }

    /// The embedded BIZ UDGothic as a font of its own: Debian's file, or a Windows build's face.
    fn embedded_regular() -> std::borrow::Cow<'static, [u8]> {
        let font = &super::super::fonts::REGULAR;
        single_face(font.data, font.face).unwrap()
    }

    fn kana_em(data: &[u8], index: u32) -> f32 {
        let face = ttf_parser::Face::parse(data, index).unwrap();
        let glyph = face.glyph_index('ア').unwrap();
        f32::from(face.glyph_hor_advance(glyph).unwrap()) / f32::from(face.units_per_em())
    }

    #[test]
    fn the_fixed_pitch_face_of_a_collection_is_chosen_whatever_its_place() {
        let regular = &*embedded_regular();
        let ttc = collection(&[&proportional(), regular]);
        assert_eq!(ttf_parser::fonts_in_collection(&ttc), Some(2));
        let index = face_index("BIZ-UDGothicR.ttc", &ttc, "BIZ UDGothic").unwrap();
        assert_eq!(index, 1);
        // The reason for choosing: the other face's kana are narrower than the em the layout
        // measures them by.
        assert_eq!(kana_em(&ttc, index), 1.0);
        assert!(kana_em(&ttc, 0) < 1.0);
        assert!(krilla::text::Font::new(krilla::Data::from(ttc.clone()), index).is_some());
        let ttc = collection(&[regular, &proportional()]);
        assert_eq!(face_index("x.ttc", &ttc, "BIZ UDGothic"), Ok(0));
        assert_eq!(face_index("x.ttc", &ttc, "BIZ UDPGothic"), Ok(1));
    }

    #[test]
    fn a_single_font_is_taken_as_it_is() {
        let font = proportional();
        assert_eq!(face_index("a.ttf", &font, "BIZ UDGothic"), Ok(0));
        assert!(matches!(single_face(&font, 0), Some(std::borrow::Cow::Borrowed(b)) if b == font));
    }

    #[test]
    fn a_face_of_a_collection_stands_alone_for_the_web_view() {
        let regular = &*embedded_regular();
        let ttc = collection(&[&proportional(), regular]);
        let alone = single_face(&ttc, 1).unwrap();
        assert_eq!(ttf_parser::fonts_in_collection(&alone), None);
        let face = ttf_parser::Face::parse(&alone, 0).unwrap();
        assert_eq!(
            families(&face),
            families(&ttf_parser::Face::parse(regular, 0).unwrap())
        );
        assert_eq!(kana_em(&alone, 0), 1.0);
        // The same tables as the font the collection was made of, whatever their order.
        // (head's checkSumAdjustment is the file's, so it is left out.)
        let tables = |font: &[u8]| {
            let face = ttf_parser::RawFace::parse(font, 0).unwrap();
            let mut t: Vec<(ttf_parser::Tag, Vec<u8>)> = face
                .table_records
                .into_iter()
                .map(|r| {
                    let mut table = face.table(r.tag).unwrap().to_vec();
                    if r.tag == ttf_parser::Tag::from_bytes(b"head") {
                        table[8..12].fill(0);
                    }
                    (r.tag, table)
                })
                .collect();
            t.sort_by_key(|(tag, _)| *tag);
            t
        };
        assert_eq!(tables(&alone), tables(regular));
        // A valid whole-file checksum (OpenType 'head').
        let sum = alone
            .chunks_exact(4)
            .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
            .fold(0u32, u32::wrapping_add);
        assert_eq!(sum, 0xB1B0_AFBA);
        assert!(single_face(&ttc, 2).is_none());
    }

    #[test]
    fn the_fallback_is_the_japanese_face_of_noto_sans_cjk() {
        let noto = super::super::fonts::FALLBACK.data;
        assert_eq!(
            face_index("NotoSansCJK-Regular.ttc", noto, "Noto Sans CJK JP"),
            Ok(0)
        );
        assert_eq!(
            face_index("NotoSansCJK-Regular.ttc", noto, "Noto Sans CJK KR"),
            Ok(1)
        );
    }

    #[test]
    fn a_collection_without_the_family_is_refused_in_japanese() {
        let ttc = collection(&[&proportional()]);
        assert_eq!(
            face_index("BIZ-UDGothicR.ttc", &ttc, "BIZ UDGothic"),
            Err("フォントファイル BIZ-UDGothicR.ttc に書体「BIZ UDGothic」がありません（入っている書体: BIZ UDPGothic、BIZ UDPゴシック）。".into())
        );
        let noto = super::super::fonts::FALLBACK.data;
        let refused = face_index("NotoSansCJK-Regular.ttc", noto, "BIZ UDGothic").unwrap_err();
        assert!(refused.contains("Noto Sans CJK JP"), "{refused}");
    }
}
