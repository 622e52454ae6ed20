//! Batch evaluation: CSV in, CSV out, one row per person or enterprise case.
//!
//! Pure core shared by the CLI (`policycalc batch`) and the browser
//! (`Calculator::batchBegin` in `policycalc-wasm`): no IO, no clock, no
//! dependency beyond the engine's. Text arrives decoded, in chunks of any
//! size (the CLI decodes with `encoding_rs`, the browser a GB18030 file with
//! `TextDecoder`), or as UTF-8 bytes cut anywhere ([`Batch::push_bytes`],
//! `utf8.rs`: the browser's UTF-8 files); the caller writes the output where
//! it likes.
//!
//! * [`CsvReader`]: an RFC 4180 reader that streams over chunks (quoted
//!   fields, doubled quotes, CRLF or LF, newlines inside quotes) with bounded
//!   memory: a record longer than [`MAX_RECORD_BYTES`] is reported, not kept.
//! * [`Batch`]: maps the header to facts (ids, or zh-Hans / zh-Hant / en
//!   labels), parses each cell from text, evaluates each good row with
//!   its region's compiled plan (`policycalc_core::plan`: `engine::evaluate`'s
//!   answers, lowered once per region and date) and appends the output row: every input cell, the
//!   line number, the row's error (if any), then status, amount and a short
//!   reason per provision. Bad rows are reported with line, column and value
//!   and never stop the batch. Running totals per provision and period.
//! * Output cells that a spreadsheet would read as a formula (`=`, `+`, `-`,
//!   `@`, tab, CR) are prefixed with `'`.

use policycalc_core::date::Date;
use policycalc_core::engine::{self, EvalEnv, MoneyKind, Outcome, Status, ValidityStatus};
use policycalc_core::expr::{Expr, FactId, Tri, Value};
use policycalc_core::print;
use policycalc_core::lang::{Lang, Text};
use policycalc_core::pack::{Period, Provision, Region};
use policycalc_core::vocab::{self, FactType, Relation, Vocabulary};
use policycalc_core::{Catalog, Facts};
use rust_decimal::Decimal;
use std::fmt::Write as _;

mod answer;
mod cells;
mod csv;
pub mod diff;
mod errors;
pub mod excel_date;
mod header;
mod reason;
mod rows;
pub mod template;
mod utf8;
mod wire;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use cells::*;
pub use csv::*;
pub use errors::*;
pub use header::*;
use reason::*;
pub use reason::write_decimal;
pub use rows::{Part, Rows};
pub use template::merge_texts;

/// A record (one row, quotes and embedded newlines included) may not exceed
/// this; longer ones are almost always an unmatched quote swallowing the file.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;
/// More fields than this in one record is not a spreadsheet we can read.
pub const MAX_FIELDS: usize = 2048;
/// Row errors kept in detail; the rest are counted (and still written to the
/// output's error column), so memory stays bounded on a file of bad rows.
pub const MAX_KEPT_ERRORS: usize = 1000;
/// The UTF-8 byte-order mark written first, so that Excel reads UTF-8.
pub const BOM: &str = "\u{feff}";

/// The id of region `index` (found by `find_region`, so always there).
fn region_id(catalog: &Catalog, index: usize) -> String {
    catalog.regions.get(index).map(|r| r.id.clone()).unwrap_or_default()
}

/// A region as a person names it in a message: its name in the language.
fn region_name(catalog: &Catalog, index: usize, lang: Lang) -> String {
    catalog.regions.get(index).map(|r| r.name.get(lang).to_string()).unwrap_or_default()
}

/// The provision an output column group stands for.
fn provision<'a>(catalog: &'a Catalog, o: &OutProvision) -> Option<&'a Provision> {
    catalog.regions.get(o.region)?.provisions.get(o.index)
}

/// A 0-based column index as people count it; an index is far below usize::MAX.
fn one_based(index: usize) -> usize {
    index.saturating_add(1)
}

/// `s` without its first `n` bytes (empty when shorter).
fn skip(s: &str, n: usize) -> &str {
    s.get(n..).unwrap_or_default()
}

/// `s` split after `n` bytes (all of it first when shorter).
fn split(s: &str, n: usize) -> (&str, &str) {
    s.split_at_checked(n).unwrap_or((s, ""))
}

// ===================================================================== options

#[derive(Clone, Debug, Default)]
pub struct BatchOptions {
    /// Region for every row; a `region` column may name it per row instead.
    pub region: Option<String>,
    /// As-of date for rows whose `as_of` cell is empty (or with no column).
    pub as_of: Option<Date>,
    /// Language of the added column names, statuses, reasons and messages.
    pub lang: Lang,
    /// Add the status, amount and reason columns of every provision after
    /// the three readable answer columns (off: the answer columns only).
    pub detailed: bool,
}

/// How a workbook writes an output column (CSV writes every cell as text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutKind {
    Text,
    Number,
    /// Yuan: a number in a ¥ format, so a spreadsheet can sum it.
    Money,
    Date,
}

/// The summary's columns: id, title, period, four counts, counted, min, max.
#[cfg(feature = "xlsx")]
pub(crate) fn summary_kinds() -> [OutKind; 10] {
    use OutKind::*;
    [Text, Text, Text, Number, Number, Number, Number, Number, Money, Money]
}

/// One provision column group of the output.
#[derive(Clone, Debug)]
struct OutProvision {
    id: String,
    /// Per region: the index of this provision there (by id), if any.
    in_region: Vec<Option<usize>>,
    /// Region and index of the definition used for names.
    region: usize,
    index: usize,
}

/// Running totals for one provision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
/// Counts are u64 and saturate: no file has 2^64 rows. Sums of amounts
/// saturate too: each row's amounts are exact and below 27 digits
/// (`engine::checked_round_yuan`), so only a pack with absurd figures and
/// a huge file could reach the 28-digit limit.
pub struct ProvisionTally {
    pub eligible: u64,
    pub ineligible: u64,
    pub undetermined: u64,
    /// Eligible if a judged condition holds (`Status::Conditional`).
    pub conditional: u64,
    pub not_applicable: u64,
    /// Eligible rows whose amount counts in totals (not superseded, grant or
    /// reward, in force on the as-of date).
    pub counted: u64,
    pub min: Decimal,
    pub max: Decimal,
}

impl ProvisionTally {
    /// Adds one row's outcome for this provision.
    fn count(&mut self, o: &Outcome) {
        match o.status {
            Status::Eligible => self.eligible = self.eligible.saturating_add(1),
            Status::Ineligible => self.ineligible = self.ineligible.saturating_add(1),
            Status::Undetermined => self.undetermined = self.undetermined.saturating_add(1),
            Status::Conditional => self.conditional = self.conditional.saturating_add(1),
        }
        if o.counts_in_totals {
            if let Some(m) = o.money {
                self.counted = self.counted.saturating_add(1);
                self.min = sum(self.min, m.min.unwrap_or(Decimal::ZERO));
                self.max = sum(self.max, m.max);
            }
        }
    }
}

