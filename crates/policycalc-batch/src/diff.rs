//! The impact of a change to the packs: one batch CSV evaluated with two
//! catalogs (the old packs and the new), each exactly as `policycalc batch`
//! evaluates it, compared row by row and provision by provision. Used by
//! `policycalc diff OLD NEW CASES.csv` and by the policy studio's impact
//! table (crates/policycalc-studio), so both show the same computation.
//!
//! Both batches read the same text, so their rows come in the same order;
//! the rows both have evaluated are compared and dropped after each chunk,
//! so memory holds the changes, not the file.

use super::*;
use policycalc_core::engine::Money;
use policycalc_core::phrases::{diff_phrase, DiffWord};
use serde::Serialize;

/// Bytes fed to both batches before the rows they have read are compared.
const CHUNK: usize = 64 * 1024;

/// One row as a batch evaluated it (kept by `Batch::kept`).
#[derive(Debug)]
pub(crate) struct RowResult {
    pub(crate) line: u64,
    /// The row's errors, when it was not computed.
    pub(crate) error: Option<String>,
    /// (output slot, status, amount) of each provision with an outcome.
    pub(crate) outcomes: Vec<(usize, Status, Option<Money>)>,
}

/// An amount: `min` is `None` for an "up to" cap (as the engine's `Money`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Amount {
    pub min: Option<Decimal>,
    pub max: Decimal,
    #[serde(skip)]
    kind: MoneyKind,
}

/// One side of a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Side {
    /// `eligible`, `ineligible`, `undetermined`, `conditional`;
    /// `not_applicable` (no outcome: another role's provision, or one that
    /// catalog does not have); `rejected` (the row was not computed: then
    /// the other side, computed, is `computed`).
    pub status: &'static str,
    pub amount: Option<Amount>,
    /// The row's errors, when `rejected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A row whose status or amount changes for a provision (`provision` is
/// `None` when the row is computed on one side only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowChange {
    pub line: u64,
    pub provision: Option<String>,
    pub before: Side,
    pub after: Side,
}

/// Minimum and maximum of a total (as the batch summary: rounded to fen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MinMax {
    pub min: Decimal,
    pub max: Decimal,
}

impl MinMax {
    /// `after - before`; totals are below 28 digits, so saturating never bites.
    fn difference(before: MinMax, after: MinMax) -> MinMax {
        MinMax { min: after.min.saturating_sub(before.min), max: after.max.saturating_sub(before.max) }
    }
}

/// A provision's total over the counted rows, before and after (listed when it changes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProvisionChange {
    pub provision: String,
    pub period: Option<Period>,
    pub before: MinMax,
    pub after: MinMax,
    pub difference: MinMax,
}

/// A period's total over the whole file, before and after (every period either side has).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeriodChange {
    pub period: Period,
    pub before: MinMax,
    pub after: MinMax,
    pub difference: MinMax,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Data rows (blank lines not counted).
    pub rows: u64,
    pub computed_before: u64,
    pub computed_after: u64,
    pub rejected_before: u64,
    pub rejected_after: u64,
    pub rows_changed: u64,
    pub changes: u64,
}

/// A warning about the file (a column that is not a fact, no role column):
/// with both packs, or with one only (a fact one vocabulary lacks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub message: String,
    pub only: Option<Only>,
}

/// The comparison: what `policycalc diff --format json` prints.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub rows: Vec<RowChange>,
    pub provisions: Vec<ProvisionChange>,
    pub periods: Vec<PeriodChange>,
    pub counts: Counts,
    pub warnings: Vec<Warning>,
}

/// Which catalog alone met a file-level error or a warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Only {
    Old,
    New,
}

/// A file-level problem (empty file, bad header...) that stops the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffError {
    pub error: BatchError,
    pub only: Option<Only>,
}

