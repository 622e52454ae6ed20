// The batch page: picks an Excel or CSV file, hands it to batch-worker.js, shows progress,
// the totals per provision and period, the rejected rows and the first rows,
// and offers the results (and templates) as downloads from Blob URLs; where
// the browser can save to a file the user picks (showSaveFilePicker), the
// results can be written there as they are computed instead, so a large
// file is never held whole. The worker gets a pool of workers as large as
// the cores the browser reports (at most POOL_MAX; `?pool=N` sets it).
// Every value from the file is shown with textContent: a cell holding markup
// is displayed as text, never parsed.

import { LANGS, t as text, todayIso } from './i18n.js';
import './i18n-batch.js';
import { scriptUrl } from './trusted.js';

const $ = (id) => document.getElementById(id);
const ui = {
  lang: $('bt-lang'), region: $('bt-region'), asOf: $('bt-as-of'), file: $('bt-file'), drop: $('bt-drop'),
  start: $('bt-start'), cancel: $('bt-cancel'), progress: $('bt-progress'), status: $('bt-status'), error: $('bt-error'),
  results: $('bt-results'), counts: $('bt-counts'), download: $('bt-download'), downloadSummary: $('bt-download-summary'),
  warnings: $('bt-warnings'), summary: $('bt-summary'), errors: $('bt-errors'), preview: $('bt-preview'),
  role: $('bt-role'), format: $('bt-format'), detailed: $('bt-detailed'), previewShort: $('bt-preview-short'),
  stream: $('bt-stream'), streamLabel: $('bt-stream-label'), saved: $('bt-saved'),
  templateXlsx: $('bt-template-xlsx'), templateCsv: $('bt-template-csv'), templateValues: $('bt-template-values'),
};
const TEMPLATES = [[ui.templateXlsx, 'xlsx'], [ui.templateCsv, 'csv'], [ui.templateValues, 'values']];

const params = new URLSearchParams(location.search);
/** More workers than this gains little: the one reader becomes the limit. */
const POOL_MAX = 4;
const poolSize = Math.max(1, Math.min(POOL_MAX, Number.parseInt(params.get('pool'), 10) || navigator.hardwareConcurrency || 1));
/** `?watchdog=MS`: how long a pool worker may answer nothing for a block (batch-worker.js; for tests). */
const watchdog = Number.parseInt(params.get('watchdog'), 10) > 0 ? Number.parseInt(params.get('watchdog'), 10) : null;
const canSave = typeof window.showSaveFilePicker === 'function';
let lang = LANGS.includes(params.get('lang')) ? params.get('lang') : (document.documentElement.lang || 'zh-Hans');
let file = null;
let urls = [];
let regionsLoaded = false;

/** This page's text `key` (www/i18n-batch.js) in the page's language. */
const t = (key, values) => text(lang, `batch.${key}`, values);

function translate() {
  document.documentElement.lang = lang;
  document.title = `${t('title')} · policycalc`;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
}

function setBusy(busy) {
  ui.start.disabled = busy || !file || !regionsLoaded;
  ui.cancel.disabled = !busy;
  ui.file.disabled = busy;
  ui.progress.hidden = !busy;
}

function clearResults() {
  for (const u of urls) URL.revokeObjectURL(u);
  urls = [];
  ui.results.hidden = true;
  ui.error.textContent = '';
  for (const node of [ui.warnings, ui.summary, ui.errors, ui.preview, ui.previewShort]) node.replaceChildren();
}

function blobUrl(blob) {
  const u = URL.createObjectURL(blob);
  urls.push(u);
  return u;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A table from rows of cells: the first row is the header. Text only. */
function fillTable(table, rows) {
  table.replaceChildren();
  if (!rows?.length) return;
  fillGrid(table, rows[0], rows.slice(1), (td, cell) => {
    if (NUMERIC.test(cell)) td.className = 'bt-num';
  });
}

/** Header cells (scope col) and body cells as text; decorate(td, cell, column) adds the rest. */
function fillGrid(table, header, rows, decorate) {
  const head = table.createTHead().insertRow();
  for (const cell of header) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = cell;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((cell, column) => {
      const td = tr.insertCell();
      td.textContent = cell;
      decorate(td, cell, column);
    });
  }
}

