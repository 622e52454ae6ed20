//! `policycalc batch` and `policycalc template`: the native edge of
//! `src/batch/`. Reads the file in chunks (memory stays bounded whatever
//! its size), decodes UTF-8 (with or without BOM) or GB18030/GBK with
//! `encoding_rs`, writes UTF-8 with BOM. The output file appears only when
//! the batch as a whole could be read: it is written beside the target and
//! renamed at the end, so a file-level error leaves nothing half-written.
//!
//! Excel: an input named .xlsx/.xls/.xlsb/.ods (or whose bytes are a
//! workbook) is read with `batch::xlsx::Workbook` (first sheet, or
//! `--sheet`); an output named .xlsx is written as a workbook (results,
//! summary and errors sheets). Any mix of CSV and Excel works.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};
use policycalc_batch::xlsx::{self, Workbook, XlsxOutput};
use policycalc_batch::{self as batch, Batch, BatchError, BatchOptions, Part, Rows};
use policycalc_core::error::OneLineText;
use policycalc_core::{Catalog, Date, Lang};
use crate::args::{Failure, Parsed};
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

const CHUNK: usize = 256 * 1024;
/// Progress is redrawn after this many more bytes.
const PROGRESS_STEP: u64 = 4 * CHUNK as u64;
/// How much of the start is checked to tell UTF-8 from GB18030.
const SNIFF: usize = 64 * 1024;
/// Row errors printed on stderr; all of them are in the output's error column.
const PRINTED_ERRORS: usize = 20;

/// Rows fed from a workbook between progress redraws.
const WORKBOOK_SLICE: usize = 4096;
/// Rows handed to a worker at once (a read chunk holds a few thousand):
/// enough to make the hand-over cheap, few enough to keep every core busy.
/// 1M rows of every provision on two cores, to /dev/null, four interleaved
/// rounds: 1.01 s on average with 4096, 1.09 s with 1024 (one thread ~2 s;
/// the machine was shared, so a tendency, not a figure).
const ROWS_PER_TASK: usize = 4096;
/// Tasks in flight per thread: memory stays bounded by this many chunks of
/// rows and their output, whatever the file's size.
const TASKS_PER_THREAD: usize = 2;

/// .xlsx and the other workbook formats the reader knows, by file name.
fn is_workbook_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"].iter().any(|e| lower.ends_with(e))
}

pub(crate) fn lang(a: &Parsed) -> Result<Lang, Failure> {
    match a.get("lang") {
        None => Ok(Lang::ZhHans),
        Some(code) => {
            Lang::parse(code).ok_or_else(|| Failure::Input(format!("--lang: unknown language `{code}` (use zh-Hans, zh-Hant or en)")))
        }
    }
}

/// `--as-of`, or else today (the clock is read only when no `--as-of` is given).
pub(crate) fn date(a: &Parsed) -> Result<Date, Failure> {
    match a.get("as-of") {
        None => crate::today(),
        Some(text) => batch::parse_date(text)
            .ok_or_else(|| Failure::Input(format!("--as-of: `{text}` is not a real date YYYY-MM-DD between 1900 and 2200"))),
    }
}

/// `policycalc template [--lang L] [--region R] [--role ROLE] [--as-of D] [-o FILE] [--values VALUES.csv]`
/// A file named .xlsx gets the workbook (instructions sheet, drop-downs);
/// a CSV template's allowed values go to `--values` when given.
pub(crate) fn template(catalog: &Catalog, a: &Parsed) -> Result<(), Failure> {
    let lang = lang(a)?;
    let as_of = date(a)?;
    let spec = batch::template::Spec { lang, region: a.get("region"), role: a.get("role"), as_of };
    let input = |e: BatchError| Failure::Input(e.message(Lang::En));
    if let Some(path) = a.get("output").filter(|p| is_workbook_name(p)) {
        let bytes = xlsx::template_xlsx(catalog, &spec).map_err(input)?;
        return std::fs::write(path, bytes).map_err(|e| Failure::Input(format!("{path}: {e}")));
    }
    let template = batch::template::build(catalog, &spec).map_err(input)?;
    if let Some(path) = a.get("values") {
        std::fs::write(path, template.values_csv()).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    }
    let text = template.csv();
    match a.get("output") {
        Some(path) => std::fs::write(path, text).map_err(|e| Failure::Input(format!("{path}: {e}"))),
        None => std::io::stdout().write_all(text.as_bytes()).map_err(|e| Failure::Internal(format!("standard output: {e}"))),
    }
}

