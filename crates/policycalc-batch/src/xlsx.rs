//! Excel workbooks in and out of the batch (feature `xlsx`: the CLI and the
//! batch page's module, never the calculator's).
//!
//! * [`Workbook`]: reads the first sheet (or a named one) of an .xlsx, .xls,
//!   .xlsb or .ods file with `calamine` and feeds its rows to a [`Batch`] as
//!   the CSV reader would, a slice at a time (for progress and cancel). Cells
//!   arrive typed as Excel stores them: numbers become plain decimals, cells
//!   formatted as dates become `YYYY-MM-DD`, text stays text. Row numbers are
//!   the spreadsheet's own.
//! * [`XlsxOutput`]: the batch's output as a workbook with `rust_xlsxwriter`:
//!   a results sheet (frozen header, column widths, amounts as numbers in a ¥
//!   format so Excel can sum them), a summary sheet and an errors sheet.
//! * [`template_xlsx`]: the template as a workbook (see `template.rs`).
//!
//! No clock: the workbook's creation date is the batch's as-of date (the
//! writer would otherwise stamp the current time).

use super::excel_date::{date_serial, serial_date};
use super::{Batch, BatchError, CsvReader, OutKind, Record};
use policycalc_core::date::Date;
use policycalc_core::lang::Lang;
use policycalc_core::Catalog;
use calamine::{Data, ExcelDateTimeType, Reader};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Worksheet};
use std::io::Cursor;

/// True when the bytes start like a workbook: a zip (.xlsx, .xlsb, .ods) or
/// an OLE compound file (.xls). The edges use it to tell CSV from Excel when
/// a file's name says nothing.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn workbook_error(lang: Lang, detail: impl std::fmt::Display) -> BatchError {
    BatchError::Workbook {
        message: if lang == Lang::En {
            format!("the file is not a workbook this tool can read ({detail}); save it as .xlsx or CSV")
        } else {
            format!("无法读取该工作簿（{detail}）；请另存为 .xlsx 或 CSV")
        },
    }
}

/// One sheet of a workbook, read whole (a workbook cannot be streamed: its
/// strings come in a shared table), fed to a batch a slice at a time.
pub struct Workbook {
    range: calamine::Range<Data>,
    /// Spreadsheet row number (1-based) of the range's first row.
    first_row: u64,
    /// Cells read from each row (see [`Workbook::open`]'s comment).
    width: usize,
    next: usize,
    /// The sheet read, and every sheet's name (for a "choose a sheet" list).
    pub sheet: String,
    pub sheets: Vec<String>,
}

