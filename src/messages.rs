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
    let item = if s.is_attribute { "属性" } else { "項目" };
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
            match (&s.bound, s.value) {
                // The tracker keeps at most 1 KiB of a value: count only what was kept whole.
                (Some(b), Some(v)) if v.len() < 1000 => format!("「{name}」{value}は {} 文字です。決められた文字数（桁数）は {b}です。", v.chars().count()),
                (Some(b), _) => format!("「{name}」の文字数（桁数）が決められた範囲（{b}）を外れています。"),
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
            let hint = if engine_message.contains("date") {
                "日付は YYYY-MM-DD（例: 2025-04-01）の形で、実在する日付を書いてください。"
            } else if engine_message.contains("integer") || engine_message.contains("decimal") {
                "半角数字で書いてください（全角数字・空白・単位は書けません）。"
            } else {
                "項目の型に合う値を書いてください（数値、日付、コードなど）。"
            };
            ("XSD-015", format!("「{name}」{value}は{item}の型に合いません。"), hint)
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
        severity: Severity::Error,
        message,
        hint: hint.to_string(),
    }
}

pub fn xsd_warning(name: &str) -> Wording {
    Wording {
        code: "XSD-050",
        severity: Severity::Warning,
        message: format!("「{name}」について検査エンジンが注意を出しました。"),
        hint: "詳細（detail）を確認してください。提出は妨げません。".into(),
    }
}
