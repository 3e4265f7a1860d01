//! Character classes on their own: every character of any text has a class and a description
//! with its code point, and the whole check of a 臨個票 carrying the text as its first 氏名
//! keeps every report invariant (a control character is a READ- failure, 外字 a CHAR- finding).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rinko_core::domain::CharClass;
use rinko_fuzz::{assert_report, default_checker, options};

const FORM: &str = include_str!("../../samples/valid/kojinhyo-2025-henkou.xml");

fuzz_target!(|text: &str| {
    for c in text.chars() {
        let _ = CharClass::of(c);
        let described = rinko_core::domain::describe_char(c);
        assert!(
            described.contains(&format!("U+{:04X}", c as u32)),
            "{described}"
        );
    }
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let start = FORM.find("<氏名>").expect("the sample has 氏名");
    let end = FORM[start..]
        .find("</氏名>")
        .map(|i| start + i)
        .expect("氏名 closes");
    let form = format!("{}<氏名>{escaped}{}", &FORM[..start], &FORM[end..]);
    let checker = default_checker();
    let report = checker.check_bytes("fuzz.xml", form.into_bytes(), &options());
    assert_report(&report, checker.sets());
});
