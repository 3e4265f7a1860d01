//! Deciding a file's encoding and decoding it to UTF-8 before anything parses it.
//!
//! The XSD engine reads bytes as UTF-8 whatever the declaration says, so every file is decoded
//! here first. The byte-order mark decides; without one, the XML declaration does (XML 1.0 §4.3.3
//! and Appendix F); without either, the file is UTF-8. Decoding never replaces a malformed byte:
//! a declaration that lies is reported with the byte offset where the bytes stop fitting it.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

use crate::finding::{Finding, Position};

/// A decoded document: UTF-8 text without the byte-order mark.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// The encoding's canonical name as reports show it (UTF-8, UTF-16LE, Shift_JIS …).
    pub encoding: &'static str,
}

pub fn decode(bytes: Vec<u8>) -> Result<Decoded, Finding> {
    let (bom_encoding, bom_len) = match Encoding::for_bom(&bytes) {
        Some((enc, len)) => (Some(enc), len),
        None => (sniff_utf16_without_bom(&bytes), 0),
    };
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(unsupported("UTF-32", None));
    }
    let declared = declared_encoding(&bytes[bom_len..], bom_encoding);
    let declared_encoding = match &declared {
        Some(label) => {
            Some(encoding_for_label(label).ok_or_else(|| unsupported(label, Some(label)))?)
        }
        None => None,
    };
    let encoding = match (bom_encoding, declared_encoding) {
        (Some(bom), Some(decl)) if !compatible(bom, decl) => {
            return Err(Finding::error(
                "ENC-003",
                format!(
                    "バイト順マーク（BOM）は {} ですが、XML 宣言は encoding=\"{}\" と宣言しています。",
                    display_name(bom),
                    declared.as_deref().unwrap_or_default()
                ),
                "出力時の文字コード設定と XML 宣言を一致させてください（推奨: UTF-8、BOM なし）。",
            )
            .constraint("XML 1.0 §4.3.3")
            .at(Some(Position { line: 1, column: 1 })))
        }
        (Some(bom), _) => bom,
        (None, Some(decl)) if decl == UTF_16LE || decl == UTF_16BE => {
            return Err(Finding::error(
                "ENC-004",
                format!("XML 宣言は encoding=\"{}\" ですが、UTF-16 のバイト順マークも UTF-16 の内容もありません。", declared.as_deref().unwrap_or_default()),
                "ファイルを実際の文字コードで宣言し直すか、UTF-8 で出力し直してください。",
            )
            .constraint("XML 1.0 §4.3.3")
            .at(Some(Position { line: 1, column: 1 })))
        }
        (None, Some(decl)) => decl,
        (None, None) => UTF_8,
    };
    if encoding == UTF_8 && bom_len == 0 {
        // The common case: no copy.
        return match String::from_utf8(bytes) {
            Ok(text) => Ok(Decoded {
                text,
                encoding: "UTF-8",
            }),
            Err(e) => {
                let bytes = e.into_bytes();
                decode_strict(encoding, &bytes)
                    .map(|text| Decoded {
                        text,
                        encoding: "UTF-8",
                    })
                    .map_err(|e| malformed(encoding, &bytes, 0, &declared, e))
            }
        };
    }
    let body = &bytes[bom_len..];
    let text = decode_strict(encoding, body)
        .map_err(|e| malformed(encoding, body, bom_len, &declared, e))?;
    Ok(Decoded {
        text,
        encoding: display_name(encoding),
    })
}

/// ENC-002 for bytes that stop fitting `encoding` at `offset` (in `body`, after `bom_len` bytes
/// of byte-order mark), `prefix` being the text decoded before.
fn malformed(
    encoding: &'static Encoding,
    body: &[u8],
    bom_len: usize,
    declared: &Option<String>,
    (offset, prefix): (usize, String),
) -> Finding {
    let position = Position::of_offset(&prefix, prefix.len());
    let how = match declared {
        Some(label) => format!("XML 宣言の encoding=\"{label}\""),
        None if bom_len > 0 => "バイト順マーク".to_string(),
        None => "XML 宣言がないため既定の UTF-8".to_string(),
    };
    Finding::error(
            "ENC-002",
            format!(
                "{} として読めないバイトがあります（{} バイト目、0x{}）。{}と実際の文字コードが一致していません。",
                display_name(encoding),
                offset + bom_len,
                hex::encode_upper(&body[offset..(offset + 4).min(body.len())]),
                how
            ),
            "院内システムの出力時の文字コードを確認し、XML 宣言の encoding と一致させてください。",
        )
        .constraint("XML 1.0 §4.3.3")
        .at(Some(position))
}

/// The canonical name shown in reports and matched against a schema set's allowed encodings.
pub fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == SHIFT_JIS {
        "Shift_JIS"
    } else {
        encoding.name()
    }
}

/// The label a schema set's manifest uses maps to the same canonical name.
pub fn canonical_name(label: &str) -> Option<&'static str> {
    if label.eq_ignore_ascii_case("UTF-16") {
        return Some("UTF-16");
    }
    encoding_for_label(label).map(display_name)
}

fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim();
    // Windows' name for Shift_JIS with the NEC and IBM extensions, which is what encoding_rs decodes.
    if label.eq_ignore_ascii_case("cp932") || label.eq_ignore_ascii_case("ms932") {
        return Some(SHIFT_JIS);
    }
    if label.eq_ignore_ascii_case("UTF-16") {
        // Endianness comes from the byte-order mark; without one XML says big-endian.
        return Some(UTF_16BE);
    }
    let encoding = Encoding::for_label_no_replacement(label.as_bytes())?;
    Some(encoding)
}

