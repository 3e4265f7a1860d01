//! The BagIt text files (RFC 8493): `bagit.txt`, `bag-info.txt` and the SHA-256 manifests, written
//! and parsed. Paths in manifests are percent-encoded as §2.1.3 asks (`%`, CR and LF).

use crate::digest::sha256_hex;

pub const BAGIT_TXT: &str = "bagit.txt";
pub const BAG_INFO: &str = "bag-info.txt";
pub const MANIFEST: &str = "manifest-sha256.txt";
pub const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";
/// The check report, a tag file: what Rinko concluded about each payload file when sealing.
pub const REPORT: &str = "rinko-report.json";
/// The Ed25519 signature over the tag manifest. It cannot be listed in the tag manifest it
/// signs, so it is the one tag file outside it.
pub const SIGNATURE: &str = "tagmanifest-sha256.txt.sig";
pub const PAYLOAD_DIR: &str = "data/";

pub const BAGIT_CONTENT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// `bag-info.txt` keys Rinko writes beyond the reserved ones.
pub const KEY_SCHEMA_SET: &str = "Rinko-Schema-Set";
pub const KEY_SIGNING_KEY: &str = "Rinko-Signing-Key";

/// A manifest: one `hash  path` line per file, sorted by path.
pub fn write_manifest<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    manifest_text(
        files
            .into_iter()
            .map(|(path, bytes)| (encode_path(path), sha256_hex(bytes)))
            .collect(),
    )
}

/// The one form Rinko writes a manifest in, from (encoded path, hash) pairs.
fn manifest_text(mut lines: Vec<(String, String)>) -> String {
    lines.sort();
    lines
        .into_iter()
        .map(|(path, hash)| format!("{hash}  {path}\n"))
        .collect()
}

/// Parses a manifest into path → hash. The error names the line. A manifest not in the form
/// Rinko writes it (another order, a blank line, an upper-case hash, a tab, a CR) is refused
/// too: the tag manifest is the one file no other hash covers, and a changed byte in it must
/// fail the check, not only the comparison of fingerprints that a person may skip.
pub fn parse_manifest(
    name: &str,
    bytes: &[u8],
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| format!("{name} が UTF-8 ではありません。"))?;
    let mut out = std::collections::BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (hash, path) = line
            .split_once(char::is_whitespace)
            .map(|(h, p)| (h, p.trim_start()))
            .filter(|(h, p)| {
                h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) && !p.is_empty()
            })
            .ok_or_else(|| {
                format!(
                    "{name} の {} 行目が「SHA-256␣␣パス」の形ではありません。",
                    n + 1
                )
            })?;
        let path = decode_path(path);
        if out
            .insert(path.clone(), hash.to_ascii_lowercase())
            .is_some()
        {
            return Err(format!("{name} に {path} が二度載っています。"));
        }
    }
    let canonical = manifest_text(
        out.iter()
            .map(|(path, hash)| (encode_path(path), hash.clone()))
            .collect(),
    );
    if canonical != text {
        let (written, expected): (Vec<&str>, Vec<&str>) =
            (text.split('\n').collect(), canonical.split('\n').collect());
        let line = written
            .iter()
            .zip(&expected)
            .position(|(a, b)| a != b)
            // Equal up to where one ends: the line after the shorter one's last line break.
            .unwrap_or(written.len().min(expected.len()) - 1)
            + 1;
        return Err(format!(
            "{name} の {line} 行目が Rinko の封緘した形と違います（「SHA-256（小文字の 16 進）␣␣パス」をパス順に 1 行ずつ、空行なしで書きます）。封緘の後に書き換えられています。"
        ));
    }
    Ok(out)
}

fn encode_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\n', "%0A")
        .replace('\r', "%0D")
}

fn decode_path(path: &str) -> String {
    path.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
}

/// `bag-info.txt` as ordered `Label: value` pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BagInfo(pub Vec<(String, String)>);

impl BagInfo {
    pub fn push(&mut self, key: &str, value: impl Into<String>) {
        self.0.push((key.to_string(), value.into()));
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    pub fn write(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}: {}\n", v.replace(['\r', '\n'], " ")))
            .collect()
    }

