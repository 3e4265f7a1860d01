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
                let again = Wareki::of(&day).expect("a day of an era");
                assert_eq!(again.to_day(), Ok(day), "{written} → {day} → {again}");
                // A day has one 和暦; a month in which the era changed has two, each right
                // (1989-01: 昭和64年1月 and 平成元年1月, which the fuzzer found).
                if written.day.is_some() {
                    assert_eq!(again, written, "{written} → {day} → 和暦");
                }
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
        // YYYY-MM-DD, and what follows only an xs:date time zone (the fuzzer found a day read
        // with a control character after it).
        assert!(day.is_real());
        let (date, zone) = text.trim().split_at(10);
        assert!(check_date("日付", date).is_ok(), "{text:?} is a day");
        assert_eq!(day.to_string(), date);
        assert!(
            zone.is_empty() || zone == "Z" || (zone.len() == 6 && zone.as_bytes()[3] == b':'),
            "{text:?}: {zone:?} is not a time zone"
        );
    }
});