/// A sum of amounts into a total, saturating (see [`ProvisionTally`]). One
/// copy of `Decimal`'s addition for every total the batch keeps and adds up:
/// inlined at each sum it was several KB of the batch module.
#[inline(never)]
pub(crate) fn sum(a: Decimal, b: Decimal) -> Decimal {
    a.saturating_add(b)
}

/// The running total of `period`, added in period order if it is new (one
/// place for the CLI's rows and the workers' parts: a sort here was a few KB
/// of the module per call site).
fn period_total(periods: &mut Vec<PeriodTotal>, period: Period) -> Option<&mut PeriodTotal> {
    let at = periods.iter().position(|p| p.period >= period).unwrap_or(periods.len());
    if periods.get(at).map(|p| p.period) != Some(period) {
        periods.insert(at, PeriodTotal { period, min: Decimal::ZERO, max: Decimal::ZERO, rows: 0 });
    }
    periods.get_mut(at)
}

/// Running totals for one period over the whole batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodTotal {
    pub period: Period,
    pub min: Decimal,
    pub max: Decimal,
    /// Rows with something in this total.
    pub rows: u64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Data rows seen (blank lines not counted).
    pub rows: u64,
    pub computed: u64,
    pub rejected: u64,
    pub blank: u64,
    /// Errors beyond [`MAX_KEPT_ERRORS`] (still in the output's error column).
    pub errors_not_kept: u64,
    pub bytes: u64,
}

/// A batch in progress. Holds no reference to the catalog: every call takes
/// it, so the wasm edge can own both side by side.
#[derive(Debug)]
pub struct Batch {
    options: BatchOptions,
    /// Index of the option region, when given.
    region: Option<usize>,
    provisions: Vec<OutProvision>,
    /// Per region: (output slot, provision index there), in slot order.
    layouts: Vec<Vec<(usize, usize)>>,
    reader: CsvReader,
    header: Option<Header>,
    fatal: Option<BatchError>,
    stats: Stats,
    errors: Vec<RowError>,
    /// Errors handed out by [`Batch::take_new_errors`] so far.
    errors_taken: usize,
    warnings: Vec<String>,
    tallies: Vec<ProvisionTally>,
    periods: Vec<PeriodTotal>,
    // Scratch, reused for every row.
    facts: Option<Facts>,
    /// Each (region, as-of date)'s compiled plan, and the evaluation rows are evaluated into.
    plans: policycalc_core::plan::Plans,
    evaluation: Option<engine::Evaluation>,
    by_provision: Vec<Option<usize>>,
    row_errors: Vec<RowError>,
    /// The output header and first rows as cells (unescaped), for a preview.
    preview: Vec<Vec<String>>,
    preview_limit: usize,
    reasons: ReasonCache,
    /// `,status,` per [`Status`] (by its discriminant) in the batch's
    /// language: the fixed bytes before each amount.
    status_cells: [Box<str>; 4],
    /// The last region cell read and its region (rows usually repeat it).
    last_region: Option<(String, usize)>,
    answer: answer::Answer,
    /// Regions with at least one computed row (the summary lists only them).
    seen_regions: Vec<bool>,
    /// Each row's outcomes, when kept for a comparison (`diff.rs`); `None`: not kept.
    kept: Option<Vec<diff::RowResult>>,
    /// A character cut by the last chunk's end ([`Batch::push_bytes`]).
    utf8: utf8::Utf8Chunks,
}

impl Batch {
    /// Checks the options; the header comes with the first chunk.
    pub fn new(catalog: &Catalog, options: BatchOptions) -> Result<Batch, BatchError> {
        let selectable: Vec<usize> =
            catalog.regions.iter().enumerate().filter(|(_, r)| r.selectable).map(|(i, _)| i).collect();
        let region = match &options.region {
            Some(id) => Some(find_region(catalog, id).ok_or_else(|| BatchError::UnknownRegion {
                region: id.clone(),
                known: selectable.iter().map(|i| region_id(catalog, *i)).collect(),
            })?),
            None => None,
        };
        let column_regions: Vec<usize> = match region {
            Some(r) => vec![r],
            None => selectable,
        };
        let mut provisions: Vec<OutProvision> = Vec::new();
        for &r in &column_regions {
            for (index, p) in catalog.regions.get(r).into_iter().flat_map(|reg| reg.provisions.iter().enumerate()) {
                if p.programme || provisions.iter().any(|o| o.id == p.id) {
                    continue;
                }
                let in_region = catalog
                    .regions
                    .iter()
                    .map(|reg| reg.provisions.iter().position(|q| q.id == p.id))
                    .collect();
                provisions.push(OutProvision { id: p.id.clone(), in_region, region: r, index });
            }
        }
        let layouts = (0..catalog.regions.len())
            .map(|r| provisions.iter().enumerate().filter_map(|(slot, o)| Some((slot, o.in_region.get(r).copied().flatten()?))).collect())
            .collect();
        Ok(Batch::with_layout(options, region, provisions, layouts, None))
    }

    /// A batch of this layout with nothing read yet: for [`Batch::new`] and
    /// for each worker of [`Batch::worker`] (one list of the scratch fields).
    fn with_layout(
        options: BatchOptions,
        region: Option<usize>,
        provisions: Vec<OutProvision>,
        layouts: Vec<Vec<(usize, usize)>>,
        header: Option<Header>,
    ) -> Batch {
        let status_cells = [Status::Eligible, Status::Ineligible, Status::Undetermined, Status::Conditional]
            .map(|status| format!(",{},", status_text(options.lang, status)).into_boxed_str());
        let mut batch = Batch {
            options,
            region,
            provisions,
            layouts,
            reader: CsvReader::new(),
            header,
            fatal: None,
            stats: Stats::default(),
            errors: Vec::new(),
            errors_taken: 0,
            warnings: Vec::new(),
            tallies: Vec::new(),
            periods: Vec::new(),
            facts: None,
            plans: Default::default(),
            evaluation: None,
            by_provision: Vec::new(),
            row_errors: Vec::new(),
            preview: Vec::new(),
            preview_limit: 0,
            reasons: ReasonCache::default(),
            status_cells,
            last_region: None,
            answer: answer::Answer::default(),
            seen_regions: Vec::new(),
            kept: None,
            utf8: utf8::Utf8Chunks::default(),
        };
        // The tallies and seen regions, sized to the layout.
        batch.reset_part();
        batch
    }

    /// Reads a chunk of decoded text and appends the output rows completed
    /// in it (the output header and BOM come with the first). A file-level
    /// problem stops the batch: this and every later call return it.
    pub fn push(&mut self, catalog: &Catalog, chunk: &str, out: &mut String) -> Result<(), BatchError> {
        self.feed(catalog, Some(chunk), out, None)
    }

    /// Ends the input. Fails on an empty or header-only file.
    pub fn finish(&mut self, catalog: &Catalog, out: &mut String) -> Result<(), BatchError> {
        self.feed(catalog, None, out, None)
    }