/// `policycalc batch --region R --as-of D IN.csv|IN.xlsx [-o OUT.csv|OUT.xlsx] [--summary S.csv] [--lang L] [--sheet NAME] [--detailed]`
pub(crate) fn batch(catalog: &Catalog, a: &Parsed) -> Result<(), Failure> {
    let lang = lang(a)?;
    let as_of = date(a)?;
    let threads = match a.get("threads") {
        Some(text) => text.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| Failure::Input(format!("--threads: `{text}` is not a whole number of threads (1 or more)")))?,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let options = BatchOptions { region: a.get("region").map(str::to_string), as_of: Some(as_of), lang, detailed: a.flag("detailed") };
    let mut job = Batch::new(catalog, options).map_err(|e| Failure::Input(e.message(Lang::En)))?;

    let input_name = a.operand().unwrap_or("-").to_string();
    let (mut reader, size): (Box<dyn Read>, Option<u64>) = if input_name == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file = std::fs::File::open(&input_name).map_err(|e| Failure::Input(format!("{input_name}: {e}")))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };

    let output = a.get("output");
    let workbook_out = output.is_some_and(is_workbook_name);
    if workbook_out && !output.is_some_and(|p| p.to_ascii_lowercase().ends_with(".xlsx")) {
        return Err(Failure::Input("batch: a workbook output is written as .xlsx; name the output OUT.xlsx (or .csv)".into()));
    }
    // The output goes to a temporary file renamed at the end.
    let (sink, temp): (Box<dyn Write>, Option<(PathBuf, PathBuf)>) = match output {
        Some(path) => {
            let target = PathBuf::from(path);
            let temp = temp_path(&target);
            let file = std::fs::File::create(&temp).map_err(|e| Failure::Input(format!("{}: {e}", temp.display())))?;
            (Box::new(BufWriter::with_capacity(CHUNK, file)), Some((temp, target)))
        }
        None => (Box::new(BufWriter::with_capacity(CHUNK, std::io::stdout().lock())), None),
    };
    let cleanup = |temp: &Option<(PathBuf, PathBuf)>| {
        if let Some((t, _)) = temp {
            let _ = std::fs::remove_file(t);
        }
    };

    let progress = !a.flag("quiet") && std::io::stderr().is_terminal();
    let mut sink = Sink { csv: sink, xlsx: workbook_out.then(XlsxOutput::new) };
    let workbook_in = is_workbook_name(&input_name);
    let result = if workbook_in {
        run_workbook(&mut job, catalog, &mut reader, &mut sink, a.get("sheet"), lang, progress)
    } else {
        run(&mut job, catalog, &mut reader, &mut sink, a.get("encoding"), size, progress, threads)
    };
    if progress {
        eprint!("\r\x1b[2K");
    }
    let result = result.and_then(|()| match sink.xlsx.take() {
        Some(book) => {
            let bytes = book.finish(&job, catalog).map_err(|e| Failure::Input(e.message(Lang::En)))?;
            sink.csv.write_all(&bytes).map_err(|e| Failure::Internal(format!("writing the output: {e}")))
        }
        None => Ok(()),
    });
    let flushed = sink.csv.flush();
    drop(sink);
    match result {
        Ok(()) => {}
        Err(Failure::Input(m)) => {
            cleanup(&temp);
            return Err(Failure::Input(format!("{input_name}: {m} (nothing written)")));
        }
        Err(e) => {
            cleanup(&temp);
            return Err(e);
        }
    }
    if let Err(e) = flushed {
        cleanup(&temp);
        return Err(Failure::Internal(format!("writing the output: {e}")));
    }
    if let Some((t, target)) = &temp {
        std::fs::rename(t, target).map_err(|e| Failure::Internal(format!("{}: {e}", target.display())))?;
    }
    if let Some(path) = a.get("summary") {
        std::fs::write(path, job.summary_csv(catalog)).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    }
    report(&job, lang);
    let stats = job.stats();
    if stats.rejected > 0 {
        let where_ = match output {
            Some(path) => format!("the error column of {path}"),
            None => "the error column of the output".into(),
        };
        return Err(Failure::Input(format!(
            "{} of {} rows rejected; every other row was computed (see {where_})",
            stats.rejected, stats.rows
        )));
    }
    Ok(())
}

/// Where output rows go: the CSV writer, or the workbook being built (whose
/// bytes go to the writer at the end).
struct Sink {
    csv: Box<dyn Write>,
    xlsx: Option<XlsxOutput>,
}

