//! Cell parsing: a cell's text as the fact's type.

use super::*;

/// Parses one cell as the fact's type; an empty cell is "not answered".
pub fn parse_cell(vocab: &Vocabulary, id: FactId, text: &str) -> Result<Option<Value>, Problem> {
    let mut value = None;
    parse_cell_into(vocab, id, text, &mut value)?;
    Ok(value)
}

/// [`parse_cell`] written straight into `slot` (left as it was on a
/// problem): the batch's rows do this into their facts, since a value
/// handed back in a `Result` and then copied into the facts stalled on
/// store forwarding, measured at 31 % of `Batch::row` (perf annotate).
/// Inlined for the empty cell (most cells of a sparse sheet), which then
/// costs no call.
#[inline]
pub fn parse_cell_into(vocab: &Vocabulary, id: FactId, text: &str, slot: &mut Option<Value>) -> Result<(), Problem> {
    let text = trim_cell(text);
    if text.is_empty() {
        *slot = None;
        return Ok(());
    }
    parse_answer(vocab, id, text, slot)
}

/// [`parse_cell_into`] of a cell with text.
#[inline(never)]
fn parse_answer(vocab: &Vocabulary, id: FactId, text: &str, slot: &mut Option<Value>) -> Result<(), Problem> {
    let def = vocab.fact(id);
    let value = match def.ty {
        FactType::Bool => Value::Bool(parse_bool(text).ok_or(Problem::NotBool)?),
        FactType::Integer | FactType::Decimal => {
            let n = match plain_number(text) {
                Some(n) => n,
                None => vocab::parse_decimal(&number_text(text)?).ok_or(Problem::NotNumber)?,
            };
            let normal = n.normalize();
            if def.ty == FactType::Integer && normal.scale() > 0 {
                return Err(Problem::NotWhole);
            }
            if def.ty == FactType::Decimal && normal.scale() > 2 {
                return Err(Problem::TooManyDecimals);
            }
            if let Some(min) = def.min.filter(|min| n < *min) {
                return Err(Problem::BelowMin(min));
            }
            if let Some(max) = def.max.filter(|max| n > *max) {
                return Err(Problem::AboveMax(max));
            }
            Value::Num(normal)
        }
        FactType::Date => Value::Date(parse_date(text).ok_or_else(|| date_problem(text))?),
        FactType::Enum => {
            let index = def
                .values
                .iter()
                .position(|v| {
                    v.id == text
                        || v.id.eq_ignore_ascii_case(text)
                        || v.label.zh_hans == text
                        || v.label.get(Lang::ZhHant) == text
                        || v.label.en.eq_ignore_ascii_case(text)
                })
                .ok_or_else(|| Problem::NotEnumValue { allowed: def.values.iter().map(|v| v.id.clone()).collect() })?;
            Value::Sym(index as u16)
        }
    };
    *slot = Some(value);
    Ok(())
}

/// A number as people and spreadsheets write it, made plain: full-width
/// digits (１２００), ¥ before or 元 after (1200元), thousands commas where
/// they belong (1,200.00). Refused: 万 and 千 (they change the size), and
/// commas anywhere else (1,20 is not a number anyone can be sure of).
/// `text.trim()`: `trim` scans for Unicode white space, and a cell that is
/// empty or starts and ends with visible ASCII (nearly every one) has none.
pub(crate) fn trim_cell(text: &str) -> &str {
    match text.as_bytes() {
        [] => text,
        [a, ..] if a.is_ascii_graphic() && text.as_bytes().last().is_some_and(u8::is_ascii_graphic) => text,
        _ => text.trim(),
    }
}

/// A cell of digits, with at most one point inside them (nearly every
/// number cell), up to 18 digits: read as a u64 and its scale. The same
/// value and scale as `vocab::parse_decimal` gives it, without its scan and
/// 96-bit arithmetic.
pub(crate) fn plain_number(text: &str) -> Option<Decimal> {
    // One pass: the digits' value, and where the point is.
    let (mut m, mut digits, mut point) = (0_u64, 0_u32, None);
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'0'..=b'9' => {
                m = m.checked_mul(10)?.checked_add(u64::from(b.wrapping_sub(b'0')))?;
                digits = digits.saturating_add(1);
            }
            b'.' if point.is_none() && i > 0 => point = Some(digits),
            _ => return None,
        }
    }
    let scale = point.map_or(Some(0), |p| digits.checked_sub(p))?;
    if digits == 0 || digits > 18 || (point.is_some() && scale == 0) {
        return None;
    }
    Decimal::try_from_i128_with_scale(i128::from(m), scale).ok()
}

pub(crate) fn number_text(text: &str) -> Result<std::borrow::Cow<'_, str>, Problem> {
    // Plain ASCII digits (what nearly every cell is) are already plain: no copy.
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    let mut plain: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c).wrapping_sub(0xFEE0)).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            '－' => '-',
            _ => c,
        })
        .collect();
    if plain.contains(['万', '千']) {
        return Err(Problem::ScaledNumber);
    }
    for prefix in ["¥", "￥", "RMB", "CNY"] {
        if let Some(rest) = plain.strip_prefix(prefix) {
            plain = rest.trim_start().to_string();
        }
    }
    for suffix in ["元整", "元", "CNY"] {
        if let Some(rest) = plain.strip_suffix(suffix) {
            plain = rest.trim_end().to_string();
        }
    }
    if plain.contains(',') {
        let (int, frac) = plain.split_once('.').map_or((plain.as_str(), None), |(i, f)| (i, Some(f)));
        let digits = int.strip_prefix('-').unwrap_or(int);
        let mut groups = digits.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        let grouped = first_ok && groups.all(|g| g.len() == 3) && digits.bytes().all(|b| b.is_ascii_digit() || b == b',');
        if !grouped {
            return Err(Problem::NotNumber);
        }
        let mut joined = int.replace(',', "");
        if let Some(f) = frac {
            joined.push('.');
            joined.push_str(f);
        }
        plain = joined;
    }
    Ok(std::borrow::Cow::Owned(plain))
}

/// Why a date cell was refused: a bare number is probably an Excel serial
/// day (say which date it would be), anything else is not a date.
pub(crate) fn date_problem(text: &str) -> Problem {
    match text.trim().parse::<f64>() {
        // Serial days from 1927 on: a smaller number is more likely a year
        // or a typo than a date.
        Ok(n) if n.is_finite() && n >= 10_000.0 => Problem::SerialDate { date: excel_date::serial_date(n).map(|d| d.to_string()) },
        _ => Problem::NotDate,
    }
}

/// `true`/`false` and the spellings spreadsheets and Chinese forms use.
pub fn parse_bool(text: &str) -> Option<bool> {
    const YES: [&str; 6] = ["true", "yes", "y", "1", "是", "对"];
    const NO: [&str; 6] = ["false", "no", "n", "0", "否", "不是"];
    if YES.iter().any(|y| y.eq_ignore_ascii_case(text)) {
        Some(true)
    } else if NO.iter().any(|n| n.eq_ignore_ascii_case(text)) {
        Some(false)
    } else {
        None
    }
}

/// `YYYY-MM-DD`, and what Excel in Chinese locales writes: `YYYY/M/D`,
/// `YYYY-M-D`, `YYYY年M月D日`.
pub fn parse_date(text: &str) -> Option<Date> {
    if let Some(d) = Date::parse(text) {
        return Some(d);
    }
    let normalized: String = text
        .trim_end_matches('日')
        .chars()
        .map(|c| if matches!(c, '/' | '年' | '月' | '.') { '-' } else { c })
        .collect();
    let mut parts = normalized.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}
