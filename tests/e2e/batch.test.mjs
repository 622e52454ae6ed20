// The batch page (www/batch.html) end to end in Debian's Chromium: a
// GB18030 file and a UTF-8 file dropped on the page, per-row results and
// totals checked against figures worked out by hand (and the native CLI on
// the same bytes), an HTML cell shown as text, formula cells escaped in the
// downloaded CSV, a file-level error shown clearly, and no request of any
// kind once the page has loaded.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, openPage, foreignRequests, cspViolations, axe, ROOT, AS_OF } from './helpers.mjs';

const CLI = join(ROOT, 'target', 'debug', 'policycalc');
let env;

before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

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

function assertNoRequestsAfterLoad(opened) {
  const late = opened.log.requests.slice(opened.loaded).filter((r) => !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  assert.deepEqual(late.map((r) => r.url), [], 'no request after load');
  assert.deepEqual(foreignRequests(opened.log, env.url('')), [], 'no request to another origin');
}

test('a GB18030 file (Chinese header and values) is decoded and computed; totals per provision and period', async () => {
  const opened = await openBatch('zh-Hans');
  const { page } = opened;
  try {
    await drop(page, 'gb18030.csv', fixture('gb18030_zh.csv'));
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
    // Per row: the first rows as computed.
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
      execFileSync(CLI, ['batch', join(dir, 'in.csv'), '--region', 'bayannur', '--as-of', AS_OF, '--lang', 'zh-Hans', '-o', join(dir, 'out.csv'), '--quiet'], { stdio: 'pipe' });
      assert.deepEqual(csv, readFileSync(join(dir, 'out.csv')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(await cspViolations(page), []);
    assertNoRequestsAfterLoad(opened);
  } finally {
    await opened.close();
  }
});

test('a UTF-8 file: markup in a cell is shown as text and formula cells are escaped in the download', async () => {
  const opened = await openBatch('en');
  const { page } = opened;
  try {
    await page.evaluate(() => { window.__alerted = false; window.alert = () => { window.__alerted = true; }; });
    await drop(page, 'formula.csv', fixture('formula_injection.csv'));
    await compute(page);
    assert.match(await page.textContent('#bt-counts'), /6 rows: 5 computed, 1 rejected/);
    // The rejected row is named with its line, column and value.
    const errors = await page.$$eval('#bt-errors li', (li) => li.map((l) => l.textContent));
    assert.deepEqual(errors, ['line 7, column 3 `insured_employees`, value `=1+2`: not a number (digits, optional decimal point, no thousands separators)']);
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
    assertNoRequestsAfterLoad(opened);
  } finally {
    await opened.close();
  }
});

test('a UTF-8 file with bad cells: each rejected row is listed, the good rows are computed', async () => {
  const opened = await openBatch('en');
  const { page } = opened;
  try {
    await page.setInputFiles('#bt-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: fixture('bad_types.csv') });
    await compute(page);
    assert.match(await page.textContent('#bt-counts'), /7 rows: 1 computed, 6 rejected/);
    const errors = await page.$$eval('#bt-errors li', (li) => li.map((l) => l.textContent));
    assert.ok(errors.includes('line 4, column 1 `role`, value `boss`: expected one of graduate, worker, startup, employer, organisation'), errors.join('\n'));
    assert.ok(errors.includes('line 8: 6 fields, the header has 5'));
    assertNoRequestsAfterLoad(opened);
  } finally {
    await opened.close();
  }
});

test('a file-level problem (duplicated column) is one clear message and no download', async () => {
  const opened = await openBatch('en');
  const { page } = opened;
  try {
    await drop(page, 'dup.csv', fixture('duplicate_columns.csv'));
    await compute(page);
    assert.equal(await page.textContent('#bt-error'), 'columns 2 `interns` and 3 `就业见习人数` both give `interns`; keep one');
    assert.equal(await page.isHidden('#bt-results'), true);
    await drop(page, 'empty.csv', fixture('empty.csv'));
    await compute(page);
    assert.match(await page.textContent('#bt-error'), /the file is empty/);
    assertNoRequestsAfterLoad(opened);
  } finally {
    await opened.close();
  }
});

test('the templates download in both header languages and compute as they are', async () => {
  const opened = await openBatch('en');
  const { page } = opened;
  try {
    const zh = (await download(page, '#bt-template-zh')).toString('utf8');
    const en = (await download(page, '#bt-template-en')).toString('utf8');
    assert.ok(zh.startsWith('\ufeff地区,查询日期,申请人类型,'), zh.slice(0, 40));
    assert.ok(en.startsWith('\ufeffregion,as_of,role,'), en.slice(0, 40));
    for (const [name, text] of [['zh.csv', zh], ['en.csv', en]]) {
      await drop(page, name, Buffer.from(text, 'utf8'));
      await compute(page);
      assert.match(await page.textContent('#bt-counts'), /1 rows: 1 computed, 0 rejected/, name);
    }
    assertNoRequestsAfterLoad(opened);
  } finally {
    await opened.close();
  }
});

test('a file over the browser limit gets a clear message (the CLI streams any size)', async () => {
  const opened = await openBatch('en');
  const { page } = opened;
  try {
    // A 300 MiB file made in the page (never read: its size is checked first).
    await page.evaluate(() => {
      const file = new File([new Uint8Array(300 << 20)], 'huge.csv', { type: 'text/csv' });
      const dt = new DataTransfer();
      dt.items.add(file);
      document.getElementById('bt-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await compute(page);
    assert.equal(await page.textContent('#bt-error'), 'the file is 300 MiB; up to 256 MiB can be processed here (use the command line `policycalc batch` for larger files)');
    assert.equal(await page.isHidden('#bt-results'), true);
    assertNoRequestsAfterLoad(opened);
  } finally {
    await opened.close();
  }
});

test('cancel stops a large batch without producing results', async () => {
  const opened = await openBatch('en');
  const { page } = opened;
  try {
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
    assertNoRequestsAfterLoad(opened);
  } finally {
    await opened.close();
  }
});
