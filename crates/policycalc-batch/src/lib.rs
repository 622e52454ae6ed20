//! Batch evaluation: CSV in, CSV out, one row per person or enterprise case.
//!
//! Pure core shared by the CLI (`policycalc batch`) and the browser
//! (`Calculator::batchBegin` in `src/wasm.rs`): no IO, no clock, no
//! dependency beyond the engine's. Text arrives already decoded to UTF-8, in
//! chunks of any size; the caller decodes (`encoding_rs` in the CLI,
//! `TextDecoder` in the browser) and writes the output where it likes.
//!
//! * [`CsvReader`]: an RFC 4180 reader that streams over chunks (quoted
//!   fields, doubled quotes, CRLF or LF, newlines inside quotes) with bounded
//!   memory: a record longer than [`MAX_RECORD_BYTES`] is reported, not kept.
//! * [`Batch`]: maps the header to facts (ids, or zh-Hans / zh-Hant / en
//!   labels), parses each cell from text, evaluates each good row with
//!   [`engine::evaluate`] and appends the output row: every input cell, the
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
pub mod excel_date;
pub mod template;
#[cfg(feature = "xlsx")]
pub mod xlsx;

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

// ===================================================================== CSV

/// What is wrong with the text of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvProblem {
    /// A `"` inside a field that did not start with one.
    StrayQuote,
    /// Text right after the closing quote of a quoted field.
    TextAfterQuote,
    /// The file ended inside a quoted field.
    UnterminatedQuote,
    /// The record exceeded [`MAX_RECORD_BYTES`]; the rest of it up to the
    /// next line break was skipped.
    TooLong,
    TooManyFields,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the start of a field (after a comma or a line break).
    FieldStart,
    Unquoted,
    Quoted,
    /// Just read a `"` inside a quoted field: a doubled quote or the end.
    QuoteInQuoted,
    /// Skipping an overlong record up to the next line break.
    Skipping,
}

/// Bytes that end a run of ordinary field text outside quotes.
// Evaluated at compile time: an index out of range would fail the build.
#[allow(clippy::indexing_slicing)]
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t
};

/// One record as the reader hands it over; fields borrow the reader's buffer.
pub struct Record<'a> {
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    /// Physical line where it ends (differs with newlines inside quotes).
    pub last_line: u64,
    buf: &'a str,
    ends: &'a [usize],
    /// The first problem met, with the 0-based field it was in.
    pub problem: Option<(CsvProblem, usize)>,
}

impl<'a> Record<'a> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(before) => *self.ends.get(before)?,
            None => 0,
        };
        self.buf.get(start..end)
    }
    pub fn fields(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(move |i| self.get(i).unwrap_or(""))
    }
    /// A blank line, or a row of empty cells (Excel writes `,,,` for them).
    pub fn is_blank(&self) -> bool {
        self.buf.is_empty() && self.problem.is_none()
    }
}

/// Streaming RFC 4180 reader: feed chunks, get complete records.
#[derive(Debug)]
pub struct CsvReader {
    state: State,
    buf: String,
    ends: Vec<usize>,
    line: u64,
    record_line: u64,
    problem: Option<(CsvProblem, usize)>,
    /// The previous chunk ended a record on `\r`: a following `\n` belongs to it.
    after_cr: bool,
    /// The first character has been seen: a byte-order mark is dropped only
    /// there, however the text is chunked.
    bom_checked: bool,
    started: bool,
    /// Bytes fed so far (for progress).
    pub bytes: u64,
}

impl Default for CsvReader {
    fn default() -> Self {
        CsvReader::new()
    }
}

impl CsvReader {
    pub fn new() -> CsvReader {
        CsvReader {
            state: State::FieldStart,
            buf: String::new(),
            ends: Vec::new(),
            line: 1,
            record_line: 1,
            problem: None,
            after_cr: false,
            bom_checked: false,
            started: false,
            bytes: 0,
        }
    }

    /// Whether any non-BOM text has been fed.
    pub fn started(&self) -> bool {
        self.started
    }

    fn flag(&mut self, problem: CsvProblem) {
        if self.problem.is_none() {
            self.problem = Some((problem, self.ends.len()));
        }
    }

    fn end_field(&mut self) {
        if self.ends.len() >= MAX_FIELDS {
            self.flag(CsvProblem::TooManyFields);
            return;
        }
        self.ends.push(self.buf.len());
    }

    fn emit(&mut self, sink: &mut dyn FnMut(&Record)) {
        self.end_field();
        let record = Record {
            line: self.record_line,
            last_line: self.line,
            buf: &self.buf,
            ends: &self.ends,
            problem: self.problem,
        };
        sink(&record);
        self.buf.clear();
        self.ends.clear();
        self.problem = None;
        self.state = State::FieldStart;
    }

    fn push_text(&mut self, text: &str) {
        if self.state == State::Skipping {
            return;
        }
        if self.buf.len().saturating_add(text.len()) > MAX_RECORD_BYTES {
            self.flag(CsvProblem::TooLong);
            self.state = State::Skipping;
            return;
        }
        self.buf.push_str(text);
    }

    /// Reads one chunk; calls `sink` for every record completed in it.
    pub fn feed(&mut self, chunk: &str, sink: &mut dyn FnMut(&Record)) {
        // Counters here are u64: no input reaches their limit, and they saturate.
        self.bytes = self.bytes.saturating_add(chunk.len() as u64);
        let mut text = chunk;
        if !self.started {
            if !self.bom_checked {
                text = text.strip_prefix('\u{feff}').unwrap_or(text);
                self.bom_checked = !chunk.is_empty();
            }
            if text.is_empty() {
                return;
            }
            self.started = true;
        }
        // Every byte the loop stops at is ASCII, so each split is on a char
        // boundary.
        let mut rest = text;
        while let Some(&b) = rest.as_bytes().first() {
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    rest = skip(rest, 1);
                    continue;
                }
            }
            match self.state {
                State::FieldStart | State::Unquoted => {
                    // Copy the run of ordinary bytes at once.
                    let run = rest.bytes().position(|c| SPECIAL.get(usize::from(c)) == Some(&true)).unwrap_or(rest.len());
                    if run > 0 {
                        let (part, after) = split(rest, run);
                        self.push_text(part);
                        if self.state == State::FieldStart {
                            self.state = State::Unquoted;
                        }
                        rest = after;
                        continue;
                    }
                    // An empty run: `b` is one of the SPECIAL bytes.
                    match b {
                        b',' => {
                            self.end_field();
                            self.state = State::FieldStart;
                        }
                        b'"' if self.state == State::FieldStart => self.state = State::Quoted,
                        b'"' => {
                            self.flag(CsvProblem::StrayQuote);
                            self.push_text("\"");
                        }
                        _ => self.end_line(b, sink),
                    }
                    rest = skip(rest, 1);
                }
                State::Quoted => {
                    let quote = rest.bytes().position(|c| c == b'"');
                    let (part, after) = split(rest, quote.unwrap_or(rest.len()));
                    self.line = self.line.saturating_add(part.bytes().filter(|c| *c == b'\n').count() as u64);
                    self.push_text(part);
                    if quote.is_some() && self.state == State::Quoted {
                        self.state = State::QuoteInQuoted;
                    }
                    rest = skip(after, 1);
                }
                State::QuoteInQuoted => match b {
                    b'"' => {
                        self.push_text("\"");
                        if self.state != State::Skipping {
                            self.state = State::Quoted;
                        }
                        rest = skip(rest, 1);
                    }
                    b',' => {
                        self.end_field();
                        self.state = State::FieldStart;
                        rest = skip(rest, 1);
                    }
                    b'\r' | b'\n' => {
                        self.end_line(b, sink);
                        rest = skip(rest, 1);
                    }
                    _ => {
                        // `"ab"c`: keep the text, report the row.
                        self.flag(CsvProblem::TextAfterQuote);
                        self.state = State::Unquoted;
                    }
                },
                State::Skipping => match rest.bytes().position(|c| matches!(c, b'\r' | b'\n')) {
                    None => rest = "",
                    Some(n) => {
                        let (_, after) = split(rest, n);
                        self.end_line(after.as_bytes().first().copied().unwrap_or(b'\n'), sink);
                        rest = skip(after, 1);
                    }
                },
            }
        }
    }

    /// A line break `b` (CR or LF) outside quotes ends the record.
    fn end_line(&mut self, b: u8, sink: &mut dyn FnMut(&Record)) {
        self.emit(sink);
        self.line = self.line.saturating_add(1);
        self.record_line = self.line;
        self.after_cr = b == b'\r';
    }

    /// Ends the input: emits the last record if the file lacks a final line break.
    pub fn finish(&mut self, sink: &mut dyn FnMut(&Record)) {
        let pending = !self.buf.is_empty() || !self.ends.is_empty() || self.state != State::FieldStart;
        match self.state {
            State::Quoted => self.flag(CsvProblem::UnterminatedQuote),
            State::Skipping => {}
            _ => {}
        }
        if pending {
            self.emit(sink);
        }
        self.state = State::FieldStart;
    }
}

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

