//! The wording and severity of XSD findings, through `rinko check --xsd` as a vendor runs it on
//! its own schema: datatype failures in Japanese with the whole value, hints in instances that
//! Rinko does not use, and field names from documentation that is prose.

use serde_json::Value;

use crate::common::{text, Rinko};

/// `rinko check --format json --xsd XSD DOC` on files written to a temporary folder: the report
/// and the exit code.
fn check(xsd: &str, doc: &str) -> (Value, i32) {
    let dir = tempfile::tempdir().unwrap();
    let (xsd_path, doc_path) = (dir.path().join("a.xsd"), dir.path().join("a.xml"));
    std::fs::write(&xsd_path, xsd).unwrap();
    std::fs::write(&doc_path, doc).unwrap();
    let out = Rinko::new()
        .args(["check", "--format", "json", "--xsd"])
        .arg(&xsd_path)
        .arg(&doc_path)
        .run();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&out)));
    (report, out.status.code().unwrap())
}

fn findings(report: &Value) -> Vec<Value> {
    report["files"][0]["findings"].as_array().unwrap().clone()
}

// ---------------------------------------------------------------------------------------------
// xsi:schemaLocation

const ROOT_XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r" type="xs:string"/>
</xs:schema>"#;

fn with_schema_location(value: &str) -> String {
    format!(
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{value}">x</r>"#
    )
}

/// Structures §4.3.2: the pairs are hints a processor may ignore, and Rinko ignores them. An odd
/// number of tokens is a malformed hint, not an invalid document.
#[test]
fn an_odd_schema_location_is_a_warning_and_the_document_passes() {
    for (value, tokens) in [(r"C:\XML\CDA.xsd", 1), ("urn:a a.xsd urn:b", 3)] {
        let (report, code) = check(ROOT_XSD, &with_schema_location(value));
        assert_eq!(code, 0, "{value}: {report:#}");
        assert_eq!(report["files"][0]["status"], "pass");
        let f = findings(&report);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            (f[0]["code"].as_str(), f[0]["severity"].as_str()),
            (Some("XSD-051"), Some("warning")),
            "{f:#?}"
        );
        let message = f[0]["message"].as_str().unwrap();
        assert!(message.contains(&format!("「{value}」")), "{message}");
        assert!(message.contains(&format!("{tokens} 個")), "{message}");
        assert!(message.contains("使いません"), "{message}");
        assert_eq!(f[0]["path"], "/r/@schemaLocation");
    }
}

#[test]
fn a_well_formed_schema_location_is_not_mentioned_at_all() {
    let (report, code) = check(ROOT_XSD, &with_schema_location("urn:a a.xsd"));
    assert_eq!(code, 0, "{report:#}");
    assert!(findings(&report).is_empty(), "{report:#}");
}

// ---------------------------------------------------------------------------------------------
// Datatype failures

/// A builtin type, a value it refuses, and the words the message must use for the type.
const BAD_VALUES: &[(&str, &str, &str)] = &[
    ("integer", "12a", "整数"),
    ("nonNegativeInteger", "3.5", "0 以上の整数"),
    ("positiveInteger", "0", "1 以上の整数"),
    ("negativeInteger", "5", "-1 以下の整数"),
    ("nonPositiveInteger", "1", "0 以下の整数"),
    ("long", "9223372036854775808", "整数"),
    ("int", "2147483648", "整数"),
    ("short", "40000", "整数"),
    ("byte", "200", "-128〜127 の整数"),
    ("unsignedByte", "-1", "0〜255 の整数"),
    ("unsignedShort", "70000", "0〜65535 の整数"),
    ("unsignedInt", "1.0", "整数"),
    ("decimal", "1,5", "10 進数"),
    ("float", "abc", "浮動小数点数"),
    ("double", "1.0.0", "浮動小数点数"),
    ("boolean", "yes", "真偽値"),
    ("date", "2004-02-30", "日付"),
    ("dateTime", "2004-13-17T10:00:00", "日時"),
    ("time", "25:00:00", "時刻"),
    ("gYearMonth", "2004-13", "年月"),
    ("gYear", "04", "年"),
    ("gMonthDay", "--02-30", "月日"),
    ("gDay", "---32", "日"),
    ("gMonth", "--13", "月"),
    ("duration", "P1Y2M3DT", "期間"),
    ("base64Binary", "QUJ", "Base64"),
    ("hexBinary", "ABC", "16 進数"),
    ("QName", "undeclared:x", "修飾名"),
    ("NCName", "a:b", "XML の名前"),
    ("Name", "1a", "XML の名前"),
    ("language", "日本語", "言語タグ"),
    ("NMTOKEN", "a b", "名前トークン"),
];

/// Two ASCII words of two letters or more in a row, outside 「…」: English prose.
fn english_sentence(text: &str) -> Option<String> {
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '「' => depth += 1,
            '」' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => outside.push('　'),
        }
    }
    let words: Vec<(usize, &str)> = outside
        .match_indices(|c: char| c.is_ascii_alphabetic())
        .map(|(i, _)| i)
        .fold(Vec::<(usize, usize)>::new(), |mut runs, i| {
            match runs.last_mut() {
                Some((_, end)) if *end == i => *end = i + 1,
                _ => runs.push((i, i + 1)),
            }
            runs
        })
        .into_iter()
        .map(|(s, e)| (s, &outside[s..e]))
        .collect();
    words.windows(2).find_map(|w| {
        let ((s0, a), (s1, b)) = (w[0], w[1]);
        let between = &outside[s0 + a.len()..s1];
        (a.len() >= 2
            && b.len() >= 2
            && !between.is_empty()
            && between.chars().all(|c| " ,;'\"".contains(c)))
        .then(|| format!("{a}{between}{b}"))
    })
}

