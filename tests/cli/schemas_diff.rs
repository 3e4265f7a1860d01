//! `rinko schemas diff OLD NEW`: two small sets written here differ in known ways, one of each
//! kind the command tells; each must be reported exactly once, and nothing else (a relabelled
//! field a rule names changes no rule, the fields inside an added block are counted in it, a
//! field inside a moved block is not moved again). Then the shipped 臨個票 2023 → 2025, whose
//! differences the sets' own comments list, and the refusals.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{stderr, stdout, text, Rinko};

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:diff"
  xmlns="urn:test:diff" elementFormDefault="qualified">"#;

fn el(name: &str, label: &str, rest: &str) -> String {
    format!(
        "<xs:element name=\"{name}\"{rest}><xs:annotation><xs:documentation>{label}</xs:documentation></xs:annotation></xs:element>"
    )
}

fn old_xsd() -> String {
    format!(
        r#"{HEAD}
<xs:element name="票"><xs:annotation><xs:documentation>試験票</xs:documentation></xs:annotation>
 <xs:complexType><xs:sequence>
  <xs:element name="区分"><xs:annotation><xs:documentation>区分</xs:documentation></xs:annotation>
   <xs:simpleType><xs:restriction base="xs:string">
    <xs:enumeration value="1"><xs:annotation><xs:documentation>新規</xs:documentation></xs:annotation></xs:enumeration>
    <xs:enumeration value="2"><xs:annotation><xs:documentation>更新</xs:documentation></xs:annotation></xs:enumeration>
   </xs:restriction></xs:simpleType></xs:element>
  {number}
  <xs:element name="患者"><xs:annotation><xs:documentation>患者</xs:documentation></xs:annotation>
   <xs:complexType><xs:sequence>
    <xs:element name="氏名"><xs:annotation><xs:documentation>氏名</xs:documentation></xs:annotation>
     <xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="10"/></xs:restriction></xs:simpleType></xs:element>
    {kana}
    {birth}
    {sex}
    {postcode}
    {phone}
    {note}
   </xs:sequence></xs:complexType></xs:element>
  <xs:element name="連絡先"><xs:annotation><xs:documentation>連絡先</xs:documentation></xs:annotation>
   <xs:complexType><xs:sequence>{address}{mail}{fax}</xs:sequence></xs:complexType></xs:element>
  {written}
 </xs:sequence>
 <xs:attribute name="版" type="xs:string" use="required" fixed="1"><xs:annotation><xs:documentation>様式の版</xs:documentation></xs:annotation></xs:attribute>
 </xs:complexType></xs:element>
</xs:schema>
"#,
        number = el("番号", "受給者番号", " type=\"xs:string\""),
        kana = el("カナ", "氏名カナ", " type=\"xs:string\""),
        birth = el("生年月日", "生年月日", " type=\"xs:string\""),
        sex = el("性別", "性別", " type=\"xs:string\""),
        postcode = el(
            "郵便番号",
            "郵便番号",
            " type=\"xs:string\" minOccurs=\"0\""
        ),
        phone = el("電話", "電話番号", " type=\"xs:string\" minOccurs=\"0\""),
        note = el("備考", "備考", " type=\"xs:string\" minOccurs=\"0\""),
        address = el("住所", "住所", " type=\"xs:string\""),
        mail = el("メール", "メール", " type=\"xs:string\""),
        fax = el("FAX", "FAX", " type=\"xs:string\""),
        written = el("記載日", "記載日", " type=\"xs:date\""),
    )
}

