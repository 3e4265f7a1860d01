//! Dates: 和暦 written out (「令和7年4月1日」, 「R7.4.1」) or as 元号 codes, and the era
//! boundaries. The 西暦 day itself (`Day`, real calendar days) is `calendar`'s.

use std::cmp::Ordering;
use std::fmt;

use crate::calendar::{days_in_month, Day};

// `Day` is the calendar's; how it reads in 和暦 is the domain's.
impl Day {
    /// 「令和7年4月1日（2025-04-01）」
    pub fn describe_ja(&self) -> String {
        match Wareki::of(self) {
            Some(w) => format!("{w}（{self}）"),
            None => self.to_string(),
        }
    }
}

/// The eras since the Gregorian calendar: name, letter, the usual 元号 code, first day.
pub struct Era {
    pub name: &'static str,
    pub letter: char,
    pub code: &'static str,
    pub start: (i32, u32, u32),
}

pub const ERAS: [Era; 5] = [
    Era {
        name: "明治",
        letter: 'M',
        code: "1",
        start: (1868, 1, 25),
    },
    Era {
        name: "大正",
        letter: 'T',
        code: "2",
        start: (1912, 7, 30),
    },
    Era {
        name: "昭和",
        letter: 'S',
        code: "3",
        start: (1926, 12, 25),
    },
    Era {
        name: "平成",
        letter: 'H',
        code: "4",
        start: (1989, 1, 8),
    },
    Era {
        name: "令和",
        letter: 'R',
        code: "5",
        start: (2019, 5, 1),
    },
];

impl Era {
    fn index(&self) -> usize {
        ERAS.iter().position(|e| e.name == self.name).unwrap_or(0)
    }

    fn first_day(&self) -> Day {
        Day::ymd(self.start.0, self.start.1, self.start.2)
    }

    /// The last day of the era, `None` for the current one.
    fn last_day(&self) -> Option<Day> {
        let next = ERAS.get(self.index() + 1)?;
        let (y, m, d) = next.start;
        Some(if d > 1 {
            Day::ymd(y, m, d - 1)
        } else if m > 1 {
            Day::ymd(y, m - 1, days_in_month(y, m - 1))
        } else {
            Day::ymd(y - 1, 12, 31)
        })
    }

    pub fn by_code(code: &str) -> Option<&'static Era> {
        ERAS.iter().find(|e| e.code == code.trim())
    }

    /// 「昭和（1926-12-25〜1989-01-07）」
    fn span_ja(&self) -> String {
        format!(
            "{}（{}〜{}）",
            self.name,
            self.first_day(),
            self.last_day().map(|d| d.to_string()).unwrap_or_default()
        )
    }
}

/// A date as written in 和暦.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wareki {
    pub era: &'static Era,
    pub year: u32,
    pub month: u32,
    pub day: Option<u32>,
}

impl fmt::Debug for Era {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Era {
    fn eq(&self, other: &Era) -> bool {
        self.name == other.name
    }
}

impl Eq for Era {}

impl fmt::Display for Wareki {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.era.name)?;
        if self.year == 1 {
            f.write_str("元年")?;
        } else {
            write!(f, "{}年", self.year)?;
        }
        write!(f, "{}月", self.month)?;
        if let Some(d) = self.day {
            write!(f, "{d}日")?;
        }
        Ok(())
    }
}

/// Why a 和暦 date is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarekiError {
    /// DATE-002: no such day (2月30日, 13月).
    NotADay,
    /// DATE-003: the day is real but not in the era; with the right 和暦 when there is one.
    OutsideEra(Day, Option<Wareki>),
}

impl Wareki {
    /// The 和暦 of a 西暦 day (month-precision days take the era of their first day).
    pub fn of(day: &Day) -> Option<Wareki> {
        let first = Day {
            day: Some(day.day.unwrap_or(1)),
            ..*day
        };
        // The era of the month's first day; a month of which only a later part is in any era
        // (1868-01, 明治 from the 25th) is that era's (the fuzzer found 明治元年1月 with none).
        let era = ERAS
            .iter()
            .rev()
            .find(|e| first.compare(&e.first_day()) != Ordering::Less)
            .or_else(|| {
                ERAS.iter()
                    .find(|e| day.day.is_none() && day.compare(&e.first_day()) == Ordering::Equal)
            })?;
        Some(Wareki {
            era,
            year: u32::try_from(day.year - era.start.0 + 1).ok()?,
            month: day.month,
            day: day.day,
        })
    }

