// The batch page's worker: loads the WebAssembly core (the module built with
// the batch entry points, pkg/policycalc_batch*, CSV only) and every language's
// compiled catalog once, then reads a CSV file in chunks and feeds the core:
// UTF-8 (with or without BOM) as bytes, which the core checks and answers
// with the output rows as a Blob (`pushBytes`, `pushRowsBytes`: no decoding
// to a string and encoding back, and the bytes copied once, out of the
// module's memory into the Blob), else GB18030 (which covers GBK) decoded
// here first; and posts progress. An Excel workbook (.xlsx, .xls, .xlsb, .ods) is read whole
// and fed a slice of rows at a time (progress, cancel); the output is CSV or
// an .xlsx workbook that the core writes. Excel needs the larger module with
// the reader and writer (pkg/policycalc_batch_xlsx*), fetched the first time
// a workbook is chosen or Excel output or template asked for, so a CSV user
// never downloads it. Output CSV pieces become Blobs as they come, so a large
// file does not pile up as one string, or are written as they come to a file
// the user picked (a FileSystemFileHandle from the page's showSaveFilePicker).
//
// With a pool (the page asks for one when the browser gives more than one
// core), this worker only reads: it splits the rows into blocks (`pushRows`,
// `takeRows`), pool workers (batch-pool.js, each with its own instance of the
// module compiled here) evaluate them, and it `absorb`s their outputs,
// counts, errors and totals in input order, so the result is the one-worker
// result byte for byte. Nothing leaves the machine: the only requests are the
// modules, catalogs and the pool's script.

import init, { Calculator } from './pkg/policycalc_batch.js';
import { LANGS } from './i18n.js';
import { scriptUrl } from './trusted.js';

const BASE = new URL('.', import.meta.url);
/**
 * Bytes read per step, and so the rows of one pool block (about 4,500 rows
 * of the bench's file). The module's memory grows to a few times the output
 * of one step, which with every provision's columns is some fifty times the
 * input, so the step is small: 4 MiB made a 384 MiB linear memory on the
 * bench's 200k rows with those columns.
 */
const CHUNK = 256 << 10;
/** Blocks handed to each pool worker at once (one evaluating, one waiting). */
const IN_FLIGHT = 2;
/**
 * The pool's watchdog: a worker that answers nothing for a block within
 * WATCH_BASE_MS plus WATCH_MS_PER_KIB for each KiB of the block is taken as
 * hung (a worker that throws says so at once). A full block (CHUNK, some
 * 4,500 rows) then has 20 s + 25.6 s: measured in Chromium, a pool worker
 * evaluates one in about 0.12 s with every provision's columns (27 µs a
 * row, BENCHMARKS.md), so the bound leaves a machine some 400 times slower,
 * or a worker starved by other tabs, well clear of it. The clock runs from
 * when the worker could start the block (its previous block answered).
 * Starting (module and catalogs) gets WATCH_START_MS. `?watchdog=MS` on the
 * page replaces the whole bound (the e2e test of a hung worker).
 */
