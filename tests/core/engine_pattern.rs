//! The engine's pattern facets must match the whole value with every branch of an alternation.
//!
//! Rinko builds xsd-schema with its `xsd11` feature (Cargo.toml) even though it validates in
//! XSD 1.0 mode: with the feature, pattern facets are compiled by regexml with whole-string XSD
//! semantics. Without it, xsd-schema 0.3.0 translates the pattern for the `regex` crate as
//! `^` + pattern + `$` (regex_convert.rs, `convert_xml_pattern`), without a group around it, so
//! `A|B` becomes `^A|B$`: the first branch is anchored only at the start and the last only at
//! the end. A real government schema (the HL7 v3 `TS` timestamp of CDA-based forms) has such an
//! alternation, and the translated regex then accepts "2024-05-27" because "2024" is a prefix
//! matching `[0-9]{1,8}`.
//!
//! The `broken` column of each row is what xsd-schema =0.3.0 built with `default-features =
//! false` and without `xsd11` answers for that value (measured with a scratch crate validating
//! the same schema); every table holds values it gets wrong, so a build without the feature
//! fails this test. Each verdict is cross-checked with xmllint when it is installed, except
//! where libxml2's own regex bug (counted repetitions in an alternation share a counter) makes it
//! answer wrongly; those rows say so.

use std::io::Write;

use rinko_core::{CheckOptions, Checker, SchemaSetDef, Status};

use crate::common::xmllint_valid;

struct Row {
    value: &'static str,
    /// The verdict under XSD regex semantics (each branch matches the whole value).
    valid: bool,
    /// What the non-`xsd11` regex path of xsd-schema 0.3.0 says.
    broken: bool,
    /// libxml2 2.9.14 gets this one wrong (its counted-alternation bug).
    libxml2_wrong: bool,
}

const fn row(value: &'static str, valid: bool, broken: bool) -> Row {
    Row {
        value,
        valid,
        broken,
        libxml2_wrong: false,
    }
}

const fn row_libxml2_wrong(value: &'static str, valid: bool, broken: bool) -> Row {
    Row {
        value,
        valid,
        broken,
        libxml2_wrong: true,
    }
}

struct Table {
    what: &'static str,
    pattern: &'static str,
    rows: &'static [Row],
}

const TABLES: &[Table] = &[
    Table {
        what: "the HL7 v3 TS timestamp pattern of government CDA schemas",
        pattern: r"[0-9]{1,8}|([0-9]{9,14}|[0-9]{14}\.[0-9]+)([+\-][0-9]{1,4})?",
        rows: &[
            row("20240527", true, true),
            row("2024", true, true),
            row("123456789", true, true),
            row("202405271230+0900", true, true),
            row("20240527123045.5-05", true, true),
            // A date with hyphens: "2024" is a prefix matching the first branch.
            row("2024-05-27", false, true),
            // Eight digits with a zone: only branches two and three take a zone.
            row("20240527+0900", false, true),
            // Garbage before a valid tail: the last branch is anchored only at the end.
            row("x202405271230", false, true),
            row("abc", false, false),
            row_libxml2_wrong("1234567890123456", false, true),
        ],
    },
    Table {
        what: "the values of the brief, with a pattern under which they have those verdicts",
        pattern: r"[0-9]{1,8}|([0-9]{10,14}|[0-9]{4}-[0-9]{2})(\+[0-9]{1,4})?",
        rows: &[
            row("12345678", true, true),
            row("123456789012", true, true),
            row("2024-05+9", true, true),
            row("2024-05", true, true),
            row("2024-05-27", false, true),
            row("123456789", false, true),
            row("abc", false, false),
            row("20240527+0900", false, true),
        ],
    },
    Table {
        // As first proposed. Under XSD semantics it accepts "2024-05-27" itself ("2024-05" and
        // the zone-like "-27"), and "123456789" (nine digits, second branch), so those two
        // cannot show the bug here; values of 15+ digits and a prefix of garbage still do.
        what: "the pattern as first proposed",
        pattern: r"[0-9]{1,8}|([0-9]{9,14}|[0-9]{4}-[0-9]{2})([+\-][0-9]{1,4})?",
        rows: &[
            row("12345678", true, true),
            row("123456789012", true, true),
            row("2024-05+9", true, true),
            row("2024-05-27", true, true),
            row("123456789", true, true),
            row("abc", false, false),
            row("x123456789012", false, true),
            row("20240527+0900", false, true),
            row_libxml2_wrong("1234567890123456", false, true),
        ],
    },
];