impl DiffError {
    pub fn message(&self, lang: Lang) -> String {
        let message = self.error.message(lang);
        match self.only {
            None => message,
            Some(Only::Old) => format!("{message} {}", diff_phrase(lang, DiffWord::OnlyOld)),
            Some(Only::New) => format!("{message} {}", diff_phrase(lang, DiffWord::OnlyNew)),
        }
    }
}

/// A comparison in progress: text in by chunks ([`DiffJob::push`]), then [`DiffJob::finish`].
#[derive(Debug)]
pub struct DiffJob {
    old: Batch,
    new: Batch,
    rows: Vec<RowChange>,
    rows_changed: u64,
    /// Output rows of the batches, never kept.
    scratch: String,
}

/// Both results, or the error (with which side met it).
fn both(a: Result<(), BatchError>, b: Result<(), BatchError>) -> Result<(), DiffError> {
    match (a, b) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(error), Err(_)) => Err(DiffError { error, only: None }),
        (Err(error), Ok(())) => Err(DiffError { error, only: Some(Only::Old) }),
        (Ok(()), Err(error)) => Err(DiffError { error, only: Some(Only::New) }),
    }
}

impl DiffJob {
    /// `options` as `policycalc batch` takes them (`detailed` is not used).
    pub fn new(old: &Catalog, new: &Catalog, options: BatchOptions) -> Result<DiffJob, DiffError> {
        let options = BatchOptions { detailed: false, ..options };
        let (mut a, mut b) = match (Batch::new(old, options.clone()), Batch::new(new, options)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(error), Err(_)) => return Err(DiffError { error, only: None }),
            (Err(error), Ok(_)) => return Err(DiffError { error, only: Some(Only::Old) }),
            (Ok(_), Err(error)) => return Err(DiffError { error, only: Some(Only::New) }),
        };
        a.kept = Some(Vec::new());
        b.kept = Some(Vec::new());
        Ok(DiffJob { old: a, new: b, rows: Vec::new(), rows_changed: 0, scratch: String::new() })
    }

    /// Reads a chunk of the CSV text with both catalogs and compares the rows read.
    pub fn push(&mut self, old: &Catalog, new: &Catalog, chunk: &str) -> Result<(), DiffError> {
        let a = self.old.push(old, chunk, &mut self.scratch);
        self.scratch.clear();
        let b = self.new.push(new, chunk, &mut self.scratch);
        self.scratch.clear();
        both(a, b)?;
        self.compare();
        Ok(())
    }

    /// Ends the input: the last rows, then the totals and counts.
    pub fn finish(mut self, old: &Catalog, new: &Catalog) -> Result<Diff, DiffError> {
        let a = self.old.finish(old, &mut self.scratch);
        let b = self.new.finish(new, &mut self.scratch);
        both(a, b)?;
        self.compare();
        let (before, after) = (self.old.stats(), self.new.stats());
        let counts = Counts {
            rows: before.rows,
            computed_before: before.computed,
            computed_after: after.computed,
            rejected_before: before.rejected,
            rejected_after: after.rejected,
            rows_changed: self.rows_changed,
            changes: self.rows.len() as u64,
        };
        let (a, b) = (self.old.warnings(), self.new.warnings());
        let warnings = a
            .iter()
            .map(|m| Warning { message: m.clone(), only: (!b.contains(m)).then_some(Only::Old) })
            .chain(b.iter().filter(|m| !a.contains(m)).map(|m| Warning { message: m.clone(), only: Some(Only::New) }))
            .collect();
        Ok(Diff { provisions: self.provision_totals(old, new), periods: self.period_totals(), rows: self.rows, counts, warnings })
    }

    /// Compares the rows both batches have read, and drops them.
    fn compare(&mut self) {
        let (Some(a), Some(b)) = (self.old.kept.as_mut(), self.new.kept.as_mut()) else { return };
        let n = a.len().min(b.len());
        let (done_a, done_b): (Vec<RowResult>, Vec<RowResult>) = (a.drain(..n).collect(), b.drain(..n).collect());
        for (x, y) in done_a.iter().zip(&done_b) {
            let before = self.rows.len();
            compare_row(&self.old, &self.new, x, y, &mut self.rows);
            if self.rows.len() > before {
                self.rows_changed = self.rows_changed.saturating_add(1);
            }
        }
    }

    /// Every provision whose counted total changes, in the old batch's column order, then the new's own.
    fn provision_totals(&self, old: &Catalog, new: &Catalog) -> Vec<ProvisionChange> {
        let total = |t: Option<&ProvisionTally>| t.map_or(MinMax::default(), |t| MinMax { min: engine::round_yuan(t.min), max: engine::round_yuan(t.max) });
        let period = |batch: &Batch, catalog: &Catalog, id: &str| {
            batch.provisions.iter().find(|o| o.id == id).and_then(|o| provision(catalog, o)).and_then(|p| p.amount.period)
        };
        let a: Vec<(&str, &ProvisionTally)> = self.old.tallies().collect();
        let b: Vec<(&str, &ProvisionTally)> = self.new.tallies().collect();
        let ids = a.iter().map(|(id, _)| *id).chain(b.iter().map(|(id, _)| *id).filter(|id| !a.iter().any(|(x, _)| x == id)));
        let mut out = Vec::new();
        for id in ids {
            let before = total(a.iter().find(|(x, _)| *x == id).map(|(_, t)| *t));
            let after = total(b.iter().find(|(x, _)| *x == id).map(|(_, t)| *t));
            if before != after {
                let period = period(&self.new, new, id).or_else(|| period(&self.old, old, id));
                out.push(ProvisionChange { provision: id.to_string(), period, before, after, difference: MinMax::difference(before, after) });
            }
        }
        out
    }

    /// Every period either side totals, in period order.
    fn period_totals(&self) -> Vec<PeriodChange> {
        let total = |periods: &[PeriodTotal], period: Period| {
            periods.iter().find(|p| p.period == period).map_or(MinMax::default(), |p| MinMax { min: engine::round_yuan(p.min), max: engine::round_yuan(p.max) })
        };
        let mut periods: Vec<Period> = self.old.periods.iter().chain(&self.new.periods).map(|p| p.period).collect();
        periods.sort();
        periods.dedup();
        periods
            .into_iter()
            .map(|period| {
                let (before, after) = (total(&self.old.periods, period), total(&self.new.periods, period));
                PeriodChange { period, before, after, difference: MinMax::difference(before, after) }
            })
            .collect()
    }
}

