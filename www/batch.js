// The batch page: picks an Excel or CSV file, hands it to batch-worker.js, shows progress,
// the totals per provision and period, the rejected rows and the first rows,
// and offers the results (and templates) as downloads from Blob URLs.
// Every value from the file is shown with textContent: a cell holding markup
// is displayed as text, never parsed.

const TEXT = {
  'zh-Hans': {
    role: '申请人类型（模板）', roleEmployer: '用人单位', roleOrganisation: '服务机构、院校', roleStartup: '创业者或初创企业', roleGraduate: '高校毕业生', roleWorker: '劳动者',
    format: '结果文件格式', formatAuto: '与上传的文件相同', detailed: '逐项明细列（每个项目的状态、金额、说明）', templateXlsx: 'Excel 模板（含填写说明和下拉选项）', templateCsv: 'CSV 模板', templateValues: 'CSV 可填值说明',
    allColumns: '全部列', readingRows: '正在计算：已读取 {done}/{total} 行', lineCol: '行号', sheet: '工作表：{enc}；用时 {s} 秒',
    title: '批量计算（Excel / CSV）', intro: '每行一个人员或企业案例，列名为事实名称（英文 id 或中文名称）。文件只在本机处理，不会上传。',
    back: '返回计算器', settings: '设置', lang: '语言', region: '地区', regionFromFile: '按文件中的地区列', asOf: '查询日期',
    template: '模板：', file: '文件', choose: '选择或拖入 Excel（.xlsx、.xls）或 CSV 文件（UTF-8 或 GBK/GB18030）', start: '开始计算', cancel: '取消',
    results: '结果', download: '下载结果', downloadSummary: '下载汇总 CSV', summary: '汇总（按项目和周期）',
    errors: '被拒绝的行', preview: '前几行', loading: '正在加载…', ready: '请选择文件。', reading: '正在计算：已读取 {done}/{total} MB，{rows} 行',
    cancelled: '已取消，未生成结果。', counts: '共 {rows} 行：{computed} 行已计算，{rejected} 行被拒绝（原因见下方和结果文件的“错误”列）。',
    encoding: '文件编码：{enc}；用时 {s} 秒', moreErrors: '……另有 {n} 行错误，见结果文件的“错误”列。', noErrors: '无', loadFailed: '无法加载计算核心：',
  },
  'zh-Hant': {
    role: '申請人類型（範本）', roleEmployer: '用人單位', roleOrganisation: '服務機構、院校', roleStartup: '創業者或初創企業', roleGraduate: '高校畢業生', roleWorker: '勞動者',
    format: '結果檔案格式', formatAuto: '與上傳的檔案相同', detailed: '逐項明細列（每個項目的狀態、金額、說明）', templateXlsx: 'Excel 範本（含填寫說明和下拉選項）', templateCsv: 'CSV 範本', templateValues: 'CSV 可填值說明',
    allColumns: '全部列', readingRows: '正在計算：已讀取 {done}/{total} 行', lineCol: '行號', sheet: '工作表：{enc}；用時 {s} 秒',
    title: '批量計算（Excel / CSV）', intro: '每行一個人員或企業案例，列名為事實名稱（英文 id 或中文名稱）。檔案只在本機處理，不會上傳。',
    back: '返回計算器', settings: '設定', lang: '語言', region: '地區', regionFromFile: '按檔案中的地區列', asOf: '查詢日期',
    template: '範本：', file: '檔案', choose: '選擇或拖入 Excel（.xlsx、.xls）或 CSV 檔案（UTF-8 或 GBK/GB18030）', start: '開始計算', cancel: '取消',
    results: '結果', download: '下載結果', downloadSummary: '下載匯總 CSV', summary: '匯總（按項目和週期）',
    errors: '被拒絕的行', preview: '前幾行', loading: '正在載入…', ready: '請選擇檔案。', reading: '正在計算：已讀取 {done}/{total} MB，{rows} 行',
    cancelled: '已取消，未產生結果。', counts: '共 {rows} 行：{computed} 行已計算，{rejected} 行被拒絕（原因見下方和結果檔案的「錯誤」列）。',
    encoding: '檔案編碼：{enc}；用時 {s} 秒', moreErrors: '……另有 {n} 行錯誤，見結果檔案的「錯誤」列。', noErrors: '無', loadFailed: '無法載入計算核心：',
  },
  en: {
    role: 'Applicant type (template)', roleEmployer: 'Employer', roleOrganisation: 'Service organisation or school', roleStartup: 'Founder or startup', roleGraduate: 'Graduate', roleWorker: 'Worker',
    format: 'Results file format', formatAuto: 'Same as the file uploaded', detailed: 'Detailed columns (status, amount and reason of every provision)', templateXlsx: 'Excel template (instructions and drop-downs)', templateCsv: 'CSV template', templateValues: 'CSV allowed values',
    allColumns: 'All columns', readingRows: 'Computing: read {done}/{total} rows', lineCol: 'line', sheet: 'Sheet: {enc}; {s} s',
    title: 'Batch (Excel / CSV)', intro: 'One person or enterprise case per row; columns are named by fact (English id or Chinese label). The file is processed on this device and never uploaded.',
    back: 'Back to the calculator', settings: 'Settings', lang: 'Language', region: 'Region', regionFromFile: 'From the file’s region column', asOf: 'As of',
    template: 'Template: ', file: 'File', choose: 'Choose or drop an Excel (.xlsx, .xls) or CSV file (UTF-8 or GBK/GB18030)', start: 'Compute', cancel: 'Cancel',
    results: 'Results', download: 'Download results', downloadSummary: 'Download summary CSV', summary: 'Totals by provision and period',
    errors: 'Rejected rows', preview: 'First rows', loading: 'Loading…', ready: 'Choose a file.', reading: 'Computing: read {done}/{total} MB, {rows} rows',
    cancelled: 'Cancelled; no results were produced.', counts: '{rows} rows: {computed} computed, {rejected} rejected (reasons below and in the error column of the results file).',
    encoding: 'File encoding: {enc}; {s} s', moreErrors: '… {n} more rejected rows: see the error column of the results file.', noErrors: 'None', loadFailed: 'The calculator core could not load: ',
  },
};