    /// The 西暦 day, checked against the calendar and the era's span.
    pub fn to_day(self) -> Result<Day, WarekiError> {
        let day = Day {
            year: self.era.start.0 + self.year as i32 - 1,
            month: self.month,
            day: self.day,
        };
        if self.year == 0 || !day.is_real() {
            return Err(WarekiError::NotADay);
        }
        let before = day.compare(&self.era.first_day()) == Ordering::Less;
        let after = self
            .era
            .last_day()
            .is_some_and(|last| day.compare(&last) == Ordering::Greater);
        if before || after {
            return Err(WarekiError::OutsideEra(day, Wareki::of(&day)));
        }
        Ok(day)
    }

    /// The message of a wrong date, in Japanese.
    pub fn explain(&self, error: &WarekiError) -> (&'static str, String) {
        match error {
            WarekiError::NotADay => ("DATE-002", format!("「{self}」は暦にない日付です。")),
            WarekiError::OutsideEra(day, right) => (
                "DATE-003",
                format!(
                    "「{self}」は{}の期間外です（西暦 {day}）。{}",
                    self.era.span_ja(),
                    right
                        .map(|w| format!("この日は「{w}」です。"))
                        .unwrap_or_default()
                ),
            ),
        }
    }
}

/// Reads a whole value as one 和暦 date: 「令和7年4月1日」, 「令和元年5月」, 「R7.4.1」, 「H31/4/30」.
pub fn parse_wareki(value: &str) -> Option<Wareki> {
    let value: String = value.trim().chars().map(ascii_digit).collect();
    match scan_wareki(&value).as_slice() {
        [(0, len, w)] if *len == value.len() => return Some(*w),
        _ => {}
    }
    let mut chars = value.chars();
    let letter = chars.next()?.to_ascii_uppercase();
    let era = ERAS.iter().find(|e| e.letter == letter)?;
    let parts: Vec<&str> = chars.as_str().split(['.', '/', '-']).collect();
    let number = |s: &str| {
        s.parse::<u32>()
            .ok()
            .filter(|_| !s.is_empty() && s.len() <= 2)
    };
    match parts.as_slice() {
        [y, m] => Some(Wareki {
            era,
            year: number(y)?,
            month: number(m)?,
            day: None,
        }),
        [y, m, d] => Some(Wareki {
            era,
            year: number(y)?,
            month: number(m)?,
            day: Some(number(d)?),
        }),
        _ => None,
    }
}

fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// Every 和暦 date written out in kanji form in `text`: (byte index, byte length, date).
/// Full-width digits count; 元年 is year 1.
pub fn scan_wareki(text: &str) -> Vec<(usize, usize, Wareki)> {
    let mut found = Vec::new();
    // Most values are codes, numbers and 西暦 dates: one search instead of one per era.
    if text.is_ascii() || !text.contains('年') {
        return found;
    }
    for era in &ERAS {
        let mut from = 0;
        while let Some(at) = text[from..].find(era.name).map(|i| i + from) {
            from = at + era.name.len();
            if let Some((len, w)) = read_after_era(&text[from..], era) {
                found.push((at, era.name.len() + len, w));
            }
        }
    }
    found.sort_by_key(|(at, ..)| *at);
    found
}

/// After the era name: 「7年4月1日」 or 「元年5月」; returns the bytes read and the date.
fn read_after_era(rest: &str, era: &'static Era) -> Option<(usize, Wareki)> {
    let mut cursor = Cursor { text: rest, at: 0 };
    cursor.spaces();
    let year = if cursor.eat("元") {
        1
    } else {
        cursor.number()?
    };
    cursor.spaces();
    if !cursor.eat("年") {
        return None;
    }
    cursor.spaces();
    let month = cursor.number()?;
    cursor.spaces();
    if !cursor.eat("月") {
        return None;
    }
    let save = cursor.at;
    cursor.spaces();
    let day = match cursor.number() {
        Some(d)
            if {
                cursor.spaces();
                cursor.eat("日")
            } =>
        {
            Some(d)
        }
        _ => {
            cursor.at = save;
            None
        }
    };
    Some((
        cursor.at,
        Wareki {
            era,
            year,
            month,
            day,
        },
    ))
}

struct Cursor<'t> {
    text: &'t str,
    at: usize,
}

