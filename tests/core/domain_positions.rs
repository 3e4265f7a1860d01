//! A domain finding points at the character it is about. The domain stage reads the document's
//! values from the XSD stage's pass, which gives texts without positions; the position of a
//! character is found in the source when a finding needs it, across references, CDATA, line
//! ends and child elements.

use rinko_core::{CheckOptions, Checker, SchemaSetDef};

/// The valid sample with the patient's 氏名 written as `written`.
fn form_with_name(written: &str) -> String {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/valid/kojinhyo-2025-koushin.xml"),
    )
    .unwrap();
    text.replacen(
        "<氏名>鈴木 一郎</氏名>",
        &format!("<氏名>{written}</氏名>"),
        1,
    )
}

/// Line and column (characters, from 1) of byte `offset` of `text`.
fn place(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() as u64 + 1,
        before[line_start..].chars().count() as u64 + 1,
    )
}

#[test]
fn a_character_finding_points_at_the_character_as_written() {
    let checker = Checker::new(SchemaSetDef::embedded()).unwrap();
    // (the 氏名 as written, what the finding must point at: the PUA character U+E000 as a
    // reference or literally)
    let cases = [
        ("鈴木&#xE000;一郎", "&#xE000;"),
        ("鈴木&amp;一&#xE000;郎", "&#xE000;"),
        ("&lt;鈴木&gt; 一郎\u{E000}", "\u{E000}"),
        ("<![CDATA[鈴木 ]]>一郎\u{E000}", "\u{E000}"),
        ("鈴木\r\n一郎\u{E000}", "\u{E000}"),
        ("鈴木\r一\r\n\r\n郎\u{E000}", "\u{E000}"),
    ];
    let options = CheckOptions {
        today: Some("2025-06-01".into()),
        ..CheckOptions::default()
    };
    for (written, target) in cases {
        let text = form_with_name(written);
        assert!(text.contains(written), "{written}: the sample changed");
        let report = checker.check_bytes("name.xml", text.clone().into_bytes(), &options);
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == "CHAR-001")
            .unwrap_or_else(|| panic!("{written}: no CHAR-001 in {:#?}", report.findings));
        let start = text.find("<氏名>").unwrap();
        let offset = start + text[start..].find(target).unwrap();
        assert_eq!(
            (finding.line.unwrap(), finding.column.unwrap()),
            place(&text, offset),
            "{written:?}: {}",
            finding.message
        );
    }
}
