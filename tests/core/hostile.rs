//! Hostile and broken input: each case is a failing file with a Japanese message and the code the
//! docs promise, never a panic, and the rest of the batch goes on.

use rinko_core::{CheckOptions, Checker, FileReport, SchemaSetDef, Status};

fn checker() -> Checker {
    Checker::new(SchemaSetDef::embedded()).expect("the embedded sets compile")
}

fn check(bytes: Vec<u8>) -> FileReport {
    checker().check_bytes("hostile.xml", bytes, &CheckOptions::default())
}

fn codes(r: &FileReport) -> Vec<&str> {
    r.findings.iter().map(|f| f.code).collect()
}

fn assert_fails_with(r: &FileReport, code: &str) {
    assert_eq!(r.status, Status::Fail, "{r:#?}");
    assert!(
        codes(r).contains(&code),
        "expected {code}, got {:?}",
        codes(r)
    );
    for f in &r.findings {
        assert!(
            f.message
                .chars()
                .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
            "not Japanese: {}",
            f.message
        );
    }
}

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><臨個票 xmlns="urn:rinko:nanbyo:kojinhyo" 様式版="2025">"#;

#[test]
fn deep_nesting_200000_levels() {
    let mut doc = HEAD.to_string();
    doc.push_str(&"<a>".repeat(200_000));
    doc.push_str(&"</a>".repeat(200_000));
    doc.push_str("</臨個票>");
    let r = check(doc.into_bytes());
    assert_fails_with(&r, "READ-006");
    // Also when no schema set claims the root.
    let doc = format!("{}{}", "<a>".repeat(200_000), "</a>".repeat(200_000));
    assert_fails_with(&check(doc.into_bytes()), "READ-006");
}

#[test]
fn attribute_of_30_megabytes() {
    let mut doc = String::from("<臨個票 xmlns=\"urn:rinko:nanbyo:kojinhyo\" 様式版=\"2025\" x=\"");
    doc.push_str(&"あ".repeat(10 * 1024 * 1024));
    doc.push_str("\"/>");
    let r = check(doc.into_bytes());
    assert_fails_with(&r, "READ-008");
    // The report does not carry the 30 MB value.
    assert!(r
        .findings
        .iter()
        .all(|f| f.value.as_ref().is_none_or(|v| v.len() < 2000)));
}

#[test]
fn two_hundred_thousand_attributes() {
    let mut doc = String::from("<臨個票 xmlns=\"urn:rinko:nanbyo:kojinhyo\" 様式版=\"2025\"");
    for i in 0..200_000 {
        doc.push_str(&format!(" a{i}=\"1\""));
    }
    doc.push_str("/>");
    assert_fails_with(&check(doc.into_bytes()), "READ-007");
}

#[test]
fn billion_laughs_is_refused_without_expansion() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!(
                "&lol{};",
                if i == 1 {
                    String::new()
                } else {
                    (i - 1).to_string()
                }
            )
            .repeat(10)
        ));
    }
    doc.push_str("]>\n<lolz>&lol9;</lolz>\n");
    let r = check(doc.into_bytes());
    assert_fails_with(&r, "READ-004");
    assert_eq!(r.findings[0].line, Some(2));
}

#[test]
fn external_entity_doctype_is_refused() {
    let doc = "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\"><x/>";
    assert_fails_with(&check(doc.as_bytes().to_vec()), "READ-004");
}

#[test]
fn png_renamed_to_xml() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde".to_vec();
    let r = check(png);
    assert_fails_with(&r, "READ-011");
    assert!(r.findings[0].message.contains("PNG"));
    assert!(r.sha256.is_some());
}

#[test]
fn empty_file() {
    assert_fails_with(&check(Vec::new()), "READ-003");
}

#[test]
fn nul_bytes() {
    assert_fails_with(&check(b"<a>\0</a>".to_vec()), "READ-011");
}

