//! Japanese wording of XSD findings: from the engine's constraint name to a code, a message that
//! names the field by its label and a hint on how to fix it. One table, so that a code always
//! means the same thing (docs/checks.md lists them).

use crate::finding::Severity;

/// A finding's code, severity and Japanese text.
pub struct Wording {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub hint: String,
}

/// What the sink knows about the item an engine diagnostic is about.
pub struct Subject<'a> {
    /// The field's label, or its element/attribute name when the schema has none.
    pub name: &'a str,
    pub value: Option<&'a str>,
    /// The value's length in characters, counted over all of it (`value` may be cut short).
    pub length: Option<usize>,
    pub is_attribute: bool,
    /// For content-model findings: the labels of the elements allowed at that point.
    pub expected: Option<Vec<String>>,
    /// For enumeration findings: the values the field allows, with their meanings.
    pub allowed: Option<Vec<String>>,
    /// For length and range findings: the bound in words (「40 文字まで」「1 以上・400 以下」).
    pub bound: Option<String>,
}

/// 「A」「B」 or, past a few, 「A」「B」… ほか N 項目.
fn expected_ja(expected: &Option<Vec<String>>, none: &str) -> String {
    const SHOWN: usize = 6;
    match expected {
        None => String::new(),
        Some(list) if list.is_empty() => none.to_string(),
        Some(list) => {
            let shown: String = list
                .iter()
                .take(SHOWN)
                .map(|l| format!("「{l}」"))
                .collect();
            let rest = list.len().saturating_sub(SHOWN);
            if rest > 0 {
                format!("{shown}ほか {rest} 項目")
            } else {
                shown
            }
        }
    }
}