fn schema_text(pattern: &str) -> String {
    let escaped = pattern
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="v">
    <xs:simpleType>
      <xs:restriction base="xs:string">
        <xs:pattern value="{escaped}"/>
      </xs:restriction>
    </xs:simpleType>
  </xs:element>
</xs:schema>
"#
    )
}

fn document(value: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<v>{value}</v>\n")
}

#[test]
fn every_table_can_catch_the_mis_anchored_path() {
    for t in TABLES {
        assert!(
            t.rows.iter().any(|r| !r.valid && r.broken),
            "{}: no value that the non-xsd11 path wrongly accepts",
            t.what
        );
    }
    // The brief's headline value must be invalid under the government pattern.
    let ts = &TABLES[0];
    assert!(ts
        .rows
        .iter()
        .any(|r| r.value == "2024-05-27" && !r.valid && r.broken));
}

#[test]
fn alternation_branches_are_anchored_at_both_ends() {
    let dir = tempfile::tempdir().unwrap();
    let mut xmllint_missing = false;
    let mut failures = Vec::new();
    for (ti, t) in TABLES.iter().enumerate() {
        let xsd = dir.path().join(format!("pattern-{ti}.xsd"));
        std::fs::File::create(&xsd)
            .unwrap()
            .write_all(schema_text(t.pattern).as_bytes())
            .unwrap();
        let checker = Checker::new(vec![SchemaSetDef::ad_hoc(&xsd).unwrap()])
            .unwrap_or_else(|e| panic!("{}: {e}", t.pattern));
        for (ri, r) in t.rows.iter().enumerate() {
            let text = document(r.value);
            let report = checker.check_bytes(
                "value.xml",
                text.clone().into_bytes(),
                &CheckOptions::default(),
            );
            let rinko_valid = report.status == Status::Pass;
            if rinko_valid != r.valid {
                let codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
                failures.push(format!(
                    "pattern {:?}: {:?} is {} under XSD semantics, Rinko says {} {:?}{}",
                    t.pattern,
                    r.value,
                    if r.valid { "valid" } else { "invalid" },
                    if rinko_valid { "valid" } else { "invalid" },
                    codes,
                    if rinko_valid == r.broken && r.valid != r.broken {
                        " — the mis-anchored non-xsd11 regex path answers so: is the `xsd11` feature of xsd-schema still on?"
                    } else {
                        ""
                    }
                ));
            }
            if !rinko_valid {
                assert!(
                    report.findings.iter().any(|f| f.code == "XSD-010"),
                    "{:?}: a pattern mismatch is XSD-010: {:#?}",
                    r.value,
                    report.findings
                );
            }
            let doc = dir.path().join(format!("value-{ti}-{ri}.xml"));
            std::fs::write(&doc, &text).unwrap();
            match xmllint_valid(&xsd, &doc) {
                None => xmllint_missing = true,
                Some(lint) if r.libxml2_wrong => {
                    if lint == r.valid {
                        eprintln!("note: xmllint now gets {:?} right for {:?}; libxml2_wrong may be dropped", r.value, t.pattern);
                    }
                }
                Some(lint) if lint != r.valid => failures.push(format!(
                    "pattern {:?}: xmllint says {:?} is {}, the table says {}",
                    t.pattern,
                    r.value,
                    if lint { "valid" } else { "invalid" },
                    if r.valid { "valid" } else { "invalid" }
                )),
                Some(_) => {}
            }
        }
    }
    if xmllint_missing {
        eprintln!("xmllint not installed (libxml2-utils): verdicts not cross-checked");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