impl Sink {
    fn emit(&mut self, job: &Batch, catalog: &Catalog, out: &str) -> Result<(), Failure> {
        match &mut self.xlsx {
            Some(book) => book.push(job, catalog, out).map_err(|e| Failure::Input(e.message(Lang::En))),
            None => self.csv.write_all(out.as_bytes()).map_err(|e| Failure::Internal(format!("writing the output: {e}"))),
        }
    }
}

/// Reads a whole workbook (its shared strings make streaming impossible),
/// then feeds its rows a slice at a time.
fn run_workbook(
    job: &mut Batch,
    catalog: &Catalog,
    reader: &mut dyn Read,
    sink: &mut Sink,
    sheet: Option<&str>,
    lang: Lang,
    progress: bool,
) -> Result<(), Failure> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| Failure::Input(format!("reading: {e}")))?;
    if !xlsx::is_workbook(&bytes) {
        return Err(Failure::Input("the file is named as a workbook but is not one (save it as .xlsx, or name a CSV file .csv)".into()));
    }
    let mut book = Workbook::open(bytes, sheet, lang).map_err(|e| Failure::Input(e.message(Lang::En)))?;
    let mut out = String::with_capacity(CHUNK * 4);
    loop {
        let more = book.push(job, catalog, WORKBOOK_SLICE, &mut out, None);
        sink.emit(job, catalog, &out)?;
        out.clear();
        if !more.map_err(|e| Failure::Input(e.message(Lang::En)))? {
            break;
        }
        if progress {
            show_progress(book.done() as u64, Some(book.rows() as u64), job.stats().rows);
        }
    }
    let finished = job.finish(catalog, &mut out);
    sink.emit(job, catalog, &out)?;
    finished.map_err(|e: BatchError| Failure::Input(e.message(Lang::En)))
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output.csv".into());
    target.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

/// Reads, decodes and feeds the whole input; writes the output as it goes.
/// With more than one thread, rows are evaluated by a [`Pool`].
#[allow(clippy::too_many_arguments)]
fn run(
    job: &mut Batch,
    catalog: &Catalog,
    reader: &mut dyn Read,
    sink: &mut Sink,
    encoding: Option<&str>,
    size: Option<u64>,
    progress: bool,
    threads: usize,
) -> Result<(), Failure> {
    let mut buf = vec![0u8; CHUNK];
    let mut first = Vec::new();
    // Fill the sniffing window first (stdin may return short reads).
    let mut eof = false;
    while first.len() < SNIFF {
        let n = read(reader, &mut buf)?;
        if n == 0 {
            eof = true;
            break;
        }
        first.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
    let encoding: &'static Encoding = match encoding.map(str::to_ascii_lowercase).as_deref() {
        None | Some("auto") => detect(&first)?,
        Some("utf-8" | "utf8") => UTF_8,
        Some("gb18030" | "gbk" | "gb2312") => GB18030,
        Some(other) => return Err(Failure::Input(format!("--encoding: `{other}` is not auto, utf-8 or gb18030"))),
    };
    std::thread::scope(|scope| {
        let mut pool = (threads > 1).then(|| Pool::new(scope, catalog, threads));
        let mut decoder = encoding.new_decoder_with_bom_removal();
        let mut text = String::with_capacity(CHUNK * 2);
        let mut out = String::with_capacity(CHUNK * 4);
        let mut consumed: u64 = 0;
        let mut last_shown = 0u64;
        let mut feed = |bytes: &[u8], last: bool, consumed: &mut u64| -> Result<u64, Failure> {
            decode(&mut decoder, encoding, bytes, last, &mut text, *consumed)?;
            // A byte count: u64 does not run out.
            *consumed = consumed.saturating_add(bytes.len() as u64);
            let fed = match &mut pool {
                Some(pool) => job.push_rows(catalog, &text, &mut out, &mut pool.current),
                None => job.push(catalog, &text, &mut out),
            };
            text.clear();
            sink.emit(job, catalog, &out)?;
            out.clear();
            fed.map_err(|e| Failure::Input(e.message(Lang::En)))?;
            if let Some(pool) = &mut pool {
                pool.dispatch(job, sink, false)?;
            }
            Ok(job.stats().rows)
        };
        feed(&first, eof, &mut consumed)?;
        drop(first);
        while !eof {
            let n = read(reader, &mut buf)?;
            eof = n == 0;
            let rows = feed(buf.get(..n).unwrap_or_default(), eof, &mut consumed)?;
            if progress && consumed.saturating_sub(last_shown) >= PROGRESS_STEP {
                last_shown = consumed;
                show_progress(consumed, size, rows);
            }
        }
        let mut out = String::new();
        let finished = match &mut pool {
            Some(pool) => {
                let finished = job.finish_rows(catalog, &mut out, &mut pool.current);
                pool.dispatch(job, sink, true)?;
                finished
            }
            None => job.finish(catalog, &mut out),
        };
        sink.emit(job, catalog, &out)?;
        finished.map_err(|e: BatchError| Failure::Input(e.message(Lang::En)))
    })
}