    /// [`Batch::push`], but the data rows completed are added to `rows`
    /// (counted, not yet evaluated) for [`Batch::evaluate_rows`] on a
    /// worker; only the output header goes to `out`.
    pub fn push_rows(&mut self, catalog: &Catalog, chunk: &str, out: &mut String, rows: &mut Rows) -> Result<(), BatchError> {
        self.feed(catalog, Some(chunk), out, Some(rows))
    }

    /// [`Batch::finish`] with the last data row (if any) added to `rows`.
    pub fn finish_rows(&mut self, catalog: &Catalog, out: &mut String, rows: &mut Rows) -> Result<(), BatchError> {
        self.feed(catalog, None, out, Some(rows))
    }

    /// [`Batch::push`] from UTF-8 bytes cut anywhere (a character cut by a
    /// chunk's end is completed by the next): the browser's bytes path.
    /// Bytes that are not UTF-8 are the file-level `Encoding` error.
    pub fn push_bytes(&mut self, catalog: &Catalog, bytes: &[u8], out: &mut String) -> Result<(), BatchError> {
        self.feed_bytes(catalog, bytes, out, None)
    }

    /// [`Batch::push_rows`] from UTF-8 bytes, as [`Batch::push_bytes`].
    pub fn push_rows_bytes(&mut self, catalog: &Catalog, bytes: &[u8], out: &mut String, rows: &mut Rows) -> Result<(), BatchError> {
        self.feed_bytes(catalog, bytes, out, Some(rows))
    }

    fn feed_bytes(&mut self, catalog: &Catalog, bytes: &[u8], out: &mut String, mut rows: Option<&mut Rows>) -> Result<(), BatchError> {
        let mut utf8 = self.utf8;
        let mut fed = Ok(());
        let checked = utf8.feed(bytes, &mut |text| {
            if fed.is_ok() {
                fed = self.feed(catalog, Some(text), out, rows.as_deref_mut());
            }
        });
        self.utf8 = utf8;
        fed?;
        checked.map_err(|_| self.not_utf8())
    }

    fn not_utf8(&mut self) -> BatchError {
        let message = phrase(self.options.lang, Word::FileNotText).to_string();
        self.fail(BatchError::Encoding { message })
    }

    /// A chunk of text, or the end of the input (`None`); data rows are
    /// evaluated here, or only collected into `rows`.
    fn feed(&mut self, catalog: &Catalog, chunk: Option<&str>, out: &mut String, mut rows: Option<&mut Rows>) -> Result<(), BatchError> {
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        // Bytes fed with `push_bytes` that ended inside a character.
        if chunk.is_none() && self.utf8.finish().is_err() {
            return Err(self.not_utf8());
        }
        // Records borrow the reader's buffer and rows need the rest of the
        // batch mutably: take the reader out while feeding.
        let mut reader = std::mem::take(&mut self.reader);
        let mut sink = |record: &Record| self.record(catalog, record, out, rows.as_deref_mut());
        match chunk {
            Some(chunk) => reader.feed(chunk, &mut sink),
            None => reader.finish(&mut sink),
        }
        self.reader = reader;
        self.stats.bytes = self.reader.bytes;
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        if chunk.is_none() {
            if self.header.is_none() {
                return Err(self.fail(BatchError::Empty));
            }
            if self.stats.rows == 0 {
                return Err(self.fail(BatchError::HeaderOnly));
            }
        }
        Ok(())
    }

    /// One record read by another reader (a workbook's row), as if the CSV
    /// reader had produced it.
    #[cfg(feature = "xlsx")]
    fn push_record(&mut self, catalog: &Catalog, record: &Record, out: &mut String, rows: Option<&mut Rows>) {
        self.record(catalog, record, out, rows);
    }

    /// The kind of every output column (known once the header is read).
    pub fn output_kinds(&self, catalog: &Catalog) -> Vec<OutKind> {
        let Some(header) = &self.header else { return Vec::new() };
        let mut kinds = vec![OutKind::Text; header.names.len()];
        for &(col, id) in &header.fact_cols {
            let kind = match catalog.vocab.fact(id).ty {
                FactType::Integer | FactType::Decimal => OutKind::Number,
                FactType::Date => OutKind::Date,
                FactType::Bool | FactType::Enum => OutKind::Text,
            };
            if let Some(k) = kinds.get_mut(col) {
                *k = kind;
            }
        }
        if let Some(k) = header.as_of_col.and_then(|c| kinds.get_mut(c)) {
            *k = OutKind::Date;
        }
        kinds.extend([OutKind::Number, OutKind::Text, OutKind::Text, OutKind::Text, OutKind::Text]);
        if self.options.detailed {
            for _ in &self.provisions {
                kinds.extend([OutKind::Text, OutKind::Money, OutKind::Text]);
            }
        }
        kinds
    }

    fn fail(&mut self, e: BatchError) -> BatchError {
        self.fatal = Some(e.clone());
        e
    }

    /// Keeps the output header and the first `rows` output rows as cells.
    pub fn keep_preview(&mut self, rows: usize) {
        self.preview_limit = rows;
    }

