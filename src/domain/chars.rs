//! Characters that do not survive the upload or the crossing: 外字, CP932 vendor characters,
//! half-width katakana, controls, variation selectors, characters beyond the BMP or outside
//! JIS X 0208, and per-field repertoires (カナ fields).
//!
//! The classes are facts about Unicode and the CP932 / JIS X 0208 tables (read from encoding_rs's
//! Shift_JIS encoder, which is CP932); which class is refused, where and how severely, is the
//! schema set's `checks.toml`.

use unicode_normalization::UnicodeNormalization;

use crate::finding::{Finding, Severity};
use crate::schema_set::{CharGroup, Repertoire};

/// What is special about a character, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CharClass {
    /// Private Use Area: 外字 that mean nothing outside the system that made them.
    Pua,
    /// A CP932 vendor character; `row` is its JIS row (13 NEC 特殊文字, 89–92 NEC 選定 IBM 拡張,
    /// 115–119 IBM 拡張).
    Vendor {
        row: u8,
    },
    HalfwidthKana,
    Control,
    VariationSelector,
    NonBmp,
    /// Neither ASCII nor JIS X 0208 (rows 1–8, 16–84) nor any class above.
    NonJis,
    /// ASCII or JIS X 0208.
    Plain,
}

impl CharClass {
    pub fn of(c: char) -> CharClass {
        let u = c as u32;
        match u {
            0x09 | 0x0A | 0x0D => CharClass::Plain,
            0x00..=0x1F | 0x7F..=0x9F => CharClass::Control,
            0x20..=0x7E => CharClass::Plain,
            0xE000..=0xF8FF | 0xF0000..=0x10FFFF => CharClass::Pua,
            0xFE00..=0xFE0F | 0xE0100..=0xE01EF => CharClass::VariationSelector,
            0x10000.. => CharClass::NonBmp,
            0xFF61..=0xFF9F => CharClass::HalfwidthKana,
            _ => match jis_row(c) {
                Some(13) => CharClass::Vendor { row: 13 },
                Some(row @ (89..=92 | 115..=119)) => CharClass::Vendor { row },
                Some(1..=8 | 16..=84) => CharClass::Plain,
                _ => CharClass::NonJis,
            },
        }
    }

    fn code(self) -> &'static str {
        match self {
            CharClass::Pua => "CHAR-001",
            CharClass::Vendor { .. } => "CHAR-002",
            CharClass::HalfwidthKana => "CHAR-003",
            CharClass::Control => "CHAR-004",
            CharClass::VariationSelector => "CHAR-005",
            CharClass::NonBmp => "CHAR-006",
            CharClass::NonJis => "CHAR-007",
            CharClass::Plain => "CHAR-008",
        }
    }

    /// The class's severity in a default repertoire, if it refuses the class.
    fn refused_by(self, r: &Repertoire) -> Option<Severity> {
        let level = match self {
            CharClass::Pua => r.pua,
            CharClass::Vendor { .. } => r.vendor,
            CharClass::HalfwidthKana => r.halfwidth_kana,
            CharClass::Control => r.control,
            CharClass::VariationSelector => r.variation_selector,
            CharClass::NonBmp => r.non_bmp,
            CharClass::NonJis => r.non_jis,
            CharClass::Plain => None,
        };
        level.map(Severity::from)
    }

    fn what_ja(self) -> &'static str {
        match self {
            CharClass::Pua => "外字（私用領域の文字）",
            CharClass::Vendor { row: 13 } => "機種依存文字（NEC 特殊文字）",
            CharClass::Vendor { .. } => "機種依存文字（IBM 拡張文字）",
            CharClass::HalfwidthKana => "半角カタカナ",
            CharClass::Control => "制御文字",
            CharClass::VariationSelector => "異体字セレクタ（IVS）",
            CharClass::NonBmp => "JIS 第1・第2水準にない拡張漢字など（サロゲートペアの文字）",
            CharClass::NonJis => "JIS X 0208（JIS 第1・第2水準）にない文字",
            CharClass::Plain => "",
        }
    }

    /// For a class that shares its code with others (the CP932 vendor rows of CHAR-002): the
    /// family's name and this class's own.
    fn family_ja(self) -> Option<(&'static str, &'static str)> {
        match self {
            CharClass::Vendor { row: 13 } => Some(("機種依存文字", "NEC 特殊文字")),
            CharClass::Vendor { .. } => Some(("機種依存文字", "IBM 拡張文字")),
            _ => None,
        }
    }

    fn hint_ja(self) -> &'static str {
        match self {
            CharClass::Pua => "外字は院内システムの外では別の文字になるか消えます。標準の文字（JIS 第1・第2水準）に置き換えるか、カナで入力してください。",
            CharClass::Vendor { .. } => "機種依存文字は提出先で別の文字に化けることがあります。置き換え例の文字で入力し直してください。",
            CharClass::HalfwidthKana => "半角カタカナは全角カタカナで入力してください。",
            CharClass::Control => "目に見えない制御文字が混じっています。院内システムで値を入力し直してください（コピー＆ペーストで混入することがあります）。",
            CharClass::VariationSelector => "異体字セレクタは提出先で扱えないことがあります。セレクタを外した標準の字形で入力してください。",
            CharClass::NonBmp => "この文字は提出先で扱えないことがあります。JIS 第1・第2水準の字（例: 𠮷→吉）で入力してください。",
            CharClass::NonJis => "提出先で文字化けするおそれがあります。置き換え例の文字（JIS 第1・第2水準）で入力してください。",
            CharClass::Plain => "",
        }
    }
}