#[test]
fn two_root_elements() {
    let doc = format!("{HEAD}</臨個票><臨個票/>");
    let r = check(doc.into_bytes());
    assert_fails_with(&r, "READ-005");
    let f = r.findings.iter().find(|f| f.code == "READ-005").unwrap();
    assert_eq!(f.line, Some(1));
    assert!(f.column.unwrap() > 1);
}

#[test]
fn not_well_formed_names_line_and_column() {
    let doc = "<?xml version=\"1.0\"?>\n<a>\n  <b>\n</a>\n";
    let r = check(doc.as_bytes().to_vec());
    assert_fails_with(&r, "READ-005");
    let f = r.findings.iter().find(|f| f.code == "READ-005").unwrap();
    assert_eq!(f.line, Some(4), "{f:?}");
}

#[test]
fn truncated_file() {
    let doc = format!("{HEAD}<患者><氏名>山");
    assert_fails_with(&check(doc.into_bytes()), "READ-005");
}

#[test]
fn lying_encoding_declaration() {
    // Declares Shift_JIS, but the bytes are UTF-8.
    let doc = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<a>山田太郎</a>";
    let r = check(doc.as_bytes().to_vec());
    assert_fails_with(&r, "ENC-002");
    assert!(r.findings[0].message.contains("バイト目"));
}

#[test]
fn unknown_encoding() {
    assert_fails_with(
        &check(b"<?xml version=\"1.0\" encoding=\"x-klingon\"?><a/>".to_vec()),
        "ENC-001",
    );
}

#[test]
fn utf32_is_refused_not_misread() {
    let mut bytes = vec![0xFF, 0xFE, 0, 0];
    for c in "<a/>".chars() {
        bytes.extend_from_slice(&(c as u32).to_le_bytes());
    }
    assert_fails_with(&check(bytes), "ENC-001");
}

#[test]
fn size_limit_is_a_finding() {
    let options = CheckOptions {
        limits: rinko_core::Limits {
            max_file_bytes: 100,
            ..Default::default()
        },
        today: None,
    };
    let r = checker().check_bytes("big.xml", vec![b' '; 101], &options);
    assert_fails_with(&r, "READ-002");
}

#[test]
fn text_node_limit() {
    let options = CheckOptions {
        limits: rinko_core::Limits {
            max_text_bytes: 1000,
            ..Default::default()
        },
        today: None,
    };
    let doc = format!("<a>{}</a>", "x".repeat(5000));
    let r = checker().check_bytes("t.xml", doc.into_bytes(), &options);
    assert_fails_with(&r, "READ-009");
}

#[test]
fn a_batch_goes_on_past_hostile_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("1-empty.xml"), b"").unwrap();
    std::fs::write(dir.path().join("2-png.xml"), b"\x89PNG\r\n\x1a\n....").unwrap();
    std::fs::write(
        dir.path().join("3-deep.xml"),
        format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000)),
    )
    .unwrap();
    let valid = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/valid/kojinhyo-2025-koushin.xml"
    ))
    .unwrap();
    std::fs::write(dir.path().join("4-valid.xml"), valid).unwrap();
    let files = rinko_core::input::collect(&[dir.path().to_path_buf()]).unwrap();
    let reports = checker().check_files(&files, &CheckOptions::default());
    let verdicts: Vec<Status> = reports.iter().map(|r| r.status).collect();
    assert_eq!(
        verdicts,
        [Status::Fail, Status::Fail, Status::Fail, Status::Pass]
    );
    assert!(reports[3].path.ends_with("4-valid.xml"));
}

#[test]
fn a_huge_attribute_on_an_unknown_root_does_not_bloat_the_report() {
    let doc = format!(
        "<請求書 x=\"{}\" 様式版=\"{}\"/>",
        "y".repeat(3 * 1024 * 1024),
        "9".repeat(500_000)
    );
    let r = check(doc.into_bytes());
    assert_eq!(r.status, Status::Fail);
    let size: usize = r
        .findings
        .iter()
        .map(|f| f.message.len() + f.detail.as_ref().map_or(0, |d| d.len()))
        .sum();
    assert!(
        size < 10_000,
        "report of {size} bytes for a file no set claims"
    );
}

