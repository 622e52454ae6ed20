//! The RFC 4180 reader that streams over chunks, and the writer of cells and rows.

use super::*;

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
pub(crate) enum State {
    /// At the start of a field (after a comma or a line break).
    FieldStart,
    Unquoted,
    Quoted,
    /// Just read a `"` inside a quoted field: a doubled quote or the end.
    QuoteInQuoted,
    /// Skipping an overlong record up to the next line break.
    Skipping,
}

/// Bytes that end a field: a cell holding one is quoted when written.
// Evaluated at compile time: an index out of range would fail the build.
#[allow(clippy::indexing_slicing)]
pub(crate) static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t
};

/// Bytes that end a run of unquoted fields and their commas.
#[allow(clippy::indexing_slicing)]
static RUN_END: [bool; 256] = {
    let mut t = SPECIAL;
    t[b',' as usize] = false;
    t
};

/// One record as the reader hands it over; fields borrow the reader's buffer.
pub struct Record<'a> {
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    /// Physical line where it ends (differs with newlines inside quotes).
    pub last_line: u64,
    /// The fields' text, each after a `,` but the first (so a record
    /// without quotes is its line as read), and where each field ends.
    pub(crate) buf: &'a str,
    pub(crate) ends: &'a [usize],
    /// No `"` was read in the record: its fields hold no comma, quote or
    /// line break, and `buf` is the line as read.
    pub(crate) plain: bool,
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
            // After the comma that ends the field before.
            Some(before) => self.ends.get(before)?.checked_add(1)?,
            None => 0,
        };
        self.buf.get(start..end)
    }
    pub fn fields(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(move |i| self.get(i).unwrap_or(""))
    }
    /// A blank line, or a row of empty cells (Excel writes `,,,` for them).
    pub fn is_blank(&self) -> bool {
        // Only the commas between the fields: n - 1 bytes for n fields.
        self.buf.len() < self.ends.len().max(1) && self.problem.is_none()
    }

    /// Whether any field starts as a formula would (see [`write_cell`]).
    fn has_formula(&self) -> bool {
        let bytes = self.buf.as_bytes();
        formula(bytes.first()) || self.ends.iter().any(|&end| formula(bytes.get(end.saturating_add(1))))
    }
}