pub fn xsd_error(constraint: &str, engine_message: &str, s: &Subject<'_>) -> Wording {
    let name = s.name;
    let value = s.value.map(|v| format!("の値「{v}」")).unwrap_or_default();
    let (code, message, hint): (&str, String, &str) = match constraint {
        c if c.starts_with("cvc-complex-type.2.4") && engine_message.contains("incomplete") => (
            "XSD-002",
            match expected_ja(&s.expected, "") {
                e if e.is_empty() => format!("「{name}」の中に必要な項目が足りません。"),
                e => format!("「{name}」の中に必要な項目が足りません。続けて必要な項目: {e}。"),
            },
            "必須の項目がすべて出力されているか、院内システムの入力漏れがないか確認してください。",
        ),
        c if c.starts_with("cvc-complex-type.2.4") => (
            "XSD-001",
            match expected_ja(&s.expected, "（ここにはもう項目を置けません）") {
                e if e.is_empty() => format!("「{name}」はこの位置に置けません（順序の誤り、重複、または様式にない項目）。"),
                e if e.starts_with('（') => format!("「{name}」はこの位置に置けません{e}。重複しているか、様式にない項目です。"),
                e => format!("「{name}」はこの位置に置けません。この位置に置ける項目: {e}。"),
            },
            "様式の定める順序と回数で出力されているか、不要な項目が混じっていないか確認してください。",
        ),
        c if c.starts_with("cvc-elt.1") => (
            "XSD-003",
            format!("「{name}」はスキーマに定義されていない要素です。"),
            "様式の種類と版が正しいか（別の様式のファイルでないか）確認してください。",
        ),
        c if c.starts_with("cvc-complex-type.2.1") || c.starts_with("cvc-complex-type.2.3") => (
            "XSD-004",
            format!("「{name}」には文字を書けません（下位の項目だけを持つ項目です）。"),
            "余分な文字が出力されていないか確認してください。",
        ),
        c if c.starts_with("cvc-complex-type.4") => (
            "XSD-005",
            format!("「{name}」に必須の属性がありません。"),
            "必須の属性（様式版など）を出力してください。",
        ),
        "cvc-attribute.4" => (
            "XSD-007",
            format!("属性「{name}」{value}が様式の固定値と異なります。"),
            "この属性は様式で値が決まっています（様式版など）。出力元の様式の版を確認してください。",
        ),
        "cvc-attribute.5" => (
            "XSD-016",
            format!("xsi:type{value}が型として見つかりません。"),
            "xsi:type を使わずに出力してください。",
        ),
        c if c.starts_with("cvc-complex-type.3") || c.starts_with("cvc-assess-attr") => (
            "XSD-006",
            format!("属性「{name}」はこの要素では使えません。"),
            "様式にない属性が出力されていないか確認してください。",
        ),
        "cvc-pattern-valid" => (
            "XSD-010",
            format!("「{name}」{value}が決められた形式に合いません。"),
            "文字の種類（全角・半角）、桁数、区切り記号を様式の記入要領どおりにしてください。",
        ),
        "cvc-enumeration-valid" => (
            "XSD-011",
            match &s.allowed {
                Some(values) if !values.is_empty() => {
                    const SHOWN: usize = 12;
                    let rest = values.len().saturating_sub(SHOWN);
                    let more = if rest > 0 { format!("ほか {rest} 件") } else { String::new() };
                    format!("「{name}」{value}は選択肢にありません。選べる値: {}{more}。", values.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("、"))
                }
                _ => format!("「{name}」{value}は選択肢にありません。"),
            },
            "様式で定められたコードのいずれかを選んでください。",
        ),
        "cvc-length-valid" | "cvc-minLength-valid" | "cvc-maxLength-valid" => (
            "XSD-012",
            match (&s.bound, s.length, s.value) {
                (Some(b), Some(n), Some(v)) if v.len() < 1000 => format!("「{name}」{value}は {n} 文字です。決められた文字数（桁数）は {b}です。"),
                // A long value is not quoted, only counted.
                (Some(b), Some(n), _) => format!("「{name}」は {n} 文字です。決められた文字数（桁数）は {b}です。"),
                (Some(b), None, _) => format!("「{name}」{value}の文字数（桁数）が決められた範囲（{b}）を外れています。"),
                _ => format!("「{name}」{value}の文字数（桁数）が決められた範囲を外れています。"),
            },
            "文字数・桁数の上限と下限を確認してください（空欄も下限に反します）。",
        ),
        "cvc-minInclusive-valid" | "cvc-maxInclusive-valid" | "cvc-minExclusive-valid" | "cvc-maxExclusive-valid" => (
            "XSD-013",
            match &s.bound {
                Some(b) => format!("「{name}」{value}が決められた範囲（{b}）を外れています。"),
                None => format!("「{name}」{value}が決められた範囲を外れています。"),
            },
            "記入できる値の範囲（最小値・最大値）を確認してください。",
        ),
        "cvc-totalDigits-valid" | "cvc-fractionDigits-valid" => (
            "XSD-014",
            format!("「{name}」{value}の桁数（整数部・小数部）が多すぎます。"),
            "有効桁数と小数点以下の桁数を確認してください。",
        ),
        "cvc-type.2" => (
            "XSD-016",
            format!("「{name}」の型は抽象型のため、そのままでは使えません。"),
            "xsi:type で具体的な型を指定するか、様式どおりの要素を出力してください。",
        ),
        c if c.starts_with("cvc-datatype-valid") || c.starts_with("cvc-simple-type") || c.starts_with("cvc-type") || c.starts_with("cvc-explicitTimezone") || c.starts_with("cvc-attribute") => {
            // The engine's own reason is English and may quote only part of the value (a
            // dateTime's date): the message says which type in Japanese and quotes the value as
            // written; the engine's words stay in `detail`.
            let (subject, of) = if s.is_attribute { (format!("属性「{name}」"), "型") } else { (format!("「{name}」"), "項目の型") };
            match builtin_type(engine_message).and_then(type_words) {
                Some((type_ja, hint)) => ("XSD-015", format!("{subject}{value}は{of}（{type_ja}）に合いません。"), hint),
                None => ("XSD-015", format!("{subject}{value}は{of}に合いません。"), "項目の型に合う値を書いてください（数値、日付、コードなど）。"),
            }
        }
        c if c.starts_with("cvc-elt") => (
            "XSD-016",
            format!("「{name}」の空欄指定（xsi:nil）、型の指定（xsi:type）または固定値が正しくありません。"),
            "様式どおりの値を出力し、xsi:nil・xsi:type を使っていないか確認してください。",
        ),
        c if c.starts_with("cvc-id") || c.starts_with("cvc-identity-constraint") => (
            "XSD-017",
            format!("「{name}」{value}の識別子が重複しているか、参照先がありません。"),
            "同じ番号が二度使われていないか、参照している番号が文書内にあるか確認してください。",
        ),
        c if c.starts_with("cvc-assertion") || c.starts_with("cvc-test") => (
            "XSD-018",
            format!("「{name}」が様式の条件（アサーション）を満たしていません。"),
            "項目間の条件を記入要領で確認してください。",
        ),
        // Structures §4.3.2: schemaLocation pairs are hints a processor may ignore, and Rinko
        // never uses them; a malformed one is no validity error (see `severity`).
        "cvc-schema-location" => (
            "XSD-051",
            format!(
                "xsi:schemaLocation {value}は名前空間と場所の組になっていません（URI が {} 個）。Rinko はこの指定を使いません（判定には影響しません）。",
                s.value.map_or(0, |v| v.split_whitespace().count())
            ),
            "xsi:schemaLocation は「名前空間の URI」と「XSD の場所」の組を空白で区切って書きます。提出先が求めていなければ出力しなくてかまいません。提出は妨げません。",
        ),
        "validation-resource-limit" => (
            "XSD-098",
            format!("「{name}」の検査が処理の上限に達したため、検査を完了できませんでした。"),
            "この判定は保留です。ファイルの構造が極端でないか確認し、システム管理者に連絡してください。",
        ),
        _ => (
            "XSD-099",
            format!("「{name}」{value}がスキーマに適合しません。"),
            "詳細（detail）の英文を確認し、様式の記入要領どおりに出力されているか確認してください。",
        ),
    };
    Wording {
        code,
        severity: severity(constraint, false),
        message,
        hint: hint.to_string(),
    }
}