/// Appends one CSV cell: formula-like text gets a leading `'`, and the cell
/// is quoted when it holds a comma, a quote or a line break.
pub fn write_cell(out: &mut String, value: &str) {
    let formula = matches!(value.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    let quote = value.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        for (i, part) in value.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// Appends the empty status, amount and reason cells of `n` provisions.
fn write_empty(out: &mut String, mut n: usize) {
    const COMMAS: &str = ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,";
    while n > 0 {
        // k ≤ COMMAS.len() / 3, so 3 * k stays within COMMAS.
        let k = n.min(COMMAS.len() / 3);
        out.push_str(COMMAS.get(..k.saturating_mul(3)).unwrap_or(COMMAS));
        n = n.saturating_sub(k);
    }
}

/// Appends a row of cells, CRLF-terminated.
pub fn write_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_cell(out, cell);
    }
    out.push_str("\r\n");
}

// ===================================================================== errors

/// What is wrong with one row (or one of its cells).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Csv(CsvProblem),
    /// `split`: the first two neighbouring fields that look like one
    /// number cut at a thousands comma (`1,200` unquoted), as `1,200`.
    FieldCount { found: usize, expected: usize, split: Option<String> },
    NotBool,
    NotNumber,
    NotWhole,
    TooManyDecimals,
    BelowMin(Decimal),
    AboveMax(Decimal),
    NotDate,
    /// A bare number in a date column: an Excel serial day, shown as the
    /// date it would be in Excel's usual (1900) date system.
    SerialDate { date: Option<String> },
    /// A number with a unit that changes its size (`1.2万`).
    ScaledNumber,
    NotEnumValue { allowed: Vec<String> },
    UnknownRegion { known: Vec<String> },
    OtherRegion { batch: String },
    NoRegion,
    NoAsOf,
    /// The cell contradicts another column's (a vocabulary constraint).
    Contradicts { relation: Relation, other_column: usize, other_name: String, other_value: String, message: Box<Text> },
}

impl Problem {
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Csv(CsvProblem::StrayQuote) => "stray_quote",
            Problem::Csv(CsvProblem::TextAfterQuote) => "text_after_quote",
            Problem::Csv(CsvProblem::UnterminatedQuote) => "unterminated_quote",
            Problem::Csv(CsvProblem::TooLong) => "record_too_long",
            Problem::Csv(CsvProblem::TooManyFields) => "too_many_fields",
            Problem::FieldCount { .. } => "field_count",
            Problem::NotBool => "not_bool",
            Problem::NotNumber => "not_number",
            Problem::NotWhole => "not_whole_number",
            Problem::TooManyDecimals => "too_many_decimals",
            Problem::BelowMin(_) => "below_min",
            Problem::AboveMax(_) => "above_max",
            Problem::NotDate => "not_date",
            Problem::SerialDate { .. } => "serial_date",
            Problem::ScaledNumber => "scaled_number",
            Problem::NotEnumValue { .. } => "not_enum_value",
            Problem::UnknownRegion { .. } => "unknown_region",
            Problem::OtherRegion { .. } => "other_region",
            Problem::NoRegion => "no_region",
            Problem::NoAsOf => "no_as_of",
            Problem::Contradicts { .. } => "contradictory_facts",
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            Problem::Csv(p) => match (p, en) {
                (CsvProblem::StrayQuote, true) => "a quote (\") inside a field that does not start with one; quote the whole field and double inner quotes".into(),
                (CsvProblem::StrayQuote, false) => "字段中间出现引号(\")；请给整个字段加引号，并把其中的引号写两遍".into(),
                (CsvProblem::TextAfterQuote, true) => "text after the closing quote of a quoted field".into(),
                (CsvProblem::TextAfterQuote, false) => "引号字段的结束引号后还有文字".into(),
                (CsvProblem::UnterminatedQuote, true) => "the file ends inside a quoted field (a quote is never closed)".into(),
                (CsvProblem::UnterminatedQuote, false) => "文件在引号字段内结束（有引号未闭合）".into(),
                (CsvProblem::TooLong, true) => format!("record longer than {} KiB, skipped to the next line break (probably an unclosed quote)", MAX_RECORD_BYTES / 1024),
                (CsvProblem::TooLong, false) => format!("该行超过 {} KiB，已跳到下一个换行（可能有未闭合的引号）", MAX_RECORD_BYTES / 1024),
                (CsvProblem::TooManyFields, true) => format!("more than {MAX_FIELDS} fields"),
                (CsvProblem::TooManyFields, false) => format!("字段超过 {MAX_FIELDS} 个"),
            },
            Problem::FieldCount { found, expected, split: Some(n) } if en && found > expected => format!(
                "{found} fields where the header has {expected}: a comma inside a value splits it, probably {n} here; write the number without the thousands comma, or put it in quotes (\"{n}\")"
            ),
            Problem::FieldCount { found, expected, split: Some(n) } if found > expected => format!(
                "有 {found} 个字段，表头只有 {expected} 个：值中的逗号会把它拆成两格，这里可能是 {n}；请去掉千位分隔逗号，或给该值加引号（\"{n}\"）"
            ),
            Problem::FieldCount { found, expected, .. } if en && found > expected => format!(
                "{found} fields where the header has {expected}: a comma inside a value splits it; put such values in quotes"
            ),
            Problem::FieldCount { found, expected, .. } if found > expected => {
                format!("有 {found} 个字段，表头只有 {expected} 个：值中的逗号会把它拆成两格；请给这样的值加引号")
            }
            Problem::FieldCount { found, expected, .. } if en => format!("{found} fields where the header has {expected}: some cells are missing"),
            Problem::FieldCount { found, expected, .. } => format!("有 {found} 个字段，表头有 {expected} 个：缺少单元格"),
            Problem::NotBool if en => "expected true or false (also yes/no, 1/0, 是/否)".into(),
            Problem::NotBool => "应为“是”或“否”（也可填 true/false、1/0）".into(),
            Problem::NotNumber if en => "not a number (write digits and a decimal point, such as 1200.50; 1,200.00 and 1200元 are read too)".into(),
            Problem::NotNumber => "不是数字（请写数字和小数点，如 1200.50；也可写 1,200.00 或 1200元）".into(),
            Problem::ScaledNumber if en => "a number with 万 or 千 in it: write the whole number of yuan (12000, not 1.2万)".into(),
            Problem::ScaledNumber => "数字中含“万”或“千”：请写出完整金额（12000，而不是 1.2万）".into(),
            Problem::NotWhole if en => "expected a whole number".into(),
            Problem::NotWhole => "应为整数".into(),
            Problem::TooManyDecimals if en => "at most two decimal places (fen)".into(),
            Problem::TooManyDecimals => "最多两位小数（到分）".into(),
            Problem::BelowMin(min) if en => format!("must be at least {min}"),
            Problem::BelowMin(min) => format!("不能小于 {min}"),
            Problem::AboveMax(max) if en => format!("must be at most {max}"),
            Problem::AboveMax(max) => format!("不能大于 {max}"),
            Problem::NotDate if en => "expected a real date YYYY-MM-DD (also YYYY/M/D) between 1900 and 2200".into(),
            Problem::NotDate => "应为有效日期 YYYY-MM-DD（也可写 YYYY/M/D），1900–2200 年".into(),
            Problem::SerialDate { date: Some(d) } if en => format!(
                "a number, not a date: as an Excel date number it would be {d}, but that depends on the workbook's date system; write {d} or format the cell as a date"
            ),
            Problem::SerialDate { date: Some(d) } => format!("是数字而不是日期：作为 Excel 日期序号是 {d}，但这取决于工作簿的日期系统；请写 {d}，或把单元格设为日期格式"),
            Problem::SerialDate { date: None } if en => "a number, not a date: write the date as YYYY-MM-DD or format the cell as a date".into(),
            Problem::SerialDate { date: None } => "是数字而不是日期：请写成 YYYY-MM-DD，或把单元格设为日期格式".into(),
            Problem::NotEnumValue { allowed } if en => format!("expected one of {}", allowed.join(", ")),
            Problem::NotEnumValue { allowed } => format!("应为以下之一：{}", allowed.join("、")),
            Problem::UnknownRegion { known } if en => format!("unknown region (known: {})", known.join(", ")),
            Problem::UnknownRegion { known } => format!("未知地区（可选：{}）", known.join("、")),
            Problem::OtherRegion { batch } if en => format!("differs from the region chosen for the whole file, {batch}; choose \"region from the file\" to mix regions"),
            Problem::OtherRegion { batch } => format!("与整个文件选定的地区“{batch}”不同；要混合地区请选择“按文件中的地区列”"),
            Problem::NoRegion if en => "no region: fill the region column or give a region option".into(),
            Problem::NoRegion => "缺少地区：请填写地区列或指定地区选项".into(),
            Problem::NoAsOf if en => "no as-of date: fill the as_of column or give an as-of option".into(),
            Problem::NoAsOf => "缺少查询日期：请填写查询日期列或指定日期选项".into(),
            Problem::Contradicts { relation, other_column, other_name, other_value, message } => {
                // The other column by its header as the user wrote it (its
                // number only when the header cell is empty).
                let other = match (other_name.trim().is_empty(), en) {
                    (false, true) => format!("the column “{other_name}”"),
                    (false, false) => format!("“{other_name}”列"),
                    (true, true) => format!("column {}", one_based(*other_column)),
                    (true, false) => format!("第 {} 列", one_based(*other_column)),
                };
                let why = message.get(lang);
                match (relation, en) {
                    (Relation::AtMost, true) => format!("must be at most {other} (value “{other_value}”): {why}"),
                    (Relation::NotBefore, true) => format!("must not be before {other} (value “{other_value}”): {why}"),
                    (Relation::AtMost, false) => format!("不能大于{other}（值“{other_value}”）：{why}"),
                    (Relation::NotBefore, false) => format!("不能早于{other}（值“{other_value}”）：{why}"),
                }
            }
        }
    }
}