impl Workbook {
    /// Opens the workbook and reads one sheet: `sheet` by name, or the first.
    pub fn open(bytes: Vec<u8>, sheet: Option<&str>, lang: Lang) -> Result<Workbook, BatchError> {
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| workbook_error(lang, e))?;
        let sheets = book.sheet_names();
        let name = match sheet {
            Some(s) => sheets.iter().find(|n| n.as_str() == s || n.trim().eq_ignore_ascii_case(s.trim())).cloned().ok_or_else(|| {
                BatchError::Workbook {
                    message: if lang == Lang::En {
                        format!("the workbook has no sheet named {s} (sheets: {})", sheets.join(", "))
                    } else {
                        format!("工作簿中没有名为“{s}”的工作表（现有：{}）", sheets.join("、"))
                    },
                }
            })?,
            None => sheets.first().cloned().ok_or(BatchError::Empty)?,
        };
        let range = book.worksheet_range(&name).map_err(|e| workbook_error(lang, e))?;
        let first_row = range.start().map_or(1, |(r, _)| u64::from(r).saturating_add(1));
        let first_col = range.start().map_or(0, |(_, c)| c);
        // A sheet whose data starts right of column A: pad, so the header's
        // cells and the rows' line up as the user sees them.
        let range = if first_col > 0 {
            let (end_r, end_c) = range.end().unwrap_or((0, 0));
            let (start_r, _) = range.start().unwrap_or((0, 0));
            range.range((start_r, 0), (end_r, end_c))
        } else {
            range
        };
        // The width rows are read at: the widest row's last value, leaving
        // out rows too wide to read (each is rejected on its own; were the
        // width theirs, every row would be).
        let width = range.rows().map(used_width).filter(|w| *w <= super::MAX_FIELDS).max().unwrap_or(0);
        Ok(Workbook { range, first_row, width, next: 0, sheet: name, sheets })
    }

    /// Rows in the sheet (header included) and rows fed so far.
    pub fn rows(&self) -> usize {
        self.range.height()
    }
    pub fn done(&self) -> usize {
        self.next
    }

    /// Feeds up to `max_rows` more rows; true while rows remain. The caller
    /// ends with [`Batch::finish`] as for CSV. With `rows`, data rows are
    /// collected there for a worker instead (as [`Batch::push_rows`]).
    pub fn push(&mut self, batch: &mut Batch, catalog: &Catalog, max_rows: usize, out: &mut String, mut rows: Option<&mut super::Rows>) -> Result<bool, BatchError> {
        let mut buf = String::new();
        let mut ends: Vec<usize> = Vec::new();
        let end = self.next.saturating_add(max_rows).min(self.range.height());
        for (i, row) in self.range.rows().enumerate().skip(self.next).take(end.saturating_sub(self.next)) {
            buf.clear();
            ends.clear();
            // Every row as wide as the sheet's readable width: empty cells at
            // the end of a row are empty answers (the batch ignores empty
            // extra cells past the header).
            // Fields after a comma each, as the CSV reader gives them.
            for d in row.iter().take(self.width) {
                if !ends.is_empty() {
                    buf.push(',');
                }
                cell_text(d, &mut buf);
                ends.push(buf.len());
            }
            let line = self.first_row.saturating_add(i as u64);
            let problem = (used_width(row) > super::MAX_FIELDS).then_some((super::CsvProblem::TooManyFields, super::MAX_FIELDS));
            let record = Record { line, last_line: line, buf: &buf, ends: &ends, plain: false, problem };
            batch.push_record(catalog, &record, out, rows.as_deref_mut());
        }
        self.next = end;
        batch.stats.bytes = 0;
        match &batch.fatal {
            Some(e) => Err(e.clone()),
            None => Ok(self.next < self.range.height()),
        }
    }
}

/// Cells up to a row's last value.
fn used_width(row: &[Data]) -> usize {
    row.iter().rposition(|d| *d != Data::Empty).map_or(0, |last| last.saturating_add(1))
}

/// A cell as text the cell parsers read: integers without `.0`, other
/// numbers in their shortest exact form, dates as `YYYY-MM-DD` (a time of
/// day is kept, so the date parser refuses it rather than dropping it).
fn cell_text(d: &Data, out: &mut String) {
    use std::fmt::Write as _;
    match d {
        Data::Empty => {}
        Data::String(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => number_text(*f, out),
        Data::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            // A workbook in the 1904 date system (old Excel for Mac files)
            // counts from 1904-01-01, 1462 days after the 1900 system: read
            // as 1900 serials its dates would be four years and a day early.
            let serial = if is_1904(dt) { serial + DAYS_1900_TO_1904 } else { serial };
            match serial_date(serial) {
                Some(date) if serial.fract() == 0.0 => {
                    let _ = write!(out, "{date}");
                }
                Some(date) => {
                    let minutes = (serial.fract() * 1440.0).round() as u32;
                    let _ = write!(out, "{date} {:02}:{:02}", minutes / 60, minutes % 60);
                }
                None => number_text(serial, out),
            }
        }
        // ISO text from .ods files: the date part when there is no time.
        Data::DateTimeIso(s) => out.push_str(s.strip_suffix("T00:00:00").unwrap_or(s)),
        Data::DurationIso(s) => out.push_str(s),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
    }
}

/// Days from the 1900 date system's day 0 to the 1904 system's.
const DAYS_1900_TO_1904: f64 = 1462.0;

/// Whether the cell's workbook uses the 1904 date system. calamine keeps
/// that flag private (it reads it only for its `dates` feature, which would
/// bring chrono into the wasm module); the cell equals the same value made
/// with the flag set exactly when its own flag is set.
fn is_1904(dt: &calamine::ExcelDateTime) -> bool {
    [ExcelDateTimeType::DateTime, ExcelDateTimeType::TimeDelta].into_iter().any(|kind| *dt == calamine::ExcelDateTime::new(dt.as_f64(), kind, true))
}

