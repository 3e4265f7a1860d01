//! The domain checks as a schema set declares them: a small synthetic set (its own XSD,
//! checks.toml and code table) exercises every rule kind and the codes no sample raises.

use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{root, stderr, Rinko};

const XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="票">
    <xs:annotation><xs:documentation>テスト票</xs:documentation></xs:annotation>
    <xs:complexType><xs:sequence>
      <xs:element name="区分" type="xs:string" minOccurs="0"><xs:annotation><xs:documentation>申請区分</xs:documentation></xs:annotation></xs:element>
      <xs:element name="電話" type="xs:string" minOccurs="0"><xs:annotation><xs:documentation>電話番号</xs:documentation></xs:annotation></xs:element>
      <xs:element name="メール" type="xs:string" minOccurs="0"><xs:annotation><xs:documentation>メールアドレス</xs:documentation></xs:annotation></xs:element>
      <xs:element name="番号" type="xs:string" minOccurs="0"><xs:annotation><xs:documentation>公費負担者番号</xs:documentation></xs:annotation></xs:element>
      <xs:element name="氏名" type="xs:string" minOccurs="0"><xs:annotation><xs:documentation>患者氏名</xs:documentation></xs:annotation></xs:element>
      <xs:element name="カナ" type="xs:string" minOccurs="0"><xs:annotation><xs:documentation>氏名カナ</xs:documentation></xs:annotation></xs:element>
      <xs:element name="生年月日" type="xs:date" minOccurs="0"><xs:annotation><xs:documentation>生年月日</xs:documentation></xs:annotation></xs:element>
      <xs:element name="生年月日和暦" type="xs:string" minOccurs="0"><xs:annotation><xs:documentation>生年月日（和暦）</xs:documentation></xs:annotation></xs:element>
      <xs:element name="発症" minOccurs="0">
        <xs:annotation><xs:documentation>発症年月</xs:documentation></xs:annotation>
        <xs:complexType><xs:sequence>
          <xs:element name="元号" type="xs:string"/><xs:element name="年" type="xs:string"/><xs:element name="月" type="xs:string"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="記載日" type="xs:date" minOccurs="0"><xs:annotation><xs:documentation>記載日</xs:documentation></xs:annotation></xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>"#;

const MANIFEST: &str = r#"id = "test-domain"
version = "1"
name = "ドメイン検査のテスト"
valid_from = "2000-01-01"
[[route]]
form = "テスト票"
root = "票"
xsd = "t.xsd"
"#;

const CHECKS: &str = r#"codes_as_of = "記載日"
[[repertoire]]
id = "text"
name = "一般"
default = true
pua = "error"
control = "error"
[[repertoire]]
id = "kana"
name = "全角カタカナ"
allow = ["katakana", "prolonged_sound_mark", "ideographic_space"]
others = "error"
[[repertoire]]
id = "jis"
name = "JIS 第1・第2水準"
allow = ["jis_x_0208", "ascii"]
others = "warning"
[[field]]
path = "/票/カナ"
chars = "kana"
[[field]]
path = "/票/氏名"
chars = "jis"
[[field]]
path = "/票/区分"
codes = "kind"
[[field]]
path = "/票/番号"
codes = "pref"
start = 3
length = 2
check_digit = "公費負担者番号"
[[date]]
name = "生年月日"
path = "/票/生年月日"
wareki = "/票/生年月日和暦"
[[date]]
name = "発症年月"
path = "/票/発症"
era = "元号"
year = "年"
month = "月"
[[date]]
name = "記載日"
path = "/票/記載日"
[[rule]]
kind = "one-of"
fields = ["/票/電話", "/票/メール"]
[[rule]]
kind = "equals-code"
field = "/票/番号"
start = 1
length = 2
equals = ["54"]
if = { field = "/票/区分", equals = ["1"] }
[[rule]]
kind = "date-order"
dates = ["生年月日", "発症年月", "記載日", "today"]
[[rule]]
kind = "age-range"
birth = "生年月日"
at = "記載日"
from = 1
below = 18
hint = "テストの年齢規則です。"
"#;

const KIND: &str = "code,name,valid_from,valid_until\n1,新規,,\n2,更新,,\n9,旧区分,,2020-03-31\n";
const PREF: &str = "code,name,valid_from,valid_until\n13,東京都,,\n14,神奈川県,,\n";