/// The severity of an engine diagnostic: its warnings are 警告, and so is an error about an
/// instance's own schema hints, which Rinko never uses (ARCHITECTURE.md, invariants).
pub fn severity(constraint: &str, engine_warning: bool) -> Severity {
    if engine_warning || constraint == "cvc-schema-location" {
        Severity::Warning
    } else {
        Severity::Error
    }
}

/// The builtin type a datatype failure is about, from the engine's wording of it (xsd-schema
/// 0.3.0: "Invalid {type} value '…': …", "Value '…' out of range for type {type}", "… has
/// {type} value '…' …" for a QName). tests/xsd_messages.rs covers every form.
fn builtin_type(engine_message: &str) -> Option<&str> {
    let name = if let Some(rest) = engine_message.strip_prefix("Invalid ") {
        rest.split_once(" value")?.0
    } else if let Some((_, rest)) = engine_message.split_once("out of range for type ") {
        rest.split_whitespace().next()?
    } else {
        engine_message
            .split_once(" has ")?
            .1
            .split_once(" value")?
            .0
    };
    Some(name.trim_start_matches("xs:"))
}

const HINT_INTEGER: &str = "半角数字の整数で、範囲内の値を書いてください（小数点・全角数字・桁区切りのカンマ・空白・単位は書けません）。";
const HINT_NUMBER: &str =
    "半角数字で書いてください（小数点は「.」。全角数字・桁区切りのカンマ・空白・単位は書けません）。";
const HINT_DATE_TIME: &str = "日時は YYYY-MM-DDThh:mm:ss（例: 2025-04-01T09:30:00）の形で、実在する日付と時刻を書いてください。";
const HINT_NAME: &str =
    "名前は英字・かな・漢字・「_」で始め、空白や使えない記号を入れずに書いてください。";