/// The JIS row (区) of `c` in CP932, or `None` when CP932 has no two-byte code for it.
fn jis_row(c: char) -> Option<u8> {
    let row = *jis_rows().get(c as usize)?;
    (row != 0).then_some(row)
}

/// The JIS row of every BMP character in CP932 (0: none), written by `build.rs` from
/// encoding_rs's Shift_JIS decoder: a table built at run time cost a one-form check about a
/// tenth of its time. A character with two codes takes the row the encoder would write: the
/// lower one (≒ is in JIS row 2 and NEC row 13: it is standard), never rows 89–92.
fn jis_rows() -> &'static [u8] {
    static ROWS: &[u8; 0x10000] = include_bytes!(concat!(env!("OUT_DIR"), "/cp932_rows.bin"));
    ROWS
}

fn in_group(c: char, g: CharGroup) -> bool {
    match g {
        CharGroup::Katakana => ('\u{30A1}'..='\u{30F6}').contains(&c),
        CharGroup::Hiragana => ('\u{3041}'..='\u{3096}').contains(&c),
        CharGroup::ProlongedSoundMark => c == 'ー',
        CharGroup::MiddleDot => c == '・',
        CharGroup::IdeographicSpace => c == '\u{3000}',
        CharGroup::AsciiDigit => c.is_ascii_digit(),
        CharGroup::AsciiLetter => c.is_ascii_alphabetic(),
        CharGroup::AsciiSpace => c == ' ',
        CharGroup::Ascii => (' '..='~').contains(&c),
        CharGroup::JisX0208 => matches!(jis_row(c), Some(1..=8 | 16..=84)),
    }
}

/// Replacements where NFKC gives none in JIS X 0208: IBM 拡張 kanji and their standard forms,
/// and the characters whose CP932 code maps to a different Unicode character than JIS's.
const REPLACEMENTS: &[(char, &str)] = &[
    ('髙', "高"),
    ('﨑', "崎"),
    ('德', "徳"),
    ('濵', "濱"),
    ('栁', "柳"),
    ('瀨', "瀬"),
    ('淸', "清"),
    ('𠮷', "吉"),
    ('\u{301C}', "～"),
    ('\u{2016}', "∥"),
    ('\u{2212}', "－"),
    ('\u{00A2}', "￠"),
    ('\u{00A3}', "￡"),
    ('\u{00AC}', "￢"),
    ('\u{2014}', "―"),
];

/// What to write instead of `c`: empty to drop it, `None` when nothing standard fits.
fn replacement(c: char, class: CharClass) -> Option<String> {
    if let Some((_, r)) = REPLACEMENTS.iter().find(|(k, _)| *k == c) {
        return Some(r.to_string());
    }
    match class {
        CharClass::Control | CharClass::VariationSelector => Some(String::new()),
        CharClass::Pua => None,
        _ => {
            let n: String = std::iter::once(c).nfkc().collect();
            let fits =
                n != c.to_string() && n.chars().all(|x| CharClass::of(x) == CharClass::Plain);
            fits.then_some(n)
        }
    }
}

