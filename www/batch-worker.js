// The batch page's worker: loads the WebAssembly core (the module built with
// the batch entry points, pkg/policycalc_batch*, CSV only) and every language's
// compiled catalog once, then reads a CSV file in chunks, decodes it (UTF-8
// with or without BOM, else GB18030, which covers GBK), feeds the core and
// posts progress. An Excel workbook (.xlsx, .xls, .xlsb, .ods) is read whole
// and fed a slice of rows at a time (progress, cancel); the output is CSV or
// an .xlsx workbook that the core writes. Excel needs the larger module with
// the reader and writer (pkg/policycalc_batch_xlsx*), fetched the first time
// a workbook is chosen or Excel output or template asked for, so a CSV user
// never downloads it. Output CSV pieces become Blobs as they come, so a large
// file does not pile up as one string. Nothing leaves the machine: the only
// requests are the modules and catalogs.

import init, { Calculator } from './pkg/policycalc_batch.js';
import { LANGS } from './i18n.js';

const BASE = new URL('.', import.meta.url);
/** Bytes read per step. */
const CHUNK = 4 << 20;
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
/** The catalogs as fetched (the first in the page's language), for the Excel module. */
let catalogs = null;
/** The Excel module's calculator, once asked for (a promise, so it loads once). */
let excel = null;
let cancelled = false;
let running = false;

async function load(lang) {
  await init({ module_or_path: new URL('pkg/policycalc_batch_bg.wasm', BASE) });
  const bytes = await Promise.all(
    LANGS.map((l) => fetch(new URL(`pkg/catalog.${l}.bin`, BASE)).then((r) => {
      if (!r.ok) throw new Error(`catalog ${l}: HTTP ${r.status}`);
      return r.arrayBuffer();
    })),
  );
  const first = LANGS.indexOf(lang);
  catalogs = [bytes[first], ...bytes.filter((_, i) => i !== first)];
  calculator = withTexts(new Calculator(new Uint8Array(catalogs[0])));
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
    await mod.default({ module_or_path: new URL('pkg/policycalc_batch_xlsx_bg.wasm', BASE) });
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
  try {
    const job = calculator.batchBegin('', '2025-03-01', 'en', 0, false, false);
    job.push(`${header}\n${rows.join('\n')}\n`);
    job.finish();
    job.free();
  } catch {
    // A warm-up failure costs only speed.
  }
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

async function run({ file, region, asOf, lang, detailed, format }) {
  const started = performance.now();
  cancelled = false;
  running = true;
  let job = null;
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
    const parts = [];
    const errors = [];
    let decoder = null;
    let encoding = null;
    let stats = null;
    const feed = (text) => {
      const r = job.push(text);
      if (r.csv) parts.push(new Blob([r.csv]));
      stats = r.stats;
      for (const e of r.errors) if (errors.length < ERRORS_SHOWN) errors.push(e);
      return r;
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
        const r = job.pushWorkbook(SLICE);
        if (r.csv) parts.push(new Blob([r.csv]));
        stats = r.stats;
        for (const e of r.errors) if (errors.length < ERRORS_SHOWN) errors.push(e);
        postMessage({ type: 'progress', rows: true, done: r.done_rows, total: r.total_rows, stats: r.stats, errors: r.errors.slice(0, ERRORS_SHOWN) });
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
      if (!decoder) {
        encoding = detect(bytes);
        if (encoding === 'utf-16') {
          fail('encoding', calculator.batchFileError('encoding', lang, 0, 0));
          return;
        }
        decoder = new TextDecoder(encoding, { fatal: true });
      }
      let text;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        fail('encoding', calculator.batchFileError('encoding', lang, 0, 0));
        return;
      }
      const r = feed(text);
      postMessage({ type: 'progress', done: Math.min(at + CHUNK, file.size), total: file.size, stats: r.stats, errors: r.errors.slice(0, ERRORS_SHOWN) });
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
      feed(tail);
    }
    const result = job.finish();
    if (result.csv) parts.push(new Blob([result.csv]));
    for (const e of result.errors) if (errors.length < ERRORS_SHOWN) errors.push(e);
    const output = xlsxOut ? new Blob([job.outputWorkbook()], { type: XLSX_TYPE }) : new Blob(parts, { type: 'text/csv;charset=utf-8' });
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
      format: xlsxOut ? 'xlsx' : 'csv',
      summaryBlob: summary,
    });
  } catch (e) {
    // File-level problems from the core carry a code and a message in the chosen language.
    fail(e?.code ?? 'internal', e?.message ?? String(e));
  } finally {
    job?.free();
    running = false;
  }
}

onmessage = async ({ data }) => {
  try {
    switch (data.type) {
      case 'init':
        postMessage({ type: 'ready', regions: await load(data.lang) });
        warmUp();
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