/// The first vocabulary constraint a row's cells break (both facts given):
/// the error sits at the constrained fact's column and names the other's.
fn contradiction(vocab: &Vocabulary, header: &Header, record: &Record, facts: &Facts) -> Option<RowError> {
    let column = |fact| header.fact_cols.iter().find(|(_, id)| *id == fact).map(|(col, _)| *col);
    vocab.constraints.iter().find(|c| c.broken_by(facts).is_some()).and_then(|c| {
        let (col, other) = (column(c.fact)?, column(c.other)?);
        let cell = |col| record.get(col).map(short);
        Some(RowError {
            line: record.line,
            column: Some(col),
            column_name: header.names.get(col).cloned(),
            value: cell(col),
            problem: Problem::Contradicts {
                relation: c.relation,
                other_column: other,
                other_name: header.names.get(other).cloned().unwrap_or_default(),
                other_value: cell(other).unwrap_or_default(),
                message: Box::new(c.message.clone()),
            },
        })
    })
}

/// One bad cell or row, with the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    /// 0-based column index, when one cell is at fault.
    pub column: Option<usize>,
    /// The column's header text.
    pub column_name: Option<String>,
    /// The cell's text (shortened to 40 characters).
    pub value: Option<String>,
    pub problem: Problem,
}

impl RowError {
    /// "Row 4, column “单位…”, value “1200元”: …" where the row is numbered as
    /// the spreadsheet numbers it (the header is row 1) and the column is
    /// named by its header as the user wrote it.
    pub fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let mut s = if en { format!("row {}", self.line) } else { format!("第 {} 行", self.line) };
        if let Some(c) = self.column {
            match self.column_name.as_deref().filter(|n| !n.trim().is_empty()) {
                Some(name) if en => {
                    let _ = write!(s, ", column “{name}”");
                }
                Some(name) => {
                    let _ = write!(s, "“{name}”列");
                }
                None if en => {
                    let _ = write!(s, ", column {}", one_based(c));
                }
                None => {
                    let _ = write!(s, "第 {} 列", one_based(c));
                }
            }
        }
        if let Some(v) = &self.value {
            if en {
                let _ = write!(s, ", value “{v}”");
            } else {
                let _ = write!(s, "，值“{v}”");
            }
        }
        let _ = write!(s, "{}{}", if en { ": " } else { "：" }, self.problem.text(lang));
        s
    }
}

/// A problem with the file as a whole: nothing is computed, nothing written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchError {
    /// No bytes, or only blank lines.
    Empty,
    /// A header and no data row.
    HeaderOnly,
    /// The header row itself is malformed.
    BadHeader { line: u64, problem: CsvProblem },
    /// No column names a fact; `separator` is set when the header looks
    /// separated by `;` or tabs.
    NoFactColumns { separator: Option<char> },
    /// Two columns give the same fact (or both give region / as-of).
    DuplicateColumn { first: usize, second: usize, first_name: String, second_name: String, target: String },
    /// An unknown column that looks like a misspelt fact id.
    MisspeltColumn { column: usize, name: String, suggestion: String },
    /// No region option and no region column.
    NoRegion,
    /// No as-of option and no as_of column.
    NoAsOf,
    UnknownRegion { region: String, known: Vec<String> },
    /// A template asked for a role that does not exist.
    UnknownRole { role: String, known: Vec<String> },
    /// Not UTF-8 or GB18030 (raised by the decoding edge).
    Encoding { message: String },
    /// Over the size the edge accepts (raised by the browser edge).
    TooLarge { bytes: u64, limit: u64 },
    /// A workbook that cannot be read or written (message from the reader
    /// or the writer, or a sheet that is not there).
    Workbook { message: String },
}