const $ = (id) => document.getElementById(id);
const ui = {
  lang: $('bt-lang'), region: $('bt-region'), asOf: $('bt-as-of'), file: $('bt-file'), drop: $('bt-drop'),
  start: $('bt-start'), cancel: $('bt-cancel'), progress: $('bt-progress'), status: $('bt-status'), error: $('bt-error'),
  results: $('bt-results'), counts: $('bt-counts'), download: $('bt-download'), downloadSummary: $('bt-download-summary'),
  warnings: $('bt-warnings'), summary: $('bt-summary'), errors: $('bt-errors'), preview: $('bt-preview'),
  role: $('bt-role'), format: $('bt-format'), detailed: $('bt-detailed'), previewShort: $('bt-preview-short'),
  templateXlsx: $('bt-template-xlsx'), templateCsv: $('bt-template-csv'), templateValues: $('bt-template-values'),
};
const TEMPLATES = [[ui.templateXlsx, 'xlsx'], [ui.templateCsv, 'csv'], [ui.templateValues, 'values']];

const params = new URLSearchParams(location.search);
let lang = TEXT[params.get('lang')] ? params.get('lang') : (document.documentElement.lang || 'zh-Hans');
let file = null;
let urls = [];
let regionsLoaded = false;

const t = (key, values = {}) => (TEXT[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));

function translate() {
  document.documentElement.lang = lang;
  document.title = `${t('title')} · policycalc`;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
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
  const thead = table.createTHead();
  const head = thead.insertRow();
  for (const cell of rows[0]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = cell;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows.slice(1)) {
    const tr = body.insertRow();
    for (const cell of row) {
      const td = tr.insertCell();
      td.textContent = cell;
      if (NUMERIC.test(cell)) td.className = 'bt-num';
    }
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
  const head = table.createTHead().insertRow();
  for (const i of keep) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = rows[0][i];
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows.slice(1)) {
    const tr = body.insertRow();
    for (const i of keep) {
      const td = tr.insertCell();
      td.textContent = row[i] ?? '';
      td.dataset.label = rows[0][i];
    }
  }
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

/**
 * The worker's URL as a TrustedScriptURL where the page enforces Trusted
 * Types (`trusted-types policycalc`, as DEPLOYING.md suggests): the policy
 * passes only this directory's own scripts.
 */
function workerUrl() {
  const base = new URL('.', import.meta.url);
  const url = new URL('batch-worker.js', base);
  let policy = null;
  try {
    policy = globalThis.trustedTypes?.createPolicy('policycalc', {
      createScriptURL: (u) => {
        const checked = new URL(u);
        if (checked.origin !== base.origin || !checked.pathname.startsWith(base.pathname) || !checked.pathname.endsWith('.js')) throw new TypeError(`not a policycalc script: ${u}`);
        return checked.href;
      },
    }) ?? null;
  } catch {
    /* a page that allows no policy refuses the plain URL on its own */
  }
  return policy ? policy.createScriptURL(url.href) : url;
}

const worker = new Worker(workerUrl(), { type: 'module' });

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
      ui.counts.textContent = t('counts', { rows: s.rows, computed: s.computed, rejected: s.rejected });
      ui.download.href = blobUrl(data.output);
      ui.download.download = `policycalc-batch.${data.format}`;
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
      ui.error.textContent = data.message;
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
ui.start.addEventListener('click', () => {
  if (!file) return;
  clearResults();
  setBusy(true);
  document.body.dataset.state = 'running';
  worker.postMessage({
    type: 'run', file, region: ui.region.value, asOf: ui.asOf.value || today(), lang, detailed: ui.detailed.checked, format: ui.format.value,
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
    type: 'template', lang, format, region: ui.region.value, role: ui.role.value, asOf: ui.asOf.value || today(),
  }));
}

ui.lang.value = lang;
ui.asOf.value = params.get('as-of') ?? today();
if (params.get('role') && [...ui.role.options].some((o) => o.value === params.get('role'))) ui.role.value = params.get('role');
translate();
ui.status.textContent = t('loading');
setBusy(false);
worker.postMessage({ type: 'init', lang });