/// The old form with one change of each kind.
fn new_xsd() -> String {
    format!(
        r#"{HEAD}
<xs:element name="票"><xs:annotation><xs:documentation>試験票</xs:documentation></xs:annotation>
 <xs:complexType><xs:sequence>
  <xs:element name="区分"><xs:annotation><xs:documentation>区分</xs:documentation></xs:annotation>
   <xs:simpleType><xs:restriction base="xs:string">
    <xs:enumeration value="1"><xs:annotation><xs:documentation>新規</xs:documentation></xs:annotation></xs:enumeration>
    <xs:enumeration value="2"><xs:annotation><xs:documentation>更新申請</xs:documentation></xs:annotation></xs:enumeration>
    <xs:enumeration value="3"><xs:annotation><xs:documentation>変更</xs:documentation></xs:annotation></xs:enumeration>
   </xs:restriction></xs:simpleType></xs:element>
  {number}
  <xs:element name="患者"><xs:annotation><xs:documentation>患者</xs:documentation></xs:annotation>
   <xs:complexType><xs:sequence>
    <xs:element name="氏名"><xs:annotation><xs:documentation>氏名</xs:documentation></xs:annotation>
     <xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="20"/></xs:restriction></xs:simpleType></xs:element>
    {kana}
    {birth}
    {sex}
    {postcode}
   </xs:sequence></xs:complexType></xs:element>
  <xs:element name="連絡先"><xs:annotation><xs:documentation>連絡先</xs:documentation></xs:annotation>
   <xs:complexType><xs:sequence>{mail}{fax}{address}{phone}</xs:sequence></xs:complexType></xs:element>
  {written}
  <xs:element name="個別" minOccurs="0"><xs:annotation><xs:documentation>個別項目</xs:documentation></xs:annotation>
   <xs:complexType><xs:sequence>{a}{b}</xs:sequence></xs:complexType></xs:element>
 </xs:sequence>
 <xs:attribute name="版" type="xs:string" use="required" fixed="2"><xs:annotation><xs:documentation>様式の版</xs:documentation></xs:annotation></xs:attribute>
 </xs:complexType></xs:element>
</xs:schema>
"#,
        number = el("番号", "受給者番号", " type=\"xs:string\""),
        kana = el("カナ", "患者氏名カナ", " type=\"xs:string\""),
        birth = el("生年月日", "生年月日", " type=\"xs:date\""),
        sex = el("性別", "性別", " type=\"xs:string\""),
        postcode = el("郵便番号", "郵便番号", " type=\"xs:string\""),
        phone = el("電話", "電話番号", " type=\"xs:string\" minOccurs=\"0\""),
        address = el("住所", "住所", " type=\"xs:string\""),
        mail = el("メール", "メール", " type=\"xs:string\""),
        fax = el("FAX", "FAX", " type=\"xs:string\""),
        written = el("記載日", "記載日", " type=\"xs:date\""),
        a = el("項目A", "項目A", " type=\"xs:string\""),
        b = el("項目B", "項目B", " type=\"xs:string\""),
    )
}

const OTHER_XSD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:diff"
  xmlns="urn:test:diff" elementFormDefault="qualified">
<xs:element name="別票" type="xs:string"/>
</xs:schema>
"#;

const OLD_CHECKS: &str = r#"
[[field]]
path = "/票/区分"
codes = "t_kubun"

[[date]]
name = "記載日"
path = "/票/記載日"

[[rule]]
kind = "required-if"
field = "/票/番号"
if = { field = "/票/区分", equals = ["2"] }

[[rule]]
kind = "required-if"
field = "/票/患者/カナ"
if = { field = "/票/区分", equals = ["1"] }

[[rule]]
kind = "forbidden-if"
field = "/票/患者/郵便番号"
if = { field = "/票/区分", equals = ["1"] }

[[rule]]
kind = "equals-code"
field = "/票/番号"
start = 1
length = 2
equals = ["54"]
"#;

const NEW_CHECKS: &str = r#"
[[repertoire]]
id = "jis"
name = "JIS X 0208 の文字と ASCII"
allow = ["jis_x_0208", "ascii"]
others = "warning"

[[field]]
path = "/票/区分"
codes = "t_kubun"

[[field]]
path = "/票/番号"
check_digit = "受給者番号"

[[field]]
path = "/票/患者/氏名"
chars = "jis"

[[field]]
path = "/票/患者/性別"
codes = "sex"

[[date]]
name = "生年月日"
path = "/票/患者/生年月日"

[[rule]]
kind = "required-if"
field = "/票/番号"
if = { field = "/票/区分", equals = ["2"] }

[[rule]]
kind = "required-if"
field = "/票/患者/カナ"
if = { field = "/票/区分", equals = ["1"] }

[[rule]]
kind = "equals-code"
field = "/票/番号"
start = 1
length = 2
equals = ["54", "55"]