/// A set folder with the XSD, manifest, checks and two code tables.
fn set() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("t.xsd"), XSD).unwrap();
    std::fs::write(p.join("schema-set.toml"), MANIFEST).unwrap();
    std::fs::write(p.join("checks.toml"), CHECKS).unwrap();
    std::fs::create_dir(p.join("codes")).unwrap();
    let mut manifest = String::new();
    for (id, csv) in [("kind", KIND), ("pref", PREF)] {
        std::fs::write(p.join(format!("codes/{id}.csv")), csv).unwrap();
        manifest.push_str(&format!(
            "[[table]]\nid = \"{id}\"\nname = \"{id} 表\"\nversion = \"t1\"\nfile = \"{id}.csv\"\nsha256 = \"{}\"\n",
            hex::encode(Sha256::digest(csv.as_bytes()))
        ));
    }
    std::fs::write(p.join("codes/manifest.toml"), manifest).unwrap();
    dir
}

/// A clean document; `edit` replaces one child's XML.
fn doc(edits: &[(&str, &str)]) -> String {
    let mut children = vec![
        ("区分", "<区分>1</区分>".to_string()),
        ("電話", "<電話>03-0000-0000</電話>".to_string()),
        ("メール", String::new()),
        ("番号", "<番号>54136015</番号>".to_string()),
        ("氏名", "<氏名>山田 太郎</氏名>".to_string()),
        ("カナ", "<カナ>ヤマダ　タロウ</カナ>".to_string()),
        ("生年月日", "<生年月日>2015-04-02</生年月日>".to_string()),
        (
            "生年月日和暦",
            "<生年月日和暦>平成27年4月2日</生年月日和暦>".to_string(),
        ),
        (
            "発症",
            "<発症><元号>5</元号><年>2</年><月>6</月></発症>".to_string(),
        ),
        ("記載日", "<記載日>2025-05-01</記載日>".to_string()),
    ];
    for (name, xml) in edits {
        children.iter_mut().find(|(n, _)| n == name).unwrap().1 = xml.to_string();
    }
    let body: String = children
        .into_iter()
        .map(|(_, x)| format!("  {x}\n"))
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<票>\n{body}</票>\n")
}

fn findings(set: &Path, xml: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Rinko::new()
        .data(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2025-06-01",
            "--schema-set",
        ])
        .arg(set)
        .arg(&file)
        .run();
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    v["files"][0]["findings"].as_array().unwrap().clone()
}

fn codes(found: &[Value]) -> Vec<&str> {
    found.iter().map(|f| f["code"].as_str().unwrap()).collect()
}

#[test]
fn the_clean_document_passes() {
    let set = set();
    let found = findings(set.path(), &doc(&[]));
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn each_mistake_gets_its_code_label_and_value() {
    let set = set();
    // (replacements in the clean document, the one code, the label)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: &[Case] = &[
        (
            &[("メール", "<メール>a@example.com</メール>")],
            "RULE-003",
            "メールアドレス",
        ),
        (&[("電話", "")], "RULE-003", "電話番号"),
        (
            &[("番号", "<番号>52136017</番号>")],
            "RULE-004",
            "公費負担者番号",
        ),
        (
            &[("番号", "<番号>54996012</番号>")],
            "CODE-001",
            "公費負担者番号",
        ),
        (
            &[("番号", "<番号>5413601</番号>")],
            "DIGIT-002",
            "公費負担者番号",
        ),
        (&[("区分", "<区分>9</区分>")], "CODE-002", "申請区分"),
        (&[("区分", "<区分>7</区分>")], "CODE-001", "申請区分"),
        (&[("カナ", "<カナ>やまだ</カナ>")], "CHAR-008", "氏名カナ"),
        (&[("氏名", "<氏名>山田 é</氏名>")], "CHAR-007", "患者氏名"),
        (
            &[("生年月日和暦", "<生年月日和暦>へいせい</生年月日和暦>")],
            "DATE-008",
            "生年月日（和暦）",
        ),
        (
            &[("生年月日和暦", "<生年月日和暦>H27.4.3</生年月日和暦>")],
            "DATE-004",
            "生年月日（和暦）",
        ),
        (
            &[("生年月日和暦", "<生年月日和暦>R1.4.2</生年月日和暦>")],
            "DATE-003",
            "生年月日（和暦）",
        ),
        (
            &[("発症", "<発症><元号>4</元号><年>31</年><月>5</月></発症>")],
            "DATE-003",
            "発症年月",
        ),
        (
            &[("発症", "<発症><元号>5</元号><年>2</年><月>13</月></発症>")],
            "DATE-002",
            "発症年月",
        ),
        (
            &[("発症", "<発症><元号>4</元号><年>20</年><月>1</月></発症>")],
            "DATE-005",
            "発症年月",
        ),
        (
            &[
                ("生年月日", "<生年月日>2024-06-01</生年月日>"),
                ("生年月日和暦", ""),
                ("発症", ""),
            ],
            "DATE-007",
            "生年月日",
        ),
    ];
    for (edits, code, label) in cases {
        let found = findings(set.path(), &doc(edits));
        assert_eq!(codes(&found), [*code], "{edits:?}: {found:#?}");
        let f = &found[0];
        assert_eq!(f["label"], *label, "{f:#?}");
        assert!(!f["hint"].as_str().unwrap().is_empty(), "{f:#?}");
        assert!(f["line"].as_u64().unwrap() >= 2, "{f:#?}");
    }
}