    /// The output header, then up to `keep_preview` rows (cells unescaped).
    pub fn preview(&self) -> &[Vec<String>] {
        &self.preview
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The first [`MAX_KEPT_ERRORS`] row errors.
    pub fn errors(&self) -> &[RowError] {
        &self.errors
    }

    /// Row errors not handed out before (for progress reports).
    pub fn take_new_errors(&mut self) -> &[RowError] {
        let from = self.errors_taken;
        self.errors_taken = self.errors.len();
        self.errors.get(from..).unwrap_or_default()
    }

    /// Notes about the header (columns copied through unchanged, no role).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    // ----------------------------------------------------------- rows

    fn record(&mut self, catalog: &Catalog, record: &Record, out: &mut String, rows: Option<&mut Rows>) {
        if self.fatal.is_some() {
            return;
        }
        if self.header.is_none() {
            if record.is_blank() {
                return;
            }
            match self.read_header(catalog, record) {
                Ok(header) => {
                    self.header = Some(header);
                    self.write_header(catalog, out);
                }
                Err(e) => {
                    self.fatal = Some(e);
                }
            }
            return;
        }
        if record.is_blank() || (record.problem.is_none() && record.fields().all(str::is_empty)) {
            self.stats.blank = self.stats.blank.saturating_add(1);
            return;
        }
        self.stats.rows = self.stats.rows.saturating_add(1);
        match rows {
            Some(rows) => rows.push(record),
            None => self.row(catalog, record, out),
        }
    }

    fn read_header(&mut self, catalog: &Catalog, record: &Record) -> Result<Header, BatchError> {
        if let Some((problem, _)) = record.problem {
            return Err(BatchError::BadHeader { line: record.line, problem });
        }
        let vocab = &catalog.vocab;
        let lang = self.options.lang;
        let en = lang == Lang::En;
        let names: Vec<String> = record.fields().map(|s| s.trim_start_matches('\u{feff}').to_string()).collect();
        let mut uses = Vec::with_capacity(names.len());
        let mut seen: Vec<(ColumnUse, usize)> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let resolved = resolve_column(vocab, name);
            let use_ = match resolved {
                Some(u) => {
                    if let Some((_, first)) = seen.iter().find(|(s, _)| *s == u) {
                        let target = match u {
                            ColumnUse::Fact(id) => vocab.fact(id).id.clone(),
                            ColumnUse::Region => "region".into(),
                            ColumnUse::AsOf => "as_of".into(),
                            ColumnUse::PassThrough => String::new(),
                        };
                        return Err(BatchError::DuplicateColumn {
                            first: *first,
                            second: i,
                            first_name: names.get(*first).cloned().unwrap_or_default(),
                            second_name: name.clone(),
                            target,
                        });
                    }
                    seen.push((u, i));
                    u
                }
                None => {
                    if let Some(suggestion) = misspelling(vocab, name) {
                        return Err(BatchError::MisspeltColumn { column: i, name: name.clone(), suggestion });
                    }
                    self.warnings.push(if en {
                        format!("column {} “{name}” is not a fact: copied to the output unchanged", one_based(i))
                    } else {
                        format!("第 {} 列“{name}”不是事实名称：原样复制到输出", one_based(i))
                    });
                    ColumnUse::PassThrough
                }
            };
            uses.push(use_);
        }
        let fact_cols: Vec<(usize, FactId)> = uses
            .iter()
            .enumerate()
            .filter_map(|(i, u)| match u {
                ColumnUse::Fact(id) => Some((i, *id)),
                _ => None,
            })
            .collect();
        if fact_cols.is_empty() {
            let joined = names.join(",");
            let separator = [';', '\t'].into_iter().find(|c| joined.contains(*c));
            self.warnings.clear();
            return Err(BatchError::NoFactColumns { separator });
        }
        let region_col = uses.iter().position(|u| *u == ColumnUse::Region);
        let as_of_col = uses.iter().position(|u| *u == ColumnUse::AsOf);
        if region_col.is_none() && self.region.is_none() {
            return Err(BatchError::NoRegion);
        }
        if as_of_col.is_none() && self.options.as_of.is_none() {
            return Err(BatchError::NoAsOf);
        }
        if !fact_cols.iter().any(|(_, id)| *id == vocab.role_fact) {
            self.warnings.push(if en {
                "no role column: every row's role is unknown, so every provision stays undetermined".into()
            } else {
                "没有“申请人类型”（role）列：每行的身份未知，所有项目都将待定".into()
            });
        }
        Ok(Header { names, region_col, as_of_col, fact_cols })
    }

    fn write_header(&mut self, catalog: &Catalog, out: &mut String) {
        let lang = self.options.lang;
        // Called right after the header is read.
        let Some(header) = self.header.as_ref() else { return };
        out.push_str(BOM);
        let mut cells: Vec<String> = header.names.clone();
        cells.push(phrase(lang, Word::Line).into());
        cells.push(phrase(lang, Word::Error).into());
        cells.push(phrase(lang, Word::CanGet).into());
        cells.push(phrase(lang, Word::StillMissing).into());
        cells.push(phrase(lang, Word::NeedsChecking).into());
        if self.options.detailed {
            for column in provision_columns(catalog, &self.provisions, lang) {
                cells.push(column);
            }
        }
        write_row(out, cells.iter().map(String::as_str));
        if self.preview_limit > 0 {
            self.preview.push(cells);
        }
    }

    /// One data row: its cells checked, then the answer columns or the errors.
    fn row(&mut self, catalog: &Catalog, record: &Record, out: &mut String) {
        // Rows come only after the header (`record`); it is put back below.
        let Some(header) = self.header.take() else { return };
        self.row_errors.clear();
        let mut facts = self.facts.take().unwrap_or_else(|| Facts::empty(&catalog.vocab));
        // A broken record or one with the wrong number of fields: its cells
        // cannot be trusted to sit under their headers, so only that is said.
        let (mut region, mut as_of) = (self.region, self.options.as_of);
        match shape_error(&header, record) {
            Some(e) => self.row_errors.push(e),
            None => (region, as_of) = self.read_cells(catalog, &header, record, &mut facts),
        }

        // Input cells, line, error: written straight into `out`.
        let row_start = out.len();
        write_record(out, record, header.names.len());
        out.push(',');
        push_u64(out, record.line);
        out.push(',');
        let region = region.and_then(|r| Some((r, catalog.regions.get(r)?)));
        if let Some(kept) = &mut self.kept {
            kept.push(diff::RowResult { line: record.line, error: None, outcomes: Vec::new() });
        }
        match (self.row_errors.is_empty(), region, as_of) {
            (true, Some((r, region)), Some(d)) => self.write_answers(catalog, r, region, &facts, d, out),
            _ => self.write_rejection(out),
        }
        out.push_str("\r\n");
        self.keep_preview_rows(out.get(row_start..).unwrap_or_default());
        // Clear the answers for the next row.
        for &(_, id) in &header.fact_cols {
            facts.set(id, None);
        }
        self.facts = Some(facts);
        self.header = Some(header);
    }

    /// Every cell, the region and the date, each checked even when another
    /// is bad, so one pass reports all. Gives the row's region and date.
    fn read_cells(&mut self, catalog: &Catalog, header: &Header, record: &Record, facts: &mut Facts) -> (Option<usize>, Option<Date>) {
        let vocab = &catalog.vocab;
        for &(col, id) in &header.fact_cols {
            let text = record.get(col).unwrap_or("");
            let mut none = None;
            if let Err(problem) = parse_cell_into(vocab, id, text, facts.slot_mut(id).unwrap_or(&mut none)) {
                self.row_errors.push(cell_error(header, record, col, text, problem));
            }
        }
        // Two columns at odds (a cross-fact constraint): one error that
        // names both, beside any bad cells of the same row.
        if let Some(e) = contradiction(vocab, header, record, facts) {
            self.row_errors.push(e);
        }
        let (region, region_cell_bad) = self.region_cell(catalog, header, record);
        let mut as_of = self.options.as_of;
        let mut as_of_cell_bad = false;
        if let Some(col) = header.as_of_col {
            let text = trim_cell(record.get(col).unwrap_or(""));
            if !text.is_empty() {
                match parse_date(text) {
                    Some(d) => as_of = Some(d),
                    None => {
                        as_of_cell_bad = true;
                        self.row_errors.push(cell_error(header, record, col, text, date_problem(text)));
                    }
                }
            }
        }
        // No region or date from the cell nor the options.
        let missing = |column: Option<usize>, problem| RowError {
            line: record.line,
            column,
            column_name: column.and_then(|c| header.names.get(c).cloned()),
            value: None,
            problem,
        };
        if region.is_none() && !region_cell_bad {
            self.row_errors.push(missing(header.region_col, Problem::NoRegion));
        }
        if as_of.is_none() && !as_of_cell_bad {
            self.row_errors.push(missing(header.as_of_col, Problem::NoAsOf));
        }
        (region, as_of)
    }