[[rule]]
kind = "required-if"
field = "/票/記載日"
"#;

/// A set folder: its manifest, XSDs, checks and one code table of its own.
fn write_set(
    dir: &Path,
    id: &str,
    version: &str,
    xsds: &[(&str, &str, &str)],
    checks: &str,
    kubun: &str,
) {
    std::fs::create_dir_all(dir.join("codes")).unwrap();
    let mut manifest = format!(
        "id = \"{id}\"\nversion = \"{version}\"\nname = \"差分の試験 {version}\"\nvalid_from = \"2025-04-01\"\nlabels = \"xs:documentation\"\n"
    );
    for (file, root, body) in xsds {
        std::fs::write(dir.join(file), body).unwrap();
        let when = if *root == "票" {
            format!(
                "when = [ {{ attribute = \"版\", equals = \"{}\" }} ]\n",
                &version[..1]
            )
        } else {
            String::new()
        };
        manifest.push_str(&format!(
            "\n[[route]]\nform = \"{root} {version}\"\nnamespace = \"urn:test:diff\"\nroot = \"{root}\"\nxsd = \"{file}\"\n{when}"
        ));
    }
    std::fs::write(dir.join("schema-set.toml"), manifest).unwrap();
    std::fs::write(dir.join("checks.toml"), checks).unwrap();
    std::fs::write(dir.join("codes/kubun.csv"), kubun).unwrap();
    std::fs::write(
        dir.join("codes/manifest.toml"),
        format!(
            "[[table]]\nid = \"t_kubun\"\nname = \"区分\"\nversion = \"{version}\"\nfile = \"kubun.csv\"\nsha256 = \"{}\"\n",
            hex::encode(Sha256::digest(kubun.as_bytes()))
        ),
    )
    .unwrap();
}

fn small_sets(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (old, new) = (dir.join("old"), dir.join("new"));
    let header = "code,name,valid_from,valid_until\n";
    write_set(
        &old,
        "test-diff-old",
        "1.0",
        &[("a.xsd", "票", &old_xsd())],
        OLD_CHECKS,
        &format!("{header}1,新規,,\n2,更新,,\n"),
    );
    write_set(
        &new,
        "test-diff-new",
        "2.0",
        &[("a.xsd", "票", &new_xsd()), ("b.xsd", "別票", OTHER_XSD)],
        NEW_CHECKS,
        &format!("{header}1,新規,,\n2,更新申請,,\n3,変更,,\n"),
    );
    (old, new)
}

fn diff(old: &Path, new: &Path, more: &[&str]) -> std::process::Output {
    Rinko::new()
        .args(["schemas", "diff"])
        .arg(old)
        .arg(new)
        .args(more)
        .run()
}

fn json(o: &std::process::Output) -> Value {
    assert_eq!(o.status.code(), Some(0), "{}", text(o));
    serde_json::from_str(&stdout(o)).expect("JSON")
}

