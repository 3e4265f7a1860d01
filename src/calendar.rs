//! The calendar day: `Day` (a 西暦 day, or a month), whether a `YYYY-MM-DD` is a real day, and a
//! moment as the local day people write. Pure functions; the moment itself comes from the caller
//! (reading the clock and `SOURCE_DATE_EPOCH` is not done here). A leaf: uses nothing else of
//! the crate. The 和暦 and its eras are the domain checks' (`domain::dates`).

use std::cmp::Ordering;
use std::fmt;

/// A day, or a month when the form asks only for 年月 (発症年月).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: Option<u32>,
}

impl Day {
    pub fn ymd(year: i32, month: u32, day: u32) -> Day {
        Day {
            year,
            month,
            day: Some(day),
        }
    }

    /// An `xs:date`: `YYYY-MM-DD` in digits, with or without its time zone (`Z`, `+09:00`,
    /// which does not move the day), and nothing else (the fuzzer found a control character
    /// after a day, and a year "-025", both read as days).
    pub fn parse_iso(s: &str) -> Option<Day> {
        let s = s.trim();
        let b = s.as_bytes();
        let shaped = b.len() >= 10
            && b[..10].iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shaped || !is_time_zone(&b[10..]) {
            return None;
        }
        let day = Day::ymd(
            s.get(0..4)?.parse().ok()?,
            s.get(5..7)?.parse().ok()?,
            s.get(8..10)?.parse().ok()?,
        );
        day.is_real().then_some(day)
    }

    pub fn is_real(&self) -> bool {
        (1..=12).contains(&self.month)
            && self
                .day
                .is_none_or(|d| d >= 1 && d <= days_in_month(self.year, self.month))
    }

    /// Compares by day, or by month when either has month precision.
    pub fn compare(&self, other: &Day) -> Ordering {
        let by_month = (self.year, self.month).cmp(&(other.year, other.month));
        match (self.day, other.day) {
            (Some(a), Some(b)) => by_month.then(a.cmp(&b)),
            _ => by_month,
        }
    }

    /// Full years from `self` (a birth day) to `at`.
    pub fn age_at(&self, at: &Day) -> i32 {
        let mut age = at.year - self.year;
        if (at.month, at.day.unwrap_or(31)) < (self.month, self.day.unwrap_or(1)) {
            age -= 1;
        }
        age
    }
}

/// The time zone of an xs:date: none, `Z`, or `±hh:mm` up to 14:00.
fn is_time_zone(b: &[u8]) -> bool {
    match b {
        [] | [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            if ![h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()) {
                return false;
            }
            let hours = (h1 - b'0') * 10 + (h2 - b'0');
            let minutes = (m1 - b'0') * 10 + (m2 - b'0');
            minutes < 60 && (hours < 14 || (hours == 14 && minutes == 0))
        }
        _ => false,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A day written `YYYY-MM-DD` that exists in the calendar: `--today`, validity periods, code
/// tables. 2025-02-30 and 2023-02-29 have the right shape but are no day at all.
pub fn check_date(field: &str, value: &str) -> Result<(), String> {
    let shaped = value.len() == 10
        && value.as_bytes().iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!(
            "{field}「{value}」は YYYY-MM-DD の形で書いてください。"
        ));
    }
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(_) => Ok(()),
        Err(_) => Err(format!(
            "{field}「{value}」は暦にない日付です。実在する日付を YYYY-MM-DD の形で書いてください。"
        )),
    }
}

/// A moment as a date for people: in the machine's time zone, since a form signed at 08:00 in
/// Japan is dated that day, not the day before (UTC).
pub fn local_date(moment: chrono::DateTime<chrono::Utc>) -> String {
    moment
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_that_do_not_exist_are_refused() {
        for day in ["2024-02-29", "2025-12-31", "2000-02-29", "1989-01-08"] {
            assert_eq!(check_date("--today", day), Ok(()), "{day}");
        }
        for day in [
            "2025-02-30",
            "2023-02-29",
            "1900-02-29",
            "2025-04-31",
            "2025-13-01",
            "2025-00-10",
        ] {
            let err = check_date("--today", day).unwrap_err();
            assert!(err.contains("暦にない日付"), "{day}: {err}");
        }
        for shape in ["2025-2-3", "20250203", "2025/02/03", "２０２５-02-03", ""] {
            let err = check_date("--today", shape).unwrap_err();
            assert!(err.contains("YYYY-MM-DD の形"), "{shape}: {err}");
        }
    }

    #[test]
    fn calendar_days() {
        assert_eq!(Day::parse_iso("2024-02-30"), None);
        assert_eq!(
            Day::parse_iso("2000-02-29+09:00"),
            Some(Day::ymd(2000, 2, 29))
        );
        assert_eq!(Day::parse_iso("1900-02-29"), None);
        assert_eq!(Day::parse_iso("2024-02-29Z"), Some(Day::ymd(2024, 2, 29)));
        assert_eq!(
            Day::parse_iso("2024-02-29-14:00"),
            Some(Day::ymd(2024, 2, 29))
        );
        // Found by fuzz/fuzz_targets/wareki.rs: text after the date was ignored, a sign taken
        // for a digit.
        for not_a_date in [
            "-025-02-20",
            "2024-+2-29",
            "2024-02-29\u{1e}",
            "2024-02-29x",
            "2024-02-291",
            "2024-02-29+15:00",
            "2024-02-29+09:60",
            "2024-02-29+0900",
        ] {
            assert_eq!(Day::parse_iso(not_a_date), None, "{not_a_date:?}");
        }
    }

    #[test]
    fn ages() {
        let birth = Day::ymd(2007, 6, 2);
        assert_eq!(birth.age_at(&Day::ymd(2025, 6, 1)), 17);
        assert_eq!(birth.age_at(&Day::ymd(2025, 6, 2)), 18);
        assert_eq!(Day::ymd(2008, 2, 29).age_at(&Day::ymd(2026, 2, 28)), 17);
    }
}
