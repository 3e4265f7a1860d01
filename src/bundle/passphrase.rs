//! A passphrase as people keep it: typed at the prompt, put in `RINKO_PASSPHRASE`, or saved in a
//! file by Notepad (UTF-8 with a BOM, or UTF-16 「Unicode」, with a CRLF at the end). 7-Zip
//! derives the key from exactly the characters given, so an invisible BOM or line end would seal
//! a bundle under a passphrase nobody can type: a file's byte-order mark and one line end are
//! removed (and the user is told), and a passphrase holding control or invisible characters is
//! refused, whatever its source.

use std::io::Read;
use std::path::Path;

/// More than any passphrase: a bigger file is the wrong file.
const MAX_FILE_BYTES: u64 = 4096;

/// A passphrase read from a file, and what was removed from it, for the user. No `Debug`: a
/// passphrase must not end up in a panic message or a log.
pub struct FromFile {
    pub passphrase: String,
    /// 「… の先頭の BOM（UTF-8）を除いて読みました。」 when the file had one.
    pub note: Option<String>,
}

/// Reads the passphrase from a file: its only line, without the file's byte-order mark and
/// without one line end.
pub fn read_file(path: &Path) -> Result<FromFile, String> {
    let shown = path.display();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            format!(
                "パスフレーズのファイル {shown} を読めません: {}",
                crate::read::io_reason_ja(&e)
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "パスフレーズのファイル {shown} が大きすぎます（{MAX_FILE_BYTES} バイトまで）。パスフレーズだけを 1 行で書いたファイルを指定してください。"
        ));
    }
    from_bytes(&bytes, &format!("パスフレーズのファイル {shown}"))
}

/// The passphrase in a file's bytes; `source` names the file in messages.
pub fn from_bytes(bytes: &[u8], source: &str) -> Result<FromFile, String> {
    let (text, note) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => {
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
                .ok_or_else(|| {
                    format!(
                        "{source} は {} として読めません。保存し直してください。",
                        encoding.name()
                    )
                })?;
            let note = if encoding == encoding_rs::UTF_8 {
                format!("{source} の先頭の BOM（UTF-8）を除いて読みました。")
            } else {
                format!(
                    "{source} は {0}（メモ帳の「Unicode」）で保存されています。{0} として読みました。",
                    encoding.name()
                )
            };
            (text.into_owned(), Some(note))
        }
        None => (
            String::from_utf8(bytes.to_vec()).map_err(|_| {
                format!("{source} が UTF-8 ではありません。UTF-8（メモ帳の「UTF-8」）で保存し直してください。")
            })?,
            None,
        ),
    };
    // One line end is how an editor ends the file, not part of the passphrase.
    let passphrase = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text)
        .to_string();
    vet(&passphrase, source)?;
    Ok(FromFile { passphrase, note })
}

/// Refuses an empty passphrase and one with control characters (line breaks, tabs, escapes) or
/// invisible ones (BOM, zero-width, direction marks), which nobody could type in 7-Zip's
/// dialog. The message names the character by its code point, never the passphrase.
pub fn vet(passphrase: &str, source: &str) -> Result<(), String> {
    if passphrase.is_empty() {
        return Err(format!("{source} のパスフレーズが空です。"));
    }
    match passphrase
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() || is_invisible(*c))
    {
        Some((_, '\n' | '\r')) => Err(format!(
            "{source} のパスフレーズが 2 行以上あります。パスフレーズだけを 1 行で書いてください。"
        )),
        Some((i, c)) => Err(format!(
            "{source} のパスフレーズの {} 文字目に{} U+{:04X} があります。制御文字や見えない文字は 7-Zip で入力できないため使えません。",
            i + 1,
            if c.is_control() { "制御文字" } else { "見えない文字" },
            c as u32
        )),
        None => Ok(()),
    }
}

/// Format characters that show as nothing: BOM / zero-width no-break space, zero-width space
/// and joiners, direction marks and embeddings, word joiner and invisible operators.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASS: &str = "correct horse battery staple";

    fn read(bytes: &[u8]) -> Result<FromFile, String> {
        from_bytes(bytes, "pass.txt")
    }

    /// The refusal (`FromFile` has no `Debug`, so that no panic prints a passphrase).
    fn refusal(bytes: &[u8]) -> String {
        read(bytes).err().expect("refused")
    }

    #[test]
    fn notepad_files_give_the_passphrase_typed() {
        let plain = read(format!("{PASS}\n").as_bytes()).unwrap();
        assert_eq!(plain.passphrase, PASS);
        assert!(plain.note.is_none());
        let bom = read(format!("\u{FEFF}{PASS}\r\n").as_bytes()).unwrap();
        assert_eq!(bom.passphrase, PASS);
        assert!(bom.note.unwrap().contains("BOM（UTF-8）"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            format!("{PASS}\r\n")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let unicode = read(&utf16).unwrap();
        assert_eq!(unicode.passphrase, PASS);
        assert!(unicode.note.unwrap().contains("UTF-16LE"));
        // Only one line end is the editor's; the rest is refused, not guessed at.
        assert!(refusal(format!("{PASS}\n\n").as_bytes()).contains("2 行以上"));
        // A trailing space is the user's own character.
        assert_eq!(
            read(b"with a space \n").unwrap().passphrase,
            "with a space "
        );
    }

    #[test]
    fn control_invisible_and_undecodable_characters_are_refused() {
        let tab = vet("correct\thorse", "環境変数 RINKO_PASSPHRASE").unwrap_err();
        assert!(tab.contains("8 文字目に制御文字 U+0009"), "{tab}");
        assert!(tab.starts_with("環境変数 RINKO_PASSPHRASE"), "{tab}");
        assert!(
            !tab.contains("correct"),
            "the passphrase is never shown: {tab}"
        );
        let zwsp = vet("correct\u{200B}horse", "x").unwrap_err();
        assert!(zwsp.contains("見えない文字 U+200B"), "{zwsp}");
        assert!(vet("\u{FEFF}correct horse", "x").is_err());
        assert!(vet("", "x").unwrap_err().contains("空"));
        assert!(vet("正しい馬の電池の留め金", "x").is_ok());
        assert!(refusal(b"\x82\xa0\x82\xa2 sjis bytes").contains("UTF-8 ではありません"));
        let mut bad16 = vec![0xFF, 0xFE];
        bad16.extend([0x00, 0xD8, 0x41, 0x00]); // a lone surrogate
        assert!(refusal(&bad16).contains("UTF-16LE として読めません"));
    }
}
