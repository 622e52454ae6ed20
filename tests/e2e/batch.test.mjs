// The batch page (www/batch.html) end to end in Debian's Chromium: a
// GB18030 file and a UTF-8 file dropped on the page, per-row results and
// totals checked against figures worked out by hand (and the native CLI on
// the same bytes), an HTML cell shown as text, formula cells escaped in the
// downloaded CSV, a file-level error shown clearly, and no request of any
// kind once the page has loaded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSuite, openPage, foreignRequests, cspViolations, axe, ROOT, AS_OF } from './helpers.mjs';
import { startServer } from '../../scripts/serve.mjs';

const CLI = join(ROOT, 'target', 'debug', 'policycalc');
const env = browserSuite();

/** The same fixtures the Rust tests use. */
const fixture = (name) => readFileSync(join(ROOT, 'tests', 'batch', name));

async function openBatch(lang = 'en', region = 'bayannur') {
  const opened = await openPage(env, null);
  await opened.page.goto(env.url(`batch.html?lang=${lang}&region=${region}&as-of=${AS_OF}`));
  await opened.page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  // Everything the page needs is loaded: from here on, nothing may be requested.
  opened.loaded = opened.log.requests.length;
  return opened;
}

/** Drops a file on the drop zone, as a person dragging it from a folder would. */
async function drop(page, name, bytes, type = 'text/csv') {
  const data = await page.evaluateHandle(({ name, b64, type }) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bin], name, { type }));
    return dt;
  }, { name, b64: Buffer.from(bytes).toString('base64'), type });
  await page.dispatchEvent('#bt-drop', 'drop', { dataTransfer: data });
}

async function compute(page) {
  await page.click('#bt-start');
  await page.waitForSelector('body[data-state="done"], body[data-state="failed"]', { timeout: 30000 });
}

