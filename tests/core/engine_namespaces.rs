//! The engine patch's namespace scopes (vendor/xsd-schema/RINKO-PATCH.md, item 3): the context
//! that resolves an `xsi:type` prefix is built again only when the bindings in scope change, so
//! it must change exactly when they do — a sibling that binds the same prefix to another
//! namespace, and the parent's binding again after that sibling ends. Each document's verdict
//! and its findings' lines are checked, and cross-checked with xmllint when it is installed.

use rinko_core::{CheckOptions, Checker, SchemaSetDef, Status};

use crate::common::xmllint_valid;

const SCHEMA: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:one">
  <xs:element name="root">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="a" type="xs:anyType" maxOccurs="unbounded"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="T"/>
</xs:schema>
"#;

struct Case {
    what: &'static str,
    /// The `<a>` elements, one per line from line 3.
    children: &'static [&'static str],
    /// The lines that must carry a finding (none: the document is valid).
    invalid_lines: &'static [u64],
}

const CASES: &[Case] = &[
    Case {
        what: "a sibling binds p to another namespace, then the parent's binding holds again",
        children: &[
            r#"<a xsi:type="p:T"/>"#,
            r#"<a xmlns:p="urn:two" xsi:type="p:T"/>"#,
            r#"<a xsi:type="p:T"/>"#,
        ],
        invalid_lines: &[4],
    },
    Case {
        what: "two siblings bind p each on their own, to different namespaces",
        children: &[
            r#"<a xmlns:p="urn:two" xsi:type="p:T"/>"#,
            r#"<a xmlns:p="urn:one" xsi:type="p:T"/>"#,
            r#"<a xmlns:p="urn:two" xsi:type="p:T"/>"#,
        ],
        invalid_lines: &[3, 5],
    },
    Case {
        what: "a binding inside a child's content ends with that child",
        children: &[
            r#"<a xmlns:p="urn:two"><b xmlns:p="urn:one" xsi:type="p:T"/></a>"#,
            r#"<a xsi:type="p:T"/>"#,
        ],
        invalid_lines: &[],
    },
];

fn document(children: &[&str]) -> String {
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<o:root xmlns:o=\"urn:one\" xmlns:p=\"urn:one\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n",
    );
    for child in children {
        text.push_str("  ");
        text.push_str(child);
        text.push('\n');
    }
    text.push_str("</o:root>\n");
    text
}

#[test]
fn an_xsi_type_prefix_resolves_with_the_bindings_in_scope() {
    let dir = tempfile::tempdir().unwrap();
    let xsd = dir.path().join("scopes.xsd");
    std::fs::write(&xsd, SCHEMA).unwrap();
    let checker = Checker::new(vec![SchemaSetDef::ad_hoc(&xsd).unwrap()]).unwrap();
    let mut failures = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let text = document(case.children);
        let report = checker.check_bytes(
            "scopes.xml",
            text.clone().into_bytes(),
            &CheckOptions::default(),
        );
        let mut lines: Vec<u64> = report.findings.iter().filter_map(|f| f.line).collect();
        lines.dedup();
        let valid = report.status == Status::Pass;
        if valid != case.invalid_lines.is_empty() || lines != case.invalid_lines {
            failures.push(format!(
                "{}: findings on lines {lines:?}, expected {:?}: {:#?}",
                case.what, case.invalid_lines, report.findings
            ));
        }
        let doc = dir.path().join(format!("scopes-{i}.xml"));
        std::fs::write(&doc, &text).unwrap();
        if let Some(lint) = xmllint_valid(&xsd, &doc) {
            if lint != case.invalid_lines.is_empty() {
                failures.push(format!("{}: xmllint says valid = {lint}", case.what));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