    /// The row's region (its cell, else the batch's) and whether its cell was bad.
    fn region_cell(&mut self, catalog: &Catalog, header: &Header, record: &Record) -> (Option<usize>, bool) {
        let lang = self.options.lang;
        let Some(col) = header.region_col else { return (self.region, false) };
        let text = trim_cell(record.get(col).unwrap_or(""));
        if text.is_empty() {
            return (self.region, false);
        }
        let found = match &self.last_region {
            Some((cell, index)) if cell == text => Some(*index),
            _ => {
                let found = find_region(catalog, text);
                if let Some(index) = found {
                    // The cell's text into the buffer kept (no allocation per change of region).
                    let (cell, last) = self.last_region.get_or_insert_with(|| (String::new(), index));
                    cell.clear();
                    cell.push_str(text);
                    *last = index;
                }
                found
            }
        };
        match found {
            Some(r) if self.region.is_some_and(|o| o != r) => {
                let batch = self.region.map_or_else(String::new, |o| region_name(catalog, o, lang));
                self.row_errors.push(cell_error(header, record, col, text, Problem::OtherRegion { batch }));
                (self.region, true)
            }
            Some(r) => (Some(r), false),
            None => {
                let known = catalog.regions.iter().enumerate().filter(|(_, r)| r.selectable).map(|(i, _)| region_name(catalog, i, lang)).collect();
                self.row_errors.push(cell_error(header, record, col, text, Problem::UnknownRegion { known }));
                (self.region, true)
            }
        }
    }

    /// A good row: the three answer columns, then per provision (detailed)
    /// status, amount and reason; the tallies and period totals.
    fn write_answers(&mut self, catalog: &Catalog, r: usize, region: &Region, facts: &Facts, d: Date, out: &mut String) {
        let (vocab, lang, detailed) = (&catalog.vocab, self.options.lang, self.options.detailed);
        self.stats.computed = self.stats.computed.saturating_add(1);
        if let Some(seen) = self.seen_regions.get_mut(r) {
            *seen = true;
        }
        let mut evaluation = self.evaluation.take().unwrap_or_else(|| engine::Evaluation { as_of: d, role: None, outcomes: Vec::new(), totals: Vec::new() });
        // The region's compiled plan (proven equal to engine::evaluate:
        // tests/plan_agrees.rs), which also gives the reasons' atoms.
        self.plans.with(vocab, r, region, d, |plan, row| {
            plan.read(facts, row);
            plan.evaluate_row(vocab, region, row, &mut evaluation);
            self.answer.fill(vocab, region, &evaluation, lang);
            for cell in [&self.answer.can_get, &self.answer.missing, &self.answer.check] {
                out.push(',');
                write_cell(out, cell);
            }
            self.by_provision.clear();
            self.by_provision.resize(region.provisions.len(), None);
            for (k, o) in evaluation.outcomes.iter().enumerate() {
                if let Some(slot) = self.by_provision.get_mut(o.provision) {
                    *slot = Some(k);
                }
            }
            let env = EvalEnv { vocab, region, facts, as_of: d };
            // Only this region's provisions; the other regions' columns
            // are runs of empty cells.
            // Slots rise and stay below `self.provisions.len()`, which
            // is also the number of tallies.
            let mut next = 0;
            for &(slot, index) in self.layouts.get(r).into_iter().flatten() {
                if detailed {
                    write_empty(out, slot.saturating_sub(next));
                }
                next = slot.saturating_add(1);
                let Some(tally) = self.tallies.get_mut(slot) else {
                    if detailed {
                        out.push_str(",,,");
                    }
                    continue;
                };
                let Some(o) = self.by_provision.get(index).copied().flatten().and_then(|k| evaluation.outcomes.get(k)) else {
                    // Another role's provision: empty cells keep the file
                    // small and easy to filter.
                    tally.not_applicable = tally.not_applicable.saturating_add(1);
                    if detailed {
                        out.push_str(",,,");
                    }
                    continue;
                };
                tally.count(o);
                if let Some(row) = self.kept.as_mut().and_then(|k| k.last_mut()) {
                    row.outcomes.push((slot, o.status, o.money));
                }
                if detailed {
                    out.push_str(self.status_cells.get(o.status as usize).map_or("", |c| c));
                    write_amount(out, o);
                    out.push(',');
                    self.reasons.write(out, slot, r, &env, region, o, lang, |want| plan.atom_mask(o.provision, row, want));
                }
            }
            if detailed {
                write_empty(out, self.provisions.len().saturating_sub(next));
            }
        });
        for t in &evaluation.totals {
            let Some(p) = period_total(&mut self.periods, t.period) else { continue };
            p.min = sum(p.min, t.min);
            p.max = sum(p.max, t.max);
            p.rows = p.rows.saturating_add(1);
        }
        self.evaluation = Some(evaluation);
    }

    /// A bad row: its errors in the error column, empty answer columns; the
    /// errors kept for the report (up to [`MAX_KEPT_ERRORS`]).
    fn write_rejection(&mut self, out: &mut String) {
        let lang = self.options.lang;
        self.stats.rejected = self.stats.rejected.saturating_add(1);
        let message: Vec<String> = self.row_errors.iter().map(|e| e.message(lang)).collect();
        let message = message.join(if lang == Lang::En { "; " } else { "；" });
        write_cell(out, &message);
        if let Some(row) = self.kept.as_mut().and_then(|k| k.last_mut()) {
            row.error = Some(message);
        }
        out.push_str(",,,");
        if self.options.detailed {
            write_empty(out, self.provisions.len());
        }
        for e in self.row_errors.drain(..) {
            if self.errors.len() < MAX_KEPT_ERRORS {
                self.errors.push(e);
            } else {
                self.stats.errors_not_kept = self.stats.errors_not_kept.saturating_add(1);
            }
        }
    }

    /// The row as written (formula cells keep their `'`), while the preview wants rows.
    /// Keeps output rows (one, or a worker's run of them) while the preview
    /// is not full.
    pub fn keep_preview_rows(&mut self, rows: &str) {
        let limit = self.preview_limit;
        if self.preview.len() <= limit && limit > 0 {
            let mut reader = CsvReader::new();
            let preview = &mut self.preview;
            let mut sink = |rec: &Record| {
                if preview.len() <= limit {
                    preview.push(rec.fields().map(str::to_string).collect());
                }
            };
            reader.feed(rows, &mut sink);
        }
    }

    // ----------------------------------------------------------- summary

    /// Running totals per provision (in output column order).
    pub fn tallies(&self) -> impl Iterator<Item = (&str, &ProvisionTally)> {
        self.provisions.iter().map(|p| p.id.as_str()).zip(self.tallies.iter())
    }

    /// Running totals per period (grants and rewards that count; periods
    /// never added together).
    pub fn period_totals(&self) -> &[PeriodTotal] {
        &self.periods
    }