const cells = (page, selector) => page.$$eval(`${selector} tr`, (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync(await dl.path());
}

/** After load, nothing is fetched, except the Excel module when Excel was used (`excel`). */
function assertNoRequestsAfterLoad(opened, { excel = false } = {}) {
  const late = opened.log.requests.slice(opened.loaded).filter((r) => !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  const expected = excel ? [env.url('pkg/policycalc_batch_xlsx.js'), env.url('pkg/policycalc_batch_xlsx_bg.wasm')] : [];
  assert.deepEqual(late.map((r) => r.url), expected, excel ? 'the Excel module, once, and nothing else' : 'no request after load (a CSV user never fetches the Excel module)');
  assert.deepEqual(foreignRequests(opened.log, env.url('')), [], 'no request to another origin');
}

/**
 * One test of the batch page: opened in `lang` (and `region`), `body(page,
 * opened)`, then nothing fetched after load (the Excel module once where
 * `excel`) and nothing from another origin; closed whatever happens.
 */
function batchTest(name, { lang = 'en', region, excel = false }, body) {
  test(name, async () => {
    const opened = await openBatch(lang, region);
    try {
      await body(opened.page, opened);
      assertNoRequestsAfterLoad(opened, { excel });
    } finally {
      await opened.close();
    }
  });
}

batchTest('a GB18030 file (Chinese header and values) is decoded and computed; totals per provision and period', { lang: 'zh-Hans' }, async (page) => {
  await drop(page, 'gb18030.csv', fixture('gb18030_zh.csv'));
  // CSV out with the per-provision columns, to compare with the CLI.
  await page.selectOption('#bt-format', 'csv');
  await page.check('#bt-detailed');
  await compute(page);
  assert.equal(await page.textContent('#bt-error'), '');
  assert.match(await page.textContent('#bt-status'), /gb18030/);
  assert.match(await page.textContent('#bt-counts'), /共 4 行：4 行已计算，0 行被拒绝/);
  const summary = await cells(page, '#bt-summary');
  const row = (id) => summary.find((r) => r[0] === id);
  // 王芳 is eligible for both startup subsidies, 甲公司 for the 100% rate;
  // the Bayannur plan is only announced, so no row counts and there is
  // no total (audit X2). Columns: eligible, ineligible, undetermined,
  // conditional, not applicable, counted, min, max.
  assert.deepEqual(row('bayannur.startup-hiring-subsidy').slice(3), ['1', '1', '0', '0', '2', '0', '0.00', '0.00']);
  assert.deepEqual(row('bayannur.internship-subsidy-retention').slice(3), ['1', '1', '0', '0', '2', '0', '0.00', '0.00']);
  assert.deepEqual(summary.filter((r) => r[0] === 'TOTAL'), []);
  // The readable preview: the name, the row number and the four answers.
  const short = await cells(page, '#bt-preview-short');
  assert.deepEqual(short[0], ['姓名', '行号', '错误', '可以获得', '还缺少的信息', '需要核实']);
  assert.match(short[1][5], /^一次性创业带动就业补贴：¥20,000\.00 一次性——已宣布，尚未印发（不计入）/);
  // Per row, every column (behind "All columns").
  const preview = await cells(page, '#bt-preview');
  assert.equal(preview[1][0], '王芳');
  const header = preview[0];
  const at = (name) => header.indexOf(name);
  assert.equal(preview[1][at('一次性创业带动就业补贴｜状态')], '符合');
  assert.equal(preview[1][at('一次性创业带动就业补贴｜金额（一次性，元）')], '20000.00');
  assert.equal(preview[2][at('一次性创业带动就业补贴｜状态')], '不符合');
  // The download is byte for byte what the CLI writes for the same file.
  const csv = await download(page, '#bt-download');
  const dir = mkdtempSync(join(tmpdir(), 'pc-batch-'));
  try {
    writeFileSync(join(dir, 'in.csv'), fixture('gb18030_zh.csv'));
    execFileSync(CLI, ['batch', join(dir, 'in.csv'), '--region', 'bayannur', '--as-of', AS_OF, '--lang', 'zh-Hans', '--detailed', '-o', join(dir, 'out.csv'), '--quiet'], { stdio: 'pipe' });
    assert.deepEqual(csv, readFileSync(join(dir, 'out.csv')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(await cspViolations(page), []);
});

batchTest('a UTF-8 file: markup in a cell is shown as text and formula cells are escaped in the download', { lang: 'en' }, async (page) => {
  await page.evaluate(() => { window.__alerted = false; window.alert = () => { window.__alerted = true; }; });
  await drop(page, 'formula.csv', fixture('formula_injection.csv'));
  await page.selectOption('#bt-format', 'csv');
  await compute(page);
  assert.match(await page.textContent('#bt-counts'), /6 rows: 5 computed, 1 rejected/);
  // The rejected row is named with its line, column and value.
  const errors = await page.$$eval('#bt-errors li', (li) => li.map((l) => l.textContent));
  assert.deepEqual(errors, ['row 7, column “insured_employees”, value “=1+2”: not a number (write digits and a decimal point, such as 1200.50; 1,200.00 and 1200元 are read too)']);
  // The markup cell is text: no <img> element anywhere, the text on screen, no alert.
  assert.equal(await page.locator('#bt-preview img').count(), 0);
  assert.equal(await page.locator('img').count(), 0);
  const shown = await page.$$eval('#bt-preview td', (tds) => tds.map((td) => td.textContent));
  assert.ok(shown.includes('<img src=x onerror=alert(1)>'), 'the cell shows its text');
  assert.equal(await page.evaluate(() => window.__alerted), false);
  // Five startups at 20,000 each, per row; the Bayannur plan is only
  // announced, so none is counted and there is no total (audit X2).
  const summary = await cells(page, '#bt-summary');
  assert.deepEqual(summary.find((r) => r[0] === 'bayannur.startup-hiring-subsidy').slice(3), ['5', '0', '0', '0', '0', '0', '0.00', '0.00']);
  assert.equal(summary.find((r) => r[0] === 'TOTAL'), undefined);
  const csv = (await download(page, '#bt-download')).toString('utf8');
  assert.ok(csv.startsWith('\ufeff'), 'UTF-8 with BOM');
  for (const escaped of ['"\'=HYPERLINK(""http://x"",""click"")"', "\r\n'+cmd,", "\r\n'@SUM(A1),", "\r\n'-2+3,", "\r\n'\tTAB,startup,'=1+2,"]) {
    assert.ok(csv.includes(escaped), `download holds ${JSON.stringify(escaped)}`);
  }
  await axe(page, 'batch page with results');
  const summaryCsv = (await download(page, '#bt-download-summary')).toString('utf8');
  assert.ok(summaryCsv.includes('bayannur.startup-hiring-subsidy,One-time startup job-creation subsidy,once,5,0,0,0,0,0,0.00,0.00'), summaryCsv);
  assert.deepEqual(await cspViolations(page), []);
});

batchTest('a UTF-8 file with bad cells: each rejected row is listed, the good rows are computed', { lang: 'en' }, async (page) => {
  await page.setInputFiles('#bt-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: fixture('bad_types.csv') });
  await compute(page);
  assert.match(await page.textContent('#bt-counts'), /7 rows: 1 computed, 6 rejected/);
  const errors = await page.$$eval('#bt-errors li', (li) => li.map((l) => l.textContent));
  assert.ok(errors.includes('row 4, column “role”, value “boss”: expected one of graduate, worker, startup, employer, organisation'), errors.join('\n'));
  assert.ok(errors.includes('row 8: 6 fields where the header has 5: a comma inside a value splits it; put such values in quotes'), errors.join('\n'));
});

batchTest('a file-level problem (duplicated column) is one clear message and no download', { lang: 'en' }, async (page) => {
  await drop(page, 'dup.csv', fixture('duplicate_columns.csv'));
  await compute(page);
  assert.equal(await page.textContent('#bt-error'), 'columns 2 “interns” and 3 “就业见习人数” both give “interns”; keep one');
  assert.equal(await page.isHidden('#bt-results'), true);
  await drop(page, 'empty.csv', fixture('empty.csv'));
  await compute(page);
  assert.match(await page.textContent('#bt-error'), /the file is empty/);
});

/** One entry of a zip (an .xlsx), read with Python's zipfile. */
function zipEntry(bytes, name) {
  const dir = mkdtempSync(join(tmpdir(), 'pc-xlsx-'));
  try {
    writeFileSync(join(dir, 'f.xlsx'), bytes);
    return execFileSync('python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', join(dir, 'f.xlsx'), name], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

batchTest('the templates (Excel with drop-downs, CSV and its values list) download for the chosen role and compute as they are', { lang: 'en', region: 'qingdao-chengyang', excel: true }, async (page) => {
  await page.selectOption('#bt-role', 'employer');
  const csv = (await download(page, '#bt-template-csv')).toString('utf8');
  assert.ok(csv.startsWith('\ufeffregion,as_of,role,'), csv.slice(0, 40));
  assert.ok(!csv.includes('years_operating'), 'only the employer\'s columns');
  const values = (await download(page, '#bt-template-values')).toString('utf8');
  assert.ok(values.startsWith('\ufeffcolumn,what it means,unit / format,allowed values,example'), values.slice(0, 80));
  const xlsx = await download(page, '#bt-template-xlsx');
  assert.match(zipEntry(xlsx, 'xl/worksheets/sheet1.xml'), /<dataValidation type="list"/);
  for (const [name, bytes] of [['t.csv', Buffer.from(csv, 'utf8')], ['t.xlsx', xlsx]]) {
    await drop(page, name, bytes);
    await compute(page);
    assert.match(await page.textContent('#bt-counts'), /1 rows: 1 computed, 0 rejected/, name);
  }
});

batchTest('an .xlsx upload gives an .xlsx download whose amounts are numbers; the preview stays readable on a phone', { lang: 'en', excel: true }, async (page) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await drop(page, 'cases.xlsx', readFileSync(join(ROOT, 'tests', 'batch', 'xlsx', 'utf8.xlsx')), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await page.check('#bt-detailed');
  await compute(page);
  assert.equal(await page.textContent('#bt-error'), '');
  assert.match(await page.textContent('#bt-counts'), /4 rows: 4 computed, 0 rejected/);
  assert.match(await page.textContent('#bt-status'), /Sheet: Excel · /);
  const short = await cells(page, '#bt-preview-short');
  assert.equal(short[0].length, 6, 'a few readable columns');
  const out = await download(page, '#bt-download');
  const sheet = zipEntry(out, 'xl/worksheets/sheet1.xml');
  // Wang Fang's 20,000 once: a number cell (no t="s"), in a ¥ format.
  assert.match(sheet, /<c r="[A-Z]+2" s="\d+"><v>20000<\/v><\/c>/);
  assert.match(zipEntry(out, 'xl/styles.xml'), /¥#,##0\.00/);
  assert.match(zipEntry(out, 'xl/workbook.xml'), /name="summary"/);
});

batchTest('a CSV longer than one read (256 KiB) is read to its end', { lang: 'en' }, async (page) => {
  // 150,000 rows, about 5.3 MB: the worker reads it in 21 pieces (the
  // first piece alone was once all it read).
  const rows = 150000;
  const csv = 'name,role,insured_employees,insured_months,years_operating,headcount_not_decreased\n' + 'Wang Fang Startup Co,startup,3,12,3,true\n'.repeat(rows);
  assert.ok(csv.length > 5 << 20);
  await drop(page, 'long.csv', Buffer.from(csv, 'utf8'));
  await page.selectOption('#bt-format', 'csv');
  await compute(page);
  assert.equal(await page.textContent('#bt-error'), '');
  assert.match(await page.textContent('#bt-counts'), /^150,?000 rows: 150,?000 computed, 0 rejected/);
});

batchTest('a file over the browser limit gets a clear message (the CLI streams any size)', { lang: 'en' }, async (page) => {
  // A 300 MiB file made in the page (never read: its size is checked first).
  await page.evaluate(() => {
    const file = new File([new Uint8Array(300 << 20)], 'huge.csv', { type: 'text/csv' });
    const dt = new DataTransfer();
    dt.items.add(file);
    document.getElementById('bt-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await compute(page);
  assert.equal(await page.textContent('#bt-error'), 'the file is 300 MiB; up to 256 MiB can be processed here (use the command line “policycalc batch” for larger files)');
  assert.equal(await page.isHidden('#bt-results'), true);
});

batchTest('cancel stops a large batch without producing results', { lang: 'en' }, async (page) => {
  const rows = ['role,insured_employees,insured_months'];
  for (let i = 0; i < 400000; i++) rows.push(`startup,${i % 7},${i % 30}`);
  await page.setInputFiles('#bt-file', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.click('#bt-start');
  await page.waitForSelector('#bt-progress:not([hidden])');
  await page.click('#bt-cancel');
  await page.waitForSelector('body[data-state="cancelled"], body[data-state="done"]', { timeout: 60000 });
  const state = await page.getAttribute('body', 'data-state');
  // On a fast machine the batch may finish before the click lands; either way no stale results show.
  if (state === 'cancelled') assert.equal(await page.isHidden('#bt-results'), true);
});

/**
 * A file of a dozen 256 KiB reads: every region, bad cells, broken records and
 * more row errors than the 1,000 kept in detail (tests/batch/every_row_error.csv
 * with good rows of each region between its bad ones).
 */
function mixedFile() {
  const [header, ...bad] = fixture('every_row_error.csv').toString('utf8').trimEnd().split('\n');
  const good = [
    'bayannur,2025-03-01,startup,3,12,3,true,,,,good',
    'qingdao-chengyang,2025-03-01,employer,,,,,1200.50,2024-06-30,small,good',
    'huaian,2025-03-01,startup,5,24,2,true,,,,good',
    'liaoning,2025-03-01,startup,2,6,1,false,,,,good',
    'dandong,2025-03-01,employer,,,,,800,2023-07-01,micro,good',
  ];
  const lines = [header];
  for (let i = 0; lines.join('\n').length < 3.2 * (1 << 20); i++) lines.push(...good, bad[i % bad.length], ...good);
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** The batch page with `?pool=N`, the file computed, and what it offers. */
async function pooledRun(pool, bytes, format) {
  const opened = await openPage(env, null);
  const { page } = opened;
  try {
    await page.goto(env.url(`batch.html?lang=en&as-of=${AS_OF}&pool=${pool}`));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    await drop(page, 'mixed.csv', bytes);
    await page.selectOption('#bt-format', format);
    await page.check('#bt-detailed');
    await compute(page);
    assert.equal(await page.textContent('#bt-error'), '', `pool ${pool}`);
    assert.equal(await page.getAttribute('body', 'data-pool'), String(pool), `a pool of ${pool} ran it`);
    return {
      output: await download(page, '#bt-download'),
      summary: await download(page, '#bt-download-summary'),
      counts: await page.textContent('#bt-counts'),
      errors: await page.$$eval('#bt-errors li', (li) => li.map((l) => l.textContent)),
      preview: await cells(page, '#bt-preview'),
    };
  } finally {
    await opened.close();
  }
}

test('a pool of workers gives the one worker\'s bytes and the CLI\'s, CSV and Excel out (row errors past the kept limit, bad cells, every region)', async () => {
  const bytes = mixedFile();
  const dir = mkdtempSync(join(tmpdir(), 'pc-pool-'));
  try {
    writeFileSync(join(dir, 'in.csv'), bytes);
    for (const format of ['csv', 'xlsx']) {
      const out = join(dir, `out.${format}`);
      // Exit 2: rows were rejected; the output is written all the same.
      const cli = spawnSync(CLI, ['batch', join(dir, 'in.csv'), '--as-of', AS_OF, '--lang', 'en', '--detailed', '-o', out, '--summary', join(dir, 'summary.csv')]);
      assert.equal(cli.status, 2, String(cli.stderr));
      const one = await pooledRun(1, bytes, format);
      const three = await pooledRun(3, bytes, format);
      assert.match(one.counts, /rejected/);
      assert.ok(one.errors.some((e) => /more rejected rows/.test(e)), 'more errors than are listed');
      for (const key of ['counts', 'errors', 'preview']) assert.deepEqual(three[key], one[key], `${format}: ${key}`);
      assert.ok(three.output.equals(one.output), `${format}: the pool's output is the one worker's, byte for byte`);
      assert.ok(three.summary.equals(one.summary), `${format}: the summary`);
      assert.ok(one.output.equals(readFileSync(out)), `${format}: the page's output is the CLI's`);
      assert.ok(one.summary.equals(readFileSync(join(dir, 'summary.csv'))), `${format}: the summary is the CLI's`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the results are written as they come to a file the user picks, where the browser can', async () => {
  const opened = await openPage(env, null);
  const { page } = opened;
  try {
    // The picker stands in for the user's choice: a file in the page's private storage.
    await page.addInitScript(() => {
      window.showSaveFilePicker = async () => (await navigator.storage.getDirectory()).getFileHandle('picked.csv', { create: true });
    });
    await page.goto(env.url(`batch.html?lang=en&region=bayannur&as-of=${AS_OF}&pool=2`));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    assert.equal(await page.isVisible('#bt-stream'), true, 'offered where the browser can save to a picked file');
    await drop(page, 'utf8.csv', fixture('utf8.csv'));
    await page.selectOption('#bt-format', 'csv');
    await page.check('#bt-stream');
    await compute(page);
    assert.equal(await page.textContent('#bt-error'), '');
    assert.equal(await page.textContent('#bt-saved'), 'Results saved to picked.csv.');
    assert.equal(await page.isHidden('#bt-download'), true, 'no Blob download: the file holds the results');
    const saved = await page.evaluate(async () => {
      const file = await (await (await navigator.storage.getDirectory()).getFileHandle('picked.csv')).getFile();
      return [...new Uint8Array(await file.arrayBuffer())];
    });
    const expected = execFileSync(CLI, ['batch', '--region', 'bayannur', '--as-of', AS_OF, '--lang', 'en', '-'], { input: fixture('utf8.csv') });
    assert.ok(Buffer.from(saved).equals(expected), 'the picked file holds the CLI\'s output');
  } finally {
    await opened.close();
  }
});

/**
 * The app as built, but with `batch-pool.js` replaced by `poolScript`: the
 * first run (a pool of 2, `query` added to the URL) fails with `error` (a
 * RegExp to match or the exact text), and the next run goes without the pool
 * and computes.
 */
async function brokenPoolTest(poolScript, query, error) {
  const root = mkdtempSync(join(tmpdir(), 'pc-dist-'));
  cpSync(join(ROOT, 'dist'), root, { recursive: true });
  writeFileSync(join(root, 'batch-pool.js'), poolScript);
  const server = await startServer({ port: 0, root });
  const opened = await openPage(env, null);
  const { page } = opened;
  try {
    await page.goto(new URL(`batch.html?lang=en&region=bayannur&as-of=${AS_OF}&pool=2${query}`, server.url).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    await drop(page, 'utf8.csv', fixture('utf8.csv'));
    await compute(page);
    assert.equal(await page.getAttribute('body', 'data-state'), 'failed');
    const shown = await page.textContent('#bt-error');
    if (error instanceof RegExp) assert.match(shown, error);
    else assert.equal(shown, error);
    assert.equal(await page.isHidden('#bt-results'), true);
    // The next run goes without the pool, and computes.
    await page.click('#bt-start');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
    assert.equal(await page.textContent('#bt-error'), '');
    assert.equal(await page.getAttribute('body', 'data-pool'), '1');
    assert.match(await page.textContent('#bt-counts'), /4 rows: 4 computed/);
  } finally {
    await opened.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

test('a pool worker that fails mid-batch gives a clear message, not a hang', () => brokenPoolTest(
  // a pool worker that starts, then dies on its first block
  "onmessage = ({ data }) => { if (data.type === 'init') postMessage({ type: 'ready' }); if (data.type === 'block') throw new Error('out of memory'); };\n",
  '',
  /^A calculation worker failed, so the batch stopped and produced no results: .*out of memory/,
));

test('a pool worker that hangs without throwing is stopped by the watchdog, with a clear message; the next run uses one worker', () => brokenPoolTest(
  // a pool worker that starts, then never answers a block; `?watchdog=MS`
  // (batch.js) shortens the bound, which is tens of seconds
  "onmessage = ({ data }) => { if (data.type === 'init') postMessage({ type: 'ready' }); };\n",
  '&watchdog=1500',
  'A calculation worker gave no answer for 2 s, so it was stopped and the batch produced no results. The next run uses one worker.',
));