fn amount(m: Option<Money>) -> Option<Amount> {
    m.map(|m| Amount { min: m.min, max: m.max, kind: m.kind })
}

fn status_id(status: Status) -> &'static str {
    match status {
        Status::Eligible => "eligible",
        Status::Ineligible => "ineligible",
        Status::Undetermined => "undetermined",
        Status::Conditional => "conditional",
    }
}

const NOT_APPLICABLE: &str = "not_applicable";
const REJECTED: &str = "rejected";

/// The changes of one row (the same line read by both batches).
fn compare_row(old: &Batch, new: &Batch, x: &RowResult, y: &RowResult, out: &mut Vec<RowChange>) {
    let rejected = |r: &RowResult| Side { status: REJECTED, amount: None, error: r.error.clone() };
    if x.error.is_some() || y.error.is_some() {
        // rejected both times: no outcome changes (the counts say how many)
        if x.error.is_none() || y.error.is_none() {
            let computed = Side { status: "computed", amount: None, error: None };
            let (before, after) = if x.error.is_some() { (rejected(x), computed) } else { (computed, rejected(y)) };
            out.push(RowChange { line: x.line, provision: None, before, after });
        }
        return;
    }
    fn id(batch: &Batch, slot: usize) -> &str {
        batch.provisions.get(slot).map_or("", |o| o.id.as_str())
    }
    let side = |o: Option<&(usize, Status, Option<Money>)>| match o {
        Some((_, status, money)) => Side { status: status_id(*status), amount: amount(*money), error: None },
        None => Side { status: NOT_APPLICABLE, amount: None, error: None },
    };
    let mut push = |provision: &str, before: Side, after: Side| {
        if before != after {
            out.push(RowChange { line: x.line, provision: Some(provision.to_string()), before, after });
        }
    };
    for o in &x.outcomes {
        let p = id(old, o.0);
        push(p, side(Some(o)), side(y.outcomes.iter().find(|n| id(new, n.0) == p)));
    }
    for n in &y.outcomes {
        let p = id(new, n.0);
        if !x.outcomes.iter().any(|o| id(old, o.0) == p) {
            push(p, side(None), side(Some(n)));
        }
    }
}

