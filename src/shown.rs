//! A path as people see it. Windows spells a canonical path in its verbatim form (`\\?\C:\…`,
//! `\\?\UNC\server\share\…`): `std::fs::canonicalize` returns it, and so does the XSD engine,
//! which canonicalizes the schema documents it loads and names them in its errors. Users know
//! the path as Explorer writes it, so every path that reaches a message, a report or the app's
//! screen goes through here.
//!
//! This works on the text and on every OS: the verbatim form only arises on Windows, but a pure
//! function is tested everywhere, and elsewhere a text carrying the prefix has nowhere to come
//! from, so applying it there changes nothing.

use std::borrow::Cow;
use std::path::Path;

/// `path` as shown to users.
pub fn path(path: &Path) -> String {
    text(&path.to_string_lossy()).into_owned()
}

/// `text` (a path, or a message naming paths) with each verbatim drive path written as a drive
/// path (`\\?\C:\x` → `C:\x`) and each verbatim UNC path as a UNC path (`\\?\UNC\s\share\x` →
/// `\\s\share\x`). Any other verbatim or device path (`\\?\Volume{…}\`, `\\?\GLOBALROOT\…`,
/// `\\.\…`) has no such spelling and is left as it is. The same holds after `\` has been
/// replaced by `/` (a schema set's location as the engine is given it: `//?/C:/x`).
pub fn text(text: &str) -> Cow<'_, str> {
    if !text.contains("\\\\?\\") && !text.contains("//?/") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, sep)) = next_prefix(rest) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let bytes = after.as_bytes();
        if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == sep
        {
            rest = after;
        } else if let Some(unc) = after
            .get(..4)
            .filter(|u| u.eq_ignore_ascii_case(&format!("UNC{}", char::from(sep))))
        {
            out.push(char::from(sep));
            out.push(char::from(sep));
            rest = &after[unc.len()..];
        } else {
            out.push_str(&rest[at..at + 4]);
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Where the next `\\?\` or `//?/` starts, with its separator.
fn next_prefix(text: &str) -> Option<(usize, u8)> {
    let back = text.find("\\\\?\\").map(|at| (at, b'\\'));
    let slash = text.find("//?/").map(|at| (at, b'/'));
    match (back, slash) {
        (Some(b), Some(s)) => Some(if b.0 < s.0 { b } else { s }),
        (b, s) => b.or(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verbatim_drive_path_is_shown_as_a_drive_path() {
        assert_eq!(text(r"\\?\C:\Users\a\検査\x.xml"), r"C:\Users\a\検査\x.xml");
        assert_eq!(text(r"\\?\d:\"), r"d:\");
        assert_eq!(text("//?/C:/sets/kojinhyo/a.xsd"), "C:/sets/kojinhyo/a.xsd");
    }

    #[test]
    fn a_verbatim_unc_path_is_shown_as_a_unc_path() {
        assert_eq!(text(r"\\?\UNC\server\share\x.xml"), r"\\server\share\x.xml");
        assert_eq!(text(r"\\?\unc\server\share"), r"\\server\share");
        assert_eq!(text("//?/UNC/server/share/a.xsd"), "//server/share/a.xsd");
    }

    #[test]
    fn device_and_volume_paths_have_no_other_spelling() {
        for kept in [
            r"\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopy1\x.xml",
            r"\\?\Volume{0b1c2d3e-0000-0000-0000-100000000000}\x.xml",
            r"\\.\PhysicalDrive0",
            r"\\?\C:",
            r"\\?\UNCserver\x",
        ] {
            assert_eq!(text(kept), kept);
        }
    }

    #[test]
    fn other_paths_are_untouched() {
        for kept in [
            r"C:\Users\a\x.xml",
            r"\\server\share\x.xml",
            "/home/a/検査/x.xml",
            "samples/valid/a?.xml",
            "",
        ] {
            assert!(matches!(text(kept), Cow::Borrowed(k) if k == kept));
        }
    }

    #[test]
    fn paths_inside_a_message_are_shown_each() {
        assert_eq!(
            text(r"スキーマ a.xsd を読み込めません: \\?\C:\s\b.xsd（\\?\UNC\h\s\c.xsd から）"),
            r"スキーマ a.xsd を読み込めません: C:\s\b.xsd（\\h\s\c.xsd から）"
        );
        assert_eq!(path(Path::new(r"\\?\C:\検査\x.xml")), r"C:\検査\x.xml");
    }
}
