//! 和暦 on its own: a value read as a 和暦 date writes back as itself, a day it names converts
//! to the same 和暦 again, and every date found in a text is where the scan says it is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rinko_core::calendar::{check_date, Day};
use rinko_core::domain::{parse_wareki, scan_wareki, Wareki, WarekiError};

fuzz_target!(|text: &str| {
    if let Some(written) = parse_wareki(text) {
        assert_eq!(
            parse_wareki(&written.to_string()),
            Some(written),
            "{written} reads back"
        );
        match written.to_day() {
            Ok(day) => {
                assert!(day.is_real());
                assert_eq!(Wareki::of(&day), Some(written), "{written} → {day} → 和暦");
            }
            Err(error) => {
                let (code, message) = written.explain(&error);
                assert!(code.starts_with("DATE-") && !message.is_empty());
                if let WarekiError::OutsideEra(day, Some(right)) = error {
                    assert_eq!(right.to_day(), Ok(day), "the right 和暦 of {written}");
                }
            }
        }
    }
    for (at, len, found) in scan_wareki(text) {
        let slice = text
            .get(at..at + len)
            .expect("a found date is a slice of the text");
        assert_eq!(
            parse_wareki(slice),
            Some(found),
            "「{slice}」 reads as it was found"
        );
    }
    if let Some(day) = Day::parse_iso(text) {
        assert!(day.is_real());
        assert!(check_date("日付", text.trim()).is_ok(), "{text} is a day");
    }
});
