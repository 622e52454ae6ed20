// Our wasm build in headless Chromium (bench/run.sh), two ways:
//  - bench/wasm/page.html: the benchmark catalog, the same loop as node.mjs
//    (decode, parse, evaluate, output Blob), on the page's main thread;
//  - www/batch.html, the real page: the full catalog, its worker, file read,
//    progress messages and result tables, timed from the click on "Compute"
//    to the results on screen.
// Debian's Chromium through playwright-core; never a downloaded browser.
//
//   node bench/wasm/chromium.mjs IN.csv CATALOG.bin LABEL EXPECTED_SHA256 [--page]

import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const require = createRequire(join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
const [input, catalog, label, expected] = process.argv.slice(2);
const withPage = process.argv.includes('--page');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const file = join(ROOT, path);
  if (!file.startsWith(ROOT)) { res.writeHead(403).end(); return; }
  try {
    const st = statSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': st.size });
    createReadStream(file).pipe(res);
  } catch { res.writeHead(404).end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const rel = (p) => '/' + resolve(p).slice(ROOT.length + 1);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const rows = Number(process.env.ROWS);
  const runs = rows <= 10000 ? 30 : rows <= 200000 ? 5 : 1;
  const page = await browser.newPage();
  await page.goto(`${base}/bench/wasm/page.html`);
  await page.waitForFunction(() => document.getElementById('state').textContent === 'ready');
  const r = await page.evaluate(([d, c, n]) => window.runBench(d, c, n), [rel(input), rel(catalog), runs]);
  console.log(JSON.stringify({ engine: 'ours-wasm-chromium', mode: 'csv-to-csv', label, rows, seconds: r.seconds, runs, agrees_with_node: r.sha256 === expected, first_run: r.order[0] }));
  await page.close();

  if (withPage) {
    const real = await browser.newPage();
    await real.goto(`${base}/www/batch.html?lang=en&as-of=2025-03-01`);
    await real.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    await real.setInputFiles('#bt-file', resolve(input));
    const seconds = await real.evaluate(() => new Promise((done) => {
      const t = performance.now();
      const watch = new MutationObserver(() => {
        const state = document.body.dataset.state;
        if (state === 'done' || state === 'failed') {
          watch.disconnect();
          requestAnimationFrame(() => done(state === 'done' ? (performance.now() - t) / 1000 : -1));
        }
      });
      watch.observe(document.body, { attributes: true });
      document.getElementById('bt-start').click();
    }));
    const counts = await real.textContent('#bt-counts');
    const worker = Number(await real.getAttribute('body', 'data-seconds'));
    console.log(JSON.stringify({ engine: 'ours-wasm-chromium', mode: 'batch-page-full-catalog', label, rows, seconds, runs: 1, worker_seconds: worker, counts }));
  }
} finally {
  await browser.close();
  server.close();
}