/**
 * The readable preview: the first input column (usually a name), the row
 * number and the four answer columns (error, can get, still missing, needs
 * checking); every column stays in the full table behind "All columns". On a
 * phone each row is a card whose cells carry their header as a label.
 */
function fillAnswers(table, rows) {
  table.replaceChildren();
  if (!rows?.length) return;
  const line = rows[0].indexOf(t('lineCol'));
  if (line < 0) return;
  const keep = [...new Set([0, line, line + 1, line + 2, line + 3, line + 4])].filter((i) => i < rows[0].length);
  const pick = (row) => keep.map((i) => row[i] ?? '');
  const header = pick(rows[0]);
  fillGrid(table, header, rows.slice(1).map(pick), (td, _cell, column) => {
    td.dataset.label = header[column];
  });
}

function showErrors(errors, stats) {
  ui.errors.replaceChildren();
  if (!errors.length) {
    const li = document.createElement('li');
    li.textContent = t('noErrors');
    ui.errors.append(li);
    return;
  }
  for (const e of errors) {
    const li = document.createElement('li');
    li.textContent = e.message;
    li.dataset.line = String(e.line);
    ui.errors.append(li);
  }
  const more = stats.rejected - new Set(errors.map((e) => e.line)).size;
  if (more > 0) {
    const li = document.createElement('li');
    li.textContent = t('moreErrors', { n: more });
    ui.errors.append(li);
  }
}

// The worker's URL through the app's one Trusted Types policy (www/trusted.js).
const worker = new Worker(scriptUrl('batch-worker.js'), { type: 'module' });

function fillRegions(regions) {
  const keep = ui.region.value;
  const options = [ui.region.options[0]];
  for (const r of regions) {
    const o = document.createElement('option');
    o.value = r.id;
    o.textContent = r.name;
    options.push(o);
  }
  ui.region.replaceChildren(...options);
  ui.region.value = regions.some((r) => r.id === keep) ? keep : (params.get('region') ?? '');
  regionsLoaded = true;
}

worker.onmessage = ({ data }) => {
  switch (data.type) {
    case 'ready':
      fillRegions(data.regions);
      for (const [button] of TEMPLATES) button.disabled = false;
      ui.status.textContent = t('ready');
      document.body.dataset.ready = 'true';
      setBusy(false);
      break;
    case 'regions':
      fillRegions(data.regions);
      break;
    case 'progress':
      ui.progress.max = data.total || 1;
      ui.progress.value = data.done;
      ui.status.textContent = data.rows
        ? t('readingRows', { done: data.done, total: data.total })
        : t('reading', { done: (data.done / 1048576).toFixed(1), total: (data.total / 1048576).toFixed(1), rows: data.stats.rows });
      break;
    case 'done': {
      setBusy(false);
      const s = data.stats;
      ui.status.textContent = t(data.encoding.startsWith('Excel') ? 'sheet' : 'encoding', { enc: data.encoding, s: data.seconds.toFixed(2) });
      document.body.dataset.seconds = String(data.seconds);
      document.body.dataset.pool = String(data.pool);
      document.body.dataset.wasmBytes = String(data.wasmBytes);
      ui.counts.textContent = t('counts', { rows: s.rows, computed: s.computed, rejected: s.rejected });
      ui.download.hidden = Boolean(data.saved);
      ui.saved.hidden = !data.saved;
      ui.saved.textContent = data.saved ? t('saved', { name: data.saved }) : '';
      if (data.output) {
        ui.download.href = blobUrl(data.output);
        ui.download.download = `policycalc-batch.${data.format}`;
      }
      ui.downloadSummary.href = blobUrl(data.summaryBlob);
      ui.warnings.replaceChildren(...data.warnings.map((w) => {
        const li = document.createElement('li');
        li.textContent = w;
        return li;
      }));
      fillTable(ui.summary, data.summary);
      showErrors(data.errors, s);
      fillTable(ui.preview, data.preview);
      fillAnswers(ui.previewShort, data.preview);
      ui.results.hidden = false;
      document.body.dataset.state = 'done';
      break;
    }
    case 'cancelled':
      setBusy(false);
      ui.status.textContent = t('cancelled');
      document.body.dataset.state = 'cancelled';
      break;
    case 'failed':
      setBusy(false);
      ui.error.textContent = data.code === 'worker' ? t('workerFailed', { message: data.message })
        : data.code === 'worker_hung' ? t('workerHung', { seconds: data.message }) : data.message;
      document.body.dataset.state = 'failed';
      break;
    case 'template': {
      const a = document.createElement('a');
      a.href = blobUrl(data.blob);
      a.download = data.format === 'values' ? `policycalc-template-values-${data.lang}.csv` : `policycalc-template-${data.lang}.${data.format}`;
      document.body.append(a);
      a.click();
      a.remove();
      break;
    }
    default:
      break;
  }
};
worker.onerror = (e) => {
  ui.error.textContent = t('loadFailed') + (e.message ?? '');
  document.body.dataset.state = 'failed';
};