    /// The summary as rows of cells: a header, one `TOTAL` row per period
    /// first (what a reader looks for), then one row per provision of the
    /// regions that had a computed row (all the batch's regions before any).
    pub fn summary_rows(&self, catalog: &Catalog) -> Vec<Vec<String>> {
        let lang = self.options.lang;
        let mut rows = Vec::new();
        rows.push(summary_header(lang).iter().map(|s| s.to_string()).collect());
        for p in &self.periods {
            rows.push(vec![
                "TOTAL".into(),
                phrase(lang, Word::Total).into(),
                period_word(p.period, lang).into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                p.rows.to_string(),
                engine::round_yuan(p.min).to_string(),
                engine::round_yuan(p.max).to_string(),
            ]);
        }
        let any_seen = self.seen_regions.iter().any(|s| *s);
        for (out_p, t) in self.provisions.iter().zip(&self.tallies) {
            let present = !any_seen
                || out_p.in_region.iter().zip(&self.seen_regions).any(|(index, seen)| *seen && index.is_some());
            if !present {
                continue;
            }
            let Some(p) = provision(catalog, out_p) else { continue };
            rows.push(vec![
                out_p.id.clone(),
                p.title.get(lang).to_string(),
                p.amount.period.map_or(String::new(), |period| period_word(period, lang).to_string()),
                t.eligible.to_string(),
                t.ineligible.to_string(),
                t.undetermined.to_string(),
                t.conditional.to_string(),
                t.not_applicable.to_string(),
                t.counted.to_string(),
                engine::round_yuan(t.min).to_string(),
                engine::round_yuan(t.max).to_string(),
            ]);
        }
        rows
    }

    /// The summary as a CSV file (UTF-8 with BOM).
    pub fn summary_csv(&self, catalog: &Catalog) -> String {
        let mut out = String::from(BOM);
        for row in self.summary_rows(catalog) {
            write_row(&mut out, row.iter().map(String::as_str));
        }
        out
    }
}

fn find_region(catalog: &Catalog, text: &str) -> Option<usize> {
    let text = trim_cell(text);
    catalog.regions.iter().position(|r| {
        r.selectable
            && (r.id.eq_ignore_ascii_case(text)
                || r.name.zh_hans == text
                || r.name.get(Lang::ZhHant) == text
                || r.name.en.eq_ignore_ascii_case(text))
    })
}

/// A cell as quoted in an error: up to 40 characters.
fn short(text: &str) -> String {
    policycalc_core::error::shorten(text, 40).into_owned()
}

// ===================================================================== tests

#[cfg(test)]
mod tests {
    use super::*;

    /// Line, fields and problem of one record read.
    type Read = (u64, Vec<String>, Option<(CsvProblem, usize)>);

    fn records(chunks: &[&str]) -> Vec<Read> {
        let mut reader = CsvReader::new();
        let mut out = Vec::new();
        let mut sink = |r: &Record| out.push((r.line, r.fields().map(str::to_string).collect(), r.problem));
        for c in chunks {
            reader.feed(c, &mut sink);
        }
        reader.finish(&mut sink);
        out
    }