const WATCH_BASE_MS = 20_000;
const WATCH_MS_PER_KIB = 100;
const WATCH_START_MS = 60_000;
/** The browser edge refuses larger files (the CLI streams any size). */
const LIMIT = 256 << 20;
/** Row errors forwarded to the page; every one is in the output's error column. */
const ERRORS_SHOWN = 200;
const PREVIEW_ROWS = 20;
/** Workbook rows fed between progress reports (and chances to cancel). */
const SLICE = 2000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A zip (.xlsx, .xlsb, .ods) or an OLE file (.xls), whatever its name. */
function isWorkbook(bytes) {
  return (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    || (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0);
}

let calculator = null;
/** The catalogs as fetched (the first in the page's language), for the Excel module and the pool. */
let catalogs = null;
/** The pool when the page asked for more than one worker and it started. */
let pool = null;
/** Runs so far: a pool's answers to a cancelled run are told apart by it. */
let runs = 0;
/** Each loaded module's linear memory (`csv`, `xlsx`), for the size the page reports. */
const memories = new Map();
/** The Excel module's calculator, once asked for (a promise, so it loads once). */
let excel = null;
let cancelled = false;
let running = false;

function workerError(message, code = 'worker') {
  return Object.assign(new Error(message), { code });
}

/**
 * `size` pool workers, each with its own instance of `module` (compiled
 * once, here) and the catalogs; kept between runs, dropped after a failure.
 * A block goes to the worker with the fewest blocks waiting.
 */
class Pool {
  #workers = [];
  #waiting = new Map();
  #next = 0;
  /** `?watchdog=MS`: the bound for every block and the start, else null (the sized bound). */
  #watchdog;
  failed = null;

  constructor(size, module, watchdog) {
    this.size = size;
    this.#watchdog = watchdog;
    const started = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(scriptUrl('batch-pool.js'), { type: 'module' });
      // `queue`: the sizes of its blocks not yet answered, oldest first; `timer`: its watchdog.
      const entry = { worker, blocks: 0, queue: [], timer: null };
      started.push(new Promise((ready, refuse) => { Object.assign(entry, { ready, refuse }); }));
      this.#watch(entry, watchdog ?? WATCH_START_MS);
      worker.onmessage = ({ data }) => this.#answer(entry, data);
      worker.onerror = (e) => {
        e.preventDefault();
        this.#fail(entry, e.message || 'error');
      };
      worker.onmessageerror = () => this.#fail(entry, 'a message could not be read');
      worker.postMessage({ type: 'init', module, catalogs, warm: warmText() });
      this.#workers.push(entry);
    }
    this.ready = Promise.all(started);
  }

  /** Arms `entry`'s watchdog for `ms` (replacing the one running). */
  #watch(entry, ms) {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.#fail(entry, String(Math.round(ms / 1000)), 'worker_hung'), ms);
  }

  /** The watchdog for the block `entry` works on now, if any. */
  #watchNext(entry) {
    clearTimeout(entry.timer);
    entry.timer = null;
    if (entry.queue.length) this.#watch(entry, this.#watchdog ?? WATCH_BASE_MS + WATCH_MS_PER_KIB * Math.ceil(entry.queue[0] / 1024));
  }

  #answer(entry, data) {
    if (data.type === 'ready') {
      entry.ready();
      this.#watchNext(entry);
    }
    if (data.type === 'failed') this.#fail(entry, data.message);
    if (data.type !== 'done') return;
    entry.blocks -= 1;
    entry.queue.shift();
    this.#watchNext(entry);
    entry.memory = data.memory;
    const waiting = this.#waiting.get(data.seq);
    this.#waiting.delete(data.seq);
    waiting?.resolve(data);
  }

  /**
   * A worker failed (code `worker`, its message) or hung (code
   * `worker_hung`, the seconds waited): every block waiting fails with
   * that, every worker is terminated, and the pool is not used again.
   */
  #fail(entry, message, code = 'worker') {
    if (this.failed) return;
    this.failed = { message, code };
    entry.refuse(workerError(message, code));
    for (const w of this.#waiting.values()) w.reject(workerError(message, code));
    this.#waiting.clear();
    if (pool === this) pool = null;
    for (const e of this.#workers) {
      clearTimeout(e.timer);
      e.worker.terminate();
    }
  }

  /** The pool workers' linear memories, in bytes (as last reported). */
  memory() {
    return this.#workers.reduce((sum, e) => sum + (e.memory ?? 0), 0);
  }

  begin(run, options) {
    for (const e of this.#workers) e.worker.postMessage({ type: 'begin', run, ...options });
  }

  /** The block's output (a Blob) and part (bytes), once a worker has evaluated it. */
  evaluate(run, block) {
    if (this.failed) return Promise.reject(workerError(this.failed.message, this.failed.code));
    const entry = this.#workers.reduce((a, b) => (b.blocks < a.blocks ? b : a));
    entry.blocks += 1;
    entry.queue.push(block.length);
    if (entry.queue.length === 1) this.#watchNext(entry);
    const seq = this.#next++;
    const answer = new Promise((resolve, reject) => { this.#waiting.set(seq, { resolve, reject }); });
    entry.worker.postMessage({ type: 'block', run, seq, block }, [block.buffer]);
    // Handled where it is awaited; a cancelled run never awaits it.
    answer.catch(() => {});
    return answer;
  }
}

async function load(lang, poolSize, watchdog) {
  const module = await WebAssembly.compileStreaming(fetch(new URL('pkg/policycalc_batch_bg.wasm', BASE)));
  memories.set('csv', (await init({ module_or_path: module })).memory);
  const bytes = await Promise.all(
    LANGS.map((l) => fetch(new URL(`pkg/catalog.${l}.bin`, BASE)).then((r) => {
      if (!r.ok) throw new Error(`catalog ${l}: HTTP ${r.status}`);
      return r.arrayBuffer();
    })),
  );
  const first = LANGS.indexOf(lang);
  catalogs = [bytes[first], ...bytes.filter((_, i) => i !== first)];
  calculator = withTexts(new Calculator(new Uint8Array(catalogs[0])));
  if (poolSize > 1 && typeof Worker === 'function') {
    try {
      pool = new Pool(poolSize, module, watchdog);
      await pool.ready;
    } catch {
      // No pool (a browser without workers in workers, a failed start): one worker does it all.
      pool = null;
    }
  }
  return calculator.regions(lang);
}

function withTexts(calc) {
  catalogs.slice(1).forEach((b) => calc.batchAddTexts(new Uint8Array(b)));
  return calc;
}

/** The calculator of the Excel module (reader and writer), loaded on first use. */
function excelCalculator() {
  excel ??= (async () => {
    const mod = await import('./pkg/policycalc_batch_xlsx.js');
    memories.set('xlsx', (await mod.default({ module_or_path: new URL('pkg/policycalc_batch_xlsx_bg.wasm', BASE) })).memory);
    return withTexts(new mod.Calculator(new Uint8Array(catalogs[0])));
  })();
  excel.catch(() => { excel = null; });
  return excel;
}

/**
 * Runs a small synthetic batch once after loading, while the page waits for
 * a file: the engine's WebAssembly starts in the baseline compiler and is
 * optimised once it has run a while, so this makes the first real file about
 * a third faster. Nothing leaves the worker; the result is dropped.
 */
function warmUp() {
  try {
    const job = calculator.batchBegin('', '2025-03-01', 'en', 0, false, false);
    job.push(warmText());
    job.finish();
    job.free();
  } catch {
    // A warm-up failure costs only speed.
  }
}

/** The warm-up's file: every role in every region, 4,000 rows. */
function warmText() {
  const header = 'region,role,insured_employees,insured_months,years_operating,headcount_not_decreased,interns,interns_retained,employer_type,enterprise_size,hire_employment_difficulty,hire_is_graduate,hire_graduation_date,hire_unemployed_since_leaving_school,employer_si_contribution_monthly,college_graduate,graduation_date,unemployed_since_leaving_school,organisation_type';
  const rows = [];
  const regions = calculator.regions('en').map((r) => r.id);
  for (let i = 0; i < 4000; i++) {
    const region = regions[i % regions.length];
    switch (i % 5) {
      case 0: rows.push(`${region},startup,${i % 7},${i % 30},${i % 5},${i % 2 === 0},,,,,,,,,,,,,`); break;
      case 1: rows.push(`${region},employer,,,,,${i % 40},${i % 17},private_enterprise,small,${i % 3 === 0},true,2024-06-30,true,${i % 900}.50,,,,`); break;
      case 2: rows.push(`${region},graduate,,,,,,,,,,,,,,,2024-07-01,true,`); break;
      case 3: rows.push(`${region},worker,,,,,,,,,,,,,,true,2023-06-30,false,`); break;
      default: rows.push(`${region},organisation,,,,,,,,,,,,,,,,,training_provider`);
    }
  }
  return `${header}\n${rows.join('\n')}\n`;
}

/** UTF-8 unless the start is not valid UTF-8 (a sequence cut at the end is fine). */
function detect(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'utf-16';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 1 << 16), { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function fail(code, message) {
  postMessage({ type: 'failed', code, message });
}

/**
 * Where the output goes: Blobs made as pieces come (the download), or the
 * file the user picked, written as they come (nothing held).
 */
async function outputSink(handle) {
  if (!handle) {
    const parts = [];
    return { write: async (piece) => { parts.push(piece instanceof Blob ? piece : new Blob([piece])); }, close: async (type) => new Blob(parts, { type }), abort: async () => {} };
  }
  const file = await handle.createWritable();
  return { write: (piece) => file.write(piece), close: async () => { await file.close(); return null; }, abort: () => file.abort().catch(() => {}) };
}

async function run({ file, region, asOf, lang, detailed, format, handle }) {
  const started = performance.now();
  cancelled = false;
  running = true;
  runs += 1;
  const runId = runs;
  let job = null;
  let sink = null;
  let finished = false;
  try {
    if (file.size > LIMIT) {
      fail('too_large', calculator.batchFileError('too_large', lang, file.size, LIMIT));
      return;
    }
    const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
    const workbook = isWorkbook(head);
    // "auto": the output in the input's format (a CSV user never needs the Excel module).
    const xlsxOut = format === 'xlsx' || (format === 'auto' && workbook);
    const calc = workbook || xlsxOut ? await excelCalculator() : calculator;
    job = calc.batchBegin(region, asOf, lang, PREVIEW_ROWS, Boolean(detailed), xlsxOut);
    sink = await outputSink(handle);
    const pooled = pool;
    const errors = [];
    let decoder = null;
    let encoding = null;
    // Blocks with a pool worker, in input order: the answer and the progress to report once absorbed.
    const pending = [];
    let begun = false;
    const take = async (r) => {
      if (r.csv) await sink.write(r.csv);
      if (r.blob?.size) await sink.write(r.blob);
      for (const e of r.errors) if (errors.length < ERRORS_SHOWN) errors.push(e);
    };
    const report = (progress, r) => postMessage({ type: 'progress', ...progress, stats: r.stats, errors: r.errors.slice(0, ERRORS_SHOWN) });
    // Rows absorbed so far: the reader needs a block's output rows only for
    // the preview, or for the workbook it writes.
    let absorbed = 0;
    // The oldest block's answer, absorbed (so always in input order). Its
    // output rows are a Blob, read back only for the preview or a workbook.
    const absorbNext = async () => {
      const { answer, progress } = pending.shift();
      const { output, part } = await answer;
      const rows = xlsxOut || absorbed < PREVIEW_ROWS ? new Uint8Array(await output.arrayBuffer()) : new Uint8Array(0);
      const r = job.absorb(part, rows);
      absorbed = r.stats.computed + r.stats.rejected;
      if (!xlsxOut) await sink.write(output);
      await take(r);
      report(progress, r);
    };
    // What one read step gave: evaluated here, or its rows sent to the pool.
    const step = async (r, progress) => {
      await take(r);
      if (!pooled) {
        report(progress, r);
        return;
      }
      if (!begun) {
        const header = job.headerCsv();
        if (header == null) return;
        pooled.begin(runId, { region, asOf, lang, detailed: Boolean(detailed), header });
        begun = true;
      }
      const block = job.takeRows();
      if (block.length) pending.push({ answer: pooled.evaluate(runId, block), progress });
      while (pending.length >= pooled.size * IN_FLIGHT) await absorbNext();
    };
    if (workbook) {
      encoding = 'xlsx';
      const opened = job.openWorkbook(new Uint8Array(await file.arrayBuffer()), '');
      encoding = `Excel · ${opened.sheet}`;
      for (;;) {
        if (cancelled) {
          postMessage({ type: 'cancelled' });
          return;
        }
        const r = pooled ? job.pushWorkbookRows(SLICE) : job.pushWorkbook(SLICE);
        await step(r, { rows: true, done: r.done_rows, total: r.total_rows });
        if (!r.more) break;
        // Let a cancel message in.
        await new Promise((resolve) => { setTimeout(resolve, 0); });
      }
    }
    for (let at = 0; !workbook && (at < file.size || at === 0); at += CHUNK) {
      if (cancelled) {
        postMessage({ type: 'cancelled' });
        return;
      }
      const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
      if (!encoding) {
        encoding = detect(bytes);
        if (encoding === 'utf-16') {
          fail('encoding', calculator.batchFileError('encoding', lang, 0, 0));
          return;
        }
        // UTF-8 goes in as bytes (the core checks them: an invalid byte
        // throws the same `encoding` error); GB18030 is decoded here.
        if (encoding !== 'utf-8') decoder = new TextDecoder(encoding, { fatal: true });
      }
      let r;
      if (decoder) {
        let text;
        try {
          text = decoder.decode(bytes, { stream: true });
        } catch {
          fail('encoding', calculator.batchFileError('encoding', lang, 0, 0));
          return;
        }
        r = pooled ? job.pushRows(text) : job.push(text);
      } else {
        r = pooled ? job.pushRowsBytes(bytes) : job.pushBytes(bytes);
      }
      await step(r, { done: Math.min(at + CHUNK, file.size), total: file.size });
      if (file.size === 0) break;
    }
    if (decoder) {
      let tail;
      try {
        tail = decoder.decode();
      } catch {
        fail('encoding', calculator.batchFileError('encoding', lang, 0, 0));
        return;
      }
      await take(pooled ? job.pushRows(tail) : job.push(tail));
    }
    if (pooled) {
      await step(job.endRows(), { done: file.size, total: file.size });
      while (pending.length) {
        if (cancelled) {
          postMessage({ type: 'cancelled' });
          return;
        }
        await absorbNext();
      }
    }
    const result = job.finish();
    await take(result);
    if (xlsxOut) await sink.write(job.outputWorkbook());
    const output = await sink.close(xlsxOut ? XLSX_TYPE : 'text/csv;charset=utf-8');
    finished = true;
    const summary = new Blob([result.summary_csv], { type: 'text/csv;charset=utf-8' });
    postMessage({
      type: 'done',
      seconds: (performance.now() - started) / 1000,
      encoding,
      stats: result.stats,
      summary: result.summary,
      preview: result.preview,
      warnings: result.warnings,
      errors,
      output,
      saved: handle ? handle.name : null,
      format: xlsxOut ? 'xlsx' : 'csv',
      summaryBlob: summary,
      pool: pooled ? pooled.size : 1,
      // Linear memory never shrinks: this is the peak of every run so far.
      wasmBytes: memories.get(calc === calculator ? 'csv' : 'xlsx').buffer.byteLength + (pooled ? pooled.memory() : 0),
    });
  } catch (e) {
    // File-level problems from the core carry a code and a message in the
    // chosen language; a pool worker's failure is named as one.
    fail(e?.code ?? 'internal', e?.message ?? String(e));
  } finally {
    if (!finished) await sink?.abort();
    job?.free();
    running = false;
  }
}

onmessage = async ({ data }) => {
  try {
    switch (data.type) {
      case 'init':
        postMessage({ type: 'ready', regions: await load(data.lang, data.pool ?? 1, data.watchdog ?? null), pool: pool?.size ?? 1 });
        // The pool's workers warm up on their own; without one, this worker evaluates.
        if (!pool) warmUp();
        break;
      case 'regions':
        postMessage({ type: 'regions', regions: calculator.regions(data.lang) });
        break;
      case 'run':
        if (!running) await run(data);
        break;
      case 'cancel':
        cancelled = true;
        break;
      case 'template': {
        const calc = data.format === 'xlsx' ? await excelCalculator() : calculator;
        const bytes = calc.batchTemplate(data.lang, data.region, data.asOf, data.role ?? '', data.format ?? 'csv');
        const type = data.format === 'xlsx' ? XLSX_TYPE : 'text/csv;charset=utf-8';
        postMessage({ type: 'template', lang: data.lang, format: data.format ?? 'csv', blob: new Blob([bytes], { type }) });
        break;
      }
      default:
        break;
    }
  } catch (e) {
    fail(e?.code ?? 'internal', e?.message ?? String(e));
  }
};
