//! `rinko schemas sample SET --out DIR`: for every shipped set, one document per disease part,
//! each checked by `rinko check` and required to pass with no finding at all; the part's block
//! in it and no other; the same bytes every time; and the refusals.

use std::path::Path;

use serde_json::Value;

use crate::common::{stderr, stdout, text, Rinko};

/// Inside the validity of every shipped set (臨個票 2023 ends 2026-03-31): the samples are
/// dated a month into their set's validity, and DATE-001 tells a set out of validity today.
const TODAY: &str = "2025-06-01";

fn sample(set: &str, out: &Path, more: &[&str]) -> std::process::Output {
    Rinko::new()
        .args(["schemas", "sample", set, "--out"])
        .arg(out)
        .args(more)
        .run()
}

/// The blocks of the set's part-by-code rule, read from checks.toml by Python's tomllib.
fn parts(set: &str) -> Vec<String> {
    let o = crate::common::python(
        "import sys, tomllib\nd = tomllib.load(open(sys.argv[1], 'rb'))\nfor r in d['rule']:\n    if r['kind'] == 'part-by-code':\n        for p in r['parts']: print(p['part'])",
        &[crate::common::root()
            .join(format!("schemas/{set}/checks.toml"))
            .to_str()
            .unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(str::to_string).collect()
}

#[test]
fn every_sample_of_every_shipped_set_passes_every_check_with_no_finding() {
    for set in [
        "rinko-kojinhyo-2023",
        "rinko-kojinhyo-2025",
        "rinko-ikensho-2025",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let o = sample(set, dir.path(), &[]);
        assert_eq!(o.status.code(), Some(0), "{set}: {}", text(&o));
        let parts = parts(set);
        assert!(!parts.is_empty(), "{set} has disease parts");
        let listed = stdout(&o);
        let written: Vec<&str> = listed.lines().collect();
        assert_eq!(written.len(), parts.len(), "one per part: {written:?}");
        for part in &parts {
            let name = part.rsplit('/').next().unwrap();
            let file = dir.path().join(format!("{set}-{name}.xml"));
            assert!(
                written.contains(&file.to_str().unwrap()),
                "{} in {written:?}",
                file.display()
            );
            let xml = std::fs::read_to_string(&file).unwrap();
            assert!(
                xml.contains(&format!("<{name}>")),
                "{set}: the block {name}"
            );
            for other in parts.iter().filter(|p| *p != part) {
                let other = other.rsplit('/').next().unwrap();
                assert!(
                    !xml.contains(&format!("<{other}>")),
                    "{set} {name}: no {other}"
                );
            }
            assert!(xml.contains("見本 太郎"), "plainly synthetic: {xml}");
        }
        let o = Rinko::new()
            .args(["check", "--format", "json", "--today", TODAY])
            .arg(dir.path())
            .run();
        let report: Value = serde_json::from_str(&stdout(&o)).expect("JSON report");
        assert_eq!(o.status.code(), Some(0), "{set}: {}", stdout(&o));
        let files = report["files"].as_array().unwrap();
        assert_eq!(files.len(), parts.len());
        for f in files {
            assert_eq!(f["status"], "pass", "{}", f["path"]);
            assert_eq!(f["schema_set"], set, "{}", f["path"]);
            assert_eq!(
                f["findings"],
                Value::Array(vec![]),
                "no finding, not even a warning: {f:#}"
            );
        }
    }
}

#[test]
fn a_set_without_parts_gets_one_sample_per_form_and_the_bytes_are_the_same_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set");
    std::fs::create_dir(&set).unwrap();
    std::fs::write(
        set.join("schema-set.toml"),
        "id = \"test-sample\"\nversion = \"1\"\nname = \"見本の試験\"\nvalid_from = \"2025-04-01\"\nlabels = \"xs:documentation\"\n\n[[route]]\nform = \"届\"\nnamespace = \"urn:test:sample\"\nroot = \"届\"\nxsd = \"a.xsd\"\n",
    )
    .unwrap();
    std::fs::write(
        set.join("a.xsd"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:sample"
  xmlns="urn:test:sample" elementFormDefault="qualified">
 <xs:element name="届"><xs:complexType><xs:sequence>
  <xs:element name="受給者番号"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[0-9]{7}"/></xs:restriction></xs:simpleType></xs:element>
  <xs:element name="件数" minOccurs="0"><xs:simpleType><xs:restriction base="xs:integer"><xs:minExclusive value="3"/><xs:maxInclusive value="9"/></xs:restriction></xs:simpleType></xs:element>
  <xs:element name="区分" type="xs:string"/>
  <xs:element name="備考" type="xs:string" minOccurs="0"/>
  <xs:choice><xs:element name="甲" type="xs:date"/><xs:element name="乙" type="xs:boolean"/></xs:choice>
  <xs:element name="明細" minOccurs="3" maxOccurs="unbounded"><xs:complexType><xs:sequence>
   <xs:element name="種別"><xs:simpleType><xs:restriction base="xs:token"><xs:enumeration value="A"/><xs:enumeration value="B"/></xs:restriction></xs:simpleType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
 </xs:sequence><xs:attribute name="版" type="xs:string" fixed="1"/></xs:complexType></xs:element>
</xs:schema>
"#,
    )
    .unwrap();
    std::fs::write(
        set.join("checks.toml"),
        "[[field]]\npath = \"/届/受給者番号\"\ncheck_digit = \"受給者番号\"\n\n[[rule]]\nkind = \"forbidden-if\"\nfield = \"/届/備考\"\nif = { field = \"/届/区分\", equals = [\"見本\"] }\n",
    )
    .unwrap();
    let set_arg = set.to_str().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let o = sample("test-sample", &out, &["--schema-set", set_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let file = out.join("test-sample.xml");
    assert_eq!(stdout(&o).trim(), file.to_str().unwrap());
    let xml = std::fs::read_to_string(&file).unwrap();
    assert!(!xml.contains("<備考>"), "the rule leaves it out: {xml}");
    assert!(
        xml.contains("<甲>") && !xml.contains("<乙>"),
        "one branch: {xml}"
    );
    assert_eq!(
        xml.matches("<明細>").count(),
        3,
        "as often as it must occur: {xml}"
    );
    assert!(
        xml.contains("<種別>A</種別>") && xml.contains("<種別>B</種別>"),
        "{xml}"
    );
    assert!(
        xml.contains("<件数>4</件数>"),
        "the lowest of (3, 9]: {xml}"
    );
    let o = Rinko::new()
        .args([
            "check",
            "--format",
            "json",
            "--schema-set",
            set_arg,
            "--today",
            TODAY,
        ])
        .arg(&file)
        .run();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        report["files"][0]["findings"],
        Value::Array(vec![]),
        "{report:#}"
    );

    let again = dir.path().join("again");
    std::fs::create_dir(&again).unwrap();
    sample("test-sample", &again, &["--schema-set", set_arg]);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(again.join("test-sample.xml")).unwrap()
    );
}

#[test]
fn a_wrong_set_form_or_folder_is_refused_in_japanese_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let o = sample("rinko-nothing", dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("スキーマセット「rinko-nothing」は有効なセットにありません"),
        "{}",
        stderr(&o)
    );
    let o = sample("rinko-kojinhyo-2025", dir.path(), &["--form", "意見書"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("様式「意見書」はありません"),
        "{}",
        stderr(&o)
    );
    let o = sample("rinko-kojinhyo-2025", &dir.path().join("none"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("none"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );

    // One of the samples is there already: none is written, and that one is kept.
    let kept = dir.path().join("rinko-kojinhyo-2025-潰瘍性大腸炎.xml");
    std::fs::write(&kept, "mine").unwrap();
    let o = sample("rinko-kojinhyo-2025", dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no other sample written"
    );
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "mine");
    let o = sample("rinko-kojinhyo-2025", dir.path(), &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read_to_string(&kept).unwrap().starts_with("<?xml"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}
