//! Labels and enumeration meanings are read from the XSD when a finding asks, once per set for
//! every worker: the values a finding lists are its type's own, whether the XSD writes them bare
//! (`<xs:enumeration value="X"/>`, as HL7 vocabularies do) or documented.

use rinko_core::{CheckOptions, Checker, SchemaSetDef};

const XSD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="Mood">
    <xs:annotation><xs:documentation>vocSet: D1</xs:documentation></xs:annotation>
    <xs:restriction base="xs:token">
      <xs:enumeration value="EVN"/>
      <xs:enumeration value="INT"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Class">
    <xs:restriction base="xs:token">
      <xs:enumeration value="OBS"/>
      <xs:enumeration value="ACT">
        <xs:annotation><xs:documentation>行為</xs:documentation></xs:annotation>
      </xs:enumeration>
      <xs:enumeration value="PROC"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Sex">
    <xs:restriction base="xs:token">
      <xs:enumeration value="1">
        <xs:annotation><xs:documentation>男
          male</xs:documentation></xs:annotation>
      </xs:enumeration>
      <xs:enumeration value="2"><xs:annotation><xs:documentation>女</xs:documentation></xs:annotation></xs:enumeration>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="NarrowSex">
    <xs:restriction base="Sex"/>
  </xs:simpleType>
  <xs:element name="form">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="mood" type="Mood">
          <xs:annotation><xs:documentation>区分</xs:documentation></xs:annotation>
        </xs:element>
        <xs:element name="class" type="Class"/>
        <xs:element name="sex" type="NarrowSex">
          <xs:annotation><xs:documentation>性別</xs:documentation></xs:annotation>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
"#;

#[test]
fn an_enumeration_finding_lists_its_own_values_bare_or_documented() {
    let dir = tempfile::tempdir().unwrap();
    let xsd = dir.path().join("voc.xsd");
    std::fs::write(&xsd, XSD).unwrap();
    let checker = Checker::new(vec![SchemaSetDef::ad_hoc(&xsd).unwrap()]).unwrap();
    // Enough files for every worker thread to check some with its own compiled copy.
    let files: Vec<_> = (0..64)
        .map(|i| {
            let path = dir.path().join(format!("f{i:02}.xml"));
            std::fs::write(
                &path,
                "<form><mood>X</mood><class>Y</class><sex>3</sex></form>",
            )
            .unwrap();
            path
        })
        .collect();
    let reports = checker.check_files(&files, &CheckOptions::default());
    assert_eq!(reports.len(), files.len());
    for report in &reports {
        let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{}: {messages:#?}", report.path);
        let expect = [
            ("区分", "選べる値: EVN、INT。"),
            ("class", "選べる値: OBS、ACT（行為）、PROC。"),
            ("性別", "選べる値: 1（男）、2（女）。"),
        ];
        for (message, (name, values)) in messages.iter().zip(expect) {
            assert!(
                message.contains(name) && message.ends_with(values),
                "{}: expected {name} … {values}, got {message}",
                report.path
            );
        }
    }
}