fn compatible(bom: &'static Encoding, declared: &'static Encoding) -> bool {
    bom == declared || (bom == UTF_16LE && declared == UTF_16BE) // "UTF-16" with a little-endian BOM
}

fn unsupported(name: &str, declared: Option<&String>) -> Finding {
    let what = match declared {
        Some(label) => {
            format!("XML 宣言の encoding=\"{label}\" は Rinko が読める文字コードではありません。")
        }
        None => format!("{name} の文字コードには対応していません。"),
    };
    Finding::error(
        "ENC-001",
        what,
        "UTF-8（推奨）、Shift_JIS または UTF-16 で出力し直してください。",
    )
    .constraint("XML 1.0 §4.3.3")
    .at(Some(Position { line: 1, column: 1 }))
}

/// `<?xml` in UTF-16 without a byte-order mark (XML 1.0 Appendix F).
fn sniff_utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.starts_with(&[0x3C, 0x00, 0x3F, 0x00]) {
        Some(UTF_16LE)
    } else if bytes.starts_with(&[0x00, 0x3C, 0x00, 0x3F]) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of `bytes`.
/// For UTF-16 the declaration's ASCII is read from every other byte.
fn declared_encoding(bytes: &[u8], bom_encoding: Option<&'static Encoding>) -> Option<String> {
    const MAX_DECLARATION: usize = 512;
    let narrowed: Vec<u8>;
    let head: &[u8] = match bom_encoding {
        Some(e) if e == UTF_16LE || e == UTF_16BE => {
            let skip = usize::from(e == UTF_16BE);
            narrowed = bytes
                .iter()
                .skip(skip)
                .step_by(2)
                .take(MAX_DECLARATION)
                .copied()
                .collect();
            &narrowed
        }
        _ => &bytes[..bytes.len().min(MAX_DECLARATION)],
    };
    let rest = head.strip_prefix(b"<?xml")?;
    if !rest.first().is_some_and(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let end = rest.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&rest[..end]).ok()?;
    let at = decl.find("encoding")?;
    let after = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    let close = value.find(quote)?;
    Some(value[..close].to_string())
}

/// Decodes without replacement; on a malformed sequence returns its offset in `bytes` and the
/// text decoded before it.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, (usize, String)> {
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let good = e.valid_up_to();
                Err((good, String::from_utf8_lossy(&bytes[..good]).into_owned()))
            }
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            let offset = read - after as usize - bad as usize;
            Err((offset, text))
        }
        encoding_rs::DecoderResult::OutputFull => {
            unreachable!("the buffer was sized for the whole input")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_without_declaration_is_utf8() {
        let d = decode("<a>氏名</a>".as_bytes().to_vec()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "<a>氏名</a>");
    }

    #[test]
    fn shift_jis_declaration_decodes_cp932() {
        let (bytes, _, _) =
            SHIFT_JIS.encode("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>髙橋①</a>");
        let d = decode(bytes.into_owned()).unwrap();
        assert_eq!(d.encoding, "Shift_JIS");
        assert!(d.text.ends_with("<a>髙橋①</a>"));
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>ヤマダ</a>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(bytes).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.text.starts_with("<?xml"));
        assert!(d.text.ends_with("ヤマダ</a>"));
    }

    #[test]
    fn utf16be_with_bom_and_without() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>髙橋</a>";
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let mut with_bom = vec![0xFE, 0xFF];
        with_bom.extend_from_slice(&be);
        for bytes in [with_bom, be] {
            let d = decode(bytes).unwrap();
            assert_eq!(d.encoding, "UTF-16BE");
            assert_eq!(d.text, text);
        }
    }

    #[test]
    fn utf16_declared_without_utf16_bytes() {
        let f = decode(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>".to_vec()).unwrap_err();
        assert_eq!(f.code, "ENC-004");
    }

    #[test]
    fn lying_declaration_names_the_offset() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<a>".to_vec();
        let offset = bytes.len();
        bytes.extend_from_slice(&[0x85, 0x20]); // 0x85 0x20 is no Shift_JIS character
        bytes.extend_from_slice(b"</a>");
        let f = decode(bytes).unwrap_err();
        assert_eq!(f.code, "ENC-002");
        assert!(
            f.message.contains(&format!("{offset} バイト目")),
            "{}",
            f.message
        );
        assert_eq!(f.line, Some(2));
    }

    #[test]
    fn utf8_declared_but_shift_jis_bytes() {
        let (sjis, _, _) = SHIFT_JIS.encode("<a>山田</a>");
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>".to_vec();
        bytes.extend_from_slice(&sjis);
        let f = decode(bytes).unwrap_err();
        assert_eq!(f.code, "ENC-002");
        assert!(f.message.contains("41 バイト目"), "{}", f.message);
    }

    #[test]
    fn unknown_encoding_is_refused() {
        let f =
            decode(b"<?xml version=\"1.0\" encoding=\"X-NONSENSE\"?><a/>".to_vec()).unwrap_err();
        assert_eq!(f.code, "ENC-001");
    }

    #[test]
    fn bom_and_declaration_disagree() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>");
        assert_eq!(decode(bytes).unwrap_err().code, "ENC-003");
    }

    #[test]
    fn canonical_names_match_across_labels() {
        assert_eq!(canonical_name("shift_jis"), Some("Shift_JIS"));
        assert_eq!(canonical_name("CP932"), Some("Shift_JIS"));
        assert_eq!(canonical_name("utf-8"), Some("UTF-8"));
        assert_eq!(canonical_name("nonsense"), None);
    }
}