/// The whole comparison of `text` (the CSV, decoded), a chunk at a time.
pub fn diff(old: &Catalog, new: &Catalog, text: &str, options: BatchOptions) -> Result<Diff, DiffError> {
    let mut job = DiffJob::new(old, new, options)?;
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut = cut.saturating_sub(1);
        }
        // a chunk shorter than one character cannot be: CHUNK is far above 4 bytes
        let (chunk, tail) = split(rest, cut.max(1));
        job.push(old, new, chunk)?;
        rest = tail;
    }
    job.finish(old, new)
}

// ===================================================================== printing

fn amount_text(a: Option<Amount>) -> String {
    let mut out = String::new();
    match a {
        Some(a) => write_money(&mut out, Money { kind: a.kind, min: a.min, max: a.max }),
        None => out.push('-'),
    }
    out
}

fn side_text(s: &Side, lang: Lang) -> String {
    let status = match s.status {
        "eligible" => status_text(lang, Status::Eligible),
        "ineligible" => status_text(lang, Status::Ineligible),
        "undetermined" => status_text(lang, Status::Undetermined),
        "conditional" => status_text(lang, Status::Conditional),
        NOT_APPLICABLE => diff_phrase(lang, DiffWord::NotApplicable),
        REJECTED => diff_phrase(lang, DiffWord::Rejected),
        other => other,
    };
    match (&s.amount, &s.error) {
        (Some(_), _) => format!("{status} {}", amount_text(s.amount)),
        (None, Some(e)) => format!("{status}: {e}"),
        (None, None) => status.to_string(),
    }
}

/// A signed difference: `+100.00`, `-50.00`, `0`.
fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

fn min_max_text(m: MinMax) -> String {
    format!("{} / {}", m.min, m.max)
}

fn period_id(p: Period) -> &'static str {
    match p {
        Period::Once => "once",
        Period::PerMonth => "per_month",
        Period::PerYear => "per_year",
    }
}

impl Diff {
    /// The text `policycalc diff` prints: the changed rows, the totals that
    /// change per provision, every period's total, the counts, the warnings.
    pub fn text(&self, lang: Lang) -> String {
        let word = |w| diff_phrase(lang, w);
        let mut out = String::new();
        for r in &self.rows {
            let _ = writeln!(
                out,
                "{} {}  {}  {} → {}",
                phrase(lang, Word::Line),
                r.line,
                r.provision.as_deref().unwrap_or("-"),
                side_text(&r.before, lang),
                side_text(&r.after, lang)
            );
        }
        if self.rows.is_empty() {
            let _ = writeln!(out, "{}", word(DiffWord::NoRowChanges));
        }
        let (before, after, difference) = (word(DiffWord::Before), word(DiffWord::After), word(DiffWord::Difference));
        let _ = writeln!(out, "\n{}", word(DiffWord::TotalsPerProvision));
        for p in &self.provisions {
            let period = p.period.map_or("-", |p| policycalc_core::report::period_text(p, lang));
            let _ = writeln!(
                out,
                "  {}  {period}  {before} {}  {after} {}  {difference} {} / {}",
                p.provision,
                min_max_text(p.before),
                min_max_text(p.after),
                signed(p.difference.min),
                signed(p.difference.max)
            );
        }
        let _ = writeln!(out, "\n{}", word(DiffWord::TotalsPerPeriod));
        for p in &self.periods {
            let _ = writeln!(
                out,
                "  {}  {before} {}  {after} {}  {difference} {} / {}",
                policycalc_core::report::period_text(p.period, lang),
                min_max_text(p.before),
                min_max_text(p.after),
                signed(p.difference.min),
                signed(p.difference.max)
            );
        }
        let c = &self.counts;
        let _ = writeln!(
            out,
            "\n{} {}; {} {} → {}; {} {} → {}; {} {}; {} {}",
            word(DiffWord::Rows),
            c.rows,
            word(DiffWord::Computed),
            c.computed_before,
            c.computed_after,
            word(DiffWord::RejectedRows),
            c.rejected_before,
            c.rejected_after,
            word(DiffWord::RowsChanged),
            c.rows_changed,
            word(DiffWord::Changes),
            c.changes
        );
        for w in &self.warnings {
            let only = match w.only {
                None => String::new(),
                Some(Only::Old) => format!(" {}", word(DiffWord::OnlyOld)),
                Some(Only::New) => format!(" {}", word(DiffWord::OnlyNew)),
            };
            let _ = writeln!(out, "{}{only}", w.message);
        }
        out
    }