/// A task: its number, its rows, and the text buffer its output goes into.
type Task = (u64, Rows, String);

/// A task's result: its number, output rows, counts, and its rows' buffers
/// back for reuse.
type Done = (u64, String, Part, Rows);

/// Worker threads evaluating chunks of rows read by the main thread, whose
/// output is written and counts absorbed in input order (tasks finished
/// early wait in `pending`). At most `limit` tasks are in flight.
struct Pool<'scope, 'env> {
    scope: &'scope Scope<'scope, 'env>,
    catalog: &'env Catalog,
    threads: usize,
    limit: usize,
    /// Rows being collected for the next task.
    current: Rows,
    spare: Vec<Rows>,
    /// Output buffers written and handed back for the next task: a task's
    /// output (about 4 MB for 4,096 rows of every provision) allocated
    /// afresh each time is new pages to fault in and zero.
    spare_out: Vec<String>,
    /// Started with the first task (workers need the header).
    tasks: Option<SyncSender<Task>>,
    done_tx: Option<Sender<Done>>,
    done: Receiver<Done>,
    sent: u64,
    written: u64,
    pending: BTreeMap<u64, Done>,
}

impl<'scope, 'env> Pool<'scope, 'env> {
    fn new(scope: &'scope Scope<'scope, 'env>, catalog: &'env Catalog, threads: usize) -> Self {
        let (done_tx, done) = mpsc::channel();
        Pool {
            scope,
            catalog,
            threads,
            limit: threads.saturating_mul(TASKS_PER_THREAD),
            current: Rows::default(),
            spare: Vec::new(),
            spare_out: Vec::new(),
            tasks: None,
            done_tx: Some(done_tx),
            done,
            sent: 0,
            written: 0,
            pending: BTreeMap::new(),
        }
    }

    /// Hands the rows collected to a worker once there are enough (or any,
    /// at the `last` call, which then waits for every task and writes it).
    fn dispatch(&mut self, job: &mut Batch, sink: &mut Sink, last: bool) -> Result<(), Failure> {
        let stopped = || Failure::Internal("a batch worker thread stopped".into());
        if self.current.len() >= ROWS_PER_TASK || (last && !self.current.is_empty()) {
            while self.sent.saturating_sub(self.written) >= self.limit as u64 {
                self.receive(job, sink)?;
            }
            if self.tasks.is_none() {
                self.tasks = Some(self.start(job));
            }
            let tasks = self.tasks.as_ref().ok_or_else(stopped)?;
            let rows = std::mem::replace(&mut self.current, self.spare.pop().unwrap_or_default());
            let out = self.spare_out.pop().unwrap_or_default();
            tasks.send((self.sent, rows, out)).map_err(|_| stopped())?;
            // One per task: u64 does not run out.
            self.sent = self.sent.saturating_add(1);
        }
        if last {
            while self.written < self.sent {
                self.receive(job, sink)?;
            }
        }
        Ok(())
    }

    /// Spawns the workers, each with its own [`Batch::worker`].
    fn start(&mut self, job: &Batch) -> SyncSender<Task> {
        let (tasks, queue) = mpsc::sync_channel::<Task>(self.limit);
        let queue = Arc::new(Mutex::new(queue));
        let done_tx = self.done_tx.take();
        for _ in 0..self.threads {
            let (queue, done_tx, mut worker, catalog) = (Arc::clone(&queue), done_tx.clone(), job.worker(), self.catalog);
            self.scope.spawn(move || {
                let Some(done_tx) = done_tx else { return };
                loop {
                    // The lock is held only while waiting for the next task.
                    let task = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, rows, mut out)) = task else { return };
                    worker.evaluate_rows(catalog, &rows, &mut out);
                    if done_tx.send((seq, out, worker.take_part(), rows)).is_err() {
                        return;
                    }
                }
            });
        }
        tasks
    }

    /// Waits for one task, then writes every task now next in order.
    fn receive(&mut self, job: &mut Batch, sink: &mut Sink) -> Result<(), Failure> {
        let done = self.done.recv().map_err(|_| Failure::Internal("a batch worker thread stopped".into()))?;
        self.pending.insert(done.0, done);
        while let Some((_, mut out, part, mut rows)) = self.pending.remove(&self.written) {
            sink.emit(job, self.catalog, &out)?;
            out.clear();
            self.spare_out.push(out);
            job.absorb(part);
            rows.clear();
            self.spare.push(rows);
            self.written = self.written.saturating_add(1);
        }
        Ok(())
    }
}