#[test]
fn rule_messages_say_why_the_rule_applies() {
    let set = set();
    let found = findings(set.path(), &doc(&[("番号", "<番号>52136017</番号>")]));
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("「申請区分」が1（新規）のときは"),
        "{message}"
    );
    assert!(message.contains("「54」のはずですが「52」"), "{message}");
    let found = findings(set.path(), &doc(&[("区分", "<区分>7</区分>")]));
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("近いコード"), "{message}");
    let found = findings(
        set.path(),
        &doc(&[
            ("生年月日", "<生年月日>2024-06-01</生年月日>"),
            ("生年月日和暦", ""),
            ("発症", ""),
        ]),
    );
    assert_eq!(found[0]["hint"], "テストの年齢規則です。");
    assert!(
        found[0]["message"].as_str().unwrap().contains("0 歳"),
        "{:#?}",
        found[0]
    );
}

#[test]
fn a_value_the_xsd_refused_is_not_judged_again() {
    let set = set();
    let found = findings(
        set.path(),
        &doc(&[("記載日", "<記載日>2025-02-30</記載日>")]),
    );
    assert_eq!(codes(&found), ["XSD-015"], "{found:#?}");
}

/// `rinko check --schema-set SET samples/valid`.
fn check_samples_with(set: &Path) -> std::process::Output {
    Rinko::new()
        .data(set.join("no-data"))
        .args(["check", "--schema-set"])
        .arg(set)
        .arg(root().join("samples/valid"))
        .run()
}

#[test]
fn a_broken_checks_toml_is_a_usage_error_naming_it() {
    let set = set();
    std::fs::write(
        set.path().join("checks.toml"),
        CHECKS.replace("codes = \"kind\"", "codes = \"missing\""),
    )
    .unwrap();
    let out = check_samples_with(set.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("missing"), "{err}");
}

#[test]
fn an_edited_code_table_is_refused() {
    let set = set();
    std::fs::write(
        set.path().join("codes/kind.csv"),
        KIND.replace("更新", "変更"),
    )
    .unwrap();
    let out = check_samples_with(set.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("SHA-256"));
}

/// A sample with one replacement, checked against the embedded sets.
fn embedded_findings(sample: &str, from: &str, to: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(root().join(sample)).unwrap();
    assert!(text.contains(from), "{sample} has no {from}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.xml");
    std::fs::write(&file, text.replace(from, to)).unwrap();
    let out = Rinko::new()
        .data(dir.path())
        .args(["check", "--format", "json", "--today", "2025-06-01"])
        .arg(&file)
        .run();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["files"][0]["findings"].as_array().unwrap().clone()
}

#[test]
fn a_date_part_or_wareki_the_xsd_refused_gives_one_finding() {
    let sample = "samples/valid/kojinhyo-2025-koushin.xml";
    let found = embedded_findings(sample, "<年>20</年>", "<年>0</年>");
    assert_eq!(codes(&found), ["XSD-015"], "{found:#?}");
    let long = format!("令和6年2月30日{}", "　".repeat(100));
    let found = embedded_findings(
        sample,
        "<生年月日和暦>昭和40年1月31日</生年月日和暦>",
        &format!("<生年月日和暦>{long}</生年月日和暦>"),
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(codes(&found)[0].starts_with("XSD-"), "{found:#?}");
}