    /// The CSV `policycalc diff --format csv` writes, one fact per line for
    /// scripts: `section,line,provision,period,field,before,after,difference`
    /// (sections `row`, `provision`, `period`, `count`, `warning`; statuses and periods
    /// as ids), UTF-8 with BOM.
    pub fn csv(&self) -> String {
        let mut out = String::from(BOM);
        write_row(&mut out, ["section", "line", "provision", "period", "field", "before", "after", "difference"]);
        for r in &self.rows {
            let line = r.line.to_string();
            let provision = r.provision.as_deref().unwrap_or("");
            let cell = |s: &Side| s.error.clone().map_or_else(|| s.status.to_string(), |e| format!("{}: {e}", s.status));
            let amount = |s: &Side| s.amount.map_or(String::new(), |a| amount_text(Some(a)));
            write_row(&mut out, ["row", &line, provision, "", "status", &cell(&r.before), &cell(&r.after), ""]);
            write_row(&mut out, ["row", &line, provision, "", "amount", &amount(&r.before), &amount(&r.after), ""]);
        }
        let totals = |out: &mut String, section: &str, provision: &str, period: &str, b: MinMax, a: MinMax, d: MinMax| {
            for (field, x, y, z) in [("min", b.min, a.min, d.min), ("max", b.max, a.max, d.max)] {
                write_row(out, [section, "", provision, period, field, &x.to_string(), &y.to_string(), &z.to_string()]);
            }
        };
        for p in &self.provisions {
            totals(&mut out, "provision", &p.provision, p.period.map_or("", period_id), p.before, p.after, p.difference);
        }
        for p in &self.periods {
            totals(&mut out, "period", "", period_id(p.period), p.before, p.after, p.difference);
        }
        let c = &self.counts;
        // a count of the comparison itself has no before
        let counts: [(&str, Option<u64>, u64); 5] = [
            ("rows", Some(c.rows), c.rows),
            ("computed", Some(c.computed_before), c.computed_after),
            ("rejected", Some(c.rejected_before), c.rejected_after),
            ("rows_changed", None, c.rows_changed),
            ("changes", None, c.changes),
        ];
        for (field, before, after) in counts {
            let before = before.map_or(String::new(), |b| b.to_string());
            write_row(&mut out, ["count", "", "", "", field, &before, &after.to_string(), ""]);
        }
        // a warning under the side(s) that gave it
        for w in &self.warnings {
            let (before, after) = match w.only {
                None => (w.message.as_str(), w.message.as_str()),
                Some(Only::Old) => (w.message.as_str(), ""),
                Some(Only::New) => ("", w.message.as_str()),
            };
            write_row(&mut out, ["warning", "", "", "", "", before, after, ""]);
        }
        out
    }
}
