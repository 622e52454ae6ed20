//! [`Rows`] and [`Part`] as bytes, for workers that share no memory with the
//! reader (the batch page's pool: one WebAssembly instance per Web Worker).
//! The format is private to one build (reader and workers load the same
//! module): varint integers, length-prefixed UTF-8, decimals as
//! `Decimal::serialize`. Decoding checks lengths and tags and returns `None`
//! on anything else, so a garbled message is an error, never a panic.

use super::rows::RowItem;
use super::*;

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    #[inline(never)]
    fn uint(&mut self, mut n: u64) {
        loop {
            // The low seven bits (the mask keeps the cast exact).
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    #[inline(never)]
    fn size(&mut self, n: usize) {
        self.uint(n as u64);
    }
    #[inline(never)]
    fn str(&mut self, s: &str) {
        self.size(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    #[inline(never)]
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
            None => self.0.push(0),
        }
    }
    #[inline(never)]
    fn strs(&mut self, list: &[String]) {
        self.size(list.len());
        for s in list {
            self.str(s);
        }
    }
    #[inline(never)]
    fn decimal(&mut self, d: Decimal) {
        self.0.extend_from_slice(&d.serialize());
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    #[inline(never)]
    fn byte(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }
    #[inline(never)]
    fn uint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            n |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }
    #[inline(never)]
    fn size(&mut self) -> Option<usize> {
        usize::try_from(self.uint()?).ok()
    }
    #[inline(never)]
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    #[inline(never)]
    fn str(&mut self) -> Option<&'a str> {
        let n = self.size()?;
        std::str::from_utf8(self.bytes(n)?).ok()
    }
    #[inline(never)]
    fn opt_str(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(self.str()?.to_string())),
            _ => None,
        }
    }
    #[inline(never)]
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.size()?;
        // Each string takes at least a byte: a length past the rest is garbled.
        if n > self.0.len() {
            return None;
        }
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            list.push(self.str()?.to_string());
        }
        Some(list)
    }
    #[inline(never)]
    fn decimal(&mut self) -> Option<Decimal> {
        Some(Decimal::deserialize(self.bytes(16)?.try_into().ok()?))
    }
    /// A count of items of at least `min` bytes each, checked against the rest.
    #[inline(never)]
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.size()?;
        (n.checked_mul(min)? <= self.0.len()).then_some(n)
    }
}

const CSV_PROBLEMS: [CsvProblem; 5] =
    [CsvProblem::StrayQuote, CsvProblem::TextAfterQuote, CsvProblem::UnterminatedQuote, CsvProblem::TooLong, CsvProblem::TooManyFields];
const PERIODS: [Period; 3] = [Period::Once, Period::PerMonth, Period::PerYear];
const RELATIONS: [Relation; 2] = [Relation::AtMost, Relation::NotBefore];

/// The position of `x` in `all` (every variant is listed, so always found).
fn tag<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter().position(|y| y == x).unwrap_or_default() as u8
}

fn pick<T: Copy>(all: &[T], tag: u8) -> Option<T> {
    all.get(usize::from(tag)).copied()
}

impl Rows {
    /// The rows as bytes for [`Rows::decode`] in another instance.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(self.buf.len().saturating_add(self.ends.len().saturating_mul(2)).saturating_add(64)));
        w.str(&self.buf);
        w.size(self.ends.len());
        for &end in &self.ends {
            w.size(end);
        }
        w.size(self.items.len());
        for item in &self.items {
            w.uint(item.line);
            w.uint(item.last_line);
            w.size(item.buf_end);
            w.size(item.ends_end);
            w.0.push(u8::from(item.plain));
            match item.problem {
                Some((p, field)) => {
                    w.0.push(tag(&CSV_PROBLEMS, &p).saturating_add(1));
                    w.size(field);
                }
                None => w.0.push(0),
            }
        }
        w.0
    }

    /// Replaces these rows with the ones `bytes` holds (reusing the
    /// buffers); `false`, and no rows, when the bytes are not an encoding
    /// whose offsets fit.
    pub fn decode(&mut self, bytes: &[u8]) -> bool {
        self.clear();
        let ok = self.read(&mut Reader(bytes)).is_some();
        if !ok {
            self.clear();
        }
        ok
    }

    fn read(&mut self, r: &mut Reader) -> Option<()> {
        self.buf.push_str(r.str()?);
        for _ in 0..r.count(1)? {
            self.ends.push(r.size()?);
        }
        let (mut buf_at, mut ends_at) = (0, 0);
        for _ in 0..r.count(6)? {
            let (line, last_line, buf_end, ends_end) = (r.uint()?, r.uint()?, r.size()?, r.size()?);
            let plain = match r.byte()? {
                0 => false,
                1 => true,
                _ => return None,
            };
            let problem = match r.byte()? {
                0 => None,
                t => Some((pick(&CSV_PROBLEMS, t.checked_sub(1)?)?, r.size()?)),
            };
            // Records follow each other; each slice must lie on a character boundary.
            if buf_end < buf_at || !self.buf.is_char_boundary(buf_end) || ends_end < ends_at || ends_end > self.ends.len() {
                return None;
            }
            (buf_at, ends_at) = (buf_end, ends_end);
            self.items.push(RowItem { line, last_line, buf_end, ends_end, plain, problem });
        }
        r.0.is_empty().then_some(())
    }
}