/// (change, path) of every field change of the form rooted at `root`.
fn field_changes(changes: &Value, root: &str) -> Vec<(String, String)> {
    changes["forms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["root"] == root)
        .unwrap()["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap().to_string(),
                c["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_known_difference_of_two_small_sets_is_reported_once_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = small_sets(dir.path());
    let changes = json(&diff(&old, &new, &["--format", "json"]));
    assert_eq!(changes["format_version"], 1);
    assert_eq!(changes["old"]["id"], "test-diff-old");
    assert_eq!(changes["new"]["version"], "2.0");

    let got = field_changes(&changes, "票");
    let expected: Vec<(&str, &str)> = vec![
        ("route", "/票"),
        ("value-rules", "/票/@版"),
        ("enumeration", "/票/区分"),
        ("check-digit", "/票/番号"),
        ("value-rules", "/票/患者/氏名"),
        ("chars", "/票/患者/氏名"),
        ("label", "/票/患者/カナ"),
        ("type", "/票/患者/生年月日"),
        ("dates", "/票/患者/生年月日"),
        ("codes", "/票/患者/性別"),
        ("occurrence", "/票/患者/郵便番号"),
        ("removed", "/票/患者/備考"),
        ("order", "/票/連絡先/住所"),
        ("moved", "/票/連絡先/電話"),
        ("dates", "/票/記載日"),
        ("added", "/票/個別"),
    ];
    let as_set =
        |v: &[(String, String)]| -> BTreeSet<(String, String)> { v.iter().cloned().collect() };
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(k, p)| (k.to_string(), p.to_string()))
        .collect();
    assert_eq!(got.len(), as_set(&got).len(), "each once: {got:#?}");
    assert_eq!(as_set(&got), as_set(&expected), "{got:#?}");
    // In the new form's document order (a removed field after the field before it).
    assert_eq!(got, expected, "in document order");

    let forms = changes["forms"].as_array().unwrap();
    let find = |root: &str| forms.iter().find(|f| f["root"] == root).unwrap();
    let added_form = find("別票");
    assert_eq!(added_form["old"], Value::Null);
    assert_eq!(added_form["new"], "別票 2.0");

    let change = |kind: &str, path: &str| -> Value {
        find("票")["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["change"] == kind && c["path"] == path)
            .unwrap()
            .clone()
    };
    let c = change("enumeration", "/票/区分");
    assert_eq!(c["before"], "1 新規／2 更新");
    assert_eq!(c["after"], "1 新規／2 更新申請／3 変更");
    assert_eq!(c["detail"], "追加: 3 変更。意味の変更: 2 更新 → 2 更新申請");
    let c = change("moved", "/票/連絡先/電話");
    assert_eq!(c["old_path"], "/票/患者/電話");
    assert_eq!(c["label"], "電話番号");
    let c = change("added", "/票/個別");
    assert_eq!(c["detail"], "中の 2 項目も追加");
    let c = change("label", "/票/患者/カナ");
    assert_eq!(
        (c["before"].as_str(), c["after"].as_str()),
        (Some("氏名カナ"), Some("患者氏名カナ"))
    );
    let c = change("occurrence", "/票/患者/郵便番号");
    assert_eq!(
        (c["before"].as_str(), c["after"].as_str()),
        (Some("0..1"), Some("1..1"))
    );
    let c = change("order", "/票/連絡先/住所");
    assert_eq!(
        (c["before"].as_str(), c["after"].as_str()),
        (Some("先頭"), Some("「FAX」の後"))
    );

    let rules: Vec<(String, Option<u64>, Option<u64>)> = changes["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["change"].as_str().unwrap().to_string(),
                r["old_number"].as_u64(),
                r["new_number"].as_u64(),
            )
        })
        .collect();
    // R2 names the relabelled カナ and is the same rule: not reported.
    assert_eq!(
        rules,
        [
            ("changed".to_string(), Some(4), Some(3)),
            ("added".to_string(), None, Some(4)),
            ("removed".to_string(), Some(3), None),
        ]
    );
    let tables = changes["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 1, "{tables:?}");
    assert_eq!(tables[0]["id"], "t_kubun");
    assert!(tables[0]["before"]
        .as_str()
        .unwrap()
        .starts_with("版 1.0（2 件"));
    assert!(tables[0]["after"]
        .as_str()
        .unwrap()
        .starts_with("版 2.0（3 件"));

    // The text and the page tell the same changes.
    let o = diff(&old, &new, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let page = stdout(&diff(&old, &new, &["--format", "html"]));
    assert!(page.starts_with("<!DOCTYPE html>"));
    let total = expected.len() + 1 + rules.len() + tables.len();
    assert!(
        stdout(&o).contains(&format!("違い: {total} 件")),
        "{}",
        stdout(&o)
    );
    assert!(page.contains(&format!("違い: {total} 件")));
    for line in [
        "値の一覧  「区分」 /票/区分: 1 新規／2 更新 → 1 新規／2 更新申請／3 変更（追加: 3 変更。意味の変更: 2 更新 → 2 更新申請）",
        "移動  「電話番号」 /票/患者/電話 → /票/連絡先/電話",
        "削除  「備考」 /票/患者/備考: 要素 0..1 xs:string",
        "様式 別票 2.0（ルート要素 別票）: 新しいセットで追加",
    ] {
        assert!(stdout(&o).contains(line), "{line}\n{}", stdout(&o));
    }
    for cell in [
        "<td>1 新規／2 更新申請／3 変更</td>",
        "<td class=\"path\">/票/患者/電話 → /票/連絡先/電話</td>",
        "<td>中の 2 項目も追加</td>",
    ] {
        assert!(page.contains(cell), "{cell}");
    }

    // The other way round: what was added is removed, and the same number of changes.
    let back = json(&diff(&new, &old, &["--format", "json"]));
    let back_changes = field_changes(&back, "票");
    assert!(back_changes.contains(&("removed".into(), "/票/個別".into())));
    assert!(back_changes.contains(&("moved".into(), "/票/患者/電話".into())));
    assert_eq!(back_changes.len(), got.len(), "{back_changes:#?}");

    // A set against itself.
    let same = diff(&old, &old, &[]);
    assert!(
        stdout(&same).contains("違いはありません。"),
        "{}",
        stdout(&same)
    );
}

#[test]
fn the_shipped_kojinhyo_2023_to_2025_shows_what_its_comments_list() {
    let o = Rinko::new()
        .args([
            "schemas",
            "diff",
            "rinko-kojinhyo-2023",
            "rinko-kojinhyo-2025",
            "--format",
            "json",
        ])
        .run();
    let changes = json(&o);
    // schemas/rinko-kojinhyo-2025/schema-set.toml: 患者/郵便番号 が必須、医療機関/電話番号（任意）を
    // 追加、申請区分に 3（変更）を追加; and the discriminating 様式版.
    assert_eq!(
        field_changes(&changes, "臨個票"),
        [
            ("route", "/臨個票"),
            ("value-rules", "/臨個票/@様式版"),
            ("enumeration", "/臨個票/申請区分"),
            ("occurrence", "/臨個票/患者/郵便番号"),
            ("added", "/臨個票/医療機関/電話番号"),
        ]
        .map(|(k, p)| (k.to_string(), p.to_string()))
    );
    assert_eq!(
        changes["rules"],
        Value::Array(vec![]),
        "checks.toml says the rules are the same"
    );
    assert_eq!(changes["tables"], Value::Array(vec![]));
}

#[test]
fn diff_output_is_saved_by_its_name_and_the_same_sets_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = small_sets(dir.path());
    let mut saved = Vec::new();
    for name in ["d.json", "d.html", "d.txt"] {
        let out = dir.path().join(name);
        let o = diff(&old, &new, &["--out", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert_eq!(stdout(&o), "", "quiet when saved");
        saved.push(std::fs::read(&out).unwrap());
    }
    assert!(saved[0].starts_with(b"{"));
    assert!(saved[1].starts_with(b"<!DOCTYPE html>"));
    assert_eq!(
        saved[2],
        stdout(&diff(&old, &new, &[])).into_bytes(),
        "the file is the text shown"
    );
    assert_eq!(
        saved[0],
        stdout(&diff(&old, &new, &["--format", "json"])).into_bytes()
    );
}

#[test]
fn a_wrong_set_or_output_is_refused_in_japanese_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (old, _) = small_sets(dir.path());
    let help = stdout(&Rinko::new().args(["schemas", "diff", "--help"]).run());
    let at = |name: &str| {
        help.find(name)
            .unwrap_or_else(|| panic!("{name} in {help}"))
    };
    assert!(
        at("<OLD>  前のセット") < at("<NEW>  新しいセット"),
        "OLD first: {help}"
    );
    let o = Rinko::new()
        .args(["schemas", "diff", "rinko-kojinhyo-2023", "rinko-nothing"])
        .run();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("スキーマセット「rinko-nothing」は有効なセットにありません"),
        "{}",
        stderr(&o)
    );

    let broken = dir.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(broken.join("schema-set.toml"), "id = \n").unwrap();
    let o = diff(&old, &broken, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("スキーマセット"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panick"), "{}", stderr(&o));

    let out = dir.path().join("d.pdf");
    let o = diff(&old, &old, &["--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(".txt・.json か .html"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    let out = dir.path().join("d.json");
    let o = diff(
        &old,
        &old,
        &["--format", "html", "--out", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--format は html ですが"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    std::fs::write(&out, "mine").unwrap();
    let o = diff(&old, &old, &["--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    let o = diff(&old, &old, &["--out", out.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with('{'));
}