#[test]
fn the_english_sentence_detector_detects() {
    assert!(english_sentence("invalid digit found in string").is_some());
    assert!(
        english_sentence("「a」の値「invalid digit」は整数（xs:integer）ではありません。")
            .is_none()
    );
    assert!(english_sentence("日時（YYYY-MM-DDThh:mm:ss）").is_none());
}

#[test]
fn a_datatype_failure_is_japanese_names_the_type_and_quotes_the_whole_value() {
    let elements: String = BAD_VALUES
        .iter()
        .enumerate()
        .map(|(i, (ty, _, _))| format!(r#"<xs:element name="e{i}" type="xs:{ty}"/>"#))
        .collect();
    let xsd = format!(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r"><xs:complexType><xs:sequence>{elements}</xs:sequence></xs:complexType></xs:element>
</xs:schema>"#
    );
    let values: String = BAD_VALUES
        .iter()
        .enumerate()
        .map(|(i, (_, v, _))| format!("<e{i}>{v}</e{i}>\n"))
        .collect();
    let (report, code) = check(&xsd, &format!("<r>\n{values}</r>"));
    assert_eq!(code, 1, "{report:#}");
    let found = findings(&report);
    let mut failures = Vec::new();
    for (i, (ty, value, words)) in BAD_VALUES.iter().enumerate() {
        let path = format!("/r/e{i}");
        let Some(f) = found.iter().find(|f| f["path"] == path.as_str()) else {
            failures.push(format!("{ty} {value:?}: no finding"));
            continue;
        };
        let (message, hint) = (f["message"].as_str().unwrap(), f["hint"].as_str().unwrap());
        if f["code"] != "XSD-015" {
            failures.push(format!(
                "{ty} {value:?}: {} (not XSD-015): {message}",
                f["code"]
            ));
        }
        if !message.contains(&format!("「{value}」")) {
            failures.push(format!(
                "{ty}: the whole value 「{value}」 is not quoted: {message}"
            ));
        }
        if !message.contains(words) {
            failures.push(format!(
                "{ty}: the type is not named as 「{words}」: {message}"
            ));
        }
        for text in [message, hint] {
            if let Some(e) = english_sentence(text) {
                failures.push(format!("{ty}: English ({e:?}) in {text}"));
            }
            if text.contains("Invalid") || text.contains("invalid") {
                failures.push(format!("{ty}: engine text in {text}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An attribute's datatype failure reads the same way, with the attribute named as such.
#[test]
fn an_attribute_datatype_failure_names_the_type() {
    let (report, _) = check(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r"><xs:complexType><xs:attribute name="at" type="xs:date"/></xs:complexType></xs:element>
</xs:schema>"#,
        r#"<r at="2020-02-30"/>"#,
    );
    let f = &findings(&report)[0];
    assert_eq!(f["code"], "XSD-015");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("属性「at」の値「2020-02-30」"),
        "{message}"
    );
    assert!(message.contains("日付"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Labels from xs:documentation

/// Documentation written as prose (public standards document their elements so) does not name a
/// field: the element's name does. A short first line still is the label.
#[test]
fn prose_documentation_is_not_a_field_name() {
    let decl = |name: &str, doc: &str| {
        format!(
            r#"<xs:element name="{name}" type="xs:integer"><xs:annotation><xs:documentation>{doc}</xs:documentation></xs:annotation></xs:element>"#
        )
    };
    let xsd = format!(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r"><xs:complexType><xs:sequence>{}{}{}{}{}</xs:sequence></xs:complexType></xs:element>
</xs:schema>"#,
        decl(
            "extensions",
            "A container for all extensions present in the document."
        ),
        decl("kensa", "検査日"),
        decl("shimei", "\n  氏名（カナ）\n  全角カタカナで記入する。\n"),
        decl("biko", "患者の状態を記入する。"),
        decl("taion", "体温（37.5℃以上は発熱）"),
    );
    let (report, _) = check(
        &xsd,
        "<r><extensions>x</extensions><kensa>x</kensa><shimei>x</shimei><biko>x</biko><taion>x</taion></r>",
    );
    let f = findings(&report);
    let label_and_name = |path: &str| {
        let f = f
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("no finding at {path}: {f:#?}"));
        let message = f["message"].as_str().unwrap().to_string();
        (f["label"].as_str().map(str::to_string), message)
    };
    for (path, label, named) in [
        ("/r/extensions", None, "「extensions」"),
        ("/r/kensa", Some("検査日"), "「検査日」"),
        ("/r/shimei", Some("氏名（カナ）"), "「氏名（カナ）」"),
        ("/r/biko", None, "「biko」"),
        (
            "/r/taion",
            Some("体温（37.5℃以上は発熱）"),
            "「体温（37.5℃以上は発熱）」",
        ),
    ] {
        let (got, message) = label_and_name(path);
        assert_eq!(got.as_deref(), label, "{path}: {message}");
        assert!(message.starts_with(named), "{path}: {message}");
    }

    // The elements a content model expects are named the same way.
    let (report, _) = check(&xsd, "<r><kensa>1</kensa></r>");
    let f = findings(&report);
    let message = f[0]["message"].as_str().unwrap();
    assert_eq!(f[0]["code"], "XSD-001", "{f:#?}");
    assert!(
        message.contains("この位置に置ける項目: 「extensions」"),
        "{message}"
    );
}