impl BatchError {
    pub fn code(&self) -> &'static str {
        match self {
            BatchError::Empty => "empty_file",
            BatchError::HeaderOnly => "header_only",
            BatchError::BadHeader { .. } => "bad_header",
            BatchError::NoFactColumns { .. } => "no_fact_columns",
            BatchError::DuplicateColumn { .. } => "duplicate_column",
            BatchError::MisspeltColumn { .. } => "misspelt_column",
            BatchError::NoRegion => "no_region",
            BatchError::NoAsOf => "no_as_of",
            BatchError::UnknownRegion { .. } => "unknown_region",
            BatchError::UnknownRole { .. } => "unknown_role",
            BatchError::Encoding { .. } => "encoding",
            BatchError::TooLarge { .. } => "too_large",
            BatchError::Workbook { .. } => "workbook",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            BatchError::Empty if en => "the file is empty: expected a header row naming facts, then one row per case (download the template)".into(),
            BatchError::Empty => "文件为空：第一行应为列名（事实名称），之后每行一个案例（可下载模板）".into(),
            BatchError::HeaderOnly if en => "the file has a header row but no data rows".into(),
            BatchError::HeaderOnly => "文件只有表头，没有数据行".into(),
            BatchError::BadHeader { line, problem } if en => format!("header (line {line}): {}", Problem::Csv(*problem).text(lang)),
            BatchError::BadHeader { line, problem } => format!("表头（第 {line} 行）：{}", Problem::Csv(*problem).text(lang)),
            BatchError::NoFactColumns { separator } => {
                let hint = match (separator, en) {
                    (Some(c), true) => format!(" The header looks separated by {}: save as CSV with commas.", if *c == '\t' { "tabs".to_string() } else { format!("“{c}”") }),
                    (Some(c), false) => format!("表头似乎以{}分隔：请另存为逗号分隔的 CSV。", if *c == '\t' { "制表符".to_string() } else { format!("“{c}”") }),
                    (None, _) => String::new(),
                };
                if en {
                    format!("no column of the header names a fact (ids such as “role”, “interns”, or their Chinese labels; download the template).{hint}")
                } else {
                    format!("表头中没有任何列是事实名称（如 “role”、“interns” 或其中文名称；可下载模板）。{hint}")
                }
            }
            BatchError::DuplicateColumn { first, second, first_name, second_name, target } if en => format!(
                "columns {} “{first_name}” and {} “{second_name}” both give “{target}”; keep one",
                one_based(*first),
                one_based(*second)
            ),
            BatchError::DuplicateColumn { first, second, first_name, second_name, target } => format!(
                "第 {} 列 “{first_name}” 和第 {} 列 “{second_name}” 都是 “{target}”；请只保留一列",
                one_based(*first),
                one_based(*second)
            ),
            BatchError::MisspeltColumn { column, name, suggestion } if en => format!(
                "column {} “{name}” is not a fact; did you mean “{suggestion}”? (rename it, or it would be ignored)",
                one_based(*column)
            ),
            BatchError::MisspeltColumn { column, name, suggestion } => format!(
                "第 {} 列 “{name}” 不是事实名称；是否应为 “{suggestion}”？（请改名，否则该列会被忽略）",
                one_based(*column)
            ),
            BatchError::NoRegion if en => "no region: give one (--region) or add a “region” column".into(),
            BatchError::NoRegion => "缺少地区：请指定地区（--region）或添加 “region” 列".into(),
            BatchError::NoAsOf if en => "no as-of date: give one (--as-of) or add an “as_of” column".into(),
            BatchError::NoAsOf => "缺少查询日期：请指定（--as-of）或添加 “as_of” 列".into(),
            BatchError::UnknownRegion { region, known } if en => format!("unknown region “{region}” (known: {})", known.join(", ")),
            BatchError::UnknownRegion { region, known } => format!("未知地区 “{region}”（可选：{}）", known.join("、")),
            BatchError::UnknownRole { role, known } if en => format!("unknown role “{role}” (known: {})", known.join(", ")),
            BatchError::UnknownRole { role, known } => format!("未知申请人类型“{role}”（可选：{}）", known.join("、")),
            BatchError::Encoding { message } | BatchError::Workbook { message } => message.clone(),
            BatchError::TooLarge { bytes, limit } if en => format!(
                "the file is {} MiB; up to {} MiB can be processed here (use the command line “policycalc batch” for larger files)",
                bytes / (1 << 20),
                limit / (1 << 20)
            ),
            BatchError::TooLarge { bytes, limit } => format!(
                "文件大小 {} MiB；此处最多处理 {} MiB（更大的文件请用命令行 “policycalc batch”）",
                bytes / (1 << 20),
                limit / (1 << 20)
            ),
        }
    }
}

// ===================================================================== header

/// What an input column feeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUse {
    Fact(FactId),
    Region,
    AsOf,
    /// Not a fact: copied to the output unchanged.
    PassThrough,
}

const REGION_NAMES: [&str; 4] = ["region", "地区", "地區", "Region"];
const AS_OF_NAMES: [&str; 6] = ["as_of", "as-of", "As of", "查询日期", "查詢日期", "as of"];

/// Resolves one header cell: a fact id, a fact label in any language, or
/// the region / as-of columns. Case and surrounding spaces are ignored.
pub fn resolve_column(vocab: &Vocabulary, name: &str) -> Option<ColumnUse> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    if REGION_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return Some(ColumnUse::Region);
    }
    if AS_OF_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return Some(ColumnUse::AsOf);
    }
    vocab
        .facts
        .iter()
        .position(|f| {
            f.id.eq_ignore_ascii_case(name)
                || f.label.zh_hans == name
                || f.label.get(Lang::ZhHant) == name
                || f.label.en.eq_ignore_ascii_case(name)
        })
        .map(|i| ColumnUse::Fact(i as FactId))
}