/// One reported character: where it is in the value, what it is, and how severe.
struct Hit {
    index: usize,
    c: char,
    class: CharClass,
    severity: Severity,
}

/// The character findings of one value, at most one per finding code: each names the characters
/// with their code points and, where every one has a replacement, the corrected value.
/// `field` is the repertoire bound to the field, `default` the form's default repertoire.
/// Returns each finding with the byte index of its first character.
pub fn check_value(
    value: &str,
    field: Option<&Repertoire>,
    default: Option<&Repertoire>,
) -> Vec<(usize, Finding)> {
    let hits = hits(value, field, default);
    grouped(&hits)
        .into_iter()
        .map(|group| finding(value, group[0].class.code(), &group, field))
        .collect()
}

/// The severities of the findings `check_value` would make, without making them: past the
/// per-file cap a finding is only counted.
pub fn severities(
    value: &str,
    field: Option<&Repertoire>,
    default: Option<&Repertoire>,
) -> Vec<Severity> {
    let hits = hits(value, field, default);
    grouped(&hits)
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|h| h.severity)
                .min()
                .unwrap_or(Severity::Warning)
        })
        .collect()
}

fn hits(value: &str, field: Option<&Repertoire>, default: Option<&Repertoire>) -> Vec<Hit> {
    if value.is_ascii()
        && !value
            .bytes()
            .any(|b| b < 0x20 && !b"\t\n\r".contains(&b) || b == 0x7F)
    {
        return Vec::new();
    }
    let mut hits: Vec<Hit> = Vec::new();
    for (index, c) in value.char_indices() {
        let class = CharClass::of(c);
        let by_field = match field {
            Some(r) if field_refuses(r, c) => r.others.map(Severity::from),
            _ => None,
        };
        // The stricter of the two: a 外字 stays an error in a field that only warns about
        // characters outside its repertoire.
        let by_default = default.and_then(|d| class.refused_by(d));
        let severity = match (by_field, by_default) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(severity) = severity {
            hits.push(Hit {
                index,
                c,
                class,
                severity,
            });
        }
    }
    hits
}

/// The hits grouped by finding code, in code order.
fn grouped(hits: &[Hit]) -> Vec<Vec<&Hit>> {
    let mut codes: Vec<&'static str> = hits.iter().map(|h| h.class.code()).collect();
    codes.sort();
    codes.dedup();
    codes
        .into_iter()
        .map(|code| hits.iter().filter(|h| h.class.code() == code).collect())
        .collect()
}

fn finding(
    value: &str,
    code: &'static str,
    group: &[&Hit],
    field: Option<&Repertoire>,
) -> (usize, Finding) {
    let first = group[0];
    let severity = group
        .iter()
        .map(|h| h.severity)
        .min()
        .unwrap_or(Severity::Warning);
    let mut distinct: Vec<char> = Vec::new();
    for h in group {
        if !distinct.contains(&h.c) {
            distinct.push(h.c);
        }
    }
    // ① and 髙 in one value are one CHAR-002 of two classes: each is named under its own.
    let mixed = group
        .iter()
        .any(|h| h.class.what_ja() != first.class.what_ja());
    let shown: Vec<String> = distinct
        .iter()
        .take(5)
        .map(|&c| match CharClass::of(c).family_ja() {
            Some((_, own)) if mixed => format!("{}（{own}）", describe(c)),
            _ => describe(c),
        })
        .collect();
    let more = if distinct.len() > 5 {
        format!(" ほか {} 種", distinct.len() - 5)
    } else {
        String::new()
    };
    let what = if first.class == CharClass::Plain {
        match field {
            Some(r) => format!("この項目で使えない文字（使える文字: {}）", r.name),
            None => "使えない文字".to_string(),
        }
    } else {
        match first.class.family_ja() {
            Some((family, _)) if mixed => family.to_string(),
            _ => first.class.what_ja().to_string(),
        }
    };
    let corrected = corrected_value(value, group);
    let mut message = format!("{what}が含まれています: {}{more}。", shown.join("、"));
    if let Some(c) = &corrected {
        message.push_str(&format!(
            "置き換え例: 「{}」。",
            crate::finding::shorten(c, 60)
        ));
    }
    let hint = if first.class == CharClass::Plain {
        match field {
            Some(r) => format!("{}だけで入力してください。", r.name),
            None => String::new(),
        }
    } else if field.is_some() && first.class == CharClass::HalfwidthKana {
        "この項目は全角カタカナで入力してください。".to_string()
    } else {
        first.class.hint_ja().to_string()
    };
    let f = Finding::new(code, severity, message, hint)
        .constraint(match field {
            Some(r) if group.iter().any(|h| field_refuses(r, h.c)) => {
                format!("repertoire {}", r.id)
            }
            _ => "repertoire (default)".to_string(),
        })
        .value(value);
    (first.index, f)
}