impl Cursor<'_> {
    fn eat(&mut self, s: &str) -> bool {
        let ok = self.text[self.at..].starts_with(s);
        if ok {
            self.at += s.len();
        }
        ok
    }

    fn spaces(&mut self) {
        while let Some(c) = self.text[self.at..]
            .chars()
            .next()
            .filter(|c| *c == ' ' || *c == '　')
        {
            self.at += c.len_utf8();
        }
    }

    /// One to three digits, ASCII or full-width.
    fn number(&mut self) -> Option<u32> {
        let mut n = 0u32;
        let mut count = 0;
        while let Some(c) = self.text[self.at..].chars().next() {
            let d = ascii_digit(c);
            if !d.is_ascii_digit() || count == 3 {
                break;
            }
            n = n * 10 + (d as u32 - '0' as u32);
            count += 1;
            self.at += c.len_utf8();
        }
        (count > 0).then_some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Wareki {
        parse_wareki(s).unwrap_or_else(|| panic!("unparsed {s}"))
    }

    #[test]
    fn era_boundaries() {
        assert_eq!(w("令和元年5月1日").to_day(), Ok(Day::ymd(2019, 5, 1)));
        assert_eq!(w("平成31年4月30日").to_day(), Ok(Day::ymd(2019, 4, 30)));
        assert!(
            matches!(w("平成31年5月1日").to_day(), Err(WarekiError::OutsideEra(_, Some(r))) if r.to_string() == "令和元年5月1日")
        );
        assert!(
            matches!(w("令和1年4月30日").to_day(), Err(WarekiError::OutsideEra(_, Some(r))) if r.to_string() == "平成31年4月30日")
        );
        assert_eq!(w("昭和64年1月7日").to_day(), Ok(Day::ymd(1989, 1, 7)));
        assert!(w("昭和64年1月8日").to_day().is_err());
        assert_eq!(w("平成元年1月8日").to_day(), Ok(Day::ymd(1989, 1, 8)));
        assert_eq!(w("大正元年7月30日").to_day(), Ok(Day::ymd(1912, 7, 30)));
        assert!(w("明治45年7月30日").to_day().is_err());
        assert_eq!(w("昭和元年12月25日").to_day(), Ok(Day::ymd(1926, 12, 25)));
        assert!(w("大正15年12月25日").to_day().is_err());
        // Month precision: the month must overlap the era.
        assert!(w("平成31年4月").to_day().is_ok());
        assert!(w("平成31年5月").to_day().is_err());
        assert!(w("令和元年5月").to_day().is_ok());
        // The first era's first month: a day of it is 明治 from the 25th only, the month is.
        let january_1868 = w("明治元年1月").to_day().unwrap();
        assert_eq!(
            Wareki::of(&january_1868).map(|w| w.to_string()).as_deref(),
            Some("明治元年1月")
        );
        assert_eq!(Wareki::of(&Day::ymd(1868, 1, 24)), None);
        assert!(w("明治元年1月24日").to_day().is_err());
    }

    #[test]
    fn calendar_days() {
        assert_eq!(w("令和6年2月29日").to_day(), Ok(Day::ymd(2024, 2, 29)));
        assert_eq!(w("令和7年2月29日").to_day(), Err(WarekiError::NotADay));
        assert_eq!(w("令和6年2月30日").to_day(), Err(WarekiError::NotADay));
        assert_eq!(w("令和6年13月1日").to_day(), Err(WarekiError::NotADay));
    }

    #[test]
    fn written_forms() {
        assert_eq!(w("R7.4.1").to_day(), Ok(Day::ymd(2025, 4, 1)));
        assert_eq!(w("h31/04/30").to_day(), Ok(Day::ymd(2019, 4, 30)));
        assert_eq!(w("令和７年４月１日").to_day(), Ok(Day::ymd(2025, 4, 1)));
        assert_eq!(w("昭和 40年 1月 31日").to_day(), Ok(Day::ymd(1965, 1, 31)));
        assert_eq!(parse_wareki("2025-04-01"), None);
        assert_eq!(parse_wareki("令和7年4月1日生"), None);
        let found = scan_wareki("平成30年6月ごろ発症、令和2年1月10日に診断。");
        let shown: Vec<String> = found.iter().map(|(.., w)| w.to_string()).collect();
        assert_eq!(shown, ["平成30年6月", "令和2年1月10日"]);
        assert_eq!(found[0].0, 0);
    }

    #[test]
    fn wareki_of_a_day() {
        assert_eq!(
            Day::ymd(2025, 4, 1).describe_ja(),
            "令和7年4月1日（2025-04-01）"
        );
        assert_eq!(
            Day::ymd(2019, 5, 1).describe_ja(),
            "令和元年5月1日（2019-05-01）"
        );
    }
}