/// A builtin type in Japanese terms, and how to write a value of it.
fn type_words(builtin: &str) -> Option<(&'static str, &'static str)> {
    Some(match builtin {
        "integer" => ("整数", HINT_INTEGER),
        "nonNegativeInteger" => ("0 以上の整数", HINT_INTEGER),
        "positiveInteger" => ("1 以上の整数", HINT_INTEGER),
        "nonPositiveInteger" => ("0 以下の整数", HINT_INTEGER),
        "negativeInteger" => ("-1 以下の整数", HINT_INTEGER),
        "long" => ("-9223372036854775808〜9223372036854775807 の整数", HINT_INTEGER),
        "int" => ("-2147483648〜2147483647 の整数", HINT_INTEGER),
        "short" => ("-32768〜32767 の整数", HINT_INTEGER),
        "byte" => ("-128〜127 の整数", HINT_INTEGER),
        "unsignedLong" => ("0〜18446744073709551615 の整数", HINT_INTEGER),
        "unsignedInt" => ("0〜4294967295 の整数", HINT_INTEGER),
        "unsignedShort" => ("0〜65535 の整数", HINT_INTEGER),
        "unsignedByte" => ("0〜255 の整数", HINT_INTEGER),
        "decimal" => ("10 進数の数値", HINT_NUMBER),
        "float" | "double" => ("浮動小数点数", HINT_NUMBER),
        "boolean" => ("真偽値", "true・false・1・0 のどれかで書いてください（はい・いいえは書けません）。"),
        "date" => ("日付", "日付は YYYY-MM-DD（例: 2025-04-01）の形で、実在する日付を書いてください。"),
        "dateTime" => ("日時", HINT_DATE_TIME),
        "dateTimeStamp" => ("タイムゾーン付きの日時", HINT_DATE_TIME),
        "time" => ("時刻", "時刻は hh:mm:ss（例: 09:30:00）の形で、00:00:00〜23:59:59 の時刻を書いてください。"),
        "gYearMonth" => ("年月", "年月は YYYY-MM（例: 2025-04）の形で書いてください。"),
        "gYear" => ("年", "年は西暦 4 桁（例: 2025）で書いてください。"),
        "gMonthDay" => ("月日", "月日は --MM-DD（例: --04-01）の形で、実在する月日を書いてください。"),
        "gDay" => ("日", "日は ---DD（例: ---01）の形で書いてください。"),
        "gMonth" => ("月", "月は --MM（例: --04）の形で書いてください。"),
        "duration" | "yearMonthDuration" | "dayTimeDuration" => {
            ("期間", "期間は P1Y2M3D、PT4H30M のような形（ISO 8601）で書いてください。")
        }
        "base64Binary" => ("Base64 のバイナリ", "Base64 の文字（A〜Z、a〜z、0〜9、+、/）と末尾の「=」で、4 文字単位で書いてください（改行と空白は入れてかまいません）。途中で切れていないか確認してください。"),
        "hexBinary" => ("16 進数のバイナリ", "0〜9 と A〜F の 16 進数字を偶数個、空白を入れずに書いてください。"),
        "anyURI" => ("URI", "URI として使えない書き方になっていないか確認してください。"),
        "QName" => ("修飾名（接頭辞:名前）", "接頭辞を使うときは、その名前空間を xmlns: で宣言してください。"),
        "NOTATION" => ("記法名", "スキーマで宣言された記法の名前を書いてください。"),
        "Name" => ("XML の名前", HINT_NAME),
        "NCName" => ("XML の名前（コロンなし）", HINT_NAME),
        "ID" => ("識別子（ID）", HINT_NAME),
        "IDREF" | "IDREFS" => ("識別子の参照（IDREF）", HINT_NAME),
        "ENTITY" | "ENTITIES" => ("実体名", HINT_NAME),
        "NMTOKEN" | "NMTOKENS" => ("名前トークン", "空白や使えない記号を入れずに書いてください。"),
        "language" => ("言語タグ", "言語タグは ja、en-US のような形で書いてください。"),
        _ => return None,
    })
}

pub fn xsd_warning(name: &str) -> Wording {
    Wording {
        code: "XSD-050",
        severity: Severity::Warning,
        message: format!("「{name}」について検査エンジンが注意を出しました。"),
        hint: "詳細（detail）を確認してください。提出は妨げません。".into(),
    }
}
