//! Code tables (`codes/`): versioned CSV files listed with their SHA-256 in `manifest.toml`.
//!
//! This module owns loading and looking up tables; which field is bound to which table is the
//! schema set's `checks.toml`, and the findings about a value are `domain::code_values`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use include_dir::{include_dir, Dir};
use serde::Deserialize;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/codes");

/// One code of a table, valid from its first to its last day (inclusive, `YYYY-MM-DD`). A code
/// whose name changed has a row per name, their periods apart (告示番号 63: 特発性血小板減少性紫斑病
/// until 2025-03-31, 免疫性血小板減少症 from 2025-04-01).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub code: String,
    pub name: String,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
}

impl Code {
    pub fn is_valid_on(&self, day: &str) -> bool {
        self.valid_from.as_deref().is_none_or(|f| day >= f)
            && self.valid_until.as_deref().is_none_or(|u| day <= u)
    }

    /// 「2019-05-01〜」 for a message; empty when the code has no period.
    pub fn validity_ja(&self) -> String {
        match (&self.valid_from, &self.valid_until) {
            (None, None) => String::new(),
            (f, u) => format!(
                "{}〜{}",
                f.as_deref().unwrap_or(""),
                u.as_deref().unwrap_or("")
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub struct CodeTable {
    pub id: String,
    pub name: String,
    pub version: String,
    pub sha256: String,
    /// Where a table made from others' data comes from and how it was changed, and that
    /// data's licence: the credit its licence asks for (CC BY), shown in the app's About.
    pub source: Option<String>,
    pub licence: Option<String>,
    /// An embedded table's CSV, parsed at its first lookup: a run reads only the tables its
    /// files' fields are bound to. This build's tests parse every embedded table
    /// (`embedded_tables_match_their_manifest`). A set's own tables are parsed when the set is
    /// loaded, so that a broken one is refused before use, and keep no CSV.
    csv: &'static [u8],
    parsed: OnceLock<Codes>,
}

#[derive(Debug, Clone)]
struct Codes {
    codes: Vec<Code>,
    /// Each code's rows, in table order.
    by_code: HashMap<String, Vec<usize>>,
}

impl Codes {
    fn parse(bytes: &[u8]) -> Result<Codes, String> {
        let codes = parse_csv(bytes)?;
        let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, code) in codes.iter().enumerate() {
            let rows = by_code.entry(code.code.clone()).or_default();
            // Rows of one code follow each other in time: each ends before the next begins.
            if let Some(&before) = rows.last() {
                let earlier: &Code = &codes[before];
                let apart = match (&earlier.valid_until, &code.valid_from) {
                    (Some(until), Some(from)) => until < from,
                    _ => false,
                };
                if !apart {
                    return Err(format!(
                        "コード「{}」が {} 行目と {} 行目にあり、有効期間が重なっています。同じコードを二度書くのは名称が変わったときだけで、前の行の valid_until を次の行の valid_from より前にしてください。",
                        code.code,
                        before + 2,
                        i + 2
                    ));
                }
            }
            rows.push(i);
        }
        Ok(Codes { codes, by_code })
    }
}

impl CodeTable {
    fn parsed(&self) -> &Codes {
        self.parsed.get_or_init(|| {
            Codes::parse(self.csv)
                .unwrap_or_else(|e| panic!("embedded code table {} is broken: {e}", self.id))
        })
    }

    /// The row of `code` valid on `day`; when none is (or no day is given), its latest row.
    pub fn get(&self, code: &str, day: Option<&str>) -> Option<&Code> {
        let mut rows = self.rows(code);
        let latest = rows.next_back();
        rows.chain(latest)
            .find(|c| day.is_some_and(|d| c.is_valid_on(d)))
            .or(latest)
    }

    /// Whether `code` is valid on `day` (one of its rows is).
    pub fn accepts(&self, code: &str, day: &str) -> bool {
        self.get(code, Some(day))
            .is_some_and(|c| c.is_valid_on(day))
    }

    /// Every row, in the table's order.
    pub fn codes(&self) -> impl Iterator<Item = &Code> {
        self.parsed().codes.iter()
    }

    /// How many codes the table has (a renamed code counts once).
    pub fn len(&self) -> usize {
        self.parsed().by_code.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every period in which `code` is valid, for a message: 「〜2025-03-31、2025-04-01〜」.
    pub fn validity_ja(&self, code: &str) -> String {
        self.rows(code)
            .map(Code::validity_ja)
            .collect::<Vec<_>>()
            .join("、")
    }

    fn rows(&self, code: &str) -> impl DoubleEndedIterator<Item = &Code> {
        let parsed = self.parsed();
        parsed
            .by_code
            .get(code)
            .into_iter()
            .flatten()
            .map(|&i| &parsed.codes[i])
    }

    /// Up to `n` codes valid on `day` closest to `value`: the same length and the fewest
    /// differing characters first, then numeric distance, then table order. A clerk who typed
    /// 「40」 for 「49」 sees 49 first.
    pub fn nearest(&self, value: &str, day: &str, n: usize) -> Vec<&Code> {
        let mut scored: Vec<(usize, u64, usize, &Code)> = self
            .parsed()
            .codes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_valid_on(day))
            .map(|(i, c)| {
                (
                    edit_distance(value, &c.code),
                    numeric_distance(value, &c.code),
                    i,
                    c,
                )
            })
            .collect();
        scored.sort_by_key(|&(d, num, i, _)| (d, num, i));
        scored.into_iter().take(n).map(|(.., c)| c).collect()
    }
}

fn numeric_distance(a: &str, b: &str) -> u64 {
    match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(a), Ok(b)) => a.abs_diff(b),
        _ => u64::MAX,
    }
}

/// Levenshtein distance over characters; values are short codes.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev + usize::from(ca != *cb);
            prev = row[j + 1];
            row[j + 1] = substitute.min(prev + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

/// The tables a schema set can bind: its own `codes/` first, then the embedded ones.
#[derive(Debug, Clone, Default)]
pub struct CodeTables {
    tables: BTreeMap<String, Arc<CodeTable>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(rename = "table", default)]
    tables: Vec<TableEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableEntry {
    id: String,
    name: String,
    version: String,
    file: String,
    sha256: String,
    source: Option<String>,
    licence: Option<String>,
}

fn read_manifest(text: &str, path: &str) -> Result<Vec<TableEntry>, String> {
    let manifest: Manifest =
        toml::from_str(text).map_err(|e| format!("{path} の書式が正しくありません: {e}"))?;
    Ok(manifest.tables)
}

impl CodeTables {
    /// The tables embedded in the binary (the top-level `codes/`), as their manifest lists
    /// them; each is parsed at its first lookup. The binary is their source of trust: that
    /// every table's bytes match the manifest's SHA-256 and parse is this build's test.
    pub fn embedded() -> Result<CodeTables, String> {
        let text = EMBEDDED
            .get_file("manifest.toml")
            .and_then(|f| f.contents_utf8())
            .ok_or("コード表の manifest.toml がありません。")?;
        let mut tables = CodeTables::default();
        for entry in read_manifest(text, "manifest.toml")? {
            let file = EMBEDDED.get_file(&entry.file).ok_or_else(|| {
                format!(
                    "コード表 {} がありません（manifest.toml に記載）。",
                    entry.file
                )
            })?;
            tables.insert(entry, file.contents(), OnceLock::new());
        }
        Ok(tables)
    }

    /// Adds (or replaces) the tables listed in `<prefix>manifest.toml` of `files`, if there is
    /// one. Every table's bytes must match the SHA-256 its manifest gives: a table edited
    /// without updating the manifest is refused, not half-trusted.
    pub fn with_manifest(
        mut self,
        files: &BTreeMap<String, Vec<u8>>,
        prefix: &str,
    ) -> Result<CodeTables, String> {
        let manifest_path = format!("{prefix}manifest.toml");
        let Some(bytes) = files.get(&manifest_path) else {
            return Ok(self);
        };
        let text = std::str::from_utf8(bytes)
            .map_err(|_| format!("{manifest_path} は UTF-8 で書いてください。"))?;
        for entry in read_manifest(text, &manifest_path)? {
            let path = format!("{prefix}{}", entry.file);
            let bytes = files.get(&path).ok_or_else(|| {
                format!("コード表 {path} がありません（{manifest_path} に記載）。")
            })?;
            let actual = crate::digest::sha256_hex(bytes);
            if !actual.eq_ignore_ascii_case(&entry.sha256) {
                return Err(format!(
                    "コード表 {path} の SHA-256 が {manifest_path} と一致しません（改変または更新漏れ）。記載 {}、実際 {actual}。",
                    entry.sha256
                ));
            }
            let codes = Codes::parse(bytes).map_err(|e| format!("コード表 {path}: {e}"))?;
            self.insert(entry, &[], OnceLock::from(codes));
        }
        Ok(self)
    }

    fn insert(&mut self, entry: TableEntry, csv: &'static [u8], parsed: OnceLock<Codes>) {
        self.tables.insert(
            entry.id.clone(),
            Arc::new(CodeTable {
                id: entry.id,
                name: entry.name,
                version: entry.version,
                sha256: entry.sha256.to_ascii_lowercase(),
                source: entry.source,
                licence: entry.licence,
                csv,
                parsed,
            }),
        );
    }

    pub fn get(&self, id: &str) -> Option<&Arc<CodeTable>> {
        self.tables.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<CodeTable>> {
        self.tables.values()
    }
}

fn parse_csv(bytes: &[u8]) -> Result<Vec<Code>, String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err("BOM なしの UTF-8 で保存してください。".into());
    }
    let mut records = csv_records(bytes)?.into_iter();
    let headers = records.next().unwrap_or_default();
    let expected = ["code", "name", "valid_from", "valid_until"];
    if headers.iter().take(4).ne(expected.iter()) {
        return Err(format!(
            "見出し行は {} で始めてください。",
            expected.join(",")
        ));
    }
    let mut codes = Vec::new();
    for (i, record) in records.enumerate() {
        let line = i + 2;
        if record.len() != headers.len() {
            return Err(format!(
                "{line} 行目の列の数（{}）が見出し行（{}）と違います。",
                record.len(),
                headers.len()
            ));
        }
        let field = |n: usize| record.get(n).map_or("", |f| f.trim()).to_string();
        let date = |n: usize| -> Result<Option<String>, String> {
            let value = field(n);
            if value.is_empty() {
                return Ok(None);
            }
            crate::calendar::check_date(expected[n], &value)
                .map_err(|e| format!("{line} 行目: {e}"))?;
            Ok(Some(value))
        };
        let code = Code {
            code: field(0),
            name: field(1),
            valid_from: date(2)?,
            valid_until: date(3)?,
        };
        if code.code.is_empty() {
            return Err(format!("{line} 行目のコードが空です。"));
        }
        codes.push(code);
    }
    Ok(codes)
}

/// Every record of a CSV file (RFC 4180 as csv_core reads it), each field UTF-8. One csv_core
/// parser serves the process: building one (its DFA) costs more than reading a small table,
/// and a one-form check reads several.
fn csv_records(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use csv_core::ReadRecordResult;
    static PARSER: Mutex<Option<csv_core::Reader>> = Mutex::new(None);
    let mut parser = PARSER.lock().unwrap_or_else(PoisonError::into_inner);
    let parser = parser.get_or_insert_with(csv_core::Reader::new);
    parser.reset();
    let mut input = bytes;
    // A record's fields are never longer than the record itself.
    let mut out = vec![0u8; bytes.len()];
    let mut ends = vec![0usize; 8];
    let mut records = Vec::new();
    loop {
        let (mut out_len, mut ends_len) = (0, 0);
        loop {
            let (result, read, written, ended) =
                parser.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
            input = &input[read..];
            out_len += written;
            ends_len += ended;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => out.resize(out.len() * 2 + 64, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(records),
            }
        }
        let line = records.len() + 1;
        let mut start = 0;
        let mut fields = Vec::with_capacity(ends_len);
        for &end in &ends[..ends_len] {
            let field = std::str::from_utf8(&out[start..end])
                .map_err(|_| format!("{line} 行目が UTF-8 ではありません。"))?;
            fields.push(field.to_string());
            start = end;
        }
        records.push(fields);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(csv: &str, sha: Option<&str>) -> BTreeMap<String, Vec<u8>> {
        let sha = sha
            .map(str::to_string)
            .unwrap_or_else(|| crate::digest::sha256_hex(csv.as_bytes()));
        let manifest = format!(
            "[[table]]\nid = \"t\"\nname = \"テスト\"\nversion = \"1\"\nfile = \"t.csv\"\nsha256 = \"{sha}\"\n"
        );
        BTreeMap::from([
            ("codes/manifest.toml".to_string(), manifest.into_bytes()),
            ("codes/t.csv".to_string(), csv.as_bytes().to_vec()),
        ])
    }

    const CSV: &str = "code,name,valid_from,valid_until\n6,パーキンソン病,,\n49,全身性エリテマトーデス,,\n97,潰瘍性大腸炎,,\n300,旧病名,2015-01-01,2019-12-31\n63,旧名称,,2025-03-31\n63,新名称,2025-04-01,\n";

    #[test]
    fn loads_and_looks_up_with_validity() {
        let tables = CodeTables::default()
            .with_manifest(&files(CSV, None), "codes/")
            .unwrap();
        let t = tables.get("t").unwrap();
        assert_eq!(t.get("49", None).unwrap().name, "全身性エリテマトーデス");
        assert!(t.get("300", None).unwrap().is_valid_on("2019-12-31"));
        assert!(!t.get("300", None).unwrap().is_valid_on("2020-01-01"));
        let near: Vec<&str> = t
            .nearest("40", "2025-01-01", 2)
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        // 63 by its old name's row, the one valid that day: numerically nearer than 6.
        assert_eq!(near, ["49", "63"]);
        // A renamed code: the name of the day, the latest without one, every period told.
        let name = |day| t.get("63", day).unwrap().name.as_str();
        assert_eq!(name(Some("2025-03-31")), "旧名称");
        assert_eq!(name(Some("2025-04-01")), "新名称");
        assert_eq!(name(None), "新名称");
        assert_eq!(t.validity_ja("63"), "〜2025-03-31、2025-04-01〜");
        assert_eq!(t.get("300", Some("2024-01-01")).unwrap().name, "旧病名");
        let near: Vec<&str> = t
            .nearest("64", "2025-06-01", 3)
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(near, ["新名称", "パーキンソン病", "全身性エリテマトーデス"]);
    }

    #[test]
    fn refuses_a_table_whose_hash_does_not_match() {
        let err = CodeTables::default()
            .with_manifest(&files(CSV, Some(&"0".repeat(64))), "codes/")
            .unwrap_err();
        assert!(err.contains("一致しません"), "{err}");
    }

    #[test]
    fn refuses_duplicates_bad_dates_and_headers() {
        for bad in [
            "code,name,valid_from,valid_until\n1,a,,\n1,b,,\n",
            // a second row for a code only after the first has ended
            "code,name,valid_from,valid_until\n1,a,,2025-03-31\n1,b,2025-03-31,\n",
            "code,name,valid_from,valid_until\n1,a,,\n1,b,2025-04-01,\n",
            "code,name,valid_from,valid_until\n1,a,2020/01/01,\n",
            "コード,名称\n1,a\n",
            "\u{feff}code,name,valid_from,valid_until\n1,a,,\n",
            "code,name,valid_from,valid_until\n1,a,,\n2,b\n",
            "code,name,valid_from,valid_until\n1,a,,,\n",
        ] {
            assert!(
                CodeTables::default()
                    .with_manifest(&files(bad, None), "codes/")
                    .is_err(),
                "accepted {bad:?}"
            );
        }
    }

    #[test]
    fn reads_quoted_fields_crlf_and_blank_lines_as_csv_does() {
        let text = "code,name,valid_from,valid_until\r\n1,\"名前, 読点と\"\"引用符\"\"\",,\r\n\r\n2,\"改\n行\",2020-01-01,\r\n\n";
        let tables = CodeTables::default()
            .with_manifest(&files(text, None), "codes/")
            .unwrap();
        let t = tables.get("t").unwrap();
        assert_eq!(t.get("1", None).unwrap().name, "名前, 読点と\"引用符\"");
        assert_eq!(t.get("2", None).unwrap().name, "改\n行");
        assert_eq!(
            t.get("2", None).unwrap().valid_from.as_deref(),
            Some("2020-01-01")
        );
        assert_eq!(t.parsed().codes.len(), 2);
        // The same records as the csv crate reads (the reference), field by field.
        let reference: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(csv_records(text.as_bytes()).unwrap(), reference);
        let err = csv_records(b"code,name\n1,\xff\n").unwrap_err();
        assert!(err.contains("UTF-8"), "{err}");
    }

    #[test]
    fn embedded_tables_match_their_manifest() {
        let tables = CodeTables::embedded().unwrap();
        assert!(tables.iter().count() > 0);
        for t in tables.iter() {
            assert_eq!(crate::digest::sha256_hex(t.csv), t.sha256, "{}", t.id);
            let parsed = Codes::parse(t.csv).unwrap_or_else(|e| panic!("{}: {e}", t.id));
            assert!(!parsed.codes.is_empty(), "{}", t.id);
        }
    }
}