impl Part {
    /// The part as bytes for [`Part::decode`] in the reader's instance.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.uint(self.computed);
        w.uint(self.rejected);
        w.uint(self.errors_not_kept);
        w.size(self.errors.len());
        for e in &self.errors {
            write_error(&mut w, e);
        }
        w.size(self.tallies.len());
        for t in &self.tallies {
            for n in [t.eligible, t.ineligible, t.undetermined, t.conditional, t.not_applicable, t.counted] {
                w.uint(n);
            }
            w.decimal(t.min);
            w.decimal(t.max);
        }
        w.size(self.periods.len());
        for p in &self.periods {
            w.0.push(tag(&PERIODS, &p.period));
            w.decimal(p.min);
            w.decimal(p.max);
            w.uint(p.rows);
        }
        w.size(self.seen_regions.len());
        w.0.extend(self.seen_regions.iter().map(|&seen| u8::from(seen)));
        w.0
    }

    /// The part `bytes` holds, or `None` when they are not one.
    pub fn decode(bytes: &[u8]) -> Option<Part> {
        let r = &mut Reader(bytes);
        let (computed, rejected, errors_not_kept) = (r.uint()?, r.uint()?, r.uint()?);
        let mut errors = Vec::new();
        for _ in 0..r.count(5)? {
            errors.push(read_error(r)?);
        }
        let mut tallies = Vec::new();
        for _ in 0..r.count(38)? {
            tallies.push(ProvisionTally {
                eligible: r.uint()?,
                ineligible: r.uint()?,
                undetermined: r.uint()?,
                conditional: r.uint()?,
                not_applicable: r.uint()?,
                counted: r.uint()?,
                min: r.decimal()?,
                max: r.decimal()?,
            });
        }
        let mut periods = Vec::new();
        for _ in 0..r.count(34)? {
            periods.push(PeriodTotal { period: pick(&PERIODS, r.byte()?)?, min: r.decimal()?, max: r.decimal()?, rows: r.uint()? });
        }
        let mut seen_regions = Vec::new();
        for _ in 0..r.count(1)? {
            seen_regions.push(match r.byte()? {
                0 => false,
                1 => true,
                _ => return None,
            });
        }
        r.0.is_empty().then_some(Part { computed, rejected, errors_not_kept, errors, tallies, periods, seen_regions })
    }
}

#[inline(never)]
fn write_error(w: &mut Writer, e: &RowError) {
    w.uint(e.line);
    match e.column {
        Some(c) => {
            w.0.push(1);
            w.size(c);
        }
        None => w.0.push(0),
    }
    w.opt_str(e.column_name.as_deref());
    w.opt_str(e.value.as_deref());
    match &e.problem {
        Problem::Csv(p) => {
            w.0.push(0);
            w.0.push(tag(&CSV_PROBLEMS, p));
        }
        Problem::FieldCount { found, expected, split } => {
            w.0.push(1);
            w.size(*found);
            w.size(*expected);
            w.opt_str(split.as_deref());
        }
        Problem::NotBool => w.0.push(2),
        Problem::NotNumber => w.0.push(3),
        Problem::NotWhole => w.0.push(4),
        Problem::TooManyDecimals => w.0.push(5),
        Problem::BelowMin(d) => {
            w.0.push(6);
            w.decimal(*d);
        }
        Problem::AboveMax(d) => {
            w.0.push(7);
            w.decimal(*d);
        }
        Problem::NotDate => w.0.push(8),
        Problem::SerialDate { date } => {
            w.0.push(9);
            w.opt_str(date.as_deref());
        }
        Problem::ScaledNumber => w.0.push(10),
        Problem::NotEnumValue { allowed } => {
            w.0.push(11);
            w.strs(allowed);
        }
        Problem::UnknownRegion { known } => {
            w.0.push(12);
            w.strs(known);
        }
        Problem::OtherRegion { batch } => {
            w.0.push(13);
            w.str(batch);
        }
        Problem::NoRegion => w.0.push(14),
        Problem::NoAsOf => w.0.push(15),
        Problem::Contradicts { relation, other_column, other_name, other_value, message } => {
            w.0.push(16);
            w.0.push(tag(&RELATIONS, relation));
            w.size(*other_column);
            w.str(other_name);
            w.str(other_value);
            for text in [&message.zh_hans, &message.zh_hant, &message.en] {
                w.str(text);
            }
        }
    }
}

#[inline(never)]
fn read_error(r: &mut Reader) -> Option<RowError> {
    let line = r.uint()?;
    let column = match r.byte()? {
        0 => None,
        1 => Some(r.size()?),
        _ => return None,
    };
    let (column_name, value) = (r.opt_str()?, r.opt_str()?);
    let problem = match r.byte()? {
        0 => Problem::Csv(pick(&CSV_PROBLEMS, r.byte()?)?),
        1 => Problem::FieldCount { found: r.size()?, expected: r.size()?, split: r.opt_str()? },
        2 => Problem::NotBool,
        3 => Problem::NotNumber,
        4 => Problem::NotWhole,
        5 => Problem::TooManyDecimals,
        6 => Problem::BelowMin(r.decimal()?),
        7 => Problem::AboveMax(r.decimal()?),
        8 => Problem::NotDate,
        9 => Problem::SerialDate { date: r.opt_str()? },
        10 => Problem::ScaledNumber,
        11 => Problem::NotEnumValue { allowed: r.strs()? },
        12 => Problem::UnknownRegion { known: r.strs()? },
        13 => Problem::OtherRegion { batch: r.str()?.to_string() },
        14 => Problem::NoRegion,
        15 => Problem::NoAsOf,
        16 => Problem::Contradicts {
            relation: pick(&RELATIONS, r.byte()?)?,
            other_column: r.size()?,
            other_name: r.str()?.to_string(),
            other_value: r.str()?.to_string(),
            message: Box::new(Text { zh_hans: r.str()?.to_string(), zh_hant: r.str()?.to_string(), en: r.str()?.to_string() }),
        },
        _ => return None,
    };
    Some(RowError { line, column, column_name, value, problem })
}