fn field_refuses(r: &Repertoire, c: char) -> bool {
    !r.allow.iter().any(|&g| in_group(c, g))
}

/// 「①」(U+2460)
pub fn describe(c: char) -> String {
    let shown = match CharClass::of(c) {
        CharClass::Control | CharClass::VariationSelector => String::new(),
        _ => c.to_string(),
    };
    format!("「{shown}」(U+{:04X})", c as u32)
}

/// The value with every reported character replaced, when each has a replacement. Half-width
/// katakana are converted as a run so that ﾀﾞ becomes ダ, not タ゛.
fn corrected_value(value: &str, group: &[&Hit]) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut run = String::new();
    let mut hits = group.iter().peekable();
    for (index, c) in value.char_indices() {
        let hit = hits.next_if(|h| h.index == index);
        match hit {
            Some(h) if h.class == CharClass::HalfwidthKana => run.push(c),
            Some(h) => {
                out.extend(run.drain(..).nfkc());
                out.push_str(&replacement(c, h.class)?);
            }
            None => {
                out.extend(run.drain(..).nfkc());
                out.push(c);
            }
        }
    }
    out.extend(run.drain(..).nfkc());
    (out != value).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_repertoire() -> Repertoire {
        toml::from_str(
            r#"id = "text"
name = "一般"
default = true
pua = "error"
control = "error"
vendor = "warning"
halfwidth_kana = "warning"
variation_selector = "warning"
non_bmp = "warning""#,
        )
        .unwrap()
    }

    fn kana() -> Repertoire {
        toml::from_str(
            r#"id = "kana"
name = "全角カタカナ・長音・全角スペース"
allow = ["katakana", "prolonged_sound_mark", "ideographic_space"]
others = "error""#,
        )
        .unwrap()
    }

    #[test]
    fn classifies_by_cp932_rows() {
        assert_eq!(CharClass::of('①'), CharClass::Vendor { row: 13 });
        assert_eq!(CharClass::of('Ⅰ'), CharClass::Vendor { row: 13 });
        assert_eq!(CharClass::of('㈱'), CharClass::Vendor { row: 13 });
        assert!(matches!(
            CharClass::of('髙'),
            CharClass::Vendor { row: 115..=119 }
        ));
        assert!(matches!(
            CharClass::of('﨑'),
            CharClass::Vendor { row: 115..=119 }
        ));
        // ≒ is in both JIS X 0208 row 2 and NEC row 13: the standard code wins.
        assert_eq!(CharClass::of('≒'), CharClass::Plain);
        assert_eq!(CharClass::of('山'), CharClass::Plain);
        assert_eq!(
            CharClass::of('熙'),
            CharClass::Plain,
            "row 84 is JIS X 0208"
        );
        assert_eq!(CharClass::of('ｱ'), CharClass::HalfwidthKana);
        assert_eq!(CharClass::of('\u{E000}'), CharClass::Pua);
        assert_eq!(CharClass::of('\u{F0000}'), CharClass::Pua);
        assert_eq!(CharClass::of('\u{85}'), CharClass::Control);
        assert_eq!(CharClass::of('\u{E0100}'), CharClass::VariationSelector);
        assert_eq!(CharClass::of('𠮷'), CharClass::NonBmp);
        assert_eq!(
            CharClass::of('\u{301C}'),
            CharClass::NonJis,
            "WAVE DASH is not CP932's ～"
        );
        assert_eq!(CharClass::of('～'), CharClass::Plain);
        assert_eq!(CharClass::of('é'), CharClass::NonJis);
        assert_eq!(jis_row('亜'), Some(16));
        assert_eq!(jis_row('あ'), Some(4));
    }

    #[test]
    fn the_row_table_gives_the_row_the_encoder_writes() {
        use encoding_rs::SHIFT_JIS;
        // The table is read from the decoder; the reference here is the encoder (WHATWG
        // Shift_JIS: the first pointer outside rows 89–92), for every BMP character that
        // round-trips through two bytes. U+2212 and U+00A5 do not: the encoder maps them to
        // other characters' codes. Private use is left out: the decoder maps the user-defined
        // rows 95–114 there, the encoder writes none of it, and `CharClass::of` takes private
        // use before it asks for a row.
        let mut rows = 0;
        for c in (0..=0xFFFFu32)
            .filter(|u| !(0xE000..=0xF8FF).contains(u))
            .filter_map(char::from_u32)
        {
            let text = c.to_string();
            let (bytes, _, unmappable) = SHIFT_JIS.encode(&text);
            let expected = match *bytes {
                [lead, trail]
                    if !unmappable && SHIFT_JIS.decode_without_bom_handling(&bytes).0 == text =>
                {
                    let base = if lead <= 0x9F {
                        lead - 0x81
                    } else {
                        lead - 0xC1
                    };
                    Some(base * 2 + 1 + u8::from(trail >= 0x9F))
                }
                _ => None,
            };
            assert_eq!(jis_row(c), expected, "U+{:04X}", c as u32);
            rows += usize::from(expected.is_some());
        }
        assert!(rows > 7000, "{rows}");
    }

    #[test]
    fn halfwidth_kana_in_a_kana_field_is_an_error_with_the_corrected_value() {
        let found = check_value("ﾔﾏﾀﾞ　ﾀﾛｳ", Some(&kana()), Some(&default_repertoire()));
        assert_eq!(found.len(), 1, "{found:?}");
        let (index, f) = &found[0];
        assert_eq!(*index, 0);
        assert_eq!((f.code, f.severity), ("CHAR-003", Severity::Error));
        assert!(f.message.contains("「ﾔ」(U+FF94)"), "{}", f.message);
        assert!(
            f.message.contains("置き換え例: 「ヤマダ　タロウ」"),
            "{}",
            f.message
        );
    }

    #[test]
    fn halfwidth_kana_elsewhere_is_a_warning() {
        let found = check_value("東京都ｱｲ町", None, Some(&default_repertoire()));
        assert_eq!(found[0].1.severity, Severity::Warning);
        assert_eq!(found[0].0, "東京都".len());
    }

    #[test]
    fn vendor_pua_control_ivs_and_non_bmp_each_get_their_code() {
        let d = default_repertoire();
        let codes = |v: &str| -> Vec<(&'static str, Severity)> {
            check_value(v, None, Some(&d))
                .into_iter()
                .map(|(_, f)| (f.code, f.severity))
                .collect()
        };
        assert_eq!(codes("見本町①番地"), [("CHAR-002", Severity::Warning)]);
        assert_eq!(codes("山\u{E000}"), [("CHAR-001", Severity::Error)]);
        assert_eq!(codes("山\u{85}"), [("CHAR-004", Severity::Error)]);
        assert_eq!(codes("葛\u{E0100}飾"), [("CHAR-005", Severity::Warning)]);
        assert_eq!(codes("𠮷田"), [("CHAR-006", Severity::Warning)]);
        assert_eq!(codes("山田 太郎"), []);
        let (_, f) = &check_value("髙橋①", None, Some(&d))[0];
        assert!(f.message.contains("置き換え例: 「高橋1」"), "{}", f.message);
    }

    #[test]
    fn a_field_that_only_warns_keeps_the_default_errors() {
        let jis: Repertoire = toml::from_str(
            "id = \"jis\"\nname = \"JIS\"\nallow = [\"jis_x_0208\", \"ascii\"]\nothers = \"warning\"",
        )
        .unwrap();
        let found = check_value("山\u{E000}", Some(&jis), Some(&default_repertoire()));
        assert_eq!(
            (found[0].1.code, found[0].1.severity),
            ("CHAR-001", Severity::Error)
        );
    }

    #[test]
    fn a_field_repertoire_names_what_it_allows() {
        let found = check_value("やまだ", Some(&kana()), Some(&default_repertoire()));
        let (_, f) = &found[0];
        assert_eq!((f.code, f.severity), ("CHAR-008", Severity::Error));
        assert!(f.message.contains("全角カタカナ"), "{}", f.message);
    }
}
