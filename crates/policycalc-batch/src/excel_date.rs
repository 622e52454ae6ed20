//! Excel's serial day numbers (the 1900 date system), both ways: workbooks
//! store dates so, and a CSV saved from one sometimes carries them bare.

use policycalc_core::date::Date;

/// An Excel serial day (1900 date system) as a date: day 1 is 1900-01-01,
/// day 60 Excel's fictitious 1900-02-29 (refused), day 61 1900-03-01.
pub fn serial_date(serial: f64) -> Option<Date> {
    let day = serial.floor();
    if !(1.0..=150_000.0).contains(&day) || day == 60.0 {
        return None;
    }
    let day = day as i64;
    #[allow(clippy::arithmetic_side_effects)] // 1..=150000
    // Days from 1970-01-01: Excel's day 25569 is 1970-01-01 (from day 61 on;
    // before the fictitious leap day the count is one ahead).
    let z = if day < 60 { day - 25568 } else { day - 25569 };
    civil_from_days(z)
}

/// The date `z` days after 1970-01-01 (H. Hinnant's algorithm).
// `z` comes from a serial day in 1..=150000 and dates are years 1900-2200:
// no step can overflow an i64.
#[allow(clippy::arithmetic_side_effects)]
fn civil_from_days(z: i64) -> Option<Date> {
    let z = z.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date::from_ymd(i32::try_from(y).ok()?, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

/// A date as Excel's serial day (the inverse of [`serial_date`]).
#[allow(clippy::arithmetic_side_effects)] // years 1900-2200: far from overflow
pub fn date_serial(date: Date) -> f64 {
    let (y, m, d) = (i64::from(date.year()), i64::from(date.month()), i64::from(date.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (days + 25569) as f64
}