function choose(f) {
  file = f ?? null;
  clearResults();
  document.body.dataset.state = file ? 'chosen' : '';
  setBusy(false);
}

ui.file.addEventListener('change', () => choose(ui.file.files[0]));
ui.drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  ui.drop.classList.add('bt-over');
});
ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('bt-over'));
ui.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  ui.drop.classList.remove('bt-over');
  if (e.dataTransfer?.files?.length) choose(e.dataTransfer.files[0]);
});
/**
 * The file the user picks for the results, asked while the click still
 * counts as theirs; null for the download, or when the picker is closed
 * (then `false`: nothing starts).
 */
async function saveTarget() {
  if (!canSave || !ui.stream.checked) return null;
  const workbook = ui.format.value === 'xlsx' || (ui.format.value === 'auto' && !/\.csv$/i.test(file.name));
  const [ext, type] = workbook ? ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] : ['csv', 'text/csv'];
  try {
    return await window.showSaveFilePicker({ suggestedName: `policycalc-batch.${ext}`, types: [{ description: ext.toUpperCase(), accept: { [type]: [`.${ext}`] } }] });
  } catch {
    return false;
  }
}

ui.start.addEventListener('click', async () => {
  if (!file) return;
  const handle = await saveTarget();
  if (handle === false) return;
  clearResults();
  setBusy(true);
  document.body.dataset.state = 'running';
  worker.postMessage({
    type: 'run', file, region: ui.region.value, asOf: ui.asOf.value || todayIso(), lang, detailed: ui.detailed.checked, format: ui.format.value, handle,
  });
});
ui.cancel.addEventListener('click', () => worker.postMessage({ type: 'cancel' }));
ui.lang.addEventListener('change', () => {
  lang = ui.lang.value;
  translate();
  worker.postMessage({ type: 'regions', lang });
});
for (const [button, format] of TEMPLATES) {
  button.addEventListener('click', () => worker.postMessage({
    type: 'template', lang, format, region: ui.region.value, role: ui.role.value, asOf: ui.asOf.value || todayIso(),
  }));
}

ui.lang.value = lang;
ui.asOf.value = params.get('as-of') ?? todayIso();
if (params.get('role') && [...ui.role.options].some((o) => o.value === params.get('role'))) ui.role.value = params.get('role');
translate();
ui.status.textContent = t('loading');
setBusy(false);
// The option exists only where the browser can save to a picked file.
ui.streamLabel.hidden = !canSave;
ui.streamLabel.previousElementSibling.hidden = !canSave;
worker.postMessage({ type: 'init', lang, pool: poolSize, watchdog });