    /// Reads labels and values; a line starting with white space continues the previous value.
    pub fn parse(bytes: &[u8]) -> Result<BagInfo, String> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| format!("{BAG_INFO} が UTF-8 ではありません。"))?;
        let mut info = BagInfo::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with([' ', '\t']) {
                match info.0.last_mut() {
                    Some((_, v)) => {
                        v.push(' ');
                        v.push_str(line.trim());
                    }
                    None => return Err(format!("{BAG_INFO} の 1 行目が続きの行になっています。")),
                }
            } else if !line.trim().is_empty() {
                let (k, v) = line.split_once(':').ok_or_else(|| {
                    format!(
                        "{BAG_INFO} の {} 行目に「ラベル: 値」の「:」がありません。",
                        n + 1
                    )
                })?;
                info.push(k.trim(), v.trim());
            }
        }
        Ok(info)
    }
}

/// `Payload-Oxum`: total octets and number of payload files.
pub fn payload_oxum(sizes: impl IntoIterator<Item = u64>) -> String {
    let (mut bytes, mut count) = (0u64, 0usize);
    for size in sizes {
        bytes += size;
        count += 1;
    }
    format!("{bytes}.{count}")
}

/// `Bag-Size`, for people: 「12.3 KB」.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_round_trip_with_percent_encoding() {
        let text = write_manifest([("data/100%.xml", &b"a"[..]), ("data/a.xml", &b"b"[..])]);
        assert!(text.contains("  data/100%25.xml\n"), "{text}");
        let parsed = parse_manifest(MANIFEST, text.as_bytes()).unwrap();
        assert_eq!(parsed["data/100%.xml"], sha256_hex(b"a"));
        assert_eq!(parsed.len(), 2);
        assert!(parse_manifest(MANIFEST, b"abc data/x.xml\n").is_err());
        let twice = format!("{0}  data/x\n{0}  data/x\n", sha256_hex(b""));
        assert!(parse_manifest(MANIFEST, twice.as_bytes())
            .unwrap_err()
            .contains("二度"));
    }

    #[test]
    fn a_manifest_in_another_form_than_rinkos_is_refused_at_the_line_that_differs() {
        let text = write_manifest([("data/a.xml", &b"a"[..]), ("data/b.xml", &b"b"[..])]);
        let (first, second) = text.split_once('\n').unwrap();
        let second = second.trim_end();
        for (changed, line) in [
            (format!("{text}\n"), 3),
            (format!("\n{text}"), 1),
            (format!("{second}\n{first}\n"), 1),
            (text.replacen("  ", "\t", 1), 1),
            (text.replacen("  ", " ", 1), 1),
            (text.replace('\n', "\r\n"), 1),
            (
                format!(
                    "{first}\n{}\n",
                    second.to_uppercase().replace("DATA/B.XML", "data/b.xml")
                ),
                2,
            ),
            (text.trim_end().to_string(), 2),
        ] {
            let why = parse_manifest(TAG_MANIFEST, changed.as_bytes()).unwrap_err();
            assert!(why.contains(&format!("{line} 行目")), "{changed:?}: {why}");
        }
    }

    #[test]
    fn bag_info_parses_what_it_writes_and_continuation_lines() {
        let mut info = BagInfo::default();
        info.push("Source-Organization", "0110113719");
        info.push("Contact-Name", "山田 花子");
        let parsed = BagInfo::parse(info.write().as_bytes()).unwrap();
        assert_eq!(parsed, info);
        let folded = BagInfo::parse(b"External-Description: one\n  two\n").unwrap();
        assert_eq!(folded.get("external-description"), Some("one two"));
        assert!(BagInfo::parse(b"no colon\n").is_err());
    }

    #[test]
    fn sizes_for_people_and_for_the_oxum() {
        assert_eq!(payload_oxum([10, 20, 30]), "60.3");
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(12_345), "12.3 KB");
        assert_eq!(human_size(5_000_000), "5.0 MB");
    }
}
