// The real batch page (www/batch.html, as tests/e2e/batch.test.mjs drives it)
// in Debian's Chromium on 100k rows: a file chosen in the file input, then
// the time from "Start" to the finished download (the page done and the
// downloaded file saved). .xlsx -> .xlsx, .xlsx -> CSV, CSV -> .xlsx and
// CSV -> CSV; best of 3 each, every region from the file's column. Timings
// go to BENCHMARKS.md only. Used by bench/xlsx.sh.
//
//   node bench/wasm/xlsx-page.mjs ROWS.xlsx ROWS.csv
import { chromium } from 'playwright-core';
import { statSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';
// The e2e suite's Chromium flags (its helpers define no test when imported).
import { CHROMIUM_ARGS } from '../../tests/e2e/helpers.mjs';

const [xlsxPath, csvPath] = process.argv.slice(2);
const server = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

async function once(input, format) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await page.goto(new URL('batch.html?lang=en&as-of=2025-03-01', server.url).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    await page.setInputFiles('#bt-file', input === 'xlsx' ? xlsxPath : csvPath);
    await page.selectOption('#bt-format', format);
    const t = performance.now();
    await page.click('#bt-start');
    await page.waitForSelector('body[data-state="done"], body[data-state="failed"]', { timeout: 600000 });
    const failed = await page.textContent('#bt-error');
    if (failed) throw new Error(failed);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#bt-download')]);
    const saved = await download.path();
    const seconds = (performance.now() - t) / 1000;
    return [seconds, statSync(saved).size, await page.textContent('#bt-counts')];
  } finally {
    await context.close();
  }
}

try {
  for (const [input, out] of [['csv', 'csv'], ['xlsx', 'csv'], ['csv', 'xlsx'], ['xlsx', 'xlsx']]) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await once(input, out));
    const best = Math.min(...runs.map((r) => r[0]));
    console.log(`page 100k ${input} -> ${out}`.padEnd(34), `${(best * 1000).toFixed(0).padStart(7)} ms  (${runs[0][2].trim()}; download ${runs[0][1]} bytes)`);
  }
} finally {
  await browser.close();
  await server.close();
}