    fn fields(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// Each line read, then written back by `write_record` at its own
    /// width and at one more: (line, plain, written at its width, blank).
    /// A plain record is copied as read; the others are written cell by
    /// cell, so a quoted comma, quote or line break and a formula are
    /// escaped as `write_cell` does.
    #[test]
    fn records_are_written_back_as_read_only_when_plain() {
        let cases: [(&str, bool, &str, bool); 9] = [
            ("a,b,c", true, "a,b,c", false),
            (",,", true, ",,", true),
            ("", true, "", true),
            ("x", true, "x", false),
            ("1,\"x,y\",z", false, "1,\"x,y\",z", false),
            ("\",\",", false, "\",\",", false),
            ("\"\",", false, ",", true),
            ("say,\"a \"\"b\"\"\"", false, "say,\"a \"\"b\"\"\"", false),
            ("ok,-3,=1+1", true, "ok,'-3,'=1+1", false),
        ];
        for (line, plain, written, blank) in cases {
            let mut reader = CsvReader::new();
            let mut seen = Vec::new();
            let mut sink = |r: &Record| {
                let (mut at_width, mut wider) = (String::new(), String::new());
                write_record(&mut at_width, r, r.len());
                write_record(&mut wider, r, r.len() + 1);
                seen.push((r.plain, at_width, wider, r.is_blank()));
            };
            reader.feed(&format!("{line}\n"), &mut sink);
            reader.finish(&mut sink);
            assert_eq!(seen.len(), 1, "{line:?}: one record");
            let (got_plain, at_width, wider, got_blank) = &seen[0];
            assert_eq!((*got_plain, at_width.as_str(), *got_blank), (plain, written, blank), "{line:?}");
            assert_eq!(*wider, format!("{written},"), "{line:?}: one empty cell more");
        }
    }

    #[test]
    fn plain_quoted_doubled_and_crlf() {
        let r = records(&["a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\r\n"]);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0], (1, fields(&["a", "b", "c"]), None));
        assert_eq!(r[1], (2, fields(&["1", "x,y", "say \"hi\""]), None));
    }

    #[test]
    fn embedded_newlines_keep_line_numbers() {
        let r = records(&["a,b\n\"two\nlines\",x\nlast,y"]);
        assert_eq!(r[1], (2, fields(&["two\nlines", "x"]), None));
        assert_eq!(r[2], (4, fields(&["last", "y"]), None));
    }

    #[test]
    fn chunk_boundaries_anywhere_give_the_same_records() {
        let text = "h1,h2\r\n\"a\"\"b\",\"c\r\nd\"\r\ne,f\r\n,\r\n\"\",x";
        let whole = records(&[text]);
        for split in 0..text.len() {
            if !text.is_char_boundary(split) {
                continue;
            }
            let (a, b) = text.split_at(split);
            assert_eq!(records(&[a, b]), whole, "split at {split}");
        }
        // Byte by byte too.
        let singles: Vec<String> = text.chars().map(|c| c.to_string()).collect();
        let refs: Vec<&str> = singles.iter().map(String::as_str).collect();
        assert_eq!(records(&refs), whole);
    }

    #[test]
    fn cr_then_lf_across_chunks_is_one_line_break() {
        assert_eq!(records(&["a\r", "\nb\r\n"]), vec![(1, fields(&["a"]), None), (2, fields(&["b"]), None)]);
    }

    #[test]
    fn bom_is_dropped_and_last_line_needs_no_break() {
        assert_eq!(records(&["\u{feff}a,b\n1,2"]), vec![(1, fields(&["a", "b"]), None), (2, fields(&["1", "2"]), None)]);
        assert_eq!(records(&["\u{feff}"]), vec![]);
        assert_eq!(records(&[""]), vec![]);
    }

    #[test]
    fn stray_quotes_are_flagged_and_parsing_goes_on() {
        let r = records(&["a,b\nab\"c,d\n\"x\"y,z\nok,1\n"]);
        assert_eq!(r[1], (2, fields(&["ab\"c", "d"]), Some((CsvProblem::StrayQuote, 0))));
        assert_eq!(r[2], (3, fields(&["xy", "z"]), Some((CsvProblem::TextAfterQuote, 0))));
        assert_eq!(r[3], (4, fields(&["ok", "1"]), None));
    }

    #[test]
    fn unterminated_quote_at_end() {
        let r = records(&["a,b\n1,\"open\n2,3\n"]);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].0, 2);
        assert_eq!(r[1].2, Some((CsvProblem::UnterminatedQuote, 1)));
    }

    /// A record of unquoted fields past MAX_FIELDS, however it is cut into
    /// chunks: the fields up to the limit are kept and the problem is
    /// named at the limit, as one comma at a time would.
    #[test]
    fn fields_past_the_limit_are_flagged_at_the_limit_in_a_run() {
        let line = vec!["x"; MAX_FIELDS + 5].join(",");
        let text = format!("a\n{line}\nnext\n");
        for chunks in [vec![text.as_str()], text.as_bytes().chunks(1000).map(|c| std::str::from_utf8(c).unwrap()).collect()] {
            let r = records(&chunks);
            assert_eq!(r.len(), 3);
            assert_eq!(r[1].1.len(), MAX_FIELDS, "the fields up to the limit");
            assert_eq!(r[1].2, Some((CsvProblem::TooManyFields, MAX_FIELDS)));
            assert_eq!(r[2], (3, fields(&["next"]), None));
        }
    }

    #[test]
    fn overlong_record_is_cut_and_reading_resumes() {
        let long = "x".repeat(MAX_RECORD_BYTES + 10);
        let text = format!("a\n{long}\nnext\n");
        let r = records(&[&text]);
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].2, Some((CsvProblem::TooLong, 0)));
        assert!(r[1].1[0].len() <= MAX_RECORD_BYTES);
        assert_eq!(r[2], (3, fields(&["next"]), None));
    }

    #[test]
    fn formula_cells_are_neutralised_and_quoted_when_needed() {
        let mut out = String::new();
        write_row(&mut out, ["=1+1", "+x", "-3", "@SUM(A1)", "\tx", "\rx", "plain", "a,b", "say \"hi\"", "=a,b", "<img src=x onerror=alert(1)>"]);
        assert_eq!(
            out,
            "'=1+1,'+x,'-3,'@SUM(A1),'\tx,\"'\rx\",plain,\"a,b\",\"say \"\"hi\"\"\",\"'=a,b\",<img src=x onerror=alert(1)>\r\n"
        );
    }

    #[test]
    fn bools_dates_and_edit_distance() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("否"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(parse_date("2024/7/1"), Date::from_ymd(2024, 7, 1));
        assert_eq!(parse_date("2024年7月1日"), Date::from_ymd(2024, 7, 1));
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("24/7/1"), None);
        assert_eq!(vocab::edit_distance("intern", "interns"), 1);
        assert_eq!(vocab::edit_distance("kitten", "sitting"), 3);
    }

    fn catalog() -> Catalog {
        policycalc_catalog::embedded().expect("packs load")
    }

    #[test]
    fn every_fact_label_names_one_column() {
        let c = catalog();
        for (i, f) in c.vocab.facts.iter().enumerate() {
            for name in [f.id.as_str(), f.label.zh_hans.as_str(), f.label.get(Lang::ZhHant), f.label.en.as_str()] {
                assert_eq!(resolve_column(&c.vocab, name), Some(ColumnUse::Fact(i as FactId)), "{name}");
            }
        }
    }

    #[test]
    fn cells_are_parsed_with_types_and_bounds() {
        let c = catalog();
        let v = &c.vocab;
        let id = |n: &str| v.fact_id(n).unwrap();
        assert_eq!(parse_cell(v, id("interns"), " 12 "), Ok(Some(Value::Num(Decimal::from(12)))));
        assert_eq!(parse_cell(v, id("interns"), ""), Ok(None));
        assert_eq!(parse_cell(v, id("interns"), "1.5"), Err(Problem::NotWhole));
        assert_eq!(parse_cell(v, id("interns"), "-1"), Err(Problem::BelowMin(Decimal::ZERO)));
        // Issue 12: numbers as HR spreadsheets write them are read when
        // unambiguous, refused with the reason when not.
        assert_eq!(parse_cell(v, id("interns"), "1,000"), Ok(Some(Value::Num(Decimal::from(1000)))));
        // Digits with at most one point inside take a shortcut: the same
        // value, scale and sign as the general reading, to the bit (18 digits
        // and under; 19 go the long way).
        for text in ["0", "7", "007", "1200", "000000000000000000", "999999999999999999", "1.0", "1160.92", "0.05", "00.50", "12345678901234567.8", "0.00000000000000001"] {
            let general = vocab::parse_decimal(text).unwrap();
            assert_eq!(cells::plain_number(text).map(|n| n.serialize()), Some(general.serialize()), "{text}");
        }
        for text in ["1000000000000000000", "1234567890.123456789", "-1", "1.", ".5", "1.2.3", "1,000", "１", "+1", "1e3", ""] {
            assert_eq!(cells::plain_number(text), None, "{text}");
        }
        assert_eq!(parse_cell(v, id("interns"), "3.0"), Ok(Some(Value::Num(Decimal::from(3)))));
        assert_eq!(parse_cell(v, id("employer_si_contribution_monthly"), " 1160.90\t"), Ok(Some(Value::Num(Decimal::new(116090, 2).normalize()))));
        assert_eq!(parse_cell(v, id("interns"), "007"), Ok(Some(Value::Num(Decimal::from(7)))));
        let money = id("employer_si_contribution_monthly");
        for text in ["1200元", "１２００", "1,200.00", "¥1,200", "￥１，２００．００", "1200 元"] {
            assert_eq!(parse_cell(v, money, text), Ok(Some(Value::Num(Decimal::from(1200)))), "{text}");
        }
        assert_eq!(parse_cell(v, money, "1,20"), Err(Problem::NotNumber));
        assert_eq!(parse_cell(v, money, "12,00.5"), Err(Problem::NotNumber));
        assert_eq!(parse_cell(v, money, "1.2万"), Err(Problem::ScaledNumber));
        assert_eq!(parse_cell(v, id("hire_graduation_date"), "46203"), Err(Problem::SerialDate { date: Some("2026-06-30".into()) }));
        assert_eq!(parse_cell(v, id("hire_graduation_date"), "2026/6/30"), Ok(Some(Value::Date(Date::from_ymd(2026, 6, 30).unwrap()))));
        assert_eq!(parse_cell(v, id("employer_si_contribution_monthly"), "1.005"), Err(Problem::TooManyDecimals));
        assert_eq!(parse_cell(v, id("role"), "创业者或初创企业"), Ok(Some(Value::Sym(v.role_id("startup").unwrap()))));
        assert!(matches!(parse_cell(v, id("role"), "boss"), Err(Problem::NotEnumValue { .. })));
    }

    fn run(csv: &str, options: BatchOptions) -> (Result<(), BatchError>, String, Batch) {
        let c = catalog();
        let mut batch = Batch::new(&c, options).expect("options");
        let mut out = String::new();
        let result = batch.push(&c, csv, &mut out).and_then(|_| batch.finish(&c, &mut out));
        (result, out, batch)
    }

    fn bayannur() -> BatchOptions {
        BatchOptions { region: Some("bayannur".into()), as_of: Date::from_ymd(2025, 3, 1), lang: Lang::En, detailed: true }
    }

    #[test]
    fn rows_are_computed_and_totalled() {
        let csv = "role,insured_employees,insured_months,interns,interns_retained\n\
                   startup,3,12,,\n\
                   employer,,,100,50\n\
                   employer,,,x,1\n";
        let (result, out, batch) = run(csv, bayannur());
        assert_eq!(result, Ok(()));
        let s = batch.stats();
        assert_eq!((s.rows, s.computed, s.rejected), (3, 2, 1));
        assert_eq!(
            batch.errors()[0].message(Lang::En),
            "row 4, column “interns”, value “x”: not a number (write digits and a decimal point, such as 1200.50; 1,200.00 and 1200元 are read too)"
        );
        let t: Vec<_> = batch.tallies().filter(|(id, _)| id.starts_with("bayannur.startup-hiring")).collect();
        assert_eq!(t[0].1.eligible, 1);
        // The Bayannur plan is only announced: amounts per row, no total (X2).
        assert_eq!((t[0].1.counted, t[0].1.max), (0, Decimal::ZERO));
        assert!(batch.period_totals().is_empty());
        assert!(out.starts_with(BOM));
        assert!(out.contains("eligible,227000.00,\"met: interns_retention_half; announced, not yet issued (not counted)\""), "{out}");
        // Money in force is totalled per period over the rows.
        let csv = "role,employer_type,enterprise_size,hire_employment_difficulty,employer_si_contribution_monthly\n\
                   employer,state_owned_enterprise,medium,true,2345.67\n\
                   employer,state_owned_enterprise,medium,true,1000\n";
        let options = BatchOptions { region: Some("qingdao-chengyang".into()), ..bayannur() };
        let (result, _, batch) = run(csv, options);
        assert_eq!(result, Ok(()));
        let per_month = batch.period_totals().iter().find(|p| p.period == Period::PerMonth).unwrap();
        assert_eq!((per_month.max.to_string(), per_month.rows), ("3345.67".to_string(), 2));
    }

    #[test]
    fn a_judged_condition_left_open_is_conditional_with_the_condition_and_who_decides() {
        // Dandong D1: 成效明显 is decided by the HR bureau; a column may carry the decision.
        let csv = "role,local_enterprise,hires_local_vocational_graduates,notable_results_recognised\n\
                   employer,true,true,\n\
                   employer,true,true,true\n\
                   employer,true,true,false\n";
        let options = BatchOptions { region: Some("dandong".into()), as_of: Date::from_ymd(2025, 6, 1), lang: Lang::En, detailed: true };
        let (result, out, batch) = run(csv, options);
        assert_eq!(result, Ok(()));
        let line = |n: usize| out.lines().nth(n).unwrap_or_default().to_string();
        let row = line(1);
        assert!(row.contains(",conditional,,\"eligible if: Notable results recognised (成效明显) (decided by: the Dandong human resources and social security bureau, once the reward policy is issued)\""), "{row}");
        assert!(line(2).contains(",eligible,200000.00,\"met: local_enterprise; hires_local_vocational_graduates; notable_results_recognised; the amount is a cap (up to); announced, not yet issued (not counted)\""), "{}", line(2));
        assert!(line(3).contains(",ineligible,,not met: notable_results_recognised,"), "{}", line(3));
        // The readable answer: never "can get"; the condition and who decides
        // it in "needs checking".
        assert!(
            row.contains(",\"One-time reward for local enterprises hiring graduates of Dandong vocational colleges: up to ¥200,000.00 once — eligible if: Notable results recognised (成效明显) (decided by: the Dandong human resources and social security bureau, once the reward policy is issued)"),
            "{row}"
        );
        let t = batch.tallies().find(|(id, _)| *id == "dandong.local-vocational-graduate-hiring-reward").unwrap().1;
        assert_eq!((t.eligible, t.ineligible, t.conditional, t.counted), (1, 1, 1, 0));
        let zh = BatchOptions { region: Some("dandong".into()), as_of: Date::from_ymd(2025, 6, 1), lang: Lang::ZhHans, detailed: true };
        let (_, out, _) = run(csv, zh);
        assert!(out.contains("有条件符合,,符合以下条件即可享受：吸纳或留丹就业成效明显（经认定）（认定：丹东市人社部门（奖励政策出台后认定））"), "{out}");
    }

    #[test]
    fn caps_are_named_in_the_reason() {
        let csv = "role,platform_insured_workers\nemployer,3\n";
        let options = BatchOptions { region: Some("qingdao-chengyang".into()), as_of: Date::from_ymd(2025, 3, 1), lang: Lang::En, detailed: true };
        let (result, out, _) = run(csv, options);
        assert_eq!(result, Ok(()));
        assert!(out.contains(",eligible,300.00,met: platform_insured_workers > 0; the amount is a cap (up to),"), "{out}");
    }

    #[test]
    fn file_level_problems() {
        assert_eq!(run("", bayannur()).0, Err(BatchError::Empty));
        assert_eq!(run("\u{feff}\r\n\r\n", bayannur()).0, Err(BatchError::Empty));
        assert_eq!(run("role,interns\r\n", bayannur()).0, Err(BatchError::HeaderOnly));
        assert!(matches!(run("role,interns,就业见习人数\n", bayannur()).0, Err(BatchError::DuplicateColumn { first: 1, second: 2, .. })));
        assert!(matches!(run("role,intern\n", bayannur()).0, Err(BatchError::MisspeltColumn { column: 1, .. })));
        assert_eq!(run("role;interns\n", bayannur()).0, Err(BatchError::NoFactColumns { separator: Some(';') }));
        let no_region = BatchOptions { region: None, ..bayannur() };
        assert_eq!(run("role\nstartup\n", no_region).0, Err(BatchError::NoRegion));
        let no_date = BatchOptions { as_of: None, ..bayannur() };
        assert_eq!(run("role\nstartup\n", no_date).0, Err(BatchError::NoAsOf));
        assert!(matches!(run("\"role,interns\n", bayannur()).0, Err(BatchError::BadHeader { .. })));
    }

    #[test]
    fn template_round_trips() {
        let c = catalog();
        for lang in Lang::ALL {
            let spec = template::Spec { lang, region: Some("bayannur"), role: None, as_of: Date::from_ymd(2025, 3, 1).unwrap() };
            let t = template::build(&c, &spec).unwrap().csv();
            let (result, _, batch) = run(&t, BatchOptions { region: None, as_of: None, lang, detailed: false });
            assert_eq!(result, Ok(()), "{lang:?}");
            assert_eq!(batch.stats().computed, 1, "{lang:?}: {:?}", batch.errors());
            assert!(batch.warnings().is_empty(), "{:?}", batch.warnings());
        }
    }
}
