//! Rows read on one thread and evaluated on others (the CLI's `--threads`).
//!
//! The reader stays serial (records, line numbers and the header are one
//! stream); data rows are collected into [`Rows`], evaluated by a
//! [`Batch::worker`] into output text and a [`Part`] of the running totals,
//! and the caller writes the texts and [`Batch::absorb`]s the parts in input
//! order. Each row's output depends only on the row, the header and the
//! options, so the bytes are those of a one-thread run; the counts and the
//! first [`MAX_KEPT_ERRORS`] errors are too, and so are the summary's sums
//! while they stay exact (below 26 digits of yuan: past that a `Decimal`
//! keeps fewer decimals, and adding per task can round differently).

use super::*;

/// Data rows read but not yet evaluated: the records' text and field ends
/// side by side, so a chunk is three buffers, reused from chunk to chunk.
#[derive(Debug, Default)]
pub struct Rows {
    pub(crate) buf: String,
    pub(crate) ends: Vec<usize>,
    pub(crate) items: Vec<RowItem>,
}

#[derive(Debug)]
pub(crate) struct RowItem {
    pub(crate) line: u64,
    pub(crate) last_line: u64,
    /// Where the record's text and field ends stop in `buf` and `ends`.
    pub(crate) buf_end: usize,
    pub(crate) ends_end: usize,
    pub(crate) plain: bool,
    pub(crate) problem: Option<(CsvProblem, usize)>,
}

impl Rows {
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
        self.items.clear();
    }

    pub(crate) fn push(&mut self, record: &Record) {
        self.buf.push_str(record.buf);
        self.ends.extend_from_slice(record.ends);
        self.items.push(RowItem {
            line: record.line,
            last_line: record.last_line,
            buf_end: self.buf.len(),
            ends_end: self.ends.len(),
            plain: record.plain,
            problem: record.problem,
        });
    }

    /// The records as the reader gave them (field ends are relative to
    /// each record's own text).
    fn records(&self) -> impl Iterator<Item = Record<'_>> {
        let mut from = (0, 0);
        self.items.iter().map(move |item| {
            let (buf_start, ends_start) = from;
            from = (item.buf_end, item.ends_end);
            Record {
                line: item.line,
                last_line: item.last_line,
                buf: self.buf.get(buf_start..item.buf_end).unwrap_or_default(),
                ends: self.ends.get(ends_start..item.ends_end).unwrap_or_default(),
                plain: item.plain,
                problem: item.problem,
            }
        })
    }
}

/// What a worker's rows add to the batch's counts, errors and totals.
#[derive(Debug)]
pub struct Part {
    pub(crate) computed: u64,
    pub(crate) rejected: u64,
    pub(crate) errors_not_kept: u64,
    pub(crate) errors: Vec<RowError>,
    pub(crate) tallies: Vec<ProvisionTally>,
    pub(crate) periods: Vec<PeriodTotal>,
    pub(crate) seen_regions: Vec<bool>,
}

impl Batch {
    /// A batch that evaluates rows read by this one (same options, header
    /// and columns; its own scratch and counts). Keeps no preview.
    pub fn worker(&self) -> Batch {
        Batch::with_layout(self.options.clone(), self.region, self.provisions.clone(), self.layouts.clone(), self.header.clone())
    }

    /// The header as read, as one CSV record (every name quoted, no
    /// escaping of formulas: it is input, not output), so a worker in
    /// another WebAssembly instance reads the same header from it
    /// ([`Batch::push_rows`] on a new batch with the same options).
    pub fn header_csv(&self) -> Option<String> {
        let header = self.header.as_ref()?;
        let mut line = String::new();
        for (i, name) in header.names.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push('"');
            for c in name.chars() {
                if c == '"' {
                    line.push('"');
                }
                line.push(c);
            }
            line.push('"');
        }
        line.push_str("\r\n");
        Some(line)
    }

    /// Evaluates rows collected by [`Batch::push_rows`] and appends their
    /// output rows to `out`.
    pub fn evaluate_rows(&mut self, catalog: &Catalog, rows: &Rows, out: &mut String) {
        for record in rows.records() {
            self.row(catalog, &record, out);
        }
    }

    /// The counts, errors and totals since the last call, and resets them.
    pub fn take_part(&mut self) -> Part {
        let part = Part {
            computed: self.stats.computed,
            rejected: self.stats.rejected,
            errors_not_kept: self.stats.errors_not_kept,
            errors: std::mem::take(&mut self.errors),
            tallies: std::mem::take(&mut self.tallies),
            periods: std::mem::take(&mut self.periods),
            seen_regions: std::mem::take(&mut self.seen_regions),
        };
        self.reset_part();
        part
    }

    pub(crate) fn reset_part(&mut self) {
        self.stats = Stats::default();
        self.errors.clear();
        self.tallies = vec![ProvisionTally::default(); self.provisions.len()];
        self.periods.clear();
        self.seen_regions = vec![false; self.layouts.len()];
    }

    /// Adds a worker's [`Part`]; parts must come in the order of their rows
    /// (which errors are kept depends on it).
    pub fn absorb(&mut self, part: Part) {
        let stats = &mut self.stats;
        stats.computed = stats.computed.saturating_add(part.computed);
        stats.rejected = stats.rejected.saturating_add(part.rejected);
        stats.errors_not_kept = stats.errors_not_kept.saturating_add(part.errors_not_kept);
        for e in part.errors {
            if self.errors.len() < MAX_KEPT_ERRORS {
                self.errors.push(e);
            } else {
                self.stats.errors_not_kept = self.stats.errors_not_kept.saturating_add(1);
            }
        }
        for (total, add) in self.tallies.iter_mut().zip(part.tallies) {
            total.add(&add);
        }
        for add in part.periods {
            let Some(p) = period_total(&mut self.periods, add.period) else { continue };
            p.min = sum(p.min, add.min);
            p.max = sum(p.max, add.max);
            p.rows = p.rows.saturating_add(add.rows);
        }
        for (seen, add) in self.seen_regions.iter_mut().zip(part.seen_regions) {
            *seen |= add;
        }
    }
}

impl ProvisionTally {
    /// Adds another run of rows' counts and sums (saturating, as [`ProvisionTally::count`]).
    fn add(&mut self, other: &ProvisionTally) {
        self.eligible = self.eligible.saturating_add(other.eligible);
        self.ineligible = self.ineligible.saturating_add(other.ineligible);
        self.undetermined = self.undetermined.saturating_add(other.undetermined);
        self.conditional = self.conditional.saturating_add(other.conditional);
        self.not_applicable = self.not_applicable.saturating_add(other.not_applicable);
        self.counted = self.counted.saturating_add(other.counted);
        self.min = sum(self.min, other.min);
        self.max = sum(self.max, other.max);
    }
}
