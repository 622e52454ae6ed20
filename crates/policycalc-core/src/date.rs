//! Calendar dates without a clock: the as-of date is always an input.
//!
//! A date is a proleptic Gregorian year, month and day, compared in that
//! order (the derived ordering). Only what the policies need is here: parsing,
//! formatting, the year, and adding whole years or months (clamping the 29th
//! of February and month ends, as civil law reads "two years after").

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Dates outside this span are rejected as input: no policy reaches them and
/// it keeps every arithmetic on years far from overflow.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

impl Date {
    /// The first day the calendar accepts (what a failed decode stands in with).
    pub(crate) const FIRST: Date = Date { year: MIN_YEAR, month: 1, day: 1 };

    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        let month = month as u8;
        if day == 0 || day > u32::from(days_in_month(year, month)) {
            return None;
        }
        Some(Date { year, month, day: day as u8 })
    }

    /// Parses `YYYY-MM-DD` exactly (no time, no zone, no other separators).
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = digits(0..4)?;
        Date::from_ymd(year as i32, digits(5..7)?, digits(8..10)?)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Same day `months` later (or earlier), clamped to the last day of the
    /// target month. `None` when the result leaves the supported span.
    pub fn add_months(self, months: i64) -> Option<Date> {
        // Months since year 0, 0-based; `months` comes from a formula, so it
        // can be anything an i64 holds.
        let index = i64::from(self.year).checked_mul(12)?.checked_add(i64::from(self.month))?.checked_sub(1)?.checked_add(months)?;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u8::try_from(index.rem_euclid(12)).ok()?.checked_add(1)?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        let day = self.day.min(days_in_month(year, month));
        Some(Date { year, month, day })
    }

    pub fn add_years(self, years: i64) -> Option<Date> {
        self.add_months(years.checked_mul(12)?)
    }

    /// The next calendar day; used to turn an inclusive "until" into the
    /// exclusive end of a half-open range.
    pub fn next_day(self) -> Option<Date> {
        // Each step is below its bound (the day below the month's length,
        // the month below 12, the year below MAX_YEAR), so none overflows.
        if self.day < days_in_month(self.year, self.month) {
            Some(Date { day: self.day.checked_add(1)?, ..self })
        } else if self.month < 12 {
            Some(Date { month: self.month.checked_add(1)?, day: 1, ..self })
        } else if self.year < MAX_YEAR {
            Some(Date { year: self.year.checked_add(1)?, month: 1, day: 1 })
        } else {
            None
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a real date YYYY-MM-DD between {MIN_YEAR} and {MAX_YEAR}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_calendar_dates() {
        assert_eq!(Date::parse("2024-02-29").map(|d| d.to_string()), Some("2024-02-29".into()));
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-1-01").is_none());
        assert!(Date::parse("+024-01-01").is_none());
        assert!(Date::parse("2024-01-01T00").is_none());
        assert!(Date::parse("9999-01-01").is_none());
    }

    #[test]
    fn adding_years_clamps_leap_day() {
        let leap = Date::parse("2024-02-29").unwrap();
        assert_eq!(leap.add_years(2).unwrap().to_string(), "2026-02-28");
        let end = Date::parse("2024-01-31").unwrap();
        assert_eq!(end.add_months(1).unwrap().to_string(), "2024-02-29");
        assert_eq!(end.add_months(-2).unwrap().to_string(), "2023-11-30");
    }

    #[test]
    fn next_day_rolls_over_months_and_years() {
        assert_eq!(Date::parse("2025-12-31").unwrap().next_day().unwrap().to_string(), "2026-01-01");
        assert_eq!(Date::parse("2024-02-28").unwrap().next_day().unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2200-12-31").unwrap().next_day().is_none());
    }

    #[test]
    fn adding_extreme_months_or_years_is_none_not_a_wrap() {
        let d = Date::parse("2025-06-15").unwrap();
        for months in [i64::MAX, i64::MIN, i64::MAX / 12, i64::MIN / 12, 12 * 10_000, -12 * 10_000] {
            assert_eq!(d.add_months(months), None, "{months}");
        }
        for years in [i64::MAX, i64::MIN, 176, -126] {
            assert_eq!(d.add_years(years), None, "{years}");
        }
        assert_eq!(d.add_years(175).unwrap().to_string(), "2200-06-15");
        assert_eq!(d.add_years(-125).unwrap().to_string(), "1900-06-15");
    }

    #[test]
    fn every_month_has_its_calendar_length() {
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        for (month, days) in (1..=12).zip(lengths) {
            assert!(Date::from_ymd(2025, month, days).is_some(), "2025-{month}-{days}");
            assert!(Date::from_ymd(2025, month, days + 1).is_none(), "2025-{month}-{}", days + 1);
        }
        assert!(Date::from_ymd(2025, 1, 0).is_none());
        assert!(Date::from_ymd(2025, 0, 1).is_none());
        assert!(Date::from_ymd(2025, 13, 1).is_none());
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        // Every 4th year, but not centuries, except every 400th.
        for (year, leap) in [(2024, true), (2023, false), (2026, false), (1900, false), (2000, true), (2100, false), (2200, false)] {
            assert_eq!(Date::from_ymd(year, 2, 29).is_some(), leap, "{year}");
            assert!(Date::from_ymd(year, 2, 28).is_some(), "{year}");
        }
    }

    #[test]
    fn the_supported_span_is_1900_to_2200_inclusive() {
        assert!(Date::from_ymd(1900, 1, 1).is_some());
        assert!(Date::from_ymd(2200, 12, 31).is_some());
        assert!(Date::from_ymd(1899, 12, 31).is_none());
        assert!(Date::from_ymd(2201, 1, 1).is_none());
        assert_eq!(Date::parse("1900-01-01"), Some(Date::FIRST));
    }

    #[test]
    fn parsing_needs_both_dashes_at_their_places() {
        for text in ["2024/01/01", "2024-01/01", "2024/01-01", "20240-1-01", "2024-01-011", "2024-01-1", "2024-0a-01", "2024-01-0a"] {
            assert!(Date::parse(text).is_none(), "{text}");
        }
        assert_eq!(Date::parse("2024-01-31"), Date::from_ymd(2024, 1, 31));
    }

    #[test]
    fn year_month_and_day_read_back() {
        let d = Date::parse("2025-06-15").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2025, 6, 15));
        let d = Date::parse("1999-11-03").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (1999, 11, 3));
    }

    #[test]
    fn next_day_within_a_month_and_at_each_month_end() {
        let next = |s: &str| Date::parse(s).unwrap().next_day().unwrap().to_string();
        assert_eq!(next("2025-06-15"), "2025-06-16");
        assert_eq!(next("2025-06-30"), "2025-07-01");
        assert_eq!(next("2025-02-28"), "2025-03-01");
        assert_eq!(next("2024-02-29"), "2024-03-01");
        assert_eq!(next("2025-11-30"), "2025-12-01");
    }

    #[test]
    fn a_date_is_written_and_read_as_json_text() {
        let d = Date::parse("2025-03-07").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2025-03-07\"");
        assert_eq!(serde_json::from_str::<Date>("\"2025-03-07\"").unwrap(), d);
        let e = serde_json::from_str::<Date>("\"2025-02-30\"").unwrap_err().to_string();
        assert!(e.contains("`2025-02-30` is not a real date YYYY-MM-DD between 1900 and 2200"), "{e}");
    }
}