#[test]
fn many_bad_values_are_capped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let xsd = dir.path().join("ints.xsd");
    std::fs::write(
        &xsd,
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="i" type="xs:int" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element></xs:schema>"#,
    )
    .unwrap();
    let checker = Checker::new(vec![SchemaSetDef::ad_hoc(&xsd).unwrap()]).unwrap();
    let doc = format!("<r>{}</r>", "<i>x</i>".repeat(200_000));
    let r = checker.check_bytes("ints.xml", doc.into_bytes(), &CheckOptions::default());
    assert_eq!(r.status, Status::Fail);
    assert_eq!(r.findings.len(), rinko_core::Limits::default().max_findings);
    assert_eq!(
        r.findings.len() + r.findings_omitted,
        200_000,
        "every error is counted"
    );
}

#[test]
fn a_file_no_set_claims_gets_one_finding_not_the_empty_schemas_opinions() {
    let doc = r#"<x:a xmlns:x="urn:other" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="x:nothing"><b xsi:nil="maybe"/></x:a>"#;
    let r = check(doc.as_bytes().to_vec());
    assert_eq!(codes(&r), ["READ-012"], "{r:#?}");
}

#[test]
fn a_document_of_comments_alone_has_no_element() {
    assert_fails_with(
        &check(b"<?xml version=\"1.0\"?>\n<!-- nothing -->\n".to_vec()),
        "READ-005",
    );
    let dir = tempfile::tempdir().unwrap();
    let xsd = dir.path().join("a.xsd");
    std::fs::write(&xsd, r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a"/></xs:schema>"#).unwrap();
    let checker = Checker::new(vec![SchemaSetDef::ad_hoc(&xsd).unwrap()]).unwrap();
    let r = checker.check_bytes("c.xml", b"<!-- c -->".to_vec(), &CheckOptions::default());
    assert_fails_with(&r, "READ-005");
}

/// A valid form whose 既往歴 holds `n` items, each `病名` being `name`: the domain stage reads
/// every value even where the XSD gave up counting.
fn form_with_history(n: usize, name: &str) -> Vec<u8> {
    let sample = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/valid/kojinhyo-2025-koushin.xml"),
    )
    .unwrap();
    let at = sample.find("<医療機関>").unwrap();
    let item = format!("<既往歴><項目><病名>{name}</病名></項目></既往歴>");
    format!("{}{}{}", &sample[..at], item.repeat(n), &sample[at..]).into_bytes()
}

#[test]
fn a_bad_character_in_every_value_is_counted_past_the_cap_not_built() {
    let options = CheckOptions::default();
    let r = checker().check_bytes(
        "many.xml",
        form_with_history(20_000, "高血圧\u{E000}①ｱ"),
        &options,
    );
    assert_eq!(r.status, Status::Fail);
    assert_eq!(
        r.findings.len(),
        options.limits.max_findings,
        "{:?}",
        codes(&r)
    );
    assert!(r.findings_omitted > 20_000, "{}", r.findings_omitted);
    assert!(codes(&r).contains(&"CHAR-001"), "{:?}", codes(&r));
}

#[test]
fn wareki_look_alikes_and_era_names_without_dates_are_not_dates() {
    let text = "令和令和元年令和9999年1月1日平成年月日昭和31年2月";
    let options = CheckOptions {
        today: Some("2025-06-01".into()),
        ..CheckOptions::default()
    };
    let r = checker().check_bytes("eras.xml", form_with_history(1, text), &options);
    // 令和9999年 has more than three digits and 昭和31年2月 is a real month: nothing to report.
    assert_eq!(codes(&r), Vec::<&str>::new());
    let r = checker().check_bytes(
        "eras.xml",
        form_with_history(1, "昭和31年2月30日"),
        &options,
    );
    assert_eq!(codes(&r), ["DATE-002"]);
}