fn misspelling(vocab: &Vocabulary, name: &str) -> Option<String> {
    let candidates = vocab.facts.iter().map(|f| f.id.as_str()).chain(["region", "as_of"]);
    vocab::suggest(name, candidates).map(str::to_string)
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

/// Header mapping once the header row is read.
#[derive(Debug)]
struct Header {
    names: Vec<String>,
    region_col: Option<usize>,
    as_of_col: Option<usize>,
    fact_cols: Vec<(usize, FactId)>,
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
    by_provision: Vec<Option<usize>>,
    row_errors: Vec<RowError>,
    /// The output header and first rows as cells (unescaped), for a preview.
    preview: Vec<Vec<String>>,
    preview_limit: usize,
    reasons: ReasonCache,
    /// The last region cell read and its region (rows usually repeat it).
    last_region: Option<(String, usize)>,
    answer: answer::Answer,
    /// Regions with at least one computed row (the summary lists only them).
    seen_regions: Vec<bool>,
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
        let tallies = vec![ProvisionTally::default(); provisions.len()];
        let layouts = (0..catalog.regions.len())
            .map(|r| provisions.iter().enumerate().filter_map(|(slot, o)| Some((slot, o.in_region.get(r).copied().flatten()?))).collect())
            .collect();
        Ok(Batch {
            options,
            region,
            provisions,
            layouts,
            reader: CsvReader::new(),
            header: None,
            fatal: None,
            stats: Stats::default(),
            errors: Vec::new(),
            errors_taken: 0,
            warnings: Vec::new(),
            tallies,
            periods: Vec::new(),
            facts: None,
            by_provision: Vec::new(),
            row_errors: Vec::new(),
            preview: Vec::new(),
            preview_limit: 0,
            reasons: ReasonCache::default(),
            last_region: None,
            answer: answer::Answer::default(),
            seen_regions: vec![false; catalog.regions.len()],
        })
    }

    /// Reads a chunk of decoded text and appends the output rows completed
    /// in it (the output header and BOM come with the first). A file-level
    /// problem stops the batch: this and every later call return it.
    pub fn push(&mut self, catalog: &Catalog, chunk: &str, out: &mut String) -> Result<(), BatchError> {
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        // Records borrow the reader's buffer and rows need the rest of the
        // batch mutably: take the reader out while feeding.
        let mut reader = std::mem::take(&mut self.reader);
        reader.feed(chunk, &mut |record| self.record(catalog, record, out));
        self.reader = reader;
        self.stats.bytes = self.reader.bytes;
        match &self.fatal {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Ends the input. Fails on an empty or header-only file.
    pub fn finish(&mut self, catalog: &Catalog, out: &mut String) -> Result<(), BatchError> {
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        let mut reader = std::mem::take(&mut self.reader);
        reader.finish(&mut |record| self.record(catalog, record, out));
        self.reader = reader;
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        if self.header.is_none() {
            return Err(self.fail(BatchError::Empty));
        }
        if self.stats.rows == 0 {
            return Err(self.fail(BatchError::HeaderOnly));
        }
        Ok(())
    }

    /// One record read by another reader (a workbook's row), as if the CSV
    /// reader had produced it.
    #[cfg(feature = "xlsx")]
    fn push_record(&mut self, catalog: &Catalog, record: &Record, out: &mut String) {
        self.record(catalog, record, out);
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

    fn record(&mut self, catalog: &Catalog, record: &Record, out: &mut String) {
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
        self.row(catalog, record, out);
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

    fn row(&mut self, catalog: &Catalog, record: &Record, out: &mut String) {
        let vocab = &catalog.vocab;
        let lang = self.options.lang;
        let detailed = self.options.detailed;
        // Rows come only after the header (`record`).
        let Some(header) = self.header.as_ref() else { return };
        let width = header.names.len();
        self.row_errors.clear();
        let mut facts = self.facts.take().unwrap_or_else(|| Facts::empty(vocab));
        let cell_error = |col: usize, text: &str, problem: Problem| RowError {
            line: record.line,
            column: Some(col),
            column_name: header.names.get(col).cloned(),
            value: Some(short(text)),
            problem,
        };

        // A broken record or one with the wrong number of fields: its cells
        // cannot be trusted to sit under their headers, so only that is said.
        let mut shifted = false;
        if let Some((problem, field)) = record.problem {
            let column = (field < width).then_some(field);
            shifted = true;
            self.row_errors.push(RowError {
                line: record.line,
                column,
                column_name: column.and_then(|c| header.names.get(c).cloned()),
                value: record.get(field).map(short),
                problem: Problem::Csv(problem),
            });
        } else {
            let extra_non_empty = (width..record.len()).any(|i| !record.get(i).unwrap_or("").trim().is_empty());
            if record.len() < width || extra_non_empty {
                shifted = true;
                // The first cell holding a number split by a thousands comma
                // (`1,200` unquoted gives `1` and `200`), to point at.
                let split = (0..record.len().saturating_sub(1)).find(|&i| {
                    let (a, b) = (record.get(i).unwrap_or("").trim(), record.get(i.saturating_add(1)).unwrap_or(""));
                    !a.is_empty()
                        && a.len() <= 3
                        && a.bytes().all(|c| c.is_ascii_digit())
                        && b.len() >= 3
                        && b.bytes().take(3).all(|c| c.is_ascii_digit())
                });
                self.row_errors.push(RowError {
                    line: record.line,
                    column: None,
                    column_name: None,
                    value: None,
                    problem: Problem::FieldCount {
                        found: record.len(),
                        expected: width,
                        split: split.map(|i| {
                            format!("{},{}", record.get(i).unwrap_or("").trim(), record.get(i.saturating_add(1)).unwrap_or(""))
                        }),
                    },
                });
            }
        }

        // Every cell, the region and the date, each checked even when another
        // is bad, so one pass reports all.
        let mut region = self.region;
        let mut as_of = self.options.as_of;
        let mut region_cell_bad = false;
        let mut as_of_cell_bad = false;
        if !shifted {
            for &(col, id) in &header.fact_cols {
                let text = record.get(col).unwrap_or("");
                match parse_cell(vocab, id, text) {
                    Ok(value) => facts.set(id, value),
                    Err(problem) => self.row_errors.push(cell_error(col, text, problem)),
                }
            }
            // Two columns at odds (a cross-fact constraint): one error that
            // names both, beside any bad cells of the same row.
            if let Some(e) = contradiction(vocab, header, record, &facts) {
                self.row_errors.push(e);
            }
            if let Some(col) = header.region_col {
                let text = record.get(col).unwrap_or("").trim();
                if !text.is_empty() {
                    let found = match &self.last_region {
                        Some((cell, index)) if cell == text => Some(*index),
                        _ => {
                            let found = find_region(catalog, text);
                            if let Some(index) = found {
                                self.last_region = Some((text.to_string(), index));
                            }
                            found
                        }
                    };
                    match found {
                        Some(r) if self.region.is_some_and(|o| o != r) => {
                            region_cell_bad = true;
                            let batch = self.region.map_or_else(String::new, |o| region_name(catalog, o, lang));
                            self.row_errors.push(cell_error(col, text, Problem::OtherRegion { batch }));
                        }
                        Some(r) => region = Some(r),
                        None => {
                            region_cell_bad = true;
                            let known = catalog.regions.iter().enumerate().filter(|(_, r)| r.selectable).map(|(i, _)| region_name(catalog, i, lang)).collect();
                            self.row_errors.push(cell_error(col, text, Problem::UnknownRegion { known }));
                        }
                    }
                }
            }
            if let Some(col) = header.as_of_col {
                let text = record.get(col).unwrap_or("").trim();
                if !text.is_empty() {
                    match parse_date(text) {
                        Some(d) => as_of = Some(d),
                        None => {
                            as_of_cell_bad = true;
                            self.row_errors.push(cell_error(col, text, date_problem(text)));
                        }
                    }
                }
            }
            if region.is_none() && !region_cell_bad {
                self.row_errors.push(RowError {
                    line: record.line,
                    column: header.region_col,
                    column_name: header.region_col.and_then(|c| header.names.get(c).cloned()),
                    value: None,
                    problem: Problem::NoRegion,
                });
            }
            if as_of.is_none() && !as_of_cell_bad {
                self.row_errors.push(RowError {
                    line: record.line,
                    column: header.as_of_col,
                    column_name: header.as_of_col.and_then(|c| header.names.get(c).cloned()),
                    value: None,
                    problem: Problem::NoAsOf,
                });
            }
        }

        // Input cells, line, error: written straight into `out`.
        let row_start = out.len();
        for i in 0..width {
            if i > 0 {
                out.push(',');
            }
            write_cell(out, record.get(i).unwrap_or(""));
        }
        let _ = write!(out, ",{},", record.line);

        let region = region.and_then(|r| Some((r, catalog.regions.get(r)?)));
        match (self.row_errors.is_empty(), region, as_of) {
            (true, Some((r, region)), Some(d)) => {
                self.stats.computed = self.stats.computed.saturating_add(1);
                if let Some(seen) = self.seen_regions.get_mut(r) {
                    *seen = true;
                }
                let evaluation = engine::evaluate(vocab, region, &facts, d);
                self.answer.fill(vocab, region, &evaluation, lang);
                out.push(',');
                write_cell(out, &self.answer.can_get);
                out.push(',');
                write_cell(out, &self.answer.missing);
                out.push(',');
                write_cell(out, &self.answer.check);
                self.by_provision.clear();
                self.by_provision.resize(region.provisions.len(), None);
                for (k, o) in evaluation.outcomes.iter().enumerate() {
                    if let Some(slot) = self.by_provision.get_mut(o.provision) {
                        *slot = Some(k);
                    }
                }
                let env = EvalEnv { vocab, region, facts: &facts, as_of: d };
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
                    match o.status {
                        Status::Eligible => tally.eligible = tally.eligible.saturating_add(1),
                        Status::Ineligible => tally.ineligible = tally.ineligible.saturating_add(1),
                        Status::Undetermined => tally.undetermined = tally.undetermined.saturating_add(1),
                        Status::Conditional => tally.conditional = tally.conditional.saturating_add(1),
                    }
                    if o.counts_in_totals {
                        if let Some(m) = o.money {
                            tally.counted = tally.counted.saturating_add(1);
                            tally.min = tally.min.saturating_add(m.min.unwrap_or(Decimal::ZERO));
                            tally.max = tally.max.saturating_add(m.max);
                        }
                    }
                    if detailed {
                        out.push(',');
                        out.push_str(status_text(lang, o.status));
                        out.push(',');
                        write_amount(out, o);
                        out.push(',');
                        self.reasons.write(out, slot, r, &env, region, o, lang);
                    }
                }
                if detailed {
                    write_empty(out, self.provisions.len().saturating_sub(next));
                }
                for t in &evaluation.totals {
                    if !self.periods.iter().any(|p| p.period == t.period) {
                        self.periods.push(PeriodTotal { period: t.period, min: Decimal::ZERO, max: Decimal::ZERO, rows: 0 });
                        self.periods.sort_by_key(|p| p.period);
                    }
                    let Some(p) = self.periods.iter_mut().find(|p| p.period == t.period) else { continue };
                    p.min = p.min.saturating_add(t.min);
                    p.max = p.max.saturating_add(t.max);
                    p.rows = p.rows.saturating_add(1);
                }
            }
            _ => {
                self.stats.rejected = self.stats.rejected.saturating_add(1);
                let message: Vec<String> = self.row_errors.iter().map(|e| e.message(lang)).collect();
                write_cell(out, &message.join(if lang == Lang::En { "; " } else { "；" }));
                out.push_str(",,,");
                if detailed {
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
        }
        out.push_str("\r\n");
        if self.preview.len() <= self.preview_limit && self.preview_limit > 0 {
            // The row as written (formula cells keep their `'`).
            let mut reader = CsvReader::new();
            let preview = &mut self.preview;
            let mut sink = |rec: &Record| preview.push(rec.fields().map(str::to_string).collect());
            reader.feed(out.get(row_start..).unwrap_or_default(), &mut sink);
        }
        // Clear the answers for the next row.
        for &(_, id) in &header.fact_cols {
            facts.set(id, None);
        }
        self.facts = Some(facts);
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
    let text = text.trim();
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

// ===================================================================== cells

/// Parses one cell as the fact's type; an empty cell is "not answered".
pub fn parse_cell(vocab: &Vocabulary, id: FactId, text: &str) -> Result<Option<Value>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let def = vocab.fact(id);
    let value = match def.ty {
        FactType::Bool => Value::Bool(parse_bool(text).ok_or(Problem::NotBool)?),
        FactType::Integer | FactType::Decimal => {
            let n = vocab::parse_decimal(&number_text(text)?).ok_or(Problem::NotNumber)?;
            if def.ty == FactType::Integer && !n.fract().is_zero() {
                return Err(Problem::NotWhole);
            }
            if def.ty == FactType::Decimal && n.normalize().scale() > 2 {
                return Err(Problem::TooManyDecimals);
            }
            if let Some(min) = def.min.filter(|min| n < *min) {
                return Err(Problem::BelowMin(min));
            }
            if let Some(max) = def.max.filter(|max| n > *max) {
                return Err(Problem::AboveMax(max));
            }
            Value::Num(n.normalize())
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
    Ok(Some(value))
}

/// A number as people and spreadsheets write it, made plain: full-width
/// digits (１２００), ¥ before or 元 after (1200元), thousands commas where
/// they belong (1,200.00). Refused: 万 and 千 (they change the size), and
/// commas anywhere else (1,20 is not a number anyone can be sure of).
fn number_text(text: &str) -> Result<String, Problem> {
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
    Ok(plain)
}

/// Why a date cell was refused: a bare number is probably an Excel serial
/// day (say which date it would be), anything else is not a date.
fn date_problem(text: &str) -> Problem {
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

// ===================================================================== output texts

#[derive(Clone, Copy)]
enum Word {
    Line,
    Error,
    Status,
    Amount,
    Reason,
    Total,
    Met,
    NotMet,
    Missing,
    EligibleIf,
    JudgedBy,
    ReplacedBy,
    NotCounted,
    NoFigure,
    Cap,
    Range,
    Expired,
    Announced,
    NotYet,
    CanGet,
    StillMissing,
    NeedsChecking,
}

fn phrase(lang: Lang, w: Word) -> &'static str {
    let en = lang == Lang::En;
    let hant = lang == Lang::ZhHant;
    match w {
        Word::Line => if en { "line" } else if hant { "行號" } else { "行号" },
        Word::Error => if en { "error" } else if hant { "錯誤" } else { "错误" },
        Word::Status => if en { "status" } else if hant { "狀態" } else { "状态" },
        Word::Amount => if en { "amount" } else if hant { "金額" } else { "金额" },
        Word::Reason => if en { "reason" } else if hant { "說明" } else { "说明" },
        Word::Total => if en { "total (counted rows)" } else if hant { "合計（計入的行）" } else { "合计（计入的行）" },
        Word::Met => if en { "met: " } else { "符合：" },
        Word::NotMet => if en { "not met: " } else { "不符合：" },
        Word::Missing => if en { "missing: " } else { "缺少：" },
        Word::EligibleIf => if en { "eligible if: " } else if hant { "符合以下條件即可享受：" } else { "符合以下条件即可享受：" },
        Word::JudgedBy => if en { "decided by: " } else if hant { "認定：" } else { "认定：" },
        Word::ReplacedBy => if en { "replaced by " } else { "被替代：" },
        Word::NotCounted => if en { " (not counted in totals)" } else if hant { "（不計入合計）" } else { "（不计入合计）" },
        Word::NoFigure => if en { "no amount stated" } else if hant { "文件未寫明金額" } else { "文件未写明金额" },
        Word::Cap => if en { "the amount is a cap (up to)" } else if hant { "金額為上限（最高）" } else { "金额为上限（最高）" },
        Word::Range => if en { "the amount is a stated range (min-max)" } else if hant { "金額為文件寫明的範圍（最低-最高）" } else { "金额为文件写明的范围（最低-最高）" },
        Word::Expired => if en { "expired (not counted)" } else if hant { "已過期（不計入）" } else { "已过期（不计入）" },
        Word::Announced => if en { "announced, not yet issued (not counted)" } else if hant { "已宣布，尚未印發（不計入）" } else { "已宣布，尚未印发（不计入）" },
        Word::NotYet => if en { "not yet in force (not counted)" } else if hant { "尚未施行（不計入）" } else { "尚未施行（不计入）" },
        Word::CanGet => if en { "can get" } else if hant { "可以獲得" } else { "可以获得" },
        Word::StillMissing => if en { "still missing" } else if hant { "還缺少的資訊" } else { "还缺少的信息" },
        Word::NeedsChecking => if en { "needs checking" } else if hant { "需要核實" } else { "需要核实" },
    }
}

fn status_text(lang: Lang, status: Status) -> &'static str {
    let en = lang == Lang::En;
    match status {
        Status::Eligible => if en { "eligible" } else { "符合" },
        Status::Ineligible => if en { "ineligible" } else { "不符合" },
        Status::Undetermined => if en { "undetermined" } else { "待定" },
        Status::Conditional => if en { "conditional" } else if lang == Lang::ZhHant { "有條件符合" } else { "有条件符合" },
    }
}

fn period_word(period: Period, lang: Lang) -> &'static str {
    match (period, lang) {
        (Period::Once, Lang::En) => "once",
        (Period::PerMonth, Lang::En) => "per_month",
        (Period::PerYear, Lang::En) => "per_year",
        _ => policycalc_core::report::period_text(period, lang),
    }
}

fn summary_header(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::En => ["provision", "title", "period", "eligible", "ineligible", "undetermined", "conditional", "not_applicable", "counted", "total_min", "total_max"],
        Lang::ZhHant => ["項目編號", "項目名稱", "週期", "符合", "不符合", "待定", "有條件符合", "不適用", "計入合計", "合計下限", "合計上限"],
        Lang::ZhHans => ["项目编号", "项目名称", "周期", "符合", "不符合", "待定", "有条件符合", "不适用", "计入合计", "合计下限", "合计上限"],
    }
}

/// Column names for the provision groups: `id.status`, `id.amount_per_month`,
/// `id.reason` in English; `标题｜状态` ... in Chinese (with the id added
/// when two provisions share a title).
fn provision_columns(catalog: &Catalog, provisions: &[OutProvision], lang: Lang) -> Vec<String> {
    // Three columns per provision; saturating, as only a capacity hint.
    let mut out = Vec::with_capacity(provisions.len().saturating_mul(3));
    let title = |o: &OutProvision| provision(catalog, o).map(|p| p.title.get(lang).to_string()).unwrap_or_default();
    for o in provisions {
        let Some(p) = provision(catalog, o) else { continue };
        let period = p.amount.period;
        if lang == Lang::En {
            out.push(format!("{}.status", o.id));
            out.push(match period {
                Some(period) => format!("{}.amount_{}", o.id, period_word(period, lang)),
                None => format!("{}.amount", o.id),
            });
            out.push(format!("{}.reason", o.id));
        } else {
            let t = title(o);
            let shared = provisions.iter().filter(|q| title(q) == t).count() > 1;
            let name = if shared { format!("{t}（{}）", o.id) } else { t };
            out.push(format!("{name}｜{}", phrase(lang, Word::Status)));
            out.push(match period {
                Some(period) => format!("{name}｜{}（{}，元）", phrase(lang, Word::Amount), policycalc_core::report::period_text(period, lang)),
                None => format!("{name}｜{}", phrase(lang, Word::Amount)),
            });
            out.push(format!("{name}｜{}", phrase(lang, Word::Reason)));
        }
    }
    out
}

/// The amount as a plain decimal (yuan, two places): the figure for exact
/// amounts, the cap for "up to", `min-max` for a range. Empty when not
/// eligible or when the document states no figure.
fn write_amount(out: &mut String, o: &Outcome) {
    if let (Status::Eligible, Some(m)) = (o.status, o.money) {
        let _ = match (m.kind, m.min) {
            (MoneyKind::Range, Some(min)) if min != m.max => write!(out, "{min}-{}", m.max),
            _ => write!(out, "{}", m.max),
        };
    }
}

/// Reason texts are the same for every row with the same outcome shape, so
/// they are built once per (provision, status, conditions that held, facts
/// missing, supersession, validity) and reused. At most this many are kept.
const MAX_CACHED_REASONS: usize = 4096;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ReasonKey {
    slot: usize,
    region: usize,
    status: u8,
    /// Bit i: atom i of the condition has the wanted truth value.
    atoms: u64,
    missing: policycalc_core::expr::FactSet,
    superseded_by: Option<usize>,
    validity: u8,
    /// 0 no money, else 1 + `MoneyKind`.
    money: u8,
}

#[derive(Default, Debug)]
struct ReasonCache {
    texts: std::collections::HashMap<ReasonKey, Box<str>, std::hash::BuildHasherDefault<FxHasher>>,
}

/// A multiply-rotate hasher (as in rustc's FxHash): the keys are our own
/// small integers, so no protection against chosen collisions is needed.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word.iter_mut().zip(chunk).for_each(|(w, b)| *w = *b);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl std::fmt::Debug for ReasonKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReasonKey({}, {})", self.slot, self.status)
    }
}

impl ReasonCache {
    #[allow(clippy::too_many_arguments)]
    fn write(&mut self, out: &mut String, slot: usize, region_index: usize, env: &EvalEnv, region: &Region, o: &Outcome, lang: Lang) {
        if o.error.is_some() {
            write_cell(out, &reason(env, region, o, lang));
            return;
        }
        let Some(p) = region.provisions.get(o.provision) else { return };
        let atoms = match (o.status, &p.when) {
            (Status::Undetermined | Status::Conditional, _) | (_, None) => 0,
            // Every part of a true conjunction holds: no need to look.
            (Status::Eligible, Some(when)) if conjunction_of_atoms(when) => u64::MAX,
            (status, Some(when)) => {
                let (mut mask, mut i) = (0u64, 0u32);
                atom_mask(when, env, status == Status::Eligible, &mut mask, &mut i);
                mask
            }
        };
        let key = ReasonKey {
            slot,
            region: region_index,
            status: o.status as u8,
            atoms,
            missing: if matches!(o.status, Status::Undetermined | Status::Conditional) { o.missing } else { Default::default() },
            superseded_by: o.superseded_by,
            validity: o.validity as u8,
            // 0 for no money, then one value per kind (three kinds).
            money: o.money.map_or(0, |m| (m.kind as u8).saturating_add(1)),
        };
        if let Some(text) = self.texts.get(&key) {
            write_cell(out, text);
            return;
        }
        let text = reason(env, region, o, lang);
        write_cell(out, &text);
        if self.texts.len() < MAX_CACHED_REASONS {
            self.texts.insert(key, text.into_boxed_str());
        }
    }
}

fn conjunction_of_atoms(e: &Expr) -> bool {
    match e {
        Expr::And(parts) => parts.iter().all(|p| !matches!(p, Expr::And(_) | Expr::Or(_))),
        Expr::Or(_) => false,
        _ => true,
    }
}

/// Sets bit i when atom i (in `print::atoms` order) evaluates to `want`.
fn atom_mask(e: &Expr, env: &EvalEnv, want: bool, mask: &mut u64, i: &mut u32) {
    match e {
        Expr::And(parts) | Expr::Or(parts) => parts.iter().for_each(|p| atom_mask(p, env, want, mask, i)),
        _ => {
            if *i < 64 && e.eval(env).ok().and_then(Tri::as_bool) == Some(want) {
                *mask |= 1 << *i;
            }
            // Atoms past 64 are not cached bits; the count only needs to pass 64.
            *i = i.saturating_add(1);
        }
    }
}

/// A short reason: the conditions met (eligible) or failed (ineligible), the
/// facts still missing (undetermined), plus supersession and validity.
fn reason(env: &EvalEnv, region: &Region, o: &Outcome, lang: Lang) -> String {
    let vocab = env.vocab;
    let Some(p) = region.provisions.get(o.provision) else { return String::new() };
    let sep = if lang == Lang::En { "; " } else { "；" };
    let mut text = String::new();
    if let Some(e) = &o.error {
        return format!("{}{e}", if lang == Lang::En { "error: " } else { "计算错误：" });
    }
    match o.status {
        Status::Undetermined => {
            text.push_str(phrase(lang, Word::Missing));
            let names: Vec<&str> = o
                .missing
                .iter()
                .map(|f| if lang == Lang::En { vocab.fact(f).id.as_str() } else { vocab.fact(f).label.get(lang) })
                .collect();
            text.push_str(&names.join(if lang == Lang::En { ", " } else { "、" }));
            return text;
        }
        Status::Conditional => {
            // The condition in words and who decides it: the row is not
            // "eligible" until that body has decided.
            text.push_str(phrase(lang, Word::EligibleIf));
            let conditions: Vec<String> = o
                .missing
                .iter()
                .map(|f| {
                    let def = vocab.fact(f);
                    let judge = def.judged_by.as_ref().map_or("", |j| j.get(lang));
                    let (open, close) = if lang == Lang::En { (" (", ")") } else { ("（", "）") };
                    format!("{}{open}{}{judge}{close}", def.label.get(lang), phrase(lang, Word::JudgedBy))
                })
                .collect();
            text.push_str(&conditions.join(sep));
            return text;
        }
        Status::Eligible | Status::Ineligible => {
            let want = o.status == Status::Eligible;
            let atoms = p.when.as_ref().map(print::atoms).unwrap_or_default();
            let chosen: Vec<String> = atoms
                .into_iter()
                .filter(|a| a.eval(env).ok().and_then(Tri::as_bool) == Some(want))
                .map(|a| atom_text(a, vocab, region, lang))
                .collect();
            if !chosen.is_empty() {
                text.push_str(phrase(lang, if want { Word::Met } else { Word::NotMet }));
                text.push_str(&chosen.join(sep));
            }
        }
    }
    if o.status == Status::Eligible {
        let mut extra: Vec<String> = Vec::new();
        match o.money.map(|m| m.kind) {
            None => extra.push(phrase(lang, Word::NoFigure).into()),
            Some(MoneyKind::UpTo) => extra.push(phrase(lang, Word::Cap).into()),
            Some(MoneyKind::Range) => extra.push(phrase(lang, Word::Range).into()),
            Some(MoneyKind::Exact) => {}
        }
        if let Some(by) = o.superseded_by {
            extra.push(format!("{}{}{}", phrase(lang, Word::ReplacedBy), region.provisions.get(by).map_or("", |b| b.id.as_str()), phrase(lang, Word::NotCounted)));
        }
        match o.validity {
            ValidityStatus::InForce => {}
            ValidityStatus::Expired => extra.push(phrase(lang, Word::Expired).into()),
            ValidityStatus::Announced => extra.push(phrase(lang, Word::Announced).into()),
            ValidityStatus::NotYetInForce => extra.push(phrase(lang, Word::NotYet).into()),
        }
        for e in extra {
            if !text.is_empty() {
                text.push_str(sep);
            }
            text.push_str(&e);
        }
    }
    text
}

/// A condition as a reader of the output sees it: fact ids in English (the
/// column names), labels in Chinese.
fn atom_text(e: &Expr, vocab: &Vocabulary, region: &Region, lang: Lang) -> String {
    print::print(e, &Columns { vocab, region, lang })
}

/// The batch's style: pack syntax with fact ids (English) or labels.
struct Columns<'a> {
    vocab: &'a Vocabulary,
    region: &'a Region,
    lang: Lang,
}

impl print::Style for Columns<'_> {
    fn name(&self, e: &Expr) -> String {
        let (en, vocab, lang) = (self.lang == Lang::En, self.vocab, self.lang);
        match e {
            Expr::Fact(id) => if en { vocab.fact(*id).id.clone() } else { vocab.fact(*id).label.get(lang).to_string() },
            Expr::Derived(id) => {
                let Some(d) = vocab.derived.get(usize::from(*id)) else { return "?".into() };
                if en { d.id.clone() } else { d.label.get(lang).to_string() }
            }
            Expr::Param(id) => {
                let Some(p) = self.region.parameters.get(usize::from(*id)) else { return "?".into() };
                if en { p.id.clone() } else { p.label.get(lang).to_string() }
            }
            _ => if en { "as_of".into() } else { "查询日期".into() },
        }
    }
    fn literal(&self, fact: Option<FactId>, v: Value) -> String {
        let (en, lang) = (self.lang == Lang::En, self.lang);
        match (v, fact) {
            (Value::Sym(i), Some(f)) => self
                .vocab
                .fact(f)
                .values
                .get(usize::from(i))
                .map_or_else(|| i.to_string(), |val| if en { format!("'{}'", val.id) } else { val.label.get(lang).to_string() }),
            (Value::Bool(b), _) => if en { b.to_string() } else if b { "是".into() } else { "否".into() },
            (Value::Num(n), _) => n.normalize().to_string(),
            (Value::Date(d), _) => d.to_string(),
            (Value::Sym(i), None) => i.to_string(),
        }
    }
    fn not(&self) -> String {
        if self.lang == Lang::En { "not " } else { "非" }.into()
    }
    fn junction(&self, and: bool) -> (String, bool) {
        let word = match (and, self.lang == Lang::En) {
            (true, true) => " and ",
            (false, true) => " or ",
            (true, false) => "且",
            (false, false) => "或",
        };
        (word.into(), true)
    }
    fn one_of(&self, subject: String, options: &[String]) -> String {
        if self.lang == Lang::En {
            format!("{subject} in [{}]", options.join(", "))
        } else {
            format!("{subject}属于{}", options.join("、"))
        }
    }
}

// ===================================================================== texts

/// Fills the texts batch output uses (fact, value, derived and parameter
/// labels, region names, provision titles) that `into` lacks from `from`,
/// matching by id. The browser loads a one-language catalog; adding the
/// others' texts lets it read a header in any language and write any.
pub fn merge_texts(into: &mut Catalog, from: &Catalog) {
    fn fill(a: &mut policycalc_core::lang::Text, b: &policycalc_core::lang::Text) {
        for (x, y) in [(&mut a.zh_hans, &b.zh_hans), (&mut a.zh_hant, &b.zh_hant), (&mut a.en, &b.en)] {
            if x.is_empty() {
                x.clone_from(y);
            }
        }
    }
    for f in &mut into.vocab.facts {
        if let Some(g) = from.vocab.facts.iter().find(|g| g.id == f.id) {
            fill(&mut f.label, &g.label);
            for v in &mut f.values {
                if let Some(w) = g.values.iter().find(|w| w.id == v.id) {
                    fill(&mut v.label, &w.label);
                }
            }
        }
    }
    for d in &mut into.vocab.derived {
        if let Some(e) = from.vocab.derived.iter().find(|e| e.id == d.id) {
            fill(&mut d.label, &e.label);
        }
    }
    for r in &mut into.regions {
        let Some(s) = from.regions.iter().find(|s| s.id == r.id) else { continue };
        fill(&mut r.name, &s.name);
        for p in &mut r.parameters {
            if let Some(q) = s.parameters.iter().find(|q| q.id == p.id) {
                fill(&mut p.label, &q.label);
            }
        }
        for p in &mut r.provisions {
            if let Some(q) = s.provisions.iter().find(|q| q.id == p.id) {
                fill(&mut p.title, &q.title);
            }
        }
    }
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