fn read(reader: &mut dyn Read, buf: &mut [u8]) -> Result<usize, Failure> {
    loop {
        match reader.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::Input(format!("reading: {e}"))),
        }
    }
}

/// UTF-8 when the start is valid UTF-8 (a BOM, or a sequence cut by the
/// window's end, is fine); otherwise GB18030 (which covers GBK and GB2312).
fn detect(start: &[u8]) -> Result<&'static Encoding, Failure> {
    if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
        return Err(Failure::Input("the file is UTF-16; save it as \"CSV UTF-8\" (or CSV in the GB18030/GBK code page)".into()));
    }
    match std::str::from_utf8(start) {
        Ok(_) => Ok(UTF_8),
        Err(e) if e.error_len().is_none() => Ok(UTF_8),
        Err(_) => Ok(GB18030),
    }
}

/// A whole file's bytes as text, as `batch` decodes them (`diff` reads its CSV so).
pub(crate) fn decode_all(bytes: &[u8]) -> Result<String, Failure> {
    let encoding = detect(bytes.get(..SNIFF).unwrap_or(bytes))?;
    let mut text = String::new();
    decode(&mut encoding.new_decoder_with_bom_removal(), encoding, bytes, true, &mut text, 0)?;
    Ok(text)
}

fn decode(
    decoder: &mut encoding_rs::Decoder,
    encoding: &'static Encoding,
    mut bytes: &[u8],
    last: bool,
    text: &mut String,
    offset: u64,
) -> Result<(), Failure> {
    let mut at = offset;
    loop {
        let need = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len().saturating_mul(3).saturating_add(16));
        text.reserve(need);
        let (result, read) = decoder.decode_to_string_without_replacement(bytes, text, last);
        at = at.saturating_add(read as u64);
        bytes = bytes.get(read..).unwrap_or_default();
        match result {
            DecoderResult::InputEmpty => return Ok(()),
            DecoderResult::OutputFull => continue,
            DecoderResult::Malformed(bad, _) => {
                let position = at.saturating_sub(u64::from(bad));
                return Err(Failure::Input(format!(
                    "not valid {} at byte {position}; save the file as \"CSV UTF-8\" or pass --encoding gb18030 / utf-8",
                    encoding.name()
                )));
            }
        }
    }
}

fn show_progress(done: u64, size: Option<u64>, rows: u64) {
    match size.filter(|s| *s > 0) {
        Some(size) => {
            let fraction = (done as f64 / size as f64).min(1.0);
            let filled = (fraction * 30.0) as usize;
            eprint!("\r[{}{}] {:>3}%  {rows} rows", "#".repeat(filled), " ".repeat(30usize.saturating_sub(filled)), (fraction * 100.0) as u32);
        }
        None => eprint!("\r{} MiB  {rows} rows", done >> 20),
    }
    let _ = std::io::stderr().flush();
}

/// The summary on stderr: counts, header notes, the first row errors, totals.
fn report(job: &Batch, lang: Lang) {
    let s = job.stats();
    let mut err = std::io::stderr().lock();
    for w in job.warnings() {
        let _ = writeln!(err, "note: {w}");
    }
    let _ = writeln!(
        err,
        "{} rows: {} computed, {} rejected{}",
        s.rows,
        s.computed,
        s.rejected,
        if s.blank > 0 { format!(" ({} blank lines skipped)", s.blank) } else { String::new() }
    );
    let errors = job.errors();
    for e in errors.iter().take(PRINTED_ERRORS) {
        // One line per error here, whatever the quoted cell holds (the
        // output's error column keeps the value as it was).
        let _ = writeln!(err, "  {}", OneLineText(&e.message(lang)));
    }
    let more = (errors.len().saturating_sub(PRINTED_ERRORS) as u64).saturating_add(s.errors_not_kept);
    if more > 0 {
        let _ = writeln!(err, "  … {more} more (every one is in the output's error column)");
    }
    for t in job.period_totals() {
        let _ = writeln!(
            err,
            "total {}: {} – {} CNY over {} rows",
            match t.period {
                policycalc_core::pack::Period::Once => "once",
                policycalc_core::pack::Period::PerMonth => "per month",
                policycalc_core::pack::Period::PerYear => "per year",
            },
            policycalc_core::engine::round_yuan(t.min),
            policycalc_core::engine::round_yuan(t.max),
            t.rows
        );
    }
}