/// Streaming RFC 4180 reader: feed chunks, get complete records.
#[derive(Debug)]
pub struct CsvReader {
    pub(crate) state: State,
    pub(crate) buf: String,
    pub(crate) ends: Vec<usize>,
    pub(crate) line: u64,
    pub(crate) record_line: u64,
    pub(crate) problem: Option<(CsvProblem, usize)>,
    /// No `"` read in the current record (see [`Record::plain`]).
    pub(crate) plain: bool,
    /// The previous chunk ended a record on `\r`: a following `\n` belongs to it.
    pub(crate) after_cr: bool,
    /// The first character has been seen: a byte-order mark is dropped only
    /// there, however the text is chunked.
    pub(crate) bom_checked: bool,
    pub(crate) started: bool,
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
            plain: true,
            after_cr: false,
            bom_checked: false,
            started: false,
            bytes: 0,
        }
    }


    pub(crate) fn flag(&mut self, problem: CsvProblem) {
        if self.problem.is_none() {
            self.problem = Some((problem, self.ends.len()));
        }
    }

    /// The field ending at `at` in `buf`.
    fn end_field_at(&mut self, at: usize) {
        if self.ends.len() >= MAX_FIELDS {
            self.flag(CsvProblem::TooManyFields);
            return;
        }
        self.ends.push(at);
    }

    /// A comma outside quotes: the field ends, the comma goes into `buf`.
    fn end_field(&mut self) {
        self.end_field_at(self.buf.len());
        self.push_text(",");
        if self.state != State::Skipping {
            self.state = State::FieldStart;
        }
    }

    pub(crate) fn emit(&mut self, sink: &mut dyn FnMut(&Record)) {
        self.end_field_at(self.buf.len());
        let record = Record {
            line: self.record_line,
            last_line: self.line,
            buf: &self.buf,
            ends: &self.ends,
            plain: self.plain,
            problem: self.problem,
        };
        sink(&record);
        self.buf.clear();
        self.ends.clear();
        self.problem = None;
        self.plain = true;
        self.state = State::FieldStart;
    }

    pub(crate) fn push_text(&mut self, text: &str) {
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
                    // The run of unquoted fields and their commas, ended
                    // by a quote or a line break: the commas found in the
                    // same pass, the text copied at once (most records are
                    // one run).
                    let start = self.buf.len();
                    let room = MAX_RECORD_BYTES.saturating_sub(start);
                    let ends_before = self.ends.len();
                    // (Scanned only as far as the record may reach: an
                    // endless line cannot grow `ends`, and every comma
                    // found is in the part that fits.)
                    let mut run = None;
                    for (i, c) in rest.bytes().take(room).enumerate() {
                        if c == b',' {
                            self.ends.push(start.saturating_add(i));
                        } else if RUN_END.get(usize::from(c)) == Some(&true) {
                            run = Some(i);
                            break;
                        }
                    }
                    let run = run.unwrap_or_else(|| rest.bytes().position(|c| RUN_END.get(usize::from(c)) == Some(&true)).unwrap_or(rest.len()));
                    if run > 0 {
                        let (part, after) = split(rest, run);
                        // A run longer than the record may be: the fields
                        // that fit end first (so the problem names the
                        // field that overflows), then the rest is flagged.
                        let fits = if part.len() > room {
                            part.as_bytes().get(..room).and_then(|head| head.iter().rposition(|c| *c == b',')).map_or(0, |i| i.saturating_add(1))
                        } else {
                            part.len()
                        };
                        // Fields past MAX_FIELDS: ended again one comma at
                        // a time, which flags them.
                        let again = self.ends.len() > MAX_FIELDS;
                        if again {
                            self.ends.truncate(ends_before);
                        }
                        let (head, over) = split(part, fits);
                        self.push_text(head);
                        if again {
                            for (i, _) in head.bytes().enumerate().filter(|(_, c)| *c == b',') {
                                self.end_field_at(start.saturating_add(i));
                            }
                        }
                        self.push_text(over);
                        if self.state != State::Skipping {
                            self.state = if part.ends_with(',') { State::FieldStart } else { State::Unquoted };
                        }
                        rest = after;
                        continue;
                    }
                    // An empty run: `b` is a quote or a line break.
                    match b {
                        b'"' if self.state == State::FieldStart => {
                            self.plain = false;
                            self.state = State::Quoted;
                        }
                        b'"' => {
                            self.plain = false;
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
    pub(crate) fn end_line(&mut self, b: u8, sink: &mut dyn FnMut(&Record)) {
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

/// Whether a cell starting with `first` reads as a formula in a spreadsheet.
fn formula(first: Option<&u8>) -> bool {
    matches!(first, Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

/// Appends one CSV cell: formula-like text gets a leading `'`, and the cell
/// is quoted when it holds a comma, a quote or a line break.
pub fn write_cell(out: &mut String, value: &str) {
    let formula = formula(value.as_bytes().first());
    // The bytes that need quotes are those that end a field: one table
    // look-up each; quotes inside are doubled (most quoted cells hold
    // commas only, and are copied at once).
    let bytes = value.as_bytes();
    let special = bytes.iter().position(|b| SPECIAL.get(usize::from(*b)) == Some(&true));
    let quote = special.is_some();
    let doubled = special.and_then(|at| bytes.get(at..)).is_some_and(|rest| rest.contains(&b'"'));
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if doubled {
        for (i, part) in value.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
    } else {
        out.push_str(value);
    }
    if quote {
        out.push('"');
    }
}

/// Appends the record's first `width` fields as cells (empty ones for
/// those it lacks): a plain record of that width whose fields are written
/// as they are is its line as read, copied at once.
pub(crate) fn write_record(out: &mut String, record: &Record, width: usize) {
    if record.plain && record.len() == width && !record.has_formula() {
        out.push_str(record.buf);
        return;
    }
    for i in 0..width {
        if i > 0 {
            out.push(',');
        }
        write_cell(out, record.get(i).unwrap_or(""));
    }
}

/// Appends a count in decimal digits (no formatting machinery: one per row).
pub(crate) fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at = at.saturating_sub(1);
        if let Some(d) = digits.get_mut(at) {
            // n % 10 < 10: the cast cannot truncate.
            *d = b'0'.saturating_add((n % 10) as u8);
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    out.push_str(digits.get(at..).and_then(|d| std::str::from_utf8(d).ok()).unwrap_or_default());
}

/// Appends the empty status, amount and reason cells of `n` provisions.
pub(crate) fn write_empty(out: &mut String, mut n: usize) {
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