fn number_text(f: f64, out: &mut String) {
    use std::fmt::Write as _;
    if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(out, "{}", f as i64);
    } else {
        // Shortest text that reads back as the same double: what was typed.
        let _ = write!(out, "{f}");
    }
}

// ===================================================================== output

pub(super) fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> BatchError {
    BatchError::Workbook { message: e.to_string() }
}

/// The workbook's fixed stamp: the as-of date (or 2000-01-01), never the clock.
pub(super) fn properties(as_of: Option<Date>) -> Result<DocProperties, BatchError> {
    let (y, m, d) = as_of.map_or((2000, 1, 1), |d| (d.year(), d.month(), d.day()));
    let stamp = ExcelDateTime::from_ymd(
        u16::try_from(y).unwrap_or(2000),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
    .map_err(xlsx_error)?;
    Ok(DocProperties::new().set_creation_datetime(&stamp))
}

/// Formats shared by the sheets.
pub(super) struct Formats {
    pub header: Format,
    pub money: Format,
    pub wrap: Format,
    pub date: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_text_wrap().set_background_color("#E8EEF4"),
            money: Format::new().set_num_format("¥#,##0.00"),
            wrap: Format::new().set_text_wrap(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// Undoes the CSV writer's formula guard: a workbook cell written as text is
/// never a formula, so the `'` would only show.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if matches!(rest.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) => rest,
        _ => cell,
    }
}

/// Writes one cell as its column's kind; text when a number does not read.
pub(super) fn write_typed(ws: &mut Worksheet, row: u32, col: u16, kind: OutKind, text: &str, f: &Formats) -> Result<(), BatchError> {
    if text.is_empty() {
        return Ok(());
    }
    let number = || text.parse::<f64>().ok().filter(|n| n.is_finite());
    match kind {
        OutKind::Money => match number() {
            Some(n) => ws.write_number_with_format(row, col, n, &f.money).map(|_| ()),
            None => ws.write_string(row, col, text).map(|_| ()),
        },
        OutKind::Number => match number() {
            Some(n) => ws.write_number(row, col, n).map(|_| ()),
            None => ws.write_string(row, col, text).map(|_| ()),
        },
        OutKind::Date => match Date::parse(text) {
            Some(d) => ws.write_number_with_format(row, col, date_serial(d), &f.date).map(|_| ()),
            None => ws.write_string(row, col, text).map(|_| ()),
        },
        OutKind::Text => {
            // Excel's limit per cell; reasons and messages stay far below.
            let text: String = unguard(text).chars().take(32_000).collect();
            ws.write_string(row, col, text).map(|_| ())
        }
    }
    .map_err(xlsx_error)
}

/// The batch's output as a workbook. Feed it the CSV text the batch writes
/// (`push`, `finish`), a chunk at a time; `finish` adds the summary and the
/// errors sheets and returns the file.
///
/// A handle on a trait object: dropping it goes through the object's vtable,
/// so the drop code of rust_xlsxwriter's `Worksheet` (13 KB of wasm) is
/// compiled once, here. A plain struct would have it compiled again in every
/// crate that drops one (the wasm boundary does): release builds do not share
/// generic instances across crates (measured: the Excel module 1.2 KB gzip,
/// 16 KB raw, smaller).
pub struct XlsxOutput(Box<dyn Output>);

trait Output {
    fn push(&mut self, batch: &Batch, catalog: &Catalog, csv: &str) -> Result<(), BatchError>;
    fn finish(self: Box<Self>, batch: &Batch, catalog: &Catalog) -> Result<Vec<u8>, BatchError>;
}

impl Default for XlsxOutput {
    fn default() -> Self {
        XlsxOutput::new()
    }
}

impl XlsxOutput {
    pub fn new() -> XlsxOutput {
        XlsxOutput(Box::new(Sheets {
            book: rust_xlsxwriter::Workbook::new(),
            results: Worksheet::new(),
            reader: CsvReader::new(),
            kinds: Vec::new(),
            widths: Vec::new(),
            row: 0,
            formats: Formats::new(),
            failed: None,
        }))
    }

    /// Adds the output rows in `csv` (as the batch wrote them).
    pub fn push(&mut self, batch: &Batch, catalog: &Catalog, csv: &str) -> Result<(), BatchError> {
        self.0.push(batch, catalog, csv)
    }

    /// Finishes the results sheet, adds the summary and errors sheets and
    /// returns the workbook's bytes.
    pub fn finish(self, batch: &Batch, catalog: &Catalog) -> Result<Vec<u8>, BatchError> {
        self.0.finish(batch, catalog)
    }
}

struct Sheets {
    book: rust_xlsxwriter::Workbook,
    results: Worksheet,
    reader: CsvReader,
    kinds: Vec<OutKind>,
    widths: Vec<usize>,
    row: u32,
    formats: Formats,
    failed: Option<BatchError>,
}

impl Output for Sheets {
    fn push(&mut self, batch: &Batch, catalog: &Catalog, csv: &str) -> Result<(), BatchError> {
        if self.kinds.is_empty() {
            self.kinds = batch.output_kinds(catalog);
        }
        let mut reader = std::mem::take(&mut self.reader);
        reader.feed(csv, &mut |record| self.record(record));
        self.reader = reader;
        match &self.failed {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    fn finish(self: Box<Self>, batch: &Batch, catalog: &Catalog) -> Result<Vec<u8>, BatchError> {
        (*self).finish_sheets(batch, catalog)
    }
}

impl Sheets {
    fn record(&mut self, record: &Record) {
        if self.failed.is_some() {
            return;
        }
        let row = self.row;
        if row >= 1_048_576 {
            // Excel's last row: the rest goes to CSV only.
            self.failed = Some(BatchError::Workbook {
                message: "more than 1,048,575 rows: Excel cannot hold them; write CSV output instead".into(),
            });
            return;
        }
        for (c, cell) in record.fields().enumerate() {
            let Ok(col) = u16::try_from(c) else { break };
            let kind = if row == 0 { OutKind::Text } else { self.kinds.get(c).copied().unwrap_or(OutKind::Text) };
            let result = if row == 0 {
                self.results.write_string_with_format(row, col, cell.trim_start_matches('\u{feff}'), &self.formats.header).map(|_| ()).map_err(xlsx_error)
            } else {
                write_typed(&mut self.results, row, col, kind, cell, &self.formats)
            };
            if let Err(e) = result {
                self.failed = Some(e);
                return;
            }
            // Widths from the header and the first rows only (cheap, and
            // the first rows are the typical ones).
            if row < 200 {
                let w = display_width(cell);
                match self.widths.get_mut(c) {
                    Some(old) => *old = (*old).max(w),
                    None => self.widths.push(w),
                }
            }
        }
        self.row = self.row.saturating_add(1);
    }

    fn finish_sheets(mut self, batch: &Batch, catalog: &Catalog) -> Result<Vec<u8>, BatchError> {
        let mut reader = std::mem::take(&mut self.reader);
        reader.finish(&mut |record| self.record(record));
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let lang = batch.options.lang;
        let en = lang == Lang::En;
        let f = Formats::new();
        let mut results = std::mem::take(&mut self.results);
        results.set_name(if en { "results" } else if lang == Lang::ZhHant { "結果" } else { "结果" }).map_err(xlsx_error)?;
        results.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        for (c, w) in self.widths.iter().enumerate() {
            let Ok(col) = u16::try_from(c) else { break };
            results.set_column_width(col, column_width(*w)).map_err(xlsx_error)?;
        }
        self.book.push_worksheet(results);

        // Summary: totals first, then the provisions of the regions present.
        let mut summary = Worksheet::new();
        summary.set_name(if en { "summary" } else if lang == Lang::ZhHant { "匯總" } else { "汇总" }).map_err(xlsx_error)?;
        let rows = batch.summary_rows(catalog);
        let kinds = super::summary_kinds();
        let mut widths: Vec<usize> = Vec::new();
        for (r, cells) in rows.iter().enumerate() {
            let Ok(row) = u32::try_from(r) else { break };
            for (c, cell) in cells.iter().enumerate() {
                let Ok(col) = u16::try_from(c) else { break };
                if r == 0 {
                    summary.write_string_with_format(row, col, cell, &f.header).map_err(xlsx_error)?;
                } else {
                    write_typed(&mut summary, row, col, kinds.get(c).copied().unwrap_or(OutKind::Text), cell, &f)?;
                }
                let w = display_width(cell);
                match widths.get_mut(c) {
                    Some(old) => *old = (*old).max(w),
                    None => widths.push(w),
                }
            }
        }
        summary.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        for (c, w) in widths.iter().enumerate() {
            let Ok(col) = u16::try_from(c) else { break };
            summary.set_column_width(col, column_width(*w)).map_err(xlsx_error)?;
        }
        self.book.push_worksheet(summary);

        // Errors: one line per problem, the spreadsheet's row number first.
        let mut errors = Worksheet::new();
        errors.set_name(if en { "errors" } else if lang == Lang::ZhHant { "錯誤" } else { "错误" }).map_err(xlsx_error)?;
        let header: [&str; 4] = match lang {
            Lang::En => ["row", "column", "value", "problem"],
            Lang::ZhHant => ["行號", "列", "值", "問題"],
            Lang::ZhHans => ["行号", "列", "值", "问题"],
        };
        for (c, h) in header.iter().enumerate() {
            errors.write_string_with_format(0, c as u16, *h, &f.header).map_err(xlsx_error)?;
        }
        for (i, e) in batch.errors().iter().enumerate() {
            let Ok(row) = u32::try_from(i.saturating_add(1)) else { break };
            errors.write_number(row, 0, e.line as f64).map_err(xlsx_error)?;
            if let Some(name) = &e.column_name {
                errors.write_string(row, 1, name).map_err(xlsx_error)?;
            }
            if let Some(v) = &e.value {
                errors.write_string(row, 2, v).map_err(xlsx_error)?;
            }
            errors.write_string(row, 3, e.problem.text(lang)).map_err(xlsx_error)?;
        }
        errors.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        for (c, w) in [8.0, 24.0, 20.0, 80.0].iter().enumerate() {
            errors.set_column_width(c as u16, *w).map_err(xlsx_error)?;
        }
        self.book.push_worksheet(errors);
        self.book.set_properties(&properties(batch.options.as_of)?);
        self.book.save_to_buffer().map_err(xlsx_error)
    }
}

/// Width in "characters" as Excel counts them: CJK characters are two.
pub(super) fn display_width(text: &str) -> usize {
    text.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum()
}

pub(super) fn column_width(chars: usize) -> f64 {
    (chars.clamp(6, 60) as f64) + 2.0
}

// ===================================================================== template

/// The template as a workbook: the cases sheet (header, the example row,
/// number and date formats, a drop-down for every enumerated and yes/no
/// column), the instructions sheet (what each column means, its unit, its
/// allowed values, an example) and a hidden sheet holding the lists.
pub fn template_xlsx(catalog: &Catalog, spec: &super::template::Spec) -> Result<Vec<u8>, BatchError> {
    use super::template::{instructions_header, ColumnKind};
    use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, DataValidationRule, Formula};
    let template = super::template::build(catalog, spec)?;
    let lang = spec.lang;
    let en = lang == Lang::En;
    let f = Formats::new();
    let whole = Format::new().set_num_format("0");
    let decimal = Format::new().set_num_format("0.00");
    let (cases_name, help_name, lists_name) = match lang {
        Lang::En => ("cases", "instructions", "lists"),
        Lang::ZhHant => ("案例", "填寫說明", "可選值"),
        Lang::ZhHans => ("案例", "填写说明", "可选值"),
    };
    // Rows with drop-downs and formats: the example row and 10,000 more.
    const LAST_ROW: u32 = 10_001;
    let mut cases = Worksheet::new();
    cases.set_name(cases_name).map_err(xlsx_error)?;
    let mut lists = Worksheet::new();
    lists.set_name(lists_name).map_err(xlsx_error)?;
    let mut list_col: u16 = 0;
    for (c, column) in template.columns.iter().enumerate() {
        let Ok(col) = u16::try_from(c) else { break };
        cases.write_string_with_format(0, col, &column.header, &f.header).map_err(xlsx_error)?;
        let width = column_width(display_width(&column.header).max(display_width(&column.example)).max(10));
        match column.kind {
            ColumnKind::Date => cases.set_column_format(col, &f.date),
            ColumnKind::Whole => cases.set_column_format(col, &whole),
            ColumnKind::Decimal => cases.set_column_format(col, &decimal),
            _ => Ok(&mut cases),
        }
        .map_err(xlsx_error)?;
        cases.set_column_width(col, width).map_err(xlsx_error)?;
        let kind = match column.kind {
            ColumnKind::Date => OutKind::Date,
            ColumnKind::Whole | ColumnKind::Decimal => OutKind::Number,
            _ => OutKind::Text,
        };
        write_typed(&mut cases, 1, col, kind, &column.example, &f)?;
        let prompt = |v: DataValidation| -> Result<DataValidation, BatchError> {
            let title: String = column.header.chars().take(32).collect();
            let message: String = column.meaning.chars().take(250).collect();
            v.set_input_title(title).and_then(|v| v.set_input_message(message)).map_err(xlsx_error)
        };
        let validation = match column.kind {
            ColumnKind::Region | ColumnKind::Bool | ColumnKind::Enum if !column.allowed.is_empty() => {
                for (i, value) in column.allowed.iter().enumerate() {
                    let Ok(row) = u32::try_from(i) else { break };
                    lists.write_string(row, list_col, value).map_err(xlsx_error)?;
                }
                let last = u32::try_from(column.allowed.len()).unwrap_or(1);
                let letters = column_letters(list_col);
                let formula = format!("='{lists_name}'!${letters}$1:${letters}${last}");
                list_col = list_col.saturating_add(1);
                let error = if en { "Choose a value from the list." } else { "请从列表中选择。" };
                Some(
                    prompt(DataValidation::new().allow_list_formula(Formula::new(formula)))?
                        .set_error_message(error)
                        .map_err(xlsx_error)?
                        .set_error_style(DataValidationErrorStyle::Stop),
                )
            }
            ColumnKind::Whole => {
                let (min, max) = column.fact.map_or((None, None), |id| (catalog.vocab.fact(id).min, catalog.vocab.fact(id).max));
                let to_i32 = |d: Option<rust_decimal::Decimal>, or: i32| d.and_then(|d| i32::try_from(d.trunc().mantissa()).ok()).unwrap_or(or);
                Some(prompt(DataValidation::new().allow_whole_number(DataValidationRule::Between(to_i32(min, 0), to_i32(max, 1_000_000_000))))?)
            }
            ColumnKind::Date | ColumnKind::Decimal => Some(prompt(DataValidation::new())?),
            _ => None,
        };
        if let Some(v) = validation {
            cases.add_data_validation(1, col, LAST_ROW, col, &v).map_err(xlsx_error)?;
        }
    }
    cases.set_freeze_panes(1, 0).map_err(xlsx_error)?;

    let mut help = Worksheet::new();
    help.set_name(help_name).map_err(xlsx_error)?;
    for (c, h) in instructions_header(lang).iter().enumerate() {
        help.write_string_with_format(0, c as u16, *h, &f.header).map_err(xlsx_error)?;
    }
    let sep = if en { " | " } else { "｜" };
    for (r, column) in template.columns.iter().enumerate() {
        let Ok(row) = u32::try_from(r.saturating_add(1)) else { break };
        let allowed = column.allowed.join(sep);
        for (c, text) in [column.header.as_str(), column.meaning.as_str(), column.unit.as_str(), allowed.as_str(), column.example.as_str()].iter().enumerate() {
            help.write_string_with_format(row, c as u16, *text, &f.wrap).map_err(xlsx_error)?;
        }
    }
    for (c, w) in [28.0, 60.0, 18.0, 40.0, 16.0].iter().enumerate() {
        help.set_column_width(c as u16, *w).map_err(xlsx_error)?;
    }
    help.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    lists.set_hidden(true);

    let mut book = rust_xlsxwriter::Workbook::new();
    book.push_worksheet(cases);
    book.push_worksheet(help);
    book.push_worksheet(lists);
    book.set_properties(&properties(Some(spec.as_of))?);
    book.save_to_buffer().map_err(xlsx_error)
}

/// `A`, `B`, ... `Z`, `AA`: a column's letters for a formula.
fn column_letters(col: u16) -> String {
    let mut n = u32::from(col).saturating_add(1);
    let mut out = Vec::new();
    while n > 0 {
        let d = n.saturating_sub(1) % 26;
        out.push(char::from(b'A'.saturating_add(d as u8)));
        n = n.saturating_sub(1) / 26;
    }
    out.iter().rev().collect()
}
